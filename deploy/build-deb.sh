#!/usr/bin/env bash
# Builds the Debian package: target/debian/loaxa_VERSION_amd64.deb
# (binary stripped, systemd unit, example station under /usr/share/loaxa,
# copied to /var/lib/loaxa on first install; the `loaxa` user in `audio`).
#   deploy/build-deb.sh           build it
#   deploy/build-deb.sh --check   also install it into a fresh Debian 12
#                                 root (debootstrap, as root) and try it there
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
command -v cargo-deb >/dev/null || cargo install --locked cargo-deb
cargo deb --strip
deb=$(ls -t target/debian/loaxa_*_amd64.deb | head -1)
echo "built $deb"
[ "${1:-}" = "--check" ] || exit 0

root=$(mktemp -d /tmp/loaxa-debroot.XXXXXX)
command -v debootstrap >/dev/null || apt-get install -y -q debootstrap
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
cp "$deb" "$root/tmp/loaxa.deb"
chroot "$root" /bin/sh -ec '
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q /tmp/loaxa.deb >/dev/null
  id loaxa
  test -x /usr/bin/loaxa && test -f /lib/systemd/system/loaxa.service
  test -f /var/lib/loaxa/loaxa.toml && test -d /var/lib/loaxa/data
  su -s /bin/sh loaxa -c "loaxa --dir /var/lib/loaxa check"
'
# systemd cannot run in a chroot: check the unit against the installed binary.
unit=$(mktemp -d)
sed "s|/usr/bin/loaxa|$root/usr/bin/loaxa|" "$root/lib/systemd/system/loaxa.service" >"$unit/loaxa.service"
systemd-analyze verify "$unit/loaxa.service"
echo "installed and checked in $root"
