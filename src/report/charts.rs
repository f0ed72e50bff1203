//! What every chart says and where it puts each period, shared by the
//! workbook's charts and the web page's (SPEC section 15: charts say what they
//! plot and keep time honest), so the two never say it differently.

use crate::model::{Indicator, Measure, Unit};
use crate::period::{Calendar, Frequency, Period};

/// True for a year-to-date indicator, whose trend is charted as its year to
/// date (as its headline figure is) and whose SPC series is the amount in each
/// period.
pub(crate) fn is_cumulative(def: Option<&Indicator>) -> bool {
    def.is_some_and(|d| d.measure == Measure::Cumulative)
}

/// The label of a trend's value row: "YTD" (year to date, as the Indicators
/// sheet heads it; the row's label column is narrow) for a cumulative
/// indicator, else "Value".
pub(crate) fn value_label(def: Option<&Indicator>) -> &'static str {
    if is_cumulative(def) {
        "YTD"
    } else {
        "Value"
    }
}

/// "month", "quarter" or "year": one period of the indicator.
fn each(def: Option<&Indicator>) -> &'static str {
    match def.map(|d| d.frequency) {
        Some(Frequency::Quarterly) => "quarter",
        Some(Frequency::Annual) => "year",
        _ => "month",
    }
}

/// " (%)" for a percentage, else nothing.
fn unit_suffix(def: Option<&Indicator>) -> &'static str {
    match def.map(|d| d.unit) {
        Some(Unit::Percent) => " (%)",
        _ => "",
    }
}

/// The SPC chart's value-axis title: what each point is. "Amount in each month
/// (not the year to date)" for a cumulative indicator; "Figure for each quarter"
/// otherwise; with "(%)" for a percentage.
pub(crate) fn spc_axis_title(def: Option<&Indicator>) -> String {
    let (each, unit) = (each(def), unit_suffix(def));
    if is_cumulative(def) {
        format!("Amount in each {each}{unit}, not the year to date")
    } else {
        format!("Figure for each {each}{unit}")
    }
}

/// A trend chart's value-axis title: "Year to date (%)" for a cumulative
/// indicator (its trend is the year to date, as its headline figure is), else
/// as [`spc_axis_title`].
pub(crate) fn trend_axis_title(def: Option<&Indicator>) -> String {
    if is_cumulative(def) {
        format!("Year to date{}", unit_suffix(def))
    } else {
        spc_axis_title(def)
    }
}

/// The time axis's title: "Month", "Quarter" or "Year".
pub(crate) fn time_axis_title(def: Option<&Indicator>) -> &'static str {
    match each(def) {
        "quarter" => "Quarter",
        "year" => "Year",
        _ => "Month",
    }
}

/// A period as a count of its own kind since year 0: consecutive months (or
/// quarters, or years) are one apart whatever the year start.
fn ordinal(p: Period) -> (u8, i64) {
    match p {
        Period::Month { year, month } => (0, i64::from(year) * 12 + i64::from(month) - 1),
        Period::Quarter { fy, q } => (1, i64::from(fy) * 4 + i64::from(q) - 1),
        Period::Year { fy } => (2, i64::from(fy)),
    }
}

/// The period `n` after `p`, of the same kind.
fn after(p: Period, n: i64) -> Period {
    let (_, at) = ordinal(p);
    let k = at + n;
    let year = |k: i64| i32::try_from(k).unwrap_or(i32::MAX);
    match p {
        Period::Month { .. } => Period::Month {
            year: year(k.div_euclid(12)),
            month: k.rem_euclid(12) as u32 + 1,
        },
        Period::Quarter { .. } => Period::Quarter {
            fy: year(k.div_euclid(4)),
            q: k.rem_euclid(4) as u32 + 1,
        },
        Period::Year { .. } => Period::Year { fy: year(k) },
    }
}

/// Longest run of empty periods a chart keeps as a gap; beyond it (a figure
/// decades out) the points are left as they were rather than drawing an axis
/// of a thousand empty months.
const MOST_EMPTY: i64 = 240;

/// `points` (period id and what is drawn there, oldest first) with a slot,
/// `None`, for each period between two of them that has none: a chart drawn
/// one slot per period then keeps time in proportion, and a gap in the data
/// is a gap on the chart (July 2025 and February 2026 are not neighbours).
/// Points whose ids cannot be read, of mixed kinds or out of order are given
/// back as they were.
pub(crate) fn spaced<T>(cal: Calendar, points: Vec<(String, T)>) -> Vec<(String, Option<T>)> {
    let parsed: Option<Vec<Period>> = points.iter().map(|(id, _)| cal.parse_id(id)).collect();
    let steps: Option<Vec<i64>> = parsed.as_ref().and_then(|ps| {
        ps.windows(2)
            .map(|w| {
                let ((ka, a), (kb, b)) = (ordinal(w[0]), ordinal(w[1]));
                (ka == kb && b > a && b - a <= MOST_EMPTY + 1).then_some(b - a)
            })
            .collect()
    });
    let (Some(periods), Some(steps)) = (parsed, steps) else {
        return points.into_iter().map(|(id, v)| (id, Some(v))).collect();
    };
    let mut out = Vec::with_capacity(points.len());
    for (i, (id, v)) in points.into_iter().enumerate() {
        if i > 0 {
            for n in 1..steps[i - 1] {
                out.push((cal.id(after(periods[i - 1], n)), None));
            }
        }
        out.push((id, Some(v)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_in_the_months_is_kept_as_empty_slots() {
        let cal = Calendar::new(4);
        let ids = ["2025-06", "2025-07", "2026-02", "2026-03"];
        let points: Vec<(String, u32)> = ids
            .iter()
            .zip(1..)
            .map(|(p, v)| (p.to_string(), v))
            .collect();
        let filled = spaced(cal, points);
        let got: Vec<(&str, Option<u32>)> = filled.iter().map(|(p, v)| (p.as_str(), *v)).collect();
        assert_eq!(got.len(), 10, "{got:?}");
        assert_eq!(got[1], ("2025-07", Some(2)));
        assert_eq!(got[2], ("2025-08", None));
        assert_eq!(got[7], ("2026-01", None));
        assert_eq!(got[8], ("2026-02", Some(3)));
        // Quarters across a year end; nothing to fill; ids that cannot be read.
        let q = spaced(
            cal,
            vec![("2025/26-Q4".into(), 1), ("2026/27-Q2".into(), 2)],
        );
        assert_eq!(q[1], ("2026/27-Q1".to_string(), None));
        let plain = spaced(cal, vec![("2026-01".into(), 1), ("2026-02".into(), 2)]);
        assert_eq!(plain.len(), 2);
        let odd = spaced(cal, vec![("soon".into(), 1), ("2026-02".into(), 2)]);
        assert_eq!(odd.len(), 2);
    }

    #[test]
    fn a_cumulative_chart_says_what_it_plots() {
        let mut d = Indicator::plain("ASC-03");
        d.measure = Measure::Cumulative;
        assert_eq!(value_label(Some(&d)), "YTD");
        assert_eq!(
            spc_axis_title(Some(&d)),
            "Amount in each month, not the year to date"
        );
        assert_eq!(trend_axis_title(Some(&d)), "Year to date");
        d.measure = Measure::Snapshot;
        d.frequency = Frequency::Quarterly;
        assert_eq!(spc_axis_title(Some(&d)), "Figure for each quarter");
        assert_eq!(time_axis_title(Some(&d)), "Quarter");
        assert_eq!(value_label(None), "Value");
        assert_eq!(time_axis_title(None), "Month");
    }
}
