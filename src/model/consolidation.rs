//! What a run found, ready for the writers: the consolidation (indicators,
//! findings, coverage, every value read) and the outcome of `ipr check`.

use super::assessment::IndicatorResult;
use super::finding::Finding;
use super::observation::Observation;
use super::remedial::RemedialAction;
use super::return_file::ReturnFile;
use crate::model::Register;
use crate::period::{Calendar, Period};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// One input file, for the About sheet and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputFile {
    /// Path as named by the user.
    pub path: String,
    /// SHA-256 of the bytes read, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

impl InputFile {
    /// Every input file read, and the register, sorted by path.
    pub fn list(returns: &[ReturnFile], register: &Register) -> Vec<InputFile> {
        let mut inputs: Vec<InputFile> = returns
            .iter()
            .map(|r| InputFile {
                path: r.path.clone(),
                sha256: r.sha256.clone(),
                bytes: r.bytes,
            })
            .collect();
        if !register.file.is_empty() {
            inputs.push(InputFile {
                path: register.file.clone(),
                sha256: register.sha256.clone(),
                bytes: register.bytes,
            });
        }
        inputs.sort_by(|a, b| a.path.cmp(&b.path));
        inputs
    }
}

/// Coverage for one directorate: has it returned, and which indicators due are present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    /// Directorate (or `Council` for the total row).
    pub directorate: String,
    /// Number of return files received from it for the period.
    pub returns: usize,
    /// Indicators due this period.
    pub expected: usize,
    /// Indicators due this period with a value.
    pub returned: usize,
}

/// Coverage per directorate and council-wide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Coverage {
    /// One row per directorate in register order.
    pub directorates: Vec<CoverageRow>,
    /// The council-wide total.
    pub council: Option<CoverageRow>,
}

/// Options as run, for the About sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunOptions {
    /// `year_start_month`.
    pub year_start_month: u32,
    /// Default tolerance as a fraction.
    pub default_tolerance: f64,
    /// Relative tolerance for the numerator/denominator test.
    pub ratio_tolerance: f64,
    /// Texts read as "no value".
    pub no_value: Vec<String>,
}

/// Every value read, in order of directorate, code, period and source.
///
/// The observations stay in the lists they were read into, one per return,
/// and only their order is kept here: a national set has hundreds of
/// thousands, and moving them into one list would hold two copies at once.
///
/// The lists are shared (`Arc`), so that a pack's consolidation and the
/// values used point at the very observations read, never at copies.
#[derive(Debug, Clone, Default)]
pub struct History {
    lists: Arc<Vec<Vec<Observation>>>,
    /// Where each observation is, in order.
    order: Vec<ObservationAt>,
}

/// Where an observation is held in a [`History`]: its return's list and its
/// place in that list. Eight bytes, where the observation is a few hundred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObservationAt {
    /// The list (one per return, in the order the returns were given).
    pub list: u32,
    /// The place in the list.
    pub pos: u32,
}

impl Consolidation {
    /// The values used, in order, each read from its observation in
    /// `history` with its indicator's code as the register writes it.
    pub fn used(&self) -> impl Iterator<Item = super::previous::Used<'_>> {
        self.values_used.iter().filter_map(|&at| {
            let observation = self.history.get(at)?;
            Some(super::previous::Used {
                code: &self.register.get(&observation.code)?.code,
                value: observation.value.filter(|v| v.is_finite())?,
                observation,
            })
        })
    }
}

impl CheckReport {
    /// The report of a check of `files` files, with its counts.
    pub fn new(
        files: usize,
        findings: Vec<Finding>,
        coverage: Vec<CheckedCoverage>,
    ) -> CheckReport {
        let n = super::finding::FindingCounts::of(&findings);
        CheckReport {
            summary: CheckSummary {
                files,
                errors: n.errors,
                warnings: n.to_look_at,
                explained: n.explained,
                coverage,
            },
            findings,
        }
    }
}

impl History {
    /// Number of observations.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when nothing was read.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The observations in order.
    pub fn iter(&self) -> impl Iterator<Item = &Observation> {
        self.order.iter().filter_map(|&at| self.get(at))
    }

    /// The observation held at `at`, in order or not.
    pub fn get(&self, at: ObservationAt) -> Option<&Observation> {
        self.lists.get(at.list as usize)?.get(at.pos as usize)
    }

    /// The same observations, shared and listed in no order: for a pack,
    /// whose values used point into them but which has no History sheet.
    pub fn shared(&self) -> History {
        History {
            lists: Arc::clone(&self.lists),
            order: Vec::new(),
        }
    }
}

impl From<Vec<Observation>> for History {
    /// A history of these observations, in the order given.
    fn from(list: Vec<Observation>) -> Self {
        let order = (0..list.len() as u32)
            .map(|pos| ObservationAt { list: 0, pos })
            .collect();
        History {
            lists: Arc::new(vec![list]),
            order,
        }
    }
}

impl Serialize for History {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Everything a consolidation found, ready to be written.
#[derive(Debug, Clone, Serialize)]
pub struct Consolidation {
    /// The period being reported (a month).
    #[serde(skip)]
    pub period: Period,
    /// Canonical id of the period being reported.
    pub period_id: String,
    /// Financial-year settings.
    #[serde(skip)]
    pub calendar: Calendar,
    /// The register used.
    pub register: std::sync::Arc<Register>,
    /// One result per indicator in the register that is due this period, in register order.
    pub indicators: Vec<IndicatorResult>,
    /// Every finding, sorted by file, sheet, row, column, rule.
    pub findings: Vec<Finding>,
    /// Coverage.
    pub coverage: Coverage,
    /// Every value read (this period and history), sorted by directorate, code, period.
    pub history: History,
    /// Every input file read, sorted by path.
    pub inputs: Vec<InputFile>,
    /// Options as run.
    pub options: RunOptions,
    /// Version of ipr that produced it.
    pub version: String,
    /// Completed remedial-action forms for this period's exceptions, keyed by indicator code.
    pub remedial: BTreeMap<String, RemedialAction>,
    /// Completed forms for indicators that are no longer exceptions (closed or stale).
    pub stale_remedial: Vec<RemedialAction>,
    /// Completed forms still open because their indicator has no figure this
    /// month (not returned, or not due): neither closed nor stale.
    pub awaiting_figure: Vec<RemedialAction>,
    /// The value used for each indicator and period, for next month's run:
    /// where its observation is in `history`, never a copy of it (a national
    /// set uses hundreds of thousands). Read them with [`Consolidation::used`].
    #[serde(skip)]
    pub values_used: Vec<ObservationAt>,
    /// What changed since the previous report; None without one.
    pub changes: Option<super::previous::Changes>,
    /// The action plan assessed (SPEC section 13); None without a plan.
    #[serde(skip)]
    pub actions: Option<super::PlanReport>,
    /// The budget assessed (SPEC section 16); None without a budget.
    #[serde(skip)]
    pub budget: Option<super::BudgetReport>,
    /// Who the report is for: the council's name and, for a pack, its audience.
    #[serde(skip)]
    pub audience: super::Audience,
    /// The packs cut from this report (SPEC section 14); empty without `packs`.
    #[serde(skip)]
    pub packs: Vec<super::PackMembers>,
}

/// The outcome of `ipr check`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Every finding across the returns checked (an action rule's with
    /// `"kind": "action"`, as in the report).
    #[serde(serialize_with = "findings_with_kind")]
    pub findings: Vec<Finding>,
    /// Counts.
    pub summary: CheckSummary,
}

/// Counts for `ipr check`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CheckSummary {
    /// Files checked.
    pub files: usize,
    /// Errors.
    pub errors: usize,
    /// Warnings not explained: the warnings to look at.
    pub warnings: usize,
    /// Warnings explained by a Data Note.
    pub explained: usize,
    /// Indicators due and present, per return.
    pub coverage: Vec<CheckedCoverage>,
}

impl CheckSummary {
    /// The finding counts, to be said as every output says them.
    pub fn findings(&self) -> super::finding::FindingCounts {
        super::finding::FindingCounts {
            errors: self.errors,
            to_look_at: self.warnings,
            explained: self.explained,
        }
    }
}

/// One return's coverage in `ipr check`: its directorate's row, and which file
/// and period it is for. The JSON has the row only, as before.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct CheckedCoverage {
    /// The directorate's coverage.
    pub row: CoverageRow,
    /// The return, as named by the user.
    #[serde(skip)]
    pub file: String,
    /// The period it was checked for, e.g. `2026-09`.
    #[serde(skip)]
    pub period: String,
}

impl History {
    /// Every observation read, moved out of the returns (not copied) and sorted by
    /// directorate, code, period and source.
    pub fn from_returns(returns: Vec<ReturnFile>) -> History {
        let lists: Vec<Vec<Observation>> = returns.into_iter().map(|r| r.observations).collect();
        // Directorates and codes repeat across tens of thousands of rows: rank them
        // once, so that most comparisons are between numbers, not strings.
        let all = || lists.iter().flatten();
        let directorates = rank(all().map(|o| &*o.directorate).collect());
        let codes = rank(all().map(|o| &*o.code).collect());
        // (directorate rank, code rank, period) and (list, position) of each.
        type Keyed = ((u32, u32, Period), ObservationAt);
        let mut keyed: Vec<Keyed> = Vec::new();
        for (l, list) in lists.iter().enumerate() {
            for (i, o) in list.iter().enumerate() {
                let d = directorates.get(&*o.directorate).copied();
                let c = codes.get(&*o.code).copied();
                let at = ObservationAt {
                    list: l as u32,
                    pos: i as u32,
                };
                keyed.push(((d.unwrap_or(0), c.unwrap_or(0), o.period), at));
            }
        }
        drop((directorates, codes));
        let source = |at: ObservationAt| &lists[at.list as usize][at.pos as usize].source;
        keyed.sort_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| source(*a).cmp(source(*b))));
        // A new list, not the keyed one reused in place: that would keep its
        // two and a half times the room for as long as the report is kept.
        let mut order = Vec::with_capacity(keyed.len());
        order.extend(keyed.iter().map(|&(_, at)| at));
        drop(keyed);
        History {
            lists: Arc::new(lists),
            order,
        }
    }
}

/// Each distinct name numbered in sorted order.
fn rank(names: HashSet<&str>) -> HashMap<&str, u32> {
    let mut names: Vec<&str> = names.into_iter().collect();
    names.sort_unstable();
    names.into_iter().zip(0..).collect()
}

/// Findings as their own fields, adding `"kind": "action"` to an action
/// rule's (SPEC section 13) and `"kind": "budget"` to a budget rule's (SPEC
/// section 16); the others are written as they always were.
fn findings_with_kind<S: serde::Serializer>(list: &[Finding], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(list.len()))?;
    for f in list {
        let kind = f.rule.kind();
        if kind != super::rules::Kind::Indicator {
            let mut v = serde_json::to_value(f).map_err(serde::ser::Error::custom)?;
            let kind = serde_json::to_value(kind).map_err(serde::ser::Error::custom)?;
            if let serde_json::Value::Object(m) = &mut v {
                m.insert("kind".into(), kind);
            }
            seq.serialize_element(&v)?;
        } else {
            seq.serialize_element(f)?;
        }
    }
    seq.end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::observation::Source;
    use crate::period::Period;

    fn obs(directorate: &str, code: &str, month: u32, file: &str, row: u32) -> Observation {
        Observation {
            code: code.into(),
            directorate: directorate.into(),
            period: Period::month(2026, month),
            value: Some(f64::from(row)),
            value_seen: row.to_string(),
            numerator: None,
            denominator: None,
            target: None,
            forecast: None,
            commentary: None,
            data_note: None,
            source: Source {
                file: file.into(),
                sheet: "Return".into(),
                row,
                col: 2,
            },
        }
    }

    #[test]
    fn history_is_sorted_by_directorate_code_period_and_source() {
        // Returns in path order, each holding rows out of order, with ties on
        // (directorate, code, period) settled by the source.
        let mut returns = Vec::new();
        let names = ["Place", "Adults", "Children"];
        for m in [6u32, 4, 5] {
            let mut r = ReturnFile {
                path: format!("r-{m}.xlsx"),
                ..ReturnFile::default()
            };
            for (k, d) in names.iter().enumerate() {
                for (j, code) in ["B2", "A1", "C3"].iter().enumerate() {
                    let row = (k * 3 + j) as u32;
                    r.observations
                        .push(obs(d, code, m, &r.path.clone(), 20 - row));
                    // The same figure given twice in the return, lower down.
                    if j == 1 {
                        r.observations
                            .push(obs(d, code, m, &r.path.clone(), 40 - row));
                    }
                }
            }
            returns.push(r);
        }
        let mut expected: Vec<Observation> = returns
            .iter()
            .flat_map(|r| r.observations.iter().cloned())
            .collect();
        expected.sort_by(|a, b| {
            (&a.directorate, &a.code, a.period, &a.source).cmp(&(
                &b.directorate,
                &b.code,
                b.period,
                &b.source,
            ))
        });
        let history = History::from_returns(returns);
        assert_eq!(history.len(), 36);
        let history: Vec<Observation> = history.iter().cloned().collect();
        assert_eq!(history, expected);
        assert_eq!(
            (&*history[0].directorate, &*history[0].code),
            ("Adults", "A1")
        );
        assert!(history[0].source.row < history[1].source.row);
    }
}
