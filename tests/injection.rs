//! Text from returns that a spreadsheet would take for a formula (it begins with
//! `=`, `+`, `-`, `@`, a tab or a carriage return) is stored as text, with the
//! quote prefix that stops Excel turning it into a formula when the cell is
//! edited (OWASP's CSV/formula-injection guidance). Proved through a real
//! return written by another program than our writer's code path for reports.

mod common;

use rust_xlsxwriter::Workbook;
use std::io::Read;
use std::process::Command;

const ATTACKS: [&str; 6] = [
    "=HYPERLINK(\"http://example.invalid\",\"click\")",
    "+1+2",
    "-2+3 staffing",
    "@SUM(1,2)",
    "\tTabbed note",
    "\rCarriage note",
];

fn part(xlsx: &std::path::Path, name: &str) -> String {
    let f = std::fs::File::open(xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(f).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The `quotePrefix` flag of each cellXfs entry in styles.xml, by index.
fn quote_prefixed_styles(styles: &str) -> Vec<bool> {
    let xfs = styles
        .split("<cellXfs")
        .nth(1)
        .and_then(|s| s.split("</cellXfs>").next())
        .unwrap_or("");
    xfs.split("<xf ")
        .skip(1)
        .map(|xf| {
            let head = xf.split('>').next().unwrap_or("");
            head.contains("quotePrefix=\"1\"")
        })
        .collect()
}

#[test]
fn text_that_looks_like_a_formula_is_stored_as_quoted_text() {
    let dir = common::temp_dir();
    let ret = dir.path().join("Resources-2026-09.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Directorate:").unwrap();
    ws.write_string(0, 1, "Resources").unwrap();
    ws.write_string(1, 0, "Period:").unwrap();
    ws.write_string(1, 1, "Sep-26").unwrap();
    for (c, h) in ["Code", "Actual", "Commentary", "Data Note"]
        .iter()
        .enumerate()
    {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    let codes = ["RES-01", "RES-02", "RES-03", "RES-04", "RES-05", "RES-06"];
    for (i, (code, text)) in codes.iter().zip(ATTACKS).enumerate() {
        let r = 4 + i as u32;
        ws.write_string(r, 0, *code).unwrap();
        ws.write_number(r, 1, 50.0).unwrap();
        ws.write_string(r, 2, text).unwrap();
        ws.write_string(r, 3, text).unwrap();
    }
    wb.save(&ret).unwrap();

    let out = dir.path().join("out");
    let status = Command::new(common::ipr_bin())
        .arg("consolidate")
        .arg("--register")
        .arg(common::register())
        .args(["--period", "2026-09", "--out"])
        .arg(&out)
        .arg(&ret)
        .output()
        .unwrap();
    assert!(status.status.code().is_some_and(|c| c <= 1), "{status:?}");
    let xlsx = out.join("IPR-2026-09.xlsx");

    // Every attack string is in the shared strings (so stored as text, never as a formula) ...
    let shared = part(&xlsx, "xl/sharedStrings.xml");
    let strings: Vec<String> = shared
        .split("<si>")
        .skip(1)
        .map(|si| {
            si.split("<t")
                .skip(1)
                .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
                .map(|rest| rest.split("</t>").next().unwrap_or(""))
                .collect::<String>()
        })
        .collect();
    let unescape = |s: &str| {
        s.replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
            .replace("_x000D_", "\r")
            .replace("&#13;", "\r")
            .replace("&#9;", "\t")
    };
    let styles = quote_prefixed_styles(&part(&xlsx, "xl/styles.xml"));
    // ... and each cell holding one, on every sheet, has a quote-prefixed style and no formula.
    let sheets: Vec<String> = {
        let f = std::fs::File::open(&xlsx).unwrap();
        let zip = zip::ZipArchive::new(f).unwrap();
        zip.file_names()
            .filter_map(|n| n.ok().map(|n| n.to_string()))
            .filter(|n| n.starts_with("xl/worksheets/sheet"))
            .collect()
    };
    // Leading tabs and carriage returns are trimmed off text as it is read, so those
    // attacks arrive harmless: the trimmed text is stored, the raw one nowhere.
    for attack in &ATTACKS[4..] {
        assert!(
            !strings.iter().any(|s| unescape(s) == *attack),
            "{attack:?} stored untrimmed"
        );
        assert!(
            strings.iter().any(|s| unescape(s) == attack.trim()),
            "{attack:?} lost"
        );
    }
    for attack in &ATTACKS[..4] {
        let attack = *attack;
        let index = strings
            .iter()
            .position(|s| unescape(s) == attack)
            .unwrap_or_else(|| panic!("{attack:?} is not stored as a string"));
        let mut cells = 0;
        for name in &sheets {
            let xml = part(&xlsx, name);
            for c in xml.split("<c ").skip(1) {
                let head = c.split('>').next().unwrap_or("");
                let body = c.split("</c>").next().unwrap_or("");
                if head.contains("t=\"s\"") && body.contains(&format!("<v>{index}</v>")) {
                    cells += 1;
                    assert!(!body.contains("<f>"), "{name}: a formula in {head}");
                    let style: usize = head
                        .split("s=\"")
                        .nth(1)
                        .and_then(|s| s.split('"').next())
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0);
                    assert!(
                        styles.get(style).copied().unwrap_or(false),
                        "{name}: {attack:?} in a cell ({head}) without quotePrefix"
                    );
                }
            }
        }
        assert!(
            cells >= 2,
            "{attack:?} written {cells} times; expected commentary and data note at least"
        );
    }
}
