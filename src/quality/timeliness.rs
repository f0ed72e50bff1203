//! Timeliness: a return for a period after the one being reported (DQ050).
//! A value copied forward (DQ051) looks at history, in `history`.

use crate::model::{Finding, ReturnFile, Rule};
use crate::period::{Calendar, Period};

/// DQ050 for one return: its period ends after `report_month`.
pub fn check_return_period(
    r: &ReturnFile,
    report_month: Period,
    cal: Calendar,
    findings: &mut Vec<Finding>,
) {
    if let Some(m) = r.report_month(cal) {
        if m > report_month {
            let mut f = Finding::new(
                Rule::DQ050,
                &r.path,
                format!(
                    "This return is for {}, which is after the period being reported ({}).",
                    r.period.map(|p| cal.id(p)).unwrap_or_default(),
                    cal.id(report_month)
                ),
            );
            f.directorate = r.directorate.clone();
            f.period = r.period.map(|p| cal.id(p));
            findings.push(f);
        }
    }
}
