//! The packs (SPEC section 14) built and staged for [`super::publish`]: each
//! pack's workbook is written to its temporary file as it is saved and its
//! page as soon as it is rendered, so that no pack's files wait in memory for
//! the others, and at most one pack is built per core.

use super::packs::pack_consolidation;
use super::publish::{stage_buffered, stage_synced};
use super::{ReportError, ReportErrorKind, Staged};
use crate::model::{Consolidation, PackMembers};
use rust_xlsxwriter::XlsxError;
use std::path::{Path, PathBuf};

/// Every pack of a run staged: its files in pack order, each pack's in the
/// order it lists them, and the `packs` folder if this run made it.
#[derive(Default)]
pub(super) struct StagedPacks {
    /// The staged files, none in place yet.
    pub(super) files: Vec<Staged>,
    /// The folder, removed again unless [`PacksFolder::keep`] is called.
    pub(super) folder: PacksFolder,
}

/// Builds and stages every pack of `c` for the output folder `out`, on as many
/// threads as there are cores, each taking the next pack. Each pack's bytes
/// depend on it alone, so the files never depend on which thread built them.
pub(super) fn stage_packs(c: &Consolidation, out: &Path) -> Result<StagedPacks, ReportError> {
    let folder = PacksFolder::make(out, !c.packs.is_empty())?;
    let staged = on_cores(c.packs.len(), |i| stage_pack(c, &c.packs[i], out));
    let mut files = Vec::new();
    for pack in staged {
        files.extend(pack?);
    }
    Ok(StagedPacks { files, folder })
}

/// One pack's files staged and made durable: the workbook streamed to its
/// temporary file as it is saved, the page written once rendered.
fn stage_pack(c: &Consolidation, m: &PackMembers, out: &Path) -> Result<Vec<Staged>, ReportError> {
    let p = pack_consolidation(c, m);
    let mut files = Vec::with_capacity(m.files.len());
    for name in &m.files {
        let path = out.join(name);
        let file = if name.ends_with(".xlsx") {
            stage_buffered(&path, |to| {
                super::workbook::write_workbook_to(&p, to).map_err(|e| match e {
                    XlsxError::IoError(e) => ReportErrorKind::Write(e),
                    e => ReportErrorKind::Workbook(e),
                })
            })?
        } else {
            stage_synced(&path, super::html::render(&p).as_bytes())?
        };
        files.push(file);
    }
    Ok(files)
}

/// `work(0)` to `work(n - 1)`, on as many threads as there are cores (at most
/// `n`), each taking the next index; the results in index order. A panic in
/// `work` is the caller's.
pub(super) fn on_cores<T: Send>(n: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let workers = cores.min(n);
    if workers <= 1 {
        return (0..n).map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut built: Vec<Option<T>> = (0..n).map(|_| None).collect();
    std::thread::scope(|scope| {
        let take = || {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= n {
                    break;
                }
                done.push((i, work(i)));
            }
            done
        };
        let handles: Vec<_> = (0..workers).map(|_| scope.spawn(take)).collect();
        for h in handles {
            let done = h.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            for (i, r) in done {
                built[i] = Some(r);
            }
        }
    });
    built.into_iter().flatten().collect()
}

/// The `packs` folder, made for a run's packs; removed again (when this run
/// made it and it is still empty) unless the run put its files in place.
#[derive(Default)]
pub(super) struct PacksFolder(Option<PathBuf>);

impl PacksFolder {
    /// The folder `out/packs`, made if `wanted` and not there yet.
    fn make(out: &Path, wanted: bool) -> Result<PacksFolder, ReportError> {
        let dir = out.join("packs");
        if !wanted || dir.is_dir() {
            return Ok(PacksFolder(None));
        }
        if dir.exists() {
            return Err(ReportError::new(&dir, ReportErrorKind::NotAFolder));
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| ReportError::new(&dir, ReportErrorKind::Folder(e)))?;
        Ok(PacksFolder(Some(dir)))
    }

    /// Keeps the folder: the run's packs are in place in it.
    pub(super) fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for PacksFolder {
    fn drop(&mut self) {
        if let Some(dir) = &self.0 {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::on_cores;

    #[test]
    fn work_on_the_cores_comes_back_in_index_order_whichever_thread_did_it() {
        // Uneven work, so that threads finish out of order.
        let got = on_cores(40, |i| {
            if i % 3 == 0 {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            i * 7 + 1
        });
        let want: Vec<usize> = (0..40).map(|i| i * 7 + 1).collect();
        assert_eq!(got, want);
        assert!(on_cores(0, |i| i).is_empty());
    }
}
