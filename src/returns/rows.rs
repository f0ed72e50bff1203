//! The one path from a table's rows to observations, shared by the long, wide and
//! mapped layouts: value parsing, cell findings (DQ010, DQ013, DQ014, DQ015, DQ016,
//! DQ020) and the set of unusable values.

use super::{period_of_cell, ReturnOptions};
use crate::cellref::a1;
use crate::model::observation::{Observation, Source};
use crate::model::{Finding, Indicator, Register, ReturnFile, Rule, Unit};
use crate::period::Period;
use crate::read::value::{Parsed, Problem};
use crate::read::{Cell, Sheet};
use crate::text::normalise_code;
use std::collections::HashSet;
use std::sync::Arc;

/// Where the values of a table are.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Values {
    /// One value column; the period is the row's Period cell, else the return's.
    Long {
        /// Value column.
        value: u32,
        /// Optional per-row Period column.
        period: Option<u32>,
    },
    /// One column per period, in column order.
    Wide {
        /// (column, period of its heading).
        periods: Vec<(u32, Period)>,
    },
}

/// A table found on a sheet: header row, code column, values, optional columns
/// (absolute zero-based positions).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    /// Header row.
    pub row: u32,
    /// Code column.
    pub code: u32,
    /// Value columns.
    pub values: Values,
    /// Target.
    pub target: Option<u32>,
    /// Forecast.
    pub forecast: Option<u32>,
    /// Commentary.
    pub commentary: Option<u32>,
    /// Data note.
    pub data_note: Option<u32>,
    /// Numerator.
    pub numerator: Option<u32>,
    /// Denominator.
    pub denominator: Option<u32>,
    /// A wide table's latest period column that holds a value (see
    /// [`Table::latest`]); set by the wide layout.
    pub latest_filled: Option<(u32, Period)>,
}

impl Table {
    /// A table with only a code column and values.
    pub fn new(row: u32, code: u32, values: Values) -> Table {
        Table {
            row,
            code,
            values,
            target: None,
            forecast: None,
            commentary: None,
            data_note: None,
            numerator: None,
            denominator: None,
            latest_filled: None,
        }
    }

    /// A wide table's own period, with its column: the latest period column
    /// that holds a value (by end month; the rightmost wins a tie), so that a
    /// tracker with columns laid out to the year's end is for the month last
    /// filled in; the latest column of all when none holds a value.
    pub fn latest(&self, cal: crate::period::Calendar) -> Option<(u32, Period)> {
        match &self.values {
            Values::Wide { periods } => self.latest_filled.or_else(|| {
                periods
                    .iter()
                    .copied()
                    .max_by_key(|(c, p)| (cal.end_month(*p), *c))
            }),
            Values::Long { .. } => None,
        }
    }
}

/// Header-row synonyms, compared after `header_key`.
pub(crate) mod synonyms {
    /// Code column.
    pub const CODE: &[&str] = &[
        "code",
        "ref",
        "piref",
        "picode",
        "indicatorcode",
        "kpiref",
        "kpicode",
        "indicatorref",
    ];
    /// Value column of a long table.
    pub const VALUE: &[&str] = &[
        "actual",
        "value",
        "outturn",
        "result",
        "performance",
        "current",
        "actualvalue",
    ];
    /// Target.
    pub const TARGET: &[&str] = &["target"];
    /// Forecast.
    pub const FORECAST: &[&str] = &["forecast", "forecastoutturn", "yearendforecast"];
    /// Commentary.
    pub const COMMENTARY: &[&str] = &["commentary", "comments", "comment", "narrative"];
    /// Data note.
    pub const DATA_NOTE: &[&str] = &[
        "datanote",
        "dqnote",
        "explanation",
        "varianceexplanation",
        "datanotes",
    ];
    /// Numerator.
    pub const NUMERATOR: &[&str] = &["numerator"];
    /// Denominator.
    pub const DENOMINATOR: &[&str] = &["denominator"];
    /// Per-row period of a long table: a column of these wins.
    pub const PERIOD: &[&str] = &["period", "reportingperiod"];
    /// Columns that are the period column only when there is no `PERIOD` one
    /// and no other of these with readable periods.
    pub const PERIOD_PART: &[&str] = &["month", "quarter", "year"];
}

/// Sets the optional column slot a header key names (the first column of each
/// kind wins); true when the key was one of them.
pub(crate) fn optional_column(t: &mut Table, key: &str, col: u32) -> bool {
    use synonyms::*;
    let slot = if TARGET.contains(&key) {
        &mut t.target
    } else if FORECAST.contains(&key) {
        &mut t.forecast
    } else if COMMENTARY.contains(&key) {
        &mut t.commentary
    } else if DATA_NOTE.contains(&key) {
        &mut t.data_note
    } else if NUMERATOR.contains(&key) {
        &mut t.numerator
    } else if DENOMINATOR.contains(&key) {
        &mut t.denominator
    } else {
        return false;
    };
    slot.get_or_insert(col);
    true
}

fn text_of(sheet: &Sheet, row: u32, col: Option<u32>) -> Option<String> {
    let cell = sheet.get(row, col?);
    if cell.is_blank() {
        None
    } else {
        Some(cell.display().trim().to_string())
    }
}

/// One value cell of a row and what goes with it.
struct Entry {
    /// Value column.
    col: u32,
    /// The period heading the column (wide); `None` for long.
    period: Option<Period>,
    /// The row's Target, Forecast, Commentary, ... belong to this entry (long,
    /// or the latest period of a wide table).
    extras: bool,
}

/// One table being read: what every row of it shares.
struct TableReading<'a> {
    sheet: &'a Sheet,
    t: &'a Table,
    file: &'a str,
    opts: &'a ReturnOptions,
    /// The value cells of each row.
    entries: Vec<Entry>,
    /// A wide table's own period: blank columns after it are months to come.
    latest_period: Option<Period>,
    /// Target, forecast, numerator and denominator columns.
    extra_cols: [Option<u32>; 4],
    /// Shared by every value read from the table, rather than copied into each.
    file_name: Arc<str>,
    sheet_name: Arc<str>,
    returned_by: Arc<str>,
}

/// One row being read: its code and the texts its findings carry.
struct RowReading<'a> {
    row: u32,
    indicator: &'a Indicator,
    /// The code as the register writes it (as typed where it is not there).
    shown_code: String,
    data_note: Option<String>,
    commentary: Option<String>,
    directorate: Option<String>,
}

/// Where a finding on a row is, and what it carries of the row.
struct At<'a> {
    row: u32,
    /// The code shown.
    code: &'a str,
    directorate: &'a Option<String>,
    /// The row's Data Note, where it belongs to the finding's cell.
    note: Option<&'a String>,
}

impl RowReading<'_> {
    /// The row as a finding's place, with its Data Note when `note`.
    fn at(&self, note: bool) -> At<'_> {
        At {
            row: self.row,
            code: &self.shown_code,
            directorate: &self.directorate,
            note: self.data_note.as_ref().filter(|_| note),
        }
    }
}

/// Read every indicator row under the header into observations and cell
/// findings; each code found in the register goes into `known`.
///
/// Rows whose code cell is blank are skipped (blank and note rows), as are rows
/// whose code is not in the register and which hold nothing in their data
/// columns (headings). Every row is read, hidden or not.
pub(crate) fn read_table<'r>(
    sheet: &Sheet,
    t: &Table,
    file: &str,
    register: &'r Register,
    opts: &ReturnOptions,
    out: &mut ReturnFile,
    known: &mut HashSet<&'r str>,
) {
    let cx = TableReading::new(sheet, t, file, opts, out);
    for row in (t.row + 1)..sheet.rows().end {
        let code_cell = sheet.get(row, t.code);
        if code_cell.is_blank() {
            continue;
        }
        let raw_code = code_cell.display().trim().to_string();
        let Some(indicator) = register.get(&normalise_code(&raw_code)) else {
            cx.unknown_code(row, raw_code, code_cell, out);
            continue;
        };
        known.insert(indicator.key.as_str());
        let r = RowReading {
            row,
            indicator,
            shown_code: indicator.code.clone(),
            data_note: text_of(sheet, row, t.data_note),
            commentary: text_of(sheet, row, t.commentary),
            directorate: out.directorate.clone(),
        };
        for e in &cx.entries {
            cx.read_entry(&r, e, out);
        }
    }
}

impl<'a> TableReading<'a> {
    fn new(
        sheet: &'a Sheet,
        t: &'a Table,
        file: &'a str,
        opts: &'a ReturnOptions,
        out: &ReturnFile,
    ) -> TableReading<'a> {
        let cal = opts.calendar;
        let entries: Vec<Entry> = match &t.values {
            Values::Long { value, .. } => vec![Entry {
                col: *value,
                period: None,
                extras: true,
            }],
            Values::Wide { periods } => {
                let latest = t.latest(cal).map(|(c, _)| c);
                periods
                    .iter()
                    .map(|&(col, p)| Entry {
                        col,
                        period: Some(p),
                        extras: Some(col) == latest,
                    })
                    .collect()
            }
        };
        TableReading {
            sheet,
            t,
            file,
            opts,
            entries,
            latest_period: t.latest(cal).map(|(_, p)| p),
            extra_cols: [t.target, t.forecast, t.numerator, t.denominator],
            file_name: Arc::from(file),
            sheet_name: Arc::from(sheet.name.as_str()),
            returned_by: Arc::from(out.directorate.as_deref().unwrap_or("")),
        }
    }

    /// A finding at cell `col` of the row `at`: file, sheet, cell,
    /// directorate, indicator, the value as seen and the row's Data Note.
    fn finding(&self, at: &At<'_>, id: Rule, col: u32, message: String, cell: &Cell) -> Finding {
        let mut f = Finding::new(id, self.file, message);
        f.sheet = self.sheet.name.clone();
        f.cell = Some(a1(at.row, col));
        f.directorate = at.directorate.clone();
        f.indicator = Some(at.code.to_string());
        f.value = Some(cell.display());
        f.note = at.note.cloned();
        f
    }

    /// DQ020 for a code not in the register, unless the row holds nothing
    /// else: a code-like label alone is a heading or a note, not data.
    fn unknown_code(&self, row: u32, raw_code: String, code_cell: &Cell, out: &mut ReturnFile) {
        let has_data = self
            .entries
            .iter()
            .map(|e| e.col)
            .chain(self.extra_cols.iter().flatten().copied())
            .any(|c| !self.sheet.get(row, c).is_blank());
        if !has_data {
            return;
        }
        let data_note = text_of(self.sheet, row, self.t.data_note);
        let message = format!("The code '{raw_code}' is not in the register.");
        let at = At {
            row,
            code: &raw_code,
            directorate: &out.directorate,
            note: data_note.as_ref(),
        };
        let f = self.finding(&at, Rule::DQ020, self.t.code, message, code_cell);
        out.findings.push(f);
    }

    /// The period of a value cell: its column's (wide), the row's Period
    /// cell, else the return's. `Err` after a DQ015 for an unreadable Period
    /// cell; `Ok(None)` when the return's period is unsettled (already a
    /// finding for the file).
    fn entry_period(
        &self,
        r: &RowReading<'_>,
        e: &Entry,
        out: &mut ReturnFile,
    ) -> Result<Option<Period>, ()> {
        let pcol = match (e.period, &self.t.values) {
            (Some(p), _) => return Ok(Some(p)),
            (None, Values::Wide { .. }) => return Ok(None),
            (None, Values::Long { period, .. }) => *period,
        };
        let Some((col, cell)) = pcol
            .map(|c| (c, self.sheet.get(r.row, c)))
            .filter(|(_, cell)| !cell.is_blank())
        else {
            return Ok(out.period);
        };
        if let Some(p) = period_of_cell(cell, self.opts.calendar) {
            return Ok(Some(p));
        }
        let message = format!(
            "The period '{}' for {} is not one we can read.",
            cell.display(),
            r.indicator.code
        );
        out.findings
            .push(self.finding(&r.at(true), Rule::DQ015, col, message, cell));
        Err(())
    }

    /// One value cell of the row, with its numerator, denominator, target
    /// and forecast where they belong to it, as an observation.
    fn read_entry(&self, r: &RowReading<'_>, e: &Entry, out: &mut ReturnFile) {
        let cal = self.opts.calendar;
        let value_cell = self.sheet.get(r.row, e.col);
        let Ok(Some(raw_period)) = self.entry_period(r, e, out) else {
            return;
        };
        let due = cal.for_frequency(raw_period, r.indicator.frequency);
        // A wide sheet has columns for periods at which a quarterly or annual
        // indicator is not due: a blank there is not a missing value.
        if e.period.is_some() && due.is_none() && value_cell.is_blank() {
            return;
        }
        // Columns laid out for months still to come hold nothing yet.
        if value_cell.is_blank()
            && self
                .latest_period
                .is_some_and(|l| cal.end_month(raw_period) > cal.end_month(l))
        {
            return;
        }
        let period: Period = due.unwrap_or(raw_period);
        let cells = Cells {
            table: self,
            r,
            period_id: cal.id(period),
            // Wide rows hold many periods: say which one a message is about.
            wide: e.period.is_some(),
            extras: e.extras,
        };
        let extra = |c: Option<u32>| if e.extras { c } else { None };
        let t = self.t;
        let findings = &mut out.findings;
        let (value, value_ok) = cells.number(Some(e.col), "value", true, findings);
        let (numerator, _) = cells.number(extra(t.numerator), "numerator", false, findings);
        let (denominator, _) = cells.number(extra(t.denominator), "denominator", false, findings);
        let (target, _) = cells.number(extra(t.target), "target", false, findings);
        let (forecast, _) = cells.number(extra(t.forecast), "forecast", true, findings);
        if !value_ok {
            out.unusable.insert((r.indicator.key.clone(), period));
        }
        out.observations.push(Observation {
            code: self.opts.codes.get(&r.indicator.key),
            directorate: Arc::clone(&self.returned_by),
            period,
            value,
            value_seen: value_cell.display(),
            numerator,
            denominator,
            target,
            forecast,
            commentary: if e.extras { r.commentary.clone() } else { None },
            data_note: if e.extras { r.data_note.clone() } else { None },
            source: Source {
                file: Arc::clone(&self.file_name),
                sheet: Arc::clone(&self.sheet_name),
                row: r.row,
                col: e.col,
            },
        });
    }
}

/// The number cells of one entry of a row, for one period.
struct Cells<'a> {
    table: &'a TableReading<'a>,
    r: &'a RowReading<'a>,
    period_id: String,
    /// Say the period in messages (a wide row holds many).
    wide: bool,
    /// The row's Data Note belongs to this entry.
    extras: bool,
}

impl Cells<'_> {
    /// The number in column `col` (the value, or one of the row's other
    /// figures), and false when the cell holds something that is not one
    /// (after its finding). Blank and "no value" give `(None, true)`.
    fn number(
        &self,
        col: Option<u32>,
        what: &str,
        is_value: bool,
        findings: &mut Vec<Finding>,
    ) -> (Option<f64>, bool) {
        let Some(col) = col else { return (None, true) };
        let cell = self.table.sheet.get(self.r.row, col);
        let code = &self.r.indicator.code;
        // Made only for a message: most cells have none.
        let when = || match self.wide {
            true => format!(" in {}", self.period_id),
            false => String::new(),
        };
        let message = match self.table.opts.values.parse(cell) {
            Parsed::NoValue => return (None, true),
            Parsed::Number {
                value,
                percent_marked,
            } => {
                // A bare 0.85 for a percent indicator could mean 85% or 0.85%: never guess.
                let fraction = is_value
                    && self.r.indicator.unit == Unit::Percent
                    && !percent_marked
                    && value > 0.0
                    && value < 1.0;
                if !fraction {
                    return (Some(value), true);
                }
                (Rule::DQ016, format!(
                    "{code} is a percentage, but {what}{} is given as {}, which could mean {}% or {}%.",
                    when(),
                    cell.display(),
                    trim(value * 100.0),
                    cell.display()
                ))
            }
            Parsed::Invalid(Problem::NotANumber) => (Rule::DQ010, format!(
                "The {what} for {code}{} is '{}', which is not a number.",
                when(),
                cell.display()
            )),
            Parsed::Invalid(Problem::ErrorCell(err)) => (Rule::DQ013, format!(
                "The {what} for {code}{} is the Excel error {err}, not a number.",
                when()
            )),
            Parsed::Invalid(Problem::FormulaNoValue(f)) => (Rule::DQ014, format!(
                "The {what} for {code}{} is the formula ={f}, but the file holds no result for it (it was never calculated and saved).",
                when()
            )),
        };
        let (id, message) = message;
        let mut f = self
            .table
            .finding(&self.r.at(self.extras), id, col, message, cell);
        f.period = Some(self.period_id.clone());
        findings.push(f);
        (None, false)
    }
}

fn trim(n: f64) -> String {
    crate::number::up_to(n, 6)
}
