//! Charts for slides on plotters (`miglab chart`): PNG and SVG, in English, Azerbaijani or
//! Russian, with the source, edition and definition under every chart.
//!
//! A [`ChartSpec`] holds everything a chart shows: the points (series × category), the localized
//! words, and the caption and footnotes. [`render_png`] and [`render_svg`] draw it (see
//! [`render`]); [`data_csv`] and [`alt_text`] give the data and the short description written
//! beside every chart.
//!
//! A [`ChartRequest`] says what to draw: a kind, data (a [`MeasureRequest`] or a tidy CSV), the
//! language, size and file. [`draw`] answers it: the rows (the measure engine, or
//! [`tidy_csv`]), the spec ([`spec`]: series, categories and words) and the image with its
//! data and alt-text sidecars ([`sidecar_paths`]), written staged.
//!
//! [`MeasureRequest`]: crate::request::MeasureRequest

pub mod i18n;
pub mod render;
pub mod request;
mod sankey;
pub mod spec;
pub mod style;
pub mod tidy_csv;
mod words;

use std::path::Path;

pub use request::{draw, sidecar_paths, ChartData, ChartRequest, DrawnChart, TidyCsv};

use crate::error::{Error, Result};
use crate::output::plain_number;
use crate::{Lang, Text};

/// The kinds of chart ([`Kind::about`] describes each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Line,
    Bar,
    GroupedBar,
    StackedBar,
    DivergingBar,
    Components,
    SmallMultiples,
    Slope,
    Corridors,
}

/// What the command line and the alt-text say of a kind: its name, a help line, and "line
/// chart" in the three languages. One table, so that a new kind is described in one place.
struct KindWords {
    name: &'static str,
    about: &'static str,
    describe: Text,
}

impl Kind {
    /// Every kind, in the order of `--help`.
    pub const ALL: [Kind; 9] = [
        Kind::Line,
        Kind::Bar,
        Kind::GroupedBar,
        Kind::StackedBar,
        Kind::DivergingBar,
        Kind::Components,
        Kind::SmallMultiples,
        Kind::Slope,
        Kind::Corridors,
    ];

    fn words(self) -> KindWords {
        let (name, about, describe) = match self {
            Kind::Line => (
                "line",
                "Time series, one line per country (zero line for net figures, shaded projection years)",
                Text::new("Line chart", "Xətti qrafik", "Линейный график"),
            ),
            Kind::Bar => (
                "bar",
                "Ranked horizontal bars with value labels (e.g. top destinations)",
                Text::new(
                    "Horizontal bar chart",
                    "Üfüqi sütunlu diaqram",
                    "Горизонтальная столбчатая диаграмма",
                ),
            ),
            Kind::GroupedBar => (
                "grouped-bar",
                "Periods or years side by side, one bar per country in each",
                Text::new(
                    "Grouped bar chart",
                    "Qruplaşdırılmış sütunlu diaqram",
                    "Сгруппированная столбчатая диаграмма",
                ),
            ),
            Kind::StackedBar => (
                "stacked-bar",
                "Composition: destinations, sexes or countries stacked",
                Text::new(
                    "Stacked bar chart",
                    "Yığılmış sütunlu diaqram",
                    "Столбчатая диаграмма с накоплением",
                ),
            ),
            Kind::DivergingBar => (
                "diverging-bar",
                "Net figures by country, zero-centred, in a diverging palette",
                Text::new(
                    "Diverging bar chart",
                    "İkitərəfli sütunlu diaqram",
                    "Двусторонняя столбчатая диаграмма",
                ),
            ),
            Kind::Components => (
                "components",
                "The balancing equation: natural increase and net migration stacked, population change as a line",
                Text::new(
                    "Stacked bar chart of the components of population change with a line for the total",
                    "Əhali artımının komponentlərinin yığılmış sütunlu diaqramı və ümumi artımın xətti",
                    "Столбчатая диаграмма компонентов изменения численности населения с линией общего изменения",
                ),
            ),
            Kind::SmallMultiples => (
                "small-multiples",
                "One panel per country on shared axes",
                Text::new(
                    "Small multiples, one line chart per country",
                    "Hər ölkə üçün ayrıca xətti qrafik",
                    "Набор малых графиков, по одному на страну",
                ),
            ),
            Kind::Slope => (
                "slope",
                "Two years per country joined by a line",
                Text::new("Slope chart", "Meyl qrafiki", "Наклонный график"),
            ),
            Kind::Corridors => (
                "corridors",
                "The largest estimated flows (measure flows) as ribbons from origins to destinations, Sankey-style",
                Text::new(
                    "Sankey-style chart of the largest corridors, ribbons from origins on the left to destinations on the right, widths in proportion to the flow",
                    "Ən böyük dəhlizlərin Sankey tipli diaqramı: soldakı mənşə ölkələrindən sağdakı təyinat ölkələrinə axınla mütənasib enli zolaqlar",
                    "Диаграмма Санки крупнейших коридоров: ленты от стран выбытия слева к странам прибытия справа, ширина пропорциональна потоку",
                ),
            ),
        };
        KindWords {
            name,
            about,
            describe,
        }
    }

    /// What the chart shows, for help texts.
    pub fn about(self) -> &'static str {
        self.words().about
    }

    pub fn name(self) -> &'static str {
        self.words().name
    }

    /// "Line chart" in the chart's language (for the alt-text).
    pub fn describe(self, lang: Lang) -> &'static str {
        self.words().describe.get(lang)
    }
}

/// One value on a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Key of the series (colour): a country code, a sex, a component...
    pub series: String,
    /// Key of the category (position): a year, a period, a partner country...
    pub category: String,
    /// The value; `None` is missing (left out, never drawn as 0).
    pub value: Option<f64>,
    pub projection: bool,
    pub imputed: bool,
    /// Share of the total in % (top destinations), shown beside the value.
    pub share: Option<f64>,
}

/// A key with its label in the chart's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub key: String,
    pub label: String,
}

impl Label {
    pub fn new(key: &str, label: &str) -> Label {
        Label {
            key: key.to_string(),
            label: label.to_string(),
        }
    }
}

/// Everything a chart shows.
#[derive(Debug, Clone)]
pub struct ChartSpec {
    pub kind: Kind,
    pub lang: Lang,
    pub width: u32,
    pub height: u32,
    pub title: String,
    pub subtitle: String,
    /// Title of the category axis (years, periods, partners).
    pub category_title: String,
    /// Title of the value axis, with the unit.
    pub value_title: String,
    /// Series in drawing order.
    pub series: Vec<Label>,
    /// Categories in axis order.
    pub categories: Vec<Label>,
    /// Numeric position of each category (years) when the axis is a time scale.
    pub category_years: Option<Vec<i32>>,
    pub points: Vec<Point>,
    /// Series drawn as a line over the bars (components: population change).
    pub line_series: Option<Label>,
    /// Net figures: zero line and the diverging palette.
    pub net: bool,
    /// "Source: ...; definition".
    pub caption: String,
    pub footnotes: Vec<String>,
    /// The measure quantity shown (for the CSV).
    pub measure: String,
    /// Unit of the values (for the CSV).
    pub unit: String,
    pub source: String,
    pub edition: String,
}

impl ChartSpec {
    pub fn value(&self, series: &str, category: &str) -> Option<&Point> {
        self.points
            .iter()
            .find(|p| p.series == series && p.category == category)
    }

    /// Years of the time axis that are projections.
    pub fn projection_years(&self) -> Vec<i32> {
        let Some(years) = &self.category_years else {
            return Vec::new();
        };
        let mut out: Vec<i32> = self
            .categories
            .iter()
            .zip(years)
            .filter(|(c, _)| {
                self.points
                    .iter()
                    .any(|p| p.category == c.key && p.projection && p.value.is_some())
            })
            .map(|(_, y)| *y)
            .collect();
        out.sort_unstable();
        out
    }
}

/// Output formats of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Svg,
}

impl ImageFormat {
    /// The format named by a path's extension (`.png`, `.svg`).
    pub fn from_path(path: &Path) -> Result<ImageFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("png") => Ok(ImageFormat::Png),
            Some("svg") => Ok(ImageFormat::Svg),
            Some(other) => Err(Error::Usage(format!(
                "unsupported chart format `.{other}` in --out {}; use a .png or .svg file name",
                path.display()
            ))),
            None => Err(Error::Usage(format!(
                "--out {} has no extension; use a .png or .svg file name",
                path.display()
            ))),
        }
    }
}

/// Parses `--size 1920x1080`.
pub fn parse_size(text: &str) -> Result<(u32, u32)> {
    let usage = || {
        Error::Usage(format!(
            "invalid --size `{text}`; write WIDTHxHEIGHT in pixels between 320x240 and 7680x4320, e.g. 1920x1080"
        ))
    };
    let (w, h) = text.trim().split_once(['x', 'X', '×']).ok_or_else(usage)?;
    let w: u32 = w.trim().parse().map_err(|_| usage())?;
    let h: u32 = h.trim().parse().map_err(|_| usage())?;
    if !(320..=7680).contains(&w) || !(240..=4320).contains(&h) {
        return Err(usage());
    }
    Ok((w, h))
}

/// Draws a chart as PNG bytes.
pub fn render_png(spec: &ChartSpec) -> Result<Vec<u8>> {
    let (w, h) = (spec.width, spec.height);
    let mut buf = vec![255u8; (w as usize) * (h as usize) * 3];
    {
        let backend = plotters::backend::BitMapBackend::with_buffer(&mut buf, (w, h));
        render::draw(backend, spec).map_err(draw_error)?;
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| draw_error(e.to_string()))?;
        writer
            .write_image_data(&buf)
            .map_err(|e| draw_error(e.to_string()))?;
    }
    Ok(out)
}

/// Draws a chart as an SVG document (text stays text).
pub fn render_svg(spec: &ChartSpec) -> Result<String> {
    let mut out = String::new();
    {
        let backend =
            plotters::backend::SVGBackend::with_string(&mut out, (spec.width, spec.height));
        render::draw(backend, spec).map_err(draw_error)?;
    }
    Ok(out)
}

fn draw_error(e: impl std::fmt::Display) -> Error {
    Error::NotCovered(format!("drawing the chart failed: {e}"))
}

/// The data shown, as CSV: one row per point, with codes, labels, unit and source.
pub fn data_csv(spec: &ChartSpec) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "series",
        "series_label",
        "category",
        "category_label",
        "measure",
        "value",
        "unit",
        "projection",
        "imputed",
        "source",
        "edition",
    ])?;
    let label = |list: &[Label], key: &str| {
        list.iter()
            .find(|l| l.key == key)
            .map_or_else(|| key.to_string(), |l| l.label.clone())
    };
    let mut series = spec.series.clone();
    if let Some(l) = &spec.line_series {
        series.push(l.clone());
    }
    for s in &series {
        for c in &spec.categories {
            let Some(p) = spec.value(&s.key, &c.key) else {
                continue;
            };
            let measure = if spec.kind == Kind::Components {
                s.key.clone()
            } else {
                spec.measure.clone()
            };
            w.write_record([
                s.key.clone(),
                label(&series, &s.key),
                c.key.clone(),
                c.label.clone(),
                measure,
                p.value.map(csv_number).unwrap_or_default(),
                spec.unit.clone(),
                p.projection.to_string(),
                p.imputed.to_string(),
                spec.source.clone(),
                spec.edition.clone(),
            ])?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Csv(csv::Error::from(e.into_error())))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn csv_number(v: f64) -> String {
    let rounded = (v * 1e6).round() / 1e6;
    plain_number(if rounded == 0.0 { 0.0 } else { rounded })
}

/// A short alt-text in the chart's language: kind, title, subtitle, the values, the caption.
pub fn alt_text(spec: &ChartSpec) -> String {
    let numbers = i18n::Numbers::new(spec.lang);
    let decimals = value_decimals(spec);
    let mut text = format!(
        "{}. {}. {}.\n",
        spec.kind.describe(spec.lang),
        spec.title,
        spec.subtitle
    );
    let mut series = spec.series.clone();
    if let Some(l) = &spec.line_series {
        series.push(l.clone());
    }
    for s in &series {
        let values: Vec<String> = spec
            .categories
            .iter()
            .filter_map(|c| {
                spec.value(&s.key, &c.key).map(|p| {
                    let v = p
                        .value
                        .map_or_else(|| "—".to_string(), |v| numbers.format(v, decimals));
                    format!("{} {v}", c.label)
                })
            })
            .collect();
        if values.is_empty() {
            continue;
        }
        let shown: Vec<String> = if values.len() > 12 {
            let mut v = values[..6].to_vec();
            v.push("…".into());
            v.extend(values[values.len() - 5..].iter().cloned());
            v
        } else {
            values
        };
        if s.label.is_empty() {
            text.push_str(&format!("{}.\n", shown.join("; ")));
        } else {
            text.push_str(&format!("{}: {}.\n", s.label, shown.join("; ")));
        }
    }
    text.push_str(&format!("{}.\n", spec.value_title));
    for f in &spec.footnotes {
        text.push_str(&format!("{f}.\n"));
    }
    text.push_str(&spec.caption);
    text.push('\n');
    text
}

/// Decimals for value labels: whole numbers for counts, otherwise by the size of the values.
pub fn value_decimals(spec: &ChartSpec) -> u8 {
    if spec.unit == "persons" || spec.unit == "current US$" {
        return 0;
    }
    let max = spec
        .points
        .iter()
        .filter_map(|p| p.value)
        .fold(0.0f64, |m, v| m.max(v.abs()));
    if max >= 100.0 {
        0
    } else if max >= 0.1 {
        1
    } else {
        2
    }
}
