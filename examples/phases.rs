//! Where a consolidation's time goes: the stages of `ipr consolidate` timed one
//! by one, in memory (nothing is written except where a stage is the writing).
//!
//! ```text
//! cargo run --release --example phases -- target/bench/council/ipr.toml
//! ```

use ipr::config::load_config;
use ipr::register::{load_register, RegisterOptions};
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
            "{what:<28} {:>8.1} ms   {}",
            since.elapsed().as_secs_f64() * 1000.0,
            memory()
        );
        *since = Instant::now();
    };
    let mut at = Instant::now();
    let (paths, settings) = load_config(config).map_err(|e| e.to_string())?;
    let reg_path = paths.register.ok_or("no register in the config")?;
    let register = load_register(
        &reg_path,
        &reg_path.display().to_string(),
        &RegisterOptions {
            calendar: settings.calendar,
            default_tolerance: settings.default_tolerance,
            limits: settings.limits,
        },
    )
    .map_err(|e| e.to_string())?;
    lap("config and register", &mut at);
    let period = paths
        .period
        .as_deref()
        .and_then(|p| settings.calendar.parse_id(p))
        .ok_or("no period in the config")?;
    let (files, _) = ipr::returns::find_returns(&paths.returns);
    lap(&format!("find {} files", files.len()), &mut at);
    let returns = ipr::pipeline::read_returns(&files, &register, &settings);
    let obs: usize = returns.iter().map(|r| r.observations.len()).sum();
    lap(&format!("read ({obs} observations)"), &mut at);
    let c = ipr::pipeline::analyse(&register, returns, &settings, period, true);
    lap(&format!("analyse ({} findings)", c.findings.len()), &mut at);
    let xlsx = ipr::report::workbook_bytes(&c).map_err(|e| e.to_string())?;
    lap(&format!("workbook ({} KB)", xlsx.len() / 1024), &mut at);
    let json =
        ipr::report::json::json_bytes(&c, Path::new("IPR.json")).map_err(|e| e.to_string())?;
    lap(&format!("json ({} KB)", json.len() / 1024), &mut at);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let templates = ipr::report::Templates::builtin().map_err(|e| e.to_string())?;
    let style = templates.form;
    let prepared = ipr::report::prepare_forms(&c, dir.path(), &style).map_err(|e| e.to_string())?;
    lap("remedial forms built", &mut at);
    let staged = prepared.stage().map_err(|e| e.to_string())?;
    lap("remedial forms staged", &mut at);
    let forms = staged.commit().map_err(|e| e.to_string())?;
    lap(
        &format!("{} remedial forms in place", forms.written.len()),
        &mut at,
    );
    println!(
        "{:<28} {:>8.1} ms",
        "total",
        t.elapsed().as_secs_f64() * 1000.0
    );
    // The same month as `ipr consolidate` runs it, in one call, for comparison
    // with the sum of its stages above.
    let ws = ipr::workspace::Workspace::load(&ipr::workspace::WorkspaceOptions {
        config: Some(config.to_path_buf()),
        period_rule: ipr::workspace::PeriodRule::Required { example: "2026-09" },
        ..Default::default()
    })
    .map_err(|e| e.to_string())?;
    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut opts = ipr::pipeline::MonthOptions::new(&ws, period, &style);
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
