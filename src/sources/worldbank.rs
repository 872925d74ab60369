//! World Bank, World Development Indicators: the bulk CSV download layout (UTF-8 BOM, CRLF,
//! metadata lines before the header, every line ending in a comma) and the long WDI extract of
//! IOM's gdidata package (`geo,var,t,v`).

use std::path::Path;

use polars::prelude::{DataFrame, DataType};

use super::{read_text, validate, Delimited};
use crate::error::{Error, Result};
use crate::tidy::{Observation, TidyBuilder, Unit};

/// A WDI series miglab knows: WDI code, IOM gdidata variable, miglab indicator, unit, definition.
pub struct WdiSeries {
    pub code: &'static str,
    pub gdidata_var: &'static str,
    pub name: &'static str,
    pub unit: Unit,
    pub definition: &'static str,
}

pub const SERIES: &[WdiSeries] = &[
    WdiSeries {
        code: "SM.POP.NETM",
        gdidata_var: "nmig",
        name: "net_migration",
        unit: Unit::Persons,
        definition: "net migration (WDI SM.POP.NETM): immigrants minus emigrants in the year, taken by the World Bank from UN WPP; this vintage is WPP 2022-based",
    },
    WdiSeries {
        code: "BX.TRF.PWKR.CD.DT",
        gdidata_var: "remin",
        name: "remittances_received",
        unit: Unit::CurrentUsd,
        definition: "personal remittances received (WDI BX.TRF.PWKR.CD.DT): personal transfers plus compensation of employees (IMF BPM6)",
    },
    WdiSeries {
        code: "BM.TRF.PWKR.CD.DT",
        gdidata_var: "remout",
        name: "remittances_paid",
        unit: Unit::CurrentUsd,
        definition: "personal remittances paid (WDI BM.TRF.PWKR.CD.DT)",
    },
    WdiSeries {
        code: "NY.GDP.MKTP.CD",
        gdidata_var: "gdp",
        name: "gdp",
        unit: Unit::CurrentUsd,
        definition: "gross domestic product at purchaser's prices (WDI NY.GDP.MKTP.CD)",
    },
];

/// Reads IOM gdidata's long `wdi` table (`geo,var,t,v`) with polars' CSV reader: columns `geo`,
/// `var`, `year` and `value` (missing where the publisher left the cell empty).
pub fn read_long(path: &Path) -> Result<DataFrame> {
    let long = super::read_csv_layout(
        path,
        &super::CsvLayout {
            name: "IOM gdidata's long WDI table",
            columns: vec![
                ("geo", "geo", DataType::String),
                ("var", "var", DataType::String),
                ("t", "year", DataType::Int32),
                ("v", "value", DataType::Float64),
            ],
            required: &["geo", "var", "year"],
            expected: "a year in t and numbers in v",
        },
    )?;
    let var = long.column("var")?.str()?;
    validate::read_columns(path, &long, ("year", "t"), ("value", "v"), |row| {
        // The sign rule needs the indicator: the series miglab imports, and WPP population.
        let var = var.get(row)?;
        SERIES
            .iter()
            .find(|s| s.gdidata_var == var)
            .map(|s| s.name)
            .or((var == "pop").then_some("population"))
    })?;
    Ok(long)
}

/// The rows of a [`read_long`] frame as (geo, var, year, value), in file order.
pub fn long_rows(
    long: &DataFrame,
) -> Result<impl Iterator<Item = (&str, &str, i32, Option<f64>)> + '_> {
    let var = long.column("var")?.str()?;
    let geo = long.column("geo")?.str()?;
    let year = long.column("year")?.i32()?;
    let value = long.column("value")?.f64()?;
    // read_long has checked that geo, var and year are present
    Ok(geo
        .iter()
        .zip(var.iter())
        .zip(year.iter())
        .zip(value.iter())
        .map(|(((g, v), y), x)| {
            (
                g.unwrap_or_default(),
                v.unwrap_or_default(),
                y.unwrap_or_default(),
                x,
            )
        }))
}

/// Imports the WDI series of IOM gdidata's long table that miglab knows (remittances, GDP,
/// net migration). `vars` limits the import to some gdidata variables.
pub fn import_long(path: &Path, vars: &[&str], out: &mut TidyBuilder) -> Result<()> {
    let long = read_long(path)?;
    for (geo, var, year, value) in long_rows(&long)? {
        if let Some(series) = SERIES
            .iter()
            .find(|s| s.gdidata_var == var && vars.contains(&s.gdidata_var))
        {
            out.push(Observation::country(
                series.name,
                geo,
                year,
                value,
                series.unit,
            ));
        }
    }
    Ok(())
}

/// What the header lines of a bulk download say.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkInfo {
    pub last_updated: String,
    pub indicator_code: String,
}

/// Imports a WDI bulk download CSV (`API_<code>_DS2_en_csv_v2_<n>.csv`).
pub fn import_bulk_csv(path: &Path, out: &mut TidyBuilder) -> Result<BulkInfo> {
    let text = read_text(path)?;
    let layout_hint = "expected the World Bank bulk download layout (`\"Data Source\",\"World Development Indicators\",` then a header `\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"1960\",...`)";
    let mut last_updated = String::new();
    let mut header_at = None;
    for (i, line) in text.lines().enumerate().take(10) {
        if line.starts_with("\"Last Updated Date\"") {
            last_updated = line
                .split(',')
                .nth(1)
                .unwrap_or_default()
                .trim_matches('"')
                .to_string();
        }
        if line.starts_with("\"Country Name\"") {
            header_at = Some(i);
            break;
        }
    }
    let header_at =
        header_at.ok_or_else(|| Error::layout(path, format!("no header line; {layout_hint}")))?;
    let body: String = text.lines().skip(header_at).collect::<Vec<_>>().join("\n");
    let table = Delimited::parse(path, &body, b',', header_at + 1)?;
    let header = &table.header;
    if header.len() < 5 || header[1] != "Country Code" || header[3] != "Indicator Code" {
        return Err(Error::layout(path, layout_hint));
    }
    // Every line ends with a comma: the header has one empty column more than some rows.
    table.check_rows(path, 1)?;
    let years = validate::year_columns(path, header_at + 1, header, 4)?;
    let mut indicator_code = String::new();
    for (line, record) in &table.records {
        let line = *line;
        let code = &record[3];
        let series = SERIES.iter().find(|s| s.code == code).ok_or_else(|| {
            let known: Vec<&str> = SERIES.iter().map(|s| s.code).collect();
            Error::layout(
                path,
                format!(
                    "indicator `{code}` is not one miglab imports from WDI ({})",
                    known.join(", ")
                ),
            )
        })?;
        indicator_code = code.to_string();
        for &(c, year) in &years {
            let at = validate::At {
                path,
                line,
                column: &header[c],
            };
            let value = validate::cell(at, series.name, &record[c])?;
            if value.is_some() {
                out.push(Observation::country(
                    series.name,
                    &record[1],
                    year,
                    value,
                    series.unit,
                ));
            }
        }
    }
    Ok(BulkInfo {
        last_updated,
        indicator_code,
    })
}

// ---------------------------------------------------------------------------------------------
// World Bank Indicators API v2 (`miglab fetch worldbank`).

/// The default base of the World Bank API (`MIGLAB_WORLDBANK_URL` overrides it).
pub const API_BASE: &str = "https://api.worldbank.org";

/// One `miglab fetch worldbank` query.
#[derive(Debug, Clone)]
pub struct ApiQuery {
    pub indicator: String,
    /// Country codes as the API takes them (ISO3 or ISO2), or `all`.
    pub countries: Vec<String>,
    /// `date=A:B`.
    pub years: Option<(i32, i32)>,
    /// `mrv=N`: the N most recent values.
    pub mrv: Option<u32>,
    pub per_page: u32,
}

/// What the API said about the answer.
#[derive(Debug, Clone, Default)]
pub struct ApiMeta {
    pub indicator_label: Option<String>,
    pub source_name: Option<String>,
    pub last_updated: Option<String>,
    pub total: usize,
    pub pages: usize,
    pub first_url: String,
}

/// The miglab name, unit and definition of a WDI indicator fetched from the API: the series
/// miglab knows keep their names; others are named after their code, with a unit read from the
/// WDI naming convention (`.CD` current US$, `.ZS`/`.ZG` percent, `SP.POP`/`SM.POP` persons).
pub fn api_series(code: &str) -> Option<(String, Unit, String)> {
    let upper = code.trim().to_uppercase();
    if let Some(s) = SERIES.iter().find(|s| s.code == upper) {
        let definition = if s.code == "SM.POP.NETM" {
            "net migration (WDI SM.POP.NETM): immigrants minus emigrants in the year, taken by the World Bank from UN WPP (the WPP revision of the API's last update)".to_string()
        } else {
            s.definition.to_string()
        };
        return Some((s.name.to_string(), s.unit, definition));
    }
    let unit = if upper.ends_with(".CD") || upper.ends_with(".CD.DT") {
        Unit::CurrentUsd
    } else if upper.ends_with(".ZS") || upper.ends_with(".ZG") {
        Unit::Percent
    } else if upper.starts_with("SP.POP.") || upper.starts_with("SM.POP.") {
        if upper.ends_with(".ZS") || upper.contains(".P5") || upper.ends_with(".IN") {
            return None;
        }
        Unit::Persons
    } else {
        return None;
    };
    let name = upper.to_lowercase().replace('.', "_");
    Some((
        name,
        unit,
        format!("WDI indicator {upper} (World Bank API v2)"),
    ))
}

fn wb_url(base: &str, path: &str) -> String {
    if base.ends_with("/v2") {
        format!("{base}{path}")
    } else {
        format!("{base}/v2{path}")
    }
}

/// The error body of the API (`[{"message":[{"id","key","value"}]}]`), in words.
fn api_error(value: &serde_json::Value) -> Option<String> {
    let first = value.as_array()?.first()?;
    let messages = first.get("message")?.as_array()?;
    let text: Vec<String> = messages
        .iter()
        .map(|m| {
            let get = |k: &str| m.get(k).and_then(|v| v.as_str()).unwrap_or_default();
            format!("{} {}: {}", get("id"), get("key"), get("value"))
                .trim()
                .to_string()
        })
        .collect();
    Some(text.join("; "))
}

fn layout_error(url: &str, problem: impl Into<String>) -> anyhow::Error {
    super::http::HttpError::new(
        url,
        problem,
        "this is not the World Bank API v2 layout `[{page,pages,...},[records]]`; check MIGLAB_WORLDBANK_URL, or use `--offline` for the cached copy",
    )
    .into()
}

/// One page of the API: the header object and the records (empty for `null`).
fn api_page(
    fetcher: &mut super::cache::Fetcher,
    base: &str,
    path_and_query: &str,
) -> anyhow::Result<(serde_json::Value, Vec<serde_json::Value>, String)> {
    let url = wb_url(base, path_and_query);
    let key = format!("worldbank {path_and_query}");
    let resp = fetcher.get(&key, &url, &super::http::RequestOptions::default())?;
    let value = super::http::json_body(&resp, "World Bank API v2 JSON")?;
    // The URL the answer came from (the cached one when read from the cache).
    let url = resp.url.clone();
    if let Some(message) = api_error(&value) {
        return Err(super::http::HttpError::new(
            &url,
            format!("the World Bank API rejected the query: {message}"),
            "check the indicator code (`miglab fetch worldbank --search WORDS` finds codes) and the country codes",
        )
        .into());
    }
    let arr = value
        .as_array()
        .filter(|a| a.len() == 2)
        .ok_or_else(|| layout_error(&url, "the answer is not a two-element array"))?;
    let header = arr[0].clone();
    if !header.is_object() {
        return Err(layout_error(
            &url,
            "the first element is not the paging header",
        ));
    }
    let records = match &arr[1] {
        serde_json::Value::Null => Vec::new(),
        serde_json::Value::Array(a) => a.clone(),
        _ => {
            return Err(layout_error(
                &url,
                "the second element is not a list of records",
            ))
        }
    };
    Ok((header, records, url))
}

fn header_number(header: &serde_json::Value, key: &str) -> Option<usize> {
    match header.get(key)? {
        serde_json::Value::Number(n) => n.as_u64().map(|n| n as usize),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Fetches an indicator for some countries, every page, into the tidy builder. Country codes
/// come back as ISO2 (`country.id`) and ISO3 (`countryiso3code`, empty for some aggregates):
/// both are normalised to the crosswalk's code. A `null` value is missing, never 0.
pub fn fetch_api(
    fetcher: &mut super::cache::Fetcher,
    base: &str,
    query: &ApiQuery,
    crosswalk: &crate::countries::Crosswalk,
    out: &mut TidyBuilder,
) -> anyhow::Result<ApiMeta> {
    let (path, params, name, unit) = indicator_request(query)?;
    let mut meta = ApiMeta::default();
    let mut page = 1usize;
    let mut pages = 1usize;
    let mut seen = 0usize;
    let mut total = 0usize;
    while page <= pages {
        let (header, records, url) =
            api_page(fetcher, base, &format!("{path}?{params}&page={page}"))?;
        if page == 1 {
            (pages, total) = read_paging_header(&header, &url, &mut meta)?;
        }
        if records.is_empty() && page < pages {
            return Err(layout_error(
                &url,
                format!("page {page} of {pages} has no records"),
            ));
        }
        for record in &records {
            let year = record_year(record, &url)?;
            let code = record_country(record, &url, crosswalk)?;
            if meta.indicator_label.is_none() {
                meta.indicator_label = record
                    .get("indicator")
                    .and_then(|i| i.get("value"))
                    .and_then(|v| v.as_str())
                    .map(str::to_string);
            }
            let value = record_value(record, &url)?;
            out.push(Observation::country(&name, &code, year, value, unit));
        }
        seen += records.len();
        page += 1;
    }
    if seen < total {
        return Err(layout_error(
            &meta.first_url,
            format!("the header announces {total} records but the {pages} pages held {seen} (an empty last page?); the data may have changed while paging, try again with --refresh"),
        ));
    }
    meta.total = seen;
    meta.pages = pages;
    Ok(meta)
}

/// The path and query string of an indicator query (without the page), and the miglab name and
/// unit of the indicator.
fn indicator_request(query: &ApiQuery) -> anyhow::Result<(String, String, String, Unit)> {
    // Every part sent is checked and encoded first: `../../x` never reaches the API.
    let indicator = super::http::query_part("--indicator", &query.indicator.to_uppercase())?;
    let countries: Vec<String> = query
        .countries
        .iter()
        .map(|c| super::http::query_part("country code", c))
        .collect::<Result<_, _>>()?;
    let (name, unit, _) = api_series(&query.indicator).ok_or_else(|| {
        crate::error::Error::NotCovered(format!(
            "miglab does not know the unit of World Bank indicator `{}`; it fetches counts of persons (SP.POP.*, SM.POP.*), current US$ (*.CD) and percentages (*.ZS, *.ZG)",
            query.indicator
        ))
    })?;
    let countries = if countries.is_empty() {
        "all".to_string()
    } else {
        countries.join(";")
    };
    let mut params = String::from("format=json");
    if let Some((a, b)) = query.years {
        params.push_str(&format!("&date={a}:{b}"));
    }
    if let Some(n) = query.mrv {
        params.push_str(&format!("&mrv={n}"));
    }
    params.push_str(&format!("&per_page={}", query.per_page.max(1)));
    let path = format!("/country/{countries}/indicator/{indicator}");
    Ok((path, params, name, unit))
}

/// The first page's header: the number of pages and of records announced, and what it says
/// about the data (into `meta`, with the first page's URL).
fn read_paging_header(
    header: &serde_json::Value,
    url: &str,
    meta: &mut ApiMeta,
) -> anyhow::Result<(usize, usize)> {
    let pages = header_number(header, "pages").unwrap_or(1).max(1);
    let total = header_number(header, "total").unwrap_or(0);
    meta.first_url = url.to_string();
    meta.last_updated = header
        .get("lastupdated")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    meta.source_name = header
        .get("sourcename")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    if pages > 1000 {
        return Err(layout_error(
            url,
            format!("the header announces {pages} pages"),
        ));
    }
    Ok((pages, total))
}

/// The year of a record (`date`): annual data only.
fn record_year(record: &serde_json::Value, url: &str) -> anyhow::Result<i32> {
    let year_text = record
        .get("date")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    year_text
        .parse()
        .ok()
        .filter(|y| validate::YEARS.contains(y))
        .ok_or_else(|| {
            layout_error(
                url,
                format!(
                    "`date` `{}` is not a year from 1900 to 2150 (miglab fetches annual data)",
                    crate::escape::for_message(year_text, 40)
                ),
            )
        })
}

/// The crosswalk's code of a record's country (from its ISO3 or ISO2 code), else the code as
/// the API gave it.
fn record_country(
    record: &serde_json::Value,
    url: &str,
    crosswalk: &crate::countries::Crosswalk,
) -> anyhow::Result<String> {
    let iso3 = record
        .get("countryiso3code")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .trim();
    let iso2 = record
        .get("country")
        .and_then(|c| c.get("id"))
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .trim();
    let code = [iso3, iso2]
        .iter()
        .filter(|c| !c.is_empty())
        .find_map(|c| crosswalk.lookup(c).filter(|k| k.iso3 == *c || k.iso2 == *c))
        .map(|k| k.code.clone())
        .unwrap_or_else(|| {
            if iso3.is_empty() {
                iso2.to_string()
            } else {
                iso3.to_string()
            }
        });
    if code.is_empty() {
        return Err(layout_error(url, "a record has no country code"));
    }
    Ok(code)
}

/// The value of a record: `null` or empty is missing.
fn record_value(record: &serde_json::Value, url: &str) -> anyhow::Result<Option<f64>> {
    Ok(match record.get("value") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Number(n)) => n.as_f64(),
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => None,
        Some(serde_json::Value::String(s)) => Some(
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    layout_error(
                        url,
                        format!(
                            "value `{}` is not a finite number",
                            crate::escape::for_message(s, 60)
                        ),
                    )
                })?,
        ),
        Some(other) => {
            return Err(layout_error(
                url,
                format!("value `{other}` is not a number"),
            ))
        }
    })
}

/// One indicator found by [`search_indicators`].
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorHit {
    pub id: String,
    pub name: String,
    pub source: String,
}

/// Searches the API's indicator list (`/v2/indicator`, every page, cached like any query) for
/// indicators whose code, name or note contains every word.
pub fn search_indicators(
    fetcher: &mut super::cache::Fetcher,
    base: &str,
    words: &str,
) -> anyhow::Result<Vec<IndicatorHit>> {
    let words: Vec<String> = words.split_whitespace().map(|w| w.to_lowercase()).collect();
    let mut hits = Vec::new();
    let mut page = 1usize;
    let mut pages = 1usize;
    while page <= pages {
        let (header, records, url) = api_page(
            fetcher,
            base,
            &format!("/indicator?format=json&per_page=20000&page={page}"),
        )?;
        if page == 1 {
            pages = header_number(&header, "pages").unwrap_or(1).clamp(1, 100);
        }
        for r in &records {
            let get = |k: &str| {
                r.get(k)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let id = get("id");
            if id.is_empty() {
                return Err(layout_error(&url, "an indicator record has no `id`"));
            }
            let name = get("name");
            let note = get("sourceNote");
            let source = r
                .get("source")
                .and_then(|s| s.get("value"))
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            let hay = format!("{id} {name} {note}").to_lowercase();
            if words.iter().all(|w| hay.contains(w.as_str())) {
                hits.push(IndicatorHit { id, name, source });
            }
        }
        page += 1;
    }
    Ok(hits)
}
