//! What members can trust (SPEC section 15, issue 18), on a council written by
//! openpyxl (`tests/fixtures/make_trust.py`): forecasts labelled and capped,
//! exceptions with no figure kept apart from those no longer exceptions, and a
//! published month kept.

mod common;

use common::consolidate_council as consolidate;

use calamine::{open_workbook, Reader, Xlsx};
use std::path::{Path, PathBuf};

fn report(dir: &Path, period: &str, ext: &str) -> PathBuf {
    dir.join("out").join(format!("IPR-{period}.{ext}"))
}

fn indicator<'a>(json: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap_or_else(|| panic!("{code} in the report"))
}

/// The Indicators sheet's row for `code`, by header.
fn indicators_row(xlsx: &Path, code: &str) -> std::collections::HashMap<String, String> {
    let mut wb: Xlsx<_> = open_workbook(xlsx).unwrap();
    let range = wb.worksheet_range("Indicators").unwrap();
    let rows = common::rows_text(&range);
    let header = &rows[0];
    let row = rows
        .iter()
        .find(|r| r.iter().any(|c| c == code))
        .unwrap_or_else(|| panic!("{code} on Indicators"));
    header.iter().cloned().zip(row.iter().cloned()).collect()
}

#[test]
fn a_forecast_ipr_makes_is_capped_to_the_valid_range_and_says_it_is_iprs() {
    let Some(dir) = common::fixture_council("make_trust.py", &[]) else {
        return;
    };
    let out = consolidate(dir.path(), &["--period", "2026-09"]);
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        common::stderr(&out)
    );
    let json = common::read_json(&report(dir.path(), "2026-09", "json"));

    // RES-01: 55.8% after six months straight-lines to 111.6%, held at 100%.
    let res01 = indicator(&json, "RES-01");
    assert_eq!(res01["forecast"], 100.0);
    assert_eq!(res01["forecast_basis"], "pro-rata");
    // 100 is above the annual target of 96.5: no forecast miss from the cap.
    assert!(!res01["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "forecast"));
    // RES-07's owner gave 1,300,000: theirs, as given.
    let res07 = indicator(&json, "RES-07");
    assert_eq!(res07["forecast"], 1_300_000.0);
    assert_eq!(res07["forecast_basis"], "owner");
    // RES-02 has no forecast of its owner's: the latest figure, ipr's.
    assert_eq!(indicator(&json, "RES-02")["forecast_basis"], "latest");

    // The workbook says whose each forecast is, beside it.
    let xlsx = report(dir.path(), "2026-09", "xlsx");
    let row = indicators_row(&xlsx, "RES-01");
    assert_eq!(row["Forecast"], "100");
    assert_eq!(row["Forecast by"], "ipr: straight line");
    assert_eq!(indicators_row(&xlsx, "RES-07")["Forecast by"], "owner");
    assert_eq!(
        indicators_row(&xlsx, "RES-02")["Forecast by"],
        "ipr: latest"
    );
    assert_eq!(
        indicators_row(&xlsx, "RES-05")["Forecast by"],
        "",
        "no figure, no forecast"
    );
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let resources = common::rows_text(&wb.worksheet_range("Resources").unwrap());
    assert!(
        resources
            .iter()
            .any(|r| r.iter().any(|c| c == "ipr: straight line")),
        "the directorate sheet labels it too"
    );

    // And the web page, beside the figure of each exception.
    let html = std::fs::read_to_string(report(dir.path(), "2026-09", "html")).unwrap();
    assert!(
        html.contains("(ipr: latest)"),
        "RES-02's forecast is labelled"
    );
    assert!(html.contains("(owner)"), "RES-07's forecast is labelled");
}

/// SHA-256 of each file of `period`'s report in `out`, by extension.
fn report_hashes(out: &Path, period: &str) -> Vec<String> {
    ["xlsx", "json", "html"]
        .iter()
        .map(|ext| {
            let bytes = std::fs::read(out.join(format!("IPR-{period}.{ext}"))).unwrap();
            common::sha256_hex(&bytes)
        })
        .collect()
}

#[test]
fn with_no_period_the_latest_month_the_returns_hold_is_reported_and_said() {
    let Some(dir) = common::fixture_council("make_trust.py", &[]) else {
        return;
    };
    std::fs::remove_file(dir.path().join("returns/Resources-2026-10.xlsx")).unwrap();
    let out = consolidate(dir.path(), &[]);
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        common::stderr(&out)
    );
    let text = common::stdout(&out);
    assert!(
        text.contains(
            "Period: September 2026, the latest month the returns hold; give --period to choose."
        ),
        "{text}"
    );
    assert!(report(dir.path(), "2026-09", "json").is_file());
    // Given, the period is not announced as a choice.
    let given = consolidate(dir.path(), &["--period", "2026-08"]);
    assert!(!common::stdout(&given).contains("the latest month the returns hold"));
    assert!(report(dir.path(), "2026-08", "json").is_file());
}

#[test]
fn a_month_published_before_a_later_one_is_not_rewritten_without_replace_and_is_kept() {
    let Some(dir) = common::fixture_council("make_trust.py", &[]) else {
        return;
    };
    let out_dir = dir.path().join("out");
    for p in ["2026-08", "2026-09"] {
        let run = consolidate(dir.path(), &["--period", p]);
        assert!(
            run.status.code().is_some_and(|c| c < 2),
            "{}",
            common::stderr(&run)
        );
    }
    let august = report_hashes(&out_dir, "2026-08");

    // August again: September was built on it, so ipr refuses and says why.
    let refused = consolidate(dir.path(), &["--period", "2026-08"]);
    assert_eq!(refused.status.code(), Some(2));
    let err = common::stderr(&refused);
    assert!(
        err.contains("the report for 2026-08 was published"),
        "{err}"
    );
    assert!(err.contains("IPR-2026-09"), "names the later report: {err}");
    assert!(err.contains("--replace"), "says what to do: {err}");
    assert_eq!(
        report_hashes(&out_dir, "2026-08"),
        august,
        "left as published"
    );
    assert!(
        !out_dir.join("replaced").exists(),
        "nothing kept, nothing replaced"
    );

    // With --replace: rewritten, the published files kept first, byte for byte.
    let replaced = consolidate(dir.path(), &["--period", "2026-08", "--replace"]);
    assert!(
        replaced.status.code().is_some_and(|c| c < 2),
        "{}",
        common::stderr(&replaced)
    );
    let kept: Vec<String> = ["xlsx", "json", "html"]
        .iter()
        .map(|ext| {
            let copy = out_dir.join(format!("replaced/IPR-2026-08.1.{ext}"));
            common::sha256_hex(&std::fs::read(&copy).unwrap())
        })
        .collect();
    assert_eq!(kept, august);
    assert!(
        common::stdout(&replaced).contains(
            "The report it replaced is in out/replaced: IPR-2026-08.1.xlsx, IPR-2026-08.1.json, IPR-2026-08.1.html"
        ),
        "{}",
        common::stdout(&replaced)
    );

    // The latest month re-run needs no --replace, and is kept all the same.
    let september = report_hashes(&out_dir, "2026-09");
    let again = consolidate(dir.path(), &["--period", "2026-09"]);
    assert!(
        again.status.code().is_some_and(|c| c < 2),
        "{}",
        common::stderr(&again)
    );
    let copy = out_dir.join("replaced/IPR-2026-09.1.json");
    assert_eq!(
        common::sha256_hex(&std::fs::read(copy).unwrap()),
        september[1]
    );
    // A second replacement of August takes the next number.
    consolidate(dir.path(), &["--period", "2026-08", "--replace"]);
    assert!(out_dir.join("replaced/IPR-2026-08.2.xlsx").is_file());
}

#[test]
fn an_exception_with_no_figure_is_not_no_longer_an_exception() {
    let Some(dir) = common::fixture_council("make_trust.py", &[]) else {
        return;
    };
    let mut last = None;
    for p in ["2026-08", "2026-09", "2026-10"] {
        let run = consolidate(dir.path(), &["--period", p]);
        assert!(
            run.status.code().is_some_and(|c| c < 2),
            "{}",
            common::stderr(&run)
        );
        last = Some(run);
    }
    let json = common::read_json(&report(dir.path(), "2026-10", "json"));
    let changes = &json["changes"];
    // RES-06 went from red to green: the one truly no longer an exception.
    assert_eq!(
        changes["no_longer_exceptions"],
        serde_json::json!(["RES-06"])
    );
    // RES-02's 150% was withheld (outside 0-100) and RES-03 was left blank.
    assert_eq!(
        changes["no_figure_exceptions"],
        serde_json::json!(["RES-02", "RES-03"])
    );
    assert_eq!(changes["returned"], serde_json::json!(["RES-05"]));
    let since = |code: &str| indicator(&json, code)["since_previous_report"].clone();
    assert_eq!(since("RES-02"), "no-figure", "red to withheld");
    assert_eq!(since("RES-04"), "no-figure", "amber to missing");
    assert_eq!(since("RES-05"), "returned", "missing to green");
    assert_eq!(since("RES-06"), "better");

    let text = common::stdout(&last.unwrap());
    assert!(
        text.contains("Since September: 0 new exceptions, 1 no longer;"),
        "{text}"
    );
    assert!(
        text.contains("2 exceptions have no figure this month: RES-02, RES-03."),
        "{text}"
    );
    // The console names the indicators to chase, and gives reasons in words.
    assert!(
        text.contains("No figure this month for 3 indicators: RES-02, RES-03, RES-04."),
        "{text}"
    );
    assert!(
        text.contains(
            "RES-07 Agency staff spend (year to date) (Resources): Red; forecast misses annual target"
        ),
        "{text}"
    );
    let xlsx = report(dir.path(), "2026-10", "xlsx");
    assert_eq!(
        indicators_row(&xlsx, "RES-04")["Since last month"],
        "no-figure"
    );
    assert_eq!(
        indicators_row(&xlsx, "RES-05")["Since last month"],
        "returned"
    );
    let html = std::fs::read_to_string(report(dir.path(), "2026-10", "html")).unwrap();
    assert!(
        html.contains("Exceptions with no figure (2)"),
        "the page lists them apart"
    );
}
#[test]
fn a_bare_fraction_as_a_tolerance_in_ipr_toml_is_refused_naming_the_key() {
    let dir = common::temp_dir();
    let file = dir.path().join("ipr.toml");
    let load = |text: &str| {
        std::fs::write(&file, text).unwrap();
        ipr::config::load_config(&file)
    };
    let err = load("default_tolerance = 0.05\n").unwrap_err().to_string();
    assert!(
        err.contains("default_tolerance = 0.05 is ambiguous"),
        "{err}"
    );
    assert!(err.contains("5% or 0.05%"), "{err}");
    assert!(
        err.contains("default_tolerance = \"5%\""),
        "says how: {err}"
    );
    let err = load("ratio_tolerance = \"0.02\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("ratio_tolerance"), "{err}");
    // Written plainly, each is read as it always was.
    for (text, want) in [
        ("default_tolerance = \"5%\"\n", 0.05),
        ("default_tolerance = 5\n", 0.05),
        ("default_tolerance = \"0.5%\"\n", 0.005),
        ("default_tolerance = 0\n", 0.0),
    ] {
        let (_, settings) = load(text).unwrap();
        assert!((settings.default_tolerance - want).abs() < 1e-12, "{text}");
    }
}

#[test]
fn each_period_on_a_trend_row_has_its_own_target_and_a_year_to_date_says_so() {
    let Some(dir) = common::fixture_council("make_trust.py", &[]) else {
        return;
    };
    for p in ["2026-08", "2026-09", "2026-10"] {
        let run = consolidate(dir.path(), &["--period", p]);
        assert!(
            run.status.code().is_some_and(|c| c < 2),
            "{}",
            common::stderr(&run)
        );
    }
    let mut wb: Xlsx<_> = open_workbook(report(dir.path(), "2026-10", "xlsx")).unwrap();
    let rows = common::rows_text(&wb.worksheet_range("Resources").unwrap());
    // The trend block: the code over its periods, then its values, then targets.
    let at = |code: &str| {
        rows.windows(3)
            .find(|w| w[0][0] == code && w[2][0] == "Target")
            .unwrap_or_else(|| panic!("{code}'s trend rows in {rows:?}"))
    };
    let res01 = at("RES-01");
    assert_eq!(res01[0][1..4], ["2026-08", "2026-09", "2026-10"]);
    assert_eq!(res01[1][0], "YTD", "a cumulative indicator says so");
    assert_eq!(res01[1][1..4], ["47", "55.8", "65.4"]);
    // The register's profile, 47.1 / 56.2 / 65.3: not October's 65.3 three times.
    assert_eq!(res01[2][1..4], ["47.1", "56.2", "65.3"]);
    let res07 = at("RES-07");
    assert_eq!(res07[1][0], "YTD");
    // Pro rata of 1,200,000: five, six and seven twelfths.
    assert_eq!(res07[2][1..4], ["500000", "600000", "700000"]);
    let res06 = at("RES-06");
    assert_eq!(res06[1][0], "Value");
    assert_eq!(res06[2][1..4], ["99", "99", "99"]);
}
