//! `miglab serve` over HTTP, as a browser asks it: every route in the three languages, the
//! downloads, and every kind of error (400 with what is wrong and how to fix it, 404, 405, 413,
//! 414), with a server started in-process on a free loopback port; the command line's flags
//! (the warning of `--host 0.0.0.0`, a port in use) with the binary.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;

use common::{miglab, wpp_wide};
use miglab::serve::{ServeOptions, Server};
use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;

/// One server for the whole test binary (packs are cached across tests, as for a class).
fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let options = ServeOptions {
            port: 0,
            timeout: Duration::from_secs(300),
            ..ServeOptions::default()
        };
        Server::start(&options).expect("server starts")
    })
}

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(300))
        .build()
        .expect("client")
}

fn get(path: &str) -> Response {
    client()
        .get(format!("{}{path}", server().url()))
        .send()
        .expect("answer")
}

/// A page: its status and text.
fn page(path: &str) -> (StatusCode, String) {
    let r = get(path);
    let status = r.status();
    (status, r.text().expect("text"))
}

fn ok_page(path: &str) -> String {
    let (status, body) = page(path);
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    assert!(body.starts_with("<!DOCTYPE html>"), "{path}");
    assert!(body.contains("name=\"viewport\""), "{path}");
    body
}

fn html_lang(body: &str) -> &str {
    let start = body.find("<html lang=\"").expect("html lang") + 12;
    &body[start..start + 2]
}

#[test]
fn home_in_three_languages() {
    let en = ok_page("/");
    assert_eq!(html_lang(&en), "en");
    for path in [
        "/en/exercises",
        "/en/chart",
        "/en/check",
        "/en/glossary",
        "/en/sources",
    ] {
        assert!(en.contains(&format!("href=\"{path}\"")), "{path}");
    }
    let az = ok_page("/az/");
    assert_eq!(html_lang(&az), "az");
    assert!(az.contains("Tapşırıqlar"));
    assert_eq!(html_lang(&ok_page("/az")), "az");
    let ru = ok_page("/?lang=ru");
    assert_eq!(html_lang(&ru), "ru");
    assert!(ru.contains("Задания"));
    // The language switch keeps the page and its query.
    let chart = ok_page("/ru/glossary?q=refugee");
    assert!(chart.contains("href=\"/az/glossary?q=refugee\""));
}

#[test]
fn security_headers_and_style() {
    let r = get("/");
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let css = get("/style.css");
    assert_eq!(css.status(), StatusCode::OK);
    assert!(css.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    // Error pages carry them too.
    assert!(get("/no-such-page")
        .headers()
        .contains_key("content-security-policy"));
}

#[test]
fn exercise_list_names_every_exercise() {
    let body = ok_page("/en/exercises");
    for name in miglab::exercise::names() {
        assert!(body.contains(&format!("/en/exercises/{name}\"")), "{name}");
    }
    let az = ok_page("/az/exercises");
    let e = miglab::exercise::find("sc-net-migration").unwrap();
    assert!(az.contains(&miglab::escape::html(&e.az.title)));
}

#[test]
fn exercise_page_has_findings_charts_and_tables() {
    for lang in ["en", "az", "ru"] {
        let body = ok_page(&format!("/{lang}/exercises/sc-net-migration"));
        assert_eq!(html_lang(&body), lang);
        assert!(body.contains("<svg"), "{lang}: chart");
        assert!(body.contains("<table>"), "{lang}: table");
        assert!(body.contains("<figcaption>"), "{lang}: caption");
        assert!(body.contains("id=\"findings\""), "{lang}: findings");
        assert!(body.contains("CC BY 3.0 IGO"), "{lang}: licence");
        assert!(
            body.contains("pack.zip?countries=ARM%2CAZE%2CGEO"),
            "{lang}: download"
        );
    }
}

#[test]
fn exercise_countries_are_chosen_and_checked() {
    let body = ok_page("/en/exercises/compare-two?countries=ARM,Georgia");
    assert!(body.contains("Armenia (ARM)"));
    assert!(body.contains("Georgia (GEO)"));
    let (status, body) = page("/en/exercises/compare-two?countries=ARM");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("exactly 2"), "{body}");
    let (status, body) = page("/en/exercises/sc-net-migration?countries=Atlantis");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("Atlantis"));
    let (status, body) = page("/en/exercises/sc-net-migration?countries=all");
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("at most 12"));
    // the period of the annual series: the tables and titles follow it; a period is checked
    let body = ok_page("/ru/exercises/sc-net-migration?years=2005-2024");
    assert!(body.contains("2005-2024"), "{body}");
    assert!(body.contains("name=\"years\" value=\"2005-2024\""));
    assert!(
        body.contains("years=2005-2024"),
        "the downloads keep the period"
    );
    let (status, body) = page("/en/exercises/sc-net-migration?years=2024");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("not a period"), "{body}");
    let (status, body) = page("/en/exercises/sc-emigration-to-russia?years=2000-2020");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("no annual series"), "{body}");
    let (status, _) = page("/en/exercises/no-such-exercise");
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = page("/en/exercises/..%2F..%2Fetc%2Fpasswd");
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn pack_zip_holds_handout_slides_tables_and_charts() {
    let r = get("/az/exercises/sc-net-migration/pack.zip");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/zip");
    let bytes = r.bytes().expect("zip").to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("a name").to_string())
        .collect();
    for wanted in [
        "sc-net-migration/handout.html",
        "sc-net-migration/slides.md",
    ] {
        assert!(names.iter().any(|n| n == wanted), "{wanted} in {names:?}");
    }
    for ext in [".csv", ".xlsx", ".png", ".svg"] {
        assert!(names.iter().any(|n| n.ends_with(ext)), "{ext} in {names:?}");
    }
    let mut handout = String::new();
    zip.by_name("sc-net-migration/handout.html")
        .unwrap()
        .read_to_string(&mut handout)
        .unwrap();
    assert!(handout.contains("<html lang=\"az\">"));
}

#[test]
fn table_csv_of_a_pack() {
    let e = miglab::exercise::find("sc-net-migration").unwrap();
    let table = &e.tables[0];
    assert!(!table.for_each_country);
    let r = get(&format!(
        "/en/exercises/sc-net-migration/tables/{}.csv",
        table.name
    ));
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().unwrap().lines().next().unwrap().contains("value"));
    let (status, _) = page("/en/exercises/sc-net-migration/tables/no_such_table.csv");
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The chart builder's data are the published figures (WPP 2024 net migrants, thousands).
#[test]
fn chart_builder_draws_and_downloads_the_published_figures() {
    let body = ok_page("/en/chart");
    assert!(body.contains("<svg") && body.contains("<table>"));
    let q = "?measure=net-migration&kind=bar&countries=AZE,ARM&years=2023";
    let body = ok_page(&format!("/ru/chart{q}"));
    assert!(body.contains("<svg"));
    let r = get(&format!("/en/chart/data.csv{q}"));
    assert_eq!(r.status(), StatusCode::OK);
    let csv = r.text().unwrap();
    let rows = common::parse_csv(&csv);
    let aze = rows
        .iter()
        .find(|r| r.values().any(|v| v == "AZE"))
        .unwrap_or_else(|| panic!("AZE in {csv}"));
    let published = (wpp_wide("migration.txt", "31", 2023) * 1000.0).round();
    let value: f64 = aze["value"].parse().expect("value");
    assert_eq!(value.round(), published, "{csv}");
    let svg = get(&format!("/en/chart/chart.svg{q}"));
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert!(svg.text().unwrap().starts_with("<svg"));
    let png = get(&format!("/en/chart/chart.png{q}")).bytes().unwrap();
    assert_eq!(&png[..4], b"\x89PNG");
}

#[test]
fn chart_builder_says_what_is_wrong() {
    let cases = [
        ("measure=nope&kind=line&countries=AZE", "unknown measure"),
        ("measure=cnmr&kind=line&countries=AZE&years=20x", "years"),
        (
            "measure=cnmr&kind=line&countries=AZE&top=5",
            "does not use the field `top`",
        ),
        (
            "measure=cnmr&kind=line&countries=Atlantis&years=2020",
            "Atlantis",
        ),
        ("measure=cnmr&kind=spiral&countries=AZE", "unknown kind"),
        ("measure=cnmr&kind=line&countries=AZE&years=1800", "1800"),
    ];
    for (q, says) in cases {
        let (status, body) = page(&format!("/en/chart?{q}"));
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}");
        assert!(body.contains(says), "{q}: {body}");
        assert!(body.contains("<form"), "{q}: the form stays");
        let (status, _) = page(&format!("/en/chart/data.csv?{q}"));
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}");
    }
}

#[test]
fn fact_checker_gives_verdicts_and_cards() {
    let body = ok_page("/en/check");
    assert!(body.contains("<textarea"));
    let net = wpp_wide("migration.txt", "31", 2023) * 1000.0;
    let claim = format!(
        "Net migration in Azerbaijan was {} people in 2023",
        net.round()
    );
    let r = client()
        .post(format!("{}/az/check", server().url()))
        .form(&[("text", claim.as_str())])
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body = r.text().unwrap();
    assert!(body.contains("verdict consistent"), "{body}");
    assert!(body.contains("uyğundur"));
    assert!(body.contains("CC BY 3.0 IGO"));
    // the verdict, the figures' names, statuses and the definition in Azerbaijani; the
    // library's English reasoning folded under it, marked as English
    let official = format!("{}", (net.round() as i64).abs());
    assert!(body.contains("Rəsmi rəqəm"), "{body}");
    assert!(body.contains("Xalis miqrasiya"));
    assert!(body.contains("Lisenziya"));
    assert!(body.contains("<details><summary>Ətraflı əsaslandırma"));
    assert!(!body.contains("Licence:"));
    let grouped: String = official
        .chars()
        .rev()
        .collect::<Vec<_>>()
        .chunks(3)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(".")
        .chars()
        .rev()
        .collect();
    assert!(
        body.contains(&grouped),
        "{grouped} in the Azerbaijani number format"
    );
    let body = ok_page("/en/check?text=Net+migration+in+Azerbaijan+was+minus+84+thousand+in+2023");
    assert!(body.contains("class=\"verdict"));
    let paragraph =
        format!("{claim}. About 790,000 people born in Azerbaijan lived abroad in 2020.");
    let r = client()
        .post(format!("{}/en/check", server().url()))
        .form(&[("text", paragraph.as_str())])
        .send()
        .unwrap();
    assert_eq!(
        r.text()
            .unwrap()
            .matches("<section class=\"verdict")
            .count(),
        2
    );
}

#[test]
fn fact_checker_bounds_and_errors() {
    let (status, body) = page("/en/check?text=the+weather+was+fine");
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("<textarea"));
    let huge = "9".repeat(miglab::serve::MAX_BODY_BYTES + 10);
    let r = client()
        .post(format!("{}/en/check", server().url()))
        .form(&[("text", huge.as_str())])
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().unwrap().contains("64 KB"));
    // The claim is echoed escaped.
    let body = page("/en/check?text=%3Cscript%3Ealert(1)%3C%2Fscript%3E+84000+migrants+in+2023").1;
    assert!(!body.contains("<script>"), "{body}");
    assert!(body.contains("&lt;script&gt;"));
}

#[test]
fn glossary_and_sources() {
    let body = ok_page("/ru/glossary");
    assert!(body.contains("id=\"emigrant-stock\""));
    assert!(body.contains("беженец") || body.contains("Беженец"));
    // every definition, what miglab has and the caveat in the page's language
    for (lang, path) in [
        (miglab::Lang::Ru, "/ru/glossary"),
        (miglab::Lang::Az, "/az/glossary"),
    ] {
        let body = if lang == miglab::Lang::Ru {
            body.clone()
        } else {
            ok_page(path)
        };
        for term in miglab::catalogue::concepts::TERMS {
            for text in [term.text, term.caveat] {
                let escaped = text
                    .get(lang)
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;")
                    .replace('\'', "&#39;");
                assert!(
                    body.contains(&escaped),
                    "{path}: {} not in its language",
                    term.key
                );
            }
        }
        assert!(!body.contains("lang=\"en\">Someone who"), "{path}");
    }
    let body = ok_page("/en/glossary?q=emigrant+stock");
    assert!(body.contains("id=\"emigrant-stock\""));
    let (status, body) = page("/en/glossary?q=%3Cb%3Ezzz");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(!body.contains("<b>zzz"));
    let body = ok_page("/az/sources");
    for name in miglab::store::names() {
        assert!(body.contains(&format!("id=\"{name}\"")), "{name}");
    }
    assert!(body.contains("CC BY 4.0") && body.contains("SHA-256"));
}

#[test]
fn errors_are_pages() {
    let (status, body) = page("/az/no-such-page");
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(html_lang(&body), "az");
    let r = client()
        .post(format!("{}/en/sources", server().url()))
        .send()
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(r.text().unwrap().starts_with("<!DOCTYPE html>"));
    let (status, _) = page(&format!("/en/chart?countries={}", "A".repeat(5000)));
    assert_eq!(status, StatusCode::URI_TOO_LONG);
    let (status, body) = page("/?lang=fr");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("en, az or ru"), "{body}");
    let (status, _) = page("/en/chart?measure=%ZZ");
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// A port in use: a clear error, a hint, exit 1.
#[test]
fn port_in_use_is_an_error_with_a_hint() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = miglab()
        .args(["serve", "--port", &port])
        .timeout(Duration::from_secs(60))
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("cannot listen on 127.0.0.1:"), "{err}");
    assert!(err.contains("hint:") && err.contains("--port"), "{err}");
    miglab()
        .args(["serve", "--host", "my-laptop"])
        .assert()
        .code(2);
}

/// `--host 0.0.0.0` warns on stderr before it listens, and then answers.
#[test]
fn open_host_warns() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("miglab"))
        .args(["serve", "--host", "0.0.0.0", "--port", "0"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("starts");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let warning = lines.next().unwrap().unwrap();
    let ready = lines.next().unwrap().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        warning.starts_with("warning: listening on 0.0.0.0"),
        "{warning}"
    );
    assert!(ready.contains("http://127.0.0.1:"), "{ready}");
}
