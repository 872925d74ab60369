//! `miglab define TERM` and `miglab define --list`: the UN and UNECE definitions of international
//! migration statistics, in English, Azerbaijani and Russian, with their sources and the miglab
//! measure or dataset that follows each.

use clap::Args as ClapArgs;
use comfy_table::{ContentArrangement, Table};
use serde_json::{json, Value};

use crate::check::definitions::{self, Definition, DEFINITIONS};
use crate::error::Error;

/// Definitions used in international migration statistics (UN 1998, UN 2021, UNECE, the refugee and
/// statelessness conventions, the Guiding Principles, Azerbaijani law).
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  miglab define --list
  miglab define \"emigrant stock\"
  miglab define \"məcburi köçkün\"
  miglab define беженец --json")]
pub struct Args {
    /// The term, in English, Azerbaijani or Russian (e.g. "emigrant stock", qaçqın, беженец).
    pub term: Option<String>,
    /// List every term with its names in English, Azerbaijani and Russian.
    #[arg(long, conflicts_with = "term")]
    pub list: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let text = if args.list {
        if args.json {
            let all: Vec<Value> = DEFINITIONS.iter().map(to_json).collect();
            serde_json::to_string_pretty(&all)? + "\n"
        } else {
            render_list()
        }
    } else {
        let Some(term) = args.term.as_deref() else {
            return Err(Error::Usage(
                "give a term (e.g. `miglab define \"emigrant stock\"`) or --list".into(),
            )
            .into());
        };
        let def = definitions::find(term).ok_or_else(|| {
            let hints = definitions::suggest(term);
            let hint = if hints.is_empty() {
                String::new()
            } else {
                format!("; did you mean {}?", hints.join(", "))
            };
            Error::Usage(format!(
                "no definition of `{term}`{hint} (`miglab define --list` shows every term, in English, Azerbaijani and Russian)"
            ))
        })?;
        if args.json {
            serde_json::to_string_pretty(&to_json(def))? + "\n"
        } else {
            render_one(def)
        }
    };
    super::print_data(&text)
}

fn to_json(d: &Definition) -> Value {
    json!({
        "key": d.key,
        "en": d.en,
        "az": d.az,
        "ru": d.ru,
        "kind": d.kind,
        "definition": d.text,
        "sources": d.sources.iter().map(|s| json!({"key": s.key, "citation": s.citation})).collect::<Vec<_>>(),
        "miglab": d.miglab,
        "caveat": d.caveat,
    })
}

/// The list of terms as a terminal table.
pub fn render_list() -> String {
    let mut table = Table::new();
    table
        .load_preset(crate::output::TABLE_STYLE)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(["term (en)", "az", "ru", "kind", "sources"]);
    for d in DEFINITIONS {
        table.add_row([d.en, d.az, d.ru, d.kind, &d.source_keys()]);
    }
    let mut text = table.to_string();
    text.push_str("\n`miglab define TERM` (in English, Azerbaijani or Russian) prints the definition, its sources and the miglab measure that follows it.\n");
    text
}

/// One definition for people.
pub fn render_one(d: &Definition) -> String {
    let mut out = String::new();
    out.push_str(&format!("{} ({}; {})\n", d.en, d.key, d.kind));
    out.push_str(&format!("  az: {}\n  ru: {}\n\n", d.az, d.ru));
    out.push_str(&wrap(d.text, 96, ""));
    out.push('\n');
    out.push_str(&wrap(&format!("In miglab: {}", d.miglab), 96, "  "));
    out.push_str(&wrap(&format!("Watch out: {}", d.caveat), 96, "  "));
    out.push_str("\nSources:\n");
    for s in d.sources {
        out.push_str(&wrap(&format!("- [{}] {}", s.key, s.citation), 96, "  "));
    }
    out.push_str(
        "\nThe definition is a summary in miglab's own words; quote the source documents.\n",
    );
    out
}

/// Word-wraps `text` at `width` columns; continuation lines start with `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = indent.to_string();
        } else if len > 0 && line != indent {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}
