//! Killing `miglab exercise run --all` at random moments (SIGKILL, seeded delays, alternating
//! English and Russian runs into one folder) leaves every pack folder complete, in one language,
//! or absent; the next run sweeps every temporary file of the killed ones.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use miglab::exercise::i18n::Messages;
use miglab::Lang;

/// How many runs are killed, and the seed of their delays (fixed, so a failure can be replayed).
const KILLS: usize = 6;
const SEED: u64 = 0x6d69_676c_6162;
/// Delays spread over a debug build's whole `--all` run (about 1-2 minutes), so kills land in
/// tables, charts, handouts and the rename of different packs.
const MIN_DELAY_MS: u64 = 300;
const MAX_DELAY_MS: u64 = 45_000;

/// A 64-bit linear congruential generator (Knuth's MMIX constants): enough to spread delays.
struct Delays(u64);

impl Iterator for Delays {
    type Item = Duration;
    fn next(&mut self) -> Option<Duration> {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let span = MAX_DELAY_MS - MIN_DELAY_MS;
        Some(Duration::from_millis(MIN_DELAY_MS + (self.0 >> 33) % span))
    }
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path.clone());
            }
            out.push(path.strip_prefix(dir).expect("under dir").to_path_buf());
        }
    }
    out.sort();
    out
}

/// The language a pack was written in (from its HTML), if the pack is whole: its handouts,
/// slides and findings exist, every chart the slides show and every table the handout names is
/// there (PNG and SVG, CSV and XLSX), no other table is, and the slides speak the HTML's language.
fn whole_pack(pack: &Path) -> Result<Lang, String> {
    let read = |f: &str| std::fs::read_to_string(pack.join(f)).map_err(|e| format!("{f}: {e}"));
    let html = read("handout.html")?;
    let (md, slides) = (read("handout.md")?, read("slides.md")?);
    read("findings.json")?;
    let lang = Lang::ALL
        .into_iter()
        .find(|l| html.contains(&format!("<html lang=\"{}\">", l.code())))
        .ok_or("handout.html names no language")?;
    let sources = Messages::new(lang).expect("messages").text("slide-sources");
    if !slides.contains(&format!("## {sources}")) {
        return Err(format!("slides.md is not in {lang:?} like handout.html"));
    }
    for chart in slides.split("](charts/").skip(1) {
        let name = chart.split(".png)").next().unwrap_or_default();
        for ext in ["png", "svg"] {
            let file = format!("charts/{name}.{ext}");
            if !pack.join(&file).is_file() {
                return Err(format!("{file} missing"));
            }
        }
    }
    let mut named: Vec<String> = Vec::new();
    for table in md.split("`tables/").skip(1) {
        let file = table.split('`').next().unwrap_or_default();
        if !pack.join("tables").join(file).is_file() {
            return Err(format!("tables/{file} missing"));
        }
        named.push(file.to_string());
    }
    for file in std::fs::read_dir(pack.join("tables")).map_err(|e| e.to_string())? {
        let file = file.map_err(|e| e.to_string())?.file_name();
        let file = file.to_string_lossy();
        if !named.iter().any(|n| *n == file) {
            return Err(format!("tables/{file} is not the handout's"));
        }
    }
    Ok(lang)
}

#[test]
fn killed_runs_leave_whole_packs_and_the_next_run_sweeps_their_temporary_files() {
    let dir = tempfile::tempdir().expect("tmp");
    let binary = assert_cmd::cargo::cargo_bin("miglab");
    for (kill, wait) in Delays(SEED).take(KILLS).enumerate() {
        let lang = if kill % 2 == 0 { "en" } else { "ru" };
        let mut child = std::process::Command::new(&binary)
            .args(["exercise", "run", "--all", "--lang", lang, "--out"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(wait);
        // The run may have finished first: then there is nothing to kill, which is fine.
        let _ = child.kill();
        let _ = child.wait();
        for name in miglab::exercise::names() {
            let pack = dir.path().join(name);
            if pack.exists() {
                if let Err(problem) = whole_pack(&pack) {
                    panic!("kill {kill} after {wait:?} ({lang}): {name} is not whole: {problem}");
                }
            }
        }
    }
    miglab()
        .args(["exercise", "run", "--all", "--lang", "az", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let temporary: Vec<PathBuf> = files_under(dir.path())
        .into_iter()
        .filter(|p| {
            p.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with(".miglab"))
        })
        .collect();
    assert!(
        temporary.is_empty(),
        "temporary files remain: {temporary:?}"
    );
    for name in miglab::exercise::names() {
        assert_eq!(
            whole_pack(&dir.path().join(name)),
            Ok(Lang::Az),
            "{name} after the last run"
        );
    }
}
