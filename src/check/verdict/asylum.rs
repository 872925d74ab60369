//! First-time asylum applications (Eurostat migr_asyappctza, embedded as `eurostat`): a flow of
//! applications lodged during a year, by citizenship (origin) and the country applied to
//! (destination), in the EU and EFTA countries only.

use super::{Builder, Relation};
use crate::check::claim::{QuotedUnit, When};
use crate::error::Result;
use crate::sources::eurostat::{ASYLUM_APPLICANTS, EU27_AGGREGATE};
use crate::tidy::{col, Sex};

/// Who applied where: the citizenships summed and the countries applied to.
struct Sides {
    origins: Option<Vec<String>>,
    destinations: Vec<String>,
    words: String,
}

/// The sides of the claim. A lone country that Eurostat reports on (Germany, Austria) is where
/// the applications were lodged; otherwise it is the applicants' citizenship, and the country
/// applied to is the partner, or the EU27 total when none is given.
fn sides(
    country: &str,
    partner: Option<&str>,
    reporters: &[String],
    assumptions: &mut Vec<String>,
) -> Sides {
    let members = |code: &str| -> Vec<String> {
        if code == "eu27" {
            return vec![EU27_AGGREGATE.to_string()];
        }
        crate::countries::group_members(code).unwrap_or_else(|| vec![code.to_string()])
    };
    let own = members(country);
    if partner.is_none() && own.iter().all(|c| reporters.contains(c)) {
        return Sides {
            origins: None,
            words: format!("first-time asylum applications lodged in {country} (all citizenships)"),
            destinations: own,
        };
    }
    let destinations = match partner {
        Some(p) => members(p),
        None => {
            assumptions
                .push("no country applied to given: the EU27 total of Eurostat (EU27_2020)".into());
            vec![EU27_AGGREGATE.to_string()]
        }
    };
    let place = partner.map_or("the EU27".to_string(), |p| {
        if p == "eu27" {
            "the EU27".into()
        } else {
            p.to_string()
        }
    });
    Sides {
        origins: Some(own),
        words: format!("first-time asylum applications by citizens of {country} in {place}"),
        destinations,
    }
}

/// Adds the figures of first-time asylum applications; says why it cannot be checked when the
/// country applied to is outside the EU/EFTA or the year outside 2011-2024.
pub(super) fn asylum_applications(
    b: &mut Builder,
    country: &str,
    partner: Option<&str>,
    when: When,
    sex: Sex,
    assumptions: &mut Vec<String>,
    cannot: &mut Option<(String, String)>,
) -> Result<()> {
    let (indicator, _) = ASYLUM_APPLICANTS;
    let (lk, df, prov) = b
        .data
        .lookup("eurostat", &[indicator], col::DESTINATION, &[])?;
    let _ = df;
    let mut reporters: Vec<String> = lk
        .pairs(indicator, Sex::Total, 2023)
        .into_iter()
        .map(|(_, d, _)| d.to_string())
        .collect();
    reporters.sort();
    reporters.dedup();
    let s = sides(country, partner, &reporters, assumptions);
    if let Some(outside) = s.destinations.iter().find(|d| !reporters.contains(d)) {
        *cannot = Some((
            format!("Eurostat counts asylum applications in the EU and EFTA countries only, not in {outside}"),
            format!("the asylum statistics of {outside}'s migration authority, or UNHCR's asylum applications by country of asylum"),
        ));
        return Ok(());
    }
    let covered = super::indicator_years(&prov, indicator);
    let years = super::years_of(when);
    if years.iter().any(|y| !covered.contains(y)) {
        *cannot = Some((
            format!(
                "Eurostat's first-time asylum applicants cover {}, not {when}",
                crate::query::describe_years(&covered)
            ),
            "the national asylum authority's figures for those years".into(),
        ));
        return Ok(());
    }
    let total = |year: i32, sex: Sex| -> Option<f64> {
        let vals: Vec<f64> = lk
            .pairs(indicator, sex, year)
            .into_iter()
            .filter(|(o, d, _)| {
                s.destinations.iter().any(|x| x == d)
                    && s.origins
                        .as_ref()
                        .is_none_or(|os| os.iter().any(|x| x == o))
            })
            .filter_map(|(_, _, c)| c.value)
            .collect();
        (!vals.is_empty()).then(|| vals.iter().sum())
    };
    let sum = |sex: Sex| -> Option<f64> { years.iter().map(|y| total(*y, sex)).sum() };
    let area = match &s.origins {
        Some(_) => super::pair_label(country, partner.unwrap_or("EU27")),
        None => country.to_string(),
    };
    let note = "a flow: applications lodged during the year, rounded to 5 by Eurostat";
    let push = |b: &mut Builder, relation, sex: Sex, when: When, value| {
        b.push(
            relation,
            &s.words,
            "asylum-seeker",
            &prov,
            indicator,
            &area,
            sex,
            when,
            value,
            QuotedUnit::Persons,
            false,
            note,
        )
    };
    push(b, Relation::Asked, sex, when, sum(sex));
    for other in [Sex::Total, Sex::Female, Sex::Male]
        .into_iter()
        .filter(|o| *o != sex)
    {
        push(b, Relation::OtherSex, other, when, sum(other));
    }
    if let When::Year(y) = when {
        for other in (y - 2..=y + 2).filter(|o| *o != y && covered.contains(o)) {
            push(
                b,
                Relation::OtherYear,
                sex,
                When::Year(other),
                total(other, sex),
            );
        }
    }
    b.caveats.push("First-time asylum applications are a flow (claims lodged during the year, Eurostat); UNHCR's asylum-seekers are a stock (claims pending at the end of the year): the two must not be swapped.".into());
    Ok(())
}
