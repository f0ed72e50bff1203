//! Direction of travel (SPEC section 5).

use crate::model::{Direction, Indicator, Polarity};
use crate::number::round::at_precision;

/// Direction of travel from `earlier` to `current`, both compared at the
/// indicator's reporting precision.
///
/// `higher`: a rise is improving; `lower`: a fall is improving; `band`: moving
/// closer to `target` (the target for the current period) is improving, and
/// the same distance either side is unchanged. Equal values are `Unchanged`.
/// Either value missing, polarity `none` (no better or worse for a
/// monitoring-only indicator), or a band indicator without a target: `None`.
pub fn direction(
    ind: &Indicator,
    current: Option<f64>,
    earlier: Option<f64>,
    target: Option<f64>,
) -> Direction {
    let (Some(cur), Some(ear)) = (
        current.filter(|v| v.is_finite()),
        earlier.filter(|v| v.is_finite()),
    ) else {
        return Direction::None;
    };
    let p = |x: f64| at_precision(x, ind.decimals);
    let (cur, ear) = (p(cur), p(ear));
    // How much better the current value is: positive improving, negative worsening.
    let better = match ind.polarity {
        Polarity::None => return Direction::None,
        Polarity::Higher => cur - ear,
        Polarity::Lower => ear - cur,
        Polarity::Band => {
            let Some(t) = target.filter(|t| t.is_finite()) else {
                return Direction::None;
            };
            let t = p(t);
            // Distances re-rounded so equal distances either side compare equal.
            p((ear - t).abs()) - p((cur - t).abs())
        }
    };
    // Equal rounded values subtract to exactly zero, so no epsilon is needed.
    if better > 0.0 {
        Direction::Improving
    } else if better < 0.0 {
        Direction::Worsening
    } else {
        Direction::Unchanged
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::target::tests::indicator;

    fn ind(polarity: Polarity, decimals: Option<u32>) -> Indicator {
        let mut i = indicator("D-1");
        i.polarity = polarity;
        i.decimals = decimals;
        i
    }

    #[test]
    fn higher_and_lower() {
        let h = ind(Polarity::Higher, None);
        assert_eq!(
            direction(&h, Some(81.0), Some(80.0), None),
            Direction::Improving
        );
        assert_eq!(
            direction(&h, Some(79.0), Some(80.0), None),
            Direction::Worsening
        );
        assert_eq!(
            direction(&h, Some(80.0), Some(80.0), None),
            Direction::Unchanged
        );
        let l = ind(Polarity::Lower, None);
        assert_eq!(
            direction(&l, Some(12.0), Some(14.0), None),
            Direction::Improving
        );
        assert_eq!(
            direction(&l, Some(14.0), Some(12.0), None),
            Direction::Worsening
        );
        assert_eq!(
            direction(&l, Some(-3.0), Some(-2.0), None),
            Direction::Improving
        );
    }

    #[test]
    fn equal_at_reporting_precision_is_unchanged() {
        let h = ind(Polarity::Higher, Some(1));
        // 85.04 and 84.96 both show as 85.0.
        assert_eq!(
            direction(&h, Some(85.04), Some(84.96), None),
            Direction::Unchanged
        );
        assert_eq!(
            direction(&h, Some(85.05), Some(84.96), None),
            Direction::Improving
        );
        let raw = ind(Polarity::Higher, None);
        assert_eq!(
            direction(&raw, Some(0.1 + 0.2), Some(0.3), None),
            Direction::Unchanged
        );
    }

    #[test]
    fn band_closer_to_target_is_improving() {
        let b = ind(Polarity::Band, None);
        let t = Some(50.0);
        assert_eq!(
            direction(&b, Some(52.0), Some(56.0), t),
            Direction::Improving
        );
        assert_eq!(
            direction(&b, Some(47.0), Some(56.0), t),
            Direction::Improving
        );
        assert_eq!(
            direction(&b, Some(44.0), Some(48.0), t),
            Direction::Worsening
        );
        // Same distance on the other side.
        assert_eq!(
            direction(&b, Some(47.0), Some(53.0), t),
            Direction::Unchanged
        );
        assert_eq!(direction(&b, Some(47.0), Some(56.0), None), Direction::None);
    }

    #[test]
    fn nothing_to_compare() {
        let h = ind(Polarity::Higher, None);
        assert_eq!(direction(&h, None, Some(80.0), None), Direction::None);
        assert_eq!(direction(&h, Some(80.0), None, None), Direction::None);
        assert_eq!(direction(&h, None, None, None), Direction::None);
        let n = ind(Polarity::None, None);
        assert_eq!(
            direction(&n, Some(5.0), Some(4.0), Some(3.0)),
            Direction::None
        );
    }
}
