//! The chart builder: a measure of the catalogue, a kind of chart, countries, years (and
//! periods, edition, top where the measure takes them) into the same chart `miglab chart` draws
//! (inline SVG, with the source, edition and definition in its caption), its data as a table
//! and as CSV, and the chart as SVG or PNG.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::context::{Ctx, PageError};
use super::html::{self, esc};
use super::i18n::Ui;
use super::AppState;
use crate::catalogue::{self, MeasureKind, Selector};
use crate::chart::{self, ChartRequest, Kind};
use crate::request::{Edition, MeasureRequest, Places};
use crate::Lang;

/// The fields of the form: (parameter, message id, the selector it sets).
const FIELDS: [(&str, &str, Selector); 7] = [
    ("countries", "chart-countries", Selector::Countries),
    ("origin", "chart-origin", Selector::Origin),
    ("destination", "chart-destination", Selector::Destination),
    ("years", "chart-years", Selector::Years),
    ("periods", "chart-periods", Selector::Periods),
    ("edition", "chart-edition", Selector::Edition),
    ("top", "chart-top", Selector::Top),
];

/// The chart drawn without any parameter: the net migration rate of the South Caucasus.
const DEFAULTS: [(&str, &str); 4] = [
    ("measure", "cnmr"),
    ("kind", "line"),
    ("countries", "south-caucasus"),
    ("years", "2014-2023"),
];

/// At most this many characters in a field.
const MAX_FIELD: usize = 200;

/// A chart and what goes beside it.
pub struct Drawn {
    pub svg: String,
    pub csv: String,
    pub alt: String,
    pub request: ChartRequest,
}

/// Charts by their parameters and language.
pub type ChartCache = super::cache::Cache<(Vec<(String, String)>, Lang), Drawn>;

/// Measures the builder offers (flows need methods and tables of their own: `miglab measure flows`).
fn offered() -> impl Iterator<Item = &'static catalogue::Measure> {
    catalogue::MEASURES
        .iter()
        .filter(|m| m.kind != MeasureKind::Flows)
}

/// The form's values: the parameters given, or the defaults when none is.
fn values(ctx: &Ctx) -> Vec<(String, String)> {
    if ctx.params.iter().all(|(_, v)| v.trim().is_empty()) {
        return DEFAULTS
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    }
    let names = ["measure", "kind"]
        .into_iter()
        .chain(FIELDS.iter().map(|f| f.0));
    names
        .map(|n| (n.to_string(), ctx.param(n)))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

fn value<'a>(values: &'a [(String, String)], name: &str) -> &'a str {
    values
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The typed chart request of the form; what the user can fix is a 400 page.
fn request(lang: Lang, values: &[(String, String)]) -> Result<ChartRequest, PageError> {
    let bad = |what: String, hint: &str| PageError::bad_request(lang, what, Some(hint.to_string()));
    let lib = |e: crate::error::Error| PageError::from_error(lang, &e);
    if let Some((k, _)) = values.iter().find(|(_, v)| v.chars().count() > MAX_FIELD) {
        return Err(bad(
            format!("the field `{k}` is longer than {MAX_FIELD} characters"),
            "shorten it",
        ));
    }
    let names: Vec<&str> = offered().map(|m| m.name).collect();
    let measure = offered()
        .find(|m| m.name == value(values, "measure"))
        .ok_or_else(|| {
            bad(
                format!(
                    "unknown measure `{}`",
                    crate::escape::truncate(value(values, "measure"), 80)
                ),
                &format!("choose one of {}", names.join(", ")),
            )
        })?
        .kind;
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let kind = Kind::ALL
        .into_iter()
        .find(|k| k.name() == value(values, "kind"))
        .ok_or_else(|| {
            bad(
                "unknown kind of chart".into(),
                &format!("choose one of {}", kinds.join(", ")),
            )
        })?;
    let measure = chart::request::measure_for(kind, Some(measure)).map_err(lib)?;
    let mut r = MeasureRequest::new(measure);
    for (name, _, selector) in FIELDS {
        let v = value(values, name);
        if v.is_empty() {
            continue;
        }
        if !measure.takes(selector) {
            return Err(bad(
                format!(
                    "the measure {} does not use the field `{name}`",
                    measure.name()
                ),
                &format!(
                    "leave `{name}` empty; {} uses: {}",
                    measure.name(),
                    uses(measure).join(", ")
                ),
            ));
        }
        r = match selector {
            Selector::Countries => r.countries(Places::parse(v)),
            Selector::Origin => r.origin(Places::parse(v)),
            Selector::Destination => r.destination(Places::parse(v)),
            Selector::Years => r.years(v).map_err(lib)?,
            Selector::Periods => r.periods(v).map_err(lib)?,
            Selector::Edition => r.edition(Edition::parse(v).map_err(lib)?),
            _ => {
                let top = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=50).contains(n))
                    .ok_or_else(|| {
                        bad(
                            format!("invalid top `{}`", crate::escape::truncate(v, 20)),
                            "give a number from 1 to 50, e.g. 10",
                        )
                    })?;
                r.top(top)
            }
        };
    }
    r.validate().map_err(lib)?;
    let request = ChartRequest::measure(kind, r).lang(lang).out("chart.svg");
    request.validate().map_err(lib)?;
    Ok(request)
}

/// The form fields a measure uses.
fn uses(measure: MeasureKind) -> Vec<&'static str> {
    FIELDS
        .iter()
        .filter(|(_, _, s)| measure.takes(*s))
        .map(|(n, _, _)| *n)
        .collect()
}

/// The chart of the form, from the cache or drawn on a worker.
async fn drawn(
    state: &AppState,
    ctx: &Ctx,
) -> Result<(Vec<(String, String)>, Arc<Drawn>), PageError> {
    let values = values(ctx);
    let request = request(ctx.lang, &values)?;
    let lang = ctx.lang;
    let slot = state.charts.slot(&(values.clone(), lang));
    let drawn = slot
        .get_or_try_init(|| async {
            state
                .heavy(lang, move || {
                    let lib = |e: crate::error::Error| PageError::from_error(lang, &e);
                    let spec = request.spec().map_err(lib)?;
                    Ok(Arc::new(Drawn {
                        svg: chart::render_svg(&spec).map_err(lib)?,
                        csv: chart::data_csv(&spec).map_err(lib)?,
                        alt: chart::alt_text(&spec),
                        request,
                    }))
                })
                .await
        })
        .await?
        .clone();
    Ok((values, drawn))
}

fn select(id: &str, label: &str, options: &[(String, String)], chosen: &str) -> String {
    let mut out = format!(
        "<div><label for=\"{id}\">{}</label><select id=\"{id}\" name=\"{id}\">",
        esc(label)
    );
    for (v, text) in options {
        let selected = if v == chosen { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{}\"{selected}>{}</option>",
            esc(v),
            esc(text)
        );
    }
    out.push_str("</select></div>\n");
    out
}

fn form_html(ctx: &Ctx, ui: &Ui, values: &[(String, String)]) -> String {
    let lang = ctx.lang;
    let measures: Vec<(String, String)> = offered()
        .map(|m| {
            let title = catalogue::quantity(m.chart_quantity).map_or(m.name, |q| q.title.get(lang));
            (m.name.to_string(), format!("{title} ({})", m.name))
        })
        .collect();
    let kinds: Vec<(String, String)> = Kind::ALL
        .iter()
        .map(|k| (k.name().to_string(), k.describe(lang).to_string()))
        .collect();
    let mut out = format!(
        "<form class=\"panel\" method=\"get\" action=\"{}\">\n<div class=\"fields\">\n",
        esc(&ctx.link("/chart"))
    );
    out.push_str(&select(
        "measure",
        &ui.t("chart-measure"),
        &measures,
        value(values, "measure"),
    ));
    out.push_str(&select(
        "kind",
        &ui.t("chart-kind"),
        &kinds,
        value(values, "kind"),
    ));
    for (name, id, selector) in FIELDS {
        if selector == Selector::Edition {
            let mut editions = vec![(String::new(), "–".to_string())];
            editions.extend(
                Edition::ALL
                    .iter()
                    .map(|e| (e.year().to_string(), e.year().to_string())),
            );
            out.push_str(&select(name, &ui.t(id), &editions, value(values, name)));
            continue;
        }
        let _ = writeln!(
            out,
            "<div><label for=\"{name}\">{}</label><input id=\"{name}\" name=\"{name}\" value=\"{}\" maxlength=\"{MAX_FIELD}\" autocomplete=\"off\"></div>",
            esc(&ui.t(id)),
            esc(value(values, name))
        );
    }
    out.push_str("</div>\n");
    if let Some(m) = offered().find(|m| m.name == value(values, "measure")) {
        let fields: Vec<String> = FIELDS
            .iter()
            .filter(|(_, _, s)| m.kind.takes(*s))
            .map(|(_, id, _)| ui.t(id))
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"help\">{}</p>",
            esc(&ui.args(
                "chart-uses",
                &[("measure", m.name), ("fields", &fields.join(", "))]
            ))
        );
    }
    let _ = writeln!(
        out,
        "<p class=\"help\">{}</p>\n<button type=\"submit\">{}</button>\n</form>",
        esc(&ui.t("chart-field-help")),
        esc(&ui.t("chart-draw"))
    );
    out
}

/// The chart's data as a table (at most 100 rows; the CSV has them all).
fn data_table(ui: &Ui, csv_text: &str) -> String {
    let mut reader = csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
    let head: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(str::to_string).collect())
        .unwrap_or_default();
    let records: Vec<csv::StringRecord> = reader.records().flatten().collect();
    let numeric: Vec<bool> = (0..head.len())
        .map(|i| {
            records
                .iter()
                .filter(|r| !r.get(i).unwrap_or("").is_empty())
                .all(|r| r.get(i).unwrap_or("").parse::<f64>().is_ok())
                && !records.is_empty()
        })
        .collect();
    let rows: Vec<Vec<String>> = records
        .iter()
        .take(100)
        .map(|r| r.iter().map(esc).collect())
        .collect();
    let mut out = html::table(None, &head, &rows, &numeric);
    if records.len() > 100 {
        let more = (records.len() - 100).to_string();
        let _ = writeln!(
            out,
            "<p class=\"muted\">{}</p>",
            esc(&ui.args("chart-more-rows", &[("count", &more)]))
        );
    }
    out
}

pub async fn page(State(state): State<Arc<AppState>>, ctx: Ctx) -> Result<Response, PageError> {
    let ui = ctx.ui()?;
    let values = values(&ctx);
    let mut body = format!("<p>{}</p>\n", esc(&ui.t("chart-intro")));
    let (values, drawn) = match drawn(&state, &ctx).await {
        Ok(d) => d,
        // A request the user can fix: the form stays, with what is wrong above it.
        Err(e) if e.status == StatusCode::BAD_REQUEST => {
            body.push_str(&e.section(ui));
            body.push_str(&form_html(&ctx, ui, &values));
            let page = html::page(&ctx, ui, "/chart", &ui.t("chart-title"), &body);
            return Ok((StatusCode::BAD_REQUEST, Html(page)).into_response());
        }
        Err(e) => return Err(e),
    };
    body.push_str(&form_html(&ctx, ui, &values));
    let q = html::query(&values);
    let link = |file: &str| esc(&format!("{}{q}", ctx.link(&format!("/chart/{file}"))));
    let _ = writeln!(
        body,
        "<figure class=\"chart\" id=\"chart\">\n{}\n<figcaption><details><summary>{}</summary><p>{}</p></details></figcaption>\n</figure>",
        drawn.svg,
        esc(&ui.t("chart-as-text")),
        html::esc_lines(&drawn.alt)
    );
    let _ = writeln!(
        body,
        "<p class=\"downloads\">{}: <a class=\"button\" id=\"csv\" href=\"{}\" download>CSV</a> <a class=\"button\" href=\"{}\" download>SVG</a> <a class=\"button\" href=\"{}\" download>PNG</a></p>",
        esc(&ui.t("chart-download")),
        link("data.csv"),
        link("chart.svg"),
        link("chart.png"),
    );
    let _ = writeln!(body, "<h2>{}</h2>", esc(&ui.t("chart-data")));
    body.push_str(&data_table(ui, &drawn.csv));
    Ok(Html(html::page(&ctx, ui, "/chart", &ui.t("chart-title"), &body)).into_response())
}

fn download(content_type: &str, file: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The data the chart shows, as CSV.
pub async fn csv(State(state): State<Arc<AppState>>, ctx: Ctx) -> Result<Response, PageError> {
    let (_, d) = drawn(&state, &ctx).await?;
    Ok(download(
        "text/csv; charset=utf-8",
        "chart.data.csv",
        d.csv.clone().into_bytes(),
    ))
}

pub async fn svg(State(state): State<Arc<AppState>>, ctx: Ctx) -> Result<Response, PageError> {
    let (_, d) = drawn(&state, &ctx).await?;
    Ok(download(
        "image/svg+xml",
        "chart.svg",
        d.svg.clone().into_bytes(),
    ))
}

/// The chart as PNG (drawn on request: PNGs are not kept).
pub async fn png(State(state): State<Arc<AppState>>, ctx: Ctx) -> Result<Response, PageError> {
    let (_, d) = drawn(&state, &ctx).await?;
    let lang = ctx.lang;
    let request = d.request.clone();
    let bytes = state
        .heavy(lang, move || {
            let lib = |e: crate::error::Error| PageError::from_error(lang, &e);
            chart::render_png(&request.spec().map_err(lib)?).map_err(lib)
        })
        .await?;
    Ok(download("image/png", "chart.png", bytes))
}
