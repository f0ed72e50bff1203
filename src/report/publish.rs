//! Writes a run's outputs all together or not at all: the report (workbook,
//! JSON, web page) and one remedial-action form per exception for
//! `consolidate`, the blank returns for `template`.
//!
//! Every file is first written in full under a hidden temporary name beside
//! its final one and made durable; only when all of them are does any take its
//! place, by renaming, which cannot fail half-way through a file. So a run that
//! cannot write one output (a stray file named `remedial`, a full disk, a name
//! the system refuses) changes nothing, and says so. Renaming can still fail
//! (a report open in Excel on Windows): then the error says exactly which
//! files were put in place and which were not, and never "nothing was changed".

use super::forms::{stage_forms, FormStyle};
use super::packs_staged::{stage_packs, StagedPacks};
use super::{stage, stage_with, sync_folder, ReportError, ReportErrorKind, Staged};
use crate::model::Consolidation;
use rust_xlsxwriter::XlsxError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What [`publish`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The workbook, `IPR-<period>.xlsx`.
    pub xlsx: PathBuf,
    /// Its JSON, `IPR-<period>.json`.
    pub json: PathBuf,
    /// The web page for members, `IPR-<period>.html`.
    pub html: PathBuf,
    /// The remedial-action forms written into `remedial/`, and those kept.
    pub forms: FormsWritten,
    /// The files of the report this one replaced, and of its packs, kept in
    /// `replaced/` (`IPR-2026-09.1.xlsx`); empty when there was none.
    pub replaced: Vec<PathBuf>,
}

/// Why [`publish`] (or [`add_all`]) did not write everything.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// An output could not be built or staged: nothing was put in place.
    #[error("{0}; nothing was written, and every file already there is as it was")]
    Nothing(ReportError),
    /// Building the forms stopped on a fault in ipr: nothing was put in place.
    #[error("the remedial-action forms could not be built; nothing was written")]
    Forms,
    /// Building the web page stopped on a fault in ipr: nothing was put in place.
    #[error("the web page could not be built; nothing was written")]
    Page,
    /// Some files were put in place before one could not be.
    #[error("{0}")]
    Partly(Box<Partly>),
}

/// What a run put in place before a file could not be (the rename failed).
#[derive(Debug)]
pub struct Partly {
    /// Why the file could not be put in place.
    pub error: ReportError,
    /// Files this run put in place before it stopped.
    pub written: Vec<PathBuf>,
    /// Files it did not (the one that failed first).
    pub not_written: Vec<PathBuf>,
}

impl std::fmt::Display for Partly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&partly_words(&self.error, &self.written, &self.not_written))
    }
}

impl PublishError {
    fn partly(error: ReportError, written: Vec<PathBuf>, not_written: Vec<PathBuf>) -> Self {
        PublishError::Partly(Box::new(Partly {
            error,
            written,
            not_written,
        }))
    }
}

impl From<ReportError> for PublishError {
    fn from(e: ReportError) -> Self {
        PublishError::Nothing(e)
    }
}

/// "could not write X: why. Written by this run: A, B. Not written: X, C."
fn partly_words(error: &ReportError, written: &[PathBuf], not_written: &[PathBuf]) -> String {
    fn list(paths: &[PathBuf]) -> String {
        const SHOWN: usize = 5;
        let mut names: Vec<String> = paths
            .iter()
            .take(SHOWN)
            .map(|p| p.display().to_string())
            .collect();
        if paths.len() > SHOWN {
            names.push(format!("and {} more", paths.len() - SHOWN));
        }
        names.join(", ")
    }
    let mut out = error.to_string();
    if written.is_empty() {
        out.push_str("; nothing was written, and every file already there is as it was");
    } else {
        out.push_str(&format!(". Written by this run: {}", list(written)));
        if !not_written.is_empty() {
            out.push_str(&format!(". Not written: {}", list(not_written)));
        }
        out.push_str(". Put the cause right and run again");
    }
    out
}

/// Writes `IPR-<period>.xlsx`, `IPR-<period>.json` and `IPR-<period>.html` into `out`, a
/// remedial-action form for each exception into `out/remedial`, and each pack
/// of `c.packs` into `out/packs`, all or nothing. A pack of last month's for a
/// value no longer in the register is left as it was.
///
/// The forms are built on every core, and written under hidden temporary
/// names, while the report is built; the workbook, its JSON and the page are
/// each written under a temporary name as soon as it is built. Only once
/// every file is written in full is any put in place: the report, its JSON
/// and page, then the forms. A run that cannot
/// write one of them writes none (the temporary files are deleted, and a
/// `remedial` folder this run made is removed). A form already there is never
/// overwritten: it may hold the owner's answers, and is listed in
/// [`FormsWritten::kept`]. A report already there for the period is kept in
/// `out/replaced/` (numbered), with the packs this run rewrites, just before
/// the new one is put in its place; a run that then fails takes the copies
/// back (those of files it had already replaced stay).
///
/// ```no_run
/// use ipr::config::Settings;
/// use ipr::period::Period;
/// use ipr::register::{load_register, RegisterOptions};
/// use ipr::report::publish::publish;
/// use ipr::report::FormStyle;
/// use std::path::{Path, PathBuf};
///
/// let settings = Settings::default();
/// let register = load_register(
///     Path::new("register.xlsx"),
///     "register.xlsx",
///     &RegisterOptions::default(),
/// )?;
/// let month = settings.calendar.parse_id("2026-09").unwrap();
/// let c = ipr::pipeline::consolidate(&register, &[PathBuf::from("returns")], &settings, month);
/// let done = publish(&c, Path::new("output"), &FormStyle::builtin()?)?;
/// println!("wrote {} and {} forms", done.xlsx.display(), done.forms.written.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn publish(
    c: &Consolidation,
    out: &Path,
    style: &FormStyle,
) -> Result<Published, PublishError> {
    let xlsx = out.join(format!("IPR-{}.xlsx", c.period_id));
    let json = out.join(format!("IPR-{}.json", c.period_id));
    let html = out.join(format!("IPR-{}.html", c.period_id));
    let remedial = out.join("remedial");
    // The page is built beside the workbook too: on its own, after it, it was
    // a tenth of a council-year's run with one core idle.
    // Each output is staged (written under its temporary name) on its thread
    // as soon as it is built, so that none is held in memory while the others
    // are still being built.
    let (saved, wait) = std::sync::mpsc::channel();
    let (report, page, forms) = std::thread::scope(|s| {
        let forms = s.spawn(|| stage_forms(c, &remedial, style));
        // A pack per audience (SPEC section 14) is built after the page, on its
        // thread, once the main workbook is written: the packs' workbooks and the
        // main one are each held whole until saved, and together they were the
        // full shape's peak of memory. The forms keep both cores busy meanwhile.
        let html = &html;
        let page = s.spawn(move || {
            let page = stage_synced(html, super::html::render(c).as_bytes());
            let report_written = wait.recv().unwrap_or(false);
            (page, report_written.then(|| stage_packs(c, out)))
        });
        let report = stage_report(c, &xlsx, &json);
        // Without a report no pack is built: the run fails on the report's error.
        let _ = saved.send(report.is_ok());
        (report, page.join(), forms.join())
    });
    // Staged files not put in place are deleted when dropped: on any error here.
    let forms = forms.map_err(|_| PublishError::Forms)??;
    let (page, packs) = page.map_err(|_| PublishError::Page)?;
    let ([xlsx_file, json_file], page) = (report?, page?);
    let packs = packs.transpose()?.unwrap_or_default();
    let StagedPacks {
        files: pack_files,
        folder: packs_dir,
    } = packs;
    // A report already there is kept, with its packs, before the new one takes
    // its name; the copies are taken back again if it is not put in place.
    let mut replacing: Vec<&Path> = vec![&xlsx, &json, &html];
    replacing.extend(pack_files.iter().map(|f| f.path.as_path()));
    let kept = super::replaced::keep(out, &replacing)?;
    let mut staged = vec![xlsx_file, json_file, page];
    staged.extend(pack_files);
    let forms = match put_in_place(staged, forms) {
        Ok(forms) => forms,
        Err(PublishError::Partly(partly)) => {
            // The files replaced before it stopped keep their copies.
            let _ = kept.done_for(&partly.written);
            return Err(PublishError::Partly(partly));
        }
        Err(e) => return Err(e),
    };
    let replaced = kept.done();
    packs_dir.keep();
    Ok(Published {
        xlsx,
        json,
        html,
        forms,
        replaced,
    })
}

/// `bytes` staged for `path` and made durable.
pub(super) fn stage_synced(path: &Path, bytes: &[u8]) -> Result<Staged, ReportError> {
    let file = stage(path, bytes)?;
    file.sync()?;
    Ok(file)
}

/// A file staged for `path` and made durable, its contents written by `write`
/// through a buffer as they are made.
pub(super) fn stage_buffered(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> Result<(), ReportErrorKind>,
) -> Result<Staged, ReportError> {
    let file = stage_with(path, |file| {
        let mut to = std::io::BufWriter::with_capacity(1 << 16, file);
        write(&mut to)?;
        to.flush().map_err(ReportErrorKind::Write)
    })?;
    file.sync()?;
    Ok(file)
}

/// The workbook and its JSON staged, each made durable: the JSON on another
/// thread while the workbook is built, each written to its temporary file as
/// it is made rather than held whole in memory first.
fn stage_report(c: &Consolidation, xlsx: &Path, json: &Path) -> Result<[Staged; 2], ReportError> {
    let (workbook, json_file) = std::thread::scope(|scope| {
        let json_file = scope.spawn(|| {
            stage_buffered(json, |to| {
                super::json::write_json_to(c, to).map_err(|e| match e.io_error_kind() {
                    Some(kind) => ReportErrorKind::Write(std::io::Error::new(kind, e)),
                    None => ReportErrorKind::Json(e),
                })
            })
        });
        let workbook = stage_buffered(xlsx, |to| {
            super::workbook::write_workbook_to(c, to).map_err(|e| match e {
                XlsxError::IoError(e) => ReportErrorKind::Write(e),
                e => ReportErrorKind::Workbook(e),
            })
        });
        let json_file = json_file.join().unwrap_or_else(|_| {
            Err(ReportError::new(
                json,
                ReportErrorKind::Write(std::io::Error::other("the JSON could not be built")),
            ))
        });
        (workbook, json_file)
    });
    Ok([workbook?, json_file?])
}

/// Puts the staged report files in place (replacing), then the forms (never
/// over one already there); on a failure, says which were put in place.
fn put_in_place(report: Vec<Staged>, forms: StagedForms) -> Result<FormsWritten, PublishError> {
    // A folder where a file goes is the one failure that can be seen before
    // anything moves: refused then, so that nothing is half put in place.
    if let Some(file) = report.iter().find(|f| f.path.is_dir()) {
        let taken = std::io::Error::other("a folder of that name is in the way");
        return Err(ReportError::new(&file.path, ReportErrorKind::Replace(taken)).into());
    }
    let mut written = Vec::new();
    let mut report = report.into_iter();
    while let Some(file) = report.next() {
        let path = file.path.clone();
        if let Err(error) = file.replace() {
            let mut not_written = vec![path];
            not_written.extend(report.map(|f| f.path.clone()));
            not_written.extend(forms.pending());
            return Err(PublishError::partly(error, written, not_written));
        }
        written.push(path);
    }
    let (done, failed) = forms.commit_counted();
    match failed {
        None => Ok(done),
        Some((error, not_written)) => {
            written.extend(done.written);
            Err(PublishError::partly(error, written, not_written))
        }
    }
}

/// Writes each `(path, bytes)` whose path is free, all or nothing: every file
/// is staged before any is put in place, and none is put over a file already
/// there (it may hold typed figures; it is listed as kept). Gives the paths
/// written and those kept.
pub fn add_all(files: Vec<(PathBuf, Vec<u8>)>) -> Result<FormsWritten, PublishError> {
    let mut staged: Vec<(PathBuf, Option<Staged>)> = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let file = if path.exists() {
            None
        } else {
            Some(stage(&path, &bytes)?)
        };
        staged.push((path, file));
    }
    for (_, file) in &staged {
        if let Some(file) = file {
            file.sync()?;
        }
    }
    let batch = StagedForms {
        dir: PathBuf::new(),
        made_dir: false,
        forms: staged,
    };
    let (done, failed) = batch.commit_counted();
    match failed {
        None => Ok(done),
        Some((error, not_written)) => Err(PublishError::partly(error, done.written, not_written)),
    }
}

/// What [`StagedForms::commit`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormsWritten {
    /// Forms written.
    pub written: Vec<PathBuf>,
    /// Forms that already existed and were left as they were.
    pub kept: Vec<PathBuf>,
}

/// Forms built in memory, not yet written: see [`prepare_forms`].
#[derive(Debug, Default)]
pub struct PreparedForms {
    /// The folder the forms go in.
    pub(super) dir: PathBuf,
    /// (path, bytes) of each form to write; `None` where a form already exists and is kept.
    pub(super) forms: Vec<(PathBuf, Option<Vec<u8>>)>,
}

impl PreparedForms {
    /// Writes each new form atomically, all or nothing; existing forms are
    /// kept, never overwritten.
    pub fn write(self) -> Result<FormsWritten, ReportError> {
        self.stage()?.commit()
    }

    /// Writes every new form in full under a temporary name in its folder, and
    /// makes them durable, but puts none in place: [`StagedForms::commit`] does, once the
    /// report is written. The slow part (the disk) can so go on while the report
    /// is still being built. Dropped uncommitted, the temporary files are deleted.
    pub fn stage(self) -> Result<StagedForms, ReportError> {
        if self.forms.is_empty() {
            return Ok(StagedForms::none(&self.dir));
        }
        let mut staged = StagedForms::open(&self.dir)?;
        // Written one after another, then made durable together: one flush of
        // the disk for all of them rather than one each.
        for (path, bytes) in self.forms {
            let form = stage_form(&path, bytes.as_deref())?;
            staged.forms.push((path, form));
        }
        staged.sync()?;
        Ok(staged)
    }
}

/// Forms written under temporary names, waiting to be put in place: see
/// [`PreparedForms::stage`].
#[derive(Debug)]
pub struct StagedForms {
    dir: PathBuf,
    /// True when staging made the folder: it is removed again if nothing is committed.
    made_dir: bool,
    /// Each form's final path, and its staged file (`None` where a form is kept).
    pub(super) forms: Vec<(PathBuf, Option<Staged>)>,
}

impl StagedForms {
    /// No forms to write into `dir`: nothing is made.
    pub(super) fn none(dir: &Path) -> StagedForms {
        StagedForms {
            dir: dir.to_path_buf(),
            made_dir: false,
            forms: Vec::new(),
        }
    }

    /// An empty batch of forms for `dir`, the folder made if it is not there
    /// (and removed again if nothing is committed).
    pub(super) fn open(dir: &Path) -> Result<StagedForms, ReportError> {
        // A stray file where the folder goes: said plainly, before anything is written.
        if dir.exists() && !dir.is_dir() {
            return Err(ReportError::new(dir, ReportErrorKind::NotAFolder));
        }
        let mut staged = StagedForms::none(dir);
        staged.made_dir = !dir.is_dir();
        std::fs::create_dir_all(dir)
            .map_err(|e| ReportError::new(dir, ReportErrorKind::Folder(e)))?;
        Ok(staged)
    }

    /// Makes every staged form durable, with one flush of the disk where it can.
    pub(super) fn sync(&self) -> Result<(), ReportError> {
        let written: Vec<&Staged> = self.forms.iter().filter_map(|(_, f)| f.as_ref()).collect();
        sync_folder(&self.dir, &written)
    }

    /// Puts each staged form in place, never over a form already there: one
    /// completed since the run began is kept, and the new one deleted.
    pub fn commit(self) -> Result<FormsWritten, ReportError> {
        match self.commit_counted() {
            (done, None) => Ok(done),
            (_, Some((error, _))) => Err(error),
        }
    }

    /// The forms that would be written.
    fn pending(&self) -> Vec<PathBuf> {
        self.forms
            .iter()
            .filter(|(_, f)| f.is_some())
            .map(|(p, _)| p.clone())
            .collect()
    }

    /// [`StagedForms::commit`], saying on a failure which forms were put in
    /// place before it (in the result) and which were not (with the error).
    fn commit_counted(mut self) -> (FormsWritten, Option<(ReportError, Vec<PathBuf>)>) {
        let mut out = FormsWritten::default();
        self.made_dir = false;
        let mut forms = std::mem::take(&mut self.forms).into_iter();
        while let Some((path, form)) = forms.next() {
            let added = match form.map(Staged::add) {
                Some(Ok(added)) => added,
                Some(Err(error)) => {
                    let mut not_written = vec![path];
                    not_written.extend(forms.filter(|(_, f)| f.is_some()).map(|(p, _)| p));
                    return (out, Some((error, not_written)));
                }
                None => false,
            };
            if added {
                out.written.push(path);
            } else {
                out.kept.push(path);
            }
        }
        (out, None)
    }
}

impl Drop for StagedForms {
    fn drop(&mut self) {
        // Not committed: the temporary files go (dropping them deletes them),
        // then the folder if this run made it.
        self.forms.clear();
        if self.made_dir {
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

/// Stages one form unless it exists already (then `None`: it is kept).
fn stage_form(path: &Path, bytes: Option<&[u8]>) -> Result<Option<Staged>, ReportError> {
    match bytes {
        // Checked again: a form may have been completed since it was built.
        Some(bytes) if !path.exists() => stage(path, bytes).map(Some),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_after_some_files_were_put_in_place_names_them_all() {
        let dir = tempfile::tempdir().unwrap();
        let error = ReportError::new(
            &dir.path().join("IPR-2026-09.json"),
            ReportErrorKind::Replace(std::io::Error::other("locked")),
        );
        let written = vec![dir.path().join("IPR-2026-09.xlsx")];
        let not_written: Vec<PathBuf> = (0..7)
            .map(|i| dir.path().join(format!("remedial/2026-09-A-{i}.xlsx")))
            .collect();
        let text = partly_words(&error, &written, &not_written);
        assert!(text.contains("Written by this run: "), "{text}");
        assert!(text.contains("IPR-2026-09.xlsx. Not written: "), "{text}");
        assert!(text.contains("and 2 more"), "{text}");
        assert!(!text.to_lowercase().contains("nothing was"), "{text}");
        let none = partly_words(&error, &[], &not_written);
        assert!(none.contains("nothing was written"), "{none}");
    }

    #[test]
    fn a_folder_in_the_way_of_a_late_file_stops_the_run_before_any_file_moves() {
        let dir = tempfile::tempdir().unwrap();
        let xlsx = dir.path().join("IPR-2026-09.xlsx");
        let html = dir.path().join("IPR-2026-09.html");
        std::fs::write(&xlsx, b"last month's good report").unwrap();
        std::fs::create_dir(&html).unwrap();
        let staged = vec![stage(&xlsx, b"new").unwrap(), stage(&html, b"new").unwrap()];
        let forms = PreparedForms {
            dir: dir.path().join("remedial"),
            forms: vec![(
                dir.path().join("remedial/2026-09-A.xlsx"),
                Some(b"f".to_vec()),
            )],
        }
        .stage()
        .unwrap();
        let e = put_in_place(staged, forms).unwrap_err();
        assert!(matches!(e, PublishError::Nothing(_)), "{e}");
        assert!(e.to_string().contains("nothing was written"), "{e}");
        assert_eq!(std::fs::read(&xlsx).unwrap(), b"last month's good report");
        // The staged form and the folder made for it are gone; no temporary file is left.
        assert!(!dir.path().join("remedial").exists());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 2, "{left:?}");
    }

    #[test]
    fn templates_are_added_all_together_and_never_over_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("Adults-2026-09.xlsx");
        std::fs::write(&kept, b"typed figures").unwrap();
        let new = dir.path().join("Place-2026-09.xlsx");
        let done = add_all(vec![
            (kept.clone(), b"blank".to_vec()),
            (new.clone(), b"blank".to_vec()),
        ])
        .unwrap();
        assert_eq!(done.written, vec![new.clone()]);
        assert_eq!(done.kept, vec![kept.clone()]);
        assert_eq!(std::fs::read(&kept).unwrap(), b"typed figures");
        // A name the system refuses: nothing at all is written.
        let too_long = dir.path().join(format!("{}.xlsx", "x".repeat(300)));
        let other = dir.path().join("Resources-2026-09.xlsx");
        let e = add_all(vec![
            (other.clone(), b"b".to_vec()),
            (too_long, b"b".to_vec()),
        ])
        .unwrap_err();
        assert!(e.to_string().contains("nothing was written"), "{e}");
        assert!(!other.exists());
    }
}
