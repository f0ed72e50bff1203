//! Amounts, tolerances and total rows as cells hold them.

use super::*;

fn text(s: &str) -> Cell {
    Cell {
        value: CellValue::Text(s.into()),
        percent: false,
    }
}

fn number(n: f64) -> Cell {
    Cell {
        value: CellValue::Number(n),
        percent: false,
    }
}

fn percent(n: f64) -> Cell {
    Cell {
        value: CellValue::Number(n),
        percent: true,
    }
}

fn money(c: &Cell) -> Option<Result<Money, MoneyProblem>> {
    money_of_cell(c, &ValueOptions::default(), 0)
}

fn tolerance(c: &Cell) -> Option<Result<Tolerance, String>> {
    tolerance_of_cell(c, &ValueOptions::default())
}

fn pct(whole_percent: i64) -> Option<Percent> {
    Some(Percent::from_millionths(whole_percent * 10_000))
}

#[test]
fn amounts_in_cells() {
    let p = Money::from_pounds;
    assert_eq!(money(&number(1_200.0)), Some(Ok(p(1_200))));
    assert_eq!(money(&number(-25_000.0)), Some(Ok(p(-25_000))));
    assert_eq!(money(&text("£1.2m")), Some(Ok(p(1_200_000))));
    assert_eq!(money(&text("(25,000)")), Some(Ok(p(-25_000))));
    // In a column headed in thousands.
    let k = |c: &Cell| money_of_cell(c, &ValueOptions::default(), 3);
    assert_eq!(k(&number(1_200.0)), Some(Ok(p(1_200_000))));
    assert_eq!(k(&text("£1.2m")), Some(Ok(p(1_200_000))));
    assert_eq!(k(&text("n/a")), None);
    for blank in [
        Cell::default(),
        text(""),
        text("  "),
        text("n/a"),
        text("TBC"),
        text("-"),
    ] {
        assert_eq!(money(&blank), None, "{blank:?}");
    }
    assert_eq!(money(&percent(0.05)), Some(Err(MoneyProblem::Percentage)));
    assert_eq!(money(&text("lots")), Some(Err(MoneyProblem::NotAnAmount)));
    let err = Cell {
        value: CellValue::Error("#REF!".into()),
        percent: false,
    };
    assert_eq!(money(&err), Some(Err(MoneyProblem::ErrorCell)));
    let f = Cell {
        value: CellValue::FormulaNoValue("SUM(C2:C9)".into()),
        percent: false,
    };
    assert_eq!(money(&f), Some(Err(MoneyProblem::FormulaNoValue)));
    let b = Cell {
        value: CellValue::Bool(true),
        percent: false,
    };
    assert_eq!(money(&b), Some(Err(MoneyProblem::WrongKind)));
}

#[test]
fn why_a_cell_is_not_an_amount() {
    let w = |p: MoneyProblem, seen: &str| money_problem_words(&p, seen, "The forecast of CC100");
    let s = w(MoneyProblem::NotAnAmount, " lots ");
    assert!(
        s.starts_with("The forecast of CC100 is 'lots', which is not an amount of money; type the amount in pounds"),
        "{s}"
    );
    assert!(w(MoneyProblem::Percentage, "5%").contains("5%, a percentage, not an amount"));
    assert!(w(MoneyProblem::OtherCurrency, "$5").contains("not in pounds"));
    assert!(w(MoneyProblem::TooLarge, "£5,000bn").contains("a trillion pounds or more"));
    assert!(w(MoneyProblem::ErrorCell, "#REF!").contains("shows #REF!, an Excel error"));
    assert!(w(MoneyProblem::FormulaNoValue, "=A1").contains("never saved"));
    assert!(w(MoneyProblem::WrongKind, "TRUE").contains("TRUE, which is not an amount"));
    // Every message says how to write one.
    assert!(w(MoneyProblem::WrongKind, "TRUE").contains("(25,000) for minus 25,000"));
}

#[test]
fn tolerances_as_percent_pounds_or_both() {
    let ok = |c: Cell| tolerance(&c).unwrap().unwrap();
    let t = ok(text("2%"));
    assert_eq!((t.percent, t.amount), (pct(2), None));
    let t = ok(text("£50,000"));
    assert_eq!(
        (t.percent, t.amount),
        (None, Some(Money::from_pounds(50_000)))
    );
    let t = ok(text("50k"));
    assert_eq!(t.amount, Some(Money::from_pounds(50_000)));
    for both in [
        "2% or £50,000",
        "2% OR £50,000",
        "£50,000 or 2%",
        "2% / £50k",
        "£50k/2%",
    ] {
        let t = ok(text(both));
        assert_eq!(
            (t.percent, t.amount),
            (pct(2), Some(Money::from_pounds(50_000))),
            "{both:?}"
        );
    }
    // A percent-formatted cell holds the fraction: 0.025 is 2.5%.
    let t = ok(percent(0.025));
    assert_eq!(t.percent, Some(Percent::from_millionths(25_000)));
    assert_eq!(t.amount, None);
    assert_eq!(ok(text("0%")).percent, pct(0));
    assert_eq!(tolerance(&Cell::default()), None);
    assert_eq!(tolerance(&text("n/a")), None);
}

#[test]
fn a_bare_or_strange_tolerance_is_refused() {
    let refused = |c: Cell| tolerance(&c).unwrap().unwrap_err();
    for bare in [
        number(2.0),
        number(0.02),
        number(50_000.0),
        text("2"),
        text("0.02"),
        text("50,000"),
    ] {
        let e = refused(bare.clone());
        assert!(
            e.contains("a bare number, which could be a percentage or pounds"),
            "{bare:?}: {e}"
        );
        assert!(e.contains("write 2% or £50,000"), "{e}");
    }
    let e = refused(text("2% or 50000"));
    assert!(e.contains("the tolerance 50000 is a bare number"), "{e}");
    assert!(refused(text("2% or 3%")).contains("two percentages"));
    assert!(refused(text("£5k or £10k")).contains("two amounts"));
    assert!(refused(text("-£5k")).contains("below £0"));
    assert!(refused(percent(-0.02)).contains("below 0%"));
    assert!(refused(text("250%")).contains("250% is more than the whole budget"));
    assert!(refused(text("2% or £5k or 3%")).contains("not one we can read"));
    assert!(refused(text("small")).contains("not one we can read"));
    assert!(refused(text("2% or")).contains("not one we can read"));
    let err = Cell {
        value: CellValue::Error("#N/A".into()),
        percent: false,
    };
    assert!(refused(err).contains("#N/A, an Excel error"));
}

#[test]
fn total_rows() {
    for t in [
        "Total",
        "TOTAL",
        "Subtotal",
        "Sub-total",
        "Sub total",
        "Grand total",
        "Grand Total:",
        "Adults total",
        "Total - Resources",
        "Totals",
    ] {
        assert!(is_total_label(t), "{t:?}");
    }
    for t in [
        "CC100",
        "Totalcare",
        "Subtotals office",
        "",
        "Grand",
        "Sub",
        "Home care",
    ] {
        assert!(!is_total_label(t), "{t:?}");
    }
}
