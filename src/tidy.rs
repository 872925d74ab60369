//! The tidy data model: one long table shape for every source.
//!
//! One row is one published value: `dataset, indicator, country | origin + destination, sex,
//! year, value, unit` plus the flags a reader needs to interpret it (projection, stock basis,
//! refugees included, imputed). Counts are always persons: importers convert the publishers'
//! thousands on import, so no later step can mix the two.

use polars::prelude::*;

use crate::error::Result;

/// Column names of the tidy table, in order.
pub mod col {
    pub const DATASET: &str = "dataset";
    pub const INDICATOR: &str = "indicator";
    pub const COUNTRY: &str = "country";
    pub const ORIGIN: &str = "origin";
    pub const DESTINATION: &str = "destination";
    pub const SEX: &str = "sex";
    pub const YEAR: &str = "year";
    pub const VALUE: &str = "value";
    pub const UNIT: &str = "unit";
    pub const PROJECTION: &str = "projection";
    pub const STOCK_BASIS: &str = "stock_basis";
    pub const INCLUDES_REFUGEES: &str = "includes_refugees";
    pub const IMPUTED: &str = "imputed";
}

/// Sex as the publishers break it down; `Total` is both sexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sex {
    Total,
    Female,
    Male,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Total => "total",
            Sex::Female => "female",
            Sex::Male => "male",
        }
    }

    pub fn parse(s: &str) -> Option<Sex> {
        match s.trim().to_ascii_lowercase().as_str() {
            "total" | "both" | "both sexes" | "t" => Some(Sex::Total),
            "female" | "females" | "women" | "f" => Some(Sex::Female),
            "male" | "males" | "men" | "m" => Some(Sex::Male),
            _ => None,
        }
    }
}

/// Units of tidy values. Counts are persons, never thousands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Persons,
    PerThousand,
    Percent,
    CurrentUsd,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Persons => "persons",
            Unit::PerThousand => "per 1,000",
            Unit::Percent => "%",
            Unit::CurrentUsd => "current US$",
        }
    }
}

/// What a migrant-stock estimate counts (UN DESA data type B or C).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockBasis {
    /// Data type B: persons born in another country (UN 1998 Rev.1 preferred basis).
    ForeignBorn,
    /// Data type C: persons holding another country's citizenship.
    ForeignCitizens,
}

impl StockBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            StockBasis::ForeignBorn => "foreign-born",
            StockBasis::ForeignCitizens => "foreign citizens",
        }
    }
}

/// One published value in the tidy shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub indicator: String,
    /// Reporting country (ISO3, or UN M49 code for aggregates); `None` for bilateral rows.
    pub country: Option<String>,
    pub origin: Option<String>,
    pub destination: Option<String>,
    pub sex: Sex,
    pub year: i32,
    /// `None` when the publisher left the cell empty: missing is never shown as 0.
    pub value: Option<f64>,
    pub unit: Unit,
    pub projection: bool,
    pub stock_basis: Option<StockBasis>,
    pub includes_refugees: Option<bool>,
    pub imputed: Option<bool>,
}

impl Observation {
    /// A single-country value with no stock flags.
    pub fn country(
        indicator: &str,
        country: &str,
        year: i32,
        value: Option<f64>,
        unit: Unit,
    ) -> Self {
        Observation {
            country: Some(country.to_string()),
            ..Observation::unplaced(indicator, year, value, unit)
        }
    }

    /// A bilateral (origin → destination) value with no stock flags.
    pub fn bilateral(
        indicator: &str,
        origin: &str,
        destination: &str,
        year: i32,
        value: Option<f64>,
        unit: Unit,
    ) -> Self {
        Observation {
            origin: Some(origin.to_string()),
            destination: Some(destination.to_string()),
            ..Observation::unplaced(indicator, year, value, unit)
        }
    }

    /// A value of both sexes with no country, origin or destination yet, and no stock flags.
    fn unplaced(indicator: &str, year: i32, value: Option<f64>, unit: Unit) -> Self {
        Observation {
            indicator: indicator.to_string(),
            country: None,
            origin: None,
            destination: None,
            sex: Sex::Total,
            year,
            value,
            unit,
            projection: false,
            stock_basis: None,
            includes_refugees: None,
            imputed: None,
        }
    }
}

/// Converts a count published in thousands to persons. WPP publishes thousands with three
/// decimals, so the product is a whole number of persons up to float noise, which is removed.
pub fn thousands_to_persons(thousands: f64) -> f64 {
    (thousands * 1000.0).round()
}

/// Collects observations and turns them into a tidy polars frame. Rows pushed one by one go
/// straight into polars' column builders (no allocation of their own); wide-table importers push
/// whole columns at once ([`TidyBuilder::push_country_columns`]). Rows keep the order in which they
/// were pushed.
pub struct TidyBuilder {
    dataset: String,
    /// Finished blocks, in order; the rows being pushed follow them.
    blocks: Vec<DataFrame>,
    rows: RowColumns,
}

/// The columns of the rows pushed one by one since the last block.
struct RowColumns {
    indicator: StringChunkedBuilder,
    country: StringChunkedBuilder,
    origin: StringChunkedBuilder,
    destination: StringChunkedBuilder,
    sex: StringChunkedBuilder,
    year: Vec<i32>,
    value: Vec<Option<f64>>,
    unit: StringChunkedBuilder,
    projection: Vec<bool>,
    stock_basis: StringChunkedBuilder,
    includes_refugees: Vec<Option<bool>>,
    imputed: Vec<Option<bool>>,
}

impl RowColumns {
    fn new() -> RowColumns {
        let text = |name: &str| StringChunkedBuilder::new(name.into(), 0);
        RowColumns {
            indicator: text(col::INDICATOR),
            country: text(col::COUNTRY),
            origin: text(col::ORIGIN),
            destination: text(col::DESTINATION),
            sex: text(col::SEX),
            year: Vec::new(),
            value: Vec::new(),
            unit: text(col::UNIT),
            projection: Vec::new(),
            stock_basis: text(col::STOCK_BASIS),
            includes_refugees: Vec::new(),
            imputed: Vec::new(),
        }
    }

    fn frame(self, dataset: &str) -> Result<DataFrame> {
        let n = self.year.len();
        let text = |b: StringChunkedBuilder| b.finish().into_column();
        Ok(DataFrame::new(
            n,
            vec![
                StringChunked::full(col::DATASET.into(), dataset, n).into_column(),
                text(self.indicator),
                text(self.country),
                text(self.origin),
                text(self.destination),
                text(self.sex),
                Column::new(col::YEAR.into(), self.year),
                Column::new(col::VALUE.into(), self.value),
                text(self.unit),
                Column::new(col::PROJECTION.into(), self.projection),
                text(self.stock_basis),
                Column::new(col::INCLUDES_REFUGEES.into(), self.includes_refugees),
                Column::new(col::IMPUTED.into(), self.imputed),
            ],
        )?)
    }
}

impl std::fmt::Debug for TidyBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TidyBuilder")
            .field("dataset", &self.dataset)
            .field("rows", &self.len())
            .finish()
    }
}

impl TidyBuilder {
    pub fn new(dataset: &str) -> Self {
        TidyBuilder {
            dataset: dataset.to_string(),
            blocks: Vec::new(),
            rows: RowColumns::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.blocks.iter().map(DataFrame::height).sum::<usize>() + self.rows.year.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn push(&mut self, obs: Observation) {
        let r = &mut self.rows;
        r.indicator.append_value(&obs.indicator);
        r.country.append_option(obs.country.as_deref());
        r.origin.append_option(obs.origin.as_deref());
        r.destination.append_option(obs.destination.as_deref());
        r.sex.append_value(obs.sex.as_str());
        r.year.push(obs.year);
        r.value.push(obs.value);
        r.unit.append_value(obs.unit.as_str());
        r.projection.push(obs.projection);
        r.stock_basis
            .append_option(obs.stock_basis.map(StockBasis::as_str));
        r.includes_refugees.push(obs.includes_refugees);
        r.imputed.push(obs.imputed);
    }

    /// Single-country values of one indicator (both sexes, no stock flags, as
    /// [`Observation::country`]) given as columns of equal length: the fast path of the
    /// wide-table importers, which would otherwise build one observation per cell.
    pub fn push_country_columns(
        &mut self,
        indicator: &str,
        unit: Unit,
        country: StringChunked,
        year: Vec<i32>,
        value: Vec<Option<f64>>,
        projection: Vec<bool>,
    ) -> Result<()> {
        let n = year.len();
        if country.len() != n || value.len() != n || projection.len() != n {
            return Err(polars_err!(ShapeMismatch: "tidy columns of different lengths").into());
        }
        self.flush_rows()?;
        let text = |name: &str, v: &str| StringChunked::full(name.into(), v, n).into_column();
        let none = |name: &str, dtype: DataType| Column::full_null(name.into(), n, &dtype);
        self.blocks.push(DataFrame::new(
            n,
            vec![
                text(col::DATASET, &self.dataset),
                text(col::INDICATOR, indicator),
                country.with_name(col::COUNTRY.into()).into_column(),
                none(col::ORIGIN, DataType::String),
                none(col::DESTINATION, DataType::String),
                text(col::SEX, Sex::Total.as_str()),
                Column::new(col::YEAR.into(), year),
                Column::new(col::VALUE.into(), value),
                text(col::UNIT, unit.as_str()),
                Column::new(col::PROJECTION.into(), projection),
                none(col::STOCK_BASIS, DataType::String),
                none(col::INCLUDES_REFUGEES, DataType::Boolean),
                none(col::IMPUTED, DataType::Boolean),
            ],
        )?);
        Ok(())
    }

    /// The dataset the rows belong to.
    pub fn dataset(&self) -> &str {
        &self.dataset
    }

    /// Adds every row of `other` (of the same dataset) after the rows pushed so far, in order.
    pub fn append(&mut self, mut other: TidyBuilder) -> Result<()> {
        if other.dataset != self.dataset {
            return Err(polars_err!(
                ComputeError: "cannot append rows of `{}` to `{}`", other.dataset, self.dataset
            )
            .into());
        }
        self.flush_rows()?;
        other.flush_rows()?;
        self.blocks.append(&mut other.blocks);
        Ok(())
    }

    /// Ends the block of rows pushed one by one, so that a block of columns can follow it.
    fn flush_rows(&mut self) -> Result<()> {
        if !self.rows.year.is_empty() {
            let rows = std::mem::replace(&mut self.rows, RowColumns::new());
            self.blocks.push(rows.frame(&self.dataset)?);
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<DataFrame> {
        self.flush_rows()?;
        let mut blocks = self.blocks.into_iter();
        let Some(mut df) = blocks.next() else {
            return RowColumns::new().frame(&self.dataset);
        };
        // Blocks stay chunks of the frame: polars reads across chunks, and copying them into one
        // cost more than every measure of a whole-world run.
        for block in blocks {
            df.vstack_mut_owned(block)?;
        }
        Ok(df)
    }
}

/// Reads a tidy frame back into observations (for printing and for tests).
pub fn observations(df: &DataFrame) -> Result<Vec<(String, Observation)>> {
    let dataset = df.column(col::DATASET)?.str()?;
    let indicator = df.column(col::INDICATOR)?.str()?;
    let country = df.column(col::COUNTRY)?.str()?;
    let origin = df.column(col::ORIGIN)?.str()?;
    let destination = df.column(col::DESTINATION)?.str()?;
    let sex = df.column(col::SEX)?.str()?;
    let year = df.column(col::YEAR)?.i32()?;
    let value = df.column(col::VALUE)?.f64()?;
    let unit = df.column(col::UNIT)?.str()?;
    let projection = df.column(col::PROJECTION)?.bool()?;
    let stock_basis = df.column(col::STOCK_BASIS)?.str()?;
    let includes_refugees = df.column(col::INCLUDES_REFUGEES)?.bool()?;
    let imputed = df.column(col::IMPUTED)?.bool()?;
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let obs = Observation {
            indicator: indicator.get(i).unwrap_or_default().to_string(),
            country: country.get(i).map(str::to_string),
            origin: origin.get(i).map(str::to_string),
            destination: destination.get(i).map(str::to_string),
            sex: sex.get(i).and_then(Sex::parse).unwrap_or(Sex::Total),
            year: year.get(i).unwrap_or_default(),
            value: value.get(i),
            unit: parse_unit(unit.get(i).unwrap_or_default()),
            projection: projection.get(i).unwrap_or(false),
            stock_basis: match stock_basis.get(i) {
                Some("foreign-born") => Some(StockBasis::ForeignBorn),
                Some("foreign citizens") => Some(StockBasis::ForeignCitizens),
                _ => None,
            },
            includes_refugees: includes_refugees.get(i),
            imputed: imputed.get(i),
        };
        out.push((dataset.get(i).unwrap_or_default().to_string(), obs));
    }
    Ok(out)
}

fn parse_unit(s: &str) -> Unit {
    match s {
        "per 1,000" => Unit::PerThousand,
        "%" => Unit::Percent,
        "current US$" => Unit::CurrentUsd,
        _ => Unit::Persons,
    }
}
