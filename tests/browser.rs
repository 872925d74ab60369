//! A real browser on `miglab serve`: headless Chromium driven through WebDriver (chromedriver)
//! opens the home page, switches to Azerbaijani, opens an exercise, finds its chart and table,
//! and downloads the pack the page links to. `.ci/run` installs Debian's `chromium` and
//! `chromium-driver` when they are missing; `MIGLAB_SKIP_BROWSER=1` skips the test where no
//! browser can be installed.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use miglab::serve::{ServeOptions, Server};

/// The browser's flags: headless, no sandbox (containers run as root), no network of its own.
const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

fn which(name: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// chromedriver on a loopback port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(binary: &std::path::Path) -> Driver {
        let port = free_port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while reqwest::blocking::get(format!("{url}/status")).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not answer"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, url }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_student_opens_an_exercise_in_azerbaijani_and_downloads_the_pack() {
    if std::env::var_os("MIGLAB_SKIP_BROWSER").is_some() {
        eprintln!("MIGLAB_SKIP_BROWSER is set: the browser test is skipped");
        return;
    }
    let (Some(driver), Some(chromium)) = (which("chromedriver"), which("chromium")) else {
        panic!(
            "the browser test needs Chromium and its WebDriver: apt-get install -y chromium chromium-driver \
             (.ci/run does it), or set MIGLAB_SKIP_BROWSER=1"
        );
    };
    let server = Server::start(&ServeOptions {
        port: 0,
        timeout: Duration::from_secs(300),
        ..ServeOptions::default()
    })
    .expect("server");
    let driver = Driver::start(&driver);
    let profile = tempfile::tempdir().expect("profile folder");
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    args.push("--window-size=1280,1800".into());
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "chrome".into());
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "binary": chromium, "args": args }),
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let download = rt.block_on(async {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let browser = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .expect("a browser session");
        let result = student(&browser, &server.url()).await;
        let _ = browser.close().await;
        result
    });
    let zip = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(300))
        .build()
        .unwrap()
        .get(&download)
        .send()
        .expect("download");
    assert_eq!(zip.status(), 200);
    assert_eq!(zip.headers()["content-type"], "application/zip");
    assert_eq!(&zip.bytes().unwrap()[..2], b"PK", "a zip");
}

/// What a student does; returns the address of the pack's download link.
async fn student(browser: &fantoccini::Client, base: &str) -> String {
    browser.goto(&format!("{base}/")).await.expect("home");
    let lang = |b: &fantoccini::Client| {
        let b = b.clone();
        async move {
            b.find(Locator::Css("html"))
                .await
                .expect("html")
                .attr("lang")
                .await
                .expect("lang")
        }
    };
    assert_eq!(lang(browser).await.as_deref(), Some("en"));
    browser
        .find(Locator::Css(".langs a[lang='az']"))
        .await
        .expect("language switch")
        .click()
        .await
        .expect("click az");
    browser
        .wait()
        .for_element(Locator::Css("html[lang='az']"))
        .await
        .expect("the page in Azerbaijani");
    let nav = browser
        .find(Locator::Css("nav.main a[href='/az/exercises']"))
        .await
        .expect("exercises link");
    assert_eq!(nav.text().await.unwrap(), "Tapşırıqlar");
    nav.click().await.expect("exercises");
    browser
        .wait()
        .for_element(Locator::Css("a[href='/az/exercises/sc-net-migration']"))
        .await
        .expect("the exercise in the list")
        .click()
        .await
        .expect("open the exercise");
    let chart = browser
        .wait()
        .for_element(Locator::Css("figure.chart svg"))
        .await
        .expect("a chart");
    let figure_text = browser
        .find(Locator::Css("figure.chart figcaption"))
        .await
        .expect("a caption")
        .text()
        .await
        .unwrap();
    assert!(!figure_text.is_empty());
    assert!(chart.attr("viewBox").await.unwrap().is_some());
    let cells = browser
        .find_all(Locator::Css("table td"))
        .await
        .expect("table cells");
    assert!(cells.len() > 10, "a table with values");
    assert_eq!(lang(browser).await.as_deref(), Some("az"));
    let png = browser.screenshot().await.expect("screenshot");
    let shot = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-az-exercise.png");
    let _ = std::fs::write(&shot, png);
    let link = browser
        .find(Locator::Css("a#download"))
        .await
        .expect("the download link");
    let href = link.prop("href").await.unwrap().expect("href");
    assert!(
        href.contains("/az/exercises/sc-net-migration/pack.zip"),
        "{href}"
    );
    href
}
