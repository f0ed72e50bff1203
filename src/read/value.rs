//! A cell -> a number, "no value", or the reason it is neither.
//!
//! Returns are typed by people: `1,234`, ` 85 `, `85%`, `£1,200`, `n/a`, `TBC`.
//! Numbers and numeric text are read; the configured "no value" words are no
//! value; error cells and formulas without a saved result are problems, never zeros.

use super::{Cell, CellValue};

/// Texts that mean "no value" unless the council configures otherwise.
pub const DEFAULT_NO_VALUE: &[&str] = &["", "n/a", "na", "tbc", "-", "--", "..", "nil return"];

/// How to read values.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueOptions {
    /// Texts (compared trimmed, case-insensitively) and numbers (e.g. a sentinel `-1`) meaning "no value".
    pub no_value: Vec<String>,
}

impl Default for ValueOptions {
    fn default() -> Self {
        ValueOptions {
            no_value: DEFAULT_NO_VALUE.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// Why a cell holds no usable number.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// Text that is not a number (`see comment`), or TRUE/FALSE, or a date.
    NotANumber,
    /// An Excel error value such as `#DIV/0!`.
    ErrorCell(String),
    /// A formula whose result was never saved.
    FormulaNoValue(String),
}

/// The outcome of reading one cell as a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// A number. `percent_marked` is true when the cell said `%` (a percent number format or a `%` in the text),
    /// in which case the number is already in percentage points (0.85 in a `0%` cell -> 85).
    Number {
        /// The value.
        value: f64,
        /// The cell marked it as a percentage.
        percent_marked: bool,
    },
    /// Blank or a "no value" word.
    NoValue,
    /// Not a usable number.
    Invalid(Problem),
}

impl Parsed {
    /// The number, if any.
    pub fn number(&self) -> Option<f64> {
        match self {
            Parsed::Number { value, .. } => Some(*value),
            _ => None,
        }
    }
}

impl ValueOptions {
    fn is_no_value_text(&self, t: &str) -> bool {
        let t = t.trim();
        self.no_value
            .iter()
            .any(|w| w.trim().eq_ignore_ascii_case(t))
    }

    fn is_no_value_number(&self, n: f64) -> bool {
        // Called for every number read: words with no digit (n/a, TBC) are
        // passed over without parsing them.
        self.no_value
            .iter()
            .filter(|w| w.bytes().any(|b| b.is_ascii_digit()))
            .filter_map(|w| parse_numeric_text(w).map(|(v, _)| v))
            .any(|v| v == n)
    }

    /// Read a cell as a number.
    pub fn parse(&self, cell: &Cell) -> Parsed {
        match &cell.value {
            CellValue::Empty => Parsed::NoValue,
            CellValue::Number(n) => {
                if self.is_no_value_number(*n) {
                    return Parsed::NoValue;
                }
                if cell.percent {
                    Parsed::Number {
                        value: n * 100.0,
                        percent_marked: true,
                    }
                } else {
                    Parsed::Number {
                        value: *n,
                        percent_marked: false,
                    }
                }
            }
            CellValue::Text(t) => {
                if self.is_no_value_text(t) {
                    return Parsed::NoValue;
                }
                match parse_numeric_text(t) {
                    Some((v, pct)) if self.is_no_value_number(v) && !pct => Parsed::NoValue,
                    Some((value, percent_marked)) => Parsed::Number {
                        value,
                        percent_marked,
                    },
                    None => Parsed::Invalid(Problem::NotANumber),
                }
            }
            CellValue::Bool(_) | CellValue::Date(_) => Parsed::Invalid(Problem::NotANumber),
            CellValue::Error(e) => Parsed::Invalid(Problem::ErrorCell(e.clone())),
            CellValue::FormulaNoValue(f) => Parsed::Invalid(Problem::FormulaNoValue(f.clone())),
        }
    }
}

/// Read numeric text: `1,234`, ` 85 `, `85%`, `£1,200`, `-3.5`, `(1,200)` (accounting negative),
/// `1.5E+06` (as Excel and other systems write large numbers in CSV).
/// Returns the number and whether it carried a `%` sign.
pub fn parse_numeric_text(text: &str) -> Option<(f64, bool)> {
    let mut t: String = text
        .chars()
        .filter(|c| !crate::text::is_invisible(*c))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    t = t.trim().to_string();
    if t.is_empty() {
        return None;
    }
    let mut negative = false;
    if t.starts_with('(') && t.ends_with(')') {
        negative = true;
        t = t[1..t.len() - 1].trim().to_string();
    }
    let mut percent = false;
    if let Some(rest) = t.strip_suffix('%') {
        percent = true;
        t = rest.trim().to_string();
    }
    if let Some(rest) = t.strip_prefix('-') {
        negative = !negative;
        t = rest.trim().to_string();
    }
    if let Some(rest) = t.strip_prefix('£') {
        t = rest.trim().to_string();
    }
    if let Some(rest) = t.strip_prefix('-') {
        negative = !negative;
        t = rest.trim().to_string();
    }
    if t.is_empty() {
        return None;
    }
    // Scientific notation: digits, at most one point, then E, a sign and digits.
    if let Some(at) = t.find(['e', 'E']) {
        let v = scientific(&t[..at], &t[at + 1..])?;
        return Some((if negative { -v } else { v }, percent));
    }
    // Thousands separators must sit between groups of three digits: "1,234" yes, "1,2" no.
    if t.contains(',') {
        let (int_part, frac) = match t.split_once('.') {
            Some((i, f)) => (i.to_string(), Some(f.to_string())),
            None => (t.clone(), None),
        };
        let groups: Vec<&str> = int_part.split(',').collect();
        let ok = !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return None;
        }
        t = groups.concat();
        if let Some(f) = frac {
            t.push('.');
            t.push_str(&f);
        }
    }
    if !t.chars().all(|c| c.is_ascii_digit() || c == '.') || t.matches('.').count() > 1 {
        return None;
    }
    let v: f64 = t.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    Some((if negative { -v } else { v }, percent))
}

/// `mantissa` E `exponent` (`1.5`, `+06`) as a finite number, or `None`.
fn scientific(mantissa: &str, exponent: &str) -> Option<f64> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let m_ok = match mantissa.split_once('.') {
        Some((i, f)) => {
            (digits(i) || i.is_empty())
                && (digits(f) || f.is_empty())
                && !(i.is_empty() && f.is_empty())
        }
        None => digits(mantissa),
    };
    let e = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    if !m_ok || !digits(e) {
        return None;
    }
    let v: f64 = format!("{mantissa}e{exponent}").parse().ok()?;
    v.is_finite().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Cell {
        Cell {
            value: CellValue::Text(t.into()),
            percent: false,
        }
    }

    #[test]
    fn numeric_text() {
        assert_eq!(parse_numeric_text("1,234"), Some((1234.0, false)));
        assert_eq!(parse_numeric_text(" 85 "), Some((85.0, false)));
        assert_eq!(parse_numeric_text("85%"), Some((85.0, true)));
        assert_eq!(parse_numeric_text("£1,200"), Some((1200.0, false)));
        assert_eq!(parse_numeric_text("-£1,200.50"), Some((-1200.5, false)));
        assert_eq!(parse_numeric_text("£-3"), Some((-3.0, false)));
        assert_eq!(parse_numeric_text("(1,200)"), Some((-1200.0, false)));
        assert_eq!(
            parse_numeric_text("\u{00A0}42\u{200B}"),
            Some((42.0, false))
        );
        assert_eq!(parse_numeric_text("1,2"), None);
        assert_eq!(parse_numeric_text("12,34,567"), None);
        assert_eq!(parse_numeric_text("see comment"), None);
        assert_eq!(parse_numeric_text("1.2.3"), None);
        assert_eq!(parse_numeric_text("inf"), None);
        assert_eq!(parse_numeric_text("NaN"), None);
        // As Excel and other systems write large numbers in CSV.
        assert_eq!(parse_numeric_text("1.5E+06"), Some((1_500_000.0, false)));
        assert_eq!(parse_numeric_text("1e5"), Some((100_000.0, false)));
        assert_eq!(parse_numeric_text("-2.5E-03"), Some((-0.0025, false)));
        assert_eq!(parse_numeric_text("£1.2E3"), Some((1200.0, false)));
        for bad in [
            "1e999", "E5", "1E", "1E+", "1,500E3", "1.5E+0.6", "e", "1E5E5", ".E5",
        ] {
            assert_eq!(parse_numeric_text(bad), None, "{bad}");
        }
    }

    #[test]
    fn cells() {
        let o = ValueOptions::default();
        assert_eq!(o.parse(&text("n/a")), Parsed::NoValue);
        assert_eq!(o.parse(&text("TBC")), Parsed::NoValue);
        assert_eq!(o.parse(&text(" - ")), Parsed::NoValue);
        assert_eq!(o.parse(&text("..")), Parsed::NoValue);
        assert_eq!(o.parse(&Cell::default()), Parsed::NoValue);
        assert_eq!(
            o.parse(&text("see comment")),
            Parsed::Invalid(Problem::NotANumber)
        );
        let pct = Cell {
            value: CellValue::Number(0.85),
            percent: true,
        };
        match o.parse(&pct) {
            Parsed::Number {
                value,
                percent_marked,
            } => {
                assert!((value - 85.0).abs() < 1e-9);
                assert!(percent_marked);
            }
            other => panic!("expected a number, got {other:?}"),
        }
        let err = Cell {
            value: CellValue::Error("#DIV/0!".into()),
            percent: false,
        };
        assert_eq!(
            o.parse(&err),
            Parsed::Invalid(Problem::ErrorCell("#DIV/0!".into()))
        );
        let f = Cell {
            value: CellValue::FormulaNoValue("SUM(A1:A3)".into()),
            percent: false,
        };
        assert!(matches!(
            o.parse(&f),
            Parsed::Invalid(Problem::FormulaNoValue(_))
        ));
    }

    #[test]
    fn configured_sentinel() {
        let o = ValueOptions {
            no_value: vec!["-1".into(), "n/a".into()],
        };
        let minus_one = Cell {
            value: CellValue::Number(-1.0),
            percent: false,
        };
        assert_eq!(o.parse(&minus_one), Parsed::NoValue);
        assert_eq!(o.parse(&text("-1")), Parsed::NoValue);
        assert_eq!(o.parse(&text("-2")).number(), Some(-2.0));
        // "TBC" is no longer in the list, so it is text that is not a number.
        assert_eq!(o.parse(&text("TBC")), Parsed::Invalid(Problem::NotANumber));
    }
}
