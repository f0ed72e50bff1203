//! Running ipr on the second hostile corpus (`make_second_corpus.py`) as a
//! user would, for `second.rs`: every run in an empty folder that must stay
//! empty (nothing is written outside `--out`), stopped and failed after a
//! minute (a hang fails the test, never hangs it); snapshots of a folder that
//! never open a pipe or a device, to prove inputs unchanged.

use crate::common::{self, Tool};
use calamine::Reader;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The corpus, generated once per test run; `None` (with the reason printed) without python3.
pub fn corpus() -> Option<&'static Path> {
    common::generate("hostile/make_second_corpus.py", &[], Tool::Python)
}

/// True (with the reason printed) when the generator could not make `case` here.
pub fn skipped(dir: &Path, case: &str) -> bool {
    crate::skipped(dir, &format!("{case}:"))
}

/// What one run of ipr gave.
pub struct Run {
    pub code: i32,
    pub out: String,
    pub err: String,
    /// Raw standard output, to look for control bytes.
    pub raw: Vec<u8>,
}

/// Runs ipr with `args` in a new empty folder, failing the test if it takes
/// more than a minute (it is killed) or writes anything into that folder.
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let cwd = common::temp_dir();
    let mut child = Command::new(common::ipr_bin())
        .args(args)
        .current_dir(cwd.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ipr starts");
    let pipe = |mut p: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = p.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = pipe(Box::new(child.stdout.take().expect("stdout")));
    let err = pipe(Box::new(child.stderr.take().expect("stderr")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for ipr") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("ipr did not finish within a minute: it hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let raw = out.join().unwrap_or_default();
    let err = String::from_utf8_lossy(&err.join().unwrap_or_default()).into_owned();
    assert!(!err.contains("panicked"), "ipr panicked: {err}");
    let left: Vec<_> = std::fs::read_dir(cwd.path())
        .expect("the run's folder")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "ipr wrote outside --out: {left:?}");
    Run {
        code: status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&raw).into_owned(),
        err,
        raw,
    }
}

/// `consolidate --period 2026-09 --register <case>/register.csv --out OUT RETURNS <extra>`.
pub fn consolidate(case: &Path, out: &Path, returns: &Path, extra: &[&OsStr]) -> Run {
    let mut args: Vec<&OsStr> = vec![
        "consolidate".as_ref(),
        "--period".as_ref(),
        "2026-09".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    let register = case.join("register.csv");
    args.extend(["--register".as_ref(), register.as_os_str()]);
    args.extend(extra);
    args.push(returns.as_os_str());
    run(args)
}

/// Every entry under `dir` without following links or opening anything but
/// ordinary files (the corpus holds pipes and links to devices): a hash for a
/// file, the target for a link, the kind for anything else.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        // Past the system's path limit a folder cannot be listed by its path.
        let Ok(entries) = std::fs::read_dir(&d) else {
            out.insert(d, "(beyond the path limit)".into());
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(t) = entry.file_type() else { continue };
            let what = if t.is_symlink() {
                format!("-> {:?}", std::fs::read_link(&path).ok())
            } else if t.is_dir() {
                stack.push(path.clone());
                "folder".into()
            } else if t.is_file() {
                common::sha256_hex(&std::fs::read(&path).expect("readable file"))
            } else {
                "pipe or device".into()
            };
            out.insert(path, what);
        }
    }
    out
}

/// The `code` in the hidden metadata of the form at `path`.
pub fn form_code(path: &Path) -> String {
    let book = ipr::read::read_book(path, "form", &ipr::read::Limits::default()).expect("a form");
    let meta = book.metadata().expect("the form's ipr_metadata sheet");
    meta.get("code").expect("a code").to_string()
}

/// The workbook's sheet names, and the rows of one sheet as text.
pub fn sheet(xlsx: &Path, name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut wb = calamine::open_workbook_auto(xlsx).expect("the workbook opens");
    let names = wb.sheet_names();
    let range = wb.worksheet_range(name).expect("the sheet");
    (names, common::rows_text(&range))
}

/// `template --period 2026-09 --register REGISTER --out OUT <extra>`.
pub fn template(register: &Path, out: &Path, extra: &[&OsStr]) -> Run {
    let mut args: Vec<&OsStr> = vec![
        "template".as_ref(),
        "--period".as_ref(),
        "2026-09".as_ref(),
        "--register".as_ref(),
        register.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra);
    run(args)
}

/// `check --period 2026-09 --register REGISTER <extra> FILES`.
pub fn check(register: &Path, extra: &[&str], files: &[&Path]) -> Run {
    let mut args: Vec<&OsStr> = vec![
        "check".as_ref(),
        "--period".as_ref(),
        "2026-09".as_ref(),
        "--register".as_ref(),
        register.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    args.extend(files.iter().map(|f| f.as_os_str()));
    run(args)
}
