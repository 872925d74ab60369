//! The glossary: the UN and UNECE definitions used in international migration statistics, in our
//! own words, with the documents each comes from, the term in English, Azerbaijani and Russian,
//! and the measures of the catalogue that follow it (`miglab define`, `miglab check`).

use super::documents::{
    Document, AZ_MIGRATION_CODE, AZ_REFUGEE_LAW, EGMS_2021, GUIDING_1998, REFUGEE_1951,
    STATELESS_1954, UNECE_2020, UNHCR_STATS, UN_1998, WPP_2024,
};
use super::{MeasureKind, Text};
use crate::countries::fold;

/// One defined term of the glossary.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    /// Stable key (`emigrant-stock`), also the definition a `check` concept points to.
    pub key: &'static str,
    /// The term in English, Azerbaijani and Russian.
    pub name: Text,
    /// Other names a reader may type (en/az/ru), matched like the names.
    pub aliases: &'static [&'static str],
    /// Person, concept, flow, stock, rate, legal status or mobility.
    pub kind: &'static str,
    /// The definition, in our own words.
    pub text: &'static str,
    pub sources: &'static [Document],
    /// The measures that compute the term, or the closest ones (`data` says which): their
    /// formula, unit and source come from the catalogue.
    pub measures: &'static [MeasureKind],
    /// The embedded data that follow the definition, or what is missing.
    pub data: &'static str,
    /// What to watch for when quoting figures under this term.
    pub caveat: &'static str,
}

impl Term {
    fn names(&self) -> impl Iterator<Item = &'static str> {
        [self.key, self.name.en, self.name.az, self.name.ru]
            .into_iter()
            .chain(self.aliases.iter().copied())
    }

    /// The sources as a short list of keys ("UN 1998; UN EGMS 2021").
    pub fn source_keys(&self) -> String {
        super::documents::keys(self.sources)
    }
}

/// Every term `miglab define` knows, in teaching order.
pub const TERMS: &[Term] = &[
    Term {
        key: "international-migrant",
        name: Text::new("international migrant", "beynəlxalq miqrant", "международный мигрант"),
        aliases: &["migrant", "miqrant", "мигрант"],
        kind: "person",
        text: "Someone who has moved from one country to another and made the new country their country of usual residence. Citizenship does not matter: nationals coming home, foreigners and stateless persons all count. The framework of 2021 looks at the change of usual residence within a reference year; a migrant is an immigrant seen from the arrival country and an emigrant seen from the departure country.",
        sources: &[UN_1998, EGMS_2021],
        measures: &[MeasureKind::ImmigrantStock, MeasureKind::EmigrantStock],
        data: "ims2024 / ims2020 migrant_stock (persons counted where they live, by origin)",
        caveat: "Stock counts (how many live abroad on a date) and flow counts (how many moved in a year) answer different questions; never compare one with the other.",
    },
    Term {
        key: "long-term-migrant",
        name: Text::new("long-term migrant", "uzunmüddətli miqrant", "долгосрочный мигрант"),
        aliases: &["long term migrant"],
        kind: "person",
        text: "A person who moves to a country other than the one of usual residence for at least a year, so that the destination becomes the new country of usual residence. Seen from the country left, the person is a long-term emigrant; seen from the destination, a long-term immigrant.",
        sources: &[UN_1998],
        measures: &[],
        data: "no embedded dataset: counts of long-term migrants per year come from national registers or surveys (in Azerbaijan the State Statistics Committee with data of the State Migration Service)",
        caveat: "Countries apply the 12-month rule differently (intended vs actual stay), so national flow figures are not directly comparable.",
    },
    Term {
        key: "short-term-migrant",
        name: Text::new("short-term migrant", "qısamüddətli miqrant", "краткосрочный мигрант"),
        aliases: &["short term migrant"],
        kind: "person",
        text: "A person who moves to another country for at least three months but less than a year, except for recreation, holidays, visits to friends and relatives, business, medical treatment or religious pilgrimage. The country of usual residence stays the same.",
        sources: &[UN_1998],
        measures: &[],
        data: "no embedded dataset (needs border or survey statistics)",
        caveat: "Short-term migrants are not in the resident population of the destination and are not in the UN DESA migrant stock.",
    },
    Term {
        key: "usual-residence",
        name: Text::new("country of usual residence", "daimi yaşayış ölkəsi", "страна обычного проживания"),
        aliases: &["usual residence", "resident population", "daimi əhali", "постоянное население"],
        kind: "concept",
        text: "The country where a person normally lives, i.e. spends the daily period of rest. Census recommendations set a duration threshold: a person is resident if they lived in the country for most of the last 12 months (at least six months and one day), or for at least 12 months without interruption, disregarding short trips abroad.",
        sources: &[UNECE_2020, EGMS_2021],
        measures: &[],
        data: "the base of every stock and rate: wpp2024 population (resident population at 1 July)",
        caveat: "Whether a migrant is counted depends on this threshold; registers that never de-register emigrants overstate the resident population.",
    },
    Term {
        key: "immigration",
        name: Text::new("immigration (flow)", "immiqrasiya (axın)", "иммиграция (поток)"),
        aliases: &["immigration flow", "immigrants per year", "immiqrasiya", "иммиграция", "arrivals"],
        kind: "flow",
        text: "Everyone who enters a country during a year and becomes part of its resident population, whatever their citizenship: returning nationals, foreigners and stateless persons alike.",
        sources: &[EGMS_2021, UN_1998],
        measures: &[MeasureKind::NetMigration, MeasureKind::StockDifference],
        data: "no embedded gross flow: WPP publishes only net migration; stock differencing gives a rough lower-bound proxy from IMS stocks",
        caveat: "National immigration statistics often count only foreigners (in Azerbaijan the published flows cover non-nationals), so they are not the UN flow.",
    },
    Term {
        key: "emigration",
        name: Text::new("emigration (flow)", "emiqrasiya (axın)", "эмиграция (поток)"),
        aliases: &["emigration flow", "emigrants per year", "emiqrasiya", "эмиграция", "departures"],
        kind: "flow",
        text: "Everyone who leaves a country during a year to become part of another country's resident population, whatever their citizenship.",
        sources: &[EGMS_2021, UN_1998],
        measures: &[MeasureKind::NetMigration, MeasureKind::StockDifference],
        data: "no embedded gross flow: emigration counts need national statistics or the receiving countries' immigration statistics (e.g. Eurostat migr_imm); net migration and stock differencing are related but different quantities",
        caveat: "Emigration is the hardest flow to measure: people who leave rarely de-register. A figure of \"people who left\" is a flow, not the emigrant stock.",
    },
    Term {
        key: "returning-citizens",
        name: Text::new("returning citizens (flow)", "geri qayıdan vətəndaşlar (axın)", "возвращающиеся граждане (поток)"),
        aliases: &["returning citizens", "returning nationals"],
        kind: "flow",
        text: "Citizens of the country who lived in another country and become residents of their own country again during the year.",
        sources: &[EGMS_2021],
        measures: &[],
        data: "no embedded dataset (national border or register statistics); for refugees, unhcr returned_refugees is the closest published count",
        caveat: "Defined by citizenship, not birthplace: citizens born abroad count, foreign-born naturalised persons too.",
    },
    Term {
        key: "returning-native-born",
        name: Text::new("returning native-born (flow)", "geri qayıdan ölkədə doğulmuş şəxslər (axın)", "возвращающиеся уроженцы страны (поток)"),
        aliases: &["returning native-born population", "returning native born"],
        kind: "flow",
        text: "Persons born in the country who lived in another country and become residents of the country of their birth again during the year, whatever citizenship they now hold.",
        sources: &[EGMS_2021],
        measures: &[],
        data: "no embedded dataset (needs census or register data with country of birth and previous residence)",
        caveat: "Defined by birthplace, not citizenship; the two return concepts overlap but differ.",
    },
    Term {
        key: "foreign-born",
        name: Text::new("foreign-born population (stock)", "xaricdə doğulmuş əhali", "население, родившееся за рубежом"),
        aliases: &["foreign-born", "foreign born", "born abroad"],
        kind: "stock",
        text: "Everyone living in the country on a given date who was born in another country. It is the preferred basis of the international migrant stock: each foreign-born resident has immigrated at least once in their life.",
        sources: &[UNECE_2020, UN_1998],
        measures: &[MeasureKind::ImmigrantStock],
        data: "ims2024 immigrant_stock where stock_basis = foreign-born",
        caveat: "After the break-up of the USSR, people born in another Soviet republic became foreign-born without moving; older stocks of the region include them.",
    },
    Term {
        key: "native-born",
        name: Text::new("native-born population (stock)", "ölkədə doğulmuş əhali", "население, родившееся в стране"),
        aliases: &["native-born", "native born"],
        kind: "stock",
        text: "Everyone living in the country on a given date who was born in that same country.",
        sources: &[UNECE_2020],
        measures: &[],
        data: "approximately wpp2024 population minus ims2024 immigrant_stock (same date, 1 July)",
        caveat: "Native-born residents can be returned emigrants; being native-born says nothing about past moves.",
    },
    Term {
        key: "foreign-citizens",
        name: Text::new("foreign-citizen population (stock)", "əcnəbilər (xarici vətəndaşlar)", "население с иностранным гражданством"),
        aliases: &["foreign citizens", "foreigners", "non-nationals", "əcnəbilər", "иностранные граждане"],
        kind: "stock",
        text: "Everyone living in the country on a given date who does not hold its citizenship, stateless persons included.",
        sources: &[UNECE_2020, AZ_MIGRATION_CODE],
        measures: &[MeasureKind::ImmigrantStock],
        data: "ims2024 immigrant_stock where stock_basis = foreign citizens (UN DESA uses citizenship only where birthplace was not recorded)",
        caveat: "Mostly but not entirely the same people as the foreign-born: naturalised immigrants are foreign-born citizens, children of foreigners born in the country are native-born foreigners.",
    },
    Term {
        key: "national-citizens",
        name: Text::new("national-citizen population (stock)", "ölkə vətəndaşları (əhali)", "население с гражданством страны"),
        aliases: &["national citizens", "nationals", "citizens"],
        kind: "stock",
        text: "Everyone living in the country on a given date who holds its citizenship, whether or not they also hold another.",
        sources: &[UNECE_2020],
        measures: &[],
        data: "no embedded dataset (census tables by citizenship)",
        caveat: "Dual citizens count as national citizens.",
    },
    Term {
        key: "immigrant-stock",
        name: Text::new("immigrant stock", "immiqrantların sayı (stok)", "численность иммигрантов (контингент)"),
        aliases: &["international migrant stock", "migrant stock", "stock of immigrants", "immigrants", "immiqrantlar", "иммигранты"],
        kind: "stock",
        text: "The number of international migrants living in a country at a given moment: in UN DESA's estimates, the foreign-born population, or the foreign citizens where a census did not ask for the place of birth, with refugees added where censuses miss them.",
        sources: &[UN_1998, EGMS_2021],
        measures: &[MeasureKind::ImmigrantStock, MeasureKind::StockShare],
        data: "ims2024 immigrant_stock, mid-year; ims2020 for the previous edition",
        caveat: "A stock on a date, not the number who arrived in a year; the 2024 edition revised former-USSR stocks strongly against the 2020 edition.",
    },
    Term {
        key: "emigrant-stock",
        name: Text::new("emigrant stock", "emiqrantların sayı (stok)", "численность эмигрантов (контингент)"),
        aliases: &["emigrants", "diaspora", "born in the country living abroad", "stock of emigrants", "emiqrantlar", "mühacirlər", "эмигранты"],
        kind: "stock",
        text: "The number of international migrants from a given country who live abroad at a given moment. UN DESA counts, in every other country, the residents born in the country of origin (or holding its citizenship where birthplace is unknown) and sums them.",
        sources: &[UN_1998, EGMS_2021],
        measures: &[MeasureKind::EmigrantStock, MeasureKind::TopDestinations],
        data: "ims2024 emigrant_stock, mid-year; ims2020 for the previous edition",
        caveat: "Built from the destination countries' censuses, not from the origin; it is not the number who left in any one year, and it includes people who left decades ago (or, for the former USSR, never moved).",
    },
    Term {
        key: "returned-migrants",
        name: Text::new("returned migrants (stock)", "geri qayıtmış miqrantlar (stok)", "вернувшиеся мигранты (контингент)"),
        aliases: &["returned migrants", "return migrants", "returned native-born migrants"],
        kind: "stock",
        text: "Residents of the country on a given date who once lived in it, emigrated, and came back to live there for at least the minimum time needed to count as resident; the native-born among them are the returned native-born migrants.",
        sources: &[EGMS_2021],
        measures: &[],
        data: "no embedded dataset (census questions on previous residence abroad)",
        caveat: "Not the same as a yearly count of returns.",
    },
    Term {
        key: "cross-border-workers",
        name: Text::new("cross-border workers", "transsərhəd işçilər", "приграничные работники"),
        aliases: &["cross border workers", "frontier workers"],
        kind: "mobility",
        text: "Persons who are not residents of the country where they work but work there repeatedly during the year, going back to their country of residence at short, regular intervals, daily or weekly.",
        sources: &[EGMS_2021],
        measures: &[],
        data: "no embedded dataset (border, labour force or social security statistics)",
        caveat: "They are not migrants: their country of usual residence does not change.",
    },
    Term {
        key: "seasonal-workers",
        name: Text::new("seasonal workers", "mövsümi işçilər", "сезонные работники"),
        aliases: &["seasonal workers", "seasonal migrants"],
        kind: "mobility",
        text: "Persons who are not residents of the country where they work and whose work depends on the seasons, so that they work there only during part of the year.",
        sources: &[EGMS_2021],
        measures: &[],
        data: "no embedded dataset (work-permit or labour force statistics)",
        caveat: "Counts of permits issued count permits, not persons; a person may come back every season.",
    },
    Term {
        key: "circular-mobility",
        name: Text::new("circular mobility", "dairəvi mobillik", "циркулярная мобильность"),
        aliases: &["circular migration"],
        kind: "mobility",
        text: "Non-residents who travel to the same country more than once during a year.",
        sources: &[EGMS_2021],
        measures: &[],
        data: "no embedded dataset (border-crossing records linked by person)",
        caveat: "Border crossings count trips, not persons.",
    },
    Term {
        key: "refugee",
        name: Text::new("refugee", "qaçqın", "беженец"),
        aliases: &["refugees", "qaçqınlar", "беженцы"],
        kind: "legal status",
        text: "A person outside the country of their nationality (or, if stateless, of former habitual residence) who cannot or, out of a well-founded fear of persecution for reasons of race, religion, nationality, membership of a particular social group or political opinion, will not return or accept its protection. Refugees have crossed an international border.",
        sources: &[REFUGEE_1951, UNHCR_STATS, AZ_REFUGEE_LAW],
        measures: &[MeasureKind::RefugeesPer1000],
        data: "unhcr refugees (end-year stock under UNHCR's mandate, by origin x asylum country)",
        caveat: "Not the same as IDPs, who never left their country; in Azerbaijan and Georgia the displaced from the conflicts are IDPs, and the two figures must not be added up or swapped.",
    },
    Term {
        key: "asylum-seeker",
        name: Text::new("asylum-seeker", "sığınacaq axtaran şəxs", "лицо, ищущее убежища"),
        aliases: &["asylum seeker", "asylum-seekers", "asylum seekers", "sığınacaq axtaranlar", "просители убежища"],
        kind: "legal status",
        text: "A person who has asked for international protection and whose claim has not yet been decided. UNHCR's statistics count the pending cases at the end of the year.",
        sources: &[UNHCR_STATS, REFUGEE_1951],
        measures: &[],
        data: "unhcr asylum_seekers (end-year stock of pending claims, by origin x asylum country)",
        caveat: "A stock of pending claims, not the number of applications in the year; not every asylum-seeker will be recognised as a refugee.",
    },
    Term {
        key: "idp",
        name: Text::new("internally displaced person (IDP)", "ölkə daxilində köçürülmüş şəxs", "внутренне перемещённое лицо (ВПЛ)"),
        aliases: &["idps", "internally displaced", "internally displaced persons", "ВПЛ", "внутренне перемещенные лица"],
        kind: "legal status",
        text: "A person forced or obliged to flee or leave home, in particular because of armed conflict, generalised violence, violations of human rights or disasters, who has not crossed an internationally recognised state border.",
        sources: &[GUIDING_1998, UNHCR_STATS],
        measures: &[],
        data: "unhcr idps (conflict IDPs protected or assisted by UNHCR, end-year; origin = asylum country)",
        caveat: "IDPs are not international migrants and not refugees; they are in no migrant stock.",
    },
    Term {
        key: "forced-resettler",
        name: Text::new("forced resettler (forcibly displaced person, Azerbaijan)", "məcburi köçkün", "вынужденный переселенец"),
        aliases: &["forced resettler", "forcibly displaced person", "forced migrant", "məcburi köçkünlər", "вынужденные переселенцы"],
        kind: "legal status",
        text: "Azerbaijan's legal term for a citizen who had to leave their place of permanent residence and move elsewhere inside the country in the circumstances the law lists, military aggression and the occupation of territory among them. It is the national counterpart of the IDP of the Guiding Principles and a legal status with its own rights, granted and recorded by the state.",
        sources: &[AZ_REFUGEE_LAW, AZ_MIGRATION_CODE, GUIDING_1998],
        measures: &[],
        data: "unhcr idps for AZE (UNHCR's count of IDPs in Azerbaijan, end-year)",
        caveat: "National figures of forced resettlers (including children born in displacement) may differ from UNHCR's IDP count; say which one you quote.",
    },
    Term {
        key: "stateless",
        name: Text::new("stateless person", "vətəndaşlığı olmayan şəxs", "лицо без гражданства"),
        aliases: &["stateless", "stateless persons", "apatrid", "апатрид"],
        kind: "legal status",
        text: "A person whom no state considers a national under its law.",
        sources: &[STATELESS_1954, AZ_MIGRATION_CODE, UNHCR_STATS],
        measures: &[],
        data: "unhcr stateless (end-year stock, by country of residence)",
        caveat: "Counts depend on national identification efforts and can drop sharply after a registration campaign (as in Azerbaijan in 2023).",
    },
    Term {
        key: "net-migration",
        name: Text::new("net migration", "xalis miqrasiya (miqrasiya saldosu)", "чистая миграция (сальдо миграции)"),
        aliases: &["net migrants", "migration balance", "net international migration", "xalis miqrasiya", "miqrasiya saldosu", "сальдо миграции", "чистая миграция"],
        kind: "flow balance",
        text: "The number of immigrants minus the number of emigrants in a period, usually a calendar year; positive means more people arrived than left. WPP estimates it so that population, births, deaths and migration add up.",
        sources: &[UN_1998, WPP_2024],
        measures: &[MeasureKind::NetMigration, MeasureKind::Balancing],
        data: "wpp2024 net_migrants, persons (2024-2030 projections flagged); older vintage: wdi net_migration (WPP 2022-based); the balancing equation checks it against population, births and deaths",
        caveat: "A balance, not a count of movers: a net figure of zero can hide large flows both ways. WPP figures are published in thousands; editions revise the past.",
    },
    Term {
        key: "cnmr",
        name: Text::new("crude net migration rate", "xalis miqrasiyanın ümumi əmsalı", "общий коэффициент чистой миграции"),
        aliases: &["net migration rate", "crude net migration rate", "cnmr", "migration rate", "коэффициент миграционного прироста"],
        kind: "rate",
        text: "Net migration in a year divided by the person-years lived by the population in that year (about the mid-year population), per 1,000 population.",
        sources: &[WPP_2024, UN_1998],
        measures: &[MeasureKind::Cnmr],
        data: "wpp2024 cnmr, per 1,000; computed and published rates side by side",
        caveat: "Per 1,000, not per cent: 8 per 1,000 is 0.8 %.",
    },
];

/// Finds a term by key, name or alias in English, Azerbaijani or Russian (case- and
/// accent-insensitive), then by a name that contains the query.
pub fn find(term: &str) -> Option<&'static Term> {
    let key = fold(term);
    if key.is_empty() {
        return None;
    }
    if let Some(d) = TERMS.iter().find(|d| d.names().any(|n| fold(n) == key)) {
        return Some(d);
    }
    // A name with a parenthesis ("immigration (flow)") also answers to its first part.
    if let Some(d) = TERMS.iter().find(|d| {
        d.names().any(|n| {
            n.split_once(" (")
                .is_some_and(|(head, _)| fold(head) == key)
        })
    }) {
        return Some(d);
    }
    let mut hits = TERMS
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
    let mut scored: Vec<(f64, &'static str)> = TERMS
        .iter()
        .map(|d| {
            let best = d
                .names()
                .map(|n| strsim::jaro_winkler(&key, &fold(n)))
                .fold(0.0, f64::max);
            (best, d.name.en)
        })
        .filter(|(s, _)| *s >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

/// The term with this key (for `miglab check`).
pub fn by_key(key: &str) -> Option<&'static Term> {
    TERMS.iter().find(|d| d.key == key)
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
        for (i, d) in TERMS.iter().enumerate() {
            assert!(TERMS[i + 1..].iter().all(|e| e.key != d.key));
        }
    }
}
