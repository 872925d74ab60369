//! The flows request: stock tables (embedded or the user's own CSV files) in, labelled estimate
//! rows out. The command line only maps its flags onto [`FlowRequest`] and prints the rows.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::{demographic_closed, stock_difference, ClosedOptions, Matrix, Stayers};
use crate::error::{Error, Result};
use crate::measures::flows::Variant;
use crate::measures::{prefilter, Lookup, Source};
use crate::tidy::Sex;

/// Which estimate of flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowMethod {
    /// Stock differencing, negative differences dropped.
    StockDifference,
    /// Stock differencing, negative differences read as returns.
    StockDifferenceReturn,
    /// Closed demographic accounting, stayers maximised (minimum migration).
    DemographicClosed,
    /// Closed demographic accounting, independence model (Azose & Raftery 2019's second fit).
    DemographicClosedIndependent,
}

impl FlowMethod {
    /// Every method, in the order of `--method`'s help.
    pub const ALL: [FlowMethod; 4] = [
        FlowMethod::StockDifference,
        FlowMethod::StockDifferenceReturn,
        FlowMethod::DemographicClosed,
        FlowMethod::DemographicClosedIndependent,
    ];

    /// The method by its name in the output (`demographic-closed`).
    pub fn from_name(name: &str) -> Option<FlowMethod> {
        FlowMethod::ALL
            .into_iter()
            .find(|m| m.name() == name.trim())
    }

    /// One line for `--help`.
    pub fn about(self) -> &'static str {
        match self {
            FlowMethod::StockDifference => {
                "Stock differencing, negative differences dropped (rough lower bound)."
            }
            FlowMethod::StockDifferenceReturn => {
                "Stock differencing, negative differences read as returns."
            }
            FlowMethod::DemographicClosed => {
                "Closed demographic accounting, stayers maximised (Abel & Sander 2014; migest's default)."
            }
            FlowMethod::DemographicClosedIndependent => {
                "Closed demographic accounting, independence model (Azose & Raftery 2019)."
            }
        }
    }

    /// Whether the method needs births and deaths (demographic accounting).
    pub fn uses_births_and_deaths(self) -> bool {
        matches!(
            self,
            FlowMethod::DemographicClosed | FlowMethod::DemographicClosedIndependent
        )
    }

    /// The document that describes the method (the catalogue's entry).
    pub fn document(self) -> crate::catalogue::Document {
        use crate::catalogue::documents;
        match self {
            FlowMethod::StockDifference | FlowMethod::StockDifferenceReturn => {
                documents::ABEL_COHEN_2019
            }
            FlowMethod::DemographicClosed => documents::ABEL_SANDER_2014,
            FlowMethod::DemographicClosedIndependent => documents::AZOSE_RAFTERY_2019,
        }
    }

    /// The method's name in the output.
    pub fn name(self) -> &'static str {
        match self {
            FlowMethod::StockDifference => "stock-difference",
            FlowMethod::StockDifferenceReturn => "stock-difference-return",
            FlowMethod::DemographicClosed => "demographic-closed",
            FlowMethod::DemographicClosedIndependent => "demographic-closed-independent",
        }
    }

    /// What every value of the method is, first in its note.
    pub fn estimate_label(self) -> &'static str {
        if self.uses_births_and_deaths() {
            "estimate of migrant transitions from stocks by demographic accounting, not a measured flow"
        } else {
            "estimate (rough lower-bound proxy from stock differences, not a measured flow)"
        }
    }

    /// The paper that describes the method (full citation).
    pub fn paper(self) -> &'static str {
        self.document().citation
    }
}

/// One method, or all of them side by side (`--method all`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowMethodChoice {
    One(FlowMethod),
    All,
}

impl Default for FlowMethodChoice {
    /// Closed demographic accounting with the stayer assumption: the defaults of
    /// `migest::ffs_demo`, and among the best against reported flows (Abel & Cohen 2019).
    fn default() -> Self {
        FlowMethodChoice::One(FlowMethod::DemographicClosed)
    }
}

impl FlowMethodChoice {
    /// Every choice, as `--method` lists them.
    pub const ALL: [FlowMethodChoice; 5] = [
        FlowMethodChoice::One(FlowMethod::StockDifference),
        FlowMethodChoice::One(FlowMethod::StockDifferenceReturn),
        FlowMethodChoice::One(FlowMethod::DemographicClosed),
        FlowMethodChoice::One(FlowMethod::DemographicClosedIndependent),
        FlowMethodChoice::All,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FlowMethodChoice::One(m) => m.name(),
            FlowMethodChoice::All => "all",
        }
    }

    pub fn about(self) -> &'static str {
        match self {
            FlowMethodChoice::One(m) => m.about(),
            FlowMethodChoice::All => {
                "Every method side by side, with the range (lowest, highest) per corridor."
            }
        }
    }

    /// The methods to run.
    pub fn methods(self) -> Vec<FlowMethod> {
        match self {
            FlowMethodChoice::One(m) => vec![m],
            FlowMethodChoice::All => FlowMethod::ALL.to_vec(),
        }
    }

    /// A choice by its name (`demographic-closed`, `all`); a usage error names the choices.
    pub fn parse(text: &str) -> Result<FlowMethodChoice> {
        FlowMethodChoice::ALL
            .into_iter()
            .find(|c| c.name() == text.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = FlowMethodChoice::ALL.iter().map(|c| c.name()).collect();
                Error::usage(
                    format!("invalid --method `{text}`"),
                    format!("use one of {}", names.join(", ")),
                )
            })
    }
}

/// The user's own tables (`--from-stocks`, `--births`, `--deaths`); see [`read_stock_tables`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockFiles {
    pub stocks: PathBuf,
    pub births: PathBuf,
    pub deaths: PathBuf,
}

/// Corridors whose stocks are not migration in the ordinary sense: what the estimate of a flow
/// between them must say. Between Armenia and Azerbaijan the stocks are mostly persons displaced
/// by the conflict of 1988-1994, whose number falls through death and ageing and through
/// reclassification: a shrinking stock there is read by every method as a flow, which it
/// mostly is not.
pub fn corridor_caveat(origin: &str, destination: &str) -> Option<&'static str> {
    let pair =
        |a: &str, b: &str| (origin == a && destination == b) || (origin == b && destination == a);
    if pair("ARM", "AZE") {
        return Some("caveat: stocks between Armenia and Azerbaijan are mostly persons displaced by the conflict; a decline there is mortality, ageing and reclassification more than migration, so this estimated flow is mostly an artefact");
    }
    None
}

/// Gross and net estimated flows of one area, every other area of the closed system as partner.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaFlows {
    pub area: String,
    /// Persons who moved in over the period (sum of the column, stayers left out).
    pub inflow: f64,
    /// Persons who moved out over the period (sum of the row, stayers left out).
    pub outflow: f64,
}

impl AreaFlows {
    pub fn net(&self) -> f64 {
        self.inflow - self.outflow
    }

    pub fn turnover(&self) -> f64 {
        self.inflow + self.outflow
    }

    /// Migration effectiveness index, 100 x net / turnover (none without any move).
    pub fn effectiveness(&self) -> Option<f64> {
        let t = self.turnover();
        (t > 0.0).then(|| 100.0 * self.net() / t)
    }
}

/// In, out and net of every area of a flow table (rows = origins, columns = destinations, in
/// the order of `input.areas`).
pub fn area_flows(input: &StockInput, flows: &Matrix) -> Vec<AreaFlows> {
    let (inflows, outflows) = (flows.inflows(), flows.outflows());
    input
        .areas
        .iter()
        .enumerate()
        .map(|(i, area)| AreaFlows {
            area: area.clone(),
            inflow: inflows[i],
            outflow: outflows[i],
        })
        .collect()
}

/// Two stock tables of one closed system with the births and deaths between them.
#[derive(Debug, Clone, PartialEq)]
pub struct StockInput {
    /// Area codes, in the order of the tables' rows and columns.
    pub areas: Vec<String>,
    /// Rows = place of birth, columns = place of residence, natives on the diagonal.
    pub start: Matrix,
    pub end: Matrix,
    pub births: Vec<f64>,
    pub deaths: Vec<f64>,
    /// (start year, end year).
    pub period: (i32, i32),
    /// The inputs and their editions, for the label.
    pub inputs: String,
    /// What was assumed or left out in building the tables.
    pub notes: Vec<String>,
    /// Both sexes, or the stocks of one sex (then births and deaths are empty: only stock
    /// differencing applies).
    pub sex: Sex,
    /// Where the tables come from, for the source columns of the output.
    pub source: Source,
    /// Net migration of each area over the period as published by the source of the births and
    /// deaths (WPP), for comparison with the net of the estimated flows; `None` for the user's
    /// own tables.
    pub reported_net: Option<Vec<Option<f64>>>,
}

/// What to estimate and which rows to keep (the fit always runs on the whole system).
#[derive(Debug, Clone, PartialEq)]
pub struct FlowRequest {
    pub method: FlowMethod,
    /// Keep flows out of these areas only (`None` = all).
    pub origins: Option<Vec<String>>,
    /// Keep flows into these areas only (`None` = all).
    pub destinations: Option<Vec<String>>,
}

/// One estimated flow: persons living in `origin` at the start of the period and in
/// `destination` at its end.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowRow {
    pub origin: String,
    pub destination: String,
    pub period: String,
    pub value: f64,
    pub unit: &'static str,
    pub method: &'static str,
    pub paper: &'static str,
    pub inputs: String,
    pub note: String,
}

/// Estimates the flows of `input` by `request.method` and keeps the requested pairs, largest
/// first within each origin. Every row is labelled as an estimate with its method, paper and
/// inputs.
pub fn estimate_flows(input: &StockInput, request: &FlowRequest) -> Result<Vec<FlowRow>> {
    let (flows, mut notes) = flow_table(input, request.method)?;
    notes.insert(0, request.method.estimate_label().to_string());
    let note = notes.join("; ");
    let note_of = |o: &str, d: &str| match corridor_caveat(o, d) {
        Some(caveat) => format!("{note}; {caveat}"),
        None => note.clone(),
    };
    let keep = |list: &Option<Vec<String>>, code: &str| {
        list.as_ref().is_none_or(|l| l.iter().any(|c| c == code))
    };
    let period = format!("{}-{}", input.period.0, input.period.1);
    let mut rows = Vec::new();
    for (i, origin) in input.areas.iter().enumerate() {
        if !keep(&request.origins, origin) {
            continue;
        }
        let mut out: Vec<(usize, f64)> = (0..input.areas.len())
            .filter(|&j| j != i && keep(&request.destinations, &input.areas[j]))
            .map(|j| (j, flows.get(i, j)))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        rows.extend(out.into_iter().map(|(j, value)| FlowRow {
            origin: origin.clone(),
            destination: input.areas[j].clone(),
            period: period.clone(),
            value,
            unit: crate::measures::unit::PERSONS,
            method: request.method.name(),
            paper: request.method.paper(),
            inputs: input.inputs.clone(),
            note: note_of(origin, &input.areas[j]),
        }));
    }
    Ok(rows)
}

/// The whole flow table of `input` by `method` (rows = origins, columns = destinations, in the
/// order of `input.areas`; the diagonal holds the stayers of demographic accounting, zero for
/// stock differencing), with what was adjusted on the way, areas named by their codes.
pub fn flow_table(input: &StockInput, method: FlowMethod) -> Result<(Matrix, Vec<String>)> {
    let mut notes = input.notes.clone();
    let flows = match method {
        FlowMethod::StockDifference => stock_difference(&input.start, &input.end, Variant::Zero)?,
        FlowMethod::StockDifferenceReturn => {
            stock_difference(&input.start, &input.end, Variant::Return)?
        }
        FlowMethod::DemographicClosed | FlowMethod::DemographicClosedIndependent => {
            if input.sex != Sex::Total {
                return Err(Error::usage(
                    format!(
                        "{} needs births and deaths by sex, which the embedded WPP 2024 tables do not have (both sexes only)",
                        method.name()
                    ),
                    "drop --sex, or use --method stock-difference or stock-difference-return by sex",
                ));
            }
            let stayers = if method == FlowMethod::DemographicClosed {
                Stayers::Maximised
            } else {
                Stayers::Independent
            };
            let options = ClosedOptions {
                stayers,
                ..Default::default()
            };
            let est = demographic_closed(
                &input.start,
                &input.end,
                &input.births,
                &input.deaths,
                &options,
            )?;
            // the library numbers areas from 1; name them by their codes
            notes.extend(est.notes.iter().map(|n| {
                let mut n = n.clone();
                for (i, code) in input.areas.iter().enumerate().rev() {
                    n = n.replace(&format!("area {} ", i + 1), &format!("{code} "));
                }
                n
            }));
            est.flows
        }
    };
    Ok((flows, notes))
}

/// The rows as CSV: `origin,destination,period,value,unit,method,paper,inputs,note`.
pub fn to_csv(rows: &[FlowRow]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "origin",
        "destination",
        "period",
        "value",
        "unit",
        "method",
        "paper",
        "inputs",
        "note",
    ])?;
    for r in rows {
        w.write_record([
            r.origin.as_str(),
            &r.destination,
            &r.period,
            &format!("{:.1}", r.value),
            r.unit,
            r.method,
            r.paper,
            &r.inputs,
            &r.note,
        ])?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Inconsistent(format!("CSV output failed: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The user's own tables: `stocks` = `origin,destination,year,stock` (origin = place of birth,
/// destination = place of residence, natives as origin = destination), `births` and `deaths` =
/// `area,period,value` with `period` written `t1-t2`. Areas are every code in the stock table;
/// an absent stock is 0.
pub fn read_stock_tables(
    stocks: &Path,
    births: &Path,
    deaths: &Path,
    period: (i32, i32),
) -> Result<StockInput> {
    let mut cells: HashMap<(String, String, i32), f64> = HashMap::new();
    let mut reader = open_csv(stocks, &["origin", "destination", "year", "stock"])?;
    for record in reader.records() {
        let r = record.map_err(|e| Error::layout(stocks, e.to_string()))?;
        let year: i32 = parse_field(stocks, &r, 2)?;
        if year != period.0 && year != period.1 {
            continue;
        }
        let key = (r[0].trim().to_string(), r[1].trim().to_string(), year);
        let value: f64 = parse_field(stocks, &r, 3)?;
        if cells.insert(key.clone(), value).is_some() {
            return Err(Error::Inconsistent(format!(
                "{}: the stock {} -> {} in {} is given twice; keep one row per pair and year",
                stocks.display(),
                key.0,
                key.1,
                key.2
            )));
        }
    }
    let areas: Vec<String> = cells
        .keys()
        .flat_map(|(o, d, _)| [o.clone(), d.clone()])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if areas.is_empty() {
        return Err(Error::NotCovered(format!(
            "{}: no stocks for {} or {}; the file needs rows for both years of the period",
            stocks.display(),
            period.0,
            period.1
        )));
    }
    let table = |year: i32| {
        let mut m = Matrix::zeros(areas.len());
        for (i, o) in areas.iter().enumerate() {
            for (j, d) in areas.iter().enumerate() {
                let v = cells.get(&(o.clone(), d.clone(), year)).copied();
                m.set(i, j, v.unwrap_or(0.0));
            }
        }
        m
    };
    let label = format!("{}-{}", period.0, period.1);
    let inputs = format!(
        "stocks {}; births {}; deaths {}",
        file_name(stocks),
        file_name(births),
        file_name(deaths)
    );
    Ok(StockInput {
        start: table(period.0),
        end: table(period.1),
        births: read_events(births, &areas, &label)?,
        deaths: read_events(deaths, &areas, &label)?,
        source: Source {
            dataset: "own tables".into(),
            source: inputs.clone(),
            edition: "the user's files".into(),
        },
        inputs,
        areas,
        period,
        notes: Vec::new(),
        sex: Sex::Total,
        reported_net: None,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn open_csv(path: &Path, columns: &[&str]) -> Result<csv::Reader<std::fs::File>> {
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = csv::Reader::from_reader(file);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::layout(path, e.to_string()))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    if header != columns {
        return Err(Error::layout(
            path,
            format!(
                "the header is `{}`, expected `{}`",
                header.join(","),
                columns.join(",")
            ),
        ));
    }
    Ok(reader)
}

fn parse_field<T: std::str::FromStr>(path: &Path, r: &csv::StringRecord, i: usize) -> Result<T> {
    let text = r.get(i).unwrap_or("").trim();
    text.parse().map_err(|_| {
        let line = r.position().map_or(0, |p| p.line());
        Error::layout(path, format!("line {line}: `{text}` is not a number"))
    })
}

/// Births or deaths of every area for the period `label`.
fn read_events(path: &Path, areas: &[String], label: &str) -> Result<Vec<f64>> {
    let mut values: HashMap<String, f64> = HashMap::new();
    let mut reader = open_csv(path, &["area", "period", "value"])?;
    for record in reader.records() {
        let r = record.map_err(|e| Error::layout(path, e.to_string()))?;
        if r[1].trim() == label {
            values.insert(r[0].trim().to_string(), parse_field(path, &r, 2)?);
        }
    }
    areas
        .iter()
        .map(|a| {
            values.get(a).copied().ok_or_else(|| {
                Error::NotCovered(format!(
                    "{}: no value for area {a} and period {label}; every area of the stock table needs one (0 if none)",
                    path.display()
                ))
            })
        })
        .collect()
}

/// The embedded tables for the whole world as one closed system, both sexes: see
/// [`embedded_stock_tables_by_sex`].
pub fn embedded_stock_tables(ims_dataset: &str, period: (i32, i32)) -> Result<StockInput> {
    embedded_stock_tables_by_sex(ims_dataset, period, Sex::Total)
}

/// Checks that the edition has bilateral stocks at both ends of the period.
fn check_stock_years(ims: &crate::provenance::Provenance, years: [i32; 2]) -> Result<()> {
    for year in years {
        let covered = ims
            .indicator("migrant_stock")
            .is_some_and(|i| i.years.contains(&year));
        if !covered {
            let years = ims
                .indicator("migrant_stock")
                .map(|i| crate::query::describe_years(&i.years))
                .unwrap_or_default();
            return Err(Error::not_covered(
                format!("{} has no bilateral stocks for {year}", ims.name),
                format!("choose period ends from {years}, e.g. --periods 2015-2020"),
            ));
        }
    }
    Ok(())
}

/// Checks that WPP has population at both ends of the period (the natives on the diagonal are
/// population less immigrants), so that a period the embedded estimates do not reach is refused
/// with the years they do cover instead of an empty system.
fn check_population_years(wpp: &crate::provenance::Provenance, years: [i32; 2]) -> Result<()> {
    let covered = wpp.indicator("population").map(|i| &i.years);
    if let Some(year) = years
        .into_iter()
        .find(|y| !covered.is_some_and(|c| c.contains(y)))
    {
        let span = covered
            .map(|c| crate::query::describe_years(c))
            .unwrap_or_default();
        return Err(Error::not_covered(
            format!(
                "{} has no population for {year} (it has {span}), so the closed system cannot be formed",
                wpp.name
            ),
            "choose a period inside those years, e.g. --periods 2015-2020, or give your own tables with --from-stocks --births --deaths",
        ));
    }
    Ok(())
}

/// The areas of the closed system and, per area, the native-born at both dates (population less
/// immigrants), births, deaths and WPP's net migrants over the period.
struct ClosedSystem {
    areas: Vec<String>,
    natives: Vec<(f64, f64)>,
    births: Vec<f64>,
    deaths: Vec<f64>,
    net: Vec<Option<f64>>,
}

/// Every destination of the bilateral stocks that has a total immigrant stock and WPP
/// population, births and deaths at both dates.
fn closed_system(ims: &Lookup, wpp: &Lookup, (t1, t2): (i32, i32)) -> ClosedSystem {
    let value = |lk: &Lookup, ind: &str, c: &str, y: i32| {
        lk.country(ind, c, Sex::Total, y)
            .and_then(|cell| cell.value)
    };
    let candidates: BTreeSet<String> = [t1, t2]
        .iter()
        .flat_map(|&y| ims.pairs("migrant_stock", Sex::Total, y))
        .map(|(_, d, _)| d.to_string())
        .collect();
    let mut system = ClosedSystem {
        areas: Vec::new(),
        natives: Vec::new(),
        births: Vec::new(),
        deaths: Vec::new(),
        net: Vec::new(),
    };
    for c in candidates {
        let sums = |ind: &str| -> Option<f64> {
            (t1..t2)
                .map(|y| value(wpp, ind, &c, y))
                .sum::<Option<f64>>()
        };
        let both =
            |ind: &str, lk: &Lookup| Some((value(lk, ind, &c, t1)?, value(lk, ind, &c, t2)?));
        let (Some(pop), Some(imm), Some(b), Some(d)) = (
            both("population", wpp),
            both("immigrant_stock", ims),
            sums("births"),
            sums("deaths"),
        ) else {
            continue;
        };
        system
            .natives
            .push(((pop.0 - imm.0).max(0.0), (pop.1 - imm.1).max(0.0)));
        system.births.push(b);
        system.deaths.push(d);
        system.net.push(sums("net_migrants"));
        system.areas.push(c);
    }
    system
}

/// The embedded tables for the whole world as one closed system: UN DESA International Migrant
/// Stock (bilateral stocks by place of birth) and UN WPP 2024 (mid-year population, births,
/// deaths and net migrants). Areas are the countries with a total immigrant stock and WPP
/// population, births and deaths at both dates; the natives on the diagonal are the population
/// less all immigrants; stocks from origins outside those areas (unknown or "other") are left
/// out, with a note. Births and deaths are those of the calendar years `t1` to `t2 - 1`, a
/// first approximation of mid-year to mid-year; WPP's net migrants of the same years are kept
/// for comparison ([`StockInput::reported_net`]).
///
/// With `sex` female or male, the tables hold the bilateral stocks of that sex only (WPP 2024
/// has no births, deaths or population by sex here): natives, births and deaths are left empty
/// and only stock differencing applies ([`flow_table`] refuses demographic accounting).
pub fn embedded_stock_tables_by_sex(
    ims_dataset: &str,
    period: (i32, i32),
    sex: Sex,
) -> Result<StockInput> {
    let (t1, t2) = period;
    if t2 <= t1 {
        return Err(Error::Usage(format!(
            "a flow period needs t1 < t2, e.g. 2015-2020; got {t1}-{t2}"
        )));
    }
    let ims_set = crate::store::dataset(ims_dataset)?;
    let wpp_set = crate::store::dataset("wpp2024")?;
    let (ims_prov, wpp_prov) = (ims_set.provenance()?, wpp_set.provenance()?);
    check_stock_years(&ims_prov, [t1, t2])?;
    check_population_years(&wpp_prov, [t1, t2])?;
    let ims = Lookup::from_frame(&prefilter(
        &ims_set.frame()?,
        &["migrant_stock", "immigrant_stock"],
        "country",
        None,
    )?)?;
    let wpp = Lookup::from_frame(&prefilter(
        &wpp_set.frame()?,
        &["population", "births", "deaths", "net_migrants"],
        "country",
        None,
    )?)?;
    let ClosedSystem {
        areas,
        natives,
        mut births,
        mut deaths,
        net,
    } = closed_system(&ims, &wpp, period);
    let index: HashMap<&str, usize> = areas
        .iter()
        .enumerate()
        .map(|(i, a)| (a.as_str(), i))
        .collect();
    let by_sex = sex != Sex::Total;
    let mut left_out = 0.0;
    let mut table = |year: i32, pick: fn(&(f64, f64)) -> f64| {
        let mut m = Matrix::zeros(areas.len());
        if !by_sex {
            for (i, n) in natives.iter().enumerate() {
                m.set(i, i, pick(n));
            }
        }
        for (o, d, cell) in ims.pairs("migrant_stock", sex, year) {
            let v = cell.value.unwrap_or(0.0);
            match (index.get(o), index.get(d)) {
                (Some(&i), Some(&j)) if i != j => m.set(i, j, v),
                (None, Some(_)) => left_out += v,
                _ => {}
            }
        }
        m
    };
    let start = table(t1, |n| n.0);
    let end = table(t2, |n| n.1);
    let mut notes = vec![format!(
        "{} areas as one closed system; {:.0} migrant-stock persons of unknown or other origins left out (both dates)",
        areas.len(),
        left_out
    )];
    if by_sex {
        notes.push(format!(
            "{} only: bilateral stocks of that sex (no births, deaths or natives by sex)",
            sex.as_str()
        ));
        births.clear();
        deaths.clear();
    } else {
        notes.push(format!(
            "births and deaths of calendar years {t1}-{}",
            t2 - 1
        ));
    }
    Ok(StockInput {
        notes,
        inputs: format!(
            "{} {} bilateral stocks; {} {} population, births, deaths",
            ims_prov.title, ims_prov.edition, wpp_prov.title, wpp_prov.edition
        ),
        source: Source::of(&ims_prov).join(&Source::of(&wpp_prov)),
        areas,
        start,
        end,
        births,
        deaths,
        period,
        sex,
        reported_net: (!by_sex).then_some(net),
    })
}
