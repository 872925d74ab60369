//! `miglab exercise run`: one exercise into a folder a team can use as it is: tables (CSV with
//! full precision, XLSX with a long and a wide sheet), charts (PNG and SVG), the findings
//! (`findings.json`), `handout.md`, a self-contained `handout.html` and `slides.md` (a
//! 15-minute talk, Marp Markdown), every text in the chosen language.
//!
//! A pack is written into a temporary folder beside its target and renamed into place when
//! complete, so a killed run leaves the old pack or the new one, never a mix or stale files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use polars::prelude::DataFrame;

use super::findings::{self, Cell, Finding};
use super::i18n::{decimals_of, Arg, Messages};
use super::{Exercise, Item, Step};
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

/// How a citation names its licence; [`Messages::citation`] says it in the pack's language.
pub(crate) const LICENCE: &str = " Licence: ";

/// The citation of each dataset named (`unhcr+wpp2024` names two).
fn citations_of(datasets: impl IntoIterator<Item = String>) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for name in datasets {
        for part in name.split('+') {
            let p = store::dataset(part)?.provenance()?;
            let line = format!("{}{LICENCE}{}.", p.citation, p.licence);
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

pub(crate) fn write_text(path: &Path, text: &str) -> Result<()> {
    write_atomically(path, |f| {
        std::io::Write::write_all(f, text.as_bytes()).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
    })
}

fn write_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// A table as people read it: one row per place (partner) and quantity, one column per year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Wide {
    /// Years or periods, in order.
    pub columns: Vec<String>,
    pub rows: Vec<WideRow>,
    /// Rows left out because every value was zero or missing.
    pub omitted: usize,
    /// Whether any row has a partner (bilateral tables).
    pub bilateral: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WideRow {
    pub place: String,
    pub partner: String,
    pub measure: String,
    pub unit: String,
    pub values: Vec<Option<f64>>,
}

/// The wide form of a table's cells; rows of only zeros or missing values are left out.
pub fn wide(cells: &[Cell]) -> Wide {
    let mut columns: Vec<String> = Vec::new();
    for c in cells {
        if !columns.contains(&c.when) {
            columns.push(c.when.clone());
        }
    }
    columns.sort();
    let mut rows: Vec<WideRow> = Vec::new();
    for c in cells {
        let at = columns.iter().position(|w| *w == c.when).unwrap_or(0);
        let found = rows
            .iter_mut()
            .find(|r| r.place == c.place && r.partner == c.partner && r.measure == c.measure);
        let row = match found {
            Some(r) => r,
            None => {
                rows.push(WideRow {
                    place: c.place.clone(),
                    partner: c.partner.clone(),
                    measure: c.measure.clone(),
                    unit: c.unit.clone(),
                    values: vec![None; columns.len()],
                });
                let last = rows.len() - 1;
                &mut rows[last]
            }
        };
        row.values[at] = c.value;
    }
    let before = rows.len();
    // A row that reads as zero everywhere (at the decimals shown) says nothing in a table.
    let shown_nonzero =
        |v: f64, unit: &str| v.abs() >= 0.5 * 10f64.powi(-i32::from(decimals_of(v, unit)));
    rows.retain(|r| {
        r.values
            .iter()
            .any(|v| v.is_some_and(|v| shown_nonzero(v, &r.unit)))
    });
    Wide {
        columns,
        omitted: before - rows.len(),
        bilateral: rows.iter().any(|r| !r.partner.is_empty()),
        rows,
    }
}

/// A Markdown table (a real `<table>` in the HTML handout), numbers rounded for reading.
fn wide_markdown(w: &Wide, m: &Messages) -> String {
    let mut head = vec![m.chart_word("country")];
    if w.bilateral {
        head.push(m.text("col-partner"));
    }
    head.extend([m.text("col-measure"), m.text("col-unit")]);
    head.extend(w.columns.iter().cloned());
    let mut md = format!("| {} |\n", head.join(" | "));
    let fixed = if w.bilateral { 4 } else { 3 };
    let align: Vec<&str> = (0..head.len())
        .map(|i| if i < fixed { "---" } else { "---:" })
        .collect();
    let _ = writeln!(md, "|{}|", align.join("|"));
    for r in &w.rows {
        let mut cells = vec![m.place(&r.place)];
        if w.bilateral {
            cells.push(m.place(&r.partner));
        }
        cells.extend([m.measure(&r.measure), m.unit(&r.unit)]);
        cells.extend(r.values.iter().map(|v| match v {
            Some(v) => m.number(*v, &r.unit),
            None => "–".to_string(),
        }));
        let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "/")).collect();
        let _ = writeln!(md, "| {} |", cells.join(" | "));
    }
    if w.omitted > 0 {
        let _ = writeln!(
            md,
            "\n*{}*",
            m.get("rows-omitted", &[("count", Arg::Number(w.omitted as f64))])
        );
    }
    md
}

/// Writes CSV text as an xlsx workbook (numbers as numbers) with the sources on a second sheet.
pub fn write_xlsx(path: &Path, csv_text: &str, title: &str, citations: &[String]) -> Result<()> {
    write_workbook(path, csv_text, None, title, citations)
}

/// The workbook: the wide sheet (as people read it, shown rounded, stored exact) when given,
/// the long sheet (`data`), and the sources.
fn write_workbook(
    path: &Path,
    csv_text: &str,
    wide: Option<(&Wide, &Messages)>,
    title: &str,
    citations: &[String],
) -> Result<()> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    if let Some((w, m)) = wide {
        let sheet = workbook.add_worksheet().set_name("wide")?;
        let mut head = vec![m.chart_word("country")];
        if w.bilateral {
            head.push(m.text("col-partner"));
        }
        head.extend([m.text("col-measure"), m.text("col-unit")]);
        head.extend(w.columns.iter().cloned());
        for (c, h) in head.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &bold)?;
        }
        for (r, row) in w.rows.iter().enumerate() {
            let r = r as u32 + 1;
            let mut labels = vec![m.place(&row.place)];
            if w.bilateral {
                labels.push(m.place(&row.partner));
            }
            labels.extend([m.measure(&row.measure), m.unit(&row.unit)]);
            for (c, l) in labels.iter().enumerate() {
                sheet.write_string(r, c as u16, l)?;
            }
            for (i, v) in row.values.iter().enumerate() {
                if let Some(v) = v {
                    let decimals = decimals_of(*v, &row.unit);
                    let pattern = match decimals {
                        0 => "#,##0".to_string(),
                        d => format!("#,##0.{}", "0".repeat(usize::from(d))),
                    };
                    let f = rust_xlsxwriter::Format::new().set_num_format(&pattern);
                    sheet.write_number_with_format(r, (labels.len() + i) as u16, *v, &f)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofit();
    }
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
        let c = wide.map_or_else(|| c.clone(), |(_, m)| m.citation(c));
        about.write_string(i as u32 + 2, 0, &c)?;
    }
    let bytes = workbook.save_to_buffer()?;
    write_atomically(path, |f| {
        std::io::Write::write_all(f, &bytes).map_err(write_err(path))
    })
}

/// How a pack is run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Countries instead of the exercise's own (codes, names or groups).
    pub countries: Option<String>,
    pub lang: Lang,
    /// Chart size `WxH` (e.g. `1600x1200` for 4:3 rooms); the charts' default otherwise.
    pub size: Option<String>,
    /// The period of the annual series (first, last year) instead of the exercise's own; stock
    /// years stay ([`crate::exercise::Step::over_period`]).
    pub years: Option<(i32, i32)>,
}

/// A period of annual series, `FIRST-LAST` (`2005-2024`).
pub fn period(text: &str) -> Result<(i32, i32)> {
    crate::query::YearSet::parse(text)?.series().ok_or_else(|| {
        Error::Usage(format!(
            "--years `{text}` is not a period: give the first and last year of the annual series, e.g. 2005-2024"
        ))
    })
}

impl RunOptions {
    /// The steps of an exercise's items for this run: countries filled in, titles in the run's
    /// language, annual series over the period asked for.
    pub fn steps(
        &self,
        exercise: &Exercise,
        items: &[Item],
        codes: &[String],
    ) -> Result<Vec<Step>> {
        let steps = exercise.steps_in(items, codes, self.lang)?;
        Ok(match self.years {
            Some(period) => steps.into_iter().map(|s| s.over_period(period)).collect(),
            None => steps,
        })
    }

    /// Checks the period against the exercise: it must have an annual series.
    pub fn check(&self, exercise: &Exercise) -> Result<()> {
        if self.years.is_some() && !exercise.has_series() {
            return Err(Error::Usage(format!(
                "{} has no annual series to run over other years: its years are census and stock years fixed by the task; leave out --years",
                exercise.name
            )));
        }
        Ok(())
    }
}

/// The prefix of a pack's temporary folder: the sweeping of `.miglab-*.part` covers it, and the
/// process id lets the next run remove the folders of runs that were killed.
const STAGING: &str = ".miglab-pack-";

/// A temporary folder in `out` for a pack (or a team folder) being written; the folders of
/// killed runs are swept first.
pub(crate) fn staging_dir(out: &Path, name: &str) -> Result<PathBuf> {
    sweep_killed_runs(out);
    let dir = tempfile::Builder::new()
        .prefix(&format!("{STAGING}{}-{name}-", std::process::id()))
        .suffix(".part")
        .tempdir_in(out)
        .map_err(write_err(out))?;
    Ok(dir.keep())
}

/// Removes the temporary folders of runs that are no longer running (and, through
/// [`crate::sources::cache::sweep_stale_parts`], any old temporary file).
pub fn sweep_killed_runs(out: &Path) {
    crate::sources::cache::sweep_stale_parts(out);
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    // Without /proc (not Linux) only the age rule of `sweep_stale_parts` applies.
    if !Path::new("/proc/self").exists() {
        return;
    }
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(STAGING) else {
            continue;
        };
        let pid = rest.split('-').next().unwrap_or_default();
        let alive = pid.parse::<u32>().is_ok_and(|pid| {
            pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists()
        });
        if !alive && name.ends_with(".part") {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Moves a complete pack from its temporary folder into place, replacing an earlier one.
pub(crate) fn publish(staged: &Path, target: &Path) -> Result<()> {
    let parent = target.parent().unwrap_or(Path::new("."));
    if target.exists() {
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned());
        let old = tempfile::Builder::new()
            .prefix(&format!(
                "{STAGING}{}-{}-old-",
                std::process::id(),
                name.unwrap_or_default()
            ))
            .suffix(".part")
            .tempdir_in(parent)
            .map_err(write_err(parent))?
            .keep();
        // rename() needs the place free: the old pack moves aside first, then goes.
        std::fs::remove_dir(&old).map_err(write_err(&old))?;
        std::fs::rename(target, &old).map_err(write_err(target))?;
        std::fs::rename(staged, target).map_err(write_err(target))?;
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(staged, target).map_err(write_err(target))?;
    }
    Ok(())
}

/// Everything a pack shows, computed before it is written.
struct Contents<'a> {
    exercise: &'a Exercise,
    m: Messages,
    countries: Vec<String>,
    tables: Vec<(Table, Wide)>,
    charts: Vec<(Step, Option<String>)>,
    findings: Vec<(Finding, Option<String>)>,
    /// Optional tables without rows for this selection.
    empty: Vec<Step>,
}

/// Runs one exercise into `out/<name>/` (staged, then renamed into place).
pub fn run(
    exercise: &Exercise,
    options: &RunOptions,
    out: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<Pack> {
    let crosswalk = Crosswalk::embedded()?;
    let codes = exercise.countries(options.countries.as_deref(), crosswalk)?;
    options.check(exercise)?;
    std::fs::create_dir_all(out).map_err(write_err(out))?;
    let target = out.join(&exercise.name);
    let staged = staging_dir(out, &exercise.name)?;
    let result = write_pack(exercise, options, &codes, &staged, progress);
    let contents = match result {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e);
        }
    };
    publish(&staged, &target)?;
    Ok(Pack {
        dir: target,
        tables: contents.0,
        charts: contents.1,
    })
}

/// Writes the whole pack into `dir`.
fn write_pack(
    exercise: &Exercise,
    options: &RunOptions,
    codes: &[String],
    dir: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<(Vec<Table>, Vec<Step>)> {
    let lang = options.lang;
    let m = Messages::new(lang)?;
    for sub in ["tables", "charts"] {
        std::fs::create_dir_all(dir.join(sub)).map_err(write_err(&dir.join(sub)))?;
    }
    let optional: Vec<Item> = exercise
        .tables
        .iter()
        .filter(|i| i.optional)
        .cloned()
        .collect();
    let optional: Vec<String> = exercise
        .steps(&optional, codes)?
        .into_iter()
        .map(|s| s.name)
        .collect();
    let mut tables = Vec::new();
    let mut empty = Vec::new();
    for step in options.steps(exercise, &exercise.tables, codes)? {
        let t = match table(&step) {
            Ok(t) => t,
            // A data error (exit 1) of an optional table: no rows for this country.
            Err(e) if optional.contains(&step.name) && e.exit_code() == 1 => {
                progress(&format!("{}: table {}: no rows", exercise.name, step.name));
                empty.push(step);
                continue;
            }
            Err(e) => return Err(e),
        };
        let w = wide(&findings::cells(&t.csv));
        write_text(&dir.join(format!("tables/{}.csv", step.name)), &t.csv)?;
        write_workbook(
            &dir.join(format!("tables/{}.xlsx", step.name)),
            &t.csv,
            Some((&w, &m)),
            &step.title,
            &t.citations,
        )?;
        progress(&format!("{}: table {}", exercise.name, step.name));
        tables.push((t, w));
    }
    let charts = options.steps(exercise, &exercise.charts, codes)?;
    let linked = chart_tables(exercise, codes);
    let places: Vec<String> = codes.iter().map(|c| m.place(c)).collect();
    for step in &charts {
        let sized = prepared(step, options.size.as_deref(), dir, &places.join(", "))?;
        for ext in ["png", "svg"] {
            chart(
                &sized,
                &dir.join(format!("charts/{}.{ext}", step.name)),
                lang,
            )?;
        }
        progress(&format!("{}: chart {}", exercise.name, step.name));
    }
    let cells: Vec<(String, Vec<Cell>)> = tables
        .iter()
        .map(|(t, _)| (t.step.name.clone(), findings::cells(&t.csv)))
        .collect();
    let mut found = Vec::new();
    for spec in &exercise.findings {
        for f in findings::compute(spec, &cells) {
            found.push((f, spec.policy.clone()));
        }
    }
    let json = serde_json::to_string_pretty(&found.iter().map(|(f, _)| f).collect::<Vec<_>>())
        .map_err(|e| Error::Write {
            path: dir.join("findings.json"),
            source: std::io::Error::other(e),
        })?;
    write_text(&dir.join("findings.json"), &json)?;
    let names: Vec<String> = codes
        .iter()
        .map(|c| format!("{} ({c})", m.place(c)))
        .collect();
    let contents = Contents {
        exercise,
        m,
        countries: names,
        tables,
        charts: charts.into_iter().zip(linked).collect(),
        findings: found,
        empty,
    };
    write_text(
        &dir.join("handout.md"),
        &handout_markdown(&contents, dir, false),
    )?;
    let html = handout_html(&contents, &handout_markdown(&contents, dir, true));
    write_text(&dir.join("handout.html"), &html)?;
    write_text(&dir.join("slides.md"), &slides_markdown(&contents))?;
    let tables = contents.tables.into_iter().map(|(t, _)| t).collect();
    let charts = contents.charts.into_iter().map(|(s, _)| s).collect();
    Ok((tables, charts))
}

/// A chart step ready to draw: `{pack}` (a chart drawn from one of the pack's own tables, e.g.
/// `--from {pack}/tables/idps.csv`) is the pack's folder, and `--size` the run's.
fn prepared(step: &Step, size: Option<&str>, dir: &Path, places: &str) -> Result<Step> {
    let mut step = step.clone();
    if let Request::Chart(request) = &mut step.request {
        if let crate::chart::ChartData::TidyCsv(csv) = &mut request.data {
            let path = csv.path.to_string_lossy();
            csv.path = PathBuf::from(path.replace("{pack}", &dir.display().to_string()));
            // A table of the pack (e.g. IDPs, origin = destination) is about its countries, not
            // about people born in one and living in another.
            if request.subtitle.is_none() {
                request.subtitle = Some(places.to_string());
            }
        }
        if let Some(size) = size {
            request.size = crate::chart::parse_size(size)?;
        }
        // The step's title (in the pack's language) names what the chart shows, e.g. which
        // edition: the chart's own title is only the quantity's.
        if request.title.is_none() {
            request.title = Some(step.title.clone());
        }
    }
    Ok(step)
}

/// The table each chart step draws on (for the numbers on its slide), in step order.
fn chart_tables(exercise: &Exercise, codes: &[String]) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for item in &exercise.charts {
        let fill = |c: &str| item.table.as_ref().map(|t| t.replace("{country}", c));
        if item.for_each_country {
            out.extend(codes.iter().map(|c| fill(c)));
        } else {
            out.push(fill(""));
        }
    }
    out
}

fn definitions_markdown(exercise: &Exercise, m: &Messages) -> String {
    let mut md = String::new();
    for name in &exercise.definitions {
        if let Some(d) = crate::catalogue::quantity(name) {
            // The catalogue's formulas are written in English words: the caption says it in
            // the reader's language, and English packs add the formula.
            let formula = match m.lang {
                Lang::En => format!(" — `{}`", d.formula),
                _ => String::new(),
            };
            let _ = writeln!(
                md,
                "- **{}**: {}{formula} ({}).",
                d.title.get(m.lang),
                d.caption.get(m.lang),
                m.unit(d.unit.as_str())
            );
        }
    }
    md
}

/// Every table's citations, once each, with the licence named in the pack's language.
fn all_citations(tables: &[(Table, Wide)], m: &Messages) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in tables.iter().flat_map(|(t, _)| t.citations.iter()) {
        let c = m.citation(c);
        if !out.contains(&c) {
            out.push(c);
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

/// The handout: task, context, definitions, findings, charts, tables, questions, caveats,
/// sources. With `inline`, charts are embedded SVG (for the self-contained HTML).
fn handout_markdown(c: &Contents, dir: &Path, inline: bool) -> String {
    let (e, m) = (c.exercise, &c.m);
    let texts = e.texts(m.lang);
    let mut md = String::new();
    let countries = m.get("countries-line", &[("list", c.countries.join(", ").into())]);
    let _ = writeln!(
        md,
        "# {}\n\n*{}*\n\n{countries}\n",
        texts.title, texts.curriculum
    );
    let _ = writeln!(
        md,
        "## {}\n\n{}\n",
        m.text("heading-task"),
        texts.task.trim()
    );
    if !texts.context.is_empty() {
        let _ = writeln!(
            md,
            "## {}\n\n{}\n",
            m.text("heading-context"),
            texts.context.trim()
        );
    }
    let _ = writeln!(
        md,
        "## {}\n\n{}",
        m.text("heading-definitions"),
        definitions_markdown(e, m)
    );
    let _ = writeln!(md, "## {}\n", m.text("heading-findings"));
    for (f, _) in &c.findings {
        let _ = writeln!(md, "- {}", findings::sentence(f, m));
    }
    if !c.charts.is_empty() {
        let _ = writeln!(md, "\n## {}\n", m.text("heading-charts"));
        for (step, _) in &c.charts {
            let _ = writeln!(md, "### {}\n", step.title);
            if inline {
                let svg = inline_svg(&dir.join(format!("charts/{}.svg", step.name)));
                let _ = writeln!(md, "<figure>\n{svg}\n</figure>\n");
            } else {
                let _ = writeln!(md, "![{}](charts/{}.png)\n", step.title, step.name);
            }
            if let Ok(alt) =
                std::fs::read_to_string(dir.join(format!("charts/{}.alt.txt", step.name)))
            {
                let _ = writeln!(md, "*{}*\n", alt.trim());
            }
        }
    }
    let _ = writeln!(md, "\n## {}\n", m.text("heading-figures"));
    for (t, w) in &c.tables {
        let files = format!("`tables/{n}.csv`, `tables/{n}.xlsx`", n = t.step.name);
        let made = m.get(
            "data-files",
            &[
                ("files", files.into()),
                ("command", format!("miglab {}", t.step.command).into()),
            ],
        );
        let _ = writeln!(md, "### {}\n", t.step.title);
        let _ = writeln!(
            md,
            "<div class=\"table\">\n\n{}\n</div>\n",
            wide_markdown(w, m)
        );
        let _ = writeln!(md, "{made}\n");
    }
    for step in &c.empty {
        let none = m.get(
            "table-empty",
            &[("command", format!("miglab {}", step.command).into())],
        );
        let _ = writeln!(md, "### {}\n\n{none}\n", step.title);
    }
    let lists = [
        ("heading-questions", &texts.questions, true),
        ("heading-caveats", &texts.caveats, false),
        ("heading-unavailable", &texts.unavailable, false),
    ];
    for (heading, items, numbered) in lists {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(md, "## {}\n", m.text(heading));
        for (i, q) in items.iter().enumerate() {
            if numbered {
                let _ = writeln!(md, "{}. {q}", i + 1);
            } else {
                let _ = writeln!(md, "- {q}");
            }
        }
        md.push('\n');
    }
    let _ = writeln!(md, "## {}\n", m.text("heading-sources"));
    for cite in all_citations(&c.tables, m) {
        let _ = writeln!(md, "- {cite}");
    }
    let made = m.get(
        "made-with",
        &[
            ("version", env!("CARGO_PKG_VERSION").into()),
            ("command", format!("miglab exercise run {}", e.name).into()),
        ],
    );
    let _ = writeln!(md, "\n---\n{made}");
    md
}

fn handout_html(c: &Contents, markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES);
    let mut body = String::new();
    pulldown_cmark::html::push_html(&mut body, parser);
    let title = c.exercise.texts(c.m.lang).title;
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
        lang = c.m.lang.code(),
        title = html_escape(&title),
    )
}

const STYLE: &str = "body { font-family: \"DejaVu Sans\", \"Noto Sans\", Arial, sans-serif; max-width: 76rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; border: 1px solid #ddd; }
h1 { border-bottom: 2px solid #0072B2; }
div.table { overflow-x: auto; }
table { border-collapse: collapse; font-size: .78rem; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .15rem .3rem; vertical-align: top; }
td:nth-child(-n+3) { min-width: 6rem; }
th { background: #f0f4f8; }
td[style*=\"right\"], th[style*=\"right\"] { white-space: nowrap; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #fafafa; }
";

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Minutes of the talk, in half minutes: 30 halves = 15 minutes.
const TALK_HALVES: usize = 30;

/// The time of each slide in half minutes: fixed slides first, the rest shared by the charts.
fn budget(fixed: &[usize], charts: usize) -> Vec<usize> {
    let used: usize = fixed.iter().sum();
    let left = TALK_HALVES.saturating_sub(used);
    let mut out = fixed.to_vec();
    if charts == 0 {
        // No chart: the findings slide (second to last fixed one) gets the time.
        if let Some(f) = out.get_mut(fixed.len().saturating_sub(3)) {
            *f += left;
        }
        return out;
    }
    for i in 0..charts {
        out.push(left / charts + usize::from(i < left % charts));
    }
    out
}

fn minutes(m: &Messages, halves: usize) -> String {
    let v = halves as f64 / 2.0;
    let text = m.number_with(v, u8::from(!halves.is_multiple_of(2)));
    m.get("slide-minutes", &[("minutes", Arg::Text(text))])
}

/// Up to three findings on a chart's table for its slide, those not shown on an earlier slide
/// first (two charts of one table show different figures).
fn chart_numbers<'a>(
    found: &'a [(Finding, Option<String>)],
    table: Option<&str>,
    used: &mut [bool],
) -> Vec<&'a Finding> {
    let Some(table) = table else {
        return Vec::new();
    };
    let on_table: Vec<usize> = (0..found.len())
        .filter(|&i| found[i].0.points.iter().any(|p| p.table == table))
        .collect();
    let mut picked: Vec<usize> = on_table
        .iter()
        .copied()
        .filter(|&i| !used[i])
        .take(3)
        .collect();
    for &i in &on_table {
        if picked.len() >= 2 {
            break;
        }
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked.sort_unstable();
    for &i in &picked {
        used[i] = true;
    }
    picked.into_iter().map(|i| &found[i].0).collect()
}

/// A 15-minute talk (Marp Markdown): title, question, context, definitions, one slide per chart
/// with its numbers, findings, policy prompts, caveats, sources; then questions for the audience.
fn slides_markdown(c: &Contents) -> String {
    let (e, m) = (c.exercise, &c.m);
    let texts = e.texts(m.lang);
    let policy: Vec<String> = c
        .findings
        .iter()
        .filter_map(|(f, p)| p.as_ref().map(|id| findings::policy(f, id, m)))
        .collect();
    // title, question, context, definitions | charts | findings, policy, caveats, sources
    let head = [1, 2, if texts.context.is_empty() { 0 } else { 3 }, 2];
    let tail = [4, if policy.is_empty() { 0 } else { 3 }, 2, 1];
    let fixed: Vec<usize> = head.iter().chain(&tail).copied().collect();
    let times = budget(&fixed, c.charts.len());
    let t = |i: usize| minutes(m, times[i]);
    let chart_time = |i: usize| minutes(m, times[fixed.len() + i]);
    let mut md = String::from("---\nmarp: true\npaginate: true\n---\n\n");
    let budget_line = m.get(
        "slides-budget",
        &[("minutes", Arg::Text((TALK_HALVES / 2).to_string()))],
    );
    let _ = writeln!(
        md,
        "# {}\n\n{}\n\n*{}*\n\n{budget_line} <!-- {} -->\n\n---\n",
        texts.title,
        c.countries.join(", "),
        texts.curriculum,
        t(0)
    );
    let _ = writeln!(
        md,
        "## {} ({})\n\n{}\n\n---\n",
        m.text("slide-question"),
        t(1),
        texts.task.trim()
    );
    if !texts.context.is_empty() {
        let _ = writeln!(
            md,
            "## {} ({})\n\n{}\n\n---\n",
            m.text("slide-context"),
            t(2),
            texts.context.trim()
        );
    }
    let _ = writeln!(
        md,
        "## {} ({})\n\n{}\n---\n",
        m.text("slide-definitions"),
        t(3),
        definitions_markdown(e, m)
    );
    let mut used = vec![false; c.findings.len()];
    for (i, (step, table)) in c.charts.iter().enumerate() {
        let _ = writeln!(
            md,
            "## {} ({})\n\n![{}](charts/{}.png)\n",
            step.title,
            chart_time(i),
            step.title,
            step.name
        );
        for f in chart_numbers(&c.findings, table.as_deref(), &mut used) {
            let _ = writeln!(md, "- {}", findings::sentence(f, m));
        }
        let _ = writeln!(md, "\n---\n");
    }
    let _ = writeln!(md, "## {} ({})\n", m.text("slide-findings"), t(4));
    for (f, _) in c.findings.iter().take(6) {
        let _ = writeln!(md, "- {}", findings::sentence(f, m));
    }
    let _ = writeln!(md, "\n---\n");
    if !policy.is_empty() {
        let _ = writeln!(
            md,
            "## {} ({})\n\n{}\n",
            m.text("slide-policy"),
            t(5),
            m.text("policy-intro")
        );
        for p in &policy {
            let _ = writeln!(md, "- {p}");
        }
        let _ = writeln!(md, "\n---\n");
    }
    let _ = writeln!(md, "## {} ({})\n", m.text("slide-caveats"), t(6));
    for cav in &texts.caveats {
        let _ = writeln!(md, "- {cav}");
    }
    let _ = writeln!(md, "\n---\n\n## {} ({})\n", m.text("slide-sources"), t(7));
    for cite in all_citations(&c.tables, m) {
        let _ = writeln!(md, "- {cite}");
    }
    let _ = writeln!(md, "\n---\n\n## {}\n", m.text("slide-qa"));
    for q in &texts.questions {
        let _ = writeln!(md, "- {q}");
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_talk_takes_fifteen_minutes() {
        for charts in 0..6 {
            for fixed in [[1, 2, 0, 2, 4, 0, 2, 1], [1, 2, 3, 2, 4, 3, 2, 1]] {
                let b = budget(&fixed, charts);
                assert_eq!(b.iter().sum::<usize>(), TALK_HALVES, "{charts} charts");
            }
        }
    }

    #[test]
    fn zero_rows_are_left_out_of_wide_tables() {
        let cell = |place: &str, when: &str, v: f64| Cell {
            place: place.into(),
            partner: String::new(),
            when: when.into(),
            measure: "idps".into(),
            value: Some(v),
            unit: "persons".into(),
            rank: None,
            projection: false,
            source: "UNHCR".into(),
        };
        let w = wide(&[
            cell("AZE", "2020", 5.0),
            cell("GEO", "2020", 0.0),
            cell("AZE", "2021", 6.0),
        ]);
        assert_eq!(w.rows.len(), 1);
        assert_eq!(w.omitted, 1);
        assert_eq!(w.columns, ["2020", "2021"]);
        assert_eq!(w.rows[0].values, [Some(5.0), Some(6.0)]);
    }
}
