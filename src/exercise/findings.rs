//! A pack's main findings, computed from its own tables: the largest and smallest values, turns
//! from gain to loss, changes between the first and last year, share shifts, the largest partners,
//! and where two editions or two sources disagree. Each finding keeps the figures, years and
//! sources it rests on (written to `findings.json`) and is rendered as a sentence per language
//! from the message files; none is typed by hand.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::i18n::{Arg, Messages};

/// One value of a table, read back from its CSV (measure rows and dataset rows alike).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The country (or origin of a bilateral row).
    pub place: String,
    /// The destination of a bilateral row (or the partner of a top-N row); empty otherwise.
    pub partner: String,
    /// Year or period.
    pub when: String,
    pub measure: String,
    pub value: Option<f64>,
    pub unit: String,
    pub rank: Option<usize>,
    pub projection: bool,
    /// Short source name, e.g. `WPP 2024`, `IMS 2020`, `UNHCR`, `WDI`.
    pub source: String,
}

/// The short name of a dataset (`ims2024` → `IMS 2024`, `unhcr+wpp2024` → `UNHCR, WPP 2024`).
pub fn short_source(dataset: &str) -> String {
    dataset
        .split('+')
        .map(|d| {
            let letters: String = d.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            let digits = &d[letters.len()..];
            // acronyms (WDI, UNHCR) in capitals, a publisher's name (Eurostat) capitalised
            if digits.is_empty() && letters.len() > 5 {
                let mut chars = letters.chars();
                chars
                    .next()
                    .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
            } else if digits.is_empty() {
                letters.to_uppercase()
            } else {
                format!("{} {digits}", letters.to_uppercase())
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The cells of a table's CSV text (as `measure ... --format csv` or `data show ...` write it).
pub fn cells(csv_text: &str) -> Vec<Cell> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let Ok(headers) = reader.headers().cloned() else {
        return Vec::new();
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (country, origin, destination) = (col("country"), col("origin"), col("destination"));
    let (year, period, measure) = (col("year"), col("period"), col("measure"));
    let (indicator, value, unit, rank) = (col("indicator"), col("value"), col("unit"), col("rank"));
    let (projection, dataset) = (col("projection"), col("dataset"));
    let mut out: Vec<Cell> = Vec::new();
    for record in reader.records().flatten() {
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").to_string();
        let place = if country.is_some() {
            get(country)
        } else {
            get(origin)
        };
        out.push(Cell {
            place,
            partner: if country.is_some() {
                String::new()
            } else {
                get(destination)
            },
            when: if period.is_some() {
                get(period)
            } else {
                get(year)
            },
            measure: if measure.is_some() {
                get(measure)
            } else {
                get(indicator)
            },
            value: get(value).parse::<f64>().ok().filter(|v| v.is_finite()),
            unit: get(unit),
            rank: get(rank).parse().ok(),
            projection: get(projection) == "true",
            source: short_source(&get(dataset)),
        });
    }
    // Top-origins rows rank origins of one destination: that destination is the place.
    let distinct = |f: fn(&Cell) -> &str| {
        let mut v: Vec<&str> = out.iter().map(f).filter(|p| *p != "TOTAL").collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    if rank.is_some() && distinct(|c| &c.partner) < distinct(|c| &c.place) {
        for c in &mut out {
            std::mem::swap(&mut c.place, &mut c.partner);
        }
    }
    out
}

/// What a finding says.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The highest and the lowest value of a place (points: highest, lowest).
    Range,
    /// The value changed sign between two years (points: before, after).
    Turn,
    /// From the first to the last year (points: first, last).
    Change,
    /// The share of a place's main partner over the years (points: one per year).
    Shares,
    /// The largest two partners in the last year (points: first, second; partner set).
    Top,
    /// Where two tables (editions or sources) disagree most (points: this table, other table).
    Compare,
    /// The latest value (points: latest).
    Level,
}

/// A figure a finding rests on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Point {
    pub when: String,
    pub value: f64,
    pub unit: String,
    pub source: String,
    /// The partner country of a bilateral figure (destination or origin), if any.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub partner: String,
    /// The table the figure is in.
    pub table: String,
    pub projection: bool,
}

impl Point {
    fn of(cell: &Cell, table: &str) -> Option<Point> {
        Some(Point {
            when: cell.when.clone(),
            value: cell.value?,
            unit: cell.unit.clone(),
            source: cell.source.clone(),
            partner: cell.partner.clone(),
            table: table.to_string(),
            projection: cell.projection,
        })
    }
}

/// One finding.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Finding {
    pub kind: Kind,
    pub measure: String,
    pub place: String,
    pub points: Vec<Point>,
}

/// Which findings an exercise states (`[[findings]]` in `exercise.toml`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub kind: Kind,
    /// The table (by step name; `{country}` names expand for each country).
    pub table: String,
    pub measure: String,
    /// For `compare`: the other table and its measure (or indicator) name.
    #[serde(default)]
    pub other_table: Option<String>,
    #[serde(default)]
    pub other_measure: Option<String>,
    /// Leave out partners by code (e.g. `TOTAL`).
    #[serde(default)]
    pub partner: Option<String>,
    /// A policy prompt (message id) built from the same figures, for the policy slide.
    #[serde(default)]
    pub policy: Option<String>,
}

/// The cells of one measure, grouped by (place, partner), in table order.
fn series<'a>(cells: &'a [Cell], measure: &str) -> BTreeMap<(String, String), Vec<&'a Cell>> {
    let mut out: BTreeMap<(String, String), Vec<&Cell>> = BTreeMap::new();
    for c in cells
        .iter()
        .filter(|c| c.measure == measure && c.value.is_some())
    {
        out.entry((c.place.clone(), c.partner.clone()))
            .or_default()
            .push(c);
    }
    for v in out.values_mut() {
        v.sort_by(|a, b| a.when.cmp(&b.when));
    }
    out
}

/// The findings of one spec over the tables (name → cells).
pub fn compute(spec: &Spec, tables: &[(String, Vec<Cell>)]) -> Vec<Finding> {
    let matching: Vec<&(String, Vec<Cell>)> = tables
        .iter()
        .filter(|(name, _)| name_matches(&spec.table, name))
        .collect();
    let mut out = Vec::new();
    for (name, cells) in matching {
        let found = match spec.kind {
            Kind::Range => range(spec, name, cells),
            Kind::Turn => turns(spec, name, cells),
            Kind::Change => changes(spec, name, cells),
            Kind::Shares => shares(spec, name, cells),
            Kind::Top => top(spec, name, cells),
            Kind::Level => levels(spec, name, cells),
            Kind::Compare => compare(spec, name, cells, tables),
        };
        out.extend(found);
    }
    out
}

/// `top_destinations_{country}` matches `top_destinations_AZE`.
fn name_matches(pattern: &str, name: &str) -> bool {
    match pattern.split_once("{country}") {
        Some((head, tail)) => {
            name.starts_with(head) && name.ends_with(tail) && name.len() > head.len() + tail.len()
        }
        None => pattern == name,
    }
}

fn finding(spec: &Spec, kind: Kind, place: &str, points: Vec<Point>) -> Finding {
    Finding {
        kind,
        measure: spec.measure.clone(),
        place: place.to_string(),
        points,
    }
}

fn kept(spec: &Spec, partner: &str) -> bool {
    partner != "TOTAL" && spec.partner.as_deref().is_none_or(|p| p == partner)
}

fn range(spec: &Spec, table: &str, cells: &[Cell]) -> Vec<Finding> {
    let mut out = Vec::new();
    for ((place, partner), s) in series(cells, &spec.measure) {
        if !kept(spec, &partner) || s.len() < 2 {
            continue;
        }
        let by_value = |a: &&&Cell, b: &&&Cell| {
            a.value
                .partial_cmp(&b.value)
                .unwrap_or(std::cmp::Ordering::Equal)
        };
        let (Some(hi), Some(lo)) = (s.iter().max_by(by_value), s.iter().min_by(by_value)) else {
            continue;
        };
        let points = [hi, lo]
            .iter()
            .filter_map(|c| Point::of(c, table))
            .collect();
        out.push(finding(spec, Kind::Range, &place, points));
    }
    out
}

fn turns(spec: &Spec, table: &str, cells: &[Cell]) -> Vec<Finding> {
    let mut out = Vec::new();
    for ((place, partner), s) in series(cells, &spec.measure) {
        if !kept(spec, &partner) {
            continue;
        }
        for pair in s.windows(2) {
            let (a, b) = (pair[0].value.unwrap_or(0.0), pair[1].value.unwrap_or(0.0));
            if (a > 0.0 && b < 0.0) || (a < 0.0 && b > 0.0) {
                let points = pair.iter().filter_map(|c| Point::of(c, table)).collect();
                out.push(finding(spec, Kind::Turn, &place, points));
            }
        }
    }
    out
}

fn changes(spec: &Spec, table: &str, cells: &[Cell]) -> Vec<Finding> {
    let mut out = Vec::new();
    for ((place, partner), s) in series(cells, &spec.measure) {
        if !kept(spec, &partner) || s.len() < 2 {
            continue;
        }
        let (Some(first), Some(last)) = (s.first(), s.last()) else {
            continue;
        };
        let points = [first, last]
            .iter()
            .filter_map(|c| Point::of(c, table))
            .collect();
        out.push(finding(spec, Kind::Change, &place, points));
    }
    out
}

/// The share of each place's rank-1 partner of the first year, in every year.
fn shares(spec: &Spec, table: &str, cells: &[Cell]) -> Vec<Finding> {
    let mut places: Vec<&str> = cells.iter().map(|c| c.place.as_str()).collect();
    places.dedup();
    let mut out = Vec::new();
    for place in places {
        let of_place: Vec<&Cell> = cells
            .iter()
            .filter(|c| c.place == place && c.measure == spec.measure && c.partner != "TOTAL")
            .collect();
        let Some(first_year) = of_place.iter().map(|c| c.when.as_str()).min() else {
            continue;
        };
        let Some(main) = of_place
            .iter()
            .find(|c| c.when == first_year && c.rank == Some(1))
            .map(|c| c.partner.clone())
        else {
            continue;
        };
        let mut points: Vec<Point> = of_place
            .iter()
            .filter(|c| c.partner == main)
            .filter_map(|c| Point::of(c, table))
            .collect();
        points.sort_by(|a, b| a.when.cmp(&b.when));
        if points.len() >= 2 {
            out.push(finding(spec, Kind::Shares, place, points));
        }
    }
    out
}

/// The two largest partners of each place in the last year of the table.
fn top(spec: &Spec, table: &str, cells: &[Cell]) -> Vec<Finding> {
    let Some(last) = cells.iter().map(|c| c.when.as_str()).max() else {
        return Vec::new();
    };
    let mut places: Vec<&str> = cells.iter().map(|c| c.place.as_str()).collect();
    places.dedup();
    let mut out = Vec::new();
    for place in places {
        let mut ranked: Vec<&Cell> = cells
            .iter()
            .filter(|c| {
                c.place == place && c.when == last && c.measure == spec.measure && c.rank.is_some()
            })
            .collect();
        ranked.sort_by_key(|c| c.rank);
        let points: Vec<Point> = ranked
            .iter()
            .take(2)
            .filter_map(|c| Point::of(c, table))
            .collect();
        if !points.is_empty() {
            out.push(finding(spec, Kind::Top, place, points));
        }
    }
    out
}

fn levels(spec: &Spec, table: &str, cells: &[Cell]) -> Vec<Finding> {
    series(cells, &spec.measure)
        .into_iter()
        .filter(|((_, partner), _)| kept(spec, partner) || partner.is_empty())
        .filter_map(|((place, _), s)| {
            let last = Point::of(s.last()?, table)?;
            Some(finding(spec, Kind::Level, &place, vec![last]))
        })
        .collect()
}

/// For each place, the year (or period) where this table and the other disagree most.
fn compare(
    spec: &Spec,
    table: &str,
    cells: &[Cell],
    tables: &[(String, Vec<Cell>)],
) -> Vec<Finding> {
    let Some((other_name, other)) = spec
        .other_table
        .as_ref()
        .and_then(|o| tables.iter().find(|(n, _)| n == o))
    else {
        return Vec::new();
    };
    let other_measure = spec.other_measure.as_deref().unwrap_or(&spec.measure);
    let theirs = series(other, other_measure);
    let mut out = Vec::new();
    for ((place, partner), s) in series(cells, &spec.measure) {
        let Some(t) = theirs.get(&(place.clone(), partner.clone())) else {
            continue;
        };
        let widest = s
            .iter()
            .filter_map(|a| {
                let b = t.iter().find(|b| b.when == a.when)?;
                Some(((a.value? - b.value?).abs(), *a, *b))
            })
            .max_by(|x, y| x.0.partial_cmp(&y.0).unwrap_or(std::cmp::Ordering::Equal));
        if let Some((_, a, b)) = widest {
            let points = [Point::of(a, table), Point::of(b, other_name)]
                .into_iter()
                .flatten()
                .collect();
            out.push(finding(spec, Kind::Compare, &place, points));
        }
    }
    out
}

/// The finding as one sentence in the messages' language, with figures, years and sources.
pub fn sentence(f: &Finding, m: &Messages) -> String {
    let (id, args) = message_of(f, m);
    let mut text = m.get(id, &args);
    // a partner whose stock is not what it seems (displacement) is explained in the sentence
    if matches!(f.kind, Kind::Top | Kind::Shares) {
        for p in &f.points {
            let origin_first = crate::catalogue::corridors::corridor_note(&f.place, &p.partner);
            let Some(note) = origin_first
                .or_else(|| crate::catalogue::corridors::corridor_note(&p.partner, &f.place))
            else {
                continue;
            };
            let line = note.get(m.lang).replace("{partner}", &m.place(&p.partner));
            if !text.contains(&line) {
                text.push_str(&format!(" ({line}.)"));
            }
        }
    }
    if f.points.iter().any(|p| p.projection) {
        text.push(' ');
        text.push_str(&m.text("finding-projection"));
    }
    text
}

/// A policy prompt (message `id`) on the finding's figures.
pub fn policy(f: &Finding, id: &str, m: &Messages) -> String {
    m.get(id, &message_of(f, m).1)
}

/// The message of a finding and its arguments: place, measure, and for each point its value,
/// year, source and partner (`value_a`, `when_a`, ...).
fn message_of(f: &Finding, m: &Messages) -> (&'static str, Vec<(String, Arg)>) {
    let value = |p: &Point| m.quantity(p.value, &p.unit);
    let mut args: Vec<(String, Arg)> = vec![
        ("place".into(), place_of(f, m).into()),
        ("measure".into(), m.measure(&f.measure).into()),
    ];
    for (i, p) in f.points.iter().enumerate() {
        let n = ["a", "b", "c", "d", "e"].get(i).copied().unwrap_or("e");
        args.push((format!("value_{n}"), value(p).into()));
        args.push((format!("when_{n}"), p.when.clone().into()));
        args.push((format!("source_{n}"), p.source.clone().into()));
        args.push((format!("partner_{n}"), m.place(&p.partner).into()));
    }
    let (id, extra): (&str, Vec<(&str, Arg)>) = match f.kind {
        Kind::Range => ("finding-range", vec![]),
        Kind::Turn => (
            if f.points.last().is_some_and(|p| p.value < 0.0) {
                "finding-turn-to-loss"
            } else {
                "finding-turn-to-gain"
            },
            vec![],
        ),
        Kind::Change => {
            let (a, b) = (&f.points[0], &f.points[f.points.len() - 1]);
            let d = b.value - a.value;
            (
                "finding-change",
                vec![
                    ("difference", signed(m, d, &a.unit).into()),
                    ("direction", Arg::Text(direction(d).into())),
                ],
            )
        }
        Kind::Shares => {
            let list = f
                .points
                .iter()
                .map(|p| format!("{} ({})", value(p), p.when))
                .collect::<Vec<_>>()
                .join(" → ");
            ("finding-shares", vec![("list", list.into())])
        }
        Kind::Top => (
            if f.points.len() > 1 {
                "finding-top"
            } else {
                "finding-top-one"
            },
            vec![],
        ),
        Kind::Compare => {
            let d = f.points[0].value - f.points.get(1).map_or(0.0, |p| p.value);
            (
                "finding-compare",
                vec![(
                    "difference",
                    difference(m, d.abs(), &f.points[0].unit).into(),
                )],
            )
        }
        Kind::Level => ("finding-level", vec![]),
    };
    args.extend(extra.into_iter().map(|(k, v)| (k.to_string(), v)));
    (id, args)
}

/// The finding's place; for a figure about one pair (origin → destination) both, so that
/// "Armenia: stock fell" is not read as the stock living in Armenia.
fn place_of(f: &Finding, m: &Messages) -> String {
    let partner = f.points.first().map_or("", |p| p.partner.as_str());
    let one_pair = matches!(
        f.kind,
        Kind::Range | Kind::Turn | Kind::Change | Kind::Compare | Kind::Level
    ) && !partner.is_empty()
        && partner != "TOTAL"
        && partner != f.place
        && f.points.iter().all(|p| p.partner == partner);
    if one_pair {
        format!("{} → {}", m.place(&f.place), m.place(partner))
    } else {
        m.place(&f.place)
    }
}

fn difference(m: &Messages, d: f64, unit: &str) -> String {
    if unit == "%" {
        let value = m.number(d, unit);
        m.get("unit-points", &[("value", Arg::Text(value))])
    } else {
        m.quantity(d, unit)
    }
}

fn direction(d: f64) -> &'static str {
    if d > 0.0 {
        "up"
    } else if d < 0.0 {
        "down"
    } else {
        "same"
    }
}

/// A difference with its sign; a difference of two percentages is in percentage points.
fn signed(m: &Messages, d: f64, unit: &str) -> String {
    let text = difference(m, d.abs(), unit);
    if d > 0.0 {
        format!("+{text}")
    } else if d < 0.0 {
        format!("−{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_source_names() {
        assert_eq!(short_source("ims2024"), "IMS 2024");
        assert_eq!(short_source("unhcr+wpp2024"), "UNHCR, WPP 2024");
        assert_eq!(short_source("wdi"), "WDI");
        assert_eq!(short_source("eurostat"), "Eurostat");
    }

    #[test]
    fn names_expand_for_countries() {
        assert!(name_matches("top_{country}", "top_AZE"));
        assert!(!name_matches("top_{country}", "top_"));
        assert!(name_matches("cnmr", "cnmr"));
    }
}
