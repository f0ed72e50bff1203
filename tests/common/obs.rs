//! A builder for the observations that tests hand to the library, so each test
//! names only the fields it is about.
//!
//! The one place the tests name the library's module for observations: when the
//! type moves, only the `use` below changes (tests import `common::Observation`).

pub use ipr::model::{Observation, Source};
use ipr::period::{Calendar, Period};

/// What [`ObsBuilder::new`] takes as a period: a [`Period`], or a canonical id
/// (`2026-09`, `2026/27-Q2`, `2026/27`) read with an April year start.
pub trait IntoPeriod {
    /// The period.
    fn into_period(self) -> Period;
}

impl IntoPeriod for Period {
    fn into_period(self) -> Period {
        self
    }
}

impl IntoPeriod for &str {
    fn into_period(self) -> Period {
        Calendar::default()
            .parse_id(self)
            .unwrap_or_else(|| panic!("{self:?} is not a canonical period id"))
    }
}

/// Builds an [`Observation`]:
/// `ObsBuilder::new("ASC-01", "2026-09").value(85.0).file("r.xlsx").cell(3, 2).build()`.
///
/// Unless set: directorate Adults and Health, no value, file
/// `returns/test.xlsx`, sheet `Return`, cell A1, every other field empty, and the
/// value as seen is the value in Rust's shortest form (empty when there is none).
#[derive(Debug, Clone)]
pub struct ObsBuilder {
    obs: Observation,
    seen: Option<String>,
}

impl ObsBuilder {
    /// An observation of indicator `code` (used as given: normalise it first if
    /// the test needs the normalised key) for `period`.
    pub fn new(code: &str, period: impl IntoPeriod) -> Self {
        ObsBuilder {
            obs: Observation {
                code: code.into(),
                directorate: "Adults and Health".into(),
                period: period.into_period(),
                value: None,
                value_seen: String::new(),
                numerator: None,
                denominator: None,
                target: None,
                forecast: None,
                commentary: None,
                data_note: None,
                source: Source {
                    file: "returns/test.xlsx".into(),
                    sheet: "Return".into(),
                    row: 0,
                    col: 0,
                },
            },
            seen: None,
        }
    }

    /// The directorate that returned it.
    pub fn directorate(mut self, directorate: &str) -> Self {
        self.obs.directorate = directorate.into();
        self
    }

    /// The value: a number, `Some(number)`, or `None` for "no value".
    pub fn value(mut self, value: impl Into<Option<f64>>) -> Self {
        self.obs.value = value.into();
        self
    }

    /// The value as seen in the cell (when it differs from the number, e.g. `85%`).
    pub fn seen(mut self, seen: &str) -> Self {
        self.seen = Some(seen.to_string());
        self
    }

    /// Numerator.
    pub fn numerator(mut self, n: f64) -> Self {
        self.obs.numerator = Some(n);
        self
    }

    /// Denominator.
    pub fn denominator(mut self, d: f64) -> Self {
        self.obs.denominator = Some(d);
        self
    }

    /// Target typed in the return.
    pub fn target(mut self, t: f64) -> Self {
        self.obs.target = Some(t);
        self
    }

    /// Owner's forecast of the year-end outturn.
    pub fn forecast(mut self, f: f64) -> Self {
        self.obs.forecast = Some(f);
        self
    }

    /// Commentary.
    pub fn commentary(mut self, text: &str) -> Self {
        self.obs.commentary = Some(text.to_string());
        self
    }

    /// Data Note.
    pub fn data_note(mut self, text: &str) -> Self {
        self.obs.data_note = Some(text.to_string());
        self
    }

    /// The file it was read from.
    pub fn file(mut self, file: &str) -> Self {
        self.obs.source.file = file.into();
        self
    }

    /// The worksheet it was read from.
    pub fn sheet(mut self, sheet: &str) -> Self {
        self.obs.source.sheet = sheet.into();
        self
    }

    /// The value cell, zero-based absolute row and column (`cell(6, 2)` is C7).
    pub fn cell(mut self, row: u32, col: u32) -> Self {
        self.obs.source.row = row;
        self.obs.source.col = col;
        self
    }

    /// The observation.
    pub fn build(self) -> Observation {
        let mut obs = self.obs;
        obs.value_seen = self
            .seen
            .unwrap_or_else(|| obs.value.map(|v| v.to_string()).unwrap_or_default());
        obs
    }
}
