//! Reading a quoted figure: the number (with its unit and precision), the concept, the countries,
//! the year or period. A small hand-written grammar over words; anything it cannot place is
//! reported, and every part can be given (or corrected) with a flag instead.

use crate::catalogue::{press_term, PressTerm, Unit};
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
    EmigrantShare,
    FemaleShareEmigrants,
    FemaleShareImmigrants,
    Refugees,
    RefugeesFrom,
    AsylumSeekers,
    AsylumSeekersFrom,
    /// First-time asylum applications in the EU/EFTA (Eurostat): a flow, not UNHCR's stock.
    AsylumApplications,
    Idps,
    Stateless,
    ReturnedRefugees,
    Remittances,
    RemittancesGdp,
    Population,
    PopulationChange,
    /// Births minus deaths (natural increase, or decrease when negative).
    NaturalIncrease,
    Births,
    Deaths,
    Emigration,
    Immigration,
    /// A figure no open annual dataset holds (weeks or months, border crossings, registrations,
    /// work permits): named so the verdict can say who publishes it.
    OutsideOpenData,
}

impl Concept {
    /// Every concept, in the order of `--help`.
    pub const ALL: [Concept; 26] = [
        Concept::NetMigration,
        Concept::NetMigrationRate,
        Concept::EmigrantStock,
        Concept::ImmigrantStock,
        Concept::ImmigrantShare,
        Concept::EmigrantShare,
        Concept::FemaleShareEmigrants,
        Concept::FemaleShareImmigrants,
        Concept::Refugees,
        Concept::RefugeesFrom,
        Concept::AsylumSeekers,
        Concept::AsylumSeekersFrom,
        Concept::AsylumApplications,
        Concept::Idps,
        Concept::Stateless,
        Concept::ReturnedRefugees,
        Concept::Remittances,
        Concept::RemittancesGdp,
        Concept::Population,
        Concept::PopulationChange,
        Concept::NaturalIncrease,
        Concept::Births,
        Concept::Deaths,
        Concept::Emigration,
        Concept::Immigration,
        Concept::OutsideOpenData,
    ];

    /// The flag value (`--concept`): the key of its entry in the catalogue's press terms,
    /// where everything else about it (label, words en/az/ru, unit) is described.
    pub fn flag(self) -> &'static str {
        match self {
            Concept::NetMigration => "net-migration",
            Concept::NetMigrationRate => "net-migration-rate",
            Concept::EmigrantStock => "emigrant-stock",
            Concept::ImmigrantStock => "immigrant-stock",
            Concept::ImmigrantShare => "immigrant-share",
            Concept::EmigrantShare => "emigrant-share",
            Concept::FemaleShareEmigrants => "female-share-emigrants",
            Concept::FemaleShareImmigrants => "female-share-immigrants",
            Concept::Refugees => "refugees",
            Concept::RefugeesFrom => "refugees-from",
            Concept::AsylumSeekers => "asylum-seekers",
            Concept::AsylumSeekersFrom => "asylum-seekers-from",
            Concept::AsylumApplications => "asylum-applications",
            Concept::Idps => "idps",
            Concept::Stateless => "stateless",
            Concept::ReturnedRefugees => "returned-refugees",
            Concept::Remittances => "remittances",
            Concept::RemittancesGdp => "remittances-gdp",
            Concept::Population => "population",
            Concept::PopulationChange => "population-change",
            Concept::NaturalIncrease => "natural-increase",
            Concept::Births => "births",
            Concept::Deaths => "deaths",
            Concept::Emigration => "emigration",
            Concept::Immigration => "immigration",
            Concept::OutsideOpenData => "outside-open-data",
        }
    }

    /// Its description in the catalogue.
    pub fn press(self) -> &'static PressTerm {
        press_term(self.flag()).expect("every concept has a press term (tested)")
    }

    /// What the concept counts, for help texts.
    pub fn about(self) -> &'static str {
        self.press().about
    }

    pub fn label(self) -> &'static str {
        self.press().label
    }

    /// The key of its definition (`miglab define`).
    pub fn definition_key(self) -> &'static str {
        self.press().definition
    }

    /// The unit official figures of this concept are in.
    pub fn unit(self) -> QuotedUnit {
        QuotedUnit::of(self.press().unit)
    }

    /// The press names it (its words in the catalogue, en/az/ru).
    fn said(self, lower: &str) -> bool {
        self.press().words.in_text(lower)
    }

    /// The words that narrow the concept it refines into this one are there.
    fn qualified(self, lower: &str) -> bool {
        self.press().qualifiers.in_text(lower)
    }
}

/// The unit a figure is quoted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotedUnit {
    Persons,
    PerThousand,
    Percent,
    /// Current US dollars ("$2.5bn", "USD 2.5 billion", "8 billion dollars").
    Usd,
}

impl QuotedUnit {
    /// The unit a catalogue unit is quoted in.
    pub fn of(unit: Unit) -> QuotedUnit {
        match unit {
            Unit::Persons => QuotedUnit::Persons,
            Unit::Per1000 => QuotedUnit::PerThousand,
            Unit::Percent | Unit::PercentPerYear => QuotedUnit::Percent,
            Unit::CurrentUsd => QuotedUnit::Usd,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            QuotedUnit::Persons => "persons",
            QuotedUnit::PerThousand => "per 1,000",
            QuotedUnit::Percent => "%",
            QuotedUnit::Usd => "US$",
        }
    }
}

/// How the quote relates its number to the truth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Comparator {
    /// "84 thousand", "about 790,000".
    Approximately,
    /// "more than", "over", "at least".
    AtLeast,
    /// "less than", "under", "up to".
    AtMost,
    /// "between A and B": the quantity's value is B, this is A.
    Between(f64),
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
            Comparator::Between(low) => {
                return format!(
                    "between {} and {} {}",
                    readable_number(round_for_display(low)),
                    readable_number(round_for_display(self.value)),
                    self.unit.as_str()
                )
            }
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
    /// The figure is a change over the period, in per cent ("fell by 12%", "doubled").
    pub change: bool,
    /// Why no open annual dataset can hold the figure, and who publishes such figures.
    pub outside: Option<(String, String)>,
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
    /// A share written in words ("one in five", "a third"), as per cent.
    Share {
        text: String,
        value: f64,
        step: f64,
    },
    /// A number that cannot be a figure: not finite, absurdly large, malformed.
    Bad(String),
}

/// Digits of other scripts as ASCII, and the separators people type inside numbers (no-break,
/// thin, figure spaces, the Arabic separators) as the ones the tokenizer knows.
fn normalize_digits(text: &str) -> String {
    const ZEROS: [u32; 6] = [0x660, 0x6F0, 0x966, 0x9E6, 0xFF10, 0x1D7CE];
    text.chars()
        .map(|c| {
            let u = c as u32;
            if let Some(z) = ZEROS.iter().find(|z| u >= **z && u < **z + 10) {
                return char::from(b'0' + (u - z) as u8);
            }
            match c {
                '\u{2009}' | '\u{2007}' | '\u{202f}' | '\u{66c}' => '\u{a0}',
                '\u{66b}' => '.',
                other => other,
            }
        })
        .collect()
}

fn tokenize(text: &str) -> Vec<Token> {
    let normalized = normalize_digits(text);
    let chars: Vec<char> = normalized.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            let mut group_len = 0;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || ((chars[i] == ','
                        || chars[i] == '.'
                        || chars[i] == '\u{a0}'
                        || chars[i] == '\u{202f}')
                        && i + 1 < chars.len()
                        && chars[i + 1].is_ascii_digit())
                    || (chars[i] == ' ' && group_len <= 3 && space_group(&chars, i)))
            {
                group_len = if chars[i].is_ascii_digit() {
                    group_len + 1
                } else {
                    0
                };
                i += 1;
            }
            let raw: String = chars[start..i].iter().collect();
            // scientific notation ("1e400", "2.5E6"): read whole, refused when not finite
            if i + 1 < chars.len()
                && matches!(chars[i], 'e' | 'E')
                && (chars[i + 1].is_ascii_digit()
                    || (matches!(chars[i + 1], '+' | '-')
                        && chars.get(i + 2).is_some_and(char::is_ascii_digit)))
            {
                let mut j = i + 2;
                while j < chars.len() && chars[j].is_ascii_digit() {
                    j += 1;
                }
                let whole: String = chars[start..j].iter().collect();
                let value = whole
                    .replace(',', "")
                    .parse::<f64>()
                    .unwrap_or(f64::INFINITY);
                i = j;
                out.push(if value.is_finite() && value.abs() < 1e15 {
                    Token::Number {
                        text: whole,
                        value,
                        step: 1.0,
                        grouped: true,
                    }
                } else {
                    Token::Bad(whole)
                });
                continue;
            }
            match number_token(&raw) {
                Some(Token::Number { value, .. }) if !value.is_finite() || value.abs() >= 1e15 => {
                    out.push(Token::Bad(raw))
                }
                Some(t) => out.push(t),
                None => out.push(Token::Bad(raw)),
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
        } else if c.is_numeric() {
            // a digit the normalisation does not know (superscripts, fractions, other scripts)
            out.push(Token::Bad(c.to_string()));
            i += 1;
        } else {
            if !c.is_whitespace() {
                let sym = match c {
                    '€' | '£' => '$',
                    '−' | '–' | '—' => '-',
                    other => other,
                };
                out.push(Token::Symbol(sym));
            }
            i += 1;
        }
    }
    spelled_numbers(out)
}

/// Small numbers written in words (en/az/ru; matched folded, so Cyrillic and Azerbaijani letters
/// match their transliteration too).
pub const WORD_NUMBERS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("a", 1.0),
    ("an", 1.0),
    ("bir", 1.0),
    ("один", 1.0),
    ("одна", 1.0),
    ("two", 2.0),
    ("iki", 2.0),
    ("два", 2.0),
    ("две", 2.0),
    ("three", 3.0),
    ("üç", 3.0),
    ("три", 3.0),
    ("four", 4.0),
    ("dörd", 4.0),
    ("четыре", 4.0),
    ("five", 5.0),
    ("beş", 5.0),
    ("пять", 5.0),
    ("six", 6.0),
    ("altı", 6.0),
    ("шесть", 6.0),
    ("seven", 7.0),
    ("yeddi", 7.0),
    ("семь", 7.0),
    ("eight", 8.0),
    ("səkkiz", 8.0),
    ("восемь", 8.0),
    ("nine", 9.0),
    ("doqquz", 9.0),
    ("девять", 9.0),
    ("ten", 10.0),
    ("десять", 10.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("iyirmi", 20.0),
    ("двадцать", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
    ("yüz", 100.0),
    ("сто", 100.0),
];

/// Fractions in words and their denominators ("a third", "two fifths", "yarısı", "треть").
pub const FRACTIONS: &[(&str, f64)] = &[
    ("half", 2.0),
    ("yarısı", 2.0),
    ("половина", 2.0),
    ("половину", 2.0),
    ("third", 3.0),
    ("thirds", 3.0),
    ("треть", 3.0),
    ("трети", 3.0),
    ("quarter", 4.0),
    ("quarters", 4.0),
    ("fourth", 4.0),
    ("четверть", 4.0),
    ("fifth", 5.0),
    ("fifths", 5.0),
    ("пятая", 5.0),
    ("sixth", 6.0),
    ("tenth", 10.0),
    ("tenths", 10.0),
    ("десятая", 10.0),
];

/// Scale words after a number ("84 thousand", "1,5 млн", "12 min", "$2.5bn").
pub const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("thousands", 1e3),
    ("k", 1e3),
    ("min", 1e3),
    ("тыс", 1e3),
    ("тысяч", 1e3),
    ("тысячи", 1e3),
    ("тысяча", 1e3),
    ("million", 1e6),
    ("millions", 1e6),
    ("mln", 1e6),
    ("m", 1e6),
    ("milyon", 1e6),
    ("млн", 1e6),
    ("миллион", 1e6),
    ("миллиона", 1e6),
    ("миллионов", 1e6),
    ("billion", 1e9),
    ("billions", 1e9),
    ("bn", 1e9),
    ("milyard", 1e9),
    ("mlrd", 1e9),
    ("млрд", 1e9),
    ("миллиард", 1e9),
    ("миллиарда", 1e9),
    ("миллиардов", 1e9),
];

/// The value of a folded word in a table of words.
fn table_value(table: &[(&str, f64)], w: &str) -> Option<f64> {
    table.iter().find(|(k, _)| fold(k) == w).map(|(_, v)| *v)
}

fn word_value(w: &str) -> Option<f64> {
    table_value(WORD_NUMBERS, w)
}

/// The denominator of a fraction word: "third" 3, "quarter" 4, "fifth" 5...
fn fraction_denominator(w: &str) -> Option<f64> {
    table_value(FRACTIONS, w)
}

fn number(text: String, value: f64, step: f64) -> Token {
    Token::Number {
        text,
        value,
        step,
        grouped: true,
    }
}

/// A share as a per cent number, with the step to the next simpler fraction as its precision.
fn share_token(text: String, numerator: f64, denominator: f64) -> Token {
    let pct = 100.0 * numerator / denominator;
    let next = 100.0 * numerator / (denominator + 1.0);
    Token::Share {
        text,
        value: pct,
        step: (pct - next).abs().max(1.0),
    }
}

/// Rewrites numbers written in words: "one in five" and "1 in 5" (a share), "a third", "half",
/// "two thirds", "three million" (a number; its scale word stays for the quantity reader).
fn spelled_numbers(tokens: Vec<Token>) -> Vec<Token> {
    let w = |i: usize| word(tokens.get(i));
    let num = |i: usize| -> Option<f64> {
        match tokens.get(i) {
            Some(Token::Number { value, .. }) if *value < 1000.0 => Some(*value),
            Some(Token::Word { folded, .. }) if folded != "a" && folded != "an" => {
                word_value(folded)
            }
            _ => None,
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // "one in five", "1 in 4", "one out of ten", "every fifth" (a share)
        if let Some(a) = num(i) {
            let (k, of) = match (w(i + 1), w(i + 2)) {
                (Some("in"), _) => (i + 2, true),
                (Some("out"), Some("of")) => (i + 3, true),
                _ => (i, false),
            };
            if of {
                if let Some(b) = num(k).filter(|b| *b > a && *b <= 100.0) {
                    out.push(share_token(format!("{a} in {b}"), a, b));
                    i = k + 1;
                    continue;
                }
            }
        }
        // "a third", "two thirds", "half of", "a quarter"
        let count = match tokens.get(i) {
            Some(Token::Word { folded, .. }) => word_value(folded),
            _ => None,
        };
        if let (Some(a), Some(d)) = (count, w(i + 1).and_then(fraction_denominator)) {
            if a < d {
                out.push(share_token(format!("{a}/{d}"), a, d));
                i += 2;
                continue;
            }
        }
        if w(i).is_some_and(|x| x == "half" || x == "polovina" || x == "yarisi")
            && !w(i + 1).is_some_and(|x| x == "a" || x == "an")
        {
            out.push(share_token("half".into(), 1.0, 2.0));
            i += 1;
            continue;
        }
        // "three million", "ten thousand": a spelled count before a scale word
        if let (Some(Token::Word { folded, text }), Some(_)) =
            (tokens.get(i), w(i + 1).and_then(scale_of))
        {
            if let Some(v) = word_value(folded).filter(|_| folded != "a" && folded != "an") {
                out.push(number(text.clone(), v, 1.0));
                i += 1;
                continue;
            }
        }
        out.push(tokens[i].clone());
        i += 1;
    }
    out
}

/// A plain space as a thousands separator ("423 000", as Azerbaijani and Russian print): exactly
/// three digits follow, then no digit.
fn space_group(chars: &[char], i: usize) -> bool {
    i > 0
        && chars[i - 1].is_ascii_digit()
        && (1..=3).all(|k| chars.get(i + k).is_some_and(char::is_ascii_digit))
        && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
}

/// "84,122" (grouped), "1.5", "1,5" (decimal comma), "790 000".
fn number_token(raw: &str) -> Option<Token> {
    let raw_clean: String = raw
        .chars()
        .map(|c| {
            if c == '\u{a0}' || c == '\u{202f}' || c == ' ' {
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

/// The scale word just before token `i`, if there is one.
fn scale_of_before(tokens: &[Token], i: usize) -> Option<f64> {
    i.checked_sub(1)
        .and_then(|j| word(tokens.get(j)))
        .and_then(scale_of)
}

fn scale_of(w: &str) -> Option<f64> {
    table_value(SCALES, w).or_else(|| az_scale(w).map(|(v, _)| v))
}

/// An Azerbaijani scale word with a case ending ("mindən", "milyona"; ə folds to nothing):
/// its value and whether the ending is the ablative ("than", as in "650 mindən çox").
fn az_scale(w: &str) -> Option<(f64, bool)> {
    [("milyard", 1e9), ("milyon", 1e6), ("min", 1e3)]
        .iter()
        .find_map(|(stem, v)| {
            let ending = w.strip_prefix(stem)?;
            match ending {
                "dan" | "dn" => Some((*v, true)),
                // dative, locative, plural; possessive and genitive ("139 mini", "milyonu")
                "" | "a" | "da" | "d" | "la" | "lar" | "lr" | "i" | "u" | "in" | "un" => {
                    Some((*v, false))
                }
                _ => None,
            }
        })
}

/// An Azerbaijani bound after the number: "650 mindən çox" (more than), "100 mindən az" (less
/// than); `i` is the word after the number and its scale.
fn az_bound_after(tokens: &[Token], mut i: usize, ablative: bool) -> Option<(Comparator, usize)> {
    let mut ablative = ablative;
    // "650 000-dən çox": the ending after a hyphen
    if matches!(tokens.get(i), Some(Token::Symbol('-')))
        && matches!(word(tokens.get(i + 1)), Some("dn" | "dan" | "tn" | "tan"))
    {
        ablative = true;
        i += 2;
    }
    if !ablative {
        // "140 min nəfəri ötüb / keçib / aşıb" (exceeded 140 thousand; ə folds to nothing)
        let skip = usize::from(matches!(word(tokens.get(i)), Some("nfri" | "nfr")));
        return matches!(word(tokens.get(i + skip)), Some("otub" | "kecib" | "asib"))
            .then_some((Comparator::AtLeast, i + skip + 1));
    }
    match word(tokens.get(i)) {
        Some("cox" | "coxu" | "artiq") => Some((Comparator::AtLeast, i + 1)),
        Some("az") => Some((Comparator::AtMost, i + 1)),
        _ => None,
    }
}

/// Parses a quoted number with its scale and unit ("minus 84 thousand", "25 per 1000", "12%").
pub fn parse_quantity(text: &str) -> Option<Quantity> {
    let tokens = tokenize(text);
    let pos = tokens.iter().position(|t| {
        matches!(
            t,
            Token::Number { .. } | Token::Share { .. } | Token::Bad(_)
        )
    })?;
    let (q, _) = quantity_at(&tokens, pos)?;
    // a plain number written with scientific or other trailing text is still fine
    Some(q)
}

/// The last `n` words before token `pos`, lower case as written, with spaces around (the form
/// the press words are matched in).
fn words_before(tokens: &[Token], pos: usize, n: usize) -> String {
    let words: Vec<String> = tokens[..pos]
        .iter()
        .rev()
        .filter_map(|t| match t {
            Token::Word { text, .. } => Some(text.to_lowercase()),
            _ => None,
        })
        .take(n)
        .collect();
    let ordered: Vec<&str> = words.iter().rev().map(String::as_str).collect();
    format!(" {} ", ordered.join(" "))
}

/// "25.5 migrants per 1,000 residents": the 1,000 after "per" ("na", "hər") is the unit of the
/// figure before it, not a second figure.
fn per_thousand_after_a_noun(tokens: &[Token], quantities: &mut Vec<(usize, Quantity)>) {
    let is_unit = |(pos, q): &(usize, Quantity)| {
        q.value == 1000.0
            && *pos > 0
            && matches!(word(tokens.get(pos - 1)), Some("per" | "na" | "her" | "hr"))
    };
    // Azerbaijani puts the unit first: "1000 nəfərə 7,1" (ə folds to nothing)
    let unit_first = |(pos, q): &(usize, Quantity)| {
        q.value == 1000.0 && matches!(word(tokens.get(pos + 1)), Some("nfr" | "haliy" | "sakin"))
    };
    if let Some(k) = quantities
        .iter()
        .position(unit_first)
        .filter(|k| k + 1 < quantities.len())
    {
        let (pos, _) = quantities.remove(k);
        let (after, figure) = &mut quantities[k];
        if figure.unit == QuotedUnit::Persons && *after - pos <= 4 {
            figure.unit = QuotedUnit::PerThousand;
            figure.text.push_str(" per 1,000");
        }
        return;
    }
    let Some(k) = quantities.iter().position(is_unit).filter(|k| *k > 0) else {
        return;
    };
    let (pos, _) = quantities.remove(k);
    let (before, figure) = &mut quantities[k - 1];
    if figure.unit == QuotedUnit::Persons && pos - *before <= 5 {
        figure.unit = QuotedUnit::PerThousand;
        figure.text.push_str(" per 1,000");
    }
}

/// The quantity starting at the number token `pos`; returns it and the index after it.
fn quantity_at(tokens: &[Token], pos: usize) -> Option<(Quantity, usize)> {
    let mut q = match &tokens[pos] {
        Token::Number {
            text, value, step, ..
        } => Quantity {
            value: *value,
            unit: QuotedUnit::Persons,
            step: *step,
            text: text.clone(),
            comparator: comparator_before(tokens, pos),
        },
        // a share in words is already a per cent, with nothing after it
        Token::Share { text, value, step } => {
            return Some((
                Quantity {
                    value: *value,
                    unit: QuotedUnit::Percent,
                    step: *step,
                    text: text.clone(),
                    comparator: comparator_before(tokens, pos),
                },
                pos + 1,
            ))
        }
        _ => return None,
    };
    let next = scale_unit_and_sign(tokens, pos, &mut q);
    Some((q, next))
}

/// The scale ("thousand", "млн"), the currency or unit ("%", "per 1,000", "$") and the sign
/// ("minus", "-") around the number at `pos`; returns the index after what was read.
fn scale_unit_and_sign(tokens: &[Token], pos: usize, q: &mut Quantity) -> usize {
    let Quantity {
        value,
        unit,
        step,
        text,
        comparator,
    } = q;
    let mut i = pos + 1;
    let mut ablative = false;
    if let Some(scale) = word(tokens.get(i)).and_then(scale_of) {
        *value *= scale;
        *step *= scale;
        ablative = word(tokens.get(i))
            .and_then(az_scale)
            .is_some_and(|(_, a)| a);
        if let Some(Token::Word { text: w, .. }) = tokens.get(i) {
            text.push(' ');
            text.push_str(w);
        }
        i += 1;
    }
    // "3 min 500", "2 тысячи 300": the rest of a number written with its scale in the middle
    if scale_of_before(tokens, i).is_some_and(|scale| scale > 1.0) {
        if let Some(Token::Number {
            value: rest,
            step: rest_step,
            text: rest_text,
            ..
        }) = tokens.get(i)
        {
            let scale = scale_of_before(tokens, i).unwrap_or(1.0);
            if *rest < scale && rest.fract() == 0.0 {
                *value += rest;
                *step = *rest_step;
                text.push(' ');
                text.push_str(rest_text);
                i += 1;
            }
        }
    }
    if let Some((bound, next)) = az_bound_after(tokens, i, ablative) {
        *comparator = bound;
        i = next;
    }
    // a currency before ("$2.5bn", "US$ 2.5 billion", "USD 2.5 billion") or after ("8 billion dollars")
    let before_currency = pos > 0
        && (matches!(tokens[pos - 1], Token::Symbol('$'))
            || matches!(
                word(tokens.get(pos - 1)),
                Some("usd" | "dollars" | "dollar")
            ));
    let after_currency = matches!(
        word(tokens.get(i)),
        Some("dollars" | "dollar" | "usd" | "dollarov" | "dollara" | "dollari" | "dollarliq")
    ) || (matches!(word(tokens.get(i)), Some("us"))
        && matches!(tokens.get(i + 1), Some(Token::Symbol('$'))));
    if before_currency || after_currency {
        *unit = QuotedUnit::Usd;
        *text = format!("US$ {text}");
        if after_currency {
            i += if matches!(word(tokens.get(i)), Some("us")) {
                2
            } else {
                1
            };
        }
    }
    match tokens.get(i) {
        _ if *unit == QuotedUnit::Usd => {}
        Some(Token::Symbol('%')) => {
            *unit = QuotedUnit::Percent;
            text.push('%');
            i += 1;
        }
        Some(Token::Symbol('‰')) => {
            *unit = QuotedUnit::PerThousand;
            text.push('‰');
            i += 1;
        }
        Some(Token::Word { folded, .. })
            if folded == "percent"
                || folded == "pct"
                || folded == "faiz"
                || folded == "protsent"
                || folded == "protsentov"
                || folded == "protsenta" =>
        {
            *unit = QuotedUnit::Percent;
            text.push_str(" percent");
            i += 1;
        }
        Some(Token::Word { folded, .. })
            if folded == "per" || folded == "na" || folded == "hər" || folded == "her" =>
        {
            match tokens.get(i + 1) {
                Some(Token::Word { folded: f2, .. }) if f2 == "cent" => {
                    *unit = QuotedUnit::Percent;
                    text.push_str(" per cent");
                    i += 2;
                }
                Some(Token::Word { folded: f2, .. })
                    if f2 == "thousand" || f2 == "mille" || f2 == "tysiachu" || f2 == "min" =>
                {
                    *unit = QuotedUnit::PerThousand;
                    text.push_str(" per 1,000");
                    i += 2;
                }
                Some(Token::Number { value: v, .. }) if *v == 1000.0 => {
                    *unit = QuotedUnit::PerThousand;
                    text.push_str(" per 1,000");
                    i += 2;
                    // "per 1,000 population / inhabitants / people"
                }
                _ => {}
            }
        }
        _ => {}
    }
    // a sign before the number: "-84,122", "minus 84 thousand", "negative 8", "mənfi 84 min"
    let mut negative = false;
    if pos > 0 {
        match &tokens[pos - 1] {
            // not a range "2014-2023" or "2020 - 84": only if what precedes is not a number
            Token::Symbol('-') if pos < 2 || !matches!(tokens[pos - 2], Token::Number { .. }) => {
                negative = true;
            }
            // "minus" (en), "минус" (ru, folded), "mənfi" (az; ə folds to nothing)
            Token::Word { folded, .. }
                if matches!(folded.as_str(), "minus" | "negative" | "mnfi") =>
            {
                negative = true
            }
            _ => {}
        }
    }
    if negative {
        *value = -*value;
        *text = format!("-{text}");
    }
    i
}

/// Words before a number that bound it (en/az/ru), longest first when matched: "no more than"
/// is an upper bound although "more than" is a lower one. Anything else ("about", "nearly",
/// "some", "около") is read as an approximate figure.
pub const COMPARATORS: &[(&str, Comparator)] = &[
    ("no more than", Comparator::AtMost),
    ("not more than", Comparator::AtMost),
    ("no greater than", Comparator::AtMost),
    ("не более", Comparator::AtMost),
    ("не больше", Comparator::AtMost),
    ("just under", Comparator::AtMost),
    ("less than", Comparator::AtMost),
    ("fewer than", Comparator::AtMost),
    ("under", Comparator::AtMost),
    ("below", Comparator::AtMost),
    ("up to", Comparator::AtMost),
    ("at most", Comparator::AtMost),
    ("менее", Comparator::AtMost),
    ("меньше", Comparator::AtMost),
    ("не менее", Comparator::AtLeast),
    ("more than", Comparator::AtLeast),
    ("greater than", Comparator::AtLeast),
    ("over", Comparator::AtLeast),
    ("above", Comparator::AtLeast),
    ("at least", Comparator::AtLeast),
    ("exceeding", Comparator::AtLeast),
    ("in excess of", Comparator::AtLeast),
    ("upwards of", Comparator::AtLeast),
    ("более", Comparator::AtLeast),
    ("больше", Comparator::AtLeast),
    ("свыше", Comparator::AtLeast),
    ("как минимум", Comparator::AtLeast),
    ("ən azı", Comparator::AtLeast),
];

/// The bound in the words just before a number (a currency sign skipped).
fn comparator_before(tokens: &[Token], pos: usize) -> Comparator {
    let before: Vec<&str> = tokens[..pos]
        .iter()
        .rev()
        .filter(|t| !matches!(t, Token::Symbol('$')))
        .take(3)
        .map_while(|t| word(Some(t)))
        .collect();
    COMPARATORS
        .iter()
        .map(|(phrase, c)| (phrase.split(' ').map(fold).collect::<Vec<_>>(), *c))
        .filter(|(words, _)| {
            words.len() <= before.len() && words.iter().rev().zip(&before).all(|(a, b)| a == b)
        })
        .max_by_key(|(words, _)| words.len())
        .map_or(Comparator::Approximately, |(_, c)| c)
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

/// A form of [`crate::countries::PLACE_FORMS`] (exact) or [`crate::countries::DEMONYMS`]
/// (exact, or the start of a plural or inflected word): the code or group, and whether it is a
/// demonym.
fn place_form(key: &str, single_word: bool) -> Option<(&'static str, bool)> {
    use crate::countries::{DEMONYMS, PLACE_FORMS};
    if let Some((_, c)) = PLACE_FORMS.iter().find(|(f, _)| fold(f) == key) {
        return Some((c, false));
    }
    if let Some((_, c)) = DEMONYMS.iter().find(|(f, _)| fold(f) == key) {
        return Some((c, true));
    }
    if !single_word {
        return None;
    }
    let prefixed = |forms: &'static [(&'static str, &'static str)]| {
        forms
            .iter()
            .map(|(f, c)| (fold(f), *c))
            .filter(|(f, _)| {
                // plural and case endings, and Russian adjectives ("армянских", "грузинской")
                f.len() >= 5
                    && key.starts_with(f.as_str())
                    && (key.len() - f.len() <= 4
                        || (key[f.len()..].starts_with("sk") && key.len() - f.len() <= 7))
            })
            .max_by_key(|(f, _)| f.len())
            .map(|(_, c)| c)
    };
    if let Some(c) = prefixed(DEMONYMS) {
        return Some((c, true));
    }
    // inflected place names: "турцию", "киргизии"
    PLACE_FORMS
        .iter()
        .map(|(f, c)| (fold(f), *c))
        .filter(|(f, _)| {
            f.len() >= 6 && common_prefix(key, f) >= f.len() - 1 && key.len() <= f.len() + 2
        })
        .max_by_key(|(f, _)| f.len())
        .map(|(_, c)| (c, false))
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
        for n in (1..=6).rev() {
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
            let short_lower = n == 1
                && words[0].1.len() < 4
                && !words[0].0.chars().next().is_some_and(char::is_uppercase);
            if !short_lower && !NOT_COUNTRIES.contains(&key.as_str()) {
                if let Some((code, is_demonym)) = place_form(&key, n == 1) {
                    found = Some((code.to_string(), n, is_demonym));
                    break;
                }
            }
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
                let mut role = if is_demonym {
                    Role::Demonym
                } else {
                    role_of(tokens, i, i + n)
                };
                // an Azerbaijani case ending on an inflected name: "Rusiyada" (in), "Rusiyadan"
                // (from), "Rusiyaya" (to)
                if let (Role::Plain, 1, Some(Token::Word { text, folded })) =
                    (role, n, tokens.get(i))
                {
                    let lower = text.to_lowercase();
                    if names.exact(folded).is_none() && place_form(folded, false).is_none() {
                        if ["dan", "dən", "tan", "tən"]
                            .iter()
                            .any(|e| lower.ends_with(e))
                        {
                            role = Role::From;
                        } else if ["da", "də", "ta", "tə"].iter().any(|e| lower.ends_with(e)) {
                            role = Role::In;
                        } else if ["a", "ə"].iter().any(|e| lower.ends_with(e)) {
                            // the dative: "Rusiyaya", "Azərbaycana" (to)
                            role = Role::In;
                        }
                    }
                }
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
    // the words before the mention, articles and "countries of" skipped ("born in the EU")
    let before: Vec<&str> = tokens[..start]
        .iter()
        .rev()
        .filter_map(|t| word(Some(t)))
        .filter(|w| !matches!(*w, "the" | "its" | "their"))
        .take(2)
        .collect();
    let prev = |k: usize| before.get(k - 1).copied();
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
    // "граждан(е) Азербайджана", "уроженцев Грузии", "выходцев из" (citizens, natives of X);
    // "Azərbaycan vətəndaşları" (citizens of X; ə folds to nothing)
    if matches!(
        p1,
        Some("grazhdan" | "grazhdane" | "urozhentsev" | "urozhentsy" | "vykhodtsev" | "vykhodtsy")
    ) || next.is_some_and(|w| w.starts_with("vtndas"))
    {
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

/// Words that say where people live ("2 million Azerbaijanis live in Russia").
const LIVING_WORDS: &[&str] = &[
    " live",
    " living",
    " reside",
    " abroad",
    "yaşay",
    "xaricdə",
    "живут",
    "проживают",
    "за рубежом",
];

/// A change verb with the level it ended at ("fell to 144 million", "сократилось до",
/// "... qədər azalıb"): the figure is the level, not the change.
const TO_A_LEVEL: &[&str] = &[
    " fell to ",
    " rose to ",
    " grew to ",
    " declined to ",
    " dropped to ",
    " shrank to ",
    " increased to ",
    " decreased to ",
    " reached ",
    "лось до ",
    "лась до ",
    "лся до ",
    " qədər",
];

/// Words that only a count of births uses.
const BIRTH_COUNT_WORDS: &[&str] = &[
    "babies",
    " births",
    "newborn",
    "рождений",
    "родилось",
    "родились",
    "körpə",
    "doğulub",
];

/// Words that place a claim among migration figures at all (so "born" is not a birth count).
const MIGRATION_CUES: &[&str] = &[
    "migra",
    "migrant",
    "abroad",
    "refugee",
    "asylum",
    "displaced",
    "stateless",
    "diaspora",
    "born in",
    "born abroad",
    "foreign",
    "live in",
    "living in",
    "lives in",
    "miqra",
    "мигра",
    "эмигр",
    "иммигр",
    "xaricdə",
    "за рубеж",
    "qaçqın",
    "беженц",
];

/// Words that say people are living somewhere (a stock), not moving (a flow).
const LIVING_CUES: &[&str] = &[
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
    "живёт",
    "за рубеж",
    "за границ",
    "xaricdə",
];

/// Reads the concept from the words of the claim, by the catalogue's press terms (en/az/ru):
/// the figures outside migration first (remittances, population, births, deaths, returns), then
/// the migration figures, then the glossary's own names and aliases.
fn find_concept(lower: &str, unit: Option<QuotedUnit>) -> Option<Concept> {
    use Concept as C;
    let percent = unit == Some(QuotedUnit::Percent);
    if unit == Some(QuotedUnit::Usd) || C::Remittances.said(lower) {
        return Some(if percent || C::RemittancesGdp.qualified(lower) {
            C::RemittancesGdp
        } else {
            C::Remittances
        });
    }
    if C::ReturnedRefugees.said(lower) && (C::Refugees.said(lower) || lower.contains("returnee")) {
        return Some(C::ReturnedRefugees);
    }
    // "100,000 babies were born in Azerbaijan": a count of births, though "born in" is
    // usually a migrant's origin
    if has(lower, BIRTH_COUNT_WORDS) && !has(lower, LIVING_WORDS) && !C::NaturalIncrease.said(lower)
    {
        return Some(C::Births);
    }
    if !has(lower, MIGRATION_CUES) {
        if C::NaturalIncrease.said(lower) {
            return Some(C::NaturalIncrease);
        }
        // "born in Georgia ... live in Russia" counts migrants, not births
        if C::Births.said(lower) && !has(lower, LIVING_WORDS) {
            return Some(C::Births);
        }
        if C::Deaths.said(lower) && !C::Population.said(lower) {
            return Some(C::Deaths);
        }
        if C::Population.said(lower) {
            let change = C::PopulationChange.qualified(lower) && !has(lower, TO_A_LEVEL);
            return Some(if change && !percent {
                C::PopulationChange
            } else {
                C::Population
            });
        }
    }
    if let Some(c) = find_migration_concept(lower, unit) {
        return Some(c);
    }
    glossary_concept(lower)
}

/// The glossary's terms whose names or aliases (en/az/ru) appear in the claim, mapped to the
/// concept that checks them.
fn glossary_concept(lower: &str) -> Option<Concept> {
    let text = fold(lower);
    for t in crate::catalogue::TERMS {
        let concept = match t.key {
            "immigrant-stock" | "foreign-born" | "foreign-citizens" | "international-migrant" => {
                Concept::ImmigrantStock
            }
            "emigrant-stock" => Concept::EmigrantStock,
            "refugee" => Concept::Refugees,
            "asylum-seeker" => Concept::AsylumSeekers,
            "idp" | "forced-resettler" => Concept::Idps,
            "stateless" => Concept::Stateless,
            "net-migration" => Concept::NetMigration,
            "cnmr" => Concept::NetMigrationRate,
            "emigration" => Concept::Emigration,
            "immigration" => Concept::Immigration,
            "returned-migrants" | "returning-citizens" | "returning-native-born" => {
                Concept::OutsideOpenData
            }
            _ => continue,
        };
        let names = [t.name.en, t.name.az, t.name.ru]
            .into_iter()
            .chain(t.aliases.iter().copied());
        for n in names {
            let f = fold(n);
            if f.len() >= 6 && text.contains(&f) {
                return Some(concept);
            }
        }
    }
    None
}

/// The migration concepts, from the catalogue's words and the grammar around them (a rate or a
/// count, hosted or from, living or moving, a share of the population).
fn find_migration_concept(lower: &str, unit: Option<QuotedUnit>) -> Option<Concept> {
    use Concept as C;
    let percent = unit == Some(QuotedUnit::Percent);
    if C::NetMigration.said(lower) || C::NetMigrationRate.said(lower) {
        let rate = C::NetMigrationRate.qualified(lower) || unit == Some(QuotedUnit::PerThousand);
        return Some(if rate || percent {
            C::NetMigrationRate
        } else {
            C::NetMigration
        });
    }
    let hosted = lower.contains("hosted") || lower.contains(" host");
    if C::AsylumSeekers.said(lower) {
        return Some(if C::AsylumApplications.qualified(lower) {
            C::AsylumApplications
        } else if C::AsylumSeekersFrom.qualified(lower) && !hosted {
            C::AsylumSeekersFrom
        } else {
            C::AsylumSeekers
        });
    }
    if C::Refugees.said(lower) {
        return Some(if C::RefugeesFrom.qualified(lower) && !hosted {
            C::RefugeesFrom
        } else {
            C::Refugees
        });
    }
    for c in [C::Idps, C::Stateless] {
        if c.said(lower) {
            return Some(c);
        }
    }
    stock_or_flow(lower, percent)
}

/// A stock (people living abroad, or born abroad living here), a share of the population, or a
/// flow (people who left or arrived).
fn stock_or_flow(lower: &str, percent: bool) -> Option<Concept> {
    use Concept as C;
    let living =
        has(lower, LIVING_CUES) || lower.ends_with(" live ") || lower.ends_with(" abroad ");
    let emigrated = C::Emigration.said(lower);
    let immigrated = C::Immigration.said(lower);
    let emigrants = C::EmigrantStock.said(lower);
    let immigrants = C::ImmigrantStock.said(lower);
    let born_abroad = lower.contains("born abroad");
    if percent
        && C::ImmigrantShare.qualified(lower)
        && (immigrants || born_abroad)
        && !lower.contains("emigrant")
    {
        return Some(C::ImmigrantShare);
    }
    if (emigrated || immigrated) && !living {
        return Some(if emigrated {
            C::Emigration
        } else {
            C::Immigration
        });
    }
    let immigrant_words = has(
        lower,
        &["immigrant", "foreign-born", "foreign born", "born abroad"],
    );
    if emigrants && !immigrant_words {
        return Some(C::EmigrantStock);
    }
    if immigrants {
        return Some(C::ImmigrantStock);
    }
    if emigrated {
        return Some(C::Emigration);
    }
    if immigrated {
        return Some(C::Immigration);
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

/// "between 1.5 and 2 million": two numbers joined into one range (the first takes the second's
/// scale when it has none).
fn merge_between(tokens: &[Token], quantities: &mut Vec<(usize, Quantity)>) {
    let mut k = 0;
    while k + 1 < quantities.len() {
        let (ia, ib) = (quantities[k].0, quantities[k + 1].0);
        let opener = ia > 0
            && matches!(
                word(tokens.get(ia - 1)),
                Some("between" | "from" | "mezhdu" | "ot")
            );
        let joined = (ia + 1..ib).all(|j| {
            matches!(tokens.get(j), Some(Token::Symbol('-')))
                || matches!(word(tokens.get(j)), Some("and" | "to" | "i" | "do" | "ile"))
                || word(tokens.get(j)).and_then(scale_of).is_some()
                || matches!(tokens.get(j), Some(Token::Symbol('%')))
        }) && ib > ia;
        if opener && joined {
            let (_, b) = quantities.remove(k + 1);
            let a = &mut quantities[k].1;
            let mut low = a.value;
            if low.abs() < 1000.0 && b.value.abs() >= 1000.0 {
                for s in [1e9, 1e6, 1e3] {
                    if (low * s).abs() <= b.value.abs() {
                        low *= s;
                        break;
                    }
                }
            }
            a.text = format!("{}-{}", a.text, b.text);
            a.value = b.value;
            a.unit = b.unit;
            a.step = b.step;
            a.comparator = Comparator::Between(low);
        }
        k += 1;
    }
}

/// Words that say a figure fell by the number after them (en/az/ru).
const FELL_WORDS: &[&str] = &[
    " fell by",
    " dropped by",
    " declined by",
    " decreased by",
    " shrank by",
    " down by",
    "сократил",
    "уменьшил",
    " azalıb",
];

/// "fell by 12%", "rose by a third", "doubled", "halved": the figure is a change in per cent.
fn read_change(claim: &mut Claim, lower: &str) {
    let factor = [
        (" doubled", 100.0),
        (" tripled", 200.0),
        (" trebled", 200.0),
        (" halved", -50.0),
        ("удвоил", 100.0),
        ("iki dəfə artıb", 100.0),
    ];
    let fell = has(lower, FELL_WORDS);
    let rose = has(
        lower,
        &[
            " rose by",
            " grew by",
            " increased by",
            " went up by",
            " up by",
            "вырос",
            "увеличил",
            " artıb",
        ],
    );
    if let Some((_, pct)) = factor.iter().find(|(w, _)| lower.contains(w)) {
        if claim
            .quantity
            .as_ref()
            .is_none_or(|q| q.unit != QuotedUnit::Percent)
        {
            if let Some(q) = &claim.quantity {
                claim.problems.push(format!(
                    "a change (\"{}\") and another figure ({}): check one at a time",
                    if *pct > 0.0 { "doubled" } else { "halved" },
                    q.text
                ));
                return;
            }
            claim.quantity = Some(Quantity {
                value: *pct,
                unit: QuotedUnit::Percent,
                step: 20.0,
                text: if *pct > 0.0 {
                    "doubled".into()
                } else {
                    "halved".into()
                },
                comparator: Comparator::Approximately,
            });
            claim.change = true;
        }
    } else if (fell || rose)
        && claim
            .quantity
            .as_ref()
            .is_some_and(|q| q.unit == QuotedUnit::Percent)
    {
        claim.change = true;
        if let Some(q) = claim.quantity.as_mut().filter(|q| fell && q.value > 0.0) {
            q.value = -q.value;
        }
    }
}

/// "turned positive", "became negative": a sign, not a number.
fn read_sign(claim: &mut Claim, lower: &str) {
    if claim.quantity.is_some() {
        return;
    }
    let positive = has(
        lower,
        &[
            "turned positive",
            "became positive",
            "was positive",
            "positive net migration",
            "net gain",
            "more people arrived than left",
        ],
    );
    let negative = has(
        lower,
        &[
            "turned negative",
            "became negative",
            "was negative",
            "negative net migration",
            "net loss",
            "more people left than arrived",
        ],
    );
    if positive == negative {
        return;
    }
    claim.quantity = Some(Quantity {
        value: 0.0,
        unit: QuotedUnit::Persons,
        step: 0.0,
        text: if positive {
            "positive".into()
        } else {
            "negative".into()
        },
        comparator: if positive {
            Comparator::AtLeast
        } else {
            Comparator::AtMost
        },
    });
    if claim.concept.is_none() {
        claim.concept = Some(Concept::NetMigration);
    }
}

/// Figures no open annual dataset holds: the words that give them away (en/az/ru, lower case,
/// unless one of `unless` is there too), why they cannot be checked, and who publishes them.
struct OutsideOpenData {
    words: &'static [&'static str],
    unless: &'static [&'static str],
    reason: &'static str,
    publisher: &'static str,
}

/// In the order they are tried.
const OUTSIDE_OPEN_DATA: &[OutsideOpenData] = &[
    // a period shorter than a year
    OutsideOpenData {
        words: &[
            " in the week",
            " in a week",
            " the first week",
            " weeks after",
            " week after",
            " days after",
            " in the first days",
            " within days",
            " within a week",
            " in a month",
            " the first month",
            " months after",
            " month after",
            " per day",
            " a day ",
            " daily",
            " weekly",
            " monthly",
            " in the first quarter",
            " in the first half of",
            " since january",
            " since february",
            " since march",
            " since september",
            " в первую неделю",
            " за неделю",
            " за месяц",
            " в первые дни",
            " həftə",
            " ay ərzində",
        ],
        unless: &[],
        reason: "the figure is for a period shorter than a year; the open data are annual (mid-year or end-year)",
        publisher: "border or arrival counts for that period from the interior ministry or border service of the countries concerned (e.g. the State Border Service of Azerbaijan, Russia's MVD/FSB Border Service, Georgia's Ministry of Internal Affairs, Armenia's Migration and Citizenship Service)",
    },
    // border crossings
    OutsideOpenData {
        words: &[
            "border crossing",
            "crossed the border",
            "crossings",
            "entries",
            " entered ",
            "arrivals at",
            "пересечени",
            "въезд",
            "sərhəd",
        ],
        unless: &[],
        reason: "border crossings count trips, not migrants; no open UN dataset holds them",
        publisher: "border-crossing statistics of the border service (State Border Service of Azerbaijan, FSB Border Service and MVD for Russia, Geostat's and the Ministry of Internal Affairs' border data for Georgia)",
    },
    // registrations (not of refugees or asylum-seekers)
    OutsideOpenData {
        words: &[
            "registered",
            "registration",
            "регистрац",
            "учет",
            "qeydiyyat",
        ],
        unless: &[
            "refugee",
            "asylum",
            "displaced",
            "беженц",
            "qaçqın",
        ],
        reason: "registrations are administrative counts, not UN migrant stocks or flows",
        publisher: "migration registrations from the national authority (Rosstat/MVD for Russia, the State Migration Service of Azerbaijan, Geostat, Armstat)",
    },
    // work permits and patents
    OutsideOpenData {
        words: &[
            "work permit",
            "labour permit",
            "labor permit",
            "patents",
            "patent ",
            "разрешени",
            "патент",
            "iş icazə",
        ],
        unless: &[],
        reason: "work permits and patents are administrative counts, not migrant stocks or flows",
        publisher: "permit statistics of the issuing authority (the State Migration Service of Azerbaijan, Russia's MVD, Kazakhstan's Ministry of Labour)",
    },
];

/// Why a figure is outside the open data, and who publishes such figures.
fn outside_open_data(lower: &str) -> Option<(String, String)> {
    OUTSIDE_OPEN_DATA
        .iter()
        .find(|rule| has(lower, rule.words) && !has(lower, rule.unless))
        .map(|rule| (rule.reason.to_string(), rule.publisher.to_string()))
}

/// Parses a claim in plain English (countries also in Azerbaijani and Russian).
// Long because it reads the parts in the order they depend on each other (years, figures,
// concept, signs, changes, sex, countries); the parts that stand alone are their own functions.
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

    for t in &tokens {
        if let Token::Bad(raw) = t {
            claim.problems.push(format!(
                "the number `{}` is not a figure (not finite, out of range or malformed); write it in digits, e.g. 2500000 or \"2.5 million\"",
                crate::escape::for_message(raw, 60)
            ));
        }
    }
    // the quoted number
    let mut quantities: Vec<(usize, Quantity)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if matches!(tokens[i], Token::Number { .. } | Token::Share { .. }) && !used[i] {
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
    merge_between(&tokens, &mut quantities);
    per_thousand_after_a_noun(&tokens, &mut quantities);
    // "per 1000" leaves a bare 1000 only when it is the unit, which quantity_at consumed
    let mut quantity_pos = None;
    match quantities.len() {
        0 => {}
        1 => {
            quantity_pos = quantities.first().map(|(pos, _)| *pos);
            claim.quantity = quantities.pop().map(|(_, q)| q);
        }
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
    claim.concept = find_concept(&lower, claim.quantity.as_ref().map(|q| q.unit));
    // "the population grew by 26,836 ..., despite negative net migration": what the words just
    // before the number say it counts outranks a migration word elsewhere in the sentence
    if let Some(pos) = quantity_pos {
        let near = words_before(&tokens, pos, 6);
        let persons = claim
            .quantity
            .as_ref()
            .is_some_and(|q| q.unit == QuotedUnit::Persons);
        if persons
            && Concept::Population.said(&near)
            && Concept::PopulationChange.qualified(&near)
            && !has(&near, TO_A_LEVEL)
        {
            claim.concept = Some(Concept::PopulationChange);
        }
    }
    // "25.5 migrants per 1,000 ... on net": a net figure per 1,000 is the net migration rate
    if claim
        .quantity
        .as_ref()
        .is_some_and(|q| q.unit == QuotedUnit::PerThousand)
        && has(&lower, &[" net ", " on net", "сальдо", "xalis"])
        && claim.concept != Some(Concept::NetMigrationRate)
    {
        claim.concept = Some(Concept::NetMigrationRate);
    }

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
            // "net emigration of more than N": net migration below -N
            q.comparator = match q.comparator {
                Comparator::AtLeast => Comparator::AtMost,
                Comparator::AtMost => Comparator::AtLeast,
                Comparator::Between(low) => {
                    let high = q.value;
                    q.value = -low;
                    Comparator::Between(high)
                }
                c => c,
            };
            claim
                .assumptions
                .push("read as a net outflow (negative net migration) from the wording".into());
        }
    }
    // "the population shrank by 12,000": a fall is a negative change
    if let (Some(q), Some(Concept::PopulationChange | Concept::NaturalIncrease)) =
        (claim.quantity.as_mut(), claim.concept)
    {
        // "fell by", "a natural decrease of", "естественная убыль", "təbii azalma"
        let fell = has(&lower, FELL_WORDS)
            || has(
                &lower,
                &[
                    " shrank",
                    " declined",
                    " lost ",
                    "decrease",
                    "decline",
                    "убыл",
                    "azalma",
                ],
            );
        if fell && q.value > 0.0 && q.unit == QuotedUnit::Persons {
            q.value = -q.value;
            claim
                .assumptions
                .push("read as a fall (a negative change) from the wording".into());
        }
    }
    read_change(&mut claim, &lower);
    read_sign(&mut claim, &lower);
    claim.outside = outside_open_data(&lower);
    if claim.outside.is_some() && claim.concept.is_none() {
        claim.concept = Some(Concept::OutsideOpenData);
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
        && mentions
            .iter()
            .any(|m| matches!(m.role, Role::Demonym | Role::From | Role::BornIn))
        && (mentions.iter().any(|m| m.role == Role::In) || has(&lower, LIVING_WORDS))
    {
        claim.concept = Some(Concept::EmigrantStock);
        claim.assumptions.push(
            "read as an emigrant stock: people of one country living in another (born there, or its citizens where birthplace is unknown)".into(),
        );
    }
    refine_shares(&mut claim);
    assign_countries(&mut claim, &mentions);
    claim
}

/// A stock quoted in per cent is a share: of the population ("one in five Moldovans lives
/// abroad"), or of women in it ("women make up 55% of Ukrainian migrants abroad").
fn refine_shares(claim: &mut Claim) {
    let percent = claim
        .quantity
        .as_ref()
        .is_some_and(|q| q.unit == QuotedUnit::Percent);
    if !percent || claim.change {
        return;
    }
    let female = claim.sex == Some(Sex::Female);
    let refined = match (claim.concept, female) {
        (Some(Concept::EmigrantStock), true) => Concept::FemaleShareEmigrants,
        (Some(Concept::ImmigrantStock | Concept::ImmigrantShare), true) => {
            Concept::FemaleShareImmigrants
        }
        (Some(Concept::EmigrantStock), false) => Concept::EmigrantShare,
        (Some(Concept::ImmigrantStock), false) => Concept::ImmigrantShare,
        _ => return,
    };
    claim.concept = Some(refined);
    if female {
        claim.sex = None;
    }
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
        Some(Concept::RefugeesFrom | Concept::AsylumSeekersFrom | Concept::AsylumApplications) => {
            let origin = distinct
                .iter()
                .find(|m| origin_like(m))
                .or(distinct.first());
            let dest = distinct.iter().find(|m| {
                Some(m.code.as_str()) != origin.map(|o| o.code.as_str()) && m.role == Role::In
            });
            (origin, dest)
        }
        // "moved to Y" with no country left: the flow is Y's immigration ("Gürcüstana köçüb")
        Some(Concept::Emigration)
            if !distinct
                .iter()
                .any(|m| origin_like(m) || m.role == Role::Plain)
                && distinct.iter().any(|m| m.role == Role::In) =>
        {
            claim.concept = Some(Concept::Immigration);
            claim
                .assumptions
                .push("read as an immigration flow: only the country moved to is named".into());
            (distinct.iter().find(|m| m.role == Role::In), None)
        }
        // "moved from X to Y": an emigration flow is X's, an immigration flow Y's
        Some(Concept::Emigration) => {
            let origin = distinct
                .iter()
                .find(|m| origin_like(m))
                .or_else(|| distinct.iter().find(|m| m.role == Role::Plain))
                .or(distinct.first());
            let other = distinct
                .iter()
                .find(|m| Some(m.code.as_str()) != origin.map(|o| o.code.as_str()));
            (origin, other)
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
        if self.outside.is_some() && self.quantity.is_some() {
            return Ok(());
        }
        if self.concept.is_none() {
            missing.push("what the figure counts (--concept: see `miglab check --help`)");
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
                    QuotedUnit::Usd => format!("\"US$ {v}\""),
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

/// How many figures a text quotes (numbers that are not years, shares in words, "doubled").
pub fn figure_count(text: &str) -> usize {
    let cw = crate::countries::Crosswalk::embedded()
        .ok()
        .unwrap_or_else(empty_crosswalk);
    let c = parse(text, cw);
    let listed = c.problems.iter().find_map(|p| {
        p.strip_prefix("more than one figure (")
            .map(|rest| rest.split(", ").count())
    });
    listed.unwrap_or(usize::from(c.quantity.is_some()))
}

fn empty_crosswalk() -> &'static Crosswalk {
    static EMPTY: std::sync::OnceLock<Crosswalk> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Crosswalk::new(Vec::new()))
}

impl Claim {
    /// Takes from the sentence what a clause of it does not say itself.
    /// A sentence takes what it does not say (what it counts, the country, the year) from the
    /// sentence before it in the same text: "... The country still counts 650,000 IDPs."
    pub fn continue_from(&mut self, before: &Claim) {
        if self.quantity.is_none() {
            return;
        }
        if self.concept.is_none() && before.concept.is_some() {
            self.concept = before.concept;
            if let Some(c) = before.concept {
                self.assumptions.push(format!(
                    "what it counts from the sentence before: {}",
                    c.label()
                ));
            }
        }
        if self.country.is_none() && before.country.is_some() {
            self.country = before.country.clone();
            if let Some(c) = &before.country {
                self.assumptions
                    .push(format!("the country from the sentence before: {c}"));
            }
        }
        if self.when.is_none() {
            self.when = before.when;
        }
    }

    /// A figure that names only a place, in a text about one country's emigrants ("..., most
    /// of them in Russia (308,000)", "Türkiye was home to 118,000"): those living there.
    pub fn as_part_of(&mut self, about: &Claim) {
        if about.concept != Some(Concept::EmigrantStock)
            || self.concept != Some(Concept::EmigrantStock)
            || self.partner.is_some()
        {
            return;
        }
        let (Some(place), Some(origin)) = (self.country.clone(), about.country.clone()) else {
            return;
        };
        if place != origin {
            self.assumptions.push(format!(
                "read with the text around it: emigrants from {origin} living in {place}"
            ));
            self.country = Some(origin);
            self.partner = Some(place);
        }
    }

    pub fn fill_from(&mut self, sentence: &Claim) {
        if self.concept.is_none() {
            self.concept = sentence.concept;
        }
        if self.country.is_none() {
            self.country = sentence.country.clone();
            if self.partner.is_none() {
                self.partner = sentence.partner.clone();
            }
        }
        if self.when.is_none() {
            self.when = sentence.when;
        }
        if self.sex.is_none() {
            self.sex = sentence.sex;
        }
        if self.outside.is_none() {
            self.outside = sentence.outside.clone();
        }
        self.says_projection |= sentence.says_projection;
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
    fn every_concept_is_a_press_term_of_the_catalogue() {
        for c in Concept::ALL {
            assert_eq!(c.press().key, c.flag());
            assert!(
                crate::catalogue::concepts::by_key(c.definition_key()).is_some(),
                "{c:?}"
            );
        }
        assert_eq!(crate::catalogue::PRESS_TERMS.len(), Concept::ALL.len());
    }

    #[test]
    fn numbers_as_people_write_them() {
        let q = parse_quantity("one in five").expect("q");
        assert_eq!((q.value, q.unit), (20.0, QuotedUnit::Percent));
        let q = parse_quantity("$2.5bn").expect("q");
        assert_eq!((q.value, q.unit), (2.5e9, QuotedUnit::Usd));
        let q = parse_quantity("1,5 млн").expect("q");
        assert_eq!(q.value, 1.5e6);
        let q = parse_quantity("423\u{2009}000").expect("q");
        assert_eq!(q.value, 423_000.0);
        assert!(parse_quantity("1e400").is_none());
        let c = parse("Between 1 and 2 million Georgians live abroad", cw());
        assert!(matches!(
            c.quantity.map(|q| q.comparator),
            Some(Comparator::Between(low)) if low == 1e6
        ));
    }

    #[test]
    fn bounds_and_scales_in_three_languages() {
        let at = |t: &str| parse_quantity(t).map(|q| (q.value, q.comparator));
        assert_eq!(at("no more than 5,000"), Some((5000.0, Comparator::AtMost)));
        assert_eq!(at("more than 5,000"), Some((5000.0, Comparator::AtLeast)));
        assert_eq!(at("свыше 100 тысяч"), Some((1e5, Comparator::AtLeast)));
        assert_eq!(at("не более 2 млн"), Some((2e6, Comparator::AtMost)));
        assert_eq!(at("12 min"), Some((12000.0, Comparator::Approximately)));
        assert_eq!(at("1,2 млрд"), Some((1.2e9, Comparator::Approximately)));
        let q = parse_quantity("two thirds").expect("q");
        assert!((q.value - 200.0 / 3.0).abs() < 1e-9 && q.unit == QuotedUnit::Percent);
    }

    #[test]
    fn concepts_from_the_catalogue_words() {
        let c = parse(
            "Georgians lodged 24,000 first-time asylum applications in the EU in 2023",
            cw(),
        );
        assert_eq!(c.concept, Some(Concept::AsylumApplications));
        assert_eq!(
            (c.country.as_deref(), c.partner.as_deref()),
            (Some("GEO"), Some("eu27"))
        );
        let c = parse(
            "В 2020 году женщины составляли 55% армянских эмигрантов",
            cw(),
        );
        assert_eq!(c.concept, Some(Concept::FemaleShareEmigrants));
        assert_eq!(c.country.as_deref(), Some("ARM"));
        let c = parse("Georgia's population shrank by 12,000 people in 2021", cw());
        assert_eq!(c.concept, Some(Concept::PopulationChange));
        assert_eq!(c.quantity.map(|q| q.value), Some(-12000.0));
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
