//! A corpus of claims phrased as the press phrases them (many styles per concept, English plus
//! Azerbaijani and Russian), each written around a truth computed here from the published files
//! in ../shared/data with the tests' own readers (never from miglab's output), with the verdict
//! that truth implies. Every verdict appears. `miglab check --file` is run on a paragraph too.

mod common;

use std::collections::HashMap;
use std::sync::OnceLock;

use common::{csv_rows, ims_workbook, miglab, wpp_wide};
use serde_json::Value;

// ---- readers of the published files ----

/// WPP 2024 (thousands in the files) in persons.
fn wpp(file: &str, m49: &str, year: i32) -> f64 {
    (wpp_wide(file, m49, year) * 1000.0).round()
}

fn ims_origin(m49: f64, year: f64) -> f64 {
    ims_workbook(
        "undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx",
        "Table 1",
        m49,
        year,
    )
}

fn ims_destination(m49: f64, year: f64) -> f64 {
    ims_workbook(
        "undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx",
        "Table 1",
        m49,
        year,
    )
}

type Rows = Vec<HashMap<String, String>>;

fn cached(file: &'static str, cell: &'static OnceLock<Rows>) -> &'static Rows {
    cell.get_or_init(|| csv_rows(file))
}

fn bilateral_rows(edition: u32) -> &'static Rows {
    static B2024: OnceLock<Rows> = OnceLock::new();
    static B2020: OnceLock<Rows> = OnceLock::new();
    if edition == 2024 {
        cached("iom_gdidata/undesa_ims2024_bilateral_by_sex.csv", &B2024)
    } else {
        cached("iom_gdidata/undesa_ims2020_bilateral_by_sex.csv", &B2020)
    }
}

/// Bilateral IMS stock, summed over sexes (or one sex) and over origins/destinations given.
fn bilateral(
    edition: u32,
    origins: &[&str],
    dest: Option<&str>,
    year: i32,
    sex: Option<&str>,
) -> f64 {
    let y = year.to_string();
    bilateral_rows(edition)
        .iter()
        .filter(|r| {
            origins.contains(&r["from"].as_str())
                && r["t"] == y
                && dest.is_none_or(|d| r["geo"] == d)
                && sex.is_none_or(|s| r["sex"] == s)
        })
        .map(|r| r["n"].parse::<f64>().expect("n"))
        .sum()
}

/// IOM gdidata's WDI and WPP table: remittances received (`remin`), GDP (`gdp`), current US$.
fn gdi(iso: &str, var: &str, year: i32) -> f64 {
    static ROWS: OnceLock<Rows> = OnceLock::new();
    let y = year.to_string();
    cached("iom_gdidata/wdi_and_wpp2024_pop.csv", &ROWS)
        .iter()
        .find(|r| r["geo"] == iso && r["var"] == var && r["t"] == y)
        .map(|r| r["v"].parse::<f64>().expect("v"))
        .expect("gdidata value")
}

/// UNHCR population.csv: a column summed over the rows whose `side` column is `code`.
fn unhcr(column: &str, side: &str, code: &str, year: i32) -> f64 {
    static ROWS: OnceLock<Rows> = OnceLock::new();
    let y = year.to_string();
    cached("unhcr_refugees_pkg/population.csv", &ROWS)
        .iter()
        .filter(|r| r[side] == code && r["year"] == y)
        .map(|r| r[column].parse::<f64>().unwrap_or(0.0))
        .sum()
}

/// Eurostat first-time asylum applicants (IOM gdidata copy), summed over sexes (or one sex),
/// citizenships and the countries applied to (`None`: every country applied to, single countries
/// only, never the EU27 aggregate with them).
fn eurostat_asylum(nats: &[&str], geos: Option<&[&str]>, year: i32, sex: Option<&str>) -> f64 {
    static ROWS: OnceLock<Rows> = OnceLock::new();
    let y = year.to_string();
    cached("iom_gdidata/eurostat_migr_asyappctza_annual.csv", &ROWS)
        .iter()
        .filter(|r| {
            r["t"] == y
                && (nats.is_empty() || nats.contains(&r["nat"].as_str()))
                && match geos {
                    Some(g) => g.contains(&r["geo"].as_str()),
                    None => r["geo"] != "EU27",
                }
                && sex.is_none_or(|s| r["sex"] == s)
        })
        .map(|r| r["n"].parse::<f64>().expect("n"))
        .sum()
}

/// IDPs of UNHCR: persons displaced inside their own country (origin = asylum country).
fn unhcr_idps(code: &str, year: i32) -> f64 {
    static ROWS: OnceLock<Rows> = OnceLock::new();
    let y = year.to_string();
    cached("unhcr_refugees_pkg/population.csv", &ROWS)
        .iter()
        .filter(|r| r["coa_iso"] == code && r["coo_iso"] == code && r["year"] == y)
        .map(|r| r["idps"].parse::<f64>().unwrap_or(0.0))
        .sum()
}

/// `grouped` with another thousands separator (a space, a no-break or a narrow no-break space).
fn grouped_with(v: f64, sep: &str) -> String {
    grouped(v).replace(',', sep)
}

// ---- writing numbers as the press does ----

fn round_to(v: f64, step: f64) -> f64 {
    (v / step).round() * step
}

/// 84122 -> "84,122" (negative with a leading minus).
fn grouped(v: f64) -> String {
    let n = v.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

fn one_decimal(v: f64) -> String {
    format!("{:.1}", v)
}

struct Case {
    claim: String,
    verdict: &'static str,
}

fn case(claim: String, verdict: &'static str) -> Case {
    Case { claim, verdict }
}

/// The verdict a quote of `quoted` with precision `step` earns against `truth` (the rules of
/// the checker's help: within rounding, at most 5 % -> consistent; within 10 % -> close).
fn expected(quoted: f64, step: f64, truth: f64) -> &'static str {
    let tol = (step / 2.0)
        .min(0.05 * quoted.abs())
        .max(step.min(1.0) / 2.0);
    if (truth - quoted).abs() <= tol + 1e-9 {
        "consistent"
    } else if (truth - quoted).abs() <= 0.1 * truth.abs() {
        "close"
    } else {
        "inconsistent"
    }
}

fn corpus() -> Vec<Case> {
    let mut c = Vec::new();
    // net migration (WPP 2024), many styles
    let aze23 = wpp("migration.txt", "31", 2023);
    c.push(case(
        format!(
            "Net migration in Azerbaijan was {} in 2023",
            grouped(round_to(aze23, 1000.0))
        ),
        "consistent",
    ));
    let kaz21 = wpp("migration.txt", "398", 2021);
    let verb = if kaz21 < 0.0 { "lost" } else { "gained" };
    c.push(case(
        format!(
            "Kazakhstan {verb} {} people through migration in 2021",
            grouped(round_to(kaz21.abs(), 100.0))
        ),
        "consistent",
    ));
    let arm19 = wpp("migration.txt", "51", 2019);
    c.push(case(
        format!(
            "Armenia's migration balance stood at {} in 2019",
            grouped(round_to(arm19, 100.0))
        ),
        "consistent",
    ));
    let geo19 = wpp("migration.txt", "268", 2019);
    c.push(case(
        format!(
            "Georgia recorded net migration of {} in 2019",
            grouped(round_to(geo19 * 3.0, 100.0))
        ),
        "inconsistent",
    ));
    let kgz20 = wpp("migration.txt", "417", 2020);
    c.push(case(
        format!(
            "Net migration in Kyrgyzstan was {} in 2020",
            grouped((kgz20 / 1000.0).round())
        ),
        "matches_different",
    ));
    let tjk22 = wpp("migration.txt", "762", 2022);
    let q = round_to(tjk22 * 1.07, 100.0);
    c.push(case(
        format!("In 2022 net migration in Tajikistan was {}", grouped(q)),
        expected(q, 100.0, tjk22),
    ));
    let mda19 = wpp("migration.txt", "498", 2019);
    assert!(mda19 < 0.0, "the style below needs an outflow");
    c.push(case(
        format!(
            "Moldova saw net emigration of more than {} people in 2019",
            grouped(round_to(mda19.abs() * 0.8, 1000.0))
        ),
        "consistent",
    ));
    let geo22 = wpp("migration.txt", "268", 2022);
    let sign = if geo22 > 0.0 { "positive" } else { "negative" };
    c.push(case(
        format!("Net migration in Georgia turned {sign} in 2022"),
        "consistent",
    ));
    let aze25 = wpp("projection_medium/migrationprojMed.txt", "31", 2025);
    c.push(case(
        format!("Net migration in Azerbaijan was {} in 2025", grouped(aze25)),
        "matches_different",
    ));
    c.push(case(
        "Net migration in Azerbaijan will be -5,000 in 2045".into(),
        "cannot_check",
    ));
    // the rate
    let arm21r = wpp_wide("cnmr.txt", "51", 2021);
    c.push(case(
        format!(
            "The net migration rate of Armenia was {} per 1,000 in 2021",
            one_decimal(arm21r)
        ),
        "consistent",
    ));
    let mda20r = wpp_wide("cnmr.txt", "498", 2020);
    c.push(case(
        format!(
            "Moldova's crude net migration rate was {}% in 2020",
            one_decimal(mda20r)
        ),
        "matches_different",
    ));
    // births and deaths
    let geo22b = wpp("births.txt", "268", 2022);
    c.push(case(
        format!(
            "There were {} births in Georgia in 2022",
            grouped(round_to(geo22b, 100.0))
        ),
        "consistent",
    ));
    let arm21d = wpp("deaths.txt", "51", 2021);
    c.push(case(
        format!(
            "About {} people died in Armenia in 2021",
            grouped(round_to(arm21d, 100.0))
        ),
        "consistent",
    ));
    let kaz20b = wpp("births.txt", "398", 2020);
    c.push(case(
        format!(
            "Births in Kazakhstan reached {} in 2020",
            grouped(round_to(kaz20b * 1.5, 1000.0))
        ),
        "inconsistent",
    ));
    // emigrant stocks (IMS 2024 by origin)
    let aze20e = ims_origin(31.0, 2020.0);
    c.push(case(
        format!(
            "About {} people born in Azerbaijan lived abroad in 2020",
            grouped(round_to(aze20e, 10000.0))
        ),
        "consistent",
    ));
    let geo24e = ims_origin(268.0, 2024.0);
    c.push(case(
        format!(
            "{} thousand Georgians live abroad",
            (geo24e / 1000.0).round()
        ),
        "consistent",
    ));
    let arm20e = ims_origin(51.0, 2020.0);
    c.push(case(
        format!(
            "The Armenian diaspora numbered {} in 2020",
            grouped(round_to(arm20e, 1000.0))
        ),
        "consistent",
    ));
    let kgz20i = ims_destination(417.0, 2020.0);
    c.push(case(
        format!(
            "Some {} Kyrgyz emigrants lived abroad in 2020",
            grouped(round_to(kgz20i, 1000.0))
        ),
        "matches_different",
    ));
    let ukr20e = ims_origin(804.0, 2020.0);
    c.push(case(
        format!(
            "More than {} Ukrainians lived abroad in 2020",
            grouped(round_to(ukr20e * 0.9, 100000.0))
        ),
        "consistent",
    ));
    let uzb20e = ims_origin(860.0, 2020.0);
    c.push(case(
        format!(
            "Fewer than {} Uzbek emigrants lived abroad in 2020",
            grouped(round_to(uzb20e * 0.3, 10000.0))
        ),
        "inconsistent",
    ));
    let geo20e = ims_origin(268.0, 2020.0);
    c.push(case(
        format!(
            "Between {} and {} Georgians lived abroad in 2020",
            grouped(round_to(geo20e * 0.8, 10000.0)),
            grouped(round_to(geo20e * 1.2, 10000.0))
        ),
        "consistent",
    ));
    let kaz20e = ims_origin(398.0, 2020.0);
    c.push(case(
        format!(
            "Up to {} Kazakhs lived abroad in 2020",
            grouped(round_to(kaz20e * 1.3, 100000.0))
        ),
        "consistent",
    ));
    let rus20e = ims_origin(643.0, 2020.0);
    c.push(case(
        format!(
            "At least {} million Russians lived abroad in 2020",
            (rus20e * 0.7 / 1e6).floor()
        ),
        "consistent",
    ));
    let aze20e_2020 = bilateral(2020, &["AZE"], None, 2020, None);
    c.push(case(
        format!(
            "{} people born in Azerbaijan lived abroad in 2020",
            grouped(aze20e_2020)
        ),
        "matches_different",
    ));
    // immigrant stocks (IMS 2024 by destination)
    let rus20i = ims_destination(643.0, 2020.0);
    c.push(case(
        format!(
            "Russia hosted {} million immigrants in 2020",
            one_decimal(rus20i / 1e6)
        ),
        "consistent",
    ));
    let kaz20i = ims_destination(398.0, 2020.0);
    c.push(case(
        format!(
            "Kazakhstan is home to about {} foreign-born residents in 2020",
            grouped(round_to(kaz20i, 10000.0))
        ),
        "consistent",
    ));
    c.push(case(
        format!(
            "{} immigrants lived in Azerbaijan in 2020",
            grouped(round_to(aze20e, 1000.0))
        ),
        "matches_different",
    ));
    // bilateral stocks, places in every form
    let aze_rus = bilateral(2024, &["AZE"], Some("RUS"), 2020, None);
    c.push(case(
        format!(
            "About {} Azerbaijanis live in Russia in 2020",
            grouped(round_to(aze_rus, 1000.0))
        ),
        "consistent",
    ));
    let geo_tur = bilateral(2024, &["GEO"], Some("TUR"), 2020, None);
    c.push(case(
        format!(
            "Nearly {} Georgians lived in Turkey in 2020",
            grouped(round_to(geo_tur, 100.0))
        ),
        "consistent",
    ));
    let arm_rus = bilateral(2024, &["ARM"], Some("RUS"), 2020, None);
    c.push(case(
        format!(
            "{} people born in Armenia live in the Russian Federation in 2020",
            grouped(round_to(arm_rus, 1000.0))
        ),
        "consistent",
    ));
    let tjk_rus = bilateral(2024, &["TJK"], Some("RUS"), 2020, None);
    c.push(case(
        format!(
            "Some {} Tajik nationals lived in Russia in 2020",
            grouped(round_to(tjk_rus, 1000.0))
        ),
        "consistent",
    ));
    let kgz_kaz = bilateral(2024, &["KGZ"], Some("KAZ"), 2020, None);
    c.push(case(
        format!(
            "The number of people born in the Kyrgyz Republic living in Kazakhstan was {} in 2020",
            grouped(round_to(kgz_kaz * 2.0, 1000.0))
        ),
        "inconsistent",
    ));
    let eap = ["ARM", "AZE", "BLR", "GEO", "MDA", "UKR"];
    let eap_rus = bilateral(2024, &eap, Some("RUS"), 2020, None);
    c.push(case(format!("About {} million people born in the Eastern Partnership countries live in Russia in 2020", one_decimal(eap_rus / 1e6)), "consistent"));
    let ca_e: f64 = [398.0, 417.0, 762.0, 795.0, 860.0]
        .iter()
        .map(|m| ims_origin(*m, 2020.0))
        .sum();
    c.push(case(
        format!(
            "Emigrants from Central Asia numbered {} million in 2020",
            one_decimal(ca_e / 1e6)
        ),
        "consistent",
    ));
    let sc_rus = bilateral(2024, &["ARM", "AZE", "GEO"], Some("RUS"), 2020, None);
    c.push(case(
        format!(
            "{} people from the South Caucasus lived in Russia in 2020",
            grouped(round_to(sc_rus, 10000.0))
        ),
        "consistent",
    ));
    // shares
    let ukr_f = 100.0 * bilateral(2024, &["UKR"], None, 2020, Some("female"))
        / bilateral(2024, &["UKR"], None, 2020, None);
    c.push(case(
        format!(
            "Women make up {}% of Ukrainian migrants abroad in 2020",
            ukr_f.round()
        ),
        expected(ukr_f.round(), 1.0, ukr_f),
    ));
    // remittances (WDI via IOM gdidata)
    let kgz_r = 100.0 * gdi("KGZ", "remin", 2019) / gdi("KGZ", "gdp", 2019);
    c.push(case(
        format!(
            "Remittances made up {}% of Kyrgyzstan's GDP in 2019",
            one_decimal(kgz_r)
        ),
        "consistent",
    ));
    let uzb_r = gdi("UZB", "remin", 2022);
    c.push(case(
        format!(
            "Uzbekistan received {} billion dollars in remittances in 2022",
            one_decimal(uzb_r / 1e9)
        ),
        "consistent",
    ));
    let arm_r = gdi("ARM", "remin", 2021);
    c.push(case(
        format!(
            "Armenia received ${}bn in remittances in 2021",
            one_decimal(arm_r / 1e9)
        ),
        "consistent",
    ));
    let geo_r = gdi("GEO", "remin", 2022);
    c.push(case(
        format!(
            "Georgia's remittance inflows reached USD {} billion in 2022",
            one_decimal(geo_r / 1e9)
        ),
        "consistent",
    ));
    let mda_r = gdi("MDA", "remin", 2020);
    c.push(case(
        format!(
            "Remittances to Moldova amounted to {} billion dollars in 2020",
            one_decimal(mda_r * 1.5 / 1e9)
        ),
        "inconsistent",
    ));
    // protection (UNHCR)
    let arm_ref = unhcr("refugees", "coa_iso", "ARM", 2023);
    c.push(case(
        format!(
            "Armenia hosted {} refugees in 2023",
            grouped(round_to(arm_ref, 1000.0))
        ),
        "consistent",
    ));
    let geo_idp = unhcr("idps", "coa_iso", "GEO", 2024);
    c.push(case(
        format!(
            "Georgia hosts {} refugees",
            grouped(round_to(geo_idp, 1000.0))
        ),
        "matches_different",
    ));
    let aze_idp = unhcr("idps", "coa_iso", "AZE", 2022);
    c.push(case(
        format!(
            "Azerbaijan had {} internally displaced persons in 2022",
            grouped(round_to(aze_idp, 1000.0))
        ),
        "consistent",
    ));
    let kaz_st = unhcr("stateless", "coa_iso", "KAZ", 2023);
    c.push(case(
        format!(
            "There were {} stateless persons in Kazakhstan in 2023",
            grouped(round_to(kaz_st, 100.0))
        ),
        "consistent",
    ));
    let rus_as = unhcr("asylum_seekers", "coa_iso", "RUS", 2022);
    c.push(case(
        format!(
            "Russia hosted {} asylum-seekers in 2022",
            grouped(round_to(rus_as, 10.0))
        ),
        "consistent",
    ));
    let ukr_from = unhcr("refugees", "coo_iso", "UKR", 2023);
    c.push(case(
        format!(
            "{} million refugees from Ukraine were registered abroad by UNHCR at the end of 2023",
            one_decimal(ukr_from / 1e6)
        ),
        "consistent",
    ));
    // figures no open annual dataset holds
    c.push(case(
        "Over 100,000 Armenians left in the week after the war began".into(),
        "cannot_check",
    ));
    c.push(case(
        "Some 3 million border crossings were recorded at Georgia's border in 2022".into(),
        "cannot_check",
    ));
    c.push(case(
        "Russia registered 5 million foreign citizens for migration purposes in 2023".into(),
        "cannot_check",
    ));
    c.push(case(
        "Russia issued 1.5 million work permits and patents to Uzbek workers in 2022".into(),
        "cannot_check",
    ));
    let ukr_eu21 = eurostat_asylum(&["UKR"], Some(&["EU27"]), 2021, None);
    c.push(case(
        "Ukrainians filed 20,000 asylum applications in the EU in 2021".into(),
        expected(20000.0, 1000.0, ukr_eu21),
    ));
    c.push(case(
        "In 2021, 12,345 people emigrated from Armenia".into(),
        "cannot_check",
    ));
    // Azerbaijani and Russian
    c.push(case(
        format!(
            "2023-cü ildə Azərbaycanda xalis miqrasiya {} min nəfər olub",
            (aze23 / 1000.0).round()
        ),
        "consistent",
    ));
    c.push(case(
        format!(
            "В 2023 году сальдо миграции в Армении составило {} человек",
            grouped(round_to(wpp("migration.txt", "51", 2023), 100.0)).replace(',', "\u{a0}")
        ),
        "consistent",
    ));
    c.push(case(
        format!(
            "2020-ci ildə Rusiyada {} azərbaycanlı yaşayırdı",
            grouped(round_to(aze_rus, 1000.0)).replace(',', " ")
        ),
        "consistent",
    ));
    c.push(case(
        format!(
            "В 2020 году в России проживали {} уроженцев Таджикистана",
            grouped(round_to(tjk_rus, 1000.0)).replace(',', "\u{202f}")
        ),
        "consistent",
    ));
    c.push(case(
        format!(
            "2022-ci ildə Azərbaycanda {} məcburi köçkün olub",
            grouped(round_to(aze_idp, 1000.0))
        ),
        "consistent",
    ));
    let tjk_r = gdi("TJK", "remin", 2021);
    c.push(case(
        format!(
            "Денежные переводы в Таджикистан составили {} млрд долларов в 2021 году",
            one_decimal(tjk_r / 1e9).replace('.', ",")
        ),
        "consistent",
    ));
    c.push(case(
        format!(
            "Около {} млн мигрантов проживали в России в 2020 году",
            one_decimal(rus20i / 1e6).replace('.', ",")
        ),
        "consistent",
    ));
    c.push(case(
        format!(
            "В 2020 году в Грузии родились {} детей",
            grouped(round_to(wpp("births.txt", "268", 2020), 1000.0))
        ),
        "consistent",
    ));
    // changes and word numbers
    let geo00 = ims_origin(268.0, 2000.0);
    let change = 100.0 * (geo20e - geo00) / geo00;
    let verb = if change < 0.0 { "fell" } else { "rose" };
    c.push(case(
        format!(
            "The number of Georgian emigrants {verb} by {}% between 2000 and 2020",
            change.abs().round()
        ),
        expected(change.abs().round() * change.signum(), 1.0, change),
    ));
    new_forms(&mut c);
    c.push(case(
        format!(
            "Net migration in Belarus was {} thousand in 2020",
            grouped((wpp("migration.txt", "112", 2020) / 1000.0 * 3.0).round())
        ),
        "inconsistent",
    ));
    c
}

/// Claims of the quantities and forms added later: asylum applications (Eurostat), groups for
/// protection figures, women among emigrants by origin, shares in words, ranges, numbers with
/// Russian and Azerbaijani scale words and separators, population change, a quoted annual
/// emigration (compared with flows estimated from stocks, never matched).
fn new_forms(c: &mut Vec<Case>) {
    // first-time asylum applications (Eurostat migr_asyappctza)
    let geo_eu23 = eurostat_asylum(&["GEO"], Some(&["EU27"]), 2023, None);
    c.push(case(
        format!(
            "Georgians lodged {} first-time asylum applications in the EU in 2023",
            grouped(round_to(geo_eu23, 100.0))
        ),
        expected(round_to(geo_eu23, 100.0), 100.0, geo_eu23),
    ));
    let arm_eu22 = eurostat_asylum(&["ARM"], Some(&["EU27"]), 2022, None);
    c.push(case(
        format!(
            "В 2022 году граждане Армении подали {} заявлений на убежище в ЕС",
            grouped_with(arm_eu22, "\u{a0}")
        ),
        "consistent",
    ));
    let aze_eu19 = eurostat_asylum(&["AZE"], Some(&["EU27"]), 2019, None);
    c.push(case(
        format!(
            "Nearly {} Azerbaijani citizens applied for asylum in the European Union in 2019",
            grouped(round_to(aze_eu19, 100.0))
        ),
        expected(round_to(aze_eu19, 100.0), 100.0, aze_eu19),
    ));
    let deu23 = eurostat_asylum(&[], Some(&["DEU"]), 2023, None);
    c.push(case(
        format!(
            "Germany received {} first-time asylum applications in 2023",
            grouped(round_to(deu23 * 0.6, 1000.0))
        ),
        "inconsistent",
    ));
    let geo_fra_f = eurostat_asylum(&["GEO"], Some(&["FRA"]), 2022, Some("female"));
    c.push(case(
        format!(
            "In 2022, {} Georgian women sought asylum in France for the first time",
            grouped(geo_fra_f)
        ),
        "consistent",
    ));
    c.push(case(
        "Tajiks filed 3,000 asylum applications in Russia in 2022".into(),
        "cannot_check",
    ));
    // protection figures for groups (sums of the members' counts)
    let sc_idp: f64 = ["ARM", "AZE", "GEO"]
        .iter()
        .map(|m| unhcr_idps(m, 2023))
        .sum();
    c.push(case(
        format!(
            "The South Caucasus had {} internally displaced persons at the end of 2023",
            grouped(round_to(sc_idp, 1000.0))
        ),
        "consistent",
    ));
    let ca = ["KAZ", "KGZ", "TJK", "TKM", "UZB"];
    let ca_st: f64 = ca
        .iter()
        .map(|m| unhcr("stateless", "coa_iso", m, 2023))
        .sum();
    c.push(case(
        format!(
            "Central Asia was home to some {} stateless persons in 2023",
            grouped(round_to(ca_st, 1000.0))
        ),
        expected(round_to(ca_st, 1000.0), 1000.0, ca_st),
    ));
    let ca_ref: f64 = ca
        .iter()
        .map(|m| unhcr("refugees", "coo_iso", m, 2023))
        .sum();
    c.push(case(
        format!(
            "Refugees from Central Asia numbered about {} in 2023",
            grouped(round_to(ca_ref, 100.0))
        ),
        expected(round_to(ca_ref, 100.0), 100.0, ca_ref),
    ));
    let eap_as: f64 = ["ARM", "AZE", "BLR", "GEO", "MDA", "UKR"]
        .iter()
        .map(|m| unhcr("asylum_seekers", "coa_iso", m, 2022))
        .sum();
    c.push(case(
        format!(
            "Asylum-seekers in the Eastern Partnership countries numbered {} in 2022",
            grouped(round_to(eap_as * 2.0, 100.0))
        ),
        "inconsistent",
    ));
    // women among emigrants, by origin (IMS 2024 bilateral: female over both sexes)
    let geo_f = 100.0 * bilateral(2024, &["GEO"], None, 2020, Some("female"))
        / bilateral(2024, &["GEO"], None, 2020, None);
    c.push(case(
        format!(
            "Women account for {}% of Georgian emigrants in 2020",
            geo_f.round()
        ),
        expected(geo_f.round(), 1.0, geo_f),
    ));
    let arm_f = 100.0 * bilateral(2024, &["ARM"], None, 2020, Some("female"))
        / bilateral(2024, &["ARM"], None, 2020, None);
    c.push(case(
        format!(
            "В 2020 году женщины составляли {}% армянских эмигрантов",
            arm_f.round()
        ),
        expected(arm_f.round(), 1.0, arm_f),
    ));
    // shares in words: emigrants as % of the population at home plus emigrants (IMS origin table,
    // WPP 2024 population as republished by IOM gdidata)
    let arm_e = ims_origin(51.0, 2020.0);
    let arm_share = 100.0 * arm_e / (arm_e + gdi("ARM", "pop", 2020));
    let (words, n, d) = [
        ("a fifth", 1.0, 5.0),
        ("a quarter", 1.0, 4.0),
        ("a third", 1.0, 3.0),
    ]
    .into_iter()
    .min_by(|a, b| {
        (100.0 * a.1 / a.2 - arm_share)
            .abs()
            .total_cmp(&(100.0 * b.1 / b.2 - arm_share).abs())
    })
    .expect("fractions");
    let pct = 100.0 * n / d;
    let step = (pct - 100.0 * n / (d + 1.0)).abs().max(1.0);
    c.push(case(
        format!("About {words} of Armenians lived abroad in 2020"),
        expected(pct, step, arm_share),
    ));
    // ranges, scale words of other languages, separators
    let aze_rus = bilateral(2024, &["AZE"], Some("RUS"), 2020, None);
    c.push(case(
        format!(
            "Between {} and {} Azerbaijanis lived in Russia in 2020",
            grouped(round_to(aze_rus * 0.95, 10000.0)),
            grouped(round_to(aze_rus * 1.05, 10000.0))
        ),
        "consistent",
    ));
    let aze_e = ims_origin(31.0, 2020.0);
    c.push(case(
        format!(
            "Около {} млн уроженцев Азербайджана проживали за рубежом в 2020 году",
            one_decimal(aze_e / 1e6).replace('.', ",")
        ),
        expected(round_to(aze_e, 100_000.0), 100_000.0, aze_e),
    ));
    let geo_tur = bilateral(2024, &["GEO"], Some("TUR"), 2020, None);
    c.push(case(
        format!(
            "2020-ci ildə Türkiyədə {} min gürcü yaşayırdı",
            (geo_tur / 1000.0).round()
        ),
        "consistent",
    ));
    let geo23b = wpp("births.txt", "268", 2023);
    c.push(case(
        format!(
            "2023-cü ildə Gürcüstanda {} min uşaq doğulub",
            (geo23b / 1000.0).round()
        ),
        "consistent",
    ));
    // remittances as % of GDP in Azerbaijani and Russian
    let tjk_r = 100.0 * gdi("TJK", "remin", 2021) / gdi("TJK", "gdp", 2021);
    c.push(case(
        format!(
            "2021-ci ildə pul köçürmələri Tacikistanın ÜDM-nin {}%-ni təşkil edib",
            one_decimal(tjk_r).replace('.', ",")
        ),
        "consistent",
    ));
    let kgz_r = 100.0 * gdi("KGZ", "remin", 2022) / gdi("KGZ", "gdp", 2022);
    c.push(case(
        format!(
            "Денежные переводы составили {}% ВВП Кыргызстана в 2022 году",
            kgz_r.round()
        ),
        expected(kgz_r.round(), 1.0, kgz_r),
    ));
    // the net migration rate in Russian, deaths in Russian, population change
    let kaz22r = wpp_wide("cnmr.txt", "398", 2022);
    c.push(case(
        format!(
            "Коэффициент миграционного прироста в Казахстане составил {} на 1000 человек в 2022 году",
            one_decimal(kaz22r).replace('.', ",")
        ),
        "consistent",
    ));
    let arm21d = wpp("deaths.txt", "51", 2021);
    c.push(case(
        format!(
            "В 2021 году в Армении умерли {} человек",
            grouped_with(round_to(arm21d, 100.0), " ")
        ),
        "consistent",
    ));
    let geo21c = wpp("PopChange.txt", "268", 2021);
    let verb = if geo21c < 0.0 { "shrank" } else { "grew" };
    c.push(case(
        format!(
            "Georgia's population {verb} by {} people in 2021",
            grouped(round_to(geo21c.abs(), 1000.0))
        ),
        expected(round_to(geo21c, 1000.0), 1000.0, geo21c),
    ));
    // a quoted annual emigration: no open data measure it; the estimate from stocks is context
    c.push(case(
        "About 20,000 people emigrate from Armenia every year".into(),
        "cannot_check",
    ));
}

fn check_one(claim: &str) -> Value {
    let out = miglab()
        .args(["check", claim, "--json"])
        .output()
        .expect("run");
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        return serde_json::json!({"verdict": {"code": "not_understood", "summary": err}, "understood": null});
    }
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn corpus_of_press_claims() {
    let cases = corpus();
    assert!(cases.len() >= 85, "{} claims", cases.len());
    let mut failures = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for c in &cases {
        let report = check_one(&c.claim);
        let got = report["verdict"]["code"]
            .as_str()
            .unwrap_or("?")
            .to_string();
        seen.insert(got.clone());
        if got != c.verdict {
            failures.push(format!(
                "{}\n    expected {}, got {got}: {}\n    understood {}",
                c.claim, c.verdict, report["verdict"]["summary"], report["understood"]
            ));
        }
    }
    for v in [
        "consistent",
        "close",
        "inconsistent",
        "matches_different",
        "cannot_check",
    ] {
        assert!(seen.contains(v), "the corpus never reached {v}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} claims wrong:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// `miglab check --file -` on a text: one report per figure.
fn check_text(text: &str) -> Vec<Value> {
    let out = miglab()
        .args(["check", "--file", "-", "--json"])
        .write_stdin(text.to_string())
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    v.as_array().expect("array").clone()
}

#[test]
fn a_paragraph_with_four_figures_gets_four_verdicts() {
    let aze23 = wpp("migration.txt", "31", 2023);
    let arm_ref = unhcr("refugees", "coa_iso", "ARM", 2023);
    let text = format!(
        "Net migration in Azerbaijan was {} in 2023. Armenia hosted {} refugees in 2023, while Georgia hosted 300,000 refugees in 2023.\n\nOver 100,000 Armenians left in the week after the war began.",
        grouped(round_to(aze23, 1000.0)),
        grouped(round_to(arm_ref, 1000.0))
    );
    let reports = check_text(&text);
    let codes: Vec<&str> = reports
        .iter()
        .map(|r| r["verdict"]["code"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(codes.len(), 4, "{codes:?}");
    assert_eq!(codes[0], "consistent");
    assert_eq!(codes[1], "consistent");
    assert_eq!(codes[3], "cannot_check");
}

/// A paragraph reads as a text, not as loose sentences: "most of them in Russia (N)" and
/// "Türkiye was home to N" are the emigrants of the sentence before, "the country" is the one
/// named before, and a sentence without a year keeps the one before.
#[test]
fn a_paragraph_carries_its_subject_from_sentence_to_sentence() {
    let total = ims_origin(31.0, 2024.0);
    let rus = bilateral(2024, &["AZE"], Some("RUS"), 2024, None);
    let tur = bilateral(2024, &["AZE"], Some("TUR"), 2024, None);
    let idps = unhcr_idps("AZE", 2023);
    let text = format!(
        "According to the UN, some {} people born in Azerbaijan lived abroad in 2024, most of them in Russia ({}). Türkiye was home to about {}. The country counted {} internally displaced persons in 2023.",
        grouped(round_to(total, 1000.0)),
        grouped(round_to(rus, 1000.0)),
        grouped(round_to(tur, 1000.0)),
        grouped(idps),
    );
    let reports = check_text(&text);
    assert_eq!(reports.len(), 4, "{text}");
    for (r, partner) in reports.iter().zip([None, Some("RUS"), Some("TUR"), None]) {
        assert_eq!(r["understood"]["country"], "AZE", "{r}");
        if let Some(p) = partner {
            assert_eq!(r["understood"]["partner"], p, "{r}");
        }
        assert_eq!(r["verdict"]["code"], "consistent", "{r}");
    }
}

#[test]
fn html_report_escapes_the_claim() {
    let out = miglab()
        .args([
            "check",
            "Armenia hosted 150,000 refugees <script>x</script> in 2023",
            "--html",
        ])
        .output()
        .expect("run");
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(s.contains("&lt;script&gt;") && !s.contains("<script>"));
}

#[test]
fn non_finite_numbers_are_refused() {
    let out = miglab()
        .args(["check", "Net migration in Azerbaijan was 1e400 in 2023"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1e400"));
}
