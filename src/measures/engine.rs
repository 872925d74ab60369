//! The measure engine: one entry point, [`compute`], answers a [`MeasureRequest`]. It checks the
//! request against the catalogue and the data's coverage (years, period ends, edition), resolves
//! the places once into [`Area`]s, reads the datasets the measure needs and calls the measure
//! functions of its family ([`rates`], [`balancing`], [`stocks`], [`flows`]). The answer is a
//! [`MeasureResult`]: a polars frame of long rows with the sources, notes and warnings.

use std::collections::HashSet;

use polars::prelude::*;

use super::flows::{self, Variant};
use super::stocks::{self, Partners, StockKind, Subject};
use super::{balancing, rates, Area, MeasureRow, Source};
use crate::catalogue::{self, MeasureKind, Quantity, Selector};
use crate::countries::Crosswalk;
use crate::error::{Error, Result};
use crate::export::{About, Exportable, Sheet, Value};
use crate::provenance::Provenance;
use crate::query::describe_years;
use crate::request::{Edition, MeasureRequest, Places};
use crate::store;
use crate::tidy::{col, Sex};

/// Computes a measure.
pub fn compute(request: &MeasureRequest) -> Result<MeasureResult> {
    request.validate()?;
    let mut run = Run {
        request,
        crosswalk: Crosswalk::embedded()?,
        warnings: Vec::new(),
    };
    use MeasureKind as M;
    let rows = match request.measure {
        M::NetMigration | M::Cnmr | M::Balancing | M::RemittancesGdp | M::RefugeesPer1000 => {
            run.country_rates()?
        }
        M::ImmigrantStock
        | M::EmigrantStock
        | M::StockShare
        | M::EmigrantShare
        | M::FemaleShare => run.country_stocks()?,
        M::StockGrowth | M::PeriodChange => run.period_stocks()?,
        M::TopDestinations | M::TopOrigins => run.partners()?,
        M::StockDifference => run.stock_difference()?,
        M::Effectiveness => run.effectiveness()?,
        M::Flows => run.flows()?,
    };
    MeasureResult::new(request.measure, rows, run.warnings)
}

/// A loaded embedded dataset.
struct Loaded {
    frame: DataFrame,
    provenance: Provenance,
    source: Source,
}

fn load(name: &str) -> Result<Loaded> {
    let d = store::dataset(name)?;
    let provenance = d.provenance()?;
    let source = Source::of(&provenance);
    Ok(Loaded {
        frame: d.frame()?,
        provenance,
        source,
    })
}

impl Loaded {
    fn covered(&self, indicator: &str) -> Vec<i32> {
        self.provenance
            .indicator(indicator)
            .map(|i| i.years.clone())
            .unwrap_or_default()
    }
}

/// Rows of `indicators` whose `column` is one of `codes` (any when `None`) in one of `years`
/// (any when empty): the cut before a measure indexes the rows.
fn select_rows(
    df: &DataFrame,
    indicators: &[&str],
    column: &str,
    codes: Option<&[String]>,
    years: &[i32],
) -> Result<DataFrame> {
    let indicator = df.column(col::INDICATOR)?.str()?;
    let mut mask: BooleanChunked = indicator
        .iter()
        .map(|v| v.is_some_and(|v| indicators.contains(&v)))
        .collect();
    if let Some(codes) = codes {
        let set: HashSet<&str> = codes.iter().map(String::as_str).collect();
        let keep: BooleanChunked = df
            .column(column)?
            .str()?
            .iter()
            .map(|v| v.is_some_and(|v| set.contains(v)))
            .collect();
        mask = &mask & &keep;
    }
    if !years.is_empty() {
        let keep: BooleanChunked = df
            .column(col::YEAR)?
            .i32()?
            .iter()
            .map(|y| y.is_some_and(|y| years.contains(&y)))
            .collect();
        mask = &mask & &keep;
    }
    Ok(df.filter(&mask)?)
}

/// The codes of `column` that have `indicator` in the frame.
fn present(df: &DataFrame, indicator: &str, column: &str) -> Result<HashSet<String>> {
    let rows = select_rows(df, &[indicator], column, None, &[])?;
    Ok(rows
        .column(column)?
        .str()?
        .iter()
        .flatten()
        .map(str::to_string)
        .collect())
}

/// Unique members of areas, in order.
fn all_members(areas: &[Area]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in areas {
        for m in &a.members {
            if !out.contains(m) {
                out.push(m.clone());
            }
        }
    }
    out
}

/// Years a period list needs.
fn period_ends(periods: &[(i32, i32)]) -> Vec<i32> {
    let mut years: Vec<i32> = periods.iter().flat_map(|&(a, b)| [a, b]).collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// One computation: the request, the crosswalk and the warnings gathered on the way.
struct Run<'a> {
    request: &'a MeasureRequest,
    crosswalk: &'static Crosswalk,
    warnings: Vec<String>,
}

impl Run<'_> {
    fn name(&self) -> &'static str {
        self.request.name()
    }

    /// The places of a selector the measure needs.
    fn required<'p>(&self, places: &'p Option<Places>, selector: Selector) -> Result<&'p Places> {
        let name = self.name();
        let flag = selector.flag();
        places.as_ref().ok_or_else(|| {
            Error::usage(
                format!("{name} needs {flag}"),
                format!("e.g. `miglab measure {name} {flag} south-caucasus`"),
            )
        })
    }

    /// The dataset codes of places, checked against the data: `all` keeps the countries that
    /// have `indicator` in `column`, and `world` needs the dataset's world aggregate.
    fn codes(
        &self,
        places: &Places,
        data: &Loaded,
        indicator: &str,
        column: &str,
    ) -> Result<Vec<String>> {
        let mut codes = places.codes(self.crosswalk)?;
        let world = self.crosswalk.world().map(|w| w.code.clone());
        let asks_world = world.as_ref().is_some_and(|w| codes.contains(w));
        if places.has_all() || asks_world {
            let present = present(&data.frame, indicator, column)?;
            if let Some(w) = world.filter(|w| codes.contains(w) && !present.contains(w)) {
                return Err(Error::not_covered(
                    format!(
                        "{} has no world aggregate ({w}) for {indicator}",
                        data.provenance.name
                    ),
                    "use `all` (every country) with --total for a sum over the countries",
                ));
            }
            if places.has_all() {
                codes.retain(|c| present.contains(c));
            }
        }
        Ok(codes)
    }

    /// Areas of places: one per country, or one summed area with `--total`.
    fn areas(
        &self,
        places: &Places,
        data: &Loaded,
        indicator: &str,
        column: &str,
    ) -> Result<Vec<Area>> {
        let codes = self.codes(places, data, indicator, column)?;
        Ok(places.areas_of(&codes, self.request.total))
    }

    /// The years asked for that the indicator covers (all covered years when none are asked).
    fn years(&mut self, data: &Loaded, indicator: &str) -> Result<Vec<i32>> {
        let covered = data.covered(indicator);
        let Some(set) = &self.request.years else {
            return Ok(covered);
        };
        let asked = set.years();
        let (hit, missing): (Vec<i32>, Vec<i32>) = asked.iter().partition(|y| covered.contains(y));
        if hit.is_empty() {
            return Err(Error::not_covered(
                format!(
                    "--years {set} is outside the coverage of {} {indicator} ({})",
                    data.provenance.name,
                    describe_years(&covered)
                ),
                "choose years from it",
            ));
        }
        // A range (2014-2024) over 5-yearly data keeps the covered years without a word; years
        // named one by one that are not covered get a warning.
        if !missing.is_empty() && set.ranges().iter().all(|&(a, b)| a == b) {
            self.warnings.push(format!(
                "{} has no {indicator} for {}; covered years are {}",
                data.provenance.name,
                describe_years(&missing),
                describe_years(&covered)
            ));
        }
        Ok(hit)
    }

    /// The International Migrant Stock edition asked for (2024, with a warning, by default).
    fn load_ims(&mut self) -> Result<Loaded> {
        let edition = match self.request.edition {
            Some(e) => e,
            None => {
                self.warnings.push("using International Migrant Stock 2024 (the default); --edition 2020 for the 2020 edition".into());
                Edition::Ims2024
            }
        };
        load(edition.dataset())
    }

    /// Periods from --periods, or consecutive pairs of the covered --years; every end covered.
    fn periods(&self, data: &Loaded, indicator: &str, what: &str) -> Result<Vec<(i32, i32)>> {
        let available = data.covered(indicator);
        let periods = match (&self.request.periods, &self.request.years) {
            (Some(p), _) => p.clone(),
            (None, years) => {
                let years: Vec<i32> = available
                    .iter()
                    .copied()
                    .filter(|y| years.as_ref().is_none_or(|set| set.contains(*y)))
                    .collect();
                if years.len() < 2 {
                    return Err(Error::usage(
                        format!(
                            "{} needs two or more years or --periods (covered: {})",
                            self.name(),
                            describe_years(&available)
                        ),
                        "e.g. --periods 1990-2000,2000-2010",
                    ));
                }
                years.windows(2).map(|w| (w[0], w[1])).collect()
            }
        };
        for &(a, b) in &periods {
            for y in [a, b] {
                if !available.contains(&y) {
                    return Err(Error::not_covered(
                        format!("{} has no {what} for {y}", data.provenance.name),
                        format!("choose period ends from {}", describe_years(&available)),
                    ));
                }
            }
        }
        Ok(periods)
    }

    /// net-migration, cnmr, balancing, remittances-gdp, refugees-per-1000: one value per
    /// country (or group) and year.
    fn country_rates(&mut self) -> Result<Vec<MeasureRow>> {
        use MeasureKind as M;
        let measure = self.request.measure;
        let places = self.required(&self.request.countries, Selector::Countries)?;
        let (dataset, indicator, column) = match measure {
            M::RemittancesGdp => ("wdi", "remittances_received", col::COUNTRY),
            M::RefugeesPer1000 => ("unhcr", "refugees", col::DESTINATION),
            _ => ("wpp2024", "net_migrants", col::COUNTRY),
        };
        let main = load(dataset)?;
        let areas = self.areas(places, &main, indicator, column)?;
        let years = self.years(&main, indicator)?;
        let members = all_members(&areas);
        match measure {
            M::RemittancesGdp => {
                let f = select_rows(
                    &main.frame,
                    &["remittances_received", "gdp"],
                    col::COUNTRY,
                    Some(&members),
                    &years,
                )?;
                rates::remittances_gdp(&f, &main.source, &areas, &years)
            }
            M::RefugeesPer1000 => {
                let f = select_rows(
                    &main.frame,
                    &["refugees"],
                    col::DESTINATION,
                    Some(&members),
                    &years,
                )?;
                let wpp = load("wpp2024")?;
                let w = select_rows(
                    &wpp.frame,
                    &["population", "births", "cbr"],
                    col::COUNTRY,
                    Some(&members),
                    &years,
                )?;
                rates::refugees_per_1000(&f, &main.source, &w, &wpp.source, &areas, &years)
            }
            _ => {
                let inputs = [
                    "net_migrants",
                    "population",
                    "births",
                    "deaths",
                    "cbr",
                    "cnmr",
                    "pop_change",
                ];
                let f = select_rows(&main.frame, &inputs, col::COUNTRY, Some(&members), &years)?;
                match measure {
                    M::NetMigration => rates::net_migrants(&f, &main.source, &areas, &years),
                    M::Cnmr => rates::cnmr(&f, &main.source, &areas, &years),
                    _ => balancing::balancing(&f, &main.source, &areas, &years),
                }
            }
        }
    }

    /// immigrant-stock, emigrant-stock, stock-share, emigrant-share, female-share: one value per
    /// country (or group), sex and year.
    fn country_stocks(&mut self) -> Result<Vec<MeasureRow>> {
        use MeasureKind as M;
        let measure = self.request.measure;
        let ims = self.load_ims()?;
        let (places, kind) = match measure {
            M::ImmigrantStock | M::StockShare => (self.countries()?, StockKind::Immigrant),
            M::EmigrantStock | M::EmigrantShare => (self.countries()?, StockKind::Emigrant),
            _ => self.stock_side()?,
        };
        let areas = self.areas(places, &ims, kind.indicator(), col::COUNTRY)?;
        let years = self.years(&ims, kind.indicator())?;
        let inputs = [
            "immigrant_stock",
            "emigrant_stock",
            "population",
            "immigrant_share_of_population",
            "female_share_of_immigrants",
            "female_share_of_emigrants",
        ];
        let members = all_members(&areas);
        let f = select_rows(&ims.frame, &inputs, col::COUNTRY, Some(&members), &years)?;
        let sexes = self.request.sex_list();
        match measure {
            M::ImmigrantStock | M::EmigrantStock => {
                stocks::stock(&f, &ims.source, kind, &areas, &years, &sexes)
            }
            M::StockShare => stocks::stock_share(&f, &ims.source, &areas, &years),
            M::EmigrantShare => stocks::emigrant_share_rows(&f, &ims.source, &areas, &years),
            _ => stocks::female_share(&f, &ims.source, kind, &areas, &years),
        }
    }

    fn countries(&self) -> Result<&Places> {
        self.required(&self.request.countries, Selector::Countries)
    }

    /// female-share: the places and the stock they are read on. `--origin X` is X's emigrants
    /// (the origin workbook), `--destination X` X's immigrants, `--countries X` follows
    /// `--stock` (immigrants by default).
    fn stock_side(&self) -> Result<(&Places, StockKind)> {
        let r = self.request;
        let conflict = |flag: &str, kind: StockKind| {
            r.stock.filter(|s| *s != kind).map(|_| {
                Error::usage(
                    format!(
                        "{flag} reads the {}; --stock says otherwise",
                        kind.indicator().replace('_', " ")
                    ),
                    "drop --stock (or use --countries with --stock)",
                )
            })
        };
        match (&r.countries, &r.origin, &r.destination) {
            (Some(c), None, None) => Ok((c, r.stock.unwrap_or(StockKind::Immigrant))),
            (None, Some(o), None) => match conflict("--origin", StockKind::Emigrant) {
                Some(e) => Err(e),
                None => Ok((o, StockKind::Emigrant)),
            },
            (None, None, Some(d)) => match conflict("--destination", StockKind::Immigrant) {
                Some(e) => Err(e),
                None => Ok((d, StockKind::Immigrant)),
            },
            (None, None, None) => Err(Error::usage(
                format!(
                    "{} needs --countries, --origin or --destination",
                    self.name()
                ),
                format!(
                    "e.g. `miglab measure {} --origin UKR --years 2020`",
                    self.name()
                ),
            )),
            _ => Err(Error::usage(
                format!(
                    "{} takes one of --countries, --origin or --destination",
                    self.name()
                ),
                "--origin X gives women among X's emigrants, --destination X among its immigrants",
            )),
        }
    }

    /// What period-change and stock-growth follow: pairs (--origin and --destination), emigrants
    /// (--origin only), immigrants (--destination only) or --countries with --stock.
    fn subjects(&self, ims: &Loaded) -> Result<Vec<Subject>> {
        let r = self.request;
        let side = |places: &Places, kind: StockKind| -> Result<Vec<Subject>> {
            Ok(self
                .areas(places, ims, kind.indicator(), col::COUNTRY)?
                .into_iter()
                .map(|a| Subject::Country(kind, a))
                .collect())
        };
        match (&r.origin, &r.destination, &r.countries) {
            (Some(o), Some(d), None) => {
                let origins = self.areas(o, ims, "migrant_stock", col::ORIGIN)?;
                let destinations = self.areas(d, ims, "migrant_stock", col::DESTINATION)?;
                Ok(origins
                    .iter()
                    .flat_map(|o| {
                        destinations.iter().map(move |d| Subject::Pair {
                            origin: o.clone(),
                            destination: d.clone(),
                        })
                    })
                    .collect())
            }
            (Some(o), None, None) => side(o, StockKind::Emigrant),
            (None, Some(d), None) => side(d, StockKind::Immigrant),
            (None, None, Some(c)) => side(c, r.stock.unwrap_or(StockKind::Immigrant)),
            (None, None, None) => Err(Error::usage(
                format!("{} needs --origin and/or --destination or --countries", self.name()),
                "--origin and --destination follow a bilateral stock, one of them or --countries a total stock",
            )),
            _ => Err(Error::usage(
                format!("{}: give --countries or --origin/--destination, not both", self.name()),
                "--countries with --stock follows a country's total stock",
            )),
        }
    }

    /// stock-growth and period-change: stocks at the ends of periods.
    fn period_stocks(&mut self) -> Result<Vec<MeasureRow>> {
        let ims = self.load_ims()?;
        let subjects = self.subjects(&ims)?;
        let indicator = match subjects.first() {
            Some(Subject::Country(kind, _)) => kind.indicator(),
            _ => "migrant_stock",
        };
        let periods = self.periods(&ims, indicator, indicator)?;
        let ends = period_ends(&periods);
        let f = match subjects.first() {
            Some(Subject::Country(..)) => {
                let members: Vec<String> = subjects
                    .iter()
                    .flat_map(|s| match s {
                        Subject::Country(_, a) => a.members.clone(),
                        Subject::Pair { .. } => Vec::new(),
                    })
                    .collect();
                select_rows(
                    &ims.frame,
                    &[indicator],
                    col::COUNTRY,
                    Some(&members),
                    &ends,
                )?
            }
            _ => {
                let origins: Vec<String> = subjects
                    .iter()
                    .flat_map(|s| match s {
                        Subject::Pair { origin, .. } => origin.members.clone(),
                        Subject::Country(..) => Vec::new(),
                    })
                    .collect();
                select_rows(
                    &ims.frame,
                    &["migrant_stock"],
                    col::ORIGIN,
                    Some(&origins),
                    &ends,
                )?
            }
        };
        let growth_only = self.request.measure == MeasureKind::StockGrowth;
        let sexes = self.request.sex_list();
        stocks::period_change(&f, &ims.source, &subjects, &periods, &sexes, growth_only)
    }

    /// top-destinations and top-origins: partners ranked by bilateral stock.
    fn partners(&mut self) -> Result<Vec<MeasureRow>> {
        let ims = self.load_ims()?;
        let r = self.request;
        let (direction, places, selector, column) = match r.measure {
            MeasureKind::TopDestinations => (
                Partners::Destinations,
                &r.origin,
                Selector::Origin,
                col::ORIGIN,
            ),
            _ => (
                Partners::Origins,
                &r.destination,
                Selector::Destination,
                col::DESTINATION,
            ),
        };
        let places = match places.as_ref().or(r.countries.as_ref()) {
            Some(p) => p,
            None => {
                let (name, flag) = (self.name(), selector.flag());
                return Err(Error::usage(
                    format!("{name} needs {flag}"),
                    format!("e.g. `miglab measure {name} {flag} AZE --years 2020`"),
                ));
            }
        };
        let areas = self.areas(places, &ims, "migrant_stock", column)?;
        let years = self.years(&ims, "migrant_stock")?;
        let members = all_members(&areas);
        let f = select_rows(
            &ims.frame,
            &["migrant_stock"],
            column,
            Some(&members),
            &years,
        )?;
        let top = r.top.unwrap_or(10);
        stocks::top_partners(
            &f,
            &ims.source,
            direction,
            &areas,
            &years,
            &r.sex_list(),
            top,
        )
    }

    /// stock-difference: flows implied by bilateral stock differences, per pair and period.
    fn stock_difference(&mut self) -> Result<Vec<MeasureRow>> {
        let ims = self.load_ims()?;
        let periods = self.periods(&ims, "migrant_stock", "bilateral stock")?;
        let origin = self.required(&self.request.origin, Selector::Origin)?;
        let destination = self.required(&self.request.destination, Selector::Destination)?;
        let origins = self.codes(origin, &ims, "migrant_stock", col::ORIGIN)?;
        let destinations = self.codes(destination, &ims, "migrant_stock", col::DESTINATION)?;
        let mut both = origins.clone();
        both.extend(destinations.iter().cloned());
        let f = select_rows(
            &ims.frame,
            &["migrant_stock"],
            col::ORIGIN,
            Some(&both),
            &period_ends(&periods),
        )?;
        let variants = match self.request.variant {
            Some(v) => vec![v],
            None => vec![Variant::Zero, Variant::Return],
        };
        let mut rows = Vec::new();
        for p in periods {
            rows.extend(flows::stock_difference(
                &f,
                &ims.source,
                &origins,
                &destinations,
                p,
                &variants,
            )?);
        }
        Ok(rows)
    }

    /// flows: bilateral flows estimated from stocks ([`super::estimate::rows`]); the whole
    /// system is fitted, places only filter the rows. Places are resolved by the crosswalk,
    /// except with the user's own tables, whose codes are taken as written.
    fn flows(&mut self) -> Result<Vec<MeasureRow>> {
        use super::estimate::rows::{flow_rows, FlowQuery, StockSource};
        let r = self.request;
        let source = match &r.stock_files {
            Some(files) => StockSource::Files(files.clone()),
            None => StockSource::Embedded(r.edition.unwrap_or_else(|| {
                self.warnings.push("using International Migrant Stock 2024 (the default); --edition 2020 for the 2020 edition".into());
                Edition::Ims2024
            })),
        };
        let own = r.stock_files.is_some();
        let codes = |places: &Option<Places>| -> Result<Option<Vec<String>>> {
            match places {
                None => Ok(None),
                Some(p) if own => Ok(Some(p.items().to_vec())),
                Some(p) => Ok(Some(p.codes(self.crosswalk)?)),
            }
        };
        let sex = match r.sex_list().as_slice() {
            [one] => *one,
            _ => {
                return Err(Error::usage(
                    "flows is estimated for one sex at a time",
                    "give --sex total, female or male",
                ))
            }
        };
        let query = FlowQuery {
            source,
            periods: r.periods.clone().unwrap_or_default(),
            method: r.method.unwrap_or_default(),
            sex,
            origins: codes(&r.origin)?,
            destinations: codes(&r.destination)?,
            countries: codes(&r.countries)?,
            top: r.top,
        };
        let out = flow_rows(&query)?;
        self.warnings.extend(out.warnings);
        Ok(out.rows)
    }

    /// effectiveness: the migration effectiveness index within a set of countries, per period.
    fn effectiveness(&mut self) -> Result<Vec<MeasureRow>> {
        let ims = self.load_ims()?;
        let periods = self.periods(&ims, "migrant_stock", "bilateral stock")?;
        let places = self.required(&self.request.countries, Selector::Countries)?;
        let countries = self.codes(places, &ims, "migrant_stock", col::ORIGIN)?;
        let f = select_rows(
            &ims.frame,
            &["migrant_stock"],
            col::ORIGIN,
            Some(&countries),
            &period_ends(&periods),
        )?;
        let mut rows = Vec::new();
        for p in periods {
            rows.extend(flows::effectiveness_rows(&f, &ims.source, &countries, p)?);
        }
        Ok(rows)
    }
}

/// The answer to a [`MeasureRequest`]: long rows (keys, `measure`, `value`, `unit`,
/// `projection`, `note`, `dataset`, `source`, `edition`) as a polars frame, with the sources,
/// the notes and the warnings a reader must see.
#[derive(Debug, Clone)]
pub struct MeasureResult {
    measure: MeasureKind,
    rows: Vec<MeasureRow>,
    frame: DataFrame,
    warnings: Vec<String>,
}

impl MeasureResult {
    /// A result from measure rows (warnings about projections and missing values are added).
    pub fn new(
        measure: MeasureKind,
        rows: Vec<MeasureRow>,
        mut warnings: Vec<String>,
    ) -> Result<MeasureResult> {
        let first_projection = rows
            .iter()
            .filter(|r| r.projection)
            .filter_map(|r| r.year)
            .min();
        if rows.iter().any(|r| r.projection) {
            let first = first_projection.map_or(String::new(), |y| format!(" ({y} on)"));
            warnings.push(format!("rows marked projection{first} are WPP 2024 medium-variant projections, not observations"));
        }
        if rows.iter().any(|r| r.value.is_none()) {
            warnings.push("some values are missing in the source data; they are shown as missing, not 0 (see the note column)".into());
        }
        let frame = frame_of(&rows)?;
        Ok(MeasureResult {
            measure,
            rows,
            frame,
            warnings,
        })
    }

    pub fn measure(&self) -> MeasureKind {
        self.measure
    }

    /// The long rows as a polars frame.
    pub fn frame(&self) -> &DataFrame {
        &self.frame
    }

    pub fn rows(&self) -> &[MeasureRow] {
        &self.rows
    }

    pub fn into_rows(self) -> Vec<MeasureRow> {
        self.rows
    }

    /// What the reader must know (projections, missing values, the default edition, years not
    /// covered): the CLI prints them on stderr.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The sources of the rows, in order of first appearance.
    pub fn sources(&self) -> Vec<&Source> {
        let mut out: Vec<&Source> = Vec::new();
        for r in &self.rows {
            if !out.contains(&&r.source) {
                out.push(&r.source);
            }
        }
        out
    }

    /// The embedded datasets read (`unhcr+wpp2024` names two).
    pub fn datasets(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in self.sources() {
            for part in s.dataset.split('+') {
                if !out.iter().any(|d| d == part) {
                    out.push(part.to_string());
                }
            }
        }
        out
    }

    /// The quantities of the rows, in order, with their texts.
    pub fn quantities(&self) -> Vec<&'static Quantity> {
        let mut out: Vec<&'static Quantity> = Vec::new();
        for r in &self.rows {
            if let Some(q) = catalogue::quantity(&r.measure) {
                if !out.iter().any(|o| o.name == q.name) {
                    out.push(q);
                }
            }
        }
        out
    }

    /// The notes of the rows (the denominators used, missing members, stock bases), distinct.
    pub fn notes(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for part in self.rows.iter().flat_map(|r| r.note.split("; ")) {
            if !part.is_empty() && !out.iter().any(|n| n == part) {
                out.push(part.to_string());
            }
        }
        out
    }
}

/// Which key columns the rows use (the same for the frame, CSV, JSON and the table).
pub(crate) struct KeyColumns {
    country: bool,
    bilateral: bool,
    sex: bool,
    year: bool,
    period: bool,
    method: bool,
    rank: bool,
}

impl KeyColumns {
    pub(crate) fn of(rows: &[MeasureRow]) -> KeyColumns {
        KeyColumns {
            country: rows.iter().any(|r| r.country.is_some()),
            bilateral: rows
                .iter()
                .any(|r| r.origin.is_some() || r.destination.is_some()),
            sex: rows.iter().any(|r| r.sex != Sex::Total),
            year: rows.iter().any(|r| r.year.is_some()),
            period: rows.iter().any(|r| r.period.is_some()),
            method: rows.iter().any(|r| r.method.is_some()),
            rank: rows.iter().any(|r| r.rank.is_some()),
        }
    }

    pub(crate) fn header(&self) -> Vec<&'static str> {
        let mut h = Vec::new();
        if self.country {
            h.push("country");
        }
        if self.bilateral {
            h.extend(["origin", "destination"]);
        }
        if self.sex {
            h.push("sex");
        }
        if self.year {
            h.push("year");
        }
        if self.period {
            h.push("period");
        }
        if self.method {
            h.push("method");
        }
        if self.rank {
            h.push("rank");
        }
        h
    }

    /// The key cells of a row as text (the table groups lines by them).
    pub(crate) fn cells(&self, r: &MeasureRow) -> Vec<String> {
        self.values(r).iter().map(Value::to_text).collect()
    }

    fn values(&self, r: &MeasureRow) -> Vec<Value> {
        let opt = |s: &Option<String>| Value::text(s.clone().unwrap_or_default());
        let mut c = Vec::new();
        if self.country {
            c.push(opt(&r.country));
        }
        if self.bilateral {
            c.extend([opt(&r.origin), opt(&r.destination)]);
        }
        if self.sex {
            c.push(Value::text(r.sex.as_str()));
        }
        if self.year {
            c.push(r.year.map_or(Value::Null, |y| Value::Int(i64::from(y))));
        }
        if self.period {
            c.push(opt(&r.period));
        }
        if self.method {
            c.push(opt(&r.method));
        }
        if self.rank {
            c.push(r.rank.map_or(Value::Null, |y| Value::Int(y as i64)));
        }
        c
    }
}

/// A value for a program: rates rounded to 6 decimals (float noise removed), no negative zero.
fn program_number(v: f64) -> f64 {
    let rounded = (v * 1e6).round() / 1e6;
    if rounded == 0.0 {
        0.0
    } else {
        rounded
    }
}

const VALUE_COLUMNS: [&str; 8] = [
    "measure",
    "value",
    "unit",
    "projection",
    "note",
    "dataset",
    "source",
    "edition",
];

fn sheet_of(rows: &[MeasureRow]) -> Sheet {
    let keys = KeyColumns::of(rows);
    let mut names = keys.header();
    names.extend(VALUE_COLUMNS);
    // The formula goes into JSON records after the note (CSV stays one value per line).
    let mut sheet = Sheet::new(&names[..names.len() - 3]).json_only("formula");
    for name in &names[names.len() - 3..] {
        sheet = sheet.with_column(name);
    }
    sheet.rows = rows
        .iter()
        .map(|r| {
            let mut cells = keys.values(r);
            cells.extend([
                Value::text(&r.measure),
                Value::number(r.value.map(program_number)),
                Value::text(&r.unit),
                Value::Bool(r.projection),
                Value::text(&r.note),
                catalogue::quantity(&r.measure).map_or(Value::Absent, |q| Value::text(q.formula)),
                Value::text(&r.source.dataset),
                Value::text(&r.source.source),
                Value::text(&r.source.edition),
            ]);
            cells
        })
        .collect();
    sheet
}

/// The rows as a polars frame with typed columns (the key columns the rows use).
fn frame_of(rows: &[MeasureRow]) -> Result<DataFrame> {
    let keys = KeyColumns::of(rows);
    let text = |name: &str, f: &dyn Fn(&MeasureRow) -> Option<String>| {
        Column::new(
            name.into(),
            rows.iter().map(f).collect::<Vec<Option<String>>>(),
        )
    };
    let mut columns = Vec::new();
    if keys.country {
        columns.push(text("country", &|r| r.country.clone()));
    }
    if keys.bilateral {
        columns.push(text("origin", &|r| r.origin.clone()));
        columns.push(text("destination", &|r| r.destination.clone()));
    }
    if keys.sex {
        columns.push(text("sex", &|r| Some(r.sex.as_str().to_string())));
    }
    if keys.year {
        columns.push(Column::new(
            "year".into(),
            rows.iter().map(|r| r.year).collect::<Vec<_>>(),
        ));
    }
    if keys.period {
        columns.push(text("period", &|r| r.period.clone()));
    }
    if keys.method {
        columns.push(text("method", &|r| r.method.clone()));
    }
    if keys.rank {
        columns.push(Column::new(
            "rank".into(),
            rows.iter()
                .map(|r| r.rank.map(|k| k as u32))
                .collect::<Vec<_>>(),
        ));
    }
    columns.push(text("measure", &|r| Some(r.measure.clone())));
    columns.push(Column::new(
        "value".into(),
        rows.iter().map(|r| r.value).collect::<Vec<_>>(),
    ));
    columns.push(text("unit", &|r| Some(r.unit.clone())));
    columns.push(Column::new(
        "projection".into(),
        rows.iter().map(|r| r.projection).collect::<Vec<_>>(),
    ));
    columns.push(text("note", &|r| {
        Some(r.note.clone()).filter(|n| !n.is_empty())
    }));
    columns.push(text("dataset", &|r| Some(r.source.dataset.clone())));
    columns.push(text("source", &|r| Some(r.source.source.clone())));
    columns.push(text("edition", &|r| Some(r.source.edition.clone())));
    Ok(DataFrame::new(rows.len(), columns)?)
}

impl Exportable for MeasureResult {
    fn sheet(&self) -> Result<Sheet> {
        Ok(sheet_of(&self.rows))
    }

    fn table(&self) -> Result<String> {
        Ok(crate::export::table::measure_table(&self.rows))
    }

    fn frame(&self) -> Result<DataFrame> {
        Ok(self.frame.clone())
    }

    fn about(&self) -> About {
        let mut lines = vec![("measure".to_string(), self.measure.name().to_string())];
        for s in self.sources() {
            lines.push(("source".into(), format!("{} ({})", s.source, s.edition)));
        }
        for q in self.quantities() {
            lines.push((
                q.name.to_string(),
                format!("{} = {} ({})", q.definition, q.formula, q.unit),
            ));
        }
        for n in self.notes() {
            lines.push(("note".into(), n));
        }
        About {
            sheet: "source".into(),
            lines,
        }
    }
}
