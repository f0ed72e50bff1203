//! Remedial actions: completed remedial-action forms read back from `--actions DIR`.
//!
//! A form is recognised by its hidden `ipr_metadata` sheet, which also says
//! where each answer is, so a council may restyle the form freely.

use crate::config::parse_a1;
use crate::read::{read_book, Book, CellValue, Limits, Sheet};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One remedial-action form as completed by an indicator owner.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct RemedialAction {
    /// Indicator code as in the register.
    pub code: String,
    /// Period id of the exception the form was issued for.
    pub period: String,
    /// Reason for the shortfall.
    pub reason: Option<String>,
    /// Action in hand or proposed.
    pub action: Option<String>,
    /// Lead officer.
    pub lead_officer: Option<String>,
    /// Date expected back on target, as written (e.g. `31 Mar 2027`).
    pub back_on_target: Option<String>,
    /// `open` or `closed`.
    pub status: Option<String>,
    /// The form file the action was read from.
    pub file: String,
}

/// The name of the hidden sheet by which ipr recognises its own forms.
const METADATA_SHEET: &str = "ipr_metadata";

impl RemedialAction {
    /// True when none of the five answers has been given.
    pub fn is_blank(&self) -> bool {
        [
            &self.reason,
            &self.action,
            &self.lead_officer,
            &self.back_on_target,
            &self.status,
        ]
        .iter()
        .all(|v| v.is_none())
    }

    /// The form's file name without its folders, for display.
    pub fn file_name(&self) -> String {
        Path::new(&self.file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.file.clone())
    }
}

/// The key/value rows of a book's `ipr_metadata` sheet, if it has one.
pub fn metadata(book: &Book) -> Option<Vec<(String, String)>> {
    let sheet = book
        .sheets
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(METADATA_SHEET))?;
    let mut out = Vec::new();
    for row in sheet.rows() {
        let key = sheet.get(row, 0).display().trim().to_string();
        if !key.is_empty() {
            out.push((key, sheet.get(row, 1).display().trim().to_string()));
        }
    }
    Some(out)
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
) -> Result<Option<RemedialAction>, String> {
    let book = read_book(path, display, limits).map_err(|e| e.to_string())?;
    let Some(meta) = metadata(&book) else {
        return Ok(None);
    };
    let get = |k: &str| {
        meta.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    if get("form_version").is_none() {
        return Ok(None);
    }
    let code = get("code").ok_or("its hidden ipr_metadata sheet has no indicator code")?;
    let period = get("period").ok_or("its hidden ipr_metadata sheet has no period")?;
    let sheet = match get("sheet") {
        Some(name) => book.sheets.iter().find(|s| s.name == name),
        None => book.sheets.iter().find(|s| s.visible),
    }
    .ok_or("the form's sheet has been renamed or deleted")?;
    let field = |key: &str| {
        get(&format!("field:{key}"))
            .and_then(|at| parse_a1(&at))
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
    }))
}

/// The forms found in an `--actions` folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActionsFolder {
    /// Every ipr form read (blank ones too), sorted by file.
    pub actions: Vec<RemedialAction>,
    /// Files that could not be read, each with the reason.
    pub unreadable: Vec<(String, String)>,
    /// Workbooks that are not ipr forms (ignored).
    pub not_forms: Vec<String>,
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    // Deep enough for any filing scheme; stops a symlink loop.
    if depth > 16 {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if crate::pipeline::is_ignored_name(&p) {
            continue;
        }
        if p.is_dir() {
            collect(&p, out, depth + 1)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "xlsx" | "xlsm" | "ods"))
        {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads every remedial-action form in `dir` and its sub-folders. Fails only
/// when the folder itself cannot be read.
pub fn read_actions(dir: &Path, limits: &Limits) -> Result<ActionsFolder, String> {
    if !dir.is_dir() {
        return Err(format!(
            "the actions folder {} does not exist or is not a folder",
            dir.display()
        ));
    }
    let mut files = Vec::new();
    collect(dir, &mut files, 0).map_err(|e| {
        format!(
            "the actions folder {} could not be read ({e})",
            dir.display()
        )
    })?;
    let mut out = ActionsFolder::default();
    for f in files {
        let display = f.display().to_string();
        match read_form(&f, &display, limits) {
            Ok(Some(a)) => out.actions.push(a),
            Ok(None) => out.not_forms.push(display),
            Err(e) => out.unreadable.push((display, e)),
        }
    }
    Ok(out)
}
