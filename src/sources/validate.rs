//! One validation layer for every importer, every fetched table and tidy tables read back (e.g.
//! `chart --from`): the values a publisher's file can hold but no statistic can.
//!
//! - numbers are finite (`inf`, `NaN` and `1e400`, which overflows to infinity, are refused);
//! - counts are not negative; net figures, differences and growth rates may be (the nature of
//!   an indicator is read from [`may_be_negative`]);
//! - years lie in [`YEARS`] (1900-2150);
//! - year columns of wide layouts run without a repeat or a gap ([`year_columns`]);
//! - an indicator has one unit in a table, and the unit is one miglab stores ([`TidyRows`]);
//! - a CSV file does not end inside a quoted field ([`csv_terminated`]).
//!
//! Every error names the file, the line, the column and the value on one line, and carries a
//! hint ([`Error::hint`], printed on its own `hint:` line) that says how to fix it.

use std::collections::BTreeMap;
use std::io::Read;
use std::ops::RangeInclusive;
use std::path::Path;

use polars::prelude::DataFrame;

use crate::error::{Error, Result};
use crate::tidy::{col, Unit};

/// The years a statistic of international migration can be about (1900 to 2150; WPP projects
/// to 2100).
pub const YEARS: RangeInclusive<i32> = 1900..=2150;

/// Tidy indicators that are net figures, differences or rates of change: negative values are
/// real data (net emigration, a falling population).
const MAY_BE_NEGATIVE: &[&str] = &[
    // UN WPP
    "net_migrants",
    "cnmr",
    "natural_change",
    "natural_change_rate",
    "pop_change",
    "growth_rate",
    // World Bank WDI
    "net_migration",
    // Eurostat demo_gind (indic_de codes, lower case)
    "grow",
    "growrt",
    "natgrow",
    "natgrowrt",
    "cnmigrat",
    "cnmigratne",
    "cnmigratrt",
];

/// Parts of names that mark a net figure, a difference or a rate of change in indicators
/// miglab does not list (fetched WDI or Eurostat series, measure results).
const NET_WORDS: &[&str] = &[
    "net",
    "grow",
    "change",
    "balance",
    "difference",
    "gap",
    "residual",
    "_zg",
];

/// Units of the tidy layout as written in tables.
const UNITS: &[Unit] = &[
    Unit::Persons,
    Unit::PerThousand,
    Unit::Percent,
    Unit::CurrentUsd,
];

/// True when values of `indicator` may be negative: a net figure, a difference or a rate of
/// change (listed here, or a catalogue quantity marked net, or named so). Counts, stocks,
/// populations, shares and money amounts may not.
pub fn may_be_negative(indicator: &str) -> bool {
    let name = indicator.trim().to_ascii_lowercase();
    if MAY_BE_NEGATIVE.contains(&name.as_str()) {
        return true;
    }
    if let Some(net) = crate::catalogue::quantity(&name).map(|q| q.net) {
        return net;
    }
    NET_WORDS.iter().any(|w| name.contains(w))
}

/// The layout error of an impossible value: the problem (one line), with the fix as its
/// [`Error::hint`] (printed on its own `hint:` line).
pub fn invalid(path: &Path, problem: impl std::fmt::Display, hint: &str) -> Error {
    Error::layout(path, problem.to_string()).with_hint(hint)
}

/// Where a value sits in a file, for messages: `line 12, column `2023``, or a workbook cell.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    pub path: &'a Path,
    /// Line in the file (1 = the first line), or row of a sheet.
    pub line: usize,
    /// Column name, or the cell reference of a workbook.
    pub column: &'a str,
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column `{}`", self.line, self.column)
    }
}

/// Checks a number read from a file: finite, and not negative unless `indicator` may be.
/// `text` is the value as written (for the message).
pub fn value(at: At, indicator: &str, v: f64, text: &str) -> Result<f64> {
    if !v.is_finite() {
        return Err(invalid(
            at.path,
            format!(
                "{at}: `{}` is not a finite number ({indicator})",
                shorten(text)
            ),
            "a value must be an ordinary number, or empty (or `..`) where the publisher has none; infinity, NaN and numbers beyond 1e308 come from a damaged or edited file: download it again",
        ));
    }
    if v < 0.0 && !may_be_negative(indicator) {
        return Err(invalid(
            at.path,
            format!(
                "{at}: `{}` is negative, but {indicator} is a count (or share, or amount) and cannot be",
                shorten(text)
            ),
            "only net figures, differences and rates of change can be negative; fix the sign in the file or download it again",
        ));
    }
    Ok(v)
}

/// Parses and checks a published number ([`super::parse_value`] then [`value`]); an empty cell
/// (or the publishers' `..`, `-`, `NA`) is missing.
pub fn cell(at: At, indicator: &str, text: &str) -> Result<Option<f64>> {
    match super::parse_value(at.path, at.line, at.column, text)? {
        Some(v) => value(at, indicator, v, text.trim()).map(Some),
        None => Ok(None),
    }
}

/// Checks a year (a cell, or a number read by a CSV reader).
pub fn year(at: At, year: i64) -> Result<i32> {
    i32::try_from(year)
        .ok()
        .filter(|y| YEARS.contains(y))
        .ok_or_else(|| year_error(at, &year.to_string()))
}

/// Parses and checks a year written as text.
pub fn year_text(at: At, text: &str) -> Result<i32> {
    let t = text.trim().trim_matches('"');
    match t.parse::<i64>() {
        Ok(y) => year(at, y),
        Err(_) => Err(year_error(at, t)),
    }
}

fn year_error(at: At, text: &str) -> Error {
    invalid(
        at.path,
        format!(
            "{at}: `{}` is not a year from {} to {}",
            shorten(text),
            YEARS.start(),
            YEARS.end()
        ),
        "the year was damaged or typed in by hand; correct it, or download the file again",
    )
}

/// The year columns of a wide header (one column per year from column `first` on): every
/// column there is a year in [`YEARS`], years rise by one without a repeat or a gap. After the
/// last year, columns whose names are not numbers (WPP's `last.observed`, the World Bank's
/// empty last column) end the years. A header `99999` or `-5`, a year given twice and a missing
/// year are errors: each would silently drop or duplicate a year's values.
pub fn year_columns(
    path: &Path,
    line: usize,
    header: &[String],
    first: usize,
) -> Result<Vec<(usize, i32)>> {
    let mut years: Vec<(usize, i32)> = Vec::new();
    for (i, h) in header.iter().enumerate().skip(first) {
        let h = h.trim().trim_matches('"');
        let at = At {
            path,
            line,
            column: h,
        };
        let numeric = h.parse::<f64>().is_ok();
        if !numeric {
            // The years have ended; anything numeric after this is a misplaced year.
            if let Some((j, bad)) = header
                .iter()
                .enumerate()
                .skip(i + 1)
                .find(|(_, h)| h.trim().trim_matches('"').parse::<f64>().is_ok())
            {
                return Err(invalid(
                    path,
                    format!(
                        "line {line}: column {} `{}` comes after the non-year column {} `{}`",
                        j + 1,
                        bad.trim(),
                        i + 1,
                        shorten(h)
                    ),
                    "year columns must follow each other; the header was damaged or edited: download the file again",
                ));
            }
            break;
        }
        let y = year_text(at, h).map_err(|_| {
            invalid(
                path,
                format!(
                    "line {line}: column {} of the header is `{}`, not a year from {} to {}",
                    i + 1,
                    shorten(h),
                    YEARS.start(),
                    YEARS.end()
                ),
                "each column after the names is one year; the header was damaged or edited: download the file again",
            )
        })?;
        if let Some(&(j, previous)) = years.last() {
            if y <= previous {
                let what = match years.iter().find(|(_, p)| *p == y) {
                    Some((k, _)) => format!("columns {} and {} are both year {y}", k + 1, i + 1),
                    None => format!(
                        "column {} (year {y}) comes after column {} (year {previous}): the years go backwards",
                        i + 1,
                        j + 1
                    ),
                };
                return Err(invalid(
                    path,
                    format!("line {line}: {what}"),
                    "each year must have exactly one column, in order; the header was damaged or edited: download the file again",
                ));
            }
            if y > previous + 1 {
                let missing = if y == previous + 2 {
                    format!("{}", previous + 1)
                } else {
                    format!("{}-{}", previous + 1, y - 1)
                };
                return Err(invalid(
                    path,
                    format!(
                        "line {line}: the year columns jump from {previous} (column {}) to {y} (column {}): {missing} is missing",
                        j + 1,
                        i + 1
                    ),
                    "each year must have exactly one column; the header was damaged or edited: download the file again",
                ));
            }
        }
        years.push((i, y));
    }
    if years.is_empty() {
        return Err(invalid(
            path,
            format!("line {line}: the header has no year columns"),
            "this is not the wide layout (one column per year); check which importer the file needs",
        ));
    }
    Ok(years)
}

/// Checks that a CSV file (quoted with `"`) does not end inside a quoted field, as a download
/// or copy cut off in the middle of a record does (CSV readers return the cut field as if it
/// were whole). Reads the file in blocks; the line of the unclosed quote is found only when
/// the quotes do not pair up.
pub fn csv_file_terminated(path: &Path) -> Result<()> {
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(read_err)?;
    let mut buf = vec![0u8; 1 << 16];
    let mut quotes = 0usize;
    loop {
        let n = file.read(&mut buf).map_err(read_err)?;
        if n == 0 {
            break;
        }
        quotes += buf[..n].iter().filter(|&&b| b == b'"').count();
    }
    if quotes.is_multiple_of(2) {
        return Ok(());
    }
    let bytes = std::fs::read(path).map_err(read_err)?;
    csv_terminated(path, &bytes, 1)
}

/// Checks that CSV text (quoted with `"`; `first_line` is the line number of its first line)
/// does not end inside a quoted field.
pub fn csv_terminated(path: &Path, bytes: &[u8], first_line: usize) -> Result<()> {
    let mut line = first_line;
    let mut open: Option<usize> = None;
    for &b in bytes {
        match b {
            b'"' => open = if open.is_some() { None } else { Some(line) },
            b'\n' => line += 1,
            _ => {}
        }
    }
    match open {
        None => Ok(()),
        Some(at) => Err(invalid(
            path,
            format!(
                "line {at}: a quoted field opened on this line is never closed: the file ends inside it (cut off at line {line})"
            ),
            "the download or copy was cut off; download the file again (a quote inside a field is written twice: \"\")",
        )),
    }
}

/// Checks tidy rows one by one, as a reader meets them: finite values, counts not negative,
/// years in [`YEARS`], a known unit and one unit per indicator. For readers of tidy tables
/// (`chart --from`, a tidy CSV read back) that go through records themselves; [`tidy_frame`]
/// does the same for a whole frame.
#[derive(Debug)]
pub struct TidyRows<'a> {
    path: &'a Path,
    /// indicator -> (its unit, the line where it was first seen)
    units: BTreeMap<String, (String, usize)>,
}

impl<'a> TidyRows<'a> {
    pub fn new(path: &'a Path) -> Self {
        TidyRows {
            path,
            units: BTreeMap::new(),
        }
    }

    /// Checks one row at `line`: its indicator, unit (as written, if the table has a unit
    /// column), year and value (`text` as written, for the message).
    pub fn check(
        &mut self,
        line: usize,
        indicator: &str,
        unit: Option<&str>,
        year: Option<i64>,
        value: Option<(f64, &str)>,
    ) -> Result<()> {
        let at = |column| At {
            path: self.path,
            line,
            column,
        };
        if let Some(y) = year {
            self::year(at(col::YEAR), y)?;
        }
        if let Some((v, text)) = value {
            self::value(at(col::VALUE), indicator, v, text)?;
        }
        if let Some(unit) = unit.map(str::trim) {
            self.unit(line, indicator, unit)?;
        }
        Ok(())
    }

    fn unit(&mut self, line: usize, indicator: &str, unit: &str) -> Result<()> {
        if !UNITS.iter().any(|u| u.as_str() == unit) {
            let known: Vec<String> = UNITS.iter().map(|u| format!("`{}`", u.as_str())).collect();
            let hint = if unit.to_ascii_lowercase().contains("thousand") {
                "counts are stored in persons: multiply the values by 1,000 and write `persons`"
                    .to_string()
            } else {
                format!("write one of {}", known.join(", "))
            };
            return Err(invalid(
                self.path,
                format!(
                    "line {line}, column `unit`: `{}` is not a unit miglab stores ({indicator})",
                    shorten(unit)
                ),
                &hint,
            ));
        }
        match self.units.get(indicator) {
            Some((first, first_line)) if first != unit => Err(invalid(
                self.path,
                format!(
                    "line {line}, column `unit`: {indicator} is in `{unit}` here but in `{first}` on line {first_line}: one indicator, mixed units"
                ),
                "keep one unit per indicator (convert the values, or split the table by unit)",
            )),
            Some(_) => Ok(()),
            None => {
                self.units
                    .insert(indicator.to_string(), (unit.to_string(), line));
                Ok(())
            }
        }
    }
}

/// Checks a tidy frame whose rows were read from `path` with a header line (row `i` is line
/// `i + 2`), by the rules of [`TidyRows`]. Only the columns the frame has are checked: the
/// indicator (`indicator` or `measure`), `unit`, `year` and `value`.
pub fn tidy_frame(df: &DataFrame, path: &Path) -> Result<()> {
    tidy_frame_lines(df, path, 2)
}

/// [`tidy_frame`] for a table built by an importer or a fetch, whose rows are not lines of a
/// file: messages count rows from 1 and name `what` (e.g. the URL of the answer).
pub fn tidy_table(df: &DataFrame, what: &str) -> Result<()> {
    tidy_frame_lines(df, Path::new(what), 1).map_err(rows_not_lines)
}

/// The same error counting rows instead of lines (`row 3` for `line 3`), its hint kept.
fn rows_not_lines(e: Error) -> Error {
    match e {
        Error::Layout { path, problem } => Error::Layout {
            path,
            problem: problem.replacen("line ", "row ", 1),
        },
        Error::Hinted { error, hint } => rows_not_lines(*error).with_hint(hint),
        other => other,
    }
}

fn tidy_frame_lines(df: &DataFrame, path: &Path, first_line: usize) -> Result<()> {
    use polars::prelude::DataType;
    let text = |names: &[&str]| -> Result<Option<polars::prelude::StringChunked>> {
        for name in names {
            if let Ok(c) = df.column(name) {
                return Ok(Some(c.cast(&DataType::String)?.str()?.clone()));
            }
        }
        Ok(None)
    };
    let indicator = text(&[col::INDICATOR, "measure"])?;
    let unit = text(&[col::UNIT])?;
    let year = match df.column(col::YEAR) {
        Ok(c) => Some(c.cast(&DataType::Int64)?.i64()?.clone()),
        Err(_) => None,
    };
    let value = match df.column(col::VALUE) {
        Ok(c) => Some(c.cast(&DataType::Float64)?.f64()?.clone()),
        Err(_) => None,
    };
    let mut rows = TidyRows::new(path);
    for i in 0..df.height() {
        let name = indicator.as_ref().and_then(|c| c.get(i)).unwrap_or("");
        let v = value.as_ref().and_then(|c| c.get(i));
        let v_text = v.map(|v| v.to_string()).unwrap_or_default();
        rows.check(
            first_line + i,
            name,
            unit.as_ref().and_then(|c| c.get(i)),
            year.as_ref().and_then(|c| c.get(i)),
            v.map(|v| (v, v_text.as_str())),
        )?;
    }
    Ok(())
}

/// Checks the year and value columns of a frame read by polars from a CSV file with a header
/// (row `i` is line `i + 2`): years in [`YEARS`], values finite and, where the row's indicator
/// (`indicator(row)`; `None` when unknown, then only finiteness is checked) is a count, not
/// negative. `year` and
/// `value` are (name in the frame, name in the file).
pub(crate) fn read_columns<'a>(
    path: &Path,
    df: &'a DataFrame,
    year: (&str, &str),
    value: (&str, &str),
    indicator: impl Fn(usize) -> Option<&'a str>,
) -> Result<()> {
    let years = df.column(year.0)?.i32()?;
    for (i, y) in years.iter().enumerate() {
        if let Some(y) = y.filter(|y| !YEARS.contains(y)) {
            let at = At {
                path,
                line: i + 2,
                column: year.1,
            };
            return Err(year_error(at, &y.to_string()));
        }
    }
    let values = df.column(value.0)?.f64()?;
    for (i, v) in values.iter().enumerate() {
        let Some(v) = v.filter(|v| !v.is_finite() || *v < 0.0) else {
            continue;
        };
        let name = match indicator(i) {
            Some(name) => name,
            None if v.is_finite() => continue,
            None => "value",
        };
        let at = At {
            path,
            line: i + 2,
            column: value.1,
        };
        // polars reads `1e400` as infinity: the text is gone, show what it became
        self::value(at, name, v, &v.to_string())?;
    }
    Ok(())
}

/// A value as shown in a message: control characters made visible, at most 60 characters.
fn shorten(text: &str) -> String {
    crate::escape::for_message(text, 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn year_columns_refuse_bad_duplicate_and_missing_years() {
        let p = Path::new("f.txt");
        let ok = year_columns(
            p,
            1,
            &header(&["a", "b", "2021", "2022", "last.observed"]),
            2,
        );
        assert_eq!(ok.expect("ok"), vec![(2, 2021), (3, 2022)]);
        for bad in [
            &["a", "b", "2021", "99999"][..],
            &["a", "b", "-5", "2021"],
            &["a", "b", "2021", "2021"],
            &["a", "b", "2021", "2023"],
            &["a", "b", "2021", "x", "2022"],
            &["a", "b", "x"],
        ] {
            assert!(year_columns(p, 1, &header(bad), 2).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn values_by_nature() {
        let at = At {
            path: Path::new("f"),
            line: 2,
            column: "v",
        };
        assert!(value(at, "net_migrants", -5.0, "-5").is_ok());
        assert!(value(at, "population", -5.0, "-5").is_err());
        assert!(value(at, "refugees", f64::INFINITY, "inf").is_err());
        assert!(value(at, "cnmr", f64::NAN, "NaN").is_err());
        assert!(cell(at, "gdp", "1e400").is_err());
        assert_eq!(cell(at, "gdp", "..").expect("missing"), None);
    }

    #[test]
    fn unterminated_quotes() {
        let p = Path::new("f.csv");
        assert!(csv_terminated(p, b"a,b\n\"x\"\"y\",1\n", 1).is_ok());
        let e = csv_terminated(p, b"a,b\n1,2\n\"cut", 1).expect_err("cut");
        assert!(e.to_string().contains("line 3"), "{e}");
    }

    #[test]
    fn mixed_and_unknown_units() {
        let p = Path::new("f.csv");
        let mut rows = TidyRows::new(p);
        rows.check(2, "immigrants", Some("persons"), Some(2020), None)
            .expect("ok");
        assert!(rows
            .check(3, "immigrants", Some("%"), Some(2021), None)
            .is_err());
        assert!(rows
            .check(4, "stock", Some("thousands"), Some(2021), None)
            .is_err());
        assert!(rows.check(5, "x", None, Some(99999), None).is_err());
    }
}
