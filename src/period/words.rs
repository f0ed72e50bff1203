//! Periods and months in words, for people.

use super::Period;

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
#[cfg(test)]
mod tests {
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
