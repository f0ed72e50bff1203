//! Budget lines in the previous report (SPEC sections 10 and 16): what this
//! month's run compares with, read from the JSON's `budgets`. A report
//! written before ipr read budgets has none, and reads as having no lines.

use super::budget::LineType;
use super::budget_result::BudgetRag;
use super::money::Money;
use serde::Deserialize;

/// A budget line as the previous report assessed it: only what the
/// comparison needs. Amounts are in pounds, as the JSON writes them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PreviousBudgetLine {
    /// Its Ref.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Its Type then.
    #[serde(rename = "type", default)]
    pub line_type: Option<String>,
    /// Its forecast outturn then.
    #[serde(default)]
    pub forecast: Option<f64>,
    /// Its variance then.
    #[serde(default)]
    pub variance: Option<f64>,
    /// Its adverse variance then.
    #[serde(default)]
    pub adverse: Option<f64>,
    /// Its RAG then.
    #[serde(default)]
    pub rag: Option<String>,
    /// Whether it was an exception then.
    #[serde(default)]
    pub exception: bool,
}

impl PreviousBudgetLine {
    /// The forecast then, to the penny.
    pub fn forecast(&self) -> Option<Money> {
        Money::from_number(self.forecast?).ok()
    }

    /// The adverse variance then: as written, or worked out from the
    /// variance and Type where a report wrote only those.
    pub fn adverse(&self) -> Option<Money> {
        if let Some(a) = self.adverse {
            return Money::from_number(a).ok();
        }
        let t = LineType::parse(self.line_type.as_deref()?)?;
        Some(t.adverse(Money::from_number(self.variance?).ok()?))
    }

    /// The RAG then.
    pub fn rag(&self) -> Option<BudgetRag> {
        BudgetRag::from_id(self.rag.as_deref()?)
    }
}

/// The previous report's line with this Ref (ignoring case and spaces).
pub fn find<'a>(
    lines: &'a [PreviousBudgetLine],
    reference: &str,
) -> Option<&'a PreviousBudgetLine> {
    let key = ref_key(reference);
    lines.iter().find(|l| ref_key(&l.reference) == key)
}

/// A Ref as compared: inner spaces collapsed, upper case.
fn ref_key(r: &str) -> String {
    r.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_from_json_with_and_without_the_fields() {
        let l: PreviousBudgetLine = serde_json::from_str(
            r#"{"ref": "CC100", "type": "income", "forecast": 455000.5,
                "variance": -44999.5, "adverse": 44999.5, "rag": "amber",
                "exception": true, "service": "ignored", "source": null}"#,
        )
        .unwrap();
        assert_eq!(l.forecast(), Some(Money::from_pence(45_500_050)));
        assert_eq!(l.adverse(), Some(Money::from_pence(4_499_950)));
        assert_eq!(l.rag(), Some(BudgetRag::Amber));
        assert!(l.exception);
        let bare: PreviousBudgetLine = serde_json::from_str(r#"{"ref": "X"}"#).unwrap();
        assert_eq!(
            (bare.forecast(), bare.adverse(), bare.rag()),
            (None, None, None)
        );
        assert!(!bare.exception);
        let list = [l, bare];
        assert_eq!(find(&list, " cc100 ").map(|l| l.exception), Some(true));
        assert!(find(&list, "CC1000").is_none());
    }

    #[test]
    fn adverse_worked_out_where_only_the_variance_was_written() {
        let l = |t: &str, v: f64| PreviousBudgetLine {
            reference: "CC1".into(),
            line_type: Some(t.into()),
            forecast: None,
            variance: Some(v),
            adverse: None,
            rag: Some("missing".into()),
            exception: false,
        };
        let m = Money::from_pounds;
        assert_eq!(l("expenditure", 500.0).adverse(), Some(m(500)));
        assert_eq!(l("income", 500.0).adverse(), Some(m(-500)));
        assert_eq!(l("capital", -500.0).adverse(), Some(m(500)));
        assert_eq!(l("revenue", -500.0).adverse(), None);
        assert_eq!(l("capital", 1.0).rag(), Some(BudgetRag::Missing));
    }
}
