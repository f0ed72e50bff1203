//! `ipr check`: the data quality of returns before they are submitted.

use super::print::{plural, say, Ui};
use super::progress::ProgressBar;
use super::{Common, Format};
use anyhow::Result;
use ipr::model::CheckReport;
use ipr::workspace::{parse_period, PeriodRule, Workspace, WorkspaceError, WorkspaceOptions};
use std::path::PathBuf;

/// Check the data quality of one or more returns before submission.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Return files or folders.
    #[arg(required = true, value_name = "RETURN")]
    pub returns: Vec<PathBuf>,
    /// Check against this reporting period (e.g. 2026-09) instead of each return's own.
    #[arg(long)]
    pub period: Option<String>,
    /// Earlier returns (files or folders) for the history rules to compare with; not checked themselves.
    #[arg(long, value_name = "RETURNS", num_args = 1..)]
    pub history: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// Checks the returns and prints what was found: exit code 1 if any error.
pub fn run(args: Args, ui: &mut Ui) -> Result<u8> {
    let opts = WorkspaceOptions {
        period: args.period,
        period_rule: PeriodRule::Optional,
        ..args.common.workspace()
    };
    let ws = match Workspace::load(&opts) {
        // No register: a template carries its own (register::embedded_register).
        Err(WorkspaceError::NoRegister) => match from_template(&args.returns, &opts) {
            Some(ws) => ws?,
            None => return Err(WorkspaceError::NoRegister.into()),
        },
        other => other?,
    };
    super::print::workspace(ui, &ws);
    super::print::inputs(ui, &args.returns, &[]);
    let bar = ProgressBar::for_terminal(ui.quiet());
    let report = ipr::pipeline::check_with_history(
        &ws.register,
        &args.returns,
        &args.history,
        &ws.settings,
        ws.period,
        &|done, total| bar.tick(done, total),
    );
    bar.finish();
    match args.common.format {
        Format::Json => ui.data(format_args!("{}", serde_json::to_string_pretty(&report)?)),
        Format::Text => print_check(ui, &report),
    }
    Ok(u8::from(report.summary.errors > 0))
}

fn print_check(ui: &mut Ui, r: &CheckReport) {
    for f in &r.findings {
        super::print::finding(ui, f);
    }
    if !r.findings.is_empty() {
        say!(ui, "");
    }
    for c in &r.summary.coverage {
        say!(
            ui,
            "{}, {} ({}): {} of {} indicators due have a value.",
            c.row.directorate,
            c.period,
            c.file,
            c.row.returned,
            c.row.expected
        );
    }
    let s = &r.summary;
    say!(
        ui,
        "{} checked: {}.",
        plural(s.files, "file"),
        s.findings().words()
    );
    // ipr's own report or forms are not returns: never "can be submitted".
    let own: Vec<_> = r
        .findings
        .iter()
        .filter_map(|f| ipr::returns::what_it_is(f).map(|what| (f, what)))
        .collect();
    if s.errors > 0 {
        say!(ui, "Fix the errors before you submit the return.");
    } else if !own.is_empty() && own.len() >= s.files {
        for (f, what) in &own {
            say!(
                ui,
                "{} is {what}, not a return: there is nothing in it to check or submit.",
                f.file
            );
        }
        say!(
            ui,
            "Run ipr check on the returns the directorates filled in."
        );
    } else if !own.is_empty() {
        say!(
            ui,
            "No errors in the returns: they can be submitted. {} ipr's own output, not a return, and {} not checked.",
            match own.len() {
                1 => "1 file is".to_string(),
                n => format!("{n} files are"),
            },
            if own.len() == 1 { "was" } else { "were" }
        );
    } else {
        say!(ui, "No errors: the return can be submitted.");
    }
}

/// A workspace from the register a single return template carries, with the
/// default settings; `None` when the returns are not one such template.
fn from_template(returns: &[PathBuf], opts: &WorkspaceOptions) -> Option<Result<Workspace>> {
    let [file] = returns else { return None };
    if !file.is_file() {
        return None;
    }
    let settings = ipr::config::Settings::default();
    let book = ipr::read::read_book(file, &file.display().to_string(), &settings.limits).ok()?;
    let register = ipr::register::embedded_register(
        &book,
        &ipr::register::RegisterOptions {
            calendar: settings.calendar,
            default_tolerance: settings.default_tolerance,
            limits: settings.limits,
        },
    )?;
    Some((|| {
        let mut register = register?;
        // The template's actions, if it carries them (SPEC section 13).
        let plan_opts = ipr::plan::PlanOptions {
            calendar: settings.calendar,
            values: settings.values.clone(),
            limits: settings.limits,
        };
        if let Some(plan) = ipr::plan::embedded_plan(&book, &register, &plan_opts) {
            register.plan = Some(std::sync::Arc::new(plan?));
        }
        // And its budget lines (SPEC section 16).
        let budget_opts = ipr::budget::BudgetOptions {
            values: settings.values.clone(),
            limits: settings.limits,
            calendar: settings.calendar,
        };
        if let Some(budget) = ipr::budget::embedded_budget(&book, &register, &budget_opts) {
            register.budget = Some(std::sync::Arc::new(budget?));
        }
        let period = opts
            .period
            .as_deref()
            .map(|t| parse_period(t, &settings))
            .transpose()?;
        Ok(Workspace {
            config_file: None,
            paths: Default::default(),
            settings,
            register: std::sync::Arc::new(register),
            register_file: file.clone(),
            period,
            templates: None,
            templates_dir: None,
        })
    })())
}
