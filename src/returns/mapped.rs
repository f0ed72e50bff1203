//! Mapped layouts: a `[[source]]` in `ipr.toml` says where the table is. A file
//! that does not match its mapping is a DQ007 finding naming what was expected
//! and what was found, and nothing in it is read.

use super::actions::ActionTable;
use super::mapping::{ColumnRef, SourceLayout, SourceMapping};
use super::rows::{Table, Values};
use super::wide;
use crate::model::UpdateColumns;
use crate::model::{Finding, Rule};
use crate::period::Calendar;
use crate::read::{Book, Sheet};
use crate::text::header_key;

/// How a mapping is named in messages: `ipr.toml [[source]] 'Housing*.xlsx'`.
pub(crate) fn describe(src: &SourceMapping) -> String {
    format!("ipr.toml [[source]] '{}'", src.files)
}

fn quoted(items: impl IntoIterator<Item = String>) -> String {
    items
        .into_iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The sheet a mapping names (case and surrounding spaces ignored), or the
/// first visible sheet with anything in it.
pub(crate) fn sheet<'a>(
    book: &'a Book,
    src: &SourceMapping,
    findings: &mut Vec<Finding>,
) -> Option<&'a Sheet> {
    let found = match &src.sheet {
        Some(name) => book
            .sheets
            .iter()
            .find(|s| s.name.trim().to_lowercase() == name.trim().to_lowercase()),
        None => book.sheets.iter().find(|s| s.visible && !s.is_empty()),
    };
    if found.is_none() {
        let expected = match &src.sheet {
            Some(name) => format!("sheet '{name}'"),
            None => "a visible sheet with something in it".to_string(),
        };
        let names = quoted(book.sheets.iter().map(|s| s.name.clone()));
        findings.push(Finding::new(
            Rule::DQ007,
            &book.path,
            format!(
                "{} expects {expected}, but the workbook has {}.",
                describe(src),
                if names.is_empty() {
                    "no sheets".to_string()
                } else {
                    format!("sheets {names}")
                }
            ),
        ));
    }
    found
}

/// The table a mapping describes on its sheet, or DQ007 findings saying what
/// does not match.
pub(crate) fn table(
    book: &Book,
    sheet: &Sheet,
    src: &SourceMapping,
    cal: Calendar,
    findings: &mut Vec<Finding>,
) -> Option<Table> {
    let row = src.header_row.saturating_sub(1);
    let shown_row = src.header_row;
    let holds: Vec<String> = sheet
        .cols()
        .map(|c| sheet.get(row, c))
        .filter(|c| !c.is_blank())
        .map(|c| c.display().trim().to_string())
        .collect();
    let row_text = if holds.is_empty() {
        format!("row {shown_row} is empty")
    } else {
        format!("row {shown_row} holds: {}", quoted(holds))
    };
    let mut problems = Vec::new();
    let mut resolve = |what: &str, r: &Option<ColumnRef>| -> Option<u32> {
        match r.as_ref()? {
            ColumnRef::Letter(c) => Some(*c),
            ColumnRef::Header(text) => {
                let key = header_key(text);
                let col = sheet
                    .cols()
                    .find(|&c| header_key(&sheet.get(row, c).display()) == key);
                if col.is_none() {
                    problems.push(format!(
                        "{} expects {what} column '{text}' in row {shown_row} of sheet '{}', but {row_text}.",
                        describe(src),
                        sheet.name
                    ));
                }
                col
            }
        }
    };
    let code = resolve("the code", &Some(src.code.clone()));
    let value = resolve("the value", &src.value);
    let period = resolve("the period", &src.period_column);
    let target = resolve("the target", &src.target);
    let forecast = resolve("the forecast", &src.forecast);
    let commentary = resolve("the commentary", &src.commentary);
    let data_note = resolve("the data note", &src.data_note);
    let numerator = resolve("the numerator", &src.numerator);
    let denominator = resolve("the denominator", &src.denominator);
    let push = |findings: &mut Vec<Finding>, message: String| {
        let mut f = Finding::new(Rule::DQ007, &book.path, message);
        f.sheet = sheet.name.clone();
        findings.push(f);
    };
    if !problems.is_empty() {
        for p in problems {
            push(findings, p);
        }
        return None;
    }
    let code = code?;
    let named = [
        Some(code),
        target,
        forecast,
        commentary,
        data_note,
        numerator,
        denominator,
    ];
    let values = match src.layout {
        SourceLayout::Long => Values::Long {
            value: value?,
            period,
        },
        SourceLayout::Wide => {
            let cols: Vec<u32> = sheet
                .cols()
                .filter(|c| !named.contains(&Some(*c)))
                .collect();
            let mut heading_findings = Vec::new();
            let periods =
                wide::period_columns(sheet, row, &cols, cal, &book.path, &mut heading_findings);
            if periods.is_empty() && heading_findings.is_empty() {
                push(
                    findings,
                    format!(
                        "{} expects period headings (such as Apr-26 or Q1 2026/27) in row {shown_row} of sheet '{}', but {row_text}.",
                        describe(src),
                        sheet.name
                    ),
                );
                return None;
            }
            findings.extend(heading_findings);
            Values::Wide { periods }
        }
    };
    Some(Table {
        row,
        code,
        values,
        target,
        forecast,
        commentary,
        data_note,
        numerator,
        denominator,
        latest_filled: None,
    })
}

/// The columns of a `[[source]]` table of another kind (actions, budget)
/// found in its header row, noting each header text that is not there.
pub(crate) struct HeaderColumns<'a> {
    sheet: &'a Sheet,
    row: u32,
    missing: Vec<String>,
}

impl<'a> HeaderColumns<'a> {
    /// The columns of `src`'s header row on `sheet`.
    pub(crate) fn new(sheet: &'a Sheet, src: &SourceMapping) -> HeaderColumns<'a> {
        HeaderColumns {
            sheet,
            row: src.header_row.saturating_sub(1),
            missing: Vec::new(),
        }
    }

    /// The column `r` names, by letter or by its header text; `what` names
    /// it in the finding when the header row has no such text.
    pub(crate) fn find(&mut self, what: &str, r: Option<&ColumnRef>) -> Option<u32> {
        match r? {
            ColumnRef::Letter(c) => Some(*c),
            ColumnRef::Header(text) => {
                let key = header_key(text);
                let (sheet, row) = (self.sheet, self.row);
                let col = sheet
                    .cols()
                    .find(|&c| header_key(&sheet.get(row, c).display()) == key);
                if col.is_none() {
                    self.missing.push(format!("{what} column '{text}'"));
                }
                col
            }
        }
    }

    /// True when every column was found; else false, with one DQ007 naming
    /// the columns that are not there.
    pub(crate) fn all_found(
        self,
        book: &Book,
        src: &SourceMapping,
        findings: &mut Vec<Finding>,
    ) -> bool {
        if self.missing.is_empty() {
            return true;
        }
        let mut f = Finding::new(
            Rule::DQ007,
            &book.path,
            format!(
                "{} expects {} in row {} of sheet '{}', but it is not there.",
                describe(src),
                self.missing.join(", "),
                src.header_row,
                self.sheet.name
            ),
        );
        f.sheet = self.sheet.name.clone();
        findings.push(f);
        false
    }

    /// Where the table is: its header row, the first row after it (it runs
    /// to the end of the sheet), and the first and last of the `used` columns.
    pub(crate) fn extent(&self, used: &[Option<u32>]) -> (u32, u32, u32, u32) {
        let used: Vec<u32> = used.iter().copied().flatten().collect();
        (
            self.row,
            self.sheet.rows().end.max(self.row + 1),
            used.iter().copied().min().unwrap_or(0),
            used.iter().copied().max().unwrap_or(0),
        )
    }
}

/// The action table a `[[source]]` with `kind = "actions"` describes on its
/// sheet (SPEC section 13), or DQ007 findings saying what does not match. It
/// runs from the row after the header to the end of the sheet.
pub(crate) fn action_table(
    book: &Book,
    sheet: &Sheet,
    src: &SourceMapping,
    findings: &mut Vec<Finding>,
) -> Option<ActionTable> {
    let cols = src.actions.as_ref()?;
    let mut head = HeaderColumns::new(sheet, src);
    let reference = head.find("the Ref", Some(&cols.reference));
    let columns = UpdateColumns {
        reference: reference.unwrap_or(0),
        status: head.find("the status", cols.status.as_ref()),
        percent: head.find("the % complete", cols.percent.as_ref()),
        revised: head.find("the revised date", cols.revised.as_ref()),
        completed: head.find("the completion date", cols.completed.as_ref()),
        commentary: head.find("the commentary", cols.commentary.as_ref()),
        rag: head.find("the RAG", cols.rag.as_ref()),
        data_note: head.find("the data note", cols.data_note.as_ref()),
    };
    let (header, end, first_col, last_col) = head.extent(&[
        Some(columns.reference),
        columns.status,
        columns.percent,
        columns.revised,
        columns.completed,
        columns.commentary,
        columns.rag,
        columns.data_note,
    ]);
    if !head.all_found(book, src, findings) {
        return None;
    }
    Some(ActionTable {
        header,
        end,
        first_col,
        last_col,
        columns,
    })
}
