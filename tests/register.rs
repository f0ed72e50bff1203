//! The indicator register read from files written by other programs
//! (openpyxl, a CSV writer, LibreOffice): see tests/fixtures/README.md.

mod common;

use ipr::model::{Indicator, Measure, Polarity, Register, Unit};
use ipr::period::{Frequency, Period};
use ipr::register::{load_register, RegisterError, RegisterOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The fixtures of make_fixtures.py, made once per test binary; `None`, with the
/// reason printed, when python3 or openpyxl is missing.
fn fixtures() -> Option<&'static Path> {
    common::fixtures("make_fixtures.py")
}

fn load(dir: &Path, name: &str) -> Result<Register, RegisterError> {
    load_register(&dir.join(name), name, &RegisterOptions::default())
}

fn load_ok(dir: &Path, name: &str) -> Register {
    match load(dir, name) {
        Ok(r) => r,
        Err(e) => panic!("{name} should load, but: {e}"),
    }
}

fn ind<'a>(r: &'a Register, code: &str) -> &'a Indicator {
    r.get(code)
        .unwrap_or_else(|| panic!("{code} should be in the register"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn assert_opt(actual: Option<f64>, expected: Option<f64>, what: &str) {
    match (actual, expected) {
        (Some(a), Some(e)) => assert!(close(a, e), "{what}: got {a}, expected {e}"),
        (None, None) => {}
        _ => panic!("{what}: got {actual:?}, expected {expected:?}"),
    }
}

#[test]
fn good_register_reads_every_spelling() {
    let Some(dir) = fixtures() else { return };
    let r = load_ok(dir, "register.xlsx");
    assert_eq!(r.indicators.len(), 18);
    assert_eq!(r.directorates(), vec!["Adults and Health", "Housing"]);

    // Tolerance typed "5%" (text), 5 (number) and 0.05 in a "0%" cell: all 5%.
    for code in ["ASC-01", "ASC-02", "ASC-03"] {
        let t = ind(&r, code).tolerance;
        assert!(close(t, 0.05), "{code}: tolerance {t}, expected 0.05");
    }
    // Blank tolerance takes the default.
    assert!(close(ind(&r, "ASC-04").tolerance, 0.05));

    // Percent indicator with blank Min/Max/Multiplier: 0, 100 and 100.
    let a1 = ind(&r, "ASC-01");
    assert_eq!(a1.unit, Unit::Percent);
    assert_opt(a1.min, Some(0.0), "ASC-01 min");
    assert_opt(a1.max, Some(100.0), "ASC-01 max");
    assert_opt(a1.multiplier, Some(100.0), "ASC-01 multiplier");
    assert_opt(a1.annual_target, Some(85.0), "ASC-01 target");
    assert_eq!(a1.decimals, Some(1));
    assert_eq!(a1.owner.as_deref(), Some("Sam Patel"));

    // Min "none", Max "200%", Multiplier "none" on a percent indicator override the defaults.
    let a12 = ind(&r, "ASC-12");
    assert_opt(a12.min, None, "ASC-12 min");
    assert_opt(a12.max, Some(200.0), "ASC-12 max");
    assert_opt(a12.multiplier, None, "ASC-12 multiplier");
    assert_eq!(a12.polarity, Polarity::None);
    assert!(!a12.required);

    // Non-percent units: no bounds, multiplier 1 unless given.
    let a3 = ind(&r, "ASC-03");
    assert_eq!(a3.unit, Unit::Currency);
    assert_opt(a3.min, None, "ASC-03 min");
    assert_opt(a3.max, None, "ASC-03 max");
    assert_opt(a3.multiplier, Some(1.0), "ASC-03 multiplier");
    let h3 = ind(&r, "HSG-03");
    assert_eq!(h3.unit, Unit::Rate);
    assert_opt(h3.multiplier, Some(1000.0), "HSG-03 multiplier");
    assert_eq!(h3.decimals, Some(2));

    let h4 = ind(&r, "HSG-04");
    assert_eq!(h4.frequency, Frequency::Quarterly);
    assert_eq!(h4.measure, Measure::Cumulative);
    assert_eq!(h4.directorate, "Housing");
    assert_eq!(ind(&r, "HSG-05").frequency, Frequency::Annual);

    let a5 = ind(&r, "ASC-05");
    assert_opt(a5.annual_target, None, "ASC-05 target");
    assert!(!a5.required);

    // Codes compare ignoring case and spacing.
    assert_eq!(ind(&r, " ni 135 ").code, "NI 135");
    assert!(r.targets.is_empty());
}

/// The CSV copy of the register must give the same indicators as the workbook.
fn assert_csv_matches_workbook(dir: &Path, csv_name: &str) {
    let x = load_ok(dir, "register.xlsx");
    let c = load_ok(dir, csv_name);
    assert_eq!(c.indicators.len(), x.indicators.len(), "{csv_name}");
    for (a, b) in x.indicators.iter().zip(&c.indicators) {
        let code = &a.code;
        assert_eq!(a.code, b.code);
        assert_eq!(a.key, b.key, "{code}");
        assert_eq!(a.title, b.title, "{code}");
        assert_eq!(a.directorate, b.directorate, "{code}");
        assert_eq!(a.owner, b.owner, "{code}");
        assert_eq!(a.unit, b.unit, "{code}");
        assert_eq!(a.polarity, b.polarity, "{code}");
        assert_eq!(a.frequency, b.frequency, "{code}");
        assert_eq!(a.measure, b.measure, "{code}");
        assert_opt(b.annual_target, a.annual_target, code);
        assert!(close(a.tolerance, b.tolerance), "{code} tolerance");
        assert_opt(b.min, a.min, code);
        assert_opt(b.max, a.max, code);
        assert_opt(b.multiplier, a.multiplier, code);
        assert_eq!(a.decimals, b.decimals, "{code}");
        assert_eq!(a.required, b.required, "{code}");
        // Same row, so messages name the same line.
        assert_eq!(a.row, b.row, "{code}");
    }
    // The CSV says "5%" where the workbook had 0.05 in a % cell: still 5%.
    assert!(close(ind(&c, "ASC-03").tolerance, 0.05));
    assert_opt(ind(&c, "HSG-03").multiplier, Some(1000.0), "CSV HSG-03");
}

#[test]
fn csv_register_with_lf_line_ends_loads_the_same_indicators() {
    let Some(dir) = fixtures() else { return };
    assert_csv_matches_workbook(dir, "register-lf.csv");
}

#[test]
fn csv_register_as_excel_saves_it_loads_the_same_indicators() {
    let Some(dir) = fixtures() else { return };
    assert_csv_matches_workbook(dir, "register.csv");
}

#[test]
fn bad_register_lists_every_bad_row_by_cell() {
    let Some(dir) = fixtures() else { return };
    let err = match load(dir, "register-bad.xlsx") {
        Ok(_) => panic!("a register with bad rows must be rejected"),
        Err(e) => e,
    };
    let text = err.to_string();
    let RegisterError::Invalid { file, problems } = err else {
        panic!("expected Invalid, got {err:?}");
    };
    assert_eq!(file, "register-bad.xlsx");
    let mut cells: Vec<(String, String)> = problems
        .iter()
        .map(|p| (p.sheet.clone(), p.cell.clone()))
        .collect();
    cells.sort();
    // Header in row 3 from column B: Code B, Title C, Unit F, Tolerance K.
    let expected: Vec<(String, String)> = ["B6", "C7", "F5", "K8"]
        .iter()
        .map(|c| ("Indicators".to_string(), c.to_string()))
        .collect();
    assert_eq!(cells, expected, "problems: {problems:#?}");

    let at = |cell: &str| {
        problems
            .iter()
            .find(|p| p.cell == cell)
            .map(|p| p.message.clone())
            .unwrap_or_default()
    };
    assert!(at("F5").contains("hours"), "{}", at("F5"));
    assert!(at("B6").contains("ASC-01"), "{}", at("B6"));
    assert!(
        at("B6").contains("B4"),
        "should point at the first ASC-01: {}",
        at("B6")
    );
    assert!(at("C7").contains("ASC-03"), "{}", at("C7"));
    assert!(at("K8").contains("five per cent"), "{}", at("K8"));
    for cell in ["F5", "B6", "C7", "K8"] {
        assert!(text.contains(&format!("cell {cell}")), "{text}");
    }
}

#[test]
fn targets_sheet_keys_profiled_targets_by_the_indicators_own_period() {
    let Some(dir) = fixtures() else { return };
    let r = load_ok(dir, "register-targets.xlsx");
    assert_eq!(r.indicators.len(), 18);
    let q = |q| Period::Quarter { fy: 2025, q };
    let expected: BTreeMap<(String, Period), f64> = [
        // Quarterly HSG-04: "Sep-25" is Q2, a 30/06/2025 date cell is Q1.
        (("HSG-04".to_string(), q(2)), 200.0),
        (("HSG-04".to_string(), q(1)), 100.0),
        (("HSG-04".to_string(), q(3)), 300.0),
        (("HSG-01".to_string(), Period::month(2025, 7)), 25.0),
        (("HSG-01".to_string(), Period::month(2025, 8)), 22.0),
        // Annual HSG-05: "Mar-26" is the year 2025/26.
        (("HSG-05".to_string(), Period::Year { fy: 2025 }), 82.0),
        // Written "asc-01" on the Targets sheet.
        (("ASC-01".to_string(), Period::month(2025, 7)), 86.0),
    ]
    .into_iter()
    .collect();
    assert_eq!(r.targets, expected);
}

/// Converts a fixture with LibreOffice into a folder of its own (tests convert at
/// the same time); `None`, with a printed reason, when LibreOffice is missing.
fn soffice_convert(dir: &Path, file: &str, to: &str) -> Option<PathBuf> {
    common::require(common::Tool::Soffice)?;
    let out = tempfile::Builder::new()
        .prefix("soffice-")
        .tempdir_in(dir)
        .expect("make output folder")
        .keep();
    common::soffice_convert(&[&dir.join(file)], to, &out);
    let stem = Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let converted = out.join(format!("{stem}.{to}"));
    assert!(converted.exists(), "soffice wrote no {to} file");
    Some(converted)
}

#[test]
fn register_saved_as_ods_and_xls_loads_the_same_text_and_numbers() {
    let Some(dir) = fixtures() else { return };
    let x = load_ok(dir, "register.xlsx");
    // .xls is refused for its one percent-formatted tolerance: see the test below.
    for to in ["ods"] {
        let Some(path) = soffice_convert(dir, "register.xlsx", to) else {
            return;
        };
        let r = match load_register(&path, "register", &RegisterOptions::default()) {
            Ok(r) => r,
            Err(e) => panic!("register.{to} should load: {e}"),
        };
        assert_eq!(r.indicators.len(), x.indicators.len(), "{to}");
        for (a, b) in x.indicators.iter().zip(&r.indicators) {
            assert_eq!(
                (&a.code, &a.title, a.unit),
                (&b.code, &b.title, b.unit),
                "{to}"
            );
            assert_opt(b.max, a.max, &format!("{to} {}", a.code));
            assert_opt(b.multiplier, a.multiplier, &format!("{to} {}", a.code));
        }
        // "5%" as text and 5 as a number do not depend on number formats.
        assert!(close(ind(&r, "ASC-01").tolerance, 0.05), "{to}");
        assert!(close(ind(&r, "ASC-02").tolerance, 0.05), "{to}");
    }
}

/// A 5% tolerance in a percent-formatted cell: .ods says so in its XML and loads as
/// 5%; in .xls the format cannot be seen, so the bare 0.05 is rejected as ambiguous
/// with its cell named, never read as 0.05%.
#[test]
fn percent_formatted_tolerance_survives_ods_and_is_refused_not_guessed_in_xls() {
    let Some(dir) = fixtures() else { return };
    let Some(ods) = soffice_convert(dir, "register.xlsx", "ods") else {
        return;
    };
    let r = load_register(&ods, "register.ods", &RegisterOptions::default())
        .unwrap_or_else(|e| panic!("register.ods should load: {e}"));
    assert!(close(ind(&r, "ASC-03").tolerance, 0.05));
    let Some(xls) = soffice_convert(dir, "register.xlsx", "xls") else {
        return;
    };
    match load_register(&xls, "register.xls", &RegisterOptions::default()) {
        Err(RegisterError::Invalid { problems, .. }) => {
            assert!(
                problems
                    .iter()
                    .any(|p| p.cell == "J4" && p.message.contains("ambiguous")),
                "{problems:#?}"
            );
        }
        other => panic!("register.xls must be refused, not guessed: {other:?}"),
    }
}
