//! Every measure of `miglab measure`: what it reads, which selectors apply, how a group total is
//! formed and which quantities it returns.

use super::{GroupTotal, Measure, MeasureKind, Selector};

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

/// The selectors of a ranking of partners: the side ranked from (`--origin` or `--destination`).
const fn ranking_by(side: Selector) -> [Selector; 7] {
    [
        S::Countries,
        side,
        S::Years,
        S::Edition,
        S::Sex,
        S::Top,
        S::Total,
    ]
}
const RANKING_BY_ORIGIN: [Selector; 7] = ranking_by(S::Origin);
const RANKING_BY_DESTINATION: [Selector; 7] = ranking_by(S::Destination);

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
        // Both sexes only (the population has no split by sex in the IMS tables).
        selectors: &[S::Countries, S::Years, S::Edition, S::Total],
        group: GroupTotal::RatioOfSums,
        quantities: &[
            "immigrant_stock",
            "population",
            "stock_share",
            "stock_share_un",
        ],
        chart_quantity: "stock_share",
    },
    Measure {
        kind: MeasureKind::EmigrantShare,
        name: "emigrant-share",
        about: "Emigrants as % of resident population plus emigrants.",
        datasets: &["ims"],
        // Both sexes only. A group's emigrants who moved between its members are also in its
        // resident population: its emigrant share means nothing, so `--total` is refused.
        selectors: &[S::Countries, S::Years, S::Edition],
        group: GroupTotal::NotFormed,
        quantities: &["emigrant_stock", "population", "emigrant_share"],
        chart_quantity: "emigrant_share",
    },
    Measure {
        kind: MeasureKind::StockGrowth,
        name: "stock-growth",
        about: "Annual rate of change of a stock, 100 ln(S2/S1)/n.",
        datasets: &["ims"],
        selectors: PERIOD_STOCK,
        group: GroupTotal::RatioOfSums,
        quantities: &["stock_start", "stock_end", "annual_rate"],
        chart_quantity: "annual_rate",
    },
    Measure {
        kind: MeasureKind::TopDestinations,
        name: "top-destinations",
        about: "Main destinations of emigrants, with shares.",
        datasets: &["ims"],
        selectors: &RANKING_BY_ORIGIN,
        group: GroupTotal::Sum,
        quantities: &["migrant_stock", "share_of_total"],
        chart_quantity: "migrant_stock",
    },
    Measure {
        kind: MeasureKind::TopOrigins,
        name: "top-origins",
        about: "Main origins of immigrants, with shares.",
        datasets: &["ims"],
        selectors: &RANKING_BY_DESTINATION,
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
        about: "Women as % of a stock (--origin: of its emigrants, --destination: of its immigrants).",
        datasets: &["ims"],
        selectors: &[
            S::Countries,
            S::Origin,
            S::Destination,
            S::Years,
            S::Edition,
            S::Total,
            S::Stock,
        ],
        group: GroupTotal::RatioOfSums,
        // The stock itself (both sexes and women) comes first: immigrant_stock, or emigrant_stock
        // with `--stock emigrant`.
        quantities: &[
            "immigrant_stock",
            "emigrant_stock",
            "female_share",
            "female_share_un",
        ],
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
        quantities: &["remittances_received", "gdp", "remittances_gdp"],
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
    Measure {
        kind: MeasureKind::Flows,
        name: "flows",
        about: "Bilateral flows ESTIMATED from two stock tables, births and deaths (demographic accounting or stock differencing).",
        datasets: &["ims", "wpp2024"],
        // --countries gives each country's in/out/net of the estimated flows beside WPP's net
        // migration; --origin/--destination the flows themselves. No --total: the estimate is
        // per pair and a group's internal flows would need removing.
        selectors: &[
            S::Countries,
            S::Origin,
            S::Destination,
            S::Periods,
            S::Edition,
            S::Sex,
            S::Top,
            S::Method,
            S::FromStocks,
        ],
        group: GroupTotal::NotFormed,
        quantities: &[
            "flow_estimate",
            "flow_estimate_low",
            "flow_estimate_high",
            "inflow_estimate",
            "outflow_estimate",
            "net_flow_estimate",
            "turnover_estimate",
            "effectiveness_estimate",
            "net_migrants_wpp",
            "net_flow_gap",
        ],
        chart_quantity: "flow_estimate",
    },
];
