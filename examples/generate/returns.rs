//! The returns as the directorates send them: the long layout, the wide
//! layout (a column per month), and the template made by `ipr template`
//! filled in cell by cell.

use super::*;

pub(super) fn thousands(v: f64) -> String {
    let s = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

pub(super) fn write_fig(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    fig: &Fig,
    pct: &Format,
) -> Result<(), XlsxError> {
    match fig {
        Fig::Num(v) => {
            ws.write_number(row, col, *v)?;
        }
        Fig::PercentCell(v) => {
            ws.write_number_with_format(row, col, *v, pct)?;
        }
        Fig::Text(t) => {
            ws.write_string(row, col, t)?;
        }
        Fig::Blank => {}
    }
    Ok(())
}

pub(super) fn opt_num(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: Option<f64>,
) -> Result<(), XlsxError> {
    if let Some(v) = v {
        ws.write_number(row, col, v)?;
    }
    Ok(())
}

/// Target for the month, as a directorate would copy it from the register.
pub(super) fn target_for(ind: &Ind, t: u32) -> f64 {
    if ind.cumulative {
        round_to(ind.target * f64::from(t + 1) / 12.0, ind.unit.decimals())
    } else {
        ind.target
    }
}

pub(super) fn long_return(
    a: &Args,
    dir: &str,
    d: usize,
    inds: &[(usize, &Ind)],
    t: u32,
) -> Result<Vec<u8>, XlsxError> {
    let mut r = Rng::new(&[a.seed, 4, d as u64, u64::from(t)]);
    let mut wb = super::new_workbook();
    let bold = Format::new().set_bold();
    let pct = Format::new().set_num_format("0.0%");
    let date = Format::new().set_num_format("mmm-yy");
    let ws = wb.add_worksheet();
    ws.set_name("Return")?;
    ws.write_string_with_format(0, 0, "Monthly performance return", &bold)?;
    ws.write_string(1, 0, "Directorate:")?;
    ws.write_string(1, 1, dir)?;
    ws.write_string(2, 0, "Period:")?;
    let Period::Month { year, month } = month_period(t) else {
        unreachable!()
    };
    match d % 4 {
        0 => ws.write_string(2, 1, month_short(t))?,
        1 => ws.write_string(2, 1, format!("{} {year}", full_month(month)))?,
        2 => ws.write_string(2, 1, format!("{month:02}/{year}"))?,
        _ => {
            let dt = ExcelDateTime::from_ymd(year as u16, month as u8, 1)?;
            ws.write_datetime_with_format(2, 1, dt, &date)?
        }
    };
    let code_h = ["Code", "PI Ref", "KPI Ref", "Indicator Code"][d % 4];
    let value_h = ["Actual", "Outturn", "Value", "Result"][d % 4];
    let comm_h = ["Commentary", "Comments", "Narrative"][d % 3];
    let headers = [
        code_h,
        "Indicator",
        value_h,
        "Target",
        "Numerator",
        "Denominator",
        "Forecast",
        comm_h,
        "Data Note",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(4, c as u16, *h, &bold)?;
    }
    let mut row = 5;
    for (idx, ind) in inds {
        if !is_due(ind, t) {
            continue;
        }
        let x = row_for(ind, a.seed, *idx, t, true);
        ws.write_string(row, 0, &ind.code)?;
        ws.write_string(row, 1, &ind.title)?;
        write_fig(ws, row, 2, &x.fig, &pct)?;
        ws.write_number(row, 3, target_for(ind, t))?;
        opt_num(ws, row, 4, x.numerator)?;
        opt_num(ws, row, 5, x.denominator)?;
        opt_num(ws, row, 6, x.forecast)?;
        if let Some(c) = x.commentary {
            ws.write_string(row, 7, c)?;
        }
        if let Some(n) = x.note {
            ws.write_string(row, 8, n)?;
        }
        row += 1;
    }
    if r.chance(0.02) {
        // A code the register does not know (a typo, or a retired indicator).
        ws.write_string(row, 0, "OLD-999")?;
        ws.write_string(row, 1, "Retired indicator")?;
        ws.write_number(row, 2, 42.0)?;
    }
    ws.set_column_width(1, 50)?;
    ws.set_column_width(7, 60)?;
    actions::add_sheet(&mut wb, &a.plan, d, t, a.seed)?;
    budget::add_sheet(&mut wb, &a.lines, d, t, a.seed)?;
    wb.save_to_buffer()
}

pub(super) fn full_month(m: u32) -> &'static str {
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ][m as usize - 1]
}

pub(super) fn wide_return(
    a: &Args,
    dir: &str,
    d: usize,
    inds: &[(usize, &Ind)],
    t: u32,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = super::new_workbook();
    let bold = Format::new().set_bold();
    let pct = Format::new().set_num_format("0.0%");
    let ws = wb.add_worksheet();
    ws.set_name("Data")?;
    ws.write_string(0, 0, "Directorate:")?;
    ws.write_string(0, 1, dir)?;
    ws.write_string_with_format(2, 0, "Code", &bold)?;
    ws.write_string_with_format(2, 1, "Indicator", &bold)?;
    // Last year's outturn first, as such sheets usually show it.
    ws.write_string_with_format(2, 2, format!("Mar-{}", FIRST_YEAR % 100), &bold)?;
    for s in 0..=t {
        ws.write_string_with_format(2, 3 + s as u16, month_short(s), &bold)?;
    }
    let mut row = 3;
    for (idx, ind) in inds {
        if ind.frequency == "annual" && t < 11 {
            continue;
        }
        ws.write_string(row, 0, &ind.code)?;
        ws.write_string(row, 1, &ind.title)?;
        // Every frequency is due in March; last year's trend carried back.
        let last_year = true_value(ind, a.seed, *idx, 11) * (1.0 - 12.0 * ind.trend);
        ws.write_number(row, 2, round_to(last_year, ind.unit.decimals()))?;
        for s in 0..=t {
            if is_due(ind, s) {
                let x = row_for(ind, a.seed, *idx, s, false);
                write_fig(ws, row, 3 + s as u16, &x.fig, &pct)?;
            }
        }
        row += 1;
    }
    ws.set_column_width(1, 50)?;
    actions::add_sheet(&mut wb, &a.plan, d, t, a.seed)?;
    budget::add_sheet(&mut wb, &a.lines, d, t, a.seed)?;
    wb.save_to_buffer()
}

/// A template made by `ipr template`, filled in as a directorate would: the
/// blank input cells of its Return sheet given values, everything else as written.
pub(super) fn template_return(
    a: &Args,
    register: &ipr::model::Register,
    templates: &Templates,
    dir: &str,
    by_code: &BTreeMap<String, (usize, &Ind)>,
    t: u32,
) -> Result<Vec<u8>, String> {
    let cal = Calendar::default();
    let period = month_period(t);
    let due = ipr::assess::due_in(register, dir, period, cal);
    let blank = return_template_bytes(
        register,
        dir,
        period,
        cal,
        &due,
        &BTreeMap::new(),
        templates,
    )
    .map_err(|e| e.to_string())?;
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(blank)).map_err(|e| e.to_string())?;
    let mut xml = String::new();
    zin.by_name("xl/worksheets/sheet1.xml")
        .map_err(|e| e.to_string())?
        .read_to_string(&mut xml)
        .map_err(|e| e.to_string())?;
    for (i, ind) in due.iter().map(|d| d.indicator).enumerate() {
        let Some((idx, g)) = by_code.get(&ind.code) else {
            continue;
        };
        let x = row_for(g, a.seed, *idx, t, true);
        let excel_row = HEADER_ROW + 2 + i as u32;
        let value = match &x.fig {
            Fig::Num(v) => Some(Cell::Num(*v)),
            Fig::PercentCell(v) => Some(Cell::Num(v * 100.0)),
            Fig::Text(s) => Some(Cell::Text(s.to_string())),
            Fig::Blank => None,
        };
        fill(&mut xml, "D", excel_row, value);
        fill(&mut xml, "F", excel_row, x.forecast.map(Cell::Num));
        fill(&mut xml, "G", excel_row, x.numerator.map(Cell::Num));
        fill(&mut xml, "H", excel_row, x.denominator.map(Cell::Num));
        fill(
            &mut xml,
            "I",
            excel_row,
            x.commentary.map(|c| Cell::Text(c.into())),
        );
        fill(
            &mut xml,
            "J",
            excel_row,
            x.note.map(|c| Cell::Text(c.into())),
        );
    }
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..zin.len() {
        let f = zin.by_index(i).map_err(|e| e.to_string())?;
        if f.name().map_err(|e| e.to_string())? == "xl/worksheets/sheet1.xml" {
            drop(f);
            zout.start_file("xl/worksheets/sheet1.xml", opts)
                .map_err(|e| e.to_string())?;
            zout.write_all(xml.as_bytes()).map_err(|e| e.to_string())?;
        } else {
            zout.raw_copy_file(f).map_err(|e| e.to_string())?;
        }
    }
    Ok(zout.finish().map_err(|e| e.to_string())?.into_inner())
}

pub(super) enum Cell {
    Num(f64),
    Text(String),
}

/// Put a value into a blank formatted cell `<c r="D7" s="5"/>` of sheet XML.
pub(super) fn fill(xml: &mut String, col: &str, row: u32, value: Option<Cell>) {
    let Some(value) = value else { return };
    let open = format!("<c r=\"{col}{row}\" s=\"");
    let Some(start) = xml.find(&open) else { return };
    let Some(len) = xml[start..].find("/>") else {
        return;
    };
    let style = &xml[start + open.len()..start + len];
    let style = style.trim_end_matches('"').to_string();
    let cell = match value {
        Cell::Num(v) => format!("<c r=\"{col}{row}\" s=\"{style}\"><v>{v}</v></c>"),
        Cell::Text(t) => format!(
            "<c r=\"{col}{row}\" s=\"{style}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
            t.replace('&', "&amp;").replace('<', "&lt;")
        ),
    };
    xml.replace_range(start..start + len + 2, &cell);
}
