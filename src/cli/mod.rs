//! The command line: one file per subcommand (its arguments and `run`), dispatched here.

pub mod args;
pub mod chart;
pub mod check;
pub mod completions;
pub mod countries;
pub mod data;
pub mod datasets;
pub mod define;
pub mod exercise;
pub mod fetch;
pub mod import;
pub mod measure;
pub mod serve;

use std::io::Write;

use clap::{Parser, Subcommand};

/// miglab: migration statistics of the South Caucasus and EECA by the UN definitions.
///
/// Embedded, offline datasets (UN WPP 2024, UN DESA International Migrant Stock 2024 and 2020,
/// UNHCR, World Bank WDI) with their provenance. Data go to stdout; messages to stderr.
#[derive(Debug, Parser)]
#[command(name = "miglab", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, show and export the embedded datasets.
    #[command(subcommand)]
    Data(data::DataCommand),
    /// Look up country codes (ISO3, ISO2, UN M49, UNHCR) and names in English, Azerbaijani, Russian.
    Countries(countries::Args),
    /// Compute migration measures by the UN definitions.
    Measure(measure::Command),
    /// Draw a chart for slides (PNG or SVG) from a measure or a tidy CSV.
    Chart(chart::Args),
    /// Exercise packs for the curriculum's empirical work, and lecturer tools.
    #[command(subcommand)]
    Exercise(exercise::ExerciseCommand),
    /// Check a quoted migration figure against the official data.
    Check(check::Args),
    /// UN and UNECE definitions of international migration statistics.
    Define(define::Args),
    /// Fetch current data from the publishers' APIs (World Bank, UNHCR, Eurostat, UN DESA), cached.
    Fetch(fetch::Args),
    /// Import a publisher's file into miglab's tidy layout.
    Import(import::Args),
    /// Rebuild the embedded datasets from the publishers' files.
    #[command(subcommand)]
    Datasets(datasets::DatasetsCommand),
    /// Serve the exercises, charts, fact-checker and glossary as web pages for a class.
    Serve(serve::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell) to stdout.
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff) to stdout, or write one page per command with --out.
    Man(completions::ManArgs),
}

/// The command line of this process, parsed (`--help`, `--version` and flag errors exit here,
/// as clap does); the version names the embedded datasets' editions.
pub fn parse() -> Cli {
    completions::parse()
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Data(cmd) => data::run(cmd),
        Command::Countries(args) => countries::run(args),
        Command::Import(args) => import::run(args),
        Command::Datasets(cmd) => datasets::run(cmd),
        Command::Chart(args) => chart::run(args),
        Command::Check(args) => check::run(args),
        Command::Define(args) => define::run(args),
        Command::Exercise(cmd) => exercise::run(cmd),
        Command::Fetch(args) => fetch::run(args),
        Command::Measure(args) => measure::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Completions(args) => completions::run_completions(args),
        Command::Man(args) => completions::run_man(args),
    }
}

/// Writes data to stdout in one go.
pub(crate) fn print_data(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// A warning on stderr (never mixed into the data on stdout).
pub(crate) fn warn(message: &str) {
    eprintln!("warning: {message}");
}
