//! A directorate's own sheet: its indicators, their recent values and a trend
//! chart for each exception.

use super::indicators::{directorate_cols, indicator_row};
use super::sheet::Sheet;
use super::styles::Styles;
use super::{row_num, Lookup};
use crate::assess::IndicatorResult;
use crate::register::{Indicator, Unit};
use crate::report::text::fit;
use rust_xlsxwriter::{
    Chart, ChartFont, ChartLegendPosition, ChartLine, ChartLineDashType, ChartMarker, ChartType,
    ColNum, Color, RowNum, Worksheet, XlsxError,
};

/// Fills a directorate's sheet with `results`, its indicators in register order.
pub(super) fn directorate_sheet(
    ws: &mut Worksheet,
    directorate: &str,
    results: &[&IndicatorResult],
    look: &Lookup,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut s = Sheet::new(ws, st);
    // The full name above the table: the sheet name may have been shortened.
    s.text(0, 0, directorate)?;
    s.ws.set_row_format(0, &st.subtitle)?;
    let headers: Vec<(&str, f64)> = directorate_cols().iter().map(|c| c.header()).collect();
    s.table(1, &headers, 1 + row_num(results.len()))?;
    for (i, r) in results.iter().enumerate() {
        indicator_row(&mut s, 2 + row_num(i), r, directorate_cols(), look)?;
    }
    trend_charts(&mut s, 2 + row_num(results.len()) + 2, results, look)
}

/// (period id, value) points, oldest first.
pub(crate) type Points = Vec<(String, Option<f64>)>;

/// The trend of an indicator: (period id, value), oldest first, ending with this period.
pub(crate) fn trend_points(r: &IndicatorResult) -> Points {
    let mut points = r.trend.clone();
    if points.last().map(|(p, _)| p != &r.period).unwrap_or(true) {
        points.push((r.period.clone(), r.actual));
    }
    points
}

/// Most trend charts on one directorate sheet.
const MAX_TREND_CHARTS: usize = 12;

/// Below a directorate's table: each indicator's last periods as a small table, and a
/// line chart for each exception (the shortfalls Cabinet will ask about; at most
/// [`MAX_TREND_CHARTS`], in register order). One chart per indicator, because a
/// directorate's indicators are in different units and cannot share an axis; charts
/// for every indicator would bury the exceptions and, for a council-year, add
/// thousands of charts to the workbook.
fn trend_charts(
    s: &mut Sheet,
    first_row: RowNum,
    results: &[&IndicatorResult],
    look: &Lookup,
) -> Result<(), XlsxError> {
    let tabled: Vec<(&IndicatorResult, Points)> = results
        .iter()
        .map(|r| (*r, trend_points(r)))
        .filter(|(_, pts)| {
            pts.iter()
                .filter(|(_, v)| v.is_some_and(f64::is_finite))
                .count()
                >= 2
        })
        .collect();
    if tabled.is_empty() {
        return Ok(());
    }
    let sheet = s.ws.name();
    s.text(
        first_row,
        0,
        "Trends: the last 12 periods of each indicator, and a chart for each exception",
    )?;
    s.ws.set_row_format(first_row, &s.st.subtitle)?;
    // The data: three rows per indicator (periods, values, then the target of
    // this period, drawn as the chart's target line), labelled in column A.
    let data_row = first_row + 1;
    for (k, (r, pts)) in tabled.iter().enumerate() {
        let row = data_row + 3 * row_num(k);
        let nf = s.st.for_indicator(look.indicator(&r.code));
        // Each row whole before the next: rows are written top to bottom.
        s.text(row, 0, &r.code)?;
        for (j, (period, _)) in pts.iter().enumerate() {
            s.text(row, 1 + j as ColNum, period)?;
        }
        s.word(row + 1, 0, "Value", &s.st.plain)?;
        for (j, (_, value)) in pts.iter().enumerate() {
            s.num(row + 1, 1 + j as ColNum, *value, nf)?;
        }
        if r.target.is_some() {
            s.word(row + 2, 0, "Target", &s.st.plain)?;
            for j in 0..pts.len() {
                s.num(row + 2, 1 + j as ColNum, r.target, nf)?;
            }
        }
    }
    // The charts, one under another below the data.
    let mut chart_row = data_row + 3 * row_num(tabled.len()) + 1;
    let charted = tabled
        .iter()
        .enumerate()
        .filter(|(_, (r, _))| r.exception)
        .take(MAX_TREND_CHARTS);
    // Three charts a page, each page of them starting a new page, so that no
    // chart is cut in two when printed.
    let mut breaks = Vec::new();
    for (n, (k, (r, pts))) in charted.enumerate() {
        if n % 3 == 0 {
            breaks.push(chart_row);
        }
        let row = data_row + 3 * row_num(k);
        let last = pts.len() as ColNum;
        let def = look.indicator(&r.code);
        let mut chart = Chart::new(ChartType::Line);
        chart
            .add_series()
            .set_name(r.code.as_str())
            .set_marker(ChartMarker::new().set_automatic())
            .set_categories((sheet.as_str(), row, 1, row, last))
            .set_values((sheet.as_str(), row + 1, 1, row + 1, last));
        if r.target.is_some() {
            chart
                .add_series()
                .set_name("Target")
                .set_categories((sheet.as_str(), row, 1, row, last))
                .set_values((sheet.as_str(), row + 2, 1, row + 2, last))
                .set_format(
                    ChartLine::new()
                        .set_color(Color::RGB(0xC00000))
                        .set_dash_type(ChartLineDashType::Dash),
                );
        }
        axis_for_unit(&mut chart, def, pts, r.target);
        chart
            .title()
            .set_name(&format!("{} {}", r.code, fit(&r.title, 80)));
        // Type that prints at 7 pt or more once the sheet is fitted to A4.
        let mut text = ChartFont::new();
        text.set_size(11);
        chart.x_axis().set_font(&text);
        chart.y_axis().set_font(&text).set_name_font(&text);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.legend().set_font(&text);
        chart.set_width(720).set_height(240);
        s.ws.insert_chart(chart_row, 0, &chart)?;
        chart_row += 14;
    }
    if !breaks.is_empty() {
        s.ws.set_page_breaks(&breaks)?;
    }
    Ok(())
}

/// A trend chart's value axis in the indicator's units: percentages from 0 to
/// 100 (or to the data, where it runs past 100), pounds with a £, other units
/// at the indicator's decimal places.
fn axis_for_unit(chart: &mut Chart, def: Option<&Indicator>, pts: &Points, target: Option<f64>) {
    let Some(def) = def else { return };
    let values = pts.iter().filter_map(|(_, v)| *v).chain(target);
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let digits = def.decimals.unwrap_or(0).min(4) as usize;
    let places = if digits == 0 {
        String::new()
    } else {
        format!(".{}", "0".repeat(digits))
    };
    match def.unit {
        Unit::Percent => {
            if lo >= 0.0 {
                chart.y_axis().set_min(0.0);
            }
            if hi <= 100.0 {
                chart.y_axis().set_max(100.0);
            }
            chart.y_axis().set_name("%");
        }
        Unit::Currency => {
            chart.y_axis().set_num_format(format!("£#,##0{places}"));
        }
        _ => {
            chart.y_axis().set_num_format(format!("#,##0{places}"));
        }
    }
}
