//! The catalogue of quantities and measures: what each number miglab computes *is*, described
//! once. `measure`, `chart`, `check`, `define`, the exercise packs and chart captions all read it.
//!
//! A [`Quantity`] is one column of a result (`cnmr`, `emigrant_stock`, `change_pct`): its formula,
//! definition and source document, unit, whether it is a net figure, and its labels in English,
//! Azerbaijani and Russian. A [`Measure`] is what `miglab measure NAME` computes: the datasets it
//! reads, which selectors apply, how a group total is formed, and the quantities it returns.

pub use crate::lang::{Lang, Text};

/// A source document of a definition or method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Document {
    /// Short key shown under tables ("UN 1998").
    pub key: &'static str,
    pub citation: &'static str,
}

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
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Persons => "persons",
            Unit::Per1000 => "per 1,000",
            Unit::Percent => "%",
            Unit::PercentPerYear => "% per year",
            Unit::CurrentUsd => "current US$",
        }
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
}

impl Selector {
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
    /// The quantities of the result, in column order.
    pub quantities: &'static [&'static str],
    /// The quantity a chart of this measure shows by default.
    pub chart_quantity: &'static str,
}

impl MeasureKind {
    pub const ALL: [MeasureKind; 16] = [
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

use Selector as S;

const COUNTRY_RATE: &[Selector] = &[S::Countries, S::Years, S::Total];
const COUNTRY_STOCK: &[Selector] = &[S::Countries, S::Years, S::Edition, S::Sex, S::Total];
const PERIOD_STOCK: &[Selector] = &[
    S::Countries,
    S::Origin,
    S::Destination,
    S::Years,
    S::Periods,
    S::Edition,
    S::Sex,
    S::Total,
    S::Stock,
];

/// Every measure, in the order of `miglab measure --help`.
pub const MEASURES: &[Measure] = &[
    Measure {
        kind: MeasureKind::NetMigration,
        name: "net-migration",
        about: "Net migrants (immigrants - emigrants), persons (WPP 2024).",
        datasets: &["wpp2024"],
        selectors: COUNTRY_RATE,
        group: GroupTotal::Sum,
        quantities: &["net_migrants"],
        chart_quantity: "net_migrants",
    },
    Measure {
        kind: MeasureKind::Cnmr,
        name: "cnmr",
        about: "Crude net migration rate per 1,000, computed and compared with the UN's.",
        datasets: &["wpp2024"],
        selectors: COUNTRY_RATE,
        group: GroupTotal::RatioOfSums,
        quantities: &[
            "net_migrants",
            "denominator",
            "cnmr",
            "cnmr_un",
            "cnmr_difference",
        ],
        chart_quantity: "cnmr",
    },
    Measure {
        kind: MeasureKind::Balancing,
        name: "balancing",
        about: "Demographic balancing equation: net migration as residual dP - (B - D).",
        datasets: &["wpp2024"],
        selectors: COUNTRY_RATE,
        group: GroupTotal::Sum,
        quantities: &[
            "population_change",
            "births",
            "deaths",
            "natural_increase",
            "net_migration_residual",
            "net_migrants_published",
            "closure_gap",
        ],
        chart_quantity: "net_migration_residual",
    },
    Measure {
        kind: MeasureKind::ImmigrantStock,
        name: "immigrant-stock",
        about: "Immigrant stock (foreign-born / foreign citizens), persons.",
        datasets: &["ims"],
        selectors: COUNTRY_STOCK,
        group: GroupTotal::Sum,
        quantities: &["immigrant_stock"],
        chart_quantity: "immigrant_stock",
    },
    Measure {
        kind: MeasureKind::EmigrantStock,
        name: "emigrant-stock",
        about: "Emigrant stock (born in the country, living abroad), persons.",
        datasets: &["ims"],
        selectors: COUNTRY_STOCK,
        group: GroupTotal::Sum,
        quantities: &["emigrant_stock"],
        chart_quantity: "emigrant_stock",
    },
    Measure {
        kind: MeasureKind::StockShare,
        name: "stock-share",
        about: "Immigrant stock as % of population.",
        datasets: &["ims"],
        selectors: COUNTRY_STOCK,
        group: GroupTotal::RatioOfSums,
        quantities: &["stock_share", "stock_share_un"],
        chart_quantity: "stock_share",
    },
    Measure {
        kind: MeasureKind::EmigrantShare,
        name: "emigrant-share",
        about: "Emigrants as % of resident population plus emigrants.",
        datasets: &["ims"],
        selectors: COUNTRY_STOCK,
        group: GroupTotal::RatioOfSums,
        quantities: &["emigrant_share"],
        chart_quantity: "emigrant_share",
    },
    Measure {
        kind: MeasureKind::StockGrowth,
        name: "stock-growth",
        about: "Annual rate of change of a stock, 100 ln(S2/S1)/n.",
        datasets: &["ims"],
        selectors: PERIOD_STOCK,
        group: GroupTotal::RatioOfSums,
        quantities: &["annual_rate"],
        chart_quantity: "annual_rate",
    },
    Measure {
        kind: MeasureKind::TopDestinations,
        name: "top-destinations",
        about: "Main destinations of emigrants, with shares.",
        datasets: &["ims"],
        selectors: &[
            S::Countries,
            S::Origin,
            S::Years,
            S::Edition,
            S::Sex,
            S::Top,
            S::Total,
        ],
        group: GroupTotal::Sum,
        quantities: &["migrant_stock", "share_of_total"],
        chart_quantity: "migrant_stock",
    },
    Measure {
        kind: MeasureKind::TopOrigins,
        name: "top-origins",
        about: "Main origins of immigrants, with shares.",
        datasets: &["ims"],
        selectors: &[
            S::Countries,
            S::Destination,
            S::Years,
            S::Edition,
            S::Sex,
            S::Top,
            S::Total,
        ],
        group: GroupTotal::Sum,
        quantities: &["migrant_stock", "share_of_total"],
        chart_quantity: "migrant_stock",
    },
    Measure {
        kind: MeasureKind::PeriodChange,
        name: "period-change",
        about: "Change of a stock across periods: absolute, %, annualised.",
        datasets: &["ims"],
        selectors: PERIOD_STOCK,
        group: GroupTotal::Sum,
        quantities: &[
            "stock_start",
            "stock_end",
            "change",
            "change_pct",
            "annual_rate",
        ],
        chart_quantity: "change",
    },
    Measure {
        kind: MeasureKind::FemaleShare,
        name: "female-share",
        about: "Women as % of a stock.",
        datasets: &["ims"],
        selectors: &[S::Countries, S::Years, S::Edition, S::Total, S::Stock],
        group: GroupTotal::RatioOfSums,
        quantities: &["female_share", "female_share_un"],
        chart_quantity: "female_share",
    },
    Measure {
        kind: MeasureKind::StockDifference,
        name: "stock-difference",
        about: "Flows implied by bilateral stock differences (rough lower-bound proxy).",
        datasets: &["ims"],
        selectors: &[
            S::Origin,
            S::Destination,
            S::Years,
            S::Periods,
            S::Edition,
            S::Variant,
        ],
        group: GroupTotal::NotFormed,
        quantities: &["flow_zero", "flow_return"],
        chart_quantity: "flow_zero",
    },
    Measure {
        kind: MeasureKind::Effectiveness,
        name: "effectiveness",
        about: "Migration effectiveness index and turnover within a set of countries.",
        datasets: &["ims"],
        selectors: &[S::Countries, S::Years, S::Periods, S::Edition],
        group: GroupTotal::NotFormed,
        quantities: &["in", "out", "net", "turnover", "effectiveness"],
        chart_quantity: "effectiveness",
    },
    Measure {
        kind: MeasureKind::RemittancesGdp,
        name: "remittances-gdp",
        about: "Personal remittances received as % of GDP (WDI).",
        datasets: &["wdi"],
        selectors: COUNTRY_RATE,
        group: GroupTotal::RatioOfSums,
        quantities: &["remittances_gdp"],
        chart_quantity: "remittances_gdp",
    },
    Measure {
        kind: MeasureKind::RefugeesPer1000,
        name: "refugees-per-1000",
        about: "Refugees hosted per 1,000 population (UNHCR / WPP 2024).",
        datasets: &["unhcr", "wpp2024"],
        selectors: COUNTRY_RATE,
        group: GroupTotal::RatioOfSums,
        quantities: &["refugees", "refugees_per_1000"],
        chart_quantity: "refugees_per_1000",
    },
];

/// Every quantity of every measure. (To be completed from `measures::DEFINITIONS` and
/// `chart::i18n::quantity`, which it replaces.)
pub const QUANTITIES: &[Quantity] = &[];

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
}
