//! Installing miglab like a Rust CLI: shell completions and man pages generated from the one clap
//! definition, and a `--version` that names the editions of the embedded datasets.

mod common;

use common::*;

/// Every subcommand of `miglab`, from the clap definition itself.
fn subcommands() -> Vec<String> {
    miglab::cli::completions::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

fn stdout_of(args: &[&str]) -> String {
    let out = miglab()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("utf8")
}

#[test]
fn completions_for_four_shells_name_every_subcommand() {
    let names = subcommands();
    assert!(names.len() >= 10, "{names:?}");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {} bytes", script.len());
        for name in &names {
            assert!(
                script.contains(name.as_str()),
                "{shell} script lacks `{name}`"
            );
        }
    }
}

#[test]
fn completions_for_an_unknown_shell_is_a_usage_error() {
    miglab().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_is_roff_with_the_subcommands() {
    let page = stdout_of(&["man"]);
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..80]
    );
    assert!(page.contains(".TH miglab 1"), "no title header");
    assert!(page.contains(".SH SUBCOMMANDS"), "no subcommand section");
    for name in subcommands() {
        assert!(
            page.contains(&format!("miglab\\-{name}")),
            "man page lacks `{name}`"
        );
    }
}

#[test]
fn man_out_writes_one_page_per_command() {
    let dir = tempfile::tempdir().expect("tmp");
    miglab()
        .args(["man", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    for page in [
        "miglab.1",
        "miglab-data.1",
        "miglab-measure.1",
        "miglab-data-show.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(page)).expect(page);
        assert!(text.contains(".TH"), "{page} is not roff");
    }
}

#[test]
fn version_names_the_editions_of_the_embedded_datasets() {
    let text = stdout_of(&["--version"]);
    assert!(
        text.starts_with(&format!("miglab {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    for dataset in miglab::store::DATASETS {
        let edition = dataset.provenance().expect("provenance").edition;
        assert!(text.contains(dataset.name), "{text}");
        assert!(
            text.contains(&edition),
            "--version lacks `{edition}`:\n{text}"
        );
    }
    // -V stays one line
    let short = stdout_of(&["-V"]);
    assert_eq!(
        short.trim(),
        format!("miglab {}", env!("CARGO_PKG_VERSION"))
    );
}
