//! What every writer shares: the terminal table style, numbers for programs and for people, the
//! interpretation flags of a value in words, and atomic file writes (a failed write leaves no
//! half-written file and keeps an existing one). The formats themselves are in [`crate::export`].

use std::path::Path;

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::tidy::Observation;

/// Terminal tables: a line under the header, nothing else (comfy-table preset layout).
pub const TABLE_STYLE: &str = "     ─             ";

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
    let mut temp = temp_file_beside(path)?;
    fill(temp.as_file_mut())?;
    temp.as_file_mut()
        .sync_all()
        .map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })?;
    make_shareable(&temp, path)?;
    temp.persist(path).map_err(|e| Error::Write {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

/// A temporary file (`.miglab-*.part`) in the folder of `path`, removed unless persisted; the
/// folder must exist.
pub fn temp_file_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let write_err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(write_err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("folder {} does not exist; create it first", dir.display()),
        )));
    }
    tempfile::Builder::new()
        .prefix(".miglab-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(write_err)
}

/// Temporary files are created private (0600); a result is an ordinary file for the user.
pub fn make_shareable(temp: &tempfile::NamedTempFile, path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o644)).map_err(
            |source| Error::Write {
                path: path.to_path_buf(),
                source,
            },
        )?;
    }
    #[cfg(not(unix))]
    let _ = (temp, path);
    Ok(())
}

/// A tidy frame as zstd-compressed parquet (the embedded datasets' format).
pub fn write_parquet(frame: &mut DataFrame, file: &mut std::fs::File) -> Result<()> {
    ParquetWriter::new(file)
        .with_compression(ParquetCompression::Zstd(None))
        .with_statistics(StatisticsOptions::full())
        .finish(frame)?;
    Ok(())
}
