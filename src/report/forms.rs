//! Remedial-action forms: one workbook per exception, pre-filled with the
//! indicator's figures and trend, with cells for the owner to complete.
//!
//! The words, field order and colours come from `remedial-form.toml` (see
//! `templates/README.md`). A hidden `ipr_metadata` sheet records the form's
//! version, code and period and where each field is, so [`crate::remedial`]
//! reads a completed form back however a council has restyled it.

mod sheet;

use super::names::METADATA_SHEET;
pub use super::publish::{FormsWritten, PreparedForms, StagedForms};
use super::text::{fit, looks_like_formula, MAX_CELL_TEXT};
use super::{ReportError, ReportErrorKind};
use crate::model::{Consolidation, IndicatorResult};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, RowNum, Worksheet, XlsxError};
use serde::Deserialize;
pub use sheet::form_bytes;
pub(super) use sheet::{answer_fields, write_metadata};
use std::collections::BTreeMap;
use std::path::Path;

/// Version of the form layout, written to `ipr_metadata` as `form_version`.
pub const FORM_VERSION: &str = "1";

/// The built-in `remedial-form.toml`, used where a council has none of its own.
pub const BUILTIN_FORM_STYLE: &str = include_str!("../../templates/remedial-form.toml");

/// Keys of the pre-filled facts a form can show.
pub const FACT_KEYS: [&str; 12] = [
    "code",
    "title",
    "directorate",
    "owner",
    "period",
    "actual",
    "target",
    "forecast",
    "annual_target",
    "rag",
    "reasons",
    "commentary",
];

/// Keys of the fields the indicator owner completes (each read back).
pub const FIELD_KEYS: [&str; 5] = [
    "reason",
    "action",
    "lead_officer",
    "back_on_target",
    "status",
];

/// Colours of the form, as `#RRGGBB` in the TOML.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormColours {
    /// Title text.
    pub title: String,
    /// Section heading background.
    pub heading_fill: String,
    /// Label cell background.
    pub label_fill: String,
    /// Background of the cells to complete.
    pub input_fill: String,
}

/// The Status cell's choices.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusChoices {
    /// Offered in a drop-down list, e.g. `["Open", "Closed"]`.
    pub choices: Vec<String>,
}

/// Everything a council can restyle in the remedial-action form.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormStyle {
    /// Name of the form's sheet.
    pub sheet: String,
    /// Title; `{code}` and `{title}` are replaced.
    pub title: String,
    /// Line under the title; `{period}`, `{code}`, `{title}` are replaced.
    pub intro: String,
    /// Heading over the pre-filled facts.
    pub about_heading: String,
    /// Heading over the fields to complete.
    pub complete_heading: String,
    /// Heading over the recent values.
    pub trend_heading: String,
    /// Pre-filled facts to show, in order (keys of [`FACT_KEYS`]).
    pub facts: Vec<String>,
    /// Fields to complete, in order (keys of [`FIELD_KEYS`]).
    pub fields: Vec<String>,
    /// Colours.
    pub colours: FormColours,
    /// Label of each fact and field, by key.
    pub labels: BTreeMap<String, String>,
    /// Help shown when a field's cell is selected, by key.
    pub help: BTreeMap<String, String>,
    /// Status choices.
    pub status: StatusChoices,
}

/// Why a `remedial-form.toml` could not be used. The words are shown to users
/// as they are.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FormStyleError {
    /// The copy compiled into ipr does not parse (a fault in ipr itself).
    #[error("ipr's built-in form settings are damaged ({0})")]
    Builtin(toml::de::Error),
    /// The council's file is not valid TOML, or has an unknown or mistyped setting.
    #[error("{0}")]
    Settings(toml::de::Error),
    /// A key in `facts` that is not one of [`FACT_KEYS`].
    #[error("facts: '{0}' is not one of {keys}", keys = FACT_KEYS.join(", "))]
    UnknownFact(String),
    /// A key in `fields` that is not one of [`FIELD_KEYS`].
    #[error("fields: '{0}' is not one of {keys}", keys = FIELD_KEYS.join(", "))]
    UnknownField(String),
    /// A colour that is not `#RRGGBB`.
    #[error("colours.{name}: '{value}' is not a colour; write it as #RRGGBB, e.g. #FFF2CC")]
    Colour {
        /// The setting, e.g. `input_fill`.
        name: &'static str,
        /// What it was given.
        value: String,
    },
    /// A sheet name Excel would refuse, or the metadata sheet's.
    #[error("sheet: '{0}' cannot be a sheet name (1 to 31 characters, none of [ ] : * ? / \\)")]
    Sheet(String),
    /// No status choices, or too long a list for Excel's drop-down.
    #[error(
        "status.choices: give between one and a few short choices, e.g. [\"Open\", \"Closed\"]"
    )]
    Choices,
}

/// Overlays `user` on `base`: tables merge key by key, anything else is replaced.
fn merge(base: &mut toml::Value, user: toml::Value) {
    match (base, user) {
        (toml::Value::Table(b), toml::Value::Table(u)) => {
            for (k, v) in u {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

/// Parses `#RRGGBB` (or `RRGGBB`).
pub fn parse_colour(s: &str) -> Option<u32> {
    let hex = s.trim().trim_start_matches('#');
    if hex.len() != 6 {
        return None;
    }
    u32::from_str_radix(hex, 16).ok()
}

impl FormStyle {
    /// The built-in style.
    pub fn builtin() -> Result<FormStyle, FormStyleError> {
        FormStyle::from_toml(None)
    }

    /// The built-in style with a council's `remedial-form.toml` laid over it:
    /// settings it leaves out keep their built-in values; unknown settings,
    /// unknown keys and bad colours are refused with a plain message.
    pub fn from_toml(user: Option<&str>) -> Result<FormStyle, FormStyleError> {
        let mut base: toml::Value =
            toml::from_str(BUILTIN_FORM_STYLE).map_err(FormStyleError::Builtin)?;
        if let Some(text) = user {
            let mine: toml::Value = toml::from_str(text).map_err(FormStyleError::Settings)?;
            merge(&mut base, mine);
        }
        let style: FormStyle = base.try_into().map_err(FormStyleError::Settings)?;
        style.validate()?;
        Ok(style)
    }

    fn validate(&self) -> Result<(), FormStyleError> {
        if let Some(f) = self.facts.iter().find(|f| !FACT_KEYS.contains(&f.as_str())) {
            return Err(FormStyleError::UnknownFact(f.clone()));
        }
        if let Some(f) = self
            .fields
            .iter()
            .find(|f| !FIELD_KEYS.contains(&f.as_str()))
        {
            return Err(FormStyleError::UnknownField(f.clone()));
        }
        for (name, c) in [
            ("title", &self.colours.title),
            ("heading_fill", &self.colours.heading_fill),
            ("label_fill", &self.colours.label_fill),
            ("input_fill", &self.colours.input_fill),
        ] {
            if parse_colour(c).is_none() {
                return Err(FormStyleError::Colour {
                    name,
                    value: c.clone(),
                });
            }
        }
        let bad = |c: char| "[]:*?/\\".contains(c);
        if self.sheet.trim().is_empty()
            || self.sheet.encode_utf16().count() > 31
            || self.sheet.chars().any(bad)
            || self.sheet.eq_ignore_ascii_case(METADATA_SHEET)
        {
            return Err(FormStyleError::Sheet(self.sheet.clone()));
        }
        if self.status.choices.is_empty()
            || self.status.choices.join(",").encode_utf16().count() > 255
        {
            return Err(FormStyleError::Choices);
        }
        Ok(())
    }

    /// The label for a key (the key itself if the council removed it).
    pub fn label(&self, key: &str) -> String {
        self.labels
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.replace('_', " "))
    }
}

/// `<period>-<code>.xlsx`, both made safe for a file name: `2026-09-ASC-02.xlsx`;
/// codes that are not file-safe as they are get a short hash beside them, so
/// that no two codes share a form ([`super::names::ref_file_name`]).
pub fn form_file_name(period_id: &str, code: &str) -> String {
    super::names::ref_file_name(period_id, code)
}

/// The form's file name of each exception of `c`, by code, as
/// [`super::names::ref_file_names`] gives them: what the forms are written as and
/// what the Exceptions sheet links to.
pub fn form_file_names(c: &Consolidation) -> BTreeMap<&str, String> {
    let codes: Vec<&str> = c
        .indicators
        .iter()
        .filter(|r| r.exception)
        .map(|r| r.code.as_str())
        .collect();
    let names = super::names::ref_file_names(&c.period_id, codes.iter().copied());
    codes.into_iter().zip(names).collect()
}

/// The form's file name of each action exception of `c`, by Ref: named
/// after the indicators' forms ([`form_file_names`]) so that a Ref spelt as
/// a code never takes its form. What the forms are written as and what the
/// Exceptions sheet links to.
pub fn action_form_file_names(c: &Consolidation) -> BTreeMap<&str, String> {
    let refs: Vec<&str> = c
        .actions
        .iter()
        .flat_map(|p| p.exceptions())
        .map(|r| r.reference.as_str())
        .collect();
    let codes = c
        .indicators
        .iter()
        .filter(|r| r.exception)
        .map(|r| r.code.as_str());
    let mut all = super::names::ref_file_names(&c.period_id, codes.chain(refs.iter().copied()));
    let names = all.split_off(all.len() - refs.len());
    refs.into_iter().zip(names).collect()
}

/// Builds every form in memory without touching the disk, so that the forms can be
/// built while the report is, and written only once the report is safely written.
/// The forms are built on every core (each is a workbook of its own); their
/// order, and their bytes, do not depend on which core built which.
pub fn prepare_forms(
    c: &Consolidation,
    dir: &Path,
    style: &FormStyle,
) -> Result<PreparedForms, ReportError> {
    let forms = each_form(c, dir, style, |_, bytes| Ok(bytes))?;
    Ok(PreparedForms {
        dir: dir.to_path_buf(),
        forms,
    })
}

/// [`prepare_forms`] then [`PreparedForms::stage`] in one pass: each form is
/// written under its temporary name as soon as it is built, on every core, so
/// that no more than a form per core is held in memory. Nothing is put in
/// place: [`StagedForms::commit`] does that, once the report is written.
pub fn stage_forms(
    c: &Consolidation,
    dir: &Path,
    style: &FormStyle,
) -> Result<StagedForms, ReportError> {
    let jobs = form_jobs(c, dir);
    if jobs.is_empty() {
        return Ok(StagedForms::none(dir));
    }
    let mut staged = StagedForms::open(dir)?;
    staged.forms = build_each(jobs, c, style, |path, bytes| super::stage(path, &bytes))?;
    staged.sync()?;
    Ok(staged)
}

/// What a form is about: an indicator, an action (SPEC section 13) or a
/// budget line (section 16).
#[derive(Clone, Copy)]
enum Subject<'a> {
    Indicator(&'a IndicatorResult),
    Action(&'a crate::model::ActionResult),
    Budget(&'a crate::model::BudgetResult),
}

/// Every exception's form, in order (the indicators', the actions' named after
/// them so that a Ref spelt as a code never takes its form, then the budget
/// lines'), with where it goes.
fn form_jobs<'a>(c: &'a Consolidation, dir: &Path) -> Vec<(std::path::PathBuf, Subject<'a>)> {
    let mut jobs = Vec::new();
    let names = form_file_names(c);
    for r in c.indicators.iter().filter(|r| r.exception) {
        let name = names.get(r.code.as_str()).cloned();
        let path = dir.join(name.unwrap_or_else(|| form_file_name(&c.period_id, &r.code)));
        jobs.push((path, Subject::Indicator(r)));
    }
    let names = action_form_file_names(c);
    for r in c.actions.iter().flat_map(|p| p.exceptions()) {
        let name = names.get(r.reference.as_str()).cloned();
        let path = dir.join(name.unwrap_or_else(|| form_file_name(&c.period_id, &r.reference)));
        jobs.push((path, Subject::Action(r)));
    }
    let lines = c.budget.iter().flat_map(|b| b.exceptions());
    for (r, (_, name)) in lines.zip(super::budget_forms::budget_form_file_names(c)) {
        jobs.push((dir.join(name), Subject::Budget(r)));
    }
    jobs
}

/// [`form_jobs`] of `c`, each built and given to `then`.
fn each_form<T: Send>(
    c: &Consolidation,
    dir: &Path,
    style: &FormStyle,
    then: impl Fn(&Path, Vec<u8>) -> Result<T, ReportError> + Sync,
) -> Result<Vec<(std::path::PathBuf, Option<T>)>, ReportError> {
    build_each(form_jobs(c, dir), c, style, then)
}

/// Builds each form of `jobs` on every core and gives its bytes to `then`,
/// keeping their order; `None` where a form is already there (it is kept). On
/// errors, the first form's in order is given, whichever core met it first.
fn build_each<T: Send>(
    jobs: Vec<(std::path::PathBuf, Subject<'_>)>,
    c: &Consolidation,
    style: &FormStyle,
    then: impl Fn(&Path, Vec<u8>) -> Result<T, ReportError> + Sync,
) -> Result<Vec<(std::path::PathBuf, Option<T>)>, ReportError> {
    use rayon::prelude::*;
    let built: Vec<Result<_, ReportError>> = jobs
        .into_par_iter()
        .map(|(path, subject)| {
            if path.exists() {
                return Ok((path, None));
            }
            let bytes = match subject {
                Subject::Indicator(r) => form_bytes(c, r, style),
                Subject::Action(r) => super::action_forms::action_form_bytes(c, r, style),
                Subject::Budget(r) => super::budget_forms::budget_form_bytes(c, r, style),
            }
            .map_err(|e| ReportError::new(&path, ReportErrorKind::Workbook(e)))?;
            let done = then(&path, bytes)?;
            Ok((path, Some(done)))
        })
        .collect();
    built.into_iter().collect()
}

fn number_format(decimals: Option<u32>) -> String {
    match decimals {
        Some(0) => "#,##0".into(),
        Some(d) => format!("#,##0.{}", "0".repeat(d.min(10) as usize)),
        None => "General".into(),
    }
}

/// The formats of a form (an action's form shares them: `action_forms`).
pub(super) struct FormFormats {
    pub(super) title: Format,
    pub(super) intro: Format,
    pub(super) heading: Format,
    pub(super) label: Format,
    pub(super) text: Format,
    pub(super) text_q: Format,
    number: Format,
    pub(super) input: Format,
    pub(super) input_date: Format,
}

impl FormFormats {
    pub(super) fn new(style: &FormStyle, decimals: Option<u32>) -> FormFormats {
        // Colours were checked when the style was loaded; black is a safe fallback.
        let colour = |s: &str| Color::RGB(parse_colour(s).unwrap_or(0));
        let top = Format::new()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        let input = top
            .clone()
            .set_text_wrap()
            .set_unlocked()
            .set_background_color(colour(&style.colours.input_fill));
        FormFormats {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_font_color(colour(&style.colours.title)),
            intro: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            heading: Format::new()
                .set_bold()
                .set_background_color(colour(&style.colours.heading_fill)),
            label: top
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_background_color(colour(&style.colours.label_fill)),
            text: top.clone().set_text_wrap(),
            text_q: top.clone().set_text_wrap().set_quote_prefix(),
            number: top
                .clone()
                .set_align(FormatAlign::Left)
                .set_num_format(number_format(decimals)),
            input_date: input.clone().set_num_format("d mmm yyyy"),
            input,
        }
    }
}

fn text(ws: &mut Worksheet, row: RowNum, s: &str, f: &FormFormats) -> Result<(), XlsxError> {
    let s = fit(s, MAX_CELL_TEXT);
    let fmt = if looks_like_formula(s) {
        &f.text_q
    } else {
        &f.text
    };
    ws.write_string_with_format(row, 1, s, fmt)?;
    Ok(())
}

fn number(
    ws: &mut Worksheet,
    row: RowNum,
    v: Option<f64>,
    f: &FormFormats,
) -> Result<(), XlsxError> {
    match v.filter(|v| v.is_finite()) {
        Some(v) => ws.write_number_with_format(row, 1, v, &f.number)?,
        None => ws.write_string_with_format(row, 1, "Not given", &f.text)?,
    };
    Ok(())
}

fn fill(template: &str, c: &Consolidation, r: &IndicatorResult) -> String {
    template
        .replace("{code}", &r.code)
        .replace("{title}", &r.title)
        .replace(
            "{period}",
            &crate::period::period_words(c.period, &c.period_id),
        )
        .replace("{directorate}", &r.directorate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_style_loads_with_every_field() {
        let s = FormStyle::builtin().unwrap();
        assert_eq!(s.fields, FIELD_KEYS.to_vec());
        assert_eq!(s.status.choices, vec!["Open", "Closed"]);
        assert_eq!(s.label("lead_officer"), "Lead officer");
    }

    #[test]
    fn council_settings_overlay_the_builtin_ones() {
        let s = FormStyle::from_toml(Some(
            "fields = [\"status\", \"reason\"]\n[colours]\ninput_fill = \"#E2EFDA\"\n[labels]\nreason = \"Why?\"\n",
        ))
        .unwrap();
        assert_eq!(s.fields, vec!["status", "reason"]);
        assert_eq!(s.colours.input_fill, "#E2EFDA");
        // Left out: built-in values kept.
        assert_eq!(s.colours.title, "#1F3864");
        assert_eq!(s.label("reason"), "Why?");
        assert_eq!(s.label("action"), "Action in hand or proposed");
    }

    #[test]
    fn mistakes_in_the_settings_are_refused() {
        let e = FormStyle::from_toml(Some("[colours]\ninput_fill = \"yellow\"\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("colours.input_fill"), "{e}");
        let e = FormStyle::from_toml(Some("fields = [\"reasons\"]\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("'reasons'"), "{e}");
        let e = FormStyle::from_toml(Some("titel = \"x\"\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("titel"), "{e}");
        let e = FormStyle::from_toml(Some("sheet = \"a/b\"\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("sheet"), "{e}");
    }

    #[test]
    fn form_names_are_file_safe() {
        assert_eq!(form_file_name("2026-09", "ASC-02"), "2026-09-ASC-02.xlsx");
        // Made file-safe, so a hash of the code says which code it was
        // ("NI-135" is another code, with a form of its own).
        let ni = form_file_name("2026/27-Q2", "NI 135");
        assert!(ni.starts_with("2026-27-Q2-NI-135-"), "{ni}");
        assert_ne!(ni, form_file_name("2026/27-Q2", "NI-135"));
    }
}
