//! Names ipr gives to sheets and files: unique worksheet names for
//! directorates, file-safe names, and the name of the metadata sheet.

use super::text::fit;

/// The fixed sheets of the consolidated workbook, in order (`Actions` only
/// with a plan, but never a directorate's name with or without one).
pub const FIXED_SHEETS: [&str; 8] = [
    "Summary",
    "Indicators",
    "Exceptions",
    "Actions",
    "Data Quality",
    "History",
    "Register",
    "About",
];

/// Excel's limit on the length of a sheet name, in UTF-16 units.
const MAX_LEN: usize = 31;

/// Name of the very hidden sheet by which ipr recognises its own workbooks.
pub use crate::metadata::SHEET as METADATA_SHEET;

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// A name made safe for a file on any system: runs of spaces and of
/// characters Windows forbids become one `-`; `Adults and Health` ->
/// `Adults-and-Health`, `2026/27-Q2` -> `2026-27-Q2`.
pub fn file_safe(name: &str) -> String {
    let mut out = String::new();
    for ch in name.trim().chars() {
        let keep = ch.is_alphanumeric() || matches!(ch, '-' | '_' | '.' | '&' | '(' | ')');
        if keep {
            out.push(ch);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches(['-', '.']).to_string();
    if out.is_empty() {
        "unnamed".into()
    } else {
        out
    }
}

/// Clean up a name as Excel requires: no `[]:*?/\`, no control characters, no
/// apostrophe at either end, not blank.
fn clean(directorate: &str) -> String {
    let replaced: String = directorate
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let collapsed = replaced.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = collapsed.trim_matches(|c: char| c == '\'' || c.is_whitespace());
    if trimmed.is_empty() {
        "Directorate".to_string()
    } else {
        trimmed.to_string()
    }
}

/// A worksheet name for a directorate: at most 31 characters, none of
/// `[]:*?/\`, not clashing (ignoring case, as Excel does) with any name in
/// `taken` nor with the fixed sheet names. Clashes get " (2)", " (3)"...
pub fn sheet_name_for(directorate: &str, taken: &[String]) -> String {
    let base = clean(directorate);
    let clashes = |name: &str| {
        let lower = name.to_lowercase();
        FIXED_SHEETS.iter().any(|f| f.to_lowercase() == lower)
            || taken.iter().any(|t| t.to_lowercase() == lower)
    };
    let first = fit(&base, MAX_LEN)
        .trim_end_matches(|c: char| c == '\'' || c.is_whitespace())
        .to_string();
    if !first.is_empty() && !clashes(&first) {
        return first;
    }
    // Terminates: at most taken.len() + 8 names can clash.
    let mut n = 2usize;
    loop {
        let suffix = format!(" ({n})");
        let stem = fit(&base, MAX_LEN - utf16_len(&suffix));
        let stem = stem.trim_end_matches(|c: char| c == '\'' || c.is_whitespace());
        let candidate = format!("{stem}{suffix}");
        if !clashes(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_replaced() {
        assert_eq!(
            sheet_name_for("Adults: Care/Health [ASC]", &[]),
            "Adults- Care-Health -ASC-"
        );
        assert_eq!(sheet_name_for("  'Quoted'  ", &[]), "Quoted");
        assert_eq!(sheet_name_for("???", &[]), "---");
        assert_eq!(sheet_name_for("   ", &[]), "Directorate");
    }

    #[test]
    fn long_names_are_cut_to_31() {
        let name = sheet_name_for("Children, Families and Education Services", &[]);
        assert_eq!(name, "Children, Families and Educatio");
        assert_eq!(name.chars().count(), 31);
    }

    #[test]
    fn clashes_get_a_number_within_31() {
        let taken = vec!["Children, Families and Educatio".to_string()];
        let name = sheet_name_for("Children, Families and Education Services", &taken);
        assert_eq!(name, "Children, Families and Educ (2)");
        assert_eq!(name.chars().count(), 31);
        // Fixed names clash ignoring case.
        assert_eq!(sheet_name_for("summary", &[]), "summary (2)");
        let taken = vec!["Place".to_string(), "Place (2)".to_string()];
        assert_eq!(sheet_name_for("PLACE", &taken), "PLACE (3)");
    }
}
