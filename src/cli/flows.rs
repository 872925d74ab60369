//! `miglab flows`: bilateral flows estimated from stock tables (temporary home; to move under
//! `miglab measure flows`). Maps flags onto [`FlowRequest`]; the work is in
//! [`crate::measures::estimate::run`].

use std::path::PathBuf;

use clap::Args as ClapArgs;

use crate::countries::Crosswalk;
use crate::error::Error;
use crate::measures::estimate::run::{
    embedded_stock_tables, estimate_flows, read_stock_tables, to_csv, FlowMethod, FlowRequest,
};

/// Estimate bilateral migration flows from two stock tables, births and deaths.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  miglab flows --method demographic-closed --periods 2015-2020 --origin AZE
  miglab flows --method stock-difference --periods 2015-2020 --destination AZE
  miglab flows --method demographic-closed --periods 2015-2020 --from-stocks stocks.csv --births births.csv --deaths deaths.csv

Every value is an estimate of migrant transitions (persons living in the origin at the start of
the period and in the destination at its end), not a measured flow. The whole table is one closed
system; --origin/--destination only filter the rows printed.")]
pub struct Args {
    /// Estimation method.
    #[arg(long, value_enum, default_value_t = MethodArg::DemographicClosed)]
    pub method: MethodArg,
    /// One period t1-t2 (stock years), e.g. 2015-2020.
    #[arg(long, visible_alias = "period")]
    pub periods: String,
    /// Keep flows out of these areas (codes, names or groups; with --from-stocks: the file's codes).
    #[arg(long)]
    pub origin: Option<String>,
    /// Keep flows into these areas.
    #[arg(long)]
    pub destination: Option<String>,
    /// International Migrant Stock edition of the embedded stocks: 2024 or 2020.
    #[arg(long, default_value_t = 2024)]
    pub edition: u16,
    /// Your own stock table: origin,destination,year,stock (origin = place of birth, destination = residence, natives as origin = destination).
    #[arg(long, requires_all = ["births", "deaths"])]
    pub from_stocks: Option<PathBuf>,
    /// Births by area over the period: area,period,value.
    #[arg(long, requires = "from_stocks")]
    pub births: Option<PathBuf>,
    /// Deaths by area over the period: area,period,value.
    #[arg(long, requires = "from_stocks")]
    pub deaths: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// Stock differencing, negative differences dropped (rough lower bound).
    StockDifference,
    /// Stock differencing, negative differences read as returns.
    StockDifferenceReturn,
    /// Closed demographic accounting, stayers maximised (Abel & Sander 2014; migest's default).
    DemographicClosed,
    /// Closed demographic accounting, independence model (Azose & Raftery 2019).
    DemographicClosedIndependent,
}

impl From<MethodArg> for FlowMethod {
    fn from(m: MethodArg) -> Self {
        match m {
            MethodArg::StockDifference => FlowMethod::StockDifference,
            MethodArg::StockDifferenceReturn => FlowMethod::StockDifferenceReturn,
            MethodArg::DemographicClosed => FlowMethod::DemographicClosed,
            MethodArg::DemographicClosedIndependent => FlowMethod::DemographicClosedIndependent,
        }
    }
}

fn period(text: &str) -> Result<(i32, i32), Error> {
    let usage = || {
        Error::Usage(format!(
            "`{text}` is not one period t1-t2; write e.g. --periods 2015-2020"
        ))
    };
    let (a, b) = text.trim().split_once('-').ok_or_else(usage)?;
    let (t1, t2) = (
        a.trim().parse().map_err(|_| usage())?,
        b.trim().parse().map_err(|_| usage())?,
    );
    if t2 <= t1 {
        return Err(usage());
    }
    Ok((t1, t2))
}

fn codes(list: &Option<String>, own_file: bool) -> Result<Option<Vec<String>>, Error> {
    let Some(list) = list else { return Ok(None) };
    if own_file {
        return Ok(Some(
            list.split(',').map(|c| c.trim().to_string()).collect(),
        ));
    }
    Ok(Some(Crosswalk::embedded()?.resolve_list(list)?))
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let period = period(&args.periods)?;
    let own = args.from_stocks.is_some();
    let input = match (&args.from_stocks, &args.births, &args.deaths) {
        (Some(s), Some(b), Some(d)) => read_stock_tables(s, b, d, period)?,
        _ => {
            let dataset = match args.edition {
                2024 => "ims2024",
                2020 => "ims2020",
                other => {
                    return Err(Error::Usage(format!(
                        "no International Migrant Stock edition {other}; use --edition 2024 or 2020"
                    ))
                    .into())
                }
            };
            embedded_stock_tables(dataset, period)?
        }
    };
    let request = FlowRequest {
        method: args.method.into(),
        origins: codes(&args.origin, own)?,
        destinations: codes(&args.destination, own)?,
    };
    let rows = estimate_flows(&input, &request)?;
    super::print_data(&to_csv(&rows)?)?;
    eprintln!(
        "estimate: {} ({}); inputs: {}",
        request.method.name(),
        request.method.paper(),
        input.inputs
    );
    Ok(())
}
