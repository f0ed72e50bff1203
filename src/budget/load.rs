//! Loading the budget: its sheet, its header row (matched as the register's
//! is), and every row validated, each problem at its cell.

use super::cells::{is_total_label, money_of_cell, money_problem_words, tolerance_of_cell};
use super::BudgetError;
use crate::cellref::a1;
use crate::model::{Budget, BudgetLine, LineType, Money, Register, Tolerance};
use crate::period::Calendar;
use crate::read::value::ValueOptions;
use crate::read::{Book, Limits, Sheet};
use crate::register::{attribute_columns, find_header, RegisterProblem};
use crate::text::{header_key, normalise_code};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The sheet of the register workbook (or of the budget's own file) that
/// holds the budget.
pub const BUDGET_SHEET: &str = "Budgets";

/// Settings the budget needs to read its cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BudgetOptions {
    /// "No value" words: a Tolerance of `n/a` is the default.
    pub values: ValueOptions,
    /// File-size and sheet-size limits.
    pub limits: Limits,
    /// The financial year's start, for the `Year` column.
    pub calendar: Calendar,
}

/// The budget's columns and the header names each may have (compared after
/// [`header_key`]).
const COLUMNS: &[(&str, &[&str])] = &[
    (
        "ref",
        &[
            "ref",
            "budgetref",
            "budgetcode",
            "costcentre",
            "costcenter",
            "costcentrecode",
            "costcode",
            "servicecode",
            "code",
            "reference",
        ],
    ),
    (
        "service",
        &[
            "service",
            "servicename",
            "servicedescription",
            "description",
            "costcentrename",
            "costcentredescription",
            "budgetline",
            "name",
            "title",
        ],
    ),
    (
        "directorate",
        &["directorate", "directoratename", "department"],
    ),
    ("type", &["type", "linetype", "budgettype"]),
    (
        "budget",
        &[
            "budget",
            "annualbudget",
            "approvedbudget",
            "currentbudget",
            "revisedbudget",
        ],
    ),
    (
        "tolerance",
        &[
            "tolerance",
            "variancetolerance",
            "threshold",
            "reportingthreshold",
        ],
    ),
    (
        "holder",
        &[
            "holder",
            "budgetholder",
            "budgetmanager",
            "manager",
            "owner",
            "responsibleofficer",
        ],
    ),
    ("year", &["year", "financialyear", "budgetyear", "fy"]),
];

const REQUIRED: &[(&str, &str)] = &[
    ("ref", "Ref"),
    ("service", "Service"),
    ("directorate", "Directorate"),
    ("budget", "Budget"),
];

/// Loads the budget from its own file (`budget` in `ipr.toml`: `.xlsx`,
/// `.xls`, `.ods` or `.csv`): sheet `Budgets`, else the first visible sheet.
/// `display` names the file in messages.
pub fn load_budget(
    path: &Path,
    display: &str,
    register: &Register,
    opts: &BudgetOptions,
) -> Result<Budget, BudgetError> {
    let book =
        crate::read::read_book(path, display, &opts.limits).map_err(|error| BudgetError::Read {
            file: display.to_string(),
            error,
        })?;
    let sheet = pick(&book)
        .or_else(|| book.sheets.iter().find(|s| s.visible))
        .or_else(|| book.sheets.first());
    let Some(sheet) = sheet else {
        return Err(invalid(
            &book,
            problem(
                "",
                "A1",
                "the file has no sheets; expected a sheet named 'Budgets' listing the budget lines",
            ),
        ));
    };
    parse_budget(&book, sheet, register, opts)
}

/// The budget on the register workbook's `Budgets` sheet (or `Budget`), if
/// it has one: a register without that sheet has no budget (`Ok(None)`).
pub fn budget_in_register(
    book: &Book,
    register: &Register,
    opts: &BudgetOptions,
) -> Result<Option<Budget>, BudgetError> {
    match pick(book) {
        Some(sheet) => parse_budget(book, sheet, register, opts).map(Some),
        None => Ok(None),
    }
}

/// The budget rows a return template made by `ipr template` carries (its
/// very hidden `ipr_budget` sheet), so that `ipr check FILE` reads its
/// Finance sheet without the register; `None` when it carries none.
pub fn embedded_budget(
    book: &Book,
    register: &Register,
    opts: &BudgetOptions,
) -> Option<Result<Budget, BudgetError>> {
    let sheet = book
        .sheets
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(crate::metadata::BUDGET_SHEET))?;
    Some(parse_budget(book, sheet, register, opts))
}

fn pick(book: &Book) -> Option<&Sheet> {
    let wanted = |name: &str| matches!(header_key(name).as_str(), "budgets" | "budget");
    book.sheets.iter().find(|s| wanted(&s.name))
}

pub(super) fn problem(sheet: &str, cell: &str, message: &str) -> RegisterProblem {
    RegisterProblem {
        sheet: sheet.to_string(),
        cell: cell.to_string(),
        message: message.to_string(),
    }
}

fn invalid(book: &Book, p: RegisterProblem) -> BudgetError {
    BudgetError::Invalid {
        file: book.path.clone(),
        problems: vec![p],
    }
}

/// Validates the budget on `sheet` of `book`. Every bad row is reported,
/// not just the first; directorates are spelt as `register` spells them.
pub fn parse_budget(
    book: &Book,
    sheet: &Sheet,
    register: &Register,
    opts: &BudgetOptions,
) -> Result<Budget, BudgetError> {
    let Some((header, cols)) = find_header(sheet, COLUMNS, &["ref", "budget"]) else {
        return Err(invalid(book, problem(&sheet.name, "A1", "no header row found in the first 30 rows; expected a row with columns Ref, Service, Directorate and Budget (and optionally Type, Tolerance, Holder and Year)")));
    };
    let mut problems: Vec<RegisterProblem> = REQUIRED
        .iter()
        .filter(|(name, _)| !cols.contains_key(name))
        .map(|(_, title)| {
            problem(
                &sheet.name,
                &a1(header, sheet.cols().start),
                &format!("the header row has no '{title}' column"),
            )
        })
        .collect();
    if !problems.is_empty() {
        return Err(BudgetError::Invalid {
            file: book.path.clone(),
            problems,
        });
    }
    let extra = attribute_columns(sheet, header, &cols);
    let mut rows = Rows {
        sheet,
        cols: &cols,
        directorates: register
            .directorates()
            .into_iter()
            .map(|d| (header_key(&d), d))
            .collect(),
        opts,
        problems: &mut problems,
    };
    let mut lines: Vec<BudgetLine> = Vec::new();
    let mut first_at: HashMap<String, u32> = HashMap::new();
    for row in (header + 1)..sheet.rows().end {
        let all = cols.values().chain(extra.iter().map(|(c, _)| c));
        if all.into_iter().all(|&c| sheet.get(row, c).is_blank()) {
            continue;
        }
        if skipped(sheet, row, cols["ref"]) {
            continue;
        }
        let reference = rows.text(row, "ref");
        // A bad row's Ref still counts, so that a later duplicate is caught.
        if let Some(reference) = &reference {
            let key = normalise_code(reference);
            if let Some(&first) = first_at.get(&key) {
                let at = a1(first, cols["ref"]);
                let msg = format!(
                    "Ref {reference} appears twice (first at {at}); every budget line needs a Ref of its own"
                );
                rows.problem(row, "ref", msg);
                continue;
            }
            first_at.insert(key, row);
        }
        if let Some(line) = rows.line(row, reference, &extra) {
            lines.push(line);
        }
    }
    let year = cols.get("year").and_then(|&col| {
        super::year::budget_year(
            sheet,
            header,
            col,
            cols["ref"],
            opts.calendar,
            &mut problems,
        )
    });
    if lines.is_empty() && problems.is_empty() {
        problems.push(problem(
            &sheet.name,
            &a1(header + 1, sheet.cols().start),
            "the budget lists no lines under its header row",
        ));
    }
    if problems.is_empty() {
        let mut budget = Budget::new(&book.path, &book.sha256, &sheet.name, lines);
        budget.year = year;
        Ok(budget)
    } else {
        Err(BudgetError::Invalid {
            file: book.path.clone(),
            problems,
        })
    }
}

/// A total row (its Ref reads `Total`, `Subtotal`, ...): not a line.
pub(super) fn skipped(sheet: &Sheet, row: u32, ref_col: u32) -> bool {
    is_total_label(sheet.get(row, ref_col).display().trim())
}

/// Reads the rows of the budget, recording a problem for every cell that is wrong.
struct Rows<'a> {
    sheet: &'a Sheet,
    cols: &'a BTreeMap<&'static str, u32>,
    /// The register's directorates, each with its key, found once.
    directorates: Vec<(String, String)>,
    opts: &'a BudgetOptions,
    problems: &'a mut Vec<RegisterProblem>,
}

impl Rows<'_> {
    fn problem(&mut self, row: u32, name: &str, message: String) {
        let col = self
            .cols
            .get(name)
            .copied()
            .unwrap_or(self.sheet.cols().start);
        self.problems
            .push(problem(&self.sheet.name, &a1(row, col), &message));
    }

    fn text(&self, row: u32, name: &str) -> Option<String> {
        let cell = self.sheet.get(row, *self.cols.get(name)?);
        let text = cell.display();
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_string())
    }

    /// One row as a budget line, or `None` after recording why it cannot be one.
    fn line(
        &mut self,
        row: u32,
        reference: Option<String>,
        extra: &[(u32, String)],
    ) -> Option<BudgetLine> {
        let Some(reference) = reference else {
            self.problem(
                row,
                "ref",
                "the Ref is blank; every budget line needs a unique Ref, such as its cost centre code".into(),
            );
            return None;
        };
        let service = self.text(row, "service");
        if service.is_none() {
            let msg = format!("budget line {reference} has no Service: say what the line pays for");
            self.problem(row, "service", msg);
        }
        let directorate = self.text(row, "directorate").map(|d| self.directorate(d));
        if directorate.is_none() {
            let msg = format!(
                "budget line {reference} has no Directorate: name the directorate that reports it"
            );
            self.problem(row, "directorate", msg);
        }
        let line_type = self.line_type(row, &reference);
        let budget = self.budget(row, &reference);
        let tolerance = self.tolerance(row, &reference);
        let attributes = extra
            .iter()
            .filter_map(|(c, heading)| {
                let text = self.sheet.get(row, *c).display();
                let text = text.trim();
                (!text.is_empty()).then(|| (heading.clone(), text.to_string()))
            })
            .collect();
        Some(BudgetLine {
            key: normalise_code(&reference),
            service: service?,
            directorate: directorate?,
            line_type: line_type?,
            budget: budget?,
            tolerance: tolerance?,
            holder: self.text(row, "holder"),
            attributes,
            row,
            reference,
        })
    }

    fn line_type(&mut self, row: u32, reference: &str) -> Option<LineType> {
        let Some(text) = self.text(row, "type") else {
            return Some(LineType::Expenditure);
        };
        let t = LineType::parse(&text);
        if t.is_none() {
            let why = if header_key(&text) == "revenue" {
                "a revenue line is spending or income: say which"
            } else {
                "it is none of the Types"
            };
            let msg = format!("the Type of budget line {reference} is '{text}': {why}; write expenditure, income or capital (blank means expenditure)");
            self.problem(row, "type", msg);
        }
        t
    }

    fn budget(&mut self, row: u32, reference: &str) -> Option<Money> {
        let cell = self.sheet.get(row, self.cols["budget"]);
        match money_of_cell(cell, &self.opts.values, 0) {
            Some(Ok(m)) => Some(m),
            Some(Err(p)) => {
                let what = format!("The Budget of {reference}");
                let msg = money_problem_words(&p, &cell.display(), &what);
                self.problem(row, "budget", msg);
                None
            }
            None => {
                let msg = format!("budget line {reference} has no Budget; give its approved annual budget in pounds, such as 1,200,000 or £1.2m");
                self.problem(row, "budget", msg);
                None
            }
        }
    }

    fn tolerance(&mut self, row: u32, reference: &str) -> Option<Tolerance> {
        let Some(&col) = self.cols.get("tolerance") else {
            return Some(Tolerance::DEFAULT);
        };
        match tolerance_of_cell(self.sheet.get(row, col), &self.opts.values) {
            None => Some(Tolerance::DEFAULT),
            Some(Ok(t)) => Some(t),
            Some(Err(words)) => {
                self.problem(
                    row,
                    "tolerance",
                    format!("budget line {reference}: {words}"),
                );
                None
            }
        }
    }

    /// The register's spelling of a directorate it names; else as written
    /// (a directorate may have a budget and no indicators).
    fn directorate(&self, text: String) -> String {
        let key = header_key(&text);
        self.directorates
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(text, |(_, d)| d.clone())
    }
}
