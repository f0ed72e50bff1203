//! `IPR-<period>.html`: the report members read on screen, on a phone and on
//! paper (SPEC section 12).
//!
//! One self-contained page: the CSS is inline and the charts are inline SVG,
//! so nothing is fetched when it opens (a Cabinet pack is often read offline,
//! and a council website may forbid third-party requests). The markup is built
//! with `maud`, which escapes every interpolated string, so text from returns
//! (titles, commentary, actions) can only ever be text. The same consolidation
//! gives the same bytes: nothing here reads the clock or iterates a hash map.

use super::json::Counts;
use super::workbook::{trend_points, Points};
use super::{reasons_words, write_atomic, ReportError};
use crate::assess::round::{round_half_away, sig15};
use crate::assess::target::target_for_period;
use crate::assess::{IndicatorResult, Rag};
use crate::period::{month_long_name, period_words, Period};
use crate::pipeline::{Consolidation, CoverageRow};
use crate::register::{normalise_code, Indicator, Unit};
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

/// What changed since the previous report (SPEC section 10), by indicator code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Period id of the previous report.
    pub previous_period: String,
    /// Exceptions this month that were not last month.
    pub new_exceptions: Vec<String>,
    /// Last month's exceptions that are no longer.
    pub no_longer_exceptions: Vec<String>,
    /// Indicators whose RAG got better.
    pub rag_better: Vec<String>,
    /// Indicators whose RAG got worse.
    pub rag_worse: Vec<String>,
}

/// Parts of the report that other work provides once it lands: the changes
/// since last month (the monthly cycle) and process limits (SPC). Each is
/// shown only when given; [`render`] gives none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extras {
    /// Changes since the previous report, if there was one.
    pub changes: Option<Changes>,
    /// Process limits by indicator code, for indicators with enough history.
    pub limits: BTreeMap<String, ProcessLimits>,
}

/// The report as one HTML page. The same consolidation gives the same bytes.
pub fn render(c: &Consolidation) -> String {
    render_with(c, &Extras::default())
}

/// [`render`], with the changes since last month and process limits drawn
/// where `extras` gives them.
pub fn render_with(c: &Consolidation, extras: &Extras) -> String {
    let by_key: BTreeMap<&str, &Indicator> = c
        .register
        .indicators
        .iter()
        .map(|i| (i.key.as_str(), i))
        .collect();
    let look = |code: &str| by_key.get(normalise_code(code).as_str()).copied();
    let words = period_words(c.period, &c.period_id);
    let exceptions: Vec<&IndicatorResult> = c.indicators.iter().filter(|r| r.exception).collect();
    let page = html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Integrated Performance Report: " (words) }
                style { (PreEscaped(CSS)) }
            }
            body {
                header.masthead {
                    p.kicker { "Integrated Performance Report" }
                    h1 { (words) }
                    p.meta {
                        "Period " (c.period_id) ". Made by ipr " (c.version)
                        " from " (plural(c.inputs.len(), "input file")) "."
                    }
                }
                main {
                    (summary_section(c))
                    // Changes since last month: shown only once the monthly cycle gives them.
                    @if let Some(ch) = &extras.changes {
                        (changes_section(c, ch))
                    }
                    (exception_list(c, &exceptions, &look))
                    @for (i, r) in exceptions.iter().enumerate() {
                        (exception_block(c, i, r, look(&r.code), extras.limits.get(&r.code)))
                    }
                    (directorate_section(c))
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
    out
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
                (tile("none", "No target", n.none, "rag-none"))
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
    Period::parse_id(id, c.year_start)
        .map(|p| period_words(p, id))
        .unwrap_or_else(|| id.to_string())
}

fn changes_section(c: &Consolidation, ch: &Changes) -> Markup {
    let since = id_words(c, &ch.previous_period);
    let rows = [
        ("New exceptions", &ch.new_exceptions),
        ("No longer exceptions", &ch.no_longer_exceptions),
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
    match c.actions.get(code) {
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
                    "or amber for a second period and worsening."
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
    limits: Option<&ProcessLimits>,
) -> Markup {
    let id = anchor(i, &r.code);
    let points = trend_points(r);
    let targets = targets_for(c, ind, &points);
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
                div { dt { "Forecast year end" } dd { (figure(r.forecast, ind)) } }
                div { dt { "Annual target" } dd { (figure(r.annual_target, ind)) } }
            }
            p.reasons { strong { "Why it is an exception: " } (reasons_words(&r.reasons)) "." }
            div.split {
            (chart_figure(r, ind, &points, &targets, limits))
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
    let Some(a) = c.actions.get(code) else {
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
        p { (action_status(c, code)) " (form " (a.file_name()) "). Status: " (status) "." }
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

/// The target of each trend point's period, as the register sets it, so a
/// cumulative measure's line rises with the year as its target does.
fn targets_for(c: &Consolidation, ind: Option<&Indicator>, points: &Points) -> Vec<Option<f64>> {
    points
        .iter()
        .map(|(id, _)| {
            let ind = ind?;
            let period = Period::parse_id(id, c.year_start)?;
            target_for_period(ind, &c.register, period, c.year_start).0
        })
        .collect()
}

// ---------------------------------------------------------------- Charts

/// Size of a chart's drawing, in SVG units; the page scales it to its column.
const CHART_W: u32 = 480;
const CHART_H: u32 = 240;
/// Most period labels under a chart: more would run into each other on a phone.
const MAX_X_LABELS: usize = 5;
const ACTUAL_COLOUR: plotters::style::RGBColor = plotters::style::RGBColor(0x1d, 0x70, 0xb8);
const TARGET_COLOUR: plotters::style::RGBColor = plotters::style::RGBColor(0x0b, 0x0c, 0x0c);
const LIMIT_COLOUR: plotters::style::RGBColor = plotters::style::RGBColor(0x6f, 0x77, 0x7b);

fn chart_figure(
    r: &IndicatorResult,
    ind: Option<&Indicator>,
    points: &Points,
    targets: &[Option<f64>],
    limits: Option<&ProcessLimits>,
) -> Markup {
    let shown = points.iter().filter(|(_, v)| finite(*v).is_some()).count();
    let label = chart_label(r, ind, points, limits);
    let svg = if shown == 0 {
        None
    } else {
        trend_svg(points, targets, limits, ind)
    };
    html! {
        figure.chart {
            @match svg {
                Some(inner) => {
                    svg viewBox={ "0 0 " (CHART_W) " " (CHART_H) } role="img" aria-label=(label) {
                        title { (label) }
                        (PreEscaped(inner))
                    }
                    figcaption {
                        span.key.key-actual { "Actual" }
                        @if targets.iter().any(|t| finite(*t).is_some()) {
                            span.key.key-target { "Target" }
                        }
                        @if limits.is_some() {
                            span.key.key-mean { "Mean" }
                            span.key.key-limit { "Process limits" }
                        }
                    }
                }
                None => p.none { "No values to chart." }
            }
        }
    }
}

/// What the chart shows, in words, for its `<title>` and `aria-label`.
fn chart_label(
    r: &IndicatorResult,
    ind: Option<&Indicator>,
    points: &Points,
    limits: Option<&ProcessLimits>,
) -> String {
    let mut s = format!("Trend of {} {}", r.code, r.title);
    if let (Some((first, _)), Some((last, _))) = (points.first(), points.last()) {
        s.push_str(&format!(", {first} to {last}"));
    }
    s.push_str(&format!(
        ": latest {} against a target of {}",
        figure(r.actual, ind),
        figure(r.target, ind)
    ));
    if let Some(l) = limits {
        s.push_str(&format!(
            "; mean {}, process limits {} to {}",
            figure(Some(l.mean), ind),
            figure(Some(l.lower), ind),
            figure(Some(l.upper), ind)
        ));
    }
    s.push('.');
    s
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// The y range: every value, target and limit drawn, with a margin; a percent
/// axis stays within 0 to 100 where the data do, and an axis of values that
/// are never negative does not run below 0.
fn y_range(values: &[f64], unit: Option<Unit>) -> (f64, f64) {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = if hi > lo { hi - lo } else { lo.abs().max(1.0) };
    let mut y0 = lo - span * 0.15;
    let mut y1 = hi + span * 0.15;
    if lo >= 0.0 && y0 < 0.0 {
        y0 = 0.0;
    }
    if unit == Some(Unit::Percent) && hi <= 100.0 && y1 > 100.0 {
        y1 = 100.0;
    }
    (y0, y1)
}

/// The chart's SVG content (without its outer `<svg>` element), or `None`
/// if plotters could not draw it.
fn trend_svg(
    points: &Points,
    targets: &[Option<f64>],
    limits: Option<&ProcessLimits>,
    ind: Option<&Indicator>,
) -> Option<String> {
    use plotters::prelude::*;

    let unit = ind.map(|i| i.unit);
    let mut drawn: Vec<f64> = points.iter().filter_map(|(_, v)| finite(*v)).collect();
    drawn.extend(targets.iter().filter_map(|t| finite(*t)));
    if let Some(l) = limits {
        drawn.extend(
            [l.mean, l.lower, l.upper]
                .into_iter()
                .filter(|x| x.is_finite()),
        );
    }
    let (y0, y1) = y_range(&drawn, unit);
    let n = points.len();
    let x_last = n.saturating_sub(1) as f64;
    let labels: Vec<String> = points.iter().map(|(p, _)| short_period(p)).collect();
    let font = ("sans-serif", 24)
        .into_font()
        .color(&RGBColor(0x0b, 0x0c, 0x0c));

    let mut svg = String::new();
    let drew = (|| -> Result<(), Box<dyn std::error::Error + '_>> {
        let root = SVGBackend::with_string(&mut svg, (CHART_W, CHART_H)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin_top(12)
            .margin_right(22)
            .margin_left(6)
            .x_label_area_size(36)
            .y_label_area_size(78)
            .build_cartesian_2d(-0.4f64..(x_last + 0.4), y0..y1)?;
        // A tick at every period; a label on every `stride`th, counting back
        // from the latest, which is always labelled.
        let stride = n.div_ceil(MAX_X_LABELS).max(1);
        let label_at = |x: &f64| -> String {
            let i = x.round();
            if (x - i).abs() > 1e-6 || i < 0.0 || i as usize >= n {
                return String::new();
            }
            if !(n - 1 - i as usize).is_multiple_of(stride) {
                return String::new();
            }
            labels.get(i as usize).cloned().unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n.max(2))
            .y_labels(5)
            .x_label_formatter(&label_at)
            .y_label_formatter(&|y: &f64| axis_label(*y, unit))
            .label_style(font.clone())
            .axis_style(RGBColor(0x50, 0x5a, 0x5f))
            .bold_line_style(RGBColor(0xe5, 0xe6, 0xe7))
            .light_line_style(TRANSPARENT)
            .draw()?;

        if let Some(l) = limits {
            let across = |y: f64| vec![(-0.4, y), (x_last + 0.4, y)];
            chart.draw_series(LineSeries::new(
                across(l.mean),
                LIMIT_COLOUR.stroke_width(2),
            ))?;
            for y in [l.lower, l.upper] {
                chart.draw_series(DashedLineSeries::new(
                    across(y),
                    4,
                    5,
                    LIMIT_COLOUR.stroke_width(2),
                ))?;
            }
        }
        // The target: one dashed run per stretch of periods that have one.
        for run in runs(targets) {
            let line: Vec<(f64, f64)> = if run.len() == 1 {
                let (x, y) = run[0];
                vec![(x - 0.3, y), (x + 0.3, y)]
            } else {
                run
            };
            chart.draw_series(DashedLineSeries::new(
                line,
                10,
                6,
                TARGET_COLOUR.stroke_width(2),
            ))?;
        }
        // The actuals: a line through each stretch of periods with a value.
        let values: Vec<Option<f64>> = points.iter().map(|(_, v)| finite(*v)).collect();
        for run in runs(&values) {
            chart.draw_series(LineSeries::new(run, ACTUAL_COLOUR.stroke_width(3)))?;
        }
        chart.draw_series(
            values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|y| (i as f64, y)))
                .map(|(x, y)| {
                    let latest = (x - x_last).abs() < 1e-9;
                    Circle::new((x, y), if latest { 7 } else { 4 }, ACTUAL_COLOUR.filled())
                }),
        )?;
        root.present()?;
        Ok(())
    })()
    .is_ok();
    if !drew {
        return None;
    }
    inner_svg(&svg).map(str::to_string)
}

/// Consecutive stretches of `Some` values as (x, y) points.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match finite(*v) {
            Some(y) => current.push((i as f64, y)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// What is inside plotters' outer `<svg ...>` element: the page wraps it in
/// its own, which carries the title and label and no fixed size.
fn inner_svg(svg: &str) -> Option<&str> {
    let open = svg.find("<svg")?;
    let body = open + svg[open..].find('>')? + 1;
    let close = svg.rfind("</svg>")?;
    (close >= body).then(|| svg[body..close].trim_matches('\n'))
}

/// "Sep 26" for a month id, the id itself otherwise (quarters, years).
fn short_period(id: &str) -> String {
    let mut parts = id.splitn(2, '-');
    let (Some(y), Some(m)) = (parts.next(), parts.next()) else {
        return id.to_string();
    };
    match (y.parse::<i32>(), m.parse::<u32>()) {
        (Ok(year), Ok(month)) if y.len() == 4 && m.len() == 2 => match month_long_name(month) {
            Some(name) => format!("{} {:02}", &name[..3], year.rem_euclid(100)),
            None => id.to_string(),
        },
        _ => id.to_string(),
    }
}

// ---------------------------------------------------------------- Directorates

fn directorate_section(c: &Consolidation) -> Markup {
    let directorates = c.register.directorates();
    let rows: Vec<(String, Counts, Option<&CoverageRow>)> = directorates
        .iter()
        .map(|d| {
            let cov = c
                .coverage
                .directorates
                .iter()
                .find(|r| r.directorate.eq_ignore_ascii_case(d));
            (d.clone(), Counts::of(c, Some(d)), cov)
        })
        .collect();
    html! {
        section #directorates aria-labelledby="directorates-h" {
            h2 #directorates-h { "By directorate" }
            div.scroll.keep {
                table.counts {
                    caption { "RAG status of the indicators due" }
                    thead {
                        tr {
                            th scope="col" { "Directorate" }
                            th scope="col" .num { "Due" }
                            th scope="col" .num { "Green" }
                            th scope="col" .num { "Amber" }
                            th scope="col" .num { "Red" }
                            th scope="col" .num { "No target" }
                            th scope="col" .num { "Missing" }
                            th scope="col" .num { "Exceptions" }
                        }
                    }
                    tbody {
                        @for (d, n, _) in &rows {
                            tr data-directorate=(d) {
                                th scope="row" { (d) }
                                td.num data-count="indicators" { (n.indicators) }
                                td.num data-count="green" { (n.green) }
                                td.num data-count="amber" { (n.amber) }
                                td.num data-count="red" { (n.red) }
                                td.num data-count="none" { (n.none) }
                                td.num data-count="missing" { (n.missing) }
                                td.num data-count="exceptions" { (n.exceptions) }
                            }
                        }
                    }
                }
            }
            div.scroll.keep {
                table.counts {
                    caption { "Data quality and coverage" }
                    thead {
                        tr {
                            th scope="col" { "Directorate" }
                            th scope="col" .num { "Errors" }
                            th scope="col" .num { "Warnings to look at" }
                            th scope="col" .num { "Warnings explained" }
                            th scope="col" .num { "Returns" }
                            th scope="col" .num { "Indicators with a value" }
                        }
                    }
                    tbody {
                        @for (d, n, cov) in &rows {
                            tr data-directorate=(d) {
                                th scope="row" { (d) }
                                td.num data-count="dq_errors" { (n.dq_errors) }
                                td.num data-count="dq_warnings" { (n.dq_warnings) }
                                td.num data-count="dq_warnings_explained" { (n.dq_warnings_explained) }
                                @match cov {
                                    Some(cov) => {
                                        td.num { (cov.returns) }
                                        td.num { (cov.returned) " of " (cov.expected) }
                                    }
                                    None => { td.num { "–" } td.num { "–" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
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
        Some(d) => format!("{:.*}", d as usize, round_half_away(v, d)),
        None => format!("{}", sig15(v)),
    };
    group_thousands(&plain)
}

/// "1234567.5" -> "1,234,567.5".
fn group_thousands(plain: &str) -> String {
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut grouped = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    // "-0" after rounding a tiny negative is just 0.
    let sign = if grouped.chars().all(|c| c == '0' || c == ',')
        && frac.is_none_or(|f| f.chars().all(|c| c == '0'))
    {
        ""
    } else {
        sign
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// An axis tick: short, with its unit ("£1.8m", "£250k", "85%").
fn axis_label(y: f64, unit: Option<Unit>) -> String {
    let y = sig15(y);
    let short = |y: f64| -> String {
        let a = y.abs();
        let (scaled, suffix) = if a >= 1e6 {
            (y / 1e6, "m")
        } else if a >= 1e4 {
            (y / 1e3, "k")
        } else {
            (y, "")
        };
        let text = format!("{}", sig15(round_half_away(scaled, 2)));
        format!("{}{suffix}", group_thousands(&text))
    };
    match unit {
        Some(Unit::Currency) => {
            let s = short(y);
            match s.strip_prefix('-') {
                Some(rest) => format!("-£{rest}"),
                None => format!("£{s}"),
            }
        }
        Some(Unit::Percent) => format!("{}%", short(y)),
        _ => short(y),
    }
}

// ---------------------------------------------------------------- Styles

/// The page's only styles. System fonts only: no font file is fetched.
const CSS: &str = r#"
:root { --ink: #0b0c0c; --muted: #505a5f; --rule: #b1b4b6; --panel: #f3f2f1; --blue: #1d70b8; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
header.masthead, main, footer { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
header.masthead { padding-top: 1.25rem; border-bottom: 4px solid var(--blue); }
.kicker { margin: 0; font-size: 1.05rem; color: var(--muted); font-weight: 600; }
h1 { margin: 0.1rem 0 0.3rem; font-size: 2rem; line-height: 1.2; }
h2 { font-size: 1.45rem; margin: 1.8rem 0 0.6rem; }
h3 { font-size: 1.2rem; margin: 0 0 0.2rem; line-height: 1.3; overflow-wrap: anywhere; }
h4 { font-size: 1rem; margin: 0.9rem 0 0.2rem; }
p { margin: 0.4rem 0; }
.meta, .note, .who, footer { color: var(--muted); }
.meta { margin-bottom: 0.8rem; }
footer { margin-top: 2rem; padding-top: 0.6rem; padding-bottom: 2rem; border-top: 1px solid var(--rule); font-size: 0.9rem; }
dl, dd { margin: 0; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); gap: 0.5rem; margin: 0.5rem 0; }
.tile { padding: 0.45rem 0.6rem; border-left: 6px solid var(--rule); background: var(--panel); }
.tile dt { font-size: 0.9rem; }
.tile dd { font-size: 1.6rem; font-weight: 700; line-height: 1.2; }
.tile[class*="rag-"] { background: #fff; border: 1px solid var(--rule); border-left-width: 6px; }
.tile.rag-green { border-left-color: #00703c; }
.tile.rag-amber { border-left-color: #f47738; }
.tile.rag-red { border-left-color: #d4351c; }
.tile.rag-none { border-left-color: #505a5f; }
.tile.rag-missing { border-left-color: #b1b4b6; }
.tile.strong { border-left-color: var(--ink); }
.rag { display: inline-block; padding: 0 0.45em; border-radius: 3px; font-weight: 700; white-space: nowrap; }
.rag-green:not(.tile) { background: #00703c; color: #fff; }
.rag-amber:not(.tile) { background: #ffbf47; color: #0b0c0c; }
.rag-red:not(.tile) { background: #d4351c; color: #fff; }
.rag-none:not(.tile) { background: #505a5f; color: #fff; }
.rag-missing:not(.tile) { background: #dee0e2; color: #0b0c0c; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: 700; padding: 0.8rem 0 0.3rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--rule); }
thead th { border-bottom: 2px solid var(--ink); }
.num { text-align: right; white-space: nowrap; }
td.code, .code { white-space: nowrap; font-weight: 700; }
.list .title { width: 30%; }
.list .reasons { width: 18%; }
.list th, .list td { padding: 0.35rem 0.4rem; }
.counts th[scope="row"] { width: 28%; }
thead th.num { white-space: normal; }
a { color: var(--blue); }
article.exception { margin: 1.4rem 0; padding: 1rem; border: 1px solid var(--rule); border-top: 5px solid var(--ink); }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: 0.4rem 1rem; margin: 0.7rem 0; }
.figures dt { font-size: 0.85rem; color: var(--muted); }
.figures dd { font-size: 1.15rem; font-weight: 700; }
figure.chart { margin: 0.6rem 0; min-width: 0; }
@media (min-width: 52rem) {
  .split { display: grid; grid-template-columns: 1.25fr 1fr; gap: 1.2rem; align-items: start; }
  .split .text h4:first-child { margin-top: 0.6rem; }
}
figure.chart svg { display: block; width: 100%; max-width: 30rem; height: auto; }
figcaption { font-size: 0.9rem; color: var(--muted); }
.key { margin-right: 1.2rem; white-space: nowrap; }
.key::before { content: ""; display: inline-block; width: 1.6rem; height: 0; margin-right: 0.35rem; vertical-align: middle; }
.key-actual::before { border-top: 3px solid #1d70b8; }
.key-target::before { border-top: 2px dashed #0b0c0c; }
.key-mean::before { border-top: 2px solid #6f777b; }
.key-limit::before { border-top: 2px dotted #6f777b; }
.commentary, .action dd { white-space: pre-line; overflow-wrap: anywhere; }
.action div { margin: 0.3rem 0; }
.action dt { font-weight: 700; font-size: 0.9rem; }
.none, .outstanding { font-style: italic; }
.outstanding { font-weight: 700; font-style: normal; color: #d4351c; }
.changes div { display: flex; gap: 0.6rem; flex-wrap: wrap; padding: 0.2rem 0; }
.changes dt { font-weight: 700; min-width: 15rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  h1 { font-size: 1.6rem; }
  article.exception { padding: 0.7rem; }
  .tile dd { font-size: 1.35rem; }
  /* Each exception's block below says these; the list keeps what fits. */
  .list .wide { display: none; }
  .list .title { min-width: 0; width: auto; }
  th, td { padding: 0.3rem 0.3rem; }
}
@page { size: A4; margin: 12mm 13mm 12mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 10pt; }
  header.masthead, main, footer { max-width: none; padding: 0; }
  h1 { font-size: 20pt; }
  h2 { font-size: 14pt; break-after: avoid; page-break-after: avoid; }
  h3 { font-size: 12pt; }
  table { font-size: 9pt; }
  .list .title { min-width: 12rem; }
  .list .reasons { min-width: 9rem; }
  tr, .tile, .keep { break-inside: avoid; page-break-inside: avoid; }
  .scroll { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  .tiles { grid-template-columns: repeat(6, 1fr); gap: 2mm; }
  .tile { padding: 1.5mm 2mm; }
  .tile dt { font-size: 8.5pt; }
  .tile dd { font-size: 15pt; }
  article.exception { break-inside: avoid; page-break-inside: avoid; margin: 0 0 5mm; padding: 3mm 4mm; }
  .figures { grid-template-columns: repeat(5, 1fr); margin: 2mm 0; }
  .figures dt { font-size: 8pt; }
  .figures dd { font-size: 11pt; }
  .split { display: grid; grid-template-columns: 1.3fr 1fr; gap: 5mm; align-items: start; }
  .split .text h4:first-child { margin-top: 2mm; }
  h4 { font-size: 10pt; margin: 2.5mm 0 1mm; }
  figure.chart { margin: 1mm 0; }
  figure.chart svg { max-width: 85mm; }
  figcaption { font-size: 8.5pt; }
}
"#;

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
    fn axis_ticks_are_short() {
        assert_eq!(axis_label(1_800_000.0, Some(Unit::Currency)), "£1.8m");
        assert_eq!(axis_label(250_000.0, Some(Unit::Currency)), "£250k");
        assert_eq!(axis_label(85.0, Some(Unit::Percent)), "85%");
        assert_eq!(axis_label(0.30000000000000004, None), "0.3");
    }

    #[test]
    fn month_labels_are_short_and_others_kept() {
        assert_eq!(short_period("2026-09"), "Sep 26");
        assert_eq!(short_period("2026/27-Q2"), "2026/27-Q2");
        assert_eq!(short_period("2026/27"), "2026/27");
    }

    #[test]
    fn gaps_split_a_line() {
        let runs = runs(&[Some(1.0), None, Some(2.0), Some(3.0), Some(f64::NAN)]);
        assert_eq!(runs, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
    }

    #[test]
    fn a_chart_draws_target_and_given_limits_with_a_label() {
        let points: Points = (1..=6)
            .map(|m| (format!("2026-{m:02}"), Some(50.0 + f64::from(m))))
            .collect();
        let targets = vec![Some(60.0); 6];
        let limits = ProcessLimits {
            mean: 53.5,
            lower: 45.0,
            upper: 62.0,
        };
        let plain = trend_svg(&points, &targets, None, None).unwrap();
        let with = trend_svg(&points, &targets, Some(&limits), None).unwrap();
        assert!(plain.contains("<text"), "axis labels are SVG text");
        assert!(
            !plain.contains("<svg"),
            "the outer element is the page's own"
        );
        assert!(with.len() > plain.len(), "limits add lines");
        assert!(with.contains("#6F777B"), "limits drawn in their colour");
        assert!(plain.contains("#0B0C0C"), "target drawn");
        assert_eq!(trend_svg(&points, &targets, None, None).unwrap(), plain);
    }

    #[test]
    fn anchors_are_unique_and_plain() {
        assert_eq!(anchor(0, "NI 135"), "x1-ni-135");
        assert_eq!(anchor(1, "ASC-02"), "x2-asc-02");
    }
}
