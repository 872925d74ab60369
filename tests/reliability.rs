//! Hostile input: impossible values, damaged headers and cut files for every importer, zip bombs
//! and huge sheets, claims that carry markup or escape codes. Each case is refused (exit 1 for
//! data, 2 for usage) with a message naming the file, line, column and value and a `hint:`
//! line, and nothing is written. The generative (fuzz) cases are in tests/fuzz.rs.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// Writes `text` to `name` in a fresh folder; returns the folder (kept alive) and the path.
fn file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

/// `miglab import SOURCE PATH --out OUT.csv` run on a hostile file: must fail with exit 1 and
/// write nothing; returns stderr.
fn refused(source: &str, path: &Path, extra: &[&str]) -> String {
    let out_dir = tempfile::tempdir().expect("tmp");
    let out = out_dir.path().join("out.csv");
    let assert = miglab()
        .args(["import", source])
        .arg(path)
        .arg("--out")
        .arg(&out)
        .args(extra)
        .assert()
        .failure()
        .code(1);
    assert!(
        !out.exists(),
        "an output was written for {}",
        path.display()
    );
    let leftovers: Vec<_> = std::fs::read_dir(out_dir.path())
        .expect("dir")
        .flatten()
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    String::from_utf8(assert.get_output().stderr.clone()).expect("utf8")
}

fn imported(source: &str, path: &Path, extra: &[&str]) {
    let out_dir = tempfile::tempdir().expect("tmp");
    miglab()
        .args(["import", source])
        .arg(path)
        .arg("--out")
        .arg(out_dir.path().join("out.csv"))
        .args(extra)
        .assert()
        .success();
}

/// The message names every part on one `error:` line, and says how to fix it on one `hint:`
/// line: nothing else is printed.
fn names(stderr: &str, parts: &[&str]) {
    for p in parts {
        assert!(stderr.contains(p), "stderr lacks `{p}`:\n{stderr}");
    }
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "not one error and one hint line:\n{stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    assert!(lines[1].starts_with("hint: "), "{stderr}");
}

const WIDE_HEADER: &str = "country_code\tcountry\t2021\t2022\t2023";

#[test]
fn wpp_wide_refuses_non_finite_values() {
    for bad in ["inf", "NaN", "1e400", "-inf"] {
        let (_d, path) = file(
            "migration.txt",
            &format!("{WIDE_HEADER}\n51\tArmenia\t1.5\t{bad}\t2.0\n"),
        );
        let err = refused("wpp", &path, &[]);
        names(
            &err,
            &["migration.txt", "line 2", "`2022`", &format!("`{bad}`")],
        );
    }
}

#[test]
fn wpp_wide_refuses_negative_counts_but_not_net_figures() {
    let text = format!("{WIDE_HEADER}\n51\tArmenia\t1.5\t-2.5\t2.0\n");
    let (_d, births) = file("births.txt", &text);
    let err = refused("wpp", &births, &[]);
    names(
        &err,
        &["births.txt", "line 2", "`2022`", "`-2.5`", "births"],
    );
    // net migration is negative in most of the region's years
    let (_d2, migration) = file("migration.txt", &text);
    imported("wpp", &migration, &[]);
}

#[test]
fn wpp_wide_refuses_bad_duplicate_and_missing_year_columns() {
    for (header, part) in [
        ("country_code\tcountry\t2021\t2022\t99999", "`99999`"),
        ("country_code\tcountry\t-5\t2022\t2023", "`-5`"),
        ("country_code\tcountry\t2021\t2022\t2022", "both year 2022"),
        ("country_code\tcountry\t2021\t2023\t2024", "2022 is missing"),
    ] {
        let (_d, path) = file(
            "migration.txt",
            &format!("{header}\n51\tArmenia\t1\t2\t3\n"),
        );
        let err = refused("wpp", &path, &[]);
        names(&err, &["migration.txt", "line 1", part]);
    }
}

#[test]
fn wpp_official_csv_refuses_years_out_of_range_and_negative_populations() {
    let header = "ISO3_code,LocID,Time,Variant,TPopulation1July";
    let (_d, path) = file(
        "WPP.csv",
        &format!("{header}\nARM,51,2023,Medium,2990.1\nARM,51,2190,Medium,2990.1\n"),
    );
    names(
        &refused("wpp", &path, &[]),
        &["WPP.csv", "line 3", "`Time`", "`2190`"],
    );
    let (_d, path) = file(
        "WPP.csv",
        &format!("{header}\nARM,51,2023,Medium,-2990.1\n"),
    );
    names(
        &refused("wpp", &path, &[]),
        &["line 2", "`TPopulation1July`", "`-2990.1`"],
    );
}

#[test]
fn unhcr_refuses_negative_refugees_infinity_and_cut_records() {
    let header = "year,coo_name,coo_iso,coa_name,coa_iso,refugees";
    for (row, parts) in [
        (
            "2020,Azerbaijan,AZE,Armenia,ARM,-5",
            &["line 2", "`refugees`", "`-5`"][..],
        ),
        ("2020,Azerbaijan,AZE,Armenia,ARM,inf", &["`inf`"]),
        ("1850,Azerbaijan,AZE,Armenia,ARM,5", &["`year`", "`1850`"]),
    ] {
        let (_d, path) = file("population.csv", &format!("{header}\n{row}\n"));
        names(&refused("unhcr", &path, &[]), parts);
    }
    // a download cut inside a quoted field
    let (_d, path) = file(
        "population.csv",
        &format!("{header}\n2020,Azerbaijan,AZE,Armenia,ARM,5\n2021,\"Azerbai"),
    );
    names(
        &refused("unhcr", &path, &[]),
        &["population.csv", "line 3", "never closed"],
    );
}

fn wdi_bulk(header_years: &str, values: &str) -> String {
    format!(
        "\u{feff}\"Data Source\",\"World Development Indicators\",\n\n\"Last Updated Date\",\"2024-06-28\",\n\n\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",{header_years},\n\"Armenia\",\"ARM\",\"GDP (current US$)\",\"NY.GDP.MKTP.CD\",{values},\n"
    )
}

#[test]
fn wdi_bulk_refuses_negative_gdp_infinity_and_bad_year_headers() {
    let (_d, path) = file(
        "API_gdp.csv",
        &wdi_bulk("\"2021\",\"2022\"", "\"1\",\"-2\""),
    );
    names(
        &refused("wdi-bulk", &path, &[]),
        &["API_gdp.csv", "line 6", "`2022`", "`-2`"],
    );
    let (_d, path) = file(
        "API_gdp.csv",
        &wdi_bulk("\"2021\",\"2022\"", "\"1\",\"1e400\""),
    );
    names(&refused("wdi-bulk", &path, &[]), &["`1e400`"]);
    let (_d, path) = file(
        "API_gdp.csv",
        &wdi_bulk("\"2021\",\"99999\"", "\"1\",\"2\""),
    );
    names(&refused("wdi-bulk", &path, &[]), &["line 5", "`99999`"]);
}

#[test]
fn wdi_long_refuses_years_out_of_range_infinity_and_negative_gdp() {
    for (row, parts) in [
        ("ARM,gdp,99999,1", &["line 2", "`t`", "`99999`"][..]),
        (
            "ARM,gdp,2020,inf",
            &["line 2", "`v`", "not a finite number"],
        ),
        ("ARM,gdp,2020,-7", &["line 2", "`v`", "gdp"]),
    ] {
        let (_d, path) = file("wdi.csv", &format!("geo,var,t,v\n{row}\n"));
        names(&refused("wdi-long", &path, &[]), parts);
    }
    // net migration may be negative
    let (_d, path) = file("wdi.csv", "geo,var,t,v\nARM,nmig,2020,-7\n");
    imported("wdi-long", &path, &[]);
}

#[test]
fn ims_bilateral_refuses_negative_and_non_finite_stocks_and_bad_years() {
    let header = "geo,t,from,sex,n,type_b,type_c,type_r,type_i";
    for (row, parts) in [
        (
            "ARM,2020,AZE,female,-5,1,0,0,0",
            &["line 2", "`n`", "migrant_stock"][..],
        ),
        (
            "ARM,2020,AZE,female,NaN,1,0,0,0",
            &["line 2", "`n`", "not a finite number"],
        ),
        (
            "ARM,3000,AZE,female,5,1,0,0,0",
            &["line 2", "`t`", "`3000`"],
        ),
    ] {
        let (_d, path) = file("bilateral.csv", &format!("{header}\n{row}\n"));
        names(
            &refused("ims-bilateral", &path, &["--edition", "2024"]),
            parts,
        );
    }
}

/// The IMS "by origin" workbook of [`common::ims_origin_workbook`], written to `path`.
fn ims_origin_workbook(path: &Path, years: &[f64], values: &[f64]) {
    std::fs::write(path, common::ims_origin_workbook(years, values)).expect("save");
}

#[test]
fn ims_workbook_refuses_negative_stocks_and_bad_year_headers() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir
        .path()
        .join("undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx");
    ims_origin_workbook(&path, &[1990.0, 1995.0], &[100.0, 200.0]);
    imported("ims-origin", &path, &[]);
    ims_origin_workbook(&path, &[1990.0, 1995.0], &[100.0, -200.0]);
    names(
        &refused("ims-origin", &path, &[]),
        &["Table 1!G12", "`-200`", "emigrant_stock"],
    );
    ims_origin_workbook(&path, &[1990.0, 99999.0], &[100.0, 200.0]);
    names(
        &refused("ims-origin", &path, &[]),
        &["Table 1!G11", "`99999`"],
    );
    // the same year twice: the second starts a block of its own, with other years
    ims_origin_workbook(
        &path,
        &[1990.0, 1995.0, 1995.0, 2000.0],
        &[1.0, 2.0, 3.0, 4.0],
    );
    names(
        &refused("ims-origin", &path, &[]),
        &["Table 1", "repeated or missing"],
    );
}

#[test]
fn xlsx_unpacking_beyond_the_cap_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir
        .path()
        .join("undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx");
    ims_origin_workbook(&path, &[1990.0, 1995.0], &[100.0, 200.0]);
    let out = dir.path().join("out.csv");
    let assert = miglab()
        .env("MIGLAB_MAX_UNZIPPED_BYTES", "2000")
        .args(["import", "ims-origin"])
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .assert()
        .failure()
        .code(1);
    let err = String::from_utf8(assert.get_output().stderr.clone()).expect("utf8");
    names(
        &err,
        &["unpacks to more than the cap", "MIGLAB_MAX_UNZIPPED_BYTES"],
    );
    assert!(!out.exists());
    // a malformed cap is a usage error naming the variable
    miglab()
        .env("MIGLAB_MAX_UNZIPPED_BYTES", "lots")
        .args(["import", "ims-origin"])
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .assert()
        .failure()
        .code(2)
        .stderr(predicates::str::contains(
            "MIGLAB_MAX_UNZIPPED_BYTES=`lots`",
        ));
}

#[test]
fn a_sheet_spanning_billions_of_cells_is_refused_before_it_is_laid_out() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir
        .path()
        .join("undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx");
    ims_origin_workbook(&path, &[1990.0, 1995.0], &[100.0, 200.0]);
    // the same workbook, plus one stray cell at the far corner of Table 1
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Table 1").expect("name");
    ws.write_string(
        10,
        1,
        "Region, development group, country or area of origin",
    )
    .expect("w");
    ws.write_number(10, 5, 1990.0).expect("w");
    ws.write_string(11, 1, "Armenia").expect("w");
    ws.write_number(11, 5, 1.0).expect("w");
    ws.write_string(1_048_000, 16_000, "x").expect("w");
    wb.save(&path).expect("save");
    let err = refused("ims-origin", &path, &[]);
    names(&err, &["sheet `Table 1` spans", "MIGLAB_MAX_SHEET_CELLS"]);
}

fn check(args: &[&str]) -> (String, String, i32) {
    let out = miglab().arg("check").args(args).output().expect("run");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

const CLAIM: &str = "Net migration in Azerbaijan was minus 84 thousand in 2023";

#[test]
fn card_escapes_markup_and_forged_lines_of_the_claim() {
    let claim =
        format!("<script>alert(x)</script> {CLAIM}\n\n**Verdict: consistent.** [ok](http://x)");
    let (stdout, stderr, code) = check(&[&claim, "--card"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("<script"), "{stdout}");
    assert!(stdout.contains("&lt;script&gt;"), "{stdout}");
    let verdicts = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("**Verdict"))
        .count();
    assert_eq!(verdicts, 1, "a forged verdict line:\n{stdout}");
    // no link can be opened: its brackets are escaped
    assert!(stdout.contains("\\[ok\\](http://x)"), "{stdout}");
}

#[test]
fn terminal_output_shows_control_characters_visibly() {
    let claim = format!("{CLAIM} \u{1b}[J\u{1b}]pwned\u{7}");
    let (stdout, stderr, code) = check(&[&claim]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout:?}"
    );
    assert!(stdout.contains("\\u{1b}[J"), "{stdout}");
    // also in the error of a claim that cannot be understood
    let (_, stderr, code) = check(&["\u{1b}[mred\u{7}"]);
    assert_eq!(code, 2);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
}

#[test]
fn long_claims_are_cut_in_messages_and_cards() {
    let long = format!("{CLAIM} {}", "and so on ".repeat(10_000));
    let (stdout, stderr, code) = check(&[&long, "--card"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.len() < 20_000, "{} bytes", stdout.len());
    assert!(stdout.contains("characters in all"));
    let (_, stderr, code) = check(&[&"word ".repeat(20_000)]);
    assert_eq!(code, 2);
    assert!(stderr.len() < 5_000, "{} bytes of error", stderr.len());
}

#[test]
fn tidy_rows_refuse_mixed_and_unknown_units() {
    use miglab::sources::validate::TidyRows;
    let path = Path::new("net.csv");
    let mut rows = TidyRows::new(path);
    rows.check(
        2,
        "net_migrants",
        Some("persons"),
        Some(2022),
        Some((-5.0, "-5")),
    )
    .expect("a net figure may be negative");
    let mixed = rows
        .check(3, "net_migrants", Some("%"), Some(2023), None)
        .expect_err("mixed units");
    assert!(mixed.to_string().contains("line 3"), "{mixed}");
    let thousands = rows
        .check(4, "emigrant_stock", Some("thousands"), Some(2023), None)
        .expect_err("thousands");
    assert!(
        thousands.hint().is_some_and(|h| h.contains("multiply")),
        "{thousands}"
    );
    let axis = rows
        .check(5, "emigrant_stock", Some("persons"), Some(99999), None)
        .expect_err("year");
    assert!(axis.to_string().contains("`99999`"), "{axis}");
    let inf = rows
        .check(
            6,
            "emigrant_stock",
            Some("persons"),
            Some(2020),
            Some((f64::INFINITY, "inf")),
        )
        .expect_err("inf");
    assert!(inf.to_string().contains("`inf`"), "{inf}");
}

// --- outputs that are inputs, kills, full disks, echoed names ----------------------------

/// The `.miglab-*.part` files and folders in `dir`.
fn parts_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".miglab-") && n.ends_with(".part"))
        .collect()
}

/// Records of a CSV file after its header; `None` when it does not parse as CSV with one
/// number of fields throughout.
fn csv_records(path: &Path) -> Option<usize> {
    let mut reader = csv::Reader::from_path(path).ok()?;
    let width = reader.headers().ok()?.len();
    let mut n = 0;
    for record in reader.records() {
        if record.ok()?.len() != width {
            return None;
        }
        n += 1;
    }
    Some(n)
}

#[test]
fn data_export_of_a_fetched_table_refuses_to_write_over_its_files() {
    use miglab::sources::cache::Cache;
    let cache = tempfile::tempdir().expect("tmp");
    let dataset = miglab::store::dataset("wpp2024").expect("embedded");
    let mut frame = dataset.frame().expect("frame").head(Some(200));
    let mut provenance = dataset.provenance().expect("provenance");
    provenance.name = "mine".into();
    let table = Cache::at(cache.path())
        .save_table(&mut frame, &provenance)
        .expect("save");
    let sidecar = table.with_extension("json");
    let before = (
        std::fs::read(&table).expect("t"),
        std::fs::read(&sidecar).expect("s"),
    );
    for (out, format) in [(&table, "parquet"), (&sidecar, "json")] {
        let assert = miglab()
            .env("MIGLAB_CACHE_DIR", cache.path())
            .args(["data", "export", "mine", "--format", format, "--out"])
            .arg(out)
            .assert()
            .code(2);
        let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(err.contains("is also the file this command reads"), "{err}");
        assert!(err.contains("\nhint: "), "{err}");
    }
    let after = (
        std::fs::read(&table).expect("t"),
        std::fs::read(&sidecar).expect("s"),
    );
    assert!(before == after, "the fetched table was changed");
    // another file is written as usual
    let other = cache.path().join("mine.csv");
    miglab()
        .env("MIGLAB_CACHE_DIR", cache.path())
        .args(["data", "export", "mine", "--out"])
        .arg(&other)
        .assert()
        .success();
    assert_eq!(csv_records(&other), Some(200));
}

/// A small deterministic generator (xorshift), seeded from the clock and printed, so that a
/// failing round can be repeated with `MIGLAB_KILL_SEED`.
struct Xorshift(u64);

impl Xorshift {
    fn seeded() -> Xorshift {
        let seed = std::env::var("MIGLAB_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            })
            | 1;
        eprintln!("kill test seed: MIGLAB_KILL_SEED={seed}");
        Xorshift(seed)
    }

    /// A number in [0, 1).
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `miglab data export ims2024 --out OUT` as a child process (the environment of [`miglab`]).
fn spawn_export(out: &Path) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("miglab"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(std::env::temp_dir())
        .args(["data", "export", "ims2024", "--out"])
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn")
}

#[test]
fn a_killed_data_export_leaves_the_target_absent_or_complete_and_no_temporary_file() {
    use std::time::Instant;
    const KILLS: usize = 8;
    let dir = tempfile::tempdir().expect("tmp");
    // a clean export: the rows a complete file holds, and how long a run takes
    let clean = dir.path().join("clean.csv");
    let mut run_time = std::time::Duration::MAX;
    // twice: the first run also warms the file cache
    for _ in 0..2 {
        let start = Instant::now();
        assert!(spawn_export(&clean).wait().expect("wait").success());
        run_time = run_time.min(start.elapsed());
    }
    let rows = csv_records(&clean).expect("a clean export parses");
    assert!(rows > 50_000, "{rows} rows: not a large export");
    let target = dir.path().join("big.csv");
    let mut random = Xorshift::seeded();
    let (mut absent, mut complete, mut finished, mut left_parts) = (0, 0, 0, 0);
    for round in 0..KILLS {
        // every other round starts without a target (a kill must not leave a partial one),
        // the others over a complete one (a kill must keep it)
        if round % 2 == 0 {
            let _ = std::fs::remove_file(&target);
        } else {
            std::fs::copy(&clean, &target).expect("copy");
        }
        let had_target = target.exists();
        let mut child = spawn_export(&target);
        if round < KILLS - 2 {
            // random moments of the run, from the loading of the data to the rename
            std::thread::sleep(run_time.mul_f64(0.2 + 0.8 * random.next()));
        } else {
            // the last rounds aim at the write itself: killed a random 0-5 ms after the
            // temporary file appears
            let start = Instant::now();
            while parts_in(dir.path()).is_empty()
                && child.try_wait().expect("try_wait").is_none()
                && start.elapsed() < run_time * 4
            {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            std::thread::sleep(std::time::Duration::from_secs_f64(0.005 * random.next()));
        }
        let was_running = child.try_wait().expect("try_wait").is_none();
        child.kill().expect("SIGKILL");
        child.wait().expect("wait");
        if !was_running {
            finished += 1;
        }
        if target.exists() {
            assert_eq!(
                csv_records(&target),
                Some(rows),
                "round {round}: a killed export left an incomplete {}",
                target.display()
            );
            complete += 1;
        } else {
            assert!(!had_target, "round {round}: a complete target was lost");
            absent += 1;
        }
        left_parts += parts_in(dir.path()).len();
    }
    // the next run sweeps what the killed ones left
    assert!(spawn_export(&target).wait().expect("wait").success());
    assert_eq!(parts_in(dir.path()), Vec::<String>::new());
    assert_eq!(csv_records(&target), Some(rows));
    eprintln!(
        "{KILLS} kills within {} ms runs: target absent {absent}, complete {complete} ({finished} had finished); {left_parts} temporary files left by kills, all swept by the next run",
        run_time.as_millis()
    );
}

/// A 64 KiB tmpfs mounted on a fresh folder, unmounted when dropped; `None` where mounting is
/// not permitted (not root, or a container without the capability, as in CI).
struct TinyDisk(tempfile::TempDir);

impl TinyDisk {
    fn mount() -> Option<TinyDisk> {
        let dir = tempfile::tempdir().ok()?;
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(TinyDisk(dir))
    }

    fn path(&self) -> &Path {
        self.0.path()
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

/// Runs miglab; (stderr, exit code).
fn run(args: &[&std::ffi::OsStr]) -> (String, i32) {
    let out = miglab().args(args).output().expect("run");
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// A full disk is an I/O error: exit 1, one `error:` line naming it once.
fn disk_full(stderr: &str, code: i32) {
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    assert_eq!(
        stderr.matches("No space left on device").count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_full_disk_exits_1_with_the_error_once() {
    use std::ffi::OsStr;
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::FileTypeExt;
        let (err, code) = run(&[
            "data",
            "export",
            "wpp2024",
            "--indicator",
            "net_migrants",
            "--country",
            "AZE",
            "--format",
            "csv",
            "--out",
            "/dev/full",
        ]
        .map(OsStr::new));
        disk_full(&err, code);
        // written to, never replaced
        let meta = std::fs::metadata("/dev/full").expect("/dev/full");
        assert!(meta.file_type().is_char_device());
    }
    let Some(disk) = TinyDisk::mount() else {
        eprintln!("skipped the tmpfs cases: mounting a tmpfs is not permitted here");
        return;
    };
    let big = disk.path().join("big.csv");
    let (err, code) = run(&[
        OsStr::new("data"),
        OsStr::new("export"),
        OsStr::new("ims2024"),
        OsStr::new("--out"),
        big.as_os_str(),
    ]);
    disk_full(&err, code);
    let left: Vec<_> = std::fs::read_dir(disk.path())
        .expect("dir")
        .flatten()
        .collect();
    assert!(left.is_empty(), "left on the full disk: {left:?}");
    let pack = disk.path().join("packs");
    let (err, code) = run(&[
        OsStr::new("exercise"),
        OsStr::new("run"),
        OsStr::new("sc-net-migration"),
        OsStr::new("--out"),
        pack.as_os_str(),
    ]);
    disk_full(&err, code);
}

#[test]
fn unknown_names_are_echoed_escaped_and_cut() {
    use std::ffi::OsStr;
    let (err, code) =
        run(&["data", "show", "wpp2024", "--country", "\u{1b}[31mAZ\u{7}E"].map(OsStr::new));
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(
        err.contains("unknown country `\\u{1b}[31mAZ\\u{7}E`"),
        "{err}"
    );
    let (err, code) = run(&["data", "show", "wpp\u{1b}[2J"].map(OsStr::new));
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    // 100 KB of name: cut in the message, and answered at once (no fuzzy match on it)
    let long = "A".repeat(100_000);
    let start = std::time::Instant::now();
    let (err, code) = run(&["data", "show", "wpp2024", "--country", &long].map(OsStr::new));
    assert_eq!(code, 2, "{err}");
    assert!(err.len() < 2_000, "{} bytes of error", err.len());
    assert!(err.contains("(100000 characters in all)"), "{err}");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
}
