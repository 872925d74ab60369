//! Refugees, asylum-seekers, IDPs and stateless persons (UNHCR end-year stocks) for a country or
//! a group of countries (the sum of its members: these are counts, which the catalogue's group
//! rule sums), with the figures a journalist commonly confuses them with.

use super::{pair_label, Builder, Relation};
use crate::check::claim::{Claim, Concept, QuotedUnit, When};
use crate::error::Result;
use crate::measures::Lookup;
use crate::provenance::Provenance;
use crate::tidy::{col, Sex};

/// UNHCR's rows of a place: hosted there (by asylum country) and from there (by origin).
struct Unhcr {
    hosted: Lookup,
    from: Lookup,
    members: Vec<String>,
    partner: Option<Vec<String>>,
}

impl Unhcr {
    /// Sum of an indicator over the pairs whose asylum side (or origin side, `as_origin`) is a
    /// member, and whose other side is a partner member when `with_partner`.
    fn sum(&self, indicator: &str, as_origin: bool, with_partner: bool, year: i32) -> Option<f64> {
        let lk = if as_origin { &self.from } else { &self.hosted };
        let partner = self.partner.as_ref().filter(|_| with_partner);
        let idps = indicator == "idps";
        let vals: Vec<f64> = lk
            .pairs(indicator, Sex::Total, year)
            .into_iter()
            .filter(|(o, d, _)| {
                let (me, other) = if as_origin { (*o, *d) } else { (*d, *o) };
                self.members.iter().any(|m| m == me)
                    && partner.is_none_or(|p| p.iter().any(|x| x == other))
                    // IDPs are displaced inside their own country: origin = asylum country
                    && (!idps || o == d)
            })
            .filter_map(|(_, _, c)| c.value)
            .collect();
        (!vals.is_empty()).then(|| vals.iter().sum())
    }

    /// The asked concept's indicator and value for a year.
    fn asked(&self, concept: Concept, year: i32) -> (&'static str, Option<f64>) {
        let with_partner = self.partner.is_some();
        match concept {
            Concept::Refugees => ("refugees", self.sum("refugees", false, with_partner, year)),
            Concept::RefugeesFrom => ("refugees", self.sum("refugees", true, with_partner, year)),
            Concept::AsylumSeekers => (
                "asylum_seekers",
                self.sum("asylum_seekers", false, with_partner, year),
            ),
            Concept::AsylumSeekersFrom => (
                "asylum_seekers",
                self.sum("asylum_seekers", true, with_partner, year),
            ),
            Concept::Idps => ("idps", self.sum("idps", false, false, year)),
            _ => ("stateless", self.sum("stateless", false, false, year)),
        }
    }
}

/// The asked figure in words, and the area it covers.
fn asked_words(concept: Concept, country: &str, partner: Option<&str>) -> (String, String) {
    match (concept, partner) {
        (Concept::Refugees, Some(p)) => (
            format!("refugees from {p} hosted in {country}"),
            pair_label(p, country),
        ),
        (Concept::Refugees, None) => (format!("refugees hosted in {country}"), country.into()),
        (Concept::RefugeesFrom, Some(p)) => (
            format!("refugees from {country} hosted in {p}"),
            pair_label(country, p),
        ),
        (Concept::RefugeesFrom, None) => (
            format!("refugees from {country} (all asylum countries)"),
            country.into(),
        ),
        (Concept::AsylumSeekers, _) => (format!("asylum-seekers in {country}"), country.into()),
        (Concept::AsylumSeekersFrom, _) => {
            (format!("asylum-seekers from {country}"), country.into())
        }
        (Concept::Idps, _) => (format!("IDPs in {country}"), country.into()),
        _ => (format!("stateless persons in {country}"), country.into()),
    }
}

/// The place's members: a group's countries, or the country itself.
fn members_of(code: &str) -> Vec<String> {
    crate::countries::group_members(code).unwrap_or_else(|| vec![code.to_string()])
}

/// The end-year the claim is checked at, or why it cannot be.
fn checked_year(b: &mut Builder, when: When, prov: &Provenance) -> Result<i32, (String, String)> {
    let year = match when {
        When::Year(y) => y,
        When::Period(_, y) => {
            b.caveats.push(format!("UNHCR counts are end-year stocks: the period {when} was checked at its end, 31 December {y}"));
            y
        }
    };
    let years = super::indicator_years(prov, "refugees");
    if years.contains(&year) {
        Ok(year)
    } else {
        Err((
            format!(
                "UNHCR's database covers {}, not {year}",
                crate::query::describe_years(&years)
            ),
            "national statistics of the asylum or migration authority for that year".into(),
        ))
    }
}

pub(super) fn protection(
    b: &mut Builder,
    concept: Concept,
    country: &str,
    partner: Option<&str>,
    when: When,
    claim: &Claim,
    cannot: &mut Option<(String, String)>,
) -> Result<()> {
    let members = members_of(country);
    let indicators = ["refugees", "asylum_seekers", "idps", "stateless"];
    let (hosted, _, prov) = b
        .data
        .lookup("unhcr", &indicators, col::DESTINATION, &members)?;
    let (from, _, _) = b.data.lookup(
        "unhcr",
        &["refugees", "asylum_seekers"],
        col::ORIGIN,
        &members,
    )?;
    let year = match checked_year(b, when, &prov) {
        Ok(y) => y,
        Err(why) => {
            *cannot = Some(why);
            return Ok(());
        }
    };
    let u = Unhcr {
        hosted,
        from,
        members,
        partner: partner.map(members_of),
    };
    let (indicator, value) = u.asked(concept, year);
    let (label, area) = asked_words(concept, country, partner);
    let end_year = "end-year stock";
    let push = |b: &mut Builder, relation, label: &str, def, ind, area: &str, w, v, note: &str| {
        b.push(
            relation,
            label,
            def,
            &prov,
            ind,
            area,
            Sex::Total,
            w,
            v,
            QuotedUnit::Persons,
            false,
            note,
        )
    };
    let w = When::Year(year);
    let def = concept.definition_key();
    push(
        b,
        Relation::Asked,
        &label,
        def,
        indicator,
        &area,
        w,
        value,
        end_year,
    );
    related(b, &u, concept, country, partner, year, &prov);
    for other in (year - 2..=year + 2).filter(|o| *o != year) {
        let (_, v) = u.asked(concept, other);
        let w = When::Year(other);
        push(
            b,
            Relation::OtherYear,
            &label,
            def,
            indicator,
            &area,
            w,
            v,
            end_year,
        );
    }
    if claim.lumps_refugees_and_idps {
        b.caveats.push("The quote lumps refugees and IDPs together: refugees have crossed a border, IDPs have not; UNHCR counts them separately and the two must not be added or swapped.".into());
    }
    if concept == Concept::Idps && u.members.iter().any(|m| m == "AZE") {
        b.caveats.push("Azerbaijan's national figure of forced resettlers (məcburi köçkünlər) follows its 1999 law and may differ from UNHCR's IDP count.".into());
    }
    Ok(())
}

/// The other protection figures of the place (refugees vs IDPs, hosted vs from), and the sum of
/// refugees and IDPs that should never be quoted.
fn related(
    b: &mut Builder,
    u: &Unhcr,
    concept: Concept,
    country: &str,
    partner: Option<&str>,
    year: i32,
    prov: &Provenance,
) {
    let refugees_hosted = u.sum("refugees", false, false, year);
    let idps = u.sum("idps", false, false, year);
    let related = [
        (Concept::Refugees, "refugees", refugees_hosted),
        (
            Concept::RefugeesFrom,
            "refugees",
            u.sum("refugees", true, false, year),
        ),
        (Concept::Idps, "idps", idps),
        (
            Concept::AsylumSeekers,
            "asylum_seekers",
            u.sum("asylum_seekers", false, false, year),
        ),
        (
            Concept::Stateless,
            "stateless",
            u.sum("stateless", false, false, year),
        ),
    ];
    let mut push = |label: &str, def, ind, value, note: &str| {
        b.push(
            Relation::OtherConcept,
            label,
            def,
            prov,
            ind,
            country,
            Sex::Total,
            When::Year(year),
            value,
            QuotedUnit::Persons,
            false,
            note,
        )
    };
    for (c, ind, value) in related {
        if (c == concept && partner.is_none()) || value.is_none() {
            continue;
        }
        let (label, _) = asked_words(c, country, None);
        push(&label, c.definition_key(), ind, value, "end-year stock");
    }
    if idps.is_some_and(|v| v > 0.0) {
        let lumped = match (refugees_hosted, idps) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
        push(
            &format!("refugees + IDPs in {country} (added up, which should not be done)"),
            "idp",
            "refugees+idps",
            lumped,
            "two different legal categories",
        );
    }
}
