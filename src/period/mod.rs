//! Periods: calendar months, financial quarters and financial years.
//!
//! Councils work in financial years that start in April (configurable with
//! `year_start_month`). Canonical ids: month `2025-07`, quarter `2025/26-Q2`,
//! year `2025/26`. Everything the tool prints or writes uses these.

use serde::{Deserialize, Serialize};

mod calendar;
mod date;
mod parse;
mod words;

pub use date::{date_id, date_words, days_between, month_of, DateProblem, PeriodDay, DATE_HINT};
pub use words::{month_long_name, period_words};

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

/// The council's financial-year calendar: every calculation on periods that
/// depends on the month the year starts in (ids, financial years, quarter ends,
/// which periods an indicator is due in, and reading a period from text).
///
/// Built once from the config's `year_start_month` and passed by value
/// (it is `Copy`). The default is an April start, as UK councils use.
///
/// ```
/// use ipr::period::{Calendar, Frequency, Period};
///
/// let cal = Calendar::default(); // April start
/// let sep = cal.parse("Sep-25", None).unwrap();
/// assert_eq!(cal.id(sep), "2025-09");
/// assert_eq!(cal.fy(sep), 2025);
/// let q2 = cal.for_frequency(sep, Frequency::Quarterly).unwrap();
/// assert_eq!(cal.id(q2), "2025/26-Q2");
/// assert_eq!(cal.end_month(q2), Period::month(2025, 9));
///
/// let jan = Calendar::new(1); // a January start: years are single years
/// assert_eq!(jan.id(q2), "2025-Q2");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    /// Calendar month (1-12) in which the financial year starts; 4 = April.
    /// Kept as configured; every calculation clamps it to 1-12.
    month: u32,
}

impl Calendar {
    /// A calendar whose financial year starts in `year_start_month` (1-12,
    /// 4 for April), as the config's `year_start_month` gives it. A value out
    /// of range is clamped where it is used, so it can never panic.
    pub const fn new(year_start_month: u32) -> Calendar {
        Calendar {
            month: year_start_month,
        }
    }

    /// The month the financial year starts in, as given to [`Calendar::new`].
    pub fn year_start_month(&self) -> u32 {
        self.month
    }
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar::new(4)
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

/// Shorthand for periods in the tests of every part of this module.
#[cfg(test)]
mod fixtures {
    use super::*;

    pub(super) const APR: Calendar = Calendar::new(4);
    pub(super) const JAN: Calendar = Calendar::new(1);

    pub(super) fn m(year: i32, month: u32) -> Period {
        Period::Month { year, month }
    }
    pub(super) fn q(fy: i32, q: u32) -> Period {
        Period::Quarter { fy, q }
    }
    pub(super) fn y(fy: i32) -> Period {
        Period::Year { fy }
    }
    pub(super) fn parsed(s: &str) -> Option<String> {
        APR.parse(s, None).map(|p| APR.id(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
