//! Net migration and rates: net migrants, the crude net migration rate (CNMR), remittances as %
//! of GDP and refugees per 1,000 inhabitants.

use polars::prelude::DataFrame;

use super::{clean, positive, sum_area, unit, Area, Lookup, MeasureRow, Source};
use crate::error::Result;
use crate::tidy::Sex;

/// Net migration: `immigrants - emigrants`, persons; positive = net inflow.
///
/// Definition: UN Recommendations on Statistics of International Migration, Rev.1 (1998), and
/// WPP 2024 (net number of migrants in the calendar year).
pub fn net_migration(immigrants: f64, emigrants: f64) -> f64 {
    immigrants - emigrants
}

/// A crude rate per 1,000: `numerator / denominator * 1000`.
///
/// Missing (`None`) when the denominator is not positive or either input is not finite, so that
/// no NaN or infinity reaches the output.
pub fn per_thousand(numerator: f64, denominator: f64) -> Option<f64> {
    ratio(numerator, denominator, 1000.0)
}

/// A percentage: `100 * part / whole`; missing when `whole` is not positive.
pub fn percent(part: f64, whole: f64) -> Option<f64> {
    ratio(part, whole, 100.0)
}

/// `scale * numerator / denominator`, missing unless the denominator is positive and the result
/// finite.
pub fn ratio(numerator: f64, denominator: f64, scale: f64) -> Option<f64> {
    if !positive(denominator) || !numerator.is_finite() || !denominator.is_finite() {
        return None;
    }
    clean(Some(scale * numerator / denominator))
}

/// The rate of a group: summed numerators over summed denominators, times `scale`; never the
/// average of the members' rates. Missing if any member's numerator or denominator is missing.
pub fn group_rate(
    numerators: &[Option<f64>],
    denominators: &[Option<f64>],
    scale: f64,
) -> Option<f64> {
    let num: Option<f64> = numerators.iter().copied().sum();
    let den: Option<f64> = denominators.iter().copied().sum();
    ratio(num?, den?, scale)
}

/// Person-years lived in a calendar year derived from the published births and crude birth rate:
/// `births / CBR * 1000` (WPP rates are per person-years, so this recovers their denominator).
pub fn person_years_from_births(births: f64, cbr_per_1000: f64) -> Option<f64> {
    if !positive(cbr_per_1000) {
        return None;
    }
    clean(Some(births / cbr_per_1000 * 1000.0))
}

/// The denominator of a crude rate for an area and year from a WPP lookup: the mid-year
/// population (1 July) when embedded, otherwise person-years derived from births / CBR x 1000.
/// Returns the value, whether it is a projection, and a note naming the denominator.
pub fn denominator(wpp: &Lookup, area: &Area, year: i32) -> (Option<f64>, bool, String) {
    let pop = sum_area(wpp, "population", area, Sex::Total, year);
    if let Some(p) = pop.value {
        return (
            Some(p),
            pop.projection,
            "denominator: mid-year population (1 July)".into(),
        );
    }
    let mut total = 0.0;
    let mut projection = false;
    for m in &area.members {
        let births = wpp.country("births", m, Sex::Total, year);
        let cbr = wpp.country("cbr", m, Sex::Total, year);
        projection |= births.is_some_and(|c| c.projection);
        match (births.and_then(|c| c.value), cbr.and_then(|c| c.value)) {
            (Some(b), Some(r)) => match person_years_from_births(b, r) {
                Some(py) => total += py,
                None => {
                    return (
                        None,
                        projection,
                        format!("denominator missing: CBR of {m} in {year} is not positive"),
                    )
                }
            },
            _ => {
                return (
                    None,
                    projection,
                    format!("denominator missing: no population, births or CBR for {m} in {year}"),
                )
            }
        }
    }
    (
        Some(total),
        projection,
        "denominator: person-years derived as births / CBR x 1000 (mid-year population for this year is not in the embedded data)".into(),
    )
}

/// Net migrants of countries or groups (sums over members), persons, from WPP 2024.
///
/// Formula: immigrants - emigrants in the calendar year (a group's figure is the sum of its
/// members', so moves between members cancel). Definition: UN Recommendations Rev.1 (1998), WPP.
pub fn net_migrants(
    wpp: &DataFrame,
    source: &Source,
    areas: &[Area],
    years: &[i32],
) -> Result<Vec<MeasureRow>> {
    let lk = Lookup::from_frame(wpp)?;
    Ok(super::area_year_rows(areas, years, |area, year, rows| {
        let net = sum_area(&lk, "net_migrants", area, Sex::Total, year);
        rows.push(
            MeasureRow::area("net_migrants", area, year, net.value, unit::PERSONS, source)
                .with_projection(net.projection)
                .with_note(&area.note())
                .with_note(&net.note("net migrants")),
        );
    }))
}

/// Crude net migration rate, per 1,000: `CNMR = net migrants / denominator x 1000`.
///
/// Denominator: the mid-year (1 July) population where the embedded WPP 2024 extract has it
/// (1950-2023), else person-years lived derived as births / CBR x 1000 (projection years). The
/// UN publishes CNMR per person-years lived (WPP methodology); the rows `cnmr_un` and
/// `cnmr_difference` give the published rate and computed minus published. A group's rate is its
/// summed net migrants over its summed denominator; the UN publishes no rate for our groups, so
/// `cnmr_un` is missing there.
pub fn cnmr(
    wpp: &DataFrame,
    source: &Source,
    areas: &[Area],
    years: &[i32],
) -> Result<Vec<MeasureRow>> {
    let lk = Lookup::from_frame(wpp)?;
    Ok(super::area_year_rows(areas, years, |area, year, rows| {
        let net = sum_area(&lk, "net_migrants", area, Sex::Total, year);
        let (den, den_projection, den_note) = denominator(&lk, area, year);
        let projection = net.projection || den_projection;
        let rate = match (net.value, den) {
            (Some(n), Some(d)) => per_thousand(n, d),
            _ => None,
        };
        let published = if area.is_group() {
            None
        } else {
            lk.country("cnmr", &area.members[0], Sex::Total, year)
                .and_then(|c| c.value)
        };
        let mut note = area.note();
        super::add_note(&mut note, &net.note("net migrants"));
        let row = |measure: &str, value: Option<f64>, u: &str| {
            MeasureRow::area(measure, area, year, value, u, source)
                .with_projection(projection)
                .with_note(&note)
        };
        rows.push(row("net_migrants", net.value, unit::PERSONS));
        rows.push(row("denominator", den, unit::PERSONS).with_note(&den_note));
        rows.push(row("cnmr", rate, unit::PER_1000).with_note(&den_note));
        let un_note = if area.is_group() {
            "the UN publishes no rate for this group"
        } else {
            ""
        };
        rows.push(row("cnmr_un", published, unit::PER_1000).with_note(un_note));
        let diff = match (rate, published) {
            (Some(r), Some(p)) => clean(Some(r - p)),
            _ => None,
        };
        rows.push(row("cnmr_difference", diff, unit::PER_1000).with_note(un_note));
    }))
}

/// The WPP indicators [`cnmr_table`] reads, next to `net_migrants`.
pub const CNMR_INPUTS: [&str; 4] = ["population", "births", "cbr", "cnmr"];

/// [`cnmr`] for every location of a WPP frame with published net migrants, every year of
/// `years`, as one frame (whole-table work): columns `country`, `year`, `projection`,
/// `net_migrants`, `denominator` (mid-year population, else person-years from births / CBR x
/// 1000, see [`person_years_from_births`]), `cnmr` (net migrants / denominator x 1000,
/// [`per_thousand`]), `cnmr_un` (published) and `cnmr_difference` (computed minus published).
pub fn cnmr_table(wpp: &DataFrame, years: &[i32]) -> Result<DataFrame> {
    cnmr_of_columns(super::country_year_columns(
        wpp,
        "net_migrants",
        &CNMR_INPUTS,
        years,
    )?)
}

/// [`cnmr_table`] from indicators already side by side ([`super::country_year_columns`] with
/// `net_migrants` and at least [`CNMR_INPUTS`]), so that several whole-table measures can share
/// one alignment.
pub fn cnmr_of_columns(mut table: DataFrame) -> Result<DataFrame> {
    let t = &mut table;
    super::add_per_row(t, "denominator", &["population", "births", "cbr"], |v| {
        v[0].or_else(|| person_years_from_births(v[1]?, v[2]?))
    })?;
    super::add_per_row(t, "cnmr_computed", &["net_migrants", "denominator"], |v| {
        per_thousand(v[0]?, v[1]?)
    })?;
    super::add_per_row(t, "cnmr_difference", &["cnmr_computed", "cnmr"], |v| {
        Some(v[0]? - v[1]?)
    })?;
    super::country_year_result(
        &table,
        &[
            ("net_migrants", "net_migrants"),
            ("denominator", "denominator"),
            ("cnmr_computed", "cnmr"),
            ("cnmr", "cnmr_un"),
            ("cnmr_difference", "cnmr_difference"),
        ],
    )
}

/// Personal remittances received as % of GDP: `100 x remittances received / GDP`, both in
/// current US$ (World Bank WDI BX.TRF.PWKR.CD.DT and NY.GDP.MKTP.CD, BPM6 definition of personal
/// remittances). A group's share is its summed remittances over its summed GDP.
pub fn remittances_gdp(
    wdi: &DataFrame,
    source: &Source,
    areas: &[Area],
    years: &[i32],
) -> Result<Vec<MeasureRow>> {
    let lk = Lookup::from_frame(wdi)?;
    Ok(super::area_year_rows(areas, years, |area, year, rows| {
        let rem = sum_area(&lk, "remittances_received", area, Sex::Total, year);
        let gdp = sum_area(&lk, "gdp", area, Sex::Total, year);
        let share = match (rem.value, gdp.value) {
            (Some(r), Some(g)) => percent(r, g),
            _ => None,
        };
        let mut note = area.note();
        super::add_note(&mut note, &rem.note("remittances"));
        super::add_note(&mut note, &gdp.note("GDP"));
        for (measure, value, u) in [
            ("remittances_received", rem.value, "current US$"),
            ("gdp", gdp.value, "current US$"),
            ("remittances_gdp", share, unit::PERCENT),
        ] {
            rows.push(MeasureRow::area(measure, area, year, value, u, source).with_note(&note));
        }
    }))
}

/// Refugees per 1,000 inhabitants of the country (or group) of asylum:
/// `refugees hosted / mid-year population x 1000`.
///
/// Numerator: UNHCR refugees under its mandate hosted at the end of the year, summed over all
/// origins (UNHCR Refugee Data Finder). Denominator: WPP 2024 mid-year population (or person-years
/// from births / CBR in projection years). The two sources differ in reference date (31 Dec vs
/// 1 July), which the note says.
pub fn refugees_per_1000(
    unhcr: &DataFrame,
    unhcr_source: &Source,
    wpp: &DataFrame,
    wpp_source: &Source,
    areas: &[Area],
    years: &[i32],
) -> Result<Vec<MeasureRow>> {
    let ref_lk = Lookup::from_frame(unhcr)?;
    let wpp_lk = Lookup::from_frame(wpp)?;
    let both = unhcr_source.join(wpp_source);
    Ok(super::area_year_rows(areas, years, |area, year, rows| {
        let pairs = ref_lk.pairs("refugees", Sex::Total, year);
        let hosted: Vec<f64> = pairs
            .iter()
            .filter(|(_, d, _)| area.members.iter().any(|m| m == d))
            .filter_map(|(_, _, c)| c.value)
            .collect();
        let refugees = if hosted.is_empty() {
            None
        } else {
            Some(hosted.iter().sum::<f64>())
        };
        let (den, projection, den_note) = denominator(&wpp_lk, area, year);
        let rate = match (refugees, den) {
            (Some(r), Some(d)) => per_thousand(r, d),
            _ => None,
        };
        let mut note = area.note();
        if refugees.is_none() {
            super::add_note(&mut note, "no UNHCR refugee figure for this year");
        }
        rows.push(
            MeasureRow::area(
                "refugees",
                area,
                year,
                refugees,
                unit::PERSONS,
                unhcr_source,
            )
            .with_note(&note),
        );
        rows.push(
            MeasureRow::area("refugees_per_1000", area, year, rate, unit::PER_1000, &both)
                .with_projection(projection)
                .with_note(&note)
                .with_note(&den_note)
                .with_note("refugees at 31 December over population at 1 July"),
        );
    }))
}
