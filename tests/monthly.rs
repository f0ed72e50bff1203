//! The monthly cycle (SPEC section 10): a run that found nothing writes
//! nothing, a read-only report is not replaced, and each run knows the last.

mod common;

use common::{config, ipr, stderr};
use std::path::Path;

/// `ipr consolidate` on the samples' settings for 2026-09 into `out`, reading `returns`.
fn consolidate(out: &Path, returns: &[&Path]) -> std::process::Output {
    let cwd = common::temp_dir();
    ipr(cwd.path())
        .arg("consolidate")
        .arg("--config")
        .arg(config())
        .args(["--period", "2026-09", "--out"])
        .arg(out)
        .args(returns)
        .output()
        .expect("ipr runs")
}

#[test]
fn a_mistyped_or_empty_folder_exits_2_and_leaves_the_report_as_it_was() {
    let dir = common::temp_dir();
    let out = dir.path().join("output");
    let good = common::consolidate_samples(&out);
    assert!(good.status.code().is_some_and(|c| c < 2), "{}", stderr(&good));
    let before = common::hash_tree(&out);
    assert!(before.keys().any(|p| p.ends_with("IPR-2026-09.xlsx")));

    let missing = dir.path().join("retrns");
    let o = consolidate(&out, &[&missing]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("retrns") && err.contains("does not exist"), "{err}");
    assert_eq!(common::hash_tree(&out), before, "a mistyped folder changed the output");

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = consolidate(&out, &[&empty]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no return for 2026-09"), "{}", stderr(&o));
    assert_eq!(common::hash_tree(&out), before, "an empty folder changed the output");
}

#[cfg(unix)]
#[test]
fn a_read_only_report_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = common::temp_dir();
    let out = dir.path().join("output");
    let good = common::consolidate_samples(&out);
    assert!(good.status.code().is_some_and(|c| c < 2), "{}", stderr(&good));
    let xlsx = out.join("IPR-2026-09.xlsx");
    std::fs::set_permissions(&xlsx, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = common::hash_tree(&out);
    let o = common::consolidate_samples(&out);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    assert_eq!(common::hash_tree(&out), before);
    let mode = std::fs::metadata(&xlsx).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444, "the report was made writable");
    std::fs::set_permissions(&xlsx, std::fs::Permissions::from_mode(0o644)).unwrap();
}
