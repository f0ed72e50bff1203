//! Money figures of a million pounds or more show whole on the printed
//! Indicators and Exceptions sheets (issue 18): the budget fixture's council
//! (tests/fixtures/make_budget.py) with its RES-02 turned into a currency
//! indicator of £12,000,000 whose September figure is £10,800,000, a red
//! exception with a variance of -£1,200,000, and CC100's forecast raised to
//! a £1,200,000 overspend; consolidated, rendered by LibreOffice and read
//! back with pdftotext.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Edits the copied council with openpyxl: RES-02 in pounds, CC100 over.
const EDIT: &str = r#"
import sys, openpyxl
root = sys.argv[1]
wb = openpyxl.load_workbook(root + "/register.xlsx")
ws = wb["Indicators"]
ws.cell(row=1, column=9, value="Decimals")
for r in range(2, ws.max_row + 1):
    if ws.cell(row=r, column=1).value == "RES-02":
        ws.cell(row=r, column=4, value="currency")
        ws.cell(row=r, column=5, value="higher")
        ws.cell(row=r, column=8, value=12000000)
        ws.cell(row=r, column=9, value=0)
wb.save(root + "/register.xlsx")
path = root + "/returns/2026-09/Resources-2026-09.xlsx"
wb = openpyxl.load_workbook(path)
ws = wb["Return"]
ws["C7"] = 10800000
for r in range(6, 13):
    if ws["E%d" % r].value == "CC100":
        ws["I%d" % r] = 2200000
wb.save(path)
"#;

/// Reads back, with openpyxl, each column's width by its sheet and heading
/// (the first of the top five rows that names it).
const WIDTHS: &str = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    width = {}
    for d in ws.column_dimensions.values():
        for c in range(d.min, d.max + 1):
            width[c] = d.width
    for row in ws.iter_rows(min_row=1, max_row=5):
        for cell in row:
            if isinstance(cell.value, str) and cell.column in width:
                print("%s\t%s\t%s" % (ws.title, cell.value, width[cell.column]))
"#;

fn widths(python: &Path, xlsx: &Path) -> HashMap<(String, String), f64> {
    let out = Command::new(python)
        .args(["-W", "ignore", "-c", WIDTHS])
        .arg(xlsx)
        .output()
        .expect("python runs");
    assert!(out.status.success(), "{}", common::stderr(&out));
    let mut widths = HashMap::new();
    for line in common::stdout(&out).lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if let [sheet, heading, width] = f[..] {
            let key = (sheet.to_string(), heading.to_string());
            widths.entry(key).or_insert(width.parse().unwrap());
        }
    }
    widths
}

/// The printed pages whose footer names `sheet`.
fn pages<'a>(text: &'a str, sheet: &str) -> Vec<&'a str> {
    let footer = format!("{sheet} ");
    text.split('\u{c}')
        .filter(|p| {
            p.lines()
                .any(|l| l.trim_start().starts_with(&footer) && l.contains("Page "))
        })
        .collect()
}

#[test]
fn money_of_a_million_pounds_or_more_prints_whole() {
    let Some(fixtures) = common::fixtures("make_budget.py") else {
        return;
    };
    let (Some(python), Some(_), Some(_)) = (
        common::require(common::Tool::Openpyxl),
        common::require(common::Tool::Soffice),
        common::require(common::Tool::Pdftotext),
    ) else {
        return;
    };
    let dir = common::temp_dir();
    common::copy_tree(&fixtures.join("council"), dir.path());
    let edit = Command::new(&python)
        .args(["-c", EDIT])
        .arg(dir.path())
        .output()
        .expect("python runs");
    assert!(edit.status.success(), "{}", common::stderr(&edit));
    let out = common::ipr(dir.path())
        .args(["consolidate", "--period", "2026-09", "--out", "out"])
        .arg("returns/2026-09")
        .output()
        .expect("ipr runs");
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let xlsx = dir.path().join("out/IPR-2026-09.xlsx");

    // The columns are wide enough for the formatted figures.
    let widths = widths(&python, &xlsx);
    for (sheet, heading, figure) in [
        ("Indicators", "Variance", "-£1,200,000"),
        ("Exceptions", "Actual", "£10,800,000"),
        ("Exceptions", "Target", "£12,000,000"),
        ("Exceptions", "Forecast", "£10,800,000"),
        ("Finance", "Variance", "£1,200,000"),
    ] {
        let width = widths[&(sheet.to_string(), heading.to_string())];
        let needed = figure.chars().count() as f64;
        assert!(width >= needed, "{sheet} {heading}: {width} < {needed}");
    }

    let pdf = dir.path().join("pdf");
    common::soffice_convert(&[&xlsx], "pdf", &pdf);
    let text = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf.join("IPR-2026-09.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(!text.contains("###"), "a figure printed as ###:\n{text}");
    for (sheet, figures) in [
        (
            "Indicators",
            &["£10,800,000", "£12,000,000", "-£1,200,000"][..],
        ),
        ("Exceptions", &["£10,800,000", "£12,000,000"][..]),
        ("Finance", &["£2,200,000", "£1,200,000"][..]),
    ] {
        let printed = pages(&text, sheet).concat();
        assert!(!printed.is_empty(), "no printed page of {sheet}:\n{text}");
        for figure in figures {
            assert!(
                printed.contains(figure),
                "{figure} not whole on {sheet}:\n{printed}"
            );
        }
    }
}
