#!/usr/bin/env sh
# A longer fuzzing round than the smoke run of `cargo test`: every target of tests/fuzz.rs
# (claim parser, JSON-stat decoder, CSV importers, xlsx importer) with PROPTEST_CASES cases
# each (default 5000). A failing case is printed shrunk to its smallest form; record the
# round in RELIABILITY.md.
#
#   scripts/fuzz.sh            # 5000 cases per target
#   PROPTEST_CASES=50000 scripts/fuzz.sh
set -eu
cd "$(dirname "$0")/.."
cases="${PROPTEST_CASES:-5000}"
echo "fuzz: ${cases} cases per target, 4 targets"
start=$(date +%s)
PROPTEST_CASES="$cases" cargo test --locked --test fuzz -- --test-threads 2
end=$(date +%s)
echo "fuzz: $((cases * 4)) executions in $((end - start)) s, no panic, no impossible value accepted"
