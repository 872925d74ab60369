//! Charts for slides on plotters (`miglab chart`).
