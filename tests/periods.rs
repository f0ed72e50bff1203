//! Returns that hold many periods (issue 11, SPEC sections 3 and 4): every
//! period is checked, the right column is the period, a tracker's own period,
//! the same file twice, a lock file, a template in an `ipr init` folder, and a
//! file of another system's codes. Files are written by openpyxl
//! (tests/fixtures/make_periods.py); the cells below are copied by hand from
//! its docstring, not from the tool.

mod common;

use ipr::model::Rule;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> Option<&'static Path> {
    common::fixtures("make_periods.py")
}

/// `ipr check --format json` on `files` (and `extra` arguments): (exit code, JSON).
fn check(dir: &Path, files: &[PathBuf], extra: &[&str]) -> (i32, Value) {
    let cwd = common::temp_dir();
    let out = common::ipr(cwd.path())
        .arg("check")
        .arg("--register")
        .arg(dir.join("register.xlsx"))
        .args(["--format", "json"])
        .args(files)
        .args(extra)
        .output()
        .expect("ipr runs");
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("JSON ({e}): {}", common::stdout(&out)));
    (out.status.code().unwrap_or(-1), json)
}

fn files_in(dir: &Path, folder: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join(folder))
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .collect();
    v.sort();
    v
}

/// The findings under `rule`, as (cell, period, earlier_period).
fn at(json: &Value, rule: &str) -> Vec<(String, String, bool)> {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            (
                f["cell"].as_str().unwrap_or("").to_string(),
                f["period"].as_str().unwrap_or("").to_string(),
                f["earlier_period"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

fn messages(json: &Value, rule: &str) -> Vec<String> {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .collect()
}

fn own(cell: &str, period: &str, earlier: bool) -> (String, String, bool) {
    (cell.to_string(), period.to_string(), earlier)
}

#[test]
fn a_long_tracker_of_21_quarters_is_checked_in_every_quarter() {
    let Some(dir) = fixtures() else { return };
    let (code, json) = check(dir, &files_in(dir, "long-tracker"), &[]);
    assert_eq!(code, 1, "{json:#}");
    // The accuracy error and the outlier are in early quarters, each with its own period.
    assert_eq!(at(&json, Rule::DQ040.id()), [own("C7", "2022/23-Q2", true)]);
    assert_eq!(
        at(&json, Rule::DQ041.id()),
        [own("C31", "2023/24-Q1", true)]
    );
    assert!(at(&json, Rule::DQ015.id()).is_empty(), "{json:#}");
}

#[test]
fn blank_required_values_in_earlier_years_are_found() {
    let Some(dir) = fixtures() else { return };
    let (code, json) = check(dir, &files_in(dir, "multi-year"), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        at(&json, Rule::DQ002.id()),
        [own("C4", "2024-06", true), own("C9", "2024-11", true)]
    );
}

#[test]
fn the_period_column_wins_over_time_columns_of_minus_one() {
    let Some(dir) = fixtures() else { return };
    let (code, json) = check(dir, &files_in(dir, "upload"), &[]);
    assert_eq!(code, 1);
    assert!(at(&json, Rule::DQ015.id()).is_empty(), "{json:#}");
    assert!(at(&json, Rule::DQ017.id()).is_empty(), "{json:#}");
    // Read by its Period column, the table's other findings are found.
    // The return is for 2026-07, its latest row: the quarter ending in June is earlier.
    assert_eq!(at(&json, Rule::DQ040.id()), [own("F2", "2026/27-Q1", true)]);
    assert_eq!(at(&json, Rule::DQ030.id()), [own("F5", "2026-07", false)]);
}

#[test]
fn several_time_columns_without_a_period_column_are_a_finding() {
    let Some(dir) = fixtures() else { return };
    let tmp = common::temp_dir();
    let python = common::require(common::Tool::Openpyxl).expect("checked by fixtures()");
    let file = tmp.path().join("Adults and Wellbeing times.xlsx");
    let script = format!(
        "import openpyxl\nwb = openpyxl.Workbook()\nws = wb.active\nws.append(['Code', 'Month', 'Quarter', 'Value'])\nws.append(['AW-03', 'Jul-26', 'Q2 2026/27', 510])\nwb.save(r'{}')\n",
        file.display()
    );
    let ok = std::process::Command::new(python)
        .args(["-c", &script])
        .status()
        .expect("python runs");
    assert!(ok.success());
    let (code, json) = check(dir, &[file], &[]);
    assert_eq!(code, 1);
    assert_eq!(at(&json, Rule::DQ017.id()), [own("C1", "", false)]);
    assert!(messages(&json, Rule::DQ017.id())[0].contains("period column"));
}

#[test]
fn a_wide_tracker_named_with_a_year_range_is_for_its_latest_filled_column() {
    let Some(dir) = fixtures() else { return };
    let out = common::temp_dir();
    let cwd = common::temp_dir();
    let run = common::ipr(cwd.path())
        .arg("consolidate")
        .arg("--register")
        .arg(dir.join("register.xlsx"))
        .args(["--period", "2025-09", "--out"])
        .arg(out.path())
        .arg(dir.join("wide"))
        .output()
        .expect("ipr runs");
    let text = common::stdout(&run);
    // Exit code as before: 1 when any error is listed, whatever its period.
    assert_eq!(run.status.code(), Some(1), "{text}");
    let json = common::read_json(&out.path().join("IPR-2025-09.json"));
    assert!(at(&json, Rule::DQ003.id()).is_empty(), "{json:#}");
    assert!(at(&json, Rule::DQ050.id()).is_empty(), "{json:#}");
    // The cumulative figure falls in August, a month before the one reported:
    // listed, and marked as an earlier period's.
    assert_eq!(at(&json, Rule::DQ031.id()), [own("S2", "2025-08", true)]);
    // Counted apart from the month's.
    let summary = &json["summary"];
    assert_eq!(summary["dq_earlier_periods"], 1, "{summary:#}");
    let month_errors = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error" && f["earlier_period"] != true)
        .count();
    assert_eq!(summary["dq_errors"], month_errors, "{summary:#}");
    assert!(
        text.contains("Earlier periods: 1 finding on periods before 2025-09"),
        "{text}"
    );
    // September's figures are assessed: the return is September's.
    let aw03 = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "AW-03")
        .expect("AW-03");
    assert_eq!(aw03["actual"], 517.0);
}

#[test]
fn history_in_other_files_is_seen_by_check() {
    let Some(dir) = fixtures() else { return };
    let latest = files_in(dir, "latest");
    let (_, alone) = check(dir, &latest, &[]);
    assert!(at(&alone, Rule::DQ041.id()).is_empty(), "{alone:#}");
    let history = dir.join("history");
    let history = history.to_str().expect("a UTF-8 path");
    let (code, json) = check(dir, &latest, &["--history", history]);
    assert_eq!(code, 1);
    assert_eq!(
        at(&json, Rule::DQ041.id()),
        [own("B2", "2026/27-Q1", false)]
    );
    // Only the return checked is reported, not the history's own findings.
    let files: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert!(files.iter().all(|f| f.contains("Q1 2026-27")), "{files:?}");
}

#[test]
fn the_same_file_twice_is_read_once_and_a_lock_file_is_named() {
    let Some(dir) = fixtures() else { return };
    let tmp = common::temp_dir();
    let original = files_in(dir, "upload").remove(0);
    let a = tmp.path().join("Adults and Wellbeing upload.xlsx");
    let b = tmp.path().join("Copy of Adults and Wellbeing upload.xlsx");
    std::fs::copy(&original, &a).unwrap();
    std::fs::copy(&original, &b).unwrap();
    let (_, once) = check(dir, std::slice::from_ref(&a), &[]);
    let (code, twice) = check(dir, &[a.clone(), b.clone()], &[]);
    assert_eq!(code, 1);
    let dup = messages(&twice, Rule::DQ033.id());
    assert_eq!(dup.len(), 1, "{twice:#}");
    assert!(dup[0].contains("Copy of Adults and Wellbeing upload.xlsx"));
    assert!(dup[0].contains(&a.display().to_string()));
    // Read once: the same findings as the file alone, plus the warning.
    assert_eq!(
        twice["findings"].as_array().unwrap().len(),
        once["findings"].as_array().unwrap().len() + 1
    );
    assert_eq!(
        twice["summary"]["warnings"],
        once["summary"]["warnings"].as_u64().unwrap() + 1
    );

    let lock = tmp.path().join("~$Adults and Wellbeing upload.xlsx");
    std::fs::write(&lock, b"\x0bSam Ortiz").unwrap();
    let cwd = common::temp_dir();
    let out = common::ipr(cwd.path())
        .arg("check")
        .arg("--register")
        .arg(dir.join("register.xlsx"))
        .arg(&lock)
        .output()
        .expect("ipr runs");
    let text = common::stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("This is Excel's lock file: the workbook is open in Excel; save and close it, then check the workbook itself."),
        "{text}"
    );
    assert!(!text.contains("No errors"), "{text}");
    let (code, json) = check(dir, &[lock], &[]);
    assert_eq!(code, 1);
    assert_eq!(messages(&json, Rule::DQ005.id()).len(), 1, "{json:#}");
}

#[test]
fn a_file_of_another_systems_codes_is_one_finding() {
    let Some(dir) = fixtures() else { return };
    let (code, json) = check(dir, &files_in(dir, "unknown"), &[]);
    assert_eq!(code, 1);
    let found = messages(&json, Rule::DQ020.id());
    assert_eq!(found.len(), 1, "{json:#}");
    assert!(
        found[0].starts_with("This looks like another organisation's or system's file: 30 of 31 codes are not in the register (E06000001, E06000002,"),
        "{}",
        found[0]
    );
    assert!(found[0].contains("E06000020, and 10 more"), "{}", found[0]);
    assert!(!found[0].contains("E06000021"), "{}", found[0]);
    assert_eq!(at(&json, Rule::DQ020.id()), [own("A2", "", false)]);
}

/// Issue 21, item 8: "another system's file" counts different codes, not
/// rows. One unknown code on ten rows of a Fingertips upload is ten findings,
/// each at its cell (SPEC section 4); twelve codes of another system, each on
/// three rows, are one finding naming each code once.
#[test]
fn another_systems_file_counts_codes_not_rows() {
    let Some(dir) = fixtures() else { return };
    let (code, json) = check(dir, &files_in(dir, "fingertips"), &[]);
    assert_eq!(code, 1);
    let cells: Vec<(String, String, bool)> =
        (2..=11).map(|r| own(&format!("A{r}"), "", false)).collect();
    assert_eq!(at(&json, Rule::DQ020.id()), cells, "{json:#}");
    for m in messages(&json, Rule::DQ020.id()) {
        assert_eq!(m, "The code '90288' is not in the register.");
    }

    let (code, json) = check(dir, &files_in(dir, "unknown-repeated"), &[]);
    assert_eq!(code, 1);
    let found = messages(&json, Rule::DQ020.id());
    assert_eq!(found.len(), 1, "{json:#}");
    let codes: Vec<String> = (1..=12).map(|i| format!("E0800{i:04}")).collect();
    assert_eq!(
        found[0],
        format!(
            "This looks like another organisation's or system's file: 12 of 12 codes are not in the register ({}).",
            codes.join(", ")
        )
    );
}

#[test]
fn the_housing_template_in_an_init_folder_is_read_as_a_template() {
    let Some(python) = common::require(common::Tool::Openpyxl) else {
        return;
    };
    let tmp = common::temp_dir();
    let folder = tmp.path().join("council");
    let run = |args: &[&str]| {
        let out = common::ipr(&folder).args(args).output().expect("ipr runs");
        (
            out.status.code(),
            common::stdout(&out) + &common::stderr(&out),
        )
    };
    let init = common::ipr(tmp.path())
        .arg("init")
        .arg(&folder)
        .output()
        .expect("ipr runs");
    assert!(init.status.success(), "{}", common::stderr(&init));
    // The init folder's ipr.toml maps "Housing*.xlsx" to a sheet 'Data'.
    let toml = std::fs::read_to_string(folder.join("ipr.toml")).unwrap();
    assert!(toml.contains("files = \"Housing*.xlsx\""), "{toml}");
    let (code, text) = run(&["template", "--period", "2026-10"]);
    assert_eq!(code, Some(0), "{text}");
    let filled = folder.join("Housing-filled.xlsx");
    let ok = std::process::Command::new(python)
        .arg(common::root().join("tests/fixtures/loop_fill.py"))
        .arg("return")
        .arg(folder.join("Housing-and-Communities-2026-10.xlsx"))
        .arg(&filled)
        .args([
            "HC-02=430",
            "HC-03=200",
            "HC-04=61",
            "HC-05=27",
            "HC-07=600000",
        ])
        .status()
        .expect("python runs");
    assert!(ok.success());
    let (_, text) = run(&["check", "--format", "json", "Housing-filled.xlsx"]);
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    // Read as the template it is: its own sheet and cells, not the mapping's.
    assert!(messages(&json, Rule::DQ007.id()).is_empty(), "{json:#}");
    assert!(
        !text.contains("expects sheet 'Data'"),
        "the mapping was used: {text}"
    );
    assert_eq!(at(&json, Rule::DQ011.id()), [own("D8", "2026-10", false)]);
    assert_eq!(json["summary"]["coverage"][0]["returned"], 4, "{json:#}");
}

/// Every finding as (rule, cell, period, earlier period), sorted, for comparing runs.
fn all_findings(json: &Value) -> Vec<(String, String, String, bool)> {
    let mut v: Vec<_> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (
                s("rule"),
                s("cell"),
                s("period"),
                f["earlier_period"] == true,
            )
        })
        .collect();
    v.sort();
    v
}

/// The fixtures of `folder` saved again by LibreOffice, under the same names, in
/// a folder of `into` named as the original.
fn resaved(dir: &Path, folder: &str, into: &Path) -> PathBuf {
    let out = into.join(folder);
    std::fs::create_dir_all(&out).expect("scratch folder");
    let files = files_in(dir, folder);
    let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    // LibreOffice would write an .xlsx over its own input if given the same
    // folder; a folder of its own keeps the openpyxl file as it was.
    common::soffice_convert(&files, "xlsx", &out);
    out
}

#[test]
fn trackers_saved_again_by_libreoffice_give_the_same_findings() {
    let Some(dir) = fixtures() else { return };
    let Some(_) = common::require(common::Tool::Soffice) else {
        return;
    };
    let tmp = common::temp_dir();
    for folder in ["long-tracker", "multi-year", "upload"] {
        let (code, by_openpyxl) = check(dir, &files_in(dir, folder), &[]);
        let again = resaved(dir, folder, tmp.path());
        let files = files_in(&again, "");
        assert!(!files.is_empty(), "LibreOffice wrote nothing for {folder}");
        let (code_lo, by_libreoffice) = check(dir, &files, &[]);
        let (a, b) = (all_findings(&by_openpyxl), all_findings(&by_libreoffice));
        assert!(
            !a.is_empty(),
            "{folder}: the openpyxl file has findings to compare"
        );
        assert_eq!(a, b, "{folder}: LibreOffice's copy is read differently");
        assert_eq!(code, code_lo, "{folder}");
    }
    // The wide tracker named with a year range keeps its name, and its own period.
    let again = resaved(dir, "wide", tmp.path());
    let out = common::temp_dir();
    let run = common::ipr(tmp.path())
        .arg("consolidate")
        .arg("--register")
        .arg(dir.join("register.xlsx"))
        .args(["--period", "2025-09", "--out"])
        .arg(out.path())
        .arg(&again)
        .output()
        .expect("ipr runs");
    assert_eq!(run.status.code(), Some(1), "{}", common::stdout(&run));
    let json = common::read_json(&out.path().join("IPR-2025-09.json"));
    assert_eq!(at(&json, Rule::DQ031.id()), [own("S2", "2025-08", true)]);
    assert!(at(&json, Rule::DQ003.id()).is_empty(), "{json:#}");
    let aw03 = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "AW-03")
        .expect("AW-03");
    assert_eq!(aw03["actual"], 517.0);
}
