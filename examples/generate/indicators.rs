//! The generated council's indicators and their figures: names, codes,
//! titles and units; each indicator's true series; the row a directorate
//! types for a month, with the odd planted problem.

use super::*;

pub(super) fn directorate_name(d: usize) -> String {
    match NAMES.get(d) {
        Some(n) => n.to_string(),
        // Beyond a council's worth: a national set of councils.
        None => format!("Council {:03}", d + 1),
    }
}

pub(super) fn prefix(name: &str, d: usize) -> String {
    let initials: String = name
        .split_whitespace()
        .filter(|w| !w.eq_ignore_ascii_case("and"))
        .filter_map(|w| w.chars().next())
        .collect::<String>()
        .to_uppercase();
    // Initials collide across directorates (Customer Services, Community Safety):
    // the index keeps codes unique.
    format!("{initials}{:02}", d + 1)
}

pub(super) const TITLES: &[(&str, Unit)] = &[
    (
        "Percentage of assessments completed within timescale",
        Unit::Percent,
    ),
    ("Number of people supported", Unit::Count),
    ("Spend against budget", Unit::Currency),
    ("Average days to process a new claim", Unit::Days),
    ("Rate of repeat referrals per 1,000", Unit::Rate),
    ("Satisfaction index", Unit::Number),
    (
        "Percentage of complaints answered in 10 working days",
        Unit::Percent,
    ),
    ("Households prevented from becoming homeless", Unit::Count),
];

pub(super) fn make_indicators(a: &Args) -> Vec<Ind> {
    let mut out = Vec::new();
    for d in 0..a.directorates {
        let pre = prefix(&directorate_name(d), d);
        for k in 0..a.indicators {
            let mut r = Rng::new(&[a.seed, 1, d as u64, k as u64]);
            let u = r.f();
            let unit = if u < 0.4 {
                Unit::Percent
            } else if u < 0.6 {
                Unit::Count
            } else if u < 0.7 {
                Unit::Currency
            } else if u < 0.8 {
                Unit::Days
            } else if u < 0.9 {
                Unit::Rate
            } else {
                Unit::Number
            };
            let f = r.f();
            let frequency = if f < 0.75 {
                "monthly"
            } else if f < 0.95 {
                "quarterly"
            } else {
                "annual"
            };
            let p = r.f();
            let polarity = if p < 0.45 {
                "higher"
            } else if p < 0.85 {
                "lower"
            } else if p < 0.93 {
                "band"
            } else {
                "none"
            };
            let cumulative = matches!(unit, Unit::Count | Unit::Currency)
                && frequency != "annual"
                && r.chance(0.5);
            let base = match unit {
                Unit::Percent => r.range(50.0, 95.0),
                Unit::Count => r.range(20.0, 2000.0).round(),
                Unit::Currency => r.range(10_000.0, 500_000.0).round(),
                Unit::Days => r.range(5.0, 60.0),
                Unit::Rate => r.range(1.0, 50.0),
                Unit::Number => r.range(10.0, 1000.0),
            };
            let noise = r.range(0.01, 0.04);
            let trend = r.range(-0.003, 0.004);
            // Targets a little ambitious, so some indicators are amber or red.
            let stretch = match polarity {
                "higher" => 1.0 + r.range(-0.04, 0.03),
                "lower" => 1.0 - r.range(-0.04, 0.03),
                _ => 1.0,
            };
            let mut target = base * stretch * if cumulative { 12.0 } else { 1.0 };
            if unit == Unit::Percent {
                target = target.min(100.0);
            }
            let (title, _) = TITLES
                .iter()
                .find(|(_, tu)| *tu == unit)
                .copied()
                .unwrap_or(("Indicator", unit));
            out.push(Ind {
                code: format!("{pre}-{:03}", k + 1),
                title: format!("{title} ({})", k + 1),
                dir: d,
                unit,
                polarity,
                frequency,
                cumulative,
                base,
                trend,
                noise,
                target: round_to(target, unit.decimals()),
            });
        }
    }
    out
}

pub(super) fn round_to(v: f64, dp: u32) -> f64 {
    let m = 10f64.powi(dp as i32);
    (v * m).round() / m
}

pub(super) fn month_period(t: u32) -> Period {
    // t = 0 is April of FIRST_YEAR.
    let m = 4 + t;
    if m <= 12 {
        Period::Month {
            year: FIRST_YEAR,
            month: m,
        }
    } else {
        Period::Month {
            year: FIRST_YEAR + 1,
            month: m - 12,
        }
    }
}

pub(super) fn month_id(t: u32) -> String {
    match month_period(t) {
        Period::Month { year, month } => format!("{year}-{month:02}"),
        _ => String::new(),
    }
}

/// `Jul-25`.
pub(super) fn month_short(t: u32) -> String {
    match month_period(t) {
        Period::Month { year, month } => {
            let name = ipr::period::month_long_name(month).unwrap_or("???");
            format!("{}-{:02}", &name[..3], year % 100)
        }
        _ => String::new(),
    }
}

/// Is the indicator due at month t (0 = April)?
pub(super) fn is_due(ind: &Ind, t: u32) -> bool {
    match ind.frequency {
        "quarterly" => t % 3 == 2,
        "annual" => t == 11,
        _ => true,
    }
}

/// The true value of an indicator at month t: level, trend and noise, and the
/// year to date for cumulative measures.
pub(super) fn true_value(ind: &Ind, seed: u64, idx: usize, t: u32) -> f64 {
    let month = |s: u32| {
        let mut r = Rng::new(&[seed, 2, idx as u64, u64::from(s)]);
        ind.base * (1.0 + ind.trend * f64::from(s) + ind.noise * r.normal())
    };
    let v = if ind.cumulative {
        (0..=t).map(month).sum::<f64>()
    } else {
        month(t)
    };
    let v = match ind.unit {
        Unit::Percent => v.clamp(0.0, 100.0),
        _ => v.max(0.0),
    };
    round_to(v, ind.unit.decimals())
}

pub(super) const COMMENTS: &[&str] = &[
    "On track.",
    "Performance is in line with the seasonal pattern.",
    "Below target because of staff vacancies; recruitment under way.",
    "Demand remains high; the service is reviewing capacity.",
    "Improvement plan agreed with the portfolio holder.",
];

/// The row as the directorate types it, with the odd planted problem.
/// Deterministic in (seed, indicator, month), so a wide file that repeats
/// earlier months repeats them exactly.
pub(super) fn row_for(ind: &Ind, seed: u64, idx: usize, t: u32, with_ratio: bool) -> Row {
    let mut r = Rng::new(&[seed, 3, idx as u64, u64::from(t)]);
    let v = true_value(ind, seed, idx, t);
    let mut row = Row {
        fig: Fig::Num(v),
        numerator: None,
        denominator: None,
        forecast: None,
        commentary: r.chance(0.85).then(|| *r.pick(COMMENTS)),
        note: None,
    };
    if with_ratio && ind.unit == Unit::Percent {
        let den = r.range(200.0, 2000.0).round();
        let num = (v / 100.0 * den).round();
        row.numerator = Some(num);
        row.denominator = Some(den);
        // The value as the system works it out from its parts.
        row.fig = Fig::Num(round_to(num / den * 100.0, 1));
    }
    if r.chance(0.3) {
        row.forecast = Some(round_to(
            if ind.cumulative {
                ind.target * r.range(0.9, 1.05)
            } else {
                v * r.range(0.97, 1.03)
            },
            ind.unit.decimals(),
        ));
    }
    if ind.unit == Unit::Percent && r.chance(0.1) {
        if let Fig::Num(x) = row.fig {
            row.fig = Fig::PercentCell(x / 100.0);
        }
    }
    if ind.unit == Unit::Currency && r.chance(0.05) {
        row.fig = Fig::Text(format!("£{}", thousands(v)));
    }
    let p = r.f();
    if p < 0.004 {
        row.fig = Fig::Blank;
    } else if p < 0.006 {
        row.fig = Fig::Text("n/a".into());
    } else if p < 0.008 {
        row.fig = Fig::Text("TBC".into());
    } else if p < 0.010 {
        row.fig = Fig::Num(match ind.unit {
            Unit::Percent => 112.0,
            Unit::Count => -v.max(1.0),
            _ => v * 40.0,
        });
    } else if p < 0.012 && ind.unit == Unit::Percent {
        row.fig = Fig::Num(round_to(v / 100.0, 3));
    } else if p < 0.014 {
        if let Some(n) = row.numerator.as_mut() {
            *n = (*n * 1.2).round();
        }
    } else if p < 0.015 {
        row.fig = Fig::Text("see note".into());
    }
    if r.chance(0.03) {
        row.note = Some("Checked with the service: the figure is correct.");
    }
    row
}
