//! Importers for the publishers' own file layouts, one file per publisher, and the
//! `datasets build` pipeline that turns `../shared/data` into the embedded tidy datasets.
//!
//! Every importer reads the publisher's layout as published (wide TSV, official xlsx, bulk CSV
//! with BOM and metadata rows, long CSV), checks it, converts counts to persons and returns a
//! tidy frame. Any deviation from the layout is an [`Error::Layout`] naming the file and the
//! problem; nothing is written until an import has fully succeeded.

pub mod build;
pub mod cache;
pub mod cldr;
pub mod eurostat;
pub mod http;
pub mod jsonstat;
pub mod limits;
pub mod locations;
pub mod un_desa_ims;
pub mod un_wpp;
pub mod undata;
pub mod unhcr;
pub mod validate;
pub mod worldbank;

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Reads a whole text file, with the UTF-8 byte-order mark removed.
pub(crate) fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if bytes.is_empty() {
        return Err(Error::layout(
            path,
            "the file is empty; download it again from the publisher",
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::layout(
            path,
            format!(
                "not UTF-8 text (bad byte at offset {}); is this the right file?",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

/// A comma-separated layout read with polars' CSV reader (see [`read_csv_layout`]).
pub(crate) struct CsvLayout<'a> {
    /// What the file is, for messages (e.g. "IOM gdidata's long WDI table").
    pub name: &'a str,
    /// Each column as (its name in the file's header, its name once read, its type), in order.
    pub columns: Vec<(&'a str, &'a str, polars::prelude::DataType)>,
    /// Columns (names once read) every row must have.
    pub required: &'a [&'a str],
    /// What the typed columns hold, for messages (e.g. "a year in t and numbers in v").
    pub expected: &'a str,
}

/// Reads a comma-separated file in `layout`: the header must be the layout's; columns are typed
/// and renamed, the publishers' missing markers (empty, `..`, `-`, `NA`) are missing. A wrong
/// header, an empty file, a file with no data rows, a cell that does not parse (named by its
/// line, column and text, as [`parse_value`] does) and a row without a required column are
/// layout errors.
pub(crate) fn read_csv_layout(
    path: &Path,
    layout: &CsvLayout,
) -> Result<polars::prelude::DataFrame> {
    use polars::prelude::*;
    let header = header_fields(path)?;
    validate::csv_file_terminated(path)?;
    let expected_header: Vec<&str> = layout.columns.iter().map(|c| c.0).collect();
    if header != expected_header {
        return Err(Error::layout(
            path,
            format!(
                "header is `{}`, expected `{}` ({})",
                header.join(","),
                expected_header.join(","),
                layout.name
            ),
        ));
    }
    let read = |types: &mut dyn Iterator<Item = DataType>| {
        let schema = Schema::from_iter(
            layout
                .columns
                .iter()
                .zip(types)
                .map(|((_, name, _), dtype)| Field::new((*name).into(), dtype)),
        );
        let missing = ["", "..", "-", "NA"].map(PlSmallStr::from).to_vec();
        CsvReadOptions::default()
            .with_has_header(true)
            .with_schema(Some(std::sync::Arc::new(schema)))
            .with_parse_options(
                CsvParseOptions::default().with_null_values(Some(NullValues::AllColumns(missing))),
            )
            .try_into_reader_with_file_path(Some(path.to_path_buf()))
            .and_then(|reader| reader.finish())
    };
    let df = match read(&mut layout.columns.iter().map(|c| c.2.clone())) {
        Ok(df) => df,
        // polars' own message is long and written for Python users: find the cell instead
        Err(e) => return Err(bad_cell(path, layout, e, read)),
    };
    if df.height() == 0 {
        return Err(Error::layout(
            path,
            "the header is there but no data rows follow; the file is truncated",
        ));
    }
    for name in layout.required {
        let column = df.column(name)?;
        if column.null_count() == 0 {
            continue;
        }
        if let Some(row) = column.is_null().iter().position(|n| n == Some(true)) {
            return Err(Error::layout(
                path,
                format!(
                    "line {}: no {name}; the file is truncated or damaged",
                    row + 2
                ),
            ));
        }
    }
    Ok(df)
}

/// The header (first line) of a comma-separated file, fields trimmed, without byte-order mark or
/// quotes; an empty file is an error.
fn header_fields(path: &Path) -> Result<Vec<String>> {
    use std::io::BufRead;
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut line = String::new();
    std::io::BufReader::new(file)
        .read_line(&mut line)
        .map_err(read_error)?;
    if line.is_empty() {
        return Err(Error::layout(
            path,
            "the file is empty; download it again from the publisher",
        ));
    }
    Ok(line
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split(',')
        .map(|h| h.trim().trim_matches('"').to_string())
        .collect())
}

/// The layout error for a file that polars could not read with the layout's types: the first
/// cell that is not a number (read again as text to find it), else polars' first line.
fn bad_cell(
    path: &Path,
    layout: &CsvLayout,
    error: polars::prelude::PolarsError,
    read: impl Fn(
        &mut dyn Iterator<Item = polars::prelude::DataType>,
    ) -> polars::prelude::PolarsResult<polars::prelude::DataFrame>,
) -> Error {
    use polars::prelude::*;
    let fallback = || {
        let message = error.to_string();
        if message.contains("more fields than") {
            return Error::layout(
                path,
                "a line has more fields than the header; the file is damaged or in another layout",
            );
        }
        let first = message.lines().next().unwrap_or_default();
        Error::layout(path, format!("{first}; expected {}", layout.expected))
    };
    let Ok(text) = read(&mut std::iter::repeat_n(
        DataType::String,
        layout.columns.len(),
    )) else {
        return fallback();
    };
    for (field, name, dtype) in &layout.columns {
        if *dtype == DataType::String {
            continue;
        }
        let Ok(cells) = text.column(name).and_then(|c| c.str().cloned()) else {
            continue;
        };
        let Ok(parsed) = cells.cast(dtype) else {
            continue;
        };
        let bad = cells
            .iter()
            .zip(parsed.is_null().iter())
            .position(|(cell, null)| cell.is_some() && null == Some(true));
        if let Some(row) = bad {
            let cell = cells.get(row).unwrap_or_default();
            return match parse_value(path, row + 2, field, cell) {
                Err(e) => e,
                // a number, but not of the column's type (e.g. a fraction where a year belongs)
                Ok(_) => Error::layout(
                    path,
                    format!(
                        "line {}: `{cell}` in column `{field}` is not {}; expected {}",
                        row + 2,
                        if dtype.is_integer() {
                            "a whole number"
                        } else {
                            "a number"
                        },
                        layout.expected
                    ),
                ),
            };
        }
    }
    fallback()
}

/// SHA-256 of a file, for the provenance sidecar.
pub(crate) fn sha256(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(format!("{:x}", Sha256::digest(&bytes)))
}

/// Parses a published number; an empty cell (or the publishers' `..`, `-`, `NA`) is missing.
pub(crate) fn parse_value(
    path: &Path,
    line: usize,
    field: &str,
    text: &str,
) -> Result<Option<f64>> {
    let t = text.trim().trim_matches('"');
    if t.is_empty() || t == ".." || t == "-" || t == "NA" {
        return Ok(None);
    }
    t.parse::<f64>().map(Some).map_err(|_| {
        Error::layout(
            path,
            format!("line {line}: `{t}` in column `{field}` is not a number; the file may be damaged or in another layout"),
        )
    })
}

/// Reads a number of a publisher's JSON answer: a JSON number, or a number written as text
/// (`1,234` too when `thousands_commas`); an absent field, `null`, empty text or one of the
/// publisher's `missing` markers is missing. The error says what the value is, for the caller
/// to place.
pub(crate) fn json_number(
    v: Option<&serde_json::Value>,
    missing: &[&str],
    thousands_commas: bool,
) -> std::result::Result<Option<f64>, String> {
    use serde_json::Value;
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(Value::String(s)) => {
            let t = s.trim();
            if t.is_empty() || missing.contains(&t) {
                return Ok(None);
            }
            let digits = if thousands_commas {
                std::borrow::Cow::Owned(t.replace(',', ""))
            } else {
                std::borrow::Cow::Borrowed(t)
            };
            // `inf`, `NaN` and `1e400` parse as floats but are no statistic
            digits
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map(Some)
                .ok_or_else(|| {
                    format!(
                        "`{}` is not a finite number",
                        crate::escape::for_message(t, 60)
                    )
                })
        }
        Some(other) => Err(format!("`{other}` is not a number")),
    }
}

/// Parses a year cell of column `column` (a year in [`validate::YEARS`]).
pub(crate) fn parse_year(path: &Path, line: usize, column: &str, text: &str) -> Result<i32> {
    validate::year_text(validate::At { path, line, column }, text)
}

/// Index of a named column in a header, or a layout error listing what is required.
pub(crate) fn column_index(
    path: &Path,
    header: &[&str],
    name: &str,
    layout: &str,
) -> Result<usize> {
    header
        .iter()
        .position(|h| h.trim().trim_matches('"') == name)
        .ok_or_else(|| {
            Error::layout(
                path,
                format!("no `{name}` column in the header; this is not the {layout} layout"),
            )
        })
}

/// A delimited table as read from a publisher's file: its header, and its records with the
/// line numbers that error messages cite.
pub(crate) struct Delimited {
    pub header: Vec<String>,
    pub records: Vec<(usize, csv::StringRecord)>,
}

impl Delimited {
    /// Reads `text` (the body of `path` from its header line on, which is line `header_line`).
    /// A damaged record is a layout error.
    pub(crate) fn parse(
        path: &Path,
        text: &str,
        delimiter: u8,
        header_line: usize,
    ) -> Result<Delimited> {
        if delimiter != b'\t' {
            validate::csv_terminated(path, text.as_bytes(), header_line)?;
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            // Tab-separated publisher files use no quoting; a stray quote is text.
            .quoting(delimiter != b'\t')
            .flexible(true)
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| Error::layout(path, format!("unreadable header: {e}")))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let mut records = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let line = header_line + i + 1;
            let record = record.map_err(|e| {
                Error::layout(
                    path,
                    format!("line {line}: {e}; the file is truncated or damaged"),
                )
            })?;
            records.push((line, record));
        }
        Ok(Delimited { header, records })
    }

    /// Reads a whole comma-separated file whose first line is the header.
    pub(crate) fn read_csv(path: &Path) -> Result<Delimited> {
        Delimited::parse(path, &read_text(path)?, b',', 1)
    }

    pub(crate) fn header_refs(&self) -> Vec<&str> {
        self.header.iter().map(String::as_str).collect()
    }

    /// Checks, once the header is known to be right, that data rows follow it and that every
    /// record has as many fields as the header (`slack` fewer allowed, for the World Bank's
    /// trailing comma).
    pub(crate) fn check_rows(&self, path: &Path, slack: usize) -> Result<()> {
        if self.records.is_empty() {
            return Err(Error::layout(
                path,
                "the header is there but no data rows follow; the file is truncated",
            ));
        }
        for (line, record) in &self.records {
            if record.len() + slack < self.header.len() || record.len() > self.header.len() {
                return Err(Error::layout(
                    path,
                    format!(
                        "line {line}: {} fields where the header has {}; the file is truncated or damaged",
                        record.len(),
                        self.header.len()
                    ),
                ));
            }
        }
        Ok(())
    }
}
