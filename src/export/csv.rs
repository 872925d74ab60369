//! CSV: one header line, then one line per row; missing values are empty.

use std::io::Write;

use super::{Exportable, Exporter};
use crate::error::Result;

pub struct CsvExporter;

impl Exporter for CsvExporter {
    fn write(&self, item: &dyn Exportable, out: &mut dyn Write) -> Result<()> {
        let sheet = item.sheet()?;
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(sheet.table_columns().map(|(_, c)| c.name.as_str()))?;
        for row in &sheet.rows {
            writer.write_record(sheet.table_columns().map(|(i, _)| row[i].to_text()))?;
        }
        writer.flush().map_err(csv::Error::from)?;
        Ok(())
    }
}
