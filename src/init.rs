//! `ipr init DIR`: a working folder a new user can run at once.
//!
//! Everything is compiled into the binary (`include_bytes!`), so `ipr init`
//! works wherever the program is copied to: settings, the sample register, a
//! month of sample returns and the `templates` folder.

use crate::report::template::{BUILTIN_INSTRUCTIONS, BUILTIN_README};
use std::fmt;
use std::path::{Path, PathBuf};

/// The period of the sample returns: the latest month they hold, so the one
/// a new folder's `ipr consolidate` reports.
pub const SAMPLE_PERIOD: &str = "2026-09";

/// The settings file written into the new folder.
const CONFIG: &str = r#"# Settings for ipr. Paths are relative to this file.
# The indicator register: one row per indicator.
register = "register.xlsx"
# Folders (or files) holding the directorates' returns; searched recursively.
returns = ["returns"]
# Where the consolidated workbook, JSON and remedial-action forms go.
output = "output"
# The month to report: give --period (ipr consolidate --period 2026-10). Without
# it, ipr reports the latest month the returns hold a figure for, and says so.
# A line such as period = "2026-10" here would fix the month for every run.
# Month in which the financial year starts (4 = April).
year_start_month = 4
# Amber band around targets, unless the register gives one.
default_tolerance = "5%"
# The council's name, on every title.
council = "Anytown Council"
# A report for each committee named in the register's Committee column, in output/packs.
packs = ["Committee"]
"#;

/// A short guide for the new folder.
const GUIDE: &str = "# Your ipr working folder

This folder was made by `ipr init`. It holds a sample council so you can try ipr
at once, then replace the samples with your own files.

| file or folder | what |
|---|---|
| `ipr.toml` | settings: where the register and returns are, where output goes |
| `register.xlsx` | the indicator register (sample): replace it with your council's |
| `returns/` | directorates' returns (sample: this year to September 2026 and last year, with planted mistakes) |
| `templates/` | the words and styles of blank returns and remedial-action forms (see its README) |
| `output/` | made by `ipr consolidate`: the report, its JSON, `remedial/` forms and `packs/`, a report for each committee |

Try:

    ipr consolidate                 # the report for the latest month the returns hold
    ipr check returns/              # data-quality checks, cell by cell
    ipr template --period 2026-10 --out blank-returns
";

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/samples.rs"));
}

/// The settings file for the new folder: our top-level keys, then any
/// `[[source]]` layouts the sample council needs (tables must come last in TOML).
fn config() -> String {
    let mut text = CONFIG.to_string();
    if let Some(i) = embedded::SAMPLE_CONFIG.find("[[source]]") {
        text.push('\n');
        text.push_str(&embedded::SAMPLE_CONFIG[i..]);
    }
    text
}

/// Files written by `ipr init`, relative to the new folder, with their bytes.
pub fn files() -> Vec<(String, Vec<u8>)> {
    let mut out = vec![
        ("ipr.toml".to_string(), config().into_bytes()),
        ("README.md".to_string(), GUIDE.as_bytes().to_vec()),
    ];
    for (name, bytes) in embedded::SAMPLE_FILES {
        out.push((name.to_string(), bytes.to_vec()));
    }
    out.push((
        "templates/instructions.txt".into(),
        BUILTIN_INSTRUCTIONS.as_bytes().to_vec(),
    ));
    out.push((
        "templates/remedial-form.toml".into(),
        crate::report::forms::BUILTIN_FORM_STYLE.as_bytes().to_vec(),
    ));
    out.push((
        "templates/README.md".into(),
        BUILTIN_README.as_bytes().to_vec(),
    ));
    out
}

/// Why `ipr init` did nothing.
#[derive(Debug)]
pub enum InitError {
    /// The folder has files in it and `--force` was not given.
    NotEmpty(PathBuf),
    /// A file or folder could not be created.
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InitError::NotEmpty(dir) => write!(
                f,
                "the folder {} is not empty, so nothing was written. Choose a new or empty folder, or add --force to write the sample files into it (files of the same names are replaced; nothing else is touched)",
                dir.display()
            ),
            InitError::Io(path, e) => write!(f, "could not write {}: {e}", path.display()),
        }
    }
}

impl std::error::Error for InitError {}

/// Creates the working folder `dir` (and any missing parents). Refuses a
/// folder that already has anything in it unless `force`. Returns the files
/// written, in order.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, InitError> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| InitError::Io(dir.into(), e))?;
        if entries.next().is_some() && !force {
            return Err(InitError::NotEmpty(dir.to_path_buf()));
        }
    }
    let mut written = Vec::new();
    for (name, bytes) in files() {
        let path = dir.join(&name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| InitError::Io(parent.into(), e))?;
        }
        crate::report::write_atomic(&path, &bytes)
            .map_err(|e| InitError::Io(path.clone(), std::io::Error::other(e.to_string())))?;
        written.push(path);
    }
    let output = dir.join("output");
    std::fs::create_dir_all(&output).map_err(|e| InitError::Io(output, e))?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_folder_with_anything_in_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let e = init(dir.path(), false).unwrap_err();
        assert!(matches!(e, InitError::NotEmpty(_)));
        assert!(e.to_string().contains("--force"));
        // Nothing written.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // With --force: written, the user's own file untouched.
        init(dir.path(), true).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
        assert!(dir
            .path()
            .join("returns/2026-27/Resources-2026-09.xlsx")
            .is_file());
        // The mapped layout the sample Housing returns need comes along.
        let config = std::fs::read_to_string(dir.path().join("ipr.toml")).unwrap();
        assert!(config.contains("[[source]]"), "{config}");
        crate::config::load_config(&dir.path().join("ipr.toml")).unwrap();
    }

    #[test]
    fn the_settings_fix_no_period() {
        // A fixed period made October's plain run rewrite September (issue 18).
        let settings: toml::Value = toml::from_str(&config()).unwrap();
        assert!(settings.get("period").is_none(), "{settings:?}");
        assert!(settings.get("register").is_some());
    }
}
