#!/usr/bin/env bash
# A province's roll-up: N station logs (default 300) of one year each,
# made from `loaxa simulate` of the example station over 2027, then
# `loaxa export --log-dir` of the year to JSON, XLSX and CSV, and a
# district's (the first 15 logs, rows listed) to XLSX, each timed with its
# peak memory (GNU time -v).
#   benches/rollup.sh [STATIONS] [DISTRICT]
# LOAXA_BIN: the binary to measure (default: this repository's release
# build, built now). KEEP=DIR keeps the logs and reports there.
#
# `simulate` marks every record `simulated`, and export never counts a
# simulation, so the year is turned into a station's evidence: the flags
# dropped, and the records chained again (seq, prev: SHA-256 of the line
# before) after a genesis naming each station, as loaxa writes a log.
set -euo pipefail
n=${1:-300}; district=${2:-15}
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${LOAXA_BIN:-}" ]; then bin=$LOAXA_BIN; else
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"; bin="$repo/target/release/loaxa"; fi
if [ -n "${KEEP:-}" ]; then st=$KEEP; mkdir -p "$st"; else st=$(mktemp -d); trap 'rm -rf "$st"' EXIT; fi
rm -rf "$st/x" "$st/logs" "$st/office"
"$bin" init --example --dir "$st/x" >/dev/null
"$bin" --dir "$st/x" simulate --from 01/01/2027 --to 31/12/2027 >/dev/null
mkdir -p "$st/logs" "$st/office/schedules"
echo 'station = "Phòng Văn hóa và Thông tin huyện"' >"$st/office/loaxa.toml"
python3 - "$n" "$st/x/data/simulation-log.jsonl" "$st/logs" <<'PY'
import hashlib, json, sys
n, sim, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
bodies, logged = [], None
for line in open(sim, encoding="utf-8"):
    rec = json.loads(line)
    rec.pop("seq", None); rec.pop("prev", None); rec.pop("simulated", None)
    if rec["event"] == "genesis":
        logged = logged or rec["logged"]
        continue
    bodies.append(json.dumps(rec, ensure_ascii=False, separators=(",", ":"))[1:])
for i in range(n):
    name = f"Đài truyền thanh xã Số {i + 1:03d}"
    genesis = json.dumps({"event": "genesis", "station": name, "version": "bench",
                          "logged": logged}, ensure_ascii=False, separators=(",", ":"))[1:]
    prev = hashlib.sha256(b"").hexdigest()
    with open(f"{out}/xa-{i + 1:03d}.jsonl", "w", encoding="utf-8") as f:
        for seq, body in enumerate([genesis] + bodies, start=1):
            line = f'{{"seq":{seq},"prev":"{prev}",{body}'
            f.write(line + "\n")
            prev = hashlib.sha256(line.encode()).hexdigest()
PY
one="$st/logs/xa-001.jsonl"
rows=$("$bin" --dir "$st/office" export --year 2027 --log "$one" --format json -o - 2>/dev/null \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["row_count"])')
echo "logs: $n × $(wc -l <"$one") records ($(du -k "$one" | cut -f1) KiB, $rows rows of 2027 each), $(du -sm "$st/logs" | cut -f1) MiB in all"
run() { # label, command...
  local label=$1; shift
  local t; t=$(mktemp)
  /usr/bin/time -v -o "$t" "$@" >/dev/null 2>&1
  local secs kib
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$t")
  kib=$(awk -F': ' '/Maximum resident/ {print $2}' "$t")
  rm -f "$t"
  printf '%-40s %9s wall  %7.1f MiB peak RSS\n' "$label" "$secs" "$(echo "$kib / 1024" | bc -l)"
}
o="$st/office"
run "verify one log (loaxa log verify --file)" "$bin" --dir "$o" log verify --file "$one"
run "province: export --log-dir, JSON" "$bin" --dir "$o" export --year 2027 --log-dir "$st/logs" --format json -o "$st/tinh.json"
run "province: export --log-dir, XLSX" "$bin" --dir "$o" export --year 2027 --log-dir "$st/logs" --format xlsx -o "$st/tinh.xlsx"
run "province: export --log-dir, CSV" "$bin" --dir "$o" export --year 2027 --log-dir "$st/logs" -o "$st/tinh.csv"
mapfile -t some < <(ls "$st"/logs/*.jsonl | head -n "$district")
run "district ($district logs, rows listed): XLSX" "$bin" --dir "$o" export --year 2027 --log "${some[@]}" --format xlsx -o "$st/huyen.xlsx"
run "district ($district logs, rows listed): CSV" "$bin" --dir "$o" export --year 2027 --log "${some[@]}" -o "$st/huyen.csv"
echo "reports: JSON $(du -k "$st/tinh.json" | cut -f1) KiB, XLSX $(du -k "$st/tinh.xlsx" | cut -f1) KiB, CSV $(du -k "$st/tinh.csv" | cut -f1) KiB; district XLSX $(du -k "$st/huyen.xlsx" | cut -f1) KiB"
