//! A fixture council in a folder of its own (register.xlsx and returns/,
//! written once per test binary by a script in tests/fixtures/), and
//! `ipr consolidate` run on it: the set-up the trust tests share.

use std::path::Path;
use std::process::Output;

/// A copy of the council `tests/fixtures/<script> OUTDIR ARGS...` writes, in a
/// folder of its own, so a test may add, change and publish without touching
/// another's; `None` after a skip when python3 or openpyxl is missing.
pub fn fixture_council(script: &str, args: &[&str]) -> Option<tempfile::TempDir> {
    let src = super::generate(&format!("fixtures/{script}"), args, super::Tool::Openpyxl)?;
    let dir = super::temp_dir();
    copy_tree(src, dir.path());
    Some(dir)
}

/// Copies the folder `from`, everything below it, to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let path = e.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

/// `ipr consolidate --register register.xlsx returns --out out ARGS...` in
/// the council's folder `dir` (a period, `--replace`, `--actions`).
pub fn consolidate_council(dir: &Path, args: &[&str]) -> Output {
    super::ipr(dir)
        .args(["consolidate", "--register", "register.xlsx", "returns"])
        .args(["--out", "out"])
        .args(args)
        .output()
        .expect("ipr runs")
}

/// As [`consolidate_council`], and the run must have written its report
/// (exit code 0 or 1).
pub fn consolidated_council(dir: &Path, args: &[&str]) -> Output {
    let out = consolidate_council(dir, args);
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        super::stderr(&out)
    );
    out
}
