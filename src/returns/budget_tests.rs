//! Budget tables found beside and below indicator and action tables, on
//! sheets built cell by cell away from A1, and every kind of cell they hold.

use super::*;
use crate::model::budget::testing::line;
use crate::model::{LineType, Money, MoneyProblem};

fn t(s: &str) -> Cell {
    Cell {
        value: CellValue::Text(s.into()),
        percent: false,
    }
}

fn n(v: f64) -> Cell {
    Cell {
        value: CellValue::Number(v),
        percent: false,
    }
}

/// A sheet from (A1 reference, cell) pairs.
fn sheet(name: &str, cells: Vec<(&str, Cell)>) -> Sheet {
    let cells = cells
        .into_iter()
        .map(|(a1, c)| (crate::cellref::parse_a1(a1).unwrap(), c))
        .collect();
    Sheet::from_cells(name, true, cells)
}

fn budget() -> Budget {
    Budget::new(
        "register.xlsx",
        "",
        "Budgets",
        vec![
            line("CC100", "Resources", LineType::Expenditure, 1_000_000),
            line("CC101", "Resources", LineType::Income, 500_000),
            line("10234", "Resources", LineType::Capital, 2_000_000),
        ],
    )
}

fn read(s: &Sheet) -> (Vec<BudgetTable>, Vec<BudgetUpdate>) {
    let b = budget();
    let tables = find_budget_tables(s, &b);
    let file: Arc<str> = Arc::from("res.xlsx");
    let dir: Arc<str> = Arc::from("Resources");
    let values = ValueOptions::default();
    let rows = tables
        .iter()
        .flat_map(|tb| {
            read_budget_table(
                s,
                tb,
                &file,
                &dir,
                Some(Period::month(2026, 9)),
                &b,
                &values,
            )
        })
        .collect();
    (tables, rows)
}

fn pounds(p: i64) -> Option<Money> {
    Some(Money::from_pounds(p))
}

#[test]
fn a_table_beside_an_indicator_table_each_field_at_its_cell() {
    let s = sheet(
        "Return",
        vec![
            // An indicator table in B3:D5, one blank column away.
            ("B3", t("Code")),
            ("C3", t("Actual")),
            ("D3", t("Forecast")),
            ("B4", t("RES-01")),
            ("C4", n(95.0)),
            ("B5", t("RES-02")),
            ("C5", n(7.5)),
            // The budget table in F3:M.
            ("F3", t("Cost Centre")),
            ("G3", t("Service")),
            ("H3", t("Annual Budget")),
            ("I3", t("Spend to Date")),
            ("J3", t("Forecast Outturn")),
            ("K3", t("Variance")),
            ("L3", t("Variance Explanation")),
            ("M3", t("Data Note")),
            ("F4", t("CC100")),
            ("G4", t("Libraries")),
            ("H4", n(1_000_000.0)),
            ("I4", t("£410,000.50")),
            ("J4", t("£1.06m")),
            ("K4", n(60_000.0)),
            ("L4", t("Demand up")),
            ("M4", t("virement in July")),
            ("F5", t(" cc101 ")),
            ("H5", t("500k")),
            ("J5", t("(25,000)")),
            ("F6", n(10234.0)),
            ("J6", n(1_900_000.0)),
        ],
    );
    let (tables, rows) = read(&s);
    assert_eq!(tables.len(), 1, "the indicator table is not a budget table");
    let tb = tables[0];
    assert_eq!((tb.header, tb.first_col, tb.last_col), (2, 5, 12));
    assert!(tb.covers(5, 9) && !tb.covers(3, 2));
    assert_eq!(rows.len(), 3);
    let r = &rows[0];
    assert_eq!((r.reference.as_str(), r.key.as_str()), ("CC100", "CC100"));
    assert_eq!(r.source.cell(), "F4");
    assert_eq!(r.budget(), pounds(1_000_000));
    assert_eq!(r.budget.as_ref().unwrap().source.cell(), "H4");
    assert_eq!(r.spend(), Some(Money::from_pence(41_000_050)));
    assert_eq!(r.spend.as_ref().unwrap().source.cell(), "I4");
    assert_eq!(r.forecast(), pounds(1_060_000));
    assert_eq!(r.forecast_cell().cell(), "J4");
    assert_eq!(r.forecast.as_ref().unwrap().seen, "£1.06m");
    // Variance Explanation is the Commentary, never a Data Note.
    assert_eq!(r.commentary.as_deref(), Some("Demand up"));
    assert_eq!(r.data_note.as_deref(), Some("virement in July"));
    assert_eq!(r.cell_in(r.columns.commentary).cell(), "L4");
    assert_eq!(
        (&*r.directorate, r.period),
        ("Resources", Some(Period::month(2026, 9)))
    );
    assert_eq!(rows[1].key, "CC101");
    assert_eq!(rows[1].budget(), pounds(500_000));
    assert_eq!(rows[1].forecast(), pounds(-25_000));
    // A blank spend to date is no value, not 0.
    assert_eq!(rows[1].spend, None);
    assert_eq!(rows[2].reference, "10234", "a Ref typed as a number");
    assert_eq!(rows[2].forecast(), pounds(1_900_000));
}

#[test]
fn totals_headings_and_refs_not_in_the_budget() {
    let s = sheet(
        "Finance",
        vec![
            ("C5", t("Budget Code")),
            ("D5", t("Budget")),
            ("E5", t("Projected Outturn")),
            ("F5", t("Comments")),
            ("C6", t("Resources")),
            ("C7", t("CC100")),
            ("E7", t("n/a")),
            ("F7", t("awaiting ledger")),
            ("C8", t("CC999")),
            ("E8", t("£5,000")),
            ("C9", t("Subtotal")),
            ("D9", n(1_500_000.0)),
            ("E9", n(1_400_000.0)),
            ("C10", t("CC101")),
            ("E10", t("lots")),
            ("C11", t("Grand Total")),
            ("E11", n(9.0)),
            ("C12", t("Total")),
        ],
    );
    let (_, rows) = read(&s);
    let refs: Vec<&str> = rows.iter().map(|r| r.reference.as_str()).collect();
    // The heading and the totals are not lines; CC999 holds a figure, so
    // it is kept for the rules to say it is not in the budget.
    assert_eq!(refs, ["CC100", "CC999", "CC101"]);
    assert_eq!(rows[0].forecast, None, "n/a is no value");
    assert_eq!(rows[0].commentary.as_deref(), Some("awaiting ledger"));
    assert_eq!(rows[0].forecast_cell().cell(), "E7");
    assert_eq!(
        rows[2].forecast.as_ref().map(|f| f.value.clone()),
        Some(Err(MoneyProblem::NotAnAmount))
    );
    assert_eq!(rows[2].data_note, None);
}

#[test]
fn a_ref_column_of_indicator_codes_is_no_budget_table() {
    let s = sheet(
        "Return",
        vec![
            ("A1", t("Ref")),
            ("B1", t("Forecast")),
            ("A2", t("RES-01")),
            ("B2", n(90.0)),
        ],
    );
    assert!(read(&s).0.is_empty());
    // Refs of the budget but no forecast column: not a budget table either.
    let s = sheet(
        "Return",
        vec![
            ("A1", t("Ref")),
            ("B1", t("Budget")),
            ("A2", t("CC100")),
            ("B2", n(1.0)),
        ],
    );
    assert!(read(&s).0.is_empty());
}

#[test]
fn an_action_table_below_ends_the_budget_table() {
    let s = sheet(
        "Return",
        vec![
            ("B2", t("Ref")),
            ("C2", t("Forecast")),
            ("B3", t("CC100")),
            ("C3", n(1_000.0)),
            ("B5", t("Action Ref")),
            ("C5", t("Status")),
            ("B6", t("CP-1")),
            ("C6", t("on track")),
            ("B8", t("Ref")),
            ("C8", t("Outturn")),
            ("B9", t("CC101")),
            ("C9", n(2_000.0)),
        ],
    );
    let (tables, rows) = read(&s);
    assert_eq!(tables.len(), 2);
    assert_eq!((tables[0].header, tables[0].end), (1, 4));
    assert_eq!(tables[1].header, 7);
    let refs: Vec<&str> = rows.iter().map(|r| r.reference.as_str()).collect();
    assert_eq!(refs, ["CC100", "CC101"], "CP-1 is the action table's");
}

#[test]
fn columns_in_thousands_and_millions() {
    let s = sheet(
        "Finance",
        vec![
            ("A1", t("Ref")),
            ("B1", t("Budget 2026/27 £000")),
            ("C1", t("Spend to Date (£'000)")),
            ("D1", t("Outturn £m")),
            ("E1", t("Forecast Outturn (£)")),
            ("A2", t("CC100")),
            ("B2", n(1_000.0)),
            ("C2", t("410.5")),
            ("D2", n(1.2)),
            ("E2", t("£1.06m")),
            ("A3", t("CC101")),
            ("B3", t("£0.5m")),
            ("E3", n(499_999.99)),
        ],
    );
    let (tables, rows) = read(&s);
    // Forecast Outturn is preferred to Outturn, wherever it stands.
    assert_eq!(tables[0].columns.forecast, 4);
    assert_eq!(tables[0].scale, [0, 3, 3]);
    assert_eq!(rows[0].budget(), pounds(1_000_000));
    assert_eq!(rows[0].spend(), pounds(410_500));
    assert_eq!(rows[0].forecast(), pounds(1_060_000));
    // Text that states its own scale means what it says.
    assert_eq!(rows[1].budget(), pounds(500_000));
    assert_eq!(rows[1].forecast(), Some(Money::from_pence(49_999_999)));
    assert_eq!(column_key("Outturn £m"), ("outturn".to_string(), 6));
    assert_eq!(column_key("Forecast (£000s)"), ("forecast".to_string(), 3));
    assert_eq!(column_key("Budget £"), ("budget".to_string(), 0));
    assert_eq!(
        column_key("Spend to date P6"),
        ("spendtodatep6".to_string(), 0)
    );
}

#[test]
fn every_visible_sheet_and_no_hidden_one() {
    let cells = || {
        vec![
            ("A1", t("Ref")),
            ("B1", t("Forecast")),
            ("A2", t("CC100")),
            ("B2", n(5.0)),
        ]
    };
    let mut hidden = sheet("Workings", cells());
    hidden.visible = false;
    let book = Book {
        path: "res.xlsx".into(),
        sha256: String::new(),
        bytes: 1,
        sheets: vec![sheet("Notes", vec![]), hidden, sheet("Finance", cells())],
        unread: vec![],
    };
    let dir: Arc<str> = Arc::from("Resources");
    let (rows, tables) = read_budget_tables(&book, &budget(), &dir, None, &ValueOptions::default());
    assert_eq!(rows.len(), 1);
    assert_eq!(&*rows[0].source.sheet, "Finance");
    assert_eq!(&*rows[0].source.file, "res.xlsx");
    assert_eq!(tables.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [2]);
}
