//! The read floor: how long calamine alone takes to open every spreadsheet under
//! the given paths and touch every cell of every sheet, spread across the
//! machine's cores the way `ipr` spreads its reading (one worker per core, each
//! taking the next file). Nothing is checked, joined or written, so `ipr`'s
//! end-to-end time divided by this is the cost of everything `ipr` adds.
//!
//! ```text
//! cargo run --release --example read_floor -- target/bench/council/returns
//! ```

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

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
    } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods"
        )
    }) {
        out.push(path.to_path_buf());
    }
}

/// Open one file from its bytes (as ipr does) and touch every cell: (cells, checksum).
fn read_one(path: &Path) -> Result<(u64, f64), String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut wb =
        open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut cells = 0u64;
    let mut sum = 0.0;
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(|e| e.to_string())?;
        for (_, _, d) in range.used_cells() {
            cells += 1;
            match d {
                Data::Float(f) => sum += f,
                Data::Int(i) => sum += *i as f64,
                Data::String(s) => sum += s.len() as f64,
                _ => {}
            }
        }
    }
    Ok((cells, sum))
}

fn main() {
    let mut files = Vec::new();
    for a in std::env::args().skip(1) {
        collect(Path::new(&a), &mut files);
    }
    if files.is_empty() {
        eprintln!("read_floor: name the files or folders to read");
        std::process::exit(2);
    }
    let start = std::time::Instant::now();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let (cells, sum, failed) = std::thread::scope(|s| {
        let hs: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let (mut cells, mut sum, mut failed) = (0u64, 0.0, 0usize);
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(p) = files.get(i) else { break };
                        match read_one(p) {
                            Ok((c, x)) => {
                                cells += c;
                                sum += x;
                            }
                            Err(e) => {
                                eprintln!("{}: {e}", p.display());
                                failed += 1;
                            }
                        }
                    }
                    (cells, sum, failed)
                })
            })
            .collect();
        hs.into_iter()
            .filter_map(|h| h.join().ok())
            .fold((0, 0.0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
    });
    println!(
        "{} files, {cells} cells, {failed} unreadable, checksum {sum:.0}, {:.3} s on {workers} workers",
        files.len(),
        start.elapsed().as_secs_f64()
    );
}
