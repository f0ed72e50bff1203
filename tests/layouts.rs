//! The same six months of figures written in every return layout (long, wide with
//! text headings, wide with date headings and a merged year, wide with the header
//! in row 5, and mapped by `ipr.toml`) must read as the same observations, each
//! from its own cell. Files come from openpyxl (tests/fixtures/make_layouts.py)
//! and, where it is installed, from LibreOffice converting them to .ods and .xlsx.

mod common;

use common::{Observation, Tool};
use ipr::config::{load_config, Settings};
use ipr::model::Rule;
use ipr::model::{Register, ReturnFile};
use ipr::period::{Calendar, Period};
use ipr::pipeline::read_returns;
use ipr::register::{load_register, RegisterOptions};
use ipr::returns::find_returns;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const HOUSING: &str = "Housing and Communities";
const COMMENT: &str = "Demand rising after a local plant closure";
const LAYOUTS: [&str; 5] = ["long", "wide-text", "wide-dates", "wide-row5", "mapped"];

/// The figures as typed into every layout (copied by hand from make_layouts.py's
/// tables, not from the tool): Apr..Sep 2026; HSG-04's April is text.
const MONTHLY: [(&str, [Option<f64>; 6]); 5] = [
    (
        "HSG-01",
        [
            Some(112.0),
            Some(118.0),
            Some(121.0),
            Some(125.0),
            Some(119.0),
            Some(116.0),
        ],
    ),
    (
        "HSG-02",
        [
            Some(58.5),
            Some(61.0),
            Some(63.2),
            Some(59.9),
            Some(62.0),
            Some(64.5),
        ],
    ),
    (
        "HSG-03",
        [
            Some(20.0),
            Some(45.0),
            Some(70.0),
            Some(96.0),
            Some(120.0),
            Some(150.0),
        ],
    ),
    (
        "HSG-04",
        [
            None,
            Some(27.0),
            Some(26.0),
            Some(24.0),
            Some(23.5),
            Some(22.0),
        ],
    ),
    (
        "HSG-05",
        [
            Some(97.1),
            Some(97.8),
            Some(98.2),
            Some(98.4),
            Some(98.0),
            Some(98.6),
        ],
    ),
];

/// (code, period id, value to 4 places) of every observation expected, sorted.
fn expected() -> Vec<(String, String, Option<String>)> {
    let mut v = Vec::new();
    for (code, values) in MONTHLY {
        for (i, x) in values.iter().enumerate() {
            v.push((
                code.to_string(),
                format!("2026-{:02}", i + 4),
                x.map(|x| format!("{x:.4}")),
            ));
        }
    }
    v.push(("HSG-06".into(), "2026/27-Q1".into(), Some("78.0000".into())));
    v.push(("HSG-06".into(), "2026/27-Q2".into(), Some("81.0000".into())));
    v.sort();
    v
}

fn triples(returns: &[ReturnFile]) -> Vec<(String, String, Option<String>)> {
    let cal = Calendar::default();
    let mut v: Vec<_> = returns
        .iter()
        .flat_map(|r| r.observations.iter())
        .map(|o| {
            (
                o.code.to_string(),
                cal.id(o.period),
                o.value.map(|x| format!("{x:.4}")),
            )
        })
        .collect();
    v.sort();
    v
}

/// The fixtures of make_layouts.py, made once per test binary; `None`, with the
/// reason printed, when python3 or openpyxl is missing.
fn fixtures() -> Option<&'static Path> {
    common::fixtures("make_layouts.py")
}

/// Every return file of the openpyxl fixtures, by layout folder.
fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> = LAYOUTS.iter().map(|l| dir.join(l)).collect();
    let (files, findings) = find_returns(&folders);
    assert!(findings.is_empty(), "{findings:#?}");
    files
}

/// The fixtures converted by LibreOffice into `<dir>/lo-<ext>/<layout>/`, for
/// `ext` in ods and xlsx; `None`, with the reason printed, when soffice is missing.
fn libreoffice(dir: &'static Path) -> Option<&'static Path> {
    static DONE: OnceLock<bool> = OnceLock::new();
    common::require(Tool::Soffice)?;
    let ok = *DONE.get_or_init(|| {
        let files = fixture_files(dir);
        for ext in ["ods", "xlsx"] {
            let raw = dir.join(format!("lo-raw-{ext}"));
            std::fs::create_dir_all(&raw).expect("scratch folder");
            let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
            common::soffice_convert(&refs, ext, &raw);
            for f in &files {
                let layout = f
                    .parent()
                    .and_then(|p| p.file_name())
                    .expect("layout folder");
                let stem = f.file_stem().and_then(|s| s.to_str()).expect("file stem");
                let target = dir.join(format!("lo-{ext}")).join(layout);
                std::fs::create_dir_all(&target).expect("layout folder");
                let name = format!("{stem}.{ext}");
                std::fs::rename(raw.join(&name), target.join(&name))
                    .unwrap_or_else(|e| panic!("LibreOffice did not write {name}: {e}"));
            }
        }
        true
    });
    ok.then_some(dir)
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

/// The settings of the fixtures' ipr.toml (with its [[source]]).
fn settings(dir: &Path) -> Settings {
    match load_config(&dir.join("ipr.toml")) {
        Ok((_, s)) => s,
        Err(e) => panic!("the fixture ipr.toml should load: {e}"),
    }
}

fn read_folder(folder: &Path, reg: &Register, s: &Settings) -> Vec<ReturnFile> {
    let (files, findings) = find_returns(&[folder.to_path_buf()]);
    assert!(findings.is_empty(), "{findings:#?}");
    assert!(!files.is_empty(), "no returns in {}", folder.display());
    read_returns(&files, reg, s)
}

fn obs<'a>(returns: &'a [ReturnFile], code: &str, period: &str) -> &'a Observation {
    let cal = Calendar::default();
    returns
        .iter()
        .flat_map(|r| r.observations.iter())
        .find(|o| &*o.code == code && cal.id(o.period) == period)
        .unwrap_or_else(|| panic!("no observation for {code} {period}"))
}

/// Asserts the sheet and A1 cell an observation came from.
fn at(returns: &[ReturnFile], code: &str, period: &str, sheet: &str, cell: &str) {
    let o = obs(returns, code, period);
    assert_eq!(
        (&*o.source.sheet, o.source.cell().as_str()),
        (sheet, cell),
        "{code} {period} in {}",
        o.source.file
    );
}

/// What every layout must read as, whichever program wrote the file:
/// the same observations, one DQ010 for the text in HSG-04's April cell
/// (`dq010` is its sheet and cell) and nothing else, the directorate, the
/// latest commentary.
fn assert_layout(returns: &[ReturnFile], layout: &str, dq010: (&str, &str)) {
    let mut want = expected();
    if layout.starts_with("wide-dates") {
        // Only this file also holds last year's Q3 and Q4.
        want.push(("HSG-06".into(), "2025/26-Q3".into(), Some("74.0000".into())));
        want.push(("HSG-06".into(), "2025/26-Q4".into(), Some("76.0000".into())));
        want.sort();
    }
    assert_eq!(triples(returns), want, "{layout}");
    let findings: Vec<_> = returns.iter().flat_map(|r| r.findings.iter()).collect();
    let seen: Vec<_> = findings
        .iter()
        .map(|f| (f.rule, f.sheet.as_str(), f.cell.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        seen,
        [(Rule::DQ010, dq010.0, dq010.1)],
        "{layout}: {findings:#?}"
    );
    assert_eq!(findings[0].indicator.as_deref(), Some("HSG-04"));
    assert_eq!(findings[0].period.as_deref(), Some("2026-04"));
    assert_eq!(findings[0].value.as_deref(), Some("awaiting data"));
    for r in returns {
        assert_eq!(r.directorate.as_deref(), Some(HOUSING), "{}", r.path);
        assert!(r.observations.iter().all(|o| &*o.directorate == HOUSING));
    }
    assert_eq!(
        obs(returns, "HSG-01", "2026-09").commentary.as_deref(),
        Some(COMMENT),
        "{layout}"
    );
    assert_eq!(
        obs(returns, "HSG-01", "2026-08").commentary,
        None,
        "{layout}"
    );
}

/// Source cells, return periods and the extra columns of each layout.
fn assert_cells(lay: &[(&str, Vec<ReturnFile>)]) {
    let get = |name: &str| &lay.iter().find(|(l, _)| *l == name).expect("layout read").1;
    let long = get("long");
    assert_eq!(long.len(), 6);
    for (i, r) in long.iter().enumerate() {
        assert_eq!(
            r.period,
            Some(Period::month(2026, i as u32 + 4)),
            "{}",
            r.path
        );
    }
    at(long, "HSG-01", "2026-04", "Return", "C5");
    at(long, "HSG-06", "2026/27-Q2", "Return", "C10");

    let text = get("wide-text");
    assert_eq!(text[0].period, Some(Period::month(2026, 9)));
    at(text, "HSG-03", "2026-07", "Performance", "F4");
    at(text, "HSG-06", "2026/27-Q1", "Performance", "E7");
    at(text, "HSG-06", "2026/27-Q2", "Performance", "H7");

    let dates = get("wide-dates");
    assert_eq!(dates[0].period, Some(Period::month(2026, 9)));
    assert_eq!(dates[0].sheets, ["Monthly", "Quarterly"]);
    at(dates, "HSG-02", "2026-05", "Monthly", "E5");
    at(dates, "HSG-05", "2026-09", "Monthly", "I8");
    at(dates, "HSG-06", "2025/26-Q3", "Quarterly", "C5");
    at(dates, "HSG-06", "2025/26-Q4", "Quarterly", "D5");
    at(dates, "HSG-06", "2026/27-Q1", "Quarterly", "E5");
    at(dates, "HSG-06", "2026/27-Q2", "Quarterly", "F5");

    let row5 = get("wide-row5");
    assert_eq!(row5[0].period, Some(Period::month(2026, 9)));
    at(row5, "HSG-01", "2026-04", "Return", "C6");
    at(row5, "HSG-03", "2026-08", "Return", "G10"); // a hidden row
    at(row5, "HSG-06", "2026/27-Q1", "Return", "E15");
    // Target and Data Note belong to the latest period only.
    let sep = obs(row5, "HSG-01", "2026-09");
    assert_eq!(sep.target, Some(120.0));
    assert_eq!(
        sep.data_note.as_deref(),
        Some("Count taken on the last working day")
    );
    assert_eq!(obs(row5, "HSG-01", "2026-04").target, None);

    let mapped = get("mapped");
    assert_eq!(mapped[0].period, Some(Period::month(2026, 9)));
    assert_eq!(mapped[0].sheets, ["Data"]);
    at(mapped, "HSG-01", "2026-04", "Data", "D7");
    at(mapped, "HSG-06", "2026/27-Q1", "Data", "D22");
    at(mapped, "HSG-06", "2026/27-Q2", "Data", "D38");
}

/// Sheet and cell of HSG-04's April figure in each layout.
fn dq010_cell(layout: &str) -> (&'static str, &'static str) {
    match layout {
        "long" => ("Return", "C8"),
        "wide-text" => ("Performance", "C5"),
        "wide-dates" => ("Monthly", "D7"),
        "wide-row5" => ("Return", "C12"),
        "mapped" => ("Data", "D10"),
        other => panic!("unknown layout {other}"),
    }
}

fn read_all(root: &Path, reg: &Register, s: &Settings) -> Vec<(&'static str, Vec<ReturnFile>)> {
    LAYOUTS
        .iter()
        .map(|l| (*l, read_folder(&root.join(l), reg, s)))
        .collect()
}

#[test]
fn every_openpyxl_layout_reads_as_the_same_observations() {
    let Some(dir) = fixtures() else { return };
    let reg = register(dir);
    // One settings file for all: its [[source]] must take only the mapped file.
    let s = settings(dir);
    let lay = read_all(dir, &reg, &s);
    for (layout, returns) in &lay {
        assert_layout(returns, layout, dq010_cell(layout));
    }
    assert_cells(&lay);
}

#[test]
fn every_libreoffice_layout_reads_as_the_same_observations() {
    let Some(dir) = fixtures() else { return };
    let Some(dir) = libreoffice(dir) else {
        return;
    };
    let reg = register(dir);
    let s = settings(dir);
    for ext in ["ods", "xlsx"] {
        let lay = read_all(&dir.join(format!("lo-{ext}")), &reg, &s);
        for (layout, returns) in &lay {
            assert_layout(returns, &format!("{layout} ({ext})"), dq010_cell(layout));
        }
        assert_cells(&lay);
    }
}

/// Writes an ipr.toml holding `body` into a fresh folder and loads it.
fn config(body: &str) -> Result<Settings, String> {
    let tmp = common::temp_dir();
    let p = tmp.path().join("ipr.toml");
    std::fs::write(&p, body).expect("write ipr.toml");
    load_config(&p).map(|(_, s)| s).map_err(|e| e.to_string())
}

const MAPPED: &str = "[[source]]\nfiles = \"Housing return*.xlsx\"\ndirectorate = \"Housing and Communities\"\nlayout = \"long\"\ncode = \"Measure ID\"\nperiod = \"B2\"\nperiod_column = \"Month\"\n";

fn mapped_findings(dir: &Path, reg: &Register, extra: &str) -> Vec<(Rule, String)> {
    let s = config(&format!("{MAPPED}{extra}")).expect("settings load");
    let r = read_folder(&dir.join("mapped"), reg, &s);
    assert!(r[0].observations.is_empty(), "{:#?}", r[0].observations);
    r[0].findings
        .iter()
        .map(|f| (f.rule, f.message.clone()))
        .collect()
}

#[test]
fn a_mapping_that_does_not_fit_its_file_says_what_it_expected_and_found() {
    let Some(dir) = fixtures() else { return };
    let reg = register(dir);
    let found = mapped_findings(
        dir,
        &reg,
        "sheet = \"Figures\"\nheader_row = 6\nvalue = \"Figure\"\n",
    );
    assert_eq!(
        found,
        [(
            Rule::DQ007,
            "ipr.toml [[source]] 'Housing return*.xlsx' expects sheet 'Figures', but the workbook has sheets 'Notes', 'Data'.".to_string()
        )]
    );
    let found = mapped_findings(
        dir,
        &reg,
        "sheet = \"data\"\nheader_row = 6\nvalue = \"Amount\"\n",
    );
    assert_eq!(
        found,
        [(
            Rule::DQ007,
            "ipr.toml [[source]] 'Housing return*.xlsx' expects the value column 'Amount' in row 6 of sheet 'Data', but row 6 holds: 'Measure ID', 'Description', 'Month', 'Figure', 'Remarks'.".to_string()
        )]
    );
    // No sheet named: the first visible sheet (Notes) is used, and row 6 there is empty.
    let found = mapped_findings(dir, &reg, "header_row = 6\nvalue = \"D\"\n");
    assert_eq!(
        found,
        [
            (
                Rule::DQ007,
                "ipr.toml [[source]] 'Housing return*.xlsx' expects the code column 'Measure ID' in row 6 of sheet 'Notes', but row 6 is empty.".to_string()
            ),
            (
                Rule::DQ007,
                "ipr.toml [[source]] 'Housing return*.xlsx' expects the period column 'Month' in row 6 of sheet 'Notes', but row 6 is empty.".to_string()
            )
        ]
    );
}

#[test]
fn without_its_mapping_the_mapped_file_has_no_table() {
    let Some(dir) = fixtures() else { return };
    let reg = register(dir);
    let r = read_folder(&dir.join("mapped"), &reg, &Settings::default());
    assert!(r[0].observations.is_empty());
    assert!(r[0].findings.iter().any(|f| f.rule == Rule::DQ007));
}

#[test]
fn a_wide_mapping_by_column_letters_reads_the_wide_file() {
    let Some(dir) = fixtures() else { return };
    let reg = register(dir);
    let s = config(
        "[[source]]\nfiles = \"*wide-text*\"\nheader_row = 1\nlayout = \"wide\"\ncode = \"A\"\ncommentary = \"I\"\n",
    )
    .expect("settings load");
    let r = read_folder(&dir.join("wide-text"), &reg, &s);
    assert_layout(&r, "mapped wide", ("Performance", "C5"));
    at(&r, "HSG-02", "2026-08", "Performance", "G3");
}

#[test]
fn bad_source_settings_are_rejected_with_the_reason() {
    let ok = "[[source]]\nfiles = \"H*.xlsx\"\nheader_row = 2\nlayout = \"long\"\ncode = \"A\"\nvalue = \"C\"\n";
    let s = config(ok).expect("a good [[source]] loads");
    assert_eq!(s.sources.len(), 1);
    assert!(s.sources[0].matches("h-2026-09.XLSX"));
    assert!(!s.sources[0].matches("Adults.xlsx"));
    let cases = [
        (format!("{ok}valeu = \"B\"\n"), "valeu"),
        (ok.replace("\"long\"", "\"tall\""), "\"long\" or \"wide\""),
        (ok.replace("value = \"C\"\n", ""), "needs 'value'"),
        (
            ok.replace("header_row = 2", "header_row = 0"),
            "header_row is 0",
        ),
        (format!("{ok}period = \"row two\"\n"), "such as \"B2\""),
        (
            ok.replace("\"long\"", "\"wide\"")
                .replace("value = \"C\"\n", "")
                + "period_column = \"B\"\n",
            "'period_column' is for long layouts",
        ),
    ];
    for (body, expect) in cases {
        let e = config(&body).expect_err(&body);
        assert!(e.contains(expect), "{e}\n(wanted '{expect}')");
    }
}
