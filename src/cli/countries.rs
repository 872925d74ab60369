//! `miglab countries [QUERY]`: the code crosswalk and the names in English, Azerbaijani and
//! Russian; any code or name finds a country (`Azərbaycan`, `Россия`, `Turkey`, `TUR`, `792`).

use clap::Args as ClapArgs;
use comfy_table::{ContentArrangement, Table};

use crate::countries::{Country, Crosswalk, LocationKind, DATA_GROUPS, GROUPS};
use crate::error::Error;

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// A code (ISO3, ISO2, UN M49, UNHCR), a name in English, Azerbaijani or Russian, part of a
    /// name, or a group (south-caucasus, central-asia, eastern-partnership, eeca, eu27).
    pub query: Option<String>,
    /// Also list UN regions and groups (aggregates) when no query is given.
    #[arg(long)]
    pub all: bool,
    /// Output format.
    #[arg(long, value_parser = super::args::text_format(), default_value = "table")]
    pub format: crate::export::Format,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let crosswalk = Crosswalk::embedded()?;
    let found: Vec<&Country> = match args.query.as_deref().map(str::trim) {
        None => crosswalk
            .all()
            .iter()
            .filter(|c| args.all || c.kind == LocationKind::Country)
            .collect(),
        Some(q) => {
            let lower = q.to_lowercase();
            let is_group =
                GROUPS.iter().any(|g| g.name == lower) || DATA_GROUPS.iter().any(|g| g.0 == lower);
            if is_group {
                crosswalk
                    .resolve_list(q)?
                    .iter()
                    .filter_map(|code| crosswalk.by_code(code))
                    .collect()
            } else {
                let found = crosswalk.search(q);
                if found.is_empty() {
                    // Former or misspelt names ("Turkey"): show the closest location, and say so.
                    let Some(closest) = crosswalk.closest(q) else {
                        return Err(Error::Unknown {
                            what: "country",
                            name: q.to_string(),
                            hint:
                                "try part of a name (e.g. `miglab countries georg`) or an ISO3 code"
                                    .to_string(),
                        }
                        .into());
                    };
                    eprintln!(
                        "note: no location is named `{q}`; the closest name is {} ({})",
                        closest.name_en, closest.code
                    );
                    vec![closest]
                } else {
                    found
                }
            }
        }
    };
    let header = [
        "code",
        "iso2",
        "m49",
        "unhcr",
        "english",
        "azerbaijani",
        "russian",
    ];
    let row = |c: &Country| {
        [
            c.code.clone(),
            c.iso2.clone(),
            c.m49.clone(),
            c.unhcr_code.clone(),
            c.name_en.clone(),
            c.name_az.clone(),
            c.name_ru.clone(),
        ]
    };
    let text = match args.format {
        crate::export::Format::Table
        | crate::export::Format::Parquet
        | crate::export::Format::Xlsx => {
            let mut table = Table::new();
            table
                .load_preset(crate::output::TABLE_STYLE)
                .set_content_arrangement(ContentArrangement::Disabled)
                .set_header(header);
            for c in &found {
                table.add_row(row(c));
            }
            let mut text = table.to_string();
            text.push_str("\nCodes: UN DESA/IOM country list, UN WPP 2024 locations, UNHCR country list. Names: Unicode CLDR (via ICU4X).\n");
            text
        }
        crate::export::Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(header)?;
            for c in &found {
                w.write_record(row(c))?;
            }
            String::from_utf8(w.into_inner()?)?
        }
        crate::export::Format::Json => serde_json::to_string_pretty(&found)? + "\n",
    };
    super::print_data(&text)
}
