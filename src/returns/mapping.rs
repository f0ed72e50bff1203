//! `[[source]]` layouts: where the table of one kind of spreadsheet is, as a
//! council describes it in `ipr.toml` (parsed by `config`, read by `mapped`).

/// How a `[[source]]` table is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceLayout {
    /// One row per indicator, a value column.
    Long,
    /// One row per indicator, one column per period.
    Wide,
}

/// A column named in a `[[source]]`: by its letter or by its header text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRef {
    /// A zero-based column, written as capital letters (`A`, `AB`).
    Letter(u32),
    /// Header text in the header row, matched ignoring case, spaces and punctuation.
    Header(String),
}

impl ColumnRef {
    /// One to three capital letters up to `XFD` are a column letter; anything else
    /// is header text (so a header such as `ID` must be written `id` or `Id`).
    pub fn parse(text: &str) -> Option<ColumnRef> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        if t.len() <= 3 && t.chars().all(|c| c.is_ascii_uppercase()) {
            if let Some(c) = crate::cellref::column_number(t) {
                return Some(ColumnRef::Letter(c));
            }
        }
        Some(ColumnRef::Header(t.to_string()))
    }

    /// As written in `ipr.toml`, for messages.
    pub fn describe(&self) -> String {
        match self {
            ColumnRef::Letter(c) => crate::cellref::column_letters(*c),
            ColumnRef::Header(h) => h.clone(),
        }
    }
}

/// The columns of a `[[source]]` with `kind = "actions"`: a table of
/// progress on the action plan (SPEC section 13).
#[derive(Debug, Clone, PartialEq)]
pub struct ActionColumns {
    /// The action's Ref.
    pub reference: ColumnRef,
    /// Status.
    pub status: Option<ColumnRef>,
    /// % complete.
    pub percent: Option<ColumnRef>,
    /// Revised date.
    pub revised: Option<ColumnRef>,
    /// Completion date.
    pub completed: Option<ColumnRef>,
    /// Commentary.
    pub commentary: Option<ColumnRef>,
    /// The owner's RAG.
    pub rag: Option<ColumnRef>,
    /// Data note.
    pub data_note: Option<ColumnRef>,
}

/// A `[[source]]` in `ipr.toml`: where the table of one kind of spreadsheet is.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceMapping {
    /// The glob matched against a return's file name, as written.
    pub files: String,
    /// The directorate of every matching file.
    pub directorate: Option<String>,
    /// The sheet (default: the first visible sheet).
    pub sheet: Option<String>,
    /// Header row, 1-based as Excel numbers it.
    pub header_row: u32,
    /// Long or wide.
    pub layout: SourceLayout,
    /// Code column.
    pub code: ColumnRef,
    /// Value column (long only).
    pub value: Option<ColumnRef>,
    /// Zero-based (row, col) of a cell holding the return's period.
    pub period: Option<(u32, u32)>,
    /// Per-row period column (long only).
    pub period_column: Option<ColumnRef>,
    /// Target column.
    pub target: Option<ColumnRef>,
    /// Forecast column.
    pub forecast: Option<ColumnRef>,
    /// Commentary column.
    pub commentary: Option<ColumnRef>,
    /// Data note column.
    pub data_note: Option<ColumnRef>,
    /// Numerator column.
    pub numerator: Option<ColumnRef>,
    /// Denominator column.
    pub denominator: Option<ColumnRef>,
    /// `kind = "actions"`: the table is progress on the action plan, in
    /// these columns (`code`, `layout` and the indicator columns are unused).
    pub actions: Option<ActionColumns>,
}

impl SourceMapping {
    /// Whether a file name (not its folders) matches `files`, ignoring case.
    pub fn matches(&self, file_name: &str) -> bool {
        globset::GlobBuilder::new(&self.files)
            .case_insensitive(true)
            .literal_separator(false)
            .build()
            .map(|g| g.compile_matcher().is_match(file_name))
            .unwrap_or(false)
    }
}
