//! `pipeline::run_month` called as a library user would, on the sample
//! council: the month's report and forms written, the next month compared
//! with it, and the runs that must write nothing.

mod common;

use ipr::pipeline::{prepare_month, run_month, MonthError, MonthOptions};
use ipr::workspace::{PeriodRule, Workspace, WorkspaceOptions};
use std::path::Path;

/// The sample council's workspace, for `period`.
fn workspace(period: &str) -> Workspace {
    Workspace::load(&WorkspaceOptions {
        config: Some(common::config()),
        period: Some(period.into()),
        period_rule: PeriodRule::Required { example: "2026-09" },
        load_templates: true,
        ..WorkspaceOptions::default()
    })
    .expect("the sample workspace loads")
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    n.sort();
    n
}

#[test]
fn two_months_run_one_after_the_other_and_the_second_follows_the_first() {
    let out = common::temp_dir();
    let august = workspace("2026-08");
    let form = august.templates.clone().unwrap().form;
    let mut opts = MonthOptions::new(&august, august.period.unwrap(), &form);
    opts.out = out.path().to_path_buf();
    let first = run_month(&opts, &|_, _| {}).expect("August runs");
    assert_eq!(first.month.consolidation.period_id, "2026-08");
    assert_eq!(first.month.previous, None, "nothing to compare with yet");
    assert!(first.month.consolidation.changes.is_none());
    assert_eq!(first.published.json, out.path().join("IPR-2026-08.json"));
    let exceptions = first
        .month
        .consolidation
        .indicators
        .iter()
        .filter(|r| r.exception)
        .count();
    assert!(exceptions > 0, "the samples have exceptions in August");
    let action_exceptions = first
        .month
        .consolidation
        .actions
        .as_ref()
        .map_or(0, |p| p.exceptions().count());
    assert_eq!(
        first.published.forms.written.len(),
        exceptions + action_exceptions,
        "a form for each indicator and each action exception"
    );
    assert!(first.month.forms_folders.is_empty(), "no forms folder yet");

    // September finds August's report in the same folder, and August's forms.
    let september = workspace("2026-09");
    let mut opts = MonthOptions::new(&september, september.period.unwrap(), &form);
    opts.out = out.path().to_path_buf();
    let second = run_month(&opts, &|_, _| {}).expect("September runs");
    let c = &second.month.consolidation;
    assert_eq!(
        second.month.previous.as_deref(),
        Some(out.path().join("IPR-2026-08.json").as_path())
    );
    let changes = c.changes.as_ref().expect("compared with August");
    assert_eq!(changes.previous_period, "2026-08");
    assert_eq!(
        second.month.forms_folders,
        [out.path().join("remedial")],
        "August's forms were read back"
    );
    assert_eq!(
        second.month.forms_back.forms.len(),
        exceptions + action_exceptions,
        "every form August wrote is read back (blank, so none is attached)"
    );
    assert!(c.remedial.is_empty());
    for f in ["IPR-2026-08.xlsx", "IPR-2026-09.xlsx", "IPR-2026-09.html"] {
        assert!(names(out.path()).contains(&f.to_string()), "{f} missing");
    }
}

#[test]
fn a_month_with_no_return_writes_nothing_and_says_where_it_looked() {
    let out = common::temp_dir();
    let ws = workspace("2027-03");
    let form = ws.templates.clone().unwrap().form;
    let mut opts = MonthOptions::new(&ws, ws.period.unwrap(), &form);
    opts.out = out.path().join("not yet made");
    let err = run_month(&opts, &|_, _| {}).unwrap_err();
    assert!(
        matches!(&err, MonthError::NothingFound { period, .. } if period == "2027-03"),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("no return for 2027-03 was found in"),
        "{text}"
    );
    assert!(text.contains("returns"), "{text}");
    assert!(!opts.out.exists(), "the output folder was made for nothing");

    // No returns named at all is said before anything is read.
    opts.returns.clear();
    assert!(matches!(
        prepare_month(&opts, &|_, _| {}),
        Err(MonthError::NoReturns)
    ));
}

#[cfg(unix)]
#[test]
fn a_read_only_report_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let out = common::temp_dir();
    let ws = workspace("2026-09");
    let form = ws.templates.clone().unwrap().form;
    let mut opts = MonthOptions::new(&ws, ws.period.unwrap(), &form);
    opts.out = out.path().to_path_buf();
    let json = out.path().join("IPR-2026-09.json");
    std::fs::write(&json, "{}").unwrap();
    std::fs::set_permissions(&json, std::fs::Permissions::from_mode(0o444)).unwrap();
    let err = run_month(&opts, &|_, _| {}).unwrap_err();
    assert!(
        matches!(&err, MonthError::ReadOnly(p) if p == &json),
        "{err:?}"
    );
    assert_eq!(
        names(out.path()),
        ["IPR-2026-09.json"],
        "nothing else written"
    );
    assert_eq!(std::fs::read_to_string(&json).unwrap(), "{}");
}
