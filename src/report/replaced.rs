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

/// Keeps each of `files` that exists (a report about to be replaced, with its
/// packs) as `<out>/replaced/<stem>.<n>.<ext>`, `n` the first number no kept
/// copy of any of them uses, so the first replaced September is
/// `IPR-2026-09.1.xlsx` and its packs `IPR-2026-09-committee-adults.1.html`.
/// The file is linked where the system allows (the copy is the very file, and
/// renaming the new one over the name then leaves it there), else copied.
///
/// The copies are taken back unless the new report is put in place: see
/// [`Kept`]. On an error no copy is left.
pub fn keep(out: &Path, files: &[&Path]) -> Result<Kept, ReportError> {
    let mut kept = Kept::default();
    let there: Vec<&Path> = files.iter().copied().filter(|p| p.is_file()).collect();
    if there.is_empty() {
        return Ok(kept);
    }
    let folder = replaced_folder(out);
    if !folder.is_dir() {
        std::fs::create_dir_all(&folder)
            .map_err(|e| ReportError::new(&folder, ReportErrorKind::Folder(e)))?;
        kept.made_folder = Some(folder.clone());
    }
    let named = |file: &Path, n: u32| {
        let stem = file.file_stem().unwrap_or_default().to_string_lossy();
        let ext = file.extension().unwrap_or_default().to_string_lossy();
        folder.join(format!("{stem}.{n}.{ext}"))
    };
    let mut n = 1;
    while files.iter().any(|f| named(f, n).exists()) {
        n += 1;
    }
    for file in there {
        let copy = named(file, n);
        if std::fs::hard_link(file, &copy).is_err() {
            // Dropped on the error, `kept` takes back the copies made so far.
            std::fs::copy(file, &copy)
                .map_err(|e| ReportError::new(&copy, ReportErrorKind::Write(e)))?;
        }
        kept.copies.push((file.to_path_buf(), copy));
    }
    Ok(kept)
}

/// The copies [`keep`] made, each beside the file it keeps. Dropped without
/// [`Kept::done`] (the run failed before its report was put in place), every
/// copy is removed again, and the `replaced` folder if this run made it and
/// it is empty: a failed run leaves no extra copy. After a run that stopped
/// part-way, [`Kept::done_for`] keeps the copies of the files that were
/// replaced (they are now the only copies of the published report).
#[derive(Debug, Default)]
#[must_use = "dropped, the copies are removed again"]
pub struct Kept {
    /// (file kept, its copy in `replaced/`).
    copies: Vec<(PathBuf, PathBuf)>,
    /// The `replaced` folder, when this run made it.
    made_folder: Option<PathBuf>,
}

impl Kept {
    /// The new report is in place: the copies stay. Gives them.
    pub fn done(mut self) -> Vec<PathBuf> {
        self.made_folder = None;
        std::mem::take(&mut self.copies)
            .into_iter()
            .map(|(_, copy)| copy)
            .collect()
    }

    /// The run put only `written` in place: the copies of those stay (given
    /// back), the others are removed.
    pub fn done_for(mut self, written: &[PathBuf]) -> Vec<PathBuf> {
        let (stay, go): (Vec<_>, Vec<_>) = std::mem::take(&mut self.copies)
            .into_iter()
            .partition(|(file, _)| written.contains(file));
        self.copies = go;
        if !stay.is_empty() {
            self.made_folder = None;
        }
        stay.into_iter().map(|(_, copy)| copy).collect()
    }
}

impl Drop for Kept {
    fn drop(&mut self) {
        for (_, copy) in self.copies.drain(..) {
            let _ = std::fs::remove_file(copy);
        }
        if let Some(folder) = &self.made_folder {
            // Only when empty: a copy kept by an earlier run is never touched.
            let _ = std::fs::remove_dir(folder);
        }
    }
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
        let kept = keep(out, &[&xlsx, &json, &html]).unwrap().done();
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
        let again = keep(out, &[&xlsx, &json, &html]).unwrap().done();
        assert_eq!(again[0], folder.join("IPR-2026-09.2.xlsx"));
        assert_eq!(std::fs::read_to_string(&again[0]).unwrap(), "second");
        // Nothing there, nothing kept, and no folder made for it.
        let empty = tempfile::tempdir().unwrap();
        let none = empty.path().join("IPR-2026-09.xlsx");
        assert!(keep(empty.path(), &[&none]).unwrap().done().is_empty());
        assert!(!empty.path().join("replaced").exists());
    }

    #[test]
    fn copies_are_taken_back_unless_the_new_report_is_put_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let xlsx = out.join("IPR-2026-09.xlsx");
        let json = out.join("IPR-2026-09.json");
        std::fs::write(&xlsx, "published").unwrap();
        std::fs::write(&json, "published json").unwrap();
        // The run failed before anything moved: no copy, no folder.
        drop(keep(out, &[&xlsx, &json]).unwrap());
        assert!(!out.join("replaced").exists());
        // A copy kept by an earlier run stays, and the folder with it.
        let earlier = keep(out, &[&xlsx, &json]).unwrap().done();
        drop(keep(out, &[&xlsx, &json]).unwrap());
        let left: Vec<_> = std::fs::read_dir(out.join("replaced")).unwrap().collect();
        assert_eq!(left.len(), earlier.len());
        // The run stopped after the workbook was replaced: its copy stays.
        let kept = keep(out, &[&xlsx, &json]).unwrap();
        std::fs::write(out.join("new"), "second").unwrap();
        std::fs::rename(out.join("new"), &xlsx).unwrap();
        let stay = kept.done_for(std::slice::from_ref(&xlsx));
        assert_eq!(stay, vec![out.join("replaced/IPR-2026-09.2.xlsx")]);
        assert_eq!(std::fs::read_to_string(&stay[0]).unwrap(), "published");
        assert!(!out.join("replaced/IPR-2026-09.2.json").exists());
    }
}
