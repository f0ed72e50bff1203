//! `IPR-<period>.html` (SPEC section 12): self-contained, the same counts as the
//! JSON, text from returns escaped, byte-identical on a second run, and a page
//! a real browser prints on A4 with every exception on it.
//!
//! The browser tests need Debian's `chromium` and poppler-utils (`pdfinfo`,
//! `pdftotext`); without them they say why they skipped, except under
//! `CI=true`, where a missing tool is a failure.

mod common;

use rust_xlsxwriter::Workbook;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// The samples consolidated once for every test here: (folder kept alive, HTML, JSON).
fn samples() -> &'static (tempfile::TempDir, String, Value) {
    static RUN: OnceLock<(tempfile::TempDir, String, Value)> = OnceLock::new();
    RUN.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        let out = common::consolidate_samples(dir.path());
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "consolidate failed: {}",
            common::stderr(&out)
        );
        let html = std::fs::read_to_string(dir.path().join("IPR-2026-09.html"))
            .expect("IPR-2026-09.html written beside the workbook");
        let json = common::read_json(&dir.path().join("IPR-2026-09.json"));
        (dir, html, json)
    })
}

fn html_path() -> PathBuf {
    samples().0.path().join("IPR-2026-09.html")
}

fn exception_codes(json: &Value) -> Vec<String> {
    // The indicators' exceptions; the action plan's (kind "action") have a
    // section of their own.
    json["exceptions"]
        .as_array()
        .expect("exceptions array")
        .iter()
        .filter(|e| e["kind"] != "action")
        .map(|e| e["code"].as_str().expect("code").to_string())
        .collect()
}

/// Every value of `attr="..."` in `html` (the attribute name matched in any case).
fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let needle = format!("{attr}=");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&needle) {
        let start = from + at + needle.len();
        let rest = &html[start..];
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest.split([' ', '>']).next().unwrap_or(""),
        };
        out.push(value.to_string());
        from = start;
    }
    out
}

/// The number shown in the first element after `marker` (e.g. `data-count="red"`).
fn number_after(html: &str, marker: &str) -> Option<u64> {
    let at = html.find(marker)?;
    let rest = &html[at..];
    let text = rest[rest.find('>')? + 1..].split('<').next()?;
    text.trim().parse().ok()
}

#[test]
fn the_page_fetches_nothing() {
    let (_, html, _) = samples();
    for attr in ["src", "href", "xlink:href", "srcset", "action", "poster"] {
        for v in attribute_values(html, attr) {
            assert!(v.starts_with('#'), "{attr}=\"{v}\" points outside the page");
        }
    }
    let lower = html.to_ascii_lowercase();
    for banned in [
        "<script", "<link", "@import", "url(", "<img", "<iframe", "<object", "<embed",
    ] {
        assert!(!lower.contains(banned), "the page holds {banned}");
    }
    assert!(lower.starts_with("<!doctype html>"));
    assert!(
        lower.contains("<meta name=\"viewport\""),
        "no viewport for phones"
    );
    assert!(lower.contains("@page"), "no page rules for print");
    assert!(lower.contains("size: a4"), "print is not set to A4");
}

#[test]
fn names_the_period_and_every_exception_with_a_labelled_chart() {
    let (_, html, json) = samples();
    assert!(html.contains("<h1>September 2026</h1>"), "period in words");
    let codes = exception_codes(json);
    assert!(!codes.is_empty(), "the samples have exceptions");
    for code in &codes {
        assert!(
            html.contains(&format!("<span class=\"code\">{code}</span>")),
            "{code} has no block"
        );
    }
    assert_eq!(
        html.matches("<article class=\"exception\"").count(),
        codes.len(),
        "one block per exception"
    );
    // Each chart says what it shows, to a screen reader and on hover.
    let charts = html.matches("<svg ").count();
    assert_eq!(charts, codes.len(), "a chart for each exception");
    assert_eq!(
        html.matches("role=\"img\" aria-label=\"Trend of ").count(),
        charts
    );
    assert_eq!(html.matches("<title>Trend of ").count(), charts);
    // Units and RAG in words.
    assert!(html.contains("£1,856,400"), "currency in pounds");
    assert!(html.contains("41.2%"), "percent at one decimal");
    assert!(html.contains("<span class=\"rag rag-red\">Red</span>"));
    assert!(html.contains("Outstanding"), "no forms came back");
}

#[test]
fn counts_agree_with_the_json_summary() {
    let (_, html, json) = samples();
    let summary = &json["summary"];
    // The council-wide counts come first on the page.
    let keys = [
        "indicators",
        "green",
        "amber",
        "red",
        "none",
        "missing",
        "exceptions",
        "dq_errors",
        "dq_warnings",
        "dq_warnings_explained",
    ];
    for key in keys {
        let shown = number_after(html, &format!("data-count=\"{key}\""));
        assert_eq!(shown, summary[key].as_u64(), "summary count {key}");
    }
    assert!(html.contains("Warnings to look at") && html.contains("Warnings explained"));
    let council = &json["coverage"]["council"];
    assert_eq!(
        number_after(html, "data-coverage=\"returned\""),
        council["returned"].as_u64()
    );
    assert_eq!(
        number_after(html, "data-coverage=\"expected\""),
        council["expected"].as_u64()
    );
    // Each directorate's rows (RAG, then data quality) against its JSON counts.
    let directorates = summary["directorates"].as_array().expect("directorates");
    assert_eq!(directorates.len(), common::DIRECTORATES.len());
    for d in directorates {
        let name = d["directorate"].as_str().expect("name");
        let rows: Vec<&str> = html
            .split(&format!("<tr data-directorate=\"{name}\">"))
            .skip(1)
            .map(|s| s.split("</tr>").next().unwrap_or(""))
            .collect();
        assert_eq!(rows.len(), 2, "{name}: a RAG row and a data-quality row");
        for key in keys {
            let shown: Vec<u64> = rows
                .iter()
                .filter_map(|row| number_after(row, &format!("data-count=\"{key}\"")))
                .collect();
            assert!(shown.len() <= 1, "{name} {key} shown twice");
            if let Some(n) = shown.first() {
                assert_eq!(Some(*n), d[key].as_u64(), "{name} {key}");
            }
        }
    }
}

#[test]
fn two_runs_give_the_same_bytes() {
    let (_, first, _) = samples();
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = common::consolidate_samples(dir.path());
    assert!(matches!(out.status.code(), Some(0 | 1)));
    let second = std::fs::read_to_string(dir.path().join("IPR-2026-09.html")).expect("html");
    assert!(*first == second, "the HTML differs between two runs");
}

/// A Resources return whose RES-01 is red, with a commentary that is markup.
fn hostile_return(dir: &Path) -> PathBuf {
    let path = dir.join("Resources-2026-09.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Directorate:").unwrap();
    ws.write_string(0, 1, "Resources").unwrap();
    ws.write_string(1, 0, "Period:").unwrap();
    ws.write_string(1, 1, "Sep-26").unwrap();
    for (c, h) in ["Code", "Actual", "Commentary"].iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    let rows: [(&str, f64, &str); 3] = [
        ("RES-01", 50.0, "<script>alert(1)</script> & <b>bold</b>"),
        ("RES-02", 17.6, "\"quoted\" 'text'"),
        ("RES-05", 8.7, ""),
    ];
    for (i, (code, value, text)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_string(r, 0, *code).unwrap();
        ws.write_number(r, 1, *value).unwrap();
        if !text.is_empty() {
            ws.write_string(r, 2, *text).unwrap();
        }
    }
    wb.save(&path).unwrap();
    path
}

#[test]
fn commentary_that_is_markup_arrives_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let ret = hostile_return(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let run = common::ipr(dir.path())
        .arg("consolidate")
        .arg("--register")
        .arg(common::register())
        .args(["--period", "2026-09", "--out"])
        .arg(&out)
        .arg(&ret)
        .output()
        .unwrap();
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "{}",
        common::stderr(&run)
    );
    let html = std::fs::read_to_string(out.join("IPR-2026-09.html")).unwrap();
    assert!(
        html.contains("<span class=\"code\">RES-01</span>"),
        "RES-01 at 50% is an exception"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"),
        "the commentary is not shown as escaped text"
    );
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "markup got through"
    );
    assert!(!html.contains("<b>bold"), "markup got through");
}

// ---------------------------------------------------------------- In a browser

/// True when `program` runs; otherwise says why the test skips, or fails under CI.
fn have(program: &str, arg: &str, why: &str) -> bool {
    let ok = std::process::Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{program} is needed under CI ({why})"
        );
        eprintln!("skipped: {program} is not installed ({why})");
    }
    ok
}

const CHROMIUM: &str = "/usr/bin/chromium";

/// Runs headless Chromium with a profile of its own on `page` with `args`.
fn chromium(page: &Path, args: &[String]) {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.display());
    let out = assert_cmd::Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .timeout(Duration::from_secs(180))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn prints_on_a4_with_every_exception_and_draws_on_a_phone() {
    if !have(CHROMIUM, "--version", "Debian's chromium package")
        || !have("pdfinfo", "-v", "poppler-utils")
        || !have("pdftotext", "-v", "poppler-utils")
    {
        return;
    }
    let (_, _, json) = samples();
    let page = html_path();
    let work = tempfile::tempdir().unwrap();
    let pdf = work.path().join("report.pdf");
    chromium(
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_string(),
        ],
    );
    let phone = work.path().join("phone.png");
    chromium(
        &page,
        &[
            format!("--screenshot={}", phone.display()),
            "--window-size=390,844".to_string(),
        ],
    );
    let png = std::fs::read(&phone).expect("a phone screenshot");
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");

    // Every page A4: pdfinfo lists each page's size when given a page range.
    let info = std::process::Command::new("pdfinfo")
        .args(["-f", "1", "-l", "1000"])
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let sizes: Vec<&str> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .collect();
    assert!(!sizes.is_empty(), "no page sizes in: {info}");
    for line in sizes {
        let dims: Vec<f64> = line
            .split(':')
            .nth(1)
            .unwrap_or("")
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        assert!(
            line.contains("(A4)")
                && dims.len() == 2
                && (dims[0] - 595.3).abs() < 1.0
                && (dims[1] - 841.9).abs() < 1.0,
            "not an A4 page: {line}"
        );
    }

    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    for code in exception_codes(json) {
        assert!(text.contains(&code), "{code} is not in the printed report");
    }
    assert!(text.contains("September 2026"));
}

// ---------------------------------------------------------------- Through the library

fn sample_consolidation() -> ipr::model::Consolidation {
    common::sample_month("2026-09")
}

/// Gives ASC-02's result in `c` the SPC of `values`, the months August 2025
/// to September 2026 (lower is better), against `target`, as the assessment
/// would, and returns a copy of it.
fn give_asc02_spc(
    c: &mut ipr::model::Consolidation,
    values: &[f64; 14],
    target: f64,
) -> ipr::model::spc::Spc {
    use ipr::assess::spc;
    let s = spc::assess(
        values,
        ipr::model::Polarity::Lower,
        Some(target),
        &spc::Options::default(),
    )
    .expect("14 months are enough for SPC");
    let r = c
        .indicators
        .iter_mut()
        .find(|r| r.code == "ASC-02")
        .expect("ASC-02 in the samples");
    // ASC-02 is a snapshot: every month's target on the series' scale is the target.
    r.spc_series = (0..14)
        .map(|i| {
            let (y, m) = if i < 5 { (2025, 8 + i) } else { (2026, i - 4) };
            ipr::model::SpcPoint {
                period: format!("{y}-{m:02}"),
                value: values[i as usize],
                target: Some(target),
            }
        })
        .collect();
    r.spc = Some(s.clone());
    s
}

#[test]
fn answers_changes_and_limits_are_shown_when_given() {
    use ipr::model::Changes;
    use ipr::report::html::{render, render_with, Extras};
    let mut c = sample_consolidation();
    // The samples' history gives some exceptions SPC of their own: take it
    // away, to see the page without and then with one indicator's.
    assert!(
        c.indicators.iter().any(|r| r.exception && r.spc.is_some()),
        "some sample exception has 13 or more months"
    );
    assert!(render(&c).contains("Process limits"));
    for r in &mut c.indicators {
        r.spc = None;
        r.spc_series.clear();
    }
    let plain = render(&c);
    assert_eq!(plain, render(&c), "the same consolidation, the same page");
    assert!(
        !plain.contains("Changes since"),
        "no previous report, no changes"
    );
    assert!(!plain.contains("Process limits"), "no SPC, no limits");

    // 14 months alternating 11.8 and 12.6, then 20: every earlier month is
    // below the mean (12.73), a shift, and 20 is beyond the upper limit. Set
    // on ASC-02's result as the assessment would.
    let mut values: [f64; 14] = std::array::from_fn(|i| if i % 2 == 0 { 11.8 } else { 12.6 });
    values[13] = 20.0;
    let s = give_asc02_spc(&mut c, &values, 5.0);
    assert!(s.marks[13].any(), "20 is beyond the upper limit");
    let (mean, lower, upper) = (s.mean, s.lower_limit, s.upper_limit);

    ipr::remedial::attach(
        &mut c,
        vec![ipr::model::RemedialAction {
            code: "ASC-02".into(),
            period: "2026-08".into(),
            reason: Some("Winter <pressures>".into()),
            action: Some("Two brokerage officers".into()),
            lead_officer: Some("A. Officer".into()),
            back_on_target: Some("31 Mar 2027".into()),
            status: Some("open".into()),
            file: "remedial/2026-08-ASC-02.xlsx".into(),
            ..Default::default()
        }],
    );
    let extras = Extras {
        changes: Some(Changes {
            previous_period: "2026-08".into(),
            new_exceptions: vec!["HC-05".into()],
            no_longer_exceptions: vec![],
            rag_better: vec!["RES-01".into(), "CF-02".into()],
            rag_worse: vec!["HC-05".into()],
            ..Default::default()
        }),
    };
    let page = render_with(&c, &extras);
    assert!(
        page.contains("Changes since August 2026"),
        "changes heading"
    );
    assert!(page.contains("RES-01, CF-02"));
    assert!(page.contains("Carried forward from August 2026 (form 2026-08-ASC-02.xlsx)"));
    assert!(page.contains("Winter &lt;pressures&gt;"), "answers escaped");
    assert!(page.contains("31 Mar 2027") && page.contains("Status: Open"));
    assert_eq!(
        page.matches("Process limits").count(),
        1,
        "one chart has limits"
    );
    let label = format!("mean {mean:.1}, process limits {lower:.1} to {upper:.1}");
    assert!(page.contains(&label), "limits in the label: {label}");
    assert!(
        page.contains("special cause in 2025-08, 2025-09,") && page.contains(", 2026-09."),
        "the flagged points named"
    );
    assert!(page.contains("Special cause"), "and keyed");
    assert!(page.contains("Concern (special cause)") && page.contains("Will miss target"));
    if let Ok(dir) = std::env::var("IPR_HTML_KEEP") {
        // For looking at by eye: IPR_HTML_KEEP=/some/folder cargo test --test html_report
        std::fs::write(Path::new(&dir).join("extras.html"), &page).unwrap();
    }
}

#[test]
fn a_target_at_the_mean_is_said_and_keyed() {
    let mut c = sample_consolidation();
    for r in &mut c.indicators {
        r.spc = None;
        r.spc_series.clear();
    }
    // 14 months alternating 8.6 and 9.4: the mean is 9, ASC-02's target.
    let values: [f64; 14] = std::array::from_fn(|i| if i % 2 == 0 { 8.6 } else { 9.4 });
    let s = give_asc02_spc(&mut c, &values, 9.0);
    assert!((s.mean - 9.0).abs() < 1e-9, "mean {}", s.mean);
    let target = c
        .indicators
        .iter()
        .find(|r| r.code == "ASC-02")
        .unwrap()
        .target;
    assert_eq!(target, Some(9.0), "ASC-02's target is 9");
    let page = ipr::report::html::render(&c);
    let block = |code: &str| -> String {
        let at = page
            .find(&format!("<span class=\"code\">{code}</span>"))
            .unwrap_or_else(|| panic!("{code} has a block"));
        let rest = &page[at..];
        rest[..rest.find("</article>").unwrap()].to_string()
    };
    let asc = block("ASC-02");
    assert!(
        asc.contains("mean 9.0, process limits")
            && asc.contains("(the target line lies on the mean line)"),
        "the label says the two lines are one"
    );
    assert!(
        asc.contains("The target is at the mean: its dashed line lies on the mean's grey band."),
        "the key says which is which"
    );
    assert!(asc.contains("key-target") && asc.contains("key-mean"));
    assert_eq!(
        page.matches("lies on the mean").count(),
        asc.matches("lies on the mean").count(),
        "no other chart's target is at its mean"
    );
    if let Ok(dir) = std::env::var("IPR_HTML_KEEP") {
        std::fs::write(Path::new(&dir).join("on-mean.html"), &page).unwrap();
    }
}
