//! Reading a quoted figure: the number (with its unit and precision), the concept, the countries,
//! the year or period. A small hand-written grammar over words; anything it cannot place is
//! reported, and every part can be given (or corrected) with a flag instead.

use crate::countries::{fold, Crosswalk, LocationKind};
use crate::error::{Error, Result};
use crate::output::readable_number;
use crate::tidy::Sex;

/// What a quoted figure is about (`--concept` of `miglab check`; [`Concept::about`] describes each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Concept {
    NetMigration,
    NetMigrationRate,
    EmigrantStock,
    ImmigrantStock,
    ImmigrantShare,
    Refugees,
    RefugeesFrom,
    AsylumSeekers,
    AsylumSeekersFrom,
    Idps,
    Stateless,
    Emigration,
    Immigration,
}

impl Concept {
    /// Every concept, in the order of `--help`.
    pub const ALL: [Concept; 13] = [
        Concept::NetMigration,
        Concept::NetMigrationRate,
        Concept::EmigrantStock,
        Concept::ImmigrantStock,
        Concept::ImmigrantShare,
        Concept::Refugees,
        Concept::RefugeesFrom,
        Concept::AsylumSeekers,
        Concept::AsylumSeekersFrom,
        Concept::Idps,
        Concept::Stateless,
        Concept::Emigration,
        Concept::Immigration,
    ];

    /// What the concept counts, for help texts.
    pub fn about(self) -> &'static str {
        match self {
            Concept::NetMigration => "Net migration (immigrants - emigrants) in a year or period, persons",
            Concept::NetMigrationRate => "Crude net migration rate, per 1,000 population",
            Concept::EmigrantStock => "Emigrant stock: persons born in the country living abroad (with --partner: in that country)",
            Concept::ImmigrantStock => "Immigrant stock: foreign-born (or foreign citizens) living in the country (with --partner: born there)",
            Concept::ImmigrantShare => "Immigrants as % of the population",
            Concept::Refugees => "Refugees hosted by the country (with --partner: from that origin)",
            Concept::RefugeesFrom => "Refugees originating from the country (with --partner: hosted there)",
            Concept::AsylumSeekers => "Asylum-seekers with pending claims in the country",
            Concept::AsylumSeekersFrom => "Asylum-seekers originating from the country",
            Concept::Idps => "Internally displaced persons (in Azerbaijan: forced resettlers, məcburi köçkünlər)",
            Concept::Stateless => "Stateless persons",
            Concept::Emigration => "Emigration flow: persons who left during a year (not in UN open data)",
            Concept::Immigration => "Immigration flow: persons who arrived during a year (not in UN open data)",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Concept::NetMigration => "net migration",
            Concept::NetMigrationRate => "crude net migration rate",
            Concept::EmigrantStock => "emigrant stock",
            Concept::ImmigrantStock => "immigrant stock",
            Concept::ImmigrantShare => "immigrants as % of population",
            Concept::Refugees => "refugees hosted",
            Concept::RefugeesFrom => "refugees originating from the country",
            Concept::AsylumSeekers => "asylum-seekers hosted",
            Concept::AsylumSeekersFrom => "asylum-seekers originating from the country",
            Concept::Idps => "internally displaced persons",
            Concept::Stateless => "stateless persons",
            Concept::Emigration => "emigration flow",
            Concept::Immigration => "immigration flow",
        }
    }

    /// The flag value (`--concept`).
    pub fn flag(self) -> &'static str {
        match self {
            Concept::NetMigration => "net-migration",
            Concept::NetMigrationRate => "net-migration-rate",
            Concept::EmigrantStock => "emigrant-stock",
            Concept::ImmigrantStock => "immigrant-stock",
            Concept::ImmigrantShare => "immigrant-share",
            Concept::Refugees => "refugees",
            Concept::RefugeesFrom => "refugees-from",
            Concept::AsylumSeekers => "asylum-seekers",
            Concept::AsylumSeekersFrom => "asylum-seekers-from",
            Concept::Idps => "idps",
            Concept::Stateless => "stateless",
            Concept::Emigration => "emigration",
            Concept::Immigration => "immigration",
        }
    }

    /// The key of its definition (`miglab define`).
    pub fn definition_key(self) -> &'static str {
        match self {
            Concept::NetMigration => "net-migration",
            Concept::NetMigrationRate => "cnmr",
            Concept::EmigrantStock => "emigrant-stock",
            Concept::ImmigrantStock | Concept::ImmigrantShare => "immigrant-stock",
            Concept::Refugees | Concept::RefugeesFrom => "refugee",
            Concept::AsylumSeekers | Concept::AsylumSeekersFrom => "asylum-seeker",
            Concept::Idps => "idp",
            Concept::Stateless => "stateless",
            Concept::Emigration => "emigration",
            Concept::Immigration => "immigration",
        }
    }

    /// The unit official figures of this concept are in.
    pub fn unit(self) -> QuotedUnit {
        match self {
            Concept::NetMigrationRate => QuotedUnit::PerThousand,
            Concept::ImmigrantShare => QuotedUnit::Percent,
            _ => QuotedUnit::Persons,
        }
    }
}

/// The unit a figure is quoted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotedUnit {
    Persons,
    PerThousand,
    Percent,
}

impl QuotedUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            QuotedUnit::Persons => "persons",
            QuotedUnit::PerThousand => "per 1,000",
            QuotedUnit::Percent => "%",
        }
    }
}

/// How the quote relates its number to the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// "84 thousand", "about 790,000".
    Approximately,
    /// "more than", "over", "at least".
    AtLeast,
    /// "less than", "under", "up to".
    AtMost,
}

/// A quoted number with its unit and the precision it was given with.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// In the quoted unit, scale applied: "84 thousand" = 84000 persons, "25 per 1000" = 25.
    pub value: f64,
    pub unit: QuotedUnit,
    /// One unit of the last digit given, in the same unit: "84 thousand" = 1000, "790,000" = 10000.
    pub step: f64,
    /// The number as written.
    pub text: String,
    pub comparator: Comparator,
}

impl Quantity {
    /// Half a unit of the last digit, capped at 5 % of the quoted value: what rounding the
    /// quote's precision allows ("2 million" is not read as "1.5 to 2.5 million").
    pub fn tolerance(&self) -> f64 {
        let rounding = self.step / 2.0;
        let cap = 0.05 * self.value.abs();
        if cap > 0.0 {
            rounding.min(cap).max(self.step.min(1.0) / 2.0)
        } else {
            rounding
        }
    }

    /// The value in words for people: "-84,000 persons", "25 per 1,000", "12 %".
    pub fn describe(&self) -> String {
        let prefix = match self.comparator {
            Comparator::Approximately => "",
            Comparator::AtLeast => "at least ",
            Comparator::AtMost => "at most ",
        };
        format!(
            "{prefix}{} {}",
            readable_number(round_for_display(self.value)),
            self.unit.as_str()
        )
    }
}

fn round_for_display(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// Years a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Year(i32),
    Period(i32, i32),
}

impl std::fmt::Display for When {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            When::Year(y) => write!(f, "{y}"),
            When::Period(a, b) => write!(f, "{a}-{b}"),
        }
    }
}

/// A claim as understood: every part optional until [`Claim::require`].
#[derive(Debug, Clone, Default)]
pub struct Claim {
    pub text: Option<String>,
    pub quantity: Option<Quantity>,
    pub concept: Option<Concept>,
    /// The subject country (ISO3): where net migration happens, the origin of emigrants, the
    /// destination of immigrants, the asylum country of refugees (the origin for `refugees-from`).
    pub country: Option<String>,
    /// The other country of a bilateral figure.
    pub partner: Option<String>,
    pub when: Option<When>,
    pub sex: Option<Sex>,
    /// The claim speaks of the future ("will", "projected", "forecast").
    pub says_projection: bool,
    /// The claim lumps refugees and IDPs together.
    pub lumps_refugees_and_idps: bool,
    /// How a part was read when the text left room ("no year given: ...").
    pub assumptions: Vec<String>,
    /// Parts that were found but could not be used.
    pub problems: Vec<String>,
}

/// One word or number of a claim.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word {
        text: String,
        folded: String,
    },
    Number {
        text: String,
        value: f64,
        step: f64,
        grouped: bool,
    },
    Symbol(char),
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || ((chars[i] == ','
                        || chars[i] == '.'
                        || chars[i] == '\u{a0}'
                        || chars[i] == '\u{202f}')
                        && i + 1 < chars.len()
                        && chars[i + 1].is_ascii_digit()))
            {
                i += 1;
            }
            let raw: String = chars[start..i].iter().collect();
            if let Some(t) = number_token(&raw) {
                out.push(t);
            }
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || ((chars[i] == '-' || chars[i] == '\'' || chars[i] == '’')
                        && i + 1 < chars.len()
                        && chars[i + 1].is_alphabetic()))
            {
                i += 1;
            }
            let mut word: String = chars[start..i].iter().collect();
            for suffix in ["'s", "’s"] {
                if word.len() > 3 && word.ends_with(suffix) {
                    word.truncate(word.len() - suffix.len());
                }
            }
            let folded = fold(&word);
            out.push(Token::Word { text: word, folded });
        } else {
            if !c.is_whitespace() {
                let sym = match c {
                    '−' | '–' | '—' => '-',
                    other => other,
                };
                out.push(Token::Symbol(sym));
            }
            i += 1;
        }
    }
    out
}

/// "84,122" (grouped), "1.5", "1,5" (decimal comma), "790 000".
fn number_token(raw: &str) -> Option<Token> {
    let raw_clean: String = raw
        .chars()
        .map(|c| {
            if c == '\u{a0}' || c == '\u{202f}' {
                ','
            } else {
                c
            }
        })
        .collect();
    let groups: Vec<&str> = raw_clean.split(',').collect();
    let (int_part, frac_part, grouped) = if groups.len() > 1
        && groups[1..].iter().all(|g| {
            g.len() == 3
                || (g.len() > 3
                    && g[..3].chars().all(|c| c.is_ascii_digit())
                    && g[3..].starts_with('.'))
        }) {
        let joined: String = groups.concat();
        match joined.split_once('.') {
            Some((i, f)) => (i.to_string(), f.to_string(), true),
            None => (joined, String::new(), true),
        }
    } else if groups.len() == 2 && !groups[1].contains('.') {
        // a decimal comma: "1,5 million"
        (groups[0].to_string(), groups[1].to_string(), false)
    } else if groups.len() == 1 {
        match raw_clean.split_once('.') {
            Some((i, f)) if !f.contains('.') => (i.to_string(), f.to_string(), false),
            Some(_) => return None,
            None => (raw_clean.clone(), String::new(), false),
        }
    } else {
        return None;
    };
    let text = if frac_part.is_empty() {
        int_part.clone()
    } else {
        format!("{int_part}.{frac_part}")
    };
    let value: f64 = text.parse().ok()?;
    let step = if !frac_part.is_empty() {
        10f64.powi(-(frac_part.len() as i32))
    } else {
        let zeros = int_part.chars().rev().take_while(|c| *c == '0').count();
        if zeros == int_part.len() {
            1.0
        } else {
            10f64.powi(zeros as i32)
        }
    };
    Some(Token::Number {
        text: raw.to_string(),
        value,
        step,
        grouped,
    })
}

fn word(t: Option<&Token>) -> Option<&str> {
    match t {
        Some(Token::Word { folded, .. }) => Some(folded.as_str()),
        _ => None,
    }
}

fn scale_of(w: &str) -> Option<f64> {
    match w {
        "thousand" | "thousands" | "k" | "min" | "tys" | "tysiach" | "tysiachi" | "tysiacha" => {
            Some(1e3)
        }
        "million" | "millions" | "mln" | "m" | "milyon" | "milliona" | "millionov" => Some(1e6),
        "billion" | "billions" | "bn" | "milyard" | "mlrd" => Some(1e9),
        _ => None,
    }
}

/// Parses a quoted number with its scale and unit ("minus 84 thousand", "25 per 1000", "12%").
pub fn parse_quantity(text: &str) -> Option<Quantity> {
    let tokens = tokenize(text);
    let pos = tokens
        .iter()
        .position(|t| matches!(t, Token::Number { .. }))?;
    let (q, _) = quantity_at(&tokens, pos)?;
    // a plain number written with scientific or other trailing text is still fine
    Some(q)
}

/// The quantity starting at the number token `pos`; returns it and the index after it.
fn quantity_at(tokens: &[Token], pos: usize) -> Option<(Quantity, usize)> {
    let Token::Number {
        text, value, step, ..
    } = &tokens[pos]
    else {
        return None;
    };
    let mut value = *value;
    let mut step = *step;
    let mut text = text.clone();
    let mut i = pos + 1;
    let mut unit = QuotedUnit::Persons;
    if let Some(scale) = word(tokens.get(i)).and_then(scale_of) {
        value *= scale;
        step *= scale;
        if let Some(Token::Word { text: w, .. }) = tokens.get(i) {
            text.push(' ');
            text.push_str(w);
        }
        i += 1;
    }
    match tokens.get(i) {
        Some(Token::Symbol('%')) => {
            unit = QuotedUnit::Percent;
            text.push('%');
            i += 1;
        }
        Some(Token::Symbol('‰')) => {
            unit = QuotedUnit::PerThousand;
            text.push('‰');
            i += 1;
        }
        Some(Token::Word { folded, .. }) if folded == "percent" || folded == "pct" => {
            unit = QuotedUnit::Percent;
            text.push_str(" percent");
            i += 1;
        }
        Some(Token::Word { folded, .. })
            if folded == "per" || folded == "na" || folded == "hər" || folded == "her" =>
        {
            match tokens.get(i + 1) {
                Some(Token::Word { folded: f2, .. }) if f2 == "cent" => {
                    unit = QuotedUnit::Percent;
                    text.push_str(" per cent");
                    i += 2;
                }
                Some(Token::Word { folded: f2, .. })
                    if f2 == "thousand" || f2 == "mille" || f2 == "tysiachu" =>
                {
                    unit = QuotedUnit::PerThousand;
                    text.push_str(" per 1,000");
                    i += 2;
                }
                Some(Token::Number { value: v, .. }) if *v == 1000.0 => {
                    unit = QuotedUnit::PerThousand;
                    text.push_str(" per 1,000");
                    i += 2;
                    // "per 1,000 population / inhabitants / people"
                }
                _ => {}
            }
        }
        _ => {}
    }
    // a sign before the number: "-84,122", "minus 84 thousand", "negative 8"
    let mut negative = false;
    if pos > 0 {
        match &tokens[pos - 1] {
            // not a range "2014-2023" or "2020 - 84": only if what precedes is not a number
            Token::Symbol('-') if pos < 2 || !matches!(tokens[pos - 2], Token::Number { .. }) => {
                negative = true;
            }
            Token::Word { folded, .. } if folded == "minus" || folded == "negative" => {
                negative = true
            }
            _ => {}
        }
    }
    if negative {
        value = -value;
        text = format!("-{text}");
    }
    // "about", "more than", "over", "less than"...
    let before: Vec<&str> = tokens[..pos]
        .iter()
        .rev()
        .take(3)
        .filter_map(|t| word(Some(t)))
        .collect();
    let comparator = match before.as_slice() {
        ["than", "more", ..]
        | ["over", ..]
        | ["least", "at", ..]
        | ["exceeding", ..]
        | ["than", "greater", ..] => Comparator::AtLeast,
        ["than", "less", ..]
        | ["than", "fewer", ..]
        | ["under", ..]
        | ["to", "up", ..]
        | ["most", "at", ..] => Comparator::AtMost,
        _ => Comparator::Approximately,
    };
    Some((
        Quantity {
            value,
            unit,
            step,
            text,
            comparator,
        },
        i,
    ))
}

/// How a country was mentioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// "born in X", "natives of X".
    BornIn,
    /// "from X", "X-dan", "из X".
    From,
    /// "Azerbaijanis", "Georgian".
    Demonym,
    /// "in X", "to X", "X-da", "в X".
    In,
    /// "Georgia lost", "Azerbaijan's net migration".
    Plain,
}

#[derive(Debug, Clone)]
struct Mention {
    code: String,
    role: Role,
}

/// Demonyms and a few names the crosswalk does not carry ("Turkey"), matched on folded words
/// (also as the start of a longer word: "Azerbaijanis", "азербайджанцы").
const DEMONYMS: &[(&str, &str)] = &[
    ("azerbaijani", "AZE"),
    ("azerbaijanian", "AZE"),
    ("azeri", "AZE"),
    ("azerbaycanli", "AZE"),
    ("azerbaidzhanets", "AZE"),
    ("azerbaidzhantsy", "AZE"),
    ("armenian", "ARM"),
    ("ermeni", "ARM"),
    ("armianin", "ARM"),
    ("armiane", "ARM"),
    ("armian", "ARM"),
    ("georgian", "GEO"),
    ("gurcu", "GEO"),
    ("gruzin", "GEO"),
    ("russian", "RUS"),
    ("rossiian", "RUS"),
    ("ukrainian", "UKR"),
    ("ukraintsy", "UKR"),
    ("ukrainets", "UKR"),
    ("belarusian", "BLR"),
    ("belarussian", "BLR"),
    ("byelorussian", "BLR"),
    ("moldovan", "MDA"),
    ("kazakh", "KAZ"),
    ("kazakhstani", "KAZ"),
    ("kyrgyz", "KGZ"),
    ("kirghiz", "KGZ"),
    ("tajik", "TJK"),
    ("tadzhik", "TJK"),
    ("turkmen", "TKM"),
    ("uzbek", "UZB"),
    ("turkish", "TUR"),
    ("turks", "TUR"),
    ("turkey", "TUR"),
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

/// Names of the crosswalk's countries and areas, folded, for matching words of a claim.
struct Names {
    names: Vec<(String, String, bool)>,
}

impl Names {
    fn new(cw: &Crosswalk) -> Names {
        let mut names = Vec::new();
        for c in cw.all() {
            if c.kind == LocationKind::Other {
                continue;
            }
            let is_country = c.kind == LocationKind::Country;
            for n in [c.name_en.as_str(), c.name_az.as_str(), c.name_ru.as_str()]
                .into_iter()
                .chain(c.aliases())
            {
                let f = fold(n);
                if !f.is_empty() {
                    names.push((f, c.code.clone(), is_country));
                }
            }
        }
        Names { names }
    }

    /// Exact match of a folded phrase (countries before aggregates).
    fn exact(&self, key: &str) -> Option<&str> {
        self.names
            .iter()
            .filter(|(n, _, _)| n == key)
            .max_by_key(|(_, _, country)| *country)
            .map(|(_, c, _)| c.as_str())
    }

    /// A single inflected or derived word: the longest name (5+ letters) it starts with, within 3
    /// letters ("azerbaijanis", "rusiyada", "азербайджане"), or a name differing only in its
    /// last two letters ("россии").
    fn inflected(&self, key: &str) -> Option<&str> {
        if key.chars().count() < 5 {
            return None;
        }
        let mut best: Option<(usize, &str)> = None;
        for (n, code, country) in &self.names {
            if !country || n.len() < 5 {
                continue;
            }
            let ok = (key.starts_with(n.as_str()) && key.len() - n.len() <= 3)
                || (key.len() >= 5
                    && common_prefix(key, n) + 2 >= key.len().max(n.len())
                    && common_prefix(key, n) >= 5);
            if ok {
                let score = common_prefix(key, n);
                if best.is_none_or(|(s, _)| score > s) {
                    best = Some((score, code.as_str()));
                }
            }
        }
        best.map(|(_, c)| c)
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

fn demonym(key: &str) -> Option<&'static str> {
    DEMONYMS
        .iter()
        .filter(|(d, _)| {
            key == *d || (d.len() >= 5 && key.starts_with(d) && key.len() - d.len() <= 3)
        })
        .max_by_key(|(d, _)| d.len())
        .map(|(_, c)| *c)
}

/// Words that are never countries even when a code or a short name looks like them.
const NOT_COUNTRIES: &[&str] = &["per", "can", "and", "are", "man", "was", "rus"];

fn find_countries(tokens: &[Token], cw: &Crosswalk) -> Vec<Mention> {
    let names = Names::new(cw);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut found: Option<(String, usize, bool)> = None;
        // longest phrase first: "Russian Federation", "Republic of Moldova", "United States"
        for n in (1..=4).rev() {
            if i + n > tokens.len() {
                continue;
            }
            let words: Option<Vec<(&str, &str)>> = tokens[i..i + n]
                .iter()
                .map(|t| match t {
                    Token::Word { text, folded } => Some((text.as_str(), folded.as_str())),
                    _ => None,
                })
                .collect();
            let Some(words) = words else { continue };
            let key: String = words.iter().map(|(_, f)| *f).collect();
            if n == 1 {
                let (text, folded) = words[0];
                let is_code = text.len() == 3
                    && text.chars().all(|c| c.is_ascii_uppercase())
                    && !NOT_COUNTRIES.contains(&folded);
                if is_code {
                    if let Some(c) = cw.lookup(text) {
                        if c.kind != LocationKind::Other {
                            found = Some((c.code.clone(), 1, false));
                            break;
                        }
                    }
                }
                if folded.len() < 4 && !text.chars().next().is_some_and(char::is_uppercase) {
                    continue;
                }
                if NOT_COUNTRIES.contains(&folded) {
                    continue;
                }
                if let Some(code) = demonym(folded) {
                    found = Some((code.to_string(), 1, names.exact(folded).is_none()));
                    break;
                }
                if let Some(code) = names.exact(folded) {
                    found = Some((code.to_string(), 1, false));
                    break;
                }
                if let Some(code) = names.inflected(folded) {
                    // "Azerbaijanis", "Georgian" are demonyms; "Rusiyada", "России" inflected names
                    let is_demonym = folded.ends_with("ian")
                        || folded.ends_with("ians")
                        || folded.ends_with("is")
                        || folded.ends_with("ans")
                        || (folded.ends_with("an") && names.exact(folded).is_none());
                    found = Some((code.to_string(), 1, is_demonym && is_ascii(text)));
                    break;
                }
            } else if let Some(code) = names.exact(&key) {
                found = Some((code.to_string(), n, false));
                break;
            }
        }
        match found {
            Some((code, n, is_demonym)) => {
                let role = if is_demonym {
                    Role::Demonym
                } else {
                    role_of(tokens, i, i + n)
                };
                out.push(Mention { code, role });
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

fn is_ascii(s: &str) -> bool {
    s.is_ascii()
}

/// The role of a country mention from the words before it (and its case ending in az/ru).
fn role_of(tokens: &[Token], start: usize, end: usize) -> Role {
    let prev = |k: usize| {
        if start >= k {
            word(tokens.get(start - k))
        } else {
            None
        }
    };
    let last = match tokens.get(end - 1) {
        Some(Token::Word { text, .. }) => text.to_lowercase(),
        _ => String::new(),
    };
    let next = word(tokens.get(end));
    let p1 = prev(1);
    let p2 = prev(2);
    if p2 == Some("born") && matches!(p1, Some("in")) {
        return Role::BornIn;
    }
    if matches!(p1, Some("of")) && matches!(p2, Some("natives") | Some("native") | Some("citizens"))
    {
        return Role::BornIn;
    }
    if matches!(p1, Some("from") | Some("iz") | Some("ot")) {
        return Role::From;
    }
    if matches!(next, Some("dogulmus") | Some("doganlar")) {
        return Role::BornIn;
    }
    if !last.is_ascii() {
        if last.ends_with("dan") || last.ends_with("dən") {
            return Role::From;
        }
        if last.ends_with("da") || last.ends_with("də") {
            return Role::In;
        }
    }
    if matches!(
        p1,
        Some("in")
            | Some("to")
            | Some("into")
            | Some("inside")
            | Some("within")
            | Some("v")
            | Some("vo")
            | Some("hosted")
            | Some("by")
    ) {
        return Role::In;
    }
    Role::Plain
}

fn has(text: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| text.contains(n))
}

fn has_word(words: &[&str], needles: &[&str]) -> bool {
    words.iter().any(|w| needles.contains(w))
}

/// Reads the concept from the words of the claim.
fn find_concept(lower: &str, words: &[&str], unit: Option<QuotedUnit>) -> Option<Concept> {
    let net = has(
        lower,
        &[
            "net migration",
            "net-migration",
            "net migrants",
            "net international migration",
            "migration balance",
            "balance of migration",
            "net emigration",
            "net immigration",
            "net outflow",
            "net inflow",
            "net loss",
            "net gain",
            "xalis miqrasiya",
            "miqrasiya saldosu",
            "сальдо миграции",
            "миграционный прирост",
            "миграционная убыль",
            "чистая миграция",
        ],
    );
    let rate = has(lower, &["rate", "əmsal", "коэффициент", "cnmr"])
        || unit == Some(QuotedUnit::PerThousand);
    if net || lower.contains("migration rate") {
        return Some(if rate || unit == Some(QuotedUnit::Percent) {
            Concept::NetMigrationRate
        } else {
            Concept::NetMigration
        });
    }
    let from_side = has(
        lower,
        &["from ", "fled ", "originating", "dan ", "dən ", "из "],
    );
    let hosted = has(
        lower,
        &[
            "hosted",
            "host",
            " in ",
            "lived in",
            "living in",
            "da ",
            "də ",
            " в ",
        ],
    );
    if has(lower, &["asylum", "sığınacaq", "убежищ"]) {
        return Some(if from_side && !lower.contains("hosted") {
            Concept::AsylumSeekersFrom
        } else {
            Concept::AsylumSeekers
        });
    }
    let refugees = has(lower, &["refugee", "qaçqın", "qacqin", "беженц", "беженец"]);
    let idps = has_word(words, &["idp", "idps", "vpl"])
        || has(
            lower,
            &[
                "internally displaced",
                "displaced",
                "forced resettler",
                "forcibly",
                "məcburi köçkün",
                "köçkün",
                "переселенц",
                "перемещ",
            ],
        );
    if refugees {
        let _ = hosted;
        return Some(
            if from_side && !lower.contains("hosted") && !lower.contains(" host") {
                Concept::RefugeesFrom
            } else {
                Concept::Refugees
            },
        );
    }
    if idps {
        return Some(Concept::Idps);
    }
    if has(
        lower,
        &[
            "stateless",
            "vətəndaşlığı olmayan",
            "без гражданства",
            "апатрид",
        ],
    ) {
        return Some(Concept::Stateless);
    }
    let living = has(
        lower,
        &[
            " live ",
            " lives ",
            " lived ",
            " living ",
            " live in",
            " reside",
            "abroad",
            "stock",
            "diaspora",
            "yaşay",
            "прожива",
            "живут",
            "живет",
            "за рубеж",
            "за границ",
            "xaricdə",
        ],
    ) || lower.ends_with(" live")
        || lower.ends_with(" abroad");
    let emigrated = has(
        lower,
        &[
            "emigrated",
            "emigration",
            "left the country",
            " left ",
            "moved abroad",
            "departed",
            "leaving",
            "эмигрировал",
            "уехал",
            "эмиграция",
            "emiqrasiya",
            "tərk",
        ],
    );
    let immigrated = has(
        lower,
        &[
            "immigrated",
            "immigration",
            "arrived",
            "came to",
            "moved to",
            "иммиграция",
            "прибыл",
            "immiqrasiya",
        ],
    );
    let emigrants = has(
        lower,
        &[
            "emigrant",
            "diaspora",
            "born in",
            "abroad",
            "эмигрант",
            "mühacir",
            "muhacir",
            "emiqrant",
            "уроженц",
            "doğulmuş",
        ],
    );
    let immigrants = has(
        lower,
        &[
            "immigrant",
            "foreign-born",
            "foreign born",
            "born abroad",
            "born outside",
            "migrants",
            "migrant stock",
            "foreigners",
            "foreign citizens",
            "foreign nationals",
            "иммигрант",
            "мигрант",
            "immiqrant",
            "miqrant",
            "əcnəbi",
        ],
    );
    let share = unit == Some(QuotedUnit::Percent)
        && has(
            lower,
            &[
                "population",
                "residents",
                "inhabitants",
                "əhali",
                "населени",
            ],
        );
    if share && (immigrants || lower.contains("born abroad")) && !lower.contains("emigrant") {
        return Some(Concept::ImmigrantShare);
    }
    if (emigrated || immigrated) && !living {
        return Some(if emigrated {
            Concept::Emigration
        } else {
            Concept::Immigration
        });
    }
    if emigrants
        && !has(
            lower,
            &["immigrant", "foreign-born", "foreign born", "born abroad"],
        )
    {
        return Some(Concept::EmigrantStock);
    }
    if immigrants {
        return Some(Concept::ImmigrantStock);
    }
    if emigrated {
        return Some(Concept::Emigration);
    }
    if immigrated {
        return Some(Concept::Immigration);
    }
    None
}

const YEAR_PREPOSITIONS: &[&str] = &[
    "in", "since", "by", "from", "between", "to", "and", "of", "during", "until", "till", "for",
    "year", "end", "mid", "ili", "ilde", "ilinde", "god", "godu", "v", "na", "yil", "il",
];

fn is_year_like(t: &Token) -> Option<i32> {
    match t {
        Token::Number {
            value,
            grouped: false,
            step,
            text,
        } if value.fract() == 0.0
            && (1900.0..=2100.0).contains(value)
            && text.len() == 4
            && *step >= 1.0 =>
        {
            Some(*value as i32)
        }
        _ => None,
    }
}

/// Parses a claim in plain English (countries also in Azerbaijani and Russian).
pub fn parse(text: &str, cw: &Crosswalk) -> Claim {
    let mut claim = Claim {
        text: Some(text.trim().to_string()),
        ..Default::default()
    };
    let tokens = tokenize(text);
    let mut used = vec![false; tokens.len()];

    // years and periods
    let mut years: Vec<(usize, i32)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let Some(y) = is_year_like(t) else { continue };
        let prev = if i > 0 { word(tokens.get(i - 1)) } else { None };
        let next_is_scale = word(tokens.get(i + 1)).and_then(scale_of).is_some()
            || matches!(
                tokens.get(i + 1),
                Some(Token::Symbol('%')) | Some(Token::Symbol('‰'))
            );
        let prev_is_year_word = prev.is_some_and(|p| YEAR_PREPOSITIONS.contains(&p));
        let in_range = matches!(
            tokens.get(i + 1),
            Some(Token::Symbol('-')) | Some(Token::Symbol('/'))
        ) && tokens.get(i + 2).and_then(is_year_like).is_some()
            || (i >= 2
                && matches!(
                    tokens.get(i - 1),
                    Some(Token::Symbol('-')) | Some(Token::Symbol('/'))
                )
                && is_year_like(&tokens[i - 2]).is_some());
        let first = i == 0;
        // "2023-cü ildə", "2023 году", "2023 г."
        let after = if matches!(tokens.get(i + 1), Some(Token::Symbol('-'))) {
            i + 2
        } else {
            i + 1
        };
        let followed_by_year_word = matches!(
            word(tokens.get(after)),
            Some("ci")
                | Some("cu")
                | Some("il")
                | Some("ilde")
                | Some("god")
                | Some("godu")
                | Some("g")
        );
        if !next_is_scale
            && (prev_is_year_word
                || in_range
                || first
                || followed_by_year_word
                || i + 1 == tokens.len())
        {
            years.push((i, y));
            used[i] = true;
            if i > 0
                && matches!(
                    tokens.get(i - 1),
                    Some(Token::Symbol('-')) | Some(Token::Symbol('/'))
                )
            {
                used[i - 1] = true;
            }
        }
    }
    match years.as_slice() {
        [] => {}
        [(_, y)] => claim.when = Some(When::Year(*y)),
        [(_, a), (_, b)] => {
            let (a, b) = ((*a).min(*b), (*a).max(*b));
            claim.when = Some(When::Period(a, b));
        }
        more => {
            let list: Vec<String> = more.iter().map(|(_, y)| y.to_string()).collect();
            claim.problems.push(format!(
                "more than two years ({}): check one year or one period at a time with --year",
                list.join(", ")
            ));
        }
    }

    // the quoted number
    let mut quantities: Vec<(usize, Quantity)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if matches!(tokens[i], Token::Number { .. }) && !used[i] {
            if let Some((q, next)) = quantity_at(&tokens, i) {
                quantities.push((i, q));
                for u in used.iter_mut().take(next).skip(i) {
                    *u = true;
                }
                i = next;
                continue;
            }
        }
        i += 1;
    }
    // "per 1000" leaves a bare 1000 only when it is the unit, which quantity_at consumed
    match quantities.len() {
        0 => {}
        1 => claim.quantity = quantities.pop().map(|(_, q)| q),
        _ => {
            let list: Vec<String> = quantities.iter().map(|(_, q)| q.text.clone()).collect();
            claim.problems.push(format!(
                "more than one figure ({}): check one figure at a time with --value",
                list.join(", ")
            ));
        }
    }

    let lower = format!(" {} ", text.to_lowercase().replace(['’', '\''], " "));
    let words: Vec<&str> = tokens.iter().filter_map(|t| word(Some(t))).collect();
    claim.concept = find_concept(&lower, &words, claim.quantity.as_ref().map(|q| q.unit));

    // a sign implied by words: "lost 50,000 people to net emigration"
    if let (Some(q), Some(Concept::NetMigration | Concept::NetMigrationRate)) =
        (claim.quantity.as_mut(), claim.concept)
    {
        let outflow = has(
            &lower,
            &[
                " lost ",
                " loss",
                "net emigration",
                "net outflow",
                "outflow",
                " losing ",
            ],
        );
        if q.value > 0.0 && outflow && !q.text.starts_with('-') {
            q.value = -q.value;
            claim
                .assumptions
                .push("read as a net outflow (negative net migration) from the wording".into());
        }
    }

    claim.says_projection = has(
        &lower,
        &[
            " will ",
            "projected",
            "projection",
            "forecast",
            " expected",
            " is set to",
            "proqnoz",
            "прогноз",
            "ожидается",
        ],
    );
    claim.lumps_refugees_and_idps = has(&lower, &["refugee", "qaçqın", "беженц"])
        && (has_word(&words, &["idp", "idps"])
            || has(&lower, &["displaced", "köçkün", "переселенц"]));
    if has_word(
        &words,
        &[
            "women",
            "female",
            "females",
            "girls",
            "qadin",
            "qadinlar",
            "zhenshchin",
            "zhenshchiny",
        ],
    ) {
        claim.sex = Some(Sex::Female);
    } else if has_word(
        &words,
        &[
            "men",
            "male",
            "males",
            "boys",
            "kisi",
            "kisiler",
            "muzhchin",
            "muzhchiny",
        ],
    ) {
        claim.sex = Some(Sex::Male);
    }

    // countries and their roles
    let mentions = find_countries(&tokens, cw);
    // "2 million Azerbaijanis live in Russia": people of one country living in another
    if claim.concept.is_none()
        && mentions.iter().any(|m| m.role == Role::Demonym)
        && (mentions.iter().any(|m| m.role == Role::In)
            || has(
                &lower,
                &[
                    " live",
                    " living",
                    " reside",
                    " abroad",
                    "yaşay",
                    "живут",
                    "проживают",
                ],
            ))
    {
        claim.concept = Some(Concept::EmigrantStock);
        claim.assumptions.push(
            "read as an emigrant stock: people of one country living in another (born there, or its citizens where birthplace is unknown)".into(),
        );
    }
    assign_countries(&mut claim, &mentions);
    claim
}

fn assign_countries(claim: &mut Claim, mentions: &[Mention]) {
    let mut distinct: Vec<&Mention> = Vec::new();
    for m in mentions {
        if !distinct.iter().any(|d| d.code == m.code) {
            distinct.push(m);
        }
    }
    let origin_like = |m: &&Mention| matches!(m.role, Role::BornIn | Role::From | Role::Demonym);
    let place_like = |m: &&Mention| matches!(m.role, Role::In | Role::Plain);
    let (country, partner) = match claim.concept {
        Some(Concept::EmigrantStock) => {
            let origin = distinct
                .iter()
                .find(|m| origin_like(m))
                .or_else(|| distinct.iter().find(|m| m.role == Role::Plain))
                .or(distinct.first());
            let dest = distinct.iter().find(|m| {
                Some(m.code.as_str()) != origin.map(|o| o.code.as_str()) && m.role == Role::In
            });
            (origin, dest)
        }
        Some(
            Concept::ImmigrantStock
            | Concept::ImmigrantShare
            | Concept::Refugees
            | Concept::AsylumSeekers,
        ) => {
            let dest = distinct
                .iter()
                .find(|m| m.role == Role::In)
                .or_else(|| distinct.iter().find(|m| place_like(m)))
                .or(distinct.first());
            let origin = distinct
                .iter()
                .find(|m| Some(m.code.as_str()) != dest.map(|d| d.code.as_str()) && origin_like(m));
            (dest, origin)
        }
        Some(Concept::RefugeesFrom | Concept::AsylumSeekersFrom) => {
            let origin = distinct
                .iter()
                .find(|m| origin_like(m))
                .or(distinct.first());
            let dest = distinct.iter().find(|m| {
                Some(m.code.as_str()) != origin.map(|o| o.code.as_str()) && m.role == Role::In
            });
            (origin, dest)
        }
        _ => {
            let subject = distinct
                .iter()
                .find(|m| m.role == Role::Plain || m.role == Role::In)
                .or(distinct.first());
            let other = distinct
                .iter()
                .find(|m| Some(m.code.as_str()) != subject.map(|s| s.code.as_str()));
            (subject, other)
        }
    };
    claim.country = country.map(|m| m.code.clone());
    claim.partner = partner.map(|m| m.code.clone());
    // a second country where the concept has no partner
    if let (Some(p), Some(c)) = (&claim.partner, claim.concept) {
        if matches!(
            c,
            Concept::NetMigration
                | Concept::NetMigrationRate
                | Concept::Idps
                | Concept::Stateless
                | Concept::ImmigrantShare
                | Concept::Emigration
                | Concept::Immigration
        ) {
            claim.assumptions.push(format!(
                "{p} is not used: {} has no partner country",
                c.label()
            ));
            claim.partner = None;
        }
    }
}

impl Claim {
    /// The parts still missing, or a usage error that says which part was not understood and
    /// shows the flags to give instead.
    pub fn require(&self) -> Result<()> {
        let mut missing = Vec::new();
        if self.quantity.is_none() {
            missing.push("the figure (--value, e.g. `--value \"84 thousand\"`, `--value 25 --unit per-1000`)");
        }
        if self.concept.is_none() {
            missing.push("what the figure counts (--concept: net-migration, net-migration-rate, emigrant-stock, immigrant-stock, immigrant-share, refugees, refugees-from, asylum-seekers, asylum-seekers-from, idps, stateless, emigration, immigration)");
        }
        if self.country.is_none() {
            missing.push(
                "the country (--country: ISO3 code or name in English, Azerbaijani or Russian)",
            );
        }
        if missing.is_empty() && self.problems.is_empty() {
            return Ok(());
        }
        let mut msg = String::new();
        match &self.text {
            // echoed visibly and cut: a claim can carry escape codes or 100 KB of text
            Some(t) => msg.push_str(&format!(
                "could not fully understand the claim \"{}\"\n",
                crate::escape::for_message(t, 1000)
            )),
            None => msg.push_str("the flags do not describe a complete claim\n"),
        }
        for m in &missing {
            msg.push_str(&format!("  not understood: {m}\n"));
        }
        for p in &self.problems {
            msg.push_str(&format!(
                "  not understood: {}\n",
                crate::escape::for_message(p, 1000)
            ));
        }
        msg.push_str(&format!("  understood so far: {}\n", self.understood()));
        msg.push_str(&format!(
            "  give the parts with flags (they override the text), e.g.:\n    {}",
            self.suggested_flags()
        ));
        Err(Error::Usage(msg))
    }

    /// What was understood, in one line.
    pub fn understood(&self) -> String {
        let mut parts = Vec::new();
        if let Some(q) = &self.quantity {
            parts.push(format!("value {}", q.describe()));
        }
        if let Some(c) = self.concept {
            parts.push(format!("concept {}", c.flag()));
        }
        if let Some(c) = &self.country {
            parts.push(format!("country {c}"));
        }
        if let Some(p) = &self.partner {
            parts.push(format!("partner {p}"));
        }
        if let Some(w) = self.when {
            parts.push(format!("year {w}"));
        }
        if let Some(s) = self.sex {
            parts.push(format!("sex {}", s.as_str()));
        }
        if parts.is_empty() {
            "nothing".into()
        } else {
            parts.join(", ")
        }
    }

    /// The structured command for this claim, with placeholders for the missing parts.
    pub fn suggested_flags(&self) -> String {
        let value = self
            .quantity
            .as_ref()
            .map(|q| {
                let v = crate::output::plain_number(q.value);
                match q.unit {
                    QuotedUnit::Persons => v,
                    QuotedUnit::PerThousand => format!("\"{v} per 1000\""),
                    QuotedUnit::Percent => format!("{v}%"),
                }
            })
            .unwrap_or_else(|| "NUMBER".into());
        let concept = self.concept.map_or("CONCEPT", |c| c.flag());
        let country = self.country.clone().unwrap_or_else(|| "ISO3".into());
        let mut s = format!("miglab check --value {value} --concept {concept} --country {country}");
        match &self.partner {
            Some(p) => s.push_str(&format!(" --partner {p}")),
            None => s.push_str(" [--partner ISO3]"),
        }
        match self.when {
            Some(w) => s.push_str(&format!(" --year {w}")),
            None => s.push_str(" --year YEAR"),
        }
        s
    }
}

/// Parses `--year`: `2023` or `2014-2023`.
pub fn parse_when(text: &str) -> Result<When> {
    let usage = || {
        Error::Usage(format!(
            "invalid --year `{}`; write a year or a period, e.g. `2023` or `2014-2023`",
            crate::escape::for_message(text, 200)
        ))
    };
    let t = text.trim();
    let parse_year = |s: &str| -> Result<i32> {
        let y: i32 = s.trim().parse().map_err(|_| usage())?;
        if (1900..=2100).contains(&y) {
            Ok(y)
        } else {
            Err(usage())
        }
    };
    match t.split_once(['-', '–']) {
        Some((a, b)) => {
            let (a, b) = (parse_year(a)?, parse_year(b)?);
            if a > b {
                return Err(Error::Usage(format!(
                    "invalid --year `{text}`: the period runs backwards; write {b}-{a}"
                )));
            }
            Ok(if a == b {
                When::Year(a)
            } else {
                When::Period(a, b)
            })
        }
        None => Ok(When::Year(parse_year(t)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cw() -> &'static Crosswalk {
        Crosswalk::embedded().expect("crosswalk")
    }

    #[test]
    fn numbers_with_units_and_scales() {
        let q = parse_quantity("minus 84 thousand").expect("q");
        assert_eq!(
            (q.value, q.step, q.unit),
            (-84000.0, 1000.0, QuotedUnit::Persons)
        );
        let q = parse_quantity("-84,122").expect("q");
        assert_eq!((q.value, q.step), (-84122.0, 1.0));
        let q = parse_quantity("2 million").expect("q");
        assert_eq!((q.value, q.step), (2e6, 1e6));
        assert_eq!(q.tolerance(), 1e5);
        let q = parse_quantity("790,000").expect("q");
        assert_eq!((q.value, q.step), (790000.0, 10000.0));
        let q = parse_quantity("25 per 1000").expect("q");
        assert_eq!((q.value, q.unit), (25.0, QuotedUnit::PerThousand));
        let q = parse_quantity("25 per 1,000").expect("q");
        assert_eq!((q.value, q.unit), (25.0, QuotedUnit::PerThousand));
        let q = parse_quantity("12%").expect("q");
        assert_eq!((q.value, q.unit), (12.0, QuotedUnit::Percent));
        let q = parse_quantity("1.16 million").expect("q");
        assert!((q.value - 1_160_000.0).abs() < 1e-6 && (q.step - 10_000.0).abs() < 1e-6);
        let q = parse_quantity("2000000").expect("q");
        assert_eq!(q.value, 2e6);
        assert!(parse_quantity("many").is_none());
    }

    #[test]
    fn must_work_claims() {
        let c = parse(
            "Net migration in Azerbaijan was minus 84 thousand in 2023",
            cw(),
        );
        assert_eq!(c.concept, Some(Concept::NetMigration));
        assert_eq!(c.country.as_deref(), Some("AZE"));
        assert_eq!(c.when, Some(When::Year(2023)));
        assert_eq!(c.quantity.as_ref().map(|q| q.value), Some(-84000.0));

        let c = parse(
            "About 790,000 people born in Azerbaijan lived abroad in 2020",
            cw(),
        );
        assert_eq!(c.concept, Some(Concept::EmigrantStock));
        assert_eq!(c.country.as_deref(), Some("AZE"));
        assert_eq!(c.partner, None);
        assert_eq!(c.when, Some(When::Year(2020)));

        let c = parse("2 million Azerbaijanis live in Russia", cw());
        assert_eq!(c.concept, Some(Concept::EmigrantStock));
        assert_eq!(c.country.as_deref(), Some("AZE"));
        assert_eq!(c.partner.as_deref(), Some("RUS"));
        assert_eq!(c.when, None);

        let c = parse(
            "net migration rate in Armenia was 25 per 1000 in 2023",
            cw(),
        );
        assert_eq!(c.concept, Some(Concept::NetMigrationRate));
        assert_eq!(c.country.as_deref(), Some("ARM"));

        let c = parse("Georgia lost 100,000 people to emigration in 2021", cw());
        assert_eq!(c.concept, Some(Concept::Emigration));
        assert_eq!(c.country.as_deref(), Some("GEO"));
        assert_eq!(c.when, Some(When::Year(2021)));
    }

    #[test]
    fn countries_in_other_languages_and_codes() {
        let c = parse("Net migration in Azərbaycan was -84,122 in 2023", cw());
        assert_eq!(c.country.as_deref(), Some("AZE"));
        let c = parse("Net migration in AZE was -84,122 in 2023", cw());
        assert_eq!(c.country.as_deref(), Some("AZE"));
        let c = parse("Net migration in России was 100 thousand in 2021", cw());
        assert_eq!(c.country.as_deref(), Some("RUS"));
        let c = parse("300,000 Georgian emigrants live in Russia in 2020", cw());
        assert_eq!(c.country.as_deref(), Some("GEO"));
        assert_eq!(c.partner.as_deref(), Some("RUS"));
        let c = parse("Net migration in Armenia 2014-2023 was 10,000", cw());
        assert_eq!(c.when, Some(When::Period(2014, 2023)));
    }
}
