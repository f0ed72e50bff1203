//! Findings matched month to month (SPEC section 10, "Changes since last
//! month"): a finding is the same one when it is about the same thing
//! (rule, directorate, indicator, period), whatever the file is called.

mod common;

use common::{ipr, stderr};
use serde_json::Value;
use std::collections::HashSet;
use std::path::Path;

/// `ipr consolidate --period P` in the working folder `w` (its ipr.toml).
fn run_month(w: &Path, period: &str) -> std::process::Output {
    ipr(w)
        .args(["consolidate", "--period", period])
        .output()
        .expect("ipr runs")
}

/// What a finding in the JSON is about: rule, directorate, indicator, period.
fn about(f: &Value) -> (String, String, String, String) {
    let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
    (s("rule"), s("directorate"), s("indicator"), s("period"))
}

#[test]
fn a_return_sent_again_under_another_name_brings_no_new_findings() {
    let dir = common::temp_dir();
    let w = dir.path().join("council");
    let o = ipr(dir.path()).arg("init").arg(&w).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let returns = w.join("returns/2026-27");
    let out = w.join("output");

    // August: Resources sends its return twice, the second time as a copy.
    std::fs::copy(
        returns.join("Resources-2026-08.xlsx"),
        returns.join("Resources-2026-08 resent.xlsx"),
    )
    .unwrap();
    let aug = run_month(&w, "2026-08");
    assert!(aug.status.code().is_some_and(|c| c < 2), "{}", stderr(&aug));
    let aug_json = common::read_json(&out.join("IPR-2026-08.json"));
    let before: HashSet<_> = aug_json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(about)
        .collect();
    assert!(
        before.iter().any(|k| k.0 == "DQ033" && k.1 == "Resources"),
        "August's report names the return sent twice: {before:?}"
    );

    // September: the same two files, both under other names.
    std::fs::rename(
        returns.join("Resources-2026-08 resent.xlsx"),
        returns.join("Resources August (sent again).xlsx"),
    )
    .unwrap();
    std::fs::rename(
        returns.join("Resources-2026-08.xlsx"),
        returns.join("Resources return Aug 2026.xlsx"),
    )
    .unwrap();
    let sep = run_month(&w, "2026-09");
    assert!(sep.status.code().is_some_and(|c| c < 2), "{}", stderr(&sep));
    let sep_json = common::read_json(&out.join("IPR-2026-09.json"));
    let findings = sep_json["findings"].as_array().unwrap();
    let dq033 = findings
        .iter()
        .find(|f| f["rule"] == "DQ033")
        .expect("September's report names the return sent twice");
    assert!(dq033["file"].as_str().unwrap().contains("Aug"), "{dq033}");
    let wrongly_new: Vec<_> = findings
        .iter()
        .filter(|f| f["new"] == true && before.contains(&about(f)))
        .map(about)
        .collect();
    assert!(
        wrongly_new.is_empty(),
        "findings August had, counted new because their file was renamed: {wrongly_new:?}"
    );
    // And the counts agree: what the Summary and console say is new.
    let new = findings.iter().filter(|f| f["new"] == true).count();
    assert_eq!(
        sep_json["summary"]["new_findings"].as_u64(),
        Some(new as u64),
        "{}",
        sep_json["summary"]
    );
}
