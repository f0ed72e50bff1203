//! The remedial action on paper (SPEC section 15, issue 18), on the council
//! openpyxl writes (`tests/fixtures/make_trust.py`): a month run, a form
//! filled in by openpyxl, the next run with `--actions`, and the workbook
//! printed by LibreOffice: the lead officer, the status, the action (whole,
//! however long) and whose forecast it is are on the Exceptions pages; an
//! exception whose form has not come back says so in words.

mod common;

use calamine::{open_workbook, Reader, Xlsx};
use common::tools::{require, soffice_convert, Tool};
use std::path::Path;
use std::process::Command;

/// The answer's last words, which a row of Excel's at most 409 points cuts off.
const LAST_WORDS: &str = "the final words are purple elephants dancing.";

/// `ipr consolidate --period PERIOD ARGS...` of the council in `dir`, which
/// must write its report.
fn consolidate(dir: &Path, period: &str, args: &[&str]) {
    let mut all = vec!["--period", period];
    all.extend_from_slice(args);
    common::consolidated_council(dir, &all);
}

/// An action of about 1,500 characters, ending in [`LAST_WORDS`].
fn long_action() -> String {
    let sentence = "Two agency officers start on 2 November and a permanent recruitment \
                    campaign closes at the end of the month; the backlog is triaged weekly. ";
    let mut text = String::new();
    while text.len() < 1_450 {
        text.push_str(sentence);
    }
    text.push_str(LAST_WORDS);
    text
}

/// The text of each page of a PDF, its whitespace made single spaces.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let out = Command::new(Tool::Pdftotext.program().expect("checked"))
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn the_exceptions_pages_print_the_remedial_action_whole_with_its_lead_officer() {
    let (Some(_), Some(_)) = (require(Tool::Soffice), require(Tool::Pdftotext)) else {
        return;
    };
    let Some(python) = require(Tool::Openpyxl) else {
        return;
    };
    let Some(dir) = common::fixture_council("make_trust.py", &[]) else {
        return;
    };
    let dir = dir.path();
    // August first, so September has a previous report (and "Since last month").
    consolidate(dir, "2026-08", &[]);
    consolidate(dir, "2026-09", &[]);
    // September's exceptions include RES-02 (red) and RES-03 (amber twice).
    let form = dir.join("out/remedial/2026-09-RES-02.xlsx");
    assert!(form.is_file());
    let actions = dir.join("actions");
    std::fs::create_dir_all(&actions).unwrap();
    let action = long_action();
    assert!(action.len() > 1_400, "{}", action.len());
    let filled = Command::new(python)
        .arg(common::root().join("tests/fixtures/loop_fill.py"))
        .arg("form")
        .arg(&form)
        .arg(actions.join("2026-09-RES-02.xlsx"))
        .arg("reason=Two vacancies in the payments team since August")
        .arg(format!("action={action}"))
        .arg("lead_officer=Jo Bloggs")
        .arg("back_on_target=31 Mar 2027")
        .arg("status=Open")
        .output()
        .unwrap();
    assert!(filled.status.success(), "{}", common::stderr(&filled));
    consolidate(dir, "2026-09", &["--actions", "actions", "--replace"]);

    // The cells: the answers read back, whose forecast it is, no form in words.
    let xlsx = dir.join("out/IPR-2026-09.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let rows = common::rows_text(&wb.worksheet_range("Exceptions").unwrap());
    let head = &rows[0];
    let row = |code: &str| {
        let r = rows.iter().find(|r| r.iter().any(|c| c == code)).unwrap();
        let at = |h: &str| r[head.iter().position(|x| x == h).unwrap()].clone();
        at
    };
    let res02 = row("RES-02");
    assert_eq!(res02("Lead officer"), "Jo Bloggs");
    assert_eq!(res02("Status"), "Open");
    assert_eq!(res02("Action"), action, "the cell holds the whole answer");
    assert_eq!(res02("Forecast by"), "ipr: latest");
    let res03 = row("RES-03");
    assert_eq!(res03("Remedial action"), "Outstanding");
    assert_eq!(res03("Status"), "No form returned");
    // The remedial action's columns come before the ones that stay on screen.
    let at = |h: &str| head.iter().position(|x| x == h).unwrap();
    for h in ["Status", "Action", "Lead officer", "Back on target"] {
        assert!(at(h) < at("Commentary"), "{h} after Commentary: {head:?}");
    }

    // On paper.
    let pdf_dir = dir.join("pdf");
    soffice_convert(&[&xlsx, &form], "pdf", &pdf_dir);
    let pages = pdf_pages(&pdf_dir.join("IPR-2026-09.pdf"));
    let exceptions: String = pages
        .iter()
        // The Exceptions sheet's heading row, repeated on each of its pages.
        .filter(|p| p.contains("Back on target") && p.contains("Remedial action"))
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(!exceptions.is_empty(), "no Exceptions pages");
    for words in [
        "Lead officer",
        "Back on target",
        "Jo Bloggs",
        "31 Mar 2027",
        "Open",
        "No form returned",
        "ipr: latest",
        "Two agency officers start on 2 November",
        LAST_WORDS,
    ] {
        assert!(
            exceptions.contains(words),
            "{words:?} not on the printed Exceptions pages: {exceptions}"
        );
    }
    // The Indicators pages keep Exception on the page beside "Since last
    // month" (0.2 pt too wide before issue 18).
    let indicators: Vec<&String> = pages
        .iter()
        .filter(|p| p.contains("Polarity") && p.contains("Variation"))
        .collect();
    assert!(!indicators.is_empty(), "no Indicators pages");
    for p in indicators {
        for heading in ["Since last month", "ipr: latest", "Exception"] {
            assert!(p.contains(heading), "{heading} not printed: {p}");
        }
    }
    // The blank form says whose the forecast on it is.
    let form_text = pdf_pages(&pdf_dir.join("2026-09-RES-02.pdf")).join(" ");
    assert!(form_text.contains("(ipr: latest)"), "{form_text}");
}
