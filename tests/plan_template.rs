//! Action plans in the files ipr writes for directorates and reads back
//! (SPEC section 13): the template's Actions sheet filled in by openpyxl and
//! checked without the register, and a tracker described by a `[[source]]`
//! with `kind = "actions"`, on the council of `make_plan_month.py`.

mod common;

use ipr::model::Rule;
use std::path::Path;

/// A copy of the council of `make_plan_month.py` in a folder of its own.
fn council() -> Option<tempfile::TempDir> {
    let src = common::fixtures("make_plan_month.py")?;
    let dir = common::temp_dir();
    copy_tree(src, dir.path());
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

/// (rule, cell, Ref) of every action finding in a JSON list of findings.
fn action_findings(findings: &serde_json::Value) -> Vec<(Rule, String, String)> {
    findings
        .as_array()
        .expect("a list of findings")
        .iter()
        .filter(|f| f["kind"] == "action")
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (
                Rule::from_id(&s("rule")).expect("a rule id"),
                s("cell"),
                s("indicator"),
            )
        })
        .collect()
}

fn check_json(dir: &Path, file: &Path) -> serde_json::Value {
    let out = common::ipr(dir)
        .args(["check", "--format", "json"])
        .arg(file)
        .output()
        .expect("ipr runs");
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// Fills the Resources template for October as an officer would (openpyxl):
/// the figures, the missing % complete, a revised date and commentary for
/// the overdue action, commentary for the red one, and one status that is
/// none of the words (CP-5, cell D9).
const FILL: &str = r#"
import datetime, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ret = wb["Return"]
for row, v in [(7, 96), (8, 7.5), (9, 85)]:
    ret.cell(row, 4, v)
acts = wb["Actions"]
by_ref = {acts.cell(r, 1).value: r for r in range(5, acts.max_row + 1)}
acts.cell(by_ref["CP-6"], 5, 60)
acts.cell(by_ref["CP-3"], 6, datetime.date(2026, 11, 30))
acts.cell(by_ref["CP-3"], 8, "Strategy goes to Cabinet in November")
acts.cell(by_ref["CP-4"], 8, "Supplier recovering")
acts.cell(by_ref["CP-5"], 4, "Nearly there")
# CP-11 had no row in September, so nothing was filled in for it.
acts.cell(by_ref["CP-11"], 4, "In progress")
acts.cell(by_ref["CP-11"], 5, 60)
wb.save(sys.argv[2])
"#;

#[test]
fn a_template_with_the_plan_filled_in_is_read_back_without_the_register() {
    let Some(dir) = council() else { return };
    let Some(python) = common::require(common::Tool::Openpyxl) else {
        return;
    };
    let out = common::ipr(dir.path())
        .args([
            "template",
            "--period",
            "2026-10",
            "--history",
            "returns/2026-09",
            "--out",
            "tpl",
        ])
        .output()
        .expect("ipr runs");
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let blank = dir.path().join("tpl/Resources-2026-10.xlsx");
    // The Actions sheet: open actions only (CP-8 and CP-9 were complete in
    // September), last month's answers filled in, dates shown as dates.
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&blank).expect("opens");
    use calamine::Reader;
    assert_eq!(
        wb.sheet_names()[..3],
        [
            "Return".to_string(),
            "Actions".into(),
            "Instructions".into()
        ]
    );
    let acts = wb.worksheet_range("Actions").expect("an Actions sheet");
    let rows = common::rows_text(&acts);
    let refs: Vec<&str> = rows.iter().skip(4).map(|r| r[0].as_str()).collect();
    assert_eq!(
        refs,
        ["CP-1", "CP-2", "CP-3", "CP-4", "CP-5", "CP-6", "CP-7", "CP-10", "CP-11", "CP-12"]
    );
    assert_eq!(
        rows[3][..5],
        ["Ref", "Action", "Due", "Status", "% Complete"]
    );
    assert_eq!(rows[5][3], "In progress", "CP-2's status last month");
    assert_eq!(rows[5][4], "50");
    assert!(
        matches!(acts.get_value((5, 5)), Some(calamine::Data::DateTime(_))),
        "CP-2's revised date is a date cell"
    );

    let filled_dir = common::temp_dir();
    let filled = filled_dir.path().join("Resources-2026-10.xlsx");
    let run = std::process::Command::new(python)
        .args(["-c", FILL])
        .arg(&blank)
        .arg(&filled)
        .output()
        .expect("python runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // Checked in an empty folder: no ipr.toml, no register, only the file.
    let json = check_json(filled_dir.path(), &filled);
    let found = action_findings(&json["findings"]);
    assert_eq!(
        found,
        [(Rule::DQ062, "D9".to_string(), "CP-5".to_string())],
        "{json}"
    );
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(1), "{json}");
    // And with the register, the same.
    let json = check_json(dir.path(), &filled);
    assert_eq!(action_findings(&json["findings"]), found);
}

#[test]
fn a_tracker_described_by_a_source_of_kind_actions() {
    let Some(dir) = council() else { return };
    let mapped = dir.path().join("mapped");
    let json = check_json(&mapped, &mapped.join("DFD tracker.xlsx"));
    let found = action_findings(&json["findings"]);
    // TR-1 is read from the columns the [[source]] names (no DQ068 for it);
    // TR-9 is not in the plan.
    assert_eq!(found, [(Rule::DQ060, "B6".to_string(), "TR-9".to_string())]);
}
