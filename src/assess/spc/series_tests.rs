//! The SPC series (amounts by period, gaps, withheld values, targets on
//! its scale), its JSON, and its options in ipr.toml.

use super::tests::outlier;
use super::*;
use crate::model::spc::Assurance;

fn reading(year: i32, position: u32, value: Option<f64>, withheld: bool) -> Reading<String> {
    Reading {
        period: format!("{year}-{position:02}"),
        key: PeriodKey::new(year, position),
        value,
        withheld,
    }
}

fn values<P>(s: &[SeriesPoint<P>]) -> Vec<f64> {
    s.iter().map(|p| p.value).collect()
}

#[test]
fn cumulative_amounts_across_an_april_reset() {
    // 2024/25 Jan (position 10) 100, Feb 110, Mar 120; 2025/26 Apr 10,
    // May 25, Jun 35. Jan cannot be differenced (no December): left out.
    // Feb 110 − 100 = 10, Mar 10, Apr its own 10, May 15, Jun 10.
    let r = vec![
        reading(2025, 2, Some(25.0), false),
        reading(2024, 10, Some(100.0), false),
        reading(2024, 11, Some(110.0), false),
        reading(2024, 12, Some(120.0), false),
        reading(2025, 1, Some(10.0), false),
        reading(2025, 3, Some(35.0), false),
    ];
    let s = series(&r, Measure::Cumulative, PeriodKey::new(2025, 3));
    assert_eq!(values(&s), vec![10.0, 10.0, 10.0, 15.0, 10.0]);
    assert_eq!(s[2].period, "2025-01");
    // Snapshot: the values as they are, oldest first.
    let s = series(&r, Measure::Snapshot, PeriodKey::new(2025, 3));
    assert_eq!(values(&s), vec![100.0, 110.0, 120.0, 10.0, 25.0, 35.0]);
    // Up to and including `through` only.
    let s = series(&r, Measure::Cumulative, PeriodKey::new(2025, 1));
    assert_eq!(values(&s), vec![10.0, 10.0, 10.0]);
}

#[test]
fn a_gap_inside_a_cumulative_year() {
    // Apr 10, May 25, (June missing), Jul 50, Aug 62: July's 50 covers
    // June and July, so it is left out; August is 62 − 50 = 12.
    let r = vec![
        reading(2025, 1, Some(10.0), false),
        reading(2025, 2, Some(25.0), false),
        reading(2025, 3, None, false),
        reading(2025, 4, Some(50.0), false),
        reading(2025, 5, Some(62.0), false),
    ];
    let s = series(&r, Measure::Cumulative, PeriodKey::new(2025, 12));
    assert_eq!(values(&s), vec![10.0, 15.0, 12.0]);
    // With June simply not given, the same.
    let s = series(
        &[&r[..2], &r[3..]].concat(),
        Measure::Cumulative,
        PeriodKey::new(2025, 12),
    );
    assert_eq!(values(&s), vec![10.0, 15.0, 12.0]);
}

#[test]
fn a_withheld_value_is_left_out() {
    let r = vec![
        reading(2025, 1, Some(10.0), false),
        reading(2025, 2, Some(250.0), true),
        reading(2025, 3, Some(30.0), false),
        reading(2025, 4, Some(f64::INFINITY), false),
        reading(2025, 5, Some(50.0), false),
    ];
    let s = series(&r, Measure::Snapshot, PeriodKey::new(2025, 12));
    assert_eq!(values(&s), vec![10.0, 30.0, 50.0]);
    // Cumulative: the withheld May is out, and so is June, whose
    // year-to-date cannot be differenced without May's.
    let r = vec![
        reading(2025, 1, Some(10.0), false),
        reading(2025, 2, Some(999.0), true),
        reading(2025, 3, Some(30.0), false),
        reading(2025, 4, Some(41.0), false),
    ];
    let s = series(&r, Measure::Cumulative, PeriodKey::new(2025, 12));
    assert_eq!(values(&s), vec![10.0, 11.0]);
}

#[test]
fn a_period_given_twice_differently_is_left_out() {
    let r = vec![
        reading(2025, 1, Some(10.0), false),
        reading(2025, 2, Some(20.0), false),
        reading(2025, 2, Some(21.0), false),
        reading(2025, 3, Some(30.0), false),
    ];
    let s = series(&r, Measure::Snapshot, PeriodKey::new(2025, 12));
    assert_eq!(values(&s), vec![10.0, 30.0]);
    // The same value twice (a tracker sent again) counts once.
    let mut r = r;
    r[2].value = Some(20.0);
    let s = series(&r, Measure::Snapshot, PeriodKey::new(2025, 12));
    assert_eq!(values(&s), vec![10.0, 20.0, 30.0]);
    // A withheld copy makes the period unusable.
    r[2].withheld = true;
    let s = series(&r, Measure::Snapshot, PeriodKey::new(2025, 12));
    assert_eq!(values(&s), vec![10.0, 30.0]);
}

#[test]
fn targets_on_the_series_scale() {
    // Pro rata 120 a year: May's 20 less April's 10 is 10 a month.
    assert_eq!(
        series_target(Measure::Cumulative, Some(20.0), Some(10.0), false),
        Some(10.0)
    );
    assert_eq!(
        series_target(Measure::Cumulative, Some(10.0), None, true),
        Some(10.0)
    );
    assert_eq!(
        series_target(Measure::Cumulative, Some(20.0), None, false),
        None
    );
    assert_eq!(
        series_target(Measure::Snapshot, Some(85.0), Some(80.0), false),
        Some(85.0)
    );
    assert_eq!(
        series_target(Measure::Snapshot, None, Some(80.0), false),
        None
    );
}

#[test]
fn json_as_the_spec_gives_it() {
    let v = outlier(20.0);
    let s = assess(&v, Polarity::Higher, None, &Options::default()).unwrap();
    let j = serde_json::to_value(&s).unwrap();
    assert_eq!(j["points"], 13);
    assert_eq!(j["variation"], "improvement-high");
    assert_eq!(j["assurance"], serde_json::Value::Null);
    assert_eq!(j["rules"], serde_json::json!(["beyond-limit"]));
    assert_eq!(j["mean"].as_f64(), Some(s.mean));
    assert!(j.get("marks").is_none());
    let s = assess(&v, Polarity::Lower, Some(30.0), &Options::default()).unwrap();
    assert_eq!(serde_json::to_value(&s).unwrap()["assurance"], "pass");
    assert_eq!(
        serde_json::to_value(Assurance::HitOrMiss).unwrap(),
        Assurance::HitOrMiss.name()
    );
}

#[test]
fn options_from_toml() {
    let o: Options = toml::from_str("shift_length = 7").unwrap();
    assert_eq!(
        o,
        Options {
            shift_length: 7,
            ..Options::default()
        }
    );
}
