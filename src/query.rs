//! Selecting rows of a tidy table: indicators, countries, origins, destinations, sexes, years.
//! Every name is checked against the dataset's provenance first, so a typo gets a "did you mean"
//! instead of an empty table.

use polars::prelude::*;

use crate::countries::Crosswalk;
use crate::error::{Error, Result};
use crate::provenance::{IndicatorInfo, Provenance};
use crate::tidy::{col, Sex};

/// A set of years: `2014-2023`, `2010,2020`, or a mix (`1990-2000,2010`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSet {
    ranges: Vec<(i32, i32)>,
}

impl YearSet {
    pub fn parse(text: &str) -> Result<YearSet> {
        let usage = || {
            Error::Usage(format!(
                "invalid --years `{text}`; write a year, a range or a list, e.g. `2023`, `2014-2023` or `2010,2015,2020`"
            ))
        };
        let mut ranges = Vec::new();
        for part in text.split(',').map(str::trim) {
            if part.is_empty() {
                return Err(usage());
            }
            let (a, b) = match part.split_once(['-', '–']) {
                Some((a, b)) => (a.trim(), b.trim()),
                None => (part, part),
            };
            let a: i32 = a.parse().map_err(|_| usage())?;
            let b: i32 = b.parse().map_err(|_| usage())?;
            if !(1000..=9999).contains(&a) || !(1000..=9999).contains(&b) {
                return Err(usage());
            }
            if a > b {
                return Err(Error::Usage(format!(
                    "invalid --years `{text}`: the range {a}-{b} runs backwards; write {b}-{a}"
                )));
            }
            ranges.push((a, b));
        }
        Ok(YearSet { ranges })
    }

    pub fn contains(&self, year: i32) -> bool {
        self.ranges.iter().any(|&(a, b)| (a..=b).contains(&year))
    }

    pub fn ranges(&self) -> &[(i32, i32)] {
        &self.ranges
    }

    /// The set as one range of several years (`2014-2024`), if it is one: an annual series.
    pub fn series(&self) -> Option<(i32, i32)> {
        match self.ranges.as_slice() {
            [(a, b)] if a < b => Some((*a, *b)),
            _ => None,
        }
    }

    /// One range of years.
    pub fn range(first: i32, last: i32) -> YearSet {
        YearSet {
            ranges: vec![(first.min(last), first.max(last))],
        }
    }

    /// Every year named, in order (ranges expanded).
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.ranges.iter().flat_map(|&(a, b)| a..=b).collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The rows of `frame` whose year is in the set.
    /// Which rows of a tidy frame fall in one of the years.
    pub(crate) fn rows_of(&self, frame: &DataFrame) -> Result<BooleanChunked> {
        let year = frame.column(col::YEAR)?.cast(&DataType::Int64)?;
        let inside = |y: i64| {
            self.ranges
                .iter()
                .any(|&(a, b)| (i64::from(a)..=i64::from(b)).contains(&y))
        };
        Ok(year
            .i64()?
            .iter()
            .map(|y| Some(y.is_some_and(inside)))
            .collect())
    }
}

impl std::fmt::Display for YearSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .ranges
            .iter()
            .map(|&(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}-{b}")
                }
            })
            .collect();
        write!(f, "{}", parts.join(","))
    }
}

/// Which sexes to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SexFilter {
    /// Both sexes only (the default: the total is what most questions are about).
    TotalOnly,
    All,
    Only(Vec<Sex>),
}

impl SexFilter {
    pub fn parse(text: &str) -> Result<SexFilter> {
        if text.trim().eq_ignore_ascii_case("all") {
            return Ok(SexFilter::All);
        }
        let sexes = text
            .split(',')
            .map(|s| {
                Sex::parse(s).ok_or_else(|| {
                    Error::Usage(format!(
                        "invalid --sex `{s}`; use total, female, male, a list of them, or all"
                    ))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SexFilter::Only(sexes))
    }
}

/// A row selection, as given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub indicators: Vec<String>,
    pub countries: Option<String>,
    pub origins: Option<String>,
    pub destinations: Option<String>,
    pub sex: Option<SexFilter>,
    pub years: Option<YearSet>,
}

/// The selected rows and what the reader should know about them.
#[derive(Debug)]
pub struct Selected {
    pub frame: DataFrame,
    pub warnings: Vec<String>,
}

impl Selection {
    /// Applies the selection to a dataset's tidy table, checking every name against the
    /// dataset's provenance and the crosswalk.
    pub fn apply(
        &self,
        frame: DataFrame,
        provenance: &Provenance,
        crosswalk: &Crosswalk,
    ) -> Result<Selected> {
        let mut warnings = Vec::new();
        let mut filter = BooleanChunked::full("keep".into(), true, frame.height());
        let indicators = self.indicators_of(provenance)?;
        if !self.indicators.is_empty() {
            filter = &filter & &rows_equal_any(&frame, col::INDICATOR, &self.indicators)?;
        }
        filter = &filter & &self.place_rows(&frame, crosswalk, &indicators)?;
        if let Some(rows) = self.sex_rows(&frame, provenance, &indicators)? {
            filter = &filter & &rows;
        }
        if let Some(years) = &self.years {
            let (rows, warning) = year_rows(years, &frame, provenance, &indicators)?;
            warnings.extend(warning);
            filter = &filter & &rows;
        }

        let frame = sort_tidy(frame.filter(&filter)?)?;
        if frame.height() == 0 {
            return Err(Error::NotCovered(format!(
                "no rows in {} match this selection; check the countries with `miglab countries` and the coverage with `miglab data list`",
                provenance.name
            )));
        }
        warnings.extend(projection_warning(&frame, provenance, &indicators)?);
        Ok(Selected { frame, warnings })
    }

    /// The indicators selected (every indicator of the dataset when none is named); an unknown
    /// name is an error listing the dataset's indicators.
    fn indicators_of<'p>(&self, provenance: &'p Provenance) -> Result<Vec<&'p IndicatorInfo>> {
        let known: Vec<&str> = provenance
            .indicators
            .iter()
            .map(|i| i.name.as_str())
            .collect();
        for indicator in &self.indicators {
            if !known.contains(&indicator.as_str()) {
                let list = format!("{} has: {}", provenance.name, known.join(", "));
                return Err(Error::unknown(
                    "indicator",
                    indicator,
                    known.iter().copied(),
                    &list,
                ));
            }
        }
        Ok(if self.indicators.is_empty() {
            provenance.indicators.iter().collect()
        } else {
            provenance
                .indicators
                .iter()
                .filter(|i| self.indicators.contains(&i.name))
                .collect()
        })
    }

    /// The rows of the countries, origins and destinations asked for; a country flag on
    /// bilateral indicators (or the reverse) is an error naming the flags that apply.
    fn place_rows(
        &self,
        frame: &DataFrame,
        crosswalk: &Crosswalk,
        indicators: &[&IndicatorInfo],
    ) -> Result<BooleanChunked> {
        let mut filter = BooleanChunked::full("keep".into(), true, frame.height());
        for (flag, list, column) in [
            ("--country", &self.countries, col::COUNTRY),
            ("--origin", &self.origins, col::ORIGIN),
            ("--destination", &self.destinations, col::DESTINATION),
        ] {
            if let Some(list) = list {
                let codes = crosswalk.resolve_list(list)?;
                let wants_bilateral = column != col::COUNTRY;
                if !indicators.iter().any(|i| i.bilateral == wants_bilateral) {
                    return Err(Error::NotCovered(format!(
                        "{flag} does not apply to {}: its indicators are {}; use {}",
                        describe_indicators(indicators),
                        if wants_bilateral {
                            "single-country series"
                        } else {
                            "origin × destination pairs"
                        },
                        if wants_bilateral {
                            "--country"
                        } else {
                            "--origin and/or --destination"
                        },
                    )));
                }
                filter = &filter & &rows_equal_any(frame, column, &codes)?;
            }
        }
        Ok(filter)
    }

    /// The rows of the sexes asked for (both sexes only by default; `None`: every row); a sex
    /// where the indicators have no breakdown by sex is an error.
    fn sex_rows(
        &self,
        frame: &DataFrame,
        provenance: &Provenance,
        indicators: &[&IndicatorInfo],
    ) -> Result<Option<BooleanChunked>> {
        let by_sex = indicators.iter().any(|i| i.by_sex);
        Ok(match self.sex.clone().unwrap_or(SexFilter::TotalOnly) {
            SexFilter::All => None,
            SexFilter::TotalOnly => Some(rows_equal_any(frame, col::SEX, &["total"])?),
            SexFilter::Only(sexes) => {
                if !by_sex && sexes.iter().any(|s| *s != Sex::Total) {
                    return Err(Error::NotCovered(format!(
                        "{} has no breakdown by sex for {}; drop --sex",
                        provenance.name,
                        describe_indicators(indicators)
                    )));
                }
                let names: Vec<String> = sexes.iter().map(|s| s.as_str().to_string()).collect();
                Some(rows_equal_any(frame, col::SEX, &names)?)
            }
        })
    }
}

/// The rows of the years asked for, checked against the indicators' coverage: none covered is
/// an error; some not covered, when the years were named one by one, a warning.
fn year_rows(
    years: &YearSet,
    frame: &DataFrame,
    provenance: &Provenance,
    indicators: &[&IndicatorInfo],
) -> Result<(BooleanChunked, Option<String>)> {
    let mut covered: Vec<i32> = indicators
        .iter()
        .flat_map(|i| i.years.iter().copied())
        .collect();
    covered.sort_unstable();
    covered.dedup();
    let asked = years.years();
    let hit: Vec<i32> = asked
        .iter()
        .copied()
        .filter(|y| covered.binary_search(y).is_ok())
        .collect();
    if hit.is_empty() {
        return Err(Error::NotCovered(format!(
            "--years {years} is outside the coverage of {} ({}); choose years from {}",
            provenance.name,
            describe_indicators(indicators),
            describe_years(&covered)
        )));
    }
    let missing: Vec<i32> = asked
        .iter()
        .copied()
        .filter(|y| covered.binary_search(y).is_err())
        .collect();
    let warning = (!missing.is_empty() && years.ranges().iter().all(|&(a, b)| a == b)).then(|| {
        format!(
            "{} has no data for {}; covered years are {}",
            provenance.name,
            describe_years(&missing),
            describe_years(&covered)
        )
    });
    Ok((years.rows_of(frame)?, warning))
}

/// "values from 2024 on are WPP 2024 projections" when the selected rows hold projections.
fn projection_warning(
    frame: &DataFrame,
    provenance: &Provenance,
    indicators: &[&IndicatorInfo],
) -> Result<Option<String>> {
    let Some(first) = indicators
        .iter()
        .filter_map(|i| i.first_projection_year)
        .min()
    else {
        return Ok(None);
    };
    let has_projection = frame.column(col::PROJECTION)?.bool()?.any();
    Ok(has_projection.then(|| {
        format!(
            "values from {first} on are {} projections, not observations",
            provenance.edition
        )
    }))
}

/// A tidy frame in the order `data show` prints it: indicator, country, origin, destination,
/// sex, year (missing codes last).
pub(crate) fn sort_tidy(frame: DataFrame) -> Result<DataFrame> {
    Ok(frame.sort(
        [
            col::INDICATOR,
            col::COUNTRY,
            col::ORIGIN,
            col::DESTINATION,
            col::SEX,
            col::YEAR,
        ],
        SortMultipleOptions::default().with_nulls_last(true),
    )?)
}

/// The rows of `frame` whose `column` equals one of `values` (a null matches nothing). Eager
/// on purpose: polars' lazy engine is not compiled in (it doubled the build time).
pub(crate) fn rows_equal_any<S: AsRef<str>>(
    frame: &DataFrame,
    column: &str,
    values: &[S],
) -> Result<BooleanChunked> {
    let wanted: std::collections::HashSet<&str> = values.iter().map(AsRef::as_ref).collect();
    let text = frame.column(column)?.cast(&DataType::String)?;
    Ok(text
        .str()?
        .iter()
        .map(|v| Some(v.is_some_and(|v| wanted.contains(v))))
        .collect())
}

fn describe_indicators(indicators: &[&IndicatorInfo]) -> String {
    indicators
        .iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Years in few words: "1950-2030", "1990-2020 every 5 years, 2024", or a list.
pub fn describe_years(years: &[i32]) -> String {
    if years.len() < 3 {
        return years
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
    }
    let step = years[1] - years[0];
    let run = years.windows(2).take_while(|w| w[1] - w[0] == step).count() + 1;
    let head = match step {
        1 => format!("{}-{}", years[0], years[run - 1]),
        _ => format!("{}-{} every {step} years", years[0], years[run - 1]),
    };
    match &years[run..] {
        [] => head,
        rest => format!("{head}, {}", describe_years(rest)),
    }
}

/// One `miglab data show`: rows of an embedded dataset (or of a table `miglab fetch` saved) by
/// indicator, place, sex and year.
///
/// ```no_run
/// use miglab::query::DataQuery;
///
/// let mut query = DataQuery::new("wpp2024");
/// query.indicators = vec!["net_migrants".into()];
/// query.countries = Some("AZE".into());
/// let rows = query.run()?;
/// println!("{}", rows.frame);
/// # Ok::<(), miglab::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataQuery {
    pub dataset: String,
    /// Indicators (all when empty).
    pub indicators: Vec<String>,
    pub countries: Option<crate::request::Places>,
    pub origin: Option<crate::request::Places>,
    pub destination: Option<crate::request::Places>,
    pub sexes: Option<SexFilter>,
    pub years: Option<YearSet>,
}

impl DataQuery {
    pub fn new(dataset: &str) -> DataQuery {
        DataQuery {
            dataset: dataset.trim().to_string(),
            ..Default::default()
        }
    }

    /// The selected rows, with their provenance and what the reader should know (warnings).
    pub fn run(&self) -> Result<Rows> {
        let (frame, provenance) = load_table(&self.dataset)?;
        let selection = Selection {
            indicators: self.indicators.clone(),
            countries: self.countries.as_ref().map(|p| p.to_string()),
            origins: self.origin.as_ref().map(|p| p.to_string()),
            destinations: self.destination.as_ref().map(|p| p.to_string()),
            sex: self.sexes.clone(),
            years: self.years.clone(),
        };
        let selected = selection.apply(frame, &provenance, Crosswalk::embedded()?)?;
        Ok(Rows {
            frame: selected.frame,
            provenance,
            warnings: selected.warnings,
        })
    }
}

/// An embedded dataset, else a table `miglab fetch` saved in the cache folder.
fn load_table(name: &str) -> Result<(DataFrame, Provenance)> {
    match crate::store::dataset(name) {
        Ok(dataset) => Ok((dataset.frame()?, dataset.provenance()?)),
        Err(e) => {
            let fetched = match crate::sources::cache::cache_dir() {
                Some(dir) => crate::sources::cache::Cache::at(dir).table(name)?,
                None => None,
            };
            fetched.ok_or(e)
        }
    }
}

/// Rows of a tidy table with the provenance of their dataset: the answer to a [`DataQuery`],
/// written by every [`crate::export`] format.
#[derive(Debug, Clone)]
pub struct Rows {
    pub frame: DataFrame,
    pub provenance: Provenance,
    /// What the reader should know (years not covered, projections), for stderr.
    pub warnings: Vec<String>,
}

impl Rows {
    pub fn new(frame: DataFrame, provenance: Provenance) -> Rows {
        Rows {
            frame,
            provenance,
            warnings: Vec::new(),
        }
    }

    /// The first `n` rows.
    pub fn head(&self, n: usize) -> Rows {
        Rows {
            frame: self.frame.head(Some(n)),
            provenance: self.provenance.clone(),
            warnings: self.warnings.clone(),
        }
    }

    pub fn height(&self) -> usize {
        self.frame.height()
    }

    fn observations(&self) -> Result<Vec<(String, crate::tidy::Observation)>> {
        crate::tidy::observations(&self.frame)
    }
}

/// Columns present in a set of rows: bilateral rows get origin/destination, flags only when
/// some row carries them.
struct DataColumns {
    country: bool,
    bilateral: bool,
    stock_basis: bool,
    includes_refugees: bool,
    imputed: bool,
}

impl DataColumns {
    fn of(rows: &[(String, crate::tidy::Observation)]) -> DataColumns {
        let any = |f: &dyn Fn(&crate::tidy::Observation) -> bool| rows.iter().any(|(_, o)| f(o));
        DataColumns {
            country: any(&|o| o.country.is_some()),
            bilateral: any(&|o| o.origin.is_some() || o.destination.is_some()),
            stock_basis: any(&|o| o.stock_basis.is_some()),
            includes_refugees: any(&|o| o.includes_refugees.is_some()),
            imputed: any(&|o| o.imputed.is_some()),
        }
    }

    fn header(&self) -> Vec<&'static str> {
        let mut h = vec![col::DATASET, col::INDICATOR];
        if self.country {
            h.push(col::COUNTRY);
        }
        if self.bilateral {
            h.extend([col::ORIGIN, col::DESTINATION]);
        }
        h.extend([col::SEX, col::YEAR, col::VALUE, col::UNIT, col::PROJECTION]);
        if self.stock_basis {
            h.push(col::STOCK_BASIS);
        }
        if self.includes_refugees {
            h.push(col::INCLUDES_REFUGEES);
        }
        if self.imputed {
            h.push(col::IMPUTED);
        }
        h.push("source");
        h
    }

    fn cells(&self, dataset: &str, o: &crate::tidy::Observation, source: &str) -> Vec<Value> {
        use crate::export::Value;
        let opt = |s: &Option<String>| Value::text(s.clone().unwrap_or_default());
        let flag = |b: Option<bool>| b.map_or(Value::Null, Value::Bool);
        let mut c = vec![Value::text(dataset), Value::text(&o.indicator)];
        if self.country {
            c.push(opt(&o.country));
        }
        if self.bilateral {
            c.extend([opt(&o.origin), opt(&o.destination)]);
        }
        c.extend([
            Value::text(o.sex.as_str()),
            Value::Int(i64::from(o.year)),
            Value::number(o.value),
            Value::text(o.unit.as_str()),
            Value::Bool(o.projection),
        ]);
        if self.stock_basis {
            c.push(Value::text(
                o.stock_basis.map(|b| b.as_str()).unwrap_or_default(),
            ));
        }
        if self.includes_refugees {
            c.push(flag(o.includes_refugees));
        }
        if self.imputed {
            c.push(flag(o.imputed));
        }
        c.push(Value::text(source));
        c
    }
}

use crate::export::{About, Exportable, Sheet, Value};

impl Exportable for Rows {
    fn sheet(&self) -> Result<Sheet> {
        let rows = self.observations()?;
        let columns = DataColumns::of(&rows);
        let mut sheet = Sheet::new(&columns.header());
        sheet.rows = rows
            .iter()
            .map(|(dataset, o)| columns.cells(dataset, o, &self.provenance.source))
            .collect();
        Ok(sheet)
    }

    fn table(&self) -> Result<String> {
        let rows = self.observations()?;
        Ok(crate::export::table::data_table(&rows, &self.provenance))
    }

    fn frame(&self) -> Result<DataFrame> {
        Ok(self.frame.clone())
    }

    fn about(&self) -> About {
        let p = &self.provenance;
        let lines = [
            ("dataset", &p.name),
            ("title", &p.title),
            ("publisher", &p.publisher),
            ("edition", &p.edition),
            ("citation", &p.citation),
            ("url", &p.url),
            ("licence", &p.licence),
            ("reference time", &p.reference_time),
            ("produced by", &p.produced_by),
        ];
        About {
            sheet: "provenance".into(),
            lines: lines
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}
