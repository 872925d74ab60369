//! The pages that only read the catalogue and the provenance: home, glossary (`define`) and
//! the data sources.

use std::fmt::Write as _;

use axum::response::Html;

use super::context::{Ctx, PageError};
use super::html::{self, esc};
use crate::catalogue::{self, concepts, Term};
use crate::Lang;

type Page = Result<Html<String>, PageError>;

pub async fn home(ctx: Ctx) -> Page {
    let ui = ctx.ui()?;
    let mut body = format!(
        "<p class=\"lead\">{}</p>\n<ul class=\"cards\">\n",
        esc(&ui.t("home-intro"))
    );
    let cards = [
        ("/exercises", "nav-exercises", "home-exercises"),
        ("/chart", "nav-chart", "home-chart"),
        ("/check", "nav-check", "home-check"),
        ("/glossary", "nav-glossary", "home-glossary"),
        ("/sources", "nav-sources", "home-sources"),
    ];
    for (path, name, about) in cards {
        let _ = writeln!(
            body,
            "<li><a href=\"{}\">{}</a><p>{}</p></li>",
            esc(&ctx.link(path)),
            esc(&ui.t(name)),
            esc(&ui.t(about))
        );
    }
    body.push_str("</ul>\n");
    Ok(Html(html::page(&ctx, ui, "/", &ui.t("home-title"), &body)))
}

/// One glossary term: its names, definition, sources, measures, data and caveat.
fn term_html(ctx: &Ctx, ui: &super::i18n::Ui, t: &Term) -> String {
    let lang = ctx.lang;
    let mut names: Vec<&str> = vec![t.name.get(lang)];
    for other in Lang::ALL {
        if !names.contains(&t.name.get(other)) {
            names.push(t.name.get(other));
        }
    }
    let mut out = format!(
        "<section id=\"{key}\">\n<h3>{}</h3>\n<p class=\"muted\">{} · {}</p>\n<p>{}</p>\n<dl>\n",
        esc(t.name.get(lang)),
        esc(&names[1..].join(" · ")),
        esc(&ui.t(&format!("kind-{}", t.kind.replace(' ', "-")))),
        esc(t.text.get(lang)),
        key = esc(t.key),
    );
    let sources: Vec<String> = t.sources.iter().map(|d| d.citation.to_string()).collect();
    let measures: Vec<String> = t
        .measures
        .iter()
        .map(|m| {
            let info = m.info();
            catalogue::quantity(info.chart_quantity).map_or(info.name.to_string(), |q| {
                format!("{} ({})", q.title.get(lang), info.name)
            })
        })
        .collect();
    let rows = [
        ("glossary-sources", sources.join(" ")),
        ("glossary-measures", measures.join("; ")),
        ("glossary-data", t.data.get(lang).to_string()),
        ("glossary-caveat", t.caveat.get(lang).to_string()),
    ];
    for (id, value) in rows {
        if !value.is_empty() {
            let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(&ui.t(id)), esc(&value));
        }
    }
    out.push_str("</dl>\n</section>\n");
    out
}

/// The glossary: every term (or the one asked with `?q=`), then every quantity of the catalogue.
pub async fn glossary(ctx: Ctx) -> Page {
    let ui = ctx.ui()?;
    let q = ctx.param("q");
    let mut body = format!(
        "<p>{}</p>\n<form class=\"panel\" method=\"get\" action=\"{}\"><label for=\"q\">{}</label>\
<input id=\"q\" name=\"q\" value=\"{}\" maxlength=\"100\"><button type=\"submit\">{}</button></form>\n",
        esc(&ui.t("glossary-intro")),
        esc(&ctx.link("/glossary")),
        esc(&ui.t("glossary-search")),
        esc(&q),
        esc(&ui.t("glossary-find")),
    );
    if !q.is_empty() {
        return match concepts::find(&q) {
            Some(t) => {
                body.push_str(&term_html(&ctx, ui, t));
                let _ = writeln!(
                    body,
                    "<p><a href=\"{}\">{}</a></p>",
                    esc(&ctx.link("/glossary")),
                    esc(&ui.t("glossary-all"))
                );
                glossary_page(&ctx, ui, &body)
            }
            None => {
                let hint = concepts::suggest(&q);
                let hint = (!hint.is_empty())
                    .then(|| ui.args("glossary-did-you-mean", &[("list", &hint.join(", "))]));
                Err(PageError::bad_request(
                    ctx.lang,
                    ui.args(
                        "glossary-not-found",
                        &[("term", &crate::escape::truncate(&q, 100))],
                    ),
                    hint,
                ))
            }
        };
    }
    let _ = writeln!(body, "<h2>{}</h2>", esc(&ui.t("glossary-terms")));
    for t in concepts::TERMS {
        body.push_str(&term_html(&ctx, ui, t));
    }
    let _ = writeln!(body, "<h2>{}</h2>", esc(&ui.t("glossary-quantities")));
    let head = [
        ui.t("col-indicator"),
        ui.t("col-definition"),
        ui.t("glossary-formula"),
        ui.t("glossary-unit"),
        ui.t("glossary-sources"),
    ];
    let rows: Vec<Vec<String>> = catalogue::QUANTITIES
        .iter()
        .map(|q| {
            vec![
                format!(
                    "<strong>{}</strong><br><code>{}</code>",
                    esc(q.title.get(ctx.lang)),
                    esc(q.name)
                ),
                esc(q.caption.get(ctx.lang)),
                format!("<code lang=\"en\">{}</code>", esc(q.formula)),
                esc(q.unit.as_str()),
                esc(&q.source_keys()),
            ]
        })
        .collect();
    body.push_str(&html::table(None, &head, &rows, &[]));
    glossary_page(&ctx, ui, &body)
}

/// A page of the glossary section (one term, or all of them).
fn glossary_page(ctx: &Ctx, ui: &super::i18n::Ui, body: &str) -> Page {
    Ok(Html(html::page(
        ctx,
        ui,
        "/glossary",
        &ui.t("glossary-title"),
        body,
    )))
}

/// The embedded datasets with their provenance, and the documents of the definitions.
pub async fn sources(ctx: Ctx) -> Page {
    let ui = ctx.ui()?;
    let mut body = format!("<p>{}</p>\n", esc(&ui.t("sources-intro")));
    for d in crate::store::DATASETS {
        let p = d
            .provenance()
            .map_err(|e| PageError::from_error(ctx.lang, &e))?;
        let _ = writeln!(
            body,
            "<section id=\"{}\">\n<h2>{} <code>{}</code></h2>\n<dl>",
            esc(&p.name),
            esc(&p.title),
            esc(&p.name)
        );
        let url = format!(
            "<a href=\"{u}\" rel=\"noreferrer\">{u}</a>",
            u = esc(&p.url)
        );
        let rows = [
            ("sources-publisher", esc(&p.publisher)),
            ("sources-edition", esc(&p.edition)),
            ("sources-licence", esc(&p.licence)),
            ("sources-citation", esc(&p.citation)),
            ("sources-url", url),
            ("sources-reference", esc(&p.reference_time)),
            ("sources-produced", esc(&p.produced_by)),
        ];
        for (id, value) in rows {
            let _ = writeln!(body, "<dt>{}</dt><dd>{value}</dd>", esc(&ui.t(id)));
        }
        body.push_str("</dl>\n");
        if !p.notes.is_empty() {
            let _ = writeln!(body, "<h3>{}</h3>", esc(&ui.t("sources-notes")));
            body.push_str(&html::list(&p.notes, false));
        }
        let _ = writeln!(body, "<h3>{}</h3>", esc(&ui.t("sources-indicators")));
        let head = [
            ui.t("col-indicator"),
            ui.t("glossary-unit"),
            ui.t("col-years"),
            ui.t("col-definition"),
        ];
        let rows: Vec<Vec<String>> = p
            .indicators
            .iter()
            .map(|i| {
                let mut years = format!("{}–{}", i.first_year, i.last_year);
                if let Some(y) = i.first_projection_year {
                    let _ = write!(years, " ({y}+: projection)");
                }
                vec![
                    format!("<code>{}</code>", esc(&i.name)),
                    esc(&i.unit),
                    esc(&years),
                    esc(&i.definition),
                ]
            })
            .collect();
        body.push_str(&html::table(None, &head, &rows, &[]));
        let _ = writeln!(body, "<h3>{}</h3>", esc(&ui.t("sources-files")));
        let head = [ui.t("col-file"), ui.t("col-table"), "SHA-256".to_string()];
        let rows: Vec<Vec<String>> = p
            .files
            .iter()
            .map(|f| {
                vec![
                    format!("<code>{}</code>", esc(&f.file)),
                    esc(&f.table),
                    format!("<code class=\"muted\">{}</code>", esc(&f.sha256)),
                ]
            })
            .collect();
        body.push_str(&html::table(None, &head, &rows, &[]));
        body.push_str("</section>\n");
    }
    let _ = writeln!(body, "<h2>{}</h2>", esc(&ui.t("sources-documents")));
    let docs: Vec<String> = catalogue::DOCUMENTS
        .iter()
        .map(|d| format!("{}: {}", d.key, d.citation))
        .collect();
    body.push_str(&html::list(&docs, false));
    Ok(Html(html::page(
        &ctx,
        ui,
        "/sources",
        &ui.t("sources-title"),
        &body,
    )))
}
