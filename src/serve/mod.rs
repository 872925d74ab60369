//! `miglab serve`: the web page for a class. A small HTTP server (axum on tokio) that answers
//! every page from the embedded data through the same typed library the command line uses:
//! the exercise packs ([`crate::exercise::pack`]), charts ([`crate::chart`]), the fact-checker
//! ([`crate::check`]), the glossary ([`crate::catalogue::concepts`]) and the provenance of the
//! datasets ([`crate::store`]). Every page is server-rendered HTML without JavaScript, in
//! English, Azerbaijani or Russian (`/az/...` or `?lang=az`).
//!
//! Bounded for a class at once: request bodies and addresses are capped, each request has a
//! time limit, heavy work (packs, charts) runs on blocking threads behind a semaphore, and
//! packs are cached by request (a bounded number of them). No file path ever comes from a
//! request: exercises, tables and datasets are looked up by name among the embedded ones.
//!
//! Files: `mod.rs` (options, server, router, limits), `context.rs` (the language and query of
//! a request, error pages), `html.rs` (layout, escaping, CSS), `pages.rs` (home, glossary,
//! sources), `exercises.rs` (exercise pages, packs, zips), `cache.rs` (bounded cache), `charts.rs` (chart builder),
//! `checker.rs` (fact-checker), `i18n.rs` (the page's own words, `locales/`).

mod cache;
mod charts;
mod checker;
mod context;
mod exercises;
mod html;
pub mod i18n;
mod pages;
mod verdict_words;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::Semaphore;

pub use context::{Ctx, PageError};

use crate::error::{Error, Result};

/// The largest request body (the fact-checker's text): 64 KB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The longest address (path and query) answered.
pub const MAX_URI_BYTES: usize = 4096;

/// How `miglab serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub host: IpAddr,
    /// 0 picks a free port (tests).
    pub port: u16,
    /// Time limit of one request.
    pub timeout: Duration,
    /// Heavy requests (packs, charts, checks) computed at once.
    pub workers: usize,
    /// Packs kept in memory (zip and page), by exercise, countries and language.
    pub cached_packs: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServeOptions {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8080,
            timeout: Duration::from_secs(60),
            workers: cores.max(2),
            cached_packs: 32,
        }
    }
}

impl ServeOptions {
    /// Whether other machines can reach the server (any address but loopback).
    pub fn is_exposed(&self) -> bool {
        !self.host.is_loopback()
    }
}

/// What every request shares.
pub(crate) struct AppState {
    pub heavy: Arc<Semaphore>,
    pub packs: exercises::PackCache,
    pub charts: charts::ChartCache,
    pub checks: checker::CheckCache,
    pub timeout: Duration,
}

impl AppState {
    fn new(options: &ServeOptions) -> AppState {
        AppState {
            heavy: Arc::new(Semaphore::new(options.workers.max(1))),
            packs: exercises::PackCache::new(options.cached_packs),
            charts: charts::ChartCache::new(options.cached_packs * 4),
            checks: checker::CheckCache::new(options.cached_packs * 4),
            timeout: options.timeout,
        }
    }

    /// Runs heavy work on a blocking thread once a worker is free; the worker stays taken until
    /// the work ends, even when the request has given up, so no more than `workers` run at once.
    pub async fn heavy<T: Send + 'static>(
        &self,
        lang: crate::Lang,
        work: impl FnOnce() -> std::result::Result<T, PageError> + Send + 'static,
    ) -> std::result::Result<T, PageError> {
        let permit = self
            .heavy
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| PageError::busy(lang, self.timeout))?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|e| PageError::internal(lang, &format!("a worker stopped: {e}")))?
    }
}

/// The router of every page, in each language prefix (`/`, `/en`, `/az`, `/ru`).
fn router(state: Arc<AppState>) -> Router {
    let mut router = Router::new().route("/style.css", get(html::style));
    for prefix in ["", "/en", "/az", "/ru"] {
        let p = |path: &str| format!("{prefix}{path}");
        router = router
            .route(&p("/"), get(pages::home))
            .route(&p("/exercises"), get(exercises::list))
            .route(&p("/exercises/{name}"), get(exercises::page))
            .route(&p("/exercises/{name}/pack.zip"), get(exercises::zip))
            .route(
                &p("/exercises/{name}/tables/{file}"),
                get(exercises::table_csv),
            )
            .route(&p("/chart"), get(charts::page))
            .route(&p("/chart/data.csv"), get(charts::csv))
            .route(&p("/chart/chart.svg"), get(charts::svg))
            .route(&p("/chart/chart.png"), get(charts::png))
            .route(&p("/check"), get(checker::page).post(checker::submit))
            .route(&p("/glossary"), get(pages::glossary))
            .route(&p("/sources"), get(pages::sources));
        if !prefix.is_empty() {
            router = router.route(prefix, get(pages::home));
        }
    }
    let timeout = state.timeout;
    router
        .fallback(context::not_found)
        .method_not_allowed_fallback(context::not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(move |req, next| {
            guard(req, next, timeout)
        }))
        .with_state(state)
}

/// Every request: the address capped, the time limited, and headers that keep the page to
/// itself (no scripts at all, no framing, no sniffing).
async fn guard(req: Request, next: Next, timeout: Duration) -> Response {
    let lang = context::lang_of_path(req.uri().path());
    let uri_len = req.uri().path().len() + req.uri().query().map_or(0, str::len);
    let mut response = if uri_len > MAX_URI_BYTES {
        PageError::uri_too_long(lang).into_response()
    } else {
        match tokio::time::timeout(timeout, next.run(req)).await {
            Ok(r) => r,
            Err(_) => PageError::busy(lang, timeout).into_response(),
        }
    };
    let headers = response.headers_mut();
    let fixed = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Binds the address: a port in use or a forbidden address is an error with a hint.
fn bind(options: &ServeOptions) -> Result<std::net::TcpListener> {
    let addr = SocketAddr::new(options.host, options.port);
    let listen_error = |source: std::io::Error| {
        let hint = match source.kind() {
            std::io::ErrorKind::AddrInUse => format!(
                "another program (perhaps another `miglab serve`) uses port {}; stop it, or give another port, e.g. --port {}",
                options.port,
                options.port.saturating_add(1)
            ),
            std::io::ErrorKind::PermissionDenied => {
                "ports below 1024 need administrator rights; use e.g. --port 8080".to_string()
            }
            std::io::ErrorKind::AddrNotAvailable => format!(
                "{} is not an address of this machine; use 127.0.0.1 (this machine only) or 0.0.0.0 (every network)",
                options.host
            ),
            _ => "check --host and --port".to_string(),
        };
        Error::Listen {
            addr: addr.to_string(),
            source,
        }
        .with_hint(hint)
    };
    let listener = std::net::TcpListener::bind(addr).map_err(listen_error)?;
    listener.set_nonblocking(true).map_err(listen_error)?;
    Ok(listener)
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .thread_name("miglab-serve")
        .build()
        .map_err(|source| Error::Listen {
            addr: "the server's threads".into(),
            source,
        })
}

/// Checks that the embedded exercises, messages and crosswalk load, so a damaged build fails
/// at start and not in a student's browser.
fn preflight() -> Result<()> {
    crate::exercise::all()?;
    crate::countries::Crosswalk::embedded()?;
    for lang in crate::Lang::ALL {
        i18n::Ui::get(lang)?;
        crate::exercise::i18n::Messages::new(lang)?;
    }
    Ok(())
}

/// What serving needs before it starts: the embedded data checked, the socket bound, its
/// address, the runtime and the shared state.
type Prepared = (
    std::net::TcpListener,
    SocketAddr,
    tokio::runtime::Runtime,
    Arc<AppState>,
);

fn prepare(options: &ServeOptions) -> Result<Prepared> {
    preflight()?;
    let listener = bind(options)?;
    let addr = listener.local_addr().map_err(|source| Error::Listen {
        addr: options.host.to_string(),
        source,
    })?;
    Ok((listener, addr, runtime()?, Arc::new(AppState::new(options))))
}

/// Serves until the process is stopped; `ready` is told the address once it is listening.
pub fn run(options: &ServeOptions, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    let (listener, addr, rt, state) = prepare(options)?;
    rt.block_on(async move {
        let listener =
            tokio::net::TcpListener::from_std(listener).map_err(|source| Error::Listen {
                addr: addr.to_string(),
                source,
            })?;
        ready(addr);
        axum::serve(listener, router(state))
            .await
            .map_err(|source| Error::Listen {
                addr: addr.to_string(),
                source,
            })
    })
}

/// A server running on a thread of its own (tests, the load test); stopped when dropped.
pub struct Server {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Starts a server (port 0: a free one) and returns once it listens.
    pub fn start(options: &ServeOptions) -> Result<Server> {
        let (listener, addr, rt, state) = prepare(options)?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            rt.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let _ = axum::serve(listener, router(state))
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await;
            });
        });
        Ok(Server {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address as a URL, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
