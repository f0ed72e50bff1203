//! `ipr completions SHELL`: the shell's completion script, from clap_complete.

use super::print::Ui;
use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

/// Print a shell's completion script for ipr.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "For example, for bash: ipr completions bash > ~/.local/share/bash-completion/completions/ipr"
)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints the script: it is what was asked for, so even under `--quiet`.
pub fn run(args: Args, ui: &mut Ui) -> Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut super::Cli::command(), "ipr", &mut script);
    ui.data_bytes(&script);
    Ok(0)
}
