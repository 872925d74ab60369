//! `miglab fetch <source> ...`: current data from the publishers' APIs (World Bank, UNHCR,
//! Eurostat, UN DESA, UN Data Portal) through a cache, into the tidy model.
//!
//! The answer is printed like `data show` (table, CSV or JSON, with the publisher, URL and
//! retrieval time in the source column and footer) and saved as a tidy table in the cache folder
//! (`tables/<name>.parquet` + provenance), so `miglab data list` lists it and `miglab data show
//! <name>` reads it like an embedded dataset. Downloads are written to the cache only once the
//! whole answer has been decoded: a failed fetch never damages what the cache held.

use clap::{Args as ClapArgs, Subcommand, ValueEnum};
use polars::prelude::*;

use crate::countries::Crosswalk;
use crate::error::Error;
use crate::provenance::{Provenance, SourceFile};
use crate::query::YearSet;
use crate::sources::cache::{Cache, Fetcher, Mode};
use crate::sources::http::base_url;
use crate::sources::{build, eurostat, un_desa_ims, undata, unhcr, worldbank};
use crate::tidy::{col, TidyBuilder};

#[derive(Debug, ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    pub source: FetchSource,
}

#[derive(Debug, Subcommand)]
pub enum FetchSource {
    /// World Bank Indicators API v2 (WDI), e.g. net migration SM.POP.NETM or remittances.
    ///
    /// Examples:
    ///   miglab fetch worldbank --indicator SM.POP.NETM --countries south-caucasus --years 2014-2023
    ///   miglab fetch worldbank --indicator BX.TRF.PWKR.CD.DT --countries eeca --mrv 5
    ///   miglab fetch worldbank --search remittances
    Worldbank(WorldbankArgs),
    /// UNHCR population statistics API v1: refugees, asylum-seekers, IDPs, stateless; asylum
    /// applications and decisions.
    ///
    /// Examples:
    ///   miglab fetch unhcr --origin AZE,ARM,GEO --years 2015-2024
    ///   miglab fetch unhcr --origin UKR --by-asylum --years 2022-2024
    ///   miglab fetch unhcr --table asylum-applications --origin GEO --asylum eu27 --years 2020-2024
    Unhcr(UnhcrArgs),
    /// Eurostat dissemination API (JSON-stat 2.0): residence permits, asylum, immigration.
    ///
    /// Examples:
    ///   miglab fetch eurostat --dataset migr_resfirst --citizen AZ,AM,GE --years 2015-2023
    ///   miglab fetch eurostat --dataset migr_asyappctza --citizen GE --geo DE,FR --years 2019-2023
    ///   miglab fetch eurostat --dataset demo_gind --geo eu27 --filter indic_de=CNMIGRATNE --years 2015-2023
    Eurostat(EurostatArgs),
    /// UN DESA International Migrant Stock: download the official workbooks and import them.
    Undesa(UndesaArgs),
    /// UN Data Portal API (WPP indicators); needs MIGLAB_UNDATA_TOKEN.
    Undata(UndataArgs),
}

/// Flags shared by every source.
#[derive(Debug, Clone, ClapArgs)]
pub struct Common {
    /// Use only the cache; fail (naming the query) when the answer is not cached.
    #[arg(long, conflicts_with = "refresh")]
    pub offline: bool,
    /// Download again even when cached; the old copy is kept until the new one is complete and valid.
    #[arg(long)]
    pub refresh: bool,
    /// Output format.
    #[arg(long, value_parser = super::args::text_format(), default_value = "table")]
    pub format: FetchFormat,
    /// Name of the saved table (for `miglab data show NAME`); default from the source and query.
    #[arg(long)]
    pub name: Option<String>,
    /// Do not save the table in the cache folder (the downloads are still cached).
    #[arg(long)]
    pub no_save: bool,
}

/// Output formats of `fetch` (table, csv or json).
use crate::export::Format as FetchFormat;

#[derive(Debug, ClapArgs)]
pub struct WorldbankArgs {
    /// WDI indicator code, e.g. SM.POP.NETM, BX.TRF.PWKR.CD.DT, SP.POP.TOTL.
    #[arg(long, required_unless_present = "search")]
    pub indicator: Option<String>,
    /// Countries: codes, names or groups (south-caucasus, eeca, ...), or `all`.
    #[arg(long, required_unless_present = "search")]
    pub countries: Option<String>,
    /// Years: 2023, 2014-2023 (sent as date=A:B).
    #[arg(long, conflicts_with = "mrv")]
    pub years: Option<String>,
    /// The N most recent values (mrv=N).
    #[arg(long)]
    pub mrv: Option<u32>,
    /// Search the indicator list for these words instead of fetching data.
    #[arg(long, conflicts_with_all = ["indicator", "countries"])]
    pub search: Option<String>,
    /// Records per page requested from the API.
    #[arg(long, default_value_t = 1000)]
    pub per_page: u32,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnhcrTable {
    Population,
    AsylumApplications,
    AsylumDecisions,
}

#[derive(Debug, ClapArgs)]
pub struct UnhcrArgs {
    /// Countries of origin (ISO3 codes, names or groups).
    #[arg(long)]
    pub origin: Option<String>,
    /// Countries of asylum.
    #[arg(long)]
    pub asylum: Option<String>,
    /// Years: 2024 or 2015-2024 (always sent as yearFrom and yearTo).
    #[arg(long)]
    pub years: String,
    /// Which table of the API.
    #[arg(long, value_enum, default_value_t = UnhcrTable::Population)]
    pub table: UnhcrTable,
    /// One row per country of origin (coo_all=true) instead of their total.
    #[arg(long)]
    pub by_origin: bool,
    /// One row per country of asylum (coa_all=true) instead of their total (shown as 900 World).
    #[arg(long)]
    pub by_asylum: bool,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, ClapArgs)]
pub struct EurostatArgs {
    /// Eurostat dataset code, e.g. migr_resfirst, migr_asyappctza, migr_imm1ctz, demo_gind.
    #[arg(long)]
    pub dataset: String,
    /// Countries of citizenship (ISO2 as Eurostat writes them, ISO3, names or groups).
    #[arg(long)]
    pub citizen: Option<String>,
    /// Reporting countries (geo).
    #[arg(long)]
    pub geo: Option<String>,
    /// Years: 2023 or 2015-2023.
    #[arg(long)]
    pub years: Option<String>,
    /// Other dimension filters, DIM=CODE[,CODE], repeatable (e.g. reason=FAM, sex=F).
    #[arg(long = "filter")]
    pub filters: Vec<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImsTable {
    Destination,
    Origin,
    Both,
}

#[derive(Debug, ClapArgs)]
pub struct UndesaArgs {
    /// IMS edition: 2024 or 2020.
    #[arg(long, default_value_t = 2024)]
    pub edition: u16,
    /// Which workbook(s).
    #[arg(long, value_enum, default_value_t = ImsTable::Both)]
    pub table: ImsTable,
    /// Keep only these countries (codes, names or groups) in the output.
    #[arg(long)]
    pub countries: Option<String>,
    /// Keep only these years in the output.
    #[arg(long)]
    pub years: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, ClapArgs)]
pub struct UndataArgs {
    /// Data Portal indicator id(s), comma-separated (numbers).
    #[arg(long, value_delimiter = ',', required = true)]
    pub indicator: Vec<u32>,
    /// Countries (codes, names or groups).
    #[arg(long)]
    pub countries: String,
    /// Years: 2023 or 2014-2023.
    #[arg(long)]
    pub years: String,
    #[command(flatten)]
    pub common: Common,
}

/// What a source tells about its answer, for the provenance.
struct Fetched {
    name: String,
    title: String,
    publisher: &'static str,
    edition: String,
    what: String,
    url: String,
    licence: &'static str,
    reference_time: &'static str,
    definitions: Vec<(String, String)>,
    notes: Vec<String>,
    /// Years to keep (for year lists the API cannot express).
    years: Option<YearSet>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.source {
        FetchSource::Worldbank(a) => run_worldbank(a),
        FetchSource::Unhcr(a) => run_unhcr(a),
        FetchSource::Eurostat(a) => run_eurostat(a),
        FetchSource::Undesa(a) => run_undesa(a),
        FetchSource::Undata(a) => run_undata(a),
    }
}

fn fetcher(common: &Common) -> anyhow::Result<Fetcher> {
    let mode = if common.offline {
        Mode::Offline
    } else if common.refresh {
        Mode::Refresh
    } else {
        Mode::CacheFirst
    };
    Ok(Fetcher::new(Cache::open()?, mode)?)
}

/// The first and last year of a year set (the APIs take ranges).
fn year_span(text: &str) -> anyhow::Result<(YearSet, (i32, i32))> {
    let set = YearSet::parse(text)?;
    let years = set.years();
    match (years.first(), years.last()) {
        (Some(&a), Some(&b)) => Ok((set, (a, b))),
        _ => Err(Error::Usage(format!("--years `{text}` names no year")).into()),
    }
}

/// A safe table name: lowercase letters, digits, `_` and `-`.
fn table_name(text: &str) -> String {
    let s: String = text
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    s.trim_matches('_').to_string()
}

fn check_name(name: &str) -> anyhow::Result<String> {
    let clean = table_name(name);
    if clean.is_empty() || clean != name.to_lowercase() {
        return Err(Error::Usage(format!(
            "--name `{name}`: use letters, digits, `-` and `_` only (e.g. `wb_netm_2024`)"
        ))
        .into());
    }
    if crate::store::names().any(|n| n == clean) {
        return Err(Error::Usage(format!(
            "--name `{name}` is an embedded dataset; choose another name"
        ))
        .into());
    }
    Ok(clean)
}

fn resolve_codes(crosswalk: &Crosswalk, list: &str) -> anyhow::Result<Vec<String>> {
    Ok(crosswalk.resolve_list(list)?)
}

fn run_worldbank(args: WorldbankArgs) -> anyhow::Result<()> {
    let base = base_url("MIGLAB_WORLDBANK_URL", worldbank::API_BASE);
    let mut fetcher = fetcher(&args.common)?;
    if let Some(words) = &args.search {
        let hits = match worldbank::search_indicators(&mut fetcher, &base, words) {
            Ok(h) => h,
            Err(e) => {
                fetcher.discard();
                return Err(e);
            }
        };
        fetcher.commit()?;
        return print_search(&hits, words, args.common.format);
    }
    let crosswalk = Crosswalk::embedded()?;
    let indicator = args.indicator.clone().unwrap_or_default();
    let countries_arg = args.countries.clone().unwrap_or_default();
    let countries = if countries_arg.trim().eq_ignore_ascii_case("all") {
        Vec::new()
    } else {
        resolve_codes(crosswalk, &countries_arg)?
    };
    let (years, span) = match &args.years {
        Some(y) => {
            let (set, span) = year_span(y)?;
            (Some(set), Some(span))
        }
        None => (None, None),
    };
    let query = worldbank::ApiQuery {
        indicator: indicator.trim().to_uppercase(),
        countries: countries.clone(),
        years: span,
        mrv: args.mrv,
        per_page: args.per_page,
    };
    let name = match &args.common.name {
        Some(n) => check_name(n)?,
        None => table_name(&format!("worldbank_{}", query.indicator)),
    };
    let mut builder = TidyBuilder::new(&name);
    let meta = match worldbank::fetch_api(&mut fetcher, &base, &query, crosswalk, &mut builder) {
        Ok(m) => m,
        Err(e) => {
            fetcher.discard();
            return Err(e);
        }
    };
    let (series_name, definition) = worldbank::api_series(&query.indicator)
        .map(|(n, _, d)| (n, d))
        .unwrap_or_default();
    let label = meta.indicator_label.clone().unwrap_or_default();
    let mut notes = vec![format!(
        "{} record(s) in {} page(s); a null value from the API is shown as missing, never 0",
        meta.total, meta.pages
    )];
    if let Some(u) = &meta.last_updated {
        notes.push(format!("World Bank last updated the indicator on {u}"));
    }
    let fetched = Fetched {
        name,
        title: format!(
            "World Bank WDI {} ({label}) for {}",
            query.indicator,
            if countries.is_empty() {
                "all countries".to_string()
            } else {
                countries.join(", ")
            }
        ),
        publisher: "World Bank",
        edition: format!(
            "World Development Indicators via API v2{}",
            meta.last_updated
                .as_ref()
                .map(|u| format!(", last updated {u}"))
                .unwrap_or_default()
        ),
        what: format!("World Bank WDI API v2, {}", query.indicator),
        url: meta.first_url.clone(),
        licence: "CC BY 4.0",
        reference_time: "calendar year",
        definitions: vec![(series_name, format!("{definition}; API label: {label}"))],
        notes,
        years,
    };
    finish(fetcher, builder, fetched, &args.common)
}

fn print_search(
    hits: &[worldbank::IndicatorHit],
    words: &str,
    format: FetchFormat,
) -> anyhow::Result<()> {
    if hits.is_empty() {
        return Err(Error::NotCovered(format!(
            "no World Bank indicator matches `{words}`; try fewer or other words (e.g. `remittances`, `migrant`, `refugee`)"
        ))
        .into());
    }
    let text = match format {
        FetchFormat::Table | FetchFormat::Parquet | FetchFormat::Xlsx => {
            let mut table = comfy_table::Table::new();
            table
                .load_preset(crate::output::TABLE_STYLE)
                .set_content_arrangement(comfy_table::ContentArrangement::Disabled)
                .set_header(["indicator", "name", "source"]);
            for h in hits {
                table.add_row([&h.id, &h.name, &h.source]);
            }
            format!(
                "{table}\n\n{} indicator(s). Fetch one with `miglab fetch worldbank --indicator CODE --countries ...`.\n",
                hits.len()
            )
        }
        FetchFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["indicator", "name", "source"])?;
            for h in hits {
                w.write_record([&h.id, &h.name, &h.source])?;
            }
            String::from_utf8(w.into_inner()?)?
        }
        FetchFormat::Json => {
            let list: Vec<serde_json::Value> = hits
                .iter()
                .map(|h| serde_json::json!({"indicator": h.id, "name": h.name, "source": h.source}))
                .collect();
            serde_json::to_string_pretty(&list)? + "\n"
        }
    };
    super::print_data(&text)
}

fn run_unhcr(args: UnhcrArgs) -> anyhow::Result<()> {
    let base = base_url("MIGLAB_UNHCR_URL", unhcr::API_BASE);
    let crosswalk = Crosswalk::embedded()?;
    let (years, span) = year_span(&args.years)?;
    let origins = match &args.origin {
        Some(o) => resolve_codes(crosswalk, o)?,
        None => Vec::new(),
    };
    let asylum = match &args.asylum {
        Some(a) => resolve_codes(crosswalk, a)?,
        None => Vec::new(),
    };
    let endpoint = match args.table {
        UnhcrTable::Population => unhcr::Endpoint::Population,
        UnhcrTable::AsylumApplications => unhcr::Endpoint::AsylumApplications,
        UnhcrTable::AsylumDecisions => unhcr::Endpoint::AsylumDecisions,
    };
    let query = unhcr::ApiQuery {
        endpoint,
        origins: origins.clone(),
        asylum: asylum.clone(),
        by_origin: args.by_origin,
        by_asylum: args.by_asylum,
        years: span,
        limit: 1000,
    };
    let name = match &args.common.name {
        Some(n) => check_name(n)?,
        None => table_name(&format!("unhcr_{}", endpoint.path())),
    };
    let mut fetcher = fetcher(&args.common)?;
    let mut builder = TidyBuilder::new(&name);
    let url = match unhcr::fetch_api(&mut fetcher, &base, &query, &mut builder) {
        Ok(u) => u,
        Err(e) => {
            fetcher.discard();
            return Err(e);
        }
    };
    let describe = |codes: &[String]| {
        if codes.is_empty() {
            "all".to_string()
        } else {
            codes.join(", ")
        }
    };
    let fetched = Fetched {
        name,
        title: format!(
            "UNHCR {} by origin ({}) and asylum ({}), {}",
            endpoint.path(),
            describe(&origins),
            describe(&asylum),
            years
        ),
        publisher: "UNHCR",
        edition: "Refugee Population Statistics Database, API v1".into(),
        what: format!("UNHCR population statistics API v1, {}", endpoint.path()),
        url,
        licence: "CC BY 4.0",
        reference_time: "end of year (stocks); during the year (returns, applications, decisions)",
        definitions: endpoint
            .fields()
            .iter()
            .map(|(_, n, d)| (n.to_string(), d.to_string()))
            .collect(),
        notes: vec![
            "origin or asylum 900 (World) is UNHCR's total over all countries (`-` in the API)".into(),
            "a `-` from the API is missing and not stored; countries are joined on ISO3 (cf_type=ISO)".into(),
        ],
        years: Some(years),
    };
    finish(fetcher, builder, fetched, &args.common)
}

fn run_eurostat(args: EurostatArgs) -> anyhow::Result<()> {
    let base = base_url("MIGLAB_EUROSTAT_URL", eurostat::API_BASE);
    let crosswalk = Crosswalk::embedded()?;
    let dataset = args.dataset.trim().to_lowercase();
    if dataset.is_empty()
        || !dataset
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(Error::Usage(format!(
            "--dataset `{}` is not a Eurostat dataset code (letters, digits and `_`, e.g. migr_resfirst)",
            args.dataset
        ))
        .into());
    }
    let mut filters = std::collections::BTreeMap::new();
    for (dim, list) in [("citizen", &args.citizen), ("geo", &args.geo)] {
        if let Some(list) = list {
            let codes: Vec<String> = resolve_codes(crosswalk, list)?
                .iter()
                .map(|c| eurostat::to_eurostat(crosswalk, c))
                .collect();
            filters.insert(dim.to_string(), codes);
        }
    }
    for f in &args.filters {
        let Some((dim, values)) = f.split_once('=') else {
            return Err(Error::Usage(format!(
                "--filter `{f}`: write DIM=CODE or DIM=CODE,CODE (e.g. reason=FAM)"
            ))
            .into());
        };
        let dim = dim.trim().to_lowercase();
        let values: Vec<String> = values
            .split(',')
            .map(|v| v.trim().to_uppercase())
            .filter(|v| !v.is_empty())
            .collect();
        let ok = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-".contains(c))
        };
        if !ok(&dim) || values.is_empty() || !values.iter().all(|v| ok(v)) {
            return Err(Error::Usage(format!(
                "--filter `{f}`: write DIM=CODE or DIM=CODE,CODE with letters, digits, `_` and `-`"
            ))
            .into());
        }
        filters.insert(dim, values);
    }
    let (years, span) = match &args.years {
        Some(y) => {
            let (set, span) = year_span(y)?;
            (Some(set), Some(span))
        }
        None => (None, None),
    };
    let query = eurostat::Query {
        dataset: dataset.clone(),
        filters,
        years: span,
    }
    .with_defaults();
    let name = match &args.common.name {
        Some(n) => check_name(n)?,
        None => table_name(&format!("eurostat_{dataset}")),
    };
    let mut fetcher = fetcher(&args.common)?;
    let mut builder = TidyBuilder::new(&name);
    let info = match eurostat::fetch(&mut fetcher, &base, &query, crosswalk, &mut builder) {
        Ok(i) => i,
        Err(e) => {
            fetcher.discard();
            return Err(e);
        }
    };
    let mut notes = info.notes.clone();
    if info.requests > 1 {
        notes.push(format!(
            "Eurostat answered 413 (too large); the query was split into {} requests",
            info.requests
        ));
    }
    notes.push("values flagged `e` (estimated) are marked imputed; `:` (not available) and `c` (confidential) are missing".into());
    let filters_text: Vec<String> = query
        .filters
        .iter()
        .map(|(k, v)| format!("{k}={}", v.join(",")))
        .collect();
    let fetched = Fetched {
        name,
        title: format!(
            "Eurostat {dataset}: {} ({})",
            info.label.clone().unwrap_or_default(),
            filters_text.join(" ")
        ),
        publisher: "Eurostat",
        edition: format!(
            "dissemination API 1.0 (JSON-stat 2.0){}",
            info.updated
                .as_ref()
                .map(|u| format!(", updated {u}"))
                .unwrap_or_default()
        ),
        what: format!("Eurostat API, {dataset}"),
        url: info.first_url.clone(),
        licence: "CC BY 4.0 (Eurostat reuse policy)",
        reference_time: "calendar year (flows during the year)",
        definitions: info.definitions.clone(),
        notes,
        years,
    };
    finish(fetcher, builder, fetched, &args.common)
}

fn run_undesa(args: UndesaArgs) -> anyhow::Result<()> {
    if args.edition != 2024 && args.edition != 2020 {
        return Err(Error::Usage(format!(
            "--edition {}: IMS editions are 2024 and 2020",
            args.edition
        ))
        .into());
    }
    let base = base_url("MIGLAB_UNDESA_URL", un_desa_ims::DOWNLOAD_BASE);
    let crosswalk = Crosswalk::embedded()?;
    let name = match &args.common.name {
        Some(n) => check_name(n)?,
        None => format!("undesa_ims{}", args.edition),
    };
    let years = args.years.as_deref().map(YearSet::parse).transpose()?;
    let countries = match &args.countries {
        Some(c) => Some(resolve_codes(crosswalk, c)?),
        None => None,
    };
    let which: &[un_desa_ims::Workbook] = match args.table {
        ImsTable::Destination => &[un_desa_ims::Workbook::Destination],
        ImsTable::Origin => &[un_desa_ims::Workbook::Origin],
        ImsTable::Both => &[
            un_desa_ims::Workbook::Destination,
            un_desa_ims::Workbook::Origin,
        ],
    };
    let mut fetcher = fetcher(&args.common)?;
    let mut builder = TidyBuilder::new(&name);
    let mut first_url = String::new();
    for w in which {
        match un_desa_ims::fetch_workbook(
            &mut fetcher,
            &base,
            args.edition,
            *w,
            crosswalk,
            &mut builder,
        ) {
            Ok((url, _)) => {
                if first_url.is_empty() {
                    first_url = url;
                }
            }
            Err(e) => {
                fetcher.discard();
                return Err(e);
            }
        }
    }
    let mut notes = vec![
        "stocks are mid-year counts of persons; stock_basis says whether a country counts the foreign-born (B) or foreign citizens (C)".to_string(),
    ];
    if let Some(c) = &countries {
        notes.push(format!("kept countries {}", c.join(", ")));
    }
    let fetched = Fetched {
        name,
        title: format!(
            "UN DESA International Migrant Stock {} (official workbooks)",
            args.edition
        ),
        publisher: "UN DESA Population Division",
        edition: format!("International Migrant Stock {}", args.edition),
        what: format!("UN DESA IMS {} workbooks", args.edition),
        url: first_url,
        licence: "CC BY 3.0 IGO",
        reference_time: "mid-year (1 July)",
        definitions: un_desa_ims::DEFINITIONS
            .iter()
            .map(|(n, d)| (n.to_string(), d.to_string()))
            .collect(),
        notes,
        years,
    };
    finish_filtered(fetcher, builder, fetched, &args.common, countries)
}

fn run_undata(args: UndataArgs) -> anyhow::Result<()> {
    let token = undata::token()?;
    let base = base_url("MIGLAB_UNDATA_URL", undata::API_BASE);
    let crosswalk = Crosswalk::embedded()?;
    let codes = resolve_codes(crosswalk, &args.countries)?;
    let locations: Vec<String> = codes
        .iter()
        .map(|c| {
            crosswalk
                .by_code(c)
                .map(|k| k.m49.clone())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| c.clone())
        })
        .collect();
    let (years, span) = year_span(&args.years)?;
    let name = match &args.common.name {
        Some(n) => check_name(n)?,
        None => "undata_wpp".to_string(),
    };
    let query = undata::Query {
        indicators: args.indicator.clone(),
        locations,
        years: span,
    };
    let mut fetcher = fetcher(&args.common)?;
    let mut builder = TidyBuilder::new(&name);
    let (url, definitions) =
        match undata::fetch(&mut fetcher, &base, &token, &query, crosswalk, &mut builder) {
            Ok(r) => r,
            Err(e) => {
                fetcher.discard();
                return Err(e);
            }
        };
    let fetched = Fetched {
        name,
        title: "UN Data Portal (World Population Prospects)".into(),
        publisher: "UN DESA Population Division",
        edition: "UN Data Portal API v1, WPP median variant".into(),
        what: "UN Data Portal API v1".into(),
        url,
        licence: "CC BY 3.0 IGO",
        reference_time: "calendar year or 1 July, as the indicator says",
        definitions,
        notes: vec!["median variant only".into()],
        years: Some(years),
    };
    finish(fetcher, builder, fetched, &args.common)
}

fn finish(
    fetcher: Fetcher,
    builder: TidyBuilder,
    fetched: Fetched,
    common: &Common,
) -> anyhow::Result<()> {
    finish_filtered(fetcher, builder, fetched, common, None)
}

/// Commits the downloads, builds the provenance, saves the table and prints it.
fn finish_filtered(
    mut fetcher: Fetcher,
    builder: TidyBuilder,
    fetched: Fetched,
    common: &Common,
    countries: Option<Vec<String>>,
) -> anyhow::Result<()> {
    let frame = match builder.finish() {
        Ok(f) => f,
        Err(e) => {
            fetcher.discard();
            return Err(e.into());
        }
    };
    // Impossible values (infinite, negative counts, years out of range, mixed units) are
    // refused before anything reaches the cache.
    if let Err(e) = crate::sources::validate::tidy_table(&frame, &fetched.url) {
        fetcher.discard();
        return Err(e.into());
    }
    // The whole answer decoded: only now do the downloads replace what the cache held. The
    // lock is held until the table made from them is saved, so that a concurrent fetch cannot
    // pair this table with another answer's sidecar.
    let lock = fetcher.cache().lock()?;
    fetcher.commit_locked(&lock)?;
    let mut frame = keep(frame, fetched.years.as_ref(), countries.as_deref())?;
    if frame.height() == 0 {
        return Err(Error::NotCovered(format!(
            "{} returned no data for this query ({}); check the codes and years",
            fetched.what, fetched.url
        ))
        .into());
    }
    let retrieved = fetcher.retrieved_at();
    let from_cache = fetcher.used.iter().all(|u| u.from_cache);
    let definitions: Vec<(&str, &str)> = fetched
        .definitions
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_str()))
        .collect();
    let mut notes = fetched.notes.clone();
    notes.push(if from_cache {
        format!(
            "read from the cache in {} (downloaded {retrieved})",
            fetcher.cache().root().display()
        )
    } else {
        format!("downloaded {retrieved}")
    });
    let mut seen = std::collections::BTreeSet::new();
    let files = fetcher
        .used
        .iter()
        .filter(|u| seen.insert(u.url.clone()))
        .map(|u| SourceFile {
            file: u.url.clone(),
            table: format!("retrieved {}", u.retrieved_at),
            sha256: u.sha256.clone(),
        })
        .collect();
    let produced_by = std::iter::once("miglab".to_string())
        .chain(std::env::args().skip(1))
        .collect::<Vec<_>>()
        .join(" ");
    let provenance = Provenance {
        name: fetched.name.clone(),
        title: fetched.title.clone(),
        publisher: fetched.publisher.to_string(),
        edition: fetched.edition.clone(),
        source: format!("{}, {} (retrieved {retrieved})", fetched.what, fetched.url),
        citation: format!(
            "{}, {}: {}. {}; retrieved {retrieved} from {}",
            fetched.publisher, fetched.edition, fetched.what, fetched.title, fetched.url
        ),
        url: fetched.url.clone(),
        licence: fetched.licence.to_string(),
        reference_time: fetched.reference_time.to_string(),
        produced_by,
        files,
        notes,
        indicators: build::summarize(&frame, &definitions)?,
        rows: frame.height(),
    };
    if !common.no_save {
        let cache = fetcher.cache().clone();
        match cache.save_table_locked(&lock, &mut frame, &provenance) {
            Ok(_) => eprintln!(
                "saved as `{}` (miglab data show {} ...)",
                provenance.name, provenance.name
            ),
            Err(e) => super::warn(&format!("the table was not saved: {e}")),
        }
    }
    drop(lock);
    let rows = crate::query::Rows::new(frame, provenance);
    let mut text = crate::export::to_text(&rows, common.format)?;
    if common.format == FetchFormat::Table {
        for n in &rows.provenance.notes {
            text.push_str(&format!("Note: {n}.\n"));
        }
    }
    super::print_data(&text)
}

/// Keeps the asked years and countries (as country, origin or destination), sorted like
/// `data show`.
fn keep(
    frame: DataFrame,
    years: Option<&YearSet>,
    countries: Option<&[String]>,
) -> anyhow::Result<DataFrame> {
    use crate::query::rows_equal_any;
    let mut mask = BooleanChunked::full("keep".into(), true, frame.height());
    if let Some(set) = years {
        mask = &mask & &set.rows_of(&frame)?;
    }
    if let Some(codes) = countries {
        let any = &(&rows_equal_any(&frame, col::COUNTRY, codes)?
            | &rows_equal_any(&frame, col::ORIGIN, codes)?)
            | &rows_equal_any(&frame, col::DESTINATION, codes)?;
        mask = &mask & &any;
    }
    Ok(crate::query::sort_tidy(frame.filter(&mask)?)?)
}
