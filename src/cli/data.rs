//! `miglab data list | show | export`: the embedded datasets, their coverage and provenance.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args as ClapArgs, Subcommand};
use comfy_table::{ContentArrangement, Table};

use crate::countries::Crosswalk;
use crate::error::Error;
use crate::output::{export, Format, Report};
use crate::query::{describe_years, Selection, SexFilter, YearSet};
use crate::store;

#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Datasets, editions, indicators, years, rows and licences.
    List(ListArgs),
    /// Print rows of a dataset.
    ///
    /// Examples:
    ///   miglab data show wpp2024 --indicator net_migrants --country AZE --years 2014-2023
    ///   miglab data show ims2024 --origin AZE --years 2020 --format csv
    Show(ShowArgs),
    /// Write rows of a dataset to a file (csv, json, parquet or xlsx).
    Export(ExportArgs),
}

#[derive(Debug, ClapArgs)]
pub struct ListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Csv,
    Json,
}

/// Row filters shared by `show` and `export`.
#[derive(Debug, Clone, ClapArgs)]
pub struct Filters {
    /// Dataset name (see `miglab data list`).
    pub dataset: String,
    /// Indicator(s), comma-separated (e.g. net_migrants,cnmr).
    #[arg(long, value_delimiter = ',')]
    pub indicator: Vec<String>,
    /// Countries: ISO3/ISO2/M49 codes, names (en/az/ru) or groups (south-caucasus, central-asia, eastern-partnership, eeca, eu27).
    #[arg(long)]
    pub country: Option<String>,
    /// Countries of origin of bilateral data (same forms as --country).
    #[arg(long)]
    pub origin: Option<String>,
    /// Countries of destination (or asylum) of bilateral data.
    #[arg(long)]
    pub destination: Option<String>,
    /// total (default), female, male, a list, or all.
    #[arg(long)]
    pub sex: Option<String>,
    /// Years: 2023, 2014-2023, 2010,2020.
    #[arg(long)]
    pub years: Option<String>,
}

#[derive(Debug, ClapArgs)]
pub struct ShowArgs {
    #[command(flatten)]
    pub filters: Filters,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, ClapArgs)]
pub struct ExportArgs {
    #[command(flatten)]
    pub filters: Filters,
    /// File format (default: from the --out extension).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// File to write; written atomically (a failed export leaves no partial file).
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(cmd: DataCommand) -> anyhow::Result<()> {
    match cmd {
        DataCommand::List(args) => list(args),
        DataCommand::Show(args) => show(args),
        DataCommand::Export(args) => export_cmd(args),
    }
}

fn list(args: ListArgs) -> anyhow::Result<()> {
    let header = [
        "dataset",
        "source",
        "indicator",
        "unit",
        "years",
        "rows",
        "licence",
    ];
    let mut rows: Vec<[String; 7]> = Vec::new();
    let mut all = Vec::new();
    for dataset in store::DATASETS {
        all.push(dataset.provenance()?);
    }
    // Tables saved by `miglab fetch` in the cache folder come after the embedded datasets.
    let fetched = fetched_tables();
    all.extend(fetched.iter().cloned());
    for p in &all {
        for i in &p.indicators {
            let mut years = describe_years(&i.years);
            if let Some(first) = i.first_projection_year {
                years.push_str(&format!(" (projection from {first})"));
            }
            rows.push([
                p.name.clone(),
                p.source.clone(),
                i.name.clone(),
                i.unit.clone(),
                years,
                i.rows.to_string(),
                p.licence.clone(),
            ]);
        }
    }
    let text = match args.format {
        ListFormat::Table => {
            let mut table = Table::new();
            table
                .load_preset(crate::output::TABLE_STYLE)
                .set_content_arrangement(ContentArrangement::Disabled)
                .set_header(header);
            for row in &rows {
                table.add_row(row);
            }
            let mut text = table.to_string();
            text.push_str("\n\nEditions and citations:\n");
            for p in &all {
                text.push_str(&format!(
                    "  {}: {} Licence: {}.\n",
                    p.name, p.citation, p.licence
                ));
            }
            text.push_str("Full provenance: `miglab data list --format json`.\n");
            text
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(header)?;
            for row in &rows {
                w.write_record(row)?;
            }
            String::from_utf8(w.into_inner()?)?
        }
        ListFormat::Json => serde_json::to_string_pretty(&all)? + "\n",
    };
    super::print_data(&text)
}

/// Applies the filters to an embedded dataset, printing warnings to stderr.
pub(crate) fn select(
    filters: &Filters,
) -> anyhow::Result<(polars::prelude::DataFrame, crate::provenance::Provenance)> {
    let (frame, provenance) = match store::dataset(&filters.dataset) {
        Ok(dataset) => (dataset.frame()?, dataset.provenance()?),
        Err(e) => match fetched_table(&filters.dataset)? {
            Some(table) => table,
            None => return Err(e.into()),
        },
    };
    let crosswalk = Crosswalk::embedded()?;
    let selection = Selection {
        indicators: filters
            .indicator
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        countries: filters.country.clone(),
        origins: filters.origin.clone(),
        destinations: filters.destination.clone(),
        sex: filters.sex.as_deref().map(SexFilter::parse).transpose()?,
        years: filters.years.as_deref().map(YearSet::parse).transpose()?,
    };
    let selected = selection.apply(frame, &provenance, crosswalk)?;
    for w in &selected.warnings {
        super::warn(w);
    }
    Ok((selected.frame, provenance))
}

/// A terminal table longer than this is cut (CSV and JSON are never cut).
const TABLE_ROW_LIMIT: usize = 2000;

fn show(args: ShowArgs) -> anyhow::Result<()> {
    let (mut frame, provenance) = select(&args.filters)?;
    let crosswalk = Crosswalk::embedded()?;
    if args.format == ShowFormat::Table && frame.height() > TABLE_ROW_LIMIT {
        super::warn(&format!(
            "{} rows match; the table shows the first {TABLE_ROW_LIMIT}. Narrow the selection (--indicator, --country, --years) or use --format csv",
            frame.height()
        ));
        frame = frame.head(Some(TABLE_ROW_LIMIT));
    }
    let report = Report::from_frame(&frame, &provenance, crosswalk)?;
    match args.format {
        ShowFormat::Table => super::print_data(&report.render_table()),
        ShowFormat::Csv => {
            let mut buf = Vec::new();
            report.write_csv(&mut buf)?;
            super::print_data(&String::from_utf8(buf)?)
        }
        ShowFormat::Json => {
            let mut buf = Vec::new();
            report.write_json(&mut buf)?;
            super::print_data(&String::from_utf8(buf)?)
        }
    }
}

fn export_cmd(args: ExportArgs) -> anyhow::Result<()> {
    let format = match args.format.or_else(|| Format::from_path(&args.out)) {
        Some(Format::Table) | None => {
            return Err(Error::Usage(format!(
                "cannot tell the format of `{}`; give --format csv|json|parquet|xlsx or an --out ending in one of them",
                args.out.display()
            ))
            .into())
        }
        Some(f) => f,
    };
    let (mut frame, provenance) = select(&args.filters)?;
    let crosswalk = Crosswalk::embedded()?;
    let report = Report::from_frame(&frame, &provenance, crosswalk)?;
    export(&report, &mut frame, format, &args.out).with_context(|| {
        format!(
            "export to {} failed; nothing was written",
            args.out.display()
        )
    })?;
    eprintln!("wrote {} rows to {}", frame.height(), args.out.display());
    Ok(())
}

/// Provenance of the tables `miglab fetch` saved in the cache folder (none when it has none).
fn fetched_tables() -> Vec<crate::provenance::Provenance> {
    crate::sources::cache::cache_dir()
        .map(|dir| crate::sources::cache::Cache::at(dir).tables())
        .unwrap_or_default()
}

/// A table saved by `miglab fetch`, by name.
fn fetched_table(
    name: &str,
) -> anyhow::Result<Option<(polars::prelude::DataFrame, crate::provenance::Provenance)>> {
    match crate::sources::cache::cache_dir() {
        Some(dir) => Ok(crate::sources::cache::Cache::at(dir).table(name)?),
        None => Ok(None),
    }
}
