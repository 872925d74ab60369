//! UNHCR Refugee Population Statistics Database: the `population` table (end-year stocks and
//! in-year returns by country of origin × country of asylum) as published in UNHCR's own
//! `refugees` data package. Joined on the ISO3 columns (`coo_iso`, `coa_iso`), never on UNHCR's
//! own codes, which collide with other countries' ISO3 codes (UNHCR `AUS` is Austria).

use std::path::Path;

use super::{column_index, parse_value, parse_year, Delimited};
use crate::error::{Error, Result};
use crate::tidy::{Observation, TidyBuilder, Unit};

/// Columns of the population table, their indicators and definitions.
pub const INDICATORS: &[(&str, &str)] = &[
    ("refugees", "refugees under UNHCR's mandate at the end of the year (1951 Convention and 1967 Protocol, regional instruments, mandate refugees); excludes Palestine refugees under UNRWA"),
    ("asylum_seekers", "asylum-seekers: persons whose application for international protection had not been decided at the end of the year"),
    ("returned_refugees", "refugees who returned to their country of origin during the year"),
    ("idps", "internally displaced persons (conflict-induced) protected or assisted by UNHCR at the end of the year; origin = asylum country"),
    ("returned_idps", "IDPs who returned to their place of origin during the year"),
    ("stateless", "stateless persons: not considered as nationals by any State under the operation of its law (1954 Convention)"),
    ("ooc", "others of concern to UNHCR"),
    ("oip", "other people in need of international protection (category introduced in 2022)"),
    ("hst", "host community members assisted by UNHCR"),
];

/// Imports UNHCR's population table (`population.csv`).
pub fn import_population_csv(path: &Path, out: &mut TidyBuilder) -> Result<()> {
    let table = Delimited::read_csv(path)?;
    let layout =
        "UNHCR population statistics (population.csv of the refugees package / API v1 population)";
    let refs = table.header_refs();
    let year = column_index(path, &refs, "year", layout)?;
    let origin = column_index(path, &refs, "coo_iso", layout)?;
    let asylum = column_index(path, &refs, "coa_iso", layout)?;
    let columns: Vec<(usize, &str)> = INDICATORS
        .iter()
        .filter_map(|(name, _)| refs.iter().position(|h| h == name).map(|i| (i, *name)))
        .collect();
    if columns.is_empty() {
        return Err(Error::layout(
            path,
            format!(
                "none of the value columns (refugees, asylum_seekers, idps, ...) of the {layout}"
            ),
        ));
    }
    table.check_rows(path, 0)?;
    for (line, record) in &table.records {
        let line = *line;
        let y = parse_year(path, line, &record[year])?;
        let (coo, coa) = (record[origin].trim(), record[asylum].trim());
        if coo.is_empty() || coa.is_empty() {
            return Err(Error::layout(path, format!("line {line}: empty coo_iso or coa_iso; UNHCR rows are joined on ISO3 codes only")));
        }
        for &(c, name) in &columns {
            // An empty cell means the category did not exist or was not reported: not stored.
            if let Some(value) = parse_value(path, line, name, &record[c])? {
                out.push(Observation::bilateral(
                    name,
                    coo,
                    coa,
                    y,
                    Some(value),
                    Unit::Persons,
                ));
            }
        }
    }
    Ok(())
}
