//! The languages miglab speaks: one `Lang` for tables, charts, packs, `define` and `check`.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// A language of miglab's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English
    #[default]
    En,
    /// Azerbaijani (Latin script)
    Az,
    /// Russian
    Ru,
}

impl Lang {
    /// Every language, in the order shown in help texts.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Az, Lang::Ru];

    /// The BCP 47 code (`en`, `az`, `ru`), also the value of `--lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Az => "az",
            Lang::Ru => "ru",
        }
    }

    /// The language's own name.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Az => "Azərbaycan dili",
            Lang::Ru => "Русский",
        }
    }

    /// The language's name in English, for help texts.
    pub fn about(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Az => "Azerbaijani (Latin script)",
            Lang::Ru => "Russian",
        }
    }

    /// Picks the string of this language.
    pub fn pick<'a>(self, en: &'a str, az: &'a str, ru: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Az => az,
            Lang::Ru => ru,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = Error;

    fn from_str(s: &str) -> Result<Lang, Error> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::unknown(
                    "language",
                    s,
                    Lang::ALL.iter().map(|l| l.code()),
                    "choose en, az or ru",
                )
            })
    }
}

/// A text in the three languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub az: &'static str,
    pub ru: &'static str,
}

impl Text {
    pub const fn new(en: &'static str, az: &'static str, ru: &'static str) -> Text {
        Text { en, az, ru }
    }

    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Az => self.az,
            Lang::Ru => self.ru,
        }
    }
}
