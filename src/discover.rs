//! Finding files in folders: the one walker used for returns (`returns::find`),
//! remedial-action forms (`remedial`) and the samples embedded by `build.rs`.
//!
//! Std only, so that `build.rs` can include this file as it is.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// True for Excel lock files (`~$Book.xlsx`) and hidden files, which are never read.
pub fn is_ignored_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$") || n.starts_with('.'))
}

/// True when `path` ends in one of `extensions` (lower case, no dot), in any case.
pub fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()))
}

/// Walks folders recursively, in sorted order, skipping lock files and hidden
/// files and folders. One walker may walk several folders: each real folder is
/// walked once, which is also the guard against links that loop.
#[derive(Debug, Default)]
pub struct Walker {
    /// The folders walked so far (and those never to be walked), by identity.
    seen: BTreeSet<FolderId>,
}

/// A folder that could not be read, and why.
pub type WalkError = (PathBuf, std::io::Error);

/// What makes a folder the same folder under any path: its device and inode
/// where the system has them, else its real path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum FolderId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

/// The identity of the folder at `dir` (links followed).
fn folder_id(dir: &Path) -> std::io::Result<FolderId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(dir)?;
        Ok(FolderId::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(dir).map(FolderId::Path)
    }
}

/// The identity of the folder a listed entry is (links followed), asked of
/// the folder it is listed in: on Unix a `stat` relative to that folder, so
/// its cost does not grow with the depth, as a `stat` of the whole path does.
fn entry_id(entry: &std::fs::DirEntry, is_link: bool) -> std::io::Result<FolderId> {
    #[cfg(unix)]
    if !is_link {
        use std::os::unix::fs::MetadataExt;
        let m = entry.metadata()?;
        return Ok(FolderId::Inode(m.dev(), m.ino()));
    }
    let _ = is_link;
    folder_id(&entry.path())
}

/// One folder being walked: its entries still to visit, in reverse sorted
/// order so that the next is popped from the end; a folder's with its identity.
struct Open {
    rest: Vec<(PathBuf, Option<std::io::Result<FolderId>>)>,
}

impl Walker {
    /// A walker that has walked nothing yet.
    pub fn new() -> Self {
        Walker::default()
    }

    /// Never walks `dir` (nor any path to the same folder), e.g. the folder ipr
    /// writes its own outputs to. Nothing happens where `dir` does not exist.
    pub fn skip(&mut self, dir: &Path) {
        if let Ok(id) = folder_id(dir) {
            self.seen.insert(id);
        }
    }

    /// Walks `dir`, pushing every file for which `keep` is true to `files`
    /// (each folder's entries in sorted order, a sub-folder's files where the
    /// sub-folder sorts) and every folder that could not be read to `errors`
    /// (one whose path is longer than the system allows among them). A folder
    /// already walked, or skipped, is passed over. Anything that is not a
    /// folder is offered to `keep`, pipes and devices too: the reader refuses
    /// those in words rather than let them vanish.
    ///
    /// Iterative, and one `stat` per folder however deep it lies: 1,500
    /// nested folders take a blink, not half a minute.
    pub fn walk(
        &mut self,
        dir: &Path,
        keep: &dyn Fn(&Path) -> bool,
        files: &mut Vec<PathBuf>,
        errors: &mut Vec<WalkError>,
    ) {
        let mut stack: Vec<Open> = Vec::new();
        if let Some(open) = self.open(dir, folder_id(dir), errors) {
            stack.push(open);
        }
        while let Some(top) = stack.last_mut() {
            let Some((path, folder)) = top.rest.pop() else {
                stack.pop();
                continue;
            };
            match folder {
                Some(id) => {
                    if let Some(open) = self.open(&path, id, errors) {
                        stack.push(open);
                    }
                }
                None if keep(&path) => files.push(path),
                None => {}
            }
        }
    }

    /// Lists `dir` (known as `id`) if it has not been walked: its entries
    /// sorted (reversed), ignored names left out, each folder with its
    /// identity (links followed).
    fn open(
        &mut self,
        dir: &Path,
        id: std::io::Result<FolderId>,
        errors: &mut Vec<WalkError>,
    ) -> Option<Open> {
        // A symlink loop would otherwise walk for ever.
        let id = match id {
            Ok(id) => id,
            Err(e) => {
                // Gone since it was listed, or a path too long for the system:
                // said, not skipped without a word.
                errors.push((dir.to_path_buf(), e));
                return None;
            }
        };
        if !self.seen.insert(id) {
            return None;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                errors.push((dir.to_path_buf(), e));
                return None;
            }
        };
        let mut rest: Vec<_> = entries
            .filter_map(|e| e.ok())
            .filter(|e| !is_ignored_name(&e.path()))
            .map(|e| {
                let path = e.path();
                // The entry's own type needs no `stat`; only a link is followed.
                let (is_dir, is_link) = match e.file_type() {
                    Ok(t) if t.is_symlink() => (path.is_dir(), true),
                    Ok(t) => (t.is_dir(), false),
                    Err(_) => (path.is_dir(), true),
                };
                let folder = is_dir.then(|| entry_id(&e, is_link));
                (path, folder)
            })
            .collect();
        rest.sort_unstable_by(|a, b| b.0.cmp(&a.0));
        Some(Open { rest })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(dir: &Path, skip: &[&Path]) -> (Vec<PathBuf>, Vec<WalkError>) {
        let (mut files, mut errors) = (Vec::new(), Vec::new());
        let mut w = Walker::new();
        for s in skip {
            w.skip(s);
        }
        w.walk(dir, &|_| true, &mut files, &mut errors);
        (files, errors)
    }

    #[test]
    fn files_come_in_sorted_order_depth_first_and_skipped_folders_are_not_walked() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        for p in ["b/x.xlsx", "a.xlsx", "c.xlsx", "b/a/y.xlsx", "out/IPR.xlsx"] {
            let p = root.join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, b"x").unwrap();
        }
        std::fs::write(root.join(".hidden.xlsx"), b"x").unwrap();
        std::fs::write(root.join("~$lock.xlsx"), b"x").unwrap();
        let (files, errors) = walk(root, &[&root.join("out")]);
        let rel: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(rel, ["a.xlsx", "b/a/y.xlsx", "b/x.xlsx", "c.xlsx"]);
        assert!(errors.is_empty());
    }
}
