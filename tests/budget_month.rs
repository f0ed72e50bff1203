//! Budget monitoring through a month's run (SPEC section 16): the budget on
//! the register's Budgets sheet loaded by the workspace, budget tables read
//! from every return beside the indicator tables, checked, assessed and
//! totalled in the consolidation, on files written by openpyxl
//! (tests/fixtures/make_budget.py).

mod common;

use ipr::config::Settings;
use ipr::model::rules::Kind;
use ipr::model::{BudgetRag, BudgetReason, Consolidation, LineType, Money, Register, Rule};
use ipr::register::{load_register, RegisterOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn fixtures() -> Option<&'static Path> {
    common::fixtures("make_budget.py")
}

/// The register of `dir` with the budget on its Budgets sheet, loaded as
/// the workspace loads it.
fn register_with_budget(dir: &Path) -> Register {
    let file = dir.join("register.xlsx");
    let settings = Settings::default();
    let mut reg = load_register(&file, "register.xlsx", &RegisterOptions::default())
        .unwrap_or_else(|e| panic!("the fixture register should load: {e}"));
    let budget = ipr::workspace::load_council_budget(&file, None, &reg, &settings)
        .unwrap_or_else(|e| panic!("the fixture budget should load: {e}"));
    reg.budget = budget.map(Arc::new);
    reg
}

fn consolidate(reg: &Register, files: &[PathBuf]) -> Consolidation {
    let settings = Settings::default();
    let month = settings.calendar.parse_id("2026-09").expect("a month");
    ipr::pipeline::consolidate(reg, files, &settings, month)
}

#[test]
fn the_consolidation_carries_the_assessed_budget_its_findings_and_totals() {
    let Some(dir) = fixtures() else { return };
    let reg = register_with_budget(dir);
    let c = consolidate(&reg, &[dir.join("resources.xlsx")]);
    // The budget table beside the indicator table, on the same header row,
    // is not read as indicators: no refused table, no unknown codes.
    for f in &c.findings {
        assert!(
            ![Rule::DQ017, Rule::DQ020, Rule::DQ007].contains(&f.rule),
            "{f:?}"
        );
    }
    let res01 = c.indicators.iter().find(|r| r.code == "RES-01").unwrap();
    assert_eq!(res01.actual, Some(95.0));

    let b = c.budget.as_ref().expect("a budget was given");
    let rags: Vec<(&str, BudgetRag, bool)> = b
        .results
        .iter()
        .map(|r| (r.reference.as_str(), r.rag, r.exception))
        .collect();
    assert_eq!(
        rags,
        [
            ("CC100", BudgetRag::Red, true),
            ("CC101", BudgetRag::Missing, false),
            ("IN-1", BudgetRag::Amber, false),
            ("CAP-1", BudgetRag::Red, true),
            ("AH-1", BudgetRag::Missing, false),
        ]
    );
    assert_eq!(b.exceptions().count(), 2);
    assert_eq!(b.results[3].reasons, [BudgetReason::CapitalVariance]);
    assert_eq!(b.rows_read, 6, "every row of the period's budget table");
    assert_eq!(b.previous_period, None);
    let council = b.summary.council(LineType::Expenditure).unwrap();
    assert_eq!(council.variance, Money::from_pounds(60_000));
    assert_eq!(council.lines_at_budget, 2);
    assert_eq!(
        (b.summary.lines.red, b.summary.lines.missing),
        (2, 2),
        "lines by RAG"
    );
    // The budget findings, each at its cell, among the run's findings.
    let mut budget_findings: Vec<(Rule, Option<&str>)> = c
        .findings
        .iter()
        .filter(|f| f.rule.kind() == Kind::Budget)
        .map(|f| (f.rule, f.cell.as_deref()))
        .collect();
    budget_findings.sort();
    assert_eq!(
        budget_findings,
        [
            (Rule::DQ080, Some("E10")),
            (Rule::DQ082, None),
            (Rule::DQ082, Some("I7")),
            (Rule::DQ084, Some("H8")),
            (Rule::DQ085, Some("J8")),
            (Rule::DQ085, Some("J9")),
            (Rule::DQ087, Some("E11")),
        ]
    );
}

#[test]
fn without_a_budget_budget_tables_are_left_alone() {
    let Some(dir) = fixtures() else { return };
    let mut reg = register_with_budget(dir);
    reg.budget = None;
    let c = consolidate(&reg, &[dir.join("resources.xlsx")]);
    assert!(c.budget.is_none());
    assert!(!c.findings.iter().any(|f| f.rule.kind() == Kind::Budget));
}
