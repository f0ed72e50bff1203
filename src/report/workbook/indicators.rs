//! The Indicators sheet: one row per indicator, with a trend sparkline; its
//! columns are shared with the directorate sheets.

use super::sheet::Sheet;
use super::styles::Styles;
use super::{row_num, yes_no, Lookup};
use crate::assess::IndicatorResult;
use crate::register::Indicator;
use crate::report::{direction_word, dq_flag, reasons_words};
use rust_xlsxwriter::{ColNum, RowNum, Sparkline, Worksheet, XlsxError};

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
    Exception,
    Reasons,
    Commentary,
    DataQuality,
    Variation,
    Assurance,
    Trend,
}

impl Col {
    /// The column's heading and width.
    pub(super) fn header(self) -> (&'static str, f64) {
        match self {
            Col::Directorate => ("Directorate", 20.0),
            Col::Code => ("Code", 10.0),
            Col::Title => ("Title", 40.0),
            Col::Unit => ("Unit", 9.0),
            Col::Polarity => ("Polarity", 9.0),
            Col::Period => ("Period", 11.0),
            Col::Actual => ("Actual", 11.0),
            Col::Target => ("Target", 11.0),
            Col::Variance => ("Variance", 11.0),
            Col::Rag => ("RAG", 9.0),
            Col::DirPrevious => ("Direction (previous)", 13.0),
            Col::DirLastYear => ("Direction (last year)", 13.0),
            Col::Ytd => ("YTD", 11.0),
            Col::AnnualTarget => ("Annual target", 11.0),
            Col::Forecast => ("Forecast", 11.0),
            Col::Exception => ("Exception", 10.0),
            Col::Reasons => ("Reasons", 30.0),
            Col::Commentary => ("Commentary", 60.0),
            Col::DataQuality => ("Data quality", 18.0),
            Col::Variation => ("Variation", 22.0),
            Col::Assurance => ("Assurance", 16.0),
            Col::Trend => ("Trend", 16.0),
        }
    }
}

const INDICATOR_COLS: [Col; 22] = [
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
    Col::DirPrevious,
    Col::DirLastYear,
    Col::Ytd,
    Col::AnnualTarget,
    Col::Forecast,
    Col::Exception,
    Col::Reasons,
    Col::Commentary,
    Col::DataQuality,
    Col::Variation,
    Col::Assurance,
    Col::Trend,
];

/// A directorate's own sheet: the Indicators columns, less its name (first) and the
/// trend (last).
pub(super) fn directorate_cols() -> &'static [Col] {
    &INDICATOR_COLS[1..INDICATOR_COLS.len() - 1]
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
    let nf = st.number(def.and_then(|i| i.decimals));
    for (k, col) in cols.iter().enumerate() {
        let k = k as ColNum;
        match col {
            Col::Directorate => s.text(row, k, &r.directorate)?,
            Col::Code => s.text(row, k, &r.code)?,
            Col::Title => s.long_text(row, k, &r.title)?,
            Col::Unit => s.word(row, k, &unit_word(def), &st.plain)?,
            Col::Polarity => s.word(row, k, &polarity_word(def), &st.plain)?,
            Col::Period => s.text(row, k, &r.period)?,
            Col::Actual => s.num(row, k, r.actual, nf)?,
            Col::Target => s.num(row, k, r.target, nf)?,
            Col::Variance => s.num(row, k, r.variance, nf)?,
            Col::Rag => s.word(row, k, r.rag.word(), st.rag(r.rag))?,
            Col::DirPrevious => s.word(row, k, direction_word(r.direction_previous), &st.plain)?,
            Col::DirLastYear => s.word(row, k, direction_word(r.direction_last_year), &st.plain)?,
            Col::Ytd => s.num(row, k, r.ytd, nf)?,
            Col::AnnualTarget => s.num(row, k, r.annual_target, nf)?,
            Col::Forecast => s.num(row, k, r.forecast, nf)?,
            Col::Exception => s.word(row, k, yes_no(r.exception), &st.plain)?,
            Col::Reasons => s.word(row, k, &reasons_words(&r.reasons), &st.wrap)?,
            Col::Commentary => s.long_text(row, k, r.commentary.as_deref().unwrap_or(""))?,
            Col::DataQuality => s.word(row, k, &dq_flag(r), &st.plain)?,
            Col::Variation => {
                let (word, format) = st.variation(r.spc.as_ref());
                s.word(row, k, word, format)?
            }
            Col::Assurance => {
                let (word, format) = st.assurance(r.spc.as_ref());
                s.word(row, k, word, format)?
            }
            // Written by the caller: it needs the helper columns.
            Col::Trend => {}
        }
    }
    Ok(())
}

/// The values a trend sparkline draws: the earlier values, then this period's actual.
fn trend_values(r: &IndicatorResult) -> Vec<Option<f64>> {
    let mut values: Vec<Option<f64>> = r.trend.iter().map(|(_, v)| *v).collect();
    if r.trend.last().map(|(p, _)| p != &r.period).unwrap_or(true) {
        values.push(r.actual);
    }
    values
}

/// Fills the Indicators sheet (low-memory mode: rows top to bottom).
pub(super) fn indicators_sheet(
    ws: &mut Worksheet,
    look: &Lookup,
    st: &Styles,
) -> Result<(), XlsxError> {
    let c = look.c;
    let mut s = Sheet { ws, st };
    let headers: Vec<(&str, f64)> = INDICATOR_COLS.iter().map(|c| c.header()).collect();
    s.table(0, &headers, row_num(c.indicators.len()))?;

    // Trend values go in hidden helper columns, one gap right of the table.
    let trend_col = INDICATOR_COLS.len() as ColNum - 1;
    let helper = INDICATOR_COLS.len() as ColNum + 1;
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
    for (i, r) in c.indicators.iter().enumerate() {
        let row = row_num(i + 1);
        indicator_row(&mut s, row, r, &INDICATOR_COLS, look)?;
        let values = trend_values(r);
        let nf = st.number(look.decimals(&r.code));
        for (k, v) in values.iter().enumerate() {
            s.num(row, helper + k as ColNum, *v, nf)?;
        }
        if values
            .iter()
            .filter(|v| v.is_some_and(f64::is_finite))
            .count()
            >= 2
        {
            let last = helper + values.len() as ColNum - 1;
            let line = Sparkline::new()
                .set_range(("Indicators", row, helper, row, last))
                .show_markers(true)
                .show_hidden_data(true);
            s.ws.add_sparkline(row, trend_col, &line)?;
        }
    }
    if widest > 0 {
        s.ws.set_column_range_hidden(helper, helper + widest as ColNum - 1)?;
    }
    Ok(())
}
