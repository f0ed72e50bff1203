//! Forecast year-end outturn (SPEC section 5).

use crate::model::{Indicator, Measure};
use crate::period::{Calendar, Period};

/// Forecast year-end outturn and where it came from: `owner`, `projected`,
/// `latest` or `none`.
///
/// The owner's forecast when returned; else for a cumulative measure the
/// year-to-date straight-lined to the year end (YTD / months elapsed × 12, so
/// 300 after 6 months is 600; quarter q counts 3q months); else the latest
/// actual.
pub fn forecast(
    ind: &Indicator,
    owner_forecast: Option<f64>,
    actual: Option<f64>,
    period: Period,
    cal: Calendar,
) -> (Option<f64>, &'static str) {
    if let Some(f) = owner_forecast.filter(|f| f.is_finite()) {
        return (Some(f), "owner");
    }
    let Some(actual) = actual.filter(|a| a.is_finite()) else {
        return (None, "none");
    };
    match ind.measure {
        Measure::Cumulative => {
            let months = months_elapsed(period, cal);
            if months >= 12 {
                // The year is over: the outturn is the actual.
                (Some(actual), "latest")
            } else {
                (Some(actual / f64::from(months) * 12.0), "projected")
            }
        }
        Measure::Snapshot => (Some(actual), "latest"),
    }
}

/// Months of the financial year elapsed at the end of `period` (1-12).
fn months_elapsed(period: Period, cal: Calendar) -> u32 {
    match period {
        Period::Month { .. } => cal.month_of_year(period).clamp(1, 12),
        Period::Quarter { q, .. } => (3 * q).clamp(1, 12),
        Period::Year { .. } => 12,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::target::tests::indicator;
    use crate::period::Frequency;

    const CAL: Calendar = Calendar::new(4);

    fn cumulative() -> Indicator {
        let mut i = indicator("F-1");
        i.measure = Measure::Cumulative;
        i
    }

    #[test]
    fn owner_forecast_wins() {
        let i = cumulative();
        let p = Period::Month {
            year: 2025,
            month: 9,
        };
        assert_eq!(
            forecast(&i, Some(550.0), Some(300.0), p, CAL),
            (Some(550.0), "owner")
        );
        // Even with no actual.
        assert_eq!(
            forecast(&i, Some(550.0), None, p, CAL),
            (Some(550.0), "owner")
        );
    }

    #[test]
    fn cumulative_is_projected() {
        let i = cumulative();
        // September is month 6 of an April year: 300 / 6 × 12 = 600.
        let sep = Period::Month {
            year: 2025,
            month: 9,
        };
        assert_eq!(
            forecast(&i, None, Some(300.0), sep, CAL),
            (Some(600.0), "projected")
        );
        // January is month 10: 250 / 10 × 12 = 300.
        let jan = Period::Month {
            year: 2026,
            month: 1,
        };
        assert_eq!(
            forecast(&i, None, Some(250.0), jan, CAL),
            (Some(300.0), "projected")
        );
        // April is month 1: 40 × 12 = 480.
        let apr = Period::Month {
            year: 2025,
            month: 4,
        };
        assert_eq!(
            forecast(&i, None, Some(40.0), apr, CAL),
            (Some(480.0), "projected")
        );
        // Quarter 2 is 6 months: 300 -> 600.
        let mut q = cumulative();
        q.frequency = Frequency::Quarterly;
        let q2 = Period::Quarter { fy: 2025, q: 2 };
        assert_eq!(
            forecast(&q, None, Some(300.0), q2, CAL),
            (Some(600.0), "projected")
        );
        // March (month 12): the outturn is the actual.
        let mar = Period::Month {
            year: 2026,
            month: 3,
        };
        assert_eq!(
            forecast(&i, None, Some(610.0), mar, CAL),
            (Some(610.0), "latest")
        );
    }

    #[test]
    fn snapshot_uses_latest_actual() {
        let i = indicator("F-2");
        let p = Period::Month {
            year: 2025,
            month: 9,
        };
        assert_eq!(
            forecast(&i, None, Some(82.5), p, CAL),
            (Some(82.5), "latest")
        );
        assert_eq!(forecast(&i, None, None, p, CAL), (None, "none"));
    }
}
