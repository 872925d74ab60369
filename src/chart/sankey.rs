//! The corridors chart (`chart corridors`), Sankey-style: the largest estimated flows as ribbons
//! from the places of origin (left) to the places of destination (right), each ribbon as wide as
//! its flow, each place's bar the sum of its ribbons. Flows estimated from stocks say so under
//! the chart: "estimate", the method and its paper, beside the source line.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::i18n::{flow_method_words, t};
use super::render::{spread, text_style, text_width, Canvas, DrawResult};
use super::request::ChartRequest;
use super::style;
use super::words::{
    caption, entity_label, ordered, places_phrase, source_and_edition, sources_of, time_label,
};
use super::{ChartSpec, Kind, Label, Point};
use crate::catalogue::quantity;
use crate::error::{Error, Result};
use crate::measures::estimate::run::FlowMethod;
use crate::measures::MeasureRow;
use crate::Lang;

/// At most this many corridors are drawn: more ribbons than this no longer read on a slide.
pub const MAX_CORRIDORS: usize = 12;

/// The spec of a corridors chart: one point per corridor (series = origin, category =
/// destination), the largest [`MAX_CORRIDORS`] of one method, period and sex.
pub(super) fn spec(request: &ChartRequest, rows: &[MeasureRow]) -> Result<ChartSpec> {
    let lang = request.lang;
    let name = request
        .quantity
        .clone()
        .unwrap_or_else(|| "flow_estimate".to_string());
    let mut corridors: Vec<&MeasureRow> = rows
        .iter()
        .filter(|r| r.measure == name && is_corridor(r))
        .collect();
    if corridors.is_empty() {
        return Err(Error::not_covered(
            format!("no corridor with a {name} above zero to draw"),
            "corridors draws `measure flows` (or a CSV of it): widen --origin/--destination, or give none for the largest corridors of the world",
        ));
    }
    one_of("method", corridors.iter().map(|r| r.method.clone()))?;
    one_of("period", corridors.iter().map(|r| r.period.clone()))?;
    one_of(
        "sex",
        corridors.iter().map(|r| Some(r.sex.as_str().to_string())),
    )?;
    let all = corridors.len();
    corridors.sort_by(|a, b| b.value.unwrap_or(0.0).total_cmp(&a.value.unwrap_or(0.0)));
    corridors.truncate(MAX_CORRIDORS);
    let code = |r: &MeasureRow, origin: bool| {
        if origin { &r.origin } else { &r.destination }
            .clone()
            .unwrap_or_default()
    };
    let origins = ordered(corridors.iter().map(|r| code(r, true)));
    let destinations = ordered(corridors.iter().map(|r| code(r, false)));
    let labels = |codes: &[String]| -> Vec<Label> {
        codes
            .iter()
            .map(|c| Label::new(c, &entity_label(c, lang)))
            .collect()
    };
    let points = corridors
        .iter()
        .map(|r| Point {
            series: code(r, true),
            category: code(r, false),
            value: r.value,
            projection: r.projection,
            imputed: false,
            share: None,
        })
        .collect();
    let q = quantity(&name);
    let sources = sources_of(rows);
    let (source, edition) = source_and_edition(&sources);
    let definition = q.map(|q| q.caption.get(lang)).unwrap_or_default();
    Ok(ChartSpec {
        kind: Kind::Corridors,
        lang,
        width: request.size.0,
        height: request.size.1,
        title: request.title.clone().unwrap_or_else(|| {
            q.map_or_else(|| name.replace('_', " "), |q| q.title.get(lang).to_string())
        }),
        subtitle: request
            .subtitle
            .clone()
            .unwrap_or_else(|| subtitle(&corridors, &origins, &destinations, lang)),
        category_title: t("flow_to", lang).to_string(),
        value_title: q.map_or_else(
            || t("persons", lang).to_string(),
            |q| q.axis.get(lang).to_string(),
        ),
        series: labels(&origins),
        categories: labels(&destinations),
        category_years: None,
        points,
        line_series: None,
        net: false,
        caption: caption(&sources, definition, lang),
        footnotes: footnotes(&corridors, all, lang),
        measure: name,
        unit: corridors[0].unit.clone(),
        source,
        edition,
    })
}

/// A flow between two different places, above zero (totals and stayers are not corridors).
fn is_corridor(r: &MeasureRow) -> bool {
    match (&r.origin, &r.destination, r.value) {
        (Some(o), Some(d), Some(v)) => o != d && o != "TOTAL" && d != "TOTAL" && v > 0.0,
        _ => false,
    }
}

/// A usage error when the rows hold several methods, periods or sexes: one chart shows one.
fn one_of(what: &str, values: impl Iterator<Item = Option<String>>) -> Result<()> {
    let found = ordered(values.flatten());
    if found.len() > 1 {
        return Err(Error::usage(
            format!(
                "corridors draws one {what} at a time, the rows hold {}",
                found.join(", ")
            ),
            format!("choose one {what} (e.g. --method demographic-closed, --periods 2015-2020)"),
        ));
    }
    Ok(())
}

fn subtitle(
    rows: &[&MeasureRow],
    origins: &[String],
    destinations: &[String],
    lang: Lang,
) -> String {
    let mut parts = Vec::new();
    if origins.len() == 1 {
        parts.push(format!(
            "{}: {}",
            t("flow_from", lang),
            places_phrase(origins, lang)
        ));
    }
    if destinations.len() == 1 {
        parts.push(format!(
            "{}: {}",
            t("flow_to", lang),
            places_phrase(destinations, lang)
        ));
    }
    if origins.len() > 1 && destinations.len() > 1 {
        parts.push(t("largest_corridors", lang).replace("{n}", &rows.len().to_string()));
    }
    if let Some(period) = rows.first().and_then(|r| r.period.as_deref()) {
        parts.push(time_label(period));
    }
    parts.join(" · ")
}

/// "Estimate, not a measured flow; method demographic-closed (...): paper", how many corridors
/// are left out, and the caveat of a corridor that is not migration in the ordinary sense.
fn footnotes(shown: &[&MeasureRow], all: usize, lang: Lang) -> Vec<String> {
    let mut notes = method_notes(shown, lang);
    if all > shown.len() {
        notes.push(
            t("corridors_shown", lang)
                .replace("{shown}", &shown.len().to_string())
                .replace("{all}", &all.to_string()),
        );
    }
    if shown
        .iter()
        .any(|r| r.note.contains("displaced by the conflict"))
    {
        notes.push(t("conflict_caveat", lang).to_string());
    }
    notes
}

/// One note per estimation method among the rows: "Estimate, not a measured flow; method
/// demographic-closed (demographic accounting, ...): the paper" (any chart of estimated flows).
pub(super) fn method_notes(rows: &[&MeasureRow], lang: Lang) -> Vec<String> {
    ordered(rows.iter().filter_map(|r| r.method.clone()))
        .into_iter()
        .map(|name| {
            let words = flow_method_words(&name, lang).map_or(String::new(), |w| format!(" ({w})"));
            let paper =
                FlowMethod::from_name(&name).map_or(String::new(), |m| format!(": {}", m.paper()));
            format!("{} {name}{words}{paper}", t("estimate_method", lang))
        })
        .collect()
}

/// One side of the chart: the places and the total of their ribbons, largest first.
fn nodes(spec: &ChartSpec, origin: bool) -> Vec<(String, String, f64)> {
    let list = if origin {
        &spec.series
    } else {
        &spec.categories
    };
    let mut nodes: Vec<(String, String, f64)> = list
        .iter()
        .map(|l| {
            let sum = spec
                .points
                .iter()
                .filter(|p| if origin { &p.series } else { &p.category } == &l.key)
                .filter_map(|p| p.value)
                .sum();
            (l.key.clone(), l.label.clone(), sum)
        })
        .collect();
    nodes.sort_by(|a, b| b.2.total_cmp(&a.2));
    nodes
}

/// The scale (pixels per person) at which both sides fit in `height`: every node takes at least
/// `slot` pixels (one line of its label), nodes are `gap` apart. Small nodes keep their label's
/// line, so the scale is found by a few rounds over which nodes are that small.
fn fit_scale(sides: [&[(String, String, f64)]; 2], height: f64, gap: f64, slot: f64) -> f64 {
    let total: f64 = sides[0].iter().map(|n| n.2).sum();
    let mut scale = height / total.max(1.0);
    for _ in 0..20 {
        let mut next = f64::INFINITY;
        for side in sides {
            let small = side.iter().filter(|n| n.2 * scale < slot);
            let (count, persons) = small.fold((0.0, 0.0), |(c, p), n| (c + 1.0, p + n.2));
            let room = height - gap * side.len().saturating_sub(1) as f64 - slot * count;
            next = next.min((room / (total - persons).max(1.0)).max(0.0));
        }
        if (next - scale).abs() <= 1e-9 * scale {
            break;
        }
        scale = next;
    }
    scale
}

/// Top of each node's slot (pixels) on a side: slots at least `slot` high, `gap` apart, the side
/// centred in `top..bottom`. A node is drawn centred in its slot.
fn node_tops(
    nodes: &[(String, String, f64)],
    scale: f64,
    gap: f64,
    slot: f64,
    top: i32,
    bottom: i32,
) -> Vec<f64> {
    let height: f64 = nodes.iter().map(|n| (n.2 * scale).max(slot)).sum::<f64>()
        + gap * nodes.len().saturating_sub(1) as f64;
    let mut y = f64::from(top) + (f64::from(bottom - top) - height).max(0.0) / 2.0;
    nodes
        .iter()
        .map(|n| {
            let h = n.2 * scale;
            let here = y + (slot - h).max(0.0) / 2.0;
            y += h.max(slot) + gap;
            here
        })
        .collect()
}

/// A ribbon from `(x0, y0..y0+h0)` to `(x1, y1..y1+h1)`: two smooth curves (horizontal at both
/// ends) closed into one polygon.
fn ribbon(x0: f64, y0: f64, x1: f64, y1: f64, h: f64) -> Vec<(i32, i32)> {
    const STEPS: usize = 32;
    let curve = |offset: f64| {
        (0..=STEPS).map(move |i| {
            let s = i as f64 / STEPS as f64;
            let ease = s * s * (3.0 - 2.0 * s);
            let x = x0 + (x1 - x0) * s;
            let y = y0 + (y1 - y0) * ease + offset;
            (x.round() as i32, y.round() as i32)
        })
    };
    let mut points: Vec<(i32, i32)> = curve(0.0).collect();
    let bottom: Vec<(i32, i32)> = curve(h.max(1.0)).collect();
    points.extend(bottom.into_iter().rev());
    points
}

/// Draws the corridors: nodes on both sides, ribbons between them (coloured by origin, or by
/// destination when there is one origin), place names with their totals beside the nodes.
pub(super) fn draw<DB: DrawingBackend>(c: &Canvas<'_, DB>) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let (root, rect, spec, sz, numbers) = c.parts();
    let (left, right) = (nodes(spec, true), nodes(spec, false));
    let total: f64 = left.iter().map(|n| n.2).sum();
    if total <= 0.0 {
        return Ok(());
    }
    let (top, bottom) = (rect.1 + sz.px(10.0), rect.3);
    let most = left.len().max(right.len()).max(1) as f64;
    let height = f64::from(bottom - top);
    // Every place's name needs its line: smaller type when many places share the height.
    let font = sz.tick.min(height / (most * 1.45));
    let slot = font * 1.2;
    let gap = f64::from(sz.px(14.0))
        .min((height - slot * most) / (most - 1.0).max(1.0))
        .max(0.0);
    let label = |n: &(String, String, f64)| format!("{}  {}", n.1, numbers.format(n.2, 0));
    let widest = |side: &[(String, String, f64)]| {
        side.iter()
            .map(|n| text_width(root, &label(n), font, false))
            .max()
            .unwrap_or(0)
    };
    let node_w = sz.px(22.0);
    let pad = sz.px(16.0);
    let x_left = rect.0 + widest(&left) + pad;
    let x_right = rect.2 - widest(&right) - pad - node_w;
    let scale = fit_scale([&left, &right], height, gap, slot);
    let (tops_l, tops_r) = (
        node_tops(&left, scale, gap, slot, top, bottom),
        node_tops(&right, scale, gap, slot, top, bottom),
    );
    let index = |side: &[(String, String, f64)], key: &str| side.iter().position(|n| n.0 == key);
    let by_destination = left.len() == 1;
    // Ribbons leave each origin in the order of the destinations and reach each destination in
    // the order of the origins, so that they cross as little as the order of the nodes allows.
    let mut ribbons: Vec<(usize, usize, f64)> = spec
        .points
        .iter()
        .filter_map(|p| {
            let (o, d) = (index(&left, &p.series)?, index(&right, &p.category)?);
            Some((o, d, p.value?))
        })
        .collect();
    ribbons.sort_by_key(|r| (r.0, r.1));
    let mut out_y = tops_l.clone();
    let mut in_y = tops_r.clone();
    let mut arriving: Vec<(usize, usize, f64, f64)> = Vec::new();
    for &(o, d, v) in &ribbons {
        arriving.push((o, d, out_y[o], v));
        out_y[o] += v * scale;
    }
    arriving.sort_by_key(|r| (r.1, r.0));
    for (o, d, y0, v) in arriving {
        let color = style::series_color(if by_destination { d } else { o });
        let x0 = f64::from(x_left + node_w);
        let points = ribbon(x0, y0, f64::from(x_right), in_y[d], v * scale);
        root.draw(&Polygon::new(points, color.mix(0.55).filled()))?;
        in_y[d] += v * scale;
    }
    let line = slot.floor() as i32;
    // Left: the origins, coloured as their ribbons unless one origin feeds them all; right: the
    // destinations, coloured when the ribbons are. Names and totals beside the nodes.
    for (side, tops, x, coloured, name_x, h) in [
        (
            &left,
            &tops_l,
            x_left,
            !by_destination,
            x_left - sz.px(12.0),
            HPos::Right,
        ),
        (
            &right,
            &tops_r,
            x_right,
            by_destination,
            x_right + node_w + sz.px(12.0),
            HPos::Left,
        ),
    ] {
        let mut labels = Vec::new();
        for (i, n) in side.iter().enumerate() {
            let color = if coloured {
                style::series_color(i)
            } else {
                style::TEXT
            };
            let (y0, y1) = (tops[i], tops[i] + (n.2 * scale).max(1.0));
            root.draw(&Rectangle::new(
                [(x, y0.round() as i32), (x + node_w, y1.round() as i32)],
                color.filled(),
            ))?;
            labels.push((((y0 + y1) / 2.0).round() as i32, label(n), style::TEXT));
        }
        spread(&mut labels, line, top + line / 2, bottom - line / 2);
        for (y, text, color) in &labels {
            root.draw(&Text::new(
                text.clone(),
                (name_x, *y),
                text_style(font, false, *color, h, VPos::Center),
            ))?;
        }
    }
    Ok(())
}
