//! A remedial-action form whose facts are words, label by label: the form of
//! an action exception (SPEC section 13, `action_forms`) and the recovery
//! plan of a budget exception (section 16, `budget_forms`). Named and read
//! back as an indicator's form is (`<period>-<Ref>.xlsx`); the council's
//! `remedial-form.toml` gives the fields to complete, their labels, help,
//! colours and status choices, and the hidden metadata says what the form is
//! for (`subject`), so an answered form goes back to its own kind of
//! exception.

use super::forms::{answer_fields, write_metadata, FormFormats, FormStyle, FORM_VERSION};
use super::names::METADATA_SHEET;
use super::props::properties;
use super::text::{fit, looks_like_formula, MAX_CELL_TEXT};
use crate::metadata;
use crate::model::Consolidation;
use rust_xlsxwriter::{ProtectionOptions, RowNum, Workbook, Worksheet, XlsxError};

/// What one form says: its title, introduction and facts, and what its
/// hidden metadata records.
pub(super) struct FactsForm<'a> {
    /// The Ref of the action or budget line (the metadata's `code`).
    pub reference: &'a str,
    /// What the form is for (the metadata's `subject`: `action`, `budget`).
    pub subject: &'a str,
    /// The directorate that reports it.
    pub directorate: &'a str,
    /// The document's title in its properties.
    pub doc_title: String,
    /// The heading at the top of the sheet.
    pub title: String,
    /// The sentence under it.
    pub intro: String,
    /// The heading above the facts ("The action").
    pub heading: &'a str,
    /// Label and words of each fact, in order.
    pub facts: Vec<(&'static str, String)>,
}

fn text(ws: &mut Worksheet, row: RowNum, s: &str, f: &FormFormats) -> Result<(), XlsxError> {
    let s = fit(s, MAX_CELL_TEXT);
    let fmt = if looks_like_formula(s) {
        &f.text_q
    } else {
        &f.text
    };
    ws.write_string_with_format(row, 1, s, fmt)?;
    Ok(())
}

/// One form as bytes. Identical inputs give identical bytes.
pub(super) fn facts_form_bytes(
    c: &Consolidation,
    form: &FactsForm<'_>,
    style: &FormStyle,
) -> Result<Vec<u8>, XlsxError> {
    let f = FormFormats::new(style, None);
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(1);
    // The council named on every title, as on the indicators' forms.
    wb.set_properties(&properties(
        c.audience.named(form.doc_title.clone()),
        &c.version,
        c.period,
        c.calendar,
    ));
    let cells = {
        let ws = wb.add_worksheet();
        ws.set_name(&style.sheet)?;
        ws.set_column_width(0, 34)?;
        ws.set_column_width(1, 80)?;
        let title = c.audience.named(form.title.clone());
        ws.write_string_with_format(0, 0, fit(&title, MAX_CELL_TEXT), &f.title)?;
        ws.merge_range(1, 0, 1, 1, fit(&form.intro, MAX_CELL_TEXT), &f.intro)?;
        ws.set_row_height(1, 45)?;
        let mut row: RowNum = 3;
        ws.write_string_with_format(row, 0, form.heading, &f.heading)?;
        ws.write_blank(row, 1, &f.heading)?;
        row += 1;
        for (label, value) in &form.facts {
            ws.write_string_with_format(row, 0, *label, &f.label)?;
            text(ws, row, value, &f)?;
            row += 1;
        }
        row += 1;
        ws.write_string_with_format(row, 0, &style.complete_heading, &f.heading)?;
        ws.write_blank(row, 1, &f.heading)?;
        let cells = answer_fields(ws, row + 1, style, &f)?;
        // As an indicator's form: no password, one A4 page, upright.
        let mut options = ProtectionOptions::new();
        options.format_columns = true;
        options.format_rows = true;
        ws.protect_with_options(&options);
        ws.set_paper_size(9);
        ws.set_portrait();
        ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
        ws.set_print_fit_to_pages(1, 1);
        cells
    };
    let meta = wb.add_worksheet();
    meta.set_name(METADATA_SHEET)?;
    let mut rows: Vec<(String, String)> = vec![
        (metadata::FORM_VERSION.into(), FORM_VERSION.into()),
        (metadata::SUBJECT.into(), form.subject.into()),
        (metadata::CODE.into(), form.reference.into()),
        (metadata::PERIOD.into(), c.period_id.clone()),
        (metadata::DIRECTORATE.into(), form.directorate.into()),
        (metadata::SHEET_NAME.into(), style.sheet.clone()),
        (metadata::IPR_VERSION.into(), c.version.clone()),
    ];
    rows.extend(cells);
    write_metadata(meta, &rows)?;
    wb.save_to_buffer()
}
