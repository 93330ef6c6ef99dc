#!/bin/bash
# The first day of an installed station, walked inside the booted test root
# by deploy/test-installed.sh (as the oneshot unit loaxa-walk.service, as
# root; everything an operator would do runs as the operator account `op`,
# a plain user in the `loaxa` group). One line per check into $RESULTS:
# "PASS what" or "FAIL what: why"; "DONE" at the end. Never run it on a
# real station: it writes a schedule and airs test programs.
set -u
RESULTS=${RESULTS:-/var/lib/loaxa-walk/results}
WORK=/var/lib/loaxa-walk
STATION=/var/lib/loaxa
EXAMPLE=/usr/share/loaxa/example
OP=op
mkdir -p "$WORK"
: >"$RESULTS"
chmod 0755 "$WORK"
failed=0

pass() { echo "PASS $1" >>"$RESULTS"; }
fail() {
    failed=1
    printf 'FAIL %s: %s\n' "$1" "$(printf '%s' "$2" | tr '\n' ' ' | head -c 3000)" >>"$RESULTS"
}
skip() { echo "SKIP $1: $2" >>"$RESULTS"; }
# check WHAT COMMAND…: PASS if the command succeeds.
check() {
    local what=$1 out
    shift
    if out=$("$@" 2>&1); then pass "$what"; else fail "$what" "$(echo "$out" | tail -n 5 | tr '\n' ' ')"; fi
}
# as_op COMMAND: a shell command as the operator, in their home folder (not a station).
as_op() { runuser -u "$OP" -- sh -c "cd /home/$OP && $1"; }
# The airing log's rows as JSON lines, read by the operator.
log_rows() { as_op 'loaxa log --json' 2>/dev/null; }
count() { log_rows | grep -c -- "$1" || true; }
# wait_for SECONDS COMMAND: polls COMMAND every second until it succeeds.
wait_for() {
    local n=$1
    shift
    while [ "$n" -gt 0 ]; do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 1
        n=$((n - 1))
    done
    return 1
}
# The journal's present position, and the lines of the unit (any of its
# processes: unit_lines) or of the daemon itself (daemon_lines) after one.
cursor() { journalctl -q -n 0 --show-cursor 2>/dev/null | sed -n 's/^-- cursor: //p'; }
unit_lines() { journalctl --no-pager -q -o cat _SYSTEMD_UNIT=loaxa.service --after-cursor "$1" 2>/dev/null; }
daemon_lines() { journalctl --no-pager -q -o cat _SYSTEMD_UNIT=loaxa.service SYSLOG_IDENTIFIER=loaxa --after-cursor "$1" 2>/dev/null; }
# stat_is WHAT PATH "OWNER:GROUP MODE"
stat_is() {
    local got
    got=$(stat -c '%U:%G %a' "$2" 2>&1)
    if [ "$got" = "$3" ]; then pass "$1 is $3"; else fail "$1 is $3" "$2 is $got"; fi
}

# --- the package's layout ---------------------------------------------------
check "the binary, the unit and the example station are installed" \
    test -x /usr/bin/loaxa -a -f /lib/systemd/system/loaxa.service -a -f $EXAMPLE/loaxa.toml -a -f $EXAMPLE/audio/nhac-hieu.mp3
check "the loaxa user is a system user in the groups loaxa and audio" \
    sh -c 'id -nG loaxa | tr " " "\n" | grep -qx loaxa && id -nG loaxa | tr " " "\n" | grep -qx audio && [ "$(id -u loaxa)" -lt 1000 ]'
stat_is "/var/lib/loaxa" $STATION "root:loaxa 755"
stat_is "loaxa.toml" $STATION/loaxa.toml "root:loaxa 664"
stat_is "schedules/" $STATION/schedules "root:loaxa 2775"
stat_is "audio/" $STATION/audio "root:loaxa 2775"
stat_is "audio/khan-cap/" $STATION/audio/khan-cap "root:loaxa 2775"
stat_is "data/" $STATION/data "loaxa:loaxa 2750"
check "a fresh install's station is empty (no schedule, no recording)" \
    sh -c "[ -z \"\$(find $STATION/schedules $STATION/audio -type f)\" ]"
check "a fresh install's loaxa.toml is not the Mỹ Thạnh example's" \
    sh -c "! grep -q 'Mỹ Thạnh' $STATION/loaxa.toml && grep -q '^lang *= *\"vi\"' $STATION/loaxa.toml"

# --- the service ------------------------------------------------------------
show=$(systemctl show -p ActiveState,SubState,StatusText,MainPID loaxa.service)
pid=$(echo "$show" | sed -n 's/^MainPID=//p')
if echo "$show" | grep -qx 'ActiveState=active' && echo "$show" | grep -q '^StatusText=.\+'; then
    pass "the service is active and READY ($(echo "$show" | grep StatusText))"
else
    fail "the service is active and READY" "$(echo "$show" | tr '\n' ' ')"
fi
if [ -n "$pid" ] && [ "$pid" != 0 ]; then
    st=$(cat /proc/"$pid"/status 2>/dev/null)
    if echo "$st" | grep -qx 'CapEff:[[:space:]]*0000000000000000' && echo "$st" | grep -qx 'NoNewPrivs:[[:space:]]*1' &&
        echo "$st" | grep -qx 'Seccomp:[[:space:]]*2'; then
        pass "the daemon runs with no capabilities, no new privileges, a system call filter"
    else
        fail "the daemon runs with no capabilities, no new privileges, a system call filter" "$(echo "$st" | grep -E 'CapEff|NoNewPrivs|Seccomp' | tr '\n' ' ')"
    fi
    mi=/proc/"$pid"/mountinfo
    if awk '$5 == "/" { print $6 }' "$mi" | grep -q '^ro' && awk '$5 == "/var/lib/loaxa/data" { print $6 }' "$mi" | grep -q '^rw' &&
        ! awk '$5 == "/var/lib/loaxa/data" { print $6 }' "$mi" | grep -q '^ro'; then
        pass "the daemon sees the system read-only and data/ writable"
    else
        fail "the daemon sees the system read-only and data/ writable" "$(awk '$5 ~ "^/(var/lib/loaxa.*)?$" { print $5, $6 }' "$mi" | tr '\n' ';')"
    fi
    check "the daemon's network is private (loopback only)" \
        sh -c "[ \$(readlink /proc/$pid/ns/net) != \$(readlink /proc/1/ns/net) ]"
    check "the daemon runs as loaxa with the groups loaxa and audio" \
        sh -c "grep -q '^Uid:[[:space:]]*$(id -u loaxa)[[:space:]]' /proc/$pid/status &&
            grep '^Groups:' /proc/$pid/status | grep -qw $(getent group audio | cut -d: -f3) &&
            grep -E '^(Gid|Groups):' /proc/$pid/status | grep -qw $(getent group loaxa | cut -d: -f3)"
else
    fail "the daemon runs" "no main PID"
fi
score=$(systemd-analyze security --no-pager loaxa.service 2>/dev/null | sed -n 's/.*Overall exposure level for loaxa.service: \([0-9.]*\).*/\1/p')
if [ -n "$score" ] && awk "BEGIN { exit !($score <= 3.5) }"; then
    pass "systemd-analyze security loaxa.service: $score (3.5 or lower)"
else
    fail "systemd-analyze security loaxa.service: 3.5 or lower" "${score:-no score}"
fi
sleep 1
start=$(cursor)
sleep 10
lines=$(unit_lines "$start")
if [ -z "$lines" ]; then pass "a fresh station is quiet: 10 idle seconds, no journal line"; else fail "a fresh station is quiet: 10 idle seconds, no journal line" "$(echo "$lines" | wc -l) line(s): $(echo "$lines" | head -n 3 | tr '\n' ' ')"; fi

# --- the operator: status and plan on a fresh install ------------------------
check "the operator op is not root, has its own primary group and is in loaxa" \
    sh -c "[ \$(id -u $OP) -ne 0 ] && [ \$(id -gn $OP) = $OP ] && id -nG $OP | tr ' ' '\n' | grep -qx loaxa"
status_out=$(as_op 'loaxa status --json' 2>"$WORK/status.err")
status_rc=$?
if echo "$status_out" | grep -q '"running": *true'; then
    pass "op: loaxa status --json (no --dir) says running"
else
    fail "op: loaxa status --json (no --dir) says running" "exit $status_rc: $(echo "$status_out" | head -c 600) $(head -c 400 "$WORK/status.err")"
fi
if echo "$status_out" | grep -q 'chưa có lịch phát'; then
    pass "op: status has the problem \"chưa có lịch phát\""
else
    fail "op: status has the problem \"chưa có lịch phát\"" "$(echo "$status_out" | sed -n '/"problems"/,$p' | head -c 800)"
fi
if grep -q '/var/lib/loaxa' "$WORK/status.err"; then
    pass "op: outside a station, loaxa says on stderr it uses /var/lib/loaxa ($(head -n 1 "$WORK/status.err"))"
else
    fail "op: outside a station, loaxa says on stderr it uses /var/lib/loaxa" "stderr: $(head -c 400 "$WORK/status.err")"
fi
if echo "$status_out" | grep -q '"next": *\[\]' && ! echo "$status_out" | grep -q 'Mỹ Thạnh'; then
    pass "op: a fresh install's status plans nothing (not the Mỹ Thạnh example)"
else
    fail "op: a fresh install's status plans nothing (not the Mỹ Thạnh example)" "$(echo "$status_out" | grep -A8 '"next"' | head -c 600)"
fi
plan_out=$(as_op 'loaxa plan --json' 2>&1)
plan_rc=$?
if [ $plan_rc -eq 0 ] && ! echo "$plan_out" | grep -q '"slot"'; then
    pass "op: loaxa plan plans nothing"
else
    fail "op: loaxa plan plans nothing" "exit $plan_rc: $(echo "$plan_out" | head -c 600)"
fi

# --- the operator's rights on the layout ---------------------------------------
for d in schedules audio audio/khan-cap; do
    check "op can create and remove files in $d/" as_op "touch $STATION/$d/.op-probe && rm $STATION/$d/.op-probe"
done
check "op can NOT create files in data/" sh -c "! runuser -u $OP -- touch $STATION/data/op-probe 2>/dev/null && [ ! -e $STATION/data/op-probe ]"
check "op can NOT add or rename anything in /var/lib/loaxa itself" \
    sh -c "! runuser -u $OP -- touch $STATION/op-probe 2>/dev/null && ! runuser -u $OP -- mv $STATION/data $STATION/data.old 2>/dev/null && [ -d $STATION/data ]"
check "op can edit loaxa.toml" as_op "cat $STATION/loaxa.toml >/dev/null && touch -c $STATION/loaxa.toml && test -w $STATION/loaxa.toml"

# --- a recording and a schedule, airing a little ahead -------------------------
check "op copies a recording into audio/" as_op "cp $EXAMPLE/audio/nhac-hieu.mp3 $STATION/audio/"
check "the copied recording has the group loaxa (setgid folder) and is readable by it" \
    sh -c "[ \"\$(stat -c '%U:%G' $STATION/audio/nhac-hieu.mp3)\" = op:loaxa ] && [ \$((0\$(stat -c '%a' $STATION/audio/nhac-hieu.mp3) & 040)) -ne 0 ]"
# Station time is Asia/Ho_Chi_Minh (UTC+7, no summer time); 25 s ahead.
at=$(($(date +%s) + 25))
read -r sec min hour < <(date -u -d "@$((at + 7 * 3600))" '+%-S %-M %-H')
cat >"$WORK/walk.json" <<EOF
{
  "version": 1,
  "title": "Thử: buổi phát đầu tiên",
  "slots": [
    {
      "id": "thu-dau-tien",
      "title": "Thử nhạc hiệu",
      "cron": "$sec $min $hour * * *",
      "program": [{ "file": "nhac-hieu.mp3", "title": "Nhạc hiệu", "level": false }]
    }
  ]
}
EOF
chmod 644 "$WORK/walk.json"
check "op saves a schedule in schedules/ (cron \"$sec $min $hour * * *\", in 25 s)" as_op "cat $WORK/walk.json > $STATION/schedules/thu.json"
check "op: loaxa check passes" as_op "loaxa check"
aired() { log_rows | grep '"slot":"thu-dau-tien"' | grep -q '"status":"completed"'; }
if wait_for 75 aired; then
    sleep 2
    n=$(count '"slot":"thu-dau-tien"')
    if [ "$n" = 1 ]; then pass "the schedule's slot aired, once ($(log_rows | grep '"slot":"thu-dau-tien"' | grep -o '"started":"[^"]*"'))"; else fail "the schedule's slot aired once" "$n airing records: $(log_rows | grep '"slot":"thu-dau-tien"')"; fi
else
    fail "the schedule's slot aired within 75 s" "log: $(log_rows | tail -n 3) status: $(as_op 'loaxa status' 2>&1 | head -n 30)"
fi

# Quiet after a save and an airing, even while op reads the schedule.
start=$(cursor)
as_op "cat $STATION/schedules/thu.json >/dev/null; loaxa check >/dev/null 2>&1; loaxa status >/dev/null 2>&1"
sleep 10
lines=$(unit_lines "$start")
if [ -z "$lines" ]; then pass "10 idle seconds (op reads the schedule, runs check and status): no journal line"; else fail "10 idle seconds (op reads the schedule, runs check and status): no journal line" "$(echo "$lines" | wc -l) line(s): $(echo "$lines" | head -n 4 | tr '\n' ' ')"; fi

# --- an emergency recording dropped into audio/khan-cap/ -----------------------
before=$(count '"schedule":"audio/khan-cap"')
check "op drops a recording into audio/khan-cap/" as_op "cp $EXAMPLE/audio/loi-chao.mp3 $STATION/audio/khan-cap/thong-bao-khan.mp3"
emergency() { [ "$(log_rows | grep '"schedule":"audio/khan-cap"' | grep -c '"status":"completed"')" -gt "$before" ]; }
# While it airs, the thread that paces the output runs SCHED_FIFO (policy 1):
# the unit allows real-time priority. Field 41 of /proc/PID/task/TID/stat.
realtime() {
    local t
    for t in /proc/"$pid"/task/*/stat; do
        [ "$(sed 's/^.*) //' "$t" 2>/dev/null | cut -d' ' -f39)" = 1 ] && return 0
    done
    return 1
}
( wait_for 60 realtime && touch "$WORK/realtime" ) &
rt_poller=$!
if wait_for 60 emergency; then
    pass "the khan-cap recording aired as an emergency ($(log_rows | grep '"schedule":"audio/khan-cap"' | tail -n 1 | grep -o '"priority":[^,}]*'))"
else
    fail "the khan-cap recording aired within 60 s" "log: $(log_rows | tail -n 2) journal: $(journalctl -q -o cat -u loaxa -n 5 --no-pager)"
fi
kill "$rt_poller" 2>/dev/null
wait "$rt_poller" 2>/dev/null
rt_unit=$(systemctl show -p RestrictRealtime,LimitRTPRIO loaxa.service | sort | tr '\n' ' ')
if [ "$rt_unit" = "LimitRTPRIO=10 RestrictRealtime=no " ]; then
    pass "the unit allows real-time priority ($rt_unit)"
else
    fail "the unit allows real-time priority" "$rt_unit"
fi
rt_what="while airing, the daemon's pacing thread runs at real-time priority (SCHED_FIFO)"
if [ -e "$WORK/realtime" ]; then
    pass "$rt_what"
elif ! probe=$(systemd-run --wait --pipe --quiet -p User=nobody -p LimitRTPRIO=10 /usr/bin/chrt -f 10 /bin/true 2>&1); then
    # The same limit, on a service that does nothing else: the machine (its
    # kernel's real-time group scheduling, or the container) refuses it.
    skip "$rt_what" "this machine refuses SCHED_FIFO to any service with LimitRTPRIO=10 (a probe unit: $(echo "$probe" | head -n 1)); the daemon's limit: $(grep 'Max realtime priority' /proc/"$pid"/limits | tr -s ' ') (the unit asks for $(systemctl show -p LimitRTPRIO --value loaxa.service))"
else
    fail "$rt_what" "no thread of PID $pid was SCHED_FIFO, though a probe unit with LimitRTPRIO=10 may use it"
fi

# --- loaxa play ------------------------------------------------------------------
before=$(log_rows | grep '"file":"nhac-hieu.mp3"' | grep -c '"status":"completed"')
out=$(as_op 'loaxa play nhac-hieu.mp3' 2>&1)
rc=$?
if [ $rc -eq 0 ]; then pass "op: loaxa play nhac-hieu.mp3 exits 0 ($(echo "$out" | head -n 1))"; else fail "op: loaxa play nhac-hieu.mp3 exits 0" "exit $rc: $out"; fi
played() { [ "$(log_rows | grep '"file":"nhac-hieu.mp3"' | grep -c '"status":"completed"')" -gt "$before" ]; }
if wait_for 40 played; then pass "the played file aired"; else fail "the played file aired within 40 s" "log: $(log_rows | tail -n 2)"; fi
rows=$(log_rows | wc -l)
out=$(as_op 'loaxa play khong-co.mp3' 2>&1)
rc=$?
if [ $rc -eq 1 ] && [ -n "$out" ]; then pass "op: loaxa play khong-co.mp3 exits 1 with a message ($(echo "$out" | head -n 2 | tr '\n' ' '))"; else fail "op: loaxa play khong-co.mp3 exits 1 with a message" "exit $rc: $out"; fi
out=$(as_op 'loaxa play nhac-hieu' 2>&1)
rc=$?
if [ $rc -eq 1 ] && echo "$out" | grep -q 'nhac-hieu.mp3'; then pass "op: loaxa play nhac-hieu (no extension) exits 1 and suggests nhac-hieu.mp3"; else fail "op: loaxa play nhac-hieu (no extension) exits 1 and suggests nhac-hieu.mp3" "exit $rc: $out"; fi
sleep 5
if [ "$(log_rows | wc -l)" = "$rows" ] && ! as_op 'loaxa status --json' 2>/dev/null | grep -q '"on_air": *{'; then
    pass "nothing was queued for the refused files (no new log record, nothing on air)"
else
    fail "nothing was queued for the refused files" "log: $(log_rows | tail -n 2)"
fi

# --- reload, stop, the journal, the log ----------------------------------------
start=$(cursor)
check "systemctl reload loaxa" systemctl reload loaxa.service
sleep 2
lines=$(daemon_lines "$start")
if [ -n "$lines" ]; then pass "the reload is in the journal ($(echo "$lines" | head -n 1))"; else fail "the reload is in the journal" "no line from the daemon"; fi
start=$(cursor)
check "systemctl stop loaxa" systemctl stop loaxa.service
sleep 1
lines=$(daemon_lines "$start")
if [ -n "$lines" ]; then pass "the stop is in the journal ($(echo "$lines" | tail -n 1))"; else fail "the stop is in the journal" "no line from the daemon"; fi
all=$(journalctl --no-pager -q -o cat _SYSTEMD_UNIT=loaxa.service)
stamped=$(echo "$all" | grep -cE '^(\x1b\[[0-9;]*m)?[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]' || true)
if [ "$stamped" = 0 ]; then pass "the daemon's journal lines carry no timestamp of their own"; else fail "the daemon's journal lines carry no timestamp of their own" "$stamped line(s), e.g. $(echo "$all" | grep -E '^[0-9]{4}-' | head -n 1)"; fi
english=$(echo "$all" | grep -E 'SIGTERM received|SIGHUP received' || true)
if [ -z "$english" ]; then pass "the daemon's journal is in the station's language (no \"SIGTERM received\")"; else fail "the daemon's journal is in the station's language" "$english"; fi
check "op: loaxa log verify passes" as_op 'loaxa log verify'
stat_is "the airing log" $STATION/data/airing-log.jsonl "loaxa:loaxa 640"
check "op can read the airing log" as_op "head -c 1 $STATION/data/airing-log.jsonl >/dev/null"
check "op can NOT write the airing log" sh -c "! runuser -u $OP -- sh -c 'echo x >> $STATION/data/airing-log.jsonl' 2>/dev/null"

if [ $failed -ne 0 ]; then
    {
        echo "--- journalctl -u loaxa"
        journalctl --no-pager -o short-precise -u loaxa.service
        echo "--- the airing log (loaxa log --json)"
        log_rows
    } >"$WORK/journal.txt" 2>&1
fi
echo DONE >>"$RESULTS"
