//! A published month is never silently replaced (SPEC section 15): the files of
//! a report about to be rewritten are kept in `<out>/replaced/` first, and a
//! later report in the folder is found so that the run can refuse.

use super::{ReportError, ReportErrorKind};
use std::path::{Path, PathBuf};

/// The folder the replaced reports are kept in.
pub fn replaced_folder(out: &Path) -> PathBuf {
    out.join("replaced")
}

/// The report files of each month ipr writes, by extension.
const EXTENSIONS: [&str; 3] = ["xlsx", "json", "html"];

/// The files of `period`'s report already in `out` (workbook, JSON, page).
pub fn published(out: &Path, period: &str) -> Vec<PathBuf> {
    EXTENSIONS
        .iter()
        .map(|ext| out.join(format!("IPR-{period}.{ext}")))
        .filter(|p| p.is_file())
        .collect()
}

/// A report in `out` for a month after `period` (a month id such as
/// `2026-09`, which sort as their months do), the latest of them; `None` when
/// there is none or the folder cannot be read.
pub fn later_report(out: &Path, period: &str) -> Option<PathBuf> {
    let entries = std::fs::read_dir(out).ok()?;
    let mut latest: Option<(String, PathBuf)> = None;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(id) = name
            .strip_prefix("IPR-")
            .and_then(|n| n.strip_suffix(".json").or_else(|| n.strip_suffix(".xlsx")))
        else {
            continue;
        };
        if !is_month_id(id) || id <= period {
            continue;
        }
        if latest.as_ref().is_none_or(|(l, _)| id > l.as_str()) {
            latest = Some((id.to_string(), entry.path()));
        }
    }
    latest.map(|(_, p)| p)
}

/// `YYYY-MM`.
fn is_month_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
}

/// Keeps each of `files` that exists (a report about to be replaced) as
/// `<out>/replaced/<stem>.<n>.<ext>`, `n` the first number no kept copy of the
/// period uses, so the first replaced September is `IPR-2026-09.1.xlsx`. The
/// file is linked where the system allows (the copy is the very file, and
/// renaming the new one over the name then leaves it there), else copied.
/// Gives the copies made.
pub fn keep(out: &Path, files: &[&Path]) -> Result<Vec<PathBuf>, ReportError> {
    let there: Vec<&Path> = files.iter().copied().filter(|p| p.is_file()).collect();
    if there.is_empty() {
        return Ok(Vec::new());
    }
    let folder = replaced_folder(out);
    std::fs::create_dir_all(&folder)
        .map_err(|e| ReportError::new(&folder, ReportErrorKind::Folder(e)))?;
    let named = |file: &Path, n: u32| {
        let stem = file.file_stem().unwrap_or_default().to_string_lossy();
        let ext = file.extension().unwrap_or_default().to_string_lossy();
        folder.join(format!("{stem}.{n}.{ext}"))
    };
    let mut n = 1;
    while files.iter().any(|f| named(f, n).exists()) {
        n += 1;
    }
    let mut kept = Vec::with_capacity(there.len());
    for file in there {
        let copy = named(file, n);
        if std::fs::hard_link(file, &copy).is_err() {
            std::fs::copy(file, &copy)
                .map_err(|e| ReportError::new(&copy, ReportErrorKind::Write(e)))?;
        }
        kept.push(copy);
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_report_is_found_by_its_month() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        for name in ["IPR-2026-08.json", "IPR-2026-09.xlsx", "IPR-2026-10.json"] {
            std::fs::write(out.join(name), "x").unwrap();
        }
        // Not reports: a copy kept, another program's file.
        std::fs::write(out.join("IPR-2026-11.1.json"), "x").unwrap();
        std::fs::write(out.join("IPR-2026-12.csv"), "x").unwrap();
        assert_eq!(
            later_report(out, "2026-08"),
            Some(out.join("IPR-2026-10.json"))
        );
        assert_eq!(later_report(out, "2026-10"), None);
        assert_eq!(
            published(out, "2026-09"),
            vec![out.join("IPR-2026-09.xlsx")]
        );
    }

    #[test]
    fn each_replacement_is_kept_under_the_next_number() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let xlsx = out.join("IPR-2026-09.xlsx");
        let json = out.join("IPR-2026-09.json");
        std::fs::write(&xlsx, "first").unwrap();
        std::fs::write(&json, "first json").unwrap();
        let html = out.join("IPR-2026-09.html");
        let kept = keep(out, &[&xlsx, &json, &html]).unwrap();
        let folder = out.join("replaced");
        assert_eq!(
            kept,
            [
                folder.join("IPR-2026-09.1.xlsx"),
                folder.join("IPR-2026-09.1.json")
            ]
        );
        // The new report takes the name; the kept copy is the old file.
        std::fs::write(out.join("new"), "second").unwrap();
        std::fs::rename(out.join("new"), &xlsx).unwrap();
        assert_eq!(std::fs::read_to_string(&kept[0]).unwrap(), "first");
        let again = keep(out, &[&xlsx, &json, &html]).unwrap();
        assert_eq!(again[0], folder.join("IPR-2026-09.2.xlsx"));
        assert_eq!(std::fs::read_to_string(&again[0]).unwrap(), "second");
        // Nothing there, nothing kept, and no folder made for it.
        let empty = tempfile::tempdir().unwrap();
        let none = empty.path().join("IPR-2026-09.xlsx");
        assert!(keep(empty.path(), &[&none]).unwrap().is_empty());
        assert!(!empty.path().join("replaced").exists());
    }
}
