//! Action plans through a month's run (SPEC section 13): the returns read
//! with their action tables, the plan assessed, its findings and its link to
//! the indicators, on files written by openpyxl (tests/fixtures/make_plans.py).

mod common;

use ipr::config::Settings;
use ipr::model::{ActionRag, ActionReason, Consolidation, Rule};
use ipr::register::{load_register, Register, RegisterOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn fixtures() -> Option<&'static Path> {
    common::fixtures("make_plans.py")
}

/// The register of `dir` with the plan on its Actions sheet.
fn register_with_plan(dir: &Path) -> Register {
    let file = dir.join("register.xlsx");
    let settings = Settings::default();
    let mut reg = load_register(&file, "register.xlsx", &RegisterOptions::default())
        .unwrap_or_else(|e| panic!("the fixture register should load: {e}"));
    let plan = ipr::workspace::load_action_plan(&file, None, &reg, &settings)
        .unwrap_or_else(|e| panic!("the fixture plan should load: {e}"));
    reg.plan = plan.map(Arc::new);
    reg
}

fn consolidate(reg: &Register, files: &[PathBuf]) -> Consolidation {
    let settings = Settings::default();
    let month = settings.calendar.parse_id("2026-09").expect("a month");
    ipr::pipeline::consolidate(reg, files, &settings, month)
}

#[test]
fn the_consolidation_carries_the_assessed_actions_their_findings_and_links() {
    let Some(dir) = fixtures() else { return };
    let reg = register_with_plan(dir);
    let c = consolidate(&reg, &[dir.join("cp-tracker.xlsx")]);
    // The action table beside the indicator table, on the same header row,
    // is not read as indicators: no refused table, no unknown codes.
    for f in &c.findings {
        assert!(
            ![Rule::DQ017, Rule::DQ020, Rule::DQ007].contains(&f.rule),
            "{f:?}"
        );
    }
    let res01 = c.indicators.iter().find(|r| r.code == "RES-01").unwrap();
    assert_eq!(res01.actual, Some(93.5));

    let plan = c.actions.as_ref().expect("a plan was given");
    let by = |r: &str| plan.results.iter().find(|a| a.reference == r).unwrap();
    let cp1 = by("CP-1");
    assert_eq!(cp1.percent_complete, Some(85.0), "85% typed in a 0% cell");
    assert_eq!(
        cp1.source.as_ref().map(|s| (s.sheet.to_string(), s.cell())),
        Some(("Return".to_string(), "H6".to_string()))
    );
    assert_eq!(by("CP-1.1").rag, ActionRag::Complete);
    let cp2 = by("CP-2");
    assert_eq!(cp2.slippage_days, 90, "31 Dec 2026 moved to 31 Mar 2027");
    assert_eq!(cp2.revisions, 1);
    assert!(cp2.exception);
    assert!(cp2.reasons.contains(&ActionReason::Slipped));
    // Adults and Health sent nothing: its action is listed, not assessed, DQ068.
    let ac = by("AC-R5");
    assert_eq!((ac.rag, ac.exception), (ActionRag::NotAssessed, false));
    let dq068: Vec<_> = c
        .findings
        .iter()
        .filter(|f| f.rule == Rule::DQ068)
        .collect();
    assert_eq!(dq068.len(), 1, "{dq068:?}");
    assert_eq!(dq068[0].indicator.as_deref(), Some("AC-R5"));
    // Resources gave every action of its own: no DQ068 for them.
    assert_eq!(plan.updates_used.len(), 3);
    // Each indicator lists its linked actions, each action its indicators' RAG.
    let links = plan.for_indicator("RES-01").expect("RES-01 assessed");
    assert_eq!(links.actions, ["CP-1", "CP-2"]);
    assert_eq!(cp1.indicators[0].code, "RES-01");
    assert_eq!(cp1.indicators[0].rag, Some(res01.rag));
    // Action findings are not counted against an indicator of the same name.
    assert!(c
        .findings
        .iter()
        .any(|f| f.rule.kind() == ipr::model::rules::Kind::Action));
}

#[test]
fn without_a_plan_action_tables_are_left_alone() {
    let Some(dir) = fixtures() else { return };
    let mut reg = register_with_plan(dir);
    reg.plan = None;
    let c = consolidate(&reg, &[dir.join("cp-tracker.xlsx")]);
    assert!(c.actions.is_none());
    assert!(!c
        .findings
        .iter()
        .any(|f| f.rule.kind() == ipr::model::rules::Kind::Action));
}
