//! Helpers shared by the integration tests: the published tables in ../shared/data, read here
//! with parsers of the tests' own (never miglab's importers), and the CLI under test.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;

use assert_cmd::Command;

/// The real published data (`MIGLAB_SHARED_DATA` overrides `../shared/data`).
pub fn shared() -> PathBuf {
    let path = std::env::var_os("MIGLAB_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    assert!(
        path.join("INDEX.md").is_file(),
        "the published data are not at {}: put the shared/ folder beside the repository or set MIGLAB_SHARED_DATA",
        path.display()
    );
    path
}

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The `miglab` binary with a clean environment, run from a scratch folder so nothing beside
/// it can be read by accident.
pub fn miglab() -> Command {
    let mut cmd = Command::cargo_bin("miglab").expect("binary built");
    cmd.env_clear()
        .env("NO_COLOR", "1")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(std::env::temp_dir());
    cmd
}

/// A cell of a WPP wide file: (M49 code, year) -> the published text value.
pub fn wpp_wide(file: &str, m49: &str, year: i32) -> f64 {
    let text = std::fs::read_to_string(shared().join("un_wpp2024").join(file)).expect("WPP file");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = header
        .iter()
        .position(|h| *h == year.to_string())
        .expect("year column");
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields[0] == m49 {
            return fields[col].parse().expect("number");
        }
    }
    panic!("{m49} not in {file}");
}

/// Rows of a CSV file under ../shared/data as maps of column -> text.
pub fn csv_rows(relative: &str) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(shared().join(relative)).expect("csv");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// A value of an IMS workbook table: the row whose location code (column E) is `m49`, the
/// column whose header (row 11) is `year`, in the first (both sexes) block.
pub fn ims_workbook(file: &str, sheet: &str, m49: f64, year: f64) -> f64 {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut wb = open_workbook_auto(shared().join("un_desa_ims2024").join(file)).expect("workbook");
    let range = wb.worksheet_range(sheet).expect("sheet");
    let header_row = 10u32;
    let year_col = (0..range.width() as u32)
        .find(|&c| matches!(range.get_value((header_row, c)), Some(Data::Float(f)) if *f == year)
            || matches!(range.get_value((header_row, c)), Some(Data::Int(i)) if *i as f64 == year))
        .expect("year column");
    for r in header_row + 1..range.height() as u32 {
        let code = match range.get_value((r, 4)) {
            Some(Data::Float(f)) => *f,
            Some(Data::Int(i)) => *i as f64,
            _ => continue,
        };
        if code == m49 {
            return match range.get_value((r, year_col)) {
                Some(Data::Float(f)) => *f,
                Some(Data::Int(i)) => *i as f64,
                other => panic!("unexpected cell {other:?}"),
            };
        }
    }
    panic!("{m49} not in {file} {sheet}");
}

/// Parses CSV output of miglab into maps.
pub fn parse_csv(text: &str) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.expect("record").iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// An embedded dataset's frame, decoded once per test binary.
pub fn frame(dataset: &str) -> polars::prelude::DataFrame {
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, polars::prelude::DataFrame>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut cache = cache.lock().expect("lock");
    cache
        .entry(dataset.to_string())
        .or_insert_with(|| {
            miglab::store::dataset(dataset)
                .expect("dataset")
                .frame()
                .expect("frame")
        })
        .clone()
}

/// The embedded rows of `year` whose every `(column, text)` matches.
fn lookup(dataset: &str, text: &[(&str, &str)], year: i32) -> Vec<miglab::tidy::Observation> {
    use polars::prelude::*;
    let all = frame(dataset);
    let mut keep = all
        .column("year")
        .expect("year")
        .i32()
        .expect("i32")
        .equal(year);
    for &(column, value) in text {
        keep = &keep
            & &all
                .column(column)
                .expect(column)
                .str()
                .expect("text")
                .equal(value);
    }
    let df = all.filter(&keep).expect("filter");
    miglab::tidy::observations(&df)
        .expect("rows")
        .into_iter()
        .map(|(_, o)| o)
        .collect()
}

/// The embedded value of a single-country series (both sexes).
pub fn embedded(dataset: &str, indicator: &str, country: &str, year: i32) -> Option<f64> {
    let text = [
        ("indicator", indicator),
        ("country", country),
        ("sex", "total"),
    ];
    let rows = lookup(dataset, &text, year);
    assert!(
        rows.len() <= 1,
        "{dataset} {indicator} {country} {year}: {} rows",
        rows.len()
    );
    rows.first().and_then(|o| o.value)
}

/// The embedded observation of a bilateral series.
pub fn embedded_pair(
    dataset: &str,
    indicator: &str,
    origin: &str,
    destination: &str,
    year: i32,
    sex: &str,
) -> Option<miglab::tidy::Observation> {
    let text = [
        ("indicator", indicator),
        ("origin", origin),
        ("destination", destination),
        ("sex", sex),
    ];
    let rows = lookup(dataset, &text, year);
    assert!(rows.len() <= 1);
    rows.into_iter().next()
}

/// A small workbook in the layout of UN DESA's IMS "by origin" workbook (Tables 1 and 2), in
/// memory: `years` as header cells, one row of `values` for Armenia (non-finite values as text,
/// as a hand edit would leave them).
pub fn ims_origin_workbook(years: &[f64], values: &[f64]) -> Vec<u8> {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    for sheet in ["Table 1", "Table 2"] {
        let ws = wb.add_worksheet();
        ws.set_name(sheet).expect("name");
        ws.write_string(
            10,
            1,
            "Region, development group, country or area of origin",
        )
        .expect("w");
        ws.write_string(10, 3, "Location code").expect("w");
        for (i, y) in years.iter().enumerate() {
            ws.write_number(10, 5 + i as u16, *y).expect("w");
        }
        ws.write_string(11, 0, "1").expect("w");
        ws.write_string(11, 1, "Armenia").expect("w");
        ws.write_number(11, 3, 51.0).expect("w");
        for (i, v) in values.iter().enumerate() {
            // the writer refuses non-finite numbers: write them as text, as a hand edit would
            if v.is_finite() {
                ws.write_number(11, 5 + i as u16, *v).expect("w");
            } else {
                ws.write_string(11, 5 + i as u16, v.to_string()).expect("w");
            }
        }
    }
    wb.save_to_buffer().expect("buffer")
}
