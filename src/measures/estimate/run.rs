//! The flows request: stock tables (embedded or the user's own CSV files) in, labelled estimate
//! rows out. The command line only maps its flags onto [`FlowRequest`] and prints the rows.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::{demographic_closed, paper, stock_difference, ClosedOptions, Matrix, Stayers};
use crate::error::{Error, Result};
use crate::measures::flows::Variant;
use crate::measures::{prefilter, Lookup};
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
    /// The method's name in the output.
    pub fn name(self) -> &'static str {
        match self {
            FlowMethod::StockDifference => "stock-difference",
            FlowMethod::StockDifferenceReturn => "stock-difference-return",
            FlowMethod::DemographicClosed => "demographic-closed",
            FlowMethod::DemographicClosedIndependent => "demographic-closed-independent",
        }
    }

    /// The paper that describes the method.
    pub fn paper(self) -> &'static str {
        match self {
            FlowMethod::StockDifference | FlowMethod::StockDifferenceReturn => {
                paper::ABEL_COHEN_2019
            }
            FlowMethod::DemographicClosed => paper::ABEL_SANDER_2014,
            FlowMethod::DemographicClosedIndependent => paper::AZOSE_RAFTERY_2019,
        }
    }
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
    let mut notes = input.notes.clone();
    let flows = match request.method {
        FlowMethod::StockDifference => stock_difference(&input.start, &input.end, Variant::Zero)?,
        FlowMethod::StockDifferenceReturn => {
            stock_difference(&input.start, &input.end, Variant::Return)?
        }
        FlowMethod::DemographicClosed | FlowMethod::DemographicClosedIndependent => {
            let stayers = if request.method == FlowMethod::DemographicClosed {
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
    let kind = match request.method {
        FlowMethod::StockDifference | FlowMethod::StockDifferenceReturn => {
            "estimate (rough lower-bound proxy from stock differences, not a measured flow)"
        }
        _ => "estimate of migrant transitions from stocks by demographic accounting, not a measured flow",
    };
    notes.insert(0, kind.to_string());
    let note = notes.join("; ");
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
            note: note.clone(),
        }));
    }
    Ok(rows)
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
    Ok(StockInput {
        start: table(period.0),
        end: table(period.1),
        births: read_events(births, &areas, &label)?,
        deaths: read_events(deaths, &areas, &label)?,
        inputs: format!(
            "stocks {}; births {}; deaths {}",
            file_name(stocks),
            file_name(births),
            file_name(deaths)
        ),
        areas,
        period,
        notes: Vec::new(),
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

/// The embedded tables for the whole world as one closed system: UN DESA International Migrant
/// Stock (bilateral stocks by place of birth, both sexes) and UN WPP 2024 (mid-year population,
/// births and deaths). Areas are the countries with a total immigrant stock and WPP population at
/// both dates; the natives on the diagonal are the population less all immigrants; stocks from
/// origins outside those areas (unknown or "other") are left out, with a note. Births and deaths
/// are those of the calendar years `t1` to `t2 - 1`, a first approximation of mid-year to
/// mid-year.
pub fn embedded_stock_tables(ims_dataset: &str, period: (i32, i32)) -> Result<StockInput> {
    let (t1, t2) = period;
    if t2 <= t1 {
        return Err(Error::Usage(format!(
            "a flow period needs t1 < t2, e.g. 2015-2020; got {t1}-{t2}"
        )));
    }
    let ims_set = crate::store::dataset(ims_dataset)?;
    let wpp_set = crate::store::dataset("wpp2024")?;
    let (ims_prov, wpp_prov) = (ims_set.provenance()?, wpp_set.provenance()?);
    let ims = Lookup::from_frame(&prefilter(
        &ims_set.frame()?,
        &["migrant_stock", "immigrant_stock"],
        "country",
        None,
    )?)?;
    let wpp = Lookup::from_frame(&prefilter(
        &wpp_set.frame()?,
        &["population", "births", "deaths"],
        "country",
        None,
    )?)?;
    let value = |lk: &Lookup, ind: &str, c: &str, y: i32| {
        lk.country(ind, c, Sex::Total, y)
            .and_then(|cell| cell.value)
    };
    let candidates: BTreeSet<String> = [t1, t2]
        .iter()
        .flat_map(|&y| ims.pairs("migrant_stock", Sex::Total, y))
        .map(|(_, d, _)| d.to_string())
        .collect();
    let mut areas = Vec::new();
    let (mut births, mut deaths, mut natives) = (Vec::new(), Vec::new(), Vec::new());
    for c in candidates {
        let sums = |ind: &str| -> Option<f64> {
            (t1..t2)
                .map(|y| value(&wpp, ind, &c, y))
                .sum::<Option<f64>>()
        };
        let both =
            |ind: &str, lk: &Lookup| Some((value(lk, ind, &c, t1)?, value(lk, ind, &c, t2)?));
        let (Some(pop), Some(imm), Some(b), Some(d)) = (
            both("population", &wpp),
            both("immigrant_stock", &ims),
            sums("births"),
            sums("deaths"),
        ) else {
            continue;
        };
        natives.push(((pop.0 - imm.0).max(0.0), (pop.1 - imm.1).max(0.0)));
        births.push(b);
        deaths.push(d);
        areas.push(c);
    }
    let index: HashMap<&str, usize> = areas
        .iter()
        .enumerate()
        .map(|(i, a)| (a.as_str(), i))
        .collect();
    let mut left_out = 0.0;
    let mut table = |year: i32, pick: fn(&(f64, f64)) -> f64| {
        let mut m = Matrix::zeros(areas.len());
        for (i, n) in natives.iter().enumerate() {
            m.set(i, i, pick(n));
        }
        for (o, d, cell) in ims.pairs("migrant_stock", Sex::Total, year) {
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
    Ok(StockInput {
        notes: vec![format!(
            "{} areas as one closed system; {:.0} migrant-stock persons of unknown or other origins left out (both dates); births and deaths of calendar years {t1}-{}",
            areas.len(),
            left_out,
            t2 - 1
        )],
        inputs: format!(
            "{} {} bilateral stocks; {} {} population, births, deaths",
            ims_prov.title, ims_prov.edition, wpp_prov.title, wpp_prov.edition
        ),
        areas,
        start,
        end,
        births,
        deaths,
        period,
    })
}
