//! Where a run's inputs come from: the settings file, the register, the
//! templates and the period, resolved the same way for every command.
//!
//! The command line names what it was given (`--config`, `--register`,
//! `--templates`, `--period`); anything not given falls back to `ipr.toml`,
//! then to ipr's defaults. Everything is settled before anything is written,
//! so a bad register or templates file changes nothing on disk.

use crate::budget::{budget_in_register, load_budget, BudgetError, BudgetOptions};
use crate::config::{load_config, ConfigError, ConfigPaths, Settings};
use crate::model::{Budget, Plan, Register};
use crate::period::Period;
use crate::plan::{load_plan, plan_in_register, PlanError, PlanOptions};
use crate::read::{Book, ReadError};
use crate::register::{parse_register, RegisterError, RegisterOptions};
use crate::report::template::TemplateError;
use crate::report::Templates;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Where the period comes from, and whether one is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PeriodRule {
    /// No period is needed (and none is read).
    #[default]
    NotNeeded,
    /// Only the one given, if any: `check` otherwise checks each return against its own.
    Optional,
    /// The one given, else `period` in `ipr.toml`, else none: the run settles it
    /// itself (`consolidate` reports the latest month its returns hold, SPEC
    /// section 15).
    GivenOrSettings,
    /// The one given, else `period` in `ipr.toml`; the run cannot go on without
    /// one. `example` shows how to write one, e.g. `2026-09`.
    Required {
        /// A period to show in the message when none is given.
        example: &'static str,
    },
}

/// What a command was given on its command line.
#[derive(Debug, Clone, Default)]
pub struct WorkspaceOptions {
    /// `--config`: the settings file (default: `ipr.toml` in the current folder, if present).
    pub config: Option<PathBuf>,
    /// `--register`: the register (default: `register` in the settings file).
    pub register: Option<PathBuf>,
    /// `--period`, as written.
    pub period: Option<String>,
    /// Whether a period is needed, and where it may come from.
    pub period_rule: PeriodRule,
    /// Whether the templates are needed (the blank returns and remedial forms).
    pub load_templates: bool,
    /// `--templates`: the templates folder (default: `templates` beside the
    /// settings file, else the copies built into ipr).
    pub templates: Option<PathBuf>,
}

/// Everything a command reads before it starts: see [`Workspace::load`].
#[derive(Debug)]
pub struct Workspace {
    /// The settings file read, if any.
    pub config_file: Option<PathBuf>,
    /// The paths named in the settings file (resolved against its folder).
    pub paths: ConfigPaths,
    /// The settings.
    pub settings: Settings,
    /// The indicator register, shared with the consolidation a run makes
    /// (a national register is 10 to 20 MB: one copy, not two).
    pub register: std::sync::Arc<Register>,
    /// The register file read.
    pub register_file: PathBuf,
    /// The period, where one was given or needed.
    pub period: Option<Period>,
    /// The templates, where they were asked for.
    pub templates: Option<Templates>,
    /// The templates folder read, if not the built-in copies.
    pub templates_dir: Option<PathBuf>,
}

/// Why a workspace could not be loaded. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// The settings file cannot be used.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// No register was named.
    #[error("no register given: add --register FILE, or set register in ipr.toml")]
    NoRegister,
    /// The register cannot be used.
    #[error(transparent)]
    Register(#[from] RegisterError),
    /// The action plan cannot be used: every bad row is listed.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The budget cannot be used: every bad row is listed.
    #[error(transparent)]
    Budget(#[from] BudgetError),
    /// No period was given where one is needed.
    #[error(
        "no period given: add --period, for example --period {example}, or set period in ipr.toml"
    )]
    NoPeriod {
        /// A period to show how to write one.
        example: &'static str,
    },
    /// The period given is not one.
    #[error("'{0}' is not a period; write it as 2026-09 (a month), 2026/27-Q2 or 2026/27")]
    BadPeriod(String),
    /// `--templates` names no folder.
    #[error("the templates folder {} does not exist or is not a folder", .0.display())]
    NoTemplatesFolder(PathBuf),
    /// A templates file cannot be used.
    #[error(transparent)]
    Templates(#[from] TemplateError),
}

impl Workspace {
    /// Resolves the settings, the register, the period and the templates, in
    /// that order, so the first thing wrong is the one reported.
    ///
    /// ```no_run
    /// use ipr::workspace::{PeriodRule, Workspace, WorkspaceOptions};
    ///
    /// let ws = Workspace::load(&WorkspaceOptions {
    ///     config: Some("ipr.toml".into()),
    ///     period_rule: PeriodRule::Required { example: "2026-09" },
    ///     ..WorkspaceOptions::default()
    /// })?;
    /// println!("{} indicators", ws.register.indicators.len());
    /// # Ok::<(), ipr::workspace::WorkspaceError>(())
    /// ```
    pub fn load(opts: &WorkspaceOptions) -> Result<Workspace, WorkspaceError> {
        let config_file = match &opts.config {
            Some(p) => Some(p.clone()),
            None => Some(PathBuf::from("ipr.toml")).filter(|p| p.is_file()),
        };
        let (paths, settings) = match &config_file {
            Some(p) => load_config(p)?,
            None => (ConfigPaths::default(), Settings::default()),
        };
        let register_file = opts
            .register
            .clone()
            .or(paths.register.clone())
            .ok_or(WorkspaceError::NoRegister)?;
        // The register workbook is read once: where no file is named, the plan
        // and budget are its Actions and Budgets sheets (reading it three
        // times was 4% of a council-year's instructions).
        let display = register_file.display().to_string();
        let book = crate::read::read_book(&register_file, &display, &settings.limits).map_err(
            |error| RegisterError::Read {
                file: display.clone(),
                error,
            },
        )?;
        let mut register = parse_register(
            &book,
            &RegisterOptions {
                calendar: settings.calendar,
                default_tolerance: settings.default_tolerance,
                limits: settings.limits,
            },
        )?;
        register.plan = action_plan_from(
            Ok(&book),
            paths.action_plan.as_deref(),
            &register,
            &settings,
        )?
        .map(std::sync::Arc::new);
        register.budget = budget_from(Ok(&book), paths.budget.as_deref(), &register, &settings)?
            .map(std::sync::Arc::new);
        drop(book);
        let text = match opts.period_rule {
            PeriodRule::NotNeeded => None,
            PeriodRule::Optional => opts.period.clone(),
            PeriodRule::GivenOrSettings => opts.period.clone().or(paths.period.clone()),
            PeriodRule::Required { example } => Some(
                opts.period
                    .clone()
                    .or(paths.period.clone())
                    .ok_or(WorkspaceError::NoPeriod { example })?,
            ),
        };
        let period = text.map(|t| parse_period(&t, &settings)).transpose()?;
        let (templates, templates_dir) = if opts.load_templates {
            let dir = templates_dir(opts.templates.as_deref(), config_file.as_deref())?;
            let mut templates = Templates::load(dir.as_deref())?;
            templates.council = settings.council.clone();
            (Some(templates), dir)
        } else {
            (None, None)
        };
        Ok(Workspace {
            config_file,
            paths,
            settings,
            register: std::sync::Arc::new(register),
            register_file,
            period,
            templates,
            templates_dir,
        })
    }
}

/// The action plan (SPEC section 13): the file `action_plan` names, else
/// sheet `Actions` of the register workbook, else none. Loaded once, before
/// anything is read or written, so a bad plan stops the run as a bad
/// register does.
pub fn load_action_plan(
    register_file: &Path,
    action_plan: Option<&Path>,
    register: &Register,
    settings: &Settings,
) -> Result<Option<Plan>, PlanError> {
    action_plan_from(Err(register_file), action_plan, register, settings)
}

/// [`load_action_plan`], given the register workbook already read (`Ok`) or
/// its path (`Err`), read only if the plan is in it.
fn action_plan_from(
    register_book: Result<&Book, &Path>,
    action_plan: Option<&Path>,
    register: &Register,
    settings: &Settings,
) -> Result<Option<Plan>, PlanError> {
    let opts = PlanOptions {
        calendar: settings.calendar,
        values: settings.values.clone(),
        limits: settings.limits,
    };
    if let Some(file) = action_plan {
        return load_plan(file, &file.display().to_string(), register, &opts).map(Some);
    }
    // The register was read a moment ago: a failure now is the file changing
    // under us, and the register's own error has said what a bad file is.
    let book = register_book_or_read(register_book, settings, |file, error| PlanError::Read {
        file,
        error,
    })?;
    plan_in_register(&book, register, &opts)
}

/// The budget (SPEC section 16): the file `budget` names, else sheet
/// `Budgets` of the register workbook, else none. Loaded once, before
/// anything is read or written, so a bad budget stops the run (exit 2) with
/// every bad row by sheet and cell, as a bad register does.
pub fn load_council_budget(
    register_file: &Path,
    budget: Option<&Path>,
    register: &Register,
    settings: &Settings,
) -> Result<Option<Budget>, BudgetError> {
    budget_from(Err(register_file), budget, register, settings)
}

/// [`load_council_budget`], given the register workbook already read (`Ok`)
/// or its path (`Err`), read only if the budget is in it.
fn budget_from(
    register_book: Result<&Book, &Path>,
    budget: Option<&Path>,
    register: &Register,
    settings: &Settings,
) -> Result<Option<Budget>, BudgetError> {
    let opts = BudgetOptions {
        values: settings.values.clone(),
        limits: settings.limits,
        calendar: settings.calendar,
    };
    if let Some(file) = budget {
        return load_budget(file, &file.display().to_string(), register, &opts).map(Some);
    }
    let book = register_book_or_read(register_book, settings, |file, error| BudgetError::Read {
        file,
        error,
    })?;
    budget_in_register(&book, register, &opts)
}

/// The register workbook a plan or budget sits in: the one already read
/// (`Ok`), else read from its path (`Err`), a read failure named by `error`.
fn register_book_or_read<'a, E>(
    register_book: Result<&'a Book, &Path>,
    settings: &Settings,
    error: impl FnOnce(String, ReadError) -> E,
) -> Result<Cow<'a, Book>, E> {
    match register_book {
        Ok(book) => Ok(Cow::Borrowed(book)),
        Err(file) => {
            let display = file.display().to_string();
            crate::read::read_book(file, &display, &settings.limits)
                .map(Cow::Owned)
                .map_err(|e| error(display, e))
        }
    }
}

/// Reads a period as `2026-09` (a month), `2026/27-Q2` or `2026/27`, or as a
/// return's own words for one, in the financial year the settings give.
pub fn parse_period(text: &str, settings: &Settings) -> Result<Period, WorkspaceError> {
    let cal = settings.calendar;
    cal.parse_id(text)
        .or_else(|| cal.parse(text, None))
        .ok_or_else(|| WorkspaceError::BadPeriod(text.to_string()))
}

/// The templates folder: the one named, else `templates` beside the settings
/// file where there is one, else none (the copies built into ipr).
fn templates_dir(
    flag: Option<&Path>,
    config_file: Option<&Path>,
) -> Result<Option<PathBuf>, WorkspaceError> {
    Ok(match flag {
        Some(d) if d.is_dir() => Some(d.to_path_buf()),
        Some(d) => return Err(WorkspaceError::NoTemplatesFolder(d.to_path_buf())),
        None => config_file
            .map(|p| match p.parent() {
                Some(dir) if !dir.as_os_str().is_empty() => dir.join("templates"),
                _ => PathBuf::from("templates"),
            })
            .filter(|d| d.is_dir()),
    })
}
