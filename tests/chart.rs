//! Tests of `miglab chart`: the four commands of the issue, decoded PNGs (size, a plot that is
//! not blank, the series colours), SVG text in English, Azerbaijani and Russian, the projection
//! footnote, the CSV and alt-text beside every chart, SVG snapshots, and bad input.

mod common;

use std::path::{Path, PathBuf};

use common::miglab;

/// Okabe–Ito colours the charts use.
const BLUE: [u8; 3] = [0x00, 0x72, 0xB2];
const ORANGE: [u8; 3] = [0xE6, 0x9F, 0x00];
const GREEN: [u8; 3] = [0x00, 0x9E, 0x73];
const VERMILLION: [u8; 3] = [0xD5, 0x5E, 0x00];

struct Image {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Image {
    fn read(path: &Path) -> Image {
        let file = std::fs::File::open(path).expect("png written");
        let decoder = png::Decoder::new(std::io::BufReader::new(file));
        let mut reader = decoder.read_info().expect("png header");
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).expect("png data");
        assert_eq!(info.color_type, png::ColorType::Rgb, "RGB PNG");
        buf.truncate(info.buffer_size());
        Image {
            width: info.width,
            height: info.height,
            rgb: buf,
        }
    }

    fn pixel(&self, x: u32, y: u32) -> [u8; 3] {
        let i = ((y * self.width + x) * 3) as usize;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// Pixels of exactly this colour.
    fn count(&self, color: [u8; 3]) -> usize {
        self.rgb.chunks_exact(3).filter(|p| *p == color).count()
    }

    /// Share of non-white pixels in the middle of the canvas (where the plot is).
    fn ink_in_plot_area(&self) -> f64 {
        let (x0, x1) = (self.width / 8, self.width * 7 / 8);
        let (y0, y1) = (self.height / 4, self.height * 3 / 4);
        let mut ink = 0usize;
        for y in y0..y1 {
            for x in x0..x1 {
                if self.pixel(x, y) != [255, 255, 255] {
                    ink += 1;
                }
            }
        }
        ink as f64 / f64::from((x1 - x0) * (y1 - y0))
    }
}

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn run_ok(args: &[&str]) {
    let out = miglab().args(args).output().expect("run miglab");
    assert!(
        out.status.success(),
        "miglab {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn path_str(p: &Path) -> String {
    p.display().to_string()
}

/// The sidecars of a chart: `NAME.data.csv` and `NAME.alt.txt`.
fn companions(p: &Path) -> (PathBuf, PathBuf) {
    (p.with_extension("data.csv"), p.with_extension("alt.txt"))
}

fn svg(args: &[&str], name: &str) -> String {
    let d = dir();
    let out = d.path().join(name);
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    all.extend(["--out".to_string(), path_str(&out)]);
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    run_ok(&refs);
    std::fs::read_to_string(out).expect("svg written")
}

#[test]
fn line_of_cnmr_for_the_south_caucasus() {
    let d = dir();
    let out = d.path().join("sc_cnmr.png");
    run_ok(&[
        "chart",
        "line",
        "--measure",
        "cnmr",
        "--countries",
        "south-caucasus",
        "--years",
        "2014-2024",
        "--out",
        &path_str(&out),
    ]);
    let img = Image::read(&out);
    assert_eq!((img.width, img.height), (1920, 1080));
    assert!(img.ink_in_plot_area() > 0.01, "the plot area is blank");
    // The title is drawn with the embedded font (the test runs with no environment).
    let title_ink = (20..110)
        .flat_map(|y| (40..900).map(move |x| (x, y)))
        .filter(|&(x, y)| img.pixel(x, y) == [0x1A, 0x1A, 0x1A])
        .count();
    assert!(title_ink > 2000, "no title text ({title_ink} pixels)");
    // One colour per country.
    for (name, color) in [("blue", BLUE), ("orange", ORANGE), ("green", GREEN)] {
        assert!(img.count(color) > 500, "no {name} series in the chart");
    }
    let (csv, txt) = companions(&out);
    let csv = std::fs::read_to_string(csv).expect("csv beside the chart");
    assert!(csv.starts_with("series,series_label,category,category_label,measure,value,unit"));
    assert!(csv.contains("ARM,Armenia,2014,2014,cnmr,"), "{csv}");
    assert!(csv.contains(",true,"), "2024 is a projection: {csv}");
    // 11 years x 3 countries + header.
    assert_eq!(csv.lines().count(), 34);
    let txt = std::fs::read_to_string(txt).expect("alt-text beside the chart");
    assert!(
        txt.starts_with("Line chart. Crude net migration rate."),
        "{txt}"
    );
    assert!(txt.contains("Armenia: 2014 -5.4"), "{txt}");
    assert!(txt.contains("Source: UN DESA, World Population Prospects 2024"));
}

#[test]
fn bar_of_top_destinations_as_svg() {
    let d = dir();
    let out = d.path().join("geo_dest.svg");
    run_ok(&[
        "chart",
        "bar",
        "--measure",
        "top-destinations",
        "--origin",
        "GEO",
        "--years",
        "2024",
        "--edition",
        "2024",
        "--top",
        "10",
        "--out",
        &path_str(&out),
    ]);
    let svg = std::fs::read_to_string(&out).expect("svg");
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("Emigrants by country of destination: Georgia"));
    assert!(svg.contains(">\nRussia\n<"), "country names are SVG text");
    assert!(svg.contains("139,333"), "thousands separators");
    assert!(svg.contains(
        "Source: UN DESA, International Migrant Stock 2024 (POP/DB/MIG/Stock/Rev.2024); migrant stock"
    ));
    // Ten bars, the partner total in the subtitle, not among the bars.
    let csv = std::fs::read_to_string(companions(&out).0).expect("csv");
    assert_eq!(csv.lines().count(), 11, "{csv}");
    assert!(!csv.contains("TOTAL"));
    assert!(svg.contains("Total, all countries: 496,486"));
}

#[test]
fn grouped_bar_to_russia_in_azerbaijani() {
    let d = dir();
    let out = d.path().join("to_russia.png");
    let args = [
        "chart",
        "grouped-bar",
        "--measure",
        "period-change",
        "--origin",
        "south-caucasus",
        "--destination",
        "RUS",
        "--periods",
        "1990-2000,2000-2010,2010-2020",
        "--edition",
        "2020",
        "--lang",
        "az",
    ];
    let mut png_args = args.to_vec();
    let out_s = path_str(&out);
    png_args.extend(["--out", &out_s]);
    run_ok(&png_args);
    let img = Image::read(&out);
    assert_eq!((img.width, img.height), (1920, 1080));
    assert!(img.ink_in_plot_area() > 0.02);
    for color in [BLUE, ORANGE, GREEN] {
        assert!(img.count(color) > 2000, "a country's bars are missing");
    }
    let text = svg(&args, "to_russia.svg");
    for word in [
        "Miqrantların sayının dövrlər üzrə dəyişməsi",
        "Azərbaycan",
        "Ermənistan",
        "Gürcüstan",
        "Yaşadığı ölkə: Rusiya",
        "Mənbə: UN DESA, International Migrant Stock 2020",
        "Dəyişmə, nəfər",
        "-183.950",
    ] {
        assert!(text.contains(word), "no `{word}` in the Azerbaijani chart");
    }
    let txt = std::fs::read_to_string(companions(&out).1).expect("txt");
    assert!(txt.starts_with("Qruplaşdırılmış sütunlu diaqram."), "{txt}");
}

#[test]
fn components_of_azerbaijan_in_russian() {
    let d = dir();
    let out = d.path().join("aze_components.png");
    run_ok(&[
        "chart",
        "components",
        "--countries",
        "AZE",
        "--years",
        "2019-2023",
        "--lang",
        "ru",
        "--out",
        &path_str(&out),
    ]);
    let img = Image::read(&out);
    assert_eq!((img.width, img.height), (1920, 1080));
    assert!(img.ink_in_plot_area() > 0.05);
    assert!(img.count(GREEN) > 5000, "natural increase bars");
    assert!(img.count(ORANGE) > 5000, "net migration bars");
    let csv = std::fs::read_to_string(companions(&out).0).expect("csv");
    assert!(csv.contains("natural_increase,"));
    assert!(csv.contains("net_migration_residual,"));
    assert!(csv.contains("population_change,"));
    let text = svg(
        &[
            "chart",
            "components",
            "--countries",
            "AZE",
            "--years",
            "2019-2023",
            "--lang",
            "ru",
        ],
        "aze.svg",
    );
    for word in [
        "Компоненты изменения численности населения",
        "Азербайджан",
        "Естественный прирост",
        "Чистая миграция",
        "Источник: UN DESA, World Population Prospects 2024",
        "26\u{a0}836",
    ] {
        assert!(text.contains(word), "no `{word}` in the Russian chart");
    }
}

#[test]
fn russian_country_names_and_number_format() {
    let text = svg(
        &[
            "chart",
            "bar",
            "--measure",
            "top-destinations",
            "--origin",
            "AZE",
            "--years",
            "2020",
            "--edition",
            "2020",
            "--top",
            "5",
            "--lang",
            "ru",
        ],
        "aze_dest.svg",
    );
    assert!(text.contains("Эмигранты по странам назначения: Азербайджан"));
    assert!(text.contains(">\nРоссия\n<"));
    assert!(text.contains("Источник:"));
}

#[test]
fn projection_years_carry_the_footnote() {
    for (lang, note) in [
        ("en", "Shaded: projections (UN WPP 2024, medium variant)"),
        ("az", "Kölgəli sahə: proqnozlar"),
        ("ru", "Затенено: прогноз"),
    ] {
        let text = svg(
            &[
                "chart",
                "line",
                "--measure",
                "net-migration",
                "--countries",
                "AZE,GEO",
                "--years",
                "2018-2027",
                "--lang",
                lang,
            ],
            "proj.svg",
        );
        assert!(text.contains(note), "{lang}: no projection footnote");
    }
    // Years that are all observations carry no footnote.
    let text = svg(
        &[
            "chart",
            "line",
            "--measure",
            "net-migration",
            "--countries",
            "AZE",
            "--years",
            "2010-2020",
        ],
        "obs.svg",
    );
    assert!(!text.contains("projections"));
}

#[test]
fn diverging_bar_uses_the_diverging_palette() {
    let d = dir();
    let out = d.path().join("div.png");
    run_ok(&[
        "chart",
        "diverging-bar",
        "--measure",
        "cnmr",
        "--countries",
        "eeca",
        "--years",
        "2023",
        "--size",
        "1280x720",
        "--out",
        &path_str(&out),
    ]);
    let img = Image::read(&out);
    assert_eq!((img.width, img.height), (1280, 720));
    assert!(img.count(BLUE) > 1000, "gains in blue");
    assert!(img.count(VERMILLION) > 1000, "losses in vermillion");
}

#[test]
fn every_kind_renders() {
    let cases: [&[&str]; 4] = [
        &[
            "chart",
            "stacked-bar",
            "--measure",
            "emigrant-stock",
            "--countries",
            "south-caucasus",
            "--sex",
            "female,male",
            "--years",
            "2024",
            "--edition",
            "2024",
        ],
        &[
            "chart",
            "small-multiples",
            "--measure",
            "net-migration",
            "--countries",
            "south-caucasus",
            "--years",
            "2000-2030",
        ],
        &[
            "chart",
            "slope",
            "--measure",
            "emigrant-stock",
            "--countries",
            "south-caucasus",
            "--years",
            "2000,2020",
            "--edition",
            "2020",
        ],
        &[
            "chart",
            "stacked-bar",
            "--measure",
            "top-destinations",
            "--origin",
            "south-caucasus",
            "--years",
            "2024",
            "--edition",
            "2024",
            "--top",
            "5",
        ],
    ];
    for args in cases {
        let d = dir();
        let out = d.path().join("c.png");
        let mut all = args.to_vec();
        let out_s = path_str(&out);
        all.extend(["--out", &out_s]);
        run_ok(&all);
        let img = Image::read(&out);
        assert!(img.ink_in_plot_area() > 0.01, "{args:?}: blank plot");
        assert!(img.count(BLUE) > 300, "{args:?}: no first series colour");
    }
}

#[test]
fn chart_from_a_tidy_csv() {
    let d = dir();
    let data = miglab()
        .args([
            "data",
            "show",
            "wpp2024",
            "--indicator",
            "net_migrants",
            "--country",
            "ARM,AZE",
            "--years",
            "2015-2023",
            "--format",
            "csv",
        ])
        .output()
        .expect("data show");
    assert!(data.status.success());
    let csv_in = d.path().join("net.csv");
    std::fs::write(&csv_in, &data.stdout).expect("write csv");
    let out = d.path().join("from.svg");
    run_ok(&[
        "chart",
        "line",
        "--from",
        &path_str(&csv_in),
        "--lang",
        "az",
        "--out",
        &path_str(&out),
    ]);
    let text = std::fs::read_to_string(&out).expect("svg");
    assert!(text.contains("Xalis miqrasiya"));
    assert!(text.contains("Azərbaycan"));
    assert!(text.contains("Mənbə: UN DESA, World Population Prospects 2024"));
    let csv = std::fs::read_to_string(companions(&out).0).expect("csv");
    assert_eq!(csv.lines().count(), 1 + 2 * 9);
}

/// `net.csv` of `data show` for two countries.
fn net_csv(dir: &Path) -> PathBuf {
    let data = miglab()
        .args([
            "data",
            "show",
            "wpp2024",
            "--indicator",
            "net_migrants",
            "--country",
            "ARM,AZE",
            "--years",
            "2015-2023",
            "--format",
            "csv",
        ])
        .output()
        .expect("data show");
    assert!(data.status.success());
    let path = dir.join("net.csv");
    std::fs::write(&path, &data.stdout).expect("write csv");
    path
}

#[test]
fn sidecars_never_overwrite_the_input() {
    let d = dir();
    let input = net_csv(d.path());
    let before = std::fs::read(&input).expect("read");
    let out = d.path().join("net.png");
    run_ok(&[
        "chart",
        "line",
        "--from",
        &path_str(&input),
        "--out",
        &path_str(&out),
    ]);
    assert_eq!(
        std::fs::read(&input).expect("read"),
        before,
        "input changed"
    );
    let (csv, txt) = companions(&out);
    assert!(out.exists() && csv.exists() && txt.exists());
}

#[test]
fn an_output_equal_to_an_input_is_refused_before_anything_is_written() {
    let d = dir();
    let input = net_csv(d.path());
    // NAME.data.csv as input and NAME.png as image: the data sidecar would replace the input.
    let data_named = d.path().join("chart.data.csv");
    std::fs::rename(&input, &data_named).expect("rename");
    let before = std::fs::read(&data_named).expect("read");
    let out = miglab()
        .args([
            "chart",
            "line",
            "--from",
            &path_str(&data_named),
            "--out",
            &path_str(&d.path().join("chart.svg")),
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("would overwrite its input"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    assert_eq!(std::fs::read(&data_named).expect("read"), before);
    let left: Vec<_> = std::fs::read_dir(d.path()).expect("dir").collect();
    assert_eq!(left.len(), 1, "files written: {left:?}");
}

#[test]
fn a_failed_write_leaves_the_old_chart_intact() {
    let d = dir();
    let out = d.path().join("cnmr.svg");
    let args = |size: &'static str| -> Vec<String> {
        [
            "chart",
            "line",
            "--measure",
            "cnmr",
            "--countries",
            "AZE",
            "--years",
            "2015-2020",
            "--size",
            size,
            "--out",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([path_str(&out)])
        .collect()
    };
    let first: Vec<String> = args("960x540");
    run_ok(&first.iter().map(String::as_str).collect::<Vec<_>>());
    let (csv, txt) = companions(&out);
    let old = [&out, &csv, &txt].map(|p| std::fs::read(p).expect("read"));
    // A file-size limit of 2 KiB makes the new image's write fail (as a full disk would) while
    // its small sidecars would fit: nothing may change, and no temporary file may be left.
    let bin = assert_cmd::cargo::cargo_bin("miglab");
    let second = args("1280x720");
    let run = std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 4; exec \"$0\" \"$@\"")
        .arg(&bin)
        .args(&second)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .expect("run");
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let now = [&out, &csv, &txt].map(|p| std::fs::read(p).expect("read"));
    assert!(now == old, "a file of the old chart was replaced");
    let parts: Vec<_> = std::fs::read_dir(d.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(parts.is_empty(), "temporary files left: {parts:?}");
}

#[test]
fn a_folder_in_the_way_is_refused_before_anything_is_written() {
    let d = dir();
    let out = d.path().join("cnmr.svg");
    std::fs::create_dir(companions(&out).1).expect("folder");
    let run = miglab()
        .args([
            "chart",
            "line",
            "--measure",
            "cnmr",
            "--countries",
            "AZE",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(2));
    assert!(!out.exists() && !companions(&out).0.exists());
}

/// Writes `text` as a CSV file and draws it; returns the error output.
fn chart_from(text: &str) -> (Option<i32>, String) {
    let d = dir();
    let input = d.path().join("in.csv");
    std::fs::write(&input, text).expect("write");
    let out = miglab()
        .args([
            "chart",
            "line",
            "--from",
            &path_str(&input),
            "--out",
            &path_str(&d.path().join("out.svg")),
        ])
        .output()
        .expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn damaged_tidy_csvs_are_refused_naming_line_column_and_value() {
    let header = "dataset,indicator,country,sex,year,value,unit\n";
    let row = |year: &str, value: &str, unit: &str| {
        format!("wpp2024,net_migrants,AZE,total,{year},{value},{unit}\n")
    };
    let good = row("2020", "-1000", "persons");
    for (bad, message) in [
        (
            row("2021", "inf", "persons"),
            "`inf` is not a finite number",
        ),
        (
            row("2021", "1e400", "persons"),
            "`1e400` is not a finite number",
        ),
        (row("1850", "5", "persons"), "`1850` is not a year"),
        (row("2021", "5", "thousands"), "`thousands` is not a unit"),
        (
            "wpp2024,migrant_stock,AZE,total,2021,-5,persons\n".to_string(),
            "`-5` is negative",
        ),
    ] {
        let (code, err) = chart_from(&format!("{header}{good}{bad}"));
        assert_eq!(code, Some(1), "{bad}: {err}");
        assert!(err.contains(message), "{bad}: `{message}` not in {err}");
        assert!(err.contains("line 3"), "{bad}: no line in {err}");
    }
    let (code, err) = chart_from(&format!(
        "{header}{good}wpp2024,net_migrants,\"AZE,total,2021,5"
    ));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("quote"), "{err}");
    // Net figures may be negative.
    let (code, err) = chart_from(&format!("{header}{good}{}", row("2021", "-5", "persons")));
    assert_eq!(code, Some(0), "{err}");
}

fn assert_fails(args: &[&str], code: i32, message: &str) {
    let d = dir();
    let out = miglab()
        .current_dir(d.path())
        .args(args)
        .output()
        .expect("run miglab");
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(message), "{args:?}: `{message}` not in {err}");
    let left: Vec<_> = std::fs::read_dir(d.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert!(left.is_empty(), "{args:?} left files behind: {left:?}");
}

#[test]
fn bad_input_is_refused_without_partial_files() {
    let line = ["chart", "line", "--measure", "cnmr", "--countries", "AZE"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut v = line.to_vec();
        v.extend(extra);
        v
    };
    assert_fails(
        &["chart", "pie", "--out", "x.png"],
        2,
        "invalid value 'pie'",
    );
    assert_fails(
        &["chart", "line", "--measure", "happiness", "--out", "x.png"],
        2,
        "invalid value 'happiness'",
    );
    assert_fails(
        &with(&["--lang", "fr", "--out", "x.png"]),
        2,
        "invalid value 'fr'",
    );
    assert_fails(
        &with(&["--size", "big", "--out", "x.png"]),
        2,
        "invalid --size `big`",
    );
    assert_fails(
        &with(&["--size", "100000x5", "--out", "x.png"]),
        2,
        "invalid --size",
    );
    assert_fails(
        &with(&["--out", "x.jpg"]),
        2,
        "unsupported chart format `.jpg`",
    );
    assert_fails(&with(&["--out", "chart"]), 2, "has no extension");
    assert_fails(
        &with(&["--out", "no/such/folder/x.png"]),
        1,
        "does not exist",
    );
    assert_fails(
        &["chart", "line", "--countries", "AZE", "--out", "x.png"],
        2,
        "needs --measure",
    );
    assert_fails(
        &with(&["--years", "1800", "--out", "x.png"]),
        1,
        "outside the coverage",
    );
    assert_fails(
        &[
            "chart",
            "components",
            "--countries",
            "AZE,GEO",
            "--years",
            "2020",
            "--out",
            "x.png",
        ],
        2,
        "one country",
    );
    assert_fails(
        &with(&["--value", "nonsense", "--out", "x.png"]),
        2,
        "unknown value `nonsense`",
    );
}

#[test]
fn svg_snapshots() {
    let small = ["--size", "960x540"];
    let bar = svg(
        &[
            &[
                "chart",
                "bar",
                "--measure",
                "top-destinations",
                "--origin",
                "GEO",
                "--years",
                "2024",
                "--edition",
                "2024",
                "--top",
                "5",
            ][..],
            &small[..],
        ]
        .concat(),
        "bar.svg",
    );
    insta::assert_snapshot!("chart_bar_geo_destinations_en", bar);
    let components = svg(
        &[
            &[
                "chart",
                "components",
                "--countries",
                "AZE",
                "--years",
                "2019-2023",
                "--lang",
                "ru",
            ][..],
            &small[..],
        ]
        .concat(),
        "components.svg",
    );
    insta::assert_snapshot!("chart_components_aze_ru", components);
    let line = svg(
        &[
            &[
                "chart",
                "line",
                "--measure",
                "cnmr",
                "--countries",
                "south-caucasus",
                "--years",
                "2018-2026",
                "--lang",
                "az",
            ][..],
            &small[..],
        ]
        .concat(),
        "line.svg",
    );
    insta::assert_snapshot!("chart_line_sc_cnmr_az", line);
}
