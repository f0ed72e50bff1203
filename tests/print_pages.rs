//! Printed-page defects members saw (issue 18's leftovers): the Indicators
//! sheet's titles in a wider column, so more indicators to a page; the
//! Exceptions sheet's "Forecast by" clear of the forecast beside it; a
//! directorate's SPC table with each period's own target; a Finance variance
//! of £10,000,000 or more printed whole. Workbooks read back (calamine,
//! openpyxl) and printed by LibreOffice, read with pdftotext.

mod common;

use calamine::{open_workbook, Reader, Xlsx};
use common::{require, skip, soffice_convert, Tool};
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// One word on a printed page: its text and box (x from the left, y from the top).
struct Word {
    text: String,
    x_min: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
}

fn attr(tag: &str, name: &str) -> f64 {
    let at = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
    let end = tag[at..].find('"').expect("closing quote") + at;
    tag[at..end].parse().expect("a number")
}

/// Every page of `pdf`, as its words, by `pdftotext -bbox`.
fn pages(pdf: &Path) -> Vec<Vec<Word>> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "{}", common::stderr(&out));
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages = Vec::new();
    for page in html.split("<page ").skip(1) {
        let mut words = Vec::new();
        for w in page.split("<word ").skip(1) {
            let (tag, rest) = w.split_once('>').expect("a word's tag");
            let text = rest.split("</word>").next().unwrap_or("");
            let text = text.replace("&amp;", "&").replace("&lt;", "<");
            let text = text.replace("&gt;", ">").replace("&quot;", "\"");
            words.push(Word {
                text,
                x_min: attr(tag, "xMin"),
                x_max: attr(tag, "xMax"),
                y_min: attr(tag, "yMin"),
                y_max: attr(tag, "yMax"),
            });
        }
        pages.push(words);
    }
    pages
}

/// The pages whose footer names `sheet` (its words, then "Page").
fn sheet_pages<'a>(pages: &'a [Vec<Word>], sheet: &str) -> Vec<&'a Vec<Word>> {
    let first = sheet.split(' ').next().unwrap_or(sheet);
    pages
        .iter()
        .filter(|p| {
            let bottom = p.iter().map(|w| w.y_max).fold(0.0, f64::max);
            let footer: Vec<&str> = p
                .iter()
                .filter(|w| w.y_max > bottom - 2.0)
                .map(|w| w.text.as_str())
                .collect();
            footer.first() == Some(&first) && footer.contains(&"Page")
        })
        .collect()
}

/// True where LibreOffice draws Calibri as Carlito, its metric twin, so the
/// print breaks lines as Excel does; otherwise skips (fails under CI=true:
/// `.ci/run` installs fonts-crosextra-carlito).
fn carlito() -> bool {
    let found = Command::new("fc-match")
        .arg("Calibri")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("Carlito"));
    if !found {
        skip("the Carlito font is not installed (apt-get install fonts-crosextra-carlito); CI installs it");
    }
    found
}

/// Reads back, with openpyxl, each column's width and the indent of the
/// cells below its heading, by sheet and heading (row 1).
const COLUMNS: &str = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    width = {}
    for d in ws.column_dimensions.values():
        for c in range(d.min, d.max + 1):
            width[c] = d.width
    for row in ws.iter_rows(min_row=1, max_row=5):
        for cell in row:
            if isinstance(cell.value, str) and cell.column in width:
                below = ws.cell(row=cell.row + 1, column=cell.column)
                indent = below.alignment.indent if below.alignment else 0
                print("%s\t%s\t%s\t%s" % (ws.title, cell.value, width[cell.column], indent))
"#;

/// Width and indent (of the cell below) by (sheet, heading), the first row naming it.
fn columns(python: &Path, xlsx: &Path) -> HashMap<(String, String), (f64, f64)> {
    let out = Command::new(python)
        .args(["-W", "ignore", "-c", COLUMNS])
        .arg(xlsx)
        .output()
        .expect("python runs");
    assert!(out.status.success(), "{}", common::stderr(&out));
    let mut found = HashMap::new();
    for line in common::stdout(&out).lines() {
        if let [sheet, heading, width, indent] = line.split('\t').collect::<Vec<_>>()[..] {
            let key = (sheet.to_string(), heading.to_string());
            let value = (width.parse().unwrap(), indent.parse().unwrap());
            found.entry(key).or_insert(value);
        }
    }
    found
}

/// The samples' Indicators pages hold more indicators with the wider Title
/// column (7, 7, 8 and 7 on full pages before, in Carlito), and the
/// Exceptions sheet's "Forecast by" words stand clear of the forecast.
#[test]
fn titles_print_in_fewer_lines_and_forecast_by_stands_clear_of_the_forecast() {
    let (Some(python), Some(_), Some(_)) = (
        require(Tool::Openpyxl),
        require(Tool::Soffice),
        require(Tool::Pdftotext),
    ) else {
        return;
    };
    let out = common::scratch_dir("samples");
    let run = common::consolidate_samples(&out);
    assert!(run.status.code().is_some(), "{}", common::stderr(&run));
    let xlsx = out.join("IPR-2026-09.xlsx");

    let cols = columns(&python, &xlsx);
    let at = |sheet: &str, heading: &str| cols[&(sheet.to_string(), heading.to_string())];
    assert!(
        at("Indicators", "Title").0 >= 16.0,
        "{:?}",
        at("Indicators", "Title")
    );
    // "Improving" whole in Variation; the figures whole in Variance.
    assert!(at("Indicators", "Variation").0 >= 10.0);
    assert!(at("Indicators", "Variance").0 >= 11.0);
    let (width, indent) = at("Exceptions", "Forecast by");
    assert!(
        width >= 9.0 && indent >= 1.0,
        "Forecast by: {width} wide, indent {indent}"
    );

    let pdf = out.join("pdf");
    soffice_convert(&[&xlsx], "pdf", &pdf);
    let printed = pages(&pdf.join("IPR-2026-09.pdf"));

    // Forecast by: the gap after the figure is at least a third of the line's
    // height (a space's width is about a fifth; it was 1.7 pt at 11.4).
    let exceptions = sheet_pages(&printed, "Exceptions");
    assert!(!exceptions.is_empty(), "no Exceptions pages");
    let mut seen = 0;
    for page in &exceptions {
        for pair in page.windows(2) {
            let (figure, by) = (&pair[0], &pair[1]);
            let same_line = (figure.y_min - by.y_min).abs() < 1.0;
            if by.text == "ipr:" && same_line && figure.text.ends_with(|c: char| c.is_ascii_digit())
            {
                seen += 1;
                let gap = by.x_min - figure.x_max;
                let height = by.y_max - by.y_min;
                assert!(
                    gap >= height / 3.0,
                    "{} and {} {gap:.1} pt apart (line {height:.1} pt)",
                    figure.text,
                    by.text
                );
            }
        }
    }
    assert!(seen >= 2, "ipr's forecasts not found beside their figures");

    if !carlito() {
        return;
    }
    let indicators = sheet_pages(&printed, "Indicators");
    assert!(
        indicators.len() > 1,
        "{} Indicators pages",
        indicators.len()
    );
    let is_code = |w: &str| {
        let (dir, n) = w.split_once('-').unwrap_or(("", ""));
        (2..=3).contains(&dir.len())
            && dir.chars().all(|c| c.is_ascii_uppercase())
            && n.len() == 2
            && n.chars().all(|c| c.is_ascii_digit())
    };
    let counts: Vec<usize> = indicators
        .iter()
        .map(|p| p.iter().filter(|w| is_code(&w.text)).count())
        .collect();
    let full = &counts[..counts.len() - 1];
    assert!(
        full.iter().all(|n| *n >= 8),
        "indicators on each Indicators page: {counts:?}"
    );
    let all: usize = counts.iter().sum();
    assert_eq!(all, 38, "every indicator printed once: {counts:?}");
}

/// The register's profile for EP-02, April to June at 80 and July to
/// September at 90 (openpyxl), and its SPC table's Target row.
const PROFILE: &str = r#"
import sys, openpyxl
path = sys.argv[1]
wb = openpyxl.load_workbook(path)
ws = wb["Targets"]
for m in range(4, 10):
    ws.append(["EP-02", "2026-%02d" % m, 80 if m < 7 else 90])
wb.save(path)
"#;

/// Where the chart series named "Target" of the workbook's charts read their
/// values from.
const TARGET_SERIES: &str = r#"
import sys, re, zipfile
z = zipfile.ZipFile(sys.argv[1])
for name in sorted(z.namelist()):
    if name.startswith("xl/charts/chart"):
        xml = z.read(name).decode()
        for ser in xml.split("<c:ser>")[1:]:
            if "<c:v>Target</c:v>" in ser:
                m = re.search(r"<c:val><c:numRef><c:f>([^<]*)</c:f>", ser)
                print(m.group(1) if m else "")
"#;

#[test]
fn an_spc_table_gives_each_period_its_own_target_and_its_chart_draws_that_row() {
    let Some(python) = require(Tool::Openpyxl) else {
        return;
    };
    let dir = common::temp_dir();
    let samples = common::samples();
    for f in ["ipr.toml", "register.xlsx"] {
        std::fs::copy(samples.join(f), dir.path().join(f)).unwrap();
    }
    let edit = Command::new(&python)
        .args(["-c", PROFILE])
        .arg(dir.path().join("register.xlsx"))
        .output()
        .expect("python runs");
    assert!(edit.status.success(), "{}", common::stderr(&edit));
    std::os::unix::fs::symlink(samples.join("returns"), dir.path().join("returns")).unwrap();
    let run = common::ipr(dir.path())
        .args(["consolidate", "--config", "ipr.toml", "--period", "2026-09"])
        .args(["--out", "out"])
        .output()
        .expect("ipr runs");
    assert!(run.status.code() == Some(1), "{}", common::stderr(&run));
    let xlsx = dir.path().join("out/IPR-2026-09.xlsx");

    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let range = wb.worksheet_range("Economy and Place").unwrap();
    let rows = common::rows_text(&range);
    let top = rows
        .windows(6)
        .position(|w| w[0][0] == "EP-02" && w[2][0] == "Mean" && w[5][0] == "Target")
        .unwrap_or_else(|| panic!("EP-02's SPC table in {rows:?}"));
    let (periods, targets) = (&rows[top], &rows[top + 5]);
    let target_of = |period: &str| {
        let col = periods.iter().position(|p| p == period);
        let col = col.unwrap_or_else(|| panic!("{period} in {periods:?}"));
        targets[col].clone()
    };
    for (period, target) in [
        ("2026-04", "80"),
        ("2026-06", "80"),
        ("2026-07", "90"),
        ("2026-09", "90"),
    ] {
        assert_eq!(target_of(period), target, "EP-02's target for {period}");
    }

    // The chart's Target series reads that row (rows count from 1 there).
    let out = Command::new(&python)
        .args(["-c", TARGET_SERIES])
        .arg(&xlsx)
        .output()
        .expect("python runs");
    assert!(out.status.success(), "{}", common::stderr(&out));
    let row = top + 5 + 1 + range.start().map_or(0, |s| s.0 as usize);
    let refs = common::stdout(&out);
    let wanted = format!("'Economy and Place'!$C${row}:");
    assert!(
        refs.lines().any(|r| r.starts_with(&wanted)),
        "no chart's Target series reads row {row}: {refs}"
    );
}

/// The budget fixture's council with a £12,345,678 overspend on CC100 and a
/// £12,345,678 underspend on CAP-1 (openpyxl, register and return alike).
const WIDE: &str = r#"
import sys, openpyxl
root = sys.argv[1]
wb = openpyxl.load_workbook(root + "/register.xlsx")
ws = wb["Budgets"]
for r in range(2, ws.max_row + 1):
    if ws.cell(row=r, column=1).value == "CC100":
        ws.cell(row=r, column=5, value=20000000)
    if ws.cell(row=r, column=1).value == "CAP-1":
        ws.cell(row=r, column=5, value=30000000)
wb.save(root + "/register.xlsx")
path = root + "/returns/2026-09/Resources-2026-09.xlsx"
wb = openpyxl.load_workbook(path)
ws = wb["Return"]
for r in range(6, 13):
    if ws["E%d" % r].value == "CC100":
        ws["G%d" % r], ws["I%d" % r] = 20000000, 32345678
    if ws["E%d" % r].value == "CAP-1":
        ws["G%d" % r], ws["I%d" % r] = 30000000, 17654322
wb.save(path)
"#;

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_finance_variance_of_ten_million_pounds_or_more_prints_whole() {
    let Some(fixtures) = common::fixtures("make_budget.py") else {
        return;
    };
    let (Some(python), Some(_), Some(_)) = (
        require(Tool::Openpyxl),
        require(Tool::Soffice),
        require(Tool::Pdftotext),
    ) else {
        return;
    };
    let dir = common::temp_dir();
    copy_tree(&fixtures.join("council"), dir.path());
    let edit = Command::new(&python)
        .args(["-c", WIDE])
        .arg(dir.path())
        .output()
        .expect("python runs");
    assert!(edit.status.success(), "{}", common::stderr(&edit));
    let out = common::ipr(dir.path())
        .args(["consolidate", "--period", "2026-09", "--out", "out"])
        .arg("returns/2026-09")
        .output()
        .expect("ipr runs");
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let xlsx = dir.path().join("out/IPR-2026-09.xlsx");

    let cols = columns(&python, &xlsx);
    for (heading, figure) in [
        ("Variance", "-£12,345,678"),
        ("Forecast outturn", "£32,345,678"),
        ("Budget", "£30,000,000"),
    ] {
        let width = cols[&("Finance".to_string(), heading.to_string())].0;
        let needed = figure.chars().count() as f64;
        assert!(width >= needed, "Finance {heading}: {width} < {needed}");
    }

    let pdf = dir.path().join("pdf");
    soffice_convert(&[&xlsx], "pdf", &pdf);
    let printed = pages(&pdf.join("IPR-2026-09.pdf"));
    let finance = sheet_pages(&printed, "Finance");
    assert!(!finance.is_empty(), "no Finance pages");
    let words: Vec<&str> = finance
        .iter()
        .flat_map(|p| p.iter().map(|w| w.text.as_str()))
        .collect();
    assert!(
        !words.iter().any(|w| w.contains("###")),
        "### on Finance: {words:?}"
    );
    for figure in ["£12,345,678", "-£12,345,678", "£32,345,678", "£17,654,322"] {
        assert!(
            words.contains(&figure),
            "{figure} not whole on Finance: {words:?}"
        );
    }
}

/// A small pack's Summary (openpyxl reads it back): each row of its action
/// counts, and the changes since last month.
const PACK_SUMMARY: &str = r#"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Summary"]
for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
    a = row[0]
    if isinstance(a.value, str):
        h = ws.row_dimensions[a.row].height
        print("%d\t%s\t%s" % (a.row, a.value, h if h else 15))
"#;

/// The samples with a pack per committee: the Audit and Governance
/// Committee's covers one directorate, too few rows beside which to print
/// the changes since last month. They take a row of their own under the
/// action counts, and the last directorate's row keeps its one line (it
/// was made tall enough for them, a blank gap under the table).
#[test]
fn a_small_packs_changes_since_last_month_leave_no_gap_under_its_action_counts() {
    let Some(python) = require(Tool::Openpyxl) else {
        return;
    };
    let dir = common::temp_dir();
    let samples = common::samples();
    std::fs::copy(
        samples.join("register.xlsx"),
        dir.path().join("register.xlsx"),
    )
    .unwrap();
    std::os::unix::fs::symlink(samples.join("returns"), dir.path().join("returns")).unwrap();
    let config = std::fs::read_to_string(samples.join("ipr.toml")).unwrap();
    let config = format!("packs = [\"Committee\"]\n{config}");
    std::fs::write(dir.path().join("ipr.toml"), config).unwrap();
    let run = common::ipr(dir.path())
        .args(["consolidate", "--config", "ipr.toml", "--period", "2026-09"])
        .args(["--out", "out"])
        .output()
        .expect("ipr runs");
    assert!(run.status.code() == Some(1), "{}", common::stderr(&run));
    let pack = dir
        .path()
        .join("out/packs/IPR-2026-09-committee-audit-and-governance-committee.xlsx");
    let out = Command::new(&python)
        .args(["-W", "ignore", "-c", PACK_SUMMARY])
        .arg(&pack)
        .output()
        .expect("python runs");
    assert!(out.status.success(), "{}", common::stderr(&out));
    let rows: Vec<(u32, String, f64)> = common::stdout(&out)
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some((f[0].parse().ok()?, f[1].to_string(), f[2].parse().ok()?))
        })
        .collect();
    let at = |label: &str| {
        rows.iter()
            .position(|r| r.1 == label)
            .unwrap_or_else(|| panic!("{label:?} in column A: {rows:?}"))
    };
    let plan = at("Action plan");
    assert_eq!(rows[plan + 1].1, "Council", "{rows:?}");
    assert_eq!(rows[plan + 2].1, "Resources", "{rows:?}");
    assert!(rows[plan + 2].2 <= 15.0, "a gap under the counts: {rows:?}");
    let changes = at("Changes since last month");
    assert_eq!(changes, plan + 3, "{rows:?}");
    assert_eq!(rows[changes].0, rows[plan + 2].0 + 1, "{rows:?}");
}
