//! Provenance kept beside every dataset (`datasets/<name>.json`) and shown under every table:
//! who published the numbers, which edition and table, under which licence, and how miglab
//! produced the tidy extract.

use serde::{Deserialize, Serialize};

/// One publisher file that went into a dataset.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SourceFile {
    /// Path relative to the `--from` folder of `miglab datasets build`.
    pub file: String,
    /// The publisher's table or indicator inside the file.
    pub table: String,
    /// SHA-256 of the file as read, so a rebuild from other bytes is visible.
    pub sha256: String,
}

/// What one indicator of a dataset means and covers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IndicatorInfo {
    pub name: String,
    pub unit: String,
    /// The definition the numbers follow, with the document it comes from.
    pub definition: String,
    pub first_year: i32,
    pub last_year: i32,
    /// Years present (IMS is 5-yearly, so a range alone would mislead).
    pub years: Vec<i32>,
    /// First projected year, if the indicator carries projections.
    pub first_projection_year: Option<i32>,
    pub rows: usize,
    /// True when rows are origin × destination pairs.
    pub bilateral: bool,
    /// True when rows are broken down by sex (female, male, total).
    pub by_sex: bool,
}

/// Provenance of one embedded or imported dataset.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Provenance {
    pub name: String,
    pub title: String,
    pub publisher: String,
    pub edition: String,
    /// Short source line shown in the `source` column and under tables and charts.
    pub source: String,
    pub citation: String,
    pub url: String,
    pub licence: String,
    /// Reference date of the values (calendar year, mid-year, end of year).
    pub reference_time: String,
    pub produced_by: String,
    pub files: Vec<SourceFile>,
    pub notes: Vec<String>,
    pub indicators: Vec<IndicatorInfo>,
    pub rows: usize,
}

impl Provenance {
    pub fn indicator(&self, name: &str) -> Option<&IndicatorInfo> {
        self.indicators.iter().find(|i| i.name == name)
    }

    /// All years any indicator covers, sorted.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .indicators
            .iter()
            .flat_map(|i| i.years.iter().copied())
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    pub fn is_bilateral(&self, indicator: &str) -> bool {
        self.indicator(indicator).is_some_and(|i| i.bilateral)
    }

    /// The lines printed under a table: source, edition, licence.
    pub fn footer(&self) -> String {
        format!("Source: {} Licence: {}.", self.citation, self.licence)
    }
}
