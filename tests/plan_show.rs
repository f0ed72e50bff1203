//! The action plan where members look (SPEC section 13, "Shown"; issue 19
//! items 5 and 7): the Actions sheet, each directorate's actions, the
//! Summary's counts and exceptions, the Exceptions sheet and the web page, on
//! a demo council written by openpyxl (scripts/make_plan_council.py: 100
//! indicators, 60 actions over two plans, August then September).

mod common;

use calamine::{open_workbook, open_workbook_auto, Data, DataType, Range, Reader, Xlsx};
use common::tools::{generate, Tool};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The demo council consolidated for August then September, once for every
/// test here: its output folder.
fn demo() -> Option<&'static Path> {
    static OUT: OnceLock<Option<PathBuf>> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = generate("../scripts/make_plan_council.py", &[], Tool::Openpyxl)?;
        for period in ["2026-08", "2026-09"] {
            let run = common::ipr(dir)
                .args(["consolidate", "--config", "ipr.toml", "--period", period])
                .output()
                .expect("ipr runs");
            assert!(
                matches!(run.status.code(), Some(0 | 1)),
                "consolidate {period}: {}",
                common::stderr(&run)
            );
        }
        Some(dir.join("out"))
    })
    .as_deref()
}

fn workbook(out: &Path) -> PathBuf {
    out.join("IPR-2026-09.xlsx")
}

fn json(out: &Path) -> Value {
    common::read_json(&out.join("IPR-2026-09.json"))
}

fn sheet(out: &Path, name: &str) -> Range<Data> {
    let mut wb = open_workbook_auto(workbook(out)).unwrap();
    wb.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// The row whose cell in `col` is `text`.
fn row_with<'a>(rows: &'a [Vec<String>], col: usize, text: &str) -> &'a Vec<String> {
    rows.iter()
        .find(|r| r.get(col).is_some_and(|c| c == text))
        .unwrap_or_else(|| panic!("no row with {text:?} in column {col}"))
}

fn columns(rows: &[Vec<String>]) -> HashMap<String, usize> {
    rows[0]
        .iter()
        .enumerate()
        .map(|(i, h)| (h.clone(), i))
        .collect()
}

#[test]
fn the_actions_sheet_lists_every_action_grouped_by_plan_with_dates_rag_and_links() {
    let Some(out) = demo() else { return };
    let mut wb: Xlsx<_> = open_workbook(workbook(out)).unwrap();
    let names = wb.sheet_names();
    let at = |n: &str| names.iter().position(|s| s == n).unwrap();
    assert_eq!(at("Actions"), at("Exceptions") + 1, "{names:?}");

    let range = wb.worksheet_range("Actions").unwrap();
    let rows = common::rows_text(&range);
    let head = &rows[0];
    let want = [
        "Plan",
        "Ref",
        "Action",
        "Directorate",
        "Lead",
        "Status",
        "% complete",
        "Due",
        "Current due",
        "Days slipped",
        "RAG",
        "Exception",
        "Reasons",
        "Since last month",
        "Owner's RAG",
        "Parent",
        "Start",
        "Completed",
        "Times moved",
        "Pace",
        "Linked indicators",
        "Commentary",
        "Source",
    ];
    assert_eq!(head, &want.map(String::from).to_vec());
    let col = columns(&rows);
    // Every action of the JSON, once, grouped by plan (the Corporate Plan first).
    let j = json(out);
    let actions = j["actions"].as_array().expect("actions in the JSON");
    assert_eq!(rows.len() - 1, actions.len());
    assert_eq!(actions.len(), 60);
    let plans: Vec<&str> = rows[1..].iter().map(|r| r[col["Plan"]].as_str()).collect();
    let switches = plans.windows(2).filter(|w| w[0] != w[1]).count();
    assert_eq!(switches, 1, "grouped by plan: {plans:?}");
    assert_eq!(plans[0], "Corporate Plan 2026-29");

    // An overdue milestone: its cells, its RAG by word and colour.
    let r = row_with(&rows, col["Ref"], "CP-1.2");
    assert_eq!(r[col["Parent"]], "CP-1");
    assert_eq!(r[col["Status"]], "In progress");
    assert_eq!(r[col["RAG"]], "Overdue");
    assert_eq!(r[col["Exception"]], "Yes");
    assert_eq!(r[col["Reasons"]], "Overdue");
    assert_eq!(r[col["Owner's RAG"]], "Amber");
    assert_eq!(r[col["Commentary"]], "Supplier delayed the last delivery.");
    let row = rows.iter().position(|x| std::ptr::eq(x, r)).unwrap() as u32;
    // Dates are date cells shown as 30 Sep 2026; % complete a percentage.
    let due = range.get_value((row, col["Due"] as u32)).unwrap();
    assert!(
        matches!(due, Data::DateTime(_)),
        "Due is a date cell: {due:?}"
    );
    assert_eq!(due.as_date(), chrono::NaiveDate::from_ymd_opt(2026, 9, 15));
    let pct = range.get_value((row, col["% complete"] as u32)).unwrap();
    assert_eq!(pct.as_f64(), Some(0.8));
    let styles = wb.worksheet_style("Actions").unwrap();
    let format = |c: &str| {
        styles
            .get((row, col[c] as u32))
            .and_then(|s| s.number_format.as_ref())
            .map(|n| n.format_code.clone())
    };
    for c in ["Due", "Current due", "Start"] {
        assert_eq!(format(c).as_deref(), Some("d mmm yyyy"), "{c}");
    }
    assert_eq!(format("% complete").as_deref(), Some("0%"));
    let fill = |row: u32, c: &str| {
        let f = styles
            .get((row, col[c] as u32))
            .and_then(|s| s.fill.as_ref());
        let c = f.and_then(|f| f.get_color()).expect("a fill");
        (c.red, c.green, c.blue)
    };
    assert_eq!(fill(row, "RAG"), (0xFF, 0xC7, 0xCE), "overdue is red");
    let done = rows
        .iter()
        .position(|x| x[col["RAG"]] == "Complete")
        .unwrap() as u32;
    assert_eq!(fill(done, "RAG"), (0xDD, 0xEB, 0xF7), "complete is blue");

    // The RAG words are the JSON's, every one.
    for a in actions {
        let r = row_with(&rows, col["Ref"], a["ref"].as_str().unwrap());
        let word = r[col["RAG"]].to_lowercase().replace(' ', "-");
        assert_eq!(word, a["rag"].as_str().unwrap(), "{}", a["ref"]);
    }

    // The source links to the update's cell in its return.
    let links = wb.hyperlinks_by_sheet_name("Actions").unwrap();
    let link = links
        .iter()
        .find(|l| l.range.start == (row, col["Source"] as u32))
        .expect("CP-1.2's source is a link");
    let target = link.target.as_deref().unwrap_or("");
    assert!(target.ends_with("HC-2026-09.xlsx"), "{target}");
    assert_eq!(link.location.as_deref(), Some("'Return'!G8"));
    assert_eq!(r[col["Source"]], "HC-2026-09.xlsx: Return!G8");

    // Text from returns stays text.
    let r = row_with(&rows, col["Ref"], "AC-R6");
    assert_eq!(
        r[col["Commentary"]],
        "=SUM(A1:A3) was typed here by mistake"
    );
    // An action with no update this month says so.
    let r = row_with(&rows, col["Ref"], "AC-R15");
    assert_eq!(r[col["Status"]], "No update");
    assert_eq!(r[col["RAG"]], "Not assessed");
    assert_eq!(r[col["Source"]], "No update");
}

/// The Summary's action counts, by heading, and the JSON `summary.actions` key of each.
const COUNTS: [(&str, &str); 10] = [
    ("Actions", "actions"),
    ("Green", "green"),
    ("Amber", "amber"),
    ("Red", "red"),
    ("Overdue", "overdue"),
    ("Exceptions", "exceptions"),
    ("Complete", "complete"),
    ("Not assessed", "not-assessed"),
    ("Deferred", "deferred"),
    ("Cancelled", "cancelled"),
];

#[test]
fn the_summary_counts_actions_as_the_json_does_and_lists_the_action_exceptions() {
    let Some(out) = demo() else { return };
    let rows = common::rows_text(&sheet(out, "Summary"));
    let head = rows
        .iter()
        .position(|r| r[0] == "Action plan")
        .expect("the action counts' heading");
    let col = |name: &str| {
        rows[head]
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("{name} in {:?}", rows[head]))
    };
    let j = json(out);
    let summary = &j["summary"];
    let council = &rows[head + 1];
    assert_eq!(council[0], "Council");
    for (heading, key) in COUNTS {
        let want = summary["actions"][key].as_u64().unwrap().to_string();
        assert_eq!(council[col(heading)], want, "the council's {heading}");
    }
    // Each directorate's, in the JSON's order (names cut to one line here).
    let dirs = summary["directorates"].as_array().unwrap();
    assert_eq!(dirs.len(), 5);
    for (k, d) in dirs.iter().enumerate() {
        let row = &rows[head + 2 + k];
        let name = d["directorate"].as_str().unwrap();
        let shown = row[0].trim_end_matches('…');
        assert!(name.starts_with(shown), "{shown:?} for {name:?}");
        for (heading, key) in COUNTS {
            let want = d["actions"][key].as_u64().unwrap().to_string();
            assert_eq!(row[col(heading)], want, "{name}'s {heading}");
        }
    }
    // Beside them, the changes since last month: the indicators' and the actions' lines.
    let changes = &rows[head][12];
    assert!(changes.starts_with("Changes since last month"), "{changes}");
    assert!(changes.contains("Since August: "), "{changes}");
    assert!(
        changes.contains("Actions since August: 8 completed"),
        "{changes}"
    );

    // Every action exception on the one-page list, with its RAG, reasons and form.
    let kinds: Vec<(&str, &str)> = j["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    let refs: Vec<&str> = kinds
        .iter()
        .filter(|(k, _)| *k == "action")
        .map(|(_, c)| *c)
        .collect();
    assert_eq!(refs.len(), 8, "{kinds:?}");
    let title = rows
        .iter()
        .find(|r| r[0].starts_with("Exceptions:"))
        .unwrap();
    assert_eq!(title[0], "Exceptions: 15 indicators, 8 actions");
    let list = rows
        .iter()
        .position(|r| r[1] == "Ref" && r[0] == "Directorate")
        .expect("the action exceptions' headings");
    assert_eq!(
        rows[list][2..10],
        ["Action", "", "", "", "", "% complete", "Due now", "RAG"].map(String::from)
    );
    let listed: Vec<&str> = rows[list + 1..list + 1 + refs.len()]
        .iter()
        .map(|r| r[1].as_str())
        .collect();
    assert_eq!(listed, refs);
    let cp12 = &rows[list + 1];
    assert_eq!(cp12[1], "CP-1.2");
    assert_eq!(cp12[9], "Overdue");
    assert_eq!(cp12[10], "Overdue");
    assert_eq!(cp12[13], "No form returned");
    // The indicator exceptions are above them, under their own headings.
    for code in kinds.iter().filter(|(k, _)| *k == "indicator") {
        let at = rows.iter().position(|r| r[1] == code.1).unwrap();
        assert!(at < list, "{} below the action exceptions", code.1);
    }
}

#[test]
fn the_exceptions_sheet_has_the_action_exceptions_as_rows_and_the_plan_notes() {
    let Some(out) = demo() else { return };
    let rows = common::rows_text(&sheet(out, "Exceptions"));
    let col = columns(&rows);
    assert_eq!(rows[0][0], "Kind");
    assert_eq!(rows[0].last().unwrap(), "Linked");
    let j = json(out);
    let listed: Vec<(String, String)> = j["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            (s("kind"), s("code"))
        })
        .collect();
    // Every exception of the JSON, in its order, its kind said.
    let shown: Vec<(String, String)> = rows[1..=listed.len()]
        .iter()
        .map(|r| (r[col["Kind"]].to_lowercase(), r[col["Code"]].clone()))
        .collect();
    assert_eq!(shown, listed);

    // An action exception: its reasons with its progress, its remedial action outstanding.
    let cp2 = row_with(&rows, col["Code"], "CP-2");
    assert_eq!(cp2[col["Kind"]], "Action");
    assert_eq!(cp2[col["RAG"]], "Green");
    assert_eq!(
        cp2[col["Reasons"]],
        "Slipped past its due date. 40% complete; due 30 Sep 2027, agreed 30 Jun 2027 (92 days later)."
    );
    assert_eq!(cp2[col["Remedial action"]], "Outstanding");
    assert_eq!(cp2[col["Form"]], "2026-09-CP-2.xlsx");
    assert_eq!(cp2[col["Since last month"]], "date moved");
    assert_eq!(cp2[col["Linked"]], "AH-01 Green, AH-03 Red");
    assert_eq!(cp2[col["Actual"]], "", "no figure for an action");

    // The notes on indicator exceptions: its actions all on track, or none.
    let hc10 = row_with(&rows, col["Code"], "HC-10");
    assert_eq!(
        hc10[col["Reasons"]],
        "Red; forecast misses annual target. Actions on track, indicator not."
    );
    assert_eq!(hc10[col["Linked"]], "AC-R13 Complete");
    let rc17 = row_with(&rows, col["Code"], "RC-17");
    assert!(
        rc17[col["Reasons"]].ends_with(". No action in the plan."),
        "{}",
        rc17[col["Reasons"]]
    );
    assert_eq!(rc17[col["Linked"]], "None");
    // As the JSON says them.
    let ind = |code: &str| {
        j["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(ind("HC-10")["actions_mismatch"], true);
    assert_eq!(ind("RC-17")["actions_note"], "no action in the plan");

    // Each outstanding exception, indicator or action, links to its own blank
    // form, under the name it was written as.
    let mut wb: Xlsx<_> = open_workbook(workbook(out)).unwrap();
    let links = wb.hyperlinks_by_sheet_name("Exceptions").unwrap();
    let form = col["Form"] as u32;
    let mut named = Vec::new();
    for (i, r) in rows[1..=listed.len()].iter().enumerate() {
        if r[col["Remedial action"]] != "Outstanding" {
            continue;
        }
        let link = links
            .iter()
            .find(|l| l.range.start == (i as u32 + 1, form))
            .unwrap_or_else(|| panic!("{}'s form is not linked", r[col["Code"]]));
        let target = link.target.as_deref().unwrap_or("");
        let name = &r[col["Form"]];
        assert!(target.ends_with(&format!("remedial/{name}")), "{target}");
        assert!(out.join("remedial").join(name).is_file(), "{name}");
        named.push(name.clone());
    }
    let kinds = |k: &str| shown.iter().filter(|(kind, _)| kind == k).count();
    assert!(kinds("action") > 0 && kinds("indicator") > 0 && !named.is_empty());
    let mut distinct = named.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), named.len(), "{named:?}");
}

fn html(out: &Path) -> String {
    std::fs::read_to_string(out.join("IPR-2026-09.html")).expect("the page")
}

/// The number in the element after `marker` (e.g. `data-count="actions.red"`).
fn number_after(html: &str, marker: &str) -> Option<u64> {
    let at = html.find(marker)?;
    let rest = &html[at..];
    rest[rest.find('>')? + 1..]
        .split('<')
        .next()?
        .trim()
        .parse()
        .ok()
}

#[test]
fn the_page_has_every_action_its_counts_and_each_action_exception_as_a_block() {
    let Some(out) = demo() else { return };
    let page = html(out);
    let j = json(out);
    assert!(page.contains("<h2 id=\"actions-h\">Action plan</h2>"));
    // The counts are the JSON's.
    for (_, key) in COUNTS {
        let want = j["summary"]["actions"][key].as_u64().unwrap();
        let marker = format!("data-count=\"actions.{key}\"");
        assert_eq!(number_after(&page, &marker), Some(want), "{key}");
    }
    // Every action, once, in its plan's list, with its RAG in words and colour.
    for a in j["actions"].as_array().unwrap() {
        let r = a["ref"].as_str().unwrap();
        let marker = format!("data-ref=\"{r}\"");
        assert_eq!(page.matches(&marker).count(), 1, "{r}");
        let item = &page[page.find(&marker).unwrap()..];
        let item = &item[..item.find("</li>").unwrap()];
        let rag = a["rag"].as_str().unwrap();
        let word = match rag {
            "not-assessed" => "Not assessed".to_string(),
            w => format!("{}{}", w[..1].to_uppercase(), &w[1..]),
        };
        assert!(item.contains(&format!(">{word}</span>")), "{r}: {item}");
        assert!(item.contains("class=\"rag rag-"), "{r} has no colour");
        // % complete drawn, and said.
        if let Some(p) = a["percent_complete"].as_f64() {
            let width = format!("width:{}%", p.round());
            assert!(item.contains(&width), "{r}: {width} in {item}");
            assert!(item.contains(&format!("{}% complete", p.round())), "{r}");
        }
    }
    // Slippage in words: CP-7 was brought forward, CP-2 moved back.
    let item = |r: &str| {
        let at = page.find(&format!("data-ref=\"{r}\"")).unwrap();
        page[at..at + page[at..].find("</li>").unwrap()].to_string()
    };
    assert!(item("CP-7").contains("87 days early"), "{}", item("CP-7"));
    assert!(item("CP-2").contains("92 days late"));
    assert!(item("CP-2").contains("(agreed 30 Jun 2027)"));
    // The marker of time gone stands where the time is: CP-4 is half way.
    assert!(item("CP-4").contains("left:50%"), "{}", item("CP-4"));

    // Each action exception as a block, with its reasons and remedial action.
    let blocks: Vec<&str> = page
        .split("<article class=\"exception action-exception\"")
        .skip(1)
        .collect();
    let refs: Vec<&str> = j["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "action")
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(blocks.len(), refs.len());
    for (b, r) in blocks.iter().zip(&refs) {
        assert!(
            b.contains(&format!("<span class=\"code\">{r}</span>")),
            "{r}"
        );
        assert!(b.contains("Why it is an exception: "), "{r}");
        assert!(b.contains("Remedial action"), "{r}");
        assert!(
            b.contains("Outstanding: no completed form has come back."),
            "{r}"
        );
    }

    // Text from the plan and the returns is escaped, never markup.
    assert!(page.contains("re-tendering now. &lt;b&gt;Urgent&lt;/b&gt; &amp; costly."));
    assert!(!page.contains("<b>Urgent"));
    assert!(page.contains("e-invoicing &amp; pay within 30 days"));
    assert!(page.contains("=SUM(A1:A3) was typed here by mistake"));
}

#[test]
fn the_page_prints_each_action_exception_whole_on_a4() {
    let (Some(_), Some(_)) = (
        common::tools::require(Tool::Chromium),
        common::tools::require(Tool::Pdftotext),
    ) else {
        return;
    };
    let Some(out) = demo() else { return };
    let work = common::tools::scratch_dir("plan-show-print");
    let pdf = work.join("page.pdf");
    let profile = work.join("profile");
    let run = std::process::Command::new(Tool::Chromium.program().unwrap())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", out.join("IPR-2026-09.html").display()))
        .output()
        .expect("chromium runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::process::Command::new(Tool::Pdftotext.program().unwrap())
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let j = json(out);
    for a in j["actions"].as_array().unwrap() {
        if a["exception"] != true {
            continue;
        }
        // The block's own line (directorate, lead and plan) and its last words
        // (the remedial action) are on one page.
        let who = format!(
            "{} · {} · {}",
            a["directorate"].as_str().unwrap(),
            a["lead"].as_str().unwrap(),
            a["plan"].as_str().unwrap()
        );
        let page = pages
            .iter()
            .find(|p| p.contains(&who))
            .unwrap_or_else(|| panic!("{who} is not printed"));
        let after = &page[page.find(&who).unwrap()..];
        assert!(
            after.contains("Remedial action") && after.contains("come back."),
            "{}'s block is split over pages",
            a["ref"]
        );
    }
}

/// Each directorate sheet's actions print whole on one page, under their own
/// headings: never a page of actions under the indicators' headings alone.
#[test]
fn each_directorates_actions_print_whole_on_one_page() {
    let (Some(_), Some(_)) = (
        common::tools::require(Tool::Soffice),
        common::tools::require(Tool::Pdftotext),
    ) else {
        return;
    };
    let Some(out) = demo() else { return };
    let pdf_dir = common::tools::scratch_dir("plan-show-sheets");
    common::tools::soffice_convert(&[&workbook(out)], "pdf", &pdf_dir);
    let text = std::process::Command::new(Tool::Pdftotext.program().unwrap())
        .arg(pdf_dir.join("IPR-2026-09.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let j = json(out);
    let actions = j["actions"].as_array().unwrap();
    let mut directorates: Vec<&str> = actions
        .iter()
        .map(|a| a["directorate"].as_str().unwrap())
        .collect();
    directorates.sort();
    directorates.dedup();
    for d in directorates {
        let refs: Vec<&str> = actions
            .iter()
            .filter(|a| a["directorate"] == d)
            .map(|a| a["ref"].as_str().unwrap())
            .collect();
        let title = format!("Actions and milestones ({})", refs.len());
        // Its sheet's page with the title: the one after its name's first page.
        let page = pages
            .iter()
            .skip_while(|p| !p.starts_with(d))
            .find(|p| p.contains(&title))
            .unwrap_or_else(|| panic!("{d}: no page has {title}"));
        for r in refs {
            // A word of its own: in Carlito, pdftotext may put the Ref on
            // one line with the action's words.
            assert!(
                page.split_whitespace().any(|w| w == r),
                "{d}: {r} is not on the page of {title}"
            );
        }
    }
}
