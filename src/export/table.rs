//! Terminal tables: a line under the header, values aligned right, and under the table the
//! notes every line shares, the definitions of the quantities shown and the sources.

use std::io::Write;

use comfy_table::{CellAlignment, ContentArrangement, Table};

use super::{io_error, Exportable, Exporter};
use crate::catalogue;
use crate::countries::Crosswalk;
use crate::error::Result;
use crate::measures::engine::KeyColumns;
use crate::measures::{unit, MeasureRow, Source};
use crate::output::{notes, readable_number, TABLE_STYLE};
use crate::provenance::Provenance;
use crate::tidy::Observation;

pub struct TableExporter;

impl Exporter for TableExporter {
    fn write(&self, item: &dyn Exportable, out: &mut dyn Write) -> Result<()> {
        out.write_all(item.table()?.as_bytes()).map_err(io_error)
    }
}

fn new_table() -> Table {
    let mut table = Table::new();
    table
        .load_preset(TABLE_STYLE)
        .set_content_arrangement(ContentArrangement::Disabled);
    table
}

/// A value for a person: counts with thousands separators, rates with 3 decimals.
fn measure_number(v: f64, unit_name: &str) -> String {
    if unit_name == unit::PERSONS || unit_name == "current US$" {
        readable_number(v.round() + 0.0)
    } else {
        let text = format!("{v:.3}");
        if text == "-0.000" {
            "0.000".to_string()
        } else {
            text
        }
    }
}

/// One line of a measure table: key cells, one value per quantity, notes, projection flag.
struct Line {
    key: Vec<String>,
    values: Vec<Option<String>>,
    notes: Vec<String>,
    projection: bool,
}

/// Groups measure rows into lines, in order of first appearance; the sex is part of the key, so
/// the female copy of a stock in female-share is its own line.
fn lines(rows: &[MeasureRow], keys: &KeyColumns, shown: &[(String, String)]) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for r in rows {
        let key = keys.cells(r);
        let idx = match lines.iter().position(|l| l.key == key) {
            Some(i) => i,
            None => {
                lines.push(Line {
                    key,
                    values: vec![None; shown.len()],
                    notes: Vec::new(),
                    projection: false,
                });
                lines.len() - 1
            }
        };
        let m = shown
            .iter()
            .position(|(m, u)| *m == r.measure && *u == r.unit)
            .unwrap_or(0);
        let line = &mut lines[idx];
        line.values[m] = Some(
            r.value
                .map_or_else(|| "missing".to_string(), |v| measure_number(v, &r.unit)),
        );
        for part in r.note.split("; ").filter(|p| !p.is_empty()) {
            if !line.notes.iter().any(|p| p == part) {
                line.notes.push(part.to_string());
            }
        }
        line.projection |= r.projection;
    }
    lines
}

/// The terminal table of measure rows: one line per country/pair/year or period, one column per
/// quantity; notes shared by every line go under the table with the definitions and sources.
pub fn measure_table(rows: &[MeasureRow]) -> String {
    let keys = KeyColumns::of(rows);
    let mut shown: Vec<(String, String)> = Vec::new();
    for r in rows {
        if !shown.iter().any(|(m, u)| *m == r.measure && *u == r.unit) {
            shown.push((r.measure.clone(), r.unit.clone()));
        }
    }
    let lines = lines(rows, &keys, &shown);
    let common: Vec<String> = match lines.first() {
        Some(first) if lines.len() > 1 => first
            .notes
            .iter()
            .filter(|p| lines.iter().all(|l| l.notes.contains(p)))
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    let mut table = new_table();
    let key_header = keys.header();
    let mut header: Vec<String> = key_header.iter().map(|h| h.to_string()).collect();
    let n_keys = header.len();
    header.extend(shown.iter().map(|(m, u)| format!("{m} ({u})")));
    header.push("note".into());
    table.set_header(header);
    let crosswalk = Crosswalk::embedded().ok();
    for line in &lines {
        // Country codes get their English names for people (CSV and JSON keep the codes).
        let mut row: Vec<String> = line
            .key
            .iter()
            .zip(&key_header)
            .map(|(cell, h)| match (crosswalk, *h) {
                (Some(cw), "country" | "origin" | "destination") if cw.by_code(cell).is_some() => {
                    format!("{cell} {}", cw.name_of(cell, "en"))
                }
                _ => cell.clone(),
            })
            .collect();
        row.extend(line.values.iter().map(|v| v.clone().unwrap_or_default()));
        let mut note: Vec<String> = Vec::new();
        if line.projection {
            note.push("projection".into());
        }
        note.extend(line.notes.iter().filter(|p| !common.contains(p)).cloned());
        row.push(note.join("; "));
        table.add_row(row);
    }
    for i in 0..shown.len() {
        if let Some(column) = table.column_mut(n_keys + i) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut text = table.to_string();
    text.push('\n');
    if !common.is_empty() {
        text.push_str(&format!("Note: {}.\n", common.join("; ")));
    }
    for (m, _) in &shown {
        if let Some(d) = catalogue::quantity(m) {
            text.push_str(&format!(
                "{m}: {} = {} ({}).\n",
                d.definition, d.formula, d.unit
            ));
        }
    }
    let mut sources: Vec<&Source> = Vec::new();
    for r in rows {
        if !sources.contains(&&r.source) {
            sources.push(&r.source);
        }
    }
    for s in sources {
        text.push_str(&format!("Source: {} ({}).\n", s.source, s.edition));
    }
    text
}

/// The terminal table of a dataset's rows, with the source, definitions and notes under it.
pub fn data_table(rows: &[(String, Observation)], provenance: &Provenance) -> String {
    let crosswalk = Crosswalk::embedded().ok();
    let name_of = |code: &str| -> String {
        crosswalk.map_or(code.to_string(), |cw| cw.name_of(code, "en").to_string())
    };
    let country = rows.iter().any(|(_, o)| o.country.is_some());
    let bilateral = rows
        .iter()
        .any(|(_, o)| o.origin.is_some() || o.destination.is_some());
    let by_sex = rows.iter().any(|(_, o)| o.sex != crate::tidy::Sex::Total);
    let mut table = new_table();
    let mut header: Vec<&str> = Vec::new();
    if country {
        header.extend(["country", "name"]);
    }
    if bilateral {
        header.extend(["origin", "destination"]);
    }
    header.push("indicator");
    if by_sex {
        header.push("sex");
    }
    header.extend(["year", "value", "unit", "note"]);
    table.set_header(header.clone());
    for (_, o) in rows {
        let mut row: Vec<String> = Vec::new();
        if country {
            let code = o.country.clone().unwrap_or_default();
            let name = name_of(&code);
            row.extend([code, name]);
        }
        if bilateral {
            for code in [&o.origin, &o.destination] {
                let code = code.clone().unwrap_or_default();
                row.push(format!("{} {}", code, name_of(&code)));
            }
        }
        row.push(o.indicator.clone());
        if by_sex {
            row.push(o.sex.as_str().to_string());
        }
        row.push(o.year.to_string());
        row.push(
            o.value
                .map_or_else(|| "missing".to_string(), readable_number),
        );
        row.push(o.unit.as_str().to_string());
        row.push(notes(o).join("; "));
        table.add_row(row);
    }
    if let Some(column) = table.column_mut(header.iter().position(|h| *h == "value").unwrap_or(0)) {
        column.set_cell_alignment(CellAlignment::Right);
    }
    let mut text = table.to_string();
    text.push_str("\n\n");
    text.push_str(&data_footer(rows, provenance));
    text
}

/// Source, licence and the definition of each indicator shown, and the reference time.
pub fn data_footer(rows: &[(String, Observation)], provenance: &Provenance) -> String {
    let mut lines = vec![provenance.footer()];
    let mut shown: Vec<&str> = rows.iter().map(|(_, o)| o.indicator.as_str()).collect();
    shown.sort_unstable();
    shown.dedup();
    for name in shown {
        if let Some(info) = provenance.indicator(name) {
            lines.push(format!("{name}: {} ({})", info.definition, info.unit));
        }
    }
    lines.push(format!("Reference time: {}.", provenance.reference_time));
    lines.join("\n") + "\n"
}
