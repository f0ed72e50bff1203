//! Reliability: one value per indicator and period. Conflicting values across
//! rows and returns (DQ030) are reported at both places and neither is used.

use super::checks::CheckOptions;
use crate::model::{Finding, Indicator, Observation, Register, Rule};
use crate::period::Period;
use std::collections::{BTreeMap, BTreeSet};

/// The observation chosen for an indicator and period: the one read, borrowed
/// from its return, or a copy whose value has been set aside. Two words, where
/// the observation itself is a few hundred bytes: a national set has hundreds
/// of thousands.
#[derive(Debug, Clone)]
pub enum Chosen<'a> {
    /// The observation as read.
    Read(&'a Observation),
    /// A copy with its value set aside (`None`): conflicting or withheld.
    SetAside(Box<Observation>),
}

impl Chosen<'_> {
    /// Sets the value aside (`None`), so that it is neither assessed nor shown as
    /// returned; the rest of the observation (its source, commentary) stays.
    pub fn set_aside(&mut self) {
        let mut copy = Box::new((**self).clone());
        copy.value = None;
        *self = Chosen::SetAside(copy);
    }
}

impl std::ops::Deref for Chosen<'_> {
    type Target = Observation;
    fn deref(&self) -> &Observation {
        match self {
            Chosen::Read(o) => o,
            Chosen::SetAside(o) => o,
        }
    }
}

impl From<Observation> for Chosen<'_> {
    fn from(o: Observation) -> Self {
        Chosen::SetAside(Box::new(o))
    }
}

/// One observation per (indicator key, period), after conflicts are settled.
///
/// Observations are borrowed from the returns, not copied (a council-year has
/// tens of thousands); only one whose value is set aside (a conflict, a figure
/// withheld) is copied, with its value `None`.
#[derive(Debug, Clone, Default)]
pub struct Resolved<'a> {
    /// The observation used for each key (its value is `None` where values conflict).
    pub observations: BTreeMap<(String, Period), Chosen<'a>>,
    /// Keys whose values conflict.
    pub conflicts: BTreeSet<(String, Period)>,
    /// Keys whose figure has a validity error and is not assessed (already a finding).
    pub withheld: BTreeSet<(String, Period)>,
}

/// Group observations by (code, period) and report conflicting values, naming both places.
/// Where values conflict the resolved value is `None`, so that nothing is silently chosen.
pub fn resolve_conflicts<'a>(
    observations: &[&'a Observation],
    register: &Register,
    opts: &CheckOptions,
    out: &mut Vec<Finding>,
) -> Resolved<'a> {
    // Grouped by sorting rather than by map insertion: tens of thousands of
    // observations, most of them alone in their group. The sort is stable, so
    // each group keeps the order the returns were read in.
    let mut sorted: Vec<&'a Observation> = observations.to_vec();
    sorted.sort_by(|a, b| (&*a.code, a.period).cmp(&(&*b.code, b.period)));
    let mut resolved = Resolved::default();
    let mut chosen_all: Vec<((String, Period), Chosen<'a>)> = Vec::new();
    let mut ind_for: Option<(&str, Option<&Indicator>)> = None;
    for obs in sorted.chunk_by(|a, b| a.code == b.code && a.period == b.period) {
        let first = obs[0];
        let key = (first.code.to_string(), first.period);
        let with_value: Vec<&'a Observation> =
            obs.iter().copied().filter(|o| o.value.is_some()).collect();
        // Only a group with two values can conflict: the rest take their one
        // observation as it is.
        if with_value.len() < 2 {
            chosen_all.push((key, Chosen::Read(with_value.first().unwrap_or(&first))));
            continue;
        }
        let mut chosen = Chosen::Read(first);
        let ind = match ind_for {
            Some((code, ind)) if code == &*first.code => ind,
            _ => {
                let ind = register.get(&key.0);
                ind_for = Some((&first.code, ind));
                ind
            }
        };
        if let Some(ind) = ind {
            let mut conflict = false;
            if let Some(reference) = with_value.first() {
                for other in with_value.iter().skip(1) {
                    if other.value != reference.value {
                        conflict = true;
                        let place = format!(
                            "{}, sheet '{}', cell {}",
                            reference.source.file,
                            reference.source.sheet,
                            reference.source.cell()
                        );
                        out.push(Finding::at(
                            Rule::DQ030,
                            other,
                            ind,
                            opts.calendar,
                            format!(
                                "{} for {} is given twice with different values: {} here and {} at {place}. Neither value is used until one is removed.",
                                ind.code,
                                opts.calendar.id(key.1),
                                other.value_seen,
                                reference.value_seen
                            ),
                        ));
                    }
                }
                chosen = Chosen::Read(reference);
            }
            if conflict {
                chosen.set_aside();
                resolved.conflicts.insert(key.clone());
            }
        }
        chosen_all.push((key, chosen));
    }
    // Already in key order, so the map is built in one pass.
    resolved.observations = chosen_all.into_iter().collect();
    resolved
}
