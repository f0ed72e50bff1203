//! `ipr consolidate`: every return for a period into one report, its JSON and
//! a remedial-action form per exception.

use super::print::{plural, say, Ui};
use super::progress::ProgressBar;
use super::{Common, Format};
use anyhow::Result;
use ipr::model::{Consolidation, Rule, Severity};
use ipr::pipeline::{run_month, Month, MonthOptions, MonthRun};
use ipr::report::publish::Published;
use ipr::report::FormsWritten;
use std::path::{Path, PathBuf};

/// What a run writes, said under `ipr consolidate --help` (a performance
/// officer looks here for where the web page and the forms went).
const WRITES: &str = "\
What a run writes into the output folder (--out), all together or not at all:
  IPR-<period>.xlsx   the workbook: Summary, Indicators, Exceptions (Actions and
                      Finance with a plan or a budget), Data Quality, History,
                      Register, About and a sheet per directorate
  IPR-<period>.json   the same figures for other systems
  IPR-<period>.html   the web page for members: one file, for screen, phone or print
  remedial/<period>-<code>.xlsx
                      a remedial-action form for each exception (a recovery plan
                      for each budget exception), for its owner to complete; a
                      form already there is never overwritten
  packs/IPR-<period>-<column>-<value>.xlsx and .html
                      a pack for each audience named by `packs` in ipr.toml
  replaced/           the report this run replaced, numbered (IPR-2026-09.1.xlsx)

Completed forms in remedial/ and in --actions DIR are read back on every run and
shown beside their exceptions. A month already followed by a later report is not
rewritten unless you give --replace.";

/// Consolidate every return for a period into the month's report.
#[derive(clap::Args, Debug)]
#[command(after_help = WRITES)]
pub struct Args {
    /// The month to report, e.g. 2026-09 (default: `period` in ipr.toml, else
    /// the latest month the returns hold a figure for).
    #[arg(long)]
    pub period: Option<String>,
    /// Rewrite the month's report even though the output folder holds a later
    /// one; the files replaced (and their packs) are kept in <out>/replaced/.
    #[arg(long)]
    pub replace: bool,
    /// Return files or folders (searched recursively); default: `returns` in ipr.toml.
    #[arg(value_name = "RETURNS")]
    pub returns: Vec<PathBuf>,
    /// Output folder (default: `output` in ipr.toml, else the current folder).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Another folder of completed remedial-action forms (and recovery plans) to
    /// show beside their exceptions, as well as <out>/remedial.
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
    let (ws, templates) = args
        .common
        .workspace_for_month(args.period, args.templates)?;
    let mut opts = MonthOptions::new(&ws, ws.period, &templates.form);
    opts.replace = args.replace;
    if !args.returns.is_empty() {
        opts.returns = args.returns;
    }
    if let Some(out) = args.out {
        opts.out = out;
    }
    opts.actions = args.actions;
    opts.previous = args.previous;
    super::print::workspace(ui, &ws);
    super::print::inputs(
        ui,
        &opts.returns,
        &ipr::pipeline::month::own_folders(&opts.out),
    );
    let bar = ProgressBar::for_terminal(ui.quiet());
    let run = run_month(&opts, &|done, total| bar.tick(done, total));
    bar.finish();
    let MonthRun { month, published } = run?;
    let c = &month.consolidation;
    match args.common.format {
        Format::Json => {
            if let Some(line) = month.period_line() {
                ui.note(format_args!("{line}."));
            }
            ui.data(format_args!(
                "{}",
                serde_json::to_string_pretty(&ipr::report::to_json(c))?
            ));
            for k in &published.forms.kept {
                ui.note(format_args!(
                    "Kept {}: it already exists, so it was not overwritten.",
                    k.display()
                ));
            }
        }
        Format::Text => {
            if let Some(line) = month.period_line() {
                say!(ui, "{line}.");
            }
            print_consolidation(ui, c, &published);
            print_packs(ui, &month, &opts.out);
            print_forms_back(ui, &month, opts.actions.is_some());
            print_forms(ui, &published.forms);
        }
    }
    Ok(u8::from(
        c.findings.iter().any(|f| f.severity == Severity::Error),
    ))
}

fn print_consolidation(ui: &mut Ui, c: &Consolidation, done: &Published) {
    use ipr::model::Rag;
    let count = |rag: Rag| c.indicators.iter().filter(|i| i.rag == rag).count();
    say!(ui, "Integrated Performance Report for {}", c.period_id);
    say!(
        ui,
        "{} due: {} green, {} amber, {} red, {} {}, {} missing.",
        plural(c.indicators.len(), "indicator"),
        count(Rag::Green),
        count(Rag::Amber),
        count(Rag::Red),
        count(Rag::None),
        // "no target", the word the sheets and the page give RAG none.
        Rag::None.word().to_lowercase(),
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
    print_missing(ui, c);
    let exceptions: Vec<_> = c.indicators.iter().filter(|i| i.exception).collect();
    say!(
        ui,
        "{} needing a remedial-action report:",
        plural(exceptions.len(), "exception")
    );
    for e in exceptions {
        // In words, as the workbook says them: "Red; forecast misses annual target".
        say!(
            ui,
            "  {} {} ({}): {}",
            e.code,
            e.title,
            e.directorate,
            ipr::report::reasons_words(&e.reasons)
        );
    }
    if let Some(plan) = &c.actions {
        print_actions(ui, c, plan);
    }
    if let Some(b) = &c.budget {
        print_budget(ui, c, b);
    } else if let Some(f) = c.findings.iter().find(|f| f.rule == Rule::DQ088) {
        // The month is outside the budget's year: said once, not per line.
        say!(ui, "{}", f.message);
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
        if let Some(line) = ch.no_figure_line() {
            say!(ui, "{line}.");
        }
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
    if let Some(first) = done.replaced.first() {
        // The report's own files by name; its packs counted.
        let own = format!("IPR-{}.", c.period_id);
        let (names, packs): (Vec<String>, Vec<String>) = done
            .replaced
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .partition(|n| n.starts_with(&own));
        let packs = match packs.len() {
            0 => String::new(),
            n => format!(", and {} of its packs", plural(n, "file")),
        };
        let folder = first.parent().unwrap_or(Path::new("."));
        say!(
            ui,
            "The report it replaced is in {}: {}{packs}",
            folder.display(),
            names.join(", ")
        );
    }
}

/// The indicators due with no figure this month, by code, for the team to
/// chase (at most [`MISSING_SHOWN`], then how many more).
fn print_missing(ui: &mut Ui, c: &Consolidation) {
    let missing: Vec<&str> = c
        .indicators
        .iter()
        .filter(|i| i.rag == ipr::model::Rag::Missing)
        .map(|i| i.code.as_str())
        .collect();
    if missing.is_empty() {
        return;
    }
    let mut codes = missing[..missing.len().min(MISSING_SHOWN)].join(", ");
    if missing.len() > MISSING_SHOWN {
        codes.push_str(&format!(
            " and {} more (see the Indicators sheet)",
            missing.len() - MISSING_SHOWN
        ));
    }
    say!(
        ui,
        "No figure this month for {}: {codes}.",
        plural(missing.len(), "indicator")
    );
}

/// How many missing indicators the console names.
const MISSING_SHOWN: usize = 30;

/// The packs written (SPEC section 14), each with what it holds, and how
/// many items are in no pack of each column.
fn print_packs(ui: &mut Ui, month: &ipr::pipeline::Month, out: &std::path::Path) {
    for p in &month.consolidation.packs {
        let actions = if p.actions.is_empty() {
            String::new()
        } else {
            format!(", {}", plural(p.actions.len(), "action"))
        };
        let budget = if p.budget.is_empty() {
            String::new()
        } else {
            format!(", {}", plural(p.budget.len(), "budget line"))
        };
        say!(
            ui,
            "Pack for {}: {}{actions}{budget}; wrote {}",
            p.audience().words(),
            plural(p.indicators.len(), "indicator"),
            p.files
                .iter()
                .map(|f| out.join(f).display().to_string())
                .collect::<Vec<_>>()
                .join(" and ")
        );
    }
    for u in &month.unpacked {
        for (n, what) in [(u.indicators, "indicator"), (u.actions, "action")] {
            if n > 0 {
                let verb = if n == 1 { "is" } else { "are" };
                say!(ui, "{} {verb} in no {} pack.", plural(n, what), u.column);
            }
        }
    }
}

/// The action plan (SPEC section 13): counts by RAG, the action exceptions,
/// the action findings and the line of actions since last month.
fn print_actions(ui: &mut Ui, c: &Consolidation, plan: &ipr::model::PlanReport) {
    say!(
        ui,
        "Action plan: {}.",
        ipr::report::json::ActionCounts::of(plan, None).words()
    );
    let exceptions: Vec<_> = plan.exceptions().collect();
    say!(
        ui,
        "{} needing a remedial-action report:",
        plural(exceptions.len(), "action exception")
    );
    for e in exceptions {
        let reasons: Vec<&str> = e.reasons.iter().map(|r| r.id()).collect();
        say!(
            ui,
            "  {} {} ({}): {}",
            e.reference,
            e.title,
            e.directorate,
            reasons.join(", ")
        );
    }
    let mut counts = ipr::model::FindingCounts::default();
    let action_rule = |f: &&ipr::model::Finding| f.rule.kind() == ipr::model::rules::Kind::Action;
    for f in c.findings.iter().filter(action_rule) {
        counts.add(f);
    }
    say!(ui, "Action plan data quality: {}.", counts.words());
    if let Some(line) = plan.since_line() {
        say!(ui, "{line}.");
    }
}

/// The budget (SPEC section 16): the lines by RAG, the totals of each Type
/// (revenue and capital never added together), the budget exceptions and
/// the budget findings.
fn print_budget(ui: &mut Ui, c: &Consolidation, b: &ipr::model::BudgetReport) {
    say!(ui, "Finance: {}.", b.summary.lines.words());
    for t in b.summary.totals.iter().filter(|t| t.directorate.is_none()) {
        say!(ui, "  {}.", t.words());
    }
    let exceptions: Vec<_> = b.exceptions().collect();
    say!(
        ui,
        "{} needing a recovery plan:",
        plural(exceptions.len(), "budget exception")
    );
    for e in exceptions {
        let reasons = ipr::report::budget_forms::budget_reason_words(&e.reasons);
        let forecast = e
            .variance
            .map(|v| format!(", forecast to {}", e.line_type.variance_words(v)))
            .unwrap_or_default();
        let plan = match b.remedial.get(&e.reference) {
            Some(a) => format!(
                "recovery plan {} ({})",
                a.status.as_deref().unwrap_or("answered"),
                a.file_name()
            ),
            None => "recovery plan outstanding".to_string(),
        };
        say!(
            ui,
            "  {} {} ({}): {}{forecast}; {plan}",
            e.reference,
            e.service,
            e.directorate,
            reasons
        );
    }
    if !b.stale_remedial.is_empty() {
        say!(
            ui,
            "{} for budget lines that are no longer exceptions.",
            plural(b.stale_remedial.len(), "completed recovery plan")
        );
    }
    let mut counts = ipr::model::FindingCounts::default();
    let budget_rule = |f: &&ipr::model::Finding| f.rule.kind() == ipr::model::rules::Kind::Budget;
    for f in c.findings.iter().filter(budget_rule) {
        counts.add(f);
    }
    say!(ui, "Finance data quality: {}.", counts.words());
}

fn print_forms_back(ui: &mut Ui, month: &Month, actions_given: bool) {
    let (c, folder) = (&month.consolidation, &month.forms_back);
    let answered = folder.forms.iter().filter(|a| !a.is_blank()).count();
    // Said when --actions was given (as before), or when forms came back.
    if answered == 0 && folder.unreadable.is_empty() && !actions_given {
        return;
    }
    let read: Vec<String> = month
        .forms_folders
        .iter()
        .map(|d| d.display().to_string())
        .collect();
    let exceptions = c.indicators.iter().filter(|r| r.exception).count();
    say!(
        ui,
        "Completed remedial-action forms read from {} for {} of {}.",
        read.join(" and "),
        c.remedial.len(),
        plural(exceptions, "exception")
    );
    if let Some(b) = &c.budget {
        say!(
            ui,
            "Recovery plans back for {} of {}.",
            b.remedial.len(),
            plural(b.exceptions().count(), "budget exception")
        );
    }
    for (code, a) in &c.remedial {
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
    if !c.stale_remedial.is_empty() {
        say!(
            ui,
            "{} for indicators that are no longer exceptions (listed on the Exceptions sheet).",
            plural(c.stale_remedial.len(), "completed form")
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
