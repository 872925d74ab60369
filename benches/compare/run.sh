#!/usr/bin/env bash
# miglab against pandas, one command: builds miglab's workload program in release, installs
# pandas into a venv if missing, generates the synthetic input of workload C, runs every workload
# in miglab and in pandas alternately (warm-up runs, then the median of several runs), measures
# peak memory (max RSS from /usr/bin/time), checks that both wrote the same results, and prints
#   workload | miglab | pandas | ratio | peak memory | target
# See BENCHMARKS.md. Environment (all optional):
#   MIGLAB_DATA      published data folder        (default: ../shared/data beside the repo)
#   CARGO_TARGET_DIR cargo target folder          (default: ~/.cache/miglab-target)
#   BENCH_VENV       Python venv with pandas      (default: /tmp/miglab-bench-venv)
#   BENCH_WORK       scratch folder (outputs, C)  (default: /tmp/miglab-bench)
#   RUNS / C_RUNS    measured runs of A,B,D / C   (default: 5 / 3)
#   WARMUP           warm-up runs of each side    (default: 1)
#   WORKLOADS        subset to run                (default: "A B C D")
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/benches/compare"
DATA=${MIGLAB_DATA:-$ROOT/../shared/data}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/miglab-target}
VENV=${BENCH_VENV:-/tmp/miglab-bench-venv}
WORK=${BENCH_WORK:-/tmp/miglab-bench}
RUNS=${RUNS:-5}
C_RUNS=${C_RUNS:-3}
WARMUP=${WARMUP:-1}
WORKLOADS=${WORKLOADS:-"A B C D"}

IMS24="$DATA/iom_gdidata/undesa_ims2024_bilateral_by_sex.csv"
IMS20="$DATA/iom_gdidata/undesa_ims2020_bilateral_by_sex.csv"
POP="$DATA/iom_gdidata/wdi_and_wpp2024_pop.csv"
WPP="$DATA/un_wpp2024"
C_INPUT="$WORK/c_2000x2000x5.csv"

say() { echo "==> $*" >&2; }
for f in "$IMS24" "$IMS20" "$POP" "$WPP/migration.txt"; do
    [[ -e $f ]] || { echo "missing input $f (set MIGLAB_DATA)" >&2; exit 1; }
done
mkdir -p "$WORK"

# --- tools -----------------------------------------------------------------------------------
if [[ ! -x /usr/bin/time ]]; then
    say "installing GNU time (apt-get)"
    SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
    $SUDO apt-get install -y time >&2 || { $SUDO apt-get update >&2 && $SUDO apt-get install -y time >&2; }
fi
if ! "$VENV/bin/python" -c "import pandas, numpy" 2>/dev/null; then
    say "installing pandas from PyPI into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip >&2
    "$VENV/bin/pip" install --quiet pandas numpy >&2
fi
PY="$VENV/bin/python"
PANDAS_VERSION=$("$PY" -c "import pandas, sys; print(f'pandas {pandas.__version__}, Python {sys.version.split()[0]}')")

say "building miglab (release): bench_workloads example and the miglab binary in $CARGO_TARGET_DIR"
(cd "$ROOT" && cargo build --release --quiet --example bench_workloads --bin miglab)
BW="$CARGO_TARGET_DIR/release/examples/bench_workloads"
MIGLAB="$CARGO_TARGET_DIR/release/miglab"

if [[ $WORKLOADS == *C* && ! -s $C_INPUT ]]; then
    say "generating workload C input: $C_INPUT (20 million rows, deterministic)"
    "$BW" gen-c "$C_INPUT"
fi

# --- measuring -------------------------------------------------------------------------------
# run_once <label> <cmd...>: appends "seconds max_rss_kib" to $WORK/<label>.times
run_once() {
    local label=$1; shift
    local rss="$WORK/.rss" t0 t1
    t0=$(date +%s%N)
    if ! /usr/bin/time -f "%M" -o "$rss" "$@" >"$WORK/$label.stdout" 2>"$WORK/$label.stderr"; then
        echo "FAILED: $*" >&2; cat "$WORK/$label.stderr" >&2; exit 1
    fi
    t1=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000 )) $(tail -1 "$rss")" >>"$WORK/$label.times"
}

# median_of <label>: "median_seconds max_rss_mib" over the measured runs
median_of() {
    "$PY" - "$WORK/$1.times" <<'EOF'
import statistics, sys
rows = [list(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
print(f"{statistics.median(r[0] for r in rows) / 1e6:.4f} {max(r[1] for r in rows) / 1024:.0f}")
EOF
}

# bench <name> <runs> <miglab cmd> -- <pandas cmd>: alternating miglab/pandas runs
bench() {
    local name=$1 runs=$2; shift 2
    local mine=() theirs=() seen=0
    for a in "$@"; do
        if [[ $a == -- ]]; then seen=1; elif (( seen )); then theirs+=("$a"); else mine+=("$a"); fi
    done
    rm -f "$WORK/$name-miglab.times" "$WORK/$name-pandas.times" "$WORK/$name-warm.times"
    for ((i = 0; i < WARMUP; i++)); do
        say "$name: warm-up $((i + 1))/$WARMUP"
        run_once "$name-warm" "${mine[@]}"
        run_once "$name-warm" "${theirs[@]}"
    done
    for ((i = 0; i < runs; i++)); do
        say "$name: run $((i + 1))/$runs (miglab, then pandas)"
        run_once "$name-miglab" "${mine[@]}"
        run_once "$name-pandas" "${theirs[@]}"
    done
}

TABLE="$WORK/table.tsv"
: >"$TABLE"
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$TABLE"; }

# ratio <label> <target>: one table row from the medians of <label>-miglab and <label>-pandas
ratio_row() {
    local name=$1 label=$2 target=$3 same=$4
    read -r mt mm < <(median_of "$name-miglab")
    read -r pt pm < <(median_of "$name-pandas")
    local r
    r=$(awk -v a="$mt" -v b="$pt" 'BEGIN { printf "%.1fx", b / a }')
    row "$label" "${mt}s" "${pt}s" "$r" "${mm} / ${pm} MiB" "$target; results $same"
}

compare_outputs() {
    if "$PY" "$HERE/compare.py" "$1" "$2" >"$WORK/$3.compare" 2>&1; then
        echo same
    else
        echo DIFFERENT
    fi
    sed 's/^/    /' "$WORK/$3.compare" >&2
}

if [[ $WORKLOADS == *A* ]]; then
    rm -rf "$WORK/a-miglab" "$WORK/a-pandas"
    bench A "$RUNS" "$BW" a "$IMS24" "$IMS20" "$POP" "$WORK/a-miglab" -- \
        "$PY" "$HERE/workload_a.py" "$IMS24" "$IMS20" "$POP" "$WORK/a-pandas"
    ratio_row A "A whole-world bilateral stocks (2 IMS editions)" ">= 10x" \
        "$(compare_outputs "$WORK/a-miglab" "$WORK/a-pandas" A)"
fi

if [[ $WORKLOADS == *B* ]]; then
    rm -rf "$WORK/b-miglab" "$WORK/b-pandas"
    bench B "$RUNS" "$BW" b "$WPP" "$POP" "$WORK/b-miglab" -- \
        "$PY" "$HERE/workload_b.py" "$WPP" "$POP" "$ROOT/datasets/countries.csv" "$WORK/b-pandas"
    ratio_row B "B WPP 297 locations 1950-2023 (CNMR, balancing)" ">= 10x" \
        "$(compare_outputs "$WORK/b-miglab" "$WORK/b-pandas" B)"
fi

if [[ $WORKLOADS == *C* ]]; then
    rm -rf "$WORK/c-miglab" "$WORK/c-pandas"
    bench C "$C_RUNS" "$BW" c "$C_INPUT" "$WORK/c-miglab" -- \
        "$PY" "$HERE/workload_c.py" "$C_INPUT" "$WORK/c-pandas"
    ratio_row C "C synthetic 2000x2000 regions x 5 (20M rows)" ">= 10x, miglab < 2048 MiB" \
        "$(compare_outputs "$WORK/c-miglab" "$WORK/c-pandas" C)"
fi

if [[ $WORKLOADS == *D* ]]; then
    # a "cold" data show: a new process, first run after the build (page cache not dropped)
    rm -f "$WORK/D-show.times" "$WORK/D-show-first.times" "$WORK/D-exercises.times"
    SHOW=("$MIGLAB" data show wpp2024 --indicator net_migrants --country AZE --years 2014-2023 --format csv)
    run_once D-show-first "${SHOW[@]}"
    for ((i = 0; i < WARMUP; i++)); do
        rm -rf "$WORK/d-out"
        run_once D-warm "$MIGLAB" exercise run --all --out "$WORK/d-out"
    done
    for ((i = 0; i < RUNS; i++)); do
        say "D: run $((i + 1))/$RUNS"
        rm -rf "$WORK/d-out"
        run_once D-exercises "$MIGLAB" exercise run --all --out "$WORK/d-out"
        run_once D-show "${SHOW[@]}"
    done
    read -r et em < <(median_of D-exercises)
    read -r st sm < <(median_of D-show)
    read -r ft fm < <(median_of D-show-first)
    row "D miglab exercise run --all" "${et}s" "-" "-" "${em} MiB" "< 3 s"
    row "D cold data show (new process; first run ${ft}s)" "${st}s" "-" "-" "${sm} MiB" "< 0.05 s"
fi

# --- table -----------------------------------------------------------------------------------
{
    echo
    echo "miglab $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo '?') vs $PANDAS_VERSION"
    echo "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "median of $RUNS runs (C: $C_RUNS) after $WARMUP warm-up run(s), wall time incl. start-up; peak memory = max RSS (miglab / pandas)"
    echo
    printf '| %s | %s | %s | %s | %s | %s |\n' workload miglab pandas ratio "peak memory" "target"
    printf '|---|---|---|---|---|---|\n'
    while IFS=$'\t' read -r a b c d e f; do
        printf '| %s | %s | %s | %s | %s | %s |\n' "$a" "$b" "$c" "$d" "$e" "$f"
    done <"$TABLE"
} | tee "$WORK/table.md"
