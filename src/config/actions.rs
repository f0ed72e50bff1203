//! `[actions]` in `ipr.toml`: the thresholds of the action assessment (SPEC
//! section 13). Kept beside `config.rs` so that the settings file stays short.

use crate::assess::action::ActionOptions;
use crate::value::parse_numeric_text;
use serde::Deserialize;

/// `[actions]` as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawActions {
    pace_green: Option<toml::Value>,
    pace_amber: Option<toml::Value>,
    slippage_days: Option<i64>,
}

/// A pace threshold: `90`, `90.0` or `"90%"` all mean a pace of 90. A value
/// between 0 and 1 could mean 0.9 or 90: refused, as a bare tolerance is.
fn pace(key: &str, v: &toml::Value) -> Result<f64, String> {
    let n = match v {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        toml::Value::String(s) => parse_numeric_text(s).map(|(n, _)| n),
        _ => None,
    };
    match n {
        Some(n) if n > 0.0 && n < 1.0 => Err(format!(
            "[actions] {key} is {v}, which could mean {n} or {}; write a pace as a percentage, such as 90 for 90%",
            n * 100.0
        )),
        Some(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(format!(
            "[actions] {key} is {v}; write a pace as a percentage, such as 90 for 90%"
        )),
    }
}

impl RawActions {
    /// The thresholds, or what is wrong with them.
    pub(super) fn settle(self) -> Result<ActionOptions, String> {
        let mut o = ActionOptions::default();
        if let Some(v) = &self.pace_green {
            o.pace_green = pace("pace_green", v)?;
        }
        if let Some(v) = &self.pace_amber {
            o.pace_amber = pace("pace_amber", v)?;
        }
        if o.pace_amber > o.pace_green {
            return Err(format!(
                "[actions] pace_amber ({}) is above pace_green ({}); amber must start below green (defaults 70 and 90)",
                o.pace_amber, o.pace_green
            ));
        }
        if let Some(n) = self.slippage_days {
            if n < 0 {
                return Err(format!(
                    "[actions] slippage_days is {n}; it must be a number of days, 0 or more (default 30)"
                ));
            }
            o.slippage_days = n;
        }
        Ok(o)
    }
}

#[cfg(test)]
mod tests {
    use crate::config::load_config;

    #[test]
    fn thresholds_default_read_and_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ipr.toml");
        std::fs::write(&p, "").unwrap();
        let (paths, s) = load_config(&p).unwrap();
        assert_eq!(
            (
                s.actions.pace_green,
                s.actions.pace_amber,
                s.actions.slippage_days
            ),
            (90.0, 70.0, 30)
        );
        assert_eq!(paths.action_plan, None);
        std::fs::write(
            &p,
            "action_plan = \"plans/plan.xlsx\"\n[actions]\npace_green = 95\npace_amber = \"75%\"\nslippage_days = 14\n",
        )
        .unwrap();
        let (paths, s) = load_config(&p).unwrap();
        assert_eq!(paths.action_plan, Some(dir.path().join("plans/plan.xlsx")));
        assert_eq!(
            (
                s.actions.pace_green,
                s.actions.pace_amber,
                s.actions.slippage_days
            ),
            (95.0, 75.0, 14)
        );
        for (text, words) in [
            ("[actions]\npace_green = 0.9\n", "could mean 0.9 or 90"),
            (
                "[actions]\npace_amber = \"fast\"\n",
                "[actions] pace_amber is \"fast\"",
            ),
            (
                "[actions]\npace_green = 60\n",
                "pace_amber (70) is above pace_green (60)",
            ),
            ("[actions]\nslippage_days = -1\n", "slippage_days is -1"),
            ("[actions]\npace = 90\n", "pace"),
        ] {
            std::fs::write(&p, text).unwrap();
            let e = load_config(&p).unwrap_err();
            assert!(e.message.contains(words), "{text:?}: {e}");
        }
    }
}
