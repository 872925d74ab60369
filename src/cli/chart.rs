//! `miglab chart KIND ... --out FILE.png|FILE.svg`: charts for slides from a measure or a tidy CSV.
//!
//! Maps the flags onto a [`ChartRequest`]; [`chart::draw`] does the rest.

use std::path::PathBuf;

use clap::Args as ClapArgs;

use super::measure::{self, MeasureName};
use crate::chart::{self, ChartData, ChartRequest, Kind, TidyCsv};
use crate::error::Error;
use crate::query::{SexFilter, YearSet};
use crate::request::Places;
use crate::Lang;

/// Draw a chart for slides (PNG or SVG) from a measure or a tidy CSV.
///
/// Beside FILE.png (or FILE.svg) miglab writes FILE.data.csv (the data shown) and FILE.alt.txt
/// (a short alt-text). Text, country names and numbers follow --lang.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  miglab chart line --measure cnmr --countries south-caucasus --years 2014-2024 --out sc_cnmr.png
  miglab chart bar --measure top-destinations --origin GEO --years 2024 --edition 2024 --top 10 --out geo_dest.svg
  miglab chart grouped-bar --measure period-change --origin south-caucasus --destination RUS --periods 1990-2000,2000-2010,2010-2020 --edition 2020 --out to_russia.png --lang az
  miglab chart components --countries AZE --years 2019-2023 --out aze_components.png --lang ru
  miglab chart diverging-bar --measure cnmr --countries eeca --years 2023 --out eeca_cnmr.png
  miglab chart corridors --periods 2015-2020 --origin AZE --out aze_flows.png --lang az
  miglab chart line --from net.csv --out net.svg     (net.csv from `miglab data show ... --format csv`)

Charts are 1920x1080 by default (--size WxH), with the source, edition and definition under them.")]
pub struct Args {
    /// The kind of chart.
    #[arg(value_enum)]
    pub kind: Kind,
    /// The measure to draw (components uses the balancing measure).
    #[arg(long, value_enum)]
    pub measure: Option<MeasureName>,
    /// Draw from a CSV in miglab's tidy layout (`data show --format csv` or `measure --format csv`).
    #[arg(long, value_name = "FILE", conflicts_with = "measure")]
    pub from: Option<PathBuf>,
    #[command(flatten)]
    pub selection: measure::Selection,
    /// Which quantity of the measure to draw (e.g. change_pct for period-change; default: the main one).
    #[arg(long)]
    pub value: Option<String>,
    /// With --from: the indicator (or measure) to draw when the CSV holds several.
    #[arg(long)]
    pub indicator: Option<String>,
    /// Language of titles, axis titles, caption, country names and numbers.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Size in pixels, WIDTHxHEIGHT.
    #[arg(long, default_value = "1920x1080")]
    pub size: String,
    /// Replace the title.
    #[arg(long)]
    pub title: Option<String>,
    /// Replace the subtitle.
    #[arg(long)]
    pub subtitle: Option<String>,
    /// Output file: .png or .svg (FILE.data.csv and FILE.alt.txt are written beside it).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let request = request(&args)?;
    let drawn = chart::draw(&request)?;
    for w in &drawn.warnings {
        super::warn(w);
    }
    let names: Vec<String> = drawn
        .files()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    eprintln!("wrote {}", names.join(", "));
    Ok(())
}

/// The typed request of the flags (usage errors before any data are read).
pub fn request(args: &Args) -> Result<ChartRequest, Error> {
    let (width, height) = chart::parse_size(&args.size)?;
    let mut request = ChartRequest::new(args.kind, data(args)?, &args.out)
        .lang(args.lang)
        .size(width, height);
    request.quantity = args.indicator.clone().or_else(|| args.value.clone());
    request.title = args.title.clone();
    request.subtitle = args.subtitle.clone();
    request.validate()?;
    Ok(request)
}

fn data(args: &Args) -> Result<ChartData, Error> {
    if let Some(path) = &args.from {
        return tidy_csv(path, &args.selection).map(ChartData::TidyCsv);
    }
    let measure = chart::request::measure_for(args.kind, args.measure)?;
    if args.indicator.is_some() {
        return Err(Error::usage(
            "--indicator applies to --from FILE.csv",
            "with --measure use --value",
        ));
    }
    Ok(ChartData::Measure(args.selection.request(measure)?))
}

fn tidy_csv(path: &std::path::Path, selection: &measure::Selection) -> Result<TidyCsv, Error> {
    for (flag, present) in [
        ("--origin", selection.origin.is_some()),
        ("--destination", selection.destination.is_some()),
        ("--periods", selection.periods.is_some()),
        ("--edition", selection.edition.is_some()),
        ("--top", selection.top.is_some()),
        ("--total", selection.total),
        ("--stock", selection.stock.is_some()),
        ("--variant", selection.variant.is_some()),
    ] {
        if present {
            return Err(Error::usage(
                format!("{flag} does not apply to --from FILE.csv"),
                "filter with --indicator, --countries, --years, --sex",
            ));
        }
    }
    Ok(TidyCsv {
        path: path.to_path_buf(),
        countries: selection.countries.as_deref().map(Places::parse),
        years: selection.years.as_deref().map(YearSet::parse).transpose()?,
        sexes: selection.sex.as_deref().map(SexFilter::parse).transpose()?,
    })
}
