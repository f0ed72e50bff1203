//! Loading the action plan: its sheet, its header row (matched as the
//! register's is), and every row validated, each problem at its cell.

use super::cells::{date_of_cell, date_problem_words};
use super::PlanError;
use crate::cellref::a1;
use crate::model::plan::DEFAULT_PLAN;
use crate::model::{Plan, PlanAction, Register};
use crate::period::{date_words, Calendar, PeriodDay};
use crate::read::value::ValueOptions;
use crate::read::{Book, Limits, Sheet};
use crate::register::{attribute_columns, find_header, RegisterProblem};
use crate::text::{header_key, normalise_code};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The sheet of the register workbook (or of the plan's own file) that holds the plan.
pub const PLAN_SHEET: &str = "Actions";

/// Settings the plan needs to read its cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlanOptions {
    /// Financial year start, for period spellings of dates.
    pub calendar: Calendar,
    /// "No value" words: a Start of `TBC` is no Start.
    pub values: ValueOptions,
    /// File-size and sheet-size limits.
    pub limits: Limits,
}

/// The plan's columns and the header names each may have (compared after
/// [`header_key`]).
const COLUMNS: &[(&str, &[&str])] = &[
    (
        "ref",
        &[
            "ref",
            "actionref",
            "actionid",
            "actionno",
            "actionnumber",
            "milestoneref",
            "reference",
        ],
    ),
    (
        "action",
        &[
            "action",
            "milestone",
            "actionmilestone",
            "actiondescription",
            "description",
            "title",
        ],
    ),
    ("directorate", &["directorate", "service", "department"]),
    (
        "lead",
        &[
            "lead",
            "leadofficer",
            "owner",
            "responsibleofficer",
            "actionowner",
        ],
    ),
    ("plan", &["plan", "planname", "actionplan"]),
    ("parent", &["parent", "parentref", "parentaction"]),
    ("start", &["start", "startdate"]),
    (
        "due",
        &[
            "due",
            "duedate",
            "deadline",
            "targetdate",
            "baselinedate",
            "originaldate",
        ],
    ),
    (
        "indicators",
        &[
            "indicators",
            "indicator",
            "indicatorcodes",
            "linkedindicators",
            "kpis",
            "pis",
        ],
    ),
];

const REQUIRED: &[(&str, &str)] = &[
    ("ref", "Ref"),
    ("action", "Action"),
    ("directorate", "Directorate"),
    ("due", "Due"),
];

/// Loads the plan from its own file (`action_plan` in `ipr.toml`): sheet
/// `Actions`, else the first visible sheet. `display` names the file in messages.
pub fn load_plan(
    path: &Path,
    display: &str,
    register: &Register,
    opts: &PlanOptions,
) -> Result<Plan, PlanError> {
    let book =
        crate::read::read_book(path, display, &opts.limits).map_err(|error| PlanError::Read {
            file: display.to_string(),
            error,
        })?;
    let sheet = pick(&book)
        .or_else(|| book.sheets.iter().find(|s| s.visible))
        .or_else(|| book.sheets.first());
    let Some(sheet) = sheet else {
        return Err(invalid(&book, problem("", "A1", "the file has no sheets; expected a sheet named 'Actions' listing the plan's actions")));
    };
    parse_plan(&book, sheet, register, opts)
}

/// The plan on the register workbook's `Actions` sheet, if it has one
/// (a register without that sheet has no plan: `Ok(None)`).
pub fn plan_in_register(
    book: &Book,
    register: &Register,
    opts: &PlanOptions,
) -> Result<Option<Plan>, PlanError> {
    match pick(book) {
        Some(sheet) => parse_plan(book, sheet, register, opts).map(Some),
        None => Ok(None),
    }
}

/// The plan rows a return template made by `ipr template` carries (its
/// very hidden `ipr_plan` sheet), so that `ipr check FILE` reads its Actions
/// sheet without the register; `None` when it carries none.
pub fn embedded_plan(
    book: &Book,
    register: &Register,
    opts: &PlanOptions,
) -> Option<Result<Plan, PlanError>> {
    let sheet = book
        .sheets
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(crate::metadata::PLAN_SHEET))?;
    Some(parse_plan(book, sheet, register, opts))
}

fn pick(book: &Book) -> Option<&Sheet> {
    book.sheets
        .iter()
        .find(|s| header_key(&s.name) == header_key(PLAN_SHEET))
}

fn problem(sheet: &str, cell: &str, message: &str) -> RegisterProblem {
    RegisterProblem {
        sheet: sheet.to_string(),
        cell: cell.to_string(),
        message: message.to_string(),
    }
}

fn invalid(book: &Book, p: RegisterProblem) -> PlanError {
    PlanError::Invalid {
        file: book.path.clone(),
        problems: vec![p],
    }
}

/// Validates the plan on `sheet` of `book`. Every bad row is reported, not
/// just the first; indicator codes are checked against `register`.
pub fn parse_plan(
    book: &Book,
    sheet: &Sheet,
    register: &Register,
    opts: &PlanOptions,
) -> Result<Plan, PlanError> {
    let Some((header, cols)) = find_header(sheet, COLUMNS, &["ref", "action"]) else {
        return Err(invalid(book, problem(&sheet.name, "A1", "no header row found in the first 30 rows; expected a row with columns Ref, Action, Directorate and Due (and optionally Lead, Plan, Parent, Start and Indicators)")));
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
        return Err(PlanError::Invalid {
            file: book.path.clone(),
            problems,
        });
    }
    let extra = attribute_columns(sheet, header, &cols);
    let mut rows = Rows {
        sheet,
        cols: &cols,
        register,
        opts,
        problems: &mut problems,
    };
    let mut actions: Vec<PlanAction> = Vec::new();
    let mut first_at: HashMap<String, u32> = HashMap::new();
    let mut parents: Vec<(usize, String)> = Vec::new();
    for row in (header + 1)..sheet.rows().end {
        let all = cols.values().chain(extra.iter().map(|(c, _)| c));
        if all.into_iter().all(|&c| sheet.get(row, c).is_blank()) {
            continue;
        }
        // A bad row's Ref still counts, so that a later duplicate is caught.
        if let Some(reference) = rows.text(row, "ref") {
            let key = normalise_code(&reference);
            if let Some(&first) = first_at.get(&key) {
                let at = a1(first, cols["ref"]);
                let msg = format!(
                    "Ref {reference} appears twice (first at {at}); every action needs a Ref of its own"
                );
                rows.problem(row, "ref", msg);
                continue;
            }
            first_at.insert(key, row);
        }
        let Some(mut action) = rows.action(row, &extra) else {
            continue;
        };
        if let Some(p) = action.parent.take() {
            parents.push((actions.len(), p));
        }
        actions.push(action);
    }
    link_parents(&mut actions, parents, &mut rows);
    if actions.is_empty() && problems.is_empty() {
        problems.push(problem(
            &sheet.name,
            &a1(header + 1, sheet.cols().start),
            "the plan lists no actions under its header row",
        ));
    }
    if problems.is_empty() {
        Ok(Plan::new(&book.path, &book.sha256, &sheet.name, actions))
    } else {
        Err(PlanError::Invalid {
            file: book.path.clone(),
            problems,
        })
    }
}

/// Reads the rows of the plan, recording a problem for every cell that is wrong.
struct Rows<'a> {
    sheet: &'a Sheet,
    cols: &'a BTreeMap<&'static str, u32>,
    register: &'a Register,
    opts: &'a PlanOptions,
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

    /// The date in column `name`, recording a problem where it cannot be read.
    fn date(&mut self, row: u32, name: &str, day: PeriodDay) -> Option<NaiveDate> {
        let cell = self.sheet.get(row, *self.cols.get(name)?);
        let values = &self.opts.values;
        match date_of_cell(cell, self.opts.calendar, day, values)? {
            Ok(d) => Some(d),
            Err(p) => {
                let words = date_problem_words(&p, &cell.display());
                self.problem(row, name, words);
                None
            }
        }
    }

    /// One row as an action, or `None` after recording why it cannot be one.
    fn action(&mut self, row: u32, extra: &[(u32, String)]) -> Option<PlanAction> {
        let Some(reference) = self.text(row, "ref") else {
            self.problem(
                row,
                "ref",
                "the Ref is blank; every action needs a unique Ref such as CP-1.2".into(),
            );
            return None;
        };
        let title = self.text(row, "action");
        if title.is_none() {
            self.problem(
                row,
                "action",
                format!("action {reference} has no Action: say what will be done"),
            );
        }
        let directorate = self.text(row, "directorate").map(|d| self.directorate(d));
        if directorate.is_none() {
            self.problem(row, "directorate", format!("action {reference} has no Directorate: name the directorate that reports its progress"));
        }
        let start = self.date(row, "start", PeriodDay::First);
        let due = self.due(row, &reference);
        if let (Some(s), Some(d)) = (start, due) {
            if s > d {
                let msg = format!(
                    "Start ({}) is after Due ({}) for action {reference}; check both dates",
                    date_words(s),
                    date_words(d)
                );
                self.problem(row, "start", msg);
            }
        }
        let indicators = self.indicators(row);
        let attributes = extra
            .iter()
            .filter_map(|(c, heading)| {
                let text = self.sheet.get(row, *c).display();
                let text = text.trim();
                (!text.is_empty()).then(|| (heading.clone(), text.to_string()))
            })
            .collect();
        Some(PlanAction {
            key: normalise_code(&reference),
            action: title?,
            directorate: directorate?,
            lead: self.text(row, "lead"),
            plan: self
                .text(row, "plan")
                .unwrap_or_else(|| DEFAULT_PLAN.to_string()),
            parent: self.text(row, "parent"),
            start,
            due: due?,
            indicators: indicators?,
            attributes,
            row,
            reference,
        })
    }

    fn due(&mut self, row: u32, reference: &str) -> Option<NaiveDate> {
        let before = self.problems.len();
        let due = self.date(row, "due", PeriodDay::Last);
        if due.is_none() && self.problems.len() == before {
            self.problem(row, "due", format!("action {reference} has no Due date; give the date agreed for it, such as 30/09/2026 or Q2 2026/27"));
        }
        due
    }

    /// The register's spelling of a directorate it names; else as written
    /// (a directorate may have actions and no indicators).
    fn directorate(&self, text: String) -> String {
        let key = header_key(&text);
        self.register
            .directorates()
            .into_iter()
            .find(|d| header_key(d) == key)
            .unwrap_or(text)
    }

    /// The Indicators cell: codes separated by `,` or `;`, each in the register.
    fn indicators(&mut self, row: u32) -> Option<Vec<String>> {
        let Some(text) = self.text(row, "indicators") else {
            return Some(Vec::new());
        };
        let mut codes: Vec<String> = Vec::new();
        let mut unknown: Vec<&str> = Vec::new();
        for piece in text
            .split([',', ';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match self.register.get(piece) {
                Some(ind) if !codes.contains(&ind.code) => codes.push(ind.code.clone()),
                Some(_) => {}
                None => unknown.push(piece),
            }
        }
        if unknown.is_empty() {
            return Some(codes);
        }
        let msg = format!(
            "{} not in the register: {}; give the codes of indicators in the register, separated by , or ;",
            if unknown.len() == 1 { "this indicator code is" } else { "these indicator codes are" },
            unknown.join(", ")
        );
        self.problem(row, "indicators", msg);
        None
    }
}

/// Each Parent must be the Ref of another action, and no chain of parents
/// may go round in a circle. Parents are stored as their action's Ref.
fn link_parents(actions: &mut [PlanAction], parents: Vec<(usize, String)>, rows: &mut Rows<'_>) {
    let index: HashMap<String, usize> = actions
        .iter()
        .enumerate()
        .map(|(i, a)| (a.key.clone(), i))
        .collect();
    let mut parent_of: HashMap<usize, usize> = HashMap::new();
    for (i, text) in parents {
        let (row, reference) = (actions[i].row, actions[i].reference.clone());
        match index.get(&normalise_code(&text)) {
            Some(&p) if p == i => {
                rows.problem(row, "parent", format!("action {reference} names itself as its Parent; give the Ref of the action it is a milestone of, or leave Parent blank"));
            }
            Some(&p) => {
                actions[i].parent = Some(actions[p].reference.clone());
                parent_of.insert(i, p);
            }
            None => {
                rows.problem(row, "parent", format!("Parent '{text}' is not a Ref in the plan; give the Ref of the action {reference} is a milestone of"));
            }
        }
    }
    let mut reported: Vec<usize> = Vec::new();
    for &start in parent_of.keys().collect::<std::collections::BTreeSet<_>>() {
        let mut chain = vec![start];
        let mut at = start;
        while let Some(&p) = parent_of.get(&at) {
            if p == start {
                if !chain.iter().any(|c| reported.contains(c)) {
                    let names: Vec<&str> = chain
                        .iter()
                        .chain([&start])
                        .map(|&c| actions[c].reference.as_str())
                        .collect();
                    let msg = format!("the Parents go round in a circle ({}); a milestone's Parent must lead up to an action with no Parent", names.join(" → "));
                    rows.problem(actions[start].row, "parent", msg);
                    reported.extend(&chain);
                }
                break;
            }
            if chain.contains(&p) || chain.len() > actions.len() {
                break;
            }
            chain.push(p);
            at = p;
        }
    }
}
