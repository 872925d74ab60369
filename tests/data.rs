//! The embedded datasets against the published tables, and the `data` commands.

mod common;

use common::*;
use predicates::prelude::*;

const SOUTH_CAUCASUS_M49: &[(&str, &str)] = &[("ARM", "51"), ("AZE", "31"), ("GEO", "268")];
const MORE_M49: &[(&str, &str)] = &[
    ("RUS", "643"),
    ("TUR", "792"),
    ("KAZ", "398"),
    ("UKR", "804"),
    ("DEU", "276"),
];

#[test]
fn wpp_estimates_equal_the_published_wide_files_in_persons() {
    let files = [
        ("migration.txt", "net_migrants", true),
        ("cnmr.txt", "cnmr", false),
        ("births.txt", "births", true),
        ("deaths.txt", "deaths", true),
        ("cbr.txt", "cbr", false),
        ("cdr.txt", "cdr", false),
        ("NatChangeRT.txt", "natural_change_rate", false),
        ("PopChange.txt", "pop_change", true),
        ("growthrate.txt", "growth_rate", false),
    ];
    for (iso3, m49) in SOUTH_CAUCASUS_M49.iter().chain(MORE_M49) {
        for year in [1950, 1990, 2000, 2010, 2020, 2023] {
            for (file, indicator, thousands) in files {
                let published = wpp_wide(file, m49, year);
                let expected = if thousands {
                    (published * 1000.0).round()
                } else {
                    published
                };
                let got = embedded("wpp2024", indicator, iso3, year)
                    .unwrap_or_else(|| panic!("{indicator} {iso3} {year} missing"));
                assert_eq!(got, expected, "{indicator} {iso3} {year}");
            }
        }
    }
}

#[test]
fn wpp_projections_come_from_the_medium_variant_and_are_flagged() {
    for (iso3, m49) in SOUTH_CAUCASUS_M49 {
        for year in [2024, 2030] {
            let published = wpp_wide("projection_medium/migrationprojMed.txt", m49, year);
            assert_eq!(
                embedded("wpp2024", "net_migrants", iso3, year),
                Some((published * 1000.0).round())
            );
        }
    }
    let df = frame("wpp2024");
    let rows = miglab::tidy::observations(&df).expect("rows");
    assert!(rows.iter().all(|(_, o)| o.projection == (o.year > 2023)));
    assert!(rows.iter().all(|(_, o)| o.year <= 2030));
}

#[test]
fn wpp_population_is_the_published_mid_year_population() {
    let rows = csv_rows("iom_gdidata/wdi_and_wpp2024_pop.csv");
    let mut checked = 0;
    for r in rows.iter().filter(|r| r["var"] == "pop") {
        if ["ARM", "AZE", "GEO", "RUS"].contains(&r["geo"].as_str())
            && ["1990", "2010", "2023"].contains(&r["t"].as_str())
        {
            let expected: f64 = r["v"].parse().expect("number");
            assert_eq!(
                embedded(
                    "wpp2024",
                    "population",
                    &r["geo"],
                    r["t"].parse().expect("year")
                ),
                Some(expected)
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 12);
}

#[test]
fn ims2024_totals_equal_the_official_workbooks() {
    let dest = "undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx";
    let origin = "undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx";
    for (iso3, m49) in SOUTH_CAUCASUS_M49
        .iter()
        .chain(&[("RUS", "643"), ("TUR", "792")])
    {
        let code: f64 = m49.parse().expect("m49");
        for year in [1990, 2000, 2010, 2020, 2024] {
            let y = f64::from(year);
            assert_eq!(
                embedded("ims2024", "immigrant_stock", iso3, year),
                Some(ims_workbook(dest, "Table 1", code, y)),
                "{iso3} {year}"
            );
            assert_eq!(
                embedded("ims2024", "emigrant_stock", iso3, year),
                Some(ims_workbook(origin, "Table 1", code, y)),
                "{iso3} {year}"
            );
            assert_eq!(
                embedded("ims2024", "immigrant_share_of_population", iso3, year),
                Some(ims_workbook(dest, "Table 3", code, y))
            );
        }
    }
    // The world total is kept under its M49 code.
    assert_eq!(
        embedded("ims2024", "immigrant_stock", "900", 2024),
        Some(ims_workbook(dest, "Table 1", 900.0, 2024.0))
    );
}

#[test]
fn ims2024_population_is_converted_from_thousands() {
    use calamine::{open_workbook_auto, Data, Reader};
    // Table 2 has no location codes: find Azerbaijan by name, 2024 both sexes is column L.
    let mut wb = open_workbook_auto(
        shared().join("un_desa_ims2024/undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx"),
    )
    .expect("wb");
    let range = wb.worksheet_range("Table 2").expect("sheet");
    let row = (0..range.height() as u32)
        .find(|&r| matches!(range.get_value((r, 1)), Some(Data::String(s)) if s.trim() == "Azerbaijan"))
        .expect("AZE row");
    let Some(Data::Float(thousands)) = range.get_value((row, 11)) else {
        panic!("no value")
    };
    assert_eq!(
        embedded("ims2024", "population", "AZE", 2024),
        Some((thousands * 1000.0).round())
    );
}

#[test]
fn ims_bilateral_stocks_equal_the_published_long_tables_and_sum_to_the_totals() {
    for (edition, file) in [
        ("ims2024", "iom_gdidata/undesa_ims2024_bilateral_by_sex.csv"),
        ("ims2020", "iom_gdidata/undesa_ims2020_bilateral_by_sex.csv"),
    ] {
        let rows = csv_rows(file);
        for (origin, destination) in [
            ("AZE", "RUS"),
            ("ARM", "RUS"),
            ("GEO", "GRC"),
            ("AZE", "TUR"),
        ] {
            for year in [1990, 2000, 2010, 2020] {
                let cell = |sex: &str| -> f64 {
                    rows.iter()
                        .find(|r| {
                            r["geo"] == destination
                                && r["from"] == origin
                                && r["t"] == year.to_string()
                                && r["sex"] == sex
                        })
                        .map(|r| r["n"].parse().expect("n"))
                        .expect("published pair")
                };
                let female = embedded_pair(
                    edition,
                    "migrant_stock",
                    origin,
                    destination,
                    year,
                    "female",
                )
                .expect("female");
                let total =
                    embedded_pair(edition, "migrant_stock", origin, destination, year, "total")
                        .expect("total");
                assert_eq!(female.value, Some(cell("female")));
                assert_eq!(
                    total.value,
                    Some(cell("female") + cell("male")),
                    "{edition} {origin}->{destination} {year}"
                );
                assert!(total.stock_basis.is_some());
            }
        }
        // Immigrants of a destination = the published rows summed over origins and sexes.
        for iso3 in ["ARM", "AZE", "GEO", "RUS"] {
            let sum: f64 = rows
                .iter()
                .filter(|r| r["geo"] == iso3 && r["t"] == "2020")
                .map(|r| r["n"].parse::<f64>().expect("n"))
                .sum();
            assert_eq!(
                embedded(edition, "immigrant_stock", iso3, 2020),
                Some(sum),
                "{edition} {iso3}"
            );
        }
    }
}

#[test]
fn the_2024_revision_of_russia_is_kept_apart_from_the_2020_edition() {
    let (a, b) = (
        embedded("ims2020", "immigrant_stock", "RUS", 2020),
        embedded("ims2024", "immigrant_stock", "RUS", 2020),
    );
    assert!(a.is_some() && b.is_some() && a != b);
}

#[test]
fn unhcr_values_equal_the_published_population_table() {
    use polars::prelude::*;
    let asylum = ["AZE", "ARM", "GEO"];
    let years = ["2019", "2023", "2025"];
    // Decode the embedded rows of these asylum countries once, then compare cell by cell.
    let all = frame("unhcr");
    let destination = all.column("destination").expect("destination");
    let year = all.column("year").expect("year");
    let keep: BooleanChunked = (destination.str().expect("text").iter())
        .zip(year.i32().expect("years").iter())
        .map(|(d, y)| Some(d.is_some_and(|d| asylum.contains(&d)) && y.is_some_and(|y| y >= 2019)))
        .collect();
    let df = all.filter(&keep).expect("filter");
    let embedded: std::collections::HashMap<(String, String, String, i32), Option<f64>> =
        miglab::tidy::observations(&df)
            .expect("rows")
            .into_iter()
            .map(|(_, o)| {
                (
                    (
                        o.indicator,
                        o.origin.unwrap_or_default(),
                        o.destination.unwrap_or_default(),
                        o.year,
                    ),
                    o.value,
                )
            })
            .collect();
    let rows = csv_rows("unhcr_refugees_pkg/population.csv");
    let mut checked = 0;
    for r in rows
        .iter()
        .filter(|r| asylum.contains(&r["coa_iso"].as_str()) && years.contains(&r["year"].as_str()))
    {
        for indicator in ["refugees", "asylum_seekers", "idps", "stateless"] {
            if r[indicator].is_empty() {
                continue;
            }
            let year: i32 = r["year"].parse().expect("year");
            let key = (
                indicator.to_string(),
                r["coo_iso"].clone(),
                r["coa_iso"].clone(),
                year,
            );
            assert_eq!(
                embedded.get(&key).copied().flatten(),
                Some(r[indicator].parse().expect("n")),
                "{key:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} values checked");
}

#[test]
fn wdi_values_equal_the_bulk_download_and_the_long_extract() {
    let text = std::fs::read_to_string(
        shared().join("worldbank_wdi_csv/API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv"),
    )
    .expect("bulk");
    let body: String = text.lines().skip(4).collect::<Vec<_>>().join("\n");
    let rows = parse_csv(&body);
    for iso3 in ["ARM", "AZE", "GEO", "RUS", "UKR"] {
        let row = rows
            .iter()
            .find(|r| r["Country Code"] == iso3)
            .expect("row");
        for year in [1990, 2000, 2010, 2022, 2023] {
            let expected: f64 = row[&year.to_string()].parse().expect("value");
            assert_eq!(embedded("wdi", "net_migration", iso3, year), Some(expected));
        }
    }
    let long = csv_rows("iom_gdidata/wdi_and_wpp2024_pop.csv");
    for r in long.iter().filter(|r| {
        r["var"] == "remin"
            && r["t"] == "2021"
            && ["ARM", "AZE", "GEO", "TJK"].contains(&r["geo"].as_str())
    }) {
        assert_eq!(
            embedded("wdi", "remittances_received", &r["geo"], 2021),
            Some(r["v"].parse().expect("v"))
        );
    }
}

#[test]
fn data_show_prints_wpp_net_migrants_in_persons() {
    let out = miglab()
        .args([
            "data",
            "show",
            "wpp2024",
            "--indicator",
            "net_migrants",
            "--country",
            "AZE",
            "--years",
            "2014-2023",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows = parse_csv(&String::from_utf8(out).expect("utf8"));
    assert_eq!(rows.len(), 10);
    for r in &rows {
        assert_eq!(r["country"], "AZE");
        assert_eq!(r["unit"], "persons");
        assert!(r["source"].contains("World Population Prospects 2024"));
        let year: i32 = r["year"].parse().expect("year");
        let expected = (wpp_wide("migration.txt", "31", year) * 1000.0).round();
        assert_eq!(r["value"], format!("{}", expected as i64));
    }
}

#[test]
fn data_show_bilateral_ims_by_origin() {
    let out = miglab()
        .args([
            "data", "show", "ims2024", "--origin", "AZE", "--years", "2020", "--format", "csv",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows = parse_csv(&String::from_utf8(out).expect("utf8"));
    assert!(rows.len() > 30, "{} destinations", rows.len());
    assert!(rows
        .iter()
        .all(|r| r["origin"] == "AZE" && r["year"] == "2020" && r["sex"] == "total"));
    let published = csv_rows("iom_gdidata/undesa_ims2024_bilateral_by_sex.csv");
    let rus: f64 = published
        .iter()
        .filter(|r| r["geo"] == "RUS" && r["from"] == "AZE" && r["t"] == "2020")
        .map(|r| r["n"].parse::<f64>().expect("n"))
        .sum();
    let row = rows
        .iter()
        .find(|r| r["destination"] == "RUS")
        .expect("RUS");
    assert_eq!(row["value"].parse::<f64>().expect("value"), rus);
}

#[test]
fn data_show_table_has_source_and_definition_below() {
    miglab()
        .args([
            "data",
            "show",
            "wpp2024",
            "--indicator",
            "cnmr",
            "--country",
            "south-caucasus",
            "--years",
            "2023-2024",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Source: United Nations, DESA, Population Division (2024)",
        ))
        .stdout(predicate::str::contains("crude net migration rate"))
        .stdout(predicate::str::contains("projection"))
        .stderr(predicate::str::contains("projections, not observations"));
}

#[test]
fn data_show_json_is_an_array_of_records() {
    let out = miglab()
        .args([
            "data",
            "show",
            "unhcr",
            "--indicator",
            "idps",
            "--origin",
            "AZE",
            "--destination",
            "AZE",
            "--years",
            "2023",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let rows = json.as_array().expect("array");
    assert_eq!(rows.len(), 1);
    let published = csv_rows("unhcr_refugees_pkg/population.csv");
    let idps: f64 = published
        .iter()
        .find(|r| r["coo_iso"] == "AZE" && r["coa_iso"] == "AZE" && r["year"] == "2023")
        .map(|r| r["idps"].parse().expect("n"))
        .expect("row");
    assert_eq!(rows[0]["value"].as_f64(), Some(idps));
}

#[test]
fn data_list_names_every_dataset_with_licence() {
    let assert = miglab().args(["data", "list"]).assert().success();
    let out = String::from_utf8(assert.get_output().stdout.clone()).expect("utf8");
    for name in [
        "wpp2024",
        "ims2024",
        "ims2020",
        "unhcr",
        "wdi",
        "CC BY 3.0 IGO",
        "CC BY 4.0",
        "net_migrants",
        "migrant_stock",
        "remittances_received",
    ] {
        assert!(out.contains(name), "{name} missing from data list");
    }
    insta::assert_snapshot!("data_list", out);
}

#[test]
fn data_list_json_carries_the_provenance() {
    let out = miglab()
        .args(["data", "list", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("json");
    for d in json.as_array().expect("array") {
        for key in [
            "publisher",
            "edition",
            "licence",
            "url",
            "citation",
            "produced_by",
            "files",
            "indicators",
        ] {
            assert!(!d[key].is_null(), "{key} missing");
        }
    }
}

#[test]
fn data_export_writes_every_format() {
    let dir = tempfile::tempdir().expect("tmp");
    for ext in ["csv", "json", "parquet", "xlsx"] {
        let out = dir.path().join(format!("geo.{ext}"));
        miglab()
            .args([
                "data",
                "export",
                "wpp2024",
                "--indicator",
                "net_migrants",
                "--country",
                "GEO",
                "--years",
                "2010-2020",
            ])
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        assert!(std::fs::metadata(&out).expect("written").len() > 0, "{ext}");
    }
    let df = polars::prelude::ParquetReader::new(
        std::fs::File::open(dir.path().join("geo.parquet")).expect("open"),
    );
    use polars::prelude::SerReader;
    assert_eq!(df.finish().expect("parquet").height(), 11);
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(dir.path().join("geo.xlsx")).expect("xlsx");
    assert_eq!(wb.worksheet_range("data").expect("data sheet").height(), 12);
    assert!(wb.worksheet_range("provenance").is_ok());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty());
}

// --- bad input ---------------------------------------------------------------------------

fn fails(args: &[&str], code: i32, message: &str) {
    miglab()
        .args(args)
        .assert()
        .code(code)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(message))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn unknown_dataset_suggests_the_closest() {
    fails(
        &["data", "show", "wpp2042"],
        2,
        "hint: did you mean `wpp2024`?",
    );
}

#[test]
fn unknown_indicator_suggests_the_closest() {
    fails(
        &["data", "show", "wpp2024", "--indicator", "net_migrant"],
        2,
        "did you mean `net_migrants`?",
    );
}

#[test]
fn unknown_country_suggests_the_closest() {
    fails(
        &["data", "show", "wpp2024", "--country", "Azerbajan"],
        2,
        "did you mean AZE (Azerbaijan)?",
    );
}

#[test]
fn years_outside_coverage_name_the_coverage() {
    fails(
        &["data", "show", "wpp2024", "--years", "1900-1910"],
        1,
        "1950-2030",
    );
    fails(
        &[
            "data", "show", "ims2024", "--origin", "AZE", "--years", "2021",
        ],
        1,
        "every 5 years",
    );
}

#[test]
fn malformed_years_are_a_usage_error() {
    fails(
        &["data", "show", "wpp2024", "--years", "2014..2020"],
        2,
        "invalid --years",
    );
    fails(
        &["data", "show", "wpp2024", "--years", "2020-2014"],
        2,
        "runs backwards",
    );
}

#[test]
fn bilateral_flags_on_single_country_data_are_refused() {
    fails(
        &["data", "show", "wpp2024", "--origin", "AZE"],
        1,
        "use --country",
    );
}

#[test]
fn export_to_a_missing_folder_fails_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("no/such/dir/x.csv");
    fails(
        &[
            "data",
            "export",
            "wdi",
            "--out",
            out.to_str().expect("path"),
        ],
        1,
        "does not exist",
    );
    assert!(!out.exists());
}

#[test]
fn export_needs_a_known_format() {
    fails(
        &["data", "export", "wdi", "--out", "x.txt"],
        2,
        "--format csv|json|parquet|xlsx",
    );
}

#[test]
fn failed_export_keeps_an_existing_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("keep.csv");
    std::fs::write(&out, "precious").expect("write");
    fails(
        &[
            "data",
            "export",
            "wpp2024",
            "--country",
            "Atlantis",
            "--out",
            out.to_str().expect("path"),
        ],
        2,
        "unknown country",
    );
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "precious");
}

#[test]
fn help_is_stable() {
    let out = miglab()
        .args(["data", "show", "--help"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("data_show_help", String::from_utf8(out).expect("utf8"));
}

#[test]
fn datasets_build_reproduces_the_embedded_datasets() {
    let dir = tempfile::tempdir().expect("tmp");
    let built =
        miglab::sources::build::build_all(&shared(), dir.path(), &mut |_| {}).expect("build");
    assert_eq!(built.len(), miglab::store::DATASETS.len());
    let embedded_countries = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/datasets/countries.csv"
    ))
    .expect("countries");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("countries.csv")).expect("built"),
        embedded_countries
    );
    for b in built {
        let name = b.provenance.name.clone();
        let embedded = miglab::store::dataset(&name).expect("dataset");
        assert_eq!(
            b.provenance,
            embedded.provenance().expect("provenance"),
            "{name} provenance"
        );
        use polars::prelude::SerReader;
        let rebuilt =
            polars::prelude::ParquetReader::new(std::fs::File::open(&b.path).expect("open"))
                .finish()
                .expect("parquet");
        assert!(
            rebuilt.equals_missing(&frame(&name)),
            "{name} differs from the embedded table: run `cargo build-datasets`"
        );
    }
}

#[test]
fn huge_tables_are_cut_with_a_warning_but_csv_is_not() {
    miglab()
        .args(["data", "show", "ims2020"])
        .assert()
        .success()
        .stderr(predicate::str::contains("the table shows the first 2000"));
    let out = miglab()
        .args(["data", "show", "ims2020", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows = out.iter().filter(|b| **b == b'\n').count() - 1;
    let expected = miglab::store::dataset("ims2020")
        .expect("dataset")
        .provenance()
        .expect("provenance")
        .indicators
        .iter()
        .map(|i| i.rows)
        .sum::<usize>();
    // Without --sex all, only both-sexes rows are shown.
    assert!(rows > 2000 && rows < expected, "{rows} of {expected}");
}
