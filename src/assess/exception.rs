//! Exceptions: which indicators need a remedial-action report (SPEC section 6).

use super::rag::tolerance;
use crate::model::{Direction, Indicator, Polarity, Rag, Reason};
use crate::number::round::at_precision;

/// Whether a forecast misses the annual target by more than the tolerance
/// ("a risk that this could occur"), compared at reporting precision.
///
/// `higher`: forecast < T − τ·|T|; `lower`: forecast > T + τ·|T|; `band`:
/// |forecast − T| > τ·|T|. Never for polarity `none`, no annual target or no
/// forecast.
pub fn forecast_misses(ind: &Indicator, forecast: Option<f64>) -> bool {
    let (Some(f), Some(t)) = (
        forecast.filter(|f| f.is_finite()),
        ind.annual_target.filter(|t| t.is_finite()),
    ) else {
        return false;
    };
    let p = |x: f64| at_precision(x, ind.decimals);
    let band = tolerance(ind) * t.abs();
    let f = p(f);
    match ind.polarity {
        Polarity::Higher => f < p(t - band),
        Polarity::Lower => f > p(t + band),
        Polarity::Band => f < p(t - band) || f > p(t + band),
        Polarity::None => false,
    }
}

/// Every reason the indicator is an exception, in the order `red`,
/// `forecast`, `amber-twice`; empty when it is not one.
///
/// `amber-twice` needs amber now, amber or red for the previous period, and
/// worsening: against the previous period when that direction is known
/// (snapshot measures), otherwise against the same period last year (a
/// cumulative total always grows within the year, so period-on-period says
/// nothing).
pub fn exception_reasons(
    ind: &Indicator,
    rag: Rag,
    forecast: Option<f64>,
    previous_rag: Option<Rag>,
    direction_previous: Direction,
    direction_last_year: Direction,
) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if rag == Rag::Red {
        reasons.push(Reason::Red);
    }
    if forecast_misses(ind, forecast) {
        reasons.push(Reason::Forecast);
    }
    let direction = if direction_previous == Direction::None {
        direction_last_year
    } else {
        direction_previous
    };
    if rag == Rag::Amber
        && matches!(previous_rag, Some(Rag::Amber | Rag::Red))
        && direction == Direction::Worsening
    {
        reasons.push(Reason::AmberTwice);
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::target::tests::indicator;

    fn ind(polarity: Polarity, target: Option<f64>) -> Indicator {
        let mut i = indicator("E-1");
        i.polarity = polarity;
        i.annual_target = target;
        i.tolerance = 0.05;
        i
    }

    #[test]
    fn forecast_against_annual_target() {
        // Higher, T = 600, τ = 5%: misses below 570.
        let h = ind(Polarity::Higher, Some(600.0));
        assert!(!forecast_misses(&h, Some(600.0)));
        assert!(!forecast_misses(&h, Some(570.0)));
        assert!(forecast_misses(&h, Some(569.99)));
        assert!(!forecast_misses(&h, None));
        // Lower, T = 600: misses above 630.
        let l = ind(Polarity::Lower, Some(600.0));
        assert!(!forecast_misses(&l, Some(630.0)));
        assert!(forecast_misses(&l, Some(630.01)));
        assert!(!forecast_misses(&l, Some(0.0)));
        // Band, T = 600: misses outside 570..630.
        let b = ind(Polarity::Band, Some(600.0));
        assert!(!forecast_misses(&b, Some(570.0)));
        assert!(!forecast_misses(&b, Some(630.0)));
        assert!(forecast_misses(&b, Some(569.0)));
        assert!(forecast_misses(&b, Some(631.0)));
        // Monitoring only, or no annual target: never.
        assert!(!forecast_misses(
            &ind(Polarity::None, Some(600.0)),
            Some(1.0)
        ));
        assert!(!forecast_misses(&ind(Polarity::Higher, None), Some(1.0)));
    }

    #[test]
    fn forecast_compared_at_precision() {
        // T = 80, τ = 5%: edge 76. 75.996 shows as 76.00 at 2 places: no miss.
        let mut h = ind(Polarity::Higher, Some(80.0));
        h.decimals = Some(2);
        assert!(!forecast_misses(&h, Some(75.996)));
        assert!(forecast_misses(&h, Some(75.994)));
    }

    #[test]
    fn red_and_forecast_together() {
        let h = ind(Polarity::Higher, Some(600.0));
        let r = exception_reasons(
            &h,
            Rag::Red,
            Some(500.0),
            Some(Rag::Green),
            Direction::Worsening,
            Direction::Worsening,
        );
        assert_eq!(r, vec![Reason::Red, Reason::Forecast]);
        let ok = exception_reasons(
            &h,
            Rag::Green,
            Some(600.0),
            Some(Rag::Red),
            Direction::Improving,
            Direction::Improving,
        );
        assert!(ok.is_empty());
    }

    #[test]
    fn amber_twice_needs_worsening() {
        let h = ind(Polarity::Higher, Some(600.0));
        let f = Some(590.0);
        let amber = |prev, dp, dl| exception_reasons(&h, Rag::Amber, f, prev, dp, dl);
        assert_eq!(
            amber(Some(Rag::Amber), Direction::Worsening, Direction::None),
            vec![Reason::AmberTwice]
        );
        // Red then amber counts as a second shortfall running.
        assert_eq!(
            amber(Some(Rag::Red), Direction::Worsening, Direction::Improving),
            vec![Reason::AmberTwice]
        );
        // Improving on the previous period: not an exception, even if worse than last year.
        assert!(amber(Some(Rag::Amber), Direction::Improving, Direction::Worsening).is_empty());
        assert!(amber(Some(Rag::Amber), Direction::Unchanged, Direction::Worsening).is_empty());
        // First amber period.
        assert!(amber(Some(Rag::Green), Direction::Worsening, Direction::Worsening).is_empty());
        assert!(amber(Some(Rag::Missing), Direction::Worsening, Direction::None).is_empty());
        assert!(amber(None, Direction::Worsening, Direction::Worsening).is_empty());
        // Cumulative measures: no period-on-period direction, so last year's is used.
        assert_eq!(
            amber(Some(Rag::Amber), Direction::None, Direction::Worsening),
            vec![Reason::AmberTwice]
        );
        assert!(amber(Some(Rag::Amber), Direction::None, Direction::Improving).is_empty());
    }

    #[test]
    fn all_three_reasons_in_order() {
        // Not possible to be red and amber at once, so all three cannot apply;
        // amber with a missed forecast gives both of its reasons in order.
        let h = ind(Polarity::Higher, Some(600.0));
        let r = exception_reasons(
            &h,
            Rag::Amber,
            Some(100.0),
            Some(Rag::Amber),
            Direction::Worsening,
            Direction::None,
        );
        assert_eq!(r, vec![Reason::Forecast, Reason::AmberTwice]);
    }
}
