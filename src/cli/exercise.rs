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
    /// Language of the whole pack: handouts, slides, tables, charts and country names.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Countries instead of the exercise's own (codes, names or groups).
    #[arg(long)]
    pub countries: Option<String>,
    /// Chart size WxH in pixels (default 1920x1080; e.g. 1600x1200 for 4:3 rooms).
    #[arg(long)]
    pub size: Option<String>,
    /// Period of the annual series, FIRST-LAST (e.g. 2005-2024), instead of the exercise's own;
    /// each series ends at most at its own last year, stock years stay.
    #[arg(long, value_name = "FIRST-LAST")]
    pub years: Option<String>,
}

#[derive(Debug, ClapArgs)]
pub struct BuildArgs {
    /// The exercise.
    pub name: String,
    /// Number of teams (each gets its own variant; `exercise list` shows how many there are).
    #[arg(long)]
    pub teams: usize,
    /// Output folder: team-01/, team-02/, ..., answer-keys/ (keep that one to yourself).
    #[arg(long)]
    pub out: PathBuf,
    /// Language of worksheets and answer keys.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
}

pub fn run(cmd: ExerciseCommand) -> anyhow::Result<()> {
    match cmd {
        ExerciseCommand::List => {
            let mut text = String::new();
            for e in exercise::all()? {
                let variants = match lecturer::variants(&e).len() {
                    0 => "no team variants".to_string(),
                    1 => "1 team variant".to_string(),
                    n => format!("{n} team variants"),
                };
                text.push_str(&format!(
                    "{:<28} {}\n{:<28} {} ({variants})\n",
                    e.name, e.title, "", e.curriculum
                ));
            }
            super::print_data(&text)
        }
        ExerciseCommand::Show { name } => super::print_data(&exercise::find(&name)?.readme),
        ExerciseCommand::Run(args) => {
            let exercises = if args.all {
                if args.countries.is_some() || args.years.is_some() {
                    return Err(Error::Usage(
                        "--countries and --years go with one exercise, not --all".into(),
                    )
                    .into());
                }
                exercise::all()?
            } else {
                vec![exercise::find(args.name.as_deref().unwrap_or_default())?]
            };
            if let Some(size) = &args.size {
                crate::chart::parse_size(size)?;
            }
            let options = pack::RunOptions {
                countries: args.countries.clone(),
                lang: args.lang,
                size: args.size.clone(),
                years: args.years.as_deref().map(pack::period).transpose()?,
            };
            for e in &exercises {
                options.check(e)?;
            }
            for e in &exercises {
                let pack = pack::run(e, &options, &args.out, &mut |m| eprintln!("{m}"))?;
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
            let variants = lecturer::build(&e, args.teams, args.lang, &args.out, &mut |m| {
                eprintln!("{m}")
            })?;
            eprintln!(
                "{}: {} distinct variants; {} teams got one each",
                e.name,
                lecturer::variants(&e).len(),
                variants.len()
            );
            for v in &variants {
                eprintln!(
                    "team {}: {}{} -> {} (answer key {})",
                    v.team,
                    v.variant.countries,
                    v.variant
                        .edition
                        .as_ref()
                        .map(|e| format!(", IMS {e}"))
                        .unwrap_or_default(),
                    v.dir.display(),
                    v.answer_key.display()
                );
            }
            Ok(())
        }
    }
}
