//! `ipr`: the command-line face of the library. Parses flags, calls the pipeline,
//! prints, and sets the exit code: 0 done; 1 done, with data-quality errors; 2 could not run.

use anyhow::{anyhow, bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use ipr::config::{load_config, ConfigPaths, Settings};
use ipr::period::Period;
use ipr::pipeline::{attach_actions, CheckReport, Consolidation};
use ipr::quality::finding::{Finding, Severity};
use ipr::register::{load_register, Register, RegisterOptions};
use ipr::report::{FormsWritten, Templates};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Integrated Performance Report: check, consolidate and assess performance returns.
#[derive(Parser, Debug)]
#[command(name = "ipr", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Debug)]
struct Common {
    /// The indicator register (.xlsx, .xls, .ods or .csv).
    #[arg(long, value_name = "FILE")]
    register: Option<PathBuf>,
    /// Settings file (default: ipr.toml in the current folder, if present).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Output format for what is printed.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check the data quality of one or more returns before submission.
    Check {
        /// Return files or folders.
        #[arg(required = true, value_name = "RETURN")]
        returns: Vec<PathBuf>,
        /// Check against this reporting period (e.g. 2026-09) instead of each return's own.
        #[arg(long)]
        period: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Consolidate every return for a period into IPR-<period>.xlsx and .json.
    Consolidate {
        /// The month to report, e.g. 2026-09 (or set `period` in ipr.toml).
        #[arg(long)]
        period: Option<String>,
        /// Return files or folders (searched recursively); default: `returns` in ipr.toml.
        #[arg(value_name = "RETURNS")]
        returns: Vec<PathBuf>,
        /// Output folder (default: `output` in ipr.toml, else the current folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Folder of completed remedial-action forms to show beside their exceptions.
        #[arg(long, value_name = "DIR")]
        actions: Option<PathBuf>,
        /// Folder of templates (default: `templates` beside ipr.toml, else the built-in ones).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Make one blank return per directorate for a period, ready to fill in.
    Template {
        /// The period the returns are for, e.g. 2026-10 (or set `period` in ipr.toml).
        #[arg(long)]
        period: Option<String>,
        /// Earlier returns (files or folders) whose values are shown for reference.
        #[arg(long, value_name = "RETURNS", num_args = 1..)]
        history: Vec<PathBuf>,
        /// Folder to write the blank returns to (default: the current folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Folder of templates (default: `templates` beside ipr.toml, else the built-in ones).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Create a working folder with settings, a register and sample returns.
    Init {
        /// The folder to create (it must be new or empty).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Write into a folder that already has files in it.
        #[arg(long)]
        force: bool,
    },
}

/// The last panic's message. A damaged file can make a reader panic; ipr catches
/// that and reports the file as unreadable, so the default hook's text (which
/// means nothing to a performance officer) is kept here instead of printed.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn main() -> ExitCode {
    let cli = Cli::parse();
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(info.to_string());
        }
    }));
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli))) {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(e)) => {
            eprintln!("ipr: {e:#}");
            ExitCode::from(2)
        }
        Err(_) => {
            let detail = LAST_PANIC
                .lock()
                .ok()
                .and_then(|mut l| l.take())
                .unwrap_or_default();
            eprintln!(
                "ipr: an internal fault stopped the run. Outputs are written whole or not at all, so no report was left half-written, and your files were not changed. This is a fault in ipr, not in your files: please report it with this detail: {detail}"
            );
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Check {
            returns,
            period,
            common,
        } => {
            let (paths, settings) = settings(&common)?;
            let register = register(&common, &paths, &settings)?;
            let period = period.map(|p| parse_period(&p, &settings)).transpose()?;
            let bar = ProgressBar::for_terminal();
            let report = ipr::pipeline::check_with_progress(
                &register,
                &returns,
                &settings,
                period,
                &|done, total| bar.tick(done, total),
            );
            bar.finish();
            match common.format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
                Format::Text => print_check(&report),
            }
            Ok(u8::from(report.summary.errors > 0))
        }
        Command::Consolidate {
            period,
            returns,
            out,
            actions,
            templates,
            common,
        } => {
            let (paths, settings) = settings(&common)?;
            let register = register(&common, &paths, &settings)?;
            let period = chosen_period(period, &paths, &settings, "2026-09")?;
            let returns = if returns.is_empty() {
                paths.returns.clone()
            } else {
                returns
            };
            if returns.is_empty() {
                bail!("no returns given: name the files or folders to read, or set returns in ipr.toml");
            }
            let out = out
                .or(paths.output.clone())
                .unwrap_or_else(|| PathBuf::from("."));
            std::fs::create_dir_all(&out).with_context(|| {
                format!("the output folder {} could not be created", out.display())
            })?;
            // Settled before anything is written, so a bad templates file changes nothing.
            let templates = load_templates(templates.as_deref(), &common)?;
            let folder = actions
                .as_deref()
                .map(|dir| ipr::actions::read_actions(dir, &settings.limits))
                .transpose()
                .map_err(|e| anyhow!(e))?;
            let bar = ProgressBar::for_terminal();
            let mut c = ipr::pipeline::consolidate_with_progress(
                &register,
                &returns,
                &settings,
                period,
                &|done, total| bar.tick(done, total),
            );
            bar.finish();
            if let Some(folder) = &folder {
                attach_actions(&mut c, folder.actions.clone());
            }
            let xlsx = out.join(format!("IPR-{}.xlsx", c.period_id));
            let json = out.join(format!("IPR-{}.json", c.period_id));
            // The forms are built, and written under temporary names, on another
            // thread while the report is built; they are put in place only once the
            // report is written, so a run that cannot write its report writes no forms
            // (the temporary files are deleted).
            let remedial = out.join("remedial");
            let (report, forms) = std::thread::scope(|s| {
                let forms =
                    s.spawn(|| ipr::report::prepare_forms(&c, &remedial, &templates.form)?.stage());
                let report = ipr::report::build_report(&c, &xlsx, &json);
                (report, forms.join())
            });
            report?.write()?;
            ipr::report::html::write_html(&c, &out)?;
            let forms = forms
                .map_err(|_| anyhow!("the remedial-action forms could not be built"))??
                .commit()?;
            match common.format {
                Format::Json => {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&ipr::report::to_json(&c))?
                    );
                    for k in &forms.kept {
                        eprintln!(
                            "Kept {}: it already exists, so it was not overwritten.",
                            k.display()
                        );
                    }
                }
                Format::Text => {
                    print_consolidation(&c, &xlsx, &json);
                    print_actions(&c, folder.as_ref(), actions.as_deref());
                    print_forms(&forms);
                }
            }
            Ok(u8::from(
                c.findings.iter().any(|f| f.severity == Severity::Error),
            ))
        }
        Command::Template {
            period,
            history,
            out,
            templates,
            common,
        } => {
            let (paths, settings) = settings(&common)?;
            let register = register(&common, &paths, &settings)?;
            let period = chosen_period(period, &paths, &settings, "2026-10")?;
            let templates = load_templates(templates.as_deref(), &common)?;
            let (files, problems) = ipr::pipeline::find_returns(&history);
            if let Some(p) = problems.first() {
                bail!("{}: {}", p.file, p.message);
            }
            let earlier = ipr::pipeline::read_returns(&files, &register, &settings);
            let observations: Vec<_> = earlier
                .iter()
                .flat_map(|r| r.observations.iter().cloned())
                .collect();
            let index = ipr::report::template::history_index(&observations);
            let out = out.unwrap_or_else(|| PathBuf::from("."));
            std::fs::create_dir_all(&out).with_context(|| {
                format!("the output folder {} could not be created", out.display())
            })?;
            let done = ipr::report::write_return_templates(
                &register,
                period,
                settings.year_start,
                &index,
                &templates,
                &out,
            )?;
            for p in &done.written {
                println!("Wrote {}", p.display());
            }
            for p in &done.kept {
                println!(
                    "Kept {}: it already exists (it may hold figures), so it was not overwritten. Move it away to make a fresh one.",
                    p.display()
                );
            }
            for d in &done.nothing_due {
                println!(
                    "No return made for {d}: none of its indicators is due in {}.",
                    period.id(settings.year_start)
                );
            }
            if !files.is_empty() {
                println!(
                    "Earlier values shown from {}.",
                    plural(files.len(), "return")
                );
            }
            Ok(0)
        }
        Command::Init { dir, force } => {
            let written = ipr::init::init(&dir, force)?;
            println!(
                "Created a working folder at {} ({}).",
                dir.display(),
                plural(written.len(), "file")
            );
            println!("Next: cd {} and run: ipr consolidate", dir.display());
            Ok(0)
        }
    }
}

fn print_actions(
    c: &Consolidation,
    folder: Option<&ipr::actions::ActionsFolder>,
    dir: Option<&Path>,
) {
    let (Some(folder), Some(dir)) = (folder, dir) else {
        return;
    };
    let exceptions = c.indicators.iter().filter(|r| r.exception).count();
    println!(
        "Completed remedial-action forms read from {} for {} of {}.",
        dir.display(),
        c.actions.len(),
        plural(exceptions, "exception")
    );
    for (code, a) in &c.actions {
        if a.period != c.period_id {
            println!(
                "  {code}: carried forward from {} ({}).",
                a.period,
                a.file_name()
            );
        }
    }
    if !c.stale_actions.is_empty() {
        println!(
            "{} for indicators that are no longer exceptions (listed on the Exceptions sheet).",
            plural(c.stale_actions.len(), "completed form")
        );
    }
    for (file, why) in &folder.unreadable {
        println!("  Could not read {file}: {why}.");
    }
}

fn print_forms(forms: &FormsWritten) {
    if let Some(first) = forms.written.first() {
        let dir = first.parent().unwrap_or(Path::new("."));
        println!(
            "Wrote {} to {}.",
            plural(forms.written.len(), "remedial-action form"),
            dir.display()
        );
    } else if !forms.kept.is_empty() {
        println!("No new remedial-action forms written.");
    }
    for k in &forms.kept {
        println!(
            "  Kept {}: it already exists, so it was not overwritten.",
            k.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
    }
}

/// The templates folder: `--templates`, else `templates` beside the settings
/// file, else the copies built into ipr.
fn load_templates(flag: Option<&Path>, common: &Common) -> Result<Templates> {
    let dir = match flag {
        Some(d) if d.is_dir() => Some(d.to_path_buf()),
        Some(d) => bail!(
            "the templates folder {} does not exist or is not a folder",
            d.display()
        ),
        None => config_path(common)
            .map(|p| match p.parent() {
                Some(dir) if !dir.as_os_str().is_empty() => dir.join("templates"),
                _ => PathBuf::from("templates"),
            })
            .filter(|d| d.is_dir()),
    };
    Ok(Templates::load(dir.as_deref())?)
}

fn config_path(common: &Common) -> Option<PathBuf> {
    match &common.config {
        Some(p) => Some(p.clone()),
        None => Some(PathBuf::from("ipr.toml")).filter(|p| p.is_file()),
    }
}

fn settings(common: &Common) -> Result<(ConfigPaths, Settings)> {
    match config_path(common) {
        Some(p) => Ok(load_config(&p)?),
        None => Ok((ConfigPaths::default(), Settings::default())),
    }
}

fn register(common: &Common, paths: &ConfigPaths, settings: &Settings) -> Result<Register> {
    let path = common
        .register
        .clone()
        .or(paths.register.clone())
        .ok_or_else(|| {
            anyhow!("no register given: add --register FILE, or set register in ipr.toml")
        })?;
    let opts = RegisterOptions {
        year_start: settings.year_start,
        default_tolerance: settings.default_tolerance,
        limits: settings.limits,
    };
    Ok(load_register(&path, &path.display().to_string(), &opts)?)
}

/// The period from the flag, else `period` in ipr.toml; `example` shows how to give one.
fn chosen_period(
    flag: Option<String>,
    paths: &ConfigPaths,
    settings: &Settings,
    example: &str,
) -> Result<Period> {
    let text = flag.or(paths.period.clone()).ok_or_else(|| {
        anyhow!("no period given: add --period, for example --period {example}, or set period in ipr.toml")
    })?;
    parse_period(&text, settings)
}

fn parse_period(text: &str, settings: &Settings) -> Result<Period> {
    let ys = settings.year_start;
    Period::parse_id(text, ys)
        .or_else(|| Period::parse(text, ys, None))
        .ok_or_else(|| {
            anyhow!(
                "'{text}' is not a period; write it as 2026-09 (a month), 2026/27-Q2 or 2026/27"
            )
        })
}

fn print_finding(f: &Finding) {
    let sev = match (f.severity, f.explained) {
        (Severity::Error, _) => "ERROR",
        (Severity::Warning, true) => "WARNING (explained)",
        (Severity::Warning, false) => "WARNING",
    };
    let loc = if f.file.is_empty() {
        f.directorate.clone().unwrap_or_default()
    } else {
        f.location()
    };
    println!("{sev} {} [{}] {loc}", f.rule, f.dimension.as_str());
    println!("  {}", f.message);
    if let Some(n) = f.note.as_deref().filter(|_| f.explained) {
        println!("  Data note: {n}");
    }
    println!("  What to do: {}", f.hint);
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn print_check(r: &CheckReport) {
    for f in &r.findings {
        print_finding(f);
    }
    if !r.findings.is_empty() {
        println!();
    }
    for c in &r.summary.coverage {
        println!(
            "{}: {} of {} indicators due have a value.",
            c.directorate, c.returned, c.expected
        );
    }
    let s = &r.summary;
    println!(
        "{} checked: {}, {} ({} explained).",
        plural(s.files, "file"),
        plural(s.errors, "error"),
        plural(s.warnings + s.explained, "warning"),
        s.explained
    );
    if s.errors > 0 {
        println!("Fix the errors before you submit the return.");
    } else {
        println!("No errors: the return can be submitted.");
    }
}

fn print_consolidation(c: &Consolidation, xlsx: &Path, json: &Path) {
    use ipr::assess::Rag;
    let count = |rag: Rag| c.indicators.iter().filter(|i| i.rag == rag).count();
    println!("Integrated Performance Report for {}", c.period_id);
    println!(
        "{} indicators due: {} green, {} amber, {} red, {} none, {} missing.",
        c.indicators.len(),
        count(Rag::Green),
        count(Rag::Amber),
        count(Rag::Red),
        count(Rag::None),
        count(Rag::Missing)
    );
    if let Some(t) = &c.coverage.council {
        println!(
            "Coverage: {} of {} indicators due have a value.",
            t.returned, t.expected
        );
    }
    for d in &c.coverage.directorates {
        if d.returns == 0 {
            println!("  No return from {}.", d.directorate);
        }
    }
    let exceptions: Vec<_> = c.indicators.iter().filter(|i| i.exception).collect();
    println!(
        "{} needing a remedial-action report:",
        plural(exceptions.len(), "exception")
    );
    for e in exceptions {
        let reasons: Vec<&str> = e.reasons.iter().map(|r| r.id()).collect();
        println!(
            "  {} {} ({}): {}",
            e.code,
            e.title,
            e.directorate,
            reasons.join(", ")
        );
    }
    let errors = c
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let explained = c
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning && f.explained)
        .count();
    let warnings = c
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    println!(
        "Data quality: {}, {} ({} explained); see the Data Quality sheet.",
        plural(errors, "error"),
        plural(warnings, "warning"),
        explained
    );
    println!("Wrote {}", xlsx.display());
    println!("Wrote {}", json.display());
}

/// A progress bar on stderr for long runs, shown only on a terminal (never in
/// pipes, files or CI logs) and only when there are enough files to wait for.
struct ProgressBar {
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
    on_terminal: bool,
}

impl ProgressBar {
    /// Files below which a run is quick enough not to need a bar.
    const MIN_FILES: usize = 20;

    fn for_terminal() -> ProgressBar {
        use std::io::IsTerminal;
        ProgressBar {
            bar: std::sync::OnceLock::new(),
            on_terminal: std::io::stderr().is_terminal(),
        }
    }

    /// One more file read (called from the reading threads).
    fn tick(&self, _done: usize, total: usize) {
        if !self.on_terminal || total < Self::MIN_FILES {
            return;
        }
        // Made on the first tick, once the number of files is known.
        let bar = self.bar.get_or_init(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "Reading returns {bar:40} {pos}/{len} files ({eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        });
        bar.inc(1);
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}
