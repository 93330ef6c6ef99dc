#!/usr/bin/env bash
# What loaxa costs while it waits: CPU (% of one core) and resident memory of
# the daemon over an idle stretch (default 600 s), on a station whose next
# airing is days away.   benches/idle.sh [SECONDS]
set -euo pipefail
secs=${1:-600}
repo=$(cd "$(dirname "$0")/.." && pwd)
# LOAXA_BIN: the binary to measure (default: this repository's release build, built now).
if [ -n "${LOAXA_BIN:-}" ]; then bin=$LOAXA_BIN; else
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"; bin="$repo/target/release/loaxa"; fi
st=$(mktemp -d); trap 'kill "$pid" 2>/dev/null || true; rm -rf "$st"' EXIT
mkdir -p "$st/schedules"; cp -r "$repo/audio" "$st/"
day=$(date -u -d '+3 days' +%d/%m/%Y)
printf '{"slots": [{"id": "later", "date": "%s", "at": "06:00", "program": ["nhac-hieu.mp3"]}]}\n' "$day" \
  > "$st/schedules/later.json"
"$bin" --dir "$st" run --output null 2>"$st/daemon.log" &
pid=$!
sleep ${SETTLE_SECS:-5}   # start-up is not idle
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
ns() { awk '{print $1}' "/proc/$pid/schedstat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); n0=$(ns); w0=$(date +%s.%N)
sleep "$secs"
t1=$(ticks); n1=$(ns); w1=$(date +%s.%N)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
threads=$(awk '/Threads/ {print $2}' "/proc/$pid/status")
wakeups=$(awk '/voluntary_ctxt_switches/ {s += $2} END {print s}' /proc/$pid/task/*/status)
python3 - "$t0" "$t1" "$n0" "$n1" "$w0" "$w1" "$hz" "$rss" "$threads" <<'PY'
import sys
t0, t1, n0, n1, w0, w1, hz, rss, th = map(float, sys.argv[1:])
wall = w1 - w0
print(f"idle {wall:.0f} s: CPU {(t1 - t0) / hz / wall * 100:.4f} % of one core by ticks "
      f"({t1 - t0:.0f} ticks), {(n1 - n0) / 1e9 / wall * 100:.5f} % by schedstat; "
      f"RSS {rss / 1024:.1f} MiB, {th:.0f} threads")
PY
echo "context switches since start (all threads): $wakeups"
