//! JSON: an array of records, numbers as numbers (whole numbers without a decimal point),
//! missing values and empty texts as `null`.

use std::io::Write;

use serde_json::{json, Map, Value as Json};

use super::{io_error, Exportable, Exporter, Value};
use crate::error::Result;

pub struct JsonExporter;

fn json_value(value: &Value) -> Json {
    match value {
        Value::Null | Value::Absent => Json::Null,
        Value::Text(s) if s.is_empty() => Json::Null,
        Value::Text(s) => Json::String(s.clone()),
        Value::Int(i) => json!(i),
        Value::Number(v) if v.fract() == 0.0 && v.abs() < 1e15 => json!(*v as i64),
        Value::Number(v) => json!(v),
        Value::Bool(b) => json!(b),
    }
}

impl Exporter for JsonExporter {
    fn write(&self, item: &dyn Exportable, out: &mut dyn Write) -> Result<()> {
        let sheet = item.sheet()?;
        let records: Vec<Json> = sheet
            .rows
            .iter()
            .map(|row| {
                let mut map = Map::new();
                for (column, value) in sheet.columns.iter().zip(row) {
                    if *value != Value::Absent {
                        map.insert(column.name.clone(), json_value(value));
                    }
                }
                Json::Object(map)
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &records)?;
        writeln!(out).map_err(io_error)?;
        Ok(())
    }
}
