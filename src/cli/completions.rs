//! The command line as a whole, finished at run time: `--version` names the editions of the
//! embedded datasets (read from their provenance, so it cannot go stale), and `miglab completions`
//! and `miglab man` are generated from this one clap definition.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args as ClapArgs, CommandFactory, FromArgMatches};
use clap_complete::Shell;

use super::Cli;

/// `miglab completions <shell>`.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Install, for example:
  bash:       miglab completions bash > ~/.local/share/bash-completion/completions/miglab
  zsh:        miglab completions zsh > ~/.zfunc/_miglab   (with fpath+=~/.zfunc before compinit)
  fish:       miglab completions fish > ~/.config/fish/completions/miglab.fish
  powershell: miglab completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `miglab man`.
#[derive(Debug, ClapArgs)]
#[command(
    after_help = "Read it with `miglab man | man -l -`; install the pages with \
`miglab man --out ~/.local/share/man/man1`."
)]
pub struct ManArgs {
    /// Write one page per command (miglab.1, miglab-data.1, ...) into this folder instead of
    /// printing miglab.1 to stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// The clap command of `miglab`, with the editions of the embedded datasets in `--version`.
pub fn command() -> clap::Command {
    Cli::command().long_version(long_version())
}

/// Parses the process's arguments; clap prints help, the version and usage errors (exit 2)
/// itself.
pub fn parse() -> Cli {
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// `0.1.0` and one line per embedded dataset: its name and edition.
fn long_version() -> String {
    let mut text = format!("{}\nembedded datasets:", env!("CARGO_PKG_VERSION"));
    for dataset in crate::store::DATASETS {
        let edition = match dataset.provenance() {
            Ok(p) => p.edition,
            Err(e) => format!("(provenance unreadable: {e})"),
        };
        text.push_str(&format!("\n  {:<8} {edition}", dataset.name));
    }
    text
}

/// Prints the completion script of `shell` to stdout.
pub fn run_completions(args: CompletionsArgs) -> anyhow::Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command(), "miglab", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(())
}

/// Prints the man page (roff) to stdout, or writes the pages of every command into `--out`.
pub fn run_man(args: ManArgs) -> anyhow::Result<()> {
    match args.out {
        Some(dir) => {
            std::fs::create_dir_all(&dir)?;
            clap_mangen::generate_to(command(), &dir)?;
            eprintln!("man pages written to {}", dir.display());
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command()).render(&mut page)?;
            let mut out = std::io::stdout().lock();
            out.write_all(&page)?;
            out.flush()?;
        }
    }
    Ok(())
}
