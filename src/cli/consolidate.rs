//! `ipr consolidate`: every return for a period into one report, its JSON and
//! a remedial-action form per exception.

use super::print::{plural, say, Ui};
use super::progress::ProgressBar;
use super::{Common, Format};
use anyhow::{anyhow, bail, Context, Result};
use ipr::actions::ActionsFolder;
use ipr::model::{Consolidation, PreviousReport, Severity};
use ipr::report::publish::{publish, Published};
use ipr::report::FormsWritten;
use std::path::{Path, PathBuf};

/// Consolidate every return for a period into IPR-<period>.xlsx and .json.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The month to report, e.g. 2026-09 (or set `period` in ipr.toml).
    #[arg(long)]
    pub period: Option<String>,
    /// Return files or folders (searched recursively); default: `returns` in ipr.toml.
    #[arg(value_name = "RETURNS")]
    pub returns: Vec<PathBuf>,
    /// Output folder (default: `output` in ipr.toml, else the current folder).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Folder of completed remedial-action forms to show beside their exceptions.
    #[arg(long, value_name = "DIR")]
    pub actions: Option<PathBuf>,
    /// Last month's report to compare with (default: the latest earlier
    /// IPR-<period>.json in the output folder).
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// Folder of templates (default: `templates` beside ipr.toml, else the built-in ones).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// Consolidates, writes the report and forms, and prints a summary: exit
/// code 1 if any data-quality error.
pub fn run(args: Args, ui: &mut Ui) -> Result<u8> {
    // Settled before anything is written, so a bad templates file changes nothing.
    let (ws, period, templates) =
        args.common
            .workspace_with_templates(args.period, args.templates, "2026-09")?;
    let returns = if args.returns.is_empty() {
        ws.paths.returns.clone()
    } else {
        args.returns
    };
    if returns.is_empty() {
        bail!("no returns given: name the files or folders to read, or set returns in ipr.toml");
    }
    let out = args
        .out
        .or(ws.paths.output.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&out)
        .with_context(|| format!("the output folder {} could not be created", out.display()))?;
    // Forms come back where ipr wrote them, as well as from --actions (SPEC section 10).
    let remedial = out.join("remedial");
    let mut dirs = vec![(remedial.as_path(), true)];
    if let Some(dir) = args.actions.as_deref() {
        dirs.push((dir, false));
    }
    let folder =
        ipr::actions::read_actions_in(&dirs, &ws.settings.limits).map_err(|e| anyhow!(e))?;
    // The previous report, read before anything is written.
    let previous = match &args.previous {
        Some(file) => Some(file.clone()),
        None => PreviousReport::find_latest(
            &out,
            &ws.settings
                .calendar
                .id(ws.settings.calendar.end_month(period)),
        )
        .map_err(|e| anyhow!(e))?,
    };
    let previous = previous
        .map(|p| PreviousReport::read(&p))
        .transpose()
        .map_err(|e| anyhow!(e))?;
    super::print::workspace(ui, &ws);
    // ipr's own outputs are never read as returns.
    let own = [out.clone(), remedial.clone()];
    super::print::inputs(ui, &returns, &own);
    let bar = ProgressBar::for_terminal(ui.quiet());
    let mut c = ipr::pipeline::consolidate_with_progress(
        &ws.register,
        &returns,
        &own,
        &ws.settings,
        period,
        &|done, total| bar.tick(done, total),
    );
    bar.finish();
    // Nothing found for the period: stop before anything is written (SPEC section 10).
    if !ipr::pipeline::found_returns_for_period(&c) {
        bail!("{}", nothing_found(&c.period_id, &returns));
    }
    refuse_read_only(&out, &c.period_id)?;
    if let Some(prev) = &previous {
        ipr::pipeline::follow_previous(&mut c, prev, &ws.settings);
    }
    ipr::actions::attach(&mut c, folder.actions.clone());
    let done = publish(&c, &out, &templates.form)?;
    match args.common.format {
        Format::Json => {
            ui.data(format_args!(
                "{}",
                serde_json::to_string_pretty(&ipr::report::to_json(&c))?
            ));
            for k in &done.forms.kept {
                ui.note(format_args!(
                    "Kept {}: it already exists, so it was not overwritten.",
                    k.display()
                ));
            }
        }
        Format::Text => {
            print_consolidation(ui, &c, &done);
            print_actions(ui, &c, &folder, &dirs);
            print_forms(ui, &done.forms);
        }
    }
    Ok(u8::from(
        c.findings.iter().any(|f| f.severity == Severity::Error),
    ))
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

/// Stops the run when a report it would replace has been made read-only:
/// someone meant it to stay as it is, so it is neither replaced nor made writable.
fn refuse_read_only(out: &Path, period: &str) -> Result<()> {
    for ext in ["xlsx", "json", "html"] {
        let path = out.join(format!("IPR-{period}.{ext}"));
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.permissions().readonly() {
            bail!(
                "{} is read-only, so it was not replaced and nothing was written. If a new report is wanted, make the file writable (or move it elsewhere) and run again.",
                path.display()
            );
        }
    }
    Ok(())
}

fn print_consolidation(ui: &mut Ui, c: &Consolidation, done: &Published) {
    use ipr::model::Rag;
    let count = |rag: Rag| c.indicators.iter().filter(|i| i.rag == rag).count();
    say!(ui, "Integrated Performance Report for {}", c.period_id);
    say!(
        ui,
        "{} indicators due: {} green, {} amber, {} red, {} none, {} missing.",
        c.indicators.len(),
        count(Rag::Green),
        count(Rag::Amber),
        count(Rag::Red),
        count(Rag::None),
        count(Rag::Missing)
    );
    if let Some(t) = &c.coverage.council {
        say!(
            ui,
            "Coverage: {} of {} indicators due have a value.",
            t.returned,
            t.expected
        );
    }
    for d in &c.coverage.directorates {
        if d.returns == 0 {
            say!(ui, "  No return from {}.", d.directorate);
        }
    }
    let exceptions: Vec<_> = c.indicators.iter().filter(|i| i.exception).collect();
    say!(
        ui,
        "{} needing a remedial-action report:",
        plural(exceptions.len(), "exception")
    );
    for e in exceptions {
        let reasons: Vec<&str> = e.reasons.iter().map(|r| r.id()).collect();
        say!(
            ui,
            "  {} {} ({}): {}",
            e.code,
            e.title,
            e.directorate,
            reasons.join(", ")
        );
    }
    let earlier = c.findings.iter().filter(|f| f.earlier_period).count();
    say!(
        ui,
        "Data quality: {}; see the Data Quality sheet.",
        ipr::report::json::Counts::of(c, None).findings().words()
    );
    if earlier > 0 {
        say!(
            ui,
            "Earlier periods: {} on periods before {} (listed apart, not counted above).",
            plural(earlier, "finding"),
            c.period_id
        );
    }
    if let Some(ch) = &c.changes {
        say!(ui, "{}.", ch.line());
        say!(
            ui,
            "New since {}: {} of {}; restated figures: {}.",
            ch.month_name(),
            ch.count_new(&c.findings),
            plural(c.findings.len(), "finding"),
            c.findings
                .iter()
                .filter(|f| f.rule == ipr::model::Rule::DQ032)
                .count()
        );
        say!(ui, "Compared with {}.", ch.previous_file);
    }
    say!(ui, "Wrote {}", done.xlsx.display());
    say!(ui, "Wrote {}", done.json.display());
    say!(ui, "Wrote {}", done.html.display());
}

fn print_actions(ui: &mut Ui, c: &Consolidation, folder: &ActionsFolder, dirs: &[(&Path, bool)]) {
    let answered = folder.actions.iter().filter(|a| !a.is_blank()).count();
    // Said when --actions was given (as before), or when forms came back.
    if answered == 0 && folder.unreadable.is_empty() && dirs.len() == 1 {
        return;
    }
    let read: Vec<String> = dirs
        .iter()
        .filter(|(d, _)| d.is_dir())
        .map(|(d, _)| d.display().to_string())
        .collect();
    let exceptions = c.indicators.iter().filter(|r| r.exception).count();
    say!(
        ui,
        "Completed remedial-action forms read from {} for {} of {}.",
        read.join(" and "),
        c.actions.len(),
        plural(exceptions, "exception")
    );
    for (code, a) in &c.actions {
        if a.period != c.period_id {
            say!(
                ui,
                "  {code}: carried forward from {} ({}).",
                a.period,
                a.file_name()
            );
        }
    }
    for a in &c.awaiting_figure {
        say!(
            ui,
            "  {}: still open, no figure this month ({}).",
            a.code,
            a.file_name()
        );
    }
    if !c.stale_actions.is_empty() {
        say!(
            ui,
            "{} for indicators that are no longer exceptions (listed on the Exceptions sheet).",
            plural(c.stale_actions.len(), "completed form")
        );
    }
    for (file, why) in &folder.unreadable {
        say!(ui, "  Could not read {file}: {why}.");
    }
}

fn print_forms(ui: &mut Ui, forms: &FormsWritten) {
    if let Some(first) = forms.written.first() {
        let dir = first.parent().unwrap_or(Path::new("."));
        say!(
            ui,
            "Wrote {} to {}.",
            plural(forms.written.len(), "remedial-action form"),
            dir.display()
        );
    } else if !forms.kept.is_empty() {
        say!(ui, "No new remedial-action forms written.");
    }
    for k in &forms.kept {
        say!(
            ui,
            "  Kept {}: it already exists, so it was not overwritten.",
            k.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
    }
}
