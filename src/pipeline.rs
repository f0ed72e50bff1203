//! The pipeline's output: everything the writers present.

use crate::assess::IndicatorResult;
use crate::observation::Observation;
use crate::period::{Period, YearStart};
use crate::quality::finding::Finding;
use crate::register::Register;
use serde::Serialize;

/// One input file, for the About sheet and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputFile {
    /// Path as named by the user.
    pub path: String,
    /// SHA-256 of the bytes read, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// Coverage for one directorate: has it returned, and which indicators due are present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    /// Directorate (or `Council` for the total row).
    pub directorate: String,
    /// Number of return files received from it for the period.
    pub returns: usize,
    /// Indicators due this period.
    pub expected: usize,
    /// Indicators due this period with a value.
    pub returned: usize,
}

/// Coverage per directorate and council-wide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Coverage {
    /// One row per directorate in register order.
    pub directorates: Vec<CoverageRow>,
    /// The council-wide total.
    pub council: Option<CoverageRow>,
}

/// Options as run, for the About sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunOptions {
    /// `year_start_month`.
    pub year_start_month: u32,
    /// Default tolerance as a fraction.
    pub default_tolerance: f64,
    /// Relative tolerance for the numerator/denominator test.
    pub ratio_tolerance: f64,
    /// Texts read as "no value".
    pub no_value: Vec<String>,
}

/// Every value read, in order of directorate, code, period and source.
///
/// The observations stay in the lists they were read into, one per return,
/// and only their order is kept here: a national set has hundreds of
/// thousands, and moving them into one list would hold two copies at once.
#[derive(Debug, Clone, Default)]
pub struct History {
    lists: Vec<Vec<Observation>>,
    /// (list, position in it) of each observation, in order.
    order: Vec<(u32, u32)>,
}

impl History {
    /// Number of observations.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when nothing was read.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The observations in order.
    pub fn iter(&self) -> impl Iterator<Item = &Observation> {
        self.order
            .iter()
            .filter_map(|&(l, i)| self.lists.get(l as usize)?.get(i as usize))
    }
}

impl From<Vec<Observation>> for History {
    /// A history of these observations, in the order given.
    fn from(list: Vec<Observation>) -> Self {
        let order = (0..list.len() as u32).map(|i| (0, i)).collect();
        History {
            lists: vec![list],
            order,
        }
    }
}

impl Serialize for History {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Everything a consolidation found, ready to be written.
#[derive(Debug, Clone, Serialize)]
pub struct Consolidation {
    /// The period being reported (a month).
    #[serde(skip)]
    pub period: Period,
    /// Canonical id of the period being reported.
    pub period_id: String,
    /// Financial-year settings.
    #[serde(skip)]
    pub year_start: YearStart,
    /// The register used.
    pub register: Register,
    /// One result per indicator in the register that is due this period, in register order.
    pub indicators: Vec<IndicatorResult>,
    /// Every finding, sorted by file, sheet, row, column, rule.
    pub findings: Vec<Finding>,
    /// Coverage.
    pub coverage: Coverage,
    /// Every value read (this period and history), sorted by directorate, code, period.
    pub history: History,
    /// Every input file read, sorted by path.
    pub inputs: Vec<InputFile>,
    /// Options as run.
    pub options: RunOptions,
    /// Version of ipr that produced it.
    pub version: String,
    /// Completed remedial-action forms for this period's exceptions, keyed by indicator code.
    pub actions: BTreeMap<String, crate::actions::RemedialAction>,
    /// Completed forms for indicators that are no longer exceptions (closed or stale).
    pub stale_actions: Vec<crate::actions::RemedialAction>,
}

use crate::assess::{assess_indicator, Rag};
use crate::config::Settings;
use crate::quality::checks::{
    check_completeness, check_observation, finalise, resolve_conflicts, CheckOptions,
};
use crate::quality::finding::Severity;
use crate::quality::rules::finding;
use crate::register::{header_key, same_directorate, Indicator};
use crate::returns::{read_return, ReturnFile, ReturnOptions};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "csv"];

/// True for Excel lock files (`~$Book.xlsx`) and hidden files, which are never read.
pub fn is_ignored_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$") || n.starts_with('.'))
}

/// Expand the paths given by the user: files as they are, folders searched recursively
/// for spreadsheets. Lock files and hidden files are skipped. Problems (a path that does
/// not exist, a folder that cannot be read) become findings.
pub fn find_returns(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Finding>) {
    let mut files = BTreeSet::new();
    let mut findings = Vec::new();
    let mut seen_dirs = BTreeSet::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut files, &mut findings, &mut seen_dirs);
        } else if input.is_file() {
            if !is_ignored_name(input) {
                files.insert(input.clone());
            }
        } else {
            // A link that cannot be followed exists, but leads nowhere usable.
            let message = match (std::fs::symlink_metadata(input), std::fs::metadata(input)) {
                (Ok(m), Err(e)) if m.file_type().is_symlink() => format!(
                    "This path is a link that cannot be followed ({e}): it leads to itself through other links, or to something that is gone."
                ),
                _ => "There is no file or folder at this path.".to_string(),
            };
            let mut f = finding("DQ005", &input.display().to_string(), message);
            f.hint = "Check the path on the command line or in ipr.toml: name a return file, or a folder of returns, that exists.".to_string();
            findings.push(f);
        }
    }
    (files.into_iter().collect(), findings)
}

fn walk(
    dir: &Path,
    files: &mut BTreeSet<PathBuf>,
    findings: &mut Vec<Finding>,
    seen: &mut BTreeSet<PathBuf>,
) {
    // A symlink loop would otherwise walk for ever.
    let Ok(canonical) = std::fs::canonicalize(dir) else {
        return;
    };
    if !seen.insert(canonical) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            findings.push(finding(
                "DQ005",
                &dir.display().to_string(),
                format!("This folder could not be read ({e})."),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if is_ignored_name(&p) {
            continue;
        }
        if p.is_dir() {
            walk(&p, files, findings, seen);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            files.insert(p);
        }
    }
}

fn return_options(s: &Settings) -> ReturnOptions {
    ReturnOptions {
        year_start: s.year_start,
        values: s.values.clone(),
        limits: s.limits,
        sources: s.sources.clone(),
    }
}

fn check_options(s: &Settings) -> CheckOptions {
    CheckOptions {
        year_start: s.year_start,
        ratio_tolerance: s.ratio_tolerance,
    }
}

/// Told after each file is read: (files read so far, files in all). For progress bars.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Read every return file (in parallel across the machine's cores).
pub fn read_returns(
    files: &[PathBuf],
    register: &Register,
    settings: &Settings,
) -> Vec<ReturnFile> {
    read_returns_with_progress(files, register, settings, &|_, _| {})
}

/// [`read_returns`], reporting progress after each file.
pub fn read_returns_with_progress(
    files: &[PathBuf],
    register: &Register,
    settings: &Settings,
    progress: Progress,
) -> Vec<ReturnFile> {
    let opts = return_options(settings);
    let done = AtomicUsize::new(0);
    let next = AtomicUsize::new(0);
    let total = files.len();
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(files.len().max(1));
    // Each worker takes the next file when it is free, so one large file does
    // not hold back a fixed share of the others. Results go to their file's slot.
    let read_one = |i: usize| -> ReturnFile {
        let p = &files[i];
        let display = p.display().to_string();
        // Reading already isolates the spreadsheet parsers; this guards the rest,
        // so one bad file is a finding rather than a lost batch.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_return(p, &display, register, &opts)
        }))
        .unwrap_or_else(|_| ReturnFile {
            path: display.clone(),
            findings: vec![finding(
                "DQ005",
                &display,
                "This return could not be read: the reader failed on its contents.".to_string(),
            )],
            ..ReturnFile::default()
        })
    };
    let mut slots: Vec<Option<ReturnFile>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (done, next, read_one) = (&done, &next, &read_one);
                scope.spawn(move || {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= total {
                            break;
                        }
                        mine.push((i, read_one(i)));
                        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                    }
                    mine
                })
            })
            .collect();
        let mut slots: Vec<Option<ReturnFile>> = (0..total).map(|_| None).collect();
        for h in handles {
            for (i, r) in h.join().unwrap_or_default() {
                slots[i] = Some(r);
            }
        }
        slots
    });
    // A slot is empty only if a worker died outside the guarded read: read it here.
    for (i, slot) in slots.iter_mut().enumerate() {
        if slot.is_none() {
            *slot = Some(read_one(i));
        }
    }
    slots.into_iter().flatten().collect()
}

/// The month a return reports on (the end month of its period).
fn report_month_of(r: &ReturnFile, ys: YearStart) -> Option<Period> {
    r.period.map(|p| p.end_month(ys))
}

/// Consolidate returns for one reporting month: checks, assessment and coverage.
///
/// `expect_every_directorate` is true for `consolidate` (a directorate with no return is a
/// finding) and false for `check` (only the directorates whose returns were given).
pub fn analyse(
    register: &Register,
    returns: Vec<ReturnFile>,
    settings: &Settings,
    report_month: Period,
    expect_every_directorate: bool,
) -> Consolidation {
    let ys = settings.year_start;
    let copts = check_options(settings);
    let report_month = report_month.end_month(ys);
    let mut findings: Vec<Finding> = Vec::new();
    for r in &returns {
        findings.extend(r.findings.iter().cloned());
        if let Some(m) = report_month_of(r, ys) {
            if m > report_month {
                let mut f = finding(
                    "DQ050",
                    &r.path,
                    format!(
                        "This return is for {}, which is after the period being reported ({}).",
                        r.period.map(|p| p.id(ys)).unwrap_or_default(),
                        report_month.id(ys)
                    ),
                );
                f.directorate = r.directorate.clone();
                f.period = r.period.map(|p| p.id(ys));
                findings.push(f);
            }
        }
    }
    // Single-observation rules, then conflicts across every return.
    let all: Vec<&Observation> = returns.iter().flat_map(|r| r.observations.iter()).collect();
    // Looked up once per observation: a hash index, not a scan of the register.
    let index = RegisterIndex::new(register);
    let mut relevant: Vec<&Observation> = Vec::with_capacity(all.len());
    for o in &all {
        if let Some(ind) = index.get(&o.code) {
            check_observation(o, ind, &copts, &mut findings);
            // Values returned by a directorate that does not own the indicator are not used.
            if o.directorate.is_empty() || same_directorate(&o.directorate, &ind.directorate) {
                relevant.push(o);
            }
        }
    }
    let mut resolved = resolve_conflicts(&relevant, register, &copts, &mut findings);
    withhold_invalid_values(&mut resolved, &findings, settings);
    crate::quality::history::check_history(
        register,
        &resolved,
        report_month,
        &settings.history,
        ys,
        &mut findings,
    );

    // Completeness and coverage per directorate.
    let mut coverage = Coverage::default();
    let directorates = register.directorates();
    let mut total = CoverageRow {
        directorate: "Council".into(),
        returns: 0,
        expected: 0,
        returned: 0,
    };
    // Indicators and this period's returns by directorate, keyed once: a national
    // register has hundreds of directorates and thousands of indicators.
    let mut owned: HashMap<String, Vec<&crate::register::Indicator>> = HashMap::new();
    for i in &register.indicators {
        owned.entry(header_key(&i.directorate)).or_default().push(i);
    }
    let mut returned_by: HashMap<String, Vec<&ReturnFile>> = HashMap::new();
    for r in &returns {
        if let Some(d) = r.directorate.as_deref() {
            if report_month_of(r, ys) == Some(report_month) {
                returned_by.entry(header_key(d)).or_default().push(r);
            }
        }
    }
    for d in &directorates {
        let dkey = header_key(d);
        let theirs: Vec<&ReturnFile> = returned_by.get(&dkey).cloned().unwrap_or_default();
        let mine: &[&crate::register::Indicator] =
            owned.get(&dkey).map(Vec::as_slice).unwrap_or(&[]);
        let due: Vec<_> = mine
            .iter()
            .filter_map(|i| report_month.for_frequency(i.frequency, ys).map(|p| (*i, p)))
            .collect();
        let returned = due
            .iter()
            .filter(|(i, p)| {
                resolved
                    .observations
                    .get(&(i.key.clone(), *p))
                    .is_some_and(|o| o.value.is_some())
            })
            .count();
        if !theirs.is_empty() {
            check_completeness(
                mine,
                report_month,
                &theirs,
                &resolved,
                &copts,
                &mut findings,
            );
        } else if expect_every_directorate && due.iter().any(|(i, _)| i.required) {
            let mut f = finding(
                "DQ003",
                "",
                format!("No return from {d} was found for {}.", report_month.id(ys)),
            );
            f.directorate = Some(d.clone());
            f.period = Some(report_month.id(ys));
            findings.push(f);
        }
        if !theirs.is_empty() || expect_every_directorate {
            let row = CoverageRow {
                directorate: d.clone(),
                returns: theirs.len(),
                expected: due.len(),
                returned,
            };
            total.returns += row.returns;
            total.expected += row.expected;
            total.returned += row.returned;
            coverage.directorates.push(row);
        }
    }
    coverage.council = Some(total);

    // Assessment, in register order.
    let mut by_code: HashMap<&str, Vec<&Observation>> = HashMap::new();
    for ((code, _), o) in &resolved.observations {
        by_code.entry(code.as_str()).or_default().push(&**o);
    }
    let covered: BTreeSet<String> = coverage
        .directorates
        .iter()
        .map(|r| header_key(&r.directorate))
        .collect();
    let mut indicators = Vec::new();
    for ind in &register.indicators {
        if !covered.contains(&header_key(&ind.directorate)) {
            continue;
        }
        let obs = by_code.remove(ind.key.as_str()).unwrap_or_default();
        if let Some(result) = assess_indicator(ind, register, report_month, ys, &obs) {
            indicators.push(result);
        }
    }
    // A red indicator needs commentary.
    for r in &indicators {
        if r.rag == Rag::Red && r.commentary.is_none() {
            let mut f = finding(
                "DQ004",
                r.source.as_ref().map(|s| &*s.file).unwrap_or(""),
                format!("{} is red for {} but has no commentary.", r.code, r.period),
            );
            if let Some(s) = &r.source {
                f.sheet = s.sheet.to_string();
                f.cell = Some(s.cell());
            }
            f.directorate = Some(r.directorate.clone());
            f.indicator = Some(r.code.clone());
            f.period = Some(r.period.clone());
            findings.push(f);
        }
    }
    finalise(&mut findings, &settings.severity);
    findings.sort_by(|a, b| {
        (
            &a.file,
            &a.sheet,
            cell_order(&a.cell),
            a.rule,
            &a.indicator,
            &a.message,
        )
            .cmp(&(
                &b.file,
                &b.sheet,
                cell_order(&b.cell),
                b.rule,
                &b.indicator,
                &b.message,
            ))
    });
    findings.dedup();
    // Counted in one pass over the findings, not one pass per indicator.
    let mut counts: HashMap<(&str, &str), (usize, usize)> = HashMap::new();
    for f in &findings {
        if let (Some(code), Some(period)) = (f.indicator.as_deref(), f.period.as_deref()) {
            let c = counts.entry((code, period)).or_default();
            match f.severity {
                Severity::Error => c.0 += 1,
                Severity::Warning if !f.explained => c.1 += 1,
                Severity::Warning => {}
            }
        }
    }
    for r in indicators.iter_mut() {
        let (errors, warnings) = counts
            .get(&(r.code.as_str(), r.period.as_str()))
            .copied()
            .unwrap_or_default();
        r.dq_errors = errors;
        r.dq_warnings = warnings;
    }
    let inputs = input_files(&returns, register);
    let history = history_of(returns);
    Consolidation {
        period: report_month,
        period_id: report_month.id(ys),
        year_start: ys,
        register: register.clone(),
        indicators,
        findings,
        coverage,
        history,
        inputs,
        options: RunOptions {
            year_start_month: ys.month,
            default_tolerance: settings.default_tolerance,
            ratio_tolerance: settings.ratio_tolerance,
            no_value: settings.values.no_value.clone(),
        },
        version: env!("CARGO_PKG_VERSION").to_string(),
        actions: BTreeMap::new(),
        stale_actions: Vec::new(),
    }
}

/// Every input file read, and the register, sorted by path.
fn input_files(returns: &[ReturnFile], register: &Register) -> Vec<InputFile> {
    let mut inputs: Vec<InputFile> = returns
        .iter()
        .map(|r| InputFile {
            path: r.path.clone(),
            sha256: r.sha256.clone(),
            bytes: r.bytes,
        })
        .collect();
    if !register.file.is_empty() {
        inputs.push(InputFile {
            path: register.file.clone(),
            sha256: register.sha256.clone(),
            bytes: register.bytes,
        });
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    inputs
}

/// Every observation read, moved out of the returns (not copied) and sorted by
/// directorate, code, period and source.
fn history_of(returns: Vec<ReturnFile>) -> History {
    let lists: Vec<Vec<Observation>> = returns.into_iter().map(|r| r.observations).collect();
    // Directorates and codes repeat across tens of thousands of rows: rank them
    // once, so that most comparisons are between numbers, not strings.
    let all = || lists.iter().flatten();
    let directorates = rank(all().map(|o| &*o.directorate).collect());
    let codes = rank(all().map(|o| o.code.as_str()).collect());
    // (directorate rank, code rank, period) and (list, position) of each.
    type Keyed = ((u32, u32, Period), (u32, u32));
    let mut keyed: Vec<Keyed> = Vec::new();
    for (l, list) in lists.iter().enumerate() {
        for (i, o) in list.iter().enumerate() {
            let d = directorates.get(&*o.directorate).copied();
            let c = codes.get(o.code.as_str()).copied();
            keyed.push((
                (d.unwrap_or(0), c.unwrap_or(0), o.period),
                (l as u32, i as u32),
            ));
        }
    }
    drop((directorates, codes));
    let source = |(l, i): (u32, u32)| &lists[l as usize][i as usize].source;
    keyed.sort_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| source(*a).cmp(source(*b))));
    let order = keyed.into_iter().map(|(_, at)| at).collect();
    History { lists, order }
}

/// Each distinct name numbered in sorted order.
fn rank(names: HashSet<&str>) -> HashMap<&str, u32> {
    let mut names: Vec<&str> = names.into_iter().collect();
    names.sort_unstable();
    names.into_iter().zip(0..).collect()
}

/// Rules whose error means the figure itself is wrong, so it must not be assessed.
const INVALID_VALUE_RULES: &[&str] = &["DQ011", "DQ012"];

/// A figure with a validity error (outside its range, a negative count) is not
/// given a RAG, a direction or a forecast: it is shown as missing, with its
/// finding, until it is fixed, so that a wrong number never reaches Cabinet
/// looking green. A council that downgrades such a rule to a warning in
/// `ipr.toml` gets the figure assessed as returned.
fn withhold_invalid_values(
    resolved: &mut crate::quality::checks::Resolved<'_>,
    findings: &[Finding],
    settings: &Settings,
) {
    let ys = settings.year_start;
    // (file, sheet, cell, period) of every figure to withhold: one pass over the
    // observations then checks each against this set, rather than one pass per finding.
    let mut cells: HashSet<(&str, &str, &str, &str)> = HashSet::new();
    for f in findings {
        if !INVALID_VALUE_RULES.contains(&f.rule) {
            continue;
        }
        let severity = settings
            .severity
            .get(f.rule)
            .copied()
            .unwrap_or(crate::quality::rules::rule(f.rule).severity);
        if severity != Severity::Error {
            continue;
        }
        if let (Some(cell), Some(period)) = (f.cell.as_deref(), f.period.as_deref()) {
            cells.insert((f.file.as_str(), f.sheet.as_str(), cell, period));
        }
    }
    if cells.is_empty() {
        return;
    }
    let sheets: HashSet<(&str, &str)> = cells.iter().map(|(f, s, _, _)| (*f, *s)).collect();
    for (key, o) in resolved.observations.iter_mut() {
        // Most observations are in sheets with no such finding: skip them before
        // making their cell reference and period id.
        if !sheets.contains(&(&*o.source.file, &*o.source.sheet)) {
            continue;
        }
        let (cell, period) = (o.source.cell(), key.1.id(ys));
        if cells.contains(&(
            &*o.source.file,
            &*o.source.sheet,
            cell.as_str(),
            period.as_str(),
        )) {
            o.set_aside();
            resolved.withheld.insert(key.clone());
        }
    }
}

/// The register looked up by normalised code without scanning it:
/// [`Register::get`] scans every indicator, which made a council-year quadratic.
struct RegisterIndex<'a> {
    register: &'a Register,
    by_key: HashMap<&'a str, &'a Indicator>,
}

impl<'a> RegisterIndex<'a> {
    fn new(register: &'a Register) -> Self {
        RegisterIndex {
            register,
            by_key: register
                .indicators
                .iter()
                .map(|i| (i.key.as_str(), i))
                .collect(),
        }
    }

    /// The indicator for a code (normalised codes are found at once; any other
    /// spelling falls back to the register's own look-up).
    fn get(&self, code: &str) -> Option<&'a Indicator> {
        match self.by_key.get(code) {
            Some(i) => Some(*i),
            None => self.register.get(code),
        }
    }
}

/// Sort key for an A1 reference: by row then column, so C10 comes after C9.
fn cell_order(cell: &Option<String>) -> (u32, u32) {
    let Some(c) = cell else { return (0, 0) };
    let letters: String = c
        .chars()
        .take_while(|ch| ch.is_ascii_alphabetic())
        .collect();
    let row: u32 = c[letters.len()..].parse().unwrap_or(0);
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
    (row, col)
}

/// Read and consolidate the returns at `inputs` for a reporting month.
///
/// Folders are searched for returns; nothing is written (see
/// [`crate::report::publish::publish`] for the report and forms).
///
/// ```
/// use ipr::config::load_config;
/// use ipr::period::Period;
/// use ipr::register::{load_register, RegisterOptions};
/// use std::path::{Path, PathBuf};
///
/// let (_, settings) = load_config(Path::new("samples/ipr.toml"))?;
/// let opts = RegisterOptions { year_start: settings.year_start, ..RegisterOptions::default() };
/// let register = load_register(Path::new("samples/register.xlsx"), "register.xlsx", &opts)?;
/// let month = Period::parse_id("2026-09", settings.year_start).expect("a month");
/// let returns = [PathBuf::from("samples/returns/2026-27")];
///
/// let c = ipr::pipeline::consolidate(&register, &returns, &settings, month);
/// assert_eq!(c.period_id, "2026-09");
/// for r in c.indicators.iter().filter(|r| r.exception) {
///     println!("{} {}: needs a remedial-action report", r.code, r.title);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn consolidate(
    register: &Register,
    inputs: &[PathBuf],
    settings: &Settings,
    report_month: Period,
) -> Consolidation {
    consolidate_with_progress(register, inputs, settings, report_month, &|_, _| {})
}

/// [`consolidate`], reporting progress after each file is read.
pub fn consolidate_with_progress(
    register: &Register,
    inputs: &[PathBuf],
    settings: &Settings,
    report_month: Period,
    progress: Progress,
) -> Consolidation {
    let (files, path_findings) = find_returns(inputs);
    let returns = read_returns_with_progress(&files, register, settings, progress);
    let mut c = analyse(register, returns, settings, report_month, true);
    if !path_findings.is_empty() {
        c.findings.extend(path_findings);
        // Severity overrides apply to these too.
        finalise(&mut c.findings, &settings.severity);
    }
    c
}

/// The outcome of `ipr check`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Every finding across the returns checked.
    pub findings: Vec<Finding>,
    /// Counts.
    pub summary: CheckSummary,
}

/// Counts for `ipr check`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CheckSummary {
    /// Files checked.
    pub files: usize,
    /// Errors.
    pub errors: usize,
    /// Warnings not explained.
    pub warnings: usize,
    /// Warnings explained by a Data Note.
    pub explained: usize,
    /// Indicators due and present, per return.
    pub coverage: Vec<CheckedCoverage>,
}

/// One return's coverage in `ipr check`: its directorate's row, and which file
/// and period it is for. The JSON has the row only, as before.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct CheckedCoverage {
    /// The directorate's coverage.
    pub row: CoverageRow,
    /// The return, as named by the user.
    #[serde(skip)]
    pub file: String,
    /// The period it was checked for, e.g. `2026-09`.
    #[serde(skip)]
    pub period: String,
}

/// Check returns before submission: each return on its own, against its own period
/// (or `period` where given, which also flags returns for later periods).
///
/// ```
/// use ipr::config::load_config;
/// use ipr::quality::finding::Severity;
/// use ipr::register::{load_register, RegisterOptions};
/// use std::path::{Path, PathBuf};
///
/// let (_, settings) = load_config(Path::new("samples/ipr.toml"))?;
/// let opts = RegisterOptions { year_start: settings.year_start, ..RegisterOptions::default() };
/// let register = load_register(Path::new("samples/register.xlsx"), "register.xlsx", &opts)?;
/// let file = PathBuf::from("samples/returns/2026-27/Resources-2026-09.xlsx");
///
/// let report = ipr::pipeline::check(&register, &[file], &settings, None);
/// assert_eq!(report.summary.files, 1);
/// for f in report.findings.iter().filter(|f| f.severity == Severity::Error) {
///     println!("{} {}: {}", f.rule, f.location(), f.message);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check(
    register: &Register,
    inputs: &[PathBuf],
    settings: &Settings,
    period: Option<Period>,
) -> CheckReport {
    check_with_progress(register, inputs, settings, period, &|_, _| {})
}

/// [`check`], reporting progress after each file is read.
pub fn check_with_progress(
    register: &Register,
    inputs: &[PathBuf],
    settings: &Settings,
    period: Option<Period>,
    progress: Progress,
) -> CheckReport {
    let (files, mut findings) = find_returns(inputs);
    finalise(&mut findings, &settings.severity);
    let returns = read_returns_with_progress(&files, register, settings, progress);
    let mut coverage = Vec::new();
    let ys = settings.year_start;
    for r in returns {
        let month = period.or_else(|| report_month_of(&r, ys));
        match month {
            Some(m) => {
                let file = r.path.clone();
                let c = analyse(register, vec![r], settings, m, false);
                findings.extend(c.findings);
                coverage.extend(
                    c.coverage
                        .directorates
                        .into_iter()
                        .map(|row| CheckedCoverage {
                            row,
                            file: file.clone(),
                            period: m.end_month(ys).id(ys),
                        }),
                );
            }
            None => {
                let mut fs = r.findings.clone();
                finalise(&mut fs, &settings.severity);
                findings.extend(fs);
            }
        }
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let explained = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning && f.explained)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning && !f.explained)
        .count();
    CheckReport {
        summary: CheckSummary {
            files: files.len(),
            errors,
            warnings,
            explained,
            coverage,
        },
        findings,
    }
}

/// Attaches completed remedial-action forms (from `--actions DIR`) to the
/// consolidation.
///
/// Each exception gets the answered form for its indicator from this period,
/// or else from the latest earlier period (carried forward, its period shown).
/// An answered form for an indicator that is not an exception now is kept in
/// `stale_actions` (the latest per indicator), never dropped. Blank forms count
/// as not returned, and forms for periods after the one reported are ignored.
pub fn attach_actions(c: &mut Consolidation, actions: Vec<crate::actions::RemedialAction>) {
    let ys = c.year_start;
    let report = c.period.end_month(ys);
    // The latest answered form per indicator, by (period, file) so ties are stable.
    let mut latest: BTreeMap<String, (Period, crate::actions::RemedialAction)> = BTreeMap::new();
    for a in actions.into_iter().filter(|a| !a.is_blank()) {
        let Some(month) = Period::parse_id(&a.period, ys).map(|p| p.end_month(ys)) else {
            continue;
        };
        if month > report {
            continue;
        }
        let key = crate::register::normalise_code(&a.code);
        let newer = match latest.get(&key) {
            Some((m, old)) => (month, &a.file) > (*m, &old.file),
            None => true,
        };
        if newer {
            latest.insert(key, (month, a));
        }
    }
    c.actions.clear();
    c.stale_actions.clear();
    for r in c.indicators.iter().filter(|r| r.exception) {
        if let Some((_, a)) = latest.remove(&crate::register::normalise_code(&r.code)) {
            c.actions.insert(r.code.clone(), a);
        }
    }
    c.stale_actions = latest.into_values().map(|(_, a)| a).collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observation::Source;

    fn obs(directorate: &str, code: &str, month: u32, file: &str, row: u32) -> Observation {
        Observation {
            code: code.into(),
            directorate: directorate.into(),
            period: Period::month(2026, month),
            value: Some(f64::from(row)),
            value_seen: row.to_string(),
            numerator: None,
            denominator: None,
            target: None,
            forecast: None,
            commentary: None,
            data_note: None,
            source: Source {
                file: file.into(),
                sheet: "Return".into(),
                row,
                col: 2,
            },
        }
    }

    #[test]
    fn history_is_sorted_by_directorate_code_period_and_source() {
        // Returns in path order, each holding rows out of order, with ties on
        // (directorate, code, period) settled by the source.
        let mut returns = Vec::new();
        let names = ["Place", "Adults", "Children"];
        for m in [6u32, 4, 5] {
            let mut r = ReturnFile {
                path: format!("r-{m}.xlsx"),
                ..ReturnFile::default()
            };
            for (k, d) in names.iter().enumerate() {
                for (j, code) in ["B2", "A1", "C3"].iter().enumerate() {
                    let row = (k * 3 + j) as u32;
                    r.observations
                        .push(obs(d, code, m, &r.path.clone(), 20 - row));
                    // The same figure given twice in the return, lower down.
                    if j == 1 {
                        r.observations
                            .push(obs(d, code, m, &r.path.clone(), 40 - row));
                    }
                }
            }
            returns.push(r);
        }
        let mut expected: Vec<Observation> = returns
            .iter()
            .flat_map(|r| r.observations.iter().cloned())
            .collect();
        expected.sort_by(|a, b| {
            (&a.directorate, &a.code, a.period, &a.source).cmp(&(
                &b.directorate,
                &b.code,
                b.period,
                &b.source,
            ))
        });
        let history = history_of(returns);
        assert_eq!(history.len(), 36);
        let history: Vec<Observation> = history.iter().cloned().collect();
        assert_eq!(history, expected);
        assert_eq!(
            (&*history[0].directorate, history[0].code.as_str()),
            ("Adults", "A1")
        );
        assert!(history[0].source.row < history[1].source.row);
    }
}
