//! `miglab data list | show | export`: the embedded datasets, their coverage and provenance.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args as ClapArgs, Subcommand};
use comfy_table::{ContentArrangement, Table};

use crate::error::Error;
use crate::export::{self, Format};
use crate::query::{describe_years, DataQuery, Rows, SexFilter, YearSet};
use crate::request::Places;
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
    #[arg(long, value_parser = super::args::text_format(), default_value = "table")]
    pub format: Format,
}

/// Row filters shared by `show` and `export`.
#[derive(Debug, Clone, ClapArgs)]
pub struct Filters {
    /// Dataset name (see `miglab data list`).
    pub dataset: String,
    /// Indicator(s), comma-separated (e.g. net_migrants,cnmr).
    #[arg(long, value_delimiter = ',')]
    pub indicator: Vec<String>,
    /// Countries: ISO3/ISO2/M49 codes, names (en/az/ru), groups (south-caucasus, central-asia, eastern-partnership, eeca, eu27), all (every country) or world.
    #[arg(long, visible_alias = "countries")]
    pub country: Option<String>,
    /// Countries of origin of bilateral data (same forms as --country).
    #[arg(long)]
    pub origin: Option<String>,
    /// Countries of destination (or asylum) of bilateral data; eu27-total is Eurostat's own EU27
    /// total row (eurostat), eu27 its 27 members.
    #[arg(long)]
    pub destination: Option<String>,
    /// total (default), female, male, a list, or all.
    #[arg(long)]
    pub sex: Option<String>,
    /// Years: 2023, 2014-2023, 2010,2020.
    #[arg(long)]
    pub years: Option<String>,
}

impl Filters {
    /// The typed query.
    pub fn query(&self) -> Result<DataQuery, Error> {
        let places = |text: &Option<String>| text.as_deref().map(Places::parse);
        Ok(DataQuery {
            dataset: self.dataset.trim().to_string(),
            indicators: self
                .indicator
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            countries: places(&self.country),
            origin: places(&self.origin),
            destination: places(&self.destination),
            sexes: self.sex.as_deref().map(SexFilter::parse).transpose()?,
            years: self.years.as_deref().map(YearSet::parse).transpose()?,
        })
    }
}

#[derive(Debug, ClapArgs)]
pub struct ShowArgs {
    #[command(flatten)]
    pub filters: Filters,
    /// Output format.
    #[arg(long, value_parser = super::args::text_format(), default_value = "table")]
    pub format: Format,
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
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(header)?;
            for row in &rows {
                w.write_record(row)?;
            }
            String::from_utf8(w.into_inner()?)?
        }
        Format::Json => serde_json::to_string_pretty(&all)? + "\n",
        _ => {
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
    };
    super::print_data(&text)
}

/// Runs the query, printing its warnings to stderr.
fn select(filters: &Filters) -> anyhow::Result<Rows> {
    let rows = filters.query()?.run()?;
    for w in &rows.warnings {
        super::warn(w);
    }
    Ok(rows)
}

/// A terminal table longer than this is cut (CSV and JSON are never cut).
const TABLE_ROW_LIMIT: usize = 2000;

fn show(args: ShowArgs) -> anyhow::Result<()> {
    let mut rows = select(&args.filters)?;
    if args.format == Format::Table && rows.height() > TABLE_ROW_LIMIT {
        super::warn(&format!(
            "{} rows match; the table shows the first {TABLE_ROW_LIMIT}. Narrow the selection (--indicator, --country, --years) or use --format csv",
            rows.height()
        ));
        rows = rows.head(TABLE_ROW_LIMIT);
    }
    super::print_data(&export::to_text(&rows, args.format)?)
}

fn export_cmd(args: ExportArgs) -> anyhow::Result<()> {
    let format = match args.format.or_else(|| Format::from_path(&args.out)) {
        Some(Format::Table) | None => {
            return Err(Error::usage(
                format!("cannot tell the format of `{}`", args.out.display()),
                "give --format csv|json|parquet|xlsx or an --out ending in one of them",
            )
            .into())
        }
        Some(f) => f,
    };
    let inputs = read_files(&args.filters.dataset);
    let inputs: Vec<&std::path::Path> = inputs.iter().map(PathBuf::as_path).collect();
    crate::output::refuse_overwriting_inputs(&args.out, &inputs)?;
    let rows = select(&args.filters)?;
    export::to_file(&rows, format, &args.out).with_context(|| {
        format!(
            "export to {} failed; nothing was written",
            args.out.display()
        )
    })?;
    eprintln!("wrote {} rows to {}", rows.height(), args.out.display());
    Ok(())
}

/// The files a query of `dataset` reads: none for an embedded dataset, the table and its
/// sidecar for a table `miglab fetch` saved.
fn read_files(dataset: &str) -> Vec<PathBuf> {
    if store::dataset(dataset.trim()).is_ok() {
        return Vec::new();
    }
    crate::sources::cache::cache_dir()
        .and_then(|dir| crate::sources::cache::Cache::at(dir).table_files(dataset))
        .map(|(table, sidecar)| vec![table, sidecar])
        .unwrap_or_default()
}

/// Provenance of the tables `miglab fetch` saved in the cache folder (none when it has none).
fn fetched_tables() -> Vec<crate::provenance::Provenance> {
    crate::sources::cache::cache_dir()
        .map(|dir| crate::sources::cache::Cache::at(dir).tables())
        .unwrap_or_default()
}
