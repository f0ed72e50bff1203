//! The month's run, as `ipr consolidate` does it, in one call: settings in;
//! the consolidation, the previous report it was compared with, the forms read
//! back and what was written out.
//!
//! [`run_month`] is [`prepare_month`] (nothing written) then [`publish_month`].
//! Each step is a function of its own, in the order below, so that a new
//! concern is a new step or a change inside one step, never an edit in the
//! middle of the sequence:
//! 1. [`read_forms_back`]: completed remedial forms in `<out>/remedial` and `--actions`;
//! 2. [`read_month_returns`]: the returns found at the paths given, read;
//! 3. [`month_period`]: the period reported: the one given, else the latest
//!    month the returns hold a figure for;
//! 4. [`previous_report`]: the previous report, found in `<out>` or named;
//! 5. [`assess_month`]: checks, assessment, the previous report followed, forms attached;
//!    then [`month_packs`]: each audience's pack cut from it;
//! 6. [`publish_month`]: a published report never spoiled (read-only, or
//!    followed by a later one without `replace`), then the report, packs and
//!    forms written, a report replaced kept in `<out>/replaced/`.

use super::{analyse_with, found_returns_for_period, read_returns_with_progress};
use crate::config::Settings;
use crate::model::{Consolidation, Finding, PreviousReport, Register, ReturnFile};
use crate::period::Period;
use crate::quality::checks::finalise;
use crate::remedial::{FormsRead, RemedialError};
use crate::report::publish::{publish, PublishError, Published};
use crate::report::replaced::{later_report, published, replaced_folder};
use crate::report::FormStyle;
use crate::returns::{find_returns_except, Progress};
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What one month's run is given: the workspace's settings and register, the
/// period, and the command line's paths (already defaulted from `ipr.toml`).
#[derive(Debug, Clone)]
pub struct MonthOptions<'a> {
    /// The indicator register.
    pub register: &'a Arc<Register>,
    /// The council's settings.
    pub settings: &'a Settings,
    /// The month reported; `None`: the latest month any return holds a
    /// figure for (SPEC section 15).
    pub period: Option<Period>,
    /// Return files or folders (folders are searched recursively).
    pub returns: Vec<PathBuf>,
    /// The output folder: the report, `remedial/`, and last month's report.
    pub out: PathBuf,
    /// `--actions DIR`: another folder of completed remedial-action forms.
    pub actions: Option<PathBuf>,
    /// `--previous FILE`: the report to compare with, instead of the latest
    /// earlier one in `out`.
    pub previous: Option<PathBuf>,
    /// How remedial-action forms are laid out.
    pub form: &'a FormStyle,
    /// `--replace`: rewrite the period's report even though the output folder
    /// holds a later one (the old files are kept in `<out>/replaced/`).
    pub replace: bool,
}

impl<'a> MonthOptions<'a> {
    /// The run of `period` (a `Period`, or `None` for the latest month the
    /// returns hold) for a workspace: returns from `returns` in `ipr.toml`,
    /// output to `output` there (else the current folder), no `--actions`, no
    /// `--previous` and no `--replace`. The caller changes what its command
    /// line gives.
    pub fn new(
        ws: &'a Workspace,
        period: impl Into<Option<Period>>,
        form: &'a FormStyle,
    ) -> MonthOptions<'a> {
        MonthOptions {
            register: &ws.register,
            settings: &ws.settings,
            period: period.into(),
            returns: ws.paths.returns.clone(),
            out: ws
                .paths
                .output
                .clone()
                .unwrap_or_else(|| PathBuf::from(".")),
            actions: None,
            previous: None,
            form,
            replace: false,
        }
    }
}

/// A month consolidated and compared, nothing written yet.
#[derive(Debug, Clone)]
pub struct Month {
    /// The consolidation, with the previous report followed and forms attached.
    pub consolidation: Consolidation,
    /// The previous report it was compared with, if any.
    pub previous: Option<PathBuf>,
    /// Every completed form read back (blank ones too), and the files that were not.
    pub forms_back: FormsRead,
    /// The folders of forms that were there to read.
    pub forms_folders: Vec<PathBuf>,
    /// True when no period was given and the run reports the latest month
    /// the returns hold (see [`Month::period_line`]).
    pub period_from_returns: bool,
    /// For each `packs` column, how many items are in none of its packs.
    pub unpacked: Vec<crate::model::Unpacked>,
}

impl Month {
    /// What the console says when the period was not given: "Period:
    /// September 2026, the latest month the returns hold; give --period to
    /// choose". `None` when it was given.
    pub fn period_line(&self) -> Option<String> {
        let c = &self.consolidation;
        self.period_from_returns.then(|| {
            format!(
                "Period: {}, the latest month the returns hold; give --period to choose",
                crate::period::period_words(c.period, &c.period_id)
            )
        })
    }
}

/// A month's run: the month, and what was written.
#[derive(Debug, Clone)]
pub struct MonthRun {
    /// The month as consolidated.
    pub month: Month,
    /// The report, page and forms written.
    pub published: Published,
}

/// Why a month's run stopped. Nothing is written on any of these, except
/// where [`PublishError::Partly`] lists the files that were.
#[derive(Debug, thiserror::Error)]
pub enum MonthError {
    /// No return files or folders were given or configured.
    #[error("no returns given: name the files or folders to read, or set returns in ipr.toml")]
    NoReturns,
    /// A folder of completed forms could not be read.
    #[error(transparent)]
    Forms(#[from] RemedialError),
    /// The previous report could not be found or read.
    #[error(transparent)]
    Previous(#[from] crate::model::previous::PreviousError),
    /// No period was given and no return holds a figure for any month.
    #[error("no period was given and no return holds a figure for any month, so ipr cannot tell which month to report. Give the month with --period (for example --period 2026-09), or check the returns in {}", list_paths(.0))]
    NoPeriod(Vec<PathBuf>),
    /// The output folder holds the period's report and a later one: a
    /// published month is not rewritten without `--replace`.
    #[error("{}", later_words(.period, .later))]
    LaterReport {
        /// The period's id.
        period: String,
        /// A later report in the folder.
        later: PathBuf,
    },
    /// Nothing was found for the period (a mistyped folder, an empty share).
    #[error("{}", nothing_found(.period, .searched))]
    NothingFound {
        /// The period's id.
        period: String,
        /// The paths searched.
        searched: Vec<PathBuf>,
    },
    /// The output folder could not be made.
    #[error("the output folder {} could not be created", .0.display())]
    OutputFolder(PathBuf, #[source] std::io::Error),
    /// A report the run would replace is read-only.
    #[error("{} is read-only, so it was not replaced and nothing was written. If a new report is wanted, make the file writable (or move it elsewhere) and run again.", .0.display())]
    ReadOnly(PathBuf),
    /// `packs` names a column the register and plan do not have.
    #[error(transparent)]
    Packs(#[from] crate::model::pack::UnknownPackColumn),
    /// The report or its forms could not be written.
    #[error(transparent)]
    Publish(#[from] PublishError),
}

/// Consolidates the month and writes its report and forms (SPEC sections 8 to 10).
///
/// ```no_run
/// use ipr::pipeline::{run_month, MonthOptions};
/// use ipr::workspace::{PeriodRule, Workspace, WorkspaceOptions};
///
/// let ws = Workspace::load(&WorkspaceOptions {
///     config: Some("ipr.toml".into()),
///     period_rule: PeriodRule::Required { example: "2026-09" },
///     load_templates: true,
///     ..WorkspaceOptions::default()
/// })?;
/// let (period, templates) = (ws.period.unwrap(), ws.templates.clone().unwrap());
/// let run = run_month(&MonthOptions::new(&ws, period, &templates.form), &|_, _| {})?;
/// println!("wrote {}", run.published.xlsx.display());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_month(opts: &MonthOptions, progress: Progress) -> Result<MonthRun, MonthError> {
    let month = prepare_month(opts, progress)?;
    let published = publish_month(opts, &month.consolidation)?;
    Ok(MonthRun { month, published })
}

/// Everything [`run_month`] does before it writes: the returns read and
/// assessed, the previous report followed, completed forms attached.
pub fn prepare_month(opts: &MonthOptions, progress: Progress) -> Result<Month, MonthError> {
    if opts.returns.is_empty() {
        return Err(MonthError::NoReturns);
    }
    let (forms_back, forms_folders) = read_forms_back(opts)?;
    let returns = read_month_returns(opts, progress);
    let (period, period_from_returns) = month_period(opts, &returns)?;
    let previous = previous_report(opts, period)?;
    let mut consolidation = assess_month(opts, returns, period, previous.as_ref(), &forms_back)?;
    let unpacked = month_packs(opts, &mut consolidation)?;
    Ok(Month {
        consolidation,
        previous: previous.map(|p| PathBuf::from(p.file)),
        forms_back,
        forms_folders,
        period_from_returns,
        unpacked,
    })
}

/// The folder ipr writes remedial-action forms to, and reads them back from.
pub fn remedial_folder(out: &Path) -> PathBuf {
    out.join("remedial")
}

/// The folders ipr writes to, never searched for returns (unless given as
/// the folder of returns itself): the output folder, its `remedial` folder
/// and its `packs` folder.
pub fn own_folders(out: &Path) -> Vec<PathBuf> {
    vec![out.to_path_buf(), remedial_folder(out), out.join("packs")]
}

/// Completed forms in `<out>/remedial` (if there) and the `--actions` folder
/// (which must be there), each folder read once, and the folders read.
pub fn read_forms_back(opts: &MonthOptions) -> Result<(FormsRead, Vec<PathBuf>), MonthError> {
    let remedial = remedial_folder(&opts.out);
    let mut dirs = vec![(remedial.as_path(), true)];
    if let Some(dir) = opts.actions.as_deref() {
        dirs.push((dir, false));
    }
    let forms = crate::remedial::read_folders(&dirs, &opts.settings.limits)?;
    let read = dirs
        .iter()
        .filter(|(d, _)| d.is_dir())
        .map(|(d, _)| d.to_path_buf())
        .collect();
    Ok((forms, read))
}

/// The returns found at the paths given (never in ipr's own folders,
/// [`own_folders`]), read (in parallel), with the findings about the paths
/// themselves (one that does not exist, a lock file, a pipe).
pub fn read_month_returns(opts: &MonthOptions, progress: Progress) -> FoundReturns {
    let (files, path_findings) = find_returns_except(&opts.returns, &own_folders(&opts.out));
    let returns = read_returns_with_progress(&files, opts.register, opts.settings, progress);
    FoundReturns {
        returns,
        path_findings,
    }
}

/// Returns read for a run, and the findings about the paths given.
#[derive(Debug, Clone, Default)]
pub struct FoundReturns {
    /// Each return file read.
    pub returns: Vec<ReturnFile>,
    /// Paths that do not exist, lock files, the same file twice.
    pub path_findings: Vec<Finding>,
}

/// The month reported, and whether it was settled from the returns: the one
/// given, else the latest month that any return holds a figure for (a
/// quarter's figure counts for its last month).
pub fn month_period(
    opts: &MonthOptions,
    found: &FoundReturns,
) -> Result<(Period, bool), MonthError> {
    if let Some(p) = opts.period {
        return Ok((p, false));
    }
    let cal = opts.settings.calendar;
    found
        .returns
        .iter()
        .flat_map(|r| &r.observations)
        .filter(|o| o.value.is_some())
        .map(|o| cal.end_month(o.period))
        .max()
        .map(|p| (p, true))
        .ok_or_else(|| MonthError::NoPeriod(opts.returns.clone()))
}

/// The previous report: `--previous FILE`, else the latest earlier
/// `IPR-<period>.json` in the output folder; read before anything is written.
pub fn previous_report(
    opts: &MonthOptions,
    period: Period,
) -> Result<Option<PreviousReport>, MonthError> {
    let cal = opts.settings.calendar;
    let file = match &opts.previous {
        Some(file) => Some(file.clone()),
        None => PreviousReport::find_latest(&opts.out, &cal.id(cal.end_month(period)))?,
    };
    Ok(file.map(|p| PreviousReport::read(&p)).transpose()?)
}

/// The returns checked and assessed for `period`; stops when nothing was
/// found for the period (SPEC section 10); then the previous report followed
/// and the completed forms attached.
pub fn assess_month(
    opts: &MonthOptions,
    found: FoundReturns,
    period: Period,
    previous: Option<&PreviousReport>,
    forms: &FormsRead,
) -> Result<Consolidation, MonthError> {
    let mut c = analyse_with(
        opts.register,
        found.returns,
        opts.settings,
        period,
        true,
        previous,
    );
    with_path_findings(&mut c, found.path_findings, opts.settings);
    if !found_returns_for_period(&c) {
        return Err(MonthError::NothingFound {
            period: c.period_id,
            searched: opts.returns.clone(),
        });
    }
    if let Some(prev) = previous {
        super::follow_previous(&mut c, prev, opts.settings);
    }
    crate::remedial::attach(&mut c, forms.forms.clone());
    Ok(c)
}

/// The packs of `packs` in `ipr.toml` (SPEC section 14), cut from the one
/// assessment into `c.packs`; gives how many items each column leaves out.
pub fn month_packs(
    opts: &MonthOptions,
    c: &mut Consolidation,
) -> Result<Vec<crate::model::Unpacked>, MonthError> {
    if opts.settings.packs.is_empty() {
        return Ok(Vec::new());
    }
    let packs = crate::model::pack::pack_members(c, &opts.settings.packs)?;
    c.packs = packs.packs;
    Ok(packs.unpacked)
}

/// Adds the findings about the paths given to a consolidation (after its
/// own, with the council's severity overrides).
pub(super) fn with_path_findings(c: &mut Consolidation, found: Vec<Finding>, s: &Settings) {
    if !found.is_empty() {
        c.findings.extend(found);
        finalise(&mut c.findings, &s.severity);
    }
}

/// Writes the month's report (workbook, JSON, web page) and a form per
/// exception into the output folder, unless that would replace a report
/// someone made read-only, or a report published before a later one (without
/// `replace`). A report replaced is kept in `<out>/replaced/` first.
pub fn publish_month(opts: &MonthOptions, c: &Consolidation) -> Result<Published, MonthError> {
    refuse_published(opts, &c.period_id)?;
    std::fs::create_dir_all(&opts.out)
        .map_err(|e| MonthError::OutputFolder(opts.out.clone(), e))?;
    refuse_read_only(&opts.out, &c.period_id)?;
    Ok(publish(c, &opts.out, opts.form)?)
}

/// Stops the run when the output folder holds the period's report and a later
/// one, unless `replace`: that month was published and the next built on it.
fn refuse_published(opts: &MonthOptions, period: &str) -> Result<(), MonthError> {
    if opts.replace || published(&opts.out, period).is_empty() {
        return Ok(());
    }
    match later_report(&opts.out, period) {
        Some(later) => Err(MonthError::LaterReport {
            period: period.to_string(),
            later,
        }),
        None => Ok(()),
    }
}

/// Stops the run when a report it would replace has been made read-only:
/// someone meant it to stay as it is, so it is neither replaced nor made writable.
fn refuse_read_only(out: &Path, period: &str) -> Result<(), MonthError> {
    for ext in ["xlsx", "json", "html"] {
        let path = out.join(format!("IPR-{period}.{ext}"));
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.permissions().readonly() {
            return Err(MonthError::ReadOnly(path));
        }
    }
    Ok(())
}

/// The refusal to rewrite a published month, with what to do.
fn later_words(period: &str, later: &Path) -> String {
    let folder = later.parent().unwrap_or(Path::new("."));
    format!(
        "the report for {period} was published, and a later report is in the same folder ({}), so the {period} report was not replaced and nothing was written. To see {period} as published, open IPR-{period}.xlsx in {}. To rewrite it all the same, run again with --replace: the published files are then kept in {} first.",
        later.display(),
        folder.display(),
        replaced_folder(folder).display()
    )
}

/// Paths in a list, for a message.
fn list_paths(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    names.join(", ")
}

/// The message for a run that found no return for the period, naming the
/// folders searched.
fn nothing_found(period: &str, searched: &[PathBuf]) -> String {
    let places: Vec<String> = searched
        .iter()
        .map(|p| {
            if p.exists() {
                p.display().to_string()
            } else {
                format!("{} (which does not exist)", p.display())
            }
        })
        .collect();
    format!(
        "no return for {period} was found in {}. Nothing was written: any existing IPR-{period} report is left as it was. Check the folder names on the command line or in ipr.toml.",
        places.join(", ")
    )
}
