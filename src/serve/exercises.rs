//! The exercise pages: the list, one exercise for the countries chosen (findings, charts as
//! inline SVG, tables as real `<table>`s, definitions, questions, caveats, sources) and its pack
//! as a zip. A pack is run by [`crate::exercise::pack::run`] into a temporary folder, read into
//! memory and the folder removed; packs are cached by (exercise, countries, language), a
//! bounded number of them, and a pack asked by 30 students at once is computed once.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use axum::extract::{Path as UrlPath, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use super::context::{Ctx, PageError};
use super::html::{self, esc};
use super::AppState;
use crate::countries::Crosswalk;
use crate::error::{Error, Result};
use crate::exercise::findings::{self, Finding};
use crate::exercise::i18n::{Arg, Messages};
use crate::exercise::pack::{self, RunOptions, Wide};
use crate::exercise::{self, Exercise};
use crate::Lang;

/// At most this many countries in one pack (the largest group of the curriculum, EECA, has 12).
const MAX_COUNTRIES: usize = 12;

/// A pack as the page shows it, and its zip.
pub struct PackView {
    pub zip: Vec<u8>,
    /// Country names with codes, e.g. `Azerbaijan (AZE)`.
    pub countries: Vec<String>,
    pub findings: Vec<String>,
    pub charts: Vec<ChartView>,
    pub tables: Vec<TableView>,
    pub citations: Vec<String>,
    /// The page's body, rendered once with the pack (the layout is added per request).
    pub body: String,
}

pub struct ChartView {
    pub title: String,
    /// The `<svg>` element as `miglab chart` draws it (caption with source, edition, definition).
    pub svg: String,
    pub alt: String,
}

pub struct TableView {
    pub name: String,
    pub title: String,
    /// The table as HTML (already escaped).
    pub html: String,
    pub csv: String,
    pub command: String,
    pub citations: Vec<String>,
    pub warnings: Vec<String>,
}

/// Packs by (exercise, countries and years chosen, language).
pub type PackCache = super::cache::Cache<(String, String, Lang), PackView>;

/// What a student chose for a pack: the countries, and the period of the annual series.
#[derive(Debug, Clone)]
pub struct Choice {
    pub codes: Vec<String>,
    pub years: Option<(i32, i32)>,
}

impl Choice {
    /// The query parameters that ask for the same pack.
    fn params(&self) -> Vec<(String, String)> {
        let mut out = vec![("countries".to_string(), self.codes.join(","))];
        if let Some((a, b)) = self.years {
            out.push(("years".into(), format!("{a}-{b}")));
        }
        out
    }

    fn key(&self) -> String {
        html::query(&self.params())
    }
}

/// The embedded exercises, parsed once.
fn embedded() -> Result<&'static [Exercise]> {
    static ALL: OnceLock<std::result::Result<Vec<Exercise>, String>> = OnceLock::new();
    match ALL.get_or_init(|| exercise::all().map_err(|e| e.to_string())) {
        Ok(all) => Ok(all),
        Err(problem) => Err(Error::Embedded {
            name: "exercises".into(),
            problem: problem.clone(),
        }),
    }
}

/// The exercise a URL names (looked up among the embedded ones; never a path).
fn find(ctx: &Ctx, name: &str) -> std::result::Result<Exercise, PageError> {
    let all = embedded().map_err(|e| PageError::from_error(ctx.lang, &e))?;
    all.iter()
        .find(|e| e.name == name)
        .cloned()
        .ok_or_else(|| PageError::not_found(ctx.lang, &ctx.path))
}

/// The choice of a request (`?countries=&years=`), checked as `exercise run` checks them.
fn choice(ctx: &Ctx, exercise: &Exercise) -> std::result::Result<Choice, PageError> {
    let codes = countries(ctx, exercise)?;
    let asked = ctx.param("years");
    let years = if asked.trim().is_empty() {
        None
    } else {
        if asked.chars().count() > 20 {
            return Err(PageError::bad_request(
                ctx.lang,
                "the period is longer than 20 characters".into(),
                Some("give the first and last year, e.g. 2005-2024".into()),
            ));
        }
        let period = pack::period(asked.trim()).map_err(|e| PageError::from_error(ctx.lang, &e))?;
        let options = RunOptions {
            countries: None,
            lang: ctx.lang,
            size: None,
            years: Some(period),
        };
        options
            .check(exercise)
            .map_err(|e| PageError::from_error(ctx.lang, &e))?;
        Some(period)
    };
    Ok(Choice { codes, years })
}

/// The countries of a request (`?countries=`), checked as `exercise run --countries` checks them.
fn countries(ctx: &Ctx, exercise: &Exercise) -> std::result::Result<Vec<String>, PageError> {
    let asked = ctx.param("countries");
    if asked.chars().count() > 300 {
        return Err(PageError::bad_request(
            ctx.lang,
            "the list of countries is longer than 300 characters".into(),
            Some("give ISO3 codes, e.g. ARM,GEO".into()),
        ));
    }
    let crosswalk = Crosswalk::embedded().map_err(|e| PageError::from_error(ctx.lang, &e))?;
    let requested = (!asked.is_empty()).then_some(asked.as_str());
    let codes = exercise
        .countries(requested, crosswalk)
        .map_err(|e| PageError::from_error(ctx.lang, &e))?;
    if codes.len() > MAX_COUNTRIES {
        return Err(PageError::bad_request(
            ctx.lang,
            format!(
                "{} countries asked; a pack on this server takes at most {MAX_COUNTRIES}",
                codes.len()
            ),
            Some("choose fewer countries, e.g. south-caucasus or ARM,AZE,GEO".into()),
        ));
    }
    Ok(codes)
}

/// The pack of a request, from the cache or computed once on a worker.
async fn pack_view(
    state: &AppState,
    ctx: &Ctx,
    exercise: Exercise,
    choice: Choice,
) -> std::result::Result<Arc<PackView>, PageError> {
    let key = (exercise.name.clone(), choice.key(), ctx.lang);
    let slot = state.packs.slot(&key);
    let lang = ctx.lang;
    slot.get_or_try_init(|| async {
        state
            .heavy(lang, move || {
                build(&exercise, &choice, lang)
                    .map(Arc::new)
                    .map_err(|e| PageError::from_error(lang, &e))
            })
            .await
    })
    .await
    .cloned()
}

/// Runs a pack into a temporary folder and reads what the page and the zip need.
fn build(exercise: &Exercise, choice: &Choice, lang: Lang) -> Result<PackView> {
    let codes = &choice.codes;
    let tmp = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let options = RunOptions {
        countries: Some(codes.join(",")),
        lang,
        size: None,
        years: choice.years,
    };
    let pack = pack::run(exercise, &options, tmp.path(), &mut |_| {})?;
    let m = Messages::new(lang)?;
    let read = |path: &Path| {
        std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })
    };
    let found: Vec<Finding> = serde_json::from_slice(&read(&pack.dir.join("findings.json"))?)?;
    let mut charts = Vec::new();
    for step in &pack.charts {
        let svg =
            String::from_utf8_lossy(&read(&pack.dir.join(format!("charts/{}.svg", step.name)))?)
                .into_owned();
        let alt = std::fs::read_to_string(pack.dir.join(format!("charts/{}.alt.txt", step.name)))
            .unwrap_or_default();
        charts.push(ChartView {
            title: step.title.clone(),
            svg: svg
                .find("<svg")
                .map_or(String::new(), |i| svg[i..].to_string()),
            alt: alt.trim().to_string(),
        });
    }
    let mut citations: Vec<String> = Vec::new();
    let tables = pack
        .tables
        .iter()
        .map(|t| {
            for c in &t.citations {
                if !citations.contains(c) {
                    citations.push(c.clone());
                }
            }
            TableView {
                name: t.step.name.clone(),
                title: t.step.title.clone(),
                html: wide_html(&pack::wide(&findings::cells(&t.csv)), &m),
                csv: t.csv.clone(),
                command: format!("miglab {}", t.step.command),
                citations: t.citations.clone(),
                warnings: t.warnings.clone(),
            }
        })
        .collect();
    let mut view = PackView {
        zip: zip_folder(&pack.dir, &exercise.name)?,
        countries: codes
            .iter()
            .map(|c| format!("{} ({c})", m.place(c)))
            .collect(),
        findings: found.iter().map(|f| findings::sentence(f, &m)).collect(),
        charts,
        tables,
        citations,
        body: String::new(),
    };
    view.body = body(exercise, choice, &view, &m)?;
    Ok(view)
}

/// A table as people read it: places and quantities down, years across, numbers rounded in
/// the language's format (the CSV keeps full precision).
fn wide_html(w: &Wide, m: &Messages) -> String {
    let mut head = vec![m.text("col-place")];
    if w.bilateral {
        head.push(m.text("col-partner"));
    }
    head.extend([m.text("col-measure"), m.text("col-unit")]);
    let fixed = head.len();
    head.extend(w.columns.iter().cloned());
    let numeric: Vec<bool> = (0..head.len()).map(|i| i >= fixed).collect();
    let rows: Vec<Vec<String>> = w
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![esc(&m.place(&r.place))];
            if w.bilateral {
                cells.push(esc(&m.place(&r.partner)));
            }
            cells.extend([esc(&m.measure(&r.measure)), esc(&m.unit(&r.unit))]);
            cells.extend(r.values.iter().map(|v| match v {
                Some(v) => esc(&m.number(*v, &r.unit)),
                None => "–".to_string(),
            }));
            cells
        })
        .collect();
    let mut out = html::table(None, &head, &rows, &numeric);
    if w.omitted > 0 {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{}</p>",
            esc(&m.get("rows-omitted", &[("count", Arg::Number(w.omitted as f64))]))
        );
    }
    out
}

/// Every file of the pack folder in a zip, under `<exercise>/`, in name order.
fn zip_folder(dir: &Path, name: &str) -> Result<Vec<u8>> {
    let mut files = Vec::new();
    collect_files(dir, dir, &mut files)?;
    files.sort();
    let zip_error = |e: zip::result::ZipError| Error::Write {
        path: dir.join("pack.zip"),
        source: std::io::Error::other(e),
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for relative in files {
        let bytes = std::fs::read(dir.join(&relative)).map_err(|source| Error::Read {
            path: dir.join(&relative),
            source,
        })?;
        zip.start_file(format!("{name}/{relative}"), options)
            .map_err(zip_error)?;
        zip.write_all(&bytes).map_err(|source| Error::Write {
            path: dir.join("pack.zip"),
            source,
        })?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(root, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

type Page = std::result::Result<Html<String>, PageError>;

pub async fn list(ctx: Ctx) -> Page {
    let ui = ctx.ui()?;
    let all = embedded().map_err(|e| PageError::from_error(ctx.lang, &e))?;
    let mut body = format!(
        "<p>{}</p>\n<ul class=\"cards\">\n",
        esc(&ui.t("exercises-intro"))
    );
    for e in all {
        let texts = e.texts(ctx.lang);
        let _ = writeln!(
            body,
            "<li><a href=\"{}\">{}</a><p class=\"muted\">{}</p></li>",
            esc(&ctx.link(&format!("/exercises/{}", e.name))),
            esc(&texts.title),
            esc(&texts.curriculum)
        );
    }
    body.push_str("</ul>\n");
    Ok(Html(html::page(
        &ctx,
        ui,
        "/exercises",
        &ui.t("exercises-title"),
        &body,
    )))
}

/// The form that chooses the countries, and the download of the pack.
fn form_html(ctx: &Ctx, ui: &super::i18n::Ui, e: &Exercise, choice: &Choice) -> String {
    let codes = &choice.codes;
    let mut out = format!(
        "<form class=\"panel\" method=\"get\" action=\"{}\">\n<label for=\"countries\">{}</label>\
<input id=\"countries\" name=\"countries\" value=\"{}\" maxlength=\"300\" autocomplete=\"off\">\n<p class=\"help\">{}",
        esc(&ctx.link(&format!("/exercises/{}", e.name))),
        esc(&ui.t("exercise-countries")),
        esc(&codes.join(",")),
        esc(&ui.args("exercise-countries-help", &[("default", &e.countries)])),
    );
    if let Some(n) = e.exactly_countries {
        let _ = write!(
            out,
            " {}",
            esc(&ui.args("exercise-countries-exactly", &[("count", &n.to_string())]))
        );
    }
    out.push_str("</p>\n");
    if e.has_series() {
        let _ = writeln!(
            out,
            "<label for=\"years\">{}</label><input id=\"years\" name=\"years\" value=\"{}\" maxlength=\"20\" inputmode=\"numeric\" placeholder=\"2005-2024\" autocomplete=\"off\">\n<p class=\"help\">{}</p>",
            esc(&ui.t("exercise-years")),
            esc(&choice.years.map_or(String::new(), |(a, b)| format!("{a}-{b}"))),
            esc(&ui.t("exercise-years-help")),
        );
    }
    let _ = writeln!(
        out,
        "<button type=\"submit\">{}</button>\n</form>",
        esc(&ui.t("exercise-show"))
    );
    let params = choice.params();
    let _ = writeln!(
        out,
        "<p class=\"downloads\"><a class=\"button\" id=\"download\" href=\"{}\" download>{}</a> <span class=\"muted\">{}</span></p>",
        esc(&format!(
            "{}{}",
            ctx.link(&format!("/exercises/{}/pack.zip", e.name)),
            html::query(&params)
        )),
        esc(&ui.t("exercise-download")),
        esc(&ui.t("exercise-download-about")),
    );
    out
}

/// The definitions the exercise quotes, from the catalogue, in the page's language.
fn definitions_html(e: &Exercise, m: &Messages) -> String {
    let items: Vec<String> = e
        .definitions
        .iter()
        .filter_map(|name| crate::catalogue::quantity(name))
        .map(|q| {
            let formula = match m.lang {
                Lang::En => format!(" — <code>{}</code>", esc(q.formula)),
                _ => String::new(),
            };
            format!(
                "<li><strong>{}</strong>: {}{formula} ({}; {}).</li>",
                esc(q.title.get(m.lang)),
                esc(q.caption.get(m.lang)),
                esc(&m.unit(q.unit.as_str())),
                esc(&q.source_keys())
            )
        })
        .collect();
    format!("<ul>\n{}\n</ul>\n", items.join("\n"))
}

fn section(m: &Messages, id: &str, anchor: &str) -> String {
    format!("<h2 id=\"{anchor}\">{}</h2>\n", esc(&m.text(id)))
}

/// One exercise for the countries asked: everything the handout shows, on the page.
pub async fn page(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    UrlPath(name): UrlPath<String>,
) -> Page {
    let ui = ctx.ui()?;
    let e = find(&ctx, &name)?;
    let choice = choice(&ctx, &e)?;
    let title = e.texts(ctx.lang).title;
    let view = pack_view(&state, &ctx, e, choice).await?;
    Ok(Html(html::page(&ctx, ui, "/exercises", &title, &view.body)))
}

/// The body of an exercise's page (rendered once per pack).
fn body(e: &Exercise, choice: &Choice, view: &PackView, m: &Messages) -> Result<String> {
    let ctx = Ctx {
        lang: m.lang,
        path: format!("/exercises/{}", e.name),
        params: Vec::new(),
    };
    let ui = super::i18n::Ui::get(m.lang)?;
    let texts = e.texts(ctx.lang);
    let mut body = format!(
        "<p class=\"muted\"><em>{}</em></p>\n<p>{}</p>\n",
        esc(&texts.curriculum),
        esc(&m.get(
            "countries-line",
            &[("list", view.countries.join(", ").into())]
        ))
    );
    body.push_str(&form_html(&ctx, ui, e, choice));
    let toc = [
        ("task", "heading-task"),
        ("findings", "heading-findings"),
        ("charts", "heading-charts"),
        ("figures", "heading-figures"),
        ("heading-questions", "heading-questions"),
        ("sources", "heading-sources"),
    ];
    body.push_str("<ul class=\"toc\">");
    for (anchor, id) in toc {
        let _ = write!(
            body,
            "<li><a href=\"#{anchor}\">{}</a></li>",
            esc(&m.text(id))
        );
    }
    body.push_str("</ul>\n");
    body.push_str(&section(m, "heading-task", "task"));
    body.push_str(&html::markdown(texts.task.trim()));
    if !texts.context.is_empty() {
        body.push_str(&section(m, "heading-context", "context"));
        body.push_str(&html::markdown(texts.context.trim()));
    }
    body.push_str(&section(m, "heading-definitions", "definitions"));
    body.push_str(&definitions_html(e, m));
    body.push_str(&section(m, "heading-findings", "findings"));
    body.push_str(&html::list(&view.findings, false));
    if !view.charts.is_empty() {
        body.push_str(&section(m, "heading-charts", "charts"));
        for c in &view.charts {
            let _ = writeln!(
                body,
                "<figure class=\"chart\" role=\"group\" aria-label=\"{t}\">\n<h3>{t}</h3>\n{}\n<figcaption><details><summary>{}</summary><p>{}</p></details></figcaption>\n</figure>",
                c.svg,
                esc(&ui.t("chart-as-text")),
                html::esc_lines(&c.alt),
                t = esc(&c.title),
            );
        }
    }
    body.push_str(&section(m, "heading-figures", "figures"));
    for t in &view.tables {
        let csv_link = ctx.link(&format!("/exercises/{}/tables/{}.csv", e.name, t.name))
            + &html::query(&choice.params());
        let _ = writeln!(body, "<h3>{}</h3>", esc(&t.title));
        body.push_str(&t.html);
        for w in &t.warnings {
            let _ = writeln!(body, "<p class=\"muted\">{}</p>", esc(w));
        }
        let _ = writeln!(
            body,
            "<p class=\"source\">{} <br>{} · <a href=\"{}\">{}</a></p>",
            esc(&t.citations.join(" ")),
            esc(&ui.args("exercise-figures-made", &[("command", &t.command)])),
            esc(&csv_link),
            esc(&ui.t("exercise-table-csv"))
        );
    }
    let lists = [
        ("heading-questions", &texts.questions, true),
        ("heading-caveats", &texts.caveats, false),
        ("heading-unavailable", &texts.unavailable, false),
    ];
    for (id, items, ordered) in lists {
        if !items.is_empty() {
            body.push_str(&section(m, id, id));
            body.push_str(&html::list(items, ordered));
        }
    }
    body.push_str(&section(m, "heading-sources", "sources"));
    body.push_str(&html::list(&view.citations, false));
    let _ = writeln!(
        body,
        "<p class=\"muted\">{}</p>",
        esc(&ui.t("exercise-fixed"))
    );
    Ok(body)
}

/// The pack as a zip: handout.html, handout.md, slides.md, tables (CSV, XLSX), charts (PNG,
/// SVG, data, alt-text), findings.json.
pub async fn zip(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    UrlPath(name): UrlPath<String>,
) -> std::result::Result<Response, PageError> {
    let e = find(&ctx, &name)?;
    let choice = choice(&ctx, &e)?;
    let years = choice
        .years
        .map_or(String::new(), |(a, b)| format!("-{a}-{b}"));
    let file = format!(
        "{}-{}{years}-{}.zip",
        e.name,
        choice.codes.join("-"),
        ctx.lang.code()
    );
    let view = pack_view(&state, &ctx, e, choice).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        view.zip.clone(),
    )
        .into_response())
}

/// One table of the pack as CSV (full precision), by its name in the pack.
pub async fn table_csv(
    State(state): State<Arc<AppState>>,
    ctx: Ctx,
    UrlPath((name, file)): UrlPath<(String, String)>,
) -> std::result::Result<Response, PageError> {
    let e = find(&ctx, &name)?;
    let choice = choice(&ctx, &e)?;
    let Some(table) = file.strip_suffix(".csv") else {
        return Err(PageError::not_found(ctx.lang, &ctx.path));
    };
    let view = pack_view(&state, &ctx, e, choice).await?;
    let Some(t) = view.tables.iter().find(|t| t.name == table) else {
        return Err(PageError::not_found(ctx.lang, &ctx.path));
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}.csv\"", t.name),
            ),
        ],
        t.csv.clone(),
    )
        .into_response())
}
