//! The budget in the files ipr writes for directorates and reads back (SPEC
//! section 16): the template's Finance sheet, filled in by openpyxl and
//! re-saved by LibreOffice, read by `ipr check` (with the register and
//! without it) and `ipr consolidate` as a budget return; and the budget's
//! year, on an `ipr init` folder.

mod common;

use calamine::{open_workbook, Reader, SheetVisible, Xlsx};
use common::{ipr, stderr, stdout};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

/// An `ipr init` folder (the sample council, whose budget is for 2026/27).
fn council() -> (tempfile::TempDir, PathBuf) {
    let w = common::temp_dir();
    let dir = w.path().join("council");
    let out = ipr(w.path()).arg("init").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    (w, dir)
}

/// Adults and Health's blank return for `period`, written by `ipr template`.
fn template(dir: &Path, period: &str) -> PathBuf {
    let out = ipr(dir)
        .args(["template", "--period", period, "--out", "tpl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    dir.join(format!("tpl/Adults-and-Health-{period}.xlsx"))
}

/// (rule, cell, Ref) of every budget finding in `ipr check --format json`.
fn budget_findings(json: &Value) -> Vec<(String, String, String)> {
    json["findings"]
        .as_array()
        .expect("a list of findings")
        .iter()
        .filter(|f| f["rule"].as_str().is_some_and(|r| r.starts_with("DQ08")))
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("rule"), s("cell"), s("indicator"))
        })
        .collect()
}

fn check(cwd: &Path, file: &Path) -> Value {
    let out = ipr(cwd)
        .args(["check", "--format", "json"])
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.code().is_some(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// A part of the xlsx zip, as text.
fn part(file: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Fills in the Finance sheet as a finance officer would (openpyxl): spend to
/// date for seven months and the forecast at budget, except Home care, £400,000
/// over (beyond its 2% tolerance, £248,000) and Client contributions, £50,000
/// short (within its £100,000). `argv[3]` = "explain" gives Home care its
/// commentary; "one" gives Home care's forecast alone; anything else leaves
/// Home care's commentary out (DQ085, the control).
const FILL: &str = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Finance"]
rows = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
if sys.argv[3] == "one":
    ws.cell(rows["AH-B01"], 7, 12400000)
    wb.save(sys.argv[2])
    sys.exit(0)
for ref, r in rows.items():
    budget = ws.cell(r, 4).value
    ws.cell(r, 6, round(budget * 7 / 12))
    ws.cell(r, 7, budget)
ws.cell(rows["AH-B01"], 7, 12800000)
ws.cell(rows["AH-B04"], 7, 4450000)
if sys.argv[3] == "explain":
    ws.cell(rows["AH-B01"], 8, "More hours of home care since the summer")
if sys.argv[3] == "text":
    ws.cell(rows["AH-B01"], 7, "£12.8m")
wb.save(sys.argv[2])
"#;

fn fill(blank: &Path, filled: &Path, explain: bool) -> bool {
    fill_as(blank, filled, if explain { "explain" } else { "no" })
}

fn fill_as(blank: &Path, filled: &Path, how: &str) -> bool {
    let Some(python) = common::require(common::Tool::Openpyxl) else {
        return false;
    };
    let run = std::process::Command::new(python)
        .args(["-c", FILL])
        .arg(blank)
        .arg(filled)
        .arg(how)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    true
}

#[test]
fn the_template_lists_the_directorates_budget_lines_to_complete() {
    let (_w, dir) = council();
    let blank = template(&dir, "2026-10");
    let mut wb: Xlsx<_> = open_workbook(&blank).unwrap();
    let names = wb.sheet_names();
    let at = |n: &str| names.iter().position(|s| s == n);
    assert_eq!(at("Finance"), Some(2), "{names:?}");
    assert_eq!(at("Instructions"), Some(3), "{names:?}");
    let hidden = wb
        .sheets_metadata()
        .iter()
        .find(|s| s.name == "ipr_budget")
        .map(|s| s.visible);
    assert_eq!(hidden, Some(SheetVisible::VeryHidden));
    let fin = wb.worksheet_range("Finance").unwrap();
    let rows = common::rows_text(&fin);
    assert_eq!(
        rows[3],
        [
            "Ref",
            "Service",
            "Type",
            "Budget",
            "Tolerance",
            "Spend to Date",
            "Forecast Outturn",
            "Commentary",
            "Data Note"
        ]
    );
    let lines: Vec<(&str, &str, &str, &str)> = rows[4..]
        .iter()
        .map(|r| (r[0].as_str(), r[2].as_str(), r[3].as_str(), r[4].as_str()))
        .collect();
    // Each line's tolerance, as scripts/sample_budget.py writes the budget
    // (blank for the default 2%).
    assert_eq!(
        lines,
        [
            ("AH-B01", "Expenditure", "12400000", "2%"),
            ("AH-B02", "Expenditure", "18200000", "2% or £250,000"),
            ("AH-B03", "Expenditure", "2100000", "2%"),
            ("AH-B04", "Income", "4500000", "£100,000"),
            ("AH-B05", "Capital", "3000000", "£150,000"),
            ("AH-B06", "Expenditure", "950000", "2%"),
        ]
    );
    assert!(rows[4][5..].iter().all(String::is_empty), "{:?}", rows[4]);
    // Spend to date and forecast (F5:G10) take only amounts, shown in pounds,
    // and say so as they are chosen: the whole number, not 1.2m.
    let sheet = part(&blank, "xl/worksheets/sheet3.xml");
    assert!(
        sheet.contains(r#"<dataValidation type="decimal""#) && sheet.contains(r#"sqref="F5:G10""#),
        "{sheet}"
    );
    assert!(
        sheet.contains(
            r#"prompt="Type the whole amount in pounds, such as 1250000 or £1,250,000, not 1.2m."#
        ),
        "{sheet}"
    );
    assert!(sheet.contains("<sheetProtection"), "the sheet is protected");
    assert!(part(&blank, "xl/styles.xml").contains("£#,##0;-£#,##0"));
}

#[test]
fn a_filled_in_template_is_a_budget_return_with_and_without_the_register() {
    let (w, dir) = council();
    let blank = template(&dir, "2026-10");
    let filled = w.path().join("filled/Adults-and-Health-2026-10.xlsx");
    let unexplained = w.path().join("unexplained/Adults-and-Health-2026-10.xlsx");
    std::fs::create_dir_all(filled.parent().unwrap()).unwrap();
    std::fs::create_dir_all(unexplained.parent().unwrap()).unwrap();
    if !fill(&blank, &filled, true) || !fill(&blank, &unexplained, false) {
        return;
    }
    // In the council's folder (its register) and in an empty one (the
    // budget rows the template carries): good figures give no budget finding;
    // the control, Home care's variance unexplained, gives DQ085 at its cell.
    let elsewhere = common::temp_dir();
    for cwd in [dir.as_path(), elsewhere.path()] {
        assert_eq!(budget_findings(&check(cwd, &filled)), []);
        assert_eq!(
            budget_findings(&check(cwd, &unexplained)),
            [("DQ085".to_string(), "H5".to_string(), "AH-B01".to_string())]
        );
    }
    // An amount the cell's check refuses but ipr reads (`£12.8m`, pasted in)
    // is read as the number is: the same one finding, no DQ081.
    let text = w.path().join("text/Adults-and-Health-2026-10.xlsx");
    std::fs::create_dir_all(text.parent().unwrap()).unwrap();
    assert!(fill_as(&blank, &text, "text"));
    assert_eq!(
        budget_findings(&check(&dir, &text)),
        [("DQ085".to_string(), "H5".to_string(), "AH-B01".to_string())]
    );
    // Untouched, the Finance sheet gives no lines (the figures may come in
    // a return of their own); one line touched, the others' blank forecasts
    // are missing at their cells.
    assert_eq!(budget_findings(&check(&dir, &blank)), []);
    let one = w.path().join("one/Adults-and-Health-2026-10.xlsx");
    std::fs::create_dir_all(one.parent().unwrap()).unwrap();
    assert!(fill_as(&blank, &one, "one"));
    let missing: Vec<String> = budget_findings(&check(&dir, &one))
        .into_iter()
        .map(|(r, c, _)| format!("{r} {c}"))
        .collect();
    assert_eq!(
        missing,
        ["DQ082 G6", "DQ082 G7", "DQ082 G8", "DQ082 G9", "DQ082 G10"]
    );
    // Consolidated, the figures typed are the lines' figures.
    let returns = dir.join("returns/2026-27");
    std::fs::copy(&filled, returns.join("Adults-and-Health-2026-10.xlsx")).unwrap();
    let out = ipr(&dir)
        .args(["consolidate", "--period", "2026-10", "--out", "out"])
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
    let json = common::read_json(&dir.join("out/IPR-2026-10.json"));
    let line = |r: &str| -> Value {
        json["budgets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["ref"] == r)
            .cloned()
            .unwrap()
    };
    let home = line("AH-B01");
    assert_eq!(home["forecast"], 12_800_000.0);
    assert_eq!(home["spend_to_date"], 7_233_333.0);
    assert_eq!(home["rag"], "amber");
    assert_eq!(
        home["commentary"],
        "More hours of home care since the summer"
    );
    let fees = line("AH-B04");
    assert_eq!(
        (fees["variance"].as_f64(), fees["rag"].as_str()),
        (Some(-50_000.0), Some("green"))
    );
    let findings = budget_findings(&json);
    assert!(
        !findings.iter().any(|(_, _, r)| r.starts_with("AH-")),
        "{findings:?}"
    );
    // Another directorate's lines, with no return, are still missing.
    assert!(findings.contains(&("DQ082".into(), String::new(), "RES-B01".into())));
}

#[test]
fn a_filled_in_template_resaved_by_libreoffice_reads_the_same() {
    let (w, dir) = council();
    let blank = template(&dir, "2026-10");
    let filled = w.path().join("filled/Adults-and-Health-2026-10.xlsx");
    let unexplained = w.path().join("unexplained/Adults-and-Health-2026-10.xlsx");
    std::fs::create_dir_all(filled.parent().unwrap()).unwrap();
    std::fs::create_dir_all(unexplained.parent().unwrap()).unwrap();
    if !fill(&blank, &filled, true) || !fill(&blank, &unexplained, false) {
        return;
    }
    if common::require(common::Tool::Soffice).is_none() {
        return;
    }
    let saved = w.path().join("saved");
    let saved_control = w.path().join("saved-control");
    common::soffice_convert(&[&filled], "xlsx", &saved);
    common::soffice_convert(&[&unexplained], "xlsx", &saved_control);
    let name = "Adults-and-Health-2026-10.xlsx";
    for cwd in [dir.as_path(), w.path()] {
        assert_eq!(budget_findings(&check(cwd, &saved.join(name))), []);
        assert_eq!(
            budget_findings(&check(cwd, &saved_control.join(name))),
            [("DQ085".to_string(), "H5".to_string(), "AH-B01".to_string())]
        );
    }
}

#[test]
fn a_month_outside_the_budgets_year_reports_no_budget_and_says_so_once() {
    let (w, dir) = council();
    // The template for a month of 2025/26 has no Finance sheet.
    let blank = template(&dir, "2025-10");
    let wb: Xlsx<_> = open_workbook(&blank).unwrap();
    let names = wb.sheet_names();
    assert!(
        !names.iter().any(|n| n == "Finance" || n == "ipr_budget"),
        "{names:?}"
    );
    // September 2025: one DQ088 at the budget, no DQ082 per line, no budget.
    let out = ipr(&dir)
        .args(["consolidate", "--period", "2025-09", "--out", "out"])
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("The budget (sheet 'Budgets') is for 2026/27, but this report is for September 2025, in 2025/26: no budget line is checked or reported for September 2025."),
        "{}",
        stdout(&out)
    );
    let json = common::read_json(&dir.join("out/IPR-2025-09.json"));
    let found = budget_findings(&json);
    assert_eq!(found, [("DQ088".into(), String::new(), String::new())]);
    assert_eq!(json["budgets"], Value::Null);
    assert_eq!(json["summary"]["finance"], Value::Null);
    // September 2026, in its year, is reported as before (the control).
    let out = ipr(&dir)
        .args(["consolidate", "--period", "2026-09", "--out", "out26"])
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
    let json = common::read_json(&dir.join("out26/IPR-2026-09.json"));
    assert_eq!(json["budgets"].as_array().map(Vec::len), Some(30));
    assert!(!budget_findings(&json).iter().any(|(r, _, _)| r == "DQ088"));

    // `ipr check` on a budget return dated a month of 2025/26: one DQ088.
    let Some(python) = common::require(common::Tool::Openpyxl) else {
        return;
    };
    let from = dir.join("returns/2026-27/Budget-Resources-2026-09.xlsx");
    let to = w.path().join("Budget-Resources-2025-09.xlsx");
    let redate = "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nwb['Budget']['B2'] = 'Sep 2025'\nwb.save(sys.argv[2])";
    let run = std::process::Command::new(python)
        .args(["-c", redate])
        .arg(&from)
        .arg(&to)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let found = budget_findings(&check(&dir, &to));
    assert_eq!(found, [("DQ088".into(), String::new(), String::new())]);
    assert_eq!(budget_findings(&check(&dir, &from)), []);
}
