//! Generates a realistic set of returns for benchmarking `ipr` at scale.
//!
//! ```text
//! cargo run --release --example generate -- \
//!     --directorates 20 --months 12 --indicators 100 --seed 1 --out target/bench/council
//! ```
//!
//! Writes into `--out`:
//! - `register.xlsx`: `directorates × indicators` indicators (sheet `Indicators`);
//! - `ipr.toml`: register, returns folder, `period` = the last month generated;
//! - `returns/<YYYY-MM>/<Directorate>-<YYYY-MM>.xlsx`: one return per directorate
//!   and month, financial year 2025/26 from April.
//!
//! The mix of layouts is the honest one for a council: most directorates send the
//! long layout (one row per indicator, header synonyms varying by directorate),
//! one in five a wide layout (a column per month, the year so far, so these files
//! grow through the year), and one in seven fills in the template made by
//! `ipr template` (its Return sheet filled in cell by cell, as Excel would).
//!
//! Values follow each indicator's own level, trend and noise, so history rules
//! see realistic series. About 1.5% of figures carry a planted data-quality
//! problem (blank, `n/a`, `TBC`, out of range, a percent as a bare fraction,
//! a numerator that disagrees, text in a number cell), about 2% of returns carry
//! a code not in the register, and about 1% of returns are missing.
//! The same arguments give the same bytes (every workbook is dated 1 April 2025).
//!
//! `--actions N` (default 0: none) adds an action plan of N actions and each
//! directorate's monthly progress on it (`generate/actions.rs`).
//! `--budget N` (default 0: none) adds a budget of N lines and each
//! directorate's monthly budget monitoring (`generate/budget.rs`).

use ipr::period::{Calendar, Period};
use ipr::register::{load_register, RegisterOptions};
use ipr::report::template::{return_template_bytes, HEADER_ROW};
use ipr::report::Templates;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

mod actions;
mod budget;
mod council;
mod indicators;
mod returns;

use council::{plan_actions, register_workbook, write_budget, write_plan};
use indicators::*;
use returns::{long_return, template_return, thousands, wide_return};

/// A new workbook dated 1 April 2025, never the current time, so that the
/// same arguments give the same bytes (and the templates' register hash).
fn new_workbook() -> Workbook {
    let created = chrono::NaiveDate::from_ymd_opt(2025, 4, 1)
        .unwrap_or_default()
        .and_time(chrono::NaiveTime::MIN)
        .and_utc();
    let mut wb = Workbook::new();
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    wb
}

/// First calendar year of the financial year generated (2025/26).
const FIRST_YEAR: i32 = 2025;

const NAMES: &[&str] = &[
    "Adults and Health",
    "Children and Families",
    "Place",
    "Resources",
    "Housing and Communities",
    "Public Health",
    "Economy and Regeneration",
    "Environment and Waste",
    "Transport and Highways",
    "Culture and Leisure",
    "Customer Services",
    "Finance",
    "Legal and Democratic Services",
    "Planning",
    "Education and Skills",
    "Community Safety",
    "Corporate Strategy",
    "Digital and IT",
    "People and Organisational Development",
    "Commercial Services",
];

/// splitmix64: small, fast, and the same on every machine.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(parts: &[u64]) -> Rng {
        let mut r = Rng(0x9E37_79B9_7F4A_7C15);
        for p in parts {
            r.0 ^= p.wrapping_mul(0xBF58_476D_1CE4_E5B9);
            r.next();
        }
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn f(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f()
    }
    fn chance(&mut self, p: f64) -> bool {
        self.f() < p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() % xs.len() as u64) as usize]
    }
    /// Roughly normal (sum of uniforms), mean 0, sd 1.
    fn normal(&mut self) -> f64 {
        ((0..6).map(|_| self.f()).sum::<f64>() - 3.0) * std::f64::consts::SQRT_2
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Unit {
    Percent,
    Count,
    Currency,
    Days,
    Rate,
    Number,
}

impl Unit {
    fn word(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::Count => "count",
            Unit::Currency => "currency",
            Unit::Days => "days",
            Unit::Rate => "rate",
            Unit::Number => "number",
        }
    }
    fn decimals(self) -> u32 {
        match self {
            Unit::Count | Unit::Currency => 0,
            Unit::Rate => 2,
            _ => 1,
        }
    }
}

struct Ind {
    code: String,
    title: String,
    dir: usize,
    unit: Unit,
    polarity: &'static str,
    frequency: &'static str,
    cumulative: bool,
    base: f64,
    trend: f64,
    noise: f64,
    target: f64,
}

/// One figure as it is to be written.
#[derive(Clone, Debug, PartialEq)]
enum Fig {
    Num(f64),
    /// A percent typed as `85%` (stored 0.85 in a percent-formatted cell).
    PercentCell(f64),
    Text(String),
    Blank,
}

/// A row's figures for one indicator and month.
struct Row {
    fig: Fig,
    numerator: Option<f64>,
    denominator: Option<f64>,
    forecast: Option<f64>,
    commentary: Option<&'static str>,
    note: Option<&'static str>,
}

struct Args {
    directorates: usize,
    months: u32,
    indicators: usize,
    seed: u64,
    out: PathBuf,
    /// Actions in the plan (0: no plan).
    actions: usize,
    /// The plan's actions, made once `--actions` is read.
    plan: Vec<actions::Action>,
    /// Lines in the budget (0: no budget).
    budget: usize,
    /// The budget's lines, made once `--budget` is read.
    lines: Vec<budget::Line>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        directorates: 20,
        months: 12,
        indicators: 100,
        seed: 1,
        out: PathBuf::from("target/bench/council"),
        actions: 0,
        plan: Vec::new(),
        budget: 0,
        lines: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut val = || it.next().ok_or(format!("{flag} needs a value"));
        let num = |s: String| {
            s.parse::<u64>()
                .map_err(|_| format!("{flag}: not a number"))
        };
        match flag.as_str() {
            "--directorates" => a.directorates = num(val()?)? as usize,
            "--months" => a.months = num(val()?)? as u32,
            "--indicators" => a.indicators = num(val()?)? as usize,
            "--seed" => a.seed = num(val()?)?,
            "--out" => a.out = PathBuf::from(val()?),
            "--actions" => a.actions = num(val()?)? as usize,
            "--budget" => a.budget = num(val()?)? as usize,
            "-h" | "--help" => {
                return Err("usage: generate --directorates N --months M (1-12) --indicators K --seed S --out DIR [--actions N] [--budget N]".into())
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if !(1..=12).contains(&a.months) || a.directorates == 0 || a.indicators == 0 {
        return Err("--months must be 1 to 12; --directorates and --indicators at least 1".into());
    }
    Ok(a)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::File::create(path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn run(a: &Args) -> Result<(), String> {
    let inds = make_indicators(a);
    std::fs::create_dir_all(&a.out).map_err(|e| e.to_string())?;
    let reg_path = a.out.join("register.xlsx");
    write(
        &reg_path,
        &register_workbook(&inds, a).map_err(|e| e.to_string())?,
    )?;
    let last = month_id(a.months - 1);
    write(
        &a.out.join("ipr.toml"),
        (format!(
            "# Generated by `cargo run --example generate` (seed {}).\nregister = \"register.xlsx\"\nreturns = [\"returns\"]\noutput = \"output\"\nperiod = \"{last}\"\nyear_start_month = 4\n{}",
            a.seed,
            if a.actions > 0 { "action_plan = \"plan.xlsx\"\n" } else { "" },
        ) + if a.budget > 0 { "budget = \"budget.xlsx\"\n" } else { "" })
            .as_bytes(),
    )?;
    if a.actions > 0 {
        write_plan(a)?;
    }
    if a.budget > 0 {
        write_budget(a)?;
    }
    // The template writer needs the register as ipr reads it.
    let register = load_register(&reg_path, "register.xlsx", &RegisterOptions::default())
        .map_err(|e| e.to_string())?;
    let templates = Templates::builtin().map_err(|e| e.to_string())?;
    let by_code: BTreeMap<String, (usize, &Ind)> = inds
        .iter()
        .enumerate()
        .map(|(i, g)| (g.code.clone(), (i, g)))
        .collect();
    let mut jobs: Vec<(usize, u32)> = Vec::new();
    for t in 0..a.months {
        for d in 0..a.directorates {
            jobs.push((d, t));
        }
    }
    let (mut long, mut wide, mut tmpl, mut missing) = (0usize, 0usize, 0usize, 0usize);
    let counts = std::sync::Mutex::new((0usize, 0usize, 0usize, 0usize));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let errors: Vec<String> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| -> Result<(), String> {
                    loop {
                        let j = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&(d, t)) = jobs.get(j) else {
                            return Ok(());
                        };
                        let mut r = Rng::new(&[a.seed, 6, d as u64, u64::from(t)]);
                        // The report month is always complete enough to assess.
                        if t + 1 < a.months && r.chance(0.01) {
                            counts.lock().map_err(|e| e.to_string())?.3 += 1;
                            continue;
                        }
                        let dir = directorate_name(d);
                        let mine: Vec<(usize, &Ind)> = inds
                            .iter()
                            .enumerate()
                            .skip(d * a.indicators)
                            .take(a.indicators)
                            .collect();
                        let (bytes, kind) = if d % 5 == 1 {
                            (
                                wide_return(a, &dir, d, &mine, t).map_err(|e| e.to_string())?,
                                1,
                            )
                        } else if d % 7 == 3 {
                            (
                                template_return(a, &register, &templates, &dir, &by_code, t)?,
                                2,
                            )
                        } else {
                            (
                                long_return(a, &dir, d, &mine, t).map_err(|e| e.to_string())?,
                                0,
                            )
                        };
                        let id = month_id(t);
                        let name = format!("{}-{id}.xlsx", dir.replace(' ', "-"));
                        write(&a.out.join("returns").join(&id).join(name), &bytes)?;
                        let mut c = counts.lock().map_err(|e| e.to_string())?;
                        match kind {
                            0 => c.0 += 1,
                            1 => c.1 += 1,
                            _ => c.2 += 1,
                        }
                    }
                })
            })
            .collect();
        hs.into_iter()
            .filter_map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a worker panicked".into()))
                    .err()
            })
            .collect()
    });
    if let Some(e) = errors.first() {
        return Err(e.clone());
    }
    if let Ok(c) = counts.lock() {
        (long, wide, tmpl, missing) = *c;
    }
    println!(
        "Wrote {} indicators and {} returns ({long} long, {wide} wide, {tmpl} template; {missing} left out as missing) to {}. Consolidate with:\n  ipr consolidate --config {}",
        inds.len(),
        long + wide + tmpl,
        a.out.display(),
        a.out.join("ipr.toml").display()
    );
    Ok(())
}

fn main() {
    let code = match parse_args().and_then(|mut a| {
        if a.actions > 0 {
            a.plan = plan_actions(&a);
        }
        a.lines = budget::make_lines(a.budget, a.directorates, a.seed);
        run(&a)
    }) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("generate: {e}");
            2
        }
    };
    std::process::exit(code);
}
