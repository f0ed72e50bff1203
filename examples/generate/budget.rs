//! `--budget N`: a budget of N lines over the directorates (`budget.xlsx`,
//! named by `budget` in `ipr.toml`), and each directorate's budget monitoring
//! each month: a sheet `Budget` in its long or wide return ([`add_sheet`]),
//! or, for a directorate that fills in ipr's template, a return of its own
//! (`returns/<YYYY-MM>/<Directorate>-budget-<YYYY-MM>.xlsx`). Without
//! `--budget` the returns are written as they always were.
//!
//! Most lines are expenditure; one in ten is income and one in eight capital.
//! Each line's forecast drifts from its budget month by month at a rate of its
//! own: most stay within 2%, one in eight drifts up to 9% away and crosses
//! its tolerance during the year; a variance beyond tolerance is usually
//! explained. About 1% of rows carry a planted problem (a forecast
//! `tbc`, a spend to date above the forecast).

use super::{directorate_name, month_id, Rng};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// One generated budget line.
pub struct Line {
    /// `B03-012`.
    pub reference: String,
    /// Its directorate's index.
    pub dir: usize,
    /// `expenditure`, `income` or `capital`.
    pub kind: &'static str,
    /// The approved budget, whole pounds.
    pub budget: f64,
    /// How far the forecast drifts from the budget by March, as a fraction.
    pub drift: f64,
}

/// N lines round the directorates.
pub fn make_lines(n: usize, directorates: usize, seed: u64) -> Vec<Line> {
    (0..n)
        .map(|i| {
            let dir = i % directorates;
            let mut r = Rng::new(&[seed, 30, i as u64]);
            let kind = if i % 10 == 9 {
                "income"
            } else if i % 8 == 7 {
                "capital"
            } else {
                "expenditure"
            };
            // £50,000 to about £5m, to the thousand.
            let budget = (r.range(50.0, 5_000.0)).round() * 1_000.0;
            Line {
                reference: format!("B{:02}-{:03}", dir + 1, i / directorates + 1),
                dir,
                kind,
                budget,
                // Most lines stay near their budget; one in eight drifts well away.
                drift: if r.chance(0.125) {
                    r.range(-0.08, 0.09)
                } else {
                    r.range(-0.015, 0.018)
                },
            }
        })
        .collect()
}

/// The budget workbook: sheet `Budgets`.
pub fn budget_workbook(lines: &[Line]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = super::new_workbook();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("£#,##0");
    let ws = wb.add_worksheet();
    ws.set_name("Budgets")?;
    let head = [
        "Ref",
        "Service",
        "Directorate",
        "Type",
        "Budget",
        "Tolerance",
        "Holder",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, l) in lines.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &l.reference)?;
        ws.write_string(row, 1, format!("Service {}", l.reference))?;
        ws.write_string(row, 2, directorate_name(l.dir))?;
        ws.write_string(row, 3, l.kind)?;
        ws.write_number_with_format(row, 4, l.budget, &money)?;
        // Half the lines have a tolerance of their own; the rest take 2%.
        match i % 4 {
            0 => ws.write_string(row, 5, "£50,000")?,
            1 => ws.write_string(row, 5, "2% or £50,000")?,
            _ => ws,
        };
        ws.write_string(row, 6, format!("Head of Service {}", l.dir + 1))?;
    }
    wb.save_to_buffer()
}

/// Adds sheet `Budget` to a directorate's return for month t: its lines'
/// monitoring. Nothing when the directorate has no line.
pub fn add_sheet(
    wb: &mut Workbook,
    lines: &[Line],
    dir: usize,
    t: u32,
    seed: u64,
) -> Result<(), XlsxError> {
    if lines.iter().any(|l| l.dir == dir) {
        budget_sheet(wb, lines, dir, t, seed)?;
    }
    Ok(())
}

/// One directorate's budget return of its own for month t (0 = April).
pub fn budget_return(lines: &[Line], dir: usize, t: u32, seed: u64) -> Result<Vec<u8>, XlsxError> {
    let mut wb = super::new_workbook();
    budget_sheet(&mut wb, lines, dir, t, seed)?;
    wb.save_to_buffer()
}

fn budget_sheet(
    wb: &mut Workbook,
    lines: &[Line],
    dir: usize,
    t: u32,
    seed: u64,
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("£#,##0.00");
    let ws = wb.add_worksheet();
    ws.set_name("Budget")?;
    ws.write_string(0, 0, "Directorate:")?;
    ws.write_string(0, 1, directorate_name(dir))?;
    ws.write_string(1, 0, "Period:")?;
    ws.write_string(1, 1, month_id(t))?;
    let head = [
        "Cost Centre",
        "Service",
        "Annual Budget",
        "Spend to Date",
        "Forecast Outturn",
        "Variance Explanation",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &bold)?;
    }
    let mine = lines.iter().enumerate().filter(|(_, l)| l.dir == dir);
    for (row, (i, l)) in (4..).zip(mine) {
        let mut r = Rng::new(&[seed, 31, i as u64, u64::from(t)]);
        let gone = (f64::from(t) + 1.0) / 12.0;
        // The forecast moves towards its drift through the year, to the penny.
        let noise = r.range(-0.004, 0.004);
        let forecast = (l.budget * (1.0 + l.drift * gone + noise) * 100.0).round() / 100.0;
        let spend = (forecast * gone * r.range(0.88, 1.0) * 100.0).round() / 100.0;
        ws.write_string(row, 0, &l.reference)?;
        ws.write_string(row, 1, format!("Service {}", l.reference))?;
        ws.write_number_with_format(row, 2, l.budget, &money)?;
        if r.chance(0.005) {
            // Spent more than the whole year's forecast (DQ084).
            ws.write_number_with_format(row, 3, forecast * 1.2, &money)?;
        } else {
            ws.write_number_with_format(row, 3, spend, &money)?;
        }
        if r.chance(0.005) {
            ws.write_string(row, 4, "tbc")?;
        } else {
            ws.write_number_with_format(row, 4, forecast, &money)?;
        }
        // Beyond the smallest tolerance given (1.5% of a line under £3.3m
        // is below £50,000): usually explained.
        let beyond = (forecast - l.budget).abs() > (0.015 * l.budget).min(50_000.0);
        if beyond && r.chance(0.9) {
            ws.write_string(row, 5, "Demand above the level budgeted for")?;
        }
    }
    ws.set_column_width(1, 24)?;
    ws.set_column_width(5, 40)?;
    Ok(())
}
