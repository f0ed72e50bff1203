//! Completeness: everything due is present. A required indicator absent
//! (DQ001) or blank (DQ002), a directorate with no return (DQ003), a red
//! indicator without commentary (DQ004); and the coverage counts.

use super::checks::CheckOptions;
use super::reliability::Resolved;
use crate::model::{
    Coverage, CoverageRow, Finding, Indicator, IndicatorResult, Rag, Register, ReturnFile, Rule,
};
use crate::period::Period;
use crate::text::directorate_key;
use std::collections::HashMap;

/// Completeness for one directorate and period: required indicators due that are absent or blank.
/// `indicators` are the directorate's own, in register order.
pub fn check_completeness(
    indicators: &[&Indicator],
    report_month: Period,
    returns: &[&ReturnFile],
    resolved: &Resolved<'_>,
    opts: &CheckOptions,
    out: &mut Vec<Finding>,
) {
    let cal = opts.calendar;
    let file = returns.first().map(|r| r.path.clone()).unwrap_or_default();
    // An absent row has no cell, but the sheet where it belongs helps the user find the place.
    let sheet = returns
        .first()
        .and_then(|r| r.sheets.first().cloned())
        .unwrap_or_default();
    for ind in indicators.iter().filter(|i| i.required) {
        let Some(period) = cal.for_frequency(report_month, ind.frequency) else {
            continue;
        };
        let key = (ind.key.clone(), period);
        let unusable = returns.iter().any(|r| r.unusable.contains(&key))
            || resolved.conflicts.contains(&key)
            || resolved.withheld.contains(&key);
        match resolved.observations.get(&key) {
            None if !unusable => {
                let mut f = Finding::new(
                    Rule::DQ001,
                    &file,
                    format!(
                        "{} ({}) is due for {} but is not in the return.",
                        ind.code,
                        ind.title,
                        cal.id(period)
                    ),
                );
                f.sheet = sheet.clone();
                f.directorate = Some(ind.directorate.clone());
                f.indicator = Some(ind.code.clone());
                f.period = Some(cal.id(period));
                out.push(f);
            }
            Some(o) if o.value.is_none() && !unusable => {
                out.push(Finding::at(
                    Rule::DQ002,
                    o,
                    ind,
                    cal,
                    format!(
                        "{} ({}) is due for {} but has no value{}.",
                        ind.code,
                        ind.title,
                        cal.id(period),
                        if o.value_seen.trim().is_empty() {
                            String::new()
                        } else {
                            format!(" ('{}')", o.value_seen.trim())
                        }
                    ),
                ));
            }
            _ => {}
        }
    }
}

/// DQ002 on every period before the one being reported: a required value left
/// blank in an earlier period a return holds (a tracker's earlier months, a
/// multi-year return's earlier years) is a finding at its cell, as the
/// period's own is (SPEC section 4, "Every period is checked"). Absent rows
/// (DQ001) are only looked for in the period being reported: a tracker that
/// starts this year does not owe last year's rows.
pub fn check_earlier_blanks(
    register: &Register,
    returns: &[ReturnFile],
    resolved: &Resolved<'_>,
    report_month: Period,
    opts: &CheckOptions,
    out: &mut Vec<Finding>,
) {
    let cal = opts.calendar;
    let mut ind: Option<(&str, Option<&Indicator>)> = None;
    for ((code, period), o) in &resolved.observations {
        if o.value.is_some() || cal.end_month(*period) >= report_month {
            continue;
        }
        // Observations are in code order: look each indicator up once.
        let found = match ind {
            Some((c, i)) if c == code.as_str() => i,
            _ => {
                let i = register.get(code);
                ind = Some((code.as_str(), i));
                i
            }
        };
        let Some(i) = found.filter(|i| i.required) else {
            continue;
        };
        if cal.for_frequency(*period, i.frequency) != Some(*period) {
            continue;
        }
        let key = (code.clone(), *period);
        if resolved.conflicts.contains(&key)
            || resolved.withheld.contains(&key)
            || returns.iter().any(|r| r.unusable.contains(&key))
        {
            continue;
        }
        out.push(Finding::at(
            Rule::DQ002,
            o,
            i,
            cal,
            format!(
                "{} ({}) is due for {} but has no value{}.",
                i.code,
                i.title,
                cal.id(*period),
                if o.value_seen.trim().is_empty() {
                    String::new()
                } else {
                    format!(" ('{}')", o.value_seen.trim())
                }
            ),
        ));
    }
}

/// Completeness and coverage for every directorate in the register, for the
/// month being reported: DQ001 and DQ002 for each directorate that returned,
/// and, when `expect_every_directorate` (`consolidate`, not `check`), DQ003
/// for one with required indicators due and no return.
pub fn check_coverage(
    register: &Register,
    returns: &[ReturnFile],
    resolved: &Resolved<'_>,
    report_month: Period,
    expect_every_directorate: bool,
    opts: &CheckOptions,
    findings: &mut Vec<Finding>,
) -> Coverage {
    let cal = opts.calendar;
    let mut coverage = Coverage::default();
    let directorates = register.directorates();
    let mut total = CoverageRow {
        directorate: "Council".into(),
        returns: 0,
        expected: 0,
        returned: 0,
    };
    // Indicators and this period's returns by directorate, keyed once: a national
    // register has hundreds of directorates and thousands of indicators.
    let mut owned: HashMap<String, Vec<&Indicator>> = HashMap::new();
    for i in &register.indicators {
        owned
            .entry(directorate_key(&i.directorate))
            .or_default()
            .push(i);
    }
    let mut returned_by: HashMap<String, Vec<&ReturnFile>> = HashMap::new();
    // A return of progress on the action plan alone owes no indicator.
    for r in returns.iter().filter(|r| !r.progress_only) {
        if let Some(d) = r.directorate.as_deref() {
            if r.report_month(cal) == Some(report_month) {
                returned_by.entry(directorate_key(d)).or_default().push(r);
            }
        }
    }
    for d in &directorates {
        let dkey = directorate_key(d);
        let theirs: Vec<&ReturnFile> = returned_by.get(&dkey).cloned().unwrap_or_default();
        let mine: &[&Indicator] = owned.get(&dkey).map(Vec::as_slice).unwrap_or(&[]);
        let due: Vec<_> = mine
            .iter()
            .filter_map(|i| {
                cal.for_frequency(report_month, i.frequency)
                    .map(|p| (*i, p))
            })
            .collect();
        let returned = due
            .iter()
            .filter(|(i, p)| {
                resolved
                    .observations
                    .get(&(i.key.clone(), *p))
                    .is_some_and(|o| o.value.is_some())
            })
            .count();
        if !theirs.is_empty() {
            check_completeness(mine, report_month, &theirs, resolved, opts, findings);
        } else if expect_every_directorate && due.iter().any(|(i, _)| i.required) {
            let mut f = Finding::new(
                Rule::DQ003,
                "",
                format!("No return from {d} was found for {}.", cal.id(report_month)),
            );
            f.directorate = Some(d.clone());
            f.period = Some(cal.id(report_month));
            findings.push(f);
        }
        if !theirs.is_empty() || expect_every_directorate {
            let row = CoverageRow {
                directorate: d.clone(),
                returns: theirs.len(),
                expected: due.len(),
                returned,
            };
            total.returns += row.returns;
            total.expected += row.expected;
            total.returned += row.returned;
            coverage.directorates.push(row);
        }
    }
    coverage.council = Some(total);
    coverage
}

/// DQ004: a red indicator needs commentary. Raised at the cell of its value.
pub fn check_red_commentary(indicators: &[IndicatorResult], findings: &mut Vec<Finding>) {
    for r in indicators {
        if r.rag == Rag::Red && r.commentary.is_none() {
            let mut f = Finding::new(
                Rule::DQ004,
                r.source.as_ref().map(|s| &*s.file).unwrap_or(""),
                format!("{} is red for {} but has no commentary.", r.code, r.period),
            );
            if let Some(s) = &r.source {
                f.sheet = s.sheet.to_string();
                f.cell = Some(s.cell());
            }
            f.directorate = Some(r.directorate.clone());
            f.indicator = Some(r.code.clone());
            f.period = Some(r.period.clone());
            findings.push(f);
        }
    }
}
