#!/usr/bin/env bash
# Start precision as loaxa itself logs it: schedules N short programs a few
# seconds apart on a temporary station, runs the daemon with a paced output
# (default null; try OUTPUT=wav:/tmp/x), and prints, from the airing log, how
# far each program's first sample was from its scheduled instant.
#   benches/start-precision.sh [N] [GAP_SECONDS]
set -euo pipefail
n=${1:-10}; gap=${2:-3}; output=${OUTPUT:-null}
repo=$(cd "$(dirname "$0")/.." && pwd)
# LOAXA_BIN: the binary to measure (default: this repository's release build, built now).
if [ -n "${LOAXA_BIN:-}" ]; then bin=$LOAXA_BIN; else
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"; bin="$repo/target/release/loaxa"; fi
st=$(mktemp -d); trap 'rm -rf "$st"' EXIT
mkdir -p "$st/schedules" "$st/audio"
cp "$repo/audio/nhac-hieu.mp3" "$st/audio/"
printf 'timezone = "UTC"\n' > "$st/loaxa.toml"
first=$(( $(date +%s) + 5 ))
{
  echo '{"slots": ['
  for i in $(seq 0 $((n - 1))); do
    t=$((first + i * gap))
    sep=","; [ "$i" -eq $((n - 1)) ] && sep=""
    printf '{"id": "p%02d", "date": "%s", "at": "%s", "program": ["nhac-hieu.mp3"]}%s\n' \
      "$i" "$(date -u -d "@$t" +%Y-%m-%d)" "$(date -u -d "@$t" +%H:%M:%S)" "$sep"
  done
  echo ']}'
} > "$st/schedules/bench.json"
"$bin" --dir "$st" run --output "$output" 2>"$st/daemon.log" &
pid=$!
sleep $(( first + n * gap + 2 - $(date +%s) ))
kill -TERM "$pid"; wait "$pid" || true
python3 - "$st/data/airing-log.jsonl" <<'PY'
import json, sys, statistics
from datetime import datetime
lat = []
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["event"] == "start" and r["index"] == 0:
        s = datetime.fromisoformat(r["scheduled"]); a = datetime.fromisoformat(r["started"])
        lat.append((a - s).total_seconds() * 1000)
if not lat:
    sys.exit("no program started: see the daemon's log")
lat.sort()
print(f"programs: {len(lat)}  first sample after the scheduled instant (ms): "
      f"min {lat[0]:.3f}  median {statistics.median(lat):.3f}  max {lat[-1]:.3f}")
PY
