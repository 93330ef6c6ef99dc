#!/usr/bin/env bash
# loaxa and the strongest simple peer (a bash sleep-until loop + sox), in one
# sitting, on the shared start-precision harness (../shared/bench/peers):
# start latency, inter-segment gap, audio cut, idle CPU and RSS of both.
#   benches/peers/run.sh            (RUNS=10 IDLE_S=60 by default; about 8 minutes)
# Needs: python3, sox + libsox-fmt-mp3, mpg123, lame, espeak-ng, GNU time
# (Debian: apt install sox libsox-fmt-mp3 mpg123 lame espeak-ng time).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
peers=${PEERS_DIR:-$repo/../shared/bench/peers}
export BENCH_AUDIO_DIR=${BENCH_AUDIO_DIR:-/tmp/peerbench/audio}
export BENCH_RESULTS=${BENCH_RESULTS:-/tmp/peerbench/results}
[ -f "$peers/harness.py" ] || { echo "the peer harness is not at $peers (set PEERS_DIR)" >&2; exit 1; }
missing=()
for c in python3 sox mpg123 lame espeak-ng /usr/bin/time; do command -v "$c" >/dev/null || missing+=("$c"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing: ${missing[*]} — apt install sox libsox-fmt-mp3 mpg123 lame espeak-ng time" >&2; exit 1
fi
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
[ -f "$BENCH_AUDIO_DIR/manifest.json" ] || "$peers/make_audio.sh"
runs=${RUNS:-10}; idle=${IDLE_S:-60}
version=$("$repo/target/release/loaxa" --version)
python3 "$peers/harness.py" run --name loaxa --title "$version (raw: FIFO output)" \
  --adapter "$repo/benches/peers/loaxa.sh" \
  --variant 'A=seg1.wav,seg2.wav:WAV files' --variant 'B=seg1.mp3,seg2.mp3:MP3 files' \
  --runs "$runs" --interval-s 12 --align second --idle-s "$idle" --startup-s 3
RUNS=$runs IDLE_S=$idle "$peers/run_sleep_until_sox.sh"
python3 "$repo/benches/peers/compare.py" "$BENCH_RESULTS/loaxa/summary.json" "$BENCH_RESULTS/sleep_until_sox/summary.json"
