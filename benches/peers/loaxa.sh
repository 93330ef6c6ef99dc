#!/usr/bin/env bash
# Adapter for ../shared/bench/peers/harness.py: runs loaxa on a station made
# from the harness's schedule, writing raw PCM to the harness's FIFO.
#   start FIFO SCHEDULE.tsv WORKDIR -> builds WORKDIR/station, starts `loaxa run`, prints its PID
#   stop PID WORKDIR                -> SIGTERM, wait for a clean exit
# LOAXA_BIN names the binary (default: target/release/loaxa of this repository).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
BIN="${LOAXA_BIN:-$HERE/../../target/release/loaxa}"
cmd="$1"; shift
case "$cmd" in
start)
  fifo="$1"; sched="$2"; wd="$3"
  st="$wd/station"
  mkdir -p "$st/schedules" "$st/audio"
  printf 'station = "peerbench"\ntimezone = "UTC"\n' > "$st/loaxa.toml"
  # One one-off slot per scheduled run; the files are copied into the drop
  # folder (loaxa refuses names that lead outside it).
  python3 - "$sched" "$st" <<'PY'
import json, os, shutil, sys, datetime
sched, st = sys.argv[1], sys.argv[2]
slots = []
for line in open(sched):
    line = line.rstrip("\n")
    if not line:
        continue
    epoch_ns, run_id, variant, paths = line.split("\t")[:4]
    t = datetime.datetime.fromtimestamp(int(epoch_ns) / 1e9, datetime.timezone.utc)
    program = []
    for p in paths.split(","):
        name = os.path.basename(p)
        dest = os.path.join(st, "audio", name)
        if not os.path.exists(dest):
            shutil.copyfile(p, dest)
        program.append(name)
    slots.append({"id": f"{run_id}-{variant}", "date": t.strftime("%Y-%m-%d"),
                  "at": t.strftime("%H:%M:%S"), "program": program})
json.dump({"title": "peerbench", "slots": slots}, open(os.path.join(st, "schedules", "bench.json"), "w"), indent=1)
PY
  LOAXA_LOG="${LOAXA_LOG:-info}" setsid "$BIN" --dir "$st" run --output "raw:$fifo" > "$wd/loaxa.log" 2>&1 < /dev/null &
  pid=$!
  sleep 0.3
  [ -e "/proc/$pid" ] || { echo "loaxa did not start:" >&2; cat "$wd/loaxa.log" >&2; exit 1; }
  echo "$pid"
  ;;
stop)
  pid="$1"; wd="$2"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do [ -e /proc/"$pid" ] || break; sleep 0.1; done
  ;;
probe)
  echo "no probe for a long-running daemon (its RSS is sampled while playing)" >&2
  ;;
*) echo "usage: $0 start|stop|probe ..." >&2; exit 2 ;;
esac
