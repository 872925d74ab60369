//! World Bank, World Development Indicators: the bulk CSV download layout (UTF-8 BOM, CRLF,
//! metadata lines before the header, every line ending in a comma) and the long WDI extract of
//! IOM's gdidata package (`geo,var,t,v`).

use std::path::Path;

use super::{parse_value, parse_year, read_text, Delimited};
use crate::error::{Error, Result};
use crate::tidy::{Observation, TidyBuilder, Unit};

/// A WDI series miglab knows: WDI code, IOM gdidata variable, miglab indicator, unit, definition.
pub struct WdiSeries {
    pub code: &'static str,
    pub gdidata_var: &'static str,
    pub name: &'static str,
    pub unit: Unit,
    pub definition: &'static str,
}

pub const SERIES: &[WdiSeries] = &[
    WdiSeries {
        code: "SM.POP.NETM",
        gdidata_var: "nmig",
        name: "net_migration",
        unit: Unit::Persons,
        definition: "net migration (WDI SM.POP.NETM): immigrants minus emigrants in the year, taken by the World Bank from UN WPP; this vintage is WPP 2022-based",
    },
    WdiSeries {
        code: "BX.TRF.PWKR.CD.DT",
        gdidata_var: "remin",
        name: "remittances_received",
        unit: Unit::CurrentUsd,
        definition: "personal remittances received (WDI BX.TRF.PWKR.CD.DT): personal transfers plus compensation of employees (IMF BPM6)",
    },
    WdiSeries {
        code: "BM.TRF.PWKR.CD.DT",
        gdidata_var: "remout",
        name: "remittances_paid",
        unit: Unit::CurrentUsd,
        definition: "personal remittances paid (WDI BM.TRF.PWKR.CD.DT)",
    },
    WdiSeries {
        code: "NY.GDP.MKTP.CD",
        gdidata_var: "gdp",
        name: "gdp",
        unit: Unit::CurrentUsd,
        definition: "gross domestic product at purchaser's prices (WDI NY.GDP.MKTP.CD)",
    },
];

/// One row of IOM gdidata's long table.
#[derive(Debug, Clone, PartialEq)]
pub struct LongRow {
    pub geo: String,
    pub var: String,
    pub year: i32,
    pub value: Option<f64>,
}

/// Reads IOM gdidata's long `wdi` table (`geo,var,t,v`).
pub fn read_long(path: &Path) -> Result<Vec<LongRow>> {
    let table = Delimited::read_csv(path)?;
    if table.header != ["geo", "var", "t", "v"] {
        return Err(Error::layout(
            path,
            format!(
                "header is `{}`, expected `geo,var,t,v` (IOM gdidata's long WDI table)",
                table.header.join(",")
            ),
        ));
    }
    table.check_rows(path, 0)?;
    table
        .records
        .iter()
        .map(|(line, record)| {
            Ok(LongRow {
                geo: record[0].to_string(),
                var: record[1].to_string(),
                year: parse_year(path, *line, &record[2])?,
                value: parse_value(path, *line, "v", &record[3])?,
            })
        })
        .collect()
}

/// Imports the WDI series of IOM gdidata's long table that miglab knows (remittances, GDP,
/// net migration). `vars` limits the import to some gdidata variables.
pub fn import_long(path: &Path, vars: &[&str], out: &mut TidyBuilder) -> Result<()> {
    for row in read_long(path)? {
        if let Some(series) = SERIES
            .iter()
            .find(|s| s.gdidata_var == row.var && vars.contains(&s.gdidata_var))
        {
            out.push(Observation::country(
                series.name,
                &row.geo,
                row.year,
                row.value,
                series.unit,
            ));
        }
    }
    Ok(())
}

/// What the header lines of a bulk download say.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkInfo {
    pub last_updated: String,
    pub indicator_code: String,
}

/// Imports a WDI bulk download CSV (`API_<code>_DS2_en_csv_v2_<n>.csv`).
pub fn import_bulk_csv(path: &Path, out: &mut TidyBuilder) -> Result<BulkInfo> {
    let text = read_text(path)?;
    let layout_hint = "expected the World Bank bulk download layout (`\"Data Source\",\"World Development Indicators\",` then a header `\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"1960\",...`)";
    let mut last_updated = String::new();
    let mut header_at = None;
    for (i, line) in text.lines().enumerate().take(10) {
        if line.starts_with("\"Last Updated Date\"") {
            last_updated = line
                .split(',')
                .nth(1)
                .unwrap_or_default()
                .trim_matches('"')
                .to_string();
        }
        if line.starts_with("\"Country Name\"") {
            header_at = Some(i);
            break;
        }
    }
    let header_at =
        header_at.ok_or_else(|| Error::layout(path, format!("no header line; {layout_hint}")))?;
    let body: String = text.lines().skip(header_at).collect::<Vec<_>>().join("\n");
    let table = Delimited::parse(path, &body, b',', header_at + 1)?;
    let header = &table.header;
    if header.len() < 5 || header[1] != "Country Code" || header[3] != "Indicator Code" {
        return Err(Error::layout(path, layout_hint));
    }
    // Every line ends with a comma: the header has one empty column more than some rows.
    table.check_rows(path, 1)?;
    let years: Vec<(usize, i32)> = header
        .iter()
        .enumerate()
        .skip(4)
        .filter_map(|(i, h)| h.parse::<i32>().ok().map(|y| (i, y)))
        .collect();
    let mut indicator_code = String::new();
    for (line, record) in &table.records {
        let line = *line;
        let code = &record[3];
        let series = SERIES.iter().find(|s| s.code == code).ok_or_else(|| {
            let known: Vec<&str> = SERIES.iter().map(|s| s.code).collect();
            Error::layout(
                path,
                format!(
                    "indicator `{code}` is not one miglab imports from WDI ({})",
                    known.join(", ")
                ),
            )
        })?;
        indicator_code = code.to_string();
        for &(c, year) in &years {
            let value = parse_value(path, line, &header[c], &record[c])?;
            if value.is_some() {
                out.push(Observation::country(
                    series.name,
                    &record[1],
                    year,
                    value,
                    series.unit,
                ));
            }
        }
    }
    Ok(BulkInfo {
        last_updated,
        indicator_code,
    })
}
