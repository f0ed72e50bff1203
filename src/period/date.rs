//! Dates as UK councils type them (action plans, SPEC section 13): day first,
//! always. `30/09/2026`, `30 Sep 2026`, `30 September 2026`, `2026-09-30`, and
//! any period spelling (`Sep-26`, `Q3 2026/27`, `2026/27`), which stands for
//! a day of that period: its last day for a due date, its first for a start.
//!
//! `09/30/2026` is an error (there is no month 30), never read month first.

use super::{Calendar, Period};
use chrono::{Datelike, NaiveDate};

/// Which day of a period a period spelling stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodDay {
    /// The first day: a Start of `Apr-26` is 1 Apr 2026.
    First,
    /// The last day: a Due of `Q3 2026/27` is 31 Dec 2026.
    Last,
}

/// Why a text is not a date, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    /// Looks like a date written month first (`09/30/2026`).
    MonthFirst,
    /// Day, month and year, but no such day (`31/06/2026`).
    NoSuchDay,
    /// Nothing we read as a date or a period.
    Unreadable,
}

impl DateProblem {
    /// Why it was not read, as the end of a sentence ("... is not a date: ...").
    pub fn reason(&self) -> &'static str {
        match self {
            DateProblem::MonthFirst => "dates are read day first, and there is no month above 12 (it looks like a date written month first)",
            DateProblem::NoSuchDay => "there is no such day in that month",
            DateProblem::Unreadable => "it is neither a date nor a period",
        }
    }
}

/// How to write a date, for every message about one.
pub const DATE_HINT: &str =
    "write the date day first, as 30/09/2026 or 30 Sep 2026, or as a period such as Sep-26 or Q2 2026/27";

/// A date in words for people: `23 Nov 2026`.
pub fn date_words(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// A date as JSON and ids write it: `2026-11-23`.
pub fn date_id(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Calendar {
    /// The first day of `period`.
    pub fn first_day(&self, period: Period) -> NaiveDate {
        let first_month = match period {
            Period::Month { .. } => period,
            Period::Quarter { fy, q } => self.end_month(Period::Quarter { fy, q }).months_back(2),
            Period::Year { fy } => self.end_month(Period::Year { fy }).months_back(11),
        };
        match first_month {
            Period::Month { year, month } => ymd(year, month, 1),
            _ => unreachable_day(),
        }
    }

    /// The last day of `period` (`as_at` of a report: 30 Sep 2026 for `2026-09`).
    pub fn last_day(&self, period: Period) -> NaiveDate {
        match self.end_month(period) {
            Period::Month { year, month } => {
                let (y, m) = if month >= 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                ymd(y, m, 1).pred_opt().unwrap_or_else(unreachable_day)
            }
            _ => unreachable_day(),
        }
    }

    /// Reads a date typed as text, day first, or a period spelling as the
    /// day `day` says. Surrounding spaces, NBSP and a trailing time of day
    /// (`2026-09-30 00:00:00`, a date cell read as text) are ignored.
    ///
    /// ```
    /// use ipr::period::{Calendar, PeriodDay};
    /// use chrono::NaiveDate;
    ///
    /// let cal = Calendar::default();
    /// let sep30 = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
    /// assert_eq!(cal.parse_date("30/09/2026", PeriodDay::Last), Ok(sep30));
    /// assert_eq!(cal.parse_date("Sep-26", PeriodDay::Last), Ok(sep30));
    /// assert!(cal.parse_date("09/30/2026", PeriodDay::Last).is_err());
    /// ```
    pub fn parse_date(&self, text: &str, day: PeriodDay) -> Result<NaiveDate, DateProblem> {
        let cleaned = text.replace('\u{a0}', " ");
        let t = strip_time(cleaned.trim());
        if let Some(found) = full_date(t) {
            return found;
        }
        match self.parse(t, None) {
            Some(p) => Ok(match day {
                PeriodDay::First => self.first_day(p),
                PeriodDay::Last => self.last_day(p),
            }),
            None => Err(DateProblem::Unreadable),
        }
    }
}

impl Period {
    /// The month `n` months before this one (months only; others unchanged).
    fn months_back(self, n: u32) -> Period {
        (0..n).fold(self, |p, _| p.previous())
    }
}

/// A valid day; callers pass a month 1-12 and day 1.
fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_else(unreachable_day)
}

/// The earliest date, for arithmetic that cannot fail on valid periods:
/// never reached, and never a panic if it were.
fn unreachable_day() -> NaiveDate {
    NaiveDate::MIN
}

/// A date without the time of day after it (`2026-09-30 00:00:00`,
/// `2026-09-30T14:00`, `30/09/2026 14:00`: a date cell read as text).
fn strip_time(t: &str) -> &str {
    for sep in [' ', 'T', 't'] {
        if let Some((date, time)) = t.rsplit_once(sep) {
            let time = time.trim();
            if time.contains(':')
                && time
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
            {
                return date.trim_end();
            }
        }
    }
    t
}

/// Years a date may have: wide enough for any plan, narrow enough that a
/// stray number is not a year.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// A text with a day, a month and a year: `Some(Ok)` when it is a date,
/// `Some(Err)` when it has their shape but is no date, `None` when it is not
/// shaped as a full date at all (it may be a period).
fn full_date(t: &str) -> Option<Result<NaiveDate, DateProblem>> {
    let parts: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | '-' | '.' | ','))
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    if digits(a) && digits(b) && digits(c) {
        // 2026-09-30, or day first: 30/09/2026, 30/09/26.
        let (y, m, d) = if a.len() == 4 {
            (a, b, c)
        } else if c.len() == 4 || c.len() == 2 {
            (c, b, a)
        } else {
            return Some(Err(DateProblem::Unreadable));
        };
        let (y, m, d) = (year(y)?, m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
        if a.len() != 4 && m > 12 && d <= 12 {
            return Some(Err(DateProblem::MonthFirst));
        }
        return Some(date_of(y, m, d));
    }
    // 30 Sep 2026, 30 September 2026, 30th Sep 26, 30-Sep-2026.
    if digits(c) {
        let day = a.trim_end_matches(|ch: char| ch.is_ascii_alphabetic());
        let suffix = &a[day.len()..].to_ascii_lowercase();
        if digits(day) && matches!(suffix.as_str(), "" | "st" | "nd" | "rd" | "th") {
            let m = month_number(b)?;
            return Some(date_of(year(c)?, m, day.parse().ok()?));
        }
    }
    None
}

/// A day, month and year that must be a real day.
fn date_of(y: i32, m: u32, d: u32) -> Result<NaiveDate, DateProblem> {
    if !YEARS.contains(&y) || !(1..=12).contains(&m) {
        return Err(DateProblem::Unreadable);
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateProblem::NoSuchDay)
}

/// A year of 4 digits, or 2 digits meaning 20xx (`30/09/26`).
fn year(s: &str) -> Option<i32> {
    match s.len() {
        2 => s.parse::<i32>().ok().map(|y| 2000 + y),
        4 => s.parse().ok(),
        _ => None,
    }
}

fn month_number(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if w == "sept" {
        return Some(9);
    }
    let m = names.iter().position(|n| *n == w.get(..3).unwrap_or(""))? as u32 + 1;
    // The name in full or its first three letters, nothing in between or beyond.
    let full = chrono::Month::try_from(m as u8)
        .ok()?
        .name()
        .to_ascii_lowercase();
    (w.len() == 3 || w == full).then_some(m)
}

/// Whole calendar days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The date's month as a [`Period`].
pub fn month_of(d: NaiveDate) -> Period {
    Period::month(d.year(), d.month())
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn last(s: &str) -> Result<NaiveDate, DateProblem> {
        APR.parse_date(s, PeriodDay::Last)
    }

    #[test]
    fn dates_in_every_uk_spelling() {
        let sep30 = d(2026, 9, 30);
        for text in [
            "30/09/2026",
            "30/9/2026",
            "30/09/26",
            "30-09-2026",
            "30.09.2026",
            "30 Sep 2026",
            "30 Sept 2026",
            "30 September 2026",
            "30th September 2026",
            "30-Sep-2026",
            "30-Sep-26",
            "30 SEP 2026",
            "2026-09-30",
            "2026-09-30 00:00:00",
            "2026-09-30T00:00:00",
            "30/09/2026 14:00",
            " \u{a0}30/09/2026 ",
        ] {
            assert_eq!(last(text), Ok(sep30), "{text:?}");
        }
        assert_eq!(last("1/2/2027"), Ok(d(2027, 2, 1)), "day first: 1 February");
        assert_eq!(last("05/06/2026"), Ok(d(2026, 6, 5)));
        assert_eq!(last("29/02/2028"), Ok(d(2028, 2, 29)));
    }

    #[test]
    fn month_first_is_an_error_never_a_swap() {
        assert_eq!(last("09/30/2026"), Err(DateProblem::MonthFirst));
        assert_eq!(last("12/31/2026"), Err(DateProblem::MonthFirst));
        assert_eq!(last("31/06/2026"), Err(DateProblem::NoSuchDay));
        assert_eq!(last("29/02/2027"), Err(DateProblem::NoSuchDay));
        assert_eq!(last("31 Jun 2026"), Err(DateProblem::NoSuchDay));
        assert_eq!(last("2026-13-01"), Err(DateProblem::Unreadable));
        assert_eq!(last("13/13/2026"), Err(DateProblem::Unreadable));
    }

    #[test]
    fn periods_stand_for_their_last_day_or_first() {
        for (text, want) in [
            ("Sep-26", d(2026, 9, 30)),
            ("September 2026", d(2026, 9, 30)),
            ("Sep 2026", d(2026, 9, 30)),
            ("2026-09", d(2026, 9, 30)),
            ("09/2026", d(2026, 9, 30)),
            ("Feb-28", d(2028, 2, 29)),
            ("Feb-27", d(2027, 2, 28)),
            ("Dec-26", d(2026, 12, 31)),
            ("Q3 2026/27", d(2026, 12, 31)),
            ("2026/27 Q4", d(2027, 3, 31)),
            ("Q1 2026-27", d(2026, 6, 30)),
            ("2026/27", d(2027, 3, 31)),
            ("2026-27", d(2027, 3, 31)),
            ("FY2026/27", d(2027, 3, 31)),
            ("2026/2027", d(2027, 3, 31)),
            ("Quarter 3 2026/27", d(2026, 12, 31)),
            ("2026-27 Q3", d(2026, 12, 31)),
            ("Jul 2026", d(2026, 7, 31)),
            ("JUL-2026", d(2026, 7, 31)),
            ("7/2026", d(2026, 7, 31)),
        ] {
            assert_eq!(last(text), Ok(want), "{text:?}");
        }
        let first = |s: &str| APR.parse_date(s, PeriodDay::First);
        assert_eq!(first("Apr-26"), Ok(d(2026, 4, 1)));
        assert_eq!(first("Q3 2026/27"), Ok(d(2026, 10, 1)));
        assert_eq!(first("2026/27"), Ok(d(2026, 4, 1)));
        // A full date is that day, whichever day a period would stand for.
        assert_eq!(first("30/09/2026"), Ok(d(2026, 9, 30)));
        // A January year start: quarters and years are calendar ones.
        assert_eq!(
            JAN.parse_date("Q1 2026", PeriodDay::Last),
            Ok(d(2026, 3, 31))
        );
        assert_eq!(JAN.parse_date("2026", PeriodDay::Last), Ok(d(2026, 12, 31)));
    }

    #[test]
    fn what_is_not_a_date() {
        for text in [
            "",
            "TBC",
            "n/a",
            "next year",
            "30/09",
            "Q5 2026/27",
            "30 Sep",
            "2026",
            "30 Septembre 2026",
            "30 Se 2026",
            "30x Sep 2026",
            "1/1/1800",
            "30/09/20266",
            "Qtr 2",
            "Sep",
        ] {
            assert!(last(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn first_and_last_days_of_periods() {
        assert_eq!(APR.last_day(m(2026, 9)), d(2026, 9, 30));
        assert_eq!(APR.last_day(m(2026, 12)), d(2026, 12, 31));
        assert_eq!(APR.last_day(m(2027, 2)), d(2027, 2, 28));
        assert_eq!(APR.last_day(q(2026, 4)), d(2027, 3, 31));
        assert_eq!(APR.last_day(y(2026)), d(2027, 3, 31));
        assert_eq!(APR.first_day(q(2026, 4)), d(2027, 1, 1));
        assert_eq!(APR.first_day(y(2026)), d(2026, 4, 1));
        assert_eq!(APR.first_day(m(2026, 9)), d(2026, 9, 1));
        assert_eq!(JAN.first_day(y(2026)), d(2026, 1, 1));
    }

    #[test]
    fn words_ids_and_day_counts() {
        assert_eq!(date_words(d(2026, 11, 23)), "23 Nov 2026");
        assert_eq!(date_words(d(2026, 9, 3)), "3 Sep 2026");
        assert_eq!(date_id(d(2026, 9, 3)), "2026-09-03");
        assert_eq!(days_between(d(2026, 9, 1), d(2026, 9, 30)), 29);
        assert_eq!(days_between(d(2026, 9, 30), d(2026, 9, 1)), -29);
        assert_eq!(days_between(d(2026, 2, 28), d(2026, 3, 1)), 1);
        assert_eq!(month_of(d(2026, 9, 30)), m(2026, 9));
    }
}
