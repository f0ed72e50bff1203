//! The action plan (SPEC section 13): the actions and milestones the council
//! agreed, with their due dates, read from sheet `Actions` of the register
//! workbook or from the file `action_plan` names in `ipr.toml`, and validated
//! as the register is: every bad row listed by sheet and cell, nothing checked.
//!
//! The plan in memory, [`crate::model::Plan`], is a type every stage shares,
//! so it sits in `model` beside the register; this module reads it.
//!
//! (Completed remedial-action forms are another thing: see `crate::remedial`.)

mod cells;
mod error;
mod load;

pub use cells::{date_of_cell, date_problem_words};

pub use error::PlanError;
pub use load::{embedded_plan, load_plan, parse_plan, plan_in_register, PlanOptions, PLAN_SHEET};

#[cfg(test)]
mod load_tests;
