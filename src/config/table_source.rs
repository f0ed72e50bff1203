//! What the `[[source]]` readers of tables other than indicators share
//! (`kind = "actions"` in `actions.rs`, `kind = "budget"` in
//! `budget_source.rs`): the header row checked, the keys of other kinds
//! refused, each column read by letter or header text, the period cell, and
//! the mapping built. Each reader says only which columns its table has.

use super::source::{RawSource, SourceProblem};
use crate::cellref::parse_a1;
use crate::returns::mapping::{
    ActionColumns, BudgetSourceColumns, ColumnRef, SourceLayout, SourceMapping,
};

/// One `[[source]]` of a kind other than indicators, being read.
pub(super) struct KindSource<'a> {
    /// `[[source]] 'files'`, for messages.
    pub(super) name: &'a str,
    /// The kind as written in messages: `actions`, `budget`.
    pub(super) kind: &'static str,
}

impl KindSource<'_> {
    /// The header row is a row number; none of `foreign` (keys of other
    /// kinds of table) is given, each refused with `why`.
    pub(super) fn start(
        &self,
        r: &RawSource,
        foreign: &[(&str, &Option<String>)],
        why: &str,
    ) -> Result<(), SourceProblem> {
        let name = self.name;
        if r.header_row < 1 || r.header_row > 1_048_576 {
            return Err(format!(
                "{name}: header_row is {}; it must be a row number as Excel shows it, 1 or more",
                r.header_row
            )
            .into());
        }
        match foreign.iter().find(|(_, v)| v.is_some()) {
            Some((key, _)) => Err(format!("{name}: '{key}' {why}").into()),
            None => Ok(()),
        }
    }

    /// A column by letter or header text, if given.
    pub(super) fn column(&self, key: &str, v: Option<String>) -> Result<Option<ColumnRef>, String> {
        match v {
            None => Ok(None),
            Some(t) => ColumnRef::parse(&t).map(Some).ok_or_else(|| {
                format!("{}: {key} is empty; give a column letter such as \"C\" or the column's header text", self.name)
            }),
        }
    }

    /// A column the table cannot do without: `what` says what it holds.
    pub(super) fn required(
        &self,
        key: &str,
        v: Option<String>,
        what: &str,
    ) -> Result<ColumnRef, String> {
        self.column(key, v)?.ok_or_else(|| {
            format!(
                "{}: a kind = \"{}\" table needs '{key}', {what}",
                self.name, self.kind
            )
        })
    }

    /// The mapping: `r`'s files, directorate, sheet, header row and period
    /// cell, the table's Ref column, and its columns (`actions` or `budget`).
    pub(super) fn mapping(
        &self,
        r: RawSource,
        reference: ColumnRef,
        actions: Option<ActionColumns>,
        budget: Option<BudgetSourceColumns>,
    ) -> Result<SourceMapping, SourceProblem> {
        let period = match r.period {
            None => None,
            Some(p) => Some(parse_a1(&p).ok_or_else(|| {
                format!(
                    "{}: period is \"{p}\"; it must be the cell holding the period, such as \"B2\"",
                    self.name
                )
            })?),
        };
        Ok(SourceMapping {
            files: r.files,
            directorate: r.directorate.filter(|d| !d.trim().is_empty()),
            sheet: r.sheet.filter(|s| !s.trim().is_empty()),
            header_row: r.header_row as u32,
            layout: SourceLayout::Long,
            code: reference,
            value: None,
            period,
            period_column: None,
            target: None,
            forecast: None,
            commentary: None,
            data_note: None,
            numerator: None,
            denominator: None,
            actions,
            budget,
        })
    }
}
