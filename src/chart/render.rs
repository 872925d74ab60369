//! Drawing a [`ChartSpec`] on any plotters backend: the frame every chart shares (title,
//! subtitle, legend, value-axis title, caption and footnotes) and one function per kind.

use std::error::Error as StdError;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::i18n::{decimals_for, t, Numbers};
use super::style::{self, register_fonts, Sizes};
use super::{value_decimals, ChartSpec, Kind};

pub(super) type DrawResult<T = ()> = Result<T, Box<dyn StdError>>;
pub(super) type Area<DB> = DrawingArea<DB, Shift>;
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn font(size: f64, bold: bool) -> FontDesc<'static> {
    FontDesc::new(
        style::family(),
        size,
        if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        },
    )
}

pub(super) fn text_style(
    size: f64,
    bold: bool,
    color: RGBColor,
    h: HPos,
    v: VPos,
) -> TextStyle<'static> {
    TextStyle {
        font: font(size, bold),
        color: color.to_backend_color(),
        pos: Pos::new(h, v),
    }
}

pub(super) fn text_width<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    size: f64,
    bold: bool,
) -> i32 {
    area.estimate_text_size(text, &TextStyle::from(font(size, bold)))
        .map(|(w, _)| w as i32)
        .unwrap_or_else(|_| (text.chars().count() as f64 * size * 0.6) as i32)
}

/// Splits text into lines no wider than `width` pixels.
fn wrap<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    size: f64,
    bold: bool,
    width: i32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(area, &candidate, size, bold) > width {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A legend entry: a filled box for bars, a line with a marker for lines.
struct LegendItem {
    label: String,
    color: RGBColor,
    line: bool,
}

/// Draws the chart on a backend.
pub fn draw<DB: DrawingBackend>(backend: DB, spec: &ChartSpec) -> DrawResult
where
    DB::ErrorType: 'static,
{
    register_fonts();
    let root = backend.into_drawing_area();
    root.fill(&WHITE)?;
    let sz = Sizes::for_canvas(spec.width, spec.height);
    let legend = legend_items(spec);
    let plot = frame(&root, spec, &sz, &legend)?;
    let canvas = Canvas {
        root: &root,
        rect: plot,
        spec,
        sz: &sz,
        numbers: Numbers::new(spec.lang),
        area: sub_area(&root, &plot),
    };
    match spec.kind {
        Kind::Line => canvas.line()?,
        Kind::Bar | Kind::DivergingBar => canvas.hbar()?,
        Kind::GroupedBar => canvas.columns(false)?,
        Kind::StackedBar | Kind::Components => canvas.columns(true)?,
        Kind::SmallMultiples => canvas.small_multiples()?,
        Kind::Slope => canvas.slope()?,
        Kind::Corridors => super::sankey::draw(&canvas)?,
    }
    root.present()?;
    Ok(())
}

fn legend_items(spec: &ChartSpec) -> Vec<LegendItem> {
    let mut items = Vec::new();
    let single_bar = matches!(
        spec.kind,
        Kind::Bar | Kind::DivergingBar | Kind::SmallMultiples | Kind::Corridors
    );
    if !single_bar && !(spec.kind == Kind::Slope) && spec.series.len() > 1
        || spec.kind == Kind::Components
    {
        for (i, s) in spec.series.iter().enumerate() {
            items.push(LegendItem {
                label: s.label.clone(),
                color: if spec.kind == Kind::Components {
                    component_color(&s.key, i)
                } else {
                    style::country_series_color(spec.series.iter().map(|s| s.key.as_str()), i)
                },
                line: spec.kind == Kind::Line,
            });
        }
    }
    if let Some(l) = &spec.line_series {
        items.push(LegendItem {
            label: l.label.clone(),
            color: style::TEXT,
            line: true,
        });
    }
    items
}

/// Title, subtitle, legend, caption and footnotes; returns the rectangle left for the plot
/// (left, top, right, bottom).
fn frame<DB: DrawingBackend>(
    root: &Area<DB>,
    spec: &ChartSpec,
    sz: &Sizes,
    legend: &[LegendItem],
) -> DrawResult<(i32, i32, i32, i32)>
where
    DB::ErrorType: 'static,
{
    let (w, h) = (spec.width as i32, spec.height as i32);
    let m = sz.margin;
    let inner = w - 2 * m;
    let mut y = sz.px(40.0);
    for line in wrap(root, &spec.title, sz.title, true, inner) {
        root.draw(&Text::new(
            line,
            (m, y),
            text_style(sz.title, true, style::TEXT, HPos::Left, VPos::Top),
        ))?;
        y += (sz.title * 1.2) as i32;
    }
    y += sz.px(4.0);
    if !spec.subtitle.is_empty() {
        for line in wrap(root, &spec.subtitle, sz.subtitle, false, inner) {
            root.draw(&Text::new(
                line,
                (m, y),
                text_style(sz.subtitle, false, style::MUTED, HPos::Left, VPos::Top),
            ))?;
            y += (sz.subtitle * 1.25) as i32;
        }
    }
    if !legend.is_empty() {
        y = draw_legend(root, legend, sz, (m, w - m), y + sz.px(14.0))?;
    }
    // Value-axis title, horizontal above the plot (readable without tilting one's head).
    y += sz.px(18.0);
    if matches!(
        spec.kind,
        Kind::Line
            | Kind::GroupedBar
            | Kind::StackedBar
            | Kind::Components
            | Kind::SmallMultiples
            | Kind::Slope
            | Kind::Corridors
    ) {
        root.draw(&Text::new(
            spec.value_title.clone(),
            (m, y),
            text_style(sz.axis_title, true, style::MUTED, HPos::Left, VPos::Top),
        ))?;
        y += (sz.axis_title * 1.5) as i32;
    }
    let top = y;
    // Caption and footnotes from the bottom up.
    let mut notes: Vec<String> = Vec::new();
    for f in &spec.footnotes {
        notes.extend(wrap(root, &format!("* {f}"), sz.caption, false, inner));
    }
    let caption = wrap(root, &spec.caption, sz.caption, false, inner);
    let line_h = (sz.caption * 1.3) as i32;
    let mut yb = h - sz.px(30.0) - line_h * (caption.len() + notes.len()) as i32;
    let bottom = yb - sz.px(24.0);
    root.draw(&PathElement::new(
        vec![(m, yb - sz.px(12.0)), (w - m, yb - sz.px(12.0))],
        style::GRID.stroke_width(2),
    ))?;
    for line in notes {
        root.draw(&Text::new(
            line,
            (m, yb),
            text_style(sz.caption, false, style::TEXT, HPos::Left, VPos::Top),
        ))?;
        yb += line_h;
    }
    for line in caption {
        root.draw(&Text::new(
            line,
            (m, yb),
            text_style(sz.caption, false, style::MUTED, HPos::Left, VPos::Top),
        ))?;
        yb += line_h;
    }
    Ok((m, top, w - m, bottom))
}

/// The legend in rows from `y` between `left` and `right`; returns the y under it.
fn draw_legend<DB: DrawingBackend>(
    root: &Area<DB>,
    legend: &[LegendItem],
    sz: &Sizes,
    (m, right): (i32, i32),
    mut y: i32,
) -> DrawResult<i32>
where
    DB::ErrorType: 'static,
{
    let sw = sz.px(40.0);
    let gap = sz.px(48.0);
    let mut x = m;
    let row_h = (sz.legend * 1.35) as i32;
    for item in legend {
        let lw = text_width(root, &item.label, sz.legend, false);
        if x > m && x + sw + sz.px(12.0) + lw > right {
            x = m;
            y += row_h;
        }
        let cy = y + row_h / 2;
        if item.line {
            root.draw(&PathElement::new(
                vec![(x, cy), (x + sw, cy)],
                item.color.stroke_width(sz.line_width),
            ))?;
            root.draw(&Circle::new(
                (x + sw / 2, cy),
                sz.px(8.0),
                item.color.filled(),
            ))?;
        } else {
            root.draw(&Rectangle::new(
                [(x, cy - sw / 2), (x + sw, cy + sw / 2)],
                item.color.filled(),
            ))?;
        }
        root.draw(&Text::new(
            item.label.clone(),
            (x + sw + sz.px(12.0), cy),
            text_style(sz.legend, false, style::TEXT, HPos::Left, VPos::Center),
        ))?;
        x += sw + sz.px(12.0) + lw + gap;
    }
    y += row_h;
    Ok(y)
}

/// A padded value range; bars always include zero.
fn value_range(values: &[f64], include_zero: bool) -> (f64, f64) {
    let mut lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let mut hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if (hi - lo).abs() < f64::EPSILON {
        let d = if hi == 0.0 { 1.0 } else { hi.abs() * 0.1 };
        return (lo - d, hi + d);
    }
    let pad = (hi - lo) * 0.08;
    let lo = if include_zero && lo == 0.0 {
        0.0
    } else {
        lo - pad
    };
    let hi = if include_zero && hi == 0.0 {
        0.0
    } else {
        hi + pad
    };
    (lo, hi)
}

fn all_values(spec: &ChartSpec) -> Vec<f64> {
    spec.points.iter().filter_map(|p| p.value).collect()
}

/// Width of the tick labels of a value axis.
fn tick_label_width<DB: DrawingBackend>(
    root: &Area<DB>,
    numbers: &Numbers,
    range: (f64, f64),
    sz: &Sizes,
) -> i32 {
    let decimals = decimals_for((range.1 - range.0) / 8.0);
    let w = [range.0, range.1]
        .iter()
        .map(|v| text_width(root, &numbers.format(*v, decimals), sz.tick, false))
        .max()
        .unwrap_or(0);
    w + sz.px(28.0)
}

/// Builds a chart with a vertical value axis and a category (or year) horizontal axis.
#[allow(clippy::too_many_arguments)]
fn vertical_chart<'a, DB: DrawingBackend>(
    area: &'a Area<DB>,
    x: (f64, f64),
    y: (f64, f64),
    y_label_width: i32,
    x_label_height: i32,
    sz: &Sizes,
    numbers: &Numbers,
    y_ticks: usize,
) -> DrawResult<Chart<'a, DB>>
where
    DB::ErrorType: 'static,
{
    let mut chart = ChartBuilder::on(area)
        .margin_right(sz.px(20.0))
        .margin_top(sz.px(10.0))
        .x_label_area_size(x_label_height)
        .y_label_area_size(y_label_width)
        .build_cartesian_2d(x.0..x.1, y.0..y.1)?;
    let decimals = decimals_for((y.1 - y.0) / 8.0);
    let fmt = |v: &f64| numbers.format(*v, decimals);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(y_ticks)
        .max_light_lines(0)
        .bold_line_style(style::GRID.stroke_width(1))
        .axis_style(style::AXIS.stroke_width(2))
        .label_style(font(sz.tick, false).color(&style::TEXT))
        .y_label_formatter(&fmt)
        .draw()?;
    Ok(chart)
}

fn zero_line<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    x: (f64, f64),
    y: (f64, f64),
    sz: &Sizes,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    if y.0 < 0.0 && y.1 > 0.0 {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x.0, 0.0), (x.1, 0.0)],
            style::TEXT.stroke_width(sz.px(3.0).max(1) as u32),
        )))?;
    }
    Ok(())
}

/// Category labels under a horizontal axis (every k-th when they would collide), then the axis
/// title under them.
#[allow(clippy::too_many_arguments)]
fn category_labels<DB: DrawingBackend>(
    root: &Area<DB>,
    chart: &Chart<'_, DB>,
    positions: &[(f64, String)],
    y_bottom: f64,
    title: &str,
    sz: &Sizes,
    area_bottom: i32,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let widest = positions
        .iter()
        .map(|(_, l)| text_width(root, l, sz.tick, false))
        .max()
        .unwrap_or(0);
    let spacing = if positions.len() > 1 {
        let a = chart.backend_coord(&(positions[0].0, y_bottom)).0;
        let b = chart.backend_coord(&(positions[1].0, y_bottom)).0;
        (b - a).abs().max(1)
    } else {
        i32::MAX
    };
    let step = ((widest + sz.px(16.0)) / spacing + 1).max(1) as usize;
    let last = positions.len().saturating_sub(1);
    for (i, (x, label)) in positions.iter().enumerate() {
        if i % step != 0 && i != last {
            continue;
        }
        if i == last && i % step != 0 && step > 1 && last - (last / step) * step < step / 2 + 1 {
            continue;
        }
        let (px, py) = chart.backend_coord(&(*x, y_bottom));
        root.draw(&Text::new(
            label.clone(),
            (px, py + sz.px(12.0)),
            text_style(sz.tick, false, style::TEXT, HPos::Center, VPos::Top),
        ))?;
    }
    if !title.is_empty() {
        let (left, _) = chart.backend_coord(&(chart.x_range().start, y_bottom));
        let (right, _) = chart.backend_coord(&(chart.x_range().end, y_bottom));
        axis_title(root, sz, title, (left + right) / 2, area_bottom)?;
    }
    Ok(())
}

fn sub_area<DB: DrawingBackend>(root: &Area<DB>, rect: &(i32, i32, i32, i32)) -> Area<DB> {
    let (l, t, r, b) = *rect;
    root.clone()
        .shrink((l, t), ((r - l).max(10) as u32, (b - t).max(10) as u32))
}

fn series_years(spec: &ChartSpec) -> Vec<(String, f64)> {
    match &spec.category_years {
        Some(years) => spec
            .categories
            .iter()
            .zip(years)
            .map(|(c, y)| (c.key.clone(), f64::from(*y)))
            .collect(),
        None => spec
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.key.clone(), i as f64))
            .collect(),
    }
}

/// Shades the projection years from `start` (an x coordinate) to the right end of the plot.
fn shade_projection<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    start: Option<f64>,
    x: (f64, f64),
    y: (f64, f64),
    sz: &Sizes,
    label: &str,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let Some(start) = start else {
        return Ok(());
    };
    let start = start.max(x.0);
    chart.draw_series(std::iter::once(Rectangle::new(
        [(start, y.0), (x.1, y.1)],
        style::SHADE.filled(),
    )))?;
    // The word goes in the shade when it fits; the footnote explains the shade anyway.
    let room = chart.backend_coord(&(x.1, y.1)).0 - chart.backend_coord(&(start, y.1)).0;
    let needed = chart
        .plotting_area()
        .estimate_text_size(label, &TextStyle::from(font(sz.value_label, false)))
        .map_or(i32::MAX, |(w, _)| w as i32 + sz.px(20.0));
    if !label.is_empty() && needed <= room {
        chart.draw_series(std::iter::once(
            EmptyElement::at((start, y.1))
                + Text::new(
                    label.to_string(),
                    (sz.px(10.0), sz.px(8.0)),
                    text_style(sz.value_label, false, style::MUTED, HPos::Left, VPos::Top),
                ),
        ))?;
    }
    Ok(())
}

/// Where the shading starts on a year axis: half a year before the first projection year.
fn projection_start_year(spec: &ChartSpec) -> Option<f64> {
    spec.projection_years().first().map(|y| f64::from(*y) - 0.5)
}

/// Where the shading starts on a category axis (categories at 0, 1, 2...).
fn projection_start_index(spec: &ChartSpec) -> Option<f64> {
    let first = *spec.projection_years().first()?;
    let years = spec.category_years.as_ref()?;
    years
        .iter()
        .position(|y| *y == first)
        .map(|i| i as f64 - 0.5)
}

/// The first and last year drawn (at least one year apart; 0..1 when there are none).
fn year_extent(xs: &[(String, f64)]) -> (f64, f64) {
    let xmin = xs.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let xmax = xs.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    if xmin.is_finite() {
        (xmin, xmax.max(xmin + 1.0))
    } else {
        (0.0, 1.0)
    }
}

/// One series as line segments (broken at missing values) with markers.
fn draw_polyline<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    spec: &ChartSpec,
    series: &str,
    xs: &[(String, f64)],
    color: RGBColor,
    sz: &Sizes,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let mut segments: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (key, x) in xs {
        match spec.value(series, key).and_then(|p| p.value) {
            Some(v) => {
                if let Some(seg) = segments.last_mut() {
                    seg.push((*x, v));
                }
            }
            None => segments.push(Vec::new()),
        }
    }
    let radius = if xs.len() > 24 {
        0
    } else if xs.len() > 12 {
        sz.px(5.0)
    } else {
        sz.px(8.0)
    };
    for seg in segments.into_iter().filter(|s| !s.is_empty()) {
        chart.draw_series(std::iter::once(PathElement::new(
            seg.clone(),
            color.stroke_width(sz.line_width),
        )))?;
        if radius > 0 {
            chart.draw_series(
                seg.into_iter()
                    .map(|p| Circle::new(p, radius, color.filled())),
            )?;
        }
    }
    Ok(())
}

/// The title under a horizontal axis, centred at `x`, its bottom at `bottom`.
fn axis_title<DB: DrawingBackend>(
    root: &Area<DB>,
    sz: &Sizes,
    title: &str,
    x: i32,
    bottom: i32,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    root.draw(&Text::new(
        title.to_string(),
        (x, bottom),
        text_style(
            sz.axis_title,
            true,
            style::MUTED,
            HPos::Center,
            VPos::Bottom,
        ),
    ))?;
    Ok(())
}

/// Black or white text, whichever reads better on a fill.
fn label_color(fill: RGBColor) -> RGBColor {
    let RGBColor(r, g, b) = fill;
    let luminance = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
    if luminance > 140.0 {
        style::TEXT
    } else {
        WHITE
    }
}

fn component_color(key: &str, i: usize) -> RGBColor {
    match key {
        "natural_increase" => style::SERIES[2],
        "net_migration_residual" | "net_migrants" => style::SERIES[1],
        _ => style::series_color(i),
    }
}

/// Moves labels (pixel y, text, colour) apart by at least `gap`, keeping them between `top`
/// and `bottom` where there is room.
pub(super) fn spread(labels: &mut [(i32, String, RGBColor)], gap: i32, top: i32, bottom: i32) {
    labels.sort_by_key(|l| l.0);
    for i in 1..labels.len() {
        if labels[i].0 - labels[i - 1].0 < gap {
            labels[i].0 = labels[i - 1].0 + gap;
        }
    }
    if let Some(last) = labels.last() {
        let overflow = last.0 - bottom;
        if overflow > 0 {
            let n = labels.len();
            labels[n - 1].0 = bottom;
            for i in (0..n - 1).rev() {
                if labels[i + 1].0 - labels[i].0 < gap {
                    labels[i].0 = labels[i + 1].0 - gap;
                }
            }
        }
    }
    if let Some(first) = labels.first() {
        if first.0 < top {
            let shift = top - first.0;
            for l in labels.iter_mut() {
                l.0 += shift;
            }
        }
    }
}

/// [`Canvas::parts`]: the root area, the plot rectangle, the spec, the sizes, the number format.
pub(super) type Parts<'a, DB> = (
    &'a Area<DB>,
    &'a (i32, i32, i32, i32),
    &'a ChartSpec,
    &'a Sizes,
    &'a Numbers,
);

/// What every kind's drawing needs: the root area, the plot rectangle left by the frame, the
/// spec, the type sizes and the chart language's number format.
pub(super) struct Canvas<'a, DB: DrawingBackend> {
    pub(super) root: &'a Area<DB>,
    pub(super) rect: (i32, i32, i32, i32),
    pub(super) spec: &'a ChartSpec,
    pub(super) sz: &'a Sizes,
    pub(super) numbers: Numbers,
    /// The plot rectangle as a drawing area of its own.
    pub(super) area: Area<DB>,
}

/// One function per kind.
impl<DB: DrawingBackend> Canvas<'_, DB>
where
    DB::ErrorType: 'static,
{
    /// The root area, the plot rectangle, the spec, the sizes and the number format.
    pub(super) fn parts(&self) -> Parts<'_, DB> {
        (self.root, &self.rect, self.spec, self.sz, &self.numbers)
    }

    /// The plot with a vertical value axis over `y` and a horizontal axis over `x`, room for the
    /// tick labels and the axis title, the projection years shaded from `projection` on.
    fn value_chart(
        &self,
        x: (f64, f64),
        y: (f64, f64),
        projection: Option<f64>,
    ) -> DrawResult<Chart<'_, DB>> {
        let (root, _, spec, sz, numbers) = self.parts();
        let ylw = tick_label_width(root, numbers, y, sz);
        let xlh = (sz.tick * 1.6 + sz.axis_title * 1.6) as i32;
        let mut chart = vertical_chart(&self.area, x, y, ylw, xlh, sz, numbers, 7)?;
        shade_projection(&mut chart, projection, x, y, sz, t("projection", spec.lang))?;
        Ok(chart)
    }

    fn line(&self) -> DrawResult {
        let (root, rect, spec, sz, _) = self.parts();
        let xs = series_years(spec);
        let (xmin, xmax) = year_extent(&xs);
        let pad = (xmax - xmin) * 0.03 + 0.2;
        let x = (xmin - pad, xmax + pad);
        // Counts, shares and rates start at zero; net figures show zero as a line.
        let y = value_range(&all_values(spec), true);
        let mut chart = self.value_chart(x, y, projection_start_year(spec))?;
        zero_line(&mut chart, x, y, sz)?;
        for (i, s) in spec.series.iter().enumerate() {
            let color = style::country_series_color(spec.series.iter().map(|s| s.key.as_str()), i);
            draw_polyline(&mut chart, spec, &s.key, &xs, color, sz)?;
        }
        let labels: Vec<(f64, String)> = xs
            .iter()
            .zip(&spec.categories)
            .map(|((_, x), c)| (*x, c.label.clone()))
            .collect();
        category_labels(root, &chart, &labels, y.0, &spec.category_title, sz, rect.3)?;
        Ok(())
    }

    /// Ranked horizontal bars (bar) or zero-centred net bars (diverging-bar), with value labels.
    // Long on purpose: one plotters chart context from axes to labels; split, each part would take
    // the context and the same half-dozen layout values.
    fn hbar(&self) -> DrawResult {
        let (root, rect, spec, sz, numbers) = self.parts();
        let decimals = value_decimals(spec);
        // One bar per category (the first series).
        let series = spec
            .series
            .first()
            .map(|s| s.key.clone())
            .unwrap_or_default();
        let bars: Vec<(String, Option<f64>, Option<f64>)> = spec
            .categories
            .iter()
            .map(|c| {
                let p = spec.value(&series, &c.key);
                (
                    c.label.clone(),
                    p.and_then(|p| p.value),
                    p.and_then(|p| p.share),
                )
            })
            .collect();
        let bar_label = |v: f64, share: Option<f64>| match share {
            // CLDR percent patterns: "28%" in English and Azerbaijani, "28 %" in Russian.
            Some(s) => format!(
                "{}  ({}{}%)",
                numbers.format(v, decimals),
                numbers.format(s, 1),
                if spec.lang == crate::Lang::Ru {
                    "\u{a0}"
                } else {
                    ""
                }
            ),
            None => numbers.format(v, decimals),
        };
        let n = bars.len().max(1) as f64;
        let values: Vec<f64> = bars.iter().filter_map(|b| b.1).collect();
        let (mut lo, mut hi) = value_range(&values, true);
        // Room for the value labels beyond the bar ends.
        let label_w = bars
            .iter()
            .filter_map(|b| b.1.map(|v| bar_label(v, b.2)))
            .map(|l| text_width(root, &l, sz.value_label, false))
            .max()
            .unwrap_or(0);
        let area = sub_area(root, rect);
        let name_w = bars
            .iter()
            .map(|b| text_width(root, &b.0, sz.tick, false))
            .max()
            .unwrap_or(0)
            + sz.px(24.0);
        let plot_w = f64::from((rect.2 - rect.0 - name_w).max(100));
        let frac = f64::from(label_w + sz.px(24.0)) / plot_w;
        let span = hi - lo;
        if hi > 0.0 {
            hi += span * frac;
        }
        if lo < 0.0 {
            lo -= span * frac;
        }
        let xlh = (sz.tick * 1.6 + sz.axis_title * 1.6) as i32;
        let mut chart = ChartBuilder::on(&area)
            .margin_right(sz.px(20.0))
            .margin_top(sz.px(10.0))
            .x_label_area_size(xlh)
            .y_label_area_size(name_w)
            .build_cartesian_2d(lo..hi, 0.0..n)?;
        let tick_dec = decimals_for((hi - lo) / 8.0);
        let fmt = |v: &f64| numbers.format(*v, tick_dec);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(6)
            .max_light_lines(0)
            .bold_line_style(style::GRID.stroke_width(1))
            .axis_style(style::AXIS.stroke_width(2))
            .label_style(font(sz.tick, false).color(&style::TEXT))
            .x_label_formatter(&fmt)
            .draw()?;
        let diverging = spec.kind == Kind::DivergingBar || spec.net;
        for (i, (label, value, share)) in bars.iter().enumerate() {
            // Rank 1 at the top.
            let top = n - i as f64;
            let (y0, y1) = (top - 0.82, top - 0.18);
            let mid = top - 0.5;
            if let Some(v) = value {
                let color = if diverging {
                    if *v < 0.0 {
                        style::NEGATIVE
                    } else {
                        style::POSITIVE
                    }
                } else {
                    style::series_color(0)
                };
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y0), (*v, y1)],
                    color.filled(),
                )))?;
                let (h, dx) = if *v < 0.0 {
                    (HPos::Right, -sz.px(12.0))
                } else {
                    (HPos::Left, sz.px(12.0))
                };
                chart.draw_series(std::iter::once(
                    EmptyElement::at((*v, mid))
                        + Text::new(
                            bar_label(*v, *share),
                            (dx, 0),
                            text_style(sz.value_label, false, style::TEXT, h, VPos::Center),
                        ),
                ))?;
            }
            let (px, py) = chart.backend_coord(&(lo, mid));
            root.draw(&Text::new(
                label.clone(),
                (px - sz.px(14.0), py),
                text_style(sz.tick, false, style::TEXT, HPos::Right, VPos::Center),
            ))?;
        }
        if lo < 0.0 && hi > 0.0 {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, n)],
                style::TEXT.stroke_width(sz.px(3.0).max(1) as u32),
            )))?;
        }
        let (left, bottom) = chart.backend_coord(&(lo, 0.0));
        let (right, _) = chart.backend_coord(&(hi, 0.0));
        let _ = bottom;
        axis_title(root, sz, &spec.value_title, (left + right) / 2, rect.3)?;
        Ok(())
    }

    /// Vertical bars per category: side by side (grouped-bar) or stacked (stacked-bar, components:
    /// positive parts up from zero, negative parts down), with the line series on top.
    // Long on purpose: one plotters chart context from axes to labels; split, each part would take
    // the context and the same half-dozen layout values.
    fn columns(&self, stacked: bool) -> DrawResult {
        let (root, rect, spec, sz, numbers) = self.parts();
        let decimals = value_decimals(spec);
        let n = spec.categories.len().max(1);
        let ns = spec.series.len().max(1);
        let x = (-0.5, n as f64 - 0.5);
        // Range: stacked sums (positive and negative separately) or single values, and the line.
        let mut values: Vec<f64> = Vec::new();
        for c in &spec.categories {
            let parts: Vec<f64> = spec
                .series
                .iter()
                .filter_map(|s| spec.value(&s.key, &c.key).and_then(|p| p.value))
                .collect();
            if stacked {
                values.push(parts.iter().filter(|v| **v > 0.0).sum());
                values.push(parts.iter().filter(|v| **v < 0.0).sum());
            } else {
                values.extend(parts);
            }
            if let Some(l) = &spec.line_series {
                if let Some(v) = spec.value(&l.key, &c.key).and_then(|p| p.value) {
                    values.push(v);
                }
            }
        }
        let (mut lo, mut hi) = value_range(&values, true);
        let span = hi - lo;
        // Room for value labels.
        if hi > 0.0 {
            hi += span * 0.06;
        }
        if lo < 0.0 {
            lo -= span * 0.06;
        }
        let y = (lo, hi);
        let mut chart = self.value_chart(x, y, projection_start_index(spec))?;
        let group_w = 0.8;
        let bar_w = if stacked { 0.6 } else { group_w / ns as f64 };
        let n_bars = if stacked { n } else { n * ns };
        let bar_px = {
            let a = chart.backend_coord(&(0.0, 0.0)).0;
            let b = chart.backend_coord(&(bar_w, 0.0)).0;
            (b - a).abs()
        };
        let mut labels_fit = n_bars <= 40;
        for (ci, c) in spec.categories.iter().enumerate() {
            let (mut up, mut down) = (0.0f64, 0.0f64);
            for (si, s) in spec.series.iter().enumerate() {
                let Some(v) = spec.value(&s.key, &c.key).and_then(|p| p.value) else {
                    continue;
                };
                let color = if spec.kind == Kind::Components {
                    component_color(&s.key, si)
                } else {
                    style::country_series_color(spec.series.iter().map(|s| s.key.as_str()), si)
                };
                let (x0, x1, base) = if stacked {
                    let base = if v >= 0.0 { up } else { down };
                    (ci as f64 - bar_w / 2.0, ci as f64 + bar_w / 2.0, base)
                } else {
                    let x0 = ci as f64 - group_w / 2.0 + si as f64 * bar_w;
                    (x0 + bar_w * 0.06, x0 + bar_w * 0.94, 0.0)
                };
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x0, base), (x1, base + v)],
                    color.filled(),
                )))?;
                if stacked {
                    // The value inside the segment when it is tall and wide enough.
                    let text = numbers.format(v, decimals);
                    let (_, ya) = chart.backend_coord(&(x0, base));
                    let (_, yb) = chart.backend_coord(&(x0, base + v));
                    let tw = text_width(root, &text, sz.value_label, false);
                    if f64::from((ya - yb).abs()) > sz.value_label * 1.3
                        && tw < bar_px - sz.px(8.0)
                        && spec.kind != Kind::Components
                    {
                        chart.draw_series(std::iter::once(
                            EmptyElement::at(((x0 + x1) / 2.0, base + v / 2.0))
                                + Text::new(
                                    text,
                                    (0, 0),
                                    text_style(
                                        sz.value_label,
                                        false,
                                        label_color(color),
                                        HPos::Center,
                                        VPos::Center,
                                    ),
                                ),
                        ))?;
                    }
                    if v >= 0.0 {
                        up += v;
                    } else {
                        down += v;
                    }
                } else if labels_fit {
                    let text = numbers.format(v, decimals);
                    let tw = text_width(root, &text, sz.value_label, false);
                    if tw > bar_px + sz.px(30.0) && ns > 1 {
                        labels_fit = false;
                        continue;
                    }
                    let (vpos, dy) = if v < 0.0 {
                        (VPos::Top, sz.px(8.0))
                    } else {
                        (VPos::Bottom, -sz.px(8.0))
                    };
                    chart.draw_series(std::iter::once(
                        EmptyElement::at(((x0 + x1) / 2.0, v))
                            + Text::new(
                                text,
                                (0, dy),
                                text_style(sz.value_label, false, style::TEXT, HPos::Center, vpos),
                            ),
                    ))?;
                }
            }
        }
        if stacked && spec.kind == Kind::StackedBar {
            self.stack_totals(&mut chart, decimals)?;
        }
        zero_line(&mut chart, x, y, sz)?;
        if let Some(l) = &spec.line_series {
            self.line_over_columns(&mut chart, &l.key, decimals)?;
        }
        let labels: Vec<(f64, String)> = spec
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| (i as f64, c.label.clone()))
            .collect();
        category_labels(root, &chart, &labels, y.0, &spec.category_title, sz, rect.3)?;
        Ok(())
    }

    /// Totals above stacked bars, when every part is there.
    fn stack_totals(&self, chart: &mut Chart<'_, DB>, decimals: u8) -> DrawResult {
        let (_, _, spec, sz, numbers) = self.parts();
        for (ci, c) in spec.categories.iter().enumerate() {
            let parts: Vec<Option<f64>> = spec
                .series
                .iter()
                .filter_map(|s| spec.value(&s.key, &c.key).map(|p| p.value))
                .collect();
            if parts.is_empty() || parts.iter().any(Option::is_none) {
                continue;
            }
            let up: f64 = parts.iter().flatten().filter(|v| **v > 0.0).sum();
            if up > 0.0 {
                chart.draw_series(std::iter::once(
                    EmptyElement::at((ci as f64, up))
                        + Text::new(
                            numbers.format(up, decimals),
                            (0, -sz.px(8.0)),
                            text_style(
                                sz.value_label,
                                true,
                                style::TEXT,
                                HPos::Center,
                                VPos::Bottom,
                            ),
                        ),
                ))?;
            }
        }
        Ok(())
    }

    /// The line series over the columns (components: population change), with its values:
    /// every value when there are few, else the first, the last, the lowest and the highest.
    fn line_over_columns(&self, chart: &mut Chart<'_, DB>, line: &str, decimals: u8) -> DrawResult {
        let (root, _, spec, sz, numbers) = self.parts();
        let xs: Vec<(String, f64)> = spec
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.key.clone(), i as f64))
            .collect();
        draw_polyline(chart, spec, line, &xs, style::TEXT, sz)?;
        // Every value when there are few; else the first, the last, the lowest and the highest.
        let values: Vec<(usize, f64)> = xs
            .iter()
            .enumerate()
            .filter_map(|(i, (key, _))| spec.value(line, key).and_then(|p| p.value).map(|v| (i, v)))
            .collect();
        let extremes: Vec<usize> = [
            values.first().map(|v| v.0),
            values.last().map(|v| v.0),
            values
                .iter()
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|v| v.0),
            values
                .iter()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|v| v.0),
        ]
        .into_iter()
        .flatten()
        .collect();
        for (i, (key, xi)) in xs.iter().enumerate() {
            if xs.len() > 8 && !extremes.contains(&i) {
                continue;
            }
            if let Some(v) = spec.value(line, key).and_then(|p| p.value) {
                // Above the point for gains, below for losses.
                let text = numbers.format(v, decimals);
                let (px, py) = chart.backend_coord(&(*xi, v));
                let (vpos, dy) = if v < 0.0 {
                    (VPos::Top, sz.px(16.0))
                } else {
                    (VPos::Bottom, -sz.px(16.0))
                };
                root.draw(&Text::new(
                    text,
                    (px, py + dy),
                    text_style(sz.value_label, true, style::TEXT, HPos::Center, vpos),
                ))?;
            }
        }
        Ok(())
    }

    /// One panel per series on shared axes.
    fn small_multiples(&self) -> DrawResult {
        let (root, rect, spec, sz, numbers) = self.parts();
        let k = spec.series.len().max(1);
        let cols = match k {
            0..=3 => k,
            4 => 2,
            5 | 6 | 9 => 3,
            7 | 8 | 10..=12 => 4,
            _ => 5,
        };
        let rows = k.div_ceil(cols);
        let xs = series_years(spec);
        let (xmin, xmax) = year_extent(&xs);
        let pad = (xmax - xmin) * 0.04 + 0.2;
        let x = (xmin - pad, xmax + pad);
        let y = value_range(&all_values(spec), true);
        let (l, t, r, b) = *rect;
        // Leave room for the shared category-axis title.
        let b = b - (sz.axis_title * 1.4) as i32;
        let cell_w = (r - l) / cols as i32;
        let cell_h = (b - t) / rows as i32;
        let small = Sizes {
            tick: sz.tick * 0.85,
            value_label: sz.value_label * 0.85,
            line_width: (sz.line_width * 2 / 3).max(2),
            ..*sz
        };
        for (i, s) in spec.series.iter().enumerate() {
            let (ri, ci) = (i / cols, i % cols);
            let cell = (
                l + ci as i32 * cell_w,
                t + ri as i32 * cell_h,
                l + (ci as i32 + 1) * cell_w - sz.px(20.0),
                t + (ri as i32 + 1) * cell_h - sz.px(10.0),
            );
            root.draw(&Text::new(
                s.label.clone(),
                (cell.0 + sz.px(10.0), cell.1),
                text_style(sz.legend * 0.9, true, style::TEXT, HPos::Left, VPos::Top),
            ))?;
            let inner = (cell.0, cell.1 + (sz.legend * 1.4) as i32, cell.2, cell.3);
            let area = sub_area(root, &inner);
            let ylw = tick_label_width(root, numbers, y, &small);
            let xlh = (small.tick * 1.6) as i32;
            let mut chart = vertical_chart(&area, x, y, ylw, xlh, &small, numbers, 4)?;
            shade_projection(&mut chart, projection_start_year(spec), x, y, &small, "")?;
            zero_line(&mut chart, x, y, &small)?;
            draw_polyline(
                &mut chart,
                spec,
                &s.key,
                &xs,
                style::series_color(0),
                &small,
            )?;
            // First and last year only: the panels share the axis.
            let labels: Vec<(f64, String)> = xs
                .iter()
                .zip(&spec.categories)
                .enumerate()
                .filter(|(j, _)| *j == 0 || *j + 1 == xs.len())
                .map(|(_, ((_, x), c))| (*x, c.label.clone()))
                .collect();
            category_labels(root, &chart, &labels, y.0, "", &small, inner.3)?;
        }
        axis_title(root, sz, &spec.category_title, (l + r) / 2, rect.3)?;
        Ok(())
    }

    /// Two years per series joined by a line, labelled at both ends (labels pushed apart).
    fn slope(&self) -> DrawResult {
        let (root, rect, spec, sz, numbers) = self.parts();
        let decimals = value_decimals(spec);
        let (Some(first), Some(last)) = (spec.categories.first(), spec.categories.last()) else {
            return Ok(());
        };
        let y = value_range(&all_values(spec), spec.net);
        let area = sub_area(root, rect);
        let label_w = spec
            .series
            .iter()
            .map(|s| text_width(root, &s.label, sz.legend, false))
            .max()
            .unwrap_or(0)
            + text_width(root, "  -000,000,000", sz.legend, false)
            + sz.px(40.0);
        let ylw = tick_label_width(root, numbers, y, sz);
        // The data run from x = 0 to 1; the sides hold the labels.
        let plot_w = f64::from((rect.2 - rect.0 - ylw - sz.px(20.0)).max(200));
        let f = (f64::from(label_w) / plot_w).min(0.4);
        let side = f / (1.0 - 2.0 * f);
        let x = (-side, 1.0 + side);
        let xlh = sz.px(10.0);
        let mut chart = vertical_chart(&area, x, y, ylw, xlh, sz, numbers, 7)?;
        zero_line(&mut chart, x, y, sz)?;
        let mut left_labels: Vec<(i32, String, RGBColor)> = Vec::new();
        let mut right_labels: Vec<(i32, String, RGBColor)> = Vec::new();
        for (i, s) in spec.series.iter().enumerate() {
            let color = style::country_series_color(spec.series.iter().map(|s| s.key.as_str()), i);
            let a = spec.value(&s.key, &first.key).and_then(|p| p.value);
            let b = spec.value(&s.key, &last.key).and_then(|p| p.value);
            if let (Some(a), Some(b)) = (a, b) {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(0.0, a), (1.0, b)],
                    color.stroke_width(sz.line_width),
                )))?;
            }
            for (xv, v, list) in [(0.0, a, &mut left_labels), (1.0, b, &mut right_labels)] {
                if let Some(v) = v {
                    chart.draw_series(std::iter::once(Circle::new(
                        (xv, v),
                        sz.px(9.0),
                        color.filled(),
                    )))?;
                    let py = chart.backend_coord(&(xv, v)).1;
                    let text = if xv == 0.0 {
                        format!("{}  {}", s.label, numbers.format(v, decimals))
                    } else {
                        format!("{}  {}", numbers.format(v, decimals), s.label)
                    };
                    list.push((py, text, color));
                }
            }
        }
        let (top_px, bottom_px) = (
            chart.backend_coord(&(0.0, y.1)).1,
            chart.backend_coord(&(0.0, y.0)).1,
        );
        let most = left_labels.len().max(right_labels.len()).max(1) as f64;
        // Smaller labels when many would not fit the height.
        let label_size = (sz.legend).min(f64::from(bottom_px - top_px) / most / 1.15);
        let gap = (label_size * 1.15) as i32;
        for (labels, xv, h, dx) in [
            (&mut left_labels, 0.0, HPos::Right, -sz.px(22.0)),
            (&mut right_labels, 1.0, HPos::Left, sz.px(22.0)),
        ] {
            spread(labels, gap, top_px, bottom_px);
            let px = chart.backend_coord(&(xv, y.0)).0;
            for (py, text, color) in labels.iter() {
                root.draw(&Text::new(
                    text.clone(),
                    (px + dx, *py),
                    text_style(label_size, false, *color, h, VPos::Center),
                ))?;
            }
        }
        for (xv, c) in [(0.0, first), (1.0, last)] {
            let (px, _) = chart.backend_coord(&(xv, y.0));
            root.draw(&Text::new(
                c.label.clone(),
                (px, rect.1 - sz.px(6.0)),
                text_style(sz.axis_title, true, style::TEXT, HPos::Center, VPos::Bottom),
            ))?;
        }
        Ok(())
    }
}
