//! Each exception's chart figure: the SVG with its key, and its label in words.

use super::chart::{target_on_mean, trend_svg_marked, Axes, Points, CHART_H, CHART_W};
use super::{figure, finite, ProcessLimits};
use crate::model::{Indicator, IndicatorResult};
use crate::report::charts;
use maud::{html, Markup, PreEscaped};

// ---------------------------------------------------------------- Charts

pub(super) fn chart_figure(
    r: &IndicatorResult,
    ind: Option<&Indicator>,
    points: &Points,
    targets: &[Option<f64>],
    limits: Option<&ProcessLimits>,
    special: &[bool],
) -> Markup {
    let shown = points.iter().filter(|(_, v)| finite(*v).is_some()).count();
    let on_mean = target_on_mean(points, targets, limits, ind);
    let label = chart_label(r, ind, points, limits, special, on_mean);
    // An SPC chart plots each period's own figure (the amount in the month
    // for a year-to-date indicator); a trend, the figure as reported.
    let axes = Axes {
        value: match r.spc {
            Some(_) => charts::spc_axis_title(ind),
            None => charts::trend_axis_title(ind),
        },
        time: charts::time_axis_title(ind),
    };
    let svg = if shown == 0 {
        None
    } else {
        trend_svg_marked(points, targets, limits, ind, special, &axes)
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
                        @if special.iter().any(|s| *s) {
                            span.key.key-special { "Special cause" }
                        }
                        // One line on the chart is two: say so, and which is which.
                        @if on_mean {
                            span.on-mean {
                                "The target is at the mean: its dashed line lies on the mean's grey band."
                            }
                        }
                    }
                    @if let Some(spc) = &r.spc {
                        p.spc {
                            strong { "Variation: " } (spc.variation.word())
                            @if let Some(a) = spc.assurance {
                                ". " strong { "Assurance: " } (a.word())
                            }
                            "."
                        }
                    }
                }
                None => p.none { "No values to chart." }
            }
        }
    }
}

/// What the chart shows, in words, for its `<title>` and `aria-label`;
/// `on_mean` when the target's line lies on the mean's.
pub(super) fn chart_label(
    r: &IndicatorResult,
    ind: Option<&Indicator>,
    points: &Points,
    limits: Option<&ProcessLimits>,
    special: &[bool],
    on_mean: bool,
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
        if on_mean {
            s.push_str(" (the target line lies on the mean line)");
        }
    }
    let flagged: Vec<&str> = points
        .iter()
        .zip(special)
        .filter(|(_, s)| **s)
        .map(|((p, _), _)| p.as_str())
        .collect();
    if !flagged.is_empty() {
        s.push_str(&format!("; special cause in {}", flagged.join(", ")));
    }
    s.push('.');
    s
}

/// Whose the forecast is, after its figure: " (ipr: straight line)"; nothing
/// where there is no forecast. ipr's own is never read as the owner's.
pub(super) fn forecast_note(r: &IndicatorResult) -> Markup {
    match crate::report::forecast_by(r.forecast_basis) {
        "" => html! {},
        by => html! { " " span.by { "(" (by) ")" } },
    }
}
