//! `[[source]]` with `kind = "budget"` in `ipr.toml` (SPEC section 16): a
//! budget table no automatic rule finds, described by its header row and
//! columns (`ref` and `forecast` required; `budget`, `spend`, `commentary`
//! and `data_note` optional), by letter or header text.

use super::source::{RawSource, SourceProblem};
use super::table_source::KindSource;
use crate::returns::mapping::{BudgetSourceColumns, SourceMapping};

/// True for a `[[source]]` with `kind = "budget"` (any case, spaces around).
pub(super) fn is_budget_kind(kind: Option<&str>) -> bool {
    kind.is_some_and(|k| k.trim().eq_ignore_ascii_case("budget"))
}

/// A `[[source]]` with `kind = "budget"`: a table of budget lines' figures,
/// its Ref and Forecast columns and any of the others.
pub(super) fn budget_source(mut r: RawSource, name: &str) -> Result<SourceMapping, SourceProblem> {
    let t = KindSource {
        name,
        kind: "budget",
    };
    t.start(
        &r,
        &[
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
        ],
        "is not for budget tables; a kind = \"budget\" table has ref, forecast, budget, spend, commentary and data_note",
    )?;
    let reference = t.required(
        "ref",
        r.reference.take(),
        "the column of the budget lines' Refs",
    )?;
    let forecast = t.required(
        "forecast",
        r.forecast.take(),
        "the column of the forecast outturn",
    )?;
    let columns = BudgetSourceColumns {
        reference: reference.clone(),
        forecast,
        budget: t.column("budget", r.budget.take())?,
        spend: t.column("spend", r.spend.take())?,
        commentary: t.column("commentary", r.commentary.take())?,
        data_note: t.column("data_note", r.data_note.take())?,
    };
    t.mapping(r, reference, None, Some(columns))
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
