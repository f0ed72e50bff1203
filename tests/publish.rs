//! `report::publish` called as a library user would: the report and forms of
//! the sample council, then a second run that keeps the forms already there.

use ipr::config::load_config;
use ipr::register::{load_register, RegisterOptions};
use ipr::report::publish::publish;
use ipr::report::FormStyle;
use std::path::{Path, PathBuf};

/// The sample council's September, consolidated.
fn samples_september() -> ipr::model::Consolidation {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let (_, settings) = load_config(&samples.join("ipr.toml")).unwrap();
    let opts = RegisterOptions {
        calendar: settings.calendar,
        default_tolerance: settings.default_tolerance,
        limits: settings.limits,
    };
    let register = load_register(&samples.join("register.xlsx"), "register.xlsx", &opts).unwrap();
    let month = settings.calendar.parse_id("2026-09").unwrap();
    ipr::pipeline::consolidate(&register, &[samples.join("returns")], &settings, month)
}

#[test]
fn forms_built_on_every_core_are_the_forms_built_one_by_one_in_order() {
    let c = samples_september();
    let style = FormStyle::builtin().unwrap();
    let exceptions: Vec<_> = c.indicators.iter().filter(|r| r.exception).collect();
    assert!(exceptions.len() > 1, "the samples need several exceptions");
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("remedial");
    let done = ipr::report::stage_forms(&c, &dir, &style)
        .unwrap()
        .commit()
        .unwrap();
    let names = ipr::report::forms::form_file_names(&c);
    let expected: Vec<PathBuf> = exceptions
        .iter()
        .map(|r| dir.join(&names[r.code.as_str()]))
        .collect();
    assert_eq!(done.written, expected, "forms out of the exceptions' order");
    for (r, path) in exceptions.iter().zip(&done.written) {
        let one_by_one = ipr::report::forms::form_bytes(&c, r, &style).unwrap();
        assert!(
            std::fs::read(path).unwrap() == one_by_one,
            "{} differs from the form built on its own",
            path.display()
        );
    }
    // Built in memory the same way, for callers that write them later.
    let prepared = ipr::report::prepare_forms(&c, &out.path().join("again"), &style).unwrap();
    let again = prepared.write().unwrap();
    for (a, b) in done.written.iter().zip(&again.written) {
        assert_eq!(a.file_name(), b.file_name());
        assert!(std::fs::read(a).unwrap() == std::fs::read(b).unwrap());
    }
    assert_eq!(again.written.len(), exceptions.len());
}

#[test]
fn the_workbook_written_as_it_is_saved_is_the_workbook_built_in_memory() {
    let c = samples_september();
    let mut streamed = Vec::new();
    ipr::report::workbook::write_workbook_to(&c, &mut streamed).unwrap();
    let whole = ipr::report::workbook_bytes(&c).unwrap();
    assert!(whole.len() > 10_000);
    assert!(
        streamed == whole,
        "the two ways of saving gave different bytes"
    );
}

#[test]
fn publish_writes_the_report_then_the_forms_and_never_overwrites_a_form() {
    let c = samples_september();
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
