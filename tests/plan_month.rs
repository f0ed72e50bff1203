//! Action plans through a month's run (SPEC section 13): the returns read
//! with their action tables, the plan assessed, its findings and its link to
//! the indicators, on files written by openpyxl (tests/fixtures/make_plans.py).

mod common;

use ipr::config::Settings;
use ipr::model::Register;
use ipr::model::{ActionRag, ActionReason, Consolidation, Rule};
use ipr::register::{load_register, RegisterOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn fixtures() -> Option<&'static Path> {
    common::fixtures("make_plans.py")
}

/// The register of `dir` with the plan on its Actions sheet.
fn register_with_plan(dir: &Path) -> Register {
    let file = dir.join("register.xlsx");
    let settings = Settings::default();
    let mut reg = load_register(&file, "register.xlsx", &RegisterOptions::default())
        .unwrap_or_else(|e| panic!("the fixture register should load: {e}"));
    let plan = ipr::workspace::load_action_plan(&file, None, &reg, &settings)
        .unwrap_or_else(|e| panic!("the fixture plan should load: {e}"));
    reg.plan = plan.map(Arc::new);
    reg
}

fn consolidate(reg: &Register, files: &[PathBuf]) -> Consolidation {
    let settings = Settings::default();
    let month = settings.calendar.parse_id("2026-09").expect("a month");
    ipr::pipeline::consolidate(reg, files, &settings, month)
}

#[test]
fn the_consolidation_carries_the_assessed_actions_their_findings_and_links() {
    let Some(dir) = fixtures() else { return };
    let reg = register_with_plan(dir);
    let c = consolidate(&reg, &[dir.join("cp-tracker.xlsx")]);
    // The action table beside the indicator table, on the same header row,
    // is not read as indicators: no refused table, no unknown codes.
    for f in &c.findings {
        assert!(
            ![Rule::DQ017, Rule::DQ020, Rule::DQ007].contains(&f.rule),
            "{f:?}"
        );
    }
    let res01 = c.indicators.iter().find(|r| r.code == "RES-01").unwrap();
    assert_eq!(res01.actual, Some(93.5));

    let plan = c.actions.as_ref().expect("a plan was given");
    let by = |r: &str| plan.results.iter().find(|a| a.reference == r).unwrap();
    let cp1 = by("CP-1");
    assert_eq!(cp1.percent_complete, Some(85.0), "85% typed in a 0% cell");
    assert_eq!(
        cp1.source.as_ref().map(|s| (s.sheet.to_string(), s.cell())),
        Some(("Return".to_string(), "H6".to_string()))
    );
    assert_eq!(by("CP-1.1").rag, ActionRag::Complete);
    let cp2 = by("CP-2");
    assert_eq!(cp2.slippage_days, 90, "31 Dec 2026 moved to 31 Mar 2027");
    assert_eq!(cp2.revisions, 1);
    assert!(cp2.exception);
    assert!(cp2.reasons.contains(&ActionReason::Slipped));
    // Adults and Health sent nothing: its action is listed, not assessed, DQ068.
    let ac = by("AC-R5");
    assert_eq!((ac.rag, ac.exception), (ActionRag::NotAssessed, false));
    let dq068: Vec<_> = c
        .findings
        .iter()
        .filter(|f| f.rule == Rule::DQ068)
        .collect();
    assert_eq!(dq068.len(), 1, "{dq068:?}");
    assert_eq!(dq068[0].indicator.as_deref(), Some("AC-R5"));
    // Resources gave every action of its own: no DQ068 for them.
    assert_eq!(plan.updates_used.len(), 3);
    // Each indicator lists its linked actions, each action its indicators' RAG.
    let links = plan.for_indicator("RES-01").expect("RES-01 assessed");
    assert_eq!(links.actions, ["CP-1", "CP-2"]);
    assert_eq!(cp1.indicators[0].code, "RES-01");
    assert_eq!(cp1.indicators[0].rag, Some(res01.rag));
    // Action findings are not counted against an indicator of the same name.
    assert!(c
        .findings
        .iter()
        .any(|f| f.rule.kind() == ipr::model::rules::Kind::Action));
}

#[test]
fn without_a_plan_action_tables_are_left_alone() {
    let Some(dir) = fixtures() else { return };
    let mut reg = register_with_plan(dir);
    reg.plan = None;
    let c = consolidate(&reg, &[dir.join("cp-tracker.xlsx")]);
    assert!(c.actions.is_none());
    assert!(!c
        .findings
        .iter()
        .any(|f| f.rule.kind() == ipr::model::rules::Kind::Action));
}

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

/// The rules of September's Resources return, each at its cell, as `ipr
/// check` and `consolidate` both give them.
const RESOURCES_SEPTEMBER: &[(Rule, &str, &str)] = &[
    (Rule::DQ060, "G18", "CP-99"),
    (Rule::DQ062, "I10", "CP-5"),
    (Rule::DQ063, "J11", "CP-6"),
    (Rule::DQ064, "K12", "CP-7"),
    (Rule::DQ065, "J13", "CP-8"),
    (Rule::DQ066, "L14", "CP-9"),
    (Rule::DQ067, "G15", "CP-10"),
    (Rule::DQ067, "G16", "CP-10"),
    (Rule::DQ068, "", "CP-11"),
    (Rule::DQ069, "M8", "CP-3"),
    (Rule::DQ070, "K8", "CP-3"),
    (Rule::DQ072, "N9", "CP-4"),
];

fn check_json(dir: &Path, file: &Path) -> serde_json::Value {
    let out = common::ipr(dir)
        .args(["check", "--format", "json"])
        .arg(file)
        .output()
        .expect("ipr runs");
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn assert_resources_rules(found: &[(Rule, String, String)], what: &str) {
    let mut found: Vec<(Rule, &str, &str)> = found
        .iter()
        .map(|(r, c, i)| (*r, c.as_str(), i.as_str()))
        .collect();
    found.sort();
    let mut want = RESOURCES_SEPTEMBER.to_vec();
    want.sort();
    assert_eq!(found, want, "{what}");
}

#[test]
fn check_gives_each_action_rule_at_its_cell_and_leaves_the_controls_alone() {
    let Some(dir) = council() else { return };
    let file = dir.path().join("returns/2026-09/Resources-2026-09.xlsx");
    let json = check_json(dir.path(), &file);
    // CP-1 (green, commentary, owner green) and CP-2 (slipped, explained)
    // raise nothing; DQ071 needs a previous report, which check has not.
    assert_resources_rules(&action_findings(&json["findings"]), "ipr check");
    // Adults' return: its row for Resources' CP-1 is DQ061; AC-R5.1,
    // completed on the last day of the period, is not DQ066.
    let adults = dir.path().join("returns/2026-09/Adults-2026-09.xlsx");
    let json = check_json(dir.path(), &adults);
    let found = action_findings(&json["findings"]);
    assert_eq!(found, [(Rule::DQ061, "B6".to_string(), "CP-1".to_string())]);
    assert_eq!(json["findings"][0]["sheet"], "Actions");
}

#[test]
fn a_return_of_actions_only_from_a_directorate_only_in_the_plan_is_a_good_return() {
    let Some(dir) = council() else { return };
    let file = dir
        .path()
        .join("returns/2026-09/Transformation-2026-09.xlsx");
    let out = common::ipr(dir.path())
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .expect("ipr runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["findings"], serde_json::json!([]), "{json}");
    assert_eq!(out.status.code(), Some(0));
}

/// Consolidates August then September into `<dir>/out`, giving
/// September's JSON and console.
fn two_months(dir: &Path) -> (serde_json::Value, String) {
    for month in ["2026-08", "2026-09"] {
        let out = common::ipr(dir)
            .args(["consolidate", "--period", month, "--out", "out"])
            .arg(format!("returns/{month}"))
            .output()
            .expect("ipr runs");
        assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
        if month == "2026-09" {
            let json = common::read_json(&dir.join("out/IPR-2026-09.json"));
            return (json, common::stdout(&out));
        }
    }
    unreachable!()
}

#[test]
fn two_months_revisions_dates_moved_progress_backwards_and_the_json() {
    let Some(dir) = council() else { return };
    let (json, console) = two_months(dir.path());
    let mut want: Vec<(Rule, &str, &str)> = RESOURCES_SEPTEMBER.to_vec();
    // Only consolidate knows August: CP-12 went from 70% to 50%.
    want.push((Rule::DQ071, "J17", "CP-12"));
    want.push((Rule::DQ061, "B6", "CP-1"));
    want.sort();
    let found = action_findings(&json["findings"]);
    let mut found: Vec<(Rule, &str, &str)> = found
        .iter()
        .map(|(r, c, i)| (*r, c.as_str(), i.as_str()))
        .collect();
    found.sort();
    assert_eq!(found, want);

    let actions = json["actions"].as_array().expect("actions[]");
    assert_eq!(actions.len(), 15, "every action of the plan is listed");
    let by = |r: &str| actions.iter().find(|a| a["ref"] == r).expect(r);
    for key in [
        "ref",
        "plan",
        "parent",
        "title",
        "directorate",
        "lead",
        "status",
        "percent_complete",
        "start",
        "due",
        "due_current",
        "slippage_days",
        "revisions",
        "pace",
        "rag",
        "owner_rag",
        "exception",
        "reasons",
        "indicators",
        "since_previous_report",
        "commentary",
        "source",
    ] {
        assert!(by("CP-2").get(key).is_some(), "actions[] has no {key}");
    }
    let cp2 = by("CP-2");
    assert_eq!(
        (&cp2["due"], &cp2["due_current"], &cp2["slippage_days"]),
        (&"2026-12-31".into(), &"2027-03-31".into(), &90.into())
    );
    assert_eq!(cp2["revisions"], 1);
    assert_eq!(
        cp2["since_previous_report"], "new",
        "new comes before date-moved"
    );
    assert_eq!(cp2["status"], "in progress");
    assert_eq!(cp2["indicators"][0]["code"], "RES-02");
    assert_eq!(cp2["indicators"][0]["rag"], "red");
    assert_eq!(by("AC-R5.1")["since_previous_report"], "completed");
    assert_eq!(by("AC-R5.1")["parent"], "AC-R5");
    assert_eq!(by("CP-3")["rag"], "overdue");
    assert_eq!(by("CP-3")["reasons"], serde_json::json!(["overdue"]));
    assert_eq!(by("CP-4")["reasons"], serde_json::json!(["off-track"]));
    assert_eq!(by("CP-11")["rag"], "not-assessed", "no update: listed");
    assert_eq!(by("TR-1")["rag"], "green");
    assert_eq!(by("CP-1")["source"]["cell"], "G6");

    let s = &json["summary"]["actions"];
    assert_eq!(
        (
            &s["actions"],
            &s["complete"],
            &s["overdue"],
            &s["red"],
            &s["exceptions"]
        ),
        (&15.into(), &3.into(), &1.into(), &1.into(), &3.into())
    );
    let kinds: Vec<(String, String)> = json["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    let kinds: Vec<(&str, &str)> = kinds
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("indicator", "RES-02"),
            ("indicator", "RES-03"),
            ("indicator", "ASC-01"),
            ("action", "CP-2"),
            ("action", "CP-3"),
            ("action", "CP-4"),
        ]
    );
    let used: Vec<&str> = json["action_updates_used"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["ref"].as_str().unwrap())
        .collect();
    assert!(
        used.contains(&"CP-12") && !used.contains(&"CP-10"),
        "{used:?}"
    );

    // Actions and indicators together.
    let ind = |c: &str| {
        json["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == c)
            .expect(c)
            .clone()
    };
    assert_eq!(ind("RES-02")["actions"], serde_json::json!(["CP-2"]));
    assert_eq!(ind("RES-02")["actions_mismatch"], true, "CP-2 is green");
    assert_eq!(ind("ASC-01")["actions_mismatch"], true);
    assert_eq!(ind("RES-03")["actions_mismatch"], false);
    assert_eq!(ind("RES-03")["actions_note"], "no action in the plan");
    assert_eq!(ind("RES-01")["actions_mismatch"], false, "not an exception");

    assert!(
        console.contains("Actions since August: 3 completed, 2 new exceptions."),
        "{console}"
    );
    assert!(console.contains("3 action exceptions needing a remedial-action report:"));
    assert!(console.contains("  CP-3 Refresh the workforce strategy (Resources): overdue"));
    assert!(
        console.contains("Action plan data quality: 10 errors, 4 warnings to look at"),
        "{console}"
    );
}

#[test]
fn the_rules_at_the_same_cells_when_libreoffice_saves_the_return() {
    let Some(dir) = council() else { return };
    if common::require(common::Tool::Soffice).is_none() {
        return;
    }
    let file = dir.path().join("returns/2026-09/Resources-2026-09.xlsx");
    for ext in ["ods", "xlsx"] {
        let out = dir.path().join(format!("lo-{ext}"));
        std::fs::create_dir_all(&out).unwrap();
        common::soffice_convert(&[file.as_path()], ext, &out);
        let saved = out.join(format!("Resources-2026-09.{ext}"));
        let json = check_json(dir.path(), &saved);
        assert_resources_rules(&action_findings(&json["findings"]), ext);
    }
}

#[test]
fn a_bad_plan_stops_the_run_with_every_bad_row_and_writes_nothing() {
    let (Some(dir), Some(plans)) = (council(), fixtures()) else {
        return;
    };
    let bad = plans.join("plan-bad.xlsx");
    std::fs::write(
        dir.path().join("ipr.toml"),
        format!(
            "register = \"register.xlsx\"\naction_plan = {:?}\n",
            bad.display().to_string()
        ),
    )
    .unwrap();
    let out = common::ipr(dir.path())
        .args([
            "consolidate",
            "--period",
            "2026-09",
            "--out",
            "out",
            "returns/2026-09",
        ])
        .output()
        .expect("ipr runs");
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(err.contains("has 5 problems; nothing was checked"), "{err}");
    for cell in ["G4", "B5", "H6", "E7", "F8"] {
        assert!(err.contains(&format!("cell {cell}:")), "{cell}: {err}");
    }
    assert!(!dir.path().join("out").exists(), "nothing written");
}

/// Answers a remedial-action form (openpyxl), at the cells its hidden
/// metadata names.
const ANSWER: &str = r#"
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
meta = {r[0]: r[1] for r in wb["ipr_metadata"].iter_rows(values_only=True)}
ws = wb[meta["sheet"]]
ws[meta["field:reason"]] = "The occupational health contract was let late"
ws[meta["field:action"]] = "New provider from November"
ws[meta["field:status"]] = "Open"
wb.save(sys.argv[1])
"#;

#[test]
fn an_action_form_is_written_answered_and_shown_beside_its_exception() {
    let Some(dir) = council() else { return };
    let Some(python) = common::require(common::Tool::Openpyxl) else {
        return;
    };
    let _ = two_months(dir.path());
    let form = dir.path().join("out/remedial/2026-09-CP-2.xlsx");
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&form).expect("a form for CP-2");
    use calamine::Reader;
    let sheet = wb.sheet_names()[0].clone();
    let text = common::rows_text(&wb.worksheet_range(&sheet).unwrap());
    let fact = |label: &str| {
        text.iter()
            .find(|r| r[0] == label)
            .map(|r| r[1].clone())
            .unwrap_or_else(|| panic!("no {label} on the form: {text:?}"))
    };
    assert_eq!(fact("Ref"), "CP-2");
    assert_eq!(fact("Due (as agreed)"), "31 Dec 2026");
    assert_eq!(fact("Due now"), "31 Mar 2027");
    assert_eq!(fact("Linked indicators"), "RES-02 (Red)");
    assert_eq!(fact("RAG"), "Green", "slipped, yet on pace");
    let run = std::process::Command::new(python)
        .args(["-c", ANSWER])
        .arg(&form)
        .output()
        .expect("python runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = common::ipr(dir.path())
        .args([
            "consolidate",
            "--period",
            "2026-09",
            "--out",
            "out",
            "returns/2026-09",
        ])
        .output()
        .expect("ipr runs");
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let json = common::read_json(&dir.path().join("out/IPR-2026-09.json"));
    let exc = |r: &str| {
        json["exceptions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "action" && e["ref"] == r)
            .expect(r)
            .clone()
    };
    assert_eq!(
        exc("CP-2")["action"]["reason"],
        "The occupational health contract was let late"
    );
    assert_eq!(exc("CP-2")["action"]["status"], "open");
    assert_eq!(
        exc("CP-3")["action"],
        serde_json::Value::Null,
        "outstanding"
    );
    // The indicators' forms are not taken for the actions' or the other way.
    let res02 = json["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == "RES-02")
        .unwrap();
    assert_eq!(res02["action"], serde_json::Value::Null);
}
