//! A return made by `ipr template` is recognised by its hidden metadata sheet,
//! which settles its directorate and period even when the visible labels are
//! overwritten or the file is renamed.

mod common;

use ipr::model::Rule;
use ipr::period::{Calendar, Period};
use ipr::register::{load_register, RegisterOptions};
use ipr::report::template::Templates;
use ipr::returns::{read_return, ReturnOptions};
use std::collections::BTreeMap;
use std::process::Command;

#[test]
fn metadata_sheet_settles_directorate_and_period_over_the_visible_labels() {
    let Some(python) = common::require(common::Tool::Openpyxl) else {
        return;
    };
    let reg_path = common::register();
    let register = load_register(&reg_path, "register.xlsx", &RegisterOptions::default()).unwrap();
    let cal = Calendar::default();
    let period = Period::month(2026, 10);
    let dir = common::temp_dir();
    let written = ipr::pipeline::write_templates(
        &register,
        period,
        cal,
        &BTreeMap::new(),
        &Templates::builtin().unwrap(),
        dir.path(),
    )
    .unwrap();
    let resources = written
        .written
        .iter()
        .find(|p| p.to_string_lossy().contains("Resources"))
        .expect("a template for Resources");
    // A user overwrites the visible labels with nonsense and saves under a new name
    // that names neither directorate nor period.
    let renamed = dir.path().join("our-return-final-v2.xlsx");
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    if ws.sheet_state != "visible":
        continue
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.strip().rstrip(":").lower() in ("directorate", "period"):
                ws.cell(row=c.row, column=c.column + 1).value = "see email"
wb.save(sys.argv[2])
"#;
    let status = Command::new(python)
        .args(["-c", script])
        .arg(resources)
        .arg(&renamed)
        .status()
        .unwrap();
    assert!(status.success());
    let r = read_return(
        &renamed,
        "our-return-final-v2.xlsx",
        &register,
        &ReturnOptions::default(),
    );
    assert_eq!(
        r.directorate.as_deref(),
        Some("Resources"),
        "{:?}",
        r.findings
    );
    assert_eq!(r.period, Some(period));
    // The overwritten labels raise nothing: the metadata sheet is the first authority.
    assert!(
        r.findings
            .iter()
            .all(|f| f.rule != Rule::DQ006 && f.rule != Rule::DQ015),
        "{:?}",
        r.findings
    );
    // Every Resources indicator due in October is listed, as blank rows.
    assert!(!r.observations.is_empty());
    assert!(r
        .observations
        .iter()
        .all(|o| &*o.directorate == "Resources" && o.value.is_none()));
}
