//! Migration measures by the UN definitions: stocks, flows, net migration and rates.
//!
//! Every measure is a pure function over tidy frames (see [`crate::tidy`]) or plain numbers. The
//! frame-level functions return [`MeasureRow`]s: one value with its unit, the dataset, source and
//! edition it was computed from, and the flags a reader needs (projection, missing, imputed).
//!
//! Conventions shared by all measures:
//! - Counts are persons (the tidy tables never hold thousands).
//! - A value the publisher did not give is `None` ("missing"), never 0; a sum over a group with a
//!   missing member is missing too, and the row says which member is missing.
//! - Rates of a group are the summed numerator over the summed denominator, never an average of
//!   the members' rates (see [`rates::group_rate`]).
//! - Results never mix editions: each function reads one frame and labels every row with that
//!   frame's [`Source`].
//!
//! Families: [`rates`] (net migration, CNMR, remittances, refugees), [`balancing`] (demographic
//! balancing equation), [`stocks`] (immigrant and emigrant stocks, shares, growth, period change,
//! top partners) and [`flows`] (stock differencing and migration effectiveness); [`matrix`] is the
//! one engine of every bilateral sum, stock difference, exchange and ranking, used by those row
//! measures and directly for whole origin x destination tables (whole world, sub-national
//! regions).

pub mod balancing;
pub mod engine;
pub mod estimate;
pub mod flows;
pub mod matrix;
pub mod rates;
pub mod stocks;

use polars::prelude::*;

use crate::error::Result;
use crate::provenance::Provenance;
use crate::tidy::{self, col, Sex, StockBasis};

/// Where a measure's inputs come from: the dataset, its short source line and its edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub dataset: String,
    pub source: String,
    pub edition: String,
}

impl Source {
    /// The source of an embedded or imported dataset, from its provenance.
    pub fn of(provenance: &Provenance) -> Source {
        Source {
            dataset: provenance.name.clone(),
            source: provenance.source.clone(),
            edition: provenance.edition.clone(),
        }
    }

    /// Two sources combined in one measure (e.g. UNHCR refugees over WPP population).
    pub fn join(&self, other: &Source) -> Source {
        Source {
            dataset: format!("{}+{}", self.dataset, other.dataset),
            source: format!("{}; {}", self.source, other.source),
            edition: format!("{}; {}", self.edition, other.edition),
        }
    }
}

/// A country, or a group of countries summed with `--total`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// The label in the output: the ISO3 code, or the group name (`south-caucasus`).
    pub code: String,
    /// Dataset codes of the members (one for a single country).
    pub members: Vec<String>,
}

impl Area {
    pub fn country(code: &str) -> Area {
        Area {
            code: code.to_string(),
            members: vec![code.to_string()],
        }
    }

    pub fn group(label: &str, members: &[String]) -> Area {
        Area {
            code: label.to_string(),
            members: members.to_vec(),
        }
    }

    pub fn is_group(&self) -> bool {
        self.members.len() > 1 || self.members.first() != Some(&self.code)
    }

    /// "sum of 3 countries: ARM, AZE, GEO" for groups, empty for a single country.
    pub fn note(&self) -> String {
        if self.is_group() {
            format!(
                "sum of {} countries: {}",
                self.members.len(),
                self.members.join(", ")
            )
        } else {
            String::new()
        }
    }
}

/// One computed value, with everything needed to read and cite it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureRow {
    /// Name of the quantity, e.g. `cnmr`, `cnmr_un`, `net_migration_residual`.
    pub measure: String,
    pub country: Option<String>,
    pub origin: Option<String>,
    pub destination: Option<String>,
    pub sex: Sex,
    pub year: Option<i32>,
    /// `1990-2000` for period measures.
    pub period: Option<String>,
    /// Rank among partners (top-destinations, top-origins).
    pub rank: Option<usize>,
    /// The estimation method of estimated flows (`demographic-closed`); `None` elsewhere, and
    /// then no method column is printed.
    pub method: Option<String>,
    /// `None` when an input is missing: printed as "missing", never as 0.
    pub value: Option<f64>,
    pub unit: String,
    pub projection: bool,
    /// Why a value is missing, the denominator used, stock basis, imputed inputs...
    pub note: String,
    pub source: Source,
}

impl MeasureRow {
    /// A row for a single-country (or group) value.
    pub fn area(
        measure: &str,
        area: &Area,
        year: i32,
        value: Option<f64>,
        unit: &str,
        source: &Source,
    ) -> MeasureRow {
        MeasureRow {
            country: Some(area.code.clone()),
            year: Some(year),
            ..MeasureRow::new(measure, value, unit, source)
        }
    }

    /// A row of both sexes with no place, year or period yet (the callers set theirs): the
    /// value cleaned of NaN and infinity, no flags, no note.
    pub fn new(measure: &str, value: Option<f64>, unit: &str, source: &Source) -> MeasureRow {
        MeasureRow {
            measure: measure.to_string(),
            country: None,
            origin: None,
            destination: None,
            sex: Sex::Total,
            year: None,
            period: None,
            rank: None,
            method: None,
            value: clean(value),
            unit: unit.to_string(),
            projection: false,
            note: String::new(),
            source: source.clone(),
        }
    }

    pub fn with_note(mut self, note: &str) -> MeasureRow {
        add_note(&mut self.note, note);
        self
    }

    pub fn with_sex(mut self, sex: Sex) -> MeasureRow {
        self.sex = sex;
        self
    }

    pub fn with_projection(mut self, projection: bool) -> MeasureRow {
        self.projection = projection;
        self
    }
}

/// Appends `extra` to a `; `-separated note (skipping empty and repeated parts).
pub fn add_note(note: &mut String, extra: &str) {
    for part in extra.split("; ").filter(|p| !p.is_empty()) {
        if note.split("; ").any(|p| p == part) {
            continue;
        }
        if !note.is_empty() {
            note.push_str("; ");
        }
        note.push_str(part);
    }
}

/// Drops NaN and infinity: a value that is not a finite number is reported as missing.
pub fn clean(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite())
}

/// True for a number greater than zero (false for NaN): the guard of every denominator.
pub fn positive(x: f64) -> bool {
    x > 0.0
}

/// True for a number of zero or more (false for NaN).
pub fn non_negative(x: f64) -> bool {
    x >= 0.0
}

/// Units of measure results, as printed in the unit column (from [`crate::catalogue::Unit`]).
pub mod unit {
    use crate::catalogue::Unit;

    pub const PERSONS: &str = Unit::Persons.as_str();
    pub const PER_1000: &str = Unit::Per1000.as_str();
    pub const PERCENT: &str = Unit::Percent.as_str();
    pub const PERCENT_PER_YEAR: &str = Unit::PercentPerYear.as_str();
    pub const CURRENT_USD: &str = Unit::CurrentUsd.as_str();
}

/// One value of a tidy table with its interpretation flags.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub value: Option<f64>,
    pub projection: bool,
    pub stock_basis: Option<StockBasis>,
    pub includes_refugees: Option<bool>,
    pub imputed: Option<bool>,
}

/// Inline strings (no allocation for codes and indicator names up to 23 bytes) and polars' fast
/// hash map: the whole-world tables have hundreds of thousands of cells, looked up one by one.
type Key = (PlSmallStr, PlSmallStr, PlSmallStr, PlSmallStr, Sex, i32);

/// A tidy table indexed by (indicator, country, origin, destination, sex, year).
#[derive(Debug, Default)]
pub struct Lookup {
    cells: PlHashMap<Key, Cell>,
}

impl Lookup {
    /// Indexes a tidy frame (filter it first with [`prefilter`] when it is large).
    pub fn from_frame(df: &DataFrame) -> Result<Lookup> {
        let mut cells = PlHashMap::with_capacity(df.height());
        for (_, o) in tidy::observations(df)? {
            let key = (
                PlSmallStr::from_string(o.indicator),
                o.country.map(PlSmallStr::from_string).unwrap_or_default(),
                o.origin.map(PlSmallStr::from_string).unwrap_or_default(),
                o.destination
                    .map(PlSmallStr::from_string)
                    .unwrap_or_default(),
                o.sex,
                o.year,
            );
            cells.insert(
                key,
                Cell {
                    value: clean(o.value),
                    projection: o.projection,
                    stock_basis: o.stock_basis,
                    includes_refugees: o.includes_refugees,
                    imputed: o.imputed,
                },
            );
        }
        Ok(Lookup { cells })
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// A single-country value.
    pub fn country(&self, indicator: &str, country: &str, sex: Sex, year: i32) -> Option<&Cell> {
        self.cells.get(&(
            PlSmallStr::from_str(indicator),
            PlSmallStr::from_str(country),
            PlSmallStr::EMPTY,
            PlSmallStr::EMPTY,
            sex,
            year,
        ))
    }

    /// A bilateral value (origin → destination).
    pub fn pair(
        &self,
        indicator: &str,
        origin: &str,
        destination: &str,
        sex: Sex,
        year: i32,
    ) -> Option<&Cell> {
        self.cells.get(&(
            PlSmallStr::from_str(indicator),
            PlSmallStr::EMPTY,
            PlSmallStr::from_str(origin),
            PlSmallStr::from_str(destination),
            sex,
            year,
        ))
    }

    /// All bilateral cells of an indicator, sex and year: (origin, destination, cell).
    pub fn pairs(&self, indicator: &str, sex: Sex, year: i32) -> Vec<(&str, &str, &Cell)> {
        let mut out: Vec<(&str, &str, &Cell)> = self
            .cells
            .iter()
            .filter(|(k, _)| k.0 == indicator && k.4 == sex && k.5 == year && !k.2.is_empty())
            .map(|(k, c)| (k.2.as_str(), k.3.as_str(), c))
            .collect();
        out.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        out
    }

    /// Years present for an indicator, sorted.
    pub fn years(&self, indicator: &str) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .cells
            .keys()
            .filter(|k| k.0 == indicator)
            .map(|k| k.5)
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }
}

/// The sum of one country indicator over an area's members, with what a reader must know.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summed {
    /// `None` when any member's value is missing.
    pub value: Option<f64>,
    pub projection: bool,
    pub missing: Vec<String>,
    pub imputed: Vec<String>,
    pub stock_basis: Vec<(String, StockBasis)>,
    /// Members whose stock includes refugees (UN DESA added them where censuses miss them).
    pub includes_refugees: Vec<String>,
}

impl Summed {
    /// "missing for ARM; imputed for GEO; foreign citizens for ..." as one note.
    pub fn note(&self, indicator: &str) -> String {
        let mut note = String::new();
        if !self.missing.is_empty() {
            add_note(
                &mut note,
                &format!("{indicator} missing for {}", self.missing.join(", ")),
            );
        }
        if !self.imputed.is_empty() {
            add_note(
                &mut note,
                &format!("{indicator} imputed for {}", self.imputed.join(", ")),
            );
        }
        let citizens: Vec<&str> = self
            .stock_basis
            .iter()
            .filter(|(_, b)| *b == StockBasis::ForeignCitizens)
            .map(|(c, _)| c.as_str())
            .collect();
        if !citizens.is_empty() {
            add_note(
                &mut note,
                &format!(
                    "foreign citizens (not foreign-born) for {}",
                    citizens.join(", ")
                ),
            );
        }
        note
    }
}

/// Sums a country indicator over an area's members; missing if any member is missing.
pub fn sum_area(lookup: &Lookup, indicator: &str, area: &Area, sex: Sex, year: i32) -> Summed {
    let mut s = Summed::default();
    let mut total = 0.0;
    for m in &area.members {
        match lookup.country(indicator, m, sex, year) {
            Some(cell) => {
                s.projection |= cell.projection;
                if cell.imputed == Some(true) {
                    s.imputed.push(m.clone());
                }
                if let Some(b) = cell.stock_basis {
                    s.stock_basis.push((m.clone(), b));
                }
                if cell.includes_refugees == Some(true) {
                    s.includes_refugees.push(m.clone());
                }
                match cell.value {
                    Some(v) => total += v,
                    None => s.missing.push(m.clone()),
                }
            }
            None => s.missing.push(m.clone()),
        }
    }
    s.value = if s.missing.is_empty() && !area.members.is_empty() {
        Some(total)
    } else {
        None
    };
    s
}

/// Keeps the rows of `indicators` whose `column` is one of `codes` (all rows when `codes` is
/// `None`): a cheap first cut before [`Lookup::from_frame`].
pub fn prefilter(
    df: &DataFrame,
    indicators: &[&str],
    column: &str,
    codes: Option<&[String]>,
) -> Result<DataFrame> {
    let mut filter = match indicators {
        [] => BooleanChunked::full("keep".into(), true, df.height()),
        _ => crate::query::rows_equal_any(df, col::INDICATOR, indicators)?,
    };
    if let Some(codes) = codes {
        filter = &filter & &crate::query::rows_equal_any(df, column, codes)?;
    }
    Ok(df.filter(&filter)?)
}

/// Country-level indicators side by side, for whole-table work (every country at once): one row
/// per country that has `subject` in the frame and per year of `years`, with a `projection` flag
/// (any of the row's values is a projection) and one `Float64` column per indicator of
/// `subject` and `others`, named by the indicator, missing where the frame has no value. Both
/// sexes only; rows in country, then year order.
pub fn country_year_columns(
    df: &DataFrame,
    subject: &str,
    others: &[&str],
    years: &[i32],
) -> Result<DataFrame> {
    let indicators: Vec<&str> = std::iter::once(subject)
        .chain(others.iter().copied())
        .collect();
    let both_sexes = df.column(col::SEX)?.str()?.equal(Sex::Total.as_str());
    let indicator = df.column(col::INDICATOR)?.str()?;
    let columns = df.select([col::COUNTRY, col::YEAR, col::VALUE, col::PROJECTION])?;
    // One vectorised filter per indicator, then plain loops into the grid: joining one filtered
    // frame per indicator cost more than the measures themselves.
    let parts = indicators
        .iter()
        .map(|name| Ok(columns.filter(&(&indicator.equal(*name) & &both_sexes))?))
        .collect::<Result<Vec<DataFrame>>>()?;
    let countries: std::collections::BTreeSet<&str> = parts[0]
        .column(col::COUNTRY)?
        .str()?
        .iter()
        .flatten()
        .collect();
    let position: PlHashMap<&str, usize> =
        countries.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let mut sorted_years = years.to_vec();
    sorted_years.sort_unstable();
    let n = countries.len() * years.len();
    let mut country_col = Vec::with_capacity(n);
    let mut year_col = Vec::with_capacity(n);
    for c in &countries {
        for &y in years {
            country_col.push(*c);
            year_col.push(y);
        }
    }
    // year -> its place in `years`, by offset from the first year
    let first_year = years.iter().copied().min().unwrap_or(0);
    let span = years.iter().map(|&y| (y - first_year) as usize + 1).max();
    let mut year_index = vec![None; span.unwrap_or(0)];
    for (i, &y) in years.iter().enumerate() {
        year_index[(y - first_year) as usize] = Some(i);
    }
    // rows come country by country: the last country's place saves most hash lookups
    let (mut last_code, mut last_place) = (String::new(), usize::MAX);
    let mut row_of = |c: Option<&str>, y: Option<i32>| -> Option<usize> {
        let c = c?;
        if last_place == usize::MAX || last_code != c {
            last_place = *position.get(c)?;
            last_code.clear();
            last_code.push_str(c);
        }
        let ci = last_place;
        let yi = year_index
            .get(usize::try_from(y? - first_year).ok()?)
            .copied()
            .flatten()?;
        Some(ci * years.len() + yi)
    };
    let mut values = vec![vec![None; n]; indicators.len()];
    let mut projection_col = vec![false; n];
    for (k, part) in parts.iter().enumerate() {
        let rows = part
            .column(col::COUNTRY)?
            .str()?
            .iter()
            .zip(part.column(col::YEAR)?.i32()?.iter())
            .zip(part.column(col::VALUE)?.f64()?.iter())
            .zip(part.column(col::PROJECTION)?.bool()?.iter());
        for (((c, y), v), p) in rows {
            if let Some(row) = row_of(c, y) {
                values[k][row] = v;
                projection_col[row] |= p == Some(true);
            }
        }
    }
    let mut columns = vec![
        Column::new(col::COUNTRY.into(), country_col),
        Column::new(col::YEAR.into(), year_col),
        Column::new(col::PROJECTION.into(), projection_col),
    ];
    columns.extend(
        indicators
            .iter()
            .zip(values)
            .map(|(name, v)| Column::new((*name).into(), v)),
    );
    Ok(DataFrame::new(n, columns)?)
}

/// Adds column `name` to a table of numeric columns by applying a measure's formula to every row:
/// `formula` gets the row's values of `inputs` (missing as `None`) and returns the result, or
/// `None` for missing; NaN and infinity become missing ([`clean`]).
pub fn add_per_row(
    table: &mut DataFrame,
    name: &str,
    inputs: &[&str],
    formula: impl Fn(&[Option<f64>]) -> Option<f64>,
) -> Result<()> {
    let columns = inputs
        .iter()
        .map(|input| Ok(table.column(input)?.cast(&DataType::Float64)?))
        .collect::<Result<Vec<Column>>>()?;
    let columns = columns
        .iter()
        .map(|c| Ok(c.f64()?.rechunk()))
        .collect::<Result<Vec<_>>>()?;
    let mut row = vec![None; inputs.len()];
    let values: Float64Chunked = (0..table.height())
        .map(|i| {
            for (slot, c) in row.iter_mut().zip(&columns) {
                *slot = c.get(i);
            }
            clean(formula(&row))
        })
        .collect();
    table.with_column(values.into_column().with_name(name.into()))?;
    Ok(())
}

/// The result of a whole-table measure: `country`, `year` and `projection` of a table made by
/// [`country_year_columns`], then its columns `(name, shown as)` in this order (an eager
/// select with aliases).
pub(crate) fn country_year_result(
    table: &DataFrame,
    columns: &[(&str, &str)],
) -> Result<DataFrame> {
    let keys = [col::COUNTRY, col::YEAR, col::PROJECTION].map(|name| (name, name));
    let picked = keys
        .iter()
        .chain(columns)
        .map(|&(name, shown)| Ok(table.column(name)?.clone().with_name(shown.into())))
        .collect::<Result<Vec<Column>>>()?;
    Ok(DataFrame::new(table.height(), picked)?)
}

/// The rows of a row measure for every area and year, areas outer and years inner (the order
/// every table prints): `rows_of` pushes the rows of one area and year.
pub(crate) fn area_year_rows(
    areas: &[Area],
    years: &[i32],
    mut rows_of: impl FnMut(&Area, i32, &mut Vec<MeasureRow>),
) -> Vec<MeasureRow> {
    let mut rows = Vec::new();
    for area in areas {
        for &year in years {
            rows_of(area, year, &mut rows);
        }
    }
    rows
}
