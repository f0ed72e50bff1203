//! `ipr template`: one blank return per directorate for a period.

use super::print::{plural, say, Ui};
use super::Common;
use anyhow::{bail, Context, Result};
use std::path::PathBuf;

/// Make one blank return per directorate for a period, ready to fill in.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The period the returns are for, e.g. 2026-10 (or set `period` in ipr.toml).
    #[arg(long)]
    pub period: Option<String>,
    /// Earlier returns (files or folders) whose values are shown for reference.
    #[arg(long, value_name = "RETURNS", num_args = 1..)]
    pub history: Vec<PathBuf>,
    /// Folder to write the blank returns to (default: the current folder).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Folder of templates (default: `templates` beside ipr.toml, else the built-in ones).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// Writes the blank returns and says which were written, kept or not needed.
pub fn run(args: Args, ui: &mut Ui) -> Result<u8> {
    let (ws, period, templates) =
        args.common
            .workspace_with_templates(args.period, args.templates, "2026-10")?;
    super::print::workspace(ui, &ws);
    let out = args.out.unwrap_or_else(|| PathBuf::from("."));
    // The blank returns this run writes are never read back as history.
    let (files, problems) =
        ipr::returns::find_returns_except(&args.history, std::slice::from_ref(&out));
    if let Some(p) = problems.first() {
        bail!("{}: {}", p.file, p.message);
    }
    if ui.verbose() {
        super::print::files(ui, &files);
    }
    let earlier = ipr::pipeline::read_returns(&files, &ws.register, &ws.settings);
    let observations: Vec<_> = earlier
        .iter()
        .flat_map(|r| r.observations.iter().cloned())
        .collect();
    let index = ipr::report::template::history_index(&observations);
    let cal = ws.settings.calendar;
    // Last month's progress on the plan, to show and pre-fill (SPEC section 13).
    let mut register = ipr::model::Register::clone(&ws.register);
    if let Some(plan) = &ws.register.plan {
        let updates: Vec<_> = earlier.iter().flat_map(|r| r.updates.clone()).collect();
        let plan = (**plan).clone().with_progress(&updates, period, cal);
        register.plan = Some(std::sync::Arc::new(plan));
    }
    std::fs::create_dir_all(&out)
        .with_context(|| format!("the output folder {} could not be created", out.display()))?;
    let done = ipr::pipeline::write_templates(&register, period, cal, &index, &templates, &out)?;
    for p in &done.written {
        say!(ui, "Wrote {}", p.display());
    }
    for p in &done.kept {
        say!(
            ui,
            "Kept {}: it already exists (it may hold figures), so it was not overwritten. Move it away to make a fresh one.",
            p.display()
        );
    }
    for d in &done.nothing_due {
        say!(
            ui,
            "No return made for {d}: none of its indicators is due in {}.",
            cal.id(period)
        );
    }
    if !files.is_empty() {
        say!(
            ui,
            "Earlier values shown from {}.",
            plural(files.len(), "return")
        );
    }
    Ok(0)
}
