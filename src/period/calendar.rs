//! The financial-year calendar: ids, financial years, quarters, the period
//! before and a year earlier, and which periods an indicator is due in.

use super::{Calendar, Frequency, Period};

/// Turns a count of months since January of year 0 back into a `Period::Month`.
fn month_from_index(index: i64) -> Period {
    Period::Month {
        year: index.div_euclid(12) as i32,
        month: (index.rem_euclid(12) + 1) as u32,
    }
}

impl Calendar {
    /// The start month clamped to 1-12, so that bad configuration can never panic.
    pub(super) fn start_month(&self) -> i32 {
        self.month.clamp(1, 12) as i32
    }

    /// Label of financial year `fy`: `2025/26` (April or any non-January start),
    /// `2025` for a January start.
    pub fn fy_label(&self, fy: i32) -> String {
        if self.start_month() == 1 {
            format!("{fy}")
        } else {
            format!("{fy}/{:02}", (fy + 1).rem_euclid(100))
        }
    }

    /// Canonical id of `period`: `2025-07`, `2025/26-Q2`, `2025/26` (January
    /// start: `2025-Q2`, `2025`).
    pub fn id(&self, period: Period) -> String {
        match period {
            // Every value of a council-year names its month, and `format!` was a
            // tenth of the assessment: the usual four-digit year is written digit by digit.
            Period::Month { year, month } if (0..=9999).contains(&year) && month < 100 => {
                let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
                let y = year as u32;
                [y / 1000, y / 100, y / 10, y, 0, month / 10, month]
                    .iter()
                    .enumerate()
                    .map(|(i, &n)| if i == 4 { '-' } else { digit(n) })
                    .collect()
            }
            Period::Month { year, month } => format!("{year:04}-{month:02}"),
            Period::Quarter { fy, q } => format!("{}-Q{q}", self.fy_label(fy)),
            Period::Year { fy } => self.fy_label(fy),
        }
    }

    /// Financial year (calendar year in which it starts) containing `period`.
    pub fn fy(&self, period: Period) -> i32 {
        match period {
            Period::Month { year, month } => {
                if (month as i32) >= self.start_month() {
                    year
                } else {
                    year - 1
                }
            }
            Period::Quarter { fy, .. } | Period::Year { fy } => fy,
        }
    }

    /// Months of the financial year elapsed at the end of `period`:
    /// April 1 .. March 12 for an April start; quarter q gives 3q; a year 12.
    pub fn month_of_year(&self, period: Period) -> u32 {
        match period {
            Period::Month { month, .. } => {
                ((month as i32 - self.start_month()).rem_euclid(12) + 1) as u32
            }
            Period::Quarter { q, .. } => 3 * q,
            Period::Year { .. } => 12,
        }
    }

    /// Months since January of year 0 at the first month of financial year `fy`.
    fn fy_start_index(&self, fy: i32) -> i64 {
        fy as i64 * 12 + (self.start_month() - 1) as i64
    }

    /// Last calendar month of `period`.
    pub fn end_month(&self, period: Period) -> Period {
        match period {
            Period::Month { .. } => period,
            Period::Quarter { fy, q } => {
                month_from_index(self.fy_start_index(fy) + 3 * q as i64 - 1)
            }
            Period::Year { fy } => month_from_index(self.fy_start_index(fy) + 11),
        }
    }

    /// The period of an indicator of frequency `freq` that ends in `period`'s
    /// last month, or `None` if such an indicator is not due then
    /// (e.g. August for a quarterly indicator).
    pub fn for_frequency(&self, period: Period, freq: Frequency) -> Option<Period> {
        let end = self.end_month(period);
        let fy = self.fy(end);
        let moy = self.month_of_year(end);
        match freq {
            Frequency::Monthly => Some(end),
            Frequency::Quarterly => moy
                .is_multiple_of(3)
                .then_some(Period::Quarter { fy, q: moy / 3 }),
            Frequency::Annual => (moy == 12).then_some(Period::Year { fy }),
        }
    }

    /// Whether an indicator of frequency `freq` is due at `period`.
    pub fn is_due(&self, period: Period, freq: Frequency) -> bool {
        self.for_frequency(period, freq).is_some()
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

    /// The period of the same kind just before this one (the same whatever
    /// the year start, so it needs no [`Calendar`]).
    pub fn previous(&self) -> Period {
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

    /// The month containing `date` (Excel date cells, file dates).
    pub fn from_date(date: chrono::NaiveDate) -> Period {
        use chrono::Datelike;
        Period::Month {
            year: date.year(),
            month: date.month(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::*;

    #[test]
    fn month_ids_are_what_format_writes() {
        for year in [0, 7, 99, 999, 1999, 2025, 9999, 10000, -1] {
            for month in 1..=12 {
                assert_eq!(APR.id(m(year, month)), format!("{year:04}-{month:02}"));
            }
        }
    }

    #[test]
    fn labels_and_ids() {
        assert_eq!(APR.fy_label(2025), "2025/26");
        assert_eq!(APR.fy_label(1999), "1999/00");
        assert_eq!(APR.fy_label(2009), "2009/10");
        assert_eq!(JAN.fy_label(2025), "2025");
        assert_eq!(APR.id(m(2025, 7)), "2025-07");
        assert_eq!(APR.id(q(2025, 2)), "2025/26-Q2");
        assert_eq!(APR.id(y(2025)), "2025/26");
        assert_eq!(JAN.id(m(2025, 7)), "2025-07");
        assert_eq!(JAN.id(q(2025, 2)), "2025-Q2");
        assert_eq!(JAN.id(y(2025)), "2025");
        assert_eq!(Period::month(2026, 2), m(2026, 2));
        assert_eq!(m(2025, 1).kind(), "month");
        assert_eq!(q(2025, 1).kind(), "quarter");
        assert_eq!(y(2025).kind(), "year");
    }

    #[test]
    fn january_start() {
        assert_eq!(JAN.parse("Q2 2025", None), Some(q(2025, 2)));
        assert_eq!(JAN.parse("2025-Q3", None), Some(q(2025, 3)));
        assert_eq!(JAN.parse("FY2025", None), Some(y(2025)));
        assert_eq!(JAN.parse("2025", None), Some(y(2025)));
        assert_eq!(JAN.parse("2025/26", None), None);
        assert_eq!(JAN.parse("Jul-25", None), Some(m(2025, 7)));
        assert_eq!(JAN.fy(m(2026, 2)), 2026);
        assert_eq!(JAN.month_of_year(m(2025, 1)), 1);
        assert_eq!(JAN.month_of_year(m(2025, 12)), 12);
        assert_eq!(JAN.month_of_year(m(2025, 7)), 7);
        assert_eq!(JAN.end_month(q(2025, 2)), m(2025, 6));
        assert_eq!(JAN.end_month(y(2025)), m(2025, 12));
        assert_eq!(
            JAN.for_frequency(m(2025, 12), Frequency::Annual),
            Some(y(2025))
        );
        assert_eq!(
            JAN.for_frequency(m(2025, 3), Frequency::Quarterly),
            Some(q(2025, 1))
        );
        assert_eq!(JAN.for_frequency(m(2026, 3), Frequency::Annual), None);
    }

    #[test]
    fn financial_year_arithmetic_april() {
        // March is the last month of 2025/26, April the first of 2026/27.
        assert_eq!(APR.fy(m(2026, 3)), 2025);
        assert_eq!(APR.fy(m(2026, 4)), 2026);
        assert_eq!(APR.fy(m(2026, 2)), 2025);
        assert_eq!(APR.fy(m(2025, 12)), 2025);
        assert_eq!(APR.fy(q(2025, 3)), 2025);
        assert_eq!(APR.month_of_year(m(2025, 4)), 1);
        assert_eq!(APR.month_of_year(m(2025, 12)), 9);
        assert_eq!(APR.month_of_year(m(2026, 1)), 10);
        assert_eq!(APR.month_of_year(m(2026, 3)), 12);
        assert_eq!(APR.month_of_year(q(2025, 2)), 6);
        assert_eq!(APR.month_of_year(y(2025)), 12);
        assert_eq!(APR.end_month(q(2025, 1)), m(2025, 6));
        assert_eq!(APR.end_month(q(2025, 3)), m(2025, 12));
        assert_eq!(APR.end_month(q(2025, 4)), m(2026, 3));
        assert_eq!(APR.end_month(y(2025)), m(2026, 3));
        assert_eq!(APR.end_month(m(2025, 7)), m(2025, 7));
    }

    #[test]
    fn previous_and_year_earlier() {
        assert_eq!(m(2026, 1).previous(), m(2025, 12));
        assert_eq!(m(2026, 4).previous(), m(2026, 3));
        assert_eq!(q(2025, 1).previous(), q(2024, 4));
        assert_eq!(q(2025, 3).previous(), q(2025, 2));
        assert_eq!(y(2025).previous(), y(2024));
        assert_eq!(m(2026, 2).year_earlier(), m(2025, 2));
        assert_eq!(q(2025, 2).year_earlier(), q(2024, 2));
        assert_eq!(y(2025).year_earlier(), y(2024));
    }

    #[test]
    fn for_frequency_and_due() {
        use Frequency::*;
        assert_eq!(APR.for_frequency(m(2025, 9), Quarterly), Some(q(2025, 2)));
        assert_eq!(APR.for_frequency(m(2025, 8), Quarterly), None);
        assert_eq!(APR.for_frequency(m(2025, 12), Quarterly), Some(q(2025, 3)));
        // Year boundary: March closes Q4 and the year; April closes nothing.
        assert_eq!(APR.for_frequency(m(2026, 3), Quarterly), Some(q(2025, 4)));
        assert_eq!(APR.for_frequency(m(2026, 3), Annual), Some(y(2025)));
        assert_eq!(APR.for_frequency(m(2026, 4), Quarterly), None);
        assert_eq!(APR.for_frequency(m(2026, 4), Annual), None);
        assert_eq!(APR.for_frequency(m(2026, 4), Monthly), Some(m(2026, 4)));
        assert_eq!(APR.for_frequency(m(2025, 12), Annual), None);
        assert_eq!(APR.for_frequency(q(2025, 2), Quarterly), Some(q(2025, 2)));
        assert_eq!(APR.for_frequency(q(2025, 2), Monthly), Some(m(2025, 9)));
        assert_eq!(APR.for_frequency(q(2025, 2), Annual), None);
        assert_eq!(APR.for_frequency(q(2025, 4), Annual), Some(y(2025)));
        assert_eq!(APR.for_frequency(y(2025), Quarterly), Some(q(2025, 4)));
        assert_eq!(APR.for_frequency(y(2025), Monthly), Some(m(2026, 3)));
        assert!(APR.is_due(m(2025, 6), Quarterly));
        assert!(!APR.is_due(m(2025, 7), Quarterly));
        assert!(!APR.is_due(m(2025, 6), Annual));
        assert!(APR.is_due(m(2025, 7), Monthly));
    }

    #[test]
    fn from_date_and_bad_settings() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(Period::from_date(d), m(2026, 11));
        // An out-of-range start month is clamped, never a panic.
        let odd = Calendar::new(0);
        assert_eq!(odd.fy(m(2025, 1)), 2025);
        assert_eq!(q(2025, 0).previous(), q(2024, 4));
        let _ = odd.end_month(q(2025, 0));
        // Ordering within a kind is chronological.
        assert!(m(2025, 12) < m(2026, 1));
        assert!(q(2024, 4) < q(2025, 1));
    }
}
