//! `IPR-<period>.xlsx`: the council-wide workbook (SPEC section 8).
//!
//! One function per sheet. Text that came from returns or the register goes
//! through [`Sheet::text`], which always writes a string and adds Excel's quote
//! prefix when the text would otherwise read as a formula if a user edited the
//! cell. Numbers are written unrounded and shown at the indicator's precision.

use super::json::Counts;
use super::names::{sheet_name_for, FIXED_SHEETS};
use super::{direction_word, dq_flag, reasons_words, write_atomic, ReportError, ReportErrorKind};
use crate::assess::{IndicatorResult, Rag};
use crate::period::Period;
use crate::pipeline::{Consolidation, CoverageRow};
use crate::quality::finding::{Finding, Severity};
use crate::register::{normalise_code, Indicator};
use rust_xlsxwriter::{
    Chart, ChartMarker, ChartSolidFill, ChartType, ColNum, Color, DocProperties, Format,
    FormatAlign, FormatBorder, RowNum, Sparkline, Workbook, Worksheet, XlsxError,
};
use std::collections::BTreeMap;
use std::path::Path;

/// Excel's limit on a cell's text, in UTF-16 units.
const MAX_TEXT: usize = 32_767;
/// Excel's limit on a hyperlink, in UTF-16 units.
const MAX_URL: usize = 2_080;
/// Highest number of decimal places given its own number format.
const MAX_DECIMALS: usize = 10;

/// Writes the consolidated workbook atomically to `path` (normally
/// `IPR-<period>.xlsx` in the output folder). On error nothing at `path` is
/// created or changed.
pub fn write_workbook(c: &Consolidation, path: &Path) -> Result<(), ReportError> {
    let bytes =
        workbook_bytes(c).map_err(|e| ReportError::new(path, ReportErrorKind::Workbook(e)))?;
    write_atomic(path, &bytes)
}

/// The consolidated workbook as bytes: identical inputs give identical bytes.
pub fn workbook_bytes(c: &Consolidation) -> Result<Vec<u8>, XlsxError> {
    let st = Styles::new();
    let by_key: BTreeMap<&str, &Indicator> = c
        .register
        .indicators
        .iter()
        .map(|i| (i.key.as_str(), i))
        .collect();
    let look = Lookup { c, by_key: &by_key };

    let mut wb = Workbook::new();
    // No current time anywhere: the creation time is the start of the period.
    let created = period_start(c).and_utc();
    let props = DocProperties::new()
        .set_title(format!("Integrated Performance Report {}", period_label(c)))
        .set_author(format!("ipr {}", c.version))
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    // Deflate at level 1 rather than 6: the History sheet of a council-year is
    // most of the file, and level 6 spent more time compressing it than
    // building it, for a file about a tenth smaller. Still byte-identical per input.
    wb.set_zip_compression_level(1);

    // The long sheets (History, Indicators, Data Quality and Register) are
    // written in rust_xlsxwriter's constant- or low-memory modes: each row goes
    // to a temporary file once the next is begun, so memory does not hold every
    // cell of a national set. Rows must then be written in order, top to
    // bottom (a test checks that none was refused). History, the longest, is
    // built on a thread of its own while the others are built here. For the
    // same inputs to give the same bytes, nothing may depend on which thread
    // gets there first: History writes its strings inline rather than to the
    // shared-string table, and every format it uses is registered with the
    // workbook first, so it only ever reads the shared table of formats; the
    // others add to both tables from this thread alone, in sheet order.
    // (`register_format` is hidden from rust_xlsxwriter's documentation but
    // described there for this use: multi-threaded constant-memory writing.)
    for format in st.all() {
        wb.register_format(format);
    }
    let mut history = wb.new_worksheet_with_constant_memory()?;
    history.set_name("History")?;
    let (history, sheets) = std::thread::scope(|scope| {
        let (look, st) = (&look, &st);
        let built = scope.spawn(move || history_sheet(&mut history, look, st).map(|_| history));
        let sheets = other_sheets(&mut wb, look, st);
        let built = built.join().unwrap_or_else(|_| {
            Err(XlsxError::ParameterError(
                "the History sheet could not be built".to_string(),
            ))
        });
        (built, sheets)
    });
    let (history, [before, after]) = (history?, sheets?);
    for ws in before {
        wb.push_worksheet(ws);
    }
    wb.push_worksheet(history);
    for ws in after {
        wb.push_worksheet(ws);
    }
    wb.save_to_buffer()
}

/// Every sheet but History: those before it and those after it, in order.
fn other_sheets(
    wb: &mut Workbook,
    look: &Lookup,
    st: &Styles,
) -> Result<[Vec<Worksheet>; 2], XlsxError> {
    let c = look.c;
    let mut long = || wb.new_worksheet_with_low_memory();
    let mut before = Vec::new();
    before.push(sheet(Worksheet::new(), "Summary", |ws| {
        summary_sheet(ws, c, st)
    })?);
    before.push(sheet(long()?, "Indicators", |ws| {
        indicators_sheet(ws, look, st)
    })?);
    before.push(sheet(Worksheet::new(), "Exceptions", |ws| {
        exceptions_sheet(ws, look, st)
    })?);
    before.push(sheet(long()?, "Data Quality", |ws| {
        quality_sheet(ws, &c.findings, st)
    })?);
    let mut after = Vec::new();
    after.push(sheet(long()?, "Register", |ws| register_sheet(ws, c, st))?);
    after.push(sheet(Worksheet::new(), "About", |ws| {
        about_sheet(ws, c, st)
    })?);
    let mut taken: Vec<String> = FIXED_SHEETS.iter().map(|s| s.to_string()).collect();
    for d in c.register.directorates() {
        let name = sheet_name_for(&d, &taken);
        taken.push(name.clone());
        let results: Vec<&IndicatorResult> = c
            .indicators
            .iter()
            .filter(|r| r.directorate.eq_ignore_ascii_case(&d))
            .collect();
        // Kept in memory: their trend charts take the values they show (the
        // chart's cache, which other programs' previews draw from) from the
        // sheet's cells at the save, which a low-memory sheet no longer holds.
        after.push(sheet(Worksheet::new(), &name, |ws| {
            directorate_sheet(ws, &d, &results, look, st)
        })?);
    }
    Ok([before, after])
}

/// `ws`, named `name` and filled by `fill`.
fn sheet(
    mut ws: Worksheet,
    name: &str,
    fill: impl FnOnce(&mut Worksheet) -> Result<(), XlsxError>,
) -> Result<Worksheet, XlsxError> {
    ws.set_name(name)?;
    fill(&mut ws)?;
    Ok(ws)
}

/// First day of the reported period at midnight.
fn period_start(c: &Consolidation) -> chrono::NaiveDateTime {
    let month = match c.period {
        Period::Month { .. } => c.period,
        other => other.end_month(c.year_start),
    };
    let date = match month {
        Period::Month { year, month } => chrono::NaiveDate::from_ymd_opt(year, month, 1),
        _ => None,
    };
    date.unwrap_or_default().and_time(chrono::NaiveTime::MIN)
}

/// "September 2026 (2026-09)" for a month; the canonical id otherwise.
fn period_label(c: &Consolidation) -> String {
    match c.period {
        Period::Month { .. } => format!(
            "{} ({})",
            crate::period::period_words(c.period, &c.period_id),
            c.period_id
        ),
        _ => c.period_id.clone(),
    }
}

/// The consolidation plus a register index by normalised code.
struct Lookup<'a> {
    c: &'a Consolidation,
    by_key: &'a BTreeMap<&'a str, &'a Indicator>,
}

impl Lookup<'_> {
    fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.by_key.get(normalise_code(code).as_str()).copied()
    }

    fn decimals(&self, code: &str) -> Option<u32> {
        self.indicator(code).and_then(|i| i.decimals)
    }
}

/// Every format the workbook uses, made once.
struct Styles {
    title: Format,
    subtitle: Format,
    header: Format,
    plain: Format,
    plain_q: Format,
    wrap: Format,
    wrap_q: Format,
    general: Format,
    /// `#,##0`, `#,##0.0`, ... by number of decimals.
    decimals: Vec<Format>,
    percent: Format,
    percent1: Format,
    rag: [Format; 5],
    error: Format,
    warning: Format,
}

impl Styles {
    /// Every format here, in a fixed order: registered with the workbook before
    /// any sheet is built (see [`workbook_bytes`]).
    fn all(&self) -> Vec<&Format> {
        let mut all = vec![
            &self.title,
            &self.subtitle,
            &self.header,
            &self.plain,
            &self.plain_q,
            &self.wrap,
            &self.wrap_q,
            &self.general,
            &self.percent,
            &self.percent1,
            &self.error,
            &self.warning,
        ];
        all.extend(&self.decimals);
        all.extend(&self.rag);
        all
    }
}

fn rag_format(fill: u32, font: u32) -> Format {
    Format::new()
        .set_background_color(Color::RGB(fill))
        .set_font_color(Color::RGB(font))
        .set_align(FormatAlign::Top)
}

impl Styles {
    fn new() -> Styles {
        let top = Format::new().set_align(FormatAlign::Top);
        let wrap = top.clone().set_text_wrap();
        let decimals = (0..=MAX_DECIMALS)
            .map(|d| {
                let fmt = if d == 0 {
                    "#,##0".to_string()
                } else {
                    format!("#,##0.{}", "0".repeat(d))
                };
                top.clone().set_num_format(fmt)
            })
            .collect();
        let grey = rag_format(0xEDEDED, 0x3A3A3A);
        Styles {
            title: Format::new().set_bold().set_font_size(16),
            subtitle: Format::new().set_bold().set_font_size(12),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            plain_q: top.clone().set_quote_prefix(),
            plain: top.clone(),
            wrap_q: wrap.clone().set_quote_prefix(),
            wrap,
            general: top.clone(),
            decimals,
            percent: top.clone().set_num_format("0%"),
            percent1: top.clone().set_num_format("0.0%"),
            rag: [
                rag_format(0xC6EFCE, 0x006100),
                rag_format(0xFFEB9C, 0x9C5700),
                rag_format(0xFFC7CE, 0x9C0006),
                grey.clone(),
                grey,
            ],
            error: rag_format(0xFFC7CE, 0x9C0006),
            warning: rag_format(0xFFEB9C, 0x9C5700),
        }
    }

    fn rag(&self, rag: Rag) -> &Format {
        &self.rag[match rag {
            Rag::Green => 0,
            Rag::Amber => 1,
            Rag::Red => 2,
            Rag::None => 3,
            Rag::Missing => 4,
        }]
    }

    fn number(&self, decimals: Option<u32>) -> &Format {
        match decimals {
            Some(d) => &self.decimals[(d as usize).min(MAX_DECIMALS)],
            None => &self.general,
        }
    }
}

/// Would Excel read this text as a formula if the cell were edited?
fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Cuts text to Excel's cell limit without splitting a character.
fn fit(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, ch) in s.char_indices() {
        units += ch.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}

/// A worksheet with the styles at hand.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    st: &'a Styles,
}

impl Sheet<'_> {
    /// User text: always a string, quote-prefixed where it could become a formula.
    fn text(&mut self, row: RowNum, col: ColNum, s: &str) -> Result<(), XlsxError> {
        self.text_in(row, col, s, false)
    }

    /// User text in a wrapping cell (commentary, messages).
    fn long_text(&mut self, row: RowNum, col: ColNum, s: &str) -> Result<(), XlsxError> {
        self.text_in(row, col, s, true)
    }

    fn text_in(&mut self, row: RowNum, col: ColNum, s: &str, wrap: bool) -> Result<(), XlsxError> {
        if s.is_empty() {
            return Ok(());
        }
        let s = fit(s, MAX_TEXT);
        let fmt = match (wrap, looks_like_formula(s)) {
            (false, false) => &self.st.plain,
            (false, true) => &self.st.plain_q,
            (true, false) => &self.st.wrap,
            (true, true) => &self.st.wrap_q,
        };
        self.ws.write_string_with_format(row, col, s, fmt)?;
        Ok(())
    }

    /// User text on one line, with no format unless it needs the quote prefix:
    /// for long tables where a format per cell would cost more than it shows.
    fn bare_text(&mut self, row: RowNum, col: ColNum, s: &str) -> Result<(), XlsxError> {
        if s.is_empty() {
            return Ok(());
        }
        let s = fit(s, MAX_TEXT);
        if looks_like_formula(s) {
            self.ws
                .write_string_with_format(row, col, s, &self.st.plain_q)?;
        } else {
            self.ws.write_string(row, col, s)?;
        }
        Ok(())
    }

    /// A number in the General format, with no format of its own (see [`Self::bare_text`]).
    fn bare_num(&mut self, row: RowNum, col: ColNum, v: Option<f64>) -> Result<(), XlsxError> {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            self.ws.write_number(row, col, v)?;
        }
        Ok(())
    }

    fn opt_text(&mut self, row: RowNum, col: ColNum, s: Option<&str>) -> Result<(), XlsxError> {
        self.text(row, col, s.unwrap_or(""))
    }

    /// Our own words (never user text) in a given format.
    fn word(&mut self, row: RowNum, col: ColNum, s: &str, fmt: &Format) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(row, col, s, fmt)?;
        Ok(())
    }

    /// A number, unrounded; blank when absent or not finite (Excel cannot hold NaN).
    fn num(
        &mut self,
        row: RowNum,
        col: ColNum,
        v: Option<f64>,
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            self.ws.write_number_with_format(row, col, v, fmt)?;
        }
        Ok(())
    }

    fn count(&mut self, row: RowNum, col: ColNum, n: usize) -> Result<(), XlsxError> {
        self.ws
            .write_number_with_format(row, col, n as f64, &self.st.general)?;
        Ok(())
    }

    /// Header row, widths, frozen panes under it, a filter over the table, and print set-up.
    fn table(
        &mut self,
        header_row: RowNum,
        columns: &[(&str, f64)],
        last_row: RowNum,
    ) -> Result<(), XlsxError> {
        for (col, (name, width)) in columns.iter().enumerate() {
            let col = col as ColNum;
            self.ws
                .write_string_with_format(header_row, col, *name, &self.st.header)?;
            self.ws.set_column_width(col, *width)?;
        }
        // Headings wrap in narrow columns. LibreOffice keeps the default height
        // and lets the second line run over the row below, so the row is made
        // as tall as the longest heading needs (about a character per unit of width).
        let lines = columns
            .iter()
            .map(|(name, width)| (name.chars().count() as f64 / width.max(1.0)).ceil())
            .fold(1.0, f64::max);
        if lines > 1.0 {
            self.ws.set_row_height(header_row, 15.0 * lines)?;
        }
        let last_col = columns.len().saturating_sub(1) as ColNum;
        self.ws.set_freeze_panes(header_row + 1, 0)?;
        self.ws
            .autofilter(header_row, 0, last_row.max(header_row), last_col)?;
        self.ws.set_repeat_rows(header_row, header_row)?;
        self.ws.set_landscape();
        self.ws.set_print_fit_to_pages(1, 0);
        Ok(())
    }
}

fn row_num(i: usize) -> RowNum {
    // Beyond Excel's last row the write itself reports the error.
    RowNum::try_from(i).unwrap_or(RowNum::MAX)
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "Yes"
    } else {
        "No"
    }
}

// ---------------------------------------------------------------- Summary

fn summary_sheet(ws: &mut Worksheet, c: &Consolidation, st: &Styles) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, st };
    s.word(0, 0, "Integrated Performance Report", &st.title)?;
    s.word(1, 0, &period_label(c), &st.subtitle)?;

    let columns = [
        ("Directorate", 30.0),
        ("Indicators", 11.0),
        ("Green", 9.0),
        ("Amber", 9.0),
        ("Red", 9.0),
        ("None", 9.0),
        ("Missing", 9.0),
        ("Exceptions", 11.0),
        ("DQ errors", 10.0),
        ("DQ warnings", 10.0),
        ("Warnings explained", 11.0),
        ("Returns received", 10.0),
        ("Indicators returned", 11.0),
        ("Indicators expected", 11.0),
        ("Coverage", 10.0),
    ];
    const HEADER: RowNum = 3;
    let directorates = c.register.directorates();

    // Council first, then each directorate in register order.
    let council_cov = c.coverage.council.clone().or_else(|| {
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
    });
    let mut rows: Vec<(String, Counts, Option<CoverageRow>)> =
        vec![("Council".into(), Counts::of(c, None), council_cov)];
    for d in &directorates {
        let cov = c
            .coverage
            .directorates
            .iter()
            .find(|r| r.directorate.eq_ignore_ascii_case(d))
            .cloned();
        rows.push((d.clone(), Counts::of(c, Some(d)), cov));
    }

    for (i, (name, n, cov)) in rows.iter().enumerate() {
        let row = HEADER + 1 + row_num(i);
        if i == 0 {
            s.word(row, 0, name, &st.subtitle)?;
        } else {
            s.text(row, 0, name)?;
        }
        let counts = [
            n.indicators,
            n.green,
            n.amber,
            n.red,
            n.none,
            n.missing,
            n.exceptions,
            n.dq_errors,
            n.dq_warnings,
            n.dq_warnings_explained,
        ];
        for (k, v) in counts.iter().enumerate() {
            s.count(row, 1 + k as ColNum, *v)?;
        }
        if let Some(cov) = cov {
            s.count(row, 11, cov.returns)?;
            s.count(row, 12, cov.returned)?;
            s.count(row, 13, cov.expected)?;
            if cov.expected > 0 {
                let share = cov.returned as f64 / cov.expected as f64;
                s.num(row, 14, Some(share), &st.percent)?;
            }
        }
    }
    let last = HEADER + row_num(rows.len());
    s.table(HEADER, &columns, last)?;

    if !directorates.is_empty() {
        let first_dir = HEADER + 2;
        let mut chart = Chart::new(ChartType::ColumnStacked);
        let series = [
            ("Green", 2, 0x00B050),
            ("Amber", 3, 0xFFC000),
            ("Red", 4, 0xC00000),
            ("None", 5, 0xA6A6A6),
            ("Missing", 6, 0xD9D9D9),
        ];
        for (name, col, colour) in series {
            chart
                .add_series()
                .set_name(name)
                .set_categories(("Summary", first_dir, 0, last, 0))
                .set_values(("Summary", first_dir, col, last, col))
                .set_format(ChartSolidFill::new().set_color(Color::RGB(colour)));
        }
        chart.title().set_name("RAG status by directorate");
        chart.y_axis().set_name("Indicators");
        chart.set_width(720).set_height(360);
        s.ws.insert_chart(last + 2, 0, &chart)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- Indicators

/// The columns an indicator table can show.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
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
    Trend,
}

impl Col {
    fn header(self) -> (&'static str, f64) {
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
            Col::Trend => ("Trend", 16.0),
        }
    }
}

const INDICATOR_COLS: [Col; 20] = [
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
    Col::Trend,
];

/// A directorate's own sheet: the Indicators columns, less its name (first) and the
/// trend (last).
fn directorate_cols() -> &'static [Col] {
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

fn indicator_row(
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

fn indicators_sheet(ws: &mut Worksheet, look: &Lookup, st: &Styles) -> Result<(), XlsxError> {
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

fn directorate_sheet(
    ws: &mut Worksheet,
    directorate: &str,
    results: &[&IndicatorResult],
    look: &Lookup,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, st };
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
        let nf = s.st.number(look.decimals(&r.code));
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

// ---------------------------------------------------------------- Exceptions

fn exceptions_sheet(ws: &mut Worksheet, look: &Lookup, st: &Styles) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, st };
    let columns = [
        ("Directorate", 20.0),
        ("Code", 10.0),
        ("Title", 40.0),
        ("Owner", 20.0),
        ("Period", 11.0),
        ("Actual", 11.0),
        ("Target", 11.0),
        ("Forecast", 11.0),
        ("Annual target", 11.0),
        ("RAG", 9.0),
        ("Reasons", 45.0),
        ("Commentary", 50.0),
        ("Remedial action", 16.0),
        ("Reason", 45.0),
        ("Action", 45.0),
        ("Lead officer", 20.0),
        ("Back on target", 14.0),
        ("Status", 13.0),
        ("Form", 30.0),
    ];
    let exceptions: Vec<&IndicatorResult> =
        look.c.indicators.iter().filter(|r| r.exception).collect();
    s.table(0, &columns, row_num(exceptions.len()))?;
    for (i, r) in exceptions.iter().enumerate() {
        let row = row_num(i + 1);
        let nf = st.number(look.decimals(&r.code));
        s.text(row, 0, &r.directorate)?;
        s.text(row, 1, &r.code)?;
        s.long_text(row, 2, &r.title)?;
        s.opt_text(row, 3, r.owner.as_deref())?;
        s.text(row, 4, &r.period)?;
        s.num(row, 5, r.actual, nf)?;
        s.num(row, 6, r.target, nf)?;
        s.num(row, 7, r.forecast, nf)?;
        s.num(row, 8, r.annual_target, nf)?;
        s.word(row, 9, r.rag.word(), st.rag(r.rag))?;
        s.word(row, 10, &reasons_words(&r.reasons), &st.wrap)?;
        s.long_text(row, 11, r.commentary.as_deref().unwrap_or(""))?;
        match look.c.actions.get(&r.code) {
            Some(a) if a.period == look.c.period_id => {
                s.word(row, 12, "Received", &st.plain)?;
                action_cells(&mut s, row, 13, a)?;
            }
            Some(a) => {
                let from = format!("Carried forward from {}", a.period);
                s.text(row, 12, &from)?;
                action_cells(&mut s, row, 13, a)?;
            }
            None => s.word(row, 12, "Outstanding", &st.plain)?,
        }
    }

    // Forms for indicators that are no longer exceptions: shown, never lost.
    let stale = &look.c.stale_actions;
    if !stale.is_empty() {
        let top = row_num(exceptions.len() + 3);
        s.word(
            top,
            0,
            "Remedial actions for indicators that are no longer exceptions (closed or stale)",
            &st.subtitle,
        )?;
        let head = [
            "Code",
            "Title",
            "Period",
            "Reason",
            "Action",
            "Lead officer",
            "Back on target",
            "Status",
            "Form",
        ];
        for (col, h) in head.iter().enumerate() {
            s.word(top + 1, col as ColNum, h, &st.header)?;
        }
        for (i, a) in stale.iter().enumerate() {
            let row = top + 2 + row_num(i);
            s.text(row, 0, &a.code)?;
            let title = look.indicator(&a.code).map(|i| i.title.as_str());
            s.long_text(row, 1, title.unwrap_or("Not in the register"))?;
            s.text(row, 2, &a.period)?;
            action_cells(&mut s, row, 3, a)?;
        }
    }
    Ok(())
}

/// Reason, action, lead officer, back on target, status and form from `col` on.
fn action_cells(
    s: &mut Sheet,
    row: RowNum,
    col: ColNum,
    a: &crate::actions::RemedialAction,
) -> Result<(), XlsxError> {
    s.long_text(row, col, a.reason.as_deref().unwrap_or(""))?;
    s.long_text(row, col + 1, a.action.as_deref().unwrap_or(""))?;
    s.opt_text(row, col + 2, a.lead_officer.as_deref())?;
    s.opt_text(row, col + 3, a.back_on_target.as_deref())?;
    let status = match a.status.as_deref() {
        Some("open") => "Open".to_string(),
        Some("closed") => "Closed".to_string(),
        Some(other) => other.to_string(),
        None => "No status given".to_string(),
    };
    s.text(row, col + 4, &status)?;
    s.text(row, col + 5, &a.file_name())?;
    Ok(())
}

// ---------------------------------------------------------------- Data Quality

/// `file:///<absolute path>#'Sheet'!C7`, or None where no link should be made.
fn source_link(f: &Finding) -> Option<String> {
    let cell = f.cell.as_deref()?;
    if f.file.is_empty() {
        return None;
    }
    // A file that has gone since it was read cannot be canonicalised; an
    // absolute path still beats one relative to wherever the workbook lands.
    let abs = std::fs::canonicalize(&f.file)
        .or_else(|_| std::path::absolute(&f.file))
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| f.file.clone());
    // Windows canonical paths carry a verbatim prefix Excel does not understand.
    let abs = if let Some(rest) = abs.strip_prefix(r"\\?\UNC\") {
        format!(r"\\{rest}")
    } else if let Some(rest) = abs.strip_prefix(r"\\?\") {
        rest.to_string()
    } else {
        abs
    };
    // '#' would split the link early and '%' confuses the library's escaping.
    if abs.contains(['#', '%']) {
        return None;
    }
    let url = if f.sheet.is_empty() {
        format!("file:///{abs}")
    } else {
        format!("file:///{abs}#'{}'!{cell}", f.sheet.replace('\'', "''"))
    };
    (url.encode_utf16().count() <= MAX_URL).then_some(url)
}

fn quality_sheet(ws: &mut Worksheet, findings: &[Finding], st: &Styles) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, st };
    let columns = [
        ("Severity", 10.0),
        ("Rule", 8.0),
        ("Dimension", 13.0),
        ("Directorate", 20.0),
        ("Indicator", 10.0),
        ("Period", 11.0),
        ("File", 30.0),
        ("Sheet", 15.0),
        ("Cell", 8.0),
        ("Value", 14.0),
        ("Message", 60.0),
        ("Hint", 50.0),
        ("Explained", 10.0),
        ("Note", 40.0),
    ];
    s.table(0, &columns, row_num(findings.len()))?;
    for (i, f) in findings.iter().enumerate() {
        let row = row_num(i + 1);
        let (word, fmt) = match f.severity {
            Severity::Error => ("Error", &st.error),
            Severity::Warning => ("Warning", &st.warning),
        };
        s.word(row, 0, word, fmt)?;
        s.text(row, 1, f.rule)?;
        s.word(row, 2, f.dimension.as_str(), &st.plain)?;
        s.opt_text(row, 3, f.directorate.as_deref())?;
        s.opt_text(row, 4, f.indicator.as_deref())?;
        s.opt_text(row, 5, f.period.as_deref())?;
        s.text(row, 6, &f.file)?;
        s.text(row, 7, &f.sheet)?;
        match (f.cell.as_deref(), source_link(f)) {
            (Some(cell), Some(url)) => {
                s.ws.write_url_with_text(row, 8, url.as_str(), cell)?;
            }
            (Some(cell), None) => s.text(row, 8, cell)?,
            (None, _) => {}
        }
        s.opt_text(row, 9, f.value.as_deref())?;
        s.long_text(row, 10, &f.message)?;
        s.long_text(row, 11, &f.hint)?;
        s.word(row, 12, yes_no(f.explained), &st.plain)?;
        s.long_text(row, 13, f.note.as_deref().unwrap_or(""))?;
    }
    Ok(())
}

// ---------------------------------------------------------------- History

fn history_sheet(ws: &mut Worksheet, look: &Lookup, st: &Styles) -> Result<(), XlsxError> {
    let c = look.c;
    let mut s = Sheet { ws, st };
    let columns = [
        ("Directorate", 20.0),
        ("Code", 10.0),
        ("Period", 11.0),
        ("Value", 11.0),
        ("Value as seen", 14.0),
        ("Numerator", 11.0),
        ("Denominator", 11.0),
        ("File", 30.0),
        ("Sheet", 15.0),
        ("Cell", 8.0),
    ];
    s.table(0, &columns, row_num(c.history.len()))?;
    // Tens of thousands of rows: cells are written without a format where one
    // adds nothing (rust_xlsxwriter hashes the whole format for every cell it is
    // given), and the indicator is looked up once per run of rows, not per cell.
    let mut last: Option<(&str, Option<&Indicator>)> = None;
    for (i, o) in c.history.iter().enumerate() {
        let row = row_num(i + 1);
        let ind = match last {
            Some((code, ind)) if code == o.code => ind,
            _ => {
                let ind = look.indicator(&o.code);
                last = Some((&o.code, ind));
                ind
            }
        };
        s.bare_text(row, 0, &o.directorate)?;
        // Show the code as the register writes it; the observation's is normalised.
        s.bare_text(row, 1, ind.map(|d| d.code.as_str()).unwrap_or(&o.code))?;
        s.bare_text(row, 2, &o.period.id(c.year_start))?;
        s.num(row, 3, o.value, st.number(ind.and_then(|d| d.decimals)))?;
        s.bare_text(row, 4, &o.value_seen)?;
        s.bare_num(row, 5, o.numerator)?;
        s.bare_num(row, 6, o.denominator)?;
        s.bare_text(row, 7, &o.source.file)?;
        s.bare_text(row, 8, &o.source.sheet)?;
        s.bare_text(row, 9, &o.source.cell())?;
    }
    Ok(())
}

// ---------------------------------------------------------------- Register

fn register_sheet(ws: &mut Worksheet, c: &Consolidation, st: &Styles) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, st };
    let columns = [
        ("Code", 10.0),
        ("Title", 40.0),
        ("Directorate", 20.0),
        ("Owner", 20.0),
        ("Unit", 9.0),
        ("Polarity", 9.0),
        ("Frequency", 10.0),
        ("Measure", 11.0),
        ("Annual Target", 11.0),
        ("Tolerance", 10.0),
        ("Min", 8.0),
        ("Max", 8.0),
        ("Multiplier", 10.0),
        ("Decimals", 9.0),
        ("Required", 9.0),
        ("Definition", 50.0),
        ("Source", 30.0),
    ];
    s.table(0, &columns, row_num(c.register.indicators.len()))?;
    let word = |v: serde_json::Result<serde_json::Value>| {
        v.ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    for (i, d) in c.register.indicators.iter().enumerate() {
        let row = row_num(i + 1);
        let nf = st.number(d.decimals);
        s.text(row, 0, &d.code)?;
        s.long_text(row, 1, &d.title)?;
        s.text(row, 2, &d.directorate)?;
        s.opt_text(row, 3, d.owner.as_deref())?;
        s.word(row, 4, &word(serde_json::to_value(d.unit)), &st.plain)?;
        s.word(row, 5, &word(serde_json::to_value(d.polarity)), &st.plain)?;
        s.word(row, 6, &word(serde_json::to_value(d.frequency)), &st.plain)?;
        s.word(row, 7, &word(serde_json::to_value(d.measure)), &st.plain)?;
        s.num(row, 8, d.annual_target, nf)?;
        s.num(row, 9, Some(d.tolerance), &st.percent1)?;
        // Blank Min/Max means no bound: the defaults are already applied.
        s.num(row, 10, d.min, &st.general)?;
        s.num(row, 11, d.max, &st.general)?;
        match d.multiplier {
            Some(m) => s.num(row, 12, Some(m), &st.general)?,
            None => s.word(row, 12, "none", &st.plain)?,
        }
        s.num(row, 13, d.decimals.map(f64::from), &st.general)?;
        s.word(row, 14, if d.required { "yes" } else { "no" }, &st.plain)?;
        s.long_text(row, 15, d.definition.as_deref().unwrap_or(""))?;
        s.long_text(row, 16, d.data_source.as_deref().unwrap_or(""))?;
    }
    Ok(())
}

// ---------------------------------------------------------------- About

fn about_sheet(ws: &mut Worksheet, c: &Consolidation, st: &Styles) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, st };
    s.word(0, 0, "About this report", &st.title)?;
    let o = &c.options;
    let year_start = crate::period::month_long_name(o.year_start_month).unwrap_or("");
    s.word(2, 0, "Period", &st.header)?;
    s.word(2, 1, &period_label(c), &st.plain)?;
    s.word(3, 0, "Generated by", &st.header)?;
    s.word(3, 1, &format!("ipr {}", c.version), &st.plain)?;
    s.word(4, 0, "Register", &st.header)?;
    s.text(4, 1, &c.register.file)?;
    s.word(5, 0, "Financial year starts", &st.header)?;
    s.word(5, 1, year_start, &st.plain)?;
    s.word(6, 0, "Default tolerance", &st.header)?;
    s.num(6, 1, Some(o.default_tolerance), &st.percent1)?;
    s.word(7, 0, "Numerator/denominator tolerance", &st.header)?;
    s.num(7, 1, Some(o.ratio_tolerance), &st.percent1)?;
    s.word(8, 0, "Read as no value", &st.header)?;
    s.text(8, 1, &o.no_value.join(", "))?;

    const HEADER: RowNum = 10;
    s.table(
        HEADER,
        &[
            ("Input file", 34.0),
            ("SHA-256", 66.0),
            ("Size (bytes)", 14.0),
        ],
        HEADER + row_num(c.inputs.len()),
    )?;
    for (i, f) in c.inputs.iter().enumerate() {
        let row = HEADER + 1 + row_num(i);
        s.text(row, 0, &f.path)?;
        s.text(row, 1, &f.sha256)?;
        s.num(row, 2, Some(f.bytes as f64), &st.decimals[0])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_recognised() {
        for s in ["=SUM(A1)", "+44 20", "-5", "@user", "\tx", "\rx"] {
            assert!(looks_like_formula(s), "{s:?}");
        }
        for s in ["SUM(A1)", "5-", " =x", ""] {
            assert!(!looks_like_formula(s), "{s:?}");
        }
    }

    #[test]
    fn fit_cuts_on_character_boundaries() {
        assert_eq!(fit("abcdef", 3), "abc");
        // '😀' is two UTF-16 units: it does not fit in the third and fourth.
        assert_eq!(fit("ab😀c", 3), "ab");
        assert_eq!(fit("ab😀c", 4), "ab😀");
        assert_eq!(fit("short", 100), "short");
    }

    fn finding(file: &str, sheet: &str, cell: Option<&str>) -> Finding {
        Finding {
            rule: "DQ001",
            severity: Severity::Error,
            dimension: crate::quality::finding::Dimension::Validity,
            file: file.into(),
            sheet: sheet.into(),
            cell: cell.map(str::to_string),
            directorate: None,
            indicator: None,
            period: None,
            value: None,
            message: String::new(),
            hint: String::new(),
            explained: false,
            note: None,
        }
    }

    #[test]
    fn links_point_at_the_cell_in_the_absolute_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("Adults return.xlsx");
        std::fs::write(&file, b"x").unwrap();
        let abs = std::fs::canonicalize(&file).unwrap();
        let f = finding(&file.to_string_lossy(), "Bob's data", Some("C7"));
        assert_eq!(
            source_link(&f).unwrap(),
            format!("file:///{}#'Bob''s data'!C7", abs.display())
        );
        // A file that has gone: still an absolute link, not one relative to the report.
        let gone = source_link(&finding("gone/x.xlsx", "S", Some("A1"))).unwrap();
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            gone,
            format!("file:///{}#'S'!A1", cwd.join("gone/x.xlsx").display())
        );
        // No cell: no link.
        assert_eq!(source_link(&finding("a.xlsx", "S", None)), None);
        // A path that cannot be linked safely.
        assert_eq!(source_link(&finding("/x/#1.xlsx", "S", Some("A1"))), None);
        // Too long for Excel.
        let long = format!("/{}.xlsx", "d".repeat(2100));
        assert_eq!(source_link(&finding(&long, "S", Some("A1"))), None);
    }
}
