//! The full picture on the web page and honest time axes (SPEC section 15,
//! issue 18), on a council written by openpyxl
//! (`tests/fixtures/make_trust.py page`): every indicator on the page, those
//! with no figure named apart, a key in plain words, and a six-month gap in
//! GAP-01's figures kept as a gap on its charts, in the workbook and on the page.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

fn report(dir: &Path, ext: &str) -> PathBuf {
    dir.join("out").join(format!("IPR-2026-09.{ext}"))
}

/// The page's `<section id="id">`, whole.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let open = format!("<section id=\"{id}\"");
    let start = html
        .find(&open)
        .unwrap_or_else(|| panic!("section {id} on the page"));
    let end = start + html[start..].find("</section>").unwrap();
    &html[start..end]
}

const CODES: [&str; 9] = [
    "GAP-01", "GAP-02", "GAP-03", "ADL-01", "ADL-02", "ADL-03", "PLC-01", "PLC-02", "PLC-03",
];

#[test]
fn every_indicator_is_on_the_page_those_with_no_figure_named_apart_and_a_key_says_the_words() {
    let Some(dir) = common::fixture_council("make_trust.py", &["page"]) else {
        return;
    };
    common::consolidated_council(dir.path(), &["--period", "2026-09"]);
    let html = std::fs::read_to_string(report(dir.path(), "html")).unwrap();

    // Every indicator due, each once, in a block per directorate.
    let all = section(&html, "indicators");
    for code in CODES {
        let row = format!("<tr data-code=\"{code}\">");
        assert_eq!(all.matches(&row).count(), 1, "{code} listed once");
    }
    for d in ["Housing", "Adults", "Place"] {
        assert!(
            all.contains(&format!("<details class=\"dir\" data-directorate=\"{d}\">")),
            "{d} has its block"
        );
    }
    // Each row: the figures, and the RAG by word and colour.
    let row = |code: &str| {
        let start = all.find(&format!("<tr data-code=\"{code}\">")).unwrap();
        &all[start..start + all[start..].find("</tr>").unwrap()]
    };
    let adl01 = row("ADL-01");
    assert!(
        adl01.contains(">84.0%<") && adl01.contains(">80.0%<"),
        "{adl01}"
    );
    assert!(adl01.contains("class=\"rag rag-green\">Green<"), "{adl01}");
    assert!(row("ADL-03").contains("class=\"rag rag-amber\">Amber<"));
    // The exception leads to its account.
    let gap01 = row("GAP-01");
    assert!(gap01.contains("href=\"#x1-gap-01\""), "{gap01}");
    assert!(gap01.contains("class=\"rag rag-red\">Red<"), "{gap01}");
    assert!(html.contains("id=\"x1-gap-01\""));
    // Text from the register is text, never markup.
    let adl02 = row("ADL-02");
    assert!(
        adl02.contains("Carers &lt;b&gt;supported&lt;/b&gt; &amp; assessed"),
        "{adl02}"
    );
    assert!(!html.contains("<b>supported"));

    // The indicators with no figure, named in their own list, and only they.
    let none = section(&html, "no-figure");
    assert!(none.contains("No figure this period (2)"), "{none}");
    for code in ["GAP-02", "GAP-03"] {
        assert!(
            none.contains(&format!("<tr data-code=\"{code}\">")),
            "{code}"
        );
    }
    for code in CODES.iter().filter(|c| !["GAP-02", "GAP-03"].contains(c)) {
        assert!(
            !none.contains(&format!("\"{code}\"")),
            "{code} has a figure"
        );
    }
    assert!(none.contains("Not returned"));

    // The key says in words what the page's words mean.
    let key = section(&html, "key");
    for word in [
        "Green",
        "Amber",
        "Red",
        "Exception",
        "Common cause",
        "Special cause",
        "Hit or miss",
        "Will miss target",
        "remedial-action report",
    ] {
        assert!(key.contains(word), "the key explains {word}");
    }
}

/// The text of a part of an xlsx (a zip).
fn zip_part(xlsx: &Path, name: &str) -> String {
    let file = std::fs::File::open(xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
    xml
}

/// GAP-01's months: October 2024 to September 2026, every one.
fn every_month() -> Vec<String> {
    let mut out = Vec::new();
    for k in (2024 * 12 + 9)..=(2026 * 12 + 8) {
        out.push(format!("{}-{:02}", k / 12, k % 12 + 1));
    }
    out
}

const GAP: [&str; 6] = [
    "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01",
];

#[test]
fn a_six_month_gap_in_the_figures_is_a_gap_on_the_charts() {
    let Some(dir) = common::fixture_council("make_trust.py", &["page"]) else {
        return;
    };
    common::consolidated_council(dir.path(), &["--period", "2026-09"]);
    let xlsx = report(dir.path(), "xlsx");

    // The workbook's SPC data: a column for every month, the six empty.
    use calamine::{open_workbook, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let rows = common::rows_text(&wb.worksheet_range("Housing").unwrap());
    let at = rows
        .windows(3)
        .position(|w| w[0][0] == "GAP-01" && w[1][0] == "Value" && w[2][0] == "Mean")
        .expect("GAP-01's process-limit rows on the Housing sheet");
    let months: Vec<String> = rows[at][2..]
        .iter()
        .take_while(|c| !c.is_empty())
        .cloned()
        .collect();
    assert_eq!(months, every_month(), "a column for every month");
    let value = |month: &str| {
        let k = months.iter().position(|m| m == month).unwrap();
        rows[at + 1][2 + k].clone()
    };
    assert_eq!(value("2025-07"), "92");
    assert_eq!(value("2026-02"), "98");
    assert_eq!(value("2026-09"), "160");
    for m in GAP {
        assert_eq!(value(m), "", "{m} has no figure and no point");
    }
    // Its chart draws those 24 columns (C to Z), not the 18 points side by side.
    let chart = (1..10)
        .map(|n| format!("xl/charts/chart{n}.xml"))
        .map(|name| zip_part(&xlsx, &name))
        .find(|xml| xml.contains("Lower process limit"))
        .expect("the SPC chart");
    let row = at + 1; // the periods' row, 1-based
    assert!(
        chart.contains(&format!("<c:f>Housing!$C${row}:$Z${row}</c:f>")),
        "categories run over every month: {chart}"
    );
    // No dispBlanksAs: Excel and LibreOffice leave an empty cell as a gap.
    assert!(!chart.contains("dispBlanksAs val=\"zero\""));

    // The page's chart: x by month. The step from July 2025 to February 2026
    // is seven months' steps, not one.
    let html = std::fs::read_to_string(report(dir.path(), "html")).unwrap();
    let start = html.find("id=\"x1-gap-01\"").unwrap();
    let svg = &html[start..start + html[start..].find("</svg>").unwrap()];
    let texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| t.split_once('>'))
        .map(|(_, t)| t[..t.find("</text>").unwrap()].trim())
        .collect();
    assert!(
        texts.contains(&"Figure for each month"),
        "value axis: {texts:?}"
    );
    assert!(texts.contains(&"Month"), "time axis: {texts:?}");
    // The months of the gap are on the axis too.
    assert!(texts.contains(&"Nov 25"), "{texts:?}");
    let xs: Vec<i64> = svg
        .split("<circle")
        .skip(1)
        .map(|c| {
            let cx = c.split("cx=\"").nth(1).unwrap();
            cx[..cx.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert_eq!(xs.len(), 18, "a circle per figure");
    let steps: Vec<i64> = xs.windows(2).map(|w| w[1] - w[0]).collect();
    // Pixels are whole: a month's step is their mean over the other steps.
    let others: Vec<i64> = steps
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 9)
        .map(|(_, s)| *s)
        .collect();
    let step = others.iter().sum::<i64>() as f64 / others.len() as f64;
    assert!(step > 5.0, "{steps:?}");
    assert!(
        others.iter().all(|s| (*s as f64 - step).abs() <= 1.0),
        "{steps:?}"
    );
    // July 2025 (the 10th point) to February 2026 (the 11th): seven months.
    assert!(
        (steps[9] as f64 - 7.0 * step).abs() <= 2.0,
        "July 2025 to February 2026 is {}, not 7 x {step}: {steps:?}",
        steps[9]
    );
}

#[test]
fn consolidate_help_names_everything_a_run_writes() {
    let dir = common::temp_dir();
    let out = common::ipr(dir.path())
        .args(["consolidate", "--help"])
        .output()
        .expect("ipr runs");
    assert_eq!(out.status.code(), Some(0));
    let help = common::stdout(&out);
    for said in [
        "IPR-<period>.xlsx",
        "IPR-<period>.json",
        "IPR-<period>.html",
        "web page",
        "remedial/<period>-<code>.xlsx",
        "remedial-action form for each exception",
        "recovery plan",
        "packs/IPR-<period>-<column>-<value>.xlsx and .html",
        "replaced/",
        "--replace",
        "--actions <DIR>",
        "--actions DIR",
    ] {
        assert!(help.contains(said), "--help says {said:?}:\n{help}");
    }
    // The one-line summary under `ipr --help` names the page and forms too.
    let top = common::ipr(dir.path()).arg("--help").output().unwrap();
    let top = common::stdout(&top);
    let line = top
        .lines()
        .find(|l| l.trim_start().starts_with("consolidate "))
        .unwrap();
    assert!(
        line.contains("web page") && line.contains("forms"),
        "{line}"
    );
}

/// `ipr consolidate --period 2026-09` with `packs = ["Committee"]`, into `dir/out`.
fn consolidate_with_packs(dir: &Path) -> Output {
    std::fs::write(dir.join("ipr.toml"), "packs = [\"Committee\"]\n").unwrap();
    common::ipr(dir)
        .args([
            "consolidate",
            "--config",
            "ipr.toml",
            "--register",
            "register.xlsx",
        ])
        .args(["returns", "--out", "out", "--period", "2026-09"])
        .output()
        .expect("ipr runs")
}

const PACKS: [&str; 4] = [
    "IPR-2026-09-committee-housing-scrutiny.xlsx",
    "IPR-2026-09-committee-housing-scrutiny.html",
    "IPR-2026-09-committee-people-scrutiny.xlsx",
    "IPR-2026-09-committee-people-scrutiny.html",
];

/// SHA-256 of `out/<name>` for each name.
fn hashes(out: &Path, names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|n| common::sha256_hex(&std::fs::read(out.join(n)).unwrap()))
        .collect()
}

/// The report's own files and its packs, under `out`.
fn published_names() -> Vec<String> {
    let mut names: Vec<String> = ["xlsx", "json", "html"]
        .iter()
        .map(|ext| format!("IPR-2026-09.{ext}"))
        .collect();
    names.extend(PACKS.iter().map(|p| format!("packs/{p}")));
    names
}

#[test]
fn a_replaced_report_keeps_its_packs_in_replaced_numbered_as_the_report() {
    let Some(dir) = common::fixture_council("make_trust.py", &["page"]) else {
        return;
    };
    let out = dir.path().join("out");
    let first = consolidate_with_packs(dir.path());
    assert!(
        first.status.code().is_some_and(|c| c < 2),
        "{}",
        common::stderr(&first)
    );
    let names = published_names();
    let before = hashes(&out, &names);

    let again = consolidate_with_packs(dir.path());
    assert!(
        again.status.code().is_some_and(|c| c < 2),
        "{}",
        common::stderr(&again)
    );
    // Every file of the report replaced, the packs among them, kept as number 1.
    let kept: Vec<String> = names
        .iter()
        .map(|n| {
            let n = n.trim_start_matches("packs/");
            let (stem, ext) = n.rsplit_once('.').unwrap();
            format!("replaced/{stem}.1.{ext}")
        })
        .collect();
    assert_eq!(hashes(&out, &kept), before, "kept byte for byte");
    let text = common::stdout(&again);
    assert!(
        text.contains(
            "The report it replaced is in out/replaced: IPR-2026-09.1.xlsx, IPR-2026-09.1.json, IPR-2026-09.1.html, and 4 files of its packs"
        ),
        "{text}"
    );
}

#[test]
fn a_run_that_fails_after_keeping_the_old_report_leaves_no_copy_in_replaced() {
    let Some(dir) = common::fixture_council("make_trust.py", &["page"]) else {
        return;
    };
    let out = dir.path().join("out");
    let first = consolidate_with_packs(dir.path());
    assert!(
        first.status.code().is_some_and(|c| c < 2),
        "{}",
        common::stderr(&first)
    );
    let names: Vec<String> = published_names()
        .into_iter()
        .filter(|n| !n.ends_with("IPR-2026-09.html"))
        .collect();
    let before = hashes(&out, &names);
    // A folder where the page goes: found only once the old report is kept.
    let page = out.join("IPR-2026-09.html");
    std::fs::remove_file(&page).unwrap();
    std::fs::create_dir(&page).unwrap();

    let failed = consolidate_with_packs(dir.path());
    assert_eq!(failed.status.code(), Some(2), "{}", common::stdout(&failed));
    let err = common::stderr(&failed);
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(hashes(&out, &names), before, "the report is as it was");
    assert!(
        !out.join("replaced").exists(),
        "no copy of a report that was not replaced"
    );

    // With copies kept by an earlier replacement, those stay and none is added.
    std::fs::remove_dir(&page).unwrap();
    let again = consolidate_with_packs(dir.path());
    assert!(
        again.status.code().is_some_and(|c| c < 2),
        "{}",
        common::stderr(&again)
    );
    let count = || std::fs::read_dir(out.join("replaced")).unwrap().count();
    let kept = count();
    assert_eq!(kept, 6, "the report's xlsx and json, and four pack files");
    std::fs::remove_file(&page).unwrap();
    std::fs::create_dir(&page).unwrap();
    let failed = consolidate_with_packs(dir.path());
    assert_eq!(failed.status.code(), Some(2));
    assert_eq!(count(), kept, "nothing added to replaced/");
}
