#!/usr/bin/env bash
# A year of the example station simulated: `loaxa init --example`, then
# `loaxa simulate` over 2027, timed with its peak memory (GNU time -v).
#   benches/simulate.sh [FROM] [TO]      (dd/mm/yyyy; default all of 2027)
# LOAXA_BIN: the binary to measure (default: this repository's release build, built now).
set -euo pipefail
from=${1:-01/01/2027}; to=${2:-31/12/2027}
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${LOAXA_BIN:-}" ]; then bin=$LOAXA_BIN; else
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"; bin="$repo/target/release/loaxa"; fi
st=$(mktemp -d); trap 'rm -rf "$st"' EXIT
"$bin" init --example --dir "$st/x" >/dev/null
/usr/bin/time -v -o "$st/time" "$bin" --dir "$st/x" simulate --from "$from" --to "$to" >"$st/out" 2>"$st/err"
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$st/time")
user=$(awk -F': ' '/User time/ {print $2}' "$st/time")
sys=$(awk -F': ' '/System time/ {print $2}' "$st/time")
kib=$(awk -F': ' '/Maximum resident/ {print $2}' "$st/time")
lines=$(wc -l <"$st/out")
printf 'simulate %s–%s: wall %s, user %s s, sys %s s, max RSS %.1f MiB, %s lines of output\n' \
  "$from" "$to" "$secs" "$user" "$sys" "$(echo "$kib / 1024" | bc -l)" "$lines"
