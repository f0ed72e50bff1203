//! One remedial-action form as a workbook: the form's sheet (what the
//! indicator is, the answers to give, its trend) and the hidden
//! `ipr_metadata` sheet that says where each answer is.

use super::{fill, number, text, FormFormats, FormStyle, FORM_VERSION};
use crate::cellref::a1;
use crate::metadata;
use crate::model::{Consolidation, IndicatorResult};
use crate::report::names::METADATA_SHEET;
use crate::report::props::properties;
use crate::report::text::{fit, MAX_CELL_TEXT};
use crate::report::{forecast_by, reasons_words};
use rust_xlsxwriter::{DataValidation, ProtectionOptions, RowNum, Workbook, Worksheet, XlsxError};

/// One remedial-action form as bytes. Identical inputs give identical bytes.
pub fn form_bytes(
    c: &Consolidation,
    r: &IndicatorResult,
    style: &FormStyle,
) -> Result<Vec<u8>, XlsxError> {
    let decimals = c.register.get(&r.code).and_then(|i| i.decimals);
    let f = FormFormats::new(style, decimals);
    let mut wb = Workbook::new();
    // A form is a dozen small parts: the fastest deflate level makes each about
    // 2 KB larger (10 KB) and saves nearly a third of the time of building them.
    wb.set_zip_compression_level(1);
    wb.set_properties(&properties(
        c.audience
            .named(format!("Remedial action report {} {}", r.code, c.period_id)),
        &c.version,
        c.period,
        c.calendar,
    ));
    let ws = wb.add_worksheet();
    ws.set_name(&style.sheet)?;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 80)?;
    ws.write_string_with_format(
        0,
        0,
        fit(&c.audience.named(fill(&style.title, c, r)), MAX_CELL_TEXT),
        &f.title,
    )?;
    ws.merge_range(
        1,
        0,
        1,
        1,
        fit(&fill(&style.intro, c, r), MAX_CELL_TEXT),
        &f.intro,
    )?;
    ws.set_row_height(1, 45)?;
    let row = facts(ws, 3, r, style, &f)?;
    let (row, cells) = answers(ws, row + 1, style, &f)?;
    trend(ws, row, r, style, &f)?;
    print_on_one_page(ws);
    metadata_sheet(&mut wb, c, r, style, cells)?;
    wb.save_to_buffer()
}

/// What the indicator is and how it stands, from row `row`; the row after.
fn facts(
    ws: &mut Worksheet,
    mut row: RowNum,
    r: &IndicatorResult,
    style: &FormStyle,
    f: &FormFormats,
) -> Result<RowNum, XlsxError> {
    ws.write_string_with_format(row, 0, &style.about_heading, &f.heading)?;
    ws.write_blank(row, 1, &f.heading)?;
    row += 1;
    for key in &style.facts {
        let label = match (key.as_str(), forecast_by(r.forecast_basis)) {
            // Whose the forecast is, in the words the workbook and page use.
            ("forecast", by) if r.forecast.is_some() && !by.is_empty() => {
                format!("{} ({by})", style.label(key))
            }
            _ => style.label(key),
        };
        ws.write_string_with_format(row, 0, label, &f.label)?;
        match key.as_str() {
            "code" => text(ws, row, &r.code, f)?,
            "title" => text(ws, row, &r.title, f)?,
            "directorate" => text(ws, row, &r.directorate, f)?,
            "owner" => text(ws, row, r.owner.as_deref().unwrap_or("Not given"), f)?,
            "period" => text(ws, row, &r.period, f)?,
            "actual" => number(ws, row, r.actual, f)?,
            "target" => number(ws, row, r.target, f)?,
            "forecast" => number(ws, row, r.forecast, f)?,
            "annual_target" => number(ws, row, r.annual_target, f)?,
            "rag" => text(ws, row, r.rag.word(), f)?,
            "reasons" => text(ws, row, &reasons_words(&r.reasons), f)?,
            "commentary" => text(ws, row, r.commentary.as_deref().unwrap_or("None"), f)?,
            _ => {}
        }
        row += 1;
    }
    Ok(row)
}

/// The answers to give, from row `row`, each unlocked with its help: the
/// row after, and each answer's metadata key and cell.
fn answers(
    ws: &mut Worksheet,
    mut row: RowNum,
    style: &FormStyle,
    f: &FormFormats,
) -> Result<(RowNum, Vec<(String, String)>), XlsxError> {
    ws.write_string_with_format(row, 0, &style.complete_heading, &f.heading)?;
    ws.write_blank(row, 1, &f.heading)?;
    row += 1;
    let cells = answer_fields(ws, row, style, f)?;
    row += cells.len() as RowNum;
    Ok((row, cells))
}

/// The indicator's recent values, below the answers.
fn trend(
    ws: &mut Worksheet,
    mut row: RowNum,
    r: &IndicatorResult,
    style: &FormStyle,
    f: &FormFormats,
) -> Result<(), XlsxError> {
    if r.trend.is_empty() {
        return Ok(());
    }
    row += 1;
    ws.write_string_with_format(row, 0, &style.trend_heading, &f.heading)?;
    ws.write_blank(row, 1, &f.heading)?;
    row += 1;
    for p in &r.trend {
        ws.write_string_with_format(row, 0, &p.period, &f.label)?;
        number(ws, row, p.value, f)?;
        row += 1;
    }
    Ok(())
}

/// Protected without a password, on one A4 page.
fn print_on_one_page(ws: &mut Worksheet) {
    // No password: the owner must never be locked out of their own form.
    let mut options = ProtectionOptions::new();
    options.format_columns = true;
    options.format_rows = true;
    ws.protect_with_options(&options);
    // One A4 page (SPEC section 12), upright: the form is two columns and
    // tall, so upright it prints larger than it would sideways.
    ws.set_paper_size(9);
    ws.set_portrait();
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 1);
}

/// The very hidden `ipr_metadata` sheet: what the form is, and where each
/// answer (`cells`) is, so a council may restyle the form freely.
fn metadata_sheet(
    wb: &mut Workbook,
    c: &Consolidation,
    r: &IndicatorResult,
    style: &FormStyle,
    cells: Vec<(String, String)>,
) -> Result<(), XlsxError> {
    let meta = wb.add_worksheet();
    meta.set_name(METADATA_SHEET)?;
    let mut rows: Vec<(String, String)> = vec![
        (metadata::FORM_VERSION.into(), FORM_VERSION.into()),
        (metadata::CODE.into(), r.code.clone()),
        (metadata::PERIOD.into(), c.period_id.clone()),
        (metadata::INDICATOR_PERIOD.into(), r.period.clone()),
        (metadata::DIRECTORATE.into(), r.directorate.clone()),
        (metadata::SHEET_NAME.into(), style.sheet.clone()),
        (metadata::IPR_VERSION.into(), c.version.clone()),
    ];
    rows.extend(cells);
    write_metadata(meta, &rows)
}

/// Writes a form's hidden metadata, a key and its value a row, and hides the
/// sheet from the owner; every kind of form is read back by these rows.
pub(in crate::report) fn write_metadata(
    meta: &mut Worksheet,
    rows: &[(String, String)],
) -> Result<(), XlsxError> {
    for (i, (k, v)) in rows.iter().enumerate() {
        let i = RowNum::try_from(i).unwrap_or(RowNum::MAX);
        meta.write_string(i, 0, k)?;
        meta.write_string(i, 1, fit(v, MAX_CELL_TEXT))?;
    }
    meta.protect();
    meta.set_very_hidden(true);
    Ok(())
}

/// The fields to complete from `row`, one a row, each with its help and
/// drop-down; gives each field's metadata key and cell. Every kind of form
/// (indicator, action, budget) asks for its answers this way.
pub(in crate::report) fn answer_fields(
    ws: &mut Worksheet,
    mut row: RowNum,
    style: &FormStyle,
    f: &FormFormats,
) -> Result<Vec<(String, String)>, XlsxError> {
    let mut cells = Vec::new();
    for key in &style.fields {
        ws.write_string_with_format(row, 0, style.label(key), &f.label)?;
        let fmt = if key == "back_on_target" {
            &f.input_date
        } else {
            &f.input
        };
        ws.write_blank(row, 1, fmt)?;
        // No fixed height: Excel grows the row as the owner types, and
        // LibreOffice sizes it to the answer on opening, so a long answer
        // prints whole (a fixed 90 pt cut one off after about 600 characters).
        let mut dv = if key == "status" {
            DataValidation::new()
                .allow_list_strings(&style.status.choices)?
                .set_error_title("Choose from the list")?
                .set_error_message(fit(
                    &format!("Choose one of: {}.", style.status.choices.join(", ")),
                    255,
                ))?
        } else {
            DataValidation::new().allow_any_value()
        };
        if let Some(help) = style.help.get(key).filter(|h| !h.trim().is_empty()) {
            dv = dv
                .set_input_title(fit(&style.label(key), 32))?
                .set_input_message(fit(help, 255))?;
        }
        ws.add_data_validation(row, 1, row, 1, &dv)?;
        cells.push((format!("{}{key}", metadata::FIELD_PREFIX), a1(row, 1)));
        row += 1;
    }
    Ok(cells)
}
