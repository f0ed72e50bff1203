//! The register in memory and its look-up by any spelling of a code. Loaded
//! by [`crate::register`]; read by every stage.

use super::indicator::Indicator;
use crate::period::Period;
use crate::text::{directorate_key, is_normal_code, normalise_code};
use serde::Serialize;
use std::collections::BTreeMap;

/// The council's register: indicators and profiled targets.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Register {
    /// The register file as named by the user.
    pub file: String,
    /// SHA-256 of the register file's bytes.
    pub sha256: String,
    /// Size of the register file in bytes.
    pub bytes: u64,
    /// Indicators in register order.
    pub indicators: Vec<Indicator>,
    /// Profiled targets keyed by (indicator key, period).
    #[serde(skip)]
    pub targets: BTreeMap<(String, Period), f64>,
    /// Position of each indicator by key, for [`Register::get`]. Filled by
    /// [`Register::reindex`]; a register built by hand may leave it empty (lookups
    /// then scan), and a stale entry is never trusted. Call `reindex` after
    /// changing `indicators`: an index as long as `indicators` is taken to hold
    /// every key, so a code it lacks is answered as absent without a scan.
    #[serde(skip)]
    pub index: std::collections::HashMap<String, usize>,
    /// [`Register::directorates`], worked out once by [`Register::reindex`]: every
    /// return asks for it, and a national register has thousands of indicators.
    #[serde(skip)]
    pub directorate_list: Vec<String>,
    /// The action plan (SPEC section 13), when the council has one: sheet
    /// `Actions` of the register workbook or the file `action_plan` names,
    /// loaded by the workspace. It travels with the register because its
    /// indicator codes are the register's and every stage that reads a return
    /// is given the register.
    #[serde(skip)]
    pub plan: Option<std::sync::Arc<super::Plan>>,
    /// The budget (SPEC section 16), when the council has one: sheet
    /// `Budgets` of the register workbook or the file `budget` names, loaded
    /// by the workspace and carried as the plan is.
    #[serde(skip)]
    pub budget: Option<std::sync::Arc<super::Budget>>,
    /// The headings of the Indicators sheet's other columns (`Priority`,
    /// `Committee`, anything a council adds), as written, in sheet order:
    /// each indicator's [`Indicator::attributes`] are among them.
    #[serde(skip)]
    pub attribute_columns: Vec<String>,
}

impl Register {
    /// Look an indicator up by any spelling of its code.
    ///
    /// Constant-time on a loaded register, whether the code is found or not: every
    /// return row is looked up, and many codes in a return are not the register's.
    pub fn get(&self, code: &str) -> Option<&Indicator> {
        // A code already in normal form (the usual case) is looked up as it is,
        // without building its normal form again.
        let owned;
        let key = if is_normal_code(code) {
            code
        } else {
            owned = normalise_code(code);
            owned.as_str()
        };
        match self.index.get(key).and_then(|&p| self.indicators.get(p)) {
            Some(i) if i.key == key => return Some(i),
            // A stale entry (indicators changed without `reindex`) is never trusted.
            Some(_) => {}
            // An index of every indicator that lacks the key: no indicator has it.
            None if self.index.len() == self.indicators.len() => return None,
            // No index, or one out of step with the indicators (a register built or
            // changed by hand without `reindex`): a scan still answers.
            None => {}
        }
        self.indicators.iter().find(|i| i.key == key)
    }

    /// Rebuild the look-up index after `indicators` has changed. Every
    /// indicator also takes the first spelling of its directorate in the
    /// register ([`unify_directorates`]), so that one directorate has one name
    /// in every result, count, sheet and file, and those compare as they are.
    pub fn reindex(&mut self) {
        unify_directorates(&mut self.indicators);
        self.index = self
            .indicators
            .iter()
            .enumerate()
            .map(|(p, i)| (i.key.clone(), p))
            .collect();
        self.directorate_list = self.work_out_directorates();
    }

    /// Directorates in order of first appearance in the register.
    pub fn directorates(&self) -> Vec<String> {
        if !self.directorate_list.is_empty() {
            return self.directorate_list.clone();
        }
        self.work_out_directorates()
    }

    /// Every directorate a return may come from: the register's, then those
    /// the action plan names and the register does not (a directorate may
    /// have actions and no indicators), then those only the budget names.
    pub fn known_directorates(&self) -> Vec<String> {
        let mut out = self.directorates();
        let plan = self.plan.iter().flat_map(|p| &p.actions);
        let budget = self.budget.iter().flat_map(|b| &b.lines);
        let others = plan
            .map(|a| &a.directorate)
            .chain(budget.map(|l| &l.directorate));
        // Lines and actions come grouped by directorate: a name the same as
        // the one before is already in `out`, without searching it again.
        let mut last: Option<&String> = None;
        for d in others {
            if last != Some(d) && !out.iter().any(|x| x.eq_ignore_ascii_case(d)) {
                out.push(d.clone());
            }
            last = Some(d);
        }
        out
    }

    fn work_out_directorates(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let mut out: Vec<String> = Vec::new();
        for i in &self.indicators {
            if seen.insert(directorate_key(&i.directorate)) {
                out.push(i.directorate.clone());
            }
        }
        out
    }
}

/// Gives every indicator the first spelling of its directorate in the
/// register (by [`directorate_key`]), so that one directorate is one name on
/// every sheet, count and file, however its rows spell it.
pub fn unify_directorates(indicators: &mut [Indicator]) {
    let mut first: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for i in indicators.iter_mut() {
        let name = first
            .entry(directorate_key(&i.directorate))
            .or_insert_with(|| i.directorate.clone());
        if *name != i.directorate {
            i.directorate = name.clone();
        }
    }
}

#[cfg(test)]
mod index_tests {
    use super::*;
    use crate::text::same_directorate;

    fn ind(code: &str) -> Indicator {
        Indicator::plain(code)
    }

    #[test]
    fn lookups_by_index_by_scan_and_never_from_a_stale_entry() {
        let mut r = Register {
            indicators: vec![ind("RES-01"), ind("NI 135")],
            ..Default::default()
        };
        // No index yet: a scan still answers.
        assert_eq!(r.get(" ni  135 ").map(|i| i.code.as_str()), Some("NI 135"));
        r.reindex();
        assert_eq!(r.get("res-01").map(|i| i.code.as_str()), Some("RES-01"));
        assert!(r.get("RES-99").is_none());
        // Changed without reindexing: the stale position is checked, not trusted.
        r.indicators.swap(0, 1);
        assert_eq!(r.get("RES-01").map(|i| i.code.as_str()), Some("RES-01"));
        assert_eq!(r.get("NI 135").map(|i| i.code.as_str()), Some("NI 135"));
    }

    #[test]
    fn a_miss_is_answered_from_the_index_and_a_hand_built_register_by_a_scan() {
        let mut r = Register {
            indicators: vec![ind("RES-01"), ind("NI 135")],
            ..Default::default()
        };
        r.reindex();
        assert!(r.get("RES-02").is_none());
        assert!(r.get(" res 02 ").is_none());
        // Added without reindexing: the index is out of step, so a scan finds it.
        r.indicators.push(ind("RES-02"));
        assert_eq!(r.get("res-02").map(|i| i.code.as_str()), Some("RES-02"));
        assert_eq!(r.get("RES-02").map(|i| i.code.as_str()), Some("RES-02"));
    }

    #[test]
    fn one_directorate_however_its_rows_spell_it() {
        let spelt = [
            "Adults/Health",
            "Adults:Health",
            "HOUSING",
            "housing",
            "???",
            "!!!",
        ];
        let mut inds: Vec<Indicator> = spelt
            .iter()
            .map(|d| Indicator {
                directorate: d.to_string(),
                ..ind("X")
            })
            .collect();
        unify_directorates(&mut inds);
        let got: Vec<&str> = inds.iter().map(|i| i.directorate.as_str()).collect();
        assert_eq!(
            got,
            [
                "Adults/Health",
                "Adults/Health",
                "HOUSING",
                "HOUSING",
                "???",
                "!!!"
            ]
        );
        let mut r = Register {
            indicators: inds,
            ..Default::default()
        };
        r.reindex();
        assert_eq!(r.directorates(), ["Adults/Health", "HOUSING", "???", "!!!"]);
        assert!(same_directorate("Adults: health", "ADULTS/HEALTH"));
        assert!(!same_directorate("???", "!!!"));
    }
}
