//! Migrant stocks (UN DESA International Migrant Stock): immigrant and emigrant totals, shares of
//! population, female share, growth, change across periods and the main partner countries.

use std::collections::HashMap;

use polars::prelude::DataFrame;

use super::matrix::{OdStocks, Ranking};
use super::rates::percent;
use super::{
    add_note, clean, non_negative, positive, sum_area, unit, Area, Lookup, MeasureRow, Source,
    Summed,
};
use crate::error::{Error, Result};
use crate::tidy::{col, Sex, StockBasis};

/// Average annual rate of change of a stock between two dates n years apart, % per year:
/// `r = 100 x ln(S2 / S1) / n` (exponential growth; UN DESA IMS Table 5 uses this formula).
/// Missing when a stock is not positive or n is not positive.
pub fn annual_rate_of_change(s1: f64, s2: f64, years: f64) -> Option<f64> {
    if !positive(s1) || !positive(s2) || !positive(years) {
        return None;
    }
    clean(Some(100.0 * (s2 / s1).ln() / years))
}

/// Relative change of a stock over a period, %: `100 x (S2 - S1) / S1`.
pub fn percent_change(s1: f64, s2: f64) -> Option<f64> {
    if !positive(s1) {
        return None;
    }
    clean(Some(100.0 * (s2 - s1) / s1))
}

/// Emigrants as % of the origin's resident population plus its emigrants:
/// `100 x E / (P + E)`, where E is the emigrant stock (persons born in the country living
/// abroad) and P the resident population. It answers "what share of everyone born in the country
/// (and alive) lives abroad", approximately, since P also contains immigrants.
pub fn emigrant_share(emigrants: f64, residents: f64) -> Option<f64> {
    if !non_negative(emigrants) || !non_negative(residents) {
        return None;
    }
    percent(emigrants, residents + emigrants)
}

/// Which stock a measure looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockKind {
    /// Immigrants living in the country (by destination).
    Immigrant,
    /// Emigrants born in the country living abroad (by origin).
    Emigrant,
}

impl StockKind {
    pub fn indicator(self) -> &'static str {
        match self {
            StockKind::Immigrant => "immigrant_stock",
            StockKind::Emigrant => "emigrant_stock",
        }
    }
}

/// A stock to follow: a country total (immigrants or emigrants) or an origin → destination pair;
/// each side may be a group summed with `--total`.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    Country(StockKind, Area),
    Pair { origin: Area, destination: Area },
}

impl Subject {
    fn row(&self, measure: &str, value: Option<f64>, unit: &str, source: &Source) -> MeasureRow {
        let (country, origin, destination) = match self {
            Subject::Country(_, a) => (Some(a.code.clone()), None, None),
            Subject::Pair {
                origin,
                destination,
            } => (
                None,
                Some(origin.code.clone()),
                Some(destination.code.clone()),
            ),
        };
        let mut row = MeasureRow {
            country,
            origin,
            destination,
            ..MeasureRow::new(measure, value, unit, source)
        };
        match self {
            Subject::Country(_, a) => add_note(&mut row.note, &a.note()),
            Subject::Pair {
                origin,
                destination,
            } => {
                if origin.is_group() {
                    add_note(
                        &mut row.note,
                        &format!("origins summed: {}", origin.members.join(", ")),
                    );
                }
                if destination.is_group() {
                    add_note(
                        &mut row.note,
                        &format!("destinations summed: {}", destination.members.join(", ")),
                    );
                }
            }
        }
        row
    }

    /// The stock in a year, with a note on missing/imputed inputs and stock basis.
    fn value(&self, inputs: &SubjectInputs, sex: Sex, year: i32) -> (Option<f64>, String) {
        match self {
            Subject::Country(kind, area) => {
                let s = sum_area(&inputs.countries, kind.indicator(), area, sex, year);
                (s.value, s.note(kind.indicator()))
            }
            Subject::Pair {
                origin,
                destination,
            } => {
                let (o, d) = (&origin.members, &destination.members);
                let (sum, absent) = inputs.pairs.table(sex).pair_sum(o, d, year);
                let mut note = if sum.present == 0 {
                    format!(
                        "no {year} estimate for this pair (UN DESA: insufficient data, not zero)"
                    )
                } else if absent > 0 {
                    format!("{year}: {} pairs summed, {absent} without estimate (insufficient data) left out", sum.present)
                } else {
                    String::new()
                };
                add_note(
                    &mut note,
                    &pair_notes(&inputs.pairs.flagged, o, d, sex, year),
                );
                (sum.value(), note)
            }
        }
    }
}

/// What the stocks of [`Subject`]s are read from: country totals by key, bilateral stocks
/// through the whole-table engine (each built only when a subject needs it).
struct SubjectInputs {
    countries: Lookup,
    pairs: Bilateral,
}

impl SubjectInputs {
    fn new(ims: &DataFrame, subjects: &[Subject], sexes: &[Sex]) -> Result<SubjectInputs> {
        let pair = |s: &Subject| matches!(s, Subject::Pair { .. });
        let countries = if subjects.iter().all(pair) {
            Lookup::default()
        } else {
            Lookup::from_frame(ims)?
        };
        let pairs = if subjects.iter().any(pair) {
            Bilateral::new(ims, sexes)?
        } else {
            Bilateral::default()
        };
        Ok(SubjectInputs { countries, pairs })
    }
}

/// The bilateral stocks of a prefiltered frame: one whole-table engine per sex asked for, and
/// the flagged cells that notes mention.
#[derive(Default)]
struct Bilateral {
    tables: Vec<(Sex, OdStocks)>,
    flagged: Lookup,
    /// the table of a sex not asked for
    empty: OdStocks,
}

impl Bilateral {
    fn new(ims: &DataFrame, sexes: &[Sex]) -> Result<Bilateral> {
        // one sex: only its rows; several: every sex's table in one pass over the frame
        let tables = match sexes {
            [sex] => vec![(*sex, OdStocks::from_tidy_sex(ims, *sex)?)],
            _ => OdStocks::from_tidy(ims)?
                .into_iter()
                .filter(|t| sexes.contains(&t.0))
                .collect(),
        };
        Ok(Bilateral {
            tables,
            flagged: flagged_pairs(ims)?,
            empty: OdStocks::default(),
        })
    }

    /// The table of a sex given to [`Bilateral::new`] (an empty one when the frame has no row
    /// of that sex, or it was not asked for).
    fn table(&self, sex: Sex) -> &OdStocks {
        match self.tables.iter().find(|t| t.0 == sex) {
            Some((_, table)) => table,
            None => &self.empty,
        }
    }
}

/// The bilateral cells a note must mention (imputed, or counting foreign citizens), by key: the
/// engine holds stocks only, and few cells carry such a flag.
fn flagged_pairs(ims: &DataFrame) -> Result<Lookup> {
    let stock = crate::query::rows_equal_any(ims, col::INDICATOR, &["migrant_stock"])?;
    let imputed: polars::prelude::BooleanChunked = ims
        .column(col::IMPUTED)?
        .bool()?
        .iter()
        .map(|v| Some(v == Some(true)))
        .collect();
    let citizens = crate::query::rows_equal_any(
        ims,
        col::STOCK_BASIS,
        &[StockBasis::ForeignCitizens.as_str()],
    )?;
    let rows = ims.filter(&(&stock & &(&imputed | &citizens)))?;
    Lookup::from_frame(&rows)
}

/// "2020 ARM->RUS imputed; RUS: foreign citizens (not foreign-born)" for the pairs of a sum.
fn pair_notes(
    flagged: &Lookup,
    origins: &[String],
    destinations: &[String],
    sex: Sex,
    year: i32,
) -> String {
    let mut note = String::new();
    for o in origins {
        for d in destinations {
            let Some(c) = flagged.pair("migrant_stock", o, d, sex, year) else {
                continue;
            };
            if c.imputed == Some(true) {
                add_note(&mut note, &format!("{year} {o}->{d} imputed"));
            }
            if c.stock_basis == Some(StockBasis::ForeignCitizens) {
                add_note(
                    &mut note,
                    &format!("{d}: foreign citizens (not foreign-born)"),
                );
            }
        }
    }
    note
}

/// Immigrant or emigrant stock of countries or groups by sex and year, persons.
///
/// Definition: international migrant stock, mid-year (1 July), UN DESA International Migrant
/// Stock; immigrants are the foreign-born where a census asked for birthplace (UN Recommendations
/// Rev.1 1998), foreign citizens otherwise (the note says so), refugees included where UN DESA
/// added them. Emigrants of a country are persons born there living in any other country. A
/// group's stock is the sum of its members' (missing if any member is missing).
pub fn stock(
    ims: &DataFrame,
    source: &Source,
    kind: StockKind,
    areas: &[Area],
    years: &[i32],
    sexes: &[Sex],
) -> Result<Vec<MeasureRow>> {
    let lk = Lookup::from_frame(ims)?;
    let mut rows = Vec::new();
    for area in areas {
        for &sex in sexes {
            for &year in years {
                let s = sum_area(&lk, kind.indicator(), area, sex, year);
                let mut row =
                    MeasureRow::area(kind.indicator(), area, year, s.value, unit::PERSONS, source)
                        .with_sex(sex)
                        .with_projection(s.projection)
                        .with_note(&area.note())
                        .with_note(&s.note(kind.indicator()));
                if kind == StockKind::Immigrant {
                    add_note(&mut row.note, &basis_note(&lk, area, sex, year, &s));
                }
                rows.push(row);
            }
        }
    }
    Ok(rows)
}

/// "foreign-born; incl. refugees" for the stock basis of a single country (groups: see Summed).
fn basis_note(lk: &Lookup, area: &Area, sex: Sex, year: i32, s: &Summed) -> String {
    if area.is_group() {
        return if s.includes_refugees.is_empty() {
            String::new()
        } else {
            format!("refugees included for {}", s.includes_refugees.join(", "))
        };
    }
    let mut note = String::new();
    if let Some((_, b)) = s.stock_basis.first() {
        add_note(&mut note, b.as_str());
    }
    if let Some(c) = lk.country("immigrant_stock", &area.members[0], sex, year) {
        if c.includes_refugees == Some(true) {
            add_note(&mut note, "incl. refugees");
        }
    }
    note
}

/// Immigrant stock as % of the total population: `100 x immigrant stock / population`, both
/// mid-year from the same IMS edition (UN DESA IMS Table 3). Groups: summed stock over summed
/// population. The row `stock_share_un` gives the published share for single countries.
pub fn stock_share(
    ims: &DataFrame,
    source: &Source,
    areas: &[Area],
    years: &[i32],
) -> Result<Vec<MeasureRow>> {
    let lk = Lookup::from_frame(ims)?;
    if lk.years("population").is_empty() {
        return Err(Error::NotCovered(format!(
            "{} has no population figures, so the immigrant share cannot be computed within one edition; use --edition 2024",
            source.edition
        )));
    }
    Ok(super::area_year_rows(areas, years, |area, year, rows| {
        let s = sum_area(&lk, "immigrant_stock", area, Sex::Total, year);
        let p = sum_area(&lk, "population", area, Sex::Total, year);
        let share = match (s.value, p.value) {
            (Some(s), Some(p)) => percent(s, p),
            _ => None,
        };
        let published = if area.is_group() {
            None
        } else {
            lk.country(
                "immigrant_share_of_population",
                &area.members[0],
                Sex::Total,
                year,
            )
            .and_then(|c| c.value)
        };
        let mut note = area.note();
        add_note(&mut note, &s.note("immigrant stock"));
        add_note(&mut note, &p.note("population"));
        for (measure, value, u) in [
            ("immigrant_stock", s.value, unit::PERSONS),
            ("population", p.value, unit::PERSONS),
            ("stock_share", share, unit::PERCENT),
            ("stock_share_un", published, unit::PERCENT),
        ] {
            rows.push(MeasureRow::area(measure, area, year, value, u, source).with_note(&note));
        }
    }))
}

/// Emigrants as % of the origin's resident population plus its emigrants, `100 x E / (P + E)`
/// (see [`emigrant_share`]); E and P from the same IMS edition, mid-year. Refused for groups: a
/// group's emigrants include moves between its members, who are also in its resident population.
pub fn emigrant_share_rows(
    ims: &DataFrame,
    source: &Source,
    areas: &[Area],
    years: &[i32],
) -> Result<Vec<MeasureRow>> {
    if let Some(group) = areas.iter().find(|a| a.is_group()) {
        return Err(Error::NotCovered(format!(
            "emigrant-share cannot be summed over a group ({}): emigrants who moved between its members are also in its resident population; drop --total",
            group.code
        )));
    }
    let lk = Lookup::from_frame(ims)?;
    if lk.years("population").is_empty() {
        return Err(Error::NotCovered(format!(
            "{} has no population figures, so the emigrant share cannot be computed within one edition; use --edition 2024",
            source.edition
        )));
    }
    Ok(super::area_year_rows(areas, years, |area, year, rows| {
        let e = sum_area(&lk, "emigrant_stock", area, Sex::Total, year);
        let p = sum_area(&lk, "population", area, Sex::Total, year);
        let share = match (e.value, p.value) {
            (Some(e), Some(p)) => emigrant_share(e, p),
            _ => None,
        };
        let mut note = e.note("emigrant stock");
        add_note(&mut note, &p.note("population"));
        for (measure, value, u) in [
            ("emigrant_stock", e.value, unit::PERSONS),
            ("population", p.value, unit::PERSONS),
            ("emigrant_share", share, unit::PERCENT),
        ] {
            rows.push(MeasureRow::area(measure, area, year, value, u, source).with_note(&note));
        }
    }))
}

/// Women as % of a migrant stock: `100 x female stock / total stock` (groups: summed female over
/// summed total). For single countries the row `female_share_un` gives the published share where
/// the edition has it (IMS 2024).
pub fn female_share(
    ims: &DataFrame,
    source: &Source,
    kind: StockKind,
    areas: &[Area],
    years: &[i32],
) -> Result<Vec<MeasureRow>> {
    let lk = Lookup::from_frame(ims)?;
    let published_indicator = match kind {
        StockKind::Immigrant => "female_share_of_immigrants",
        StockKind::Emigrant => "female_share_of_emigrants",
    };
    Ok(super::area_year_rows(areas, years, |area, year, rows| {
        let f = sum_area(&lk, kind.indicator(), area, Sex::Female, year);
        let t = sum_area(&lk, kind.indicator(), area, Sex::Total, year);
        let share = match (f.value, t.value) {
            (Some(f), Some(t)) => percent(f, t),
            _ => None,
        };
        let published = if area.is_group() {
            None
        } else {
            lk.country(published_indicator, &area.members[0], Sex::Total, year)
                .and_then(|c| c.value)
        };
        let mut note = area.note();
        add_note(&mut note, &t.note(kind.indicator()));
        add_note(&mut note, &f.note("female stock"));
        let un_note = if published.is_none()
            && !area.is_group()
            && lk.years(published_indicator).is_empty()
        {
            format!(
                "{} publishes no female share in this extract",
                source.edition
            )
        } else {
            String::new()
        };
        rows.push(
            MeasureRow::area(kind.indicator(), area, year, t.value, unit::PERSONS, source)
                .with_note(&note),
        );
        rows.push(
            MeasureRow::area(kind.indicator(), area, year, f.value, unit::PERSONS, source)
                .with_sex(Sex::Female)
                .with_note(&note),
        );
        rows.push(
            MeasureRow::area("female_share", area, year, share, unit::PERCENT, source)
                .with_note(&note),
        );
        rows.push(
            MeasureRow::area(
                "female_share_un",
                area,
                year,
                published,
                unit::PERCENT,
                source,
            )
            .with_note(&note)
            .with_note(&un_note),
        );
    }))
}

/// Change of a stock across periods (e.g. 1990-2000, 2000-2010, 2010-2020).
///
/// Rows per subject, sex and period: `stock_start` S1 and `stock_end` S2 (persons), `change`
/// S2 - S1 (persons), `change_pct` 100 (S2 - S1) / S1 (%) and `annual_rate`
/// 100 ln(S2 / S1) / n (% per year, n = length of the period in years). With `growth_only`, only
/// the two stocks and the annual rate (`stock-growth`).
pub fn period_change(
    ims: &DataFrame,
    source: &Source,
    subjects: &[Subject],
    periods: &[(i32, i32)],
    sexes: &[Sex],
    growth_only: bool,
) -> Result<Vec<MeasureRow>> {
    let inputs = SubjectInputs::new(ims, subjects, sexes)?;
    let mut rows = Vec::new();
    for subject in subjects {
        for &sex in sexes {
            for &(a, b) in periods {
                let (s1, n1) = subject.value(&inputs, sex, a);
                let (s2, n2) = subject.value(&inputs, sex, b);
                let (change, pct, rate) = match (s1, s2) {
                    (Some(x), Some(y)) => (
                        clean(Some(y - x)),
                        percent_change(x, y),
                        annual_rate_of_change(x, y, f64::from(b - a)),
                    ),
                    _ => (None, None, None),
                };
                let mut measures = vec![
                    ("stock_start", s1, unit::PERSONS),
                    ("stock_end", s2, unit::PERSONS),
                ];
                if !growth_only {
                    measures.push(("change", change, unit::PERSONS));
                    measures.push(("change_pct", pct, unit::PERCENT));
                }
                measures.push(("annual_rate", rate, unit::PERCENT_PER_YEAR));
                for (measure, value, u) in measures {
                    let mut row = subject.row(measure, value, u, source);
                    row.sex = sex;
                    row.period = Some(format!("{a}-{b}"));
                    add_note(&mut row.note, &n1);
                    add_note(&mut row.note, &n2);
                    rows.push(row);
                }
            }
        }
    }
    Ok(rows)
}

/// Direction of a partner ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partners {
    /// Where the emigrants of the given origins live.
    Destinations,
    /// Where the immigrants of the given destinations were born.
    Origins,
}

/// The main partner countries of a country or group, ranked by bilateral migrant stock.
///
/// Rows per area, sex and year: for the `top` largest partners, `migrant_stock` (persons) and
/// `share_of_total` = 100 x stock with the partner / stock with all partners (%), with the rank;
/// then a `TOTAL` row with the sum over all partners present. UN DESA leaves out pairs without
/// estimates (not zero), so the total is the sum of the pairs present, as in its own tables.
/// The ranking (ties by partner code) is the whole-table engine's ([`OdStocks::rank_areas`]).
pub fn top_partners(
    ims: &DataFrame,
    source: &Source,
    direction: Partners,
    areas: &[Area],
    years: &[i32],
    sexes: &[Sex],
    top: usize,
) -> Result<Vec<MeasureRow>> {
    let bilateral = Bilateral::new(ims, sexes)?;
    // every area ranked at once per sex and year: one pass over that year's pairs
    let mut ranked: HashMap<(Sex, i32), Vec<Ranking>> = HashMap::new();
    for (sex, table) in &bilateral.tables {
        for &year in years {
            ranked
                .entry((*sex, year))
                .or_insert_with(|| table.rank_areas(direction, areas, year, top));
        }
    }
    let mut rows = Vec::new();
    for (i, area) in areas.iter().enumerate() {
        for &sex in sexes {
            for &year in years {
                let of = PartnerRows {
                    direction,
                    area,
                    sex,
                    year,
                    source,
                };
                rows.extend(of.rows(&ranked[&(sex, year)][i], &bilateral.flagged));
            }
        }
    }
    Ok(rows)
}

/// The rows of one area's ranking in one sex and year.
struct PartnerRows<'a> {
    direction: Partners,
    area: &'a Area,
    sex: Sex,
    year: i32,
    source: &'a Source,
}

impl PartnerRows<'_> {
    fn rows(&self, ranking: &Ranking, flagged: &Lookup) -> Vec<MeasureRow> {
        let Some(total) = ranking.total.value() else {
            let note = format!("no bilateral estimates for {}", self.year);
            return vec![self
                .row("TOTAL", "migrant_stock", None, unit::PERSONS)
                .with_note(&note)];
        };
        let mut rows = Vec::new();
        for (i, &(partner, value)) in ranking.best.iter().enumerate() {
            let imputed = self.imputed(partner, flagged);
            for (measure, v, u) in [
                ("migrant_stock", Some(value), unit::PERSONS),
                ("share_of_total", percent(value, total), unit::PERCENT),
            ] {
                let mut row = self.row(partner, measure, v, u);
                row.rank = Some(i + 1);
                if self.area.is_group() && self.area.members.iter().any(|m| m == partner) {
                    add_note(
                        &mut row.note,
                        "partner is a member of the group (moves within the group)",
                    );
                }
                if imputed {
                    add_note(&mut row.note, "imputed");
                }
                rows.push(row);
            }
        }
        let note = format!("all {} partners with an estimate", ranking.total.present);
        for (measure, value, u) in [
            ("migrant_stock", Some(total), unit::PERSONS),
            ("share_of_total", percent(total, total), unit::PERCENT),
        ] {
            rows.push(self.row("TOTAL", measure, value, u).with_note(&note));
        }
        rows
    }

    fn row(&self, partner: &str, measure: &str, value: Option<f64>, u: &str) -> MeasureRow {
        let (me, partner) = (self.area.code.clone(), partner.to_string());
        let (origin, destination) = match self.direction {
            Partners::Destinations => (me, partner),
            Partners::Origins => (partner, me),
        };
        let mut row = MeasureRow::area(measure, self.area, self.year, value, u, self.source)
            .with_sex(self.sex)
            .with_note(&self.area.note());
        row.country = None;
        row.origin = Some(origin);
        row.destination = Some(destination);
        row
    }

    /// Whether any member's stock with the partner is imputed.
    fn imputed(&self, partner: &str, flagged: &Lookup) -> bool {
        self.area.members.iter().any(|m| {
            let (o, d) = match self.direction {
                Partners::Destinations => (m.as_str(), partner),
                Partners::Origins => (partner, m.as_str()),
            };
            flagged
                .pair("migrant_stock", o, d, self.sex, self.year)
                .is_some_and(|c| c.value.is_some() && c.imputed == Some(true))
        })
    }
}
