//! The budget loader on sheets built cell by cell, starting away from A1 so
//! that every cell named is the one a user sees.

use super::*;
use crate::model::money::Percent;
use crate::model::{Budget, LineType, Register};
use crate::model::{Money, Tolerance};
use crate::read::{Book, Cell, CellValue, Sheet};
use crate::register::{parse_register, RegisterOptions};

fn text(s: &str) -> Cell {
    Cell {
        value: CellValue::Text(s.into()),
        percent: false,
    }
}

fn number(n: f64) -> Cell {
    Cell {
        value: CellValue::Number(n),
        percent: false,
    }
}

fn percent(n: f64) -> Cell {
    Cell {
        value: CellValue::Number(n),
        percent: true,
    }
}

/// A sheet from rows of cells, its first row at (row0, col0).
fn sheet(name: &str, row0: u32, col0: u32, rows: Vec<Vec<Cell>>) -> Sheet {
    let mut cells = Vec::new();
    for (r, row) in rows.into_iter().enumerate() {
        for (c, cell) in row.into_iter().enumerate() {
            cells.push(((row0 + r as u32, col0 + c as u32), cell));
        }
    }
    Sheet::from_cells(name, true, cells)
}

fn book(sheets: Vec<Sheet>) -> Book {
    Book {
        path: "register.xlsx".into(),
        sha256: "abc".into(),
        bytes: 1,
        sheets,
        unread: vec![],
    }
}

fn register() -> Register {
    let rows = [
        [
            "Code",
            "Title",
            "Directorate",
            "Unit",
            "Polarity",
            "Frequency",
            "Measure",
        ],
        [
            "RES-01",
            "Invoices paid",
            "Resources",
            "percent",
            "higher",
            "monthly",
            "snapshot",
        ],
        [
            "ASC-01",
            "Reviews",
            "Adults and Health",
            "percent",
            "higher",
            "monthly",
            "snapshot",
        ],
    ];
    let rows = rows
        .into_iter()
        .map(|r| r.into_iter().map(text).collect())
        .collect();
    parse_register(
        &book(vec![sheet("Indicators", 0, 0, rows)]),
        &RegisterOptions::default(),
    )
    .unwrap()
}

const HEAD: [&str; 8] = [
    "Cost Centre",
    "Service",
    "Directorate",
    "Type",
    "Approved Budget",
    "Tolerance",
    "Budget Holder",
    "Committee",
];

fn head() -> Vec<Cell> {
    HEAD.iter().map(|h| text(h)).collect()
}

/// A row of the eight columns of [`HEAD`], written `Ref|Service|...|Committee`;
/// the Budget is text as written (a number cell is built apart).
fn row(cells: &str) -> Vec<Cell> {
    cells.split('|').map(text).collect()
}

/// The budget sheet `rows` under the header, starting at B3.
fn parse(rows: Vec<Vec<Cell>>) -> Result<Budget, BudgetError> {
    let mut all = vec![head()];
    all.extend(rows);
    let b = book(vec![sheet("Budgets", 2, 1, all)]);
    parse_budget(&b, &b.sheets[0], &register(), &BudgetOptions::default())
}

fn problems(rows: Vec<Vec<Cell>>) -> Vec<(String, String)> {
    match parse(rows) {
        Err(BudgetError::Invalid { problems, .. }) => {
            problems.into_iter().map(|p| (p.cell, p.message)).collect()
        }
        other => panic!("expected the budget to be refused, got {other:?}"),
    }
}

#[test]
fn a_good_budget_every_column_read() {
    let mut numbers = row("CC101|Home care|adults and health||x|2% or £50,000|Head of Care|Adults");
    numbers[4] = number(1_250_000.5);
    let mut pct_cell = row("CAP-7|Depot rebuild|Resources|Capital Programme|£2.4m|x||");
    pct_cell[5] = percent(0.025);
    let b = parse(vec![
        row("CC100|Libraries|Resources|expenditure|£1,200,000||Head of Libraries|Resources; Overview"),
        numbers,
        row("||||||||"),
        row("IN-3|Parking fees|Environment|Income|(25k)|£10,000||"),
        pct_cell,
        row("Total|||||||"),
        row("Grand total|||||||"),
    ])
    .unwrap();
    let refs: Vec<&str> = b.lines.iter().map(|l| l.reference.as_str()).collect();
    assert_eq!(refs, ["CC100", "CC101", "IN-3", "CAP-7"]);
    assert_eq!(
        (b.file.as_str(), b.sheet.as_str(), b.sha256.as_str()),
        ("register.xlsx", "Budgets", "abc")
    );
    let l = &b.lines;
    assert_eq!(l[0].budget, Money::from_pounds(1_200_000));
    assert_eq!(l[0].line_type, LineType::Expenditure);
    assert_eq!(l[0].tolerance, Tolerance::DEFAULT);
    assert_eq!(l[0].holder.as_deref(), Some("Head of Libraries"));
    assert_eq!(l[0].attribute("Committee"), Some("Resources; Overview"));
    assert_eq!(l[0].row, 3);
    // Spelt as the register spells it; a blank Type is expenditure.
    assert_eq!(l[1].directorate, "Adults and Health");
    assert_eq!(l[1].line_type, LineType::Expenditure);
    assert_eq!(l[1].budget, Money::from_pence(125_000_050));
    assert_eq!(
        (l[1].tolerance.percent, l[1].tolerance.amount),
        (
            Some(Percent::from_millionths(20_000)),
            Some(Money::from_pounds(50_000))
        )
    );
    // A directorate the register does not name is kept as written.
    assert_eq!(l[2].directorate, "Environment");
    assert_eq!(l[2].line_type, LineType::Income);
    assert_eq!(
        l[2].budget,
        Money::from_pounds(-25_000),
        "a trading account"
    );
    assert_eq!(l[2].tolerance.amount, Some(Money::from_pounds(10_000)));
    assert_eq!(l[2].attributes, vec![]);
    assert_eq!(l[3].line_type, LineType::Capital);
    assert_eq!(
        l[3].tolerance.percent,
        Some(Percent::from_millionths(25_000))
    );
    assert_eq!(b.get("cap-7").map(|l| l.row), Some(7));
}

#[test]
fn every_bad_row_at_its_cell() {
    let mut bare = row("CC5|Parks|Environment||£300k|x||");
    bare[5] = number(2.0);
    let got = problems(vec![
        row("CC1|Libraries|Resources||£1m|||"),
        row("|Roads|Environment||£1m|||"),
        row("cc1|Libraries again|Resources||£1m|||"),
        row("CC2||Resources||£1m|||"),
        row("CC3|Waste||revenue|£1m|||"),
        row("CC4|Grants|Resources|grant|lots|||"),
        row("CC6|Halls|Resources|||||"),
        bare,
        row("CC7|Fleet|Resources||$40,000|250%||"),
    ]);
    let want: Vec<(&str, &str)> = vec![
        ("B5", "the Ref is blank"),
        ("B6", "Ref cc1 appears twice (first at B4)"),
        ("C7", "budget line CC2 has no Service"),
        ("D8", "budget line CC3 has no Directorate"),
        ("E8", "the Type of budget line CC3 is 'revenue': a revenue line is spending or income: say which"),
        ("E9", "the Type of budget line CC4 is 'grant': it is none of the Types"),
        ("F9", "The Budget of CC4 is 'lots', which is not an amount of money"),
        ("F10", "budget line CC6 has no Budget"),
        ("G11", "budget line CC5: the tolerance 2 is a bare number"),
        ("F12", "The Budget of CC7 is $40,000, which is not in pounds"),
        ("G12", "budget line CC7: the tolerance 250% is more than the whole budget"),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for ((cell, msg), (want_cell, want_msg)) in got.iter().zip(&want) {
        assert_eq!(cell, want_cell, "{msg}");
        assert!(msg.contains(want_msg), "{cell}: {msg}");
    }
}

#[test]
fn headers_that_will_not_do() {
    let b = book(vec![sheet(
        "Budgets",
        2,
        1,
        vec![row("Ref|Budget|Notes"), row("CC1|£1m|x")],
    )]);
    let e = parse_budget(&b, &b.sheets[0], &register(), &BudgetOptions::default()).unwrap_err();
    let BudgetError::Invalid { problems, .. } = e else {
        panic!("expected problems")
    };
    let msgs: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "the header row has no 'Service' column",
            "the header row has no 'Directorate' column"
        ]
    );
    assert!(problems.iter().all(|p| p.cell == "B3"));

    let b = book(vec![sheet(
        "Budgets",
        0,
        0,
        vec![row("Line|Amount"), row("CC1|5")],
    )]);
    let e = parse_budget(&b, &b.sheets[0], &register(), &BudgetOptions::default()).unwrap_err();
    assert!(
        e.to_string().contains("cell A1: no header row found"),
        "{e}"
    );

    let e = parse(vec![row("||||||||")]).unwrap_err();
    assert!(
        e.to_string().contains("cell B4: the budget lists no lines"),
        "{e}"
    );
}

#[test]
fn the_budgets_sheet_of_the_register_or_none() {
    let reg = register();
    let opts = BudgetOptions::default();
    let indicators = sheet("Indicators", 0, 0, vec![row("Code|Title")]);
    let plain = book(vec![indicators.clone()]);
    assert_eq!(budget_in_register(&plain, &reg, &opts), Ok(None));
    let lines = vec![head(), row("CC1|Libraries|Resources||£1m|||")];
    for name in ["Budgets", "budget", "BUDGETS"] {
        let b = book(vec![indicators.clone(), sheet(name, 0, 0, lines.clone())]);
        let got = budget_in_register(&b, &reg, &opts).unwrap().unwrap();
        assert_eq!(got.lines.len(), 1, "{name}");
        assert_eq!(got.sheet, name);
    }
    let bad = book(vec![sheet(
        "Budgets",
        0,
        0,
        vec![head(), row("CC1|Libraries|Resources||lots|||")],
    )]);
    assert!(budget_in_register(&bad, &reg, &opts).is_err());
}

#[test]
fn a_budget_of_its_own_in_a_csv_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("budget.csv");
    std::fs::write(
        &path,
        "Ref,Service,Directorate,Type,Budget,Tolerance\nCC1,Libraries,Resources,,\"£1,200,000\",2%\nIN-1,Fees,Resources,income,500000,\"2% or £5,000\"\n",
    )
    .unwrap();
    let b = load_budget(&path, "budget.csv", &register(), &BudgetOptions::default()).unwrap();
    assert_eq!(b.lines.len(), 2);
    assert_eq!(b.lines[1].budget, Money::from_pounds(500_000));
    assert_eq!(b.lines[1].tolerance.amount, Some(Money::from_pounds(5_000)));
    assert_eq!(b.file, "budget.csv");
    std::fs::write(
        &path,
        "Ref,Service,Directorate,Budget,Tolerance\nCC1,Libraries,Resources,1000,2\n",
    )
    .unwrap();
    let e = load_budget(&path, "budget.csv", &register(), &BudgetOptions::default()).unwrap_err();
    assert!(
        e.to_string()
            .contains("cell E2: budget line CC1: the tolerance 2 is a bare number"),
        "{e}"
    );
    let e = load_budget(
        &dir.path().join("none.xlsx"),
        "none.xlsx",
        &register(),
        &BudgetOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(e, BudgetError::Read { .. }), "{e:?}");
}

#[test]
fn budget_in_ipr_toml_is_found_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ipr.toml");
    std::fs::write(&p, "register = \"register.xlsx\"\n").unwrap();
    let (paths, _) = crate::config::load_config(&p).unwrap();
    assert_eq!(
        paths.budget, None,
        "without it, the register's Budgets sheet"
    );
    std::fs::write(&p, "budget = \"finance/budget 2026-27.ods\"\n").unwrap();
    let (paths, _) = crate::config::load_config(&p).unwrap();
    assert_eq!(
        paths.budget,
        Some(dir.path().join("finance/budget 2026-27.ods"))
    );
    std::fs::write(&p, "budgets = \"b.xlsx\"\n").unwrap();
    let e = crate::config::load_config(&p).unwrap_err();
    assert!(e.message.contains("budgets"), "{e}");
}

/// The budget sheet `rows` under the header with a `Year` column after
/// [`HEAD`]'s (column J), starting at B3.
fn parse_with_years(rows: Vec<(&str, &str)>) -> Result<Budget, BudgetError> {
    let mut all = vec![head()];
    all[0].push(text("Financial Year"));
    for (cells, year) in rows {
        let mut r = row(cells);
        r.push(text(year));
        all.push(r);
    }
    let b = book(vec![sheet("Budgets", 2, 1, all)]);
    parse_budget(&b, &b.sheets[0], &register(), &BudgetOptions::default())
}

#[test]
fn the_year_column_names_the_budgets_one_financial_year() {
    let b = parse_with_years(vec![
        ("CC1|Libraries|Resources||£1m|||", "2026/27"),
        ("CC2|Parks|Resources||£2m|||", ""),
        ("Total|||||||", "2025/26"),
        ("CC3|Halls|Resources||£3m|||", "FY 2026-27"),
    ])
    .expect("a budget for 2026/27");
    assert_eq!(b.year, Some(2026));
    assert_eq!(b.lines.len(), 3);
    // The Year is the budget's, not an attribute of each line for the packs.
    assert_eq!(b.lines[0].attribute("Financial Year"), None);
    let cal = crate::period::Calendar::default();
    assert!(b.covers(crate::period::Period::month(2027, 3), cal));
    assert!(!b.covers(crate::period::Period::month(2026, 3), cal));
    assert!(!b.covers(crate::period::Period::month(2027, 4), cal));
    // Without the column the budget covers every month, as before.
    let none = parse(vec![row("CC1|Libraries|Resources||£1m|||")]).unwrap();
    assert_eq!(none.year, None);
    assert!(none.covers(crate::period::Period::month(2019, 1), cal));
}

#[test]
fn a_second_year_or_no_year_at_its_cell() {
    let got = match parse_with_years(vec![
        ("CC1|Libraries|Resources||£1m|||", "2026/27"),
        ("CC2|Parks|Resources||£2m|||", "2025/26"),
        ("CC3|Halls|Resources||£3m|||", "2026"),
        ("CC4|Roads|Resources||£3m|||", "Sep 2026"),
    ]) {
        Err(BudgetError::Invalid { problems, .. }) => problems,
        other => panic!("expected the budget to be refused, got {other:?}"),
    };
    let got: Vec<(&str, &str)> = got
        .iter()
        .map(|p| (p.cell.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(got.len(), 3, "{got:#?}");
    assert_eq!(got[0].0, "J5");
    assert!(
        got[0]
            .1
            .contains("this line is for 2025/26, but the budget is for 2026/27 (the Year at J4)"),
        "{}",
        got[0].1
    );
    assert_eq!(got[1].0, "J6");
    assert!(
        got[1]
            .1
            .contains("the Year '2026' is not a financial year; write it as 2026/27"),
        "{}",
        got[1].1
    );
    assert_eq!(got[2].0, "J7");
}
