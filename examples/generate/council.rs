//! The council's own files: the register workbook, and the action plan and
//! budget beside it (`--actions`, `--budget`).

use super::*;

pub(super) fn register_workbook(inds: &[Ind], a: &Args) -> Result<Vec<u8>, XlsxError> {
    let mut wb = super::new_workbook();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(ipr::register_format::INDICATORS_SHEET)?;
    // The register's own columns (its contract, `register_format`), those the
    // generator fills, in this order.
    use ipr::register_format::{column_of, Col};
    let columns = [
        Col::Code,
        Col::Title,
        Col::Directorate,
        Col::Owner,
        Col::Unit,
        Col::Polarity,
        Col::Frequency,
        Col::Measure,
        Col::AnnualTarget,
        Col::Tolerance,
        Col::Multiplier,
        Col::Decimals,
        Col::Required,
        Col::Definition,
    ];
    for (c, col) in columns.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, column_of(*col).title, &bold)?;
    }
    for (i, ind) in inds.iter().enumerate() {
        let r = i as u32 + 1;
        let mut rng = Rng::new(&[a.seed, 5, i as u64]);
        ws.write_string(r, 0, &ind.code)?;
        ws.write_string(r, 1, &ind.title)?;
        ws.write_string(r, 2, directorate_name(ind.dir))?;
        ws.write_string(r, 3, format!("Head of Service {}", ind.dir + 1))?;
        ws.write_string(r, 4, ind.unit.word())?;
        ws.write_string(r, 5, ind.polarity)?;
        ws.write_string(r, 6, ind.frequency)?;
        ws.write_string(
            r,
            7,
            if ind.cumulative {
                "cumulative"
            } else {
                "snapshot"
            },
        )?;
        if ind.polarity != "none" {
            ws.write_number(r, 8, ind.target)?;
        }
        ws.write_string(r, 9, "5%")?;
        if ind.unit == Unit::Rate {
            ws.write_string(r, 10, "none")?;
        }
        ws.write_number(r, 11, f64::from(ind.unit.decimals()))?;
        ws.write_string(r, 12, if rng.chance(0.9) { "yes" } else { "no" })?;
        ws.write_string(r, 13, "As defined in the council's performance framework.")?;
    }
    wb.save_to_buffer()
}

/// The plan's actions (`--actions N`), each linked to an indicator of its directorate.
pub(super) fn plan_actions(a: &Args) -> Vec<actions::Action> {
    let inds = make_indicators(a);
    let codes: Vec<Vec<String>> = (0..a.directorates)
        .map(|d| {
            inds.iter()
                .skip(d * a.indicators)
                .take(a.indicators)
                .map(|i| i.code.clone())
                .collect()
        })
        .collect();
    actions::make_actions(a.actions, a.directorates, a.seed, &codes)
}

/// The plan, and a tracker of its own each month for a directorate whose
/// return is a filled-in template (the others' progress is a sheet of
/// their return: `actions::add_sheet`).
pub(super) fn write_plan(a: &Args) -> Result<(), String> {
    let plan = actions::plan_workbook(&a.plan).map_err(|e| e.to_string())?;
    write(&a.out.join("plan.xlsx"), &plan)?;
    let list = &a.plan;
    for t in 0..a.months {
        for d in (0..a.directorates.min(a.actions)).filter(|d| d % 5 != 1 && d % 7 == 3) {
            let bytes = actions::tracker(list, d, t, a.seed).map_err(|e| e.to_string())?;
            let id = month_id(t);
            let name = format!(
                "{}-actions-{id}.xlsx",
                directorate_name(d).replace(' ', "-")
            );
            write(&a.out.join("returns").join(&id).join(name), &bytes)?;
        }
    }
    Ok(())
}

/// The budget, and a budget return of its own each month for a directorate
/// whose return is a filled-in template (the others' monitoring is a sheet
/// of their return: `budget::add_sheet`).
pub(super) fn write_budget(a: &Args) -> Result<(), String> {
    let book = budget::budget_workbook(&a.lines).map_err(|e| e.to_string())?;
    write(&a.out.join("budget.xlsx"), &book)?;
    for t in 0..a.months {
        for d in (0..a.directorates.min(a.budget)).filter(|d| d % 5 != 1 && d % 7 == 3) {
            let bytes = budget::budget_return(&a.lines, d, t, a.seed).map_err(|e| e.to_string())?;
            let id = month_id(t);
            let name = format!("{}-budget-{id}.xlsx", directorate_name(d).replace(' ', "-"));
            write(&a.out.join("returns").join(&id).join(name), &bytes)?;
        }
    }
    Ok(())
}
