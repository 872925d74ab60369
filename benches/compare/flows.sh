#!/usr/bin/env bash
# Flows estimated from stocks, the whole world as one closed system: times
# `miglab measure flows --countries all` (every area's in/out/net, so the whole fit is done and
# printed) for each method and for all four at once, in release, and prints
#   method | median wall time | runs
# R's migest (the reference implementation of the method) is not run here: CRAN cannot be
# reached from the machine these figures were taken on (see BENCHMARKS.md, "Flows from stocks").
# Environment (all optional):
#   CARGO_TARGET_DIR cargo target folder (default: ~/.cache/miglab-target)
#   RUNS             measured runs per method (default: 5)
#   PERIOD           the period (default: 2015-2020)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/miglab-target}
RUNS=${RUNS:-5}
PERIOD=${PERIOD:-2015-2020}

(cd "$ROOT" && cargo build --release --locked --bin miglab >&2)
BIN="$CARGO_TARGET_DIR/release/miglab"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-32s | %10s | %s\n' method "median (s)" runs
for method in stock-difference stock-difference-return demographic-closed demographic-closed-independent all; do
  "$BIN" measure flows --method "$method" --periods "$PERIOD" --countries all --format csv >/dev/null 2>&1
  times=()
  for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    "$BIN" measure flows --method "$method" --periods "$PERIOD" --countries all --format csv >/dev/null 2>&1
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%-32s | %10.3f | %s\n' "$method" "$(printf '%s\n' "${times[@]}" | median)" "$RUNS"
done
