#!/usr/bin/env bash
# Remakes the pictures of the printed report in docs/: the example
# station's Quý IV/2026 (tests/fixtures/report/quy-4-2026.jsonl) exported to
# XLSX by loaxa, printed to PDF by LibreOffice as the clerk's PC prints it,
# and pages of it drawn at 60 dpi: report-log-page1.png (the airing log's
# first page; the others look the same), report-summary.png (the report
# that is signed), report-alerts.png (the warnings); and a district's
# roll-up of six communes (the same quarter re-chained under six names,
# each with some items left out so their numbers differ):
# report-stations.png, its "Theo đài" sheet. The date line is the day it
# runs.
# Needs cargo, libreoffice-calc-nogui and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bin loaxa
bin="${CARGO_TARGET_DIR:-target}/debug/loaxa"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/station" "$tmp/station/data"
cp loaxa.toml "$tmp/station/"
cp tests/fixtures/report/quy-4-2026.jsonl "$tmp/station/data/airing-log.jsonl"
cat >> "$tmp/station/loaxa.toml" <<'TOML'

[report]
preparer = "Nguyễn Thị Lan"
head = "Trần Văn Minh"
TOML
"$bin" --dir "$tmp/station" export --quarter 2026-Q4 --format xlsx --lang vi \
  -o "$tmp/bao-cao.xlsx" >/dev/null
soffice "-env:UserInstallation=file://$tmp/profile" --headless --norestore \
  --convert-to pdf --outdir "$tmp" "$tmp/bao-cao.xlsx" >/dev/null 2>&1
rm -f docs/report-*.png
pages=$(pdfinfo "$tmp/bao-cao.pdf" | awk '/^Pages:/ {print $2}')
log=0
for p in $(seq 1 "$pages"); do
  text=$(pdftotext -f "$p" -l "$p" "$tmp/bao-cao.pdf" -)
  case "$text" in
    *"CỘNG HÒA XÃ HỘI"*) name=report-summary ;;
    *"NHẬT KÝ PHÁT SÓNG"*)
      log=$((log + 1))
      [ "$log" -eq 1 ] || continue
      name=report-log-page1 ;;
    *"CẢNH BÁO (CAP)"*) name=report-alerts ;;
    *) echo "page $p: not a page of the report" >&2; exit 1 ;;
  esac
  pdftoppm -png -r 60 -f "$p" -l "$p" -singlefile "$tmp/bao-cao.pdf" "docs/$name"
done

# The district's roll-up: six communes' logs, each re-chained as loaxa
# writes a log (seq, prev = SHA-256 of the line before) after a genesis
# naming it.
mkdir "$tmp/logs"
python3 - tests/fixtures/report/quy-4-2026.jsonl "$tmp/logs" <<'PY'
import hashlib, json, sys
src, out = sys.argv[1], sys.argv[2]
recs = [json.loads(l) for l in open(src, encoding="utf-8")]
names = ["Mỹ Thạnh", "Mỹ Hòa", "Tân Lợi", "Phú Thuận", "An Bình", "Long Điền"]
for i, name in enumerate(names):
    # Commune i leaves out every item whose id hashes to 0 mod (i + 3).
    def kept(r):
        rid = r.get("id")
        return rid is None or int(hashlib.sha256(rid.encode()).hexdigest(), 16) % (i + 3) != 0 or i == 0
    prev = hashlib.sha256(b"").hexdigest()
    with open(f"{out}/xa-{i + 1}.jsonl", "w", encoding="utf-8") as f:
        for seq, r in enumerate([r for r in recs if kept(r)], start=1):
            r = {k: v for k, v in r.items() if k not in ("seq", "prev")}
            if r["event"] == "genesis":
                r["station"] = f"Đài truyền thanh xã {name}"
            body = json.dumps(r, ensure_ascii=False, separators=(",", ":"))[1:]
            line = f'{{"seq":{seq},"prev":"{prev}",{body}'
            f.write(line + "\n")
            prev = hashlib.sha256(line.encode()).hexdigest()
PY
"$bin" --dir "$tmp/station" export --quarter 2026-Q4 --format xlsx --lang vi \
  --log-dir "$tmp/logs" -o "$tmp/huyen.xlsx" >/dev/null
soffice "-env:UserInstallation=file://$tmp/profile" --headless --norestore \
  --convert-to pdf --outdir "$tmp" "$tmp/huyen.xlsx" >/dev/null 2>&1
pages=$(pdfinfo "$tmp/huyen.pdf" | awk '/^Pages:/ {print $2}')
for p in $(seq 1 "$pages"); do
  case "$(pdftotext -f "$p" -l "$p" "$tmp/huyen.pdf" -)" in
    *"Tỷ lệ phát"*)
      pdftoppm -png -r 60 -f "$p" -l "$p" -singlefile "$tmp/huyen.pdf" docs/report-stations
      break ;;
  esac
done
[ -f docs/report-stations.png ] || { echo "no page of the roll-up has the table per station" >&2; exit 1; }
du -ch docs/report-*.png
