//! A report for each audience (SPEC section 14): which indicators and actions
//! each value of a grouping column holds. Worked out once, from the month's
//! one assessment, so every pack is cut from the same numbers.

use super::consolidation::Consolidation;
use super::indicator::{group_key, group_values};
use crate::text::{header_key, normalise_code};
use std::collections::HashSet;

/// One pack: a value of a grouping column and the items tagged with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackMembers {
    /// The column as `packs` in `ipr.toml` names it (`Committee`).
    pub column: String,
    /// The value as first written in the register (else the plan).
    pub value: String,
    /// The pack's files, relative to the output folder
    /// (`packs/IPR-2026-09-committee-audit.xlsx` and `.html`).
    pub files: Vec<String>,
    /// Codes of the report's indicators (every one due) tagged with the
    /// value, as the register writes them, in report order.
    pub indicators: Vec<String>,
    /// Refs of the plan's actions tagged with the value, in plan order.
    pub actions: Vec<String>,
    /// Refs of the budget's lines tagged with the value, in budget order
    /// (SPEC sections 14 and 16).
    pub budget: Vec<String>,
}

impl PackMembers {
    /// Who the pack is for, for its titles.
    pub fn audience(&self) -> super::PackAudience {
        super::PackAudience {
            column: self.column.clone(),
            value: self.value.clone(),
        }
    }

    /// True when a cell of this pack's column names its value.
    pub fn tags(&self, cell: Option<&str>) -> bool {
        let want = group_key(&self.value);
        cell.is_some_and(|t| group_values(t).any(|v| group_key(v) == want))
    }
}

/// How many of a column's items are in none of its packs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unpacked {
    /// The column as `packs` names it.
    pub column: String,
    /// The report's indicators with no value in the column.
    pub indicators: usize,
    /// The plan's actions with no value in the column.
    pub actions: usize,
}

/// Every pack of a run, and what is in no pack of each column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Packs {
    /// One per value of each column named, columns in the order named.
    pub packs: Vec<PackMembers>,
    /// One per column named.
    pub unpacked: Vec<Unpacked>,
}

/// A `packs` column that neither the register nor the plan has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("packs in ipr.toml names the column '{column}', but neither the register's Indicators sheet nor the action plan has a column of that name{}; nothing was written", known_words(.known))]
pub struct UnknownPackColumn {
    /// The column named.
    pub column: String,
    /// The register's own other columns, which could be named.
    pub known: Vec<String>,
}

fn known_words(known: &[String]) -> String {
    if known.is_empty() {
        " (the register has no column beyond ipr's own)".into()
    } else {
        format!(" (its other columns are: {})", known.join(", "))
    }
}

/// "children-and-young-people": the text in lower case, each run of other
/// characters one `-`; `pack` where nothing is left.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for ch in text.trim().chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("pack");
    }
    out
}

/// The packs of each column in `columns`, from the consolidation: every
/// value its register, plan and budget name (so a committee keeps its pack in a
/// month when none of its indicators is due), its due indicators and its
/// actions. Values are matched ignoring case and surrounding spaces, and
/// named as first written.
pub fn pack_members(c: &Consolidation, columns: &[String]) -> Result<Packs, UnknownPackColumn> {
    let plan = c.register.plan.as_deref();
    let budget = c.register.budget.as_deref();
    let mut out = Packs::default();
    let mut names: HashSet<String> = HashSet::new();
    for column in columns {
        let in_register = c
            .register
            .attribute_columns
            .iter()
            .any(|h| header_key(h) == header_key(column));
        let in_plan = plan.is_some_and(|p| {
            p.actions.iter().any(|a| {
                a.attributes
                    .iter()
                    .any(|(h, _)| header_key(h) == header_key(column))
            })
        });
        let in_budget = budget.is_some_and(|b| {
            b.lines.iter().any(|l| {
                l.attributes
                    .iter()
                    .any(|(h, _)| header_key(h) == header_key(column))
            })
        });
        if !in_register && !in_plan && !in_budget {
            return Err(UnknownPackColumn {
                column: column.clone(),
                known: c.register.attribute_columns.clone(),
            });
        }
        let cells = c
            .register
            .indicators
            .iter()
            .filter_map(|i| i.attribute(column))
            .chain(
                plan.into_iter()
                    .flat_map(|p| p.actions.iter().filter_map(|a| a.attribute(column))),
            )
            .chain(
                budget
                    .into_iter()
                    .flat_map(|b| b.lines.iter().filter_map(|l| l.attribute(column))),
            );
        let mut seen: HashSet<String> = HashSet::new();
        let mut values: Vec<String> = Vec::new();
        for v in cells.flat_map(group_values) {
            if seen.insert(group_key(v)) {
                values.push(v.to_string());
            }
        }
        for value in values {
            let mut m = PackMembers {
                column: column.clone(),
                value,
                files: Vec::new(),
                indicators: Vec::new(),
                actions: Vec::new(),
                budget: Vec::new(),
            };
            m.files = file_names(c, &m, &mut names);
            fill(c, &mut m);
            out.packs.push(m);
        }
        out.unpacked.push(unpacked(c, column));
    }
    Ok(out)
}

/// The pack's workbook and page, relative to the output folder; a second
/// value with the same slug (`A&B` beside `A B`) takes `-2`, never its file.
fn file_names(c: &Consolidation, m: &PackMembers, taken: &mut HashSet<String>) -> Vec<String> {
    let base = format!("IPR-{}-{}-{}", c.period_id, slug(&m.column), slug(&m.value));
    let mut name = base.clone();
    let mut n = 1;
    while !taken.insert(name.clone()) {
        n += 1;
        name = format!("{base}-{n}");
    }
    vec![format!("packs/{name}.xlsx"), format!("packs/{name}.html")]
}

/// The due indicators, the actions and the budget lines the pack's value tags.
fn fill(c: &Consolidation, m: &mut PackMembers) {
    for r in &c.indicators {
        if m.tags(c.register.get(&r.code).and_then(|i| i.attribute(&m.column))) {
            m.indicators.push(r.code.clone());
        }
    }
    let plan = c.register.plan.as_deref();
    if let (Some(plan), Some(report)) = (plan, c.actions.as_ref()) {
        for a in &report.results {
            let cell = plan.get(&a.reference).and_then(|p| p.attribute(&m.column));
            if m.tags(cell) {
                m.actions.push(a.reference.clone());
            }
        }
    }
    let budget = c.register.budget.as_deref();
    if let (Some(budget), Some(report)) = (budget, c.budget.as_ref()) {
        for l in &report.results {
            let cell = budget
                .get(&l.reference)
                .and_then(|b| b.attribute(&m.column));
            if m.tags(cell) {
                m.budget.push(l.reference.clone());
            }
        }
    }
}

/// The column's due indicators and actions with no value in it.
fn unpacked(c: &Consolidation, column: &str) -> Unpacked {
    let blank = |cell: Option<&str>| cell.is_none_or(|t| group_values(t).next().is_none());
    let indicators = c
        .indicators
        .iter()
        .filter(|r| blank(c.register.get(&r.code).and_then(|i| i.attribute(column))))
        .count();
    let plan = c.register.plan.as_deref();
    let actions = match (plan, c.actions.as_ref()) {
        (Some(plan), Some(report)) => report
            .results
            .iter()
            .filter(|a| blank(plan.get(&a.reference).and_then(|p| p.attribute(column))))
            .count(),
        _ => 0,
    };
    Unpacked {
        column: column.to_string(),
        indicators,
        actions,
    }
}

/// The keys (normal form) of a list of codes or refs.
pub fn keys_of(codes: &[String]) -> HashSet<String> {
    codes.iter().map(|c| normalise_code(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_with_single_dashes() {
        assert_eq!(
            slug(" Children & Young People Scrutiny "),
            "children-young-people-scrutiny"
        );
        assert_eq!(slug("Audit"), "audit");
        assert_eq!(slug("A--B"), "a-b");
        assert_eq!(slug("???"), "pack");
    }

    #[test]
    fn a_cell_tags_each_value_it_names_ignoring_case_and_spaces() {
        let m = PackMembers {
            column: "Committee".into(),
            value: "Adults Scrutiny".into(),
            files: vec![],
            indicators: vec![],
            actions: vec![],
            budget: vec![],
        };
        assert!(m.tags(Some("Audit; adults scrutiny ")));
        assert!(m.tags(Some("ADULTS SCRUTINY")));
        assert!(!m.tags(Some("Adults")));
        assert!(!m.tags(Some(" ; ")));
        assert!(!m.tags(None));
    }
}
