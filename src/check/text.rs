//! Whole texts: every figure of an article, speech or textbook page as its own claim. Sentences
//! are split at their ends; a sentence with several figures is split into clauses ("..., and",
//! "while", ";"), and a clause takes what it does not say itself (the country, the year, the
//! concept) from its sentence.

use super::claim::{self, Claim};
use crate::countries::Crosswalk;

/// One figure found in a text: the clause that carries it, and the claim read from it.
#[derive(Debug, Clone)]
pub struct Passage {
    /// The sentence the figure is in.
    pub sentence: String,
    /// The part of the sentence that is checked.
    pub clause: String,
    pub claim: Claim,
}

/// Texts longer than this are refused by the caller with a hint (a long book is not an article).
pub const MAX_TEXT_CHARS: usize = 200_000;

/// Splits a text into sentences: at `.`, `!`, `?` followed by white space, and at blank lines.
pub fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let blank_line = c == '\n' && next == Some('\n');
        current.push(if c == '\n' { ' ' } else { c });
        let end = matches!(c, '.' | '!' | '?' | '…') && next.is_none_or(char::is_whitespace);
        if end || blank_line {
            push_trimmed(&mut out, &current);
            current.clear();
        }
        i += 1;
    }
    push_trimmed(&mut out, &current);
    out
}

fn push_trimmed(out: &mut Vec<String>, s: &str) {
    let t = s.trim();
    if !t.is_empty() {
        out.push(t.to_string());
    }
}

/// Where a sentence with several figures may be split into clauses.
const CLAUSE_BREAKS: &[&str] = &[
    "; ",
    ", and ",
    ", while ",
    " while ",
    " whereas ",
    ", but ",
    " but ",
    " and ",
    ", ",
    ", а ",
    " а ",
    ", və ",
    " və ",
    ", lakin ",
];

/// The clauses of a sentence, each with one figure (figure-less pieces join their neighbour).
pub fn clauses(sentence: &str) -> Vec<String> {
    if claim::figure_count(sentence) <= 1 {
        return vec![sentence.to_string()];
    }
    let mut pieces = vec![sentence.to_string()];
    for sep in CLAUSE_BREAKS {
        let mut next = Vec::new();
        for p in pieces {
            if claim::figure_count(&p) <= 1 {
                next.push(p);
                continue;
            }
            next.extend(split_keeping_ranges(&p, sep));
        }
        pieces = next;
    }
    // join figure-less pieces to the clause before (or after, at the start)
    let mut out: Vec<String> = Vec::new();
    let mut pending = String::new();
    for p in pieces {
        let joined = if pending.is_empty() {
            p.clone()
        } else {
            format!("{pending} {p}")
        };
        if claim::figure_count(&p) == 0 {
            match out.last_mut() {
                Some(last) => {
                    last.push(' ');
                    last.push_str(&p);
                }
                None => pending = joined,
            }
        } else {
            out.push(joined);
            pending.clear();
        }
    }
    if out.is_empty() {
        out.push(sentence.to_string());
    }
    out
}

/// Splits at `sep`, except inside "between A and B" / "from A to B".
fn split_keeping_ranges(text: &str, sep: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split(sep) {
        let inside_range = out.last().is_some_and(|prev: &String| {
            let words: Vec<String> = prev
                .split_whitespace()
                .rev()
                .take(3)
                .map(|w| w.to_lowercase())
                .collect();
            sep.trim() == "and" && words.iter().any(|w| w == "between" || w == "между")
        });
        match out.last_mut() {
            Some(prev) if inside_range => {
                prev.push_str(sep);
                prev.push_str(part);
            }
            _ => out.push(part.to_string()),
        }
    }
    out
}

/// Every figure of a text, one passage each.
pub fn passages(text: &str, cw: &Crosswalk) -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    for sentence in sentences(text) {
        if claim::figure_count(&sentence) == 0 {
            continue;
        }
        let mut context = claim::parse(&sentence, cw);
        let before = out.last().map(|p| p.claim.clone());
        let counts_own = context.concept.is_some();
        if let Some(b) = &before {
            context.continue_from(b);
        }
        for clause in clauses(&sentence) {
            let mut c = claim::parse(&clause, cw);
            let own = c.concept.is_some();
            c.fill_from(&context);
            if !own {
                // the emigrants the sentence (or, when it names none, the text) is about
                match (&before, counts_own) {
                    (Some(b), false) => c.as_part_of(b),
                    _ => c.as_part_of(&context),
                }
            }
            out.push(Passage {
                sentence: sentence.clone(),
                clause,
                claim: c,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_decimals_and_split_at_ends() {
        let s = sentences("Net migration was 1.5 million. Refugees were 2,000!\n\nNext one");
        assert_eq!(s.len(), 3);
        assert!(s[0].contains("1.5 million"));
    }

    #[test]
    fn two_figures_make_two_clauses_and_ranges_stay_whole() {
        let c = clauses("Armenia hosted 100 refugees in 2020, and Georgia hosted 200 refugees");
        assert_eq!(c.len(), 2);
        let c = clauses("between 1.5 and 2 million Georgians live abroad");
        assert_eq!(c.len(), 1);
    }
}
