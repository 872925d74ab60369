//! Eurostat's dissemination API (`statistics/1.0/data/{dataset}`), which answers in JSON-stat
//! 2.0: migration tables such as `migr_resfirst` (first residence permits by citizenship),
//! `migr_asyappctza` (asylum applicants by citizenship), `migr_imm1ctz` (immigrants by
//! citizenship) and `demo_gind` (population change). Eurostat codes countries with ISO 3166
//! alpha-2 except Greece (`EL`) and the United Kingdom (`UK`); miglab sends and reads those and
//! stores the crosswalk's ISO3 codes. A 413 (request too large) splits the query in two.

use std::collections::BTreeMap;

use super::cache::Fetcher;
use super::http::{json_body, HttpError, RequestOptions};
use super::jsonstat;
use crate::countries::Crosswalk;
use crate::tidy::{Observation, Sex, TidyBuilder, Unit};

/// The default base of the API (`MIGLAB_EUROSTAT_URL` overrides it).
pub const API_BASE: &str = "https://ec.europa.eu";
/// The path of the data endpoint below the base.
pub const API_PATH: &str = "/eurostat/api/dissemination/statistics/1.0/data";

/// A Eurostat table miglab knows: its indicator name, definition and default filters.
pub struct KnownDataset {
    pub code: &'static str,
    pub name: &'static str,
    pub definition: &'static str,
    pub defaults: &'static [(&'static str, &'static str)],
    /// A dimension whose categories are the indicators themselves (e.g. `indic_de`).
    pub indicator_dim: Option<&'static str>,
}

pub const DATASETS: &[KnownDataset] = &[
    KnownDataset {
        code: "migr_resfirst",
        name: "first_residence_permits",
        definition: "first residence permits issued during the year to citizens of the origin country by the reporting country (Eurostat migr_resfirst, Regulation (EC) No 862/2007)",
        defaults: &[("reason", "TOTAL"), ("duration", "TOTAL"), ("unit", "PER")],
        indicator_dim: None,
    },
    KnownDataset {
        code: "migr_asyappctza",
        name: "asylum_applicants",
        definition: "asylum applicants by citizenship during the year, annual aggregated data (Eurostat migr_asyappctza)",
        defaults: &[("applicant", "FRST"), ("sex", "T"), ("age", "TOTAL"), ("unit", "PER")],
        indicator_dim: None,
    },
    KnownDataset {
        code: "migr_imm1ctz",
        name: "immigrants",
        definition: "immigrants during the year by citizenship: persons establishing their usual residence in the reporting country for at least 12 months (Eurostat migr_imm1ctz, UN 1998 Rec. Rev.1 long-term migrants)",
        defaults: &[("age", "TOTAL"), ("agedef", "COMPLET"), ("sex", "T"), ("unit", "NR")],
        indicator_dim: None,
    },
    KnownDataset {
        code: "demo_gind",
        name: "demo_gind",
        definition: "population change, demographic balance and crude rates at national level (Eurostat demo_gind)",
        defaults: &[("indic_de", "CNMIGRATNE")],
        indicator_dim: Some("indic_de"),
    },
];

/// Dimensions that hold the country of origin of bilateral data.
const ORIGIN_DIMS: &[&str] = &["citizen", "c_birth", "partner", "c_prev"];
/// Category codes that mean "everything" (not named in the indicator).
const IMPLIED: &[&str] = &["TOTAL", "T", "PER", "NR", "COMPLET", "A"];

/// One `miglab fetch eurostat` query.
#[derive(Debug, Clone)]
pub struct Query {
    pub dataset: String,
    /// Dimension filters (`geo=AZ`), several values per dimension; sorted for stable keys.
    pub filters: BTreeMap<String, Vec<String>>,
    pub years: Option<(i32, i32)>,
}

impl Query {
    /// The query with the known dataset's default filters added where the user gave none.
    pub fn with_defaults(mut self) -> Query {
        if let Some(known) = known(&self.dataset) {
            for (dim, code) in known.defaults {
                self.filters
                    .entry(dim.to_string())
                    .or_insert_with(|| vec![code.to_string()]);
            }
        }
        self
    }

    /// Checks every part the user gave (dataset code, dimensions, codes) against the strict
    /// pattern of [`super::http::query_part`]: `../../x` or `geo=AZ&x=1` never reach the API.
    pub fn check(&self) -> Result<(), crate::error::Error> {
        super::http::query_part("--dataset", &self.dataset)?;
        for (dim, values) in &self.filters {
            super::http::query_part("--filter dimension", dim)?;
            for v in values {
                super::http::query_part(&format!("--filter {dim}= code"), v)?;
            }
        }
        Ok(())
    }

    fn path_and_query(&self) -> String {
        let enc = super::http::percent_encode;
        let mut q = String::from("format=JSON&lang=EN");
        for (dim, values) in &self.filters {
            for v in values {
                q.push_str(&format!("&{}={}", enc(dim), enc(v)));
            }
        }
        if let Some((a, b)) = self.years {
            q.push_str(&format!("&sinceTimePeriod={a}&untilTimePeriod={b}"));
        }
        format!("{API_PATH}/{}?{q}", enc(&self.dataset))
    }

    /// Two halves of the query (the longest filter list, else the years), or None.
    fn split(&self) -> Option<(Query, Query)> {
        let longest = self
            .filters
            .iter()
            .filter(|(_, v)| v.len() > 1)
            .max_by_key(|(_, v)| v.len())
            .map(|(k, _)| k.clone());
        if let Some(dim) = longest {
            let values = self.filters.get(&dim)?.clone();
            let (a, b) = values.split_at(values.len() / 2);
            let mut left = self.clone();
            let mut right = self.clone();
            left.filters.insert(dim.clone(), a.to_vec());
            right.filters.insert(dim, b.to_vec());
            return Some((left, right));
        }
        let (a, b) = self.years?;
        if a >= b {
            return None;
        }
        let mid = a + (b - a) / 2;
        let mut left = self.clone();
        let mut right = self.clone();
        left.years = Some((a, mid));
        right.years = Some((mid + 1, b));
        Some((left, right))
    }
}

pub fn known(code: &str) -> Option<&'static KnownDataset> {
    DATASETS.iter().find(|d| d.code.eq_ignore_ascii_case(code))
}

/// A crosswalk code as Eurostat writes it (ISO2; `EL` for Greece, `UK` for the United Kingdom);
/// codes the crosswalk does not know (EU27_2020, TOTAL...) pass unchanged.
pub fn to_eurostat(crosswalk: &Crosswalk, code: &str) -> String {
    match crosswalk.by_code(code).map(|c| c.iso2.as_str()) {
        Some("GR") => "EL".into(),
        Some("GB") => "UK".into(),
        Some(iso2) if !iso2.is_empty() => iso2.to_string(),
        _ => code.to_string(),
    }
}

/// A Eurostat country code as the crosswalk's code.
pub fn from_eurostat(crosswalk: &Crosswalk, code: &str) -> String {
    let iso2 = match code {
        "EL" => "GR",
        "UK" => "GB",
        other => other,
    };
    if iso2.len() == 2 {
        if let Some(c) = crosswalk.all().iter().find(|c| c.iso2 == iso2) {
            return c.code.clone();
        }
    }
    code.to_string()
}

/// What a fetch learned beyond the rows.
#[derive(Debug, Clone, Default)]
pub struct FetchInfo {
    pub label: Option<String>,
    pub updated: Option<String>,
    pub first_url: String,
    pub requests: usize,
    /// (indicator, definition) of every indicator produced.
    pub definitions: Vec<(String, String)>,
    pub notes: Vec<String>,
}

/// Fetches a query, splitting it on 413, decodes the JSON-stat answers and adds the cells to the
/// tidy builder.
pub fn fetch(
    fetcher: &mut Fetcher,
    base: &str,
    query: &Query,
    crosswalk: &Crosswalk,
    out: &mut TidyBuilder,
) -> anyhow::Result<FetchInfo> {
    query.check()?;
    let mut info = FetchInfo::default();
    let mut datasets = Vec::new();
    fetch_split(fetcher, base, query, 0, &mut datasets, &mut info)?;
    let mut definitions: BTreeMap<String, String> = BTreeMap::new();
    let mut flags: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for (url, ds) in &datasets {
        if info.label.is_none() {
            info.label = ds.label.clone();
            info.updated = ds.updated.clone();
        }
        add_cells(url, ds, query, crosswalk, out, &mut definitions, &mut flags)?;
    }
    info.definitions = definitions.into_iter().collect();
    for (flag, (n, label)) in flags {
        info.notes.push(format!(
            "{n} value(s) flagged `{flag}` ({label}) by Eurostat"
        ));
    }
    if datasets.iter().any(|(_, d)| !d.has_status) {
        info.notes.push(
            "the answer carried no status flags (`status`): values are shown unflagged".into(),
        );
    }
    Ok(info)
}

fn fetch_split(
    fetcher: &mut Fetcher,
    base: &str,
    query: &Query,
    depth: usize,
    out: &mut Vec<(String, jsonstat::Dataset)>,
    info: &mut FetchInfo,
) -> anyhow::Result<()> {
    let path = query.path_and_query();
    let url = format!("{base}{path}");
    let resp = fetcher.get(
        &format!("eurostat {path}"),
        &url,
        &RequestOptions::default(),
    )?;
    // The URL the answer came from (the cached one when read from the cache).
    let url = resp.url.clone();
    if info.first_url.is_empty() {
        info.first_url = url.clone();
    }
    info.requests += 1;
    if resp.status == 413 {
        let halves = (depth < 12).then(|| query.split()).flatten();
        let Some((left, right)) = halves else {
            return Err(HttpError::new(
                &url,
                "Eurostat answered 413 (the extraction is too large) and the query cannot be split further",
                "narrow it with --filter DIM=CODE, fewer countries or fewer --years",
            )
            .into());
        };
        fetch_split(fetcher, base, &left, depth + 1, out, info)?;
        return fetch_split(fetcher, base, &right, depth + 1, out, info);
    }
    if resp.status != 200 {
        // Eurostat explains a rejected query in a JSON error object: show its label.
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&resp.body) {
            if let Err(problem) = jsonstat::decode(&v) {
                return Err(HttpError::new(
                    &url,
                    format!("HTTP {}: {problem}", resp.status),
                    "check the dataset code and the filter codes on the Eurostat data browser",
                )
                .into());
            }
        }
    }
    let value = json_body(&resp, "Eurostat JSON-stat 2.0")?;
    let ds = jsonstat::decode(&value).map_err(|problem| {
        HttpError::new(
            &url,
            format!("not a usable JSON-stat dataset: {problem}"),
            "check the dataset code and filters on the Eurostat data browser, or use `--offline` for the cached copy",
        )
    })?;
    out.push((url, ds));
    Ok(())
}

fn unit_of(code: &str) -> Option<(Unit, f64)> {
    match code {
        "PER" | "NR" => Some((Unit::Persons, 1.0)),
        "THS_PER" | "THS" => Some((Unit::Persons, 1000.0)),
        "PC" | "PC_POP" => Some((Unit::Percent, 1.0)),
        "PER_THS" | "RT" => Some((Unit::PerThousand, 1.0)),
        _ => None,
    }
}

// Long because one JSON-stat cell becomes one tidy row: year, unit, the dimensions named in the
// indicator, status flags and sex are read together for each cell.
#[allow(clippy::too_many_arguments)]
fn add_cells(
    url: &str,
    ds: &jsonstat::Dataset,
    query: &Query,
    crosswalk: &Crosswalk,
    out: &mut TidyBuilder,
    definitions: &mut BTreeMap<String, String>,
    flags: &mut BTreeMap<String, (usize, String)>,
) -> anyhow::Result<()> {
    let err = |problem: String| -> anyhow::Error {
        HttpError::new(
            url,
            problem,
            "miglab reads annual Eurostat tables by country; narrow the query with --filter",
        )
        .into()
    };
    let known = known(&query.dataset);
    let find = |id: &str| ds.dimension(id).map(|(i, _)| i);
    let time = find("time").ok_or_else(|| err("the dataset has no `time` dimension".into()))?;
    let geo = find("geo").ok_or_else(|| err("the dataset has no `geo` dimension".into()))?;
    let origin = ORIGIN_DIMS.iter().find_map(|d| find(d));
    let sex = find("sex");
    let unit = find("unit");
    let skip = ["freq", "time", "geo", "sex", "unit"];
    for cell in ds.cells() {
        let code = |dim: usize| {
            ds.dimensions[dim].categories[cell.positions[dim]]
                .0
                .as_str()
        };
        let label = |dim: usize| {
            ds.dimensions[dim].categories[cell.positions[dim]]
                .1
                .as_str()
        };
        let time_code = code(time);
        let year: i32 = time_code
            .get(..4)
            .filter(|_| time_code.len() == 4)
            .and_then(|y| y.parse().ok())
            .filter(|y| super::validate::YEARS.contains(y))
            .ok_or_else(|| {
                err(format!(
                    "time period `{}` is not a year from 1900 to 2150",
                    crate::escape::for_message(time_code, 40)
                ))
            })?;
        let mut name = known.map_or(query.dataset.to_lowercase(), |k| k.name.to_string());
        let mut definition = known.map_or_else(
            || {
                ds.label
                    .clone()
                    .unwrap_or_else(|| format!("Eurostat {}", query.dataset))
            },
            |k| k.definition.to_string(),
        );
        let mut details = Vec::new();
        let mut unit_kind = (Unit::Persons, 1.0);
        if let Some(u) = unit {
            unit_kind = unit_of(code(u)).ok_or_else(|| {
                err(format!(
                    "unit `{}` ({}) is not one miglab stores (persons, thousands, %, per 1,000); choose one with --filter unit=PER",
                    code(u),
                    label(u)
                ))
            })?;
        }
        for (i, dim) in ds.dimensions.iter().enumerate() {
            if skip.contains(&dim.id.as_str()) || Some(i) == origin {
                continue;
            }
            if known.and_then(|k| k.indicator_dim) == Some(dim.id.as_str()) {
                name = code(i).to_lowercase();
                definition = format!("{} ({}): {definition}", label(i), code(i));
                if code(i).ends_with("RT") {
                    unit_kind = (Unit::PerThousand, 1.0);
                }
                continue;
            }
            if IMPLIED.contains(&code(i)) {
                continue;
            }
            name.push_str(&format!(".{}_{}", dim.id, code(i)).to_lowercase());
            details.push(format!("{}: {}", dim.label, label(i)));
        }
        if !details.is_empty() {
            definition = format!("{definition}; {}", details.join("; "));
        }
        let status = cell.status.clone();
        let value = match status.as_deref() {
            Some(s) if s.contains(':') || s.contains('c') => None,
            _ => cell.value,
        }
        .map(|v| v * unit_kind.1);
        if let Some(s) = status.as_deref() {
            for flag in s.chars().filter(|c| !c.is_whitespace()) {
                let key = flag.to_string();
                let meaning = ds
                    .status_labels
                    .get(&key)
                    .cloned()
                    .unwrap_or_else(|| "see Eurostat's flag list".into());
                flags.entry(key).or_insert((0, meaning)).0 += 1;
            }
        }
        let mut obs = match origin {
            Some(o) => Observation::bilateral(
                &name,
                &from_eurostat(crosswalk, code(o)),
                &from_eurostat(crosswalk, code(geo)),
                year,
                value,
                unit_kind.0,
            ),
            None => Observation::country(
                &name,
                &from_eurostat(crosswalk, code(geo)),
                year,
                value,
                unit_kind.0,
            ),
        };
        if let Some(s) = sex {
            obs.sex = match code(s) {
                "F" => Sex::Female,
                "M" => Sex::Male,
                "T" => Sex::Total,
                other => return Err(err(format!("sex `{other}` is not T, F or M"))),
            };
        }
        if ds.has_status {
            obs.imputed = Some(status.as_deref().is_some_and(|s| s.contains('e')));
        }
        definitions.entry(name).or_insert(definition);
        out.push(obs);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The embedded `eurostat` dataset: first-time asylum applicants (migr_asyappctza), annual, as
// republished by IOM gdidata (`eurostat_migr_asyappctza_annual.csv`).

/// The indicator of the embedded table, and its definition.
pub const ASYLUM_APPLICANTS: (&str, &str) = (
    "first_time_asylum_applicants",
    "first-time asylum applicants during the calendar year, by citizenship (origin) and the country applied to (destination), persons rounded to 5 by Eurostat (migr_asyappctza, applicant = first time; Regulation (EC) No 862/2007); total = female + male + sex unknown; destination EU27 is Eurostat's EU27_2020 aggregate, never to be added to its members",
);

/// The code of Eurostat's EU aggregate in the file, kept as the publisher's own code.
pub const EU27_AGGREGATE: &str = crate::countries::EU27_AGGREGATE;

/// Imports the long table of first-time asylum applicants (`geo, t, nat, sex, n`; `sex` is
/// female, male or unknown). Each (destination, origin, year) gives a female, a male and a total
/// row; the total includes applicants of unknown sex, which get no row of their own.
pub fn import_asylum_applicants_csv(
    path: &std::path::Path,
    out: &mut TidyBuilder,
) -> crate::error::Result<()> {
    use super::{column_index, parse_year, validate, Delimited};
    let table = Delimited::read_csv(path)?;
    let layout = "Eurostat migr_asyappctza long table (IOM gdidata eu_asyapp: geo, t, nat, sex, n)";
    let refs = table.header_refs();
    let [geo, year, nat, sex, n] =
        ["geo", "t", "nat", "sex", "n"].map(|name| column_index(path, &refs, name, layout));
    let (geo, year, nat, sex, n) = (geo?, year?, nat?, sex?, n?);
    table.check_rows(path, 0)?;
    let (name, _) = ASYLUM_APPLICANTS;
    // (destination, origin, year) -> [female, male, unknown]; a BTreeMap keeps the output stable
    let mut cells: BTreeMap<(String, String, i32), [Option<f64>; 3]> = BTreeMap::new();
    for (line, record) in &table.records {
        let line = *line;
        let y = parse_year(path, line, "t", &record[year])?;
        let slot = match record[sex].trim() {
            "female" => 0,
            "male" => 1,
            "unknown" => 2,
            other => {
                return Err(crate::error::Error::layout(
                    path,
                    format!(
                        "line {line}: sex `{}` is not female, male or unknown",
                        crate::escape::for_message(other, 40)
                    ),
                ))
            }
        };
        let at = validate::At {
            path,
            line,
            column: "n",
        };
        let value = validate::cell(at, name, &record[n])?;
        let key = (
            record[geo].trim().to_string(),
            record[nat].trim().to_string(),
            y,
        );
        let entry = cells.entry(key).or_default();
        entry[slot] = match (entry[slot], value) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
    }
    for ((destination, origin, y), [female, male, unknown]) in cells {
        let total = [female, male, unknown]
            .into_iter()
            .flatten()
            .reduce(|a, b| a + b);
        for (s, value) in [
            (Sex::Total, total),
            (Sex::Female, female),
            (Sex::Male, male),
        ] {
            if s != Sex::Total && value.is_none() {
                continue;
            }
            let mut obs =
                Observation::bilateral(name, &origin, &destination, y, value, Unit::Persons);
            obs.sex = s;
            out.push(obs);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eurostat_country_codes() {
        let cw = Crosswalk::embedded().expect("crosswalk");
        assert_eq!(to_eurostat(cw, "GRC"), "EL");
        assert_eq!(to_eurostat(cw, "GBR"), "UK");
        assert_eq!(to_eurostat(cw, "AZE"), "AZ");
        assert_eq!(from_eurostat(cw, "EL"), "GRC");
        assert_eq!(from_eurostat(cw, "AM"), "ARM");
        assert_eq!(from_eurostat(cw, "EU27_2020"), "EU27_2020");
    }

    #[test]
    fn split_halves_the_longest_list_then_the_years() {
        let mut filters = BTreeMap::new();
        filters.insert(
            "citizen".to_string(),
            vec!["AZ".into(), "AM".into(), "GE".into()],
        );
        let q = Query {
            dataset: "migr_resfirst".into(),
            filters,
            years: Some((2015, 2023)),
        };
        let (a, b) = q.split().expect("split");
        assert_eq!(a.filters["citizen"], vec!["AZ".to_string()]);
        assert_eq!(b.filters["citizen"].len(), 2);
        let (c, d) = a.split().expect("years");
        assert_eq!((c.years, d.years), (Some((2015, 2019)), Some((2020, 2023))));
    }
}
