//! Every string a pack shows, in English, Azerbaijani and Russian: Project Fluent message files
//! (`locales/<lang>/pack.ftl`, compiled in) with CLDR plural rules; numbers are formatted by the
//! language's CLDR conventions (the charts' [`crate::chart::i18n::Numbers`]) before they reach a
//! message, and passed again as plain numbers where a message chooses a plural form.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::chart::i18n::{place_name, t, Numbers};
use crate::error::{Error, Result};
use crate::Lang;

const EN: &str = include_str!("locales/en/pack.ftl");
const AZ: &str = include_str!("locales/az/pack.ftl");
const RU: &str = include_str!("locales/ru/pack.ftl");

/// The messages of one language.
pub struct Messages {
    pub lang: Lang,
    bundle: FluentBundle<FluentResource>,
    numbers: Numbers,
}

/// An embedded Fluent file parsed, with the language it is for (the packs' and the web page's
/// messages are built from it, each into its own kind of bundle).
pub(crate) fn parse_ftl(
    lang: Lang,
    source: &str,
    name: &str,
) -> Result<(LanguageIdentifier, FluentResource)> {
    let resource = FluentResource::try_new(source.to_string())
        .map_err(|(_, errors)| embedded_ftl(name, format!("{errors:?}")))?;
    let id: LanguageIdentifier = lang
        .code()
        .parse()
        .map_err(|e| embedded_ftl(name, format!("{e:?}")))?;
    Ok((id, resource))
}

/// An embedded Fluent file that does not parse (a build defect, named for the report).
pub(crate) fn embedded_ftl(name: &str, problem: String) -> Error {
    Error::Embedded {
        name: name.to_string(),
        problem,
    }
}

impl Messages {
    pub fn new(lang: Lang) -> Result<Messages> {
        let name = format!("locales/{}/pack.ftl", lang.code());
        let (id, resource) = parse_ftl(lang, lang.pick(EN, AZ, RU), &name)?;
        let mut bundle = FluentBundle::new(vec![id]);
        // No Unicode isolation marks: the text goes into Markdown, HTML and CSV as it is.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .map_err(|errors| embedded_ftl(&name, format!("{errors:?}")))?;
        Ok(Messages {
            lang,
            bundle,
            numbers: Numbers::new(lang),
        })
    }

    /// The message `id` with named arguments (strings, or numbers for plural choices).
    pub fn get<S: AsRef<str>>(&self, id: &str, args: &[(S, Arg)]) -> String {
        let Some(message) = self.bundle.get_message(id) else {
            return id.to_string();
        };
        let Some(pattern) = message.value() else {
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(s) => {
                    fluent_args.set(name.as_ref().to_string(), FluentValue::from(s.clone()))
                }
                Arg::Number(n) => fluent_args.set(name.as_ref().to_string(), FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// A message without arguments.
    pub fn text(&self, id: &str) -> String {
        self.get::<&str>(id, &[])
    }

    /// Whether the language has a message `id` (optional texts, e.g. an indicator's name).
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// `v` with the decimals its unit reads best with, in the language's number format.
    pub fn number(&self, v: f64, unit: &str) -> String {
        self.numbers.format(v, decimals_of(v, unit))
    }

    /// `v` with a given number of decimals.
    pub fn number_with(&self, v: f64, decimals: u8) -> String {
        self.numbers.format(v, decimals)
    }

    /// `v` with its unit, e.g. `-8.2 per 1,000`, `653,921 persons`.
    pub fn quantity(&self, v: f64, unit: &str) -> String {
        self.get(
            unit_message(unit),
            &[
                ("value", Arg::Text(self.number(v, unit))),
                ("count", Arg::Number(v.abs().round())),
            ],
        )
    }

    /// A country's (or group's) name in this language.
    pub fn place(&self, code: &str) -> String {
        if code == "TOTAL" {
            return t("all_partners", self.lang).to_string();
        }
        if code.is_empty() {
            return String::new();
        }
        // A sum over countries (`ARM+AZE+GEO`, a region's total row) names each of them.
        if code.contains('+') {
            let names: Vec<String> = code.split('+').map(|c| place_name(c, self.lang)).collect();
            return names.join(" + ");
        }
        place_name(code, self.lang)
    }

    /// The name of a quantity (the catalogue's title) or of a dataset's indicator (the
    /// glossary's term, as `miglab define` gives it): the packs type no term of their own.
    pub fn measure(&self, name: &str) -> String {
        if let Some(q) = crate::catalogue::quantity(name) {
            return q.title.get(self.lang).to_string();
        }
        match glossary_term(name) {
            Some(term) => capitalised(term.name.get(self.lang), self.lang),
            None => name.to_string(),
        }
    }

    /// A dataset's citation (as [`super::pack`] writes it) with "Licence" in this language.
    pub fn citation(&self, citation: &str) -> String {
        match citation.split_once(super::pack::LICENCE) {
            Some((work, licence)) => {
                format!("{work} {}: {licence}", self.text("licence"))
            }
            None => citation.to_string(),
        }
    }

    /// A word the charts also show (`country`, `year`, units): one copy, in the charts' words.
    pub fn chart_word(&self, key: &str) -> String {
        t(key, self.lang).to_string()
    }

    /// A unit's name in running text and table cells: the charts' word for it, in lower case
    /// ("persons", "per 1,000 population").
    pub fn unit(&self, unit: &str) -> String {
        let word = t(unit, self.lang);
        let mut chars = word.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// The glossary term of a dataset indicator (`idps` → internally displaced person), matched by
/// key or alias only, never by a partial name.
fn glossary_term(indicator: &str) -> Option<&'static crate::catalogue::Term> {
    let key = indicator.replace('_', "-");
    let spaced = indicator.replace('_', " ");
    crate::catalogue::TERMS
        .iter()
        .find(|term| term.key == key || term.aliases.iter().any(|a| *a == spaced))
}

/// The text with a capital first letter; Azerbaijani dotted i becomes İ, not I.
fn capitalised(text: &str, lang: Lang) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some('i') if lang == Lang::Az => std::iter::once('İ').chain(chars).collect(),
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A message argument.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

/// How many decimals a value of this unit is read with (the CSV keeps full precision).
pub fn decimals_of(v: f64, unit: &str) -> u8 {
    match unit {
        "persons" | "current US$" => 0,
        _ if v.abs() >= 100.0 => 0,
        _ if v.abs() >= 0.1 || v == 0.0 => 1,
        _ => 2,
    }
}

fn unit_message(unit: &str) -> &'static str {
    match unit {
        "persons" => "unit-persons",
        "per 1,000" => "unit-per-1000",
        "%" => "unit-percent",
        "% per year" => "unit-percent-per-year",
        "current US$" => "unit-usd",
        _ => "unit-other",
    }
}

/// The message ids of a Fluent file (top-level `id = ...` lines), for the tests that check that
/// every language has every message.
#[cfg(test)]
pub(crate) fn ftl_message_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.starts_with([' ', '#', '\t', '[', '*']) && l.contains(" ="))
        .map(|l| l.split(" =").next().unwrap_or_default().trim().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every language has every message the English file has, so no pack falls back to ids.
    #[test]
    fn every_language_has_every_message() {
        let ids = ftl_message_ids;
        let en = ids(EN);
        assert!(en.len() > 50);
        for (lang, text) in [("az", AZ), ("ru", RU)] {
            let have = ids(text);
            let missing: Vec<&String> = en.iter().filter(|id| !have.contains(id)).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        }
        for lang in Lang::ALL {
            Messages::new(lang).expect("parses");
        }
    }

    /// Indicator names and units are the glossary's and the charts' words, in every language.
    #[test]
    fn terms_come_from_the_catalogue() {
        for lang in Lang::ALL {
            let m = Messages::new(lang).unwrap();
            let idp = crate::catalogue::concepts::by_key("idp").unwrap();
            assert_eq!(m.measure("idps"), capitalised(idp.name.get(lang), lang));
            let net = crate::catalogue::concepts::by_key("net-migration").unwrap();
            assert_eq!(
                m.measure("net_migration"),
                capitalised(net.name.get(lang), lang)
            );
            let q = crate::catalogue::quantity("cnmr").unwrap();
            assert_eq!(m.measure("cnmr"), q.title.get(lang));
            assert_eq!(
                m.unit("per 1,000").to_lowercase(),
                t("per 1,000", lang).to_lowercase()
            );
        }
        for text in [EN, AZ, RU] {
            assert!(!text.contains("\nindicator-") && !text.contains("-name ="));
        }
    }

    #[test]
    fn plural_and_number_rules() {
        let ru = Messages::new(Lang::Ru).unwrap();
        assert_eq!(ru.quantity(1.0, "persons"), "1 человек");
        assert_eq!(ru.quantity(3.0, "persons"), "3 человека");
        assert!(ru.quantity(653921.0, "persons").ends_with("человек"));
        let en = Messages::new(Lang::En).unwrap();
        assert_eq!(en.quantity(653921.0, "persons"), "653,921 persons");
        assert_eq!(en.quantity(1.0, "persons"), "1 person");
        assert_eq!(en.place("ARM+GEO"), "Armenia + Georgia");
    }
}
