//! Flows implied by bilateral stock differences, and the migration effectiveness index.
//!
//! Stock differencing gives at best a rough lower-bound proxy of flows: it misses everyone who
//! arrived and died or left again within the period, and deaths of migrants look like outflows.
//! Every row says so; these are not measured flows in the sense of the UN Recommendations.

use polars::prelude::DataFrame;

use super::matrix::{check_period, OdStocks, PairChange};
use super::{add_note, unit, MeasureRow, Source};
use crate::error::{Error, Result};
use crate::tidy::Sex;

/// The note every stock-differencing row carries.
pub const PROXY_NOTE: &str = "rough lower-bound proxy from stock differences, not a measured flow";

/// "Zero" variant of stock differencing: `max(S(t2) - S(t1), 0)`, persons; negative differences
/// (deaths, returns, onward moves) are set to zero.
pub fn flow_zero(s1: f64, s2: f64) -> f64 {
    (s2 - s1).max(0.0)
}

/// "Return" variant: the flow from i to j is `max(dS_ij, 0) + max(-dS_ji, 0)`, persons, where
/// dS_ij is the change of the stock born in i living in j; a fall of the stock born in j living in
/// i is read as return migration of those persons from i to j.
pub fn flow_return(ds_ij: f64, ds_ji: f64) -> f64 {
    ds_ij.max(0.0) + (-ds_ji).max(0.0)
}

/// Net exchange: `in - out`, persons.
pub fn net(inflow: f64, outflow: f64) -> f64 {
    inflow - outflow
}

/// Migration effectiveness of one country: `100 x (in - out) / (in + out)`, % (-100 to 100);
/// missing when there is no exchange at all.
pub fn effectiveness(inflow: f64, outflow: f64) -> Option<f64> {
    super::rates::percent(net(inflow, outflow), inflow + outflow)
}

/// Aggregate migration effectiveness index of a system of countries (Bell, Blake, Boyle et al.
/// 2002): `MEI = 100 x sum|in_i - out_i| / sum(in_i + out_i)`, %.
pub fn effectiveness_index(inflows: &[f64], outflows: &[f64]) -> Option<f64> {
    let abs_net: f64 = inflows
        .iter()
        .zip(outflows)
        .map(|(i, o)| (i - o).abs())
        .sum();
    let turnover: f64 = inflows.iter().zip(outflows).map(|(i, o)| i + o).sum();
    super::rates::percent(abs_net, turnover)
}

/// Which stock-differencing variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Negative differences set to zero.
    Zero,
    /// Negative differences read as returns in the opposite direction.
    Return,
}

impl Variant {
    /// The flow of a pair from its stock change and its reverse pair's ([`flow_zero`],
    /// [`flow_return`]): missing when the pair's own change is missing (insufficient data, not
    /// zero); a missing reverse change counts as no return.
    pub fn flow(self, change: PairChange) -> Option<f64> {
        let forward = change.forward?;
        Some(match self {
            Variant::Zero => forward.max(0.0),
            Variant::Return => flow_return(forward, change.reverse.unwrap_or(0.0)),
        })
    }

    fn measure(self) -> &'static str {
        match self {
            Variant::Zero => "flow_zero",
            Variant::Return => "flow_return",
        }
    }
}

/// A row of a period measure without a year (stock differencing, effectiveness).
fn period_row(
    measure: &str,
    period: (i32, i32),
    value: Option<f64>,
    u: &str,
    source: &Source,
) -> MeasureRow {
    MeasureRow {
        period: Some(format!("{}-{}", period.0, period.1)),
        ..MeasureRow::new(measure, value, u, source)
    }
}

/// Flows implied by the difference of bilateral stocks between `t1` and `t2`, for every pair of
/// the given origins and destinations (persons, over the whole period): `flow_zero` and/or
/// `flow_return` (see [`Variant::flow`]). Labelled as a lower-bound proxy.
pub fn stock_difference(
    ims: &DataFrame,
    source: &Source,
    origins: &[String],
    destinations: &[String],
    (t1, t2): (i32, i32),
    variants: &[Variant],
) -> Result<Vec<MeasureRow>> {
    check_period("stock differencing", (t1, t2))?;
    let table = OdStocks::from_tidy_sex(ims, Sex::Total)?;
    let mut rows = Vec::new();
    for (o, d, change) in table.pair_changes((t1, t2), origins, destinations)? {
        for &variant in variants {
            let mut row = period_row(
                variant.measure(),
                (t1, t2),
                variant.flow(change),
                unit::PERSONS,
                source,
            );
            row.origin = Some(o.to_string());
            row.destination = Some(d.to_string());
            add_note(&mut row.note, PROXY_NOTE);
            if change.forward.is_none() {
                add_note(
                    &mut row.note,
                    &format!(
                        "no estimate for {o}->{d} in {t1} or {t2} (insufficient data, not zero)"
                    ),
                );
            } else if variant == Variant::Return && change.reverse.is_none() {
                add_note(
                    &mut row.note,
                    &format!("no estimate for {d}->{o}, so returns are not counted"),
                );
            }
            rows.push(row);
        }
    }
    Ok(rows)
}

/// Gross and net exchanges and the migration effectiveness index within a set of countries, from
/// "zero"-variant stock differences between `t1` and `t2` (see [`flow_zero`]).
///
/// Rows per country: `in`, `out`, `net` (in - out), `turnover` (in + out), all persons over the
/// period, and `effectiveness` 100 (in - out) / (in + out) (%); then a row for the whole set
/// (`country` = `SET`) with the aggregate index 100 sum|net| / sum turnover. Pairs without
/// estimates contribute nothing (the note counts them).
pub fn effectiveness_rows(
    ims: &DataFrame,
    source: &Source,
    countries: &[String],
    period: (i32, i32),
) -> Result<Vec<MeasureRow>> {
    if countries.len() < 2 {
        return Err(Error::Usage(
            "effectiveness needs a set of at least two countries, e.g. --countries south-caucasus"
                .into(),
        ));
    }
    check_period("effectiveness", period)?;
    let table = OdStocks::from_tidy_sex(ims, Sex::Total)?;
    let exchange = table.exchange_among(period, countries)?;
    let n = countries.len();
    let absent = (n * (n - 1)).saturating_sub(exchange.pairs);
    let mut note = PROXY_NOTE.to_string();
    if absent > 0 {
        add_note(
            &mut note,
            &format!(
                "{absent} of {} pairs without estimates left out",
                n * (n - 1)
            ),
        );
    }
    let make = |country: &str, measure: &str, value: Option<f64>, u: &str| {
        let mut row = period_row(measure, period, value, u, source);
        row.country = Some(country.to_string());
        row.note = note.clone();
        row
    };
    let mut rows = Vec::new();
    for c in countries {
        // a country without pairs in the table has neither in- nor outflows
        let i = exchange.areas.iter().position(|a| a == c);
        let (inflow, outflow) = i.map_or((0.0, 0.0), |i| (exchange.inflow[i], exchange.outflow[i]));
        rows.push(make(c, "in", Some(inflow), unit::PERSONS));
        rows.push(make(c, "out", Some(outflow), unit::PERSONS));
        rows.push(make(c, "net", Some(net(inflow, outflow)), unit::PERSONS));
        rows.push(make(c, "turnover", Some(inflow + outflow), unit::PERSONS));
        rows.push(make(
            c,
            "effectiveness",
            effectiveness(inflow, outflow),
            unit::PERCENT,
        ));
    }
    rows.push(make(
        "SET",
        "turnover",
        Some(exchange.turnover()),
        unit::PERSONS,
    ));
    rows.push(make(
        "SET",
        "effectiveness",
        exchange.effectiveness_index(),
        unit::PERCENT,
    ));
    Ok(rows)
}
