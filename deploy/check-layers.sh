#!/usr/bin/env bash
# The core crate's layering, as issue 14 asks CI to check it (.ci/run calls
# this right after clippy; run it by hand from anywhere in the repository):
#
# 1. loaxa-core's normal dependency tree has no runtime, watcher, audio or
#    OS crate (cargo tree, as `cargo build -p loaxa-core` resolves it).
# 2. chrono's "clock" feature (Utc::now, Local::now) is not turned on for
#    the core by anything but the known enablers below; a known enabler
#    that no longer does it must be removed from the list (it only shrinks).
# 3. crates/loaxa-core/clippy.toml really fires: a scratch crate calls every
#    method it disallows, clippy runs on it with that file, and each one
#    must be reported.
set -euo pipefail
cd "$(dirname "$0")/.."

# Crates the core must never depend on, even indirectly.
forbidden=(tokio notify rodio cpal symphonia alsa alsa-sys libc sd-notify)
# Crates that turn chrono's "clock" feature on for the core today, with why.
# cron: its Schedule::upcoming reads Utc::now; the core never calls it
# (clippy.toml disallows it and chrono's now()). Remove when cron goes.
known_clock_enablers=(cron)

fail=0

echo "check-layers: loaxa-core's dependencies (cargo tree -p loaxa-core -e normal)"
tree=$(cargo tree -p loaxa-core -e normal --prefix none)
for c in "${forbidden[@]}"; do
  if grep -q "^$c v" <<<"$tree"; then
    fail=1
    echo "check-layers: loaxa-core depends on $c:" >&2
    cargo tree -p loaxa-core -e normal -i "$c" >&2
    echo "  what to do: the core holds rules only; move the code that needs $c into the binary crate (or the audio crate) and pass facts in as values" >&2
  fi
done

echo "check-layers: who enables chrono's \"clock\" for loaxa-core (cargo tree -e features -i chrono)"
# In the inverted tree, the lines one level under `chrono feature "clock"`
# are what turns it on.
enablers=$(cargo tree -p loaxa-core -e features -i chrono --prefix depth |
  awk '
    { d = $0; sub(/[^0-9].*/, "", d); d += 0; text = $0; sub(/^[0-9]+/, "", text) }
    under >= 0 && d <= under { under = -1 }
    under >= 0 && d == under + 1 && text !~ /^chrono feature/ { split(text, w, " "); print w[1] }
    text ~ /^chrono feature "clock"$/ { under = d }
    BEGIN { under = -1 }
  ' | sort -u)
for e in $enablers; do
  if [[ " ${known_clock_enablers[*]} " != *" $e "* ]]; then
    fail=1
    echo "check-layers: $e turns on chrono's \"clock\" feature for loaxa-core" >&2
    echo "  what to do: the core reads no clock; depend on chrono with default-features = false, features = [\"std\"] (or drop $e from the core)" >&2
  fi
done
for e in "${known_clock_enablers[@]}"; do
  if ! grep -qx "$e" <<<"$enablers"; then
    fail=1
    echo "check-layers: $e no longer turns on chrono's \"clock\" for loaxa-core: remove it from known_clock_enablers in deploy/check-layers.sh" >&2
  fi
done
if [ -n "$enablers" ]; then
  echo "check-layers: chrono's clock is on for the core through: $(echo $enablers) (known; clippy.toml forbids its use)"
fi

echo "check-layers: crates/loaxa-core/clippy.toml fires (a scratch crate that calls each disallowed method)"
probe=target/clippy-probe
rm -rf "$probe/src"
mkdir -p "$probe/src"
cat >"$probe/Cargo.toml" <<EOF
[package]
name = "clippy-probe"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
loaxa-i18n = { path = "../../crates/loaxa-i18n" }
chrono = { version = "0.4", default-features = false, features = ["std", "clock"] }
cron = "0.17"

[workspace]

# As the workspace's, so the dependencies' check artifacts are shared.
[profile.dev.package."*"]
opt-level = 2
EOF
cp Cargo.lock "$probe/Cargo.lock"
# One call of every method clippy.toml disallows; the list below must name
# each of them (an entry without a call here fails this script).
cat >"$probe/src/lib.rs" <<'EOF'
#![allow(clippy::let_underscore_future, unused_must_use)]
pub fn probe(tz: chrono::FixedOffset, s: &cron::Schedule) {
    let _ = std::time::SystemTime::now();
    let _ = std::time::Instant::now();
    let _ = std::env::var("X");
    let _ = std::env::var_os("X");
    let _ = std::fs::read("x");
    let _ = std::fs::read_to_string("x");
    let _ = std::fs::write("x", b"");
    let _ = std::fs::read_dir("x");
    let _ = std::fs::metadata("x");
    let _ = std::fs::File::open("x");
    let _ = std::fs::File::create("x");
    let m = loaxa_i18n::Msg::new("x", vec![]);
    let _ = loaxa_i18n::render_in(loaxa_i18n::Lang::En, &m);
    let _ = loaxa_i18n::text_in(loaxa_i18n::Lang::En, "x", &[]);
    let _ = chrono::Utc::now();
    let _ = chrono::Local::now();
    let _ = s.upcoming(tz);
    let _ = s.upcoming_owned(tz);
}
EOF
out=$(CLIPPY_CONF_DIR="$PWD/crates/loaxa-core" CARGO_TARGET_DIR="$PWD/target" \
  cargo clippy --quiet --manifest-path "$probe/Cargo.toml" --lib -- \
  -D clippy::disallowed_methods 2>&1) && {
  fail=1
  echo "check-layers: clippy passed the probe: crates/loaxa-core/clippy.toml disallows nothing" >&2
}
for path in $(grep -o 'path = "[^"]*"' crates/loaxa-core/clippy.toml | cut -d'"' -f2); do
  if ! grep -qF "disallowed method \`$path\`" <<<"$out"; then
    fail=1
    echo "check-layers: clippy.toml disallows $path, but clippy did not report the probe's call" >&2
    echo "  what to do: check the path (clippy wants the defining path), and that deploy/check-layers.sh's probe calls it" >&2
  fi
done
if grep -q '^error' <<<"$out" && ! grep -q 'disallowed method' <<<"$out"; then
  echo "$out" >&2
fi

if [ "$fail" -ne 0 ]; then
  echo "check-layers: FAILED" >&2
  exit 1
fi
echo "check-layers: passed"
