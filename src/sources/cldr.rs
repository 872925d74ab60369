//! Unicode CLDR display names of countries (English, Azerbaijani, Russian) through ICU4X.
//!
//! Only `miglab datasets build` needs them, to write `datasets/countries.csv`; ICU4X is compiled
//! in with the `datasets-build` feature. Without it, the build keeps the CLDR names already in the
//! embedded crosswalk.

/// The languages miglab names countries in.
pub const LANGUAGES: &[&str] = &["en", "az", "ru"];

/// Whether this binary carries CLDR data.
pub const AVAILABLE: bool = cfg!(feature = "datasets-build");

/// CLDR display names for the languages in [`LANGUAGES`].
pub struct RegionNames {
    #[cfg(feature = "datasets-build")]
    by_language: Vec<icu_experimental::displaynames::multi::RegionDisplayNames>,
}

impl RegionNames {
    /// Loads the compiled CLDR data; `None` when this binary was built without it.
    pub fn load() -> Option<RegionNames> {
        #[cfg(feature = "datasets-build")]
        {
            use icu_experimental::displaynames::{multi::RegionDisplayNames, DisplayNamesOptions};
            let mut by_language = Vec::new();
            for lang in LANGUAGES {
                let locale: icu_locale_core::Locale = lang.parse().ok()?;
                by_language.push(
                    RegionDisplayNames::try_new((&locale).into(), DisplayNamesOptions::default())
                        .ok()?,
                );
            }
            Some(RegionNames { by_language })
        }
        #[cfg(not(feature = "datasets-build"))]
        {
            None
        }
    }

    /// The CLDR name of an ISO 3166-1 alpha-2 region in a language of [`LANGUAGES`].
    pub fn name(&self, iso2: &str, lang: &str) -> Option<String> {
        #[cfg(feature = "datasets-build")]
        {
            let i = LANGUAGES.iter().position(|l| *l == lang)?;
            let region = icu_locale_core::subtags::Region::try_from_str(iso2).ok()?;
            self.by_language[i].of(region).map(str::to_string)
        }
        #[cfg(not(feature = "datasets-build"))]
        {
            let _ = (iso2, lang);
            None
        }
    }
}
