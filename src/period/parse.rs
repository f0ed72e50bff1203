//! Reading a period however a return spells it.

use super::{Calendar, Period};

impl Calendar {
    /// Reads a canonical id only (as typed for `--period`), ignoring surrounding
    /// spaces and the case of `Q`.
    pub fn parse_id(&self, s: &str) -> Option<Period> {
        let s = clean(s);
        // Reuse the general reader, then insist the text was already canonical,
        // so `--period Jul-25` is refused rather than quietly reinterpreted.
        let p = self.parse(&s, None)?;
        self.id(p).eq_ignore_ascii_case(&s).then_some(p)
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
    pub fn parse(&self, text: &str, fy_hint: Option<i32>) -> Option<Period> {
        let toks = tokenize(&strip_time(&clean(text)))?;
        if toks.is_empty() {
            return None;
        }
        if let Some(p) = parse_quarter(&toks, *self, fy_hint) {
            return Some(p);
        }
        if let Some(p) = parse_month(&toks, *self, fy_hint) {
            return Some(p);
        }
        parse_year(&toks, *self).map(|fy| Period::Year { fy })
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

fn parse_month(toks: &[Tok], cal: Calendar, fy_hint: Option<i32>) -> Option<Period> {
    match toks {
        // Jul, with the financial year supplied by the caller.
        [Tok::Word(m)] => {
            let m = month_name(m)? as i32;
            let fy = fy_hint?;
            let year = if m >= cal.start_month() { fy } else { fy + 1 };
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
fn parse_year(toks: &[Tok], cal: Calendar) -> Option<i32> {
    let (fy_prefix, rest) = match toks.split_first() {
        Some((Tok::Word(w), rest)) if w == "fy" => (true, rest),
        _ => (false, toks),
    };
    if cal.start_month() == 1 {
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
fn parse_quarter(toks: &[Tok], cal: Calendar, fy_hint: Option<i32>) -> Option<Period> {
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
        parse_year(rest, cal).or_else(|| {
            // `Q2 25/26`: a two-digit pair is unambiguous beside a quarter.
            let mut with_prefix = vec![Tok::Word("fy".into())];
            with_prefix.extend_from_slice(rest);
            match rest.first() {
                Some(Tok::Word(_)) => None,
                _ => parse_year(&with_prefix, cal),
            }
        })?
    };
    Some(Period::Quarter { fy, q: q as u32 })
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;

    #[test]
    fn parse_id_canonical_only() {
        assert_eq!(APR.parse_id("2025-07"), Some(m(2025, 7)));
        assert_eq!(APR.parse_id(" 2025/26-Q2 "), Some(q(2025, 2)));
        assert_eq!(APR.parse_id("2025/26-q2"), Some(q(2025, 2)));
        assert_eq!(APR.parse_id("2025/26"), Some(y(2025)));
        assert_eq!(JAN.parse_id("2025-Q2"), Some(q(2025, 2)));
        assert_eq!(JAN.parse_id("2025"), Some(y(2025)));
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
            assert_eq!(APR.parse_id(bad), None, "{bad:?}");
        }
        assert_eq!(JAN.parse_id("2025/26"), None);
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
        assert_eq!(APR.parse("Qtr 2", Some(2025)), Some(q(2025, 2)));
        assert_eq!(APR.parse("Q2", Some(2025)), Some(q(2025, 2)));
        assert_eq!(APR.parse("Qtr 2", None), None);
        assert_eq!(APR.parse("Q2", None), None);
        // January to March fall in the second calendar year of 2025/26.
        assert_eq!(APR.parse("Feb", Some(2025)), Some(m(2026, 2)));
        assert_eq!(APR.parse("Apr", Some(2025)), Some(m(2025, 4)));
        assert_eq!(APR.parse("Jul", None), None);
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
            assert_eq!(APR.parse(text, None), None, "{text:?}");
        }
    }
}
