//! The rule catalogue. `docs/rules.md` mirrors this table; keep them in step.

use super::finding::{Dimension, Finding, Severity};

/// One data-quality rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
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
}

use Dimension::*;
use Severity::*;

/// Every rule, in id order.
pub const RULES: &[Rule] = &[
    Rule { id: "DQ001", dimension: Completeness, severity: Error, name: "required indicator absent",
        hint: "Add a row for this indicator with its value for the period, or ask the performance team to mark it not required." },
    Rule { id: "DQ002", dimension: Completeness, severity: Error, name: "required indicator blank",
        hint: "Enter the value for the period. If it really is not available, say why in the Commentary." },
    Rule { id: "DQ003", dimension: Completeness, severity: Error, name: "return missing",
        hint: "Chase the directorate for its return, or check the file is in the folder given to ipr." },
    Rule { id: "DQ004", dimension: Completeness, severity: Error, name: "red indicator without commentary",
        hint: "Add commentary explaining the shortfall and what is being done about it." },
    Rule { id: "DQ005", dimension: Completeness, severity: Error, name: "return unreadable",
        hint: "Open the file in Excel and save it again as .xlsx, then run again." },
    Rule { id: "DQ006", dimension: Completeness, severity: Error, name: "directorate not settled",
        hint: "Put 'Directorate:' and the directorate's name as in the register in the top rows, or name the file after the directorate." },
    Rule { id: "DQ007", dimension: Completeness, severity: Error, name: "no table found",
        hint: "Give the sheet a header row in its first 30 rows with a code column (Code, Ref, PI Ref, KPI Ref) and either a value column (Actual, Value, Outturn) or one column per period (Apr-26, May-26, ...); or describe the layout in a [[source]] section of ipr.toml, and check that section's sheet, header_row and columns." },
    Rule { id: "DQ010", dimension: Validity, severity: Error, name: "not a number",
        hint: "Type a number only (for example 85 or 1,234); put words in the Commentary column; leave blank or write n/a if there is no value." },
    Rule { id: "DQ011", dimension: Validity, severity: Error, name: "outside valid range",
        hint: "Check the figure: it is outside the range the register allows for this indicator." },
    Rule { id: "DQ012", dimension: Validity, severity: Error, name: "negative count",
        hint: "A count cannot be negative: check the figure." },
    Rule { id: "DQ013", dimension: Validity, severity: Error, name: "Excel error cell",
        hint: "Fix the formula in the cell so that it gives a number, or type the value." },
    Rule { id: "DQ014", dimension: Validity, severity: Error, name: "formula without a saved value",
        hint: "Open the file in Excel, let it recalculate, and save it; or type the value." },
    Rule { id: "DQ015", dimension: Validity, severity: Error, name: "unreadable period",
        hint: "Write the period as Sep-26, September 2026, 2026-09, Q2 2026/27 or 2026/27." },
    Rule { id: "DQ016", dimension: Validity, severity: Error, name: "percentage given as a fraction",
        hint: "Type percentages as 85 or 85%, not 0.85." },
    Rule { id: "DQ017", dimension: Validity, severity: Error, name: "two columns for one thing",
        hint: "Rename or delete one of the columns named, so that there is one code column and one value column, then run again." },
    Rule { id: "DQ020", dimension: Relevance, severity: Error, name: "code not in the register",
        hint: "Check the code against the register; if it is a new indicator, ask the performance team to add it." },
    Rule { id: "DQ021", dimension: Relevance, severity: Error, name: "indicator of another directorate",
        hint: "Remove the row: this indicator is returned by the directorate that owns it." },
    Rule { id: "DQ030", dimension: Reliability, severity: Error, name: "conflicting values",
        hint: "Keep one value for the indicator and period and delete the other." },
    Rule { id: "DQ031", dimension: Reliability, severity: Error, name: "year-to-date total falls",
        hint: "Check this period's year-to-date total and the previous period's: a year-to-date total includes every month of the year so far, so it cannot be lower than last period's. Correct whichever is wrong (a figure for the month alone instead of the year to date is the usual cause)." },
    Rule { id: "DQ040", dimension: Accuracy, severity: Warning, name: "value disagrees with numerator and denominator",
        hint: "Check the value against Numerator / Denominator, or explain the difference in the Data Note column." },
    Rule { id: "DQ041", dimension: Accuracy, severity: Warning, name: "value far outside its history",
        hint: "Check the figure (a misplaced decimal point, an extra digit, the wrong unit or the wrong period are the usual causes); if it is right, explain the change in the Data Note column." },
    Rule { id: "DQ050", dimension: Timeliness, severity: Warning, name: "period later than the one being reported",
        hint: "Check the period on the return: it is after the period being reported." },
    Rule { id: "DQ051", dimension: Timeliness, severity: Warning, name: "value copied forward",
        hint: "Check the figure has been updated for this period; if it really has not changed, say so in the Data Note column." },
];

/// Look a rule up by id.
pub fn rule(id: &str) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("rule {id} is not in the catalogue"))
}

/// Start a finding for a rule at a file, with the rule's default severity and hint.
pub fn finding(id: &'static str, file: &str, message: String) -> Finding {
    let r = rule(id);
    Finding {
        rule: r.id,
        severity: r.severity,
        dimension: r.dimension,
        file: file.to_string(),
        sheet: String::new(),
        cell: None,
        directorate: None,
        indicator: None,
        period: None,
        value: None,
        message,
        hint: r.hint.to_string(),
        explained: false,
        note: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let expected = match r.dimension {
                Accuracy | Timeliness => Warning,
                _ => Error,
            };
            assert_eq!(r.severity, expected, "{}", r.id);
        }
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
