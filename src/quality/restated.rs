//! Restated figures (SPEC section 10): a value for an earlier period that
//! differs, at reporting precision, from the value the previous report used
//! (DQ032, a reliability warning a Data Note explains); and a value the
//! previous report did not have, a late return (marked, not a finding).

use crate::assess::round::at_precision;
use crate::model::previous::{Mark, PreviousReport, ValueUsed};
use crate::model::{Finding, Rule, Source};
use crate::period::{Period, YearStart};
use crate::register::{normalise_code, Register};
use std::collections::{BTreeMap, HashMap};

/// `Adults.xlsx, sheet 'Return', cell D7`.
fn place(file: &str, sheet: &str, cell: &str) -> String {
    format!("{file}, sheet '{sheet}', cell {cell}")
}

/// A value at its indicator's reporting precision, for a message.
fn shown(x: f64, decimals: Option<u32>) -> String {
    let x = at_precision(x, decimals);
    match decimals {
        Some(d) => format!("{x:.*}", d as usize),
        None => format!("{x}"),
    }
}

/// Compares the values used now with those the previous report used: a
/// DQ032 finding at the cell of each value restated, and a mark on each value
/// restated or late (by where it was read, for the History sheet).
///
/// Only periods up to the previous report's are compared; a value is late
/// when the previous report had none for its indicator and period but had an
/// earlier one for that indicator (so history the previous run was never
/// given is not called late).
pub fn check_restated(
    used: &[ValueUsed],
    prev: &PreviousReport,
    register: &Register,
    ys: YearStart,
) -> (Vec<Finding>, BTreeMap<Source, Mark>) {
    let (mut findings, mut marks) = (Vec::new(), BTreeMap::new());
    let Some(prev_month) = Period::parse_id(&prev.period, ys).map(|p| p.end_month(ys)) else {
        return (findings, marks);
    };
    let month_of = |id: &str| Period::parse_id(id, ys).map(|p| p.end_month(ys));
    let mut then: HashMap<(String, String), &ValueUsed> = HashMap::new();
    // The earliest month the previous report had a value for, per indicator.
    let mut earliest: HashMap<String, Period> = HashMap::new();
    for p in &prev.values_used {
        let code = normalise_code(&p.code);
        if let Some(m) = month_of(&p.period) {
            let e = earliest.entry(code.clone()).or_insert(m);
            *e = (*e).min(m);
        }
        then.insert((code, p.period.clone()), p);
    }
    for v in used {
        let Some(month) = month_of(&v.period) else {
            continue;
        };
        if month > prev_month {
            continue;
        }
        let code = normalise_code(&v.code);
        let Some(source) = v.source.clone() else {
            continue;
        };
        match then.get(&(code.clone(), v.period.clone())) {
            Some(p) => {
                let decimals = register.get(&v.code).and_then(|i| i.decimals);
                if at_precision(v.value, decimals) == at_precision(p.value, decimals) {
                    continue;
                }
                marks.insert(source, Mark::Restated);
                let message = format!(
                    "{} for {} is now {} ({}), but the previous report ({}) used {} ({}): the figure has been restated.",
                    v.code,
                    v.period,
                    shown(v.value, decimals),
                    place(&v.file, &v.sheet, &v.cell),
                    prev.file,
                    shown(p.value, decimals),
                    place(&p.file, &p.sheet, &p.cell),
                );
                let mut f = Finding::new(Rule::DQ032, &v.file, message);
                f.sheet = v.sheet.clone();
                f.cell = Some(v.cell.clone());
                f.directorate = v.directorate.clone();
                f.indicator = Some(v.code.clone());
                f.period = Some(v.period.clone());
                f.value = Some(v.value_seen.clone());
                f.note = v.data_note.clone();
                findings.push(f);
            }
            None => {
                if earliest.get(&code).is_some_and(|e| *e <= month) {
                    marks.insert(source, Mark::Late);
                }
            }
        }
    }
    (findings, marks)
}
