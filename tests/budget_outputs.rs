//! Budget monitoring from the command line (SPEC section 16): a council with
//! a budget on its register's Budgets sheet and two months of Resources
//! returns written by openpyxl (tests/fixtures/make_budget.py, `council/`),
//! consolidated by the real binary: the JSON's `budgets[]`, `summary.finance`,
//! budget exceptions and findings; the console's finance lines; a recovery
//! plan per budget exception, filled in and read back with `--actions`; and
//! the workbook's Finance sheet read back cell by cell, with its formats.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A copy of the fixture council in a folder of its own.
fn council() -> Option<tempfile::TempDir> {
    let src = common::fixtures("make_budget.py")?.join("council");
    let dir = common::temp_dir();
    copy_tree(&src, dir.path());
    Some(dir)
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// `ipr consolidate` for `month` into `<dir>/out`, with more arguments;
/// gives the console. Adults and Health send no return: exit 1.
fn consolidate(dir: &Path, month: &str, more: &[&str]) -> String {
    let out = common::ipr(dir)
        .args(["consolidate", "--period", month, "--out", "out"])
        .args(more)
        .arg(format!("returns/{month}"))
        .output()
        .expect("ipr runs");
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    common::stdout(&out)
}

/// August then September; gives September's JSON and console.
fn two_months(dir: &Path) -> (Value, String) {
    consolidate(dir, "2026-08", &[]);
    let console = consolidate(dir, "2026-09", &[]);
    (
        common::read_json(&dir.join("out/IPR-2026-09.json")),
        console,
    )
}

fn line<'a>(json: &'a Value, reference: &str) -> &'a Value {
    json["budgets"]
        .as_array()
        .expect("budgets[]")
        .iter()
        .find(|b| b["ref"] == reference)
        .unwrap_or_else(|| panic!("no budget line {reference}"))
}

#[test]
fn the_json_gives_every_line_the_totals_the_exceptions_and_the_findings() {
    let Some(dir) = council() else { return };
    let (json, _) = two_months(dir.path());
    let budgets = json["budgets"].as_array().expect("budgets[]");
    assert_eq!(budgets.len(), 5, "every line of the budget");
    for key in [
        "ref",
        "service",
        "directorate",
        "type",
        "budget",
        "spend_to_date",
        "forecast",
        "variance",
        "adverse",
        "tolerance",
        "rag",
        "note",
        "movement",
        "exception",
        "reasons",
        "since_previous_report",
        "commentary",
        "source",
    ] {
        assert!(
            line(&json, "CC100").get(key).is_some(),
            "budgets[] has no {key}"
        );
    }
    // CC100: £1,000,000 at 2% (£20,000); amber in August at £1,030,000, red now
    // at £1,060,000: an exception that was not one last month.
    let cc100 = line(&json, "CC100");
    assert_eq!(
        (&cc100["budget"], &cc100["forecast"], &cc100["variance"]),
        (&json!(1_000_000.0), &json!(1_060_000.0), &json!(60_000.0))
    );
    assert_eq!(
        (&cc100["tolerance"], &cc100["rag"]),
        (&json!(20_000.0), &json!("red"))
    );
    assert_eq!(cc100["spend_to_date"], json!(410_000.5), "to the penny");
    assert_eq!(cc100["movement"], json!(30_000.0));
    assert_eq!(cc100["since_previous_report"], "new");
    assert_eq!(cc100["reasons"], json!(["overspend"]));
    assert_eq!(cc100["source"]["cell"], "I6");
    // IN-1: income of £500,000 at 2.5% (£12,500): amber in August (£13,000
    // short) and amber now with the shortfall grown (£15,000): an exception.
    let in1 = line(&json, "IN-1");
    assert_eq!(
        (&in1["rag"], &in1["exception"]),
        (&json!("amber"), &json!(true))
    );
    assert_eq!(in1["adverse"], json!(15_000.0));
    assert_eq!(in1["reasons"], json!(["income-shortfall"]));
    assert_eq!(in1["movement"], json!(-2_000.0));
    // CAP-1: red in both months, £500,000 slipped now against £100,000.
    let cap1 = line(&json, "CAP-1");
    assert_eq!(cap1["since_previous_report"], "worse");
    assert_eq!(cap1["reasons"], json!(["capital-variance"]));
    // No forecast: missing, its budget standing in the totals.
    assert_eq!(line(&json, "CC101")["rag"], "missing");

    let finance = &json["summary"]["finance"];
    assert_eq!(
        finance["lines"],
        json!({"green": 0, "amber": 1, "red": 2, "missing": 2})
    );
    assert_eq!(finance["exceptions"], 3);
    let council: Vec<(&str, f64, f64, f64)> = finance["totals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["directorate"].is_null())
        .map(|t| {
            (
                t["type"].as_str().unwrap(),
                t["budget"].as_f64().unwrap(),
                t["forecast"].as_f64().unwrap(),
                t["variance"].as_f64().unwrap(),
            )
        })
        .collect();
    // Expenditure: CC100 £1,060,000, CC101 and AH-1 at their budgets
    // (£1,250,000.50 and £3,000,000): exactly, pence and all.
    assert_eq!(
        council,
        [
            ("expenditure", 5_250_000.5, 5_310_000.5, 60_000.0),
            ("income", 500_000.0, 485_000.0, -15_000.0),
            ("capital", 2_400_000.0, 1_900_000.0, -500_000.0),
        ]
    );

    let budget_exceptions: Vec<(&str, &str)> = json["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "budget")
        .map(|e| {
            (
                e["ref"].as_str().unwrap(),
                e["reasons"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        budget_exceptions,
        [
            ("CC100", "overspend"),
            ("IN-1", "income-shortfall"),
            ("CAP-1", "capital-variance")
        ]
    );
    let mut rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "budget")
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    rules.sort();
    assert_eq!(
        rules,
        ["DQ080", "DQ082", "DQ082", "DQ084", "DQ085", "DQ085", "DQ087"]
    );
}

#[test]
fn the_console_gives_the_finance_line_and_each_recovery_plan() {
    let Some(dir) = council() else { return };
    let (_, console) = two_months(dir.path());
    assert!(
        console.contains("Finance: 5 budget lines: 1 amber, 2 red, 2 with no forecast."),
        "{console}"
    );
    assert!(
        console.contains(
            "Expenditure: budget £5,250,001, forecast £5,310,001, variance £60,000 \
             (2 lines with no forecast counted at their budget)."
        ),
        "{console}"
    );
    assert!(console.contains("3 budget exceptions needing a recovery plan:"));
    assert!(
        console.contains(
            "IN-1 Parking fees (Resources): income shortfall, forecast to receive \
             £15,000 less than budgeted; recovery plan outstanding"
        ),
        "{console}"
    );
}

/// The cell of the recovery plan's `field` ("field:action").
fn form_metadata(path: &Path) -> Vec<(String, String)> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("the form opens");
    let meta = wb.worksheet_range("ipr_metadata").expect("ipr_metadata");
    meta.rows()
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect()
}

fn fill_form(src: &Path, dst: &Path, pairs: &[&str]) {
    let out = Command::new("python3")
        .arg(common::root().join("tests/fixtures/loop_fill.py"))
        .arg("form")
        .arg(src)
        .arg(dst)
        .args(pairs)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_recovery_plan_per_budget_exception_is_written_and_read_back() {
    let Some(dir) = council() else { return };
    two_months(dir.path());
    let remedial = dir.path().join("out/remedial");
    let form = remedial.join("2026-09-IN-1.xlsx");
    let meta = form_metadata(&form);
    let get = |k: &str| {
        meta.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("subject"), Some("budget"));
    assert_eq!(get("code"), Some("IN-1"));
    assert_eq!(get("directorate"), Some("Resources"));
    // The facts a budget holder needs, in words.
    let mut wb: Xlsx<_> = open_workbook(&form).unwrap();
    let sheet = wb.worksheet_range(get("sheet").unwrap()).unwrap();
    let facts: Vec<(String, String)> = sheet
        .rows()
        .map(|r| {
            (
                r[0].to_string(),
                r.get(1).map(Data::to_string).unwrap_or_default(),
            )
        })
        .collect();
    let fact = |label: &str| {
        facts
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no {label} on the form: {facts:?}"))
    };
    assert_eq!(fact("Approved budget"), "£500,000");
    assert_eq!(fact("Income to date"), "£520,000");
    assert_eq!(fact("Forecast outturn"), "£485,000");
    assert_eq!(
        fact("Variance"),
        "-£15,000 (-3.0% of the budget): receive £15,000 less than budgeted"
    );
    assert_eq!(fact("Tolerance"), "£12,500");
    assert_eq!(fact("RAG"), "Amber");
    // Every exception has its plan, and nothing else has one.
    let mut names: Vec<String> = std::fs::read_dir(&remedial)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("2026-09"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "2026-09-CAP-1.xlsx",
            "2026-09-CC100.xlsx",
            "2026-09-IN-1.xlsx"
        ]
    );

    // The budget holder fills it in; it comes back with --actions.
    let back = dir.path().join("back");
    std::fs::create_dir_all(&back).unwrap();
    fill_form(
        &form,
        &back.join("2026-09-IN-1.xlsx"),
        &[
            "reason=Fewer cars since the car park closed for repair",
            "action=Reopen level 2 in November",
            "lead_officer=Head of Parking",
            "status=Open",
        ],
    );
    let console = consolidate(dir.path(), "2026-09", &["--actions", "back"]);
    assert!(
        console.contains("IN-1 Parking fees (Resources): income shortfall, forecast to receive £15,000 less than budgeted; recovery plan open (2026-09-IN-1.xlsx)"),
        "{console}"
    );
    assert!(
        console.contains("Recovery plans back for 1 of 3 budget exceptions."),
        "{console}"
    );
    let json = common::read_json(&dir.path().join("out/IPR-2026-09.json"));
    let in1 = json["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "budget" && e["ref"] == "IN-1")
        .expect("IN-1 is an exception");
    assert_eq!(in1["action"]["action"], "Reopen level 2 in November");
    assert_eq!(in1["action"]["lead_officer"], "Head of Parking");
    let cc100 = json["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["ref"] == "CC100")
        .unwrap();
    assert_eq!(cc100["action"], Value::Null, "outstanding");
    // An indicator's forms are not taken for the line, nor the line's for one.
    assert!(json["remedial_actions"]
        .as_array()
        .is_none_or(|a| a.iter().all(|r| r["code"] != "IN-1")));
}

fn workbook(dir: &Path) -> PathBuf {
    dir.join("out/IPR-2026-09.xlsx")
}

#[test]
fn the_finance_sheet_lists_the_lines_with_subtotals_and_money_formats() {
    let Some(dir) = council() else { return };
    two_months(dir.path());
    let path = workbook(dir.path());
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    let at = |n: &str| names.iter().position(|s| s == n).unwrap();
    assert!(at("Exceptions") < at("Finance") && at("Finance") < at("Data Quality"));
    let ws = wb.worksheet_range("Finance").unwrap();
    let cell = |r: u32, c: u32| ws.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    let s = |t: &str| Data::String(t.into());
    let f = Data::Float;
    assert_eq!(cell(0, 0), s("Finance: September 2026 (2026-09)"));
    assert_eq!(
        cell(2, 0),
        s("2 lines have no usable forecast and are counted at their budget (variance £0) in the totals.")
    );
    let header: Vec<String> = (0..15).map(|c| cell(4, c).to_string()).collect();
    assert_eq!(
        header[..12],
        [
            "Ref",
            "Service",
            "Directorate",
            "Type",
            "Holder",
            "Budget",
            "Spend to date",
            "Forecast outturn",
            "Variance",
            "Variance %",
            "RAG",
            "Movement since last month"
        ]
    );
    // Resources' expenditure, its subtotal, then its income and capital.
    let column: Vec<String> = (5..17).map(|r| cell(r, 0).to_string()).collect();
    assert_eq!(
        column,
        [
            "CC100",
            "CC101",
            "Subtotal: Resources, expenditure",
            "IN-1",
            "Subtotal: Resources, income",
            "CAP-1",
            "Subtotal: Resources, capital",
            "AH-1",
            "Subtotal: Adults and Health, expenditure",
            "",
            "Council total: expenditure",
            "Council total: income",
        ]
    );
    // CC100: the cells hold pounds and pence; the variance as a fraction.
    assert_eq!(
        (5..10).map(|c| cell(5, c)).collect::<Vec<_>>(),
        [
            f(1_000_000.0),
            f(410_000.5),
            f(1_060_000.0),
            f(60_000.0),
            f(0.06)
        ]
    );
    assert_eq!(cell(5, 10), s("Red"));
    assert_eq!(cell(5, 11), f(30_000.0));
    assert_eq!(cell(5, 12), s("Overspend (new); recovery plan outstanding"));
    assert_eq!(cell(5, 13), s("Demand for agency staff"));
    assert_eq!(cell(5, 14), s("Return!I6"));
    assert_eq!(cell(6, 10), s("No forecast"));
    assert_eq!(cell(6, 7), Data::Empty, "no forecast, no figure");
    // The subtotal counts CC101 at its budget: £2,250,000.50 both ways.
    assert_eq!(
        (cell(7, 5), cell(7, 7), cell(7, 8)),
        (f(2_250_000.5), f(2_250_000.5 + 60_000.0), f(60_000.0))
    );
    assert_eq!(cell(7, 13), s("1 line at its budget"));
    assert_eq!(cell(15, 7), f(5_310_000.5));
    assert_eq!(cell(17, 0), s("Council total: capital"));
    assert_eq!(cell(17, 8), f(-500_000.0));

    let styles = wb.worksheet_style("Finance").unwrap();
    let format = |r: u32, c: u32| {
        styles
            .get((r, c))
            .and_then(|st| st.number_format.as_ref())
            .map(|n| n.format_code.clone())
    };
    let money = Some("£#,##0;-£#,##0".to_string());
    assert_eq!(format(5, 5), money);
    assert_eq!(format(9, 8), money, "a negative variance as -£15,000");
    assert_eq!(format(17, 8), money);
    assert_eq!(format(5, 9), Some("0.0%".to_string()));
    let red = styles.get((5, 10)).unwrap();
    let fill = red.fill.as_ref().and_then(|f| f.get_color()).unwrap();
    assert_eq!((fill.red, fill.green, fill.blue), (0xFF, 0xC7, 0xCE));
    // The Summary's finance line, under the changes since last month.
    let summary = wb.worksheet_range("Summary").unwrap();
    let row = summary
        .rows()
        .find(|r| {
            r.first()
                .is_some_and(|c| *c == Data::String("Finance".into()))
        })
        .expect("a Finance row on the Summary");
    let line = row[1].to_string();
    for words in [
        "5 budget lines: 1 amber, 2 red, 2 with no forecast.",
        "Capital: budget £2,400,000, forecast £1,900,000, variance -£500,000.",
        "3 budget lines need a recovery plan (listed below).",
    ] {
        assert!(line.contains(words), "{words} not in {line}");
    }
    // Each budget exception a line of the exception list: Ref, service,
    // reason in words, adverse variance in pounds, and its recovery plan.
    let rows: Vec<_> = summary.rows().collect();
    let head = rows
        .iter()
        .position(|r| r.get(2) == Some(&Data::String("Service".into())))
        .expect("the budget exceptions' headings");
    assert_eq!(rows[head][7], s("Adverse variance"));
    let listed: Vec<(String, String, String)> = rows[head + 1..head + 4]
        .iter()
        .map(|r| (r[1].to_string(), r[2].to_string(), r[10].to_string()))
        .collect();
    assert_eq!(
        listed,
        [
            ("CC100", "Libraries", "Overspend"),
            ("IN-1", "Parking fees", "Income shortfall"),
            ("CAP-1", "Depot rebuild", "Capital variance"),
        ]
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    );
    for r in &rows[head + 1..head + 4] {
        assert!(matches!(r[7], Data::Float(v) if v > 0.0), "{r:?}");
        assert_eq!(r[13], s("No form returned"));
    }
    let capital = (head + 1..head + 4)
        .find(|i| rows[*i][1] == s("CAP-1"))
        .unwrap();
    assert_eq!(
        rows[capital][7],
        f(500_000.0),
        "capital slippage as adverse"
    );
    let summary_styles = wb.worksheet_style("Summary").unwrap();
    let code = summary_styles
        .get((capital as u32, 7))
        .and_then(|st| st.number_format.as_ref())
        .map(|n| n.format_code.clone());
    assert_eq!(code, money);
}

#[test]
fn without_a_budget_the_workbook_has_no_finance_sheet() {
    let Some(dir) = council() else { return };
    // The same register without its Budgets sheet.
    let script = "import openpyxl,sys\nwb=openpyxl.load_workbook(sys.argv[1])\n\
                  del wb['Budgets']\nwb.save(sys.argv[1])\n";
    let status = Command::new("python3")
        .args(["-c", script])
        .arg(dir.path().join("register.xlsx"))
        .status()
        .expect("python3 runs");
    assert!(status.success());
    let console = consolidate(dir.path(), "2026-09", &[]);
    assert!(!console.contains("Finance"), "{console}");
    let mut wb: Xlsx<_> = open_workbook(workbook(dir.path())).unwrap();
    assert!(!wb.sheet_names().iter().any(|n| n == "Finance"));
    let summary = wb.worksheet_range("Summary").unwrap();
    assert!(!summary.rows().any(|r| r
        .first()
        .is_some_and(|c| *c == Data::String("Finance".into()))));
    let json = common::read_json(&dir.path().join("out/IPR-2026-09.json"));
    assert!(json.get("budgets").is_none());
    assert!(json["summary"].get("finance").is_none());
    // The budget table is read as nothing at all: no finding on its cells.
    assert!(json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["kind"] != "budget"));
}

#[test]
fn returns_saved_again_by_libreoffice_give_the_same_budget_and_the_sheet_prints() {
    let Some(dir) = council() else { return };
    if common::require(common::Tool::Soffice).is_none() {
        return;
    }
    let (openpyxl, _) = two_months(dir.path());
    // September's return as LibreOffice saves it, in place of openpyxl's.
    let month = dir.path().join("returns/2026-09");
    let original = month.join("Resources-2026-09.xlsx");
    let saved = dir.path().join("saved");
    std::fs::create_dir_all(&saved).unwrap();
    common::soffice_convert(&[&original], "ods", &saved);
    std::fs::remove_file(&original).unwrap();
    std::fs::copy(
        saved.join("Resources-2026-09.ods"),
        month.join("Resources-2026-09.ods"),
    )
    .unwrap();
    consolidate(dir.path(), "2026-09", &[]);
    let json = common::read_json(&dir.path().join("out/IPR-2026-09.json"));
    for r in ["CC100", "CC101", "IN-1", "CAP-1", "AH-1"] {
        let (a, b) = (line(&openpyxl, r), line(&json, r));
        for key in [
            "forecast",
            "variance",
            "rag",
            "exception",
            "movement",
            "spend_to_date",
        ] {
            assert_eq!(a[key], b[key], "{r} {key}");
        }
    }
    assert_eq!(json["summary"]["finance"], openpyxl["summary"]["finance"]);
    // The Finance sheet prints on A4 with its commentary.
    if common::require(common::Tool::Pdftotext).is_none() {
        return;
    }
    let pdf = dir.path().join("pdf");
    common::soffice_convert(&[&workbook(dir.path())], "pdf", &pdf);
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf.join("IPR-2026-09.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    let finance = text
        .split('\u{c}')
        .find(|page| page.contains("Finance: September 2026"))
        .expect("a page of the Finance sheet");
    for words in [
        "Council total: capital",
        "-£500,000",
        "Demand for agency",
        "£1,060,000",
    ] {
        assert!(finance.contains(words), "{words} not printed:\n{finance}");
    }
}

#[test]
fn the_page_has_a_finance_section_with_each_exception_and_its_recovery_plan() {
    let Some(dir) = council() else { return };
    two_months(dir.path());
    let html = std::fs::read_to_string(dir.path().join("out/IPR-2026-09.html")).unwrap();
    let at = html
        .find("<section id=\"finance\"")
        .expect("a finance section");
    let finance = &html[at..];
    let finance = &finance[..finance.find("</section>").unwrap()];
    assert!(finance.contains("5 budget lines: 1 amber, 2 red, 2 with no forecast."));
    // The council's totals of each Type, never added together.
    for row in [
        "<strong>Council, expenditure</strong></th><td class=\"num\">£5,250,001</td><td class=\"num\">£5,310,001</td><td class=\"num\">£60,000</td>",
        "<strong>Council, capital</strong></th><td class=\"num\">£2,400,000</td><td class=\"num\">£1,900,000</td><td class=\"num\">-£500,000</td>",
    ] {
        assert!(finance.contains(row), "{row} not in {finance}");
    }
    assert_eq!(
        finance
            .matches("<article class=\"exception budget\"")
            .count(),
        3
    );
    assert!(finance.contains("Income shortfall: forecast to receive £15,000 less than budgeted."));
    assert_eq!(
        finance
            .matches("Outstanding: no completed recovery plan has come back.")
            .count(),
        3
    );
    // Without a budget the page has no such section (see the test above for
    // the workbook and JSON).
    assert!(!html[..at].contains("Finance"));
}
