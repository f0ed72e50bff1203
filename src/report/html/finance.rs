//! The page's finance section (SPEC section 16): the lines by RAG, the totals
//! of each directorate and Type and the council's (revenue and capital never
//! added together), and each budget exception's block with its recovery
//! plan. Only with a budget: a page without one is what it always was.

use crate::model::budget_result::{BudgetRag, FinanceTotal};
use crate::model::{BudgetReport, BudgetResult, Money, RemedialAction};
use crate::report::action_forms::capitalised;
use crate::report::budget_forms::{budget_reason_words, rag_word};
use maud::{html, Markup};

/// The RAG as a badge, in the page's colours (grey for no forecast).
fn badge(rag: BudgetRag) -> Markup {
    let class = match rag {
        BudgetRag::Green => "rag rag-green",
        BudgetRag::Amber => "rag rag-amber",
        BudgetRag::Red => "rag rag-red",
        BudgetRag::Missing => "rag rag-missing",
    };
    html! { span class=(class) { (rag_word(rag)) } }
}

fn money(m: Option<Money>) -> String {
    m.map(Money::words_whole)
        .unwrap_or_else(|| "Not given".into())
}

/// "Resources, expenditure", or "Council, capital".
fn total_name(t: &FinanceTotal) -> String {
    format!(
        "{}, {}",
        t.directorate.as_deref().unwrap_or("Council"),
        t.line_type.word()
    )
}

/// The finance section.
pub(super) fn finance_section(b: &BudgetReport) -> Markup {
    let exceptions: Vec<&BudgetResult> = b.exceptions().collect();
    html! {
        section #finance aria-labelledby="finance-h" {
            h2 #finance-h { "Finance" }
            p { (b.summary.lines.words()) "." }
            div.scroll.keep {
                table.counts {
                    caption { "Budget, forecast outturn and variance (lines with no forecast at their budget)" }
                    thead {
                        tr {
                            th scope="col" { "Directorate and type" }
                            th scope="col" .num { "Budget" }
                            th scope="col" .num { "Forecast" }
                            th scope="col" .num { "Variance" }
                            th scope="col" .num { "Lines" }
                        }
                    }
                    tbody {
                        @for t in &b.summary.totals {
                            tr {
                                th scope="row" {
                                    @if t.directorate.is_none() { strong { (total_name(t)) } }
                                    @else { (total_name(t)) }
                                }
                                td.num { (t.budget.words_whole()) }
                                td.num { (t.forecast.words_whole()) }
                                td.num { (t.variance.words_whole()) }
                                td.num { (t.lines) }
                            }
                        }
                    }
                }
            }
            @if exceptions.is_empty() {
                p { "No budget line needs a recovery plan this period." }
            } @else {
                p {
                    (exceptions.len())
                    @if exceptions.len() == 1 { " budget line needs" } @else { " budget lines need" }
                    " a recovery plan: red, or amber for a second report and worsening."
                }
                @for (i, r) in exceptions.iter().enumerate() {
                    (exception_block(b, i, r))
                }
            }
        }
    }
}

fn exception_block(b: &BudgetReport, i: usize, r: &BudgetResult) -> Markup {
    // By position: a Ref may hold characters an id should not.
    let id = format!("budget-{}", i + 1);
    let to_date = if r.line_type == crate::model::LineType::Income {
        "Income to date"
    } else {
        "Spend to date"
    };
    html! {
        article.exception.budget #(id) aria-labelledby={ (id) "-h" } {
            header {
                h3 #{ (id) "-h" } { span.code { (r.reference) } " " (r.service) }
                p.who {
                    (r.directorate) " · " (r.line_type.word())
                    @if let Some(h) = &r.holder { " · " (h) }
                }
            }
            dl.figures {
                div { dt { "Budget" } dd { (r.budget.words_whole()) } }
                div { dt { (to_date) } dd { (money(r.spend_to_date)) } }
                div { dt { "Forecast outturn" } dd { (money(r.forecast)) } }
                div { dt { "Variance" } dd { (money(r.variance)) } }
                div { dt { "RAG" } dd { (badge(r.rag)) } }
                div { dt { "Since last month" } dd { (money(r.movement)) } }
            }
            p.reasons {
                strong { "Why it is an exception: " }
                (capitalised(&budget_reason_words(&r.reasons)))
                @if let Some(v) = r.variance { ": forecast to " (r.line_type.variance_words(v)) }
                "."
            }
            h4 { "Commentary" }
            @match r.commentary.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(text) => p.commentary { (text) },
                None => p.none { "No commentary was given." },
            }
            h4 { "Recovery plan" }
            (plan_block(b.remedial.get(&r.reference)))
        }
    }
}

fn plan_block(a: Option<&RemedialAction>) -> Markup {
    let Some(a) = a else {
        return html! { p.outstanding { "Outstanding: no completed recovery plan has come back." } };
    };
    let rows = [
        ("Reason for the variance", a.reason.as_deref()),
        ("Action in hand or proposed", a.action.as_deref()),
        ("Lead officer", a.lead_officer.as_deref()),
        ("Expected back within budget", a.back_on_target.as_deref()),
    ];
    html! {
        p {
            "Received (form " (a.file_name()) "). Status: "
            (capitalised(a.status.as_deref().unwrap_or("no status given"))) "."
        }
        dl.action {
            @for (label, value) in rows {
                div { dt { (label) } dd { (value.unwrap_or("Not given")) } }
            }
        }
    }
}
