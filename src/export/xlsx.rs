//! Excel workbooks: a `data` sheet (bold header, numbers as numbers, frozen header row) and a
//! second sheet with the provenance.

use std::io::Write;

use super::{io_error, Exportable, Exporter, Value};
use crate::error::Result;

pub struct XlsxExporter;

impl Exporter for XlsxExporter {
    fn write(&self, item: &dyn Exportable, out: &mut dyn Write) -> Result<()> {
        let sheet = item.sheet()?;
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        let data = workbook.add_worksheet().set_name("data")?;
        for (c, (_, column)) in sheet.table_columns().enumerate() {
            data.write_string_with_format(0, c as u16, &column.name, &bold)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, (i, _)) in sheet.table_columns().enumerate() {
                let c = c as u16;
                match &row[i] {
                    Value::Number(v) => data.write_number(r, c, *v)?,
                    Value::Int(v) => data.write_number(r, c, *v as f64)?,
                    other => data.write_string(r, c, other.to_text())?,
                };
            }
        }
        data.set_freeze_panes(1, 0)?;
        let about = item.about();
        let sheet = workbook.add_worksheet().set_name(&about.sheet)?;
        for (r, (key, value)) in about.lines.iter().enumerate() {
            sheet.write_string_with_format(r as u32, 0, key, &bold)?;
            sheet.write_string(r as u32, 1, value)?;
        }
        let bytes = workbook.save_to_buffer()?;
        out.write_all(&bytes).map_err(io_error)?;
        Ok(())
    }
}
