//! The whole loop, with the real binary: `ipr template` -> filled in (openpyxl,
//! as a person would in Excel) -> `ipr check` -> `ipr consolidate` ->
//! remedial-action forms out -> a form filled in -> `consolidate --actions` ->
//! the action beside its exception. Also `ipr init`, and the generated
//! workbooks opened by LibreOffice and inspected as XML.
//!
//! Steps needing python3 with openpyxl, or LibreOffice, are skipped with a
//! printed reason where those are missing (and fail under `CI=true`).

mod common;

use calamine::{open_workbook_auto, Reader};
use common::{ipr, read_json, register, sample_return, stderr, stdout, Tool};
use ipr::model::RemedialAction;
use ipr::model::Rule;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fill_script() -> PathBuf {
    common::root().join("tests/fixtures/loop_fill.py")
}

/// Runs the fill script; panics with its error output if it fails.
fn fill(kind: &str, src: &Path, dst: &Path, pairs: &[&str]) {
    let out = Command::new("python3")
        .arg(fill_script())
        .arg(kind)
        .arg(src)
        .arg(dst)
        .args(pairs)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "fill script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One part of an xlsx (a zip), as text.
fn xml_part(file: &Path, part: &str) -> String {
    let f = std::fs::File::open(file).expect("xlsx opens");
    let mut zip = zip::ZipArchive::new(f).expect("xlsx is a zip");
    let mut entry = zip.by_name(part).expect("part present");
    let mut text = String::new();
    entry.read_to_string(&mut text).expect("part is text");
    text
}

/// Rows of a sheet as text cells, from row 1 and column A.
fn sheet_rows(file: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(file).expect("workbook opens");
    let range = wb.worksheet_range(sheet).expect("sheet present");
    common::rows_text(&range)
}

/// The value beside a label in column A.
fn beside<'a>(rows: &'a [Vec<String>], label: &str) -> &'a str {
    rows.iter()
        .find(|r| r.first().map(String::as_str) == Some(label))
        .and_then(|r| r.get(1))
        .map(String::as_str)
        .unwrap_or_else(|| panic!("no {label} in {rows:?}"))
}

fn row_with<'a>(rows: &'a [Vec<String>], code: &str) -> &'a Vec<String> {
    rows.iter()
        .find(|r| r.iter().any(|c| c == code))
        .unwrap_or_else(|| panic!("no row for {code} in {rows:?}"))
}

/// The values typed for the Resources return of October 2026, all valid; RES-07
/// is red (70 against 90, higher is better), with commentary, so it is an exception.
const GOOD: [&str; 8] = [
    "RES-01=96",
    "RES-02=17",
    "RES-03=66",
    "RES-04=67",
    "RES-05=8.5",
    "RES-06=18000",
    "RES-07=70",
    "RES-07:Commentary=Two vacancies in the information governance team",
];

#[test]
fn template_check_consolidate_form_and_back() {
    if common::require(Tool::Openpyxl).is_none() {
        return;
    }
    let w = common::temp_dir();
    let w = w.path();
    let blank = w.join("blank");

    // 1. Blank returns for October 2026, with September's values for reference.
    let out = ipr(w)
        .arg("template")
        .arg("--register")
        .arg(register())
        .args(["--period", "2026-10", "--out"])
        .arg(&blank)
        .arg("--history")
        .arg(common::returns_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let template = blank.join("Resources-2026-10.xlsx");
    for d in common::DIRECTORATES {
        let name = format!("{}-2026-10.xlsx", d.replace(' ', "-"));
        assert!(blank.join(&name).is_file(), "{name} missing");
    }
    // Context: RES-07 was 92.3 in September (sample README), shown as "Last period".
    let rows = sheet_rows(&template, "Return");
    let header = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("Code"));
    assert_eq!(header, Some(5), "header on row 6");
    let head = &rows[5];
    let last = head.iter().position(|h| h == "Last period").unwrap();
    assert_eq!(row_with(&rows, "RES-07")[last], "92.3");
    assert_eq!(
        rows[2][..2],
        ["Directorate:".to_string(), "Resources".to_string()]
    );
    assert_eq!(rows[3][..2], ["Period:".to_string(), "2026-10".to_string()]);

    // 2. Filled in with good values: read back exactly, and check passes.
    let good = w.join("returns/Resources-2026-10.xlsx");
    std::fs::create_dir_all(good.parent().unwrap()).unwrap();
    fill("return", &template, &good, &GOOD);
    let settings = ipr::config::Settings::default();
    let reg = ipr::register::load_register(
        &register(),
        "register.xlsx",
        &ipr::register::RegisterOptions::default(),
    )
    .unwrap();
    let read = ipr::pipeline::read_returns(std::slice::from_ref(&good), &reg, &settings);
    let r = &read[0];
    assert_eq!(r.directorate.as_deref(), Some("Resources"));
    assert_eq!(r.period, Some(ipr::period::Period::month(2026, 10)));
    let mut got: Vec<(String, Option<f64>)> = r
        .observations
        .iter()
        .map(|o| (o.code.to_string(), o.value))
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    let typed = [96.0, 17.0, 66.0, 67.0, 8.5, 18000.0, 70.0];
    let want: Vec<(String, Option<f64>)> = typed
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("RES-0{}", i + 1), Some(*v)))
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        r.observations[6].commentary.as_deref(),
        Some("Two vacancies in the information governance team")
    );
    let out = ipr(w)
        .arg("check")
        .arg("--register")
        .arg(register())
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // 3. Past the validation: text, and a percentage over 100, each named by cell.
    // RES-01 is the first indicator: row 7; Actual is column D.
    for (value, rule) in [("RES-01=lots", Rule::DQ010), ("RES-01=150", Rule::DQ011)] {
        let bad = w.join("bad.xlsx");
        fill("return", &good, &bad, &[value]);
        let out = ipr(w)
            .arg("check")
            .arg("--register")
            .arg(register())
            .arg(&bad)
            .output()
            .unwrap();
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(text.contains(&format!("ERROR {rule}")), "{text}");
        assert!(text.contains("sheet 'Return', cell D7"), "{text}");
    }

    // 4. Consolidate: one exception (RES-07), so one form, and it is outstanding.
    let consolidate = |extra: &[&str]| {
        ipr(w)
            .arg("consolidate")
            .arg("--register")
            .arg(register())
            .args(["--period", "2026-10", "--out", "out"])
            .args(extra)
            .arg(&good)
            .arg(sample_return("Resources-2026-09.xlsx"))
            .output()
            .unwrap()
    };
    let out = consolidate(&[]);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&out)
    );
    let form = w.join("out/remedial/2026-10-RES-07.xlsx");
    assert!(form.is_file(), "{}", stdout(&out));
    let forms: Vec<_> = std::fs::read_dir(w.join("out/remedial")).unwrap().collect();
    assert_eq!(forms.len(), 1);
    let json = read_json(&w.join("out/IPR-2026-10.json"));
    assert_eq!(json["exceptions"][0]["code"], "RES-07");
    assert!(json["exceptions"][0]["action"].is_null());
    let xlsx = w.join("out/IPR-2026-10.xlsx");
    let rows = sheet_rows(&xlsx, "Exceptions");
    assert!(row_with(&rows, "RES-07").contains(&"Outstanding".to_string()));

    // The form is pre-filled: figures and trend (92.3 in September, 70 in October).
    let form_rows = sheet_rows(&form, "Remedial action");
    assert_eq!(beside(&form_rows, "Actual"), "70");
    assert_eq!(beside(&form_rows, "Annual target"), "90");
    assert_eq!(beside(&form_rows, "2026-09"), "92.3");
    assert_eq!(beside(&form_rows, "2026-10"), "70");
    assert!(beside(&form_rows, "Why a report is needed").starts_with("Red"));

    // 5. The owner completes the form; it comes back in an actions folder.
    let actions = w.join("actions");
    std::fs::create_dir_all(&actions).unwrap();
    fill(
        "form",
        &form,
        &actions.join("2026-10-RES-07.xlsx"),
        &[
            "reason=Two vacancies since August",
            "action=Agency staff start on 2 Nov 2026",
            "lead_officer=Jo Bloggs, Information Governance Manager",
            "back_on_target=31 Mar 2027",
            "status=Open",
        ],
    );
    let before = std::fs::read(&form).unwrap();
    let out = consolidate(&["--actions", "actions"]);
    let text = stdout(&out);
    assert!(text.contains("Kept 2026-10-RES-07.xlsx"), "{text}");
    // Never overwritten.
    assert_eq!(std::fs::read(&form).unwrap(), before);

    let json = read_json(&w.join("out/IPR-2026-10.json"));
    let action = &json["exceptions"][0]["action"];
    assert_eq!(action["reason"], "Two vacancies since August");
    assert_eq!(action["action"], "Agency staff start on 2 Nov 2026");
    assert_eq!(
        action["lead_officer"],
        "Jo Bloggs, Information Governance Manager"
    );
    assert_eq!(action["back_on_target"], "31 Mar 2027");
    assert_eq!(action["status"], "open");
    assert!(action["file"]
        .as_str()
        .unwrap()
        .ends_with("2026-10-RES-07.xlsx"));
    assert_eq!(json["stale_actions"], serde_json::json!([]));

    let rows = sheet_rows(&xlsx, "Exceptions");
    let head = &rows[0];
    let row = row_with(&rows, "RES-07");
    let at = |name: &str| &row[head.iter().position(|h| h == name).unwrap()];
    assert_eq!(at("Reason"), "Two vacancies since August");
    assert_eq!(at("Action"), "Agency staff start on 2 Nov 2026");
    assert_eq!(
        at("Lead officer"),
        "Jo Bloggs, Information Governance Manager"
    );
    assert_eq!(at("Back on target"), "31 Mar 2027");
    assert_eq!(at("Status"), "Open");
    assert_eq!(at("Remedial action"), "Received");
    assert_eq!(at("Form"), "2026-10-RES-07.xlsx");
}

fn action(code: &str, period: &str, reason: Option<&str>, file: &str) -> RemedialAction {
    RemedialAction {
        code: code.into(),
        period: period.into(),
        reason: reason.map(str::to_string),
        status: reason.map(|_| "open".to_string()),
        file: file.into(),
        ..RemedialAction::default()
    }
}

#[test]
fn forms_carry_forward_go_stale_and_blank_ones_are_outstanding() {
    // September 2026 exceptions (sample README): ASC-02, ASC-05, CF-01, EP-02, EP-07, HC-02, HC-05.
    let mut c = common::sample_month("2026-09");
    ipr::remedial::attach(
        &mut c,
        vec![
            // Carried forward from August.
            action("ASC-02", "2026-08", Some("Winter pressures"), "a.xlsx"),
            // Blank: still outstanding.
            action("CF-01", "2026-09", None, "b.xlsx"),
            // From a later period: not used.
            action("EP-02", "2026-10", Some("Too late"), "c.xlsx"),
            // Two forms: September's wins over August's.
            action("HC-02", "2026-08", Some("Old"), "d.xlsx"),
            action("hc-02", "2026-09", Some("New"), "e.xlsx"),
            // RES-01 is green: no longer an exception, so listed as stale.
            action("RES-01", "2026-08", Some("Fixed"), "f.xlsx"),
        ],
    );
    let codes: Vec<&str> = c.remedial.keys().map(String::as_str).collect();
    assert_eq!(codes, ["ASC-02", "HC-02"]);
    assert_eq!(c.remedial["ASC-02"].period, "2026-08");
    assert_eq!(c.remedial["HC-02"].reason.as_deref(), Some("New"));
    assert_eq!(c.stale_remedial.len(), 1);
    assert_eq!(c.stale_remedial[0].code, "RES-01");

    let json = ipr::report::to_json(&c);
    let ex = json["exceptions"].as_array().unwrap();
    let by = |code: &str| ex.iter().find(|e| e["code"] == code).unwrap();
    assert_eq!(by("ASC-02")["action"]["period"], "2026-08");
    assert!(by("CF-01")["action"].is_null());
    assert!(by("EP-02")["action"].is_null());
    assert_eq!(json["stale_actions"][0]["code"], "RES-01");

    // The Exceptions sheet: carried forward says so; the stale form is listed below.
    let dir = common::temp_dir();
    let xlsx = dir.path().join("IPR.xlsx");
    ipr::report::write_workbook(&c, &xlsx).unwrap();
    let rows = sheet_rows(&xlsx, "Exceptions");
    let asc = row_with(&rows, "ASC-02");
    // By heading: with the samples' action plan a "Kind" column comes first.
    let at = |h: &str| rows[0].iter().position(|c| c == h).unwrap();
    assert_eq!(asc[at("Remedial action")], "Carried forward from 2026-08");
    assert_eq!(asc[at("Reason")], "Winter pressures");
    assert_eq!(asc[at("Form")], "a.xlsx");
    assert!(row_with(&rows, "CF-01").contains(&"Outstanding".to_string()));
    let stale = row_with(&rows, "RES-01");
    assert!(stale.contains(&"Fixed".to_string()), "{stale:?}");
    assert!(rows.iter().any(|r| r
        .first()
        .is_some_and(|c| c.contains("no longer exceptions"))));
}

#[test]
fn template_and_form_have_validation_and_passwordless_protection() {
    let w = common::temp_dir();
    let w = w.path();
    let out = ipr(w)
        .arg("template")
        .arg("--register")
        .arg(register())
        .args(["--period", "2026-09", "--out", "blank"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = common::consolidate_samples(&w.join("out"));
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&out)
    );
    let template = w.join("blank/Adults-and-Health-2026-09.xlsx");
    let form = w.join("out/remedial/2026-09-ASC-02.xlsx");

    for file in [&template, &form] {
        let sheet = xml_part(file, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("<dataValidation "), "{}", file.display());
        assert!(sheet.contains("<sheetProtection"), "{}", file.display());
        assert!(!sheet.contains("password="), "{}", file.display());
        let styles = xml_part(file, "xl/styles.xml");
        assert!(styles.contains("locked=\"0\""), "{}", file.display());
        let book = xml_part(file, "xl/workbook.xml");
        assert!(book.contains("name=\"ipr_metadata\""));
        assert!(book.contains("state=\"veryHidden\""));
    }
    // The template: percent 0-100 with a message, whole numbers for counts.
    let sheet = xml_part(&template, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("type=\"decimal\""));
    assert!(sheet.contains("<formula1>0</formula1><formula2>100</formula2>"));
    assert!(sheet.contains("type=\"whole\""));
    assert!(sheet.contains("Type 85 for 85%"));
    // The form: status is a list.
    let sheet = xml_part(&form, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("type=\"list\""));
    assert!(sheet.contains("\"Open,Closed\""));

    // Metadata read back with calamine.
    let meta = sheet_rows(&template, "ipr_metadata");
    let reg_sha = common::sha256_hex(&std::fs::read(register()).unwrap());
    let get = |rows: &[Vec<String>], k: &str| {
        rows.iter()
            .find(|r| r[0] == k)
            .map(|r| r[1].clone())
            .unwrap_or_default()
    };
    assert_eq!(get(&meta, "template_version"), "1");
    assert_eq!(get(&meta, "directorate"), "Adults and Health");
    assert_eq!(get(&meta, "period"), "2026-09");
    assert_eq!(get(&meta, "register_sha256"), reg_sha);
    let meta = sheet_rows(&form, "ipr_metadata");
    assert_eq!(get(&meta, "form_version"), "1");
    assert_eq!(get(&meta, "code"), "ASC-02");
    assert_eq!(get(&meta, "period"), "2026-09");

    // A spreadsheet program opens both.
    if let Some(soffice) = common::require(Tool::Soffice) {
        let profile = w.join("lo-profile");
        let out = Command::new(soffice)
            .arg("--headless")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--convert-to", "pdf", "--outdir"])
            .arg(w.join("pdf"))
            .arg(&template)
            .arg(&form)
            .output()
            .unwrap();
        for name in ["Adults-and-Health-2026-09.pdf", "2026-09-ASC-02.pdf"] {
            let pdf = w.join("pdf").join(name);
            assert!(
                pdf.metadata().map(|m| m.len() > 1000).unwrap_or(false),
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn a_restyled_form_is_still_read_back() {
    if common::require(Tool::Openpyxl).is_none() {
        return;
    }
    let w = common::temp_dir();
    let w = w.path();
    let templates = w.join("house-style");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("remedial-form.toml"),
        "sheet = \"Action plan\"\nfields = [\"status\", \"action\", \"reason\"]\n[labels]\nreason = \"Why?\"\n",
    )
    .unwrap();
    let out = ipr(w)
        .arg("consolidate")
        .arg("--config")
        .arg(common::config())
        .args(["--period", "2026-09", "--out", "out", "--templates"])
        .arg(&templates)
        .arg(common::returns_dir())
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&out)
    );
    let form = w.join("out/remedial/2026-09-HC-05.xlsx");
    let rows = sheet_rows(&form, "Action plan");
    assert!(rows
        .iter()
        .any(|r| r.first().map(String::as_str) == Some("Why?")));
    assert!(!rows
        .iter()
        .any(|r| r.first().map(String::as_str) == Some("Lead officer")));
    let done = w.join("done.xlsx");
    fill(
        "form",
        &form,
        &done,
        &["reason=Voids backlog", "status=Closed"],
    );
    let a = ipr::remedial::read_form(&done, "done.xlsx", &Default::default())
        .unwrap()
        .unwrap();
    assert_eq!(a.code, "HC-05");
    assert_eq!(a.reason.as_deref(), Some("Voids backlog"));
    assert_eq!(a.status.as_deref(), Some("closed"));
    assert_eq!(a.lead_officer, None);
    // A return is not a form.
    let not = ipr::remedial::read_form(
        &sample_return("Resources-2026-09.xlsx"),
        "r.xlsx",
        &Default::default(),
    )
    .unwrap();
    assert_eq!(not, None);
}

#[test]
fn init_makes_a_folder_that_runs_at_once() {
    let w = common::temp_dir();
    let dir = w.path().join("council");
    let out = ipr(w.path()).arg("init").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.join("templates/remedial-form.toml").is_file());
    assert_eq!(
        std::fs::read(dir.join("register.xlsx")).unwrap(),
        std::fs::read(register()).unwrap()
    );

    // No flags at all: the period, register, returns and output come from ipr.toml.
    let out = ipr(&dir).arg("consolidate").output().unwrap();
    // The sample returns carry planted data-quality errors: exit 1, everything written.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(dir.join("output/IPR-2026-09.xlsx").is_file());
    assert!(dir.join("output/remedial/2026-09-ASC-02.xlsx").is_file());
    assert!(stdout(&out).contains("7 exceptions"), "{}", stdout(&out));
    // The action plan comes with it: its progress read, its exceptions' forms written.
    assert!(
        stdout(&out).contains("Action plan: 40 actions"),
        "{}",
        stdout(&out)
    );
    assert!(dir.join("output/remedial/2026-09-CP-A4.xlsx").is_file());
    // A report for each committee the sample register names (SPEC section 14).
    let json = common::read_json(&dir.join("output/IPR-2026-09.json"));
    let packs: Vec<&str> = json["packs"]
        .as_array()
        .expect("packs in the JSON")
        .iter()
        .map(|p| p["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        packs,
        [
            "Adults and Health Scrutiny Committee",
            "Children and Young People Scrutiny Committee",
            "Communities Scrutiny Committee",
            "Audit and Governance Committee"
        ]
    );
    let pack = dir.join(
        "output/packs/IPR-2026-09-committee-children-and-young-people-scrutiny-committee.xlsx",
    );
    assert!(pack.is_file());
    assert!(
        stdout(&out).contains("Pack for the Audit and Governance Committee: 6 indicators"),
        "{}",
        stdout(&out)
    );

    // Not again into a folder with files in it.
    let out = ipr(w.path()).arg("init").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not empty"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
}

#[test]
fn templates_are_never_overwritten() {
    let w = common::temp_dir();
    let run = || {
        ipr(w.path())
            .arg("template")
            .arg("--register")
            .arg(register())
            .args(["--period", "2026-09", "--out", "."])
            .output()
            .unwrap()
    };
    assert_eq!(run().status.code(), Some(0));
    let file = w.path().join("Resources-2026-09.xlsx");
    std::fs::write(&file, b"my figures").unwrap();
    let out = run();
    assert!(stdout(&out).contains("Kept"), "{}", stdout(&out));
    assert_eq!(std::fs::read(&file).unwrap(), b"my figures");
}
