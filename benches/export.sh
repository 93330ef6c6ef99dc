#!/usr/bin/env bash
# Exporting a big airing log: N segment airings (default 100,000: a few
# years of a busy station), written as loaxa writes them (hash-chained
# start/end records), then `loaxa log verify`, and `loaxa export` of the
# whole span to CSV and to XLSX, each timed with its peak memory.
#   benches/export.sh [AIRINGS]
set -euo pipefail
n=${1:-100000}
repo=$(cd "$(dirname "$0")/.." && pwd)
# LOAXA_BIN: the binary to measure (default: this repository's release build, built now).
if [ -n "${LOAXA_BIN:-}" ]; then bin=$LOAXA_BIN; else
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"; bin="$repo/target/release/loaxa"; fi
st=$(mktemp -d); trap 'rm -rf "$st"' EXIT
mkdir -p "$st/data" "$st/schedules" "$st/audio"
echo 'station = "Đài truyền thanh xã Mỹ Thạnh"' >"$st/loaxa.toml"
python3 - "$n" "$st/data/airing-log.jsonl" <<'PY'
import datetime, hashlib, json, sys
n, path = int(sys.argv[1]), sys.argv[2]
tz = datetime.timezone(datetime.timedelta(hours=7))
topics = ["mot-cua", "thu-tuc-hanh-chinh", "chi-so-hai-long", "dan-van", None]
def stamp(t):
    return t.isoformat(timespec="milliseconds")
with open(path, "w", encoding="utf-8") as f:
    prev, seq = hashlib.sha256(b"").hexdigest(), 0
    def put(rec):
        global prev, seq
        seq += 1
        line = json.dumps({"seq": seq, "prev": prev, **rec}, ensure_ascii=False, separators=(",", ":"))
        f.write(line + "\n")
        prev = hashlib.sha256(line.encode()).hexdigest()
    t0 = datetime.datetime(2023, 1, 2, 5, 30, tzinfo=tz)
    put({"event": "genesis", "station": "Đài truyền thanh xã Mỹ Thạnh", "version": "bench", "logged": stamp(t0)})
    # Four programs a day of 20 items each, 45 s per item.
    for i in range(n):
        day, k = divmod(i, 80)
        slot, item = divmod(k, 20)
        sched = t0 + datetime.timedelta(days=day, hours=slot * 4)
        start = sched + datetime.timedelta(seconds=45 * item)
        end = start + datetime.timedelta(seconds=45)
        sid = f"{i:08x}"
        bulletin = i % 997
        put({"event": "start", "id": sid, "schedule": "schedules/cchc.json", "slot": f"ct-{slot}",
             "scheduled": stamp(sched), "index": item, "file": f"cchc/tin-{bulletin}.mp3",
             "sha256": hashlib.sha256(str(bulletin).encode()).hexdigest(),
             "title": f"Bản tin CCHC số {bulletin}", "topic": topics[bulletin % 5],
             "author": "Tổ thông tin xã", "duration": 45.0, "output": "device",
             "started": stamp(start), "logged": stamp(start)})
        put({"event": "end", "id": sid, "ended": stamp(end), "played": 45.0,
             "status": "completed", "logged": stamp(end)})
PY
size=$(du -m "$st/data/airing-log.jsonl" | cut -f1)
echo "log: $n airings, $((2 * n + 1)) records, $size MiB"
run() { # label, command...
  local label=$1; shift
  local t; t=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$t" "$@" >/dev/null 2>&1
  read -r secs kib <"$t"; rm -f "$t"
  printf '%-26s %7.2f s  %7.1f MiB peak RSS\n' "$label" "$secs" "$(echo "$kib / 1024" | bc -l)"
}
run "loaxa log verify" "$bin" --dir "$st" log verify
run "loaxa export (CSV)" "$bin" --dir "$st" export --from 01/01/2023 --to 31/12/2030 -o "$st/r.csv"
run "loaxa export (XLSX)" "$bin" --dir "$st" export --from 01/01/2023 --to 31/12/2030 --format xlsx -o "$st/r.xlsx"
run "loaxa export --quarter" "$bin" --dir "$st" export --quarter 2024-Q2 --format xlsx -o "$st/q.xlsx"
echo "CSV $(du -m "$st/r.csv" | cut -f1) MiB, XLSX $(du -m "$st/r.xlsx" | cut -f1) MiB"
