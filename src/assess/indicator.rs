//! Assessing one indicator for the month being reported: all of SPEC sections 5 and 6.

use super::direction::direction;
use super::exception::exception_reasons;
use super::forecast::forecast;
use super::rag::rag;
use super::target::target_for_period;
use crate::model::{
    Direction, Indicator, IndicatorHistory, IndicatorResult, Measure, Observation, Register,
    TrendPoint,
};
use crate::period::{Calendar, Period};

/// Assess one indicator for `report_month` (the month being reported).
///
/// `observations` are all the observations for this indicator, any period,
/// at most one per period. Returns `None` when the indicator is not due that
/// month (a quarterly indicator in August). Every other indicator gets a
/// result, `missing` when nothing was returned. `dq_errors` and
/// `dq_warnings` are left at 0 for the caller to fill.
pub fn assess_indicator(
    ind: &Indicator,
    register: &Register,
    report_month: Period,
    cal: Calendar,
    observations: &[&Observation],
) -> Option<IndicatorResult> {
    let period = cal.for_frequency(report_month, ind.frequency)?;
    let history = IndicatorHistory::new(ind, cal, observations);
    let obs = history.get(period);
    let actual = history.value(period);
    let (target, target_basis) = target_for_period(ind, register, period, cal);
    let rag_now = rag(ind, actual, target);

    let previous = period.previous();
    let previous_value = history.value(previous);
    let (previous_target, _) = target_for_period(ind, register, previous, cal);
    let previous_rag = rag(ind, previous_value, previous_target);

    let last_year_value = history.value(period.year_earlier());
    let direction_last_year = direction(ind, actual, last_year_value, target);
    // A cumulative total only grows within the year, so period-on-period
    // direction is meaningful for snapshot measures alone.
    let direction_previous = match ind.measure {
        Measure::Snapshot => direction(ind, actual, previous_value, target),
        Measure::Cumulative => Direction::None,
    };

    let owner_forecast = obs.and_then(|o| o.forecast);
    let (forecast_value, forecast_basis) = forecast(ind, owner_forecast, actual, period, cal);
    let reasons = exception_reasons(
        ind,
        rag_now,
        forecast_value,
        Some(previous_rag),
        direction_previous,
        direction_last_year,
    );

    Some(IndicatorResult {
        code: ind.code.clone(),
        title: ind.title.clone(),
        directorate: ind.directorate.clone(),
        owner: ind.owner.clone(),
        period: cal.id(period),
        actual,
        target,
        target_basis,
        variance: actual.zip(target).map(|(a, t)| a - t),
        rag: rag_now,
        direction_last_year,
        direction_previous,
        ytd: match ind.measure {
            Measure::Cumulative => actual,
            Measure::Snapshot => None,
        },
        annual_target: ind.annual_target,
        forecast: forecast_value,
        forecast_basis,
        exception: !reasons.is_empty(),
        reasons,
        commentary: obs.and_then(|o| o.commentary.clone()),
        dq_errors: 0,
        dq_warnings: 0,
        source: obs.map(|o| o.source.clone()),
        trend: trend(ind, register, &history, period, cal),
        spc: None,
        spc_series: Vec::new(),
    })
}

/// The indicator's trend ending at `period`, each period with its own target.
fn trend(
    ind: &Indicator,
    register: &Register,
    history: &IndicatorHistory<'_>,
    period: Period,
    cal: Calendar,
) -> Vec<TrendPoint> {
    history
        .trend(period)
        .into_iter()
        .map(|(p, value)| TrendPoint {
            period: cal.id(p),
            value,
            target: target_for_period(ind, register, p, cal).0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::target::tests::indicator;
    use crate::model::observation::Source;
    use crate::model::Polarity;
    use crate::model::{Rag, Reason};
    use crate::period::Frequency;

    const CAL: Calendar = Calendar::new(4);

    fn month(year: i32, month: u32) -> Period {
        Period::Month { year, month }
    }

    fn obs(period: Period, value: Option<f64>) -> Observation {
        Observation {
            code: "I-1".into(),
            directorate: "Adults".into(),
            period,
            value,
            value_seen: value.map(|v| v.to_string()).unwrap_or_default(),
            numerator: None,
            denominator: None,
            target: None,
            forecast: None,
            commentary: None,
            data_note: None,
            source: Source {
                file: "adults.xlsx".into(),
                sheet: "Return".into(),
                row: 4,
                col: 2,
            },
        }
    }

    fn register(ind: &Indicator) -> Register {
        Register {
            file: "register.xlsx".to_string(),
            indicators: vec![ind.clone()],
            ..Default::default()
        }
    }

    /// Higher is better, target 80, 5%: green ≥ 80, amber ≥ 76.
    fn snapshot() -> Indicator {
        let mut i = indicator("I-1");
        i.annual_target = Some(80.0);
        i
    }

    fn point(period: &str, value: Option<f64>, target: Option<f64>) -> TrendPoint {
        TrendPoint {
            period: period.to_string(),
            value,
            target,
        }
    }

    fn run(
        ind: &Indicator,
        reg: &Register,
        report: Period,
        all: &[Observation],
    ) -> IndicatorResult {
        let refs: Vec<&Observation> = all.iter().collect();
        match assess_indicator(ind, reg, report, CAL, &refs) {
            Some(r) => r,
            None => panic!("indicator should be due in {report:?}"),
        }
    }

    #[test]
    fn april_compares_with_march_of_the_previous_year() {
        let ind = snapshot();
        let reg = register(&ind);
        let mut now = obs(month(2025, 4), Some(77.0));
        now.commentary = Some("Staff shortages".to_string());
        let all = vec![
            obs(month(2024, 4), Some(79.0)),
            obs(month(2025, 3), Some(78.0)),
            now,
        ];
        let r = run(&ind, &reg, month(2025, 4), &all);
        assert_eq!(r.period, "2025-04");
        assert_eq!(r.actual, Some(77.0));
        assert_eq!((r.target, r.target_basis), (Some(80.0), "annual"));
        assert_eq!(r.variance, Some(-3.0));
        assert_eq!(r.rag, Rag::Amber);
        // 78 in March 2025 -> 77: worse; 79 in April 2024 -> 77: worse.
        assert_eq!(r.direction_previous, Direction::Worsening);
        assert_eq!(r.direction_last_year, Direction::Worsening);
        // Amber in March too, and worsening.
        assert_eq!(r.reasons, vec![Reason::AmberTwice]);
        assert!(r.exception);
        assert_eq!(r.ytd, None);
        assert_eq!((r.forecast, r.forecast_basis), (Some(77.0), "latest"));
        assert_eq!(r.commentary.as_deref(), Some("Staff shortages"));
        assert_eq!(r.source.as_ref().map(|s| s.cell()), Some("C5".to_string()));
        assert_eq!((r.dq_errors, r.dq_warnings), (0, 0));
        // 12 months ending April 2025 start in May 2024: April 2024 is outside,
        // and the months before March 2025 have nothing.
        assert_eq!(
            r.trend,
            vec![
                point("2025-03", Some(78.0), Some(80.0)),
                point("2025-04", Some(77.0), Some(80.0))
            ]
        );
    }

    #[test]
    fn december_to_january() {
        let ind = snapshot();
        let reg = register(&ind);
        let all = vec![
            obs(month(2025, 12), Some(77.0)),
            obs(month(2026, 1), Some(78.0)),
        ];
        let r = run(&ind, &reg, month(2026, 1), &all);
        assert_eq!(r.period, "2026-01");
        assert_eq!(r.rag, Rag::Amber);
        assert_eq!(r.direction_previous, Direction::Improving);
        assert_eq!(r.direction_last_year, Direction::None);
        // Amber twice but improving: not an exception.
        assert!(r.reasons.is_empty());
        assert!(!r.exception);
        assert_eq!(
            r.trend
                .iter()
                .map(|p| p.period.as_str())
                .collect::<Vec<_>>(),
            vec!["2025-12", "2026-01"]
        );
    }

    #[test]
    fn cumulative_red_with_forecast() {
        let mut ind = snapshot();
        ind.measure = Measure::Cumulative;
        ind.annual_target = Some(560.0);
        let reg = register(&ind);
        let all = vec![
            obs(month(2024, 7), Some(170.0)),
            obs(month(2025, 6), Some(120.0)),
            obs(month(2025, 7), Some(150.0)),
        ];
        let r = run(&ind, &reg, month(2025, 7), &all);
        // Target 560 × 4/12 = 186.666...; amber edge 177.333...; 150 is red.
        assert_eq!(r.target_basis, "pro rata");
        assert!((r.target.unwrap_or(0.0) - 186.666_666_666_666_66).abs() < 1e-9);
        assert!((r.variance.unwrap_or(0.0) + 36.666_666_666_666_66).abs() < 1e-9);
        assert_eq!(r.rag, Rag::Red);
        assert_eq!(r.ytd, Some(150.0));
        // 150 / 4 × 12 = 450, below 560 − 28 = 532.
        assert_eq!((r.forecast, r.forecast_basis), (Some(450.0), "pro-rata"));
        assert_eq!(r.reasons, vec![Reason::Red, Reason::Forecast]);
        assert_eq!(r.direction_previous, Direction::None);
        assert_eq!(r.direction_last_year, Direction::Worsening);
        assert_eq!(r.annual_target, Some(560.0));
    }

    #[test]
    fn each_trend_period_carries_its_own_target() {
        // Year to date against 1200 a year, with April 2025 profiled at 90:
        // each month's target is its own, not July's repeated.
        let mut ind = snapshot();
        ind.measure = Measure::Cumulative;
        ind.annual_target = Some(1200.0);
        let mut reg = register(&ind);
        reg.targets.insert((ind.key.clone(), month(2025, 4)), 90.0);
        let all = vec![
            obs(month(2025, 3), Some(1150.0)),
            obs(month(2025, 4), Some(96.0)),
            obs(month(2025, 6), Some(310.0)),
            obs(month(2025, 7), Some(390.0)),
        ];
        let r = run(&ind, &reg, month(2025, 7), &all);
        assert_eq!(r.target, Some(400.0));
        assert_eq!(
            r.trend,
            vec![
                // March is the year's last month: the whole annual target.
                point("2025-03", Some(1150.0), Some(1200.0)),
                point("2025-04", Some(96.0), Some(90.0)),
                point("2025-05", None, Some(200.0)),
                point("2025-06", Some(310.0), Some(300.0)),
                point("2025-07", Some(390.0), Some(400.0)),
            ]
        );
        assert_eq!(r.trend_points(), r.trend, "the trend already ends in July");
    }

    #[test]
    fn cumulative_april_uses_last_march_and_last_april() {
        let mut ind = snapshot();
        ind.measure = Measure::Cumulative;
        ind.annual_target = Some(1200.0);
        let reg = register(&ind);
        let all = vec![
            obs(month(2024, 4), Some(98.0)),
            obs(month(2025, 3), Some(1150.0)),
            obs(month(2025, 4), Some(96.0)),
        ];
        let r = run(&ind, &reg, month(2025, 4), &all);
        // April is month 1: target 1200/12 = 100, amber edge 95; 96 is amber.
        assert_eq!((r.target, r.target_basis), (Some(100.0), "pro rata"));
        assert_eq!(r.rag, Rag::Amber);
        // March 2025 closed the previous year: 1150 against 1200 (edge 1140), amber.
        // No period-on-period direction for a year-to-date total; 98 -> 96 on
        // last April is worsening, so amber twice.
        assert_eq!(r.direction_previous, Direction::None);
        assert_eq!(r.direction_last_year, Direction::Worsening);
        // 96 × 12 = 1152, within 5% of 1200: no forecast reason.
        assert_eq!((r.forecast, r.forecast_basis), (Some(1152.0), "pro-rata"));
        assert_eq!(r.reasons, vec![Reason::AmberTwice]);
    }

    #[test]
    fn owner_forecast_and_profiled_target() {
        let mut ind = snapshot();
        ind.measure = Measure::Cumulative;
        ind.annual_target = Some(560.0);
        let mut reg = register(&ind);
        reg.targets.insert((ind.key.clone(), month(2025, 7)), 150.0);
        let mut o = obs(month(2025, 7), Some(150.0));
        o.forecast = Some(540.0);
        let r = run(&ind, &reg, month(2025, 7), &[o]);
        assert_eq!((r.target, r.target_basis), (Some(150.0), "profiled"));
        assert_eq!(r.rag, Rag::Green);
        assert_eq!((r.forecast, r.forecast_basis), (Some(540.0), "owner"));
        // 540 is within 5% of 560 (edge 532).
        assert!(r.reasons.is_empty());
    }

    #[test]
    fn nothing_returned_is_missing() {
        let ind = snapshot();
        let reg = register(&ind);
        let r = run(&ind, &reg, month(2025, 7), &[]);
        assert_eq!(r.rag, Rag::Missing);
        assert_eq!(r.actual, None);
        assert_eq!(r.variance, None);
        assert_eq!(r.source, None);
        assert_eq!((r.forecast, r.forecast_basis), (None, "none"));
        assert!(!r.exception);
        assert_eq!(r.trend, vec![point("2025-07", None, Some(80.0))]);
        // A row with "n/a" keeps its commentary and source but is still missing.
        let mut na = obs(month(2025, 7), None);
        na.commentary = Some("System down".to_string());
        let r = run(&ind, &reg, month(2025, 7), &[na]);
        assert_eq!(r.rag, Rag::Missing);
        assert_eq!(r.commentary.as_deref(), Some("System down"));
        assert!(r.source.is_some());
    }

    #[test]
    fn quarterly_due_only_at_quarter_ends() {
        let mut ind = snapshot();
        ind.frequency = Frequency::Quarterly;
        let reg = register(&ind);
        // A value filed under the month September counts for Q2.
        let all = vec![
            obs(Period::Quarter { fy: 2025, q: 1 }, Some(81.0)),
            obs(month(2025, 9), Some(70.0)),
        ];
        let refs: Vec<&Observation> = all.iter().collect();
        assert!(assess_indicator(&ind, &reg, month(2025, 8), CAL, &refs).is_none());
        let r = run(&ind, &reg, month(2025, 9), &all);
        assert_eq!(r.period, "2025/26-Q2");
        assert_eq!(r.actual, Some(70.0));
        assert_eq!(r.rag, Rag::Red);
        assert_eq!(r.direction_previous, Direction::Worsening);
        assert_eq!(
            r.trend,
            vec![
                point("2025/26-Q1", Some(81.0), Some(80.0)),
                point("2025/26-Q2", Some(70.0), Some(80.0))
            ]
        );
    }

    #[test]
    fn trend_is_at_most_twelve_periods_oldest_first() {
        let ind = snapshot();
        let reg = register(&ind);
        // 18 months from Feb 2024 to Jul 2025, values 1..18.
        let all: Vec<Observation> = (0..18)
            .map(|i| {
                let idx = 2024 * 12 + 1 + i;
                obs(
                    month(idx / 12, (idx % 12 + 1) as u32),
                    Some(f64::from(i + 1)),
                )
            })
            .collect();
        let r = run(&ind, &reg, month(2025, 7), &all);
        assert_eq!(r.trend.len(), 12);
        assert_eq!(r.trend[0], point("2024-08", Some(7.0), Some(80.0)));
        assert_eq!(r.trend[11], point("2025-07", Some(18.0), Some(80.0)));
    }

    /// Lower is better (days to process a claim), target 20, 10%: green ≤ 20,
    /// amber ≤ 22, red above.
    fn lower_snapshot() -> Indicator {
        let mut i = indicator("I-1");
        i.polarity = Polarity::Lower;
        i.tolerance = 0.10;
        i.annual_target = Some(20.0);
        i.decimals = Some(1);
        i
    }

    #[test]
    fn lower_is_better_amber_twice_and_worsening_from_december_to_january() {
        let ind = lower_snapshot();
        let reg = register(&ind);
        let all = vec![
            obs(month(2025, 1), Some(23.0)),
            obs(month(2025, 12), Some(20.5)),
            obs(month(2026, 1), Some(21.6)),
        ];
        let r = run(&ind, &reg, month(2026, 1), &all);
        // 21.6 ≤ 22: amber. December 20.5 was amber too, and 20.5 -> 21.6 is worse
        // when lower is better; January last year 23.0 -> 21.6 is better.
        assert_eq!(r.rag, Rag::Amber);
        assert_eq!(r.direction_previous, Direction::Worsening);
        assert_eq!(r.direction_last_year, Direction::Improving);
        assert_eq!(r.reasons, vec![Reason::AmberTwice]);
        // A snapshot's forecast is its latest actual: 21.6 is within 22, so no forecast reason.
        assert_eq!((r.forecast, r.forecast_basis), (Some(21.6), "latest"));
        // At the reporting precision (1 dp) 20.54 is 20.5, the same as December: unchanged,
        // so amber twice but not worsening, and not an exception.
        let all = vec![
            obs(month(2025, 12), Some(20.5)),
            obs(month(2026, 1), Some(20.54)),
        ];
        let r = run(&ind, &reg, month(2026, 1), &all);
        assert_eq!(r.direction_previous, Direction::Unchanged);
        assert!(!r.exception);
    }

    #[test]
    fn lower_is_better_cumulative_spend_projected_over_budget() {
        // Agency spend year to date (lower is better): annual budget 1,200,000, 5%.
        let mut ind = indicator("I-1");
        ind.polarity = Polarity::Lower;
        ind.measure = Measure::Cumulative;
        ind.annual_target = Some(1_200_000.0);
        let reg = register(&ind);
        let all = vec![
            obs(month(2025, 9), Some(640_000.0)),
            obs(month(2026, 9), Some(615_000.0)),
        ];
        let r = run(&ind, &reg, month(2026, 9), &all);
        // September is month 6: target 600,000, amber edge 630,000; 615,000 is amber.
        assert_eq!((r.target, r.target_basis), (Some(600_000.0), "pro rata"));
        assert_eq!(r.rag, Rag::Amber);
        // 615,000 / 6 × 12 = 1,230,000: over budget but within 1,260,000 (5%): no reason.
        assert_eq!(
            (r.forecast, r.forecast_basis),
            (Some(1_230_000.0), "pro-rata")
        );
        assert!(r.reasons.is_empty(), "{:?}", r.reasons);
        // Last September 640,000 -> 615,000: better when lower is better.
        assert_eq!(r.direction_last_year, Direction::Improving);
        assert_eq!(r.direction_previous, Direction::None);
        // 640,000 by September would project 1,280,000 > 1,260,000: the forecast reason.
        let all = vec![obs(month(2026, 9), Some(640_000.0))];
        let r = run(&ind, &reg, month(2026, 9), &all);
        assert_eq!(r.rag, Rag::Red);
        assert_eq!(r.reasons, vec![Reason::Red, Reason::Forecast]);
    }
}
