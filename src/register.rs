//! The indicator register: the council's definitions of its indicators.

use crate::period::{Frequency, Period, YearStart};
use crate::read::{a1, Book, CellValue, Limits, ReadError, Sheet};
use crate::value::{Parsed, ValueOptions};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// Unit of an indicator's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A plain number.
    Number,
    /// Percentage points (85 means 85%).
    Percent,
    /// Pounds.
    Currency,
    /// Days.
    Days,
    /// A count of things: never negative.
    Count,
    /// A rate (for example per 1,000 population).
    Rate,
    /// A ratio.
    Ratio,
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    /// Higher is better.
    Higher,
    /// Lower is better.
    Lower,
    /// On target is best; either side is worse.
    Band,
    /// Monitoring only.
    None,
}

/// Whether a value is a snapshot or a year-to-date total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Value at the period.
    Snapshot,
    /// Year to date, resets each financial year.
    Cumulative,
}

/// One indicator's definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// Code as written in the register (trimmed).
    pub code: String,
    /// Code normalised for comparison (see [`normalise_code`]).
    pub key: String,
    /// Plain-English name.
    pub title: String,
    /// Directorate that returns it.
    pub directorate: String,
    /// Responsible officer.
    pub owner: Option<String>,
    /// Unit.
    pub unit: Unit,
    /// Polarity.
    pub polarity: Polarity,
    /// Frequency.
    pub frequency: Frequency,
    /// Measure.
    pub measure: Measure,
    /// Year-end target.
    pub annual_target: Option<f64>,
    /// Amber band relative to the target, as a fraction (0.05 = 5%).
    pub tolerance: f64,
    /// Lowest valid value (None = no bound).
    pub min: Option<f64>,
    /// Highest valid value (None = no bound).
    pub max: Option<f64>,
    /// Factor between Numerator / Denominator and the value (None = not a simple ratio).
    pub multiplier: Option<f64>,
    /// Reporting precision (decimal places).
    pub decimals: Option<u32>,
    /// Must be returned each due period.
    pub required: bool,
    /// Definition text.
    pub definition: Option<String>,
    /// Source of the data.
    pub data_source: Option<String>,
    /// Where the definition row is in the register (for messages).
    pub row: u32,
}

/// The council's register: indicators and profiled targets.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Register {
    /// The register file as named by the user.
    pub file: String,
    /// SHA-256 of the register file's bytes.
    pub sha256: String,
    /// Size of the register file in bytes.
    pub bytes: u64,
    /// Indicators in register order.
    pub indicators: Vec<Indicator>,
    /// Profiled targets keyed by (indicator key, period).
    #[serde(skip)]
    pub targets: BTreeMap<(String, Period), f64>,
    /// Position of each indicator by key, for [`Register::get`]. Filled by
    /// [`Register::reindex`]; a register built by hand may leave it empty (lookups
    /// then scan), and a stale entry is never trusted.
    #[serde(skip)]
    pub index: std::collections::HashMap<String, usize>,
    /// [`Register::directorates`], worked out once by [`Register::reindex`]: every
    /// return asks for it, and a national register has thousands of indicators.
    #[serde(skip)]
    pub directorate_list: Vec<String>,
}

impl Register {
    /// Look an indicator up by any spelling of its code.
    pub fn get(&self, code: &str) -> Option<&Indicator> {
        let key = normalise_code(code);
        // Every return row is looked up: the index keeps that constant-time. A register
        // built or changed by hand without `reindex` is still answered, by a scan.
        if let Some(i) = self.index.get(&key).and_then(|&p| self.indicators.get(p)) {
            if i.key == key {
                return Some(i);
            }
        }
        self.indicators.iter().find(|i| i.key == key)
    }

    /// Look an indicator up by a code already normalised ([`normalise_code`], as
    /// every observation's is) without normalising it again; any other spelling
    /// is answered as [`Register::get`] answers it.
    pub fn get_normalised(&self, key: &str) -> Option<&Indicator> {
        match self.index.get(key).and_then(|&p| self.indicators.get(p)) {
            Some(i) if i.key == key => Some(i),
            _ => self.get(key),
        }
    }

    /// Rebuild the look-up index after `indicators` has changed.
    pub fn reindex(&mut self) {
        self.index = self
            .indicators
            .iter()
            .enumerate()
            .map(|(p, i)| (i.key.clone(), p))
            .collect();
        self.directorate_list = self.work_out_directorates();
    }

    /// Directorates in order of first appearance in the register.
    pub fn directorates(&self) -> Vec<String> {
        if !self.directorate_list.is_empty() {
            return self.directorate_list.clone();
        }
        self.work_out_directorates()
    }

    fn work_out_directorates(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let mut out: Vec<String> = Vec::new();
        for i in &self.indicators {
            if seen.insert(i.directorate.to_ascii_lowercase()) {
                out.push(i.directorate.clone());
            }
        }
        out
    }
}

/// Normalise an indicator code for comparison: trims, removes zero-width
/// characters, turns non-breaking spaces into spaces, collapses inner spaces
/// and upper-cases. `" asc-01 "` and `"ASC-01"` compare equal.
pub fn normalise_code(code: &str) -> String {
    let cleaned: String = code
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{2060}'
            )
        })
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    cleaned
        .split(' ')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// Normalise a header for matching: lower-case letters and digits only.
/// `"Annual Target"`, `"annual_target"` and `"ANNUAL-TARGET "` all give `annualtarget`.
pub fn header_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Whether two spellings name the same directorate (as [`header_key`] compares
/// them), without allocating in the common case where they are spelt alike.
pub fn same_directorate(a: &str, b: &str) -> bool {
    a == b || header_key(a) == header_key(b)
}

/// One thing wrong with the register, located by sheet and cell.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterProblem {
    /// Sheet name.
    pub sheet: String,
    /// A1 cell.
    pub cell: String,
    /// What is wrong and what was expected.
    pub message: String,
}

/// Why a register was rejected.
#[derive(Debug, Clone, PartialEq)]
pub enum RegisterError {
    /// The file could not be read.
    Read {
        /// File.
        file: String,
        /// Why.
        error: ReadError,
    },
    /// The file was read but rows are wrong: every one is listed.
    Invalid {
        /// File.
        file: String,
        /// Every problem found.
        problems: Vec<RegisterProblem>,
    },
}

impl fmt::Display for RegisterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegisterError::Read { file, error } => {
                write!(f, "The register {file} could not be read: {error}.")
            }
            RegisterError::Invalid { file, problems } => {
                writeln!(
                    f,
                    "The register {file} has {} problem{}; nothing was checked. Fix these and run again:",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                )?;
                for p in problems {
                    let sheet = if p.sheet.is_empty() {
                        String::new()
                    } else {
                        format!("sheet '{}', ", p.sheet)
                    };
                    writeln!(f, "  {sheet}cell {}: {}", p.cell, p.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RegisterError {}

/// Settings the register needs to read its values.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterOptions {
    /// Financial year start.
    pub year_start: YearStart,
    /// Tolerance where the register leaves it blank, as a fraction.
    pub default_tolerance: f64,
    /// File-size and sheet-size limits.
    pub limits: Limits,
}

impl Default for RegisterOptions {
    fn default() -> Self {
        RegisterOptions {
            year_start: YearStart::default(),
            default_tolerance: 0.05,
            limits: Limits::default(),
        }
    }
}

const COLUMNS: &[(&str, &[&str])] = &[
    (
        "code",
        &["code", "ref", "piref", "picode", "indicatorcode", "kpiref"],
    ),
    (
        "title",
        &["title", "indicator", "indicatorname", "name", "description"],
    ),
    ("directorate", &["directorate", "service", "department"]),
    ("owner", &["owner", "responsibleofficer", "leadofficer"]),
    ("unit", &["unit", "units"]),
    ("polarity", &["polarity", "goodis", "direction"]),
    ("frequency", &["frequency"]),
    ("measure", &["measure", "measuretype"]),
    (
        "annual_target",
        &["annualtarget", "target", "yearendtarget"],
    ),
    ("tolerance", &["tolerance"]),
    ("min", &["min", "minimum"]),
    ("max", &["max", "maximum"]),
    ("multiplier", &["multiplier"]),
    ("decimals", &["decimals", "dp", "decimalplaces"]),
    ("required", &["required"]),
    ("definition", &["definition"]),
    ("source", &["source", "datasource"]),
];

const REQUIRED: &[&str] = &[
    "code",
    "title",
    "directorate",
    "unit",
    "polarity",
    "frequency",
    "measure",
];

/// Find a header row in the first 30 rows: the first row naming every one of `needed`.
/// Returns the row and a map of column name -> absolute column.
fn find_header(
    sheet: &Sheet,
    columns: &[(&'static str, &[&str])],
    needed: &[&str],
) -> Option<(u32, BTreeMap<&'static str, u32>)> {
    for row in sheet.rows().take(30) {
        let mut map: BTreeMap<&'static str, u32> = BTreeMap::new();
        for col in sheet.cols() {
            let Some(text) = sheet.get(row, col).text() else {
                continue;
            };
            let key = header_key(text);
            if let Some((name, _)) = columns
                .iter()
                .find(|(n, syn)| syn.contains(&key.as_str()) && !map.contains_key(n))
            {
                map.insert(name, col);
            }
        }
        if needed.iter().all(|n| map.contains_key(n)) {
            return Some((row, map));
        }
    }
    None
}

const TARGET_COLUMNS: &[(&str, &[&str])] = &[
    (
        "code",
        &["code", "ref", "piref", "picode", "indicatorcode", "kpiref"],
    ),
    ("period", &["period", "month", "quarter"]),
    ("target", &["target"]),
];

fn pick_sheet<'a>(book: &'a Book, name: &str) -> Option<&'a Sheet> {
    book.sheets
        .iter()
        .find(|s| header_key(&s.name) == header_key(name))
}

/// Load and validate the register. Every bad row is reported, not just the first.
pub fn load_register(
    path: &Path,
    display: &str,
    opts: &RegisterOptions,
) -> Result<Register, RegisterError> {
    let book = crate::read::read_book(path, display, &opts.limits).map_err(|error| {
        RegisterError::Read {
            file: display.to_string(),
            error,
        }
    })?;
    parse_register(&book, opts)
}

/// Validate a register already read into a [`Book`].
pub fn parse_register(book: &Book, opts: &RegisterOptions) -> Result<Register, RegisterError> {
    let invalid = |problems| RegisterError::Invalid {
        file: book.path.clone(),
        problems,
    };
    let sheet = pick_sheet(book, "Indicators")
        .or_else(|| book.sheets.iter().find(|s| s.visible))
        .or_else(|| book.sheets.first());
    let Some(sheet) = sheet else {
        return Err(invalid(vec![RegisterProblem {
            sheet: String::new(),
            cell: "A1".into(),
            message: "the workbook has no sheets; expected a sheet named 'Indicators'".into(),
        }]));
    };
    let Some((header_row, cols)) = find_header(sheet, COLUMNS, &["code", "title"]) else {
        return Err(invalid(vec![RegisterProblem {
            sheet: sheet.name.clone(),
            cell: "A1".into(),
            message: "no header row found in the first 30 rows; expected a row with columns Code, Title, Directorate, Unit, Polarity, Frequency and Measure".into(),
        }]));
    };
    let mut problems = Vec::new();
    for need in REQUIRED {
        if !cols.contains_key(need) {
            problems.push(RegisterProblem {
                sheet: sheet.name.clone(),
                cell: a1(header_row, sheet.cols().start),
                message: format!("the header row has no '{}' column", column_title(need)),
            });
        }
    }
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    let values = ValueOptions::default();
    let mut indicators: Vec<Indicator> = Vec::new();
    for row in (header_row + 1)..sheet.rows().end {
        if cols.values().all(|&c| sheet.get(row, c).is_blank()) {
            continue;
        }
        let mut p = RowReader {
            sheet,
            row,
            cols: &cols,
            problems: &mut problems,
            values: &values,
        };
        let code = p.text("code");
        let Some(code) = code else {
            p.problem(
                "code",
                "the code is blank; every indicator needs a unique code such as ASC-01".into(),
            );
            continue;
        };
        let key = normalise_code(&code);
        let title = p.text("title");
        if title.is_none() {
            p.problem("title", format!("indicator {code} has no title"));
        }
        let directorate = p.text("directorate");
        if directorate.is_none() {
            p.problem(
                "directorate",
                format!("indicator {code} has no directorate"),
            );
        }
        let unit = p.choice(
            "unit",
            "a unit: number, percent, currency, days, count, rate or ratio",
            parse_unit,
        );
        let polarity = p.choice(
            "polarity",
            "a polarity: higher, lower, band or none",
            parse_polarity,
        );
        let frequency = p.choice(
            "frequency",
            "a frequency: monthly, quarterly or annual",
            Frequency::parse,
        );
        let measure = p.choice(
            "measure",
            "a measure: snapshot or cumulative",
            parse_measure,
        );
        let is_percent = unit == Some(Unit::Percent);
        let annual_target = p.number("annual_target", is_percent);
        let tolerance = p.tolerance(opts.default_tolerance);
        let (min_default, max_default) = if is_percent {
            (Some(0.0), Some(100.0))
        } else {
            (None, None)
        };
        let min = p.bound("min", min_default);
        let max = p.bound("max", max_default);
        let multiplier = p.bound("multiplier", Some(if is_percent { 100.0 } else { 1.0 }));
        let decimals = p.decimals();
        let required = p.yes_no("required", true);
        let definition = p.text("definition");
        let data_source = p.text("source");
        let owner = p.text("owner");
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                p.problem("min", format!("Min ({lo}) is greater than Max ({hi})"));
            }
        }
        if let Some(first) = indicators.iter().find(|i| i.key == key) {
            let first_cell = a1(first.row, cols["code"]);
            p.problem(
                "code",
                format!("code {code} appears twice (first at {first_cell}); codes must be unique"),
            );
            continue;
        }
        let (
            Some(title),
            Some(directorate),
            Some(unit),
            Some(polarity),
            Some(frequency),
            Some(measure),
        ) = (title, directorate, unit, polarity, frequency, measure)
        else {
            // Add a placeholder so later duplicates are still caught.
            indicators.push(Indicator {
                code: code.clone(),
                key,
                title: String::new(),
                directorate: String::new(),
                owner: None,
                unit: Unit::Number,
                polarity: Polarity::None,
                frequency: Frequency::Monthly,
                measure: Measure::Snapshot,
                annual_target: None,
                tolerance: 0.0,
                min: None,
                max: None,
                multiplier: None,
                decimals: None,
                required: false,
                definition: None,
                data_source: None,
                row,
            });
            continue;
        };
        indicators.push(Indicator {
            code,
            key,
            title,
            directorate,
            owner,
            unit,
            polarity,
            frequency,
            measure,
            annual_target,
            tolerance,
            min,
            max,
            multiplier,
            decimals,
            required,
            definition,
            data_source,
            row,
        });
    }
    if indicators.is_empty() && problems.is_empty() {
        problems.push(RegisterProblem {
            sheet: sheet.name.clone(),
            cell: a1(header_row + 1, sheet.cols().start),
            message: "the register lists no indicators under its header row".into(),
        });
    }
    let mut register = Register {
        file: book.path.clone(),
        sha256: book.sha256.clone(),
        bytes: book.bytes,
        indicators,
        targets: BTreeMap::new(),
        index: Default::default(),
        directorate_list: Vec::new(),
    };
    register.reindex();
    if let Some(tsheet) = pick_sheet(book, "Targets") {
        read_targets(tsheet, &mut register, opts.year_start, &mut problems);
    }
    if problems.is_empty() {
        Ok(register)
    } else {
        Err(invalid(problems))
    }
}

fn read_targets(
    sheet: &Sheet,
    register: &mut Register,
    ys: YearStart,
    problems: &mut Vec<RegisterProblem>,
) {
    let Some((header_row, cols)) =
        find_header(sheet, TARGET_COLUMNS, &["code", "period", "target"])
    else {
        if !sheet.is_empty() {
            problems.push(RegisterProblem {
                sheet: sheet.name.clone(),
                cell: "A1".into(),
                message: "the Targets sheet has no header row with columns Code, Period and Target"
                    .into(),
            });
        }
        return;
    };
    let values = ValueOptions::default();
    for row in (header_row + 1)..sheet.rows().end {
        if cols.values().all(|&c| sheet.get(row, c).is_blank()) {
            continue;
        }
        let code_cell = sheet.get(row, cols["code"]);
        let code = code_cell.display();
        let Some(ind) = register.get(&code) else {
            problems.push(RegisterProblem {
                sheet: sheet.name.clone(),
                cell: a1(row, cols["code"]),
                message: format!("'{}' is not a code in the Indicators sheet", code.trim()),
            });
            continue;
        };
        let key = ind.key.clone();
        let freq = ind.frequency;
        let pcell = sheet.get(row, cols["period"]);
        let period = match &pcell.value {
            CellValue::Date(d) => Some(Period::from_date(d.date())),
            CellValue::Text(t) => Period::parse(t, ys, None),
            _ => None,
        };
        let period = period.and_then(|p| p.for_frequency(freq, ys).or(Some(p)));
        let Some(period) = period else {
            problems.push(RegisterProblem {
                sheet: sheet.name.clone(),
                cell: a1(row, cols["period"]),
                message: format!(
                    "'{}' is not a period we can read; write it as 2025-07, 2025/26-Q2 or 2025/26",
                    pcell.display()
                ),
            });
            continue;
        };
        match values.parse(sheet.get(row, cols["target"])) {
            Parsed::Number { value, .. } => {
                register.targets.insert((key, period), value);
            }
            _ => problems.push(RegisterProblem {
                sheet: sheet.name.clone(),
                cell: a1(row, cols["target"]),
                message: format!(
                    "the target '{}' is not a number",
                    sheet.get(row, cols["target"]).display()
                ),
            }),
        }
    }
}

fn column_title(name: &str) -> &'static str {
    match name {
        "code" => "Code",
        "title" => "Title",
        "directorate" => "Directorate",
        "unit" => "Unit",
        "polarity" => "Polarity",
        "frequency" => "Frequency",
        "measure" => "Measure",
        _ => "?",
    }
}

struct RowReader<'a> {
    sheet: &'a Sheet,
    row: u32,
    cols: &'a BTreeMap<&'static str, u32>,
    problems: &'a mut Vec<RegisterProblem>,
    values: &'a ValueOptions,
}

impl RowReader<'_> {
    fn cell(&self, name: &str) -> Option<&crate::read::Cell> {
        self.cols.get(name).map(|&c| self.sheet.get(self.row, c))
    }

    fn problem(&mut self, name: &str, message: String) {
        let col = self
            .cols
            .get(name)
            .copied()
            .unwrap_or(self.sheet.cols().start);
        self.problems.push(RegisterProblem {
            sheet: self.sheet.name.clone(),
            cell: a1(self.row, col),
            message,
        });
    }

    fn text(&self, name: &str) -> Option<String> {
        let c = self.cell(name)?;
        if c.is_blank() {
            return None;
        }
        Some(c.display().trim().to_string())
    }

    fn choice<T>(
        &mut self,
        name: &str,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = self.text(name);
        match text.as_deref().map(&parse) {
            Some(Some(v)) => Some(v),
            Some(None) => {
                self.problem(
                    name,
                    format!("'{}' is not {expected}", text.unwrap_or_default()),
                );
                None
            }
            None => {
                self.problem(name, format!("blank; expected {expected}"));
                None
            }
        }
    }

    fn number(&mut self, name: &str, is_percent: bool) -> Option<f64> {
        let cell = self.cell(name)?.clone();
        match self.values.parse(&cell) {
            Parsed::Number {
                value,
                percent_marked,
            } => {
                if is_percent && !percent_marked && value > 0.0 && value < 1.0 {
                    self.problem(
                        name,
                        format!(
                            "{value} for a percent indicator is ambiguous; type 85 or 85% for 85%"
                        ),
                    );
                    return None;
                }
                Some(value)
            }
            Parsed::NoValue => None,
            Parsed::Invalid(_) => {
                self.problem(name, format!("'{}' is not a number", cell.display()));
                None
            }
        }
    }

    fn bound(&mut self, name: &str, default: Option<f64>) -> Option<f64> {
        let Some(cell) = self.cell(name).cloned() else {
            return default;
        };
        if cell.is_blank() {
            return default;
        }
        if cell
            .text()
            .map(|t| t.eq_ignore_ascii_case("none"))
            .unwrap_or(false)
        {
            return None;
        }
        match self.values.parse(&cell) {
            Parsed::Number { value, .. } => Some(value),
            _ => {
                self.problem(
                    name,
                    format!("'{}' is not a number or 'none'", cell.display()),
                );
                default
            }
        }
    }

    fn tolerance(&mut self, default: f64) -> f64 {
        let Some(cell) = self.cell("tolerance").cloned() else {
            return default;
        };
        if cell.is_blank() {
            return default;
        }
        // 5%, 5 and a percent-formatted 0.05 all mean 5%. A bare 0.05 could mean 5% typed
        // in a percent cell whose format we cannot see (.ods, .xls) or 0.05%: never guess.
        match self.values.parse(&cell) {
            Parsed::Number {
                value,
                percent_marked,
            } if !percent_marked && value > 0.0 && value < 1.0 => {
                self.problem(
                    "tolerance",
                    format!(
                        "'{}' is ambiguous: it could mean {}% or {}%; type 5% or 5 for 5%",
                        cell.display(),
                        value * 100.0,
                        value
                    ),
                );
                default
            }
            Parsed::Number { value, .. } if value >= 0.0 => value / 100.0,
            _ => {
                self.problem(
                    "tolerance",
                    format!("'{}' is not a tolerance; write it as 5%", cell.display()),
                );
                default
            }
        }
    }

    fn decimals(&mut self) -> Option<u32> {
        let cell = self.cell("decimals")?.clone();
        match self.values.parse(&cell) {
            Parsed::NoValue => None,
            Parsed::Number { value, .. }
                if (0.0..=10.0).contains(&value) && value.fract() == 0.0 =>
            {
                Some(value as u32)
            }
            _ => {
                self.problem(
                    "decimals",
                    format!(
                        "'{}' is not a number of decimal places (0 to 10)",
                        cell.display()
                    ),
                );
                None
            }
        }
    }

    fn yes_no(&mut self, name: &str, default: bool) -> bool {
        let Some(text) = self.text(name) else {
            return default;
        };
        match header_key(&text).as_str() {
            "yes" | "y" | "true" | "required" => true,
            "no" | "n" | "false" | "optional" => false,
            _ => {
                self.problem(name, format!("'{text}' should be yes or no"));
                default
            }
        }
    }
}

/// Read a unit name.
pub fn parse_unit(s: &str) -> Option<Unit> {
    Some(match header_key(s).as_str() {
        "number" | "no" | "num" => Unit::Number,
        "percent" | "percentage" | "pct" | "" if s.trim() == "%" => Unit::Percent,
        "percent" | "percentage" | "pct" => Unit::Percent,
        "currency" | "pounds" | "gbp" => Unit::Currency,
        "" if s.trim() == "£" => Unit::Currency,
        "days" | "day" => Unit::Days,
        "count" => Unit::Count,
        "rate" => Unit::Rate,
        "ratio" => Unit::Ratio,
        _ => return None,
    })
}

/// Read a polarity.
pub fn parse_polarity(s: &str) -> Option<Polarity> {
    Some(match header_key(s).as_str() {
        "higher" | "higherisbetter" | "high" | "up" => Polarity::Higher,
        "lower" | "lowerisbetter" | "low" | "down" => Polarity::Lower,
        "band" | "ontarget" | "target" => Polarity::Band,
        "none" | "monitoring" | "monitoringonly" => Polarity::None,
        _ => return None,
    })
}

/// Read a measure.
pub fn parse_measure(s: &str) -> Option<Measure> {
    Some(match header_key(s).as_str() {
        "snapshot" | "point" | "pointintime" => Measure::Snapshot,
        "cumulative" | "ytd" | "yeartodate" => Measure::Cumulative,
        _ => return None,
    })
}

#[cfg(test)]
mod index_tests {
    use super::*;

    fn ind(code: &str) -> Indicator {
        Indicator {
            code: code.into(),
            key: normalise_code(code),
            title: code.into(),
            directorate: "Resources".into(),
            owner: None,
            unit: Unit::Number,
            polarity: Polarity::Higher,
            frequency: Frequency::Monthly,
            measure: Measure::Snapshot,
            annual_target: None,
            tolerance: 0.05,
            min: None,
            max: None,
            multiplier: Some(1.0),
            decimals: None,
            required: true,
            definition: None,
            data_source: None,
            row: 0,
        }
    }

    #[test]
    fn lookups_by_index_by_scan_and_never_from_a_stale_entry() {
        let mut r = Register {
            indicators: vec![ind("RES-01"), ind("NI 135")],
            ..Default::default()
        };
        // No index yet: a scan still answers.
        assert_eq!(r.get(" ni  135 ").map(|i| i.code.as_str()), Some("NI 135"));
        r.reindex();
        assert_eq!(r.get("res-01").map(|i| i.code.as_str()), Some("RES-01"));
        assert!(r.get("RES-99").is_none());
        // Changed without reindexing: the stale position is checked, not trusted.
        r.indicators.swap(0, 1);
        assert_eq!(r.get("RES-01").map(|i| i.code.as_str()), Some("RES-01"));
        assert_eq!(r.get("NI 135").map(|i| i.code.as_str()), Some("NI 135"));
    }
}
