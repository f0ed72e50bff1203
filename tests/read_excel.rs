//! Files that Excel opens are read: packages laid out unusually, chart sheets,
//! a declared extent far larger than the data, a password-protected .xls. The
//! files are written by tests/fixtures/make_packages.py (see its docstring).

mod common;

use common::Tool;
use ipr::model::Rule;
use ipr::read::{read_book, Book, CellValue, Limits, ReadError};
use std::path::Path;

fn packages() -> Option<&'static Path> {
    common::generate("fixtures/make_packages.py", &[], Tool::Openpyxl)
}

fn read(dir: &Path, name: &str) -> Result<Book, ReadError> {
    read_book(&dir.join(name), name, &Limits::default())
}

fn text(s: &str) -> CellValue {
    CellValue::Text(s.to_string())
}

/// The table every data sheet holds, with its top-left cell at (row, col).
fn assert_table(book: &Book, sheet: &str, row: u32, col: u32) {
    let s = book
        .sheets
        .iter()
        .find(|s| s.name == sheet)
        .unwrap_or_else(|| panic!("{}: no sheet '{sheet}'", book.path));
    let want = [
        [text("Code"), text("Value")],
        [text("ASC-01"), CellValue::Number(85.0)],
        [text("ASC-02"), CellValue::Number(72.5)],
    ];
    for (r, line) in want.iter().enumerate() {
        for (c, v) in line.iter().enumerate() {
            let (r, c) = (row + r as u32, col + c as u32);
            assert_eq!(
                &s.get(r, c).value,
                v,
                "{}: cell {}",
                book.path,
                ipr::cellref::a1(r, c)
            );
        }
    }
    assert_eq!(s.rows(), row..row + 3, "{}: rows", book.path);
}

#[test]
fn workbook_named_with_backslashes_is_read() {
    let Some(dir) = packages() else { return };
    let book = read(dir, "backslash.xlsx").unwrap_or_else(|e| panic!("{e}"));
    assert_table(&book, "Return", 0, 0);
}

#[test]
fn part_names_in_another_case_are_read() {
    let Some(dir) = packages() else { return };
    let book = read(dir, "case.xlsx").unwrap_or_else(|e| panic!("{e}"));
    assert_table(&book, "Return", 1, 1);
}

#[test]
fn workbook_at_the_package_root_is_found_through_its_relationships() {
    let Some(dir) = packages() else { return };
    let book = read(dir, "root.xlsx").unwrap_or_else(|e| panic!("{e}"));
    assert_table(&book, "Return", 0, 0);
}

#[test]
fn an_empty_formatted_tail_to_the_last_row_costs_nothing() {
    let Some(dir) = packages() else { return };
    let book = read(dir, "tall-dimension.xlsx").unwrap_or_else(|e| panic!("{e}"));
    assert_table(&book, "Return", 0, 0);
    // Tight limits still pass: only the nine cells holding something count.
    let tight = Limits {
        max_sheet_rows: 3,
        max_sheet_cells: 9,
        ..Limits::default()
    };
    let book = read_book(&dir.join("tall-dimension.xlsx"), "t.xlsx", &tight)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_table(&book, "Return", 0, 0);
    // A limit below the six cells the data holds refuses it, naming the sheet.
    let tighter = Limits {
        max_sheet_cells: 5,
        ..Limits::default()
    };
    match read_book(&dir.join("tall-dimension.xlsx"), "t.xlsx", &tighter) {
        Err(e @ ReadError::SheetTooBig { .. }) => {
            assert!(e.to_string().contains("sheet 'Return'"), "{e}")
        }
        other => panic!("expected SheetTooBig, got {other:?}"),
    }
}

#[test]
fn a_chart_sheet_is_one_finding_and_the_data_sheet_is_read() {
    let Some(dir) = packages() else { return };
    let book = read(dir, "chartsheet.xlsx").unwrap_or_else(|e| panic!("{e}"));
    assert_table(&book, "Return", 0, 0);
    assert_eq!(book.unread.len(), 1, "{:?}", book.unread);
    assert_eq!(book.unread[0].name, "Chart");
    assert!(!book.unread[0].may_hold_data);
    let findings = ipr::returns::unread_findings(&book);
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!((f.rule, f.sheet.as_str()), (Rule::DQ005, "Chart"));
    assert_eq!(f.severity, ipr::model::Severity::Warning);
    assert_eq!(
        f.message,
        "Sheet 'Chart' was not read: it is a chart sheet, which holds no table of figures; the other sheets were read."
    );
}

#[test]
fn a_password_protected_xls_is_said_to_be_one() {
    let Some(dir) = packages() else { return };
    match read(dir, "encrypted.xls") {
        Err(ReadError::Password) => {}
        other => panic!("expected Password, got {other:?}"),
    }
}

#[test]
fn a_sheet_the_reader_cannot_parse_is_one_finding_in_plain_words() {
    let Some(dir) = packages() else { return };
    let book = read(dir, "damaged-sheet.xlsx").unwrap_or_else(|e| panic!("{e}"));
    assert_table(&book, "Return", 0, 0);
    let findings = ipr::returns::unread_findings(&book);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!((f.rule, f.sheet.as_str()), (Rule::DQ005, "Notes"));
    assert_eq!(f.severity, ipr::model::Severity::Error);
    assert_eq!(
        f.message,
        "Sheet 'Notes' was not read: the sheet is damaged (a cell says it holds a kind of value ('bogus') that Excel does not write); the other sheets were read."
    );
    assert!(f.hint.contains("check that sheet"), "{}", f.hint);
}

#[test]
fn reading_a_return_gives_each_its_own_finding_and_hint() {
    let Some(dir) = packages() else { return };
    let reg = ipr::register::load_register(
        &common::register(),
        "register.xlsx",
        &ipr::register::RegisterOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let opts = ipr::returns::ReturnOptions::default();
    let rf =
        ipr::returns::read_return(&dir.join("chartsheet.xlsx"), "chartsheet.xlsx", &reg, &opts);
    let chart: Vec<_> = rf.findings.iter().filter(|f| f.sheet == "Chart").collect();
    assert_eq!(chart.len(), 1, "{:?}", rf.findings);
    assert_eq!(chart[0].severity, ipr::model::Severity::Warning);
    let rf = ipr::returns::read_return(&dir.join("encrypted.xls"), "encrypted.xls", &reg, &opts);
    assert_eq!(rf.findings.len(), 1, "{:?}", rf.findings);
    let f = &rf.findings[0];
    assert_eq!(f.rule, Rule::DQ005);
    assert!(
        f.message.contains("protected with a password"),
        "{}",
        f.message
    );
    assert!(f.hint.contains("remove it"), "{}", f.hint);
    let rf = ipr::returns::read_return(
        &dir.join("tall-dimension.xlsx"),
        "tall-dimension.xlsx",
        &reg,
        &opts,
    );
    assert!(
        !rf.findings.iter().any(|f| f.rule == Rule::DQ005),
        "{:?}",
        rf.findings
    );
}

#[test]
fn a_parser_error_reaches_the_user_in_words_not_debug_text() {
    let Some(dir) = packages() else { return };
    let e = match read(dir, "pretty.ods") {
        Err(e) => e,
        Ok(_) => return, // a reader that copes with indented XML is better still
    };
    let msg = e.to_string();
    assert_eq!(
        msg,
        "the file is not a readable spreadsheet or is damaged (its content.xml has something else where a 'table-cell' element belongs); open it in Excel and save it again as .xlsx"
    );
    assert!(!msg.contains("BytesText") && !msg.contains('{'), "{msg}");
}
