//! `miglab exercise list | show | run | build`: the curriculum's exercise packs and the
//! lecturer's team variants.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};

use crate::error::Error;
use crate::exercise::{self, lecturer, pack};
use crate::Lang;

#[derive(Debug, Subcommand)]
pub enum ExerciseCommand {
    /// The exercises, with their curriculum unit.
    List,
    /// An exercise's task, definitions, questions and grading (its README).
    Show { name: String },
    /// Write an exercise pack: tables (CSV, XLSX), charts (PNG, SVG), handout.md, handout.html, slides.md.
    ///
    /// Examples:
    ///   miglab exercise run sc-net-migration --out out/ --lang az
    ///   miglab exercise run --all --out out/
    ///   miglab exercise run compare-two --countries ARM,GEO --out out/
    Run(RunArgs),
    /// Lecturer: a variant per team, worksheets with the calculations left to do, answer keys.
    Build(BuildArgs),
}

#[derive(Debug, ClapArgs)]
pub struct RunArgs {
    /// The exercise (see `miglab exercise list`).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub name: Option<String>,
    /// Run every exercise.
    #[arg(long)]
    pub all: bool,
    /// Output folder (one subfolder per exercise).
    #[arg(long)]
    pub out: PathBuf,
    /// Language of charts and country names.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Countries instead of the exercise's own (codes, names or groups).
    #[arg(long)]
    pub countries: Option<String>,
}

#[derive(Debug, ClapArgs)]
pub struct BuildArgs {
    /// The exercise.
    pub name: String,
    /// Number of teams (each gets its own variant).
    #[arg(long)]
    pub teams: usize,
    /// Output folder: team-01/, team-02/, ..., answer-keys/.
    #[arg(long)]
    pub out: PathBuf,
    /// Language of charts and country names.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
}

pub fn run(cmd: ExerciseCommand) -> anyhow::Result<()> {
    match cmd {
        ExerciseCommand::List => {
            let mut text = String::new();
            for e in exercise::all()? {
                text.push_str(&format!(
                    "{:<28} {}\n{:<28} {}\n",
                    e.name, e.title, "", e.curriculum
                ));
            }
            super::print_data(&text)
        }
        ExerciseCommand::Show { name } => super::print_data(&exercise::find(&name)?.readme),
        ExerciseCommand::Run(args) => {
            let exercises = if args.all {
                if args.countries.is_some() {
                    return Err(Error::Usage(
                        "--countries goes with one exercise, not --all".into(),
                    )
                    .into());
                }
                exercise::all()?
            } else {
                vec![exercise::find(args.name.as_deref().unwrap_or_default())?]
            };
            std::fs::create_dir_all(&args.out).map_err(|source| Error::Write {
                path: args.out.clone(),
                source,
            })?;
            for e in &exercises {
                let pack = pack::run(
                    e,
                    args.countries.as_deref(),
                    args.lang,
                    &args.out,
                    &mut |m| eprintln!("{m}"),
                )?;
                eprintln!(
                    "wrote {} ({} tables, {} charts, handout.md, handout.html, slides.md)",
                    pack.dir.display(),
                    pack.tables.len(),
                    pack.charts.len()
                );
            }
            Ok(())
        }
        ExerciseCommand::Build(args) => {
            let e = exercise::find(&args.name)?;
            std::fs::create_dir_all(&args.out).map_err(|source| Error::Write {
                path: args.out.clone(),
                source,
            })?;
            let variants = lecturer::build(&e, args.teams, args.lang, &args.out, &mut |m| {
                eprintln!("{m}")
            })?;
            for v in &variants {
                eprintln!(
                    "team {}: {} -> {} (answer key {})",
                    v.team,
                    v.countries,
                    v.dir.display(),
                    v.answer_key.display()
                );
            }
            Ok(())
        }
    }
}
