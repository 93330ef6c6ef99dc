#!/usr/bin/env bash
# The package as a station runs it, tested end to end (as root):
#   1. builds the Debian package with cargo-deb (target/debian/loaxa_…deb;
#      the release build is reused when up to date);
#   2. copies a debootstrapped Debian 12 root with espeak-ng (cached in
#      $LOAXA_CI_CACHE, default /var/cache/loaxa-ci/root.new; made with
#      debootstrap the first time) and installs the package into it with
#      dpkg -i;
#   3. adds a unit drop-in for `--output null` (a container has no sound
#      card), enables loaxa, creates the operator account `op` (a plain user
#      in the group loaxa) and the walk unit (deploy/test-installed-walk.sh);
#   4. boots the root under systemd (systemd-nspawn -b) and lets the walk
#      go through a first day as the operator; the walk powers it off;
#   5. prints each check, PASS or FAIL, and the daemon's journal on failure.
# Exit status 0 when every check passed. Needs: debootstrap,
# systemd-container, cargo-deb (installed with cargo if missing).
#   deploy/test-installed.sh            build, install, boot, walk
#   deploy/test-installed.sh --keep     keep the booted root (its path is printed)
#   deploy/test-installed.sh --root     only make the cached root if missing,
#                                       or add espeak-ng and curl to an older one
#                                       (.ci/run does it while the tests run)
# Environment: LOAXA_CI_CACHE (the cache folder), LOAXA_WALK_TIMEOUT
# (seconds the booted root may take, default 300), LOAXA_DEB (a .deb to test
# instead of building one).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
keep=no root_only=no
case "${1:-}" in
--keep) keep=yes ;;
--root) root_only=yes ;;
"") ;;
*) echo "usage: deploy/test-installed.sh [--keep | --root]" >&2; exit 2 ;;
esac
[ "$(id -u)" -eq 0 ] || { echo "test-installed.sh: run it as root (it installs into a root folder and boots it)" >&2; exit 2; }
for tool in debootstrap systemd-nspawn; do
    command -v "$tool" >/dev/null || { echo "test-installed.sh: $tool is missing (apt-get install debootstrap systemd-container)" >&2; exit 2; }
done
cache=${LOAXA_CI_CACHE:-/var/cache/loaxa-ci}
timeout=${LOAXA_WALK_TIMEOUT:-300}
t0=$(date +%s)
say() { echo "test-installed: $* ($(($(date +%s) - t0)) s)"; }

# 1. The cached root: a minimal Debian 12 with systemd, espeak-ng (the
# speech engine the package recommends; `dpkg -i` installs no Recommends,
# and spoken text and CAP alerts are tested installed) and curl (the
# console's API is tried as the README shows it), made once.
mkdir -p "$cache"
if [ ! -x "$cache/root.new/bin/systemctl" ]; then
    say "debootstrapping Debian 12 into $cache/root.new (once; cached)"
    rm -rf --one-file-system "$cache/root.tmp"
    debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,libasound2,passwd,espeak-ng,curl \
        bookworm "$cache/root.tmp" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 ||
        { tail -n 30 "$cache/debootstrap.log"; exit 1; }
    mv "$cache/root.tmp" "$cache/root.new"
    say "cached root made"
fi
# A root cached before espeak-ng or curl was in the list: they are added,
# once. The host's resolv.conf is lent for the download (the root's may be
# stale).
missing=""
for pkg in espeak-ng curl; do
    [ "$(chroot "$cache/root.new" dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null)" = "install ok installed" ] ||
        missing="$missing $pkg"
done
if [ -n "$missing" ]; then
    say "installing$missing into the cached root (once)"
    resolv=$cache/root.new/etc/resolv.conf
    cp -a "$resolv" "$cache/resolv.conf.kept" 2>/dev/null || rm -f "$cache/resolv.conf.kept"
    rm -f "$resolv"
    cp -L /etc/resolv.conf "$resolv" 2>/dev/null || true
    set +e
    chroot "$cache/root.new" sh -c "apt-get update -q &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends$missing &&
        apt-get clean" >"$cache/packages.log" 2>&1
    rc=$?
    set -e
    rm -f "$resolv"
    if [ -e "$cache/resolv.conf.kept" ] || [ -L "$cache/resolv.conf.kept" ]; then mv "$cache/resolv.conf.kept" "$resolv"; fi
    [ $rc -eq 0 ] || { tail -n 30 "$cache/packages.log"; exit 1; }
    say "$missing installed in the cached root"
fi
[ "$root_only" = yes ] && exit 0

# 2. The package.
if [ -n "${LOAXA_DEB:-}" ]; then
    deb=$LOAXA_DEB
else
    command -v cargo-deb >/dev/null || cargo install --locked cargo-deb
    deb=$(cargo deb --strip | tail -n 1)
fi
[ -f "$deb" ] || { echo "test-installed.sh: no package at '$deb'" >&2; exit 1; }
say "package $deb"

# 3. The root to boot: a copy of the cached one (the cache is never booted).
root=$(mktemp -d "${cache}/walk.XXXXXX")
cleanup() {
    if [ "$keep" = yes ]; then echo "test-installed: the root is kept in $root"; else rm -rf --one-file-system "$root"; fi
}
trap cleanup EXIT
cp -a --reflink=auto "$cache/root.new/." "$root/"
say "root copied to $root"

cp "$deb" "$root/tmp/loaxa.deb"
if ! chroot "$root" dpkg -i /tmp/loaxa.deb >"$root/tmp/dpkg.log" 2>&1; then
    # Dependencies the cached root lacks come from the archive; anything
    # else (a failing postinst) is a failure of the package.
    if grep -q 'dependency problems' "$root/tmp/dpkg.log" &&
        chroot "$root" sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -f -y -q' >>"$root/tmp/dpkg.log" 2>&1; then
        :
    else
        sed 's/^/  dpkg: /' "$root/tmp/dpkg.log"
        echo "FAIL dpkg -i the package"
        echo "test-installed: 0 passed, 1 failed"
        exit 1
    fi
fi
sed 's/^/  dpkg: /' "$root/tmp/dpkg.log"

# 4. The test's own setup: no sound card, the operator, the walk.
mkdir -p "$root/etc/systemd/system/loaxa.service.d"
cat >"$root/etc/systemd/system/loaxa.service.d/test.conf" <<'EOF'
# deploy/test-installed.sh: a container has no sound card.
[Service]
ExecStart=
ExecStart=/usr/bin/loaxa --dir /var/lib/loaxa run --output null
EOF
chroot "$root" systemctl enable loaxa.service >/dev/null 2>&1
chroot "$root" useradd --create-home --user-group --groups loaxa --shell /bin/bash op
install -m 0755 deploy/test-installed-walk.sh "$root/usr/local/sbin/loaxa-walk"
cat >"$root/etc/systemd/system/loaxa-walk.service" <<'EOF'
[Unit]
Description=loaxa: an operator's first day (deploy/test-installed.sh)
After=loaxa.service systemd-journald.service systemd-user-sessions.service

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/loaxa-walk
TimeoutStartSec=270
StandardOutput=journal+console
# Whatever happens, the root powers off and the results are read.
ExecStopPost=/bin/systemctl poweroff --no-block

[Install]
WantedBy=multi-user.target
EOF
chroot "$root" systemctl enable loaxa-walk.service >/dev/null 2>&1
# Nothing to log in on: the boot goes straight to the walk.
chroot "$root" systemctl mask console-getty.service getty@tty1.service >/dev/null 2>&1 || true

# 5. Boot it.
say "booting the root (systemd-nspawn -b, at most $timeout s)"
set +e
timeout -k 20 "$timeout" systemd-nspawn --keep-unit --register=no --quiet -D "$root" -b \
    </dev/null >"$root/tmp/boot.log" 2>&1
boot_rc=$?
set -e
say "the root powered off (systemd-nspawn exit $boot_rc)"

results=$root/var/lib/loaxa-walk/results
mkdir -p "$(dirname "$results")"
if [ ! -f "$results" ]; then
    echo "FAIL the walk ran: no results (boot exit $boot_rc)" >"$results"
elif ! grep -qx DONE "$results"; then
    echo "FAIL the walk finished: it stopped before the end (timeout or crash; boot exit $boot_rc)" >>"$results"
fi

# 6. After the day, in the powered-off root: an upgrade over a station laid
# out as 0.1 left it (everything the loaxa user's, 0755, no audio/khan-cap/,
# the daemon's files group-writable), then a purge.
res() { echo "$1" >>"$results"; }
hcheck() {
    local what=$1
    shift
    if "$@" >/dev/null 2>&1; then res "PASS $what"; else res "FAIL $what"; fi
}
mode_is() {
    local got
    got=$(chroot "$root" stat -c '%U:%G %a' "$2" 2>&1)
    if [ "$got" = "$3" ]; then res "PASS upgrade: $1 is $3"; else res "FAIL upgrade: $1 is $3: it is $got"; fi
}
st=$root/var/lib/loaxa
if [ -f "$st/data/airing-log.jsonl" ]; then
    rm -rf "$st/audio/khan-cap"
    chroot "$root" chown -R loaxa:loaxa /var/lib/loaxa
    chmod 0755 "$st" "$st/schedules" "$st/audio"
    chmod 0750 "$st/data"
    chmod 0660 "$st/data/airing-log.jsonl"
    (cd "$st" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$root/tmp/station.sums"
    if chroot "$root" dpkg -i /tmp/loaxa.deb >"$root/tmp/dpkg-upgrade.log" 2>&1; then
        res "PASS upgrade: dpkg -i over the day's station"
    else
        res "FAIL upgrade: dpkg -i over the day's station: $(tail -n 3 "$root/tmp/dpkg-upgrade.log" | tr '\n' ' ')"
    fi
    hcheck "upgrade: every file of the station is unchanged ($(wc -l <"$root/tmp/station.sums") files)" \
        sh -c "cd '$st' && sha256sum --quiet -c '$root/tmp/station.sums'"
    hcheck "upgrade: no file was added to the station" \
        sh -c "[ \$(cd '$st' && find . -type f | wc -l) = \$(wc -l <'$root/tmp/station.sums') ]"
    mode_is "the missing audio/khan-cap/, made" /var/lib/loaxa/audio/khan-cap "root:loaxa 2775"
    mode_is "/var/lib/loaxa" /var/lib/loaxa "root:loaxa 755"
    mode_is "schedules/" /var/lib/loaxa/schedules "root:loaxa 2775"
    mode_is "audio/" /var/lib/loaxa/audio "root:loaxa 2775"
    mode_is "data/" /var/lib/loaxa/data "loaxa:loaxa 2750"
    mode_is "the airing log (group write taken away)" /var/lib/loaxa/data/airing-log.jsonl "loaxa:loaxa 640"
    mode_is "loaxa.toml (a file: left as it was)" /var/lib/loaxa/loaxa.toml "loaxa:loaxa 664"
    if chroot "$root" dpkg --purge loaxa >"$root/tmp/dpkg-purge.log" 2>&1; then
        hcheck "purge: the program is gone" sh -c "[ ! -e '$root/usr/bin/loaxa' ]"
        hcheck "purge: the station and its airing log are kept" \
            sh -c "cd '$st' && sha256sum --quiet -c '$root/tmp/station.sums'"
        hcheck "purge: the loaxa user (owner of the log) is kept" chroot "$root" id loaxa
    else
        res "FAIL purge: dpkg --purge loaxa: $(tail -n 3 "$root/tmp/dpkg-purge.log" | tr '\n' ' ')"
    fi
else
    res "FAIL upgrade: not tried: the day left no airing log"
fi

# 7. The results.
failed=0
cat "$results"
grep -q '^FAIL' "$results" && failed=1
grep -q '^SKIP' "$results" && echo "(SKIP: a check this machine cannot make, with the reason; not a failure)"
if [ $failed -ne 0 ]; then
    echo "--- the boot (last 40 lines)"
    tail -n 40 "$root/tmp/boot.log"
    if [ -f "$root/var/lib/loaxa-walk/journal.txt" ]; then
        echo "--- the daemon's journal and airing log"
        cat "$root/var/lib/loaxa-walk/journal.txt"
    else
        echo "--- the daemon's journal"
        journalctl --no-pager -o short-precise -D "$root/var/log/journal" -u loaxa.service 2>/dev/null | tail -n 80 || true
    fi
fi
passed=$(grep -c '^PASS' "$results" 2>/dev/null || true)
fails=$(grep -c '^FAIL' "$results" 2>/dev/null || true)
say "walk done"
echo "test-installed: $passed passed, $fails failed"
exit $failed
