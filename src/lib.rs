//! miglab: teach and check international migration statistics of the South Caucasus and the
//! EECA region by the UN definitions.
//!
//! The flow is source → tidy table → request → measure → table / chart / handout (see
//! ARCHITECTURE.md): [`sources`] import the publishers' layouts into the [`tidy`] shape, [`store`]
//! holds the embedded datasets with their [`provenance`]; a typed [`request`] (or a
//! [`query::DataQuery`]) says what to compute, [`measures::engine`] computes it, [`export`]
//! writes it as a table, CSV, JSON, parquet or xlsx.
//!
//! ```no_run
//! use miglab::catalogue::MeasureKind;
//! use miglab::export::{self, Format};
//! use miglab::measures::engine;
//! use miglab::query::DataQuery;
//! use miglab::request::MeasureRequest;
//!
//! let request = MeasureRequest::new(MeasureKind::Cnmr)
//!     .countries("south-caucasus")
//!     .years("2014-2023")?;
//! let result = engine::compute(&request)?;
//! println!("{}", result.frame());
//! print!("{}", export::to_text(&result, Format::Table)?);
//!
//! let mut query = DataQuery::new("wpp2024");
//! query.indicators = vec!["net_migrants".into()];
//! query.countries = Some("AZE".into());
//! println!("{}", query.run()?.frame);
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
pub mod export;
pub mod lang;
pub mod measures;
pub mod output;
pub mod provenance;
pub mod query;
pub mod request;
pub mod serve;
pub mod sources;
pub mod store;
pub mod tidy;

pub use lang::{Lang, Text};
/// The polars miglab's frames are made with (`miglab::polars::prelude::*` in notebooks), so a
/// caller's polars cannot differ in version or features.
pub use polars;
