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
//! Every workload goes through miglab's own importers and its whole-table measures, as a
//! program using the library would: A reads the bilateral CSVs with
//! `sources::un_desa_ims::read_bilateral_csv` into `measures::matrix::OdStocks` (one per sex)
//! and computes stocks, growth, shares, top-10 destinations and stock-difference flows of every
//! pair; B imports the WPP wide files with `sources::un_wpp` and runs `rates::cnmr_table` and
//! `balancing::balancing_table` over every location; C reads the synthetic table with polars
//! into an `OdStocks` of 2,000 regions and computes exchanges, effectiveness and top-10
//! destinations. Results are written with polars' CSV writer. `MIGLAB_BENCH_STEPS=1` prints the
//! time of each step to stderr.
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
use miglab::measures::matrix::{self, OdStocks};
use miglab::measures::stocks::{Partners, StockKind};
use miglab::measures::{balancing, country_year_columns, rates};
use miglab::sources::{un_desa_ims, un_wpp};
use miglab::tidy::{col, Sex, TidyBuilder};

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

/// Output columns and their types (the same in every part, so that parts concatenate).
const COLUMNS: [(&str, DataType); 9] = [
    ("measure", DataType::String),
    ("country", DataType::String),
    ("origin", DataType::String),
    ("destination", DataType::String),
    ("sex", DataType::String),
    ("year", DataType::Int32),
    ("period", DataType::String),
    ("rank", DataType::UInt32),
    ("value", DataType::Float64),
];

/// What an output column holds: one of the frame's columns, one text in every row, or nothing.
#[derive(Clone)]
enum Val<'a> {
    Col(&'a str),
    Text(String),
    Null,
}

fn c(name: &str) -> Val<'_> {
    Val::Col(name)
}

fn text(value: &str) -> Val<'static> {
    Val::Text(value.to_string())
}

/// Every quantity of a catalogue measure, in the catalogue's order, as parts of the output.
fn measure_parts(
    df: &DataFrame,
    measure: &str,
    keys: &dyn Fn(&'static str) -> Vec<(&'static str, Val<'static>)>,
) -> Result<Vec<DataFrame>> {
    let measure = miglab::catalogue::measure(measure).context("measure in the catalogue")?;
    measure
        .quantities
        .iter()
        .map(|q| part(df, q, &keys(q)))
        .collect()
}

/// One measure of a result frame in the long output layout: `set` gives the output columns it
/// has (from `df`'s columns), the others are empty.
fn part(df: &DataFrame, measure: &str, set: &[(&str, Val)]) -> Result<DataFrame> {
    let n = df.height();
    let columns = COLUMNS
        .iter()
        .map(|(name, dtype)| {
            let val = match set.iter().find(|(n, _)| n == name) {
                Some((_, v)) => v.clone(),
                None if *name == "measure" => text(measure),
                None => Val::Null,
            };
            let column = match val {
                Val::Col(from) => df.column(from)?.cast(dtype)?,
                Val::Text(t) => StringChunked::full(PlSmallStr::EMPTY, &t, n).into_column(),
                Val::Null => Column::full_null(PlSmallStr::EMPTY, n, dtype),
            };
            Ok(column.with_name((*name).into()))
        })
        .collect::<Result<Vec<Column>>>()?;
    Ok(DataFrame::new(n, columns)?)
}

/// The columns `(name, shown as)` of `df` in this order.
fn pick(df: &DataFrame, columns: &[(&str, &str)]) -> Result<Vec<Column>> {
    columns
        .iter()
        .map(|&(name, shown)| Ok(df.column(name)?.clone().with_name(shown.into())))
        .collect()
}

/// Result files being written: each in a thread of its own (polars' CSV writer gains little
/// from its own threads on small frames), while the next results are computed.
#[derive(Default)]
struct Outputs(Vec<std::thread::JoinHandle<Result<()>>>);

impl Outputs {
    /// Writes the parts, one after the other, as one CSV file.
    fn write(&mut self, path: &Path, parts: Vec<DataFrame>) -> Result<()> {
        let mut parts = parts.into_iter();
        let Some(mut df) = parts.next() else {
            bail!("no results for {}", path.display());
        };
        for p in parts {
            df.vstack_mut_owned(p)?;
        }
        df.rechunk_mut_par();
        let path = path.to_path_buf();
        self.0.push(std::thread::spawn(move || {
            let mut file = BufWriter::with_capacity(1 << 20, File::create(&path)?);
            CsvWriter::new(&mut file).finish(&mut df)?;
            file.flush()?;
            Ok(())
        }));
        Ok(())
    }

    /// Waits for every file.
    fn finish(self) -> Result<()> {
        for handle in self.0 {
            match handle.join() {
                Ok(result) => result?,
                Err(_) => bail!("a thread writing results failed"),
            }
        }
        Ok(())
    }
}

/// Workload A: both IMS editions, whole world, through [`matrix::OdStocks`].
fn workload_a(ims24: &Path, ims20: &Path, pop: &Path, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out)?;
    let mut steps = Steps::new();
    // Mid-year population (WPP 2024, in IOM's long table) for the stock share of both editions:
    // the bilateral CSVs carry no population.
    let mut b = TidyBuilder::new("population");
    un_wpp::import_population_long(pop, &mut b)?;
    let population = b.finish()?;
    let population = DataFrame::new(
        population.height(),
        pick(
            &population,
            &[
                (col::COUNTRY, "area"),
                (col::YEAR, "year"),
                (col::VALUE, "population"),
            ],
        )?,
    )?;
    steps.done("population");
    let mut outputs = Outputs::default();
    for (name, path) in [("ims2024", ims24), ("ims2020", ims20)] {
        let table = un_desa_ims::read_bilateral_csv(path)
            .with_context(|| format!("importing {}", path.display()))?;
        let t = |n: &str| table.column(n);
        let by_sex = OdStocks::by_group(
            t("origin")?,
            t("destination")?,
            t("year")?,
            t("stock")?,
            t("sex")?,
        )?;
        let sex_table = |s: &str| by_sex.iter().find(|(g, _)| g == s).map(|(_, t)| t);
        let (Some(female), Some(male)) = (sex_table("female"), sex_table("male")) else {
            bail!("{}: no female or no male rows", path.display());
        };
        let total = OdStocks::both_sexes(female, male)?;
        let tables = [
            (Sex::Total, &total),
            (Sex::Female, female),
            (Sex::Male, male),
        ];
        steps.done(&format!("{name}: import"));
        // every origin and destination of the edition (any sex), and its years
        let side = |kind: StockKind| -> Vec<String> {
            let set: BTreeSet<String> = tables.iter().flat_map(|(_, t)| t.side(kind)).collect();
            set.into_iter().collect()
        };
        let (origins, destinations) = (side(StockKind::Emigrant), side(StockKind::Immigrant));
        let years = total.years().to_vec();
        let periods: Vec<(i32, i32)> = years.windows(2).map(|w| (w[0], w[1])).collect();
        let file = |table: &str| out.join(format!("{name}_{table}.csv"));

        // Stock-difference flows for all origin x destination pairs, every consecutive period
        // (first: the largest file is then written while the rest is computed).
        let mut parts = Vec::new();
        for &period in &periods {
            let flows = total.flows(period, &origins, &destinations)?;
            let label = Val::Text(format!("{}-{}", period.0, period.1));
            for measure in ["flow_zero", "flow_return"] {
                parts.push(part(
                    &flows,
                    measure,
                    &[
                        ("origin", c("origin")),
                        ("destination", c("destination")),
                        ("sex", text(Sex::Total.as_str())),
                        ("period", label.clone()),
                        ("value", c(measure)),
                    ],
                )?);
            }
        }
        outputs.write(&file("stock_difference"), parts)?;
        steps.done("stock difference");

        // Immigrant and emigrant stock of every country, by sex and year; their growth.
        let mut stock_parts = Vec::new();
        let mut growth_parts = [Vec::new(), Vec::new()];
        let mut immigrant_total = None;
        for (sex, table) in tables {
            let is_total = sex == Sex::Total;
            for (k, (measure, kind, areas)) in [
                ("immigrant_stock", StockKind::Immigrant, &destinations),
                ("emigrant_stock", StockKind::Emigrant, &origins),
            ]
            .into_iter()
            .enumerate()
            {
                let stocks = table.area_stocks(kind, areas)?;
                let sex = text(sex.as_str());
                stock_parts.push(part(
                    &stocks,
                    measure,
                    &[
                        ("country", c("area")),
                        ("sex", sex.clone()),
                        ("year", c("year")),
                        ("value", c("stock")),
                    ],
                )?);
                let growth = matrix::area_growth(&stocks)?;
                for (measure, value) in [
                    ("stock_start", "stock_start"),
                    ("stock_end", "stock_end"),
                    ("annual_rate", "annual_rate"),
                ] {
                    growth_parts[k].push(part(
                        &growth,
                        measure,
                        &[
                            ("country", c("area")),
                            ("sex", sex.clone()),
                            ("period", c("period")),
                            ("value", c(value)),
                        ],
                    )?);
                }
                if k == 0 && is_total {
                    immigrant_total = Some(stocks);
                }
            }
        }
        outputs.write(&file("stocks"), stock_parts)?;
        let [immigrant_growth, emigrant_growth] = growth_parts;
        outputs.write(&file("growth_immigrant"), immigrant_growth)?;
        outputs.write(&file("growth_emigrant"), emigrant_growth)?;
        steps.done("stocks and growth");

        // Immigrant stock as % of population (rates::percent).
        let Some(immigrants) = immigrant_total else {
            bail!("no immigrant stocks");
        };
        let share = immigrants.join(
            &population,
            ["area", "year"],
            ["area", "year"],
            JoinArgs::new(JoinType::Left),
            None,
        )?;
        let share_of_population: Float64Chunked = share
            .column("stock")?
            .f64()?
            .iter()
            .zip(share.column("population")?.f64()?.iter())
            .map(|(s, p)| rates::percent(s?, p?))
            .collect();
        let mut share = share;
        share.with_column(share_of_population.into_column().with_name("share".into()))?;
        let keys = |v: Val<'static>| {
            vec![
                ("country", c("area")),
                ("sex", text(Sex::Total.as_str())),
                ("year", c("year")),
                ("value", v),
            ]
        };
        outputs.write(
            &file("stock_share"),
            vec![
                part(&share, "immigrant_stock", &keys(c("stock")))?,
                part(&share, "population", &keys(c("population")))?,
                part(&share, "stock_share", &keys(c("share")))?,
                // IMS bilateral CSVs publish no share to compare with
                part(&share, "stock_share_un", &keys(Val::Null))?,
            ],
        )?;
        steps.done("stock share");

        // Top-10 destinations of every origin, by sex and year, and every origin's total.
        let mut parts = Vec::new();
        for (sex, table) in tables {
            let top = table.top_partners(Partners::Destinations, table.years(), 10)?;
            let sex = text(sex.as_str());
            let ranked = |v: Val<'static>| {
                vec![
                    ("origin", c("area")),
                    ("destination", c("partner")),
                    ("sex", sex.clone()),
                    ("year", c("year")),
                    ("rank", c("rank")),
                    ("value", v),
                ]
            };
            parts.push(part(&top, "migrant_stock", &ranked(c("stock")))?);
            parts.push(part(&top, "share_of_total", &ranked(c("share_of_total")))?);
            // one TOTAL per origin and year: all origins x years, missing where none
            let grid = origin_year_grid(&origins, &years)?;
            let first = top.column("rank")?.cast(&DataType::UInt32)?.u32()?.equal(1);
            let first = top.filter(&first)?.select(["area", "year", "total"])?;
            let totals = grid.join(
                &first,
                ["area", "year"],
                ["area", "year"],
                JoinArgs::new(JoinType::Left),
                None,
            )?;
            let total_keys = |v: Val<'static>| {
                vec![
                    ("origin", c("area")),
                    ("destination", text("TOTAL")),
                    ("sex", sex.clone()),
                    ("year", c("year")),
                    ("value", v),
                ]
            };
            parts.push(part(&totals, "migrant_stock", &total_keys(c("total")))?);
            let with_total = totals.filter(&totals.column("total")?.is_not_null())?;
            let hundred: Float64Chunked = with_total
                .column("total")?
                .f64()?
                .iter()
                .map(|t| rates::percent(t?, t?))
                .collect();
            let mut with_total = with_total;
            with_total.with_column(hundred.into_column().with_name("share".into()))?;
            parts.push(part(
                &with_total,
                "share_of_total",
                &total_keys(c("share")),
            )?);
        }
        outputs.write(&file("top10"), parts)?;
        steps.done("top-10 destinations");
    }
    outputs.finish()?;
    steps.done("files written");
    Ok(())
}

/// Every area x year, as the frame to which per-year results are joined.
fn origin_year_grid(areas: &[String], years: &[i32]) -> Result<DataFrame> {
    let area: Vec<&str> = areas
        .iter()
        .flat_map(|a| years.iter().map(move |_| a.as_str()))
        .collect();
    let year: Vec<i32> = areas.iter().flat_map(|_| years.iter().copied()).collect();
    Ok(DataFrame::new(
        area.len(),
        vec![
            Column::new("area".into(), area),
            Column::new("year".into(), year),
        ],
    )?)
}

/// Workload B: WPP 2024, all 297 locations, 1950-2023: CNMR recomputed and the balancing
/// equation, through the whole-table measures (`rates::cnmr_table`, `balancing::balancing_table`).
fn workload_b(wpp: &Path, pop: &Path, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out)?;
    let mut steps = Steps::new();
    let crosswalk = Crosswalk::embedded()?;
    steps.done("crosswalk");
    let files = [
        ("migration.txt", un_wpp::NET_MIGRANTS),
        ("cnmr.txt", un_wpp::CNMR),
        ("births.txt", un_wpp::BIRTHS),
        ("deaths.txt", un_wpp::DEATHS),
        ("cbr.txt", un_wpp::CBR),
        ("PopChange.txt", un_wpp::POP_CHANGE),
    ]
    .map(|(file, spec)| (wpp.join(file), spec));
    let reads: Vec<un_wpp::WideFile> = files
        .iter()
        .map(|(path, spec)| (path.as_path(), *spec, 1950..=2023))
        .collect();
    // the population table is read while the wide files are (they read in parallel too)
    let mut b = TidyBuilder::new("wpp2024");
    let population = std::thread::scope(|scope| {
        let population = scope.spawn(|| -> miglab::error::Result<TidyBuilder> {
            let mut p = TidyBuilder::new("wpp2024");
            un_wpp::import_population_long(pop, &mut p)?;
            Ok(p)
        });
        un_wpp::read_wide_files(&reads, crosswalk, &mut b)?;
        match population.join() {
            Ok(p) => Ok(p?),
            Err(_) => bail!("reading the population table failed"),
        }
    })?;
    b.append(population)?;
    steps.done("import wide files and population");
    let df = b.finish()?;
    steps.done("tidy frame");
    let years: Vec<i32> = (1950..=2023).collect();
    let keys = |v: &'static str| {
        vec![
            ("country", c(col::COUNTRY)),
            ("sex", text(Sex::Total.as_str())),
            ("year", c(col::YEAR)),
            ("value", c(v)),
        ]
    };
    // the indicators of both measures side by side, aligned once
    let inputs: BTreeSet<&str> = rates::CNMR_INPUTS
        .iter()
        .chain(&balancing::BALANCING_INPUTS)
        .copied()
        .collect();
    let inputs: Vec<&str> = inputs.into_iter().collect();
    let columns = country_year_columns(&df, "net_migrants", &inputs, &years)?;
    steps.done("indicators side by side");
    let mut outputs = Outputs::default();
    let table = rates::cnmr_of_columns(columns.clone())?;
    let parts = measure_parts(&table, "cnmr", &keys)?;
    outputs.write(&out.join("wpp_cnmr.csv"), parts)?;
    steps.done("cnmr");
    let table = balancing::balancing_of_columns(columns)?;
    let parts = measure_parts(&table, "balancing", &keys)?;
    outputs.write(&out.join("wpp_balancing.csv"), parts)?;
    steps.done("balancing");
    outputs.finish()?;
    steps.done("files written");
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
        // OdStocks reads chunk by chunk: copying 400 MB into one chunk would only cost time
        .with_rechunk(false)
        .try_into_reader_with_file_path(Some(path.to_path_buf()))?
        .finish()?;
    steps.done("read csv");
    let l = |n: &str| long.column(n);
    let table = OdStocks::from_columns(l("origin")?, l("destination")?, l("year")?, l("stock")?)?;
    drop(long);
    steps.done("origin x destination table");

    // Per period: in/out/net/turnover and effectiveness of every region (flows::net,
    // flows::effectiveness) and the aggregate index of the system.
    let years = table.years().to_vec();
    let (mut regions, mut set) = (Vec::new(), Vec::new());
    let (mut set_period, mut set_turnover, mut set_index) = (Vec::new(), Vec::new(), Vec::new());
    for w in years.windows(2) {
        let exchange = table.exchange((w[0], w[1]))?;
        let label = format!("{}-{}", w[0], w[1]);
        let frame = exchange.frame()?;
        let mut columns =
            vec![StringChunked::full("period".into(), &label, frame.height()).into_column()];
        columns.extend(pick(
            &frame,
            &[
                ("area", "region"),
                ("in", "in"),
                ("out", "out"),
                ("net", "net"),
                ("turnover", "turnover"),
                ("effectiveness", "effectiveness"),
            ],
        )?);
        regions.push(DataFrame::new(frame.height(), columns)?);
        set_period.push(label);
        set_turnover.push(exchange.turnover());
        set_index.push(exchange.effectiveness_index());
    }
    set.push(DataFrame::new(
        set_period.len(),
        vec![
            Column::new("period".into(), set_period),
            Column::new("turnover".into(), set_turnover),
            Column::new("effectiveness".into(), set_index),
        ],
    )?);
    let mut outputs = Outputs::default();
    outputs.write(&out.join("c_regions.csv"), regions)?;
    outputs.write(&out.join("c_set.csv"), set)?;
    steps.done("flows, in/out/net/turnover, effectiveness");

    // Top-10 destinations of every origin in every year, with their share of its total.
    let top = table.top_partners(Partners::Destinations, &years, 10)?;
    outputs.write(
        &out.join("c_top10.csv"),
        vec![DataFrame::new(
            top.height(),
            pick(
                &top,
                &[
                    ("area", "origin"),
                    ("year", "year"),
                    ("rank", "rank"),
                    ("partner", "destination"),
                    ("stock", "stock"),
                    ("share_of_total", "share_of_total"),
                ],
            )?,
        )?],
    )?;
    outputs.finish()?;
    steps.done("top-10 destinations");
    Ok(())
}
