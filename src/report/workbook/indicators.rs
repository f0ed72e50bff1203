//! The Indicators sheet: one row per indicator, with its trend drawn in text; its
//! columns are shared with the directorate sheets.

use super::sheet::Sheet;
use super::styles::Styles;
use super::{row_num, yes_no, Lookup};
use crate::model::{Consolidation, Indicator, IndicatorResult, Rag};
use crate::report::{direction_word, dq_flag, forecast_by, reasons_words};
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

/// The columns an indicator table can show.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    Directorate,
    Code,
    Title,
    Unit,
    Polarity,
    Period,
    Actual,
    Target,
    Variance,
    Rag,
    DirPrevious,
    DirLastYear,
    Ytd,
    AnnualTarget,
    Forecast,
    ForecastBy,
    Exception,
    Since,
    Reasons,
    Commentary,
    DataQuality,
    Variation,
    Assurance,
    Trend,
}

impl Col {
    /// The column's heading and width. A sheet prints the columns from the left
    /// that fit A4 at 7 pt or more (`sheet::print_setup`), so the order of
    /// [`INDICATOR_COLS`] and these widths decide what a printout shows.
    pub(super) fn header(self) -> (&'static str, f64) {
        match self {
            Col::Directorate => ("Directorate", 12.0),
            Col::Code => ("Code", 7.0),
            // 16, wrapping: the 2 Variance took (below) came back from
            // Variation and Assurance, so titles print in fewer lines.
            Col::Title => ("Title", 16.0),
            Col::Unit => ("Unit", 7.0),
            Col::Polarity => ("Polarity", 7.0),
            Col::Period => ("Period", 10.0),
            Col::Actual => ("Actual", 10.0),
            Col::Target => ("Target", 10.0),
            // 11: a currency variance of a million pounds or more
            // ("-£1,200,000") showed as ### at 9. The 2 come from Title,
            // which wraps, as the printed columns fill A4 (issue 18).
            Col::Variance => ("Variance", 11.0),
            Col::Rag => ("RAG", 6.0),
            Col::DirPrevious => ("Direction (previous)", 10.0),
            Col::DirLastYear => ("Direction (last year)", 10.0),
            Col::Ytd => ("YTD", 10.0),
            Col::AnnualTarget => ("Annual target", 10.0),
            Col::Forecast => ("Forecast", 10.0),
            Col::ForecastBy => ("Forecast by", 8.0),
            Col::Exception => ("Exception", 9.0),
            Col::Since => ("Since last month", 10.0),
            Col::Reasons => ("Reasons", 17.0),
            Col::Commentary => ("Commentary", 50.0),
            Col::DataQuality => ("Data quality", 16.0),
            // Narrow, their words wrapping, so both print beside the figures;
            // 10 still holds their longest word ("Improving") whole.
            Col::Variation => ("Variation", 10.0),
            Col::Assurance => ("Assurance", 10.0),
            Col::Trend => ("Trend", 16.0),
        }
    }
}

/// The order a member reads a row on paper: the figure against its target and
/// its RAG; whether that is signal or noise (Variation) and whether the target
/// will be met (Assurance, then the forecast against the annual target); and
/// whether it is an exception, and why. Everything up to Exception prints on
/// the Indicators sheet (with "Since last month" too), and up to Reasons on a
/// directorate's; the year to date and the two directions of travel come
/// after, since SPC's variation says more than a comparison of two points.
const INDICATOR_COLS: [Col; 23] = [
    Col::Directorate,
    Col::Code,
    Col::Title,
    Col::Unit,
    Col::Polarity,
    Col::Period,
    Col::Actual,
    Col::Target,
    Col::Variance,
    Col::Rag,
    Col::Variation,
    Col::Assurance,
    Col::AnnualTarget,
    Col::Forecast,
    Col::ForecastBy,
    Col::Exception,
    Col::Reasons,
    Col::Ytd,
    Col::DirPrevious,
    Col::DirLastYear,
    Col::Commentary,
    Col::DataQuality,
    Col::Trend,
];

/// A directorate's own sheet: the Indicators columns, less its name (first) and the
/// trend (last), with "Since last month" as on Indicators.
pub(super) fn directorate_cols(c: &Consolidation) -> Vec<Col> {
    with_since(&INDICATOR_COLS[1..INDICATOR_COLS.len() - 1], c)
}

/// `cols` with "Since last month" after RAG, the change it describes, where
/// there is a previous report only, so a run without one writes what it always did.
fn with_since(cols: &[Col], c: &Consolidation) -> Vec<Col> {
    let mut cols = cols.to_vec();
    if c.changes.is_some() {
        if let Some(at) = cols.iter().position(|c| *c == Col::Rag) {
            cols.insert(at + 1, Col::Since);
        }
    }
    cols
}

fn unit_word(i: Option<&Indicator>) -> String {
    i.and_then(|i| serde_json::to_value(i.unit).ok())
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn polarity_word(i: Option<&Indicator>) -> String {
    i.and_then(|i| serde_json::to_value(i.polarity).ok())
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// One indicator's cells in the columns `cols`, in their order (all but the trend).
pub(super) fn indicator_row(
    s: &mut Sheet,
    row: RowNum,
    r: &IndicatorResult,
    cols: &[Col],
    look: &Lookup,
) -> Result<(), XlsxError> {
    let st = s.st;
    let def = look.indicator(&r.code);
    let nf = st.for_indicator(def);
    for (k, col) in cols.iter().enumerate() {
        let k = k as ColNum;
        match col {
            Col::Directorate => s.long_text(row, k, &r.directorate)?,
            Col::Code => s.text(row, k, &r.code)?,
            Col::Title => s.long_text(row, k, &r.title)?,
            Col::Unit => s.word(row, k, &unit_word(def), &st.plain)?,
            Col::Polarity => s.word(row, k, &polarity_word(def), &st.plain)?,
            Col::Period => s.text(row, k, &r.period)?,
            Col::Actual => s.num(row, k, r.actual, nf)?,
            Col::Target => s.num(row, k, r.target, nf)?,
            Col::Variance => s.num(row, k, r.variance.map(|v| tidy(v, def)), nf)?,
            Col::Rag => rag_cell(s, row, k, r.rag)?,
            Col::DirPrevious => s.wrapped_word(row, k, direction_word(r.direction_previous))?,
            Col::DirLastYear => s.wrapped_word(row, k, direction_word(r.direction_last_year))?,
            Col::Ytd => s.num(row, k, r.ytd, nf)?,
            Col::AnnualTarget => s.num(row, k, r.annual_target, nf)?,
            Col::Forecast => s.num(row, k, r.forecast, nf)?,
            // Whose the forecast is, so ipr's own is never read as the owner's.
            Col::ForecastBy => s.wrapped_word(row, k, forecast_by(r.forecast_basis))?,
            // Centred, so that "No" never runs on from the forecast beside it.
            Col::Exception => s.word(row, k, yes_no(r.exception), &st.centre)?,
            Col::Since => {
                let since = look.c.changes.as_ref().and_then(|ch| ch.since.get(&r.code));
                s.word(row, k, since.map(|x| x.word()).unwrap_or(""), &st.plain)?
            }
            Col::Reasons => s.wrapped_word(row, k, &reasons_words(&r.reasons))?,
            Col::Commentary => s.long_text(row, k, r.commentary.as_deref().unwrap_or(""))?,
            Col::DataQuality => s.word(row, k, &dq_flag(r), &st.plain)?,
            Col::Variation => {
                let (word, format) = st.variation(r.spc.as_ref());
                s.wrapped_word_in(row, k, word, format)?
            }
            Col::Assurance => {
                let (word, format) = st.assurance(r.spc.as_ref());
                s.wrapped_word_in(row, k, word, format)?
            }
            // Written by the caller: it needs the helper columns.
            Col::Trend => {}
        }
    }
    Ok(())
}

/// A RAG by word and colour; "No target" wraps (its format does), with the
/// row made tall enough for it.
pub(super) fn rag_cell(s: &mut Sheet, row: RowNum, col: ColNum, rag: Rag) -> Result<(), XlsxError> {
    let st = s.st;
    match rag {
        Rag::None => s.wrapped_word_in(row, col, rag.word(), st.rag(rag)),
        _ => s.word(row, col, rag.word(), st.rag(rag)),
    }
}

/// `v` rounded to the indicator's decimal places (10 where none are set), so a
/// difference of two figures stores no float noise (3.4, not 3.4000000000000004).
pub(super) fn tidy(v: f64, def: Option<&Indicator>) -> f64 {
    let d = def.and_then(|i| i.decimals).unwrap_or(10).min(15);
    let scale = 10f64.powi(d as i32);
    let r = (v * scale).round() / scale;
    if r.is_finite() {
        r
    } else {
        v
    }
}

/// The values a trend draws: the earlier values, then this period's actual.
fn trend_values(r: &IndicatorResult) -> Vec<Option<f64>> {
    r.trend_points().iter().map(|p| p.value).collect()
}

/// A trend as a line of block characters, lowest ▁ to highest █, a space for a
/// period with no value; `None` with fewer than two values. Text rather than
/// an Excel sparkline: LibreOffice (7.4) draws a sparkline's markers but not
/// its line, on screen and in print, and text draws the same everywhere.
pub(super) fn trend_blocks(values: &[Option<f64>]) -> Option<String> {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let finite: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    if finite.len() < 2 {
        return None;
    }
    let lo = finite.iter().copied().fold(f64::MAX, f64::min);
    let hi = finite.iter().copied().fold(f64::MIN, f64::max);
    let line = values
        .iter()
        .map(|v| match v.filter(|v| v.is_finite()) {
            None => ' ',
            Some(_) if hi <= lo => BLOCKS[3],
            Some(v) => {
                let k = ((v - lo) / (hi - lo) * 7.0).round() as usize;
                BLOCKS[k.min(7)]
            }
        })
        .collect();
    Some(line)
}

/// Fills the Indicators sheet (low-memory mode: rows top to bottom).
pub(super) fn indicators_sheet(
    ws: &mut Worksheet,
    look: &Lookup,
    st: &Styles,
) -> Result<(), XlsxError> {
    let c = look.c;
    let mut s = Sheet::new(ws, st).by_glyph_widths();
    let cols = with_since(&INDICATOR_COLS, c);
    let headers: Vec<(&str, f64)> = cols.iter().map(|c| c.header()).collect();
    s.table(0, &headers, row_num(c.indicators.len()))?;

    // Trend values go in hidden helper columns, one gap right of the table.
    let trend_col = cols.len() as ColNum - 1;
    let helper = cols.len() as ColNum + 1;
    // Their headers first: rows are written top to bottom (low-memory mode).
    let widest = c
        .indicators
        .iter()
        .map(|r| trend_values(r).len())
        .max()
        .unwrap_or(0);
    for k in 0..widest {
        let col = helper + k as ColNum;
        s.word(0, col, &format!("Trend value {}", k + 1), &st.header)?;
    }
    // Grouped by priority where the register has priorities (SPEC section 14).
    for (i, r) in c.report_order().into_iter().enumerate() {
        let row = row_num(i + 1);
        indicator_row(&mut s, row, r, &cols, look)?;
        let values = trend_values(r);
        let nf = st.for_indicator(look.indicator(&r.code));
        for (k, v) in values.iter().enumerate() {
            s.num(row, helper + k as ColNum, *v, nf)?;
        }
        if let Some(line) = trend_blocks(&values) {
            s.word(row, trend_col, &line, &st.plain)?;
        }
    }
    if widest > 0 {
        s.ws.set_column_range_hidden(helper, helper + widest as ColNum - 1)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::trend_blocks;

    #[test]
    fn a_trend_reads_low_to_high_with_gaps() {
        assert_eq!(
            trend_blocks(&[Some(1.0), None, Some(8.0), Some(4.5)]).as_deref(),
            Some("▁ █▅")
        );
        assert_eq!(trend_blocks(&[Some(3.0), Some(3.0)]).as_deref(), Some("▄▄"));
        assert_eq!(trend_blocks(&[Some(3.0), None]), None);
    }
}
