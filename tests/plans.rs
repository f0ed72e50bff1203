//! Action plans and the trackers directorates keep (SPEC section 13), written
//! by openpyxl (tests/fixtures/make_plans.py) and saved again by LibreOffice:
//! the plan loaded from the register workbook, a bad plan refused cell by
//! cell, and the progress read from a corporate plan tracker and a milestone
//! list, through the rules and the assessment.
//!
//! The action tables are read by `ipr::returns::actions` directly; what they
//! hold is written out here by hand. `tests/plan_month.rs` reads them through
//! `ipr check` and `ipr consolidate`.

mod common;

use chrono::NaiveDate;
use common::Tool;
use ipr::assess::action::{assess_plan, ActionOptions};
use ipr::model::{ActionRag, ActionUpdate, FieldProblem, OwnerRag, Plan, Register, Rule, Status};
use ipr::period::{Calendar, DateProblem, Period};
use ipr::plan::{load_plan, plan_in_register, PlanError, PlanOptions};
use ipr::quality::action_results::check_assessed;
use ipr::quality::actions::{check_updates, ActionContext};
use ipr::read::value::ValueOptions;
use ipr::read::{read_book, Limits};
use ipr::register::{load_register, RegisterOptions};
use ipr::returns::actions::{read_action_tables, ActionReadOptions};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn fixtures() -> Option<&'static Path> {
    common::fixtures("make_plans.py")
}

/// The fixtures saved again by LibreOffice as `ext`, in `<dir>/lo-<ext>/`.
fn libreoffice(dir: &'static Path, ext: &str) -> Option<PathBuf> {
    static DONE: OnceLock<()> = OnceLock::new();
    common::require(Tool::Soffice)?;
    DONE.get_or_init(|| {
        let names = ["register.xlsx", "cp-tracker.xlsx", "milestones.xlsx"];
        let files: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
        let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        for ext in ["ods", "xlsx"] {
            let out = dir.join(format!("lo-{ext}"));
            std::fs::create_dir_all(&out).expect("scratch folder");
            common::soffice_convert(&refs, ext, &out);
        }
    });
    Some(dir.join(format!("lo-{ext}")))
}

fn register(path: &Path) -> Register {
    load_register(path, "register.xlsx", &RegisterOptions::default())
        .unwrap_or_else(|e| panic!("the fixture register should load: {e}"))
}

fn plan(path: &Path) -> Plan {
    let reg = register(path);
    let book = read_book(path, "register.xlsx", &Limits::default()).unwrap();
    plan_in_register(&book, &reg, &PlanOptions::default())
        .unwrap_or_else(|e| panic!("the fixture plan should load: {e}"))
        .expect("the register has an Actions sheet")
}

fn check_plan(p: &Plan) {
    let refs: Vec<&str> = p.actions.iter().map(|a| a.reference.as_str()).collect();
    assert_eq!(refs, ["CP-1", "CP-1.1", "CP-2", "AC-R5"]);
    let a = &p.actions;
    assert_eq!(
        (a[0].start, a[0].due),
        (Some(d(2026, 4, 1)), d(2027, 3, 31))
    );
    assert_eq!(a[0].plan, "Corporate Plan 2026-29");
    assert_eq!(a[0].lead.as_deref(), Some("Head of Finance"));
    assert_eq!(a[0].attribute("Committee"), Some("Resources Scrutiny"));
    assert_eq!(
        a[1].directorate, "Resources",
        "spelt as the register spells it"
    );
    assert_eq!(a[1].parent.as_deref(), Some("CP-1"));
    assert_eq!(a[1].due, d(2026, 9, 30), "30/09/2026 typed as text");
    assert_eq!(
        a[2].start,
        Some(d(2026, 4, 1)),
        "Apr-26 as a Start is its first day"
    );
    assert_eq!(
        a[2].due,
        d(2026, 12, 31),
        "Q3 2026/27 as a Due is its last day"
    );
    assert_eq!(a[2].indicators, ["RES-02", "RES-01"]);
    assert_eq!(a[3].due, d(2027, 3, 31), "31 March 2027 typed as text");
    assert_eq!(a[3].plan, "Audit improvement plan");
    assert_eq!(
        p.plan_names(),
        ["Corporate Plan 2026-29", "Audit improvement plan"]
    );
}

#[test]
fn the_plan_in_the_register_workbook_as_written_and_as_libreoffice_saves_it() {
    let Some(dir) = fixtures() else { return };
    check_plan(&plan(&dir.join("register.xlsx")));
    for ext in ["ods", "xlsx"] {
        let Some(lo) = libreoffice(dir, ext) else {
            return;
        };
        check_plan(&plan(&lo.join(format!("register.{ext}"))));
    }
}

#[test]
fn a_bad_plan_is_refused_with_every_row_at_its_cell() {
    let Some(dir) = fixtures() else { return };
    let reg = register(&dir.join("register.xlsx"));
    let err = load_plan(
        &dir.join("plan-bad.xlsx"),
        "plan-bad.xlsx",
        &reg,
        &PlanOptions::default(),
    )
    .unwrap_err();
    let PlanError::Invalid { problems, .. } = &err else {
        panic!("{err}")
    };
    let cells: Vec<&str> = problems.iter().map(|p| p.cell.as_str()).collect();
    for cell in ["G4", "B5", "H6", "E7", "F8"] {
        assert!(cells.contains(&cell), "no problem at {cell}: {err}");
    }
    assert_eq!(problems.len(), 5, "{err}");
    let text = err.to_string();
    assert!(
        text.starts_with("The action plan plan-bad.xlsx has 5 problems; nothing was checked."),
        "{text}"
    );
    assert!(
        text.contains("sheet 'Actions', cell G4: action CP-2 has no Due date"),
        "{text}"
    );
    assert!(
        text.contains("cell H6: this indicator code is not in the register: RES-99"),
        "{text}"
    );
}

/// The updates on every action table of `file`, for Resources in September 2026.
fn updates(file: &Path, plan: &Plan) -> Vec<ActionUpdate> {
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let book = read_book(file, &name, &Limits::default()).unwrap();
    let values = ValueOptions::default();
    let opts = ActionReadOptions {
        calendar: Calendar::default(),
        values: &values,
    };
    let dir: Arc<str> = Arc::from("Resources");
    read_action_tables(&book, plan, &dir, Some(Period::month(2026, 9)), opts).0
}

fn check_tracker(u: &[ActionUpdate]) {
    let refs: Vec<&str> = u.iter().map(|u| u.reference.as_str()).collect();
    assert_eq!(
        refs,
        ["CP-1", "CP-1.1", "CP-2"],
        "the indicator table beside is not read as actions"
    );
    assert_eq!(u[0].source.cell(), "H6");
    assert_eq!(u[0].status(), Some(Status::InProgress));
    assert_eq!(
        u[0].owner_rag().map(|(r, _)| r),
        Some(OwnerRag::Green),
        "On Track"
    );
    assert_eq!(u[0].percent(), Some(85.0), "85% typed in Excel is 85");
    assert_eq!(u[0].percent.as_ref().unwrap().source.cell(), "K6");
    assert_eq!(u[1].status(), Some(Status::Complete));
    assert_eq!(u[1].percent(), Some(100.0), "the text 100%");
    assert_eq!(
        u[2].owner_rag().map(|(r, _)| r),
        Some(OwnerRag::Red),
        "Off Track"
    );
    assert_eq!(u[2].percent(), Some(60.0));
    assert_eq!(u[2].revised(), Some(d(2027, 3, 31)));
    assert_eq!(u[2].revised.as_ref().unwrap().source.cell(), "L8");
    assert_eq!(
        u[2].commentary.as_deref(),
        Some("New occupational health contract delayed")
    );
}

#[test]
fn a_corporate_plan_tracker_beside_an_indicator_table() {
    let Some(dir) = fixtures() else { return };
    let p = plan(&dir.join("register.xlsx"));
    check_tracker(&updates(&dir.join("cp-tracker.xlsx"), &p));
    for ext in ["ods", "xlsx"] {
        let Some(lo) = libreoffice(dir, ext) else {
            return;
        };
        check_tracker(&updates(&lo.join(format!("cp-tracker.{ext}")), &p));
    }
}

fn check_milestones(u: &[ActionUpdate]) {
    let refs: Vec<&str> = u.iter().map(|u| u.reference.as_str()).collect();
    assert_eq!(
        refs,
        ["CP-1.1", "CP-2", "CP-1"],
        "the indicator table below is not read"
    );
    assert_eq!(
        u[0].revised(),
        Some(d(2026, 9, 30)),
        "30 Sep 2026 typed as text"
    );
    assert_eq!(u[0].owner_rag().map(|(r, _)| r), Some(OwnerRag::Blue));
    assert_eq!(
        u[1].revised(),
        Some(d(2027, 3, 31)),
        "Q4 2026/27 is its last day"
    );
    assert_eq!(
        u[1].owner_rag().map(|(r, s)| (r, s.cell())),
        Some((OwnerRag::Amber, "I5".into()))
    );
    let bare = u[1].percent.as_ref().unwrap();
    assert_eq!(
        (bare.value.clone(), bare.source.cell()),
        (Err(FieldProblem::BareFraction), "F5".into())
    );
    let us = u[2].revised.as_ref().unwrap();
    assert_eq!(
        us.value,
        Err(FieldProblem::NotADate(DateProblem::MonthFirst))
    );
    assert_eq!(us.source.cell(), "G6");
}

#[test]
fn a_milestone_list_with_dates_typed_as_text() {
    let Some(dir) = fixtures() else { return };
    let p = plan(&dir.join("register.xlsx"));
    check_milestones(&updates(&dir.join("milestones.xlsx"), &p));
    for ext in ["ods", "xlsx"] {
        let Some(lo) = libreoffice(dir, ext) else {
            return;
        };
        check_milestones(&updates(&lo.join(format!("milestones.{ext}")), &p));
    }
}

#[test]
fn the_trackers_through_the_rules_and_the_assessment() {
    let Some(dir) = fixtures() else { return };
    let p = plan(&dir.join("register.xlsx"));
    let period = Period::month(2026, 9);
    let ctx = ActionContext {
        plan: &p,
        period,
        cal: Calendar::default(),
        previous: None,
        directorates: None,
        returns: &[],
    };
    // The milestone list alone: its cells at fault, and AC-R5 with no update.
    let u = updates(&dir.join("milestones.xlsx"), &p);
    let s = check_updates(&ctx, &u);
    let at: Vec<(Rule, Option<&str>)> = s
        .findings
        .iter()
        .map(|f| (f.rule, f.cell.as_deref()))
        .collect();
    assert!(at.contains(&(Rule::DQ063, Some("F5"))), "{at:?}");
    assert!(at.contains(&(Rule::DQ064, Some("G6"))), "{at:?}");
    assert!(at.contains(&(Rule::DQ068, None)), "{at:?}");
    let f = s.findings.iter().find(|f| f.rule == Rule::DQ063).unwrap();
    assert_eq!(
        (f.file.as_str(), f.sheet.as_str(), f.indicator.as_deref()),
        ("milestones.xlsx", "Milestones", Some("CP-2"))
    );

    // The corporate plan tracker: CP-2 is off track with its date moved.
    let u = updates(&dir.join("cp-tracker.xlsx"), &p);
    let s = check_updates(&ctx, &u);
    let as_at = Calendar::default().last_day(period);
    let results = assess_plan(&p.actions, &s.used, &[], as_at, &ActionOptions::default());
    let cp2 = results.iter().find(|r| r.reference == "CP-2").unwrap();
    assert_eq!(
        (cp2.due_current, cp2.slippage_days, cp2.revisions),
        (d(2027, 3, 31), 90, 1)
    );
    // 182 of 364 days gone, 60% done: a pace of 120, green by pace, whatever the owner says.
    assert_eq!(cp2.pace, Some(120.0));
    assert_eq!(cp2.rag, ActionRag::Green);
    assert!(cp2.exception, "slipped 90 days");
    let cp1 = results.iter().find(|r| r.reference == "CP-1").unwrap();
    assert_eq!(cp1.rag, ActionRag::Green, "85% at half time");
    assert_eq!(
        results
            .iter()
            .find(|r| r.reference == "CP-1.1")
            .unwrap()
            .rag,
        ActionRag::Complete
    );
    assert_eq!(
        results.iter().find(|r| r.reference == "AC-R5").unwrap().rag,
        ActionRag::NotAssessed
    );
    let assessed = check_assessed(&ctx, &results, &s.used);
    assert!(
        assessed.is_empty(),
        "an owner gloomier than ipr raises nothing: {assessed:#?}"
    );
}
