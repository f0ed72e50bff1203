//! `IPR-<period>.xlsx`: the council-wide workbook (SPEC section 8).
//!
//! One file per sheet; this one orders them and holds what they share. Text
//! that came from returns or the register goes through the text methods of
//! `sheet::Sheet`, which always write a string and add Excel's quote prefix
//! when the text would otherwise read as a formula if a user edited the cell
//! (the guard is [`crate::report::text::looks_like_formula`], shared with the
//! forms and templates). Numbers are written unrounded and shown at the
//! indicator's precision.

mod about;
mod actions;
mod chart_words;
mod data_quality;
mod directorate;
mod exceptions;
mod exceptions_actions;
mod finance;
mod history;
mod indicators;
mod register;
mod sheet;
mod styles;
mod summary;
mod summary_actions;
mod summary_budget;

pub(crate) use sheet::{print_setup, wrapped_lines};

use self::styles::Styles;
use super::names::{sheet_name_for, FIXED_SHEETS};
use super::props::properties;
use super::{write_atomic, ReportError, ReportErrorKind};
use crate::model::{Consolidation, Indicator, IndicatorResult};
use crate::period::Period;
use rust_xlsxwriter::{RowNum, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Excel's limit on a hyperlink, in UTF-16 units.
const MAX_URL: usize = 2_080;
/// The budget's sheet (SPEC section 16).
const FINANCE_SHEET: &str = "Finance";
/// Highest number of decimal places given its own number format.
const MAX_DECIMALS: usize = 10;

/// Writes the consolidated workbook atomically to `path` (normally
/// `IPR-<period>.xlsx` in the output folder). On error nothing at `path` is
/// created or changed.
pub fn write_workbook(c: &Consolidation, path: &Path) -> Result<(), ReportError> {
    let bytes =
        workbook_bytes(c).map_err(|e| ReportError::new(path, ReportErrorKind::Workbook(e)))?;
    write_atomic(path, &bytes)
}

/// The consolidated workbook as bytes: identical inputs give identical bytes.
pub fn workbook_bytes(c: &Consolidation) -> Result<Vec<u8>, XlsxError> {
    built_workbook(c)?.save_to_buffer()
}

/// [`workbook_bytes`] written to `to` as the file is made (the same bytes),
/// rather than held in memory whole first.
pub fn write_workbook_to(
    c: &Consolidation,
    to: impl std::io::Write + Send,
) -> Result<(), XlsxError> {
    built_workbook(c)?.save_to_writer(to)
}

/// The consolidated workbook, every sheet filled, not yet saved.
fn built_workbook(c: &Consolidation) -> Result<Workbook, XlsxError> {
    let st = Styles::new();
    let look = Lookup { c };

    let mut wb = Workbook::new();
    // No current time anywhere: the creation time is the start of the period.
    wb.set_properties(&properties(
        c.audience
            .title(&crate::period::period_words(c.period, &c.period_id))
            .unwrap_or_else(|| format!("Integrated Performance Report {}", period_label(c))),
        &c.version,
        c.period,
        c.calendar,
    ));
    // Deflate at level 1 rather than 6: the History sheet of a council-year is
    // most of the file, and level 6 spent more time compressing it than
    // building it, for a file about a tenth smaller. Still byte-identical per input.
    wb.set_zip_compression_level(1);

    // The long sheets (History, Indicators, Data Quality, Register and the
    // directorate sheets) are written in rust_xlsxwriter's constant- or
    // low-memory modes: each row goes to a temporary file once the next is
    // begun, so memory does not hold every cell of a national set. Rows must
    // then be written in order, top to bottom (a test checks that none was
    // refused). History, the longest, is
    // built on a thread of its own while the others are built here. For the
    // same inputs to give the same bytes, nothing may depend on which thread
    // gets there first: History writes its strings inline rather than to the
    // shared-string table, and every format it uses is registered with the
    // workbook first, so it only ever reads the shared table of formats; the
    // others add to both tables from this thread alone, in sheet order.
    // (`register_format` is hidden from rust_xlsxwriter's documentation but
    // described there for this use: multi-threaded constant-memory writing.)
    for format in st.all() {
        wb.register_format(format);
    }
    let mut history = wb.new_worksheet_with_constant_memory()?;
    history.set_name("History")?;
    let (history, sheets) = std::thread::scope(|scope| {
        let (look, st) = (&look, &st);
        // A pack has no History sheet (SPEC section 14 lists its sheets):
        // every value read is the main report's to list.
        let with_history = c.audience.pack.is_none();
        let built = scope.spawn(move || {
            let filled = with_history.then(|| history::history_sheet(&mut history, look, st));
            filled.transpose().map(|f| f.map(|_| history))
        });
        let sheets = other_sheets(&mut wb, look, st);
        let built = built.join().unwrap_or_else(|_| {
            Err(XlsxError::ParameterError(
                "the History sheet could not be built".to_string(),
            ))
        });
        (built, sheets)
    });
    let (history, [before, after]) = (history?, sheets?);
    for ws in before {
        wb.push_worksheet(ws);
    }
    if let Some(history) = history {
        wb.push_worksheet(history);
    }
    for ws in after {
        wb.push_worksheet(ws);
    }
    Ok(wb)
}

/// Every sheet but History: those before it and those after it, in order.
fn other_sheets(
    wb: &mut Workbook,
    look: &Lookup,
    st: &Styles,
) -> Result<[Vec<Worksheet>; 2], XlsxError> {
    let c = look.c;
    let mut long = || wb.new_worksheet_with_low_memory();
    let mut before = Vec::new();
    before.push(sheet(Worksheet::new(), "Summary", |ws| {
        summary::summary_sheet(ws, look, st)
    })?);
    before.push(sheet(long()?, "Indicators", |ws| {
        indicators::indicators_sheet(ws, look, st)
    })?);
    before.push(sheet(Worksheet::new(), "Exceptions", |ws| {
        exceptions::exceptions_sheet(ws, look, st)
    })?);
    if let Some(plan) = &c.actions {
        before.push(sheet(Worksheet::new(), "Actions", |ws| {
            actions::actions_sheet(ws, plan, st)
        })?);
    }
    // SPEC section 16: after the indicators and the actions, only with a budget.
    if let Some(b) = &c.budget {
        before.push(sheet(Worksheet::new(), FINANCE_SHEET, |ws| {
            finance::finance_sheet(ws, c, b, st)
        })?);
    }
    before.push(sheet(long()?, "Data Quality", |ws| {
        data_quality::quality_sheet(ws, &c.findings, c.changes.as_ref(), st)
    })?);
    let mut after = Vec::new();
    after.push(sheet(long()?, "Register", |ws| {
        register::register_sheet(ws, c, st)
    })?);
    after.push(sheet(Worksheet::new(), "About", |ws| {
        about::about_sheet(ws, c, st)
    })?);
    let mut taken: Vec<String> = FIXED_SHEETS.iter().map(|s| s.to_string()).collect();
    // Reserved only with a budget, so a directorate called Finance keeps its
    // sheet's name in a report without one.
    if c.budget.is_some() {
        taken.push(FINANCE_SHEET.to_string());
    }
    // With a plan, a directorate that has actions and no indicators has a sheet too.
    for d in c.register.known_directorates() {
        let name = sheet_name_for(&d, &taken);
        taken.push(name.clone());
        let results: Vec<&IndicatorResult> = c
            .indicators
            .iter()
            .filter(|r| r.directorate.eq_ignore_ascii_case(&d))
            .collect();
        // Row by row, as the other long sheets: kept whole in memory until
        // the save, they were most of a national set's peak (0.9 MB a
        // directorate) and a third of a council-year's. Their charts then
        // carry no cached copy of the values they plot: a spreadsheet program
        // draws a chart from the cells it names (LibreOffice checked, Excel
        // not on the build machine: docs/decisions.md).
        after.push(sheet(long()?, &name, |ws| {
            directorate::directorate_sheet(ws, &d, &results, look, st)
        })?);
    }
    Ok([before, after])
}

/// `ws`, named `name` and filled by `fill`.
fn sheet(
    mut ws: Worksheet,
    name: &str,
    fill: impl FnOnce(&mut Worksheet) -> Result<(), XlsxError>,
) -> Result<Worksheet, XlsxError> {
    ws.set_name(name)?;
    fill(&mut ws)?;
    Ok(ws)
}

/// "September 2026 (2026-09)" for a month; the canonical id otherwise.
pub(super) fn period_label(c: &Consolidation) -> String {
    match c.period {
        Period::Month { .. } => format!(
            "{} ({})",
            crate::period::period_words(c.period, &c.period_id),
            c.period_id
        ),
        _ => c.period_id.clone(),
    }
}

/// The consolidation being written, and its register's indicators by code.
pub(super) struct Lookup<'a> {
    /// The consolidation being written.
    pub(super) c: &'a Consolidation,
}

impl Lookup<'_> {
    /// The register's indicator for a code, in any spelling of it.
    pub(super) fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.c.register.get(code)
    }
}

/// A row number from an index.
pub(super) fn row_num(i: usize) -> RowNum {
    // Beyond Excel's last row the write itself reports the error.
    RowNum::try_from(i).unwrap_or(RowNum::MAX)
}

/// "Yes" or "No".
pub(super) fn yes_no(b: bool) -> &'static str {
    if b {
        "Yes"
    } else {
        "No"
    }
}
