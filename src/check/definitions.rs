//! The UN and UNECE definitions used in international migration statistics, in our own words,
//! with the document each comes from, the term in English, Azerbaijani and Russian, and the miglab
//! measure or dataset that follows it (`miglab define`).

use crate::countries::fold;

/// A source document of definitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Document {
    pub key: &'static str,
    pub citation: &'static str,
}

pub const UN_1998: Document = Document {
    key: "UN 1998",
    citation: "United Nations (1998). Recommendations on Statistics of International Migration, Revision 1. Statistical Papers, Series M, No. 58/Rev.1. New York: UN DESA Statistics Division.",
};
pub const EGMS_2021: Document = Document {
    key: "UN EGMS 2021",
    citation: "United Nations Expert Group on Migration Statistics (2021). Final report on conceptual frameworks and concepts and definitions on international migration. UN Statistical Commission, 52nd session.",
};
pub const UNECE_2020: Document = Document {
    key: "UNECE CES 2020",
    citation: "UNECE (2015). Conference of European Statisticians Recommendations for the 2020 Censuses of Population and Housing. New York and Geneva: United Nations.",
};
pub const REFUGEE_1951: Document = Document {
    key: "1951 Convention",
    citation: "Convention relating to the Status of Refugees (Geneva, 28 July 1951), Article 1, with the Protocol relating to the Status of Refugees (1967).",
};
pub const STATELESS_1954: Document = Document {
    key: "1954 Convention",
    citation: "Convention relating to the Status of Stateless Persons (New York, 28 September 1954), Article 1.",
};
pub const GUIDING_1998: Document = Document {
    key: "Guiding Principles 1998",
    citation: "United Nations (1998). Guiding Principles on Internal Displacement (E/CN.4/1998/53/Add.2), Introduction, paragraph 2.",
};
pub const AZ_MIGRATION_CODE: Document = Document {
    key: "AZ Migration Code 2013",
    citation: "Migration Code of the Republic of Azerbaijan (Miqrasiya Məcəlləsi), approved by the Law of 2 July 2013, in force from 1 August 2013.",
};
pub const AZ_REFUGEE_LAW: Document = Document {
    key: "AZ Law 1999",
    citation: "Law of the Republic of Azerbaijan on the status of refugees and forcibly displaced persons (persons displaced within the country) (Qaçqınların və məcburi köçkünlərin (ölkə daxilində köçürülmüş şəxslərin) statusu haqqında), 21 May 1999.",
};
pub const UNHCR_STATS: Document = Document {
    key: "UNHCR statistics",
    citation: "UNHCR Refugee Data Finder, methodology and definitions of the Refugee Population Statistics Database (end-year stocks).",
};
pub const WPP_2024: Document = Document {
    key: "WPP 2024",
    citation: "United Nations, DESA, Population Division (2024). World Population Prospects 2024: Methodology of the United Nations population estimates and projections.",
};

/// One defined term.
#[derive(Debug, Clone, Copy)]
pub struct Definition {
    /// Stable key (`emigrant-stock`), also accepted as `--concept` where a check exists.
    pub key: &'static str,
    pub en: &'static str,
    pub az: &'static str,
    pub ru: &'static str,
    /// Other names a reader may type (en/az/ru), matched like the names.
    pub aliases: &'static [&'static str],
    /// Flow, stock, rate, status or mobility.
    pub kind: &'static str,
    /// The definition, in our own words.
    pub text: &'static str,
    pub sources: &'static [Document],
    /// The miglab measure or dataset that follows the definition (or what is missing).
    pub miglab: &'static str,
    /// What to watch for when quoting figures under this term.
    pub caveat: &'static str,
}

impl Definition {
    fn names(&self) -> impl Iterator<Item = &'static str> {
        [self.key, self.en, self.az, self.ru]
            .into_iter()
            .chain(self.aliases.iter().copied())
    }

    /// The sources as a short list of keys ("UN 1998; UN EGMS 2021").
    pub fn source_keys(&self) -> String {
        self.sources
            .iter()
            .map(|d| d.key)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Every term `miglab define` knows, in teaching order.
pub const DEFINITIONS: &[Definition] = &[
    Definition {
        key: "international-migrant",
        en: "international migrant",
        az: "beynəlxalq miqrant",
        ru: "международный мигрант",
        aliases: &["migrant", "miqrant", "мигрант"],
        kind: "person",
        text: "Someone who has moved from one country to another and made the new country their country of usual residence. Citizenship does not matter: nationals coming home, foreigners and stateless persons all count. The framework of 2021 looks at the change of usual residence within a reference year; a migrant is an immigrant seen from the arrival country and an emigrant seen from the departure country.",
        sources: &[UN_1998, EGMS_2021],
        miglab: "ims2024 / ims2020 migrant_stock (persons counted where they live, by origin); `miglab measure immigrant-stock`, `miglab measure emigrant-stock`",
        caveat: "Stock counts (how many live abroad on a date) and flow counts (how many moved in a year) answer different questions; never compare one with the other.",
    },
    Definition {
        key: "long-term-migrant",
        en: "long-term migrant",
        az: "uzunmüddətli miqrant",
        ru: "долгосрочный мигрант",
        aliases: &["long term migrant"],
        kind: "person",
        text: "A person who moves to a country other than the one of usual residence for at least a year, so that the destination becomes the new country of usual residence. Seen from the country left, the person is a long-term emigrant; seen from the destination, a long-term immigrant.",
        sources: &[UN_1998],
        miglab: "no embedded dataset: counts of long-term migrants per year come from national registers or surveys (in Azerbaijan the State Statistics Committee with data of the State Migration Service)",
        caveat: "Countries apply the 12-month rule differently (intended vs actual stay), so national flow figures are not directly comparable.",
    },
    Definition {
        key: "short-term-migrant",
        en: "short-term migrant",
        az: "qısamüddətli miqrant",
        ru: "краткосрочный мигрант",
        aliases: &["short term migrant"],
        kind: "person",
        text: "A person who moves to another country for at least three months but less than a year, except for recreation, holidays, visits to friends and relatives, business, medical treatment or religious pilgrimage. The country of usual residence stays the same.",
        sources: &[UN_1998],
        miglab: "no embedded dataset (needs border or survey statistics)",
        caveat: "Short-term migrants are not in the resident population of the destination and are not in the UN DESA migrant stock.",
    },
    Definition {
        key: "usual-residence",
        en: "country of usual residence",
        az: "daimi yaşayış ölkəsi",
        ru: "страна обычного проживания",
        aliases: &["usual residence", "resident population", "daimi əhali", "постоянное население"],
        kind: "concept",
        text: "The country where a person normally lives, i.e. spends the daily period of rest. Census recommendations set a duration threshold: a person is resident if they lived in the country for most of the last 12 months (at least six months and one day), or for at least 12 months without interruption, disregarding short trips abroad.",
        sources: &[UNECE_2020, EGMS_2021],
        miglab: "the base of every stock and rate: wpp2024 population (resident population at 1 July)",
        caveat: "Whether a migrant is counted depends on this threshold; registers that never de-register emigrants overstate the resident population.",
    },
    Definition {
        key: "immigration",
        en: "immigration (flow)",
        az: "immiqrasiya (axın)",
        ru: "иммиграция (поток)",
        aliases: &["immigration flow", "immigrants per year", "immiqrasiya", "иммиграция", "arrivals"],
        kind: "flow",
        text: "Everyone who enters a country during a year and becomes part of its resident population, whatever their citizenship: returning nationals, foreigners and stateless persons alike.",
        sources: &[EGMS_2021, UN_1998],
        miglab: "no embedded gross flow: WPP publishes only net migration (`miglab measure net-migration`); `miglab measure stock-difference` gives a rough lower-bound proxy from IMS stocks",
        caveat: "National immigration statistics often count only foreigners (in Azerbaijan the published flows cover non-nationals), so they are not the UN flow.",
    },
    Definition {
        key: "emigration",
        en: "emigration (flow)",
        az: "emiqrasiya (axın)",
        ru: "эмиграция (поток)",
        aliases: &["emigration flow", "emigrants per year", "emiqrasiya", "эмиграция", "departures"],
        kind: "flow",
        text: "Everyone who leaves a country during a year to become part of another country's resident population, whatever their citizenship.",
        sources: &[EGMS_2021, UN_1998],
        miglab: "no embedded gross flow: emigration counts need national statistics or the receiving countries' immigration statistics (e.g. Eurostat migr_imm); `miglab measure net-migration` and `miglab measure stock-difference` are related but different quantities",
        caveat: "Emigration is the hardest flow to measure: people who leave rarely de-register. A figure of \"people who left\" is a flow, not the emigrant stock.",
    },
    Definition {
        key: "returning-citizens",
        en: "returning citizens (flow)",
        az: "geri qayıdan vətəndaşlar (axın)",
        ru: "возвращающиеся граждане (поток)",
        aliases: &["returning citizens", "returning nationals"],
        kind: "flow",
        text: "Citizens of the country who lived in another country and become residents of their own country again during the year.",
        sources: &[EGMS_2021],
        miglab: "no embedded dataset (national border or register statistics); for refugees, unhcr returned_refugees is the closest published count",
        caveat: "Defined by citizenship, not birthplace: citizens born abroad count, foreign-born naturalised persons too.",
    },
    Definition {
        key: "returning-native-born",
        en: "returning native-born (flow)",
        az: "geri qayıdan ölkədə doğulmuş şəxslər (axın)",
        ru: "возвращающиеся уроженцы страны (поток)",
        aliases: &["returning native-born population", "returning native born"],
        kind: "flow",
        text: "Persons born in the country who lived in another country and become residents of the country of their birth again during the year, whatever citizenship they now hold.",
        sources: &[EGMS_2021],
        miglab: "no embedded dataset (needs census or register data with country of birth and previous residence)",
        caveat: "Defined by birthplace, not citizenship; the two return concepts overlap but differ.",
    },
    Definition {
        key: "foreign-born",
        en: "foreign-born population (stock)",
        az: "xaricdə doğulmuş əhali",
        ru: "население, родившееся за рубежом",
        aliases: &["foreign-born", "foreign born", "born abroad"],
        kind: "stock",
        text: "Everyone living in the country on a given date who was born in another country. It is the preferred basis of the international migrant stock: each foreign-born resident has immigrated at least once in their life.",
        sources: &[UNECE_2020, UN_1998],
        miglab: "ims2024 immigrant_stock where stock_basis = foreign-born; `miglab measure immigrant-stock`",
        caveat: "After the break-up of the USSR, people born in another Soviet republic became foreign-born without moving; older stocks of the region include them.",
    },
    Definition {
        key: "native-born",
        en: "native-born population (stock)",
        az: "ölkədə doğulmuş əhali",
        ru: "население, родившееся в стране",
        aliases: &["native-born", "native born"],
        kind: "stock",
        text: "Everyone living in the country on a given date who was born in that same country.",
        sources: &[UNECE_2020],
        miglab: "approximately wpp2024 population minus ims2024 immigrant_stock (same date, 1 July)",
        caveat: "Native-born residents can be returned emigrants; being native-born says nothing about past moves.",
    },
    Definition {
        key: "foreign-citizens",
        en: "foreign-citizen population (stock)",
        az: "əcnəbilər (xarici vətəndaşlar)",
        ru: "население с иностранным гражданством",
        aliases: &["foreign citizens", "foreigners", "non-nationals", "əcnəbilər", "иностранные граждане"],
        kind: "stock",
        text: "Everyone living in the country on a given date who does not hold its citizenship, stateless persons included.",
        sources: &[UNECE_2020, AZ_MIGRATION_CODE],
        miglab: "ims2024 immigrant_stock where stock_basis = foreign citizens (UN DESA uses citizenship only where birthplace was not recorded)",
        caveat: "Mostly but not entirely the same people as the foreign-born: naturalised immigrants are foreign-born citizens, children of foreigners born in the country are native-born foreigners.",
    },
    Definition {
        key: "national-citizens",
        en: "national-citizen population (stock)",
        az: "ölkə vətəndaşları (əhali)",
        ru: "население с гражданством страны",
        aliases: &["national citizens", "nationals", "citizens"],
        kind: "stock",
        text: "Everyone living in the country on a given date who holds its citizenship, whether or not they also hold another.",
        sources: &[UNECE_2020],
        miglab: "no embedded dataset (census tables by citizenship)",
        caveat: "Dual citizens count as national citizens.",
    },
    Definition {
        key: "immigrant-stock",
        en: "immigrant stock",
        az: "immiqrantların sayı (stok)",
        ru: "численность иммигрантов (контингент)",
        aliases: &["international migrant stock", "migrant stock", "stock of immigrants", "immigrants", "immiqrantlar", "иммигранты"],
        kind: "stock",
        text: "The number of international migrants living in a country at a given moment: in UN DESA's estimates, the foreign-born population, or the foreign citizens where a census did not ask for the place of birth, with refugees added where censuses miss them.",
        sources: &[UN_1998, EGMS_2021],
        miglab: "`miglab measure immigrant-stock` (ims2024 immigrant_stock, mid-year; ims2020 for the previous edition); share of population: `miglab measure stock-share`",
        caveat: "A stock on a date, not the number who arrived in a year; the 2024 edition revised former-USSR stocks strongly against the 2020 edition.",
    },
    Definition {
        key: "emigrant-stock",
        en: "emigrant stock",
        az: "emiqrantların sayı (stok)",
        ru: "численность эмигрантов (контингент)",
        aliases: &["emigrants", "diaspora", "born in the country living abroad", "stock of emigrants", "emiqrantlar", "mühacirlər", "эмигранты"],
        kind: "stock",
        text: "The number of international migrants from a given country who live abroad at a given moment. UN DESA counts, in every other country, the residents born in the country of origin (or holding its citizenship where birthplace is unknown) and sums them.",
        sources: &[UN_1998, EGMS_2021],
        miglab: "`miglab measure emigrant-stock` (ims2024 emigrant_stock, mid-year; ims2020 for the previous edition); by destination: `miglab measure top-destinations`",
        caveat: "Built from the destination countries' censuses, not from the origin; it is not the number who left in any one year, and it includes people who left decades ago (or, for the former USSR, never moved).",
    },
    Definition {
        key: "returned-migrants",
        en: "returned migrants (stock)",
        az: "geri qayıtmış miqrantlar (stok)",
        ru: "вернувшиеся мигранты (контингент)",
        aliases: &["returned migrants", "return migrants", "returned native-born migrants"],
        kind: "stock",
        text: "Residents of the country on a given date who once lived in it, emigrated, and came back to live there for at least the minimum time needed to count as resident; the native-born among them are the returned native-born migrants.",
        sources: &[EGMS_2021],
        miglab: "no embedded dataset (census questions on previous residence abroad)",
        caveat: "Not the same as a yearly count of returns.",
    },
    Definition {
        key: "cross-border-workers",
        en: "cross-border workers",
        az: "transsərhəd işçilər",
        ru: "приграничные работники",
        aliases: &["cross border workers", "frontier workers"],
        kind: "mobility",
        text: "Persons who are not residents of the country where they work but work there repeatedly during the year, going back to their country of residence at short, regular intervals, daily or weekly.",
        sources: &[EGMS_2021],
        miglab: "no embedded dataset (border, labour force or social security statistics)",
        caveat: "They are not migrants: their country of usual residence does not change.",
    },
    Definition {
        key: "seasonal-workers",
        en: "seasonal workers",
        az: "mövsümi işçilər",
        ru: "сезонные работники",
        aliases: &["seasonal workers", "seasonal migrants"],
        kind: "mobility",
        text: "Persons who are not residents of the country where they work and whose work depends on the seasons, so that they work there only during part of the year.",
        sources: &[EGMS_2021],
        miglab: "no embedded dataset (work-permit or labour force statistics)",
        caveat: "Counts of permits issued count permits, not persons; a person may come back every season.",
    },
    Definition {
        key: "circular-mobility",
        en: "circular mobility",
        az: "dairəvi mobillik",
        ru: "циркулярная мобильность",
        aliases: &["circular migration"],
        kind: "mobility",
        text: "Non-residents who travel to the same country more than once during a year.",
        sources: &[EGMS_2021],
        miglab: "no embedded dataset (border-crossing records linked by person)",
        caveat: "Border crossings count trips, not persons.",
    },
    Definition {
        key: "refugee",
        en: "refugee",
        az: "qaçqın",
        ru: "беженец",
        aliases: &["refugees", "qaçqınlar", "беженцы"],
        kind: "legal status",
        text: "A person outside the country of their nationality (or, if stateless, of former habitual residence) who cannot or, out of a well-founded fear of persecution for reasons of race, religion, nationality, membership of a particular social group or political opinion, will not return or accept its protection. Refugees have crossed an international border.",
        sources: &[REFUGEE_1951, UNHCR_STATS, AZ_REFUGEE_LAW],
        miglab: "unhcr refugees (end-year stock under UNHCR's mandate, by origin x asylum country); `miglab measure refugees-per-1000`",
        caveat: "Not the same as IDPs, who never left their country; in Azerbaijan and Georgia the displaced from the conflicts are IDPs, and the two figures must not be added up or swapped.",
    },
    Definition {
        key: "asylum-seeker",
        en: "asylum-seeker",
        az: "sığınacaq axtaran şəxs",
        ru: "лицо, ищущее убежища",
        aliases: &["asylum seeker", "asylum-seekers", "asylum seekers", "sığınacaq axtaranlar", "просители убежища"],
        kind: "legal status",
        text: "A person who has asked for international protection and whose claim has not yet been decided. UNHCR's statistics count the pending cases at the end of the year.",
        sources: &[UNHCR_STATS, REFUGEE_1951],
        miglab: "unhcr asylum_seekers (end-year stock of pending claims, by origin x asylum country)",
        caveat: "A stock of pending claims, not the number of applications in the year; not every asylum-seeker will be recognised as a refugee.",
    },
    Definition {
        key: "idp",
        en: "internally displaced person (IDP)",
        az: "ölkə daxilində köçürülmüş şəxs",
        ru: "внутренне перемещённое лицо (ВПЛ)",
        aliases: &["idps", "internally displaced", "internally displaced persons", "ВПЛ", "внутренне перемещенные лица"],
        kind: "legal status",
        text: "A person forced or obliged to flee or leave home, in particular because of armed conflict, generalised violence, violations of human rights or disasters, who has not crossed an internationally recognised state border.",
        sources: &[GUIDING_1998, UNHCR_STATS],
        miglab: "unhcr idps (conflict IDPs protected or assisted by UNHCR, end-year; origin = asylum country)",
        caveat: "IDPs are not international migrants and not refugees; they are in no migrant stock.",
    },
    Definition {
        key: "forced-resettler",
        en: "forced resettler (forcibly displaced person, Azerbaijan)",
        az: "məcburi köçkün",
        ru: "вынужденный переселенец",
        aliases: &["forced resettler", "forcibly displaced person", "forced migrant", "məcburi köçkünlər", "вынужденные переселенцы"],
        kind: "legal status",
        text: "Azerbaijan's legal term for a citizen who had to leave their place of permanent residence and move elsewhere inside the country in the circumstances the law lists, military aggression and the occupation of territory among them. It is the national counterpart of the IDP of the Guiding Principles and a legal status with its own rights, granted and recorded by the state.",
        sources: &[AZ_REFUGEE_LAW, AZ_MIGRATION_CODE, GUIDING_1998],
        miglab: "unhcr idps for AZE (UNHCR's count of IDPs in Azerbaijan, end-year)",
        caveat: "National figures of forced resettlers (including children born in displacement) may differ from UNHCR's IDP count; say which one you quote.",
    },
    Definition {
        key: "stateless",
        en: "stateless person",
        az: "vətəndaşlığı olmayan şəxs",
        ru: "лицо без гражданства",
        aliases: &["stateless", "stateless persons", "apatrid", "апатрид"],
        kind: "legal status",
        text: "A person whom no state considers a national under its law.",
        sources: &[STATELESS_1954, AZ_MIGRATION_CODE, UNHCR_STATS],
        miglab: "unhcr stateless (end-year stock, by country of residence)",
        caveat: "Counts depend on national identification efforts and can drop sharply after a registration campaign (as in Azerbaijan in 2023).",
    },
    Definition {
        key: "net-migration",
        en: "net migration",
        az: "xalis miqrasiya (miqrasiya saldosu)",
        ru: "чистая миграция (сальдо миграции)",
        aliases: &["net migrants", "migration balance", "net international migration", "xalis miqrasiya", "miqrasiya saldosu", "сальдо миграции", "чистая миграция"],
        kind: "flow balance",
        text: "The number of immigrants minus the number of emigrants in a period, usually a calendar year; positive means more people arrived than left. WPP estimates it so that population, births, deaths and migration add up.",
        sources: &[UN_1998, WPP_2024],
        miglab: "`miglab measure net-migration` (wpp2024 net_migrants, persons; 2024-2030 projections flagged); older vintage: wdi net_migration (WPP 2022-based); check: `miglab measure balancing`",
        caveat: "A balance, not a count of movers: a net figure of zero can hide large flows both ways. WPP figures are published in thousands; editions revise the past.",
    },
    Definition {
        key: "cnmr",
        en: "crude net migration rate",
        az: "xalis miqrasiyanın ümumi əmsalı",
        ru: "общий коэффициент чистой миграции",
        aliases: &["net migration rate", "crude net migration rate", "cnmr", "migration rate", "коэффициент миграционного прироста"],
        kind: "rate",
        text: "Net migration in a year divided by the person-years lived by the population in that year (about the mid-year population), per 1,000 population.",
        sources: &[WPP_2024, UN_1998],
        miglab: "`miglab measure cnmr` (wpp2024 cnmr, per 1,000; computed and published rates side by side)",
        caveat: "Per 1,000, not per cent: 8 per 1,000 is 0.8 %.",
    },
];

/// Finds a term by key, name or alias in English, Azerbaijani or Russian (case- and
/// accent-insensitive), then by a name that contains the query.
pub fn find(term: &str) -> Option<&'static Definition> {
    let key = fold(term);
    if key.is_empty() {
        return None;
    }
    if let Some(d) = DEFINITIONS
        .iter()
        .find(|d| d.names().any(|n| fold(n) == key))
    {
        return Some(d);
    }
    // A name with a parenthesis ("immigration (flow)") also answers to its first part.
    if let Some(d) = DEFINITIONS.iter().find(|d| {
        d.names().any(|n| {
            n.split_once(" (")
                .is_some_and(|(head, _)| fold(head) == key)
        })
    }) {
        return Some(d);
    }
    let mut hits = DEFINITIONS
        .iter()
        .filter(|d| d.names().any(|n| fold(n).contains(&key)));
    match (hits.next(), hits.next()) {
        (Some(d), None) if key.chars().count() >= 3 => Some(d),
        _ => None,
    }
}

/// The closest term names for a "did you mean" hint.
pub fn suggest(term: &str) -> Vec<&'static str> {
    let key = fold(term);
    let mut scored: Vec<(f64, &'static str)> = DEFINITIONS
        .iter()
        .map(|d| {
            let best = d
                .names()
                .map(|n| strsim::jaro_winkler(&key, &fold(n)))
                .fold(0.0, f64::max);
            (best, d.en)
        })
        .filter(|(s, _)| *s >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

/// The definition with this key (for `miglab check`).
pub fn by_key(key: &str) -> Option<&'static Definition> {
    DEFINITIONS.iter().find(|d| d.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_terms_in_three_languages() {
        assert_eq!(
            find("emigrant stock").map(|d| d.key),
            Some("emigrant-stock")
        );
        assert_eq!(
            find("məcburi köçkün").map(|d| d.key),
            Some("forced-resettler")
        );
        assert_eq!(find("беженец").map(|d| d.key), Some("refugee"));
        assert_eq!(find("Net Migration").map(|d| d.key), Some("net-migration"));
        assert_eq!(find("immigration").map(|d| d.key), Some("immigration"));
        assert!(find("zzz").is_none());
    }

    #[test]
    fn keys_are_unique() {
        for (i, d) in DEFINITIONS.iter().enumerate() {
            assert!(DEFINITIONS[i + 1..].iter().all(|e| e.key != d.key));
        }
    }
}
