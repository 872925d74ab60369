//! Whole origin x destination tables of migrant stocks: the one engine of every bilateral
//! measure.
//!
//! [`OdStocks`] holds one bilateral stock table (origin x destination x year, one sex) with the
//! codes turned into dense integer ids and each year's stocks as a list sorted by pair, so that
//! sums, stock differences (merge joins of two years), exchanges and rankings are linear passes.
//! Two kinds of callers use it: the frame methods answer for a whole table at once (a newsroom
//! checking every country, sub-national regions) and return polars frames; the row measures of
//! [`stocks`](super::stocks) and [`flows`](super::flows) build a table from the few countries a
//! reader asks about and label each value as a [`MeasureRow`](super::MeasureRow). Both read the
//! same sums ([`PairSum`]), stock changes ([`OdStocks::pair_changes`]), exchanges
//! ([`OdStocks::exchange_among`]) and rankings ([`OdStocks::rank_areas`]), so each traversal,
//! tie-break and missing-pair rule is written once.
//!
//! A bilateral stock is the number of persons born in (or citizens of) the origin living in the
//! destination at mid-year (UN Recommendations on Statistics of International Migration, Rev.1,
//! 1998, para. 32; UN DESA International Migrant Stock). Conventions, as in the rest of
//! [`measures`](super):
//! - A pair without an estimate is missing, never zero: it is simply absent from the table, and
//!   sums run over the pairs present (as UN DESA's own totals do, see [`PairSum`]).
//! - A pair whose origin is its destination is not a migrant stock and is left out.
//! - Codes keep their natural order: text codes sort as text, numeric region codes as numbers;
//!   rankings break ties by that order.
//! - The frame methods refuse a year the table does not hold; the methods the row measures use
//!   read it as a year without pairs (a prefiltered selection may have none in a year the
//!   dataset covers).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use polars::prelude::*;

use super::flows::{effectiveness, flow_zero, net, Variant};
use super::rates::percent;
use super::stocks::{Partners, StockKind};
use super::{clean, Area};
use crate::error::{Error, Result};
use crate::tidy::{col, Sex};

/// An (origin id, destination id) pair as one sortable integer: origin in the high half.
type PairKey = u64;

/// The stocks of one year: (pair, stock), pairs strictly increasing.
type Cells = Vec<(PairKey, f64)>;

fn pair_key(origin: u32, destination: u32) -> PairKey {
    (u64::from(origin) << 32) | u64::from(destination)
}

fn origin_of(key: PairKey) -> u32 {
    (key >> 32) as u32
}

fn destination_of(key: PairKey) -> u32 {
    (key & u64::from(u32::MAX)) as u32
}

/// Area codes and their dense ids, shared by the tables built from one input (e.g. one per sex),
/// so that their ids agree.
#[derive(Debug)]
struct Codes {
    /// code of each id, in the codes' natural order
    labels: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Codes {
    fn new(labels: Vec<String>) -> Codes {
        let ids = labels
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), i as u32))
            .collect();
        Codes { labels, ids }
    }
}

/// One origin x destination table of migrant stocks (persons), one sex, every year it holds.
#[derive(Debug, Clone)]
pub struct OdStocks {
    codes: Arc<Codes>,
    years: Vec<i32>,
    /// One list per year of `years`: (pair, stock), pairs strictly increasing.
    cells: Vec<Vec<(PairKey, f64)>>,
}

/// In- and outflows of every area over one period (see [`OdStocks::exchange`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    pub period: (i32, i32),
    pub areas: Vec<String>,
    pub inflow: Vec<f64>,
    pub outflow: Vec<f64>,
    /// How many pairs were summed (a stock in both years).
    pub pairs: usize,
}

/// An empty table (no codes, no years).
impl Default for OdStocks {
    fn default() -> OdStocks {
        OdStocks {
            codes: Arc::new(Codes::new(Vec::new())),
            years: Vec::new(),
            cells: Vec::new(),
        }
    }
}

impl OdStocks {
    /// A table from four columns of equal length: origin and destination codes (text or
    /// integers, e.g. sub-national region numbers), year and stock. Rows with a missing stock are
    /// left out (missing, not zero); a missing code or year, or a pair given twice for one year,
    /// is an error.
    pub fn from_columns(
        origin: &Column,
        destination: &Column,
        year: &Column,
        stock: &Column,
    ) -> Result<OdStocks> {
        let mut tables = Self::grouped(origin, destination, year, stock, None)?;
        Ok(tables
            .pop()
            .map(|(_, t)| t)
            .unwrap_or_else(OdStocks::default))
    }

    /// One table per value of `group` (e.g. sex), all with the same codes and ids, in the order
    /// of the group values' first appearance.
    pub fn by_group(
        origin: &Column,
        destination: &Column,
        year: &Column,
        stock: &Column,
        group: &Column,
    ) -> Result<Vec<(String, OdStocks)>> {
        Self::grouped(origin, destination, year, stock, Some(group))
    }

    /// The bilateral `migrant_stock` rows of a tidy frame (see [`crate::tidy`]), one table per
    /// sex (total, female, male, those present), sharing one set of codes.
    pub fn from_tidy(df: &DataFrame) -> Result<Vec<(Sex, OdStocks)>> {
        let bilateral = bilateral_rows(df, None)?;
        let c = |name: &str| bilateral.column(name);
        let tables = Self::by_group(
            c(col::ORIGIN)?,
            c(col::DESTINATION)?,
            c(col::YEAR)?,
            c(col::VALUE)?,
            c(col::SEX)?,
        )?;
        let mut out = Vec::with_capacity(tables.len());
        for (sex, table) in tables {
            let sex = Sex::parse(&sex).ok_or_else(|| {
                Error::Inconsistent(format!("tidy frame has an unknown sex `{sex}`"))
            })?;
            out.push((sex, table));
        }
        out.sort_by_key(|(sex, _)| *sex as u8);
        Ok(out)
    }

    /// The bilateral `migrant_stock` rows of one sex of a tidy frame (an empty table when it
    /// has none): what the row measures of [`stocks`](super::stocks) and
    /// [`flows`](super::flows) read from their prefiltered frames.
    pub fn from_tidy_sex(df: &DataFrame, sex: Sex) -> Result<OdStocks> {
        let bilateral = bilateral_rows(df, Some(sex))?;
        let c = |name: &str| bilateral.column(name);
        Self::from_columns(
            c(col::ORIGIN)?,
            c(col::DESTINATION)?,
            c(col::YEAR)?,
            c(col::VALUE)?,
        )
    }

    fn grouped(
        origin: &Column,
        destination: &Column,
        year: &Column,
        stock: &Column,
        group: Option<&Column>,
    ) -> Result<Vec<(String, OdStocks)>> {
        let n = origin.len();
        if [destination.len(), year.len(), stock.len()]
            .iter()
            .chain(group.map(Column::len).as_ref())
            .any(|&len| len != n)
        {
            return Err(Error::Inconsistent(
                "origin, destination, year and stock columns differ in length".to_string(),
            ));
        }
        let (codes, area_ids) = area_ids(origin, destination)?;
        let year = year.cast(&DataType::Int32)?;
        let year = year.i32()?;
        if let Some(row) = first_null(year) {
            return Err(Error::Inconsistent(format!(
                "row {} has no year; every stock needs its year",
                row + 1
            )));
        }
        let stock = stock.cast(&DataType::Float64)?;
        let stock = stock.f64()?;
        let group = group.map(|g| g.cast(&DataType::String)).transpose()?;
        let group = group.as_ref().map(|g| g.str()).transpose()?;

        // Two passes: each row's bucket (group, year) from those columns alone, with the bucket
        // sizes; then every bucket filled at its exact size (growing 20-million-row buckets by
        // doubling cost more than the search).
        let rows = RowBuckets::of(year, group, n)?;
        let groups = rows.groups.clone();
        let buckets = rows.fill(area_ids, stock)?;
        Self::of_buckets(Arc::new(codes), &groups, buckets)
    }

    /// One table per group from the filled buckets, each year's stocks sorted by pair; a pair
    /// given twice for one year is an error.
    fn of_buckets(
        codes: Arc<Codes>,
        groups: &[String],
        mut buckets: Vec<(usize, i32, Cells)>,
    ) -> Result<Vec<(String, OdStocks)>> {
        let mut tables: Vec<(String, OdStocks)> = groups
            .iter()
            .map(|g| {
                (
                    g.clone(),
                    OdStocks {
                        codes: Arc::clone(&codes),
                        years: Vec::new(),
                        cells: Vec::new(),
                    },
                )
            })
            .collect();
        buckets.sort_by_key(|b| (b.0, b.1));
        // a year whose stocks are all missing is not a year of the table
        buckets.retain(|b| !b.2.is_empty());
        for (gi, y, mut cells) in buckets {
            if !cells.windows(2).all(|w| w[0].0 < w[1].0) {
                cells.sort_unstable_by_key(|c| c.0);
                if let Some(w) = cells.windows(2).find(|w| w[0].0 == w[1].0) {
                    let (o, d) = (origin_of(w[0].0), destination_of(w[0].0));
                    return Err(Error::Inconsistent(format!(
                        "the pair {} -> {} has two stocks for {y}{}; keep one row per origin, \
                         destination and year",
                        codes.labels[o as usize],
                        codes.labels[d as usize],
                        if groups[gi].is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", groups[gi])
                        }
                    )));
                }
            }
            let table = &mut tables[gi].1;
            table.years.push(y);
            table.cells.push(cells);
        }
        Ok(tables)
    }

    /// The area codes, in their natural order (text as text, numbers as numbers).
    pub fn codes(&self) -> &[String] {
        &self.codes.labels
    }

    /// The years with at least one stock, ascending.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// Number of (pair, year) stocks held.
    pub fn len(&self) -> usize {
        self.cells.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Codes that appear on one side (origins or destinations) in any year.
    pub fn side(&self, kind: StockKind) -> Vec<String> {
        let mut seen = vec![false; self.codes.labels.len()];
        for cells in &self.cells {
            for &(k, _) in cells {
                seen[side_id(kind, k) as usize] = true;
            }
        }
        self.codes
            .labels
            .iter()
            .zip(seen)
            .filter(|(_, s)| *s)
            .map(|(c, _)| c.clone())
            .collect()
    }

    /// The stocks of `year`; an error when the table holds none (the frame methods).
    fn year_cells(&self, year: i32) -> Result<&[(PairKey, f64)]> {
        if self.years.binary_search(&year).is_err() {
            return Err(Error::NotCovered(format!(
                "the table has no stocks for {year}; it has {}",
                crate::query::describe_years(&self.years)
            )));
        }
        Ok(self.cells_in(year))
    }

    /// The stocks of `year`, none when the table holds none: a prefiltered selection may have no
    /// pair in a year the dataset covers, and its pairs are then simply absent.
    fn cells_in(&self, year: i32) -> &[(PairKey, f64)] {
        match self.years.binary_search(&year) {
            Ok(i) => &self.cells[i],
            Err(_) => &[],
        }
    }

    /// The id of a code, if the table has it.
    fn id(&self, code: &str) -> Option<u32> {
        self.codes.ids.get(code).copied()
    }

    /// Both sexes from the female and male tables: `female + male` where both are present,
    /// missing otherwise (as UN DESA's totals). The two tables must come from one input
    /// ([`OdStocks::by_group`] or [`OdStocks::from_tidy`]).
    pub fn both_sexes(female: &OdStocks, male: &OdStocks) -> Result<OdStocks> {
        if !Arc::ptr_eq(&female.codes, &male.codes) {
            return Err(Error::Inconsistent(
                "female and male tables come from different inputs (their codes differ)"
                    .to_string(),
            ));
        }
        let mut out = OdStocks {
            codes: Arc::clone(&female.codes),
            years: Vec::new(),
            cells: Vec::new(),
        };
        for (i, &year) in female.years.iter().enumerate() {
            let Ok(j) = male.years.binary_search(&year) else {
                continue;
            };
            let cells: Vec<(PairKey, f64)> = matched(&female.cells[i], &male.cells[j])
                .map(|(k, f, m)| (k, f + m))
                .collect();
            if !cells.is_empty() {
                out.years.push(year);
                out.cells.push(cells);
            }
        }
        Ok(out)
    }

    /// Immigrant stock of every destination (or emigrant stock of every origin) in `areas`, every
    /// year of the table: the sum over all partners with an estimate ([`PairSum`]), missing when
    /// the area has none that year (or is not in the table).
    ///
    /// Columns `area`, `year`, `stock` (persons), `partners` (how many were summed), in the order
    /// of `areas` (e.g. [`OdStocks::side`]), then year.
    pub fn area_stocks(&self, kind: StockKind, areas: &[String]) -> Result<DataFrame> {
        let n = self.codes.labels.len();
        let rows = areas.len() * self.years.len();
        let (mut area, mut year) = (Vec::with_capacity(rows), Vec::with_capacity(rows));
        for a in areas {
            for &y in &self.years {
                area.push(a.as_str());
                year.push(y);
            }
        }
        // row of (area id, year index) = position of the area * years + year index
        let mut row_of = vec![None; n];
        for (pos, a) in areas.iter().enumerate() {
            if let Some(id) = self.id(a) {
                row_of[id as usize] = Some(pos * self.years.len());
            }
        }
        let mut sums = vec![PairSum::default(); rows];
        for (t, cells) in self.cells.iter().enumerate() {
            for &(k, s) in cells {
                if let Some(first) = row_of[side_id(kind, k) as usize] {
                    sums[first + t].add(s);
                }
            }
        }
        let stock: Vec<Option<f64>> = sums.iter().map(PairSum::value).collect();
        let partners: Vec<u32> = sums.iter().map(|s| s.present as u32).collect();
        Ok(DataFrame::new(
            rows,
            vec![
                Column::new("area".into(), area),
                Column::new("year".into(), year),
                Column::new("stock".into(), stock),
                Column::new("partners".into(), partners),
            ],
        )?)
    }

    /// The stocks of every pair of `origins` x `destinations` in `year` summed ([`PairSum`];
    /// self-pairs skipped, in the lists' order), and how many of the pairs have no estimate. A
    /// year the table does not hold has no pairs.
    pub fn pair_sum(
        &self,
        origins: &[String],
        destinations: &[String],
        year: i32,
    ) -> (PairSum, usize) {
        let cells = self.cells_in(year);
        let (mut sum, mut absent) = (PairSum::default(), 0);
        for o in origins {
            for d in destinations {
                if o == d {
                    continue;
                }
                match self.stock(cells, o, d) {
                    Some(s) => sum.add(s),
                    None => absent += 1,
                }
            }
        }
        (sum, absent)
    }

    /// One pair's stock among one year's cells.
    fn stock(&self, cells: &[(PairKey, f64)], origin: &str, destination: &str) -> Option<f64> {
        let key = pair_key(self.id(origin)?, self.id(destination)?);
        let i = cells.binary_search_by_key(&key, |c| c.0).ok()?;
        Some(cells[i].1)
    }

    /// Change of every pair's stock between `t1` and `t2` (`S(t2) - S(t1)`), for the pairs with a
    /// stock in both years, in pair order.
    fn differences(&self, (t1, t2): (i32, i32)) -> Vec<(PairKey, f64)> {
        matched(self.cells_in(t1), self.cells_in(t2))
            .filter_map(|(k, s1, s2)| clean(Some(s2 - s1)).map(|ds| (k, ds)))
            .collect()
    }

    /// The stock change of every pair of `origins` x `destinations` (origin != destination, in
    /// the lists' order) between `t1` and `t2`, with the change of its reverse pair: the inputs
    /// of both stock-differencing variants ([`Variant::flow`]). A change is missing where the
    /// pair lacks a stock in either year (or a code is not in the table); a year the table does
    /// not hold has no stocks.
    pub fn pair_changes<'a>(
        &self,
        period: (i32, i32),
        origins: &'a [String],
        destinations: &'a [String],
    ) -> Result<Vec<(&'a str, &'a str, PairChange)>> {
        check_period("stock differencing", period)?;
        // every change in a dense area x area grid when that is small (a whole-world table is
        // 235 x 235), else found by binary search in the sorted list
        let n = self.codes.labels.len();
        Ok(self.pair_changes_with(period, origins, destinations, n * n <= 1 << 24))
    }

    fn pair_changes_with<'a>(
        &self,
        period: (i32, i32),
        origins: &'a [String],
        destinations: &'a [String],
        dense: bool,
    ) -> Vec<(&'a str, &'a str, PairChange)> {
        let ds = self.differences(period);
        let n = self.codes.labels.len();
        let grid: Option<Vec<f64>> = dense.then(|| {
            let mut grid = vec![f64::NAN; n * n];
            for &(k, v) in &ds {
                grid[origin_of(k) as usize * n + destination_of(k) as usize] = v;
            }
            grid
        });
        let change = |o: Option<u32>, d: Option<u32>| -> Option<f64> {
            let (o, d) = (o?, d?);
            match &grid {
                Some(grid) => Some(grid[o as usize * n + d as usize]).filter(|v| !v.is_nan()),
                None => {
                    let k = pair_key(o, d);
                    ds.binary_search_by_key(&k, |c| c.0).ok().map(|i| ds[i].1)
                }
            }
        };
        let ids =
            |codes: &[String]| -> Vec<Option<u32>> { codes.iter().map(|c| self.id(c)).collect() };
        let (origin_ids, destination_ids) = (ids(origins), ids(destinations));
        let mut out = Vec::with_capacity(origins.len() * destinations.len());
        for (o, &oi) in origins.iter().zip(&origin_ids) {
            for (d, &di) in destinations.iter().zip(&destination_ids) {
                if o != d {
                    let (forward, reverse) = (change(oi, di), change(di, oi));
                    out.push((o.as_str(), d.as_str(), PairChange { forward, reverse }));
                }
            }
        }
        out
    }

    /// Flows implied by the stock differences between `t1` and `t2` for every pair of `origins`
    /// x `destinations` (origin != destination), persons over the period: `flow_zero` and
    /// `flow_return` ([`Variant::flow`]). A rough lower-bound proxy, not a measured flow (see
    /// [`super::flows`]).
    ///
    /// Columns `origin`, `destination`, `flow_zero`, `flow_return`; missing where the pair has no
    /// stock in one of the years. Codes not in the table get missing rows; both years must be
    /// in the table.
    pub fn flows(
        &self,
        period: (i32, i32),
        origins: &[String],
        destinations: &[String],
    ) -> Result<DataFrame> {
        check_period("stock differencing", period)?;
        self.year_cells(period.0)?;
        self.year_cells(period.1)?;
        let changes = self.pair_changes(period, origins, destinations)?;
        let flow =
            |v: Variant| -> Vec<Option<f64>> { changes.iter().map(|c| v.flow(c.2)).collect() };
        Ok(DataFrame::new(
            changes.len(),
            vec![
                Column::new(
                    "origin".into(),
                    changes.iter().map(|c| c.0).collect::<Vec<_>>(),
                ),
                Column::new(
                    "destination".into(),
                    changes.iter().map(|c| c.1).collect::<Vec<_>>(),
                ),
                Column::new("flow_zero".into(), flow(Variant::Zero)),
                Column::new("flow_return".into(), flow(Variant::Return)),
            ],
        )?)
    }

    /// Inflow and outflow of every area between `t1` and `t2`: the sums of the "zero"-variant
    /// stock-difference flows ([`flow_zero`]) into and out of it over the pairs with a stock in
    /// both years. Areas without such pairs have 0 in and 0 out. Both years must be in the table.
    pub fn exchange(&self, period: (i32, i32)) -> Result<Exchange> {
        check_period("stock differencing", period)?;
        let (a, b) = (self.year_cells(period.0)?, self.year_cells(period.1)?);
        Ok(self.exchange_of(period, a, b, |_| true))
    }

    /// As [`OdStocks::exchange`], within the set that `areas` form: only the pairs whose origin
    /// and destination are both in `areas` count (the effectiveness of a set of countries). A
    /// year the table does not hold has no stocks.
    pub fn exchange_among(&self, period: (i32, i32), areas: &[String]) -> Result<Exchange> {
        check_period("stock differencing", period)?;
        let mut member = vec![false; self.codes.labels.len()];
        for id in areas.iter().filter_map(|a| self.id(a)) {
            member[id as usize] = true;
        }
        let (a, b) = (self.cells_in(period.0), self.cells_in(period.1));
        Ok(self.exchange_of(period, a, b, |k| {
            member[origin_of(k) as usize] && member[destination_of(k) as usize]
        }))
    }

    /// One pass over the pairs with a stock in both lists that `keep` accepts (a generic, so the
    /// whole-table pass compiles without the test).
    fn exchange_of(
        &self,
        period: (i32, i32),
        a: &[(PairKey, f64)],
        b: &[(PairKey, f64)],
        keep: impl Fn(PairKey) -> bool,
    ) -> Exchange {
        let n = self.codes.labels.len();
        let (mut inflow, mut outflow, mut pairs) = (vec![0.0; n], vec![0.0; n], 0);
        for (k, s1, s2) in matched(a, b) {
            let f = flow_zero(s1, s2);
            if f.is_finite() && keep(k) {
                outflow[origin_of(k) as usize] += f;
                inflow[destination_of(k) as usize] += f;
                pairs += 1;
            }
        }
        Exchange {
            period,
            areas: self.codes.labels.clone(),
            inflow,
            outflow,
            pairs,
        }
    }

    /// The `top` largest partners of every area in each of `years`, by stock (descending, ties
    /// by code): where its emigrants live ([`Partners::Destinations`]) or where its immigrants
    /// were born ([`Partners::Origins`]).
    ///
    /// Columns `area`, `year`, `rank`, `partner`, `stock` (persons), `share_of_total` (100 x
    /// stock / total, %), `total` (sum over all partners with an estimate) and `partners` (their
    /// number). Areas without any partner in a year have no rows for it.
    pub fn top_partners(
        &self,
        direction: Partners,
        years: &[i32],
        top: usize,
    ) -> Result<DataFrame> {
        let mut out = RankedRows::default();
        for &year in years {
            let side = by_side(self.year_cells(year)?, direction);
            for group in side.chunk_by(|a, b| origin_of(a.0) == origin_of(b.0)) {
                let area = origin_of(group[0].0);
                let (total, best) = ranking(group.iter().map(|c| (destination_of(c.0), c.1)), top);
                for (rank, (partner, stock)) in best.into_iter().enumerate() {
                    out.area.push(area);
                    out.year.push(year);
                    out.rank.push(rank as u32 + 1);
                    out.partner.push(partner);
                    out.stock.push(stock);
                    out.share.push(percent(stock, total.total));
                    out.total.push(total.total);
                    out.partners.push(total.present as u32);
                }
            }
        }
        out.frame(&self.codes.labels)
    }

    /// The partners of each of `areas` in `year`, ranked as in [`OdStocks::top_partners`]; a
    /// group's partners are first summed over its members (in code order). A year the table
    /// does not hold, or an area without pairs, gives an empty ranking.
    pub fn rank_areas(
        &self,
        direction: Partners,
        areas: &[Area],
        year: i32,
        top: usize,
    ) -> Vec<Ranking<'_>> {
        let side = by_side(self.cells_in(year), direction);
        // partner id -> sum, emptied again after each area
        let mut sums: Vec<Option<f64>> = vec![None; self.codes.labels.len()];
        let mut rank_one = |area: &Area| {
            let mut ids: Vec<u32> = area.members.iter().filter_map(|m| self.id(m)).collect();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                let from = side.partition_point(|c| origin_of(c.0) < id);
                for &(k, s) in side[from..].iter().take_while(|c| origin_of(c.0) == id) {
                    *sums[destination_of(k) as usize].get_or_insert(0.0) += s;
                }
            }
            let partners: Vec<(u32, f64)> = (0u32..)
                .zip(sums.iter_mut())
                .filter_map(|(p, s)| s.take().map(|s| (p, s)))
                .collect();
            let (total, best) = ranking(partners.into_iter(), top);
            let label = |p: u32| self.codes.labels[p as usize].as_str();
            Ranking {
                total,
                best: best.into_iter().map(|(p, s)| (label(p), s)).collect(),
            }
        };
        areas.iter().map(&mut rank_one).collect()
    }
}

/// A sum over the pairs present. UN DESA leaves out a pair without an estimate (insufficient
/// data, not zero) and its own totals sum the pairs present; so does every bilateral sum of the
/// measures, which is missing only when no pair is present.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairSum {
    /// The sum of the values added (0 when none).
    pub total: f64,
    /// How many values were added.
    pub present: usize,
}

impl PairSum {
    pub fn add(&mut self, value: f64) {
        self.total += value;
        self.present += 1;
    }

    /// The sum, missing when no pair was present.
    pub fn value(&self) -> Option<f64> {
        (self.present > 0).then_some(self.total)
    }
}

/// The stock change of a pair over a period and of its reverse pair (see
/// [`OdStocks::pair_changes`]); missing where a pair lacks a stock in either year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairChange {
    pub forward: Option<f64>,
    pub reverse: Option<f64>,
}

/// An area's partners ranked (see [`OdStocks::rank_areas`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking<'a> {
    /// The sum over all partners with an estimate, and their number.
    pub total: PairSum,
    /// The largest partners and their stocks, descending, ties by code.
    pub best: Vec<(&'a str, f64)>,
}

/// Stock differencing needs an earlier and a later year; `what` names the measure asked for.
pub fn check_period(what: &str, (t1, t2): (i32, i32)) -> Result<()> {
    if t2 <= t1 {
        return Err(Error::Usage(format!(
            "{what} needs a period t1-t2 with t1 < t2, got {t1}-{t2}"
        )));
    }
    Ok(())
}

/// The bilateral `migrant_stock` rows of a tidy frame, of one sex if given.
fn bilateral_rows(df: &DataFrame, sex: Option<Sex>) -> Result<DataFrame> {
    let stock = [crate::sources::un_desa_ims::MIGRANT_STOCK];
    let mut keep = &(&crate::query::rows_equal_any(df, col::INDICATOR, &stock)?
        & &df.column(col::ORIGIN)?.is_not_null())
        & &df.column(col::DESTINATION)?.is_not_null();
    if let Some(sex) = sex {
        keep = &keep & &crate::query::rows_equal_any(df, col::SEX, &[sex.as_str()])?;
    }
    Ok(df.filter(&keep)?)
}

/// One year's cells keyed by the area of one side, then the partner: each area's partners
/// adjacent and in code order. Pairs are sorted by origin, so the destinations of an origin
/// already are; the origins of a destination need the transposed list.
fn by_side(cells: &[(PairKey, f64)], direction: Partners) -> Cow<'_, [(PairKey, f64)]> {
    match direction {
        Partners::Destinations => Cow::Borrowed(cells),
        Partners::Origins => {
            let mut v: Vec<(PairKey, f64)> = cells
                .iter()
                .map(|&(k, s)| (pair_key(destination_of(k), origin_of(k)), s))
                .collect();
            v.sort_unstable_by_key(|c| c.0);
            Cow::Owned(v)
        }
    }
}

/// The one ranking rule of the whole-table and the row measures: the total over all of an
/// area's partners (given in code order) and its `top` largest, ties by code ([`largest`]).
fn ranking(
    partners: impl Iterator<Item = (u32, f64)> + Clone,
    top: usize,
) -> (PairSum, Vec<(u32, f64)>) {
    let mut total = PairSum::default();
    for (_, s) in partners.clone() {
        total.add(s);
    }
    (total, largest(partners, top))
}

impl Exchange {
    /// Columns `area`, `in`, `out`, `net` ([`net`]), `turnover` (in + out) and `effectiveness`
    /// ([`effectiveness`], %), persons over the period.
    pub fn frame(&self) -> Result<DataFrame> {
        let pairs = || self.inflow.iter().zip(&self.outflow);
        let net_col: Vec<f64> = pairs().map(|(&i, &o)| net(i, o)).collect();
        let turnover: Vec<f64> = pairs().map(|(&i, &o)| i + o).collect();
        let eff: Vec<Option<f64>> = pairs().map(|(&i, &o)| effectiveness(i, o)).collect();
        Ok(DataFrame::new(
            self.areas.len(),
            vec![
                Column::new("area".into(), &self.areas),
                Column::new("in".into(), &self.inflow),
                Column::new("out".into(), &self.outflow),
                Column::new("net".into(), net_col),
                Column::new("turnover".into(), turnover),
                Column::new("effectiveness".into(), eff),
            ],
        )?)
    }

    /// Gross migration of the whole system: the sum of all areas' in- and outflows.
    pub fn turnover(&self) -> f64 {
        self.inflow.iter().sum::<f64>() + self.outflow.iter().sum::<f64>()
    }

    /// The aggregate migration effectiveness index of the system
    /// ([`effectiveness_index`](super::flows::effectiveness_index)).
    pub fn effectiveness_index(&self) -> Option<f64> {
        super::flows::effectiveness_index(&self.inflow, &self.outflow)
    }
}

/// Columns of [`OdStocks::top_partners`] while they are collected.
#[derive(Default)]
struct RankedRows {
    area: Vec<u32>,
    year: Vec<i32>,
    rank: Vec<u32>,
    partner: Vec<u32>,
    stock: Vec<f64>,
    share: Vec<Option<f64>>,
    total: Vec<f64>,
    partners: Vec<u32>,
}

impl RankedRows {
    fn frame(self, labels: &[String]) -> Result<DataFrame> {
        let name = |ids: &[u32]| -> Vec<&str> {
            ids.iter().map(|&i| labels[i as usize].as_str()).collect()
        };
        Ok(DataFrame::new(
            self.area.len(),
            vec![
                Column::new("area".into(), name(&self.area)),
                Column::new("year".into(), self.year),
                Column::new("rank".into(), self.rank),
                Column::new("partner".into(), name(&self.partner)),
                Column::new("stock".into(), self.stock),
                Column::new("share_of_total".into(), self.share),
                Column::new("total".into(), self.total),
                Column::new("partners".into(), self.partners),
            ],
        )?)
    }
}

/// The id of the area on one side of a pair: the destination holds the immigrant stock, the
/// origin the emigrant stock.
fn side_id(kind: StockKind, key: PairKey) -> u32 {
    match kind {
        StockKind::Immigrant => destination_of(key),
        StockKind::Emigrant => origin_of(key),
    }
}

/// The pairs present in both sorted lists, with both values, in pair order (a merge join).
fn matched<'a>(
    a: &'a [(PairKey, f64)],
    b: &'a [(PairKey, f64)],
) -> impl Iterator<Item = (PairKey, f64, f64)> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            let (ka, kb) = (a[i].0, b[j].0);
            if ka < kb {
                i += 1;
            } else if kb < ka {
                j += 1;
            } else {
                let out = (ka, a[i].1, b[j].1);
                i += 1;
                j += 1;
                return Some(out);
            }
        }
        None
    })
}

/// The `k` largest (id, value) by value, descending, ties by id ascending (one pass, keeping a
/// short sorted list: k is small next to the number of partners).
fn largest(items: impl Iterator<Item = (u32, f64)>, k: usize) -> Vec<(u32, f64)> {
    let before = |a: &(u32, f64), b: &(u32, f64)| {
        b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)) == std::cmp::Ordering::Less
    };
    let mut best: Vec<(u32, f64)> = Vec::with_capacity(k + 1);
    if k == 0 {
        return best;
    }
    for item in items {
        if best.len() == k && !before(&item, &best[k - 1]) {
            continue;
        }
        let at = best.partition_point(|b| before(b, &item));
        best.insert(at, item);
        best.truncate(k);
    }
    best
}

/// The first pass of [`OdStocks::grouped`]: the bucket (group, year) of every row and the size
/// of each bucket.
struct RowBuckets {
    /// The group values in order of first appearance (one empty group when there is no group
    /// column and there are rows).
    groups: Vec<String>,
    /// (group, year) of each bucket.
    keys: Vec<(usize, i32)>,
    sizes: Vec<usize>,
    bucket_of: Vec<u16>,
}

impl RowBuckets {
    /// Each row's bucket from the year and group columns alone, found by a short linear search
    /// since there are few groups and years.
    fn of(year: &Int32Chunked, group: Option<&StringChunked>, n: usize) -> Result<RowBuckets> {
        let mut groups: Vec<String> = Vec::new();
        let mut keys: Vec<(usize, i32)> = Vec::new();
        let mut sizes: Vec<usize> = Vec::new();
        let mut bucket_of: Vec<u16> = Vec::with_capacity(n);
        let mut last = usize::MAX;
        let mut group_values = group.map(|g| g.downcast_iter().flat_map(|a| a.iter()));
        // arrow arrays directly: the chunked arrays' own iterators dispatch per value
        let years = year
            .downcast_iter()
            .flat_map(|a| a.values().iter().copied());
        for (row, y) in years.enumerate() {
            let gi = match group_values.as_mut() {
                None => 0,
                Some(values) => {
                    let Some(g) = values.next().flatten() else {
                        return Err(Error::Inconsistent(format!(
                            "row {} has no group (sex) value",
                            row + 1
                        )));
                    };
                    match groups.iter().position(|x| x == g) {
                        Some(i) => i,
                        None => {
                            groups.push(g.to_string());
                            groups.len() - 1
                        }
                    }
                }
            };
            if last >= keys.len() || keys[last] != (gi, y) {
                last = match keys.iter().position(|&k| k == (gi, y)) {
                    Some(i) => i,
                    None => {
                        keys.push((gi, y));
                        sizes.push(0);
                        keys.len() - 1
                    }
                };
                if last > usize::from(u16::MAX) {
                    return Err(Error::Inconsistent(
                        "more than 65,535 (group, year) combinations; split the table".to_string(),
                    ));
                }
            }
            sizes[last] += 1;
            bucket_of.push(last as u16);
        }
        if group.is_none() && n > 0 {
            groups.push(String::new());
        }
        Ok(RowBuckets {
            groups,
            keys,
            sizes,
            bucket_of,
        })
    }

    /// The second pass: every bucket filled at its exact size with (pair, stock), leaving out
    /// missing stocks (missing, not zero; NaN and infinity as in `clean`) and self-pairs. The
    /// row buckets and ids are freed on return, before the tables are built.
    fn fill(self, area_ids: AreaIds, stock: &Float64Chunked) -> Result<Vec<(usize, i32, Cells)>> {
        let mut buckets: Vec<(usize, i32, Cells)> = self
            .keys
            .iter()
            .zip(&self.sizes)
            .map(|(&(g, y), &size)| (g, y, Vec::with_capacity(size)))
            .collect();
        let stocks = stock.downcast_iter().flat_map(|a| a.iter());
        for ((&bucket, (o, d)), s) in self.bucket_of.iter().zip(area_ids.pairs()?).zip(stocks) {
            match s {
                Some(&s) if s.is_finite() && o != d => {
                    buckets[usize::from(bucket)].2.push((pair_key(o, d), s));
                }
                _ => {}
            }
        }
        Ok(buckets)
    }
}

/// The ids of each row's origin and destination.
#[allow(clippy::large_enum_variant)] // one value per table being built
enum AreaIds {
    /// Listed row by row (text codes).
    Listed(Vec<u32>, Vec<u32>),
    /// Integer codes looked up in a table indexed by `code - lo` as the rows are read: no copy
    /// of two columns' worth of ids for millions of rows.
    Dense {
        lo: i64,
        id_of: Vec<u32>,
        origin: Column,
        destination: Column,
    },
}

impl AreaIds {
    /// (origin id, destination id) of every row, in order.
    fn pairs(&self) -> Result<Box<dyn Iterator<Item = (u32, u32)> + '_>> {
        Ok(match self {
            AreaIds::Listed(o, d) => Box::new(o.iter().copied().zip(d.iter().copied())),
            AreaIds::Dense {
                lo,
                id_of,
                origin,
                destination,
            } => {
                let id = move |v: i64| id_of[(v - lo) as usize];
                if origin.dtype() == &DataType::Int32 {
                    let (o, d) = (origin.i32()?, destination.i32()?);
                    Box::new(values(o).zip(values(d)).map(move |(a, b)| (id(a), id(b))))
                } else {
                    let (o, d) = (origin.i64()?, destination.i64()?);
                    Box::new(values(o).zip(values(d)).map(move |(a, b)| (id(a), id(b))))
                }
            }
        })
    }
}

/// Dense ids for the codes of two columns, in the codes' natural order: integer columns (region
/// numbers) in numeric order, anything else as text.
fn area_ids(origin: &Column, destination: &Column) -> Result<(Codes, AreaIds)> {
    let integer = |c: &Column| c.dtype().is_integer();
    if integer(origin) && integer(destination) {
        integer_ids(origin, destination)
    } else {
        let (codes, o, d) = text_ids(origin, destination)?;
        Ok((codes, AreaIds::Listed(o, d)))
    }
}

fn missing_code(side: &str, row: usize) -> Error {
    Error::Inconsistent(format!(
        "row {} has no {side} code; every stock needs its origin and destination",
        row + 1
    ))
}

/// The row of the first missing value, if any.
fn first_null<T: PolarsDataType>(c: &ChunkedArray<T>) -> Option<usize> {
    if c.null_count() == 0 {
        return None;
    }
    c.is_null().iter().position(|n| n == Some(true))
}

/// The values of an integer column without missing values, chunk by chunk, as i64.
fn values<T>(c: &ChunkedArray<T>) -> impl Iterator<Item = i64> + '_
where
    T: PolarsIntegerType,
    T::Native: Into<i64>,
{
    c.downcast_iter()
        .flat_map(|a| a.values().iter().map(|&v| v.into()))
}

fn integer_ids(origin: &Column, destination: &Column) -> Result<(Codes, AreaIds)> {
    // Int32 (as a CSV reader gives region numbers) is read as it is; other widths as Int64
    let (origin, destination) =
        if origin.dtype() == &DataType::Int32 && destination.dtype() == &DataType::Int32 {
            (origin.clone(), destination.clone())
        } else {
            (
                origin.cast(&DataType::Int64)?,
                destination.cast(&DataType::Int64)?,
            )
        };
    // polars' vectorised min and max of both columns
    let mut lo = i64::MAX;
    let mut hi = i64::MIN;
    for c in [&origin, &destination] {
        let series = c.as_materialized_series();
        lo = lo.min(series.min::<i64>()?.unwrap_or(i64::MAX));
        hi = hi.max(series.max::<i64>()?.unwrap_or(i64::MIN));
    }
    let (lo, hi) = if lo > hi { (0, 0) } else { (lo, hi) };
    if origin.dtype() == &DataType::Int32 {
        dense_or_hashed(origin.i32()?, destination.i32()?, (lo, hi))
    } else {
        dense_or_hashed(origin.i64()?, destination.i64()?, (lo, hi))
    }
    .map(|(codes, ids)| {
        let ids = ids.unwrap_or_else(|id_of| AreaIds::Dense {
            lo,
            id_of,
            origin,
            destination,
        });
        (codes, ids)
    })
}

/// Codes of integer columns in numeric order, and either the row ids (sparse codes, through a
/// hash map) or the lookup table `code - lo -> id` (dense codes, looked up as rows are read).
fn dense_or_hashed<T>(
    o: &ChunkedArray<T>,
    d: &ChunkedArray<T>,
    (lo, hi): (i64, i64),
) -> Result<(Codes, std::result::Result<AreaIds, Vec<u32>>)>
where
    T: PolarsIntegerType,
    T::Native: Into<i64>,
{
    for (side, c) in [("origin", o), ("destination", d)] {
        if let Some(row) = first_null(c) {
            return Err(missing_code(side, row));
        }
    }
    let span = hi.abs_diff(lo);
    // region numbers are usually dense: a lookup table; otherwise a hash map
    if span < 1 << 26 {
        let mut id_of = vec![u32::MAX; span as usize + 1];
        for v in values(o).chain(values(d)) {
            id_of[(v - lo) as usize] = 0;
        }
        let mut labels = Vec::new();
        for (offset, slot) in id_of.iter_mut().enumerate() {
            if *slot == 0 {
                *slot = labels.len() as u32;
                labels.push((lo + offset as i64).to_string());
            }
        }
        Ok((Codes::new(labels), Err(id_of)))
    } else {
        let mut distinct: Vec<i64> = values(o).chain(values(d)).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let id_of: HashMap<i64, u32> = distinct
            .iter()
            .enumerate()
            .map(|(i, &v)| (v, i as u32))
            .collect();
        let ids = |c: &ChunkedArray<T>| -> Vec<u32> {
            let mut ids = Vec::with_capacity(c.len());
            ids.extend(values(c).map(|v| id_of.get(&v).copied().unwrap_or(0)));
            ids
        };
        let labels = distinct.iter().map(i64::to_string).collect();
        Ok((Codes::new(labels), Ok(AreaIds::Listed(ids(o), ids(d)))))
    }
}

fn text_ids(origin: &Column, destination: &Column) -> Result<(Codes, Vec<u32>, Vec<u32>)> {
    let o = origin.cast(&DataType::String)?;
    let d = destination.cast(&DataType::String)?;
    let (o, d) = (o.str()?, d.str()?);
    // provisional ids in order of appearance, then renumbered in code order
    fn provisional<'a>(
        c: &'a StringChunked,
        side: &str,
        first_seen: &mut HashMap<&'a str, u32>,
    ) -> Result<Vec<u32>> {
        let mut ids = Vec::with_capacity(c.len());
        let texts = c.downcast_iter().flat_map(|a| a.iter());
        for (row, v) in texts.enumerate() {
            let v = v.ok_or_else(|| missing_code(side, row))?;
            let next = first_seen.len() as u32;
            ids.push(*first_seen.entry(v).or_insert(next));
        }
        Ok(ids)
    }
    let mut first_seen: HashMap<&str, u32> = HashMap::new();
    let mut ids_o = provisional(o, "origin", &mut first_seen)?;
    let mut ids_d = provisional(d, "destination", &mut first_seen)?;
    let mut labels: Vec<(&str, u32)> = first_seen.into_iter().collect();
    labels.sort_unstable();
    let mut renumber = vec![0u32; labels.len()];
    for (new, &(_, old)) in labels.iter().enumerate() {
        renumber[old as usize] = new as u32;
    }
    for id in ids_o.iter_mut().chain(ids_d.iter_mut()) {
        *id = renumber[*id as usize];
    }
    let labels = labels.into_iter().map(|(c, _)| c.to_string()).collect();
    Ok((Codes::new(labels), ids_o, ids_d))
}

/// Annual rate of change of every area's stock between consecutive years of an
/// [`OdStocks::area_stocks`] frame, with [`super::stocks::annual_rate_of_change`]: columns
/// `area`, `period`, `stock_start`, `stock_end`, `annual_rate` (% per year).
pub fn area_growth(area_stocks: &DataFrame) -> Result<DataFrame> {
    let area = area_stocks.column("area")?.str()?;
    let year = area_stocks.column("year")?.i32()?;
    let stock = area_stocks.column("stock")?.f64()?;
    let (mut a, mut p, mut s1, mut s2, mut r) = (vec![], vec![], vec![], vec![], vec![]);
    for i in 1..area_stocks.height() {
        if area.get(i) != area.get(i - 1) {
            continue;
        }
        let (Some(y1), Some(y2)) = (year.get(i - 1), year.get(i)) else {
            continue;
        };
        let (start, end) = (stock.get(i - 1), stock.get(i));
        a.push(area.get(i).unwrap_or_default());
        p.push(format!("{y1}-{y2}"));
        s1.push(start);
        s2.push(end);
        r.push(match (start, end) {
            (Some(x), Some(y)) => super::stocks::annual_rate_of_change(x, y, f64::from(y2 - y1)),
            _ => None,
        });
    }
    Ok(DataFrame::new(
        a.len(),
        vec![
            Column::new("area".into(), a),
            Column::new("period".into(), p),
            Column::new("stock_start".into(), s1),
            Column::new("stock_end".into(), s2),
            Column::new("annual_rate".into(), r),
        ],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_keeps_the_top_by_value_then_id() {
        let items = [(5, 1.0), (2, 3.0), (9, 3.0), (1, 0.5), (7, 2.0)];
        assert_eq!(
            largest(items.into_iter(), 3),
            vec![(2, 3.0), (9, 3.0), (7, 2.0)]
        );
        assert!(largest(items.into_iter(), 0).is_empty());
        assert_eq!(largest(items.into_iter(), 10).len(), 5);
    }

    #[test]
    fn flows_are_the_same_from_the_grid_and_from_the_sorted_list() {
        let text = |v: Vec<&str>| Column::new("code".into(), v);
        let t = OdStocks::from_columns(
            &text(vec!["A", "A", "B", "B", "C", "A"]),
            &text(vec!["B", "B", "A", "A", "A", "C"]),
            &Column::new("year".into(), vec![1, 2, 1, 2, 2, 1]),
            &Column::new("stock".into(), vec![5.0, 9.0, 4.0, 1.0, 7.0, 2.0]),
        )
        .expect("table");
        let codes = t.codes().to_vec();
        let dense = t.pair_changes_with((1, 2), &codes, &codes, true);
        let sparse = t.pair_changes_with((1, 2), &codes, &codes, false);
        assert_eq!(dense, sparse);
        assert_eq!(dense.len(), 6);
    }

    #[test]
    fn matched_is_a_merge_join() {
        let a = [(1, 1.0), (3, 3.0), (5, 5.0)];
        let b = [(2, 20.0), (3, 30.0), (5, 50.0), (6, 60.0)];
        let m: Vec<_> = matched(&a, &b).collect();
        assert_eq!(m, vec![(3, 3.0, 30.0), (5, 5.0, 50.0)]);
    }
}
