//! Money as finance teams write it (SPEC section 16), held exactly.
//!
//! An amount is a whole number of pence ([`Money`]), so budgets, forecasts
//! and their totals add up to the penny: no float is ever summed. Text and
//! numbers are read through one exact decimal routine, and a fraction of a
//! penny is rounded half away from zero (as Excel's ROUND does) when read.
//! A tolerance in percent is held exactly too ([`Percent`], in millionths),
//! and a tolerance worked out in pounds keeps its fraction of a penny
//! ([`Threshold`]), so that "exactly at tolerance" is exact.

use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::{Add, Neg, Sub};

/// The largest amount read, in pence (a trillion pounds, less a penny): far
/// above any council's budget, and low enough that no total can overflow.
const MAX_PENCE: i128 = 100_000_000_000_000 - 1;

/// An amount of money, in pence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

/// Why a cell or a piece of text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyProblem {
    /// Words, or a number written in a way that is no amount (`1,2`, `1.2.3`).
    NotAnAmount,
    /// A percentage (`5%`): a share, not an amount.
    Percentage,
    /// An amount in another currency (`$`, `€`).
    OtherCurrency,
    /// A trillion pounds or more: a slip of the keyboard.
    TooLarge,
    /// TRUE/FALSE or a date where an amount belongs.
    WrongKind,
    /// An Excel error value such as `#REF!`.
    ErrorCell,
    /// A formula whose result was never saved.
    FormulaNoValue,
}

impl Money {
    /// Nothing.
    pub const ZERO: Money = Money(0);

    /// An amount of `pence`.
    pub const fn from_pence(pence: i64) -> Money {
        Money(pence)
    }

    /// An amount of whole `pounds`.
    pub const fn from_pounds(pounds: i64) -> Money {
        Money(pounds * 100)
    }

    /// The amount in pence.
    pub const fn pence(self) -> i64 {
        self.0
    }

    /// The amount without its sign.
    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// True below zero.
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The amount in pounds, for JSON: exact for every amount ipr reads
    /// (pence below 2^53 divide by 100 to the nearest double of the decimal).
    pub fn pounds_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Whole pounds, rounded half away from zero, for display.
    pub fn whole_pounds(self) -> i64 {
        let (q, r) = (self.0 / 100, self.0 % 100);
        if r >= 50 {
            q + 1
        } else if r <= -50 {
            q - 1
        } else {
            q
        }
    }

    /// Reads an amount typed as text: `£1,200`, `1,200.50`, `1.2m`, `£1.2m`,
    /// `25k`, `£1.2bn`, `-£5k`, and accountants' brackets, `(25,000)` for
    /// −25,000. Case and spaces around the sign, the `£` and the suffix are
    /// ignored. A fraction of a penny is rounded half away from zero.
    ///
    /// ```
    /// use ipr::model::money::{Money, MoneyProblem};
    /// assert_eq!(Money::parse("£1.2m"), Ok(Money::from_pounds(1_200_000)));
    /// assert_eq!(Money::parse("(25,000)"), Ok(Money::from_pounds(-25_000)));
    /// assert_eq!(Money::parse("5%"), Err(MoneyProblem::Percentage));
    /// ```
    pub fn parse(text: &str) -> Result<Money, MoneyProblem> {
        Money::parse_in(text, 0)
    }

    /// Reads text in a column whose figures are in units of 10^`power`
    /// pounds (3 for a column headed `£000`, 6 for `£m`). Text with a suffix
    /// (`£1.2m`, `25k`) states its own scale and means what it says.
    pub fn parse_in(text: &str, power: u32) -> Result<Money, MoneyProblem> {
        let t = clean(text);
        if t.is_empty() {
            return Err(MoneyProblem::NotAnAmount);
        }
        if t.contains('%') {
            return Err(MoneyProblem::Percentage);
        }
        if t.contains(['$', '€', '¥']) {
            return Err(MoneyProblem::OtherCurrency);
        }
        let (negative, body) = sign(&t).ok_or(MoneyProblem::NotAnAmount)?;
        let (number, own) = suffix(body);
        let power = if own > 0 { own } else { power };
        let d = Decimal::parse(number).ok_or(MoneyProblem::NotAnAmount)?;
        let pence = d.scaled(power + 2).ok_or(MoneyProblem::TooLarge)?;
        Money::bounded(if negative { -pence } else { pence })
    }

    /// An amount typed as a number into a cell (a currency format changes
    /// nothing: the cell holds pounds). Read through the number's shortest
    /// decimal spelling, so 1200.505 is £1,200.51 as it looks, not as the
    /// binary fraction below it would round.
    pub fn from_number(n: f64) -> Result<Money, MoneyProblem> {
        Money::from_number_in(n, 0)
    }

    /// A number in a column whose figures are in units of 10^`power` pounds
    /// (1.2345 in a `£m` column is £1,234,500), scaled before it is rounded
    /// to the penny.
    pub fn from_number_in(n: f64, power: u32) -> Result<Money, MoneyProblem> {
        if !n.is_finite() {
            return Err(MoneyProblem::NotAnAmount);
        }
        // Whole pounds, the usual figure, are exact as they are: no decimal
        // text to write and read back (a budget return has thousands).
        if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 && power <= 20 {
            let pence = (n.abs() as i128) * 10_i128.pow(power + 2);
            return Money::bounded(if n < 0.0 { -pence } else { pence });
        }
        // Rust writes every f64 in plain decimal, never with an exponent.
        let text = format!("{}", n.abs());
        let d = Decimal::parse(&text).ok_or(MoneyProblem::TooLarge)?;
        let pence = d.scaled(power + 2).ok_or(MoneyProblem::TooLarge)?;
        Money::bounded(if n < 0.0 { -pence } else { pence })
    }

    fn bounded(pence: i128) -> Result<Money, MoneyProblem> {
        if pence.abs() > MAX_PENCE {
            return Err(MoneyProblem::TooLarge);
        }
        Ok(Money(pence as i64))
    }

    /// As a council writes it: `£1,234,567`, `£1,200.50`, `-£25,000`. Pence
    /// are shown only when there are some.
    pub fn words(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let p = self.0.unsigned_abs();
        let pounds = grouped(p / 100);
        match p % 100 {
            0 => format!("{sign}£{pounds}"),
            pence => format!("{sign}£{pounds}.{pence:02}"),
        }
    }

    /// To the nearest pound, as the Finance sheet shows it: `£1,234,568`.
    pub fn words_whole(self) -> String {
        Money::from_pounds(self.whole_pounds()).words()
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, other: Money) -> Money {
        Money(self.0 - other.0)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words())
    }
}

/// Written to JSON as pounds (`1200.5`), unrounded.
impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.pounds_f64())
    }
}

/// A percentage held exactly, in millionths of the whole: 2% is 20,000,
/// 2.5% is 25,000. Finer than a ten-thousandth of a percent is rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(i64);

impl Percent {
    /// `millionths` of the whole (20,000 is 2%).
    pub const fn from_millionths(millionths: i64) -> Percent {
        Percent(millionths)
    }

    /// Millionths of the whole.
    pub const fn millionths(self) -> i64 {
        self.0
    }

    /// A percentage typed as text, `2%` or `2.5 %` (the `%` is required: a
    /// bare number is ambiguous). `None` when it is not one.
    pub fn parse(text: &str) -> Option<Percent> {
        let t = clean(text);
        let number = t.strip_suffix('%')?.trim();
        Percent::of_decimal(Decimal::parse(number)?, 4)
    }

    /// The fraction a percent-formatted cell stores (0.025 shown as 2.5%).
    pub fn from_fraction(n: f64) -> Option<Percent> {
        if !n.is_finite() || n < 0.0 {
            return None;
        }
        Percent::of_decimal(Decimal::parse(&format!("{n}"))?, 6)
    }

    fn of_decimal(d: Decimal, power: u32) -> Option<Percent> {
        let m = d.scaled(power)?;
        (m <= i128::from(i32::MAX)).then_some(Percent(m as i64))
    }

    /// `2%`, `2.5%`.
    pub fn words(self) -> String {
        let whole = self.0 / 10_000;
        let frac = self.0 % 10_000;
        if frac == 0 {
            format!("{whole}%")
        } else {
            let digits = format!("{frac:04}");
            format!("{whole}.{}%", digits.trim_end_matches('0'))
        }
    }
}

/// A tolerance worked out in pounds for one line, exactly: in millionths of
/// a penny, so that 2.5% of £1,001 (£25.025) is neither £25.02 nor £25.03.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Threshold(i128);

impl Threshold {
    /// Exactly `amount`.
    pub fn of_amount(amount: Money) -> Threshold {
        Threshold(i128::from(amount.pence()) * 1_000_000)
    }

    /// `percent` of the size of `budget` (of |budget|: a negative budget has
    /// a tolerance as a positive one does).
    pub fn of_percent(percent: Percent, budget: Money) -> Threshold {
        Threshold(i128::from(budget.pence().abs()) * i128::from(percent.millionths()))
    }

    /// The smaller of the two.
    pub fn min(self, other: Threshold) -> Threshold {
        Threshold(self.0.min(other.0))
    }

    /// Twice the tolerance: the edge of amber.
    pub fn twice(self) -> Threshold {
        Threshold(self.0 * 2)
    }

    /// True when `amount` is strictly beyond the tolerance ("beyond" is
    /// strictly greater: an amount equal to it is within).
    pub fn exceeded_by(self, amount: Money) -> bool {
        i128::from(amount.pence()) * 1_000_000 > self.0
    }

    /// In pounds, for JSON: unrounded.
    pub fn pounds_f64(self) -> f64 {
        self.0 as f64 / 100_000_000.0
    }

    /// To the nearest penny, half away from zero, for display.
    pub fn to_money(self) -> Money {
        let (q, r) = (self.0 / 1_000_000, self.0 % 1_000_000);
        let q = if r >= 500_000 { q + 1 } else { q };
        Money::from_pence(q as i64)
    }
}

/// Written to JSON as pounds, unrounded.
impl Serialize for Threshold {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.pounds_f64())
    }
}

/// A plain decimal number: its digits and how many of them follow the point.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Decimal {
    digits: i128,
    decimals: u32,
}

impl Decimal {
    /// `1234`, `1,234.5`, `.5`, `12.`: digits with at most one point, and
    /// commas only between groups of three digits before it.
    fn parse(text: &str) -> Option<Decimal> {
        let (int, frac) = match text.split_once('.') {
            Some((i, f)) => (i, f),
            None => (text, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let int = ungroup(int)?;
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let int = int.trim_start_matches('0');
        // Beyond 18 decimals nothing can change a penny's rounding, and
        // beyond 20 whole digits the amount is far too large anyway.
        let frac = &frac[..frac.len().min(18)];
        if int.len() > 20 {
            return Some(Decimal {
                digits: 10i128.pow(20),
                decimals: 0,
            });
        }
        let all = format!("{int}{frac}");
        let digits = if all.is_empty() { 0 } else { all.parse().ok()? };
        Some(Decimal {
            digits,
            decimals: frac.len() as u32,
        })
    }

    /// The number times 10^`power`, rounded half away from zero to a whole
    /// number. `None` when it would not fit.
    fn scaled(self, power: u32) -> Option<i128> {
        if power >= self.decimals {
            let factor = 10i128.checked_pow(power - self.decimals)?;
            self.digits.checked_mul(factor)
        } else {
            let div = 10i128.pow(self.decimals - power);
            let (q, r) = (self.digits / div, self.digits % div);
            Some(if r * 2 >= div { q + 1 } else { q })
        }
    }
}

/// The text without spaces (and the invisible characters that paste brings)
/// around the sign, the `£` and the suffix, and with the typographic minus
/// made plain. A space between two digits (`1 200`) is kept as `#`, so that
/// it is refused rather than read as one number.
fn clean(text: &str) -> String {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{2060}'
            )
        })
        .map(|c| match c {
            '\u{2212}' | '\u{2013}' => '-',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(chars.len());
    for (i, c) in chars.iter().enumerate() {
        if !c.is_whitespace() {
            out.push(*c);
            continue;
        }
        let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
        let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
        if before.is_some_and(char::is_ascii_digit) && after.is_some_and(char::is_ascii_digit) {
            out.push('#');
        }
    }
    out
}

/// Sign and the `£`, in any of the orders people type them: `-£5`, `£-5`,
/// `(£5)`, `£(5)`, `+£5`. Returns whether it is negative, and the rest.
fn sign(t: &str) -> Option<(bool, &str)> {
    let mut s = t;
    let mut negative = false;
    let mut signs = 0;
    let mut pounds = 0;
    loop {
        if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            negative = !negative;
            signs += 1;
            s = inner;
        } else if let Some(rest) = s.strip_prefix('-') {
            negative = !negative;
            signs += 1;
            s = rest;
        } else if let Some(rest) = s.strip_prefix('+') {
            signs += 1;
            s = rest;
        } else if let Some(rest) = s.strip_prefix('£') {
            pounds += 1;
            s = rest;
        } else {
            break;
        }
    }
    // `--5` or `(-5)` says two things at once; `££5` is a slip.
    (signs <= 1 && pounds <= 1 && !s.is_empty()).then_some((negative, s))
}

/// The number and the power of ten of its suffix: `k` (thousand), `m` or
/// `mn` (million), `bn` (billion), or the words.
fn suffix(t: &str) -> (&str, u32) {
    let lower = t.to_ascii_lowercase();
    for (end, power) in [
        ("thousand", 3),
        ("million", 6),
        ("billion", 9),
        ("bn", 9),
        ("mn", 6),
        ("k", 3),
        ("m", 6),
    ] {
        if lower.ends_with(end) && lower.len() > end.len() {
            return (&t[..t.len() - end.len()], power);
        }
    }
    (t, 0)
}

/// Digits with commas only between groups of three: `1,234,567` -> `1234567`.
fn ungroup(int: &str) -> Option<String> {
    if !int.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    if !int.contains(',') {
        return Some(int.to_string());
    }
    let groups: Vec<&str> = int.split(',').collect();
    let ok =
        !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
    ok.then(|| groups.concat())
}

/// `1234567` -> `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
#[path = "money_tests.rs"]
mod tests;
