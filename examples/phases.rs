//! Where a consolidation's time goes: the stages of `ipr consolidate` timed one
//! by one, in memory (nothing is written except where a stage is the writing),
//! with everything the settings turn on: the action plan, the budget and the
//! packs are loaded through the workspace as `ipr consolidate` loads them.
//!
//! ```text
//! cargo run --release --example phases -- target/bench/council/ipr.toml
//! ```
//!
//! The stages run one after another here; `ipr consolidate` overlaps them on
//! threads, so the last line (the month in one call) is less than the sum.

use ipr::pipeline::month::{
    assess_month, month_packs, month_period, previous_report, read_forms_back, read_month_returns,
};
use ipr::pipeline::MonthOptions;
use ipr::workspace::{PeriodRule, Workspace, WorkspaceOptions};
use std::path::Path;
use std::time::Instant;

fn main() {
    let Some(config) = std::env::args().nth(1) else {
        eprintln!("phases: name an ipr.toml (made by the generate example)");
        std::process::exit(2);
    };
    if let Err(e) = run(Path::new(&config)) {
        eprintln!("phases: {e}");
        std::process::exit(2);
    }
}

fn run(config: &Path) -> Result<(), String> {
    let t = Instant::now();
    let lap = |what: &str, since: &mut Instant| {
        println!(
            "{what:<34} {:>8.1} ms   {}",
            since.elapsed().as_secs_f64() * 1000.0,
            memory()
        );
        *since = Instant::now();
    };
    let mut at = Instant::now();
    let ws = Workspace::load(&WorkspaceOptions {
        config: Some(config.to_path_buf()),
        period_rule: PeriodRule::Required { example: "2026-09" },
        load_templates: true,
        ..Default::default()
    })
    .map_err(|e| e.to_string())?;
    let style = ws.templates.clone().ok_or("no templates")?.form;
    lap("config, register, plan, budget", &mut at);
    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut opts = MonthOptions::new(&ws, ws.period, &style);
    opts.out = out.path().to_path_buf();
    let (forms_back, _) = read_forms_back(&opts).map_err(|e| e.to_string())?;
    let found = read_month_returns(&opts, &|_, _| {});
    let obs: usize = found.returns.iter().map(|r| r.observations.len()).sum();
    lap(
        &format!("read {} files ({obs} values)", found.returns.len()),
        &mut at,
    );
    let (period, _) = month_period(&opts, &found).map_err(|e| e.to_string())?;
    let previous = previous_report(&opts, period).map_err(|e| e.to_string())?;
    let mut c = assess_month(&opts, found, period, previous.as_ref(), &forms_back)
        .map_err(|e| e.to_string())?;
    month_packs(&opts, &mut c).map_err(|e| e.to_string())?;
    lap(&format!("analyse ({} findings)", c.findings.len()), &mut at);
    let xlsx = ipr::report::workbook_bytes(&c).map_err(|e| e.to_string())?;
    lap(&format!("workbook ({} KB)", xlsx.len() / 1024), &mut at);
    let json =
        ipr::report::json::json_bytes(&c, Path::new("IPR.json")).map_err(|e| e.to_string())?;
    lap(&format!("json ({} KB)", json.len() / 1024), &mut at);
    let page = ipr::report::html::render(&c);
    lap(&format!("web page ({} KB)", page.len() / 1024), &mut at);
    let packs = ipr::report::packs::build_packs(&c, out.path()).map_err(|e| e.to_string())?;
    lap(&format!("{} packs", packs.len()), &mut at);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let prepared = ipr::report::prepare_forms(&c, dir.path(), &style).map_err(|e| e.to_string())?;
    lap("forms built", &mut at);
    let staged = prepared.stage().map_err(|e| e.to_string())?;
    lap("forms staged", &mut at);
    let forms = staged.commit().map_err(|e| e.to_string())?;
    lap(&format!("{} forms in place", forms.written.len()), &mut at);
    println!(
        "{:<34} {:>8.1} ms",
        "total",
        t.elapsed().as_secs_f64() * 1000.0
    );
    drop((c, xlsx, json, page, packs));
    // The same month as `ipr consolidate` runs it, in one call, for comparison
    // with the sum of its stages above.
    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    opts.out = out.path().to_path_buf();
    let mut at = Instant::now();
    ipr::pipeline::run_month(&opts, &|_, _| {}).map_err(|e| e.to_string())?;
    lap("the month in one call", &mut at);
    Ok(())
}

/// Resident memory now and at its peak so far, from /proc (Linux only).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map(|kb| format!("{:>4} MB", kb / 1024))
            .unwrap_or_default()
    };
    format!("rss {} peak {}", field("VmRSS:"), field("VmHWM:"))
}
