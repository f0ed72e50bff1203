//! The target for a period (SPEC section 5), and what a blank return asks for.

use crate::model::{Due, Indicator, Measure, Register};
use crate::period::{Calendar, Period};
use crate::text::same_directorate;

/// The target for `period` and where it came from: `profiled`, `pro rata`,
/// `annual` or `none`.
///
/// A profiled target in the register's `Targets` sheet wins. Otherwise a
/// cumulative measure gets the annual target pro rata to the part of the year
/// elapsed (month m: m/12; quarter q: q/4; year: all of it), unrounded, so
/// 560 after 4 months is 186.666...; a snapshot measure gets the annual target.
pub fn target_for_period(
    ind: &Indicator,
    register: &Register,
    period: Period,
    cal: Calendar,
) -> (Option<f64>, &'static str) {
    if let Some(t) = register.targets.get(&(ind.key.clone(), period)) {
        if t.is_finite() {
            return (Some(*t), "profiled");
        }
    }
    let Some(annual) = ind.annual_target.filter(|t| t.is_finite()) else {
        return (None, "none");
    };
    match ind.measure {
        Measure::Snapshot => (Some(annual), "annual"),
        Measure::Cumulative => {
            let share = match period {
                Period::Month { .. } => f64::from(cal.month_of_year(period)) / 12.0,
                Period::Quarter { q, .. } => f64::from(q) / 4.0,
                Period::Year { .. } => 1.0,
            };
            if share >= 1.0 {
                // The year-end target itself, not a product that might carry noise.
                (Some(annual), "annual")
            } else {
                (Some(annual * share), "pro rata")
            }
        }
    }
}

/// The period of the indicator's own frequency that covers the month being
/// reported, or `None` when the indicator is not due that month.
pub fn due_period(ind: &Indicator, report_month: Period, cal: Calendar) -> Option<Period> {
    cal.for_frequency(report_month, ind.frequency)
}

/// The indicators of `directorate` due in `period`, in register order, each
/// with its own period and the target it will be assessed against: what a
/// blank return asks for.
pub fn due_in<'a>(
    register: &'a Register,
    directorate: &str,
    period: Period,
    cal: Calendar,
) -> Vec<Due<'a>> {
    register
        .indicators
        .iter()
        .filter(|i| same_directorate(&i.directorate, directorate))
        .filter_map(|i| {
            let own = due_period(i, period, cal)?;
            Some(Due {
                indicator: i,
                period: own,
                target: target_for_period(i, register, own, cal).0,
            })
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Polarity, Unit};
    use crate::period::Frequency;

    /// An indicator for tests: monthly, higher, snapshot, 5% tolerance, no decimals.
    pub(crate) fn indicator(code: &str) -> Indicator {
        Indicator {
            code: code.to_string(),
            key: crate::text::normalise_code(code),
            title: format!("Title of {code}"),
            directorate: "Adults".to_string(),
            owner: Some("Jo Smith".to_string()),
            unit: Unit::Number,
            polarity: Polarity::Higher,
            frequency: Frequency::Monthly,
            measure: Measure::Snapshot,
            annual_target: Some(100.0),
            tolerance: 0.05,
            min: None,
            max: None,
            multiplier: None,
            decimals: None,
            required: true,
            definition: None,
            data_source: None,
            attributes: Vec::new(),
            row: 2,
        }
    }

    fn register_with(ind: &Indicator) -> Register {
        Register {
            file: "register.xlsx".to_string(),
            indicators: vec![ind.clone()],
            ..Default::default()
        }
    }

    const CAL: Calendar = Calendar::new(4);

    #[test]
    fn snapshot_uses_annual_target() {
        let ind = indicator("A-1");
        let reg = register_with(&ind);
        let p = Period::Month {
            year: 2025,
            month: 7,
        };
        assert_eq!(
            target_for_period(&ind, &reg, p, CAL),
            (Some(100.0), "annual")
        );
    }

    #[test]
    fn cumulative_monthly_is_pro_rata_unrounded() {
        let mut ind = indicator("A-1");
        ind.measure = Measure::Cumulative;
        ind.annual_target = Some(560.0);
        let reg = register_with(&ind);
        // July is month 4 of an April year: 560 × 4/12 = 186.666...
        let (t, basis) = target_for_period(
            &ind,
            &reg,
            Period::Month {
                year: 2025,
                month: 7,
            },
            CAL,
        );
        assert_eq!(basis, "pro rata");
        let t = t.unwrap_or(f64::NAN);
        assert!((t - 186.666_666_666_666_66).abs() < 1e-9, "{t}");
        assert_ne!(t, 186.67);
        // April is month 1: 560/12.
        let (t, _) = target_for_period(
            &ind,
            &reg,
            Period::Month {
                year: 2025,
                month: 4,
            },
            CAL,
        );
        assert!((t.unwrap_or(f64::NAN) - 46.666_666_666_666_66).abs() < 1e-9);
        // March (calendar 2026) is month 12: the whole annual target.
        let (t, basis) = target_for_period(
            &ind,
            &reg,
            Period::Month {
                year: 2026,
                month: 3,
            },
            CAL,
        );
        assert_eq!((t, basis), (Some(560.0), "annual"));
    }

    #[test]
    fn cumulative_quarterly_is_q_over_4() {
        let mut ind = indicator("A-1");
        ind.measure = Measure::Cumulative;
        ind.frequency = Frequency::Quarterly;
        ind.annual_target = Some(560.0);
        let reg = register_with(&ind);
        let q3 = Period::Quarter { fy: 2025, q: 3 };
        assert_eq!(
            target_for_period(&ind, &reg, q3, CAL),
            (Some(420.0), "pro rata")
        );
        let q1 = Period::Quarter { fy: 2025, q: 1 };
        assert_eq!(
            target_for_period(&ind, &reg, q1, CAL),
            (Some(140.0), "pro rata")
        );
        let year = Period::Year { fy: 2025 };
        assert_eq!(
            target_for_period(&ind, &reg, year, CAL),
            (Some(560.0), "annual")
        );
    }

    #[test]
    fn profiled_target_overrides() {
        let mut ind = indicator("asc 01");
        ind.measure = Measure::Cumulative;
        ind.annual_target = Some(560.0);
        let mut reg = register_with(&ind);
        let p = Period::Month {
            year: 2025,
            month: 7,
        };
        reg.targets.insert(("ASC 01".to_string(), p), 150.0);
        assert_eq!(
            target_for_period(&ind, &reg, p, CAL),
            (Some(150.0), "profiled")
        );
        // Other months still pro rata.
        let aug = Period::Month {
            year: 2025,
            month: 8,
        };
        let (t, basis) = target_for_period(&ind, &reg, aug, CAL);
        assert_eq!(basis, "pro rata");
        assert!((t.unwrap_or(f64::NAN) - 233.333_333_333_333_3).abs() < 1e-9);
        // A profiled target applies even without an annual target.
        ind.annual_target = None;
        assert_eq!(
            target_for_period(&ind, &reg, p, CAL),
            (Some(150.0), "profiled")
        );
        assert_eq!(target_for_period(&ind, &reg, aug, CAL), (None, "none"));
    }

    #[test]
    fn no_target() {
        let mut ind = indicator("A-1");
        ind.annual_target = None;
        let reg = register_with(&ind);
        let p = Period::Month {
            year: 2025,
            month: 7,
        };
        assert_eq!(target_for_period(&ind, &reg, p, CAL), (None, "none"));
    }
}
