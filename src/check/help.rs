//! The long help of `miglab check`, written from the tables the reader uses: the catalogue's
//! press terms (concepts and their words in en/az/ru), the place forms, demonyms and groups of
//! [`crate::countries`], and the number words of [`super::claim`]. A word added there appears
//! here.

use super::claim::{Comparator, Concept, COMPARATORS, FRACTIONS, SCALES, WORD_NUMBERS};
use crate::countries::{DATA_GROUPS, DEMONYMS, GROUPS, PLACE_FORMS};

/// Up to `n` words, quoted, joined.
fn quoted(words: impl Iterator<Item = &'static str>, n: usize) -> String {
    let list: Vec<String> = words.take(n).map(|w| format!("\"{}\"", w.trim())).collect();
    list.join(", ")
}

fn concepts() -> String {
    let mut s = String::from(
        "Concepts (--concept; the words that name each in the press, from the catalogue):\n",
    );
    for c in Concept::ALL {
        let t = c.press();
        s.push_str(&format!("  {}: {}\n", t.key, t.about));
        let words = [("en", t.words.en), ("az", t.words.az), ("ru", t.words.ru)];
        let said: Vec<String> = words
            .iter()
            .filter(|(_, w)| !w.is_empty())
            .map(|(lang, w)| format!("{lang} {}", quoted(w.iter().copied(), 4)))
            .collect();
        if !said.is_empty() {
            s.push_str(&format!("      words: {}\n", said.join("; ")));
        }
        if let Some(base) = t.refines {
            s.push_str(&format!(
                "      a {base} figure with: {}\n",
                quoted(t.qualifiers.all(), 6)
            ));
        }
    }
    s
}

fn places() -> String {
    let mut s = String::from("Places: ISO3/ISO2/M49 codes and names in en/az/ru (UN, CLDR); \"born in X\", \"from X\", \"X nationals\", \"in X\" (the partner); Azerbaijani and Russian case endings (Rusiyada, Rusiyadan, в России).\n  groups (summed over their members where the figure is a count or a ratio of sums; never the UN aggregate):\n");
    for g in GROUPS {
        s.push_str(&format!(
            "    {} ({}): {}\n",
            g.title,
            g.name,
            g.members.join(", ")
        ));
    }
    for (name, title) in DATA_GROUPS {
        s.push_str(&format!(
            "    {title} ({name}): members from the publishers' tables\n"
        ));
    }
    let mut forms: Vec<String> = Vec::new();
    for (form, code) in PLACE_FORMS {
        forms.push(format!("{form} = {code}"));
    }
    s.push_str(&format!(
        "  other names and short forms: {}\n",
        forms.join(", ")
    ));
    let mut codes: Vec<&str> = DEMONYMS.iter().map(|(_, c)| *c).collect();
    codes.dedup();
    let by_code: Vec<String> = codes
        .iter()
        .map(|code| {
            let words: Vec<&str> = DEMONYMS
                .iter()
                .filter(|(_, c)| c == code)
                .map(|(w, _)| *w)
                .collect();
            format!("{code} {}", words.join("/"))
        })
        .collect();
    s.push_str(&format!(
        "  demonyms (plurals and cases too): {}\n",
        by_code.join(", ")
    ));
    s
}

fn numbers() -> String {
    let list = |t: &[(&'static str, f64)]| quoted(t.iter().map(|(w, _)| *w), t.len());
    let bounds = |want: Comparator| {
        quoted(
            COMPARATORS
                .iter()
                .filter(|(_, c)| *c == want)
                .map(|(w, _)| *w),
            COMPARATORS.len(),
        )
    };
    format!(
        "Numbers: 84000, 84,122, 84 122 and 84\u{a0}122 (space-grouped), 1.5 and 1,5 (decimal comma), digits of other scripts, \"minus 84 thousand\" (\"минус\", \"mənfi\"), -84,122; \"25 per 1,000\", \"25‰\", \"12%\", \"12 per cent\"; currencies (\"$2.5bn\", \"USD 2.5 billion\", \"8 billion dollars\", \"1,2 млрд долларов\"); ranges (\"between A and B\", \"from A to B\", \"A-B\"); shares (\"one in five\", \"1 in 4\", \"a third\", \"two thirds\", \"half\"); changes (\"fell by 12%\", \"rose by 5%\", \"doubled\", \"halved\"); signs (\"turned positive/negative\", \"lost/gained N people through migration\", \"net emigration of N\" = a negative net). Numbers that are not finite (1e400) are refused.\n  scale words: {}\n  numbers in words: {}\n  fractions: {}\n  lower bounds: {}\n  upper bounds: {}\n  Azerbaijani bounds after the number: \"650 mindən çox\" (more than), \"100 mindən az\" (less than)\n  (any other word, e.g. \"about\", \"nearly\", \"some\", \"около\", \"təxminən\": an approximate figure)\n",
        list(SCALES),
        list(WORD_NUMBERS),
        list(FRACTIONS),
        bounds(Comparator::AtLeast),
        bounds(Comparator::AtMost),
    )
}

/// Years, periods and what cannot be checked.
fn years_and_limits() -> String {
    "Years and periods: \"in 2023\", \"2023-cü ildə\", \"в 2023 году\", \"2014-2023\", \"between 2000 and 2020\"; a stock quoted for a period is checked at its end.\n\
Cannot be checked with these open data (the publisher is named): periods under a year (\"in the week after\"), border crossings, registrations, work permits and patents, asylum applications outside the EU/EFTA, national flow series. A quoted annual emigration or immigration figure is set beside the flows ESTIMATED from migrant stocks (demographic accounting), as an order of magnitude, never as a match.\n".into()
}

/// The whole long help.
pub fn text() -> String {
    format!(
        "Examples:\n  miglab check \"Net migration in Azerbaijan was minus 84 thousand in 2023\"\n  miglab check \"About 790,000 people born in Azerbaijan lived abroad in 2020\" --card\n  miglab check \"Georgians filed 24,770 first-time asylum applications in the EU in 2023\"\n  miglab check --value 2000000 --concept emigrant-stock --country AZE --partner RUS --year 2020 --json\n\nWhole texts: `miglab check --file article.txt` (or `--file -` for stdin) finds every figure and gives one verdict per figure; a sentence with two figures is split into clauses.\n\n{}\n{}\n{}\n{}\nVerdicts: consistent (within the rounding of the quote's precision, at most 5 %), close (within 10 %), inconsistent, matches a different figure (another concept, edition, year or sex, thousands read as persons, per 1,000 read as per cent, a projection quoted as an observation), cannot be checked with open data (with the data that would be needed). Flags override the parts of the text. Exit codes: 0 for any verdict, 1 data errors, 2 when the claim cannot be understood.",
        concepts(),
        places(),
        numbers(),
        years_and_limits()
    )
}
