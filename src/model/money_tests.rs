//! Money as finance teams write it, read to the penny.

use super::*;

fn pounds(p: i64) -> Money {
    Money::from_pounds(p)
}

#[test]
fn every_spelling_of_the_spec() {
    for (text, pence) in [
        ("£1,200", 120_000),
        ("1,200.50", 120_050),
        ("1.2m", 120_000_000),
        ("£1.2m", 120_000_000),
        ("25k", 2_500_000),
        ("(25,000)", -2_500_000),
        ("1200", 120_000),
        (" £ 1,200 ", 120_000),
        ("£1.2M", 120_000_000),
        ("£1.2 m", 120_000_000),
        ("£1.2mn", 120_000_000),
        ("25K", 2_500_000),
        ("£1.2bn", 120_000_000_000),
        ("1.2 billion", 120_000_000_000),
        ("3 million", 300_000_000),
        ("2 thousand", 200_000),
        ("-£5k", -500_000),
        ("£-5k", -500_000),
        ("(£5k)", -500_000),
        ("£(5,000)", -500_000),
        ("+£5k", 500_000),
        ("\u{2212}£250", -25_000),
        (".5", 50),
        ("12.", 1_200),
        ("0", 0),
        ("-0", 0),
        ("£0.01", 1),
        ("1,234,567.89", 123_456_789),
        ("\u{00A0}42\u{200B}", 4_200),
    ] {
        assert_eq!(Money::parse(text), Ok(Money::from_pence(pence)), "{text:?}");
    }
}

#[test]
fn what_is_not_an_amount_and_why() {
    use MoneyProblem::*;
    for (text, why) in [
        ("", NotAnAmount),
        ("see note", NotAnAmount),
        ("1,2", NotAnAmount),
        ("12,34,567", NotAnAmount),
        ("1.2.3", NotAnAmount),
        ("1 200", NotAnAmount),
        ("£", NotAnAmount),
        ("k", NotAnAmount),
        ("--5", NotAnAmount),
        ("(-5)", NotAnAmount),
        ("££5", NotAnAmount),
        ("5b", NotAnAmount),
        ("1e5", NotAnAmount),
        ("NaN", NotAnAmount),
        ("5,000-", NotAnAmount),
        ("5%", Percentage),
        ("(2.5%)", Percentage),
        ("$1,200", OtherCurrency),
        ("€25k", OtherCurrency),
        ("£1,000bn", TooLarge),
        ("1000000000000", TooLarge),
        ("99999999999999999999999999999999", TooLarge),
    ] {
        assert_eq!(Money::parse(text), Err(why), "{text:?}");
    }
    // The largest amount read is a penny under a trillion pounds.
    assert_eq!(
        Money::parse("999,999,999,999.99"),
        Ok(Money::from_pence(99_999_999_999_999))
    );
}

#[test]
fn fractions_of_a_penny_round_half_away_from_zero() {
    for (text, pence) in [
        ("1,200.505", 120_051),
        ("1,200.504999", 120_050),
        ("-1,200.505", -120_051),
        ("(0.005)", -1),
        ("0.0049", 0),
        ("1.2345678m", 123_456_780),
        ("0.0000001k", 0),
        ("1.000000000000000000000001", 100),
    ] {
        assert_eq!(Money::parse(text), Ok(Money::from_pence(pence)), "{text:?}");
    }
}

#[test]
fn numbers_in_cells_as_they_look() {
    assert_eq!(Money::from_number(1200.0), Ok(pounds(1200)));
    assert_eq!(Money::from_number(-25_000.0), Ok(pounds(-25_000)));
    assert_eq!(Money::from_number(1200.5), Ok(Money::from_pence(120_050)));
    // 1200.505 is stored as a binary fraction just below it; it rounds as it
    // looks, as Excel's ROUND(x, 2) would.
    assert_eq!(Money::from_number(1200.505), Ok(Money::from_pence(120_051)));
    // 0.1 + 0.2 is 0.30000000000000004: 30p.
    assert_eq!(Money::from_number(0.1 + 0.2), Ok(Money::from_pence(30)));
    assert_eq!(Money::from_number(1e-7), Ok(Money::ZERO));
    assert_eq!(Money::from_number(f64::NAN), Err(MoneyProblem::NotAnAmount));
    assert_eq!(
        Money::from_number(f64::INFINITY),
        Err(MoneyProblem::NotAnAmount)
    );
    assert_eq!(Money::from_number(1e12), Err(MoneyProblem::TooLarge));
    assert_eq!(Money::from_number(-1e300), Err(MoneyProblem::TooLarge));
}

#[test]
fn sums_are_exact_where_floats_are_not() {
    // Ten lines of £0.10 are £1.00 exactly; as floats they are not.
    let floats: f64 = std::iter::repeat_n(0.1, 10).sum();
    assert_ne!(floats, 1.0);
    let lines: Money = std::iter::repeat_n(Money::from_number(0.1).unwrap(), 10).sum();
    assert_eq!(lines, pounds(1));
    let a = Money::parse("£1,234,567.89").unwrap();
    let b = Money::parse("(£234,567.90)").unwrap();
    assert_eq!(a + b, Money::from_pence(99_999_999));
    assert_eq!(a - a, Money::ZERO);
    assert_eq!(-b, Money::from_pence(23_456_790));
    assert_eq!(b.abs(), -b);
    assert!(b.is_negative() && !a.is_negative());
}

#[test]
fn written_as_a_council_writes_money() {
    assert_eq!(pounds(1_234_567).words(), "£1,234,567");
    assert_eq!(pounds(-25_000).words(), "-£25,000");
    assert_eq!(Money::from_pence(120_050).words(), "£1,200.50");
    assert_eq!(Money::from_pence(-5).words(), "-£0.05");
    assert_eq!(Money::ZERO.words(), "£0");
    assert_eq!(pounds(999).to_string(), "£999");
    assert_eq!(pounds(1000).words(), "£1,000");
    assert_eq!(Money::from_pence(123_456_750).words_whole(), "£1,234,568");
    assert_eq!(Money::from_pence(-150).whole_pounds(), -2);
    assert_eq!(Money::from_pence(-149).whole_pounds(), -1);
    assert_eq!(Money::from_pence(149).whole_pounds(), 1);
    assert_eq!(Money::from_pence(-2_500_049).words_whole(), "-£25,000");
}

#[test]
fn json_is_pounds_unrounded() {
    assert_eq!(
        serde_json::to_string(&Money::from_pence(120_050)).unwrap(),
        "1200.5"
    );
    assert_eq!(serde_json::to_string(&pounds(-25_000)).unwrap(), "-25000.0");
    assert_eq!(
        serde_json::to_value(Money::from_pence(99_999_999_999_999)).unwrap(),
        serde_json::json!(999_999_999_999.99)
    );
}

#[test]
fn percentages_exactly() {
    assert_eq!(Percent::parse("2%"), Some(Percent::from_millionths(20_000)));
    assert_eq!(
        Percent::parse(" 2.5 % "),
        Some(Percent::from_millionths(25_000))
    );
    assert_eq!(
        Percent::parse("0.0125%"),
        Some(Percent::from_millionths(125))
    );
    assert_eq!(Percent::parse("0%"), Some(Percent::from_millionths(0)));
    for bare in ["2", "0.02", "-2%", "two%", "%", "£2%"] {
        assert_eq!(Percent::parse(bare), None, "{bare:?}");
    }
    // A percent-formatted cell stores the fraction: 0.025 is 2.5%.
    assert_eq!(
        Percent::from_fraction(0.025),
        Some(Percent::from_millionths(25_000))
    );
    assert_eq!(
        Percent::from_fraction(0.02),
        Some(Percent::from_millionths(20_000))
    );
    assert_eq!(Percent::from_fraction(-0.02), None);
    assert_eq!(Percent::from_fraction(f64::NAN), None);
    assert_eq!(Percent::from_millionths(25_000).words(), "2.5%");
    assert_eq!(Percent::from_millionths(20_000).words(), "2%");
    assert_eq!(Percent::from_millionths(125).words(), "0.0125%");
}

#[test]
fn thresholds_are_exact_and_strict() {
    // 2.5% of £1,001 is £25.025: 2,502.5 pence.
    let t = Threshold::of_percent(Percent::from_millionths(25_000), pounds(1001));
    assert!(!t.exceeded_by(Money::from_pence(2_502)));
    assert!(t.exceeded_by(Money::from_pence(2_503)));
    assert_eq!(t.pounds_f64(), 25.025);
    assert_eq!(t.to_money(), Money::from_pence(2_503));
    // Of |budget|: a negative budget has the same tolerance.
    assert_eq!(
        Threshold::of_percent(Percent::from_millionths(20_000), pounds(-50_000)),
        Threshold::of_amount(pounds(1_000))
    );
    // Exactly at the tolerance is within it; a penny more is beyond.
    let amount = Threshold::of_amount(pounds(50_000));
    assert!(!amount.exceeded_by(pounds(50_000)));
    assert!(amount.exceeded_by(pounds(50_000) + Money::from_pence(1)));
    assert!(!amount.twice().exceeded_by(pounds(100_000)));
    assert!(amount.twice().exceeded_by(Money::from_pence(10_000_001)));
    // A favourable (negative) amount is never beyond.
    assert!(!amount.exceeded_by(pounds(-1_000_000)));
    assert_eq!(amount.min(t), t);
    assert_eq!(serde_json::to_string(&amount).unwrap(), "50000.0");
}

#[test]
fn columns_in_thousands_or_millions() {
    assert_eq!(Money::parse_in("1,200", 3), Ok(pounds(1_200_000)));
    assert_eq!(Money::parse_in("(1.5)", 3), Ok(pounds(-1_500)));
    assert_eq!(Money::parse_in("£1,200", 3), Ok(pounds(1_200_000)));
    // A suffix states its own scale.
    assert_eq!(Money::parse_in("£1.2m", 3), Ok(pounds(1_200_000)));
    assert_eq!(Money::parse_in("25k", 6), Ok(pounds(25_000)));
    // Scaled before rounding: 1.2345678 in a £m column is £1,234,567.80.
    assert_eq!(
        Money::parse_in("1.2345678", 6),
        Ok(Money::from_pence(123_456_780))
    );
    assert_eq!(
        Money::from_number_in(1.2345678, 6),
        Ok(Money::from_pence(123_456_780))
    );
    assert_eq!(Money::from_number_in(-25.0, 3), Ok(pounds(-25_000)));
    assert_eq!(Money::from_number_in(1e9, 3), Err(MoneyProblem::TooLarge));
    assert_eq!(Money::parse_in("5%", 3), Err(MoneyProblem::Percentage));
}

#[test]
fn whole_pounds_read_from_a_number_as_from_their_text() {
    for n in [
        0.0,
        -0.0,
        1.0,
        -25_000.0,
        12_400_000.0,
        999_999_999_999.0,
        -999_999_999_999.0,
        1_000_000_000_000.0,
        9_007_199_254_740_991.0,
    ] {
        for power in [0, 3, 6] {
            assert_eq!(
                Money::from_number_in(n, power),
                Money::parse_in(&format!("{n}"), power),
                "{n} in units of 10^{power}"
            );
        }
    }
    assert_eq!(
        Money::from_number(12_400_000.0).map(Money::pence),
        Ok(1_240_000_000)
    );
    assert_eq!(
        Money::from_number_in(-1.0, 6).map(Money::pence),
        Ok(-100_000_000)
    );
    assert_eq!(Money::from_number(1e12), Err(MoneyProblem::TooLarge));
}
