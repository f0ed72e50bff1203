//! The JSON contract of a budget line and of `summary.finance`.

use super::*;
use serde_json::json;
use std::sync::Arc;

fn pounds(p: i64) -> Money {
    Money::from_pounds(p)
}

fn result() -> BudgetResult {
    BudgetResult {
        reference: "CC100".into(),
        service: "Home care".into(),
        directorate: "Adults".into(),
        line_type: LineType::Expenditure,
        budget: pounds(1_000_000),
        spend_to_date: Some(Money::from_pence(41_000_050)),
        forecast: Some(pounds(1_060_000)),
        variance: Some(pounds(60_000)),
        adverse: Some(pounds(60_000)),
        tolerance: Threshold::of_amount(pounds(20_000)),
        rag: BudgetRag::Red,
        note: None,
        movement: Some(pounds(-5_000)),
        exception: true,
        reasons: vec![BudgetReason::Overspend],
        since_previous_report: Some(BudgetSince::New),
        commentary: Some("Demand up".into()),
        source: Some(Source {
            file: Arc::from("adults.xlsx"),
            sheet: Arc::from("Finance"),
            row: 6,
            col: 4,
        }),
        holder: Some("Head of Care".into()),
        attributes: vec![("Committee".into(), "Adults".into())],
    }
}

#[test]
fn every_json_field_of_section_16() {
    let v = serde_json::to_value(result()).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let want = [
        "ref",
        "service",
        "directorate",
        "type",
        "budget",
        "spend_to_date",
        "forecast",
        "variance",
        "adverse",
        "tolerance",
        "rag",
        "note",
        "movement",
        "exception",
        "reasons",
        "since_previous_report",
        "commentary",
        "source",
    ];
    for k in want {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
    assert_eq!(keys.len(), want.len(), "{keys:?}");
    assert_eq!(v["ref"], "CC100");
    assert_eq!(v["type"], "expenditure");
    assert_eq!(v["budget"], json!(1_000_000.0));
    assert_eq!(v["spend_to_date"], json!(410_000.5));
    assert_eq!(v["variance"], json!(60_000.0));
    assert_eq!(v["tolerance"], json!(20_000.0));
    assert_eq!(v["movement"], json!(-5_000.0));
    assert_eq!(v["rag"], "red");
    assert_eq!(v["reasons"], json!(["overspend"]));
    assert_eq!(v["since_previous_report"], "new");
    assert!(v["note"].is_null());
    assert_eq!(
        v["source"],
        json!({"file": "adults.xlsx", "sheet": "Finance", "cell": "E7"})
    );
}

#[test]
fn a_line_without_a_forecast_or_a_previous_report() {
    let mut r = result();
    r.forecast = None;
    r.variance = None;
    r.adverse = None;
    r.movement = None;
    r.rag = BudgetRag::Missing;
    r.exception = false;
    r.reasons = vec![];
    r.since_previous_report = None;
    r.source = None;
    r.spend_to_date = None;
    let v = serde_json::to_value(&r).unwrap();
    assert!(v.get("since_previous_report").is_none());
    for k in [
        "forecast",
        "variance",
        "adverse",
        "movement",
        "source",
        "spend_to_date",
    ] {
        assert!(v[k].is_null(), "{k}");
    }
    assert_eq!(v["rag"], "missing");
    // In the totals its budget stands as its forecast.
    assert_eq!(r.forecast_for_totals(), pounds(1_000_000));
    assert_eq!(result().forecast_for_totals(), pounds(1_060_000));
}

#[test]
fn notes_reasons_and_words() {
    assert_eq!(
        serde_json::to_value(BudgetNote::IncomeAboveBudget).unwrap(),
        "income above budget"
    );
    assert_eq!(BudgetNote::Underspend.words(), "underspend");
    assert_eq!(
        BudgetReason::of(LineType::Income),
        BudgetReason::IncomeShortfall
    );
    assert_eq!(
        BudgetReason::of(LineType::Capital),
        BudgetReason::CapitalVariance
    );
    assert_eq!(
        BudgetReason::of(LineType::Expenditure),
        BudgetReason::Overspend
    );
    for r in [
        BudgetReason::Overspend,
        BudgetReason::IncomeShortfall,
        BudgetReason::CapitalVariance,
    ] {
        assert_eq!(serde_json::to_value(r).unwrap(), r.id());
    }
    for r in BudgetRag::ALL {
        assert_eq!(BudgetRag::from_id(r.id()), Some(r));
        assert_eq!(serde_json::to_value(r).unwrap(), r.id());
    }
    assert_eq!(BudgetRag::from_id("purple"), None);
    for s in [
        BudgetSince::New,
        BudgetSince::Better,
        BudgetSince::Worse,
        BudgetSince::Unchanged,
    ] {
        assert_eq!(serde_json::to_value(s).unwrap(), s.id());
    }
}

#[test]
fn variance_as_a_percentage_of_the_budget() {
    assert_eq!(result().variance_percent(), Some(6.0));
    let mut r = result();
    r.budget = pounds(-200_000);
    r.variance = Some(pounds(-10_000));
    assert_eq!(r.variance_percent(), Some(-5.0));
    r.budget = Money::ZERO;
    assert_eq!(r.variance_percent(), None);
    r.budget = pounds(1);
    r.variance = None;
    assert_eq!(r.variance_percent(), None);
}

#[test]
fn the_finance_summary() {
    let mut lines = FinanceLines::default();
    for r in [
        BudgetRag::Green,
        BudgetRag::Green,
        BudgetRag::Red,
        BudgetRag::Missing,
    ] {
        lines.add(r);
    }
    assert_eq!(
        (lines.green, lines.amber, lines.red, lines.missing),
        (2, 0, 1, 1)
    );
    assert_eq!(lines.total(), 4);
    let total = |d: Option<&str>, t| FinanceTotal {
        directorate: d.map(str::to_string),
        line_type: t,
        budget: pounds(100),
        forecast: Money::from_pence(10_050),
        variance: Money::from_pence(50),
        lines: 1,
        lines_at_budget: 0,
    };
    let s = FinanceSummary {
        totals: vec![
            total(Some("Adults"), LineType::Expenditure),
            total(None, LineType::Expenditure),
        ],
        lines,
    };
    assert_eq!(
        s.council(LineType::Expenditure).map(|t| t.variance),
        Some(Money::from_pence(50))
    );
    assert!(s.council(LineType::Capital).is_none());
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(
        v["lines"],
        json!({"green": 2, "amber": 0, "red": 1, "missing": 1})
    );
    assert_eq!(
        v["totals"][1],
        json!({"directorate": null, "type": "expenditure", "budget": 100.0,
               "forecast": 100.5, "variance": 0.5, "lines": 1, "lines_at_budget": 0})
    );
}

#[test]
fn lines_and_totals_in_words() {
    let mut lines = FinanceLines::default();
    assert_eq!(lines.words(), "0 budget lines");
    lines.add(BudgetRag::Green);
    assert_eq!(lines.words(), "1 budget line: 1 green");
    for r in [BudgetRag::Red, BudgetRag::Missing, BudgetRag::Missing] {
        lines.add(r);
    }
    assert_eq!(
        lines.words(),
        "4 budget lines: 1 green, 1 red, 2 with no forecast"
    );
    let mut t = FinanceTotal {
        directorate: None,
        line_type: LineType::Income,
        budget: pounds(500_000),
        forecast: Money::from_pence(48_500_049),
        variance: Money::from_pence(-1_499_951),
        lines: 3,
        lines_at_budget: 0,
    };
    assert_eq!(
        t.words(),
        "Income: budget £500,000, forecast £485,000, variance -£15,000"
    );
    t.lines_at_budget = 2;
    assert!(t
        .words()
        .ends_with("(2 lines with no forecast counted at their budget)"));
}
