//! The action plan in memory (SPEC section 13): its actions in plan order,
//! found by any spelling of a Ref, and the progress last given for each.
//! It travels with the [`super::Register`]; `crate::plan` loads it.

use super::{ActionUpdate, PlanAction, Status};
use crate::period::{Calendar, Period};
use crate::text::{normalise_code, same_directorate};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// The latest progress given for an action before a period, from earlier
/// returns: what `ipr template` shows and pre-fills as last month's answers.
#[derive(Debug, Clone, PartialEq)]
pub struct LastProgress {
    /// The period it was given for.
    pub period: Period,
    /// Its status, where one was read.
    pub status: Option<Status>,
    /// Its % complete, where one was read.
    pub percent: Option<f64>,
    /// Its revised date, where one was read.
    pub revised: Option<NaiveDate>,
}

/// The plan in memory: its actions in plan order, found by any spelling of a Ref.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// The file it was read from, as the user named it.
    pub file: String,
    /// SHA-256 of that file's bytes.
    pub sha256: String,
    /// The sheet it was read from.
    pub sheet: String,
    /// Actions and milestones in plan order.
    pub actions: Vec<PlanAction>,
    /// Position of each action by key.
    index: HashMap<String, usize>,
    /// The latest progress known before the period of a template, by action
    /// key; filled by [`Plan::with_progress`] for `ipr template` only.
    pub progress: BTreeMap<String, LastProgress>,
}

impl Plan {
    /// A plan of `actions` (keys already normalised, each once).
    pub fn new(file: &str, sha256: &str, sheet: &str, actions: Vec<PlanAction>) -> Plan {
        let index = actions
            .iter()
            .enumerate()
            .map(|(i, a)| (a.key.clone(), i))
            .collect();
        Plan {
            file: file.to_string(),
            sha256: sha256.to_string(),
            sheet: sheet.to_string(),
            actions,
            index,
            progress: BTreeMap::new(),
        }
    }

    /// The plan with the latest progress each action was given before
    /// `period` in `updates` (from the directorate that owns it); where one
    /// return gives an action twice for that period, the later row wins.
    pub fn with_progress(
        mut self,
        updates: &[ActionUpdate],
        period: Period,
        cal: Calendar,
    ) -> Plan {
        let before = cal.end_month(period);
        let mut best: BTreeMap<String, LastProgress> = BTreeMap::new();
        for u in updates {
            let Some(p) = u.period.filter(|p| cal.end_month(*p) < before) else {
                continue;
            };
            let Some(a) = self.by_key(&u.key) else {
                continue;
            };
            if !u.directorate.is_empty() && !same_directorate(&u.directorate, &a.directorate) {
                continue;
            }
            let newer = best
                .get(&u.key)
                .is_none_or(|b| cal.end_month(b.period) <= cal.end_month(p));
            if newer {
                let last = LastProgress {
                    period: p,
                    status: u.status(),
                    percent: u.percent(),
                    revised: u.revised(),
                };
                best.insert(u.key.clone(), last);
            }
        }
        self.progress = best;
        self
    }

    /// The action with this Ref, in any spelling (`cp-1.2 ` is `CP-1.2`).
    pub fn get(&self, reference: &str) -> Option<&PlanAction> {
        self.by_key(&normalise_code(reference))
    }

    /// The action with this key (a Ref already normalised).
    pub fn by_key(&self, key: &str) -> Option<&PlanAction> {
        self.index.get(key).and_then(|&i| self.actions.get(i))
    }

    /// The actions linked to an indicator (by its code as the register
    /// writes it), in plan order. A milestone does not inherit its parent's.
    pub fn for_indicator<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a PlanAction> {
        self.actions
            .iter()
            .filter(move |a| a.indicators.iter().any(|c| c == code))
    }

    /// The plans' names, in order of first appearance.
    pub fn plan_names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for a in &self.actions {
            if !out.contains(&a.plan.as_str()) {
                out.push(&a.plan);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn action(reference: &str, plan: &str, indicators: &[&str]) -> PlanAction {
        PlanAction {
            reference: reference.into(),
            key: normalise_code(reference),
            action: format!("Action {reference}"),
            directorate: "Resources".into(),
            lead: None,
            plan: plan.into(),
            parent: None,
            start: None,
            due: NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
            indicators: indicators.iter().map(|s| s.to_string()).collect(),
            attributes: vec![],
            row: 1,
        }
    }

    #[test]
    fn found_by_any_spelling_and_by_indicator() {
        let p = Plan::new(
            "plan.xlsx",
            "",
            "Actions",
            vec![
                action("CP-1.2", "Corporate Plan", &["RES-01"]),
                action("AC R5", "Improvement plan", &[]),
                action("CP-2", "Corporate Plan", &["RES-01", "RES-02"]),
            ],
        );
        assert_eq!(
            p.get(" cp-1.2 ").map(|a| a.reference.as_str()),
            Some("CP-1.2")
        );
        assert_eq!(p.get("ac  r5").map(|a| a.reference.as_str()), Some("AC R5"));
        assert!(p.get("CP-9").is_none());
        let linked: Vec<&str> = p
            .for_indicator("RES-01")
            .map(|a| a.reference.as_str())
            .collect();
        assert_eq!(linked, ["CP-1.2", "CP-2"]);
        assert_eq!(p.for_indicator("RES-03").count(), 0);
        assert_eq!(p.plan_names(), ["Corporate Plan", "Improvement plan"]);
    }
}
