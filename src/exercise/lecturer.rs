//! `miglab exercise build`: a distinct variant per team (another country or pair, another IMS
//! edition where the exercise allows), and for each team only what it should see: a worksheet
//! describing its own variant with the calculations left blank, and the dataset it starts from
//! (CSV and XLSX, without the blanked quantities). The answers go to a separate `answer-keys/`
//! folder, rounded as students would give them, with the tolerance to accept.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::i18n::{decimals_of, Arg, Messages};
use super::pack::{self, write_text, write_xlsx};
use super::{Exercise, Item};
use crate::error::{Error, Result};
use crate::measures::MeasureRow;
use crate::Lang;

/// What one team received.
pub struct TeamVariant {
    pub team: usize,
    pub variant: Variant,
    pub dir: PathBuf,
    pub answer_key: PathBuf,
}

/// One distinct variant of an exercise: its countries and, where it varies, the IMS edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub countries: String,
    pub edition: Option<String>,
}

impl Variant {
    /// The variant in words: country names, and the edition where it varies.
    pub fn describe(&self, m: &Messages) -> Result<String> {
        let crosswalk = crate::countries::Crosswalk::embedded()?;
        let codes = crosswalk.resolve_list(&self.countries)?;
        let names: Vec<String> = codes
            .iter()
            .map(|c| format!("{} ({c})", m.place(c)))
            .collect();
        let mut text = m.get(
            "variant-countries",
            &[("list", Arg::Text(names.join(", ")))],
        );
        if let Some(e) = &self.edition {
            text.push_str(", ");
            text.push_str(&m.get("variant-edition", &[("edition", Arg::Text(e.clone()))]));
        }
        Ok(text)
    }
}

/// Every distinct variant of an exercise (none when it has no team variants).
pub fn variants(exercise: &Exercise) -> Vec<Variant> {
    let Some(spec) = &exercise.build else {
        return Vec::new();
    };
    let editions: Vec<Option<String>> = if spec.editions.is_empty() {
        vec![None]
    } else {
        spec.editions.iter().cloned().map(Some).collect()
    };
    // Countries first, so that the first teams differ in country before they differ in edition.
    let mut out = Vec::new();
    for edition in &editions {
        for countries in &spec.choices {
            out.push(Variant {
                countries: countries.clone(),
                edition: edition.clone(),
            });
        }
    }
    out
}

fn place(row: &MeasureRow) -> String {
    match (&row.country, &row.origin, &row.destination) {
        (Some(c), _, _) => c.clone(),
        (None, Some(o), Some(d)) => format!("{o} → {d}"),
        (None, Some(o), None) => o.clone(),
        (None, None, Some(d)) => d.clone(),
        _ => String::new(),
    }
}

fn place_in(row: &MeasureRow, m: &Messages) -> String {
    match (&row.country, &row.origin, &row.destination) {
        (Some(c), _, _) => m.place(c),
        (None, Some(o), Some(d)) => format!("{} → {}", m.place(o), m.place(d)),
        (None, Some(o), None) => m.place(o),
        (None, None, Some(d)) => m.place(d),
        _ => String::new(),
    }
}

/// A Markdown table row of a measure row: place, year, quantity, the given cells, unit.
fn table_row(row: &MeasureRow, m: &Messages, cells: &[String]) -> String {
    let mut all = vec![place_in(row, m), when(row), m.measure(&row.measure)];
    all.extend(cells.iter().cloned());
    all.push(m.unit(&row.unit));
    format!("| {} |", all.join(" | "))
}

fn when(row: &MeasureRow) -> String {
    row.period
        .clone()
        .or_else(|| row.year.map(|y| y.to_string()))
        .unwrap_or_default()
}

/// CSV of the rows a worksheet gives (the blanked quantities left out), full precision.
fn dataset_csv(rows: &[&MeasureRow]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "place",
        "year_or_period",
        "measure",
        "value",
        "unit",
        "projection",
        "source",
    ])?;
    for r in rows {
        w.write_record([
            place(r),
            when(r),
            r.measure.clone(),
            r.value.map(crate::output::plain_number).unwrap_or_default(),
            r.unit.clone(),
            r.projection.to_string(),
            format!("{} ({})", r.source.source, r.source.edition),
        ])?;
    }
    csv_text(w)
}

fn csv_text(w: csv::Writer<Vec<u8>>) -> Result<String> {
    Ok(String::from_utf8_lossy(
        &w.into_inner()
            .map_err(|e| Error::Csv(e.into_error().into()))?,
    )
    .into_owned())
}

/// A rounded answer and the tolerance to accept (one unit of the last decimal shown).
pub fn rounded(v: f64, unit: &str) -> (f64, f64) {
    let decimals = decimals_of(v, unit);
    let scale = 10f64.powi(i32::from(decimals));
    ((v * scale).round() / scale, 1.0 / scale)
}

/// Builds `teams` variants of an exercise into `out/` (team-01/ ..., answer-keys/).
pub fn build(
    exercise: &Exercise,
    teams: usize,
    lang: Lang,
    out: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<TeamVariant>> {
    let spec = exercise.build.as_ref().ok_or_else(|| {
        Error::NotCovered(format!(
            "{} has no team variants (it is about one fixed question); use `miglab exercise run {}`",
            exercise.name, exercise.name
        ))
    })?;
    let all = variants(exercise);
    if teams == 0 || teams > all.len() {
        return Err(Error::usage(
            format!(
                "--teams {teams}: {} has {} distinct variants",
                exercise.name,
                all.len()
            ),
            format!(
                "give --teams 1 to {}; more teams would share a variant (split a class into that many teams, or let two teams present the same variant on purpose)",
                all.len()
            ),
        ));
    }
    let m = Messages::new(lang)?;
    std::fs::create_dir_all(out).map_err(|source| Error::Write {
        path: out.to_path_buf(),
        source,
    })?;
    let keys_stage = pack::staging_dir(out, "answer-keys")?;
    let mut made = Vec::new();
    for (i, variant) in all.into_iter().take(teams).enumerate() {
        let team = i + 1;
        let dir = out.join(format!("team-{team:02}"));
        let staged = pack::staging_dir(out, &format!("team-{team:02}"))?;
        team_folder(exercise, spec, &variant, team, &m, &staged, &keys_stage)?;
        pack::publish(&staged, &dir)?;
        progress(&format!("team {team}: {}", variant.describe(&m)?));
        made.push(TeamVariant {
            team,
            variant,
            answer_key: out.join(format!("answer-keys/team-{team:02}.md")),
            dir,
        });
    }
    pack::publish(&keys_stage, &out.join("answer-keys"))?;
    remove_stale_teams(out, teams);
    Ok(made)
}

/// Removes the `team-NN/` folders of an earlier build with more teams, so that the folder holds
/// exactly the teams of the answer keys beside them.
fn remove_stale_teams(out: &Path, teams: usize) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let number = name
            .strip_prefix("team-")
            .filter(|n| n.len() == 2 && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<usize>().ok());
        if number.is_some_and(|n| n > teams) && entry.path().is_dir() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// One team's worksheet and dataset in `dir`, and its answer key in `keys`.
fn team_folder(
    exercise: &Exercise,
    spec: &super::BuildSpec,
    variant: &Variant,
    team: usize,
    m: &Messages,
    dir: &Path,
    keys: &Path,
) -> Result<()> {
    let crosswalk = crate::countries::Crosswalk::embedded()?;
    let codes = exercise.countries(Some(&variant.countries), crosswalk)?;
    let command = match &variant.edition {
        Some(e) => spec.worksheet.replace("{edition}", e),
        None => spec.worksheet.clone(),
    };
    let item = Item {
        name: "worksheet".into(),
        title: "Worksheet".into(),
        command,
        for_each_country: false,
        table: None,
        optional: false,
    };
    let step = exercise.steps(&[item], &codes)?.remove(0);
    let table = pack::table(&step)?;
    let blank = |r: &MeasureRow| spec.blank.contains(&r.measure);
    let given: Vec<&MeasureRow> = table.rows.iter().filter(|r| !blank(r)).collect();
    let title = exercise.texts(m.lang).title;
    let described = variant.describe(m)?;

    let csv = dataset_csv(&given)?;
    write_text(&dir.join("dataset.csv"), &csv)?;
    write_xlsx(&dir.join("dataset.xlsx"), &csv, &title, &table.citations)?;
    write_text(
        &dir.join("worksheet.md"),
        &worksheet(exercise, spec, &table, team, &described, m),
    )?;

    let mut key = String::new();
    let heading = m.get(
        "key-title",
        &[
            ("title", Arg::Text(title.clone())),
            ("team", Arg::Text(team.to_string())),
            ("variant", Arg::Text(described)),
        ],
    );
    let computed = m.get(
        "key-computed",
        &[
            ("version", Arg::Text(env!("CARGO_PKG_VERSION").into())),
            ("command", Arg::Text(format!("miglab {}", step.command))),
        ],
    );
    let _ = writeln!(key, "# {heading}\n\n{computed}\n");
    let _ = writeln!(
        key,
        "| {} | {} | {} | {} | ± {} | {} |\n|---|---|---|---:|---:|---|",
        m.chart_word("country"),
        m.text("col-when"),
        m.text("col-measure"),
        m.text("col-answer"),
        m.text("key-tolerance"),
        m.text("col-unit")
    );
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "place",
        "year_or_period",
        "measure",
        "answer",
        "tolerance",
        "unit",
    ])?;
    for r in table.rows.iter().filter(|r| blank(r)) {
        let (answer, tolerance) = match r.value {
            Some(v) => {
                let (a, t) = rounded(v, &r.unit);
                (Some(a), t)
            }
            None => (None, 0.0),
        };
        let shown = |v: Option<f64>| match v {
            Some(v) => m.number(v, &r.unit),
            None => "–".into(),
        };
        let tolerance_shown = m.number_with(tolerance, decimals_of(tolerance, ""));
        let _ = writeln!(
            key,
            "{}",
            table_row(r, m, &[shown(answer), tolerance_shown])
        );
        w.write_record([
            place(r),
            when(r),
            r.measure.clone(),
            answer.map(crate::output::plain_number).unwrap_or_default(),
            crate::output::plain_number(tolerance),
            r.unit.clone(),
        ])?;
    }
    write_text(&keys.join(format!("team-{team:02}.md")), &key)?;
    write_text(&keys.join(format!("team-{team:02}.csv")), &csv_text(w)?)?;
    Ok(())
}

/// The worksheet: the team's variant, the formulas, the table with blanks, the sources.
fn worksheet(
    exercise: &Exercise,
    spec: &super::BuildSpec,
    table: &pack::Table,
    team: usize,
    described: &str,
    m: &Messages,
) -> String {
    let texts = exercise.texts(m.lang);
    let mut sheet = String::new();
    let title = m.get(
        "worksheet-title",
        &[
            ("title", Arg::Text(texts.title.clone())),
            ("team", Arg::Text(team.to_string())),
        ],
    );
    let variant = m.get(
        "worksheet-variant",
        &[("variant", Arg::Text(described.into()))],
    );
    let _ = writeln!(sheet, "# {title}\n\n**{variant}**\n");
    let _ = writeln!(sheet, "{}\n", m.text("worksheet-instructions"));
    let _ = writeln!(sheet, "## {}\n", m.text("heading-formulas"));
    for name in &spec.blank {
        if let Some(d) = crate::catalogue::quantity(name) {
            let _ = writeln!(
                sheet,
                "- **{}** = `{}` ({}): {}",
                d.title.get(m.lang),
                d.formula,
                m.unit(d.unit.as_str()),
                d.caption.get(m.lang)
            );
        }
    }
    let _ = writeln!(
        sheet,
        "\n## {}\n\n| {} | {} | {} | {} | {} |\n|---|---|---|---:|---|",
        m.text("heading-table"),
        m.chart_word("country"),
        m.text("col-when"),
        m.text("col-measure"),
        m.text("col-value"),
        m.text("col-unit")
    );
    for r in &table.rows {
        let shown = if spec.blank.contains(&r.measure) {
            "______".to_string()
        } else {
            r.value
                .map_or_else(|| "–".to_string(), |v| m.number(v, &r.unit))
        };
        let _ = writeln!(sheet, "{}", table_row(r, m, &[shown]));
    }
    let _ = writeln!(sheet, "\n## {}\n", m.text("heading-sources"));
    for c in &table.citations {
        let _ = writeln!(sheet, "- {}", m.citation(c));
    }
    sheet
}
