//! Document properties of every workbook ipr writes.

use crate::period::{Calendar, Period};
use rust_xlsxwriter::DocProperties;

/// The properties of a workbook about `period`: its title, its author (`ipr
/// <version>`) and, as creation time, midnight on the first day of the
/// period's last month. Never the current time, so that the same inputs give
/// the same bytes.
pub fn properties(title: String, version: &str, period: Period, cal: Calendar) -> DocProperties {
    let created = match cal.end_month(period) {
        Period::Month { year, month } => chrono::NaiveDate::from_ymd_opt(year, month, 1),
        _ => None,
    }
    .unwrap_or_default()
    .and_time(chrono::NaiveTime::MIN)
    .and_utc();
    DocProperties::new()
        .set_title(title)
        .set_author(format!("ipr {version}"))
        .set_creation_datetime(&created)
}
