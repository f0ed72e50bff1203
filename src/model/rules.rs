//! The rule catalogue: every data-quality rule, its id, dimension, default
//! severity, what triggers it and its hint. The one source: `docs/rules.md`
//! is written from it (a test fails until it is), and tests name rules as
//! `Rule::DQ011`, never by their text.
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
    /// DQ080: budget line not in the budget.
    DQ080,
    /// DQ081: not an amount of money.
    DQ081,
    /// DQ082: no forecast outturn.
    DQ082,
    /// DQ083: budget differs from the approved budget.
    DQ083,
    /// DQ084: spend to date above the forecast outturn.
    DQ084,
    /// DQ085: variance beyond tolerance without commentary.
    DQ085,
    /// DQ086: conflicting figures for a budget line.
    DQ086,
    /// DQ087: budget line of another directorate.
    DQ087,
    /// DQ088: a month outside the budget's financial year.
    DQ088,
}

/// What a finding is about (JSON `kind`): an indicator, an action of the
/// plan, or a line of the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An indicator (`indicator` holds its code).
    Indicator,
    /// An action or milestone (`indicator` holds its Ref).
    Action,
    /// A budget line (`indicator` holds its Ref).
    Budget,
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
    /// What triggers it, in full: `docs/rules.md` is written from this and
    /// [`RuleInfo::hint`].
    pub triggers: &'static str,
}

use Dimension::*;
use Severity::*;

/// Every rule, in id order (the order of [`Rule`]'s variants).
pub const RULES: &[RuleInfo] = &[
    RuleInfo { rule: Rule::DQ001, id: "DQ001", dimension: Completeness, severity: Error, name: "required indicator absent", withholds_value: false,
        triggers: "A required indicator due this period has no row in the directorate's return. Quarterly indicators are due at quarter ends, annual ones at year end.",
        hint: "Add a row for this indicator with its value for the period, or ask the performance team to mark it not required." },
    RuleInfo { rule: Rule::DQ002, id: "DQ002", dimension: Completeness, severity: Error, name: "required indicator blank", withholds_value: false,
        triggers: "A required indicator due this period has a row but no value (blank, `n/a`, `TBC`, `-`, `..`, or a configured sentinel).",
        hint: "Enter the value for the period. If it really is not available, say why in the Commentary." },
    RuleInfo { rule: Rule::DQ003, id: "DQ003", dimension: Completeness, severity: Error, name: "return missing", withholds_value: false,
        triggers: "`consolidate` found no return from a directorate that has required indicators due.",
        hint: "Chase the directorate for its return, or check the file is in the folder given to ipr." },
    RuleInfo { rule: Rule::DQ004, id: "DQ004", dimension: Completeness, severity: Error, name: "red indicator without commentary", withholds_value: false,
        triggers: "An indicator is red for the period and its Commentary is empty. The cell named is the value cell.",
        hint: "Add commentary explaining the shortfall and what is being done about it." },
    RuleInfo { rule: Rule::DQ005, id: "DQ005", dimension: Completeness, severity: Error, name: "return unreadable", withholds_value: false,
        triggers: "A return could not be read at all: damaged, password-protected, not a spreadsheet, too big, or the path does not exist. Also one sheet that was not read while the others were: a damaged sheet (error), or a chart or dialog sheet (warning). The hint is fitted to the cause: remove the password, delete the rows beyond the table, send an .xlsx, or open the file in Excel and save it again as .xlsx.",
        hint: "Open the file in Excel and save it again as .xlsx, then run again." },
    RuleInfo { rule: Rule::DQ006, id: "DQ006", dimension: Completeness, severity: Error, name: "directorate not settled", withholds_value: false,
        triggers: "The directorate of a return cannot be settled: no `Directorate:` cell, and the file and folder names name no directorate in the register; or the `Directorate:` cell names one that is not in the register.",
        hint: "Put 'Directorate:' and the directorate's name as in the register in the top rows, or name the file after the directorate." },
    RuleInfo { rule: Rule::DQ007, id: "DQ007", dimension: Completeness, severity: Error, name: "no table found", withholds_value: false,
        triggers: "No visible sheet has a header row in its first 30 rows with a code column and either a value column (long layout) or at least two period columns (wide layout); or a `[[source]]` in `ipr.toml` matches the file but its sheet, header row or columns are not there (the message says what was expected and what was found).",
        hint: "Give the sheet a header row in its first 30 rows with a code column (Code, Ref, PI Ref, KPI Ref) and either a value column (Actual, Value, Outturn) or one column per period (Apr-26, May-26, ...); or describe the layout in a [[source]] section of ipr.toml, and check that section's sheet, header_row and columns." },
    RuleInfo { rule: Rule::DQ008, id: "DQ008", dimension: Relevance, severity: Warning, name: "a workbook ipr made, not a return", withholds_value: false,
        triggers: "A workbook that ipr itself made was found among the returns: a consolidated report (known by its About sheet) or a remedial-action form (known by its hidden `ipr_metadata` sheet). It is not read as a return. The output folder and its `remedial` folder are never searched for returns at all.",
        hint: "Keep ipr's reports out of the folders of returns; put completed remedial-action forms in the remedial folder beside the report, or give their folder with --actions." },
    RuleInfo { rule: Rule::DQ010, id: "DQ010", dimension: Validity, severity: Error, name: "not a number", withholds_value: false,
        triggers: "A value, numerator, denominator, target or forecast cell holds text that is not a number (`see comment`), TRUE/FALSE, or a date.",
        hint: "Type a number only (for example 85 or 1,234); put words in the Commentary column; leave blank or write n/a if there is no value." },
    RuleInfo { rule: Rule::DQ011, id: "DQ011", dimension: Validity, severity: Error, name: "outside valid range", withholds_value: true,
        triggers: "The value is outside the register's Min/Max (for percent units 0 to 100 unless the register says otherwise).",
        hint: "Check the figure: it is outside the range the register allows for this indicator." },
    RuleInfo { rule: Rule::DQ012, id: "DQ012", dimension: Validity, severity: Error, name: "negative count", withholds_value: true,
        triggers: "A `count` indicator is negative.",
        hint: "A count cannot be negative: check the figure." },
    RuleInfo { rule: Rule::DQ013, id: "DQ013", dimension: Validity, severity: Error, name: "Excel error cell", withholds_value: false,
        triggers: "The cell is an Excel error (`#DIV/0!`, `#REF!`, `#N/A`, `#VALUE!`, `#NAME?`, `#NUM!`, `#NULL!`). Never read as zero.",
        hint: "Fix the formula in the cell so that it gives a number, or type the value." },
    RuleInfo { rule: Rule::DQ014, id: "DQ014", dimension: Validity, severity: Error, name: "formula without a saved value", withholds_value: false,
        triggers: "The cell holds a formula but the file holds no saved result (the file was written by a program that does not calculate, or saved without recalculating). Never read as zero.",
        hint: "Open the file in Excel, let it recalculate, and save it; or type the value." },
    RuleInfo { rule: Rule::DQ015, id: "DQ015", dimension: Validity, severity: Error, name: "unreadable period", withholds_value: false,
        triggers: "The period of a return (its `Period:`/`Month:` cell, a Period column, or the file name) cannot be read, or is missing altogether.",
        hint: "Write the period as Sep-26, September 2026, 2026-09, Q2 2026/27 or 2026/27." },
    RuleInfo { rule: Rule::DQ016, id: "DQ016", dimension: Validity, severity: Error, name: "percentage given as a fraction", withholds_value: false,
        triggers: "A percent indicator's value is a bare fraction such as 0.85 in a General-format cell: it could mean 85% or 0.85%, so it is not read either way.",
        hint: "Type percentages as 85 or 85%, not 0.85." },
    RuleInfo { rule: Rule::DQ017, id: "DQ017", dimension: Validity, severity: Error, name: "two columns for one thing", withholds_value: false,
        triggers: "A long table's header row has two columns that could each be the code column, or two that could each be the value column (`Actual` and `Value`, or `Performance` twice). The table is not read: which column holds the period's figures would be a guess. Both cells are named.",
        hint: "Rename or delete one of the columns named, so that there is one code column and one value column, then run again." },
    RuleInfo { rule: Rule::DQ020, id: "DQ020", dimension: Relevance, severity: Error, name: "code not in the register", withholds_value: false,
        triggers: "A row's code is not in the register (and the row has a value; a label alone is taken as a heading). When most of a file's different codes (10 or more different codes) are not in the register, the file looks like another organisation's or system's: one finding says \"N of M codes are not in the register\" and lists the first 20, instead of one per row. Codes are counted, not rows: one unknown code on many rows (a year of an upload file) is a finding at each of its cells.",
        hint: "Check the code against the register; if it is a new indicator, ask the performance team to add it." },
    RuleInfo { rule: Rule::DQ021, id: "DQ021", dimension: Relevance, severity: Error, name: "indicator of another directorate", withholds_value: false,
        triggers: "An indicator is returned by a directorate that does not own it. Its value is not used.",
        hint: "Remove the row: this indicator is returned by the directorate that owns it." },
    RuleInfo { rule: Rule::DQ030, id: "DQ030", dimension: Reliability, severity: Error, name: "conflicting values", withholds_value: false,
        triggers: "The same indicator and period is given twice with different values, in one return or across returns. Both places are named; neither value is used until one is removed.",
        hint: "Keep one value for the indicator and period and delete the other." },
    RuleInfo { rule: Rule::DQ031, id: "DQ031", dimension: Reliability, severity: Error, name: "year-to-date total falls", withholds_value: false,
        triggers: "A `cumulative` (year-to-date) indicator's value for a period (each up to the one being reported) is lower than its value for the period before, in the same financial year. Not assessed in the first period of a year, where the total starts again.",
        hint: "Check this period's year-to-date total and the previous period's: a year-to-date total includes every month of the year so far, so it cannot be lower than last period's. Correct whichever is wrong (a figure for the month alone instead of the year to date is the usual cause)." },
    RuleInfo { rule: Rule::DQ032, id: "DQ032", dimension: Reliability, severity: Warning, name: "restated", withholds_value: false,
        triggers: "A figure for an earlier period differs, at the indicator's reporting precision (its Decimals), from the figure the previous report (`IPR-<previous period>.json` in the output folder, or `--previous FILE`) used for that indicator and period. The message gives both figures and both places (file, sheet, cell); the finding points at the cell that changed, and the History sheet marks the row `restated`. A figure the previous report did not have (a late return) is not a restatement: the History sheet marks it `late`. Only run with a previous report that lists the values it used (`values_used`). A warning, not an error, since corrections are right to make: in the period they belong to, and explained.",
        hint: "A figure for an earlier period has changed since the previous report. If the correction is right, explain it in the Data Note column (what changed and why), so the report can say it was restated; if it is not, put the figure back. Corrections belong in the period they are for, never as an adjustment to a later one." },
    RuleInfo { rule: Rule::DQ033, id: "DQ033", dimension: Reliability, severity: Warning, name: "the same file given twice", withholds_value: false,
        triggers: "The same file (the same SHA-256) is given twice, under two names or in two folders (\"Copy of Resources-2026-09.xlsx\"). It is read once, under the first name; both names are given.",
        hint: "The file was read once. Keep one copy in the returns folder (delete or move the other), so that nobody edits one and sends the other." },
    RuleInfo { rule: Rule::DQ040, id: "DQ040", dimension: Accuracy, severity: Warning, name: "value disagrees with numerator and denominator", withholds_value: false,
        triggers: "The value disagrees with Numerator / Denominator x Multiplier by more than 2% of the larger of the two (as Python's `math.isclose(rel_tol=0.02)`; a 0 against a non-zero ratio disagrees). Not tested where Multiplier is `none` or the denominator is 0. The 2% is `ratio_tolerance` in `ipr.toml`.",
        hint: "Check the value against Numerator / Denominator, or explain the difference in the Data Note column." },
    RuleInfo { rule: Rule::DQ041, id: "DQ041", dimension: Accuracy, severity: Warning, name: "value far outside its history", withholds_value: false,
        triggers: "A value (for each period up to the one being reported) is far outside the indicator's own history: its robust z-score, the distance from the median of every earlier value found among the returns (normally this year's and last year's) divided by their median absolute deviation x 1.4826, is above 3.5. Needs at least 6 earlier values; not assessed where the deviation is 0 (a flat history). The message gives the median and the range of the earlier values. Thresholds are `outlier_z` and `outlier_min_points` under `[history]` in `ipr.toml`.",
        hint: "Check the figure (a misplaced decimal point, an extra digit, the wrong unit or the wrong period are the usual causes); if it is right, explain the change in the Data Note column." },
    RuleInfo { rule: Rule::DQ050, id: "DQ050", dimension: Timeliness, severity: Warning, name: "period later than the one being reported", withholds_value: false,
        triggers: "A return is for a period later than the one being reported.",
        hint: "Check the period on the return: it is after the period being reported." },
    RuleInfo { rule: Rule::DQ051, id: "DQ051", dimension: Timeliness, severity: Warning, name: "value copied forward", withholds_value: false,
        triggers: "A value (for each period up to the one being reported) is exactly the same as in each of the 3 periods before it (four periods running, consecutive, none missing): it may have been copied forward. The 3 is `copied_forward_periods` under `[history]` in `ipr.toml`.",
        hint: "Check the figure has been updated for this period; if it really has not changed, say so in the Data Note column." },
    RuleInfo { rule: Rule::DQ060, id: "DQ060", dimension: Relevance, severity: Error, name: "action not in the plan", withholds_value: false,
        triggers: "A row of an action table (SPEC section 13) gives a Ref that is not in the action plan. The row is not used.",
        hint: "Check the Ref against the action plan; if it is a new action, ask the performance team to add it to the plan." },
    RuleInfo { rule: Rule::DQ061, id: "DQ061", dimension: Relevance, severity: Error, name: "action of another directorate", withholds_value: false,
        triggers: "An action's progress is given by a directorate that does not own it in the plan. The row is not used.",
        hint: "Remove the row: this action's progress is reported by the directorate that owns it in the plan." },
    RuleInfo { rule: Rule::DQ062, id: "DQ062", dimension: Validity, severity: Error, name: "status not recognised", withholds_value: false,
        triggers: "A Status cell is none of the status words (`not started`, `in progress`, `complete`, `deferred`, `cancelled` and their synonyms, or a RAG word such as `on track`), or a RAG cell is none of `green`, `amber`, `red`, `blue` (or G, A, R, B, or the RAG words). Case, spaces and punctuation are ignored.",
        hint: "Write the status as one of: not started, in progress, complete, deferred, cancelled (or on track, at risk, off track); a RAG column takes green, amber, red or blue." },
    RuleInfo { rule: Rule::DQ063, id: "DQ063", dimension: Validity, severity: Error, name: "% complete not a number from 0 to 100", withholds_value: false,
        triggers: "% complete is not a number from 0 to 100: text, an Excel error, below 0, above 100, or a bare fraction (a number strictly between 0 and 1 in a cell not formatted as a percentage: 0.85 could mean 85% or 0.85%). `85%` typed in Excel is 85. A blank is no value.",
        hint: "Type % complete as a number from 0 to 100, such as 85 or 85%, not 0.85; leave it blank if it is not known." },
    RuleInfo { rule: Rule::DQ064, id: "DQ064", dimension: Validity, severity: Error, name: "date that cannot be read", withholds_value: false,
        triggers: "A Revised or Completed date cannot be read: text that is no date (`soon`), a date written month first (`09/30/2026`), a day that does not exist (`31/06/2026`), an Excel error, or a bare number (a date whose cell lost its date format). Dates are read day first; a period (`Sep-26`, `Q3 2026/27`) means its last day.",
        hint: "Write the date day first, as 30/09/2026 or 30 Sep 2026, or as a period such as Sep-26 or Q2 2026/27; or format the cell as a date." },
    RuleInfo { rule: Rule::DQ065, id: "DQ065", dimension: Accuracy, severity: Error, name: "status and progress disagree", withholds_value: false,
        triggers: "Status and % complete disagree: complete below 100%; 100% but not complete; not started above 0%. Not assessed where Status or % complete is blank.",
        hint: "Make Status and % complete agree: a complete action is at 100%, an action at 100% is complete, and one not started is at 0%." },
    RuleInfo { rule: Rule::DQ066, id: "DQ066", dimension: Accuracy, severity: Error, name: "date out of order", withholds_value: false,
        triggers: "A completion date after the last day of the period being reported (a completion on that day is not after it), or a revised or completion date before the action's Start in the plan.",
        hint: "Check the date: an action cannot be completed after the end of the period being reported, and no revised or completion date can be before the action's Start." },
    RuleInfo { rule: Rule::DQ067, id: "DQ067", dimension: Reliability, severity: Error, name: "conflicting updates for an action", withholds_value: false,
        triggers: "The same action is given twice for the period (in one return or across returns) with a different status, % complete, revised date or completion date. Both rows are named; neither is used, and the action is assessed as having no update. Two identical rows are one update.",
        hint: "Keep one row for the action and delete the other." },
    RuleInfo { rule: Rule::DQ068, id: "DQ068", dimension: Completeness, severity: Error, name: "action update missing", withholds_value: false,
        triggers: "An action of the plan has no row in any return for the period. Only actions that were not complete or cancelled in the previous report are due an update (without a previous report, every action is). `ipr check` looks only at the actions of the return's directorate.",
        hint: "Add a row for the action with its Status and % complete for the period; if it is finished or cancelled, say so in its Status." },
    RuleInfo { rule: Rule::DQ069, id: "DQ069", dimension: Completeness, severity: Warning, name: "red or overdue action without commentary", withholds_value: false,
        triggers: "An action that ipr rates `red` or `overdue` has no commentary. Explained by the row's Data Note.",
        hint: "Add commentary saying why the action is behind and what is being done about it." },
    RuleInfo { rule: Rule::DQ070, id: "DQ070", dimension: Completeness, severity: Warning, name: "overdue action without a revised date", withholds_value: false,
        triggers: "An action that ipr rates `overdue` has no revised date. Explained by the row's Data Note.",
        hint: "Give the Revised Date by which the action will now be done, or mark it complete; if there is a reason for neither, explain it in the Data Note column." },
    RuleInfo { rule: Rule::DQ071, id: "DQ071", dimension: Reliability, severity: Warning, name: "progress went backwards", withholds_value: false,
        triggers: "Progress went backwards since the previous report: % complete is lower, or the action was complete then and is not now. Explained by the row's Data Note.",
        hint: "Check Status and % complete against the previous report. If the action really went back (reopened or rescoped), explain it in the Data Note column; if not, put the figure right." },
    RuleInfo { rule: Rule::DQ072, id: "DQ072", dimension: Accuracy, severity: Warning, name: "owner's RAG rosier than ipr's", withholds_value: false,
        triggers: "The owner's RAG (from the RAG column, or a RAG word in Status) is green or blue but ipr rates the action amber, red or overdue, or it is amber where ipr says red or overdue. An owner gloomier than ipr raises nothing. Explained by the row's Data Note.",
        hint: "Check the RAG against the dates and % complete: update the RAG, the % complete or the Revised Date, or explain the difference in the Data Note column." },
    RuleInfo { rule: Rule::DQ080, id: "DQ080", dimension: Relevance, severity: Error, name: "budget line not in the budget", withholds_value: false,
        triggers: "A row of a budget table (SPEC section 16) gives a Ref that is not a line of the budget, and holds a figure (a Ref with no figures is taken as a heading; `Total`, `Subtotal` and `Grand total` rows are not lines). The row is not used.",
        hint: "Check the Ref against the budget; if it is a new cost centre, ask the finance team to add it to the budget." },
    RuleInfo { rule: Rule::DQ081, id: "DQ081", dimension: Validity, severity: Error, name: "not an amount of money", withholds_value: false,
        triggers: "A forecast outturn, budget or spend to date is not an amount of money: words, a percentage, another currency, an Excel error, a formula without a saved value, or a trillion pounds or more. Amounts are read as finance teams write them: `£1,200`, `1,200.50`, `1.2m`, `£1.2m`, `25k`, `(25,000)` for −25,000, numbers in cells. Only a forecast that is no amount makes the line's forecast unusable (`rag` `missing`); a budget or spend that is no amount withholds that figure alone.",
        hint: "Type the amount in pounds, such as 1,200, £1,200.50, £1.2m, 25k, or (25,000) for minus 25,000; put words in the Commentary column." },
    RuleInfo { rule: Rule::DQ082, id: "DQ082", dimension: Completeness, severity: Error, name: "no forecast outturn", withholds_value: false,
        triggers: "A budget line has no forecast outturn for the period: its forecast cell is blank (or `n/a`, `TBC`), found at that cell; or no return from the directorate that holds it has a row for it, found without a cell (in that directorate's return where there is one). `ipr check` looks only at the lines of the return's directorate.",
        hint: "Give the line's forecast outturn: what the service now expects to spend (or receive) in the whole financial year." },
    RuleInfo { rule: Rule::DQ083, id: "DQ083", dimension: Accuracy, severity: Warning, name: "budget differs from the approved budget", withholds_value: false,
        triggers: "The budget a return gives for a line differs from the approved budget by £1 or more (a virement not yet in the budget, or a slip). The approved budget is used. Explained by the row's Data Note.",
        hint: "If the budget has changed by a virement not yet in the approved budget, say so in the Data Note column; if not, correct the figure to the approved budget." },
    RuleInfo { rule: Rule::DQ084, id: "DQ084", dimension: Accuracy, severity: Warning, name: "spend to date above the forecast outturn", withholds_value: false,
        triggers: "Spend to date is strictly above the forecast outturn for the year (expenditure and capital), or income to date above the income forecast. Tested only where the forecast is positive and the approved budget is not negative (a net-surplus line is not tested). Explained by the row's Data Note.",
        hint: "Check the spend (or income) to date and the forecast outturn: the forecast for the whole year cannot be less than what is already spent or received. Correct whichever is wrong, or explain it in the Data Note column (a refund due back, say)." },
    RuleInfo { rule: Rule::DQ085, id: "DQ085", dimension: Completeness, severity: Warning, name: "variance beyond tolerance without commentary", withholds_value: false,
        triggers: "The variance (forecast − approved budget, adverse or favourable) is strictly beyond the line's tolerance and the row has no commentary (`Commentary`, `Variance Explanation`, `Comments`). A variance equal to the tolerance needs none. Explained by the row's Data Note.",
        hint: "Explain the variance in the Commentary (Variance Explanation) column: why the forecast differs from the budget, and what is being done about it." },
    RuleInfo { rule: Rule::DQ086, id: "DQ086", dimension: Reliability, severity: Error, name: "conflicting figures for a budget line", withholds_value: false,
        triggers: "The same line is given twice for the period (in one return or across returns) with a different forecast, budget or spend to date. Both rows are named; neither is used, and the line has no usable forecast (`rag` `missing`). Two identical rows are one.",
        hint: "Keep one row for the line and delete the other." },
    RuleInfo { rule: Rule::DQ087, id: "DQ087", dimension: Relevance, severity: Error, name: "budget line of another directorate", withholds_value: false,
        triggers: "A budget line's figures are given by a directorate that does not hold it in the budget. The row is not used.",
        hint: "Remove the row: this budget line is reported by the directorate that holds it in the budget." },
    RuleInfo { rule: Rule::DQ088, id: "DQ088", dimension: Relevance, severity: Warning, name: "month outside the budget's year", withholds_value: false,
        triggers: "The budget names its financial year (its `Year` column) and the month reported is in another year. The budget is not checked or reported for the month: one finding, at the budget, instead of a missing forecast for every line. `ipr check` raises it only for a return that gives budget lines.",
        hint: "To report this year's budget, give the budget for the month's financial year (its own file, named with `budget` in ipr.toml); to report performance only, nothing needs doing." },
];

impl Rule {
    /// The catalogue entry.
    pub const fn info(self) -> &'static RuleInfo {
        // RULES is in variant order (checked by a test), so this is an index.
        &RULES[self as usize]
    }

    /// Stable id, e.g. `DQ011`.
    pub const fn id(self) -> &'static str {
        self.info().id
    }

    /// The rule with this id, if there is one.
    pub fn from_id(id: &str) -> Option<Rule> {
        RULES.iter().find(|r| r.id == id).map(|r| r.rule)
    }

    /// What a finding under this rule is about: the action rules (DQ060 to
    /// DQ072) are about actions of the plan, the budget rules (DQ080 to
    /// DQ088) about lines of the budget.
    pub fn kind(self) -> Kind {
        if (Rule::DQ060..=Rule::DQ072).contains(&self) {
            Kind::Action
        } else if (Rule::DQ080..=Rule::DQ088).contains(&self) {
            Kind::Budget
        } else {
            Kind::Indicator
        }
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
                // SPEC section 16: the budget rules' own table.
                (_, Rule::DQ085) => Warning,
                // A month outside the budget's year (docs/decisions.md): said
                // once, and reporting last year's performance is no error.
                (_, Rule::DQ088) => Warning,
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

    #[test]
    fn the_budget_rules_are_about_budget_lines() {
        let budget: Vec<&str> = RULES
            .iter()
            .filter(|r| r.rule.kind() == Kind::Budget)
            .map(|r| r.id)
            .collect();
        assert_eq!(
            budget,
            ["DQ080", "DQ081", "DQ082", "DQ083", "DQ084", "DQ085", "DQ086", "DQ087", "DQ088"]
        );
        assert_eq!(Rule::DQ072.kind(), Kind::Action);
        assert_eq!(serde_json::to_value(Kind::Budget).unwrap(), "budget");
        // SPEC section 16: DQ087 is DQ061's twin, a relevance error.
        assert_eq!(
            (Rule::DQ087.info().dimension, Rule::DQ087.info().severity),
            (Rule::DQ061.info().dimension, Rule::DQ061.info().severity)
        );
    }
}

#[cfg(test)]
mod docs_tests {
    use super::*;

    const BEGIN: &str = "<!-- The table below is written from the rule catalogue (src/model/rules.rs): edit the catalogue, then run `IPR_WRITE_DOCS=1 cargo test --lib docs_are_the_catalogue`. -->";
    const END: &str = "<!-- End of the table written from the catalogue. -->";

    /// The rule table of `docs/rules.md`, every column from the catalogue.
    fn table() -> String {
        let mut t = String::from(
            "| id | dimension | severity | what triggers it | how to fix it |\n|---|---|---|---|---|\n",
        );
        for r in RULES {
            t.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                r.id,
                r.dimension.as_str(),
                r.severity.as_str(),
                r.triggers.replace('|', "\\|"),
                r.hint.replace('|', "\\|")
            ));
        }
        t
    }

    /// `docs/rules.md` is written from the catalogue: every rule, with its
    /// dimension, default severity, what triggers it and its hint, the very
    /// text a finding carries.
    #[test]
    fn docs_are_the_catalogue() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
        let docs = std::fs::read_to_string(path).expect("docs/rules.md");
        let (Some(begin), Some(end)) = (docs.find(BEGIN), docs.find(END)) else {
            panic!("docs/rules.md has lost its markers:\n{BEGIN}\n{END}");
        };
        let written = &docs[begin + BEGIN.len()..end];
        let wanted = format!("\n{}", table());
        if written != wanted && std::env::var_os("IPR_WRITE_DOCS").is_some() {
            let new = format!("{}{BEGIN}{wanted}{}", &docs[..begin], &docs[end..]);
            std::fs::write(path, new).expect("docs/rules.md written");
            return;
        }
        assert!(
            written == wanted,
            "docs/rules.md is not the rule catalogue: run `IPR_WRITE_DOCS=1 cargo test --lib docs_are_the_catalogue` to write it from src/model/rules.rs"
        );
    }
}
