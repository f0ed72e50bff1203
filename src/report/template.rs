//! Blank returns made by `ipr template`, and the council's `templates` folder.
//!
//! A return template is laid out so the ordinary long-layout reader reads it:
//! `Directorate:` and `Period:` labelled cells above a header row of `Code`,
//! `Indicator`, `Unit`, `Actual`, `Target`, `Forecast`, `Numerator`,
//! `Denominator`, `Commentary`, `Data Note`. Register facts are locked; input
//! cells are unlocked and validated; the sheet is protected without a password
//! (Review > Unprotect Sheet). A very hidden `ipr_metadata` sheet says exactly
//! what the file is.
//!
//! One file per sheet ([`SHEETS`] lists them in order): `return_sheet.rs`,
//! `actions.rs` (the action plan's progress, SPEC section 13, and its very
//! hidden plan rows), `finance.rs` (the budget lines, section 16, and their
//! very hidden budget rows), `instructions.rs`, and `hidden.rs` for the very hidden ones.

pub mod actions;
pub mod finance;
mod hidden;
mod instructions;
mod return_sheet;
mod table;

use super::forms::FormStyle;
use super::names::file_safe;
use super::props::properties;
use super::text::{fit, looks_like_formula, MAX_CELL_TEXT};
use super::{ReportError, ReportErrorKind};
use crate::model::{Due, Observation, Register};
use crate::period::{period_words, Calendar, Period};
use crate::text::normalise_code;
use rust_xlsxwriter::{
    ColNum, Color, Format, FormatAlign, FormatBorder, RowNum, Workbook, Worksheet, XlsxError,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// `council` in `ipr.toml`, before every title (SPEC section 14); set by the workspace.
    pub council: Option<String>,
}

impl Templates {
    /// `text` after the council's name, or as it is where none is named.
    pub fn named(&self, text: String) -> String {
        match &self.council {
            Some(c) => format!("{c}: {text}"),
            None => text,
        }
    }
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
            council: None,
        })
    }
}

/// The formats of a sheet of rows to complete (Actions, Finance): register
/// facts locked in grey, cells to complete unlocked in yellow.
pub(super) struct RowFormats {
    /// The sheet's title.
    pub title: Format,
    /// The note under it.
    pub note: Format,
    /// The table's header.
    pub header: Format,
    /// A fact, locked.
    pub locked: Format,
    /// A cell to complete.
    pub input: Format,
    /// A cell to complete with text (wrapped, typed as text).
    pub input_text: Format,
}

impl RowFormats {
    pub(super) fn new() -> RowFormats {
        let cell = Format::new()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        let locked = cell
            .clone()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xF2F2F2));
        let input = cell
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFF2CC));
        RowFormats {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new().set_italic().set_text_wrap(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border(FormatBorder::Thin),
            locked,
            input_text: input.clone().set_text_wrap().set_num_format("@"),
            input,
        }
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
    // The first heading is the return's title: the council's name goes before it.
    let text = match (
        &templates.council,
        templates.instructions.strip_prefix("# "),
    ) {
        (Some(_), Some(rest)) => format!("# {}", templates.named(rest.to_string())),
        _ => templates.instructions.clone(),
    };
    text.replace("{directorate}", directorate)
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

/// What every sheet of one directorate's template is made from.
pub(crate) struct TemplateInput<'a> {
    /// The register.
    pub register: &'a Register,
    /// The directorate the return is for.
    pub directorate: &'a str,
    /// The period the return is for.
    pub period: Period,
    /// Its id, e.g. `2026-09`.
    pub id: String,
    /// Financial-year settings.
    pub cal: Calendar,
    /// Earlier values, shown for reference.
    pub history: &'a BTreeMap<(String, Period), Earlier>,
    /// The instructions text.
    pub templates: &'a Templates,
    /// The directorate's indicators due in the period, each with its own
    /// period and target, as the assessment decided them.
    pub due: &'a [Due<'a>],
}

/// Adds one sheet to a template.
type AddSheet = fn(&mut Workbook, &TemplateInput<'_>) -> Result<(), XlsxError>;

/// The sheets of a template, in order. A new sheet is a file with its `add`
/// and a line here.
const SHEETS: &[AddSheet] = &[
    return_sheet::add,
    actions::add,
    finance::add,
    instructions::add,
    hidden::metadata,
    hidden::register_rows,
    hidden::targets,
    actions::plan_rows,
    finance::budget_rows,
];

/// One directorate's blank return for `period` as bytes (identical inputs give
/// identical bytes): `due` its indicators due with their targets
/// (`assess::due_in`); `history` the values shown for context.
pub fn return_template_bytes(
    register: &Register,
    directorate: &str,
    period: Period,
    cal: Calendar,
    due: &[Due<'_>],
    history: &BTreeMap<(String, Period), Earlier>,
    templates: &Templates,
) -> Result<Vec<u8>, XlsxError> {
    let input = TemplateInput {
        register,
        directorate,
        period,
        id: cal.id(period),
        cal,
        history,
        templates,
        due,
    };
    let mut wb = Workbook::new();
    wb.set_properties(&properties(
        templates.named(format!("Performance return {directorate} {}", input.id)),
        env!("CARGO_PKG_VERSION"),
        period,
        cal,
    ));
    for add in SHEETS {
        add(&mut wb, &input)?;
    }
    wb.save_to_buffer()
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

/// Writes one blank return per directorate of `due` (each with its
/// indicators due, from `assess::due_in`) into `out` (which must exist),
/// never overwriting a file already there, all or nothing: every template is
/// built and written under a temporary name before any is put in place
/// ([`super::publish::add_all`]).
pub fn write_return_templates(
    register: &Register,
    period: Period,
    cal: Calendar,
    due: &[(String, Vec<Due<'_>>)],
    history: &BTreeMap<(String, Period), Earlier>,
    templates: &Templates,
    out: &Path,
) -> Result<TemplatesWritten, super::publish::PublishError> {
    let mut done = TemplatesWritten::default();
    let mut files = Vec::new();
    for (d, due) in due {
        if due.is_empty() {
            done.nothing_due.push(d.clone());
            continue;
        }
        let path = out.join(template_file_name(d, &cal.id(period)));
        if path.exists() {
            done.kept.push(path);
            continue;
        }
        let bytes = return_template_bytes(register, d, period, cal, due, history, templates)
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
}
