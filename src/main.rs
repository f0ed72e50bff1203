//! `ipr`: the command-line face of the library. Parses flags, calls the pipeline,
//! prints, and sets the exit code: 0 done; 1 done, with data-quality errors; 2 could not run.

use anyhow::{anyhow, bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use ipr::config::{load_config, ConfigPaths, Settings};
use ipr::period::Period;
use ipr::pipeline::{check, consolidate, CheckReport, Consolidation};
use ipr::quality::finding::{Finding, Severity};
use ipr::register::{load_register, Register, RegisterOptions};
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
        #[command(flatten)]
        common: Common,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("ipr: {e:#}");
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
            let report = check(&register, &returns, &settings, period);
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
            common,
        } => {
            let (paths, settings) = settings(&common)?;
            let register = register(&common, &paths, &settings)?;
            let period = period
                .or(paths.period.clone())
                .ok_or_else(|| anyhow!("no period given: add --period, for example --period 2026-09, or set period in ipr.toml"))?;
            let period = parse_period(&period, &settings)?;
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
            let c = consolidate(&register, &returns, &settings, period);
            let xlsx = out.join(format!("IPR-{}.xlsx", c.period_id));
            let json = out.join(format!("IPR-{}.json", c.period_id));
            ipr::report::write_workbook(&c, &xlsx)?;
            ipr::report::write_json(&c, &json)?;
            match common.format {
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&ipr::report::to_json(&c))?
                ),
                Format::Text => print_consolidation(&c, &xlsx, &json),
            }
            Ok(u8::from(
                c.findings.iter().any(|f| f.severity == Severity::Error),
            ))
        }
    }
}

fn settings(common: &Common) -> Result<(ConfigPaths, Settings)> {
    let path = match &common.config {
        Some(p) => Some(p.clone()),
        None => Some(PathBuf::from("ipr.toml")).filter(|p| p.is_file()),
    };
    match path {
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
