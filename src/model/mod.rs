//! The model every stage shares: the register's indicators, observations,
//! findings and the rule catalogue, a return as read, assessment results,
//! remedial actions and the consolidation. It holds data and its own small helpers, and imports no
//! stage, so that read <- returns <- quality <- assess <- report can each use it.

pub mod assessment;
pub mod consolidation;
pub mod finding;
pub mod indicator;
pub mod observation;
pub mod previous;
pub mod register;
pub mod remedial;
pub mod return_file;
pub mod rules;
pub mod series;
pub mod spc;

pub use assessment::{Direction, Due, IndicatorResult, Rag, Reason, SpcPoint, TrendPoint};
pub use consolidation::{
    CheckReport, CheckSummary, CheckedCoverage, Consolidation, Coverage, CoverageRow, History,
    InputFile, RunOptions,
};
pub use finding::{Dimension, Finding, FindingCounts, Severity};
pub use indicator::{Indicator, Measure, Polarity, Unit};
pub use observation::{Observation, Source};
pub use previous::{Changes, PreviousReport, ValueUsed};
pub use register::Register;
pub use remedial::RemedialAction;
pub use return_file::ReturnFile;
pub use rules::Rule;
pub use series::IndicatorHistory;
