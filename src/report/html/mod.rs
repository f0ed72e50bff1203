//! `IPR-<period>.html`: the report members read on screen, on a phone and on
//! paper (SPEC section 12).
//!
//! One self-contained page: the CSS is inline and the charts are inline SVG,
//! so nothing is fetched when it opens (a Cabinet pack is often read offline,
//! and a council website may forbid third-party requests). The markup is built
//! with `maud`, which escapes every interpolated string, so text from returns
//! (titles, commentary, actions) can only ever be text. The same consolidation
//! gives the same bytes: nothing here reads the clock or iterates a hash map.

mod actions;
mod chart;
mod directorates;
mod figure;
mod finance;
mod indicators;

use super::json::Counts;
use super::{reasons_words, write_atomic, ReportError};
use crate::model::{
    Changes, Consolidation, CoverageRow, Indicator, IndicatorResult, Rag, Reason, RemedialAction,
    Unit,
};
use crate::number::round::round_half_away;
use crate::period::period_words;
use chart::Points;
use figure::{chart_figure, forecast_note};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Mean and process limits of an indicator's series (SPEC section 11), drawn
/// on its exception chart when given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProcessLimits {
    /// Mean of the series.
    pub mean: f64,
    /// Lower process limit (mean − 2.66·MR̄).
    pub lower: f64,
    /// Upper process limit (mean + 2.66·MR̄).
    pub upper: f64,
}

/// Parts of the report that other work provides once it lands: the changes
/// since last month (the monthly cycle). Shown only when given; [`render`]
/// gives none. (Process limits come from each result's `spc`.)
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extras {
    /// Changes since the previous report, if there was one.
    pub changes: Option<Changes>,
}

/// The report as one HTML page. The same consolidation gives the same bytes.
pub fn render(c: &Consolidation) -> String {
    render_with(c, &Extras::default())
}

/// [`render`], with the changes since last month and process limits drawn
/// where `extras` gives them.
pub fn render_with(c: &Consolidation, extras: &Extras) -> String {
    let look = |code: &str| c.register.get(code);
    let words = period_words(c.period, &c.period_id);
    // One ordered list drives every list of indicators on the page; the
    // exceptions are grouped by priority where the register has priorities
    // (SPEC section 14), directorate within it.
    let groups = indicators::groups(c);
    let exceptions: Vec<&IndicatorResult> = c
        .report_order()
        .into_iter()
        .filter(|r| r.exception)
        .collect();
    let anchors: BTreeMap<&str, String> = exceptions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code.as_str(), anchor(i, &r.code)))
        .collect();
    // The monthly cycle's changes come with the consolidation; `extras` may still give them.
    let changes = extras.changes.as_ref().or(c.changes.as_ref());
    let page = html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title {
                    @if let Some(t) = c.audience.title(&words) { (t) }
                    @else { "Integrated Performance Report: " (words) }
                }
                style { (PreEscaped(CSS)) }
                @if c.actions.is_some() {
                    style { (PreEscaped(actions::CSS)) }
                }
            }
            body {
                header.masthead {
                    p.kicker { (c.audience.heading()) }
                    h1 { (words) }
                    p.meta {
                        "Period " (c.period_id) ". Made by ipr " (c.version)
                        " from " (plural(c.inputs.len(), "input file")) "."
                    }
                }
                main {
                    (summary_section(c))
                    p.keylink {
                        a href="#key" { "What RAG, an exception, Variation and Assurance mean" }
                        " · " a href="#indicators" { "Every indicator" }
                        " · " a href="#no-figure" { "Indicators with no figure" }
                    }
                    // Changes since last month: shown only once the monthly cycle gives them.
                    @if let Some(ch) = changes {
                        (changes_section(c, ch))
                    }
                    (exception_list(c, &exceptions, &look))
                    @for (i, r) in exceptions.iter().enumerate() {
                        (exception_block(c, i, r, look(&r.code)))
                    }
                    (indicators::every_indicator(c, &groups, &anchors))
                    (indicators::no_figure(c, &groups))
                    @if let Some(plan) = &c.actions {
                        (actions::plan_section(c, plan))
                    }
                    (directorates::section(c))
                    // SPEC section 16: only with a budget.
                    @if let Some(b) = &c.budget {
                        (finance::finance_section(b))
                    }
                    (indicators::key(c))
                }
                footer {
                    p {
                        "Figures are shown at each indicator's reporting precision. "
                        "RAG is given in words as well as colour. The workbook IPR-"
                        (c.period_id) ".xlsx holds every indicator, finding and source cell."
                    }
                }
            }
        }
    };
    let mut out = page.into_string();
    out.push('\n');
    // Escaped as markup already; bidirectional overrides from the files are
    // taken out too, so text reads on the page in the order it was typed.
    match super::text::without_bidi_controls(&out) {
        std::borrow::Cow::Owned(safe) => safe,
        std::borrow::Cow::Borrowed(_) => out,
    }
}

/// Writes [`render`] atomically to `IPR-<period>.html` in `out_dir` and
/// returns its path. On error nothing at that path is created or changed.
pub fn write_html(c: &Consolidation, out_dir: &Path) -> Result<PathBuf, ReportError> {
    let path = out_dir.join(format!("IPR-{}.html", c.period_id));
    write_atomic(&path, render(c).as_bytes())?;
    Ok(path)
}

// ---------------------------------------------------------------- Summary

/// The council-wide coverage row, or the sum of the directorates' where the
/// pipeline gave none (as the Summary sheet does).
fn council_coverage(c: &Consolidation) -> Option<CoverageRow> {
    if let Some(row) = &c.coverage.council {
        return Some(row.clone());
    }
    if c.coverage.directorates.is_empty() {
        return None;
    }
    let mut total = CoverageRow {
        directorate: "Council".into(),
        returns: 0,
        expected: 0,
        returned: 0,
    };
    for r in &c.coverage.directorates {
        total.returns += r.returns;
        total.expected += r.expected;
        total.returned += r.returned;
    }
    Some(total)
}

/// One count tile; `key` is the JSON `summary` field it shows, so a reader
/// (and the tests) can tie the two together.
fn tile(key: &str, label: &str, n: usize, class: &str) -> Markup {
    html! {
        div class={ "tile " (class) } {
            dt { (label) }
            dd data-count=(key) { (n) }
        }
    }
}

fn summary_section(c: &Consolidation) -> Markup {
    let n = Counts::of(c, None);
    let cov = council_coverage(c);
    html! {
        section #summary aria-labelledby="summary-h" {
            h2 #summary-h { "Summary" }
            dl.tiles {
                (tile("indicators", "Indicators due", n.indicators, "plain"))
                (tile("green", "Green", n.green, "rag-green"))
                (tile("amber", "Amber", n.amber, "rag-amber"))
                (tile("red", "Red", n.red, "rag-red"))
                (tile("none", Rag::None.word(), n.none, "rag-none"))
                (tile("missing", "Missing", n.missing, "rag-missing"))
            }
            dl.tiles {
                (tile("exceptions", "Exceptions", n.exceptions, "plain strong"))
                (tile("dq_errors", "Data-quality errors", n.dq_errors, "plain"))
                (tile("dq_warnings", "Warnings to look at", n.dq_warnings, "plain"))
                (tile("dq_warnings_explained", "Warnings explained", n.dq_warnings_explained, "plain"))
                @if let Some(cov) = &cov {
                    div.tile.plain {
                        dt { "Coverage" }
                        dd {
                            span data-coverage="returned" { (cov.returned) }
                            " of "
                            span data-coverage="expected" { (cov.expected) }
                        }
                    }
                }
            }
            @if let Some(cov) = &cov {
                p.note {
                    (plural(cov.returned, "indicator")) " of " (cov.expected)
                    " due have a value"
                    @if cov.expected > 0 {
                        " (" (percent_share(cov.returned, cov.expected)) ")"
                    }
                    ", from " (plural(cov.returns, "return")) "."
                }
            }
        }
    }
}

/// `part` of `whole` as a whole percentage, e.g. "76%".
fn percent_share(part: usize, whole: usize) -> String {
    let share = round_half_away(100.0 * part as f64 / whole as f64, 0);
    format!("{share}%")
}

/// "August 2026" for a month id; the id itself otherwise.
fn id_words(c: &Consolidation, id: &str) -> String {
    c.calendar
        .parse_id(id)
        .map(|p| period_words(p, id))
        .unwrap_or_else(|| id.to_string())
}

fn changes_section(c: &Consolidation, ch: &Changes) -> Markup {
    let since = id_words(c, &ch.previous_period);
    let rows = [
        ("New exceptions", &ch.new_exceptions),
        ("No longer exceptions", &ch.no_longer_exceptions),
        ("Exceptions with no figure", &ch.no_figure_exceptions),
        ("Figures back", &ch.returned),
        ("RAG better", &ch.rag_better),
        ("RAG worse", &ch.rag_worse),
    ];
    html! {
        section #changes aria-labelledby="changes-h" {
            h2 #changes-h { "Changes since " (since) }
            dl.changes {
                @for (label, codes) in rows {
                    div {
                        dt { (label) " (" (codes.len()) ")" }
                        dd {
                            @if codes.is_empty() { "None" } @else { (codes.join(", ")) }
                        }
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------- Exceptions

/// In-page anchor of the `i`th exception: its position keeps it unique, the
/// code makes it readable.
fn anchor(i: usize, code: &str) -> String {
    let slug: String = code
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() {
                ch.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("x{}-{slug}", i + 1)
}

/// "Received", "Carried forward from 2026-08" or "Outstanding".
fn action_status(c: &Consolidation, code: &str) -> String {
    form_state(c, c.remedial.get(code))
}

/// A remedial form's state, as [`action_status`] says it (an action
/// exception's form too).
fn form_state(c: &Consolidation, form: Option<&RemedialAction>) -> String {
    match form {
        Some(a) if a.period == c.period_id => "Received".to_string(),
        Some(a) => format!("Carried forward from {}", id_words(c, &a.period)),
        None => "Outstanding".to_string(),
    }
}

fn rag_badge(rag: Rag) -> Markup {
    let class = match rag {
        Rag::Green => "rag rag-green",
        Rag::Amber => "rag rag-amber",
        Rag::Red => "rag rag-red",
        Rag::None => "rag rag-none",
        Rag::Missing => "rag rag-missing",
    };
    html! { span class=(class) { (rag.word()) } }
}

fn exception_list<'a>(
    c: &Consolidation,
    exceptions: &[&IndicatorResult],
    look: &impl Fn(&str) -> Option<&'a Indicator>,
) -> Markup {
    html! {
        section #exceptions aria-labelledby="exceptions-h" {
            h2 #exceptions-h { "Exceptions" }
            @if exceptions.is_empty() {
                p { "No indicator needs a remedial-action report this period." }
            } @else {
                p {
                    (plural(exceptions.len(), "indicator"))
                    " need a remedial-action report: red, forecast to miss the annual target, "
                    "or amber for a second period and worsening"
                    // Only where `[exceptions] spc_fail` made it a reason.
                    @if exceptions.iter().any(|r| r.reasons.contains(&Reason::AssuranceFail)) {
                        ", or sure to miss the target as things are (process limits)"
                    }
                    "."
                }
                div.scroll {
                    table.list {
                        thead {
                            tr {
                                th scope="col" .wide { "Directorate" }
                                th scope="col" { "Code" }
                                th scope="col" .title { "Title" }
                                th scope="col" .num.wide { "Actual" }
                                th scope="col" .num.wide { "Target" }
                                th scope="col" { "RAG" }
                                th scope="col" .reasons.wide { "Reasons" }
                                th scope="col" .wide { "Action" }
                            }
                        }
                        tbody {
                            @for (i, r) in exceptions.iter().enumerate() {
                                @let ind = look(&r.code);
                                tr {
                                    td.wide { (r.directorate) }
                                    td.code { a href={ "#" (anchor(i, &r.code)) } { (r.code) } }
                                    td.title { (r.title) }
                                    td.num.wide { (figure(r.actual, ind)) }
                                    td.num.wide { (figure(r.target, ind)) }
                                    td { (rag_badge(r.rag)) }
                                    td.reasons.wide { (reasons_words(&r.reasons)) }
                                    td.wide { (action_status(c, &r.code)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn exception_block(
    c: &Consolidation,
    i: usize,
    r: &IndicatorResult,
    ind: Option<&Indicator>,
) -> Markup {
    let id = anchor(i, &r.code);
    // With SPC, the chart is its series (the amount in each period for a
    // cumulative measure), so that the limits are on the scale drawn.
    let (points, targets, special, limits) = match &r.spc {
        Some(spc) => {
            // A slot for every period from the first point to the last, empty
            // where there is none: a gap in the data is a gap on the chart.
            let series = r.spc_series.iter().enumerate();
            let slots = crate::report::charts::spaced(
                c.calendar,
                series.map(|(j, p)| (p.period.clone(), j)).collect(),
            );
            let at = |j: Option<usize>| j.map(|j| &r.spc_series[j]);
            let points: Points = slots
                .iter()
                .map(|(period, j)| (period.clone(), at(*j).map(|p| p.value)))
                .collect();
            let targets: Vec<Option<f64>> = slots
                .iter()
                .map(|(_, j)| at(*j).and_then(|p| p.target))
                .collect();
            let special: Vec<bool> = slots
                .iter()
                .map(|(_, j)| j.and_then(|j| spc.marks.get(j)).is_some_and(|m| m.any()))
                .collect();
            let limits = ProcessLimits {
                mean: spc.mean,
                lower: spc.lower_limit,
                upper: spc.upper_limit,
            };
            (points, targets, special, Some(limits))
        }
        None => {
            let trend = r.trend_points();
            let points: Points = trend.iter().map(|p| (p.period.clone(), p.value)).collect();
            let targets: Vec<Option<f64>> = trend.iter().map(|p| p.target).collect();
            (points, targets, Vec::new(), None)
        }
    };
    let limits = limits.as_ref();
    html! {
        article.exception #(id) aria-labelledby={ (id) "-h" } {
            header {
                h3 #{ (id) "-h" } {
                    span.code { (r.code) } " " (r.title)
                }
                p.who {
                    (r.directorate)
                    @if let Some(owner) = &r.owner { " · " (owner) }
                }
            }
            dl.figures {
                div { dt { "Actual (" (r.period) ")" } dd { (figure(r.actual, ind)) } }
                div { dt { "Target" } dd { (figure(r.target, ind)) } }
                div { dt { "RAG" } dd { (rag_badge(r.rag)) } }
                div { dt { "Forecast year end" } dd { (figure(r.forecast, ind)) (forecast_note(r)) } }
                div { dt { "Annual target" } dd { (figure(r.annual_target, ind)) } }
            }
            p.reasons { strong { "Why it is an exception: " } (reasons_words(&r.reasons)) "." }
            div.split {
            (chart_figure(r, ind, &points, &targets, limits, &special))
            div.text {
                h4 { "Commentary" }
                @match r.commentary.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    Some(text) => p.commentary { (text) },
                    None => p.none { "No commentary was given." },
                }
                h4 { "Remedial action" }
                (action_block(c, &r.code))
            }
            }
        }
    }
}

fn action_block(c: &Consolidation, code: &str) -> Markup {
    form_block(c, c.remedial.get(code))
}

/// A remedial form's answers, or that it is outstanding (an action
/// exception's form too).
fn form_block(c: &Consolidation, form: Option<&RemedialAction>) -> Markup {
    let Some(a) = form else {
        return html! { p.outstanding { "Outstanding: no completed form has come back." } };
    };
    let status = match a.status.as_deref() {
        Some("open") => "Open".to_string(),
        Some("closed") => "Closed".to_string(),
        Some(other) => other.to_string(),
        None => "No status given".to_string(),
    };
    let rows = [
        ("Reason for the shortfall", a.reason.as_deref()),
        ("Action in hand or proposed", a.action.as_deref()),
        ("Lead officer", a.lead_officer.as_deref()),
        ("Expected back on target", a.back_on_target.as_deref()),
    ];
    html! {
        p { (form_state(c, form)) " (form " (a.file_name()) "). Status: " (status) "." }
        dl.action {
            @for (label, value) in rows {
                div {
                    dt { (label) }
                    dd { (value.unwrap_or("Not given")) }
                }
            }
        }
    }
}
fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

// ---------------------------------------------------------------- Numbers

/// "3 returns", "1 return".
fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// A figure at the indicator's reporting precision with its unit: "£1,856,400",
/// "41.2%", "41.3 days", "512"; "–" for no value.
fn figure(v: Option<f64>, ind: Option<&Indicator>) -> String {
    let Some(v) = finite(v) else {
        return "–".to_string();
    };
    let decimals = ind.and_then(|i| i.decimals);
    let text = number_text(v, decimals);
    match ind.map(|i| i.unit) {
        Some(Unit::Currency) => match text.strip_prefix('-') {
            Some(rest) => format!("-£{rest}"),
            None => format!("£{text}"),
        },
        Some(Unit::Percent) => format!("{text}%"),
        Some(Unit::Days) => format!("{text} days"),
        _ => text,
    }
}

/// `v` rounded half away from zero to `decimals` places (or at 15 significant
/// digits when the register gives none), with thousands separators.
fn number_text(v: f64, decimals: Option<u32>) -> String {
    let plain = match decimals {
        Some(d) => crate::number::fixed(round_half_away(v, d), d as usize),
        None => crate::number::shortest(v),
    };
    crate::number::grouped(&plain)
}

// ---------------------------------------------------------------- Styles

/// The page's only styles. System fonts only: no font file is fetched.
const CSS: &str = include_str!("style.css");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_carry_their_unit_at_reporting_precision() {
        let mut ind = crate::assess::target::tests::indicator("X-1");
        ind.unit = Unit::Currency;
        ind.decimals = Some(0);
        assert_eq!(figure(Some(1_856_400.0), Some(&ind)), "£1,856,400");
        assert_eq!(figure(Some(-1200.4), Some(&ind)), "-£1,200");
        ind.unit = Unit::Percent;
        ind.decimals = Some(1);
        assert_eq!(figure(Some(41.25), Some(&ind)), "41.3%");
        assert_eq!(figure(Some(-0.01), Some(&ind)), "0.0%");
        assert_eq!(figure(None, Some(&ind)), "–");
        ind.unit = Unit::Count;
        ind.decimals = None;
        assert_eq!(figure(Some(0.1 + 0.2), Some(&ind)), "0.3");
        assert_eq!(figure(Some(1234.0), None), "1,234");
    }

    #[test]
    fn anchors_are_unique_and_plain() {
        assert_eq!(anchor(0, "NI 135"), "x1-ni-135");
        assert_eq!(anchor(1, "ASC-02"), "x2-asc-02");
    }
}
