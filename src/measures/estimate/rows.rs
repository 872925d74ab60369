//! The `flows` measure: estimated flows as measure rows, the shape every other measure returns
//! (so that `measure`, `chart`, exports and notebooks treat them alike), each labelled as an
//! estimate with its method, paper and inputs.
//!
//! Three views of the same whole-world fit, results filtered afterwards:
//! - pairs (`--origin`/`--destination`, or the largest corridors): `flow_estimate` per corridor
//!   and method, and with several methods the range `flow_estimate_low`/`flow_estimate_high`;
//! - countries (`--countries`): `inflow_estimate`, `outflow_estimate`, `net_flow_estimate`,
//!   `turnover_estimate`, `effectiveness_estimate` of the estimated flows, beside WPP 2024's net
//!   migration over the same years (`net_migrants_wpp`) and the gap (`net_flow_gap`).

use std::collections::HashMap;

use super::run::{
    area_flows, corridor_caveat, embedded_stock_tables_by_sex, flow_table, read_stock_tables,
    FlowMethod, FlowMethodChoice, StockFiles, StockInput,
};
use super::Matrix;
use crate::error::{Error, Result};
use crate::measures::{add_note, clean, unit, MeasureRow, Source};
use crate::request::Edition;
use crate::tidy::Sex;

/// Where the stock tables come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StockSource {
    /// International Migrant Stock (the edition) with WPP 2024 births and deaths, the whole
    /// world as one closed system.
    Embedded(Edition),
    /// The user's own tables.
    Files(StockFiles),
}

/// One `flows` measure: which tables, periods, methods and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowQuery {
    pub source: StockSource,
    pub periods: Vec<(i32, i32)>,
    pub method: FlowMethodChoice,
    /// Both sexes, or one sex (stock differencing only: no births and deaths by sex).
    pub sex: Sex,
    /// Keep corridors out of these areas (`None` = all).
    pub origins: Option<Vec<String>>,
    /// Keep corridors into these areas (`None` = all).
    pub destinations: Option<Vec<String>>,
    /// Per-country totals of these areas instead of corridors.
    pub countries: Option<Vec<String>>,
    /// Keep the `top` largest corridors of each period.
    pub top: Option<usize>,
}

/// Rows kept when no place is given: the world's largest corridors.
pub const DEFAULT_TOP_CORRIDORS: usize = 20;

/// The rows of a flows query and the warnings a reader must see.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowRows {
    pub rows: Vec<MeasureRow>,
    pub warnings: Vec<String>,
}

/// Estimates the flows of every period by every method asked for and returns the rows asked
/// for (corridors, or per-country totals with `countries`).
pub fn flow_rows(query: &FlowQuery) -> Result<FlowRows> {
    check(query)?;
    let mut out = FlowRows {
        rows: Vec::new(),
        warnings: Vec::new(),
    };
    let mut top = query.top;
    if query.origins.is_none() && query.destinations.is_none() && query.countries.is_none() {
        top = top.or(Some(DEFAULT_TOP_CORRIDORS));
        out.warnings.push(format!(
            "the {} largest corridors of the whole system; --top N for more, --origin/--destination to choose corridors, --countries for totals per country",
            top.unwrap_or(DEFAULT_TOP_CORRIDORS)
        ));
    }
    for &period in &query.periods {
        let input = match &query.source {
            StockSource::Embedded(edition) => {
                embedded_stock_tables_by_sex(edition.dataset(), period, query.sex)?
            }
            StockSource::Files(f) => read_stock_tables(&f.stocks, &f.births, &f.deaths, period)?,
        };
        let mut tables = Vec::new();
        for method in query.method.methods() {
            let (flows, notes) = flow_table(&input, method)?;
            tables.push(Estimated {
                method,
                flows,
                note: method_note(method, &notes),
            });
        }
        match &query.countries {
            Some(countries) => country_rows(&input, &tables, countries, &mut out)?,
            None => corridor_rows(&input, &tables, query, top, &mut out.rows),
        }
    }
    if query.method == FlowMethodChoice::All {
        out.warnings.push("the methods differ in what they assume: stock differencing is a rough lower bound, demographic accounting an estimate of transitions (Abel & Cohen 2019 find the closed demographic-accounting methods closest to reported flows); the range shows how much the answer depends on the method".into());
    }
    Ok(out)
}

fn check(query: &FlowQuery) -> Result<()> {
    if query.countries.is_some() && (query.origins.is_some() || query.destinations.is_some()) {
        return Err(Error::usage(
            "flows takes --countries (totals per country) or --origin/--destination (corridors), not both",
            "drop --countries to list corridors, or --origin/--destination for totals",
        ));
    }
    if query.countries.is_some() && query.top.is_some() {
        return Err(Error::usage(
            "--top ranks corridors; it does not apply with --countries",
            "drop --top, or use --origin/--destination",
        ));
    }
    if query.periods.is_empty() {
        return Err(Error::usage(
            "flows needs --periods",
            "e.g. --periods 2015-2020 (the years of two stock tables)",
        ));
    }
    if let StockSource::Files(_) = query.source {
        if query.sex != Sex::Total {
            return Err(Error::usage(
                "--sex does not apply to --from-stocks: the stock file has no sex column",
                "drop --sex (or give one file per sex, run once for each)",
            ));
        }
    }
    Ok(())
}

/// The flow table of one method with its note.
struct Estimated {
    method: FlowMethod,
    flows: Matrix,
    note: String,
}

/// "estimate ...; method NAME: PAPER; what was adjusted".
fn method_note(method: FlowMethod, notes: &[String]) -> String {
    let mut note = method.estimate_label().to_string();
    add_note(
        &mut note,
        &format!(
            "method {}: {}",
            method.name(),
            method.paper().trim_end_matches('.')
        ),
    );
    for n in notes {
        add_note(&mut note, n);
    }
    note
}

fn flow_row(input: &StockInput, measure: &str, o: usize, d: usize, value: f64) -> MeasureRow {
    MeasureRow {
        measure: measure.to_string(),
        country: None,
        origin: Some(input.areas[o].clone()),
        destination: Some(input.areas[d].clone()),
        sex: input.sex,
        year: None,
        period: Some(format!("{}-{}", input.period.0, input.period.1)),
        rank: None,
        method: None,
        value: clean(Some(value)),
        unit: unit::PERSONS.to_string(),
        projection: false,
        note: String::new(),
        source: input.source.clone(),
    }
}

/// Corridors kept by the origin and destination filters, largest first (by the highest
/// estimate when several methods run), the `top` first of each period.
fn corridor_rows(
    input: &StockInput,
    tables: &[Estimated],
    query: &FlowQuery,
    top: Option<usize>,
    rows: &mut Vec<MeasureRow>,
) {
    let keep = |list: &Option<Vec<String>>, code: &str| {
        list.as_ref().is_none_or(|l| l.iter().any(|c| c == code))
    };
    let n = input.areas.len();
    let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
    for o in (0..n).filter(|&o| keep(&query.origins, &input.areas[o])) {
        for d in (0..n).filter(|&d| d != o && keep(&query.destinations, &input.areas[d])) {
            let high = tables
                .iter()
                .map(|t| t.flows.get(o, d))
                .fold(f64::NEG_INFINITY, f64::max);
            pairs.push((o, d, high));
        }
    }
    pairs.sort_by(|a, b| b.2.total_cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
    if let Some(top) = top {
        pairs.truncate(top);
    }
    for (o, d, _) in pairs {
        let caveat = corridor_caveat(&input.areas[o], &input.areas[d]);
        let values: Vec<f64> = tables.iter().map(|t| t.flows.get(o, d)).collect();
        for (t, &value) in tables.iter().zip(&values) {
            let mut row = flow_row(input, "flow_estimate", o, d, value);
            row.method = Some(t.method.name().to_string());
            row.note = t.note.clone();
            add_note(&mut row.note, caveat.unwrap_or_default());
            rows.push(row);
        }
        if tables.len() > 1 {
            let low = values.iter().copied().fold(f64::INFINITY, f64::min);
            let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let names: Vec<&str> = tables.iter().map(|t| t.method.name()).collect();
            for (measure, value) in [("flow_estimate_low", low), ("flow_estimate_high", high)] {
                let mut row = flow_row(input, measure, o, d, value);
                row.method = Some("range".into());
                row.note = format!(
                    "estimate: range of the {} methods ({})",
                    names.len(),
                    names.join(", ")
                );
                add_note(&mut row.note, caveat.unwrap_or_default());
                rows.push(row);
            }
        }
    }
}

/// In, out, net, turnover and effectiveness of the estimated flows of each country, and WPP's
/// net migration over the same years beside the net.
fn country_rows(
    input: &StockInput,
    tables: &[Estimated],
    countries: &[String],
    out: &mut FlowRows,
) -> Result<()> {
    let index: HashMap<&str, usize> = input
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| (a.as_str(), i))
        .collect();
    let missing: Vec<&str> = countries
        .iter()
        .map(String::as_str)
        .filter(|c| !index.contains_key(c))
        .collect();
    let kept: Vec<usize> = countries
        .iter()
        .filter_map(|c| index.get(c.as_str()).copied())
        .collect();
    if kept.is_empty() {
        return Err(Error::not_covered(
            format!(
                "none of {} is an area of the closed system of {}-{}",
                countries.join(", "),
                input.period.0,
                input.period.1
            ),
            "an area needs bilateral stocks at both dates and WPP population, births and deaths",
        ));
    }
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(10).copied().collect();
        out.warnings.push(format!(
            "{} of the countries asked for are not areas of the closed system (no bilateral stocks or no WPP births and deaths): {}{}",
            missing.len(),
            shown.join(", "),
            if missing.len() > shown.len() { ", ..." } else { "" }
        ));
    }
    let wpp = match &input.reported_net {
        Some(net) => Some((net, wpp_source()?)),
        None => None,
    };
    let period = format!("{}-{}", input.period.0, input.period.1);
    for i in kept {
        for t in tables {
            let flows = &area_flows(input, &t.flows)[i];
            let mut push = |measure: &str, value: Option<f64>, u: &str, source: &Source| {
                let mut row = MeasureRow::area(
                    measure,
                    &crate::measures::Area::country(&flows.area),
                    0,
                    value,
                    u,
                    source,
                );
                row.year = None;
                row.period = Some(period.clone());
                row.sex = input.sex;
                row.method = Some(t.method.name().to_string());
                row.note = if measure == "net_migrants_wpp" {
                    format!(
                        "published net migration, sum of calendar years {}-{}",
                        input.period.0,
                        input.period.1 - 1
                    )
                } else {
                    t.note.clone()
                };
                out.rows.push(row);
            };
            let src = &input.source;
            push("inflow_estimate", Some(flows.inflow), unit::PERSONS, src);
            push("outflow_estimate", Some(flows.outflow), unit::PERSONS, src);
            push("net_flow_estimate", Some(flows.net()), unit::PERSONS, src);
            push(
                "turnover_estimate",
                Some(flows.turnover()),
                unit::PERSONS,
                src,
            );
            push(
                "effectiveness_estimate",
                flows.effectiveness(),
                unit::PERCENT,
                src,
            );
            if let Some((net, wpp_source)) = &wpp {
                let reported = net[i];
                push("net_migrants_wpp", reported, unit::PERSONS, wpp_source);
                let gap = reported.map(|r| flows.net() - r);
                push("net_flow_gap", gap, unit::PERSONS, src);
            }
        }
    }
    Ok(())
}

fn wpp_source() -> Result<Source> {
    Ok(Source::of(&crate::store::dataset("wpp2024")?.provenance()?))
}
