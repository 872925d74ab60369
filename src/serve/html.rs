//! The layout every page shares (header, language switch, navigation, footer), the one escaping
//! function every text goes through ([`esc`]), Markdown of the embedded texts without raw HTML,
//! and the style sheet: readable on a phone (one column, tables that scroll sideways) and on a
//! projector (large type, strong contrast).

use std::fmt::Write as _;

use axum::http::header;
use axum::response::IntoResponse;

use super::context::Ctx;
use super::i18n::Ui;
use crate::Lang;

/// Text for HTML element content or a quoted attribute value.
pub fn esc(text: &str) -> String {
    crate::escape::html(text)
}

/// Text of several lines: each line escaped, joined with `<br>`.
pub fn esc_lines(text: &str) -> String {
    text.lines().map(esc).collect::<Vec<_>>().join("<br>")
}

/// A query string value, percent-encoded (unreserved characters kept).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// A query string of parameters (`?a=1&b=2`, empty when there are none).
pub fn query(params: &[(String, String)]) -> String {
    let parts: Vec<String> = params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// Markdown of an embedded text (task, context) as HTML; raw HTML in it is shown as text.
pub fn markdown(text: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let events = Parser::new(text).map(|event| match event {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

const NAV: [(&str, &str); 6] = [
    ("/", "nav-home"),
    ("/exercises", "nav-exercises"),
    ("/chart", "nav-chart"),
    ("/check", "nav-check"),
    ("/glossary", "nav-glossary"),
    ("/sources", "nav-sources"),
];

/// The publishers and editions of every embedded dataset, as their provenance names them.
fn embedded_sources() -> &'static str {
    static SOURCES: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SOURCES.get_or_init(|| {
        crate::store::DATASETS
            .iter()
            .filter_map(|d| d.provenance().ok())
            .map(|p| p.source)
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// A whole page: `section` is the navigation entry it belongs to (`/chart`), `title` its title.
pub fn page(ctx: &Ctx, ui: &Ui, section: &str, title: &str, body: &str) -> String {
    let lang = ctx.lang;
    let mut nav = String::new();
    for (path, id) in NAV {
        let current = if path == section {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = write!(
            nav,
            "<a href=\"{}\"{current}>{}</a>",
            esc(&ctx.link(path)),
            esc(&ui.t(id))
        );
    }
    let mut switch = String::new();
    for other in Lang::ALL {
        let href = format!("/{}{}{}", other.code(), ctx.path, query(&ctx.params));
        let current = if other == lang {
            " aria-current=\"true\""
        } else {
            ""
        };
        let _ = write!(
            switch,
            "<a href=\"{}\" lang=\"{}\" hreflang=\"{}\"{current}>{}</a>",
            esc(&href),
            other.code(),
            other.code(),
            esc(other.name())
        );
    }
    let footer = ui.args(
        "footer-made",
        &[
            ("version", env!("CARGO_PKG_VERSION")),
            ("sources", embedded_sources()),
        ],
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title} · miglab</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n\
<a class=\"skip\" href=\"#main\">{skip}</a>\n\
<header>\n<div class=\"bar\"><a class=\"brand\" href=\"{home}\">miglab</a>\
<span class=\"tagline\">{tagline}</span>\
<nav class=\"langs\" aria-label=\"{langs}\">{switch}</nav></div>\n\
<nav class=\"main\">{nav}</nav>\n</header>\n\
<main id=\"main\">\n<h1>{title}</h1>\n{body}</main>\n\
<footer><p>{footer}</p></footer>\n</body>\n</html>\n",
        code = lang.code(),
        title = esc(title),
        skip = esc(&ui.t("skip-to-content")),
        home = esc(&ctx.link("/")),
        tagline = esc(&ui.t("site-tagline")),
        langs = esc(&ui.t("lang-switch")),
        footer = esc(&footer),
    )
}

/// An HTML table from a header and rows of cells (already escaped HTML); `numeric[i]` aligns
/// column `i` right.
pub fn table(
    caption: Option<&str>,
    head: &[String],
    rows: &[Vec<String>],
    numeric: &[bool],
) -> String {
    let class = |i: usize| {
        if numeric.get(i).copied().unwrap_or(false) {
            " class=\"num\""
        } else {
            ""
        }
    };
    let mut out = String::from("<div class=\"table\"><table>\n");
    if let Some(c) = caption {
        let _ = writeln!(out, "<caption>{}</caption>", esc(c));
    }
    out.push_str("<thead><tr>");
    for (i, h) in head.iter().enumerate() {
        let _ = write!(out, "<th scope=\"col\"{}>{}</th>", class(i), esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let _ = write!(out, "<td{}>{cell}</td>", class(i));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// An unordered (or ordered) list of escaped items.
pub fn list(items: &[String], ordered: bool) -> String {
    let tag = if ordered { "ol" } else { "ul" };
    let mut out = format!("<{tag}>\n");
    for item in items {
        let _ = writeln!(out, "<li>{}</li>", esc(item));
    }
    let _ = writeln!(out, "</{tag}>");
    out
}

/// The style sheet (cached by browsers for an hour).
pub async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
}

const STYLE: &str = r#":root { --ink: #1a1a1a; --muted: #555; --line: #c8ced6; --accent: #005a8c; --soft: #eef3f8; }
* { box-sizing: border-box; }
html { font-size: 106.25%; -webkit-text-size-adjust: 100%; }
@media (min-width: 1600px) { html { font-size: 125%; } }
body { margin: 0; font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif; line-height: 1.55; color: var(--ink); background: #fff; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #e69f00; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 2; }
header { background: var(--accent); color: #fff; }
header a { color: #fff; }
.bar { display: flex; flex-wrap: wrap; align-items: baseline; gap: .4rem 1rem; padding: .6rem 1rem .2rem; max-width: 96rem; margin: 0 auto; }
.brand { font-weight: bold; font-size: 1.4rem; text-decoration: none; }
.tagline { flex: 1 1 18rem; font-size: .9rem; opacity: .9; }
.langs { display: flex; gap: .25rem; }
.langs a { padding: .2rem .5rem; border: 1px solid rgba(255,255,255,.5); border-radius: .3rem; text-decoration: none; font-size: .9rem; }
.langs a[aria-current] { background: #fff; color: var(--accent); font-weight: bold; }
nav.main { display: flex; flex-wrap: wrap; gap: .2rem .3rem; padding: .2rem 1rem .6rem; max-width: 96rem; margin: 0 auto; }
nav.main a { padding: .3rem .6rem; border-radius: .3rem; text-decoration: none; }
nav.main a[aria-current] { background: rgba(255,255,255,.22); font-weight: bold; }
main { max-width: 96rem; margin: 0 auto; padding: .5rem 1rem 2rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 1rem 0 .6rem; }
h2 { font-size: 1.35rem; margin: 1.8rem 0 .5rem; border-bottom: 2px solid var(--soft); }
h3 { font-size: 1.1rem; margin: 1.3rem 0 .4rem; }
p, li { max-width: 48rem; }
.lead { font-size: 1.1rem; }
.muted, .source, figcaption { color: var(--muted); font-size: .92rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1rem; padding: 0; list-style: none; }
.cards li { border: 1px solid var(--line); border-radius: .5rem; padding: .8rem 1rem; background: var(--soft); max-width: none; }
.cards a { font-weight: bold; font-size: 1.1rem; }
form.panel { background: var(--soft); border: 1px solid var(--line); border-radius: .5rem; padding: .8rem 1rem; margin: 1rem 0; }
.fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: .6rem 1rem; }
label { display: block; font-weight: bold; font-size: .92rem; margin-bottom: .15rem; }
input, select, textarea, button { font: inherit; }
input, select, textarea { width: 100%; padding: .4rem .5rem; border: 1px solid #8a96a3; border-radius: .3rem; background: #fff; }
textarea { min-height: 8rem; }
button, .button { display: inline-block; margin-top: .7rem; padding: .5rem 1.1rem; background: var(--accent); color: #fff; border: 0; border-radius: .3rem; font-weight: bold; text-decoration: none; cursor: pointer; }
.help { font-size: .88rem; color: var(--muted); margin: .4rem 0 0; }
figure { margin: 1rem 0 1.5rem; max-width: 72rem; }
details summary { cursor: pointer; color: var(--accent); }
.toc { display: flex; flex-wrap: wrap; gap: .3rem 1rem; padding: 0; list-style: none; }
figure svg, figure img { display: block; width: 100%; height: auto; border: 1px solid var(--line); }
.downloads { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.downloads .button { margin-top: 0; }
div.table { overflow-x: auto; margin: .5rem 0; }
table { border-collapse: collapse; font-size: .85rem; }
td:nth-child(-n+3) { min-width: 6.5rem; }
caption { text-align: left; font-weight: bold; padding: .2rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; vertical-align: top; text-align: left; }
th { background: var(--soft); }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #f8fafc; }
tr.rests { background: #fff4d6 !important; font-weight: bold; }
.verdict { border-left: 6px solid var(--line); padding: .3rem .9rem; margin: 1rem 0; background: #fafafa; }
.verdict.consistent { border-color: #009e73; }
.verdict.close { border-color: #56b4e9; }
.verdict.inconsistent { border-color: #d55e00; }
.verdict.matches_different { border-color: #e69f00; }
.verdict.cannot_check, .verdict.not_understood { border-color: #999; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: .8rem; background: var(--ink); color: #fff; font-weight: bold; font-size: .9rem; }
.error { border-left: 6px solid #d55e00; padding: .2rem 1rem; background: #fff6f0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 40rem) { dl { grid-template-columns: 1fr; } dd { margin-bottom: .4rem; } h1 { font-size: 1.45rem; } .tagline { display: none; } .bar { padding-top: .4rem; } nav.main { padding-bottom: .4rem; } nav.main a { padding: .15rem .4rem; } }
footer { border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; padding: .5rem 1rem 2rem; max-width: 96rem; margin: 0 auto; }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_shows_raw_html_as_text() {
        let html = markdown("**bold** <script>alert(1)</script>");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn queries_are_encoded() {
        let q = query(&[("countries".into(), "ARM, Gürcüstan&x".into())]);
        assert_eq!(q, "?countries=ARM%2C%20G%C3%BCrc%C3%BCstan%26x");
    }
}
