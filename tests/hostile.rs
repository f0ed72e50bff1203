//! Broken and hostile inputs: the corpus made by `tests/hostile/make_corpus.py`
//! (see `tests/hostile/README.md`), each file's outcome asserted by hand; inputs
//! never change; outputs are atomic and reproducible; text is never a formula;
//! and property tests that the parsers and the reader never panic.

mod common;

#[path = "hostile/fuzz.rs"]
mod fuzz;

#[cfg(unix)]
#[path = "hostile/harness.rs"]
mod harness;
#[cfg(unix)]
#[path = "hostile/second.rs"]
mod second;

use common::{ipr, register, returns_dir, sample_return, stderr, Tool, RETURN_FILES};
use ipr::model::Rule;
use ipr::read::{read_book, CellValue, Limits, ReadError};
use std::path::{Path, PathBuf};

/// The corpus, generated once per test run into `target/tmp/hostile/make_corpus`;
/// `None` (with the reason printed) without python3.
fn corpus() -> Option<&'static Path> {
    common::generate("hostile/make_corpus.py", &["--big"], Tool::Python)
}

/// SHA-256 of every file under `dir`, and the target of every symbolic link
/// (not followed: the corpus holds loops), keyed by path.
fn hash_tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, String> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable folder") {
            let path = entry.expect("folder entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).expect("link");
                out.insert(path, format!("-> {}", target.display()));
            } else if meta.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("readable file");
                out.insert(path, common::sha256_hex(&bytes));
            }
        }
    }
    out
}

/// Files the generator could not make here, with its reason (printed by the tests).
fn skipped(dir: &Path, name: &str) -> bool {
    let text = std::fs::read_to_string(dir.join("skipped.txt")).unwrap_or_default();
    match text.lines().find(|l| l.starts_with(name)) {
        Some(reason) => {
            common::skip(reason);
            true
        }
        None => false,
    }
}

/// What `ipr check` must report for one corpus file: a finding with this rule,
/// sheet and cell whose message contains `says` (all hand-written).
struct Expect {
    file: &'static str,
    rule: &'static str,
    sheet: &'static str,
    cell: &'static str,
    says: &'static str,
}

const fn e(
    file: &'static str,
    rule: &'static str,
    sheet: &'static str,
    cell: &'static str,
    says: &'static str,
) -> Expect {
    Expect {
        file,
        rule,
        sheet,
        cell,
        says,
    }
}

/// One row per corpus file that gives a finding.
const EXPECTED: &[Expect] = &[
    e(
        "truncated.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "zip structure is broken",
    ),
    e(
        "corrupt-data.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "part xl/worksheets/sheet1.xml of the file is damaged",
    ),
    e(
        "garbage.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "not a spreadsheet in any format ipr knows",
    ),
    e(
        "empty-file.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "the file is empty (0 bytes)",
    ),
    e(
        "word-renamed.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "it is a Word document (.docx)",
    ),
    e(
        "zip-without-workbook.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "a zip archive that holds no spreadsheet",
    ),
    e(
        "csv-renamed.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "plain text, not an Excel workbook; if it is CSV, rename it to .csv",
    ),
    e(
        "txt-renamed.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "plain text, not an Excel workbook",
    ),
    e("html-as.xls", Rule::DQ005.id(), "", "", "a web page (HTML)"),
    e(
        "xml2003-as.xls",
        Rule::DQ005.id(),
        "",
        "",
        "an Excel 2003 XML spreadsheet",
    ),
    e(
        "pdf-renamed.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "it is a PDF document",
    ),
    e(
        "workbook-renamed.csv",
        Rule::DQ005.id(),
        "",
        "",
        "with a .csv name; rename it to .xlsx",
    ),
    e(
        "notes.txt",
        Rule::DQ005.id(),
        "",
        "",
        "files of type '.txt' are not read",
    ),
    e(
        "Resources-2026-09",
        Rule::DQ005.id(),
        "",
        "",
        "the file has no extension",
    ),
    e(
        "encrypted.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "protected with a password",
    ),
    e(
        "empty-workbook.xlsx",
        Rule::DQ007.id(),
        "",
        "",
        "no visible sheet with anything in it",
    ),
    e(
        "only-hidden-sheets.xlsx",
        Rule::DQ007.id(),
        "",
        "",
        "no visible sheet with anything in it",
    ),
    e(
        "missing-header.xlsx",
        Rule::DQ007.id(),
        "Return",
        "",
        "No table of indicators was found",
    ),
    e(
        "formula-uncached.xlsx",
        Rule::DQ014.id(),
        "Return",
        "C11",
        "=SUM(F6:F7)",
    ),
    e(
        "every-error-value.xlsx",
        Rule::DQ013.id(),
        "Return",
        "C6",
        "#DIV/0!",
    ),
    e(
        "every-error-value.xlsx",
        Rule::DQ013.id(),
        "Return",
        "C7",
        "#N/A",
    ),
    e(
        "every-error-value.xlsx",
        Rule::DQ013.id(),
        "Return",
        "C8",
        "#NAME?",
    ),
    e(
        "every-error-value.xlsx",
        Rule::DQ013.id(),
        "Return",
        "C9",
        "#NULL!",
    ),
    e(
        "every-error-value.xlsx",
        Rule::DQ013.id(),
        "Return",
        "C10",
        "#NUM!",
    ),
    e(
        "every-error-value.xlsx",
        Rule::DQ013.id(),
        "Return",
        "C11",
        "#REF!",
    ),
    e(
        "every-error-value.xlsx",
        Rule::DQ013.id(),
        "Return",
        "C12",
        "#VALUE!",
    ),
    e(
        "error-spill.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "sheet 'Return' has a cell showing the Excel error #SPILL!",
    ),
    e(
        "error-getting-data.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "the Excel error #GETTING_DATA",
    ),
    e("excel-errors.csv", Rule::DQ013.id(), "", "B5", "#DIV/0!"),
    e("excel-errors.csv", Rule::DQ013.id(), "", "B6", "#N/A"),
    e(
        "dates-as-text.xlsx",
        Rule::DQ010.id(),
        "Return",
        "C7",
        "'17/09/2026', which is not a number",
    ),
    e(
        "non-finite-numbers.xlsx",
        Rule::DQ010.id(),
        "Return",
        "C11",
        "not a number",
    ),
    e(
        "long-string.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "cell H10 on sheet 'Return' holds 40,000 characters",
    ),
    e(
        "billion-laughs-shared-strings.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "declares its own entities",
    ),
    e(
        "billion-laughs-sheet.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "sheet 'Return': its XML declares its own entities",
    ),
    e(
        "stray-cell-far-away.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "sheet 'Return' spans 900,000 rows",
    ),
    e(
        "stray-cell-wide.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "spans 6,553,600 cells, more than the limit of 5,000,000",
    ),
    e(
        "zip-bomb.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "looks like a zip bomb",
    ),
    e(
        "zip-bomb-lying-sizes.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "larger than its declared uncompressed size",
    ),
    e(
        "million-rows.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "spans 1,000,000 rows, more than the limit of 500,000",
    ),
    // Two columns headed Performance (C5 and D5): which holds the figures would be a guess.
    e(
        "duplicate-headers.xlsx",
        Rule::DQ017.id(),
        "Return",
        "D5",
        "could each be the value column: C5 ('Performance') and D5 ('Performance')",
    ),
    e(
        "inbox/self-loop.xlsx",
        Rule::DQ005.id(),
        "",
        "",
        "Too many levels of symbolic links",
    ),
];

/// Corpus files that must read cleanly: no finding other than these rules.
const CLEAN: &[(&str, &[&str])] = &[
    // inbox/Resources-2026-09.xlsx is the same file: read once, under this
    // name, with the DQ033 warning naming both (issue 11).
    ("good.xlsx", &[Rule::DQ033.id()]),
    // Declares A1:XFD1048576 over a small table: only cells holding something count.
    ("huge-dimension.xlsx", &[]),
    ("formula-cached.xlsx", &[]),
    ("invisible-characters-in-codes.xlsx", &[]),
    ("merged-over-values.xlsx", &[]),
    // 1,000 / 1,000 read from text with separators disagrees with 8.7: proof they were read.
    ("numbers-as-text.xlsx", &[Rule::DQ040.id()]),
    ("legacy.xls", &[]),
    ("libreoffice.ods", &[]),
    ("inbox/Resources-2026-09.xlsx", &[]),
    ("inbox/unreadable.xlsx", &[]),
];

fn check_json(cwd: &Path, args: &[&Path]) -> (i32, serde_json::Value, String) {
    let out = ipr(cwd)
        .args([
            "check",
            "--format",
            "json",
            "--period",
            "2026-09",
            "--register",
        ])
        .arg(register())
        .args(args)
        .output()
        .expect("ipr runs");
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "ipr panicked: {err}");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), json, err)
}

fn rel(dir: &Path, file: &str) -> String {
    let f = file
        .strip_prefix(&format!("{}/", dir.display()))
        .unwrap_or(file);
    f.to_string()
}

#[test]
fn every_corpus_file_gives_its_finding_and_nothing_panics() {
    let Some(dir) = corpus() else { return };
    let cwd = common::temp_dir();
    let before = hash_tree(dir);
    // The whole corpus in one run: the run goes on past every bad file.
    // Files with no spreadsheet extension are passed by name (a folder search skips them).
    let (code, json, _) = check_json(
        cwd.path(),
        &[dir, &dir.join("notes.txt"), &dir.join("Resources-2026-09")],
    );
    assert_eq!(code, 1, "errors were found, so check exits 1");
    let findings = json["findings"].as_array().expect("findings");
    for x in EXPECTED {
        if skipped(dir, x.file) {
            continue;
        }
        let hit = findings.iter().any(|f| {
            rel(dir, f["file"].as_str().unwrap_or("")) == x.file
                && f["rule"] == x.rule
                && f["sheet"].as_str().unwrap_or("") == x.sheet
                && f["cell"].as_str().unwrap_or("") == x.cell
                && f["message"].as_str().unwrap_or("").contains(x.says)
        });
        assert!(
            hit,
            "no {} at {}!{} in {} saying {:?}",
            x.rule, x.sheet, x.cell, x.file, x.says
        );
    }
    for (file, allowed) in CLEAN {
        if skipped(dir, file) {
            continue;
        }
        let bad: Vec<_> = findings
            .iter()
            .filter(|f| rel(dir, f["file"].as_str().unwrap_or("")) == *file)
            .filter(|f| !allowed.contains(&f["rule"].as_str().unwrap_or("")))
            .collect();
        assert!(bad.is_empty(), "{file} should read cleanly: {bad:?}");
    }
    // Lock files, hidden files and the folder named like a workbook are never read.
    for f in findings {
        let name = f["file"].as_str().unwrap_or("");
        assert!(
            !name.contains("~$") && !name.contains("/.") && !name.ends_with("folder.xlsx"),
            "{name}"
        );
    }
    assert_eq!(before, hash_tree(dir), "check changed an input");
}

#[test]
fn each_file_alone_exits_with_a_code_and_no_panic() {
    let Some(dir) = corpus() else { return };
    let cwd = common::temp_dir();
    let before = hash_tree(dir);
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("corpus") {
        let path = entry.expect("entry").path();
        if path.file_name().is_some_and(|f| f == "skipped.txt") {
            continue;
        }
        let (code, _, err) = check_json(cwd.path(), &[&path]);
        assert!(
            code == 0 || code == 1,
            "{}: exit {code}: {err}",
            path.display()
        );
        n += 1;
    }
    assert!(n >= 40, "only {n} corpus files");
    assert_eq!(before, hash_tree(dir), "check changed an input");
}

#[test]
fn consolidate_over_the_corpus_changes_no_input_and_finishes() {
    let Some(dir) = corpus() else { return };
    let cwd = common::temp_dir();
    let out = common::temp_dir();
    let before = hash_tree(dir);
    let o = ipr(cwd.path())
        .args(["consolidate", "--period", "2026-09", "--register"])
        .arg(register())
        .arg("--out")
        .arg(out.path())
        .arg(dir)
        .output()
        .expect("ipr runs");
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(out.path().join("IPR-2026-09.xlsx").is_file());
    assert!(out.path().join("IPR-2026-09.json").is_file());
    assert_eq!(before, hash_tree(dir), "consolidate changed an input");
}

#[test]
fn library_reads_text_encodings_and_refuses_by_limit() {
    let Some(dir) = corpus() else { return };
    let limits = Limits::default();
    let b = read_book(&dir.join("windows-1252.csv"), "w.csv", &limits).expect("reads");
    assert_eq!(b.sheets[0].get(4, 2).text(), Some("£18452"));
    assert_eq!(b.sheets[0].get(5, 7).text(), Some("€ invoices included"));
    let b = read_book(&dir.join("unicode-text.csv"), "u.csv", &limits).expect("reads");
    assert_eq!(b.sheets[0].get(4, 1).text(), Some("96.2"));
    let b = read_book(
        &dir.join("invisible-characters-in-codes.xlsx"),
        "i",
        &limits,
    )
    .expect("reads");
    assert_eq!(b.sheets[0].get(5, 0).text(), Some("RES-01"));
    // Raising a limit lets the file through: limits are settings, not verdicts.
    let wide = Limits {
        max_sheet_cells: 7_000_000,
        ..limits
    };
    let b = read_book(&dir.join("stray-cell-wide.xlsx"), "s", &wide).expect("reads");
    assert_eq!(b.sheets[0].get(399, 16383).value, CellValue::Number(1.0));
    let long = Limits {
        max_string_chars: 50_000,
        ..limits
    };
    let b = read_book(&dir.join("long-string.xlsx"), "l", &long).expect("reads");
    assert_eq!(b.sheets[0].get(9, 7).text().map(str::len), Some(40_000));
    let tight = Limits {
        max_uncompressed_bytes: 1000,
        ..limits
    };
    assert!(matches!(
        read_book(&dir.join("good.xlsx"), "g", &tight),
        Err(ReadError::Uncompressed { limit: 1000, .. })
    ));
}

#[test]
fn permissions_are_reported_when_not_root() {
    let Some(dir) = corpus() else { return };
    let path = dir.join("inbox/unreadable.xlsx");
    match read_book(&path, "unreadable.xlsx", &Limits::default()) {
        // Root reads a chmod 000 file: it is read like any other.
        Ok(_) => {
            eprintln!("skipping the permission check: running as root, which reads chmod 000 files")
        }
        Err(e) => assert!(e.to_string().contains("could not be opened"), "{e}"),
    }
}

#[test]
fn failed_runs_leave_the_previous_report_and_no_temp_file() {
    let cwd = common::temp_dir();
    let out = cwd.path().join("out");
    let run = |out: &Path| {
        ipr(cwd.path())
            .args(["consolidate", "--period", "2026-09", "--register"])
            .arg(register())
            .arg("--out")
            .arg(out)
            .arg(returns_dir())
            .output()
            .expect("ipr runs")
    };
    assert_eq!(run(&out).status.code(), Some(1));
    let good = hash_tree(&out);
    assert!(good.len() >= 2);
    // --out below a regular file: cannot run, nothing written anywhere.
    let o = run(&out.join("IPR-2026-09.xlsx").join("sub"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("IPR-2026-09.xlsx"), "{}", stderr(&o));
    assert_eq!(good, hash_tree(&out));
    // The workbook's name taken by a folder: the run fails, the previous JSON stays.
    let other = cwd.path().join("other");
    std::fs::create_dir_all(other.join("IPR-2026-09.xlsx")).expect("folder");
    std::fs::write(other.join("IPR-2026-09.json"), b"previous good report").expect("write");
    let o = run(&other);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
    assert_eq!(
        std::fs::read(other.join("IPR-2026-09.json")).expect("json"),
        b"previous good report"
    );
    let names: Vec<String> = std::fs::read_dir(&other)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.starts_with('.') && !n.ends_with(".tmp")),
        "a temporary file was left: {names:?}"
    );
    assert!(other.join("IPR-2026-09.xlsx").is_dir());
    // The forms were written beside the report under temporary names while it
    // was built: with no report, none is put in place, and their folder goes.
    assert!(
        !other.join("remedial").exists(),
        "forms were left although the report was not written: {:?}",
        std::fs::read_dir(other.join("remedial"))
            .map(|d| d.flatten().map(|e| e.file_name()).collect::<Vec<_>>())
    );
}

#[test]
fn reversing_the_inputs_gives_identical_bytes() {
    let cwd = common::temp_dir();
    let (a, b) = (cwd.path().join("a"), cwd.path().join("b"));
    let run = |out: &Path, files: Vec<PathBuf>| {
        let o = ipr(cwd.path())
            .args(["consolidate", "--period", "2026-09", "--register"])
            .arg(register())
            .arg("--out")
            .arg(out)
            .args(files)
            .output()
            .expect("ipr runs");
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    };
    let files: Vec<PathBuf> = RETURN_FILES.iter().map(|f| sample_return(f)).collect();
    run(&a, files.clone());
    run(&b, files.into_iter().rev().collect());
    for name in ["IPR-2026-09.xlsx", "IPR-2026-09.json"] {
        let (x, y) = (std::fs::read(a.join(name)), std::fs::read(b.join(name)));
        assert!(
            x.is_ok() && x.ok() == y.ok(),
            "{name} differs with the inputs reversed"
        );
    }
}
