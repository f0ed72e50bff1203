//! Periods: calendar months, financial quarters and financial years.
//!
//! Councils work in financial years that start in April (configurable with
//! `year_start_month`). Canonical ids: month `2025-07`, quarter `2025/26-Q2`,
//! year `2025/26`. Everything the tool prints or writes uses these.

use serde::{Deserialize, Serialize};

/// English name of a calendar month: 9 -> `September`; `None` outside 1-12.
pub fn month_long_name(month: u32) -> Option<&'static str> {
    u8::try_from(month)
        .ok()
        .and_then(|m| chrono::Month::try_from(m).ok())
        .map(|m| m.name())
}

/// A period in words for people: `September 2026` for a month, else its id.
pub fn period_words(p: Period, id: &str) -> String {
    match p {
        Period::Month { year, month } => match month_long_name(month) {
            Some(m) => format!("{m} {year}"),
            None => id.to_string(),
        },
        _ => id.to_string(),
    }
}

/// How often an indicator is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    /// Every month.
    Monthly,
    /// At quarter ends (June, September, December, March for an April year).
    Quarterly,
    /// At year end (March for an April year).
    Annual,
}

/// Financial-year settings shared by every period calculation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearStart {
    /// Calendar month (1-12) in which the financial year starts; 4 = April.
    pub month: u32,
}

impl Default for YearStart {
    fn default() -> Self {
        YearStart { month: 4 }
    }
}

/// A reporting period.
///
/// Financial years are identified by the calendar year in which they start
/// (`fy: 2025` is 2025/26 for an April start).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Period {
    /// A calendar month.
    Month {
        /// Calendar year.
        year: i32,
        /// Calendar month, 1-12.
        month: u32,
    },
    /// A quarter of a financial year, 1-4.
    Quarter {
        /// Calendar year in which the financial year starts.
        fy: i32,
        /// Quarter number within the financial year, 1-4.
        q: u32,
    },
    /// A whole financial year.
    Year {
        /// Calendar year in which the financial year starts.
        fy: i32,
    },
}

impl Frequency {
    /// Reads a register's Frequency cell: `monthly`/`month`, `quarterly`/`quarter`,
    /// `annual`/`annually`/`yearly`, ignoring case and spaces.
    pub fn parse(s: &str) -> Option<Frequency> {
        let key: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        match key.as_str() {
            "monthly" | "month" => Some(Frequency::Monthly),
            "quarterly" | "quarter" => Some(Frequency::Quarterly),
            "annual" | "annually" | "yearly" => Some(Frequency::Annual),
            _ => None,
        }
    }
}

/// Clamps a configured start month so that bad configuration can never panic.
fn start_month(ys: YearStart) -> i32 {
    ys.month.clamp(1, 12) as i32
}

/// Label of financial year `fy`: `2025/26` (April or any non-January start),
/// `2025` for a January start.
pub fn fy_label(fy: i32, ys: YearStart) -> String {
    if start_month(ys) == 1 {
        format!("{fy}")
    } else {
        format!("{fy}/{:02}", (fy + 1).rem_euclid(100))
    }
}

/// Turns a count of months since January of year 0 back into a `Period::Month`.
fn month_from_index(index: i64) -> Period {
    Period::Month {
        year: index.div_euclid(12) as i32,
        month: (index.rem_euclid(12) + 1) as u32,
    }
}

impl Period {
    /// A calendar month (not validated: callers pass 1-12).
    pub fn month(year: i32, month: u32) -> Period {
        Period::Month { year, month }
    }

    /// `"month"`, `"quarter"` or `"year"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Period::Month { .. } => "month",
            Period::Quarter { .. } => "quarter",
            Period::Year { .. } => "year",
        }
    }

    /// Canonical id: `2025-07`, `2025/26-Q2`, `2025/26` (January start:
    /// `2025-Q2`, `2025`).
    pub fn id(&self, ys: YearStart) -> String {
        match *self {
            Period::Month { year, month } => format!("{year:04}-{month:02}"),
            Period::Quarter { fy, q } => format!("{}-Q{q}", fy_label(fy, ys)),
            Period::Year { fy } => fy_label(fy, ys),
        }
    }

    /// Reads a canonical id only (as typed for `--period`), ignoring surrounding
    /// spaces and the case of `Q`.
    pub fn parse_id(s: &str, ys: YearStart) -> Option<Period> {
        let s = clean(s);
        // Reuse the general reader, then insist the text was already canonical,
        // so `--period Jul-25` is refused rather than quietly reinterpreted.
        let p = Period::parse(&s, ys, None)?;
        p.id(ys).eq_ignore_ascii_case(&s).then_some(p)
    }

    /// Financial year (calendar year in which it starts) containing the period.
    pub fn fy(&self, ys: YearStart) -> i32 {
        match *self {
            Period::Month { year, month } => {
                if (month as i32) >= start_month(ys) {
                    year
                } else {
                    year - 1
                }
            }
            Period::Quarter { fy, .. } | Period::Year { fy } => fy,
        }
    }

    /// Months of the financial year elapsed at the end of the period:
    /// April 1 .. March 12 for an April start; quarter q gives 3q; a year 12.
    pub fn month_of_year(&self, ys: YearStart) -> u32 {
        match *self {
            Period::Month { month, .. } => {
                ((month as i32 - start_month(ys)).rem_euclid(12) + 1) as u32
            }
            Period::Quarter { q, .. } => 3 * q,
            Period::Year { .. } => 12,
        }
    }

    /// Months since January of year 0 at the first month of financial year `fy`.
    fn fy_start_index(fy: i32, ys: YearStart) -> i64 {
        fy as i64 * 12 + (start_month(ys) - 1) as i64
    }

    /// Last calendar month of the period.
    pub fn end_month(&self, ys: YearStart) -> Period {
        match *self {
            Period::Month { .. } => *self,
            Period::Quarter { fy, q } => {
                month_from_index(Self::fy_start_index(fy, ys) + 3 * q as i64 - 1)
            }
            Period::Year { fy } => month_from_index(Self::fy_start_index(fy, ys) + 11),
        }
    }

    /// The period of the same kind just before this one.
    pub fn previous(&self, _ys: YearStart) -> Period {
        match *self {
            Period::Month { year, month } => {
                if month <= 1 {
                    Period::Month {
                        year: year - 1,
                        month: 12,
                    }
                } else {
                    Period::Month {
                        year,
                        month: month - 1,
                    }
                }
            }
            Period::Quarter { fy, q } => {
                if q <= 1 {
                    Period::Quarter { fy: fy - 1, q: 4 }
                } else {
                    Period::Quarter { fy, q: q - 1 }
                }
            }
            Period::Year { fy } => Period::Year { fy: fy - 1 },
        }
    }

    /// The same period one year earlier (for year-on-year comparison).
    pub fn year_earlier(&self) -> Period {
        match *self {
            Period::Month { year, month } => Period::Month {
                year: year - 1,
                month,
            },
            Period::Quarter { fy, q } => Period::Quarter { fy: fy - 1, q },
            Period::Year { fy } => Period::Year { fy: fy - 1 },
        }
    }

    /// The period of an indicator of frequency `freq` that ends in this period's
    /// last month, or `None` if such an indicator is not due then
    /// (e.g. August for a quarterly indicator).
    pub fn for_frequency(&self, freq: Frequency, ys: YearStart) -> Option<Period> {
        let end = self.end_month(ys);
        let fy = end.fy(ys);
        let moy = end.month_of_year(ys);
        match freq {
            Frequency::Monthly => Some(end),
            Frequency::Quarterly => moy
                .is_multiple_of(3)
                .then_some(Period::Quarter { fy, q: moy / 3 }),
            Frequency::Annual => (moy == 12).then_some(Period::Year { fy }),
        }
    }

    /// Whether an indicator of frequency `freq` is due at this period.
    pub fn is_due(&self, freq: Frequency, ys: YearStart) -> bool {
        self.for_frequency(freq, ys).is_some()
    }

    /// The month containing `date` (Excel date cells, file dates).
    pub fn from_date(date: chrono::NaiveDate) -> Period {
        use chrono::Datelike;
        Period::Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// Reads a period as returns spell it (SPEC section 1 and more), ignoring
    /// case and surrounding spaces/NBSP: months (`Jul-25`, `July 2025`,
    /// `2025-07`, `07/2025`, dates such as `01/07/2025` read day first),
    /// quarters (`Q2 2025/26`, `2025-26 Q2`, `Quarter 2 2025/26`) and years
    /// (`2025/26`, `2025-26`, `FY2025/26`, `2025/2026`).
    ///
    /// `fy_hint` completes a quarter or month name given alone (`Qtr 2`, `Jul`);
    /// without it they are `None`. Anything ambiguous or invalid, including a
    /// bare year with a non-January start, is `None`: never a guess.
    /// `2011-12` and the like read as months, as canonical month ids do.
    pub fn parse(text: &str, ys: YearStart, fy_hint: Option<i32>) -> Option<Period> {
        let toks = tokenize(&strip_time(&clean(text)))?;
        if toks.is_empty() {
            return None;
        }
        if let Some(p) = parse_quarter(&toks, ys, fy_hint) {
            return Some(p);
        }
        if let Some(p) = parse_month(&toks, ys, fy_hint) {
            return Some(p);
        }
        parse_year(&toks, ys).map(|fy| Period::Year { fy })
    }
}

/// Trims spaces and NBSP (common in pasted Excel text) and lower-cases.
fn clean(text: &str) -> String {
    text.replace('\u{a0}', " ").trim().to_lowercase()
}

/// Drops a trailing time (`2025-07-01 00:00:00`, `2025-07-01t00:00`) as
/// produced when a date cell is read as text.
fn strip_time(s: &str) -> String {
    if let Some(pos) = s.rfind([' ', 't']) {
        let tail = &s[pos + 1..];
        if tail.contains(':')
            && tail
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
        {
            return s[..pos].trim_end().to_string();
        }
    }
    s.to_string()
}

/// A piece of a period label.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A run of letters.
    Word(String),
    /// A run of digits, kept as text so its length is known (`25` vs `2025`).
    Num(String),
}

/// Splits into letter and digit runs; separators (space - / . , _) only
/// separate. Any other character makes the text unreadable.
fn tokenize(s: &str) -> Option<Vec<Tok>> {
    let mut toks = Vec::new();
    let mut cur = String::new();
    let mut cur_digit = false;
    for c in s.chars() {
        let kind = if c.is_ascii_alphabetic() {
            Some(false)
        } else if c.is_ascii_digit() {
            Some(true)
        } else if matches!(c, ' ' | '-' | '/' | '.' | ',' | '_') || c.is_whitespace() {
            None
        } else {
            return None;
        };
        match kind {
            Some(d) if !cur.is_empty() && d == cur_digit => cur.push(c),
            Some(d) => {
                push_tok(&mut toks, &mut cur, cur_digit);
                cur.push(c);
                cur_digit = d;
            }
            None => push_tok(&mut toks, &mut cur, cur_digit),
        }
    }
    push_tok(&mut toks, &mut cur, cur_digit);
    Some(toks)
}

fn push_tok(toks: &mut Vec<Tok>, cur: &mut String, digit: bool) {
    if cur.is_empty() {
        return;
    }
    let s = std::mem::take(cur);
    toks.push(if digit { Tok::Num(s) } else { Tok::Word(s) });
}

/// A number token of 1 to `max_len` digits (bounded so huge inputs cannot overflow).
fn num(t: &Tok, min_len: usize, max_len: usize) -> Option<i32> {
    match t {
        Tok::Num(s) if (min_len..=max_len).contains(&s.len()) => s.parse().ok(),
        _ => None,
    }
}

fn word(t: &Tok) -> Option<&str> {
    match t {
        Tok::Word(w) => Some(w.as_str()),
        Tok::Num(_) => None,
    }
}

/// A year written with 2 digits (20xx) or 4 digits.
fn year_tok(t: &Tok) -> Option<i32> {
    match t {
        Tok::Num(s) if s.len() == 2 => s.parse::<i32>().ok().map(|y| 2000 + y),
        Tok::Num(s) if s.len() == 4 => s.parse().ok(),
        _ => None,
    }
}

fn month_name(w: &str) -> Option<u32> {
    Some(match w {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    })
}

/// Years accepted in labels: wider than any real return, narrow enough that
/// `0000-01` or a stray serial number is refused.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// A month or date, validated (no 31 June).
fn month_or_date(year: i32, month: i32, day: Option<i32>) -> Option<Period> {
    if !(1..=12).contains(&month) || !PLAUSIBLE_YEARS.contains(&year) {
        return None;
    }
    if let Some(d) = day {
        chrono::NaiveDate::from_ymd_opt(year, month as u32, u32::try_from(d).ok()?)?;
    }
    Some(Period::Month {
        year,
        month: month as u32,
    })
}

fn parse_month(toks: &[Tok], ys: YearStart, fy_hint: Option<i32>) -> Option<Period> {
    match toks {
        // Jul, with the financial year supplied by the caller.
        [Tok::Word(m)] => {
            let m = month_name(m)? as i32;
            let fy = fy_hint?;
            let year = if m >= start_month(ys) { fy } else { fy + 1 };
            month_or_date(year, m, None)
        }
        // Jul-25, July 2025.
        [Tok::Word(m), y] => month_or_date(year_tok(y)?, month_name(m)? as i32, None),
        // 1 Jul 2025, 01-Jul-25.
        [d, Tok::Word(m), y] => {
            month_or_date(year_tok(y)?, month_name(m)? as i32, Some(num(d, 1, 2)?))
        }
        // 2025-07, 07/2025.
        [a, b] => {
            if let Some(y) = num(a, 4, 4) {
                month_or_date(y, num(b, 1, 2)?, None)
            } else {
                month_or_date(num(b, 4, 4)?, num(a, 1, 2)?, None)
            }
        }
        // 2025-07-01, 01/07/2025 (UK: day first).
        [a, b, c] => {
            if let Some(y) = num(a, 4, 4) {
                month_or_date(y, num(b, 1, 2)?, Some(num(c, 1, 2)?))
            } else {
                month_or_date(num(c, 4, 4)?, num(b, 1, 2)?, Some(num(a, 1, 2)?))
            }
        }
        _ => None,
    }
}

/// A financial year: `2025/26`, `2025-26`, `2025/2026`, optionally after `FY`
/// (`FY25/26` too); a January start takes a single year (`2025`, `FY2025`).
fn parse_year(toks: &[Tok], ys: YearStart) -> Option<i32> {
    let (fy_prefix, rest) = match toks.split_first() {
        Some((Tok::Word(w), rest)) if w == "fy" => (true, rest),
        _ => (false, toks),
    };
    if start_month(ys) == 1 {
        return match rest {
            [y] => num(y, 4, 4).filter(|y| PLAUSIBLE_YEARS.contains(y)),
            _ => None,
        };
    }
    match rest {
        [a, b] => {
            // Two-digit pairs (25/26) only after FY or beside a quarter, where
            // they cannot be mistaken for anything else.
            let a_len = match a {
                Tok::Num(s) => s.len(),
                Tok::Word(_) => return None,
            };
            let start = match a_len {
                4 => num(a, 4, 4)?,
                2 if fy_prefix => 2000 + num(a, 2, 2)?,
                _ => return None,
            };
            let ok = match b {
                Tok::Num(s) if s.len() == 2 => num(b, 2, 2)? == (start + 1).rem_euclid(100),
                Tok::Num(s) if s.len() == 4 && a_len == 4 => num(b, 4, 4)? == start + 1,
                _ => false,
            };
            (ok && PLAUSIBLE_YEARS.contains(&start)).then_some(start)
        }
        _ => None,
    }
}

/// A quarter: a `Q2`/`Qtr 2`/`Quarter 2` marker at the start or end, and a
/// financial year for the rest (or `fy_hint` if there is no rest).
fn parse_quarter(toks: &[Tok], ys: YearStart, fy_hint: Option<i32>) -> Option<Period> {
    let is_marker = |t: &Tok| matches!(word(t), Some("q" | "qtr" | "quarter"));
    let (q_tok, rest) = if toks.len() >= 2 && is_marker(&toks[0]) {
        (&toks[1], &toks[2..])
    } else if toks.len() >= 2 && is_marker(&toks[toks.len() - 2]) {
        (&toks[toks.len() - 1], &toks[..toks.len() - 2])
    } else {
        return None;
    };
    let q = num(q_tok, 1, 2)?;
    if !(1..=4).contains(&q) {
        return None;
    }
    let fy = if rest.is_empty() {
        fy_hint?
    } else {
        parse_year(rest, ys).or_else(|| {
            // `Q2 25/26`: a two-digit pair is unambiguous beside a quarter.
            let mut with_prefix = vec![Tok::Word("fy".into())];
            with_prefix.extend_from_slice(rest);
            match rest.first() {
                Some(Tok::Word(_)) => None,
                _ => parse_year(&with_prefix, ys),
            }
        })?
    };
    Some(Period::Quarter { fy, q: q as u32 })
}

#[cfg(test)]
mod tests {
    use super::*;

    const APR: YearStart = YearStart { month: 4 };
    const JAN: YearStart = YearStart { month: 1 };

    fn m(year: i32, month: u32) -> Period {
        Period::Month { year, month }
    }
    fn q(fy: i32, q: u32) -> Period {
        Period::Quarter { fy, q }
    }
    fn y(fy: i32) -> Period {
        Period::Year { fy }
    }
    fn parsed(s: &str) -> Option<String> {
        Period::parse(s, APR, None).map(|p| p.id(APR))
    }

    #[test]
    fn frequency_parse() {
        assert_eq!(Frequency::parse("Monthly"), Some(Frequency::Monthly));
        assert_eq!(Frequency::parse(" month "), Some(Frequency::Monthly));
        assert_eq!(Frequency::parse("QUARTERLY"), Some(Frequency::Quarterly));
        assert_eq!(Frequency::parse("Quar terly"), Some(Frequency::Quarterly));
        assert_eq!(Frequency::parse("quarter"), Some(Frequency::Quarterly));
        assert_eq!(Frequency::parse("Annual"), Some(Frequency::Annual));
        assert_eq!(Frequency::parse("annually"), Some(Frequency::Annual));
        assert_eq!(Frequency::parse("Yearly"), Some(Frequency::Annual));
        assert_eq!(Frequency::parse("weekly"), None);
        assert_eq!(Frequency::parse(""), None);
    }

    #[test]
    fn labels_and_ids() {
        assert_eq!(fy_label(2025, APR), "2025/26");
        assert_eq!(fy_label(1999, APR), "1999/00");
        assert_eq!(fy_label(2009, APR), "2009/10");
        assert_eq!(fy_label(2025, JAN), "2025");
        assert_eq!(m(2025, 7).id(APR), "2025-07");
        assert_eq!(q(2025, 2).id(APR), "2025/26-Q2");
        assert_eq!(y(2025).id(APR), "2025/26");
        assert_eq!(m(2025, 7).id(JAN), "2025-07");
        assert_eq!(q(2025, 2).id(JAN), "2025-Q2");
        assert_eq!(y(2025).id(JAN), "2025");
        assert_eq!(Period::month(2026, 2), m(2026, 2));
        assert_eq!(m(2025, 1).kind(), "month");
        assert_eq!(q(2025, 1).kind(), "quarter");
        assert_eq!(y(2025).kind(), "year");
    }

    #[test]
    fn parse_id_canonical_only() {
        assert_eq!(Period::parse_id("2025-07", APR), Some(m(2025, 7)));
        assert_eq!(Period::parse_id(" 2025/26-Q2 ", APR), Some(q(2025, 2)));
        assert_eq!(Period::parse_id("2025/26-q2", APR), Some(q(2025, 2)));
        assert_eq!(Period::parse_id("2025/26", APR), Some(y(2025)));
        assert_eq!(Period::parse_id("2025-Q2", JAN), Some(q(2025, 2)));
        assert_eq!(Period::parse_id("2025", JAN), Some(y(2025)));
        for bad in [
            "Jul-25",
            "2025-7",
            "2025/07",
            "Q2 2025/26",
            "2025-26",
            "2025",
            "2025-13",
            "",
        ] {
            assert_eq!(Period::parse_id(bad, APR), None, "{bad:?}");
        }
        assert_eq!(Period::parse_id("2025/26", JAN), None);
    }

    #[test]
    fn parse_month_spellings() {
        for (text, want) in [
            ("Jul-25", "2025-07"),
            ("Jul 25", "2025-07"),
            ("July 2025", "2025-07"),
            ("Jul 2025", "2025-07"),
            ("JUL-2025", "2025-07"),
            ("jul25", "2025-07"),
            ("Sept 2025", "2025-09"),
            ("Sep-25", "2025-09"),
            ("\u{a0} Mar-26 \u{a0}", "2026-03"),
            ("2025-07", "2025-07"),
            ("2025/07", "2025-07"),
            ("07/2025", "2025-07"),
            ("7/2025", "2025-07"),
            ("2025-07-01", "2025-07"),
            ("2025-07-31 00:00:00", "2025-07"),
            ("2025-07-01T00:00", "2025-07"),
            ("01/07/2025", "2025-07"),
            ("31/12/2025", "2025-12"),
            ("1 Feb 2026", "2026-02"),
            ("01-Feb-26", "2026-02"),
        ] {
            assert_eq!(parsed(text).as_deref(), Some(want), "{text:?}");
        }
    }

    #[test]
    fn parse_quarter_and_year_spellings() {
        for (text, want) in [
            ("Q2 2025/26", "2025/26-Q2"),
            ("2025/26 Q2", "2025/26-Q2"),
            ("2025-26 Q2", "2025/26-Q2"),
            ("2025/26-Q2", "2025/26-Q2"),
            ("Q2 2025-26", "2025/26-Q2"),
            ("q4 2025/2026", "2025/26-Q4"),
            ("Quarter 2 2025/26", "2025/26-Q2"),
            ("Qtr 1 25/26", "2025/26-Q1"),
            ("2025/26", "2025/26"),
            ("2025-26", "2025/26"),
            ("FY2025/26", "2025/26"),
            ("fy 25/26", "2025/26"),
            ("2025/2026", "2025/26"),
            ("1999/00", "1999/00"),
        ] {
            assert_eq!(parsed(text).as_deref(), Some(want), "{text:?}");
        }
        // A quarter or month name alone needs the financial year from elsewhere.
        assert_eq!(Period::parse("Qtr 2", APR, Some(2025)), Some(q(2025, 2)));
        assert_eq!(Period::parse("Q2", APR, Some(2025)), Some(q(2025, 2)));
        assert_eq!(Period::parse("Qtr 2", APR, None), None);
        assert_eq!(Period::parse("Q2", APR, None), None);
        // January to March fall in the second calendar year of 2025/26.
        assert_eq!(Period::parse("Feb", APR, Some(2025)), Some(m(2026, 2)));
        assert_eq!(Period::parse("Apr", APR, Some(2025)), Some(m(2025, 4)));
        assert_eq!(Period::parse("Jul", APR, None), None);
    }

    #[test]
    fn parse_rejects_invalid_and_ambiguous() {
        for text in [
            "",
            "   ",
            "2025",
            "2025-13",
            "13/2025",
            "00/2025",
            "2025/27",
            "2025-2027",
            "Q5 2025/26",
            "Q0 2025/26",
            "Q2 2025",
            "Q2 2025/27",
            "31/06/2025",
            "Jul",
            "Jul 5",
            "25-Jul",
            "Julember 2025",
            "last month",
            "n/a",
            "TBC",
            "85%",
            "0000-01",
            "25/26",
            "2025/26 Q2 Q3",
            "99999999999999999999-01",
        ] {
            assert_eq!(Period::parse(text, APR, None), None, "{text:?}");
        }
    }

    #[test]
    fn january_start() {
        assert_eq!(Period::parse("Q2 2025", JAN, None), Some(q(2025, 2)));
        assert_eq!(Period::parse("2025-Q3", JAN, None), Some(q(2025, 3)));
        assert_eq!(Period::parse("FY2025", JAN, None), Some(y(2025)));
        assert_eq!(Period::parse("2025", JAN, None), Some(y(2025)));
        assert_eq!(Period::parse("2025/26", JAN, None), None);
        assert_eq!(Period::parse("Jul-25", JAN, None), Some(m(2025, 7)));
        assert_eq!(m(2026, 2).fy(JAN), 2026);
        assert_eq!(m(2025, 1).month_of_year(JAN), 1);
        assert_eq!(m(2025, 12).month_of_year(JAN), 12);
        assert_eq!(m(2025, 7).month_of_year(JAN), 7);
        assert_eq!(q(2025, 2).end_month(JAN), m(2025, 6));
        assert_eq!(y(2025).end_month(JAN), m(2025, 12));
        assert_eq!(
            m(2025, 12).for_frequency(Frequency::Annual, JAN),
            Some(y(2025))
        );
        assert_eq!(
            m(2025, 3).for_frequency(Frequency::Quarterly, JAN),
            Some(q(2025, 1))
        );
        assert_eq!(m(2026, 3).for_frequency(Frequency::Annual, JAN), None);
    }

    #[test]
    fn financial_year_arithmetic_april() {
        // March is the last month of 2025/26, April the first of 2026/27.
        assert_eq!(m(2026, 3).fy(APR), 2025);
        assert_eq!(m(2026, 4).fy(APR), 2026);
        assert_eq!(m(2026, 2).fy(APR), 2025);
        assert_eq!(m(2025, 12).fy(APR), 2025);
        assert_eq!(q(2025, 3).fy(APR), 2025);
        assert_eq!(m(2025, 4).month_of_year(APR), 1);
        assert_eq!(m(2025, 12).month_of_year(APR), 9);
        assert_eq!(m(2026, 1).month_of_year(APR), 10);
        assert_eq!(m(2026, 3).month_of_year(APR), 12);
        assert_eq!(q(2025, 2).month_of_year(APR), 6);
        assert_eq!(y(2025).month_of_year(APR), 12);
        assert_eq!(q(2025, 1).end_month(APR), m(2025, 6));
        assert_eq!(q(2025, 3).end_month(APR), m(2025, 12));
        assert_eq!(q(2025, 4).end_month(APR), m(2026, 3));
        assert_eq!(y(2025).end_month(APR), m(2026, 3));
        assert_eq!(m(2025, 7).end_month(APR), m(2025, 7));
    }

    #[test]
    fn previous_and_year_earlier() {
        assert_eq!(m(2026, 1).previous(APR), m(2025, 12));
        assert_eq!(m(2026, 4).previous(APR), m(2026, 3));
        assert_eq!(q(2025, 1).previous(APR), q(2024, 4));
        assert_eq!(q(2025, 3).previous(APR), q(2025, 2));
        assert_eq!(y(2025).previous(APR), y(2024));
        assert_eq!(m(2026, 2).year_earlier(), m(2025, 2));
        assert_eq!(q(2025, 2).year_earlier(), q(2024, 2));
        assert_eq!(y(2025).year_earlier(), y(2024));
    }

    #[test]
    fn for_frequency_and_due() {
        use Frequency::*;
        assert_eq!(m(2025, 9).for_frequency(Quarterly, APR), Some(q(2025, 2)));
        assert_eq!(m(2025, 8).for_frequency(Quarterly, APR), None);
        assert_eq!(m(2025, 12).for_frequency(Quarterly, APR), Some(q(2025, 3)));
        // Year boundary: March closes Q4 and the year; April closes nothing.
        assert_eq!(m(2026, 3).for_frequency(Quarterly, APR), Some(q(2025, 4)));
        assert_eq!(m(2026, 3).for_frequency(Annual, APR), Some(y(2025)));
        assert_eq!(m(2026, 4).for_frequency(Quarterly, APR), None);
        assert_eq!(m(2026, 4).for_frequency(Annual, APR), None);
        assert_eq!(m(2026, 4).for_frequency(Monthly, APR), Some(m(2026, 4)));
        assert_eq!(m(2025, 12).for_frequency(Annual, APR), None);
        assert_eq!(q(2025, 2).for_frequency(Quarterly, APR), Some(q(2025, 2)));
        assert_eq!(q(2025, 2).for_frequency(Monthly, APR), Some(m(2025, 9)));
        assert_eq!(q(2025, 2).for_frequency(Annual, APR), None);
        assert_eq!(q(2025, 4).for_frequency(Annual, APR), Some(y(2025)));
        assert_eq!(y(2025).for_frequency(Quarterly, APR), Some(q(2025, 4)));
        assert_eq!(y(2025).for_frequency(Monthly, APR), Some(m(2026, 3)));
        assert!(m(2025, 6).is_due(Quarterly, APR));
        assert!(!m(2025, 7).is_due(Quarterly, APR));
        assert!(!m(2025, 6).is_due(Annual, APR));
        assert!(m(2025, 7).is_due(Monthly, APR));
    }

    #[test]
    fn from_date_and_bad_settings() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(Period::from_date(d), m(2026, 11));
        // An out-of-range start month is clamped, never a panic.
        let odd = YearStart { month: 0 };
        assert_eq!(m(2025, 1).fy(odd), 2025);
        assert_eq!(q(2025, 0).previous(APR), q(2024, 4));
        let _ = q(2025, 0).end_month(odd);
        // Ordering within a kind is chronological.
        assert!(m(2025, 12) < m(2026, 1));
        assert!(q(2024, 4) < q(2025, 1));
    }
}

#[cfg(test)]
mod words_tests {
    use super::*;

    #[test]
    fn periods_in_words() {
        assert_eq!(month_long_name(9), Some("September"));
        assert_eq!(month_long_name(0), None);
        assert_eq!(month_long_name(13), None);
        assert_eq!(
            period_words(Period::month(2026, 9), "2026-09"),
            "September 2026"
        );
        assert_eq!(
            period_words(Period::Quarter { fy: 2026, q: 2 }, "2026/27-Q2"),
            "2026/27-Q2"
        );
    }
}
