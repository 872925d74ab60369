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
    assert!(html.contains("Licence"));
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

#[test]
fn compare_two_takes_any_pair_and_only_a_pair() {
    let dir = tempfile::tempdir().expect("tmp");
    miglab()
        .args([
            "exercise",
            "run",
            "compare-two",
            "--countries",
            "ARM,GEO",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir
        .path()
        .join("compare-two/tables/top_destinations_ARM.csv")
        .is_file());
    assert!(dir
        .path()
        .join("compare-two/tables/top_destinations_GEO.csv")
        .is_file());
    miglab()
        .args([
            "exercise",
            "run",
            "compare-two",
            "--countries",
            "ARM",
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exactly 2 countries"));
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
    let expected_countries = ["ARM", "AZE", "GEO", "ARM"];
    for (i, country) in expected_countries.iter().enumerate() {
        let team = dir.path().join(format!("team-{:02}", i + 1));
        for file in ["worksheet.md", "dataset.csv", "dataset.xlsx"] {
            assert!(team.join(file).is_file(), "team {} {file}", i + 1);
        }
        let worksheet = std::fs::read_to_string(team.join("worksheet.md")).expect("worksheet");
        assert!(worksheet.contains("______"), "calculations are left to do");
        let key = std::fs::read_to_string(
            dir.path()
                .join(format!("answer-keys/team-{:02}.csv", i + 1)),
        )
        .expect("key");
        let measure = stdout_of(&[
            "measure",
            "period-change",
            "--origin",
            country,
            "--destination",
            "RUS",
            "--periods",
            "1990-2000,2000-2010,2010-2020",
            "--edition",
            "2020",
            "--format",
            "csv",
        ]);
        assert_eq!(key, measure, "answer key of team {}", i + 1);
        // The dataset gives the stocks, which are the published bilateral figures.
        let dataset =
            parse_csv(&std::fs::read_to_string(team.join("dataset.csv")).expect("dataset"));
        assert!(dataset
            .iter()
            .all(|r| !["change", "change_pct", "annual_rate"].contains(&r["measure"].as_str())));
    }
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
