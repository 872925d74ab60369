//! A quoted annual emigration (or immigration) figure beside the flows ESTIMATED from migrant
//! stocks (`measure flows`, demographic accounting; read-only use of the estimate): an order of
//! magnitude for the reader, never a match, since no open dataset measures the flow itself.

use crate::catalogue::MeasureKind;
use crate::check::claim::{Concept, Quantity, When};
use crate::measures::engine::compute;
use crate::request::{Edition, MeasureRequest, Places};

/// The International Migrant Stock periods (two published mid-years), the one around the year
/// first, then the earlier ones (the estimate needs births and deaths over the whole period).
fn periods_around(year: i32) -> Vec<(i32, i32)> {
    const YEARS: [i32; 8] = [1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024];
    let mut periods: Vec<(i32, i32)> = YEARS
        .windows(2)
        .map(|w| (w[0], w[1]))
        .filter(|(a, _)| *a <= year)
        .collect();
    periods.reverse();
    periods
}

/// The estimated flow of the country over one period, in persons.
fn estimated(quantity: &str, country: &str, (a, b): (i32, i32)) -> Option<f64> {
    let request = MeasureRequest::new(MeasureKind::Flows)
        .countries(Places::new([country.to_string()]))
        .edition(Edition::Ims2024)
        .periods(&format!("{a}-{b}"))
        .ok()?;
    let rows = compute(&request).ok()?.into_rows();
    rows.iter()
        .find(|r| r.measure == quantity)
        .and_then(|r| r.value)
}

/// The annual average of the estimated outflow (emigration) or inflow (immigration) of the
/// country over the stock period around the quoted year, and that period.
pub(super) fn annual_estimate(
    concept: Concept,
    country: &str,
    when: When,
) -> Option<(f64, (i32, i32))> {
    let year = match when {
        When::Year(y) | When::Period(_, y) => y,
    };
    let quantity = if concept == Concept::Emigration {
        "outflow_estimate"
    } else {
        "inflow_estimate"
    };
    periods_around(year).into_iter().take(2).find_map(|(a, b)| {
        estimated(quantity, country, (a, b)).map(|total| (total / f64::from(b - a), (a, b)))
    })
}

/// The sentence for the verdict: the estimate, and whether the quote is of its order (within a
/// factor of two), in words that never call it a match.
pub(super) fn order_of_magnitude(q: &Quantity, estimate: f64, (a, b): (i32, i32)) -> String {
    let ratio = if estimate > 0.0 {
        q.value.abs() / estimate
    } else {
        f64::INFINITY
    };
    let order = if (0.5..=2.0).contains(&ratio) {
        "of the same order as"
    } else if ratio > 2.0 {
        "well above"
    } else {
        "well below"
    };
    format!(
        "for scale only: flows ESTIMATED from migrant stocks (demographic accounting, IMS 2024 and WPP 2024) give about {} a year on average over {a}-{b}; the quote is {order} that estimate, which is not a measured flow and cannot confirm it",
        crate::output::readable_number((estimate / 100.0).round() * 100.0)
    )
}
