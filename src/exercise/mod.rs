//! Exercise packs for the curriculum's graded empirical work. Each exercise is a folder in
//! `exercises/` with a definition (`exercise.toml`: countries, tables and charts as miglab
//! command lines, definitions, questions, caveats, lecturer variants) and a README; both are
//! compiled into the binary. [`pack`] runs an exercise into tables, charts and handouts;
//! [`lecturer`] builds team variants, worksheets and answer keys.

pub mod findings;
pub mod i18n;
pub mod lecturer;
pub mod pack;

use serde::Deserialize;

use crate::countries::Crosswalk;
use crate::error::{Error, Result};
use crate::query::YearSet;
use crate::request::notation::{self, Request};
use crate::Lang;

/// A table or chart of an exercise: a miglab command line with `{countries}` (the exercise's
/// countries, comma-separated) and, with `for_each_country`, `{country}` placeholders.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Item {
    pub name: String,
    pub title: String,
    pub command: String,
    #[serde(default)]
    pub for_each_country: bool,
    /// For a chart: the table (step name, `{country}` kept) whose findings its slide shows.
    #[serde(default)]
    pub table: Option<String>,
    /// A table that may have no rows for some countries (e.g. IDPs): the pack says so instead
    /// of failing.
    #[serde(default)]
    pub optional: bool,
}

/// How the lecturer's team variants differ, and what the worksheet leaves to compute.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct BuildSpec {
    /// What varies between teams (`countries`).
    pub vary: String,
    /// The values teams get in turn (country lists).
    pub choices: Vec<String>,
    /// IMS editions a team may get (`{edition}` in the worksheet command); empty: no choice.
    #[serde(default)]
    pub editions: Vec<String>,
    /// The `measure` command whose rows make the worksheet.
    pub worksheet: String,
    /// Quantities the worksheet leaves blank for the students to compute.
    pub blank: Vec<String>,
}

/// The texts of an exercise in one language other than English (`[az]`, `[ru]` tables).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub title: String,
    /// The curriculum unit the exercise answers.
    #[serde(default)]
    pub curriculum: String,
    pub task: String,
    #[serde(default)]
    pub context: String,
    pub questions: Vec<String>,
    pub caveats: Vec<String>,
    #[serde(default)]
    pub unavailable: Vec<String>,
    /// Table and chart titles by item name (`{country}` kept).
    #[serde(default)]
    pub titles: std::collections::BTreeMap<String, String>,
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
    /// National definitions and context the task needs (Markdown, cited), before the UN ones.
    #[serde(default)]
    pub context: String,
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
    /// The main findings the pack states, computed from its tables.
    #[serde(default)]
    pub findings: Vec<findings::Spec>,
    #[serde(default)]
    pub build: Option<BuildSpec>,
    /// The texts in Azerbaijani and Russian.
    pub az: Texts,
    pub ru: Texts,
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
    for (lang, texts) in [("az", &exercise.az), ("ru", &exercise.ru)] {
        check_texts(&exercise, lang, texts)?;
    }
    Ok(exercise)
}

/// An exercise's texts in another language say as much as the English ones.
fn check_texts(exercise: &Exercise, lang: &str, texts: &Texts) -> Result<()> {
    let problem = |what: &str| Error::Embedded {
        name: format!("exercises/{}/exercise.toml", exercise.name),
        problem: format!("[{lang}] {what}"),
    };
    let counts = [
        ("questions", exercise.questions.len(), texts.questions.len()),
        ("caveats", exercise.caveats.len(), texts.caveats.len()),
        (
            "unavailable",
            exercise.unavailable.len(),
            texts.unavailable.len(),
        ),
    ];
    for (what, en, other) in counts {
        if en != other {
            return Err(problem(&format!("has {other} {what}, English has {en}")));
        }
    }
    if texts.curriculum.is_empty() {
        return Err(problem("no curriculum line"));
    }
    if exercise.context.is_empty() != texts.context.is_empty() {
        return Err(problem("context differs from English in presence"));
    }
    for item in exercise.tables.iter().chain(&exercise.charts) {
        if !texts.titles.contains_key(&item.name) {
            return Err(problem(&format!("no title for `{}`", item.name)));
        }
    }
    Ok(())
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

impl Step {
    /// The step over another period: an annual series (`--years 2014-2024`) runs from `first`
    /// to `last`, but never past its own last year (the last its source covers); stock years and
    /// single years stay. The title and command line say the period run.
    pub fn over_period(mut self, (first, last): (i32, i32)) -> Step {
        let Some((a, b)) = self.request.series() else {
            return self;
        };
        let to = last.min(b);
        let from = first.min(to);
        if let Some(years) = self.request.years_mut() {
            *years = Some(YearSet::range(from, to));
        }
        let (old, new) = (format!("{a}-{b}"), format!("{from}-{to}"));
        self.title = self.title.replace(&old, &new);
        self.command = self
            .command
            .replace(&format!("--years {old}"), &format!("--years {new}"));
        self
    }
}

impl Exercise {
    /// The exercise's texts in a language (English from the top-level fields).
    pub fn texts(&self, lang: Lang) -> Texts {
        match lang {
            Lang::Az => self.az.clone(),
            Lang::Ru => self.ru.clone(),
            Lang::En => Texts {
                title: self.title.clone(),
                curriculum: self.curriculum.clone(),
                task: self.task.clone(),
                context: self.context.clone(),
                questions: self.questions.clone(),
                caveats: self.caveats.clone(),
                unavailable: self.unavailable.clone(),
                titles: self
                    .tables
                    .iter()
                    .chain(&self.charts)
                    .map(|i| (i.name.clone(), i.title.clone()))
                    .collect(),
            },
        }
    }

    /// The items with their titles in a language.
    pub fn items_in(&self, items: &[Item], lang: Lang) -> Vec<Item> {
        let texts = self.texts(lang);
        items
            .iter()
            .map(|i| Item {
                title: texts
                    .titles
                    .get(&i.name)
                    .cloned()
                    .unwrap_or(i.title.clone()),
                ..i.clone()
            })
            .collect()
    }

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

    /// Whether the exercise has an annual series whose period a run may choose (`--years`).
    pub fn has_series(&self) -> bool {
        self.tables.iter().chain(&self.charts).any(|i| {
            notation::parse(
                &i.command
                    .replace("{country}", "AZE")
                    .replace("{countries}", "AZE"),
            )
            .is_ok_and(|r| r.series().is_some())
        })
    }

    /// The steps of a list of items for these countries.
    pub fn steps(&self, items: &[Item], countries: &[String]) -> Result<Vec<Step>> {
        self.steps_titled(items, countries, &|code: &str| code.to_string())
    }

    /// The steps with titles in a language (country names in that language).
    pub fn steps_in(&self, items: &[Item], countries: &[String], lang: Lang) -> Result<Vec<Step>> {
        let items = self.items_in(items, lang);
        self.steps_titled(&items, countries, &|code: &str| {
            crate::chart::i18n::place_name(code, lang)
        })
    }

    fn steps_titled(
        &self,
        items: &[Item],
        countries: &[String],
        name_of: &dyn Fn(&str) -> String,
    ) -> Result<Vec<Step>> {
        let joined = countries.join(",");
        let mut steps = Vec::new();
        for item in items {
            let each: Vec<Option<&String>> = if item.for_each_country {
                countries.iter().map(Some).collect()
            } else {
                vec![None]
            };
            for country in each {
                let fill = |text: &str, names: bool| {
                    let text = text.replace("{countries}", &joined);
                    match country {
                        Some(c) if names => text.replace("{country}", &name_of(c)),
                        Some(c) => text.replace("{country}", c),
                        None => text,
                    }
                };
                steps.push(Step::new(
                    &fill(&item.name, false),
                    &fill(&item.title, true),
                    &fill(&item.command, false),
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
