//! The HTTP client of `miglab fetch`: blocking reqwest over rustls with a per-request timeout,
//! retries with exponential backoff for connection failures, timeouts, 429 and 5xx (honouring
//! `Retry-After`), and a bound on the total time one command may spend on the network.
//!
//! Every error names the URL, what went wrong and what to try. Settings come from the
//! environment so that lab machines (and the tests) can tune them:
//! `MIGLAB_HTTP_TIMEOUT` (seconds per request, default 30), `MIGLAB_HTTP_RETRIES` (default 3),
//! `MIGLAB_HTTP_TOTAL_TIMEOUT` (seconds for the whole command, default 300) and
//! `MIGLAB_HTTP_BACKOFF_MS` (first backoff, default 500, doubled on each retry).

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, RETRY_AFTER, USER_AGENT};

/// Timeouts and retries of the client.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    pub timeout: Duration,
    pub retries: u32,
    pub total: Duration,
    pub backoff: Duration,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(30),
            retries: 3,
            total: Duration::from_secs(300),
            backoff: Duration::from_millis(500),
        }
    }
}

impl HttpConfig {
    /// The defaults, overridden by `MIGLAB_HTTP_*` variables. A malformed value is an error
    /// naming the variable (a silent fallback would hide a typo in a lab setup script).
    pub fn from_env() -> Result<HttpConfig, String> {
        let mut cfg = HttpConfig::default();
        let seconds = |name: &str| -> Result<Option<Duration>, String> {
            match std::env::var(name) {
                Ok(v) => v
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s > 0.0 && *s < 1e6)
                    .map(|s| Some(Duration::from_secs_f64(s)))
                    .ok_or_else(|| {
                        format!("{name}=`{v}` is not a positive number of seconds (e.g. 30)")
                    }),
                Err(_) => Ok(None),
            }
        };
        if let Some(t) = seconds("MIGLAB_HTTP_TIMEOUT")? {
            cfg.timeout = t;
        }
        if let Some(t) = seconds("MIGLAB_HTTP_TOTAL_TIMEOUT")? {
            cfg.total = t;
        }
        if let Ok(v) = std::env::var("MIGLAB_HTTP_RETRIES") {
            cfg.retries = v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|r| *r <= 20)
                .ok_or_else(|| {
                    format!("MIGLAB_HTTP_RETRIES=`{v}` is not a number of retries from 0 to 20")
                })?;
        }
        if let Ok(v) = std::env::var("MIGLAB_HTTP_BACKOFF_MS") {
            cfg.backoff = v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|ms| *ms <= 600_000)
                .map(Duration::from_millis)
                .ok_or_else(|| {
                    format!("MIGLAB_HTTP_BACKOFF_MS=`{v}` is not a number of milliseconds")
                })?;
        }
        Ok(cfg)
    }
}

/// A failed download: the URL, what went wrong, what to try.
#[derive(Debug, thiserror::Error)]
#[error("{url}: {problem}; {hint}")]
pub struct HttpError {
    pub url: String,
    pub problem: String,
    pub hint: String,
}

impl HttpError {
    pub fn new(url: &str, problem: impl Into<String>, hint: impl Into<String>) -> Self {
        HttpError {
            url: url.to_string(),
            problem: problem.into(),
            hint: hint.into(),
        }
    }
}

/// A complete response (the whole body was read).
#[derive(Debug, Clone)]
pub struct Response {
    pub url: String,
    pub status: u16,
    pub body: Vec<u8>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
}

impl Response {
    /// The body as text (lossy: the decoders report what they cannot parse).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// True when the body looks like an HTML page (an error or maintenance page sent with 200).
    pub fn is_html(&self) -> bool {
        let ct_html = self
            .content_type
            .as_deref()
            .is_some_and(|c| c.to_ascii_lowercase().contains("text/html"));
        let head: String = String::from_utf8_lossy(&self.body[..self.body.len().min(512)])
            .trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .take(15)
            .collect::<String>()
            .to_ascii_lowercase();
        ct_html || head.starts_with("<!doctype html") || head.starts_with("<html")
    }
}

/// Extra request headers.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub bearer: Option<String>,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    pub accept: Option<&'static str>,
}

/// The blocking client with its retry policy and the deadline of the whole command.
pub struct Client {
    inner: reqwest::blocking::Client,
    cfg: HttpConfig,
    deadline: Instant,
    progress: Option<indicatif::ProgressBar>,
}

/// Set to `1` to follow redirects to another host, port or scheme (the final URL is then what
/// the cache and the provenance record).
pub const CROSS_ORIGIN_VAR: &str = "MIGLAB_ALLOW_CROSS_ORIGIN_REDIRECTS";

/// At most this many redirects are followed for one request.
const MAX_REDIRECTS: usize = 10;

/// The redirect policy: within the origin (scheme, host and port) of the first URL only,
/// unless [`CROSS_ORIGIN_VAR`] allows others; a refused redirect comes back as the 3xx response
/// itself, which [`Client::get`] turns into an error naming both URLs.
fn redirect_policy() -> reqwest::redirect::Policy {
    let cross_origin = std::env::var(CROSS_ORIGIN_VAR).is_ok_and(|v| v.trim() == "1");
    reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error(format!("more than {MAX_REDIRECTS} redirects"));
        }
        let same = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same || cross_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Checks a part of a query that comes from the user (an indicator or dataset code, a country
/// code, a filter) against a strict pattern, letters, digits, `.`, `_` and `-` starting with a
/// letter or digit, at most 64 characters, and returns it percent-encoded for a URL. `../../x`,
/// `a/b`, `x?y=1` and `%2e` are refused, so a query can never leave the endpoint it targets.
pub fn query_part(what: &str, text: &str) -> Result<String, crate::error::Error> {
    let t = text.trim();
    let ok = !t.is_empty()
        && t.len() <= 64
        && t.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && !t.contains("..");
    if !ok {
        return Err(crate::error::Error::Usage(format!(
            "{what} `{}` is not a code: use letters, digits, `.`, `_` and `-` (at most 64, starting with a letter or digit), e.g. SM.POP.NETM",
            crate::escape::for_message(t, 80)
        )));
    }
    Ok(percent_encode(t))
}

/// Percent-encodes everything but the URL's unreserved characters (RFC 3986).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Client {
    pub fn new(cfg: HttpConfig) -> Result<Client, HttpError> {
        let inner = reqwest::blocking::Client::builder()
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout)
            .redirect(redirect_policy())
            // A Referer would tell a redirect target where the request came from.
            .referer(false)
            .build()
            .map_err(|e| {
                HttpError::new(
                    "(client)",
                    format!("cannot start the HTTP client: {e}"),
                    "reinstall miglab",
                )
            })?;
        let progress = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Ok(Client {
            inner,
            deadline: Instant::now() + cfg.total,
            cfg,
            progress,
        })
    }

    pub fn config(&self) -> &HttpConfig {
        &self.cfg
    }

    /// Shows what is being downloaded (on a terminal only).
    pub fn progress(&self, message: &str) {
        if let Some(bar) = &self.progress {
            bar.set_message(message.to_string());
        }
    }

    /// GETs `url` with retries. Statuses other than 429/5xx (including 304, 404, 413) are
    /// returned for the caller to judge; 429/5xx and network failures are retried and become an
    /// error once the retries or the total time run out.
    pub fn get(&self, url: &str, opts: &RequestOptions) -> Result<Response, HttpError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            USER_AGENT,
            HeaderValue::from_static(concat!(
                "miglab/",
                env!("CARGO_PKG_VERSION"),
                " (teaching migration statistics)"
            )),
        );
        headers.insert(
            ACCEPT,
            HeaderValue::from_static(opts.accept.unwrap_or("application/json")),
        );
        if let Some(token) = &opts.bearer {
            let value =
                HeaderValue::from_str(&format!("Bearer {}", token.trim())).map_err(|_| {
                    HttpError::new(
                        url,
                        "the token contains characters not allowed in an HTTP header",
                        "copy the token again into MIGLAB_UNDATA_TOKEN",
                    )
                })?;
            headers.insert(AUTHORIZATION, value);
        }
        if let Some(v) = opts
            .if_none_match
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert(reqwest::header::IF_NONE_MATCH, v);
        }
        if let Some(v) = opts
            .if_modified_since
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            headers.insert(reqwest::header::IF_MODIFIED_SINCE, v);
        }

        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            self.progress(&format!("GET {url} (attempt {attempt})"));
            let remaining = self.deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(self.out_of_time(url));
            }
            let outcome = match self.once(url, &headers, remaining.min(self.cfg.timeout)) {
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry(problem)) => Err(problem),
                Ok(attempt) => Ok(attempt),
            };
            let (problem, wait) = match outcome {
                Ok(resp) if resp.status == 429 || resp.status >= 500 => {
                    let retry_after = resp.retry_after;
                    let what = if resp.status == 429 {
                        "the server answered 429 Too Many Requests".to_string()
                    } else {
                        format!("the server answered HTTP {} (server error)", resp.status)
                    };
                    (what, retry_after)
                }
                Ok(resp) => return Ok(resp.response),
                Err(problem) => (problem, None),
            };
            if attempt > self.cfg.retries {
                let tries = if attempt == 1 {
                    "1 attempt".to_string()
                } else {
                    format!("{attempt} attempts")
                };
                return Err(HttpError::new(
                    url,
                    format!("{problem} ({tries})"),
                    "check the connection or try again later; `--offline` uses the copy in the cache, if there is one",
                ));
            }
            let backoff = self
                .cfg
                .backoff
                .saturating_mul(2u32.saturating_pow(attempt - 1));
            let wait = wait.unwrap_or(backoff);
            let remaining = self.deadline.saturating_duration_since(Instant::now());
            if wait >= remaining {
                return Err(HttpError::new(
                    url,
                    format!(
                        "{problem}, and waiting {:.1} s before the next try would pass the time limit of {:.0} s",
                        wait.as_secs_f64(),
                        self.cfg.total.as_secs_f64()
                    ),
                    "try again later, raise MIGLAB_HTTP_TOTAL_TIMEOUT, or use `--offline` for the cached copy",
                ));
            }
            self.progress(&format!(
                "{problem}; retrying {url} in {:.1} s",
                wait.as_secs_f64()
            ));
            std::thread::sleep(wait);
        }
    }

    fn out_of_time(&self, url: &str) -> HttpError {
        HttpError::new(
            url,
            format!(
                "the time limit of {:.0} s for this command ran out",
                self.cfg.total.as_secs_f64()
            ),
            "try again later, raise MIGLAB_HTTP_TOTAL_TIMEOUT, or use `--offline` for the cached copy",
        )
    }

    /// One attempt: a response with its whole body (at most [`limits::max_body_bytes`]), or
    /// the failure, to retry or not.
    ///
    /// [`limits::max_body_bytes`]: super::limits::max_body_bytes
    fn once(&self, url: &str, headers: &HeaderMap, timeout: Duration) -> Result<Attempt, Failure> {
        let cap = super::limits::max_body_bytes()
            .map_err(|e| Failure::Fatal(HttpError::new(url, e.to_string(), "fix the variable")))?;
        let mut resp = self
            .inner
            .get(url)
            .headers(headers.clone())
            .timeout(timeout)
            .send()
            .map_err(|e| Failure::Retry(describe(&e)))?;
        let status = resp.status().as_u16();
        if resp.status().is_redirection() {
            return Err(Failure::Fatal(refused_redirect(url, &resp)));
        }
        let final_url = resp.url().to_string();
        let header = |name: reqwest::header::HeaderName| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let etag = header(reqwest::header::ETAG);
        let last_modified = header(reqwest::header::LAST_MODIFIED);
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let retry_after = header(RETRY_AFTER).and_then(|v| parse_retry_after(&v));
        let expected = resp.content_length();
        let too_large = || {
            Failure::Fatal(HttpError::new(
                &final_url,
                super::limits::body_too_large(cap),
                format!(
                    "narrow the query (fewer countries, years or filters); if the answer is genuine, raise {}",
                    super::limits::BODY_VAR
                ),
            ))
        };
        if expected.is_some_and(|n| n > cap) {
            return Err(too_large());
        }
        // Read at most one byte more than the cap: never buffer more than the cap.
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(&mut resp, cap + 1), &mut body)
            .map_err(|e| {
                Failure::Retry(format!(
                    "the download broke off before the end of the body ({e})"
                ))
            })?;
        if body.len() as u64 > cap {
            return Err(too_large());
        }
        if let Some(n) = expected {
            if (body.len() as u64) < n {
                return Err(Failure::Retry(format!(
                    "the body was cut off after {} of {n} bytes",
                    body.len()
                )));
            }
        }
        Ok(Attempt {
            response: Response {
                url: final_url,
                status,
                body,
                etag,
                last_modified,
                content_type,
            },
            status,
            retry_after,
        })
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Some(bar) = &self.progress {
            bar.finish_and_clear();
        }
    }
}

/// Why an attempt failed: worth another try (network, timeout), or not (the answer itself is
/// refused: too large, a redirect off the origin).
enum Failure {
    Retry(String),
    Fatal(HttpError),
}

/// The error for a redirect the policy stopped: both URLs, and how to allow it.
fn refused_redirect(url: &str, resp: &reqwest::blocking::Response) -> HttpError {
    let target = resp
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(|l| {
            resp.url()
                .join(l)
                .map_or_else(|_| l.to_string(), |u| u.to_string())
        })
        .unwrap_or_else(|| "(no Location)".to_string());
    HttpError::new(
        url,
        format!(
            "the server redirected (HTTP {}) from {} to {}, another host, port or scheme; miglab follows redirects within the same origin only",
            resp.status().as_u16(),
            resp.url(),
            crate::escape::for_message(&target, 300)
        ),
        format!(
            "check the MIGLAB_*_URL setting and use the new address directly; to follow such redirects set {CROSS_ORIGIN_VAR}=1 (the final URL is then recorded)"
        ),
    )
}

struct Attempt {
    response: Response,
    status: u16,
    retry_after: Option<Duration>,
}

/// `Retry-After` in seconds (the HTTP-date form is rare in these APIs: it falls back to backoff).
fn parse_retry_after(value: &str) -> Option<Duration> {
    value
        .trim()
        .parse::<u64>()
        .ok()
        .map(|s| Duration::from_secs(s.min(86_400)))
}

/// A reqwest error in words a student can act on.
fn describe(e: &reqwest::Error) -> String {
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(e);
    let mut detail = String::new();
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    let what = if e.is_timeout() {
        "no answer within the time limit (timeout)".to_string()
    } else if e.is_connect() {
        "cannot connect to the server (connection refused or no network)".to_string()
    } else if e.is_body() || e.is_decode() {
        "the response body could not be read".to_string()
    } else {
        "the request failed".to_string()
    };
    if detail.is_empty() {
        what
    } else {
        format!("{what}: {detail}")
    }
}

/// A publisher's base URL: the environment variable `var` when set (e.g. a mirror or the tests'
/// mock server), else `default`; without a trailing slash.
pub fn base_url(var: &str, default: &str) -> String {
    std::env::var(var)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_string())
        .trim_end_matches('/')
        .to_string()
}

/// The body of a 200 response as JSON, or an error naming the URL, what is wrong with the body
/// and what to try (`what` names the expected layout, e.g. "World Bank API v2 JSON").
pub fn json_body(resp: &Response, what: &str) -> Result<serde_json::Value, HttpError> {
    let snippet = || {
        let text = String::from_utf8_lossy(&resp.body[..resp.body.len().min(160)])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if text.is_empty() {
            "empty body".to_string()
        } else {
            format!("body starts `{text}`")
        }
    };
    if resp.status != 200 {
        return Err(HttpError::new(
            &resp.url,
            format!("the server answered HTTP {} ({})", resp.status, snippet()),
            "check the codes in the query (dataset, indicator, countries, years); if they are right, try again later",
        ));
    }
    if resp.is_html() {
        return Err(HttpError::new(
            &resp.url,
            format!("the server sent an HTML page instead of {what} (a proxy, login or maintenance page?)"),
            "open the URL in a browser to see the page, check the MIGLAB_*_URL setting, or use `--offline` for the cached copy",
        ));
    }
    if resp.body.iter().all(u8::is_ascii_whitespace) {
        return Err(HttpError::new(
            &resp.url,
            format!("the server sent an empty body instead of {what}"),
            "try again later, or use `--offline` for the cached copy",
        ));
    }
    let text = std::str::from_utf8(&resp.body).map_err(|e| {
        HttpError::new(
            &resp.url,
            format!(
                "the body is not UTF-8 text (bad byte at {})",
                e.valid_up_to()
            ),
            "the download was damaged; try again",
        )
    })?;
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        let cut = if e.is_eof() {
            "the body ends before the JSON does: the download was cut off"
        } else {
            "the body is not valid JSON"
        };
        HttpError::new(
            &resp.url,
            format!("{cut} ({e}; {})", snippet()),
            format!(
                "expected {what}; try again (`--refresh`), or use `--offline` for the cached copy"
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds() {
        assert_eq!(parse_retry_after(" 2 "), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn html_detection() {
        let r = Response {
            url: "u".into(),
            status: 200,
            body: b"  <!DOCTYPE html><html>".to_vec(),
            etag: None,
            last_modified: None,
            content_type: None,
        };
        assert!(r.is_html());
    }
}
