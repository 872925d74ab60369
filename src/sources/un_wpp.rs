//! UN DESA Population Division, World Population Prospects 2024: the wide tab-separated layout of
//! the `wpp2024` data package (one row per location, one column per year), the official UN CSV
//! layout (`WPP2024_Demographic_Indicators_Medium.csv`), and WPP mid-year population as
//! republished in IOM's long `wdi` table.

use std::path::Path;

use polars::prelude::{DataFrame, StringChunkedBuilder};

use super::{column_index, parse_year, read_text, validate, Delimited};
use crate::countries::Crosswalk;
use crate::error::{Error, Result};
use crate::provenance::SourceFile;
use crate::tidy::{thousands_to_persons, Observation, TidyBuilder, Unit};

/// What a WPP indicator is, in miglab's words.
#[derive(Debug, Clone, Copy)]
pub struct IndicatorSpec {
    pub name: &'static str,
    pub unit: Unit,
    /// True when WPP publishes the count in thousands (converted to persons on import).
    pub thousands: bool,
    pub definition: &'static str,
}

const fn spec(
    name: &'static str,
    unit: Unit,
    thousands: bool,
    definition: &'static str,
) -> IndicatorSpec {
    IndicatorSpec {
        name,
        unit,
        thousands,
        definition,
    }
}

pub const NET_MIGRANTS: IndicatorSpec = spec(
    "net_migrants",
    Unit::Persons,
    true,
    "net number of international migrants in the calendar year, immigrants minus emigrants (UN Recommendations on Statistics of International Migration, Rev.1, 1998); positive = net inflow",
);
pub const CNMR: IndicatorSpec = spec(
    "cnmr",
    Unit::PerThousand,
    false,
    "crude net migration rate: net migrants per 1,000 person-years lived in the calendar year, as published by WPP 2024",
);
pub const BIRTHS: IndicatorSpec = spec(
    "births",
    Unit::Persons,
    true,
    "live births in the calendar year",
);
pub const DEATHS: IndicatorSpec =
    spec("deaths", Unit::Persons, true, "deaths in the calendar year");
pub const CBR: IndicatorSpec = spec(
    "cbr",
    Unit::PerThousand,
    false,
    "crude birth rate: births per 1,000 person-years",
);
pub const CDR: IndicatorSpec = spec(
    "cdr",
    Unit::PerThousand,
    false,
    "crude death rate: deaths per 1,000 person-years",
);
pub const NATURAL_CHANGE_RATE: IndicatorSpec = spec(
    "natural_change_rate",
    Unit::PerThousand,
    false,
    "rate of natural change: crude birth rate minus crude death rate, per 1,000 person-years",
);
pub const NATURAL_CHANGE: IndicatorSpec = spec(
    "natural_change",
    Unit::Persons,
    true,
    "natural change: births minus deaths in the calendar year",
);
pub const POP_CHANGE: IndicatorSpec = spec(
    "pop_change",
    Unit::Persons,
    true,
    "population change from 1 January of the year to 1 January of the next (births - deaths + net migrants)",
);
pub const GROWTH_RATE: IndicatorSpec = spec(
    "growth_rate",
    Unit::Percent,
    false,
    "average annual rate of population change, 100 ln(P(1 Jan t+1) / P(1 Jan t)), percent",
);
pub const POPULATION: IndicatorSpec = spec(
    "population",
    Unit::Persons,
    false,
    "total population at 1 July (mid-year)",
);
pub const POPULATION_1JAN: IndicatorSpec = spec(
    "population_1jan",
    Unit::Persons,
    true,
    "total population at 1 January",
);
pub const POPULATION_END_YEAR: IndicatorSpec = spec(
    "population_end_year",
    Unit::Persons,
    true,
    "total population at 31 December (= 1 January of the next year), WPP 2024 medium-variant projection",
);

/// The wide files of the `wpp2024` package: estimates file, projection file, indicator.
pub const WIDE_FILES: &[(Option<&str>, &str, IndicatorSpec)] = &[
    (Some("migration.txt"), "migrationprojMed.txt", NET_MIGRANTS),
    (Some("cnmr.txt"), "cnmrprojMed.txt", CNMR),
    (Some("births.txt"), "birthsprojMed.txt", BIRTHS),
    (Some("deaths.txt"), "deathsprojMed.txt", DEATHS),
    (Some("cbr.txt"), "cbrprojMed.txt", CBR),
    (Some("cdr.txt"), "cdrprojMed.txt", CDR),
    (
        Some("NatChangeRT.txt"),
        "NatChangeRTprojMed.txt",
        NATURAL_CHANGE_RATE,
    ),
    (Some("PopChange.txt"), "PopChangeprojMed.txt", POP_CHANGE),
    (Some("growthrate.txt"), "growthrateprojMed.txt", GROWTH_RATE),
    (None, "popprojMed.txt", POPULATION_END_YEAR),
];

/// Last year of the estimates in WPP 2024; later years are projections.
pub const LAST_ESTIMATE_YEAR: i32 = 2023;

/// The dataset code of a WPP location: ISO3 for countries, the M49 number for aggregates.
fn location_code(crosswalk: &Crosswalk, m49: &str) -> String {
    crosswalk
        .by_m49(m49)
        .map_or_else(|| m49.to_string(), |c| c.code.clone())
}

/// Reads one wide WPP file (`country_code`, `country`, then one column per year) into `out`,
/// keeping the years in `keep`.
pub fn read_wide(
    path: &Path,
    spec: &IndicatorSpec,
    crosswalk: &Crosswalk,
    keep: std::ops::RangeInclusive<i32>,
    out: &mut TidyBuilder,
) -> Result<()> {
    let table = Delimited::parse(path, &read_text(path)?, b'\t', 1)?;
    let header = &table.header;
    if header.len() < 3 || header[0] != "country_code" || header[1] != "country" {
        return Err(Error::layout(
            path,
            "expected the WPP wide layout: tab-separated, header `country_code<TAB>country<TAB>1950<TAB>...`",
        ));
    }
    // Year columns, one per year without a gap; trailing non-year columns such as
    // `last.observed` are ignored.
    let years = validate::year_columns(path, 1, header, 2)?;
    table.check_rows(path, 0)?;
    let years: Vec<(usize, i32)> = years
        .into_iter()
        .filter(|(_, year)| keep.contains(year))
        .collect();
    let n = table.records.len() * years.len();
    let mut country = StringChunkedBuilder::new(crate::tidy::col::COUNTRY.into(), n);
    let (mut year_col, mut value_col, mut projection) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for (line, fields) in &table.records {
        let code = location_code(crosswalk, fields[0].trim());
        for &(i, year) in &years {
            let at = validate::At {
                path,
                line: *line,
                column: &header[i],
            };
            let value = validate::cell(at, spec.name, &fields[i])?;
            let value = if spec.thousands {
                value.map(thousands_to_persons)
            } else {
                value
            };
            country.append_value(&code);
            year_col.push(year);
            value_col.push(value);
            projection.push(year > LAST_ESTIMATE_YEAR);
        }
    }
    out.push_country_columns(
        spec.name,
        spec.unit,
        country.finish(),
        year_col,
        value_col,
        projection,
    )
}

/// Imports the `wpp2024` package folder: estimates 1950-2023 from the folder itself and, if
/// `projection_medium/` is there, medium-variant projections up to `last_projection_year`.
pub fn import_wide_folder(
    dir: &Path,
    crosswalk: &Crosswalk,
    last_projection_year: i32,
    out: &mut TidyBuilder,
) -> Result<Vec<SourceFile>> {
    if !dir.is_dir() {
        return Err(Error::layout(dir, "not a folder; give the folder with migration.txt, cnmr.txt, ... (the wpp2024 package's data-raw)"));
    }
    // (path, name in the provenance, indicator, years kept), in the order of the rows
    let mut jobs = Vec::new();
    let projection_dir = dir.join("projection_medium");
    for (estimates, projection, spec) in WIDE_FILES {
        if let Some(name) = estimates {
            let years = 1950..=LAST_ESTIMATE_YEAR;
            jobs.push((dir.join(name), name.to_string(), *spec, years));
        }
        if projection_dir.is_dir() {
            let years = (LAST_ESTIMATE_YEAR + 1)..=last_projection_year;
            let name = format!("projection_medium/{projection}");
            jobs.push((projection_dir.join(projection), name, *spec, years));
        }
    }
    let reads: Vec<WideFile> = jobs
        .iter()
        .map(|(path, _, spec, years)| (path.as_path(), *spec, years.clone()))
        .collect();
    read_wide_files(&reads, crosswalk, out)?;
    jobs.iter()
        .map(|(path, name, spec, _)| source_file(path, name, spec))
        .collect()
}

/// One wide file to read: its path, indicator and the years to keep.
pub type WideFile<'a> = (&'a Path, IndicatorSpec, std::ops::RangeInclusive<i32>);

/// Reads several wide WPP files ([`read_wide`]) at the same time, one thread each, and adds
/// their rows to `out` in the order given (the same rows, in the same order, as reading them one
/// after the other). The first error in that order is returned.
pub fn read_wide_files(
    files: &[WideFile],
    crosswalk: &Crosswalk,
    out: &mut TidyBuilder,
) -> Result<()> {
    let dataset = out.dataset().to_string();
    let parts: Vec<Result<TidyBuilder>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .iter()
            .map(|(path, spec, years)| {
                let dataset = dataset.as_str();
                scope.spawn(move || {
                    let mut part = TidyBuilder::new(dataset);
                    read_wide(path, spec, crosswalk, years.clone(), &mut part)?;
                    Ok(part)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::NotCovered(
                        "reading a WPP file stopped unexpectedly".to_string(),
                    ))
                })
            })
            .collect()
    });
    for part in parts {
        out.append(part?)?;
    }
    Ok(())
}

fn source_file(path: &Path, name: &str, spec: &IndicatorSpec) -> Result<SourceFile> {
    Ok(SourceFile {
        file: format!("un_wpp2024/{name}"),
        table: spec.name.to_string(),
        sha256: super::sha256(path)?,
    })
}

/// Imports WPP 2024 mid-year total population (persons) from IOM's long `wdi` table
/// (`geo,var,t,v`, rows with `var == "pop"`).
pub fn import_population_long(path: &Path, out: &mut TidyBuilder) -> Result<()> {
    let long = super::worldbank::read_long(path)?;
    let mut country = StringChunkedBuilder::new(crate::tidy::col::COUNTRY.into(), 0);
    let (mut years, mut values) = (Vec::new(), Vec::new());
    let rows = super::worldbank::long_rows(&long)?.filter(|r| r.1 == "pop");
    for (geo, _, year, value) in rows {
        country.append_value(geo);
        years.push(year);
        values.push(value);
    }
    let n = years.len();
    if n == 0 {
        return Err(Error::layout(
            path,
            "no `pop` rows; expected IOM gdidata's wdi table with WPP 2024 population",
        ));
    }
    out.push_country_columns(
        POPULATION.name,
        Unit::Persons,
        country.finish(),
        years,
        values,
        vec![false; n],
    )
}

/// Columns of the official UN CSV layout that miglab imports, with their indicators.
const OFFICIAL_COLUMNS: &[(&str, IndicatorSpec)] = &[
    (
        "TPopulation1July",
        IndicatorSpec {
            thousands: true,
            ..POPULATION
        },
    ),
    ("TPopulation1Jan", POPULATION_1JAN),
    ("NetMigrations", NET_MIGRANTS),
    ("CNMR", CNMR),
    ("Births", BIRTHS),
    ("Deaths", DEATHS),
    ("CBR", CBR),
    ("CDR", CDR),
    ("NatChange", NATURAL_CHANGE),
    ("NatChangeRT", NATURAL_CHANGE_RATE),
    ("PopChange", POP_CHANGE),
    ("PopGrowthRate", GROWTH_RATE),
];

/// Imports the official UN CSV layout (`WPP2024_Demographic_Indicators_Medium.csv`: UTF-8 with
/// BOM, one row per location and year, counts in thousands). Countries are keyed by
/// `ISO3_code`, aggregates by `LocID`.
pub fn import_official_csv(
    path: &Path,
    crosswalk: &Crosswalk,
    out: &mut TidyBuilder,
) -> Result<()> {
    let table = Delimited::read_csv(path)?;
    let layout = "official UN WPP CSV (WPP2024_Demographic_Indicators_Medium.csv)";
    let header = &table.header;
    let header_refs = table.header_refs();
    let iso3 = column_index(path, &header_refs, "ISO3_code", layout)?;
    let loc_id = column_index(path, &header_refs, "LocID", layout)?;
    let time = column_index(path, &header_refs, "Time", layout)?;
    let variant = column_index(path, &header_refs, "Variant", layout)?;
    let value_columns: Vec<(usize, &IndicatorSpec)> = OFFICIAL_COLUMNS
        .iter()
        .filter_map(|(name, spec)| {
            header_refs
                .iter()
                .position(|h| h == name)
                .map(|i| (i, spec))
        })
        .collect();
    if value_columns.is_empty() {
        return Err(Error::layout(
            path,
            format!("none of the indicator columns (NetMigrations, CNMR, ...) of the {layout}"),
        ));
    }
    table.check_rows(path, 0)?;
    for (line, record) in &table.records {
        let line = *line;
        let year = parse_year(path, line, "Time", &record[time])?;
        let code = match record[iso3].trim() {
            "" => location_code(crosswalk, record[loc_id].trim()),
            iso => iso.to_string(),
        };
        let projection =
            year > LAST_ESTIMATE_YEAR || !matches!(record[variant].trim(), "Medium" | "Estimates");
        for &(c, spec) in &value_columns {
            // Columns left empty (variables this file does not carry) are not rows.
            let at = validate::At {
                path,
                line,
                column: &header[c],
            };
            let Some(value) = validate::cell(at, spec.name, &record[c])? else {
                continue;
            };
            let value = if spec.thousands {
                thousands_to_persons(value)
            } else {
                value
            };
            let mut obs = Observation::country(spec.name, &code, year, Some(value), spec.unit);
            obs.projection = projection;
            out.push(obs);
        }
    }
    Ok(())
}

/// Imports any WPP layout into a frame: a folder (wide package layout) or a CSV (official).
pub fn import(path: &Path, crosswalk: &Crosswalk) -> Result<DataFrame> {
    let mut out = TidyBuilder::new("wpp2024");
    if path.is_dir() {
        import_wide_folder(path, crosswalk, 2100, &mut out)?;
    } else if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        import_official_csv(path, crosswalk, &mut out)?;
    } else {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let spec = WIDE_FILES
            .iter()
            .find(|(e, p, _)| *e == Some(name) || *p == name)
            .map(|(_, _, s)| s)
            .ok_or_else(|| Error::layout(path, "not a known WPP file; give the wpp2024 folder, one of its .txt files, or the official WPP CSV"))?;
        read_wide(path, spec, crosswalk, 1950..=2100, &mut out)?;
    }
    out.finish()
}
