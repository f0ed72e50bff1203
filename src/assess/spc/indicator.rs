//! SPC for every indicator result of a consolidation: each indicator's series
//! from its resolved observations (withheld values are already set aside), its
//! target for the period on the series' scale, and the `assurance-fail`
//! exception reason when the council asks for it.

use super::{assess, series, series_target, Options, PeriodKey, Reading};
use crate::assess::target::target_for_period;
use crate::model::spc::Assurance;
use crate::model::{
    Indicator, IndicatorHistory, IndicatorResult, Observation, Polarity, Reason, Register,
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
    let by_result_code: HashMap<&str, &Indicator> = register
        .indicators
        .iter()
        .map(|i| (i.code.as_str(), i))
        .collect();
    for r in results.iter_mut() {
        let Some(ind) = by_result_code.get(r.code.as_str()) else {
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
/// charted as (period id, value); `None` when not due or too few points.
pub fn for_indicator(
    ind: &Indicator,
    register: &Register,
    report_month: Period,
    cal: Calendar,
    observations: &[&Observation],
    options: &Options,
) -> Option<(super::Spc, Vec<(String, f64)>)> {
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
    let (target, _) = target_for_period(ind, register, period, cal);
    let first_of_year = through.position <= 1;
    let previous_target = if first_of_year {
        None
    } else {
        target_for_period(ind, register, period.previous(), cal).0
    };
    let target = match ind.polarity {
        Polarity::Higher | Polarity::Lower => {
            series_target(ind.measure, target, previous_target, first_of_year)
        }
        Polarity::Band | Polarity::None => None,
    };
    let values: Vec<f64> = points.iter().map(|p| p.value).collect();
    let spc = assess(&values, ind.polarity, target, options)?;
    let charted = points
        .into_iter()
        .map(|p| (cal.id(p.period), p.value))
        .collect();
    Some((spc, charted))
}
