//! A directorate's own sheet: its indicators, their recent values and a trend
//! chart for each exception.

use super::chart_words;
use super::indicators::{directorate_cols, indicator_row};
use super::sheet::{fixed_print_scale, Sheet, LINE, PAGE_HEIGHT};
use super::styles::Styles;
use super::{row_num, Lookup};
use crate::model::{Indicator, IndicatorResult, TrendPoint, Unit};
use crate::report::text::fit;
use rust_xlsxwriter::{
    Chart, ChartFont, ChartFormat, ChartLegendPosition, ChartLine, ChartLineDashType, ChartMarker,
    ChartMarkerType, ChartSolidFill, ChartType, ColNum, Color, RowNum, Worksheet, XlsxError,
};
use ChartLineDashType as Dash;

/// Fills a directorate's sheet with `results`, its indicators in register order.
pub(super) fn directorate_sheet(
    ws: &mut Worksheet,
    directorate: &str,
    results: &[&IndicatorResult],
    look: &Lookup,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut s = Sheet::new(ws, st).by_glyph_widths();
    // The full name above the table: the sheet name may have been shortened.
    s.text(0, 0, directorate)?;
    s.ws.set_row_format(0, &st.subtitle)?;
    let cols = directorate_cols(look.c);
    let headers: Vec<(&str, f64)> = cols.iter().map(|c| c.header()).collect();
    let last = 1 + row_num(results.len());
    // The heading row repeats only if the table runs over pages (`paginate`).
    s.table_with(1, &headers, last, None)?;
    for (i, r) in results.iter().enumerate() {
        indicator_row(&mut s, 2 + row_num(i), r, &cols, look)?;
    }
    let mut blocks = Blocks::default();
    blocks.keep(0, 1, SUBTITLE_HEIGHT);
    for row in 1..=last {
        blocks.keep(row, 1, s.row_height(row));
    }
    // With a plan, the directorate's actions come under its indicators.
    let mut below = last + 3;
    if let Some(plan) = &look.c.actions {
        let listed = super::actions::directorate_actions(&mut s, last + 2, directorate, plan)?;
        if let Some(&(row, rows, _)) = listed.last() {
            below = row + rows + 2;
        }
        // Whole on one page where they fit under a repeated heading: a page
        // of actions under the indicators' headings alone would misread.
        let room = page_height(&s) - s.row_height(1);
        for (row, rows, height) in super::actions::whole_if_fits(listed, room) {
            blocks.keep(row, rows, height);
        }
    }
    trend_charts(&mut s, below, results, look, &mut blocks)?;
    paginate(&mut s, last, &blocks.list)
}

/// Printed height of a row in the subtitle's 12 pt type, in points at 100%
/// (programs make such a row taller than [`LINE`] to fit it).
const SUBTITLE_HEIGHT: f64 = 18.0;
/// Heights of the charts, in pixels.
const TREND_CHART_PX: u32 = 240;
const SPC_CHART_PX: u32 = 300;
/// The most manual page breaks a sheet may have (Excel's limit).
const MAX_PAGE_BREAKS: usize = 1023;
/// Of a page's height, the part planned to be filled: a margin for the
/// programs' rounding of row heights and scale.
const PAGE_FILL: f64 = 0.96;

/// The sheet's rows as blocks to keep on one page, top to bottom: (first row,
/// printed height in points at 100%). Rows between blocks are blocks of one row.
#[derive(Default)]
struct Blocks {
    list: Vec<(RowNum, f64)>,
    next: RowNum,
}

impl Blocks {
    /// `rows` rows from `row`, `height` points tall, kept on one page.
    fn keep(&mut self, row: RowNum, rows: RowNum, height: f64) {
        for gap in self.next..row {
            self.list.push((gap, LINE));
        }
        self.list.push((row, height));
        self.next = row + rows;
    }
}

/// The height a printed page holds at the sheet's fixed scale, in points at
/// 100%, less the margin of [`PAGE_FILL`].
fn page_height(s: &Sheet) -> f64 {
    let (scale, _) = fixed_print_scale(s.column_widths());
    PAGE_HEIGHT / (f64::from(scale) / 100.0) * PAGE_FILL
}

/// Page breaks so that each printed page makes sense on its own, at a fixed
/// scale, so that every program makes the same pages. The table's
/// heading row repeats only when the table runs over more than one page (a
/// sheet's print titles repeat on all its pages, so otherwise they would head
/// the trends and charts with columns that are not theirs). No block (an
/// indicator's trend rows, its SPC rows, a chart) is split over two pages,
/// and none leaves a nearly empty page before it: a block that does not fit
/// what is left of a page starts the next.
fn paginate(s: &mut Sheet, table_last: RowNum, blocks: &[(RowNum, f64)]) -> Result<(), XlsxError> {
    let (scale, columns) = fixed_print_scale(s.column_widths());
    s.ws.set_print_scale(scale);
    if columns > 0 {
        s.ws.set_print_area(0, 0, 1_048_575, columns as ColNum - 1)?;
    }
    let page = page_height(s);
    let table: f64 = blocks
        .iter()
        .filter(|(row, _)| *row <= table_last)
        .map(|(_, h)| h)
        .sum();
    let repeat = if table > page {
        s.ws.set_repeat_rows(1, 1)?;
        s.row_height(1)
    } else {
        0.0
    };
    let mut breaks = page_breaks(blocks, page, repeat);
    // Excel's limit: past it (some 40,000 rows) the program breaks the pages.
    breaks.truncate(MAX_PAGE_BREAKS);
    if !breaks.is_empty() {
        s.ws.set_page_breaks(&breaks)?;
    }
    Ok(())
}

/// The rows to start new pages at, so that no block is split: a block that
/// does not fit what is left of a page starts the next one (a block taller
/// than a page starts a page and runs on). `page` is the height a page holds;
/// `repeat` the height of the heading repeated on each page after the first.
/// Every page is started here, never left to the program, whose pages may be
/// a little longer than planned: then each page still starts where planned.
fn page_breaks(blocks: &[(RowNum, f64)], page: f64, repeat: f64) -> Vec<RowNum> {
    let room = page - repeat;
    let mut breaks = Vec::new();
    let mut used = 0.0;
    let mut top = 0.0;
    for &(row, height) in blocks {
        if used > top && used + height > page {
            breaks.push(row);
            top = repeat;
            used = repeat;
        }
        used += height;
        // A block taller than a page runs on: what is left of it heads the next.
        while used > page && room > 0.0 {
            used -= room;
            top = repeat;
        }
    }
    breaks
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
    blocks: &mut Blocks,
) -> Result<(), XlsxError> {
    let tabled: Vec<(&IndicatorResult, Vec<TrendPoint>)> = results
        .iter()
        .map(|r| (*r, r.trend_points()))
        .filter(|(_, pts)| {
            pts.iter()
                .filter(|p| p.value.is_some_and(f64::is_finite))
                .count()
                >= 2
        })
        .collect();
    if tabled.is_empty() {
        return Ok(());
    }
    s.text(
        first_row,
        0,
        "Trends: the last 12 periods of each indicator, and a chart for each exception",
    )?;
    s.ws.set_row_format(first_row, &s.st.subtitle)?;
    let data_row = first_row + 1;
    for (k, (r, pts)) in tabled.iter().enumerate() {
        let row = data_row + 3 * row_num(k);
        // The section's title stays with its first indicator.
        match k {
            0 => blocks.keep(first_row, 4, SUBTITLE_HEIGHT + 3.0 * LINE),
            _ => blocks.keep(row, 3, 3.0 * LINE),
        }
        trend_rows(s, row, r, pts, look)?;
    }
    // The charts, one under another below the data.
    let mut chart_row = data_row + 3 * row_num(tabled.len()) + 1;
    let charted: Vec<(usize, &(&IndicatorResult, Vec<TrendPoint>))> = tabled
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
    let spc_rows = spc_tables(s, chart_row, &with_spc, look, blocks)?;
    if !with_spc.is_empty() {
        chart_row += SPC_ROWS * row_num(with_spc.len()) + 2;
    }
    // Each chart kept whole on a page (`paginate`).
    let points = |px: u32| f64::from(px) * 0.75;
    let sheet = s.ws.name();
    for (k, (r, pts)) in charted {
        if let Some(&(row, columns)) = spc_rows.get(&r.code) {
            let chart = spc_chart(&sheet, (row, columns), r, look.indicator(&r.code));
            s.ws.insert_chart(chart_row, 0, &chart)?;
            blocks.keep(chart_row, 15, points(SPC_CHART_PX));
            chart_row += 16;
            continue;
        }
        let row = data_row + 3 * row_num(k);
        let chart = trend_chart(&sheet, row, r, pts, look.indicator(&r.code));
        s.ws.insert_chart(chart_row, 0, &chart)?;
        blocks.keep(chart_row, 12, points(TREND_CHART_PX));
        chart_row += 14;
    }
    Ok(())
}

/// One indicator's three rows of trend data at `row`, labelled in column A:
/// its periods, its values ("YTD" for a cumulative indicator), then
/// each period's own target (profiled, pro rata or annual: the chart's target
/// line), never this month's repeated.
fn trend_rows(
    s: &mut Sheet,
    row: RowNum,
    r: &IndicatorResult,
    pts: &[TrendPoint],
    look: &Lookup,
) -> Result<(), XlsxError> {
    // Shrunk to fit: these rows sit under the table's narrow columns.
    let nf = s.st.fitted_for_indicator(look.indicator(&r.code));
    // Each row whole before the next: rows are written top to bottom.
    s.text(row, 0, &r.code)?;
    for (j, p) in pts.iter().enumerate() {
        s.word(row, 1 + j as ColNum, &p.period, &s.st.fitted.text)?;
    }
    let def = look.indicator(&r.code);
    s.word(row + 1, 0, chart_words::value_label(def), &s.st.plain)?;
    for (j, p) in pts.iter().enumerate() {
        s.num(row + 1, 1 + j as ColNum, p.value, nf)?;
    }
    if pts.iter().any(|p| p.target.is_some()) {
        s.word(row + 2, 0, "Target", &s.st.plain)?;
        for (j, p) in pts.iter().enumerate() {
            s.num(row + 2, 1 + j as ColNum, p.target, nf)?;
        }
    }
    Ok(())
}

/// The line chart of one indicator's trend rows at `row` of `sheet`.
fn trend_chart(
    sheet: &str,
    row: RowNum,
    r: &IndicatorResult,
    pts: &[TrendPoint],
    def: Option<&Indicator>,
) -> Chart {
    let last = pts.len() as ColNum;
    let mut chart = Chart::new(ChartType::Line);
    // A cumulative indicator is charted as its year to date, and says so.
    let ytd = if chart_words::is_cumulative(def) {
        " (year to date)"
    } else {
        ""
    };
    chart
        .add_series()
        .set_name(format!("{}{ytd}", r.code).as_str())
        .set_marker(ChartMarker::new().set_automatic())
        .set_categories((sheet, row, 1, row, last))
        .set_values((sheet, row + 1, 1, row + 1, last));
    if pts.iter().any(|p| p.target.is_some()) {
        chart
            .add_series()
            .set_name("Target")
            .set_categories((sheet, row, 1, row, last))
            .set_values((sheet, row + 2, 1, row + 2, last))
            .set_format(
                ChartLine::new()
                    .set_color(Color::RGB(0xC00000))
                    .set_dash_type(ChartLineDashType::Dash),
            );
    }
    let values = pts.iter().flat_map(|p| [p.value, p.target]).flatten();
    axis_for_unit(&mut chart, def, values);
    chart
        .title()
        .set_name(&format!("{} {}{ytd}", r.code, fit(&r.title, 80)));
    // Type that prints at 7 pt or more once the sheet is fitted to A4.
    let mut text = ChartFont::new();
    text.set_size(11);
    chart.x_axis().set_font(&text);
    chart.y_axis().set_font(&text).set_name_font(&text);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.legend().set_font(&text);
    chart.set_width(720).set_height(TREND_CHART_PX);
    chart
}

/// A trend chart's value axis in the indicator's units: percentages from 0 to
/// 100 (or to the data, where it runs past 100), pounds with a £, other units
/// at the indicator's decimal places.
fn axis_for_unit(chart: &mut Chart, def: Option<&Indicator>, values: impl Iterator<Item = f64>) {
    let Some(def) = def else { return };
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

/// The first column of SPC data. Column B is left empty so that the labels in
/// column A ("Upper process limit"), wider than the Code column they sit in,
/// run on into it, on screen and on paper, rather than being cut.
const SPC_FIRST_COL: ColNum = 2;

/// Writes the SPC data of each of `results` (all with `spc`) from `first_row`
/// down, and returns the first row of each and its number of columns, by code.
fn spc_tables(
    s: &mut Sheet,
    first_row: RowNum,
    results: &[&IndicatorResult],
    look: &Lookup,
    blocks: &mut Blocks,
) -> Result<std::collections::HashMap<String, (RowNum, usize)>, XlsxError> {
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
        match k {
            0 => blocks.keep(
                first_row,
                1 + SPC_ROWS,
                SUBTITLE_HEIGHT + f64::from(SPC_ROWS) * LINE,
            ),
            _ => blocks.keep(row, SPC_ROWS, f64::from(SPC_ROWS) * LINE),
        }
        // A column per period from the first to the last, an empty one where
        // there is no point: a gap in the data is a gap on the chart.
        let slots = spc_slots(look, r);
        rows.insert(r.code.clone(), (row, slots.len()));
        let nf = s.st.fitted_for_indicator(look.indicator(&r.code));
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
            for (k, (period, at)) in slots.iter().enumerate() {
                let col = SPC_FIRST_COL + k as ColNum;
                if i == 0 {
                    s.word(row, col, period, &s.st.fitted.text)?;
                    continue;
                }
                let value = at.map(|j| r.spc_series[j].value);
                let cell = match i {
                    1 => value,
                    2 => Some(spc.mean),
                    3 => Some(spc.lower_limit),
                    4 => Some(spc.upper_limit),
                    // Each period's own target (profiled, pro rata or
                    // annual, on the series' scale), as on the trend rows
                    // and the page: never the latest one repeated.
                    5 => at.and_then(|j| r.spc_series[j].target),
                    _ => at
                        .and_then(|j| spc.marks.get(j))
                        .filter(|m| m.any())
                        .and(value),
                };
                s.num(row, col, cell, nf)?;
            }
        }
    }
    Ok(rows)
}

/// The columns of an exception's SPC data: each period from the first point
/// to the last, with the index of its point in `spc_series` (`None` for a
/// period with no point).
fn spc_slots(look: &Lookup, r: &IndicatorResult) -> Vec<(String, Option<usize>)> {
    let points = r.spc_series.iter().enumerate();
    let points = points.map(|(j, p)| (p.period.clone(), j)).collect();
    chart_words::spaced(look.c.calendar, points)
}

/// The lines of an SPC chart, in the order of [`spc_tables`]' rows: the data
/// row (below the periods), name, colour, dash and width. Only the values
/// have markers.
const SPC_LINES: [(RowNum, &str, u32, Dash, f64); 5] = [
    (1, "Value", 0x1F4E79, Dash::Solid, 2.0),
    (2, "Mean", 0x595959, Dash::Solid, 1.0),
    (3, "Lower process limit", 0x7F7F7F, Dash::Dash, 1.0),
    (4, "Upper process limit", 0x7F7F7F, Dash::Dash, 1.0),
    (5, "Target", 0xC00000, Dash::LongDash, 1.5),
];

/// Adds to `chart` the series of SPC data row `offset` below the periods at
/// `row` of `sheet`, over columns [`SPC_FIRST_COL`] to `last`: (sheet, row,
/// last, offset).
fn spc_series(
    chart: &mut Chart,
    (sheet, row, last, offset): (&str, RowNum, ColNum, RowNum),
    name: &str,
    format: &mut ChartFormat,
    marker: &ChartMarker,
) {
    chart
        .add_series()
        .set_name(name)
        .set_format(format)
        .set_marker(marker)
        .set_categories((sheet, row, SPC_FIRST_COL, row, last))
        .set_values((sheet, row + offset, SPC_FIRST_COL, row + offset, last));
}

/// The SPC chart of one exception from its data at `row`: the values, the
/// mean, the process limits, the target, and the special-cause points in
/// their own orange diamond markers.
fn spc_chart(
    sheet: &str,
    (row, columns): (RowNum, usize),
    r: &IndicatorResult,
    def: Option<&Indicator>,
) -> Chart {
    let last = SPC_FIRST_COL + (columns as ColNum).saturating_sub(1);
    let mut chart = Chart::new(ChartType::Line);
    let no_target = r.spc.as_ref().is_some_and(|s| s.target.is_none());
    for (offset, name, color, dash, width) in SPC_LINES {
        if offset == 5 && no_target {
            continue;
        }
        let mut l = ChartLine::new();
        l.set_color(Color::RGB(color))
            .set_dash_type(dash)
            .set_width(width);
        let mut format = ChartFormat::new();
        format.set_line(&l);
        let mut marker = ChartMarker::new();
        if offset == 1 {
            marker.set_type(ChartMarkerType::Circle).set_size(5);
        } else {
            marker.set_none();
        }
        let range = (sheet, row, last, offset);
        spc_series(&mut chart, range, name, &mut format, &marker);
    }
    // The flagged points alone, unjoined, in orange diamonds.
    let orange = Color::RGB(0xE46C0A);
    let mut marker = ChartMarker::new();
    marker
        .set_type(ChartMarkerType::Diamond)
        .set_size(9)
        .set_format(
            ChartFormat::new()
                .set_solid_fill(ChartSolidFill::new().set_color(orange))
                .set_line(ChartLine::new().set_color(orange)),
        );
    let range = (sheet, row, last, 6);
    spc_series(
        &mut chart,
        range,
        "Special cause",
        ChartFormat::new().set_no_line(),
        &marker,
    );
    // The axis in the indicator's units, as on the other trend charts, with
    // room for the limits as well as the values.
    let limits = r.spc.iter().flat_map(|s| [s.lower_limit, s.upper_limit]);
    let values = r.spc_series.iter().map(|p| p.value).chain(limits);
    let values: Vec<f64> = values
        .chain(r.spc_series.iter().filter_map(|p| p.target))
        .collect();
    axis_for_unit(&mut chart, def, values.iter().copied());
    // Fitted to the data, not from 0, and titled with what each point is: the
    // amount in each month for a cumulative indicator (SPEC section 15).
    chart_words::fit_value_axis(&mut chart, values.iter().copied());
    chart.y_axis().set_name(&chart_words::spc_axis_title(def));
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
    chart.set_width(720).set_height(SPC_CHART_PX);
    chart
}

#[cfg(test)]
mod tests;
