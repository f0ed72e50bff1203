//! The progress bar for long runs.

/// A progress bar on stderr for long runs, shown only on a terminal (never in
/// pipes, files or CI logs), never under `--quiet`, and only when there are
/// enough files to wait for.
pub struct ProgressBar {
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
    shown: bool,
}

impl ProgressBar {
    /// Files below which a run is quick enough not to need a bar.
    const MIN_FILES: usize = 20;

    /// A bar shown if stderr is a terminal and `quiet` is false.
    pub fn for_terminal(quiet: bool) -> ProgressBar {
        use std::io::IsTerminal;
        ProgressBar {
            bar: std::sync::OnceLock::new(),
            shown: !quiet && std::io::stderr().is_terminal(),
        }
    }

    /// One more file read (called from the reading threads).
    pub fn tick(&self, _done: usize, total: usize) {
        if !self.shown || total < Self::MIN_FILES {
            return;
        }
        // Made on the first tick, once the number of files is known.
        let bar = self.bar.get_or_init(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "Reading returns {bar:40} {pos}/{len} files ({eta} left)",
            ) {
                bar.set_style(style);
            }
            bar
        });
        bar.inc(1);
    }

    /// Clears the bar once every file is read.
    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}
