//! UN DESA Population Division, International Migrant Stock (2024 and 2020 editions): the
//! official workbooks by destination and by origin, and the long bilateral origin × destination ×
//! sex table republished in IOM's gdidata package.
//!
//! Stocks are mid-year (1 July) counts of international migrants: foreign-born persons where the
//! country counts them (data type B), foreign citizens otherwise (C), refugees added where noted
//! (R), imputed where no data exist (I).

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader};
use polars::prelude::*;

use super::validate;
use crate::countries::Crosswalk;
use crate::error::{Error, Result};
use crate::tidy::{Observation, Sex, StockBasis, TidyBuilder, Unit};

pub const MIGRANT_STOCK: &str = "migrant_stock";
pub const IMMIGRANT_STOCK: &str = "immigrant_stock";
pub const EMIGRANT_STOCK: &str = "emigrant_stock";
pub const POPULATION: &str = "population";
pub const IMMIGRANT_SHARE: &str = "immigrant_share_of_population";
pub const FEMALE_SHARE_IMMIGRANTS: &str = "female_share_of_immigrants";
pub const FEMALE_SHARE_EMIGRANTS: &str = "female_share_of_emigrants";

/// Definitions of the IMS indicators, for the provenance sidecar.
pub const DEFINITIONS: &[(&str, &str)] = &[
    (MIGRANT_STOCK, "international migrants living in the destination at mid-year, by country of origin (UN DESA IMS; foreign-born or foreign citizens, see stock_basis)"),
    (IMMIGRANT_STOCK, "international migrant stock of the country: persons living there at mid-year who were born abroad (or are foreign citizens where birthplace is not recorded)"),
    (EMIGRANT_STOCK, "emigrant stock: persons born in (or citizens of) the country living in other countries at mid-year, summed over destinations"),
    (POPULATION, "total population at mid-year (UN WPP 2024, as used by IMS 2024 for its shares)"),
    (IMMIGRANT_SHARE, "international migrant stock as a percentage of the total population"),
    (FEMALE_SHARE_IMMIGRANTS, "female migrants as a percentage of the international migrant stock"),
    (FEMALE_SHARE_EMIGRANTS, "female emigrants as a percentage of the emigrant stock"),
];

/// The UN DESA data-type code (column D, e.g. `B R`) as flags.
fn data_type_flags(code: &str) -> (Option<StockBasis>, Option<bool>, Option<bool>) {
    let parts: Vec<&str> = code.split_whitespace().collect();
    if parts.is_empty() {
        return (None, None, None);
    }
    let basis = if parts.contains(&"B") {
        Some(StockBasis::ForeignBorn)
    } else if parts.contains(&"C") {
        Some(StockBasis::ForeignCitizens)
    } else {
        None
    };
    (
        basis,
        Some(parts.contains(&"R")),
        Some(parts.contains(&"I")),
    )
}

fn cell_text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.trim().to_string(),
        Some(Data::Float(f)) => super::super::output::plain_number(*f),
        Some(Data::Int(i)) => i.to_string(),
        _ => String::new(),
    }
}

/// The spreadsheet name of a cell (`A1` is row 0, column 0).
fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// A value cell, checked by the validation rules of `indicator` (finite; not negative for
/// counts and shares).
fn cell_number(
    path: &Path,
    range: &Range<Data>,
    (sheet, indicator): (&str, &str),
    row: u32,
    col: u32,
) -> Result<Option<f64>> {
    let reference = format!("{sheet}!{}", cell_ref(row, col));
    let at = validate::At {
        path,
        line: row as usize + 1,
        column: &reference,
    };
    match range.get_value((row, col)) {
        Some(Data::Float(f)) => validate::value(at, indicator, *f, &f.to_string()).map(Some),
        Some(Data::Int(i)) => validate::value(at, indicator, *i as f64, &i.to_string()).map(Some),
        Some(Data::String(s)) => validate::cell(at, indicator, s),
        _ => Ok(None),
    }
}

/// A table sheet of an IMS workbook: where its header is, which column has the location code
/// and which columns hold which sex and year.
struct TableLayout {
    header_row: u32,
    data_type_col: Option<u32>,
    code_col: Option<u32>,
    /// (column, sex, year)
    values: Vec<(u32, Sex, i32)>,
}

fn table_layout(path: &Path, range: &Range<Data>, sheet: &str) -> Result<TableLayout> {
    let (start_row, _) = range.start().unwrap_or((0, 0));
    let (end_row, end_col) = range.end().unwrap_or((0, 0));
    let header_row = (start_row..=end_row.min(start_row + 30))
        .find(|&r| cell_text(range, r, 1).starts_with("Region, development group"))
        .ok_or_else(|| {
            Error::layout(
                path,
                format!("sheet `{sheet}` has no header row starting `Region, development group, country or area`; this is not a UN DESA International Migrant Stock workbook"),
            )
        })?;
    let mut data_type_col = None;
    let mut code_col = None;
    let mut values = Vec::new();
    let mut block = 0usize;
    let mut previous_year = i32::MIN;
    for c in 0..=end_col {
        let h = cell_text(range, header_row, c);
        match h.as_str() {
            "Data type" | "Type of data" => data_type_col = Some(c),
            "Location code" => code_col = Some(c),
            _ => {
                // Period headers (`1990-1995`) of the growth-rate table are not years: skip them.
                // A number that is not a year (`99999`, `-5`) is a damaged header.
                if h.parse::<f64>().is_ok() {
                    let reference = format!("{sheet}!{}", cell_ref(header_row, c));
                    let at = validate::At {
                        path,
                        line: header_row as usize + 1,
                        column: &reference,
                    };
                    let year = validate::year_text(at, &h)?;
                    if year <= previous_year {
                        block += 1;
                    }
                    previous_year = year;
                    let sex = match block {
                        0 => Sex::Total,
                        1 => Sex::Male,
                        2 => Sex::Female,
                        _ => {
                            return Err(Error::layout(
                                path,
                                format!("sheet `{sheet}`: more than three blocks of year columns"),
                            ))
                        }
                    };
                    values.push((c, sex, year));
                }
            }
        }
    }
    if values.is_empty() {
        return Err(Error::layout(
            path,
            format!("sheet `{sheet}`: the header row has no year columns"),
        ));
    }
    same_years_in_every_block(path, sheet, header_row, &values)?;
    Ok(TableLayout {
        header_row,
        data_type_col,
        code_col,
        values,
    })
}

/// The blocks of year columns (both sexes, male, female) must name the same years: a year
/// given twice starts a block too early, a missing one leaves a block short, and either would
/// put values under the wrong sex or year.
fn same_years_in_every_block(
    path: &Path,
    sheet: &str,
    header_row: u32,
    values: &[(u32, Sex, i32)],
) -> Result<()> {
    let years_of =
        |sex: Sex| -> Vec<i32> { values.iter().filter(|v| v.1 == sex).map(|v| v.2).collect() };
    let first = years_of(Sex::Total);
    for sex in [Sex::Male, Sex::Female] {
        let block = years_of(sex);
        if block.is_empty() || block == first {
            continue;
        }
        return Err(validate::invalid(
            path,
            format!(
                "sheet `{sheet}`, row {}: the {} columns name the years {block:?}, the first block {first:?}: a year column is repeated or missing",
                header_row + 1,
                sex.as_str()
            ),
            "each block of year columns (both sexes, male, female) names each year once and in order; the header was edited or damaged: download the workbook again",
        ));
    }
    Ok(())
}

/// Rows of a table sheet: (sort index, location code, name, data-type code, values by (sex, year)).
type SheetRow = (String, String, String, String, Vec<(Sex, i32, Option<f64>)>);

fn read_table(
    path: &Path,
    workbook: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    sheet: &str,
    indicator: &str,
) -> Result<Vec<SheetRow>> {
    check_sheet_span(path, workbook, sheet)?;
    let range = workbook
        .worksheet_range(sheet)
        .map_err(|e| Error::layout(path, format!("no sheet `{sheet}` ({e}); this is not a UN DESA International Migrant Stock workbook")))?;
    let layout = table_layout(path, &range, sheet)?;
    let (end_row, _) = range.end().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for r in (layout.header_row + 1)..=end_row {
        let name = cell_text(&range, r, 1);
        if name.is_empty() {
            continue;
        }
        let index = cell_text(&range, r, 0);
        let code = layout
            .code_col
            .map(|c| cell_text(&range, r, c))
            .unwrap_or_default();
        let data_type = layout
            .data_type_col
            .map(|c| cell_text(&range, r, c))
            .unwrap_or_default();
        let mut values = Vec::with_capacity(layout.values.len());
        for &(c, sex, year) in &layout.values {
            let value = cell_number(path, &range, (sheet, indicator), r, c)?;
            values.push((sex, year, value));
        }
        rows.push((index, code, name, data_type, values));
    }
    if rows.is_empty() {
        return Err(Error::layout(
            path,
            format!("sheet `{sheet}` has a header but no data rows"),
        ));
    }
    Ok(rows)
}

fn open(path: &Path) -> Result<calamine::Sheets<std::io::BufReader<std::fs::File>>> {
    if !path.is_file() {
        return Err(Error::Read {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    // The caps first: the reader unpacks members and lays sheets out whole.
    super::limits::check_zip(path)?;
    open_workbook_auto(path)
        .map_err(|e| Error::layout(path, format!("not a readable xlsx workbook ({e})")))
}

/// Streams the cells of an xlsx sheet once to check the grid it spans against the cap
/// ([`super::limits::check_sheet_span`]) before `worksheet_range` lays it out densely.
fn check_sheet_span(
    path: &Path,
    workbook: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    sheet: &str,
) -> Result<()> {
    let calamine::Sheets::Xlsx(xlsx) = workbook else {
        return Ok(());
    };
    // A missing or unreadable sheet is reported by the reader itself.
    let Ok(mut cells) = xlsx.worksheet_cells_reader(sheet) else {
        return Ok(());
    };
    let positions =
        std::iter::from_fn(|| cells.next_cell().ok().flatten().map(|c| c.get_position()));
    super::limits::check_sheet_span(path, sheet, positions)
}

fn location_code(crosswalk: &Crosswalk, m49: &str) -> String {
    crosswalk
        .by_m49(m49)
        .map_or_else(|| m49.to_string(), |c| c.code.clone())
}

/// (code, name) of every location row in a workbook's Table 1, for extending the crosswalk with
/// the UN's aggregates.
pub fn workbook_locations(path: &Path) -> Result<Vec<(String, String)>> {
    let mut workbook = open(path)?;
    Ok(read_table(path, &mut workbook, "Table 1", IMMIGRANT_STOCK)?
        .into_iter()
        .map(|(_, code, name, _, _)| (code, name))
        .collect())
}

/// Imports the destination workbook (`undesa_pd_<year>_ims_stock_by_sex_and_destination.xlsx`):
/// Table 1 immigrant stock, Table 2 population (thousands, converted), Table 3 migrants as % of
/// population, Table 4 female share.
pub fn import_destination_workbook(
    path: &Path,
    crosswalk: &Crosswalk,
    out: &mut TidyBuilder,
) -> Result<()> {
    let mut workbook = open(path)?;
    let table1 = read_table(path, &mut workbook, "Table 1", IMMIGRANT_STOCK)?;
    // Table 2 has no location codes: its rows follow Table 1's sort index.
    let codes_by_index: BTreeMap<String, (String, String)> = table1
        .iter()
        .map(|(index, code, _, data_type, _)| (index.clone(), (code.clone(), data_type.clone())))
        .collect();
    let tables = [
        ("Table 1", IMMIGRANT_STOCK, Unit::Persons, false),
        ("Table 2", POPULATION, Unit::Persons, true),
        ("Table 3", IMMIGRANT_SHARE, Unit::Percent, false),
        ("Table 4", FEMALE_SHARE_IMMIGRANTS, Unit::Percent, false),
    ];
    for (sheet, indicator, unit, thousands) in tables {
        let rows = if sheet == "Table 1" {
            table1.clone()
        } else {
            read_table(path, &mut workbook, sheet, indicator)?
        };
        for (index, code, _, _, values) in rows {
            let (code, data_type) = match codes_by_index.get(&index) {
                Some((c, d)) if code.is_empty() || sheet == "Table 2" => (c.clone(), d.clone()),
                Some((_, d)) => (code, d.clone()),
                None => {
                    return Err(Error::layout(
                        path,
                        format!("{sheet}: row with index `{index}` is not in Table 1"),
                    ));
                }
            };
            let code = location_code(crosswalk, &code);
            let (basis, refugees, imputed) = if indicator == POPULATION {
                (None, None, None)
            } else {
                data_type_flags(&data_type)
            };
            for (sex, year, value) in values {
                let value = if thousands {
                    value.map(crate::tidy::thousands_to_persons)
                } else {
                    value
                };
                let mut obs = Observation::country(indicator, &code, year, value, unit);
                obs.sex = if indicator == FEMALE_SHARE_IMMIGRANTS {
                    Sex::Total
                } else {
                    sex
                };
                obs.stock_basis = basis;
                obs.includes_refugees = refugees;
                obs.imputed = imputed;
                out.push(obs);
            }
        }
    }
    Ok(())
}

/// Imports the origin workbook (`undesa_pd_<year>_ims_stock_by_sex_and_origin.xlsx`): Table 1
/// emigrant stock by sex, Table 2 female share.
pub fn import_origin_workbook(
    path: &Path,
    crosswalk: &Crosswalk,
    out: &mut TidyBuilder,
) -> Result<()> {
    let mut workbook = open(path)?;
    for (sheet, indicator, unit) in [
        ("Table 1", EMIGRANT_STOCK, Unit::Persons),
        ("Table 2", FEMALE_SHARE_EMIGRANTS, Unit::Percent),
    ] {
        for (_, code, _, _, values) in read_table(path, &mut workbook, sheet, indicator)? {
            let code = location_code(crosswalk, &code);
            for (sex, year, value) in values {
                let mut obs = Observation::country(indicator, &code, year, value, unit);
                obs.sex = sex;
                out.push(obs);
            }
        }
    }
    Ok(())
}

/// Reads the long bilateral table (`geo,t,from,sex,n,type_b,type_c,type_r,type_i`, one row per
/// destination, year, origin and sex) with polars' CSV reader into typed columns:
/// `destination`, `year`, `origin`, `sex` (female or male), `stock` (persons, missing where
/// empty) and the data-type flags `type_b`, `type_c`, `type_r`, `type_i` (1 = set).
///
/// This is the one reader of that layout: [`import_bilateral_csv`] builds tidy rows from it, and
/// whole-table work ([`crate::measures::matrix`]) uses the columns directly.
pub fn read_bilateral_csv(path: &Path) -> Result<DataFrame> {
    let flag = |name| (name, name, DataType::Int32);
    let df = super::read_csv_layout(
        path,
        &super::CsvLayout {
            name: "UN DESA bilateral stocks in IOM gdidata's layout",
            columns: vec![
                ("geo", "destination", DataType::String),
                ("t", "year", DataType::Int32),
                ("from", "origin", DataType::String),
                ("sex", "sex", DataType::String),
                ("n", "stock", DataType::Float64),
                flag("type_b"),
                flag("type_c"),
                flag("type_r"),
                flag("type_i"),
            ],
            required: &["destination", "year", "origin", "sex"],
            expected: "numbers in t, n and the type_ columns",
        },
    )?;
    super::validate::read_columns(path, &df, ("year", "t"), ("stock", "n"), |_| {
        Some(MIGRANT_STOCK)
    })?;
    let sex = df.column("sex")?.str()?;
    if let Some((row, other)) = sex
        .iter()
        .enumerate()
        .find(|(_, s)| !matches!(s, Some("female" | "male")))
    {
        return Err(Error::layout(
            path,
            format!(
                "line {}: sex `{}` is neither female nor male",
                row + 2,
                other.unwrap_or_default()
            ),
        ));
    }
    Ok(df)
}

/// Both sexes from female and male: their sum where both are published, missing otherwise, as
/// UN DESA's own tables do.
pub fn both_sexes(female: Option<f64>, male: Option<f64>) -> Option<f64> {
    Some(female? + male?)
}

/// Imports the long bilateral table (see [`read_bilateral_csv`]) as tidy rows. Both-sexes rows
/// are added as female + male ([`both_sexes`]). With `totals`, immigrant and emigrant stocks are
/// added as sums over origins and destinations (the 2020 edition has no official totals here).
pub fn import_bilateral_csv(path: &Path, totals: bool, out: &mut TidyBuilder) -> Result<()> {
    let mut table = read_bilateral_csv(path)?;
    table.rechunk_mut_par();
    let text = |name: &str| -> Result<StringChunked> { Ok(table.column(name)?.str()?.clone()) };
    let (destination, origin, sex) = (text("destination")?, text("origin")?, text("sex")?);
    let year = table.column("year")?.i32()?.clone();
    let stock = table.column("stock")?.f64()?.clone();
    let flag = |name: &str| -> Result<Int32Chunked> { Ok(table.column(name)?.i32()?.clone()) };
    let flags = [
        flag("type_b")?,
        flag("type_c")?,
        flag("type_r")?,
        flag("type_i")?,
    ];
    type Key<'a> = (&'a str, &'a str, i32);
    /// female, male, data-type flags B, C, R, I
    type Cells = (Option<f64>, Option<f64>, [bool; 4]);
    // (destination, origin, year) -> (female, male, flags)
    let mut pairs: BTreeMap<Key, Cells> = BTreeMap::new();
    for row in 0..table.height() {
        // read_bilateral_csv has checked that codes, year and sex are present
        let key = (
            destination.get(row).unwrap_or_default(),
            origin.get(row).unwrap_or_default(),
            year.get(row).unwrap_or_default(),
        );
        let entry = pairs.entry(key).or_insert((None, None, [false; 4]));
        let value = stock.get(row);
        if sex.get(row) == Some("female") {
            entry.0 = value;
        } else {
            entry.1 = value;
        }
        entry.2 = [0, 1, 2, 3].map(|k| flags[k].get(row) == Some(1));
    }
    let mut immigrants: BTreeMap<(&str, i32, Sex), f64> = BTreeMap::new();
    let mut emigrants: BTreeMap<(&str, i32, Sex), f64> = BTreeMap::new();
    for ((destination, origin, year), (female, male, [b, c, r, imputed])) in pairs {
        let basis = if b {
            Some(StockBasis::ForeignBorn)
        } else if c {
            Some(StockBasis::ForeignCitizens)
        } else {
            None
        };
        for (sex, value) in [
            (Sex::Total, both_sexes(female, male)),
            (Sex::Female, female),
            (Sex::Male, male),
        ] {
            let Some(value) = value else { continue };
            let mut obs = Observation::bilateral(
                MIGRANT_STOCK,
                origin,
                destination,
                year,
                Some(value),
                Unit::Persons,
            );
            obs.sex = sex;
            obs.stock_basis = basis;
            obs.includes_refugees = Some(r);
            obs.imputed = Some(imputed);
            out.push(obs);
            if totals {
                *immigrants.entry((destination, year, sex)).or_default() += value;
                *emigrants.entry((origin, year, sex)).or_default() += value;
            }
        }
    }
    for (indicator, sums) in [(IMMIGRANT_STOCK, immigrants), (EMIGRANT_STOCK, emigrants)] {
        for ((code, year, sex), value) in sums {
            let mut obs = Observation::country(indicator, code, year, Some(value), Unit::Persons);
            obs.sex = sex;
            out.push(obs);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Downloading the official workbooks (`miglab fetch undesa`).

/// The default folder of the IMS workbooks on the UN DESA Population Division site
/// (`MIGLAB_UNDESA_URL` overrides it).
pub const DOWNLOAD_BASE: &str =
    "https://www.un.org/development/desa/pd/sites/www.un.org.development.desa.pd/files";

/// Which official workbook to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workbook {
    Destination,
    Origin,
}

/// The published file name of a workbook of an edition (2024 or 2020).
pub fn workbook_file(edition: u16, which: Workbook) -> String {
    let by = match which {
        Workbook::Destination => "destination",
        Workbook::Origin => "origin",
    };
    format!("undesa_pd_{edition}_ims_stock_by_sex_and_{by}.xlsx")
}

/// Downloads (or reads from the cache) an official workbook, checks that it is an xlsx file,
/// and imports it with the same importer as `miglab import`. Returns the URL and SHA-256.
pub fn fetch_workbook(
    fetcher: &mut super::cache::Fetcher,
    base: &str,
    edition: u16,
    which: Workbook,
    crosswalk: &Crosswalk,
    out: &mut TidyBuilder,
) -> anyhow::Result<(String, String)> {
    use sha2::Digest;
    use std::io::Write;
    let file = workbook_file(edition, which);
    let url = format!("{base}/{file}");
    let opts = super::http::RequestOptions {
        accept: Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,*/*"),
        ..Default::default()
    };
    let resp = fetcher.get(&format!("undesa /{file}"), &url, &opts)?;
    let url = resp.url.clone();
    if resp.status != 200 {
        return Err(super::http::HttpError::new(
            &url,
            format!("the server answered HTTP {}", resp.status),
            "UN DESA may have moved the file; download it by hand from the International Migrant Stock page and use `miglab import ims-destination|ims-origin FILE`",
        )
        .into());
    }
    if resp.is_html() || !resp.body.starts_with(b"PK\x03\x04") {
        return Err(super::http::HttpError::new(
            &url,
            "the download is not an xlsx workbook (an HTML page or a damaged file)",
            "try again later, or download the workbook by hand and use `miglab import`",
        )
        .into());
    }
    let mut temp = tempfile::Builder::new()
        .prefix("miglab-ims-")
        .suffix(".xlsx")
        .tempfile()?;
    temp.as_file_mut().write_all(&resp.body)?;
    temp.as_file_mut().flush()?;
    match which {
        Workbook::Destination => import_destination_workbook(temp.path(), crosswalk, out),
        Workbook::Origin => import_origin_workbook(temp.path(), crosswalk, out),
    }
    .map_err(|e| {
        super::http::HttpError::new(
            &url,
            format!("the workbook is not in the expected layout: {e}"),
            "UN DESA may have changed the layout; report it, and use the embedded ims2024 meanwhile",
        )
    })?;
    Ok((url, format!("{:x}", sha2::Sha256::digest(&resp.body))))
}
