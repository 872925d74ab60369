//! `miglab exercise`: packs run on the embedded data, their numbers are the measures', handouts
//! name their sources, answer keys are what miglab computes.

mod common;

use common::*;
use predicates::prelude::*;

fn stdout_of(args: &[&str]) -> String {
    String::from_utf8(
        miglab()
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .expect("utf8")
}

/// A run of `miglab` with these arguments and `--out DIR` is a usage error (exit 2) whose message
/// says `message`.
fn refused(args: &[&str], out: &std::path::Path, message: &str) {
    miglab()
        .args(args)
        .arg("--out")
        .arg(out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(message));
}

#[test]
fn list_and_show() {
    let list = stdout_of(&["exercise", "list"]);
    for name in [
        "sc-net-migration",
        "sc-emigration-destinations",
        "sc-emigration-to-russia",
        "aze-migrant-definition",
        "aze-population-change",
        "aze-data-gaps",
        "compare-two",
    ] {
        assert!(list.contains(name), "{name}");
    }
    let readme = stdout_of(&["exercise", "show", "compare-two"]);
    assert!(readme.contains("Grading") && readme.contains("70%"));
}

#[test]
fn net_migration_pack_has_tables_charts_and_handouts() {
    let dir = tempfile::tempdir().expect("tmp");
    miglab()
        .args([
            "exercise",
            "run",
            "sc-net-migration",
            "--lang",
            "az",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let pack = dir.path().join("sc-net-migration");
    for file in [
        "tables/cnmr.csv",
        "tables/cnmr.xlsx",
        "tables/cnmr_region.csv",
        "charts/cnmr_line.png",
        "charts/cnmr_line.svg",
        "handout.md",
        "handout.html",
        "slides.md",
    ] {
        assert!(pack.join(file).is_file(), "{file} missing");
    }
    // The pack's table is the measure, number for number.
    let table = std::fs::read_to_string(pack.join("tables/cnmr.csv")).expect("csv");
    let measure = stdout_of(&[
        "measure",
        "cnmr",
        "--countries",
        "ARM,AZE,GEO",
        "--years",
        "2014-2024",
        "--format",
        "csv",
    ]);
    assert_eq!(table, measure);
    // And the published rate is the UN's.
    let rows = parse_csv(&table);
    let aze_2023 = rows
        .iter()
        .find(|r| r["country"] == "AZE" && r["year"] == "2023" && r["measure"] == "cnmr_un")
        .expect("AZE 2023");
    assert_eq!(
        aze_2023["value"].parse::<f64>().expect("v"),
        wpp_wide("cnmr.txt", "31", 2023)
    );
    let handout = std::fs::read_to_string(pack.join("handout.md")).expect("md");
    assert!(handout.contains("World Population Prospects 2024"));
    assert!(
        handout.contains("Azərbaycan"),
        "country names in the chosen language"
    );
    let html = std::fs::read_to_string(pack.join("handout.html")).expect("html");
    assert!(
        html.contains("<svg") && !html.contains("src=\"charts/"),
        "the HTML handout is self-contained"
    );
    assert!(
        html.contains("Lisenziya"),
        "the licence named in Azerbaijani"
    );
    let slides = std::fs::read_to_string(pack.join("slides.md")).expect("slides");
    assert!(slides.contains("charts/cnmr_line.png"));
}

#[test]
fn every_exercise_runs_on_the_embedded_data() {
    let dir = tempfile::tempdir().expect("tmp");
    miglab()
        .args(["exercise", "run", "--all", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    for name in miglab::exercise::names() {
        let pack = dir.path().join(name);
        let handout = std::fs::read_to_string(pack.join("handout.md"))
            .unwrap_or_else(|_| panic!("{name} handout"));
        assert!(
            handout.contains("## Sources") && handout.contains("Licence"),
            "{name} names its sources"
        );
        assert!(
            pack.join("handout.html").is_file() && pack.join("slides.md").is_file(),
            "{name}"
        );
    }
}

/// Runs one exercise with extra flags into a new temporary folder, which must succeed.
fn run_pack(name: &str, flags: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    miglab()
        .args(["exercise", "run", name])
        .args(flags)
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success();
    dir
}

#[test]
fn compare_two_takes_any_pair_and_only_a_pair() {
    let dir = run_pack("compare-two", &["--countries", "ARM,GEO"]);
    assert!(dir
        .path()
        .join("compare-two/tables/top_destinations_ARM.csv")
        .is_file());
    assert!(dir
        .path()
        .join("compare-two/tables/top_destinations_GEO.csv")
        .is_file());
    refused(
        &["exercise", "run", "compare-two", "--countries", "ARM"],
        dir.path(),
        "exactly 2 countries",
    );
}

#[test]
fn lecturer_build_gives_variants_worksheets_and_answer_keys() {
    let dir = tempfile::tempdir().expect("tmp");
    miglab()
        .args([
            "exercise",
            "build",
            "sc-emigration-to-russia",
            "--teams",
            "4",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    // Countries first, then the other edition: four distinct variants.
    let expected = [
        ("ARM", "2020"),
        ("AZE", "2020"),
        ("GEO", "2020"),
        ("ARM", "2024"),
    ];
    let mut datasets = Vec::new();
    for (i, (country, edition)) in expected.iter().enumerate() {
        let team = dir.path().join(format!("team-{:02}", i + 1));
        let mut files: Vec<String> = std::fs::read_dir(&team)
            .expect("team folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        assert_eq!(
            files,
            ["dataset.csv", "dataset.xlsx", "worksheet.md"],
            "a team sees only its inputs"
        );
        let worksheet = std::fs::read_to_string(team.join("worksheet.md")).expect("worksheet");
        assert!(worksheet.contains("______"), "calculations are left to do");
        assert!(
            worksheet.contains(&format!("({country})")) && worksheet.contains(edition),
            "the worksheet describes the team's own variant"
        );
        let key = parse_csv(
            &std::fs::read_to_string(
                dir.path()
                    .join(format!("answer-keys/team-{:02}.csv", i + 1)),
            )
            .expect("key"),
        );
        let measure = parse_csv(&stdout_of(&[
            "measure",
            "period-change",
            "--origin",
            country,
            "--destination",
            "RUS",
            "--periods",
            "1990-2000,2000-2010,2010-2020",
            "--edition",
            edition,
            "--format",
            "csv",
        ]));
        let blanks = ["change", "change_pct", "annual_rate"];
        let expected_rows: Vec<_> = measure
            .iter()
            .filter(|r| blanks.contains(&r["measure"].as_str()))
            .collect();
        assert_eq!(key.len(), expected_rows.len());
        let mut team_text = String::new();
        for f in ["dataset.csv", "worksheet.md"] {
            team_text.push_str(&std::fs::read_to_string(team.join(f)).expect("team file"));
        }
        for (k, m) in key.iter().zip(expected_rows) {
            assert_eq!(k["year_or_period"], m["period"]);
            let exact: f64 = m["value"].parse().expect("value");
            let answer: f64 = k["answer"].parse().expect("answer");
            let tolerance: f64 = k["tolerance"].parse().expect("tolerance");
            assert!(tolerance > 0.0 && (answer - exact).abs() <= tolerance / 2.0 + 1e-9);
            // Rounded as students give it: no long tail of digits.
            assert!(k["answer"].len() <= 12, "{}", k["answer"]);
            for shown in [k["answer"].clone(), m["value"].clone()] {
                assert!(
                    !team_text.contains(&shown),
                    "team {} sees the answer {shown}",
                    i + 1
                );
            }
        }
        // The dataset gives the stocks, which are the published bilateral figures.
        let dataset =
            parse_csv(&std::fs::read_to_string(team.join("dataset.csv")).expect("dataset"));
        assert!(dataset
            .iter()
            .all(|r| !blanks.contains(&r["measure"].as_str())));
        datasets.push(std::fs::read_to_string(team.join("dataset.csv")).expect("dataset"));
    }
    datasets.sort();
    datasets.dedup();
    assert_eq!(datasets.len(), 4, "every team has its own variant");
}

#[test]
fn more_teams_than_variants_is_refused_with_the_count() {
    let dir = tempfile::tempdir().expect("tmp");
    refused(
        &["exercise", "build", "aze-population-change", "--teams", "4"],
        dir.path(),
        "3 distinct variants",
    );
    let list = stdout_of(&["exercise", "list"]);
    assert!(list.contains("3 team variants") && list.contains("no team variants"));
}

#[test]
fn unknown_exercise_suggests_the_closest() {
    miglab()
        .args(["exercise", "run", "sc-net-migrations", "--out", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `sc-net-migration`?"));
}

#[test]
fn exercises_without_variants_say_so() {
    let dir = tempfile::tempdir().expect("tmp");
    miglab()
        .args([
            "exercise",
            "build",
            "aze-data-gaps",
            "--teams",
            "2",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no team variants"));
}

/// A step's error keeps its kind (data errors exit 1, usage errors 2) and names the step.
#[test]
fn step_errors_keep_their_kind_and_name_the_step() {
    use miglab::exercise::{pack, step};
    let not_covered =
        pack::table(&step("old", "measure cnmr --countries AZE --years 1900").unwrap())
            .err()
            .expect("1900 is not covered");
    assert_eq!(not_covered.exit_code(), 1);
    assert!(not_covered
        .to_string()
        .starts_with("step `old` (`miglab measure cnmr --countries AZE --years 1900`): "));
    let usage = step("typo", "measure cnmr --countris AZE").unwrap_err();
    assert_eq!(usage.exit_code(), 2);
    assert!(
        usage.to_string().contains("unknown flag `--countris`"),
        "{usage}"
    );
    assert!(usage.hint().is_some_and(|h| h.contains("--countries")));
}

// ---- Packs: findings against the published files, structure, languages, staging ----

use std::path::Path;
use std::sync::OnceLock;

/// `exercise run --all` once per language for the tests below.
fn packs(lang: &str) -> &'static Path {
    static EN: OnceLock<tempfile::TempDir> = OnceLock::new();
    static AZ: OnceLock<tempfile::TempDir> = OnceLock::new();
    static RU: OnceLock<tempfile::TempDir> = OnceLock::new();
    let cell = match lang {
        "az" => &AZ,
        "ru" => &RU,
        _ => &EN,
    };
    cell.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tmp");
        miglab()
            .args(["exercise", "run", "--all", "--lang", lang, "--out"])
            .arg(dir.path())
            .assert()
            .success();
        dir
    })
    .path()
}

fn findings(name: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(packs("en").join(name).join("findings.json"))
        .expect("findings.json");
    serde_json::from_str(&text).expect("json")
}

/// The findings of a kind about a place (and measure).
fn found<'a>(
    all: &'a [serde_json::Value],
    kind: &str,
    measure: &str,
    place: &str,
) -> Vec<&'a serde_json::Value> {
    all.iter()
        .filter(|f| f["kind"] == kind && f["measure"] == measure && f["place"] == place)
        .collect()
}

fn point(f: &serde_json::Value, i: usize) -> (String, f64) {
    let p = &f["points"][i];
    (
        p["when"].as_str().expect("when").to_string(),
        p["value"].as_f64().expect("value"),
    )
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

/// `--years FIRST-LAST` runs the annual series over another period (each ending at most at its
/// own last year), with the titles saying so; exercises without one refuse it.
#[test]
fn annual_series_run_over_the_period_asked() {
    let dir = run_pack("compare-two", &["--years", "2005-2024"]);
    let pack = dir.path().join("compare-two");
    let cnmr = std::fs::read_to_string(pack.join("tables/cnmr.csv")).expect("cnmr");
    let aze_2005 = cnmr
        .lines()
        .find(|l| l.starts_with("AZE,2005,net_migrants,"))
        .expect("AZE 2005 net migrants");
    let value: f64 = aze_2005
        .split(',')
        .nth(3)
        .expect("value")
        .parse()
        .expect("number");
    assert!(
        close(value, wpp("migration", "31", 2005) * 1000.0, 0.5),
        "{aze_2005}"
    );
    // WDI's remittances end before 2024: that series stops at its own last year
    let remittances = std::fs::read_to_string(pack.join("tables/remittances.csv")).expect("csv");
    assert!(remittances.contains(",2005,"));
    assert!(!remittances.contains(",2024,"));
    let handout = std::fs::read_to_string(pack.join("handout.md")).expect("handout");
    assert!(handout.contains("2005-2024"), "titles name the period run");
    refused(
        &[
            "exercise",
            "run",
            "sc-emigration-destinations",
            "--years",
            "2005-2024",
        ],
        dir.path(),
        "no annual series",
    );
    refused(
        &["exercise", "run", "--all", "--years", "2005-2024"],
        dir.path(),
        "",
    );
}

/// A WPP value (estimates to 2023, the medium projection after), in the file's unit.
fn wpp(file: &str, m49: &str, year: i32) -> f64 {
    if year <= 2023 {
        wpp_wide(&format!("{file}.txt"), m49, year)
    } else {
        wpp_wide(&format!("projection_medium/{file}projMed.txt"), m49, year)
    }
}

/// Persons born in `origin` living in `destination` (female + male), from the IOM copy of IMS.
fn ims_pair(edition: &str, origin: &str, destination: &str, year: &str) -> f64 {
    ims_rows(edition)
        .iter()
        .filter(|r| r["from"] == origin && r["geo"] == destination && r["t"] == year)
        .map(|r| r["n"].parse::<f64>().expect("n"))
        .sum()
}

fn ims_rows(edition: &str) -> &'static [std::collections::HashMap<String, String>] {
    static R2020: OnceLock<Vec<std::collections::HashMap<String, String>>> = OnceLock::new();
    static R2024: OnceLock<Vec<std::collections::HashMap<String, String>>> = OnceLock::new();
    let cell = if edition == "2020" { &R2020 } else { &R2024 };
    cell.get_or_init(|| {
        csv_rows(&format!(
            "iom_gdidata/undesa_ims{edition}_bilateral_by_sex.csv"
        ))
    })
}

/// UNHCR IDPs displaced inside `country` at the end of `year`.
fn unhcr_idps(country: &str, year: &str) -> f64 {
    csv_rows("unhcr_refugees_pkg/population.csv")
        .iter()
        .filter(|r| r["coo_iso"] == country && r["coa_iso"] == country && r["year"] == year)
        .map(|r| r["idps"].parse::<f64>().unwrap_or(0.0))
        .sum()
}

#[test]
fn sc_net_migration_findings_are_the_wpp_figures() {
    let all = findings("sc-net-migration");
    for (code, m49) in [("ARM", "51"), ("AZE", "31"), ("GEO", "268")] {
        let published: Vec<(i32, f64)> = (2014..=2024).map(|y| (y, wpp("cnmr", m49, y))).collect();
        let max = published
            .iter()
            .cloned()
            .fold((0, f64::MIN), |a, b| if b.1 > a.1 { b } else { a });
        let min = published
            .iter()
            .cloned()
            .fold((0, f64::MAX), |a, b| if b.1 < a.1 { b } else { a });
        let range = found(&all, "range", "cnmr", code);
        assert_eq!(range.len(), 1, "{code}");
        let (hi_year, hi) = point(range[0], 0);
        let (lo_year, lo) = point(range[0], 1);
        assert_eq!(hi_year, max.0.to_string(), "{code} highest year");
        assert_eq!(lo_year, min.0.to_string(), "{code} lowest year");
        assert!(close(hi, max.1, 0.01) && close(lo, min.1, 0.01), "{code}");
        // Every turn is a sign change of the published rate between consecutive years.
        for t in found(&all, "turn", "cnmr", code) {
            let (a, _) = point(t, 0);
            let (b, _) = point(t, 1);
            let (a, b): (i32, i32) = (a.parse().unwrap(), b.parse().unwrap());
            assert_eq!(b, a + 1);
            assert!(
                wpp("cnmr", m49, a) * wpp("cnmr", m49, b) < 0.0,
                "{code} {a}-{b}"
            );
        }
    }
}

#[test]
fn sc_emigration_destinations_findings_are_the_ims_shares() {
    let all = findings("sc-emigration-destinations");
    for origin in ["ARM", "AZE", "GEO"] {
        let shares = found(&all, "shares", "share_of_total", origin);
        assert_eq!(shares.len(), 1, "{origin}");
        let partner = shares[0]["points"][0]["partner"].as_str().expect("partner");
        let years: Vec<String> = (0..3).map(|i| point(shares[0], i).0).collect();
        assert_eq!(
            years,
            ["2015", "2020", "2024"],
            "shares across the three years"
        );
        for i in 0..3 {
            let (year, share) = point(shares[0], i);
            let total: f64 = ims_rows("2024")
                .iter()
                .filter(|r| r["from"] == origin && r["t"] == year)
                .map(|r| r["n"].parse::<f64>().expect("n"))
                .sum();
            let expected = 100.0 * ims_pair("2024", origin, partner, &year) / total;
            assert!(close(share, expected, 1e-6), "{origin} {partner} {year}");
        }
    }
}

#[test]
fn sc_emigration_to_russia_findings_show_the_revision() {
    let all = findings("sc-emigration-to-russia");
    for origin in ["ARM", "AZE", "GEO"] {
        let compare = found(&all, "compare", "change", origin);
        assert_eq!(compare.len(), 1, "{origin}");
        let (period, new) = point(compare[0], 0);
        let (_, old) = point(compare[0], 1);
        let (start, end) = period.split_once('-').expect("period");
        let change = |edition: &str| {
            ims_pair(edition, origin, "RUS", end) - ims_pair(edition, origin, "RUS", start)
        };
        assert!(close(new, change("2024"), 0.5) && close(old, change("2020"), 0.5));
        // The widest disagreement of the decades.
        for p in ["1990-2000", "2000-2010", "2010-2020"] {
            let (s, e) = p.split_once('-').unwrap();
            let d = |ed: &str| ims_pair(ed, origin, "RUS", e) - ims_pair(ed, origin, "RUS", s);
            assert!(
                (d("2024") - d("2020")).abs() <= (new - old).abs() + 0.5,
                "{origin} {p}"
            );
        }
    }
}

#[test]
fn aze_migrant_definition_findings_are_the_largest_origins() {
    let all = findings("aze-migrant-definition");
    let top = found(&all, "top", "migrant_stock", "AZE");
    assert_eq!(top.len(), 1);
    let mut origins: std::collections::HashMap<String, f64> = Default::default();
    for r in ims_rows("2024")
        .iter()
        .filter(|r| r["geo"] == "AZE" && r["t"] == "2024")
    {
        *origins.entry(r["from"].clone()).or_default() += r["n"].parse::<f64>().expect("n");
    }
    let mut ranked: Vec<(String, f64)> = origins.into_iter().collect();
    ranked.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap());
    for i in 0..2 {
        let p = &top[0]["points"][i];
        assert!(
            close(p["value"].as_f64().unwrap(), ranked[i].1, 0.5),
            "rank {}",
            i + 1
        );
    }
    let handout = std::fs::read_to_string(packs("en").join("aze-migrant-definition/handout.md"))
        .expect("handout");
    for needed in [
        "Migration Code",
        "Unit 2.3",
        "Module 5",
        "non-nationals",
        "stat.gov.az",
    ] {
        assert!(handout.contains(needed), "{needed}");
    }
}

#[test]
fn aze_population_change_findings_are_the_balancing_equation() {
    let all = findings("aze-population-change");
    let range = found(&all, "range", "net_migration_residual", "AZE");
    assert_eq!(range.len(), 1);
    // WPP files are in thousands: the residual dP - (B - D), in persons.
    let residual = |y: i32| {
        1000.0 * (wpp("PopChange", "31", y) - wpp("births", "31", y) + wpp("deaths", "31", y))
    };
    let (lo_year, lo) = point(range[0], 1);
    let min = (2019..=2023)
        .min_by(|a, b| residual(*a).partial_cmp(&residual(*b)).unwrap())
        .unwrap();
    assert_eq!(lo_year, min.to_string());
    assert!(close(lo, residual(min), 10.0), "{lo} vs {}", residual(min));
}

#[test]
fn aze_data_gaps_findings_include_idps_and_source_gaps() {
    let all = findings("aze-data-gaps");
    let level = found(&all, "level", "idps", "AZE");
    assert_eq!(level.len(), 1);
    let (year, idps) = point(level[0], 0);
    assert_eq!(year, "2025");
    assert_eq!(idps, unhcr_idps("AZE", "2025"));
    let range = found(&all, "range", "idps", "AZE");
    let (hi_year, hi) = point(range[0], 0);
    assert_eq!(hi, unhcr_idps("AZE", &hi_year));
    for y in 2014..=2025 {
        assert!(unhcr_idps("AZE", &y.to_string()) <= hi);
    }
    let editions = found(&all, "compare", "immigrant_stock", "AZE");
    assert_eq!(editions.len(), 1);
    let (year, new) = point(editions[0], 0);
    let (_, old) = point(editions[0], 1);
    let total = |edition: &str| -> f64 {
        ims_rows(edition)
            .iter()
            .filter(|r| r["geo"] == "AZE" && r["t"] == year)
            .map(|r| r["n"].parse::<f64>().expect("n"))
            .sum()
    };
    assert!(
        close(new, total("2024"), 0.5) && close(old, total("2020"), 0.5),
        "{year}"
    );
    let sources = found(&all, "compare", "net_migrants", "AZE");
    assert_eq!(sources.len(), 1, "WPP 2024 against the WDI vintage");
    let (year, wpp2024) = point(sources[0], 0);
    let y: i32 = year.parse().expect("year");
    assert!(close(wpp2024, 1000.0 * wpp("migration", "31", y), 1.0));
    assert!(packs("en")
        .join("aze-data-gaps/charts/idps_line.png")
        .is_file());
}

#[test]
fn compare_two_findings_and_policy_slide_use_the_pairs_figures() {
    let all = findings("compare-two");
    for (code, m49) in [("AZE", "31"), ("GEO", "268")] {
        let idps = found(&all, "level", "idps", code);
        assert_eq!(idps.len(), 1, "{code}");
        let (year, v) = point(idps[0], 0);
        assert_eq!(v, unhcr_idps(code, &year));
        let range = found(&all, "range", "cnmr", code);
        let (lo_year, lo) = point(range[0], 1);
        let y: i32 = lo_year.parse().unwrap();
        assert!(close(lo, wpp("cnmr", m49, y), 0.01));
    }
    let pack = packs("en").join("compare-two");
    // Only in-country IDP rows: one table per country, no zero rows.
    for code in ["AZE", "GEO"] {
        let rows = parse_csv(
            &std::fs::read_to_string(pack.join(format!("tables/idps_{code}.csv"))).unwrap(),
        );
        assert!(rows
            .iter()
            .all(|r| r["origin"] == code && r["destination"] == code));
    }
    for chart in ["remittances_line", "refugees_line"] {
        assert!(
            pack.join(format!("charts/{chart}.png")).is_file(),
            "{chart}"
        );
    }
    let slides = std::fs::read_to_string(pack.join("slides.md")).unwrap();
    let policy = slides
        .split("## Policy recommendations")
        .nth(1)
        .expect("policy slide");
    let policy = policy.split("\n---").next().unwrap();
    assert!(
        policy.contains("remittances")
            && policy.contains("Azerbaijan")
            && policy.contains("Georgia")
    );
    assert!(policy.chars().filter(|c| c.is_ascii_digit()).count() > 10);
    // Eurostat's first-time asylum applications in the EU27 total (female + male + unknown),
    // the peak year of each country, in the findings and on the policy slide
    let asylum = csv_rows("iom_gdidata/eurostat_migr_asyappctza_annual.csv");
    for code in ["AZE", "GEO"] {
        let total = |year: i32| -> f64 {
            asylum
                .iter()
                .filter(|r| r["geo"] == "EU27" && r["nat"] == code && r["t"] == year.to_string())
                .map(|r| r["n"].parse::<f64>().expect("n"))
                .sum()
        };
        let peak = (2014..=2024)
            .max_by(|a, b| total(*a).partial_cmp(&total(*b)).unwrap())
            .unwrap();
        let range = found(&all, "range", "first_time_asylum_applicants", code);
        assert_eq!(range.len(), 1, "{code}");
        let (year, value) = point(range[0], 0);
        assert_eq!((year, value), (peak.to_string(), total(peak)), "{code}");
        let grouped = format!(
            "{},{:03}",
            total(peak) as i64 / 1000,
            total(peak) as i64 % 1000
        );
        assert!(
            policy.contains(&grouped),
            "{code}: {grouped} on the policy slide"
        );
    }
    let handout = std::fs::read_to_string(pack.join("handout.md")).unwrap();
    assert!(
        !handout.contains("Not available in open data"),
        "the asylum data are embedded"
    );
    // Armenia as Azerbaijan's second destination is explained where it is said
    let line = handout
        .lines()
        .find(|l| l.starts_with("- Azerbaijan, 2024:") && l.contains("Armenia second"))
        .expect("the top destinations finding");
    assert!(line.contains("displaced by the conflict"), "{line}");
}

/// The structure every pack shares: a 15-minute talk with numbers on every chart slide, real
/// HTML tables, no table dominated by zero rows, the language set in the HTML.
#[test]
fn every_pack_has_a_fifteen_minute_talk_and_html_tables() {
    for name in miglab::exercise::names() {
        let pack = packs("en").join(name);
        let slides = std::fs::read_to_string(pack.join("slides.md")).expect("slides");
        assert!(
            slides.starts_with("---\nmarp: true"),
            "{name}: Marp front matter"
        );
        let mut minutes = 0.0;
        for line in slides
            .lines()
            .filter(|l| l.starts_with("# ") || l.starts_with("## "))
        {
            if let Some(m) = line
                .rsplit_once(" min)")
                .and_then(|(head, _)| head.rsplit_once('('))
            {
                minutes += m.1.parse::<f64>().expect("minutes");
            }
        }
        let title = slides
            .lines()
            .find(|l| l.contains("<!-- "))
            .expect("title time");
        let t = title
            .split("<!-- ")
            .nth(1)
            .unwrap()
            .trim_end_matches(" -->")
            .trim_end_matches(" min");
        minutes += t.parse::<f64>().expect("title minutes");
        assert_eq!(minutes, 15.0, "{name}: the talk budgets 15 minutes");
        for slide in slides.split("\n---\n").filter(|s| s.contains("](charts/")) {
            let numbers = slide
                .lines()
                .filter(|l| l.starts_with("- ") && l.chars().any(|c| c.is_ascii_digit()))
                .count();
            assert!(
                (2..=3).contains(&numbers),
                "{name}: chart slide with {numbers} numbers:\n{slide}"
            );
        }
        assert!(slides.contains("## Sources"), "{name}");
        let html = std::fs::read_to_string(pack.join("handout.html")).expect("html");
        assert!(html.contains("<html lang=\"en\">"));
        let tables = html.matches("<table>").count();
        let csvs = std::fs::read_dir(pack.join("tables"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "csv")
            })
            .count();
        assert_eq!(tables, csvs, "{name}: one HTML table per table");
        for table in html.split("<table>").skip(1) {
            let table = table.split("</table>").next().unwrap();
            let rows: Vec<&str> = table.split("<tr>").skip(2).collect();
            let zero = rows
                .iter()
                .filter(|r| {
                    let cells: Vec<&str> = r
                        .split("<td style=\"text-align: right\">")
                        .skip(1)
                        .map(|c| c.split("</td>").next().unwrap())
                        .collect();
                    !cells.is_empty() && cells.iter().all(|c| *c == "0" || *c == "–")
                })
                .count();
            assert!(
                zero * 2 <= rows.len().max(1),
                "{name}: a table dominated by zero rows"
            );
        }
        let md = std::fs::read_to_string(pack.join("handout.md")).expect("md");
        assert!(md.contains("## Main findings"));
        let findings = md
            .split("## Main findings")
            .nth(1)
            .unwrap()
            .split("\n## ")
            .next()
            .unwrap();
        assert!(
            findings.lines().filter(|l| l.starts_with("- ")).count() >= 3,
            "{name}"
        );
        let xlsx = std::fs::read(
            pack.join("tables").join(
                std::fs::read_dir(pack.join("tables"))
                    .unwrap()
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .find(|f| f.ends_with(".xlsx"))
                    .unwrap(),
            ),
        )
        .unwrap();
        assert!(!xlsx.is_empty());
    }
}

#[test]
fn packs_in_azerbaijani_and_russian_have_no_english_headings() {
    let english: Vec<String> = miglab::exercise::names()
        .flat_map(|name| {
            std::fs::read_to_string(packs("en").join(name).join("handout.md"))
                .unwrap()
                .lines()
                .filter(|l| l.starts_with("## "))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    for lang in ["az", "ru"] {
        for name in miglab::exercise::names() {
            let pack = packs(lang).join(name);
            let md = std::fs::read_to_string(pack.join("handout.md")).unwrap();
            for heading in md.lines().filter(|l| l.starts_with('#')) {
                assert!(
                    !english.iter().any(|e| e == heading),
                    "{lang} {name}: {heading}"
                );
            }
            let html = std::fs::read_to_string(pack.join("handout.html")).unwrap();
            assert!(
                html.contains(&format!("<html lang=\"{lang}\">")),
                "{lang} {name}"
            );
            for english_word in [
                "Country",
                "Quantity",
                "Main findings",
                "highest in",
                "Caveats",
            ] {
                assert!(!md.contains(english_word), "{lang} {name}: {english_word}");
            }
            let slides = std::fs::read_to_string(pack.join("slides.md")).unwrap();
            assert!(
                !slides.contains("## Sources") && !slides.contains("## Caveats"),
                "{lang} {name}"
            );
        }
    }
}

#[test]
fn run_takes_a_chart_size() {
    let dir = tempfile::tempdir().expect("tmp");
    miglab()
        .args([
            "exercise",
            "run",
            "aze-population-change",
            "--size",
            "1600x1200",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let png = std::fs::read(
        dir.path()
            .join("aze-population-change/charts/components.png"),
    )
    .unwrap();
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1600, 1200));
    refused(
        &["exercise", "run", "aze-population-change", "--size", "big"],
        dir.path(),
        "",
    );
}

/// Every number a team folder shows: the worksheet's table cells, the dataset's values (CSV and
/// XLSX).
fn team_numbers(team: &Path) -> Vec<f64> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut out = Vec::new();
    let worksheet = std::fs::read_to_string(team.join("worksheet.md")).expect("worksheet");
    for line in worksheet.lines().filter(|l| l.starts_with('|')) {
        for cell in line.split('|') {
            if let Ok(v) = cell.trim().replace(',', "").parse::<f64>() {
                out.push(v);
            }
        }
    }
    let dataset = parse_csv(&std::fs::read_to_string(team.join("dataset.csv")).expect("csv"));
    out.extend(
        dataset
            .iter()
            .filter_map(|r| r["value"].parse::<f64>().ok()),
    );
    let mut workbook = open_workbook_auto(team.join("dataset.xlsx")).expect("xlsx");
    for sheet in workbook.sheet_names() {
        let range = workbook.worksheet_range(&sheet).expect("sheet");
        for cell in range.used_cells() {
            match cell.2 {
                Data::Float(f) => out.push(*f),
                Data::Int(i) => out.push(*i as f64),
                _ => {}
            }
        }
    }
    out
}

/// For every exercise with team variants: as many teams as variants, each folder with only its
/// inputs and none of its answers (no figure that rounds to an answer), every dataset distinct;
/// the answers rounded with a tolerance; a rebuild with fewer teams leaves no stale team folder.
#[test]
fn team_folders_hold_none_of_the_answers_and_every_variant_differs() {
    for e in miglab::exercise::all().expect("exercises") {
        let count = miglab::exercise::lecturer::variants(&e).len();
        if count == 0 {
            continue;
        }
        let dir = tempfile::tempdir().expect("tmp");
        let teams = count.to_string();
        miglab()
            .args(["exercise", "build", &e.name, "--teams", &teams, "--out"])
            .arg(dir.path())
            .assert()
            .success()
            .stderr(predicate::str::contains(format!(
                "{count} distinct variants"
            )));
        let mut datasets = Vec::new();
        for team in 1..=count {
            let folder = dir.path().join(format!("team-{team:02}"));
            let seen = team_numbers(&folder);
            let key = parse_csv(
                &std::fs::read_to_string(
                    dir.path().join(format!("answer-keys/team-{team:02}.csv")),
                )
                .expect("key"),
            );
            assert!(!key.is_empty(), "{} team {team}: an empty key", e.name);
            for k in &key {
                let answer: f64 = k["answer"].parse().expect("answer");
                let tolerance: f64 = k["tolerance"].parse().expect("tolerance");
                assert!(tolerance > 0.0 && k["answer"].len() <= 12, "{k:?}");
                // A zero answer tells nothing; any other must not be readable off the folder.
                if answer.abs() < tolerance {
                    continue;
                }
                let rounds_to = |v: f64| ((v / tolerance).round() - answer / tolerance).abs() < 0.5;
                assert!(
                    !seen.iter().any(|v| rounds_to(*v)),
                    "{} team {team} sees the answer {} ({})",
                    e.name,
                    k["answer"],
                    k["measure"]
                );
            }
            datasets.push(std::fs::read_to_string(folder.join("dataset.csv")).expect("dataset"));
        }
        datasets.sort();
        datasets.dedup();
        assert_eq!(
            datasets.len(),
            count,
            "{}: every team its own variant",
            e.name
        );
        // A rebuild with fewer teams: exactly those teams, no stale folder of the first build.
        miglab()
            .args(["exercise", "build", &e.name, "--teams", "1", "--out"])
            .arg(dir.path())
            .assert()
            .success();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|d| d.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["answer-keys", "team-01"], "{}", e.name);
    }
}

/// Re-running into the same folder with other countries leaves none of the first run's files.
#[test]
fn a_rerun_leaves_no_stale_files() {
    let dir = tempfile::tempdir().expect("tmp");
    for countries in ["ARM,GEO", "AZE,KAZ"] {
        miglab()
            .args([
                "exercise",
                "run",
                "compare-two",
                "--countries",
                countries,
                "--out",
            ])
            .arg(dir.path())
            .assert()
            .success();
    }
    let tables: Vec<String> = std::fs::read_dir(dir.path().join("compare-two/tables"))
        .expect("tables")
        .map(|d| d.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        tables
            .iter()
            .all(|t| !t.contains("ARM") && !t.contains("GEO")),
        "{tables:?}"
    );
    assert!(tables.iter().any(|t| t.contains("KAZ")));
    let handout =
        std::fs::read_to_string(dir.path().join("compare-two/handout.md")).expect("handout");
    assert!(handout.contains("Kazakhstan (KAZ)") && !handout.contains("Georgia (GEO)"));
}
