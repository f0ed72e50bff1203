//! Shared helpers for the tests: where the samples are, how to run the real
//! `ipr` binary, hashing, reading workbooks back, and the expected results
//! copied by hand from `samples/README.md` (never from the tool's output);
//! tools, fixtures and scratch folders ([`tools`]); a builder for observations
//! ([`obs`]).

// Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code, unused_imports)]

pub mod council;
pub mod obs;
pub mod tools;

pub use council::{consolidate_council, consolidated_council, copy_tree, fixture_council};

pub use obs::{IntoPeriod, ObsBuilder, Observation, Source};
pub use tools::{
    fixtures, generate, ipr_bin, require, scratch_dir, skip, soffice_convert, temp_dir, Tool,
};

use calamine::{Data, Range};
use ipr::model::Rule;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Output;

/// The crate's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `samples/`.
pub fn samples() -> PathBuf {
    root().join("samples")
}

/// `samples/register.xlsx`.
pub fn register() -> PathBuf {
    samples().join("register.xlsx")
}

/// `samples/ipr.toml`: the register, the returns folder and the `[[source]]`
/// that Housing and Communities' files need.
pub fn config() -> PathBuf {
    samples().join("ipr.toml")
}

/// `samples/returns/` (a folder per financial year below it).
pub fn returns_dir() -> PathBuf {
    samples().join("returns")
}

/// The sample council's month `period` (e.g. `2026-09`) consolidated as
/// `ipr consolidate --config samples/ipr.toml` would, in memory: the samples'
/// settings carry the `[[source]]` that reads Housing's returns.
pub fn sample_month(period: &str) -> ipr::model::Consolidation {
    use ipr::workspace::{PeriodRule, Workspace, WorkspaceOptions};
    let ws = Workspace::load(&WorkspaceOptions {
        config: Some(config()),
        period: Some(period.into()),
        period_rule: PeriodRule::Required { example: "2026-09" },
        ..WorkspaceOptions::default()
    })
    .expect("the sample workspace");
    let form = ipr::report::FormStyle::builtin().expect("the built-in form");
    let out = temp_dir();
    let mut opts = ipr::pipeline::MonthOptions::new(&ws, ws.period.expect("a period"), &form);
    opts.out = out.path().to_path_buf();
    ipr::pipeline::prepare_month(&opts, &|_, _| {})
        .expect("the samples consolidate")
        .consolidation
}

/// Every sample return, sorted by path.
pub fn all_returns() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = hash_tree(&returns_dir()).into_keys().collect();
    out.sort();
    out
}

/// One of the sample returns, by file name (found in whichever year's folder
/// holds it) or by its path under `samples/returns/`.
pub fn sample_return(name: &str) -> PathBuf {
    let direct = returns_dir().join(name);
    if direct.is_file() {
        return direct;
    }
    all_returns()
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n == name))
        .unwrap_or(direct)
}

/// File names of the five returns that carry September 2026 (Economy and
/// Place's is its 2026/27 workbook, which holds April to September).
pub const RETURN_FILES: [&str; 5] = [
    "Adults-and-Health-2026-09.xlsx",
    "Children-and-Families-2026-09.xlsx",
    "Economy-and-Place-2026-27.xlsx",
    "Housing-and-Communities-2026-09.xlsx",
    "Resources-2026-09.xlsx",
];

/// Number of return files in `samples/returns/`: the 50 of the README's "Files",
/// 30 progress returns ("The action plan") and 30 budget returns ("The budget").
pub const RETURN_COUNT: usize = 110;

/// Values read from all the returns, so rows of the History sheet (README, "History sheet").
pub const HISTORY_ROWS: usize = 438;

/// The five directorates, in the order their sheets follow `About`.
pub const DIRECTORATES: [&str; 5] = [
    "Adults and Health",
    "Children and Families",
    "Economy and Place",
    "Housing and Communities",
    "Resources",
];

/// A command for the real `ipr` binary, run in `cwd` (an empty folder, so no
/// stray `ipr.toml` is picked up).
pub fn ipr(cwd: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(ipr_bin());
    cmd.current_dir(cwd);
    cmd
}

/// Run `ipr consolidate --config samples/ipr.toml --period 2026-09` (the README's
/// first command: register and returns from the settings file) into `out`.
pub fn consolidate_samples(out: &Path) -> Output {
    let cwd = temp_dir();
    ipr(cwd.path())
        .arg("consolidate")
        .arg("--config")
        .arg(config())
        .args(["--period", "2026-09"])
        .arg("--out")
        .arg(out)
        .output()
        .expect("ipr runs")
}

/// The samples consolidated into a fresh folder (the README's first command),
/// with its JSON: checks the exit code (1: the planted errors), that the
/// workbook is there and that no cell was written out of order and lost.
pub fn consolidated() -> (tempfile::TempDir, serde_json::Value) {
    let out = temp_dir();
    let run = consolidate_samples(out.path());
    assert_eq!(
        run.status.code(),
        Some(1),
        "there are data-quality errors\nstdout:\n{}\nstderr:\n{}",
        stdout(&run),
        stderr(&run)
    );
    assert!(out.path().join("IPR-2026-09.xlsx").is_file());
    // The long sheets are written row by row (rust_xlsxwriter's low-memory
    // modes), where a write to a row above the current one is dropped with this
    // message: a cell silently missing from the report.
    assert!(
        !stderr(&run).contains("Ignoring write"),
        "a cell was written out of order and lost:\n{}",
        stderr(&run)
    );
    let json = read_json(&out.path().join("IPR-2026-09.json"));
    (out, json)
}

/// The finding for a planted row: the one with its rule and indicator.
pub fn finding_for<'a>(
    findings: &'a [serde_json::Value],
    p: &Planted,
) -> Vec<&'a serde_json::Value> {
    findings
        .iter()
        .filter(|f| f["rule"] == p.rule.id() && f["indicator"] == p.indicator)
        // CP-E2 is given twice: a DQ067 at each row.
        .filter(|f| p.cell.is_none() || f["cell"] == p.cell.unwrap_or_default())
        .collect()
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// SHA-256 of every file under `dir` (recursively), keyed by path.
pub fn hash_tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("readable file");
                out.insert(path, sha256_hex(&bytes));
            }
        }
    }
    out
}

/// Parse a JSON file.
/// The XML of each chart in the workbook at `xlsx` (`xl/charts/chart*.xml`),
/// in the order of the zip.
pub fn chart_xmls(xlsx: &Path) -> Vec<String> {
    let file = std::fs::File::open(xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut charts = Vec::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        if part.name().is_ok_and(|n| n.starts_with("xl/charts/chart")) {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut part, &mut xml).unwrap();
            charts.push(xml);
        }
    }
    charts
}

pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("readable JSON file");
    serde_json::from_str(&text).expect("valid JSON")
}

/// A cell's content as text (numbers in Rust's shortest form), for comparisons.
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The worksheet's rows as text, from its first used row; each row starts at
/// column A (absolute positions, so gaps before the used range are kept).
pub fn rows_text(range: &Range<Data>) -> Vec<Vec<String>> {
    let Some((r0, _)) = range.start() else {
        return Vec::new();
    };
    let Some((r1, c1)) = range.end() else {
        return Vec::new();
    };
    (r0..=r1)
        .map(|r| {
            (0..=c1)
                .map(|c| range.get_value((r, c)).map(cell_text).unwrap_or_default())
                .collect()
        })
        .collect()
}

/// Column index (0-based, absolute) of each header text in the sheet's first row.
pub fn header_columns(range: &Range<Data>) -> HashMap<String, usize> {
    rows_text(range)
        .first()
        .map(|row| {
            row.iter()
                .enumerate()
                .filter(|(_, h)| !h.is_empty())
                .map(|(i, h)| (h.trim().to_string(), i))
                .collect()
        })
        .unwrap_or_default()
}

/// One planted data-quality problem (samples/README.md, "Planted data-quality problems").
#[derive(Debug, Clone, Copy)]
pub struct Planted {
    /// Row number in the README table.
    pub no: u32,
    /// Return file name.
    pub file: &'static str,
    /// Sheet.
    pub sheet: &'static str,
    /// Cell, `None` for the absent row.
    pub cell: Option<&'static str>,
    /// Indicator code.
    pub indicator: &'static str,
    /// Rule id (src/quality/rules.rs) for the README's rule in words.
    pub rule: Rule,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// A warning explained by a Data Note.
    pub explained: bool,
    /// Period of the finding.
    pub period: &'static str,
    /// Seen by `consolidate` only: it needs other returns (history rules, a
    /// conflict across returns), so `check`, which takes each return on its own,
    /// does not report it.
    pub consolidate_only: bool,
}

const AH: &str = "2026-27/Adults-and-Health-2026-09.xlsx";
const CF: &str = "2026-27/Children-and-Families-2026-09.xlsx";
const EP: &str = "2026-27/Economy-and-Place-2026-27.xlsx";
const HC: &str = "2026-27/Housing-and-Communities-2026-09.xlsx";
const HC_JULY: &str = "2026-27/Housing-and-Communities-2026-07.xlsx";

// One argument per column of the README's table keeps the table readable.
#[allow(clippy::too_many_arguments)]
const fn p(
    no: u32,
    file: &'static str,
    sheet: &'static str,
    cell: Option<&'static str>,
    indicator: &'static str,
    rule: Rule,
    severity: &'static str,
    explained: bool,
    period: &'static str,
    consolidate_only: bool,
) -> Planted {
    Planted {
        no,
        file,
        sheet,
        cell,
        indicator,
        rule,
        severity,
        explained,
        period,
        consolidate_only,
    }
}

const PA: &str = "2026-27/Progress-Adults-and-Health-2026-09.xlsx";
const PC: &str = "2026-27/Progress-Children-and-Families-2026-09.xlsx";
const PE: &str = "2026-27/Progress-Economy-and-Place-2026-09.xlsx";
const PH: &str = "2026-27/Progress-Housing-and-Communities-2026-09.xlsx";
const PR: &str = "Progress";
const BA: &str = "2026-27/Budget-Adults-and-Health-2026-09.xlsx";
const BC: &str = "2026-27/Budget-Children-and-Families-2026-09.xlsx";
const BE: &str = "2026-27/Budget-Economy-and-Place-2026-09.xlsx";
const BH: &str = "2026-27/Budget-Housing-and-Communities-2026-09.xlsx";
const BU: &str = "Budget";

const SEP: &str = "2026-09";
const Q2: &str = "2026/27-Q2";

/// Every row of the planted table that should give a finding (row 11, CF-06 "n/a"
/// with Required = no, gives none). Row 14 is reported at the value cell D8, not
/// at the empty Notes cell H8 the README shows. Rows 15-18 need the history, so
/// only `consolidate` reports them. Rows 19 on are the action plan's
/// (README, "The action plan"), each in a directorate's progress return; its
/// DQ071 needs August's report, so it is not among them. Rows 33 on are the
/// budget's (README, "The budget"), each in a directorate's budget return.
#[rustfmt::skip]
pub const PLANTED: [Planted; 40] = [
    p(1, AH, "Return", Some("C6"), "ASC-01", Rule::DQ011, "error", false, SEP, false),
    p(2, CF, "Performance", Some("D10"), "CF-03", Rule::DQ012, "error", false, SEP, false),
    p(3, EP, "Monthly", Some("H11"), "EP-03", Rule::DQ010, "error", false, SEP, false),
    p(4, EP, "Monthly", Some("H5"), "EP-01", Rule::DQ013, "error", false, SEP, false),
    p(5, AH, "Return", Some("C9"), "ASC-04", Rule::DQ016, "error", false, Q2, false),
    p(6, AH, "Return", Some("A13"), "ASC-99", Rule::DQ020, "error", false, "", false),
    p(7, CF, "Performance", Some("D16"), "HC-04", Rule::DQ021, "error", false, SEP, false),
    p(8, AH, "Return", Some("C14"), "ASC-06", Rule::DQ030, "error", false, SEP, false),
    p(9, HC, "Data", None, "HC-07", Rule::DQ001, "error", false, SEP, false),
    p(10, HC, "Data", Some("D13"), "HC-08", Rule::DQ002, "error", false, Q2, false),
    p(12, HC, "Data", Some("D12"), "HC-06", Rule::DQ040, "warning", true, Q2, false),
    p(13, CF, "Performance", Some("D9"), "CF-02", Rule::DQ040, "warning", false, SEP, false),
    p(14, HC, "Data", Some("D8"), "HC-02", Rule::DQ004, "error", false, SEP, false),
    p(15, AH, "Return", Some("C8"), "ASC-03", Rule::DQ031, "error", false, SEP, true),
    p(16, CF, "Performance", Some("D11"), "CF-04", Rule::DQ041, "warning", false, SEP, true),
    p(17, CF, "Performance", Some("D14"), "CF-07", Rule::DQ051, "warning", false, SEP, true),
    p(18, HC_JULY, "Data", Some("D12"), "HC-04", Rule::DQ030, "error", false, "2026-06", true),
    p(19, PE, PR, Some("A13"), "CP-E9", Rule::DQ060, "error", false, SEP, false),
    p(20, PH, PR, Some("A11"), "OF-2", Rule::DQ061, "error", false, SEP, false),
    p(21, PA, PR, Some("C6"), "CP-A2", Rule::DQ062, "error", false, SEP, false),
    p(22, PA, PR, Some("D7"), "CP-A3", Rule::DQ063, "error", false, SEP, false),
    p(23, PC, PR, Some("E9"), "OF-4", Rule::DQ064, "error", false, SEP, false),
    p(24, PC, PR, Some("D8"), "OF-3", Rule::DQ065, "error", false, SEP, false),
    p(25, PE, PR, Some("F7"), "CP-E3", Rule::DQ066, "error", false, SEP, false),
    p(26, PE, PR, Some("A6"), "CP-E2", Rule::DQ067, "error", false, SEP, false),
    p(27, PE, PR, Some("A14"), "CP-E2", Rule::DQ067, "error", false, SEP, false),
    p(28, PH, PR, None, "CP-H4", Rule::DQ068, "error", false, SEP, false),
    p(29, PC, PR, Some("G6"), "OF-1.1", Rule::DQ069, "warning", false, SEP, false),
    p(30, PC, PR, Some("E6"), "OF-1.1", Rule::DQ070, "warning", false, SEP, false),
    p(32, PA, PR, Some("H8"), "CP-A4", Rule::DQ072, "warning", false, SEP, false),
    p(33, BE, BU, Some("A11"), "EP-B99", Rule::DQ080, "error", false, SEP, false),
    p(34, BE, BU, Some("E10"), "EP-B06", Rule::DQ081, "error", false, SEP, false),
    p(35, BC, BU, Some("E6"), "CF-B02", Rule::DQ082, "error", false, SEP, false),
    p(36, BH, BU, None, "HC-B04", Rule::DQ082, "error", false, SEP, false),
    p(37, BC, BU, Some("C8"), "CF-B04", Rule::DQ083, "warning", true, SEP, false),
    p(38, BA, BU, Some("D7"), "AH-B03", Rule::DQ084, "warning", false, SEP, false),
    p(39, BE, BU, Some("F8"), "EP-B04", Rule::DQ085, "warning", false, SEP, false),
    p(40, BC, BU, Some("A7"), "CF-B03", Rule::DQ086, "error", false, SEP, false),
    p(41, BC, BU, Some("A11"), "CF-B03", Rule::DQ086, "error", false, SEP, false),
    p(42, BA, BU, Some("A11"), "RES-B01", Rule::DQ087, "error", false, SEP, false),
];

/// The planted rows `ipr check` reports (each return on its own).
pub fn planted_for_check() -> Vec<&'static Planted> {
    PLANTED.iter().filter(|p| !p.consolidate_only).collect()
}

/// RAG of every indicator due (README, "Expected assessment of every indicator due").
pub const EXPECTED_RAG: [(&str, &str); 38] = [
    ("ASC-01", "missing"),
    ("ASC-02", "red"),
    ("ASC-03", "green"),
    ("ASC-04", "missing"),
    ("ASC-05", "amber"),
    ("ASC-06", "missing"),
    ("ASC-07", "green"),
    ("CF-01", "red"),
    ("CF-02", "green"),
    ("CF-03", "missing"),
    ("CF-04", "green"),
    ("CF-05", "green"),
    ("CF-06", "missing"),
    ("CF-07", "green"),
    ("CF-08", "green"),
    ("EP-01", "missing"),
    ("EP-02", "red"),
    ("EP-03", "missing"),
    ("EP-04", "green"),
    ("EP-05", "green"),
    ("EP-06", "green"),
    ("EP-07", "green"),
    ("EP-08", "green"),
    ("HC-01", "green"),
    ("HC-02", "red"),
    ("HC-03", "amber"),
    ("HC-04", "green"),
    ("HC-05", "red"),
    ("HC-06", "green"),
    ("HC-07", "missing"),
    ("HC-08", "missing"),
    ("RES-01", "green"),
    ("RES-02", "green"),
    ("RES-03", "amber"),
    ("RES-04", "green"),
    ("RES-05", "green"),
    ("RES-06", "none"),
    ("RES-07", "green"),
];

/// The seven exceptions and their reasons (README, "Planted shortfalls").
pub const EXCEPTIONS: [(&str, &[&str]); 7] = [
    ("ASC-02", &["red", "forecast"]),
    ("ASC-05", &["amber-twice"]),
    ("CF-01", &["red", "forecast"]),
    ("EP-02", &["red"]),
    ("EP-07", &["forecast"]),
    ("HC-02", &["red", "forecast"]),
    ("HC-05", &["red"]),
];

/// Directions of travel of every indicator due: (code, against last year,
/// against the previous period) (README, "Expected assessment of every indicator due").
pub const EXPECTED_DIRECTIONS: [(&str, &str, &str); 38] = [
    ("ASC-01", "none", "none"),
    ("ASC-02", "worsening", "improving"),
    ("ASC-03", "improving", "none"),
    ("ASC-04", "none", "none"),
    ("ASC-05", "worsening", "worsening"),
    ("ASC-06", "none", "none"),
    ("ASC-07", "improving", "improving"),
    ("CF-01", "worsening", "worsening"),
    ("CF-02", "improving", "worsening"),
    ("CF-03", "none", "none"),
    ("CF-04", "improving", "improving"),
    ("CF-05", "improving", "improving"),
    ("CF-06", "none", "none"),
    ("CF-07", "improving", "unchanged"),
    ("CF-08", "improving", "none"),
    ("EP-01", "none", "none"),
    ("EP-02", "worsening", "worsening"),
    ("EP-03", "none", "none"),
    ("EP-04", "improving", "improving"),
    ("EP-05", "improving", "none"),
    ("EP-06", "improving", "worsening"),
    ("EP-07", "worsening", "none"),
    ("EP-08", "improving", "none"),
    ("HC-01", "improving", "none"),
    ("HC-02", "worsening", "worsening"),
    ("HC-03", "worsening", "worsening"),
    ("HC-04", "improving", "worsening"),
    ("HC-05", "worsening", "worsening"),
    ("HC-06", "improving", "improving"),
    ("HC-07", "none", "none"),
    ("HC-08", "none", "none"),
    ("RES-01", "improving", "worsening"),
    ("RES-02", "improving", "worsening"),
    ("RES-03", "worsening", "none"),
    ("RES-04", "improving", "none"),
    ("RES-05", "improving", "unchanged"),
    ("RES-06", "none", "none"),
    ("RES-07", "improving", "worsening"),
];
