//! miglab: teach and check international migration statistics of the South Caucasus and the
//! EECA region by the UN definitions.
//!
//! The flow is source → tidy table → measure → table / chart / handout (see ARCHITECTURE.md):
//! [`sources`] import the publishers' layouts into the [`tidy`] shape, [`store`] holds the
//! embedded datasets with their [`provenance`], [`query`] selects rows, [`output`] prints them.
//!
//! ```no_run
//! use miglab::{countries::Crosswalk, query::{Selection, YearSet}, store};
//!
//! let wpp = store::dataset("wpp2024")?;
//! let selection = Selection {
//!     indicators: vec!["net_migrants".into()],
//!     countries: Some("AZE".into()),
//!     years: Some(YearSet::parse("2014-2023")?),
//!     ..Default::default()
//! };
//! let rows = selection.apply(wpp.frame()?, &wpp.provenance()?, Crosswalk::embedded()?)?;
//! println!("{}", rows.frame);
//! # Ok::<(), miglab::error::Error>(())
//! ```

pub mod catalogue;
pub mod chart;
pub mod check;
pub mod cli;
pub mod countries;
pub mod error;
pub mod escape;
pub mod exercise;
pub mod lang;
pub mod measures;
pub mod output;
pub mod provenance;
pub mod query;
pub mod sources;
pub mod store;
pub mod tidy;

pub use lang::{Lang, Text};
