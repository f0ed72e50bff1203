//! Printing: every line ipr prints goes through [`Ui`], which knows `--quiet`
//! and `--verbose` and treats a closed pipe as a normal end.
//!
//! `ipr consolidate | head -1` closes stdout after one line. As ripgrep does,
//! that is not a fault: printing stops quietly and the run ends with the exit
//! code it would have had (its outputs are already written by then).

use std::fmt;
use std::io::{self, Write};

/// How much to say, and where.
pub struct Ui {
    quiet: bool,
    verbose: bool,
    /// Set once stdout is found closed: nothing more is printed to it.
    closed: bool,
    /// The first failure to print other than a closed pipe (a full disk, say).
    failed: Option<io::Error>,
}

impl Ui {
    /// Printing as `--quiet` and `--verbose` ask.
    pub fn new(quiet: bool, verbose: bool) -> Ui {
        Ui {
            quiet,
            verbose,
            closed: false,
            failed: None,
        }
    }

    /// True under `--quiet`.
    pub fn quiet(&self) -> bool {
        self.quiet
    }

    /// True under `--verbose`.
    pub fn verbose(&self) -> bool {
        self.verbose
    }

    /// A line of the text report on stdout (not under `--quiet`).
    pub fn line(&mut self, args: fmt::Arguments<'_>) {
        if !self.quiet {
            self.data(args);
        }
    }

    /// A line of what was asked for on stdout, printed even under `--quiet`:
    /// the JSON of `--format json`, or a completion script.
    pub fn data(&mut self, args: fmt::Arguments<'_>) {
        if self.closed || self.failed.is_some() {
            return;
        }
        let mut out = io::stdout().lock();
        let written = out.write_fmt(args).and_then(|()| out.write_all(b"\n"));
        self.record(written);
    }

    /// Bytes of what was asked for on stdout, as [`Ui::data`].
    pub fn data_bytes(&mut self, bytes: &[u8]) {
        if self.closed || self.failed.is_some() {
            return;
        }
        let written = io::stdout().lock().write_all(bytes);
        self.record(written);
    }

    /// A note on stderr beside the JSON (not under `--quiet`).
    pub fn note(&mut self, args: fmt::Arguments<'_>) {
        if !self.quiet {
            eprint_line(args);
        }
    }

    /// A line on stderr under `--verbose` only.
    pub fn detail(&mut self, args: fmt::Arguments<'_>) {
        if self.verbose {
            eprint_line(args);
        }
    }

    fn record(&mut self, written: io::Result<()>) {
        match written {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => self.closed = true,
            Err(e) => self.failed = Some(e),
        }
    }

    /// Flushes stdout; the first failure to print other than a closed pipe.
    pub fn finish(mut self) -> io::Result<()> {
        if !self.closed && self.failed.is_none() {
            let flushed = io::stdout().lock().flush();
            self.record(flushed);
        }
        match self.failed {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Writes a line to stderr; a closed stderr is no reason to stop.
fn eprint_line(args: fmt::Arguments<'_>) {
    let mut err = io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// A line of the text report: `say!(ui, "Wrote {}", path.display())`.
macro_rules! say {
    ($ui:expr, $($arg:tt)*) => { $ui.line(format_args!($($arg)*)) };
}
pub(crate) use say;

/// `n word` or `n words`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// One finding, as `ipr check` and `ipr consolidate` print it.
pub fn finding(ui: &mut Ui, f: &ipr::model::Finding) {
    use ipr::model::Severity;
    let sev = match (f.severity, f.explained) {
        (Severity::Error, _) => "ERROR",
        (Severity::Warning, true) => "WARNING (explained)",
        (Severity::Warning, false) => "WARNING",
    };
    let loc = if f.file.is_empty() {
        f.directorate.clone().unwrap_or_default()
    } else {
        f.location()
    };
    let when = match f.period.as_deref() {
        Some(p) if f.earlier_period => format!(" (earlier period {p})"),
        _ => String::new(),
    };
    say!(
        ui,
        "{sev} {} [{}] {loc}{when}",
        f.rule,
        f.dimension.as_str()
    );
    say!(ui, "  {}", f.message);
    if let Some(n) = f.note.as_deref().filter(|_| f.explained) {
        say!(ui, "  Data note: {n}");
    }
    say!(ui, "  What to do: {}", f.hint);
}

/// Under `--verbose`: which settings, register, period and templates are used.
pub fn workspace(ui: &mut Ui, ws: &ipr::workspace::Workspace) {
    if !ui.verbose() {
        return;
    }
    match &ws.config_file {
        Some(p) => ui.detail(format_args!("Settings: {}", p.display())),
        None => ui.detail(format_args!("Settings: none (ipr's defaults)")),
    }
    ui.detail(format_args!(
        "Register: {} ({})",
        ws.register_file.display(),
        plural(ws.register.indicators.len(), "indicator")
    ));
    if let Some(p) = ws.period {
        ui.detail(format_args!("Period: {}", ws.settings.calendar.id(p)));
    }
    if ws.templates.is_some() {
        match &ws.templates_dir {
            Some(d) => ui.detail(format_args!("Templates: {}", d.display())),
            None => ui.detail(format_args!("Templates: built into ipr")),
        }
    }
}

/// Under `--verbose`: each return file found in `inputs` (not searching the
/// folders in `skip`), to be read.
pub fn inputs(ui: &mut Ui, inputs: &[std::path::PathBuf], skip: &[std::path::PathBuf]) {
    if !ui.verbose() {
        return;
    }
    // Found again by the run itself: a second walk costs little beside reading.
    let (found, _) = ipr::returns::find_returns_except(inputs, skip);
    files(ui, &found);
}

/// Under `--verbose`: each return file to be read.
pub fn files(ui: &mut Ui, files: &[std::path::PathBuf]) {
    ui.detail(format_args!("Reading {}:", plural(files.len(), "return")));
    for f in files {
        ui.detail(format_args!("  {}", f.display()));
    }
}

/// Writes an error that stops the run to stderr (`ipr: ...`); a closed stderr
/// is no reason to panic.
pub fn error(args: fmt::Arguments<'_>) {
    eprint_line(format_args!("ipr: {args}"));
}
