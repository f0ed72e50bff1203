//! The full picture on the page (SPEC section 15): every indicator due, by
//! directorate, with its actual, target, RAG by word and colour and its change
//! since last month; the indicators with no figure named in a list of their
//! own; and a key that says in plain words what the page's words mean.
//!
//! Every list here is drawn from [`groups`], the one place the page orders
//! its indicators: grouping by priority (SPEC section 14) is a change there.

use super::{figure, plural, rag_badge};
use crate::model::previous::Since;
use crate::model::{Consolidation, IndicatorResult, Rag};
use maud::{html, Markup};
use std::collections::{BTreeMap, BTreeSet};

/// A heading of the page's lists (a directorate) and its indicators in order.
pub(super) type Group<'a> = (String, Vec<&'a IndicatorResult>);

/// The page's order of indicators: the register's directorates in turn, each
/// with its indicators in the report's order (`Consolidation::report_order`:
/// by priority where the register has priorities), then any
/// directorate the register does not list. Every indicator is in one group.
pub(super) fn groups(c: &Consolidation) -> Vec<Group<'_>> {
    let mut by_key: BTreeMap<String, Group<'_>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for d in c.register.directorates() {
        let key = crate::text::directorate_key(&d);
        if let std::collections::btree_map::Entry::Vacant(e) = by_key.entry(key.clone()) {
            order.push(key);
            e.insert((d, Vec::new()));
        }
    }
    for r in c.report_order() {
        let key = crate::text::directorate_key(&r.directorate);
        if !by_key.contains_key(&key) {
            order.push(key.clone());
        }
        by_key
            .entry(key)
            .or_insert_with(|| (r.directorate.clone(), Vec::new()))
            .1
            .push(r);
    }
    order
        .into_iter()
        .filter_map(|k| by_key.remove(&k))
        .filter(|(_, list)| !list.is_empty())
        .collect()
}

/// The change since last month, in the words of the changes list.
fn since_words(since: Since) -> &'static str {
    match since {
        Since::New => "New exception",
        Since::Better => "Better",
        Since::Worse => "Worse",
        Since::NoFigure => "No figure now",
        Since::Returned => "Figure back",
        Since::Unchanged => "Unchanged",
    }
}

/// "12 indicators: 5 green, 3 amber, 2 red, 2 missing" for a directorate's
/// line (the RAGs it has, in the Summary's order).
fn group_counts(list: &[&IndicatorResult]) -> String {
    let rags = [
        (Rag::Green, "green"),
        (Rag::Amber, "amber"),
        (Rag::Red, "red"),
        (Rag::None, "no target"),
        (Rag::Missing, "missing"),
    ];
    let parts: Vec<String> = rags
        .iter()
        .map(|(rag, word)| (list.iter().filter(|r| r.rag == *rag).count(), word))
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{n} {word}"))
        .collect();
    let exceptions = list.iter().filter(|r| r.exception).count();
    let mut s = format!("{}: {}", plural(list.len(), "indicator"), parts.join(", "));
    if exceptions > 0 {
        s.push_str(&format!("; {}", plural(exceptions, "exception")));
    }
    s
}

/// Every indicator due, a collapsible block per directorate (a council of
/// 2,000 indicators stays a page one can find one's way about); `anchors`
/// gives each exception's block, which its code links to.
pub(super) fn every_indicator(
    c: &Consolidation,
    groups: &[Group<'_>],
    anchors: &BTreeMap<&str, String>,
) -> Markup {
    let since = c.changes.as_ref().map(|ch| &ch.since);
    html! {
        section #indicators aria-labelledby="indicators-h" {
            h2 #indicators-h { "Every indicator" }
            p {
                "Each of the " (plural(c.indicators.len(), "indicator")) " due this period, by directorate. "
                "Open a directorate to see its indicators; an exception's code leads to its account above."
            }
            @for (d, list) in groups {
                details.dir data-directorate=(d) {
                    summary { strong { (d) } " " span.tally { (group_counts(list)) } }
                    div.scroll {
                        table.all.stack {
                            thead {
                                tr {
                                    th scope="col" { "Code" }
                                    th scope="col" { "Title" }
                                    th scope="col" .num { "Actual" }
                                    th scope="col" .num { "Target" }
                                    th scope="col" { "RAG" }
                                    @if since.is_some() { th scope="col" { "Since last month" } }
                                }
                            }
                            tbody {
                                @for r in list {
                                    @let ind = c.register.get(&r.code);
                                    tr data-code=(r.code) {
                                        td.code {
                                            @match anchors.get(r.code.as_str()) {
                                                Some(a) => a href={ "#" (a) } { (r.code) },
                                                None => (r.code),
                                            }
                                        }
                                        td { (r.title) @if r.exception { " " span.ex { "Exception" } } }
                                        td.num { (figure(r.actual, ind)) }
                                        td.num { (figure(r.target, ind)) }
                                        td { (rag_badge(r.rag)) }
                                        @if let Some(s) = since {
                                            td { (s.get(&r.code).map_or("–", |x| since_words(*x))) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The indicators due with no figure this period, named for the team to
/// chase: not returned, or withheld for a data-quality error.
pub(super) fn no_figure(c: &Consolidation, groups: &[Group<'_>]) -> Markup {
    let missing: Vec<&IndicatorResult> = groups
        .iter()
        .flat_map(|(_, list)| list.iter().copied())
        .filter(|r| r.rag == Rag::Missing)
        .collect();
    let withheld = withheld_codes(c);
    html! {
        section #no-figure aria-labelledby="no-figure-h" {
            h2 #no-figure-h { "No figure this period (" (missing.len()) ")" }
            @if missing.is_empty() {
                p { "Every indicator due has a figure." }
            } @else {
                p {
                    (plural(missing.len(), "indicator")) " due " (if missing.len() == 1 { "has" } else { "have" })
                    " no figure to assess: not returned, or withheld because the figure failed a data-quality check. "
                    "Their RAG is Missing."
                }
                div.scroll {
                    table.list.stack {
                        thead {
                            tr {
                                th scope="col" { "Code" }
                                th scope="col" { "Title" }
                                th scope="col" { "Directorate" }
                                th scope="col" { "Why" }
                            }
                        }
                        tbody {
                            @for r in &missing {
                                tr data-code=(r.code) {
                                    td.code { (r.code) }
                                    td { (r.title) }
                                    td { (r.directorate) }
                                    td {
                                        @if withheld.contains(&crate::text::normalise_code(&r.code)) {
                                            "Withheld: a data-quality error (see the Data Quality sheet)"
                                        } @else {
                                            "Not returned"
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Codes (normalised) with a finding this period that withholds the figure.
fn withheld_codes(c: &Consolidation) -> BTreeSet<String> {
    c.findings
        .iter()
        .filter(|f| !f.earlier_period && f.period.as_deref() == Some(c.period_id.as_str()))
        .filter(|f| f.rule_info().is_some_and(|i| i.withholds_value))
        .filter_map(|f| f.indicator.as_deref())
        .map(crate::text::normalise_code)
        .collect()
}

/// The page's key: what RAG, an exception, Variation, Assurance and the
/// other words of the page mean, in plain words.
pub(super) fn key(c: &Consolidation) -> Markup {
    let rag = [
        (Rag::Green, "on target or better."),
        (Rag::Amber, "short of target, but within its tolerance (the amber band the register sets, 5% of the target by default)."),
        (Rag::Red, "short of target by more than the tolerance."),
        (Rag::None, "no target, or monitored only: not rated."),
        (Rag::Missing, "no figure to assess: not returned, or withheld for a data-quality error."),
    ];
    let words: [(&str, &str); 7] = [
        ("Exception", "an indicator that needs a remedial-action report to Cabinet: red; or forecast to miss its annual target by more than the tolerance; or amber for a second period running and getting worse."),
        ("Forecast by", "whose the year-end forecast is: \"owner\" is the indicator's owner's; \"ipr: straight line\" is the year to date carried on at the same rate; \"ipr: latest\" is the latest figure."),
        ("Since last month", "how the RAG has moved since the previous report: better, worse, unchanged, a new exception, no figure now, or a figure back."),
        ("Variation: Common cause", "the latest figure is within the ups and downs the indicator has always had: nothing new is happening."),
        ("Variation: Special cause", "the latest figure is unusual for this indicator (beyond its process limits, or part of a run or a trend): \"Improving\" when better, \"Concern\" when worse, \"Neither\" where neither way is better."),
        ("Assurance", "whether the target will be met if things go on as they are: \"Will meet target\" (consistently), \"Will miss target\" (consistently, unless something changes), or \"Hit or miss\" (sometimes, by chance)."),
        ("Mean and process limits", "drawn on the charts: the average, and the range within which the figure normally varies (statistical process control)."),
    ];
    html! {
        section #key aria-labelledby="key-h" {
            h2 #key-h { "What the words mean" }
            dl.glossary {
                @for (r, meaning) in rag {
                    div { dt { (rag_badge(r)) } dd { (meaning) } }
                }
                @for (word, meaning) in words {
                    div { dt { (word) } dd { (meaning) } }
                }
            }
            p.note {
                "Figures are for " (crate::period::period_words(c.period, &c.period_id))
                " at each indicator's reporting precision; "
                "each period's target is its own (profiled, pro rata or annual)."
            }
        }
    }
}
