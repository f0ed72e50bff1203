//! End-to-end tests: the real `ipr` binary on the bundled samples. Every expected
//! value comes from the hand-worked tables in `samples/README.md`.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;
use ipr::model::Rule;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

// ---------------------------------------------------------------- ipr check

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

/// The finding for a planted row: the one with its rule and indicator.
fn finding_for<'a>(findings: &'a [Value], p: &Planted) -> Vec<&'a Value> {
    findings
        .iter()
        .filter(|f| f["rule"] == p.rule.id() && f["indicator"] == p.indicator)
        // CP-E2 is given twice: a DQ067 at each row.
        .filter(|f| p.cell.is_none() || f["cell"] == p.cell.unwrap_or_default())
        .collect()
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

// ---------------------------------------------------------- ipr consolidate

/// Consolidate into a fresh folder; checks the exit code and the two files.
fn consolidated() -> (tempfile::TempDir, Value) {
    let out = temp_dir();
    let run = consolidate_samples(out.path());
    assert_eq!(
        run.status.code(),
        Some(1),
        "there are data-quality errors\nstdout:\n{}\nstderr:\n{}",
        stdout(&run),
        stderr(&run)
    );
    assert!(out.path().join("IPR-2026-09.xlsx").is_file());
    // The long sheets are written row by row (rust_xlsxwriter's low-memory
    // modes), where a write to a row above the current one is dropped with this
    // message: a cell silently missing from the report.
    assert!(
        !stderr(&run).contains("Ignoring write"),
        "a cell was written out of order and lost:\n{}",
        stderr(&run)
    );
    let json = read_json(&out.path().join("IPR-2026-09.json"));
    (out, json)
}

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

// ------------------------------------------------------------- the workbook

fn workbook(dir: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(dir.join("IPR-2026-09.xlsx")).expect("calamine opens the workbook")
}

/// The sheet's data rows (after the header) as text, and the header's columns.
fn table(
    book: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    sheet: &str,
) -> (
    calamine::Range<Data>,
    std::collections::HashMap<String, usize>,
) {
    let range = book
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("sheet {sheet}: {e}"));
    let cols = header_columns(&range);
    (range, cols)
}

fn col(cols: &std::collections::HashMap<String, usize>, name: &str) -> usize {
    *cols
        .get(name)
        .unwrap_or_else(|| panic!("no column headed '{name}' in {cols:?}"))
}

#[test]
fn workbook_sheets_are_in_the_spec_order() {
    let (dir, _) = consolidated();
    let book = workbook(dir.path());
    let mut want = vec![
        "Summary",
        "Indicators",
        "Exceptions",
        // The sample council has an action plan (SPEC section 13).
        "Actions",
        // And a budget (SPEC section 16).
        "Finance",
        "Data Quality",
        "History",
        "Register",
        "About",
    ];
    want.extend(DIRECTORATES);
    assert_eq!(book.sheet_names(), want);
}

#[test]
fn workbook_indicators_show_asc_02_as_a_red_exception() {
    let (dir, _) = consolidated();
    let mut book = workbook(dir.path());
    let (range, cols) = table(&mut book, "Indicators");
    let rows = rows_text(&range);
    let (code, rag, exc) = (
        col(&cols, "Code"),
        col(&cols, "RAG"),
        col(&cols, "Exception"),
    );
    let asc02: Vec<_> = rows[1..].iter().filter(|r| r[code] == "ASC-02").collect();
    assert_eq!(asc02.len(), 1, "one row for ASC-02");
    assert_eq!(asc02[0][rag], "Red");
    assert_eq!(asc02[0][exc], "Yes");
    // One row per indicator due.
    let codes = rows[1..].iter().filter(|r| !r[code].is_empty()).count();
    assert_eq!(codes, 38);
}

#[test]
fn workbook_exceptions_sheet_lists_the_seven_codes() {
    let (dir, json) = consolidated();
    let mut book = workbook(dir.path());
    let (range, cols) = table(&mut book, "Exceptions");
    let (kind, code) = (col(&cols, "Kind"), col(&cols, "Code"));
    let rows = rows_text(&range);
    let of = |k: &str| -> Vec<String> {
        rows[1..]
            .iter()
            .filter(|r| r[kind] == k && !r[code].is_empty())
            .map(|r| r[code].clone())
            .collect()
    };
    let got = of("Indicator");
    let want: BTreeSet<String> = EXCEPTIONS.iter().map(|(c, _)| c.to_string()).collect();
    assert_eq!(got.len(), 7, "{got:?}");
    assert_eq!(got.into_iter().collect::<BTreeSet<_>>(), want);
    // Then the action plan's exceptions, in the JSON's order.
    let actions: Vec<String> = json["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "action")
        .map(|e| e["code"].as_str().unwrap().to_string())
        .collect();
    assert!(!actions.is_empty());
    assert_eq!(of("Action"), actions);
}

#[test]
fn workbook_data_quality_sheet_has_one_row_per_finding() {
    let (dir, json) = consolidated();
    let mut book = workbook(dir.path());
    let (range, cols) = table(&mut book, "Data Quality");
    let (rule, ind) = (col(&cols, "Rule"), col(&cols, "Indicator"));
    let got: BTreeSet<(String, String)> = rows_text(&range)[1..]
        .iter()
        .filter(|r| !r[rule].is_empty())
        .map(|r| (r[rule].clone(), r[ind].clone()))
        .collect();
    let want: BTreeSet<(String, String)> = PLANTED
        .iter()
        .map(|p| (p.rule.to_string(), p.indicator.to_string()))
        .collect();
    assert_eq!(got, want);
    let rows = rows_text(&range)[1..]
        .iter()
        .filter(|r| !r[rule].is_empty())
        .count();
    assert_eq!(rows, PLANTED.len());
    assert_eq!(
        json["findings"].as_array().map(Vec::len),
        Some(PLANTED.len())
    );
}

#[test]
fn workbook_history_sheet_has_one_row_per_value_read() {
    let (dir, _) = consolidated();
    let mut book = workbook(dir.path());
    let (range, cols) = table(&mut book, "History");
    let rows = rows_text(&range);
    let (code, period, file, sheet, cell, value) = (
        col(&cols, "Code"),
        col(&cols, "Period"),
        col(&cols, "File"),
        col(&cols, "Sheet"),
        col(&cols, "Cell"),
        col(&cols, "Value"),
    );
    let data: Vec<&Vec<String>> = rows[1..].iter().filter(|r| !r[code].is_empty()).collect();
    assert_eq!(data.len(), HISTORY_ROWS);
    // Economy and Place, last year's wide workbook, heading an Excel date (Apr-25).
    let ep01: Vec<_> = data
        .iter()
        .filter(|r| r[code] == "EP-01" && r[period] == "2025-04")
        .collect();
    assert_eq!(ep01.len(), 1, "{ep01:?}");
    assert!(ep01[0][file].ends_with("2025-26/Economy-and-Place-2025-26.xlsx"));
    assert_eq!(
        (ep01[0][sheet].as_str(), ep01[0][cell].as_str()),
        ("Monthly", "C5")
    );
    let v: f64 = ep01[0][value].parse().expect("a number");
    assert!((v - 48.2).abs() < 1e-9, "{v}");
    // HC-04's June 2026, given in June's return and again in July's (README row 19).
    let june: BTreeSet<(String, String)> = data
        .iter()
        .filter(|r| r[code] == "HC-04" && r[period] == "2026-06")
        .map(|r| {
            (
                r[file].rsplit('/').next().unwrap_or_default().to_string(),
                r[cell].clone(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String)> = [
        ("Housing-and-Communities-2026-06.xlsx", "D10"),
        ("Housing-and-Communities-2026-07.xlsx", "D12"),
    ]
    .iter()
    .map(|(f, c)| (f.to_string(), c.to_string()))
    .collect();
    assert_eq!(june, want);
}

#[test]
fn workbook_keeps_commentary_starting_with_equals_as_text() {
    let (dir, _) = consolidated();
    let mut book = workbook(dir.path());
    let (range, cols) = table(&mut book, "Indicators");
    let (code, comm) = (col(&cols, "Code"), col(&cols, "Commentary"));
    let start = range.start().expect("Indicators is not empty").0;
    let row = rows_text(&range)
        .iter()
        .position(|r| r[code] == "CF-07")
        .expect("a row for CF-07") as u32
        + start;
    let pos = (row, comm as u32);
    match range.get_value(pos) {
        Some(Data::String(s)) => assert!(s.starts_with("=see note"), "CF-07 commentary is {s:?}"),
        other => panic!("CF-07 commentary is not a string: {other:?}"),
    }
    let formulas = book
        .worksheet_formula("Indicators")
        .expect("formulas of Indicators");
    let formula = formulas.get_value(pos).cloned().unwrap_or_default();
    assert!(
        formula.is_empty(),
        "CF-07 commentary is a formula: {formula}"
    );
}

/// About rows from the `SHA-256` header down: (file, hash).
fn about_hashes(dir: &Path) -> Vec<(String, String)> {
    let mut book = workbook(dir);
    let range = book.worksheet_range("About").expect("About sheet");
    let rows = rows_text(&range);
    let (head, sha) = rows
        .iter()
        .enumerate()
        .find_map(|(i, r)| r.iter().position(|c| c == "SHA-256").map(|c| (i, c)))
        .expect("a column headed SHA-256 on the About sheet");
    rows[head + 1..]
        .iter()
        .filter(|r| !r[sha].is_empty())
        .map(|r| (r[..sha].join(" "), r[sha].clone()))
        .collect()
}

#[test]
fn workbook_about_gives_the_sha256_of_every_return() {
    let (dir, _) = consolidated();
    let hashes = about_hashes(dir.path());
    let files = all_returns();
    assert_eq!(files.len(), RETURN_COUNT);
    for path in files {
        // Year folder and file name, e.g. 2026-27/Resources-2026-09.xlsx.
        let name = path
            .strip_prefix(returns_dir())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let row = hashes
            .iter()
            .find(|(f, _)| f.trim_end().ends_with(&name))
            .unwrap_or_else(|| panic!("About does not list {name}: {hashes:?}"));
        assert_eq!(row.1.len(), 64, "{name}: {}", row.1);
        assert!(row.1.chars().all(|c| c.is_ascii_hexdigit()), "{}", row.1);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(row.1.to_lowercase(), sha256_hex(&bytes), "{name}");
    }
}

#[test]
fn workbook_about_gives_the_sha256_of_the_register() {
    let (dir, _) = consolidated();
    let hashes = about_hashes(dir.path());
    let want = sha256_hex(&std::fs::read(register()).unwrap());
    assert!(
        hashes
            .iter()
            .any(|(f, h)| f.trim_end().ends_with("register.xlsx") && h.to_lowercase() == want),
        "{hashes:?}"
    );
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

/// Each directorate sheet ends with its indicators' trends: the periods and values
/// (from the returns, README's history) and one line chart per indicator with two
/// or more values.
#[test]
fn directorate_sheets_carry_a_trend_table_and_a_chart_per_indicator() {
    let (dir, _) = consolidated();
    let xlsx = dir.path().join("IPR-2026-09.xlsx");
    let mut wb = calamine::open_workbook_auto(&xlsx).unwrap();
    let rows = rows_text(&wb.worksheet_range("Adults and Health").unwrap());
    let start = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c.starts_with("Trends:")))
        .expect("a Trends section");
    // ASC-02 (lower is better): April to September 2026, as returned.
    let at = rows[start..]
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("ASC-02"))
        .map(|i| start + i)
        .expect("ASC-02 in the trend table");
    assert_eq!(
        rows[at][1..7],
        ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"].map(String::from)
    );
    assert_eq!(rows[at + 1][6], "12.4", "September's actual ends the trend");
    // Charts: the Summary's one, plus one per exception (README: 7, each with history).
    let f = std::fs::File::open(&xlsx).unwrap();
    let zip = zip::ZipArchive::new(f).unwrap();
    let charts = zip
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| n.starts_with("xl/charts/chart"))
        .count();
    assert_eq!(charts, 1 + EXCEPTIONS.len());
    let trend_rows: usize = [
        "Adults and Health",
        "Children and Families",
        "Economy and Place",
        "Housing and Communities",
        "Resources",
    ]
    .iter()
    .map(|s| {
        let rows = rows_text(&wb.worksheet_range(s).unwrap());
        let start = rows
            .iter()
            .position(|r| r.first().is_some_and(|c| c.starts_with("Trends:")))
            .unwrap_or(rows.len());
        // Two rows per charted indicator, up to the end of the sheet's cells.
        rows[start..]
            .iter()
            .skip(1)
            .filter(|r| r.get(1).is_some_and(|c| is_period_id(c)))
            .count()
    })
    .sum();
    // Every indicator with two or more values is in a trend table (two rows each).
    assert!(trend_rows >= 30, "{trend_rows}");
}

/// `2026-04` or `2026/27-Q2`: a period id, not a value such as 20.5.
fn is_period_id(c: &str) -> bool {
    c.len() >= 7 && c.starts_with("20") && matches!(c.as_bytes()[4], b'-' | b'/')
}

#[test]
fn wrapped_headings_get_rows_tall_enough_for_them() {
    // LibreOffice keeps a wrapped heading's row at the default height, and the
    // second line runs over the first row of figures; Excel would grow it.
    let (dir, _) = consolidated();
    let file = std::fs::File::open(dir.path().join("IPR-2026-09.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    // Summary: the headings are on row 4 ("Warnings to look at" in a column 9 wide).
    let row = xml
        .split("<row ")
        .find(|r| r.starts_with("r=\"4\""))
        .expect("row 4 of the Summary sheet");
    let head = &row[..row.find('>').unwrap()];
    let ht: f64 = head
        .split("ht=\"")
        .nth(1)
        .and_then(|h| h.split('"').next())
        .and_then(|h| h.parse().ok())
        .unwrap_or(0.0);
    assert!(
        ht >= 30.0 && head.contains("customHeight=\"1\""),
        "the Summary's heading row is not at least two lines tall: <row {head}>"
    );
}
