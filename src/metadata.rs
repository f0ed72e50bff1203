//! The hidden `ipr_metadata` sheet: the contract between the workbooks ipr
//! writes (return templates in `report::template`, remedial-action forms in
//! `report::forms`) and the readers that recognise them (`returns`, `remedial`).
//!
//! The sheet is two columns, a key and its value, one pair a row; a book's
//! are read by `read::Book::metadata`. The ground floor: it uses no other module.

/// Name of the very hidden sheet by which ipr recognises its own workbooks.
pub const SHEET: &str = "ipr_metadata";

/// Very hidden sheet of a return template holding its indicators' register
/// rows, so that `ipr check FILE` works without the register.
pub const REGISTER_SHEET: &str = "ipr_register";
/// Very hidden sheet of a return template holding its indicators' profiled
/// targets (Code, Period, Target), read with [`REGISTER_SHEET`].
pub const TARGETS_SHEET: &str = "ipr_targets";

/// Layout version of a return template; present only in templates.
pub const TEMPLATE_VERSION: &str = "template_version";
/// Layout version of a remedial-action form; present only in forms.
pub const FORM_VERSION: &str = "form_version";
/// Directorate the workbook was made for.
pub const DIRECTORATE: &str = "directorate";
/// Canonical id of the period the workbook was made for.
pub const PERIOD: &str = "period";
/// Indicator code a form was issued for.
pub const CODE: &str = "code";
/// Canonical id of the indicator's own period a form was issued for.
pub const INDICATOR_PERIOD: &str = "indicator_period";
/// Name of the sheet that holds the table or the answers.
pub const SHEET_NAME: &str = "sheet";
/// One-based header row of a template's table.
pub const HEADER_ROW: &str = "header_row";
/// SHA-256 of the register a template was made from.
pub const REGISTER_SHA256: &str = "register_sha256";
/// Version of ipr that wrote the workbook.
pub const IPR_VERSION: &str = "ipr_version";
/// What a remedial-action form is about: `action` on an action's form (SPEC
/// section 13), where `code` holds the action's Ref; absent on an indicator's.
pub const SUBJECT: &str = "subject";
/// Very hidden sheet of a return template holding its directorate's actions
/// of the plan (the plan's own columns), so that `ipr check FILE` reads its
/// Actions sheet without the register.
pub const PLAN_SHEET: &str = "ipr_plan";
/// Very hidden sheet of a return template holding its directorate's budget
/// lines (the budget's own columns), so that `ipr check FILE` reads its
/// Finance sheet without the register (SPEC section 16).
pub const BUDGET_SHEET: &str = "ipr_budget";
/// Prefix of a form's answer keys: `field:reason` holds the A1 cell of the reason.
pub const FIELD_PREFIX: &str = "field:";

/// The key/value rows of a book's `ipr_metadata` sheet, trimmed, blank keys left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata {
    /// (key, value) in sheet order.
    pub rows: Vec<(String, String)>,
}

impl Metadata {
    /// The value of the first row whose key is exactly `key`, when not blank.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.rows
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    /// The value of the first row whose key is `key` in any case, blank or not.
    pub fn get_any_case(&self, key: &str) -> Option<&str> {
        self.rows
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// The A1 cell of a form's answer `field` (e.g. `reason`), as written.
    pub fn field(&self, field: &str) -> Option<&str> {
        self.get(&format!("{FIELD_PREFIX}{field}"))
    }
}
