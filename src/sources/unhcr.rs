//! UNHCR Refugee Population Statistics Database: the `population` table (end-year stocks and
//! in-year returns by country of origin × country of asylum) as published in UNHCR's own
//! `refugees` data package. Joined on the ISO3 columns (`coo_iso`, `coa_iso`), never on UNHCR's
//! own codes, which collide with other countries' ISO3 codes (UNHCR `AUS` is Austria).

use std::path::Path;

use super::{column_index, parse_year, validate, Delimited};
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
        let y = parse_year(path, line, "year", &record[year])?;
        let (coo, coa) = (record[origin].trim(), record[asylum].trim());
        if coo.is_empty() || coa.is_empty() {
            return Err(Error::layout(path, format!("line {line}: empty coo_iso or coa_iso; UNHCR rows are joined on ISO3 codes only")));
        }
        for &(c, name) in &columns {
            // An empty cell means the category did not exist or was not reported: not stored.
            let at = validate::At {
                path,
                line,
                column: name,
            };
            if let Some(value) = validate::cell(at, name, &record[c])? {
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

// ---------------------------------------------------------------------------------------------
// UNHCR population statistics API v1 (`miglab fetch unhcr`).

/// The default base of the UNHCR API (`MIGLAB_UNHCR_URL` overrides it).
pub const API_BASE: &str = "https://api.unhcr.org";

/// Endpoints of the population statistics API v1 and the value fields miglab reads from each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Population,
    AsylumApplications,
    AsylumDecisions,
}

/// Value fields of the asylum endpoints, their indicators and definitions.
pub const ASYLUM_INDICATORS: &[(&str, &str, &str)] = &[
    ("applied", "asylum_applications", "asylum applications lodged during the year (all procedure and application types summed)"),
    ("dec_recognized", "asylum_decisions_recognized", "positive decisions on asylum applications: Convention status recognized (all procedures summed)"),
    ("dec_other", "asylum_decisions_complementary", "positive decisions granting complementary protection (all procedures summed)"),
    ("dec_rejected", "asylum_decisions_rejected", "rejected asylum applications (all procedures summed)"),
    ("dec_closed", "asylum_decisions_closed", "asylum applications closed otherwise (administratively) during the year"),
    ("dec_total", "asylum_decisions_total", "total decisions on asylum applications during the year"),
];

impl Endpoint {
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Population => "population",
            Endpoint::AsylumApplications => "asylum-applications",
            Endpoint::AsylumDecisions => "asylum-decisions",
        }
    }

    /// (API field, miglab indicator, definition).
    pub fn fields(self) -> Vec<(&'static str, &'static str, &'static str)> {
        match self {
            Endpoint::Population => INDICATORS.iter().map(|(n, d)| (*n, *n, *d)).collect(),
            Endpoint::AsylumApplications => ASYLUM_INDICATORS[..1].to_vec(),
            Endpoint::AsylumDecisions => ASYLUM_INDICATORS[1..].to_vec(),
        }
    }
}

/// One `miglab fetch unhcr` query. `yearFrom` and `yearTo` are always sent together.
#[derive(Debug, Clone)]
pub struct ApiQuery {
    pub endpoint: Endpoint,
    /// ISO3 codes of countries of origin (`coo`), empty for all.
    pub origins: Vec<String>,
    /// ISO3 codes of countries of asylum (`coa`), empty for all.
    pub asylum: Vec<String>,
    /// Break the answer down by every origin (`coo_all=true`) / asylum country (`coa_all=true`).
    pub by_origin: bool,
    pub by_asylum: bool,
    pub years: (i32, i32),
    pub limit: u32,
}

/// The M49 code of the world, used for UNHCR's `-` (all countries together) in origin or asylum.
pub const ALL_COUNTRIES: &str = "900";

/// Reads a value field: a number, a numeric string (`1,234` too), or `-`/empty/null (missing).
fn api_value(v: Option<&serde_json::Value>) -> Result<Option<f64>, String> {
    super::json_number(v, &["-", ".."], true)
}

/// Fetches every page of a query (`page=1..maxPages`) into the tidy builder, joined on the ISO3
/// fields (`coo_iso`, `coa_iso`) that `cf_type=ISO` asks for. Rows of the asylum endpoints
/// (one per procedure and application type) are summed per origin, asylum country and year.
/// Returns the URL of the first page.
pub fn fetch_api(
    fetcher: &mut super::cache::Fetcher,
    base: &str,
    query: &ApiQuery,
    out: &mut TidyBuilder,
) -> anyhow::Result<String> {
    let params = api_params(query)?;
    let fields = query.endpoint.fields();
    let mut sums = Sums::new();
    let mut first_url = String::new();
    let mut page = 1u64;
    let mut pages = 1u64;
    while page <= pages {
        let path = format!(
            "/population/v1/{}/?{params}&page={page}",
            query.endpoint.path()
        );
        let url = format!("{base}{path}");
        let resp = fetcher.get(
            &format!("unhcr {path}"),
            &url,
            &super::http::RequestOptions::default(),
        )?;
        let value = super::http::json_body(&resp, "UNHCR API v1 JSON")?;
        let url = resp.url.clone();
        if page == 1 {
            first_url = url.clone();
        }
        let err = |problem: String| -> anyhow::Error {
            super::http::HttpError::new(&url, problem, API_LAYOUT_HINT).into()
        };
        let items = value
            .get("items")
            .and_then(|v| v.as_array())
            .ok_or_else(|| err("no `items` list in the answer".into()))?;
        if page == 1 {
            pages = max_pages(&value);
            if pages > 1000 {
                return Err(err(format!("the answer announces {pages} pages")));
            }
        }
        if items.is_empty() && page < pages {
            return Err(err(format!("page {page} of {pages} has no items")));
        }
        for item in items {
            add_item(item, &fields, &mut sums).map_err(err)?;
        }
        page += 1;
    }
    for ((indicator, coo, coa, year), value) in sums {
        // A field the API left as `-` for every row is missing: not stored (as on import).
        if value.is_some() {
            out.push(Observation::bilateral(
                indicator,
                &coo,
                &coa,
                year,
                value,
                Unit::Persons,
            ));
        }
    }
    Ok(first_url)
}

const API_LAYOUT_HINT: &str = "this is not the UNHCR population statistics API v1 layout `{page,maxPages,items:[...]}`; check MIGLAB_UNHCR_URL, or use `--offline` for the cached copy";

/// (indicator, origin, asylum, year) -> sum, or None while every part is missing.
type Sums = std::collections::BTreeMap<(&'static str, String, String, i32), Option<f64>>;

/// The query string of a query, without the page: every code sent is checked and encoded.
fn api_params(query: &ApiQuery) -> Result<String> {
    let codes = |list: &[String]| -> Result<Vec<String>> {
        list.iter()
            .map(|c| super::http::query_part("country code", c))
            .collect()
    };
    let (origins, asylum) = (codes(&query.origins)?, codes(&query.asylum)?);
    let mut params = format!(
        "cf_type=ISO&yearFrom={}&yearTo={}&limit={}",
        query.years.0,
        query.years.1,
        query.limit.max(1)
    );
    if !origins.is_empty() {
        params.push_str(&format!("&coo={}", origins.join(",")));
    }
    if !asylum.is_empty() {
        params.push_str(&format!("&coa={}", asylum.join(",")));
    }
    if query.by_origin {
        params.push_str("&coo_all=true");
    }
    if query.by_asylum {
        params.push_str("&coa_all=true");
    }
    Ok(params)
}

/// The number of pages the first page announces (`maxPages`, a number or text; 1 if absent).
fn max_pages(value: &serde_json::Value) -> u64 {
    match value.get("maxPages") {
        Some(serde_json::Value::Number(n)) => n.as_u64().unwrap_or(1),
        Some(serde_json::Value::String(s)) => s.trim().parse().unwrap_or(1),
        _ => 1,
    }
    .max(1)
}

/// Adds the value fields of one item to the sums of its origin, asylum country and year.
fn add_item(
    item: &serde_json::Value,
    fields: &[(&'static str, &'static str, &'static str)],
    sums: &mut Sums,
) -> std::result::Result<(), String> {
    let text = |k: &str| {
        item.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let year = match item.get("year") {
        Some(serde_json::Value::Number(n)) => n.as_i64(),
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .and_then(|y| i32::try_from(y).ok())
    .filter(|y| validate::YEARS.contains(y))
    .ok_or_else(|| "an item has no `year` from 1900 to 2150".to_string())?;
    let code = |iso: String| {
        if iso.is_empty() || iso == "-" {
            ALL_COUNTRIES.to_string()
        } else {
            iso
        }
    };
    let coo = code(text("coo_iso"));
    let coa = code(text("coa_iso"));
    for (field, indicator, _) in fields {
        let v = api_value(item.get(*field))
            .map_err(|e| format!("`{field}` of {coo}→{coa} {year}: {e}"))?;
        let slot = sums
            .entry((indicator, coo.clone(), coa.clone(), year))
            .or_insert(None);
        if let Some(v) = v {
            *slot = Some(slot.unwrap_or(0.0) + v);
        }
    }
    Ok(())
}
