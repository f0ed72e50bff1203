//! What a trend or SPC chart says it plots, and an SPC chart's value axis fitted
//! to its data (SPEC section 15: charts say what they plot).

use crate::model::{Indicator, Measure};
use crate::period::Frequency;
use rust_xlsxwriter::Chart;

/// True for a year-to-date indicator, whose trend is charted as its year to
/// date (as its headline figure is) and whose SPC series is the amount in each
/// period.
pub(super) fn is_cumulative(def: Option<&Indicator>) -> bool {
    def.is_some_and(|d| d.measure == Measure::Cumulative)
}

/// The label of a trend's value row: "YTD" (year to date, as the Indicators
/// sheet heads it; the row's label column is narrow) for a cumulative
/// indicator, else "Value".
pub(super) fn value_label(def: Option<&Indicator>) -> &'static str {
    if is_cumulative(def) {
        "YTD"
    } else {
        "Value"
    }
}

/// The SPC chart's value-axis title: what each point is. "Amount in each month
/// (not the year to date)" for a cumulative indicator; "Figure for each quarter"
/// otherwise; with "(%)" for a percentage.
pub(super) fn spc_axis_title(def: Option<&Indicator>) -> String {
    let each = match def.map(|d| d.frequency) {
        Some(Frequency::Quarterly) => "quarter",
        Some(Frequency::Annual) => "year",
        _ => "month",
    };
    let unit = match def.map(|d| d.unit) {
        Some(crate::model::Unit::Percent) => " (%)",
        _ => "",
    };
    if is_cumulative(def) {
        format!("Amount in each {each}{unit}, not the year to date")
    } else {
        format!("Figure for each {each}{unit}")
    }
}

/// Sets an SPC chart's value axis to the span of `values` with a margin, on
/// round numbers, instead of from 0: a rise from 421 to 512 must look like one.
/// Never below 0 for data that is never negative.
pub(super) fn fit_value_axis(chart: &mut Chart, values: impl Iterator<Item = f64>) {
    if let Some((min, max)) = axis_bounds(values) {
        chart.y_axis().set_min(min).set_max(max);
    }
}

/// The bounds [`fit_value_axis`] sets, `None` with no finite value.
pub(super) fn axis_bounds(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold(None, |acc: Option<(f64, f64)>, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })?;
    let span = if hi > lo { hi - lo } else { hi.abs().max(1.0) };
    let step = nice_step(span / 5.0);
    let pad = span * 0.1;
    let mut min = ((lo - pad) / step).floor() * step;
    if lo >= 0.0 && min < 0.0 {
        min = 0.0;
    }
    let max = ((hi + pad) / step).ceil() * step;
    Some((min, max))
}

/// 1, 2 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_fits_the_data_not_zero() {
        // HC-02's rise from 421 to 512: the axis starts near 421, not at 0.
        let (min, max) = axis_bounds([421.0, 450.0, 512.0].into_iter()).unwrap();
        assert_eq!((min, max), (400.0, 540.0));
        // Limits below zero for counts that cannot be: held at 0.
        let (min, _) = axis_bounds([2.0, 30.0].into_iter()).unwrap();
        assert_eq!(min, 0.0);
        // A negative lower limit on data that can be negative is kept.
        let (min, _) = axis_bounds([-17.0, 153.0].into_iter()).unwrap();
        assert!(min < -17.0, "{min}");
        // One value, or none.
        assert!(axis_bounds([5.0].into_iter()).is_some());
        assert_eq!(axis_bounds(std::iter::empty()), None);
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
        d.measure = Measure::Snapshot;
        d.frequency = Frequency::Quarterly;
        assert_eq!(spc_axis_title(Some(&d)), "Figure for each quarter");
        assert_eq!(value_label(None), "Value");
    }
}
