//! The words of a chart: place and series names, the time span, the caption (source, edition,
//! definition) and the footnotes (group sums, projections, imputed and missing values).

use std::collections::BTreeSet;

use super::i18n::{place_name, t};
use crate::countries::{Crosswalk, GROUPS};
use crate::measures::{MeasureRow, Source};
use crate::tidy::Sex;
use crate::Lang;

/// What varies along a chart: who (country or pair), when (year or period), and the sex.
pub(super) struct Keys {
    pub entity: String,
    pub time: String,
    pub year: Option<i32>,
    pub sex: Sex,
}

pub(super) fn entity_of(r: &MeasureRow, bilateral: Bilateral) -> String {
    match (&r.country, &r.origin, &r.destination) {
        (Some(c), _, _) => c.clone(),
        (None, o, d) => {
            let o = o.clone().unwrap_or_default();
            let d = d.clone().unwrap_or_default();
            match bilateral {
                Bilateral::Origins => o,
                Bilateral::Destinations => d,
                Bilateral::Pairs => format!("{o}>{d}"),
            }
        }
    }
}

/// Which side of bilateral rows names the series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Bilateral {
    Origins,
    Destinations,
    Pairs,
}

pub(super) fn entity_label(key: &str, lang: Lang) -> String {
    match key.split_once('>') {
        Some((o, d)) => format!("{} → {}", entity_label(o, lang), entity_label(d, lang)),
        // A total of a custom list (`--countries ARM,TUR --total` gives `ARM+TUR`).
        None if key.contains('+') && key.split('+').count() <= 3 => key
            .split('+')
            .map(|c| place_name(c, lang))
            .collect::<Vec<_>>()
            .join(" + "),
        None => place_name(key, lang),
    }
}

pub(super) fn sex_label(sex: Sex, lang: Lang) -> &'static str {
    t(sex.as_str(), lang)
}

pub(super) fn time_label(key: &str) -> String {
    key.replace('-', "–")
}

/// Names of several places in few words: "Armenia, Azerbaijan, Georgia" or the group's name.
pub(super) fn places_phrase(list: &[String], lang: Lang) -> String {
    let mut sorted: Vec<&str> = list.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    for g in GROUPS {
        let mut members: Vec<&str> = g.members.to_vec();
        members.sort_unstable();
        if members == sorted && members.len() > 1 {
            return place_name(g.name, lang);
        }
    }
    if list.len() > 5 {
        let shown: Vec<String> = list[..4].iter().map(|c| place_name(c, lang)).collect();
        return format!("{}, … ({})", shown.join(", "), list.len());
    }
    list.iter()
        .map(|c| entity_label(c, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn distinct<T: Ord + Clone>(items: impl Iterator<Item = T>) -> Vec<T> {
    items.collect::<BTreeSet<T>>().into_iter().collect()
}

/// Keeps first-appearance order.
pub(super) fn ordered(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

pub(super) fn caption(sources: &[Source], definition: &str, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    for s in sources {
        let mut text = s.source.clone();
        text.push_str(&edition_suffix(&s.source, &s.edition));
        if !parts.contains(&text) {
            parts.push(text);
        }
    }
    let mut caption = format!("{}: {}", t("source", lang), parts.join("; "));
    if !definition.is_empty() {
        caption.push_str(&format!("; {definition}"));
    }
    caption.push('.');
    caption
}

/// What the edition adds to the source line: "(POP/DB/MIG/Stock/Rev.2024)" for "IMS 2024
/// (POP/DB/MIG/Stock/Rev.2024)", nothing for "WPP 2024" (the source names it), else the edition.
pub(super) fn edition_suffix(source: &str, edition: &str) -> String {
    let edition = edition.trim();
    if edition.is_empty() {
        return String::new();
    }
    let named = |text: &str| {
        text.split_whitespace()
            .last()
            .is_some_and(|last| source.contains(last))
    };
    if let Some((head, inner)) = edition.split_once('(') {
        if edition.ends_with(')') && !inner.contains('(') && named(head) {
            return format!(" ({inner}");
        }
    } else if named(edition) {
        return String::new();
    }
    // "WDI; net_migration from ...": drop bare acronyms the source line spells out.
    let parts: Vec<&str> = edition.split("; ").filter(|p| p.contains(' ')).collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(", {}", parts.join("; "))
    }
}

pub(super) fn sources_of(rows: &[MeasureRow]) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for r in rows {
        if !out.contains(&r.source) {
            out.push(r.source.clone());
        }
    }
    out
}

/// The sources' names and their editions, each joined with "; " (for the data CSV).
pub(super) fn source_and_edition(sources: &[Source]) -> (String, String) {
    let join =
        |field: fn(&Source) -> &str| sources.iter().map(field).collect::<Vec<_>>().join("; ");
    (join(|s| &s.source), join(|s| &s.edition))
}

pub(super) fn year_span(times: &[String]) -> String {
    let years: Vec<i32> = times
        .iter()
        .flat_map(|t| t.split('-').filter_map(|p| p.trim().parse::<i32>().ok()))
        .collect();
    match (years.iter().min(), years.iter().max()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => String::new(),
    }
}

/// Footnotes for group sums, projections, imputed and missing values, citizenship-based stocks.
pub(super) fn footnotes(
    rows: &[&MeasureRow],
    spec_entities: &[String],
    shaded: bool,
    lang: Lang,
    crosswalk: &Crosswalk,
) -> Vec<String> {
    let mut notes = Vec::new();
    for e in spec_entities {
        if let Some(g) = GROUPS.iter().find(|g| g.name == e) {
            let members: Vec<String> = g.members.iter().map(|m| place_name(m, lang)).collect();
            notes.push(format!(
                "{}: {} {}",
                place_name(g.name, lang),
                t("sum_of", lang),
                members.join(", ")
            ));
        } else if crosswalk.by_code(e).is_none() && e.contains('+') {
            let members: Vec<String> = e.split('+').map(|m| place_name(m, lang)).collect();
            notes.push(format!(
                "{}: {} {}",
                entity_label(e, lang),
                t("sum_of", lang),
                members.join(", ")
            ));
        }
    }
    if rows.iter().any(|r| r.projection && r.value.is_some()) {
        notes.push(
            t(
                if shaded {
                    "projection_note"
                } else {
                    "projection_note_plain"
                },
                lang,
            )
            .to_string(),
        );
    }
    if rows.iter().any(|r| r.note.contains("imputed")) {
        notes.push(t("imputed_note", lang).to_string());
    }
    if rows.iter().any(|r| r.value.is_none()) {
        notes.push(t("missing_note", lang).to_string());
    }
    if rows.iter().any(|r| r.note.contains("foreign citizens")) {
        notes.push(t("citizens_note", lang).to_string());
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_name_source_and_edition_once() {
        assert_eq!(
            edition_suffix("UN DESA, World Population Prospects 2024", "WPP 2024"),
            ""
        );
        assert_eq!(
            edition_suffix(
                "UN DESA, International Migrant Stock 2024",
                "IMS 2024 (POP/DB/MIG/Stock/Rev.2024)"
            ),
            " (POP/DB/MIG/Stock/Rev.2024)"
        );
        assert_eq!(
            edition_suffix(
                "World Bank, World Development Indicators",
                "WDI; remittances and GDP from IOM gdidata v0.3.21 (2025)"
            ),
            ", remittances and GDP from IOM gdidata v0.3.21 (2025)"
        );
        let source = Source {
            dataset: "wpp2024".into(),
            source: "UN DESA, World Population Prospects 2024".into(),
            edition: "WPP 2024".into(),
        };
        assert_eq!(
            caption(&[source], "net migrants = immigrants − emigrants", Lang::Ru),
            "Источник: UN DESA, World Population Prospects 2024; net migrants = immigrants − emigrants."
        );
    }

    #[test]
    fn year_spans_and_labels() {
        assert_eq!(year_span(&["2014".into(), "2024".into()]), "2014–2024");
        assert_eq!(
            year_span(&["1990-2000".into(), "2010-2020".into()]),
            "1990–2020"
        );
        assert_eq!(time_label("1990-2000"), "1990–2000");
        assert_eq!(entity_label("GEO>RUS", Lang::Az), "Gürcüstan → Rusiya");
    }
}
