//! The history rules (DQ031 year-to-date total falls, DQ041 outlier, DQ051
//! copied forward), called directly on hand-built registers and observations.
//! Every expected value is worked by hand in the comments.

mod common;

use common::{ObsBuilder, Observation};
use ipr::config::HistoryOptions;
use ipr::model::Rule;
use ipr::model::{Finding, Indicator, Measure, Polarity, Register, Severity, Unit};
use ipr::period::{Calendar, Frequency, Period};
use ipr::quality::checks::{finalise, Resolved};
use ipr::quality::history::check_history;
use ipr::text::normalise_code;
use std::collections::BTreeMap;

const CAL: Calendar = Calendar::new(4);
const FILE: &str = "returns/Adults-2026.xlsx";
const SHEET: &str = "Return";

fn indicator(code: &str, frequency: Frequency, measure: Measure) -> Indicator {
    Indicator {
        code: code.to_string(),
        key: normalise_code(code),
        title: format!("Test indicator {code}"),
        directorate: "Adults and Health".to_string(),
        owner: None,
        unit: Unit::Number,
        polarity: Polarity::Higher,
        frequency,
        measure,
        annual_target: None,
        tolerance: 0.05,
        min: None,
        max: None,
        multiplier: None,
        decimals: Some(0),
        required: true,
        definition: None,
        data_source: None,
        attributes: Vec::new(),
        row: 2,
    }
}

fn register(indicators: Vec<Indicator>) -> Register {
    Register {
        indicators,
        ..Register::default()
    }
}

fn m(year: i32, month: u32) -> Period {
    Period::month(year, month)
}

/// A value in column D; the row is the month number (so 2026-09 is on row 10,
/// cell D10), which makes every expected cell easy to work out.
fn obs(code: &str, period: Period, value: Option<f64>) -> Observation {
    let row = match period {
        Period::Month { month, .. } => month,
        Period::Quarter { q, .. } => 20 + q,
        Period::Year { .. } => 30,
    };
    ObsBuilder::new(&normalise_code(code), period)
        .directorate("Adults and Health")
        .value(value)
        .file(FILE)
        .sheet(SHEET)
        .cell(row, 3)
        .build()
}

fn resolved(list: Vec<Observation>) -> Resolved<'static> {
    let mut r = Resolved::default();
    for o in list {
        r.observations
            .insert((o.code.to_string(), o.period), o.into());
    }
    r
}

/// Consecutive months starting at `start`, one per value (None = a blank cell).
fn series(code: &str, start: Period, values: &[Option<f64>]) -> Vec<Observation> {
    let mut out = Vec::new();
    let mut p = start;
    for v in values {
        out.push(obs(code, p, *v));
        p = match p {
            Period::Month { year, month: 12 } => m(year + 1, 1),
            Period::Month { year, month } => m(year, month + 1),
            other => other,
        };
    }
    out
}

fn all(values: &[f64]) -> Vec<Option<f64>> {
    values.iter().map(|v| Some(*v)).collect()
}

fn run(reg: &Register, res: &Resolved, month: Period, opts: &HistoryOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    check_history(reg, res, month, opts, CAL, &mut out);
    out
}

fn rules(findings: &[Finding]) -> Vec<Rule> {
    findings.iter().map(|f| f.rule).collect()
}

// ---------------------------------------------------------------- DQ031

#[test]
fn cumulative_total_that_falls_within_the_year_is_an_error_at_the_value_cell() {
    let reg = register(vec![indicator(
        "ASC-03",
        Frequency::Monthly,
        Measure::Cumulative,
    )]);
    // Apr..Sep 2026: the September total (450) is below August's (500).
    let res = resolved(series(
        "ASC-03",
        m(2026, 4),
        &all(&[100.0, 200.0, 300.0, 400.0, 500.0, 450.0]),
    ));
    let f = run(&reg, &res, m(2026, 9), &HistoryOptions::default());
    assert_eq!(rules(&f), [Rule::DQ031]);
    let f = &f[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.file, FILE);
    assert_eq!(f.sheet, SHEET);
    assert_eq!(f.cell.as_deref(), Some("D10"));
    assert_eq!(f.indicator.as_deref(), Some("ASC-03"));
    assert_eq!(f.period.as_deref(), Some("2026-09"));
    assert_eq!(f.directorate.as_deref(), Some("Adults and Health"));
    assert_eq!(f.value.as_deref(), Some("450"));
    assert!(f
        .message
        .contains("(450) is lower than for 2026-08 (500, in cell D9)"));
}

#[test]
fn cumulative_total_that_grows_or_stays_level_is_clean() {
    let reg = register(vec![indicator(
        "ASC-03",
        Frequency::Monthly,
        Measure::Cumulative,
    )]);
    let res = resolved(series(
        "ASC-03",
        m(2026, 4),
        &all(&[100.0, 200.0, 300.0, 400.0, 500.0, 500.0]),
    ));
    assert!(run(&reg, &res, m(2026, 9), &HistoryOptions::default()).is_empty());
}

#[test]
fn a_snapshot_measure_may_fall() {
    let reg = register(vec![indicator(
        "ASC-01",
        Frequency::Monthly,
        Measure::Snapshot,
    )]);
    let res = resolved(series("ASC-01", m(2026, 8), &all(&[500.0, 450.0])));
    assert!(run(&reg, &res, m(2026, 9), &HistoryOptions::default()).is_empty());
}

#[test]
fn the_year_to_date_resets_in_april() {
    let reg = register(vec![indicator(
        "ASC-03",
        Frequency::Monthly,
        Measure::Cumulative,
    )]);
    // February and March 2026 high, April 2026 starts the new year low.
    let res = resolved(series("ASC-03", m(2026, 2), &all(&[1100.0, 1200.0, 100.0])));
    assert!(run(&reg, &res, m(2026, 4), &HistoryOptions::default()).is_empty());
}

#[test]
fn a_january_year_resets_in_january_not_april() {
    let reg = register(vec![indicator(
        "ASC-03",
        Frequency::Monthly,
        Measure::Cumulative,
    )]);
    let res = resolved(series("ASC-03", m(2026, 3), &all(&[300.0, 100.0])));
    let mut out = Vec::new();
    let jan = Calendar::new(1);
    check_history(
        &reg,
        &res,
        m(2026, 4),
        &HistoryOptions::default(),
        jan,
        &mut out,
    );
    // With a January start, March to April is within the year: a fall.
    assert_eq!(rules(&out), [Rule::DQ031]);
}

#[test]
fn a_fall_earlier_in_the_year_is_reported_in_its_own_period() {
    let reg = register(vec![indicator(
        "ASC-03",
        Frequency::Monthly,
        Measure::Cumulative,
    )]);
    // July fell below June; September (the month reported) is above August.
    // Every period is checked (issue 11): the fall is reported, for July.
    let res = resolved(series(
        "ASC-03",
        m(2026, 4),
        &all(&[100.0, 200.0, 300.0, 250.0, 350.0, 450.0]),
    ));
    let f = run(&reg, &res, m(2026, 9), &HistoryOptions::default());
    assert_eq!(rules(&f), [Rule::DQ031]);
    assert_eq!(f[0].period.as_deref(), Some("2026-07"));
}

#[test]
fn quarterly_cumulative_totals_compare_quarter_with_quarter() {
    let reg = register(vec![indicator(
        "HC-07",
        Frequency::Quarterly,
        Measure::Cumulative,
    )]);
    let q1 = Period::Quarter { fy: 2026, q: 1 };
    let q2 = Period::Quarter { fy: 2026, q: 2 };
    let res = resolved(vec![
        obs("HC-07", q1, Some(50.0)),
        obs("HC-07", q2, Some(40.0)),
    ]);
    // September 2026 is the end of Q2 2026/27; quarter rows are 20 + q.
    let f = run(&reg, &res, m(2026, 9), &HistoryOptions::default());
    assert_eq!(rules(&f), [Rule::DQ031]);
    assert_eq!(f[0].cell.as_deref(), Some("D23"));
    assert_eq!(f[0].period.as_deref(), Some("2026/27-Q2"));
    // August is not a quarter end: nothing is due, nothing is checked.
    assert!(run(&reg, &res, m(2026, 8), &HistoryOptions::default()).is_empty());
}

#[test]
fn a_conflicting_or_blank_value_is_left_to_other_rules() {
    let reg = register(vec![indicator(
        "ASC-03",
        Frequency::Monthly,
        Measure::Cumulative,
    )]);
    let res = resolved(series("ASC-03", m(2026, 8), &[Some(500.0), None]));
    assert!(run(&reg, &res, m(2026, 9), &HistoryOptions::default()).is_empty());
}

// ---------------------------------------------------------------- DQ041

#[test]
fn a_value_far_outside_its_history_is_a_warning_with_median_and_range() {
    let reg = register(vec![indicator(
        "ASC-01",
        Frequency::Monthly,
        Measure::Snapshot,
    )]);
    // Nine earlier values, Jul 2025 to Mar 2026, across the year boundary.
    // Sorted: 1000 1010 1030 1050 1050 1060 1070 1090 1100 -> median 1050.
    // Deviations sorted: 0 0 10 20 20 40 40 50 50 -> MAD 20; scale 29.652.
    // April 2026: |4120 - 1050| / 29.652 = 103.5 > 3.5.
    let mut list = series(
        "ASC-01",
        m(2025, 7),
        &all(&[
            1050.0, 1000.0, 1090.0, 1030.0, 1060.0, 1100.0, 1010.0, 1070.0, 1050.0,
        ]),
    );
    list.push(obs("ASC-01", m(2026, 4), Some(4120.0)));
    let f = run(
        &reg,
        &resolved(list),
        m(2026, 4),
        &HistoryOptions::default(),
    );
    assert_eq!(rules(&f), [Rule::DQ041]);
    let f = &f[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.cell.as_deref(), Some("D5"));
    assert_eq!(f.period.as_deref(), Some("2026-04"));
    assert!(
        f.message.contains(
            "4,120 is far outside this indicator's usual range: the median of its last 9 values is 1,050"
        ),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("ranged from 1,000 to 1,100"),
        "{}",
        f.message
    );
}

#[test]
fn a_value_within_its_usual_range_is_clean() {
    let reg = register(vec![indicator(
        "ASC-01",
        Frequency::Monthly,
        Measure::Snapshot,
    )]);
    let mut list = series(
        "ASC-01",
        m(2025, 7),
        &all(&[
            1050.0, 1000.0, 1090.0, 1030.0, 1060.0, 1100.0, 1010.0, 1070.0, 1050.0,
        ]),
    );
    list.push(obs("ASC-01", m(2026, 4), Some(1080.0)));
    assert!(run(
        &reg,
        &resolved(list),
        m(2026, 4),
        &HistoryOptions::default()
    )
    .is_empty());
}

/// Earlier values 10 12 14 16 18 20 (Mar to Aug 2026): median 15, deviations
/// 5 3 1 1 3 5 -> MAD 3, scaled 3 x 1.4826 = 4.4478. The 3.5 edge is
/// 15 +/- 15.5673.
fn six_point_history(september: f64) -> Resolved<'static> {
    let mut values = all(&[10.0, 12.0, 14.0, 16.0, 18.0, 20.0]);
    values.push(Some(september));
    resolved(series("ASC-01", m(2026, 3), &values))
}

fn snapshot_register() -> Register {
    register(vec![indicator(
        "ASC-01",
        Frequency::Monthly,
        Measure::Snapshot,
    )])
}

#[test]
fn outlier_threshold_arithmetic() {
    let reg = snapshot_register();
    let opts = HistoryOptions::default();
    // 30.56: 15.56 / 4.4478 = 3.4984, just below 3.5.
    assert!(run(&reg, &six_point_history(30.56), m(2026, 9), &opts).is_empty());
    // 30.58: 15.58 / 4.4478 = 3.5029, just above.
    assert_eq!(
        rules(&run(&reg, &six_point_history(30.58), m(2026, 9), &opts)),
        [Rule::DQ041]
    );
    // Below the median too: -0.56 is 3.4984 away, -0.58 is 3.5029.
    assert!(run(&reg, &six_point_history(-0.56), m(2026, 9), &opts).is_empty());
    assert_eq!(
        rules(&run(&reg, &six_point_history(-0.58), m(2026, 9), &opts)),
        [Rule::DQ041]
    );
}

#[test]
fn outlier_threshold_comes_from_the_settings() {
    let reg = snapshot_register();
    let opts = HistoryOptions {
        outlier_z: 5.0,
        ..HistoryOptions::default()
    };
    // 3.5029 is not above 5; 40 is 25 / 4.4478 = 5.62 away, above.
    assert!(run(&reg, &six_point_history(30.58), m(2026, 9), &opts).is_empty());
    assert_eq!(
        rules(&run(&reg, &six_point_history(40.0), m(2026, 9), &opts)),
        [Rule::DQ041]
    );
}

#[test]
fn outlier_needs_six_earlier_values() {
    let reg = snapshot_register();
    // Five earlier values (Apr to Aug): 12 14 16 18 20, however wild September is.
    let res = resolved(series(
        "ASC-01",
        m(2026, 4),
        &all(&[12.0, 14.0, 16.0, 18.0, 20.0, 1000.0]),
    ));
    assert!(run(&reg, &res, m(2026, 9), &HistoryOptions::default()).is_empty());
    // Six (the same with March's 10 added): assessed, and 1000 is far out.
    assert_eq!(
        rules(&run(
            &reg,
            &six_point_history(1000.0),
            m(2026, 9),
            &HistoryOptions::default()
        )),
        [Rule::DQ041]
    );
}

#[test]
fn blank_earlier_periods_do_not_count_as_values() {
    let reg = snapshot_register();
    // Seven earlier periods, but one is blank: six values, 10 12 14 16 18 20.
    let res = resolved(series(
        "ASC-01",
        m(2026, 2),
        &[
            Some(10.0),
            None,
            Some(12.0),
            Some(14.0),
            Some(16.0),
            Some(18.0),
            Some(20.0),
            Some(30.58),
        ],
    ));
    let f = run(&reg, &res, m(2026, 9), &HistoryOptions::default());
    assert_eq!(rules(&f), [Rule::DQ041]);
    assert!(f[0].message.contains("last 6 values"), "{}", f[0].message);
}

#[test]
fn outlier_is_not_assessed_when_the_deviation_is_zero() {
    let reg = snapshot_register();
    // 50 50 50 50 60 70: median 50, deviations 0 0 0 0 10 20 -> MAD 0.
    let res = resolved(series(
        "ASC-01",
        m(2026, 3),
        &all(&[50.0, 50.0, 50.0, 50.0, 60.0, 70.0, 900.0]),
    ));
    // No outlier; the four 50s (March to June) are copied forward, found now
    // that every period is checked (issue 11).
    let f = run(&reg, &res, m(2026, 9), &HistoryOptions::default());
    assert_eq!(rules(&f), [Rule::DQ051]);
    assert_eq!(f[0].period.as_deref(), Some("2026-06"));
}

// ---------------------------------------------------------------- DQ051

#[test]
fn the_same_value_four_periods_running_is_copied_forward() {
    let reg = snapshot_register();
    let res = resolved(series(
        "ASC-01",
        m(2026, 6),
        &all(&[75.0, 75.0, 75.0, 75.0]),
    ));
    let f = run(&reg, &res, m(2026, 9), &HistoryOptions::default());
    assert_eq!(rules(&f), [Rule::DQ051]);
    let f = &f[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.cell.as_deref(), Some("D10"));
    assert_eq!(f.period.as_deref(), Some("2026-09"));
    assert!(f.message.contains("from 2026-06"), "{}", f.message);
    assert!(!f.explained);
}

#[test]
fn three_periods_running_is_not_copied_forward() {
    let reg = snapshot_register();
    let res = resolved(series(
        "ASC-01",
        m(2026, 6),
        &all(&[70.0, 75.0, 75.0, 75.0]),
    ));
    assert!(run(&reg, &res, m(2026, 9), &HistoryOptions::default()).is_empty());
    // Unless the council asks for only 2 periods before.
    let opts = HistoryOptions {
        copied_forward_periods: 2,
        ..HistoryOptions::default()
    };
    assert_eq!(rules(&run(&reg, &res, m(2026, 9), &opts)), [Rule::DQ051]);
}

#[test]
fn copied_forward_needs_consecutive_periods() {
    let reg = snapshot_register();
    // May to September 75 each month, but July is missing altogether:
    // September, August, (no July) -> not four consecutive periods.
    let mut list = series("ASC-01", m(2026, 5), &all(&[75.0, 75.0]));
    list.extend(series("ASC-01", m(2026, 8), &all(&[75.0, 75.0])));
    let res = resolved(list);
    assert!(run(&reg, &res, m(2026, 9), &HistoryOptions::default()).is_empty());
    // July present but blank: still a gap.
    let res = resolved(series(
        "ASC-01",
        m(2026, 5),
        &[Some(75.0), Some(75.0), None, Some(75.0), Some(75.0)],
    ));
    assert!(run(&reg, &res, m(2026, 9), &HistoryOptions::default()).is_empty());
}

#[test]
fn copied_forward_compares_exactly() {
    let reg = snapshot_register();
    let res = resolved(series(
        "ASC-01",
        m(2026, 6),
        &all(&[75.0, 75.0, 75.0, 75.000001]),
    ));
    assert!(run(&reg, &res, m(2026, 9), &HistoryOptions::default()).is_empty());
}

// ---------------------------------------------------------------- explained

#[test]
fn a_data_note_explains_a_history_warning_but_not_an_error() {
    let reg = register(vec![
        indicator("ASC-01", Frequency::Monthly, Measure::Snapshot),
        indicator("ASC-03", Frequency::Monthly, Measure::Cumulative),
    ]);
    let note = "Figure is refreshed quarterly; unchanged until October.";
    let mut list = series("ASC-01", m(2026, 6), &all(&[75.0, 75.0, 75.0, 75.0]));
    list.extend(series("ASC-03", m(2026, 8), &all(&[500.0, 450.0])));
    for o in list.iter_mut().filter(|o| o.period == m(2026, 9)) {
        o.data_note = Some(note.to_string());
    }
    let mut f = run(
        &reg,
        &resolved(list),
        m(2026, 9),
        &HistoryOptions::default(),
    );
    assert_eq!(rules(&f), [Rule::DQ051, Rule::DQ031]);
    finalise(&mut f, &BTreeMap::new());
    assert!(f[0].explained);
    assert_eq!(f[0].note.as_deref(), Some(note));
    // Errors cannot be explained away.
    assert!(!f[1].explained);
}

#[test]
fn a_clean_history_gives_no_findings() {
    let reg = register(vec![
        indicator("ASC-01", Frequency::Monthly, Measure::Snapshot),
        indicator("ASC-03", Frequency::Monthly, Measure::Cumulative),
    ]);
    // A year and a half of ordinary figures for each.
    let snapshot: Vec<f64> = (0..18).map(|i| 80.0 + f64::from(i % 5)).collect();
    let mut list = series("ASC-01", m(2025, 4), &all(&snapshot));
    let cumulative: Vec<f64> = (0..18).map(|i| 100.0 * f64::from(i % 12 + 1)).collect();
    list.extend(series("ASC-03", m(2025, 4), &all(&cumulative)));
    // September 2026 is the 18th month from April 2025.
    assert!(run(
        &reg,
        &resolved(list),
        m(2026, 9),
        &HistoryOptions::default()
    )
    .is_empty());
}
