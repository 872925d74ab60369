//! Criterion benchmarks of the measures on realistic inputs: the embedded datasets (WPP 2024, IMS
//! 2024 with the whole-world origin x destination table), so `cargo bench --bench measures` needs
//! no files beside the repository. Speed targets against pandas are measured by the comparison
//! harness (`benches/compare/run.sh`), not here; see BENCHMARKS.md.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use polars::prelude::DataFrame;

use miglab::measures::matrix::OdStocks;
use miglab::measures::stocks::{self, Partners, StockKind, Subject};
use miglab::measures::{balancing, flows, prefilter, rates, Area, Lookup, Source};
use miglab::store;
use miglab::tidy::{col, Sex};

const EECA: [&str; 13] = [
    "ARM", "AZE", "GEO", "BLR", "MDA", "UKR", "RUS", "KAZ", "KGZ", "TJK", "TKM", "UZB", "TUR",
];

struct Inputs {
    wpp: DataFrame,
    wpp_source: Source,
    wpp_codes: Vec<String>,
    bilateral: DataFrame,
    totals: DataFrame,
    ims_source: Source,
    origins: Vec<String>,
    destinations: Vec<String>,
}

fn distinct(df: &DataFrame, column: &str) -> Vec<String> {
    let mut v: Vec<String> = df
        .column(column)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .map(str::to_string)
        .collect();
    v.sort();
    v.dedup();
    v
}

fn inputs() -> Inputs {
    let wpp_ds = store::dataset("wpp2024").unwrap();
    let wpp = wpp_ds.frame().unwrap();
    let wpp_source = Source::of(&wpp_ds.provenance().unwrap());
    let wpp_codes = distinct(
        &prefilter(&wpp, &["net_migrants"], col::COUNTRY, None).unwrap(),
        col::COUNTRY,
    );
    let ims_ds = store::dataset("ims2024").unwrap();
    let ims = ims_ds.frame().unwrap();
    let ims_source = Source::of(&ims_ds.provenance().unwrap());
    let bilateral = prefilter(&ims, &["migrant_stock"], col::ORIGIN, None).unwrap();
    let totals = prefilter(
        &ims,
        &["immigrant_stock", "emigrant_stock", "population"],
        col::COUNTRY,
        None,
    )
    .unwrap();
    let origins = distinct(&bilateral, col::ORIGIN);
    let destinations = distinct(&bilateral, col::DESTINATION);
    Inputs {
        wpp,
        wpp_source,
        wpp_codes,
        bilateral,
        totals,
        ims_source,
        origins,
        destinations,
    }
}

fn areas(codes: &[String]) -> Vec<Area> {
    codes.iter().map(|c| Area::country(c)).collect()
}

fn pure_functions(c: &mut Criterion) {
    let mut g = c.benchmark_group("pure");
    let stocks: Vec<(f64, f64)> = (1..=10_000)
        .map(|i| (f64::from(i) * 37.0, f64::from(i) * 41.0 + 5.0))
        .collect();
    g.bench_function("annual_rate_of_change x10k", |b| {
        b.iter(|| {
            stocks
                .iter()
                .filter_map(|&(s1, s2)| stocks::annual_rate_of_change(s1, s2, 5.0))
                .sum::<f64>()
        })
    });
    let ins: Vec<f64> = (0..2_000).map(|i| f64::from(i % 97) * 1000.0).collect();
    let outs: Vec<f64> = (0..2_000).map(|i| f64::from(i % 89) * 1100.0).collect();
    g.bench_function("effectiveness_index 2000 regions", |b| {
        b.iter(|| flows::effectiveness_index(black_box(&ins), black_box(&outs)))
    });
    g.finish();
}

fn frame_measures(c: &mut Criterion) {
    let x = inputs();
    let years_wpp: Vec<i32> = (1950..=2023).collect();
    let ims_years = [1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024];
    let sexes = [Sex::Total, Sex::Female, Sex::Male];

    let mut g = c.benchmark_group("store");
    g.sample_size(20);
    g.bench_function("wpp2024 frame (embedded parquet)", |b| {
        b.iter(|| store::dataset("wpp2024").unwrap().frame().unwrap())
    });
    g.bench_function("ims2024 frame (embedded parquet)", |b| {
        b.iter(|| store::dataset("ims2024").unwrap().frame().unwrap())
    });
    g.bench_function("Lookup::from_frame ims2024 bilateral", |b| {
        b.iter(|| Lookup::from_frame(&x.bilateral).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("wpp2024 all locations 1950-2023");
    g.sample_size(10);
    let wpp_areas = areas(&x.wpp_codes);
    g.bench_function("cnmr", |b| {
        b.iter(|| rates::cnmr(&x.wpp, &x.wpp_source, &wpp_areas, &years_wpp).unwrap())
    });
    g.bench_function("balancing", |b| {
        b.iter(|| balancing::balancing(&x.wpp, &x.wpp_source, &wpp_areas, &years_wpp).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("ims2024 whole world");
    g.sample_size(10);
    let origins = areas(&x.origins);
    let destinations = areas(&x.destinations);
    g.bench_function("immigrant stock, all destinations x sex x year", |b| {
        b.iter(|| {
            stocks::stock(
                &x.totals,
                &x.ims_source,
                StockKind::Immigrant,
                &destinations,
                &ims_years,
                &sexes,
            )
            .unwrap()
        })
    });
    g.bench_function("stock share, all destinations", |b| {
        b.iter(|| stocks::stock_share(&x.totals, &x.ims_source, &destinations, &ims_years).unwrap())
    });
    g.bench_function("top-10 destinations, all origins x sex x year", |b| {
        b.iter(|| {
            stocks::top_partners(
                &x.bilateral,
                &x.ims_source,
                Partners::Destinations,
                &origins,
                &ims_years,
                &sexes,
                10,
            )
            .unwrap()
        })
    });
    let subjects: Vec<Subject> = x
        .origins
        .iter()
        .map(|c| Subject::Country(StockKind::Emigrant, Area::country(c)))
        .collect();
    let periods: Vec<(i32, i32)> = ims_years.windows(2).map(|w| (w[0], w[1])).collect();
    g.bench_function(
        "emigrant stock growth, all origins, consecutive years",
        |b| {
            b.iter(|| {
                stocks::period_change(&x.totals, &x.ims_source, &subjects, &periods, &sexes, true)
                    .unwrap()
            })
        },
    );
    g.bench_function("stock difference 2015-2020, all pairs", |b| {
        b.iter(|| {
            flows::stock_difference(
                &x.bilateral,
                &x.ims_source,
                &x.origins,
                &x.destinations,
                (2015, 2020),
                &[flows::Variant::Zero, flows::Variant::Return],
            )
            .unwrap()
        })
    });
    let eeca: Vec<String> = EECA.iter().map(|c| c.to_string()).collect();
    g.bench_function("effectiveness 2015-2020, EECA set", |b| {
        b.iter(|| {
            flows::effectiveness_rows(&x.bilateral, &x.ims_source, &eeca, (2015, 2020)).unwrap()
        })
    });
    g.finish();
}

/// The whole-table measures: the same results for every location or pair at once.
fn whole_table_measures(c: &mut Criterion) {
    let x = inputs();
    let years_wpp: Vec<i32> = (1950..=2023).collect();

    let mut g = c.benchmark_group("whole table: wpp2024 all locations 1950-2023");
    g.sample_size(20);
    g.bench_function("cnmr_table", |b| {
        b.iter(|| rates::cnmr_table(&x.wpp, &years_wpp).unwrap())
    });
    g.bench_function("balancing_table", |b| {
        b.iter(|| balancing::balancing_table(&x.wpp, &years_wpp).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("whole table: ims2024 origin x destination");
    g.sample_size(20);
    g.bench_function("OdStocks::from_tidy (3 sexes)", |b| {
        b.iter(|| OdStocks::from_tidy(&x.bilateral).unwrap())
    });
    let tables = OdStocks::from_tidy(&x.bilateral).unwrap();
    let total = &tables[0].1;
    let years = total.years().to_vec();
    g.bench_function("area_stocks, immigrants, all destinations", |b| {
        b.iter(|| {
            total
                .area_stocks(StockKind::Immigrant, &x.destinations)
                .unwrap()
        })
    });
    g.bench_function(
        "top_partners, top-10 destinations, all origins x years",
        |b| {
            b.iter(|| {
                total
                    .top_partners(Partners::Destinations, &years, 10)
                    .unwrap()
            })
        },
    );
    g.bench_function("flows 2015-2020, all pairs, both variants", |b| {
        b.iter(|| {
            total
                .flows((2015, 2020), &x.origins, &x.destinations)
                .unwrap()
        })
    });
    g.bench_function("exchange 2015-2020, all countries", |b| {
        b.iter(|| black_box(total.exchange((2015, 2020)).unwrap()).effectiveness_index())
    });
    g.finish();
}

criterion_group!(
    benches,
    pure_functions,
    frame_measures,
    whole_table_measures
);
criterion_main!(benches);
