//! The download cache of `miglab fetch`, and the tables it saves for the other commands.
//!
//! Layout of the cache folder (`MIGLAB_CACHE_DIR`, else the platform cache folder + `miglab`):
//! - `responses/<source>-<hash>.json`: one entry per query (source + the request's path and query
//!   string, so the same query hits the same entry whatever mirror served it), recording the
//!   full URL, the retrieval time, the HTTP validators (ETag, Last-Modified), the status, and the
//!   SHA-256 and length of the body;
//! - `blobs/<sha256>`: the bodies, content-addressed;
//! - `tables/<name>.parquet` + `tables/<name>.json`: fetched tidy tables with their provenance,
//!   listed by `miglab data list` and read by `miglab data show <name>`.
//!
//! Every file is written to a temporary file and renamed. A body is written before the entry
//! that points to it, so the rename of the entry is the moment a new download replaces the old
//! one: a failure before it (timeout, HTTP error, invalid body, full disk) leaves the old entry
//! as it was. Downloads of one command are staged and committed together only after the whole
//! answer has been decoded, so `--refresh` keeps the old entries until the new ones are complete
//! and valid. A body whose checksum no longer matches its entry is never used.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use polars::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::http::{Client, HttpConfig, HttpError, RequestOptions, Response};
use crate::error::{Error, Result};
use crate::output::write_atomically;
use crate::provenance::Provenance;

/// The cache folder: `MIGLAB_CACHE_DIR`, else the platform cache folder (`~/.cache/miglab` on
/// Linux, `~/Library/Caches/miglab` on macOS, `%LOCALAPPDATA%\miglab` on Windows).
pub fn cache_dir() -> Option<PathBuf> {
    match std::env::var_os("MIGLAB_CACHE_DIR") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::cache_dir().map(|d| d.join("miglab")),
    }
}

/// What one cache entry records about a response.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EntryMeta {
    /// The query: source and the request's path and query string.
    pub key: String,
    /// The full URL the body was downloaded from.
    pub url: String,
    /// Retrieval time, UTC, RFC 3339.
    pub retrieved_at: String,
    pub status: u16,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
    /// SHA-256 of the body, hex.
    pub sha256: String,
    pub bytes: u64,
}

/// A cache entry with its (checked) body.
#[derive(Debug, Clone)]
pub struct Entry {
    pub meta: EntryMeta,
    pub body: Vec<u8>,
}

impl Entry {
    pub fn response(&self) -> Response {
        Response {
            url: self.meta.url.clone(),
            status: self.meta.status,
            body: self.body.clone(),
            etag: self.meta.etag.clone(),
            last_modified: self.meta.last_modified.clone(),
            content_type: self.meta.content_type.clone(),
        }
    }
}

/// The cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

impl Cache {
    /// The cache in [`cache_dir`]; an error when no folder can be found.
    pub fn open() -> Result<Cache> {
        let root = cache_dir().ok_or_else(|| {
            Error::Usage(
                "no cache folder: this system has no home or cache folder; set MIGLAB_CACHE_DIR to a writable folder".into(),
            )
        })?;
        Ok(Cache::at(root))
    }

    /// The cache in `root`. Temporary files left there by killed runs are swept
    /// ([`sweep_stale_parts`]).
    pub fn at(root: impl Into<PathBuf>) -> Cache {
        let cache = Cache { root: root.into() };
        for dir in ["responses", "blobs", "tables"] {
            sweep_stale_parts(&cache.root.join(dir));
        }
        cache
    }

    /// Takes the cache's lock (a file lock on `.lock` in the cache folder), waiting for another
    /// miglab process that holds it. Writers hold it around a commit and a table's save, so
    /// that a table and its provenance sidecar always come from the same answer.
    pub fn lock(&self) -> Result<CacheLock> {
        self.lock_with(fs4::FileExt::lock)
    }

    /// The lock shared with other readers (writers wait), for reading a table and its sidecar.
    fn lock_shared(&self) -> Result<CacheLock> {
        self.lock_with(fs4::FileExt::lock_shared)
    }

    fn lock_with(&self, take: fn(&std::fs::File) -> std::io::Result<()>) -> Result<CacheLock> {
        self.ensure_dir(&self.root)?;
        let path = self.root.join(".lock");
        let write_err = |source| Error::Write {
            path: path.clone(),
            source,
        };
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(write_err)?;
        take(&file).map_err(write_err)?;
        Ok(CacheLock { _file: file })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn entry_path(&self, key: &str) -> PathBuf {
        let source = key
            .split_whitespace()
            .next()
            .unwrap_or("query")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>();
        let hash = format!("{:x}", Sha256::digest(key.as_bytes()));
        self.root
            .join("responses")
            .join(format!("{source}-{}.json", &hash[..32]))
    }

    fn blob_path(&self, sha256: &str) -> PathBuf {
        self.root.join("blobs").join(sha256)
    }

    fn ensure_dir(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })
    }

    /// The entry of a query, if there is one. A damaged entry (unreadable metadata, missing
    /// body, checksum mismatch) is an error naming the file, never silently used.
    pub fn get(&self, key: &str) -> Result<Option<Entry>> {
        let path = self.entry_path(key);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(Error::Read { path, source }),
        };
        let meta: EntryMeta = serde_json::from_str(&text).map_err(|e| {
            Error::layout(
                &path,
                format!("damaged cache entry ({e}); fetch again without --offline to replace it"),
            )
        })?;
        if meta.key != key {
            return Ok(None);
        }
        let blob = self.blob_path(&meta.sha256);
        let body = std::fs::read(&blob).map_err(|source| Error::Read {
            path: blob.clone(),
            source,
        })?;
        let sha = format!("{:x}", Sha256::digest(&body));
        if sha != meta.sha256 || body.len() as u64 != meta.bytes {
            return Err(Error::layout(
                &blob,
                "cached body does not match its SHA-256 checksum; fetch again without --offline to replace it",
            ));
        }
        Ok(Some(Entry { meta, body }))
    }

    /// Stores a response as the entry of `key`: body first, then the entry (the commit point).
    pub fn put(&self, key: &str, response: &Response, retrieved_at: &str) -> Result<EntryMeta> {
        self.put_body(response)?;
        self.put_entry(key, response, retrieved_at)
    }

    /// Writes a body into `blobs/` (content-addressed: an existing intact copy is kept).
    pub fn put_body(&self, response: &Response) -> Result<String> {
        let sha = format!("{:x}", Sha256::digest(&response.body));
        let blobs = self.root.join("blobs");
        self.ensure_dir(&blobs)?;
        let blob = self.blob_path(&sha);
        let blob_ok = std::fs::read(&blob)
            .map(|b| format!("{:x}", Sha256::digest(&b)) == sha)
            .unwrap_or(false);
        if !blob_ok {
            write_file(&blob, &response.body)?;
        }
        Ok(sha)
    }

    /// Writes the entry of `key` pointing to the body of `response` (written before by
    /// [`Cache::put_body`]): the rename of this small file is the commit point.
    pub fn put_entry(
        &self,
        key: &str,
        response: &Response,
        retrieved_at: &str,
    ) -> Result<EntryMeta> {
        let sha = format!("{:x}", Sha256::digest(&response.body));
        let responses = self.root.join("responses");
        self.ensure_dir(&responses)?;
        let meta = EntryMeta {
            key: key.to_string(),
            url: response.url.clone(),
            retrieved_at: retrieved_at.to_string(),
            status: response.status,
            etag: response.etag.clone(),
            last_modified: response.last_modified.clone(),
            content_type: response.content_type.clone(),
            sha256: sha,
            bytes: response.body.len() as u64,
        };
        let path = self.entry_path(key);
        let json = serde_json::to_vec_pretty(&meta)?;
        write_file(&path, &json)?;
        Ok(meta)
    }

    fn tables_dir(&self) -> PathBuf {
        self.root.join("tables")
    }

    /// Saves a fetched tidy table and its provenance (parquet first, then the sidecar), under
    /// the cache's lock.
    pub fn save_table(&self, frame: &mut DataFrame, provenance: &Provenance) -> Result<PathBuf> {
        let lock = self.lock()?;
        self.save_table_locked(&lock, frame, provenance)
    }

    /// [`Cache::save_table`] by a caller that holds the cache's lock (e.g. since the commit of
    /// the downloads the table was made from).
    pub fn save_table_locked(
        &self,
        _lock: &CacheLock,
        frame: &mut DataFrame,
        provenance: &Provenance,
    ) -> Result<PathBuf> {
        let dir = self.tables_dir();
        self.ensure_dir(&dir)?;
        let parquet = dir.join(format!("{}.parquet", provenance.name));
        write_atomically(&parquet, |f| crate::output::write_parquet(frame, f))?;
        let json = serde_json::to_vec_pretty(provenance)?;
        let sidecar = dir.join(format!("{}.json", provenance.name));
        write_file(&sidecar, &json)?;
        Ok(parquet)
    }

    /// Provenance of every saved table, by name.
    pub fn tables(&self) -> Vec<Provenance> {
        let Ok(read) = std::fs::read_dir(self.tables_dir()) else {
            return Vec::new();
        };
        let mut out: Vec<Provenance> = read
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .filter(|p| p.with_extension("parquet").is_file())
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .filter_map(|t| serde_json::from_str::<Provenance>(&t).ok())
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// The files of a saved table (its parquet and its provenance sidecar), when both exist:
    /// what reading the table reads.
    pub fn table_files(&self, name: &str) -> Option<(PathBuf, PathBuf)> {
        let lower = name.trim().to_lowercase();
        if lower.is_empty() || lower.contains(['/', '\\']) || lower.starts_with('.') {
            return None;
        }
        let dir = self.tables_dir();
        let parquet = dir.join(format!("{lower}.parquet"));
        let sidecar = dir.join(format!("{lower}.json"));
        (sidecar.is_file() && parquet.is_file()).then_some((parquet, sidecar))
    }

    /// A saved table by name.
    pub fn table(&self, name: &str) -> Result<Option<(DataFrame, Provenance)>> {
        let Some((parquet, sidecar)) = self.table_files(name) else {
            return Ok(None);
        };
        // Both files under one lock: a concurrent save cannot pair this table with another
        // answer's sidecar. A cache folder that cannot be locked (read-only) is read as it is.
        let _lock = self.lock_shared().ok();
        let text = std::fs::read_to_string(&sidecar).map_err(|source| Error::Read {
            path: sidecar.clone(),
            source,
        })?;
        let provenance: Provenance = serde_json::from_str(&text).map_err(|e| {
            Error::layout(
                &sidecar,
                format!("damaged provenance ({e}); run the fetch again"),
            )
        })?;
        let file = std::fs::File::open(&parquet).map_err(|source| Error::Read {
            path: parquet.clone(),
            source,
        })?;
        let frame = ParquetReader::new(file).finish().map_err(|e| {
            Error::layout(
                &parquet,
                format!("damaged table ({e}); run the fetch again"),
            )
        })?;
        Ok(Some((frame, provenance)))
    }
}

/// Writes `bytes` to a file of the cache atomically ([`write_atomically`]).
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically(path, |f| {
        f.write_all(bytes).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
    })
}

/// How `fetch` uses the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Use a cached answer when there is one, else download.
    CacheFirst,
    /// Use only the cache; a miss is an error.
    Offline,
    /// Download again (with the cached validators); keep the old entry until the new answer is
    /// complete and valid.
    Refresh,
}

/// Where one response used by a command came from.
#[derive(Debug, Clone)]
pub struct Used {
    pub url: String,
    pub retrieved_at: String,
    pub sha256: String,
    pub from_cache: bool,
}

/// Downloads through the cache. Fresh responses are staged and written only by [`commit`],
/// which the caller runs once the whole answer has been decoded.
///
/// [`commit`]: Fetcher::commit
pub struct Fetcher {
    cache: Cache,
    mode: Mode,
    client: Option<Client>,
    staged: Vec<(String, Response)>,
    pub used: Vec<Used>,
    now: String,
}

impl Fetcher {
    pub fn new(cache: Cache, mode: Mode) -> Result<Fetcher> {
        let client = if mode == Mode::Offline {
            None
        } else {
            let cfg = HttpConfig::from_env().map_err(Error::Usage)?;
            Some(Client::new(cfg).map_err(|e| Error::NotCovered(e.to_string()))?)
        };
        Ok(Fetcher {
            cache,
            mode,
            client,
            staged: Vec::new(),
            used: Vec::new(),
            now: now_rfc3339(),
        })
    }

    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// When this command started (the retrieval time of fresh downloads).
    pub fn now(&self) -> &str {
        &self.now
    }

    /// A response to the query `key` (source + path and query), downloaded from `url` or read
    /// from the cache by the mode. 200 and 413 responses are staged for [`Fetcher::commit`];
    /// other statuses are returned for the caller to turn into an error.
    pub fn get(&mut self, key: &str, url: &str, opts: &RequestOptions) -> anyhow::Result<Response> {
        if let Some((_, staged)) = self.staged.iter().find(|(k, _)| k == key) {
            return Ok(staged.clone());
        }
        let cached = match self.cache.get(key) {
            Ok(entry) => entry,
            Err(e) if self.mode == Mode::Offline => {
                return Err(anyhow::anyhow!(
                    "--offline: the cached answer to `{key}` is unusable: {e}"
                ))
            }
            Err(_) => None,
        };
        match (self.mode, &cached) {
            (Mode::Offline, None) => {
                return Err(Error::NotCovered(format!(
                    "--offline: no cached answer to the query `{key}` in {}; run the same command once without --offline while online",
                    self.cache.root().display()
                ))
                .into())
            }
            (Mode::Offline | Mode::CacheFirst, Some(entry)) => {
                return Ok(self.answer_from_cache(entry));
            }
            _ => {}
        }
        let Some(client) = &self.client else {
            return Err(anyhow::anyhow!("no HTTP client in offline mode"));
        };
        let mut opts = opts.clone();
        if let Some(entry) = &cached {
            opts.if_none_match = entry.meta.etag.clone();
            opts.if_modified_since = entry.meta.last_modified.clone();
        }
        let response = client.get(url, &opts).map_err(anyhow::Error::from)?;
        if response.status == 304 {
            if let Some(entry) = &cached {
                return Ok(self.answer_from_cache(entry));
            }
        }
        if response.status == 200 || response.status == 413 {
            self.used.push(Used {
                // the URL the answer came from, after any redirect
                url: response.url.clone(),
                retrieved_at: self.now.clone(),
                sha256: format!("{:x}", Sha256::digest(&response.body)),
                from_cache: false,
            });
            self.staged.push((key.to_string(), response.clone()));
        }
        Ok(response)
    }

    /// The cached answer, recorded as used.
    fn answer_from_cache(&mut self, entry: &Entry) -> Response {
        self.used.push(Used {
            url: entry.meta.url.clone(),
            retrieved_at: entry.meta.retrieved_at.clone(),
            sha256: entry.meta.sha256.clone(),
            from_cache: true,
        });
        entry.response()
    }

    /// Writes the staged downloads into the cache (each atomically, old entries replaced only
    /// now). Returns how many were written.
    pub fn commit(&mut self) -> Result<usize> {
        let lock = self.cache.lock()?;
        self.commit_locked(&lock)
    }

    /// [`Fetcher::commit`] by a caller that holds the cache's lock ([`Cache::lock`]) and keeps
    /// it until the table made from these downloads is saved.
    pub fn commit_locked(&mut self, _lock: &CacheLock) -> Result<usize> {
        let staged = std::mem::take(&mut self.staged);
        // Bodies first (the large writes, where a full disk shows), then the small entries: an
        // entry never points to a body that is not there.
        for (_, response) in &staged {
            self.cache.put_body(response)?;
        }
        for (key, response) in &staged {
            self.cache.put_entry(key, response, &self.now)?;
        }
        Ok(staged.len())
    }

    /// Drops the staged downloads (an answer that failed to decode never reaches the cache).
    pub fn discard(&mut self) {
        self.staged.clear();
    }

    /// The retrieval time shown in provenance: the oldest response used.
    pub fn retrieved_at(&self) -> String {
        self.used
            .iter()
            .map(|u| u.retrieved_at.clone())
            .min()
            .unwrap_or_else(|| self.now.clone())
    }
}

/// The cache's lock, held until dropped ([`Cache::lock`]).
#[derive(Debug)]
pub struct CacheLock {
    _file: std::fs::File,
}

// The sweep of temporary files lives with the atomic writes that make them.
pub use crate::output::{sweep_stale_parts, sweep_stale_parts_older_than, STALE_PART_AGE};

impl From<HttpError> for Error {
    fn from(e: HttpError) -> Self {
        Error::NotCovered(e.to_string())
    }
}

/// The current time, UTC, as RFC 3339 (`2026-11-29T19:51:16Z`).
pub fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    rfc3339(secs)
}

/// Seconds since 1970 as RFC 3339 UTC (civil-from-days, proleptic Gregorian calendar).
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_798_573_876), "2026-12-29T19:51:16Z");
    }

    #[test]
    fn put_get_and_damage() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = Cache::at(dir.path());
        let resp = Response {
            url: "http://x/a".into(),
            status: 200,
            body: b"[1,2]".to_vec(),
            etag: Some("\"e\"".into()),
            last_modified: None,
            content_type: None,
        };
        cache
            .put("wb /a", &resp, "2026-01-01T00:00:00Z")
            .expect("put");
        let got = cache.get("wb /a").expect("get").expect("entry");
        assert_eq!(got.body, b"[1,2]");
        assert_eq!(got.meta.etag.as_deref(), Some("\"e\""));
        assert!(cache.get("wb /b").expect("get").is_none());
        std::fs::write(cache.blob_path(&got.meta.sha256), b"[1,").expect("damage");
        assert!(cache.get("wb /a").is_err());
    }
}
