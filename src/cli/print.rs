//! Printing: every line ipr prints goes through [`Ui`], which knows `--quiet`
//! and `--verbose` and treats a closed pipe as a normal end.
//!
//! `ipr consolidate | head -1` closes stdout after one line. As ripgrep does,
//! that is not a fault: printing stops quietly and the run ends with the exit
//! code it would have had (its outputs are already written by then).

use std::borrow::Cow;
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

    /// A line of the text report on stdout (not under `--quiet`), with any
    /// control character from the files shown escaped ([`escaped`]).
    pub fn line(&mut self, args: fmt::Arguments<'_>) {
        if self.quiet || self.closed || self.failed.is_some() {
            return;
        }
        let text = args.to_string();
        let mut out = io::stdout().lock();
        let written = out
            .write_all(escaped(&text, false).as_bytes())
            .and_then(|()| out.write_all(b"\n"));
        self.record(written);
    }

    /// A line of what was asked for on stdout, printed even under `--quiet`:
    /// the JSON of `--format json`. Controls JSON leaves raw (DEL, the C1
    /// controls, bidirectional overrides) are written as `\u` escapes, which
    /// read back as the same text.
    pub fn data(&mut self, args: fmt::Arguments<'_>) {
        if self.closed || self.failed.is_some() {
            return;
        }
        let text = args.to_string();
        let mut out = io::stdout().lock();
        let written = out
            .write_all(json_escaped(&text).as_bytes())
            .and_then(|()| out.write_all(b"\n"));
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

/// Writes a line to stderr, controls escaped ([`escaped`], keeping the line
/// breaks of ipr's own multi-line messages); a closed stderr is no reason to stop.
fn eprint_line(args: fmt::Arguments<'_>) {
    let text = args.to_string();
    let mut err = io::stderr().lock();
    let _ = err
        .write_all(escaped(&text, true).as_bytes())
        .and_then(|()| err.write_all(b"\n"));
}

/// True for a character a terminal acts on instead of showing: the control
/// characters but tab (ESC starts a command that can clear the screen, CR
/// rewrites the line, NUL...) and the bidirectional controls, which reorder the
/// text around them.
fn acted_on(c: char, keep_newlines: bool) -> bool {
    (c.is_control() && c != '\t' && !(keep_newlines && c == '\n'))
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text for the terminal with every character it would act on shown escaped:
/// `\r`, `\n`, `\0`, or `\u{1b}`. Text without any is given back as it is.
pub fn escaped(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| acted_on(c, keep_newlines)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            c if !acted_on(c, keep_newlines) => out.push(c),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\0' => out.push_str("\\0"),
            c => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        }
    }
    Cow::Owned(out)
}

/// JSON text with the characters a terminal acts on that JSON leaves raw
/// written as `\uXXXX` escapes (serde_json already escapes the others), so
/// the document means the same and shows safely.
fn json_escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| acted_on(c, true)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if acted_on(c, true) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_terminal_would_act_on_is_shown_escaped() {
        assert_eq!(
            escaped("'\u{1b}[2J\u{1b}[Hred\rX\0' is not a number", false),
            "'\\u{1b}[2J\\u{1b}[Hred\\rX\\0' is not a number"
        );
        assert_eq!(escaped("a\nb\tc", false), "a\\nb\tc");
        assert_eq!(escaped("a\nb", true), "a\nb");
        assert_eq!(
            escaped("evil \u{202e}txt.exe", false),
            "evil \\u{202e}txt.exe"
        );
        // Ordinary text, accents and pounds included, is untouched.
        assert!(matches!(escaped("£1,200 – Café", false), Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_its_meaning_and_loses_its_controls() {
        let text = "{\n  \"t\": \"a\u{9b}b\u{202e}c\u{7f}\"\n}";
        let safe = json_escaped(text);
        assert!(!safe.chars().any(|c| acted_on(c, true)), "{safe}");
        let a: serde_json::Value = serde_json::from_str(text).unwrap();
        let b: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(a, b);
    }
}
