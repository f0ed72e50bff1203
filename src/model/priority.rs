//! The order members read a report in (SPEC section 14): when the register
//! has a `Priority` column, the indicators grouped by priority (in the order
//! the priorities first appear in the register, "No priority" last), then by
//! directorate (register order) within each. Worked out once, here, so the
//! Summary's exception list, the Indicators sheet and the web page list the
//! indicators in the same order.

use super::consolidation::Consolidation;
use super::indicator::{group_key, group_values};
use super::IndicatorResult;
use crate::text::{directorate_key, header_key};

/// The register column that groups a report by priority.
pub const PRIORITY_COLUMN: &str = "Priority";

/// The group of indicators whose Priority cell is blank.
pub const NO_PRIORITY: &str = "No priority";

/// One priority and its indicators, directorate by directorate.
#[derive(Debug, Clone, PartialEq)]
pub struct PriorityGroup<'a> {
    /// The priority as first written in the register, or [`NO_PRIORITY`].
    pub priority: String,
    /// Its indicators, in report order within each directorate.
    pub indicators: Vec<&'a IndicatorResult>,
}

impl Consolidation {
    /// True when the register has a `Priority` column.
    pub fn has_priorities(&self) -> bool {
        let want = header_key(PRIORITY_COLUMN);
        self.register
            .attribute_columns
            .iter()
            .any(|h| header_key(h) == want)
    }

    /// The indicators grouped by priority, directorate within each; `None`
    /// without a `Priority` column. An indicator with several priorities
    /// (`A; B`) is listed under its first.
    pub fn priority_groups(&self) -> Option<Vec<PriorityGroup<'_>>> {
        if !self.has_priorities() {
            return None;
        }
        // Every priority in the order the register first names it.
        let mut names: Vec<(String, String)> = Vec::new();
        for i in &self.register.indicators {
            for v in i
                .attribute(PRIORITY_COLUMN)
                .into_iter()
                .flat_map(group_values)
            {
                let key = group_key(v);
                if !names.iter().any(|(k, _)| *k == key) {
                    names.push((key, v.to_string()));
                }
            }
        }
        let directorates: Vec<String> = self
            .register
            .directorates()
            .iter()
            .map(|d| directorate_key(d))
            .collect();
        let rank_of_directorate = |d: &str| {
            let key = directorate_key(d);
            directorates
                .iter()
                .position(|k| *k == key)
                .unwrap_or(directorates.len())
        };
        let mut groups: Vec<PriorityGroup> = names
            .iter()
            .map(|(_, name)| PriorityGroup {
                priority: name.clone(),
                indicators: Vec::new(),
            })
            .chain(std::iter::once(PriorityGroup {
                priority: NO_PRIORITY.to_string(),
                indicators: Vec::new(),
            }))
            .collect();
        for r in &self.indicators {
            let first = self
                .register
                .get(&r.code)
                .and_then(|i| i.attribute(PRIORITY_COLUMN))
                .and_then(|cell| group_values(cell).next())
                .map(group_key);
            let at = first
                .and_then(|k| names.iter().position(|(n, _)| *n == k))
                .unwrap_or(names.len());
            groups[at].indicators.push(r);
        }
        for g in &mut groups {
            // Stable: report order within a directorate.
            g.indicators
                .sort_by_key(|r| rank_of_directorate(&r.directorate));
        }
        groups.retain(|g| !g.indicators.is_empty());
        Some(groups)
    }

    /// The indicators in the order every list of them is shown: grouped by
    /// priority where the register has priorities, else as assessed.
    pub fn report_order(&self) -> Vec<&IndicatorResult> {
        match self.priority_groups() {
            Some(groups) => groups.into_iter().flat_map(|g| g.indicators).collect(),
            None => self.indicators.iter().collect(),
        }
    }
}
