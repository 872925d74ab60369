//! Finding every official figure a quote could mean and judging the quote against them.
//!
//! For a claim (concept, country, partner, year, value) the candidates are: the figure asked for
//! in the latest edition; the same figure in the other edition or vintage (IMS 2020, the WPP
//! 2022-based WDI series); related concepts a journalist may have confused with it (emigrant vs
//! immigrant stock, refugees vs IDPs, a rate vs a count); other years and sexes (kept only when
//! they match the quote). The quote is compared as written and under the usual misreadings
//! (thousands read as persons, per 1,000 read as per cent), within the tolerance its own
//! precision allows.

use std::collections::HashMap;

mod asylum;
mod estimate;
mod protection;

use polars::prelude::DataFrame;

use super::claim::{Claim, Comparator, Concept, Quantity, QuotedUnit, When};
use crate::countries::Crosswalk;
use crate::error::{Error, Result};
use crate::measures::stocks::{self, StockKind};
use crate::measures::{self, prefilter, rates, Area, Lookup, Source};
use crate::provenance::Provenance;
use crate::store;
use crate::tidy::{col, Sex};

/// How a candidate figure relates to what the quote asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The figure asked for, latest edition.
    Asked,
    /// The same figure in another edition or vintage.
    OtherEdition,
    /// The same figure for another year.
    OtherYear,
    /// The same figure for women or men only.
    OtherSex,
    /// A related but different concept.
    OtherConcept,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Asked => "asked",
            Relation::OtherEdition => "other edition",
            Relation::OtherYear => "other year",
            Relation::OtherSex => "other sex",
            Relation::OtherConcept => "other concept",
        }
    }
}

/// How the quote's number was read when comparing it with a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    AsQuoted,
    /// The quote's number is the figure in thousands, printed as persons ("-84" for -84,122).
    ThousandsAsPersons,
    /// The quote's number is the figure in persons, printed as thousands.
    PersonsAsThousands,
    /// A rate per 1,000 quoted as per cent.
    PerThousandAsPercent,
    /// A per cent quoted as per 1,000.
    PercentAsPerThousand,
}

impl Reading {
    pub fn as_str(self) -> &'static str {
        match self {
            Reading::AsQuoted => "as quoted",
            Reading::ThousandsAsPersons => "thousands read as persons",
            Reading::PersonsAsThousands => "persons read as thousands",
            Reading::PerThousandAsPercent => "per 1,000 read as per cent",
            Reading::PercentAsPerThousand => "per cent read as per 1,000",
        }
    }
}

/// How close the quote is to a figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Status {
    Consistent {
        reading: Reading,
        diff_pct: f64,
    },
    Close {
        diff_pct: f64,
    },
    Off {
        diff_pct: f64,
    },
    /// Missing value, or a unit the quote cannot be compared with.
    NotCompared,
}

impl Status {
    pub fn is_consistent(&self) -> bool {
        matches!(self, Status::Consistent { .. })
    }

    pub fn describe(&self) -> String {
        match self {
            Status::Consistent {
                reading: Reading::AsQuoted,
                ..
            } => "matches".into(),
            Status::Consistent { reading, .. } => format!("matches if {}", reading.as_str()),
            Status::Close { diff_pct } => format!("close ({})", signed_pct(*diff_pct)),
            Status::Off { diff_pct } => format!("off ({})", signed_pct(*diff_pct)),
            Status::NotCompared => "-".into(),
        }
    }
}

fn signed_pct(p: f64) -> String {
    if !p.is_finite() {
        "official figure is 0".into()
    } else if p.abs() >= 1000.0 {
        format!("{:+.0}x", p / 100.0 + 1.0)
    } else {
        format!("{p:+.1}%")
    }
}

/// One official figure that the quote could mean.
#[derive(Debug, Clone)]
pub struct Figure {
    /// What it counts, in words ("emigrant stock", "migrant stock by origin").
    pub label: String,
    /// Key of its definition in `miglab define`.
    pub definition: &'static str,
    pub dataset: String,
    pub edition: String,
    pub indicator: String,
    /// "AZE", or "AZE -> RUS" for an origin -> destination pair.
    pub area: String,
    pub sex: Sex,
    pub when: When,
    pub value: Option<f64>,
    pub unit: QuotedUnit,
    pub projection: bool,
    pub note: String,
    pub relation: Relation,
    /// Every way the figure differs from the one asked for ("concept", "edition", "year",
    /// "sex", "projection-vs-estimate"): candidates are crossed jointly, so there can be several.
    pub differences: Vec<&'static str>,
    pub status: Status,
}

/// The verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerdictKind {
    Consistent,
    Close,
    Inconsistent,
    /// The number is another concept's, edition's, year's or sex's, or a misread unit, or a
    /// projection quoted as an observation.
    MatchesDifferent,
    CannotCheck,
}

impl VerdictKind {
    pub fn code(self) -> &'static str {
        match self {
            VerdictKind::Consistent => "consistent",
            VerdictKind::Close => "close",
            VerdictKind::Inconsistent => "inconsistent",
            VerdictKind::MatchesDifferent => "matches_different",
            VerdictKind::CannotCheck => "cannot_check",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            VerdictKind::Consistent => "consistent",
            VerdictKind::Close => "close",
            VerdictKind::Inconsistent => "inconsistent",
            VerdictKind::MatchesDifferent => "matches a different figure",
            VerdictKind::CannotCheck => "cannot be checked with open data",
        }
    }
}

/// The verdict on a quote.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub kind: VerdictKind,
    /// For `MatchesDifferent`: concept, edition, year, sex, thousands-vs-persons,
    /// per-1000-vs-percent or projection-vs-estimate; several joined with `+`
    /// ("concept+edition").
    pub difference: Option<String>,
    /// One sentence for people.
    pub summary: String,
    /// The figure the verdict rests on (index into `Check::figures`).
    pub figure: Option<usize>,
    /// For `CannotCheck`: the data that would be needed.
    pub needed: Option<String>,
}

/// The result of checking one claim.
#[derive(Debug, Clone)]
pub struct Check {
    pub claim: Claim,
    pub concept: Concept,
    pub quantity: Quantity,
    pub country: String,
    pub partner: Option<String>,
    pub when: When,
    /// Tolerance in the quote's unit.
    pub tolerance: f64,
    pub figures: Vec<Figure>,
    pub verdict: Verdict,
    /// Caveats to print under the figures.
    pub caveats: Vec<String>,
    /// Provenance of every dataset a figure comes from, in order of first use.
    pub sources: Vec<Provenance>,
}

/// Datasets loaded on demand.
struct Data {
    loaded: HashMap<&'static str, (DataFrame, Provenance)>,
}

impl Data {
    fn new() -> Data {
        Data {
            loaded: HashMap::new(),
        }
    }

    fn get(&mut self, name: &'static str) -> Result<&(DataFrame, Provenance)> {
        if !self.loaded.contains_key(name) {
            let d = store::dataset(name)?;
            let value = (d.frame()?, d.provenance()?);
            self.loaded.insert(name, value);
        }
        self.loaded
            .get(name)
            .ok_or_else(|| Error::NotCovered(format!("dataset {name} is not embedded")))
    }

    /// The rows of `indicators` whose `column` is one of `codes`, indexed, with provenance.
    fn lookup(
        &mut self,
        name: &'static str,
        indicators: &[&str],
        column: &str,
        codes: &[String],
    ) -> Result<(Lookup, DataFrame, Provenance)> {
        let (frame, prov) = self.get(name)?;
        // no codes: every row of the indicators
        let codes = (!codes.is_empty()).then_some(codes);
        let df = prefilter(frame, indicators, column, codes)?;
        Ok((Lookup::from_frame(&df)?, df, prov.clone()))
    }
}

/// The mid-year of an IMS edition used for a year: the year itself, or the nearest one.
fn nearest(years: &[i32], year: i32) -> Option<i32> {
    years.iter().copied().min_by_key(|y| ((y - year).abs(), -y))
}

fn indicator_years(p: &Provenance, indicator: &str) -> Vec<i32> {
    p.indicator(indicator)
        .map(|i| i.years.clone())
        .unwrap_or_default()
}

/// Compares the quote with an official value in `unit`.
pub fn compare(q: &Quantity, tolerance: f64, official: Option<f64>, unit: QuotedUnit) -> Status {
    let Some(official) = official else {
        return Status::NotCompared;
    };
    // the quote in the figure's unit, as written
    let (as_quoted, tol) = match (q.unit, unit) {
        (a, b) if a == b => (q.value, tolerance),
        (QuotedUnit::Percent, QuotedUnit::PerThousand) => (q.value * 10.0, tolerance * 10.0),
        (QuotedUnit::PerThousand, QuotedUnit::Percent) => (q.value / 10.0, tolerance / 10.0),
        _ => return Status::NotCompared,
    };
    let pct = |v: f64| {
        if official == 0.0 {
            if v == 0.0 {
                0.0
            } else {
                f64::INFINITY.copysign(v)
            }
        } else {
            100.0 * (v - official) / official.abs()
        }
    };
    let within = |v: f64, tol: f64| match q.comparator {
        Comparator::Approximately => (official - v).abs() <= tol + 1e-9,
        Comparator::Between(low) => {
            let low = if v == q.value { low } else { low * v / q.value };
            official >= low.min(v) - tol - 1e-9 && official <= low.max(v) + tol + 1e-9
        }
        Comparator::AtLeast => official >= v - tol - 1e-9,
        Comparator::AtMost => official <= v + tol + 1e-9,
    };
    if within(as_quoted, tol) {
        return Status::Consistent {
            reading: Reading::AsQuoted,
            diff_pct: pct(as_quoted),
        };
    }
    let mut readings: Vec<(Reading, f64, f64)> = Vec::new();
    match (q.unit, unit) {
        (QuotedUnit::Persons, QuotedUnit::Persons) => {
            readings.push((
                Reading::ThousandsAsPersons,
                q.value * 1000.0,
                tolerance * 1000.0,
            ));
            readings.push((
                Reading::PersonsAsThousands,
                q.value / 1000.0,
                tolerance / 1000.0,
            ));
        }
        (QuotedUnit::Percent, QuotedUnit::PerThousand) => {
            readings.push((Reading::PerThousandAsPercent, q.value, tolerance));
        }
        (QuotedUnit::PerThousand, QuotedUnit::PerThousand) => {
            readings.push((
                Reading::PercentAsPerThousand,
                q.value * 10.0,
                tolerance * 10.0,
            ));
        }
        (QuotedUnit::PerThousand, QuotedUnit::Percent) => {
            readings.push((Reading::PerThousandAsPercent, q.value, tolerance));
        }
        _ => {}
    }
    for (reading, v, t) in readings {
        // a misreading has to match closely: rounding of the quote, never the 5 % cap alone
        if q.comparator == Comparator::Approximately
            && (official - v).abs() <= t + 1e-9
            && official != 0.0
        {
            return Status::Consistent {
                reading,
                diff_pct: pct(v),
            };
        }
    }
    let d = pct(as_quoted);
    let same_sign = official == 0.0 || as_quoted == 0.0 || (official > 0.0) == (as_quoted > 0.0);
    let close = match q.comparator {
        Comparator::Approximately | Comparator::Between(_) => d.abs() <= 10.0,
        Comparator::AtLeast => official >= 0.9 * as_quoted,
        Comparator::AtMost => official <= 1.1 * as_quoted,
    };
    if close && same_sign {
        Status::Close { diff_pct: d }
    } else {
        Status::Off { diff_pct: d }
    }
}

/// Collects the figures for a claim.
struct Builder<'a> {
    data: Data,
    figures: Vec<Figure>,
    q: &'a Quantity,
    tol: f64,
    caveats: Vec<String>,
}

impl Builder<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        relation: Relation,
        label: &str,
        definition: &'static str,
        prov: &Provenance,
        indicator: &str,
        area: &str,
        sex: Sex,
        when: When,
        value: Option<f64>,
        unit: QuotedUnit,
        projection: bool,
        note: &str,
    ) {
        let status = compare(self.q, self.tol, value, unit);
        // other years and sexes only matter when they explain the quote
        if matches!(relation, Relation::OtherYear | Relation::OtherSex) && !status.is_consistent() {
            return;
        }
        let mut note = note.to_string();
        if value.is_none() && note.is_empty() {
            note = "no value published (missing, not 0)".into();
        }
        self.figures.push(Figure {
            label: label.to_string(),
            definition,
            dataset: prov.name.clone(),
            edition: short_edition(prov),
            indicator: indicator.to_string(),
            area: area.to_string(),
            sex,
            when,
            value,
            unit,
            projection,
            note,
            relation,
            differences: match relation {
                Relation::Asked => vec![],
                Relation::OtherEdition => vec!["edition"],
                Relation::OtherYear => vec!["year"],
                Relation::OtherSex => vec!["sex"],
                Relation::OtherConcept => vec!["concept"],
            },
            status,
        });
    }
}

/// The edition of a measure row's source in a few words (as [`short_edition`]).
pub fn edition_words(source: &measures::Source) -> String {
    match source.dataset.as_str() {
        "wdi" => "WDI (IOM gdidata 2025; net migration 2024-06-28, WPP 2022-based)".into(),
        "unhcr" => "UNHCR v2025.12.1".into(),
        _ => source
            .edition
            .split_once(" (")
            .map_or(source.edition.clone(), |(head, _)| head.to_string()),
    }
}

/// The edition in a few words: "WPP 2024", "IMS 2020", "WDI 2024-06-28 (WPP 2022-based)".
pub fn short_edition(prov: &Provenance) -> String {
    match prov.name.as_str() {
        "wdi" => "WDI 2024-06-28 (WPP 2022-based)".into(),
        "unhcr" => "UNHCR v2025.12.1".into(),
        _ => prov
            .edition
            .split_once(" (")
            .map_or(prov.edition.clone(), |(head, _)| head.to_string()),
    }
}

fn pair_label(origin: &str, destination: &str) -> String {
    format!("{origin} -> {destination}")
}

/// Checks a complete claim against the embedded data.
// Long (about 240 lines) on purpose: the one place where the steps of a check meet in order
// (the claim's parts, the builder of the concept, the candidates crossed jointly, the verdict,
// the sources); each step is a call, and a split would pass a dozen locals between functions.
pub fn check(claim: Claim, crosswalk: &Crosswalk) -> Result<Check> {
    claim.require()?;
    if let (Some((reason, needed)), Some(quantity)) =
        (claim.outside.clone(), claim.quantity.clone())
    {
        return Ok(outside_open_data(claim, quantity, reason, needed));
    }
    let (Some(mut quantity), Some(concept), Some(country)) =
        (claim.quantity.clone(), claim.concept, claim.country.clone())
    else {
        return Err(Error::Usage("incomplete claim".into()));
    };
    let mut claim = claim;
    let partner = claim.partner.clone().filter(|p| *p != country);
    let members = crate::countries::group_members(&country);
    if members.is_none() && crosswalk.by_code(&country).is_none() {
        return Err(Error::Unknown {
            what: "country",
            name: country,
            hint: "; `miglab countries QUERY` finds codes and names".into(),
        });
    }
    // a bare number for a rate is read in the rate's unit
    if quantity.unit == QuotedUnit::Persons
        && concept.unit() != QuotedUnit::Persons
        && !quantity.text.contains(' ')
    {
        quantity.unit = concept.unit();
        claim.assumptions.push(format!(
            "no unit given: read as {}",
            concept.unit().as_str()
        ));
    }
    let tolerance = quantity.tolerance();
    let mut b = Builder {
        data: Data::new(),
        figures: Vec::new(),
        q: &quantity,
        tol: tolerance,
        caveats: Vec::new(),
    };
    let when = match claim.when {
        Some(w) => w,
        None => {
            let (w, what) = default_when(concept);
            claim.assumptions.push(format!(
                "no year given: checked against the latest {what}, {w}"
            ));
            w
        }
    };
    let sex = claim.sex.unwrap_or(Sex::Total);
    let mut cannot: Option<(String, String)> = None;

    let group = members.is_some();
    let members = members.unwrap_or_else(|| vec![country.clone()]);
    // the concepts with their own builder below (single countries, levels not changes)
    let has_builder = matches!(
        concept,
        Concept::NetMigration
            | Concept::NetMigrationRate
            | Concept::EmigrantStock
            | Concept::ImmigrantStock
            | Concept::ImmigrantShare
            | Concept::Refugees
            | Concept::RefugeesFrom
            | Concept::AsylumSeekers
            | Concept::AsylumSeekersFrom
            | Concept::Idps
            | Concept::Stateless
            | Concept::AsylumApplications
            | Concept::Emigration
            | Concept::Immigration
    ) || (concept == Concept::Population && wpp_population_covers(when)?);
    // these builders sum a group's members themselves (counts: the catalogue's group rule sums)
    let sums_groups = matches!(
        concept,
        Concept::RefugeesFrom
            | Concept::AsylumSeekers
            | Concept::AsylumSeekersFrom
            | Concept::AsylumApplications
            | Concept::Idps
            | Concept::Stateless
    );
    let legacy = has_builder && (!group || sums_groups) && !claim.change;
    match concept {
        _ if !legacy => {}
        Concept::NetMigration | Concept::NetMigrationRate => {
            net_migration(&mut b, concept, &country, when, &mut cannot)?;
        }
        Concept::EmigrantStock | Concept::ImmigrantStock => {
            migrant_stocks(
                &mut b,
                concept,
                &country,
                partner.as_deref(),
                when,
                sex,
                &mut cannot,
            )?;
        }
        Concept::ImmigrantShare => {
            immigrant_share(&mut b, &country, when, &mut cannot)?;
        }
        Concept::Refugees
        | Concept::RefugeesFrom
        | Concept::AsylumSeekers
        | Concept::AsylumSeekersFrom
        | Concept::Idps
        | Concept::Stateless => {
            protection::protection(
                &mut b,
                concept,
                &country,
                partner.as_deref(),
                when,
                &claim,
                &mut cannot,
            )?;
        }
        Concept::AsylumApplications => {
            asylum::asylum_applications(
                &mut b,
                &country,
                partner.as_deref(),
                when,
                sex,
                &mut claim.assumptions,
                &mut cannot,
            )?;
        }
        Concept::Emigration | Concept::Immigration => {
            flows(&mut b, concept, &country, when, &mut cannot)?;
        }
        Concept::Population => population(&mut b, &country, when)?,
        _ => {}
    }
    // every quantity through the engine, crossed over concept x edition x year x sex: the whole
    // check for groups, changes and the concepts above had no builder for; otherwise only the
    // figures that explain the quote in more than one way at once
    let year = match when {
        When::Year(y) | When::Period(_, y) => y,
    };
    let ask = super::candidates::Ask {
        concept,
        place: &country,
        members: &members,
        partner: partner.as_deref(),
        year,
        start: match when {
            When::Period(a, _) => Some(a),
            When::Year(_) => None,
        },
        sex,
    };
    let already_explained = b.figures.iter().any(|f| f.status.is_consistent());
    let single = matches!(when, When::Year(_)) || claim.change || !legacy;
    if single && (!legacy || !already_explained) {
        let (found, warnings) = super::candidates::cross(&ask, &quantity, tolerance, claim.change);
        for f in found {
            let keep = !legacy || (f.differences.len() > 1 && f.status.is_consistent());
            let duplicate = b.figures.iter().any(|g| {
                g.dataset == f.dataset
                    && g.indicator == f.indicator
                    && g.when == f.when
                    && g.sex == f.sex
                    && g.area == f.area
            });
            if keep && !duplicate {
                b.figures.push(f);
            }
        }
        if !legacy && !b.figures.iter().any(|f| f.relation == Relation::Asked) {
            let reason = warnings.first().cloned().unwrap_or_else(|| {
                format!(
                    "no embedded dataset publishes the {} for {country}{}",
                    concept.label(),
                    partner
                        .as_ref()
                        .map_or(String::new(), |p| format!(" and {p}"))
                )
            });
            if cannot.is_none() && super::candidates::target(concept, partner.is_some()).is_none() {
                cannot = Some((
                    format!("{} is checked for single countries only", concept.label()),
                    format!("the figure for each member ({})", members.join(", ")),
                ));
            } else if cannot.is_none() {
                cannot = Some((reason, "a published figure for this place and year".into()));
            }
        }
    }
    if group && !(concept == Concept::AsylumApplications && country == "eu27") {
        b.caveats.push(format!("{country}: the sum of its members ({}), from their bilateral or national rows, not a regional aggregate of the publisher.", members.join(", ")));
    }
    if concept == Concept::NetMigrationRate && quantity.unit == QuotedUnit::Persons {
        cannot.get_or_insert((
            format!("the quote gives a count ({}) for a rate", quantity.text),
            "a rate per 1,000 (e.g. `25 per 1000`) or the count with --concept net-migration"
                .into(),
        ));
    }

    b.figures.sort_by_key(|f| match f.relation {
        Relation::Asked => 0,
        Relation::OtherEdition => 1,
        Relation::OtherConcept => 2,
        Relation::OtherYear => 3,
        Relation::OtherSex => 4,
    });
    let verdict = judge(&b.figures, &claim, concept, &quantity, tolerance, cannot);
    let mut sources: Vec<Provenance> = Vec::new();
    for f in &b.figures {
        if !sources.iter().any(|p| p.name == f.dataset) {
            if let Ok((_, p)) = b.data.get(dataset_static(&f.dataset)) {
                sources.push(p.clone());
            }
        }
    }
    let mut caveats = b.caveats.clone();
    if let Some(def) = crate::catalogue::concepts::by_key(concept.definition_key()) {
        caveats.push(def.caveat.en.to_string());
    }
    let figures = b.figures;
    Ok(Check {
        claim,
        concept,
        quantity,
        country,
        partner,
        when,
        tolerance,
        figures,
        verdict,
        caveats,
        sources,
    })
}

/// The verdict on a figure no open annual dataset holds: who publishes such figures.
fn outside_open_data(claim: Claim, quantity: Quantity, reason: String, needed: String) -> Check {
    let concept = claim.concept.unwrap_or(Concept::OutsideOpenData);
    let country = claim.country.clone().unwrap_or_default();
    let mut needed = needed;
    if !country.is_empty() {
        needed.push_str(&format!("; for {country}: {}", statistics_office(&country)));
    }
    Check {
        concept,
        tolerance: quantity.tolerance(),
        quantity,
        country,
        partner: claim.partner.clone(),
        when: claim.when.unwrap_or(When::Year(0)),
        figures: Vec::new(),
        verdict: Verdict {
            kind: VerdictKind::CannotCheck,
            difference: None,
            summary: format!("cannot be checked with these open data: {reason}."),
            figure: None,
            needed: Some(needed),
        },
        caveats: Vec::new(),
        sources: Vec::new(),
        claim,
    }
}

fn dataset_static(name: &str) -> &'static str {
    store::names().find(|n| *n == name).unwrap_or("wpp2024")
}

fn default_when(concept: Concept) -> (When, &'static str) {
    match concept {
        Concept::NetMigration
        | Concept::NetMigrationRate
        | Concept::Emigration
        | Concept::Immigration
        | Concept::Population
        | Concept::PopulationChange
        | Concept::NaturalIncrease
        | Concept::Births
        | Concept::Deaths => (When::Year(2023), "WPP 2024 estimate year"),
        Concept::Remittances | Concept::RemittancesGdp => (When::Year(2023), "World Bank WDI year"),
        Concept::EmigrantStock | Concept::ImmigrantStock | Concept::ImmigrantShare => {
            (When::Year(2024), "International Migrant Stock year")
        }
        _ => (When::Year(2024), "complete UNHCR end-year"),
    }
}

fn years_of(when: When) -> Vec<i32> {
    match when {
        When::Year(y) => vec![y],
        When::Period(a, b) => (a..=b).collect(),
    }
}

/// Whether WPP 2024 estimates the population (1 July) of the claim's year.
fn wpp_population_covers(when: When) -> Result<bool> {
    let prov = store::dataset("wpp2024")?.provenance()?;
    let covered = indicator_years(&prov, "population");
    Ok(years_of(when).iter().all(|y| covered.contains(y)))
}

/// The population (1 July) of the year asked, from WPP 2024, and of the years either side when
/// they explain the quote: International Migrant Stock has populations only for its stock years.
fn population(b: &mut Builder, country: &str, when: When) -> Result<()> {
    let When::Year(year) = when else {
        return Ok(());
    };
    let codes = vec![country.to_string()];
    let (lk, _, wpp) = b
        .data
        .lookup("wpp2024", &["population"], col::COUNTRY, &codes)?;
    let value = |y: i32| {
        lk.country("population", country, Sex::Total, y)
            .and_then(|c| c.value)
    };
    let years = [
        (year, Relation::Asked),
        (year - 1, Relation::OtherYear),
        (year + 1, Relation::OtherYear),
    ];
    for (y, relation) in years {
        let Some(v) = value(y) else { continue };
        b.push(
            relation,
            "population (1 July)",
            "usual-residence",
            &wpp,
            "population",
            country,
            Sex::Total,
            When::Year(y),
            Some(v),
            QuotedUnit::Persons,
            false,
            "de facto resident population on 1 July, WPP 2024 estimate",
        );
    }
    Ok(())
}

// Long because it adds, one after the other, each figure a net migration quote can mean (the
// count, the rate, the WDI vintage, neighbouring years), each with its own note.
fn net_migration(
    b: &mut Builder,
    concept: Concept,
    country: &str,
    when: When,
    cannot: &mut Option<(String, String)>,
) -> Result<()> {
    let codes = vec![country.to_string()];
    let (lk, df, wpp) = b.data.lookup(
        "wpp2024",
        &["net_migrants", "cnmr", "births", "cbr"],
        col::COUNTRY,
        &codes,
    )?;
    let source = Source::of(&wpp);
    let covered = indicator_years(&wpp, "net_migrants");
    let years = years_of(when);
    if years.iter().any(|y| !covered.contains(y)) {
        *cannot = Some((
            format!(
                "WPP 2024 covers net migration for {}, not {when}",
                crate::query::describe_years(&covered)
            ),
            "national statistics for the years outside the WPP 2024 range".into(),
        ));
        return Ok(());
    }
    let area = Area::country(country);
    let rows = rates::net_migrants(&df, &source, std::slice::from_ref(&area), &years)?;
    let sum: Option<f64> = rows.iter().map(|r| r.value).sum();
    let projection = rows.iter().any(|r| r.projection);
    let period_note = match when {
        When::Period(a, b) => format!("sum of the {} calendar years {a}-{b}", b - a + 1),
        When::Year(_) => String::new(),
    };
    let mut note = period_note.clone();
    if projection {
        measures::add_note(
            &mut note,
            "WPP 2024 medium-variant projection, not an estimate",
        );
    }
    let count_relation = if concept == Concept::NetMigration {
        Relation::Asked
    } else {
        Relation::OtherConcept
    };
    let rate_relation = if concept == Concept::NetMigrationRate {
        Relation::Asked
    } else {
        Relation::OtherConcept
    };
    // the count (asked, or beside the asked rate; figures are sorted by relation afterwards)
    b.push(
        count_relation,
        "net migration",
        "net-migration",
        &wpp,
        "net_migrants",
        country,
        Sex::Total,
        when,
        sum,
        QuotedUnit::Persons,
        projection,
        &note,
    );
    // the published rate (single years only)
    if let When::Year(y) = when {
        let cell = lk.country("cnmr", country, Sex::Total, y);
        let mut rnote = String::new();
        if cell.is_some_and(|c| c.projection) {
            rnote.push_str("WPP 2024 medium-variant projection, not an estimate");
        }
        b.push(
            rate_relation,
            "crude net migration rate",
            "cnmr",
            &wpp,
            "cnmr",
            country,
            Sex::Total,
            when,
            cell.and_then(|c| c.value),
            QuotedUnit::PerThousand,
            cell.is_some_and(|c| c.projection),
            &rnote,
        );
    } else if concept == Concept::NetMigrationRate {
        *cannot = Some((
            "a rate over a period is not a published figure".into(),
            "give one year (`--year 2023`): WPP 2024 publishes the rate per calendar year".into(),
        ));
    }
    // the older vintage: WDI SM.POP.NETM (WPP 2022-based)
    let (wlk, _, wdi) = b
        .data
        .lookup("wdi", &["net_migration"], col::COUNTRY, &codes)?;
    let wdi_years = indicator_years(&wdi, "net_migration");
    if years.iter().all(|y| wdi_years.contains(y)) && concept == Concept::NetMigration {
        let vals: Option<f64> = years
            .iter()
            .map(|y| {
                wlk.country("net_migration", country, Sex::Total, *y)
                    .and_then(|c| c.value)
            })
            .sum();
        let mut wnote = "WDI vintage of 2024-06-28, based on WPP 2022".to_string();
        if years.iter().any(|y| *y >= 2022) {
            measures::add_note(&mut wnote, "2022-2023 are WPP 2022 projections");
        }
        measures::add_note(&mut wnote, &period_note);
        b.push(
            Relation::OtherEdition,
            "net migration",
            "net-migration",
            &wdi,
            "net_migration",
            country,
            Sex::Total,
            when,
            vals,
            QuotedUnit::Persons,
            false,
            &wnote,
        );
    }
    // neighbouring years (kept only if they match the quote)
    if let When::Year(y) = when {
        for other in (y - 3..=y + 3).filter(|o| *o != y && covered.contains(o)) {
            let (ind, unit, label, def) = if concept == Concept::NetMigration {
                (
                    "net_migrants",
                    QuotedUnit::Persons,
                    "net migration",
                    "net-migration",
                )
            } else {
                (
                    "cnmr",
                    QuotedUnit::PerThousand,
                    "crude net migration rate",
                    "cnmr",
                )
            };
            let cell = lk.country(ind, country, Sex::Total, other);
            let proj = cell.is_some_and(|c| c.projection);
            b.push(
                Relation::OtherYear,
                label,
                def,
                &wpp,
                ind,
                country,
                Sex::Total,
                When::Year(other),
                cell.and_then(|c| c.value),
                unit,
                proj,
                if proj {
                    "WPP 2024 medium-variant projection"
                } else {
                    ""
                },
            );
        }
    }
    b.caveats.push("WPP net migration is estimated so that population, births and deaths add up; it is a balance, not a count of people who moved.".into());
    Ok(())
}

// Long because it is one pass over the two editions that adds every candidate stock in turn
// (asked, the reverse direction, the country total, other sexes and years) with its note.
#[allow(clippy::too_many_arguments)]
fn migrant_stocks(
    b: &mut Builder,
    concept: Concept,
    country: &str,
    partner: Option<&str>,
    when: When,
    sex: Sex,
    cannot: &mut Option<(String, String)>,
) -> Result<()> {
    let year = match when {
        When::Year(y) => y,
        When::Period(_, y) => {
            b.caveats.push(format!(
                "a stock is counted on a date: the period {when} was checked at its end, mid-{y}"
            ));
            y
        }
    };
    let (kind, other_kind) = match concept {
        Concept::EmigrantStock => (StockKind::Emigrant, StockKind::Immigrant),
        _ => (StockKind::Immigrant, StockKind::Emigrant),
    };
    let mut codes = vec![country.to_string()];
    if let Some(p) = partner {
        codes.push(p.to_string());
    }
    for (i, name) in ["ims2024", "ims2020"].into_iter().enumerate() {
        let relation_same = if i == 0 {
            Relation::Asked
        } else {
            Relation::OtherEdition
        };
        let (lk, df, prov) = b.data.lookup(
            name,
            &["immigrant_stock", "emigrant_stock"],
            col::COUNTRY,
            &codes,
        )?;
        let source = Source::of(&prov);
        let years = indicator_years(&prov, kind.indicator());
        let Some(y) = nearest(&years, year) else {
            continue;
        };
        let outside =
            years.first().is_some_and(|f| year < *f) || years.last().is_some_and(|l| year > *l);
        if outside {
            if i == 0 {
                *cannot = Some((
                    format!(
                        "UN DESA International Migrant Stock covers {}, not {year}",
                        crate::query::describe_years(&years)
                    ),
                    "a census or register count of the foreign-born for that year".into(),
                ));
                continue;
            }
            // the older edition ends earlier: its latest estimate is what older articles quote
            if cannot.is_some() || years.first().is_some_and(|f| year < *f) {
                continue;
            }
        }
        let year_note = if y != year {
            format!(
                "{} has no estimate for {year}; nearest mid-year estimate: {y}",
                short_edition(&prov)
            )
        } else {
            String::new()
        };
        match partner {
            Some(p) => {
                let (origin, dest) = match kind {
                    StockKind::Emigrant => (country, p),
                    StockKind::Immigrant => (p, country),
                };
                let (plk, _, _) = b
                    .data
                    .lookup(name, &["migrant_stock"], col::ORIGIN, &codes)?;
                let cell = plk.pair("migrant_stock", origin, dest, sex, y);
                let mut note = year_note.clone();
                if cell.is_none() {
                    measures::add_note(
                        &mut note,
                        "no estimate for this pair (UN DESA: insufficient data, not zero)",
                    );
                }
                if let Some(c) = cell {
                    if let Some(basis) = c.stock_basis {
                        measures::add_note(&mut note, basis.as_str());
                    }
                    if c.includes_refugees == Some(true) {
                        measures::add_note(&mut note, "incl. refugees");
                    }
                }
                let label = format!("migrants born in {origin} living in {dest}");
                b.push(
                    relation_same,
                    &label,
                    concept.definition_key(),
                    &prov,
                    "migrant_stock",
                    &pair_label(origin, dest),
                    sex,
                    When::Year(y),
                    cell.and_then(|c| c.value),
                    QuotedUnit::Persons,
                    false,
                    &note,
                );
                if i == 0 {
                    // the reverse direction: the classic mix-up of emigrants and immigrants
                    let rev = plk.pair("migrant_stock", dest, origin, sex, y);
                    let label = format!("migrants born in {dest} living in {origin}");
                    b.push(
                        Relation::OtherConcept,
                        &label,
                        other_kind_key(kind),
                        &prov,
                        "migrant_stock",
                        &pair_label(dest, origin),
                        sex,
                        When::Year(y),
                        rev.and_then(|c| c.value),
                        QuotedUnit::Persons,
                        false,
                        "the reverse direction",
                    );
                    // the country total
                    let rows =
                        stocks::stock(&df, &source, kind, &[Area::country(country)], &[y], &[sex])?;
                    if let Some(r) = rows.first() {
                        let label = match kind {
                            StockKind::Emigrant => {
                                format!("all emigrants from {country} (every destination)")
                            }
                            StockKind::Immigrant => {
                                format!("all immigrants in {country} (every origin)")
                            }
                        };
                        b.push(
                            Relation::OtherConcept,
                            &label,
                            concept.definition_key(),
                            &prov,
                            kind.indicator(),
                            country,
                            sex,
                            When::Year(y),
                            r.value,
                            QuotedUnit::Persons,
                            false,
                            &r.note,
                        );
                    }
                    let label = format!("migrants born in {origin} living in {dest}");
                    for (relation, s, year) in other_sexes_and_years(sex, y, &years) {
                        let c = plk.pair("migrant_stock", origin, dest, s, year);
                        b.push(
                            relation,
                            &label,
                            concept.definition_key(),
                            &prov,
                            "migrant_stock",
                            &pair_label(origin, dest),
                            s,
                            When::Year(year),
                            c.and_then(|c| c.value),
                            QuotedUnit::Persons,
                            false,
                            "",
                        );
                    }
                }
                if i == 0 && cell.is_none() {
                    *cannot = Some((
                        format!("UN DESA publishes no {y} estimate of migrants born in {origin} living in {dest}"),
                        format!("a census count of persons born in {origin} in {dest}'s census"),
                    ));
                }
            }
            None => {
                let rows =
                    stocks::stock(&df, &source, kind, &[Area::country(country)], &[y], &[sex])?;
                let (value, mut note) = rows
                    .first()
                    .map(|r| (r.value, r.note.clone()))
                    .unwrap_or((None, String::new()));
                measures::add_note(&mut note, &year_note);
                b.push(
                    relation_same,
                    concept.label(),
                    concept.definition_key(),
                    &prov,
                    kind.indicator(),
                    country,
                    sex,
                    When::Year(y),
                    value,
                    QuotedUnit::Persons,
                    false,
                    &note,
                );
                if i == 0 {
                    let rows = stocks::stock(
                        &df,
                        &source,
                        other_kind,
                        &[Area::country(country)],
                        &[y],
                        &[Sex::Total],
                    )?;
                    if let Some(r) = rows.first() {
                        let label = match other_kind {
                            StockKind::Emigrant => "emigrant stock",
                            StockKind::Immigrant => "immigrant stock",
                        };
                        b.push(
                            Relation::OtherConcept,
                            label,
                            other_kind_key(kind),
                            &prov,
                            other_kind.indicator(),
                            country,
                            Sex::Total,
                            When::Year(y),
                            r.value,
                            QuotedUnit::Persons,
                            false,
                            &r.note,
                        );
                    }
                    for (relation, s, year) in other_sexes_and_years(sex, y, &years) {
                        let v = lk
                            .country(kind.indicator(), country, s, year)
                            .and_then(|c| c.value);
                        b.push(
                            relation,
                            concept.label(),
                            concept.definition_key(),
                            &prov,
                            kind.indicator(),
                            country,
                            s,
                            When::Year(year),
                            v,
                            QuotedUnit::Persons,
                            false,
                            "",
                        );
                    }
                }
            }
        }
    }
    b.caveats.push("Migrant stocks are counted on 1 July of the estimate year and built from the destination countries' censuses; they are not the number who moved in that year.".into());
    b.caveats.push("The 2024 edition of International Migrant Stock revised the former USSR's stocks strongly; quote the edition.".into());
    Ok(())
}

/// The same stock for the other sexes in the year checked, then for the other published years:
/// each kept only if it explains the quote.
fn other_sexes_and_years(sex: Sex, year: i32, years: &[i32]) -> Vec<(Relation, Sex, i32)> {
    let sexes = [Sex::Female, Sex::Male]
        .into_iter()
        .filter(|s| *s != sex)
        .map(|s| (Relation::OtherSex, s, year));
    let others = years
        .iter()
        .copied()
        .filter(|o| *o != year)
        .map(|o| (Relation::OtherYear, sex, o));
    sexes.chain(others).collect()
}

fn other_kind_key(kind: StockKind) -> &'static str {
    match kind {
        StockKind::Emigrant => "immigrant-stock",
        StockKind::Immigrant => "emigrant-stock",
    }
}

fn immigrant_share(
    b: &mut Builder,
    country: &str,
    when: When,
    cannot: &mut Option<(String, String)>,
) -> Result<()> {
    let year = match when {
        When::Year(y) | When::Period(_, y) => y,
    };
    let codes = vec![country.to_string()];
    let (lk, _, prov) = b.data.lookup(
        "ims2024",
        &["immigrant_share_of_population", "immigrant_stock"],
        col::COUNTRY,
        &codes,
    )?;
    let years = indicator_years(&prov, "immigrant_share_of_population");
    let outside =
        years.first().is_some_and(|f| year < *f) || years.last().is_some_and(|l| year > *l);
    let Some(y) = nearest(&years, year).filter(|_| !outside) else {
        *cannot = Some((
            format!("International Migrant Stock 2024 has no share for {year}"),
            "a census count of the foreign-born and the population of that year".into(),
        ));
        return Ok(());
    };
    let note = if y != year {
        format!("no estimate for {year}; nearest mid-year estimate: {y}")
    } else {
        String::new()
    };
    let v = lk
        .country("immigrant_share_of_population", country, Sex::Total, y)
        .and_then(|c| c.value);
    b.push(
        Relation::Asked,
        "immigrants as % of population",
        "immigrant-stock",
        &prov,
        "immigrant_share_of_population",
        country,
        Sex::Total,
        When::Year(y),
        v,
        QuotedUnit::Percent,
        false,
        &note,
    );
    for other in years.iter().copied().filter(|o| *o != y) {
        let v = lk
            .country("immigrant_share_of_population", country, Sex::Total, other)
            .and_then(|c| c.value);
        b.push(
            Relation::OtherYear,
            "immigrants as % of population",
            "immigrant-stock",
            &prov,
            "immigrant_share_of_population",
            country,
            Sex::Total,
            When::Year(other),
            v,
            QuotedUnit::Percent,
            false,
            "",
        );
    }
    Ok(())
}

fn statistics_office(country: &str) -> &'static str {
    match country {
        "AZE" => "the State Statistical Committee of the Republic of Azerbaijan, the State Migration Service and the State Border Service",
        "ARM" => "the Statistical Committee of the Republic of Armenia (Armstat) and the Migration and Citizenship Service",
        "GEO" => "the National Statistics Office of Georgia (Geostat) and the Ministry of Internal Affairs",
        "RUS" => "Rosstat and the Ministry of Internal Affairs (MVD: migration registrations, patents)",
        "UKR" => "the State Statistics Service of Ukraine and the State Border Guard Service",
        "KAZ" => "the Bureau of National Statistics of Kazakhstan",
        "KGZ" => "the National Statistical Committee of the Kyrgyz Republic",
        "TJK" => "the Statistics Agency under the President of Tajikistan and the Migration Service",
        "UZB" => "the Statistics Agency of Uzbekistan and the Agency for External Labour Migration",
        "MDA" => "the National Bureau of Statistics of Moldova and the Border Police",
        "BLR" => "Belstat (the National Statistical Committee of Belarus)",
        "TKM" => "the State Committee of Turkmenistan on Statistics",
        _ => "the national statistical office",
    }
}

fn flows(
    b: &mut Builder,
    concept: Concept,
    country: &str,
    when: When,
    cannot: &mut Option<(String, String)>,
) -> Result<()> {
    let what = if concept == Concept::Emigration {
        "emigrants"
    } else {
        "immigrants"
    };
    *cannot = Some((
        format!(
            "UN open data have no gross {} flow: WPP publishes net migration only and International Migrant Stock counts stocks, not moves",
            if concept == Concept::Emigration { "emigration" } else { "immigration" }
        ),
        format!(
            "counts of {what} in {when} by the UN definition (a change of usual residence for 12 months or more), from {}{}",
            statistics_office(country),
            if concept == Concept::Emigration {
                ", or the immigration statistics of the destination countries (e.g. Eurostat migr_imm5prv, Rosstat)"
            } else {
                ""
            }
        ),
    ));
    // the flows estimated from stocks: an order of magnitude, never a match
    if let Some((value, period)) = estimate::annual_estimate(concept, country, when) {
        let scale = estimate::order_of_magnitude(b.q, value, period);
        if let Some((reason, _)) = cannot.as_mut() {
            reason.push_str("; ");
            reason.push_str(&scale);
        }
    }
    // related figures a journalist may have used
    net_migration(b, Concept::NetMigration, country, when, &mut None)?;
    for f in b.figures.iter_mut() {
        if f.relation == Relation::Asked {
            f.relation = Relation::OtherConcept;
        }
    }
    let year = match when {
        When::Year(y) | When::Period(_, y) => y,
    };
    let kind = if concept == Concept::Emigration {
        StockKind::Emigrant
    } else {
        StockKind::Immigrant
    };
    let codes = vec![country.to_string()];
    let (_, df, prov) = b
        .data
        .lookup("ims2024", &[kind.indicator()], col::COUNTRY, &codes)?;
    let years = indicator_years(&prov, kind.indicator());
    if let Some(y) = nearest(&years, year) {
        let rows = stocks::stock(
            &df,
            &Source::of(&prov),
            kind,
            &[Area::country(country)],
            &[y],
            &[Sex::Total],
        )?;
        if let Some(r) = rows.first() {
            let label = if kind == StockKind::Emigrant {
                "emigrant stock"
            } else {
                "immigrant stock"
            };
            b.push(
                Relation::OtherConcept,
                label,
                if kind == StockKind::Emigrant {
                    "emigrant-stock"
                } else {
                    "immigrant-stock"
                },
                &prov,
                kind.indicator(),
                country,
                Sex::Total,
                When::Year(y),
                r.value,
                QuotedUnit::Persons,
                false,
                "a stock on 1 July, not a flow",
            );
        }
    }
    Ok(())
}

// Long on purpose: one list of decisions in order of precedence (cannot check, no value,
// consistent, projection, a better match, close, off), kept together to be read at once.
fn judge(
    figures: &[Figure],
    claim: &Claim,
    concept: Concept,
    q: &Quantity,
    tol: f64,
    cannot: Option<(String, String)>,
) -> Verdict {
    let asked = figures.iter().position(|f| f.relation == Relation::Asked);
    let describe = |f: &Figure| {
        format!(
            "{} {} ({}{}, {}, {})",
            f.value
                .map_or("missing".into(), |v| crate::output::readable_number(
                    round3(v)
                )),
            f.unit.as_str(),
            f.label,
            if f.sex == Sex::Total {
                String::new()
            } else {
                format!(", {}", f.sex.as_str())
            },
            f.edition,
            f.when
        )
    };
    let tol_text = format!(
        "±{} {} (rounding of the quote's precision)",
        crate::output::readable_number(round3(tol)),
        q.unit.as_str()
    );
    // a misread unit on the asked figure, then the figures differing in the fewest ways
    // (edition, concept, year, sex; crossed jointly), then misread units on other figures
    let alternative = || -> Option<(usize, String)> {
        let mut best: Option<(usize, usize, String)> = None;
        for (i, f) in figures.iter().enumerate() {
            let Status::Consistent { reading, .. } = f.status else {
                continue;
            };
            let misread = match reading {
                Reading::AsQuoted => None,
                Reading::ThousandsAsPersons | Reading::PersonsAsThousands => {
                    Some("thousands-vs-persons")
                }
                _ => Some("per-1000-vs-percent"),
            };
            if f.relation == Relation::Asked && misread.is_none() {
                continue;
            }
            let mut parts: Vec<&str> = f.differences.clone();
            if let Some(m) = misread {
                parts.push(m);
            }
            let base = |d: &str| match d {
                "edition" => 1,
                "concept" => 2,
                "year" | "projection-vs-estimate" => 3,
                "sex" => 4,
                _ => 5,
            };
            let rank = if f.relation == Relation::Asked {
                0
            } else {
                parts.len() * 10 + parts.iter().map(|d| base(d)).min().unwrap_or(5)
            };
            if best.as_ref().is_none_or(|(_, r, _)| rank < *r) {
                best = Some((i, rank, parts.join("+")));
            }
        }
        best.map(|(i, _, what)| (i, what))
    };
    if let Some((reason, needed)) = cannot {
        // the asked figure does not exist, so every other figure is already another concept:
        // offer one only when it differs in a single further way, not by coincidence of several
        if let Some((i, what)) = alternative().filter(|(_, what)| !what.contains('+')) {
            let f = &figures[i];
            return Verdict {
                kind: VerdictKind::MatchesDifferent,
                difference: Some(what.clone()),
                summary: format!(
                    "the {} asked for cannot be checked ({reason}), but the quote's number matches {}: {}",
                    concept.label(),
                    what_words(&what),
                    describe(f)
                ),
                figure: Some(i),
                needed: Some(needed),
            };
        }
        return Verdict {
            kind: VerdictKind::CannotCheck,
            difference: None,
            summary: format!("{reason}."),
            figure: asked,
            needed: Some(needed),
        };
    }
    let Some(ai) = asked else {
        return Verdict {
            kind: VerdictKind::CannotCheck,
            difference: None,
            summary: "no official figure for this claim in the embedded data.".into(),
            figure: None,
            needed: Some("a published figure for this concept, country and year".into()),
        };
    };
    let a = &figures[ai];
    if a.value.is_none() {
        if let Some((i, what)) = alternative() {
            return Verdict {
                kind: VerdictKind::MatchesDifferent,
                difference: Some(what.clone()),
                summary: format!("no published value for the figure asked for; the quote's number matches {}: {}", what_words(&what), describe(&figures[i])),
                figure: Some(i),
                needed: None,
            };
        }
        return Verdict {
            kind: VerdictKind::CannotCheck,
            difference: None,
            summary: format!(
                "the publisher gives no value for {} ({}, {}).",
                a.label, a.edition, a.when
            ),
            figure: Some(ai),
            needed: Some("a published estimate for this country and year".into()),
        };
    }
    match a.status {
        Status::Consistent {
            reading: Reading::AsQuoted,
            ..
        } => {
            if a.projection && !claim.says_projection {
                return Verdict {
                    kind: VerdictKind::MatchesDifferent,
                    difference: Some("projection-vs-estimate".into()),
                    summary: format!(
                        "the quote matches {}, but that is a WPP 2024 medium-variant projection, not an observed estimate; quote it as a projection",
                        describe(a)
                    ),
                    figure: Some(ai),
                    needed: None,
                };
            }
            Verdict {
                kind: VerdictKind::Consistent,
                difference: None,
                summary: format!(
                    "the official figure is {}; {}.",
                    describe(a),
                    match q.comparator {
                        Comparator::Approximately => format!("the quote is within {tol_text}"),
                        Comparator::AtLeast =>
                            format!("it is above the quote's lower bound (allowing {tol_text})"),
                        Comparator::AtMost =>
                            format!("it is below the quote's upper bound (allowing {tol_text})"),
                        Comparator::Between(_) =>
                            format!("it is within the quoted range (allowing {tol_text})"),
                    }
                ),
                figure: Some(ai),
                needed: None,
            }
        }
        status => {
            // a figure differing in several ways matches by coincidence more often than not: it
            // beats a close reading of the asked figure only when it differs in one way, an off
            // one in at most two
            let most = if matches!(status, Status::Close { .. }) {
                1
            } else {
                2
            };
            let plausible = |what: &String| what.split('+').count() <= most;
            if let Some((i, what)) = alternative().filter(|(_, what)| plausible(what)) {
                let f = &figures[i];
                let summary = match what.as_str() {
                    "thousands-vs-persons" | "per-1000-vs-percent" => format!(
                        "the quote's number is {} misread ({}): {}",
                        if f.relation == Relation::Asked {
                            "the right figure".to_string()
                        } else {
                            format!("the {}", f.label)
                        },
                        match f.status {
                            Status::Consistent { reading, .. } => reading.as_str(),
                            _ => "",
                        },
                        describe(f)
                    ),
                    _ => format!(
                        "the quote's number is not the {} asked for ({}) but matches {}: {}",
                        concept.label(),
                        describe(a),
                        what_words(&what),
                        describe(f)
                    ),
                };
                return Verdict {
                    kind: VerdictKind::MatchesDifferent,
                    difference: Some(what.clone()),
                    summary,
                    figure: Some(i),
                    needed: None,
                };
            }
            match status {
                Status::Close { diff_pct } => Verdict {
                    kind: VerdictKind::Close,
                    difference: None,
                    summary: format!(
                        "the official figure is {}; the quote is off by {}, more than its precision allows ({tol_text}) but within 10 %.",
                        describe(a),
                        signed_pct(diff_pct)
                    ),
                    figure: Some(ai),
                    needed: None,
                },
                Status::Off { diff_pct } => Verdict {
                    kind: VerdictKind::Inconsistent,
                    difference: None,
                    summary: format!(
                        "the official figure is {}; the quote is off by {}, and matches no other edition, year or related concept.",
                        describe(a),
                        signed_pct(diff_pct)
                    ),
                    figure: Some(ai),
                    needed: None,
                },
                _ => Verdict {
                    kind: VerdictKind::CannotCheck,
                    difference: None,
                    summary: format!(
                        "the quote ({}) cannot be compared with {} in {}.",
                        q.describe(),
                        a.label,
                        a.unit.as_str()
                    ),
                    figure: Some(ai),
                    needed: Some(format!("the figure in {}", a.unit.as_str())),
                },
            }
        }
    }
}

fn what_words(what: &str) -> String {
    let words: Vec<&str> = what.split('+').map(what_word).collect();
    words.join(" and ")
}

fn what_word(what: &str) -> &'static str {
    match what {
        "edition" => "another edition",
        "concept" => "a different concept",
        "year" => "another year",
        "sex" => "one sex only",
        "projection-vs-estimate" => "a projection for another year",
        "thousands-vs-persons" => "a figure misread between thousands and persons",
        _ => "a rate misread between per 1,000 and per cent",
    }
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}
