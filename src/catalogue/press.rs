//! What each checkable figure is called in the press: the words and phrases in English,
//! Azerbaijani and Russian that name it, the words that turn a neighbouring figure into it
//! ("rate" turns net migration into the net migration rate), the unit it is quoted in, and the
//! catalogue quantity that holds it. `miglab check` builds its vocabulary from this table and
//! `check --help` prints it, so a new figure is described here once.
//!
//! Words are matched in lower case inside the text (a word's start is enough: "remittance"
//! matches "remittances", "беженц" every case of "беженцы").

use super::Unit;

/// Words per language.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    pub en: &'static [&'static str],
    pub az: &'static [&'static str],
    pub ru: &'static [&'static str],
}

impl Words {
    pub const NONE: Words = Words {
        en: &[],
        az: &[],
        ru: &[],
    };

    /// Every word, English first.
    pub fn all(&self) -> impl Iterator<Item = &'static str> {
        self.en
            .iter()
            .chain(self.az.iter())
            .chain(self.ru.iter())
            .copied()
    }

    /// Whether the lower-case text holds one of the words.
    pub fn in_text(&self, lower: &str) -> bool {
        self.all().any(|w| lower.contains(w))
    }
}

/// One figure the press quotes.
#[derive(Debug, Clone, Copy)]
pub struct PressTerm {
    /// The flag value of `check --concept`.
    pub key: &'static str,
    /// In a verdict's words ("net migration").
    pub label: &'static str,
    /// What it counts, for help texts.
    pub about: &'static str,
    /// The term of the glossary (`miglab define`) behind it.
    pub definition: &'static str,
    /// The unit official figures are in.
    pub unit: Unit,
    /// The catalogue quantity (or embedded indicator) that holds the figure, if any.
    pub quantity: Option<&'static str>,
    /// The words that name it.
    pub words: Words,
    /// With [`PressTerm::refines`]: the words that, beside the words of that term, name this one.
    pub qualifiers: Words,
    /// The term this one narrows (`net-migration-rate` narrows `net-migration`).
    pub refines: Option<&'static str>,
}

const fn term(
    key: &'static str,
    label: &'static str,
    about: &'static str,
    definition: &'static str,
    unit: Unit,
    quantity: Option<&'static str>,
    words: Words,
) -> PressTerm {
    PressTerm {
        key,
        label,
        about,
        definition,
        unit,
        quantity,
        words,
        qualifiers: Words::NONE,
        refines: None,
    }
}

const fn narrows(base: PressTerm, refines: &'static str, qualifiers: Words) -> PressTerm {
    PressTerm {
        refines: Some(refines),
        qualifiers,
        ..base
    }
}

/// Words in English, Azerbaijani and Russian.
#[allow(non_snake_case)]
const fn W(
    en: &'static [&'static str],
    az: &'static [&'static str],
    ru: &'static [&'static str],
) -> Words {
    Words { en, az, ru }
}

/// Every figure `miglab check` reads, in the order of `--help`.
pub const PRESS_TERMS: &[PressTerm] = &[
    term("net-migration", "net migration", "Net migration (immigrants - emigrants) in a year or period, persons (WPP 2024; WDI's older vintage)", "net-migration", Unit::Persons, Some("net_migrants"),
        W(&["net migration", "net-migration", "through migration", "from migration", "due to migration", "to migration", "migration loss", "migration gain", "migratory balance", "net migrants", "net international migration", "migration balance", "balance of migration", "net emigration", "net immigration", "net outflow", "net inflow", "net loss", "net gain"],
          &["xalis miqrasiya", "miqrasiya saldosu", "miqrasiya balansı"],
          &["сальдо миграц", "миграционный прирост", "миграционного прироста", "миграционная убыль", "миграционной убыли", "чистая миграция", "чистой миграции"])),
    narrows(term("net-migration-rate", "crude net migration rate", "Crude net migration rate, per 1,000 population", "cnmr", Unit::Per1000, Some("cnmr"),
        W(&["migration rate"], &["miqrasiya əmsalı"], &["коэффициент миграц"])),
        "net-migration", W(&["rate", "cnmr", "per 1,000", "per thousand"], &["əmsal"], &["коэффициент"])),
    term("emigrant-stock", "emigrant stock", "Emigrant stock: persons born in the country living abroad (with --partner: in that country)", "emigrant-stock", Unit::Persons, Some("emigrant_stock"),
        W(&["emigrant", "diaspora", "born in", "abroad", "natives of", "expatriate"],
          &["mühacir", "muhacir", "emiqrant", "doğulmuş", "diaspor", "xaricdə"],
          &["эмигрант", "уроженц", "диаспор", "за рубеж", "за границ"])),
    term("immigrant-stock", "immigrant stock", "Immigrant stock: foreign-born (or foreign citizens) living in the country (with --partner: born there)", "immigrant-stock", Unit::Persons, Some("immigrant_stock"),
        W(&["immigrant", "foreign-born", "foreign born", "born abroad", "born outside", "migrants", "migrant stock", "foreigners", "foreign citizens", "foreign nationals"],
          &["immiqrant", "miqrant", "əcnəbi"],
          &["иммигрант", "мигрант", "иностран"])),
    narrows(term("immigrant-share", "immigrants as % of population", "Immigrants as % of the population", "immigrant-stock", Unit::Percent, Some("stock_share"), Words::NONE),
        "immigrant-stock", W(&["population", "residents", "inhabitants"], &["əhali"], &["населени"])),
    narrows(term("emigrant-share", "emigrants as % of the home population", "Emigrants as % of the population of their country of birth (\"one in five lives abroad\")", "emigrant-stock", Unit::Percent, Some("emigrant_share"), Words::NONE),
        "emigrant-stock", W(&["population", "lives abroad", "live abroad"], &["əhali"], &["населени"])),
    narrows(term("female-share-emigrants", "women as % of emigrants", "Women as % of the emigrant stock (by origin)", "emigrant-stock", Unit::Percent, Some("female_share"), Words::NONE),
        "emigrant-stock", W(&["women", "female", "girls"], &["qadın"], &["женщин"])),
    narrows(term("female-share-immigrants", "women as % of immigrants", "Women as % of the immigrant stock", "immigrant-stock", Unit::Percent, Some("female_share"), Words::NONE),
        "immigrant-stock", W(&["women", "female", "girls"], &["qadın"], &["женщин"])),
    term("refugees", "refugees hosted", "Refugees hosted by the country (with --partner: from that origin)", "refugee", Unit::Persons, Some("refugees"),
        W(&["refugee"], &["qaçqın", "qacqin"], &["беженц", "беженец"])),
    narrows(term("refugees-from", "refugees originating from the country", "Refugees originating from the country (with --partner: hosted there)", "refugee", Unit::Persons, None, Words::NONE),
        "refugees", W(&["from ", "fled ", "originating"], &["dan ", "dən "], &["из "])),
    term("asylum-seekers", "asylum-seekers hosted", "Asylum-seekers with pending claims in the country at the end of the year (UNHCR)", "asylum-seeker", Unit::Persons, None,
        W(&["asylum"], &["sığınacaq"], &["убежищ"])),
    narrows(term("asylum-seekers-from", "asylum-seekers originating from the country", "Asylum-seekers originating from the country (UNHCR, end of year)", "asylum-seeker", Unit::Persons, None, Words::NONE),
        "asylum-seekers", W(&["from ", "fled ", "originating"], &["dan ", "dən "], &["из "])),
    narrows(term("asylum-applications", "first-time asylum applications", "First-time asylum applications lodged in the EU/EFTA during a year, by citizenship (Eurostat migr_asyappctza; with --partner: the country applied to, EU for the EU27 total)", "first-time-asylum-applicant", Unit::Persons, Some("first_time_asylum_applicants"), Words::NONE),
        "asylum-seekers", W(&["asylum application", "applied for asylum", "asylum applicants", "first-time applicants", "first-time asylum", "applications for asylum", "asylum claims", "asylum requests", "sought asylum", "filed for asylum", "lodged"],
          &["sığınacaq üçün müraciət", "sığınacaq istəyi", "sığınacaq ərizə"],
          &["заявлени", "ходатайств", "обратились за убежищем", "просили убежища", "запросили убежище", "прошени"])),
    term("idps", "internally displaced persons", "Internally displaced persons (in Azerbaijan: forced resettlers, məcburi köçkünlər)", "idp", Unit::Persons, None,
        W(&["internally displaced", "displaced", "forced resettler", "forcibly", "idp"], &["məcburi köçkün", "köçkün"], &["переселенц", "перемещ", "впл"])),
    term("stateless", "stateless persons", "Stateless persons", "stateless", Unit::Persons, None,
        W(&["stateless"], &["vətəndaşlığı olmayan", "vətəndaşlığı olmayan şəxs"], &["без гражданства", "апатрид"])),
    term("returned-refugees", "refugees who returned", "Refugees who returned to the country during the year (UNHCR)", "refugee", Unit::Persons, None,
        W(&["returnee", "returned refugee", "refugees returned", "refugee return", "returned home"], &["qayıd"], &["вернул", "возвращ"])),
    term("remittances", "personal remittances received", "Personal remittances received, current US$ (WDI)", "international-migrant", Unit::CurrentUsd, Some("remittances_received"),
        W(&["remittance", "money sent home", "sent home", "transfers from migrants"], &["pul köçürmə"], &["денежн", "переводы", "перевод"])),
    narrows(term("remittances-gdp", "remittances as % of GDP", "Personal remittances received as % of GDP (WDI)", "international-migrant", Unit::Percent, Some("remittances_gdp"), Words::NONE),
        "remittances", W(&["gdp", "economy", "of output"], &["üdm"], &["ввп"])),
    term("population", "population", "Total population, mid-year (WPP 2024 via IMS 2024)", "usual-residence", Unit::Persons, Some("population"),
        W(&["population", "inhabitants", "people live"], &["əhali"], &["населени", "жител"])),
    narrows(term("population-change", "population change", "Population change in a year (WPP 2024)", "usual-residence", Unit::Persons, Some("population_change"), Words::NONE),
        "population", W(&[" grew", " fell", " declined", " shrank", " increased", " decreased", " change", " growth", " rose", "lost", "gained"], &["artıb", "azalıb"], &["сократил", "вырос", "уменьшил", "увеличил"])),
    term("natural-increase", "natural increase", "Natural increase (births - deaths) in a year, negative when deaths outnumber births (WPP 2024)", "usual-residence", Unit::Persons, Some("natural_increase"),
        W(&["natural increase", "natural growth", "natural decrease", "natural decline", "births over deaths"], &["təbii artım", "təbii azalma"], &["естественный прирост", "естественная убыль", "естественного прироста", "естественной убыли"])),
    term("births", "births", "Live births in a year (WPP 2024)", "usual-residence", Unit::Persons, Some("births"),
        W(&["births", " born ", "babies"], &["doğum", "doğul", "dünyaya gəl"], &["рожден", "рождаемост", "родил", "родивш"])),
    term("deaths", "deaths", "Deaths in a year (WPP 2024)", "usual-residence", Unit::Persons, Some("deaths"),
        W(&["deaths", " died"], &["ölüm", "vəfat"], &["смерт", "умер", "скончал"])),
    term("emigration", "emigration flow", "Emigration flow: persons who left during a year (not in UN open data; compared with flows estimated from stocks)", "emigration", Unit::Persons, Some("outflow_estimate"),
        W(&["emigrated", "emigration", "left the country", " left ", "moved abroad", "departed", "leaving", "emigrate"], &["emiqrasiya", "tərk", "köçüb"], &["эмигрировал", "уехал", "эмиграция", "эмиграции", "выехал", "покинул"])),
    term("immigration", "immigration flow", "Immigration flow: persons who arrived during a year (not in UN open data)", "immigration", Unit::Persons, Some("inflow_estimate"),
        W(&["immigrated", "immigration", "arrived", "came to", "moved to"], &["immiqrasiya", "gəlib"], &["иммиграция", "прибыл", "приехал", "переехал"])),
    term("outside-open-data", "a figure outside the open annual data", "Weeks or months, border crossings, registrations, work permits: named with their publisher", "international-migrant", Unit::Persons, None, Words::NONE),
];

/// A press term by its key.
pub fn press_term(key: &str) -> Option<&'static PressTerm> {
    PRESS_TERMS.iter().find(|t| t.key == key)
}
