//! Writing results for people and programs through one interface (after hyperfine's
//! `src/export`): every result that can be written ([`Exportable`]: a measure result, rows of a
//! dataset) gives its rows as typed cells ([`Sheet`]), its terminal table, its polars frame and
//! its provenance; every [`Format`] has one [`Exporter`] that writes them.
//!
//! CSV and JSON keep the codes and full precision a program needs; the terminal table is for a
//! person (names, thousands separators, the source and definitions under it).

mod csv;
mod json;
mod parquet;
pub mod table;
mod xlsx;

use std::io::Write;
use std::path::Path;

use polars::prelude::DataFrame;

use crate::error::{Error, Result};
use crate::output::{plain_number, write_atomically};

/// The output formats of every command and of the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A table for the terminal, with the source and definitions under it.
    Table,
    Csv,
    Json,
    Parquet,
    Xlsx,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Table,
        Format::Csv,
        Format::Json,
        Format::Parquet,
        Format::Xlsx,
    ];

    /// Its name on the command line and as a file extension.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Parquet => "parquet",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The file format a file name asks for, by its extension (csv, json, parquet, xlsx).
    pub fn from_path(path: &Path) -> Option<Format> {
        Format::from_name(path.extension()?.to_str()?).filter(|f| *f != Format::Table)
    }

    /// Text a terminal can show (table, CSV, JSON); parquet and xlsx are binary files.
    pub fn is_text(self) -> bool {
        matches!(self, Format::Table | Format::Csv | Format::Json)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One typed cell of a [`Sheet`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Missing: empty in CSV, `null` in JSON, an empty cell in xlsx.
    Null,
    /// Text; an empty text is `null` in JSON.
    Text(String),
    Int(i64),
    /// A number as it should be written (rounding already applied).
    Number(f64),
    Bool(bool),
    /// Not there at all: the key is left out of this JSON record (only in JSON-only columns).
    Absent,
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    /// `None` as [`Value::Null`].
    pub fn number(v: Option<f64>) -> Value {
        v.map_or(Value::Null, Value::Number)
    }

    /// The cell as CSV and xlsx text.
    pub fn to_text(&self) -> String {
        match self {
            Value::Null | Value::Absent => String::new(),
            Value::Text(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Number(v) => plain_number(*v),
            Value::Bool(b) => b.to_string(),
        }
    }
}

/// A column of a [`Sheet`].
#[derive(Debug, Clone, PartialEq)]
pub struct SheetColumn {
    pub name: String,
    /// Only in JSON records (e.g. the formula of a measure), not in CSV or xlsx.
    pub json_only: bool,
}

/// Rows as typed cells in column order: what CSV, JSON and xlsx write.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    pub columns: Vec<SheetColumn>,
    pub rows: Vec<Vec<Value>>,
}

impl Sheet {
    pub fn new(names: &[&str]) -> Sheet {
        Sheet {
            columns: names
                .iter()
                .map(|n| SheetColumn {
                    name: n.to_string(),
                    json_only: false,
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a column.
    pub fn with_column(mut self, name: &str) -> Sheet {
        self.columns.push(SheetColumn {
            name: name.to_string(),
            json_only: false,
        });
        self
    }

    /// Adds a column written only in JSON.
    pub fn json_only(mut self, name: &str) -> Sheet {
        self.columns.push(SheetColumn {
            name: name.to_string(),
            json_only: true,
        });
        self
    }

    /// The columns CSV and xlsx write, with their positions.
    fn table_columns(&self) -> impl Iterator<Item = (usize, &SheetColumn)> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.json_only)
    }
}

/// What the second sheet of a workbook says about the data: a title and (key, value) lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct About {
    /// The sheet's name (`provenance`, `source`).
    pub sheet: String,
    pub lines: Vec<(String, String)>,
}

/// A result every exporter can write.
pub trait Exportable {
    /// The rows as typed cells (CSV, JSON, xlsx).
    fn sheet(&self) -> Result<Sheet>;
    /// The terminal table with its source lines (see [`table`]).
    fn table(&self) -> Result<String>;
    /// The rows as a polars frame (parquet).
    fn frame(&self) -> Result<DataFrame>;
    /// Provenance for the second sheet of a workbook.
    fn about(&self) -> About;
}

/// Writes an [`Exportable`] in one format.
pub trait Exporter {
    fn write(&self, item: &dyn Exportable, out: &mut dyn Write) -> Result<()>;
}

/// The exporter of a format.
pub fn exporter(format: Format) -> &'static dyn Exporter {
    match format {
        Format::Table => &table::TableExporter,
        Format::Csv => &csv::CsvExporter,
        Format::Json => &json::JsonExporter,
        Format::Parquet => &parquet::ParquetExporter,
        Format::Xlsx => &xlsx::XlsxExporter,
    }
}

/// The result in a format, as bytes.
pub fn to_bytes(item: &dyn Exportable, format: Format) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    exporter(format).write(item, &mut out)?;
    Ok(out)
}

/// The result in a text format (table, CSV, JSON).
pub fn to_text(item: &dyn Exportable, format: Format) -> Result<String> {
    Ok(String::from_utf8_lossy(&to_bytes(item, format)?).into_owned())
}

/// Writes the result to a file atomically (a failed write leaves no partial file).
pub fn to_file(item: &dyn Exportable, format: Format, path: &Path) -> Result<()> {
    let bytes = to_bytes(item, format)?;
    write_atomically(path, |file| {
        file.write_all(&bytes).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
    })
}

/// An I/O error while writing to an in-memory or already-open output.
fn io_error(e: std::io::Error) -> Error {
    Error::Write {
        path: "output".into(),
        source: e,
    }
}
