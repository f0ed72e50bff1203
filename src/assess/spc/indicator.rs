//! SPC for every indicator result of a consolidation: each indicator's series
//! from its resolved observations (withheld values are already set aside), its
//! target for the period on the series' scale, and the `assurance-fail`
//! exception reason when the council asks for it.

use super::{assess, series, series_target, Options, PeriodKey, Reading};
use crate::assess::target::target_for_period;
use crate::model::spc::Assurance;
use crate::model::{
    Indicator, IndicatorHistory, IndicatorResult, Observation, Polarity, Reason, Register, SpcPoint,
};
use crate::period::{Calendar, Period};
use crate::quality::reliability::Resolved;
use std::collections::HashMap;

/// Where `period` sits in its financial year, for the series.
pub fn period_key(period: Period, cal: Calendar) -> PeriodKey {
    let position = match period {
        Period::Month { .. } => cal.month_of_year(period),
        Period::Quarter { q, .. } => q,
        Period::Year { .. } => 1,
    };
    PeriodKey::new(cal.fy(period), position)
}

/// Fills `spc` and `spc_series` of every result, and, when `spc_fail` is set,
/// adds [`Reason::AssuranceFail`] (and makes the indicator an exception) where
/// assurance is `fail`.
pub fn attach(
    register: &Register,
    resolved: &Resolved<'_>,
    results: &mut [IndicatorResult],
    report_month: Period,
    cal: Calendar,
    options: &Options,
    spc_fail: bool,
) {
    let mut by_code: HashMap<&str, Vec<&Observation>> = HashMap::new();
    for ((code, _), o) in &resolved.observations {
        by_code.entry(code.as_str()).or_default().push(&**o);
    }
    for r in results.iter_mut() {
        let Some(ind) = register.get(&r.code) else {
            continue;
        };
        let obs = by_code
            .get(ind.key.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let Some((spc, points)) = for_indicator(ind, register, report_month, cal, obs, options)
        else {
            continue;
        };
        if spc_fail && spc.assurance == Some(Assurance::Fail) {
            if !r.reasons.contains(&Reason::AssuranceFail) {
                r.reasons.push(Reason::AssuranceFail);
                r.reasons.sort();
            }
            r.exception = true;
        }
        r.spc = Some(spc);
        r.spc_series = points;
    }
}

/// The SPC of one indicator for the period of `report_month`, with the series
/// charted, each point with its target on the series' scale; `None` when not
/// due or too few points.
pub fn for_indicator(
    ind: &Indicator,
    register: &Register,
    report_month: Period,
    cal: Calendar,
    observations: &[&Observation],
    options: &Options,
) -> Option<(crate::model::spc::Spc, Vec<SpcPoint>)> {
    let period = cal.for_frequency(report_month, ind.frequency)?;
    let history = IndicatorHistory::new(ind, cal, observations);
    let readings: Vec<Reading<Period>> = history
        .iter()
        .map(|(p, o)| Reading {
            period: p,
            key: period_key(p, cal),
            value: o.value,
            withheld: false,
        })
        .collect();
    let through = period_key(period, cal);
    let points = series(&readings, ind.measure, through);
    if points.len() < options.min_points {
        return None;
    }
    // Assurance needs a target on one side; band and none have no side.
    let target = match ind.polarity {
        Polarity::Higher | Polarity::Lower => point_target(ind, register, period, cal),
        Polarity::Band | Polarity::None => None,
    };
    let values: Vec<f64> = points.iter().map(|p| p.value).collect();
    let spc = assess(&values, ind.polarity, target, options)?;
    let charted = points
        .into_iter()
        .map(|p| SpcPoint {
            period: cal.id(p.period),
            value: p.value,
            target: point_target(ind, register, p.period, cal),
        })
        .collect();
    Some((spc, charted))
}

/// The target of `period` on the series' scale: for a cumulative measure,
/// the period's target less the previous period's in the same year (the
/// first period of the year taking its own).
fn point_target(
    ind: &Indicator,
    register: &Register,
    period: Period,
    cal: Calendar,
) -> Option<f64> {
    let first_of_year = period_key(period, cal).position <= 1;
    let target = target_for_period(ind, register, period, cal).0;
    let previous = (!first_of_year)
        .then(|| target_for_period(ind, register, period.previous(), cal).0)
        .flatten();
    series_target(ind.measure, target, previous, first_of_year)
}
