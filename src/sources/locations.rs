//! Builds the country crosswalk from the publishers' own location tables: the UN DESA / IOM
//! country list (ISO3, ISO2, M49), the UN WPP location table (M49 codes of countries and
//! aggregates), UNHCR's country list (its own codes next to ISO3) and the UN DESA IMS workbooks'
//! extra aggregates; names in English, Azerbaijani and Russian from CLDR.

use std::path::Path;

use super::cldr::RegionNames;
use super::{read_text, Delimited};
use crate::countries::{Country, Crosswalk, LocationKind};
use crate::error::{Error, Result};

fn records(path: &Path, delimiter: u8) -> Result<(Vec<String>, Vec<csv::StringRecord>)> {
    let table = Delimited::parse(path, &read_text(path)?, delimiter, 1)?;
    Ok((
        table.header,
        table.records.into_iter().map(|(_, r)| r).collect(),
    ))
}

fn field<'a>(
    path: &Path,
    header: &[String],
    row: &'a csv::StringRecord,
    name: &str,
) -> Result<&'a str> {
    let i = header
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| Error::layout(path, format!("no `{name}` column")))?;
    Ok(row.get(i).unwrap_or_default().trim())
}

fn add_alias(country: &mut Country, alias: &str) {
    let alias = alias.trim();
    if alias.is_empty() || alias == country.name_en || country.aliases().any(|a| a == alias) {
        return;
    }
    if !country.aliases.is_empty() {
        country.aliases.push('|');
    }
    country.aliases.push_str(alias);
}

/// The part of a name before any parenthesis: "Kosovo (SCR 1244)" -> "Kosovo".
fn stem(name: &str) -> &str {
    name.split('(').next().unwrap_or(name).trim()
}

/// Builds the crosswalk from the files below `from` (the `../shared/data` layout). Names come
/// from CLDR when `names` is given, otherwise from `previous` (the embedded crosswalk).
pub fn build(
    from: &Path,
    names: Option<&RegionNames>,
    previous: Option<&Crosswalk>,
) -> Result<Crosswalk> {
    let mut countries = iom_countries(from)?;
    add_wpp_locations(from, &mut countries)?;
    add_unhcr_codes(from, &mut countries)?;
    add_ims_aggregates(from, &mut countries)?;
    for c in &mut countries {
        if c.kind == LocationKind::Country {
            add_names(c, names, previous);
        }
    }
    Ok(Crosswalk::new(countries))
}

/// The countries of the UN DESA / IOM list (ISO3, ISO2, M49, EU membership); a code without
/// ISO2 is a publisher's special code.
fn iom_countries(from: &Path) -> Result<Vec<Country>> {
    let iom_path = from.join("iom_gdidata/countrynames.csv");
    let (header, rows) = records(&iom_path, b',')?;
    let mut countries = Vec::new();
    for row in &rows {
        let iso3 = field(&iom_path, &header, row, "iso3")?;
        let iso2 = field(&iom_path, &header, row, "iso2")?;
        let m49 = field(&iom_path, &header, row, "m49")?;
        let name = field(&iom_path, &header, row, "name")?;
        let kind = if iso2.is_empty() {
            LocationKind::Other
        } else {
            LocationKind::Country
        };
        let mut country = Country {
            iso3: iso3.to_string(),
            iso2: iso2.to_string(),
            groups: if field(&iom_path, &header, row, "eu")? == "1" {
                "eu27".into()
            } else {
                String::new()
            },
            ..location(iso3, kind, m49, name)
        };
        for alias in ["name_sort", "name_text"] {
            add_alias(&mut country, field(&iom_path, &header, row, alias)?);
        }
        countries.push(country);
    }
    Ok(countries)
}

/// The WPP location table: M49 codes and names of the countries already listed, and the
/// aggregates (regions, income groups) not yet listed.
fn add_wpp_locations(from: &Path, countries: &mut Vec<Country>) -> Result<()> {
    let wpp_path = from.join("un_wpp2024/UNlocations.txt");
    let (header, rows) = records(&wpp_path, b'\t')?;
    for row in &rows {
        let m49 = field(&wpp_path, &header, row, "country_code")?;
        let name = field(&wpp_path, &header, row, "name")?;
        let location_type = field(&wpp_path, &header, row, "location_type")?;
        if location_type == "4" {
            // WPP's M49 code for a country; Kosovo (412) has no M49 in the IOM list: match by name.
            let found = countries.iter().position(|c| c.m49 == m49).or_else(|| {
                countries
                    .iter()
                    .position(|c| stem(&c.name_en) == stem(name))
            });
            match found {
                Some(i) => {
                    let c = &mut countries[i];
                    if c.m49.is_empty() {
                        c.m49 = m49.to_string();
                    }
                    add_alias(c, name);
                }
                None => {
                    return Err(Error::layout(
                        &wpp_path,
                        format!("WPP country `{name}` ({m49}) is not in the IOM country list"),
                    ))
                }
            }
        } else if !countries.iter().any(|c| c.code == m49) {
            countries.push(aggregate(m49, name));
        }
    }
    Ok(())
}

/// UNHCR's own country codes (and names, as aliases), joined on ISO3.
fn add_unhcr_codes(from: &Path, countries: &mut [Country]) -> Result<()> {
    let unhcr_path = from.join("unhcr_refugees_pkg/countries.csv");
    let (header, rows) = records(&unhcr_path, b',')?;
    for row in &rows {
        let iso = field(&unhcr_path, &header, row, "iso_code")?;
        // UNHCR's places without an ISO code (Tibetan, CRB, CUR) belong to no country; an
        // empty code would otherwise match the aggregates, which have none either
        if iso.is_empty() {
            continue;
        }
        if let Some(c) = countries.iter_mut().find(|c| c.iso3 == iso) {
            c.unhcr_code = field(&unhcr_path, &header, row, "unhcr_code")?.to_string();
            add_alias(c, field(&unhcr_path, &header, row, "name")?);
        }
    }
    Ok(())
}

/// The aggregates of the UN DESA IMS workbooks that no other table lists.
fn add_ims_aggregates(from: &Path, countries: &mut Vec<Country>) -> Result<()> {
    for workbook in [
        "un_desa_ims2024/undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx",
        "un_desa_ims2024/undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx",
    ] {
        for (m49, name) in super::un_desa_ims::workbook_locations(&from.join(workbook))? {
            let name = name.trim_end_matches('*').trim();
            if m49.is_empty() || countries.iter().any(|c| c.m49 == m49 || c.code == m49) {
                continue;
            }
            countries.push(aggregate(&m49, name));
        }
    }
    Ok(())
}

/// A country's names in English, Azerbaijani and Russian: from CLDR when `names` is given,
/// otherwise from `previous`; the publisher's English name stays as an alias.
fn add_names(c: &mut Country, names: Option<&RegionNames>, previous: Option<&Crosswalk>) {
    match names {
        Some(names) => {
            let publisher_name = c.name_en.clone();
            if let Some(en) = names.name(&c.iso2, "en") {
                c.name_en = en;
                add_alias(c, &publisher_name);
            }
            c.name_az = names.name(&c.iso2, "az").unwrap_or_default();
            c.name_ru = names.name(&c.iso2, "ru").unwrap_or_default();
        }
        None => {
            if let Some(p) = previous.and_then(|p| p.by_code(&c.code)) {
                let publisher_name = c.name_en.clone();
                c.name_en = p.name_en.clone();
                c.name_az = p.name_az.clone();
                c.name_ru = p.name_ru.clone();
                add_alias(c, &publisher_name);
            }
        }
    }
}

fn aggregate(m49: &str, name: &str) -> Country {
    location(m49, LocationKind::Aggregate, m49, name)
}

/// A location with its code, kind, M49 code and English name; the other fields empty.
fn location(code: &str, kind: LocationKind, m49: &str, name: &str) -> Country {
    Country {
        code: code.to_string(),
        kind,
        iso3: String::new(),
        iso2: String::new(),
        m49: m49.to_string(),
        unhcr_code: String::new(),
        name_en: name.to_string(),
        name_az: String::new(),
        name_ru: String::new(),
        aliases: String::new(),
        groups: String::new(),
    }
}
