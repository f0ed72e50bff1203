//! A report for each audience (SPEC section 14): the month's consolidation
//! cut down to one pack's indicators and actions, then written by the very
//! writers of the main report. Nothing is read or assessed again: every
//! figure, RAG, exception and finding is the main report's own.

use crate::model::pack::keys_of;
use crate::model::{
    Budget, BudgetReport, Consolidation, Coverage, CoverageRow, Finding, PackMembers, Plan,
    PlanReport,
};
use crate::text::normalise_code;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The consolidation of one pack: the main report's results, findings and
/// actions for the pack's items only, titled for its audience.
///
/// - indicators: the main report's results for the pack's codes, as they are;
/// - the register: the indicators tagged with the value (due or not), so the
///   Register sheet and the directorate sheets are the pack's;
/// - findings: those on the pack's indicators and actions (a finding on no
///   indicator, such as a file that could not be read, is the main report's);
/// - coverage: each of the pack's directorates, over the pack's indicators;
/// - forms and changes: the pack's indicators' and actions';
/// - no history: a pack has no History sheet.
pub fn pack_consolidation(c: &Consolidation, m: &PackMembers) -> Consolidation {
    let due = keys_of(&m.indicators);
    let actions = keys_of(&m.actions);
    let lines = keys_of(&m.budget);
    let mut register = crate::model::Register::clone(&c.register);
    register
        .indicators
        .retain(|i| m.tags(i.attribute(&m.column)) || due.contains(&i.key));
    register.reindex();
    // The plan and the budget cut too, so that the pack's directorates (its
    // sheets, its Summary's action and finance rows) are its own items' only.
    register.plan = c.register.plan.as_deref().map(|p| {
        let mine = p
            .actions
            .iter()
            .filter(|a| actions.contains(&normalise_code(&a.reference)));
        std::sync::Arc::new(Plan::new(
            &p.file,
            &p.sha256,
            &p.sheet,
            mine.cloned().collect(),
        ))
    });
    register.budget = c.register.budget.as_deref().map(|b| {
        let mine = b
            .lines
            .iter()
            .filter(|l| lines.contains(&normalise_code(&l.reference)));
        std::sync::Arc::new(Budget::new(
            &b.file,
            &b.sha256,
            &b.sheet,
            mine.cloned().collect(),
        ))
    });
    let tagged: HashSet<String> = register.indicators.iter().map(|i| i.key.clone()).collect();
    let key_of = |code: &str| {
        c.register
            .get(code)
            .map_or_else(|| normalise_code(code), |i| i.key.clone())
    };
    let in_due = |code: &str| due.contains(&key_of(code));
    let indicators: Vec<_> = c
        .indicators
        .iter()
        .filter(|r| in_due(&r.code))
        .cloned()
        .collect();
    let findings: Vec<Finding> = c
        .findings
        .iter()
        .filter(|f| finding_in_pack(f, &in_due, &actions, &lines))
        .cloned()
        .collect();
    let coverage = pack_coverage(&c.coverage, &indicators);
    let mut p = Consolidation {
        register: std::sync::Arc::new(register),
        indicators,
        findings,
        coverage,
        // A pack has no History sheet (see `workbook_bytes`): every value
        // read is listed once, in the main report. Its values used point
        // into the main report's observations, shared, not copied.
        history: c.history.shared(),
        remedial: c
            .remedial
            .iter()
            .filter(|(code, _)| in_due(code))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        stale_remedial: only_codes(&c.stale_remedial, |code| tagged.contains(&key_of(code))),
        awaiting_figure: only_codes(&c.awaiting_figure, |code| tagged.contains(&key_of(code))),
        values_used: c
            .values_used
            .iter()
            .copied()
            .filter(|&at| {
                c.history
                    .get(at)
                    .is_some_and(|o| tagged.contains(&key_of(&o.code)))
            })
            .collect(),
        actions: c
            .actions
            .as_ref()
            .map(|a| pack_actions(a, &actions, &in_due)),
        // SPEC section 16: the budget lines tagged with the pack's value, by
        // the budget's own grouping columns, with their totals.
        // A pack with no line of the budget has no finance part at all.
        budget: c
            .budget
            .as_ref()
            .map(|b| pack_budget(b, &lines))
            .filter(|b| !b.results.is_empty()),
        packs: Vec::new(),
        period: c.period,
        period_id: c.period_id.clone(),
        calendar: c.calendar,
        inputs: c.inputs.clone(),
        options: c.options.clone(),
        version: c.version.clone(),
        changes: c.changes.clone(),
        audience: c.audience.clone(),
    };
    p.audience.pack = Some(m.audience());
    if let Some(ch) = p.changes.as_mut() {
        ch.new_exceptions.retain(|code| in_due(code));
        ch.no_longer_exceptions
            .retain(|code| tagged.contains(&key_of(code)));
        ch.rag_better.retain(|code| in_due(code));
        ch.rag_worse.retain(|code| in_due(code));
        ch.rag_previous
            .retain(|code, _| tagged.contains(&key_of(code)));
        ch.since.retain(|code, _| tagged.contains(&key_of(code)));
    }
    p
}

/// A finding on one of the pack's due indicators, actions or budget lines.
fn finding_in_pack(
    f: &Finding,
    in_due: &impl Fn(&str) -> bool,
    actions: &HashSet<String>,
    lines: &HashSet<String>,
) -> bool {
    let Some(code) = f.indicator.as_deref() else {
        return false;
    };
    match f.rule.kind() {
        crate::model::rules::Kind::Action => actions.contains(&normalise_code(code)),
        crate::model::rules::Kind::Indicator => in_due(code),
        crate::model::rules::Kind::Budget => lines.contains(&normalise_code(code)),
    }
}

fn only_codes(
    forms: &[crate::model::RemedialAction],
    keep: impl Fn(&str) -> bool,
) -> Vec<crate::model::RemedialAction> {
    forms.iter().filter(|f| keep(&f.code)).cloned().collect()
}

/// Each directorate of the pack: its returns as the main report counts
/// them, its indicators due and returned among the pack's.
fn pack_coverage(main: &Coverage, results: &[crate::model::IndicatorResult]) -> Coverage {
    let mut out = Coverage::default();
    let mut total = CoverageRow {
        directorate: "Council".into(),
        returns: 0,
        expected: 0,
        returned: 0,
    };
    for row in &main.directorates {
        let theirs = results
            .iter()
            .filter(|r| crate::text::same_directorate(&r.directorate, &row.directorate));
        let (expected, returned) = theirs.fold((0, 0), |(e, n), r| {
            (e + 1, n + usize::from(r.actual.is_some()))
        });
        if expected == 0 {
            continue;
        }
        let row = CoverageRow {
            directorate: row.directorate.clone(),
            returns: row.returns,
            expected,
            returned,
        };
        total.returns += row.returns;
        total.expected += expected;
        total.returned += returned;
        out.directorates.push(row);
    }
    out.council = main.council.as_ref().map(|_| total);
    out
}

/// The plan as assessed, for the pack's actions and indicators only.
fn pack_actions(
    a: &PlanReport,
    refs: &HashSet<String>,
    in_due: &impl Fn(&str) -> bool,
) -> PlanReport {
    let mine = |r: &str| refs.contains(&normalise_code(r));
    PlanReport {
        file: a.file.clone(),
        results: a
            .results
            .iter()
            .filter(|r| mine(&r.reference))
            .cloned()
            .collect(),
        indicators: a
            .indicators
            .iter()
            .filter(|(code, _)| in_due(code))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        updates_used: a
            .updates_used
            .iter()
            .filter(|u| mine(&u.reference))
            .cloned()
            .collect(),
        updates_read: a.updates_read,
        previous_period: a.previous_period.clone(),
        remedial: a
            .remedial
            .iter()
            .filter(|(r, _)| mine(r))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        stale_remedial: a
            .stale_remedial
            .iter()
            .filter(|f| mine(&f.code))
            .cloned()
            .collect(),
    }
}

/// The budget as assessed, for the pack's lines only: their totals summed
/// again over those lines by the main report's own function, so they are
/// exactly the main report's over them.
fn pack_budget(b: &BudgetReport, lines: &HashSet<String>) -> BudgetReport {
    let mine = |r: &str| lines.contains(&normalise_code(r));
    let results: Vec<_> = b
        .results
        .iter()
        .filter(|r| mine(&r.reference))
        .cloned()
        .collect();
    BudgetReport {
        file: b.file.clone(),
        summary: crate::assess::budget::finance_summary(&results),
        results,
        rows_read: b.rows_read,
        previous_period: b.previous_period.clone(),
        remedial: b
            .remedial
            .iter()
            .filter(|(r, _)| mine(r))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        stale_remedial: b
            .stale_remedial
            .iter()
            .filter(|f| mine(&f.code))
            .cloned()
            .collect(),
    }
}

/// One pack built: its files' paths and bytes, nothing written yet.
#[derive(Debug)]
pub struct PackFiles {
    /// (path, bytes) of the workbook and of the page.
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

/// Builds the workbook and the page of every pack of `c` (`c.packs`), for
/// the output folder `out`; nothing is written, and every pack's bytes are
/// held at once (a run's [`super::publish::publish`] stages each pack's files
/// as they are built instead). The packs are built on as many threads as there
/// are cores, each taking the next pack; each pack's bytes depend on it alone,
/// so the result never depends on which thread built it.
pub fn build_packs(c: &Consolidation, out: &Path) -> Result<Vec<PackFiles>, super::ReportError> {
    super::packs_staged::on_cores(c.packs.len(), |i| build_pack(c, &c.packs[i], out))
        .into_iter()
        .collect()
}

/// One pack's workbook and page, as bytes.
fn build_pack(
    c: &Consolidation,
    m: &PackMembers,
    out: &Path,
) -> Result<PackFiles, super::ReportError> {
    let p = pack_consolidation(c, m);
    let mut files = Vec::with_capacity(2);
    for name in &m.files {
        let path = out.join(name);
        let bytes = if name.ends_with(".xlsx") {
            super::workbook_bytes(&p)
                .map_err(|e| super::ReportError::new(&path, super::ReportErrorKind::Workbook(e)))?
        } else {
            super::html::render(&p).into_bytes()
        };
        files.push((path, bytes));
    }
    Ok(PackFiles { files })
}
