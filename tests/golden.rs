//! Behaviour stays the same: the CSV and JSON that `miglab measure` and `miglab data show` print
//! for the commands in `tests/golden/commands.txt`, pinned as snapshots taken before the
//! library-first refactor (every measure, groups, both editions, `--total`, by sex).

mod common;

#[test]
fn golden_commands_print_the_same_values() {
    let list = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/commands.txt"),
    )
    .expect("tests/golden/commands.txt");
    let mut count = 0;
    for line in list
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (name, args) = line.split_once('\t').expect("NAME<TAB>ARGUMENTS");
        let out = common::miglab()
            .args(args.split(' '))
            .output()
            .expect("miglab runs");
        assert!(
            out.status.success(),
            "`miglab {args}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        insta::assert_snapshot!(name, String::from_utf8_lossy(&out.stdout));
        count += 1;
    }
    assert!(count >= 25, "at least 25 golden commands, found {count}");
}
