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
            let (too_long, other): (Vec<_>, Vec<_>) = errors
                .into_iter()
                .partition(|(_, e)| e.kind() == std::io::ErrorKind::InvalidFilename);
            if !too_long.is_empty() {
                findings.push(folders_too_long(input, &too_long));
            }
            for (dir, e) in other {
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

/// A folder that could not be read (no permission, or gone since listed).
fn unreadable_folder(dir: &Path, e: &std::io::Error) -> Finding {
    let mut f = Finding::new(
        Rule::DQ005,
        &dir.display().to_string(),
        format!("This folder could not be read ({e})."),
    );
    f.hint =
        "Give ipr permission to read the folder, or move the returns out of it, then run again."
            .to_string();
    f
}

/// The longest path, in bytes, the system takes (its `PATH_MAX` less the
/// closing zero; Windows's classic limit).
#[cfg(target_os = "linux")]
const PATH_LIMIT: usize = 4095;
#[cfg(all(unix, not(target_os = "linux")))]
const PATH_LIMIT: usize = 1023;
#[cfg(not(unix))]
const PATH_LIMIT: usize = 259;

/// One finding for the folders inside `given` whose paths are too long for
/// the system: named by the folder the user gave, how far down and how much
/// too long, never by a path of thousands of characters.
fn folders_too_long(given: &Path, dirs: &[(std::path::PathBuf, std::io::Error)]) -> Finding {
    let longest = dirs
        .iter()
        .map(|(d, _)| d.as_os_str().len())
        .max()
        .unwrap_or(0);
    let over = longest.saturating_sub(PATH_LIMIT);
    let first = &dirs[0].0;
    let below = first.strip_prefix(given).unwrap_or(first);
    let depth = below.components().count();
    let top = below
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let top = cut(&top, 40);
    let n = |x: usize| crate::number::grouped(&x.to_string());
    let what = match dirs.len() {
        1 => format!("A folder {depth} levels down inside it was not searched: its path is"),
        k => format!(
            "{k} folders inside it were not searched (the first {depth} levels down): their paths are up to"
        ),
    };
    let too_much = if over > 0 {
        format!("{} more than", n(over))
    } else {
        "more than".to_string()
    };
    let mut f = Finding::new(
        Rule::DQ005,
        &given.display().to_string(),
        format!(
            "{what} {} characters long, {too_much} the system allows ({}), under '{top}'.",
            n(longest),
            n(PATH_LIMIT)
        ),
    );
    f.hint = "Move the returns to a folder nearer the top of the drive, or shorten the folders' names, then run again.".to_string();
    f
}

/// `text` cut to `max` characters, an ellipsis marking the cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let kept: String = text.chars().take(max - 1).collect();
        format!("{kept}\u{2026}")
    }
}
