//! The UN Population Division Data Portal API (World Population Prospects indicators):
//! `/dataportalapi/api/v1/data/indicators/{ids}/locations/{m49s}/start/{y}/end/{y}`. The API
//! needs a bearer token (`MIGLAB_UNDATA_TOKEN`); without it `fetch undata` explains how to get
//! one instead of sending a request that can only fail.

use super::cache::Fetcher;
use super::http::{json_body, HttpError, RequestOptions};
use crate::countries::Crosswalk;
use crate::tidy::{Observation, Sex, TidyBuilder, Unit};

/// The default base of the Data Portal (`MIGLAB_UNDATA_URL` overrides it).
pub const API_BASE: &str = "https://population.un.org";
/// The environment variable holding the bearer token.
pub const TOKEN_VAR: &str = "MIGLAB_UNDATA_TOKEN";

/// The token, or a clear message on how to provide it.
pub fn token() -> Result<String, crate::error::Error> {
    match std::env::var(TOKEN_VAR) {
        Ok(t) if !t.trim().is_empty() => Ok(t.trim().to_string()),
        _ => Err(crate::error::Error::NotCovered(format!(
            "`fetch undata` needs a UN Data Portal API token: request one from the UN Population Division (population.un.org/dataportal, \"API\"), then set {TOKEN_VAR}=<token>; the same WPP indicators are embedded offline as `wpp2024` (`miglab data show wpp2024`)"
        ))),
    }
}

/// One query: indicator ids, M49 location codes, years.
#[derive(Debug, Clone)]
pub struct Query {
    pub indicators: Vec<u32>,
    pub locations: Vec<String>,
    pub years: (i32, i32),
}

/// Fetches every page (median variant only) into the tidy builder. Returns the first URL and
/// the (indicator, definition) pairs seen.
pub fn fetch(
    fetcher: &mut Fetcher,
    base: &str,
    token: &str,
    query: &Query,
    crosswalk: &Crosswalk,
    out: &mut TidyBuilder,
) -> anyhow::Result<(String, Vec<(String, String)>)> {
    let path = query_path(query)?;
    let opts = RequestOptions {
        bearer: Some(token.to_string()),
        ..Default::default()
    };
    let mut definitions: Vec<(String, String)> = Vec::new();
    let mut first_url = String::new();
    let mut page = 1u64;
    let mut pages = 1u64;
    while page <= pages {
        let pq = format!("{path}?pagingInHeader=false&format=json&pageSize=1000&pageNumber={page}");
        let url = format!("{base}{pq}");
        let resp = fetcher.get(&format!("undata {pq}"), &url, &opts)?;
        let url = resp.url.clone();
        if page == 1 {
            first_url = url.clone();
        }
        if resp.status == 401 || resp.status == 403 {
            return Err(HttpError::new(
                &url,
                format!("the Data Portal refused the token (HTTP {})", resp.status),
                format!("check {TOKEN_VAR}; tokens expire, request a new one if needed"),
            )
            .into());
        }
        let value = json_body(&resp, "UN Data Portal JSON")?;
        let err = |p: String| -> anyhow::Error {
            HttpError::new(&url, p, "this is not the UN Data Portal API v1 layout `{data:[...],pages}`; check MIGLAB_UNDATA_URL").into()
        };
        let data = value
            .get("data")
            .and_then(|d| d.as_array())
            .ok_or_else(|| err("no `data` list in the answer".into()))?;
        if page == 1 {
            pages = value
                .get("pages")
                .and_then(|p| p.as_u64())
                .unwrap_or(1)
                .clamp(1, 1000);
        }
        for r in data {
            let Some((obs, definition)) = median_observation(r, crosswalk).map_err(err)? else {
                continue;
            };
            if !definitions.iter().any(|(n, _)| *n == obs.indicator) {
                definitions.push((obs.indicator.clone(), definition));
            }
            out.push(obs);
        }
        page += 1;
    }
    Ok((first_url, definitions))
}

/// The path of a query: indicator ids, checked location codes, years.
fn query_path(query: &Query) -> Result<String, crate::error::Error> {
    let ids: Vec<String> = query.indicators.iter().map(u32::to_string).collect();
    let locations: Vec<String> = query
        .locations
        .iter()
        .map(|l| super::http::query_part("location code", l))
        .collect::<Result<_, _>>()?;
    Ok(format!(
        "/dataportalapi/api/v1/data/indicators/{}/locations/{}/start/{}/end/{}",
        ids.join(","),
        locations.join(","),
        query.years.0,
        query.years.1
    ))
}

/// One record of the median variant as an observation (`undata_<id>`, unit read from the
/// indicator's label) with the indicator's definition; `None` for other variants.
fn median_observation(
    r: &serde_json::Value,
    crosswalk: &Crosswalk,
) -> Result<Option<(Observation, String)>, String> {
    let text = |k: &str| {
        r.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    if !text("variant").is_empty() && text("variant") != "Median" {
        return Ok(None);
    }
    let indicator_id = r.get("indicatorId").and_then(|v| v.as_u64()).unwrap_or(0);
    let label = text("indicator");
    let name = format!("undata_{indicator_id}");
    let lower = label.to_lowercase();
    let unit = if lower.contains("rate") || lower.contains("per 1") {
        Unit::PerThousand
    } else if lower.contains('%') || lower.contains("percent") {
        Unit::Percent
    } else {
        Unit::Persons
    };
    let year: i32 = text("timeLabel")
        .get(..4)
        .and_then(|y| y.parse().ok())
        .filter(|y| super::validate::YEARS.contains(y))
        .ok_or_else(|| {
            format!(
                "`timeLabel` `{}` is not a year from 1900 to 2150",
                text("timeLabel")
            )
        })?;
    let iso3 = text("iso3");
    let code = crosswalk
        .lookup(&iso3)
        .map(|c| c.code.clone())
        .unwrap_or_else(|| {
            r.get("locationId")
                .map(|v| v.to_string())
                .unwrap_or_default()
        });
    let value = r.get("value").and_then(|v| v.as_f64());
    let mut obs = Observation::country(&name, &code, year, value, unit);
    obs.sex = match text("sex").as_str() {
        "Female" => Sex::Female,
        "Male" => Sex::Male,
        _ => Sex::Total,
    };
    let definition =
        format!("UN WPP indicator {indicator_id}: {label} (UN Data Portal, median variant)");
    Ok(Some((obs, definition)))
}
