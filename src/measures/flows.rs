//! Flows implied by bilateral stock differences, and the migration effectiveness index.
//!
//! Stock differencing gives at best a rough lower-bound proxy of flows: it misses everyone who
//! arrived and died or left again within the period, and deaths of migrants look like outflows.
//! Every row says so; these are not measured flows in the sense of the UN Recommendations.

use polars::prelude::DataFrame;

use super::{add_note, clean, unit, Lookup, MeasureRow, Source};
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

fn change(lk: &Lookup, o: &str, d: &str, sex: Sex, t1: i32, t2: i32) -> Option<f64> {
    let s1 = lk.pair("migrant_stock", o, d, sex, t1)?.value?;
    let s2 = lk.pair("migrant_stock", o, d, sex, t2)?.value?;
    clean(Some(s2 - s1))
}

/// Flows implied by the difference of bilateral stocks between `t1` and `t2`, for every pair of
/// the given origins and destinations (persons, over the whole period): `flow_zero` and/or
/// `flow_return` (see [`flow_zero`], [`flow_return`]). Labelled as a lower-bound proxy.
pub fn stock_difference(
    ims: &DataFrame,
    source: &Source,
    origins: &[String],
    destinations: &[String],
    (t1, t2): (i32, i32),
    variants: &[Variant],
) -> Result<Vec<MeasureRow>> {
    if t2 <= t1 {
        return Err(Error::Usage(format!(
            "stock differencing needs a period t1-t2 with t1 < t2, got {t1}-{t2}"
        )));
    }
    let lk = Lookup::from_frame(ims)?;
    let mut rows = Vec::new();
    for o in origins {
        for d in destinations {
            if o == d {
                continue;
            }
            let forward = change(&lk, o, d, Sex::Total, t1, t2);
            let reverse = change(&lk, d, o, Sex::Total, t1, t2);
            for variant in variants {
                let (measure, value, extra) = match variant {
                    Variant::Zero => ("flow_zero", forward.map(|ds| ds.max(0.0)), String::new()),
                    Variant::Return => (
                        "flow_return",
                        forward.map(|ds| flow_return(ds, reverse.unwrap_or(0.0))),
                        if reverse.is_none() && forward.is_some() {
                            format!("no estimate for {d}->{o}, so returns are not counted")
                        } else {
                            String::new()
                        },
                    ),
                };
                let mut row = MeasureRow {
                    measure: measure.to_string(),
                    country: None,
                    origin: Some(o.clone()),
                    destination: Some(d.clone()),
                    sex: Sex::Total,
                    year: None,
                    period: Some(format!("{t1}-{t2}")),
                    rank: None,
                    value: clean(value),
                    unit: unit::PERSONS.to_string(),
                    projection: false,
                    note: String::new(),
                    source: source.clone(),
                };
                add_note(&mut row.note, PROXY_NOTE);
                if forward.is_none() {
                    add_note(&mut row.note, &format!("no estimate for {o}->{d} in {t1} or {t2} (insufficient data, not zero)"));
                }
                add_note(&mut row.note, &extra);
                rows.push(row);
            }
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
    (t1, t2): (i32, i32),
) -> Result<Vec<MeasureRow>> {
    if countries.len() < 2 {
        return Err(Error::Usage(
            "effectiveness needs a set of at least two countries, e.g. --countries south-caucasus"
                .into(),
        ));
    }
    if t2 <= t1 {
        return Err(Error::Usage(format!(
            "effectiveness needs a period t1-t2 with t1 < t2, got {t1}-{t2}"
        )));
    }
    let lk = Lookup::from_frame(ims)?;
    let n = countries.len();
    let (mut ins, mut outs) = (vec![0.0; n], vec![0.0; n]);
    let mut absent = 0;
    for (i, o) in countries.iter().enumerate() {
        for (j, d) in countries.iter().enumerate() {
            if i == j {
                continue;
            }
            match change(&lk, o, d, Sex::Total, t1, t2) {
                Some(ds) => {
                    let f = ds.max(0.0);
                    outs[i] += f;
                    ins[j] += f;
                }
                None => absent += 1,
            }
        }
    }
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
    let period = format!("{t1}-{t2}");
    let make = |country: &str, measure: &str, value: Option<f64>, u: &str| MeasureRow {
        measure: measure.to_string(),
        country: Some(country.to_string()),
        origin: None,
        destination: None,
        sex: Sex::Total,
        year: None,
        period: Some(period.clone()),
        rank: None,
        value: clean(value),
        unit: u.to_string(),
        projection: false,
        note: note.clone(),
        source: source.clone(),
    };
    let mut rows = Vec::new();
    for (i, c) in countries.iter().enumerate() {
        rows.push(make(c, "in", Some(ins[i]), unit::PERSONS));
        rows.push(make(c, "out", Some(outs[i]), unit::PERSONS));
        rows.push(make(c, "net", Some(net(ins[i], outs[i])), unit::PERSONS));
        rows.push(make(c, "turnover", Some(ins[i] + outs[i]), unit::PERSONS));
        rows.push(make(
            c,
            "effectiveness",
            effectiveness(ins[i], outs[i]),
            unit::PERCENT,
        ));
    }
    rows.push(make(
        "SET",
        "turnover",
        Some(ins.iter().sum::<f64>() + outs.iter().sum::<f64>()),
        unit::PERSONS,
    ));
    rows.push(make(
        "SET",
        "effectiveness",
        effectiveness_index(&ins, &outs),
        unit::PERCENT,
    ));
    Ok(rows)
}
