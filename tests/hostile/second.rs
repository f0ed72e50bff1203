//! The second hostile corpus (`make_second_corpus.py`, issue 22): inputs that
//! reach the file system and the outputs. Each class of case is run through
//! `check`, `consolidate` or `template` as a user would (`harness.rs`), and what
//! reaches the disk, the workbook, the web page and the console is asserted by
//! hand; every run leaves its inputs as they were and writes only under `--out`.

use crate::common;
use crate::harness::{
    check, consolidate, corpus, form_code, run, sheet, skipped, snapshot, template, Run,
};
use ipr::model::Rule;
use std::io::Read;

#[test]
fn codes_that_differ_only_in_punctuation_get_forms_of_their_own() {
    let Some(dir) = corpus() else { return };
    let case = dir.join("forms");
    let before = snapshot(&case);
    let out = common::temp_dir();
    let answers = case.join("answers");
    let r = consolidate(
        &case,
        out.path(),
        &case.join("returns"),
        &["--actions".as_ref(), answers.as_os_str()],
    );
    assert_eq!(r.code, 0, "{}{}", r.out, r.err);
    assert!(!r.out.contains("Kept"), "{}", r.out);
    // Six codes, six forms, each naming its own code in its hidden metadata.
    let remedial = out.path().join("remedial");
    let mut codes: Vec<String> = std::fs::read_dir(&remedial)
        .expect("the forms")
        .flatten()
        .map(|e| form_code(&e.path()))
        .collect();
    codes.sort();
    assert_eq!(codes, ["A*5", "A/5", "A:5", "A<5>", "A?5", "A|5"]);
    // Each exception links to its own form: the blank one written for it, or
    // the completed one read back.
    let (_, rows) = sheet(&out.path().join("IPR-2026-09.xlsx"), "Exceptions");
    let head = &rows[0];
    let col = |h: &str| head.iter().position(|x| x == h).expect(h);
    let (code, state, form) = (col("Code"), col("Remedial action"), col("Form"));
    assert_eq!(rows.len(), 7, "{rows:?}");
    for row in &rows[1..] {
        let folder = match row[state].as_str() {
            "Outstanding" => &remedial,
            "Received" => &answers,
            other => panic!("{other}"),
        };
        assert_eq!(form_code(&folder.join(&row[form])), row[code], "{row:?}");
    }
    // Completed forms named the old way (both once 2026-09-A-5.xlsx) come back
    // to the indicator their metadata names, whatever the file is called.
    let json = common::read_json(&out.path().join("IPR-2026-09.json"));
    let reason = |c: &str| {
        json["exceptions"]
            .as_array()
            .expect("exceptions")
            .iter()
            .find(|e| e["code"] == c)
            .map(|e| e["action"]["reason"].clone())
    };
    assert_eq!(reason("A/5"), Some("Reason given for A/5".into()));
    assert_eq!(reason("A:5"), Some("Reason given for A:5".into()));
    // Run again: every form is kept as it is, none overwritten.
    let forms = snapshot(&remedial);
    let again = consolidate(&case, out.path(), &case.join("returns"), &[]);
    assert_eq!(again.out.matches("Kept ").count(), 6, "{}", again.out);
    assert_eq!(forms, snapshot(&remedial));
    assert_eq!(before, snapshot(&case), "an input changed");
}

#[test]
fn pipes_and_devices_are_refused_in_plain_words_and_never_waited_on() {
    let Some(dir) = corpus() else { return };
    if skipped(dir, "pipes") {
        return;
    }
    let case = dir.join("pipes");
    let before = snapshot(&case);
    let register = case.join("register.csv");
    // In a folder of returns, and named on the command line.
    let r = check(
        &register,
        &["--format", "json"],
        &[&case.join("returns"), &case.join("x.xlsx")],
    );
    assert_eq!(r.code, 1, "{}", r.err);
    let json: serde_json::Value = serde_json::from_str(&r.out).expect("JSON");
    let said = |file: &str| -> String {
        json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["file"].as_str().unwrap_or("").ends_with(file))
            .map(|f| f["message"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert!(said("returns/x.xlsx").contains("a named pipe (FIFO), not a file"));
    assert!(said("returns/y.xlsx").contains("a device (such as /dev/zero)"));
    assert!(said("returns/z.csv").contains("a device"));
    let named = said("pipes/x.xlsx");
    assert!(
        named.contains("named pipe") && !named.contains("There is no file"),
        "{named}"
    );
    assert_eq!(json["summary"]["files"], 1, "the good return alone is read");
    // Last month's JSON in the output folder is a link to /dev/zero.
    let out = common::temp_dir();
    std::os::unix::fs::symlink("/dev/zero", out.path().join("IPR-2026-08.json")).expect("link");
    let r = consolidate(&case, out.path(), &case.join("returns"), &[]);
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(
        r.err.contains("IPR-2026-08.json") && r.err.contains("a device"),
        "{}",
        r.err
    );
    assert!(!out.path().join("IPR-2026-09.json").exists());
    // --previous a pipe; a pipe among the completed forms.
    let out = common::temp_dir();
    let previous = case.join("previous.json");
    let r = consolidate(
        &case,
        out.path(),
        &case.join("returns"),
        &["--previous".as_ref(), previous.as_os_str()],
    );
    assert_eq!(r.code, 2);
    assert!(r.err.contains("named pipe"), "{}", r.err);
    let forms = case.join("forms");
    let r = consolidate(
        &case,
        out.path(),
        &case.join("returns"),
        &["--actions".as_ref(), forms.as_os_str()],
    );
    assert!(r.code == 0 || r.code == 1, "{}", r.err);
    assert!(
        r.out.contains("2026-09-P-1.xlsx: it is a named pipe"),
        "{}",
        r.out
    );
    // template --history a pipe: refused, no template written.
    let tout = common::temp_dir();
    let pipe = case.join("x.xlsx");
    let r = template(
        &register,
        tout.path(),
        &["--history".as_ref(), pipe.as_os_str()],
    );
    assert_eq!(r.code, 2);
    assert!(r.err.contains("named pipe"), "{}", r.err);
    assert_eq!(std::fs::read_dir(tout.path()).expect("out").count(), 0);
    assert_eq!(before, snapshot(&case), "an input changed");
}

#[test]
fn deep_folders_are_searched_at_once_and_those_past_the_path_limit_are_named() {
    let Some(dir) = corpus() else { return };
    let case = dir.join("deep");
    let before = snapshot(&case);
    let register = case.join("register.csv");
    // The return 1,500 folders down is found and read.
    let r = check(&register, &[], &[&case.join("ok")]);
    assert_eq!(r.code, 0, "{}{}", r.out, r.err);
    assert!(r.out.contains("1 file checked: 0 errors"), "{}", r.out);
    if skipped(dir, "deep/toolong") {
        return;
    }
    let r = check(&register, &[], &[&case.join("toolong")]);
    assert_eq!(r.code, 1, "{}", r.err);
    // Named by the folder given, how far down and how much too long: never
    // by a path of thousands of characters.
    assert!(
        r.out
            .contains("levels down inside it was not searched: its path is")
            && r.out.contains("more than the system allows")
            && r.out.contains("under 'ddd'"),
        "{}",
        &r.out[r.out.len().saturating_sub(600)..]
    );
    let longest = r.out.lines().map(str::len).max().unwrap_or(0);
    assert!(
        longest < 400,
        "a line of {longest} characters:\n{}",
        &r.out[..r.out.len().min(600)]
    );
    assert_eq!(before, snapshot(&case), "an input changed");
}

#[test]
fn one_directorate_however_the_register_spells_it() {
    let Some(dir) = corpus() else { return };
    let case = dir.join("dirs");
    let before = snapshot(&case);
    let out = common::temp_dir();
    let r = consolidate(&case, out.path(), &case.join("returns"), &[]);
    // The console's counts agree with each other and with the JSON.
    assert!(r.out.contains("7 indicators due"), "{}", r.out);
    assert!(
        r.out.contains("Coverage: 5 of 7 indicators due"),
        "{}",
        r.out
    );
    assert!(r.out.contains("No return from Other."), "{}", r.out);
    assert_eq!(r.out.matches("No return from").count(), 1, "{}", r.out);
    let json = common::read_json(&out.path().join("IPR-2026-09.json"));
    let rows: Vec<(String, u64, u64)> = json["coverage"]["directorates"]
        .as_array()
        .expect("coverage")
        .iter()
        .map(|d| {
            (
                d["directorate"].as_str().unwrap_or("").to_string(),
                d["returns"].as_u64().unwrap_or(9),
                d["expected"].as_u64().unwrap_or(9),
            )
        })
        .collect();
    let expected = [
        ("HOUSING", 1, 2),
        ("Adults/Health", 1, 2),
        ("Resources", 1, 2),
        ("Other", 0, 1),
    ];
    let expected: Vec<(String, u64, u64)> = expected
        .iter()
        .map(|(d, n, e)| (d.to_string(), *n, *e))
        .collect();
    assert_eq!(rows, expected);
    let (names, _) = sheet(&out.path().join("IPR-2026-09.xlsx"), "Summary");
    assert_eq!(
        names[7..],
        ["HOUSING", "Adults-Health", "Resources", "Other"]
    );
    // One template per directorate, none "kept" moments after it was written.
    let tout = common::temp_dir();
    let r = template(&case.join("register.csv"), tout.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(r.out.matches("Wrote ").count(), 4, "{}", r.out);
    assert!(!r.out.contains("Kept"), "{}", r.out);
    assert_eq!(before, snapshot(&case), "an input changed");
}

#[test]
fn the_output_folder_and_ipr_s_own_workbooks_are_never_read_as_returns() {
    let Some(dir) = corpus() else { return };
    // Copied: the report is written inside this returns folder.
    let work = common::temp_dir();
    let case = work.path();
    std::fs::copy(dir.join("own/register.csv"), case.join("register.csv")).expect("copy");
    std::fs::create_dir(case.join("returns")).expect("folder");
    std::fs::copy(
        dir.join("own/returns/Dir-2026-09.csv"),
        case.join("returns/Dir-2026-09.csv"),
    )
    .expect("copy");
    let (returns, out) = (case.join("returns"), case.join("returns/out"));
    let findings = |r: &Run| -> Vec<String> {
        assert!(r.code == 0 || r.code == 1, "{}", r.err);
        let json = common::read_json(&out.join("IPR-2026-09.json"));
        json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| format!("{} {}", f["rule"], f["file"]))
            .collect()
    };
    let first = consolidate(case, &out, &returns, &[]);
    let before = findings(&first);
    let second = consolidate(case, &out, &returns, &[]);
    assert_eq!(first.code, second.code);
    assert_eq!(before, findings(&second));
    assert!(out.join("remedial").read_dir().expect("forms").count() > 0);
    // Last month's outputs copied among the returns: named, not read.
    let old = returns.join("august");
    std::fs::create_dir(&old).expect("folder");
    std::fs::copy(out.join("IPR-2026-09.xlsx"), old.join("IPR-2026-08.xlsx")).expect("copy");
    std::fs::copy(
        out.join("remedial/2026-09-O-1.xlsx"),
        old.join("2026-08-O-1.xlsx"),
    )
    .expect("copy");
    let third = consolidate(case, &out, &returns, &[]);
    assert_eq!(third.code, first.code, "{}", third.out);
    let mut got = findings(&third);
    got.retain(|f| !before.contains(f));
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|f| f.starts_with("\"DQ008\"")), "{got:?}");
}

#[test]
fn control_characters_never_reach_the_terminal_nor_overrides_the_page_or_tabs() {
    let Some(dir) = corpus() else { return };
    let case = dir.join("ctl");
    let before = snapshot(&case);
    let register = case.join("register.csv");
    let r = check(&register, &[], &[&case.join("returns")]);
    let bad = |b: &[u8]| b.iter().any(|&c| c == 0x1b || c == b'\r' || c == 0);
    assert!(!bad(&r.raw), "{:?}", r.out);
    assert!(
        r.out.contains(r"'\u{1b}[2J\u{1b}[31mred\rX\0'"),
        "{}",
        r.out
    );
    let out = common::temp_dir();
    let r = consolidate(&case, out.path(), &case.join("returns"), &[]);
    assert!(!bad(&r.raw) && !r.out.contains('\u{202E}'), "{:?}", r.out);
    assert!(r
        .out
        .contains(r"Clears \u{1b}[2J\u{1b}[H the screen\rOVERWRITTEN"));
    let html = std::fs::read_to_string(out.path().join("IPR-2026-09.html")).expect("page");
    assert!(
        html.contains("Title reversed back"),
        "the commentary is on the page"
    );
    assert!(!html.contains('\u{202E}') && !html.contains('\u{202C}'));
    let (names, _) = sheet(&out.path().join("IPR-2026-09.xlsx"), "Summary");
    assert!(names.contains(&"Adults atad".to_string()), "{names:?}");
    let r = check(&register, &["--format", "json"], &[&case.join("returns")]);
    assert!(!bad(&r.raw) && !r.out.contains('\u{202E}'), "{}", r.out);
    let json: serde_json::Value = serde_json::from_str(&r.out).expect("still JSON");
    assert!(
        json.to_string().contains("\\u001b[2J"),
        "the value is kept, escaped"
    );
    assert_eq!(before, snapshot(&case), "an input changed");
}

#[test]
fn e_notation_is_a_number_and_a_ratio_too_large_for_any_number_disagrees() {
    let Some(dir) = corpus() else { return };
    let case = dir.join("numbers");
    let before = snapshot(&case);
    let out = common::temp_dir();
    let r = consolidate(&case, out.path(), &case.join("returns"), &[]);
    assert!(r.code == 0 || r.code == 1, "{}", r.err);
    let json = common::read_json(&out.path().join("IPR-2026-09.json"));
    let n1 = json["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .find(|i| i["code"] == "N-1")
        .expect("N-1");
    assert_eq!(n1["actual"], 1_600_000.0);
    assert_eq!(n1["annual_target"], 1_500_000.0);
    let findings = json["findings"].as_array().expect("findings");
    assert!(
        !findings.iter().any(|f| f["rule"] == Rule::DQ010.id()),
        "{findings:?}"
    );
    let dq040 = findings
        .iter()
        .find(|f| f["rule"] == Rule::DQ040.id() && f["indicator"] == "N-2")
        .expect("the ratio disagrees");
    assert!(
        dq040["message"]
            .as_str()
            .unwrap_or("")
            .contains("1E+308 / 1E-308 x 100 is too large"),
        "{dq040}"
    );
    assert_eq!(before, snapshot(&case), "an input changed");
}

#[test]
fn names_too_long_for_a_file_system_are_cut_and_a_stray_file_changes_nothing() {
    let Some(dir) = corpus() else { return };
    let case = dir.join("long");
    let before = snapshot(&case);
    let out = common::temp_dir();
    let r = consolidate(&case, out.path(), &case.join("returns"), &[]);
    assert!(r.code == 0 || r.code == 1, "{}", r.err);
    let names: Vec<String> = std::fs::read_dir(out.path().join("remedial"))
        .expect("forms")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.iter().all(|n| n.len() <= 120), "{names:?}");
    let tout = common::temp_dir();
    let r = template(&case.join("register.csv"), tout.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(std::fs::read_dir(tout.path()).expect("out").count(), 2);
    // A file named remedial where the forms go: nothing is replaced, and it says so.
    let good = snapshot(out.path());
    std::fs::remove_dir_all(out.path().join("remedial")).expect("forms");
    std::fs::write(out.path().join("remedial"), b"a stray note").expect("file");
    let written = snapshot(out.path());
    let r = consolidate(&case, out.path(), &case.join("returns"), &[]);
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(
        r.err.contains("it is a file, not a folder") && r.err.contains("nothing was written"),
        "{}",
        r.err
    );
    assert!(!r.err.contains("Nothing was changed"));
    assert_eq!(written, snapshot(out.path()));
    assert_eq!(
        good.get(&out.path().join("IPR-2026-09.json")),
        written.get(&out.path().join("IPR-2026-09.json"))
    );
    assert_eq!(before, snapshot(&case), "an input changed");
}

#[test]
fn a_templates_own_register_is_reported_on_its_hidden_sheet() {
    let Some(dir) = corpus() else { return };
    let file = dir.join("template/Dir-2026-09.xlsx");
    let r = run(["check".as_ref(), file.as_os_str()]);
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(
        r.err
            .contains("sheet 'ipr_register', cell B3: indicator T-2 has no title"),
        "{}",
        r.err
    );
    assert!(r.err.contains("give --register"), "{}", r.err);
    assert!(!r.err.contains("'Indicators'"), "{}", r.err);
}

#[test]
fn a_file_name_that_is_not_utf8_is_read_and_given_no_link_to_nowhere() {
    let Some(dir) = corpus() else { return };
    if skipped(dir, "names") {
        return;
    }
    let case = dir.join("names");
    let before = snapshot(&case);
    let out = common::temp_dir();
    let r = consolidate(&case, out.path(), &case.join("returns"), &[]);
    assert_eq!(r.code, 1, "{}", r.err);
    let json = common::read_json(&out.path().join("IPR-2026-09.json"));
    let f = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == Rule::DQ010.id())
        .expect("the return was read: its bad cell is found");
    assert!(f["file"].as_str().unwrap_or("").contains('\u{FFFD}'));
    // No link in the workbook leads to the name with U+FFFD in it.
    let xlsx = std::fs::File::open(out.path().join("IPR-2026-09.xlsx")).expect("workbook");
    let mut zip = zip::ZipArchive::new(xlsx).expect("a zip");
    let mut links = 0;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("part");
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        if !name.ends_with(".rels") {
            continue;
        }
        let mut text = String::new();
        part.read_to_string(&mut text).expect("text");
        links += text.matches("relationships/hyperlink").count();
        assert!(
            !text.contains('\u{FFFD}') && !text.contains("%EF%BF%BD"),
            "{name}: {text}"
        );
    }
    assert_eq!(links, 0, "the only return's name cannot be linked to");
    assert_eq!(before, snapshot(&case), "an input changed");
}
