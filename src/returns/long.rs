//! The long layout: a header row naming a code column and a value column, one row per indicator.

use super::{period_of_cell, ReturnFile, ReturnOptions};
use crate::observation::{Observation, Source};
use crate::period::Period;
use crate::quality::rules::finding;
use crate::read::{a1, Cell, Sheet};
use crate::register::{header_key, normalise_code, Register, Unit};
use crate::value::{Parsed, Problem};

/// Where each column of a long table is (absolute columns).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Header {
    /// Header row.
    pub row: u32,
    /// Code column.
    pub code: u32,
    /// Value column.
    pub value: u32,
    /// Optional columns.
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
    /// Period.
    pub period: Option<u32>,
}

const CODE: &[&str] = &[
    "code",
    "ref",
    "piref",
    "picode",
    "indicatorcode",
    "kpiref",
    "kpicode",
    "indicatorref",
];
const VALUE: &[&str] = &[
    "actual",
    "value",
    "outturn",
    "result",
    "performance",
    "current",
    "actualvalue",
];
const TARGET: &[&str] = &["target"];
const FORECAST: &[&str] = &["forecast", "forecastoutturn", "yearendforecast"];
const COMMENTARY: &[&str] = &["commentary", "comments", "comment", "narrative"];
const DATA_NOTE: &[&str] = &[
    "datanote",
    "dqnote",
    "explanation",
    "varianceexplanation",
    "datanotes",
];
const NUMERATOR: &[&str] = &["numerator"];
const DENOMINATOR: &[&str] = &["denominator"];
const PERIOD: &[&str] = &["period", "month", "reportingperiod"];

/// Find the header row of a long table in the first 30 rows of a sheet.
pub fn find_header(sheet: &Sheet) -> Option<Header> {
    for row in sheet.rows().take(30) {
        let mut h = Header {
            row,
            ..Header::default()
        };
        let (mut code, mut value) = (None, None);
        for col in sheet.cols() {
            let Some(text) = sheet.get(row, col).text() else {
                continue;
            };
            let key = header_key(text);
            let slot = if CODE.contains(&key.as_str()) {
                &mut code
            } else if VALUE.contains(&key.as_str()) {
                &mut value
            } else if TARGET.contains(&key.as_str()) {
                &mut h.target
            } else if FORECAST.contains(&key.as_str()) {
                &mut h.forecast
            } else if COMMENTARY.contains(&key.as_str()) {
                &mut h.commentary
            } else if DATA_NOTE.contains(&key.as_str()) {
                &mut h.data_note
            } else if NUMERATOR.contains(&key.as_str()) {
                &mut h.numerator
            } else if DENOMINATOR.contains(&key.as_str()) {
                &mut h.denominator
            } else if PERIOD.contains(&key.as_str()) {
                &mut h.period
            } else {
                continue;
            };
            // The first column of each kind wins.
            slot.get_or_insert(col);
        }
        if let (Some(c), Some(v)) = (code, value) {
            h.code = c;
            h.value = v;
            return Some(h);
        }
    }
    None
}

fn text_of(sheet: &Sheet, row: u32, col: Option<u32>) -> Option<String> {
    let cell = sheet.get(row, col?);
    if cell.is_blank() {
        None
    } else {
        Some(cell.display().trim().to_string())
    }
}

/// Read every indicator row under the header into observations and cell findings.
pub fn read_rows(
    sheet: &Sheet,
    h: &Header,
    file: &str,
    register: &Register,
    opts: &ReturnOptions,
    out: &mut ReturnFile,
) {
    let ys = opts.year_start;
    for row in (h.row + 1)..sheet.rows().end {
        let code_cell = sheet.get(row, h.code);
        if code_cell.is_blank() {
            continue;
        }
        let raw_code = code_cell.display().trim().to_string();
        let code = normalise_code(&raw_code);
        let indicator = register.get(&code);
        let data_cols = [
            Some(h.value),
            h.target,
            h.forecast,
            h.numerator,
            h.denominator,
        ];
        let has_data = data_cols
            .iter()
            .flatten()
            .any(|&c| !sheet.get(row, c).is_blank());
        let data_note = text_of(sheet, row, h.data_note);
        let directorate = out.directorate.clone();

        let base = |id: &'static str, col: u32, message: String, cell: &Cell| {
            let mut f = finding(id, file, message);
            f.sheet = sheet.name.clone();
            f.cell = Some(a1(row, col));
            f.directorate = directorate.clone();
            f.indicator = Some(
                indicator
                    .map(|i| i.code.clone())
                    .unwrap_or_else(|| raw_code.clone()),
            );
            f.value = Some(cell.display());
            f.note = data_note.clone();
            f
        };

        let Some(indicator) = indicator else {
            // A row with a code-like label and nothing else is a heading or a note, not data.
            if has_data {
                let f = base(
                    "DQ020",
                    h.code,
                    format!("The code '{raw_code}' is not in the register."),
                    code_cell,
                );
                out.findings.push(f);
            }
            continue;
        };

        // The row's period: its Period cell, else the return's.
        let row_period = match h.period.map(|c| (c, sheet.get(row, c))) {
            Some((col, cell)) if !cell.is_blank() => match period_of_cell(cell, ys) {
                Some(p) => Some(p),
                None => {
                    let mut f = base(
                        "DQ015",
                        col,
                        format!(
                            "The period '{}' for {} is not one we can read.",
                            cell.display(),
                            indicator.code
                        ),
                        cell,
                    );
                    f.indicator = Some(indicator.code.clone());
                    out.findings.push(f);
                    continue;
                }
            },
            _ => out.period,
        };
        let Some(row_period) = row_period else {
            // The return's period is unsettled: already a finding for the file.
            continue;
        };
        let period: Period = row_period
            .for_frequency(indicator.frequency, ys)
            .unwrap_or(row_period);
        let period_id = period.id(ys);

        let number = |col: Option<u32>,
                      what: &str,
                      is_value: bool,
                      out: &mut ReturnFile|
         -> (Option<f64>, bool) {
            let Some(col) = col else { return (None, true) };
            let cell = sheet.get(row, col);
            let mut push = |id: &'static str, message: String| {
                let mut f = base(id, col, message, cell);
                f.period = Some(period_id.clone());
                out.findings.push(f);
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
                            "DQ016",
                            format!(
                                "{} is a percentage, but {what} is given as {}, which could mean {}% or {}%.",
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
                        "DQ010",
                        format!(
                            "The {what} for {} is '{}', which is not a number.",
                            indicator.code,
                            cell.display()
                        ),
                    );
                    (None, false)
                }
                Parsed::Invalid(Problem::ErrorCell(e)) => {
                    push(
                        "DQ013",
                        format!(
                            "The {what} for {} is the Excel error {e}, not a number.",
                            indicator.code
                        ),
                    );
                    (None, false)
                }
                Parsed::Invalid(Problem::FormulaNoValue(f)) => {
                    push(
                        "DQ014",
                        format!("The {what} for {} is the formula ={f}, but the file holds no result for it (it was never calculated and saved).", indicator.code),
                    );
                    (None, false)
                }
            }
        };
        let (value, value_ok) = number(Some(h.value), "value", true, out);
        let (numerator, _) = number(h.numerator, "numerator", false, out);
        let (denominator, _) = number(h.denominator, "denominator", false, out);
        let (target, _) = number(h.target, "target", false, out);
        let (forecast, _) = number(h.forecast, "forecast", true, out);
        if !value_ok {
            out.unusable.insert((indicator.key.clone(), period));
        }
        out.observations.push(Observation {
            code: indicator.key.clone(),
            directorate: out.directorate.clone().unwrap_or_default(),
            period,
            value,
            value_seen: sheet.get(row, h.value).display(),
            numerator,
            denominator,
            target,
            forecast,
            commentary: text_of(sheet, row, h.commentary),
            data_note,
            source: Source {
                file: file.to_string(),
                sheet: sheet.name.clone(),
                row,
                col: h.value,
            },
        });
    }
}

fn trim(n: f64) -> String {
    let s = format!("{n:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
