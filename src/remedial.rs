//! Completed remedial-action forms read back (from `<out>/remedial` and
//! `--actions DIR`) and attached to the consolidation. "Actions" elsewhere
//! means the action plans of SPEC section 13; here it is the forms' answers.
//!
//! A form is recognised by its hidden `ipr_metadata` sheet ([`crate::metadata`]),
//! which also says where each answer is, so a council may restyle the form freely.

use crate::cellref::parse_a1;
use crate::discover::{has_extension, Walker};
use crate::metadata;
use crate::model::{Consolidation, RemedialAction};
use crate::period::Period;
use crate::read::{read_book, CellValue, Limits, ReadError, Sheet};
use crate::text::normalise_code;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a workbook that says it is an ipr form could not be read as one.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    /// The workbook itself could not be read.
    #[error("{0}")]
    Unreadable(ReadError),
    /// The metadata names no indicator.
    #[error("its hidden ipr_metadata sheet has no indicator code")]
    NoCode,
    /// The metadata names no period.
    #[error("its hidden ipr_metadata sheet has no period")]
    NoPeriod,
    /// The sheet the answers are on is not there.
    #[error("the form's sheet has been renamed or deleted")]
    NoSheet,
}

/// Why a folder of forms (`<out>/remedial`, or `--actions DIR`) could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum RemedialError {
    /// The path is not a folder.
    #[error("the actions folder {} does not exist or is not a folder", .0.display())]
    NotAFolder(PathBuf),
    /// The folder, or a folder in it, could not be listed.
    #[error("the actions folder {} could not be read ({})", .0.display(), .1)]
    Unreadable(PathBuf, std::io::Error),
}

/// An answer as the owner wrote it: text trimmed, a date as `31 Mar 2027`, blank as `None`.
fn answer(sheet: &Sheet, row: u32, col: u32) -> Option<String> {
    let cell = sheet.get(row, col);
    let text = match &cell.value {
        CellValue::Date(d) => d.format("%-d %b %Y").to_string(),
        _ => cell.display(),
    };
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// Reads one completed remedial-action form. `Ok(None)` when the workbook is
/// not an ipr form (no `ipr_metadata` sheet with a `form_version`).
pub fn read_form(
    path: &Path,
    display: &str,
    limits: &Limits,
) -> Result<Option<RemedialAction>, FormError> {
    let book = read_book(path, display, limits).map_err(FormError::Unreadable)?;
    let Some(meta) = book.metadata() else {
        return Ok(None);
    };
    let get = |k: &str| meta.get(k).map(str::to_string);
    if get(metadata::FORM_VERSION).is_none() {
        return Ok(None);
    }
    let code = get(metadata::CODE).ok_or(FormError::NoCode)?;
    let period = get(metadata::PERIOD).ok_or(FormError::NoPeriod)?;
    let sheet = match meta.get(metadata::SHEET_NAME) {
        Some(name) => book.sheets.iter().find(|s| s.name == name),
        None => book.sheets.iter().find(|s| s.visible),
    }
    .ok_or(FormError::NoSheet)?;
    let field = |key: &str| {
        meta.field(key)
            .and_then(parse_a1)
            .and_then(|(r, c)| answer(sheet, r, c))
    };
    let status = field("status").map(|s| match s.to_lowercase().as_str() {
        "open" | "closed" => s.to_lowercase(),
        _ => s,
    });
    Ok(Some(RemedialAction {
        code,
        period,
        reason: field("reason"),
        action: field("action"),
        lead_officer: field("lead_officer"),
        back_on_target: field("back_on_target"),
        status,
        file: display.to_string(),
        for_action: meta.get(metadata::SUBJECT) == Some("action"),
    }))
}

/// The forms found in folders of completed forms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormsRead {
    /// Every ipr form read (blank ones too), sorted by file within each folder.
    pub forms: Vec<RemedialAction>,
    /// Files that could not be read, each with the reason.
    pub unreadable: Vec<(String, String)>,
    /// Workbooks that are not ipr forms (ignored).
    pub not_forms: Vec<String>,
}

/// File extensions a form may have, lower case.
const FORM_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "ods"];

/// Reads every remedial-action form in `dir` and its sub-folders. Fails only
/// when the folder itself, or a folder in it, cannot be read.
pub fn read_folder(dir: &Path, limits: &Limits) -> Result<FormsRead, RemedialError> {
    if !dir.is_dir() {
        return Err(RemedialError::NotAFolder(dir.to_path_buf()));
    }
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    Walker::new().walk(
        dir,
        &|p| has_extension(p, FORM_EXTENSIONS),
        &mut files,
        &mut errors,
    );
    if let Some((_, e)) = errors.into_iter().next() {
        return Err(RemedialError::Unreadable(dir.to_path_buf(), e));
    }
    let mut out = FormsRead::default();
    for f in files {
        let display = f.display().to_string();
        match read_form(&f, &display, limits) {
            Ok(Some(a)) => out.forms.push(a),
            Ok(None) => out.not_forms.push(display),
            Err(e) => out.unreadable.push((display, e.to_string())),
        }
    }
    Ok(out)
}

/// Attaches completed remedial-action forms (from `<out>/remedial` and
/// `--actions DIR`) to the consolidation.
///
/// Each exception gets the answered form for its indicator from this period,
/// or else from the latest earlier period (carried forward, its period shown).
/// An answered form for an indicator that is assessed this month and is not an
/// exception now is kept in `stale_remedial` (the latest per indicator), never
/// dropped; one whose indicator has no figure this month (not returned, or not
/// due) stays open, in `awaiting_figure` (SPEC section 10). Blank forms count
/// as not returned, and forms for periods after the one reported are ignored.
pub fn attach(c: &mut Consolidation, forms: Vec<RemedialAction>) {
    let (for_actions, forms): (Vec<_>, Vec<_>) = forms.into_iter().partition(|a| a.for_action);
    attach_to_actions(c, for_actions);
    let cal = c.calendar;
    let report = cal.end_month(c.period);
    // The latest answered form per indicator, by (period, file) so ties are stable.
    let mut latest: BTreeMap<String, (Period, RemedialAction)> = BTreeMap::new();
    for a in forms.into_iter().filter(|a| !a.is_blank()) {
        let Some(month) = cal.parse_id(&a.period).map(|p| cal.end_month(p)) else {
            continue;
        };
        if month > report {
            continue;
        }
        let key = normalise_code(&a.code);
        let newer = match latest.get(&key) {
            Some((m, old)) => (month, &a.file) > (*m, &old.file),
            None => true,
        };
        if newer {
            latest.insert(key, (month, a));
        }
    }
    c.remedial.clear();
    c.stale_remedial.clear();
    c.awaiting_figure.clear();
    for r in c.indicators.iter().filter(|r| r.exception) {
        if let Some((_, a)) = latest.remove(&normalise_code(&r.code)) {
            c.remedial.insert(r.code.clone(), a);
        }
    }
    for (key, (_, a)) in latest {
        let assessed = c
            .indicators
            .iter()
            .any(|r| normalise_code(&r.code) == key && r.rag != crate::model::Rag::Missing);
        if assessed {
            c.stale_remedial.push(a);
        } else {
            c.awaiting_figure.push(a);
        }
    }
}

/// Attaches completed forms for actions of the plan to the action
/// exceptions, as [`attach`] does for indicators: this period's form, else
/// the latest earlier one; an action exception without one is outstanding.
/// A form for an action that is no longer an exception is kept apart.
fn attach_to_actions(c: &mut Consolidation, forms: Vec<RemedialAction>) {
    let cal = c.calendar;
    let report = cal.end_month(c.period);
    let Some(plan) = c.actions.as_mut() else {
        return;
    };
    let mut latest: BTreeMap<String, (Period, RemedialAction)> = BTreeMap::new();
    for a in forms.into_iter().filter(|a| !a.is_blank()) {
        let Some(month) = cal.parse_id(&a.period).map(|p| cal.end_month(p)) else {
            continue;
        };
        let key = normalise_code(&a.code);
        let newer = latest
            .get(&key)
            .is_none_or(|(m, old)| (month, &a.file) > (*m, &old.file));
        if month <= report && newer {
            latest.insert(key, (month, a));
        }
    }
    plan.remedial.clear();
    for r in plan.results.iter().filter(|r| r.exception) {
        if let Some((_, a)) = latest.remove(&normalise_code(&r.reference)) {
            plan.remedial.insert(r.reference.clone(), a);
        }
    }
    plan.stale_remedial = latest.into_values().map(|(_, a)| a).collect();
}

/// Every form in `dirs` (each read once, however it is named), in the order
/// given: the output folder's `remedial` and any `--actions` folder. A folder
/// that does not exist is skipped when `optional` says so for it.
pub fn read_folders(dirs: &[(&Path, bool)], limits: &Limits) -> Result<FormsRead, RemedialError> {
    let mut all = FormsRead::default();
    let mut seen = std::collections::BTreeSet::new();
    for (dir, optional) in dirs {
        if *optional && !dir.is_dir() {
            continue;
        }
        let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if !seen.insert(real) {
            continue;
        }
        let one = read_folder(dir, limits)?;
        all.forms.extend(one.forms);
        all.unreadable.extend(one.unreadable);
        all.not_forms.extend(one.not_forms);
    }
    Ok(all)
}
