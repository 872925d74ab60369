//! The fact-checker: a quoted figure or a whole paragraph (a form, POST, or `?text=` for a
//! link) → one verdict per figure through [`crate::check`], each with the card: what was
//! understood, the verdict, the official figures that could be meant (the one the verdict
//! rests on marked), the definition and the sources with their licences.

use std::fmt::Write as _;

use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Form;

use super::context::{Ctx, PageError};
use super::html::{self, esc};
use super::i18n::Ui;
use super::verdict_words as words;
use super::AppState;
use crate::catalogue::concepts;
use crate::chart::i18n::place_name;
use crate::check::claim;
use crate::check::verdict::{self, Check, Relation};
use crate::countries::Crosswalk;
use crate::exercise::i18n::Messages;
use crate::Lang;

/// At most this many characters of text per request (a few paragraphs of an article).
const MAX_CHARS: usize = 20_000;
/// At most this many figures checked per request.
const MAX_FIGURES: usize = 40;

/// The verdicts (HTML) of a text in a language.
pub type CheckCache = super::cache::Cache<(String, Lang), String>;

fn area_name(area: &str, lang: Lang) -> String {
    match area.split_once(" -> ") {
        Some((o, d)) => format!("{} → {}", place_name(o, lang), place_name(d, lang)),
        None => format!("{} ({area})", place_name(area, lang)),
    }
}

/// What was understood, in one line: the concept by its glossary name in the page's language.
fn understood(m: &Messages, c: &Check, lang: Lang) -> String {
    let concept = concepts::by_key(c.concept.definition_key())
        .map_or(c.concept.label(), |t| t.name.get(lang));
    let mut parts = vec![concept.to_string(), area_name(&c.country, lang)];
    if let Some(p) = &c.partner {
        parts.push(format!("→ {}", area_name(p, lang)));
    }
    parts.push(c.when.to_string());
    let value = c.quantity.value;
    parts.push(format!(
        "{} (“{}”, ±{})",
        words::quantity(m, value.is_finite().then_some(value), c.quantity.unit),
        crate::escape::truncate(&c.quantity.text, 100),
        m.number(c.tolerance, "")
    ));
    parts.join(" · ")
}

/// The verdict's sentence: in English the library's own; in Azerbaijani and Russian one built
/// from the verdict's parts, with the English reasoning folded under it.
fn summary_html(ui: &Ui, m: &Messages, lang: Lang, c: &Check) -> String {
    if lang == Lang::En {
        return format!("<p>{}</p>\n", esc(&c.verdict.summary));
    }
    format!(
        "<p>{}</p>\n<details><summary>{}</summary><p lang=\"en\">{}</p></details>\n",
        esc(&words::summary(ui, m, c)),
        esc(&ui.t("check-reasoning-en")),
        esc(&c.verdict.summary)
    )
}

/// The card of one check.
fn card(ui: &Ui, m: &Messages, lang: Lang, clause: &str, c: &Check) -> String {
    let code = c.verdict.kind.code();
    let mut out = format!(
        "<section class=\"verdict {code}\">\n<h2>“{}”</h2>\n<p><span class=\"badge\">{}</span>{}</p>\n{}<dl><dt>{}</dt><dd>{}</dd>\n",
        esc(&crate::escape::truncate(clause, 1000)),
        esc(&ui.t(&format!("verdict-{code}"))),
        c.verdict
            .difference
            .as_ref()
            .map_or(String::new(), |d| format!(" ({})", esc(&words::difference(ui, d)))),
        summary_html(ui, m, lang, c),
        esc(&ui.t("check-understood")),
        esc(&understood(m, c, lang)),
    );
    if let Some(n) = &c.verdict.needed {
        let _ = writeln!(
            out,
            "<dt>{}</dt><dd lang=\"en\">{}</dd>",
            esc(&ui.t("check-needed")),
            esc(n)
        );
    }
    if let Some(d) = concepts::by_key(c.concept.definition_key()) {
        let _ = writeln!(
            out,
            "<dt>{}</dt><dd><strong>{}</strong>: {} ({})</dd>",
            esc(&ui.t("check-definition")),
            esc(d.name.get(lang)),
            esc(d.text.get(lang)),
            esc(&d.source_keys())
        );
    }
    out.push_str("</dl>\n");
    if !c.figures.is_empty() {
        out.push_str(&figures_table(ui, m, lang, c));
    }
    out.push_str(&caveats(lang, c));
    if !c.sources.is_empty() {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<ol class=\"source\">",
            esc(&ui.t("check-sources"))
        );
        for p in &c.sources {
            let _ = writeln!(
                out,
                "<li>{} {}: {}. <a href=\"{u}\" rel=\"noreferrer\">{u}</a></li>",
                esc(&p.citation),
                esc(&ui.t("check-licence")),
                esc(&p.licence),
                u = esc(&p.url)
            );
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
    out
}

/// The caveats: the concept's own from the glossary in the page's language, the others (about
/// particular figures) as the library writes them, in English.
fn caveats(lang: Lang, c: &Check) -> String {
    if c.caveats.is_empty() {
        return String::new();
    }
    let own = concepts::by_key(c.concept.definition_key()).map(|d| d.caveat);
    let mut out = String::from("<ul>\n");
    for text in &c.caveats {
        match own.filter(|t| t.en == text) {
            Some(t) => {
                let _ = writeln!(out, "<li>{}</li>", esc(t.get(lang)));
            }
            None if lang == Lang::En => {
                let _ = writeln!(out, "<li>{}</li>", esc(text));
            }
            None => {
                let _ = writeln!(out, "<li lang=\"en\">{}</li>", esc(text));
            }
        }
    }
    out.push_str("</ul>\n");
    out
}

fn figures_table(ui: &Ui, m: &Messages, lang: Lang, c: &Check) -> String {
    let head = [
        ui.t("col-figure"),
        ui.t("col-area"),
        ui.t("col-years"),
        ui.t("col-value"),
        ui.t("col-source"),
        ui.t("col-match"),
        ui.t("col-note"),
    ];
    let mut out = format!(
        "<h3>{}</h3>\n<div class=\"table\"><table>\n<thead><tr>",
        esc(&ui.t("check-figures"))
    );
    for (i, h) in head.iter().enumerate() {
        let class = if i == 3 { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th scope=\"col\"{class}>{}</th>", esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, f) in c.figures.iter().enumerate() {
        let rests = c.verdict.figure == Some(i);
        let note = note_html(ui, lang, f);
        let marker = if rests {
            format!(
                " <span title=\"{t}\" aria-label=\"{t}\">★</span>",
                t = esc(&ui.t("check-rests"))
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<tr{}><td>{}{marker}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{note}</td></tr>",
            if rests { " class=\"rests\"" } else { "" },
            esc(&words::figure_label(m, f)),
            esc(&area_name(&f.area, lang)),
            esc(&f.when.to_string()),
            esc(&words::quantity(m, f.value, f.unit)),
            esc(&f.edition),
            esc(&words::status(ui, m, &f.status)),
        );
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// A figure's note: how it relates to the figure asked for, in the page's language, then the
/// library's note (in English).
fn note_html(ui: &Ui, lang: Lang, f: &verdict::Figure) -> String {
    let mut parts = Vec::new();
    if f.relation != Relation::Asked {
        parts.push(esc(&words::relation(ui, f.relation)));
    }
    if f.projection {
        parts.push(esc(&ui.t("check-projection")));
    }
    if !f.note.is_empty() {
        parts.push(if lang == Lang::En {
            esc(&f.note)
        } else {
            format!("<span lang=\"en\">{}</span>", esc(&f.note))
        });
    }
    parts.join("; ")
}

fn form_html(ctx: &Ctx, ui: &Ui, text: &str) -> String {
    // an example claim in the page's language (the checker reads all three)
    let example = ui.t("check-example-claim");
    format!(
        "<p>{}</p>\n<form class=\"panel\" method=\"post\" action=\"{}\">\n<label for=\"text\">{}</label>\
<textarea id=\"text\" name=\"text\" maxlength=\"{MAX_CHARS}\">{}</textarea>\n\
<p class=\"help\">{}: <a href=\"{}\">{}</a><br>{}</p>\n<button type=\"submit\">{}</button>\n</form>\n",
        esc(&ui.t("check-intro")),
        esc(&ctx.link("/check")),
        esc(&ui.t("check-label")),
        esc(text),
        esc(&ui.t("check-example")),
        esc(&format!("{}{}", ctx.link("/check"), html::query(&[("text".into(), example.clone())]))),
        esc(&example),
        esc(&ui.t("check-english")),
        esc(&ui.t("check-submit")),
    )
}

/// Every figure of the text checked (at most [`MAX_FIGURES`]); a figure not understood says so.
fn verdicts(ui: &Ui, lang: Lang, text: &str) -> Result<String, PageError> {
    let cw = Crosswalk::embedded().map_err(|e| PageError::from_error(lang, &e))?;
    let m = Messages::new(lang).map_err(|e| PageError::from_error(lang, &e))?;
    let mut passages = crate::check::text::passages(text, cw);
    if passages.is_empty() {
        // One claim the splitter found no figure in: the claim reader says what is missing.
        let claim = claim::parse(text, cw);
        let check = verdict::check(claim, cw).map_err(|e| PageError::from_error(lang, &e))?;
        return Ok(card(ui, &m, lang, text, &check));
    }
    if passages.len() > MAX_FIGURES {
        return Err(PageError::bad_request(
            lang,
            format!(
                "the text has {} figures; this page checks at most {MAX_FIGURES} at a time",
                passages.len()
            ),
            Some("check a few paragraphs at a time".into()),
        ));
    }
    let mut out = String::new();
    for p in passages.drain(..) {
        match verdict::check(p.claim, cw) {
            Ok(c) => out.push_str(&card(ui, &m, lang, &p.clause, &c)),
            Err(e) => {
                let _ = writeln!(
                    out,
                    "<section class=\"verdict not_understood\">\n<h2>“{}”</h2>\n<p><span class=\"badge\">{}</span></p>\n<p lang=\"en\">{}</p>{}\n</section>",
                    esc(&crate::escape::truncate(&p.clause, 1000)),
                    esc(&ui.t("check-not-understood")),
                    html::esc_lines(&e.to_string()),
                    e.hint().map_or(String::new(), |h| format!("<p lang=\"en\">{}</p>", html::esc_lines(h)))
                );
            }
        }
    }
    Ok(out)
}

/// The page: the form, and the verdicts when a text was given.
async fn answer(state: &AppState, ctx: &Ctx, text: String) -> Result<Response, PageError> {
    let ui = ctx.ui()?;
    let lang = ctx.lang;
    let mut body = form_html(ctx, ui, &text);
    let title = ui.t("check-title");
    if text.trim().is_empty() {
        return Ok(Html(html::page(ctx, ui, "/check", &title, &body)).into_response());
    }
    if text.chars().count() > MAX_CHARS {
        return Err(PageError::bad_request(
            lang,
            format!("the text is longer than {MAX_CHARS} characters"),
            Some("check a few paragraphs at a time".into()),
        ));
    }
    let slot = state.checks.slot(&(text.clone(), lang));
    let result = slot
        .get_or_try_init(|| async {
            state
                .heavy(lang, move || {
                    verdicts(ui, lang, &text).map(std::sync::Arc::new)
                })
                .await
        })
        .await;
    match result {
        Ok(cards) => {
            body.push_str(cards);
            Ok(Html(html::page(ctx, ui, "/check", &title, &body)).into_response())
        }
        // The form stays, with what is wrong under it.
        Err(e) if e.status == StatusCode::BAD_REQUEST => {
            body.push_str(&e.section(ui));
            let page = html::page(ctx, ui, "/check", &title, &body);
            Ok((StatusCode::BAD_REQUEST, Html(page)).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn page(
    axum::extract::State(state): axum::extract::State<std::sync::Arc<AppState>>,
    ctx: Ctx,
) -> Result<Response, PageError> {
    let text = ctx.param("text");
    answer(&state, &ctx, text).await
}

pub async fn submit(
    axum::extract::State(state): axum::extract::State<std::sync::Arc<AppState>>,
    ctx: Ctx,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, PageError> {
    let Form(fields) = form.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => PageError::body_too_large(ctx.lang),
        _ => PageError::bad_request(
            ctx.lang,
            format!("the form could not be read: {}", e.body_text()),
            Some("send the form of this page".into()),
        ),
    })?;
    let text = fields
        .into_iter()
        .find(|(k, _)| k == "text")
        .map(|(_, v)| v)
        .unwrap_or_default();
    answer(&state, &ctx, text).await
}
