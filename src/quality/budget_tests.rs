//! Each budget rule at its cell, with the controls that must not be flagged.

use super::*;
use crate::model::budget::testing::line;
use crate::model::budget_update::testing::row;
use crate::model::rules::Kind;
use crate::model::Severity;
use std::sync::Arc;

/// CC100: Resources, expenditure, £1,000,000 (2%: £20,000). IN-1: Resources,
/// income, £500,000 (£10,000). CAP-1: Resources, capital, £2,000,000, 2% or
/// £25,000 (£25,000). TA-1: Resources, a trading account of -£100,000.
/// AH-1: Adults and Health, £300,000.
fn budget() -> Budget {
    Budget::new(
        "register.xlsx",
        "",
        "Budgets",
        vec![
            line("CC100", "Resources", LineType::Expenditure, 1_000_000),
            line("IN-1", "Resources", LineType::Income, 500_000),
            line("CAP-1", "Resources", LineType::Capital, 2_000_000)
                .with_tolerance(Some(2), Some(25_000)),
            line("TA-1", "Resources", LineType::Expenditure, -100_000),
            line("AH-1", "Adults and Health", LineType::Expenditure, 300_000),
        ],
    )
}

fn ctx<'a>(budget: &'a Budget, returns: &'a [ReturnPlace]) -> BudgetContext<'a> {
    BudgetContext {
        budget,
        period: Period::month(2026, 9),
        cal: Calendar::default(),
        directorates: None,
        returns,
    }
}

/// (rule, cell, message) of each finding.
fn found(findings: &[Finding]) -> Vec<(Rule, String, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f.rule,
                f.cell.clone().unwrap_or_default(),
                f.message.clone(),
            )
        })
        .collect()
}

fn has(findings: &[Finding], rule: Rule, cell: &str, words: &str) {
    assert!(
        findings.iter().any(|f| f.rule == rule
            && f.cell.as_deref().unwrap_or("") == cell
            && f.message.contains(words)),
        "no {rule} at {cell:?} saying {words:?}: {:#?}",
        found(findings)
    );
}

fn count(findings: &[Finding], rule: Rule) -> usize {
    findings.iter().filter(|f| f.rule == rule).count()
}

/// The rules on `rows`, with every other line given a clean row at its
/// budget, so that only what a test sets up is found.
fn check(rows: Vec<BudgetUpdate>) -> Vec<Finding> {
    let b = budget();
    let mut all = rows;
    for (i, l) in b.lines.iter().enumerate() {
        if !all.iter().any(|u| u.key == l.key) {
            let clean =
                row(&l.reference, &l.directorate, 40 + i as u32).with_forecast(&l.budget.words());
            all.push(clean);
        }
    }
    check_budget_rows(&ctx(&b, &[]), &all).findings
}

#[test]
fn clean_rows_raise_nothing() {
    assert_eq!(found(&check(vec![])), vec![]);
}

#[test]
fn dq080_and_dq087_rows_that_are_not_used() {
    let b = budget();
    let rows = vec![
        row("CC999", "Resources", 4).with_forecast("£5,000"),
        row("AH-1", "Resources", 5).with_forecast("£300,000"),
        row("cc100", "Resources", 6).with_forecast("£1m"),
    ];
    let s = check_budget_rows(&ctx(&b, &[]), &rows);
    has(
        &s.findings,
        Rule::DQ080,
        "B5",
        "CC999 is not a line of the budget (register.xlsx), so this row was not used",
    );
    has(
        &s.findings,
        Rule::DQ087,
        "B6",
        "AH-1 (Service AH-1) is held by Adults and Health in the budget, but its figures were given by Resources; this row was not used",
    );
    assert_eq!(s.used.keys().collect::<Vec<_>>(), ["CC100"]);
    let f = s.findings.iter().find(|f| f.rule == Rule::DQ087).unwrap();
    assert_eq!(
        (
            f.file.as_str(),
            f.sheet.as_str(),
            f.indicator.as_deref(),
            f.period.as_deref()
        ),
        ("return.xlsx", "Finance", Some("AH-1"), Some("2026-09"))
    );
    assert_eq!((f.severity, f.rule.kind()), (Severity::Error, Kind::Budget));
    // The owner has not reported AH-1: no forecast for it this month.
    has(&s.findings, Rule::DQ082, "", "AH-1 (Service AH-1, Adults and Health) has no forecast outturn for September 2026: no return from Adults and Health has a row for it");
}

#[test]
fn dq081_each_amount_that_is_no_amount() {
    let got = check(vec![
        row("CC100", "Resources", 4)
            .with_forecast("about a million")
            .with_budget("5%")
            .with_spend("$4,000"),
        row("IN-1", "Resources", 5)
            .with_forecast("£500,000")
            .with_spend("lots"),
    ]);
    has(&got, Rule::DQ081, "E5", "The forecast outturn of CC100 is 'about a million', which is not an amount of money; type the amount in pounds");
    has(
        &got,
        Rule::DQ081,
        "E5",
        "The line is shown with no forecast.",
    );
    has(
        &got,
        Rule::DQ081,
        "C5",
        "The budget of CC100 is 5%, a percentage, not an amount of money",
    );
    has(&got, Rule::DQ081, "C5", "The approved budget is used.");
    has(
        &got,
        Rule::DQ081,
        "D5",
        "The spend to date of CC100 is $4,000, which is not in pounds",
    );
    has(
        &got,
        Rule::DQ081,
        "D6",
        "The income to date of IN-1 is 'lots'",
    );
    assert_eq!(count(&got, Rule::DQ081), 4);
    // An unreadable forecast is DQ081's, not DQ082's.
    assert_eq!(count(&got, Rule::DQ082), 0, "{:#?}", found(&got));
    let f = got
        .iter()
        .find(|f| f.cell.as_deref() == Some("E5"))
        .unwrap();
    assert_eq!(f.value.as_deref(), Some("about a million"));
}

#[test]
fn dq082_at_the_blank_forecast_cell_or_without_a_cell() {
    let got = check(vec![row("CC100", "Resources", 4)
        .with_spend("£400k")
        .with_commentary("ledger late")]);
    has(
        &got,
        Rule::DQ082,
        "E5",
        "CC100 (Service CC100) has no forecast outturn for September 2026.",
    );
    let b = budget();
    let places = [ReturnPlace {
        directorate: Arc::from("resources"),
        file: Arc::from("res.xlsx"),
        sheet: Arc::from("Finance"),
    }];
    let s = check_budget_rows(&ctx(&b, &places), &[]);
    assert_eq!(
        count(&s.findings, Rule::DQ082),
        5,
        "every line, no row for any"
    );
    let f = s
        .findings
        .iter()
        .find(|f| f.indicator.as_deref() == Some("IN-1"))
        .unwrap();
    assert_eq!(
        (f.file.as_str(), f.sheet.as_str(), f.cell.as_deref()),
        ("res.xlsx", "Finance", None)
    );
    assert_eq!(f.directorate.as_deref(), Some("Resources"));
    let f = s
        .findings
        .iter()
        .find(|f| f.indicator.as_deref() == Some("AH-1"))
        .unwrap();
    assert_eq!(f.file, "", "Adults and Health sent no return");
    // `check` looks only at the lines of the returns' directorates.
    let mine = ["Adults and Health".to_string()];
    let mut c = ctx(&b, &places);
    c.directorates = Some(&mine);
    let s = check_budget_rows(&c, &[]);
    let lines: Vec<_> = s
        .findings
        .iter()
        .map(|f| f.indicator.as_deref().unwrap())
        .collect();
    assert_eq!(lines, ["AH-1"]);
}

#[test]
fn dq083_a_budget_that_is_not_the_approved_one() {
    let got = check(vec![
        row("CC100", "Resources", 4)
            .with_forecast("£1m")
            .with_budget("£1,050,000"),
        row("IN-1", "Resources", 5)
            .with_forecast("£500k")
            .with_budget("500,000.99"),
        row("CAP-1", "Resources", 6)
            .with_forecast("£2m")
            .with_budget("1,999,999")
            .with_note("virement"),
    ]);
    has(&got, Rule::DQ083, "C5", "The budget given for CC100 (£1,050,000) differs from the approved budget (£1,000,000) by £50,000; the approved budget is used.");
    has(&got, Rule::DQ083, "C7", "by £1;");
    // 99p is rounding, not a virement.
    assert_eq!(count(&got, Rule::DQ083), 2, "{:#?}", found(&got));
    let mut got = got;
    crate::quality::settle(&mut got, &BTreeMap::new());
    let explained: Vec<bool> = got
        .iter()
        .filter(|f| f.rule == Rule::DQ083)
        .map(|f| f.explained)
        .collect();
    assert_eq!(
        explained,
        [false, true],
        "the Data Note explains the virement"
    );
    assert!(got.iter().all(|f| f.severity == Severity::Warning));
}

#[test]
fn dq084_spend_above_the_forecast_strictly() {
    let got = check(vec![
        row("CC100", "Resources", 4)
            .with_forecast("£1,000,000")
            .with_spend("£1,000,000.01"),
        row("IN-1", "Resources", 5)
            .with_forecast("£500,000")
            .with_spend("£520k"),
        row("CAP-1", "Resources", 6)
            .with_forecast("£2m")
            .with_spend("£2m"),
        row("TA-1", "Resources", 7)
            .with_forecast("-£100k")
            .with_spend("£5k"),
        row("AH-1", "Adults and Health", 8).with_forecast("£300k"),
    ]);
    has(&got, Rule::DQ084, "D5", "Spend to date on CC100 (£1,000,000.01) is above its forecast outturn for the whole year (£1,000,000).");
    has(&got, Rule::DQ084, "D6", "Income to date on IN-1 (£520,000) is above its income forecast for the whole year (£500,000).");
    // Equal is not above; a trading account is not tested; no spend, no test.
    assert_eq!(count(&got, Rule::DQ084), 2, "{:#?}", found(&got));
}

#[test]
fn dq084_not_for_a_net_surplus_line() {
    let b = Budget::new(
        "b.xlsx",
        "",
        "Budgets",
        vec![line("X-1", "Resources", LineType::Expenditure, -50_000)],
    );
    // A forecast above zero on a negative budget: a surplus line all the same.
    let rows = [row("X-1", "Resources", 4)
        .with_forecast("£10k")
        .with_spend("£20k")];
    let s = check_budget_rows(&ctx(&b, &[]), &rows);
    assert_eq!(count(&s.findings, Rule::DQ084), 0);
}

#[test]
fn dq085_beyond_tolerance_strictly_and_unexplained() {
    let got = check(vec![
        // Exactly at tolerance (£20,000): nothing to explain.
        row("CC100", "Resources", 4).with_forecast("£1,020,000"),
        // A penny beyond, favourable: still to be explained.
        row("IN-1", "Resources", 5).with_forecast("£510,000.01"),
        // Capital: £25,000 (smaller than 2%) and a penny beyond it.
        row("CAP-1", "Resources", 6).with_forecast("£1,974,999.99"),
        row("AH-1", "Adults and Health", 7)
            .with_forecast("£330k")
            .with_commentary("agency staff"),
    ]);
    has(&got, Rule::DQ085, "F6", "IN-1 is forecast to receive £10,000.01 more than budgeted, beyond its tolerance of £10,000 (2%), and has no commentary.");
    has(&got, Rule::DQ085, "F7", "CAP-1 is forecast to underspend by £25,000.01, beyond its tolerance of £25,000 (2% or £25,000)");
    assert_eq!(count(&got, Rule::DQ085), 2, "{:#?}", found(&got));
    let f = got
        .iter()
        .find(|f| f.rule == Rule::DQ085 && f.indicator.as_deref() == Some("IN-1"))
        .unwrap();
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.value.as_deref(), Some("£510,000.01"));
}

#[test]
fn dq085_in_a_table_with_no_commentary_column() {
    let mut u = row("CC100", "Resources", 4)
        .with_forecast("£1.1m")
        .with_note("one-off legal costs");
    u.columns.commentary = None;
    let mut got = check(vec![u]);
    has(&got, Rule::DQ085, "B5", "overspend by £100,000, beyond its tolerance of £20,000 (2%), and has no commentary (the table has no Commentary column).");
    crate::quality::settle(&mut got, &BTreeMap::new());
    assert!(
        got.iter()
            .find(|f| f.rule == Rule::DQ085)
            .unwrap()
            .explained
    );
}

#[test]
fn dq086_one_line_twice_with_different_figures() {
    let b = budget();
    let mut rows = vec![
        row("CC100", "Resources", 4).with_forecast("£1.06m"),
        row("CC100", "Resources", 9).with_forecast("£1.1m"),
        // The same figures twice, written two ways: one line.
        row("IN-1", "Resources", 5)
            .with_forecast("£500k")
            .with_commentary("one"),
        row("IN-1", "Resources", 10)
            .with_forecast("500,000")
            .with_commentary("two"),
    ];
    rows[1].source.file = Arc::from("other.xlsx");
    let s = check_budget_rows(&ctx(&b, &[]), &rows);
    has(&s.findings, Rule::DQ086, "B5", "CC100 is given more than once for 2026-09 with different figures: here (forecast £1.06m) and at other.xlsx, sheet 'Finance', cell B10 (forecast £1.1m). Neither was used.");
    has(
        &s.findings,
        Rule::DQ086,
        "B10",
        "here (forecast £1.1m) and at return.xlsx, sheet 'Finance', cell B5 (forecast £1.06m)",
    );
    assert_eq!(count(&s.findings, Rule::DQ086), 2);
    assert!(!s.used.contains_key("CC100"));
    assert_eq!(s.used.get("IN-1").map(|u| u.source.row), Some(5));
    // Conflicting rows are rows: CC100 is not also without a forecast.
    assert!(!s
        .findings
        .iter()
        .any(|f| f.rule == Rule::DQ082 && f.indicator.as_deref() == Some("CC100")));
}

#[test]
fn only_the_period_being_reported() {
    let b = budget();
    let mut old = row("CC999", "Resources", 4).with_forecast("lots");
    old.period = Some(Period::month(2026, 8));
    let mut quarter = row("CC100", "Resources", 5).with_forecast("£1m");
    quarter.period = Some(Period::Quarter { fy: 2026, q: 2 });
    let mut unsettled = row("IN-1", "Resources", 6).with_forecast("£500k");
    unsettled.period = None;
    let rows = [old, quarter, unsettled];
    let s = check_budget_rows(&ctx(&b, &[]), &rows);
    assert!(!s
        .findings
        .iter()
        .any(|f| f.rule == Rule::DQ080 || f.rule == Rule::DQ081));
    // A return for Q2 2026/27 counts for September 2026.
    assert_eq!(s.used.keys().collect::<Vec<_>>(), ["CC100"]);
}

#[test]
fn a_row_whose_directorate_is_not_settled_is_taken_as_the_owners() {
    let b = budget();
    let rows = [row("AH-1", "", 4).with_forecast("£300k")];
    let s = check_budget_rows(&ctx(&b, &[]), &rows);
    assert_eq!(count(&s.findings, Rule::DQ087), 0);
    assert!(s.used.contains_key("AH-1"));
    let f = s.findings.iter().find(|f| f.rule == Rule::DQ082).unwrap();
    assert_ne!(f.indicator.as_deref(), Some("AH-1"));
}

#[test]
fn variance_in_words() {
    let m = Money::from_pounds;
    assert_eq!(
        variance_words(LineType::Expenditure, m(60_000)),
        "overspend by £60,000"
    );
    assert_eq!(variance_words(LineType::Capital, m(-5)), "underspend by £5");
    assert_eq!(
        variance_words(LineType::Income, m(-5)),
        "receive £5 less than budgeted"
    );
    assert_eq!(
        variance_words(LineType::Income, Money::ZERO),
        "receive £0 more than budgeted"
    );
}
