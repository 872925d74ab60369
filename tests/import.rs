//! `miglab import` on every publisher layout, the official WPP CSV fixture, and bad input files.

mod common;

use common::*;
use predicates::prelude::*;

fn import(
    source: &str,
    path: &std::path::Path,
    out: &std::path::Path,
    extra: &[&str],
) -> assert_cmd::assert::Assert {
    miglab()
        .arg("import")
        .arg(source)
        .arg(path)
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
}

fn rows_of(path: &std::path::Path) -> Vec<std::collections::HashMap<String, String>> {
    parse_csv(&std::fs::read_to_string(path).expect("output"))
}

#[test]
fn wpp_wide_folder_imports_estimates_and_projections() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("wpp.parquet");
    import("wpp", &shared().join("un_wpp2024"), &out, &[]).success();
    use polars::prelude::*;
    let df = ParquetReader::new(std::fs::File::open(&out).expect("open"))
        .finish()
        .expect("parquet");
    let text = |name: &str, value: &str| {
        df.column(name)
            .expect(name)
            .str()
            .expect("text")
            .equal(value)
    };
    let keep = &(&text("country", "GEO") & &text("indicator", "net_migrants"))
        & &df
            .column("year")
            .expect("year")
            .i32()
            .expect("i32")
            .equal(2100);
    let geo_2100 = df.filter(&keep).expect("filter");
    let value = geo_2100
        .column("value")
        .expect("value")
        .f64()
        .expect("f64")
        .get(0);
    assert_eq!(
        value,
        Some((wpp_wide("projection_medium/migrationprojMed.txt", "268", 2100) * 1000.0).round())
    );
}

#[test]
fn wpp_official_csv_layout_fixture() {
    // The fixture is in the official UN layout, filled from the WPP 2024 wide files.
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("wpp.csv");
    import(
        "wpp",
        &fixture("WPP2024_Demographic_Indicators_Medium.csv"),
        &out,
        &[],
    )
    .success();
    let rows = rows_of(&out);
    for (iso3, m49) in [("ARM", "51"), ("AZE", "31")] {
        for year in [2022, 2023] {
            let r = rows
                .iter()
                .find(|r| {
                    r["country"] == iso3
                        && r["indicator"] == "net_migrants"
                        && r["year"] == year.to_string()
                })
                .expect("row");
            assert_eq!(
                r["value"].parse::<f64>().expect("value"),
                (wpp_wide("migration.txt", m49, year) * 1000.0).round()
            );
            assert_eq!(r["projection"], "false");
        }
        let r = rows
            .iter()
            .find(|r| r["country"] == iso3 && r["indicator"] == "cnmr" && r["year"] == "2024")
            .expect("row");
        assert_eq!(r["projection"], "true");
    }
    // Aggregates have no ISO3 code: they keep their LocID.
    assert!(rows.iter().any(|r| r["country"] == "900"));
}

#[test]
fn ims_workbooks_import() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("dest.csv");
    let dest = "undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx";
    import(
        "ims-destination",
        &shared().join("un_desa_ims2024").join(dest),
        &out,
        &[],
    )
    .success();
    let rows = rows_of(&out);
    let r = rows
        .iter()
        .find(|r| {
            r["country"] == "GEO"
                && r["indicator"] == "immigrant_stock"
                && r["year"] == "2024"
                && r["sex"] == "total"
        })
        .expect("GEO");
    assert_eq!(
        r["value"].parse::<f64>().expect("v"),
        ims_workbook(dest, "Table 1", 268.0, 2024.0)
    );
    assert_eq!(r["stock_basis"], "foreign-born");

    let out = dir.path().join("origin.json");
    let origin = "undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx";
    import(
        "ims-origin",
        &shared().join("un_desa_ims2024").join(origin),
        &out,
        &[],
    )
    .success();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("out")).expect("json");
    let arm = json
        .as_array()
        .expect("array")
        .iter()
        .find(|r| {
            r["country"] == "ARM"
                && r["indicator"] == "emigrant_stock"
                && r["year"] == 1990
                && r["sex"] == "total"
        })
        .expect("ARM");
    assert_eq!(
        arm["value"].as_f64(),
        Some(ims_workbook(origin, "Table 1", 51.0, 1990.0))
    );
}

#[test]
fn ims_bilateral_needs_an_edition() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("b.csv");
    import(
        "ims-bilateral",
        &shared().join("iom_gdidata/undesa_ims2020_bilateral_by_sex.csv"),
        &out,
        &[],
    )
    .code(2)
    .stderr(predicate::str::contains("--edition"));
    assert!(!out.exists());
}

#[test]
fn wdi_bulk_and_unhcr_import() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("wdi.csv");
    import(
        "wdi-bulk",
        &shared().join("worldbank_wdi_csv/API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv"),
        &out,
        &[],
    )
    .success();
    assert!(rows_of(&out)
        .iter()
        .any(|r| r["country"] == "GEO" && r["indicator"] == "net_migration"));
    let out = dir.path().join("unhcr.csv");
    import(
        "unhcr",
        &shared().join("unhcr_refugees_pkg/population.csv"),
        &out,
        &[],
    )
    .success();
    assert!(rows_of(&out)
        .iter()
        .any(|r| r["origin"] == "ARM" && r["destination"] == "AZE"));
}

// --- bad input files ---------------------------------------------------------------------

fn rejected(source: &str, content: &[u8], name: &str, message: &str) {
    let dir = tempfile::tempdir().expect("tmp");
    let input = dir.path().join(name);
    std::fs::write(&input, content).expect("write");
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "previous output").expect("write");
    import(source, &input, &out, &["--edition", "2024"])
        .code(1)
        .stderr(predicate::str::contains(message))
        .stderr(predicate::str::contains("panicked").not());
    assert_eq!(
        std::fs::read_to_string(&out).expect("kept"),
        "previous output",
        "an existing output must survive a failed import"
    );
    let leftovers = std::fs::read_dir(dir.path()).expect("dir").count();
    assert_eq!(leftovers, 2, "no temporary file may be left behind");
}

#[test]
fn empty_files_are_rejected() {
    rejected("unhcr", b"", "population.csv", "empty");
    rejected("wpp", b"", "migration.txt", "empty");
}

#[test]
fn truncated_wide_file_is_rejected() {
    let text = std::fs::read_to_string(shared().join("un_wpp2024/migration.txt")).expect("read");
    let cut = &text[..text.len() / 2];
    rejected(
        "wpp",
        cut.as_bytes(),
        "migration.txt",
        "truncated or damaged",
    );
}

#[test]
fn wrong_layouts_are_rejected() {
    rejected(
        "wpp",
        b"year,coo_iso\n2020,AZE\n",
        "migration.txt",
        "WPP wide layout",
    );
    rejected(
        "unhcr",
        b"geo,var,t,v\nAZE,pop,2020,1\n",
        "population.csv",
        "no `year` column",
    );
    rejected(
        "ims-bilateral",
        b"year,coo_iso\n",
        "b.csv",
        "expected `geo,t,from,sex",
    );
    rejected(
        "wdi-bulk",
        b"\"a\",\"b\"\n1,2\n",
        "wdi.csv",
        "no header line",
    );
    rejected(
        "ims-destination",
        b"not a workbook",
        "x.xlsx",
        "not a readable xlsx workbook",
    );
}

#[test]
fn non_numbers_are_rejected_with_the_line() {
    rejected(
        "wdi-long",
        b"geo,var,t,v\nAZE,remin,2020,lots\n",
        "wdi.csv",
        "line 2: `lots`",
    );
}

#[test]
fn bad_bilateral_rows_name_the_line_and_the_cell() {
    let header = "geo,t,from,sex,n,type_b,type_c,type_r,type_i\nABW,1990,BES,female,25,1,0,1,0\n";
    for (row, message) in [
        (
            "ABW,1990,BES,male,x2,1,0,1,0",
            "line 3: `x2` in column `n` is not a number",
        ),
        (
            "ABW,1990.5,BES,male,2,1,0,1,0",
            "line 3: `1990.5` in column `t` is not a whole number",
        ),
        (
            "ABW,1990,BES,unknown,2,1,0,1,0",
            "line 3: sex `unknown` is neither female nor male",
        ),
        ("ABW,1990", "line 3: no origin; the file is truncated"),
        (
            "ABW,1990,BES,male,2,1,0,1,0,7",
            "more fields than the header",
        ),
    ] {
        rejected(
            "ims-bilateral",
            format!("{header}{row}\n").as_bytes(),
            "bilateral.csv",
            message,
        );
    }
}

#[test]
fn missing_input_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tmp");
    import(
        "unhcr",
        &dir.path().join("nope.csv"),
        &dir.path().join("o.csv"),
        &[],
    )
    .code(1)
    .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn datasets_build_needs_the_publishers_folder() {
    let dir = tempfile::tempdir().expect("tmp");
    miglab()
        .args(["datasets", "build", "--from"])
        .arg(dir.path().join("missing"))
        .arg("--out")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a folder"));
    // A folder without the publishers' files fails on the first one it needs, naming it.
    miglab()
        .args(["datasets", "build", "--from"])
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("countrynames.csv"));
}

// --- an output that is the input ---------------------------------------------------------

/// `import SOURCE PATH --out OUT` where OUT names the input file: refused as a usage error
/// (exit 2) with a hint, before anything is written; the input is byte for byte intact.
fn refused_as_its_own_output(input: &std::path::Path, out: &std::path::Path) {
    let before = std::fs::read(input).expect("input");
    let assert = import("unhcr", input, out, &[]).code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("is also the file this command reads"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("\nhint: ").count(), 1, "{stderr}");
    assert_eq!(
        std::fs::read(input).expect("input"),
        before,
        "input changed"
    );
    let parts = std::fs::read_dir(input.parent().expect("dir"))
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".miglab-"))
        .count();
    assert_eq!(parts, 0, "a temporary file was left");
}

#[test]
fn an_output_that_is_the_input_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let sub = dir.path().join("data");
    std::fs::create_dir(&sub).expect("dir");
    let input = sub.join("population.csv");
    std::fs::copy(shared().join("unhcr_refugees_pkg/population.csv"), &input).expect("copy");
    // the same path, and the same file spelt another way
    refused_as_its_own_output(&input, &input);
    refused_as_its_own_output(&input, &sub.join("../data/./population.csv"));
    // through a symbolic link and a hard link
    #[cfg(unix)]
    {
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&input, &link).expect("symlink");
        refused_as_its_own_output(&input, &link);
        refused_as_its_own_output(&link, &input);
        let hard = dir.path().join("hard.csv");
        std::fs::hard_link(&input, &hard).expect("hard link");
        refused_as_its_own_output(&input, &hard);
    }
    // relative to the working folder
    let before = std::fs::read(&input).expect("input");
    miglab()
        .current_dir(&sub)
        .args(["import", "unhcr", "population.csv", "--out"])
        .arg(&input)
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&input).expect("input"), before);
    // another file in the same folder is fine
    import("unhcr", &input, &sub.join("population_tidy.csv"), &[]).success();
}
