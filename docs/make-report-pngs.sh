#!/usr/bin/env bash
# Remakes the pictures of the printed report in docs/: the example
# station's Quý IV/2026 (tests/fixtures/report/quy-4-2026.jsonl) exported to
# XLSX by loaxa, printed to PDF by LibreOffice as the clerk's PC prints it,
# and pages of it drawn at 60 dpi: report-log-page1.png (the airing log's
# first page; the others look the same), report-summary.png (the report
# that is signed), report-alerts.png (the warnings). The date line is the
# day it runs.
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
du -ch docs/report-*.png
