//! Every notebook's code cells, compiled by build.rs into functions, run against the library.

mod notebooks {
    include!(concat!(env!("OUT_DIR"), "/notebooks.rs"));
}

#[test]
fn every_notebook_runs() {
    assert_eq!(
        notebooks::NOTEBOOKS.len(),
        miglab::exercise::names().count(),
        "one notebook per exercise"
    );
    for (name, run) in notebooks::NOTEBOOKS {
        if let Err(e) = run() {
            panic!("notebook {name} failed: {e}");
        }
    }
}
