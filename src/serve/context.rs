//! What a request asks in which language ([`Ctx`]), and the pages of errors ([`PageError`]):
//! every problem the user can fix is a 400 page saying what is wrong and how to fix it; a fault
//! of the server is a 500 page without details (they go to the server's stderr).

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};

use super::html::{self, esc};
use super::i18n::Ui;
use crate::error::Error;
use crate::Lang;

/// The language and query of a request: `/az/...` (or `?lang=az`) and the parameters.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    /// The path without the language prefix (`/exercises`).
    pub path: String,
    /// The query parameters, in order, `lang` left out.
    pub params: Vec<(String, String)>,
}

impl Ctx {
    /// A parameter's value, trimmed (empty when absent).
    pub fn param(&self, name: &str) -> String {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    }

    /// The page's messages.
    pub fn ui(&self) -> Result<&'static Ui, PageError> {
        Ui::get(self.lang).map_err(|e| PageError::from_error(self.lang, &e))
    }

    /// A link to a page of the site in this language, e.g. `/az/exercises`.
    pub fn link(&self, path: &str) -> String {
        format!("/{}{path}", self.lang.code())
    }
}

/// The language prefix of a path (`/az`, `/az/...`), if any.
fn prefix_lang(path: &str) -> Option<(Lang, &str)> {
    Lang::ALL.into_iter().find_map(|lang| {
        let rest = path.strip_prefix('/')?.strip_prefix(lang.code())?;
        (rest.is_empty() || rest.starts_with('/')).then_some((lang, rest))
    })
}

/// The language of a path alone (for pages of errors that come before any handler).
pub fn lang_of_path(path: &str) -> Lang {
    prefix_lang(path).map_or(Lang::En, |(l, _)| l)
}

fn parse(uri: &Uri) -> Result<Ctx, PageError> {
    let (mut lang, rest) = prefix_lang(uri.path()).unwrap_or((Lang::En, uri.path()));
    let path = if rest.is_empty() { "/" } else { rest }.to_string();
    let Query(all) = Query::<Vec<(String, String)>>::try_from_uri(uri).map_err(|_| {
        PageError::bad_request(
            lang,
            "the address's query is not valid URL encoding".into(),
            Some("open the page from a link or its form".into()),
        )
    })?;
    let mut params = Vec::new();
    for (k, v) in all {
        if k == "lang" {
            lang = v
                .parse::<Lang>()
                .map_err(|e| PageError::from_error(lang, &e))?;
        } else {
            params.push((k, v));
        }
    }
    Ok(Ctx { lang, path, params })
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Ctx, PageError> {
        parse(&parts.uri)
    }
}

/// A page saying what went wrong, with its status.
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub lang: Lang,
    /// Message id of the title.
    title: &'static str,
    /// What is wrong (the library's message, or a message of the page).
    what: String,
    hint: Option<String>,
}

impl PageError {
    pub fn bad_request(lang: Lang, what: String, hint: Option<String>) -> PageError {
        PageError {
            status: StatusCode::BAD_REQUEST,
            lang,
            title: "error-400",
            what,
            hint,
        }
    }

    fn of(lang: Lang, status: StatusCode, title: &'static str, what: String) -> PageError {
        PageError {
            status,
            lang,
            title,
            what,
            hint: None,
        }
    }

    pub fn not_found(lang: Lang, path: &str) -> PageError {
        let what = Ui::get(lang).map_or(String::new(), |ui| {
            ui.args(
                "error-404-text",
                &[("path", &crate::escape::truncate(path, 200))],
            )
        });
        PageError::of(lang, StatusCode::NOT_FOUND, "error-404", what)
    }

    /// The server's own fault: the details go to stderr, not to the page.
    pub fn internal(lang: Lang, details: &str) -> PageError {
        eprintln!("miglab serve: error: {details}");
        let what = Ui::get(lang).map_or(String::new(), |ui| ui.t("error-500-text"));
        PageError::of(lang, StatusCode::INTERNAL_SERVER_ERROR, "error-500", what)
    }

    pub fn busy(lang: Lang, timeout: std::time::Duration) -> PageError {
        let seconds = timeout.as_secs().to_string();
        let what = Ui::get(lang).map_or(String::new(), |ui| {
            ui.args("error-503-text", &[("seconds", &seconds)])
        });
        PageError::of(lang, StatusCode::SERVICE_UNAVAILABLE, "error-503", what)
    }

    pub fn uri_too_long(lang: Lang) -> PageError {
        let what = Ui::get(lang).map_or(String::new(), |ui| ui.t("error-414-text"));
        PageError::of(lang, StatusCode::URI_TOO_LONG, "error-414", what)
    }

    pub fn body_too_large(lang: Lang) -> PageError {
        let limit = (super::MAX_BODY_BYTES / 1024).to_string();
        let what = Ui::get(lang).map_or(String::new(), |ui| {
            ui.args("error-413-text", &[("limit", &limit)])
        });
        PageError::of(lang, StatusCode::PAYLOAD_TOO_LARGE, "error-413", what)
    }

    /// A library error: what the user asked that cannot be answered is a 400 page with the
    /// library's message and hint; anything else is the server's fault (500).
    pub fn from_error(lang: Lang, e: &Error) -> PageError {
        if user_can_fix(e) {
            PageError::bad_request(lang, e.to_string(), e.hint().map(str::to_string))
        } else {
            PageError::internal(lang, &e.to_string())
        }
    }
}

/// Usage errors, unknown names and selections the data do not cover.
fn user_can_fix(e: &Error) -> bool {
    match e {
        Error::Context { source, .. } => user_can_fix(source),
        Error::Hinted { error, .. } => user_can_fix(error),
        Error::Usage(_) | Error::Unknown { .. } | Error::NotCovered(_) => true,
        _ => false,
    }
}

impl PageError {
    /// The section saying what is wrong and how to fix it.
    pub fn section(&self, ui: &Ui) -> String {
        let mut body = format!(
            "<section class=\"error\" id=\"error\"><h2>{}</h2>\n<p>{}</p>\n",
            esc(&ui.t("error-what")),
            html::esc_lines(&self.what)
        );
        if let Some(hint) = &self.hint {
            body.push_str(&format!(
                "<h2>{}</h2>\n<p>{}</p>\n",
                esc(&ui.t("error-hint")),
                html::esc_lines(hint)
            ));
        }
        body.push_str("</section>\n");
        body
    }

    /// The message id of the page's title.
    pub fn title(&self) -> &'static str {
        self.title
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let ui = match Ui::get(self.lang) {
            Ok(ui) => ui,
            Err(_) => return (self.status, "error").into_response(),
        };
        let mut body = self.section(ui);
        body.push_str(&format!(
            "<p><a href=\"/{}/\">{}</a></p>\n",
            self.lang.code(),
            esc(&ui.t("error-home"))
        ));
        let ctx = Ctx {
            lang: self.lang,
            path: "/".into(),
            params: Vec::new(),
        };
        let page = html::page(&ctx, ui, "", &ui.t(self.title), &body);
        (self.status, Html(page)).into_response()
    }
}

/// The 404 page of any address no route answers.
pub async fn not_found(uri: Uri) -> PageError {
    let lang = lang_of_path(uri.path());
    PageError::not_found(lang, uri.path())
}

/// The 405 page (e.g. a POST to a page that only shows).
pub async fn not_allowed(uri: Uri) -> PageError {
    let lang = lang_of_path(uri.path());
    let what = Ui::get(lang).map_or(String::new(), |ui| ui.t("error-405-text"));
    PageError::of(lang, StatusCode::METHOD_NOT_ALLOWED, "error-405", what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_from_prefix_or_query() {
        let ctx = parse(&"/az/exercises?x=1".parse().unwrap()).unwrap();
        assert_eq!((ctx.lang, ctx.path.as_str()), (Lang::Az, "/exercises"));
        let ctx = parse(&"/exercises?lang=ru&countries=ARM".parse().unwrap()).unwrap();
        assert_eq!(ctx.lang, Lang::Ru);
        assert_eq!(ctx.param("countries"), "ARM");
        assert_eq!(parse(&"/ru".parse().unwrap()).unwrap().path, "/");
        assert_eq!(lang_of_path("/azx"), Lang::En);
        assert!(parse(&"/?lang=fr".parse().unwrap()).is_err());
    }
}
