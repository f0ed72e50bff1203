//! A blank return template carries the definitions its check needs (issue 13
//! item 6): `ipr check FILE` in a folder with no register or settings finds
//! exactly what the check with the register finds.

mod common;

use std::path::Path;

fn check_json(cwd: &Path, args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let out = common::ipr(cwd)
        .arg("check")
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", common::stderr(&out)))
}

#[test]
fn a_template_is_checked_without_the_register() {
    let made = common::temp_dir();
    let run = common::ipr(made.path())
        .arg("template")
        .arg("--config")
        .arg(common::config())
        .args(["--period", "2026-10", "--out"])
        .arg(made.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", common::stderr(&run));
    // Elsewhere, alone: no ipr.toml, no register.
    let away = common::temp_dir();
    let file = away.path().join("Adults-and-Health-2026-10.xlsx");
    std::fs::copy(made.path().join("Adults-and-Health-2026-10.xlsx"), &file).unwrap();

    let alone = check_json(away.path(), &[file.as_os_str()]);
    let with = check_json(
        away.path(),
        &[
            "--config".as_ref(),
            common::config().as_os_str(),
            file.as_os_str(),
        ],
    );
    assert!(
        !alone["findings"].as_array().unwrap().is_empty(),
        "a blank return has values missing"
    );
    assert_eq!(alone["findings"], with["findings"]);
    assert_eq!(alone["summary"], with["summary"]);

    // The Instructions say so, and which checks need the whole register.
    let text = ipr::report::template::instructions_text(
        &ipr::report::Templates::builtin().unwrap(),
        "Adults and Health",
        ipr::period::Calendar::default()
            .parse_id("2026-10")
            .unwrap(),
        Default::default(),
        5,
    );
    assert!(text.contains("works wherever the file is"), "{text}");
    assert!(text.contains("need the whole register"), "{text}");
}
