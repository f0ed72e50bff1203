//! Forecast year-end outturn (SPEC section 5).

use crate::model::{Indicator, Measure};
use crate::period::{Calendar, Period};

/// Forecast year-end outturn and where it came from: `owner`, `pro-rata`,
/// `latest` or `none` (SPEC sections 5 and 15).
///
/// The owner's forecast when returned, as given; else for a cumulative measure
/// the year-to-date straight-lined to the year end (YTD / months elapsed × 12, so
/// 300 after 6 months is 600; quarter q counts 3q months); else the latest
/// actual. A forecast ipr makes is capped to the indicator's valid range (Min and
/// Max, 0 to 100 for percent units by default): a year-to-date 56% straight-lined
/// is 112%, which no indicator can reach, and Cabinet must never read it.
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
    let (made, basis) = match ind.measure {
        Measure::Cumulative => {
            let months = months_elapsed(period, cal);
            if months >= 12 {
                // The year is over: the outturn is the actual.
                (actual, "latest")
            } else {
                (actual / f64::from(months) * 12.0, "pro-rata")
            }
        }
        Measure::Snapshot => (actual, "latest"),
    };
    (Some(capped(ind, made)), basis)
}

/// `v` held inside the indicator's valid range, where it has one.
fn capped(ind: &Indicator, v: f64) -> f64 {
    let v = ind.min.map_or(v, |lo| v.max(lo));
    ind.max.map_or(v, |hi| v.min(hi))
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
    fn cumulative_is_pro_rata() {
        let i = cumulative();
        // September is month 6 of an April year: 300 / 6 × 12 = 600.
        let sep = Period::Month {
            year: 2025,
            month: 9,
        };
        assert_eq!(
            forecast(&i, None, Some(300.0), sep, CAL),
            (Some(600.0), "pro-rata")
        );
        // January is month 10: 250 / 10 × 12 = 300.
        let jan = Period::Month {
            year: 2026,
            month: 1,
        };
        assert_eq!(
            forecast(&i, None, Some(250.0), jan, CAL),
            (Some(300.0), "pro-rata")
        );
        // April is month 1: 40 × 12 = 480.
        let apr = Period::Month {
            year: 2025,
            month: 4,
        };
        assert_eq!(
            forecast(&i, None, Some(40.0), apr, CAL),
            (Some(480.0), "pro-rata")
        );
        // Quarter 2 is 6 months: 300 -> 600.
        let mut q = cumulative();
        q.frequency = Frequency::Quarterly;
        let q2 = Period::Quarter { fy: 2025, q: 2 };
        assert_eq!(
            forecast(&q, None, Some(300.0), q2, CAL),
            (Some(600.0), "pro-rata")
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
    fn ipr_forecast_is_capped_to_the_valid_range_and_the_owner_is_not() {
        // A year-to-date percentage: 56% after six months straight-lines to 112%.
        let mut i = cumulative();
        i.min = Some(0.0);
        i.max = Some(100.0);
        let sep = Period::Month {
            year: 2026,
            month: 9,
        };
        assert_eq!(
            forecast(&i, None, Some(56.0), sep, CAL),
            (Some(100.0), "pro-rata")
        );
        // Below the range too (a negative year to date with a floor of 0).
        assert_eq!(
            forecast(&i, None, Some(-3.0), sep, CAL),
            (Some(0.0), "pro-rata")
        );
        // Inside the range it is untouched.
        assert_eq!(
            forecast(&i, None, Some(40.0), sep, CAL),
            (Some(80.0), "pro-rata")
        );
        // The latest actual is held in range as well.
        let mut snap = indicator("F-3");
        snap.max = Some(10.0);
        assert_eq!(
            forecast(&snap, None, Some(12.0), sep, CAL),
            (Some(10.0), "latest")
        );
        // An owner's forecast is theirs, as given: never altered.
        assert_eq!(
            forecast(&i, Some(104.0), Some(56.0), sep, CAL),
            (Some(104.0), "owner")
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
