//! End-to-end tests of the consolidated workbook: the real binary on the
//! bundled samples, its sheets read back with calamine. Every expected value
//! comes from the hand-worked tables in `samples/README.md`.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

fn workbook(dir: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(dir.join("IPR-2026-09.xlsx")).expect("calamine opens the workbook")
}

/// The sheet's data rows (after the header) as text, and the header's columns.
fn table(
    book: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    sheet: &str,
) -> (
    calamine::Range<Data>,
    std::collections::HashMap<String, usize>,
) {
    let range = book
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("sheet {sheet}: {e}"));
    let cols = header_columns(&range);
    (range, cols)
}

fn col(cols: &std::collections::HashMap<String, usize>, name: &str) -> usize {
    *cols
        .get(name)
        .unwrap_or_else(|| panic!("no column headed '{name}' in {cols:?}"))
}

#[test]
fn workbook_sheets_are_in_the_spec_order() {
    let (dir, _) = consolidated();
    let book = workbook(dir.path());
    let mut want = vec![
        "Summary",
        "Indicators",
        "Exceptions",
        // The sample council has an action plan (SPEC section 13).
        "Actions",
        // And a budget (SPEC section 16).
        "Finance",
        "Data Quality",
        "History",
        "Register",
        "About",
    ];
    want.extend(DIRECTORATES);
    assert_eq!(book.sheet_names(), want);
}

#[test]
fn workbook_indicators_show_asc_02_as_a_red_exception() {
    let (dir, _) = consolidated();
    let mut book = workbook(dir.path());
    let (range, cols) = table(&mut book, "Indicators");
    let rows = rows_text(&range);
    let (code, rag, exc) = (
        col(&cols, "Code"),
        col(&cols, "RAG"),
        col(&cols, "Exception"),
    );
    let asc02: Vec<_> = rows[1..].iter().filter(|r| r[code] == "ASC-02").collect();
    assert_eq!(asc02.len(), 1, "one row for ASC-02");
    assert_eq!(asc02[0][rag], "Red");
    assert_eq!(asc02[0][exc], "Yes");
    // One row per indicator due.
    let codes = rows[1..].iter().filter(|r| !r[code].is_empty()).count();
    assert_eq!(codes, 38);
}

#[test]
fn workbook_exceptions_sheet_lists_the_seven_codes() {
    let (dir, json) = consolidated();
    let mut book = workbook(dir.path());
    let (range, cols) = table(&mut book, "Exceptions");
    let (kind, code) = (col(&cols, "Kind"), col(&cols, "Code"));
    let rows = rows_text(&range);
    let of = |k: &str| -> Vec<String> {
        rows[1..]
            .iter()
            .filter(|r| r[kind] == k && !r[code].is_empty())
            .map(|r| r[code].clone())
            .collect()
    };
    let got = of("Indicator");
    let want: BTreeSet<String> = EXCEPTIONS.iter().map(|(c, _)| c.to_string()).collect();
    assert_eq!(got.len(), 7, "{got:?}");
    assert_eq!(got.into_iter().collect::<BTreeSet<_>>(), want);
    // Then the action plan's exceptions, in the JSON's order.
    let actions: Vec<String> = json["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "action")
        .map(|e| e["code"].as_str().unwrap().to_string())
        .collect();
    assert!(!actions.is_empty());
    assert_eq!(of("Action"), actions);
}

#[test]
fn workbook_data_quality_sheet_has_one_row_per_finding() {
    let (dir, json) = consolidated();
    let mut book = workbook(dir.path());
    let (range, cols) = table(&mut book, "Data Quality");
    let (rule, ind) = (col(&cols, "Rule"), col(&cols, "Indicator"));
    let got: BTreeSet<(String, String)> = rows_text(&range)[1..]
        .iter()
        .filter(|r| !r[rule].is_empty())
        .map(|r| (r[rule].clone(), r[ind].clone()))
        .collect();
    let want: BTreeSet<(String, String)> = PLANTED
        .iter()
        .map(|p| (p.rule.to_string(), p.indicator.to_string()))
        .collect();
    assert_eq!(got, want);
    let rows = rows_text(&range)[1..]
        .iter()
        .filter(|r| !r[rule].is_empty())
        .count();
    assert_eq!(rows, PLANTED.len());
    assert_eq!(
        json["findings"].as_array().map(Vec::len),
        Some(PLANTED.len())
    );
}

#[test]
fn workbook_history_sheet_has_one_row_per_value_read() {
    let (dir, _) = consolidated();
    let mut book = workbook(dir.path());
    let (range, cols) = table(&mut book, "History");
    let rows = rows_text(&range);
    let (code, period, file, sheet, cell, value) = (
        col(&cols, "Code"),
        col(&cols, "Period"),
        col(&cols, "File"),
        col(&cols, "Sheet"),
        col(&cols, "Cell"),
        col(&cols, "Value"),
    );
    let data: Vec<&Vec<String>> = rows[1..].iter().filter(|r| !r[code].is_empty()).collect();
    assert_eq!(data.len(), HISTORY_ROWS);
    // Economy and Place, last year's wide workbook, heading an Excel date (Apr-25).
    let ep01: Vec<_> = data
        .iter()
        .filter(|r| r[code] == "EP-01" && r[period] == "2025-04")
        .collect();
    assert_eq!(ep01.len(), 1, "{ep01:?}");
    assert!(ep01[0][file].ends_with("2025-26/Economy-and-Place-2025-26.xlsx"));
    assert_eq!(
        (ep01[0][sheet].as_str(), ep01[0][cell].as_str()),
        ("Monthly", "C5")
    );
    let v: f64 = ep01[0][value].parse().expect("a number");
    assert!((v - 48.2).abs() < 1e-9, "{v}");
    // HC-04's June 2026, given in June's return and again in July's (README row 19).
    let june: BTreeSet<(String, String)> = data
        .iter()
        .filter(|r| r[code] == "HC-04" && r[period] == "2026-06")
        .map(|r| {
            (
                r[file].rsplit('/').next().unwrap_or_default().to_string(),
                r[cell].clone(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String)> = [
        ("Housing-and-Communities-2026-06.xlsx", "D10"),
        ("Housing-and-Communities-2026-07.xlsx", "D12"),
    ]
    .iter()
    .map(|(f, c)| (f.to_string(), c.to_string()))
    .collect();
    assert_eq!(june, want);
}

#[test]
fn workbook_keeps_commentary_starting_with_equals_as_text() {
    let (dir, _) = consolidated();
    let mut book = workbook(dir.path());
    let (range, cols) = table(&mut book, "Indicators");
    let (code, comm) = (col(&cols, "Code"), col(&cols, "Commentary"));
    let start = range.start().expect("Indicators is not empty").0;
    let row = rows_text(&range)
        .iter()
        .position(|r| r[code] == "CF-07")
        .expect("a row for CF-07") as u32
        + start;
    let pos = (row, comm as u32);
    match range.get_value(pos) {
        Some(Data::String(s)) => assert!(s.starts_with("=see note"), "CF-07 commentary is {s:?}"),
        other => panic!("CF-07 commentary is not a string: {other:?}"),
    }
    let formulas = book
        .worksheet_formula("Indicators")
        .expect("formulas of Indicators");
    let formula = formulas.get_value(pos).cloned().unwrap_or_default();
    assert!(
        formula.is_empty(),
        "CF-07 commentary is a formula: {formula}"
    );
}

/// About rows from the `SHA-256` header down: (file, hash).
fn about_hashes(dir: &Path) -> Vec<(String, String)> {
    let mut book = workbook(dir);
    let range = book.worksheet_range("About").expect("About sheet");
    let rows = rows_text(&range);
    let (head, sha) = rows
        .iter()
        .enumerate()
        .find_map(|(i, r)| r.iter().position(|c| c == "SHA-256").map(|c| (i, c)))
        .expect("a column headed SHA-256 on the About sheet");
    rows[head + 1..]
        .iter()
        .filter(|r| !r[sha].is_empty())
        .map(|r| (r[..sha].join(" "), r[sha].clone()))
        .collect()
}

#[test]
fn workbook_about_gives_the_sha256_of_every_return() {
    let (dir, _) = consolidated();
    let hashes = about_hashes(dir.path());
    let files = all_returns();
    assert_eq!(files.len(), RETURN_COUNT);
    for path in files {
        // Year folder and file name, e.g. 2026-27/Resources-2026-09.xlsx.
        let name = path
            .strip_prefix(returns_dir())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let row = hashes
            .iter()
            .find(|(f, _)| f.trim_end().ends_with(&name))
            .unwrap_or_else(|| panic!("About does not list {name}: {hashes:?}"));
        assert_eq!(row.1.len(), 64, "{name}: {}", row.1);
        assert!(row.1.chars().all(|c| c.is_ascii_hexdigit()), "{}", row.1);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(row.1.to_lowercase(), sha256_hex(&bytes), "{name}");
    }
}

#[test]
fn workbook_about_gives_the_sha256_of_the_register() {
    let (dir, _) = consolidated();
    let hashes = about_hashes(dir.path());
    let want = sha256_hex(&std::fs::read(register()).unwrap());
    assert!(
        hashes
            .iter()
            .any(|(f, h)| f.trim_end().ends_with("register.xlsx") && h.to_lowercase() == want),
        "{hashes:?}"
    );
}

/// Each directorate sheet ends with its indicators' trends: the periods and values
/// (from the returns, README's history) and one line chart per indicator with two
/// or more values.
#[test]
fn directorate_sheets_carry_a_trend_table_and_a_chart_per_indicator() {
    let (dir, _) = consolidated();
    let xlsx = dir.path().join("IPR-2026-09.xlsx");
    let mut wb = calamine::open_workbook_auto(&xlsx).unwrap();
    let rows = rows_text(&wb.worksheet_range("Adults and Health").unwrap());
    let start = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c.starts_with("Trends:")))
        .expect("a Trends section");
    // ASC-02 (lower is better): April to September 2026, as returned.
    let at = rows[start..]
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("ASC-02"))
        .map(|i| start + i)
        .expect("ASC-02 in the trend table");
    assert_eq!(
        rows[at][1..7],
        ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"].map(String::from)
    );
    assert_eq!(rows[at + 1][6], "12.4", "September's actual ends the trend");
    // Charts: the Summary's one, plus one per exception (README: 7, each with history).
    let f = std::fs::File::open(&xlsx).unwrap();
    let zip = zip::ZipArchive::new(f).unwrap();
    let charts = zip
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| n.starts_with("xl/charts/chart"))
        .count();
    assert_eq!(charts, 1 + EXCEPTIONS.len());
    let trend_rows: usize = [
        "Adults and Health",
        "Children and Families",
        "Economy and Place",
        "Housing and Communities",
        "Resources",
    ]
    .iter()
    .map(|s| {
        let rows = rows_text(&wb.worksheet_range(s).unwrap());
        let start = rows
            .iter()
            .position(|r| r.first().is_some_and(|c| c.starts_with("Trends:")))
            .unwrap_or(rows.len());
        // Two rows per charted indicator, up to the end of the sheet's cells.
        rows[start..]
            .iter()
            .skip(1)
            .filter(|r| r.get(1).is_some_and(|c| is_period_id(c)))
            .count()
    })
    .sum();
    // Every indicator with two or more values is in a trend table (two rows each).
    assert!(trend_rows >= 30, "{trend_rows}");
}

/// A directorate sheet is written row by row and its charts carry no copy of
/// their figures (docs/decisions.md): a spreadsheet program draws each chart
/// from the cells it names, so those cells must hold its figures. A row
/// written out of order would be dropped and leave a chart empty.
#[test]
fn each_directorate_chart_names_cells_that_hold_its_figures() {
    let (dir, _) = consolidated();
    let xlsx = dir.path().join("IPR-2026-09.xlsx");
    let mut wb = workbook(dir.path());
    let mut charts = 0;
    for xml in chart_xmls(&xlsx) {
        // The first series is the indicator's values; its categories are the periods.
        let Some(val) = xml.split("<c:val>").nth(1) else {
            continue;
        };
        let values = between(val, "<c:f>", "</c:f>");
        let (sheet, _) = values.rsplit_once('!').unwrap();
        if sheet == "Summary" {
            continue;
        }
        charts += 1;
        let cat = between(xml.split("<c:cat>").nth(1).unwrap(), "<c:f>", "</c:f>");
        let figures = cells_named(&mut wb, values);
        let numbers = figures
            .iter()
            .filter(|d| matches!(d, Data::Float(_) | Data::Int(_)))
            .count();
        assert!(numbers >= 2, "{values}: {figures:?}");
        let periods = cells_named(&mut wb, cat);
        assert_eq!(periods.len(), figures.len(), "{cat} against {values}");
        assert!(
            periods.iter().all(|d| is_period_id(&d.to_string())),
            "{cat}: {periods:?}"
        );
    }
    // The README's seven exceptions, each charted on its directorate's sheet.
    assert_eq!(charts, EXCEPTIONS.len());
}

/// The text between the first `open` and the next `close` in `s`.
fn between<'a>(s: &'a str, open: &str, close: &str) -> &'a str {
    let from = s.find(open).unwrap() + open.len();
    &s[from..from + s[from..].find(close).unwrap()]
}

/// The cells of a chart's range such as `'Adults and Health'!$B$27:$G$27`.
fn cells_named(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, range: &str) -> Vec<Data> {
    let (sheet, cells) = range.rsplit_once('!').unwrap();
    let sheet = sheet.trim_matches('\'').replace("''", "'");
    let (a, b) = cells.split_once(':').unwrap_or((cells, cells));
    let ((r0, c0), (r1, c1)) = (cell_at(a), cell_at(b));
    let got = wb.worksheet_range(&sheet).unwrap();
    (r0..=r1)
        .flat_map(|r| (c0..=c1).map(move |c| (r, c)))
        .map(|at| got.get_value(at).cloned().unwrap_or(Data::Empty))
        .collect()
}

/// `$B$27` as (row, column), counted from 0.
fn cell_at(a1: &str) -> (u32, u32) {
    let a1 = a1.replace('$', "");
    let split = a1.find(|c: char| c.is_ascii_digit()).unwrap();
    let col = a1[..split]
        .bytes()
        .fold(0, |n, b| n * 26 + u32::from(b - b'A' + 1));
    (a1[split..].parse::<u32>().unwrap() - 1, col - 1)
}

/// `2026-04` or `2026/27-Q2`: a period id, not a value such as 20.5.
fn is_period_id(c: &str) -> bool {
    c.len() >= 7 && c.starts_with("20") && matches!(c.as_bytes()[4], b'-' | b'/')
}

#[test]
fn wrapped_headings_get_rows_tall_enough_for_them() {
    // LibreOffice keeps a wrapped heading's row at the default height, and the
    // second line runs over the first row of figures; Excel would grow it.
    let (dir, _) = consolidated();
    let file = std::fs::File::open(dir.path().join("IPR-2026-09.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    // Summary: the headings are on row 4 ("Warnings to look at" in a column 9 wide).
    let row = xml
        .split("<row ")
        .find(|r| r.starts_with("r=\"4\""))
        .expect("row 4 of the Summary sheet");
    let head = &row[..row.find('>').unwrap()];
    let ht: f64 = head
        .split("ht=\"")
        .nth(1)
        .and_then(|h| h.split('"').next())
        .and_then(|h| h.parse().ok())
        .unwrap_or(0.0);
    assert!(
        ht >= 30.0 && head.contains("customHeight=\"1\""),
        "the Summary's heading row is not at least two lines tall: <row {head}>"
    );
}
