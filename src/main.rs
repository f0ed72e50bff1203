//! `ipr`: the command-line face of the library. Parses flags, hands each
//! command to its module under `cli/`, and sets the exit code: 0 done; 1 done,
//! with data-quality errors; 2 could not run.

mod cli;

use clap::Parser;
use cli::print::{self, Ui};
use cli::{Cli, Command};
use std::process::ExitCode;

/// Caps glibc's malloc at two arenas, one per core of the machine ipr is
/// measured on. By default glibc gives each new thread its own arena (up to 8
/// per core), and rust_xlsxwriter writes each sheet on a thread of its own, so
/// freed memory sat in many arenas at once: with two, the national set peaks
/// at 625 to 672 MB rather than 830 to 1,058 MB, and the council-year at 75 to
/// 78 MB rather than 84 to 86 MB, for the same CPU time (docs/performance.md,
/// 7 Dec 2026). One arena saved little more and cost a fifth more time.
fn two_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter; it is called before any
    // other thread exists, and a refusal (0) leaves glibc's default in place.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// The last panic's message. A damaged file can make a reader panic; ipr catches
/// that and reports the file as unreadable, so the default hook's text (which
/// means nothing to a performance officer) is kept here instead of printed.
static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn main() -> ExitCode {
    two_malloc_arenas();
    let cli = Cli::parse();
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(info.to_string());
        }
    }));
    let mut ui = Ui::new(cli.quiet, cli.verbose);
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli.command, &mut ui)));
    let printed = ui.finish();
    match ran {
        Ok(Ok(code)) => match printed {
            Ok(()) => ExitCode::from(code),
            // Not a closed pipe (that ends quietly), but e.g. a full disk.
            Err(e) => {
                print::error(format_args!("the output could not be printed ({e})"));
                ExitCode::from(2)
            }
        },
        Ok(Err(e)) => {
            print::error(format_args!("{e:#}"));
            ExitCode::from(2)
        }
        Err(_) => {
            let detail = LAST_PANIC
                .lock()
                .ok()
                .and_then(|mut l| l.take())
                .unwrap_or_default();
            print::error(format_args!(
                "an internal fault stopped the run. Outputs are written whole or not at all, so no report was left half-written, and your files were not changed. This is a fault in ipr, not in your files: please report it with this detail: {detail}"
            ));
            ExitCode::from(2)
        }
    }
}

fn run(command: Command, ui: &mut Ui) -> anyhow::Result<u8> {
    match command {
        Command::Check(args) => cli::check::run(args, ui),
        Command::Consolidate(args) => cli::consolidate::run(args, ui),
        Command::Template(args) => cli::template::run(args, ui),
        Command::Init(args) => cli::init::run(args, ui),
        Command::Completions(args) => cli::completions::run(args, ui),
    }
}
