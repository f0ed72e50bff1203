//! Which files are returns: the paths the user gave, folders searched for spreadsheets.

use crate::discover::{has_extension, is_ignored_name, Walker};
use crate::infile::{self, Kind};
use crate::model::{Finding, Rule};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// An Excel lock file (`~$Book.xlsx`), written beside a workbook while it is open.
fn is_lock_file(path: &std::path::Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$"))
}

/// File extensions read as returns, lower case.
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "csv"];

/// Expand the paths given by the user: files as they are, folders searched recursively
/// for spreadsheets. Lock files and hidden files are skipped. Problems (a path that does
/// not exist, a folder that cannot be read, a pipe or a device) become findings.
pub fn find_returns(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Finding>) {
    find_returns_except(inputs, &[])
}

/// [`find_returns`], never searching the folders in `skip` (nor any path to
/// them): the output folder and its `remedial` folder, whose workbook and forms
/// are ipr's, not returns. A folder in `skip` that is, or holds, a folder or
/// file given in `inputs` is searched all the same: a team that keeps its
/// reports beside its returns (`--out .`) still has its returns read.
pub fn find_returns_except(inputs: &[PathBuf], skip: &[PathBuf]) -> (Vec<PathBuf>, Vec<Finding>) {
    let mut files = BTreeSet::new();
    let mut findings = Vec::new();
    let mut walker = Walker::new();
    let given: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|i| std::fs::canonicalize(i).ok())
        .collect();
    for dir in skip {
        let Ok(real) = std::fs::canonicalize(dir) else {
            continue;
        };
        if !given.iter().any(|g| g.starts_with(&real)) {
            walker.skip(dir);
        }
    }
    let keep = |p: &std::path::Path| has_extension(p, EXTENSIONS);
    for input in inputs {
        if input.is_dir() {
            let (mut found, mut errors) = (Vec::new(), Vec::new());
            walker.walk(input, &keep, &mut found, &mut errors);
            for file in found {
                match infile::kind(&file) {
                    Ok(kind @ (Kind::Pipe | Kind::Device | Kind::Socket | Kind::Other)) => {
                        findings.push(not_a_file(&file, kind));
                    }
                    _ => {
                        files.insert(file);
                    }
                }
            }
            for (dir, e) in errors {
                findings.push(unreadable_folder(&dir, &e));
            }
        } else if input.is_file() {
            if is_lock_file(input) {
                // Named on purpose, so say why it is not read: silence here
                // would read as "0 files checked, no errors".
                let mut f = Finding::new(
                    Rule::DQ005,
                    &input.display().to_string(),
                    "This is Excel's lock file: the workbook is open in Excel; save and close it, then check the workbook itself.".to_string(),
                );
                f.hint = "Excel writes a file whose name starts with '~$' beside a workbook while it is open. Close the workbook in Excel and check the file of the same name without '~$'.".to_string();
                findings.push(f);
            } else if !is_ignored_name(input) {
                files.insert(input.clone());
            }
        } else {
            findings.push(not_found(input));
        }
    }
    (files.into_iter().collect(), findings)
}

/// The finding for a path given that is neither a file nor a folder: a pipe
/// or a device is named as one; a link that cannot be followed as one.
fn not_found(input: &Path) -> Finding {
    if let Ok(kind) = infile::kind(input) {
        return not_a_file(input, kind);
    }
    // A link that cannot be followed exists, but leads nowhere usable.
    let message = match (std::fs::symlink_metadata(input), std::fs::metadata(input)) {
        (Ok(m), Err(e)) if m.file_type().is_symlink() => format!(
            "This path is a link that cannot be followed ({e}): it leads to itself through other links, or to something that is gone."
        ),
        _ => "There is no file or folder at this path.".to_string(),
    };
    let mut f = Finding::new(Rule::DQ005, &input.display().to_string(), message);
    f.hint = "Check the path on the command line or in ipr.toml: name a return file, or a folder of returns, that exists.".to_string();
    f
}

/// A pipe, a device or a socket where a return should be: refused unopened.
fn not_a_file(path: &Path, kind: Kind) -> Finding {
    let mut f = Finding::new(
        Rule::DQ005,
        &path.display().to_string(),
        format!(
            "This is {}, not a file, so ipr did not open it: only ordinary files are read as returns.",
            kind.words()
        ),
    );
    f.hint = "Name the return itself: a pipe or a device cannot be a return. If this is a link, point it at the workbook, or copy the workbook here.".to_string();
    f
}

/// A folder that could not be searched: its path too long for the system, or no permission.
fn unreadable_folder(dir: &Path, e: &std::io::Error) -> Finding {
    let mut f = Finding::new(
        Rule::DQ005,
        &dir.display().to_string(),
        if e.kind() == std::io::ErrorKind::InvalidFilename {
            format!(
                "This folder was not searched: its path is {} characters long, more than the system allows ({e}).",
                dir.as_os_str().len()
            )
        } else {
            format!("This folder could not be read ({e}).")
        },
    );
    f.hint = "Move the returns to a folder nearer the top of the drive, or give ipr permission to read it, then run again.".to_string();
    f
}
