//! The model every stage shares: the register's indicators, observations,
//! findings and the rule catalogue, a return as read, assessment results,
//! remedial actions, the action plan and its results, the budget and its
//! results, and the consolidation. It holds data and its own small helpers,
//! and imports no stage, so that read <- returns <- quality <- assess <- report can each use it.

pub mod action_plan;
pub mod assessment;
pub mod audience;
pub mod budget;
pub mod budget_previous;
pub mod budget_report;
pub mod budget_result;
pub mod budget_update;
pub mod consolidation;
pub mod finding;
pub mod indicator;
pub mod money;
pub mod observation;
pub mod pack;
pub mod plan;
pub mod plan_previous;
pub mod plan_report;
pub mod plan_result;
pub mod plan_update;
pub mod previous;
pub mod priority;
pub mod register;
pub mod remedial;
pub mod return_file;
pub mod rules;
pub mod series;
pub mod spc;

pub use action_plan::{LastProgress, Plan};
pub use assessment::{Direction, Due, IndicatorResult, Rag, Reason, SpcPoint, TrendPoint};
pub use audience::{Audience, PackAudience};
pub use budget::{Budget, BudgetLine, LineType, Tolerance};
pub use budget_report::BudgetReport;
pub use budget_result::{BudgetRag, BudgetReason, BudgetResult, BudgetSince, FinanceSummary};
pub use budget_update::{BudgetColumns, BudgetUpdate, MoneyField};
pub use consolidation::{
    CheckReport, CheckSummary, CheckedCoverage, Consolidation, Coverage, CoverageRow, History,
    InputFile, ObservationAt, RunOptions,
};
pub use finding::{Dimension, Finding, FindingCounts, Severity};
pub use indicator::{Indicator, Measure, Polarity, Unit};
pub use money::{Money, MoneyProblem};
pub use observation::{Observation, Source};
pub use pack::{PackMembers, Packs, Unpacked};
pub use plan::{OwnerRag, PlanAction, Status};
pub use plan_report::PlanReport;
pub use plan_result::{ActionRag, ActionReason, ActionResult, ActionSince};
pub use plan_update::{ActionUpdate, Field, FieldProblem, StatusWord, UpdateColumns};
pub use previous::{Changes, PreviousReport, Used, ValueUsed};
pub use priority::PriorityGroup;
pub use register::Register;
pub use remedial::RemedialAction;
pub use return_file::ReturnFile;
pub use rules::Rule;
pub use series::IndicatorHistory;
