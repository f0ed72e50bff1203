//! Rules that look at an indicator's history (SPEC section 4): a year-to-date
//! total that falls within the year (DQ031), a value far outside its own
//! history (DQ041) and a value copied forward unchanged (DQ051).
//!
//! Every period up to the month being reported is assessed, each against the
//! values before it (SPEC section 4, "Every period is checked"): a tracker's
//! early quarters are checked as its latest is. Findings on periods before the
//! month are marked `earlier_period` and counted apart (`quality::mark_earlier`).

use super::checks::Resolved;
use crate::model::{Finding, Indicator, IndicatorHistory, Measure, Observation, Register, Rule};
use crate::period::{Calendar, Period};
use std::collections::BTreeMap;

/// Thresholds of the history rules (`[history]` in `ipr.toml`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistoryOptions {
    /// A value is an outlier when its robust z-score (against the median absolute
    /// deviation x 1.4826 of earlier values) is above this. Default 3.5.
    pub outlier_z: f64,
    /// Earlier values needed before the outlier rule is assessed. Default 6.
    pub outlier_min_points: usize,
    /// A value equal to the one in each of this many periods before it is "copied
    /// forward". Default 3 (the same value four periods running).
    pub copied_forward_periods: usize,
}

impl Default for HistoryOptions {
    fn default() -> Self {
        HistoryOptions {
            outlier_z: 3.5,
            outlier_min_points: 6,
            copied_forward_periods: 3,
        }
    }
}

/// Scales a median absolute deviation to the standard deviation of normally
/// distributed data, so the outlier threshold reads like an ordinary z-score.
const MAD_SCALE: f64 = 1.4826;

/// Median and median absolute deviation of `values`, or `None` when there are
/// none. Non-finite values are ignored. An even count takes the mean of the
/// two middle values.
pub fn median_mad(values: &[f64]) -> Option<(f64, f64)> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    let med = median(&mut v)?;
    let mut dev: Vec<f64> = v.iter().map(|x| (x - med).abs()).collect();
    let mad = median(&mut dev)?;
    Some((med, mad))
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// A number as officers write it: thousands separated, at the indicator's
/// precision but never fewer than 2 decimals (trailing zeros dropped), so a
/// median of 15.5 is not shown as 16.
fn fmt_num(n: f64, decimals: Option<u32>) -> String {
    let places = decimals.unwrap_or(0).clamp(2, 6) as usize;
    crate::number::grouped(&crate::number::up_to(n, places))
}

/// Where an earlier value was given, relative to the value being checked:
/// just the cell when it is on the same sheet.
fn place(earlier: &Observation, now: &Observation) -> String {
    if earlier.source.file == now.source.file && earlier.source.sheet == now.source.sheet {
        format!("cell {}", earlier.source.cell())
    } else if earlier.source.sheet.is_empty() {
        format!("{}, cell {}", earlier.source.file, earlier.source.cell())
    } else {
        format!(
            "{}, sheet '{}', cell {}",
            earlier.source.file,
            earlier.source.sheet,
            earlier.source.cell()
        )
    }
}

/// The history rules for every indicator, on each of its periods up to
/// `report_month` that holds a value, against the values before it.
///
/// Values are looked up as the assessment does ([`IndicatorHistory`]), so a
/// quarterly value filed under its quarter's last month counts for the quarter.
/// Missing and conflicting values (`None` in `resolved`) are skipped: other
/// rules report them.
pub fn check_history(
    register: &Register,
    resolved: &Resolved<'_>,
    report_month: Period,
    opts: &HistoryOptions,
    cal: Calendar,
    out: &mut Vec<Finding>,
) {
    let mut by_key: BTreeMap<&str, Vec<&Observation>> = BTreeMap::new();
    for ((key, _), o) in &resolved.observations {
        by_key.entry(key.as_str()).or_default().push(&**o);
    }
    for ind in &register.indicators {
        let Some(obs) = by_key.get(ind.key.as_str()) else {
            continue;
        };
        let history = IndicatorHistory::new(ind, cal, obs);
        // The indicator's periods of its own kind, oldest first: the first is
        // where the walk back through history stops.
        let periods: std::collections::BTreeSet<Period> = obs
            .iter()
            .filter_map(|o| cal.for_frequency(o.period, ind.frequency))
            .filter(|p| cal.end_month(*p) <= report_month)
            .collect();
        let Some(&earliest) = periods.first() else {
            continue;
        };
        for &p in &periods {
            let (Some(now), Some(x)) = (history.get(p), history.value(p)) else {
                continue;
            };
            falls_within_year(ind, &history, p, now, x, cal, out);
            outlier(ind, &history, p, earliest, now, x, opts, cal, out);
            copied_forward(ind, &history, p, now, x, opts, cal, out);
        }
    }
}

/// DQ031: a year-to-date total lower than the period before it in the same
/// financial year. The first period of a year is not assessed: the total resets.
fn falls_within_year(
    ind: &Indicator,
    history: &IndicatorHistory,
    period: Period,
    now: &Observation,
    x: f64,
    cal: Calendar,
    out: &mut Vec<Finding>,
) {
    if ind.measure != Measure::Cumulative {
        return;
    }
    let prev = period.previous();
    if cal.fy(prev) != cal.fy(period) {
        return;
    }
    let (Some(before), Some(y)) = (history.get(prev), history.value(prev)) else {
        return;
    };
    if x < y {
        out.push(Finding::at(
            Rule::DQ031,
            now,
            ind,
            cal,
            format!(
                "{} ({}) is a year-to-date total, but its value for {} ({}) is lower than for {} ({}, in {}). A year-to-date total cannot fall within the year.",
                ind.code,
                ind.title,
                cal.id(period),
                fmt_num(x, ind.decimals),
                cal.id(prev),
                fmt_num(y, ind.decimals),
                place(before, now)
            ),
        ));
    }
}

/// DQ041: robust z-score of this value against every earlier value of the
/// indicator, above `opts.outlier_z`.
#[allow(clippy::too_many_arguments)]
fn outlier(
    ind: &Indicator,
    history: &IndicatorHistory,
    period: Period,
    earliest: Period,
    now: &Observation,
    x: f64,
    opts: &HistoryOptions,
    cal: Calendar,
    out: &mut Vec<Finding>,
) {
    let mut earlier = Vec::new();
    let mut p = period.previous();
    while p >= earliest {
        if let Some(v) = history.value(p) {
            earlier.push(v);
        }
        p = p.previous();
    }
    if earlier.is_empty() || earlier.len() < opts.outlier_min_points {
        return;
    }
    let Some((med, mad)) = median_mad(&earlier) else {
        return;
    };
    // With no spread at all every change would be "infinitely" unusual: the
    // copied-forward rule covers a flat history instead.
    if mad <= 0.0 {
        return;
    }
    let z = (x - med).abs() / (mad * MAD_SCALE);
    if z > opts.outlier_z {
        let lo = earlier.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = earlier.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        out.push(Finding::at(
            Rule::DQ041,
            now,
            ind,
            cal,
            format!(
                "{} ({}) for {}: {} is far outside this indicator's usual range: the median of its last {} values is {}, and they ranged from {} to {}.",
                ind.code,
                ind.title,
                cal.id(period),
                fmt_num(x, ind.decimals),
                earlier.len(),
                fmt_num(med, ind.decimals),
                fmt_num(lo, ind.decimals),
                fmt_num(hi, ind.decimals)
            ),
        ));
    }
}

/// DQ051: the same value in this period and each of the
/// `opts.copied_forward_periods` consecutive periods before it.
#[allow(clippy::too_many_arguments)]
fn copied_forward(
    ind: &Indicator,
    history: &IndicatorHistory,
    period: Period,
    now: &Observation,
    x: f64,
    opts: &HistoryOptions,
    cal: Calendar,
    out: &mut Vec<Finding>,
) {
    let n = opts.copied_forward_periods;
    // 0 would flag every value; the settings loader refuses it, so treat it as "off".
    if n == 0 {
        return;
    }
    let mut p = period;
    let mut first = period;
    for _ in 0..n {
        p = p.previous();
        if history.value(p) != Some(x) {
            return;
        }
        first = p;
    }
    out.push(Finding::at(
        Rule::DQ051,
        now,
        ind,
        cal,
        format!(
            "{} ({}) has the same value, {}, for {} and each of the {} periods before it (from {}). It may have been copied forward rather than updated.",
            ind.code,
            ind.title,
            fmt_num(x, ind.decimals),
            cal.id(period),
            n,
            cal.id(first)
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_mad_by_hand() {
        // Odd count: sorted 1 2 3 4 100 -> median 3; deviations 2 1 0 1 97 -> MAD 1.
        assert_eq!(median_mad(&[100.0, 1.0, 3.0, 2.0, 4.0]), Some((3.0, 1.0)));
        // Even count: 10 12 14 16 18 20 -> median 15; deviations 5 3 1 1 3 5 -> MAD 3.
        assert_eq!(
            median_mad(&[20.0, 10.0, 18.0, 12.0, 16.0, 14.0]),
            Some((15.0, 3.0))
        );
        // Flat history: MAD 0.
        assert_eq!(median_mad(&[7.0, 7.0, 7.0]), Some((7.0, 0.0)));
        assert_eq!(median_mad(&[]), None);
        assert_eq!(median_mad(&[f64::NAN]), None);
    }

    #[test]
    fn numbers_read_as_officers_write_them() {
        assert_eq!(fmt_num(4120.0, Some(0)), "4,120");
        assert_eq!(fmt_num(1050.0, None), "1,050");
        assert_eq!(fmt_num(15.5, Some(0)), "15.5");
        assert_eq!(fmt_num(1234567.891, Some(1)), "1,234,567.89");
        assert_eq!(fmt_num(-1200.0, None), "-1,200");
        assert_eq!(fmt_num(999.0, None), "999");
        assert_eq!(fmt_num(-0.001, None), "0");
        assert_eq!(fmt_num(0.125, Some(3)), "0.125");
    }
}
