//! A directorate's own sheet: its indicators, their recent values and a trend
//! chart for each exception.

use super::indicators::{directorate_cols, indicator_row};
use super::sheet::Sheet;
use super::styles::Styles;
use super::{row_num, Lookup};
use crate::assess::IndicatorResult;
use crate::report::text::fit;
use rust_xlsxwriter::{Chart, ChartMarker, ChartType, ColNum, RowNum, Worksheet, XlsxError};

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
    // The data: two rows per indicator (periods, then values).
    let data_row = first_row + 1;
    for (k, (r, pts)) in tabled.iter().enumerate() {
        let row = data_row + 2 * row_num(k);
        s.text(row, 0, &r.code)?;
        let nf = s.st.for_indicator(look.indicator(&r.code));
        // Each row whole before the next: rows are written top to bottom.
        for (j, (period, _)) in pts.iter().enumerate() {
            s.text(row, 1 + j as ColNum, period)?;
        }
        s.text(row + 1, 0, &r.title)?;
        for (j, (_, value)) in pts.iter().enumerate() {
            s.num(row + 1, 1 + j as ColNum, *value, nf)?;
        }
    }
    // The charts, one under another below the data.
    let mut chart_row = data_row + 2 * row_num(tabled.len()) + 1;
    let charted = tabled
        .iter()
        .enumerate()
        .filter(|(_, (r, _))| r.exception)
        .take(MAX_TREND_CHARTS);
    for (k, (r, pts)) in charted {
        let row = data_row + 2 * row_num(k);
        let last = pts.len() as ColNum;
        let mut chart = Chart::new(ChartType::Line);
        chart
            .add_series()
            .set_name(r.code.as_str())
            .set_marker(ChartMarker::new().set_automatic())
            .set_categories((sheet.as_str(), row, 1, row, last))
            .set_values((sheet.as_str(), row + 1, 1, row + 1, last));
        chart
            .title()
            .set_name(&format!("{} {}", r.code, fit(&r.title, 80)));
        chart.legend().set_hidden();
        chart.set_width(720).set_height(220);
        s.ws.insert_chart(chart_row, 0, &chart)?;
        chart_row += 12;
    }
    Ok(())
}
