//! Parquet: the result's polars frame, zstd-compressed (the embedded datasets' format).

use std::io::Write;

use polars::prelude::*;

use super::{Exportable, Exporter};
use crate::error::Result;

pub struct ParquetExporter;

impl Exporter for ParquetExporter {
    fn write(&self, item: &dyn Exportable, out: &mut dyn Write) -> Result<()> {
        let mut frame = item.frame()?;
        ParquetWriter::new(out)
            .with_compression(ParquetCompression::Zstd(None))
            .with_statistics(StatisticsOptions::full())
            .finish(&mut frame)?;
        Ok(())
    }
}
