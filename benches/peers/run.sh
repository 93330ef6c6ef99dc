#!/usr/bin/env bash
# loaxa and the strongest simple peer (a bash sleep-until loop + sox), in one
# sitting, on the shared start-precision harness (../shared/bench/peers):
# start latency, inter-segment gap, audio cut, idle CPU and RSS of both.
#   benches/peers/run.sh                 (all three sets, about 20 minutes)
#   SETS="6" benches/peers/run.sh        (only one set)
# Sets (RUNS=10 IDLE_S=60 by default):
#   12     programs 12 s apart: each opens the output anew (after a quiet spell);
#   6      programs 6 s apart: each joins the output session the previous one
#          left open (the 4.9 s program ends 1.1 s before the next is due);
#   cutin  each program is an emergency ("khẩn cấp") scheduled at its instant,
#          cutting into a normal program already on air (see loaxa.sh,
#          LOAXA_BENCH_CUTIN); compared with the peer's 12 s figures, as a
#          sleep-until loop has nothing to cut into (run set 12 in the same sitting).
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
# LOAXA_BIN: the binary to measure (default: this repository's release build,
# built now); loaxa.sh reads it too. NAME_SUFFIX tells the result folders of
# two binaries apart (e.g. NAME_SUFFIX=_before).
if [ -z "${LOAXA_BIN:-}" ]; then
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
  export LOAXA_BIN="$repo/target/release/loaxa"
fi
export LOAXA_BIN
sfx=${NAME_SUFFIX:-}
[ -f "$BENCH_AUDIO_DIR/manifest.json" ] || "$peers/make_audio.sh"
runs=${RUNS:-10}; idle=${IDLE_S:-60}
version=$("$LOAXA_BIN" --version)

loaxa_run() { # NAME TITLE INTERVAL_S
  python3 "$peers/harness.py" run --name "$1" --title "$2" \
    --adapter "$repo/benches/peers/loaxa.sh" \
    --variant 'A=seg1.wav,seg2.wav:WAV files' --variant 'B=seg1.mp3,seg2.mp3:MP3 files' \
    --runs "$runs" --interval-s "$3" --align second --idle-s "$idle" --startup-s 3
}
compare() {
  python3 "$repo/benches/peers/compare.py" "$BENCH_RESULTS/$1/summary.json" "$BENCH_RESULTS/$2/summary.json"
}

# PEER=0 leaves the peer out (when it ran for another binary in the same sitting).
peer=${PEER:-1}
for set in ${SETS:-12 6 cutin}; do
  case "$set" in
  12)
    loaxa_run "loaxa$sfx" "$version (raw: FIFO output), 12 s apart" 12
    if [ "$peer" != 0 ]; then
      RUNS=$runs IDLE_S=$idle "$peers/run_sleep_until_sox.sh" --title "bash sleep-until loop + sox, 12 s apart"
    fi
    compare "loaxa$sfx" sleep_until_sox ;;
  6)
    loaxa_run "loaxa_6s$sfx" "$version (raw: FIFO output), 6 s apart" 6
    if [ "$peer" != 0 ]; then
      RUNS=$runs IDLE_S=$idle "$peers/run_sleep_until_sox.sh" --name sleep_until_sox_6s \
        --title "bash sleep-until loop + sox, 6 s apart" --interval-s 6
    fi
    compare "loaxa_6s$sfx" sleep_until_sox_6s ;;
  cutin)
    LOAXA_BENCH_CUTIN=1 loaxa_run "loaxa_cutin$sfx" "$version (raw: FIFO output), emergency cutting in, 12 s apart" 12
    if [ -f "$BENCH_RESULTS/sleep_until_sox/summary.json" ]; then compare "loaxa_cutin$sfx" sleep_until_sox; fi ;;
  *) echo "unknown set $set (12, 6, cutin)" >&2; exit 2 ;;
  esac
done
