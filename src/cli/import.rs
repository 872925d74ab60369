//! `miglab import <source> <path> --out <file>`: one publisher file in its own layout to miglab's
//! tidy layout (csv, json or parquet, by the --out extension). The output is written atomically:
//! a failed import writes nothing.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args as ClapArgs, ValueEnum};
use polars::prelude::DataFrame;

use crate::countries::Crosswalk;
use crate::error::Error;
use crate::export::{self, Format};
use crate::provenance::Provenance;
use crate::sources::{build, un_desa_ims, un_wpp, unhcr, worldbank};
use crate::tidy::TidyBuilder;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Source {
    /// UN WPP 2024: the wpp2024 package folder (wide TSV, with projection_medium/), one of its
    /// .txt files, or the official WPP2024_Demographic_Indicators_Medium.csv.
    Wpp,
    /// UN DESA IMS: the official workbook by destination (undesa_pd_*_ims_stock_by_sex_and_destination.xlsx).
    ImsDestination,
    /// UN DESA IMS: the official workbook by origin (undesa_pd_*_ims_stock_by_sex_and_origin.xlsx).
    ImsOrigin,
    /// UN DESA IMS: the long origin x destination x sex CSV (IOM gdidata layout); needs --edition.
    ImsBilateral,
    /// World Bank WDI bulk download CSV (API_<code>_DS2_en_csv_v2_*.csv).
    WdiBulk,
    /// World Bank WDI long extract of IOM gdidata (wdi_and_wpp2024_pop.csv).
    WdiLong,
    /// UNHCR population statistics CSV (population.csv).
    Unhcr,
}

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// Which publisher layout the file is in.
    #[arg(value_enum)]
    pub source: Source,
    /// The publisher's file (or folder, for wpp).
    pub path: PathBuf,
    /// Output file: .csv, .json or .parquet.
    #[arg(long)]
    pub out: PathBuf,
    /// IMS edition of an ims-bilateral file (2024 or 2020).
    #[arg(long)]
    pub edition: Option<u16>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let format = match Format::from_path(&args.out) {
        Some(f @ (Format::Csv | Format::Json | Format::Parquet)) => f,
        _ => {
            return Err(Error::usage(
                format!("cannot tell the format of --out `{}`", args.out.display()),
                "give an --out ending in .csv, .json or .parquet",
            )
            .into())
        }
    };
    crate::output::refuse_overwriting_inputs(&args.out, &[&args.path])?;
    let crosswalk = Crosswalk::embedded()?;
    let (dataset, edition) = dataset_and_edition(&args)?;
    let frame = read_publisher_file(args.source, &args.path, &dataset, crosswalk)?;
    let provenance = import_provenance(&args, dataset, edition, &frame)?;
    let rows = crate::query::Rows::new(frame, provenance);
    export::to_file(&rows, format, &args.out).with_context(|| {
        format!(
            "import to {} failed; nothing was written",
            args.out.display()
        )
    })?;
    eprintln!(
        "imported {} rows from {} into {}",
        rows.height(),
        args.path.display(),
        args.out.display()
    );
    Ok(())
}

/// The dataset name and edition of the imported table: from the source, the --edition of a
/// bilateral IMS file, or the year in an IMS workbook's file name.
fn dataset_and_edition(args: &Args) -> Result<(String, String), Error> {
    Ok(match args.source {
        Source::Wpp => ("wpp2024".to_string(), "WPP 2024".to_string()),
        Source::ImsBilateral => {
            let edition = match args.edition {
                Some(e @ (2020 | 2024)) => e,
                Some(e) => {
                    return Err(Error::Usage(format!(
                        "--edition {e}: IMS editions are 2024 and 2020"
                    )))
                }
                None => return Err(Error::Usage(
                    "ims-bilateral needs --edition 2024 or --edition 2020 (the file does not say)"
                        .into(),
                )),
            };
            (format!("ims{edition}"), format!("IMS {edition}"))
        }
        Source::ImsDestination | Source::ImsOrigin => {
            let name = args
                .path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let year = name
                .split('_')
                .find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_digit()))
                .unwrap_or("2024");
            (format!("ims{year}"), format!("IMS {year}"))
        }
        Source::WdiBulk | Source::WdiLong => ("wdi".to_string(), "WDI".to_string()),
        Source::Unhcr => ("unhcr".to_string(), "UNHCR".to_string()),
    })
}

/// The publisher's file read by its importer into a tidy frame.
fn read_publisher_file(
    source: Source,
    path: &Path,
    dataset: &str,
    crosswalk: &Crosswalk,
) -> crate::error::Result<DataFrame> {
    let mut builder = TidyBuilder::new(dataset);
    match source {
        Source::Wpp => return un_wpp::import(path, crosswalk),
        Source::ImsDestination => {
            un_desa_ims::import_destination_workbook(path, crosswalk, &mut builder)?;
        }
        Source::ImsOrigin => {
            un_desa_ims::import_origin_workbook(path, crosswalk, &mut builder)?;
        }
        Source::ImsBilateral => {
            un_desa_ims::import_bilateral_csv(path, dataset == "ims2020", &mut builder)?;
        }
        Source::WdiBulk => {
            worldbank::import_bulk_csv(path, &mut builder)?;
        }
        Source::WdiLong => {
            worldbank::import_long(path, &["nmig", "remin", "remout", "gdp"], &mut builder)?;
        }
        Source::Unhcr => {
            unhcr::import_population_csv(path, &mut builder)?;
        }
    }
    builder.finish()
}

/// The definitions of every indicator an importer can produce.
fn import_definitions() -> Vec<(&'static str, &'static str)> {
    let mut definitions: Vec<(&str, &str)> = Vec::new();
    definitions.extend(
        un_wpp::WIDE_FILES
            .iter()
            .map(|(_, _, s)| (s.name, s.definition)),
    );
    definitions.extend(
        [
            un_wpp::POPULATION,
            un_wpp::POPULATION_1JAN,
            un_wpp::NATURAL_CHANGE,
        ]
        .iter()
        .map(|s| (s.name, s.definition)),
    );
    definitions.extend(un_desa_ims::DEFINITIONS.iter().copied());
    definitions.extend(unhcr::INDICATORS.iter().copied());
    definitions.extend(worldbank::SERIES.iter().map(|s| (s.name, s.definition)));
    definitions
}

/// The provenance of an imported table: the file it came from, the command that imported it
/// and the indicators it holds.
fn import_provenance(
    args: &Args,
    dataset: String,
    edition: String,
    frame: &DataFrame,
) -> anyhow::Result<Provenance> {
    let path = &args.path;
    Ok(Provenance {
        name: dataset,
        title: format!("{} imported from {}", edition, path.display()),
        publisher: String::new(),
        edition: edition.clone(),
        source: format!(
            "{edition} (imported by miglab from {})",
            path.file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default()
        ),
        citation: format!("{edition}, imported from {}.", path.display()),
        url: String::new(),
        licence: "the publisher's".into(),
        reference_time: String::new(),
        produced_by: format!(
            "miglab import {} {}",
            args.source
                .to_possible_value()
                .map(|v| v.get_name().to_string())
                .unwrap_or_default(),
            path.display()
        ),
        files: Vec::new(),
        notes: Vec::new(),
        indicators: build::summarize(frame, &import_definitions())?,
        rows: frame.height(),
    })
}
