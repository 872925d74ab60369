//! `miglab exercise run`: one exercise into a folder a team can use as it is: tables (CSV and
//! XLSX), charts (PNG and SVG), `handout.md`, a self-contained `handout.html` and `slides.md`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use polars::prelude::DataFrame;

use super::{Exercise, Step};
use crate::countries::Crosswalk;
use crate::error::{Error, Result};
use crate::export::{self, Exportable, Format};
use crate::measures::engine;
use crate::measures::MeasureRow;
use crate::output::write_atomically;
use crate::request::notation::Request;
use crate::store;
use crate::Lang;

/// A table computed for a pack.
pub struct Table {
    pub step: Step,
    pub csv: String,
    /// The terminal rendering, with its source lines, for the handout.
    pub text: String,
    /// Citations of the datasets used.
    pub citations: Vec<String>,
    /// Measure rows (for worksheets and answer keys); empty for `data show` tables.
    pub rows: Vec<MeasureRow>,
    /// The rows as a polars frame (measure rows, or the dataset's tidy rows).
    pub frame: DataFrame,
    /// What a reader should know (projections, missing values, years not covered).
    pub warnings: Vec<String>,
}

/// What a pack run wrote.
pub struct Pack {
    pub dir: PathBuf,
    pub tables: Vec<Table>,
    pub charts: Vec<Step>,
}

/// The error of a step, saying which step; the kind (and exit code) stays the cause's.
fn in_step(step: &Step, e: Error) -> Error {
    e.context(format!("step `{}` (`miglab {}`)", step.name, step.command))
}

/// The citation of each dataset named (`unhcr+wpp2024` names two).
fn citations_of(datasets: impl IntoIterator<Item = String>) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for name in datasets {
        for part in name.split('+') {
            let p = store::dataset(part)?.provenance()?;
            let line = format!("{} Licence: {}.", p.citation, p.licence);
            if !out.contains(&line) {
                out.push(line);
            }
        }
    }
    Ok(out)
}

/// A table of a result: CSV and terminal text through the exporters.
fn rendered(step: &Step, item: &dyn Exportable) -> Result<(String, String)> {
    let csv = export::to_text(item, Format::Csv).map_err(|e| in_step(step, e))?;
    let text = export::to_text(item, Format::Table).map_err(|e| in_step(step, e))?;
    Ok((csv, text))
}

/// Computes a table step (`measure ...` or `data show ...`).
pub fn table(step: &Step) -> Result<Table> {
    match &step.request {
        Request::Measure(request) => {
            let result = engine::compute(request).map_err(|e| in_step(step, e))?;
            let (csv, text) = rendered(step, &result)?;
            Ok(Table {
                step: step.clone(),
                csv,
                text,
                citations: citations_of(result.datasets())?,
                rows: result.rows().to_vec(),
                frame: result.frame().clone(),
                warnings: result.warnings().to_vec(),
            })
        }
        Request::Data(query) => {
            let rows = query.run().map_err(|e| in_step(step, e))?;
            let (csv, text) = rendered(step, &rows)?;
            Ok(Table {
                step: step.clone(),
                csv,
                text,
                citations: citations_of([rows.provenance.name.clone()])?,
                rows: Vec::new(),
                frame: rows.frame,
                warnings: rows.warnings,
            })
        }
        Request::Chart(_) => Err(in_step(
            step,
            Error::usage(
                "a table is `measure ...` or `data show ...`",
                "charts go under [[charts]]",
            ),
        )),
    }
}

/// Draws a chart step into `path` (PNG or SVG by extension) in language `lang`.
pub fn chart(step: &Step, path: &Path, lang: Lang) -> Result<()> {
    let Request::Chart(request) = &step.request else {
        return Err(in_step(
            step,
            Error::usage(
                "a chart is `chart <kind> ...`",
                "tables go under [[tables]]",
            ),
        ));
    };
    let request = request.as_ref().clone().lang(lang).out(path);
    crate::chart::draw(&request).map_err(|e| in_step(step, e))?;
    Ok(())
}

fn write_text(path: &Path, text: &str) -> Result<()> {
    write_atomically(path, |f| {
        std::io::Write::write_all(f, text.as_bytes()).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
    })
}

/// Writes CSV text as an xlsx workbook (numbers as numbers) with the sources on a second sheet.
pub fn write_xlsx(path: &Path, csv_text: &str, title: &str, citations: &[String]) -> Result<()> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = workbook.add_worksheet().set_name("data")?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes());
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record?.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(v) if r > 0 && v.is_finite() => sheet.write_number(r, c, v)?,
                _ if r == 0 => sheet.write_string_with_format(r, c, cell, &bold)?,
                _ => sheet.write_string(r, c, cell)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let about = workbook.add_worksheet().set_name("source")?;
    about.write_string_with_format(0, 0, title, &bold)?;
    for (i, c) in citations.iter().enumerate() {
        about.write_string(i as u32 + 2, 0, c)?;
    }
    let bytes = workbook.save_to_buffer()?;
    write_atomically(path, |f| {
        std::io::Write::write_all(f, &bytes).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
    })
}

/// Runs one exercise into `out/<name>/`.
pub fn run(
    exercise: &Exercise,
    countries: Option<&str>,
    lang: Lang,
    out: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<Pack> {
    let crosswalk = Crosswalk::embedded()?;
    let codes = exercise.countries(countries, crosswalk)?;
    let dir = out.join(&exercise.name);
    for sub in ["tables", "charts"] {
        std::fs::create_dir_all(dir.join(sub)).map_err(|source| Error::Write {
            path: dir.join(sub),
            source,
        })?;
    }
    let mut tables = Vec::new();
    for step in exercise.steps(&exercise.tables, &codes)? {
        let t = table(&step)?;
        write_text(&dir.join(format!("tables/{}.csv", step.name)), &t.csv)?;
        write_xlsx(
            &dir.join(format!("tables/{}.xlsx", step.name)),
            &t.csv,
            &step.title,
            &t.citations,
        )?;
        progress(&format!("{}: table {}", exercise.name, step.name));
        tables.push(t);
    }
    let charts = exercise.steps(&exercise.charts, &codes)?;
    for step in &charts {
        for ext in ["png", "svg"] {
            chart(step, &dir.join(format!("charts/{}.{ext}", step.name)), lang)?;
        }
        progress(&format!("{}: chart {}", exercise.name, step.name));
    }
    let pack = Pack {
        dir,
        tables,
        charts,
    };
    let names: Vec<String> = codes
        .iter()
        .map(|c| format!("{} ({c})", crosswalk.name_of(c, lang.code())))
        .collect();
    let handout = handout_markdown(exercise, &pack, &names, false)?;
    write_text(&pack.dir.join("handout.md"), &handout)?;
    let html = handout_html(exercise, &handout_markdown(exercise, &pack, &names, true)?);
    write_text(&pack.dir.join("handout.html"), &html)?;
    write_text(
        &pack.dir.join("slides.md"),
        &slides_markdown(exercise, &pack, &names),
    )?;
    Ok(pack)
}

fn definitions_markdown(exercise: &Exercise) -> String {
    let mut md = String::new();
    for name in &exercise.definitions {
        if let Some(d) = crate::catalogue::quantity(name) {
            let _ = writeln!(
                md,
                "- **{}**: {} — `{}` ({}).",
                d.name,
                d.definition,
                d.formula,
                d.unit.as_str()
            );
        }
    }
    md
}

fn all_citations(pack: &Pack) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in pack.tables.iter().flat_map(|t| t.citations.iter()) {
        if !out.contains(c) {
            out.push(c.clone());
        }
    }
    out
}

/// An inline SVG chart for the self-contained HTML: one raw HTML block (no blank lines inside).
fn inline_svg(path: &Path) -> String {
    let svg = std::fs::read_to_string(path).unwrap_or_default();
    let start = svg.find("<svg").unwrap_or(0);
    svg[start..]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The handout: task, definitions, tables, charts, questions, caveats, sources. With `inline`,
/// charts are embedded SVG (for the self-contained HTML) instead of links to PNG files.
fn handout_markdown(
    exercise: &Exercise,
    pack: &Pack,
    countries: &[String],
    inline: bool,
) -> Result<String> {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# {}\n\n*{}*\n\nCountries: {}.\n",
        exercise.title,
        exercise.curriculum,
        countries.join(", ")
    );
    let _ = writeln!(md, "## Task\n\n{}\n", exercise.task.trim());
    let _ = writeln!(md, "## Definitions\n\n{}", definitions_markdown(exercise));
    if !pack.charts.is_empty() {
        let _ = writeln!(md, "## Charts\n");
        for step in &pack.charts {
            let _ = writeln!(md, "### {}\n", step.title);
            if inline {
                let svg = inline_svg(&pack.dir.join(format!("charts/{}.svg", step.name)));
                let _ = writeln!(md, "<figure>\n{svg}\n</figure>\n");
            } else {
                let _ = writeln!(md, "![{}](charts/{}.png)\n", step.title, step.name);
            }
            if let Ok(alt) =
                std::fs::read_to_string(pack.dir.join(format!("charts/{}.alt.txt", step.name)))
            {
                let _ = writeln!(md, "*{}*\n", alt.trim());
            }
        }
    }
    let _ = writeln!(md, "## Figures\n");
    for t in &pack.tables {
        let _ = writeln!(
            md,
            "### {}\n\n```text\n{}\n```\n\nData: `tables/{name}.csv`, `tables/{name}.xlsx` — made with `miglab {}`.\n",
            t.step.title,
            t.text.trim_end(),
            t.step.command,
            name = t.step.name
        );
    }
    let _ = writeln!(md, "## Questions for the discussion\n");
    for (i, q) in exercise.questions.iter().enumerate() {
        let _ = writeln!(md, "{}. {q}", i + 1);
    }
    let _ = writeln!(md, "\n## Caveats\n");
    for c in &exercise.caveats {
        let _ = writeln!(md, "- {c}");
    }
    if !exercise.unavailable.is_empty() {
        let _ = writeln!(md, "\n## Not available in open data\n");
        for u in &exercise.unavailable {
            let _ = writeln!(md, "- {u}");
        }
    }
    let _ = writeln!(md, "\n## Sources\n");
    for c in all_citations(pack) {
        let _ = writeln!(md, "- {c}");
    }
    let _ = writeln!(
        md,
        "\n---\nMade with miglab {} (`miglab exercise run {}`).",
        env!("CARGO_PKG_VERSION"),
        exercise.name
    );
    Ok(md)
}

fn handout_html(exercise: &Exercise, markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES);
    let mut body = String::new();
    pulldown_cmark::html::push_html(&mut body, parser);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\nbody {{ font-family: \"DejaVu Sans\", \"Noto Sans\", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }}\npre {{ background: #f6f6f6; padding: .75rem; overflow-x: auto; font-size: .8rem; }}\nfigure {{ margin: 1rem 0; }}\nfigure svg {{ width: 100%; height: auto; border: 1px solid #ddd; }}\nh1 {{ border-bottom: 2px solid #0072B2; }}\n</style>\n</head>\n<body>\n{}\n</body>\n</html>\n",
        html_escape(&exercise.title),
        body
    )
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An outline for a 15-minute talk: one slide per idea, the charts in order.
fn slides_markdown(exercise: &Exercise, pack: &Pack, countries: &[String]) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# {}\n\n{}\n\n*{}*\n\n---\n",
        exercise.title,
        countries.join(", "),
        exercise.curriculum
    );
    let _ = writeln!(
        md,
        "## The question (1 min)\n\n{}\n\n---\n",
        exercise.task.trim()
    );
    let _ = writeln!(
        md,
        "## Definitions we use (2 min)\n\n{}\n---\n",
        definitions_markdown(exercise)
    );
    let minutes = if pack.charts.is_empty() {
        0
    } else {
        8 / pack.charts.len().max(1)
    };
    for step in &pack.charts {
        let _ = writeln!(
            md,
            "## {} ({} min)\n\n![{}](charts/{}.png)\n\n---\n",
            step.title,
            minutes.max(1),
            step.title,
            step.name
        );
    }
    let _ = writeln!(md, "## Key figures (2 min)\n");
    for t in &pack.tables {
        let _ = writeln!(md, "- {} — `tables/{}.csv`", t.step.title, t.step.name);
    }
    let _ = writeln!(md, "\n---\n\n## Caveats (1 min)\n");
    for c in &exercise.caveats {
        let _ = writeln!(md, "- {c}");
    }
    let _ = writeln!(md, "\n---\n\n## Sources\n");
    for c in all_citations(pack) {
        let _ = writeln!(md, "- {c}");
    }
    let _ = writeln!(md, "\n---\n\n## Questions for the audience (Q&A)\n");
    for q in &exercise.questions {
        let _ = writeln!(md, "- {q}");
    }
    md
}
