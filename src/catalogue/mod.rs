//! The catalogue of quantities and measures: what each number miglab computes *is*, described
//! once. `measure`, `chart`, `check`, `define`, the exercise packs and chart captions all read it.
//!
//! A [`Quantity`] is one column of a result (`cnmr`, `emigrant_stock`, `change_pct`): its formula,
//! definition and source document, unit, whether it is a net figure, and its labels in English,
//! Azerbaijani and Russian. A [`Measure`] is what `miglab measure NAME` computes: the datasets it
//! reads, which selectors apply, how a group total is formed, and the quantities it returns.
//!
//! The glossary of `miglab define` and `miglab check` lives here too ([`concepts`]): each term
//! with its sources (one list of [`Document`]s, [`documents`]) and the measures that follow it.
//!
//! Files: `measures.rs` (every measure), `quantities.rs` (every quantity), `documents.rs` (the
//! source documents), `concepts.rs` (the glossary), `press.rs` (what each checkable figure is
//! called in the press, en/az/ru, read by `miglab check`).

pub mod concepts;
pub mod corridors;
pub mod documents;
mod measures;
pub mod press;
mod quantities;

pub use crate::lang::{Lang, Text};
pub use concepts::{Term, TERMS};
pub use documents::{Document, DOCUMENTS};
pub use measures::MEASURES;
pub use press::{press_term, PressTerm, Words, PRESS_TERMS};
pub use quantities::QUANTITIES;

/// The unit of a quantity. `as_str` gives the unit column of every result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Persons,
    Per1000,
    Percent,
    PercentPerYear,
    CurrentUsd,
}

impl Unit {
    /// The unit as printed in the unit column ("persons", "per 1,000").
    pub const fn as_str(self) -> &'static str {
        match self {
            Unit::Persons => "persons",
            Unit::Per1000 => "per 1,000",
            Unit::Percent => "%",
            Unit::PercentPerYear => "% per year",
            Unit::CurrentUsd => "current US$",
        }
    }
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A selector of a measure request: each maps to one command-line flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Selector {
    Countries,
    Origin,
    Destination,
    Years,
    Periods,
    Edition,
    Sex,
    Top,
    Total,
    Stock,
    Variant,
    /// `--method` of flows: which estimate (or all side by side).
    Method,
    /// `--from-stocks` (with `--births`, `--deaths`) of flows: the user's own tables.
    FromStocks,
}

impl Selector {
    /// Every selector, in the order of `--help`.
    pub const ALL: [Selector; 13] = [
        Selector::Countries,
        Selector::Origin,
        Selector::Destination,
        Selector::Years,
        Selector::Periods,
        Selector::Edition,
        Selector::Sex,
        Selector::Top,
        Selector::Total,
        Selector::Stock,
        Selector::Variant,
        Selector::Method,
        Selector::FromStocks,
    ];

    /// The command-line flag of the selector.
    pub fn flag(self) -> &'static str {
        match self {
            Selector::Countries => "--countries",
            Selector::Origin => "--origin",
            Selector::Destination => "--destination",
            Selector::Years => "--years",
            Selector::Periods => "--periods",
            Selector::Edition => "--edition",
            Selector::Sex => "--sex",
            Selector::Top => "--top",
            Selector::Total => "--total",
            Selector::Stock => "--stock",
            Selector::Variant => "--variant",
            Selector::Method => "--method",
            Selector::FromStocks => "--from-stocks",
        }
    }
}

/// How the value of a group of countries is formed with `--total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupTotal {
    /// Counts are summed over the members.
    Sum,
    /// Rates and shares: summed numerators over summed denominators, never an average of rates.
    RatioOfSums,
    /// No group total (the measure is per pair, or already covers the whole set).
    NotFormed,
}

/// One quantity: a column of a measure's result.
#[derive(Debug, Clone, Copy)]
pub struct Quantity {
    /// The name in results (`cnmr`, `emigrant_stock`).
    pub name: &'static str,
    pub formula: &'static str,
    /// The definition in English with its source in words (shown under tables and in JSON).
    pub definition: &'static str,
    pub sources: &'static [Document],
    pub unit: Unit,
    /// Can be negative: charts use a diverging palette and a zero line.
    pub net: bool,
    /// Chart and table title.
    pub title: Text,
    /// Axis name with the unit.
    pub axis: Text,
    /// Short definition for captions, with the formula in words.
    pub caption: Text,
}

impl Quantity {
    /// The sources as a short list of keys ("UN 1998; WPP 2024").
    pub fn source_keys(&self) -> String {
        documents::keys(self.sources)
    }
}

/// The measures of `miglab measure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeasureKind {
    NetMigration,
    Cnmr,
    Balancing,
    ImmigrantStock,
    EmigrantStock,
    StockShare,
    EmigrantShare,
    StockGrowth,
    TopDestinations,
    TopOrigins,
    PeriodChange,
    FemaleShare,
    StockDifference,
    Effectiveness,
    RemittancesGdp,
    RefugeesPer1000,
    Flows,
}

/// One measure: what `miglab measure NAME` computes and which selectors it takes.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    pub kind: MeasureKind,
    /// The name on the command line and in exercise definitions.
    pub name: &'static str,
    /// One line for `--help`.
    pub about: &'static str,
    /// The embedded datasets read (`ims` stands for the edition chosen with `--edition`).
    pub datasets: &'static [&'static str],
    /// The selectors that apply; any other is refused.
    pub selectors: &'static [Selector],
    pub group: GroupTotal,
    /// Every quantity the result may hold, in the order the measure returns them.
    pub quantities: &'static [&'static str],
    /// The main quantity: what a chart of this measure shows by default, and what `define` shows.
    pub chart_quantity: &'static str,
}

impl MeasureKind {
    pub const ALL: [MeasureKind; 17] = [
        MeasureKind::NetMigration,
        MeasureKind::Cnmr,
        MeasureKind::Balancing,
        MeasureKind::ImmigrantStock,
        MeasureKind::EmigrantStock,
        MeasureKind::StockShare,
        MeasureKind::EmigrantShare,
        MeasureKind::StockGrowth,
        MeasureKind::TopDestinations,
        MeasureKind::TopOrigins,
        MeasureKind::PeriodChange,
        MeasureKind::FemaleShare,
        MeasureKind::StockDifference,
        MeasureKind::Effectiveness,
        MeasureKind::RemittancesGdp,
        MeasureKind::RefugeesPer1000,
        MeasureKind::Flows,
    ];

    /// Its description in the catalogue.
    pub fn info(self) -> &'static Measure {
        MEASURES
            .iter()
            .find(|m| m.kind == self)
            .expect("every MeasureKind has a catalogue entry (tested)")
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn from_name(name: &str) -> Option<MeasureKind> {
        MEASURES.iter().find(|m| m.name == name).map(|m| m.kind)
    }

    pub fn takes(self, selector: Selector) -> bool {
        self.info().selectors.contains(&selector)
    }
}

/// A quantity by its name in results.
pub fn quantity(name: &str) -> Option<&'static Quantity> {
    QUANTITIES.iter().find(|q| q.name == name)
}

/// A measure by its command-line name.
pub fn measure(name: &str) -> Option<&'static Measure> {
    MEASURES.iter().find(|m| m.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_measure_kind_is_described_once() {
        for kind in MeasureKind::ALL {
            assert_eq!(MEASURES.iter().filter(|m| m.kind == kind).count(), 1);
            assert_eq!(MeasureKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(MEASURES.len(), MeasureKind::ALL.len());
    }

    #[test]
    fn every_quantity_a_measure_lists_is_described() {
        for m in MEASURES {
            for name in m.quantities {
                assert!(quantity(name).is_some(), "{}: no quantity {name}", m.name);
            }
            assert!(
                m.quantities.contains(&m.chart_quantity),
                "{}: chart quantity {} is not among its quantities",
                m.name,
                m.chart_quantity
            );
        }
    }

    #[test]
    fn every_quantity_is_returned_by_a_measure() {
        for q in QUANTITIES {
            assert!(
                MEASURES.iter().any(|m| m.quantities.contains(&q.name)),
                "{} is returned by no measure",
                q.name
            );
        }
    }

    #[test]
    fn names_are_unique() {
        for (i, q) in QUANTITIES.iter().enumerate() {
            assert!(
                QUANTITIES[i + 1..].iter().all(|o| o.name != q.name),
                "{}",
                q.name
            );
        }
        for (i, d) in DOCUMENTS.iter().enumerate() {
            assert!(
                DOCUMENTS[i + 1..].iter().all(|o| o.key != d.key),
                "{}",
                d.key
            );
        }
    }

    #[test]
    fn every_quantity_is_described_in_three_languages_with_sources() {
        for q in QUANTITIES {
            for text in [q.formula, q.definition] {
                assert!(!text.trim().is_empty(), "{}", q.name);
            }
            assert!(!q.sources.is_empty(), "{}: no source", q.name);
            for lang in Lang::ALL {
                for (what, text) in [("title", q.title), ("axis", q.axis), ("caption", q.caption)] {
                    assert!(
                        !text.get(lang).trim().is_empty(),
                        "{} {what} {lang}",
                        q.name
                    );
                }
            }
        }
    }

    /// Net figures get a zero line and a diverging palette: exactly the quantities that can be
    /// negative (balances, changes, differences, the effectiveness index).
    #[test]
    fn net_is_true_exactly_for_quantities_that_can_be_negative() {
        let can_be_negative = [
            "net_migrants",
            "cnmr",
            "cnmr_un",
            "cnmr_difference",
            "population_change",
            "natural_increase",
            "net_migration_residual",
            "net_migrants_published",
            "closure_gap",
            "change",
            "change_pct",
            "annual_rate",
            "net",
            "effectiveness",
            "net_flow_estimate",
            "effectiveness_estimate",
            "net_flow_gap",
            "net_migrants_wpp",
        ];
        for q in QUANTITIES {
            assert_eq!(q.net, can_be_negative.contains(&q.name), "{}", q.name);
        }
    }

    /// The rate's denominator is the person-years lived (about the mid-year population): the
    /// caption says so in every language, as the definition does.
    #[test]
    fn cnmr_caption_states_the_person_years_denominator() {
        let cnmr = quantity("cnmr").expect("cnmr");
        assert!(cnmr.caption.en.contains("person-years"));
        assert!(cnmr.caption.az.contains("adam-il"));
        assert!(cnmr.caption.ru.contains("человеко-лет"));
    }

    #[test]
    fn units_of_results_are_the_catalogue_units() {
        use crate::measures::unit;
        assert_eq!(unit::PERSONS, Unit::Persons.as_str());
        assert_eq!(unit::PER_1000, Unit::Per1000.as_str());
        assert_eq!(quantity("cnmr").map(|q| q.unit), Some(Unit::Per1000));
    }

    /// Every press term names a glossary term, a quantity of the catalogue (or the embedded
    /// indicator of asylum applications) and, when it narrows another, a term of the table.
    #[test]
    fn press_terms_point_into_the_catalogue() {
        for (i, t) in PRESS_TERMS.iter().enumerate() {
            assert!(
                PRESS_TERMS[i + 1..].iter().all(|o| o.key != t.key),
                "{}",
                t.key
            );
            assert!(concepts::by_key(t.definition).is_some(), "{}", t.key);
            if let Some(q) = t.quantity.filter(|q| *q != "first_time_asylum_applicants") {
                assert!(quantity(q).is_some(), "{}: no quantity {q}", t.key);
            }
            if let Some(r) = t.refines {
                assert!(
                    press_term(r).is_some_and(|b| b.refines.is_none()),
                    "{}",
                    t.key
                );
                assert!(t.qualifiers.all().next().is_some(), "{}", t.key);
            }
            for w in t.words.all().chain(t.qualifiers.all()) {
                assert_eq!(w, w.to_lowercase(), "{}: words are lower case", t.key);
            }
        }
    }

    #[test]
    fn terms_point_to_measures_and_documents_of_the_catalogue() {
        let documented = |name: &str, sources: &[Document]| {
            for d in sources {
                assert!(DOCUMENTS.contains(d), "{name}: {} not in DOCUMENTS", d.key);
            }
        };
        for t in TERMS {
            assert!(!t.sources.is_empty(), "{}", t.key);
            documented(t.key, t.sources);
            for k in t.measures {
                assert!(quantity(k.info().chart_quantity).is_some(), "{}", t.key);
            }
        }
        for q in QUANTITIES {
            documented(q.name, q.sources);
        }
    }
}
