//! The workbook on paper (SPEC section 12, issue 13): the sample council's
//! report and a remedial form rendered by LibreOffice headless and read back
//! with `pdftotext -bbox`. Every page A4; no page's type under 7 pt; the
//! Summary at 8 pt or more on one page naming every exception; a form on one
//! page. And one set of counts: console, Summary sheet, HTML and JSON agree.

mod common;

use calamine::{open_workbook_auto, Reader};
use common::tools::{require, scratch_dir, soffice_convert, Tool};
use std::path::Path;
use std::process::Command;

/// A word's box height over its type size, for the sans-serif LibreOffice draws
/// the report in (DejaVu Sans, or Carlito where installed: both about 1.25,
/// measured on the About sheet, which prints at 100% in 11 pt).
const BOX_PER_POINT: f64 = 1.25;

/// One PDF page: its size, and its words with their heights and bottoms.
struct Page {
    width: f64,
    height: f64,
    words: Vec<(String, f64, f64)>,
}

impl Page {
    fn median_height(&self) -> f64 {
        let mut h: Vec<f64> = self.words.iter().map(|w| w.1).collect();
        h.sort_by(f64::total_cmp);
        h.get(h.len() / 2).copied().unwrap_or(f64::MAX)
    }
    fn text(&self) -> String {
        let words: Vec<&str> = self.words.iter().map(|w| w.0.as_str()).collect();
        words.join(" ")
    }
    /// How far down the page its content reaches, as a share of the page's
    /// height (the footer, in the bottom 50 points, left out).
    fn filled(&self) -> f64 {
        let bottom = self
            .words
            .iter()
            .map(|w| w.2)
            .filter(|y| *y < self.height - 50.0)
            .fold(0.0, f64::max);
        bottom / self.height
    }
    fn is_a4(&self) -> bool {
        let (a, b) = (self.width.min(self.height), self.width.max(self.height));
        (a - 595.3).abs() < 2.0 && (b - 841.9).abs() < 2.0
    }
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let start = tag.find(&key).map(|i| i + key.len()).unwrap_or(0);
    let end = tag[start..].find('"').map(|i| start + i).unwrap_or(start);
    tag[start..end].parse().unwrap_or(0.0)
}

/// The pages of a PDF, by `pdftotext -bbox`.
fn pages(pdf: &Path) -> Vec<Page> {
    let out = Command::new(Tool::Pdftotext.program().expect("checked"))
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages = Vec::new();
    for chunk in text.split("<page ").skip(1) {
        let head = &chunk[..chunk.find('>').unwrap_or(0)];
        let mut page = Page {
            width: attr(head, "width"),
            height: attr(head, "height"),
            words: Vec::new(),
        };
        for w in chunk.split("<word ").skip(1) {
            let Some(close) = w.find('>') else { continue };
            let tag = &w[..close];
            let word = w[close + 1..].split("</word>").next().unwrap_or("");
            let h = attr(tag, "yMax") - attr(tag, "yMin");
            page.words
                .push((word.replace("&amp;", "&"), h, attr(tag, "yMax")));
        }
        pages.push(page);
    }
    pages
}

fn points(box_height: f64) -> f64 {
    box_height / BOX_PER_POINT
}

#[test]
fn the_workbook_and_a_form_print_on_a4_in_readable_type() {
    let (Some(_), Some(_)) = (require(Tool::Soffice), require(Tool::Pdftotext)) else {
        return;
    };
    let out = scratch_dir("print");
    let run = common::consolidate_samples(&out);
    assert!(run.status.code().is_some(), "{}", common::stderr(&run));
    let xlsx = out.join("IPR-2026-09.xlsx");
    let form = out.join("remedial").join("2026-09-ASC-02.xlsx");
    let pdf_dir = out.join("pdf");
    soffice_convert(&[&xlsx, &form], "pdf", &pdf_dir);

    let json = common::read_json(&out.join("IPR-2026-09.json"));
    // The indicators' exceptions (the action plan's are listed apart, and
    // the budget's are on the Finance sheet: not yet on the Summary).
    let exceptions: Vec<String> = json["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] != "action" && e["kind"] != "budget")
        .map(|e| e["code"].as_str().unwrap().to_string())
        .collect();
    assert!(!exceptions.is_empty());

    let report = pages(&pdf_dir.join("IPR-2026-09.pdf"));
    assert!(report.len() > 5, "{} pages", report.len());
    for (i, p) in report.iter().enumerate() {
        assert!(
            p.is_a4(),
            "page {} is {} x {} pt, not A4",
            i + 1,
            p.width,
            p.height
        );
        if p.words.len() >= 20 {
            let pt = points(p.median_height());
            assert!(
                pt >= 7.0,
                "page {} prints at {pt:.1} pt: {}",
                i + 1,
                &p.text()[..80.min(p.text().len())]
            );
        }
    }
    // The Summary is the first page: the counts and every exception, at 8 pt or more.
    let summary = &report[0];
    let text = summary.text();
    assert!(text.contains("Integrated Performance Report"), "{text}");
    assert!(text.contains("Changes since last month"), "{text}");
    for code in &exceptions {
        assert!(
            text.contains(code.as_str()),
            "{code} not on the Summary page"
        );
    }
    let pt = points(summary.median_height());
    assert!(pt >= 8.0, "the Summary prints at {pt:.1} pt");
    assert!(
        !report[1].text().contains("Returns received"),
        "the Summary's counts ran onto a second page across"
    );

    // SPC prints: the Indicators pages (the table's heading starts each one) and
    // a directorate's table carry the Variation and Assurance columns and their
    // words. The sample's Economy and Place indicators have enough history for
    // SPC ("Common cause", "Improving (special cause)", "Hit or miss"); the
    // others say "Not enough data".
    let starts = |p: &Page, first: &str| p.words.first().is_some_and(|w| w.0 == first);
    let indicators: Vec<&Page> = report
        .iter()
        .filter(|p| starts(p, "Directorate") && p.text().contains("Polarity"))
        .collect();
    assert!(!indicators.is_empty(), "no Indicators pages found");
    for p in &indicators {
        let text = p.text();
        for heading in ["RAG", "Variation", "Assurance", "Forecast", "Exception"] {
            assert!(text.contains(heading), "{heading} not printed: {text}");
        }
    }
    let all: String = indicators.iter().map(|p| p.text() + " ").collect();
    for word in ["Common", "cause", "Improving", "Hit", "miss", "enough"] {
        let found = all.split_whitespace().any(|w| w.contains(word));
        assert!(
            found,
            "no {word:?} from the SPC columns on the Indicators pages"
        );
    }
    let place = report
        .iter()
        .find(|p| starts(p, "Economy") && p.text().contains("Polarity"))
        .expect("the Economy and Place table's first page");
    let text = place.text();
    for word in ["Variation", "Assurance", "Common", "Hit", "Reasons"] {
        assert!(
            text.contains(word),
            "{word} not on Economy and Place: {text}"
        );
    }
    // Its SPC data rows print their labels whole, not cut by the Code column:
    // on the sheet's pages, from its first to the next sheet's ("Housing ...").
    let first = report.iter().position(|p| starts(p, "Economy")).unwrap();
    let end = report
        .iter()
        .position(|p| starts(p, "Housing"))
        .unwrap_or(report.len());
    let place_all: String = report[first..end].iter().map(|p| p.text() + " ").collect();
    for label in [
        "Lower process limit",
        "Upper process limit",
        "Special cause",
    ] {
        assert!(
            place_all.contains(label),
            "{label:?} cut on Economy and Place"
        );
    }
    // The chart data under the table's narrow columns shrinks to fit: a
    // parking income of £3,052,800 prints as a figure, never as "###".
    assert!(
        !place_all.contains("###") && place_all.contains("£3,052,800"),
        "chart data on Economy and Place does not fit its columns: {place_all}"
    );

    // Directorate sheets: the table's heading prints only over the table (each
    // sample directorate's table fits its first page), not over the trends and
    // charts; and no page but a sheet's last is left nearly empty.
    let names = [
        "Adults and Health",
        "Children and Families",
        "Economy and Place",
        "Housing and Communities",
        "Resources",
    ];
    let begins = |p: &Page, name: &str| {
        let first: Vec<&str> = p.words.iter().take(3).map(|w| w.0.as_str()).collect();
        name.starts_with(&first.join(" ")) || first.join(" ").starts_with(name)
    };
    let starts_at: Vec<usize> = names
        .iter()
        .map(|n| {
            report
                .iter()
                .position(|p| begins(p, n) && p.text().contains("Polarity"))
                .unwrap_or_else(|| panic!("no first page for {n}"))
        })
        .collect();
    for (k, name) in names.iter().enumerate() {
        let end = starts_at.get(k + 1).copied().unwrap_or(report.len());
        let sheet = &report[starts_at[k]..end];
        assert!(sheet.len() >= 2, "{name}: table, then trends and charts");
        for (i, p) in sheet.iter().enumerate().skip(1) {
            assert!(
                !p.text().contains("Polarity"),
                "{name}, its page {}: the table's heading over its trends",
                i + 1
            );
        }
        for (i, p) in sheet[..sheet.len() - 1].iter().enumerate() {
            let filled = p.filled();
            assert!(
                filled > 0.5,
                "{name}, its page {}: filled to {:.0}% of the page",
                i + 1,
                filled * 100.0
            );
        }
    }

    let form = pages(&pdf_dir.join("2026-09-ASC-02.pdf"));
    assert_eq!(form.len(), 1, "a remedial form prints on one page");
    assert!(form[0].is_a4());
    assert!(points(form[0].median_height()) >= 7.0);
}

/// The data-quality counts of a consolidation as (errors, to look at, explained)
/// in each of the four places they are shown.
#[test]
fn console_summary_sheet_html_and_json_give_the_same_counts() {
    let out = common::temp_dir();
    let run = common::consolidate_samples(out.path());
    let console = common::stdout(&run);
    let json = common::read_json(&out.path().join("IPR-2026-09.json"));
    let s = &json["summary"];
    let n = |k: &str| s[k].as_u64().unwrap() as usize;
    let (errors, look, explained) = (n("dq_errors"), n("dq_warnings"), n("dq_warnings_explained"));
    assert!(look > 0 && explained > 0, "the samples have both kinds");

    // The console.
    let words = ipr::model::FindingCounts {
        errors,
        to_look_at: look,
        explained,
    }
    .words();
    assert!(console.contains(&words), "{words:?} not in:\n{console}");

    // The Summary sheet: the council's row under the headings.
    let mut wb = open_workbook_auto(out.path().join("IPR-2026-09.xlsx")).unwrap();
    let rows = common::rows_text(&wb.worksheet_range("Summary").unwrap());
    let head = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Directorate"))
        .unwrap();
    let col = |name: &str| rows[head].iter().position(|c| c == name).unwrap();
    let council = &rows[head + 1];
    assert_eq!(council[0], "Council");
    assert_eq!(council[col("DQ errors")], errors.to_string());
    assert_eq!(council[col("Warnings to look at")], look.to_string());
    assert_eq!(council[col("Warnings explained")], explained.to_string());

    // The HTML.
    let html = std::fs::read_to_string(out.path().join("IPR-2026-09.html")).unwrap();
    assert!(html.contains("Warnings to look at") && html.contains("Warnings explained"));
    for (key, v) in [("dq_warnings", look), ("dq_warnings_explained", explained)] {
        let needle = format!("data-count=\"{key}\"");
        let at = html.find(&needle).unwrap_or_else(|| panic!("{needle}"));
        let after = &html[at..];
        let num: String = after[after.find('>').unwrap() + 1..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        assert_eq!(num, v.to_string(), "{key} in the HTML");
    }

    // `check` on one return: its console line and its JSON agree.
    let ret = common::sample_return("Housing-and-Communities-2026-09.xlsx");
    let cwd = common::temp_dir();
    let text = common::ipr(cwd.path())
        .arg("check")
        .arg("--config")
        .arg(common::config())
        .arg(&ret)
        .output()
        .unwrap();
    let json = common::ipr(cwd.path())
        .arg("check")
        .arg("--config")
        .arg(common::config())
        .args(["--format", "json"])
        .arg(&ret)
        .output()
        .unwrap();
    let j: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let js = &j["summary"];
    let m = |k: &str| js[k].as_u64().unwrap() as usize;
    let words = ipr::model::FindingCounts {
        errors: m("errors"),
        to_look_at: m("warnings"),
        explained: m("explained"),
    }
    .words();
    let text = common::stdout(&text);
    assert!(text.contains(&words), "{words:?} not in:\n{text}");
}

/// The SPC data under a directorate's table: each label in column A with column
/// B empty, so that a label wider than the Code column runs on into it rather
/// than being cut; the data from column C, where the chart reads it.
#[test]
fn spc_data_labels_have_room_and_the_charts_read_the_data_beside_them() {
    let out = common::temp_dir();
    let run = common::consolidate_samples(out.path());
    assert!(run.status.code().is_some(), "{}", common::stderr(&run));
    let xlsx = out.path().join("IPR-2026-09.xlsx");
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    let rows = common::rows_text(&wb.worksheet_range("Economy and Place").unwrap());
    let upper: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r.first().is_some_and(|c| c == "Upper process limit"))
        .collect();
    assert!(
        !upper.is_empty(),
        "the sample's EP exceptions have SPC data"
    );
    for row in &upper {
        assert_eq!(row[1], "", "column B is left for the label");
        assert!(row[2].parse::<f64>().is_ok(), "data from column C: {row:?}");
    }
    // Every SPC chart's series start in column C.
    let mut spc_charts = 0;
    for xml in common::chart_xmls(&xlsx) {
        if xml.contains("Upper process limit") {
            spc_charts += 1;
            assert!(!xml.contains("!$B$"), "an SPC series reads column B");
            assert!(xml.contains("!$C$"), "the SPC series read from column C");
            // Its axis in the indicator's units, as on the other trend charts.
            if xml.contains("EP-07") {
                assert!(xml.contains("£#,##0"), "EP-07's SPC axis is not in £");
            }
        }
    }
    assert!(spc_charts >= 2, "{spc_charts} SPC charts");
}

/// A council of 100 indicators (SPEC section 12): five directorates with long
/// names, long titles, and 20 exceptions. Its Summary is still one A4 page at
/// 8 pt or more, every exception on it and on one line.
#[test]
fn a_council_of_100_indicators_has_its_summary_on_one_page() {
    let (Some(_), Some(_)) = (require(Tool::Soffice), require(Tool::Pdftotext)) else {
        return;
    };
    let dir = scratch_dir("print-100");
    let names = [
        "Adults, Health and Wellbeing",
        "Children and Families",
        "Housing and Communities",
        "Place and Economic Regeneration",
        "Resources and Corporate Services",
    ];
    let mut reg = String::from(
        "Code,Title,Directorate,Unit,Polarity,Frequency,Measure,Annual Target,Decimals,Min,Max\n",
    );
    let mut exceptions = Vec::new();
    for i in 0..100 {
        let d = names[i / 20];
        let code = format!("D{}-{i:03}", i / 20);
        reg.push_str(&format!(
            "{code},\"Percentage of residents who said the service met their needs in full ({i})\",\"{d}\",number,higher,monthly,snapshot,100,0,none,none\n"
        ));
        if i % 5 == 0 {
            exceptions.push(code);
        }
    }
    std::fs::write(dir.join("register.csv"), reg).unwrap();
    let mut returns = Vec::new();
    for (k, d) in names.iter().enumerate() {
        let mut ret =
            format!("Directorate:,\"{d}\"\nPeriod:,Sep-26\nCode,Period,Actual,Commentary\n");
        for i in k * 20..(k + 1) * 20 {
            let value = if i % 5 == 0 { 50 } else { 100 };
            ret.push_str(&format!("D{k}-{i:03},2026-09,{value},On plan\n"));
        }
        let file = format!("D{k}-2026-09.csv");
        std::fs::write(dir.join(&file), ret).unwrap();
        returns.push(format!("\"{file}\""));
    }
    std::fs::write(
        dir.join("ipr.toml"),
        format!(
            "register = \"register.csv\"\nreturns = [{}]\noutput = \"out\"\nperiod = \"2026-09\"\n",
            returns.join(", ")
        ),
    )
    .unwrap();
    let run = common::ipr(&dir)
        .args(["consolidate", "--config", "ipr.toml"])
        .output()
        .expect("ipr runs");
    assert!(run.status.code().is_some(), "{}", common::stderr(&run));
    let json = common::read_json(&dir.join("out").join("IPR-2026-09.json"));
    assert_eq!(
        json["indicators"].as_array().unwrap().len(),
        100,
        "{json:#}"
    );
    let listed: Vec<&str> = json["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(listed, exceptions);

    let pdf_dir = dir.join("pdf");
    soffice_convert(
        &[&dir.join("out").join("IPR-2026-09.xlsx")],
        "pdf",
        &pdf_dir,
    );
    let report = pages(&pdf_dir.join("IPR-2026-09.pdf"));
    let summary = &report[0];
    assert!(summary.is_a4());
    let text = summary.text();
    for code in &exceptions {
        assert!(
            text.contains(code.as_str()),
            "{code} not on the Summary page: {text}"
        );
    }
    assert!(
        !report[1]
            .text()
            .contains(exceptions.last().unwrap().as_str()),
        "the exceptions ran onto a second page"
    );
    let pt = points(summary.median_height());
    assert!(pt >= 8.0, "the Summary prints at {pt:.1} pt");
    // One line each: the exception list's codes stand one line apart, and each
    // code's line also holds its RAG word.
    let at = |code: &str| {
        summary
            .words
            .iter()
            .find(|w| w.0 == code)
            .unwrap_or_else(|| panic!("{code} is not a word of its own: {text}"))
            .clone()
    };
    for pair in exceptions.windows(2) {
        let (a, b) = (at(&pair[0]), at(&pair[1]));
        assert!(
            b.2 - a.2 < 1.6 * a.1,
            "{} takes more than one line ({:.1} pt to the next, type {:.1})",
            pair[0],
            b.2 - a.2,
            a.1
        );
    }
    for code in &exceptions {
        let y = at(code).2;
        let line: Vec<&str> = summary
            .words
            .iter()
            .filter(|w| (w.2 - y).abs() < 1.0)
            .map(|w| w.0.as_str())
            .collect();
        assert!(
            line.contains(&"Red"),
            "{code}'s line lacks its RAG: {line:?}"
        );
    }
}

/// A council of 100 indicators and 60 actions with their exceptions (SPEC
/// sections 12 and 13; scripts/make_plan_council.py: five directorates with
/// long names, 15 indicator exceptions and 8 action exceptions, August then
/// September). Its Summary, now also counting the actions by directorate with
/// the changes beside them, is still one A4 page at 8 pt or more, every
/// exception of both kinds on it, one line each.
#[test]
fn a_council_with_an_action_plan_has_its_summary_on_one_page() {
    let (Some(_), Some(_)) = (require(Tool::Soffice), require(Tool::Pdftotext)) else {
        return;
    };
    let Some(dir) = common::tools::generate("../scripts/make_plan_council.py", &[], Tool::Openpyxl)
    else {
        return;
    };
    for period in ["2026-08", "2026-09"] {
        let run = common::ipr(dir)
            .args(["consolidate", "--config", "ipr.toml", "--period", period])
            .output()
            .expect("ipr runs");
        assert!(run.status.code().is_some(), "{}", common::stderr(&run));
    }
    let out = dir.join("out");
    let json = common::read_json(&out.join("IPR-2026-09.json"));
    let listed: Vec<(String, String)> = json["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            (s("kind"), s("code"))
        })
        .collect();
    let count = |kind: &str| listed.iter().filter(|(k, _)| k == kind).count();
    assert_eq!((count("indicator"), count("action")), (15, 8), "{listed:?}");
    assert_eq!(json["actions"].as_array().unwrap().len(), 60);

    let pdf_dir = dir.join("pdf");
    soffice_convert(&[&out.join("IPR-2026-09.xlsx")], "pdf", &pdf_dir);
    let report = pages(&pdf_dir.join("IPR-2026-09.pdf"));
    let summary = &report[0];
    assert!(summary.is_a4());
    let text = summary.text();
    for heading in ["Action plan", "Changes since last month", "Remedial action"] {
        assert!(
            text.contains(heading),
            "{heading} not on the Summary: {text}"
        );
    }
    assert!(text.contains("Actions since August:"), "{text}");
    for (_, code) in &listed {
        assert!(
            text.contains(code.as_str()),
            "{code} not on the Summary page: {text}"
        );
    }
    let last = &listed.last().unwrap().1;
    assert!(
        !report[1].text().contains(last.as_str()),
        "the exceptions ran onto a second page"
    );
    let pt = points(summary.median_height());
    assert!(pt >= 8.0, "the Summary prints at {pt:.1} pt");
    // One line each: every action exception's Ref shares its line with its RAG word.
    for (_, code) in listed.iter().filter(|(k, _)| k == "action") {
        let w = summary
            .words
            .iter()
            .find(|w| w.0 == *code)
            .unwrap_or_else(|| panic!("{code} is not a word of its own: {text}"));
        let line: Vec<&str> = summary
            .words
            .iter()
            .filter(|x| (x.2 - w.2).abs() < 1.0)
            .map(|x| x.0.as_str())
            .collect();
        assert!(
            line.iter()
                .any(|x| ["Overdue", "Red", "Green", "Amber"].contains(x)),
            "{code}'s line lacks its RAG: {line:?}"
        );
    }
}
