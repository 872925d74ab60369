//! The embedded datasets: tidy parquet extracts in `datasets/`, compiled into the binary with
//! their provenance sidecars so that miglab works offline from any folder.

use std::io::Cursor;

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::provenance::Provenance;

/// One embedded dataset: its tidy table and provenance, as bytes in the binary.
pub struct EmbeddedDataset {
    pub name: &'static str,
    parquet: &'static [u8],
    provenance: &'static str,
}

macro_rules! embedded {
    ($name:literal) => {
        EmbeddedDataset {
            name: $name,
            parquet: include_bytes!(concat!("../datasets/", $name, ".parquet")),
            provenance: include_str!(concat!("../datasets/", $name, ".json")),
        }
    };
}

/// Every embedded dataset, in the order `miglab data list` shows them.
pub const DATASETS: &[EmbeddedDataset] = &[
    embedded!("wpp2024"),
    embedded!("ims2024"),
    embedded!("ims2020"),
    embedded!("unhcr"),
    embedded!("wdi"),
    embedded!("eurostat"),
];

/// Names of the embedded datasets.
pub fn names() -> impl Iterator<Item = &'static str> {
    DATASETS.iter().map(|d| d.name)
}

/// Finds an embedded dataset by name (case-insensitive), with a "did you mean" on failure.
pub fn dataset(name: &str) -> Result<&'static EmbeddedDataset> {
    let lower = name.trim().to_lowercase();
    DATASETS.iter().find(|d| d.name == lower).ok_or_else(|| {
        let list = format!("available: {}", names().collect::<Vec<_>>().join(", "));
        Error::unknown("dataset", name, names(), &list)
    })
}

impl EmbeddedDataset {
    pub fn provenance(&self) -> Result<Provenance> {
        serde_json::from_str(self.provenance).map_err(|e| Error::Embedded {
            name: format!("{}.json", self.name),
            problem: e.to_string(),
        })
    }

    /// The whole tidy table.
    pub fn frame(&self) -> Result<DataFrame> {
        if self.parquet.is_empty() {
            return Err(Error::Embedded {
                name: format!("{}.parquet", self.name),
                problem: "empty file".into(),
            });
        }
        ParquetReader::new(Cursor::new(self.parquet))
            .finish()
            .map_err(|e| Error::Embedded {
                name: format!("{}.parquet", self.name),
                problem: e.to_string(),
            })
    }
}
