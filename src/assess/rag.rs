//! RAG status (SPEC section 5).

use crate::model::{Indicator, Polarity, Rag};
use crate::number::round::at_precision;

/// The edges of the green and amber bands for a target, at the indicator's
/// reporting precision.
///
/// For `higher`, `green` is the lowest green value and `amber` the lowest
/// amber value; for `lower` they are the highest; for `band` they are the
/// inclusive (low, high) ranges.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Green edge (higher/lower) or low end of the green range (band).
    pub green: f64,
    /// Amber edge (higher/lower) or low end of the amber range (band).
    pub amber: f64,
    /// High end of the green range (band only; equals `green` otherwise).
    pub green_high: f64,
    /// High end of the amber range (band only; equals `amber` otherwise).
    pub amber_high: f64,
}

/// The tolerance as a non-negative fraction (a negative one typed by mistake
/// would otherwise turn the amber band inside out).
pub(crate) fn tolerance(ind: &Indicator) -> f64 {
    if ind.tolerance.is_finite() {
        ind.tolerance.abs()
    } else {
        0.0
    }
}

/// The RAG thresholds for `target`, rounded to the indicator's precision, or
/// `None` for polarity `none` or a non-finite target.
pub fn thresholds(ind: &Indicator, target: f64) -> Option<Thresholds> {
    if !target.is_finite() {
        return None;
    }
    let band = tolerance(ind) * target.abs();
    let p = |x: f64| at_precision(x, ind.decimals);
    let t = p(target);
    match ind.polarity {
        Polarity::Higher => {
            let amber = p(target - band);
            Some(Thresholds {
                green: t,
                amber,
                green_high: t,
                amber_high: amber,
            })
        }
        Polarity::Lower => {
            let amber = p(target + band);
            Some(Thresholds {
                green: t,
                amber,
                green_high: t,
                amber_high: amber,
            })
        }
        Polarity::Band => Some(Thresholds {
            green: p(target - band),
            green_high: p(target + band),
            amber: p(target - 2.0 * band),
            amber_high: p(target + 2.0 * band),
        }),
        Polarity::None => None,
    }
}

/// RAG status of `actual` against `target`, exactly as SPEC section 5.
///
/// Higher is better: green when actual ≥ t, amber when actual ≥ t − τ·|t|,
/// red otherwise; mirrored for `lower`; `band`: green within τ·|t| of t,
/// amber within 2τ·|t|, red beyond. The actual and every threshold are
/// rounded to the indicator's Decimals (half away from zero) before
/// comparing, so 30.59 against an amber edge of 30.5899999 at 2 places is
/// amber. No value: `Missing` (even for monitoring-only indicators, so
/// absent returns show up). Polarity `none` or no target: `None`.
pub fn rag(ind: &Indicator, actual: Option<f64>, target: Option<f64>) -> Rag {
    let Some(actual) = actual.filter(|a| a.is_finite()) else {
        return Rag::Missing;
    };
    let Some(th) = target.and_then(|t| thresholds(ind, t)) else {
        return Rag::None;
    };
    let a = at_precision(actual, ind.decimals);
    match ind.polarity {
        Polarity::Higher if a >= th.green => Rag::Green,
        Polarity::Higher if a >= th.amber => Rag::Amber,
        Polarity::Lower if a <= th.green => Rag::Green,
        Polarity::Lower if a <= th.amber => Rag::Amber,
        Polarity::Band if th.green <= a && a <= th.green_high => Rag::Green,
        Polarity::Band if th.amber <= a && a <= th.amber_high => Rag::Amber,
        Polarity::None => Rag::None,
        _ => Rag::Red,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::target::tests::indicator;

    fn ind(polarity: Polarity, tolerance: f64, decimals: Option<u32>) -> Indicator {
        let mut i = indicator("R-1");
        i.polarity = polarity;
        i.tolerance = tolerance;
        i.decimals = decimals;
        i
    }

    #[test]
    fn higher_at_the_boundaries() {
        // t = 80, τ = 5%: amber edge 80 − 4 = 76.
        let i = ind(Polarity::Higher, 0.05, None);
        let t = Some(80.0);
        assert_eq!(rag(&i, Some(85.0), t), Rag::Green);
        assert_eq!(rag(&i, Some(80.0), t), Rag::Green);
        assert_eq!(rag(&i, Some(79.99), t), Rag::Amber);
        assert_eq!(rag(&i, Some(76.0), t), Rag::Amber);
        assert_eq!(rag(&i, Some(75.99), t), Rag::Red);
        assert_eq!(rag(&i, Some(0.0), t), Rag::Red);
    }

    #[test]
    fn lower_at_the_boundaries() {
        // t = 20 days, τ = 10%: amber edge 20 + 2 = 22.
        let i = ind(Polarity::Lower, 0.10, None);
        let t = Some(20.0);
        assert_eq!(rag(&i, Some(15.0), t), Rag::Green);
        assert_eq!(rag(&i, Some(20.0), t), Rag::Green);
        assert_eq!(rag(&i, Some(20.01), t), Rag::Amber);
        assert_eq!(rag(&i, Some(22.0), t), Rag::Amber);
        assert_eq!(rag(&i, Some(22.01), t), Rag::Red);
    }

    #[test]
    fn band_inside_between_and_beyond() {
        // t = 50, τ = 10%: green 45..55, amber 40..60.
        let i = ind(Polarity::Band, 0.10, None);
        let t = Some(50.0);
        assert_eq!(rag(&i, Some(50.0), t), Rag::Green);
        assert_eq!(rag(&i, Some(45.0), t), Rag::Green);
        assert_eq!(rag(&i, Some(55.0), t), Rag::Green);
        assert_eq!(rag(&i, Some(44.9), t), Rag::Amber);
        assert_eq!(rag(&i, Some(57.5), t), Rag::Amber);
        assert_eq!(rag(&i, Some(40.0), t), Rag::Amber);
        assert_eq!(rag(&i, Some(60.0), t), Rag::Amber);
        assert_eq!(rag(&i, Some(39.9), t), Rag::Red);
        assert_eq!(rag(&i, Some(60.1), t), Rag::Red);
    }

    #[test]
    fn none_polarity_no_target_and_missing() {
        let i = ind(Polarity::None, 0.05, None);
        assert_eq!(rag(&i, Some(3.0), Some(80.0)), Rag::None);
        assert_eq!(rag(&i, None, Some(80.0)), Rag::Missing);
        let h = ind(Polarity::Higher, 0.05, None);
        assert_eq!(rag(&h, Some(3.0), None), Rag::None);
        assert_eq!(rag(&h, None, None), Rag::Missing);
        assert_eq!(rag(&h, None, Some(80.0)), Rag::Missing);
        assert_eq!(rag(&h, Some(f64::NAN), Some(80.0)), Rag::Missing);
    }

    #[test]
    fn zero_target() {
        // τ·|0| = 0: no amber band at all.
        let h = ind(Polarity::Higher, 0.05, None);
        assert_eq!(rag(&h, Some(0.0), Some(0.0)), Rag::Green);
        assert_eq!(rag(&h, Some(-0.01), Some(0.0)), Rag::Red);
        let l = ind(Polarity::Lower, 0.05, None);
        assert_eq!(rag(&l, Some(0.0), Some(0.0)), Rag::Green);
        assert_eq!(rag(&l, Some(1.0), Some(0.0)), Rag::Red);
        let b = ind(Polarity::Band, 0.05, None);
        assert_eq!(rag(&b, Some(0.0), Some(0.0)), Rag::Green);
        assert_eq!(rag(&b, Some(0.1), Some(0.0)), Rag::Red);
    }

    #[test]
    fn negative_target_uses_its_size() {
        // Higher, t = −10, τ = 10%: amber edge −10 − 1 = −11 (not −9).
        let h = ind(Polarity::Higher, 0.10, None);
        let t = Some(-10.0);
        assert_eq!(rag(&h, Some(-10.0), t), Rag::Green);
        assert_eq!(rag(&h, Some(-10.5), t), Rag::Amber);
        assert_eq!(rag(&h, Some(-11.0), t), Rag::Amber);
        assert_eq!(rag(&h, Some(-11.5), t), Rag::Red);
        // Lower, t = −10: amber edge −9.
        let l = ind(Polarity::Lower, 0.10, None);
        assert_eq!(rag(&l, Some(-10.0), t), Rag::Green);
        assert_eq!(rag(&l, Some(-9.0), t), Rag::Amber);
        assert_eq!(rag(&l, Some(-8.9), t), Rag::Red);
        // Band, t = −10: green −11..−9, amber −12..−8.
        let b = ind(Polarity::Band, 0.10, None);
        assert_eq!(rag(&b, Some(-9.0), t), Rag::Green);
        assert_eq!(rag(&b, Some(-12.0), t), Rag::Amber);
        assert_eq!(rag(&b, Some(-7.9), t), Rag::Red);
    }

    #[test]
    fn compared_at_reporting_precision() {
        // Amber edge 30.5899999 at 2 places is 30.59: 30.59 is amber, not red.
        // t = 32.19999989..., τ = 5%: t − τ|t| = 30.5899999.
        let i = ind(Polarity::Higher, 0.05, Some(2));
        let t = 30.5899999 / 0.95;
        assert!(30.59 > t - 0.05 * t, "edge is below 30.59 unrounded too");
        assert_eq!(rag(&i, Some(30.59), Some(t)), Rag::Amber);
        // The other way round: an edge of 30.5900001 unrounded would make 30.59
        // red; at 2 places the edge is 30.59 and 30.59 is amber.
        let t = 30.5900001 / 0.95;
        assert!(30.59 < t - 0.05 * t);
        assert_eq!(rag(&i, Some(30.59), Some(t)), Rag::Amber);
        // The actual is rounded too: 30.585 shows as 30.59.
        assert_eq!(rag(&i, Some(30.585), Some(t)), Rag::Amber);
        assert_eq!(rag(&i, Some(30.584), Some(t)), Rag::Red);
        // 0 places: 79.5 shows as 80 and meets a target of 80.
        let i0 = ind(Polarity::Higher, 0.05, Some(0));
        assert_eq!(rag(&i0, Some(79.5), Some(80.0)), Rag::Green);
        assert_eq!(rag(&i0, Some(79.49), Some(80.0)), Rag::Amber);
    }

    #[test]
    fn float_noise_without_decimals() {
        // t = 1.1, τ = 10%: 1.1 − 0.11 is 0.9900000000000001 in binary;
        // 0.99 is on the amber edge and must be amber.
        let i = ind(Polarity::Higher, 0.10, None);
        assert_eq!(rag(&i, Some(0.99), Some(1.1)), Rag::Amber);
    }
}
