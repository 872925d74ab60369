//! Typed errors of the library. Every message names the problem in one line; the fix, when there
//! is one to suggest, is a separate [`Error::hint`] that the binary prints on its own `hint:` line
//! (see `main.rs`). Exit code 2 for what the user can fix on the command line (a flag's syntax, a
//! flag that does not apply, an unknown name), 1 for data, I/O and everything else.

use std::path::PathBuf;

/// At most this many characters of an unknown name are echoed in its message; a longer name
/// is no typo, and is not compared with the known names (a 100 KB name against every country
/// name would take half a minute).
pub const UNKNOWN_NAME_MAX: usize = 80;

/// Result type of the miglab library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line was well-formed but a value has the wrong syntax
    /// (e.g. `--years 2014..2020`). Exit code 2.
    #[error("{0}")]
    Usage(String),

    /// A dataset, indicator, country or other name that miglab does not know. Exit code 2.
    /// The name is echoed escaped and cut ([`crate::escape::for_message`]): it is the user's
    /// text, and may hold control characters or be 100 KB long.
    #[error(
        "unknown {what} `{}`",
        crate::escape::for_message(name, UNKNOWN_NAME_MAX)
    )]
    Unknown {
        what: &'static str,
        name: String,
        /// What to write instead, e.g. "did you mean `AZE` (Azerbaijan)?" (empty when none).
        hint: String,
    },

    /// The query is valid but asks for something the data do not cover.
    #[error("{0}")]
    NotCovered(String),

    /// The values contradict each other (e.g. the same origin-destination pair given twice for
    /// one year): the input has to be fixed, no result would be right.
    #[error("{0}")]
    Inconsistent(String),

    /// An input file is not in the layout the importer expects (or is empty or truncated).
    #[error("{path}: {problem}")]
    Layout { path: PathBuf, problem: String },

    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// `miglab serve` cannot listen on an address (a port in use, no permission). Exit code 1.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: String,
        #[source]
        source: std::io::Error,
    },

    /// An embedded dataset or table is damaged: a bug or a bad `datasets build`, never user input.
    #[error("embedded data `{name}` is unreadable ({problem}); rebuild it with `cargo build-datasets` or reinstall miglab")]
    Embedded { name: String, problem: String },

    #[error("data processing failed: {0}")]
    Polars(#[from] polars::error::PolarsError),

    #[error("writing the xlsx workbook failed: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),

    #[error("JSON output failed: {0}")]
    Json(#[from] serde_json::Error),

    #[error("CSV output failed: {0}")]
    Csv(#[from] csv::Error),

    /// An error with what was being done when it happened (e.g. the exercise step); the kind, and
    /// so the exit code, stays that of the cause.
    #[error("{context}: {source}")]
    Context {
        context: String,
        #[source]
        source: Box<Error>,
    },

    /// An error with a suggestion how to fix it, printed on its own `hint:` line.
    #[error("{error}")]
    Hinted { error: Box<Error>, hint: String },
}

impl Error {
    /// Exit code for this error: 2 for usage errors, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::Unknown { .. } => 2,
            Error::Context { source, .. } => source.exit_code(),
            Error::Hinted { error, .. } => error.exit_code(),
            _ => 1,
        }
    }

    /// How to fix it, when miglab can say (printed as `hint: ...` under the error).
    pub fn hint(&self) -> Option<&str> {
        match self {
            // Older callers wrote the hint as a tail starting with "; ".
            Error::Unknown { hint, .. } if !hint.is_empty() => Some(hint.trim_start_matches("; ")),
            Error::Hinted { hint, .. } => Some(hint),
            Error::Context { source, .. } => source.hint(),
            _ => None,
        }
    }

    /// The same error with a hint how to fix it.
    pub fn with_hint(self, hint: impl Into<String>) -> Self {
        Error::Hinted {
            error: Box::new(self),
            hint: hint.into(),
        }
    }

    /// The same error (same kind and exit code) saying what was being done.
    pub fn context(self, context: impl Into<String>) -> Self {
        Error::Context {
            context: context.into(),
            source: Box::new(self),
        }
    }

    /// A usage error (exit 2) with a hint.
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Usage(message.into()).with_hint(hint)
    }

    /// A not-covered error (exit 1) with a hint.
    pub fn not_covered(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::NotCovered(message.into()).with_hint(hint)
    }

    pub fn layout(path: impl Into<PathBuf>, problem: impl Into<String>) -> Self {
        Error::Layout {
            path: path.into(),
            problem: problem.into(),
        }
    }

    /// An unknown name, with the closest known candidate (if any is close) as a hint.
    pub fn unknown<'a>(
        what: &'static str,
        name: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        list_hint: &str,
    ) -> Self {
        let closest = closest_match(name, candidates);
        let mut hint = String::new();
        if let Some(best) = closest {
            hint.push_str(&format!("did you mean `{best}`?"));
        }
        if !list_hint.is_empty() {
            if hint.is_empty() {
                hint.push_str(list_hint);
            } else {
                hint.push_str(&format!(" ({list_hint})"));
            }
        }
        Error::Unknown {
            what,
            name: name.to_string(),
            hint,
        }
    }
}

/// The candidate most similar to `name` (case-insensitive Jaro–Winkler), when it is similar enough
/// to be a plausible typo.
pub fn closest_match<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if name.chars().count() > UNKNOWN_NAME_MAX {
        return None;
    }
    let needle = name.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&needle, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
