//! Writers: the consolidated workbook and JSON. They present; they never decide.
//!
//! Both outputs are written atomically: the bytes are built in memory, written
//! to a hidden temporary file in the target folder and only then renamed over
//! the final name, so a failed run never leaves a partial file or spoils a
//! good one.

pub mod action_forms;
pub mod action_words;
pub mod budget_forms;
pub(crate) mod charts;
mod facts_form;
pub mod forms;
pub mod html;
pub mod json;
pub mod names;
pub mod packs;
mod packs_staged;
pub mod props;
pub mod publish;
pub mod replaced;
pub mod template;
pub mod text;
pub mod workbook;

pub use forms::{
    prepare_forms, stage_forms, FormStyle, FormStyleError, FormsWritten, PreparedForms, StagedForms,
};
pub use json::{to_json, write_json};
pub use names::sheet_name_for;
pub use template::{write_return_templates, Templates, TemplatesWritten};
pub use workbook::{workbook_bytes, write_workbook};

use crate::model::{Direction, IndicatorResult, Reason};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What went wrong while writing an output file.
///
/// Shown as the underlying error (and giving its source), so that a chain of
/// causes reads "could not write X: what ipr says: what the system says".
#[derive(Debug, thiserror::Error)]
pub enum ReportErrorKind {
    /// The output folder could not take a new file (missing, read-only, full...).
    #[error(transparent)]
    Folder(io::Error),
    /// Writing the bytes failed part-way.
    #[error(transparent)]
    Write(io::Error),
    /// The temporary file could not be renamed over the final name.
    #[error(transparent)]
    Replace(io::Error),
    /// The workbook library refused the content.
    #[error(transparent)]
    Workbook(rust_xlsxwriter::XlsxError),
    /// The JSON could not be produced.
    #[error(transparent)]
    Json(serde_json::Error),
    /// The file's name is longer than file systems allow (bytes).
    #[error("the name is {0} bytes long")]
    NameTooLong(usize),
    /// A file stands where ipr puts a folder of outputs (`remedial`).
    #[error("a file stands where the folder should be")]
    NotAFolder,
}

impl ReportErrorKind {
    /// What went wrong in words, for a file in `folder`.
    fn words(&self, folder: &Path) -> String {
        match self {
            ReportErrorKind::Folder(e) => match e.kind() {
                io::ErrorKind::NotFound => {
                    format!("the folder {} does not exist", folder.display())
                }
                io::ErrorKind::PermissionDenied => format!(
                    "the folder {} is read-only or you do not have permission to write there",
                    folder.display()
                ),
                _ => format!(
                    "could not create a file in the folder {} ({e})",
                    folder.display()
                ),
            },
            // Each says only what it knows: this file was left as it was. What
            // else a run wrote is for the caller to say (`publish::PublishError`).
            ReportErrorKind::Write(e) => {
                format!("writing failed part-way ({e}); the file was left as it was")
            }
            ReportErrorKind::Replace(e) => format!(
                "could not replace the file ({e}); is it open in Excel? The file was left as it was"
            ),
            ReportErrorKind::Workbook(e) => format!("the workbook could not be built ({e})"),
            ReportErrorKind::Json(e) => format!("the JSON could not be built ({e})"),
            ReportErrorKind::NameTooLong(n) => format!(
                "its name is {n} bytes long, more than the {MAX_FILE_NAME_BYTES} a file system allows"
            ),
            ReportErrorKind::NotAFolder => "it is a file, not a folder: ipr puts its remedial-action forms (or its packs) in a folder of this name. Move or rename that file, then run again".to_string(),
        }
    }
}

/// The longest file name (in bytes) that every file system ipr writes to takes.
const MAX_FILE_NAME_BYTES: usize = 255;

/// A failure to write one output file; names the file and the cause.
#[derive(Debug, thiserror::Error)]
#[error("could not write {}: {}", .path.display(), .kind.words(&folder_of(.path)))]
pub struct ReportError {
    /// The output file that was being written.
    pub path: PathBuf,
    /// What went wrong.
    #[source]
    pub kind: ReportErrorKind,
}

impl ReportError {
    fn new(path: &Path, kind: ReportErrorKind) -> ReportError {
        ReportError {
            path: path.to_path_buf(),
            kind,
        }
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The workbook and JSON built in memory, with where they go.
#[derive(Debug)]
pub struct ReportBytes {
    xlsx: (PathBuf, Vec<u8>),
    json: (PathBuf, Vec<u8>),
}

impl ReportBytes {
    /// Writes the workbook, then the JSON, each atomically.
    pub fn write(self) -> Result<(), ReportError> {
        write_atomic(&self.xlsx.0, &self.xlsx.1)?;
        write_atomic(&self.json.0, &self.json.1)
    }
}

/// Builds the workbook and JSON in memory, each to be written to its path by
/// [`ReportBytes::write`]: a failure while building leaves the previous pair as
/// it was.
pub fn build_report(
    c: &crate::model::Consolidation,
    xlsx: &Path,
    json: &Path,
) -> Result<ReportBytes, ReportError> {
    // The JSON is built on another thread while the workbook is.
    let (workbook, json_text) = std::thread::scope(|scope| {
        let json_text = scope.spawn(|| json::json_bytes(c, json));
        let workbook = workbook::workbook_bytes(c)
            .map_err(|e| ReportError::new(xlsx, ReportErrorKind::Workbook(e)));
        let json_text = json_text.join().unwrap_or_else(|_| {
            Err(ReportError::new(
                json,
                ReportErrorKind::Write(std::io::Error::other("the JSON could not be built")),
            ))
        });
        (workbook, json_text)
    });
    let (workbook, json_text) = (workbook?, json_text?);
    Ok(ReportBytes {
        xlsx: (xlsx.to_path_buf(), workbook),
        json: (json.to_path_buf(), json_text),
    })
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder,
/// then a rename over the final name. On any error the final path is untouched.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let staged = stage(path, bytes)?;
    staged.sync()?;
    staged.replace()
}

/// A file written in full and made durable under a hidden temporary name in
/// the folder of `path`, not yet in place. Dropped, it is deleted.
#[derive(Debug)]
pub(crate) struct Staged {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
}

/// Writes `bytes` beside `path` under a temporary name, ready to be made
/// durable ([`Staged::sync`], or [`sync_folder`] for many at once) and put in
/// place by [`Staged::replace`] or [`Staged::add`].
pub(crate) fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, ReportError> {
    stage_with(path, |file| {
        file.write_all(bytes).map_err(ReportErrorKind::Write)
    })
}

/// [`stage`], the file's contents written by `write` as they are made, so that
/// a large output need not be held in memory whole first.
pub(crate) fn stage_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<(), ReportErrorKind>,
) -> Result<Staged, ReportError> {
    let folder = folder_of(path);
    // The temporary name is short, so a final name the system will refuse is
    // caught here, before anything is put in place, not at the rename.
    let name = path.file_name().map_or(0, |n| n.len());
    if name > MAX_FILE_NAME_BYTES {
        return Err(ReportError::new(path, ReportErrorKind::NameTooLong(name)));
    }
    let mut builder = tempfile::Builder::new();
    // A leading dot: the return reader ignores such files, so a temp file left
    // by a crash is never mistaken for a return.
    builder.prefix(".ipr-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // tempfile defaults to 0600; the umask still applies to 0666, so the
        // report gets the same permissions as any file the user makes.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(&folder)
        .map_err(|e| ReportError::new(path, ReportErrorKind::Folder(e)))?;
    write(tmp.as_file_mut()).map_err(|kind| ReportError::new(path, kind))?;
    Ok(Staged {
        path: path.to_path_buf(),
        tmp,
    })
}

impl Staged {
    /// Makes the file's contents durable (fsync), so that a power cut after it is
    /// put in place cannot leave it empty.
    pub(crate) fn sync(&self) -> Result<(), ReportError> {
        self.tmp
            .as_file()
            .sync_all()
            .map_err(|e| ReportError::new(&self.path, ReportErrorKind::Write(e)))
    }

    /// Puts the file in place, replacing any file already there.
    pub(crate) fn replace(self) -> Result<(), ReportError> {
        let path = self.path;
        // On error the NamedTempFile inside PersistError is dropped and deleted.
        self.tmp
            .persist(&path)
            .map_err(|e| ReportError::new(&path, ReportErrorKind::Replace(e.error)))?;
        Ok(())
    }

    /// Puts the file in place unless a file is already there (then it is left
    /// as it is and this one deleted): true if put in place.
    pub(crate) fn add(self) -> Result<bool, ReportError> {
        let path = self.path;
        match self.tmp.persist_noclobber(&path) {
            Ok(_) => Ok(true),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            // Some network shares can neither refuse to overwrite in a rename nor
            // make hard links, which that needs: look first, then rename.
            Err(_) if path.exists() => Ok(false),
            Err(e) => e
                .file
                .persist(&path)
                .map(|_| true)
                .map_err(|e| ReportError::new(&path, ReportErrorKind::Replace(e.error))),
        }
    }
}

/// Makes every file staged in `folder` durable. On Linux one `syncfs` flushes
/// them all at once (hundreds of remedial forms would otherwise wait for one
/// flush each); elsewhere each is synced in turn.
pub(crate) fn sync_folder(folder: &Path, staged: &[&Staged]) -> Result<(), ReportError> {
    #[cfg(target_os = "linux")]
    {
        let flushed = std::fs::File::open(folder)
            .and_then(|dir| rustix::fs::syncfs(&dir).map_err(std::io::Error::from));
        if flushed.is_ok() {
            return Ok(());
        }
    }
    let _ = folder;
    staged.iter().try_for_each(|s| s.sync())
}

/// The reasons for an exception as words, e.g.
/// "Red; forecast misses annual target; amber for a second period and worsening".
pub fn reasons_words(reasons: &[Reason]) -> String {
    let words: Vec<&str> = reasons
        .iter()
        .map(|r| match r {
            Reason::Red => "red",
            Reason::Forecast => "forecast misses annual target",
            Reason::AmberTwice => "amber for a second period and worsening",
            Reason::AssuranceFail => "will miss target (process limits)",
        })
        .collect();
    capitalise(&words.join("; "))
}

/// Whose a forecast is, in the words every output prints beside it (SPEC
/// section 15): "owner", "ipr: straight line" (year to date pro rata), "ipr:
/// latest" (the latest actual); blank where there is no forecast.
pub fn forecast_by(basis: &str) -> &'static str {
    match basis {
        "owner" => "owner",
        "pro-rata" => "ipr: straight line",
        "latest" => "ipr: latest",
        _ => "",
    }
}

/// Direction of travel as shown to users.
pub fn direction_word(d: Direction) -> &'static str {
    match d {
        Direction::Improving => "Improving",
        Direction::Worsening => "Worsening",
        Direction::Unchanged => "Unchanged",
        Direction::None => "No comparison",
    }
}

/// The data-quality flag of an indicator: "2 errors, 1 warning" or "OK".
pub fn dq_flag(r: &IndicatorResult) -> String {
    fn count(n: usize, one: &str) -> String {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    }
    match (r.dq_errors, r.dq_warnings) {
        (0, 0) => "OK".to_string(),
        (e, 0) => count(e, "error"),
        (0, w) => count(w, "warning"),
        (e, w) => format!("{}, {}", count(e, "error"), count(w, "warning")),
    }
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staged_file_is_added_only_where_nothing_is() {
        let dir = tempfile::tempdir().unwrap();
        let taken = dir.path().join("taken.xlsx");
        std::fs::write(&taken, b"the owner's answers").unwrap();
        let staged = stage(&taken, b"a blank form").unwrap();
        let other = stage(&dir.path().join("free.xlsx"), b"a blank form").unwrap();
        sync_folder(dir.path(), &[&staged, &other]).unwrap();
        assert!(!staged.add().unwrap(), "an existing form was overwritten");
        assert!(other.add().unwrap());
        assert_eq!(std::fs::read(&taken).unwrap(), b"the owner's answers");
        assert_eq!(
            std::fs::read(dir.path().join("free.xlsx")).unwrap(),
            b"a blank form"
        );
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["free.xlsx", "taken.xlsx"],
            "a temporary file was left"
        );
    }

    #[test]
    fn reasons_read_as_a_sentence() {
        assert_eq!(
            reasons_words(&[Reason::Red, Reason::Forecast, Reason::AmberTwice]),
            "Red; forecast misses annual target; amber for a second period and worsening"
        );
        assert_eq!(
            reasons_words(&[Reason::Forecast]),
            "Forecast misses annual target"
        );
        assert_eq!(reasons_words(&[]), "");
    }

    #[test]
    fn missing_folder_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope").join("IPR-2026-09.json");
        let err = write_atomic(&path, b"{}").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("IPR-2026-09.json"), "{text}");
        assert!(text.contains("does not exist"), "{text}");
        assert!(!path.exists());
    }

    #[test]
    fn replaces_an_existing_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, b"old contents that are longer").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        // Only the final file is left: no temporary files behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
