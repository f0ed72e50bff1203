//! The one path from a table's rows to observations, shared by the long, wide and
//! mapped layouts: value parsing, cell findings (DQ010, DQ013, DQ014, DQ015, DQ016,
//! DQ020) and the set of unusable values.

use super::{period_of_cell, ReturnFile, ReturnOptions};
use crate::model::observation::{Observation, Source};
use crate::model::{Finding, Rule};
use crate::period::Period;
use crate::read::{a1, Cell, Sheet};
use crate::register::{normalise_code, Register, Unit};
use crate::value::{Parsed, Problem};
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

/// Read every indicator row under the header into observations and cell
/// findings; gives the number of rows whose code is in the register.
///
/// Rows whose code cell is blank are skipped (blank and note rows), as are rows
/// whose code is not in the register and which hold nothing in their data
/// columns (headings). Every row is read, hidden or not.
pub(crate) fn read_table(
    sheet: &Sheet,
    t: &Table,
    file: &str,
    register: &Register,
    opts: &ReturnOptions,
    out: &mut ReturnFile,
) -> usize {
    let mut known = 0;
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
    let latest_period = t.latest(cal).map(|(_, p)| p);
    let extra_cols = [t.target, t.forecast, t.numerator, t.denominator];
    // Shared by every value read from the table, rather than copied into each.
    let file_name: Arc<str> = Arc::from(file);
    let sheet_name: Arc<str> = Arc::from(sheet.name.as_str());
    let returned_by: Arc<str> = Arc::from(out.directorate.as_deref().unwrap_or(""));
    for row in (t.row + 1)..sheet.rows().end {
        let code_cell = sheet.get(row, t.code);
        if code_cell.is_blank() {
            continue;
        }
        let raw_code = code_cell.display().trim().to_string();
        let code = normalise_code(&raw_code);
        let indicator = register.get(&code);
        let has_data = entries
            .iter()
            .map(|e| e.col)
            .chain(extra_cols.iter().flatten().copied())
            .any(|c| !sheet.get(row, c).is_blank());
        let data_note = text_of(sheet, row, t.data_note);
        let commentary = text_of(sheet, row, t.commentary);
        let directorate = out.directorate.clone();
        let shown_code = indicator
            .map(|i| i.code.clone())
            .unwrap_or_else(|| raw_code.clone());

        let base = |id: Rule, col: u32, message: String, cell: &Cell, note: bool| {
            let mut f = Finding::new(id, file, message);
            f.sheet = sheet.name.clone();
            f.cell = Some(a1(row, col));
            f.directorate = directorate.clone();
            f.indicator = Some(shown_code.clone());
            f.value = Some(cell.display());
            if note {
                f.note = data_note.clone();
            }
            f
        };

        let Some(indicator) = indicator else {
            // A row with a code-like label and nothing else is a heading or a note, not data.
            if has_data {
                let f = base(
                    Rule::DQ020,
                    t.code,
                    format!("The code '{raw_code}' is not in the register."),
                    code_cell,
                    true,
                );
                out.findings.push(f);
            }
            continue;
        };
        known += 1;

        for e in &entries {
            let value_cell = sheet.get(row, e.col);
            // The cell's period: its column's (wide), the row's Period cell, else the return's.
            let raw_period = match (e.period, &t.values) {
                (Some(p), _) => Some(p),
                (None, Values::Long { period: pcol, .. }) => {
                    match pcol.map(|c| (c, sheet.get(row, c))) {
                        Some((col, cell)) if !cell.is_blank() => match period_of_cell(cell, cal) {
                            Some(p) => Some(p),
                            None => {
                                out.findings.push(base(
                                    Rule::DQ015,
                                    col,
                                    format!(
                                        "The period '{}' for {} is not one we can read.",
                                        cell.display(),
                                        indicator.code
                                    ),
                                    cell,
                                    true,
                                ));
                                continue;
                            }
                        },
                        _ => out.period,
                    }
                }
                (None, Values::Wide { .. }) => None,
            };
            let Some(raw_period) = raw_period else {
                // The return's period is unsettled: already a finding for the file.
                continue;
            };
            let due = cal.for_frequency(raw_period, indicator.frequency);
            // A wide sheet has columns for periods at which a quarterly or annual
            // indicator is not due: a blank there is not a missing value.
            if e.period.is_some() && due.is_none() && value_cell.is_blank() {
                continue;
            }
            // Columns laid out for months still to come hold nothing yet.
            if value_cell.is_blank()
                && latest_period.is_some_and(|l| cal.end_month(raw_period) > cal.end_month(l))
            {
                continue;
            }
            let period: Period = due.unwrap_or(raw_period);
            let period_id = cal.id(period);
            let extras = e.extras;
            // Wide rows hold many periods: say which one a message is about.
            let when = match e.period {
                Some(_) => format!(" in {period_id}"),
                None => String::new(),
            };

            let number = |col: Option<u32>,
                          what: &str,
                          is_value: bool,
                          findings: &mut Vec<Finding>|
             -> (Option<f64>, bool) {
                let Some(col) = col else { return (None, true) };
                let cell = sheet.get(row, col);
                let mut push = |id: Rule, message: String| {
                    let mut f = base(id, col, message, cell, extras);
                    f.period = Some(period_id.clone());
                    findings.push(f);
                };
                match opts.values.parse(cell) {
                    Parsed::NoValue => (None, true),
                    Parsed::Number {
                        value,
                        percent_marked,
                    } => {
                        // A bare 0.85 for a percent indicator could mean 85% or 0.85%: never guess.
                        if is_value
                            && indicator.unit == Unit::Percent
                            && !percent_marked
                            && value > 0.0
                            && value < 1.0
                        {
                            push(
                                Rule::DQ016,
                                format!(
                                    "{} is a percentage, but {what}{when} is given as {}, which could mean {}% or {}%.",
                                    indicator.code,
                                    cell.display(),
                                    trim(value * 100.0),
                                    cell.display()
                                ),
                            );
                            return (None, false);
                        }
                        (Some(value), true)
                    }
                    Parsed::Invalid(Problem::NotANumber) => {
                        push(
                            Rule::DQ010,
                            format!(
                                "The {what} for {}{when} is '{}', which is not a number.",
                                indicator.code,
                                cell.display()
                            ),
                        );
                        (None, false)
                    }
                    Parsed::Invalid(Problem::ErrorCell(err)) => {
                        push(
                            Rule::DQ013,
                            format!(
                                "The {what} for {}{when} is the Excel error {err}, not a number.",
                                indicator.code
                            ),
                        );
                        (None, false)
                    }
                    Parsed::Invalid(Problem::FormulaNoValue(f)) => {
                        push(
                            Rule::DQ014,
                            format!("The {what} for {}{when} is the formula ={f}, but the file holds no result for it (it was never calculated and saved).", indicator.code),
                        );
                        (None, false)
                    }
                }
            };
            let extra = |c: Option<u32>| if extras { c } else { None };
            let (value, value_ok) = number(Some(e.col), "value", true, &mut out.findings);
            let (numerator, _) = number(extra(t.numerator), "numerator", false, &mut out.findings);
            let (denominator, _) = number(
                extra(t.denominator),
                "denominator",
                false,
                &mut out.findings,
            );
            let (target, _) = number(extra(t.target), "target", false, &mut out.findings);
            let (forecast, _) = number(extra(t.forecast), "forecast", true, &mut out.findings);
            if !value_ok {
                out.unusable.insert((indicator.key.clone(), period));
            }
            out.observations.push(Observation {
                code: indicator.key.clone(),
                directorate: Arc::clone(&returned_by),
                period,
                value,
                value_seen: value_cell.display(),
                numerator,
                denominator,
                target,
                forecast,
                commentary: if extras { commentary.clone() } else { None },
                data_note: if extras { data_note.clone() } else { None },
                source: Source {
                    file: Arc::clone(&file_name),
                    sheet: Arc::clone(&sheet_name),
                    row,
                    col: e.col,
                },
            });
        }
    }
    known
}

fn trim(n: f64) -> String {
    let s = format!("{n:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
