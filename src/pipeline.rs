//! The order of the stages: find the returns, read them, check them, assess
//! them. Each stage is its own module ([`crate::returns`], [`crate::quality`],
//! [`crate::assess`]) and the results are [`crate::model`] types; this file
//! only runs the stages in turn, for `consolidate` and for `check`, and
//! [`month`] runs the month as `ipr consolidate` does ([`run_month`]).

use crate::config::Settings;
use crate::model::{
    CheckReport, CheckedCoverage, Consolidation, Coverage, Finding, History, IndicatorResult,
    InputFile, ObservationAt, Register, ReturnFile, RunOptions,
};
use crate::period::Period;
use crate::quality::checks::{check_each, finalise, resolve_conflicts, CheckOptions};
use crate::quality::{completeness, history, timeliness, validity};
use crate::report::template::{Earlier, Templates, TemplatesWritten};
use crate::returns::{find_returns, Progress, ReturnOptions};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub mod budget;
pub mod month;
pub mod plan;
pub use month::{
    prepare_month, publish_month, run_month, Month, MonthError, MonthOptions, MonthRun,
};

/// How returns are read, from the council's settings.
fn return_options(s: &Settings) -> ReturnOptions {
    ReturnOptions {
        calendar: s.calendar,
        values: s.values.clone(),
        limits: s.limits,
        sources: s.sources.clone(),
        codes: Default::default(),
    }
}

/// Read every return file (in parallel across the machine's cores).
pub fn read_returns(files: &[PathBuf], register: &Register, s: &Settings) -> Vec<ReturnFile> {
    read_returns_with_progress(files, register, s, &|_, _| {})
}

/// [`read_returns`], reporting progress after each file.
pub fn read_returns_with_progress(
    files: &[PathBuf],
    register: &Register,
    s: &Settings,
    progress: Progress,
) -> Vec<ReturnFile> {
    crate::returns::read_all(files, register, &return_options(s), progress)
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
    analyse_with(
        &std::sync::Arc::new(register.clone()),
        returns,
        settings,
        report_month,
        expect_every_directorate,
        None,
    )
}

/// [`analyse`], knowing the previous report where there is one: the action
/// plan's revisions, changes and backward steps are counted from it (SPEC
/// section 13), and the budget lines' movement and change (section 16). The indicators' comparison with it is [`follow_previous`].
pub fn analyse_with(
    register: &std::sync::Arc<Register>,
    mut returns: Vec<ReturnFile>,
    settings: &Settings,
    report_month: Period,
    expect_every_directorate: bool,
    previous: Option<&crate::model::PreviousReport>,
) -> Consolidation {
    let cal = settings.calendar;
    let opts = CheckOptions {
        calendar: cal,
        ratio_tolerance: settings.ratio_tolerance,
    };
    let report_month = cal.end_month(report_month);
    let plan_inputs = register
        .plan
        .as_ref()
        .map(|_| plan::PlanInputs::take(&mut returns, report_month, cal));
    let budget_inputs = register
        .budget
        .as_ref()
        .map(|_| budget::BudgetInputs::take(&mut returns, report_month, cal));
    // Findings made while reading each return, and returns for a later period.
    let mut findings: Vec<Finding> = Vec::new();
    for r in &returns {
        findings.extend(r.findings.iter().cloned());
        timeliness::check_return_period(r, report_month, cal, &mut findings);
    }
    // Rules on single values, then one value per indicator and period.
    let relevant = check_each(&returns, register, &opts, &mut findings);
    let mut resolved = resolve_conflicts(&relevant, register, &opts, &mut findings);
    validity::withhold_invalid_values(&mut resolved, &findings, &settings.severity, cal);
    let Assessed {
        history_findings,
        values_used,
        later_findings,
        coverage,
        mut indicators,
    } = assess_beside_history(
        register,
        &returns,
        &resolved,
        settings,
        report_month,
        expect_every_directorate,
        &opts,
    );
    findings.extend(history_findings);
    findings.extend(later_findings);
    completeness::check_red_commentary(&indicators, &mut findings);
    let actions = register
        .plan
        .as_deref()
        .zip(plan_inputs)
        .map(|(p, inputs)| {
            let run = plan::PlanRun {
                month: report_month,
                cal,
                options: &settings.actions,
                previous,
                every_directorate: expect_every_directorate,
            };
            let (report, found) = plan::assess_actions(p, &inputs, &indicators, run);
            findings.extend(found);
            report
        });
    let budget = register
        .budget
        .as_deref()
        .zip(budget_inputs)
        .and_then(|(b, inputs)| {
            let run = budget::BudgetRun {
                month: report_month,
                cal,
                previous,
                every_directorate: expect_every_directorate,
            };
            let (report, found) = budget::assess_lines(b, &inputs, run);
            findings.extend(found);
            report
        });
    crate::quality::settle(&mut findings, &settings.severity);
    crate::quality::mark_earlier(&mut findings, report_month, cal);
    crate::quality::tally(&findings, &mut indicators);
    let inputs = InputFile::list(&returns, register);
    drop(resolved);
    Consolidation {
        period: report_month,
        period_id: cal.id(report_month),
        calendar: cal,
        // The caller's register, shared rather than copied.
        register: std::sync::Arc::clone(register),
        indicators,
        findings,
        coverage,
        history: History::from_returns(returns),
        inputs,
        options: RunOptions {
            year_start_month: cal.year_start_month(),
            default_tolerance: settings.default_tolerance,
            ratio_tolerance: settings.ratio_tolerance,
            no_value: settings.values.no_value.clone(),
        },
        version: env!("CARGO_PKG_VERSION").to_string(),
        remedial: BTreeMap::new(),
        stale_remedial: Vec::new(),
        awaiting_figure: Vec::new(),
        values_used,
        changes: None,
        actions,
        budget,
        audience: crate::model::Audience {
            council: settings.council.clone(),
            pack: None,
        },
        packs: Vec::new(),
    }
}

/// What [`assess_beside_history`] gives back.
struct Assessed {
    /// DQ031, DQ041 and DQ051.
    history_findings: Vec<Finding>,
    /// The values the report uses, for next month's restatements.
    values_used: Vec<ObservationAt>,
    /// DQ002 on earlier periods, then DQ001 and DQ003.
    later_findings: Vec<Finding>,
    coverage: Coverage,
    indicators: Vec<IndicatorResult>,
}

/// The assessment of the resolved values, with the history rules beside it.
fn assess_beside_history(
    register: &Register,
    returns: &[ReturnFile],
    resolved: &crate::quality::reliability::Resolved,
    settings: &Settings,
    report_month: Period,
    expect_every_directorate: bool,
    opts: &CheckOptions,
) -> Assessed {
    let cal = settings.calendar;
    // The history rules, the slowest of the checks, and the list of values used
    // run on a thread of their own while the rest is assessed: each reads the
    // resolved values only, and the findings are put back in the order the
    // stages always gave them.
    std::thread::scope(|s| {
        let history_findings = s.spawn(move || {
            let mut out = Vec::new();
            let h = &settings.history;
            history::check_history(register, resolved, report_month, h, cal, &mut out);
            (out, values_used(register, returns, resolved))
        });
        let mut later = Vec::new();
        completeness::check_earlier_blanks(
            register,
            returns,
            resolved,
            report_month,
            opts,
            &mut later,
        );
        let coverage = completeness::check_coverage(
            register,
            returns,
            resolved,
            report_month,
            expect_every_directorate,
            opts,
            &mut later,
        );
        let mut indicators =
            crate::assess::assess_register(register, resolved, &coverage, report_month, cal);
        let (spc, spc_fail) = (&settings.spc, settings.spc_fail);
        crate::assess::spc::attach(
            register,
            resolved,
            &mut indicators,
            report_month,
            cal,
            spc,
            spc_fail,
        );
        let history_findings = history_findings
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let (history_findings, values_used) = history_findings;
        Assessed {
            history_findings,
            values_used,
            later_findings: later,
            coverage,
            indicators,
        }
    })
}

/// Writes one blank return per directorate for `period` into `out` (which
/// must exist), each asking for its indicators due with the targets the
/// assessment sets (`assess::due_in`), never overwriting a file already there.
pub fn write_templates(
    register: &Register,
    period: Period,
    cal: crate::period::Calendar,
    history: &BTreeMap<(String, Period), Earlier>,
    templates: &Templates,
    out: &std::path::Path,
) -> Result<TemplatesWritten, crate::report::publish::PublishError> {
    let due: Vec<_> = register
        .directorates()
        .into_iter()
        .map(|d| {
            let due = crate::assess::due_in(register, &d, period, cal);
            (d, due)
        })
        .collect();
    crate::report::write_return_templates(register, period, cal, &due, history, templates, out)
}

/// The value used for each indicator in the register and each period, in the
/// resolved set's order (indicator key, then period): where each is among
/// the returns' observations, which become History's lists as they are.
fn values_used(
    register: &Register,
    returns: &[ReturnFile],
    resolved: &crate::quality::reliability::Resolved,
) -> Vec<ObservationAt> {
    let at = locator(returns);
    resolved
        .observations
        .values()
        .filter_map(|o| {
            o.value.filter(|v| v.is_finite())?;
            register.get(&o.code)?;
            // A value set aside is `None`, so every value used is borrowed
            // from its return and found there.
            at(o)
        })
        .collect()
}

/// Where an observation borrowed from one of `returns` is held: which
/// return's list and which place in it, told from its address (the lists
/// are not moved or changed until they become History's).
fn locator(returns: &[ReturnFile]) -> impl Fn(&crate::model::Observation) -> Option<ObservationAt> {
    let size = std::mem::size_of::<crate::model::Observation>();
    // (start, end, list) of each list's elements, by address.
    let mut spans: Vec<(usize, usize, u32)> = returns
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.observations.is_empty())
        .map(|(l, r)| {
            let p = r.observations.as_ptr_range();
            (p.start as usize, p.end as usize, l as u32)
        })
        .collect();
    spans.sort_unstable();
    move |o| {
        let addr = std::ptr::from_ref(o) as usize;
        let k = spans.partition_point(|s| s.0 <= addr).checked_sub(1)?;
        let (start, end, list) = spans[k];
        (addr < end).then(|| ObservationAt {
            list,
            pos: ((addr - start) / size) as u32,
        })
    }
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
/// let opts = RegisterOptions { calendar: settings.calendar, ..RegisterOptions::default() };
/// let register = load_register(Path::new("samples/register.xlsx"), "register.xlsx", &opts)?;
/// let month = settings.calendar.parse_id("2026-09").expect("a month");
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
    month::with_path_findings(&mut c, path_findings, settings);
    c
}

/// Compares a consolidation with the previous report (SPEC section 10): adds a
/// DQ032 finding for each figure restated since, and records what changed in
/// `c.changes` (RAG then, exceptions new and no longer, the findings it had,
/// the values restated or late). Without a previous report, nothing is called.
pub fn follow_previous(
    c: &mut Consolidation,
    prev: &crate::model::PreviousReport,
    settings: &Settings,
) {
    let (restated, marks) =
        crate::quality::restated::check_restated(c.used(), prev, &c.register, c.calendar);
    if !restated.is_empty() {
        c.findings.extend(restated);
        crate::quality::settle(&mut c.findings, &settings.severity);
        crate::quality::tally(&c.findings, &mut c.indicators);
    }
    let mut changes = crate::assess::changes::compare(c, prev);
    changes.marks = marks;
    c.changes = Some(changes);
}

/// True when the consolidation read something for its period: a value (or a
/// blank) for the period, or a file that may be the period's return but could
/// not be read as one. False for a mistyped folder, an empty one, or one
/// holding only other periods' returns: then nothing should be written.
pub fn found_returns_for_period(c: &Consolidation) -> bool {
    use crate::model::Rule;
    let cal = c.calendar;
    let month = cal.end_month(c.period);
    if c.history.iter().any(|o| cal.end_month(o.period) == month) {
        return true;
    }
    // Progress on the action plan for the period is something found too.
    if c.actions.as_ref().is_some_and(|a| a.updates_read > 0) {
        return true;
    }
    // So are the budget lines' figures for the period.
    if c.budget.as_ref().is_some_and(|b| b.rows_read > 0) {
        return true;
    }
    // A file that could not be read as a return may be this period's: the
    // report is written so that its findings are seen.
    let register = c.register.file.as_str();
    c.findings.iter().any(|f| {
        !f.file.is_empty()
            && f.file != register
            && c.inputs.iter().any(|i| i.path == f.file)
            && [Rule::DQ005, Rule::DQ006, Rule::DQ007].contains(&f.rule)
    })
}

/// Check returns before submission: each return on its own, against its own period
/// (or `period` where given, which also flags returns for later periods).
///
/// ```
/// use ipr::config::load_config;
/// use ipr::model::Severity;
/// use ipr::register::{load_register, RegisterOptions};
/// use std::path::{Path, PathBuf};
///
/// let (_, settings) = load_config(Path::new("samples/ipr.toml"))?;
/// let opts = RegisterOptions { calendar: settings.calendar, ..RegisterOptions::default() };
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
    check_with_history(register, inputs, &[], settings, period, progress)
}

/// [`check_with_progress`], with earlier returns kept in other files
/// (`ipr check --history RETURNS...`): the history rules of each return
/// checked see their values too; only the findings on the returns checked
/// are reported.
pub fn check_with_history(
    register: &Register,
    inputs: &[PathBuf],
    history: &[PathBuf],
    settings: &Settings,
    period: Option<Period>,
    progress: Progress,
) -> CheckReport {
    let (files, mut findings) = find_returns(inputs);
    let (history_files, history_findings) = find_returns(history);
    findings.extend(history_findings);
    finalise(&mut findings, &settings.severity);
    let returns = read_returns_with_progress(&files, register, settings, progress);
    // A history file that is also being checked is read as the return only.
    let history_files: Vec<PathBuf> = history_files
        .into_iter()
        .filter(|h| !files.contains(h))
        .collect();
    let earlier = read_returns(&history_files, register, settings);
    let mut coverage = Vec::new();
    for r in returns {
        match period.or_else(|| r.report_month(settings.calendar)) {
            Some(m) => {
                let file = r.path.clone();
                let directorate = r.directorate.clone();
                let mut given = Vec::with_capacity(1 + earlier.len());
                given.push(r);
                given.extend(earlier.iter().cloned());
                let c = analyse(register, given, settings, m, false);
                findings.extend(c.findings.into_iter().filter(|f| f.file == file));
                coverage.extend(
                    c.coverage
                        .directorates
                        .into_iter()
                        .filter(|row| {
                            earlier.is_empty()
                                || directorate
                                    .as_deref()
                                    .is_some_and(|d| row.directorate.eq_ignore_ascii_case(d))
                        })
                        .map(|row| CheckedCoverage {
                            row,
                            file: file.clone(),
                            period: settings.calendar.id(settings.calendar.end_month(m)),
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
    CheckReport::new(files.len(), findings, coverage)
}
