//! `miglab chart KIND ... --out FILE.png|FILE.svg`: charts for slides from a measure or a tidy CSV.
//!
//! The values come from [`super::measure::compute`] (the measure functions) or from a CSV in
//! miglab's tidy layout; this file only chooses what goes where on the chart and in which words.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clap::Args as ClapArgs;

use super::measure::{self, MeasureName, OutFormat};
use crate::catalogue::{self, quantity};
use crate::chart::i18n::{self, place_name, t};
use crate::chart::{self, ChartSpec, ImageFormat, Kind, Label, Point};
use crate::countries::{Crosswalk, GROUPS};
use crate::error::Error;
use crate::measures::{MeasureRow, Source};
use crate::query::YearSet;
use crate::tidy::Sex;
use crate::Lang;

/// Draw a chart for slides (PNG or SVG) from a measure or a tidy CSV.
///
/// Beside FILE.png (or FILE.svg) miglab writes FILE.csv (the data shown) and FILE.txt (a short
/// alt-text). Text, country names and numbers follow --lang.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  miglab chart line --measure cnmr --countries south-caucasus --years 2014-2024 --out sc_cnmr.png
  miglab chart bar --measure top-destinations --origin GEO --years 2024 --edition 2024 --top 10 --out geo_dest.svg
  miglab chart grouped-bar --measure period-change --origin south-caucasus --destination RUS --periods 1990-2000,2000-2010,2010-2020 --edition 2020 --out to_russia.png --lang az
  miglab chart components --countries AZE --years 2019-2023 --out aze_components.png --lang ru
  miglab chart diverging-bar --measure cnmr --countries eeca --years 2023 --out eeca_cnmr.png
  miglab chart line --from net.csv --out net.svg     (net.csv from `miglab data show ... --format csv`)

Charts are 1920x1080 by default (--size WxH), with the source, edition and definition under them.")]
pub struct Args {
    /// The kind of chart.
    #[arg(value_enum)]
    pub kind: Kind,
    /// The measure to draw (components uses the balancing measure).
    #[arg(long, value_enum)]
    pub measure: Option<MeasureName>,
    /// Draw from a CSV in miglab's tidy layout (`data show --format csv` or `measure --format csv`).
    #[arg(long, value_name = "FILE", conflicts_with = "measure")]
    pub from: Option<PathBuf>,
    #[command(flatten)]
    pub selection: measure::Selection,
    /// Which quantity of the measure to draw (e.g. change_pct for period-change; default: the main one).
    #[arg(long)]
    pub value: Option<String>,
    /// With --from: the indicator (or measure) to draw when the CSV holds several.
    #[arg(long)]
    pub indicator: Option<String>,
    /// Language of titles, axis titles, caption, country names and numbers.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Size in pixels, WIDTHxHEIGHT.
    #[arg(long, default_value = "1920x1080")]
    pub size: String,
    /// Replace the title.
    #[arg(long)]
    pub title: Option<String>,
    /// Replace the subtitle.
    #[arg(long)]
    pub subtitle: Option<String>,
    /// Output file: .png or .svg (FILE.csv and FILE.txt are written beside it).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    // Usage errors first, before any data are read or files touched.
    ImageFormat::from_path(&args.out)?;
    let (width, height) = chart::parse_size(&args.size)?;
    let (rows, measure) = rows(&args)?;
    let mut spec = build_spec(&args, &rows, measure)?;
    spec.width = width;
    spec.height = height;
    let written = chart::write(&spec, &args.out)?;
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    eprintln!("wrote {}", names.join(", "));
    Ok(())
}

/// The rows to draw and the measure they come from (`None` for a CSV of indicators).
fn rows(args: &Args) -> Result<(Vec<MeasureRow>, Option<MeasureName>), Error> {
    if let Some(path) = &args.from {
        return Ok((read_tidy_csv(path, args)?, None));
    }
    let measure = match (args.kind, args.measure) {
        (Kind::Components, None | Some(MeasureName::Balancing)) => MeasureName::Balancing,
        (Kind::Components, Some(_)) => return Err(Error::Usage(
            "components draws the balancing equation; drop --measure (or give --measure balancing)"
                .into(),
        )),
        (_, Some(m)) => m,
        (kind, None) => {
            return Err(Error::Usage(format!(
                "chart {} needs --measure NAME (e.g. --measure cnmr) or --from FILE.csv",
                kind.name()
            )))
        }
    };
    if args.indicator.is_some() {
        return Err(Error::Usage(
            "--indicator applies to --from FILE.csv; with --measure use --value".into(),
        ));
    }
    let mut selection = args.selection.clone();
    if measure == MeasureName::Flows {
        // One bar per corridor: one method, and the largest corridors only.
        if selection.method == Some(crate::measures::estimate::run::FlowMethodChoice::All) {
            return Err(Error::usage(
                "a chart of flows draws one method",
                "give --method demographic-closed (or another single method); `miglab measure flows --method all` prints the range",
            ));
        }
        if selection.countries.is_none() {
            selection.top = selection.top.or(Some(15));
        }
    }
    let margs = measure::Args {
        measure,
        selection,
        format: OutFormat::Table,
    };
    Ok((measure::compute(&margs)?, Some(measure)))
}

/// Reads a CSV in miglab's tidy layout (as `data show --format csv` or `measure --format csv`
/// print it) into rows, keeping those the filters select.
fn read_tidy_csv(path: &Path, args: &Args) -> Result<Vec<MeasureRow>, Error> {
    for (flag, present) in [
        ("--origin", args.selection.origin.is_some()),
        ("--destination", args.selection.destination.is_some()),
        ("--periods", args.selection.periods.is_some()),
        ("--edition", args.selection.edition.is_some()),
        ("--top", args.selection.top.is_some()),
        ("--total", args.selection.total),
        ("--stock", args.selection.stock.is_some()),
    ] {
        if present {
            return Err(Error::Usage(format!(
                "{flag} does not apply to --from FILE.csv; filter with --indicator, --countries, --years, --sex"
            )));
        }
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::layout(path, format!("not a CSV file ({e})")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let indicator = col(&["indicator", "measure"]);
    let value = col(&["value"]);
    let year = col(&["year"]);
    let period = col(&["period"]);
    let country = col(&["country"]);
    let origin = col(&["origin"]);
    let destination = col(&["destination"]);
    let (Some(indicator), Some(value)) = (indicator, value) else {
        return Err(Error::layout(
            path,
            "not in miglab's tidy layout: it needs the columns indicator (or measure) and value, with country or origin/destination and year or period, as `miglab data show ... --format csv` prints",
        ));
    };
    if year.is_none() && period.is_none() {
        return Err(Error::layout(path, "needs a year or period column"));
    }
    if country.is_none() && origin.is_none() && destination.is_none() {
        return Err(Error::layout(
            path,
            "needs a country column or origin/destination columns",
        ));
    }
    let optional = |names: &[&str]| col(names);
    let method = optional(&["method"]);
    let (sex, unit, projection, imputed, note, dataset, source, edition, rank) = (
        optional(&["sex"]),
        optional(&["unit"]),
        optional(&["projection"]),
        optional(&["imputed"]),
        optional(&["note"]),
        optional(&["dataset"]),
        optional(&["source"]),
        optional(&["edition"]),
        optional(&["rank"]),
    );
    let crosswalk = Crosswalk::embedded()?;
    let countries: Option<Vec<String>> = args
        .selection
        .countries
        .as_deref()
        .map(|c| crosswalk.resolve_list(c))
        .transpose()?;
    let years = args
        .selection
        .years
        .as_deref()
        .map(YearSet::parse)
        .transpose()?;
    let sexes: Option<Vec<Sex>> = match args.selection.sex.as_deref() {
        None => None,
        Some("all") => Some(vec![Sex::Total, Sex::Female, Sex::Male]),
        Some(list) => Some(
            list.split(',')
                .map(|s| {
                    Sex::parse(s).ok_or_else(|| {
                        Error::Usage(format!(
                            "invalid --sex `{s}`; use total, female, male or all"
                        ))
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
    };
    let wanted = args.indicator.as_deref().or(args.value.as_deref());
    let mut out = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| Error::layout(path, format!("line {}: {e}", line + 2)))?;
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let name = get(Some(indicator)).unwrap_or_default();
        if wanted.is_some_and(|w| w != name) {
            continue;
        }
        let row_year = match get(year) {
            Some(y) => Some(y.parse::<i32>().map_err(|_| {
                Error::layout(path, format!("line {}: year `{y}` is not a year", line + 2))
            })?),
            None => None,
        };
        if let (Some(set), Some(y)) = (&years, row_year) {
            if !set.contains(y) {
                continue;
            }
        }
        let row_sex = get(sex).and_then(|s| Sex::parse(&s)).unwrap_or(Sex::Total);
        match &sexes {
            Some(list) if !list.contains(&row_sex) => continue,
            None if row_sex != Sex::Total => continue,
            _ => {}
        }
        let (c, o, d) = (get(country), get(origin), get(destination));
        if let Some(list) = &countries {
            let hit = [&c, &o, &d]
                .iter()
                .any(|v| v.as_ref().is_some_and(|v| list.contains(v)));
            if !hit {
                continue;
            }
        }
        let v = match get(Some(value)) {
            Some(text) => Some(text.parse::<f64>().map_err(|_| {
                Error::layout(
                    path,
                    format!("line {}: value `{text}` is not a number", line + 2),
                )
            })?),
            None => None,
        };
        let dataset_name = get(dataset).unwrap_or_default();
        let embedded = crate::store::dataset(&dataset_name)
            .ok()
            .and_then(|d| d.provenance().ok());
        let row_source = Source {
            dataset: dataset_name.clone(),
            source: get(source)
                .or_else(|| embedded.as_ref().map(|p| p.source.clone()))
                .unwrap_or_else(|| path.display().to_string()),
            edition: get(edition)
                .or_else(|| embedded.as_ref().map(|p| p.edition.clone()))
                .unwrap_or_default(),
        };
        let mut row_note = get(note).unwrap_or_default();
        if get(imputed).as_deref() == Some("true") {
            crate::measures::add_note(&mut row_note, "imputed");
        }
        out.push(MeasureRow {
            measure: name,
            country: c,
            origin: o,
            destination: d,
            sex: row_sex,
            year: row_year,
            period: get(period),
            rank: get(rank).and_then(|r| r.parse().ok()),
            method: get(method),
            value: crate::measures::clean(v),
            unit: get(unit).unwrap_or_else(|| "persons".into()),
            projection: get(projection).as_deref() == Some("true"),
            note: row_note,
            source: row_source,
        });
    }
    if out.is_empty() {
        return Err(Error::NotCovered(format!(
            "{} has no rows for the filters given (--indicator, --countries, --years, --sex)",
            path.display()
        )));
    }
    Ok(out)
}

/// The measure's main quantity (the catalogue's `chart_quantity`), or the first one in the rows.
fn default_quantity(measure: Option<MeasureName>, rows: &[MeasureRow]) -> String {
    let preferred = measure
        .and_then(|m| clap::ValueEnum::to_possible_value(&m))
        .and_then(|v| catalogue::measure(v.get_name()))
        .map_or("", |m| m.chart_quantity);
    if rows.iter().any(|r| r.measure == preferred) {
        return preferred.to_string();
    }
    rows.first().map(|r| r.measure.clone()).unwrap_or_default()
}

/// What varies along a chart: who (country or pair), when (year or period), and the sex.
struct Keys {
    entity: String,
    time: String,
    year: Option<i32>,
    sex: Sex,
}

fn entity_of(r: &MeasureRow, bilateral: Bilateral) -> String {
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
enum Bilateral {
    Origins,
    Destinations,
    Pairs,
}

fn entity_label(key: &str, lang: Lang) -> String {
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

fn sex_label(sex: Sex, lang: Lang) -> &'static str {
    t(sex.as_str(), lang)
}

fn time_label(key: &str) -> String {
    key.replace('-', "–")
}

/// Names of several places in few words: "Armenia, Azerbaijan, Georgia" or the group's name.
fn places_phrase(list: &[String], lang: Lang) -> String {
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

fn distinct<T: Ord + Clone>(items: impl Iterator<Item = T>) -> Vec<T> {
    items.collect::<BTreeSet<T>>().into_iter().collect()
}

/// Keeps first-appearance order.
fn ordered(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

fn caption(sources: &[Source], definition: &str, lang: Lang) -> String {
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
fn edition_suffix(source: &str, edition: &str) -> String {
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

fn sources_of(rows: &[MeasureRow]) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for r in rows {
        if !out.contains(&r.source) {
            out.push(r.source.clone());
        }
    }
    out
}

fn year_span(times: &[String]) -> String {
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
fn footnotes(
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

fn build_spec(
    args: &Args,
    rows: &[MeasureRow],
    measure: Option<MeasureName>,
) -> Result<ChartSpec, Error> {
    let lang = args.lang;
    let crosswalk = Crosswalk::embedded()?;
    if rows.is_empty() {
        return Err(Error::NotCovered(
            "the measure returned no rows for this selection; widen --years or the countries"
                .into(),
        ));
    }
    if args.kind == Kind::Components {
        return components_spec(args, rows, crosswalk);
    }
    let quantity_name = match &args.value {
        Some(v) if measure.is_some() => v.clone(),
        _ => default_quantity(measure, rows),
    };
    // Partner totals ("TOTAL", no rank) go to the subtitle, not among the ranked bars.
    let is_total = |r: &MeasureRow| {
        r.rank.is_none()
            && (r.destination.as_deref() == Some("TOTAL") || r.origin.as_deref() == Some("TOTAL"))
    };
    let totals: Vec<&MeasureRow> = rows
        .iter()
        .filter(|r| r.measure == quantity_name && is_total(r))
        .collect();
    // One reporting country: its total goes under the title.
    let partner_total = match totals.as_slice() {
        [one] => one.value,
        _ => None,
    };
    let selected: Vec<&MeasureRow> = rows
        .iter()
        .filter(|r| r.measure == quantity_name && !is_total(r))
        .collect();
    if selected.is_empty() {
        let available = ordered(rows.iter().map(|r| r.measure.clone()));
        return Err(Error::Unknown {
            what: "value",
            name: quantity_name,
            hint: format!("; this measure gives {}", available.join(", ")),
        });
    }
    let origins = distinct(selected.iter().filter_map(|r| r.origin.clone()));
    let destinations = distinct(selected.iter().filter_map(|r| r.destination.clone()));
    let ranked = selected.iter().any(|r| r.rank.is_some());
    let bilateral = if ranked {
        // From a CSV the measure is unknown: the side that varies is the partner.
        let top_origins = measure == Some(MeasureName::TopOrigins)
            || (measure.is_none() && destinations.len() == 1 && origins.len() > 1);
        if top_origins {
            Bilateral::Origins
        } else {
            Bilateral::Destinations
        }
    } else if destinations.len() == 1 && origins.len() > 1 {
        Bilateral::Origins
    } else if origins.len() == 1 && destinations.len() > 1 {
        Bilateral::Destinations
    } else if origins.len() == 1 && destinations.len() == 1 {
        Bilateral::Origins
    } else {
        Bilateral::Pairs
    };
    // With ranks and several reporting areas, the pair names the bar.
    let bilateral = if ranked
        && ((bilateral == Bilateral::Destinations && origins.len() > 1)
            || (bilateral == Bilateral::Origins && destinations.len() > 1))
    {
        Bilateral::Pairs
    } else {
        bilateral
    };
    let keys: Vec<Keys> = selected
        .iter()
        .map(|r| Keys {
            entity: entity_of(r, bilateral),
            time: r
                .year
                .map(|y| y.to_string())
                .or_else(|| r.period.clone())
                .unwrap_or_default(),
            year: r.year,
            sex: r.sex,
        })
        .collect();
    let sexes = distinct(keys.iter().map(|k| k.sex));
    let many_sexes = sexes.len() > 1;
    let mut times = ordered(keys.iter().map(|k| k.time.clone()));
    let times_are_years = keys.iter().all(|k| k.year.is_some());
    if times_are_years {
        times.sort_by_key(|t| t.parse::<i32>().unwrap_or(0));
    }
    let entities = ordered(keys.iter().map(|k| k.entity.clone()));

    let entity_key = |k: &Keys| {
        if many_sexes {
            format!("{}|{}", k.entity, k.sex.as_str())
        } else {
            k.entity.clone()
        }
    };
    let entity_name = |key: &str| match key.split_once('|') {
        Some((e, s)) => format!(
            "{} ({})",
            entity_label(e, lang),
            sex_label(Sex::parse(s).unwrap_or(Sex::Total), lang)
        ),
        None => entity_label(key, lang),
    };
    // (series, category) of every selected row, by kind.
    let latest = times.last().cloned().unwrap_or_default();
    let mut assignments: Vec<(usize, String, String)> = Vec::new();
    let mut series_labels: Vec<Label>;
    let category_labels: Vec<Label>;
    let mut category_years: Option<Vec<i32>> = None;
    let category_title: String;
    let mut subtitle_time = year_span(&times);
    match args.kind {
        Kind::Line | Kind::SmallMultiples | Kind::GroupedBar | Kind::Slope => {
            let cats: Vec<String> = if args.kind == Kind::Slope {
                if times.len() < 2 {
                    return Err(Error::Usage(
                        "slope needs two years or more, e.g. --years 2010,2020".into(),
                    ));
                }
                vec![times[0].clone(), latest.clone()]
            } else {
                times.clone()
            };
            if matches!(args.kind, Kind::Line | Kind::SmallMultiples) && !times_are_years {
                return Err(Error::Usage(format!(
                    "{} needs years on its axis; for periods use grouped-bar",
                    args.kind.name()
                )));
            }
            for (i, k) in keys.iter().enumerate() {
                if cats.contains(&k.time) {
                    assignments.push((i, entity_key(k), k.time.clone()));
                }
            }
            let series = ordered(assignments.iter().map(|a| a.1.clone()));
            series_labels = series
                .iter()
                .map(|s| Label::new(s, &entity_name(s)))
                .collect();
            category_labels = cats.iter().map(|c| Label::new(c, &time_label(c))).collect();
            if times_are_years {
                category_years = Some(cats.iter().filter_map(|c| c.parse().ok()).collect());
            }
            category_title = t(if times_are_years { "year" } else { "period" }, lang).to_string();
        }
        Kind::Bar | Kind::DivergingBar => {
            // One bar per country (or partner) at the latest year or period.
            let mut bars: Vec<(String, Option<f64>, Option<usize>, usize)> = Vec::new();
            for (i, k) in keys.iter().enumerate() {
                if k.time == latest {
                    bars.push((entity_key(k), selected[i].value, selected[i].rank, i));
                }
            }
            if ranked {
                bars.sort_by_key(|b| (b.2.unwrap_or(usize::MAX), b.3));
            } else {
                bars.sort_by(|a, b| {
                    b.1.unwrap_or(f64::NEG_INFINITY)
                        .total_cmp(&a.1.unwrap_or(f64::NEG_INFINITY))
                });
            }
            for (key, _, _, i) in &bars {
                assignments.push((*i, "value".into(), key.clone()));
            }
            series_labels = vec![Label::new("value", "")];
            category_labels = bars
                .iter()
                .map(|b| Label::new(&b.0, &entity_name(&b.0)))
                .collect();
            category_title = t(
                match bilateral {
                    _ if selected.iter().all(|r| r.country.is_some()) => "country",
                    Bilateral::Destinations => "destination",
                    Bilateral::Origins => "origin",
                    Bilateral::Pairs => "country",
                },
                lang,
            )
            .to_string();
            subtitle_time = time_label(&latest);
        }
        Kind::StackedBar => {
            if many_sexes {
                // Women and men stacked; both sexes is their sum and is left out.
                let single_time = times.len() == 1;
                for (i, k) in keys.iter().enumerate() {
                    if k.sex == Sex::Total {
                        continue;
                    }
                    let cat = if single_time {
                        k.entity.clone()
                    } else if entities.len() == 1 {
                        k.time.clone()
                    } else {
                        return Err(Error::Usage(
                            "stacked-bar by sex draws several countries in one year or one country over several years; narrow --countries or --years".into(),
                        ));
                    };
                    assignments.push((i, k.sex.as_str().to_string(), cat));
                }
                let series = ordered(assignments.iter().map(|a| a.1.clone()));
                series_labels = series.iter().map(|s| Label::new(s, t(s, lang))).collect();
                let cats = ordered(assignments.iter().map(|a| a.2.clone()));
                if single_time {
                    category_labels = cats
                        .iter()
                        .map(|c| Label::new(c, &entity_label(c, lang)))
                        .collect();
                    category_title = t("country", lang).to_string();
                } else {
                    category_labels = cats.iter().map(|c| Label::new(c, &time_label(c))).collect();
                    category_title =
                        t(if times_are_years { "year" } else { "period" }, lang).to_string();
                }
            } else if bilateral == Bilateral::Pairs {
                // Origins as bars, destinations stacked (latest year).
                for (i, r) in selected.iter().enumerate() {
                    if keys[i].time != latest {
                        continue;
                    }
                    let o = r.origin.clone().unwrap_or_default();
                    let d = r.destination.clone().unwrap_or_default();
                    assignments.push((i, d, o));
                }
                let series = ordered(assignments.iter().map(|a| a.1.clone()));
                series_labels = series
                    .iter()
                    .map(|s| Label::new(s, &entity_label(s, lang)))
                    .collect();
                let cats = ordered(assignments.iter().map(|a| a.2.clone()));
                category_labels = cats
                    .iter()
                    .map(|c| Label::new(c, &entity_label(c, lang)))
                    .collect();
                category_title = t("origin", lang).to_string();
                subtitle_time = time_label(&latest);
            } else {
                for (i, k) in keys.iter().enumerate() {
                    assignments.push((i, entity_key(k), k.time.clone()));
                }
                let series = ordered(assignments.iter().map(|a| a.1.clone()));
                series_labels = series
                    .iter()
                    .map(|s| Label::new(s, &entity_name(s)))
                    .collect();
                category_labels = times
                    .iter()
                    .map(|c| Label::new(c, &time_label(c)))
                    .collect();
                if times_are_years {
                    category_years = Some(times.iter().filter_map(|c| c.parse().ok()).collect());
                }
                category_title =
                    t(if times_are_years { "year" } else { "period" }, lang).to_string();
            }
        }
        Kind::Components => unreachable!("handled above"),
    }
    // Okabe–Ito has eight colours: stacked partners beyond seven are drawn as one "other" part.
    let mut other_note = None;
    if args.kind == Kind::StackedBar && series_labels.len() > 8 {
        let mut totals: Vec<(String, f64)> = series_labels
            .iter()
            .map(|l| {
                let sum: f64 = assignments
                    .iter()
                    .filter(|a| a.1 == l.key)
                    .filter_map(|a| selected[a.0].value)
                    .sum();
                (l.key.clone(), sum)
            })
            .collect();
        totals.sort_by(|a, b| b.1.total_cmp(&a.1));
        let keep: Vec<String> = totals.iter().take(7).map(|t| t.0.clone()).collect();
        let others: Vec<String> = series_labels
            .iter()
            .filter(|l| !keep.contains(&l.key))
            .map(|l| l.label.clone())
            .collect();
        other_note = Some(format!("{}: {}", t("other", lang), others.join(", ")));
        series_labels.retain(|l| keep.contains(&l.key));
        series_labels.push(Label::new("other", t("other", lang)));
    }
    let mut points: Vec<Point> = Vec::new();
    let mut shown: Vec<&MeasureRow> = Vec::new();
    if other_note.is_some() {
        let keep: Vec<String> = series_labels.iter().map(|l| l.key.clone()).collect();
        for c in &category_labels {
            let parts: Vec<&MeasureRow> = assignments
                .iter()
                .filter(|a| a.2 == c.key && !keep.contains(&a.1))
                .map(|a| selected[a.0])
                .collect();
            if parts.is_empty() {
                continue;
            }
            // A sum with a missing part is missing, as in the measures.
            let value = if parts.iter().all(|r| r.value.is_some()) {
                Some(parts.iter().filter_map(|r| r.value).sum())
            } else {
                None
            };
            points.push(Point {
                series: "other".into(),
                category: c.key.clone(),
                value,
                projection: parts.iter().any(|r| r.projection),
                imputed: parts.iter().any(|r| r.note.contains("imputed")),
                share: None,
            });
            shown.extend(parts);
        }
        assignments.retain(|a| keep.contains(&a.1));
    }
    for (i, series, category) in &assignments {
        if points
            .iter()
            .any(|p| &p.series == series && &p.category == category)
        {
            continue;
        }
        let r = selected[*i];
        shown.push(r);
        let share = if ranked && quantity_name == "migrant_stock" {
            rows.iter()
                .find(|s| {
                    s.measure == "share_of_total"
                        && s.origin == r.origin
                        && s.destination == r.destination
                        && s.year == r.year
                        && s.sex == r.sex
                })
                .and_then(|s| s.value)
        } else {
            None
        };
        points.push(Point {
            series: series.clone(),
            category: category.clone(),
            value: r.value,
            projection: r.projection,
            imputed: r.note.contains("imputed"),
            share,
        });
    }

    // Words.
    let q = quantity(&quantity_name);
    let unit = selected.first().map(|r| r.unit.clone()).unwrap_or_default();
    let value_title = q
        .map(|q| q.axis.get(lang).to_string())
        .unwrap_or_else(|| t(&unit, lang).to_string());
    let origin_names = places_phrase(&origins, lang);
    let destination_names = places_phrase(&destinations, lang);
    let title = if ranked && bilateral != Bilateral::Origins {
        format!("{}: {}", t("emigrants_by_destination", lang), origin_names)
    } else if ranked {
        format!("{}: {}", t("immigrants_by_origin", lang), destination_names)
    } else {
        q.map(|q| q.title.get(lang).to_string())
            .unwrap_or_else(|| quantity_name.replace('_', " "))
    };
    let mut subtitle_parts: Vec<String> = Vec::new();
    if !origins.is_empty() && !ranked {
        // Estimated flows run between places of residence, stocks between birth and residence.
        let (from, to) = if quantity_name.starts_with("flow_estimate") {
            (
                lang.pick("From", "Haradan", "Откуда"),
                lang.pick("To", "Haraya", "Куда"),
            )
        } else {
            (t("born_in", lang), t("living_in", lang))
        };
        subtitle_parts.push(format!("{from}: {origin_names}"));
        subtitle_parts.push(format!("{to}: {destination_names}"));
    } else if ranked {
        let n = selected
            .iter()
            .filter_map(|r| r.rank)
            .max()
            .unwrap_or(0)
            .to_string();
        let top = if bilateral == Bilateral::Origins {
            lang.pick(
                "Top {n} countries of origin",
                "Əsas {n} mənşə ölkəsi",
                "{n} главных стран происхождения",
            )
        } else {
            lang.pick(
                "Top {n} countries of destination",
                "Əsas {n} təyinat ölkəsi",
                "{n} главных стран назначения",
            )
        };
        subtitle_parts.push(top.replace("{n}", &n));
        if let Some(total) = partner_total {
            subtitle_parts.push(format!(
                "{}: {}",
                t("all_partners", lang),
                i18n::Numbers::new(lang).format(total, 0)
            ));
        }
    } else {
        subtitle_parts.push(places_phrase(&entities, lang));
    }
    if !subtitle_time.is_empty() {
        subtitle_parts.push(subtitle_time);
    }
    // Estimated flows name their method (the paper is in the CSV's note).
    if let Some(method) = selected.first().and_then(|r| r.method.clone()) {
        subtitle_parts.push(method);
    }
    let shaded = category_years.is_some()
        && matches!(
            args.kind,
            Kind::Line | Kind::SmallMultiples | Kind::GroupedBar | Kind::StackedBar
        );
    let sources = sources_of(rows);
    let definition = q.map(|q| q.caption.get(lang)).unwrap_or_default();
    let all_values: Vec<f64> = points.iter().filter_map(|p| p.value).collect();
    // An indicator of a CSV that is not a catalogue quantity is net when its signs are mixed.
    let net = q.is_some_and(|q| q.net)
        || (all_values.iter().any(|v| *v < 0.0) && all_values.iter().any(|v| *v > 0.0));
    let entities_shown = ordered(shown.iter().map(|r| entity_of(r, Bilateral::Origins)));
    Ok(ChartSpec {
        kind: args.kind,
        lang,
        width: 1920,
        height: 1080,
        title: args.title.clone().unwrap_or(title),
        subtitle: args
            .subtitle
            .clone()
            .unwrap_or_else(|| subtitle_parts.join(" · ")),
        category_title,
        value_title,
        series: series_labels,
        categories: category_labels,
        category_years,
        points,
        line_series: None,
        net,
        caption: caption(&sources, definition, lang),
        footnotes: {
            let mut notes = footnotes(&shown, &entities_shown, shaded, lang, crosswalk);
            notes.extend(other_note);
            notes
        },
        measure: quantity_name,
        unit,
        source: sources
            .iter()
            .map(|s| s.source.clone())
            .collect::<Vec<_>>()
            .join("; "),
        edition: sources
            .iter()
            .map(|s| s.edition.clone())
            .collect::<Vec<_>>()
            .join("; "),
    })
}

/// The balancing equation of one country: natural increase and net migration stacked per year,
/// population change as a line.
fn components_spec(
    args: &Args,
    rows: &[MeasureRow],
    crosswalk: &Crosswalk,
) -> Result<ChartSpec, Error> {
    let lang = args.lang;
    let parts = ["natural_increase", "net_migration_residual"];
    let line = "population_change";
    let selected: Vec<&MeasureRow> = rows
        .iter()
        .filter(|r| parts.contains(&r.measure.as_str()) || r.measure == line)
        .collect();
    if selected.is_empty() {
        return Err(Error::NotCovered(
            "components needs natural_increase, net_migration_residual and population_change (the balancing measure, `miglab measure balancing --format csv`)".into(),
        ));
    }
    let areas = ordered(selected.iter().filter_map(|r| r.country.clone()));
    if areas.len() != 1 {
        return Err(Error::Usage(format!(
            "components draws one country or one group total; give one country (or a group with --total), not {}",
            areas.join(", ")
        )));
    }
    let area = &areas[0];
    let mut years: Vec<i32> = distinct(selected.iter().filter_map(|r| r.year));
    years.sort_unstable();
    let points: Vec<Point> = selected
        .iter()
        .filter_map(|r| {
            r.year.map(|y| Point {
                series: r.measure.clone(),
                category: y.to_string(),
                value: r.value,
                projection: r.projection,
                imputed: r.note.contains("imputed"),
                share: None,
            })
        })
        .collect();
    let label = |k: &str| Label::new(k, i18n::component_name(k, lang).unwrap_or(k));
    let sources = sources_of(rows);
    let definition = t("components_caption", lang);
    let title = t("components_title", lang).to_string();
    let span = year_span(&years.iter().map(i32::to_string).collect::<Vec<_>>());
    Ok(ChartSpec {
        kind: Kind::Components,
        lang,
        width: 1920,
        height: 1080,
        title: args.title.clone().unwrap_or(title),
        subtitle: args
            .subtitle
            .clone()
            .unwrap_or_else(|| format!("{} · {span}", place_name(area, lang))),
        category_title: t("year", lang).to_string(),
        value_title: t("persons", lang).to_string(),
        series: parts.iter().map(|k| label(k)).collect(),
        categories: years
            .iter()
            .map(|y| Label::new(&y.to_string(), &y.to_string()))
            .collect(),
        category_years: Some(years.clone()),
        points,
        line_series: Some(label(line)),
        net: true,
        caption: caption(&sources, definition, lang),
        footnotes: footnotes(&selected, &areas, true, lang, crosswalk),
        measure: "balancing".into(),
        unit: "persons".into(),
        source: sources
            .iter()
            .map(|s| s.source.clone())
            .collect::<Vec<_>>()
            .join("; "),
        edition: sources
            .iter()
            .map(|s| s.edition.clone())
            .collect::<Vec<_>>()
            .join("; "),
    })
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
