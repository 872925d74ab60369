//! A check's verdict in the page's language, built from its structured parts (the kind, the
//! figure it rests on, the differences, each figure's status and relation) and the page's
//! messages; names of quantities come from the catalogue, numbers in the language's format.
//! The library's own English sentence stays available under the card as the full reasoning.

use super::i18n::Ui;
use crate::check::claim::QuotedUnit;
use crate::check::verdict::{Check, Figure, Reading, Relation, Status, VerdictKind};
use crate::exercise::i18n::Messages;

/// The unit as the packs' messages name it.
fn unit_key(unit: QuotedUnit) -> &'static str {
    match unit {
        QuotedUnit::Persons => "persons",
        QuotedUnit::PerThousand => "per 1,000",
        QuotedUnit::Percent => "%",
        QuotedUnit::Usd => "current US$",
    }
}

/// A value with its unit, in the language's number format ("75 000 человек").
pub fn quantity(m: &Messages, value: Option<f64>, unit: QuotedUnit) -> String {
    value.map_or_else(|| "–".into(), |v| m.quantity(v, unit_key(unit)))
}

/// The figure's name: the catalogue's title of its indicator, or the library's label.
pub fn figure_label(m: &Messages, f: &Figure) -> String {
    let name = m.measure(&f.indicator);
    if name == f.indicator {
        f.label.clone()
    } else {
        name
    }
}

/// A signed percentage in the language's format ("−73,3%").
fn percent(m: &Messages, p: f64) -> String {
    if !p.is_finite() {
        return "∞".into();
    }
    let text = m.number_with(p.abs(), 1);
    let sign = if p > 0.0 {
        "+"
    } else if p < 0.0 {
        "−"
    } else {
        ""
    };
    format!("{sign}{text}%")
}

fn reading_id(r: Reading) -> &'static str {
    match r {
        Reading::AsQuoted => "reading-as-quoted",
        Reading::ThousandsAsPersons => "reading-thousands-as-persons",
        Reading::PersonsAsThousands => "reading-persons-as-thousands",
        Reading::PerThousandAsPercent => "reading-per-1000-as-percent",
        Reading::PercentAsPerThousand => "reading-percent-as-per-1000",
    }
}

/// How the quote compares with one figure ("close (−5,4%)").
pub fn status(ui: &Ui, m: &Messages, s: &Status) -> String {
    match s {
        Status::Consistent {
            reading: Reading::AsQuoted,
            ..
        } => ui.t("status-matches"),
        Status::Consistent { reading, .. } => ui.args(
            "status-matches-if",
            &[("reading", &ui.t(reading_id(*reading)))],
        ),
        Status::Close { diff_pct } => ui.args("status-close", &[("diff", &percent(m, *diff_pct))]),
        Status::Off { diff_pct } => ui.args("status-off", &[("diff", &percent(m, *diff_pct))]),
        Status::NotCompared => "–".into(),
    }
}

/// How a figure relates to what the quote asked for ("another edition").
pub fn relation(ui: &Ui, r: Relation) -> String {
    match r {
        Relation::Asked => String::new(),
        Relation::OtherEdition => ui.t("rel-other-edition"),
        Relation::OtherYear => ui.t("rel-other-year"),
        Relation::OtherSex => ui.t("rel-other-sex"),
        Relation::OtherConcept => ui.t("rel-other-concept"),
    }
}

/// The ways a matching figure differs from the one asked for ("year+edition").
pub fn difference(ui: &Ui, what: &str) -> String {
    what.split('+')
        .map(|part| {
            let id = format!("diff-{part}");
            let text = ui.t(&id);
            if text == id {
                part.to_string()
            } else {
                text
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The verdict in one or two sentences of the page's language.
pub fn summary(ui: &Ui, m: &Messages, c: &Check) -> String {
    let v = &c.verdict;
    let figure = v.figure.and_then(|i| c.figures.get(i));
    let Some(f) = figure.filter(|f| f.value.is_some()) else {
        return ui.t("says-cannot-check");
    };
    let official = quantity(m, f.value, f.unit);
    let label = figure_label(m, f);
    let when = f.when.to_string();
    let diff = match f.status {
        Status::Close { diff_pct } | Status::Off { diff_pct } => percent(m, diff_pct),
        _ => String::new(),
    };
    let what = v
        .difference
        .as_deref()
        .map_or(String::new(), |d| difference(ui, d));
    let id = match v.kind {
        VerdictKind::Consistent => "says-consistent",
        VerdictKind::Close => "says-close",
        VerdictKind::Inconsistent => "says-inconsistent",
        VerdictKind::MatchesDifferent => "says-matches-different",
        VerdictKind::CannotCheck => "says-cannot-check-near",
    };
    ui.args(
        id,
        &[
            ("official", &official),
            ("figure", &label),
            ("source", &f.edition),
            ("when", &when),
            ("diff", &diff),
            ("what", &what),
        ],
    )
}
