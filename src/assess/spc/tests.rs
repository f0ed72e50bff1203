//! Hand-worked tests of each rule at its edge, and of the icons.

use super::rules::*;
use super::*;
use crate::model::spc::{Assurance, PointMarks, Rule, Side, Sides, Variation};

fn run(values: &[f64]) -> Spc {
    assess(values, Polarity::Higher, None, &Options::default()).expect("enough points")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Indices of the points `rule` marks on `side`.
fn marked(spc: &Spc, rule: Rule, side: Side) -> Vec<usize> {
    (0..spc.marks.len())
        .filter(|&i| {
            let s = spc.marks[i].get(rule);
            match side {
                Side::High => s.high,
                Side::Low => s.low,
            }
        })
        .collect()
}

fn none_marked(spc: &Spc, rule: Rule) -> bool {
    spc.marks.iter().all(|m| !m.get(rule).any())
}

#[test]
fn limits_by_hand() {
    // 1, 3, 2: mean 2; moving ranges 2, 1: MR̄ 1.5; 2.66 × 1.5 = 3.99;
    // two-sigma spread 3.99 × 2/3 = 2.66.
    let l = limits(&[1.0, 3.0, 2.0]).unwrap();
    assert!(close(l.mean, 2.0));
    assert!(close(l.mean_moving_range, 1.5));
    assert!(close(l.upper_limit, 5.99));
    assert!(close(l.lower_limit, -1.99));
    assert!(close(l.upper_two_sigma, 4.66));
    assert!(close(l.lower_two_sigma, -0.66));
    assert_eq!(limits(&[1.0]), None);
    assert_eq!(limits(&[1.0, f64::NAN]), None);
}

// Shift of exactly 6: 10 12 10 12 10 12 10 | 13 12 13 12 13 12.
// Sum 76 + 75 = 151, mean 151/13 = 11.615. The last six are all above it
// (the earlier 12s are singles between 10s).
// MR: six 2s, then 3 (10→13), then five 1s: 20/12 = 1.667; limits
// 11.615 ± 4.433 = 7.18 / 16.05; two-sigma ± 2.956 = 8.66 / 14.57:
// nothing beyond either; no two steps the same way in a row.
const SHIFT_6: [f64; 13] = [
    10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 13.0, 12.0, 13.0, 12.0, 13.0, 12.0,
];

#[test]
fn shift_of_exactly_six() {
    let s = run(&SHIFT_6);
    assert!(close(s.mean, 151.0 / 13.0));
    assert!(close(s.mean_moving_range, 20.0 / 12.0));
    assert!(close(s.upper_limit, 151.0 / 13.0 + 2.66 * 20.0 / 12.0));
    assert_eq!(
        marked(&s, Rule::Shift, Side::High),
        vec![7, 8, 9, 10, 11, 12]
    );
    assert!(marked(&s, Rule::Shift, Side::Low).is_empty());
    for r in [Rule::BeyondLimit, Rule::Trend, Rule::TwoOfThree] {
        assert!(none_marked(&s, r), "{r:?}");
    }
    assert_eq!(s.rules, vec![Rule::Shift]);
    assert_eq!(s.variation, Variation::ImprovementHigh);
    assert_eq!(s.points, 13);
}

#[test]
fn shift_of_five_is_not_one() {
    // 10 12 10 12 10 12 10 10 | 13 12 13 12 13: sum 86 + 63 = 149, mean
    // 11.46. Only the last five are above it (the two 10s before are
    // below). MR 12 + 0 + 3 + 4 = 19, /12 = 1.583; limits 11.46 ± 4.21,
    // two-sigma ± 2.81 (8.65 / 14.27): nothing beyond.
    let s = run(&[
        10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 10.0, 13.0, 12.0, 13.0, 12.0, 13.0,
    ]);
    assert!(close(s.mean, 149.0 / 13.0));
    assert!(close(s.mean_moving_range, 19.0 / 12.0));
    assert!(s.marks.iter().all(|m| !m.any()));
    assert!(s.rules.is_empty());
    assert_eq!(s.variation, Variation::CommonCause);
}

#[test]
fn a_point_on_the_mean_breaks_a_shift() {
    // 11 12 11 12 11 12 10 | 13 13 12 13 13 13: sum 79 + 77 = 156, mean
    // exactly 12. Of the last six, the 12 is on the mean: runs of 2 and 3
    // above, not 6. MR 1 1 1 1 1 2 3 0 1 1 0 0 = 12, /12 = 1; limits
    // 12 ± 2.66 (9.34 / 14.66); two-sigma 12 ± 1.773 (10.227 / 13.773):
    // the 10 is beyond the lower two-sigma line alone, which is no rule.
    let s = run(&[
        11.0, 12.0, 11.0, 12.0, 11.0, 12.0, 10.0, 13.0, 13.0, 12.0, 13.0, 13.0, 13.0,
    ]);
    assert_eq!(s.mean, 12.0);
    assert!(close(s.mean_moving_range, 1.0));
    assert!(close(s.lower_two_sigma, 12.0 - 2.66 * 2.0 / 3.0));
    assert!(s.marks.iter().all(|m| !m.any()));
    assert_eq!(s.variation, Variation::CommonCause);
    // The same six with the 12 at 13 would be a shift; seen with the
    // shift length at 3, the runs either side of it are 2 and 3.
    let opts = Options {
        shift_length: 3,
        ..Options::default()
    };
    let s3 = assess(&s_values_on_mean(), Polarity::Higher, None, &opts).unwrap();
    assert_eq!(marked(&s3, Rule::Shift, Side::High), vec![10, 11, 12]);
}

#[test]
fn on_the_mean_within_the_tolerance() {
    // 0 0 0 0 0.4 0.1 0.4 | 0.3 0.3 0.2 0.3 0.3 0.3: in decimals the sum
    // is 2.6 and the mean 0.2, but summed in floating point the mean is
    // 0.19999999999999998, which would put the 0.2 above it and make the
    // last six a shift. Within the tolerance it is on the mean: no shift.
    let v = [
        0.0, 0.0, 0.0, 0.0, 0.4, 0.1, 0.4, 0.3, 0.3, 0.2, 0.3, 0.3, 0.3,
    ];
    let s = run(&v);
    assert_ne!(s.mean, 0.2);
    assert!(close(s.mean, 0.2));
    assert!(none_marked(&s, Rule::Shift));
    assert_eq!(s.variation, Variation::CommonCause);
}

fn s_values_on_mean() -> [f64; 13] {
    [
        11.0, 12.0, 11.0, 12.0, 11.0, 12.0, 10.0, 13.0, 13.0, 12.0, 13.0, 13.0, 13.0,
    ]
}

#[test]
fn trend_of_six_points_five_steps() {
    // 12 10 12 10 12 10 12 | 8 9 10 11 12 13: 8 to 13 is 6 points, 5
    // steps up (the 12 before 8 is higher, so the run starts at 8).
    // Sum 78 + 63 = 141, mean 10.846: 8 9 10 below, 11 12 13 above: no
    // shift. MR 12 + 4 + 5 = 21, /12 = 1.75; limits 10.846 ± 4.655
    // (6.19 / 15.50); two-sigma ± 3.103 (7.74 / 13.95): nothing beyond.
    let values = [
        12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0,
    ];
    let s = run(&values);
    assert!(close(s.mean, 141.0 / 13.0));
    assert!(close(s.mean_moving_range, 1.75));
    assert_eq!(
        marked(&s, Rule::Trend, Side::High),
        vec![7, 8, 9, 10, 11, 12]
    );
    assert!(marked(&s, Rule::Trend, Side::Low).is_empty());
    assert_eq!(s.rules, vec![Rule::Trend]);
    assert_eq!(s.variation, Variation::ImprovementHigh);
    let lower = assess(&values, Polarity::Lower, None, &Options::default()).unwrap();
    assert_eq!(lower.variation, Variation::ConcernHigh);
}

#[test]
fn trend_of_five_points_is_not_one() {
    // 12 10 12 10 12 10 12 10 | 9 10 11 12 13: 9 to 13 is 5 points (the
    // 10 before 9 is higher). Sum 88 + 55 = 143, mean exactly 11: the 11
    // is on it, so at most two above in a row. MR 14 + 1 + 4 = 19, /12;
    // limits 11 ± 4.21; two-sigma ± 2.81 (8.19 / 13.81): nothing beyond.
    let s = run(&[
        12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 9.0, 10.0, 11.0, 12.0, 13.0,
    ]);
    assert_eq!(s.mean, 11.0);
    assert!(close(s.mean_moving_range, 19.0 / 12.0));
    assert!(s.marks.iter().all(|m| !m.any()));
    assert_eq!(s.variation, Variation::CommonCause);
}

#[test]
fn equal_neighbours_break_a_trend() {
    // 1 2 3 3 4 5 6 ... : the flat step stops the run at 3 points.
    let opts = Options {
        min_points: 2,
        ..Options::default()
    };
    let s = assess(
        &[1.0, 2.0, 3.0, 3.0, 4.0, 5.0],
        Polarity::Higher,
        None,
        &opts,
    )
    .unwrap();
    assert!(none_marked(&s, Rule::Trend));
}

#[test]
fn the_top_of_a_rise_can_start_a_fall() {
    // 1..6 rising then 6..1 falling: the 6 ends one trend and starts the
    // other, so it is marked on both sides.
    let opts = Options {
        min_points: 2,
        ..Options::default()
    };
    let v = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0];
    let s = assess(&v, Polarity::Higher, None, &opts).unwrap();
    assert_eq!(marked(&s, Rule::Trend, Side::High), vec![0, 1, 2, 3, 4, 5]);
    assert_eq!(marked(&s, Rule::Trend, Side::Low), vec![5, 6, 7, 8, 9, 10]);
}

// Base for two of three: 11 11 13 13 11 11 13 13 11 11 (runs of two
// either side of the mean, moving ranges 0 2 0 2 0 2 0 2 0 = 8).
const BASE: [f64; 10] = [11.0, 11.0, 13.0, 13.0, 11.0, 11.0, 13.0, 13.0, 11.0, 11.0];

fn base_then(tail: [f64; 3]) -> Vec<f64> {
    BASE.iter().copied().chain(tail).collect()
}

#[test]
fn two_of_three_beyond_the_two_sigma_line() {
    // Tail 16 13 16: sum 118 + 45 = 163, mean 12.538. MR 8 + 5 + 3 + 3 =
    // 19, /12 = 1.583; two-sigma 12.538 + 2.808 = 15.346, upper limit
    // 12.538 + 4.212 = 16.750. Both 16s are beyond the two-sigma line and
    // inside the limit, the 13 between is above the mean: marked are the
    // two 16s (indices 10 and 12), not the 13.
    let s = run(&base_then([16.0, 13.0, 16.0]));
    assert!(close(s.mean, 163.0 / 13.0));
    assert!(close(s.mean_moving_range, 19.0 / 12.0));
    assert!(close(
        s.upper_two_sigma,
        163.0 / 13.0 + 2.66 * 19.0 / 12.0 * 2.0 / 3.0
    ));
    assert_eq!(marked(&s, Rule::TwoOfThree, Side::High), vec![10, 12]);
    assert!(none_marked(&s, Rule::BeyondLimit));
    assert!(none_marked(&s, Rule::Shift));
    assert_eq!(s.rules, vec![Rule::TwoOfThree]);
    assert_eq!(s.variation, Variation::ImprovementHigh);
}

#[test]
fn one_of_three_beyond_is_not_two() {
    // Tail 16 13 14: sum 161, mean 12.385; MR 8 + 5 + 3 + 1 = 17, /12 =
    // 1.417; two-sigma 12.385 + 2.512 = 14.897: 16 beyond, 14 inside.
    let s = run(&base_then([16.0, 13.0, 14.0]));
    assert!(close(
        s.upper_two_sigma,
        161.0 / 13.0 + 2.66 * 17.0 / 12.0 * 2.0 / 3.0
    ));
    assert!(s.marks.iter().all(|m| !m.any()));
    assert_eq!(s.variation, Variation::CommonCause);
}

#[test]
fn two_beyond_with_the_third_below_the_mean_is_not_two_of_three() {
    // Tail 16 11 16: sum 161, mean 12.385; MR 8 + 5 + 5 + 5 = 23, /12 =
    // 1.917; two-sigma 12.385 + 3.399 = 15.783: both 16s beyond it, but
    // the 11 between them is below the mean.
    let s = run(&base_then([16.0, 11.0, 16.0]));
    assert!(16.0 > s.upper_two_sigma && 16.0 < s.upper_limit);
    assert!(none_marked(&s, Rule::TwoOfThree));
    assert_eq!(s.variation, Variation::CommonCause);
}

// Beyond a limit: 10 12 × 6 then one outlier x. Sum 132 + x; MR
// 11 × 2 = 22 plus |x − 12|.
pub(super) fn outlier(x: f64) -> Vec<f64> {
    let mut v: Vec<f64> = (0..12)
        .map(|i| if i % 2 == 0 { 10.0 } else { 12.0 })
        .collect();
    v.push(x);
    v
}

#[test]
fn beyond_the_upper_limit() {
    // x = 20: mean 152/13 = 11.692; MR̄ 30/12 = 2.5; upper limit
    // 11.692 + 6.65 = 18.342 < 20. Two-sigma 16.126: 20 alone beyond it.
    let v = outlier(20.0);
    let s = run(&v);
    assert!(close(s.mean, 152.0 / 13.0));
    assert!(close(s.mean_moving_range, 2.5));
    assert!(close(s.upper_limit, 152.0 / 13.0 + 6.65));
    assert!(close(s.lower_limit, 152.0 / 13.0 - 6.65));
    assert_eq!(marked(&s, Rule::BeyondLimit, Side::High), vec![12]);
    assert_eq!(s.rules, vec![Rule::BeyondLimit]);
    assert_eq!(s.variation, Variation::ImprovementHigh);
    let opts = Options::default();
    let var = |p| assess(&v, p, None, &opts).unwrap().variation;
    assert_eq!(var(Polarity::Lower), Variation::ConcernHigh);
    assert_eq!(var(Polarity::Band), Variation::NeitherHigh);
    assert_eq!(var(Polarity::None), Variation::NeitherHigh);
}

#[test]
fn beyond_the_lower_limit() {
    // x = 2: mean 134/13 = 10.308; MR̄ (22 + 10)/12 = 2.667; lower limit
    // 10.308 − 7.093 = 3.214 > 2.
    let v = outlier(2.0);
    let s = run(&v);
    assert!(close(s.mean, 134.0 / 13.0));
    assert!(close(s.lower_limit, 134.0 / 13.0 - 2.66 * 32.0 / 12.0));
    assert_eq!(marked(&s, Rule::BeyondLimit, Side::Low), vec![12]);
    assert_eq!(s.rules, vec![Rule::BeyondLimit]);
    assert_eq!(s.variation, Variation::ConcernLow);
    let opts = Options::default();
    let var = |p| assess(&v, p, None, &opts).unwrap().variation;
    assert_eq!(var(Polarity::Lower), Variation::ImprovementLow);
    assert_eq!(var(Polarity::Band), Variation::NeitherLow);
}

#[test]
fn on_a_limit_is_not_beyond_it() {
    // 0 2 0 2 ... (12 points) then x: with x = mean + 2.66·MR̄ exactly.
    // Sum 12 + x, MR (22 + |x − 2|)/12. For x ≥ 2: x = (12 + x)/13 +
    // 2.66 (20 + x)/12, i.e. x (1 − 1/13 − 2.66/12) = 12/13 + 53.2/12.
    let a = 1.0 - 1.0 / 13.0 - 2.66 / 12.0;
    let x = (12.0 / 13.0 + 53.2 / 12.0) / a;
    let mut v: Vec<f64> = (0..12)
        .map(|i| if i % 2 == 0 { 0.0 } else { 2.0 })
        .collect();
    v.push(x);
    let s = run(&v);
    assert!(close(s.upper_limit, x));
    assert!(none_marked(&s, Rule::BeyondLimit));
}

#[test]
fn twelve_points_give_none_thirteen_give_one() {
    assert!(assess(&SHIFT_6[1..], Polarity::Higher, None, &Options::default()).is_none());
    assert!(assess(&SHIFT_6, Polarity::Higher, None, &Options::default()).is_some());
    let twelve = Options {
        min_points: 12,
        ..Options::default()
    };
    assert_eq!(
        assess(&SHIFT_6[1..], Polarity::Higher, None, &twelve).map(|s| s.points),
        Some(12)
    );
    // Never fewer than two, whatever the option says.
    let one = Options {
        min_points: 1,
        ..Options::default()
    };
    assert!(assess(&[5.0], Polarity::Higher, None, &one).is_none());
}

#[test]
fn a_falling_trend_above_the_mean_takes_the_trend_side() {
    // 8 10 8 10 8 10 8 | 20 19 18 17 16 15: sum 62 + 105 = 167, mean
    // 12.846. The last six are above it (shift, high) and fall by one
    // each step (trend, low). MR 12 + 12 + 5 = 29, /12 = 2.417; upper
    // limit 12.846 + 6.428 = 19.27 (the 20 is beyond it); two-sigma
    // 17.13 (20 19 18 beyond, then 17 16 15 are not: no two of three
    // at the end). Trend ranks above shift: the low side.
    let v = [
        8.0, 10.0, 8.0, 10.0, 8.0, 10.0, 8.0, 20.0, 19.0, 18.0, 17.0, 16.0, 15.0,
    ];
    let s = run(&v);
    assert!(close(s.mean, 167.0 / 13.0));
    assert!(close(s.mean_moving_range, 29.0 / 12.0));
    assert_eq!(marked(&s, Rule::BeyondLimit, Side::High), vec![7]);
    assert_eq!(marked(&s, Rule::TwoOfThree, Side::High), vec![7, 8, 9]);
    assert_eq!(s.rules, vec![Rule::Shift, Rule::Trend]);
    assert_eq!(s.variation, Variation::ConcernLow);
    let opts = Options::default();
    let var = |p| assess(&v, p, None, &opts).unwrap().variation;
    assert_eq!(var(Polarity::Lower), Variation::ImprovementLow);
    assert_eq!(var(Polarity::Band), Variation::NeitherLow);
}

#[test]
fn ranking_and_the_tie_rule() {
    let mut m = PointMarks::default();
    m.beyond_limit.high = true;
    m.two_of_three.low = true;
    // Two of three outranks beyond a limit.
    assert_eq!(variation(&m, Polarity::Higher), Variation::ConcernLow);
    m.shift.high = true;
    assert_eq!(variation(&m, Polarity::Higher), Variation::ImprovementHigh);
    // A trend marking both sides is a tie: the improvement side.
    m.trend = Sides {
        high: true,
        low: true,
    };
    assert_eq!(variation(&m, Polarity::Higher), Variation::ImprovementHigh);
    assert_eq!(variation(&m, Polarity::Lower), Variation::ImprovementLow);
    assert_eq!(
        variation(&PointMarks::default(), Polarity::Lower),
        Variation::CommonCause
    );
}

#[test]
fn assurance_for_each_polarity() {
    // outlier(20): mean 11.692, limits 5.042 / 18.342.
    let v = outlier(20.0);
    let a = |p, t: Option<f64>| assess(&v, p, t, &Options::default()).unwrap().assurance;
    use Assurance::*;
    assert_eq!(a(Polarity::Higher, Some(4.0)), Some(Pass));
    assert_eq!(a(Polarity::Higher, Some(19.0)), Some(Fail));
    assert_eq!(a(Polarity::Higher, Some(12.0)), Some(HitOrMiss));
    assert_eq!(a(Polarity::Lower, Some(19.0)), Some(Pass));
    assert_eq!(a(Polarity::Lower, Some(4.0)), Some(Fail));
    assert_eq!(a(Polarity::Lower, Some(12.0)), Some(HitOrMiss));
    assert_eq!(a(Polarity::Band, Some(12.0)), None);
    assert_eq!(a(Polarity::None, Some(12.0)), None);
    assert_eq!(a(Polarity::Higher, None), None);
    assert_eq!(a(Polarity::Higher, Some(f64::NAN)), None);
}

#[test]
fn a_target_exactly_on_a_limit() {
    // The on-the-mean series: mean 12, MR̄ 1, limits 9.34 / 14.66 (each
    // an ulp or so from the decimal; a target typed 14.66 is on it).
    let v = s_values_on_mean();
    let a = |p, t: f64| assess(&v, p, Some(t), &Options::default()).unwrap();
    let s = a(Polarity::Higher, 14.66);
    assert!(close(s.upper_limit, 14.66) && close(s.lower_limit, 9.34));
    use Assurance::*;
    // higher: on the lower limit passes, on the upper fails.
    assert_eq!(a(Polarity::Higher, 9.34).assurance, Some(Pass));
    assert_eq!(a(Polarity::Higher, 14.66).assurance, Some(Fail));
    assert_eq!(a(Polarity::Higher, 14.65).assurance, Some(HitOrMiss));
    assert_eq!(a(Polarity::Higher, 9.35).assurance, Some(HitOrMiss));
    // lower mirrors it.
    assert_eq!(a(Polarity::Lower, 14.66).assurance, Some(Pass));
    assert_eq!(a(Polarity::Lower, 9.34).assurance, Some(Fail));
    // The computed limits themselves, to the bit.
    assert_eq!(a(Polarity::Higher, s.upper_limit).assurance, Some(Fail));
    assert_eq!(a(Polarity::Lower, s.lower_limit).assurance, Some(Fail));
    assert_eq!(a(Polarity::Band, 14.66).assurance, None);
    assert_eq!(
        a(Polarity::Higher, 14.66).word_pair(),
        ("Common cause", "Will miss target")
    );
}

#[test]
fn a_flat_series() {
    // Every point 50: MR̄ 0, limits and lines all 50; nothing marked; a
    // target of 50 passes either way (the process always delivers it).
    let v = [50.0; 13];
    let s = assess(&v, Polarity::Higher, Some(50.0), &Options::default()).unwrap();
    assert_eq!((s.lower_limit, s.upper_limit), (50.0, 50.0));
    assert!(s.marks.iter().all(|m| !m.any()));
    assert_eq!(s.variation, Variation::CommonCause);
    assert_eq!(s.assurance, Some(Assurance::Pass));
    let s = assess(&v, Polarity::Lower, Some(50.0), &Options::default()).unwrap();
    assert_eq!(s.assurance, Some(Assurance::Pass));
    let s = assess(&v, Polarity::Higher, Some(51.0), &Options::default()).unwrap();
    assert_eq!(s.assurance, Some(Assurance::Fail));
}

impl Spc {
    fn word_pair(&self) -> (&'static str, &'static str) {
        (
            self.variation.word(),
            self.assurance.map(Assurance::word).unwrap_or(""),
        )
    }
}
