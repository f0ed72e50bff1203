//! `report::publish` called as a library user would: the report and forms of
//! the sample council, then a second run that keeps the forms already there.

use ipr::config::load_config;
use ipr::register::{load_register, RegisterOptions};
use ipr::report::publish::publish;
use ipr::report::FormStyle;
use std::path::{Path, PathBuf};

#[test]
fn publish_writes_the_report_then_the_forms_and_never_overwrites_a_form() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let (_, settings) = load_config(&samples.join("ipr.toml")).unwrap();
    let opts = RegisterOptions {
        calendar: settings.calendar,
        default_tolerance: settings.default_tolerance,
        limits: settings.limits,
    };
    let register = load_register(&samples.join("register.xlsx"), "register.xlsx", &opts).unwrap();
    let month = settings.calendar.parse_id("2026-09").unwrap();
    let returns: Vec<PathBuf> = vec![samples.join("returns")];
    let c = ipr::pipeline::consolidate(&register, &returns, &settings, month);
    let out = tempfile::tempdir().unwrap();
    let style = FormStyle::builtin().unwrap();

    let first = publish(&c, out.path(), &style).unwrap();
    assert_eq!(first.xlsx, out.path().join("IPR-2026-09.xlsx"));
    assert!(first.xlsx.is_file() && first.json.is_file());
    let exceptions = c.indicators.iter().filter(|r| r.exception).count();
    assert!(exceptions > 0);
    assert_eq!(first.forms.written.len(), exceptions);
    assert!(first.forms.kept.is_empty());
    // No temporary file is left behind.
    let hidden = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with('.')
            })
            .count()
    };
    assert_eq!(hidden(out.path()) + hidden(&out.path().join("remedial")), 0);

    let answered = &first.forms.written[0];
    std::fs::write(answered, b"the owner's answers").unwrap();
    let second = publish(&c, out.path(), &style).unwrap();
    assert!(second.forms.written.is_empty());
    assert_eq!(second.forms.kept.len(), exceptions);
    assert_eq!(std::fs::read(answered).unwrap(), b"the owner's answers");
}
