//! `miglab measure NAME ...`: migration measures by the UN definitions (see [`crate::measures`]).

use clap::Args as ClapArgs;
use comfy_table::{CellAlignment, ContentArrangement, Table};
use polars::prelude::DataFrame;
use serde_json::{json, Map, Value};

use crate::countries::{Crosswalk, GROUPS};
use crate::error::Error;
use crate::measures::flows::{self, Variant};
use crate::measures::stocks::{self, Partners, StockKind, Subject};
use crate::measures::{balancing, prefilter, rates, unit, Area, MeasureRow, Source};
use crate::output::{plain_number, readable_number};
use crate::provenance::Provenance;
use crate::query::{describe_years, SexFilter, YearSet};
use crate::store;
use crate::tidy::{col, Sex};

/// Compute a migration measure for countries, groups or origin → destination pairs.
///
/// Examples:
///   miglab measure cnmr --countries south-caucasus --years 2014-2024 --format csv
///   miglab measure balancing --countries AZE --years 2019-2023
///   miglab measure top-destinations --origin AZE --years 2020 --edition 2024 --top 10
///   miglab measure period-change --origin south-caucasus --destination RUS --periods 1990-2000,2000-2010,2010-2020 --edition 2020
///   miglab measure emigrant-stock --countries eeca --total --years 2010,2020 --edition 2020 --format csv
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  miglab measure cnmr --countries south-caucasus --years 2014-2024 --format csv
  miglab measure balancing --countries AZE --years 2019-2023
  miglab measure top-destinations --origin AZE --years 2020 --edition 2024 --top 10
  miglab measure period-change --origin south-caucasus --destination RUS --periods 1990-2000,2000-2010,2010-2020 --edition 2020
  miglab measure emigrant-stock --countries eeca --total --years 2010,2020 --edition 2020 --format csv

Counts are persons. Missing values are shown as missing, never 0; projection years are marked.
Group rates (--total) are summed numerators over summed denominators, never averages.")]
pub struct Args {
    /// The measure to compute.
    #[arg(value_enum)]
    pub measure: MeasureName,
    #[command(flatten)]
    pub selection: Selection,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Table)]
    pub format: OutFormat,
}

/// Which countries, partners, years and editions a measure (or a chart of it) covers: the flags
/// `measure` and `chart` share.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Selection {
    /// Countries: ISO3/ISO2/M49 codes, names or groups (south-caucasus, central-asia, eastern-partnership, eeca, eu27).
    #[arg(long, visible_alias = "country")]
    pub countries: Option<String>,
    /// Countries of origin (bilateral measures; same forms as --countries).
    #[arg(long)]
    pub origin: Option<String>,
    /// Countries of destination (bilateral measures).
    #[arg(long)]
    pub destination: Option<String>,
    /// Years: 2023, 2014-2023, 2010,2020 (default: every year the data cover).
    #[arg(long)]
    pub years: Option<String>,
    /// Periods for period-change, stock-growth, stock-difference, effectiveness: 1990-2000,2000-2010.
    #[arg(long)]
    pub periods: Option<String>,
    /// International Migrant Stock edition for stock measures (default 2024). Editions are never mixed.
    #[arg(long, value_enum)]
    pub edition: Option<Edition>,
    /// Number of partners for top-destinations / top-origins (default 10).
    #[arg(long)]
    pub top: Option<usize>,
    /// Sum the countries into one total (rates: summed numerator over summed denominator).
    #[arg(long)]
    pub total: bool,
    /// total (default), female, male, a list, or all (stock measures only).
    #[arg(long)]
    pub sex: Option<String>,
    /// Which stock for stock-growth, period-change and female-share with --countries (default immigrant).
    #[arg(long, value_enum)]
    pub stock: Option<StockArg>,
    /// Stock-differencing variant for stock-difference (default: both).
    #[arg(long, value_enum)]
    pub variant: Option<Variant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MeasureName {
    /// Net migrants (immigrants - emigrants), persons (WPP 2024).
    NetMigration,
    /// Crude net migration rate per 1,000, computed and compared with the UN's.
    Cnmr,
    /// Demographic balancing equation: net migration as residual dP - (B - D).
    Balancing,
    /// Immigrant stock (foreign-born / foreign citizens), persons.
    ImmigrantStock,
    /// Emigrant stock (born in the country, living abroad), persons.
    EmigrantStock,
    /// Immigrant stock as % of population.
    StockShare,
    /// Emigrants as % of resident population plus emigrants.
    EmigrantShare,
    /// Annual rate of change of a stock, 100 ln(S2/S1)/n.
    StockGrowth,
    /// Main destinations of emigrants, with shares.
    TopDestinations,
    /// Main origins of immigrants, with shares.
    TopOrigins,
    /// Change of a stock across periods: absolute, %, annualised.
    PeriodChange,
    /// Women as % of a stock.
    FemaleShare,
    /// Flows implied by bilateral stock differences (rough lower-bound proxy).
    StockDifference,
    /// Migration effectiveness index and turnover within a set of countries.
    Effectiveness,
    /// Personal remittances received as % of GDP (WDI).
    RemittancesGdp,
    /// Refugees hosted per 1,000 population (UNHCR / WPP 2024).
    #[value(name = "refugees-per-1000")]
    RefugeesPer1000,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Edition {
    #[value(name = "2024")]
    E2024,
    #[value(name = "2020")]
    E2020,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StockArg {
    Immigrant,
    Emigrant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    Table,
    Csv,
    Json,
}

/// A loaded embedded dataset.
struct Loaded {
    frame: DataFrame,
    provenance: Provenance,
    source: Source,
}

fn load(name: &str) -> Result<Loaded, Error> {
    let d = store::dataset(name)?;
    let provenance = d.provenance()?;
    let source = Source::of(&provenance);
    Ok(Loaded {
        frame: d.frame()?,
        provenance,
        source,
    })
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let rows = compute(&args)?;
    if rows.iter().any(|r| r.projection) {
        let years: Vec<i32> = rows
            .iter()
            .filter(|r| r.projection)
            .filter_map(|r| r.year)
            .collect();
        let first = years
            .iter()
            .min()
            .map_or(String::new(), |y| format!(" ({y} on)"));
        super::warn(&format!("rows marked projection{first} are WPP 2024 medium-variant projections, not observations"));
    }
    if rows.iter().any(|r| r.value.is_none()) {
        super::warn("some values are missing in the source data; they are shown as missing, not 0 (see the note column)");
    }
    let text = match args.format {
        OutFormat::Table => render_table(&rows),
        OutFormat::Csv => render_csv(&rows)?,
        OutFormat::Json => render_json(&rows)?,
    };
    super::print_data(&text)
}

/// Computes the rows of a measure from the embedded datasets.
pub fn compute(args: &Args) -> Result<Vec<MeasureRow>, Error> {
    use MeasureName as M;
    let name_owned = measure_cli_name(args.measure);
    let name = name_owned.as_str();
    let crosswalk = Crosswalk::embedded()?;
    check_flags(args, name)?;
    let sexes = sexes(args.selection.sex.as_deref())?;
    match args.measure {
        M::NetMigration | M::Cnmr | M::Balancing | M::RemittancesGdp | M::RefugeesPer1000 => {
            if sexes != [Sex::Total] {
                return Err(Error::NotCovered(format!(
                    "{name} has no breakdown by sex; drop --sex"
                )));
            }
            if args.selection.edition == Some(Edition::E2020) {
                return Err(Error::NotCovered(format!(
                    "{name} uses WPP 2024 (and WDI/UNHCR), never an IMS edition; --edition 2020 would mix editions, drop it"
                )));
            }
            let list = required(&args.selection.countries, name, "--countries")?;
            let areas = areas(crosswalk, list, args.selection.total)?;
            let (dataset, indicator) = match args.measure {
                M::RemittancesGdp => ("wdi", "remittances_received"),
                M::RefugeesPer1000 => ("unhcr", "refugees"),
                _ => ("wpp2024", "net_migrants"),
            };
            let main = load(dataset)?;
            let years = years(args.selection.years.as_deref(), &main.provenance, indicator)?;
            let members = all_members(&areas);
            match args.measure {
                M::RemittancesGdp => {
                    let f = prefilter(
                        &main.frame,
                        &["remittances_received", "gdp"],
                        col::COUNTRY,
                        Some(&members),
                    )?;
                    Ok(rates::remittances_gdp(&f, &main.source, &areas, &years)?)
                }
                M::RefugeesPer1000 => {
                    let f =
                        prefilter(&main.frame, &["refugees"], col::DESTINATION, Some(&members))?;
                    let wpp = load("wpp2024")?;
                    let w = prefilter(
                        &wpp.frame,
                        &["population", "births", "cbr"],
                        col::COUNTRY,
                        Some(&members),
                    )?;
                    Ok(rates::refugees_per_1000(
                        &f,
                        &main.source,
                        &w,
                        &wpp.source,
                        &areas,
                        &years,
                    )?)
                }
                _ => {
                    let f = prefilter(
                        &main.frame,
                        &[
                            "net_migrants",
                            "population",
                            "births",
                            "deaths",
                            "cbr",
                            "cnmr",
                            "pop_change",
                        ],
                        col::COUNTRY,
                        Some(&members),
                    )?;
                    match args.measure {
                        M::NetMigration => {
                            Ok(rates::net_migrants(&f, &main.source, &areas, &years)?)
                        }
                        M::Cnmr => Ok(rates::cnmr(&f, &main.source, &areas, &years)?),
                        _ => Ok(balancing::balancing(&f, &main.source, &areas, &years)?),
                    }
                }
            }
        }
        M::ImmigrantStock
        | M::EmigrantStock
        | M::StockShare
        | M::EmigrantShare
        | M::FemaleShare => {
            let ims = load_ims(args.selection.edition)?;
            let list = required(&args.selection.countries, name, "--countries")?;
            let areas = areas(crosswalk, list, args.selection.total)?;
            let members = all_members(&areas);
            let kind = match args.measure {
                M::ImmigrantStock | M::StockShare => StockKind::Immigrant,
                M::EmigrantStock | M::EmigrantShare => StockKind::Emigrant,
                _ => stock_kind(args.selection.stock),
            };
            let years = years(
                args.selection.years.as_deref(),
                &ims.provenance,
                kind.indicator(),
            )?;
            let f = prefilter(
                &ims.frame,
                &[
                    "immigrant_stock",
                    "emigrant_stock",
                    "population",
                    "immigrant_share_of_population",
                    "female_share_of_immigrants",
                    "female_share_of_emigrants",
                ],
                col::COUNTRY,
                Some(&members),
            )?;
            match args.measure {
                M::ImmigrantStock | M::EmigrantStock => Ok(stocks::stock(
                    &f,
                    &ims.source,
                    kind,
                    &areas,
                    &years,
                    &sexes,
                )?),
                _ if sexes != [Sex::Total] => Err(Error::NotCovered(format!(
                    "{name} is computed for both sexes only; drop --sex"
                ))),
                M::StockShare => Ok(stocks::stock_share(&f, &ims.source, &areas, &years)?),
                M::EmigrantShare => Ok(stocks::emigrant_share_rows(
                    &f,
                    &ims.source,
                    &areas,
                    &years,
                )?),
                _ => Ok(stocks::female_share(&f, &ims.source, kind, &areas, &years)?),
            }
        }
        M::StockGrowth | M::PeriodChange => {
            let ims = load_ims(args.selection.edition)?;
            let subjects = subjects(args, crosswalk, name)?;
            let indicator = match subjects.first() {
                Some(Subject::Country(kind, _)) => kind.indicator(),
                _ => "migrant_stock",
            };
            let available = ims
                .provenance
                .indicator(indicator)
                .map(|i| i.years.clone())
                .unwrap_or_default();
            let periods = periods_or_years(args, &available, name)?;
            for &(a, b) in &periods {
                for y in [a, b] {
                    if !available.contains(&y) {
                        return Err(Error::NotCovered(format!(
                            "{} has no {indicator} for {y}; choose period ends from {}",
                            ims.provenance.name,
                            describe_years(&available)
                        )));
                    }
                }
            }
            let f = match subjects.first() {
                Some(Subject::Country(..)) => {
                    let members: Vec<String> = subjects
                        .iter()
                        .flat_map(|s| match s {
                            Subject::Country(_, a) => a.members.clone(),
                            Subject::Pair { .. } => Vec::new(),
                        })
                        .collect();
                    prefilter(&ims.frame, &[indicator], col::COUNTRY, Some(&members))?
                }
                _ => {
                    let origins: Vec<String> = subjects
                        .iter()
                        .flat_map(|s| match s {
                            Subject::Pair { origin, .. } => origin.members.clone(),
                            Subject::Country(..) => Vec::new(),
                        })
                        .collect();
                    prefilter(&ims.frame, &["migrant_stock"], col::ORIGIN, Some(&origins))?
                }
            };
            Ok(stocks::period_change(
                &f,
                &ims.source,
                &subjects,
                &periods,
                &sexes,
                args.measure == M::StockGrowth,
            )?)
        }
        M::TopDestinations | M::TopOrigins => {
            let ims = load_ims(args.selection.edition)?;
            let (direction, list, flag, column) = match args.measure {
                M::TopDestinations => (
                    Partners::Destinations,
                    &args.selection.origin,
                    "--origin",
                    col::ORIGIN,
                ),
                _ => (
                    Partners::Origins,
                    &args.selection.destination,
                    "--destination",
                    col::DESTINATION,
                ),
            };
            let list = list
                .as_deref()
                .or(args.selection.countries.as_deref())
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "{name} needs {flag}, e.g. `miglab measure {name} {flag} AZE --years 2020`"
                    ))
                })?;
            let areas = areas(crosswalk, list, args.selection.total)?;
            let members = all_members(&areas);
            let years = years(
                args.selection.years.as_deref(),
                &ims.provenance,
                "migrant_stock",
            )?;
            let top = args.selection.top.unwrap_or(10);
            if top == 0 {
                return Err(Error::Usage("--top must be at least 1".into()));
            }
            let f = prefilter(&ims.frame, &["migrant_stock"], column, Some(&members))?;
            Ok(stocks::top_partners(
                &f,
                &ims.source,
                direction,
                &areas,
                &years,
                &sexes,
                top,
            )?)
        }
        M::StockDifference | M::Effectiveness => {
            if args.selection.total {
                return Err(Error::NotCovered(format!(
                    "--total does not apply to {name}: stock-differencing flows are computed per pair{}; drop --total",
                    if args.measure == M::Effectiveness { " and the index already covers the whole set" } else { "" }
                )));
            }
            if sexes != [Sex::Total] {
                return Err(Error::NotCovered(format!(
                    "{name} is computed for both sexes only; drop --sex"
                )));
            }
            let ims = load_ims(args.selection.edition)?;
            let available = ims
                .provenance
                .indicator("migrant_stock")
                .map(|i| i.years.clone())
                .unwrap_or_default();
            let periods = periods_or_years(args, &available, name)?;
            let mut rows = Vec::new();
            if args.measure == M::Effectiveness {
                let list = required(&args.selection.countries, name, "--countries")?;
                let countries = crosswalk.resolve_list(list)?;
                let f = prefilter(
                    &ims.frame,
                    &["migrant_stock"],
                    col::ORIGIN,
                    Some(&countries),
                )?;
                for p in periods {
                    check_period_years(p, &available, &ims.provenance)?;
                    rows.extend(flows::effectiveness_rows(&f, &ims.source, &countries, p)?);
                }
            } else {
                let origins =
                    crosswalk.resolve_list(required(&args.selection.origin, name, "--origin")?)?;
                let destinations = crosswalk.resolve_list(required(
                    &args.selection.destination,
                    name,
                    "--destination",
                )?)?;
                let mut both = origins.clone();
                both.extend(destinations.iter().cloned());
                let f = prefilter(&ims.frame, &["migrant_stock"], col::ORIGIN, Some(&both))?;
                let variants = match args.selection.variant {
                    Some(v) => vec![v],
                    None => vec![Variant::Zero, Variant::Return],
                };
                for p in periods {
                    check_period_years(p, &available, &ims.provenance)?;
                    rows.extend(flows::stock_difference(
                        &f,
                        &ims.source,
                        &origins,
                        &destinations,
                        p,
                        &variants,
                    )?);
                }
            }
            Ok(rows)
        }
    }
}

fn measure_cli_name(m: MeasureName) -> String {
    use clap::ValueEnum;
    m.to_possible_value()
        .map_or_else(|| "measure".to_string(), |v| v.get_name().to_string())
}

/// Refuses flags that a measure does not use, instead of ignoring them silently.
fn check_flags(args: &Args, name: &str) -> Result<(), Error> {
    use MeasureName as M;
    let m = args.measure;
    let bilateral = matches!(
        m,
        M::TopDestinations | M::TopOrigins | M::PeriodChange | M::StockGrowth | M::StockDifference
    );
    let reject = |present: bool, flag: &str, hint: &str| -> Result<(), Error> {
        if present {
            Err(Error::Usage(format!(
                "{flag} does not apply to {name}; {hint}"
            )))
        } else {
            Ok(())
        }
    };
    if !bilateral {
        reject(
            args.selection.origin.is_some() || args.selection.destination.is_some(),
            "--origin/--destination",
            "use --countries",
        )?;
    }
    if matches!(m, M::StockDifference) {
        reject(
            args.selection.countries.is_some(),
            "--countries",
            "use --origin and --destination",
        )?;
    }
    reject(
        args.selection.top.is_some() && !matches!(m, M::TopDestinations | M::TopOrigins),
        "--top",
        "it ranks partners in top-destinations and top-origins",
    )?;
    reject(
        args.selection.periods.is_some()
            && !matches!(
                m,
                M::PeriodChange | M::StockGrowth | M::StockDifference | M::Effectiveness
            ),
        "--periods",
        "use --years",
    )?;
    reject(
        args.selection.years.is_some()
            && matches!(m, M::PeriodChange | M::StockDifference | M::Effectiveness)
            && args.selection.periods.is_some(),
        "--years together with --periods",
        "give one of them",
    )?;
    reject(
        args.selection.stock.is_some()
            && !matches!(m, M::PeriodChange | M::StockGrowth | M::FemaleShare),
        "--stock",
        "it chooses immigrant or emigrant stock for stock-growth, period-change and female-share",
    )?;
    reject(
        args.selection.variant.is_some() && m != M::StockDifference,
        "--variant",
        "it applies to stock-difference",
    )?;
    Ok(())
}

fn required<'a>(value: &'a Option<String>, name: &str, flag: &str) -> Result<&'a str, Error> {
    value.as_deref().ok_or_else(|| {
        Error::Usage(format!(
            "{name} needs {flag}, e.g. `miglab measure {name} {flag} south-caucasus`"
        ))
    })
}

fn sexes(text: Option<&str>) -> Result<Vec<Sex>, Error> {
    Ok(match text.map(SexFilter::parse).transpose()? {
        None | Some(SexFilter::TotalOnly) => vec![Sex::Total],
        Some(SexFilter::All) => vec![Sex::Total, Sex::Female, Sex::Male],
        Some(SexFilter::Only(s)) => s,
    })
}

fn load_ims(edition: Option<Edition>) -> Result<Loaded, Error> {
    match edition {
        Some(Edition::E2020) => load("ims2020"),
        Some(Edition::E2024) => load("ims2024"),
        None => {
            super::warn("using International Migrant Stock 2024 (the default); --edition 2020 for the 2020 edition");
            load("ims2024")
        }
    }
}

fn stock_kind(arg: Option<StockArg>) -> StockKind {
    match arg {
        Some(StockArg::Emigrant) => StockKind::Emigrant,
        _ => StockKind::Immigrant,
    }
}

/// One area per country, or one summed area with `--total`.
fn areas(crosswalk: &Crosswalk, list: &str, total: bool) -> Result<Vec<Area>, Error> {
    let codes = crosswalk.resolve_list(list)?;
    if !total {
        return Ok(codes.iter().map(|c| Area::country(c)).collect());
    }
    let lower = list.trim().to_lowercase();
    let label = if GROUPS.iter().any(|g| g.name == lower)
        || crate::countries::DATA_GROUPS.iter().any(|g| g.0 == lower)
    {
        lower
    } else {
        codes.join("+")
    };
    Ok(vec![Area::group(&label, &codes)])
}

fn all_members(areas: &[Area]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in areas {
        for m in &a.members {
            if !out.contains(m) {
                out.push(m.clone());
            }
        }
    }
    out
}

/// The years asked for that the indicator covers (all covered years when none are asked).
fn years(text: Option<&str>, provenance: &Provenance, indicator: &str) -> Result<Vec<i32>, Error> {
    let covered = provenance
        .indicator(indicator)
        .map(|i| i.years.clone())
        .unwrap_or_default();
    let Some(text) = text else {
        return Ok(covered);
    };
    let set = YearSet::parse(text)?;
    let asked = set.years();
    let hit: Vec<i32> = asked
        .iter()
        .copied()
        .filter(|y| covered.contains(y))
        .collect();
    if hit.is_empty() {
        return Err(Error::NotCovered(format!(
            "--years {set} is outside the coverage of {} {indicator} ({}); choose years from it",
            provenance.name,
            describe_years(&covered)
        )));
    }
    let missing: Vec<i32> = asked
        .iter()
        .copied()
        .filter(|y| !covered.contains(y))
        .collect();
    // A range (2014-2024) over 5-yearly data keeps the covered years without a word; years
    // named one by one that are not covered get a warning.
    if !missing.is_empty() && set.ranges().iter().all(|&(a, b)| a == b) {
        super::warn(&format!(
            "{} has no {indicator} for {}; covered years are {}",
            provenance.name,
            describe_years(&missing),
            describe_years(&covered)
        ));
    }
    Ok(hit)
}

/// `1990-2000,2000-2010` into pairs of years.
pub fn parse_periods(text: &str) -> Result<Vec<(i32, i32)>, Error> {
    let usage = || {
        Error::Usage(format!(
            "invalid --periods `{text}`; write start-end pairs separated by commas, e.g. `1990-2000,2000-2010,2010-2020`"
        ))
    };
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim) {
        let (a, b) = part.split_once(['-', '–']).ok_or_else(usage)?;
        let a: i32 = a.trim().parse().map_err(|_| usage())?;
        let b: i32 = b.trim().parse().map_err(|_| usage())?;
        if a >= b {
            return Err(Error::Usage(format!(
                "invalid --periods `{text}`: the period {a}-{b} must run forwards (start < end)"
            )));
        }
        out.push((a, b));
    }
    Ok(out)
}

/// Periods from --periods, or consecutive pairs of the covered --years.
fn periods_or_years(args: &Args, available: &[i32], name: &str) -> Result<Vec<(i32, i32)>, Error> {
    if let Some(p) = &args.selection.periods {
        return parse_periods(p);
    }
    let years: Vec<i32> = match &args.selection.years {
        Some(t) => {
            let set = YearSet::parse(t)?;
            available
                .iter()
                .copied()
                .filter(|y| set.contains(*y))
                .collect()
        }
        None => available.to_vec(),
    };
    if years.len() < 2 {
        return Err(Error::Usage(format!(
            "{name} needs two or more years or --periods, e.g. --periods 1990-2000,2000-2010 (covered: {})",
            describe_years(available)
        )));
    }
    Ok(years.windows(2).map(|w| (w[0], w[1])).collect())
}

fn check_period_years(
    (a, b): (i32, i32),
    available: &[i32],
    provenance: &Provenance,
) -> Result<(), Error> {
    for y in [a, b] {
        if !available.contains(&y) {
            return Err(Error::NotCovered(format!(
                "{} has no bilateral stock for {y}; choose period ends from {}",
                provenance.name,
                describe_years(available)
            )));
        }
    }
    Ok(())
}

/// What period-change and stock-growth follow: pairs (--origin and --destination), emigrants
/// (--origin only), immigrants (--destination only) or --countries with --stock.
fn subjects(args: &Args, crosswalk: &Crosswalk, name: &str) -> Result<Vec<Subject>, Error> {
    match (
        &args.selection.origin,
        &args.selection.destination,
        &args.selection.countries,
    ) {
        (Some(o), Some(d), None) => {
            let origins = areas(crosswalk, o, args.selection.total)?;
            let destinations = areas(crosswalk, d, args.selection.total)?;
            Ok(origins
                .iter()
                .flat_map(|o| {
                    destinations.iter().map(move |d| Subject::Pair {
                        origin: o.clone(),
                        destination: d.clone(),
                    })
                })
                .collect())
        }
        (Some(o), None, None) => Ok(areas(crosswalk, o, args.selection.total)?
            .into_iter()
            .map(|a| Subject::Country(StockKind::Emigrant, a))
            .collect()),
        (None, Some(d), None) => Ok(areas(crosswalk, d, args.selection.total)?
            .into_iter()
            .map(|a| Subject::Country(StockKind::Immigrant, a))
            .collect()),
        (None, None, Some(c)) => Ok(areas(crosswalk, c, args.selection.total)?
            .into_iter()
            .map(|a| Subject::Country(stock_kind(args.selection.stock), a))
            .collect()),
        (None, None, None) => Err(Error::Usage(format!(
            "{name} needs --origin and/or --destination (bilateral or total stocks) or --countries"
        ))),
        _ => Err(Error::Usage(format!(
            "{name}: give --countries or --origin/--destination, not both"
        ))),
    }
}

/// A value for a program: whole numbers plain, rates rounded to 6 decimals (float noise removed).
fn csv_number(v: f64) -> String {
    let rounded = (v * 1e6).round() / 1e6;
    plain_number(if rounded == 0.0 { 0.0 } else { rounded })
}

/// A value for a person: counts with thousands separators, rates with 3 decimals.
fn table_number(v: f64, unit_name: &str) -> String {
    if unit_name == unit::PERSONS || unit_name == "current US$" {
        readable_number(v.round() + 0.0)
    } else {
        let text = format!("{v:.3}");
        if text == "-0.000" {
            "0.000".to_string()
        } else {
            text
        }
    }
}

/// Which key columns the rows use.
struct KeyColumns {
    country: bool,
    bilateral: bool,
    sex: bool,
    year: bool,
    period: bool,
    rank: bool,
}

impl KeyColumns {
    fn of(rows: &[MeasureRow]) -> KeyColumns {
        KeyColumns {
            country: rows.iter().any(|r| r.country.is_some()),
            bilateral: rows
                .iter()
                .any(|r| r.origin.is_some() || r.destination.is_some()),
            sex: rows.iter().any(|r| r.sex != Sex::Total),
            year: rows.iter().any(|r| r.year.is_some()),
            period: rows.iter().any(|r| r.period.is_some()),
            rank: rows.iter().any(|r| r.rank.is_some()),
        }
    }

    fn header(&self) -> Vec<&'static str> {
        let mut h = Vec::new();
        if self.country {
            h.push("country");
        }
        if self.bilateral {
            h.extend(["origin", "destination"]);
        }
        if self.sex {
            h.push("sex");
        }
        if self.year {
            h.push("year");
        }
        if self.period {
            h.push("period");
        }
        if self.rank {
            h.push("rank");
        }
        h
    }

    fn cells(&self, r: &MeasureRow) -> Vec<String> {
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        let mut c = Vec::new();
        if self.country {
            c.push(opt(&r.country));
        }
        if self.bilateral {
            c.extend([opt(&r.origin), opt(&r.destination)]);
        }
        if self.sex {
            c.push(r.sex.as_str().to_string());
        }
        if self.year {
            c.push(r.year.map(|y| y.to_string()).unwrap_or_default());
        }
        if self.period {
            c.push(opt(&r.period));
        }
        if self.rank {
            c.push(r.rank.map(|y| y.to_string()).unwrap_or_default());
        }
        c
    }
}

pub fn render_csv(rows: &[MeasureRow]) -> Result<String, Error> {
    let keys = KeyColumns::of(rows);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = keys.header();
    header.extend([
        "measure",
        "value",
        "unit",
        "projection",
        "note",
        "dataset",
        "source",
        "edition",
    ]);
    w.write_record(&header)?;
    for r in rows {
        let mut cells = keys.cells(r);
        cells.extend([
            r.measure.clone(),
            r.value.map(csv_number).unwrap_or_default(),
            r.unit.clone(),
            r.projection.to_string(),
            r.note.clone(),
            r.source.dataset.clone(),
            r.source.source.clone(),
            r.source.edition.clone(),
        ]);
        w.write_record(&cells)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Csv(csv::Error::from(e.into_error())))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub fn render_json(rows: &[MeasureRow]) -> Result<String, Error> {
    let keys = KeyColumns::of(rows);
    let records: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut map = Map::new();
            for (name, cell) in keys.header().into_iter().zip(keys.cells(r)) {
                let value = match name {
                    "year" => r.year.map_or(Value::Null, |y| json!(y)),
                    "rank" => r.rank.map_or(Value::Null, |y| json!(y)),
                    _ if cell.is_empty() => Value::Null,
                    _ => Value::String(cell),
                };
                map.insert(name.to_string(), value);
            }
            map.insert("measure".into(), json!(r.measure));
            let value = r.value.and_then(|v| csv_number(v).parse::<f64>().ok());
            let value = match value {
                Some(v) if v.fract() == 0.0 && v.abs() < 1e15 => json!(v as i64),
                Some(v) => json!(v),
                None => Value::Null,
            };
            map.insert("value".into(), value);
            map.insert("unit".into(), json!(r.unit));
            map.insert("projection".into(), json!(r.projection));
            map.insert(
                "note".into(),
                if r.note.is_empty() {
                    Value::Null
                } else {
                    json!(r.note)
                },
            );
            if let Some(d) = crate::catalogue::quantity(&r.measure) {
                map.insert("formula".into(), json!(d.formula));
            }
            map.insert("dataset".into(), json!(r.source.dataset));
            map.insert("source".into(), json!(r.source.source));
            map.insert("edition".into(), json!(r.source.edition));
            Value::Object(map)
        })
        .collect();
    Ok(serde_json::to_string_pretty(&records)? + "\n")
}

/// One line of the terminal table: key cells, one value per measure, notes, projection flag.
type Line = (Vec<String>, Vec<Option<String>>, Vec<String>, bool);

/// The terminal table: one line per country/pair/year or period, one column per quantity; notes
/// shared by every line go under the table with the definitions and sources.
pub fn render_table(rows: &[MeasureRow]) -> String {
    let keys = KeyColumns::of(rows);
    let mut measures_shown: Vec<(String, String)> = Vec::new();
    for r in rows {
        if !measures_shown
            .iter()
            .any(|(m, u)| *m == r.measure && *u == r.unit)
        {
            measures_shown.push((r.measure.clone(), r.unit.clone()));
        }
    }
    // Lines in order of first appearance; the sex is part of the key, the female copy of a stock
    // in female-share is shown as its own line.
    let mut lines: Vec<Line> = Vec::new();
    for r in rows {
        let key = keys.cells(r);
        let idx = match lines.iter().position(|l| l.0 == key) {
            Some(i) => i,
            None => {
                lines.push((key, vec![None; measures_shown.len()], Vec::new(), false));
                lines.len() - 1
            }
        };
        let m = measures_shown
            .iter()
            .position(|(m, u)| *m == r.measure && *u == r.unit)
            .unwrap_or(0);
        lines[idx].1[m] = Some(
            r.value
                .map_or_else(|| "missing".to_string(), |v| table_number(v, &r.unit)),
        );
        for part in r.note.split("; ").filter(|p| !p.is_empty()) {
            if !lines[idx].2.iter().any(|p| p == part) {
                lines[idx].2.push(part.to_string());
            }
        }
        lines[idx].3 |= r.projection;
    }
    let common: Vec<String> = match lines.first() {
        Some(first) if lines.len() > 1 => first
            .2
            .iter()
            .filter(|p| lines.iter().all(|l| l.2.contains(p)))
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    let mut table = Table::new();
    table
        .load_preset(crate::output::TABLE_STYLE)
        .set_content_arrangement(ContentArrangement::Disabled);
    let mut header: Vec<String> = keys.header().into_iter().map(str::to_string).collect();
    let n_keys = header.len();
    for (m, u) in &measures_shown {
        header.push(format!("{m} ({u})"));
    }
    header.push("note".into());
    table.set_header(header);
    let key_header = keys.header();
    let crosswalk = Crosswalk::embedded().ok();
    for (key, values, notes, projection) in &lines {
        // Country codes get their English names for people (CSV and JSON keep the codes).
        let mut row: Vec<String> = key
            .iter()
            .zip(&key_header)
            .map(|(cell, h)| match (crosswalk, *h) {
                (Some(cw), "country" | "origin" | "destination") if cw.by_code(cell).is_some() => {
                    format!("{cell} {}", cw.name_of(cell, "en"))
                }
                _ => cell.clone(),
            })
            .collect();
        row.extend(values.iter().map(|v| v.clone().unwrap_or_default()));
        let mut note: Vec<String> = Vec::new();
        if *projection {
            note.push("projection".into());
        }
        note.extend(notes.iter().filter(|p| !common.contains(p)).cloned());
        row.push(note.join("; "));
        table.add_row(row);
    }
    for i in 0..measures_shown.len() {
        if let Some(column) = table.column_mut(n_keys + i) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut text = table.to_string();
    text.push('\n');
    if !common.is_empty() {
        text.push_str(&format!("Note: {}.\n", common.join("; ")));
    }
    for (m, _) in &measures_shown {
        if let Some(d) = crate::catalogue::quantity(m) {
            text.push_str(&format!(
                "{m}: {} = {} ({}).\n",
                d.definition,
                d.formula,
                d.unit.as_str()
            ));
        }
    }
    let mut sources: Vec<&Source> = Vec::new();
    for r in rows {
        if !sources.contains(&&r.source) {
            sources.push(&r.source);
        }
    }
    for s in sources {
        text.push_str(&format!("Source: {} ({}).\n", s.source, s.edition));
    }
    text
}
