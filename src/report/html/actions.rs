//! The action plan on the web page (SPEC section 13): the actions counted by
//! RAG, for the council and for each plan; every action with its % complete
//! drawn against the time elapsed, its RAG in words and colour, and how far
//! its date has slipped; then each action exception as a block, with its
//! reasons, progress, linked indicators, commentary and remedial action.
//!
//! The bars are drawn in CSS (a filled bar and a marker), not SVG: the page's
//! SVGs are its trend charts. Everything is written through maud, so text
//! from the plan and the returns is always escaped.

use super::{form_block, plural, rag_badge};
use crate::model::{ActionRag, ActionResult, Consolidation, PlanReport};
use crate::period::date_words;
use crate::report::action_words::{
    days, owner_rag, rag_shade, rag_word, reasons_sentence, since_word, status_word, Shade,
};
use crate::report::json::ActionCounts;
use chrono::NaiveDate;
use maud::{html, Markup};

/// The styles of this section, added to the page only with a plan, so a
/// page without one is as it was.
pub(super) const CSS: &str = include_str!("actions.css");

/// The plan's section: counts, each plan's actions, the action exceptions.
pub(super) fn plan_section(c: &Consolidation, plan: &PlanReport) -> Markup {
    let as_at = c.calendar.last_day(c.period);
    let plans = plan_names(plan);
    let exceptions: Vec<&ActionResult> = plan.exceptions().collect();
    html! {
        section #actions aria-labelledby="actions-h" {
            h2 #actions-h { "Action plan" }
            p {
                "How the council is getting on with what it said it would do: "
                (plural(plan.results.len(), "action")) " and milestones in "
                (plural(plans.len(), "plan")) ", as at " (date_words(as_at)) "."
            }
            (tiles("actions", &ActionCounts::of(plan, None)))
            @if let Some(line) = plan.since_line() {
                p.since { (line) "." }
            }
            (exception_list(&exceptions))
            @for name in &plans {
                (plan_list(plan, name, as_at))
            }
            @for (i, r) in exceptions.iter().enumerate() {
                (exception_block(c, plan, i, r, as_at))
            }
        }
    }
}

/// The plans, in the order the plan first names them.
fn plan_names(plan: &PlanReport) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for r in &plan.results {
        if !names.contains(&r.plan.as_str()) {
            names.push(&r.plan);
        }
    }
    names
}

/// The class of an action's RAG badge or bar.
fn shade_class(shade: Shade) -> &'static str {
    match shade {
        Shade::Blue => "rag rag-blue",
        Shade::Green => "rag rag-green",
        Shade::Amber => "rag rag-amber",
        Shade::Red => "rag rag-red",
        Shade::Grey => "rag rag-none",
    }
}

/// ipr's RAG for an action, in words and colour.
fn badge(rag: ActionRag) -> Markup {
    html! { span class=(shade_class(rag_shade(rag))) { (rag_word(rag)) } }
}

/// The counts as tiles; `key` prefixes each JSON `summary.actions` key it
/// shows (`data-count="actions.green"`), so a reader and the tests can tie
/// the two together.
fn tiles(key: &str, n: &ActionCounts) -> Markup {
    let tiles = [
        ("actions", "Actions", n.actions, "plain"),
        ("complete", "Complete", n.complete, "rag-blue"),
        ("green", "Green", n.green, "rag-green"),
        ("amber", "Amber", n.amber, "rag-amber"),
        ("red", "Red", n.red, "rag-red"),
        ("overdue", "Overdue", n.overdue, "rag-red"),
        ("not-assessed", "Not assessed", n.not_assessed, "rag-none"),
        ("deferred", "Deferred", n.deferred, "rag-none"),
        ("cancelled", "Cancelled", n.cancelled, "rag-none"),
        ("exceptions", "Exceptions", n.exceptions, "plain strong"),
    ];
    html! {
        dl.tiles.action-tiles {
            @for (k, label, count, class) in tiles {
                div class={ "tile " (class) } {
                    dt { (label) }
                    dd data-count={ (key) "." (k) } { (count) }
                }
            }
        }
    }
}

/// In-page anchor of the `i`th action exception.
fn anchor(i: usize, reference: &str) -> String {
    let slug: String = reference
        .chars()
        .map(|ch| match ch.is_ascii_alphanumeric() {
            true => ch.to_ascii_lowercase(),
            false => '-',
        })
        .collect();
    format!("a{}-{slug}", i + 1)
}

/// The action exceptions in a short table, each linked to its block.
fn exception_list(exceptions: &[&ActionResult]) -> Markup {
    html! {
        h3 { "Action exceptions" }
        @if exceptions.is_empty() {
            p { "No action needs a remedial-action report this period." }
        } @else {
            p {
                (plural(exceptions.len(), "action"))
                " need a remedial-action report: overdue, off track, or slipped past its due date."
            }
            div.scroll {
                table.list {
                    thead {
                        tr {
                            th scope="col" { "Ref" }
                            th scope="col" .title { "Action" }
                            th scope="col" .wide { "Directorate" }
                            th scope="col" { "RAG" }
                            th scope="col" .reasons { "Reasons" }
                        }
                    }
                    tbody {
                        @for (i, r) in exceptions.iter().enumerate() {
                            tr {
                                td.code { a href={ "#" (anchor(i, &r.reference)) } { (r.reference) } }
                                td.title { (r.title) }
                                td.wide { (r.directorate) }
                                td { (badge(r.rag)) }
                                td.reasons { (reasons_sentence(&r.reasons)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Time elapsed from Start to the current due date, as at `as_at`, from 0 to
/// 1: where the marker is drawn on an action's bar (`None` without a Start,
/// or when the due date is not after it). Drawing only: ipr's RAG and pace
/// come from the assessment.
fn elapsed(r: &ActionResult, as_at: NaiveDate) -> Option<f64> {
    let start = r.start?;
    let total = (r.due_current - start).num_days();
    if total <= 0 {
        return None;
    }
    let gone = (as_at - start).num_days().clamp(0, total);
    Some(gone as f64 / total as f64)
}

/// A share as a whole percentage, for a bar's width and its words.
fn percent(share: f64) -> i64 {
    (share * 100.0).round().clamp(0.0, 100.0) as i64
}

/// An action's % complete drawn as a bar, with a marker at the time elapsed,
/// and both said in words beside it.
fn progress(r: &ActionResult, as_at: NaiveDate) -> Markup {
    let done = r.percent_complete.map(|p| percent(p / 100.0));
    // Time gone says nothing of an action finished, stopped or paused.
    let open = r.rag.can_be_exception();
    let gone = elapsed(r, as_at).filter(|_| open).map(percent);
    let shade = shade_class(rag_shade(r.rag)).replace("rag ", "");
    html! {
        div.progress {
            div.bar aria-hidden="true" {
                @if let Some(done) = done {
                    span class={ "done " (shade) } style={ "width:" (done) "%" } {}
                }
                @if let Some(gone) = gone {
                    span.gone style={ "left:" (gone) "%" } {}
                }
            }
            span.words {
                @match done {
                    Some(d) => { (d) "% complete" },
                    None => "% complete not given",
                }
                @if let Some(g) = gone {
                    "; " (g) "% of the time gone"
                }
            }
        }
    }
}

/// How far the current due date is from the agreed one, in words.
fn slippage(r: &ActionResult) -> String {
    match r.slippage_days {
        0 => "On its agreed date".to_string(),
        n if n > 0 => format!("{} late", days(n)),
        n => format!("{} early", days(-n)),
    }
}

/// One plan's actions, each on a line: ref, action, who, progress, dates, RAG.
fn plan_list(plan: &PlanReport, name: &str, as_at: NaiveDate) -> Markup {
    let mine: Vec<&ActionResult> = plan.results.iter().filter(|r| r.plan == name).collect();
    // Counted in the one place counts are made, over this plan's actions.
    let only = PlanReport {
        results: mine.iter().map(|r| (*r).clone()).collect(),
        ..PlanReport::default()
    };
    html! {
        section.plan aria-label=(name) {
            h3 { (name) }
            p.counts { (ActionCounts::of(&only, None).words()) "." }
            ol.actions {
                @for r in &mine {
                    li.action data-ref=(r.reference) {
                        div.what {
                            span.code { (r.reference) }
                            " " (r.title)
                            span.who {
                                (r.directorate)
                                @if let Some(lead) = &r.lead { " · " (lead) }
                                @if let Some(parent) = &r.parent { " · milestone of " (parent) }
                            }
                        }
                        (progress(r, as_at))
                        div.when {
                            "Due " (date_words(r.due_current))
                            @if r.slippage_days != 0 {
                                " (agreed " (date_words(r.due)) ")"
                            }
                            span.slip { (slippage(r)) }
                        }
                        div.status { (badge(r.rag)) span.word { (status_of(r)) } }
                    }
                }
            }
        }
    }
}

/// How often the due date has moved since the plan agreed it, in words.
fn moved(revisions: u32) -> String {
    match revisions {
        0 => "The due date has not moved since the plan was agreed.".to_string(),
        1 => "The due date has moved once since the plan was agreed.".to_string(),
        n => format!("The due date has moved {n} times since the plan was agreed."),
    }
}

/// The status as given, or "No update".
fn status_of(r: &ActionResult) -> &'static str {
    if r.updated {
        status_word(r.status)
    } else {
        "No update"
    }
}

/// One action exception as a block, kept whole on a printed page.
fn exception_block(
    c: &Consolidation,
    plan: &PlanReport,
    i: usize,
    r: &ActionResult,
    as_at: NaiveDate,
) -> Markup {
    let id = anchor(i, &r.reference);
    let form = plan.remedial.get(&r.reference);
    html! {
        article.exception.action-exception #(id) aria-labelledby={ (id) "-h" } {
            header {
                h3 #{ (id) "-h" } { span.code { (r.reference) } " " (r.title) }
                p.who {
                    (r.directorate)
                    @if let Some(lead) = &r.lead { " · " (lead) }
                    " · " (r.plan)
                }
            }
            dl.figures {
                div { dt { "RAG" } dd { (badge(r.rag)) } }
                div { dt { "Status" } dd { (status_of(r)) } }
                div { dt { "Due (agreed)" } dd { (date_words(r.due)) } }
                div { dt { "Due now" } dd { (date_words(r.due_current)) } }
                div { dt { "Days slipped" } dd { (r.slippage_days) } }
            }
            p.reasons { strong { "Why it is an exception: " } (reasons_sentence(&r.reasons)) "." }
            (progress(r, as_at))
            div.split {
                div.text {
                    h4 { "Linked indicators" }
                    @if r.indicators.is_empty() {
                        p.none { "None." }
                    } @else {
                        ul.linked {
                            @for l in &r.indicators {
                                li {
                                    span.code { (l.code) } " "
                                    @match l.rag {
                                        Some(rag) => (rag_badge(rag)),
                                        None => span.none { "not due this period" },
                                    }
                                }
                            }
                        }
                    }
                    p { (moved(r.revisions)) }
                    @if let Some((word, _)) = r.owner_rag.map(owner_rag) {
                        p { "The owner's own RAG: " (word) "." }
                    }
                    @if let Some(since) = r.since_previous_report {
                        p { "Since last month: " (since_word(since)) "." }
                    }
                    h4 { "Commentary" }
                    @match r.commentary.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                        Some(text) => p.commentary { (text) },
                        None => p.none { "No commentary was given." },
                    }
                }
                div.text {
                    h4 { "Remedial action" }
                    (form_block(c, form))
                }
            }
        }
    }
}
