//! `miglab countries`: codes from the publishers' tables, names from CLDR, lookup by anything.

mod common;

use common::*;
use predicates::prelude::*;

fn lookup_csv(query: &str) -> Vec<std::collections::HashMap<String, String>> {
    let out = miglab()
        .args(["countries", query, "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    parse_csv(&String::from_utf8(out).expect("utf8"))
}

#[test]
fn lookup_by_names_in_three_languages_and_by_codes() {
    for query in [
        "Azərbaycan",
        "Azerbaijan",
        "Азербайджан",
        "AZE",
        "az",
        "31",
        "azerbaycan",
    ] {
        let rows = lookup_csv(query);
        assert_eq!(rows.len(), 1, "{query}");
        assert_eq!(rows[0]["code"], "AZE", "{query}");
    }
    assert_eq!(lookup_csv("Россия")[0]["code"], "RUS");
    assert_eq!(lookup_csv("Türkiye")[0]["code"], "TUR");
    assert_eq!(lookup_csv("Russian Federation")[0]["code"], "RUS");
}

#[test]
fn former_names_find_the_closest_with_a_note() {
    miglab()
        .args(["countries", "Turkey"])
        .assert()
        .success()
        .stdout(predicate::str::contains("TUR"))
        .stderr(predicate::str::contains("closest name is Türkiye"));
}

#[test]
fn codes_come_from_the_publishers_tables() {
    let iom = csv_rows("iom_gdidata/countrynames.csv");
    let unhcr = csv_rows("unhcr_refugees_pkg/countries.csv");
    for iso3 in [
        "ARM", "AZE", "GEO", "BLR", "MDA", "UKR", "RUS", "KAZ", "KGZ", "TJK", "TKM", "UZB", "TUR",
        "AUT",
    ] {
        let row = &lookup_csv(iso3)[0];
        let published = iom.iter().find(|r| r["iso3"] == iso3).expect("iom row");
        assert_eq!(row["iso2"], published["iso2"]);
        assert_eq!(row["m49"], published["m49"]);
        let unhcr_code = unhcr
            .iter()
            .find(|r| r["iso_code"] == iso3)
            .map(|r| r["unhcr_code"].clone())
            .unwrap_or_default();
        assert_eq!(row["unhcr"], unhcr_code, "{iso3}");
    }
    // UNHCR's `AUS` is Austria; the ISO3 code AUS is Australia.
    assert_eq!(lookup_csv("AUT")[0]["unhcr"], "AUS");
    // UNHCR's places without an ISO code are no country's names, and not the world's
    let world = &lookup_csv("world")[0];
    assert_eq!(world["unhcr"], "", "{world:?}");
    for place in unhcr.iter().filter(|r| r["iso_code"].is_empty()) {
        let name = &place["name"];
        let out = miglab()
            .args(["countries", name, "--format", "csv"])
            .output()
            .expect("run");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains("World"),
            "{name} resolves to the world: {text}"
        );
    }
}

#[test]
fn every_wpp_country_has_an_iso3_code_in_the_data() {
    let text =
        std::fs::read_to_string(shared().join("un_wpp2024/UNlocations.txt")).expect("locations");
    let crosswalk = miglab::countries::Crosswalk::embedded().expect("crosswalk");
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f[6] == "4" {
            let c = crosswalk
                .by_m49(f[1])
                .unwrap_or_else(|| panic!("{} ({}) not in crosswalk", f[0], f[1]));
            assert_eq!(c.code.len(), 3, "{}", f[0]);
            assert!(c.code.chars().all(|ch| ch.is_ascii_uppercase()), "{}", f[0]);
        }
    }
}

#[test]
fn groups_expand_to_their_members() {
    let rows = lookup_csv("south-caucasus");
    let codes: Vec<&str> = rows.iter().map(|r| r["code"].as_str()).collect();
    assert_eq!(codes, ["ARM", "AZE", "GEO"]);
    assert_eq!(lookup_csv("eeca").len(), 12);
    assert_eq!(lookup_csv("eu27").len(), 27);
}

#[test]
fn unknown_country_is_an_error() {
    miglab()
        .args(["countries", "Qwxyz"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown country `Qwxyz`"));
}

#[test]
fn country_table_snapshot() {
    let out = miglab()
        .args(["countries", "Azərbaycan"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!(
        "countries_azerbaijan",
        String::from_utf8(out).expect("utf8")
    );
}
