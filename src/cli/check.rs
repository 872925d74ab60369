//! `miglab check "CLAIM"`: checks a quoted migration figure against the official data and says
//! whether it holds, which figure it matches, and under which definition (see [`crate::check`]).

use clap::Args as ClapArgs;
use comfy_table::{CellAlignment, ContentArrangement, Table};
use serde_json::{json, Value};

use crate::catalogue::concepts;
use crate::check;
use crate::check::claim::{self, Claim, Comparator, Concept, QuotedUnit, When};
use crate::check::verdict::{self, Check, Figure, Status};
use crate::countries::Crosswalk;
use crate::error::Error;
use crate::output::{plain_number, readable_number};
use crate::tidy::Sex;

/// Check a quoted migration figure against the official data.
#[derive(Debug, ClapArgs)]
#[command(after_help = crate::check::help::text())]
pub struct Args {
    /// The claim in plain English, e.g. "2 million Azerbaijanis live in Russia" (countries also in Azerbaijani or Russian).
    pub claim: Option<String>,
    /// Check every figure of a text file (`-` for standard input): one verdict per figure.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["claim", "value", "concept", "country", "partner", "year", "sex", "unit"])]
    pub file: Option<std::path::PathBuf>,
    /// Print an HTML report (input escaped).
    #[arg(long, conflicts_with_all = ["json", "card"])]
    pub html: bool,
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
    if let Some(path) = &args.file {
        return run_file(&args, path, crosswalk);
    }
    let claim = build_claim(&args, crosswalk)?;
    let check = verdict::check(claim, crosswalk)?;
    let text = if args.html {
        render_html(&[(title(&check), Ok(check))], crosswalk)
    } else if args.json {
        serde_json::to_string_pretty(&to_json(&check, crosswalk))? + "\n"
    } else if args.card {
        render_card(&check, crosswalk)
    } else {
        render_table(&check, crosswalk)
    };
    super::print_data(&text)
}

/// Reads a text (a file or `-` for standard input), capped in size.
fn read_text(path: &std::path::Path) -> Result<String, Error> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let limit = (check::text::MAX_TEXT_CHARS * 4) as u64;
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::Usage(format!("cannot read standard input: {e}")))?;
    } else {
        let f = std::fs::File::open(path).map_err(|e| {
            Error::Usage(format!(
                "cannot read --file `{}`: {e}\nhint: give a text file, or `-` for standard input",
                crate::escape::for_message(&path.display().to_string(), 200)
            ))
        })?;
        f.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::Usage(format!("cannot read --file: {e}")))?;
    }
    if bytes.len() as u64 > limit {
        return Err(Error::Usage(format!(
            "the text is longer than {} characters\nhint: check an article or a chapter at a time",
            check::text::MAX_TEXT_CHARS
        )));
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `--file`: one verdict per figure of the text; a figure not understood is reported, not fatal.
fn run_file(args: &Args, path: &std::path::Path, cw: &Crosswalk) -> anyhow::Result<()> {
    let text = read_text(path)?;
    let passages = check::text::passages(&text, cw);
    if passages.is_empty() {
        return Err(Error::Usage(
            "no figure found in the text\nhint: a figure is a number that is not a year, e.g. \"84,000\", \"2.5 million\", \"12%\", \"one in five\"".into(),
        )
        .into());
    }
    let results: Vec<(String, Result<Check, String>)> = passages
        .into_iter()
        .map(|p| {
            let r = verdict::check(p.claim, cw).map_err(|e| e.to_string());
            (p.clause, r)
        })
        .collect();
    let out = if args.html {
        render_html(&results, cw)
    } else if args.json {
        let items: Vec<Value> = results
            .iter()
            .map(|(clause, r)| match r {
                Ok(c) => to_json(c, cw),
                Err(e) => json!({"claim": clause, "verdict": {"code": "not_understood", "label": "not understood", "summary": e}}),
            })
            .collect();
        serde_json::to_string_pretty(&Value::Array(items))? + "\n"
    } else {
        let mut s = String::new();
        for (i, (clause, r)) in results.iter().enumerate() {
            match r {
                Ok(c) if args.card => s.push_str(&render_card(c, cw)),
                Ok(c) => {
                    s.push_str(&format!(
                        "[{}] \"{}\"\n",
                        i + 1,
                        crate::escape::for_terminal(clause)
                    ));
                    s.push_str(&format!("    understood: {}\n", understood(c, cw)));
                    s.push_str(&format!(
                        "    verdict: {}{}: {}\n",
                        c.verdict.kind.label().to_uppercase(),
                        c.verdict
                            .difference
                            .as_ref()
                            .map_or(String::new(), |d| format!(" ({d})")),
                        c.verdict.summary
                    ));
                    if let Some(n) = &c.verdict.needed {
                        s.push_str(&format!("    needed: {n}\n"));
                    }
                }
                Err(e) => {
                    let head = if args.card {
                        "### Not understood: "
                    } else {
                        ""
                    };
                    s.push_str(&format!(
                        "{head}[{}] \"{}\"\n    NOT UNDERSTOOD: {}\n",
                        i + 1,
                        crate::escape::for_terminal(clause),
                        crate::escape::for_terminal(e.lines().nth(1).unwrap_or(e).trim())
                    ));
                }
            }
            s.push('\n');
        }
        s
    };
    super::print_data(&out)
}

/// An HTML report: one section per figure, every piece of input escaped.
pub fn render_html(results: &[(String, Result<Check, String>)], cw: &Crosswalk) -> String {
    use crate::escape::html;
    let mut out = String::from("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>miglab fact check</title></head><body>\n");
    for (clause, r) in results {
        out.push_str(&format!("<section>\n<h3>{}</h3>\n", html(clause)));
        match r {
            Ok(c) => {
                out.push_str(&format!(
                    "<p><strong>{}</strong>{}: {}</p>\n<p>Understood: {}</p>\n",
                    html(c.verdict.kind.label()),
                    c.verdict
                        .difference
                        .as_ref()
                        .map_or(String::new(), |d| format!(" ({})", html(d))),
                    html(&c.verdict.summary),
                    html(&understood(c, cw))
                ));
                if let Some(n) = &c.verdict.needed {
                    out.push_str(&format!("<p>Needed: {}</p>\n", html(n)));
                }
                out.push_str("<table><tr><th>figure</th><th>area</th><th>year</th><th>value</th><th>source</th><th>match</th></tr>\n");
                for f in &c.figures {
                    out.push_str(&format!(
                        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td></tr>\n",
                        html(&f.label),
                        html(&area_name(cw, &f.area)),
                        html(&f.when.to_string()),
                        html(&value_text(f)),
                        html(f.unit.as_str()),
                        html(&f.edition),
                        html(&f.status.describe())
                    ));
                }
                out.push_str("</table>\n<ol>\n");
                for p in &c.sources {
                    out.push_str(&format!(
                        "<li>{} Licence: {}. {}</li>\n",
                        html(&p.citation),
                        html(&p.licence),
                        html(&p.url)
                    ));
                }
                out.push_str("</ol>\n");
            }
            Err(e) => out.push_str(&format!(
                "<p><strong>not understood</strong>: {}</p>\n",
                html(e)
            )),
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body></html>\n");
    out
}

fn one_country(cw: &Crosswalk, text: &str, flag: &str) -> Result<String, Error> {
    let lower = text.trim().to_lowercase();
    if crate::countries::group_members(&lower).is_some() {
        return Ok(lower);
    }
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
            .as_ref()
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
                d.text.en,
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
            "key": d.key, "en": d.name.en, "az": d.name.az, "ru": d.name.ru, "definition": d.text.en,
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
                Comparator::Between(_) => "between",
            },
            "low": match q.comparator {
                Comparator::Between(low) => number(low),
                _ => Value::Null,
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
            d.text.en,
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
