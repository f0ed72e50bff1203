//! Restated figures (SPEC section 10): a value for an earlier period that
//! differs, at reporting precision, from the value the previous report used
//! (DQ032, a reliability warning a Data Note explains); and a value the
//! previous report did not have, a late return (marked, not a finding).

use crate::model::previous::{Mark, PreviousReport, Used, ValueUsed};
use crate::model::{Finding, Register, Rule, Source};
use crate::number::round::at_precision;
use crate::period::{Calendar, Period};
use crate::text::normalise_code;
use std::collections::{BTreeMap, HashMap};

/// `Adults.xlsx, sheet 'Return', cell D7`.
fn place(file: &str, sheet: &str, cell: &str) -> String {
    format!("{file}, sheet '{sheet}', cell {cell}")
}

/// A value at its indicator's reporting precision, for a message.
fn shown(x: f64, decimals: Option<u32>) -> String {
    match decimals {
        Some(d) => crate::number::fixed(at_precision(x, decimals), d as usize),
        None => crate::number::shortest(x),
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
pub fn check_restated<'a>(
    used: impl IntoIterator<Item = Used<'a>>,
    prev: &PreviousReport,
    register: &Register,
    cal: Calendar,
) -> (Vec<Finding>, BTreeMap<Source, Mark>) {
    let (mut findings, mut marks) = (Vec::new(), BTreeMap::new());
    let Some(prev_month) = cal.parse_id(&prev.period).map(|p| cal.end_month(p)) else {
        return (findings, marks);
    };
    let month_of = |id: &str| cal.parse_id(id).map(|p| cal.end_month(p));
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
        let o = v.observation;
        let period = cal.id(o.period);
        let Some(month) = month_of(&period) else {
            continue;
        };
        if month > prev_month {
            continue;
        }
        let code = normalise_code(v.code);
        match then.get(&(code.clone(), period.clone())) {
            Some(p) => {
                let decimals = register.get(v.code).and_then(|i| i.decimals);
                if at_precision(v.value, decimals) == at_precision(p.value, decimals) {
                    continue;
                }
                marks.insert(o.source.clone(), Mark::Restated);
                let cell = o.source.cell();
                let (file, sheet) = (&*o.source.file, &*o.source.sheet);
                let message = format!(
                    "{} for {} is now {} ({}), but the previous report ({}) used {} ({}): the figure has been restated.",
                    v.code,
                    period,
                    shown(v.value, decimals),
                    place(file, sheet, &cell),
                    prev.file,
                    shown(p.value, decimals),
                    place(&p.file, &p.sheet, &p.cell),
                );
                let mut f = Finding::new(Rule::DQ032, file, message);
                f.sheet = sheet.to_string();
                f.cell = Some(cell);
                f.directorate = Some(o.directorate.to_string()).filter(|d| !d.is_empty());
                f.indicator = Some(v.code.to_string());
                f.period = Some(period);
                f.value = Some(o.value_seen.clone());
                f.note = o.data_note.clone();
                findings.push(f);
            }
            None => {
                if earliest.get(&code).is_some_and(|e| *e <= month) {
                    marks.insert(o.source.clone(), Mark::Late);
                }
            }
        }
    }
    (findings, marks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::target::tests::indicator;
    use crate::model::Observation;
    use std::sync::Arc;

    const CAL: Calendar = Calendar::new(4);

    fn used(code: &str, period: &str, value: f64, row: u32) -> ValueUsed {
        ValueUsed {
            code: code.into(),
            period: period.into(),
            value,
            file: "Adults.xlsx".into(),
            sheet: "Return".into(),
            cell: format!("C{row}"),
        }
    }

    /// A value read this month, at row `row` (one-based) of column C.
    fn read(code: &str, period: &str, value: f64, row: u32) -> Observation {
        Observation {
            code: normalise_code(code).into(),
            directorate: "Adults".into(),
            period: CAL.parse_id(period).expect("a period"),
            value: Some(value),
            value_seen: value.to_string(),
            numerator: None,
            denominator: None,
            target: None,
            forecast: None,
            commentary: None,
            data_note: None,
            source: Source {
                file: Arc::from("Adults.xlsx"),
                sheet: Arc::from("Return"),
                row: row - 1,
                col: 2,
            },
        }
    }

    /// The values used this month: each observation read, as the report uses it.
    fn used_now(read: &[Observation]) -> Vec<Used<'_>> {
        read.iter()
            .map(|o| Used {
                code: "A-1",
                value: o.value.expect("a value"),
                observation: o,
            })
            .collect()
    }

    fn previous(values: Vec<ValueUsed>) -> PreviousReport {
        PreviousReport {
            period: "2026-08".into(),
            indicators: vec![],
            findings: vec![],
            values_used: values,
            actions: vec![],
            action_updates_used: vec![],
            budgets: vec![],
            file: "IPR-2026-08.json".into(),
        }
    }

    fn register(decimals: Option<u32>) -> Register {
        let mut ind = indicator("A-1");
        ind.decimals = decimals;
        Register {
            indicators: vec![ind],
            ..Default::default()
        }
    }

    #[test]
    fn a_changed_figure_is_restated_with_both_values_and_places() {
        let prev = previous(vec![used("A-1", "2026-07", 98.3, 6)]);
        let now = [read("A-1", "2026-07", 95.0, 7)];
        let (f, marks) = check_restated(used_now(&now), &prev, &register(Some(1)), CAL);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, Rule::DQ032);
        assert_eq!(f[0].cell.as_deref(), Some("C7"));
        assert!(f[0]
            .message
            .contains("95.0 (Adults.xlsx, sheet 'Return', cell C7)"));
        assert!(f[0]
            .message
            .contains("used 98.3 (Adults.xlsx, sheet 'Return', cell C6)"));
        assert_eq!(marks.values().collect::<Vec<_>>(), [&Mark::Restated]);
    }

    #[test]
    fn figures_are_compared_at_reporting_precision() {
        let prev = previous(vec![used("A-1", "2026-07", 98.3, 6)]);
        let now = [read("A-1", "2026-07", 98.34, 6)];
        assert!(
            check_restated(used_now(&now), &prev, &register(Some(1)), CAL)
                .0
                .is_empty()
        );
        assert_eq!(
            check_restated(used_now(&now), &prev, &register(Some(2)), CAL)
                .0
                .len(),
            1
        );
        // Float noise is never a restatement.
        let prev = previous(vec![used("A-1", "2026-07", 0.99, 6)]);
        let now = [read("A-1", "2026-07", 1.1 - 0.11, 6)];
        assert!(check_restated(used_now(&now), &prev, &register(None), CAL)
            .0
            .is_empty());
    }

    #[test]
    fn a_late_figure_is_marked_not_restated_and_new_months_are_neither() {
        let prev = previous(vec![used("A-1", "2026-06", 90.0, 5)]);
        let now = [
            read("A-1", "2026-06", 90.0, 5),
            read("A-1", "2026-07", 91.0, 6),
            read("A-1", "2026-05", 89.0, 4),
            read("A-1", "2026-09", 92.0, 8),
        ];
        let (f, marks) = check_restated(used_now(&now), &prev, &register(None), CAL);
        assert!(f.is_empty());
        let rows: Vec<(u32, Mark)> = marks.iter().map(|(s, m)| (s.row, *m)).collect();
        // July is late; May is before anything the previous report had (not late);
        // September is after it (this month's figure).
        assert_eq!(rows, [(5, Mark::Late)]);
    }
}
