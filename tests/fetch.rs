//! Tests of `miglab fetch` against a loopback mock server (mockito, and a raw TCP listener for
//! faults mockito cannot produce). Every run gets its own cache folder; every fault case checks
//! the error message, the exit code and that the cache is byte for byte what it was.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use mockito::{Matcher, Mock, Server, ServerGuard};
use predicates::prelude::*;

use common::{miglab, shared};

const NETM_PATH: &str = "/v2/country/ARM;AZE;GEO/indicator/SM.POP.NETM";
const UNHCR_PATH: &str = "/population/v1/population/";
const RESFIRST_PATH: &str = "/eurostat/api/dissemination/statistics/1.0/data/migr_resfirst";

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fetch")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn recorded_wb(name: &str) -> String {
    let path = shared().join("worldbank_api_v2_fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The CLI with the cache in `cache`, fast retries and short timeouts.
fn fetch_cmd(cache: &Path) -> Command {
    let mut cmd = miglab();
    cmd.env("MIGLAB_CACHE_DIR", cache)
        .env("MIGLAB_HTTP_RETRIES", "0")
        .env("MIGLAB_HTTP_TIMEOUT", "5")
        .env("MIGLAB_HTTP_BACKOFF_MS", "10")
        .env("MIGLAB_HTTP_TOTAL_TIMEOUT", "30");
    cmd
}

/// Every file of the cache folder and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in read.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).expect("read cache file"));
            }
        }
    }
    out
}

fn response_entries(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("responses")).map_or(0, |r| r.count())
}

fn wb_page(server: &mut ServerGuard, path: &str, page: &str, body: String) -> Mock {
    server
        .mock("GET", path)
        .match_query(Matcher::UrlEncoded("page".into(), page.into()))
        .with_status(200)
        .with_header("content-type", "application/json;charset=utf-8")
        .with_body(body)
        .create()
}

fn netm_server() -> (ServerGuard, Mock, Mock) {
    let mut server = Server::new();
    let p1 = wb_page(
        &mut server,
        NETM_PATH,
        "1",
        fixture("wb_netm_south_caucasus_page1.json"),
    );
    let p2 = wb_page(
        &mut server,
        NETM_PATH,
        "2",
        fixture("wb_netm_south_caucasus_page2.json"),
    );
    (server, p1, p2)
}

const NETM_ARGS: &[&str] = &[
    "fetch",
    "worldbank",
    "--indicator",
    "SM.POP.NETM",
    "--countries",
    "south-caucasus",
    "--years",
    "2014-2023",
    "--format",
    "csv",
];

/// Fills a cache with the SM.POP.NETM answer; returns the CSV printed.
fn fill_netm_cache(cache: &Path) -> String {
    let (server, _p1, _p2) = netm_server();
    let out = fetch_cmd(cache)
        .env("MIGLAB_WORLDBANK_URL", server.url())
        .args(NETM_ARGS)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).expect("utf8")
}

/// Runs the SM.POP.NETM query with --refresh against `url`; asserts exit 1, the message parts
/// and that the cache did not change.
fn assert_refresh_fails(cache: &Path, url: &str, envs: &[(&str, &str)], expected: &[&str]) {
    let before = snapshot(cache);
    let mut cmd = fetch_cmd(cache);
    cmd.env("MIGLAB_WORLDBANK_URL", url)
        .args(NETM_ARGS)
        .arg("--refresh");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.assert().failure().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).expect("utf8");
    for part in expected {
        assert!(
            stderr.to_lowercase().contains(&part.to_lowercase()),
            "stderr lacks `{part}`: {stderr}"
        );
    }
    assert!(
        out.get_output().stdout.is_empty(),
        "no data on stdout after an error"
    );
    assert_eq!(before, snapshot(cache), "the cache changed after a failure");
    // The old entry still answers offline, unchanged.
    fetch_cmd(cache)
        .args(NETM_ARGS)
        .arg("--offline")
        .assert()
        .success()
        .stdout(predicate::str::contains("ARM,total,2014,-27763"));
}

/// A loopback server that hands each connection to `handle` (for faults mockito cannot make).
fn raw_server(handle: impl Fn(TcpStream) + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let handle = std::sync::Arc::new(handle);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let h = handle.clone();
            std::thread::spawn(move || h(stream));
        }
    });
    format!("http://{addr}")
}

fn read_request(stream: &mut TcpStream) {
    let mut buf = [0u8; 4096];
    let mut seen = Vec::new();
    stream
        .set_read_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        seen.extend_from_slice(&buf[..n]);
        if seen.windows(4).any(|w| w == b"\r\n\r\n") {
            break;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The commands that must work as written.

#[test]
fn worldbank_netm_online_then_offline_across_two_pages() {
    let cache = tempfile::tempdir().expect("tempdir");
    let (server, p1, p2) = netm_server();
    let online = fetch_cmd(cache.path())
        .env("MIGLAB_WORLDBANK_URL", server.url())
        .args(NETM_ARGS)
        .assert()
        .success();
    let online = String::from_utf8(online.get_output().stdout.clone()).expect("utf8");
    p1.assert();
    p2.assert();
    let lines: Vec<&str> = online.lines().collect();
    assert_eq!(
        lines.len(),
        31,
        "header + 3 countries x 10 years:\n{online}"
    );
    assert!(lines[0].starts_with("dataset,indicator,country,sex,year,value,unit"));
    // Values from both pages, as published (SM.POP.NETM, vintage 2024-06-28).
    assert!(online.contains("net_migration,ARM,total,2014,-27763,persons"));
    assert!(online.contains("net_migration,GEO,total,2023,-9999,persons"));
    assert!(online.contains("net_migration,AZE,total,2022,0,persons"));
    // Provenance in the source column: publisher, URL, retrieval time.
    assert!(online.contains("World Bank WDI API v2"));
    assert!(online.contains(&server.url()));
    assert!(online.contains("retrieved 20"));
    assert_eq!(response_entries(cache.path()), 2);

    // Offline: same output, no request (the server is gone).
    drop(server);
    fetch_cmd(cache.path())
        .env("MIGLAB_WORLDBANK_URL", "http://127.0.0.1:9")
        .args(NETM_ARGS)
        .arg("--offline")
        .assert()
        .success()
        .stdout(online.clone());

    // Without --offline the cache answers too (cache first), still without the network.
    fetch_cmd(cache.path())
        .env("MIGLAB_WORLDBANK_URL", "http://127.0.0.1:9")
        .args(NETM_ARGS)
        .assert()
        .success()
        .stdout(online);
}

#[test]
fn offline_miss_names_the_query() {
    let cache = tempfile::tempdir().expect("tempdir");
    fetch_cmd(cache.path())
        .args(NETM_ARGS)
        .arg("--offline")
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("--offline"))
        .stderr(predicate::str::contains(
            "/country/ARM;AZE;GEO/indicator/SM.POP.NETM",
        ))
        .stderr(predicate::str::contains("without --offline"));
    assert_eq!(response_entries(cache.path()), 0);
}

#[test]
fn fetched_table_is_listed_and_shown_by_data_commands() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    fetch_cmd(cache.path())
        .args(["data", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("worldbank_sm_pop_netm"))
        .stdout(predicate::str::contains("wpp2024"));
    fetch_cmd(cache.path())
        .args([
            "data",
            "show",
            "worldbank_sm_pop_netm",
            "--country",
            "GEO",
            "--years",
            "2020",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("GEO,total,2020,-2734"));
}

#[test]
fn unhcr_origin_query_pages_and_dashes() {
    let cache = tempfile::tempdir().expect("tempdir");
    let mut server = Server::new();
    let base = [
        Matcher::UrlEncoded("cf_type".into(), "ISO".into()),
        Matcher::UrlEncoded("yearFrom".into(), "2015".into()),
        Matcher::UrlEncoded("yearTo".into(), "2024".into()),
        Matcher::UrlEncoded("coo".into(), "AZE,ARM,GEO".into()),
    ];
    let mut mocks = Vec::new();
    for page in ["1", "2"] {
        let mut m = base.to_vec();
        m.push(Matcher::UrlEncoded("page".into(), page.into()));
        mocks.push(
            server
                .mock("GET", UNHCR_PATH)
                .match_query(Matcher::AllOf(m))
                .with_status(200)
                .with_header("content-type", "application/json")
                .with_body(fixture(&format!("unhcr_population_page{page}.json")))
                .expect(1)
                .create(),
        );
    }
    let out = fetch_cmd(cache.path())
        .env("MIGLAB_UNHCR_URL", server.url())
        .args([
            "fetch",
            "unhcr",
            "--origin",
            "AZE,ARM,GEO",
            "--years",
            "2015-2024",
        ])
        .assert()
        .success();
    for m in &mocks {
        m.assert();
    }
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf8");
    // Table output: origin, destination (900 World = all countries of asylum), the source under it.
    assert!(text.contains("AZE Azerbaijan"), "{text}");
    assert!(text.contains("900 World"), "{text}");
    assert!(text.contains("refugees"));
    assert!(text.contains("UNHCR population statistics API v1"));
    // Values from page 1 and page 2 of the fixture (sums of UNHCR's published table).
    let csv = fetch_cmd(cache.path())
        .args([
            "fetch",
            "unhcr",
            "--origin",
            "AZE,ARM,GEO",
            "--years",
            "2015-2024",
            "--offline",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    let csv = String::from_utf8(csv.get_output().stdout.clone()).expect("utf8");
    assert!(
        csv.contains("refugees,ARM,900,total,2015,11211,persons"),
        "{csv}"
    );
    // `-` is missing: no oip row before 2022 (the category did not exist).
    assert!(!csv.contains("oip,ARM,900,total,2015"));
    let last = unhcr_item(&fixture("unhcr_population_page2.json"));
    assert!(csv.contains(&last), "page 2 row `{last}` missing");
}

/// The CSV row fragment of the last item of an UNHCR fixture page (refugees).
fn unhcr_item(page: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(page).expect("json");
    let item = v["items"].as_array().and_then(|a| a.last()).expect("item");
    format!(
        "refugees,{},900,total,{},{},persons",
        item["coo_iso"].as_str().expect("coo"),
        item["year"],
        item["refugees"]
    )
}

#[test]
fn eurostat_resfirst_sparse_values_and_status() {
    let cache = tempfile::tempdir().expect("tempdir");
    let mut server = Server::new();
    let m = server
        .mock("GET", RESFIRST_PATH)
        .match_query(Matcher::AllOf(vec![
            Matcher::Regex("citizen=AZ&citizen=AM&citizen=GE".into()),
            Matcher::UrlEncoded("sinceTimePeriod".into(), "2015".into()),
            Matcher::UrlEncoded("untilTimePeriod".into(), "2023".into()),
            Matcher::UrlEncoded("reason".into(), "TOTAL".into()),
        ]))
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(fixture("eurostat_migr_resfirst.json"))
        .expect(1)
        .create();
    let out = fetch_cmd(cache.path())
        .env("MIGLAB_EUROSTAT_URL", server.url())
        .args([
            "fetch",
            "eurostat",
            "--dataset",
            "migr_resfirst",
            "--citizen",
            "AZ,AM,GE",
            "--years",
            "2015-2023",
        ])
        .assert()
        .success();
    m.assert();
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf8");
    assert!(text.contains("first_residence_permits"), "{text}");
    assert!(text.contains("AZE Azerbaijan"));
    assert!(text.contains("DEU Germany"));
    assert!(text.contains("Eurostat API, migr_resfirst"));
    assert!(text.contains("flagged `p` (provisional)"), "{text}");
    let csv = fetch_cmd(cache.path())
        .args([
            "fetch",
            "eurostat",
            "--dataset",
            "migr_resfirst",
            "--citizen",
            "AZ,AM,GE",
            "--years",
            "2015-2023",
            "--offline",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    let csv = String::from_utf8(csv.get_output().stdout.clone()).expect("utf8");
    // Cell (citizen AZ = 1, geo DE = 1, time 2016 = 1): 1000*2 + 100*1 + 7 = 2107.
    assert!(
        csv.contains("first_residence_permits,AZE,DEU,total,2016,2107,persons"),
        "{csv}"
    );
    // Status `:` without a value: a row with a missing value; sparse absent cells: no row.
    assert!(csv.contains("first_residence_permits,AZE,LTU,total,2015,,persons"));
    assert!(!csv.contains("first_residence_permits,ARM,LTU"));
    // `e` marks estimated values (imputed column).
    assert!(
        csv.contains("first_residence_permits,AZE,EU27_2020,total,2015,2000,persons,false,true"),
        "{csv}"
    );
}

#[test]
fn eurostat_without_status_decodes() {
    let cache = tempfile::tempdir().expect("tempdir");
    let mut server = Server::new();
    let _m = server
        .mock("GET", RESFIRST_PATH)
        .match_query(Matcher::Any)
        .with_status(200)
        .with_body(fixture("eurostat_migr_resfirst_no_status.json"))
        .create();
    fetch_cmd(cache.path())
        .env("MIGLAB_EUROSTAT_URL", server.url())
        .args([
            "fetch",
            "eurostat",
            "--dataset",
            "migr_resfirst",
            "--citizen",
            "AZ,AM,GE",
            "--years",
            "2015-2023",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("no status flags"))
        .stdout(predicate::str::contains("2,107"));
    assert_eq!(response_entries(cache.path()), 1);
}

#[test]
fn eurostat_413_splits_the_query() {
    let cache = tempfile::tempdir().expect("tempdir");
    let mut server = Server::new();
    let big = server
        .mock("GET", RESFIRST_PATH)
        .match_query(Matcher::Regex("citizen=AZ&citizen=AM&citizen=GE".into()))
        .with_status(413)
        .with_body("Request Entity Too Large")
        .expect(1)
        .create();
    let az = server
        .mock("GET", RESFIRST_PATH)
        .match_query(Matcher::Regex(
            "format=JSON&lang=EN&citizen=AZ&duration".into(),
        ))
        .with_status(200)
        .with_body(fixture("eurostat_split_az.json"))
        .expect(1)
        .create();
    let amge = server
        .mock("GET", RESFIRST_PATH)
        .match_query(Matcher::Regex("citizen=AM&citizen=GE&duration".into()))
        .with_status(200)
        .with_body(fixture("eurostat_split_am_ge.json"))
        .expect(1)
        .create();
    let out = fetch_cmd(cache.path())
        .env("MIGLAB_EUROSTAT_URL", server.url())
        .args([
            "fetch",
            "eurostat",
            "--dataset",
            "migr_resfirst",
            "--citizen",
            "AZ,AM,GE",
            "--years",
            "2015-2023",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    big.assert();
    az.assert();
    amge.assert();
    let csv = String::from_utf8(out.get_output().stdout.clone()).expect("utf8");
    assert!(
        csv.contains("first_residence_permits,AZE,DEU,total,2016,2107"),
        "{csv}"
    );
    assert!(
        csv.contains("first_residence_permits,GEO,POL,total,2015,3200"),
        "{csv}"
    );
    // The split replays offline from the cache (the 413 is cached too).
    fetch_cmd(cache.path())
        .args([
            "fetch",
            "eurostat",
            "--dataset",
            "migr_resfirst",
            "--citizen",
            "AZ,AM,GE",
            "--years",
            "2015-2023",
            "--format",
            "csv",
            "--offline",
        ])
        .assert()
        .success()
        .stdout(csv);
}

// ---------------------------------------------------------------------------------------------
// World Bank specifics on the real recorded responses.

#[test]
fn worldbank_recorded_error_body_is_reported() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    let mut server = Server::new();
    let _m = server
        .mock("GET", NETM_PATH)
        .match_query(Matcher::Any)
        .with_status(200)
        .with_body(recorded_wb("wb_v2_error_invalid_indicator.json"))
        .create();
    assert_refresh_fails(
        cache.path(),
        &server.url(),
        &[],
        &[
            "rejected the query",
            "120 Invalid value: The provided parameter value is not valid",
            &server.url(),
            "--search",
        ],
    );
}

#[test]
fn worldbank_recorded_pages_and_empty_last_page() {
    let cache = tempfile::tempdir().expect("tempdir");
    let path = "/v2/country/JPN;USA/indicator/NY.GDP.MKTP.CD";
    let args = [
        "fetch",
        "worldbank",
        "--indicator",
        "NY.GDP.MKTP.CD",
        "--countries",
        "JPN,USA",
        "--years",
        "2018-2019",
        "--format",
        "csv",
    ];
    let mut server = Server::new();
    let _p1 = wb_page(
        &mut server,
        path,
        "1",
        recorded_wb(
            "wb_v2_countries_JPN+USA_indicators_NY.GDP.MKTP.CD_date2018-2019_per_page2.json",
        ),
    );
    // The recorded page 1 announces 4 records in 2 pages; page 2 comes back empty.
    let _p2 = wb_page(&mut server, path, "2", fixture("wb_empty_page2.json"));
    fetch_cmd(cache.path())
        .env("MIGLAB_WORLDBANK_URL", server.url())
        .args(args)
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("announces 4 records"))
        .stderr(predicate::str::contains("empty last page"))
        .stderr(predicate::str::contains("--refresh"));
    assert_eq!(
        response_entries(cache.path()),
        0,
        "nothing cached from a failed answer"
    );
}

#[test]
fn worldbank_iso2_codes_null_values_and_mrv() {
    let cache = tempfile::tempdir().expect("tempdir");
    let mut server = Server::new();
    let m = server
        .mock("GET", "/v2/country/ARM/indicator/SM.POP.NETM")
        .match_query(Matcher::AllOf(vec![
            Matcher::UrlEncoded("mrv".into(), "2".into()),
            Matcher::UrlEncoded("page".into(), "1".into()),
        ]))
        .with_status(200)
        .with_body(fixture("wb_iso2_null.json"))
        .expect(1)
        .create();
    let out = fetch_cmd(cache.path())
        .env("MIGLAB_WORLDBANK_URL", server.url())
        .args([
            "fetch",
            "worldbank",
            "--indicator",
            "SM.POP.NETM",
            "--countries",
            "Armenia",
            "--mrv",
            "2",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    m.assert();
    let csv = String::from_utf8(out.get_output().stdout.clone()).expect("utf8");
    // ISO2 `AM` normalised to ARM; null is missing (empty), never 0.
    assert!(
        csv.contains("net_migration,ARM,total,2023,-5000,persons"),
        "{csv}"
    );
    assert!(
        csv.contains("net_migration,ARM,total,2022,,persons"),
        "{csv}"
    );
    let json = fetch_cmd(cache.path())
        .args([
            "fetch",
            "worldbank",
            "--indicator",
            "SM.POP.NETM",
            "--countries",
            "Armenia",
            "--mrv",
            "2",
            "--format",
            "json",
            "--offline",
        ])
        .assert()
        .success();
    let v: serde_json::Value =
        serde_json::from_slice(&json.get_output().stdout).expect("json output");
    let y2022 = v
        .as_array()
        .and_then(|a| a.iter().find(|r| r["year"] == 2022))
        .expect("2022 row");
    assert!(y2022["value"].is_null());
}

#[test]
fn worldbank_recorded_gdp_first_page_decodes() {
    // The recorded 2018-2019 page 1 (JPN values) with a second page in the same layout.
    let cache = tempfile::tempdir().expect("tempdir");
    let path = "/v2/country/JPN;USA/indicator/NY.GDP.MKTP.CD";
    let page1 = recorded_wb(
        "wb_v2_countries_JPN+USA_indicators_NY.GDP.MKTP.CD_footnote_date2018-2019_per_page2.json",
    );
    let page2 = page1
        .replace("\"page\":1", "\"page\":2")
        .replace(
            "\"id\":\"JP\",\"value\":\"Japan\"",
            "\"id\":\"US\",\"value\":\"United States\"",
        )
        .replace("\"countryiso3code\":\"JPN\"", "\"countryiso3code\":\"\"");
    let mut server = Server::new();
    let _p1 = wb_page(&mut server, path, "1", page1);
    let _p2 = wb_page(&mut server, path, "2", page2);
    let out = fetch_cmd(cache.path())
        .env("MIGLAB_WORLDBANK_URL", server.url())
        .args([
            "fetch",
            "worldbank",
            "--indicator",
            "NY.GDP.MKTP.CD",
            "--countries",
            "JPN,USA",
            "--years",
            "2018-2019",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    let csv = String::from_utf8(out.get_output().stdout.clone()).expect("utf8");
    assert!(
        csv.contains("gdp,JPN,total,2019,5081769542379.77,current US$"),
        "{csv}"
    );
    // Page 2 carries only ISO2 codes: US -> USA.
    assert!(csv.contains("gdp,USA,total,2018,4954806619995.19"), "{csv}");
}

#[test]
fn worldbank_search_lists_indicators() {
    let cache = tempfile::tempdir().expect("tempdir");
    let mut server = Server::new();
    let _m = wb_page(
        &mut server,
        "/v2/indicator",
        "1",
        fixture("wb_indicators_page1.json"),
    );
    fetch_cmd(cache.path())
        .env("MIGLAB_WORLDBANK_URL", server.url())
        .args(["fetch", "worldbank", "--search", "remittances"])
        .assert()
        .success()
        .stdout(predicate::str::contains("BX.TRF.PWKR.CD.DT"))
        .stdout(predicate::str::contains("BM.TRF.PWKR.CD.DT"))
        .stdout(predicate::str::contains("SM.POP.NETM").not());
}

// ---------------------------------------------------------------------------------------------
// Faults: a clear error, exit 1, and the cache exactly as it was.

#[test]
fn fault_connection_refused() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let url = format!("http://127.0.0.1:{port}");
    assert_refresh_fails(
        cache.path(),
        &url,
        &[("MIGLAB_HTTP_RETRIES", "1")],
        &["cannot connect", &url, "2 attempts", "--offline"],
    );
}

#[test]
fn fault_timeout() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    let url = raw_server(|mut s| {
        read_request(&mut s);
        std::thread::sleep(Duration::from_secs(5));
    });
    let start = Instant::now();
    assert_refresh_fails(
        cache.path(),
        &url,
        &[("MIGLAB_HTTP_TIMEOUT", "0.5")],
        &["timeout", &url, "try again later"],
    );
    assert!(start.elapsed() < Duration::from_secs(15));
}

#[test]
fn fault_http_500_is_retried_then_reported() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    let mut server = Server::new();
    let m = server
        .mock("GET", NETM_PATH)
        .match_query(Matcher::Any)
        .with_status(500)
        .with_body("Internal Server Error")
        .expect(3)
        .create();
    assert_refresh_fails(
        cache.path(),
        &server.url(),
        &[("MIGLAB_HTTP_RETRIES", "2")],
        &["HTTP 500", "3 attempts", &server.url()],
    );
    m.assert();
}

#[test]
fn fault_429_with_retry_after() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    let mut server = Server::new();
    let m = server
        .mock("GET", NETM_PATH)
        .match_query(Matcher::Any)
        .with_status(429)
        .with_header("retry-after", "1")
        .expect(2)
        .create();
    let start = Instant::now();
    assert_refresh_fails(
        cache.path(),
        &server.url(),
        &[("MIGLAB_HTTP_RETRIES", "1")],
        &["429 Too Many Requests", &server.url()],
    );
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 honoured"
    );
    m.assert();
}

#[test]
fn fault_429_retry_after_beyond_the_time_limit_fails_fast() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    let mut server = Server::new();
    let _m = server
        .mock("GET", NETM_PATH)
        .match_query(Matcher::Any)
        .with_status(429)
        .with_header("retry-after", "3600")
        .create();
    let start = Instant::now();
    assert_refresh_fails(
        cache.path(),
        &server.url(),
        &[("MIGLAB_HTTP_RETRIES", "3")],
        &["429", "time limit"],
    );
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn retry_after_429_then_success_replaces_the_entry() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    let before = snapshot(cache.path());
    let mut server = Server::new();
    let limited = server
        .mock("GET", NETM_PATH)
        .match_query(Matcher::UrlEncoded("page".into(), "1".into()))
        .with_status(429)
        .with_header("retry-after", "0")
        .expect(1)
        .create();
    let _p1 = wb_page(
        &mut server,
        NETM_PATH,
        "1",
        fixture("wb_netm_south_caucasus_page1.json"),
    );
    let _p2 = wb_page(
        &mut server,
        NETM_PATH,
        "2",
        fixture("wb_netm_south_caucasus_page2.json"),
    );
    fetch_cmd(cache.path())
        .env("MIGLAB_WORLDBANK_URL", server.url())
        .env("MIGLAB_HTTP_RETRIES", "2")
        .args(NETM_ARGS)
        .arg("--refresh")
        .assert()
        .success()
        .stdout(predicate::str::contains("ARM,total,2014,-27763"));
    limited.assert();
    // Same bodies, new retrieval time: the entries were rewritten, the blobs are the same.
    let after = snapshot(cache.path());
    assert_eq!(response_entries(cache.path()), 2);
    let blobs = |s: &BTreeMap<PathBuf, Vec<u8>>| {
        s.iter()
            .filter(|(p, _)| p.to_string_lossy().contains("blobs"))
            .map(|(_, b)| b.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(blobs(&before), blobs(&after));
}

#[test]
fn fault_truncated_body() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    let body = fixture("wb_netm_south_caucasus_page1.json");
    let url = raw_server(move |mut s| {
        read_request(&mut s);
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = s.write_all(head.as_bytes());
        let _ = s.write_all(&body.as_bytes()[..body.len() / 2]);
        let _ = s.flush();
    });
    assert_refresh_fails(cache.path(), &url, &[], &[&url, "try again"]);
}

#[test]
fn fault_cut_json_and_invalid_json() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    let body = fixture("wb_netm_south_caucasus_page1.json");
    let mut server = Server::new();
    let _m = server
        .mock("GET", NETM_PATH)
        .match_query(Matcher::Any)
        .with_status(200)
        .with_body(&body[..body.len() / 2])
        .create();
    assert_refresh_fails(
        cache.path(),
        &server.url(),
        &[],
        &["cut off", &server.url(), "--offline"],
    );
    let mut server = Server::new();
    let _m = server
        .mock("GET", NETM_PATH)
        .match_query(Matcher::Any)
        .with_status(200)
        .with_body("{\"page\": 1, oops}")
        .create();
    assert_refresh_fails(
        cache.path(),
        &server.url(),
        &[],
        &["not valid JSON", &server.url()],
    );
}

#[test]
fn fault_html_page_with_status_200() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    let mut server = Server::new();
    let _m = server
        .mock("GET", NETM_PATH)
        .match_query(Matcher::Any)
        .with_status(200)
        .with_header("content-type", "text/html; charset=utf-8")
        .with_body(
            "<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>",
        )
        .create();
    assert_refresh_fails(
        cache.path(),
        &server.url(),
        &[],
        &["HTML page", &server.url(), "browser"],
    );
}

#[test]
fn fault_failure_on_the_second_page_keeps_the_first_out_of_the_cache() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    let mut server = Server::new();
    let _p1 = wb_page(
        &mut server,
        NETM_PATH,
        "1",
        fixture("wb_netm_south_caucasus_page1.json").replace("-27763", "-1"),
    );
    let _p2 = server
        .mock("GET", NETM_PATH)
        .match_query(Matcher::UrlEncoded("page".into(), "2".into()))
        .with_status(503)
        .create();
    assert_refresh_fails(cache.path(), &server.url(), &[], &["HTTP 503", "page=2"]);
}

#[test]
fn undata_needs_a_token() {
    let cache = tempfile::tempdir().expect("tempdir");
    fetch_cmd(cache.path())
        .args([
            "fetch",
            "undata",
            "--indicator",
            "65",
            "--countries",
            "AZE",
            "--years",
            "2020-2023",
        ])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("MIGLAB_UNDATA_TOKEN"));
}

#[test]
fn undata_sends_the_bearer_token() {
    let cache = tempfile::tempdir().expect("tempdir");
    let mut server = Server::new();
    let body = r#"{"pageNumber":1,"pageSize":1000,"pages":1,"total":1,"data":[{"locationId":31,"location":"Azerbaijan","iso3":"AZE","iso2":"AZ","indicatorId":65,"indicator":"Net number of migrants","variantId":4,"variant":"Median","sexId":3,"sex":"Both sexes","timeLabel":"2022","value":1183}]}"#;
    let m = server
        .mock(
            "GET",
            "/dataportalapi/api/v1/data/indicators/65/locations/31/start/2022/end/2022",
        )
        .match_query(Matcher::Any)
        .match_header("authorization", "Bearer secret-token")
        .with_status(200)
        .with_body(body)
        .expect(1)
        .create();
    fetch_cmd(cache.path())
        .env("MIGLAB_UNDATA_URL", server.url())
        .env("MIGLAB_UNDATA_TOKEN", "secret-token")
        .args([
            "fetch",
            "undata",
            "--indicator",
            "65",
            "--countries",
            "AZE",
            "--years",
            "2022",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("undata_65,AZE,total,2022,1183"));
    m.assert();
}

#[test]
fn usage_errors_exit_2() {
    let cache = tempfile::tempdir().expect("tempdir");
    fetch_cmd(cache.path())
        .args([
            "fetch",
            "worldbank",
            "--indicator",
            "SM.POP.NETM",
            "--countries",
            "AZE",
            "--years",
            "2023-2014",
        ])
        .assert()
        .failure()
        .code(2);
    fetch_cmd(cache.path())
        .args(["fetch", "worldbank", "--countries", "AZE"])
        .assert()
        .failure()
        .code(2);
}

// ---------------------------------------------------------------------------------------------
// The JSON-stat decoder against the conformance files and their reference decodings.

fn conformance(name: &str) -> String {
    std::fs::read_to_string(shared().join("jsonstat_conformance").join(name)).expect("file")
}

/// Compares every cell of a decoded dataset with the reference table (labels, then Value).
fn compare_with_reference(json: &str, table: &str) {
    let ds = miglab::sources::jsonstat::parse(&conformance(json)).expect("decode");
    let text = conformance(table);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let cells = ds.all_cells();
    assert_eq!(cells.len(), rows.len(), "{json}: number of cells");
    for (cell, row) in cells.iter().zip(&rows) {
        for (d, dim) in ds.dimensions.iter().enumerate() {
            assert_eq!(
                dim.categories[cell.positions[d]].1, &row[d],
                "{json}: cell {} dimension {}",
                cell.index, dim.id
            );
        }
        let expected = &row[ds.dimensions.len()];
        match cell.value {
            None => assert!(
                expected.is_empty(),
                "{json}: cell {} should be {expected}",
                cell.index
            ),
            Some(v) => {
                let e: f64 = expected.parse().expect("reference number");
                assert!(
                    (v - e).abs() < 1e-9,
                    "{json}: cell {}: {v} vs {e}",
                    cell.index
                );
            }
        }
    }
}

#[test]
fn jsonstat_matches_reference_decoding_ssb() {
    compare_with_reference("29843.json", "29843-to_table.csv");
}

#[test]
fn jsonstat_matches_reference_decoding_eurostat() {
    compare_with_reference(
        "eurostat-name_gpd_c-geo_IT.json",
        "eurostat-name_gpd_c-geo_IT-to_table.csv",
    );
}

#[test]
fn jsonstat_v1_and_v2_three_dimensions_agree() {
    let v1 = miglab::sources::jsonstat::parse(&conformance("three_dim_v1.json")).expect("v1");
    let v2 = miglab::sources::jsonstat::parse(&conformance("three_dim_size_as_string_v2.json"))
        .expect("v2");
    assert_eq!(v1.values, v2.values);
    assert_eq!(v2.len(), 24);
    // Row-major: (one_2, two_3, three_4) is the last cell.
    let last = v2.all_cells().pop().expect("cell");
    assert_eq!(last.positions, vec![1, 2, 3]);
    assert_eq!(last.value, Some(234.0));
    let cso = miglab::sources::jsonstat::parse(&conformance("cso_ie-NQQ25.json")).expect("cso");
    assert_eq!(cso.len(), 8 * 76 * 2);
    assert!(!cso.has_status);
}

// ---------------------------------------------------------------------------------------------
// UN DESA workbooks and Eurostat error objects.

#[test]
fn undesa_downloads_and_imports_the_official_workbook() {
    let cache = tempfile::tempdir().expect("tempdir");
    let file = "undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx";
    let bytes = std::fs::read(shared().join("un_desa_ims2024").join(file)).expect("workbook");
    let mut server = Server::new();
    let m = server
        .mock("GET", format!("/{file}").as_str())
        .with_status(200)
        .with_header(
            "content-type",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .with_body(bytes)
        .expect(1)
        .create();
    let out = fetch_cmd(cache.path())
        .env("MIGLAB_UNDESA_URL", server.url())
        .args([
            "fetch",
            "undesa",
            "--table",
            "destination",
            "--countries",
            "AZE",
            "--years",
            "2020",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    m.assert();
    let csv = String::from_utf8(out.get_output().stdout.clone()).expect("utf8");
    let published = common::ims_workbook(file, "Table 1", 31.0, 2020.0);
    assert!(
        csv.contains(&format!("immigrant_stock,AZE,total,2020,{published}")),
        "{published} not in\n{csv}"
    );
    assert!(csv.contains("UN DESA IMS 2024 workbooks"));
}

#[test]
fn undesa_html_instead_of_workbook_is_an_error() {
    let cache = tempfile::tempdir().expect("tempdir");
    let mut server = Server::new();
    let _m = server
        .mock("GET", Matcher::Any)
        .with_status(200)
        .with_header("content-type", "text/html")
        .with_body("<html><body>Page moved</body></html>")
        .create();
    fetch_cmd(cache.path())
        .env("MIGLAB_UNDESA_URL", server.url())
        .args(["fetch", "undesa", "--table", "origin"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("not an xlsx workbook"))
        .stderr(predicate::str::contains("miglab import"));
    assert_eq!(response_entries(cache.path()), 0);
}

#[test]
fn eurostat_error_object_is_reported() {
    let cache = tempfile::tempdir().expect("tempdir");
    let mut server = Server::new();
    let _m = server
        .mock("GET", Matcher::Any)
        .with_status(400)
        .with_body(r#"{"error":[{"status":400,"id":100,"label":"Invalid dimension code: citizenx"}],"class":"error"}"#)
        .create();
    fetch_cmd(cache.path())
        .env("MIGLAB_EUROSTAT_URL", server.url())
        .args([
            "fetch",
            "eurostat",
            "--dataset",
            "migr_resfirst",
            "--filter",
            "citizenx=AZ",
        ])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("Invalid dimension code: citizenx"))
        .stderr(predicate::str::contains(server.url()));
    assert_eq!(response_entries(cache.path()), 0);
}

#[test]
fn damaged_cache_body_is_never_used_and_is_repaired_online() {
    let cache = tempfile::tempdir().expect("tempdir");
    let online = fill_netm_cache(cache.path());
    // Damage every cached body (a disk error, a half-copied cache folder...).
    for e in std::fs::read_dir(cache.path().join("blobs"))
        .expect("blobs")
        .flatten()
    {
        std::fs::write(e.path(), b"[{\"page\":1").expect("damage");
    }
    fetch_cmd(cache.path())
        .args(NETM_ARGS)
        .arg("--offline")
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("checksum"));
    // Online, the damaged entries are downloaded again and replaced.
    let (server, p1, p2) = netm_server();
    fetch_cmd(cache.path())
        .env("MIGLAB_WORLDBANK_URL", server.url())
        .args(NETM_ARGS)
        .assert()
        .success();
    p1.assert();
    p2.assert();
    let again = fetch_cmd(cache.path())
        .args(NETM_ARGS)
        .arg("--offline")
        .assert()
        .success();
    let again = String::from_utf8(again.get_output().stdout.clone()).expect("utf8");
    assert_eq!(again.lines().count(), online.lines().count());
}

#[test]
fn eurostat_real_asylum_applicants_decode_to_the_published_values() {
    // The fixture holds Eurostat's own figures (see make_eurostat_asyappctza.py); the decoded
    // rows must equal the published table cell for cell.
    let cache = tempfile::tempdir().expect("tempdir");
    let mut server = Server::new();
    let _m = server
        .mock(
            "GET",
            "/eurostat/api/dissemination/statistics/1.0/data/migr_asyappctza",
        )
        .match_query(Matcher::Any)
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(fixture("eurostat_migr_asyappctza_real.json"))
        .create();
    let out = fetch_cmd(cache.path())
        .env("MIGLAB_EUROSTAT_URL", server.url())
        .args([
            "fetch",
            "eurostat",
            "--dataset",
            "migr_asyappctza",
            "--citizen",
            "AM,AZ,GE",
            "--years",
            "2019-2023",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    let csv = String::from_utf8(out.get_output().stdout.clone()).expect("utf8");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let decoded: BTreeMap<(String, String, String, String), String> = reader
        .records()
        .map(|r| r.expect("record"))
        .map(|r| {
            (
                (
                    r[col("origin")].to_string(),
                    r[col("destination")].to_string(),
                    r[col("sex")].to_string(),
                    r[col("year")].to_string(),
                ),
                r[col("value")].to_string(),
            )
        })
        .collect();
    let published = std::fs::read_to_string(
        common::shared().join("iom_gdidata/eurostat_migr_asyappctza_annual.csv"),
    )
    .expect("published");
    let mut checked = 0;
    for line in published.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (geo, year, nat, sex, n) = (f[0], f[1], f[2], f[3], f[4]);
        let destination = match geo {
            "EU27" => "EU27_2020",
            "DEU" | "FRA" => geo,
            _ => continue,
        };
        if !["ARM", "AZE", "GEO"].contains(&nat)
            || !(2019..=2023).contains(&year.parse::<i32>().unwrap_or(0))
            || sex == "unknown"
        {
            continue;
        }
        let key = (
            nat.to_string(),
            destination.to_string(),
            sex.to_string(),
            year.to_string(),
        );
        assert_eq!(decoded.get(&key).map(String::as_str), Some(n), "{key:?}");
        checked += 1;
    }
    assert!(checked >= 80, "only {checked} published cells checked");
}

// ---------------------------------------------------------------------------------------------
// Hostile answers and hostile queries (issue: trustworthy under faults). Each is refused with a
// message naming what and how to fix, and leaves the cache as it was.

#[test]
fn fault_body_beyond_the_cap_is_refused_and_not_cached() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    // with a Content-Length larger than the cap
    let (server, _p1, _p2) = netm_server();
    assert_refresh_fails(
        cache.path(),
        &server.url(),
        &[("MIGLAB_MAX_BODY_BYTES", "1000")],
        &["larger than the cap", "MIGLAB_MAX_BODY_BYTES"],
    );
    // without a Content-Length: the body is read up to the cap and no further
    let url = raw_server(|mut s| {
        read_request(&mut s);
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";
        let _ = s.write_all(head.as_bytes());
        for _ in 0..64 {
            if s.write_all(&[b' '; 1024]).is_err() {
                break;
            }
        }
    });
    assert_refresh_fails(
        cache.path(),
        &url,
        &[("MIGLAB_MAX_BODY_BYTES", "4K")],
        &["larger than the cap of 4 KiB"],
    );
}

#[test]
fn fault_cross_origin_redirect_is_refused_naming_both_urls() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    let mut target = Server::new();
    let hit = target
        .mock("GET", Matcher::Any)
        .with_body(fixture("wb_netm_south_caucasus_page1.json"))
        .expect(0)
        .create();
    let mut origin = Server::new();
    origin
        .mock("GET", NETM_PATH)
        .match_query(Matcher::Any)
        .with_status(302)
        .with_header("location", &format!("{}/elsewhere", target.url()))
        .create();
    assert_refresh_fails(
        cache.path(),
        &origin.url(),
        &[],
        &[
            &origin.url(),
            &format!("{}/elsewhere", target.url()),
            "same origin",
            "MIGLAB_ALLOW_CROSS_ORIGIN_REDIRECTS",
        ],
    );
    hit.assert();
}

#[test]
fn cross_origin_redirect_followed_on_request_records_the_final_url_without_referer() {
    let cache = tempfile::tempdir().expect("tempdir");
    let mut target = Server::new();
    let mut origin = Server::new();
    let mut mocks = Vec::new();
    for page in ["1", "2"] {
        let body = fixture(&format!("wb_netm_south_caucasus_page{page}.json"));
        mocks.push(
            target
                .mock("GET", "/moved")
                .match_query(Matcher::UrlEncoded("page".into(), page.into()))
                .match_header("referer", Matcher::Missing)
                .with_header("content-type", "application/json")
                .with_body(body)
                .create(),
        );
        origin
            .mock("GET", NETM_PATH)
            .match_query(Matcher::UrlEncoded("page".into(), page.into()))
            .with_status(301)
            .with_header("location", &format!("{}/moved?page={page}", target.url()))
            .create();
    }
    let out = fetch_cmd(cache.path())
        .env("MIGLAB_WORLDBANK_URL", origin.url())
        .env("MIGLAB_ALLOW_CROSS_ORIGIN_REDIRECTS", "1")
        .args(NETM_ARGS)
        .assert()
        .success();
    for m in &mocks {
        m.assert();
    }
    let stdout = String::from_utf8(out.get_output().stdout.clone()).expect("utf8");
    // the source line and the cache record where the answer came from
    assert!(
        stdout.contains(&format!("{}/moved", target.url())),
        "{stdout}"
    );
    assert!(!stdout.contains(&origin.url()), "{stdout}");
    let entries: Vec<String> = std::fs::read_dir(cache.path().join("responses"))
        .expect("responses")
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).expect("entry"))
        .collect();
    assert!(
        entries.iter().all(|e| e.contains("/moved?page=")),
        "{entries:?}"
    );
}

#[test]
fn query_parts_are_checked_before_anything_is_sent() {
    let cache = tempfile::tempdir().expect("tempdir");
    let mut server = Server::new();
    let any = server.mock("GET", Matcher::Any).expect(0).create();
    for (source, args) in [
        (
            "worldbank",
            &["--indicator", "SM.POP.NETM/../../x", "--countries", "ARM"][..],
        ),
        (
            "worldbank",
            &["--indicator", "SM.POP.NETM?x=1", "--countries", "ARM"],
        ),
        (
            "eurostat",
            &["--dataset", "migr_resfirst", "--filter", "geo=../x"],
        ),
    ] {
        let var = if source == "worldbank" {
            "MIGLAB_WORLDBANK_URL"
        } else {
            "MIGLAB_EUROSTAT_URL"
        };
        fetch_cmd(cache.path())
            .env(var, server.url())
            .args(["fetch", source])
            .args(args)
            .assert()
            .failure()
            .code(2)
            .stderr(predicate::str::contains("letters, digits"));
    }
    any.assert();
    assert_eq!(response_entries(cache.path()), 0);
}

#[test]
fn fault_non_finite_value_in_an_answer_is_refused() {
    let cache = tempfile::tempdir().expect("tempdir");
    fill_netm_cache(cache.path());
    let mut server = Server::new();
    let page1 = fixture("wb_netm_south_caucasus_page1.json").replace("-27763", "\"inf\"");
    let _p1 = wb_page(&mut server, NETM_PATH, "1", page1);
    let _p2 = wb_page(
        &mut server,
        NETM_PATH,
        "2",
        fixture("wb_netm_south_caucasus_page2.json"),
    );
    assert_refresh_fails(
        cache.path(),
        &server.url(),
        &[],
        &["`inf`", "not a finite number"],
    );
}

#[test]
fn mixed_units_in_one_indicator_are_refused_before_the_cache() {
    let cache = tempfile::tempdir().expect("tempdir");
    let mut server = Server::new();
    let body = r#"{"version":"2.0","class":"dataset","label":"test","id":["unit","geo","time"],"size":[2,1,1],
        "dimension":{"unit":{"category":{"index":{"PER":0,"PC":1}}},
                     "geo":{"category":{"index":{"AM":0}}},
                     "time":{"category":{"index":{"2020":0}}}},
        "value":{"0":5000,"1":7.5}}"#;
    server
        .mock(
            "GET",
            "/eurostat/api/dissemination/statistics/1.0/data/migr_test",
        )
        .match_query(Matcher::Any)
        .with_body(body)
        .create();
    fetch_cmd(cache.path())
        .env("MIGLAB_EUROSTAT_URL", server.url())
        .args([
            "fetch",
            "eurostat",
            "--dataset",
            "migr_test",
            "--filter",
            "unit=PER,PC",
        ])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("mixed units"))
        .stderr(predicate::str::contains("hint:"));
    assert_eq!(response_entries(cache.path()), 0);
}

#[test]
fn commit_and_save_wait_for_the_cache_lock() {
    use assert_cmd::cargo::CommandCargoExt;
    let cache = tempfile::tempdir().expect("tempdir");
    let (server, _p1, _p2) = netm_server();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(cache.path().join(".lock"))
        .expect("lock file");
    fs4::FileExt::lock(&lock).expect("lock");
    let mut child = std::process::Command::cargo_bin("miglab")
        .expect("binary")
        .env_clear()
        .env("MIGLAB_CACHE_DIR", cache.path())
        .env("MIGLAB_HTTP_RETRIES", "0")
        .env("MIGLAB_WORLDBANK_URL", server.url())
        .args(NETM_ARGS)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let table = cache.path().join("tables/worldbank_sm_pop_netm.parquet");
    std::thread::sleep(Duration::from_millis(2500));
    let waiting = child.try_wait().expect("wait").is_none();
    assert!(
        waiting,
        "the fetch finished while another process held the lock"
    );
    assert!(!table.exists(), "the table was saved under another's lock");
    assert_eq!(
        response_entries(cache.path()),
        0,
        "committed under another's lock"
    );
    fs4::FileExt::unlock(&lock).expect("unlock");
    assert!(child.wait().expect("wait").success());
    assert!(table.exists() && table.with_extension("json").exists());
    assert_eq!(response_entries(cache.path()), 2);
}

#[test]
fn stale_part_files_of_killed_runs_are_swept_when_the_cache_opens() {
    let cache = tempfile::tempdir().expect("tempdir");
    let tables = cache.path().join("tables");
    let blobs = cache.path().join("blobs");
    std::fs::create_dir_all(&tables).expect("dir");
    std::fs::create_dir_all(&blobs).expect("dir");
    let hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    let old = |path: &Path| {
        std::fs::write(path, vec![b'x'; 4096]).expect("write");
        std::fs::File::options()
            .write(true)
            .open(path)
            .expect("open")
            .set_modified(hour_ago)
            .expect("mtime");
    };
    let stale_table = tables.join(".miglab-AbC123.part");
    let stale_blob = blobs.join(".miglab-xyz.part");
    old(&stale_table);
    old(&stale_blob);
    // a run in progress: recent, kept
    let fresh = tables.join(".miglab-fresh.part");
    std::fs::write(&fresh, b"x").expect("write");
    // not ours: kept, however old
    let other = tables.join("notes.part");
    old(&other);
    fetch_cmd(cache.path())
        .args(NETM_ARGS)
        .arg("--offline")
        .assert()
        .failure();
    assert!(!stale_table.exists() && !stale_blob.exists());
    assert!(fresh.exists() && other.exists());
    // the library function, for export and pack folders
    assert_eq!(
        miglab::sources::cache::sweep_stale_parts_older_than(&tables, Duration::ZERO),
        1
    );
    assert!(!fresh.exists() && other.exists());
}
