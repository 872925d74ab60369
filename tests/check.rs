//! Tests of `miglab check`.
