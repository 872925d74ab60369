//! `miglab check "CLAIM"`: checks a quoted migration figure against the official data and says
//! whether it holds, which figure it matches, and under which definition (see [`crate::check`]).

use clap::Args as ClapArgs;
use comfy_table::{CellAlignment, ContentArrangement, Table};
use serde_json::{json, Value};

use crate::catalogue::concepts;
use crate::check::claim::{self, Claim, Comparator, Concept, QuotedUnit, When};
use crate::check::verdict::{self, Check, Figure, Status};
use crate::countries::Crosswalk;
use crate::error::Error;
use crate::output::{plain_number, readable_number};
use crate::tidy::Sex;

/// Check a quoted migration figure against the official data.
#[derive(Debug, ClapArgs)]
#[command(after_help = "Examples:
  miglab check \"Net migration in Azerbaijan was minus 84 thousand in 2023\"
  miglab check \"About 790,000 people born in Azerbaijan lived abroad in 2020\" --card
  miglab check \"net migration rate in Armenia was 25 per 1000 in 2023\"
  miglab check --value 2000000 --concept emigrant-stock --country AZE --partner RUS --year 2020 --json

Verdicts: consistent (within the rounding of the quote's precision, at most 5 %), close (within
10 %), inconsistent, matches a different figure (another concept, edition, year or sex, thousands
read as persons, per 1,000 read as per cent, a projection quoted as an observation), cannot be
checked with open data (with the data that would be needed). Flags override the parts of the text.
Exit codes: 0 for any verdict, 1 data errors, 2 when the claim cannot be understood.")]
pub struct Args {
    /// The claim in plain English, e.g. "2 million Azerbaijanis live in Russia" (countries also in Azerbaijani or Russian).
    pub claim: Option<String>,
    /// The quoted figure: 84000, "84 thousand", "minus 84 thousand", -84,122, "25 per 1000", 12%.
    #[arg(long, allow_hyphen_values = true)]
    pub value: Option<String>,
    /// Unit of --value when it carries none (default: persons for counts, the concept's unit for rates).
    #[arg(long, value_enum)]
    pub unit: Option<UnitArg>,
    /// What the figure counts.
    #[arg(long, value_enum)]
    pub concept: Option<Concept>,
    /// The country: ISO3/ISO2 code or name in English, Azerbaijani or Russian.
    #[arg(long)]
    pub country: Option<String>,
    /// The other country of a bilateral figure (where emigrants live, where immigrants or refugees come from).
    #[arg(long)]
    pub partner: Option<String>,
    /// The year (2023) or period (2014-2023).
    #[arg(long)]
    pub year: Option<String>,
    /// total (default), female or male.
    #[arg(long)]
    pub sex: Option<String>,
    /// Print JSON.
    #[arg(long, conflicts_with = "card")]
    pub json: bool,
    /// Print a short markdown fact-check card with citations.
    #[arg(long)]
    pub card: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum UnitArg {
    Persons,
    Thousands,
    Millions,
    #[value(name = "per-1000")]
    PerThousand,
    Percent,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let crosswalk = Crosswalk::embedded()?;
    let claim = build_claim(&args, crosswalk)?;
    let check = verdict::check(claim, crosswalk)?;
    let text = if args.json {
        serde_json::to_string_pretty(&to_json(&check, crosswalk))? + "\n"
    } else if args.card {
        render_card(&check, crosswalk)
    } else {
        render_table(&check, crosswalk)
    };
    super::print_data(&text)
}

fn one_country(cw: &Crosswalk, text: &str, flag: &str) -> Result<String, Error> {
    let codes = cw.resolve_list(text)?;
    match codes.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(Error::Usage(format!(
            "{flag} takes one country, got `{text}` ({}); check one country at a time",
            codes.join(", ")
        ))),
    }
}

/// The claim from the text (if any) with the flags applied over it.
pub fn build_claim(args: &Args, cw: &Crosswalk) -> Result<Claim, Error> {
    let mut claim =
        match args.claim.as_deref() {
            Some(t) if !t.trim().is_empty() => claim::parse(t, cw),
            Some(_) => return Err(Error::Usage(
                "the claim is empty; write it in quotes, or use --value --concept --country --year"
                    .into(),
            )),
            None => Claim::default(),
        };
    if let Some(v) = &args.value {
        let mut q = claim::parse_quantity(v).ok_or_else(|| {
            Error::Usage(format!(
                "invalid --value `{}`; write a number such as 84000, \"84 thousand\", -84,122, \"25 per 1000\" or 12%",
                crate::escape::for_message(v, 200)
            ))
        })?;
        if let Some(u) = args.unit {
            match u {
                UnitArg::Persons => q.unit = QuotedUnit::Persons,
                UnitArg::Thousands | UnitArg::Millions => {
                    let f = if u == UnitArg::Thousands { 1e3 } else { 1e6 };
                    q.value *= f;
                    q.step *= f;
                    q.unit = QuotedUnit::Persons;
                    q.text.push_str(if u == UnitArg::Thousands {
                        " thousand"
                    } else {
                        " million"
                    });
                }
                UnitArg::PerThousand => q.unit = QuotedUnit::PerThousand,
                UnitArg::Percent => q.unit = QuotedUnit::Percent,
            }
        }
        claim.quantity = Some(q);
        claim.problems.retain(|p| !p.contains("figure"));
    } else if args.unit.is_some() {
        return Err(Error::Usage("--unit needs --value".into()));
    }
    if let Some(c) = args.concept {
        claim.concept = Some(c);
    }
    if let Some(c) = &args.country {
        claim.country = Some(one_country(cw, c, "--country")?);
    }
    if let Some(p) = &args.partner {
        claim.partner = Some(one_country(cw, p, "--partner")?);
    }
    if let Some(y) = &args.year {
        claim.when = Some(claim::parse_when(y)?);
        claim.problems.retain(|p| !p.contains("year"));
    }
    if let Some(s) = &args.sex {
        claim.sex = Some(Sex::parse(s).ok_or_else(|| {
            Error::Usage(format!("invalid --sex `{s}`; use total, female or male"))
        })?);
    }
    Ok(claim)
}

fn area_name(cw: &Crosswalk, area: &str) -> String {
    match area.split_once(" -> ") {
        Some((o, d)) => format!("{} -> {}", cw.name_of(o, "en"), cw.name_of(d, "en")),
        None => format!("{} {}", area, cw.name_of(area, "en")),
    }
}

fn value_text(f: &Figure) -> String {
    f.value.map_or_else(
        || "missing".into(),
        |v| readable_number((v * 1000.0).round() / 1000.0),
    )
}

fn when_text(w: When) -> String {
    w.to_string()
}

/// One line that says what was understood.
fn understood(check: &Check, cw: &Crosswalk) -> String {
    let mut parts = vec![
        check.concept.label().to_string(),
        format!("{} ({})", cw.name_of(&check.country, "en"), check.country),
    ];
    if let Some(p) = &check.partner {
        parts.push(format!("partner {} ({p})", cw.name_of(p, "en")));
    }
    parts.push(when_text(check.when));
    if let Some(s) = check.claim.sex.filter(|s| *s != Sex::Total) {
        parts.push(s.as_str().to_string());
    }
    parts.push(format!(
        "{} (quoted as \"{}\"; tolerance ±{})",
        check.quantity.describe(),
        crate::escape::for_terminal(&check.quantity.text),
        readable_number((check.tolerance * 1000.0).round() / 1000.0)
    ));
    parts.join(" · ")
}

fn source_index(check: &Check, dataset: &str) -> usize {
    check
        .sources
        .iter()
        .position(|p| p.name == dataset)
        .map_or(0, |i| i + 1)
}

/// Claims longer than this are cut where they are echoed (the whole claim stays in `--json`).
const CLAIM_ECHO_CHARS: usize = 1000;

/// The claim's text or its parts, as the user gave them (unescaped: see [`terminal_title`] and
/// [`card_title`]).
fn title(check: &Check) -> String {
    match &check.claim.text {
        Some(t) => format!("\"{}\"", crate::escape::truncate(t, CLAIM_ECHO_CHARS)),
        None => format!(
            "{} {} of {}{} in {}",
            check.concept.label(),
            check.quantity.describe(),
            check.country,
            check
                .partner
                .as_ref()
                .map_or(String::new(), |p| format!(" ({p})")),
            check.when
        ),
    }
}

/// The title for a terminal: control characters (ESC, BEL, newlines) shown visibly.
fn terminal_title(check: &Check) -> String {
    crate::escape::for_terminal(&title(check))
}

/// The title for the Markdown card: no HTML element, no inline markup, no new line.
fn card_title(check: &Check) -> String {
    crate::escape::markdown_inline(&title(check))
}

/// The terminal report: claim, verdict, candidate figures, definition, caveats, sources.
pub fn render_table(check: &Check, cw: &Crosswalk) -> String {
    let mut out = String::new();
    out.push_str(&format!("Claim:      {}\n", terminal_title(check)));
    out.push_str(&format!("Understood: {}\n", understood(check, cw)));
    for a in &check.claim.assumptions {
        out.push_str(&format!("Assumed:    {a}\n"));
    }
    out.push_str(&format!(
        "Verdict:    {}{}: {}\n",
        check.verdict.kind.label().to_uppercase(),
        check
            .verdict
            .difference
            .map_or(String::new(), |d| format!(" ({d})")),
        check.verdict.summary
    ));
    if let Some(n) = &check.verdict.needed {
        out.push_str(&format!("Needed:     {n}\n"));
    }
    out.push('\n');
    let mut table = Table::new();
    table
        .load_preset(crate::output::TABLE_STYLE)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header([
            "", "figure", "area", "sex", "year", "value", "unit", "source", "match", "note",
        ]);
    for (i, f) in check.figures.iter().enumerate() {
        let marker = if check.verdict.figure == Some(i) {
            "*"
        } else {
            ""
        };
        let mut note = f.note.clone();
        if f.relation != verdict::Relation::Asked {
            note = if note.is_empty() {
                f.relation.as_str().to_string()
            } else {
                format!("{}; {note}", f.relation.as_str())
            };
        }
        if f.projection && !note.contains("projection") {
            note.push_str("; projection");
        }
        table.add_row([
            marker.to_string(),
            f.label.clone(),
            area_name(cw, &f.area),
            f.sex.as_str().to_string(),
            when_text(f.when),
            value_text(f),
            f.unit.as_str().to_string(),
            format!("[{}] {}", source_index(check, &f.dataset), f.edition),
            f.status.describe(),
            note,
        ]);
    }
    if let Some(c) = table.column_mut(5) {
        c.set_cell_alignment(CellAlignment::Right);
    }
    out.push_str(&table.to_string());
    out.push_str("\n* the figure the verdict rests on. Counts are persons.\n\n");
    if let Some(d) = concepts::by_key(check.concept.definition_key()) {
        out.push_str(&super::define::wrap(
            &format!(
                "Definition: {}: {} ({})",
                d.name.en,
                d.text,
                d.source_keys()
            ),
            100,
            "  ",
        ));
    }
    if !check.caveats.is_empty() {
        out.push_str("Caveats:\n");
        for c in &check.caveats {
            out.push_str(&super::define::wrap(&format!("- {c}"), 100, "  "));
        }
    }
    out.push_str("Sources:\n");
    for (i, p) in check.sources.iter().enumerate() {
        out.push_str(&super::define::wrap(
            &format!(
                "[{}] {} Licence: {}. {}",
                i + 1,
                p.citation,
                p.licence,
                p.url
            ),
            100,
            "  ",
        ));
    }
    out
}

fn status_json(s: &Status) -> Value {
    match s {
        Status::Consistent { reading, diff_pct } => {
            json!({"status": "consistent", "reading": reading.as_str(), "diff_pct": finite(*diff_pct)})
        }
        Status::Close { diff_pct } => json!({"status": "close", "diff_pct": finite(*diff_pct)}),
        Status::Off { diff_pct } => json!({"status": "off", "diff_pct": finite(*diff_pct)}),
        Status::NotCompared => json!({"status": "not_compared"}),
    }
}

fn finite(v: f64) -> Value {
    if v.is_finite() {
        json!((v * 100.0).round() / 100.0)
    } else {
        Value::Null
    }
}

fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

fn when_json(w: When) -> Value {
    match w {
        When::Year(y) => json!(y),
        When::Period(a, b) => json!(format!("{a}-{b}")),
    }
}

/// The check as JSON for programs.
pub fn to_json(check: &Check, cw: &Crosswalk) -> Value {
    let q = &check.quantity;
    let figures: Vec<Value> = check
        .figures
        .iter()
        .map(|f| {
            json!({
                "relation": f.relation.as_str(),
                "figure": f.label,
                "definition": f.definition,
                "dataset": f.dataset,
                "edition": f.edition,
                "indicator": f.indicator,
                "area": f.area,
                "sex": f.sex.as_str(),
                "year": when_json(f.when),
                "value": f.value.map_or(Value::Null, number),
                "unit": f.unit.as_str(),
                "projection": f.projection,
                "note": f.note,
                "match": status_json(&f.status),
            })
        })
        .collect();
    let def = concepts::by_key(check.concept.definition_key()).map(|d| {
        json!({
            "key": d.key, "en": d.name.en, "az": d.name.az, "ru": d.name.ru, "definition": d.text,
            "sources": d.sources.iter().map(|s| s.citation).collect::<Vec<_>>(),
        })
    });
    json!({
        "claim": check.claim.text,
        "understood": {
            "value": number(q.value),
            "unit": q.unit.as_str(),
            "quoted": q.text,
            "comparator": match q.comparator {
                Comparator::Approximately => "about",
                Comparator::AtLeast => "at least",
                Comparator::AtMost => "at most",
            },
            "tolerance": number((check.tolerance * 1000.0).round() / 1000.0),
            "concept": check.concept.flag(),
            "country": check.country,
            "country_name": cw.name_of(&check.country, "en"),
            "partner": check.partner,
            "year": when_json(check.when),
            "sex": check.claim.sex.unwrap_or(Sex::Total).as_str(),
            "says_projection": check.claim.says_projection,
        },
        "assumptions": check.claim.assumptions,
        "verdict": {
            "code": check.verdict.kind.code(),
            "label": check.verdict.kind.label(),
            "difference": check.verdict.difference,
            "summary": check.verdict.summary,
            "needed": check.verdict.needed,
            "figure": check.verdict.figure,
        },
        "figures": figures,
        "definition": def,
        "caveats": check.caveats,
        "sources": check.sources.iter().map(|p| json!({
            "dataset": p.name,
            "edition": p.edition,
            "citation": p.citation,
            "licence": p.licence,
            "url": p.url,
        })).collect::<Vec<_>>(),
    })
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A short markdown fact-check card with citations.
pub fn render_card(check: &Check, cw: &Crosswalk) -> String {
    let mut out = String::new();
    out.push_str(&format!("### Fact check: {}\n\n", card_title(check)));
    out.push_str(&format!(
        "**Verdict: {}.** {}\n\n",
        check.verdict.kind.label(),
        capitalize(&check.verdict.summary)
    ));
    if let Some(n) = &check.verdict.needed {
        out.push_str(&format!("*Data needed to check it:* {n}.\n\n"));
    }
    out.push_str(
        "| Official figure | Area | Year | Value | Source | Match |\n|---|---|---|---|---|---|\n",
    );
    for f in &check.figures {
        let label = if f.sex == Sex::Total {
            f.label.clone()
        } else {
            format!("{} ({})", f.label, f.sex.as_str())
        };
        let label = if f.projection {
            format!("{label}, projection")
        } else {
            label
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} {} | {} [{}] | {} |\n",
            label,
            area_name(cw, &f.area),
            f.when,
            value_text(f),
            f.unit.as_str(),
            f.edition,
            source_index(check, &f.dataset),
            f.status.describe()
        ));
    }
    out.push('\n');
    if let Some(d) = concepts::by_key(check.concept.definition_key()) {
        out.push_str(&format!(
            "**Definition.** {} (az. *{}*, ru. *{}*): {} ({})\n\n",
            capitalize(d.name.en),
            d.name.az,
            d.name.ru,
            d.text,
            d.source_keys()
        ));
    }
    if !check.caveats.is_empty() {
        out.push_str("**Caveats.**\n");
        for c in &check.caveats {
            out.push_str(&format!("- {c}\n"));
        }
        out.push('\n');
    }
    out.push_str("**Sources.**\n");
    for (i, p) in check.sources.iter().enumerate() {
        out.push_str(&format!(
            "{}. {} Licence: {}. <{}>\n",
            i + 1,
            p.citation,
            p.licence,
            p.url
        ));
    }
    if let Some(d) = concepts::by_key(check.concept.definition_key()) {
        out.push_str("\n**Definition sources.**\n");
        for s in d.sources {
            out.push_str(&format!("- {}\n", s.citation));
        }
    }
    out.push_str(&format!(
        "\n*Checked with miglab {} against the open data embedded in it; counts in persons. Quoted: \"{}\", tolerance ±{} {}.*\n",
        env!("CARGO_PKG_VERSION"),
        crate::escape::markdown_inline(&check.quantity.text),
        plain_number((check.tolerance * 1000.0).round() / 1000.0),
        check.quantity.unit.as_str()
    ));
    out
}
