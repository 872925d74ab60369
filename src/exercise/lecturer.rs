//! `miglab exercise build`: a variant per team (a different country or pair where the exercise
//! allows), a worksheet with the calculations left to do, the dataset the team starts from (CSV and
//! XLSX), and a separate answer key computed by miglab.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::pack::{self, write_xlsx};
use super::{Exercise, Item};
use crate::error::{Error, Result};
use crate::measures::MeasureRow;
use crate::output::{readable_number, write_atomically};
use crate::Lang;

/// What one team received.
pub struct TeamVariant {
    pub team: usize,
    pub countries: String,
    pub dir: PathBuf,
    pub answer_key: PathBuf,
}

fn write_text(path: &Path, text: &str) -> Result<()> {
    write_atomically(path, |f| {
        std::io::Write::write_all(f, text.as_bytes()).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
    })
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

fn when(row: &MeasureRow) -> String {
    row.period
        .clone()
        .or_else(|| row.year.map(|y| y.to_string()))
        .unwrap_or_default()
}

fn value_text(row: &MeasureRow) -> String {
    row.value
        .map_or_else(|| "missing".to_string(), readable_number)
}

/// CSV of the rows a worksheet gives (the blanked quantities left out).
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
    Ok(String::from_utf8_lossy(
        &w.into_inner()
            .map_err(|e| Error::Csv(e.into_error().into()))?,
    )
    .into_owned())
}

/// Builds `teams` variants of an exercise into `out/`.
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
    if teams == 0 || teams > 50 {
        return Err(Error::Usage(format!("--teams {teams}: give 1 to 50 teams")));
    }
    let keys = out.join("answer-keys");
    std::fs::create_dir_all(&keys).map_err(|source| Error::Write {
        path: keys.clone(),
        source,
    })?;
    let mut variants = Vec::new();
    for team in 1..=teams {
        let countries = &spec.choices[(team - 1) % spec.choices.len()];
        let dir = out.join(format!("team-{team:02}"));
        pack::run(exercise, Some(countries), lang, &dir, progress)?;
        let crosswalk = crate::countries::Crosswalk::embedded()?;
        let codes = exercise.countries(Some(countries), crosswalk)?;
        let item = Item {
            name: "worksheet".into(),
            title: "Worksheet".into(),
            command: spec.worksheet.clone(),
            for_each_country: false,
        };
        let step = exercise.steps(&[item], &codes)?.remove(0);
        let table = pack::table(&step)?;
        let blank = |r: &MeasureRow| spec.blank.contains(&r.measure);
        let given: Vec<&MeasureRow> = table.rows.iter().filter(|r| !blank(r)).collect();

        let csv = dataset_csv(&given)?;
        write_text(&dir.join("dataset.csv"), &csv)?;
        write_xlsx(
            &dir.join("dataset.xlsx"),
            &csv,
            &format!("{} — team {team} dataset", exercise.title),
            &table.citations,
        )?;

        let mut sheet = String::new();
        let _ = writeln!(
            sheet,
            "# Worksheet — {} (team {team}: {})\n",
            exercise.title,
            codes.join(", ")
        );
        let _ = writeln!(sheet, "{}\n", exercise.task.trim());
        let _ = writeln!(sheet, "Compute the empty cells from the other rows (dataset: `dataset.csv` / `dataset.xlsx`).\n");
        let _ = writeln!(sheet, "## Formulas\n");
        for name in &spec.blank {
            if let Some(d) = crate::catalogue::quantity(name) {
                let _ = writeln!(
                    sheet,
                    "- **{}** = `{}` ({}): {}",
                    d.name,
                    d.formula,
                    d.unit.as_str(),
                    d.definition
                );
            }
        }
        let _ = writeln!(sheet, "\n## Table\n\n| place | year / period | measure | value | unit |\n|---|---|---|---:|---|");
        let mut key = String::new();
        let _ = writeln!(
            key,
            "# Answer key — {} (team {team}: {})\n\nComputed by miglab {} with `miglab {}`.\n",
            exercise.title,
            codes.join(", "),
            env!("CARGO_PKG_VERSION"),
            step.command
        );
        let _ = writeln!(
            key,
            "| place | year / period | measure | answer | unit |\n|---|---|---|---:|---|"
        );
        for r in &table.rows {
            let shown = if blank(r) {
                "______".to_string()
            } else {
                value_text(r)
            };
            let _ = writeln!(
                sheet,
                "| {} | {} | {} | {} | {} |",
                place(r),
                when(r),
                r.measure,
                shown,
                r.unit
            );
            if blank(r) {
                let _ = writeln!(
                    key,
                    "| {} | {} | {} | {} | {} |",
                    place(r),
                    when(r),
                    r.measure,
                    value_text(r),
                    r.unit
                );
            }
        }
        let _ = writeln!(sheet, "\n## Sources\n");
        for c in &table.citations {
            let _ = writeln!(sheet, "- {c}");
        }
        write_text(&dir.join("worksheet.md"), &sheet)?;
        let answer_key = keys.join(format!("team-{team:02}.md"));
        write_text(&answer_key, &key)?;
        write_text(&keys.join(format!("team-{team:02}.csv")), &table.csv)?;
        progress(&format!("team {team}: {}", codes.join(",")));
        variants.push(TeamVariant {
            team,
            countries: codes.join(","),
            dir,
            answer_key,
        });
    }
    Ok(variants)
}
