//! Fact-checking quoted migration figures against the official data (`miglab check`) and the UN definitions (`miglab define`).
