//! A progress update on an action, as read from a return's action table
//! (SPEC section 13): each field with the cell it came from, and what the
//! cell said when it could not be used, so that the rules can say so at the
//! cell and the assessment uses only what was read cleanly.

use super::observation::Source;
use super::plan::{OwnerRag, Status};
use crate::period::{DateProblem, Period};
use chrono::NaiveDate;
use std::sync::Arc;

/// Why a cell of an action table could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldProblem {
    /// Text that is none of the words (of status, or of RAG).
    UnknownWord,
    /// Neither a number nor a "no value" word.
    NotANumber,
    /// A number below 0 or above 100.
    OutOfRange,
    /// A number strictly between 0 and 1 in a cell not formatted as a
    /// percentage: 0.85 could mean 85% or 0.85%.
    BareFraction,
    /// Text that is no date, and why.
    NotADate(DateProblem),
    /// A bare number where a date belongs (a date serial in a General cell).
    NumberNotDate,
    /// A cell of the wrong kind (TRUE/FALSE, a number where words belong).
    WrongKind,
    /// An Excel error value such as `#REF!`.
    ErrorCell,
    /// A formula whose result was never saved.
    FormulaNoValue,
}

/// One cell's reading: the value, or why it cannot be used; what the cell
/// showed; and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Field<T> {
    /// The value read, or the problem.
    pub value: Result<T, FieldProblem>,
    /// The cell as the user sees it, for messages.
    pub seen: String,
    /// Where the cell is.
    pub source: Source,
}

impl<T: Copy> Field<T> {
    /// The value, when the cell was read cleanly.
    pub fn ok(&self) -> Option<T> {
        self.value.as_ref().ok().copied()
    }
}

/// What a Status cell says: the status, and the owner's RAG when the word
/// was a RAG word (`on track`: in progress, green).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusWord {
    /// The status.
    pub status: Status,
    /// The owner's RAG the word carries, if any.
    pub rag: Option<OwnerRag>,
}

/// The columns of an action table (absolute, zero-based), so that a rule
/// about a blank cell can name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UpdateColumns {
    /// Ref.
    pub reference: u32,
    /// Status.
    pub status: Option<u32>,
    /// % complete.
    pub percent: Option<u32>,
    /// Revised date.
    pub revised: Option<u32>,
    /// Completion date.
    pub completed: Option<u32>,
    /// Commentary.
    pub commentary: Option<u32>,
    /// The owner's RAG.
    pub rag: Option<u32>,
    /// Data Note.
    pub data_note: Option<u32>,
}

/// One row of an action table: one action's progress for the return's period.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionUpdate {
    /// The Ref as typed (trimmed).
    pub reference: String,
    /// The Ref as compared with the plan's (upper case, spaces collapsed).
    pub key: String,
    /// The directorate of the return (empty where it could not be settled).
    pub directorate: Arc<str>,
    /// The return's period, where settled.
    pub period: Option<Period>,
    /// The Ref cell: where the row is.
    pub source: Source,
    /// The table's columns.
    pub columns: UpdateColumns,
    /// Status.
    pub status: Option<Field<StatusWord>>,
    /// The RAG column.
    pub rag: Option<Field<OwnerRag>>,
    /// % complete, in percentage points (85 means 85%).
    pub percent: Option<Field<f64>>,
    /// Revised due date.
    pub revised: Option<Field<NaiveDate>>,
    /// Date completed.
    pub completed: Option<Field<NaiveDate>>,
    /// Commentary.
    pub commentary: Option<String>,
    /// Data Note, which explains a warning on the row.
    pub data_note: Option<String>,
}

impl ActionUpdate {
    /// The status, when read cleanly.
    pub fn status(&self) -> Option<Status> {
        self.status.as_ref().and_then(|f| f.ok()).map(|w| w.status)
    }

    /// % complete, when read cleanly.
    pub fn percent(&self) -> Option<f64> {
        self.percent.as_ref().and_then(Field::ok)
    }

    /// The revised date, when read cleanly.
    pub fn revised(&self) -> Option<NaiveDate> {
        self.revised.as_ref().and_then(Field::ok)
    }

    /// The completion date, when read cleanly.
    pub fn completed(&self) -> Option<NaiveDate> {
        self.completed.as_ref().and_then(Field::ok)
    }

    /// The owner's RAG and its cell: the RAG column where it is read, else
    /// a RAG word in Status (where the two disagree, the RAG column is it).
    pub fn owner_rag(&self) -> Option<(OwnerRag, &Source)> {
        if let Some(f) = &self.rag {
            if let Ok(r) = f.value {
                return Some((r, &f.source));
            }
        }
        let f = self.status.as_ref()?;
        let word = f.value.as_ref().ok()?;
        word.rag.map(|r| (r, &f.source))
    }

    /// The cell of this row in column `col` (blank or not), or the Ref cell
    /// when the table has no such column.
    pub fn cell_in(&self, col: Option<u32>) -> Source {
        let mut s = self.source.clone();
        if let Some(c) = col {
            s.col = c;
        }
        s
    }

    /// True when two rows for one action say the same: status, % complete,
    /// revised and completion dates (as read, or as typed where unreadable).
    /// Commentary and notes may differ: they are words, not progress.
    pub fn same_progress(&self, other: &ActionUpdate) -> bool {
        fn same<T: PartialEq>(a: &Option<Field<T>>, b: &Option<Field<T>>) -> bool {
            match (a, b) {
                (None, None) => true,
                (Some(a), Some(b)) => match (&a.value, &b.value) {
                    (Ok(x), Ok(y)) => x == y,
                    _ => a.seen.trim() == b.seen.trim(),
                },
                _ => false,
            }
        }
        same(&self.status, &other.status)
            && same(&self.percent, &other.percent)
            && same(&self.revised, &other.revised)
            && same(&self.completed, &other.completed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(row: u32, col: u32) -> Source {
        Source {
            file: Arc::from("r.xlsx"),
            sheet: Arc::from("Actions"),
            row,
            col,
        }
    }

    fn field<T>(value: Result<T, FieldProblem>, seen: &str, col: u32) -> Option<Field<T>> {
        Some(Field {
            value,
            seen: seen.into(),
            source: src(5, col),
        })
    }

    fn update() -> ActionUpdate {
        ActionUpdate {
            reference: "CP-1".into(),
            key: "CP-1".into(),
            directorate: Arc::from("Resources"),
            period: None,
            source: src(5, 1),
            columns: UpdateColumns {
                reference: 1,
                status: Some(2),
                commentary: Some(6),
                ..Default::default()
            },
            status: field(
                Ok(StatusWord {
                    status: Status::InProgress,
                    rag: Some(OwnerRag::Green),
                }),
                "On track",
                2,
            ),
            rag: None,
            percent: field(Ok(40.0), "40%", 3),
            revised: None,
            completed: None,
            commentary: None,
            data_note: None,
        }
    }

    #[test]
    fn the_rag_column_wins_over_a_rag_word_in_status() {
        let mut u = update();
        assert_eq!(
            u.owner_rag().map(|(r, s)| (r, s.col)),
            Some((OwnerRag::Green, 2))
        );
        u.rag = field(Ok(OwnerRag::Amber), "Amber", 7);
        assert_eq!(
            u.owner_rag().map(|(r, s)| (r, s.col)),
            Some((OwnerRag::Amber, 7))
        );
        // An unreadable RAG cell gives way to the word in Status.
        u.rag = field(Err(FieldProblem::UnknownWord), "purple", 7);
        assert_eq!(u.owner_rag().map(|(r, _)| r), Some(OwnerRag::Green));
        u.status = field(Err(FieldProblem::UnknownWord), "nearly", 2);
        assert_eq!(u.owner_rag(), None);
        assert_eq!(u.status(), None);
    }

    #[test]
    fn cells_of_the_row_and_clean_values() {
        let u = update();
        assert_eq!(u.cell_in(u.columns.commentary).cell(), "G6");
        assert_eq!(u.cell_in(u.columns.revised).cell(), "B6");
        assert_eq!(u.percent(), Some(40.0));
        assert_eq!(u.status(), Some(Status::InProgress));
        assert_eq!(u.revised(), None);
    }

    #[test]
    fn same_progress_ignores_words_but_not_figures() {
        let a = update();
        let mut b = update();
        b.commentary = Some("different words".into());
        b.source = src(9, 1);
        assert!(a.same_progress(&b));
        b.percent = field(Ok(45.0), "45%", 3);
        assert!(!a.same_progress(&b));
        b.percent = a.percent.clone();
        b.revised = field(
            Ok(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()),
            "31/12/2026",
            4,
        );
        assert!(!a.same_progress(&b));
        let mut c = update();
        c.percent = field(Err(FieldProblem::NotANumber), "half", 3);
        let mut d = update();
        d.percent = field(Err(FieldProblem::NotANumber), " half ", 3);
        assert!(c.same_progress(&d));
    }
}

/// Updates for the tests of every stage: a row of an action table on sheet
/// `Actions` of `return.xlsx`, Ref in column B, Status C, % complete D,
/// Revised E, Completed F, Commentary G, RAG H, Data Note I.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// The cell at `row` (zero-based) and `col`.
    pub(crate) fn at(row: u32, col: u32) -> Source {
        Source {
            file: Arc::from("return.xlsx"),
            sheet: Arc::from("Actions"),
            row,
            col,
        }
    }

    /// An update for `reference` from `directorate` on `row`, with nothing filled in.
    pub(crate) fn update(reference: &str, directorate: &str, row: u32) -> ActionUpdate {
        ActionUpdate {
            reference: reference.into(),
            key: reference.trim().to_uppercase(),
            directorate: Arc::from(directorate),
            period: Some(Period::month(2026, 9)),
            source: at(row, 1),
            columns: UpdateColumns {
                reference: 1,
                status: Some(2),
                percent: Some(3),
                revised: Some(4),
                completed: Some(5),
                commentary: Some(6),
                rag: Some(7),
                data_note: Some(8),
            },
            status: None,
            rag: None,
            percent: None,
            revised: None,
            completed: None,
            commentary: None,
            data_note: None,
        }
    }

    impl ActionUpdate {
        /// With a Status cell reading `text`.
        pub(crate) fn with_status(mut self, text: &str) -> Self {
            let value = Status::parse(text)
                .map(|(status, rag)| StatusWord { status, rag })
                .ok_or(FieldProblem::UnknownWord);
            self.status = Some(Field {
                value,
                seen: text.into(),
                source: at(self.source.row, 2),
            });
            self
        }

        /// With % complete `value` (or its problem), shown as `seen`.
        pub(crate) fn with_percent(mut self, value: Result<f64, FieldProblem>, seen: &str) -> Self {
            self.percent = Some(Field {
                value,
                seen: seen.into(),
                source: at(self.source.row, 3),
            });
            self
        }

        /// With a revised date.
        pub(crate) fn with_revised(mut self, d: NaiveDate) -> Self {
            self.revised = Some(Field {
                value: Ok(d),
                seen: d.format("%d/%m/%Y").to_string(),
                source: at(self.source.row, 4),
            });
            self
        }

        /// With a completion date.
        pub(crate) fn with_completed(mut self, d: NaiveDate) -> Self {
            self.completed = Some(Field {
                value: Ok(d),
                seen: d.format("%d/%m/%Y").to_string(),
                source: at(self.source.row, 5),
            });
            self
        }

        /// With a RAG column cell reading `text`.
        pub(crate) fn with_rag(mut self, text: &str) -> Self {
            self.rag = Some(Field {
                value: OwnerRag::parse(text).ok_or(FieldProblem::UnknownWord),
                seen: text.into(),
                source: at(self.source.row, 7),
            });
            self
        }

        /// With commentary.
        pub(crate) fn with_commentary(mut self, text: &str) -> Self {
            self.commentary = Some(text.into());
            self
        }

        /// With a Data Note.
        pub(crate) fn with_note(mut self, text: &str) -> Self {
            self.data_note = Some(text.into());
            self
        }
    }
}
