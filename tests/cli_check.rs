//! End-to-end tests of `ipr check`: the real binary on the bundled samples.
//! Every expected value comes from the hand-worked tables in `samples/README.md`.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

#[test]
fn check_on_the_clean_resources_return_exits_0_with_no_error() {
    let cwd = temp_dir();
    let out = ipr(cwd.path())
        .arg("check")
        .arg(sample_return("Resources-2026-09.xlsx"))
        .arg("--config")
        .arg(config())
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout:\n{text}\nstderr:\n{}",
        stderr(&out)
    );
    assert!(
        !text.contains("ERROR"),
        "the clean return printed an error:\n{text}"
    );
}

#[test]
fn check_on_adults_and_health_exits_1_and_names_every_planted_cell() {
    let cwd = temp_dir();
    let file = "Adults-and-Health-2026-09.xlsx";
    let out = ipr(cwd.path())
        .arg("check")
        .arg(sample_return(file))
        .arg("--config")
        .arg(config())
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout:\n{text}\nstderr:\n{}",
        stderr(&out)
    );
    let planted: Vec<_> = planted_for_check()
        .into_iter()
        .filter(|p| p.file.ends_with(&format!("/{file}")))
        .collect();
    // README rows 1, 5, 6 and 8 are in this return (row 15 needs August's return).
    assert_eq!(planted.len(), 4);
    for p in planted {
        let want = format!("sheet '{}', cell {}", p.sheet, p.cell.unwrap());
        assert!(
            text.lines()
                .any(|l| l.contains(file) && l.contains(&want) && l.contains(p.rule.id())),
            "README row {} ({} {}): no line names {file}, {want}:\n{text}",
            p.no,
            p.rule,
            p.indicator
        );
    }
}

fn check_json_over_all_returns() -> Value {
    let cwd = temp_dir();
    let out = ipr(cwd.path())
        .arg("check")
        .arg(returns_dir())
        .arg("--config")
        .arg(config())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("ipr check --format json prints JSON")
}

#[test]
fn check_json_findings_are_exactly_the_planted_set() {
    let json = check_json_over_all_returns();
    let findings = json["findings"].as_array().expect("findings is a list");
    let mut problems = Vec::new();
    let planted = planted_for_check();
    for p in &planted {
        let found = finding_for(findings, p);
        if found.len() != 1 {
            problems.push(format!(
                "row {} {} {}: {} findings",
                p.no,
                p.rule,
                p.indicator,
                found.len()
            ));
            continue;
        }
        let f = found[0];
        let file = f["file"].as_str().unwrap_or_default();
        if !file.ends_with(p.file) {
            problems.push(format!("row {}: file {file}, want {}", p.no, p.file));
        }
        if f["severity"] != p.severity {
            problems.push(format!("row {}: severity {}", p.no, f["severity"]));
        }
        if f["explained"] != p.explained {
            problems.push(format!("row {}: explained {}", p.no, f["explained"]));
        }
    }
    // Row 11: CF-06 "n/a" and not required gives nothing.
    if findings.iter().any(|f| f["indicator"] == "CF-06") {
        problems.push("CF-06 (n/a, not required) has a finding".into());
    }
    if findings.len() != planted.len() {
        problems.push(format!(
            "{} findings, want {}: {:#}",
            findings.len(),
            planted.len(),
            json["findings"]
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // 11 errors on indicators, 10 on actions and 7 on the budget; 8
    // warnings, of which the HC-06 one and CF-B04's virement are explained.
    // Every earlier return is clean on its own.
    let s = &json["summary"];
    assert_eq!(s["files"], RETURN_COUNT);
    assert_eq!(s["errors"], 28);
    assert_eq!(s["warnings"], 6, "warnings not explained");
    assert_eq!(s["explained"], 2);
}

#[test]
fn check_json_planted_findings_give_the_readme_sheet_and_cell() {
    let json = check_json_over_all_returns();
    let findings = json["findings"].as_array().expect("findings is a list");
    let mut problems = Vec::new();
    for p in planted_for_check() {
        for f in finding_for(findings, p) {
            if f["sheet"] != p.sheet {
                problems.push(format!(
                    "row {} {} {}: sheet {}, README says '{}'",
                    p.no, p.rule, p.indicator, f["sheet"], p.sheet
                ));
            }
            let want = p.cell.map_or(Value::Null, Value::from);
            if f["cell"] != want {
                problems.push(format!(
                    "row {} {} {}: cell {}, README says {want}",
                    p.no, p.rule, p.indicator, f["cell"]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ------------------------------------------------- ipr's own outputs checked

/// `ipr check --config samples/ipr.toml FILES...`: exit code and standard output.
fn check_files(files: &[&Path]) -> (Option<i32>, String) {
    let cwd = temp_dir();
    let out = ipr(cwd.path())
        .arg("check")
        .args(files)
        .arg("--config")
        .arg(config())
        .output()
        .unwrap();
    (out.status.code(), stdout(&out))
}

#[test]
fn check_on_an_ipr_report_says_it_is_a_report_never_no_errors() {
    let (dir, _) = consolidated();
    let report = dir.path().join("IPR-2026-09.xlsx");
    let (code, text) = check_files(&[&report]);
    assert_eq!(code, Some(0), "a warning only:\n{text}");
    assert!(text.contains("DQ008"), "{text}");
    assert!(
        !text.contains("No errors"),
        "the last line says a report can be submitted:\n{text}"
    );
    let last = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
    let said = format!("{} is an ipr report, not a return", report.display());
    assert!(
        text.contains(&said),
        "the summary does not say it is a report:\n{text}"
    );
    assert!(
        last.contains("returns the directorates filled in"),
        "{text}"
    );

    // A remedial-action form is named as one.
    let forms = dir.path().join("remedial");
    let form = std::fs::read_dir(&forms)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .expect("a form");
    let (_, text) = check_files(&[&form]);
    assert!(
        text.contains("is a remedial-action form ipr made, not a return"),
        "{text}"
    );
    assert!(!text.contains("No errors"), "{text}");

    // Beside a clean return: the return can be submitted, the report was not checked.
    let clean = sample_return("Resources-2026-09.xlsx");
    let (code, text) = check_files(&[&clean, &report]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("2 files checked: 0 errors, 1 warning to look at")
            && text.contains(
                "No errors in the returns: they can be submitted. 1 file is ipr's own output, not a return, and was not checked."
            ),
        "{text}"
    );
}
