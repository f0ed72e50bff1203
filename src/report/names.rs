//! Names ipr gives to sheets and files: unique worksheet names for
//! directorates, file-safe names, and the name of the metadata sheet.

use super::text::fit;

/// The fixed sheets of the consolidated workbook, in order.
pub const FIXED_SHEETS: [&str; 7] = [
    "Summary",
    "Indicators",
    "Exceptions",
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

/// The most bytes a code or a directorate takes in a file name: far more than
/// any real one, and short enough that the whole name stays under the 255
/// bytes every file system allows, and a path under Windows's 260 characters
/// in an ordinary folder.
pub const MAX_NAME_BYTES: usize = 80;

/// `<period>-<ref>.xlsx`: the file of a remedial-action form for an indicator
/// code, an action's ref or a budget line's ref. Distinct refs never share a
/// name: where [`file_safe`] changes a ref (`A/5` and `A:5` would both be
/// `A-5`) or it is too long, a short hash of the ref is put beside it
/// (`2026-09-A-5-3f2a9c1e.xlsx`). A ref that is already file-safe keeps the
/// plain name (`2026-09-ASC-02.xlsx`), as forms were always named.
pub fn ref_file_name(period_id: &str, reference: &str) -> String {
    format!("{}-{}.xlsx", file_safe(period_id), distinct_part(reference))
}

/// [`ref_file_name`] for many refs at once (those of one run's forms, in
/// order): should two still share a name, ignoring case as Windows does (a
/// ref written to look like another's hashed name), the later gets the full
/// hash instead. The names are in the order of `refs`.
pub fn ref_file_names<'a>(period_id: &str, refs: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    refs.into_iter()
        .map(|r| {
            let name = ref_file_name(period_id, r);
            if taken.insert(name.to_lowercase()) {
                return name;
            }
            let full = format!(
                "{}-{}-{}.xlsx",
                file_safe(period_id),
                cut_bytes(&file_safe(r), MAX_NAME_BYTES),
                ref_hash(r, 64)
            );
            taken.insert(full.to_lowercase());
            full
        })
        .collect()
}

/// A ref in a file name: as it is when it is file-safe and fits, else cut to
/// fit with a hash of the whole ref beside it.
fn distinct_part(reference: &str) -> String {
    let safe = file_safe(reference);
    if safe == reference && safe.len() <= MAX_NAME_BYTES {
        return safe;
    }
    format!(
        "{}-{}",
        cut_bytes(&safe, MAX_NAME_BYTES),
        ref_hash(reference, 8)
    )
}

/// A name made [`file_safe`] and cut to [`MAX_NAME_BYTES`], with a hash of
/// the whole name beside it only when it had to be cut: names that fit are
/// unchanged (`Adults-and-Health`).
pub fn file_safe_fitted(name: &str) -> String {
    let safe = file_safe(name);
    if safe.len() <= MAX_NAME_BYTES {
        return safe;
    }
    format!("{}-{}", cut_bytes(&safe, MAX_NAME_BYTES), ref_hash(name, 8))
}

/// The first `hex` hex digits of the SHA-256 of a ref in its normal form
/// (trimmed, upper case), so that any spelling of one ref gives one hash.
fn ref_hash(reference: &str, hex: usize) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(crate::text::normalise_code(reference).as_bytes());
    let mut out: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    out.truncate(hex);
    out
}

/// At most `max` bytes of `s`, cut at a character, with no `-` or `.` left at the end.
fn cut_bytes(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].trim_end_matches(['-', '.'])
}

/// Clean up a name as Excel requires: no `[]:*?/\`, no control characters, no
/// apostrophe at either end, not blank; and no bidirectional override, which
/// would make a tab read as another name.
fn clean(directorate: &str) -> String {
    let replaced: String = directorate
        .chars()
        .filter(|&c| !super::text::is_bidi_control(c))
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
    // Terminates: at most taken.len() + 7 names can clash.
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
    fn codes_that_differ_only_in_punctuation_get_forms_of_their_own() {
        // Ordinary codes keep the names forms always had.
        assert_eq!(ref_file_name("2026-09", "ASC-02"), "2026-09-ASC-02.xlsx");
        let codes = ["A/5", "A:5", "A*5", "A?5", "A|5", "A<5>", "A-5", "a/5"];
        let names: Vec<String> = codes.iter().map(|c| ref_file_name("2026-09", c)).collect();
        assert_eq!(names[6], "2026-09-A-5.xlsx");
        assert!(
            names[0].starts_with("2026-09-A-5-") && names[0].len() == 25,
            "{}",
            names[0]
        );
        // Each spelling of one code, one name (codes ignore case).
        assert_eq!(names[0].to_lowercase(), names[7].to_lowercase());
        let distinct: std::collections::HashSet<String> =
            names[..7].iter().map(|n| n.to_lowercase()).collect();
        assert_eq!(distinct.len(), 7, "{names:?}");
        // Stable: the same code gives the same name in every run.
        assert_eq!(ref_file_name("2026-09", "A/5"), names[0]);
    }

    #[test]
    fn a_ref_written_as_another_refs_name_still_gets_its_own_file() {
        let hashed = ref_file_name("2026-09", "A/5");
        let lookalike = hashed
            .strip_prefix("2026-09-")
            .and_then(|n| n.strip_suffix(".xlsx"))
            .unwrap()
            .to_uppercase();
        let names = ref_file_names("2026-09", ["A/5", lookalike.as_str()]);
        assert_eq!(names[0], hashed);
        assert_ne!(names[0].to_lowercase(), names[1].to_lowercase());
        assert!(names[1].len() < 255);
    }

    #[test]
    fn long_names_fit_a_file_system_and_stay_distinct() {
        let (a, b) = ("L".repeat(300), format!("{}M", "L".repeat(299)));
        let (na, nb) = (ref_file_name("2026-09", &a), ref_file_name("2026-09", &b));
        assert!(na.len() <= 120 && nb.len() <= 120, "{na}");
        assert_ne!(na, nb);
        let d = "Directorate of ".repeat(20);
        let fitted = file_safe_fitted(&d);
        assert!(fitted.len() <= MAX_NAME_BYTES + 9, "{fitted}");
        assert_eq!(file_safe_fitted("Adults and Health"), "Adults-and-Health");
        // Cut at a character, never inside one.
        let wide = "é".repeat(100);
        assert!(file_safe_fitted(&wide).starts_with(&"é".repeat(40)));
    }

    #[test]
    fn a_tab_reads_as_it_was_typed() {
        assert_eq!(sheet_name_for("Adults\u{202E}htlaeH", &[]), "AdultshtlaeH");
        assert_eq!(sheet_name_for("\u{2067}\u{2069}", &[]), "Directorate");
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
