//! Timeliness: a return for a period after the one being reported (DQ050).
//! A value copied forward (DQ051) looks at history, in `history`.

use crate::model::{Finding, ReturnFile, Rule};
use crate::period::{Period, YearStart};

/// DQ050 for one return: its period ends after `report_month`.
pub fn check_return_period(
    r: &ReturnFile,
    report_month: Period,
    ys: YearStart,
    findings: &mut Vec<Finding>,
) {
    if let Some(m) = r.report_month(ys) {
        if m > report_month {
            let mut f = Finding::new(
                Rule::DQ050,
                &r.path,
                format!(
                    "This return is for {}, which is after the period being reported ({}).",
                    r.period.map(|p| p.id(ys)).unwrap_or_default(),
                    report_month.id(ys)
                ),
            );
            f.directorate = r.directorate.clone();
            f.period = r.period.map(|p| p.id(ys));
            findings.push(f);
        }
    }
}
