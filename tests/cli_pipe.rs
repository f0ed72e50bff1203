//! The command line as a new user meets it: output piped into a reader that
//! closes early, `--quiet`, `--verbose`, shell completions, and `check`'s
//! coverage lines. Each runs the built `ipr` on the bundled samples.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// `ipr` run in the samples folder, with their settings.
fn ipr() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ipr"));
    cmd.current_dir(samples());
    cmd
}

fn consolidate(out: &Path) -> Command {
    let mut cmd = ipr();
    cmd.args([
        "consolidate",
        "--config",
        "ipr.toml",
        "--period",
        "2026-09",
        "--out",
    ])
    .arg(out);
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `cmd` with stdout a pipe whose reading end is closed at once, as
/// `ipr ... | true` does; `read_first` reads up to one line first, as `| head -1`.
fn with_closed_stdout(mut cmd: Command, read_first: bool) -> (Option<i32>, String) {
    use std::io::Read;
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ipr starts");
    let mut stdout = child.stdout.take().expect("a stdout pipe");
    if read_first {
        let mut byte = [0u8; 1];
        while stdout
            .read(&mut byte)
            .map(|n| n == 1 && byte[0] != b'\n')
            .unwrap_or(false)
        {}
    }
    drop(stdout);
    let run = child.wait_with_output().expect("ipr ends");
    (run.status.code(), text(&run.stderr))
}

/// The exit code a run has when its whole output is read.
fn code_when_read(mut cmd: Command) -> Option<i32> {
    cmd.output().expect("ipr runs").status.code()
}

#[test]
fn consolidate_into_a_pipe_closed_at_once_ends_quietly_with_its_own_exit_code() {
    let out = tempfile::tempdir().unwrap();
    let want = code_when_read(consolidate(out.path()));
    // The samples have planted errors: 1, not 2.
    assert_eq!(want, Some(1));
    let (code, stderr) = with_closed_stdout(consolidate(out.path()), false);
    assert_eq!(code, want, "stderr:\n{stderr}");
    assert!(!stderr.contains("internal fault"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn consolidate_json_into_head_ends_quietly_with_its_own_exit_code() {
    let out = tempfile::tempdir().unwrap();
    let mut cmd = consolidate(out.path());
    cmd.args(["--format", "json"]);
    let (code, stderr) = with_closed_stdout(cmd, true);
    assert_eq!(code, Some(1), "stderr:\n{stderr}");
    assert!(!stderr.contains("internal fault"), "{stderr}");
    assert!(out.path().join("IPR-2026-09.xlsx").is_file());
}

#[test]
fn check_into_a_closed_pipe_ends_quietly_with_its_own_exit_code() {
    let mut cmd = ipr();
    cmd.args(["check", "--config", "ipr.toml", "returns"]);
    let (code, stderr) = with_closed_stdout(cmd, false);
    assert_eq!(code, Some(1), "stderr:\n{stderr}");
    assert!(!stderr.contains("internal fault"), "{stderr}");
}

#[test]
fn completions_for_bash_name_every_command() {
    let run: Output = ipr().args(["completions", "bash"]).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let script = text(&run.stdout);
    assert!(script.contains("complete"), "{script}");
    for command in ["check", "consolidate", "template", "init", "completions"] {
        assert!(script.contains(command), "no {command} in:\n{script}");
    }
}

#[test]
fn quiet_prints_nothing_and_keeps_the_exit_code() {
    let out = tempfile::tempdir().unwrap();
    let mut cmd = consolidate(out.path());
    cmd.arg("--quiet");
    let run = cmd.output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(text(&run.stdout), "");
    assert_eq!(text(&run.stderr), "");
    assert!(out.path().join("IPR-2026-09.xlsx").is_file());
}

#[test]
fn quiet_still_shows_an_error_that_stops_the_run() {
    let run = ipr()
        .args([
            "-q",
            "consolidate",
            "--config",
            "ipr.toml",
            "--period",
            "2026-13",
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("2026-13"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn verbose_names_the_register_and_each_return_read() {
    let run = ipr()
        .args(["check", "--verbose", "--config", "ipr.toml", "returns"])
        .output()
        .unwrap();
    let stderr = text(&run.stderr);
    assert!(stderr.contains("Register: register.xlsx"), "{stderr}");
    assert!(stderr.contains("Resources-2026-09.xlsx"), "{stderr}");
    // The report itself is unchanged on stdout.
    assert!(!text(&run.stdout).contains("Register:"));
}

#[test]
fn check_names_the_file_and_period_of_each_coverage_line() {
    let run = ipr()
        .args(["check", "--config", "ipr.toml", "returns"])
        .output()
        .unwrap();
    let stdout = text(&run.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("Resources, 2026-09 ("))
        .unwrap_or_else(|| panic!("no coverage line for Resources in 2026-09:\n{stdout}"));
    assert!(
        line.contains("Resources-2026-09.xlsx): ")
            && line.ends_with("indicators due have a value."),
        "{line}"
    );
    let coverage: Vec<&str> = stdout
        .lines()
        .filter(|l| l.ends_with("indicators due have a value."))
        .collect();
    let mut distinct = coverage.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), coverage.len(), "lines alike:\n{stdout}");
}
