//! `--actions N`: an action plan of N actions and milestones over the
//! directorates (`plan.xlsx`, named by `action_plan` in `ipr.toml`), and each
//! directorate's progress each month: a sheet `Actions` in its long or wide
//! return ([`add_sheet`]), or, for a directorate that fills in ipr's template,
//! a tracker of its own (`returns/<YYYY-MM>/<Directorate>-actions-<YYYY-MM>.xlsx`).
//! Without `--actions` the returns are written as they always were.
//!
//! Each action starts in April and is due between September and the
//! following March; its owner reports a status, % complete at a pace of its
//! own, now and then a revised date, and commentary. About 1% of rows carry a
//! planted problem (a bare fraction, a status that is no status word).

use super::{directorate_name, month_id, month_period, Rng, FIRST_YEAR};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// One generated action.
pub struct Action {
    /// `CP-3.12`.
    pub reference: String,
    /// Its directorate's index.
    pub dir: usize,
    /// Months from April to its Due (inclusive of the Due month).
    pub months: u32,
    /// Its pace: % complete per share of time gone, around 1.
    pub pace: f64,
    /// The indicator it is meant to improve, if any.
    pub indicator: Option<String>,
}

/// N actions round the directorates; every fourth a milestone of the one before.
pub fn make_actions(
    n: usize,
    directorates: usize,
    seed: u64,
    codes: &[Vec<String>],
) -> Vec<Action> {
    (0..n)
        .map(|i| {
            let dir = i % directorates;
            let mut r = Rng::new(&[seed, 20, i as u64]);
            let k = i / directorates + 1;
            let mine = &codes[dir];
            Action {
                reference: format!("CP-{}.{k}", dir + 1),
                dir,
                months: 6 + (r.f() * 7.0) as u32,
                pace: r.range(0.55, 1.3),
                indicator: (!mine.is_empty() && r.chance(0.6)).then(|| r.pick(mine).clone()),
            }
        })
        .collect()
}

fn due_of(a: &Action) -> (i32, u32, u32) {
    // The last day of the month `months` after April (months = 6: September).
    let m = 3 + a.months;
    let (year, month) = if m <= 12 {
        (FIRST_YEAR, m)
    } else {
        (FIRST_YEAR + 1, m - 12)
    };
    let last = match month {
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (year, month, last)
}

fn date(y: i32, m: u32, d: u32) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(y as u16, m as u8, d as u8)
}

/// The plan workbook: sheet `Actions`.
pub fn plan_workbook(actions: &[Action]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = super::new_workbook();
    let bold = Format::new().set_bold();
    let dmy = Format::new().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet();
    ws.set_name("Actions")?;
    let head = [
        "Ref",
        "Action",
        "Directorate",
        "Lead",
        "Plan",
        "Parent",
        "Start",
        "Due",
        "Indicators",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, a) in actions.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &a.reference)?;
        ws.write_string(
            row,
            1,
            format!(
                "Deliver improvement {} for {}",
                a.reference,
                directorate_name(a.dir)
            ),
        )?;
        ws.write_string(row, 2, directorate_name(a.dir))?;
        ws.write_string(row, 3, format!("Head of Service {}", a.dir + 1))?;
        let plan = if a.dir % 4 == 0 {
            "Improvement plan"
        } else {
            "Corporate Plan 2025-28"
        };
        ws.write_string(row, 4, plan)?;
        // Every fourth action of a directorate is a milestone of the one before.
        if i % 4 == 3 {
            if let Some(p) = actions.iter().take(i).rev().find(|b| b.dir == a.dir) {
                ws.write_string(row, 5, &p.reference)?;
            }
        }
        ws.write_datetime_with_format(row, 6, date(FIRST_YEAR, 4, 1)?, &dmy)?;
        let (y, m, d) = due_of(a);
        ws.write_datetime_with_format(row, 7, date(y, m, d)?, &dmy)?;
        if let Some(code) = &a.indicator {
            ws.write_string(row, 8, code)?;
        }
    }
    wb.save_to_buffer()
}

/// Adds sheet `Actions` to a directorate's return for month t: its rows of
/// progress, as a tracker's. Nothing when the directorate has no action.
pub fn add_sheet(
    wb: &mut Workbook,
    actions: &[Action],
    dir: usize,
    t: u32,
    seed: u64,
) -> Result<(), XlsxError> {
    if actions.iter().any(|a| a.dir == dir) {
        progress_sheet(wb, actions, dir, t, seed)?;
    }
    Ok(())
}

/// One directorate's tracker for month t (0 = April).
pub fn tracker(actions: &[Action], dir: usize, t: u32, seed: u64) -> Result<Vec<u8>, XlsxError> {
    let mut wb = super::new_workbook();
    progress_sheet(&mut wb, actions, dir, t, seed)?;
    wb.save_to_buffer()
}

fn progress_sheet(
    wb: &mut Workbook,
    actions: &[Action],
    dir: usize,
    t: u32,
    seed: u64,
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let dmy = Format::new().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet();
    ws.set_name("Actions")?;
    ws.write_string(0, 0, "Directorate:")?;
    ws.write_string(0, 1, directorate_name(dir))?;
    ws.write_string(1, 0, "Period:")?;
    ws.write_string(1, 1, month_id(t))?;
    let head = [
        "Action Ref",
        "Status",
        "% Complete",
        "Revised Date",
        "Commentary",
        "RAG",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &bold)?;
    }
    let mine = actions.iter().enumerate().filter(|(_, a)| a.dir == dir);
    for (row, (i, a)) in (4..).zip(mine) {
        let mut r = Rng::new(&[seed, 21, i as u64, u64::from(t)]);
        let gone = (f64::from(t) + 1.0) / f64::from(a.months);
        let pct = (gone * a.pace * 100.0).min(100.0).round();
        ws.write_string(row, 0, &a.reference)?;
        let status = if pct >= 100.0 {
            "Complete"
        } else if t == 0 && r.chance(0.2) {
            "Not started"
        } else {
            "In progress"
        };
        if r.chance(0.005) {
            ws.write_string(row, 1, "Nearly there")?;
        } else {
            ws.write_string(row, 1, status)?;
        }
        match (status, r.chance(0.005)) {
            ("Not started", _) => ws.write_number(row, 2, 0.0)?,
            (_, true) => ws.write_number(row, 2, 0.45)?,
            _ => ws.write_number(row, 2, pct)?,
        };
        // A slow action gets a new date; the new date stays from then on.
        if a.pace < 0.75 && t + 2 >= a.months {
            let (y, m, _) = due_of(a);
            let (y, m) = if m >= 10 { (y + 1, m - 9) } else { (y, m + 3) };
            ws.write_datetime_with_format(row, 3, date(y, m, 28)?, &dmy)?;
        }
        ws.write_string(
            row,
            4,
            format!("Progress as planned for {}", month_period_words(t)),
        )?;
        ws.write_string(
            row,
            5,
            if a.pace >= 0.9 {
                "Green"
            } else if a.pace >= 0.7 {
                "Amber"
            } else {
                "Red"
            },
        )?;
    }
    Ok(())
}

fn month_period_words(t: u32) -> String {
    match month_period(t) {
        ipr::period::Period::Month { year, month } => {
            format!(
                "{} {year}",
                ipr::period::month_long_name(month).unwrap_or("?")
            )
        }
        _ => String::new(),
    }
}
