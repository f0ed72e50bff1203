//! Writes a small hand-made consolidation and reads it back with calamine.

mod common;

use calamine::{open_workbook, open_workbook_auto, Data, Reader, Xlsx};
use common::{ObsBuilder, Source};
use ipr::model::Rule;
use ipr::model::{
    Consolidation, Coverage, CoverageRow, Dimension, Direction, Finding, Indicator,
    IndicatorResult, InputFile, Measure, Polarity, Rag, Reason, Register, RunOptions, Severity,
    TrendPoint, Unit,
};
use ipr::period::{Calendar, Frequency, Period};
use ipr::report::{to_json, write_json, write_workbook};
use ipr::text::normalise_code;
use std::path::Path;

/// A pro-rata target of 560 x 4/12: must come back unrounded.
const PRO_RATA: f64 = 560.0 * 4.0 / 12.0;

fn indicator(code: &str, title: &str, directorate: &str, unit: Unit, decimals: u32) -> Indicator {
    Indicator {
        code: code.into(),
        key: normalise_code(code),
        title: title.into(),
        directorate: directorate.into(),
        owner: Some("Jo Bloggs".into()),
        unit,
        polarity: Polarity::Higher,
        frequency: Frequency::Monthly,
        measure: Measure::Snapshot,
        annual_target: Some(85.0),
        tolerance: 0.05,
        min: None,
        max: None,
        multiplier: None,
        decimals: Some(decimals),
        required: true,
        definition: Some("+ definitions can start oddly".into()),
        data_source: None,
        attributes: Vec::new(),
        row: 1,
    }
}

fn result(code: &str, directorate: &str, actual: f64, target: f64, rag: Rag) -> IndicatorResult {
    IndicatorResult {
        code: code.into(),
        title: format!("Title of {code}"),
        directorate: directorate.into(),
        owner: Some("Jo Bloggs".into()),
        period: "2026-09".into(),
        actual: Some(actual),
        target: Some(target),
        target_basis: "annual",
        variance: Some(actual - target),
        rag,
        direction_last_year: Direction::Improving,
        direction_previous: Direction::None,
        ytd: None,
        annual_target: Some(target),
        forecast: Some(actual),
        forecast_basis: "latest",
        exception: false,
        reasons: vec![],
        commentary: None,
        dq_errors: 0,
        dq_warnings: 0,
        source: Some(Source {
            file: "returns/adults.xlsx".into(),
            sheet: "Return".into(),
            row: 6,
            col: 2,
        }),
        trend: vec![
            TrendPoint {
                period: "2026-07".into(),
                value: Some(actual - 2.0),
                target: None,
            },
            TrendPoint {
                period: "2026-08".into(),
                value: None,
                target: None,
            },
        ],
        spc: None,
        spc_series: vec![],
    }
}

/// Three indicators across two directorates; PL-01 is a red exception.
fn consolidation() -> Consolidation {
    let adults = "Adults: Care/Health";
    let place = "Place";
    let register = Register {
        file: "register.xlsx".into(),
        indicators: vec![
            indicator("ASC-01", "Care at home", adults, Unit::Percent, 1),
            indicator("ASC-02", "Reviews done", adults, Unit::Count, 0),
            indicator("PL-01", "Homes built", place, Unit::Count, 0),
        ],
        targets: Default::default(),
        ..Default::default()
    };

    let mut asc1 = result("ASC-01", adults, 82.35, 85.0, Rag::Amber);
    asc1.commentary = Some("=SUM(A1)".into());
    asc1.dq_errors = 1;
    asc1.dq_warnings = 2;
    let asc2 = result("ASC-02", adults, 12.0, 10.0, Rag::Green);
    let mut pl1 = result("PL-01", place, 150.0, PRO_RATA, Rag::Red);
    pl1.target_basis = "pro rata";
    pl1.annual_target = Some(560.0);
    pl1.forecast = Some(450.0);
    pl1.exception = true;
    pl1.reasons = vec![Reason::Red, Reason::Forecast];

    let finding = Finding {
        rule: ipr::model::Rule::DQ010,
        severity: Severity::Error,
        dimension: Dimension::Validity,
        file: "returns/adults.xlsx".into(),
        sheet: "Return".into(),
        cell: Some("C7".into()),
        directorate: Some(adults.into()),
        indicator: Some("ASC-01".into()),
        period: Some("2026-09".into()),
        value: Some("-1".into()),
        message: "The value is below the minimum of 0.".into(),
        hint: "Check the figure.".into(),
        explained: false,
        note: None,
        earlier_period: false,
    };
    let observation = ObsBuilder::new("ASC-01", Period::month(2026, 9))
        .directorate(adults)
        .value(82.35)
        .seen("82.35%")
        .numerator(1647.0)
        .denominator(2000.0)
        .commentary("=SUM(A1)")
        .file("returns/adults.xlsx")
        .sheet("Return")
        .cell(6, 2)
        .build();
    let cov = |d: &str, expected, returned| CoverageRow {
        directorate: d.into(),
        returns: 1,
        expected,
        returned,
    };
    Consolidation {
        period: Period::month(2026, 9),
        period_id: "2026-09".into(),
        calendar: Calendar::default(),
        register: std::sync::Arc::new(register),
        indicators: vec![asc1, asc2, pl1],
        findings: vec![finding],
        coverage: Coverage {
            directorates: vec![cov(adults, 2, 2), cov(place, 1, 1)],
            council: Some(cov("Council", 3, 3)),
        },
        history: vec![observation].into(),
        inputs: vec![InputFile {
            path: "returns/adults.xlsx".into(),
            sha256: "ab".repeat(32),
            bytes: 12345,
        }],
        options: RunOptions {
            year_start_month: 4,
            default_tolerance: 0.05,
            ratio_tolerance: 0.02,
            no_value: vec!["n/a".into(), "TBC".into()],
        },
        version: "0.1.0".into(),
        remedial: Default::default(),
        stale_remedial: Vec::new(),
        awaiting_figure: Vec::new(),
        values_used: Vec::new(),
        changes: None,
        actions: None,
        budget: None,
        audience: Default::default(),
        packs: Vec::new(),
    }
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn s(text: &str) -> Data {
    Data::String(text.into())
}

/// The row (absolute) whose column `col` holds `text`.
fn find_row(range: &calamine::Range<Data>, col: u32, text: &str) -> u32 {
    let (h, _) = range.end().unwrap_or((0, 0));
    (0..=h)
        .find(|r| cell(range, *r, col) == s(text))
        .unwrap_or_else(|| panic!("no row with {text:?} in column {col}"))
}

#[test]
fn workbook_round_trips() {
    let dir = common::temp_dir();
    let path = dir.path().join("IPR-2026-09.xlsx");
    let c = consolidation();
    write_workbook(&c, &path).unwrap();

    let mut wb = open_workbook_auto(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Summary",
            "Indicators",
            "Exceptions",
            "Data Quality",
            "History",
            "Register",
            "About",
            "Adults- Care-Health",
            "Place"
        ]
    );

    let summary = wb.worksheet_range("Summary").unwrap();
    assert_eq!(cell(&summary, 0, 0), s("Integrated Performance Report"));
    assert_eq!(cell(&summary, 1, 0), s("September 2026 (2026-09)"));
    // Council row: 3 indicators, 1 green, 1 amber, 1 red, 1 exception, 1 DQ error.
    assert_eq!(cell(&summary, 4, 0), s("Council"));
    let council: Vec<Data> = (1..=8).map(|c| cell(&summary, 4, c)).collect();
    let f = Data::Float;
    assert_eq!(
        council,
        vec![
            f(3.0),
            f(1.0),
            f(1.0),
            f(1.0),
            f(0.0),
            f(0.0),
            f(1.0),
            f(1.0)
        ]
    );
    // Place: its one indicator is red; coverage 1 of 1 = 100%.
    assert_eq!(cell(&summary, 6, 0), s("Place"));
    assert_eq!(cell(&summary, 6, 4), f(1.0));
    assert_eq!(cell(&summary, 6, 14), f(1.0));

    // Indicators: Actual (G), RAG (J), Forecast by (O), Exception (P), Commentary (U),
    // Data quality (V).
    let ind = wb.worksheet_range("Indicators").unwrap();
    assert_eq!(cell(&ind, 0, 6), s("Actual"));
    assert_eq!(cell(&ind, 0, 9), s("RAG"));
    let asc1 = find_row(&ind, 1, "ASC-01");
    assert_eq!(cell(&ind, asc1, 6), f(82.35));
    assert_eq!(cell(&ind, asc1, 9), s("Amber"));
    assert_eq!(cell(&ind, 0, 14), s("Forecast by"));
    assert_eq!(cell(&ind, 0, 15), s("Exception"));
    assert_eq!(cell(&ind, 0, 20), s("Commentary"));
    assert_eq!(cell(&ind, asc1, 21), s("1 error, 2 warnings"));
    let pl1 = find_row(&ind, 1, "PL-01");
    assert_eq!(cell(&ind, pl1, 7), f(PRO_RATA));
    assert_eq!(cell(&ind, pl1, 9), s("Red"));
    assert_eq!(cell(&ind, pl1, 15), s("Yes"));
    assert_eq!(cell(&ind, asc1, 20), s("=SUM(A1)"));

    // The commentary is text, never a formula.
    let formulas = wb.worksheet_formula("Indicators").unwrap();
    let formula = formulas.get_value((asc1, 20)).cloned().unwrap_or_default();
    assert_eq!(formula, "", "commentary became a formula");
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));

    let exc = wb.worksheet_range("Exceptions").unwrap();
    assert_eq!(cell(&exc, 1, 1), s("PL-01"));
    // The figures, the reasons and the remedial action first, as they print
    // (issue 18); the owner after them, on screen.
    assert_eq!(cell(&exc, 1, 5), f(450.0));
    assert_eq!(cell(&exc, 1, 7), s("Red"));
    assert_eq!(cell(&exc, 1, 8), s("Red; forecast misses annual target"));
    assert_eq!(cell(&exc, 1, 9), s("Outstanding"));
    assert_eq!(cell(&exc, 1, 10), s("No form returned"));
    assert_eq!(cell(&exc, 1, 14), s("Jo Bloggs"));
    assert_eq!(cell(&exc, 2, 1), Data::Empty, "only one exception");

    let dq = wb.worksheet_range("Data Quality").unwrap();
    assert_eq!(cell(&dq, 1, 0), s("Error"));
    assert_eq!(cell(&dq, 1, 1), s(Rule::DQ010.id()));
    assert_eq!(cell(&dq, 1, 8), s("C7"));
    // The value a number where it is one (issue 13).
    assert_eq!(cell(&dq, 1, 9), f(-1.0));

    let hist = wb.worksheet_range("History").unwrap();
    assert_eq!(cell(&hist, 1, 2), s("2026-09"));
    assert_eq!(cell(&hist, 1, 3), f(82.35));
    assert_eq!(cell(&hist, 1, 4), s("82.35%"));
    assert_eq!(cell(&hist, 1, 9), s("C7"));

    let reg = wb.worksheet_range("Register").unwrap();
    assert_eq!(cell(&reg, 3, 0), s("PL-01"));
    assert_eq!(cell(&reg, 3, 4), s("count"));
    assert_eq!(cell(&reg, 1, 15), s("+ definitions can start oddly"));

    let about = wb.worksheet_range("About").unwrap();
    assert_eq!(cell(&about, 3, 1), s("ipr 0.1.0"));
    assert_eq!(cell(&about, 11, 1), s(&"ab".repeat(32)));
    assert_eq!(cell(&about, 11, 2), f(12345.0));

    // Each directorate sheet holds only its own indicators.
    let place = wb.worksheet_range("Place").unwrap();
    assert_eq!(cell(&place, 0, 0), s("Place"));
    assert_eq!(cell(&place, 2, 0), s("PL-01"));
    assert_eq!(cell(&place, 3, 0), Data::Empty);
    let adults = wb.worksheet_range("Adults- Care-Health").unwrap();
    assert_eq!(cell(&adults, 0, 0), s("Adults: Care/Health"));
    assert_eq!(cell(&adults, 3, 0), s("ASC-02"));

    // RAG is shown in colour as well as by word; numbers at reporting precision.
    let mut xlsx: Xlsx<_> = open_workbook(&path).unwrap();
    let styles = xlsx.worksheet_style("Indicators").unwrap();
    let red = styles.get((pl1, 9)).unwrap();
    let fill = red.fill.as_ref().and_then(|f| f.get_color()).unwrap();
    assert_eq!((fill.red, fill.green, fill.blue), (0xFF, 0xC7, 0xCE));
    let actual = styles.get((asc1, 6)).unwrap();
    assert_eq!(
        actual
            .number_format
            .as_ref()
            .map(|n| n.format_code.as_str()),
        Some("#,##0.0")
    );
}

#[test]
fn same_input_gives_identical_bytes() {
    let dir = common::temp_dir();
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    write_workbook(&consolidation(), &a).unwrap();
    write_workbook(&consolidation(), &b).unwrap();
    let first = std::fs::read(&a).unwrap();
    assert_eq!(first, std::fs::read(&b).unwrap());
    // Writing over the same name again changes nothing either.
    write_workbook(&consolidation(), &a).unwrap();
    assert_eq!(first, std::fs::read(&a).unwrap());
}

fn no_files_in(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|d| d.count() == 0)
        .unwrap_or(true)
}

#[test]
fn a_folder_that_cannot_be_written_gives_an_error_and_no_file() {
    let dir = common::temp_dir();
    let c = consolidation();

    let missing = dir.path().join("no-such-folder");
    let path = missing.join("IPR-2026-09.xlsx");
    let err = write_workbook(&c, &path).unwrap_err();
    assert!(err.to_string().contains("IPR-2026-09.xlsx"), "{err}");
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(!missing.exists());
    assert!(write_json(&c, &missing.join("IPR-2026-09.json")).is_err());

    // A "folder" that is a file.
    let file = dir.path().join("plain-file");
    std::fs::write(&file, b"x").unwrap();
    assert!(write_workbook(&c, &file.join("IPR-2026-09.xlsx")).is_err());
    assert_eq!(std::fs::read(&file).unwrap(), b"x");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = dir.path().join("read-only");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
        // Root ignores permissions: only assert where the folder really is read-only.
        let probe = ro.join("probe");
        if std::fs::write(&probe, b"x").is_err() {
            let err = write_workbook(&c, &ro.join("IPR-2026-09.xlsx")).unwrap_err();
            assert!(err.to_string().contains("read-only"), "{err}");
            assert!(no_files_in(&ro));
        } else {
            let _ = std::fs::remove_file(&probe);
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn json_keeps_the_contract_and_unrounded_numbers() {
    let dir = common::temp_dir();
    let path = dir.path().join("IPR-2026-09.json");
    let c = consolidation();
    write_json(&c, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.ends_with("}\n"));
    assert!(text.contains("186.66666666666666"), "target rounded");
    // The file is the pretty-printed value. (Compare text: serde_json's default
    // parser may be off in the last bit, which is no fault of the writer.)
    let v = to_json(&c);
    assert_eq!(text, serde_json::to_string_pretty(&v).unwrap() + "\n");

    let keys = |o: &serde_json::Value| {
        let mut k: Vec<String> = o.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&v),
        [
            "coverage",
            "exceptions",
            "findings",
            "indicators",
            "period",
            "stale_actions",
            "summary",
            "values_used"
        ]
    );
    assert_eq!(v["period"], "2026-09");

    let pl1 = &v["indicators"][2];
    for k in [
        "code",
        "directorate",
        "period",
        "actual",
        "target",
        "rag",
        "direction_last_year",
        "direction_previous",
        "forecast",
        "exception",
        "reasons",
        "title",
        "variance",
        "ytd",
        "annual_target",
        "target_basis",
        "forecast_basis",
        "commentary",
        "source",
    ] {
        assert!(pl1.get(k).is_some(), "indicator lacks {k}");
    }
    assert_eq!(pl1["code"], "PL-01");
    assert_eq!(pl1["target"].as_f64(), Some(PRO_RATA));
    assert_eq!(pl1["variance"].as_f64(), Some(150.0 - PRO_RATA));
    assert_eq!(pl1["rag"], "red");
    assert_eq!(pl1["direction_last_year"], "improving");
    assert_eq!(pl1["direction_previous"], "none");
    assert_eq!(pl1["reasons"], serde_json::json!(["red", "forecast"]));
    assert_eq!(pl1["ytd"], serde_json::Value::Null);
    assert_eq!(
        pl1["source"],
        serde_json::json!({"file": "returns/adults.xlsx", "sheet": "Return", "cell": "C7"})
    );
    assert_eq!(v["indicators"][0]["commentary"], "=SUM(A1)");

    assert_eq!(
        v["exceptions"],
        serde_json::json!([{
            "code": "PL-01", "directorate": "Place",
            "reasons": ["red", "forecast"], "action": null
        }])
    );

    let finding = &v["findings"][0];
    for k in [
        "rule",
        "severity",
        "dimension",
        "file",
        "sheet",
        "cell",
        "directorate",
        "indicator",
        "period",
        "value",
        "message",
        "hint",
        "explained",
        "note",
    ] {
        assert!(finding.get(k).is_some(), "finding lacks {k}");
    }
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["cell"], "C7");

    assert_eq!(v["summary"]["red"], 1);
    assert_eq!(v["summary"]["exceptions"], 1);
    assert_eq!(v["summary"]["dq_errors"], 1);
    assert_eq!(v["coverage"]["council"]["expected"], 3);
}
