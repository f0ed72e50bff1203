//! Every branch of the action assessment at its boundaries.

use super::*;
use crate::model::plan::testing::action;
use crate::model::plan_update::testing::update;
use crate::model::{Direction, FieldProblem, Rag};
use chrono::Days;

const OPTS: ActionOptions = ActionOptions {
    pace_green: 90.0,
    pace_amber: 70.0,
    slippage_days: 30,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The last day of September 2026: the `as_at` of every test.
fn as_at() -> NaiveDate {
    d(2026, 9, 30)
}

fn before(n: u64) -> NaiveDate {
    as_at().checked_sub_days(Days::new(n)).unwrap()
}

fn after(date: NaiveDate, n: u64) -> NaiveDate {
    date.checked_add_days(Days::new(n)).unwrap()
}

fn prev(
    reference: &str,
    rag: &str,
    status: Option<&str>,
    due: &str,
    revisions: u32,
) -> PreviousAction {
    PreviousAction {
        reference: reference.into(),
        status: status.map(str::to_string),
        percent_complete: Some(50.0),
        due_current: Some(due.into()),
        revisions,
        rag: Some(rag.into()),
        exception: false,
    }
}

#[test]
fn pace_green_at_exactly_90_and_amber_at_exactly_70() {
    // Started 100 days before as_at, due 200 days after start: half the time gone.
    let start = before(100);
    let due = after(start, 200);
    let rag_at = |pct: f64| {
        let p = pace(
            Some(start),
            due,
            as_at(),
            Some(pct),
            Some(Status::InProgress),
        );
        (
            p,
            rag(Some(Status::InProgress), as_at(), due, p, None, &OPTS),
        )
    };
    assert_eq!(rag_at(45.0), (Some(90.0), ActionRag::Green));
    assert_eq!(rag_at(44.9).1, ActionRag::Amber);
    assert_eq!(rag_at(35.0), (Some(70.0), ActionRag::Amber));
    assert_eq!(rag_at(34.9).1, ActionRag::Red);
    assert_eq!(rag_at(0.0), (Some(0.0), ActionRag::Red));
    // The thresholds are the council's.
    let strict = ActionOptions {
        pace_green: 95.0,
        pace_amber: 80.0,
        ..OPTS
    };
    let p = pace(Some(start), due, as_at(), Some(45.0), None);
    assert_eq!(rag(None, as_at(), due, p, None, &strict), ActionRag::Amber);
}

#[test]
fn time_elapsed_just_under_at_and_just_over_ten_percent() {
    let start = before(100);
    let pct = Some(5.0);
    // 100 of 1001 days: under 10%, too early to tell.
    assert_eq!(
        pace(Some(start), after(start, 1001), as_at(), pct, None),
        None
    );
    // 100 of 1000 days: exactly 10%.
    assert_eq!(
        pace(Some(start), after(start, 1000), as_at(), pct, None),
        Some(50.0)
    );
    // 100 of 999 days: over 10%.
    let p = pace(Some(start), after(start, 999), as_at(), pct, None).unwrap();
    assert!((p - 49.95).abs() < 1e-9, "{p}");
    // Under 10%: the owner's RAG, else not assessed.
    let due = after(start, 1001);
    assert_eq!(
        rag(None, as_at(), due, None, Some(OwnerRag::Amber), &OPTS),
        ActionRag::Amber
    );
    assert_eq!(
        rag(None, as_at(), due, None, None, &OPTS),
        ActionRag::NotAssessed
    );
}

#[test]
fn pace_needs_a_start_a_percent_and_time_after_start() {
    let start = before(10);
    let due = after(as_at(), 10);
    assert_eq!(pace(None, due, as_at(), Some(50.0), None), None);
    assert_eq!(pace(Some(start), due, as_at(), None, None), None);
    // as_at on Start, or before it.
    assert_eq!(pace(Some(as_at()), due, as_at(), Some(50.0), None), None);
    assert_eq!(
        pace(Some(after(as_at(), 1)), due, as_at(), Some(50.0), None),
        None
    );
    // due_current on or before Start.
    assert_eq!(pace(Some(start), start, as_at(), Some(50.0), None), None);
    assert_eq!(
        pace(Some(start), before(11), as_at(), Some(50.0), None),
        None
    );
    // Closed actions have no pace.
    for s in [Status::Complete, Status::Cancelled, Status::Deferred] {
        assert_eq!(pace(Some(start), due, as_at(), Some(50.0), Some(s)), None);
    }
    // Time elapsed is capped at the whole: due today, 80% done is a pace of 80.
    assert_eq!(
        pace(Some(start), as_at(), as_at(), Some(80.0), None),
        Some(80.0)
    );
}

#[test]
fn overdue_is_after_the_current_due_date_not_on_it() {
    let r = |due| {
        rag(
            Some(Status::InProgress),
            as_at(),
            due,
            Some(100.0),
            None,
            &OPTS,
        )
    };
    assert_eq!(r(as_at()), ActionRag::Green);
    assert_eq!(r(before(1)), ActionRag::Overdue);
    // Status comes first: a complete, cancelled or deferred action is never overdue.
    for (s, want) in [
        (Status::Complete, ActionRag::Complete),
        (Status::Cancelled, ActionRag::Cancelled),
        (Status::Deferred, ActionRag::Deferred),
    ] {
        assert_eq!(rag(Some(s), as_at(), before(300), None, None, &OPTS), want);
    }
    // The owner's RAG when there is no pace; blue counts as green.
    for (owner, want) in [
        (OwnerRag::Green, ActionRag::Green),
        (OwnerRag::Amber, ActionRag::Amber),
        (OwnerRag::Red, ActionRag::Red),
        (OwnerRag::Blue, ActionRag::Green),
    ] {
        assert_eq!(rag(None, as_at(), as_at(), None, Some(owner), &OPTS), want);
    }
    // Pace wins over the owner.
    assert_eq!(
        rag(
            None,
            as_at(),
            as_at(),
            Some(50.0),
            Some(OwnerRag::Green),
            &OPTS
        ),
        ActionRag::Red
    );
}

#[test]
fn exceptions_and_every_reason_that_applies() {
    assert_eq!(exception_reasons(ActionRag::Green, 30, &OPTS), []);
    assert_eq!(
        exception_reasons(ActionRag::Green, 31, &OPTS),
        [ActionReason::Slipped]
    );
    assert_eq!(exception_reasons(ActionRag::Amber, -40, &OPTS), []);
    assert_eq!(
        exception_reasons(ActionRag::Red, 0, &OPTS),
        [ActionReason::OffTrack]
    );
    assert_eq!(
        exception_reasons(ActionRag::Overdue, 45, &OPTS),
        [ActionReason::Overdue, ActionReason::Slipped]
    );
    assert_eq!(
        exception_reasons(ActionRag::NotAssessed, 31, &OPTS),
        [ActionReason::Slipped]
    );
    for closed in [
        ActionRag::Complete,
        ActionRag::Cancelled,
        ActionRag::Deferred,
    ] {
        assert_eq!(exception_reasons(closed, 365, &OPTS), []);
    }
    let lenient = ActionOptions {
        slippage_days: 60,
        ..OPTS
    };
    assert_eq!(exception_reasons(ActionRag::Green, 45, &lenient), []);
}

#[test]
fn current_due_date_slippage_and_revisions() {
    let due = d(2026, 9, 30);
    let dec = d(2026, 12, 31);
    let u = update("CP-1", "Resources", 4);
    let moved = u.clone().with_revised(dec);
    let p = prev("CP-1", "green", Some("in progress"), "2026-11-30", 1);
    assert_eq!(due_current(due, Some(&moved), None), dec);
    assert_eq!(
        due_current(due, Some(&u), Some(&p)),
        due,
        "a blank revised date is Due"
    );
    assert_eq!(
        due_current(due, None, Some(&p)),
        d(2026, 11, 30),
        "no update keeps last month's"
    );
    assert_eq!(due_current(due, None, None), due);
    let mut bad = u.clone();
    bad.revised = moved.revised.clone().map(|mut f| {
        f.value = Err(FieldProblem::NotADate(
            crate::period::DateProblem::Unreadable,
        ));
        f
    });
    assert_eq!(due_current(due, Some(&bad), Some(&p)), d(2026, 11, 30));
    assert_eq!(due_current(due, Some(&bad), None), due);

    assert_eq!(slippage_days(due, dec), 92);
    assert_eq!(slippage_days(due, d(2026, 9, 1)), -29);
    assert_eq!(slippage_days(due, due), 0);

    assert_eq!(revisions(due, due, None), 0);
    assert_eq!(revisions(due, dec, None), 1);
    assert_eq!(
        revisions(due, d(2026, 11, 30), Some(&p)),
        1,
        "not moved since"
    );
    assert_eq!(revisions(due, dec, Some(&p)), 2, "moved again");
    assert_eq!(
        revisions(due, due, Some(&p)),
        2,
        "dropping the revised date is a move"
    );
}

#[test]
fn completion_on_the_last_day_of_the_period() {
    let a = action("CP-1", "Resources", Some(d(2026, 4, 1)), d(2026, 9, 30));
    let u = update("CP-1", "Resources", 4)
        .with_status("Complete")
        .with_percent(Ok(100.0), "100%")
        .with_completed(as_at());
    let r = assess_action(&a, Some(&u), None, as_at(), &OPTS);
    assert_eq!(r.rag, ActionRag::Complete);
    assert_eq!(r.completed, Some(as_at()));
    assert!(!r.exception && r.reasons.is_empty());
    assert_eq!(r.pace, None);
    assert_eq!(r.status, Some(Status::Complete));
}

#[test]
fn an_action_assessed_in_full() {
    let mut a = action("CP-1.2", "Resources", Some(d(2026, 4, 1)), d(2026, 9, 30));
    a.indicators = vec!["RES-01".into()];
    a.parent = Some("CP-1".into());
    let u = update("CP-1.2", "Resources", 4)
        .with_status("off track")
        .with_percent(Ok(20.0), "20%")
        .with_revised(d(2027, 3, 31))
        .with_commentary("Supplier went into administration");
    let r = assess_action(&a, Some(&u), None, as_at(), &OPTS);
    assert_eq!(r.due_current, d(2027, 3, 31));
    assert_eq!(r.slippage_days, 182);
    assert_eq!(r.revisions, 1);
    // 182 of 364 days gone, 20% done: a pace of 40.
    assert_eq!(r.pace, Some(40.0));
    assert_eq!(r.rag, ActionRag::Red);
    assert_eq!(r.owner_rag, Some(OwnerRag::Red));
    assert_eq!(r.reasons, [ActionReason::OffTrack, ActionReason::Slipped]);
    assert!(r.exception);
    assert_eq!(r.status, Some(Status::InProgress));
    assert_eq!(r.since_previous_report, None, "no previous report");
    assert_eq!(r.source.as_ref().map(|s| s.cell()), Some("B5".into()));
    assert_eq!(r.indicators[0].code, "RES-01");
    assert_eq!(r.parent.as_deref(), Some("CP-1"));
    assert!(r.updated);
}

#[test]
fn no_update_is_not_assessed_unless_it_was_closed() {
    let a = action("CP-1", "Resources", Some(d(2026, 4, 1)), d(2026, 6, 30));
    let r = assess_action(&a, None, None, as_at(), &OPTS);
    assert_eq!(
        (r.rag, r.due_current, r.revisions, r.status, r.exception),
        (ActionRag::NotAssessed, d(2026, 6, 30), 0, None, false)
    );
    let p = prev("CP-1", "amber", Some("in progress"), "2026-08-31", 1);
    let r = assess_action(&a, None, Some(&p), as_at(), &OPTS);
    assert_eq!(
        (r.rag, r.due_current, r.revisions),
        (ActionRag::NotAssessed, d(2026, 8, 31), 1)
    );
    assert!(r.exception, "slipped 62 days, kept from last month");
    assert_eq!(r.reasons, [ActionReason::Slipped]);
    let done = prev("CP-1", "complete", Some("complete"), "2026-06-30", 0);
    let r = assess_action(&a, None, Some(&done), as_at(), &OPTS);
    assert_eq!(
        (r.rag, r.status),
        (ActionRag::Complete, Some(Status::Complete))
    );
    assert_eq!(r.since_previous_report, Some(ActionSince::Unchanged));
    let gone = prev("CP-1", "cancelled", Some("cancelled"), "2026-06-30", 0);
    let r = assess_action(&a, None, Some(&gone), as_at(), &OPTS);
    assert_eq!(r.rag, ActionRag::Cancelled);
    assert!(!r.updated && r.source.is_none());
}

/// `since_previous_report` of an action now, against `then`.
fn since(
    now: ActionRag,
    exception: bool,
    due: NaiveDate,
    then: &PreviousAction,
) -> Option<ActionSince> {
    let a = action("CP-1", "Resources", None, d(2026, 9, 30));
    let mut r = assess_action(&a, None, None, as_at(), &OPTS);
    r.rag = now;
    r.exception = exception;
    r.due_current = due;
    since_previous(&r, Some(then))
}

#[test]
fn since_the_previous_report_first_that_applies() {
    let due = d(2026, 12, 31);
    let then = |rag: &str, status: &str| prev("CP-1", rag, Some(status), "2026-12-31", 0);
    let ip = "in progress";
    assert_eq!(
        since(ActionRag::Red, true, due, &then("amber", ip)),
        Some(ActionSince::New)
    );
    // An exception then and now is not new: by RAG.
    let mut was = then("red", ip);
    was.exception = true;
    assert_eq!(
        since(ActionRag::Red, true, due, &was),
        Some(ActionSince::Unchanged)
    );
    assert_eq!(
        since(ActionRag::Complete, false, due, &then("green", ip)),
        Some(ActionSince::Completed)
    );
    assert_eq!(
        since(
            ActionRag::Complete,
            false,
            d(2027, 1, 31),
            &then("complete", "complete")
        ),
        Some(ActionSince::DateMoved)
    );
    assert_eq!(
        since(ActionRag::Cancelled, false, due, &then("green", ip)),
        Some(ActionSince::Cancelled)
    );
    assert_eq!(
        since(ActionRag::Deferred, false, due, &then("amber", ip)),
        Some(ActionSince::Deferred)
    );
    assert_eq!(
        since(
            ActionRag::Deferred,
            false,
            due,
            &then("deferred", "deferred")
        ),
        Some(ActionSince::Unchanged)
    );
    assert_eq!(
        since(ActionRag::Green, false, d(2027, 1, 31), &then("amber", ip)),
        Some(ActionSince::DateMoved)
    );
    assert_eq!(
        since(ActionRag::Green, false, due, &then("amber", ip)),
        Some(ActionSince::Better)
    );
    assert_eq!(
        since(ActionRag::Amber, false, due, &then("green", ip)),
        Some(ActionSince::Worse)
    );
    assert_eq!(
        since(ActionRag::Overdue, false, due, &then("red", ip)),
        Some(ActionSince::Unchanged)
    );
    assert_eq!(
        since(ActionRag::Green, false, due, &then("green", ip)),
        Some(ActionSince::Unchanged)
    );
    // Reopened: complete then, not now.
    assert_eq!(
        since(ActionRag::Green, false, due, &then("complete", "complete")),
        Some(ActionSince::Worse)
    );
    assert_eq!(
        since(
            ActionRag::NotAssessed,
            false,
            due,
            &then("complete", "complete")
        ),
        Some(ActionSince::Worse)
    );
    assert_eq!(
        since(ActionRag::NotAssessed, false, due, &then("amber", ip)),
        Some(ActionSince::Unchanged)
    );
}

fn indicator(code: &str, rag: Rag, exception: bool) -> IndicatorResult {
    IndicatorResult {
        code: code.into(),
        title: code.into(),
        directorate: "Resources".into(),
        owner: None,
        period: "2026-09".into(),
        actual: Some(1.0),
        target: Some(2.0),
        target_basis: "annual",
        variance: Some(-1.0),
        rag,
        direction_last_year: Direction::None,
        direction_previous: Direction::None,
        ytd: None,
        annual_target: Some(2.0),
        forecast: None,
        forecast_basis: "latest",
        exception,
        reasons: vec![],
        commentary: None,
        dq_errors: 0,
        dq_warnings: 0,
        source: None,
        trend: vec![],
        spc: None,
        spc_series: vec![],
    }
}

#[test]
fn actions_and_indicators_together() {
    let plan = |reference: &str, codes: &[&str], rag: ActionRag| {
        let mut a = action(reference, "Resources", None, d(2026, 12, 31));
        a.indicators = codes.iter().map(|c| c.to_string()).collect();
        let mut r = assess_action(&a, None, None, as_at(), &OPTS);
        r.rag = rag;
        r
    };
    let mut actions = vec![
        plan("CP-1", &["RES-01"], ActionRag::Green),
        plan("CP-2", &["RES-01", "RES-02"], ActionRag::Complete),
        plan("CP-3", &["RES-02"], ActionRag::Amber),
        plan("CP-4", &["RES-09"], ActionRag::Red),
        // A milestone of CP-1 links no indicator of its own.
        plan("CP-1.1", &[], ActionRag::Red),
    ];
    let indicators = vec![
        indicator("RES-01", Rag::Red, true),
        indicator("RES-02", Rag::Red, true),
        indicator("RES-03", Rag::Amber, true),
        indicator("RES-04", Rag::Green, false),
    ];
    let links = link_indicators(&mut actions, &indicators);
    let one = &links["RES-01"];
    assert_eq!(one.actions, ["CP-1", "CP-2"]);
    assert!(one.actions_mismatch);
    assert_eq!(one.note, Some(NOTE_MISMATCH));
    let two = &links["RES-02"];
    assert_eq!(two.actions, ["CP-2", "CP-3"]);
    assert!(!two.actions_mismatch, "CP-3 is amber");
    assert_eq!(two.note, None);
    assert_eq!(links["RES-03"].note, Some(NOTE_NO_ACTION));
    assert!(!links["RES-03"].actions_mismatch);
    assert_eq!(links["RES-04"], IndicatorActions::default());
    assert_eq!(actions[1].indicators[1].rag, Some(Rag::Red));
    assert_eq!(actions[0].indicators[0].rag, Some(Rag::Red));
    // An indicator not assessed this period has no RAG to show.
    assert_eq!(actions[3].indicators[0].rag, None);
    assert!(actions[4].indicators.is_empty());
}

#[test]
fn the_whole_plan_by_key_in_plan_order() {
    let a = vec![
        action("CP-1", "Resources", Some(d(2026, 4, 1)), d(2027, 3, 31)),
        action("CP-2", "Resources", None, d(2026, 6, 30)),
    ];
    let u = update("cp-1", "Resources", 4).with_status("on track");
    let mut used = BTreeMap::new();
    used.insert("CP-1".to_string(), &u);
    let previous = vec![prev("CP-2", "amber", Some("in progress"), "2026-07-30", 1)];
    let out = assess_plan(&a, &used, &previous, as_at(), &OPTS);
    assert_eq!(out.len(), 2);
    assert_eq!((out[0].rag, out[0].updated), (ActionRag::Green, true));
    assert_eq!(out[1].rag, ActionRag::NotAssessed);
    assert_eq!(out[1].due_current, d(2026, 7, 30));
    assert_eq!(out[1].since_previous_report, Some(ActionSince::Unchanged));
}
