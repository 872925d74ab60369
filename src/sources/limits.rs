//! Caps on how much a publisher's file or a server's answer may make miglab read into memory:
//! an xlsx workbook is a zip archive, and 2 MB of zip can hold gigabytes of whitespace (a zip
//! bomb); a worksheet can name a cell a million rows down, which the reader would lay out as
//! a dense grid; a server can send an endless body. Each cap has a default that is far above
//! the publishers' real files and answers, and an environment variable to raise it:
//!
//! - `MIGLAB_MAX_UNZIPPED_BYTES`: bytes an xlsx/zip may unpack to (default 512 MiB);
//! - `MIGLAB_MAX_SHEET_CELLS`: cells of the grid a worksheet spans (default 20 million);
//! - `MIGLAB_MAX_BODY_BYTES`: bytes of one HTTP response body (default 64 MiB).

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

pub const UNZIPPED_VAR: &str = "MIGLAB_MAX_UNZIPPED_BYTES";
pub const SHEET_CELLS_VAR: &str = "MIGLAB_MAX_SHEET_CELLS";
pub const BODY_VAR: &str = "MIGLAB_MAX_BODY_BYTES";

const DEFAULT_UNZIPPED: u64 = 512 << 20;
const DEFAULT_SHEET_CELLS: u64 = 20_000_000;
const DEFAULT_BODY: u64 = 64 << 20;

/// A cap from the environment variable `var`, else `default`. A malformed value is a usage
/// error naming the variable (a silent fallback would hide a typo in a lab setup script).
fn cap(var: &str, default: u64) -> Result<u64> {
    match std::env::var(var) {
        Ok(v) => parse_bytes(&v).ok_or_else(|| {
            Error::usage(
                format!(
                    "{var}=`{}` is not a positive whole number of bytes",
                    crate::escape::for_message(&v, 60)
                ),
                format!("set {var} to e.g. 1073741824, or 1G, 512M (K, M, G: powers of 1,024), or unset it for the default"),
            )
        }),
        Err(_) => Ok(default),
    }
}

/// A positive whole number, with an optional K/M/G suffix (powers of 1,024).
fn parse_bytes(text: &str) -> Option<u64> {
    let t = text.trim();
    let (digits, factor) = match t.char_indices().last()? {
        (i, 'k' | 'K') => (&t[..i], 1u64 << 10),
        (i, 'm' | 'M') => (&t[..i], 1 << 20),
        (i, 'g' | 'G') => (&t[..i], 1 << 30),
        _ => (t, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .filter(|n| *n > 0)
}

/// The cap on unpacked bytes of an xlsx/zip file.
pub fn max_unzipped_bytes() -> Result<u64> {
    cap(UNZIPPED_VAR, DEFAULT_UNZIPPED)
}

/// The cap on the cells of the grid one worksheet spans.
pub fn max_sheet_cells() -> Result<u64> {
    cap(SHEET_CELLS_VAR, DEFAULT_SHEET_CELLS)
}

/// The cap on one HTTP response body.
pub fn max_body_bytes() -> Result<u64> {
    cap(BODY_VAR, DEFAULT_BODY)
}

/// Bytes in words (`64 MiB`).
pub fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n.is_multiple_of(1 << 30) => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 => format!("{:.0} MiB", n as f64 / f64::from(1u32 << 20)),
        n if n >= 1 << 10 => format!("{:.0} KiB", n as f64 / 1024.0),
        n => format!("{n} bytes"),
    }
}

fn unzip_error(path: &Path, problem: String, cap: u64) -> Error {
    super::validate::invalid(
        path,
        problem,
        &format!(
            "a workbook of the publishers unpacks to a few MB; if this one is genuine, raise the cap with {UNZIPPED_VAR} (now {cap} bytes)"
        ),
    )
}

/// Checks, before a workbook reader opens it, that the zip archive at `path` unpacks to at
/// most [`max_unzipped_bytes`]: first by the sizes its central directory declares, then by
/// unpacking every member into nothing, counting (a bomb can declare small sizes). Nothing is
/// kept in memory but a buffer. A file that is not a zip archive is left to the reader.
pub fn check_zip(path: &Path) -> Result<()> {
    let cap = max_unzipped_bytes()?;
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    if let Some(declared) = archive.decompressed_size().filter(|n| *n > u128::from(cap)) {
        return Err(unzip_error(
            path,
            format!(
                "the archive declares {declared} bytes unpacked, more than the cap of {} (a zip bomb, or not a publisher's workbook)",
                human_bytes(cap)
            ),
            cap,
        ));
    }
    let mut total = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    for i in 0..archive.len() {
        let Ok(mut member) = archive.by_index(i) else {
            // damaged or encrypted members are the reader's to report
            continue;
        };
        loop {
            let n = match member.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            total += n as u64;
            if total > cap {
                return Err(unzip_error(
                    path,
                    format!(
                        "the archive unpacks to more than the cap of {} (a zip bomb, or not a publisher's workbook)",
                        human_bytes(cap)
                    ),
                    cap,
                ));
            }
        }
    }
    Ok(())
}

/// Checks that a worksheet's grid (rows × columns between its first and last cells) stays
/// within [`max_sheet_cells`] before the reader lays it out in memory; `positions` are the
/// (row, column) of its cells.
pub fn check_sheet_span(
    path: &Path,
    sheet: &str,
    positions: impl Iterator<Item = (u32, u32)>,
) -> Result<()> {
    let cap = max_sheet_cells()?;
    let (mut r0, mut r1, mut c0, mut c1) = (u32::MAX, 0u32, u32::MAX, 0u32);
    let mut any = false;
    for (r, c) in positions {
        any = true;
        (r0, r1, c0, c1) = (r0.min(r), r1.max(r), c0.min(c), c1.max(c));
    }
    if !any {
        return Ok(());
    }
    let cells = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
    if cells > cap {
        return Err(super::validate::invalid(
            path,
            format!(
                "sheet `{sheet}` spans {} rows × {} columns ({cells} cells), more than the cap of {cap} cells",
                r1 - r0 + 1,
                c1 - c0 + 1
            ),
            &format!(
                "a cell far from the table (a stray value a million rows down?) makes the sheet huge; delete it, or raise the cap with {SHEET_CELLS_VAR}"
            ),
        ));
    }
    Ok(())
}

/// The error for a body larger than the cap, for the HTTP client.
pub fn body_too_large(cap: u64) -> String {
    format!(
        "the answer is larger than the cap of {} on a response body ({BODY_VAR}); nothing was kept",
        human_bytes(cap)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts() {
        assert_eq!(parse_bytes("1024"), Some(1024));
        assert_eq!(parse_bytes("2M"), Some(2 << 20));
        assert_eq!(parse_bytes("1g"), Some(1 << 30));
        assert_eq!(parse_bytes("0"), None);
        assert_eq!(parse_bytes("-1"), None);
        assert_eq!(parse_bytes("many"), None);
        assert_eq!(human_bytes(64 << 20), "64 MiB");
    }
}
