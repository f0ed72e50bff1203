//! The Return sheet of a blank return: the directorate's indicators due,
//! register facts locked, input cells unlocked and validated, earlier values
//! for reference, protected without a password and set to print on A4.

use super::{locked_text, Earlier, TemplateInput, HEADER_ROW, RETURN_SHEET};
use crate::model::{Due, Indicator, Unit};
use crate::period::Period;
use crate::report::text::fit;
use crate::report::workbook::{print_setup, wrapped_lines};
use rust_xlsxwriter::{
    ColNum, Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format,
    FormatAlign, FormatBorder, ProtectionOptions, RowNum, Worksheet, XlsxError,
};

/// Values of earlier periods shown for context.
const HISTORY_COLUMNS: usize = 3;

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
    crate::number::at_decimals(v, None)
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

/// The Return sheet's columns, each with its width.
fn headers(with_history: bool) -> Vec<(&'static str, f64)> {
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
    if with_history {
        headers.extend([
            ("Last period", 12.0),
            ("2 periods ago", 12.0),
            ("3 periods ago", 12.0),
        ]);
    }
    headers
}

/// Adds the Return sheet.
pub(super) fn add(
    wb: &mut rust_xlsxwriter::Workbook,
    x: &TemplateInput<'_>,
) -> Result<(), XlsxError> {
    let st = Styles::new();
    let ws = wb.add_worksheet();
    ws.set_name(RETURN_SHEET)?;
    heading(ws, x, &st)?;
    let with_history = !x.history.is_empty();
    let headers = headers(with_history);
    if with_history {
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
    for (i, due) in x.due.iter().enumerate() {
        let row = HEADER_ROW + 1 + RowNum::try_from(i).unwrap_or(RowNum::MAX - HEADER_ROW - 1);
        indicator_row(ws, x, &st, &headers, row, due)?;
    }
    column_help(ws, x.due.len())?;
    // No password: users must never be locked out of their own data.
    let mut options = ProtectionOptions::new();
    options.format_columns = true;
    options.format_rows = true;
    ws.protect_with_options(&options);
    // A4, the heading row on every page, and only the columns from the left
    // that print at 7 pt or more: the same rule as the consolidated workbook.
    let widths: Vec<f64> = headers.iter().map(|(_, w)| *w).collect();
    print_setup(ws, Some(HEADER_ROW), &widths)
}

/// The title, the note and the `Directorate:` and `Period:` cells the return
/// reader finds.
fn heading(ws: &mut Worksheet, x: &TemplateInput<'_>, st: &Styles) -> Result<(), XlsxError> {
    let title = x.templates.named(format!(
        "Performance return: {}, {}",
        x.directorate,
        crate::period::period_words(x.period, &x.id)
    ));
    locked_text(ws, 0, 0, &title, &st.title)?;
    ws.write_string_with_format(
        1,
        0,
        "Type your figures in the yellow cells. The Instructions sheet says how.",
        &st.note,
    )?;
    ws.write_string_with_format(2, 0, "Directorate:", &st.label)?;
    locked_text(ws, 2, 1, x.directorate, &Format::new())?;
    ws.write_string_with_format(3, 0, "Period:", &st.label)?;
    ws.write_string(3, 1, &x.id)?;
    Ok(())
}

/// One indicator's row: what it is, the cells to fill in, and what to go by.
fn indicator_row(
    ws: &mut Worksheet,
    x: &TemplateInput<'_>,
    st: &Styles,
    headers: &[(&str, f64)],
    row: RowNum,
    due: &Due<'_>,
) -> Result<(), XlsxError> {
    let (ind, own_period) = (due.indicator, due.period);
    let own_id = x.cal.id(own_period);
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
    .map(|(text, c)| wrapped_lines(text, width(*c)))
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
    match due.target.filter(|t| t.is_finite()) {
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
    for c in [col::NUMERATOR, col::DENOMINATOR] {
        ws.write_blank(row, c, &st.input_num)?;
    }
    for c in [col::COMMENTARY, col::DATA_NOTE] {
        ws.write_blank(row, c, &st.input_text)?;
    }
    reference_cells(ws, st, row, ind, &own_id)?;
    if !x.history.is_empty() {
        earlier_values(ws, x, st, row, ind, own_period)?;
    }
    Ok(())
}

/// What to go by: the period due, the annual target, the valid values and
/// the definition, locked.
fn reference_cells(
    ws: &mut Worksheet,
    st: &Styles,
    row: RowNum,
    ind: &Indicator,
    own_id: &str,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col::DUE_FOR, own_id, &st.locked)?;
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
    )
}

/// The indicator's values for the three periods before its own, for reference.
fn earlier_values(
    ws: &mut Worksheet,
    x: &TemplateInput<'_>,
    st: &Styles,
    row: RowNum,
    ind: &Indicator,
    own_period: Period,
) -> Result<(), XlsxError> {
    let mut p = own_period;
    for k in 0..HISTORY_COLUMNS {
        p = p.previous();
        let c = col::HISTORY + k as ColNum;
        match x.history.get(&(ind.key.clone(), p)) {
            Some(e) => match doubt(ind, e) {
                Some(words) => ws.write_string_with_format(row, c, words, &st.locked_wrap)?,
                None => ws.write_number_with_format(row, c, e.value, st.num(ind))?,
            },
            None => ws.write_blank(row, c, &st.locked)?,
        };
    }
    Ok(())
}

/// The help shown on the columns every row shares: numerator and
/// denominator, Commentary and Data Note.
fn column_help(ws: &mut Worksheet, rows: usize) -> Result<(), XlsxError> {
    if rows == 0 {
        return Ok(());
    }
    let (first, last) = (HEADER_ROW + 1, HEADER_ROW + rows as RowNum);
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::Earlier;
    use super::*;

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
