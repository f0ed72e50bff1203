//! Returns: find each sheet's layout, the return's directorate and period, and
//! turn rows into observations. Problems with single cells become findings here,
//! at the cell; rules that need the whole picture live in `quality`.
//!
//! Layouts: long (a value column), wide (a column per period) and mapped (a
//! `[[source]]` in `ipr.toml`) all go through one row reader, so a cell is
//! judged the same way whichever layout it is in. Hidden sheets are not read;
//! hidden rows are, because not every file format tells a reader which rows
//! are hidden.

pub mod actions;
mod batch;
mod book;
pub mod budget;
mod budget_steps;
mod find;
mod long;
mod mapped;
pub mod mapping;
mod own;
mod rows;
mod wide;

use crate::cellref::a1;
use crate::metadata;
use crate::model::{Finding, Register, ReturnFile, Rule, Severity};
use crate::period::{Calendar, Period};
use crate::read::value::ValueOptions;
use crate::read::{Book, CellValue, Limits, Sheet};
use crate::text::{header_key, normalise_code};
pub use batch::{read_all, Progress};
pub use find::{find_returns, find_returns_except, EXTENSIONS};
use mapping::SourceMapping;
pub use own::what_it_is;
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
    /// The register's keys, each held once for every value of it read
    /// ([`read_all`] fills it; empty, each observation has its own).
    pub codes: Codes,
}

/// Each indicator's key, made once and shared by every observation of that
/// indicator in every return: a national set reads hundreds of thousands of
/// values of a few thousand codes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Codes(std::sync::Arc<std::collections::HashMap<String, std::sync::Arc<str>>>);

impl Codes {
    /// The keys of `register`'s indicators.
    pub fn of(register: &Register) -> Codes {
        let keys = register
            .indicators
            .iter()
            .map(|i| (i.key.clone(), i.key.as_str().into()));
        Codes(std::sync::Arc::new(keys.collect()))
    }

    /// The shared key `key`, or a new one where the register has no such key.
    pub fn get(&self, key: &str) -> std::sync::Arc<str> {
        self.0.get(key).cloned().unwrap_or_else(|| key.into())
    }
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
    out.findings.extend(unread_findings(&book));
    book::read_book_return(&book, path, register, opts, &mut out);
    // Kept until the report is written: no spare capacity left from growing.
    out.observations.shrink_to_fit();
    out
}

/// One finding per sheet of `book` that was not read: an error where figures
/// may be missing (a damaged sheet), a warning where the sheet holds none by
/// its nature (a chart sheet), so that nobody wonders where it went.
pub fn unread_findings(book: &Book) -> Vec<Finding> {
    book.unread
        .iter()
        .map(|u| {
            let mut f = Finding::new(
                Rule::DQ005,
                &book.path,
                format!(
                    "Sheet '{}' was not read: {}; the other sheets were read.",
                    u.name, u.reason
                ),
            );
            f.sheet = u.name.clone();
            if u.may_hold_data {
                f.hint = "Open the file in Excel and check that sheet: copy its table to a new sheet, or save the workbook again as .xlsx, then run again.".into();
            } else {
                f.severity = Severity::Warning;
                f.hint = "Nothing to do if the sheet only shows a chart; keep the figures on a worksheet.".into();
            }
            f
        })
        .collect()
}

/// Fewest different unknown codes that can make a file look like another system's.
const ANOTHER_SYSTEM_MIN: usize = 10;
/// How many unknown codes that one finding lists.
const ANOTHER_SYSTEM_LISTED: usize = 20;

/// When most of a file's codes are not in the register (another council's or
/// system's file: 69,217 lines of "not in the register" help nobody), its
/// DQ020 findings from `before` on become one, listing the first codes;
/// `known` is the number of different codes in the register that it holds.
/// Codes are counted, not rows: one unknown code on many rows (a year of a
/// Fingertips upload) is a finding at each of its cells (SPEC section 4).
pub(crate) fn another_system(out: &mut ReturnFile, before: usize, known: usize, file: &str) {
    let mut seen = std::collections::HashSet::new();
    let mut codes: Vec<String> = Vec::new();
    for f in out.findings[before..]
        .iter()
        .filter(|f| f.rule == Rule::DQ020)
    {
        let code = f.indicator.as_deref().unwrap_or("");
        if seen.insert(normalise_code(code)) {
            codes.push(code.to_string());
        }
    }
    let unknown = codes.len();
    if unknown < ANOTHER_SYSTEM_MIN || unknown <= known {
        return;
    }
    let mut first: Option<Finding> = None;
    let mut kept = Vec::with_capacity(before + 1);
    for (i, f) in std::mem::take(&mut out.findings).into_iter().enumerate() {
        if i < before || f.rule != Rule::DQ020 {
            kept.push(f);
        } else {
            first.get_or_insert(f);
        }
    }
    if let Some(mut f) = first {
        let listed = &codes[..unknown.min(ANOTHER_SYSTEM_LISTED)];
        let more = if unknown > listed.len() {
            format!(", and {} more", unknown - listed.len())
        } else {
            String::new()
        };
        f.message = format!(
            "This looks like another organisation's or system's file: {unknown} of {} codes are not in the register ({}{more}).",
            unknown + known,
            listed.join(", ")
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
pub(crate) fn template_metadata(
    book: &Book,
    register: &Register,
    cal: Calendar,
) -> Option<(String, Period)> {
    let meta = book.metadata()?;
    meta.get_any_case(metadata::TEMPLATE_VERSION)?;
    let directorate = match_directorate(register, meta.get_any_case(metadata::DIRECTORATE)?)?;
    let period = cal.parse_id(meta.get_any_case(metadata::PERIOD)?)?;
    Some((directorate, period))
}

/// A label's value and the A1 cell it was found in.
type Labelled<T> = Option<(T, String)>;

/// Directorate and period given in labelled cells above the header row.
pub(crate) fn labelled_cells(
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

pub(crate) fn match_directorate(register: &Register, text: &str) -> Option<String> {
    let same = |d: &String| crate::text::same_directorate(d, text);
    // The register's own first, as `known_directorates` lists them: most
    // returns are theirs, and the full list walks every plan and budget line.
    register
        .directorates()
        .into_iter()
        .find(same)
        .or_else(|| register.known_directorates().into_iter().find(same))
}

pub(crate) fn match_directorate_in_name(register: &Register, name: &str) -> Option<String> {
    let key = header_key(name);
    register
        .known_directorates()
        .into_iter()
        .filter(|d| !header_key(d).is_empty() && key.contains(&header_key(d)))
        .max_by_key(|d| header_key(d).len())
}

/// The file's stem, then its folders from nearest outwards.
pub(crate) fn name_parts(path: &Path) -> Vec<String> {
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
