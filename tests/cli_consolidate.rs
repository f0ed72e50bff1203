//! End-to-end tests of `ipr consolidate`: the real binary on the bundled
//! samples, its JSON, what it leaves untouched, and the invocations it refuses.
//! Every expected value comes from the hand-worked tables in `samples/README.md`.

mod common;

use common::*;
use ipr::model::Rule;
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::Duration;

fn indicator<'a>(json: &'a Value, code: &str) -> &'a Value {
    json["indicators"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["code"] == code))
        .unwrap_or_else(|| panic!("{code} is not in the indicators"))
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn consolidate_assesses_the_planted_shortfalls() {
    let (_dir, json) = consolidated();
    assert_eq!(json["period"], "2026-09");
    // code, target for the period, RAG, forecast, reasons (README, "Planted shortfalls").
    let shortfalls: [(&str, f64, &str, f64, &[&str]); 9] = [
        ("ASC-02", 9.0, "red", 12.4, &["red", "forecast"]),
        ("ASC-05", 92.0, "amber", 85.0, &["amber-twice"]),
        ("CF-01", 60.0, "red", 52.0, &["red", "forecast"]),
        ("EP-02", 90.0, "red", 90.0, &["red"]),
        ("EP-07", 1_800_000.0, "green", 3_250_000.0, &["forecast"]),
        ("HC-02", 450.0, "red", 512.0, &["red", "forecast"]),
        ("HC-03", 95.0, "amber", 95.0, &[]),
        ("HC-05", 28.0, "red", 28.0, &["red"]),
        ("RES-03", 56.2, "amber", 96.4, &[]),
    ];
    for (code, target, rag, forecast, reasons) in shortfalls {
        let i = indicator(&json, code);
        assert_eq!(i["rag"], rag, "{code}");
        assert_eq!(i["target"].as_f64(), Some(target), "{code} target");
        assert_eq!(i["forecast"].as_f64(), Some(forecast), "{code} forecast");
        assert_eq!(strings(&i["reasons"]), set(reasons), "{code} reasons");
        assert_eq!(i["exception"], !reasons.is_empty(), "{code} exception");
    }
}

#[test]
fn consolidate_gives_every_indicator_due_its_readme_rag() {
    let (_dir, json) = consolidated();
    let indicators = json["indicators"].as_array().expect("indicators is a list");
    let codes: BTreeSet<String> = indicators
        .iter()
        .filter_map(|i| i["code"].as_str().map(String::from))
        .collect();
    let expected: BTreeSet<String> = EXPECTED_RAG.iter().map(|(c, _)| c.to_string()).collect();
    // 38 due: all but the annual ASC-08 and RES-08.
    assert_eq!(codes, expected);
    assert_eq!(indicators.len(), 38);
    let wrong: Vec<String> = EXPECTED_RAG
        .iter()
        .filter(|(code, rag)| indicator(&json, code)["rag"] != *rag)
        .map(|(code, rag)| {
            format!(
                "{code}: {}, README says {rag}",
                indicator(&json, code)["rag"]
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The summary counts agree with the README's table.
    for rag in ["green", "amber", "red", "none", "missing"] {
        let n = EXPECTED_RAG.iter().filter(|(_, r)| *r == rag).count();
        assert_eq!(json["summary"][rag], n, "summary {rag}");
    }
}

#[test]
fn consolidate_lists_exactly_the_readme_exceptions() {
    let (_dir, json) = consolidated();
    let exceptions = json["exceptions"].as_array().expect("exceptions is a list");
    // The indicators' exceptions; the action plan's follow them (kind
    // "action"), then the budget's (kind "budget": README, "The budget").
    let (budget, exceptions): (Vec<&Value>, Vec<&Value>) =
        exceptions.iter().partition(|e| e["kind"] == "budget");
    let budget_refs: Vec<&str> = budget.iter().filter_map(|e| e["ref"].as_str()).collect();
    assert_eq!(budget_refs, ["AH-B01", "HC-B02"]);
    let (actions, exceptions): (Vec<&Value>, Vec<&Value>) =
        exceptions.into_iter().partition(|e| e["kind"] == "action");
    let action_refs: Vec<&str> = actions.iter().filter_map(|e| e["ref"].as_str()).collect();
    assert_eq!(action_refs, ["CP-A4", "OF-1.1", "OF-2", "CP-C1", "CP-H2"]);
    let got: BTreeSet<(String, BTreeSet<String>)> = exceptions
        .iter()
        .map(|e| {
            (
                e["code"].as_str().unwrap_or_default().to_string(),
                strings(&e["reasons"]),
            )
        })
        .collect();
    let want: BTreeSet<(String, BTreeSet<String>)> = EXCEPTIONS
        .iter()
        .map(|(c, r)| (c.to_string(), set(r)))
        .collect();
    assert_eq!(got, want);
    assert_eq!(exceptions.len(), 7);
    // README: 5 red, 3 amber, 7 exceptions; 13 errors (rows 1-10, 14, 15, 18),
    // 4 warnings (rows 12, 13, 16, 17), 1 of them explained (row 12). Row 18 is
    // about June, a period before September: counted apart (issue 11).
    let s = &json["summary"];
    assert_eq!(s["red"], 5);
    assert_eq!(s["amber"], 3);
    assert_eq!(s["exceptions"], 7);
    // With the action plan's 10 errors and 3 warnings (README, "The action
    // plan") and the budget's 7 errors and 3 warnings, 1 explained (README,
    // "The budget").
    assert_eq!(s["dq_errors"], 29);
    assert_eq!(s["dq_earlier_periods"], 1);
    assert_eq!(s["dq_warnings"], 8);
    assert_eq!(s["dq_warnings_explained"], 2);
    // No completed remedial-action forms were given.
    assert!(exceptions.iter().all(|e| e["action"].is_null()));
}

#[test]
fn consolidate_json_findings_are_exactly_the_planted_set_with_history() {
    let (_dir, json) = consolidated();
    let findings = json["findings"].as_array().expect("findings is a list");
    let mut problems = Vec::new();
    for p in &PLANTED {
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
        if f["sheet"] != p.sheet {
            problems.push(format!("row {}: sheet {}", p.no, f["sheet"]));
        }
        if f["cell"] != p.cell.map_or(Value::Null, Value::from) {
            problems.push(format!("row {}: cell {}", p.no, f["cell"]));
        }
        let period = if p.period.is_empty() {
            Value::Null
        } else {
            Value::from(p.period)
        };
        if f["period"] != period {
            problems.push(format!("row {}: period {}", p.no, f["period"]));
        }
        if f["severity"] != p.severity || f["explained"] != p.explained {
            problems.push(format!(
                "row {}: {} explained {}",
                p.no, f["severity"], f["explained"]
            ));
        }
    }
    if findings.len() != PLANTED.len() {
        problems.push(format!(
            "{} findings, want {}: {:#}",
            findings.len(),
            PLANTED.len(),
            json["findings"]
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Row 19: the conflict across returns names the other place too (June's return, D10).
    let conflict = findings
        .iter()
        .find(|f| f["rule"] == Rule::DQ030.id() && f["indicator"] == "HC-04")
        .expect("row 19");
    let message = conflict["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("Housing-and-Communities-2026-06.xlsx") && message.contains("D10"),
        "{message}"
    );
}

#[test]
fn consolidate_json_directions_of_travel_match_the_readme() {
    let (_dir, json) = consolidated();
    let wrong: Vec<String> = EXPECTED_DIRECTIONS
        .iter()
        .filter_map(|(code, last_year, previous)| {
            let i = indicator(&json, code);
            (i["direction_last_year"] != *last_year || i["direction_previous"] != *previous).then(
                || {
                    format!(
                        "{code}: {} / {}, README says {last_year} / {previous}",
                        i["direction_last_year"], i["direction_previous"]
                    )
                },
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The README's listed cases: both directions for both polarities against last
    // year, unchanged at precision, and the amber-twice exception.
    for (code, polarity, last_year) in [
        ("ASC-07", "higher", "improving"),
        ("EP-07", "higher", "worsening"),
        ("CF-04", "lower", "improving"),
        ("HC-02", "lower", "worsening"),
    ] {
        assert_eq!(
            indicator(&json, code)["direction_last_year"],
            last_year,
            "{code} ({polarity})"
        );
    }
    assert_eq!(
        indicator(&json, "RES-05")["direction_previous"],
        "unchanged"
    );
    let asc05 = indicator(&json, "ASC-05");
    assert_eq!(asc05["direction_previous"], "worsening");
    assert_eq!(strings(&asc05["reasons"]), set(&["amber-twice"]));
}

#[test]
fn consolidate_json_pro_rata_targets_of_the_samples() {
    let (_dir, json) = consolidated();
    // Cumulative monthly, month 6: 3,600,000 x 6/12 and 520 x 6/12; quarterly Q2: 320 x 2/4.
    assert_eq!(
        indicator(&json, "EP-07")["target"].as_f64(),
        Some(1_800_000.0)
    );
    assert_eq!(indicator(&json, "ASC-03")["target"].as_f64(), Some(260.0));
    assert_eq!(indicator(&json, "HC-01")["target"].as_f64(), Some(160.0));
    // Profiled in the register's Targets sheet, not 96.5 x 6/12 = 48.25.
    assert_eq!(indicator(&json, "RES-03")["target"].as_f64(), Some(56.2));
}

#[test]
fn consolidate_json_pro_rata_target_is_unrounded() {
    // Month 4 (July) of a cumulative indicator with annual target 560: 560 x 4/12,
    // which the samples (all month 6) cannot show.
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("register.csv"),
        "Code,Title,Directorate,Unit,Polarity,Frequency,Measure,Annual Target,Decimals\n\
         TST-01,Things done (year to date),Testing,count,higher,monthly,cumulative,560,0\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("Testing-2026-07.csv"),
        "Directorate:,Testing\nPeriod:,Jul-26\nCode,Actual,Commentary\nTST-01,150,Behind profile\n",
    )
    .unwrap();
    let run = ipr(dir.path())
        .args([
            "consolidate",
            "--period",
            "2026-07",
            "--register",
            "register.csv",
            "--out",
            "out",
            "Testing-2026-07.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "stderr:\n{}", stderr(&run));
    let json = read_json(&dir.path().join("out").join("IPR-2026-07.json"));
    let i = indicator(&json, "TST-01");
    // Unrounded: 186.666..., not 187 or 186.67 (the order of the float operations
    // may differ, hence the tiny tolerance).
    let target = i["target"].as_f64().expect("a numeric target");
    assert!(
        (target - 560.0 * 4.0 / 12.0).abs() < 1e-9,
        "target {target}"
    );
    // 150 against 186.67: below the amber edge 186.67 x 0.95 = 177.33, so red;
    // forecast 150 / 4 x 12 = 450 misses 560 - 28 = 532.
    assert_eq!(i["rag"], "red");
    assert_eq!(i["forecast"].as_f64(), Some(450.0));
}

// ------------------------------------------------------ inputs and outputs

#[test]
fn check_and_consolidate_leave_the_samples_untouched() {
    let before = hash_tree(&samples());
    assert!(
        before.len() >= RETURN_COUNT + 3,
        "register, README, ipr.toml and the returns"
    );
    let cwd = temp_dir();
    let _ = ipr(cwd.path())
        .arg("check")
        .arg(returns_dir())
        .arg("--config")
        .arg(config())
        .output()
        .unwrap();
    let out = temp_dir();
    let _ = consolidate_samples(out.path());
    assert_eq!(hash_tree(&samples()), before);
}

#[test]
fn consolidate_twice_gives_identical_bytes() {
    let (a, _) = consolidated();
    let (b, _) = consolidated();
    for name in ["IPR-2026-09.xlsx", "IPR-2026-09.json"] {
        let x = std::fs::read(a.path().join(name)).unwrap();
        let y = std::fs::read(b.path().join(name)).unwrap();
        assert!(!x.is_empty());
        assert!(x == y, "{name} differs between two runs");
    }
}

#[test]
fn libreoffice_opens_the_workbook() {
    let Some(soffice) = require(Tool::Soffice) else {
        return;
    };
    let (dir, _) = consolidated();
    let profile = temp_dir();
    let pdf_dir = temp_dir();
    let run = assert_cmd::Command::new(soffice)
        .arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(pdf_dir.path())
        .arg(dir.path().join("IPR-2026-09.xlsx"))
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap();
    let pdf = pdf_dir.path().join("IPR-2026-09.pdf");
    let size = std::fs::metadata(&pdf).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 0,
        "no PDF from LibreOffice\nstdout:\n{}\nstderr:\n{}",
        stdout(&run),
        stderr(&run)
    );
}

// ------------------------------------------------------- bad invocations

#[test]
fn consolidate_without_a_period_or_a_figure_exits_2_and_asks_for_one() {
    // No --period, and no return holding a figure to take the month from.
    let cwd = temp_dir();
    std::fs::create_dir(cwd.path().join("empty")).unwrap();
    let run = ipr(cwd.path())
        .arg("consolidate")
        .arg("--register")
        .arg(register())
        .args(["--out", "out", "empty"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("--period"), "{}", stderr(&run));
    assert!(!cwd.path().join("out").exists());
}

#[test]
fn consolidate_with_a_missing_register_exits_2_and_names_it() {
    let cwd = temp_dir();
    let run = ipr(cwd.path())
        .arg("consolidate")
        .args(["--period", "2026-09"])
        .args(["--register", "no-such-register.xlsx", "--out", "out"])
        .arg(returns_dir())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("no-such-register.xlsx"),
        "{}",
        stderr(&run)
    );
    assert!(!cwd.path().join("out").join("IPR-2026-09.xlsx").exists());
}

#[test]
fn consolidate_with_month_13_exits_2() {
    let cwd = temp_dir();
    let run = ipr(cwd.path())
        .arg("consolidate")
        .args(["--period", "2026-13", "--register"])
        .arg(register())
        .args(["--out", "out"])
        .arg(returns_dir())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "stdout:\n{}", stdout(&run));
    assert!(stderr(&run).contains("2026-13"), "{}", stderr(&run));
    assert!(!cwd.path().join("out").join("IPR-2026-13.xlsx").exists());
}
