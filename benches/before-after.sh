#!/usr/bin/env bash
# Two loaxa binaries and the sleep-until + sox peer, in one sitting: start
# precision and gaps on the peer harness (programs 12 s and 6 s apart, WAV
# and MP3), idle CPU and RSS, a simulated year of the example station, and
# export of 100,000 airings. Prints everything and writes a Markdown table
# of ratios to $OUT/table.md.
#   BEFORE=/path/loaxa-old AFTER=/path/loaxa-new benches/before-after.sh
# Env: BEFORE (required), AFTER (default: this repository's release build),
# RUNS (default 10 per set, alternating WAV/MP3), IDLE_S (harness idle
# window, default 60), IDLE_SECS (benches/idle.sh, default 120), SETS
# (default "12 6"), OUT (default /tmp/loaxa-bench-<time>).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
: "${BEFORE:?set BEFORE to the binary measured as before}"
if [ -z "${AFTER:-}" ]; then
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"; AFTER="$repo/target/release/loaxa"; fi
OUT=${OUT:-/tmp/loaxa-bench-$(date -u +%Y%m%dT%H%M%SZ)}
export BENCH_RESULTS=${BENCH_RESULTS:-$OUT/results}
mkdir -p "$OUT" "$BENCH_RESULTS"
export RUNS=${RUNS:-10} IDLE_S=${IDLE_S:-60}
log() { echo "== $(date -u +%H:%M:%S) $*" | tee -a "$OUT/steps.log"; }
{
  echo "machine: $(nproc) CPU, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(uname -sr)"
  echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "before: $BEFORE ($("$BEFORE" --version))"
  echo "after:  $AFTER ($("$AFTER" --version))"
} | tee "$OUT/machine.txt"

for which in before after; do
  bin=$BEFORE; [ "$which" = after ] && bin=$AFTER
  log "simulate a year ($which), 3 times"
  for i in 1 2 3; do LOAXA_BIN=$bin "$repo/benches/simulate.sh" | tee -a "$OUT/simulate-$which.txt"; done
  log "export 100,000 airings ($which)"
  LOAXA_BIN=$bin "$repo/benches/export.sh" 100000 | tee "$OUT/export-$which.txt"
done

log "idle, both at once (${IDLE_SECS:-120} s)"
LOAXA_BIN=$BEFORE "$repo/benches/idle.sh" "${IDLE_SECS:-120}" >"$OUT/idle-before.txt" 2>&1 &
p1=$!
LOAXA_BIN=$AFTER "$repo/benches/idle.sh" "${IDLE_SECS:-120}" >"$OUT/idle-after.txt" 2>&1 &
p2=$!
wait "$p1" "$p2"
cat "$OUT/idle-before.txt" "$OUT/idle-after.txt"

for set in ${SETS:-12 6}; do
  log "set $set: peer and before"
  SETS=$set NAME_SUFFIX=_before LOAXA_BIN=$BEFORE "$repo/benches/peers/run.sh" | tee "$OUT/peers-$set-before.txt"
  log "set $set: after"
  SETS=$set NAME_SUFFIX=_after PEER=0 LOAXA_BIN=$AFTER "$repo/benches/peers/run.sh" | tee "$OUT/peers-$set-after.txt"
done
log "table"
python3 "$repo/benches/table.py" "$OUT" | tee "$OUT/table.md"
