//! Fact-checking quoted migration figures against the official data (`miglab check`) and the UN
//! definitions (`miglab define`).
//!
//! [`claim`] reads a quoted figure (number, unit, concept, countries, years); [`verdict`] finds
//! every official figure that could be meant, across datasets, editions, years, sexes and related
//! concepts, and says whether the quote holds. The terms, their sources and the measures that
//! follow each are the catalogue's glossary ([`crate::catalogue::concepts`]).

pub mod candidates;
pub mod claim;
pub mod help;
pub mod text;
pub mod verdict;
