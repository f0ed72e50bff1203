//! Reading many returns at once, across the machine's cores.

use super::{read_return, ReturnOptions};
use crate::model::{Finding, ReturnFile, Rule};
use crate::register::Register;
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
    slots.into_iter().flatten().collect()
}
