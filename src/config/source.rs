//! `[[source]]` in `ipr.toml`: a spreadsheet no automatic rule reads,
//! described by sheet, header row and columns, checked and turned into a
//! [`SourceMapping`] (`kind = "actions"` ones in `actions.rs`).

use super::actions;
use crate::cellref::parse_a1;
use crate::returns::mapping::{ColumnRef, SourceLayout, SourceMapping};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSource {
    pub(super) files: String,
    pub(super) directorate: Option<String>,
    pub(super) sheet: Option<String>,
    pub(super) header_row: i64,
    pub(super) layout: Option<String>,
    pub(super) code: Option<String>,
    pub(super) value: Option<String>,
    pub(super) period: Option<String>,
    pub(super) period_column: Option<String>,
    pub(super) target: Option<String>,
    pub(super) forecast: Option<String>,
    pub(super) commentary: Option<String>,
    pub(super) data_note: Option<String>,
    pub(super) numerator: Option<String>,
    pub(super) denominator: Option<String>,
    pub(super) kind: Option<String>,
    #[serde(rename = "ref")]
    pub(super) reference: Option<String>,
    pub(super) status: Option<String>,
    pub(super) percent: Option<String>,
    pub(super) revised: Option<String>,
    pub(super) completed: Option<String>,
    pub(super) rag: Option<String>,
}

/// What is wrong with one `[[source]]`, in words for the settings error.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub(super) struct SourceProblem(pub(super) String);

impl From<String> for SourceProblem {
    fn from(s: String) -> Self {
        SourceProblem(s)
    }
}

impl From<&str> for SourceProblem {
    fn from(s: &str) -> Self {
        SourceProblem(s.to_string())
    }
}

/// Check one `[[source]]` and turn it into a mapping, or say what is wrong.
pub(super) fn source_mapping(r: RawSource) -> Result<SourceMapping, SourceProblem> {
    let name = format!("[[source]] '{}'", r.files);
    if r.files.trim().is_empty() {
        return Err("a [[source]] has an empty 'files' pattern".into());
    }
    if let Err(e) = globset::Glob::new(&r.files) {
        return Err(format!("{name}: 'files' is not a valid pattern ({e})").into());
    }
    if actions::is_actions_kind(r.kind.as_deref(), &name)? {
        return actions::action_source(r, &name);
    }
    let layout = match r
        .layout
        .as_deref()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
        .as_str()
    {
        "long" => SourceLayout::Long,
        "wide" => SourceLayout::Wide,
        other => {
            return Err(
                format!("{name}: layout is \"{other}\"; it must be \"long\" or \"wide\"").into(),
            )
        }
    };
    if r.header_row < 1 || r.header_row > 1_048_576 {
        return Err(format!(
            "{name}: header_row is {}; it must be a row number as Excel shows it, 1 or more",
            r.header_row
        )
        .into());
    }
    let col = |key: &str, v: Option<String>| -> Result<Option<ColumnRef>, String> {
        match v {
            None => Ok(None),
            Some(t) => ColumnRef::parse(&t).map(Some).ok_or_else(|| {
                format!("{name}: {key} is empty; give a column letter such as \"C\" or the column's header text")
            }),
        }
    };
    let code = col("code", r.code)?.ok_or_else(|| format!("{name}: code is missing"))?;
    let value = col("value", r.value)?;
    let period_column = col("period_column", r.period_column)?;
    match layout {
        SourceLayout::Long if value.is_none() => {
            return Err(format!(
                "{name}: a long layout needs 'value', the column holding the figures"
            ).into())
        }
        SourceLayout::Wide if value.is_some() => {
            return Err(format!(
                "{name}: 'value' is for long layouts; a wide layout's figures are under its period headings"
            ).into())
        }
        SourceLayout::Wide if period_column.is_some() => {
            return Err(format!(
                "{name}: 'period_column' is for long layouts; a wide layout's periods are its column headings"
            ).into())
        }
        _ => {}
    }
    let period = match r.period {
        None => None,
        Some(p) => Some(parse_a1(&p).ok_or_else(|| {
            format!(
                "{name}: period is \"{p}\"; it must be the cell holding the period, such as \"B2\""
            )
        })?),
    };
    Ok(SourceMapping {
        files: r.files,
        directorate: r.directorate.filter(|d| !d.trim().is_empty()),
        sheet: r.sheet.filter(|s| !s.trim().is_empty()),
        header_row: r.header_row as u32,
        layout,
        code,
        value,
        period,
        period_column,
        target: col("target", r.target)?,
        forecast: col("forecast", r.forecast)?,
        commentary: col("commentary", r.commentary)?,
        data_note: col("data_note", r.data_note)?,
        numerator: col("numerator", r.numerator)?,
        denominator: col("denominator", r.denominator)?,
        actions: None,
    })
}
