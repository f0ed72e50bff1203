//! The trend chart of an exception, drawn by plotters' SVG backend.
//!
//! Plotters writes axis labels as SVG `<text>` (it only estimates their size,
//! so no font file is read), with integer coordinates, so the same points give
//! the same bytes. The page wraps what it draws in its own `<svg>` element,
//! which carries the chart's title and label and scales to its column.

use super::{finite, ProcessLimits};
use crate::model::{Indicator, Unit};
use crate::number::round::{round_half_away, sig15};
use crate::period::month_long_name;

/// (period id, value) points of a chart, oldest first.
pub(super) type Points = Vec<(String, Option<f64>)>;

/// Size of a chart's drawing, in SVG units; the page scales it to its column.
pub(super) const CHART_W: u32 = 480;
pub(super) const CHART_H: u32 = 296;
/// Space above the plot (for the value axis's title) and below it (for the
/// period labels, then the time axis's title), in SVG units.
const MARGIN_TOP: u32 = 40;
const X_LABEL_AREA: u32 = 36;
const MARGIN_BOTTOM: u32 = 28;
/// Height of the plot itself: what the y range is drawn across.
const PLOT_H: u32 = CHART_H - MARGIN_TOP - X_LABEL_AREA - MARGIN_BOTTOM;
/// Size of the axis titles, in SVG units (the tick labels are 24).
const TITLE_SIZE: u32 = 20;

/// What a chart's axes say (SPEC section 15): the value axis ("Amount in each
/// month, not the year to date") and the time axis ("Month"), in the words
/// the workbook's charts use (`report::charts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Axes {
    /// The value axis's title, written above the plot.
    pub value: String,
    /// The time axis's title, written under the period labels.
    pub time: &'static str,
}
/// Most period labels under a chart: more would run into each other on a phone.
const MAX_X_LABELS: usize = 5;
// The page's blue, ink and greys (the figure caption's key matches them).
const ACTUAL_COLOUR: plotters::style::RGBColor = plotters::style::RGBColor(0x1d, 0x70, 0xb8);
const TARGET_COLOUR: plotters::style::RGBColor = plotters::style::RGBColor(0x0b, 0x0c, 0x0c);
const LIMIT_COLOUR: plotters::style::RGBColor = plotters::style::RGBColor(0x6f, 0x77, 0x7b);
/// The mean is a wide, light band and the target a narrow, dark dashed line
/// drawn over it, so where the target equals the mean (or lies within a few
/// pixels of it) the band still shows either side of the dashes and through
/// their gaps: two lines, told apart by width, shade and dash, in greyscale
/// print as on screen.
const MEAN_COLOUR: plotters::style::RGBColor = plotters::style::RGBColor(0xb1, 0xb4, 0xb6);
const MEAN_WIDTH: u32 = 6;
const TARGET_WIDTH: u32 = 2;
/// Points a special-cause rule flagged: NHS England's orange, as triangles.
const SPECIAL_COLOUR: plotters::style::RGBColor = plotters::style::RGBColor(0xe4, 0x6c, 0x0a);

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

/// Every value, target and limit the chart draws.
fn drawn_values(
    points: &Points,
    targets: &[Option<f64>],
    limits: Option<&ProcessLimits>,
) -> Vec<f64> {
    let mut drawn: Vec<f64> = points.iter().filter_map(|(_, v)| finite(*v)).collect();
    drawn.extend(targets.iter().filter_map(|t| finite(*t)));
    if let Some(l) = limits {
        drawn.extend(
            [l.mean, l.lower, l.upper]
                .into_iter()
                .filter(|x| x.is_finite()),
        );
    }
    drawn
}

/// True when there is a mean and every target drawn lies within a pixel of
/// it, so that the two share one line on the chart and its label must say so.
pub(super) fn target_on_mean(
    points: &Points,
    targets: &[Option<f64>],
    limits: Option<&ProcessLimits>,
    ind: Option<&Indicator>,
) -> bool {
    let Some(mean) = limits.map(|l| l.mean).filter(|m| m.is_finite()) else {
        return false;
    };
    let (y0, y1) = y_range(&drawn_values(points, targets, limits), ind.map(|i| i.unit));
    let pixel = (y1 - y0) / f64::from(PLOT_H);
    let mut drawn = targets.iter().filter_map(|t| finite(*t)).peekable();
    drawn.peek().is_some() && drawn.all(|t| (t - mean).abs() <= pixel)
}

/// The chart's SVG content (without its outer `<svg>` element), or `None`
/// if plotters could not draw it.
#[cfg(test)]
pub(super) fn trend_svg(
    points: &Points,
    targets: &[Option<f64>],
    limits: Option<&ProcessLimits>,
    ind: Option<&Indicator>,
) -> Option<String> {
    let axes = Axes {
        value: "Figure for each month".into(),
        time: "Month",
    };
    trend_svg_marked(points, targets, limits, ind, &[], &axes)
}

/// [`trend_svg`], with the points whose `special` is true (special cause,
/// SPEC section 11) drawn as orange triangles over their circles.
pub(super) fn trend_svg_marked(
    points: &Points,
    targets: &[Option<f64>],
    limits: Option<&ProcessLimits>,
    ind: Option<&Indicator>,
    special: &[bool],
    axes: &Axes,
) -> Option<String> {
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};

    let unit = ind.map(|i| i.unit);
    let (y0, y1) = y_range(&drawn_values(points, targets, limits), unit);
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
        // The axis titles: what each point is above the plot, the time under it.
        let title = ("sans-serif", TITLE_SIZE)
            .into_font()
            .color(&RGBColor(0x50, 0x5a, 0x5f));
        root.draw(&Text::new(axes.value.as_str(), (8, 8), title.clone()))?;
        let under = title.pos(Pos::new(HPos::Center, VPos::Bottom));
        let centre = ((CHART_W / 2) as i32, (CHART_H - 4) as i32);
        root.draw(&Text::new(axes.time, centre, under))?;
        let mut chart = ChartBuilder::on(&root)
            .margin_top(MARGIN_TOP)
            .margin_bottom(MARGIN_BOTTOM)
            .margin_right(22)
            .margin_left(6)
            .x_label_area_size(X_LABEL_AREA)
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

        // Mean and limits first: the target is drawn over them, the actuals over all.
        if let Some(l) = limits {
            let across = |y: f64| vec![(-0.4, y), (x_last + 0.4, y)];
            chart.draw_series(LineSeries::new(
                across(l.mean),
                MEAN_COLOUR.stroke_width(MEAN_WIDTH),
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
                TARGET_COLOUR.stroke_width(TARGET_WIDTH),
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
        chart.draw_series(
            values
                .iter()
                .enumerate()
                .filter(|(i, _)| special.get(*i).copied().unwrap_or(false))
                .filter_map(|(i, v)| v.map(|y| (i as f64, y)))
                .map(|(x, y)| TriangleMarker::new((x, y), 9, SPECIAL_COLOUR.filled())),
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
        let text = crate::number::shortest(round_half_away(scaled, 2));
        format!("{}{suffix}", crate::number::grouped(&text))
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let marked = [false, false, false, false, true, true];
        let axes = Axes {
            value: "Figure for each month".into(),
            time: "Month",
        };
        let special =
            trend_svg_marked(&points, &targets, Some(&limits), None, &marked, &axes).unwrap();
        assert!(!with.contains("#E46C0A"), "no special cause, no orange");
        assert!(
            special.contains("#E46C0A"),
            "special-cause points in orange"
        );
    }

    /// A `<polyline>`: its stroke, stroke width and points.
    type Polyline = (String, u32, Vec<(i64, i64)>);

    /// Each `<polyline>` of `svg`, in drawing order.
    fn polylines(svg: &str) -> Vec<Polyline> {
        let attr = |el: &str, name: &str| -> String {
            let key = format!(" {name}=\"");
            el.split_once(&key)
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(v, _)| v.to_string())
                .unwrap_or_default()
        };
        svg.split("<polyline")
            .skip(1)
            .map(|el| {
                let el = el.split('>').next().unwrap_or("");
                let points = attr(el, "points")
                    .split_whitespace()
                    .filter_map(|xy| xy.split_once(','))
                    .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
                    .collect();
                let width = attr(el, "stroke-width").parse().unwrap();
                (attr(el, "stroke"), width, points)
            })
            .collect()
    }

    #[test]
    fn a_target_at_the_mean_is_drawn_over_it_and_both_show() {
        // 14 months about 9 whose mean is 9, the target.
        let points: Points = (0..14)
            .map(|i| {
                let (y, m) = if i < 5 { (2025, 8 + i) } else { (2026, i - 4) };
                (
                    format!("{y}-{m:02}"),
                    Some(if i % 2 == 0 { 8.6 } else { 9.4 }),
                )
            })
            .collect();
        let targets = vec![Some(9.0); 14];
        let limits = ProcessLimits {
            mean: 9.0,
            lower: 6.9,
            upper: 11.1,
        };
        let svg = trend_svg(&points, &targets, Some(&limits), None).unwrap();
        let lines = polylines(&svg);
        let level = |pts: &[(i64, i64)]| {
            let y = pts.first()?.1;
            pts.iter().all(|p| p.1 == y).then_some(y)
        };
        let span = |pts: &[(i64, i64)]| pts.last().unwrap().0 - pts[0].0;
        // The x axis and the mean run the plot's width; the axis is lowest.
        let across: Vec<usize> = (0..lines.len())
            .filter(|&i| level(&lines[i].2).is_some() && span(&lines[i].2) > 300)
            .collect();
        let axis_y = across.iter().filter_map(|&i| level(&lines[i].2)).max();
        let mean_at = *across
            .iter()
            .find(|&&i| level(&lines[i].2) != axis_y)
            .expect("a mean line across the plot");
        let mean_y = level(&lines[mean_at].2).unwrap();
        let plot_left = lines[mean_at].2[0].0;
        // Short level lines on the mean, inside the plot (not its axis ticks).
        let target: Vec<usize> = (0..lines.len())
            .filter(|&i| i != mean_at && span(&lines[i].2) < 300)
            .filter(|&i| lines[i].2[0].0 >= plot_left)
            .filter(|&i| level(&lines[i].2).is_some_and(|y| (y - mean_y).abs() <= 1))
            .collect();
        assert!(target.len() > 5, "the target's dashes lie on the mean");
        let (mean_stroke, mean_width, _) = &lines[mean_at];
        for &i in &target {
            let (stroke, width, _) = &lines[i];
            assert!(i > mean_at, "the target is drawn over the mean");
            assert_ne!(stroke, mean_stroke, "the target has its own colour");
            assert!(
                *mean_width >= width + 2,
                "the mean ({mean_width}) shows either side of the target ({width})"
            );
        }
        assert!(target_on_mean(&points, &targets, Some(&limits), None));
        let apart = vec![Some(10.0); 14];
        assert!(!target_on_mean(&points, &apart, Some(&limits), None));
        assert!(!target_on_mean(&points, &targets, None, None), "no mean");
    }
}
