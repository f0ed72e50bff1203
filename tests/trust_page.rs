//! The full picture on the web page and honest time axes (SPEC section 15,
//! issue 18), on a council written by openpyxl
//! (`tests/fixtures/make_trust_page.py`): every indicator on the page, those
//! with no figure named apart, a key in plain words, and a six-month gap in
//! GAP-01's figures kept as a gap on its charts, in the workbook and on the page.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

/// A copy of the fixture council in a folder of its own.
fn council() -> Option<tempfile::TempDir> {
    let src = common::fixtures("make_trust_page.py")?;
    let dir = common::temp_dir();
    copy_tree(src, dir.path());
    Some(dir)
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let path = e.unwrap().path();
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

/// `ipr consolidate --period 2026-09` of the council in `dir` into `dir/out`.
fn consolidate(dir: &Path) -> Output {
    let out = common::ipr(dir)
        .args(["consolidate", "--register", "register.xlsx", "returns"])
        .args(["--out", "out", "--period", "2026-09"])
        .output()
        .expect("ipr runs");
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        common::stderr(&out)
    );
    out
}

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
    let Some(dir) = council() else { return };
    consolidate(dir.path());
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
