//! `miglab datasets build`: produces every embedded dataset in `datasets/` from the publishers'
//! files (the `../shared/data` layout) with the importers, and writes each provenance sidecar.
//! The output is deterministic: the same inputs give the same files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::{cldr, eurostat, locations, un_desa_ims, un_wpp, unhcr, worldbank};
use crate::countries::Crosswalk;
use crate::error::Result;
use crate::output::{write_atomically, write_parquet};
use crate::provenance::{IndicatorInfo, Provenance, SourceFile};
use crate::tidy::{col, TidyBuilder};

/// Last projection year kept in the embedded `wpp2024` (the curriculum works up to 2030).
pub const LAST_PROJECTION_YEAR: i32 = 2030;

/// What a build produced.
pub struct Built {
    pub provenance: Provenance,
    pub path: PathBuf,
}

fn file(from: &Path, relative: &str, table: &str) -> Result<SourceFile> {
    Ok(SourceFile {
        file: relative.to_string(),
        table: table.to_string(),
        sha256: super::sha256(&from.join(relative))?,
    })
}

/// Per-indicator coverage of a tidy frame, with definitions from `definitions`.
pub fn summarize(frame: &DataFrame, definitions: &[(&str, &str)]) -> Result<Vec<IndicatorInfo>> {
    let indicator = frame.column(col::INDICATOR)?.str()?;
    let year = frame.column(col::YEAR)?.i32()?;
    let projection = frame.column(col::PROJECTION)?.bool()?;
    let origin = frame.column(col::ORIGIN)?.str()?;
    let sex = frame.column(col::SEX)?.str()?;
    let unit = frame.column(col::UNIT)?.str()?;
    #[derive(Default)]
    struct Acc {
        years: std::collections::BTreeSet<i32>,
        first_projection: Option<i32>,
        rows: usize,
        bilateral: bool,
        by_sex: bool,
        unit: String,
    }
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    for i in 0..frame.height() {
        let name = indicator.get(i).unwrap_or_default();
        let a = acc.entry(name.to_string()).or_default();
        let y = year.get(i).unwrap_or_default();
        a.years.insert(y);
        if projection.get(i) == Some(true) {
            a.first_projection = Some(a.first_projection.map_or(y, |p| p.min(y)));
        }
        a.rows += 1;
        a.bilateral |= origin.get(i).is_some();
        a.by_sex |= sex.get(i) != Some("total");
        if a.unit.is_empty() {
            a.unit = unit.get(i).unwrap_or_default().to_string();
        }
    }
    // Keep the order of `definitions` (the order the dataset documents them in).
    let mut out = Vec::new();
    for (name, definition) in definitions {
        if let Some(a) = acc.remove(*name) {
            out.push(IndicatorInfo {
                name: name.to_string(),
                unit: a.unit,
                definition: definition.to_string(),
                first_year: *a.years.first().unwrap_or(&0),
                last_year: *a.years.last().unwrap_or(&0),
                years: a.years.into_iter().collect(),
                first_projection_year: a.first_projection,
                rows: a.rows,
                bilateral: a.bilateral,
                by_sex: a.by_sex,
            });
        }
    }
    Ok(out)
}

fn produced_by(from: &Path) -> String {
    let from = from.file_name().map_or_else(
        || from.display().to_string(),
        |n| format!("../{}", n.to_string_lossy()),
    );
    format!(
        "miglab datasets build --from {from} (miglab {})",
        env!("CARGO_PKG_VERSION")
    )
}

/// Writes a dataset's parquet table and provenance sidecar into `out`.
fn write_dataset(out: &Path, mut frame: DataFrame, provenance: Provenance) -> Result<Built> {
    let path = out.join(format!("{}.parquet", provenance.name));
    // one chunk, so that the file's row groups do not depend on how the importers built it
    frame.rechunk_mut_par();
    write_atomically(&path, |f| write_parquet(&mut frame, f))?;
    let json = serde_json::to_string_pretty(&provenance)? + "\n";
    write_atomically(&out.join(format!("{}.json", provenance.name)), |f| {
        std::io::Write::write_all(f, json.as_bytes()).map_err(|source| crate::error::Error::Write {
            path: out.join(format!("{}.json", provenance.name)),
            source,
        })
    })?;
    Ok(Built { provenance, path })
}

fn wpp_definitions() -> Vec<(&'static str, &'static str)> {
    let mut defs: Vec<(&str, &str)> =
        vec![(un_wpp::POPULATION.name, un_wpp::POPULATION.definition)];
    defs.extend(
        un_wpp::WIDE_FILES
            .iter()
            .map(|(_, _, s)| (s.name, s.definition)),
    );
    defs
}

/// Builds every embedded dataset from `from` into `out`, reporting progress through `progress`.
// Long because it is one block per embedded dataset, each an importer call followed by its
// provenance written out in full (the provenance is data, compared by the build test); the
// newest dataset has its own function.
pub fn build_all(from: &Path, out: &Path, progress: &mut dyn FnMut(&str)) -> Result<Vec<Built>> {
    let names = cldr::RegionNames::load();
    if names.is_none() {
        progress("countries: CLDR names kept from the embedded crosswalk (build with --features datasets-build to refresh them)");
    }
    let previous = Crosswalk::embedded().ok();
    let crosswalk = locations::build(from, names.as_ref(), previous)?;
    let bytes = crosswalk.to_csv()?;
    write_atomically(&out.join("countries.csv"), |f| {
        std::io::Write::write_all(f, &bytes).map_err(|source| crate::error::Error::Write {
            path: out.join("countries.csv"),
            source,
        })
    })?;
    progress(&format!("countries: {} locations", crosswalk.all().len()));
    let by = produced_by(from);
    let mut built = Vec::new();

    // wpp2024
    let mut b = TidyBuilder::new("wpp2024");
    let mut files = un_wpp::import_wide_folder(
        &from.join("un_wpp2024"),
        &crosswalk,
        LAST_PROJECTION_YEAR,
        &mut b,
    )?;
    let pop = "iom_gdidata/wdi_and_wpp2024_pop.csv";
    un_wpp::import_population_long(&from.join(pop), &mut b)?;
    files.push(file(
        from,
        pop,
        "var == pop: WPP 2024 mid-year total population (persons)",
    )?);
    let frame = b.finish()?;
    let provenance = Provenance {
        name: "wpp2024".into(),
        title: "World Population Prospects 2024: demographic indicators incl. net migration".into(),
        publisher: "United Nations, Department of Economic and Social Affairs, Population Division".into(),
        edition: "WPP 2024".into(),
        source: "UN DESA, World Population Prospects 2024".into(),
        citation: "United Nations, DESA, Population Division (2024). World Population Prospects 2024 (estimates 1950-2023, medium-variant projection 2024-2030).".into(),
        url: "https://population.un.org/wpp/".into(),
        licence: "CC BY 3.0 IGO".into(),
        reference_time: "calendar year (1 January - 31 December); population at 1 July; population_end_year at 31 December".into(),
        produced_by: by.clone(),
        notes: vec![
            "Counts published in thousands were converted to persons (x 1,000, rounded to whole persons).".into(),
            format!("Years {}-{LAST_PROJECTION_YEAR} are the WPP 2024 medium-variant projection (flag projection = true).", un_wpp::LAST_ESTIMATE_YEAR + 1),
            "Mid-year population 1950-2023 is WPP 2024 as republished in IOM gdidata's wdi table (persons).".into(),
            "Locations are coded ISO3 for countries and UN M49 numbers for regions and groups.".into(),
        ],
        indicators: summarize(&frame, &wpp_definitions())?,
        rows: frame.height(),
        files,
    };
    built.push(write_dataset(out, frame, provenance)?);
    progress("wpp2024 written");

    // ims2024
    let mut b = TidyBuilder::new("ims2024");
    let destination = "un_desa_ims2024/undesa_pd_2024_ims_stock_by_sex_and_destination.xlsx";
    let origin = "un_desa_ims2024/undesa_pd_2024_ims_stock_by_sex_and_origin.xlsx";
    let bilateral = "iom_gdidata/undesa_ims2024_bilateral_by_sex.csv";
    un_desa_ims::import_destination_workbook(&from.join(destination), &crosswalk, &mut b)?;
    un_desa_ims::import_origin_workbook(&from.join(origin), &crosswalk, &mut b)?;
    un_desa_ims::import_bilateral_csv(&from.join(bilateral), false, &mut b)?;
    let frame = b.finish()?;
    let provenance = Provenance {
        name: "ims2024".into(),
        title: "International Migrant Stock 2024: by destination, by origin, and origin x destination x sex".into(),
        publisher: "United Nations, Department of Economic and Social Affairs, Population Division".into(),
        edition: "IMS 2024 (POP/DB/MIG/Stock/Rev.2024)".into(),
        source: "UN DESA, International Migrant Stock 2024".into(),
        citation: "United Nations, DESA, Population Division (2024). International Migrant Stock 2024 (POP/DB/MIG/Stock/Rev.2024).".into(),
        url: "https://www.un.org/development/desa/pd/content/international-migrant-stock".into(),
        licence: "CC BY 3.0 IGO".into(),
        reference_time: "mid-year (1 July) of 1990, 1995, 2000, 2005, 2010, 2015, 2020 and 2024".into(),
        produced_by: by.clone(),
        notes: vec![
            "immigrant_stock, population, immigrant_share_of_population, female_share_of_immigrants: destination workbook Tables 1-4; population converted from thousands to persons.".into(),
            "emigrant_stock, female_share_of_emigrants: origin workbook Tables 1-2.".into(),
            "migrant_stock (origin x destination): the bilateral table as republished by IOM gdidata v0.3.21; total = female + male. An absent origin-sex pair means insufficient data, not zero.".into(),
            "stock_basis, includes_refugees, imputed: UN DESA data types B/C, R and I of the destination country.".into(),
        ],
        indicators: summarize(&frame, un_desa_ims::DEFINITIONS)?,
        rows: frame.height(),
        files: vec![
            file(from, destination, "Tables 1-4")?,
            file(from, origin, "Tables 1-2")?,
            file(from, bilateral, "undesa_stocks (IOM gdidata v0.3.21)")?,
        ],
    };
    built.push(write_dataset(out, frame, provenance)?);
    progress("ims2024 written");

    // ims2020
    let mut b = TidyBuilder::new("ims2020");
    let bilateral = "iom_gdidata/undesa_ims2020_bilateral_by_sex.csv";
    un_desa_ims::import_bilateral_csv(&from.join(bilateral), true, &mut b)?;
    let frame = b.finish()?;
    let provenance = Provenance {
        name: "ims2020".into(),
        title: "International Migrant Stock 2020: origin x destination x sex, with destination and origin totals".into(),
        publisher: "United Nations, Department of Economic and Social Affairs, Population Division".into(),
        edition: "IMS 2020 (POP/DB/MIG/Stock/Rev.2020)".into(),
        source: "UN DESA, International Migrant Stock 2020".into(),
        citation: "United Nations, DESA, Population Division (2020). International Migrant Stock 2020 (POP/DB/MIG/Stock/Rev.2020).".into(),
        url: "https://www.un.org/development/desa/pd/content/international-migrant-stock".into(),
        licence: "CC BY 3.0 IGO".into(),
        reference_time: "mid-year (1 July) of 1990, 1995, 2000, 2005, 2010, 2015 and 2020".into(),
        produced_by: by.clone(),
        notes: vec![
            "migrant_stock: the bilateral table as republished by IOM gdidata v0.3.21 (undesa_stocks_2020); total = female + male.".into(),
            "immigrant_stock and emigrant_stock are sums of the bilateral table over origins and over destinations (UN DESA's totals are these sums).".into(),
            "The 2024 edition revised former-USSR stocks strongly: compare editions before quoting.".into(),
        ],
        indicators: summarize(&frame, un_desa_ims::DEFINITIONS)?,
        rows: frame.height(),
        files: vec![file(from, bilateral, "undesa_stocks_2020 (IOM gdidata v0.3.21)")?],
    };
    built.push(write_dataset(out, frame, provenance)?);
    progress("ims2020 written");

    // unhcr
    let mut b = TidyBuilder::new("unhcr");
    let population = "unhcr_refugees_pkg/population.csv";
    unhcr::import_population_csv(&from.join(population), &mut b)?;
    let frame = b.finish()?;
    let provenance = Provenance {
        name: "unhcr".into(),
        title: "UNHCR Refugee Population Statistics: refugees, asylum-seekers, IDPs, stateless persons and returns by origin and asylum country".into(),
        publisher: "United Nations High Commissioner for Refugees (UNHCR)".into(),
        edition: "Refugee Population Statistics Database, refugees package v2025.12.1 (Global Trends 2025)".into(),
        source: "UNHCR Refugee Data Finder (v2025.12.1)".into(),
        citation: "UNHCR, Refugee Population Statistics Database (Refugee Data Finder), as released in the refugees data package v2025.12.1.".into(),
        url: "https://www.unhcr.org/refugee-statistics/".into(),
        licence: "CC BY 4.0".into(),
        reference_time: "end of the calendar year for stocks; during the year for returns".into(),
        produced_by: by.clone(),
        notes: vec![
            "origin = country of origin (coo_iso), destination = country of asylum (coa_iso); joined on ISO3 codes, never on UNHCR codes.".into(),
            "Codes UNK (unknown origin), XXA (stateless), TIB (Tibetan) are UNHCR's own.".into(),
            "Empty cells (a category not yet in use) are not stored; reported zeros are.".into(),
        ],
        indicators: summarize(&frame, unhcr::INDICATORS)?,
        rows: frame.height(),
        files: vec![file(from, population, "population")?],
    };
    built.push(write_dataset(out, frame, provenance)?);
    progress("unhcr written");

    // wdi
    let mut b = TidyBuilder::new("wdi");
    let bulk = "worldbank_wdi_csv/API_SM.POP.NETM_DS2_en_csv_v2_3401672.csv";
    let info = worldbank::import_bulk_csv(&from.join(bulk), &mut b)?;
    let long = "iom_gdidata/wdi_and_wpp2024_pop.csv";
    worldbank::import_long(&from.join(long), &["remin", "remout", "gdp"], &mut b)?;
    let frame = b.finish()?;
    let definitions: Vec<(&str, &str)> = worldbank::SERIES
        .iter()
        .map(|s| (s.name, s.definition))
        .collect();
    let provenance = Provenance {
        name: "wdi".into(),
        title: "World Development Indicators: personal remittances, GDP and the net migration vintage".into(),
        publisher: "World Bank".into(),
        edition: format!("WDI; net_migration from the bulk download of {} (WPP 2022-based); remittances and GDP from IOM gdidata v0.3.21 (2025)", info.last_updated),
        source: "World Bank, World Development Indicators".into(),
        citation: format!("World Bank, World Development Indicators: {} (bulk download, last updated {}); BX.TRF.PWKR.CD.DT, BM.TRF.PWKR.CD.DT, NY.GDP.MKTP.CD (via IOM gdidata v0.3.21).", info.indicator_code, info.last_updated),
        url: "https://data.worldbank.org/".into(),
        licence: "CC BY 4.0".into(),
        reference_time: "calendar year".into(),
        produced_by: by,
        notes: vec![
            "net_migration is the older WDI vintage based on WPP 2022 (2022-2023 are WPP 2022 projections): use wpp2024 net_migrants for current figures; keep this one to teach vintages.".into(),
            "Remittances as % of GDP = 100 x remittances_received / gdp (the WDI definition of BX.TRF.PWKR.DT.GD.ZS).".into(),
            "World Bank aggregates (WLD, ECS, ...) are kept with the World Bank's codes.".into(),
        ],
        indicators: summarize(&frame, &definitions)?,
        rows: frame.height(),
        files: vec![file(from, bulk, &info.indicator_code)?, file(from, long, "vars remin, remout, gdp")?],
    };
    built.push(write_dataset(out, frame, provenance)?);
    progress("wdi written");

    built.push(build_eurostat(from, out, &produced_by(from))?);
    progress("eurostat written");
    Ok(built)
}

/// The `eurostat` dataset: first-time asylum applicants by citizenship (migr_asyappctza).
fn build_eurostat(from: &Path, out: &Path, by: &str) -> Result<Built> {
    let mut b = TidyBuilder::new("eurostat");
    let asylum = "iom_gdidata/eurostat_migr_asyappctza_annual.csv";
    eurostat::import_asylum_applicants_csv(&from.join(asylum), &mut b)?;
    let frame = b.finish()?;
    let provenance = Provenance {
        name: "eurostat".into(),
        title: "Eurostat asylum statistics: first-time asylum applicants by citizenship, annual".into(),
        publisher: "Eurostat (European Commission)".into(),
        edition: "migr_asyappctza, last updated 26 May 2025 (via IOM gdidata v0.3.21)".into(),
        source: "Eurostat, migr_asyappctza".into(),
        citation: "Eurostat (2025). Asylum applicants by type of applicant, citizenship, age and sex - annual aggregated data (migr_asyappctza), first-time applicants; last updated 26 May 2025, as republished in IOM gdidata v0.3.21.".into(),
        url: "https://ec.europa.eu/eurostat/databrowser/view/migr_asyappctza/default/table".into(),
        licence: "Eurostat reuse policy".into(),
        reference_time: "calendar year (applications lodged during the year)".into(),
        produced_by: by.to_string(),
        notes: vec![
            "origin = citizenship of the applicant (nat), destination = country applied to (geo); ISO3 codes, and EU27 for Eurostat's EU27_2020 aggregate (from 2013).".into(),
            "Never add the EU27 rows to the member countries' rows: the aggregate already holds them.".into(),
            "total = female + male + sex unknown; Eurostat rounds every cell to 5, so sums of cells can differ from the aggregate by a few persons.".into(),
            "A flow (applications lodged during the year), not the end-year stock of pending cases that UNHCR's asylum_seekers counts.".into(),
        ],
        indicators: summarize(&frame, &[eurostat::ASYLUM_APPLICANTS])?,
        rows: frame.height(),
        files: vec![file(from, asylum, "eu_asyapp (IOM gdidata v0.3.21)")?],
    };
    write_dataset(out, frame, provenance)
}
