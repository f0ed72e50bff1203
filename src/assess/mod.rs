//! Assessment: targets for the period, RAG, direction of travel, forecast and exceptions.
//!
//! Pure functions of observations and the register: no I/O. Every comparison
//! is made at the indicator's reporting precision (see [`crate::number::round`]), and every
//! number returned is unrounded (the workbook rounds for display).

use crate::model::{Coverage, IndicatorResult, Observation, Register};
use crate::period::{Calendar, Period};
use crate::quality::reliability::Resolved;
use crate::text::directorate_key;
use std::collections::{BTreeSet, HashMap};

pub mod action;
pub mod changes;
pub mod direction;
pub mod exception;
pub mod forecast;
pub mod indicator;
pub mod rag;
pub mod spc;
pub mod target;

pub use direction::direction;
pub use exception::{exception_reasons, forecast_misses};
pub use forecast::forecast;
pub use indicator::assess_indicator;
pub use rag::{rag, thresholds, Thresholds};
pub use target::{due_in, due_period, target_for_period};

/// Assess every indicator in the register due in `report_month` whose
/// directorate is in `coverage`, in register order, from the values settled
/// by the quality stage (`dq_errors` and `dq_warnings` are left at 0).
pub fn assess_register(
    register: &Register,
    resolved: &Resolved<'_>,
    coverage: &Coverage,
    report_month: Period,
    cal: Calendar,
) -> Vec<IndicatorResult> {
    let mut by_code: HashMap<&str, Vec<&Observation>> = HashMap::new();
    for ((code, _), o) in &resolved.observations {
        by_code.entry(code.as_str()).or_default().push(&**o);
    }
    let covered: BTreeSet<String> = coverage
        .directorates
        .iter()
        .map(|r| directorate_key(&r.directorate))
        .collect();
    let mut indicators = Vec::new();
    for ind in &register.indicators {
        if !covered.contains(&directorate_key(&ind.directorate)) {
            continue;
        }
        let obs = by_code.remove(ind.key.as_str()).unwrap_or_default();
        if let Some(result) = assess_indicator(ind, register, report_month, cal, &obs) {
            indicators.push(result);
        }
    }
    indicators
}
