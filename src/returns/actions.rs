//! Action tables (SPEC section 13): progress updates on the plan's actions,
//! found on any visible sheet of a return, beside, below or above an
//! indicator table, by their columns. A table is an action table when its
//! header row names a ref column (`Ref`, `Action Ref`, `Action ID`,
//! `Milestone Ref`, `Action No`) that holds the plan's Refs, and at least one
//! of Status, % Complete or Revised Date (with their synonyms). Each row
//! becomes an [`ActionUpdate`] whose fields keep their cells; what a cell
//! means (a status word, a percentage, a date) is read here, and whether it
//! is acceptable is for `quality::actions` to say.

use crate::model::Plan;
use crate::model::{
    ActionUpdate, Field, FieldProblem, OwnerRag, Source, Status, StatusWord, UpdateColumns,
};
use crate::period::{Calendar, Period, PeriodDay};
use crate::plan::date_of_cell;
use crate::read::value::{Parsed, Problem, ValueOptions};
use crate::read::{Book, Cell, CellValue, Sheet};
use crate::text::normalise_code;
use std::sync::Arc;

/// Header names of each column of an action table, compared after
/// [`column_key`] (letters, digits and `%`, lower case).
mod synonyms {
    /// The action's Ref.
    pub const REF: &[&str] = &[
        "ref",
        "actionref",
        "actionid",
        "milestoneref",
        "milestoneid",
        "actionno",
        "actionnumber",
        "actionreference",
    ];
    /// Status.
    pub const STATUS: &[&str] = &["status", "actionstatus", "currentstatus", "progressstatus"];
    /// % complete.
    pub const PERCENT: &[&str] = &[
        "%complete",
        "complete%",
        "percentcomplete",
        "percentagecomplete",
        "%agecomplete",
        "progress%",
        "%progress",
        "%completed",
    ];
    /// Revised due date.
    pub const REVISED: &[&str] = &[
        "reviseddate",
        "revisedduedate",
        "reviseddue",
        "revisedtargetdate",
        "newdate",
        "newduedate",
        "forecastcompletion",
        "forecastcompletiondate",
    ];
    /// Completion date.
    pub const COMPLETED: &[&str] = &[
        "completed",
        "datecompleted",
        "completiondate",
        "actualcompletiondate",
        "completedon",
    ];
    /// Commentary.
    pub const COMMENTARY: &[&str] = &[
        "commentary",
        "progressupdate",
        "update",
        "comments",
        "comment",
        "narrative",
        "progresscommentary",
    ];
    /// The owner's RAG.
    pub const RAG: &[&str] = &[
        "rag",
        "ownerrag",
        "ownersrag",
        "selfassessment",
        "ragstatus",
    ];
    /// A code column of an indicator table (as `rows` reads one): a row
    /// naming one in the ref column starts another table.
    pub use crate::returns::rows::synonyms::CODE;
    /// Data Note, as an indicator table's.
    pub use crate::returns::rows::synonyms::DATA_NOTE;
}

/// A header as compared: letters, digits and `%`, lower case, so that
/// `% Complete` and `Progress %` keep the sign that makes them percentages.
fn column_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || *c == '%')
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Where an action table is on its sheet (absolute, zero-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionTable {
    /// The header row.
    pub header: u32,
    /// The first row after the table.
    pub end: u32,
    /// The first and last columns of its header.
    pub first_col: u32,
    /// See `first_col`.
    pub last_col: u32,
    /// Its columns.
    pub columns: UpdateColumns,
}

impl ActionTable {
    /// True when the cell (row, col) lies in the table, header included: the
    /// indicator reader leaves such cells alone.
    pub fn covers(&self, row: u32, col: u32) -> bool {
        (self.header..self.end).contains(&row) && (self.first_col..=self.last_col).contains(&col)
    }
}

/// How to read an action table's cells.
#[derive(Debug, Clone, Copy)]
pub struct ActionReadOptions<'a> {
    /// Financial-year calendar, for dates written as periods.
    pub calendar: Calendar,
    /// "No value" words.
    pub values: &'a ValueOptions,
}

/// Every action table on `sheet` whose ref column holds at least one of the
/// plan's Refs, top to bottom and left to right.
pub fn find_action_tables(sheet: &Sheet, plan: &Plan) -> Vec<ActionTable> {
    let mut found: Vec<ActionTable> = Vec::new();
    for row in sheet.rows() {
        for t in header_candidates(sheet, row, plan) {
            // A table beside one already found may start on any row of it.
            if !found.iter().any(|f| f.covers(row, t.columns.reference)) {
                found.push(t);
            }
        }
    }
    found
}

/// The action tables whose header is on `row`: one per run of headed cells
/// that names a ref column holding the plan's Refs and a progress column.
fn header_candidates(sheet: &Sheet, row: u32, plan: &Plan) -> Vec<ActionTable> {
    let mut out = Vec::new();
    let mut run: Vec<(u32, String)> = Vec::new();
    let cols = sheet.cols();
    for col in cols.start..=cols.end {
        let key = (col < cols.end)
            .then(|| sheet.get(row, col).text())
            .flatten()
            .filter(|t| !t.is_empty() && t.len() <= 60)
            .map(column_key);
        match key {
            Some(k) if !k.is_empty() => run.push((col, k)),
            _ => {
                if let Some(t) = table_of_run(sheet, row, &run, plan) {
                    out.push(t);
                }
                run.clear();
            }
        }
    }
    out
}

/// The action table a run of header cells makes, if it makes one.
fn table_of_run(
    sheet: &Sheet,
    row: u32,
    run: &[(u32, String)],
    plan: &Plan,
) -> Option<ActionTable> {
    use synonyms::*;
    let first = |names: &[&str]| {
        run.iter()
            .find(|(_, k)| names.contains(&k.as_str()))
            .map(|(c, _)| *c)
    };
    let (status, percent, revised) = (first(STATUS), first(PERCENT), first(REVISED));
    if status.is_none() && percent.is_none() && revised.is_none() {
        return None;
    }
    let end = |ref_col: u32| table_end(sheet, row, ref_col);
    let reference = run
        .iter()
        .filter(|(_, k)| REF.contains(&k.as_str()))
        .map(|(c, _)| *c)
        .find(|&c| (row + 1..end(c)).any(|r| is_plan_ref(sheet.get(r, c), plan)))?;
    Some(ActionTable {
        header: row,
        end: end(reference),
        first_col: run.first()?.0,
        last_col: run.last()?.0,
        columns: UpdateColumns {
            reference,
            status,
            percent,
            revised,
            completed: first(COMPLETED),
            commentary: first(COMMENTARY),
            rag: first(RAG),
            data_note: first(DATA_NOTE),
        },
    })
}

fn is_plan_ref(cell: &Cell, plan: &Plan) -> bool {
    match &cell.value {
        CellValue::Text(t) => plan.get(t).is_some(),
        CellValue::Number(n) => plan.get(&cell_text_number(*n)).is_some(),
        _ => false,
    }
}

/// A Ref typed as a number (`12`, `1.2`) as the plan would write it.
fn cell_text_number(n: f64) -> String {
    Cell {
        value: CellValue::Number(n),
        percent: false,
    }
    .display()
}

/// The row after a table's last: the next row whose ref cell is a header
/// word (another table starts there), else the end of the sheet.
fn table_end(sheet: &Sheet, header: u32, ref_col: u32) -> u32 {
    let end = sheet.rows().end;
    (header + 1..end)
        .find(|&r| {
            sheet.get(r, ref_col).text().is_some_and(|t| {
                let k = column_key(t);
                synonyms::REF.contains(&k.as_str()) || synonyms::CODE.contains(&k.as_str())
            })
        })
        .unwrap_or(end)
}

/// The rows of one action table as updates for `period` from `directorate`.
/// Rows with a blank Ref are skipped, as are rows whose Ref is not the
/// plan's and which hold no progress (headings such as "Priority 1"), and
/// rows that give nothing but a Ref.
pub fn read_action_table(
    sheet: &Sheet,
    table: &ActionTable,
    file: &Arc<str>,
    directorate: &Arc<str>,
    period: Option<Period>,
    plan: &Plan,
    opts: ActionReadOptions<'_>,
) -> Vec<ActionUpdate> {
    let sheet_name: Arc<str> = Arc::from(sheet.name.as_str());
    let c = table.columns;
    let mut out = Vec::new();
    for row in table.header + 1..table.end {
        let ref_cell = sheet.get(row, c.reference);
        let reference = match &ref_cell.value {
            CellValue::Number(n) => cell_text_number(*n),
            _ => ref_cell.display().trim().to_string(),
        };
        if reference.is_empty() {
            continue;
        }
        let at = |col: u32| Source {
            file: Arc::clone(file),
            sheet: Arc::clone(&sheet_name),
            row,
            col,
        };
        let field = |col: Option<u32>| col.map(|k| (sheet.get(row, k), at(k)));
        let update = ActionUpdate {
            key: normalise_code(&reference),
            directorate: Arc::clone(directorate),
            period,
            source: at(c.reference),
            columns: c,
            status: field(c.status).and_then(|(cell, s)| read_field(cell, s, opts, status_of)),
            rag: field(c.rag).and_then(|(cell, s)| read_field(cell, s, opts, rag_of)),
            percent: field(c.percent).and_then(|(cell, s)| read_field(cell, s, opts, percent_of)),
            revised: field(c.revised).and_then(|(cell, s)| read_field(cell, s, opts, date_of)),
            completed: field(c.completed).and_then(|(cell, s)| read_field(cell, s, opts, date_of)),
            commentary: text(sheet, row, c.commentary),
            data_note: text(sheet, row, c.data_note),
            reference,
        };
        let holds_progress = update.status.is_some()
            || update.percent.is_some()
            || update.revised.is_some()
            || update.completed.is_some()
            || update.rag.is_some();
        // A row with nothing but its Ref (a template's row left as it was
        // given) is no update: DQ068 says the action is owed one.
        let says_something = update.commentary.is_some() || update.data_note.is_some();
        if !holds_progress && (plan.by_key(&update.key).is_none() || !says_something) {
            continue;
        }
        out.push(update);
    }
    out
}

/// Every action table on the visible sheets of `book`, read as updates,
/// with the tables found on each sheet (by sheet index) so that the
/// indicator reader can leave their cells alone.
pub fn read_action_tables(
    book: &Book,
    plan: &Plan,
    directorate: &Arc<str>,
    period: Option<Period>,
    opts: ActionReadOptions<'_>,
) -> (Vec<ActionUpdate>, Vec<(usize, ActionTable)>) {
    let file: Arc<str> = Arc::from(book.path.as_str());
    let mut updates = Vec::new();
    let mut tables = Vec::new();
    for (i, sheet) in book.sheets.iter().enumerate() {
        if !sheet.visible || sheet.is_empty() {
            continue;
        }
        for t in find_action_tables(sheet, plan) {
            updates.extend(read_action_table(
                sheet,
                &t,
                &file,
                directorate,
                period,
                plan,
                opts,
            ));
            tables.push((i, t));
        }
    }
    (updates, tables)
}

/// `sheet` without the cells of `tables`, for the indicator layouts; `None`
/// when nothing else is on it (a sheet of progress only).
pub fn without_tables(sheet: &Sheet, tables: &[ActionTable]) -> Option<Sheet> {
    let mut cells = Vec::new();
    for row in sheet.rows() {
        for col in sheet.cols() {
            let cell = sheet.get(row, col);
            if !cell.is_blank() && !tables.iter().any(|t| t.covers(row, col)) {
                cells.push(((row, col), cell.clone()));
            }
        }
    }
    (!cells.is_empty()).then(|| Sheet::from_cells(&sheet.name, sheet.visible, cells))
}

/// A cell read by `read`, or `None` when it is blank or a "no value" word.
fn read_field<T>(
    cell: &Cell,
    source: Source,
    opts: ActionReadOptions<'_>,
    read: impl Fn(&Cell, ActionReadOptions<'_>) -> Result<T, FieldProblem>,
) -> Option<Field<T>> {
    if cell.is_blank() || matches!(opts.values.parse(cell), Parsed::NoValue) {
        return None;
    }
    Some(Field {
        value: read(cell, opts),
        seen: cell.display(),
        source,
    })
}

/// The problem of a cell that holds no words or number at all.
fn cell_problem(cell: &Cell) -> FieldProblem {
    match &cell.value {
        CellValue::Error(_) => FieldProblem::ErrorCell,
        CellValue::FormulaNoValue(_) => FieldProblem::FormulaNoValue,
        _ => FieldProblem::WrongKind,
    }
}

fn status_of(cell: &Cell, _: ActionReadOptions<'_>) -> Result<StatusWord, FieldProblem> {
    match &cell.value {
        CellValue::Text(t) => Status::parse(t)
            .map(|(status, rag)| StatusWord { status, rag })
            .ok_or(FieldProblem::UnknownWord),
        CellValue::Number(_) => Err(FieldProblem::UnknownWord),
        _ => Err(cell_problem(cell)),
    }
}

fn rag_of(cell: &Cell, _: ActionReadOptions<'_>) -> Result<OwnerRag, FieldProblem> {
    match &cell.value {
        CellValue::Text(t) => OwnerRag::parse(t).ok_or(FieldProblem::UnknownWord),
        CellValue::Number(_) => Err(FieldProblem::UnknownWord),
        _ => Err(cell_problem(cell)),
    }
}

/// % complete in percentage points: `85%` typed in Excel (0.85 in a
/// percent-formatted cell) is 85, as is `85` and the text `85%`; a bare
/// fraction (strictly between 0 and 1, no percent format) is a problem.
fn percent_of(cell: &Cell, opts: ActionReadOptions<'_>) -> Result<f64, FieldProblem> {
    match opts.values.parse(cell) {
        Parsed::Number {
            value,
            percent_marked,
        } => {
            if !percent_marked && value > 0.0 && value < 1.0 {
                Err(FieldProblem::BareFraction)
            } else if !(0.0..=100.0).contains(&value) {
                Err(FieldProblem::OutOfRange)
            } else {
                Ok(value)
            }
        }
        Parsed::Invalid(Problem::ErrorCell(_)) => Err(FieldProblem::ErrorCell),
        Parsed::Invalid(Problem::FormulaNoValue(_)) => Err(FieldProblem::FormulaNoValue),
        Parsed::Invalid(Problem::NotANumber) | Parsed::NoValue => Err(FieldProblem::NotANumber),
    }
}

fn date_of(cell: &Cell, opts: ActionReadOptions<'_>) -> Result<chrono::NaiveDate, FieldProblem> {
    date_of_cell(cell, opts.calendar, PeriodDay::Last, opts.values)
        .unwrap_or(Err(FieldProblem::WrongKind))
}

fn text(sheet: &Sheet, row: u32, col: Option<u32>) -> Option<String> {
    let cell = sheet.get(row, col?);
    let t = cell.display();
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[cfg(test)]
#[path = "actions_tests.rs"]
mod tests;
