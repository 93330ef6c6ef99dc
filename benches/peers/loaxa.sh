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
  # Files air as recorded (level = "off"): the harness checks that what
  # comes out is the file itself, sample for sample.
  printf 'station = "peerbench"\ntimezone = "UTC"\nlevel = "off"\n' > "$st/loaxa.toml"
  # One one-off slot per scheduled run; the files are copied into the drop
  # folder (loaxa refuses names that lead outside it).
  # LOAXA_BENCH_CUTIN=1: each run's program is an emergency ("khẩn cấp") that
  # cuts in at its instant into a normal program already on air: a 4 s tone
  # bed from 2 s before the instant, at -56 dBFS (49 LSB: sound to loaxa,
  # whose silence is below 33 LSB, silence to the harness, whose silence is
  # up to 64 LSB, so the observer sees the emergency's first sample), aired
  # as recorded ("level": false). The cut bed resumes after the emergency.
  if [ -n "${LOAXA_BENCH_CUTIN:-}" ]; then
    sox -n -r 48000 -c 2 -b 16 "$st/audio/bed.wav" synth 4 sine 440 vol 0.0015
  fi
  LOAXA_BENCH_CUTIN="${LOAXA_BENCH_CUTIN:-}" python3 - "$sched" "$st" <<'PY'
import json, os, shutil, sys, datetime
sched, st = sys.argv[1], sys.argv[2]
cutin = bool(os.environ.get("LOAXA_BENCH_CUTIN"))
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
    slot = {"id": f"{run_id}-{variant}", "date": t.strftime("%Y-%m-%d"),
            "at": t.strftime("%H:%M:%S"), "program": program}
    if cutin:
        b = t - datetime.timedelta(seconds=2)
        slots.append({"id": f"{run_id}-bed", "date": b.strftime("%Y-%m-%d"),
                      "at": b.strftime("%H:%M:%S"), "program": [{"file": "bed.wav", "level": False}]})
        slot["priority"] = "khẩn cấp"
    slots.append(slot)
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
