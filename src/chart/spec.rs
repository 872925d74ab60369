//! From a [`ChartRequest`] and its rows to a [`ChartSpec`]: which quantity is drawn, what is a
//! series and what a category for each kind of chart, and the words around it.

use super::i18n::{self, place_name, t};
use super::request::{ChartData, ChartRequest};
use super::words::{
    caption, distinct, entity_label, entity_of, footnotes, ordered, places_phrase, sex_label,
    source_and_edition, sources_of, time_label, year_span, Bilateral, Keys,
};
use super::{ChartSpec, Kind, Label, Point};
use crate::catalogue::{quantity, MeasureKind, Quantity};
use crate::countries::Crosswalk;
use crate::error::{Error, Result};
use crate::measures::MeasureRow;
use crate::tidy::Sex;
use crate::Lang;

/// The spec of a chart of `rows` (the rows the request's data gave).
pub fn build(request: &ChartRequest, rows: &[MeasureRow]) -> Result<ChartSpec> {
    if rows.is_empty() {
        return Err(Error::not_covered(
            "the measure returned no rows for this selection",
            "widen --years or the countries",
        ));
    }
    if request.kind == Kind::Components {
        return components(request, rows);
    }
    if request.kind == Kind::Corridors {
        return super::sankey::spec(request, rows);
    }
    let measure = match &request.data {
        ChartData::Measure(m) => Some(m.measure),
        ChartData::TidyCsv(_) => None,
    };
    let quantity_name = match &request.quantity {
        Some(q) if measure.is_some() => q.clone(),
        _ => default_quantity(measure, rows),
    };
    let sel = Selected::new(rows, quantity_name, measure, request.lang)?;
    let mut layout = layout(request.kind, &sel)?;
    let other_note = fold_others(request.kind, &sel, &mut layout);
    let (points, shown) = points(&sel, &mut layout, other_note.is_some());
    let words = words(request, &sel, &layout, &points);
    let crosswalk = Crosswalk::embedded()?;
    let entities_shown = ordered(shown.iter().map(|r| entity_of(r, Bilateral::Origins)));
    let mut notes = footnotes(
        &shown,
        &entities_shown,
        words.shaded,
        request.lang,
        crosswalk,
    );
    notes.extend(other_note);
    notes.extend(super::sankey::method_notes(&shown, request.lang));
    let sources = sources_of(rows);
    let (source, edition) = source_and_edition(&sources);
    Ok(ChartSpec {
        kind: request.kind,
        lang: request.lang,
        width: request.size.0,
        height: request.size.1,
        title: request.title.clone().unwrap_or(words.title),
        subtitle: request.subtitle.clone().unwrap_or(words.subtitle),
        category_title: layout.category_title,
        value_title: words.value_title,
        series: layout.series,
        categories: layout.categories,
        category_years: layout.category_years,
        points,
        line_series: None,
        net: words.net,
        caption: words.caption,
        footnotes: notes,
        measure: sel.quantity,
        unit: words.unit,
        source,
        edition,
    })
}

/// The measure's main quantity (the catalogue's `chart_quantity`), or the first one in the rows.
fn default_quantity(measure: Option<MeasureKind>, rows: &[MeasureRow]) -> String {
    let preferred = measure.map_or("", |m| m.info().chart_quantity);
    if rows.iter().any(|r| r.measure == preferred) {
        return preferred.to_string();
    }
    rows.first().map(|r| r.measure.clone()).unwrap_or_default()
}

/// The rows of the quantity drawn and what varies among them.
struct Selected<'r> {
    rows: &'r [MeasureRow],
    quantity: String,
    /// The rows drawn (partner totals left out).
    selected: Vec<&'r MeasureRow>,
    /// One reporting country's total over all partners (under the title of a ranking).
    partner_total: Option<f64>,
    origins: Vec<String>,
    destinations: Vec<String>,
    ranked: bool,
    bilateral: Bilateral,
    keys: Vec<Keys>,
    many_sexes: bool,
    /// Years or periods, in axis order.
    times: Vec<String>,
    times_are_years: bool,
    entities: Vec<String>,
    lang: Lang,
}

impl<'r> Selected<'r> {
    fn new(
        rows: &'r [MeasureRow],
        quantity: String,
        measure: Option<MeasureKind>,
        lang: Lang,
    ) -> Result<Selected<'r>> {
        // Partner totals ("TOTAL", no rank) go to the subtitle, not among the ranked bars.
        let is_total = |r: &MeasureRow| {
            r.rank.is_none()
                && (r.destination.as_deref() == Some("TOTAL")
                    || r.origin.as_deref() == Some("TOTAL"))
        };
        let of_quantity = |r: &&MeasureRow| r.measure == quantity;
        let totals: Vec<&MeasureRow> = rows
            .iter()
            .filter(of_quantity)
            .filter(|r| is_total(r))
            .collect();
        let partner_total = match totals.as_slice() {
            [one] => one.value,
            _ => None,
        };
        let selected: Vec<&MeasureRow> = rows
            .iter()
            .filter(of_quantity)
            .filter(|r| !is_total(r))
            .collect();
        if selected.is_empty() {
            let available = ordered(rows.iter().map(|r| r.measure.clone()));
            return Err(Error::Unknown {
                what: "value",
                name: quantity,
                hint: format!("; this measure gives {}", available.join(", ")),
            });
        }
        let origins = distinct(selected.iter().filter_map(|r| r.origin.clone()));
        let destinations = distinct(selected.iter().filter_map(|r| r.destination.clone()));
        let ranked = selected.iter().any(|r| r.rank.is_some());
        let bilateral = bilateral(measure, ranked, &origins, &destinations);
        let keys: Vec<Keys> = selected.iter().map(|r| keys(r, bilateral)).collect();
        let many_sexes = distinct(keys.iter().map(|k| k.sex)).len() > 1;
        let mut times = ordered(keys.iter().map(|k| k.time.clone()));
        let times_are_years = keys.iter().all(|k| k.year.is_some());
        if times_are_years {
            times.sort_by_key(|t| t.parse::<i32>().unwrap_or(0));
        }
        let entities = ordered(keys.iter().map(|k| k.entity.clone()));
        Ok(Selected {
            rows,
            quantity,
            selected,
            partner_total,
            origins,
            destinations,
            ranked,
            bilateral,
            keys,
            many_sexes,
            times,
            times_are_years,
            entities,
            lang,
        })
    }

    /// The key of a row's series: its entity, and its sex when several are drawn.
    fn entity_key(&self, k: &Keys) -> String {
        if self.many_sexes {
            format!("{}|{}", k.entity, k.sex.as_str())
        } else {
            k.entity.clone()
        }
    }

    fn entity_name(&self, key: &str) -> String {
        match key.split_once('|') {
            Some((e, s)) => format!(
                "{} ({})",
                entity_label(e, self.lang),
                sex_label(Sex::parse(s).unwrap_or(Sex::Total), self.lang)
            ),
            None => entity_label(key, self.lang),
        }
    }

    fn latest(&self) -> String {
        self.times.last().cloned().unwrap_or_default()
    }

    /// "year" or "period", in the chart's language.
    fn time_title(&self) -> String {
        let key = if self.times_are_years {
            "year"
        } else {
            "period"
        };
        t(key, self.lang).to_string()
    }
}

/// Which side of bilateral rows names the series.
fn bilateral(
    measure: Option<MeasureKind>,
    ranked: bool,
    origins: &[String],
    destinations: &[String],
) -> Bilateral {
    let (many_origins, many_destinations) = (origins.len() > 1, destinations.len() > 1);
    let side = if ranked {
        // From a CSV the measure is unknown: the side that varies is the partner.
        let top_origins = measure == Some(MeasureKind::TopOrigins)
            || (measure.is_none() && destinations.len() == 1 && many_origins);
        if top_origins {
            Bilateral::Origins
        } else {
            Bilateral::Destinations
        }
    } else if destinations.len() == 1 && (many_origins || origins.len() == 1) {
        Bilateral::Origins
    } else if origins.len() == 1 && many_destinations {
        Bilateral::Destinations
    } else {
        Bilateral::Pairs
    };
    // With ranks and several reporting areas, the pair names the bar.
    let several_reporters = match side {
        Bilateral::Destinations => many_origins,
        Bilateral::Origins => many_destinations,
        Bilateral::Pairs => false,
    };
    if ranked && several_reporters {
        Bilateral::Pairs
    } else {
        side
    }
}

fn keys(r: &MeasureRow, bilateral: Bilateral) -> Keys {
    Keys {
        entity: entity_of(r, bilateral),
        time: r
            .year
            .map(|y| y.to_string())
            .or_else(|| r.period.clone())
            .unwrap_or_default(),
        year: r.year,
        sex: r.sex,
    }
}

/// Series and categories of a chart, and which row goes where.
struct Layout {
    /// (index into `selected`, series key, category key)
    assignments: Vec<(usize, String, String)>,
    series: Vec<Label>,
    categories: Vec<Label>,
    category_years: Option<Vec<i32>>,
    category_title: String,
    /// The year span, or the one year or period shown, for the subtitle.
    subtitle_time: String,
}

impl Layout {
    fn new(sel: &Selected, category_title: String) -> Layout {
        Layout {
            assignments: Vec::new(),
            series: Vec::new(),
            categories: Vec::new(),
            category_years: None,
            category_title,
            subtitle_time: year_span(&sel.times),
        }
    }

    fn series_keys(&self) -> Vec<String> {
        ordered(self.assignments.iter().map(|a| a.1.clone()))
    }

    fn category_keys(&self) -> Vec<String> {
        ordered(self.assignments.iter().map(|a| a.2.clone()))
    }

    /// Categories that are times (years or periods), a time scale when they are years.
    fn times_as_categories(&mut self, sel: &Selected, times: &[String]) {
        self.categories = times
            .iter()
            .map(|c| Label::new(c, &time_label(c)))
            .collect();
        if sel.times_are_years {
            self.category_years = Some(times.iter().filter_map(|c| c.parse().ok()).collect());
        }
    }
}

fn layout(kind: Kind, sel: &Selected) -> Result<Layout> {
    match kind {
        Kind::Line | Kind::SmallMultiples | Kind::GroupedBar | Kind::Slope => {
            series_over_time(kind, sel)
        }
        Kind::Bar | Kind::DivergingBar => Ok(bars(sel)),
        Kind::StackedBar if sel.many_sexes => sexes_stacked(sel),
        Kind::StackedBar if sel.bilateral == Bilateral::Pairs => Ok(destinations_stacked(sel)),
        Kind::StackedBar => series_over_time(kind, sel),
        Kind::Components | Kind::Corridors => {
            Err(Error::Usage(format!("{} has its own layout", kind.name())))
        }
    }
}

/// One series per country (and sex) over the years or periods; slope: the first and last only.
fn series_over_time(kind: Kind, sel: &Selected) -> Result<Layout> {
    let cats: Vec<String> = if kind == Kind::Slope {
        if sel.times.len() < 2 {
            return Err(Error::usage(
                "slope needs two years or more",
                "give --years 2010,2020 or a range",
            ));
        }
        vec![sel.times[0].clone(), sel.latest()]
    } else {
        sel.times.clone()
    };
    if matches!(kind, Kind::Line | Kind::SmallMultiples) && !sel.times_are_years {
        return Err(Error::usage(
            format!("{} needs years on its axis", kind.name()),
            "for periods use grouped-bar",
        ));
    }
    let mut layout = Layout::new(sel, sel.time_title());
    for (i, k) in sel.keys.iter().enumerate() {
        if cats.contains(&k.time) {
            layout
                .assignments
                .push((i, sel.entity_key(k), k.time.clone()));
        }
    }
    layout.series = layout
        .series_keys()
        .iter()
        .map(|s| Label::new(s, &sel.entity_name(s)))
        .collect();
    layout.times_as_categories(sel, &cats);
    Ok(layout)
}

/// One bar per country (or partner) at the latest year or period, ranked.
fn bars(sel: &Selected) -> Layout {
    let latest = sel.latest();
    let mut bars: Vec<(String, Option<f64>, Option<usize>, usize)> = Vec::new();
    for (i, k) in sel.keys.iter().enumerate() {
        if k.time == latest {
            let r = sel.selected[i];
            bars.push((sel.entity_key(k), r.value, r.rank, i));
        }
    }
    if sel.ranked {
        bars.sort_by_key(|b| (b.2.unwrap_or(usize::MAX), b.3));
    } else {
        let v = |b: &(String, Option<f64>, Option<usize>, usize)| b.1.unwrap_or(f64::NEG_INFINITY);
        bars.sort_by(|a, b| v(b).total_cmp(&v(a)));
    }
    let title = match sel.bilateral {
        _ if sel.selected.iter().all(|r| r.country.is_some()) => "country",
        Bilateral::Destinations => "destination",
        Bilateral::Origins => "origin",
        Bilateral::Pairs => "country",
    };
    let mut layout = Layout::new(sel, t(title, sel.lang).to_string());
    for (key, _, _, i) in &bars {
        layout.assignments.push((*i, "value".into(), key.clone()));
    }
    layout.series = vec![Label::new("value", "")];
    layout.categories = bars
        .iter()
        .map(|b| Label::new(&b.0, &sel.entity_name(&b.0)))
        .collect();
    layout.subtitle_time = time_label(&latest);
    layout
}

/// Women and men stacked (both sexes is their sum and is left out): several countries in one
/// year, or one country over several years.
fn sexes_stacked(sel: &Selected) -> Result<Layout> {
    let single_time = sel.times.len() == 1;
    if !single_time && sel.entities.len() != 1 {
        return Err(Error::usage(
            "stacked-bar by sex draws several countries in one year or one country over several years",
            "narrow --countries or --years",
        ));
    }
    let title = if single_time {
        t("country", sel.lang).to_string()
    } else {
        sel.time_title()
    };
    let mut layout = Layout::new(sel, title);
    for (i, k) in sel.keys.iter().enumerate() {
        if k.sex != Sex::Total {
            let cat = if single_time { &k.entity } else { &k.time };
            let series = k.sex.as_str().to_string();
            layout.assignments.push((i, series, cat.clone()));
        }
    }
    layout.series = layout
        .series_keys()
        .iter()
        .map(|s| Label::new(s, t(s, sel.lang)))
        .collect();
    let cats = layout.category_keys();
    layout.categories = if single_time {
        cats.iter()
            .map(|c| Label::new(c, &entity_label(c, sel.lang)))
            .collect()
    } else {
        cats.iter().map(|c| Label::new(c, &time_label(c))).collect()
    };
    Ok(layout)
}

/// Origins as bars, destinations stacked, in the latest year.
fn destinations_stacked(sel: &Selected) -> Layout {
    let latest = sel.latest();
    let mut layout = Layout::new(sel, t("origin", sel.lang).to_string());
    for (i, r) in sel.selected.iter().enumerate() {
        if sel.keys[i].time == latest {
            let o = r.origin.clone().unwrap_or_default();
            let d = r.destination.clone().unwrap_or_default();
            layout.assignments.push((i, d, o));
        }
    }
    let label = |keys: Vec<String>| -> Vec<Label> {
        keys.iter()
            .map(|k| Label::new(k, &entity_label(k, sel.lang)))
            .collect()
    };
    layout.series = label(layout.series_keys());
    layout.categories = label(layout.category_keys());
    layout.subtitle_time = time_label(&latest);
    layout
}

/// Okabe–Ito has eight colours: stacked series beyond the seven largest are drawn as one
/// "other" series. Returns the footnote naming them.
fn fold_others(kind: Kind, sel: &Selected, layout: &mut Layout) -> Option<String> {
    if kind != Kind::StackedBar || layout.series.len() <= 8 {
        return None;
    }
    let mut totals: Vec<(String, f64)> = layout
        .series
        .iter()
        .map(|l| {
            let sum: f64 = layout
                .assignments
                .iter()
                .filter(|a| a.1 == l.key)
                .filter_map(|a| sel.selected[a.0].value)
                .sum();
            (l.key.clone(), sum)
        })
        .collect();
    totals.sort_by(|a, b| b.1.total_cmp(&a.1));
    let keep: Vec<String> = totals.iter().take(7).map(|t| t.0.clone()).collect();
    let others: Vec<String> = layout
        .series
        .iter()
        .filter(|l| !keep.contains(&l.key))
        .map(|l| l.label.clone())
        .collect();
    layout.series.retain(|l| keep.contains(&l.key));
    layout
        .series
        .push(Label::new("other", t("other", sel.lang)));
    Some(format!("{}: {}", t("other", sel.lang), others.join(", ")))
}

/// The points drawn and the rows behind them. With `others`, the series not kept are summed
/// into "other" per category (a sum with a missing part is missing, as in the measures).
fn points<'r>(
    sel: &Selected<'r>,
    layout: &mut Layout,
    others: bool,
) -> (Vec<Point>, Vec<&'r MeasureRow>) {
    let mut points: Vec<Point> = Vec::new();
    let mut shown: Vec<&MeasureRow> = Vec::new();
    if others {
        let keep: Vec<String> = layout.series.iter().map(|l| l.key.clone()).collect();
        for c in &layout.categories {
            let parts: Vec<&MeasureRow> = layout
                .assignments
                .iter()
                .filter(|a| a.2 == c.key && !keep.contains(&a.1))
                .map(|a| sel.selected[a.0])
                .collect();
            if parts.is_empty() {
                continue;
            }
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
        layout.assignments.retain(|a| keep.contains(&a.1));
    }
    for (i, series, category) in &layout.assignments {
        if points
            .iter()
            .any(|p| &p.series == series && &p.category == category)
        {
            continue;
        }
        let r = sel.selected[*i];
        shown.push(r);
        points.push(Point {
            series: series.clone(),
            category: category.clone(),
            value: r.value,
            projection: r.projection,
            imputed: r.note.contains("imputed"),
            share: share(sel, r),
        });
    }
    (points, shown)
}

/// A partner's share of the total (ranked migrant stocks), from the measure's own rows.
fn share(sel: &Selected, r: &MeasureRow) -> Option<f64> {
    if !sel.ranked || sel.quantity != "migrant_stock" {
        return None;
    }
    sel.rows
        .iter()
        .find(|s| {
            s.measure == "share_of_total"
                && s.origin == r.origin
                && s.destination == r.destination
                && s.year == r.year
                && s.sex == r.sex
        })
        .and_then(|s| s.value)
}

/// The words around a chart.
struct Words {
    title: String,
    subtitle: String,
    value_title: String,
    caption: String,
    unit: String,
    net: bool,
    /// Projection years are shaded (a time axis).
    shaded: bool,
}

fn words(request: &ChartRequest, sel: &Selected, layout: &Layout, points: &[Point]) -> Words {
    let lang = request.lang;
    let q = quantity(&sel.quantity);
    let unit = sel
        .selected
        .first()
        .map(|r| r.unit.clone())
        .unwrap_or_default();
    let value_title = q
        .map(|q| q.axis.get(lang).to_string())
        .unwrap_or_else(|| t(&unit, lang).to_string());
    let shaded = layout.category_years.is_some()
        && matches!(
            request.kind,
            Kind::Line | Kind::SmallMultiples | Kind::GroupedBar | Kind::StackedBar
        );
    let definition = q.map(|q| q.caption.get(lang)).unwrap_or_default();
    let values: Vec<f64> = points.iter().filter_map(|p| p.value).collect();
    // An indicator of a CSV that is not a catalogue quantity is net when its signs are mixed.
    let net = q.is_some_and(|q| q.net)
        || (values.iter().any(|v| *v < 0.0) && values.iter().any(|v| *v > 0.0));
    Words {
        title: title(sel, q),
        subtitle: subtitle(sel, layout),
        value_title,
        caption: caption(&sources_of(sel.rows), definition, lang),
        unit,
        net,
        shaded,
    }
}

fn title(sel: &Selected, q: Option<&Quantity>) -> String {
    let lang = sel.lang;
    if sel.ranked && sel.bilateral != Bilateral::Origins {
        let names = places_phrase(&sel.origins, lang);
        format!("{}: {names}", t("emigrants_by_destination", lang))
    } else if sel.ranked {
        let names = places_phrase(&sel.destinations, lang);
        format!("{}: {names}", t("immigrants_by_origin", lang))
    } else {
        q.map(|q| q.title.get(lang).to_string())
            .unwrap_or_else(|| sel.quantity.replace('_', " "))
    }
}

fn subtitle(sel: &Selected, layout: &Layout) -> String {
    let lang = sel.lang;
    let mut parts: Vec<String> = Vec::new();
    if sel.ranked {
        parts.push(top_partners(sel));
        if let Some(total) = sel.partner_total {
            let total = i18n::Numbers::new(lang).format(total, 0);
            parts.push(format!("{}: {total}", t("all_partners", lang)));
        }
    } else if !sel.origins.is_empty() {
        let origins = places_phrase(&sel.origins, lang);
        let destinations = places_phrase(&sel.destinations, lang);
        // Estimated flows run between places of residence; stocks are by place of birth.
        let (from, to) = if sel.quantity.starts_with("flow_estimate") {
            ("flow_from", "flow_to")
        } else {
            ("born_in", "living_in")
        };
        parts.push(format!("{}: {origins}", t(from, lang)));
        parts.push(format!("{}: {destinations}", t(to, lang)));
    } else {
        parts.push(places_phrase(&sel.entities, lang));
    }
    if !layout.subtitle_time.is_empty() {
        parts.push(layout.subtitle_time.clone());
    }
    parts.join(" · ")
}

/// "Top 10 countries of destination" (or origin).
fn top_partners(sel: &Selected) -> String {
    let n = sel
        .selected
        .iter()
        .filter_map(|r| r.rank)
        .max()
        .unwrap_or(0);
    let top = if sel.bilateral == Bilateral::Origins {
        sel.lang.pick(
            "Top {n} countries of origin",
            "Əsas {n} mənşə ölkəsi",
            "{n} главных стран происхождения",
        )
    } else {
        sel.lang.pick(
            "Top {n} countries of destination",
            "Əsas {n} təyinat ölkəsi",
            "{n} главных стран назначения",
        )
    };
    top.replace("{n}", &n.to_string())
}

/// The balancing equation of one country: natural increase and net migration stacked per year,
/// population change as a line.
fn components(request: &ChartRequest, rows: &[MeasureRow]) -> Result<ChartSpec> {
    let lang = request.lang;
    let parts = ["natural_increase", "net_migration_residual"];
    let line = "population_change";
    let selected: Vec<&MeasureRow> = rows
        .iter()
        .filter(|r| parts.contains(&r.measure.as_str()) || r.measure == line)
        .collect();
    if selected.is_empty() {
        return Err(Error::not_covered(
            "components needs natural_increase, net_migration_residual and population_change",
            "draw the balancing measure, or a CSV of `miglab measure balancing --format csv`",
        ));
    }
    let areas = ordered(selected.iter().filter_map(|r| r.country.clone()));
    let [area] = areas.as_slice() else {
        return Err(Error::usage(
            format!(
                "components draws one country or one group total, not {}",
                areas.join(", ")
            ),
            "give one country (or a group with --total)",
        ));
    };
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
    let (source, edition) = source_and_edition(&sources);
    let span = year_span(&years.iter().map(i32::to_string).collect::<Vec<_>>());
    let crosswalk = Crosswalk::embedded()?;
    Ok(ChartSpec {
        kind: Kind::Components,
        lang,
        width: request.size.0,
        height: request.size.1,
        title: request
            .title
            .clone()
            .unwrap_or_else(|| t("components_title", lang).to_string()),
        subtitle: request
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
        caption: caption(&sources, t("components_caption", lang), lang),
        footnotes: footnotes(&selected, &areas, true, lang, crosswalk),
        measure: "balancing".into(),
        unit: "persons".into(),
        source,
        edition,
    })
}
