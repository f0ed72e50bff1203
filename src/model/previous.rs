//! The previous month's report, as this run reads it back (SPEC section 10),
//! and what changed since: the few fields of `IPR-<period>.json` a run needs,
//! read with serde, and the comparison `assess::changes` makes of them.

use super::assessment::Rag;
use super::finding::Finding;
use super::observation::{Observation, Source};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One value a previous report used for an indicator and period, as read
/// back from its JSON's `values_used` (this run's are [`Used`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueUsed {
    /// Indicator code as in the register.
    pub code: String,
    /// Canonical period id.
    pub period: String,
    /// The value used (unrounded).
    pub value: f64,
    /// The return it came from, as named by the user (shared with the
    /// observation's source: a council-year lists 44,000 values).
    pub file: Arc<str>,
    /// Its worksheet, shared likewise.
    pub sheet: Arc<str>,
    /// Its cell, A1.
    pub cell: String,
}

/// A value this run used, read where it is held (its observation, in
/// History) rather than copied: what `values_used` is written from, and what
/// next month's comparison is made with.
#[derive(Debug, Clone, Copy)]
pub struct Used<'a> {
    /// Indicator code as in the register.
    pub code: &'a str,
    /// The value used (unrounded, finite).
    pub value: f64,
    /// The observation it was read from: period, place, value as seen, note.
    pub observation: &'a Observation,
}

/// An indicator in the previous report: only what the comparison needs.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PreviousIndicator {
    /// Indicator code.
    pub code: String,
    /// Its RAG then (`green`, `amber`, `red`, `none`, `missing`).
    #[serde(default)]
    pub rag: Option<String>,
    /// Whether it was an exception then.
    #[serde(default)]
    pub exception: bool,
}

/// A finding in the previous report: the fields that say it is the same one.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PreviousFinding {
    /// Rule id.
    pub rule: String,
    /// Directorate.
    #[serde(default)]
    pub directorate: Option<String>,
    /// Indicator code.
    #[serde(default)]
    pub indicator: Option<String>,
    /// Period id.
    #[serde(default)]
    pub period: Option<String>,
    /// Value as seen.
    #[serde(default)]
    pub value: Option<String>,
    /// The file it was found in (its name matters only for a finding about
    /// no directorate and no indicator).
    #[serde(default)]
    pub file: Option<String>,
}

/// The previous report, read from its JSON.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PreviousReport {
    /// The month it reported, e.g. `2026-08`.
    pub period: String,
    /// Its indicators.
    #[serde(default)]
    pub indicators: Vec<PreviousIndicator>,
    /// Its findings.
    #[serde(default)]
    pub findings: Vec<PreviousFinding>,
    /// The values it used (absent from reports made before ipr wrote them:
    /// then no figure can be told restated).
    #[serde(default)]
    pub values_used: Vec<ValueUsed>,
    /// Its actions (SPEC section 13; absent before ipr read action plans).
    #[serde(default)]
    pub actions: Vec<super::plan_previous::PreviousAction>,
    /// The action updates it used.
    #[serde(default)]
    pub action_updates_used: Vec<super::plan_previous::ActionUpdateUsed>,
    /// Its budget lines (SPEC section 16; absent before ipr read budgets).
    #[serde(default)]
    pub budgets: Vec<super::budget_previous::PreviousBudgetLine>,
    /// The file it was read from (not in its JSON).
    #[serde(skip)]
    pub file: String,
}

/// Why the previous report could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    /// The file could not be read: missing, not an ordinary file (a pipe, a
    /// device), or larger than any report ipr writes.
    #[error("the previous report {} could not be read: {}; move it away or name another with --previous FILE", .0.display(), .1)]
    Io(PathBuf, crate::infile::FileError),
    /// The file is not an ipr report's JSON.
    #[error("the previous report {} is not the JSON of an ipr report ({}); name another with --previous FILE", .0.display(), .1)]
    Json(PathBuf, serde_json::Error),
    /// The output folder could not be listed.
    #[error("the output folder {} could not be read to find the previous report ({})", .0.display(), .1)]
    Folder(PathBuf, std::io::Error),
}

/// The most of a previous report's JSON that is read: far more than any
/// council's report (a council-year's is a few MB), far less than a device
/// named like a report would otherwise fill memory with.
pub const MAX_REPORT_BYTES: u64 = 512 * 1024 * 1024;

impl PreviousReport {
    /// Reads an `IPR-<period>.json`.
    pub fn read(path: &Path) -> Result<PreviousReport, PreviousError> {
        let text = crate::infile::read_text_capped(path, MAX_REPORT_BYTES)
            .map_err(|e| PreviousError::Io(path.to_path_buf(), e))?;
        let mut p: PreviousReport =
            serde_json::from_str(&text).map_err(|e| PreviousError::Json(path.to_path_buf(), e))?;
        p.file = path.display().to_string();
        Ok(p)
    }

    /// The latest `IPR-<period>.json` in `out` for a period before `period`
    /// (a month id such as `2026-09`; ids of months sort as their months do).
    /// None when there is none, or `out` does not exist yet.
    pub fn find_latest(out: &Path, period: &str) -> Result<Option<PathBuf>, PreviousError> {
        let entries = match std::fs::read_dir(out) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(PreviousError::Folder(out.to_path_buf(), e)),
        };
        let mut best: Option<(String, PathBuf)> = None;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(id) = name
                .strip_prefix("IPR-")
                .and_then(|n| n.strip_suffix(".json"))
            else {
                continue;
            };
            if !is_month_id(id) || id >= period {
                continue;
            }
            if best.as_ref().is_none_or(|(b, _)| id > b.as_str()) {
                best = Some((id.to_string(), entry.path()));
            }
        }
        Ok(best.map(|(_, p)| p))
    }

    /// The previous RAG of an indicator, by code (ignoring case).
    pub fn indicator(&self, code: &str) -> Option<&PreviousIndicator> {
        self.indicators
            .iter()
            .find(|i| i.code.eq_ignore_ascii_case(code))
    }
}

/// `YYYY-MM`.
fn is_month_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
}

/// A RAG word of the JSON as a [`Rag`].
pub fn rag_of(word: &str) -> Option<Rag> {
    match word {
        "green" => Some(Rag::Green),
        "amber" => Some(Rag::Amber),
        "red" => Some(Rag::Red),
        "none" => Some(Rag::None),
        "missing" => Some(Rag::Missing),
        _ => None,
    }
}

/// An indicator since last month, for the "Since last month" column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// An exception now that was not one then.
    New,
    /// A better RAG than then.
    Better,
    /// A worse RAG than then.
    Worse,
    /// Had a RAG then and has no usable figure now (missing, or withheld for
    /// a validity error): neither better nor "no longer" anything.
    NoFigure,
    /// Had no figure then and is assessed now.
    Returned,
    /// Neither.
    Unchanged,
}

impl Since {
    /// The word shown.
    pub fn word(self) -> &'static str {
        match self {
            Since::New => "new",
            Since::Better => "better",
            Since::Worse => "worse",
            Since::NoFigure => "no-figure",
            Since::Returned => "returned",
            Since::Unchanged => "unchanged",
        }
    }
}

/// How a value read compares with what the previous report used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// It differs, at reporting precision, from the value used then.
    Restated,
    /// The previous report had no value for it: a late return.
    Late,
}

impl Mark {
    /// The word shown on the History sheet.
    pub fn word(self) -> &'static str {
        match self {
            Mark::Restated => "restated",
            Mark::Late => "late",
        }
    }
}

/// What a finding is about, for telling whether the previous report had it:
/// rule, directorate, indicator and period, compared as the register compares
/// them. Never the file's name or the value seen, so that a return sent again
/// under another name, or its duplicate's name, is the same problem
/// (docs/decisions.md, "Findings matched month to month").
pub type FindingKey = (String, String, String, String);

/// The key of a finding in this run.
pub fn finding_key(f: &Finding) -> FindingKey {
    key_of(
        f.rule.id(),
        f.directorate.as_deref(),
        f.indicator.as_deref(),
        f.period.as_deref(),
        &f.file,
    )
}

/// The key of a finding in the previous report.
pub fn previous_finding_key(f: &PreviousFinding) -> FindingKey {
    key_of(
        &f.rule,
        f.directorate.as_deref(),
        f.indicator.as_deref(),
        f.period.as_deref(),
        f.file.as_deref().unwrap_or(""),
    )
}

/// A finding about no directorate and no indicator (a file ipr could not
/// place) is known only by its file's name, without the folder.
fn key_of(
    rule: &str,
    directorate: Option<&str>,
    indicator: Option<&str>,
    period: Option<&str>,
    file: &str,
) -> FindingKey {
    let directorate = directorate.map(crate::text::directorate_key);
    let indicator = indicator.map(crate::text::normalise_code);
    let placed = directorate.is_some() || indicator.is_some();
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    (
        rule.to_string(),
        directorate.unwrap_or_else(|| {
            if placed {
                String::new()
            } else {
                name.to_string()
            }
        }),
        indicator.unwrap_or_default(),
        period.unwrap_or_default().to_string(),
    )
}

/// What changed since the previous report (SPEC section 10). Decided by
/// `assess::changes`; the writers only present it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    /// The previous report's period.
    pub previous_period: String,
    /// Indicators that are exceptions now and were not then.
    pub new_exceptions: Vec<String>,
    /// Indicators that were exceptions then and are assessed and not
    /// exceptions now.
    pub no_longer_exceptions: Vec<String>,
    /// Indicators that were exceptions then and have no usable figure now
    /// (SPEC section 15): listed apart, never as no longer exceptions.
    pub no_figure_exceptions: Vec<String>,
    /// Indicators with no figure then that are assessed now.
    pub returned: Vec<String>,
    /// Indicators whose RAG is better (red to amber or green, amber to green).
    pub rag_better: Vec<String>,
    /// Indicators whose RAG is worse.
    pub rag_worse: Vec<String>,
    /// The file the previous report was read from.
    #[serde(skip)]
    pub previous_file: String,
    /// Each indicator's RAG in the previous report, by code (absent: not in it).
    #[serde(skip)]
    pub rag_previous: BTreeMap<String, Option<Rag>>,
    /// Each indicator in the previous report, since then.
    #[serde(skip)]
    pub since: BTreeMap<String, Since>,
    /// The findings the previous report had.
    #[serde(skip)]
    pub seen: HashSet<FindingKey>,
    /// Values read that were restated or late, by where they were read.
    #[serde(skip)]
    pub marks: BTreeMap<Source, Mark>,
    /// Codes of the indicators in the previous report, upper case.
    #[serde(skip)]
    pub previous_codes: BTreeSet<String>,
}

impl Changes {
    /// True when the previous report did not have this finding.
    pub fn is_new(&self, f: &Finding) -> bool {
        !self.seen.contains(&finding_key(f))
    }

    /// How many of `findings` the previous report did not have.
    pub fn count_new(&self, findings: &[Finding]) -> usize {
        findings.iter().filter(|f| self.is_new(f)).count()
    }

    /// The name of the previous report's month, e.g. `August`.
    pub fn month_name(&self) -> String {
        self.previous_period
            .get(5..7)
            .and_then(|m| m.parse::<u32>().ok())
            .and_then(crate::period::month_long_name)
            .map(str::to_string)
            .unwrap_or_else(|| self.previous_period.clone())
    }

    /// The one line of SPEC section 10: "Since August: 2 new exceptions, 1 no
    /// longer; 3 better, 4 worse".
    pub fn line(&self) -> String {
        let n = self.new_exceptions.len();
        format!(
            "Since {}: {} new exception{}, {} no longer; {} better, {} worse",
            self.month_name(),
            n,
            if n == 1 { "" } else { "s" },
            self.no_longer_exceptions.len(),
            self.rag_better.len(),
            self.rag_worse.len()
        )
    }

    /// The exceptions with no figure this month, said apart (SPEC section 15):
    /// "2 exceptions have no figure this month: ASC-05, EP-07"; `None` when
    /// there are none.
    pub fn no_figure_line(&self) -> Option<String> {
        let codes = &self.no_figure_exceptions;
        match codes.len() {
            0 => None,
            1 => Some(format!(
                "1 exception has no figure this month: {}",
                codes[0]
            )),
            n => Some(format!(
                "{n} exceptions have no figure this month: {}",
                codes.join(", ")
            )),
        }
    }
}
