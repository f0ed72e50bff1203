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
//! The same arguments give the same files.
//!
//! `--actions N` (default 0: none) adds an action plan of N actions and each
//! directorate's monthly progress on it (`generate/actions.rs`).

use ipr::period::{Calendar, Period};
use ipr::register::{load_register, RegisterOptions};
use ipr::report::template::{return_template_bytes, HEADER_ROW};
use ipr::report::Templates;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[path = "generate/actions.rs"]
mod actions;

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
            "-h" | "--help" => {
                return Err("usage: generate --directorates N --months M (1-12) --indicators K --seed S --out DIR [--actions N]".into())
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if !(1..=12).contains(&a.months) || a.directorates == 0 || a.indicators == 0 {
        return Err("--months must be 1 to 12; --directorates and --indicators at least 1".into());
    }
    Ok(a)
}

fn directorate_name(d: usize) -> String {
    match NAMES.get(d) {
        Some(n) => n.to_string(),
        // Beyond a council's worth: a national set of councils.
        None => format!("Council {:03}", d + 1),
    }
}

fn prefix(name: &str, d: usize) -> String {
    let initials: String = name
        .split_whitespace()
        .filter(|w| !w.eq_ignore_ascii_case("and"))
        .filter_map(|w| w.chars().next())
        .collect::<String>()
        .to_uppercase();
    // Initials collide across directorates (Customer Services, Community Safety):
    // the index keeps codes unique.
    format!("{initials}{:02}", d + 1)
}

const TITLES: &[(&str, Unit)] = &[
    (
        "Percentage of assessments completed within timescale",
        Unit::Percent,
    ),
    ("Number of people supported", Unit::Count),
    ("Spend against budget", Unit::Currency),
    ("Average days to process a new claim", Unit::Days),
    ("Rate of repeat referrals per 1,000", Unit::Rate),
    ("Satisfaction index", Unit::Number),
    (
        "Percentage of complaints answered in 10 working days",
        Unit::Percent,
    ),
    ("Households prevented from becoming homeless", Unit::Count),
];

fn make_indicators(a: &Args) -> Vec<Ind> {
    let mut out = Vec::new();
    for d in 0..a.directorates {
        let pre = prefix(&directorate_name(d), d);
        for k in 0..a.indicators {
            let mut r = Rng::new(&[a.seed, 1, d as u64, k as u64]);
            let u = r.f();
            let unit = if u < 0.4 {
                Unit::Percent
            } else if u < 0.6 {
                Unit::Count
            } else if u < 0.7 {
                Unit::Currency
            } else if u < 0.8 {
                Unit::Days
            } else if u < 0.9 {
                Unit::Rate
            } else {
                Unit::Number
            };
            let f = r.f();
            let frequency = if f < 0.75 {
                "monthly"
            } else if f < 0.95 {
                "quarterly"
            } else {
                "annual"
            };
            let p = r.f();
            let polarity = if p < 0.45 {
                "higher"
            } else if p < 0.85 {
                "lower"
            } else if p < 0.93 {
                "band"
            } else {
                "none"
            };
            let cumulative = matches!(unit, Unit::Count | Unit::Currency)
                && frequency != "annual"
                && r.chance(0.5);
            let base = match unit {
                Unit::Percent => r.range(50.0, 95.0),
                Unit::Count => r.range(20.0, 2000.0).round(),
                Unit::Currency => r.range(10_000.0, 500_000.0).round(),
                Unit::Days => r.range(5.0, 60.0),
                Unit::Rate => r.range(1.0, 50.0),
                Unit::Number => r.range(10.0, 1000.0),
            };
            let noise = r.range(0.01, 0.04);
            let trend = r.range(-0.003, 0.004);
            // Targets a little ambitious, so some indicators are amber or red.
            let stretch = match polarity {
                "higher" => 1.0 + r.range(-0.04, 0.03),
                "lower" => 1.0 - r.range(-0.04, 0.03),
                _ => 1.0,
            };
            let mut target = base * stretch * if cumulative { 12.0 } else { 1.0 };
            if unit == Unit::Percent {
                target = target.min(100.0);
            }
            let (title, _) = TITLES
                .iter()
                .find(|(_, tu)| *tu == unit)
                .copied()
                .unwrap_or(("Indicator", unit));
            out.push(Ind {
                code: format!("{pre}-{:03}", k + 1),
                title: format!("{title} ({})", k + 1),
                dir: d,
                unit,
                polarity,
                frequency,
                cumulative,
                base,
                trend,
                noise,
                target: round_to(target, unit.decimals()),
            });
        }
    }
    out
}

fn round_to(v: f64, dp: u32) -> f64 {
    let m = 10f64.powi(dp as i32);
    (v * m).round() / m
}

fn month_period(t: u32) -> Period {
    // t = 0 is April of FIRST_YEAR.
    let m = 4 + t;
    if m <= 12 {
        Period::Month {
            year: FIRST_YEAR,
            month: m,
        }
    } else {
        Period::Month {
            year: FIRST_YEAR + 1,
            month: m - 12,
        }
    }
}

fn month_id(t: u32) -> String {
    match month_period(t) {
        Period::Month { year, month } => format!("{year}-{month:02}"),
        _ => String::new(),
    }
}

/// `Jul-25`.
fn month_short(t: u32) -> String {
    match month_period(t) {
        Period::Month { year, month } => {
            let name = ipr::period::month_long_name(month).unwrap_or("???");
            format!("{}-{:02}", &name[..3], year % 100)
        }
        _ => String::new(),
    }
}

/// Is the indicator due at month t (0 = April)?
fn is_due(ind: &Ind, t: u32) -> bool {
    match ind.frequency {
        "quarterly" => t % 3 == 2,
        "annual" => t == 11,
        _ => true,
    }
}

/// The true value of an indicator at month t: level, trend and noise, and the
/// year to date for cumulative measures.
fn true_value(ind: &Ind, seed: u64, idx: usize, t: u32) -> f64 {
    let month = |s: u32| {
        let mut r = Rng::new(&[seed, 2, idx as u64, u64::from(s)]);
        ind.base * (1.0 + ind.trend * f64::from(s) + ind.noise * r.normal())
    };
    let v = if ind.cumulative {
        (0..=t).map(month).sum::<f64>()
    } else {
        month(t)
    };
    let v = match ind.unit {
        Unit::Percent => v.clamp(0.0, 100.0),
        _ => v.max(0.0),
    };
    round_to(v, ind.unit.decimals())
}

const COMMENTS: &[&str] = &[
    "On track.",
    "Performance is in line with the seasonal pattern.",
    "Below target because of staff vacancies; recruitment under way.",
    "Demand remains high; the service is reviewing capacity.",
    "Improvement plan agreed with the portfolio holder.",
];

/// The row as the directorate types it, with the odd planted problem.
/// Deterministic in (seed, indicator, month), so a wide file that repeats
/// earlier months repeats them exactly.
fn row_for(ind: &Ind, seed: u64, idx: usize, t: u32, with_ratio: bool) -> Row {
    let mut r = Rng::new(&[seed, 3, idx as u64, u64::from(t)]);
    let v = true_value(ind, seed, idx, t);
    let mut row = Row {
        fig: Fig::Num(v),
        numerator: None,
        denominator: None,
        forecast: None,
        commentary: r.chance(0.85).then(|| *r.pick(COMMENTS)),
        note: None,
    };
    if with_ratio && ind.unit == Unit::Percent {
        let den = r.range(200.0, 2000.0).round();
        let num = (v / 100.0 * den).round();
        row.numerator = Some(num);
        row.denominator = Some(den);
        // The value as the system works it out from its parts.
        row.fig = Fig::Num(round_to(num / den * 100.0, 1));
    }
    if r.chance(0.3) {
        row.forecast = Some(round_to(
            if ind.cumulative {
                ind.target * r.range(0.9, 1.05)
            } else {
                v * r.range(0.97, 1.03)
            },
            ind.unit.decimals(),
        ));
    }
    if ind.unit == Unit::Percent && r.chance(0.1) {
        if let Fig::Num(x) = row.fig {
            row.fig = Fig::PercentCell(x / 100.0);
        }
    }
    if ind.unit == Unit::Currency && r.chance(0.05) {
        row.fig = Fig::Text(format!("£{}", thousands(v)));
    }
    let p = r.f();
    if p < 0.004 {
        row.fig = Fig::Blank;
    } else if p < 0.006 {
        row.fig = Fig::Text("n/a".into());
    } else if p < 0.008 {
        row.fig = Fig::Text("TBC".into());
    } else if p < 0.010 {
        row.fig = Fig::Num(match ind.unit {
            Unit::Percent => 112.0,
            Unit::Count => -v.max(1.0),
            _ => v * 40.0,
        });
    } else if p < 0.012 && ind.unit == Unit::Percent {
        row.fig = Fig::Num(round_to(v / 100.0, 3));
    } else if p < 0.014 {
        if let Some(n) = row.numerator.as_mut() {
            *n = (*n * 1.2).round();
        }
    } else if p < 0.015 {
        row.fig = Fig::Text("see note".into());
    }
    if r.chance(0.03) {
        row.note = Some("Checked with the service: the figure is correct.");
    }
    row
}

fn thousands(v: f64) -> String {
    let s = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn write_fig(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    fig: &Fig,
    pct: &Format,
) -> Result<(), XlsxError> {
    match fig {
        Fig::Num(v) => {
            ws.write_number(row, col, *v)?;
        }
        Fig::PercentCell(v) => {
            ws.write_number_with_format(row, col, *v, pct)?;
        }
        Fig::Text(t) => {
            ws.write_string(row, col, t)?;
        }
        Fig::Blank => {}
    }
    Ok(())
}

fn opt_num(ws: &mut Worksheet, row: u32, col: u16, v: Option<f64>) -> Result<(), XlsxError> {
    if let Some(v) = v {
        ws.write_number(row, col, v)?;
    }
    Ok(())
}

/// Target for the month, as a directorate would copy it from the register.
fn target_for(ind: &Ind, t: u32) -> f64 {
    if ind.cumulative {
        round_to(ind.target * f64::from(t + 1) / 12.0, ind.unit.decimals())
    } else {
        ind.target
    }
}

fn long_return(
    a: &Args,
    dir: &str,
    d: usize,
    inds: &[(usize, &Ind)],
    t: u32,
) -> Result<Vec<u8>, XlsxError> {
    let mut r = Rng::new(&[a.seed, 4, d as u64, u64::from(t)]);
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let pct = Format::new().set_num_format("0.0%");
    let date = Format::new().set_num_format("mmm-yy");
    let ws = wb.add_worksheet();
    ws.set_name("Return")?;
    ws.write_string_with_format(0, 0, "Monthly performance return", &bold)?;
    ws.write_string(1, 0, "Directorate:")?;
    ws.write_string(1, 1, dir)?;
    ws.write_string(2, 0, "Period:")?;
    let Period::Month { year, month } = month_period(t) else {
        unreachable!()
    };
    match d % 4 {
        0 => ws.write_string(2, 1, month_short(t))?,
        1 => ws.write_string(2, 1, format!("{} {year}", full_month(month)))?,
        2 => ws.write_string(2, 1, format!("{month:02}/{year}"))?,
        _ => {
            let dt = ExcelDateTime::from_ymd(year as u16, month as u8, 1)?;
            ws.write_datetime_with_format(2, 1, dt, &date)?
        }
    };
    let code_h = ["Code", "PI Ref", "KPI Ref", "Indicator Code"][d % 4];
    let value_h = ["Actual", "Outturn", "Value", "Result"][d % 4];
    let comm_h = ["Commentary", "Comments", "Narrative"][d % 3];
    let headers = [
        code_h,
        "Indicator",
        value_h,
        "Target",
        "Numerator",
        "Denominator",
        "Forecast",
        comm_h,
        "Data Note",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(4, c as u16, *h, &bold)?;
    }
    let mut row = 5;
    for (idx, ind) in inds {
        if !is_due(ind, t) {
            continue;
        }
        let x = row_for(ind, a.seed, *idx, t, true);
        ws.write_string(row, 0, &ind.code)?;
        ws.write_string(row, 1, &ind.title)?;
        write_fig(ws, row, 2, &x.fig, &pct)?;
        ws.write_number(row, 3, target_for(ind, t))?;
        opt_num(ws, row, 4, x.numerator)?;
        opt_num(ws, row, 5, x.denominator)?;
        opt_num(ws, row, 6, x.forecast)?;
        if let Some(c) = x.commentary {
            ws.write_string(row, 7, c)?;
        }
        if let Some(n) = x.note {
            ws.write_string(row, 8, n)?;
        }
        row += 1;
    }
    if r.chance(0.02) {
        // A code the register does not know (a typo, or a retired indicator).
        ws.write_string(row, 0, "OLD-999")?;
        ws.write_string(row, 1, "Retired indicator")?;
        ws.write_number(row, 2, 42.0)?;
    }
    ws.set_column_width(1, 50)?;
    ws.set_column_width(7, 60)?;
    actions::add_sheet(&mut wb, &a.plan, d, t, a.seed)?;
    wb.save_to_buffer()
}

fn full_month(m: u32) -> &'static str {
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ][m as usize - 1]
}

fn wide_return(
    a: &Args,
    dir: &str,
    d: usize,
    inds: &[(usize, &Ind)],
    t: u32,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let pct = Format::new().set_num_format("0.0%");
    let ws = wb.add_worksheet();
    ws.set_name("Data")?;
    ws.write_string(0, 0, "Directorate:")?;
    ws.write_string(0, 1, dir)?;
    ws.write_string_with_format(2, 0, "Code", &bold)?;
    ws.write_string_with_format(2, 1, "Indicator", &bold)?;
    // Last year's outturn first, as such sheets usually show it.
    ws.write_string_with_format(2, 2, format!("Mar-{}", FIRST_YEAR % 100), &bold)?;
    for s in 0..=t {
        ws.write_string_with_format(2, 3 + s as u16, month_short(s), &bold)?;
    }
    let mut row = 3;
    for (idx, ind) in inds {
        if ind.frequency == "annual" && t < 11 {
            continue;
        }
        ws.write_string(row, 0, &ind.code)?;
        ws.write_string(row, 1, &ind.title)?;
        // Every frequency is due in March; last year's trend carried back.
        let last_year = true_value(ind, a.seed, *idx, 11) * (1.0 - 12.0 * ind.trend);
        ws.write_number(row, 2, round_to(last_year, ind.unit.decimals()))?;
        for s in 0..=t {
            if is_due(ind, s) {
                let x = row_for(ind, a.seed, *idx, s, false);
                write_fig(ws, row, 3 + s as u16, &x.fig, &pct)?;
            }
        }
        row += 1;
    }
    ws.set_column_width(1, 50)?;
    actions::add_sheet(&mut wb, &a.plan, d, t, a.seed)?;
    wb.save_to_buffer()
}

/// A template made by `ipr template`, filled in as a directorate would: the
/// blank input cells of its Return sheet given values, everything else as written.
fn template_return(
    a: &Args,
    register: &ipr::model::Register,
    templates: &Templates,
    dir: &str,
    by_code: &BTreeMap<String, (usize, &Ind)>,
    t: u32,
) -> Result<Vec<u8>, String> {
    let cal = Calendar::default();
    let period = month_period(t);
    let due = ipr::assess::due_in(register, dir, period, cal);
    let blank = return_template_bytes(
        register,
        dir,
        period,
        cal,
        &due,
        &BTreeMap::new(),
        templates,
    )
    .map_err(|e| e.to_string())?;
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(blank)).map_err(|e| e.to_string())?;
    let mut xml = String::new();
    zin.by_name("xl/worksheets/sheet1.xml")
        .map_err(|e| e.to_string())?
        .read_to_string(&mut xml)
        .map_err(|e| e.to_string())?;
    for (i, ind) in due.iter().map(|d| d.indicator).enumerate() {
        let Some((idx, g)) = by_code.get(&ind.code) else {
            continue;
        };
        let x = row_for(g, a.seed, *idx, t, true);
        let excel_row = HEADER_ROW + 2 + i as u32;
        let value = match &x.fig {
            Fig::Num(v) => Some(Cell::Num(*v)),
            Fig::PercentCell(v) => Some(Cell::Num(v * 100.0)),
            Fig::Text(s) => Some(Cell::Text(s.to_string())),
            Fig::Blank => None,
        };
        fill(&mut xml, "D", excel_row, value);
        fill(&mut xml, "F", excel_row, x.forecast.map(Cell::Num));
        fill(&mut xml, "G", excel_row, x.numerator.map(Cell::Num));
        fill(&mut xml, "H", excel_row, x.denominator.map(Cell::Num));
        fill(
            &mut xml,
            "I",
            excel_row,
            x.commentary.map(|c| Cell::Text(c.into())),
        );
        fill(
            &mut xml,
            "J",
            excel_row,
            x.note.map(|c| Cell::Text(c.into())),
        );
    }
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..zin.len() {
        let f = zin.by_index(i).map_err(|e| e.to_string())?;
        if f.name().map_err(|e| e.to_string())? == "xl/worksheets/sheet1.xml" {
            drop(f);
            zout.start_file("xl/worksheets/sheet1.xml", opts)
                .map_err(|e| e.to_string())?;
            zout.write_all(xml.as_bytes()).map_err(|e| e.to_string())?;
        } else {
            zout.raw_copy_file(f).map_err(|e| e.to_string())?;
        }
    }
    Ok(zout.finish().map_err(|e| e.to_string())?.into_inner())
}

enum Cell {
    Num(f64),
    Text(String),
}

/// Put a value into a blank formatted cell `<c r="D7" s="5"/>` of sheet XML.
fn fill(xml: &mut String, col: &str, row: u32, value: Option<Cell>) {
    let Some(value) = value else { return };
    let open = format!("<c r=\"{col}{row}\" s=\"");
    let Some(start) = xml.find(&open) else { return };
    let Some(len) = xml[start..].find("/>") else {
        return;
    };
    let style = &xml[start + open.len()..start + len];
    let style = style.trim_end_matches('"').to_string();
    let cell = match value {
        Cell::Num(v) => format!("<c r=\"{col}{row}\" s=\"{style}\"><v>{v}</v></c>"),
        Cell::Text(t) => format!(
            "<c r=\"{col}{row}\" s=\"{style}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
            t.replace('&', "&amp;").replace('<', "&lt;")
        ),
    };
    xml.replace_range(start..start + len + 2, &cell);
}

fn register_workbook(inds: &[Ind], a: &Args) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(ipr::register_format::INDICATORS_SHEET)?;
    // The register's own columns (its contract, `register_format`), those the
    // generator fills, in this order.
    use ipr::register_format::{column_of, Col};
    let columns = [
        Col::Code,
        Col::Title,
        Col::Directorate,
        Col::Owner,
        Col::Unit,
        Col::Polarity,
        Col::Frequency,
        Col::Measure,
        Col::AnnualTarget,
        Col::Tolerance,
        Col::Multiplier,
        Col::Decimals,
        Col::Required,
        Col::Definition,
    ];
    for (c, col) in columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, column_of(*col).title, &bold)?;
    }
    for (i, ind) in inds.iter().enumerate() {
        let r = i as u32 + 1;
        let mut rng = Rng::new(&[a.seed, 5, i as u64]);
        ws.write_string(r, 0, &ind.code)?;
        ws.write_string(r, 1, &ind.title)?;
        ws.write_string(r, 2, directorate_name(ind.dir))?;
        ws.write_string(r, 3, format!("Head of Service {}", ind.dir + 1))?;
        ws.write_string(r, 4, ind.unit.word())?;
        ws.write_string(r, 5, ind.polarity)?;
        ws.write_string(r, 6, ind.frequency)?;
        ws.write_string(
            r,
            7,
            if ind.cumulative {
                "cumulative"
            } else {
                "snapshot"
            },
        )?;
        if ind.polarity != "none" {
            ws.write_number(r, 8, ind.target)?;
        }
        ws.write_string(r, 9, "5%")?;
        if ind.unit == Unit::Rate {
            ws.write_string(r, 10, "none")?;
        }
        ws.write_number(r, 11, f64::from(ind.unit.decimals()))?;
        ws.write_string(r, 12, if rng.chance(0.9) { "yes" } else { "no" })?;
        ws.write_string(r, 13, "As defined in the council's performance framework.")?;
    }
    wb.save_to_buffer()
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
        format!(
            "# Generated by `cargo run --example generate` (seed {}).\nregister = \"register.xlsx\"\nreturns = [\"returns\"]\noutput = \"output\"\nperiod = \"{last}\"\nyear_start_month = 4\n{}",
            a.seed,
            if a.actions > 0 { "action_plan = \"plan.xlsx\"\n" } else { "" }
        )
        .as_bytes(),
    )?;
    if a.actions > 0 {
        write_plan(a)?;
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

/// The plan's actions (`--actions N`), each linked to an indicator of its directorate.
fn plan_actions(a: &Args) -> Vec<actions::Action> {
    let inds = make_indicators(a);
    let codes: Vec<Vec<String>> = (0..a.directorates)
        .map(|d| {
            inds.iter()
                .skip(d * a.indicators)
                .take(a.indicators)
                .map(|i| i.code.clone())
                .collect()
        })
        .collect();
    actions::make_actions(a.actions, a.directorates, a.seed, &codes)
}

/// The plan, and a tracker of its own each month for a directorate whose
/// return is a filled-in template (the others' progress is a sheet of
/// their return: `actions::add_sheet`).
fn write_plan(a: &Args) -> Result<(), String> {
    let plan = actions::plan_workbook(&a.plan).map_err(|e| e.to_string())?;
    write(&a.out.join("plan.xlsx"), &plan)?;
    let list = &a.plan;
    for t in 0..a.months {
        for d in (0..a.directorates.min(a.actions)).filter(|d| d % 5 != 1 && d % 7 == 3) {
            let bytes = actions::tracker(list, d, t, a.seed).map_err(|e| e.to_string())?;
            let id = month_id(t);
            let name = format!(
                "{}-actions-{id}.xlsx",
                directorate_name(d).replace(' ', "-")
            );
            write(&a.out.join("returns").join(&id).join(name), &bytes)?;
        }
    }
    Ok(())
}

fn main() {
    let code = match parse_args().and_then(|mut a| {
        if a.actions > 0 {
            a.plan = plan_actions(&a);
        }
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
