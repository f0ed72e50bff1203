//! What a trend or SPC chart says it plots (the words in `report::charts`,
//! shared with the web page), and an SPC chart's value axis fitted to its data
//! (SPEC section 15: charts say what they plot).

use rust_xlsxwriter::Chart;

// The words are shared with the web page's charts, so the two say the same.
pub(super) use crate::report::charts::{is_cumulative, spaced, spc_axis_title, value_label};

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
}
