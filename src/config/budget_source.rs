//! `[[source]]` with `kind = "budget"` in `ipr.toml` (SPEC section 16): a
//! budget table no automatic rule finds, described by its header row and
//! columns (`ref` and `forecast` required; `budget`, `spend`, `commentary`
//! and `data_note` optional), by letter or header text.

use super::source::{RawSource, SourceProblem};
use crate::cellref::parse_a1;
use crate::returns::mapping::{BudgetSourceColumns, ColumnRef, SourceLayout, SourceMapping};

/// True for a `[[source]]` with `kind = "budget"` (any case, spaces around).
pub(super) fn is_budget_kind(kind: Option<&str>) -> bool {
    kind.is_some_and(|k| k.trim().eq_ignore_ascii_case("budget"))
}

/// A `[[source]]` with `kind = "budget"`: a table of budget lines' figures,
/// its Ref and Forecast columns and any of the others.
pub(super) fn budget_source(r: RawSource, name: &str) -> Result<SourceMapping, SourceProblem> {
    if r.header_row < 1 || r.header_row > 1_048_576 {
        return Err(format!(
            "{name}: header_row is {}; it must be a row number as Excel shows it, 1 or more",
            r.header_row
        )
        .into());
    }
    for (key, v) in [
        ("code", &r.code),
        ("layout", &r.layout),
        ("value", &r.value),
        ("period_column", &r.period_column),
        ("target", &r.target),
        ("numerator", &r.numerator),
        ("denominator", &r.denominator),
        ("status", &r.status),
        ("percent", &r.percent),
        ("revised", &r.revised),
        ("completed", &r.completed),
        ("rag", &r.rag),
    ] {
        if v.is_some() {
            return Err(format!("{name}: '{key}' is not for budget tables; a kind = \"budget\" table has ref, forecast, budget, spend, commentary and data_note").into());
        }
    }
    let col = |key: &str, v: Option<String>| -> Result<Option<ColumnRef>, String> {
        match v {
            None => Ok(None),
            Some(t) => ColumnRef::parse(&t).map(Some).ok_or_else(|| {
                format!("{name}: {key} is empty; give a column letter such as \"C\" or the column's header text")
            }),
        }
    };
    let reference = col("ref", r.reference)?.ok_or_else(|| {
        format!(
            "{name}: a kind = \"budget\" table needs 'ref', the column of the budget lines' Refs"
        )
    })?;
    let forecast = col("forecast", r.forecast)?.ok_or_else(|| {
        format!("{name}: a kind = \"budget\" table needs 'forecast', the column of the forecast outturn")
    })?;
    let columns = BudgetSourceColumns {
        reference: reference.clone(),
        forecast,
        budget: col("budget", r.budget)?,
        spend: col("spend", r.spend)?,
        commentary: col("commentary", r.commentary)?,
        data_note: col("data_note", r.data_note)?,
    };
    let period = match r.period {
        None => None,
        Some(p) => Some(parse_a1(&p).ok_or_else(|| {
            format!(
                "{name}: period is \"{p}\"; it must be the cell holding the period, such as \"B2\""
            )
        })?),
    };
    Ok(SourceMapping {
        files: r.files,
        directorate: r.directorate.filter(|d| !d.trim().is_empty()),
        sheet: r.sheet.filter(|s| !s.trim().is_empty()),
        header_row: r.header_row as u32,
        layout: SourceLayout::Long,
        code: reference,
        value: None,
        period,
        period_column: None,
        target: None,
        forecast: None,
        commentary: None,
        data_note: None,
        numerator: None,
        denominator: None,
        actions: None,
        budget: Some(columns),
    })
}

#[cfg(test)]
mod tests {
    use crate::config::{load_config, ColumnRef};

    #[test]
    fn a_source_of_kind_budget_is_read_and_its_mistakes_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ipr.toml");
        let head = "[[source]]\nfiles = \"Finance*.xlsx\"\nheader_row = 3\n";
        std::fs::write(
            &p,
            format!("{head}kind = \"Budget\"\nref = \"Cost Code\"\nforecast = \"F\"\nspend = \"E\"\nbudget = \"D\"\ncommentary = \"Why\"\nperiod = \"B1\"\n"),
        )
        .unwrap();
        let (_, s) = load_config(&p).unwrap();
        let src = &s.sources[0];
        assert!(!src.is_indicators() && src.actions.is_none());
        let cols = src.budget.as_ref().expect("a budget source");
        assert_eq!(cols.reference, ColumnRef::Header("Cost Code".into()));
        assert_eq!(cols.forecast, ColumnRef::Letter(5));
        assert_eq!(cols.spend, Some(ColumnRef::Letter(4)));
        assert_eq!(cols.budget, Some(ColumnRef::Letter(3)));
        assert_eq!(cols.commentary, Some(ColumnRef::Header("Why".into())));
        assert_eq!(src.period, Some((0, 1)));
        for (text, words) in [
            ("kind = \"budget\"\nforecast = \"B\"\n", "needs 'ref'"),
            ("kind = \"budget\"\nref = \"A\"\n", "needs 'forecast'"),
            (
                "kind = \"budget\"\nref = \"A\"\nforecast = \"B\"\nstatus = \"C\"\n",
                "'status' is not for budget tables",
            ),
            (
                "kind = \"budget\"\nref = \"A\"\nforecast = \"B\"\nvalue = \"C\"\n",
                "'value' is not for budget tables",
            ),
            (
                "kind = \"budgets\"\nref = \"A\"\n",
                "\"actions\" or \"budget\"",
            ),
        ] {
            std::fs::write(&p, format!("{head}{text}")).unwrap();
            let e = load_config(&p).unwrap_err();
            assert!(e.message.contains(words), "{text:?}: {e}");
        }
    }
}
