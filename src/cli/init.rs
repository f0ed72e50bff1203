//! `ipr init`: a working folder a new user can run at once.

use super::print::{plural, say, Ui};
use anyhow::Result;
use std::path::PathBuf;

/// Create a working folder with settings, a register and sample returns.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The folder to create (it must be new or empty).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Write into a folder that already has files in it.
    #[arg(long)]
    pub force: bool,
}

/// Writes the folder and says what to do next.
pub fn run(args: Args, ui: &mut Ui) -> Result<u8> {
    let written = ipr::init::init(&args.dir, args.force)?;
    for p in &written {
        ui.detail(format_args!("Wrote {}", p.display()));
    }
    say!(
        ui,
        "Created a working folder at {} ({}).",
        args.dir.display(),
        plural(written.len(), "file")
    );
    say!(
        ui,
        "Next: cd {} and run: ipr consolidate",
        args.dir.display()
    );
    Ok(0)
}
