#!/usr/bin/env bash
# Scanning a big drop folder: `loaxa library` on N files (default 2000,
# copies of the example station's recordings in every format), cold (no
# cache: every file decoded, measured, hashed) and warm (cache in place:
# nothing decoded). Side by side, the same work done the way a station could
# without loaxa: ffmpeg's ebur128 filter and sha256sum per file, two at a time.
#   benches/library.sh [FILES] [PEER_FILES]
# PEER_FILES (default 200) bounds the peer run, which is slow; its time is
# scaled to FILES.
set -euo pipefail
n=${1:-2000}
peer_n=${2:-200}
repo=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin="$repo/target/release/loaxa"
st=$(mktemp -d); trap 'rm -rf "$st"' EXIT
mkdir -p "$st/schedules" "$st/audio/cchc"
mapfile -t samples < <(cd "$repo/audio" && find . -type f \( -name '*.mp3' -o -name '*.ogg' \
  -o -name '*.flac' -o -name '*.m4a' -o -name '*.wav' \) | sort)
for ((i = 0; i < n; i++)); do
  s=${samples[i % ${#samples[@]}]}
  cp "$repo/audio/$s" "$st/audio/cchc/$(printf '%04d' "$i")-$(basename "$s")"
done
# Settled long ago: nothing is "arriving".
find "$st/audio" -type f -exec touch -d '2 days ago' {} +
bytes=$(du -sb "$st/audio" | cut -f1)
echo "library: $n files, $((bytes / 1024 / 1024)) MiB, $(nproc) cores"

run() { # label, command...
  local label=$1; shift
  local t; t=$(mktemp)
  /usr/bin/time -f '%e %M %P' -o "$t" "$@" >/dev/null 2>&1
  read -r secs kib cpu <"$t"; rm -f "$t"
  printf '%-34s %8.2f s  %6.1f MiB peak RSS  %s CPU\n' "$label" "$secs" "$(echo "$kib / 1024" | bc -l)" "$cpu"
  echo "$secs" >"$st/last"
}
run "loaxa library, cold (no cache)" "$bin" --dir "$st" library
cold=$(cat "$st/last")
ready=$("$bin" --dir "$st" library --json | grep -c '"state":"ready"' || true)
run "loaxa library, warm (cached)" "$bin" --dir "$st" library
warm=$(cat "$st/last")
echo "files ready after the scan: $ready of $n"

if command -v ffmpeg >/dev/null; then
  ls "$st/audio/cchc" | sed -n "1,${peer_n}p" | sed "s|^|$st/audio/cchc/|" >"$st/peer-list"
  peer() {
    xargs -d '\n' -P 2 -I{} sh -c \
      'ffmpeg -hide_banner -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 | tail -n 12 >/dev/null; sha256sum "$1" >/dev/null' \
      _ {} <"$st/peer-list"
  }
  export -f peer; export st
  run "peer: ffmpeg ebur128 + sha256sum, $peer_n" bash -c peer
  p=$(cat "$st/last")
  python3 - "$n" "$peer_n" "$p" "$cold" "$warm" <<'PY'
import sys
n, pn, p, cold, warm = map(float, sys.argv[1:])
scaled = p * n / pn
print(f"peer scaled to {n:.0f} files: {scaled:.1f} s (every run, it keeps no cache)")
print(f"loaxa cold: {scaled / cold:.1f}x faster than the peer; warm (0.01 s counted when it rounds to 0): {scaled / max(warm, 0.01):.0f}x faster")
PY
fi
