//! `miglab measure NAME ...`: migration measures by the UN definitions. Maps the flags onto a
//! [`MeasureRequest`], computes it with [`engine::compute`] and prints or writes the result
//! through [`crate::export`].

use std::path::PathBuf;

use anyhow::Context;
use clap::Args as ClapArgs;

use crate::catalogue::MeasureKind;
use crate::error::Error;
use crate::export::{self, Format};
use crate::measures::engine::{self, MeasureResult};
use crate::measures::estimate::run::{FlowMethodChoice, StockFiles};
use crate::measures::flows::Variant;
use crate::measures::stocks::StockKind;
use crate::query::{SexFilter, YearSet};
use crate::request::{parse_periods, Edition, MeasureRequest, Places};

/// The measures on the command line (the catalogue's [`MeasureKind`]).
pub type MeasureName = MeasureKind;

/// Output formats of `measure` (one [`Format`] for every command).
pub type OutFormat = Format;

/// Compute a migration measure for countries, groups or origin → destination pairs.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  miglab measure cnmr --countries south-caucasus --years 2014-2024 --format csv
  miglab measure cnmr --countries all --years 2023 --format csv
  miglab measure balancing --countries AZE --years 2019-2023
  miglab measure top-destinations --origin AZE --years 2020 --edition 2024 --top 10
  miglab measure period-change --origin south-caucasus --destination RUS --periods 1990-2000,2000-2010,2010-2020 --edition 2020
  miglab measure emigrant-stock --countries eeca --total --years 2010,2020 --edition 2020 --out eeca.xlsx
  miglab measure flows --method demographic-closed --periods 2015-2020 --origin AZE
  miglab measure flows --method all --periods 2015-2020 --origin AZE --top 10
  miglab measure flows --periods 2015-2020 --countries south-caucasus
  miglab measure flows --periods 2015-2020 --from-stocks stocks.csv --births births.csv --deaths deaths.csv

Counts are persons. Missing values are shown as missing, never 0; projection years are marked.
Group rates (--total) are summed numerators over summed denominators, never averages.
flows are ESTIMATES of migrant transitions from two stock tables (whole world as one closed
system, rows filtered afterwards), never measured flows; every row names its method and paper.")]
pub struct Command {
    #[command(flatten)]
    pub args: Args,
    /// Write the result to a file instead (csv, json, parquet or xlsx, by --format or extension).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// A measure, what it covers and how to print it.
#[derive(Debug, ClapArgs)]
pub struct Args {
    /// The measure to compute.
    #[arg(value_enum)]
    pub measure: MeasureName,
    #[command(flatten)]
    pub selection: Selection,
    /// Output format (parquet and xlsx with --out).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: OutFormat,
}

/// Which countries, partners, years and editions a measure (or a chart of it) covers: the flags
/// `measure` and `chart` share.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Selection {
    /// Countries: ISO3/ISO2/M49 codes, names, groups (south-caucasus, central-asia, eastern-partnership, eeca, eu27), all (every country) or world.
    #[arg(long, visible_alias = "country")]
    pub countries: Option<String>,
    /// Countries of origin (bilateral measures; same forms as --countries).
    #[arg(long)]
    pub origin: Option<String>,
    /// Countries of destination (bilateral measures).
    #[arg(long)]
    pub destination: Option<String>,
    /// Years: 2023, 2014-2023, 2010,2020 (default: every year the data cover).
    #[arg(long)]
    pub years: Option<String>,
    /// Periods for period-change, stock-growth, stock-difference, effectiveness: 1990-2000,2000-2010.
    #[arg(long)]
    pub periods: Option<String>,
    /// International Migrant Stock edition for stock measures (default 2024). Editions are never mixed.
    #[arg(long, value_enum)]
    pub edition: Option<Edition>,
    /// Number of partners for top-destinations / top-origins (default 10).
    #[arg(long)]
    pub top: Option<usize>,
    /// Sum the countries into one total (rates: summed numerator over summed denominator).
    #[arg(long)]
    pub total: bool,
    /// total (default), female, male, a list, or all (stock measures only).
    #[arg(long)]
    pub sex: Option<String>,
    /// Which stock for stock-growth, period-change and female-share with --countries (default immigrant).
    #[arg(long, value_enum)]
    pub stock: Option<StockKind>,
    /// Stock-differencing variant for stock-difference (default: both).
    #[arg(long, value_enum)]
    pub variant: Option<Variant>,
    /// flows: the estimate (default demographic-closed), or all side by side with the range.
    #[arg(long, value_enum)]
    pub method: Option<FlowMethodChoice>,
    /// flows: your own stock table origin,destination,year,stock (origin = place of birth, destination = residence, natives as origin = destination).
    #[arg(long, value_name = "FILE", requires_all = ["births", "deaths"])]
    pub from_stocks: Option<PathBuf>,
    /// flows with --from-stocks: births by area, area,period,value (period written 2015-2020).
    #[arg(long, value_name = "FILE", requires = "from_stocks")]
    pub births: Option<PathBuf>,
    /// flows with --from-stocks: deaths by area, area,period,value.
    #[arg(long, value_name = "FILE", requires = "from_stocks")]
    pub deaths: Option<PathBuf>,
}

impl Selection {
    /// The typed request for a measure.
    pub fn request(&self, measure: MeasureKind) -> Result<MeasureRequest, Error> {
        let places = |text: &Option<String>| text.as_deref().map(Places::parse);
        Ok(MeasureRequest {
            countries: places(&self.countries),
            origin: places(&self.origin),
            destination: places(&self.destination),
            years: self.years.as_deref().map(YearSet::parse).transpose()?,
            periods: self.periods.as_deref().map(parse_periods).transpose()?,
            edition: self.edition,
            sexes: self.sex.as_deref().map(SexFilter::parse).transpose()?,
            top: self.top,
            total: self.total,
            stock: self.stock,
            variant: self.variant,
            method: self.method,
            stock_files: match (&self.from_stocks, &self.births, &self.deaths) {
                (Some(stocks), Some(births), Some(deaths)) => Some(StockFiles {
                    stocks: stocks.clone(),
                    births: births.clone(),
                    deaths: deaths.clone(),
                }),
                _ => None,
            },
            ..MeasureRequest::new(measure)
        })
    }
}

pub fn run(cmd: Command) -> anyhow::Result<()> {
    let format = match (&cmd.out, cmd.args.format) {
        (Some(path), Format::Table) => Format::from_path(path).ok_or_else(|| {
            Error::usage(
                format!("cannot tell the format of `{}`", path.display()),
                "give --format csv|json|parquet|xlsx or an --out ending in one of them",
            )
        })?,
        (None, f) if !f.is_text() => {
            return Err(Error::usage(
                format!("{f} is a file format"),
                format!("give --out FILE.{f}, or --format table|csv|json to print"),
            )
            .into())
        }
        (_, f) => f,
    };
    let request = cmd.args.selection.request(cmd.args.measure)?;
    let result = engine::compute(&request)?;
    print_warnings(&result);
    match &cmd.out {
        Some(path) => {
            export::to_file(&result, format, path).with_context(|| {
                format!("writing {} failed; nothing was written", path.display())
            })?;
            eprintln!("wrote {} rows to {}", result.rows().len(), path.display());
            Ok(())
        }
        None => super::print_data(&export::to_text(&result, format)?),
    }
}

fn print_warnings(result: &MeasureResult) {
    for w in result.warnings() {
        super::warn(w);
    }
}
