//! Returns: find each sheet's layout, the return's directorate and period, and
//! turn rows into observations. Problems with single cells become findings here,
//! at the cell; rules that need the whole picture live in `quality`.
//!
//! Layouts: long (a value column), wide (a column per period) and mapped (a
//! `[[source]]` in `ipr.toml`) all go through one row reader, so a cell is
//! judged the same way whichever layout it is in. Hidden sheets are not read;
//! hidden rows are, because not every file format tells a reader which rows
//! are hidden.

mod batch;
mod find;
mod long;
mod mapped;
pub mod mapping;
mod own;
mod rows;
mod wide;

use crate::metadata::{self, Metadata};
pub use crate::model::ReturnFile;
use crate::model::{Finding, Rule};
use crate::period::{Calendar, Period};
use crate::read::{a1, Book, CellValue, Limits, Sheet};
use crate::register::{header_key, Register};
use crate::value::ValueOptions;
pub use batch::{read_all, Progress};
pub use find::{find_returns, find_returns_except, EXTENSIONS};
use mapping::SourceMapping;
use rows::{Table, Values};
use std::path::Path;

/// How returns are read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReturnOptions {
    /// Financial-year settings.
    pub calendar: Calendar,
    /// What counts as "no value".
    pub values: ValueOptions,
    /// Size limits.
    pub limits: Limits,
    /// `[[source]]` layouts from `ipr.toml`: a file whose name matches one is
    /// read only by the first that matches.
    pub sources: Vec<SourceMapping>,
}

/// Read one return. Never fails: a file that cannot be read gives a finding.
pub fn read_return(
    path: &Path,
    display: &str,
    register: &Register,
    opts: &ReturnOptions,
) -> ReturnFile {
    let mut out = ReturnFile {
        path: display.to_string(),
        ..ReturnFile::default()
    };
    let book = match crate::read::read_book(path, display, &opts.limits) {
        Ok(b) => b,
        Err(e) => {
            // Never past the limit: the file may be a device that never ends.
            if let Some((sha256, bytes)) =
                crate::infile::sha256_capped(path, opts.limits.max_file_bytes)
            {
                (out.sha256, out.bytes) = (sha256, bytes);
            }
            let mut f = Finding::new(
                Rule::DQ005,
                display,
                format!("This return could not be read: {e}."),
            );
            f.hint = e.hint().to_string();
            out.findings.push(f);
            return out;
        }
    };
    out.sha256 = book.sha256.clone();
    out.bytes = book.bytes;
    if let Some(f) = own::own_output(&book) {
        out.findings.push(f);
        return out;
    }
    out.findings.extend(crate::read::unread_findings(&book));
    read_book_return(&book, path, register, opts, &mut out);
    // Kept until the report is written: no spare capacity left from growing.
    out.observations.shrink_to_fit();
    out
}

fn read_book_return(
    book: &Book,
    path: &Path,
    register: &Register,
    opts: &ReturnOptions,
    out: &mut ReturnFile,
) {
    let cal = opts.calendar;
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // A file a [[source]] describes is read only by its mapping, unless it is
    // a template made by `ipr template`, which says itself how it is laid out.
    let made_by_ipr =
        Metadata::of(book).is_some_and(|m| m.get_any_case(metadata::TEMPLATE_VERSION).is_some());
    let mapping = opts
        .sources
        .iter()
        .find(|s| s.matches(file_name))
        .filter(|_| !made_by_ipr);
    let mut tables: Vec<(&Sheet, Table)> = Vec::new();
    if let Some(src) = mapping {
        let Some(sheet) = mapped::sheet(book, src, &mut out.findings) else {
            return;
        };
        let Some(t) = mapped::table(book, sheet, src, cal, &mut out.findings) else {
            return;
        };
        tables.push((sheet, t));
    } else {
        let visible: Vec<&Sheet> = book
            .sheets
            .iter()
            .filter(|s| s.visible && !s.is_empty())
            .collect();
        for sheet in &visible {
            // A long value column wins: a sheet is wide only when it has none.
            let ambiguous_before = out.findings.len();
            if let Some(t) =
                long::find_header(sheet, &book.path, cal, &opts.values, &mut out.findings)
            {
                tables.push((sheet, t));
            } else if out.findings.len() > ambiguous_before {
                // Two value columns: already a finding; not a wide table either.
                continue;
            } else if let Some(t) = wide::find_header(sheet, cal, &book.path, &mut out.findings) {
                tables.push((sheet, t));
            }
        }
        let ambiguous = out.findings.iter().any(|f| f.rule == Rule::DQ017);
        if tables.is_empty() && !ambiguous {
            let mut f = Finding::new(
                Rule::DQ007,
                &book.path,
                if visible.is_empty() {
                    "This return has no visible sheet with anything in it.".to_string()
                } else {
                    "No table of indicators was found: no sheet has a header row in its first 30 rows with a code column and either a value column or a column for each period.".to_string()
                },
            );
            if let Some(s) = visible.first() {
                f.sheet = s.name.clone();
            }
            out.findings.push(f);
            return;
        }
        if tables.is_empty() {
            return;
        }
    }
    out.sheets = tables.iter().map(|(s, _)| s.name.clone()).collect();

    // Directorate: the config, a labelled cell, then file and folder names.
    let mut labelled_dir: Option<(String, String, String)> = None; // (text, sheet, cell)
    let mut labelled_period: Option<(crate::read::Cell, String, String)> = None;
    for (sheet, table) in &tables {
        let (d, p) = labelled_cells(sheet, table.row);
        if labelled_dir.is_none() {
            labelled_dir = d.map(|(t, cell)| (t, sheet.name.clone(), cell));
        }
        if labelled_period.is_none() {
            labelled_period = p.map(|(c, cell)| (c, sheet.name.clone(), cell));
        }
    }
    let names = name_parts(path);
    let configured_dir = mapping.and_then(|s| s.directorate.clone().map(|d| (s, d)));
    // A return made by `ipr template` says exactly whose it is and for when.
    let template = template_metadata(book, register, cal);
    out.directorate = if let Some((d, _)) = &template {
        Some(d.clone())
    } else if let Some((src, text)) = &configured_dir {
        let d = match_directorate(register, text);
        if d.is_none() {
            let mut f = Finding::new(
                Rule::DQ006,
                &book.path,
                format!(
                    "{} gives the directorate '{text}', which is not one in the register ({}).",
                    mapped::describe(src),
                    register.directorates().join(", ")
                ),
            );
            f.value = Some(text.clone());
            out.findings.push(f);
        }
        d
    } else {
        match &labelled_dir {
            Some((text, sheet, cell)) => match match_directorate(register, text) {
                Some(d) => Some(d),
                None => {
                    let mut f = Finding::new(
                        Rule::DQ006,
                        &book.path,
                        format!("The directorate '{text}' given on the return is not one in the register ({}).", register.directorates().join(", ")),
                    );
                    f.sheet = sheet.clone();
                    f.cell = Some(cell.clone());
                    f.value = Some(text.clone());
                    out.findings.push(f);
                    None
                }
            },
            None => names
                .iter()
                .find_map(|n| match_directorate_in_name(register, n)),
        }
    };
    if template.is_none()
        && configured_dir.is_none()
        && labelled_dir.is_none()
        && out.directorate.is_none()
    {
        out.findings.push(Finding::new(
            Rule::DQ006,
            &book.path,
            "We could not tell which directorate this return is from: there is no 'Directorate:' cell in the top rows and the file and folder names do not name a directorate in the register.".to_string(),
        ));
    }

    // Period: the config's cell, a labelled cell, the latest period column of a
    // wide table, then file and folder names.
    let mut configured_period = false;
    let mut period_cell = labelled_period;
    if let (Some(src), Some((sheet, _))) = (mapping, tables.first()) {
        if let Some((row, col)) = src.period {
            configured_period = true;
            let cell = sheet.get(row, col);
            if cell.is_blank() {
                let mut f = Finding::new(
                    Rule::DQ015,
                    &book.path,
                    format!(
                        "{} says the period is in cell {} of sheet '{}', but that cell is empty.",
                        mapped::describe(src),
                        a1(row, col),
                        sheet.name
                    ),
                );
                f.sheet = sheet.name.clone();
                f.cell = Some(a1(row, col));
                out.findings.push(f);
                period_cell = None;
            } else {
                period_cell = Some((cell.clone(), sheet.name.clone(), a1(row, col)));
            }
        }
    }
    let latest_column = tables
        .iter()
        .filter_map(|(_, t)| t.latest(cal).map(|(_, p)| p))
        // A month and a quarter ending with it: the month is the finer answer.
        .max_by_key(|p| (cal.end_month(*p), matches!(p, Period::Month { .. })));
    out.period = match &period_cell {
        _ if template.is_some() => template.as_ref().map(|(_, p)| *p),
        Some((cell, sheet, at)) => {
            let p = period_of_cell(cell, cal);
            if p.is_none() {
                let mut f = Finding::new(
                    Rule::DQ015,
                    &book.path,
                    format!(
                        "The period '{}' on the return is not one we can read.",
                        cell.display()
                    ),
                );
                f.sheet = sheet.clone();
                f.cell = Some(at.clone());
                f.value = Some(cell.display());
                out.findings.push(f);
            }
            p
        }
        None if configured_period => None,
        None => latest_column.or_else(|| names.iter().find_map(|n| period_in_name(n, cal))),
    };
    let has_period_column = tables.iter().any(|(_, t)| match &t.values {
        Values::Long { period, .. } => period.is_some(),
        Values::Wide { .. } => true,
    });
    if out.period.is_none() && period_cell.is_none() && !configured_period && !has_period_column {
        out.findings.push(Finding::new(
            Rule::DQ015,
            &book.path,
            "We could not tell which period this return is for: there is no 'Period:' or 'Month:' cell in the top rows, no Period column, and the file name does not contain a period.".to_string(),
        ));
    }
    let before = out.findings.len();
    let mut known = 0;
    for (sheet, table) in &tables {
        known += rows::read_table(sheet, table, &book.path, register, opts, out);
    }
    another_system(out, before, known, &book.path);
    // A long return with a Period column and no period of its own is for the
    // latest period its rows hold (SPEC section 3: a return may hold many).
    if out.period.is_none() && period_cell.is_none() && !configured_period && template.is_none() {
        out.period = out
            .observations
            .iter()
            .map(|o| o.period)
            .max_by_key(|p| (cal.end_month(*p), matches!(p, Period::Month { .. })));
    }
}

/// Fewest unknown codes that can make a file look like another system's.
const ANOTHER_SYSTEM_MIN: usize = 10;
/// How many unknown codes that one finding lists.
const ANOTHER_SYSTEM_LISTED: usize = 20;

/// When most of a file's rows have codes not in the register (another
/// council's or system's file: 69,217 lines of "not in the register" help
/// nobody), its DQ020 findings from `before` on become one, listing the first
/// codes; `known` is the number of rows whose code is in the register.
fn another_system(out: &mut ReturnFile, before: usize, known: usize, file: &str) {
    let unknown = out.findings[before..]
        .iter()
        .filter(|f| f.rule == Rule::DQ020)
        .count();
    if unknown < ANOTHER_SYSTEM_MIN || unknown <= known {
        return;
    }
    let mut first: Option<Finding> = None;
    let mut codes: Vec<String> = Vec::new();
    let mut kept = Vec::with_capacity(out.findings.len() - unknown + 1);
    for (i, f) in std::mem::take(&mut out.findings).into_iter().enumerate() {
        if i < before || f.rule != Rule::DQ020 {
            kept.push(f);
            continue;
        }
        if codes.len() < ANOTHER_SYSTEM_LISTED {
            codes.extend(f.indicator.clone());
        }
        first.get_or_insert(f);
    }
    if let Some(mut f) = first {
        let total = unknown + known;
        let more = if unknown > codes.len() {
            format!(", and {} more", unknown - codes.len())
        } else {
            String::new()
        };
        f.message = format!(
            "This looks like another organisation's or system's file: {unknown} of {total} codes are not in the register ({}{more}).",
            codes.join(", ")
        );
        f.hint = "Check that this is the right file and the right register: most of its codes are not ones this council reports. If it is, ask the performance team to map its codes to the register's.".to_string();
        f.indicator = None;
        f.value = None;
        f.file = file.to_string();
        kept.push(f);
    }
    out.findings = kept;
}

/// Directorate and period from the hidden metadata sheet of a template made by
/// `ipr template`, when it names a directorate in the register and a readable period.
fn template_metadata(book: &Book, register: &Register, cal: Calendar) -> Option<(String, Period)> {
    let meta = Metadata::of(book)?;
    meta.get_any_case(metadata::TEMPLATE_VERSION)?;
    let directorate = match_directorate(register, meta.get_any_case(metadata::DIRECTORATE)?)?;
    let period = cal.parse_id(meta.get_any_case(metadata::PERIOD)?)?;
    Some((directorate, period))
}

/// A label's value and the A1 cell it was found in.
type Labelled<T> = Option<(T, String)>;

/// Directorate and period given in labelled cells above the header row.
fn labelled_cells(
    sheet: &Sheet,
    header_row: u32,
) -> (Labelled<String>, Labelled<crate::read::Cell>) {
    let mut dir = None;
    let mut period = None;
    for row in sheet.rows().start..header_row {
        for col in sheet.cols() {
            let Some(text) = sheet.get(row, col).text() else {
                continue;
            };
            let (label, inline) = match text.split_once(':') {
                Some((l, rest)) => (header_key(l), rest.trim().to_string()),
                None => (header_key(text), String::new()),
            };
            let is_dir = matches!(label.as_str(), "directorate" | "service" | "department");
            let is_period = matches!(
                label.as_str(),
                "period" | "month" | "reportingperiod" | "quarter"
            );
            if !is_dir && !is_period {
                continue;
            }
            // The value is in the same cell after the colon, or in the next non-blank cell to the right.
            let value = if !inline.is_empty() {
                Some((
                    crate::read::Cell {
                        value: CellValue::Text(inline),
                        percent: false,
                    },
                    a1(row, col),
                ))
            } else {
                (col + 1..sheet.cols().end)
                    .find(|&c| !sheet.get(row, c).is_blank())
                    .map(|c| (sheet.get(row, c).clone(), a1(row, c)))
            };
            let Some((cell, at)) = value else { continue };
            if is_dir && dir.is_none() {
                dir = Some((cell.display().trim().to_string(), at));
            } else if is_period && period.is_none() {
                period = Some((cell, at));
            }
        }
    }
    (dir, period)
}

/// Read a period from a cell: a date cell gives its month; text is parsed.
pub fn period_of_cell(cell: &crate::read::Cell, cal: Calendar) -> Option<Period> {
    match &cell.value {
        CellValue::Date(d) => Some(Period::from_date(d.date())),
        CellValue::Text(t) => cal.parse(t, None),
        _ => None,
    }
}

fn match_directorate(register: &Register, text: &str) -> Option<String> {
    register
        .directorates()
        .into_iter()
        .find(|d| crate::register::same_directorate(d, text))
}

fn match_directorate_in_name(register: &Register, name: &str) -> Option<String> {
    let key = header_key(name);
    register
        .directorates()
        .into_iter()
        .filter(|d| !header_key(d).is_empty() && key.contains(&header_key(d)))
        .max_by_key(|d| header_key(d).len())
}

/// The file's stem, then its folders from nearest outwards.
fn name_parts(path: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
        out.push(stem.to_string());
    }
    let mut p = path.parent();
    while let Some(dir) = p {
        if let Some(name) = dir.file_name().and_then(|s| s.to_str()) {
            out.push(name.to_string());
        }
        p = dir.parent();
    }
    out
}

/// Find a period written in a file or folder name, e.g. `Adults-2026-09` or `Housing Sep-26`.
pub(crate) fn period_in_name(name: &str, cal: Calendar) -> Option<Period> {
    let tokens: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    for len in [3usize, 2, 1] {
        for window in tokens.windows(len) {
            for sep in ["-", "/", " "] {
                if let Some(p) = cal.parse(&window.join(sep), None) {
                    return Some(p);
                }
            }
            // Year ranges such as 2026-27 are spelt with a slash too.
            if len == 3 {
                let spaced = format!("{} {}/{}", window[0], window[1], window[2]);
                if let Some(p) = cal.parse(&spaced, None) {
                    return Some(p);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_in_file_names() {
        let cal = Calendar::default();
        assert_eq!(
            period_in_name("Adults-and-Health-2026-09", cal),
            Some(Period::month(2026, 9))
        );
        assert_eq!(
            period_in_name("Housing Sep-26", cal),
            Some(Period::month(2026, 9))
        );
        assert_eq!(period_in_name("Resources return", cal), None);
        // Year ranges are the span a tracker covers, never its period.
        assert_eq!(
            period_in_name("Adults and Wellbeing performance tracker 2024-26", cal),
            None
        );
        assert_eq!(period_in_name("Adults monthly 2024-2026", cal), None);
        assert_eq!(period_in_name("tracker 2024 to 2026", cal), None);
        assert_eq!(
            period_in_name("Q2 2026-27 Children", cal).map(|p| cal.id(p)),
            Some("2026/27-Q2".into())
        );
    }
}
