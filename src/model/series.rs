//! One indicator's observations by period: the view both the history rules
//! (`quality::history`) and the assessment read values through, so that they
//! agree on which value belongs to which period.

use super::observation::Observation;
use crate::model::Indicator;
use crate::period::{Calendar, Period};
use std::collections::BTreeMap;

/// Number of periods shown in a trend sparkline.
pub const TREND_PERIODS: usize = 12;

/// One indicator's observations indexed by the indicator's own periods
/// (months, quarters or years as its frequency says).
#[derive(Debug, Clone, Default)]
pub struct IndicatorHistory<'a> {
    by_period: BTreeMap<Period, &'a Observation>,
}

impl<'a> IndicatorHistory<'a> {
    /// Index `observations` (all for one indicator, any period) by the
    /// indicator's period.
    ///
    /// An observation filed under another kind of period is moved to the
    /// indicator's period ending in the same month (a quarterly value given
    /// for June counts for Q1) and dropped if none ends then; where two land
    /// on one period, the one given in the indicator's own kind wins, then
    /// the first. The caller has already reported duplicates.
    pub fn new(ind: &Indicator, cal: Calendar, observations: &[&'a Observation]) -> Self {
        let mut by_period = BTreeMap::new();
        let mut moved = Vec::new();
        for &o in observations {
            match cal.for_frequency(o.period, ind.frequency) {
                Some(p) if p == o.period => {
                    by_period.entry(p).or_insert(o);
                }
                Some(p) => moved.push((p, o)),
                None => {}
            }
        }
        for (p, o) in moved {
            by_period.entry(p).or_insert(o);
        }
        IndicatorHistory { by_period }
    }

    /// The observation for `period`, if any.
    pub fn get(&self, period: Period) -> Option<&'a Observation> {
        self.by_period.get(&period).copied()
    }

    /// Every period with an observation, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = (Period, &'a Observation)> + '_ {
        self.by_period.iter().map(|(p, o)| (*p, *o))
    }

    /// The value for `period`, if one was returned.
    pub fn value(&self, period: Period) -> Option<f64> {
        self.get(period)
            .and_then(|o| o.value)
            .filter(|v| v.is_finite())
    }

    /// Up to [`TREND_PERIODS`] periods ending at `period`, oldest first, with
    /// their values; periods before the first one returned are left out, so
    /// a new indicator's sparkline does not start with a run of gaps.
    pub fn trend(&self, period: Period) -> Vec<(Period, Option<f64>)> {
        let mut periods = Vec::with_capacity(TREND_PERIODS);
        let mut p = period;
        for _ in 0..TREND_PERIODS {
            periods.push(p);
            p = p.previous();
        }
        periods.reverse();
        let first = periods
            .iter()
            .position(|p| self.by_period.contains_key(p))
            .unwrap_or(periods.len() - 1);
        periods[first..]
            .iter()
            .map(|p| (*p, self.value(*p)))
            .collect()
    }
}
