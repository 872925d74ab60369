//! Exercise packs for the curriculum's graded empirical work. Each exercise is a folder in
//! `exercises/` with a definition (`exercise.toml`: countries, tables and charts as miglab
//! command lines, definitions, questions, caveats, lecturer variants) and a README; both are
//! compiled into the binary. [`pack`] runs an exercise into tables, charts and handouts;
//! [`lecturer`] builds team variants, worksheets and answer keys.

pub mod lecturer;
pub mod pack;

use serde::Deserialize;

use crate::countries::Crosswalk;
use crate::error::{Error, Result};
use crate::request::notation::{self, Request};

/// A table or chart of an exercise: a miglab command line with `{countries}` (the exercise's
/// countries, comma-separated) and, with `for_each_country`, `{country}` placeholders.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Item {
    pub name: String,
    pub title: String,
    pub command: String,
    #[serde(default)]
    pub for_each_country: bool,
}

/// How the lecturer's team variants differ, and what the worksheet leaves to compute.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct BuildSpec {
    /// What varies between teams (`countries`).
    pub vary: String,
    /// The values teams get in turn (country lists).
    pub choices: Vec<String>,
    /// The `measure` command whose rows make the worksheet.
    pub worksheet: String,
    /// Quantities the worksheet leaves blank for the students to compute.
    pub blank: Vec<String>,
}

/// One exercise definition (`exercises/<name>/exercise.toml`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub name: String,
    pub title: String,
    pub curriculum: String,
    /// Default countries (ISO3 list); `--countries` overrides them.
    pub countries: String,
    /// The exercise compares exactly this many countries.
    #[serde(default)]
    pub exactly_countries: Option<usize>,
    pub task: String,
    /// Measure quantities whose definitions the handout quotes.
    pub definitions: Vec<String>,
    pub questions: Vec<String>,
    pub caveats: Vec<String>,
    /// Series that would answer the question but are not in open data.
    #[serde(default)]
    pub unavailable: Vec<String>,
    #[serde(default)]
    pub tables: Vec<Item>,
    #[serde(default)]
    pub charts: Vec<Item>,
    #[serde(default)]
    pub build: Option<BuildSpec>,
    /// The exercise's README (task, definitions, questions, grading), not part of the TOML.
    #[serde(skip)]
    pub readme: String,
}

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name,
            include_str!(concat!("../../exercises/", $name, "/exercise.toml")),
            include_str!(concat!("../../exercises/", $name, "/README.md")))),*]
    };
}

/// Every exercise compiled into the binary: (name, definition, README).
const EMBEDDED: &[(&str, &str, &str)] = embedded!(
    "sc-net-migration",
    "sc-emigration-destinations",
    "sc-emigration-to-russia",
    "aze-migrant-definition",
    "aze-population-change",
    "aze-data-gaps",
    "compare-two",
);

/// Parses an exercise definition, and every table and chart command line in it (filled in for
/// the exercise's own countries), so a mistake in `exercise.toml` shows when it is loaded.
pub fn parse(toml_text: &str, readme: &str) -> Result<Exercise> {
    let mut exercise: Exercise = toml::from_str(toml_text).map_err(|e| Error::Embedded {
        name: "exercise.toml".into(),
        problem: e.to_string(),
    })?;
    exercise.readme = readme.to_string();
    let countries = Crosswalk::embedded()?.resolve_list(&exercise.countries)?;
    exercise.steps(&exercise.tables, &countries)?;
    exercise.steps(&exercise.charts, &countries)?;
    Ok(exercise)
}

/// All embedded exercises, in curriculum order.
pub fn all() -> Result<Vec<Exercise>> {
    EMBEDDED.iter().map(|(_, t, r)| parse(t, r)).collect()
}

/// The names of the embedded exercises.
pub fn names() -> impl Iterator<Item = &'static str> {
    EMBEDDED.iter().map(|(n, _, _)| *n)
}

/// One embedded exercise by name, with a "did you mean" on failure.
pub fn find(name: &str) -> Result<Exercise> {
    match EMBEDDED.iter().find(|(n, _, _)| *n == name.trim()) {
        Some((_, t, r)) => parse(t, r),
        None => {
            let list = format!(
                "`miglab exercise list` shows {}",
                names().collect::<Vec<_>>().join(", ")
            );
            Err(Error::unknown("exercise", name, names(), &list))
        }
    }
}

/// A command line of the pack with its placeholders filled in, parsed into a typed request.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub name: String,
    pub title: String,
    /// The command line as written (without `miglab`), for "made with" lines.
    pub command: String,
    pub request: Request,
}

impl Step {
    /// A step from a command line, e.g. `measure cnmr --countries AZE --years 2014-2023`.
    pub fn new(name: &str, title: &str, command: &str) -> Result<Step> {
        let request = notation::parse(command)
            .map_err(|e| e.context(format!("step `{name}` (`miglab {command}`)")))?;
        Ok(Step {
            name: name.to_string(),
            title: title.to_string(),
            command: command.split_whitespace().collect::<Vec<_>>().join(" "),
            request,
        })
    }
}

impl Exercise {
    /// The countries this run is about: `--countries` (codes, names or groups) or the default.
    pub fn countries(&self, requested: Option<&str>, crosswalk: &Crosswalk) -> Result<Vec<String>> {
        let codes = crosswalk.resolve_list(requested.unwrap_or(&self.countries))?;
        if let Some(n) = self.exactly_countries {
            if codes.len() != n {
                return Err(Error::Usage(format!(
                    "{} compares exactly {n} countries, got {} ({}); give e.g. --countries AZE,GEO",
                    self.name,
                    codes.len(),
                    codes.join(",")
                )));
            }
        }
        Ok(codes)
    }

    /// The steps of a list of items for these countries.
    pub fn steps(&self, items: &[Item], countries: &[String]) -> Result<Vec<Step>> {
        let joined = countries.join(",");
        let mut steps = Vec::new();
        for item in items {
            let each: Vec<Option<&String>> = if item.for_each_country {
                countries.iter().map(Some).collect()
            } else {
                vec![None]
            };
            for country in each {
                let fill = |text: &str| {
                    let text = text.replace("{countries}", &joined);
                    match country {
                        Some(c) => text.replace("{country}", c),
                        None => text,
                    }
                };
                steps.push(Step::new(
                    &fill(&item.name),
                    &fill(&item.title),
                    &fill(&item.command),
                )?);
            }
        }
        Ok(steps)
    }
}

/// A step from one miglab command line, e.g. `measure cnmr --countries AZE --years 2014-2023`
/// (for notebooks and scripts that use the library as the exercises do).
pub fn step(name: &str, command: &str) -> Result<Step> {
    Step::new(name, name, command)
}
