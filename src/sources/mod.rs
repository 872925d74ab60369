//! Importers for the publishers' own file layouts, one file per publisher, and the
//! `datasets build` pipeline that turns `../shared/data` into the embedded tidy datasets.
//!
//! Every importer reads the publisher's layout as published (wide TSV, official xlsx, bulk CSV
//! with BOM and metadata rows, long CSV), checks it, converts counts to persons and returns a
//! tidy frame. Any deviation from the layout is an [`Error::Layout`] naming the file and the
//! problem; nothing is written until an import has fully succeeded.

pub mod build;
pub mod cldr;
pub mod locations;
pub mod un_desa_ims;
pub mod un_wpp;
pub mod unhcr;
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

/// Parses a year column header or cell.
pub(crate) fn parse_year(path: &Path, line: usize, text: &str) -> Result<i32> {
    let t = text.trim().trim_matches('"');
    t.parse::<i32>()
        .ok()
        .filter(|y| (1900..=2200).contains(y))
        .ok_or_else(|| Error::layout(path, format!("line {line}: `{t}` is not a year")))
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
