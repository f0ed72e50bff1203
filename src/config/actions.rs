//! `[actions]` in `ipr.toml`: the thresholds of the action assessment (SPEC
//! section 13). Kept beside `config.rs` so that the settings file stays short.

use super::table_source::KindSource;
use crate::assess::action::ActionOptions;
use crate::read::value::parse_numeric_text;
use crate::returns::mapping::{ActionColumns, SourceMapping};
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

/// True for a `[[source]]` with `kind = "actions"`; false for `indicators`
/// or no kind (the default); an error for any other word.
pub(super) fn is_actions_kind(
    kind: Option<&str>,
    name: &str,
) -> Result<bool, super::source::SourceProblem> {
    match kind.map(|k| k.trim().to_ascii_lowercase()).as_deref() {
        None | Some("indicators") => Ok(false),
        Some("actions") => Ok(true),
        Some(other) => Err(format!(
            "{name}: kind is \"{other}\"; it must be \"indicators\" (the default), \"actions\" or \"budget\""
        )
        .into()),
    }
}

/// A `[[source]]` with `kind = "actions"`: a table of progress on the action
/// plan, its Ref column and at least one of status, percent or revised.
pub(super) fn action_source(
    mut r: super::source::RawSource,
    name: &str,
) -> Result<SourceMapping, super::source::SourceProblem> {
    let t = KindSource {
        name,
        kind: "actions",
    };
    t.start(
        &r,
        &[
            ("code", &r.code),
            ("layout", &r.layout),
            ("value", &r.value),
            ("period_column", &r.period_column),
            ("target", &r.target),
            ("forecast", &r.forecast),
            ("numerator", &r.numerator),
            ("denominator", &r.denominator),
        ],
        "is for indicator tables; a kind = \"actions\" table has ref, status, percent, revised, completed, commentary and rag",
    )?;
    let reference = t.required("ref", r.reference.take(), "the column of the actions' Refs")?;
    let columns = ActionColumns {
        reference: reference.clone(),
        status: t.column("status", r.status.take())?,
        percent: t.column("percent", r.percent.take())?,
        revised: t.column("revised", r.revised.take())?,
        completed: t.column("completed", r.completed.take())?,
        commentary: t.column("commentary", r.commentary.take())?,
        rag: t.column("rag", r.rag.take())?,
        data_note: t.column("data_note", r.data_note.take())?,
    };
    if columns.status.is_none() && columns.percent.is_none() && columns.revised.is_none() {
        return Err(format!(
            "{name}: a kind = \"actions\" table needs at least one of status, percent or revised"
        )
        .into());
    }
    t.mapping(r, reference, Some(columns), None)
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

    #[test]
    fn a_source_of_kind_actions_is_read_and_its_mistakes_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ipr.toml");
        let head = "[[source]]\nfiles = \"DFD*.xlsx\"\nheader_row = 4\n";
        std::fs::write(
            &p,
            format!(
                "{head}kind = \"actions\"\nref = \"Item\"\nstatus = \"C\"\npercent = \"% done\"\n"
            ),
        )
        .unwrap();
        let (_, s) = load_config(&p).unwrap();
        let cols = s.sources[0].actions.as_ref().expect("an actions source");
        assert_eq!(
            cols.reference,
            crate::config::ColumnRef::Header("Item".into())
        );
        assert_eq!(cols.status, Some(crate::config::ColumnRef::Letter(2)));
        for (text, words) in [
            (
                "kind = \"action\"\nref = \"A\"\nstatus = \"B\"\n",
                "kind is \"action\"",
            ),
            ("kind = \"actions\"\nstatus = \"B\"\n", "needs 'ref'"),
            (
                "kind = \"actions\"\nref = \"A\"\n",
                "at least one of status",
            ),
            (
                "kind = \"actions\"\nref = \"A\"\nstatus = \"B\"\nvalue = \"C\"\n",
                "'value' is for indicator tables",
            ),
            ("code = \"A\"\n", "layout is \"\""),
        ] {
            std::fs::write(&p, format!("{head}{text}")).unwrap();
            let e = load_config(&p).unwrap_err();
            assert!(e.message.contains(words), "{text:?}: {e}");
        }
    }
}
