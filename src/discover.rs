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
    /// Canonical paths of the folders walked so far.
    seen: BTreeSet<PathBuf>,
}

/// A folder that could not be read, and why.
pub type WalkError = (PathBuf, std::io::Error);

impl Walker {
    /// A walker that has walked nothing yet.
    pub fn new() -> Self {
        Walker::default()
    }

    /// Walks `dir`, pushing every file for which `keep` is true to `files`
    /// (each folder's entries in sorted order, a sub-folder's files where the
    /// sub-folder sorts) and every folder that could not be read to `errors`.
    /// A folder already walked, or whose real path cannot be found, is skipped.
    pub fn walk(
        &mut self,
        dir: &Path,
        keep: &dyn Fn(&Path) -> bool,
        files: &mut Vec<PathBuf>,
        errors: &mut Vec<WalkError>,
    ) {
        // A symlink loop would otherwise walk for ever.
        let Ok(canonical) = std::fs::canonicalize(dir) else {
            return;
        };
        if !self.seen.insert(canonical) {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                errors.push((dir.to_path_buf(), e));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if is_ignored_name(&p) {
                continue;
            }
            if p.is_dir() {
                self.walk(&p, keep, files, errors);
            } else if keep(&p) {
                files.push(p);
            }
        }
    }
}
