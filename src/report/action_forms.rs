//! Remedial-action forms for action exceptions (SPEC section 13): one
//! workbook per action that is overdue, off track or slipped, named and read
//! back as an indicator's form is (`<period>-<Ref>.xlsx`), with the action's
//! facts in place of the figures. The council's `remedial-form.toml` gives
//! the fields to complete, their labels, help, colours and status choices.

use super::forms::{FormFormats, FormStyle, FORM_VERSION};
use super::names::METADATA_SHEET;
use super::props::properties;
use super::text::{fit, looks_like_formula, MAX_CELL_TEXT};
use crate::cellref::a1;
use crate::metadata;
use crate::model::{ActionReason, ActionResult, Consolidation};
use crate::period::date_words;
use rust_xlsxwriter::{DataValidation, ProtectionOptions, RowNum, Workbook, Worksheet, XlsxError};

/// The value of [`metadata::SUBJECT`] on an action's form.
pub const ACTION_SUBJECT: &str = "action";

/// An action's reasons in words, as the form and the console say them.
pub fn action_reasons_words(reasons: &[ActionReason]) -> String {
    let words: Vec<&str> = reasons
        .iter()
        .map(|r| match r {
            ActionReason::Overdue => "overdue",
            ActionReason::OffTrack => "off track",
            ActionReason::Slipped => "slipped past its due date",
        })
        .collect();
    words.join(", ")
}

/// The facts of an action, label and words, in the order the form shows them.
fn facts(c: &Consolidation, r: &ActionResult) -> Vec<(&'static str, String)> {
    let or_none = |s: Option<&str>| s.unwrap_or("Not given").to_string();
    let linked: Vec<String> = r
        .indicators
        .iter()
        .map(|l| match l.rag {
            Some(rag) => format!("{} ({})", l.code, rag.word()),
            None => l.code.clone(),
        })
        .collect();
    let mut out = vec![
        ("Ref", r.reference.clone()),
        ("Action", r.title.clone()),
        ("Plan", r.plan.clone()),
    ];
    if let Some(p) = &r.parent {
        out.push(("Milestone of", p.clone()));
    }
    out.extend([
        ("Directorate", r.directorate.clone()),
        ("Lead officer", or_none(r.lead.as_deref())),
        (
            "Period",
            crate::period::period_words(c.period, &c.period_id),
        ),
        (
            "Status",
            or_none(r.status.map(|s| s.word()).map(capitalised).as_deref()),
        ),
        (
            "% complete",
            r.percent_complete
                .map(|p| format!("{p}%"))
                .unwrap_or_else(|| "Not given".into()),
        ),
        (
            "Start",
            r.start
                .map(date_words)
                .unwrap_or_else(|| "Not given".into()),
        ),
        ("Due (as agreed)", date_words(r.due)),
        ("Due now", date_words(r.due_current)),
        ("Days slipped", r.slippage_days.to_string()),
        ("Times the date has moved", r.revisions.to_string()),
        ("RAG", rag_word(r.rag)),
        ("Why a report is needed", action_reasons_words(&r.reasons)),
        (
            "Linked indicators",
            if linked.is_empty() {
                "None".into()
            } else {
                linked.join(", ")
            },
        ),
        ("Commentary", or_none(r.commentary.as_deref())),
    ]);
    out
}

/// ipr's RAG of an action as the forms and sheets write a RAG: `Green`,
/// `Overdue`, `Not assessed`.
pub fn rag_word(rag: crate::model::ActionRag) -> String {
    capitalised(&rag.id().replace('-', " "))
}

/// A word as a sheet starts a cell: `in progress` as `In progress`.
pub(super) fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
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

/// The fields to complete, each with its help and drop-down; gives each
/// field's metadata key and cell.
fn fields(
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
        if matches!(key.as_str(), "reason" | "action") {
            ws.set_row_height(row, 90)?;
        }
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

/// One action's remedial-action form as bytes. Identical inputs give
/// identical bytes.
pub fn action_form_bytes(
    c: &Consolidation,
    r: &ActionResult,
    style: &FormStyle,
) -> Result<Vec<u8>, XlsxError> {
    let f = FormFormats::new(style, None);
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(1);
    wb.set_properties(&properties(
        c.audience.named(format!(
            "Remedial action report {} {}",
            r.reference, c.period_id
        )),
        &c.version,
        c.period,
        c.calendar,
    ));
    let cells = {
        let ws = wb.add_worksheet();
        ws.set_name(&style.sheet)?;
        ws.set_column_width(0, 34)?;
        ws.set_column_width(1, 80)?;
        let title = c.audience.named(format!(
            "Remedial action report: {} {}",
            r.reference, r.title
        ));
        ws.write_string_with_format(0, 0, fit(&title, MAX_CELL_TEXT), &f.title)?;
        let intro = format!(
            "This action of the {} needs a remedial-action report for {}. Please complete the yellow cells and return this file to the performance team. Do not rename the file.",
            r.plan,
            crate::period::period_words(c.period, &c.period_id)
        );
        ws.merge_range(1, 0, 1, 1, fit(&intro, MAX_CELL_TEXT), &f.intro)?;
        ws.set_row_height(1, 45)?;
        let mut row: RowNum = 3;
        ws.write_string_with_format(row, 0, "The action", &f.heading)?;
        ws.write_blank(row, 1, &f.heading)?;
        row += 1;
        for (label, value) in facts(c, r) {
            ws.write_string_with_format(row, 0, label, &f.label)?;
            text(ws, row, &value, &f)?;
            row += 1;
        }
        row += 1;
        ws.write_string_with_format(row, 0, &style.complete_heading, &f.heading)?;
        ws.write_blank(row, 1, &f.heading)?;
        let cells = fields(ws, row + 1, style, &f)?;
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
        (metadata::SUBJECT.into(), ACTION_SUBJECT.into()),
        (metadata::CODE.into(), r.reference.clone()),
        (metadata::PERIOD.into(), c.period_id.clone()),
        (metadata::DIRECTORATE.into(), r.directorate.clone()),
        (metadata::SHEET_NAME.into(), style.sheet.clone()),
        (metadata::IPR_VERSION.into(), c.version.clone()),
    ];
    rows.extend(cells);
    for (i, (k, v)) in rows.iter().enumerate() {
        let i = RowNum::try_from(i).unwrap_or(RowNum::MAX);
        meta.write_string(i, 0, k)?;
        meta.write_string(i, 1, fit(v, MAX_CELL_TEXT))?;
    }
    meta.protect();
    meta.set_very_hidden(true);
    wb.save_to_buffer()
}
