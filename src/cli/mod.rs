//! The command line: one file per command (its flags and its `run`), the
//! printing and the progress bar. Part of the binary, not the library, so the
//! library never depends on clap.

pub mod check;
pub mod completions;
pub mod consolidate;
pub mod init;
pub mod print;
pub mod progress;
pub mod template;

use clap::{Parser, Subcommand, ValueEnum};
use ipr::period::Period;
use ipr::report::Templates;
use ipr::workspace::{PeriodRule, Workspace, WorkspaceOptions};
use std::path::PathBuf;

/// Integrated Performance Report: check, consolidate and assess performance returns.
#[derive(Parser, Debug)]
#[command(name = "ipr", version, about, long_about = None)]
pub struct Cli {
    /// Print nothing but the errors that stop the run (and JSON asked for with --format json).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also say which settings, register and templates are used, and each file read.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the data quality of one or more returns before submission.
    Check(check::Args),
    /// Consolidate every return for a period into the month's report: workbook, JSON, web page and forms.
    Consolidate(consolidate::Args),
    /// Make one blank return per directorate for a period, ready to fill in.
    Template(template::Args),
    /// Create a working folder with settings, a register and sample returns.
    Init(init::Args),
    /// Print a shell's completion script for ipr, e.g. `ipr completions bash`.
    Completions(completions::Args),
}

/// Flags every command that reads a register shares.
#[derive(clap::Args, Debug)]
pub struct Common {
    /// The indicator register (.xlsx, .xls, .ods or .csv).
    #[arg(long, value_name = "FILE")]
    pub register: Option<PathBuf>,
    /// Settings file (default: ipr.toml in the current folder, if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format for what is printed.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

impl Common {
    /// The settings file and register named; the command adds the rest.
    pub fn workspace(&self) -> WorkspaceOptions {
        WorkspaceOptions {
            config: self.config.clone(),
            register: self.register.clone(),
            ..WorkspaceOptions::default()
        }
    }

    /// The workspace of a command that needs a period and the templates
    /// (`consolidate`, `template`): both settled before anything is written,
    /// so a bad templates file changes nothing. `example` is the period shown
    /// when none is given.
    pub fn workspace_with_templates(
        &self,
        period: Option<String>,
        templates: Option<PathBuf>,
        example: &'static str,
    ) -> anyhow::Result<(Workspace, Period, Templates)> {
        let ws = Workspace::load(&WorkspaceOptions {
            period,
            period_rule: PeriodRule::Required { example },
            load_templates: true,
            templates,
            ..self.workspace()
        })?;
        match (ws.period, ws.templates.clone()) {
            (Some(period), Some(templates)) => Ok((ws, period, templates)),
            _ => anyhow::bail!("the period and templates were not loaded"),
        }
    }

    /// The workspace of `consolidate`: the period given, else `period` in
    /// ipr.toml, else none (the run reports the latest month the returns
    /// hold), and the templates, settled before anything is written.
    pub fn workspace_for_month(
        &self,
        period: Option<String>,
        templates: Option<PathBuf>,
    ) -> anyhow::Result<(Workspace, Templates)> {
        let ws = Workspace::load(&WorkspaceOptions {
            period,
            period_rule: PeriodRule::GivenOrSettings,
            load_templates: true,
            templates,
            ..self.workspace()
        })?;
        match ws.templates.clone() {
            Some(templates) => Ok((ws, templates)),
            None => anyhow::bail!("the templates were not loaded"),
        }
    }
}

/// How results are printed.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    // No doc comments here: clap would list them and make every --help long.
    Text,
    Json,
}
