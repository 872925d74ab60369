//! Fact-checking quoted migration figures against the official data (`miglab check`) and the UN
//! definitions (`miglab define`).
//!
//! [`claim`] reads a quoted figure (number, unit, concept, countries, years); [`verdict`] finds
//! every official figure that could be meant, across datasets, editions, years, sexes and related
//! concepts, and says whether the quote holds; [`definitions`] holds the terms, their sources and
//! the miglab measure that follows each.

pub mod claim;
pub mod definitions;
pub mod verdict;
