#!/usr/bin/env bash
# Load test of `miglab serve` on loopback: 30 concurrent clients (wrk, Debian's `wrk` package)
# ask the main pages in the three languages for DURATION seconds; then each page alone. Prints
# wrk's latency distribution (p50, p99) and requests per second. The machine, load and date
# go with the figures into BENCHMARKS.md ("miglab serve").
#
#   benches/serve/run.sh                 # release build, 30 clients, 20 s
#   CLIENTS=60 DURATION=30 benches/serve/run.sh
#   PROFILE=debug benches/serve/run.sh   # the debug build the tests use (no release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS="${CLIENTS:-30}"
DURATION="${DURATION:-20}"
PORT="${PORT:-18080}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
PROFILE="${PROFILE:-release}"
if [ "$PROFILE" = release ]; then
  cargo build --release --locked --quiet
else
  cargo build --locked --quiet
fi
BIN="${CARGO_TARGET_DIR:-target}/$PROFILE/miglab"
echo "== $BIN ($PROFILE build)"
"$BIN" serve --port "$PORT" 2>/tmp/miglab-serve-bench.log &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 50); do curl -fs -o /dev/null "$URL/" && break; sleep 0.2; done
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# First answers (packs and charts computed, then cached), as the first student of a class sees them.
echo "== first request of each page (cold cache)"
for lang in en az ru; do
  for page in / /exercises /exercises/sc-net-migration /exercises/compare-two /chart \
      "/chart?measure=top-destinations&kind=bar&origin=AZE&years=2024&edition=2024&top=10" \
      "/check?text=Net+migration+in+Azerbaijan+was+minus+84+thousand+in+2023" /glossary /sources; do
    curl -s -o /dev/null -w "%{http_code} %{time_total}s /$lang$page\n" "$URL/$lang$page"
  done
done
echo "== $CLIENTS clients, ${DURATION}s, every main page in turn (en, az, ru)"
wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency -s benches/serve/pages.lua "$URL"
for page in /en/ /en/exercises/sc-net-migration /az/chart /ru/glossary; do
  echo "== $CLIENTS clients, 10s, $page alone"
  wrk -t2 -c"$CLIENTS" -d10s --latency "$URL$page" | grep -E 'Latency|50%|99%|Requests/sec|Non-2xx'
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
