//! The io floor (issue 23): the reading and writing `ipr consolidate` cannot
//! avoid, done as plainly as the libraries allow. Every cell of every return is
//! read with calamine (one worker per core, as `examples/read_floor` and `ipr`
//! read), then, by rust_xlsxwriter on one thread:
//!
//! - one workbook whose History sheet has a row for each value, as many rows
//!   and columns as `ipr`'s History (constant-memory mode, as `ipr` writes it),
//!   each row holding the value read and nine cells of text about it;
//! - as many small workbooks as `ipr` writes forms, each comparable to a
//!   remedial-action form: a sheet of about thirty labelled cells in a few
//!   formats, a drop-down, protection, an A4 page set-up, and a very hidden
//!   sheet of metadata.
//!
//! Nothing is checked, joined or assessed, and the only formats are the forms'
//! own, so `ipr`'s end-to-end time divided by this is the cost of what `ipr`
//! adds beyond reading every cell and writing what the spec asks for.
//!
//! ```text
//! cargo run --release --example io_floor -- INPUT... OUT [--rows N] [--columns C] [--forms F]
//! ```
//!
//! INPUT is a folder of returns or a workbook (an action plan, a budget).
//!
//! `--rows` (default: one row per numeric cell read) and `--forms` (default
//! 306, a council-year's) are taken from `ipr`'s own run of the same inputs by
//! `benches/run.sh`; `--columns` is 10, or 11 with a previous report. Rows past
//! the values read repeat them. OUT gets `IPR.xlsx` and `forms/`; it is emptied
//! first.

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatBorder, ProtectionOptions, Workbook, XlsxError,
};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What io_floor was asked to do.
struct Args {
    inputs: Vec<PathBuf>,
    out: PathBuf,
    rows: Option<usize>,
    columns: u16,
    forms: usize,
}

fn args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mut paths = Vec::new();
    let (mut rows, mut columns, mut forms) = (None, 10u16, 306usize);
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> Result<usize, String> {
            it.next()
                .and_then(|v| v.parse().ok())
                .ok_or(format!("{name} needs a whole number"))
        };
        match a.as_str() {
            "--rows" => rows = Some(value("--rows")?),
            "--columns" => columns = value("--columns")?.clamp(1, 100) as u16,
            "--forms" => forms = value("--forms")?,
            _ => paths.push(PathBuf::from(a)),
        }
    }
    let out = paths
        .pop()
        .filter(|_| !paths.is_empty())
        .ok_or("name the returns (folders or files) and an output folder")?;
    Ok(Args {
        inputs: paths,
        out,
        rows,
        columns,
        forms,
    })
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            collect(&p, out);
        }
    } else if path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        out.push(path.to_path_buf());
    }
}

/// One value read, with what History says about where it came from.
struct Value {
    file: usize,
    sheet: String,
    row: u32,
    col: u32,
    value: f64,
}

/// Every cell of one file touched; its numbers kept.
fn read_one(index: usize, path: &Path) -> Result<(u64, Vec<Value>), String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut wb =
        open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let (mut cells, mut values) = (0u64, Vec::new());
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(|e| e.to_string())?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, d) in range.used_cells() {
            cells += 1;
            let value = match d {
                Data::Float(f) => *f,
                Data::Int(i) => *i as f64,
                _ => continue,
            };
            values.push(Value {
                file: index,
                sheet: name.clone(),
                row: r0 + r as u32,
                col: c0 + c as u32,
                value,
            });
        }
    }
    Ok((cells, values))
}

/// Every file read on one worker per core: (cells, values, unreadable files).
fn read_all(files: &[PathBuf]) -> (u64, Vec<Value>, usize) {
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut parts: Vec<(usize, u64, Vec<Value>, usize)> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(p) = files.get(i) else { break };
                        match read_one(i, p) {
                            Ok((c, v)) => mine.push((i, c, v, 0)),
                            Err(e) => {
                                eprintln!("{}: {e}", p.display());
                                mine.push((i, 0, Vec::new(), 1));
                            }
                        }
                    }
                    mine
                })
            })
            .collect();
        hs.into_iter()
            .filter_map(|h| h.join().ok())
            .flatten()
            .collect()
    });
    // In file order, as History lists them.
    parts.sort_by_key(|p| p.0);
    let (mut cells, mut values, mut failed) = (0, Vec::new(), 0);
    for (_, c, v, f) in parts {
        cells += c;
        values.extend(v);
        failed += f;
    }
    (cells, values, failed)
}

/// Column letters of a 0-based column, as History's Cell column shows them.
fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        letters.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// The History sheet: `rows` rows of `columns` cells, a header over them.
fn history(
    files: &[PathBuf],
    values: &[Value],
    rows: usize,
    columns: u16,
    out: &Path,
) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("History")?;
    let header = Format::new().set_bold();
    for c in 0..columns {
        ws.write_string_with_format(0, c, format!("Column {}", c + 1), &header)?;
    }
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap_or_default().to_string_lossy().into())
        .collect();
    for i in 0..rows.min(values.len() * rows) {
        let v = &values[i % values.len()];
        let row = (i + 1) as u32;
        let name = &names[v.file];
        // Directorate and period as a return's name gives them, the code as a
        // register's: text of about History's lengths.
        ws.write_string(row, 0, name.get(..name.len().min(18)).unwrap_or(name))?;
        ws.write_string(row, 1, format!("PI{:03}", i % 100))?;
        ws.write_string(row, 2, "2026-03")?;
        ws.write_number(row, 3, v.value)?;
        ws.write_string(row, 4, v.value.to_string())?;
        ws.write_number(row, 5, v.value)?;
        ws.write_number(row, 6, 100.0)?;
        ws.write_string(row, 7, name)?;
        ws.write_string(row, 8, &v.sheet)?;
        ws.write_string(row, 9, a1(v.row, v.col))?;
        for c in 10..columns {
            ws.write_string(row, c, "Restated")?;
        }
    }
    wb.save(out.join("IPR.xlsx"))
}

/// One small workbook, about the size and shape of a remedial-action form.
fn form(n: usize, values: &[Value], path: &Path) -> Result<(), XlsxError> {
    let title = Format::new().set_bold().set_font_size(14);
    let heading = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2));
    let label = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let input = Format::new()
        .set_background_color(Color::RGB(0xFFF2CC))
        .set_unlocked()
        .set_text_wrap();
    let number = Format::new().set_num_format("#,##0.0");
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(1);
    let ws = wb.add_worksheet();
    ws.set_name("Remedial action")?;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 80)?;
    ws.write_string_with_format(0, 0, format!("Remedial action report PI{n:03}"), &title)?;
    ws.write_string(1, 0, "Complete the yellow cells and return this form.")?;
    ws.write_string_with_format(3, 0, "About the indicator", &heading)?;
    ws.write_blank(3, 1, &heading)?;
    let mut row = 4;
    for k in 0..12 {
        ws.write_string_with_format(row, 0, format!("Fact {}", k + 1), &label)?;
        if k < 6 {
            ws.write_string(row, 1, format!("About indicator {n}, line {k}"))?;
        } else {
            let v = values.get((n * 12 + k) % values.len().max(1));
            ws.write_number_with_format(row, 1, v.map_or(0.0, |v| v.value), &number)?;
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, "For you to complete", &heading)?;
    ws.write_blank(row, 1, &heading)?;
    row += 1;
    for k in 0..5 {
        ws.write_string_with_format(row, 0, format!("Answer {}", k + 1), &label)?;
        ws.write_blank(row, 1, &input)?;
        let dv = if k == 4 {
            DataValidation::new().allow_list_strings(&["Open", "Closed"])?
        } else {
            DataValidation::new()
                .allow_any_value()
                .set_input_message("Say what has happened and what will be done.")?
        };
        ws.add_data_validation(row, 1, row, 1, &dv)?;
        row += 1;
    }
    row += 1;
    for k in 0..12 {
        ws.write_string_with_format(row, 0, format!("2025-{:02}", k + 1), &label)?;
        let v = values.get((n * 7 + k) % values.len().max(1));
        ws.write_number_with_format(row, 1, v.map_or(0.0, |v| v.value), &number)?;
        row += 1;
    }
    ws.protect_with_options(&ProtectionOptions::new());
    ws.set_paper_size(9);
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 1);
    let meta = wb.add_worksheet();
    meta.set_name("ipr_metadata")?;
    for k in 0..12u32 {
        meta.write_string(k, 0, format!("key_{k}"))?;
        meta.write_string(k, 1, format!("value {n} {k}"))?;
    }
    meta.protect();
    meta.set_very_hidden(true);
    wb.save(path)
}

fn main() {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("io_floor: {e}");
            std::process::exit(2);
        }
    };
    let mut files = Vec::new();
    for p in &a.inputs {
        collect(p, &mut files);
    }
    if files.is_empty() {
        eprintln!("io_floor: no .xlsx files in what was named");
        std::process::exit(2);
    }
    let start = std::time::Instant::now();
    let (cells, values, failed) = read_all(&files);
    let read = start.elapsed().as_secs_f64();
    let rows = a.rows.unwrap_or(values.len());
    let forms = a.out.join("forms");
    let written = std::fs::remove_dir_all(&a.out)
        .or_else(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Ok(()),
            _ => Err(e),
        })
        .and_then(|_| std::fs::create_dir_all(&forms))
        .map_err(|e| e.to_string())
        .and_then(|_| history(&files, &values, rows, a.columns, &a.out).map_err(|e| e.to_string()))
        .and_then(|_| {
            (0..a.forms).try_for_each(|n| {
                form(n, &values, &forms.join(format!("form-{n:04}.xlsx")))
                    .map_err(|e| e.to_string())
            })
        });
    if let Err(e) = written {
        eprintln!("io_floor: writing into {}: {e}", a.out.display());
        std::process::exit(1);
    }
    println!(
        "{} files, {cells} cells, {} values, {failed} unreadable; History {rows} rows x {} columns, {} forms; read {read:.3} s, all {:.3} s",
        files.len(),
        values.len(),
        a.columns,
        a.forms,
        start.elapsed().as_secs_f64()
    );
}
