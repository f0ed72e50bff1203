//! Periods: calendar months, financial quarters and financial years.
//!
//! Councils work in financial years that start in April (configurable with
//! `year_start_month`). Canonical ids: month `2025-07`, quarter `2025/26-Q2`,
//! year `2025/26`. Everything the tool prints or writes uses these.

use serde::{Deserialize, Serialize};

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
