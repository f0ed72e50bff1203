//! RAG none is "No target" everywhere (issue 18): the console's count line,
//! and the Summary sheet's count column and chart series, as the Exceptions
//! and Indicators sheets and the page already say it.

mod common;

use calamine::{open_workbook, Reader, Xlsx};

#[test]
fn the_console_and_the_summary_say_no_target_not_none() {
    let dir = common::temp_dir();
    let out = dir.path().join("out");
    let run = common::consolidate_samples(&out);
    let console = common::stdout(&run);
    let line = console
        .lines()
        .find(|l| l.contains(" indicators due: "))
        .unwrap_or_else(|| panic!("no count line:\n{console}"));
    assert!(
        line.contains(" red, ") && line.contains(" no target, ") && !line.contains(" none"),
        "{line}"
    );

    let xlsx = out.join("IPR-2026-09.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&xlsx).expect("the workbook opens");
    let summary = wb.worksheet_range("Summary").expect("a Summary sheet");
    let headings: Vec<String> = summary
        .rows()
        .find(|r| r.first().map(common::cell_text).as_deref() == Some("Directorate"))
        .expect("the counts table's headings")
        .iter()
        .map(common::cell_text)
        .collect();
    let red = headings.iter().position(|h| h == "Red").expect("Red");
    assert_eq!(headings[red + 1], "No target", "{headings:?}");
    assert!(!headings.iter().any(|h| h == "None"), "{headings:?}");

    // The chart's series are named in its XML.
    let charts = common::chart_xmls(&xlsx).concat();
    assert!(
        charts.contains("<c:v>No target</c:v>"),
        "no series No target"
    );
    assert!(!charts.contains("<c:v>None</c:v>"), "a series still None");
}
