//! The sample council's budget (SPEC section 16, scripts/sample_budget.py):
//! the planted problems of samples/README.md rows 33-42, copied here by hand,
//! each at its cell; the three budget exceptions and their recovery plans;
//! `ipr check` on a return; and an `ipr init` folder that runs it all.

mod common;

use calamine::{open_workbook, Reader, Xlsx};
use common::{ipr, stderr, stdout};
use serde_json::Value;

/// README rows 33-42: (rule, file, cell, Ref).
const PLANTED: &[(&str, &str, &str, &str)] = &[
    (
        "DQ080",
        "Budget-Economy-and-Place-2026-09.xlsx",
        "A11",
        "EP-B99",
    ),
    (
        "DQ081",
        "Budget-Economy-and-Place-2026-09.xlsx",
        "E10",
        "EP-B06",
    ),
    (
        "DQ082",
        "Budget-Children-and-Families-2026-09.xlsx",
        "E6",
        "CF-B02",
    ),
    ("DQ082", "", "", "HC-B04"),
    (
        "DQ083",
        "Budget-Children-and-Families-2026-09.xlsx",
        "C8",
        "CF-B04",
    ),
    (
        "DQ084",
        "Budget-Adults-and-Health-2026-09.xlsx",
        "D7",
        "AH-B03",
    ),
    (
        "DQ085",
        "Budget-Economy-and-Place-2026-09.xlsx",
        "F8",
        "EP-B04",
    ),
    (
        "DQ086",
        "Budget-Children-and-Families-2026-09.xlsx",
        "A7",
        "CF-B03",
    ),
    (
        "DQ086",
        "Budget-Children-and-Families-2026-09.xlsx",
        "A11",
        "CF-B03",
    ),
    (
        "DQ087",
        "Budget-Adults-and-Health-2026-09.xlsx",
        "A11",
        "RES-B01",
    ),
];

fn budget_findings(json: &Value) -> Vec<(String, String, String, String)> {
    let mut found: Vec<(String, String, String, String)> = json["findings"]
        .as_array()
        .expect("findings[]")
        .iter()
        .filter(|f| f["kind"] == "budget")
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            let file = s("file")
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or("")
                .to_string();
            // DQ082 without a row names no cell, and so no file to point at.
            let file = if s("cell").is_empty() {
                String::new()
            } else {
                file
            };
            (s("rule"), file, s("cell"), s("indicator"))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn the_samples_planted_budget_problems_are_each_found_at_their_cell() {
    let out = common::temp_dir();
    let run = common::consolidate_samples(out.path());
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let json = common::read_json(&out.path().join("IPR-2026-09.json"));
    let mut want: Vec<(String, String, String, String)> = PLANTED
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    want.sort();
    assert_eq!(budget_findings(&json), want);
    // Without August's report beside it, the two exceptions that are red.
    let exceptions: Vec<&str> = json["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "budget")
        .map(|e| e["ref"].as_str().unwrap())
        .collect();
    assert_eq!(exceptions, ["AH-B01", "HC-B02"]);
    let by = |r: &str| {
        json["budgets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["ref"] == r)
            .unwrap_or_else(|| panic!("{r}"))
            .clone()
    };
    assert_eq!(by("RES-B02")["note"], "underspend");
    assert_eq!(by("EP-B03")["note"], "income above budget");
    assert_eq!(by("EP-B02")["rag"], "amber");
    for r in ["CF-B02", "CF-B03", "EP-B06", "HC-B04"] {
        assert_eq!(by(r)["rag"], "missing", "{r}");
    }
    assert_eq!(
        json["summary"]["finance"]["lines"],
        serde_json::json!({"green": 20, "amber": 4, "red": 2, "missing": 4})
    );
    for r in ["AH-B01", "HC-B02"] {
        assert!(out
            .path()
            .join(format!("remedial/2026-09-{r}.xlsx"))
            .is_file());
    }
    let wb: Xlsx<_> = open_workbook(out.path().join("IPR-2026-09.xlsx")).unwrap();
    assert!(wb.sheet_names().iter().any(|n| n == "Finance"));
    assert!(
        stdout(&run)
            .contains("Finance: 30 budget lines: 20 green, 4 amber, 2 red, 4 with no forecast."),
        "{}",
        stdout(&run)
    );
}

#[test]
fn check_on_a_budget_return_gives_its_findings_and_resources_is_clean() {
    let cwd = common::temp_dir();
    let check = |name: &str| {
        let out = ipr(cwd.path())
            .args(["check", "--format", "json", "--config"])
            .arg(common::config())
            .arg(common::sample_return(&format!("2026-27/{name}")))
            .output()
            .expect("ipr runs");
        let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        (out.status.code(), json)
    };
    let (code, json) = check("Budget-Economy-and-Place-2026-09.xlsx");
    assert_eq!(code, Some(1));
    let rules: Vec<String> = budget_findings(&json)
        .into_iter()
        .map(|(r, _, c, _)| format!("{r} {c}"))
        .collect();
    assert_eq!(rules, ["DQ080 A11", "DQ081 E10", "DQ085 F8"]);
    let (code, json) = check("Budget-Resources-2026-09.xlsx");
    assert_eq!(json["findings"], serde_json::json!([]), "{json}");
    assert_eq!(code, Some(0));
}

#[test]
fn an_init_folder_consolidates_the_budget_with_last_months_report() {
    let w = common::temp_dir();
    let dir = w.path().join("council");
    let out = ipr(w.path()).arg("init").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for month in ["2026-08", "2026-09"] {
        let out = ipr(&dir)
            .args(["consolidate", "--period", month])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    }
    // With August's report beside it, Parking income is amber a second month
    // with its shortfall grown: a third budget exception, with its form.
    let json = common::read_json(&dir.join("output/IPR-2026-09.json"));
    let exceptions: Vec<(&str, &str)> = json["exceptions"]
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
        exceptions,
        [
            ("AH-B01", "overspend"),
            ("EP-B02", "income-shortfall"),
            ("HC-B02", "capital-variance")
        ]
    );
    assert!(dir.join("output/remedial/2026-09-EP-B02.xlsx").is_file());
    let ep = json["budgets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["ref"] == "EP-B02")
        .unwrap();
    assert_eq!(ep["movement"], serde_json::json!(-40_000.0));
}
