//! A report for each audience (SPEC section 14), on a register written by
//! openpyxl with multi-valued, oddly spelt and empty Committee cells
//! (tests/fixtures/make_packs.py): each pack holds exactly its audience's
//! indicators and actions, its counts are the main report's over them, and
//! the grouping columns raise no finding.

mod common;

use calamine::{open_workbook_auto, Reader};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A copy of the council of make_packs.py in a folder of its own.
fn council(script: &str) -> Option<tempfile::TempDir> {
    let src = common::fixtures(script)?;
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

/// `ipr consolidate` of September in `dir` (its ipr.toml), into `dir/out`.
fn consolidate(dir: &Path) -> std::process::Output {
    common::ipr(dir)
        .args(["consolidate", "--period", "2026-09", "--out", "out"])
        .arg("returns/2026-09")
        .output()
        .expect("ipr runs")
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("a list: {v}"))
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let range = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("{} has no sheet {name}: {e}", path.display()));
    common::rows_text(&range)
}

/// The Summary's Council row: (heading, value) for each column.
fn council_row(path: &Path) -> Vec<(String, String)> {
    let rows = sheet(path, "Summary");
    let header = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "Directorate"))
        .expect("the Summary's header row")
        .clone();
    let council = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "Council"))
        .expect("the Council row");
    header
        .into_iter()
        .zip(council.iter().cloned())
        .filter(|(h, _)| !h.is_empty())
        .collect()
}

/// The counts the main report's JSON gives over `codes` and `refs`: the
/// Summary's first columns, worked out here from the main report's items.
fn expected_counts(main: &Value, codes: &[String], refs: &[String]) -> Vec<(String, String)> {
    let results: Vec<&Value> = main["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| codes.iter().any(|c| r["code"] == c.as_str()))
        .collect();
    assert_eq!(
        results.len(),
        codes.len(),
        "each pack indicator is in the main report"
    );
    let rag = |w: &str| results.iter().filter(|r| r["rag"] == w).count();
    let exceptions = results.iter().filter(|r| r["exception"] == true).count();
    let mine: Vec<&Value> = main["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["earlier_period"] != true)
        .filter(|f| {
            let on = f["indicator"].as_str().unwrap_or("");
            if f["kind"] == "action" {
                refs.iter().any(|r| r == on)
            } else {
                codes.iter().any(|c| c == on)
            }
        })
        .collect();
    let errors = mine.iter().filter(|f| f["severity"] == "error").count();
    let warnings = mine
        .iter()
        .filter(|f| f["severity"] == "warning" && f["explained"] != true)
        .count();
    [
        ("Indicators", results.len()),
        ("Green", rag("green")),
        ("Amber", rag("amber")),
        ("Red", rag("red")),
        ("No target", rag("none")),
        ("Missing", rag("missing")),
        ("Exceptions", exceptions),
        ("DQ errors", errors),
        ("Warnings to look at", warnings),
    ]
    .into_iter()
    .map(|(h, n)| (h.to_string(), n.to_string()))
    .collect()
}

#[test]
fn each_pack_holds_its_audiences_items_with_the_main_reports_counts() {
    let Some(dir) = council("make_packs.py") else {
        return;
    };
    let out = consolidate(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let main = common::read_json(&dir.path().join("out/IPR-2026-09.json"));
    let packs = main["packs"].as_array().expect("packs in the JSON");
    // Values as first written (ASC-01's ' adults scrutiny' comes before the
    // plan's 'Adults Scrutiny'), matched ignoring case and spaces.
    let got: Vec<(String, Vec<String>, Vec<String>)> = packs
        .iter()
        .map(|p| {
            assert_eq!(p["column"], "Committee");
            (
                p["value"].as_str().unwrap().to_string(),
                strings(&p["indicators"]),
                strings(&p["actions"]),
            )
        })
        .collect();
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        vec![
            (
                "Resources Scrutiny".to_string(),
                v(&["RES-01", "RES-02"]),
                v(&["CP-1"])
            ),
            (
                "Audit".to_string(),
                v(&["RES-02", "ASC-01"]),
                v(&["CP-2", "AC-R5.1"])
            ),
            (
                "adults scrutiny".to_string(),
                v(&["ASC-01"]),
                v(&["AC-R5", "AC-R5.1"])
            ),
        ]
    );
    let stdout = common::stdout(&out);
    assert!(
        stdout.contains("1 indicator is in no Committee pack."),
        "{stdout}"
    );
    assert!(
        stdout.contains("11 actions are in no Committee pack."),
        "{stdout}"
    );
    let mut errors_in_packs = 0;
    for (p, (value, codes, refs)) in packs.iter().zip(&got) {
        let files: Vec<PathBuf> = strings(&p["files"])
            .iter()
            .map(|f| dir.path().join("out").join(f))
            .collect();
        let xlsx = &files[0];
        assert!(xlsx.starts_with(dir.path().join("out/packs")), "{files:?}");
        assert!(
            files[1].extension().is_some_and(|e| e == "html"),
            "{files:?}"
        );
        // Its Indicators sheet lists exactly its indicators.
        let listed: BTreeSet<String> = sheet(xlsx, "Indicators")
            .iter()
            .skip(1)
            .filter_map(|r| r.get(1).cloned())
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(listed, codes.iter().cloned().collect(), "{value}");
        // Its counts are the main report's over its items.
        let row = council_row(xlsx);
        let want_counts = expected_counts(&main, codes, refs);
        errors_in_packs += want_counts[7].1.parse::<usize>().unwrap();
        for (heading, want) in want_counts {
            let have = row
                .iter()
                .find(|(h, _)| *h == heading)
                .map(|(_, n)| n.clone());
            assert_eq!(have.as_deref(), Some(want.as_str()), "{value}: {heading}");
        }
        // Titled for its audience, with the council's name.
        let title = &sheet(xlsx, "Summary")[0][0];
        assert!(
            title.starts_with("Herefordshire Council: Integrated Performance Report for the ")
                && title.ends_with(", September 2026"),
            "{title}"
        );
        let page = std::fs::read_to_string(&files[1]).unwrap();
        assert!(page.contains(&format!("<title>{title}</title>")), "{value}");
    }
    // The packs' findings are real ones: the comparison above is not of zeros.
    assert!(errors_in_packs > 0);
    let audit = dir
        .path()
        .join("out/packs/IPR-2026-09-committee-audit.xlsx");
    assert_eq!(
        sheet(&audit, "Summary")[0][0],
        "Herefordshire Council: Integrated Performance Report for the Audit committee, September 2026"
    );
    assert_eq!(
        sheet(&dir.path().join("out/IPR-2026-09.xlsx"), "Summary")[0][0],
        "Herefordshire Council: Integrated Performance Report, September 2026"
    );
}

/// (rule, file, cell, indicator) of each finding, for comparing two runs.
fn finding_keys(json: &Value) -> Vec<(String, String, String, String)> {
    let s = |f: &Value, k: &str| f[k].as_str().unwrap_or("").to_string();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (s(f, "rule"), s(f, "file"), s(f, "cell"), s(f, "indicator")))
        .collect()
}

#[test]
fn grouping_columns_raise_no_finding_and_are_kept() {
    let (Some(with), Some(without)) = (council("make_packs.py"), council("make_plan_month.py"))
    else {
        return;
    };
    consolidate(with.path());
    consolidate(without.path());
    let a = common::read_json(&with.path().join("out/IPR-2026-09.json"));
    let b = common::read_json(&without.path().join("out/IPR-2026-09.json"));
    assert!(!finding_keys(&a).is_empty());
    assert_eq!(finding_keys(&a), finding_keys(&b));
    assert!(b.get("packs").is_none());
    assert!(b["indicators"][0].get("attributes").is_none());
    assert!(!without.path().join("out/packs").exists());
    // Every column the council added, on the Register sheet and in attributes.
    let res01 = &a["indicators"][0];
    assert_eq!(res01["code"], "RES-01");
    assert_eq!(res01["attributes"]["Committee"], "Resources Scrutiny");
    assert_eq!(res01["attributes"]["Ward"], "Central");
    assert_eq!(a["indicators"][2]["attributes"]["Committee"], Value::Null);
    assert_eq!(a["indicators"][2]["attributes"]["Ward"], Value::Null);
    let register = sheet(&with.path().join("out/IPR-2026-09.xlsx"), "Register");
    let header = &register[0];
    let at = |h: &str| {
        header
            .iter()
            .position(|x| x == h)
            .unwrap_or_else(|| panic!("{h}: {header:?}"))
    };
    let (committee, priority, ward) = (at("Committee"), at("Priority"), at("Ward"));
    assert!(committee < priority && priority < ward);
    assert_eq!(register[2][committee], "Resources Scrutiny; Audit");
    assert_eq!(register[4][priority], "Healthy lives");
    assert_eq!(register[1][ward], "Central");
}

#[test]
fn a_pack_no_longer_in_the_register_is_left_and_a_wrong_column_writes_nothing() {
    let Some(dir) = council("make_packs.py") else {
        return;
    };
    let packs = dir.path().join("out/packs");
    std::fs::create_dir_all(&packs).unwrap();
    let old = packs.join("IPR-2026-09-committee-planning.xlsx");
    std::fs::write(&old, b"last year's planning committee pack").unwrap();
    let out = consolidate(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    assert_eq!(
        std::fs::read(&old).unwrap(),
        b"last year's planning committee pack"
    );
    assert!(packs.join("IPR-2026-09-committee-audit.xlsx").is_file());

    // A file where the packs folder goes: said plainly, nothing written.
    let blocked = council("make_packs.py").unwrap();
    std::fs::create_dir_all(blocked.path().join("out")).unwrap();
    std::fs::write(blocked.path().join("out/packs"), b"a stray file").unwrap();
    let out = consolidate(blocked.path());
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(
        err.contains("it is a file, not a folder") && err.contains("nothing was written"),
        "{err}"
    );
    assert!(!blocked.path().join("out/IPR-2026-09.xlsx").exists());
    assert!(!blocked.path().join("out/remedial").exists());

    // A column the register does not have: said plainly, nothing written.
    let other = council("make_packs.py").unwrap();
    let toml = other.path().join("ipr.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replace("\"Committee\"", "\"Comittee\"")).unwrap();
    let out = consolidate(other.path());
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(
        err.contains("'Comittee'") && err.contains("Committee, Priority, Ward"),
        "{err}"
    );
    assert!(!other.path().join("out/IPR-2026-09.xlsx").exists());
}

#[test]
fn each_packs_summary_prints_on_one_a4_page() {
    let Some(dir) = council("make_packs.py") else {
        return;
    };
    if common::require(common::Tool::Soffice).is_none()
        || common::require(common::Tool::Pdftotext).is_none()
    {
        return;
    }
    consolidate(dir.path());
    let packs = dir.path().join("out/packs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&packs)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 3);
    let pdf = dir.path().join("pdf");
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    common::soffice_convert(&refs, "pdf", &pdf);
    for f in &files {
        let name = f.with_extension("pdf");
        let pdf_file = pdf.join(name.file_name().unwrap());
        let text = std::process::Command::new("pdftotext")
            .args(["-layout"])
            .arg(&pdf_file)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let text = String::from_utf8_lossy(&text.stdout).to_string();
        // Each page ends with its footer: the sheet's name, then "Page n of m".
        let summary_pages = text
            .split('\u{c}')
            .filter(|page| {
                page.lines().any(|l| {
                    let l = l.trim();
                    l.starts_with("Summary") && l.contains("Page ")
                })
            })
            .count();
        assert_eq!(summary_pages, 1, "{}", f.display());
        let media = std::process::Command::new("pdfinfo")
            .arg(&pdf_file)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
            .unwrap_or_default();
        if !media.is_empty() {
            // A4, as pdfinfo names the page size.
            assert!(media.contains("(A4)"), "{media}");
        }
    }
}

#[test]
fn the_councils_name_is_on_the_forms_and_the_blank_returns() {
    let Some(dir) = council("make_packs.py") else {
        return;
    };
    consolidate(dir.path());
    let mut forms: Vec<PathBuf> = std::fs::read_dir(dir.path().join("out/remedial"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    forms.sort();
    // Three indicator exceptions and three action exceptions.
    assert_eq!(forms.len(), 6, "{forms:?}");
    for form in &forms {
        let title = &sheet(form, "Remedial action")[0][0];
        assert!(
            title.starts_with("Herefordshire Council: Remedial action report"),
            "{title}"
        );
    }
    let out = common::ipr(dir.path())
        .args(["template", "--period", "2026-09", "--out", "blank"])
        .output()
        .expect("ipr runs");
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let blank = dir.path().join("blank/Resources-2026-09.xlsx");
    for (name, want) in [
        (
            "Return",
            "Herefordshire Council: Performance return: Resources, September 2026",
        ),
        (
            "Instructions",
            "Herefordshire Council: Performance return for Resources: September 2026",
        ),
        (
            "Actions",
            "Herefordshire Council: Progress on the action plan: Resources, September 2026",
        ),
    ] {
        assert_eq!(sheet(&blank, name)[0][0], want, "{name}");
    }
}

/// Runs a python3 script on `path` (python3 is there: the fixtures needed it).
fn python(script: &str, path: &Path) {
    let status = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .status()
        .expect("python3 runs");
    assert!(status.success());
}

#[test]
fn with_a_priority_column_the_lists_are_grouped_by_priority_then_directorate() {
    let Some(dir) = council("make_packs.py") else {
        return;
    };
    // Priorities in an order of their own: RES-01 names two (listed under
    // its first), ASC-01 is spelt otherwise, RES-02 has none.
    let script = "import openpyxl,sys\nwb=openpyxl.load_workbook(sys.argv[1])\n\
                  ws=wb['Indicators']\nh=[c.value for c in ws[1]]\np=h.index('Priority')+1\n\
                  pr={'RES-01':'Healthy lives; A well-run council','RES-02':None,\
                  'RES-03':'A well-run council','ASC-01':' healthy lives'}\n\
                  for r in range(2,ws.max_row+1):\n    ws.cell(r,p).value=pr[ws.cell(r,1).value]\n\
                  wb.save(sys.argv[1])\n";
    python(script, &dir.path().join("register.xlsx"));
    consolidate(dir.path());
    let xlsx = dir.path().join("out/IPR-2026-09.xlsx");
    let main = common::read_json(&dir.path().join("out/IPR-2026-09.json"));
    let exceptions: Vec<&str> = main["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["exception"] == true)
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    // The JSON keeps the register's order; the three lists do not.
    assert_eq!(exceptions, ["RES-02", "RES-03", "ASC-01"]);
    let codes: Vec<String> = sheet(&xlsx, "Indicators")
        .iter()
        .skip(1)
        .map(|r| r[1].clone())
        .collect();
    assert_eq!(codes, ["RES-01", "ASC-01", "RES-03", "RES-02"]);
    // The Summary: each priority's heading above its first exception.
    let rows = sheet(&xlsx, "Summary");
    let head = rows
        .iter()
        .position(|r| r[0] == "Directorate" && r[1] == "Code")
        .expect("the exception list");
    let listed: Vec<String> = rows[head + 1..head + 7]
        .iter()
        .map(|r| {
            if r[1].is_empty() {
                r[0].clone()
            } else {
                r[1].clone()
            }
        })
        .collect();
    assert_eq!(
        listed,
        [
            "Healthy lives",
            "ASC-01",
            "A well-run council",
            "RES-03",
            "No priority",
            "RES-02"
        ]
    );
    // The page lists the exceptions in the same order.
    let page = std::fs::read_to_string(dir.path().join("out/IPR-2026-09.html")).unwrap();
    let at = |code: &str| page.find(code).unwrap_or_else(|| panic!("{code}"));
    assert!(at("ASC-01") < at("RES-03") && at("RES-03") < at("RES-02"));

    // Without the column, the register's order everywhere.
    let Some(plain) = council("make_packs.py") else {
        return;
    };
    let drop = "import openpyxl,sys\nwb=openpyxl.load_workbook(sys.argv[1])\n\
                ws=wb['Indicators']\nh=[c.value for c in ws[1]]\n\
                ws.delete_cols(h.index('Priority')+1)\nwb.save(sys.argv[1])\n";
    python(drop, &plain.path().join("register.xlsx"));
    consolidate(plain.path());
    let xlsx = plain.path().join("out/IPR-2026-09.xlsx");
    let codes: Vec<String> = sheet(&xlsx, "Indicators")
        .iter()
        .skip(1)
        .map(|r| r[1].clone())
        .collect();
    assert_eq!(codes, ["RES-01", "RES-02", "RES-03", "ASC-01"]);
}

/// The council of make_budget.py, cut into packs by its Budgets sheet's
/// Committee column (its indicators have none).
fn budget_council() -> Option<tempfile::TempDir> {
    let src = common::fixtures("make_budget.py")?.join("council");
    let dir = common::temp_dir();
    copy_tree(&src, dir.path());
    let toml = dir.path().join("ipr.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("packs = [\"Committee\"]\n");
    std::fs::write(&toml, text).unwrap();
    Some(dir)
}

/// Pounds in a JSON field (null as none).
fn pounds(v: &Value) -> f64 {
    v.as_f64().unwrap_or(0.0)
}

#[test]
fn a_pack_holds_its_budget_lines_with_the_main_reports_totals_over_them() {
    let Some(dir) = budget_council() else {
        return;
    };
    let out = consolidate(dir.path());
    // The console says what each pack holds, its budget lines too.
    let stdout = common::stdout(&out);
    assert!(
        stdout.contains(", 2 budget lines; wrote ") && stdout.contains(", 1 budget line; wrote "),
        "{stdout}"
    );
    let main = common::read_json(&dir.path().join("out/IPR-2026-09.json"));
    let packs = main["packs"].as_array().expect("packs in the JSON");
    let got: Vec<(String, Vec<String>)> = packs
        .iter()
        .map(|p| {
            (
                p["value"].as_str().unwrap().to_string(),
                strings(&p["budgets"]),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Resources Scrutiny".to_string(),
                vec!["CC100".to_string(), "IN-1".to_string()]
            ),
            ("Adults Scrutiny".to_string(), vec!["AH-1".to_string()]),
        ]
    );
    let lines = main["budgets"].as_array().unwrap();
    let xlsx = dir
        .path()
        .join("out/packs/IPR-2026-09-committee-resources-scrutiny.xlsx");
    let finance = sheet(&xlsx, "Finance");
    // Exactly its lines, and each Type's council total the main report's
    // figures summed over them.
    let refs: BTreeSet<&str> = lines.iter().map(|l| l["ref"].as_str().unwrap()).collect();
    let listed: BTreeSet<&str> = finance
        .iter()
        .map(|r| r[0].as_str())
        .filter(|r| refs.contains(r))
        .collect();
    assert_eq!(listed, BTreeSet::from(["CC100", "IN-1"]));
    for (kind, reference) in [("expenditure", "CC100"), ("income", "IN-1")] {
        let line = lines.iter().find(|l| l["ref"] == reference).unwrap();
        let forecast = if line["forecast"].is_null() {
            pounds(&line["budget"])
        } else {
            pounds(&line["forecast"])
        };
        let total = finance
            .iter()
            .find(|r| r[0] == format!("Council total: {kind}"))
            .unwrap_or_else(|| panic!("a council total for {kind}: {finance:?}"));
        let number = |k: usize| total[k].parse::<f64>().unwrap();
        assert_eq!(number(5), pounds(&line["budget"]), "{kind}");
        assert_eq!(number(7), forecast, "{kind}");
        assert_eq!(number(8), pounds(&line["variance"]), "{kind}");
    }
    assert!(!finance.iter().any(|r| r[0] == "Council total: capital"));
    // The Summary: the finance line over its lines, and only its exceptions.
    let summary = sheet(&xlsx, "Summary");
    let line = summary
        .iter()
        .find(|r| r[0] == "Finance")
        .expect("a finance line")[1]
        .clone();
    assert!(line.starts_with("2 budget lines:"), "{line}");
    assert!(!line.contains("Capital"), "{line}");
    let refs_listed: Vec<&str> = summary
        .iter()
        .map(|r| r[1].as_str())
        .filter(|r| refs.contains(r))
        .collect();
    assert!(refs_listed.iter().all(|r| ["CC100", "IN-1"].contains(r)));
    assert!(refs_listed.contains(&"CC100"), "{summary:?}");
    // Its page: its lines, not the others'.
    let page = std::fs::read_to_string(xlsx.with_extension("html")).unwrap();
    assert!(page.contains("CC100") && !page.contains("CAP-1") && !page.contains("AH-1"));
    // A pack has no History sheet; the main report keeps its own.
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    assert!(!wb.sheet_names().iter().any(|n| n == "History"));
    let main_wb = open_workbook_auto(dir.path().join("out/IPR-2026-09.xlsx")).unwrap();
    assert!(main_wb.sheet_names().iter().any(|n| n == "History"));
    assert!(wb.worksheet_range("Finance").is_ok());
}

#[test]
fn a_packs_summary_lists_only_its_own_directorates_actions() {
    let Some(dir) = council("make_packs.py") else {
        return;
    };
    consolidate(dir.path());
    let rows_of = |name: &str| {
        let rows = sheet(&dir.path().join("out").join(name), "Summary");
        let top = rows
            .iter()
            .position(|r| r[0] == "Action plan")
            .expect("the action table");
        rows[top + 1..]
            .iter()
            .map(|r| r[0].clone())
            // A small pack's changes since last month may follow in a row.
            .take_while(|d| {
                !d.is_empty() && !d.starts_with("Exceptions") && d != "Changes since last month"
            })
            .collect::<Vec<_>>()
    };
    // The main report has every plan directorate; the Resources Scrutiny
    // pack (RES-01, RES-02 and CP-1) has Resources alone.
    let all = rows_of("IPR-2026-09.xlsx");
    assert!(all.len() > 2, "{all:?}");
    assert_eq!(
        rows_of("packs/IPR-2026-09-committee-resources-scrutiny.xlsx"),
        ["Council", "Resources"]
    );
}

#[test]
fn the_register_sheet_prints_the_councils_own_columns() {
    let Some(dir) = council("make_packs.py") else {
        return;
    };
    consolidate(dir.path());
    let xlsx = dir.path().join("out/IPR-2026-09.xlsx");
    let header = sheet(&xlsx, "Register")[0].clone();
    let at = |h: &str| header.iter().position(|x| x == h).unwrap();
    // After Owner, before the columns of settings.
    assert!(
        at("Owner") < at("Committee") && at("Ward") < at("Unit"),
        "{header:?}"
    );
    // The print area reaches past them (xl/workbook.xml's defined name).
    let file = std::fs::File::open(&xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut xml).unwrap();
    let area = xml
        .split("<definedName ")
        .find(|d| d.contains("_xlnm.Print_Area") && d.contains(">Register!"))
        .expect("the Register's print area");
    let last = area.split(":$").nth(1).unwrap().split('<').next().unwrap();
    let last_col = last
        .chars()
        .fold(0usize, |n, c| n * 26 + (c as usize - 'A' as usize + 1));
    assert!(last_col > at("Ward") + 1, "{area}");
}
