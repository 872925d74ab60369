//! Tests of `miglab check` and `miglab define`: a table of claims with known verdicts, built from
//! the published tables in ../shared/data (read here with the tests' own parsers, never with
//! miglab's importers or from miglab's output), plus snapshots of `define --list` and a card.

mod common;

use common::{csv_rows, ims_workbook, miglab, shared, wpp_wide};
use serde_json::Value;

/// WPP 2024 value in persons (the files are in thousands).
fn wpp_persons(file: &str, m49: &str, year: i32) -> f64 {
    (wpp_wide(file, m49, year) * 1000.0).round()
}

/// IMS 2024 origin workbook, Table 1 (emigrants by origin, both sexes).
fn ims_emigrants_2024(m49: f64, year: f64) -> f64 {
    ims_workbook(
        "undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx",
        "Table 1",
        m49,
        year,
    )
}

/// IMS 2024 destination workbook, Table 1 (immigrants, both sexes).
fn ims_immigrants_2024(m49: f64, year: f64) -> f64 {
    ims_workbook(
        "undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx",
        "Table 1",
        m49,
        year,
    )
}

/// A bilateral IOM gdidata file summed over sexes (and over destinations when `dest` is None).
fn bilateral(file: &str, origin: &str, dest: Option<&str>, year: &str) -> f64 {
    csv_rows(&format!("iom_gdidata/{file}"))
        .iter()
        .filter(|r| r["from"] == origin && r["t"] == year && dest.is_none_or(|d| r["geo"] == d))
        .map(|r| r["n"].parse::<f64>().expect("n"))
        .sum()
}

/// UNHCR population.csv summed over origins for an asylum country.
fn unhcr_hosted(column: &str, asylum: &str, year: &str) -> f64 {
    csv_rows("unhcr_refugees_pkg/population.csv")
        .iter()
        .filter(|r| r["coa_iso"] == asylum && r["year"] == year)
        .map(|r| r[column].parse::<f64>().unwrap_or(0.0))
        .sum()
}

/// The WDI bulk CSV (vintage 2024-06-28): quoted fields, BOM, trailing commas.
fn wdi_vintage(iso3: &str, year: &str) -> f64 {
    let text = std::fs::read_to_string(
        shared().join("worldbank_wdi_csv/API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv"),
    )
    .expect("WDI csv");
    let split = |line: &str| -> Vec<String> {
        line.trim_end_matches(['\r', ','])
            .split("\",\"")
            .map(|f| f.trim_matches(['"', '\u{feff}']).to_string())
            .collect()
    };
    let mut header: Vec<String> = Vec::new();
    for line in text.lines() {
        let fields = split(line);
        if fields.first().map(String::as_str) == Some("Country Name") {
            header = fields;
        } else if fields.get(1).map(String::as_str) == Some(iso3) {
            let col = header.iter().position(|h| h == year).expect("year column");
            return fields[col].parse().expect("number");
        }
    }
    panic!("{iso3} not in the WDI file");
}

/// Runs `miglab check ... --json` and returns the parsed report.
fn check_json(args: &[&str]) -> Value {
    let out = miglab()
        .arg("check")
        .args(args)
        .arg("--json")
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

/// The figure the verdict rests on.
fn verdict_figure(report: &Value) -> &Value {
    let i = report["verdict"]["figure"].as_u64().expect("figure index") as usize;
    &report["figures"][i]
}

/// True when some figure of the report has this value (and, if given, dataset).
fn lists(report: &Value, value: f64, dataset: Option<&str>) -> bool {
    report["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .any(|f| {
            f["value"]
                .as_f64()
                .is_some_and(|v| (v - value).abs() < 1e-6)
                && dataset.is_none_or(|d| f["dataset"] == d)
        })
}

struct Case {
    args: Vec<&'static str>,
    verdict: &'static str,
    difference: Option<&'static str>,
    /// Expected value of the figure the verdict rests on, from the published files.
    figure: f64,
    dataset: &'static str,
    /// Other published figures the report must list.
    also: Vec<(f64, &'static str)>,
}

#[test]
fn claims_with_known_verdicts() {
    let aze_net_2023 = wpp_persons("migration.txt", "31", 2023);
    let arm_net_2022 = wpp_persons("migration.txt", "51", 2022);
    let arm_net_2023 = wpp_persons("migration.txt", "51", 2023);
    let arm_cnmr_2023 = wpp_wide("cnmr.txt", "51", 2023);
    let aze_cnmr_2023 = wpp_wide("cnmr.txt", "31", 2023);
    let aze_net_2025 = wpp_persons("projection_medium/migrationprojMed.txt", "31", 2025);
    let aze_emigrants_2020 = ims_emigrants_2024(31.0, 2020.0);
    let aze_immigrants_2020 = ims_immigrants_2024(31.0, 2020.0);
    let aze_emigrants_2020_ed2020 =
        bilateral("undesa_ims2020_bilateral_by_sex.csv", "AZE", None, "2020");
    let aze_rus_2020 = bilateral(
        "undesa_ims2024_bilateral_by_sex.csv",
        "AZE",
        Some("RUS"),
        "2020",
    );
    let aze_rus_2020_ed2020 = bilateral(
        "undesa_ims2020_bilateral_by_sex.csv",
        "AZE",
        Some("RUS"),
        "2020",
    );
    let aze_idps_2019 = unhcr_hosted("idps", "AZE", "2019");
    let aze_refugees_2019 = unhcr_hosted("refugees", "AZE", "2019");
    let arm_wdi_2023 = wdi_vintage("ARM", "2023");

    let cases = vec![
        Case {
            args: vec!["Net migration in Azerbaijan was minus 84 thousand in 2023"],
            verdict: "consistent",
            difference: None,
            figure: aze_net_2023,
            dataset: "wpp2024",
            also: vec![(aze_cnmr_2023, "wpp2024")],
        },
        Case {
            args: vec!["About 790,000 people born in Azerbaijan lived abroad in 2020"],
            verdict: "consistent",
            difference: None,
            figure: aze_emigrants_2020,
            dataset: "ims2024",
            also: vec![
                (aze_emigrants_2020_ed2020, "ims2020"),
                (aze_immigrants_2020, "ims2024"),
            ],
        },
        Case {
            args: vec!["net migration rate in Armenia was 25 per 1000 in 2023"],
            verdict: "consistent",
            difference: None,
            figure: arm_cnmr_2023,
            dataset: "wpp2024",
            also: vec![(arm_net_2023, "wpp2024")],
        },
        Case {
            args: vec!["Net migration in Azerbaijan was -80 thousand in 2023"],
            verdict: "close",
            difference: None,
            figure: aze_net_2023,
            dataset: "wpp2024",
            also: vec![],
        },
        Case {
            args: vec![
                "--value",
                "2000000",
                "--concept",
                "emigrant-stock",
                "--country",
                "AZE",
                "--partner",
                "RUS",
                "--year",
                "2020",
            ],
            verdict: "inconsistent",
            difference: None,
            figure: aze_rus_2020,
            dataset: "ims2024",
            also: vec![
                (aze_rus_2020_ed2020, "ims2020"),
                (aze_emigrants_2020, "ims2024"),
            ],
        },
        Case {
            args: vec!["About 790,000 immigrants lived in Azerbaijan in 2020"],
            verdict: "matches_different",
            difference: Some("concept"),
            figure: aze_emigrants_2020,
            dataset: "ims2024",
            also: vec![(aze_immigrants_2020, "ims2024")],
        },
        Case {
            args: vec!["Azerbaijan hosted 650,000 refugees in 2019"],
            verdict: "matches_different",
            difference: Some("concept"),
            figure: aze_idps_2019,
            dataset: "unhcr",
            also: vec![(aze_refugees_2019, "unhcr")],
        },
        Case {
            args: vec!["Emigrants from Azerbaijan numbered 1.16 million in 2020"],
            verdict: "matches_different",
            difference: Some("edition"),
            figure: aze_emigrants_2020_ed2020,
            dataset: "ims2020",
            also: vec![(aze_emigrants_2020, "ims2024")],
        },
        Case {
            // no year: the latest IMS 2024 year (2024); the number is the IMS 2020 edition's 2020
            args: vec!["767 thousand Azerbaijanis live in Russia"],
            verdict: "matches_different",
            difference: Some("edition"),
            figure: aze_rus_2020_ed2020,
            dataset: "ims2020",
            also: vec![],
        },
        Case {
            args: vec!["Net migration in Armenia was -5,000 in 2023"],
            verdict: "matches_different",
            difference: Some("edition"),
            figure: arm_wdi_2023,
            dataset: "wdi",
            also: vec![(arm_net_2023, "wpp2024")],
        },
        Case {
            args: vec!["Net migration in Armenia was 38 thousand in 2023"],
            verdict: "matches_different",
            difference: Some("year"),
            figure: arm_net_2022,
            dataset: "wpp2024",
            also: vec![(arm_net_2023, "wpp2024")],
        },
        Case {
            args: vec!["Net migration in Azerbaijan was -84 in 2023"],
            verdict: "matches_different",
            difference: Some("thousands-vs-persons"),
            figure: aze_net_2023,
            dataset: "wpp2024",
            also: vec![],
        },
        Case {
            args: vec!["The net migration rate of Azerbaijan was -8.2% in 2023"],
            verdict: "matches_different",
            difference: Some("per-1000-vs-percent"),
            figure: aze_cnmr_2023,
            dataset: "wpp2024",
            also: vec![],
        },
        Case {
            args: vec!["Net migration in Azerbaijan was 8,700 in 2025"],
            verdict: "matches_different",
            difference: Some("projection-vs-estimate"),
            figure: aze_net_2025,
            dataset: "wpp2024",
            also: vec![],
        },
        Case {
            args: vec!["Net migration in Azerbaijan is projected to be 8,700 in 2025"],
            verdict: "consistent",
            difference: None,
            figure: aze_net_2025,
            dataset: "wpp2024",
            also: vec![],
        },
    ];
    for case in cases {
        let report = check_json(&case.args);
        let label = format!("{:?}", case.args);
        assert_eq!(
            report["verdict"]["code"], case.verdict,
            "{label}: {report:#}"
        );
        assert_eq!(
            report["verdict"]["difference"].as_str(),
            case.difference,
            "{label}"
        );
        let f = verdict_figure(&report);
        assert_eq!(f["dataset"], case.dataset, "{label}");
        let v = f["value"].as_f64().expect("value");
        assert!(
            (v - case.figure).abs() < 1e-6,
            "{label}: figure {v}, published {}",
            case.figure
        );
        for (value, dataset) in case.also {
            assert!(
                lists(&report, value, Some(dataset)),
                "{label}: {value} from {dataset} not listed"
            );
        }
        assert!(!report["sources"].as_array().expect("sources").is_empty());
    }
}

#[test]
fn projection_is_flagged() {
    let report = check_json(&["Net migration in Azerbaijan was 8,700 in 2025"]);
    assert_eq!(verdict_figure(&report)["projection"], true);
    assert!(report["verdict"]["summary"]
        .as_str()
        .expect("summary")
        .contains("projection"));
}

#[test]
fn flows_cannot_be_checked_and_say_what_is_needed() {
    let report = check_json(&["Georgia lost 100,000 people to emigration in 2021"]);
    assert_eq!(report["verdict"]["code"], "cannot_check");
    let needed = report["verdict"]["needed"].as_str().expect("needed");
    assert!(needed.contains("Geostat"), "{needed}");
    // the related figures are still listed: net migration of the year, from WPP 2024
    let geo_net_2021 = wpp_persons("migration.txt", "268", 2021);
    assert!(lists(&report, geo_net_2021, Some("wpp2024")));
}

/// Azerbaijani case endings give the direction: the ablative is where people left ("-dan/-dən"),
/// the dative where they went ("-ya/-yə/-a/-ə"). An emigration flow is the origin's, and a flow
/// that cannot be checked is never "matched" to a figure that differs in several further ways.
#[test]
fn azerbaijani_case_endings_give_origin_and_destination() {
    let flow = check_json(&["Azərbaycandan Rusiyaya 2020-ci ildə 400 min nəfər köçüb."]);
    assert_eq!(flow["understood"]["concept"], "emigration");
    assert_eq!(flow["understood"]["country"], "AZE");
    assert_eq!(flow["verdict"]["code"], "cannot_check");
    let stock =
        check_json(&["2020-ci ildə Gürcüstandan Türkiyəyə köçmüş 100 min miqrant yaşayırdı."]);
    assert_eq!(stock["understood"]["country"], "TUR");
    assert_eq!(stock["understood"]["partner"], "GEO");
    // "mənfi" (minus) is the sign of the figure, as "minus" and "минус" are
    let net = check_json(&["2023-cü ildə Azərbaycanda xalis miqrasiya mənfi 84 min nəfər olub"]);
    assert_eq!(net["understood"]["value"], -84000.0);
    // an inflected scale word with the ablative and "çox": "650 mindən çox" = more than 650,000
    let idps = check_json(&["Azərbaycanda 650 mindən çox məcburi köçkün var"]);
    assert_eq!(idps["understood"]["value"], 650000.0);
    assert_eq!(idps["understood"]["comparator"], "at least");
    // only the country moved to: its immigration
    let to = check_json(&["2023-cü ildə Gürcüstana 50 min nəfər köçüb"]);
    assert_eq!(to["understood"]["concept"], "immigration");
    assert_eq!(to["understood"]["country"], "GEO");
}

/// A quote 2% below the official figure is "close"; a figure that differs from the one asked for
/// in several ways (concept, year and sex) does not beat it as a "match".
#[test]
fn a_close_quote_is_not_outbid_by_a_figure_differing_in_several_ways() {
    let official = unhcr_hosted("refugees", "TUR", "2023");
    let quote = format!("{:.2} million", official * 0.98 / 1e6);
    let report = check_json(&[&format!("Türkiye hosted {quote} refugees in 2023")]);
    let code = report["verdict"]["code"].as_str().unwrap_or("?");
    let difference = report["verdict"]["difference"].as_str().unwrap_or("");
    assert!(
        code == "close" || (code == "matches_different" && !difference.contains('+')),
        "{quote}: {report}"
    );
    // "140 min nəfəri ötüb": exceeded, a lower bound
    let arm = unhcr_hosted("refugees", "ARM", "2023");
    let floor = (arm / 1000.0).floor() - 5.0;
    let report = check_json(&[&format!(
        "Ermənistanda 2023-cü ildə qaçqınların sayı {floor} min nəfəri ötüb"
    )]);
    assert_eq!(report["understood"]["comparator"], "at least");
    assert_eq!(report["verdict"]["code"], "consistent");
}

/// "N migrants per 1,000 residents ... on net": one figure, the net migration rate.
#[test]
fn a_rate_per_thousand_after_a_noun_is_one_figure() {
    let rate = wpp_wide("cnmr.txt", "51", 2023);
    let claim =
        format!("In 2023, {rate:.1} migrants per 1,000 residents arrived in Armenia on net");
    let report = check_json(&[&claim]);
    assert_eq!(
        report["understood"]["concept"], "net-migration-rate",
        "{report}"
    );
    assert_eq!(report["understood"]["unit"], "per 1,000");
    assert_eq!(report["verdict"]["code"], "consistent", "{report}");
}

/// Numbers written around their scale ("84 тысячи 122") and Azerbaijani rates with the unit
/// first ("1000 nəfərə 7,1").
#[test]
fn numbers_with_the_scale_inside_and_the_unit_first() {
    let net = wpp_persons("migration.txt", "31", 2023);
    let (thousands, rest) = ((net.abs() / 1000.0).floor(), net.abs() % 1000.0);
    let claim = format!(
        "В 2023 году чистая миграция в Азербайджане составила минус {thousands} тысячи {rest} человека"
    );
    let report = check_json(&[&claim]);
    assert_eq!(
        report["understood"]["value"],
        -(thousands * 1000.0 + rest),
        "{claim}"
    );
    assert_eq!(report["verdict"]["code"], "consistent", "{claim}: {report}");
    let rate = wpp_wide("cnmr.txt", "268", 2022);
    let claim = format!(
        "Gürcüstanın xalis miqrasiya əmsalı 2022-ci ildə 1000 nəfərə {} olub",
        format!("{rate:.1}").replace('.', ",")
    );
    let report = check_json(&[&claim]);
    assert_eq!(report["understood"]["unit"], "per 1,000", "{claim}");
    assert_eq!(report["verdict"]["code"], "consistent", "{claim}: {report}");
}

/// Natural increase (births - deaths) in three languages, a "natural decrease" read as negative;
/// a population change named just before the number outranks a migration word elsewhere.
#[test]
fn natural_increase_and_population_change() {
    let natural =
        |m49: &str, y: i32| wpp_persons("births.txt", m49, y) - wpp_persons("deaths.txt", m49, y);
    let aze = natural("31", 2021);
    let claim = format!(
        "Естественный прирост в Азербайджане в 2021 году составил {} тысяч человек",
        (aze / 1000.0).round()
    );
    let report = check_json(&[&claim]);
    assert_eq!(
        report["understood"]["concept"], "natural-increase",
        "{report}"
    );
    assert_eq!(report["verdict"]["code"], "consistent", "{claim}: {report}");
    let geo = natural("268", 2022);
    assert!(geo < 0.0, "Georgia's deaths outnumbered births in 2022");
    let claim = format!(
        "Georgia recorded a natural decrease of {} people in 2022",
        geo.abs().round()
    );
    let report = check_json(&[&claim]);
    assert!(
        report["understood"]["value"].as_f64().unwrap_or(0.0) < 0.0,
        "{report}"
    );
    assert_eq!(report["verdict"]["code"], "consistent", "{claim}: {report}");
    let change = wpp_persons("PopChange.txt", "31", 2023);
    let claim = format!(
        "Azerbaijan's population changed by {} in 2023, despite negative net migration",
        change.round()
    );
    let report = check_json(&[&claim]);
    assert_eq!(
        report["understood"]["concept"], "population-change",
        "{report}"
    );
}

/// A population quoted for a year is WPP 2024's 1 July population of that year (International
/// Migrant Stock has populations only for its stock years); without a year, WPP's latest.
#[test]
fn population_of_a_year_is_wpps_population_of_that_year() {
    // WPP 2024's population as IOM gdidata republishes it (persons)
    let pop: f64 = csv_rows("iom_gdidata/wdi_and_wpp2024_pop.csv")
        .iter()
        .find(|r| r["geo"] == "AZE" && r["var"] == "pop" && r["t"] == "2023")
        .expect("AZE 2023 population")["v"]
        .parse()
        .expect("number");
    let claim = format!(
        "Azərbaycanın əhalisi 2023-cü ildə {} milyon nəfər olub",
        format!("{:.1}", pop / 1e6).replace('.', ",")
    );
    let report = check_json(&[&claim]);
    assert_eq!(report["verdict"]["code"], "consistent", "{claim}: {report}");
    assert_eq!(verdict_figure(&report)["dataset"], "wpp2024", "{report}");
    // a change verb with the level it reached is a level
    let claim = format!(
        "Azerbaijan's population rose to {:.1} million in 2023",
        pop / 1e6
    );
    let report = check_json(&[&claim]);
    assert_eq!(report["understood"]["concept"], "population", "{report}");
    let report = check_json(&[&format!("Azerbaijan has {} inhabitants", pop.round())]);
    assert_eq!(report["understood"]["year"], 2023, "{report}");
    assert_eq!(report["verdict"]["code"], "consistent", "{report}");
}

/// "babies were born in X" counts births; "born in X ... live abroad" counts emigrants.
#[test]
fn born_in_is_a_birth_count_or_an_origin_by_the_words_around_it() {
    let births = wpp_persons("births.txt", "31", 2022);
    let claim = format!("In 2022, {} babies were born in Azerbaijan", births.round());
    let report = check_json(&[&claim]);
    assert_eq!(report["understood"]["concept"], "births", "{report}");
    assert_eq!(report["verdict"]["code"], "consistent", "{report}");
    let report = check_json(&["Gürcüstanda doğulmuşlardan 139 mini 2024-cü ildə Rusiyada yaşayır"]);
    assert_eq!(
        report["understood"]["concept"], "emigrant-stock",
        "{report}"
    );
    assert_eq!(report["understood"]["partner"], "RUS", "{report}");
    // the possessive of the scale word: "139 mini" (139 thousand of them)
    assert_eq!(report["understood"]["value"], 139000.0);
}

/// Russian: "граждан X" are X's citizens (the origin) and "переехали в Y" a move to Y.
#[test]
fn russian_citizens_of_and_moves_to() {
    let stock = check_json(&["Около 1,5 млн граждан Азербайджана живут в России"]);
    assert_eq!(stock["understood"]["concept"], "emigrant-stock");
    assert_eq!(stock["understood"]["country"], "AZE");
    assert_eq!(stock["understood"]["partner"], "RUS");
    let flow = check_json(&["В 2022 году в Грузию переехали более 100 тысяч россиян"]);
    assert_eq!(flow["understood"]["concept"], "immigration");
    assert_eq!(flow["understood"]["country"], "GEO");
    assert_eq!(flow["verdict"]["code"], "cannot_check");
}

#[test]
fn unparseable_claims_say_what_was_not_understood() {
    let out = miglab()
        .args(["check", "Many people left"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not understood: the figure"), "{err}");
    assert!(err.contains("not understood: the country"), "{err}");
    assert!(err.contains("--value") && err.contains("--concept") && err.contains("--country"));
    assert!(err.contains("--partner") && err.contains("--year"), "{err}");

    let out = miglab()
        .args(["check", "Net migration was 5 thousand in 2023"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not understood: the country"), "{err}");
    assert!(err.contains("--concept net-migration"), "{err}");

    // a flag completes the claim
    let report = check_json(&[
        "Net migration was 5 thousand in 2023",
        "--country",
        "Ermənistan",
    ]);
    assert_eq!(report["understood"]["country"], "ARM");

    let out = miglab()
        .args([
            "check",
            "--value",
            "abc",
            "--concept",
            "idps",
            "--country",
            "AZE",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn claims_in_other_languages_and_forms() {
    let aze_emigrants_2020 = ims_emigrants_2024(31.0, 2020.0);
    let report = check_json(&["Около 790 тысяч уроженцев Азербайджана живут за рубежом в 2020"]);
    assert_eq!(report["understood"]["country"], "AZE");
    assert_eq!(report["verdict"]["code"], "consistent");
    assert_eq!(
        verdict_figure(&report)["value"].as_f64(),
        Some(aze_emigrants_2020)
    );

    let aze_rus_2020 = bilateral(
        "undesa_ims2024_bilateral_by_sex.csv",
        "AZE",
        Some("RUS"),
        "2020",
    );
    let report = check_json(&["More than 400,000 Azerbaijanis lived in Russia in 2020"]);
    assert_eq!(report["understood"]["partner"], "RUS");
    assert_eq!(report["verdict"]["code"], "consistent");
    assert_eq!(
        verdict_figure(&report)["value"].as_f64(),
        Some(aze_rus_2020)
    );
}

#[test]
fn must_work_commands() {
    for args in [
        vec!["define", "--list"],
        vec!["define", "emigrant stock"],
        vec![
            "check",
            "Net migration in Azerbaijan was minus 84 thousand in 2023",
        ],
        vec![
            "check",
            "About 790,000 people born in Azerbaijan lived abroad in 2020",
            "--card",
        ],
        vec![
            "check",
            "--value",
            "2000000",
            "--concept",
            "emigrant-stock",
            "--country",
            "AZE",
            "--partner",
            "RUS",
            "--year",
            "2020",
            "--json",
        ],
    ] {
        let out = miglab().args(&args).output().expect("run");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty());
    }
}

#[test]
fn define_finds_terms_in_three_languages() {
    for (term, expected) in [
        ("emigrant stock", "emigrant stock"),
        ("məcburi köçkün", "forced resettler"),
        ("беженец", "refugee"),
        ("qaçqın", "refugee"),
        ("чистая миграция", "net migration"),
    ] {
        let out = miglab().args(["define", term]).output().expect("run");
        assert!(out.status.success(), "{term}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.starts_with(expected), "{term}: {text}");
        assert!(text.contains("Sources:"), "{term}");
    }
    let out = miglab().args(["define", "xyzzy"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    // the definition itself in Azerbaijani or Russian with --lang
    for (lang, heading) in [("az", "Mənbələr:"), ("ru", "Источники:")] {
        let out = miglab()
            .args(["define", "refugee", "--lang", lang])
            .output()
            .expect("run");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains(heading),
            "{lang}: {text}"
        );
        assert!(
            !text.contains("Someone who") && !text.contains("Watch out"),
            "{lang}: {text}"
        );
    }
}

#[test]
fn snapshot_define_list() {
    let out = miglab().args(["define", "--list"]).output().expect("run");
    assert!(out.status.success());
    insta::assert_snapshot!("define_list", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn snapshot_card() {
    let out = miglab()
        .args([
            "check",
            "About 790,000 people born in Azerbaijan lived abroad in 2020",
            "--card",
        ])
        .output()
        .expect("run");
    assert!(out.status.success());
    insta::assert_snapshot!("card_emigrant_stock", String::from_utf8_lossy(&out.stdout));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    /// Any text (numbers, symbols, Cyrillic, Azerbaijani letters) parses without a panic, and
    /// a claim either is complete or says what is missing.
    #[test]
    fn parsing_never_panics(text in "[0-9a-zA-Zəöüğışç АБВабв,.%‰'’-]{0,60}") {
        let cw = miglab::countries::Crosswalk::embedded().expect("crosswalk");
        let claim = miglab::check::claim::parse(&text, cw);
        let _ = claim.require();
        let _ = miglab::check::claim::parse_quantity(&text);
    }
}
