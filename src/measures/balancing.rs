//! The demographic balancing equation: P(t+1) = P(t) + B - D + I - E, so net migration is the
//! residual of population change and natural increase.

use polars::prelude::*;

use super::{add_note, clean, sum_area, unit, Area, Lookup, MeasureRow, Source};
use crate::error::Result;
use crate::tidy::Sex;

/// Natural increase: `B - D`, persons.
pub fn natural_increase(births: f64, deaths: f64) -> f64 {
    births - deaths
}

/// Net migration as the residual of the demographic balancing equation: `dP - (B - D)`, persons,
/// where dP = P(1 Jan t+1) - P(1 Jan t) and B, D are the births and deaths of calendar year t.
///
/// Definition: demographic accounting identity (UN Recommendations on Statistics of International
/// Migration, Rev.1, 1998, on net migration; WPP methodology). The residual also absorbs any
/// error of coverage in P, B and D.
pub fn residual_net_migration(population_change: f64, births: f64, deaths: f64) -> f64 {
    population_change - natural_increase(births, deaths)
}

/// The balancing equation for countries or groups, calendar years, from WPP 2024.
///
/// Rows per area and year: `population_change` (dP, 1 Jan to 1 Jan), `births`, `deaths`,
/// `natural_increase` (B - D), `net_migration_residual` (dP - (B - D)), `net_migrants_published`
/// and `closure_gap` (residual - published). All persons; a group's figures are sums over its
/// members. The WPP accounts are closed by construction, so the gap is the rounding of the
/// published thousands (a few persons per component).
pub fn balancing(
    wpp: &DataFrame,
    source: &Source,
    areas: &[Area],
    years: &[i32],
) -> Result<Vec<MeasureRow>> {
    let lk = Lookup::from_frame(wpp)?;
    Ok(super::area_year_rows(areas, years, |area, year, rows| {
        let dp = sum_area(&lk, "pop_change", area, Sex::Total, year);
        let b = sum_area(&lk, "births", area, Sex::Total, year);
        let d = sum_area(&lk, "deaths", area, Sex::Total, year);
        let net = sum_area(&lk, "net_migrants", area, Sex::Total, year);
        let projection = dp.projection || b.projection || d.projection || net.projection;
        let ni = match (b.value, d.value) {
            (Some(b), Some(d)) => clean(Some(natural_increase(b, d))),
            _ => None,
        };
        let residual = match (dp.value, b.value, d.value) {
            (Some(p), Some(b), Some(d)) => clean(Some(residual_net_migration(p, b, d))),
            _ => None,
        };
        let gap = match (residual, net.value) {
            (Some(r), Some(n)) => clean(Some(r - n)),
            _ => None,
        };
        let mut note = area.note();
        add_note(&mut note, &dp.note("population change"));
        add_note(&mut note, &b.note("births"));
        add_note(&mut note, &d.note("deaths"));
        add_note(&mut note, &net.note("net migrants"));
        for (measure, value) in [
            ("population_change", dp.value),
            ("births", b.value),
            ("deaths", d.value),
            ("natural_increase", ni),
            ("net_migration_residual", residual),
            ("net_migrants_published", net.value),
            ("closure_gap", gap),
        ] {
            rows.push(
                MeasureRow::area(measure, area, year, value, unit::PERSONS, source)
                    .with_projection(projection)
                    .with_note(&note),
            );
        }
    }))
}

/// The WPP indicators [`balancing_table`] reads, next to `net_migrants`.
pub const BALANCING_INPUTS: [&str; 3] = ["pop_change", "births", "deaths"];

/// [`balancing`] for every location of a WPP frame with published net migrants, every year of
/// `years`, as one frame (whole-table work): columns `country`, `year`, `projection`,
/// `population_change`, `births`, `deaths`, `natural_increase` ([`natural_increase`]),
/// `net_migration_residual` ([`residual_net_migration`]), `net_migrants_published` and
/// `closure_gap` (residual - published), persons.
pub fn balancing_table(wpp: &DataFrame, years: &[i32]) -> Result<DataFrame> {
    balancing_of_columns(super::country_year_columns(
        wpp,
        "net_migrants",
        &BALANCING_INPUTS,
        years,
    )?)
}

/// [`balancing_table`] from indicators already side by side ([`super::country_year_columns`]
/// with `net_migrants` and at least [`BALANCING_INPUTS`]).
pub fn balancing_of_columns(mut table: DataFrame) -> Result<DataFrame> {
    let t = &mut table;
    super::add_per_row(t, "natural_increase", &["births", "deaths"], |v| {
        Some(natural_increase(v[0]?, v[1]?))
    })?;
    let components = ["pop_change", "births", "deaths"];
    super::add_per_row(t, "net_migration_residual", &components, |v| {
        Some(residual_net_migration(v[0]?, v[1]?, v[2]?))
    })?;
    let residual_and_published = ["net_migration_residual", "net_migrants"];
    super::add_per_row(t, "closure_gap", &residual_and_published, |v| {
        Some(v[0]? - v[1]?)
    })?;
    super::country_year_result(
        &table,
        &[
            ("pop_change", "population_change"),
            ("births", "births"),
            ("deaths", "deaths"),
            ("natural_increase", "natural_increase"),
            ("net_migration_residual", "net_migration_residual"),
            ("net_migrants", "net_migrants_published"),
            ("closure_gap", "closure_gap"),
        ],
    )
}
