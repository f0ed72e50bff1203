//! Validity errors that withhold a figure from assessment: the catalogue marks
//! them (`withholds_value`, DQ011 and DQ012); the rules themselves run on single
//! observations in `checks`.

use super::reliability::Resolved;
use crate::model::{Finding, Rule, Severity};
use crate::period::Calendar;
use std::collections::{BTreeMap, HashSet};

/// A figure with a validity error (outside its range, a negative count) is not
/// given a RAG, a direction or a forecast: it is shown as missing, with its
/// finding, until it is fixed, so that a wrong number never reaches Cabinet
/// looking green. A council that downgrades such a rule to a warning in
/// `ipr.toml` (`overrides`) gets the figure assessed as returned.
pub fn withhold_invalid_values(
    resolved: &mut Resolved<'_>,
    findings: &[Finding],
    overrides: &BTreeMap<Rule, Severity>,
    cal: Calendar,
) {
    // (file, sheet, cell, period) of every figure to withhold: one pass over the
    // observations then checks each against this set, rather than one pass per finding.
    let mut cells: HashSet<(&str, &str, &str, &str)> = HashSet::new();
    for f in findings {
        let Some(info) = f.rule_info().filter(|r| r.withholds_value) else {
            continue;
        };
        let severity = overrides.get(&f.rule).copied().unwrap_or(info.severity);
        if severity != Severity::Error {
            continue;
        }
        if let (Some(cell), Some(period)) = (f.cell.as_deref(), f.period.as_deref()) {
            cells.insert((f.file.as_str(), f.sheet.as_str(), cell, period));
        }
    }
    if cells.is_empty() {
        return;
    }
    let sheets: HashSet<(&str, &str)> = cells.iter().map(|(f, s, _, _)| (*f, *s)).collect();
    for (key, o) in resolved.observations.iter_mut() {
        // Most observations are in sheets with no such finding: skip them before
        // making their cell reference and period id.
        if !sheets.contains(&(&*o.source.file, &*o.source.sheet)) {
            continue;
        }
        let (cell, period) = (o.source.cell(), cal.id(key.1));
        if cells.contains(&(
            &*o.source.file,
            &*o.source.sheet,
            cell.as_str(),
            period.as_str(),
        )) {
            o.set_aside();
            resolved.withheld.insert(key.clone());
        }
    }
}
