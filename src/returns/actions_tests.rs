//! Action tables found beside, below and above indicator tables, on sheets
//! built cell by cell away from A1, and every kind of cell they hold.

use super::*;
use crate::model::plan::testing::action;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

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

fn pct(v: f64) -> Cell {
    Cell {
        value: CellValue::Number(v),
        percent: true,
    }
}

fn date(y: i32, m: u32, day: u32) -> Cell {
    Cell {
        value: CellValue::Date(NaiveDateTime::new(d(y, m, day), NaiveTime::MIN)),
        percent: false,
    }
}

/// A sheet from (A1 reference, cell) pairs.
fn sheet(cells: Vec<(&str, Cell)>) -> Sheet {
    let cells = cells
        .into_iter()
        .map(|(a1, c)| (crate::cellref::parse_a1(a1).unwrap(), c))
        .collect();
    Sheet::from_cells("Return", true, cells)
}

fn plan() -> Plan {
    let due = d(2027, 3, 31);
    Plan::new(
        "plan.xlsx",
        "",
        "Actions",
        ["CP-1", "CP-2", "CP-3", "1.2"]
            .iter()
            .map(|r| action(r, "Resources", Some(d(2026, 4, 1)), due))
            .collect(),
    )
}

fn read(s: &Sheet) -> (Vec<ActionTable>, Vec<ActionUpdate>) {
    let p = plan();
    let values = ValueOptions::default();
    let opts = ActionReadOptions {
        calendar: Calendar::default(),
        values: &values,
    };
    let tables = find_action_tables(s, &p);
    let file: Arc<str> = Arc::from("res.xlsx");
    let dir: Arc<str> = Arc::from("Resources");
    let updates = tables
        .iter()
        .flat_map(|tb| {
            read_action_table(s, tb, &file, &dir, Some(Period::month(2026, 9)), &p, opts)
        })
        .collect();
    (tables, updates)
}

#[test]
fn beside_an_indicator_table_with_every_column() {
    let s = sheet(vec![
        ("B2", t("Directorate: Resources")),
        ("B3", t("Code")),
        ("C3", t("Actual")),
        ("D3", t("Commentary")),
        ("F3", t("Action Ref")),
        ("G3", t("Status")),
        ("H3", t("% Complete")),
        ("I3", t("Revised Date")),
        ("J3", t("Date Completed")),
        ("K3", t("Progress Update")),
        ("L3", t("Owner RAG")),
        ("M3", t("Data Note")),
        ("B4", t("RES-01")),
        ("C4", n(95.0)),
        ("D4", t("Fine")),
        ("F4", t("CP-1")),
        ("G4", t("On track")),
        ("H4", pct(0.85)),
        ("I4", date(2026, 12, 31)),
        ("K4", t("Going well")),
        ("L4", t("G")),
        ("B5", t("RES-02")),
        ("C5", n(3.0)),
        ("F5", t(" cp-2 ")),
        ("G5", t("Complete")),
        ("H5", t("100%")),
        ("J5", t("30/09/2026")),
        ("F6", t("Priority 2: Housing")),
        ("F7", t("CP-9")),
        ("G7", t("in progress")),
        ("M7", t("New this month")),
    ]);
    let (tables, u) = read(&s);
    assert_eq!(tables.len(), 1);
    let tb = tables[0];
    assert_eq!(
        (tb.header, tb.end, tb.first_col, tb.last_col),
        (2, 7, 5, 12)
    );
    assert_eq!(tb.columns.reference, 5);
    assert_eq!(
        (
            tb.columns.status,
            tb.columns.percent,
            tb.columns.revised,
            tb.columns.completed
        ),
        (Some(6), Some(7), Some(8), Some(9))
    );
    assert_eq!(
        (tb.columns.commentary, tb.columns.rag, tb.columns.data_note),
        (Some(10), Some(11), Some(12))
    );
    assert!(
        tb.covers(3, 7) && !tb.covers(3, 2),
        "the indicator table is not the action table's"
    );
    let refs: Vec<&str> = u.iter().map(|u| u.reference.as_str()).collect();
    assert_eq!(
        refs,
        ["CP-1", "cp-2", "CP-9"],
        "the heading row is skipped, a Ref not in the plan is kept"
    );
    let cp1 = &u[0];
    assert_eq!(cp1.key, "CP-1");
    assert_eq!(cp1.status(), Some(Status::InProgress));
    assert_eq!(
        cp1.owner_rag().map(|(r, s)| (r, s.cell())),
        Some((OwnerRag::Green, "L4".into()))
    );
    assert_eq!(cp1.percent(), Some(85.0), "85% typed in Excel");
    assert_eq!(
        cp1.percent.as_ref().map(|f| f.source.cell()),
        Some("H4".into())
    );
    assert_eq!(cp1.revised(), Some(d(2026, 12, 31)));
    assert_eq!(cp1.commentary.as_deref(), Some("Going well"));
    assert_eq!(cp1.source.cell(), "F4");
    assert_eq!(
        (&*cp1.source.file, &*cp1.source.sheet),
        ("res.xlsx", "Return")
    );
    assert_eq!(&*cp1.directorate, "Resources");
    let cp2 = &u[1];
    assert_eq!(
        (cp2.key.as_str(), cp2.status(), cp2.percent()),
        ("CP-2", Some(Status::Complete), Some(100.0))
    );
    assert_eq!(cp2.completed(), Some(d(2026, 9, 30)));
    assert_eq!(cp2.owner_rag(), None);
    assert_eq!(u[2].data_note.as_deref(), Some("New this month"));
}

#[test]
fn below_and_above_an_indicator_table() {
    // An indicator table headed Ref (its codes are not the plan's), then an action table.
    let below = sheet(vec![
        ("A1", t("Ref")),
        ("B1", t("Actual")),
        ("A2", t("RES-01")),
        ("B2", n(4.0)),
        ("A5", t("Ref")),
        ("B5", t("Status")),
        ("C5", t("Progress %")),
        ("D5", t("Forecast Completion")),
        ("A6", t("CP-3")),
        ("B6", t("at risk")),
        ("C6", n(40.0)),
        ("D6", t("Q3 2026/27")),
    ]);
    let (tables, u) = read(&below);
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0].header, 4);
    assert_eq!(u.len(), 1);
    assert_eq!(u[0].owner_rag().map(|(r, _)| r), Some(OwnerRag::Amber));
    assert_eq!(u[0].revised(), Some(d(2026, 12, 31)));
    assert_eq!(u[0].percent(), Some(40.0));

    // An action table, then an indicator table below it in the same columns.
    let above = sheet(vec![
        ("C3", t("Milestone Ref")),
        ("D3", t("Status")),
        ("C4", t("CP-1")),
        ("D4", t("Not started")),
        ("C5", t("CP-2")),
        ("D5", t("Deferred")),
        ("C8", t("Code")),
        ("D8", t("Actual")),
        ("C9", t("RES-01")),
        ("D9", n(12.0)),
    ]);
    let (tables, u) = read(&above);
    assert_eq!(tables.len(), 1);
    assert_eq!(
        (tables[0].header, tables[0].end),
        (2, 7),
        "the table stops at the next header"
    );
    let refs: Vec<&str> = u.iter().map(|u| u.reference.as_str()).collect();
    assert_eq!(refs, ["CP-1", "CP-2"]);
    assert!(!tables[0].covers(8, 2));
}

#[test]
fn two_tables_side_by_side_and_tables_that_are_not_action_tables() {
    let s = sheet(vec![
        ("A1", t("Action ID")),
        ("B1", t("Status")),
        ("D1", t("Action No")),
        ("E1", t("% Progress")),
        ("A2", t("CP-1")),
        ("B2", t("ongoing")),
        ("D2", n(1.2)),
        ("E2", n(50.0)),
        // A Ref column with no progress column: not an action table.
        ("G1", t("Ref")),
        ("H1", t("Description")),
        ("G2", t("CP-2")),
        // A progress table whose Refs are none of the plan's: not one either.
        ("J1", t("Ref")),
        ("K1", t("Status")),
        ("J2", t("XX-1")),
        ("K2", t("complete")),
    ]);
    let (tables, u) = read(&s);
    assert_eq!(tables.len(), 2, "{tables:?}");
    let refs: Vec<&str> = u.iter().map(|u| u.reference.as_str()).collect();
    assert_eq!(
        refs,
        ["CP-1", "1.2"],
        "a Ref typed as a number is the plan's 1.2"
    );
    assert_eq!(u[1].percent(), Some(50.0));
    assert!(find_action_tables(&Sheet::from_cells("Empty", true, vec![]), &plan()).is_empty());
}

#[test]
fn every_kind_of_cell() {
    let err = Cell {
        value: CellValue::Error("#REF!".into()),
        percent: false,
    };
    let s = sheet(vec![
        ("B2", t("Ref")),
        ("C2", t("Status")),
        ("D2", t("% complete")),
        ("E2", t("New Date")),
        ("F2", t("RAG")),
        ("B3", t("CP-1")),
        ("C3", t("nearly there")),
        ("D3", n(0.85)),
        ("E3", t("09/30/2026")),
        ("F3", t("purple")),
        ("B4", t("CP-2")),
        ("C4", n(3.0)),
        ("D4", n(120.0)),
        ("E4", n(46295.0)),
        ("F4", t("Blue")),
        ("B5", t("CP-3")),
        ("C5", t("n/a")),
        ("D5", t("half")),
        ("E5", t("30 Sep 2026")),
        ("B6", t("1.2")),
        ("C6", err.clone()),
        ("D6", err),
        ("E6", t("TBC")),
        ("F6", t("-")),
    ]);
    let (_, u) = read(&s);
    assert_eq!(u.len(), 4);
    let problem = |f: &Option<Field<_>>| f.as_ref().and_then(|f: &Field<_>| f.value.clone().err());
    assert_eq!(problem(&u[0].status), Some(FieldProblem::UnknownWord));
    assert_eq!(
        u[0].status.as_ref().map(|f| f.seen.as_str()),
        Some("nearly there")
    );
    assert_eq!(
        u[0].percent.as_ref().and_then(|f| f.value.clone().err()),
        Some(FieldProblem::BareFraction)
    );
    assert_eq!(
        u[0].revised.as_ref().and_then(|f| f.value.clone().err()),
        Some(FieldProblem::NotADate(
            crate::period::DateProblem::MonthFirst
        ))
    );
    assert_eq!(
        u[0].rag.as_ref().and_then(|f| f.value.clone().err()),
        Some(FieldProblem::UnknownWord)
    );
    assert_eq!(problem(&u[1].status), Some(FieldProblem::UnknownWord));
    assert_eq!(
        u[1].percent.as_ref().and_then(|f| f.value.clone().err()),
        Some(FieldProblem::OutOfRange)
    );
    assert_eq!(
        u[1].revised.as_ref().and_then(|f| f.value.clone().err()),
        Some(FieldProblem::NumberNotDate)
    );
    assert_eq!(u[1].owner_rag().map(|(r, _)| r), Some(OwnerRag::Blue));
    assert!(u[2].status.is_none(), "n/a is no status");
    assert_eq!(
        u[2].percent.as_ref().and_then(|f| f.value.clone().err()),
        Some(FieldProblem::NotANumber)
    );
    assert_eq!(u[2].revised(), Some(d(2026, 9, 30)));
    assert_eq!(problem(&u[3].status), Some(FieldProblem::ErrorCell));
    assert_eq!(
        u[3].percent.as_ref().and_then(|f| f.value.clone().err()),
        Some(FieldProblem::ErrorCell)
    );
    assert!(
        u[3].revised.is_none() && u[3].rag.is_none(),
        "TBC and - are no value"
    );
    // Whole numbers, 0, 1 and 100 are percentages as typed.
    let values = ValueOptions::default();
    let opts = ActionReadOptions {
        calendar: Calendar::default(),
        values: &values,
    };
    for (cell, want) in [
        (n(0.0), 0.0),
        (n(1.0), 1.0),
        (n(100.0), 100.0),
        (pct(1.0), 100.0),
        (t("85 %"), 85.0),
    ] {
        assert_eq!(percent_of(&cell, opts), Ok(want), "{cell:?}");
    }
    assert_eq!(percent_of(&n(-5.0), opts), Err(FieldProblem::OutOfRange));
    assert_eq!(percent_of(&pct(1.2), opts), Err(FieldProblem::OutOfRange));
}
