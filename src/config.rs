//! `ipr.toml`: the council's settings. Every key is optional.
//!
//! ```toml
//! register = "register.xlsx"      # relative to this file
//! action_plan = "plan.xlsx"       # default: the register's Actions sheet, if any
//! budget = "budget.xlsx"          # default: the register's Budgets sheet, if any
//! returns = ["returns"]           # files or folders, searched recursively
//! output = "out"
//! period = "2026-09"              # used when --period is not given
//! year_start_month = 4            # April
//! default_tolerance = "5%"        # or 5
//! ratio_tolerance = "2%"          # numerator/denominator test
//! no_value = ["n/a", "TBC", "-", "..", "-1"]
//!
//! council = "Herefordshire Council"  # on every title
//! packs = ["Committee"]           # a report for each value of these register columns
//!
//! [severity]                      # change a rule's severity
//! DQ040 = "error"
//!
//! [history]                       # the rules that look at an indicator's past
//! outlier_z = 3.5
//! outlier_min_points = 6
//! copied_forward_periods = 3
//!
//! [spc]                           # statistical process control (docs/spc.md)
//! min_points = 13
//! shift_length = 6                # 6 to 8, as NHS England allows
//! trend_length = 6
//!
//! [exceptions]
//! spc_fail = false                # true: fail assurance is an exception reason
//!
//! [actions]                       # the action assessment (SPEC section 13)
//! pace_green = 90                 # pace at or above: green; at or above pace_amber: amber
//! pace_amber = 70
//! slippage_days = 30              # slipped more than this past Due: an exception
//!
//! [limits]                        # safe defaults; raise them for unusually big returns
//! max_file_mb = 200
//! max_uncompressed_mb = 1024      # a workbook's parts once unpacked (zip bombs)
//! max_compression_ratio = 200
//! max_sheet_rows = 500000
//! max_sheet_cells = 5000000
//! max_string_chars = 32767
//!
//! [[source]]                      # a spreadsheet no automatic rule reads
//! files = "Housing*.xlsx"         # file NAME, case-insensitive; first match wins
//! directorate = "Housing and Communities"
//! sheet = "Data"                  # default: the first visible sheet
//! header_row = 6                  # as numbered in Excel
//! layout = "long"                 # or "wide"
//! code = "A"                      # column letter(s) in capitals, or header text
//! value = "Figure"                # long only
//! period = "B2"                   # a cell holding the period
//! ```

pub use crate::assess::action::ActionOptions;
pub use crate::assess::spc::Options as SpcOptions;
pub use crate::cellref::parse_a1;
use crate::model::{Rule, Severity};
use crate::period::Calendar;
pub use crate::quality::history::HistoryOptions;
use crate::read::value::{parse_numeric_text, ValueOptions};
use crate::read::Limits;
pub use crate::returns::mapping::{ColumnRef, SourceLayout, SourceMapping};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod actions;
mod budget_source;
mod source;
mod table_source;
use source::{source_mapping, RawSource};
#[cfg(test)]
mod column_tests;

/// Settings every stage needs, with the defaults of the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Financial-year start.
    pub calendar: Calendar,
    /// Tolerance where the register leaves it blank, as a fraction.
    pub default_tolerance: f64,
    /// Relative tolerance of the numerator/denominator test, as a fraction.
    pub ratio_tolerance: f64,
    /// What counts as "no value".
    pub values: ValueOptions,
    /// Size limits.
    pub limits: Limits,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<Rule, Severity>,
    /// Thresholds of the rules that look at an indicator's history.
    pub history: HistoryOptions,
    /// `[[source]]` layouts, in file order (the first whose `files` matches wins).
    pub sources: Vec<SourceMapping>,
    /// `[spc]`: statistical process control (SPEC section 11).
    pub spc: SpcOptions,
    /// `[exceptions] spc_fail`: SPC assurance `fail` is an exception reason.
    pub spc_fail: bool,
    /// `[actions]`: thresholds of the action assessment (SPEC section 13).
    pub actions: ActionOptions,
    /// `council = "..."`: the council's name, on every title (SPEC section 14).
    pub council: Option<String>,
    /// `packs = ["Committee", ...]`: the grouping columns to cut a pack by.
    pub packs: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            calendar: Calendar::default(),
            default_tolerance: 0.05,
            ratio_tolerance: 0.02,
            values: ValueOptions::default(),
            limits: Limits::default(),
            severity: BTreeMap::new(),
            history: HistoryOptions::default(),
            sources: Vec::new(),
            spc: SpcOptions::default(),
            spc_fail: false,
            actions: ActionOptions::default(),
            council: None,
            packs: Vec::new(),
        }
    }
}

/// Paths and period named by the config file (resolved against its folder).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConfigPaths {
    /// Register.
    pub register: Option<PathBuf>,
    /// Returns files or folders.
    pub returns: Vec<PathBuf>,
    /// Output folder.
    pub output: Option<PathBuf>,
    /// Period to report.
    pub period: Option<String>,
    /// The action plan, when it is not the register's Actions sheet.
    pub action_plan: Option<PathBuf>,
    /// The budget, when it is not the register's Budgets sheet.
    pub budget: Option<PathBuf>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    register: Option<PathBuf>,
    returns: Option<Vec<PathBuf>>,
    output: Option<PathBuf>,
    period: Option<String>,
    year_start_month: Option<u32>,
    default_tolerance: Option<toml::Value>,
    ratio_tolerance: Option<toml::Value>,
    no_value: Option<Vec<String>>,
    severity: Option<BTreeMap<String, String>>,
    limits: Option<RawLimits>,
    history: Option<RawHistory>,
    source: Option<Vec<RawSource>>,
    spc: Option<RawSpc>,
    exceptions: Option<RawExceptions>,
    action_plan: Option<PathBuf>,
    actions: Option<actions::RawActions>,
    budget: Option<PathBuf>,
    council: Option<String>,
    packs: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSpc {
    min_points: Option<usize>,
    shift_length: Option<usize>,
    trend_length: Option<usize>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawExceptions {
    spc_fail: Option<bool>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    outlier_z: Option<f64>,
    outlier_min_points: Option<usize>,
    copied_forward_periods: Option<usize>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    max_file_mb: Option<u64>,
    max_uncompressed_mb: Option<u64>,
    max_compression_ratio: Option<u64>,
    max_sheet_rows: Option<u64>,
    max_sheet_cells: Option<u64>,
    max_string_chars: Option<u64>,
}

/// A config file that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("The settings file {file} cannot be used: {message}")]
pub struct ConfigError {
    /// The file.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

/// Read a percentage written as `"5%"`, `5` or `"0.05%"`: the number and
/// whether it carried a `%`.
fn percent_number(v: &toml::Value) -> Option<(f64, bool)> {
    match v {
        toml::Value::Integer(i) => Some((*i as f64, false)),
        toml::Value::Float(f) => Some((*f, false)),
        toml::Value::String(s) => parse_numeric_text(s),
        _ => None,
    }
}

/// A percentage setting as a fraction (`"5%"` and `5` both 0.05). A bare
/// number between 0 and 1 (`0.05`) could mean 5% or 0.05%: refused, as the
/// register refuses it (SPEC section 15), with how to write it.
fn percent_setting(key: &str, v: &toml::Value, example: u32) -> Result<f64, String> {
    match percent_number(v) {
        Some((n, false)) if n > 0.0 && n < 1.0 => Err(format!(
            "{key} = {v} is ambiguous: it could mean {}% or {n}%. Write {key} = \"{example}%\" for {example}%",
            n * 100.0
        )),
        Some((n, _)) if n >= 0.0 => Ok(n / 100.0),
        _ => Err(format!("{key} is {v}; write it as \"{example}%\" or {example}")),
    }
}

/// Load `ipr.toml`.
pub fn load_config(path: &Path) -> Result<(ConfigPaths, Settings), ConfigError> {
    let err = |message: String| ConfigError {
        file: path.display().to_string(),
        message,
    };
    // Capped, and never a pipe or a device: ipr.toml is a few KB.
    let text = crate::infile::read_text_capped(path, 16 * 1024 * 1024)
        .map_err(|e| err(format!("it could not be read: {e}")))?;
    let raw: RawConfig = toml::from_str(&text).map_err(|e| err(e.to_string()))?;
    let base = path.parent().unwrap_or(Path::new(""));
    let resolve = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
    let mut s = Settings::default();
    if let Some(m) = raw.year_start_month {
        if !(1..=12).contains(&m) {
            return Err(err(format!(
                "year_start_month is {m}; it must be a month number from 1 to 12 (4 for April)"
            )));
        }
        s.calendar = Calendar::new(m);
    }
    if let Some(v) = &raw.default_tolerance {
        s.default_tolerance = percent_setting("default_tolerance", v, 5).map_err(err)?;
    }
    if let Some(v) = &raw.ratio_tolerance {
        s.ratio_tolerance = percent_setting("ratio_tolerance", v, 2).map_err(err)?;
    }
    if let Some(words) = raw.no_value {
        s.values.no_value = words;
    }
    severities(raw.severity.unwrap_or_default(), &mut s).map_err(err)?;
    if let Some(l) = raw.limits {
        limits(l, &mut s.limits).map_err(err)?;
    }
    if let Some(h) = raw.history {
        history(h, &mut s).map_err(err)?;
    }
    if let Some(spc) = raw.spc {
        spc_settings(spc, &mut s).map_err(err)?;
    }
    if let Some(e) = raw.exceptions {
        if let Some(b) = e.spc_fail {
            s.spc_fail = b;
        }
    }
    if let Some(a) = raw.actions {
        s.actions = a.settle().map_err(err)?;
    }
    audience(raw.council, raw.packs, &mut s).map_err(err)?;
    for raw_source in raw.source.unwrap_or_default() {
        s.sources
            .push(source_mapping(raw_source).map_err(|p| err(p.0))?);
    }
    let paths = ConfigPaths {
        register: raw.register.map(resolve),
        returns: raw
            .returns
            .unwrap_or_default()
            .into_iter()
            .map(resolve)
            .collect(),
        output: raw.output.map(resolve),
        period: raw.period,
        action_plan: raw.action_plan.map(resolve),
        budget: raw.budget.map(resolve),
    };
    Ok((paths, s))
}

/// `council` and `packs` (SPEC section 14): a name with something in it, and
/// each column named once.
fn audience(
    council: Option<String>,
    packs: Option<Vec<String>>,
    s: &mut Settings,
) -> Result<(), String> {
    if let Some(name) = council {
        let name = name.trim();
        if name.is_empty() {
            return Err("council is blank; give the council's name, such as council = \"Herefordshire Council\", or leave the line out".into());
        }
        s.council = Some(name.to_string());
    }
    for column in packs.unwrap_or_default() {
        let column = column.trim().to_string();
        if crate::text::header_key(&column).is_empty() {
            return Err(
                "packs names a blank column; name register columns such as packs = [\"Committee\"]"
                    .into(),
            );
        }
        let key = crate::text::header_key(&column);
        if s.packs.iter().any(|c| crate::text::header_key(c) == key) {
            return Err(format!("packs names the column '{column}' twice"));
        }
        s.packs.push(column);
    }
    Ok(())
}

/// `[severity]`: each rule named, with the severity it is given.
fn severities(given: BTreeMap<String, String>, s: &mut Settings) -> Result<(), String> {
    for (rule, sev) in given {
        let Some(id) = Rule::from_id(&rule.trim().to_ascii_uppercase()) else {
            return Err(format!(
                "[severity] names rule '{rule}', which does not exist; see docs/rules.md"
            ));
        };
        let sev = match sev.trim().to_ascii_lowercase().as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            other => {
                return Err(format!(
                    "[severity] {rule} = \"{other}\"; it must be \"error\" or \"warning\""
                ))
            }
        };
        s.severity.insert(id, sev);
    }
    Ok(())
}

/// `[limits]`, each at least 1.
fn limits(l: RawLimits, limits: &mut crate::read::Limits) -> Result<(), String> {
    let settings = [
        (
            "max_file_mb",
            l.max_file_mb,
            &mut limits.max_file_bytes,
            1024 * 1024,
        ),
        (
            "max_uncompressed_mb",
            l.max_uncompressed_mb,
            &mut limits.max_uncompressed_bytes,
            1024 * 1024,
        ),
        (
            "max_compression_ratio",
            l.max_compression_ratio,
            &mut limits.max_compression_ratio,
            1,
        ),
        (
            "max_sheet_rows",
            l.max_sheet_rows,
            &mut limits.max_sheet_rows,
            1,
        ),
        (
            "max_sheet_cells",
            l.max_sheet_cells,
            &mut limits.max_sheet_cells,
            1,
        ),
        (
            "max_string_chars",
            l.max_string_chars,
            &mut limits.max_string_chars,
            1,
        ),
    ];
    for (name, given, field, scale) in settings {
        if let Some(n) = given {
            if n == 0 {
                return Err(format!("[limits] {name} is 0; it must be at least 1"));
            }
            *field = n.saturating_mul(scale);
        }
    }
    Ok(())
}

/// `[history]`: the history rules' thresholds.
fn history(h: RawHistory, s: &mut Settings) -> Result<(), String> {
    if let Some(z) = h.outlier_z {
        if z.is_nan() || z <= 0.0 {
            return Err(format!(
                "[history] outlier_z is {z}; it must be above 0 (default 3.5)"
            ));
        }
        s.history.outlier_z = z;
    }
    if let Some(n) = h.outlier_min_points {
        s.history.outlier_min_points = n.max(2);
    }
    if let Some(n) = h.copied_forward_periods {
        if n == 0 {
            return Err("[history] copied_forward_periods must be at least 1 (default 3)".into());
        }
        s.history.copied_forward_periods = n;
    }
    Ok(())
}

/// `[spc]`: points needed, and run lengths as Making Data Count allows.
fn spc_settings(spc: RawSpc, s: &mut Settings) -> Result<(), String> {
    if let Some(n) = spc.min_points {
        if n < 2 {
            return Err(format!(
                "[spc] min_points is {n}; it must be at least 2 (default 13, as NHS England advises)"
            ));
        }
        s.spc.min_points = n;
    }
    // NHS England's "Making Data Count" allows runs of 6 to 8 points.
    for (key, given, field) in [
        ("shift_length", spc.shift_length, &mut s.spc.shift_length),
        ("trend_length", spc.trend_length, &mut s.spc.trend_length),
    ] {
        if let Some(n) = given {
            if !(6..=8).contains(&n) {
                return Err(format!(
                    "[spc] {key} is {n}; it must be 6, 7 or 8 (default 6), as NHS England's Making Data Count allows"
                ));
            }
            *field = n;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
