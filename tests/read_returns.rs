//! Returns written by other programs (openpyxl, rust_xlsxwriter, LibreOffice)
//! read cell by cell: see tests/fixtures/README.md for what each file stands for.

mod common;

use common::{Observation, Tool};
use ipr::config::Settings;
use ipr::model::Rule;
use ipr::model::{Register, ReturnFile};
use ipr::period::Period;
use ipr::pipeline::check;
use ipr::read::{read_book, Limits};
use ipr::register::{load_register, RegisterOptions};
use ipr::returns::{find_returns, read_return, ReturnOptions};
use rust_xlsxwriter::{Format, Workbook};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const ADULTS: &str = "Adults and Health";

/// The fixtures of make_fixtures.py, made once per test binary; `None`, with the
/// reason printed, when python3 or openpyxl is missing.
fn fixtures() -> Option<&'static Path> {
    common::fixtures("make_fixtures.py")
}

fn register(dir: &Path) -> Register {
    match load_register(
        &dir.join("register.xlsx"),
        "register.xlsx",
        &RegisterOptions::default(),
    ) {
        Ok(r) => r,
        Err(e) => panic!("the fixture register should load: {e}"),
    }
}

fn read(path: &Path, reg: &Register) -> ReturnFile {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    read_return(path, &name, reg, &ReturnOptions::default())
}

fn obs<'a>(rf: &'a ReturnFile, code: &str) -> &'a Observation {
    rf.observations
        .iter()
        .find(|o| &*o.code == code)
        .unwrap_or_else(|| panic!("no observation for {code} in {}", rf.path))
}

/// Asserts an observation's value and the A1 cell it came from.
fn assert_value(rf: &ReturnFile, code: &str, expected: Option<f64>, cell: &str) {
    let o = obs(rf, code);
    match (o.value, expected) {
        (Some(v), Some(e)) => assert!(
            (v - e).abs() < 1e-9,
            "{}: {code} read as {v}, expected {e}",
            rf.path
        ),
        (None, None) => {}
        (v, e) => panic!("{}: {code} read as {v:?}, expected {e:?}", rf.path),
    }
    assert_eq!(o.source.cell(), cell, "{}: cell of {code}", rf.path);
}

/// (rule, cell) of every finding, sorted.
fn rule_cells(rf: &ReturnFile) -> Vec<(Rule, String)> {
    let mut v: Vec<(Rule, String)> = rf
        .findings
        .iter()
        .map(|f| (f.rule, f.cell.clone().unwrap_or_default()))
        .collect();
    v.sort();
    v
}

fn pairs(items: &[(Rule, &str)]) -> Vec<(Rule, String)> {
    let mut v: Vec<(Rule, String)> = items.iter().map(|(a, b)| (*a, b.to_string())).collect();
    v.sort();
    v
}

/// What every copy of the Adults and Health return must read as, whichever
/// program wrote it: numbers typed any way, no-value words, and A1 cells of a
/// table anchored at C5.
fn assert_adults_values(rf: &ReturnFile) {
    assert_eq!(rf.directorate.as_deref(), Some(ADULTS), "{}", rf.path);
    assert_eq!(rf.period, Some(Period::month(2025, 7)), "{}", rf.path);
    assert_value(rf, "ASC-02", Some(85.0), "E8"); // text "85%"
    assert_value(rf, "ASC-03", Some(1200.0), "E9"); // text "£1,200"
    assert_value(rf, "ASC-04", Some(1234.0), "E10"); // text " 1,234 "
    for (code, cell) in [
        ("ASC-05", "E12"),
        ("ASC-06", "E13"),
        ("ASC-07", "E14"),
        ("ASC-08", "E15"),
    ] {
        assert_value(rf, code, None, cell); // n/a, TBC, -, ..
    }
    assert_value(rf, "NI 135", Some(42.0), "E19"); // code wrapped in NBSP and a zero-width space
    assert_value(rf, "ASC-12", Some(150.0), "E20"); // code typed "asc-12"
    assert_value(rf, "ASC-09", None, "E16"); // bare 0.85 for a percent: not read either way
    for o in &rf.observations {
        assert_eq!(&*o.source.sheet, "Return", "{}", rf.path);
        assert_eq!(&*o.directorate, ADULTS);
        assert_eq!(o.period, Period::month(2025, 7));
    }
    // No-value words are not findings.
    for cell in ["E12", "E13", "E14", "E15", "C6", "C11"] {
        assert!(
            !rf.findings.iter().any(|f| f.cell.as_deref() == Some(cell)),
            "{}: unexpected finding at {cell}: {:#?}",
            rf.path,
            rf.findings
        );
    }
    let find = |rule: Rule, cell: &str| {
        rf.findings
            .iter()
            .find(|f| f.rule == rule && f.cell.as_deref() == Some(cell))
            .unwrap_or_else(|| panic!("{}: no {rule} at {cell} in {:#?}", rf.path, rf.findings))
    };
    let dq16 = find(Rule::DQ016, "E16");
    assert_eq!(dq16.indicator.as_deref(), Some("ASC-09"));
    assert_eq!(dq16.period.as_deref(), Some("2025-07"));
    let dq20 = find(Rule::DQ020, "C21");
    assert_eq!(dq20.indicator.as_deref(), Some("XYZ-99"));
    assert_eq!(dq20.sheet, "Return");
}

#[test]
fn openpyxl_return_anchored_at_c5_reads_cell_by_cell() {
    let Some(dir) = fixtures() else { return };
    let reg = register(dir);
    let rf = read(&dir.join("adults-return.xlsx"), &reg);
    assert_adults_values(&rf);
    // A percent-formatted 0.85 is 85.
    assert_value(&rf, "ASC-01", Some(85.0), "E7");

    // Every row with a register code, in order: the heading row (C6), the blank
    // row (11) and the unknown code (C21) give none.
    let codes: Vec<&str> = rf.observations.iter().map(|o| &*o.code).collect();
    assert_eq!(
        codes,
        [
            "ASC-01", "ASC-02", "ASC-03", "ASC-04", "ASC-05", "ASC-06", "ASC-07", "ASC-08",
            "ASC-09", "ASC-10", "ASC-11", "NI 135", "ASC-12"
        ]
    );

    // Exactly these findings, each at its cell: nothing for the heading row or no-value words.
    assert_eq!(
        rule_cells(&rf),
        pairs(&[
            (Rule::DQ013, "E18"),
            (Rule::DQ014, "E17"),
            (Rule::DQ016, "E16"),
            (Rule::DQ020, "C21")
        ])
    );
    let at = |cell: &str| {
        rf.findings
            .iter()
            .find(|f| f.cell.as_deref() == Some(cell))
            .unwrap_or_else(|| panic!("no finding at {cell}"))
    };
    // A formula without a saved result is a finding, never a zero.
    assert_eq!(at("E17").indicator.as_deref(), Some("ASC-10"));
    assert_eq!(at("E17").value.as_deref(), Some("=F17*100"));
    assert_value(&rf, "ASC-10", None, "E17");
    assert_eq!(at("E18").indicator.as_deref(), Some("ASC-11"));
    assert_eq!(at("E18").value.as_deref(), Some("#DIV/0!"));
    assert_value(&rf, "ASC-11", None, "E18");
    for f in &rf.findings {
        assert_eq!(f.file, "adults-return.xlsx");
        assert_eq!(f.sheet, "Return");
        assert_eq!(f.directorate.as_deref(), Some(ADULTS));
    }
    // Rows whose value could not be used are remembered, so they are not also reported missing.
    let jul = Period::month(2025, 7);
    for code in ["ASC-09", "ASC-10", "ASC-11"] {
        assert!(rf.unusable.contains(&(code.to_string(), jul)), "{code}");
    }
    assert_eq!(rf.unusable.len(), 3);
}

#[test]
fn low_level_reader_keeps_absolute_positions() {
    let Some(dir) = fixtures() else { return };
    let book = match read_book(
        &dir.join("adults-return.xlsx"),
        "adults-return.xlsx",
        &Limits::default(),
    ) {
        Ok(b) => b,
        Err(e) => panic!("read_book: {e}"),
    };
    assert_eq!(book.sheets.len(), 1);
    let s = &book.sheets[0];
    // Used area C2:F21 (zero-based rows 1..21, columns 2..6).
    assert_eq!(s.rows(), 1..21);
    assert_eq!(s.cols(), 2..6);
    assert_eq!(s.get(4, 2).text(), Some("Code")); // C5
    assert!(s.get(6, 4).percent); // E7 is formatted 0%
    assert!(!s.get(15, 4).percent); // E16 is not
    assert!(s.get(10, 2).is_blank()); // the blank row 11
}

#[test]
fn period_from_a_date_cell_label_and_directorate_from_a_label_without_colon() {
    let Some(dir) = fixtures() else { return };
    let reg = register(dir);
    let rf = read(&dir.join("housing-month-as-date.xlsx"), &reg);
    assert_eq!(rf.directorate.as_deref(), Some("Housing"));
    assert_eq!(rf.period, Some(Period::month(2025, 8)));
    assert_value(&rf, "HSG-01", Some(18.0), "C6");
    assert_value(&rf, "HSG-02", Some(96.2), "C7"); // 0.962 in a 0.0% cell
    assert_eq!(
        obs(&rf, "HSG-02").commentary.as_deref(),
        Some("Arrears campaign started")
    );
    assert_eq!(rf.observations.len(), 2);
    assert!(rf.findings.is_empty(), "{:#?}", rf.findings);
}

#[test]
fn directorate_and_period_from_the_file_name_and_hidden_sheet_ignored() {
    let Some(dir) = fixtures() else { return };
    let reg = register(dir);
    let rf = read(&dir.join("Housing Sep-25.xlsx"), &reg);
    assert_eq!(rf.directorate.as_deref(), Some("Housing"));
    assert_eq!(rf.period, Some(Period::month(2025, 9)));
    assert_value(&rf, "HSG-01", Some(21.0), "B2");
    assert_value(&rf, "HSG-02", Some(96.5), "B3"); // text "96.5%"
    assert_value(&rf, "HSG-03", Some(3.25), "B4");
    // The hidden sheet "Old figures" comes first and holds 999s: never read.
    assert_eq!(rf.observations.len(), 3);
    for o in &rf.observations {
        assert_eq!(&*o.source.sheet, "Return");
        assert_ne!(o.value, Some(999.0));
    }
    assert!(rf.findings.is_empty(), "{:#?}", rf.findings);
}

#[test]
fn lock_files_are_skipped_when_searching_a_folder() {
    let Some(dir) = fixtures() else { return };
    let inbox = dir.join("inbox");
    let (files, findings) = find_returns(std::slice::from_ref(&inbox));
    assert_eq!(files, vec![inbox.join("Housing Sep-25.xlsx")]);
    assert!(findings.is_empty(), "{findings:#?}");
    // Given by name on the command line, a lock file is skipped too.
    let (files, _) = find_returns(&[inbox.join("~$Housing Sep-25.xlsx")]);
    assert!(files.is_empty());

    let report = check(&register(dir), &[inbox], &Settings::default(), None);
    assert_eq!(report.summary.files, 1);
    assert!(!report.findings.iter().any(|f| f.file.contains("~$")));
}

/// The Adults and Health return again, written by rust_xlsxwriter: shared
/// strings instead of openpyxl's inline strings, a "0%" cell, numbers as text.
/// The formula and error rows are left out (rust_xlsxwriter saves a result for
/// every formula and cannot write an error cell).
fn write_adults_with_xlsxwriter(path: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Return")?;
    let pct = Format::new().set_num_format("0%");
    // Zero-based (row, col): C2 is (1, 2).
    ws.write_string(1, 2, "Directorate:")?;
    ws.write_string(1, 3, ADULTS)?;
    ws.write_string(2, 2, "Period:")?;
    ws.write_string(2, 3, "Jul-25")?;
    for (c, name) in ["Code", "Indicator", "Actual", "Target"].iter().enumerate() {
        ws.write_string(4, 2 + c as u16, *name)?;
    }
    ws.write_string(5, 2, "Adult social care")?;
    ws.write_string(6, 2, "ASC-01")?;
    ws.write_number_with_format(6, 4, 0.85, &pct)?;
    ws.write_number(6, 5, 85)?;
    let text_rows: [(u32, &str, &str); 7] = [
        (7, "ASC-02", "85%"),
        (8, "ASC-03", "£1,200"),
        (9, "ASC-04", " 1,234 "),
        (11, "ASC-05", "n/a"),
        (12, "ASC-06", "TBC"),
        (13, "ASC-07", "-"),
        (14, "ASC-08", ".."),
    ];
    for (r, code, value) in text_rows {
        ws.write_string(r, 2, code)?;
        ws.write_string(r, 4, value)?;
    }
    ws.write_string(15, 2, "ASC-09")?;
    ws.write_number(15, 4, 0.85)?;
    ws.write_string(18, 2, "\u{a0}NI\u{a0}135\u{200b}")?;
    ws.write_number(18, 4, 42)?;
    ws.write_string(19, 2, "asc-12")?;
    ws.write_number(19, 4, 150)?;
    ws.write_string(20, 2, "XYZ-99")?;
    ws.write_number(20, 4, 5)?;
    wb.save(path)
}

#[test]
fn rust_xlsxwriter_return_reads_the_same_as_the_openpyxl_one() {
    let tmp = common::temp_dir();
    let path = tmp.path().join("adults-xlsxwriter.xlsx");
    if let Err(e) = write_adults_with_xlsxwriter(&path) {
        panic!("write the return: {e}");
    }
    let Some(dir) = fixtures() else { return };
    let reg = register(dir);
    let ours = read(&path, &reg);
    assert_adults_values(&ours);
    assert_value(&ours, "ASC-01", Some(85.0), "E7");
    assert_eq!(
        rule_cells(&ours),
        pairs(&[(Rule::DQ016, "E16"), (Rule::DQ020, "C21")])
    );

    // Same (code, value, cell) as the openpyxl file, row for row, formula and error rows aside.
    let Some(dir) = fixtures() else { return };
    let theirs = read(&dir.join("adults-return.xlsx"), &reg);
    let key = |rf: &ReturnFile| -> Vec<(String, Option<String>, String)> {
        rf.observations
            .iter()
            .filter(|o| &*o.code != "ASC-10" && &*o.code != "ASC-11")
            .map(|o| {
                (
                    o.code.to_string(),
                    o.value.map(|v| format!("{v:.6}")),
                    o.source.cell(),
                )
            })
            .collect()
    };
    assert_eq!(key(&ours), key(&theirs));
}

/// The openpyxl return converted by LibreOffice to .ods and .xls, once per test
/// binary; `None`, with the reason printed, when LibreOffice is missing.
fn converted() -> Option<&'static [(String, PathBuf)]> {
    static FILES: OnceLock<Option<Vec<(String, PathBuf)>>> = OnceLock::new();
    common::require(Tool::Soffice)?;
    FILES
        .get_or_init(|| {
            let dir = fixtures()?;
            let out = dir.join("soffice");
            std::fs::create_dir_all(&out).expect("output folder");
            let mut files = Vec::new();
            for to in ["ods", "xls"] {
                common::soffice_convert(&[&dir.join("adults-return.xlsx")], to, &out);
                let file = out.join(format!("adults-return.{to}"));
                assert!(file.exists(), "soffice wrote no .{to}");
                files.push((to.to_string(), file));
            }
            Some(files)
        })
        .as_deref()
}

#[test]
fn libreoffice_ods_and_xls_copies_read_the_same_values() {
    let Some(dir) = fixtures() else { return };
    let Some(files) = converted() else { return };
    let reg = register(dir);
    for (to, path) in files {
        let rf = read(path, &reg);
        println!("checking the .{to} copy");
        assert_adults_values(&rf);
        // LibreOffice calculates the formula on the way: E17 holds its result.
        assert_value(&rf, "ASC-10", Some(50.0), "E17");
        assert_value(&rf, "ASC-11", None, "E18");
    }
}

/// LibreOffice keeps the error cell; in .ods calamine hands it over as text.
#[test]
fn libreoffice_copies_report_error_cells_as_errors() {
    let Some(dir) = fixtures() else { return };
    let Some(files) = converted() else { return };
    let reg = register(dir);
    let mut wrong = Vec::new();
    for (to, path) in files {
        let rf = read(path, &reg);
        let at_e18: Vec<Rule> = rf
            .findings
            .iter()
            .filter(|f| f.cell.as_deref() == Some("E18"))
            .map(|f| f.rule)
            .collect();
        if at_e18 != [Rule::DQ013] {
            wrong.push(format!(".{to}: E18 gave {at_e18:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// .ods marks percentages in its XML, so 85% reads as 85. .xls keeps number formats
/// where calamine cannot show them: there a percent-formatted 0.85 cannot be told from
/// a bare fraction, so it must be a DQ016 finding at its cell, never a guess.
#[test]
fn libreoffice_copies_keep_percent_formatted_cells_or_say_they_cannot() {
    let Some(dir) = fixtures() else { return };
    let Some(files) = converted() else { return };
    let reg = register(dir);
    for (to, path) in files {
        let rf = read(path, &reg);
        let value = obs(&rf, "ASC-01").value;
        let rules: Vec<Rule> = rf
            .findings
            .iter()
            .filter(|f| f.cell.as_deref() == Some("E7"))
            .map(|f| f.rule)
            .collect();
        match to.as_str() {
            "ods" => {
                assert_eq!(value, Some(85.0), ".ods E7");
                assert!(rules.is_empty(), ".ods E7: {rules:?}");
            }
            _ => {
                assert_eq!(value, None, ".{to} E7 must not be guessed");
                assert_eq!(rules, [Rule::DQ016], ".{to} E7");
            }
        }
    }
}
