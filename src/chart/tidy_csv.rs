//! Reads a CSV in miglab's tidy layout (as `data show --format csv` or `measure --format csv`
//! print it) into rows to draw, through the one validation layer ([`crate::sources::validate`]):
//! a record cut inside a quote, a value that is not a finite number, a negative count, a year
//! outside 1900-2150 or a unit miglab does not store (thousands) is refused, naming the line,
//! the column and the value.

use std::path::Path;

use super::request::TidyCsv;
use crate::catalogue::Unit;
use crate::countries::Crosswalk;
use crate::error::{Error, Result};
use crate::measures::{MeasureRow, Source};
use crate::query::SexFilter;
use crate::sources::validate::{self, At, TidyRows};
use crate::tidy::Sex;

/// Where each column of the tidy layout sits in the file's header.
struct Columns {
    indicator: usize,
    value: usize,
    year: Option<usize>,
    period: Option<usize>,
    country: Option<usize>,
    origin: Option<usize>,
    destination: Option<usize>,
    sex: Option<usize>,
    unit: Option<usize>,
    projection: Option<usize>,
    imputed: Option<usize>,
    note: Option<usize>,
    dataset: Option<usize>,
    source: Option<usize>,
    edition: Option<usize>,
    rank: Option<usize>,
}

impl Columns {
    fn find(path: &Path, header: &csv::StringRecord) -> Result<Columns> {
        let names: Vec<String> = header
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let col = |wanted: &[&str]| names.iter().position(|h| wanted.contains(&h.as_str()));
        let (Some(indicator), Some(value)) = (col(&["indicator", "measure"]), col(&["value"]))
        else {
            return Err(Error::layout(
                path,
                "not in miglab's tidy layout: it needs the columns indicator (or measure) and value, with country or origin/destination and year or period, as `miglab data show ... --format csv` prints",
            ));
        };
        let columns = Columns {
            indicator,
            value,
            year: col(&["year"]),
            period: col(&["period"]),
            country: col(&["country"]),
            origin: col(&["origin"]),
            destination: col(&["destination"]),
            sex: col(&["sex"]),
            unit: col(&["unit"]),
            projection: col(&["projection"]),
            imputed: col(&["imputed"]),
            note: col(&["note"]),
            dataset: col(&["dataset"]),
            source: col(&["source"]),
            edition: col(&["edition"]),
            rank: col(&["rank"]),
        };
        if columns.year.is_none() && columns.period.is_none() {
            return Err(Error::layout(path, "needs a year or period column"));
        }
        if [columns.country, columns.origin, columns.destination]
            .iter()
            .all(Option::is_none)
        {
            return Err(Error::layout(
                path,
                "needs a country column or origin/destination columns",
            ));
        }
        Ok(columns)
    }
}

/// The rows the filters keep, every record checked first.
pub fn read(csv: &TidyCsv, quantity: Option<&str>) -> Result<Vec<MeasureRow>> {
    let path = csv.path.as_path();
    validate::csv_file_terminated(path)?;
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header = reader
        .headers()
        .map_err(|e| Error::layout(path, format!("not a CSV file ({e})")))?
        .clone();
    let columns = Columns::find(path, &header)?;
    let filter = Filter::new(csv)?;
    let mut checks = TidyRows::new(path);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::layout(path, e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let row = row(path, line, &columns, &record, &mut checks)?;
        if filter.keeps(&row, quantity) {
            out.push(row);
        }
    }
    if out.is_empty() {
        return Err(Error::not_covered(
            format!("{} has no rows for the filters given", path.display()),
            "widen --indicator, --countries, --years or --sex",
        ));
    }
    Ok(out)
}

/// One record as a row, checked: year, value and unit.
fn row(
    path: &Path,
    line: usize,
    columns: &Columns,
    record: &csv::StringRecord,
    checks: &mut TidyRows,
) -> Result<MeasureRow> {
    let get = |i: Option<usize>| {
        i.and_then(|i| record.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let at = |column| At { path, line, column };
    let name = get(Some(columns.indicator)).unwrap_or_default();
    let year = get(columns.year)
        .map(|y| validate::year_text(at("year"), &y))
        .transpose()?;
    let value = match get(Some(columns.value)) {
        Some(text) => validate::cell(at("value"), &name, &text)?,
        None => None,
    };
    let unit = get(columns.unit).unwrap_or_else(|| Unit::Persons.as_str().into());
    // Measure results may be in % per year, a unit of results that tidy datasets never hold.
    if unit != Unit::PercentPerYear.as_str() {
        checks.check(line, &name, Some(&unit), None, None)?;
    }
    let flag = |i: Option<usize>| get(i).as_deref() == Some("true");
    let mut note = get(columns.note).unwrap_or_default();
    if flag(columns.imputed) {
        crate::measures::add_note(&mut note, "imputed");
    }
    Ok(MeasureRow {
        measure: name,
        country: get(columns.country),
        origin: get(columns.origin),
        destination: get(columns.destination),
        sex: get(columns.sex)
            .and_then(|s| Sex::parse(&s))
            .unwrap_or(Sex::Total),
        year,
        period: get(columns.period),
        rank: get(columns.rank).and_then(|r| r.parse().ok()),
        value: crate::measures::clean(value),
        unit,
        projection: flag(columns.projection),
        method: None,
        note,
        source: source(
            path,
            get(columns.dataset),
            get(columns.source),
            get(columns.edition),
        ),
    })
}

/// The source of a row: as written, else the embedded dataset's, else the file.
fn source(
    path: &Path,
    dataset: Option<String>,
    source: Option<String>,
    edition: Option<String>,
) -> Source {
    let dataset = dataset.unwrap_or_default();
    let embedded = crate::store::dataset(&dataset)
        .ok()
        .and_then(|d| d.provenance().ok());
    Source {
        source: source
            .or_else(|| embedded.as_ref().map(|p| p.source.clone()))
            .unwrap_or_else(|| path.display().to_string()),
        edition: edition
            .or_else(|| embedded.as_ref().map(|p| p.edition.clone()))
            .unwrap_or_default(),
        dataset,
    }
}

/// The rows of the file the request asks for.
struct Filter<'a> {
    countries: Option<Vec<String>>,
    csv: &'a TidyCsv,
}

impl<'a> Filter<'a> {
    fn new(csv: &'a TidyCsv) -> Result<Filter<'a>> {
        let countries = match &csv.countries {
            Some(places) => Some(places.codes(Crosswalk::embedded()?)?),
            None => None,
        };
        Ok(Filter { countries, csv })
    }

    fn keeps(&self, row: &MeasureRow, quantity: Option<&str>) -> bool {
        if quantity.is_some_and(|q| q != row.measure) {
            return false;
        }
        if let (Some(set), Some(y)) = (&self.csv.years, row.year) {
            if !set.contains(y) {
                return false;
            }
        }
        let sex_kept = match &self.csv.sexes {
            None | Some(SexFilter::TotalOnly) => row.sex == Sex::Total,
            Some(SexFilter::All) => true,
            Some(SexFilter::Only(list)) => list.contains(&row.sex),
        };
        let place_kept = self.countries.as_ref().is_none_or(|list| {
            [&row.country, &row.origin, &row.destination]
                .iter()
                .any(|v| v.as_ref().is_some_and(|v| list.contains(v)))
        });
        sex_kept && place_kept
    }
}
