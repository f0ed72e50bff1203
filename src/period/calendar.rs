//! The financial-year calendar: ids, financial years, quarters, the period
//! before and a year earlier, and which periods an indicator is due in.

use super::{Frequency, Period, YearStart};

/// Clamps a configured start month so that bad configuration can never panic.
pub(super) fn start_month(ys: YearStart) -> i32 {
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
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::*;

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
