//! The miglab side of the comparison harness (`benches/compare/run.sh`): workloads A, B and C of
//! the performance issue, reading the published files directly and writing CSV result files that
//! the harness compares with the pandas scripts' (`benches/compare/workload_*.py`).
//!
//! ```text
//! bench_workloads a <ims2024.csv> <ims2020.csv> <wdi_and_wpp2024_pop.csv> <out-dir>
//! bench_workloads b <un_wpp2024-dir> <wdi_and_wpp2024_pop.csv> <out-dir>
//! bench_workloads gen-c <file.csv>       # the deterministic synthetic 2,000 x 2,000 x 5 table
//! bench_workloads c <file.csv> <out-dir>
//! ```
//!
//! A and B go through miglab's own importers (`sources::un_desa_ims`, `sources::un_wpp`) and
//! measures (`measures::stocks`, `flows`, `rates`, `balancing`), as a program using the library
//! would. C has no frame-level miglab API at that scale (the measures index cells one by one), so
//! it is a polars query: the "zero" stock-difference flow max(S2 - S1, 0) as an expression, and
//! miglab's `flows::net`, `effectiveness`, `effectiveness_index` and `rates::percent` on the
//! per-region sums. `MIGLAB_BENCH_STEPS=1` prints the time of each step to stderr.
//!
//! Result files have the columns `measure,country,origin,destination,sex,year,period,rank,value`
//! (notes and sources are left out: the pandas scripts do not reproduce miglab's wording).

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use polars::prelude::*;

use miglab::countries::Crosswalk;
use miglab::measures::stocks::{self, Partners, StockKind, Subject};
use miglab::measures::{balancing, flows, prefilter, rates, Area, MeasureRow, Source};
use miglab::sources::{un_desa_ims, un_wpp};
use miglab::tidy::{col, Sex, TidyBuilder};

const HEADER: &str = "measure,country,origin,destination,sex,year,period,rank,value\n";
const SEXES: [Sex; 3] = [Sex::Total, Sex::Female, Sex::Male];

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    match a.as_slice() {
        ["a", ims24, ims20, pop, out] => workload_a(
            Path::new(ims24),
            Path::new(ims20),
            Path::new(pop),
            Path::new(out),
        ),
        ["b", wpp, pop, out] => workload_b(Path::new(wpp), Path::new(pop), Path::new(out)),
        ["gen-c", path] => generate_c(Path::new(path)),
        ["c", path, out] => workload_c(Path::new(path), Path::new(out)),
        _ => bail!("usage: bench_workloads a|b|gen-c|c ... (see the source)"),
    }
}

/// With `MIGLAB_BENCH_STEPS=1`, prints the time of each step to stderr (for profiling).
struct Steps(Option<std::time::Instant>);

impl Steps {
    fn new() -> Steps {
        Steps(std::env::var_os("MIGLAB_BENCH_STEPS").map(|_| std::time::Instant::now()))
    }

    fn done(&mut self, what: &str) {
        if let Some(t) = self.0.as_mut() {
            eprintln!("{:>8.3} s  {what}", t.elapsed().as_secs_f64());
            *t = std::time::Instant::now();
        }
    }
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

/// Writes measure rows as CSV (the columns of [`HEADER`]).
fn write_rows(path: &Path, rows: &[MeasureRow]) -> Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path)?);
    w.write_all(HEADER.as_bytes())?;
    for r in rows {
        write!(
            w,
            "{},{},{},{},{},",
            r.measure,
            opt(&r.country),
            opt(&r.origin),
            opt(&r.destination),
            r.sex.as_str()
        )?;
        if let Some(y) = r.year {
            write!(w, "{y}")?;
        }
        write!(w, ",{},", opt(&r.period))?;
        if let Some(k) = r.rank {
            write!(w, "{k}")?;
        }
        w.write_all(b",")?;
        if let Some(v) = r.value {
            write!(w, "{v}")?;
        }
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}

/// Distinct non-null strings of a column, sorted.
fn distinct(df: &DataFrame, column: &str) -> Result<Vec<String>> {
    let set: BTreeSet<&str> = df.column(column)?.str()?.iter().flatten().collect();
    Ok(set.into_iter().map(str::to_string).collect())
}

fn distinct_years(df: &DataFrame) -> Result<Vec<i32>> {
    let set: BTreeSet<i32> = df.column(col::YEAR)?.i32()?.iter().flatten().collect();
    Ok(set.into_iter().collect())
}

fn areas(codes: &[String]) -> Vec<Area> {
    codes.iter().map(|c| Area::country(c)).collect()
}

fn source(dataset: &str, edition: &str) -> Source {
    Source {
        dataset: dataset.to_string(),
        source: "benchmark input".to_string(),
        edition: edition.to_string(),
    }
}

/// Workload A: both IMS editions, whole world.
fn workload_a(ims24: &Path, ims20: &Path, pop: &Path, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out)?;
    let mut steps = Steps::new();
    for (name, edition, path) in [("ims2024", "2024", ims24), ("ims2020", "2020", ims20)] {
        let mut b = TidyBuilder::new(name);
        un_desa_ims::import_bilateral_csv(path, true, &mut b)
            .with_context(|| format!("importing {}", path.display()))?;
        // Mid-year population (WPP 2024, in IOM's long table) for the stock share of both
        // editions: the bilateral CSVs carry no population.
        un_wpp::import_population_long(pop, &mut b)?;
        let df = b.finish()?;
        steps.done(&format!("{name}: import"));
        let src = source(name, edition);
        let bilateral = prefilter(&df, &[un_desa_ims::MIGRANT_STOCK], col::ORIGIN, None)?;
        let origins = distinct(&bilateral, col::ORIGIN)?;
        let destinations = distinct(&bilateral, col::DESTINATION)?;
        let years = distinct_years(&bilateral)?;
        let periods: Vec<(i32, i32)> = years.windows(2).map(|w| (w[0], w[1])).collect();
        let file = |table: &str| out.join(format!("{name}_{table}.csv"));

        // Immigrant and emigrant stock of every country, by sex and year.
        let totals = prefilter(
            &df,
            &["immigrant_stock", "emigrant_stock"],
            col::COUNTRY,
            None,
        )?;
        let mut rows = stocks::stock(
            &totals,
            &src,
            StockKind::Immigrant,
            &areas(&destinations),
            &years,
            &SEXES,
        )?;
        rows.extend(stocks::stock(
            &totals,
            &src,
            StockKind::Emigrant,
            &areas(&origins),
            &years,
            &SEXES,
        )?);
        write_rows(&file("stocks"), &rows)?;
        steps.done("stocks");

        // Immigrant stock as % of population.
        let share_frame = prefilter(
            &df,
            &[
                "immigrant_stock",
                "population",
                "immigrant_share_of_population",
            ],
            col::COUNTRY,
            None,
        )?;
        let rows = stocks::stock_share(&share_frame, &src, &areas(&destinations), &years)?;
        write_rows(&file("stock_share"), &rows)?;
        steps.done("stock share");

        // Top-10 destinations of every origin, by sex and year.
        let rows = stocks::top_partners(
            &bilateral,
            &src,
            Partners::Destinations,
            &areas(&origins),
            &years,
            &SEXES,
            10,
        )?;
        write_rows(&file("top10"), &rows)?;
        steps.done("top-10 destinations");

        // Annual rate of change between consecutive years (immigrant and emigrant stocks).
        for (table, kind, codes) in [
            ("growth_immigrant", StockKind::Immigrant, &destinations),
            ("growth_emigrant", StockKind::Emigrant, &origins),
        ] {
            let subjects: Vec<Subject> = codes
                .iter()
                .map(|c| Subject::Country(kind, Area::country(c)))
                .collect();
            let rows = stocks::period_change(&totals, &src, &subjects, &periods, &SEXES, true)?;
            write_rows(&file(table), &rows)?;
        }
        steps.done("growth");

        // Stock-difference flows for all origin x destination pairs, every consecutive period.
        let both_sexes = bilateral
            .clone()
            .lazy()
            .filter(polars::prelude::col(col::SEX).eq(lit(Sex::Total.as_str())))
            .collect()?;
        let mut rows = Vec::new();
        for &(t1, t2) in &periods {
            let f = both_sexes
                .clone()
                .lazy()
                .filter(
                    polars::prelude::col(col::YEAR)
                        .eq(lit(t1))
                        .or(polars::prelude::col(col::YEAR).eq(lit(t2))),
                )
                .collect()?;
            rows.extend(flows::stock_difference(
                &f,
                &src,
                &origins,
                &destinations,
                (t1, t2),
                &[flows::Variant::Zero, flows::Variant::Return],
            )?);
        }
        write_rows(&file("stock_difference"), &rows)?;
        steps.done("stock difference");
    }
    Ok(())
}

/// Workload B: WPP 2024, all 297 locations, 1950-2023: CNMR recomputed and the balancing
/// equation.
fn workload_b(wpp: &Path, pop: &Path, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out)?;
    let mut steps = Steps::new();
    let crosswalk = Crosswalk::embedded()?;
    let mut b = TidyBuilder::new("wpp2024");
    for (file, spec) in [
        ("migration.txt", un_wpp::NET_MIGRANTS),
        ("cnmr.txt", un_wpp::CNMR),
        ("births.txt", un_wpp::BIRTHS),
        ("deaths.txt", un_wpp::DEATHS),
        ("cbr.txt", un_wpp::CBR),
        ("PopChange.txt", un_wpp::POP_CHANGE),
    ] {
        un_wpp::read_wide(&wpp.join(file), &spec, crosswalk, 1950..=2023, &mut b)?;
    }
    un_wpp::import_population_long(pop, &mut b)?;
    let df = b.finish()?;
    steps.done("import");
    let src = source("wpp2024", "2024");
    let locations = prefilter(&df, &["net_migrants"], col::COUNTRY, None)?;
    let codes = distinct(&locations, col::COUNTRY)?;
    let years: Vec<i32> = (1950..=2023).collect();
    let areas = areas(&codes);
    write_rows(
        &out.join("wpp_cnmr.csv"),
        &rates::cnmr(&df, &src, &areas, &years)?,
    )?;
    steps.done("cnmr");
    write_rows(
        &out.join("wpp_balancing.csv"),
        &balancing::balancing(&df, &src, &areas, &years)?,
    )?;
    steps.done("balancing");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Workload C: synthetic sub-national origin x destination table.

const REGIONS: u32 = 2_000;
const C_YEARS: [i32; 5] = [2000, 2005, 2010, 2015, 2020];

/// splitmix64: a small deterministic generator (same file on every machine).
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Writes `origin,destination,year,stock`: 2,000 x 2,000 regions x 5 years = 20 million rows
/// (self-pairs included with stock 0), integer persons, deterministic.
fn generate_c(path: &Path) -> Result<()> {
    let tmp = PathBuf::from(format!("{}.part", path.display()));
    let mut w = BufWriter::with_capacity(1 << 22, File::create(&tmp)?);
    w.write_all(b"origin,destination,year,stock\n")?;
    let mut state = 20_261_129u64;
    let mut line = String::with_capacity(64);
    for o in 0..REGIONS {
        for d in 0..REGIONS {
            // a pair size (heavy-tailed) and a trend, so that flows go both ways
            let size = (splitmix(&mut state) % 1000) as i64;
            let size = size * size / 10;
            let trend = (splitmix(&mut state) % 41) as i64 - 20;
            for (k, year) in C_YEARS.iter().enumerate() {
                let noise = (splitmix(&mut state) % 101) as i64 - 50;
                let stock = if o == d {
                    0
                } else {
                    (size + trend * size / 100 * k as i64 + noise).max(0)
                };
                line.clear();
                use std::fmt::Write as _;
                writeln!(line, "{o},{d},{year},{stock}")?;
                w.write_all(line.as_bytes())?;
            }
        }
    }
    w.flush()?;
    drop(w);
    std::fs::rename(&tmp, path)?;
    Ok(())
}

fn workload_c(path: &Path, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out)?;
    let mut steps = Steps::new();
    let schema = Schema::from_iter([
        Field::new("origin".into(), DataType::Int32),
        Field::new("destination".into(), DataType::Int32),
        Field::new("year".into(), DataType::Int32),
        Field::new("stock".into(), DataType::Float64),
    ]);
    let long = CsvReadOptions::default()
        .with_has_header(true)
        .with_schema(Some(Arc::new(schema)))
        .try_into_reader_with_file_path(Some(path.to_path_buf()))?
        .finish()?;
    steps.done("read csv");
    let years = distinct_years(&long)?;
    let (origin, destination, stock) = (
        || polars::prelude::col("origin"),
        || polars::prelude::col("destination"),
        || polars::prelude::col("stock"),
    );

    let year = || polars::prelude::col("year");
    // One Int64 key per pair: a single-column hash join is much cheaper than a two-column one.
    let pair_key = (origin().cast(DataType::Int64) * lit(1i64 << 32)
        + destination().cast(DataType::Int64))
    .alias("pair");
    let pair = || polars::prelude::col("pair");

    let mut regions = BufWriter::new(File::create(out.join("c_regions.csv"))?);
    regions.write_all(b"period,region,in,out,net,turnover,effectiveness\n")?;
    let mut set = BufWriter::new(File::create(out.join("c_set.csv"))?);
    set.write_all(b"period,turnover,effectiveness\n")?;
    for w in years.windows(2) {
        let (t1, t2) = (w[0], w[1]);
        // the stocks of both years side by side (a hash join per period keeps memory bounded:
        // one period of pairs at a time)
        let at = |t: i32| {
            long.clone()
                .lazy()
                .filter(year().eq(lit(t)).and(origin().neq(destination())))
        };
        // flow_zero = max(S2 - S1, 0), missing when a stock is missing
        let diff = polars::prelude::col("s2") - polars::prelude::col("s1");
        let flow = when(diff.clone().lt(lit(0.0)))
            .then(lit(0.0))
            .otherwise(diff);
        let pairs = at(t1)
            .select([
                pair_key.clone(),
                origin(),
                destination(),
                stock().alias("s1"),
            ])
            .join(
                at(t2).select([pair_key.clone(), stock().alias("s2")]),
                [pair()],
                [pair()],
                JoinArgs::new(JoinType::Inner),
            )
            .select([origin(), destination(), flow.alias("flow")])
            .collect()?;
        let outs = pairs
            .clone()
            .lazy()
            .group_by([origin()])
            .agg([polars::prelude::col("flow").sum().alias("out")])
            .rename(["origin"], ["region"], true);
        let ins = pairs
            .lazy()
            .group_by([destination()])
            .agg([polars::prelude::col("flow").sum().alias("in")])
            .rename(["destination"], ["region"], true);
        let per_region = ins
            .join(
                outs,
                [polars::prelude::col("region")],
                [polars::prelude::col("region")],
                JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
            )
            .sort(["region"], SortMultipleOptions::default())
            .collect()?;
        let region = per_region.column("region")?.i32()?;
        let ins = per_region.column("in")?.f64()?;
        let outs = per_region.column("out")?.f64()?;
        let (mut all_in, mut all_out) = (Vec::new(), Vec::new());
        for i in 0..per_region.height() {
            let (r, fi, fo) = (
                region.get(i).unwrap_or_default(),
                ins.get(i).unwrap_or(0.0),
                outs.get(i).unwrap_or(0.0),
            );
            all_in.push(fi);
            all_out.push(fo);
            write!(
                regions,
                "{t1}-{t2},{r},{fi},{fo},{},{},",
                flows::net(fi, fo),
                fi + fo
            )?;
            if let Some(e) = flows::effectiveness(fi, fo) {
                write!(regions, "{e}")?;
            }
            regions.write_all(b"\n")?;
        }
        let turnover: f64 = all_in.iter().sum::<f64>() + all_out.iter().sum::<f64>();
        write!(set, "{t1}-{t2},{turnover},")?;
        if let Some(e) = flows::effectiveness_index(&all_in, &all_out) {
            write!(set, "{e}")?;
        }
        set.write_all(b"\n")?;
    }
    regions.flush()?;
    set.flush()?;
    steps.done("flows, in/out/net/turnover, effectiveness");

    // Top-10 destinations of every origin in every year: stock descending, then destination
    // ascending, as one integer sort key (stocks are whole persons below 2^32, region numbers
    // below 2^20): key = stock * 2^20 + (2^20 - 1 - destination).
    const SHIFT: i64 = 1 << 20;
    let key = (stock().cast(DataType::Int64) * lit(SHIFT) + lit(SHIFT - 1)
        - destination().cast(DataType::Int64))
    .alias("key");
    let group = (origin().cast(DataType::Int64) * lit(1i64 << 16) + year().cast(DataType::Int64))
        .alias("group");
    let top =
        long.lazy()
            .filter(origin().neq(destination()))
            .select([origin(), year(), stock(), key, group])
            .group_by([polars::prelude::col("group")])
            .agg([
                origin().first(),
                year().first(),
                stock().sum().alias("total"),
                polars::prelude::col("key")
                    .sort(SortOptions::default().with_order_descending(true))
                    .head(Some(10)),
            ])
            .explode(
                by_name(["key"], true, false),
                ExplodeOptions {
                    empty_as_null: true,
                    keep_nulls: true,
                },
            )
            // q = floor(key / 2^20): exact in f64 (key < 2^53), truncation = floor (key >= 0)
            .with_columns([(polars::prelude::col("key").cast(DataType::Float64)
                / lit(SHIFT as f64))
            .cast(DataType::Int64)
            .alias("q")])
            .with_columns([
                (lit(SHIFT - 1)
                    - (polars::prelude::col("key") - polars::prelude::col("q") * lit(SHIFT)))
                .cast(DataType::Int32)
                .alias("destination"),
                polars::prelude::col("q")
                    .cast(DataType::Float64)
                    .alias("stock"),
            ])
            .sort(
                ["origin", "year", "key"],
                SortMultipleOptions::default().with_order_descending_multi([false, false, true]),
            )
            .collect()?;
    steps.done("top-10 destinations");

    let mut w = BufWriter::new(File::create(out.join("c_top10.csv"))?);
    w.write_all(b"origin,year,rank,destination,stock,share_of_total\n")?;
    let o = top.column("origin")?.i32()?;
    let y = top.column("year")?.i32()?;
    let d = top.column("destination")?.i32()?;
    let s = top.column("stock")?.f64()?;
    let t = top.column("total")?.f64()?;
    let mut rank = 0;
    let mut last = None;
    for i in 0..top.height() {
        let key = (o.get(i), y.get(i));
        rank = if last == Some(key) { rank + 1 } else { 1 };
        last = Some(key);
        let (sv, tv) = (s.get(i).unwrap_or(f64::NAN), t.get(i).unwrap_or(f64::NAN));
        write!(
            w,
            "{},{},{rank},{},{sv},",
            key.0.unwrap_or_default(),
            key.1.unwrap_or_default(),
            d.get(i).unwrap_or_default()
        )?;
        if let Some(p) = rates::percent(sv, tv) {
            write!(w, "{p}")?;
        }
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}
