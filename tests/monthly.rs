//! The monthly cycle (SPEC section 10): a run that found nothing writes
//! nothing, a read-only report is not replaced, and each run knows the last.

mod common;

use common::{config, ipr, stderr};
use ipr::model::Rule;
use std::path::Path;

/// `ipr consolidate` on the samples' settings for 2026-09 into `out`, reading `returns`.
fn consolidate(out: &Path, returns: &[&Path]) -> std::process::Output {
    let cwd = common::temp_dir();
    ipr(cwd.path())
        .arg("consolidate")
        .arg("--config")
        .arg(config())
        .args(["--period", "2026-09", "--out"])
        .arg(out)
        .args(returns)
        .output()
        .expect("ipr runs")
}

#[test]
fn a_mistyped_or_empty_folder_exits_2_and_leaves_the_report_as_it_was() {
    let dir = common::temp_dir();
    let out = dir.path().join("output");
    let good = common::consolidate_samples(&out);
    assert!(
        good.status.code().is_some_and(|c| c < 2),
        "{}",
        stderr(&good)
    );
    let before = common::hash_tree(&out);
    assert!(before.keys().any(|p| p.ends_with("IPR-2026-09.xlsx")));

    let missing = dir.path().join("retrns");
    let o = consolidate(&out, &[&missing]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("retrns") && err.contains("does not exist"),
        "{err}"
    );
    assert_eq!(
        common::hash_tree(&out),
        before,
        "a mistyped folder changed the output"
    );

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = consolidate(&out, &[&empty]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no return for 2026-09"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        common::hash_tree(&out),
        before,
        "an empty folder changed the output"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_report_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = common::temp_dir();
    let out = dir.path().join("output");
    let good = common::consolidate_samples(&out);
    assert!(
        good.status.code().is_some_and(|c| c < 2),
        "{}",
        stderr(&good)
    );
    let xlsx = out.join("IPR-2026-09.xlsx");
    std::fs::set_permissions(&xlsx, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = common::hash_tree(&out);
    let o = common::consolidate_samples(&out);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    assert_eq!(common::hash_tree(&out), before);
    let mode = std::fs::metadata(&xlsx).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444, "the report was made writable");
    std::fs::set_permissions(&xlsx, std::fs::Permissions::from_mode(0o644)).unwrap();
}

/// Runs a fixture script with python3; panics with its error output if it fails.
fn python(script: &str, args: &[&Path], pairs: &[&str]) {
    let out = std::process::Command::new("python3")
        .arg(common::root().join("tests/fixtures").join(script))
        .args(args)
        .args(pairs)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A sheet's rows as text, from row 1 and column A.
fn sheet_rows(file: &Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::{open_workbook_auto, Reader};
    let mut wb = open_workbook_auto(file).expect("workbook opens");
    let range = wb.worksheet_range(sheet).expect("sheet present");
    common::rows_text(&range)
}

/// The column of a heading in a sheet's first row.
fn column(rows: &[Vec<String>], heading: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == heading)
        .unwrap_or_else(|| panic!("no column {heading}: {:?}", rows[0]))
}

/// `ipr consolidate --period P` in the working folder `w` (its ipr.toml).
fn run_month(w: &Path, period: &str) -> std::process::Output {
    ipr(w)
        .args(["consolidate", "--period", period])
        .output()
        .expect("ipr runs")
}

#[test]
fn august_then_september_in_one_output_folder() {
    if common::require(common::Tool::Openpyxl).is_none() {
        return;
    }
    let dir = common::temp_dir();
    let w = dir.path().join("council");
    let o = ipr(dir.path()).arg("init").arg(&w).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let returns = w.join("returns/2026-27");
    let out = w.join("output");
    // Resources' August return arrives only after August's report: late.
    let late = returns.join("Resources-2026-08.xlsx");
    let aside = dir.path().join("Resources-2026-08.xlsx");
    std::fs::rename(&late, &aside).unwrap();

    let aug = run_month(&w, "2026-08");
    assert!(aug.status.code().is_some_and(|c| c < 2), "{}", stderr(&aug));
    let aug_json = common::read_json(&out.join("IPR-2026-08.json"));
    let used = aug_json["values_used"].as_array().expect("values_used");
    let asc01 = used
        .iter()
        .find(|v| v["code"] == "ASC-01" && v["period"] == "2026-08")
        .expect("ASC-01 August used");
    assert_eq!(asc01["value"], 98.3);
    let asc01_cell = asc01["cell"].as_str().unwrap().to_string();
    let aug_exceptions: Vec<&str> = aug_json["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(aug_exceptions.contains(&"HC-02") && aug_exceptions.contains(&"ASC-05"));

    // Between the runs: August's ASC-01 restated, the late return added, two
    // forms completed where ipr wrote them, and ASC-05 left blank for September.
    python(
        "monthly_edit.py",
        &[&returns.join("Adults-and-Health-2026-08.xlsx")],
        &[
            "ASC-01=95.0",
            "ASC-01:Data Note=Corrected after the Mosaic audit",
        ],
    );
    std::fs::rename(&aside, &late).unwrap();
    let hc02 = out.join("remedial/2026-08-HC-02.xlsx");
    common::require(common::Tool::Openpyxl).unwrap();
    let fill = |form: &Path, pairs: &[&str]| {
        let out = std::process::Command::new("python3")
            .arg(common::root().join("tests/fixtures/loop_fill.py"))
            .arg("form")
            .arg(form)
            .arg(form)
            .args(pairs)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    fill(
        &hc02,
        &[
            "reason=More families presenting as homeless after section 21 notices",
            "action=Two more prevention officers from October",
            "lead_officer=Head of Housing Options",
            "back_on_target=31/03/2027",
            "status=open",
        ],
    );
    fill(
        &out.join("remedial/2026-08-ASC-05.xlsx"),
        &[
            "reason=Audit of safeguarding outcomes under way",
            "status=open",
        ],
    );
    python(
        "monthly_edit.py",
        &[&returns.join("Adults-and-Health-2026-09.xlsx")],
        &["ASC-05="],
    );

    let sep = run_month(&w, "2026-09");
    assert!(sep.status.code().is_some_and(|c| c < 2), "{}", stderr(&sep));
    let text = common::stdout(&sep);
    assert!(text.contains("Since August: "), "{text}");
    let json = common::read_json(&out.join("IPR-2026-09.json"));

    // The restated finding: both values, both sources, at the cell that changed.
    let findings = json["findings"].as_array().unwrap();
    let restated: Vec<_> = findings
        .iter()
        .filter(|f| f["rule"] == Rule::DQ032.id())
        .collect();
    assert_eq!(restated.len(), 1, "{restated:?}");
    let f = restated[0];
    assert_eq!(f["indicator"], "ASC-01");
    assert_eq!(f["period"], "2026-08");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["dimension"], "reliability");
    assert_eq!(f["cell"], asc01_cell.as_str());
    assert!(f["file"]
        .as_str()
        .unwrap()
        .ends_with("Adults-and-Health-2026-08.xlsx"));
    let msg = f["message"].as_str().unwrap();
    assert!(msg.contains("95.0") && msg.contains("98.3"), "{msg}");
    assert!(msg.contains("IPR-2026-08.json"), "{msg}");
    assert_eq!(f["new"], true);
    // Its Data Note explains it, as it would any warning.
    assert_eq!(f["explained"], true);
    assert_eq!(f["note"], "Corrected after the Mosaic audit");
    let html = std::fs::read_to_string(out.join("IPR-2026-09.html")).unwrap();
    assert!(html.contains("Changes since August 2026"));

    // A finding August had too is not new.
    let aug_findings = aug_json["findings"].as_array().unwrap();
    let key = |f: &serde_json::Value| {
        (
            f["rule"].clone(),
            f["indicator"].clone(),
            f["period"].clone(),
            f["value"].clone(),
        )
    };
    let carried: Vec<_> = findings.iter().filter(|f| f["new"] == false).collect();
    assert!(!carried.is_empty());
    for f in &carried {
        assert!(aug_findings.iter().any(|a| key(a) == key(f)), "{f}");
    }
    for f in findings.iter().filter(|f| f["new"] == true) {
        assert!(!aug_findings.iter().any(|a| key(a) == key(f)), "{f}");
    }
    assert_eq!(
        json["summary"]["new_findings"],
        findings.iter().filter(|f| f["new"] == true).count()
    );
    // And each directorate's, from its own findings.
    for d in json["summary"]["directorates"].as_array().unwrap() {
        let name = d["directorate"].as_str().unwrap();
        let mine = findings
            .iter()
            .filter(|f| f["new"] == true && f["directorate"] == name)
            .count();
        assert_eq!(d["new_findings"], mine, "{name}");
    }
    let per_directorate: u64 = json["summary"]["directorates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["new_findings"].as_u64().unwrap())
        .sum();
    assert!(per_directorate > 0, "some directorate has a new finding");

    // Changes and rag_previous_report, against August's JSON.
    let ch = &json["changes"];
    assert_eq!(ch["previous_period"], "2026-08");
    let aug_rag = |code: &str| {
        aug_json["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .map(|i| i["rag"].clone())
    };
    let rank = |r: &serde_json::Value| match r.as_str() {
        Some("green") => Some(2),
        Some("amber") => Some(1),
        Some("red") => Some(0),
        _ => None,
    };
    let (mut better, mut worse, mut new_ex, mut no_longer) = (vec![], vec![], vec![], vec![]);
    let mut no_figure = vec![];
    for i in json["indicators"].as_array().unwrap() {
        let code = i["code"].as_str().unwrap();
        let then = aug_rag(code);
        assert_eq!(
            i["rag_previous_report"],
            then.clone().unwrap_or(serde_json::Value::Null),
            "{code}"
        );
        if let (Some(a), Some(b)) = (then.as_ref().and_then(rank), rank(&i["rag"])) {
            if b > a {
                better.push(code);
            } else if b < a {
                worse.push(code);
            }
        }
        let was = aug_exceptions.contains(&code);
        if i["exception"] == true && !was {
            new_ex.push(code);
        }
        // An exception with no figure now is not "no longer" one (SPEC 15).
        if i["exception"] == false && was {
            if i["rag"] == "missing" {
                no_figure.push(code);
            } else {
                no_longer.push(code);
            }
        }
    }
    assert_eq!(ch["rag_better"], serde_json::json!(better));
    assert_eq!(ch["rag_worse"], serde_json::json!(worse));
    assert_eq!(ch["new_exceptions"], serde_json::json!(new_ex));
    assert_eq!(ch["no_longer_exceptions"], serde_json::json!(no_longer));
    assert_eq!(ch["no_figure_exceptions"], serde_json::json!(no_figure));
    assert_eq!(no_figure, ["ASC-05"], "ASC-05's September figure is blank");

    // The blank indicator's action stays open; the completed form is beside its exception.
    assert_eq!(json["actions_awaiting_figure"][0]["code"], "ASC-05");
    assert!(json["stale_actions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["code"] != "ASC-05"));
    let xlsx = out.join("IPR-2026-09.xlsx");
    let ex = sheet_rows(&xlsx, "Exceptions");
    let code = column(&ex, "Code");
    let hc = ex
        .iter()
        .find(|r| r.get(code).map(String::as_str) == Some("HC-02"))
        .expect("HC-02 on the Exceptions sheet");
    assert_eq!(
        hc[column(&ex, "Remedial action")],
        "Carried forward from 2026-08"
    );
    assert_eq!(
        hc[column(&ex, "Reason")],
        "More families presenting as homeless after section 21 notices"
    );
    assert_eq!(hc[column(&ex, "Lead officer")], "Head of Housing Options");
    assert_eq!(hc[column(&ex, "Status")], "Open");
    assert!(!hc[column(&ex, "Since last month")].is_empty());
    // The directorate's own sheet says the same as Indicators (its headings are on row 2).
    let ind = sheet_rows(&xlsx, "Indicators");
    let since_at = |rows: &[Vec<String>], header: usize| {
        let col = rows[header]
            .iter()
            .position(|h| h == "Since last month")
            .unwrap_or_else(|| panic!("no Since last month column: {:?}", rows[header]));
        let code = rows[header].iter().position(|h| h == "Code").unwrap();
        let row = rows
            .iter()
            .find(|r| r.get(code).map(String::as_str) == Some("HC-02"))
            .expect("HC-02 in the table");
        row[col].clone()
    };
    let on_indicators = since_at(&ind, 0);
    assert!(!on_indicators.is_empty());
    let hc_sheet = sheet_rows(&xlsx, "Housing and Communities");
    assert_eq!(since_at(&hc_sheet, 1), on_indicators);
    let open_at = ex
        .iter()
        .position(|r| {
            r.first().map(String::as_str)
                == Some("Remedial actions still open: no figure this month")
        })
        .expect("the still-open section");
    // In the Code column, as the exceptions above it are.
    assert!(
        ex[open_at + 2].get(code).map(String::as_str) == Some("ASC-05"),
        "{:?}",
        ex[open_at + 2]
    );
    assert!(
        text.contains("ASC-05: still open, no figure this month"),
        "{text}"
    );

    // History marks the restated row and the late ones.
    let h = sheet_rows(&xlsx, "History");
    let (code, period, file, mark) = (
        column(&h, "Code"),
        column(&h, "Period"),
        column(&h, "File"),
        column(&h, "Since last report"),
    );
    let marked = |c: &str, p: &str| {
        h.iter()
            .filter(|r| r[code] == c && r[period] == p)
            .map(|r| (r[file].clone(), r.get(mark).cloned().unwrap_or_default()))
            .collect::<Vec<_>>()
    };
    let asc = marked("ASC-01", "2026-08");
    assert!(
        asc.iter()
            .any(|(f, m)| f.ends_with("Adults-and-Health-2026-08.xlsx") && m == "restated"),
        "{asc:?}"
    );
    let late_rows: Vec<_> = h
        .iter()
        .filter(|r| r[file].ends_with("Resources-2026-08.xlsx") && r[period] == "2026-08")
        .collect();
    assert!(!late_rows.is_empty());
    assert!(
        late_rows
            .iter()
            .all(|r| r.get(mark).map(String::as_str) == Some("late")),
        "{late_rows:?}"
    );
    // Nothing else is marked: September's own values are neither.
    assert!(h
        .iter()
        .skip(1)
        .filter(|r| r[period] == "2026-09")
        .all(|r| r.get(mark).is_none_or(|m| m.is_empty())));

    // The Summary says it in one line; About names the previous report; Data Quality has New.
    let summary = sheet_rows(&xlsx, "Summary");
    // Labelled in column A, or (with the samples' action plan) headed in its
    // own block beside the actions' counts, the actions' line after it.
    let changes = summary
        .iter()
        .find_map(|r| {
            match r
                .iter()
                .position(|c| c.starts_with("Changes since last month"))
            {
                Some(i) if r[i] == "Changes since last month" => Some(r[i + 1].clone()),
                Some(i) => Some(r[i]["Changes since last month\n".len()..].to_string()),
                None => None,
            }
        })
        .expect("a Changes since last month row");
    assert!(changes.starts_with("Since August: "), "{changes:?}");
    assert!(changes.contains("\nActions since August: "), "{changes:?}");
    let about = sheet_rows(&xlsx, "About");
    let prev = about
        .iter()
        .find(|r| r[0] == "Previous report")
        .expect("About names it");
    assert!(prev[1].contains("IPR-2026-08.json"), "{prev:?}");
    let dq = sheet_rows(&xlsx, "Data Quality");
    column(&dq, "New");
}

#[test]
fn without_an_earlier_report_the_output_is_as_it_always_was() {
    // A later month's JSON is not a previous report: both folders get the same bytes.
    let dir = common::temp_dir();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&b).unwrap();
    let later = b.join("IPR-2026-10.json");
    std::fs::write(&later, "{\"period\": \"2026-10\"}\n").unwrap();
    for out in [&a, &b] {
        let o = common::consolidate_samples(out);
        assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
        assert!(
            !common::stdout(&o).contains("Since "),
            "{}",
            common::stdout(&o)
        );
    }
    let strip = |out: &Path| -> Vec<(std::path::PathBuf, String)> {
        common::hash_tree(out)
            .into_iter()
            .filter(|(p, _)| !p.ends_with("IPR-2026-10.json"))
            .map(|(p, h)| (p.strip_prefix(out).unwrap().to_path_buf(), h))
            .collect()
    };
    assert_eq!(strip(&a), strip(&b));
    let json = common::read_json(&a.join("IPR-2026-09.json"));
    for key in ["changes", "actions_awaiting_figure"] {
        assert!(
            json.get(key).is_none(),
            "{key} present without a previous report"
        );
    }
    assert!(json["indicators"][0].get("rag_previous_report").is_none());
    assert!(json["findings"][0].get("new").is_none());
    assert!(json["values_used"]
        .as_array()
        .is_some_and(|v| !v.is_empty()));
}
