//! Typed requests: what a user asks miglab for, checked before any data are read.
//!
//! A [`MeasureRequest`] is one `miglab measure` (the measure, the places, years or periods,
//! edition, sexes, top, total, stock, variant); [`crate::query::DataQuery`] is one
//! `miglab data show`. The command line, the exercise definitions ([`notation`]) and notebooks
//! all build these; [`crate::measures::engine::compute`] answers a measure request.

pub mod notation;

use std::fmt;
use std::str::FromStr;

use crate::catalogue::{MeasureKind, Selector};
use crate::countries::{Crosswalk, DATA_GROUPS, GROUPS};
use crate::error::{Error, Result};
use crate::measures::estimate::run::{FlowMethodChoice, StockFiles};
use crate::measures::flows::Variant;
use crate::measures::stocks::StockKind;
use crate::measures::Area;
use crate::query::{SexFilter, YearSet};
use crate::tidy::Sex;

/// Places as the user wrote them: ISO3/ISO2/M49 codes, names (en/az/ru), groups
/// (`south-caucasus`, `eeca`, `eu27`...), `all` (every country, no aggregates) and `world` (the
/// world aggregate, where the dataset has one). Resolved once, by [`Places::codes`] or
/// [`Places::areas`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    items: Vec<String>,
}

impl Places {
    /// A comma-separated list, as on the command line (`ARM,AZE`, `south-caucasus`, `all`).
    pub fn parse(text: &str) -> Places {
        Places {
            items: text
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }

    pub fn new<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Places {
        Places {
            items: items.into_iter().map(Into::into).collect(),
        }
    }

    /// Every country with data (no aggregates).
    pub fn all() -> Places {
        Places::new([crate::countries::ALL])
    }

    /// The world aggregate.
    pub fn world() -> Places {
        Places::new([crate::countries::WORLD])
    }

    pub fn items(&self) -> &[String] {
        &self.items
    }

    /// Whether the list asks for every country (`all`): measures keep those their data have.
    pub fn has_all(&self) -> bool {
        self.items
            .iter()
            .any(|i| i.eq_ignore_ascii_case(crate::countries::ALL))
    }

    /// The dataset codes, in the order given, without duplicates.
    pub fn codes(&self, crosswalk: &Crosswalk) -> Result<Vec<String>> {
        crosswalk.resolve_list(&self.to_string())
    }

    /// One area per country, or one summed area with `total`.
    pub fn areas(&self, crosswalk: &Crosswalk, total: bool) -> Result<Vec<Area>> {
        Ok(self.areas_of(&self.codes(crosswalk)?, total))
    }

    /// Areas of codes already resolved from these places: one per country, or with `total` one
    /// summed area labelled by the group's name when the list is one group (`south-caucasus`,
    /// `all`), else by the codes joined with `+`.
    pub fn areas_of(&self, codes: &[String], total: bool) -> Vec<Area> {
        if !total {
            return codes.iter().map(|c| Area::country(c)).collect();
        }
        let lower = self.to_string().trim().to_lowercase();
        let named = GROUPS.iter().any(|g| g.name == lower)
            || DATA_GROUPS.iter().any(|g| g.0 == lower)
            || lower == crate::countries::ALL;
        let label = if named { lower } else { codes.join("+") };
        vec![Area::group(&label, codes)]
    }
}

impl fmt::Display for Places {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.items.join(","))
    }
}

impl FromStr for Places {
    type Err = Error;
    fn from_str(s: &str) -> Result<Places> {
        Ok(Places::parse(s))
    }
}

impl From<&str> for Places {
    fn from(s: &str) -> Places {
        Places::parse(s)
    }
}

/// An edition of the International Migrant Stock (editions are never mixed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edition {
    Ims2024,
    Ims2020,
}

impl Edition {
    pub const ALL: [Edition; 2] = [Edition::Ims2024, Edition::Ims2020];

    /// The embedded dataset of the edition.
    pub fn dataset(self) -> &'static str {
        match self {
            Edition::Ims2024 => "ims2024",
            Edition::Ims2020 => "ims2020",
        }
    }

    /// The year as written on the command line.
    pub fn year(self) -> &'static str {
        match self {
            Edition::Ims2024 => "2024",
            Edition::Ims2020 => "2020",
        }
    }

    pub fn parse(text: &str) -> Result<Edition> {
        Edition::ALL
            .into_iter()
            .find(|e| e.year() == text.trim())
            .ok_or_else(|| {
                Error::usage(
                    format!("invalid --edition `{text}`"),
                    "International Migrant Stock editions are 2024 and 2020",
                )
            })
    }
}

/// `1990-2000,2000-2010` into pairs of years.
pub fn parse_periods(text: &str) -> Result<Vec<(i32, i32)>> {
    let usage = || {
        Error::usage(
            format!("invalid --periods `{text}`"),
            "write start-end pairs separated by commas, e.g. `1990-2000,2000-2010,2010-2020`",
        )
    };
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim) {
        let (a, b) = part.split_once(['-', '–']).ok_or_else(usage)?;
        let a: i32 = a.trim().parse().map_err(|_| usage())?;
        let b: i32 = b.trim().parse().map_err(|_| usage())?;
        if a >= b {
            return Err(Error::usage(
                format!("invalid --periods `{text}`: the period {a}-{b} must run forwards"),
                format!("write {b}-{a} (start < end)"),
            ));
        }
        out.push((a, b));
    }
    Ok(out)
}

/// One `miglab measure`: which measure, for which places, years or periods, edition and sexes.
/// Build it with [`MeasureRequest::new`] and the builder methods, check it with
/// [`MeasureRequest::validate`] (the engine does), answer it with
/// [`crate::measures::engine::compute`].
///
/// ```no_run
/// use miglab::catalogue::MeasureKind;
/// use miglab::request::MeasureRequest;
///
/// let request = MeasureRequest::new(MeasureKind::Cnmr)
///     .countries("south-caucasus")
///     .years("2014-2024")?;
/// let result = miglab::measures::engine::compute(&request)?;
/// println!("{}", result.frame());
/// # Ok::<(), miglab::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureRequest {
    pub measure: MeasureKind,
    pub countries: Option<Places>,
    pub origin: Option<Places>,
    pub destination: Option<Places>,
    /// Years (default: every year the data cover).
    pub years: Option<YearSet>,
    /// Periods of period measures (start, end).
    pub periods: Option<Vec<(i32, i32)>>,
    /// The International Migrant Stock edition (default 2024, with a warning).
    pub edition: Option<Edition>,
    /// Sexes (default: both sexes only).
    pub sexes: Option<SexFilter>,
    /// Number of partners of a ranking (default 10).
    pub top: Option<usize>,
    /// Sum the places into one total.
    pub total: bool,
    /// Which stock a period or female-share measure follows (default immigrant).
    pub stock: Option<StockKind>,
    /// Stock-differencing variant (default both).
    pub variant: Option<Variant>,
    /// Estimation method of flows (default demographic-closed), or all side by side.
    pub method: Option<FlowMethodChoice>,
    /// The user's own stock, births and deaths tables for flows (default: the embedded data).
    pub stock_files: Option<StockFiles>,
}

impl MeasureRequest {
    pub fn new(measure: MeasureKind) -> MeasureRequest {
        MeasureRequest {
            measure,
            countries: None,
            origin: None,
            destination: None,
            years: None,
            periods: None,
            edition: None,
            sexes: None,
            top: None,
            total: false,
            stock: None,
            variant: None,
            method: None,
            stock_files: None,
        }
    }

    pub fn countries(mut self, places: impl Into<Places>) -> Self {
        self.countries = Some(places.into());
        self
    }

    pub fn origin(mut self, places: impl Into<Places>) -> Self {
        self.origin = Some(places.into());
        self
    }

    pub fn destination(mut self, places: impl Into<Places>) -> Self {
        self.destination = Some(places.into());
        self
    }

    /// Years as on the command line: `2023`, `2014-2023`, `2010,2020`.
    pub fn years(mut self, years: &str) -> Result<Self> {
        self.years = Some(YearSet::parse(years)?);
        Ok(self)
    }

    /// Periods as on the command line: `1990-2000,2000-2010`.
    pub fn periods(mut self, periods: &str) -> Result<Self> {
        self.periods = Some(parse_periods(periods)?);
        Ok(self)
    }

    pub fn edition(mut self, edition: Edition) -> Self {
        self.edition = Some(edition);
        self
    }

    /// Sexes as on the command line: `total`, `female,male`, `all`.
    pub fn sexes(mut self, sexes: &str) -> Result<Self> {
        self.sexes = Some(SexFilter::parse(sexes)?);
        Ok(self)
    }

    pub fn top(mut self, top: usize) -> Self {
        self.top = Some(top);
        self
    }

    pub fn total(mut self, total: bool) -> Self {
        self.total = total;
        self
    }

    pub fn stock(mut self, stock: StockKind) -> Self {
        self.stock = Some(stock);
        self
    }

    pub fn variant(mut self, variant: Variant) -> Self {
        self.variant = Some(variant);
        self
    }

    /// The flow estimation method (`flows`).
    pub fn method(mut self, method: FlowMethodChoice) -> Self {
        self.method = Some(method);
        self
    }

    /// The user's own tables for `flows` instead of the embedded data.
    pub fn stock_files(mut self, files: StockFiles) -> Self {
        self.stock_files = Some(files);
        self
    }

    /// The measure's name on the command line.
    pub fn name(&self) -> &'static str {
        self.measure.name()
    }

    /// The sexes asked for (both sexes when none).
    pub fn sex_list(&self) -> Vec<Sex> {
        match &self.sexes {
            None | Some(SexFilter::TotalOnly) => vec![Sex::Total],
            Some(SexFilter::All) => vec![Sex::Total, Sex::Female, Sex::Male],
            Some(SexFilter::Only(s)) => s.clone(),
        }
    }

    /// The selectors given, in flag order.
    pub fn given(&self) -> Vec<Selector> {
        let mut given = Vec::new();
        let mut add = |present: bool, s: Selector| {
            if present {
                given.push(s)
            }
        };
        add(self.countries.is_some(), Selector::Countries);
        add(self.origin.is_some(), Selector::Origin);
        add(self.destination.is_some(), Selector::Destination);
        add(self.years.is_some(), Selector::Years);
        add(self.periods.is_some(), Selector::Periods);
        add(self.edition.is_some(), Selector::Edition);
        add(self.sexes.is_some(), Selector::Sex);
        add(self.top.is_some(), Selector::Top);
        add(self.total, Selector::Total);
        add(self.stock.is_some(), Selector::Stock);
        add(self.variant.is_some(), Selector::Variant);
        add(self.method.is_some(), Selector::Method);
        add(self.stock_files.is_some(), Selector::FromStocks);
        given
    }

    /// Refuses selectors the measure does not take (the catalogue says which), instead of
    /// ignoring them silently. Usage errors: the user fixes the flags.
    pub fn validate(&self) -> Result<()> {
        let name = self.name();
        let refused: Vec<Selector> = self
            .given()
            .into_iter()
            .filter(|s| !self.measure.takes(*s))
            .collect();
        if let Some(&selector) = refused.first() {
            return Err(self.refusal(selector, &refused));
        }
        let m = self.measure;
        if self.years.is_some()
            && self.periods.is_some()
            && matches!(
                m,
                MeasureKind::PeriodChange
                    | MeasureKind::StockDifference
                    | MeasureKind::Effectiveness
            )
        {
            return Err(Error::usage(
                format!("--years together with --periods does not apply to {name}"),
                "give one of them",
            ));
        }
        if self.stock_files.is_some() && self.edition.is_some() {
            return Err(Error::usage(
                "--edition chooses the embedded stocks; it does not apply with --from-stocks",
                "drop --edition (your own tables are used)",
            ));
        }
        if self.top == Some(0) {
            return Err(Error::usage("--top must be at least 1", "e.g. --top 10"));
        }
        if matches!(m, MeasureKind::StockShare | MeasureKind::EmigrantShare)
            && self.sex_list() != [Sex::Total]
        {
            return Err(both_sexes_only(name));
        }
        Ok(())
    }

    /// The refusal of a selector the measure does not take, in the words of the measure.
    fn refusal(&self, selector: Selector, refused: &[Selector]) -> Error {
        let name = self.name();
        let m = self.measure;
        let takes_countries = m.takes(Selector::Countries);
        match selector {
            Selector::Origin | Selector::Destination if takes_countries && !m.takes(Selector::Origin) && !m.takes(Selector::Destination) => {
                Error::usage(
                    format!("--origin/--destination does not apply to {name}"),
                    "use --countries",
                )
            }
            Selector::Origin => Error::usage(
                format!("--origin does not apply to {name}"),
                "it ranks the origins of --destination",
            ),
            Selector::Destination => Error::usage(
                format!("--destination does not apply to {name}"),
                "it ranks the destinations of --origin",
            ),
            Selector::Countries => Error::usage(
                format!("--countries does not apply to {name}"),
                "use --origin and --destination",
            ),
            Selector::Top => Error::usage(
                format!("--top does not apply to {name}"),
                "it ranks partners in top-destinations and top-origins",
            ),
            Selector::Periods => Error::usage(
                format!("--periods does not apply to {name}"),
                "use --years",
            ),
            Selector::Stock => Error::usage(
                format!("--stock does not apply to {name}"),
                "it chooses immigrant or emigrant stock for stock-growth, period-change and female-share",
            ),
            Selector::Variant => Error::usage(
                format!("--variant does not apply to {name}"),
                "it applies to stock-difference",
            ),
            Selector::Method => Error::usage(
                format!("--method does not apply to {name}"),
                "it chooses the estimate of flows (miglab measure flows)",
            ),
            Selector::FromStocks => Error::usage(
                format!("--from-stocks does not apply to {name}"),
                "your own stock tables are read by miglab measure flows",
            ),
            Selector::Edition => Error::usage(
                format!(
                    "{name} uses WPP 2024 (and WDI/UNHCR), never an IMS edition; --edition would mix editions"
                ),
                "drop --edition",
            ),
            Selector::Sex if m.takes(Selector::Countries) && !m.takes(Selector::Edition) => {
                Error::usage(format!("{name} has no breakdown by sex"), "drop --sex")
            }
            Selector::Sex => both_sexes_only(name),
            Selector::Total => Error::usage(
                format!(
                    "--total does not apply to {name}: stock-differencing flows are computed per pair{}",
                    if m == MeasureKind::Effectiveness {
                        " and the index already covers the whole set"
                    } else {
                        ""
                    }
                ),
                "drop --total",
            ),
            Selector::Years => Error::usage(
                format!("--years does not apply to {name}"),
                format!(
                    "drop {}",
                    refused.iter().map(|s| s.flag()).collect::<Vec<_>>().join(", ")
                ),
            ),
        }
    }
}

fn both_sexes_only(name: &str) -> Error {
    Error::usage(
        format!("{name} is computed for both sexes only"),
        "drop --sex",
    )
}
