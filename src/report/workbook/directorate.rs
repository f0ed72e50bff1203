//! A directorate's own sheet: its indicators, their recent values and a trend
//! chart for each exception.

use super::indicators::{directorate_cols, indicator_row};
use super::sheet::Sheet;
use super::styles::Styles;
use super::{row_num, Lookup};
use crate::model::IndicatorResult;
use crate::register::{Indicator, Unit};
use crate::report::text::fit;
use rust_xlsxwriter::{
    Chart, ChartFont, ChartFormat, ChartLegendPosition, ChartLine, ChartLineDashType, ChartMarker,
    ChartMarkerType, ChartSolidFill, ChartType, ColNum, Color, RowNum, Worksheet, XlsxError,
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
    let charted: Vec<(usize, &(&IndicatorResult, Points))> = tabled
        .iter()
        .enumerate()
        .filter(|(_, (r, _))| r.exception)
        .take(MAX_TREND_CHARTS)
        .collect();
    // Exceptions with SPC are charted from their SPC series, with its lines.
    let with_spc: Vec<&IndicatorResult> = charted
        .iter()
        .map(|(_, (r, _))| *r)
        .filter(|r| r.spc.is_some())
        .collect();
    let spc_rows = spc_tables(s, chart_row, &with_spc, look)?;
    if !with_spc.is_empty() {
        chart_row += SPC_ROWS * row_num(with_spc.len()) + 2;
    }
    // Three charts a page, each page of them starting a new page, so that no
    // chart is cut in two when printed.
    let mut breaks = Vec::new();
    for (n, (k, (r, pts))) in charted.into_iter().enumerate() {
        if n % 3 == 0 {
            breaks.push(chart_row);
        }
        if let Some(&row) = spc_rows.get(&r.code) {
            s.ws.insert_chart(chart_row, 0, &spc_chart(&sheet, row, r))?;
            chart_row += 16;
            continue;
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

/// Rows of one exception's SPC data: periods, values, mean, lower and upper
/// process limits, target, and the values special-cause rules flagged.
const SPC_ROWS: RowNum = 7;

/// Writes the SPC data of each of `results` (all with `spc`) from `first_row`
/// down, and returns the first row of each, by code.
fn spc_tables(
    s: &mut Sheet,
    first_row: RowNum,
    results: &[&IndicatorResult],
    look: &Lookup,
) -> Result<std::collections::HashMap<String, RowNum>, XlsxError> {
    let mut rows = std::collections::HashMap::new();
    if results.is_empty() {
        return Ok(rows);
    }
    s.text(
        first_row,
        0,
        "Process limits (statistical process control) for each exception's chart",
    )?;
    s.ws.set_row_format(first_row, &s.st.subtitle)?;
    for (k, r) in results.iter().enumerate() {
        let Some(spc) = &r.spc else { continue };
        let row = first_row + 1 + SPC_ROWS * row_num(k);
        rows.insert(r.code.clone(), row);
        let nf = s.st.for_indicator(look.indicator(&r.code));
        let n = r.spc_series.len();
        let labels = [
            r.code.as_str(),
            "Value",
            "Mean",
            "Lower process limit",
            "Upper process limit",
            "Target",
            "Special cause",
        ];
        // Row by row, left to right: rows are written top to bottom.
        for (i, label) in labels.iter().enumerate() {
            let row = row + i as RowNum;
            s.text(row, 0, label)?;
            for j in 0..n {
                let col = 1 + j as ColNum;
                let value = r.spc_series[j].1;
                let cell = match i {
                    0 => {
                        s.text(row, col, &r.spc_series[j].0)?;
                        continue;
                    }
                    1 => Some(value),
                    2 => Some(spc.mean),
                    3 => Some(spc.lower_limit),
                    4 => Some(spc.upper_limit),
                    5 => spc.target,
                    _ => spc.marks.get(j).filter(|m| m.any()).map(|_| value),
                };
                s.num(row, col, cell, nf)?;
            }
        }
    }
    Ok(rows)
}

/// The SPC chart of one exception from its data at `row`: the values, the
/// mean, the process limits, the target, and the special-cause points in
/// their own orange diamond markers.
fn spc_chart(sheet: &str, row: RowNum, r: &IndicatorResult) -> Chart {
    let last = r.spc_series.len() as ColNum;
    let mut chart = Chart::new(ChartType::Line);
    let line = |color: u32, dash: ChartLineDashType, width: f64| {
        let mut l = ChartLine::new();
        l.set_color(Color::RGB(color))
            .set_dash_type(dash)
            .set_width(width);
        let mut f = ChartFormat::new();
        f.set_line(&l);
        f
    };
    let series = [
        (
            1,
            "Value",
            line(0x1F4E79, ChartLineDashType::Solid, 2.0),
            true,
        ),
        (
            2,
            "Mean",
            line(0x595959, ChartLineDashType::Solid, 1.0),
            false,
        ),
        (
            3,
            "Lower process limit",
            line(0x7F7F7F, ChartLineDashType::Dash, 1.0),
            false,
        ),
        (
            4,
            "Upper process limit",
            line(0x7F7F7F, ChartLineDashType::Dash, 1.0),
            false,
        ),
        (
            5,
            "Target",
            line(0xC00000, ChartLineDashType::LongDash, 1.5),
            false,
        ),
    ];
    for (offset, name, mut format, markers) in series {
        if offset == 5 && r.spc.as_ref().is_some_and(|s| s.target.is_none()) {
            continue;
        }
        let mut marker = ChartMarker::new();
        if markers {
            marker.set_type(ChartMarkerType::Circle).set_size(5);
        } else {
            marker.set_none();
        }
        chart
            .add_series()
            .set_name(name)
            .set_format(&mut format)
            .set_marker(&marker)
            .set_categories((sheet, row, 1, row, last))
            .set_values((sheet, row + offset, 1, row + offset, last));
    }
    chart
        .add_series()
        .set_name("Special cause")
        .set_format(ChartFormat::new().set_no_line())
        .set_marker(
            ChartMarker::new()
                .set_type(ChartMarkerType::Diamond)
                .set_size(9)
                .set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(0xE46C0A)))
                        .set_line(ChartLine::new().set_color(Color::RGB(0xE46C0A))),
                ),
        )
        .set_categories((sheet, row, 1, row, last))
        .set_values((sheet, row + 6, 1, row + 6, last));
    let words = r
        .spc
        .as_ref()
        .map(|s| {
            let a = s
                .assurance
                .map(|a| format!("; {}", a.word()))
                .unwrap_or_default();
            format!(" ({}{a})", s.variation.word())
        })
        .unwrap_or_default();
    chart
        .title()
        .set_name(&format!("{} {}{words}", r.code, fit(&r.title, 60)));
    // Type that prints at 7 pt or more once the sheet is fitted to A4.
    let mut text = ChartFont::new();
    text.set_size(11);
    chart.x_axis().set_font(&text);
    chart.y_axis().set_font(&text).set_name_font(&text);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.legend().set_font(&text);
    chart.set_width(720).set_height(300);
    chart
}
