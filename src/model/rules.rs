//! The rule catalogue: every data-quality rule, its id, dimension, default
//! severity and hint. `docs/rules.md` mirrors this table; keep them in step.
//!
//! Rules are named by [`Rule`], so a misspelt id does not compile. Adding a rule
//! is one variant and one row of [`RULES`] here, plus the file that raises it.

use super::finding::{Dimension, Severity};

/// A data-quality rule, by its stable id. Printed and serialised as the id
/// (`DQ011`), via [`Rule::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// DQ001: required indicator absent.
    DQ001,
    /// DQ002: required indicator blank.
    DQ002,
    /// DQ003: return missing.
    DQ003,
    /// DQ004: red indicator without commentary.
    DQ004,
    /// DQ005: return unreadable.
    DQ005,
    /// DQ006: directorate not settled.
    DQ006,
    /// DQ007: no table found.
    DQ007,
    /// DQ008: a workbook ipr made (its report, a remedial-action form), not a return.
    DQ008,
    /// DQ010: not a number.
    DQ010,
    /// DQ011: outside valid range.
    DQ011,
    /// DQ012: negative count.
    DQ012,
    /// DQ013: Excel error cell.
    DQ013,
    /// DQ014: formula without a saved value.
    DQ014,
    /// DQ015: unreadable period.
    DQ015,
    /// DQ016: percentage given as a fraction.
    DQ016,
    /// DQ017: two columns for one thing.
    DQ017,
    /// DQ020: code not in the register.
    DQ020,
    /// DQ021: indicator of another directorate.
    DQ021,
    /// DQ030: conflicting values.
    DQ030,
    /// DQ031: year-to-date total falls.
    DQ031,
    /// DQ032: figure restated since the previous report.
    DQ032,
    /// DQ033: the same file given twice.
    DQ033,
    /// DQ040: value disagrees with numerator and denominator.
    DQ040,
    /// DQ041: value far outside its history.
    DQ041,
    /// DQ050: period later than the one being reported.
    DQ050,
    /// DQ051: value copied forward.
    DQ051,
    /// DQ060: action not in the plan.
    DQ060,
    /// DQ061: action of another directorate.
    DQ061,
    /// DQ062: status not recognised.
    DQ062,
    /// DQ063: % complete not a number from 0 to 100.
    DQ063,
    /// DQ064: date that cannot be read.
    DQ064,
    /// DQ065: status and progress disagree.
    DQ065,
    /// DQ066: date out of order.
    DQ066,
    /// DQ067: conflicting updates for an action.
    DQ067,
    /// DQ068: action update missing.
    DQ068,
    /// DQ069: red or overdue action without commentary.
    DQ069,
    /// DQ070: overdue action without a revised date.
    DQ070,
    /// DQ071: progress went backwards.
    DQ071,
    /// DQ072: owner's RAG rosier than ipr's.
    DQ072,
}

/// What a finding is about (JSON `kind`): an indicator, or an action of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An indicator (`indicator` holds its code).
    Indicator,
    /// An action or milestone (`indicator` holds its Ref).
    Action,
}

/// What the catalogue knows of one rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleInfo {
    /// The rule.
    pub rule: Rule,
    /// Stable id, e.g. `DQ010`.
    pub id: &'static str,
    /// Dimension.
    pub dimension: Dimension,
    /// Severity unless the council's `ipr.toml` changes it.
    pub severity: Severity,
    /// Short name.
    pub name: &'static str,
    /// What to do, shown as the finding's hint.
    pub hint: &'static str,
    /// An error under this rule means the figure itself is wrong: it is withheld
    /// from assessment (shown as missing) unless the council downgrades the rule.
    pub withholds_value: bool,
}

use Dimension::*;
use Severity::*;

/// Every rule, in id order (the order of [`Rule`]'s variants).
pub const RULES: &[RuleInfo] = &[
    RuleInfo { rule: Rule::DQ001, id: "DQ001", dimension: Completeness, severity: Error, name: "required indicator absent", withholds_value: false,
        hint: "Add a row for this indicator with its value for the period, or ask the performance team to mark it not required." },
    RuleInfo { rule: Rule::DQ002, id: "DQ002", dimension: Completeness, severity: Error, name: "required indicator blank", withholds_value: false,
        hint: "Enter the value for the period. If it really is not available, say why in the Commentary." },
    RuleInfo { rule: Rule::DQ003, id: "DQ003", dimension: Completeness, severity: Error, name: "return missing", withholds_value: false,
        hint: "Chase the directorate for its return, or check the file is in the folder given to ipr." },
    RuleInfo { rule: Rule::DQ004, id: "DQ004", dimension: Completeness, severity: Error, name: "red indicator without commentary", withholds_value: false,
        hint: "Add commentary explaining the shortfall and what is being done about it." },
    RuleInfo { rule: Rule::DQ005, id: "DQ005", dimension: Completeness, severity: Error, name: "return unreadable", withholds_value: false,
        hint: "Open the file in Excel and save it again as .xlsx, then run again." },
    RuleInfo { rule: Rule::DQ006, id: "DQ006", dimension: Completeness, severity: Error, name: "directorate not settled", withholds_value: false,
        hint: "Put 'Directorate:' and the directorate's name as in the register in the top rows, or name the file after the directorate." },
    RuleInfo { rule: Rule::DQ007, id: "DQ007", dimension: Completeness, severity: Error, name: "no table found", withholds_value: false,
        hint: "Give the sheet a header row in its first 30 rows with a code column (Code, Ref, PI Ref, KPI Ref) and either a value column (Actual, Value, Outturn) or one column per period (Apr-26, May-26, ...); or describe the layout in a [[source]] section of ipr.toml, and check that section's sheet, header_row and columns." },
    RuleInfo { rule: Rule::DQ008, id: "DQ008", dimension: Relevance, severity: Warning, name: "a workbook ipr made, not a return", withholds_value: false,
        hint: "Keep ipr's reports out of the folders of returns; put completed remedial-action forms in the remedial folder beside the report, or give their folder with --actions." },
    RuleInfo { rule: Rule::DQ010, id: "DQ010", dimension: Validity, severity: Error, name: "not a number", withholds_value: false,
        hint: "Type a number only (for example 85 or 1,234); put words in the Commentary column; leave blank or write n/a if there is no value." },
    RuleInfo { rule: Rule::DQ011, id: "DQ011", dimension: Validity, severity: Error, name: "outside valid range", withholds_value: true,
        hint: "Check the figure: it is outside the range the register allows for this indicator." },
    RuleInfo { rule: Rule::DQ012, id: "DQ012", dimension: Validity, severity: Error, name: "negative count", withholds_value: true,
        hint: "A count cannot be negative: check the figure." },
    RuleInfo { rule: Rule::DQ013, id: "DQ013", dimension: Validity, severity: Error, name: "Excel error cell", withholds_value: false,
        hint: "Fix the formula in the cell so that it gives a number, or type the value." },
    RuleInfo { rule: Rule::DQ014, id: "DQ014", dimension: Validity, severity: Error, name: "formula without a saved value", withholds_value: false,
        hint: "Open the file in Excel, let it recalculate, and save it; or type the value." },
    RuleInfo { rule: Rule::DQ015, id: "DQ015", dimension: Validity, severity: Error, name: "unreadable period", withholds_value: false,
        hint: "Write the period as Sep-26, September 2026, 2026-09, Q2 2026/27 or 2026/27." },
    RuleInfo { rule: Rule::DQ016, id: "DQ016", dimension: Validity, severity: Error, name: "percentage given as a fraction", withholds_value: false,
        hint: "Type percentages as 85 or 85%, not 0.85." },
    RuleInfo { rule: Rule::DQ017, id: "DQ017", dimension: Validity, severity: Error, name: "two columns for one thing", withholds_value: false,
        hint: "Rename or delete one of the columns named, so that there is one code column and one value column, then run again." },
    RuleInfo { rule: Rule::DQ020, id: "DQ020", dimension: Relevance, severity: Error, name: "code not in the register", withholds_value: false,
        hint: "Check the code against the register; if it is a new indicator, ask the performance team to add it." },
    RuleInfo { rule: Rule::DQ021, id: "DQ021", dimension: Relevance, severity: Error, name: "indicator of another directorate", withholds_value: false,
        hint: "Remove the row: this indicator is returned by the directorate that owns it." },
    RuleInfo { rule: Rule::DQ030, id: "DQ030", dimension: Reliability, severity: Error, name: "conflicting values", withholds_value: false,
        hint: "Keep one value for the indicator and period and delete the other." },
    RuleInfo { rule: Rule::DQ031, id: "DQ031", dimension: Reliability, severity: Error, name: "year-to-date total falls", withholds_value: false,
        hint: "Check this period's year-to-date total and the previous period's: a year-to-date total includes every month of the year so far, so it cannot be lower than last period's. Correct whichever is wrong (a figure for the month alone instead of the year to date is the usual cause)." },
    RuleInfo { rule: Rule::DQ032, id: "DQ032", dimension: Reliability, severity: Warning, name: "restated", withholds_value: false,
        hint: "A figure for an earlier period has changed since the previous report. If the correction is right, explain it in the Data Note column (what changed and why), so the report can say it was restated; if it is not, put the figure back. Corrections belong in the period they are for, never as an adjustment to a later one." },
    RuleInfo { rule: Rule::DQ033, id: "DQ033", dimension: Reliability, severity: Warning, name: "the same file given twice", withholds_value: false,
        hint: "The file was read once. Keep one copy in the returns folder (delete or move the other), so that nobody edits one and sends the other." },
    RuleInfo { rule: Rule::DQ040, id: "DQ040", dimension: Accuracy, severity: Warning, name: "value disagrees with numerator and denominator", withholds_value: false,
        hint: "Check the value against Numerator / Denominator, or explain the difference in the Data Note column." },
    RuleInfo { rule: Rule::DQ041, id: "DQ041", dimension: Accuracy, severity: Warning, name: "value far outside its history", withholds_value: false,
        hint: "Check the figure (a misplaced decimal point, an extra digit, the wrong unit or the wrong period are the usual causes); if it is right, explain the change in the Data Note column." },
    RuleInfo { rule: Rule::DQ050, id: "DQ050", dimension: Timeliness, severity: Warning, name: "period later than the one being reported", withholds_value: false,
        hint: "Check the period on the return: it is after the period being reported." },
    RuleInfo { rule: Rule::DQ051, id: "DQ051", dimension: Timeliness, severity: Warning, name: "value copied forward", withholds_value: false,
        hint: "Check the figure has been updated for this period; if it really has not changed, say so in the Data Note column." },
    RuleInfo { rule: Rule::DQ060, id: "DQ060", dimension: Relevance, severity: Error, name: "action not in the plan", withholds_value: false,
        hint: "Check the Ref against the action plan; if it is a new action, ask the performance team to add it to the plan." },
    RuleInfo { rule: Rule::DQ061, id: "DQ061", dimension: Relevance, severity: Error, name: "action of another directorate", withholds_value: false,
        hint: "Remove the row: this action's progress is reported by the directorate that owns it in the plan." },
    RuleInfo { rule: Rule::DQ062, id: "DQ062", dimension: Validity, severity: Error, name: "status not recognised", withholds_value: false,
        hint: "Write the status as one of: not started, in progress, complete, deferred, cancelled (or on track, at risk, off track); a RAG column takes green, amber, red or blue." },
    RuleInfo { rule: Rule::DQ063, id: "DQ063", dimension: Validity, severity: Error, name: "% complete not a number from 0 to 100", withholds_value: false,
        hint: "Type % complete as a number from 0 to 100, such as 85 or 85%, not 0.85; leave it blank if it is not known." },
    RuleInfo { rule: Rule::DQ064, id: "DQ064", dimension: Validity, severity: Error, name: "date that cannot be read", withholds_value: false,
        hint: "Write the date day first, as 30/09/2026 or 30 Sep 2026, or as a period such as Sep-26 or Q2 2026/27; or format the cell as a date." },
    RuleInfo { rule: Rule::DQ065, id: "DQ065", dimension: Accuracy, severity: Error, name: "status and progress disagree", withholds_value: false,
        hint: "Make Status and % complete agree: a complete action is at 100%, an action at 100% is complete, and one not started is at 0%." },
    RuleInfo { rule: Rule::DQ066, id: "DQ066", dimension: Accuracy, severity: Error, name: "date out of order", withholds_value: false,
        hint: "Check the date: an action cannot be completed after the end of the period being reported, and no revised or completion date can be before the action's Start." },
    RuleInfo { rule: Rule::DQ067, id: "DQ067", dimension: Reliability, severity: Error, name: "conflicting updates for an action", withholds_value: false,
        hint: "Keep one row for the action and delete the other." },
    RuleInfo { rule: Rule::DQ068, id: "DQ068", dimension: Completeness, severity: Error, name: "action update missing", withholds_value: false,
        hint: "Add a row for the action with its Status and % complete for the period; if it is finished or cancelled, say so in its Status." },
    RuleInfo { rule: Rule::DQ069, id: "DQ069", dimension: Completeness, severity: Warning, name: "red or overdue action without commentary", withholds_value: false,
        hint: "Add commentary saying why the action is behind and what is being done about it." },
    RuleInfo { rule: Rule::DQ070, id: "DQ070", dimension: Completeness, severity: Warning, name: "overdue action without a revised date", withholds_value: false,
        hint: "Give the Revised Date by which the action will now be done, or mark it complete; if there is a reason for neither, explain it in the Data Note column." },
    RuleInfo { rule: Rule::DQ071, id: "DQ071", dimension: Reliability, severity: Warning, name: "progress went backwards", withholds_value: false,
        hint: "Check Status and % complete against the previous report. If the action really went back (reopened or rescoped), explain it in the Data Note column; if not, put the figure right." },
    RuleInfo { rule: Rule::DQ072, id: "DQ072", dimension: Accuracy, severity: Warning, name: "owner's RAG rosier than ipr's", withholds_value: false,
        hint: "Check the RAG against the dates and % complete: update the RAG, the % complete or the Revised Date, or explain the difference in the Data Note column." },
];

impl Rule {
    /// The catalogue entry.
    pub fn info(self) -> &'static RuleInfo {
        // RULES is in variant order (checked by a test), so this is an index.
        &RULES[self as usize]
    }

    /// Stable id, e.g. `DQ011`.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// The rule with this id, if there is one.
    pub fn from_id(id: &str) -> Option<Rule> {
        RULES.iter().find(|r| r.id == id).map(|r| r.rule)
    }

    /// What a finding under this rule is about: the action rules (DQ060 to
    /// DQ072) are about actions of the plan.
    pub fn kind(self) -> Kind {
        if (Rule::DQ060..=Rule::DQ072).contains(&self) {
            Kind::Action
        } else {
            Kind::Indicator
        }
    }

    /// True when `id` (a finding's rule) is this rule.
    pub fn is(self, id: &str) -> bool {
        self.id() == id
    }
}

/// A rule equals its id, so `finding.rule == "DQ011"` reads as it always did.
impl PartialEq<&str> for Rule {
    fn eq(&self, id: &&str) -> bool {
        self.id() == *id
    }
}

impl PartialEq<str> for Rule {
    fn eq(&self, id: &str) -> bool {
        self.id() == id
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// The catalogue entry for a rule id as it appears in a finding.
pub fn info_of(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_in_variant_order() {
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.rule as usize, i, "{}", r.id);
            assert_eq!(format!("{:?}", r.rule), r.id);
            assert_eq!(Rule::from_id(r.id), Some(r.rule));
        }
    }

    #[test]
    fn ids_are_unique_and_ordered() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "{} before {}",
                pair[0].id,
                pair[1].id
            );
        }
    }

    #[test]
    fn defaults_follow_the_spec() {
        for r in RULES {
            let expected = match (r.dimension, r.rule) {
                // SPEC section 13: the action rules' own table.
                (_, Rule::DQ065 | Rule::DQ066) => Error,
                (_, Rule::DQ069 | Rule::DQ070 | Rule::DQ071) => Warning,
                (Accuracy | Timeliness, _) => Warning,
                // SPEC section 10: a restated figure is a reliability warning.
                (_, Rule::DQ032) => Warning,
                // SPEC section 3: the same file given twice is read once and
                // "named in a reliability warning".
                (_, Rule::DQ033) => Warning,
                // Not a return at all, so nothing in it can be wrong: said, and
                // never counted as an error (docs/decisions.md, "Hostile inputs").
                (_, Rule::DQ008) => Warning,
                _ => Error,
            };
            assert_eq!(r.severity, expected, "{}", r.id);
        }
    }
}

#[cfg(test)]
mod kind_tests {
    use super::*;

    #[test]
    fn the_action_rules_are_about_actions() {
        let actions: Vec<&str> = RULES
            .iter()
            .filter(|r| r.rule.kind() == Kind::Action)
            .map(|r| r.id)
            .collect();
        assert_eq!(actions.len(), 13);
        assert_eq!((actions[0], actions[12]), ("DQ060", "DQ072"));
        assert_eq!(Rule::DQ051.kind(), Kind::Indicator);
        assert_eq!(serde_json::to_value(Kind::Action).unwrap(), "action");
    }
}

#[cfg(test)]
mod docs_tests {
    use super::*;

    /// docs/rules.md must list every rule with its dimension and default severity.
    #[test]
    fn docs_list_every_rule() {
        let docs = include_str!("../../docs/rules.md");
        for r in RULES {
            let row = format!(
                "| {} | {} | {} |",
                r.id,
                r.dimension.as_str(),
                r.severity.as_str()
            );
            assert!(
                docs.contains(&row),
                "docs/rules.md has no row starting {row}"
            );
        }
        let listed = docs.lines().filter(|l| l.starts_with("| DQ")).count();
        assert_eq!(
            listed,
            RULES.len(),
            "docs/rules.md lists rules that the code does not have"
        );
    }
}
