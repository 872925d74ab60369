//! Tests of `miglab chart`.
