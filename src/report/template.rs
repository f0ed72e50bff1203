//! Blank returns made by `ipr template`, and the council's `templates` folder.
//!
//! A return template is laid out so the ordinary long-layout reader reads it:
//! `Directorate:` and `Period:` labelled cells above a header row of `Code`,
//! `Indicator`, `Unit`, `Actual`, `Target`, `Forecast`, `Numerator`,
//! `Denominator`, `Commentary`, `Data Note`. Register facts are locked; input
//! cells are unlocked and validated; the sheet is protected without a password
//! (Review > Unprotect Sheet). A very hidden `ipr_metadata` sheet says exactly
//! what the file is.

use super::forms::FormStyle;
use super::props::properties;
use super::text::{fit, looks_like_formula, number_words, MAX_CELL_TEXT};
use super::{ReportError, ReportErrorKind};
use crate::assess::target_for_period;
use crate::metadata;
use crate::model::Observation;
use crate::period::{period_words, Calendar, Period};
use crate::register::{normalise_code, same_directorate, Indicator, Register, Unit};
use rust_xlsxwriter::{
    ColNum, Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format,
    FormatAlign, FormatBorder, ProtectionOptions, RowNum, Workbook, Worksheet, XlsxError,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

// Here as well as in `names`, so that paths outside `report` keep working.
pub use super::names::{file_safe, METADATA_SHEET};

/// Version of the return-template layout (`template_version` in `ipr_metadata`).
pub const TEMPLATE_VERSION: &str = "1";
/// The built-in `instructions.txt`.
pub const BUILTIN_INSTRUCTIONS: &str = include_str!("../../templates/instructions.txt");
/// The built-in `templates/README.md` (copied by `ipr init`).
pub const BUILTIN_README: &str = include_str!("../../templates/README.md");
/// Name of the return sheet in a template.
pub const RETURN_SHEET: &str = "Return";
/// The most of a templates file that is read: they are a few KB.
const MAX_TEMPLATE_BYTES: u64 = 16 * 1024 * 1024;
/// Values of earlier periods shown for context.
const HISTORY_COLUMNS: usize = 3;

/// A templates file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the template file {} could not be used: {message}", .file.display())]
pub struct TemplateError {
    /// The file.
    pub file: PathBuf,
    /// What is wrong, in plain English.
    pub message: String,
}

/// What ipr fills in: the return's instructions and the remedial-action form's style.
#[derive(Debug, Clone, PartialEq)]
pub struct Templates {
    /// Text of the Instructions sheet, with `{placeholders}`.
    pub instructions: String,
    /// The remedial-action form.
    pub form: FormStyle,
    /// Where each came from (a file path, or "built in"), for messages.
    pub origin: Vec<String>,
}

impl Templates {
    /// The copies compiled into ipr.
    pub fn builtin() -> Result<Templates, TemplateError> {
        Templates::load(None)
    }

    /// Reads `instructions.txt` and `remedial-form.toml` from `dir` where they
    /// exist there, and uses the built-in copies for the rest.
    pub fn load(dir: Option<&Path>) -> Result<Templates, TemplateError> {
        let read = |name: &str| -> Result<Option<(PathBuf, String)>, TemplateError> {
            let Some(dir) = dir else { return Ok(None) };
            let path = dir.join(name);
            if std::fs::symlink_metadata(&path).is_err() {
                return Ok(None);
            }
            // A pipe or a device in its place is refused, never waited on.
            crate::infile::read_text_capped(&path, MAX_TEMPLATE_BYTES)
                .map(|t| Some((path.clone(), t)))
                .map_err(|e| TemplateError {
                    file: path,
                    message: format!("it could not be read as text: {e}"),
                })
        };
        let mut origin = Vec::new();
        let instructions = match read("instructions.txt")? {
            Some((p, t)) => {
                origin.push(p.display().to_string());
                t
            }
            None => BUILTIN_INSTRUCTIONS.to_string(),
        };
        let form = match read("remedial-form.toml")? {
            Some((p, t)) => {
                let style = FormStyle::from_toml(Some(&t)).map_err(|e| TemplateError {
                    file: p.clone(),
                    message: e.to_string(),
                })?;
                origin.push(p.display().to_string());
                style
            }
            None => FormStyle::from_toml(None).map_err(|e| TemplateError {
                file: PathBuf::from("remedial-form.toml (built in)"),
                message: e.to_string(),
            })?,
        };
        if origin.is_empty() {
            origin.push("built in".into());
        }
        Ok(Templates {
            instructions,
            form,
            origin,
        })
    }
}

/// Whether an indicator is due in `period` (its own period if so).
fn due(ind: &Indicator, period: Period, cal: Calendar) -> Option<Period> {
    cal.for_frequency(period, ind.frequency)
}

/// The indicators of `directorate` due in `period`, in register order.
pub fn indicators_due<'a>(
    register: &'a Register,
    directorate: &str,
    period: Period,
    cal: Calendar,
) -> Vec<(&'a Indicator, Period)> {
    register
        .indicators
        .iter()
        .filter(|i| same_directorate(&i.directorate, directorate))
        .filter_map(|i| due(i, period, cal).map(|p| (i, p)))
        .collect()
}

/// What the Unit column says.
fn unit_words(u: Unit) -> &'static str {
    match u {
        Unit::Number => "number",
        Unit::Percent => "percent (0 to 100)",
        Unit::Currency => "£",
        Unit::Days => "days",
        Unit::Count => "count",
        Unit::Rate => "rate",
        Unit::Ratio => "ratio",
    }
}

fn num_words(v: f64) -> String {
    number_words(v, None)
}

/// The valid range of an indicator's value, as the register sets it.
/// Counts are whole numbers and never negative.
struct Range {
    whole: bool,
    min: Option<f64>,
    max: Option<f64>,
}

fn range_of(ind: &Indicator) -> Range {
    let whole = ind.unit == Unit::Count;
    let min = if whole {
        Some(ind.min.unwrap_or(0.0).max(0.0))
    } else {
        ind.min
    };
    Range {
        whole,
        min: min.filter(|v| v.is_finite()),
        max: ind.max.filter(|v| v.is_finite()),
    }
}

impl Range {
    fn words(&self) -> String {
        let kind = if self.whole {
            "a whole number"
        } else {
            "a number"
        };
        match (self.min, self.max) {
            (Some(lo), Some(hi)) => {
                format!("{kind} from {} to {}", num_words(lo), num_words(hi))
            }
            (Some(lo), None) => format!("{kind}, {} or more", num_words(lo)),
            (None, Some(hi)) => format!("{kind}, {} or less", num_words(hi)),
            (None, None) => kind.to_string(),
        }
    }

    fn validation(&self) -> DataValidation {
        let clamp = |v: f64| v.clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32;
        if self.whole {
            let rule = match (self.min, self.max) {
                (Some(lo), Some(hi)) => {
                    DataValidationRule::Between(clamp(lo.ceil()), clamp(hi.floor()))
                }
                (Some(lo), None) => DataValidationRule::GreaterThanOrEqualTo(clamp(lo.ceil())),
                (None, Some(hi)) => DataValidationRule::LessThanOrEqualTo(clamp(hi.floor())),
                (None, None) => DataValidationRule::Between(i32::MIN, i32::MAX),
            };
            DataValidation::new().allow_whole_number(rule)
        } else {
            // Excel's decimal rule needs some bound; 1e15 is beyond any council figure.
            const BIG: f64 = 1e15;
            let rule = match (self.min, self.max) {
                (Some(lo), Some(hi)) => DataValidationRule::Between(lo, hi),
                (Some(lo), None) => DataValidationRule::GreaterThanOrEqualTo(lo),
                (None, Some(hi)) => DataValidationRule::LessThanOrEqualTo(hi),
                (None, None) => DataValidationRule::Between(-BIG, BIG),
            };
            DataValidation::new().allow_decimal_number(rule)
        }
    }
}

/// A validation with plain-English input and error messages.
fn validation_for(
    ind: &Indicator,
    what: &str,
    period_id: &str,
) -> Result<DataValidation, XlsxError> {
    let range = range_of(ind);
    let percent = if ind.unit == Unit::Percent {
        " Type 85 for 85%, not 0.85."
    } else {
        ""
    };
    let input = format!(
        "{what} for {period_id}: {}.{percent} Leave it blank if you have no figure and say why in Commentary.",
        range.words()
    );
    let error = format!(
        "{} needs {}.{percent} If you have no figure, leave the cell blank and explain in Commentary.",
        ind.code,
        range.words()
    );
    range
        .validation()
        .set_input_title(fit(&format!("{} {what}", ind.code), 32))?
        .set_input_message(fit(&input, 255))?
        .set_error_title("Not a valid figure")?
        .set_error_message(fit(&error, 255))
}

/// Styles of the return template.
struct Styles {
    title: Format,
    note: Format,
    label: Format,
    header: Format,
    locked: Format,
    locked_wrap: Format,
    /// Locked numbers at 0 to 10 decimal places; General past the last.
    locked_num: Vec<Format>,
    input_num: Format,
    input_text: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        let locked = cell.clone().set_background_color(Color::RGB(0xF2F2F2));
        let input = cell
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFF2CC));
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new().set_italic(),
            label: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border(FormatBorder::Thin),
            locked_wrap: locked.clone().set_text_wrap(),
            // At the indicator's decimals: a pro-rata 303.333... shows as
            // 303.3, not as ### in a format of ten optional places.
            locked_num: (0..=10)
                .map(|d| {
                    let fmt = if d == 0 {
                        "#,##0".to_string()
                    } else {
                        format!("#,##0.{}", "0".repeat(d))
                    };
                    locked.clone().set_num_format(fmt)
                })
                .chain(std::iter::once(locked.clone()))
                .collect(),
            locked,
            // General, never a percent format: typing 85 must store 85.
            input_num: input.clone(),
            input_text: input.set_text_wrap().set_num_format("@"),
        }
    }
}

impl Styles {
    /// The locked number format for an indicator: its decimals, General if none.
    fn num(&self, ind: &Indicator) -> &Format {
        let k = ind.decimals.map_or(11, |d| (d as usize).min(10));
        &self.locked_num[k.min(self.locked_num.len() - 1)]
    }
}

fn locked_text(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    s: &str,
    fmt: &Format,
) -> Result<(), XlsxError> {
    let s = fit(s, MAX_CELL_TEXT);
    let fmt = if looks_like_formula(s) {
        fmt.clone().set_quote_prefix()
    } else {
        fmt.clone()
    };
    ws.write_string_with_format(row, col, s, &fmt)?;
    Ok(())
}

/// An earlier value shown on a template, and whether it was given twice with
/// different figures (then it is marked, not shown as fact).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Earlier {
    /// The value of the first file that gave one.
    pub value: f64,
    /// Another file gave a different value for the same indicator and period.
    pub conflicting: bool,
}

/// Earlier values of each indicator, newest first, from returns given as history:
/// `(code key, period) -> value`. Where a period was given twice the first file
/// wins, marked as conflicting when the other differs.
pub fn history_index(history: &[Observation]) -> BTreeMap<(String, Period), Earlier> {
    let mut out: BTreeMap<(String, Period), Earlier> = BTreeMap::new();
    for o in history {
        if let Some(v) = o.value.filter(|v| v.is_finite()) {
            out.entry((normalise_code(&o.code), o.period))
                .and_modify(|e| e.conflicting |= e.value != v)
                .or_insert(Earlier {
                    value: v,
                    conflicting: false,
                });
        }
    }
    out
}

/// An earlier value in words when it is doubtful: given twice with different
/// figures, or outside the indicator's valid range (an error when it was read).
fn doubt(ind: &Indicator, e: &Earlier) -> Option<String> {
    let v = num_words(e.value);
    if e.conflicting {
        return Some(format!("{v}? (two values given)"));
    }
    let below = ind.min.is_some_and(|m| e.value < m);
    let above = ind.max.is_some_and(|m| e.value > m);
    (below || above).then(|| format!("{v}? (out of range)"))
}

/// Column positions of the Return sheet (0-based).
mod col {
    pub const CODE: u16 = 0;
    pub const INDICATOR: u16 = 1;
    pub const UNIT: u16 = 2;
    pub const ACTUAL: u16 = 3;
    pub const TARGET: u16 = 4;
    pub const FORECAST: u16 = 5;
    pub const NUMERATOR: u16 = 6;
    pub const DENOMINATOR: u16 = 7;
    pub const COMMENTARY: u16 = 8;
    pub const DATA_NOTE: u16 = 9;
    pub const DUE_FOR: u16 = 10;
    pub const ANNUAL_TARGET: u16 = 11;
    pub const VALID: u16 = 12;
    pub const DEFINITION: u16 = 13;
    pub const HISTORY: u16 = 14;
}

/// Row of the header (0-based): row 6 as Excel numbers it.
pub const HEADER_ROW: RowNum = 5;

/// The Instructions text with its placeholders filled in.
pub fn instructions_text(
    templates: &Templates,
    directorate: &str,
    period: Period,
    cal: Calendar,
    count: usize,
) -> String {
    let id = cal.id(period);
    templates
        .instructions
        .replace("{directorate}", directorate)
        .replace("{period_name}", &period_words(period, &id))
        .replace("{period}", &id)
        .replace("{count}", &count.to_string())
        .replace("{file}", &template_file_name(directorate, &id))
        .replace("{version}", env!("CARGO_PKG_VERSION"))
}

/// `<Directorate>-<period>.xlsx`, made file-safe: `Adults-and-Health-2026-09.xlsx`.
pub fn template_file_name(directorate: &str, period_id: &str) -> String {
    format!(
        "{}-{}.xlsx",
        super::names::file_safe_fitted(directorate),
        file_safe(period_id)
    )
}

/// One directorate's blank return for `period` as bytes (identical inputs give
/// identical bytes). `history` gives the values shown for context.
pub fn return_template_bytes(
    register: &Register,
    directorate: &str,
    period: Period,
    cal: Calendar,
    history: &BTreeMap<(String, Period), Earlier>,
    templates: &Templates,
) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let id = cal.id(period);
    let due = indicators_due(register, directorate, period, cal);
    let mut wb = Workbook::new();
    wb.set_properties(&properties(
        format!("Performance return {directorate} {id}"),
        env!("CARGO_PKG_VERSION"),
        period,
        cal,
    ));

    let ws = wb.add_worksheet();
    ws.set_name(RETURN_SHEET)?;
    locked_text(
        ws,
        0,
        0,
        &format!(
            "Performance return: {directorate}, {}",
            period_words(period, &id)
        ),
        &st.title,
    )?;
    ws.write_string_with_format(
        1,
        0,
        "Type your figures in the yellow cells. The Instructions sheet says how.",
        &st.note,
    )?;
    ws.write_string_with_format(2, 0, "Directorate:", &st.label)?;
    locked_text(ws, 2, 1, directorate, &Format::new())?;
    ws.write_string_with_format(3, 0, "Period:", &st.label)?;
    ws.write_string(3, 1, &id)?;

    let mut headers: Vec<(&str, f64)> = vec![
        ("Code", 10.0),
        ("Indicator", 40.0),
        ("Unit", 12.0),
        ("Actual", 12.0),
        ("Target", 12.0),
        ("Forecast", 12.0),
        ("Numerator", 12.0),
        ("Denominator", 12.0),
        ("Commentary", 45.0),
        ("Data Note", 30.0),
        ("Due for", 11.0),
        ("Annual target", 12.0),
        ("Valid values", 22.0),
        ("Definition", 50.0),
    ];
    let with_history = !history.is_empty();
    if with_history {
        headers.extend([
            ("Last period", 12.0),
            ("2 periods ago", 12.0),
            ("3 periods ago", 12.0),
        ]);
        ws.write_string_with_format(
            HEADER_ROW - 1,
            col::HISTORY,
            "Earlier values (for reference)",
            &st.note,
        )?;
    }
    for (c, (name, width)) in headers.iter().enumerate() {
        let c = c as ColNum;
        ws.write_string_with_format(HEADER_ROW, c, *name, &st.header)?;
        ws.set_column_width(c, *width)?;
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 2)?;

    let ratio = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title("Numerator or denominator")?
        .set_input_message(
            "The two figures the value is worked out from, e.g. 850 and 1,000 for 85%. Leave blank if the indicator is not a ratio.",
        )?
        .set_error_title("Not a valid figure")?
        .set_error_message("Type a number, 0 or more.")?;
    let text_help = |title: &str, msg: &str| -> Result<DataValidation, XlsxError> {
        DataValidation::new()
            .allow_any_value()
            .set_input_title(title)?
            .set_input_message(msg)
    };
    for (i, (ind, own_period)) in due.iter().enumerate() {
        let row = HEADER_ROW + 1 + RowNum::try_from(i).unwrap_or(RowNum::MAX - HEADER_ROW - 1);
        let own_id = cal.id(*own_period);
        locked_text(ws, row, col::CODE, &ind.code, &st.locked)?;
        locked_text(ws, row, col::INDICATOR, &ind.title, &st.locked_wrap)?;
        // Tall enough for the wrapped title, range and definition: a row left at
        // the default height lets them run under the next one in LibreOffice.
        let width = |c: ColNum| headers.get(c as usize).map_or(10.0, |h| h.1);
        let lines = [
            (ind.title.as_str(), col::INDICATOR),
            (&range_of(ind).words(), col::VALID),
            (ind.definition.as_deref().unwrap_or(""), col::DEFINITION),
        ]
        .iter()
        .map(|(text, c)| super::workbook::wrapped_lines(text, width(*c)))
        .max()
        .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(row, 15.0 * f64::from(lines.min(27)))?;
        }
        ws.write_string_with_format(row, col::UNIT, unit_words(ind.unit), &st.locked)?;
        ws.write_blank(row, col::ACTUAL, &st.input_num)?;
        ws.add_data_validation(
            row,
            col::ACTUAL,
            row,
            col::ACTUAL,
            &validation_for(ind, "Actual", &own_id)?,
        )?;
        let (target, _) = target_for_period(ind, register, *own_period, cal);
        match target.filter(|t| t.is_finite()) {
            // The register's target is the one assessed against: shown, not typed.
            Some(t) => {
                ws.write_number_with_format(row, col::TARGET, t, st.num(ind))?;
            }
            None => {
                ws.write_blank(row, col::TARGET, &st.input_num)?;
                ws.add_data_validation(
                    row,
                    col::TARGET,
                    row,
                    col::TARGET,
                    &validation_for(ind, "Target", &own_id)?,
                )?;
            }
        }
        ws.write_blank(row, col::FORECAST, &st.input_num)?;
        ws.add_data_validation(
            row,
            col::FORECAST,
            row,
            col::FORECAST,
            &validation_for(ind, "Year-end forecast", &own_id)?,
        )?;
        ws.write_blank(row, col::NUMERATOR, &st.input_num)?;
        ws.write_blank(row, col::DENOMINATOR, &st.input_num)?;
        ws.write_blank(row, col::COMMENTARY, &st.input_text)?;
        ws.write_blank(row, col::DATA_NOTE, &st.input_text)?;
        ws.write_string_with_format(row, col::DUE_FOR, &own_id, &st.locked)?;
        match ind.annual_target.filter(|t| t.is_finite()) {
            Some(t) => ws.write_number_with_format(row, col::ANNUAL_TARGET, t, st.num(ind))?,
            None => ws.write_blank(row, col::ANNUAL_TARGET, &st.locked)?,
        };
        ws.write_string_with_format(row, col::VALID, range_of(ind).words(), &st.locked_wrap)?;
        locked_text(
            ws,
            row,
            col::DEFINITION,
            ind.definition.as_deref().unwrap_or(""),
            &st.locked_wrap,
        )?;
        if with_history {
            let mut p = *own_period;
            for k in 0..HISTORY_COLUMNS {
                p = p.previous();
                let c = col::HISTORY + k as ColNum;
                match history.get(&(ind.key.clone(), p)) {
                    Some(e) => match doubt(ind, e) {
                        Some(words) => {
                            ws.write_string_with_format(row, c, words, &st.locked_wrap)?
                        }
                        None => ws.write_number_with_format(row, c, e.value, st.num(ind))?,
                    },
                    None => ws.write_blank(row, c, &st.locked)?,
                };
            }
        }
    }
    if let Some(last) = (!due.is_empty()).then(|| HEADER_ROW + due.len() as RowNum) {
        let first = HEADER_ROW + 1;
        ws.add_data_validation(first, col::NUMERATOR, last, col::DENOMINATOR, &ratio)?;
        ws.add_data_validation(
            first,
            col::COMMENTARY,
            last,
            col::COMMENTARY,
            &text_help(
                "Commentary",
                "Why the figure is what it is, and what is being done if it is off target.",
            )?,
        )?;
        ws.add_data_validation(
            first,
            col::DATA_NOTE,
            last,
            col::DATA_NOTE,
            &text_help(
                "Data Note",
                "If ipr check warns about a figure that is right, say here why it is right.",
            )?
            .set_error_style(DataValidationErrorStyle::Information),
        )?;
    }
    // No password: users must never be locked out of their own data.
    let mut options = ProtectionOptions::new();
    options.format_columns = true;
    options.format_rows = true;
    ws.protect_with_options(&options);
    // A4, the heading row on every page, and only the columns from the left
    // that print at 7 pt or more: the same rule as the consolidated workbook.
    let widths: Vec<f64> = headers.iter().map(|(_, w)| *w).collect();
    super::workbook::print_setup(ws, Some(HEADER_ROW), &widths)?;

    super::template_actions::actions_sheet(&mut wb, register, directorate, period, cal)?;
    let text = instructions_text(templates, directorate, period, cal, due.len());
    let ins = wb.add_worksheet();
    ins.set_name("Instructions")?;
    // Narrow enough for A4 upright at full size in Excel and in LibreOffice
    // (whose fit-to-width is not relied on here).
    ins.set_column_width(0, 76)?;
    // On one page wide of A4, each wrapped line in a row tall enough for it.
    ins.set_paper_size(9);
    ins.set_portrait();
    ins.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    ins.set_print_fit_to_pages(1, 0);
    let heading = Format::new().set_bold().set_font_size(13);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (i, line) in text.lines().enumerate() {
        let row = RowNum::try_from(i).unwrap_or(RowNum::MAX);
        match line.strip_prefix("# ") {
            Some(h) => locked_text(ins, row, 0, h, &heading)?,
            None if line.trim().is_empty() => {}
            None => {
                locked_text(ins, row, 0, line, &wrap)?;
                let lines = super::workbook::wrapped_lines(line, 76.0);
                if lines > 1 {
                    ins.set_row_height(row, 15.0 * f64::from(lines.min(27)))?;
                }
            }
        }
    }
    ins.protect();

    let meta = wb.add_worksheet();
    meta.set_name(METADATA_SHEET)?;
    let rows = [
        (metadata::TEMPLATE_VERSION, TEMPLATE_VERSION.to_string()),
        (metadata::DIRECTORATE, directorate.to_string()),
        (metadata::PERIOD, id.clone()),
        (metadata::REGISTER_SHA256, register.sha256.clone()),
        (metadata::SHEET_NAME, RETURN_SHEET.to_string()),
        (metadata::HEADER_ROW, (HEADER_ROW + 1).to_string()),
        (metadata::IPR_VERSION, env!("CARGO_PKG_VERSION").to_string()),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        meta.write_string(i as RowNum, 0, *k)?;
        meta.write_string(i as RowNum, 1, fit(v, MAX_CELL_TEXT))?;
    }
    meta.protect();
    meta.set_very_hidden(true);
    embedded_register(&mut wb, register, directorate, cal)?;
    super::template_actions::embedded_plan(&mut wb, register, directorate)?;
    wb.save_to_buffer()
}

/// The register rows and profiled targets of `directorate`'s indicators, on two
/// very hidden sheets, in the register's own columns: `ipr check FILE` reads
/// them when no register is given, so a directorate officer can check a
/// return wherever it is (`register::embedded`).
fn embedded_register(
    wb: &mut Workbook,
    register: &Register,
    directorate: &str,
    cal: Calendar,
) -> Result<(), XlsxError> {
    let word = |v: serde_json::Result<serde_json::Value>| {
        v.ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    let ws = wb.add_worksheet();
    ws.set_name(crate::metadata::REGISTER_SHEET)?;
    let head = [
        "Code",
        "Title",
        "Directorate",
        "Owner",
        "Unit",
        "Polarity",
        "Frequency",
        "Measure",
        "Annual Target",
        "Tolerance",
        "Min",
        "Max",
        "Multiplier",
        "Decimals",
        "Required",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(0, c as ColNum, *h)?;
    }
    let mine: Vec<&Indicator> = register
        .indicators
        .iter()
        .filter(|i| same_directorate(&i.directorate, directorate))
        .collect();
    for (r, d) in mine.iter().enumerate() {
        let row = r as RowNum + 1;
        ws.write_string(row, 0, fit(&d.code, MAX_CELL_TEXT))?;
        ws.write_string(row, 1, fit(&d.title, MAX_CELL_TEXT))?;
        ws.write_string(row, 2, fit(&d.directorate, MAX_CELL_TEXT))?;
        ws.write_string(row, 3, fit(d.owner.as_deref().unwrap_or(""), MAX_CELL_TEXT))?;
        ws.write_string(row, 4, word(serde_json::to_value(d.unit)))?;
        ws.write_string(row, 5, word(serde_json::to_value(d.polarity)))?;
        ws.write_string(row, 6, word(serde_json::to_value(d.frequency)))?;
        ws.write_string(row, 7, word(serde_json::to_value(d.measure)))?;
        if let Some(t) = d.annual_target.filter(|t| t.is_finite()) {
            ws.write_number(row, 8, t)?;
        }
        // As "5%": a bare 0.05 is refused by the register reader as ambiguous.
        ws.write_string(row, 9, format!("{}%", d.tolerance * 100.0))?;
        for (c, v) in [(10, d.min), (11, d.max), (12, d.multiplier)] {
            match v.filter(|v| v.is_finite()) {
                Some(v) => ws.write_number(row, c, v)?,
                // No multiplier is written "none"; no bound is left blank.
                None if c == 12 => ws.write_string(row, c, "none")?,
                None => ws,
            };
        }
        if let Some(dp) = d.decimals {
            ws.write_number(row, 13, f64::from(dp))?;
        }
        ws.write_string(row, 14, if d.required { "yes" } else { "no" })?;
    }
    ws.set_very_hidden(true);

    let ts = wb.add_worksheet();
    ts.set_name(crate::metadata::TARGETS_SHEET)?;
    for (c, h) in ["Code", "Period", "Target"].iter().enumerate() {
        ts.write_string(0, c as ColNum, *h)?;
    }
    let mut row: RowNum = 1;
    for d in &mine {
        for ((key, period), t) in register.targets.iter() {
            if key == &d.key && t.is_finite() {
                ts.write_string(row, 0, fit(&d.code, MAX_CELL_TEXT))?;
                ts.write_string(row, 1, cal.id(*period))?;
                ts.write_number(row, 2, *t)?;
                row += 1;
            }
        }
    }
    ts.set_very_hidden(true);
    Ok(())
}

/// What [`write_return_templates`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplatesWritten {
    /// Templates written.
    pub written: Vec<PathBuf>,
    /// Files that already existed and were left alone (they may hold typed figures).
    pub kept: Vec<PathBuf>,
    /// Directorates with nothing due in the period (no template made).
    pub nothing_due: Vec<String>,
}

/// Writes one blank return per directorate into `out` (which must exist),
/// never overwriting a file already there, all or nothing: every template is
/// built and written under a temporary name before any is put in place
/// ([`super::publish::add_all`]).
pub fn write_return_templates(
    register: &Register,
    period: Period,
    cal: Calendar,
    history: &BTreeMap<(String, Period), Earlier>,
    templates: &Templates,
    out: &Path,
) -> Result<TemplatesWritten, super::publish::PublishError> {
    let mut done = TemplatesWritten::default();
    let mut files = Vec::new();
    for d in register.directorates() {
        if indicators_due(register, &d, period, cal).is_empty() {
            done.nothing_due.push(d);
            continue;
        }
        let path = out.join(template_file_name(&d, &cal.id(period)));
        if path.exists() {
            done.kept.push(path);
            continue;
        }
        let bytes = return_template_bytes(register, &d, period, cal, history, templates)
            .map_err(|e| ReportError::new(&path, ReportErrorKind::Workbook(e)))?;
        files.push((path, bytes));
    }
    let added = super::publish::add_all(files)?;
    done.written = added.written;
    done.kept.extend(added.kept);
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_safe_names() {
        assert_eq!(file_safe("Adults and Health"), "Adults-and-Health");
        assert_eq!(file_safe("2026/27-Q2"), "2026-27-Q2");
        assert_eq!(file_safe(" Place: Roads / Parks? "), "Place-Roads-Parks");
        assert_eq!(file_safe("NI 135"), "NI-135");
        assert_eq!(file_safe("///"), "unnamed");
        assert_eq!(
            template_file_name("Economy and Place", "2026-09"),
            "Economy-and-Place-2026-09.xlsx"
        );
    }

    #[test]
    fn builtin_templates_load_and_fill() {
        let t = Templates::builtin().unwrap();
        let text = instructions_text(
            &t,
            "Resources",
            Period::month(2026, 9),
            Calendar::default(),
            7,
        );
        assert!(text.contains("Performance return for Resources: September 2026"));
        assert!(text.contains("the 7 indicators due"));
        assert!(text.contains("ipr check \"Resources-2026-09.xlsx\""));
        assert!(!text.contains('{'), "{text}");
    }

    #[test]
    fn a_council_folder_overrides_only_what_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("instructions.txt"), "Hello {directorate}").unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        assert_eq!(t.instructions, "Hello {directorate}");
        assert_eq!(t.form, FormStyle::builtin().unwrap());
        std::fs::write(dir.path().join("remedial-form.toml"), "sheet = 7").unwrap();
        let e = Templates::load(Some(dir.path())).unwrap_err().to_string();
        assert!(e.contains("remedial-form.toml"), "{e}");
    }

    #[test]
    fn doubtful_earlier_values_are_marked() {
        let mut ind = crate::assess::target::tests::indicator("ASC-01");
        ind.min = Some(0.0);
        ind.max = Some(100.0);
        let fine = Earlier {
            value: 84.1,
            conflicting: false,
        };
        assert_eq!(doubt(&ind, &fine), None);
        let high = Earlier {
            value: 104.0,
            conflicting: false,
        };
        assert_eq!(doubt(&ind, &high).as_deref(), Some("104? (out of range)"));
        let twice = Earlier {
            value: 84.1,
            conflicting: true,
        };
        assert_eq!(
            doubt(&ind, &twice).as_deref(),
            Some("84.1? (two values given)")
        );
    }

    #[test]
    fn ranges_in_words() {
        let r = Range {
            whole: false,
            min: Some(0.0),
            max: Some(100.0),
        };
        assert_eq!(r.words(), "a number from 0 to 100");
        let r = Range {
            whole: true,
            min: Some(0.0),
            max: None,
        };
        assert_eq!(r.words(), "a whole number, 0 or more");
    }
}
