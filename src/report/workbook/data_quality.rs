//! The Data Quality sheet: every finding, linked to the cell it is about.

use super::sheet::Sheet;
use super::styles::Styles;
use super::{row_num, yes_no, MAX_URL};
use crate::model::{Changes, Finding, Severity};
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

/// `file:///<absolute path>#'Sheet'!C7`, or None where no link should be made.
fn source_link(f: &Finding) -> Option<String> {
    let cell = f.cell.as_deref()?;
    let sheet = (!f.sheet.is_empty()).then_some(f.sheet.as_str());
    file_link(&f.file, sheet.map(|s| (s, cell)))
}

/// `file:///<absolute path>`, with `#'Sheet'!C7` when `at` is given, or None
/// where no link should be made.
pub(super) fn file_link(file: &str, at: Option<(&str, &str)>) -> Option<String> {
    // A name that was not valid UTF-8 is shown with U+FFFD for the bytes that
    // could not be read as text: a link built from it would lead to a file
    // that does not exist, so none is made (docs/decisions.md).
    if file.is_empty() || file.contains('\u{FFFD}') {
        return None;
    }
    let abs = absolute_path(file);
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
    let url = match at {
        None => format!("file:///{abs}"),
        Some((sheet, cell)) => format!("file:///{abs}#'{}'!{cell}", sheet.replace('\'', "''")),
    };
    (url.encode_utf16().count() <= MAX_URL).then_some(url)
}

/// `file` as an absolute path, resolved once per run.
///
/// A file that has gone since it was read cannot be canonicalised; an
/// absolute path still beats one relative to wherever the workbook lands.
/// Each link asked the file system again (every part of the path, eight
/// calls for a return in `returns/2026-03/`): 2,300 times for the
/// council-year's findings, exceptions, actions and budget lines in the
/// report and its packs. The same name gives the same answer within a run,
/// so it is kept. Only a canonical answer is kept: one for a file that has
/// gone is asked again.
fn absolute_path(file: &str) -> String {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CANONICAL: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let known = CANONICAL.get_or_init(Mutex::default);
    // A poisoned map only means another thread panicked while holding it;
    // what it holds is still right.
    let lock = || known.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(abs) = lock().get(file) {
        return abs.clone();
    }
    match std::fs::canonicalize(file) {
        Ok(p) => {
            let abs = p.to_string_lossy().into_owned();
            lock().insert(file.to_string(), abs.clone());
            abs
        }
        Err(_) => std::path::absolute(file)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|_| file.to_string()),
    }
}

/// A link to `url` shown as `text`, top-aligned as the rest of its row (a
/// link's own format is bottom-aligned, so in a tall row it read as the
/// next row's).
pub(super) fn link(
    s: &mut Sheet,
    row: RowNum,
    col: ColNum,
    url: &str,
    text: &str,
) -> Result<(), XlsxError> {
    let url = rust_xlsxwriter::Url::new(url).set_text(text);
    s.ws.write_url_with_format(row, col, url, &s.st.link)?;
    Ok(())
}

/// Fills the Data Quality sheet: one row per finding, in the order given.
pub(super) fn quality_sheet(
    ws: &mut Worksheet,
    findings: &[Finding],
    changes: Option<&Changes>,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut s = Sheet::new(ws, st);
    let mut columns = vec![
        ("Severity", 8.0),
        ("Rule", 7.0),
        ("Dimension", 11.0),
        ("Directorate", 12.0),
        ("Indicator", 8.0),
        ("Period", 8.0),
        ("File", 20.0),
        ("Sheet", 10.0),
        ("Cell", 5.0),
        ("Value", 8.0),
        ("Message", 37.0),
        ("Hint", 28.0),
        ("Explained", 9.0),
        ("Note", 30.0),
    ];
    // With a previous report only, so a run without one writes what it always did.
    if changes.is_some() {
        columns.push(("New", 8.0));
    }
    s.table(0, &columns, row_num(findings.len()))?;
    for (i, f) in findings.iter().enumerate() {
        let row = row_num(i + 1);
        let (word, fmt) = match f.severity {
            Severity::Error => ("Error", &st.error),
            Severity::Warning => ("Warning", &st.warning),
        };
        s.word(row, 0, word, fmt)?;
        s.text(row, 1, f.rule.id())?;
        s.word(row, 2, f.dimension.as_str(), &st.plain)?;
        s.long_text(row, 3, f.directorate.as_deref().unwrap_or(""))?;
        s.opt_text(row, 4, f.indicator.as_deref())?;
        s.opt_text(row, 5, f.period.as_deref())?;
        s.long_text(row, 6, &f.file)?;
        s.text(row, 7, &f.sheet)?;
        match (f.cell.as_deref(), source_link(f)) {
            (Some(cell), Some(url)) => link(&mut s, row, 8, &url, cell)?,
            (Some(cell), None) => s.text(row, 8, cell)?,
            (None, _) => {}
        }
        // A number where the value is one (as read: "104"), text otherwise.
        match f
            .value
            .as_deref()
            .map(str::trim)
            .and_then(|v| v.parse::<f64>().ok())
        {
            Some(v) if v.is_finite() => s.num(row, 9, Some(v), &st.general)?,
            _ => s.opt_text(row, 9, f.value.as_deref())?,
        }
        s.long_text(row, 10, &f.message)?;
        s.long_text(row, 11, &f.hint)?;
        s.word(row, 12, yes_no(f.explained), &st.plain)?;
        s.long_text(row, 13, f.note.as_deref().unwrap_or(""))?;
        if let Some(ch) = changes {
            s.word(row, 14, yes_no(ch.is_new(f)), &st.plain)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(file: &str, sheet: &str, cell: Option<&str>) -> Finding {
        Finding {
            rule: crate::model::Rule::DQ001,
            severity: Severity::Error,
            dimension: crate::model::Dimension::Validity,
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
            earlier_period: false,
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
