//! What every writer shares: the terminal table style, numbers for programs and for people, the
//! interpretation flags of a value in words, and atomic file writes (a failed write leaves no
//! half-written file and keeps an existing one). The formats themselves are in [`crate::export`].

use std::path::Path;

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::tidy::Observation;

/// Terminal tables: a line under the header, nothing else (comfy-table preset layout).
pub const TABLE_STYLE: &str = "     ─             ";

/// A number as a program should read it: whole numbers without a decimal point.
pub fn plain_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A number as a person should read it: thousands separated by commas.
pub fn readable_number(v: f64) -> String {
    let text = plain_number(v);
    let (sign, rest) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The interpretation flags of a value, in words.
pub fn notes(o: &Observation) -> Vec<String> {
    let mut notes = Vec::new();
    if o.projection {
        notes.push("projection".to_string());
    }
    if let Some(basis) = o.stock_basis {
        notes.push(basis.as_str().to_string());
    }
    if o.includes_refugees == Some(true) {
        notes.push("incl. refugees".to_string());
    }
    if o.imputed == Some(true) {
        notes.push("imputed".to_string());
    }
    notes
}

/// Writes what `fill` produces to `path` atomically: into a temporary file beside it
/// (`.miglab-flock-*.part`, locked while it is written), then renamed over it, so an
/// interrupted or failed write never leaves a half-written file and keeps the one that was
/// there. Temporary files of earlier runs that were killed are swept from the folder first
/// ([`sweep_stale_parts`]). A target that is not a regular file (`/dev/stdout`, a named pipe,
/// `/dev/full`) is written directly: renaming over a device would replace it; a symbolic link
/// is written through (the file it points to is replaced, the link stays).
pub fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<()> {
    let write_err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let target = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(Error::usage(
                format!("{} is a folder, not a file", path.display()),
                "give a file name inside it, e.g. --out FOLDER/result.csv",
            ))
        }
        Ok(meta) if !meta.is_file() => return write_directly(path, fill),
        Ok(_) => std::fs::canonicalize(path).map_err(write_err)?,
        Err(_) => path.to_path_buf(),
    };
    let mut temp = temp_in(parent_dir(&target), path)?;
    fill(temp.as_file_mut())?;
    temp.as_file_mut().sync_all().map_err(write_err)?;
    make_shareable(&temp, path)?;
    temp.persist(&target).map_err(|e| write_err(e.error))?;
    Ok(())
}

/// Writes to a target that is not a regular file (a device, a pipe) as it is.
fn write_directly(path: &Path, fill: impl FnOnce(&mut std::fs::File) -> Result<()>) -> Result<()> {
    let write_err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(write_err)?;
    fill(&mut file)?;
    use std::io::Write;
    file.flush().map_err(write_err)
}

/// Name of the temporary files whose writer holds a lock on them while it runs: one that is
/// not locked belongs to a run that has ended (killed) and is swept at once.
const LOCKED_PART_PREFIX: &str = ".miglab-flock-";

/// A new temporary file in `dir`, locked by this process. A sweep by another process can
/// remove the file between its creation and the lock; then it is made again.
fn locked_part(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut attempts = 0;
    loop {
        let temp = tempfile::Builder::new()
            .prefix(LOCKED_PART_PREFIX)
            .suffix(".part")
            .tempfile_in(dir)?;
        fs4::FileExt::lock(temp.as_file())?;
        if same_file(temp.path(), temp.as_file()) || attempts >= 3 {
            return Ok(temp);
        }
        attempts += 1;
    }
}

/// A staging folder for a multi-file write (a pack, a chart and its sidecars): a new
/// `.miglab-flock-*.part` folder in `dir`, locked by this process while the returned lock
/// lives. Fill it, then rename it (or its files) into place; a run killed meanwhile leaves a
/// folder that [`sweep_stale_parts`] removes at once (its lock is gone), and a dropped
/// [`tempfile::TempDir`] removes it on a failure.
pub fn locked_staging_dir(dir: &Path) -> Result<(tempfile::TempDir, std::fs::File)> {
    let write_err = |source| Error::Write {
        path: dir.to_path_buf(),
        source,
    };
    let mut attempts = 0;
    loop {
        let staged = tempfile::Builder::new()
            .prefix(LOCKED_PART_PREFIX)
            .suffix(".part")
            .tempdir_in(dir)
            .map_err(write_err)?;
        let lock = std::fs::File::open(staged.path()).map_err(write_err)?;
        fs4::FileExt::lock(&lock).map_err(write_err)?;
        if same_file(staged.path(), &lock) || attempts >= 3 {
            return Ok((staged, lock));
        }
        attempts += 1;
    }
}

/// True when `path` still names the open `file` (it was not removed or replaced).
fn same_file(path: &Path, file: &std::fs::File) -> bool {
    let (Ok(a), Ok(b)) = (std::fs::metadata(path), file.metadata()) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        a.len() == b.len() && a.modified().ok() == b.modified().ok()
    }
}

/// How old a `.miglab-*.part` file or folder that no writer has locked must be before
/// [`sweep_stale_parts`] takes it for the leftover of a killed run rather than the write of a
/// run in progress (staged folders, or parts written by an older miglab).
pub const STALE_PART_AGE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes from `dir` the temporary files and folders of runs that were killed before they
/// could rename them into place (`.miglab-*.part`, as [`write_atomically`] and staged writes
/// name them): at once for a `.miglab-flock-*.part` file whose writer no longer holds its lock,
/// else when last modified more than [`STALE_PART_AGE`] ago. Returns how many were removed; a
/// folder that cannot be read, or a file that cannot be removed, is left alone (sweeping is
/// housekeeping, never an error).
pub fn sweep_stale_parts(dir: &Path) -> usize {
    sweep_stale_parts_older_than(dir, STALE_PART_AGE)
}

/// [`sweep_stale_parts`] with another age.
pub fn sweep_stale_parts_older_than(dir: &Path, age: std::time::Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".miglab-") && name.ends_with(".part")) {
            continue;
        }
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let path = entry.path();
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|d| d >= age);
        let gone = if name.starts_with(LOCKED_PART_PREFIX) {
            remove_unlocked(&path, meta.is_dir())
        } else if meta.is_dir() {
            old && std::fs::remove_dir_all(&path).is_ok()
        } else {
            old && std::fs::remove_file(&path).is_ok()
        };
        if gone {
            removed += 1;
        }
    }
    removed
}

/// Removes a locked-part file or folder when no writer holds its lock (the lock is taken for
/// the removal, so a writer cannot start on it meanwhile).
fn remove_unlocked(path: &Path, is_dir: bool) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if fs4::FileExt::try_lock(&file).is_err() {
        return false;
    }
    if is_dir {
        std::fs::remove_dir_all(path).is_ok()
    } else {
        std::fs::remove_file(path).is_ok()
    }
}

/// Refuses to write `out` when it is one of the files (or folders) `inputs` the same command
/// reads: the write would destroy its own input (`import wpp net.csv --out net.csv`). Paths
/// are compared as the files they name (canonical paths, and the same file through a link);
/// an `out` that does not exist yet is compared by its folder and name. A usage error (exit
/// 2), before anything is written.
pub fn refuse_overwriting_inputs(out: &Path, inputs: &[&Path]) -> Result<()> {
    let out_id = FileId::of(out);
    for input in inputs {
        if FileId::of(input) == out_id {
            return Err(Error::usage(
                format!(
                    "--out {} is also the file this command reads ({}): writing it would destroy the input",
                    out.display(),
                    input.display()
                ),
                "write the result to another file name (e.g. add `_tidy` to the name)",
            ));
        }
    }
    Ok(())
}

/// What a path names: the file itself when it exists (device and inode on Unix, so hard
/// links match), else its canonical folder and its name.
#[derive(Debug, PartialEq, Eq)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(std::path::PathBuf),
}

impl FileId {
    fn of(path: &Path) -> FileId {
        let resolved;
        let path = if path.exists() {
            path
        } else {
            // `missing/../net.csv` names `net.csv` for a reader that drops the `..` first
            resolved = not_yet_existing(path);
            resolved.as_path()
        };
        if let Ok(meta) = std::fs::metadata(path) {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                return FileId::Inode(meta.dev(), meta.ino());
            }
            #[cfg(not(unix))]
            {
                let _ = meta;
                if let Ok(p) = std::fs::canonicalize(path) {
                    return FileId::Path(p);
                }
            }
        }
        FileId::Path(path.to_path_buf())
    }
}

/// The absolute path a file that does not exist yet would get: its nearest existing ancestor
/// canonicalized, the rest appended as written (`.` dropped, `..` applied).
fn not_yet_existing(path: &Path) -> std::path::PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut base = absolute.as_path();
    loop {
        if let Ok(canonical) = std::fs::canonicalize(base) {
            let mut out = canonical;
            for part in rest.iter().rev() {
                match part {
                    std::path::Component::ParentDir => {
                        out.pop();
                    }
                    std::path::Component::CurDir => {}
                    other => out.push(other),
                }
            }
            return out;
        }
        match (base.parent(), base.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                base = parent;
            }
            _ => return absolute,
        }
    }
}

/// A tidy frame as zstd-compressed parquet (the embedded datasets' format).
pub fn write_parquet(frame: &mut DataFrame, file: &mut std::fs::File) -> Result<()> {
    ParquetWriter::new(file)
        .with_compression(ParquetCompression::Zstd(None))
        .with_statistics(StatisticsOptions::full())
        .finish(frame)?;
    Ok(())
}

/// A locked temporary file (`.miglab-flock-*.part`) in the folder of `path`, removed unless
/// persisted, for writers that stage several files before renaming them into place; stale
/// temporary files of killed runs in that folder are swept first. The folder must exist.
pub fn temp_file_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    temp_in(parent_dir(path), path)
}

/// The folder a file is written in (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A locked temporary file in `dir` for writing `path` (errors name `path`), after sweeping the
/// folder of temporary files that killed runs left.
fn temp_in(dir: &Path, path: &Path) -> Result<tempfile::NamedTempFile> {
    let write_err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if !dir.is_dir() {
        return Err(write_err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("folder {} does not exist; create it first", dir.display()),
        )));
    }
    sweep_stale_parts(dir);
    locked_part(dir).map_err(write_err)
}

/// Temporary files are created private (0600); a result is an ordinary file for the user.
pub fn make_shareable(temp: &tempfile::NamedTempFile, path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o644)).map_err(
            |source| Error::Write {
                path: path.to_path_buf(),
                source,
            },
        )?;
    }
    #[cfg(not(unix))]
    let _ = (temp, path);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_is_refused_as_the_output_however_it_is_spelt() {
        let dir = tempfile::tempdir().expect("tmp");
        let input = dir.path().join("net.csv");
        std::fs::write(&input, "x").expect("write");
        let other = dir.path().join("net.png");
        assert!(refuse_overwriting_inputs(&other, &[&input]).is_ok());
        for out in [
            input.clone(),
            dir.path().join("./net.csv"),
            dir.path().join("sub/../net.csv"),
        ] {
            let e = refuse_overwriting_inputs(&out, &[&other, &input]).expect_err("same file");
            assert_eq!(e.exit_code(), 2);
            assert!(e.hint().is_some());
        }
        // outputs that do not exist yet compare by folder and name
        let new = dir.path().join("new.csv");
        assert!(refuse_overwriting_inputs(&new, &[&dir.path().join("x/../new.csv")]).is_err());
        assert!(refuse_overwriting_inputs(&new, &[&other]).is_ok());
    }

    #[test]
    fn parts_of_ended_writers_are_swept_at_once_and_others_by_age() {
        let dir = tempfile::tempdir().expect("tmp");
        // a writer in progress holds its lock: kept
        let live = locked_part(dir.path()).expect("part");
        // a writer that ended without renaming (killed): its lock is gone
        let dead = locked_part(dir.path()).expect("part");
        let (_, dead_path) = dead.keep().expect("keep");
        // not locked by protocol (a staged folder, an older miglab): kept until old
        let fresh = dir.path().join(".miglab-fresh.part");
        std::fs::write(&fresh, "x").expect("write");
        std::fs::write(dir.path().join("mine.part"), "x").expect("write");
        // the same for staging folders
        let (live_dir, _lock) = locked_staging_dir(dir.path()).expect("staged");
        let (dead_dir, dead_lock) = locked_staging_dir(dir.path()).expect("staged");
        std::fs::write(dead_dir.path().join("handout.md"), "x").expect("write");
        drop(dead_lock);
        let dead_dir = dead_dir.keep();
        assert_eq!(sweep_stale_parts(dir.path()), 2);
        assert!(!dead_path.exists() && live.path().exists() && fresh.exists());
        assert!(!dead_dir.exists() && live_dir.path().exists());
        assert_eq!(
            sweep_stale_parts_older_than(dir.path(), std::time::Duration::ZERO),
            1
        );
        assert!(live.path().exists() && !fresh.exists());
    }

    #[test]
    fn a_device_is_written_not_replaced() {
        #[cfg(target_os = "linux")]
        {
            let e = write_atomically(Path::new("/dev/full"), |f| {
                std::io::Write::write_all(f, b"x").map_err(|source| Error::Write {
                    path: "/dev/full".into(),
                    source,
                })
            })
            .expect_err("full");
            assert!(e.to_string().contains("No space left"), "{e}");
            assert_eq!(e.exit_code(), 1);
        }
    }
}
