//! Writes a consolidation's outputs: the report (workbook and JSON) and one
//! remedial-action form per exception, in the order that keeps a failed run
//! from leaving anything half-done.

use super::forms::{prepare_forms, FormStyle, FormsWritten};
use super::{build_report, ReportError};
use crate::model::Consolidation;
use std::path::{Path, PathBuf};

/// What [`publish`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The workbook, `IPR-<period>.xlsx`.
    pub xlsx: PathBuf,
    /// Its JSON, `IPR-<period>.json`.
    pub json: PathBuf,
    /// The web page for members, `IPR-<period>.html`.
    pub html: PathBuf,
    /// The remedial-action forms written into `remedial/`, and those kept.
    pub forms: FormsWritten,
}

/// Why [`publish`] wrote nothing, or only the report.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The report or a form could not be built or written.
    #[error(transparent)]
    Write(#[from] ReportError),
    /// Building the forms stopped on a fault in ipr.
    #[error("the remedial-action forms could not be built")]
    Forms,
    /// Building the web page stopped on a fault in ipr.
    #[error("the web page could not be built")]
    Page,
}

/// Writes `IPR-<period>.xlsx`, `IPR-<period>.json` and `IPR-<period>.html` into `out`, and a
/// remedial-action form for each exception into `out/remedial`.
///
/// The forms are built, and written under hidden temporary names, on another
/// thread while the report is built, then made durable together (one flush of
/// the disk). They are put in place only once the report is written, so a run
/// that cannot write its report writes no forms (their temporary files are
/// deleted). A form already there is never overwritten: it may hold the
/// owner's answers, and is listed in [`FormsWritten::kept`].
///
/// ```no_run
/// use ipr::config::Settings;
/// use ipr::period::Period;
/// use ipr::register::{load_register, RegisterOptions};
/// use ipr::report::publish::publish;
/// use ipr::report::FormStyle;
/// use std::path::{Path, PathBuf};
///
/// let settings = Settings::default();
/// let register = load_register(
///     Path::new("register.xlsx"),
///     "register.xlsx",
///     &RegisterOptions::default(),
/// )?;
/// let month = settings.calendar.parse_id("2026-09").unwrap();
/// let c = ipr::pipeline::consolidate(&register, &[PathBuf::from("returns")], &settings, month);
/// let done = publish(&c, Path::new("output"), &FormStyle::builtin()?)?;
/// println!("wrote {} and {} forms", done.xlsx.display(), done.forms.written.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn publish(
    c: &Consolidation,
    out: &Path,
    style: &FormStyle,
) -> Result<Published, PublishError> {
    let xlsx = out.join(format!("IPR-{}.xlsx", c.period_id));
    let json = out.join(format!("IPR-{}.json", c.period_id));
    let html = out.join(format!("IPR-{}.html", c.period_id));
    let remedial = out.join("remedial");
    // The page is built beside the workbook too: on its own, after it, it was
    // a tenth of a council-year's run with one core idle.
    let (report, page, forms) = std::thread::scope(|s| {
        let forms = s.spawn(|| prepare_forms(c, &remedial, style)?.stage());
        let page = s.spawn(|| super::html::render(c));
        let report = build_report(c, &xlsx, &json);
        (report, page.join(), forms.join())
    });
    // Staged forms not committed are deleted when dropped: on any error here.
    report?.write()?;
    let page = page.map_err(|_| PublishError::Page)?;
    super::write_atomic(&html, page.as_bytes())?;
    let forms = forms.map_err(|_| PublishError::Forms)??.commit()?;
    Ok(Published {
        xlsx,
        json,
        html,
        forms,
    })
}
