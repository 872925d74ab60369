//! `miglab define TERM` and `miglab define --list`: the UN and UNECE definitions of international
//! migration statistics, in English, Azerbaijani and Russian, with their sources and the miglab
//! measures (formula, unit and source from the catalogue) or datasets that follow each.

use clap::Args as ClapArgs;
use comfy_table::{ContentArrangement, Table};
use serde_json::{json, Value};

use crate::catalogue::concepts::{self, Term, TERMS};
use crate::catalogue::{documents, Measure, Quantity};
use crate::error::Error;
use crate::lang::Lang;

/// Definitions used in international migration statistics (UN 1998, UN 2021, UNECE, the refugee and
/// statelessness conventions, the Guiding Principles, Azerbaijani law).
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  miglab define --list
  miglab define \"emigrant stock\"
  miglab define \"məcburi köçkün\"
  miglab define \"məcburi köçkün\" --lang az
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
    /// Language of the definition, what miglab has and the caveat (JSON always has all three).
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let text = if args.list {
        if args.json {
            let all: Vec<Value> = TERMS.iter().map(to_json).collect();
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
        let def = concepts::find(term).ok_or_else(|| {
            let hints = concepts::suggest(term);
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
            render_one(def, args.lang)
        }
    };
    super::print_data(&text)
}

/// The measures of a term with their main quantity (the catalogue's description of it).
fn measures_of(d: &Term) -> impl Iterator<Item = (&'static Measure, Option<&'static Quantity>)> {
    d.measures.iter().map(|k| {
        let m = k.info();
        (m, crate::catalogue::quantity(m.chart_quantity))
    })
}

fn to_json(d: &Term) -> Value {
    let measures: Vec<Value> = measures_of(d)
        .map(|(m, q)| {
            json!({
                "measure": m.name,
                "quantity": q.map(|q| q.name),
                "formula": q.map(|q| q.formula),
                "unit": q.map(|q| q.unit.as_str()),
                "definition": q.map(|q| q.definition),
                "sources": q.map(|q| q.sources.iter().map(|s| s.key).collect::<Vec<_>>()),
            })
        })
        .collect();
    let translations: Vec<Value> = [Lang::Az, Lang::Ru]
        .iter()
        .map(|l| {
            json!({
                "lang": l.code(),
                "definition": d.text.get(*l),
                "data": d.data.get(*l),
                "caveat": d.caveat.get(*l),
            })
        })
        .collect();
    json!({
        "key": d.key,
        "en": d.name.en,
        "az": d.name.az,
        "ru": d.name.ru,
        "kind": d.kind,
        "definition": d.text.en,
        "sources": d.sources.iter().map(|s| json!({"key": s.key, "citation": s.citation})).collect::<Vec<_>>(),
        "measures": measures,
        "data": d.data.en,
        "caveat": d.caveat.en,
        "translations": translations,
    })
}

/// The list of terms as a terminal table.
pub fn render_list() -> String {
    let mut table = Table::new();
    table
        .load_preset(crate::output::TABLE_STYLE)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(["term (en)", "az", "ru", "kind", "sources", "miglab measure"]);
    for d in TERMS {
        let measures: Vec<&str> = d.measures.iter().map(|k| k.name()).collect();
        table.add_row([
            d.name.en,
            d.name.az,
            d.name.ru,
            d.kind,
            &d.source_keys(),
            &measures.join(", "),
        ]);
    }
    let mut text = table.to_string();
    text.push_str("\n`miglab define TERM` (in English, Azerbaijani or Russian) prints the definition, its sources and the miglab measures that follow it.\n");
    text
}

/// One definition for people, in `lang` (the names always in all three languages).
pub fn render_one(d: &Term, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!("{} ({}; {})\n", d.name.en, d.key, d.kind));
    out.push_str(&format!("  az: {}\n  ru: {}\n\n", d.name.az, d.name.ru));
    out.push_str(&wrap(d.text.get(lang), 96, ""));
    out.push('\n');
    let in_miglab = lang.pick("In miglab", "miglab-da", "В miglab");
    out.push_str(&wrap(
        &format!("{in_miglab}: {}", d.data.get(lang)),
        96,
        "  ",
    ));
    for (m, q) in measures_of(d) {
        let line = match q {
            Some(q) => format!(
                "- `miglab measure {}`: {} = {} ({}; {})",
                m.name,
                q.name,
                q.formula,
                q.unit.as_str(),
                documents::keys(q.sources)
            ),
            None => format!("- `miglab measure {}`", m.name),
        };
        out.push_str(&wrap(&line, 96, "  "));
    }
    let watch = lang.pick("Watch out", "Diqqət", "Обратите внимание");
    out.push_str(&wrap(&format!("{watch}: {}", d.caveat.get(lang)), 96, "  "));
    out.push_str(&format!(
        "\n{}:\n",
        lang.pick("Sources", "Mənbələr", "Источники")
    ));
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
