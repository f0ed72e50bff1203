//! A workbook read as a return, step by step: its tables found, its
//! directorate and period settled, its rows read.
//!
//! The steps are [`STEPS`], run in order on one [`Reading`]; the layouts tried
//! on each sheet are [`LAYOUTS`]. A new layout is a file with its finder and a
//! line in `LAYOUTS`; a new kind of table (SPEC section 13's progress updates)
//! is a file with a step that finds it (before [`find_tables`], so the
//! indicator layouts can leave its cells alone) and one that reads it (after
//! [`settle_period`]), each a line in `STEPS`: action tables are
//! [`find_action_tables`] and [`read_actions`].

use super::actions::ActionTable;
use super::mapping::SourceMapping;
use super::rows::{Table, Values};
use super::{long, mapped, wide, ReturnOptions};
use crate::cellref::a1;
use crate::metadata;
use crate::model::{Finding, Register, ReturnFile, Rule};
use crate::period::{Calendar, Period};
use crate::read::{Book, Cell, Sheet};
use std::borrow::Cow;
use std::path::Path;

/// One book being read as a return: what it is given, and what the steps
/// have settled so far.
pub(crate) struct Reading<'b> {
    /// The workbook.
    pub book: &'b Book,
    /// Its path, for directorate and period in file and folder names.
    pub path: &'b Path,
    /// The register.
    pub register: &'b Register,
    /// How returns are read.
    pub opts: &'b ReturnOptions,
    /// The `[[source]]` that describes the file's indicator table, if one does.
    pub mapping: Option<&'b SourceMapping>,
    /// The `[[source]]` with `kind = "actions"` that describes its table of
    /// progress on the plan, if one does.
    pub action_mapping: Option<&'b SourceMapping>,
    /// The directorate and period a template made by `ipr template` says it is for.
    pub template: Option<(String, Period)>,
    /// Indicator tables found, with their sheets (a sheet that also holds
    /// an action table is a copy without its cells).
    pub tables: Vec<(Cow<'b, Sheet>, Table)>,
    /// Action tables found (SPEC section 13), with their sheets.
    pub action_tables: Vec<(&'b Sheet, ActionTable)>,
    /// The labelled `Directorate:` cell's text, with its sheet and A1 reference.
    pub labelled_directorate: Option<(String, String, String)>,
    /// The cell giving the return's period (labelled, or named by the
    /// `[[source]]`), with its sheet and A1 reference.
    pub period_cell: Option<(Cell, String, String)>,
    /// The `[[source]]` names a period cell (even an empty one).
    pub configured_period: bool,
    /// What has been read: observations, findings, directorate and period.
    pub out: &'b mut ReturnFile,
}

/// Whether the steps after this one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    /// Go on to the next step.
    Go,
    /// Nothing more can be read (a finding says why).
    Stop,
}

/// One step of reading a book.
type Step = for<'r, 'b> fn(&'r mut Reading<'b>) -> Flow;

/// The steps, in order.
const STEPS: &[Step] = &[
    find_action_tables,
    find_tables,
    find_labels,
    settle_directorate,
    settle_period,
    read_rows,
    period_from_rows,
    read_actions,
];

/// Reads `book` (the file at `path`) as a return into `out`.
pub(crate) fn read_book_return(
    book: &Book,
    path: &Path,
    register: &Register,
    opts: &ReturnOptions,
    out: &mut ReturnFile,
) {
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // A file a [[source]] describes is read only by its mapping, unless it is
    // a template made by `ipr template`, which says itself how it is laid out.
    let made_by_ipr = book
        .metadata()
        .is_some_and(|m| m.get_any_case(metadata::TEMPLATE_VERSION).is_some());
    let mapping = opts
        .sources
        .iter()
        .find(|s| s.actions.is_none() && s.matches(file_name))
        .filter(|_| !made_by_ipr);
    let action_mapping = opts
        .sources
        .iter()
        .find(|s| s.actions.is_some() && s.matches(file_name))
        .filter(|_| !made_by_ipr);
    let mut reading = Reading {
        book,
        path,
        register,
        opts,
        mapping,
        action_mapping,
        template: super::template_metadata(book, register, opts.calendar),
        tables: Vec::new(),
        action_tables: Vec::new(),
        labelled_directorate: None,
        period_cell: None,
        configured_period: false,
        out,
    };
    for step in STEPS {
        if step(&mut reading) == Flow::Stop {
            return;
        }
    }
}

/// What a layout makes of a sheet.
pub(crate) enum Look {
    /// Its table.
    Table(Table),
    /// A table that cannot be read as it is (a finding says why): no other
    /// layout is tried on the sheet.
    Refused,
    /// Not this layout.
    Nothing,
}

/// What a layout is given besides the sheet.
pub(crate) struct LayoutInput<'a> {
    /// The file, as named by the user.
    pub file: &'a str,
    /// Financial-year settings.
    pub cal: Calendar,
    /// What counts as "no value".
    pub values: &'a crate::read::value::ValueOptions,
}

/// A layout's finder.
type Layout = fn(&Sheet, &LayoutInput<'_>, &mut Vec<Finding>) -> Look;

/// The layouts tried on each visible sheet, in order, the first to find a
/// table winning: a long value column wins, so a sheet is wide only when it
/// has none.
const LAYOUTS: &[Layout] = &[long::layout, wide::layout];

/// The indicator tables: the `[[source]]`'s, or on each visible sheet the
/// first of [`LAYOUTS`] to find one. Stops, with a finding, where there is none.
fn find_tables(r: &mut Reading<'_>) -> Flow {
    let book = r.book;
    if let Some(src) = r.mapping {
        let cal = r.opts.calendar;
        let Some(sheet) = mapped::sheet(book, src, &mut r.out.findings) else {
            return Flow::Stop;
        };
        let Some(sheet) = indicator_view(&r.action_tables, sheet) else {
            return Flow::Stop;
        };
        let Some(t) = mapped::table(book, &sheet, src, cal, &mut r.out.findings) else {
            return Flow::Stop;
        };
        r.tables.push((sheet, t));
    } else {
        let input = LayoutInput {
            file: &book.path,
            cal: r.opts.calendar,
            values: &r.opts.values,
        };
        let visible: Vec<&Sheet> = book
            .sheets
            .iter()
            .filter(|s| s.visible && !s.is_empty())
            .collect();
        for sheet in &visible {
            let Some(sheet) = indicator_view(&r.action_tables, sheet) else {
                continue;
            };
            for layout in LAYOUTS {
                match layout(&sheet, &input, &mut r.out.findings) {
                    Look::Table(t) => r.tables.push((sheet, t)),
                    Look::Refused => {}
                    Look::Nothing => continue,
                }
                break;
            }
        }
        // A return of progress on the plan alone is a return.
        if r.tables.is_empty() && r.action_tables.is_empty() {
            no_table(book, &visible, r.out);
            return Flow::Stop;
        }
    }
    r.out.progress_only = r.tables.is_empty();
    r.out.sheets = r.tables.iter().map(|(s, _)| s.name.clone()).collect();
    for (sheet, _) in &r.action_tables {
        if !r.out.sheets.contains(&sheet.name) {
            r.out.sheets.push(sheet.name.clone());
        }
    }
    Flow::Go
}

/// The action tables on every visible sheet, found before the indicator
/// tables so that the indicator layouts never read their cells (a Ref
/// column is a code column to them). Nothing without a plan.
fn find_action_tables(r: &mut Reading<'_>) -> Flow {
    let Some(plan) = r.register.plan.as_deref() else {
        return Flow::Go;
    };
    if let Some(src) = r.action_mapping {
        let found = mapped::sheet(r.book, src, &mut r.out.findings).and_then(|sheet| {
            Some((
                sheet,
                mapped::action_table(r.book, sheet, src, &mut r.out.findings)?,
            ))
        });
        r.action_tables.extend(found);
        return Flow::Go;
    }
    for sheet in r.book.sheets.iter().filter(|s| s.visible && !s.is_empty()) {
        for t in super::actions::find_action_tables(sheet, plan) {
            r.action_tables.push((sheet, t));
        }
    }
    Flow::Go
}

/// `sheet` as the indicator layouts see it: itself, or a copy without the
/// cells of its action tables; `None` when nothing else is on it.
fn indicator_view<'b>(
    action_tables: &[(&'b Sheet, ActionTable)],
    sheet: &'b Sheet,
) -> Option<Cow<'b, Sheet>> {
    let mine: Vec<ActionTable> = action_tables
        .iter()
        .filter(|(s, _)| std::ptr::eq(*s, sheet))
        .map(|(_, t)| *t)
        .collect();
    if mine.is_empty() {
        return Some(Cow::Borrowed(sheet));
    }
    super::actions::without_tables(sheet, &mine).map(Cow::Owned)
}

/// The rows of every action table, as updates from the return's
/// directorate for its period.
fn read_actions(r: &mut Reading<'_>) -> Flow {
    let Some(plan) = r.register.plan.as_deref() else {
        return Flow::Go;
    };
    let file: std::sync::Arc<str> = std::sync::Arc::from(r.book.path.as_str());
    let directorate: std::sync::Arc<str> =
        std::sync::Arc::from(r.out.directorate.as_deref().unwrap_or(""));
    let opts = super::actions::ActionReadOptions {
        calendar: r.opts.calendar,
        values: &r.opts.values,
    };
    if r.template.is_some() {
        r.out.actions_asked = r
            .book
            .sheets
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(crate::metadata::PLAN_SHEET))
            .map(|s| {
                let col = s.cols().start;
                (s.rows().start + 1..s.rows().end)
                    .filter_map(|row| s.get(row, col).text())
                    .map(crate::text::normalise_code)
                    .collect()
            });
    }
    for (sheet, t) in &r.action_tables {
        r.out.updates.extend(super::actions::read_action_table(
            sheet,
            t,
            &file,
            &directorate,
            r.out.period,
            plan,
            opts,
        ));
    }
    Flow::Go
}

/// DQ007 for a book with no table, unless a table was refused (DQ017 says why).
fn no_table(book: &Book, visible: &[&Sheet], out: &mut ReturnFile) {
    if out.findings.iter().any(|f| f.rule == Rule::DQ017) {
        return;
    }
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
}

/// The labelled `Directorate:` and `Period:` cells above the tables (the
/// first table's that has each). Above the action tables only in a return
/// without an indicator table: above one below an indicator table would be
/// that table's own headings.
fn find_labels(r: &mut Reading<'_>) -> Flow {
    let places: Vec<(&Sheet, u32)> = if r.tables.is_empty() {
        r.action_tables
            .iter()
            .map(|(s, t)| (*s, t.header))
            .collect()
    } else {
        r.tables.iter().map(|(s, t)| (&**s, t.row)).collect()
    };
    for (sheet, header) in places {
        let (d, p) = super::labelled_cells(sheet, header);
        if r.labelled_directorate.is_none() {
            r.labelled_directorate = d.map(|(t, cell)| (t, sheet.name.clone(), cell));
        }
        if r.period_cell.is_none() {
            r.period_cell = p.map(|(c, cell)| (c, sheet.name.clone(), cell));
        }
    }
    Flow::Go
}

/// The directorate: a template's metadata, the `[[source]]`, a labelled
/// cell, then file and folder names; DQ006 where none settles it.
fn settle_directorate(r: &mut Reading<'_>) -> Flow {
    let (book, register) = (r.book, r.register);
    let unknown = |text: &str, message: String| {
        let mut f = Finding::new(Rule::DQ006, &book.path, message);
        f.value = Some(text.to_string());
        f
    };
    let known = || register.known_directorates().join(", ");
    let configured = r
        .mapping
        .or(r.action_mapping)
        .and_then(|s| s.directorate.as_ref().map(|d| (s, d)));
    r.out.directorate = if let Some((d, _)) = &r.template {
        Some(d.clone())
    } else if let Some((src, text)) = configured {
        let d = super::match_directorate(register, text);
        if d.is_none() {
            r.out.findings.push(unknown(
                text,
                format!(
                    "{} gives the directorate '{text}', which is not one in the register ({}).",
                    mapped::describe(src),
                    known()
                ),
            ));
        }
        d
    } else if let Some((text, sheet, cell)) = &r.labelled_directorate {
        let d = super::match_directorate(register, text);
        if d.is_none() {
            let mut f = unknown(
                text,
                format!(
                    "The directorate '{text}' given on the return is not one in the register ({}).",
                    known()
                ),
            );
            f.sheet = sheet.clone();
            f.cell = Some(cell.clone());
            r.out.findings.push(f);
        }
        d
    } else {
        let found = super::name_parts(r.path)
            .iter()
            .find_map(|n| super::match_directorate_in_name(register, n));
        if found.is_none() {
            r.out.findings.push(Finding::new(
                Rule::DQ006,
                &book.path,
                "We could not tell which directorate this return is from: there is no 'Directorate:' cell in the top rows and the file and folder names do not name a directorate in the register.".to_string(),
            ));
        }
        found
    };
    Flow::Go
}

/// The cell a `[[source]]` names for the period, in place of a labelled
/// one; DQ015 where it is empty.
fn configured_period_cell(r: &mut Reading<'_>) {
    let indicator = r.mapping.zip(r.tables.first().map(|(s, _)| &**s));
    let action = || {
        r.action_mapping
            .zip(r.action_tables.first().map(|(s, _)| *s))
    };
    let Some((src, sheet)) = indicator.or_else(action) else {
        return;
    };
    let Some((row, col)) = src.period else {
        return;
    };
    r.configured_period = true;
    let cell = sheet.get(row, col);
    if !cell.is_blank() {
        r.period_cell = Some((cell.clone(), sheet.name.clone(), a1(row, col)));
        return;
    }
    let mut f = Finding::new(
        Rule::DQ015,
        &r.book.path,
        format!(
            "{} says the period is in cell {} of sheet '{}', but that cell is empty.",
            mapped::describe(src),
            a1(row, col),
            sheet.name
        ),
    );
    f.sheet = sheet.name.clone();
    f.cell = Some(a1(row, col));
    r.out.findings.push(f);
    r.period_cell = None;
}

/// The period: a template's metadata, the `[[source]]`'s cell, a labelled
/// cell, the latest period column of a wide table, then file and folder
/// names; DQ015 where it cannot be read, or where nothing gives one and no
/// table has a period column.
fn settle_period(r: &mut Reading<'_>) -> Flow {
    configured_period_cell(r);
    let cal = r.opts.calendar;
    let latest_column = r
        .tables
        .iter()
        .filter_map(|(_, t)| t.latest(cal).map(|(_, p)| p))
        // A month and a quarter ending with it: the month is the finer answer.
        .max_by_key(|p| (cal.end_month(*p), matches!(p, Period::Month { .. })));
    r.out.period = match &r.period_cell {
        _ if r.template.is_some() => r.template.as_ref().map(|(_, p)| *p),
        Some((cell, sheet, at)) => {
            let p = super::period_of_cell(cell, cal);
            if p.is_none() {
                let mut f = Finding::new(
                    Rule::DQ015,
                    &r.book.path,
                    format!(
                        "The period '{}' on the return is not one we can read.",
                        cell.display()
                    ),
                );
                f.sheet = sheet.clone();
                f.cell = Some(at.clone());
                f.value = Some(cell.display());
                r.out.findings.push(f);
            }
            p
        }
        None if r.configured_period => None,
        None => latest_column.or_else(|| {
            super::name_parts(r.path)
                .iter()
                .find_map(|n| super::period_in_name(n, cal))
        }),
    };
    let has_period_column = r.tables.iter().any(|(_, t)| match &t.values {
        Values::Long { period, .. } => period.is_some(),
        Values::Wide { .. } => true,
    });
    if r.out.period.is_none()
        && r.period_cell.is_none()
        && !r.configured_period
        && !has_period_column
    {
        r.out.findings.push(Finding::new(
            Rule::DQ015,
            &r.book.path,
            "We could not tell which period this return is for: there is no 'Period:' or 'Month:' cell in the top rows, no Period column, and the file name does not contain a period.".to_string(),
        ));
    }
    Flow::Go
}

/// Every indicator table's rows, as observations and cell findings; a file
/// most of whose different codes are not the register's gets one DQ020 for them all.
fn read_rows(r: &mut Reading<'_>) -> Flow {
    let before = r.out.findings.len();
    // The different codes of the register the file holds.
    let mut known = std::collections::HashSet::new();
    for (sheet, table) in &r.tables {
        let file = &r.book.path;
        super::rows::read_table(sheet, table, file, r.register, r.opts, r.out, &mut known);
    }
    super::another_system(r.out, before, known.len(), &r.book.path);
    Flow::Go
}

/// A long return with a Period column and no period of its own is for the
/// latest period its rows hold (SPEC section 3: a return may hold many).
fn period_from_rows(r: &mut Reading<'_>) -> Flow {
    let cal = r.opts.calendar;
    if r.out.period.is_none()
        && r.period_cell.is_none()
        && !r.configured_period
        && r.template.is_none()
    {
        r.out.period = r
            .out
            .observations
            .iter()
            .map(|o| o.period)
            .max_by_key(|p| (cal.end_month(*p), matches!(p, Period::Month { .. })));
    }
    Flow::Go
}
