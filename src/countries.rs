//! Country code crosswalk (ISO3, ISO2, UN M49, UNHCR code), names in English, Azerbaijani and
//! Russian, and the country groups miglab accepts wherever a country list is.
//!
//! The table is `datasets/countries.csv`, written by `miglab datasets build` from the publishers'
//! own location tables (IOM/UN DESA country list, UN WPP locations, UNHCR country list) and the
//! Unicode CLDR display names (through ICU4X), and compiled into the binary.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The embedded crosswalk as written by `miglab datasets build`.
const EMBEDDED_COUNTRIES: &str = include_str!("../datasets/countries.csv");

/// Kind of a location in the crosswalk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LocationKind {
    /// A country or area with its own ISO 3166-1 code.
    Country,
    /// A UN region, development or income group (coded by its UN M49 number).
    Aggregate,
    /// A publisher's special code (unknown origin, stateless, Tibetan...).
    Other,
}

/// One row of the crosswalk.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Country {
    /// The code miglab's datasets use: ISO3 for countries, the UN M49 number for aggregates.
    pub code: String,
    pub kind: LocationKind,
    pub iso3: String,
    pub iso2: String,
    pub m49: String,
    pub unhcr_code: String,
    pub name_en: String,
    pub name_az: String,
    pub name_ru: String,
    /// Other names the publishers use ("Turkey", "Russian Federation"...), `|`-separated.
    pub aliases: String,
    /// Membership of data-defined groups (e.g. `eu27`), `|`-separated.
    pub groups: String,
}

impl Country {
    pub fn aliases(&self) -> impl Iterator<Item = &str> {
        self.aliases.split('|').filter(|a| !a.is_empty())
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        [
            self.name_en.as_str(),
            self.name_az.as_str(),
            self.name_ru.as_str(),
        ]
        .into_iter()
        .chain(self.aliases())
        .filter(|n| !n.is_empty())
    }

    fn codes(&self) -> impl Iterator<Item = &str> {
        [
            self.code.as_str(),
            self.iso3.as_str(),
            self.iso2.as_str(),
            self.m49.as_str(),
            self.unhcr_code.as_str(),
        ]
        .into_iter()
        .filter(|c| !c.is_empty())
    }

    /// The name in a language (`en`, `az`, `ru`), falling back to English.
    pub fn name(&self, lang: &str) -> &str {
        let name = match lang {
            "az" => &self.name_az,
            "ru" => &self.name_ru,
            _ => &self.name_en,
        };
        if name.is_empty() {
            &self.name_en
        } else {
            name
        }
    }
}

/// A named group of countries.
#[derive(Debug, Clone, Copy)]
pub struct CountryGroup {
    pub name: &'static str,
    pub title: &'static str,
    pub members: &'static [&'static str],
}

/// The regional groupings of the curriculum (membership, not data).
pub const GROUPS: &[CountryGroup] = &[
    CountryGroup {
        name: "south-caucasus",
        title: "South Caucasus",
        members: &["ARM", "AZE", "GEO"],
    },
    CountryGroup {
        name: "central-asia",
        title: "Central Asia",
        members: &["KAZ", "KGZ", "TJK", "TKM", "UZB"],
    },
    CountryGroup {
        name: "eastern-partnership",
        title: "Eastern Partnership",
        members: &["ARM", "AZE", "BLR", "GEO", "MDA", "UKR"],
    },
    CountryGroup {
        name: "eeca",
        title: "Eastern Europe, Caucasus and Central Asia (12)",
        members: &[
            "ARM", "AZE", "GEO", "BLR", "MDA", "UKR", "RUS", "KAZ", "KGZ", "TJK", "TKM", "UZB",
        ],
    },
];

/// `all` in a country list: every country (not the regional or income aggregates). Measures keep
/// the countries their dataset has.
pub const ALL: &str = "all";

/// `world` in a country list: the world aggregate (UN M49 900), where a dataset publishes one.
pub const WORLD: &str = "world";

/// `eu27-total` in a country list: Eurostat's own EU27 total (EU27_2020), where a dataset
/// publishes one; `eu27` is the 27 member countries, each on its own row.
pub const EU27_TOTAL: &str = "eu27-total";

/// The dataset code of Eurostat's EU27 total (the publisher's own aggregate row).
pub const EU27_AGGREGATE: &str = "EU27";

/// The UN M49 code of the world aggregate.
pub const WORLD_M49: &str = "900";

/// Groups whose membership comes from the publishers' tables (the `groups` column).
pub const DATA_GROUPS: &[(&str, &str)] = &[("eu27", "European Union (27 member states)")];

/// The crosswalk.
#[derive(Debug, Clone)]
pub struct Crosswalk {
    countries: Vec<Country>,
}

static EMBEDDED: OnceLock<std::result::Result<Crosswalk, String>> = OnceLock::new();

impl Crosswalk {
    /// The crosswalk compiled into the binary.
    pub fn embedded() -> Result<&'static Crosswalk> {
        EMBEDDED
            .get_or_init(|| {
                Crosswalk::from_csv(EMBEDDED_COUNTRIES.as_bytes()).map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|problem| Error::Embedded {
                name: "countries.csv".into(),
                problem: problem.clone(),
            })
    }

    pub fn new(countries: Vec<Country>) -> Self {
        Crosswalk { countries }
    }

    pub fn from_csv(bytes: &[u8]) -> Result<Crosswalk> {
        let mut reader = csv::Reader::from_reader(bytes);
        let countries = reader
            .deserialize()
            .collect::<std::result::Result<Vec<Country>, _>>()?;
        Ok(Crosswalk { countries })
    }

    pub fn to_csv(&self) -> Result<Vec<u8>> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        for c in &self.countries {
            writer.serialize(c)?;
        }
        writer
            .into_inner()
            .map_err(|e| Error::Csv(csv::Error::from(e.into_error())))
    }

    pub fn all(&self) -> &[Country] {
        &self.countries
    }

    pub fn by_code(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    pub fn by_m49(&self, m49: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.m49 == m49)
    }

    /// English name of a dataset code, or the code itself when it is not in the crosswalk.
    pub fn name_of<'a>(&'a self, code: &'a str, lang: &str) -> &'a str {
        if code == EU27_AGGREGATE {
            return "European Union (27, total)";
        }
        self.by_code(code).map_or(code, |c| c.name(lang))
    }

    /// Finds one location by any code or name, exactly (case- and accent-insensitive).
    pub fn lookup(&self, query: &str) -> Option<&Country> {
        let q = query.trim();
        let upper = q.to_uppercase();
        if let Some(c) = self.countries.iter().find(|c| c.code == upper) {
            return Some(c);
        }
        if let Some(c) = self
            .countries
            .iter()
            .find(|c| c.codes().any(|code| code == upper))
        {
            return Some(c);
        }
        let key = fold(q);
        self.countries
            .iter()
            .find(|c| c.names().any(|n| fold(n) == key))
    }

    /// Locations whose names or codes contain the query (for `miglab countries QUERY`).
    pub fn search(&self, query: &str) -> Vec<&Country> {
        if let Some(exact) = self.lookup(query) {
            return vec![exact];
        }
        let key = fold(query);
        if key.is_empty() {
            return Vec::new();
        }
        self.countries
            .iter()
            .filter(|c| c.names().any(|n| fold(n).contains(&key)))
            .collect()
    }

    /// The location whose name or code is closest to the query, if it is close (for hints, and
    /// for `miglab countries` when nothing matches exactly, e.g. the former name "Turkey").
    pub fn closest(&self, query: &str) -> Option<&Country> {
        if query.chars().count() > crate::error::UNKNOWN_NAME_MAX {
            return None;
        }
        let key = fold(query);
        self.countries
            .iter()
            .flat_map(|c| c.names().chain(c.codes()).map(move |n| (n, c)))
            .map(|(n, c)| (strsim::jaro_winkler(&key, &fold(n)), c))
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| c)
    }

    /// The closest name or code, for "did you mean" hints.
    pub fn suggest(&self, query: &str) -> Option<String> {
        self.closest(query)
            .map(|c| format!("{} ({})", c.code, c.name_en))
    }

    /// Resolves a comma-separated list of codes, names and group names to dataset codes, in the
    /// order given, without duplicates.
    pub fn resolve_list(&self, list: &str) -> Result<Vec<String>> {
        let mut codes: Vec<String> = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            for code in self.resolve_one(item)? {
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
        }
        if codes.is_empty() {
            return Err(Error::Usage(format!(
                "empty country list `{list}`; give ISO3 codes, names or a group, e.g. `AZE,GEO` or `south-caucasus`"
            )));
        }
        Ok(codes)
    }

    /// Every country (kind [`LocationKind::Country`]), in crosswalk order: what `all` means.
    pub fn countries(&self) -> Vec<String> {
        self.countries
            .iter()
            .filter(|c| c.kind == LocationKind::Country)
            .map(|c| c.code.clone())
            .collect()
    }

    /// The dataset code of the world aggregate.
    pub fn world(&self) -> Option<&Country> {
        self.by_m49(WORLD_M49)
    }

    fn resolve_one(&self, item: &str) -> Result<Vec<String>> {
        let lower = item.to_lowercase();
        if lower == ALL {
            return Ok(self.countries());
        }
        if lower == WORLD {
            if let Some(world) = self.world() {
                return Ok(vec![world.code.clone()]);
            }
        }
        if lower == EU27_TOTAL {
            return Ok(vec![EU27_AGGREGATE.to_string()]);
        }
        if let Some(group) = GROUPS.iter().find(|g| g.name == lower) {
            return Ok(group.members.iter().map(|m| m.to_string()).collect());
        }
        if DATA_GROUPS.iter().any(|(name, _)| *name == lower) {
            return Ok(self
                .countries
                .iter()
                .filter(|c| c.groups.split('|').any(|g| g == lower))
                .map(|c| c.code.clone())
                .collect());
        }
        if let Some(c) = self.lookup(item) {
            return Ok(vec![c.code.clone()]);
        }
        let group_names = GROUPS
            .iter()
            .map(|g| g.name)
            .chain(DATA_GROUPS.iter().map(|g| g.0))
            .chain([ALL, WORLD, EU27_TOTAL]);
        let hint = match self.suggest(item) {
            Some(s) => format!("did you mean {s}? (`miglab countries` lists codes and names)"),
            None => match crate::error::closest_match(item, group_names) {
                Some(g) => format!("did you mean the group `{g}`?"),
                None => "`miglab countries QUERY` finds codes and names; groups are south-caucasus, central-asia, eastern-partnership, eeca, eu27, and `all` (every country), `world` or `eu27-total` (Eurostat's EU27 total row)".to_string(),
            },
        };
        Err(Error::Unknown {
            what: "country",
            name: item.to_string(),
            hint,
        })
    }
}

/// Case- and accent-insensitive key for name matching ("Türkiye" = "turkiye", "Azərbaycan" =
/// "azerbaycan"); Cyrillic is transliterated the same way on both sides.
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s.trim())
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// How places are written in running text that the crosswalk's names do not carry: groups and
/// regions, former and official long names, demonyms (en/az/ru), each mapped to an ISO3 code or
/// to a group of [`GROUPS`] / [`DATA_GROUPS`]. Names only, no figures.
///
/// Sources: Unicode CLDR (display names and the demonym forms of its English, Azerbaijani and
/// Russian locales), the UN Terminology Bulletin "Country Names" (ST/CS/SER.F/347 and its
/// revisions: official long forms such as "Kyrgyz Republic", "Republic of Moldova", and
/// "Türkiye" replacing "Turkey" in 2022), UN M49 for the region names, and the EU's Eastern
/// Partnership declaration (Prague, 2009) for its members. Matching is on folded text
/// ([`fold`]), a form also matching as the start of a longer (inflected or plural) word.
pub const PLACE_FORMS: &[(&str, &str)] = &[
    // groups and regions (a UN region name is read as the group, the sum of its countries)
    ("eeca", "eeca"),
    ("eastern europe caucasus and central asia", "eeca"),
    ("south caucasus", "south-caucasus"),
    ("southern caucasus", "south-caucasus"),
    ("transcaucasia", "south-caucasus"),
    ("cənubi qafqaz", "south-caucasus"),
    ("южный кавказ", "south-caucasus"),
    ("южного кавказа", "south-caucasus"),
    ("закавказье", "south-caucasus"),
    ("central asia", "central-asia"),
    ("central asian countries", "central-asia"),
    ("mərkəzi asiya", "central-asia"),
    ("центральная азия", "central-asia"),
    ("центральной азии", "central-asia"),
    ("средняя азия", "central-asia"),
    ("средней азии", "central-asia"),
    ("eastern partnership", "eastern-partnership"),
    ("şərq tərəfdaşlığı", "eastern-partnership"),
    ("восточное партнерство", "eastern-partnership"),
    ("восточного партнерства", "eastern-partnership"),
    ("european union", "eu27"),
    ("eu", "eu27"),
    ("eu27", "eu27"),
    ("avropa ittifaqı", "eu27"),
    ("европейский союз", "eu27"),
    ("европейского союза", "eu27"),
    ("евросоюз", "eu27"),
    ("ес", "eu27"),
    ("евросоюза", "eu27"),
    ("aİ", "eu27"),
    // official, former and short names
    ("turkey", "TUR"),
    ("türkiye", "TUR"),
    ("turkiye", "TUR"),
    ("türkiyə", "TUR"),
    ("турция", "TUR"),
    ("турции", "TUR"),
    ("russian federation", "RUS"),
    ("rf", "RUS"),
    ("kyrgyz republic", "KGZ"),
    ("kirghizia", "KGZ"),
    ("kirgizia", "KGZ"),
    ("киргизия", "KGZ"),
    ("киргизии", "KGZ"),
    ("republic of moldova", "MDA"),
    ("moldavia", "MDA"),
    ("молдавия", "MDA"),
    ("молдавии", "MDA"),
    ("byelorussia", "BLR"),
    ("belorussia", "BLR"),
    ("белоруссия", "BLR"),
    ("белоруссии", "BLR"),
    ("kazakstan", "KAZ"),
    ("tadjikistan", "TJK"),
    ("united states", "USA"),
    ("usa", "USA"),
    ("uk", "GBR"),
    ("united kingdom", "GBR"),
    ("britain", "GBR"),
];

/// Demonyms and adjectives of origin (en/az/ru, same sources as [`PLACE_FORMS`]): "Georgians",
/// "azərbaycanlılar", "таджиков" (plurals and cases match by prefix). A demonym marks the
/// people of a country, wherever they live.
pub const DEMONYMS: &[(&str, &str)] = &[
    ("azerbaijani", "AZE"),
    ("azeri", "AZE"),
    ("azərbaycanlı", "AZE"),
    ("азербайджанец", "AZE"),
    ("азербайджанц", "AZE"),
    ("armenian", "ARM"),
    ("erməni", "ARM"),
    ("армянин", "ARM"),
    ("армян", "ARM"),
    ("georgian", "GEO"),
    ("gürcü", "GEO"),
    ("грузин", "GEO"),
    ("russian", "RUS"),
    ("россиян", "RUS"),
    ("ukrainian", "UKR"),
    ("ukraynalı", "UKR"),
    ("украинец", "UKR"),
    ("украинц", "UKR"),
    ("belarusian", "BLR"),
    ("belarussian", "BLR"),
    ("byelorussian", "BLR"),
    ("белорус", "BLR"),
    ("moldovan", "MDA"),
    ("moldavian", "MDA"),
    ("moldovalı", "MDA"),
    ("молдаван", "MDA"),
    ("kazakh", "KAZ"),
    ("kazakhstani", "KAZ"),
    ("qazax", "KAZ"),
    ("казах", "KAZ"),
    ("kyrgyz", "KGZ"),
    ("kirghiz", "KGZ"),
    ("qırğız", "KGZ"),
    ("киргиз", "KGZ"),
    ("кыргыз", "KGZ"),
    ("tajik", "TJK"),
    ("tadzhik", "TJK"),
    ("tacik", "TJK"),
    ("таджик", "TJK"),
    ("turkmen", "TKM"),
    ("türkmən", "TKM"),
    ("туркмен", "TKM"),
    ("uzbek", "UZB"),
    ("özbək", "UZB"),
    ("узбек", "UZB"),
    ("turkish", "TUR"),
    ("turks", "TUR"),
    ("türk", "TUR"),
    ("турок", "TUR"),
    ("турк", "TUR"),
    ("iranian", "IRN"),
    ("german", "DEU"),
    ("greek", "GRC"),
    ("israeli", "ISR"),
    ("american", "USA"),
    ("french", "FRA"),
    ("polish", "POL"),
    ("british", "GBR"),
    ("chinese", "CHN"),
    ("syrian", "SYR"),
    ("afghan", "AFG"),
    ("iraqi", "IRQ"),
];

/// Whether a place code of [`PLACE_FORMS`] or a claim is a group (not an ISO3 code).
pub fn group_members(name: &str) -> Option<Vec<String>> {
    if let Some(g) = GROUPS.iter().find(|g| g.name == name) {
        return Some(g.members.iter().map(|m| m.to_string()).collect());
    }
    if DATA_GROUPS.iter().any(|(n, _)| *n == name) {
        return Crosswalk::embedded()
            .ok()
            .and_then(|cw| cw.resolve_list(name).ok());
    }
    None
}
