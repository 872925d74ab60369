//! Candidates crossed jointly: every figure a quote could mean over concept x edition x year x
//! sex, computed by the measure engine ([`crate::measures::engine::compute`]) so that every
//! quantity of the catalogue, and groups of countries (summed where the catalogue says summing
//! is meaningful), can be checked the same way.

use super::claim::{Concept, QuotedUnit, When};
use super::verdict::{compare, Figure, Relation, Status};
use crate::catalogue::MeasureKind;
use crate::measures::engine::compute;
use crate::measures::stocks::StockKind;
use crate::request::{Edition, MeasureRequest, Places};
use crate::tidy::Sex;

/// Where a concept's figures come from: a measure of the catalogue and the quantity read.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub measure: MeasureKind,
    pub quantity: &'static str,
    pub stock: Option<StockKind>,
    pub unit: QuotedUnit,
    /// The measure reads International Migrant Stock (two editions, sexes).
    pub ims: bool,
}

/// The measure and quantity that give a concept's figure (`partner`: a bilateral stock).
pub fn target(concept: Concept, partner: bool) -> Option<Target> {
    use MeasureKind as M;
    let t = |measure, quantity, unit, ims| Target {
        measure,
        quantity,
        stock: None,
        unit,
        ims,
    };
    Some(match concept {
        Concept::NetMigration => t(M::NetMigration, "net_migrants", QuotedUnit::Persons, false),
        Concept::NetMigrationRate => t(M::Cnmr, "cnmr", QuotedUnit::PerThousand, false),
        Concept::EmigrantStock if partner => t(
            M::TopDestinations,
            "migrant_stock",
            QuotedUnit::Persons,
            true,
        ),
        Concept::ImmigrantStock if partner => {
            t(M::TopOrigins, "migrant_stock", QuotedUnit::Persons, true)
        }
        Concept::EmigrantStock => t(
            M::EmigrantStock,
            "emigrant_stock",
            QuotedUnit::Persons,
            true,
        ),
        Concept::ImmigrantStock => t(
            M::ImmigrantStock,
            "immigrant_stock",
            QuotedUnit::Persons,
            true,
        ),
        Concept::ImmigrantShare => t(M::StockShare, "stock_share", QuotedUnit::Percent, true),
        Concept::EmigrantShare => t(
            M::EmigrantShare,
            "emigrant_share",
            QuotedUnit::Percent,
            true,
        ),
        Concept::FemaleShareEmigrants => Target {
            stock: Some(StockKind::Emigrant),
            ..t(M::FemaleShare, "female_share", QuotedUnit::Percent, true)
        },
        Concept::FemaleShareImmigrants => {
            t(M::FemaleShare, "female_share", QuotedUnit::Percent, true)
        }
        Concept::Remittances => t(
            M::RemittancesGdp,
            "remittances_received",
            QuotedUnit::Usd,
            false,
        ),
        Concept::RemittancesGdp => t(
            M::RemittancesGdp,
            "remittances_gdp",
            QuotedUnit::Percent,
            false,
        ),
        Concept::Population => t(M::StockShare, "population", QuotedUnit::Persons, true),
        Concept::PopulationChange => t(
            M::Balancing,
            "population_change",
            QuotedUnit::Persons,
            false,
        ),
        Concept::NaturalIncrease => t(M::Balancing, "natural_increase", QuotedUnit::Persons, false),
        Concept::Births => t(M::Balancing, "births", QuotedUnit::Persons, false),
        Concept::Deaths => t(M::Balancing, "deaths", QuotedUnit::Persons, false),
        Concept::Refugees if !partner => {
            t(M::RefugeesPer1000, "refugees", QuotedUnit::Persons, false)
        }
        _ => return None,
    })
}

/// The concepts a journalist commonly confuses with `concept` in this region: immigrant vs
/// emigrant stock, a stock vs an annual flow, a share of the population vs of the stock, a
/// count vs a rate, remittances in dollars vs as a share of GDP.
pub fn confusions(concept: Concept) -> &'static [Concept] {
    use Concept as C;
    match concept {
        C::NetMigration => &[C::NetMigrationRate, C::PopulationChange, C::EmigrantStock],
        C::NetMigrationRate => &[C::NetMigration],
        C::EmigrantStock => &[C::ImmigrantStock, C::NetMigration],
        C::ImmigrantStock => &[C::EmigrantStock, C::Refugees],
        C::ImmigrantShare => &[C::EmigrantShare, C::FemaleShareImmigrants],
        C::EmigrantShare => &[C::ImmigrantShare, C::FemaleShareEmigrants],
        C::FemaleShareEmigrants => &[C::FemaleShareImmigrants, C::EmigrantShare],
        C::FemaleShareImmigrants => &[C::FemaleShareEmigrants, C::ImmigrantShare],
        C::Remittances => &[],
        C::RemittancesGdp => &[C::EmigrantShare],
        C::Population => &[C::EmigrantStock, C::ImmigrantStock],
        C::PopulationChange => &[C::NetMigration, C::NaturalIncrease],
        C::NaturalIncrease => &[C::PopulationChange, C::Births],
        C::Births => &[C::Deaths],
        C::Deaths => &[C::Births],
        C::Refugees => &[C::ImmigrantStock],
        _ => &[],
    }
}

/// What is being crossed: the asked concept, the place (a country or group), the partner.
pub struct Ask<'a> {
    pub concept: Concept,
    pub place: &'a str,
    pub members: &'a [String],
    pub partner: Option<&'a str>,
    pub year: i32,
    /// The start of the period a change is quoted over ("between 2000 and 2020").
    pub start: Option<i32>,
    pub sex: Sex,
}

/// The years to look at around the asked one (the IMS years are the mid-years it publishes).
fn years_around(ask: &Ask) -> String {
    let from = ask.start.unwrap_or(ask.year - 5).min(ask.year - 5);
    format!("{}-{}", from.max(1950), (ask.year + 5).min(2030))
}

/// Every figure over concept x edition x year x sex that the engine can compute for the ask.
/// Figures differing from the ask in something are kept when they match the quote, or when they
/// differ only in concept or edition (shown for reference).
pub fn cross(
    ask: &Ask,
    q: &super::claim::Quantity,
    tol: f64,
    change: bool,
) -> (Vec<Figure>, Vec<String>) {
    let mut figures = Vec::new();
    let mut warnings = Vec::new();
    let concepts = std::iter::once(ask.concept).chain(confusions(ask.concept).iter().copied());
    for concept in concepts {
        let Some(t) = target(concept, ask.partner.is_some()) else {
            continue;
        };
        let editions: &[Option<Edition>] = if t.ims {
            &[Some(Edition::Ims2024), Some(Edition::Ims2020)]
        } else {
            &[None]
        };
        for edition in editions {
            match rows_for(ask, &t, *edition) {
                Ok(rows) => {
                    let found = figures_of(ask, concept, &t, *edition, rows, q, tol, change);
                    figures.extend(found);
                }
                Err(e) if concept == ask.concept && *edition == editions[0] => {
                    warnings.push(e.to_string())
                }
                Err(_) => {}
            }
        }
    }
    (figures, warnings)
}

fn rows_for(
    ask: &Ask,
    t: &Target,
    edition: Option<Edition>,
) -> crate::error::Result<Vec<crate::measures::MeasureRow>> {
    let group = ask.members.len() > 1;
    let mut r = MeasureRequest::new(t.measure);
    let places = Places::new([ask.place.to_string()]);
    r = match t.measure {
        MeasureKind::TopDestinations => r.origin(places).top(400),
        MeasureKind::TopOrigins => r.destination(places).top(400),
        _ => r.countries(places),
    };
    if group && t.measure.takes(crate::catalogue::Selector::Total) {
        r = r.total(true);
    } else if group {
        return Err(crate::error::Error::NotCovered(format!(
            "{} has no group total (summing it over countries is not meaningful)",
            t.measure.name()
        )));
    }
    r = r.years(&years_around(ask))?;
    if let Some(e) = edition {
        r = r.edition(e);
    }
    if let Some(s) = t.stock {
        r = r.stock(s);
    }
    if t.measure.takes(crate::catalogue::Selector::Sex) {
        r = r.sexes("all")?;
    }
    Ok(compute(&r)?.into_rows())
}

// Long because each engine row becomes one candidate figure with its differences, status,
// label and note computed together (they depend on each other).
#[allow(clippy::too_many_arguments)]
fn figures_of(
    ask: &Ask,
    concept: Concept,
    t: &Target,
    edition: Option<Edition>,
    rows: Vec<crate::measures::MeasureRow>,
    q: &super::claim::Quantity,
    tol: f64,
    change: bool,
) -> Vec<Figure> {
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| r.measure == t.quantity && r.rank.is_some() == ask.partner.is_some())
        .filter(|r| match (t.measure, ask.partner) {
            (MeasureKind::TopDestinations, Some(p)) => r.destination.as_deref() == Some(p),
            (MeasureKind::TopOrigins, Some(p)) => r.origin.as_deref() == Some(p),
            _ => true,
        })
        .collect();
    let years: Vec<i32> = {
        let mut y: Vec<i32> = rows.iter().filter_map(|r| r.year).collect();
        y.sort_unstable();
        y.dedup();
        y
    };
    // the year checked: the asked one, or the nearest the data have (IMS is every 5 years)
    let Some(asked_year) = years
        .iter()
        .copied()
        .min_by_key(|y| ((y - ask.year).abs(), -y))
    else {
        return Vec::new();
    };
    let latest = edition.is_none_or(|e| e == Edition::Ims2024);
    let mut out = Vec::new();
    for r in &rows {
        let Some(year) = r.year else { continue };
        let (value, when) = if change {
            // a change in per cent from the period's start (or the previous published year)
            let prev = match ask.start {
                Some(s) => years
                    .iter()
                    .copied()
                    .filter(|y| *y < year)
                    .min_by_key(|y| (y - s).abs()),
                None => years.iter().copied().filter(|y| *y < year).max(),
            };
            let start = prev.and_then(|p| {
                rows.iter()
                    .find(|o| o.year == Some(p) && o.sex == r.sex)
                    .and_then(|o| o.value)
            });
            let v = match (start, r.value) {
                (Some(s), Some(e)) if s != 0.0 => Some(100.0 * (e - s) / s.abs()),
                _ => None,
            };
            (v, When::Period(prev.unwrap_or(year), year))
        } else {
            (r.value, When::Year(year))
        };
        let unit = if change { QuotedUnit::Percent } else { t.unit };
        let mut differences = Vec::new();
        if concept != ask.concept {
            differences.push("concept");
        }
        if !latest {
            differences.push("edition");
        }
        if year != asked_year {
            differences.push(if r.projection {
                "projection-vs-estimate"
            } else {
                "year"
            });
        }
        if r.sex != ask.sex {
            differences.push("sex");
        }
        // a bound ("more than", "up to") is met by many figures: only near ones explain it
        if q.comparator != super::claim::Comparator::Approximately && differences.len() > 1 {
            continue;
        }
        let status = compare(q, tol, value, unit);
        let reference = differences
            .iter()
            .all(|d| *d == "concept" || *d == "edition");
        if !differences.is_empty() && !status.is_consistent() && !reference {
            continue;
        }
        let relation = match differences.first() {
            None => Relation::Asked,
            Some(&"concept") => Relation::OtherConcept,
            Some(&"edition") => Relation::OtherEdition,
            Some(&"sex") => Relation::OtherSex,
            Some(_) => Relation::OtherYear,
        };
        let area = match (t.measure, ask.partner) {
            (MeasureKind::TopDestinations, Some(p)) => format!("{} -> {p}", ask.place),
            (MeasureKind::TopOrigins, Some(p)) => format!("{p} -> {}", ask.place),
            _ => ask.place.to_string(),
        };
        let mut note = r.note.clone();
        if ask.members.len() > 1 {
            crate::measures::add_note(&mut note, &format!("sum of {}", ask.members.join(", ")));
        }
        if r.projection {
            crate::measures::add_note(&mut note, "projection, not an estimate");
        }
        out.push(Figure {
            label: if change {
                format!("change of {} (%)", concept.label())
            } else {
                concept.label().to_string()
            },
            definition: concept.definition_key(),
            dataset: r.source.dataset.clone(),
            edition: super::verdict::edition_words(&r.source),
            indicator: t.quantity.to_string(),
            area,
            sex: r.sex,
            when,
            value,
            unit,
            projection: r.projection,
            note,
            relation,
            differences,
            status,
        });
    }
    out
}

/// Whether a figure of [`cross`] explains the quote.
pub fn explains(f: &Figure) -> bool {
    matches!(f.status, Status::Consistent { .. })
}
