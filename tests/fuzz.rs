//! Generative fuzzing of the input parsers: the claim parser, the JSON-stat decoder, the CSV
//! importers and the xlsx importer get random bytes, cut files, huge numbers, wrong headers and
//! hostile cells built from the publishers' real files. None may panic; every failure is a
//! typed error; and an import that succeeds never carries an impossible value (checked by the
//! validation layer itself).
//!
//! A smoke run of 64 cases per target runs with the tests; `scripts/fuzz.sh` runs a longer
//! round (`PROPTEST_CASES=N`). Counts and findings are in RELIABILITY.md.

mod common;

use std::path::{Path, PathBuf};

use miglab::check::claim;
use miglab::countries::Crosswalk;
use miglab::sources::{jsonstat, un_desa_ims, un_wpp, unhcr, validate, worldbank};
use miglab::tidy::TidyBuilder;
use proptest::prelude::*;

/// 64 cases per target unless `PROPTEST_CASES` asks for more.
fn config() -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = 64;
    }
    c.failure_persistence = None;
    c
}

/// Tokens that break parsers: non-finite and huge numbers, out-of-range years, separators,
/// quotes, controls, empty cells, markup.
const HOSTILE: &[&str] = &[
    "inf",
    "-inf",
    "NaN",
    "1e400",
    "-1e400",
    "99999",
    "-5",
    "0",
    "-0",
    "",
    "..",
    "\"",
    "\"\"",
    ",",
    "\t",
    "\n",
    "\r\n",
    "\u{0}",
    "\u{1b}[2J",
    "😀",
    "ǅ",
    "999999999999999999999999999999999999999999",
    "1,000,000",
    "1.2.3",
    "<script>",
    "null",
    "1e-400",
    "2147483648",
    "-2147483649",
];

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(HOSTILE).prop_map(str::to_string),
        "[0-9]{1,400}",
        "\\PC{0,20}",
        any::<f64>().prop_map(|f| f.to_string()),
    ]
}

/// One hostile change to a text file: a cut, a replaced field, a replaced line or random bytes
/// spliced in.
#[derive(Debug, Clone)]
enum Mutation {
    Cut(prop::sample::Index),
    Field(prop::sample::Index, prop::sample::Index, String),
    Header(prop::sample::Index, String),
    Splice(prop::sample::Index, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<prop::sample::Index>().prop_map(Mutation::Cut),
        (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            hostile()
        )
            .prop_map(|(l, f, t)| Mutation::Field(l, f, t)),
        (any::<prop::sample::Index>(), hostile()).prop_map(|(f, t)| Mutation::Header(f, t)),
        (
            any::<prop::sample::Index>(),
            prop::collection::vec(any::<u8>(), 0..64)
        )
            .prop_map(|(i, b)| Mutation::Splice(i, b)),
    ]
}

/// Applies mutations to a delimited text (`sep` between fields).
fn mutate(seed: &str, sep: char, mutations: &[Mutation]) -> Vec<u8> {
    let mut text = seed.to_string();
    let mut bytes: Option<Vec<u8>> = None;
    for m in mutations {
        match m {
            Mutation::Cut(i) => {
                let b = bytes.take().unwrap_or_else(|| text.clone().into_bytes());
                let at = i.index(b.len() + 1);
                bytes = Some(b[..at].to_vec());
            }
            Mutation::Splice(i, extra) => {
                let mut b = bytes.take().unwrap_or_else(|| text.clone().into_bytes());
                let at = i.index(b.len() + 1);
                b.splice(at..at, extra.iter().copied());
                bytes = Some(b);
            }
            Mutation::Field(_, field, value) | Mutation::Header(field, value) => {
                if let Some(b) = bytes.take() {
                    text = String::from_utf8_lossy(&b).into_owned();
                }
                let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                if lines.is_empty() {
                    continue;
                }
                let l = match m {
                    Mutation::Field(line, ..) => line.index(lines.len()),
                    _ => 0,
                };
                let mut fields: Vec<String> = lines[l].split(sep).map(str::to_string).collect();
                let f = field.index(fields.len());
                fields[f] = value.clone();
                lines[l] = fields.join(&sep.to_string());
                text = lines.join("\n") + "\n";
            }
        }
    }
    bytes.unwrap_or_else(|| text.into_bytes())
}

/// The first `n` lines of a published file, as the seed of the mutations.
fn seed(relative: &str, n: usize) -> String {
    let text = std::fs::read_to_string(common::shared().join(relative)).expect("seed");
    text.lines().take(n).collect::<Vec<_>>().join("\n") + "\n"
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// An import that succeeded holds no impossible value (the validation layer agrees).
fn assert_clean(frame: &polars::prelude::DataFrame) {
    validate::tidy_table(frame, "fuzzed import").expect("an accepted import is valid");
}

fn cw() -> &'static Crosswalk {
    Crosswalk::embedded().expect("crosswalk")
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn claim_parser_never_panics(text in prop_oneof![
        "\\PC{0,300}",
        any::<String>(),
        prop::collection::vec(prop_oneof![
            prop::sample::select(&[
                "net", "migration", "in", "Azerbaijan", "Armenia", "Georgia", "Russia", "was",
                "minus", "thousand", "million", "per", "1000", "%", "born", "lived", "abroad",
                "2023", "2014-2023", "about", "more", "than", "refugees", "from", "rate", "-",
                "Azərbaycan", "Россия", "году", "ildə",
            ][..]).prop_map(str::to_string),
            hostile(),
        ], 0..24).prop_map(|w| w.join(" ")),
    ]) {
        let c = claim::parse(&text, cw());
        let _ = c.require();
        let _ = c.understood();
        let _ = claim::parse_quantity(&text);
        let _ = claim::parse_when(&text);
    }

    #[test]
    fn jsonstat_decoder_never_panics(
        doc in prop::sample::select(&[
            "three_dim_v1.json",
            "three_dim_size_as_string_v2.json",
            "eurostat-name_gpd_c-geo_IT.json",
        ][..]),
        mutations in prop::collection::vec(mutation(), 0..4),
        noise in prop::collection::vec(any::<u8>(), 0..256),
        raw in any::<bool>(),
    ) {
        let text = if raw {
            String::from_utf8_lossy(&noise).into_owned()
        } else {
            let seed = std::fs::read_to_string(
                common::shared().join("jsonstat_conformance").join(doc),
            ).expect("doc");
            String::from_utf8_lossy(&mutate(&seed, ',', &mutations)).into_owned()
        };
        if let Ok(ds) = jsonstat::parse(&text) {
            prop_assert!(ds.values.values().all(|v| v.is_finite()));
            let _ = ds.cells();
        }
    }

    #[test]
    fn csv_importers_never_panic_and_accept_only_valid_values(
        which in 0usize..6,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let dir = tempfile::tempdir().expect("tmp");
        let (name, relative, sep) = [
            ("migration.txt", "un_wpp2024/migration.txt", '\t'),
            ("population.csv", "unhcr_refugees_pkg/population.csv", ','),
            ("API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv", "worldbank_wdi_csv/API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv", ','),
            ("wdi.csv", "iom_gdidata/wdi_and_wpp2024_pop.csv", ','),
            ("bilateral.csv", "iom_gdidata/undesa_ims2024_bilateral_by_sex.csv", ','),
            ("WPP2024_Demographic_Indicators_Medium.csv", "", ','),
        ][which];
        let seed_text = if relative.is_empty() {
            let path = common::fixture("WPP2024_Demographic_Indicators_Medium.csv");
            let text = std::fs::read_to_string(path).expect("fixture");
            text.lines().take(30).collect::<Vec<_>>().join("\n") + "\n"
        } else {
            seed(relative, 30)
        };
        let path = write(dir.path(), name, &mutate(&seed_text, sep, &mutations));
        let mut out = TidyBuilder::new("fuzz");
        let result = match which {
            0 | 5 => un_wpp::import(&path, cw()).map(Some),
            1 => unhcr::import_population_csv(&path, &mut out).map(|_| None),
            2 => worldbank::import_bulk_csv(&path, &mut out).map(|_| None),
            3 => worldbank::import_long(&path, &["nmig", "remin", "remout", "gdp"], &mut out)
                .map(|_| None),
            _ => un_desa_ims::import_bilateral_csv(&path, true, &mut out).map(|_| None),
        };
        match result {
            Ok(Some(frame)) => assert_clean(&frame),
            Ok(None) => assert_clean(&out.finish().expect("frame")),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn xlsx_importer_never_panics(
        mutations in prop::collection::vec(
            prop_oneof![
                (any::<prop::sample::Index>()).prop_map(|i| (0u8, i, 0u8)),
                (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| (1u8, i, b)),
            ],
            1..6,
        ),
        values in prop::collection::vec(prop_oneof![
            any::<f64>(),
            Just(f64::INFINITY),
            Just(-5.0),
            Just(99999.0),
        ], 2),
        header in prop_oneof![Just(1995.0), Just(99999.0), Just(-5.0), Just(1990.0), any::<f64>()],
        raw in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().expect("tmp");
        let bytes = common::ims_origin_workbook(&[1990.0, header], &values);
        let mut bytes = if raw { bytes } else {
            let mut b = bytes;
            for (kind, i, byte) in &mutations {
                if b.is_empty() { break; }
                let at = i.index(b.len());
                if *kind == 0 { b.truncate(at); } else { b[at] ^= byte | 1; }
            }
            b
        };
        if bytes.is_empty() { bytes.push(0); }
        let path = write(dir.path(), "undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx", &bytes);
        let mut out = TidyBuilder::new("fuzz");
        if un_desa_ims::import_origin_workbook(&path, cw(), &mut out).is_ok() {
            assert_clean(&out.finish().expect("frame"));
        }
    }
}
