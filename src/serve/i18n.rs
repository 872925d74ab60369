//! The web page's own words in English, Azerbaijani and Russian: Project Fluent message files
//! (`locales/<lang>/serve.ftl`, compiled in), loaded once and shared by every request. The
//! packs' headings and column names are the packs' messages ([`crate::exercise::i18n`]), the
//! names of quantities the catalogue's.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::error::{Error, Result};
use crate::exercise::i18n::{embedded_ftl, parse_ftl};
use crate::Lang;

/// The page's Fluent files, in the order en, az, ru.
const FILES: [&str; 3] = [
    include_str!("locales/en/serve.ftl"),
    include_str!("locales/az/serve.ftl"),
    include_str!("locales/ru/serve.ftl"),
];

/// The page's messages in one language.
pub struct Ui {
    pub lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

fn load(lang: Lang) -> Result<Ui> {
    let name = format!("serve/locales/{}/serve.ftl", lang.code());
    let (id, resource) = parse_ftl(lang, lang.pick(FILES[0], FILES[1], FILES[2]), &name)?;
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks: the text is escaped into HTML as it is.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .map_err(|errors| embedded_ftl(&name, format!("{errors:?}")))?;
    Ok(Ui { lang, bundle })
}

static UIS: OnceLock<std::result::Result<[Ui; 3], String>> = OnceLock::new();

impl Ui {
    /// The messages of a language, parsed on first use.
    pub fn get(lang: Lang) -> Result<&'static Ui> {
        let all = UIS.get_or_init(|| {
            let load_all =
                || -> Result<[Ui; 3]> { Ok([load(Lang::En)?, load(Lang::Az)?, load(Lang::Ru)?]) };
            load_all().map_err(|e| e.to_string())
        });
        match all {
            Ok(uis) => Ok(&uis[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]),
            Err(problem) => Err(Error::Embedded {
                name: "serve/locales".into(),
                problem: problem.clone(),
            }),
        }
    }

    /// A message without arguments (its id when it is missing, which a test rules out).
    pub fn t(&self, id: &str) -> String {
        self.args(id, &[])
    }

    /// A message with named arguments.
    pub fn args(&self, id: &str, args: &[(&str, &str)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(name.to_string(), FluentValue::from(value.to_string()));
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every language has every message the English file has.
    #[test]
    fn every_language_has_every_message() {
        let ids = crate::exercise::i18n::ftl_message_ids;
        let en = ids(FILES[0]);
        assert!(en.len() > 50);
        for (lang, text) in [("az", FILES[1]), ("ru", FILES[2])] {
            let have = ids(text);
            let missing: Vec<&String> = en.iter().filter(|id| !have.contains(id)).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            assert_eq!(have.len(), en.len(), "{lang} has extra messages");
        }
        for lang in Lang::ALL {
            let ui = Ui::get(lang).expect("parses");
            for id in &en {
                assert_ne!(ui.t(id), *id, "{lang}: {id}");
            }
        }
    }
}
