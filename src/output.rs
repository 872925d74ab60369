//! Writing selected rows for people and programs: a terminal table with the source and
//! definitions under it, CSV, JSON, and (for `data export`) parquet and xlsx. Files are written
//! atomically: a failed write leaves no half-written file and keeps an existing one.

use std::io::Write;
use std::path::Path;

use comfy_table::{CellAlignment, ContentArrangement, Table};
use polars::prelude::*;
use serde_json::{json, Map, Value};

use crate::countries::Crosswalk;
use crate::error::{Error, Result};
use crate::provenance::Provenance;
use crate::tidy::{self, col, Observation};

/// Terminal tables: a line under the header, nothing else (comfy-table preset layout).
pub const TABLE_STYLE: &str = "     ─             ";

/// Output formats of `data show` (and, with parquet and xlsx, of `data export`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Parquet,
    Xlsx,
}

impl Format {
    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "parquet" => Some(Format::Parquet),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// Rows ready to print, with the provenance of the dataset they come from.
pub struct Report<'a> {
    pub rows: Vec<(String, Observation)>,
    pub provenance: &'a Provenance,
    pub crosswalk: &'a Crosswalk,
}

/// Columns present in a set of rows: bilateral rows get origin/destination, sex only when broken
/// down, flags only when some row carries them.
struct Columns {
    country: bool,
    bilateral: bool,
    sex: bool,
    stock_basis: bool,
    includes_refugees: bool,
    imputed: bool,
}

impl Columns {
    fn of(rows: &[(String, Observation)]) -> Columns {
        let any = |f: &dyn Fn(&Observation) -> bool| rows.iter().any(|(_, o)| f(o));
        Columns {
            country: any(&|o| o.country.is_some()),
            bilateral: any(&|o| o.origin.is_some() || o.destination.is_some()),
            sex: any(&|o| o.sex != tidy::Sex::Total),
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

    /// One row as strings, in header order (CSV and xlsx).
    fn cells(&self, dataset: &str, o: &Observation, source: &str) -> Vec<String> {
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        let flag = |b: Option<bool>| b.map(|b| b.to_string()).unwrap_or_default();
        let mut c = vec![dataset.to_string(), o.indicator.clone()];
        if self.country {
            c.push(opt(&o.country));
        }
        if self.bilateral {
            c.extend([opt(&o.origin), opt(&o.destination)]);
        }
        c.extend([
            o.sex.as_str().to_string(),
            o.year.to_string(),
            o.value.map(plain_number).unwrap_or_default(),
            o.unit.as_str().to_string(),
            o.projection.to_string(),
        ]);
        if self.stock_basis {
            c.push(
                o.stock_basis
                    .map(|b| b.as_str().to_string())
                    .unwrap_or_default(),
            );
        }
        if self.includes_refugees {
            c.push(flag(o.includes_refugees));
        }
        if self.imputed {
            c.push(flag(o.imputed));
        }
        c.push(source.to_string());
        c
    }
}

/// A number as a program should read it: whole numbers without a decimal point.
pub fn plain_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A number as a person should read it: thousands separated by commas.
pub fn readable_number(v: f64) -> String {
    let text = plain_number(v);
    let (sign, rest) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

impl Report<'_> {
    pub fn from_frame<'a>(
        frame: &DataFrame,
        provenance: &'a Provenance,
        crosswalk: &'a Crosswalk,
    ) -> Result<Report<'a>> {
        Ok(Report {
            rows: tidy::observations(frame)?,
            provenance,
            crosswalk,
        })
    }

    pub fn write_csv(&self, out: impl Write) -> Result<()> {
        let columns = Columns::of(&self.rows);
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(columns.header())?;
        for (dataset, o) in &self.rows {
            writer.write_record(columns.cells(dataset, o, &self.provenance.source))?;
        }
        writer.flush().map_err(csv::Error::from)?;
        Ok(())
    }

    pub fn write_json(&self, mut out: impl Write) -> Result<()> {
        let columns = Columns::of(&self.rows);
        let header = columns.header();
        let records: Vec<Value> = self
            .rows
            .iter()
            .map(|(dataset, o)| {
                let cells = columns.cells(dataset, o, &self.provenance.source);
                let mut map = Map::new();
                for (name, cell) in header.iter().zip(cells) {
                    let value = match *name {
                        col::VALUE => o.value.map_or(Value::Null, json_number),
                        col::YEAR => json!(o.year),
                        col::PROJECTION => json!(o.projection),
                        col::INCLUDES_REFUGEES => json!(o.includes_refugees),
                        col::IMPUTED => json!(o.imputed),
                        _ if cell.is_empty() => Value::Null,
                        _ => Value::String(cell),
                    };
                    map.insert(name.to_string(), value);
                }
                Value::Object(map)
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &records)?;
        writeln!(out).map_err(|e| Error::Json(serde_json::Error::io(e)))?;
        Ok(())
    }

    /// The terminal table, with the source, definitions and notes under it.
    pub fn render_table(&self) -> String {
        let columns = Columns::of(&self.rows);
        let mut table = Table::new();
        table
            .load_preset(crate::output::TABLE_STYLE)
            .set_content_arrangement(ContentArrangement::Disabled);
        let mut header: Vec<&str> = Vec::new();
        if columns.country {
            header.extend(["country", "name"]);
        }
        if columns.bilateral {
            header.extend(["origin", "destination"]);
        }
        header.push("indicator");
        if columns.sex {
            header.push("sex");
        }
        header.extend(["year", "value", "unit", "note"]);
        table.set_header(header.clone());
        for (_, o) in &self.rows {
            let mut row: Vec<String> = Vec::new();
            if columns.country {
                let code = o.country.clone().unwrap_or_default();
                row.push(code.clone());
                row.push(self.crosswalk.name_of(&code, "en").to_string());
            }
            if columns.bilateral {
                for code in [&o.origin, &o.destination] {
                    let code = code.clone().unwrap_or_default();
                    row.push(format!("{} {}", code, self.crosswalk.name_of(&code, "en")));
                }
            }
            row.push(o.indicator.clone());
            if columns.sex {
                row.push(o.sex.as_str().to_string());
            }
            row.push(o.year.to_string());
            row.push(
                o.value
                    .map_or_else(|| "missing".to_string(), readable_number),
            );
            row.push(o.unit.as_str().to_string());
            row.push(notes(o).join("; "));
            table.add_row(row);
        }
        if let Some(column) =
            table.column_mut(header.iter().position(|h| *h == "value").unwrap_or(0))
        {
            column.set_cell_alignment(CellAlignment::Right);
        }
        let mut text = table.to_string();
        text.push_str("\n\n");
        text.push_str(&self.footer());
        text
    }

    /// Source, licence and the definition of each indicator shown.
    pub fn footer(&self) -> String {
        let mut lines = vec![self.provenance.footer()];
        let mut shown: Vec<&str> = self
            .rows
            .iter()
            .map(|(_, o)| o.indicator.as_str())
            .collect();
        shown.sort_unstable();
        shown.dedup();
        for name in shown {
            if let Some(info) = self.provenance.indicator(name) {
                lines.push(format!("{name}: {} ({})", info.definition, info.unit));
            }
        }
        lines.push(format!(
            "Reference time: {}.",
            self.provenance.reference_time
        ));
        lines.join("\n") + "\n"
    }
}

fn json_number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// The interpretation flags of a value, in words.
pub fn notes(o: &Observation) -> Vec<String> {
    let mut notes = Vec::new();
    if o.projection {
        notes.push("projection".to_string());
    }
    if let Some(basis) = o.stock_basis {
        notes.push(basis.as_str().to_string());
    }
    if o.includes_refugees == Some(true) {
        notes.push("incl. refugees".to_string());
    }
    if o.imputed == Some(true) {
        notes.push("imputed".to_string());
    }
    notes
}

/// Writes `bytes` produced by `fill` to `path` atomically: into a temporary file beside it, then
/// renamed over it, so an interrupted or failed write never leaves a half-written file.
pub fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<()> {
    let write_err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::Write {
            path: path.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("folder {} does not exist; create it first", dir.display()),
            ),
        });
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".miglab-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(write_err)?;
    fill(temp.as_file_mut())?;
    temp.as_file_mut().sync_all().map_err(write_err)?;
    // Temporary files are created private (0600); the result is an ordinary file for the user.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(write_err)?;
    }
    temp.persist(path).map_err(|e| write_err(e.error))?;
    Ok(())
}

/// Writes a tidy frame (and its provenance) to a file in the format its extension names.
pub fn export(report: &Report, frame: &mut DataFrame, format: Format, path: &Path) -> Result<()> {
    write_atomically(path, |file| match format {
        Format::Csv => report.write_csv(std::io::BufWriter::new(file)),
        Format::Json => report.write_json(std::io::BufWriter::new(file)),
        Format::Parquet => write_parquet(frame, file),
        Format::Xlsx => write_xlsx(report, file),
        Format::Table => {
            let text = report.render_table();
            file.write_all(text.as_bytes())
                .map_err(|source| Error::Write {
                    path: path.to_path_buf(),
                    source,
                })
        }
    })
}

/// A tidy frame as zstd-compressed parquet (the embedded datasets' format).
pub fn write_parquet(frame: &mut DataFrame, file: &mut std::fs::File) -> Result<()> {
    ParquetWriter::new(file)
        .with_compression(ParquetCompression::Zstd(None))
        .with_statistics(StatisticsOptions::full())
        .finish(frame)?;
    Ok(())
}

fn write_xlsx(report: &Report, file: &mut std::fs::File) -> Result<()> {
    let columns = Columns::of(&report.rows);
    let header = columns.header();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let data = workbook.add_worksheet().set_name("data")?;
    for (c, name) in header.iter().enumerate() {
        data.write_string_with_format(0, c as u16, *name, &bold)?;
    }
    for (r, (dataset, o)) in report.rows.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, (name, cell)) in header
            .iter()
            .zip(columns.cells(dataset, o, &report.provenance.source))
            .enumerate()
        {
            let c = c as u16;
            match (*name, o.value) {
                (col::VALUE, Some(v)) => data.write_number(row, c, v)?,
                (col::YEAR, _) => data.write_number(row, c, f64::from(o.year))?,
                _ => data.write_string(row, c, cell)?,
            };
        }
    }
    data.set_freeze_panes(1, 0)?;
    let about = workbook.add_worksheet().set_name("provenance")?;
    let p = report.provenance;
    let fields = [
        ("dataset", p.name.as_str()),
        ("title", &p.title),
        ("publisher", &p.publisher),
        ("edition", &p.edition),
        ("citation", &p.citation),
        ("url", &p.url),
        ("licence", &p.licence),
        ("reference time", &p.reference_time),
        ("produced by", &p.produced_by),
    ];
    for (r, (k, v)) in fields.iter().enumerate() {
        about.write_string_with_format(r as u32, 0, *k, &bold)?;
        about.write_string(r as u32, 1, *v)?;
    }
    let bytes = workbook.save_to_buffer()?;
    file.write_all(&bytes).map_err(|e| Error::Xlsx(e.into()))?;
    Ok(())
}
