//! Loading the register: finding the Indicators sheet and its header row, and
//! validating every row.

use super::row::RowReader;
use super::targets::read_targets;
use super::{parse_measure, parse_polarity, parse_unit, RegisterError, RegisterProblem};
use crate::cellref::a1;
use crate::model::{Indicator, Measure, Polarity, Register, Unit};
use crate::period::{Calendar, Frequency};
use crate::read::value::ValueOptions;
use crate::read::{Book, Limits, Sheet};
use crate::register_format::{COLUMNS, INDICATORS_SHEET, TARGETS_SHEET};
use crate::text::{header_key, normalise_code};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Settings the register needs to read its values.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterOptions {
    /// Financial year start.
    pub calendar: Calendar,
    /// Tolerance where the register leaves it blank, as a fraction.
    pub default_tolerance: f64,
    /// File-size and sheet-size limits.
    pub limits: Limits,
}

impl Default for RegisterOptions {
    fn default() -> Self {
        RegisterOptions {
            calendar: Calendar::default(),
            default_tolerance: 0.05,
            limits: Limits::default(),
        }
    }
}

/// Find a header row in the first 30 rows: the first row naming every one of `needed`.
/// Returns the row and a map of column name -> absolute column.
pub(crate) fn find_header(
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

fn pick_sheet<'a>(book: &'a Book, name: &str) -> Option<&'a Sheet> {
    book.sheets
        .iter()
        .find(|s| header_key(&s.name) == header_key(name))
}

/// Load and validate the register. Every bad row is reported, not just the first.
///
/// `display` is how the file is named in messages (as the user wrote it).
///
/// ```
/// use ipr::register::{load_register, RegisterOptions};
/// use std::path::Path;
///
/// let path = Path::new("samples/register.xlsx");
/// let register = load_register(path, "register.xlsx", &RegisterOptions::default())?;
/// assert!(register.get("ASC-02").is_some());
/// println!("{} indicators for {:?}", register.indicators.len(), register.directorates());
/// # Ok::<(), ipr::register::RegisterError>(())
/// ```
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
    let (sheet, header_row, cols) = indicators_header(book).map_err(invalid)?;
    let mut problems = Vec::new();
    let values = ValueOptions::default();
    let mut indicators: Vec<Indicator> = Vec::new();
    // Each code's row as it is first met: a national register lists 20,000
    // indicators, and searching the list for each one was quadratic.
    let mut first_rows: HashMap<String, u32> = HashMap::new();
    let extra = attribute_columns(sheet, header_row, &cols);
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
        if let Some(mut ind) = indicator_row(&mut p, opts, &first_rows, &cols) {
            ind.attributes = attributes(sheet, row, &extra);
            first_rows.entry(ind.key.clone()).or_insert(ind.row);
            indicators.push(ind);
        }
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
        plan: None,
        budget: None,
        attribute_columns: extra.into_iter().map(|(_, h)| h).collect(),
    };
    register.reindex();
    if let Some(tsheet) = pick_sheet(book, TARGETS_SHEET) {
        read_targets(tsheet, &mut register, opts.calendar, &mut problems);
    }
    if problems.is_empty() {
        Ok(register)
    } else {
        Err(invalid(problems))
    }
}

/// The header row's other columns (`Priority`, `Committee`, anything a
/// council adds): each (column, heading as written), kept, never dropped.
/// The plan and the budget keep theirs the same way.
pub(crate) fn attribute_columns(
    sheet: &Sheet,
    header: u32,
    cols: &BTreeMap<&'static str, u32>,
) -> Vec<(u32, String)> {
    sheet
        .cols()
        .filter(|c| !cols.values().any(|k| k == c))
        .filter_map(|c| {
            let text = sheet.get(header, c).display();
            let text = text.trim();
            (!text.is_empty()).then(|| (c, text.to_string()))
        })
        .collect()
}

/// A row's text in each of the other columns, where it is not blank.
fn attributes(sheet: &Sheet, row: u32, extra: &[(u32, String)]) -> Vec<(String, String)> {
    extra
        .iter()
        .filter_map(|(c, heading)| {
            let text = sheet.get(row, *c).display();
            let text = text.trim();
            (!text.is_empty()).then(|| (heading.clone(), text.to_string()))
        })
        .collect()
}

/// Where a sheet's table is: the sheet, its header row, and each column's position by name.
type Header<'b> = (&'b Sheet, u32, BTreeMap<&'static str, u32>);

/// The Indicators sheet (else the first visible one), its header row and its
/// columns; every required column missing is a problem.
fn indicators_header(book: &Book) -> Result<Header<'_>, Vec<RegisterProblem>> {
    let sheet = pick_sheet(book, INDICATORS_SHEET)
        .or_else(|| book.sheets.iter().find(|s| s.visible))
        .or_else(|| book.sheets.first());
    let Some(sheet) = sheet else {
        return Err(vec![RegisterProblem {
            sheet: String::new(),
            cell: "A1".into(),
            message: "the workbook has no sheets; expected a sheet named 'Indicators'".into(),
        }]);
    };
    let columns: Vec<(&'static str, &[&str])> =
        COLUMNS.iter().map(|c| (c.name, c.synonyms)).collect();
    let Some((header_row, cols)) = find_header(sheet, &columns, &["code", "title"]) else {
        return Err(vec![RegisterProblem {
            sheet: sheet.name.clone(),
            cell: "A1".into(),
            message: "no header row found in the first 30 rows; expected a row with columns Code, Title, Directorate, Unit, Polarity, Frequency and Measure".into(),
        }]);
    };
    let missing: Vec<RegisterProblem> = COLUMNS
        .iter()
        .filter(|c| c.required && !cols.contains_key(c.name))
        .map(|c| RegisterProblem {
            sheet: sheet.name.clone(),
            cell: a1(header_row, sheet.cols().start),
            message: format!("the header row has no '{}' column", c.title),
        })
        .collect();
    if missing.is_empty() {
        Ok((sheet, header_row, cols))
    } else {
        Err(missing)
    }
}

/// One row of the Indicators sheet as an indicator, its problems noted. A
/// row with a problem in a required column gives a placeholder (so that a
/// later duplicate of its code is still caught); a duplicate code gives none.
fn indicator_row(
    p: &mut RowReader<'_>,
    opts: &RegisterOptions,
    first_rows: &HashMap<String, u32>,
    cols: &BTreeMap<&'static str, u32>,
) -> Option<Indicator> {
    let Some(code) = p.text("code") else {
        p.problem(
            "code",
            "the code is blank; every indicator needs a unique code such as ASC-01".into(),
        );
        return None;
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
    let mut ind = figures(p, opts, code, key, unit == Some(Unit::Percent));
    if let Some(&first_row) = first_rows.get(&ind.key) {
        let first_cell = a1(first_row, cols["code"]);
        let code = &ind.code;
        p.problem(
            "code",
            format!("code {code} appears twice (first at {first_cell}); codes must be unique"),
        );
        return None;
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
        return Some(placeholder(ind));
    };
    (ind.title, ind.directorate) = (title, directorate);
    (ind.unit, ind.polarity, ind.frequency, ind.measure) = (unit, polarity, frequency, measure);
    Some(ind)
}

/// The row's optional columns read into an indicator (its required words
/// left at their defaults for the caller to set).
fn figures(
    p: &mut RowReader<'_>,
    opts: &RegisterOptions,
    code: String,
    key: String,
    is_percent: bool,
) -> Indicator {
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
    Indicator {
        code,
        key,
        title: String::new(),
        directorate: String::new(),
        owner,
        unit: Unit::Number,
        polarity: Polarity::None,
        frequency: Frequency::Monthly,
        measure: Measure::Snapshot,
        annual_target,
        tolerance,
        min,
        max,
        multiplier,
        decimals,
        required,
        definition,
        data_source,
        attributes: Vec::new(),
        row: p.row,
    }
}

/// A row with a problem in a required column, kept only so that a later
/// duplicate of its code is still caught.
fn placeholder(ind: Indicator) -> Indicator {
    Indicator {
        code: ind.code,
        key: ind.key,
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
        attributes: Vec::new(),
        row: ind.row,
    }
}
