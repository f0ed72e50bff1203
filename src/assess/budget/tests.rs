//! Every branch of the budget assessment at its boundaries, income and
//! capital lines, the two-month movement, and totals to the penny.

use super::*;
use crate::model::budget::testing::line;
use crate::model::budget_update::testing::row;
use crate::model::MoneyProblem;

fn p(pounds: i64) -> Money {
    Money::from_pounds(pounds)
}

fn pence(n: i64) -> Money {
    Money::from_pence(n)
}

/// The assessment of `l` with a row whose forecast cell reads `forecast`.
fn with_forecast(l: &BudgetLine, forecast: &str) -> BudgetResult {
    let u = row(&l.reference, &l.directorate, 4).with_forecast(forecast);
    assess_line(l, Some(&u), None)
}

/// A previous report's line, as next month's run reads it from the JSON.
fn previous_of(r: &BudgetResult) -> PreviousBudgetLine {
    serde_json::from_value(serde_json::to_value(r).unwrap()).unwrap()
}

#[test]
fn expenditure_rag_at_every_edge() {
    // £1,000,000 at 2%: tolerance £20,000, amber to £40,000.
    let l = line("CC100", "Resources", LineType::Expenditure, 1_000_000);
    let rag_at = |forecast: Money| with_forecast(&l, &forecast.words()).rag;
    assert_eq!(rag_at(p(1_000_000)), BudgetRag::Green);
    assert_eq!(
        rag_at(p(1_020_000)),
        BudgetRag::Green,
        "exactly at tolerance"
    );
    assert_eq!(rag_at(p(1_020_000) + pence(1)), BudgetRag::Amber);
    assert_eq!(rag_at(p(1_040_000)), BudgetRag::Amber, "exactly at twice");
    assert_eq!(rag_at(p(1_040_000) + pence(1)), BudgetRag::Red);
    let r = with_forecast(&l, "£1,060,000");
    assert_eq!(r.variance, Some(p(60_000)));
    assert_eq!(r.adverse, Some(p(60_000)));
    assert_eq!(r.tolerance, Threshold::of_amount(p(20_000)));
    assert_eq!(
        (r.exception, r.reasons.clone()),
        (true, vec![BudgetReason::Overspend])
    );
    assert_eq!(r.note, None);
}

#[test]
fn the_smaller_of_two_tolerances() {
    // 2% or £50,000: on £1m, 2% (£20,000) is reached first; on £5m, £50,000 is.
    let small = line("CC1", "Resources", LineType::Expenditure, 1_000_000)
        .with_tolerance(Some(2), Some(50_000));
    assert_eq!(with_forecast(&small, "£1,020,000").rag, BudgetRag::Green);
    assert_eq!(with_forecast(&small, "£1,020,000.01").rag, BudgetRag::Amber);
    let big = line("CC2", "Resources", LineType::Expenditure, 5_000_000)
        .with_tolerance(Some(2), Some(50_000));
    assert_eq!(big.tolerance_pounds(), Threshold::of_amount(p(50_000)));
    assert_eq!(with_forecast(&big, "£5,050,000").rag, BudgetRag::Green);
    assert_eq!(with_forecast(&big, "£5,050,000.01").rag, BudgetRag::Amber);
    assert_eq!(with_forecast(&big, "£5,100,000").rag, BudgetRag::Amber);
    assert_eq!(with_forecast(&big, "£5,100,000.01").rag, BudgetRag::Red);
    // An amount alone.
    let amount = line("CC3", "Resources", LineType::Expenditure, 5_000_000)
        .with_tolerance(None, Some(10_000));
    assert_eq!(with_forecast(&amount, "£5,010,000").rag, BudgetRag::Green);
    assert_eq!(with_forecast(&amount, "£5,010,001").rag, BudgetRag::Amber);
}

#[test]
fn an_underspend_is_green_with_a_note_beyond_tolerance_only() {
    let l = line("CC100", "Resources", LineType::Expenditure, 1_000_000);
    let at = with_forecast(&l, "£980,000");
    assert_eq!(
        (at.rag, at.note),
        (BudgetRag::Green, None),
        "exactly at tolerance: no note"
    );
    let beyond = with_forecast(&l, "£979,999.99");
    assert_eq!(
        (beyond.rag, beyond.note),
        (BudgetRag::Green, Some(BudgetNote::Underspend))
    );
    assert_eq!(beyond.adverse, Some(pence(-2_000_001)));
    assert!(!beyond.exception && beyond.reasons.is_empty());
    let far = with_forecast(&l, "£500,000");
    assert_eq!(
        (far.rag, far.note),
        (BudgetRag::Green, Some(BudgetNote::Underspend))
    );
}

#[test]
fn income_lines_shortfall_is_adverse_and_more_is_good_news() {
    // £500,000 of fees expected: tolerance £10,000.
    let l = line("IN-1", "Resources", LineType::Income, 500_000);
    let short = with_forecast(&l, "£485,000");
    assert_eq!(short.variance, Some(p(-15_000)));
    assert_eq!(short.adverse, Some(p(15_000)));
    assert_eq!(short.rag, BudgetRag::Amber);
    assert_eq!(with_forecast(&l, "£490,000").rag, BudgetRag::Green);
    assert_eq!(with_forecast(&l, "£480,000").rag, BudgetRag::Amber);
    let red = with_forecast(&l, "£479,999.99");
    assert_eq!(red.rag, BudgetRag::Red);
    assert_eq!(red.reasons, vec![BudgetReason::IncomeShortfall]);
    let more = with_forecast(&l, "£560,000");
    assert_eq!(more.adverse, Some(p(-60_000)));
    assert_eq!(
        (more.rag, more.note),
        (BudgetRag::Green, Some(BudgetNote::IncomeAboveBudget))
    );
    assert_eq!(with_forecast(&l, "£510,000").note, None);
}

#[test]
fn capital_slippage_is_as_adverse_as_an_overspend() {
    // £2,000,000 at 2%: £40,000.
    let l = line("CAP-1", "Resources", LineType::Capital, 2_000_000);
    let slipped = with_forecast(&l, "£1,900,000");
    assert_eq!(slipped.variance, Some(p(-100_000)));
    assert_eq!(slipped.adverse, Some(p(100_000)));
    assert_eq!((slipped.rag, slipped.note), (BudgetRag::Red, None));
    assert_eq!(slipped.reasons, vec![BudgetReason::CapitalVariance]);
    assert_eq!(with_forecast(&l, "£1,960,000").rag, BudgetRag::Green);
    assert_eq!(with_forecast(&l, "£1,959,999.99").rag, BudgetRag::Amber);
    assert_eq!(with_forecast(&l, "£2,080,000").rag, BudgetRag::Amber);
    assert_eq!(with_forecast(&l, "£2,080,000.01").rag, BudgetRag::Red);
}

#[test]
fn a_trading_account_and_a_zero_budget() {
    // A negative budget: a surplus of £100,000 expected; 2% of |budget| is £2,000.
    let l = line("TA-1", "Resources", LineType::Expenditure, -100_000);
    let r = with_forecast(&l, "-£97,000");
    assert_eq!(r.variance, Some(p(3_000)));
    assert_eq!(r.rag, BudgetRag::Amber, "£3,000 less surplus is adverse");
    assert_eq!(with_forecast(&l, "-£98,000").rag, BudgetRag::Green);
    assert_eq!(
        with_forecast(&l, "-£110,000").note,
        Some(BudgetNote::Underspend)
    );
    // Nothing budgeted at 2%: any adverse penny is beyond twice nothing.
    let z = line("Z-1", "Resources", LineType::Expenditure, 0);
    assert_eq!(with_forecast(&z, "£0").rag, BudgetRag::Green);
    assert_eq!(with_forecast(&z, "£0.01").rag, BudgetRag::Red);
}

#[test]
fn a_line_with_no_usable_forecast_is_missing() {
    let l = line("CC100", "Resources", LineType::Expenditure, 1_000_000);
    let none = assess_line(&l, None, None);
    assert_eq!(
        (none.rag, none.forecast, none.variance, none.source.clone()),
        (BudgetRag::Missing, None, None, None)
    );
    assert!(!none.exception);
    let blank = row("CC100", "Resources", 4)
        .with_spend("£400k")
        .with_commentary("ledger closed late");
    let r = assess_line(&l, Some(&blank), None);
    assert_eq!((r.rag, r.forecast), (BudgetRag::Missing, None));
    // The spend to date and the words are still shown; the source is the forecast cell.
    assert_eq!(r.spend_to_date, Some(p(400_000)));
    assert_eq!(r.commentary.as_deref(), Some("ledger closed late"));
    assert_eq!(r.source.as_ref().map(|s| s.cell()), Some("E5".into()));
    // Only a forecast that is no amount makes the line missing.
    let bad = row("CC100", "Resources", 4).with_forecast("about £1m");
    assert_eq!(
        bad.forecast.as_ref().unwrap().value,
        Err(MoneyProblem::NotAnAmount)
    );
    assert_eq!(assess_line(&l, Some(&bad), None).rag, BudgetRag::Missing);
    let bad_spend = row("CC100", "Resources", 4)
        .with_forecast("£1m")
        .with_spend("lots")
        .with_budget("?");
    let r = assess_line(&l, Some(&bad_spend), None);
    assert_eq!(
        (r.rag, r.spend_to_date, r.budget),
        (BudgetRag::Green, None, p(1_000_000))
    );
}

#[test]
fn the_approved_budget_never_the_returns() {
    let l = line("CC100", "Resources", LineType::Expenditure, 1_000_000);
    let u = row("CC100", "Resources", 4)
        .with_forecast("£1,100,000")
        .with_budget("£1,100,000");
    let r = assess_line(&l, Some(&u), None);
    assert_eq!(
        (r.budget, r.variance, r.rag),
        (p(1_000_000), Some(p(100_000)), BudgetRag::Red)
    );
}

#[test]
fn the_two_month_movement() {
    let l = line("CC100", "Resources", LineType::Expenditure, 1_000_000);
    // August: £1,025,000, amber (adverse £25,000).
    let august = with_forecast(&l, "£1,025,000");
    assert_eq!(
        (august.rag, august.exception, august.movement),
        (BudgetRag::Amber, false, None)
    );
    assert_eq!(august.since_previous_report, None, "no previous report");
    let then = previous_of(&august);
    let month = |forecast: &str| {
        let u = row("CC100", "Resources", 4).with_forecast(forecast);
        assess_line(&l, Some(&u), Some(&then))
    };
    // September: amber again, adverse grown: an exception, new.
    let sept = month("£1,030,000");
    assert_eq!((sept.rag, sept.exception), (BudgetRag::Amber, true));
    assert_eq!(sept.reasons, vec![BudgetReason::Overspend]);
    assert_eq!(sept.movement, Some(p(5_000)));
    assert_eq!(sept.since_previous_report, Some(BudgetSince::New));
    // Amber again, adverse the same: not an exception, unchanged.
    let same = month("£1,025,000");
    assert_eq!(
        (same.exception, same.movement, same.since_previous_report),
        (false, Some(Money::ZERO), Some(BudgetSince::Unchanged))
    );
    // Amber again, adverse a penny smaller: no exception, and within £1: unchanged.
    let less = month("£1,024,999.99");
    assert_eq!(
        (less.exception, less.since_previous_report),
        (false, Some(BudgetSince::Unchanged))
    );
    // A penny more is growing: amber twice with adverse growing.
    let more = month("£1,025,000.01");
    assert!(more.exception);
    // £1 is unchanged, £1.01 worse, £1.01 down better.
    assert_eq!(
        month("£1,025,001").since_previous_report,
        Some(BudgetSince::New)
    );
    let mut then_exception = then.clone();
    then_exception.exception = true;
    let again = |forecast: &str| {
        let u = row("CC100", "Resources", 4).with_forecast(forecast);
        assess_line(&l, Some(&u), Some(&then_exception)).since_previous_report
    };
    assert_eq!(again("£1,025,001"), Some(BudgetSince::Unchanged));
    assert_eq!(again("£1,025,001.01"), Some(BudgetSince::Worse));
    assert_eq!(again("£1,024,998.99"), Some(BudgetSince::Better));
    assert_eq!(again("£1,024,999"), Some(BudgetSince::Unchanged));
    // Green then: amber now is not amber twice.
    let green_then = previous_of(&with_forecast(&l, "£1,000,000"));
    let u = row("CC100", "Resources", 4).with_forecast("£1,030,000");
    let r = assess_line(&l, Some(&u), Some(&green_then));
    assert_eq!(
        (r.rag, r.exception, r.since_previous_report),
        (BudgetRag::Amber, false, Some(BudgetSince::Worse))
    );
}

#[test]
fn since_the_previous_report_by_type_and_when_absent() {
    // Capital compares the size of the variance: from 100k under to 50k over is better.
    let l = line("CAP-1", "Resources", LineType::Capital, 2_000_000);
    let then = previous_of(&with_forecast(&l, "£1,900,000"));
    assert_eq!(then.adverse(), Some(p(100_000)));
    let u = row("CAP-1", "Resources", 4).with_forecast("£2,050,000");
    let r = assess_line(&l, Some(&u), Some(&then));
    assert_eq!(r.movement, Some(p(150_000)));
    assert_eq!(
        (r.rag, r.since_previous_report),
        (BudgetRag::Amber, Some(BudgetSince::Better))
    );
    // Income: a bigger shortfall is worse.
    let i = line("IN-1", "Resources", LineType::Income, 500_000);
    let then = previous_of(&with_forecast(&i, "£495,000"));
    let u = row("IN-1", "Resources", 4).with_forecast("£470,000");
    let r = assess_line(&i, Some(&u), Some(&then));
    assert_eq!(
        (r.exception, r.since_previous_report),
        (true, Some(BudgetSince::New))
    );
    // Missing now: nothing to compare, unless it is a new exception (it cannot be).
    let r = assess_line(&i, None, Some(&then));
    assert_eq!((r.since_previous_report, r.movement), (None, None));
    // Missing then, red now: new; missing then, green now: nothing to compare.
    let missing_then = previous_of(&assess_line(&i, None, None));
    assert_eq!(missing_then.adverse(), None);
    let red_now = row("IN-1", "Resources", 4).with_forecast("£400k");
    let r = assess_line(&i, Some(&red_now), Some(&missing_then));
    assert_eq!(
        (r.since_previous_report, r.movement),
        (Some(BudgetSince::New), None)
    );
    let green_now = row("IN-1", "Resources", 4).with_forecast("£500k");
    assert_eq!(
        assess_line(&i, Some(&green_now), Some(&missing_then)).since_previous_report,
        None
    );
}

#[test]
fn the_whole_budget_in_order_each_from_its_row_and_last_month() {
    let lines = vec![
        line("CC100", "Resources", LineType::Expenditure, 1_000_000),
        line("IN-1", "Resources", LineType::Income, 500_000),
    ];
    let u = row("CC100", "Resources", 4).with_forecast("£1.1m");
    let used: BTreeMap<String, &BudgetUpdate> = [("CC100".to_string(), &u)].into_iter().collect();
    let then = vec![PreviousBudgetLine {
        reference: "cc100".into(),
        line_type: Some("expenditure".into()),
        forecast: Some(1_090_000.0),
        variance: Some(90_000.0),
        adverse: Some(90_000.0),
        rag: Some("red".into()),
        exception: true,
    }];
    let r = assess_budget(&lines, &used, &then);
    assert_eq!(
        r.iter().map(|r| r.reference.as_str()).collect::<Vec<_>>(),
        ["CC100", "IN-1"]
    );
    assert_eq!(
        (r[0].movement, r[0].since_previous_report),
        (Some(p(10_000)), Some(BudgetSince::Worse))
    );
    assert_eq!(
        (r[1].rag, r[1].since_previous_report),
        (BudgetRag::Missing, None)
    );
}

/// A total as (directorate, Type, budget, forecast, variance, lines, lines at budget).
type TotalRow<'a> = (Option<&'a str>, LineType, Money, Money, Money, usize, usize);

#[test]
fn totals_to_the_penny_revenue_and_capital_apart_income_never_netted() {
    let lines = vec![
        line("A-1", "Adults", LineType::Expenditure, 1_000_000),
        line("A-2", "Adults", LineType::Expenditure, 250_000),
        line("A-3", "Adults", LineType::Income, 300_000),
        line("R-1", "Resources", LineType::Expenditure, 400_000),
        line("R-2", "Resources", LineType::Capital, 2_000_000),
        line("A-4", "adults", LineType::Capital, 750_000),
    ];
    let forecasts = [
        ("A-1", "£1,000,000.10"),
        ("A-2", "£250,000.20"),
        ("A-3", "£299,999.70"),
        ("R-1", "£400,000.10"),
        ("R-2", "£1,999,999.99"),
    ];
    let rows: Vec<BudgetUpdate> = forecasts
        .iter()
        .map(|(r, f)| row(r, "x", 4).with_forecast(f))
        .collect();
    let used: BTreeMap<String, &BudgetUpdate> = rows.iter().map(|u| (u.key.clone(), u)).collect();
    let results = assess_budget(&lines, &used, &[]);
    let s = finance_summary(&results);
    let got: Vec<TotalRow> = s
        .totals
        .iter()
        .map(|t| {
            (
                t.directorate.as_deref(),
                t.line_type,
                t.budget,
                t.forecast,
                t.variance,
                t.lines,
                t.lines_at_budget,
            )
        })
        .collect();
    use LineType::*;
    assert_eq!(
        got,
        vec![
            (
                Some("Adults"),
                Expenditure,
                p(1_250_000),
                pence(125_000_030),
                pence(30),
                2,
                0
            ),
            (
                Some("Adults"),
                Income,
                p(300_000),
                pence(29_999_970),
                pence(-30),
                1,
                0
            ),
            // A-4 has no forecast: its budget stands as its forecast.
            (
                Some("Adults"),
                Capital,
                p(750_000),
                p(750_000),
                Money::ZERO,
                1,
                1
            ),
            (
                Some("Resources"),
                Expenditure,
                p(400_000),
                pence(40_000_010),
                pence(10),
                1,
                0
            ),
            (
                Some("Resources"),
                Capital,
                p(2_000_000),
                pence(199_999_999),
                pence(-1),
                1,
                0
            ),
            (
                None,
                Expenditure,
                p(1_650_000),
                pence(165_000_040),
                pence(40),
                3,
                0
            ),
            (
                None,
                Income,
                p(300_000),
                pence(29_999_970),
                pence(-30),
                1,
                0
            ),
            (
                None,
                Capital,
                p(2_750_000),
                pence(274_999_999),
                pence(-1),
                2,
                1
            ),
        ]
    );
    // Each council total is the sum of its lines, penny for penny.
    for t in s.totals.iter().filter(|t| t.directorate.is_none()) {
        let mine: Vec<&BudgetResult> = results
            .iter()
            .filter(|r| r.line_type == t.line_type)
            .collect();
        let budget: i64 = mine.iter().map(|r| r.budget.pence()).sum();
        let forecast: i64 = mine
            .iter()
            .map(|r| r.forecast.unwrap_or(r.budget).pence())
            .sum();
        assert_eq!((t.budget.pence(), t.forecast.pence()), (budget, forecast));
        assert_eq!(t.variance.pence(), forecast - budget);
    }
    assert_eq!(
        (s.lines.green, s.lines.amber, s.lines.red, s.lines.missing),
        (5, 0, 0, 1)
    );
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["totals"][5]["forecast"], serde_json::json!(1_650_000.4));
    assert!(v["totals"][5]["directorate"].is_null());
}

#[test]
fn ten_thousand_small_lines_add_up_exactly() {
    // Floats drift over many small amounts; pence do not.
    let lines: Vec<BudgetLine> = (0..10_000)
        .map(|i| line(&format!("L{i}"), "Resources", LineType::Expenditure, 1))
        .collect();
    let rows: Vec<BudgetUpdate> = lines
        .iter()
        .map(|l| row(&l.reference, "Resources", 4).with_forecast("£1.10"))
        .collect();
    let used: BTreeMap<String, &BudgetUpdate> = rows.iter().map(|u| (u.key.clone(), u)).collect();
    let s = finance_summary(&assess_budget(&lines, &used, &[]));
    let council = s.council(LineType::Expenditure).unwrap();
    assert_eq!(
        (council.budget, council.forecast, council.variance),
        (p(10_000), p(11_000), p(1_000))
    );
    let floats: f64 = std::iter::repeat_n(1.10_f64, 10_000).sum();
    assert_ne!(floats, 11_000.0, "the float sum drifts");
}
