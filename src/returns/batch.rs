//! Reading many returns at once, across the machine's cores.

use super::{read_return, ReturnOptions};
use crate::model::{Finding, Register, ReturnFile, Rule};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Told after each file is read: (files read so far, files in all). For progress bars.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Read every return file, in parallel across the machine's cores, in the
/// order given; `progress` is told after each file.
pub fn read_all(
    files: &[PathBuf],
    register: &Register,
    opts: &ReturnOptions,
    progress: Progress,
) -> Vec<ReturnFile> {
    let opts = &ReturnOptions {
        codes: super::Codes::of(register),
        ..opts.clone()
    };
    let done = AtomicUsize::new(0);
    let next = AtomicUsize::new(0);
    let total = files.len();
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(files.len().max(1));
    // Each worker takes the next file when it is free, so one large file does
    // not hold back a fixed share of the others. Results go to their file's slot.
    let read_one = |i: usize| -> ReturnFile {
        let p = &files[i];
        let display = p.display().to_string();
        // Reading already isolates the spreadsheet parsers; this guards the rest,
        // so one bad file is a finding rather than a lost batch.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_return(p, &display, register, opts)
        }))
        .unwrap_or_else(|_| ReturnFile {
            path: display.clone(),
            findings: vec![Finding::new(
                Rule::DQ005,
                &display,
                "This return could not be read: the reader failed on its contents.".to_string(),
            )],
            ..ReturnFile::default()
        })
    };
    let mut slots: Vec<Option<ReturnFile>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (done, next, read_one) = (&done, &next, &read_one);
                scope.spawn(move || {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= total {
                            break;
                        }
                        mine.push((i, read_one(i)));
                        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                    }
                    mine
                })
            })
            .collect();
        let mut slots: Vec<Option<ReturnFile>> = (0..total).map(|_| None).collect();
        for h in handles {
            for (i, r) in h.join().unwrap_or_default() {
                slots[i] = Some(r);
            }
        }
        slots
    });
    // A slot is empty only if a worker died outside the guarded read: read it here.
    for (i, slot) in slots.iter_mut().enumerate() {
        if slot.is_none() {
            *slot = Some(read_one(i));
        }
    }
    once_each(slots.into_iter().flatten().collect())
}

/// The same file under two names (the same SHA-256) is read once, under the
/// first name, with a DQ033 warning naming both; the later copies are dropped.
/// A copy whose name makes it read differently (another directorate or period
/// from its name, a finding about its name such as a `.csv` name on a
/// workbook) is not the same return, and is kept with its own findings.
fn once_each(returns: Vec<ReturnFile>) -> Vec<ReturnFile> {
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<ReturnFile> = Vec::with_capacity(returns.len());
    for r in returns {
        // A file that could not be read has no digest to compare.
        if r.sha256.is_empty() {
            out.push(r);
            continue;
        }
        match first
            .get(&r.sha256)
            .filter(|&&i| reads_the_same(&out[i], &r))
        {
            Some(&i) => {
                let kept = &mut out[i];
                let mut f = Finding::new(
                    Rule::DQ033,
                    &kept.path,
                    format!(
                        "'{}' and '{}' are the same file (the same contents, SHA-256 {}): it was read once, as '{}'.",
                        kept.path,
                        r.path,
                        &r.sha256[..r.sha256.len().min(12)],
                        kept.path
                    ),
                );
                f.directorate = kept.directorate.clone();
                f.value = Some(r.path.clone());
                kept.findings.push(f);
            }
            None => {
                first.insert(r.sha256.clone(), out.len());
                out.push(r);
            }
        }
    }
    out
}

/// True when two returns read from the same bytes came out the same: the same
/// directorate and period, and the same findings but for the file's name.
fn reads_the_same(a: &ReturnFile, b: &ReturnFile) -> bool {
    let key = |f: &Finding| {
        (
            f.rule,
            f.sheet.clone(),
            f.cell.clone(),
            f.indicator.clone(),
            f.period.clone(),
            f.value.clone(),
        )
    };
    a.directorate == b.directorate
        && a.period == b.period
        && a.findings.len() == b.findings.len()
        && a.findings.iter().map(key).eq(b.findings.iter().map(key))
}
