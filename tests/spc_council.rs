//! SPC end to end (SPEC section 11): a generated council with 30 months of
//! history in its returns (April 2024 to September 2026, one tracker CSV per
//! directorate, sent again in September with every month), with planted
//! patterns, consolidated by the real `ipr` binary. The icons must be as
//! planted in the JSON and on the Indicators sheet (read back with calamine),
//! and the independent Python implementation (`tests/spc_reference.py`),
//! given the series written here (not ipr's), must agree with every
//! indicator's `spc` object to 1e-9 relative.

mod common;

use calamine::{open_workbook, Reader, Xlsx};
use common::{header_columns, ipr, read_json, require, stderr, Tool};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const MONTHS: usize = 30;

/// Month `t` (0 = April 2024) as (calendar year, month).
fn month(t: usize) -> (i32, u32) {
    let m = 4 + t as u32 - 1;
    (2024 + (m / 12) as i32, m % 12 + 1)
}

/// Financial year and position in it (April = 1) of month `t`.
fn key(t: usize) -> (i32, u32) {
    (2024 + (t / 12) as i32, (t % 12) as u32 + 1)
}

/// Common-cause noise around `level`: a fixed, non-monotone wobble.
fn noise(level: f64, t: usize) -> f64 {
    const W: [f64; 6] = [0.5, -0.5, 0.3, -0.4, 0.6, -0.3];
    level + W[t % W.len()]
}

/// A planted indicator: code, polarity, measure, annual target, values by
/// month (None = not returned), and the icons expected.
struct Planted {
    code: &'static str,
    polarity: &'static str,
    measure: &'static str,
    target: Option<f64>,
    values: Vec<Option<f64>>,
    variation: Option<&'static str>,
    assurance: Option<&'static str>,
    rule: Option<&'static str>,
    /// Words on the Indicators sheet.
    words: (&'static str, &'static str),
}

fn planted() -> Vec<Planted> {
    let plain =
        |level: f64| -> Vec<Option<f64>> { (0..MONTHS).map(|t| Some(noise(level, t))).collect() };
    let mut shift = plain(50.0);
    // The last 7 months a level higher: a shift above the mean, inside the limits.
    for (t, v) in shift.iter_mut().enumerate().skip(MONTHS - 7) {
        *v = Some(noise(51.2, t));
    }
    let mut trend = plain(50.0);
    // The last 6 months each higher than the one before (5 steps).
    for (k, t) in (MONTHS - 6..MONTHS).enumerate() {
        trend[t] = Some(49.6 + 0.25 * k as f64);
    }
    let mut outlier = plain(50.0);
    outlier[MONTHS - 1] = Some(44.0);
    let mut band = shift.clone();
    band.truncate(MONTHS);
    let mut short = plain(50.0);
    // A new indicator: only the last 12 months returned.
    short.iter_mut().take(MONTHS - 12).for_each(|v| *v = None);
    // Cumulative: 10 a month (wobbling), year to date, resetting each April.
    let mut ytd = 0.0;
    let cumulative: Vec<Option<f64>> = (0..MONTHS)
        .map(|t| {
            if t % 12 == 0 {
                ytd = 0.0;
            }
            ytd += noise(10.0, t);
            Some((ytd * 100.0_f64).round() / 100.0)
        })
        .collect();
    vec![
        Planted {
            code: "SPC-SHIFT",
            polarity: "higher",
            measure: "snapshot",
            target: Some(50.0),
            values: shift,
            variation: Some("improvement-high"),
            assurance: Some("hit-or-miss"),
            rule: Some("shift"),
            words: ("Improving (special cause)", "Hit or miss"),
        },
        Planted {
            code: "SPC-TREND",
            polarity: "lower",
            measure: "snapshot",
            target: None,
            values: trend,
            variation: Some("concern-high"),
            assurance: None,
            rule: Some("trend"),
            words: ("Concern (special cause)", ""),
        },
        Planted {
            code: "SPC-LIMIT",
            polarity: "higher",
            measure: "snapshot",
            // Red at 44, so an exception whose chart shows the point beyond.
            target: Some(50.0),
            values: outlier,
            variation: Some("concern-low"),
            assurance: Some("hit-or-miss"),
            rule: Some("beyond-limit"),
            words: ("Concern (special cause)", "Hit or miss"),
        },
        Planted {
            code: "SPC-PASS",
            polarity: "higher",
            measure: "snapshot",
            target: Some(45.0),
            values: plain(50.0),
            variation: Some("common-cause"),
            assurance: Some("pass"),
            rule: None,
            words: ("Common cause", "Will meet target"),
        },
        Planted {
            code: "SPC-FAIL",
            polarity: "higher",
            measure: "snapshot",
            target: Some(55.0),
            values: plain(50.0),
            variation: Some("common-cause"),
            assurance: Some("fail"),
            rule: None,
            words: ("Common cause", "Will miss target"),
        },
        Planted {
            code: "SPC-LOWFAIL",
            polarity: "lower",
            measure: "snapshot",
            target: Some(45.0),
            values: plain(50.0),
            variation: Some("common-cause"),
            assurance: Some("fail"),
            rule: None,
            words: ("Common cause", "Will miss target"),
        },
        Planted {
            code: "SPC-BAND",
            polarity: "band",
            measure: "snapshot",
            target: Some(50.0),
            values: band,
            variation: Some("neither-high"),
            assurance: None,
            rule: Some("shift"),
            words: ("Neither (special cause)", ""),
        },
        Planted {
            code: "SPC-CUM",
            polarity: "higher",
            measure: "cumulative",
            // 6 a month against about 10 delivered: will meet it.
            target: Some(72.0),
            values: cumulative,
            variation: Some("common-cause"),
            assurance: Some("pass"),
            rule: None,
            words: ("Common cause", "Will meet target"),
        },
        Planted {
            code: "SPC-SHORT",
            polarity: "higher",
            measure: "snapshot",
            target: Some(50.0),
            values: short,
            variation: None,
            assurance: None,
            rule: None,
            words: ("Not enough data", ""),
        },
    ]
}

/// Writes the register, one 30-month tracker and `ipr.toml` into `dir`.
fn write_council(dir: &Path, indicators: &[Planted]) {
    let mut reg = String::from(
        "Code,Title,Directorate,Unit,Polarity,Frequency,Measure,Annual Target,Decimals,Min,Max\n",
    );
    for p in indicators {
        let target = p.target.map(|t| t.to_string()).unwrap_or_default();
        reg.push_str(&format!(
            "{},Planted {},Testing,number,{},monthly,{},{target},2,none,none\n",
            p.code, p.code, p.polarity, p.measure
        ));
    }
    std::fs::write(dir.join("register.csv"), reg).unwrap();
    let mut ret = String::from("Directorate:,Testing\nPeriod:,Sep-26\nCode,Period,Actual\n");
    for p in indicators {
        for (t, v) in p.values.iter().enumerate() {
            let (y, m) = month(t);
            let v = v.map(|v| v.to_string()).unwrap_or_else(|| "n/a".into());
            ret.push_str(&format!("{},{y}-{m:02},{v}\n", p.code));
        }
    }
    std::fs::write(dir.join("Testing-2026-09.csv"), ret).unwrap();
    std::fs::write(
        dir.join("ipr.toml"),
        "register = \"register.csv\"\nreturns = [\"Testing-2026-09.csv\"]\noutput = \"out\"\n\
         period = \"2026-09\"\n\n[exceptions]\nspc_fail = true\n",
    )
    .unwrap();
}

fn consolidate(dir: &Path) -> Value {
    let run = ipr(dir)
        .args(["consolidate", "--config", "ipr.toml"])
        .output()
        .unwrap();
    assert!(
        matches!(run.status.code(), Some(0) | Some(1) | Some(2)),
        "stderr:\n{}",
        stderr(&run)
    );
    read_json(&dir.join("out").join("IPR-2026-09.json"))
}

fn indicator<'a>(json: &'a Value, code: &str) -> &'a Value {
    json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("{code} is not in the JSON"))
}

#[test]
fn planted_patterns_give_the_expected_icons_in_the_json_and_the_workbook() {
    let dir = common::scratch_dir("icons");
    let planted = planted();
    write_council(dir.as_path(), &planted);
    let json = consolidate(dir.as_path());

    for p in &planted {
        let spc = &indicator(&json, p.code)["spc"];
        let Some(variation) = p.variation else {
            assert!(
                spc.is_null(),
                "{}: 12 points give no SPC, got {spc}",
                p.code
            );
            continue;
        };
        assert_eq!(spc["points"], json!(MONTHS), "{}", p.code);
        assert_eq!(spc["variation"], variation, "{}: {spc}", p.code);
        assert_eq!(spc["assurance"], json!(p.assurance), "{}: {spc}", p.code);
        let rules: Vec<&str> = spc["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        match p.rule {
            Some(r) => assert!(rules.contains(&r), "{}: rules {rules:?}", p.code),
            None => assert!(rules.is_empty(), "{}: rules {rules:?}", p.code),
        }
        // Exactly the seven fields of SPEC section 11.
        let mut keys: Vec<&String> = spc.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "assurance",
                "lower_limit",
                "mean",
                "points",
                "rules",
                "upper_limit",
                "variation"
            ]
        );
        // `[exceptions] spc_fail = true`: fail assurance is a reason.
        let reasons = indicator(&json, p.code)["reasons"].to_string();
        assert_eq!(
            reasons.contains("assurance-fail"),
            p.assurance == Some("fail"),
            "{}: reasons {reasons}",
            p.code
        );
    }

    let mut book: Xlsx<_> = open_workbook(dir.as_path().join("out").join("IPR-2026-09.xlsx"))
        .expect("calamine opens the workbook");
    let range = book.worksheet_range("Indicators").unwrap();
    let cols = header_columns(&range);
    let (code, var, ass) = (cols["Code"], cols["Variation"], cols["Assurance"]);
    for p in &planted {
        let row = (1..range.height() as u32)
            .find(|&r| {
                range
                    .get_value((r, code as u32))
                    .is_some_and(|c| common::cell_text(c) == p.code)
            })
            .unwrap_or_else(|| panic!("{} is not on the Indicators sheet", p.code));
        let text = |c: usize| {
            range
                .get_value((row, c as u32))
                .map(|d| d.to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            (text(var).as_str(), text(ass).as_str()),
            p.words,
            "{}",
            p.code
        );
    }
}

#[test]
fn the_python_reference_agrees_with_every_indicators_spc() {
    let Some(python) = require(Tool::Python) else {
        return;
    };
    let dir = common::scratch_dir("reference");
    let planted = planted();
    write_council(dir.as_path(), &planted);
    let json = consolidate(dir.as_path());

    // The cases from the values written to the return, not from ipr.
    let cases: Vec<Value> = planted
        .iter()
        .enumerate()
        .map(|(id, p)| {
            let readings: Vec<Value> = p
                .values
                .iter()
                .enumerate()
                .map(|(t, v)| {
                    let (year, position) = key(t);
                    json!({"year": year, "position": position, "value": v, "withheld": false})
                })
                .collect();
            // September is month 6 of 2026/27; pro rata for a cumulative target.
            let (target, previous) = match (p.measure, p.target) {
                ("cumulative", Some(t)) => (Some(t * 6.0 / 12.0), Some(t * 5.0 / 12.0)),
                (_, t) => (t, t),
            };
            json!({
                "id": id, "measure": p.measure, "polarity": p.polarity,
                "readings": readings, "through": [2026, 6],
                "target": target, "previous_target": previous, "first_of_year": false,
                "options": {"min_points": 13, "shift_length": 6, "trend_length": 6},
            })
        })
        .collect();
    let script = common::root().join("tests").join("spc_reference.py");
    let mut child = Command::new(python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(json!({ "cases": cases }).to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the Python reference failed");
    let reference: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut errors = Vec::new();
    for (id, p) in planted.iter().enumerate() {
        let ours = &indicator(&json, p.code)["spc"];
        let theirs = &reference["results"][id]["spc"];
        if ours.is_null() || theirs.is_null() {
            if ours.is_null() != theirs.is_null() {
                errors.push(format!("{}: ipr {ours}, Python {theirs}", p.code));
            }
            continue;
        }
        for field in ["points", "variation", "assurance", "rules"] {
            if ours[field] != theirs[field] {
                errors.push(format!(
                    "{} {field}: ipr {}, Python {}",
                    p.code, ours[field], theirs[field]
                ));
            }
        }
        for field in ["mean", "lower_limit", "upper_limit"] {
            let (a, b) = (
                ours[field].as_f64().unwrap(),
                theirs[field].as_f64().unwrap(),
            );
            if (a - b).abs() > 1e-9 * a.abs().max(b.abs()).max(1.0) {
                errors.push(format!("{} {field}: ipr {a}, Python {b}", p.code));
            }
        }
    }
    assert!(
        errors.is_empty(),
        "ipr and the Python reference disagree:\n{}",
        errors.join("\n")
    );
}
