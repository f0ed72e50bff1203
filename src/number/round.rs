//! Rounding and comparison at an indicator's reporting precision.
//!
//! Excel's ROUND rounds half away from zero and works on the 15 significant
//! digits it displays, so `=ROUND(1.005, 2)` is 1.01 even though the nearest
//! binary double to 1.005 is a hair below it. Users check our RAG against
//! their own spreadsheets, so we round the same way: through decimal digits,
//! never by multiplying floats.

/// Significant digits Excel keeps: the precision at which it compares numbers.
const EXCEL_DIGITS: usize = 15;

/// Round `x` to `decimals` places, half away from zero, as Excel's `ROUND` does
/// (2.5 -> 3, -2.5 -> -3, 1.005 at 2 places -> 1.01).
///
/// `x` is first read at 15 significant digits, as Excel does, which removes
/// binary noise such as 1.00499999999999989... standing for 1.005. Infinite
/// and NaN inputs are returned unchanged.
pub fn round_half_away(x: f64, decimals: u32) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let Some((mantissa, exp)) = digits15(x.abs()) else {
        return x;
    };
    // The value is mantissa × 10^(exp − 14); rounding to `decimals` places
    // keeps mantissa × 10^(exp − 14 + decimals) as a whole number.
    let shift = exp - (EXCEL_DIGITS as i64 - 1) + i64::from(decimals);
    if shift >= 0 {
        // Already no more than `decimals` places at 15 digits.
        return sig15(x);
    }
    let drop = -shift;
    if drop > EXCEL_DIGITS as i64 {
        // Less than a tenth of the last place kept: rounds to zero.
        return 0.0;
    }
    let unit = 10u64.pow(drop as u32);
    let mut q = mantissa / unit;
    if (mantissa % unit) * 2 >= unit {
        q += 1;
    }
    // Build the decimal text and let the standard parser give the nearest double.
    let text = format!("{q}e-{decimals}");
    let rounded = text.parse::<f64>().unwrap_or(x.abs());
    if x < 0.0 {
        -rounded
    } else {
        rounded
    }
}

/// `x` read at 15 significant digits, as Excel holds and compares numbers.
pub fn sig15(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    format!("{:.*e}", EXCEL_DIGITS - 1, x)
        .parse::<f64>()
        .unwrap_or(x)
}

/// Round to the indicator's reporting precision: `decimals` places when set,
/// otherwise 15 significant digits (which still removes float noise such as
/// 1.1 − 0.11 = 0.9900000000000001).
pub fn at_precision(x: f64, decimals: Option<u32>) -> f64 {
    match decimals {
        Some(d) => round_half_away(x, d),
        None => sig15(x),
    }
}

/// The 15 significant digits of a positive finite `x` as a whole number, and
/// the decimal exponent of the first digit (1.005 -> (100500000000000, 0)).
fn digits15(x: f64) -> Option<(u64, i64)> {
    let text = format!("{:.*e}", EXCEL_DIGITS - 1, x);
    let (mant, exp) = text.split_once('e')?;
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    Some((digits.parse().ok()?, exp.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(round_half_away(2.5, 0), 3.0);
        assert_eq!(round_half_away(-2.5, 0), -3.0);
        assert_eq!(round_half_away(0.5, 0), 1.0);
        assert_eq!(round_half_away(-0.5, 0), -1.0);
        assert_eq!(round_half_away(2.4, 0), 2.0);
        assert_eq!(round_half_away(-2.4, 0), -2.0);
        assert_eq!(round_half_away(0.125, 2), 0.13);
    }

    #[test]
    fn binary_noise_rounds_as_excel_does() {
        // 1.005 is stored as 1.00499999999999989...; Excel's ROUND gives 1.01.
        assert_eq!(round_half_away(1.005, 2), 1.01);
        assert_eq!(round_half_away(-1.005, 2), -1.01);
        // 2.675 is stored as 2.67499999999999982...; Excel gives 2.68.
        assert_eq!(round_half_away(2.675, 2), 2.68);
        // A naive x*100 rounding makes 1.015*100 = 101.49999999999999 -> 1.01.
        assert_eq!(round_half_away(1.015, 2), 1.02);
    }

    #[test]
    fn values_already_at_precision_stay() {
        assert_eq!(round_half_away(30.59, 2), 30.59);
        assert_eq!(round_half_away(30.5899999, 2), 30.59);
        assert_eq!(round_half_away(186.0, 1), 186.0);
        assert_eq!(round_half_away(1234567.0, 0), 1234567.0);
        assert_eq!(round_half_away(0.1 + 0.2, 1), 0.3);
    }

    #[test]
    fn more_places_and_large_and_tiny_numbers() {
        assert_eq!(round_half_away(186.666_666_666_666_66, 1), 186.7);
        assert_eq!(round_half_away(186.666_666_666_666_66, 3), 186.667);
        assert_eq!(round_half_away(0.000_4, 3), 0.0);
        assert_eq!(round_half_away(0.000_5, 3), 0.001);
        assert_eq!(round_half_away(1e-20, 2), 0.0);
        assert_eq!(round_half_away(123_456_789.5, 0), 123_456_790.0);
        assert_eq!(round_half_away(0.0, 2), 0.0);
        assert!(round_half_away(f64::NAN, 2).is_nan());
    }

    #[test]
    fn precision_without_decimals_removes_noise() {
        assert_ne!(1.1 - 0.11, 0.99);
        assert_eq!(at_precision(1.1 - 0.11, None), 0.99);
        assert_eq!(at_precision(30.586, Some(2)), 30.59);
        assert_eq!(sig15(0.1 + 0.2), 0.3);
    }
}
