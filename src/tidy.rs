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
            indicator: indicator.to_string(),
            country: Some(country.to_string()),
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
            indicator: indicator.to_string(),
            country: None,
            origin: Some(origin.to_string()),
            destination: Some(destination.to_string()),
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

/// Collects observations column by column and turns them into a tidy polars frame.
#[derive(Debug, Default)]
pub struct TidyBuilder {
    dataset: String,
    indicator: Vec<String>,
    country: Vec<Option<String>>,
    origin: Vec<Option<String>>,
    destination: Vec<Option<String>>,
    sex: Vec<&'static str>,
    year: Vec<i32>,
    value: Vec<Option<f64>>,
    unit: Vec<&'static str>,
    projection: Vec<bool>,
    stock_basis: Vec<Option<&'static str>>,
    includes_refugees: Vec<Option<bool>>,
    imputed: Vec<Option<bool>>,
}

impl TidyBuilder {
    pub fn new(dataset: &str) -> Self {
        TidyBuilder {
            dataset: dataset.to_string(),
            ..Default::default()
        }
    }

    pub fn len(&self) -> usize {
        self.year.len()
    }

    pub fn is_empty(&self) -> bool {
        self.year.is_empty()
    }

    pub fn push(&mut self, obs: Observation) {
        self.indicator.push(obs.indicator);
        self.country.push(obs.country);
        self.origin.push(obs.origin);
        self.destination.push(obs.destination);
        self.sex.push(obs.sex.as_str());
        self.year.push(obs.year);
        self.value.push(obs.value);
        self.unit.push(obs.unit.as_str());
        self.projection.push(obs.projection);
        self.stock_basis
            .push(obs.stock_basis.map(StockBasis::as_str));
        self.includes_refugees.push(obs.includes_refugees);
        self.imputed.push(obs.imputed);
    }

    pub fn finish(self) -> Result<DataFrame> {
        let n = self.year.len();
        let dataset = vec![self.dataset.as_str(); n];
        let df = DataFrame::new(
            n,
            vec![
                Column::new(col::DATASET.into(), dataset),
                Column::new(col::INDICATOR.into(), self.indicator),
                Column::new(col::COUNTRY.into(), self.country),
                Column::new(col::ORIGIN.into(), self.origin),
                Column::new(col::DESTINATION.into(), self.destination),
                Column::new(col::SEX.into(), self.sex),
                Column::new(col::YEAR.into(), self.year),
                Column::new(col::VALUE.into(), self.value),
                Column::new(col::UNIT.into(), self.unit),
                Column::new(col::PROJECTION.into(), self.projection),
                Column::new(col::STOCK_BASIS.into(), self.stock_basis),
                Column::new(col::INCLUDES_REFUGEES.into(), self.includes_refugees),
                Column::new(col::IMPUTED.into(), self.imputed),
            ],
        )?;
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
