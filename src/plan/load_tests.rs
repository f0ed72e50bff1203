//! The plan loader on sheets built cell by cell, starting away from A1 so
//! that every cell named is the one a user sees.

use super::*;
use crate::model::{Plan, Register};
use crate::read::{Book, Cell, CellValue, Sheet};
use crate::register::{parse_register, RegisterOptions};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

fn text(s: &str) -> Cell {
    Cell {
        value: CellValue::Text(s.into()),
        percent: false,
    }
}

fn date(y: i32, m: u32, d: u32) -> Cell {
    Cell {
        value: CellValue::Date(NaiveDateTime::new(
            NaiveDate::from_ymd_opt(y, m, d).unwrap(),
            NaiveTime::MIN,
        )),
        percent: false,
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
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
        path: "plan.xlsx".into(),
        sha256: "abc".into(),
        bytes: 1,
        sheets,
        unread: vec![],
    }
}

fn register() -> Register {
    let rows = vec![
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
            "RES-02",
            "Sickness",
            "Resources",
            "days",
            "lower",
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

const HEAD: [&str; 10] = [
    "Ref",
    "Action",
    "Directorate",
    "Lead",
    "Plan",
    "Parent",
    "Start",
    "Due",
    "Indicators",
    "Committee",
];

fn head() -> Vec<Cell> {
    HEAD.iter().map(|h| text(h)).collect()
}

/// A row of the ten columns of [`HEAD`], written `Ref|Action|...|Committee`.
fn row(cells: &str) -> Vec<Cell> {
    let cells: Vec<&str> = cells.split('|').collect();
    assert_eq!(cells.len(), HEAD.len(), "{cells:?}");
    cells
        .iter()
        .map(|s| {
            if s.is_empty() {
                Cell::default()
            } else {
                text(s)
            }
        })
        .collect()
}

fn parse(rows: Vec<Vec<Cell>>) -> Result<Plan, PlanError> {
    let b = book(vec![sheet("Actions", 2, 1, rows)]);
    parse_plan(&b, &b.sheets[0], &register(), &PlanOptions::default())
}

/// (cell, message) of every problem.
fn problems(e: PlanError) -> Vec<(String, String)> {
    match e {
        PlanError::Invalid { problems, .. } => {
            problems.into_iter().map(|p| (p.cell, p.message)).collect()
        }
        other => panic!("{other}"),
    }
}

#[test]
fn a_good_plan_with_every_column() {
    let mut milestone = row("cp-1.1|Sign the lease|adults and health|||CP-1||Q3 2026/27|asc-01; RES-01, |Adults; Overview");
    milestone[6] = date(2026, 5, 1);
    let plan = parse(vec![
        head(),
        row("CP-1|Open the hub|Resources|A Lead|Corporate Plan 2026-29||Apr-26|30/09/2026|RES-01|Overview"),
        milestone,
        row("AC-R5|Review the audit|Resources|||||2026/27||"),
    ])
    .unwrap();
    assert_eq!(
        (plan.file.as_str(), plan.sheet.as_str()),
        ("plan.xlsx", "Actions")
    );
    let a = &plan.actions;
    assert_eq!(a.len(), 3);
    assert_eq!(a[0].reference, "CP-1");
    assert_eq!(
        a[0].start,
        Some(d(2026, 4, 1)),
        "a period Start is its first day"
    );
    assert_eq!(a[0].due, d(2026, 9, 30));
    assert_eq!(a[0].lead.as_deref(), Some("A Lead"));
    assert_eq!(a[0].plan, "Corporate Plan 2026-29");
    assert_eq!(a[0].row, 3);
    assert_eq!(a[1].key, "CP-1.1");
    assert_eq!(
        a[1].directorate, "Adults and Health",
        "the register's spelling"
    );
    assert_eq!(a[1].parent.as_deref(), Some("CP-1"));
    assert_eq!(a[1].start, Some(d(2026, 5, 1)));
    assert_eq!(a[1].due, d(2026, 12, 31), "a period Due is its last day");
    assert_eq!(a[1].indicators, ["ASC-01", "RES-01"]);
    assert_eq!(a[1].plan, "Action plan");
    assert_eq!(a[1].attribute("committee"), Some("Adults; Overview"));
    assert_eq!(a[2].due, d(2027, 3, 31));
    assert!(a[2].indicators.is_empty() && a[2].attributes.is_empty());
    assert_eq!(plan.get("cp-1.1").map(|x| x.row), Some(4));
}

#[test]
fn every_bad_row_is_listed_at_its_cell() {
    // Columns start at B: Ref B, Action C, Directorate D, ..., Parent G,
    // Start H, Due I, Indicators J. The header is on row 3.
    let err = parse(vec![
        head(),
        row("CP-1|Open the hub|Resources|||||||"),
        row("CP-2|Train staff|Resources|||||30/09/2026|RES-99|"),
        row("cp-2|Again|Resources|||||30/09/2026||"),
        row("CP-3|Milestone|Resources|||CP-9||30/09/2026||"),
        row("CP-4|Late start|Resources||||01/10/2026|30/09/2026||"),
        row("CP-5|US date|Resources|||||09/30/2026||"),
        row("|No ref|Resources|||||30/09/2026||"),
        row("CP-6|||||||30/09/2026||"),
        row("CP-7|Own parent|Resources|||cp-7||30/09/2026||"),
    ])
    .unwrap_err();
    let got = problems(err);
    let at = |cell: &str, words: &str| {
        assert!(
            got.iter().any(|(c, m)| c == cell && m.contains(words)),
            "no problem at {cell} saying {words:?}: {got:?}"
        )
    };
    at("I4", "CP-1 has no Due date");
    at("J5", "this indicator code is not in the register: RES-99");
    at("B6", "Ref cp-2 appears twice (first at B5)");
    at("G7", "Parent 'CP-9' is not a Ref in the plan");
    at("H8", "Start (1 Oct 2026) is after Due (30 Sep 2026)");
    at("I9", "'09/30/2026' is not a date: dates are read day first");
    at("B10", "the Ref is blank");
    at("C11", "action CP-6 has no Action");
    at("D11", "action CP-6 has no Directorate");
    at("G12", "names itself as its Parent");
    assert_eq!(got.len(), 10, "{got:?}");
    let message = parse(vec![head(), row("CP-1|x|Resources|||||||")])
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("The action plan plan.xlsx has 1 problem; nothing was checked."),
        "{message}"
    );
    assert!(
        message.contains("sheet 'Actions', cell I4: action CP-1 has no Due date"),
        "{message}"
    );
}

#[test]
fn parents_that_go_round_in_a_circle() {
    let got = problems(
        parse(vec![
            head(),
            row("A|a|Resources|||B||30/09/2026||"),
            row("B|b|Resources|||A||30/09/2026||"),
            row("C|c|Resources|||A||30/09/2026||"),
        ])
        .unwrap_err(),
    );
    assert_eq!(got.len(), 1, "one circle, said once: {got:?}");
    assert!(got[0].1.contains("A → B → A"), "{got:?}");
    assert_eq!(got[0].0, "G4");
}

#[test]
fn missing_columns_no_header_and_no_rows() {
    let no_due = vec![["Ref", "Action", "Directorate"]
        .iter()
        .map(|h| text(h))
        .collect()];
    let got = problems(parse(no_due).unwrap_err());
    assert_eq!(
        got,
        [(
            "B3".to_string(),
            "the header row has no 'Due' column".to_string()
        )]
    );
    let got = problems(parse(vec![vec![text("Hello")]]).unwrap_err());
    assert!(
        got[0]
            .1
            .starts_with("no header row found in the first 30 rows"),
        "{got:?}"
    );
    let got = problems(parse(vec![head()]).unwrap_err());
    assert_eq!(got[0].1, "the plan lists no actions under its header row");
}

#[test]
fn the_plan_in_the_register_workbook_or_none() {
    let reg = register();
    let opts = PlanOptions::default();
    let without = book(vec![sheet("Indicators", 0, 0, vec![vec![text("Code")]])]);
    assert_eq!(plan_in_register(&without, &reg, &opts), Ok(None));
    let with = book(vec![
        sheet("Indicators", 0, 0, vec![vec![text("Code")]]),
        sheet(
            "actions",
            0,
            0,
            vec![head(), row("CP-1|a|Resources|||||Sep-26||")],
        ),
    ]);
    let plan = plan_in_register(&with, &reg, &opts).unwrap().unwrap();
    assert_eq!(plan.sheet, "actions");
    assert_eq!(plan.actions[0].due, d(2026, 9, 30));
}

#[test]
fn a_plan_of_its_own_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.csv");
    std::fs::write(
        &path,
        "Action Ref,Milestone,Service,Due Date,Start Date\nAC-R5,Fix the roof,Resources,31 March 2027,1 Apr 2026\n",
    )
    .unwrap();
    let plan = load_plan(&path, "plan.csv", &register(), &PlanOptions::default()).unwrap();
    assert_eq!(plan.actions[0].reference, "AC-R5");
    assert_eq!(plan.actions[0].action, "Fix the roof");
    assert_eq!(plan.actions[0].due, d(2027, 3, 31));
    assert_eq!(plan.actions[0].start, Some(d(2026, 4, 1)));
    let missing = load_plan(
        &dir.path().join("nope.xlsx"),
        "nope.xlsx",
        &register(),
        &PlanOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(missing, PlanError::Read { .. }), "{missing}");
}
