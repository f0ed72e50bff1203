//! Each action rule at its cell, and the controls that must not be flagged.

use super::*;
use crate::assess::action::{assess_plan, ActionOptions};
use crate::model::plan::testing::action;
use crate::model::plan_update::testing::update;
use crate::model::Severity;
use crate::period::DateProblem;
use crate::quality::action_results::check_assessed;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// CP-1 (Resources, started 1 Apr 2026, due 31 Mar 2027), CP-2 (Resources,
/// due 30 Jun 2026, no start), AH-1 (Adults and Health, due 31 Dec 2026).
fn plan() -> Plan {
    Plan::new(
        "plan.xlsx",
        "",
        "Actions",
        vec![
            action("CP-1", "Resources", Some(d(2026, 4, 1)), d(2027, 3, 31)),
            action("CP-2", "Resources", None, d(2026, 6, 30)),
            action("AH-1", "Adults and Health", None, d(2026, 12, 31)),
        ],
    )
}

fn ctx<'a>(plan: &'a Plan, previous: Option<&'a [PreviousAction]>) -> ActionContext<'a> {
    ActionContext {
        plan,
        period: Period::month(2026, 9),
        cal: Calendar::default(),
        previous,
        directorates: None,
        returns: &[],
    }
}

/// (rule, cell, message) of each finding.
fn found(findings: &[Finding]) -> Vec<(Rule, String, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f.rule,
                f.cell.clone().unwrap_or_default(),
                f.message.clone(),
            )
        })
        .collect()
}

fn has(findings: &[Finding], rule: Rule, cell: &str, words: &str) {
    assert!(
        findings.iter().any(|f| f.rule == rule
            && f.cell.as_deref().unwrap_or("") == cell
            && f.message.contains(words)),
        "no {rule} at {cell:?} saying {words:?}: {:#?}",
        found(findings)
    );
}

/// The rules on the updates, with the other actions given clean rows so that
/// only what a test sets up is found.
fn check(updates: Vec<ActionUpdate>) -> Vec<Finding> {
    let p = plan();
    let mut all = updates;
    for (r, dir) in [
        ("CP-1", "Resources"),
        ("CP-2", "Resources"),
        ("AH-1", "Adults and Health"),
    ] {
        if !all.iter().any(|u| u.key == r) {
            all.push(
                update(r, dir, 40)
                    .with_status("complete")
                    .with_percent(Ok(100.0), "100%"),
            );
        }
    }
    check_updates(&ctx(&p, None), &all).findings
}

#[test]
fn dq060_and_dq061_rows_that_are_not_used() {
    let p = plan();
    let updates = vec![
        update("CP-9", "Resources", 4).with_status("in progress"),
        update("AH-1", "Resources", 5).with_status("in progress"),
        update("CP-1", "Resources", 6).with_status("in progress"),
    ];
    let s = check_updates(&ctx(&p, None), &updates);
    has(
        &s.findings,
        Rule::DQ060,
        "B5",
        "CP-9 is not an action in the plan (plan.xlsx)",
    );
    has(
        &s.findings,
        Rule::DQ061,
        "B6",
        "belongs to Adults and Health in the plan, but its progress was given by Resources",
    );
    assert_eq!(s.used.keys().collect::<Vec<_>>(), ["CP-1"]);
    let f = s.findings.iter().find(|f| f.rule == Rule::DQ060).unwrap();
    assert_eq!(
        (
            f.file.as_str(),
            f.sheet.as_str(),
            f.indicator.as_deref(),
            f.period.as_deref()
        ),
        ("return.xlsx", "Actions", Some("CP-9"), Some("2026-09"))
    );
    assert_eq!(f.rule.kind(), crate::model::rules::Kind::Action);
    // A row from the wrong directorate is still a row: no DQ068 for AH-1.
    assert!(!s
        .findings
        .iter()
        .any(|f| f.rule == Rule::DQ068 && f.indicator.as_deref() == Some("AH-1")));
}

#[test]
fn dq062_dq063_dq064_cells_that_cannot_be_read() {
    let mut u = update("CP-1", "Resources", 4)
        .with_status("nearly there")
        .with_rag("purple")
        .with_percent(Err(FieldProblem::BareFraction), "0.85");
    u.revised = Some(Field {
        value: Err(FieldProblem::NotADate(DateProblem::MonthFirst)),
        seen: "09/30/2026".into(),
        source: crate::model::plan_update::testing::at(4, 4),
    });
    u.completed = Some(Field {
        value: Err(FieldProblem::NumberNotDate),
        seen: "46295".into(),
        source: crate::model::plan_update::testing::at(4, 5),
    });
    let f = check(vec![
        u,
        update("CP-2", "Resources", 5).with_percent(Err(FieldProblem::OutOfRange), "120"),
        update("AH-1", "Adults and Health", 6).with_percent(Err(FieldProblem::NotANumber), "half"),
    ]);
    has(
        &f,
        Rule::DQ062,
        "C5",
        "'nearly there' is not a status we know, for CP-1",
    );
    has(&f, Rule::DQ062, "H5", "'purple' is not a RAG we know");
    has(&f, Rule::DQ063, "D5", "it could mean 85% or 0.85%");
    has(
        &f,
        Rule::DQ063,
        "D6",
        "% complete of CP-2 is 120, outside 0 to 100",
    );
    has(
        &f,
        Rule::DQ063,
        "D7",
        "'half' is not a number from 0 to 100",
    );
    has(&f, Rule::DQ064, "E5", "The revised date of CP-1 cannot be read: '09/30/2026' is not a date: dates are read day first");
    has(
        &f,
        Rule::DQ064,
        "F5",
        "46295 is a number, not a date (if it is Excel's number for 30 Sep 2026",
    );
    assert_eq!(f.len(), 7, "{:#?}", found(&f));
    assert!(f.iter().all(|f| f.severity == Severity::Error));
}

#[test]
fn dq065_status_and_progress_disagree_and_controls() {
    let f = check(vec![
        update("CP-1", "Resources", 4)
            .with_status("Complete")
            .with_percent(Ok(80.0), "80%"),
        update("CP-2", "Resources", 5)
            .with_status("on track")
            .with_percent(Ok(100.0), "100"),
        update("AH-1", "Adults and Health", 6)
            .with_status("not started")
            .with_percent(Ok(5.0), "5%"),
    ]);
    has(
        &f,
        Rule::DQ065,
        "D5",
        "CP-1 is marked complete but is 80% complete",
    );
    has(
        &f,
        Rule::DQ065,
        "D6",
        "CP-2 is 100% complete but its status is in progress",
    );
    has(
        &f,
        Rule::DQ065,
        "D7",
        "AH-1 is marked not started but is 5% complete",
    );
    // Controls: agreeing rows, a blank Status, a blank % complete.
    let f = check(vec![
        update("CP-1", "Resources", 4)
            .with_status("complete")
            .with_percent(Ok(100.0), "100%"),
        update("CP-2", "Resources", 5).with_percent(Ok(100.0), "100%"),
        update("AH-1", "Adults and Health", 6)
            .with_status("not started")
            .with_percent(Ok(0.0), "0"),
    ]);
    assert!(f.is_empty(), "{:#?}", found(&f));
    let f = check(vec![update("CP-1", "Resources", 4).with_status("complete")]);
    assert!(f.is_empty(), "{:#?}", found(&f));
}

#[test]
fn dq066_dates_out_of_order_and_the_last_day_itself() {
    let f = check(vec![
        update("CP-1", "Resources", 4)
            .with_status("complete")
            .with_percent(Ok(100.0), "100%")
            .with_completed(d(2026, 10, 1)),
        update("CP-2", "Resources", 5).with_revised(d(2026, 3, 31)),
    ]);
    has(&f, Rule::DQ066, "F5", "CP-1 was completed on 1 Oct 2026, after the end of the period being reported (30 Sep 2026)");
    assert_eq!(
        f.iter().filter(|f| f.rule == Rule::DQ066).count(),
        1,
        "CP-2 has no Start: {:#?}",
        found(&f)
    );
    let f = check(vec![
        update("CP-1", "Resources", 4).with_revised(d(2026, 3, 31))
    ]);
    has(
        &f,
        Rule::DQ066,
        "E5",
        "The revised date of CP-1 (31 Mar 2026) is before its Start in the plan (1 Apr 2026)",
    );
    // Completed on the period's last day, and a revised date on Start: nothing.
    let f = check(vec![update("CP-1", "Resources", 4)
        .with_status("complete")
        .with_percent(Ok(100.0), "100%")
        .with_completed(d(2026, 9, 30))
        .with_revised(d(2026, 4, 1))]);
    assert!(f.is_empty(), "{:#?}", found(&f));
}

#[test]
fn dq067_two_rows_that_disagree_and_two_that_agree() {
    let p = plan();
    let a = update("CP-1", "Resources", 4)
        .with_status("in progress")
        .with_percent(Ok(40.0), "40%");
    let mut b = update("CP-1", "Resources", 9)
        .with_status("in progress")
        .with_percent(Ok(45.0), "45%");
    b.source.file = "other.xlsx".into();
    let same = update("CP-2", "Resources", 5)
        .with_status("on track")
        .with_commentary("one");
    let again = update("CP-2", "Resources", 6)
        .with_status("on track")
        .with_commentary("two");
    let updates = vec![a, b, same, again];
    let s = check_updates(&ctx(&p, None), &updates);
    has(&s.findings, Rule::DQ067, "B5", "CP-1 is given more than once for 2026-09 with different progress: here (in progress, 40%) and at other.xlsx, sheet 'Actions', cell B10 (in progress, 45%). Neither was used.");
    let twice = s.findings.iter().filter(|f| f.rule == Rule::DQ067).count();
    assert_eq!(twice, 2, "both rows are named");
    assert!(!s.used.contains_key("CP-1"), "neither is used");
    assert_eq!(
        s.used.get("CP-2").map(|u| u.source.row),
        Some(5),
        "identical rows are one update"
    );
    assert!(!s
        .findings
        .iter()
        .any(|f| f.rule == Rule::DQ068 && f.indicator.as_deref() == Some("CP-1")));
}

#[test]
fn dq068_actions_due_an_update_with_none() {
    let p = plan();
    let returns = [ReturnPlace {
        directorate: "Resources".into(),
        file: "res.xlsx".into(),
        sheet: "Return".into(),
    }];
    let mut c = ctx(&p, None);
    c.returns = &returns;
    let s = check_updates(&c, &[]);
    let missing: Vec<&str> = s
        .findings
        .iter()
        .filter(|f| f.rule == Rule::DQ068)
        .filter_map(|f| f.indicator.as_deref())
        .collect();
    assert_eq!(
        missing,
        ["CP-1", "CP-2", "AH-1"],
        "without a previous report, every action"
    );
    let f = &s.findings[0];
    assert_eq!(
        (f.file.as_str(), f.sheet.as_str(), f.cell.as_deref()),
        ("res.xlsx", "Return", None)
    );
    assert_eq!(
        f.message,
        "CP-1 (Action CP-1) is due an update for September 2026 but no return has a row for it."
    );
    // `check` on one directorate's return: its actions only.
    let scope = ["adults and health".to_string()];
    c.directorates = Some(&scope);
    let s = check_updates(&c, &[]);
    assert_eq!(s.findings.len(), 1);
    assert_eq!(s.findings[0].indicator.as_deref(), Some("AH-1"));
    // Complete or cancelled last month: not due.
    let previous = vec![
        prev("CP-1", Some("complete"), None),
        prev("CP-2", Some("cancelled"), None),
        prev("AH-1", Some("deferred"), None),
    ];
    let s = check_updates(&ctx(&p, Some(&previous)), &[]);
    let missing: Vec<&str> = s
        .findings
        .iter()
        .filter_map(|f| f.indicator.as_deref())
        .collect();
    assert_eq!(missing, ["AH-1"]);
    // A return for another period is not this month's update.
    let mut old = update("CP-1", "Resources", 4).with_status("nearly");
    old.period = Some(Period::month(2026, 8));
    let old = [old];
    let s = check_updates(&ctx(&p, Some(&previous)), &old);
    assert_eq!(
        s.findings.len(),
        1,
        "no DQ062 on August's table: {:#?}",
        found(&s.findings)
    );
    assert!(s.used.is_empty());
}

fn prev(reference: &str, status: Option<&str>, percent: Option<f64>) -> PreviousAction {
    PreviousAction {
        reference: reference.into(),
        status: status.map(str::to_string),
        percent_complete: percent,
        due_current: Some("2027-03-31".into()),
        revisions: 0,
        rag: None,
        exception: false,
    }
}

#[test]
fn dq071_progress_went_backwards() {
    let p = plan();
    let previous = vec![
        prev("CP-1", Some("in progress"), Some(60.0)),
        prev("CP-2", Some("complete"), Some(100.0)),
        prev("AH-1", Some("in progress"), Some(30.0)),
    ];
    let updates = vec![
        update("CP-1", "Resources", 4)
            .with_status("in progress")
            .with_percent(Ok(40.0), "40%")
            .with_note("Rescoped by Cabinet in August"),
        update("CP-2", "Resources", 5).with_status("in progress"),
        update("AH-1", "Adults and Health", 6)
            .with_status("in progress")
            .with_percent(Ok(30.0), "30%"),
    ];
    let s = check_updates(&ctx(&p, Some(&previous)), &updates);
    has(
        &s.findings,
        Rule::DQ071,
        "D5",
        "CP-1 is 40% complete, down from 60% in the previous report",
    );
    has(
        &s.findings,
        Rule::DQ071,
        "C6",
        "CP-2 was complete in the previous report and is now in progress",
    );
    assert_eq!(
        s.findings.len(),
        2,
        "AH-1 held steady: {:#?}",
        found(&s.findings)
    );
    let f = &s.findings[0];
    assert_eq!(
        (f.severity, f.note.as_deref()),
        (Severity::Warning, Some("Rescoped by Cabinet in August"))
    );
    let mut findings = s.findings.clone();
    crate::quality::settle(&mut findings, &Default::default());
    assert!(
        findings
            .iter()
            .find(|f| f.cell.as_deref() == Some("D5"))
            .unwrap()
            .explained
    );
    assert!(
        !findings
            .iter()
            .find(|f| f.cell.as_deref() == Some("C6"))
            .unwrap()
            .explained
    );
}

/// DQ069, DQ070 and DQ072 after the assessment, as at 30 Sep 2026.
fn assessed(updates: Vec<ActionUpdate>) -> Vec<Finding> {
    let p = plan();
    let c = ctx(&p, None);
    let s = check_updates(&c, &updates);
    let results = assess_plan(
        &p.actions,
        &s.used,
        &[],
        d(2026, 9, 30),
        &ActionOptions::default(),
    );
    check_assessed(&c, &results, &s.used)
}

#[test]
fn dq069_and_dq070_overdue_or_red_with_words_missing() {
    // CP-2 was due 30 Jun 2026: overdue. CP-1 is half way through its time at 20%: red.
    let f = assessed(vec![
        update("CP-1", "Resources", 4)
            .with_status("in progress")
            .with_percent(Ok(20.0), "20%"),
        update("CP-2", "Resources", 5).with_status("in progress"),
        update("AH-1", "Adults and Health", 6).with_status("on track"),
    ]);
    has(&f, Rule::DQ069, "G5", "CP-1 has no commentary, and ipr rates it red: 20% complete, at a pace of 40 against the time gone");
    has(
        &f,
        Rule::DQ069,
        "G6",
        "CP-2 has no commentary, and ipr rates it overdue: due 30 Jun 2026",
    );
    has(
        &f,
        Rule::DQ070,
        "E6",
        "CP-2 was due on 30 Jun 2026 and is not complete, but has no revised date",
    );
    assert_eq!(f.len(), 3, "AH-1 is green: {:#?}", found(&f));
    assert!(f.iter().all(|f| f.severity == Severity::Warning));
    // Controls: commentary given; a revised date given (no longer overdue).
    let f = assessed(vec![
        update("CP-1", "Resources", 4)
            .with_status("in progress")
            .with_percent(Ok(20.0), "20%")
            .with_commentary("Behind: see plan"),
        update("CP-2", "Resources", 5)
            .with_status("in progress")
            .with_revised(d(2026, 12, 31))
            .with_commentary("New supplier"),
    ]);
    assert!(f.is_empty(), "{:#?}", found(&f));
}

#[test]
fn dq072_an_owner_rosier_than_ipr_and_never_gloomier() {
    let f = assessed(vec![
        // Green owner, red pace.
        update("CP-1", "Resources", 4)
            .with_status("on track")
            .with_percent(Ok(20.0), "20%")
            .with_commentary("x"),
        // Amber owner (RAG column), overdue.
        update("CP-2", "Resources", 5)
            .with_status("in progress")
            .with_rag("Amber")
            .with_commentary("x")
            .with_revised(d(2026, 6, 30)),
    ]);
    has(
        &f,
        Rule::DQ072,
        "C5",
        "The owner rates CP-1 green, but ipr rates it red: 20% complete, at a pace of 40",
    );
    has(
        &f,
        Rule::DQ072,
        "H6",
        "The owner rates CP-2 amber, but ipr rates it overdue: due 30 Jun 2026",
    );
    assert_eq!(f.iter().filter(|f| f.rule == Rule::DQ072).count(), 2);
    let on_track = f.iter().find(|f| f.cell.as_deref() == Some("C5")).unwrap();
    assert_eq!(on_track.value.as_deref(), Some("on track"));
    // Controls: a gloomier owner, and an owner who agrees.
    let f = assessed(vec![
        update("CP-1", "Resources", 4)
            .with_status("in progress")
            .with_percent(Ok(50.0), "50%")
            .with_rag("red")
            .with_commentary("x"),
        update("AH-1", "Adults and Health", 6)
            .with_status("in progress")
            .with_rag("green"),
    ]);
    assert!(!f.iter().any(|f| f.rule == Rule::DQ072), "{:#?}", found(&f));
}
