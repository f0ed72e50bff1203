//! Which files are returns: the paths the user gave, folders searched for spreadsheets.

use crate::discover::{has_extension, is_ignored_name, Walker};
use crate::model::{Finding, Rule};
use std::collections::BTreeSet;
use std::path::PathBuf;

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
/// not exist, a folder that cannot be read) become findings.
pub fn find_returns(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Finding>) {
    let mut files = BTreeSet::new();
    let mut findings = Vec::new();
    let mut walker = Walker::new();
    let keep = |p: &std::path::Path| has_extension(p, EXTENSIONS);
    for input in inputs {
        if input.is_dir() {
            let (mut found, mut errors) = (Vec::new(), Vec::new());
            walker.walk(input, &keep, &mut found, &mut errors);
            files.extend(found);
            for (dir, e) in errors {
                findings.push(Finding::new(
                    Rule::DQ005,
                    &dir.display().to_string(),
                    format!("This folder could not be read ({e})."),
                ));
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
            // A link that cannot be followed exists, but leads nowhere usable.
            let message = match (std::fs::symlink_metadata(input), std::fs::metadata(input)) {
                (Ok(m), Err(e)) if m.file_type().is_symlink() => format!(
                    "This path is a link that cannot be followed ({e}): it leads to itself through other links, or to something that is gone."
                ),
                _ => "There is no file or folder at this path.".to_string(),
            };
            let mut f = Finding::new(Rule::DQ005, &input.display().to_string(), message);
            f.hint = "Check the path on the command line or in ipr.toml: name a return file, or a folder of returns, that exists.".to_string();
            findings.push(f);
        }
    }
    (files.into_iter().collect(), findings)
}
