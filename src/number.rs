//! Numbers as ipr writes them (in messages, on the sheets and on the web
//! page) and rounds them ([`round`], as Excel's ROUND does). The ground
//! floor: every stage writes its numbers through here, and it uses no other
//! module.
//!
//! One formatter, in parts that compose: [`up_to`] (trailing zeros dropped),
//! [`fixed`] (a set number of places), [`shortest`] (15 significant digits),
//! and [`grouped`] for thousands separators on any of them.

pub mod round;

/// `v` with at most `places` decimals and trailing zeros dropped: `12.5`,
/// `1800000`, `0.85`; never `-0` (a tiny negative that rounds to nothing is 0).
///
/// ```
/// assert_eq!(ipr::number::up_to(87.50000000000001, 6), "87.5");
/// assert_eq!(ipr::number::up_to(-0.00001, 4), "0");
/// ```
pub fn up_to(v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// `v` as Excel shows a number too large or too small for plain figures,
/// with at most `places` decimals in its mantissa: `1.5E+308`, `-2.5E+20`,
/// `1.2E-05`; `None` for 0 and for magnitudes from 0.0001 to under 1e15,
/// which plain figures show.
///
/// ```
/// assert_eq!(ipr::number::exponent(1e308, 4).as_deref(), Some("1E+308"));
/// assert_eq!(ipr::number::exponent(150.0, 4), None);
/// ```
pub fn exponent(v: f64, places: usize) -> Option<String> {
    if !v.is_finite() || v == 0.0 || (1e-4..1e15).contains(&v.abs()) {
        return None;
    }
    let s = format!("{v:.places$E}");
    let (m, e) = s.split_once('E').unwrap_or((&s, "0"));
    let m = m.trim_end_matches('0').trim_end_matches('.');
    let e: i32 = e.parse().unwrap_or(0);
    Some(format!(
        "{m}E{}{:02}",
        if e < 0 { '-' } else { '+' },
        e.abs()
    ))
}

/// `v` with exactly `places` decimals (`12.40`), rounded as `format!` does:
/// round it first with [`round::round_half_away`] where Excel's rounding matters.
pub fn fixed(v: f64, places: usize) -> String {
    format!("{v:.places$}")
}

/// `v` at the 15 significant digits Excel keeps, in its shortest form:
/// `0.99` for 1.1 − 0.11, `1800000` for 1.8e6.
pub fn shortest(v: f64) -> String {
    format!("{}", round::sig15(v))
}

/// At an indicator's reporting precision: `decimals` places (at most ten)
/// where the register gives them, else up to six with no float noise.
pub fn at_decimals(v: f64, decimals: Option<u32>) -> String {
    match decimals {
        Some(d) => fixed(v, d.min(10) as usize),
        None => up_to(v, 6),
    }
}

/// A number already written (by [`up_to`], [`fixed`] or [`shortest`]) with
/// thousands separated: `1234567.5` -> `1,234,567.5`. A minus zero left by
/// rounding (`-0.00`) loses its sign.
pub fn grouped(plain: &str) -> String {
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut grouped = String::with_capacity(plain.len() + int.len() / 3);
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let zero = grouped.chars().all(|c| c == '0' || c == ',')
        && frac.is_none_or(|f| f.chars().all(|c| c == '0'));
    let sign = if zero { "" } else { sign };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(at_decimals(12.4, Some(1)), "12.4");
        assert_eq!(at_decimals(1_800_000.0, Some(0)), "1800000");
        assert_eq!(at_decimals(87.50000000000001, None), "87.5");
        assert_eq!(up_to(100.0, 4), "100");
        assert_eq!(up_to(0.126, 2), "0.13");
        assert_eq!(up_to(-1200.5, 2), "-1200.5");
        assert_eq!(up_to(7.0, 0), "7");
        assert_eq!(up_to(f64::NAN, 4), "NaN");
        assert_eq!(fixed(12.4, 2), "12.40");
        assert_eq!(shortest(1.1 - 0.11), "0.99");
    }

    #[test]
    fn thousands_are_separated_and_minus_zero_is_zero() {
        assert_eq!(grouped("1234567.5"), "1,234,567.5");
        assert_eq!(grouped("-1200"), "-1,200");
        assert_eq!(grouped("999"), "999");
        assert_eq!(grouped("-0.00"), "0.00");
        assert_eq!(grouped(&up_to(4120.0, 2)), "4,120");
        assert_eq!(grouped(&up_to(-0.001, 2)), "0");
        assert_eq!(grouped(&up_to(1234567.891, 2)), "1,234,567.89");
    }
}
