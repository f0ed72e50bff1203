//! Budget monitoring (SPEC section 16) on files written by openpyxl
//! (tests/fixtures/make_budget.py) and saved again by LibreOffice: the
//! budget loaded from the register workbook (currency cells, a tolerance in a
//! percent cell, a total row), a bad budget refused cell by cell, and a
//! directorate's return read through the rules, the assessment and the totals.
//!
//! Here the budget tables are read by `ipr::returns::budget` alone, the
//! return's directorate and period given by hand; `tests/budget_month.rs`
//! runs them through `ipr check` and `ipr consolidate`.

mod common;

use common::Tool;
use ipr::assess::budget::{assess_budget, finance_summary};
use ipr::budget::{budget_in_register, load_budget, BudgetError, BudgetOptions};
use ipr::model::money::Percent;
use ipr::model::{
    Budget, BudgetRag, BudgetReason, BudgetUpdate, LineType, Money, Register, Rule, Severity,
};
use ipr::period::{Calendar, Period};
use ipr::quality::actions::ReturnPlace;
use ipr::quality::budget::{check_budget_rows, BudgetContext};
use ipr::read::value::ValueOptions;
use ipr::read::{read_book, Limits};
use ipr::register::{load_register, RegisterOptions};
use ipr::returns::budget::read_budget_tables;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

fn fixtures() -> Option<&'static Path> {
    common::fixtures("make_budget.py")
}

/// The fixtures saved again by LibreOffice as `ext`, in `<dir>/lo-<ext>/`.
fn libreoffice(dir: &'static Path, ext: &str) -> Option<PathBuf> {
    static DONE: OnceLock<()> = OnceLock::new();
    common::require(Tool::Soffice)?;
    DONE.get_or_init(|| {
        let files = [dir.join("register.xlsx"), dir.join("resources.xlsx")];
        let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        for ext in ["ods", "xlsx"] {
            let out = dir.join(format!("lo-{ext}"));
            std::fs::create_dir_all(&out).expect("scratch folder");
            common::soffice_convert(&refs, ext, &out);
        }
    });
    Some(dir.join(format!("lo-{ext}")))
}

fn register(path: &Path) -> Register {
    load_register(path, "register.xlsx", &RegisterOptions::default())
        .unwrap_or_else(|e| panic!("the fixture register should load: {e}"))
}

fn budget(path: &Path) -> Budget {
    let reg = register(path);
    let book = read_book(path, "register.xlsx", &Limits::default()).unwrap();
    budget_in_register(&book, &reg, &BudgetOptions::default())
        .unwrap_or_else(|e| panic!("the fixture budget should load: {e}"))
        .expect("the register has a Budgets sheet")
}

fn pounds(p: i64) -> Money {
    Money::from_pounds(p)
}

fn check_budget(b: &Budget) {
    let refs: Vec<&str> = b.lines.iter().map(|l| l.reference.as_str()).collect();
    assert_eq!(
        refs,
        ["CC100", "CC101", "IN-1", "CAP-1", "AH-1"],
        "the Total row is no line"
    );
    let l = &b.lines;
    assert_eq!(
        l[0].budget,
        pounds(1_000_000),
        "a number in a currency cell"
    );
    assert_eq!(l[0].holder.as_deref(), Some("Head of Libraries"));
    assert_eq!(l[0].attribute("Committee"), Some("Resources Scrutiny"));
    assert_eq!(
        l[1].directorate, "Resources",
        "spelt as the register spells it"
    );
    assert_eq!(l[1].line_type, LineType::Expenditure, "a blank Type");
    assert_eq!(l[1].budget, Money::from_pence(125_000_050));
    assert_eq!(l[1].tolerance.words(), "2% or £50,000");
    assert_eq!(l[2].line_type, LineType::Income);
    assert_eq!(
        l[2].tolerance.percent,
        Some(Percent::from_millionths(25_000)),
        "0.025 in a percent cell is 2.5%"
    );
    assert_eq!(l[3].budget, pounds(2_400_000), "the text £2.4m");
    assert_eq!(l[3].tolerance.amount, Some(pounds(25_000)));
    assert_eq!(l[4].directorate, "Adults and Health");
}

#[test]
fn the_budget_in_the_register_workbook_as_written_and_as_libreoffice_saves_it() {
    let Some(dir) = fixtures() else { return };
    check_budget(&budget(&dir.join("register.xlsx")));
    for ext in ["ods", "xlsx"] {
        let Some(lo) = libreoffice(dir, ext) else {
            return;
        };
        check_budget(&budget(&lo.join(format!("register.{ext}"))));
    }
}

#[test]
fn a_bad_budget_is_refused_with_every_row_at_its_cell() {
    let Some(dir) = fixtures() else { return };
    let reg = register(&dir.join("register.xlsx"));
    let path = dir.join("budget-bad.xlsx");
    let err = load_budget(&path, "budget-bad.xlsx", &reg, &BudgetOptions::default()).unwrap_err();
    let BudgetError::Invalid { problems, .. } = &err else {
        panic!("{err}")
    };
    let cells: Vec<&str> = problems.iter().map(|p| p.cell.as_str()).collect();
    assert_eq!(cells, ["G3", "E4", "B5", "F6", "G7", "F8"], "{err}");
    let text = err.to_string();
    assert!(
        text.starts_with("The budget budget-bad.xlsx has 6 problems; nothing was checked."),
        "{text}"
    );
    for words in [
        "sheet 'Budget 2026-27', cell G3: budget line CC1: the tolerance 2 is a bare number",
        "cell E4: the Type of budget line CC2 is 'revenue'",
        "cell B5: Ref cc1 appears twice (first at B3)",
        "cell F6: budget line CC3 has no Budget",
        "cell G7: budget line CC4: the tolerance '£5k or £10k' gives two amounts",
        "cell F8: The Budget of CC5 is 5%, a percentage, not an amount of money",
    ] {
        assert!(text.contains(words), "{words:?} not in {text}");
    }
}

/// The rows of every budget table of `file`, for Resources in September 2026.
fn rows(file: &Path, b: &Budget) -> Vec<BudgetUpdate> {
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let book = read_book(file, &name, &Limits::default()).unwrap();
    let dir: Arc<str> = Arc::from("Resources");
    let period = Some(Period::month(2026, 9));
    read_budget_tables(&book, b, &dir, period, &ValueOptions::default()).0
}

fn check_rows(u: &[BudgetUpdate]) {
    let refs: Vec<&str> = u.iter().map(|u| u.reference.as_str()).collect();
    assert_eq!(
        refs,
        ["CC100", "CC101", "IN-1", "CAP-1", "CC999", "AH-1"],
        "the indicator table beside and the Subtotal row are not lines"
    );
    assert_eq!(u[0].source.cell(), "E6");
    assert_eq!(u[0].budget(), Some(pounds(1_000_000)));
    assert_eq!(u[0].spend(), Some(Money::from_pence(41_000_050)));
    assert_eq!(u[0].forecast(), Some(pounds(1_060_000)));
    assert_eq!(u[0].forecast_cell().cell(), "I6");
    assert_eq!(u[0].commentary.as_deref(), Some("Demand for agency staff"));
    assert_eq!(u[1].budget(), Some(Money::from_pence(125_000_050)));
    assert_eq!(
        (u[1].forecast.as_ref(), u[1].spend.as_ref()),
        (None, None),
        "n/a and blank"
    );
    assert_eq!(
        u[2].data_note.as_deref(),
        Some("refund of £40k due to drivers")
    );
    assert_eq!(u[3].forecast(), Some(pounds(1_900_000)), "the text £1.9m");
}

#[test]
fn a_budget_table_beside_an_indicator_table() {
    let Some(dir) = fixtures() else { return };
    let b = budget(&dir.join("register.xlsx"));
    check_rows(&rows(&dir.join("resources.xlsx"), &b));
    for ext in ["ods", "xlsx"] {
        let Some(lo) = libreoffice(dir, ext) else {
            return;
        };
        check_rows(&rows(&lo.join(format!("resources.{ext}")), &b));
    }
}

#[test]
fn the_return_through_the_rules_the_assessment_and_the_totals() {
    let Some(dir) = fixtures() else { return };
    let b = budget(&dir.join("register.xlsx"));
    let u = rows(&dir.join("resources.xlsx"), &b);
    let places = [ReturnPlace {
        directorate: Arc::from("Resources"),
        file: Arc::from("resources.xlsx"),
        sheet: Arc::from("Return"),
    }];
    let ctx = BudgetContext {
        budget: &b,
        period: Period::month(2026, 9),
        cal: Calendar::default(),
        directorates: None,
        returns: &places,
    };
    let mut s = check_budget_rows(&ctx, &u);
    let mut findings = std::mem::take(&mut s.findings);
    ipr::quality::settle(&mut findings, &BTreeMap::new());
    let at: Vec<(Rule, Option<&str>, bool)> = findings
        .iter()
        .map(|f| (f.rule, f.cell.as_deref(), f.explained))
        .collect();
    assert_eq!(
        at,
        vec![
            (Rule::DQ082, None, false),
            (Rule::DQ082, Some("I7"), false),
            (Rule::DQ084, Some("H8"), true),
            (Rule::DQ085, Some("J8"), true),
            (Rule::DQ085, Some("J9"), false),
            (Rule::DQ080, Some("E10"), false),
            (Rule::DQ087, Some("E11"), false),
        ],
        "{findings:#?}"
    );
    let no_row = &findings[0];
    assert_eq!(no_row.indicator.as_deref(), Some("AH-1"));
    assert_eq!(no_row.file, "", "Adults and Health sent no return");
    let spend = findings.iter().find(|f| f.rule == Rule::DQ084).unwrap();
    assert_eq!(spend.severity, Severity::Warning);
    assert_eq!(
        spend.message,
        "Income to date on IN-1 (£520,000) is above its income forecast for the whole year (£485,000)."
    );
    assert_eq!(
        (spend.sheet.as_str(), spend.period.as_deref()),
        ("Return", Some("2026-09"))
    );

    let results = assess_budget(&b.lines, &s.used, &[]);
    let rags: Vec<(&str, BudgetRag, bool)> = results
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
    assert_eq!(results[3].reasons, [BudgetReason::CapitalVariance]);
    assert_eq!(
        results[0].source.as_ref().map(|s| s.cell()),
        Some("I6".to_string()),
        "a line's source is its forecast cell"
    );
    let summary = finance_summary(&results);
    let council = summary.council(LineType::Expenditure).unwrap();
    assert_eq!(
        (
            council.budget,
            council.forecast,
            council.variance,
            council.lines_at_budget
        ),
        (
            Money::from_pence(525_000_050),
            Money::from_pence(531_000_050),
            pounds(60_000),
            2
        )
    );
    let capital = summary.council(LineType::Capital).unwrap();
    assert_eq!(
        (capital.budget, capital.variance),
        (pounds(2_400_000), pounds(-500_000))
    );
    let income = summary.council(LineType::Income).unwrap();
    assert_eq!(
        (income.budget, income.forecast),
        (pounds(500_000), pounds(485_000))
    );
    let lines = summary.lines;
    assert_eq!(
        (lines.green, lines.amber, lines.red, lines.missing),
        (0, 1, 2, 2)
    );
}
