//! `ipr.toml`: the council's settings. Every key is optional.
//!
//! ```toml
//! register = "register.xlsx"      # relative to this file
//! returns = ["returns"]           # files or folders, searched recursively
//! output = "out"
//! period = "2026-09"              # used when --period is not given
//! year_start_month = 4            # April
//! default_tolerance = "5%"        # or 5
//! ratio_tolerance = "2%"          # numerator/denominator test
//! no_value = ["n/a", "TBC", "-", "..", "-1"]
//!
//! [severity]                      # change a rule's severity
//! DQ040 = "error"
//!
//! [history]                       # the rules that look at an indicator's past
//! outlier_z = 3.5
//! outlier_min_points = 6
//! copied_forward_periods = 3
//!
//! [limits]
//! max_file_mb = 200
//! max_sheet_cells = 20000000
//! ```

use crate::period::YearStart;
use crate::quality::finding::Severity;
use crate::quality::rules::RULES;
use crate::read::Limits;
use crate::value::{parse_numeric_text, ValueOptions};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Settings every stage needs, with the defaults of the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Financial-year start.
    pub year_start: YearStart,
    /// Tolerance where the register leaves it blank, as a fraction.
    pub default_tolerance: f64,
    /// Relative tolerance of the numerator/denominator test, as a fraction.
    pub ratio_tolerance: f64,
    /// What counts as "no value".
    pub values: ValueOptions,
    /// Size limits.
    pub limits: Limits,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, Severity>,
    /// Thresholds of the rules that look at an indicator's history.
    pub history: HistoryOptions,
}

/// Thresholds of the history rules (`[history]` in `ipr.toml`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistoryOptions {
    /// A value is an outlier when its robust z-score (against the median absolute
    /// deviation x 1.4826 of earlier values) is above this. Default 3.5.
    pub outlier_z: f64,
    /// Earlier values needed before the outlier rule is assessed. Default 6.
    pub outlier_min_points: usize,
    /// A value equal to the one in each of this many periods before it is "copied
    /// forward". Default 3 (the same value four periods running).
    pub copied_forward_periods: usize,
}

impl Default for HistoryOptions {
    fn default() -> Self {
        HistoryOptions {
            outlier_z: 3.5,
            outlier_min_points: 6,
            copied_forward_periods: 3,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            year_start: YearStart::default(),
            default_tolerance: 0.05,
            ratio_tolerance: 0.02,
            values: ValueOptions::default(),
            limits: Limits::default(),
            severity: BTreeMap::new(),
            history: HistoryOptions::default(),
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
    max_sheet_cells: Option<u64>,
}

/// A config file that cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// The file.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "The settings file {} cannot be used: {}",
            self.file, self.message
        )
    }
}

impl std::error::Error for ConfigError {}

/// Read a percentage written as `"5%"`, `5` or `0.05`-in-a-string-with-% : all mean 5%.
fn percent_setting(v: &toml::Value) -> Option<f64> {
    let n = match v {
        toml::Value::Integer(i) => *i as f64,
        toml::Value::Float(f) => *f,
        toml::Value::String(s) => parse_numeric_text(s)?.0,
        _ => return None,
    };
    (n >= 0.0).then_some(n / 100.0)
}

/// Load `ipr.toml`.
pub fn load_config(path: &Path) -> Result<(ConfigPaths, Settings), ConfigError> {
    let err = |message: String| ConfigError {
        file: path.display().to_string(),
        message,
    };
    let text =
        std::fs::read_to_string(path).map_err(|e| err(format!("it could not be read ({e})")))?;
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
        s.year_start = YearStart { month: m };
    }
    if let Some(v) = &raw.default_tolerance {
        s.default_tolerance = percent_setting(v)
            .ok_or_else(|| err(format!("default_tolerance is {v}; write it as \"5%\" or 5")))?;
    }
    if let Some(v) = &raw.ratio_tolerance {
        s.ratio_tolerance = percent_setting(v)
            .ok_or_else(|| err(format!("ratio_tolerance is {v}; write it as \"2%\" or 2")))?;
    }
    if let Some(words) = raw.no_value {
        s.values.no_value = words;
    }
    for (rule, sev) in raw.severity.unwrap_or_default() {
        let id = rule.trim().to_ascii_uppercase();
        if !RULES.iter().any(|r| r.id == id) {
            return Err(err(format!(
                "[severity] names rule '{rule}', which does not exist; see docs/rules.md"
            )));
        }
        let sev = match sev.trim().to_ascii_lowercase().as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            other => {
                return Err(err(format!(
                    "[severity] {rule} = \"{other}\"; it must be \"error\" or \"warning\""
                )))
            }
        };
        s.severity.insert(id, sev);
    }
    if let Some(l) = raw.limits {
        if let Some(mb) = l.max_file_mb {
            s.limits.max_file_bytes = mb.saturating_mul(1024 * 1024);
        }
        if let Some(c) = l.max_sheet_cells {
            s.limits.max_sheet_cells = c;
        }
    }
    if let Some(h) = raw.history {
        if let Some(z) = h.outlier_z {
            if z.is_nan() || z <= 0.0 {
                return Err(err(format!(
                    "[history] outlier_z is {z}; it must be above 0 (default 3.5)"
                )));
            }
            s.history.outlier_z = z;
        }
        if let Some(n) = h.outlier_min_points {
            s.history.outlier_min_points = n.max(2);
        }
        if let Some(n) = h.copied_forward_periods {
            if n == 0 {
                return Err(err(
                    "[history] copied_forward_periods must be at least 1 (default 3)".into(),
                ));
            }
            s.history.copied_forward_periods = n;
        }
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
    };
    Ok((paths, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_and_resolves_paths() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ipr.toml");
        std::fs::write(
            &p,
            "register = \"reg.xlsx\"\nreturns = [\"in\"]\nyear_start_month = 1\ndefault_tolerance = \"10%\"\nratio_tolerance = 3\nno_value = [\"-1\"]\n[severity]\ndq040 = \"error\"\n",
        )
        .unwrap();
        let (paths, s) = load_config(&p).unwrap();
        assert_eq!(paths.register, Some(dir.path().join("reg.xlsx")));
        assert_eq!(paths.returns, vec![dir.path().join("in")]);
        assert_eq!(s.year_start.month, 1);
        assert!((s.default_tolerance - 0.10).abs() < 1e-12);
        assert!((s.ratio_tolerance - 0.03).abs() < 1e-12);
        assert_eq!(s.values.no_value, vec!["-1".to_string()]);
        assert_eq!(s.severity.get("DQ040"), Some(&Severity::Error));
    }

    #[test]
    fn rejects_unknown_keys_and_rules() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ipr.toml");
        std::fs::write(&p, "regsiter = \"x\"\n").unwrap();
        assert!(load_config(&p).unwrap_err().message.contains("regsiter"));
        std::fs::write(&p, "[severity]\nDQ999 = \"error\"\n").unwrap();
        assert!(load_config(&p).unwrap_err().message.contains("DQ999"));
        std::fs::write(&p, "year_start_month = 13\n").unwrap();
        assert!(load_config(&p).unwrap_err().message.contains("1 to 12"));
    }
}
