# loaxa's messages in English. Every id here exists in vi.ftl too (a test
# checks), with the same { $variables }. Keep the two files in the same order.

## Problems in the station's files (`loaxa check`, the daemon's journal)

diag-error = error
diag-warning = warning
diag-did-you-mean = did you mean "{ $word }"?
diag-allowed = allowed here: { $list }

## Schedules

sched-in-slot = slot "{ $label }": { $message }
sched-timing-hint = add "days": ["T2", "T4"] (weekly), "date": "17/03/2014" (one-off) or "monthly": 15 (monthly), with "at": "06:30"; or a "cron"
sched-weekday-hint = write weekdays as T2…T7, CN, Thứ Hai…Chủ nhật or Mon…Sun, or "hằng ngày" for every day
sched-not-json = this is not valid JSON: { $detail }
sched-not-json-hint = fix the JSON syntax here (a missing comma, quote or bracket is the usual cause)
sched-empty-file = the file is empty
sched-empty-file-hint = write a schedule: {"{"} "title": …, "slots": [ … ] {"}"}, or remove the file
sched-not-object = a schedule must be a JSON object {"{"} … {"}"}
sched-not-object-hint = start the file with {"{"} "title": …, "slots": [ … ] {"}"}
sched-what-schedule = a schedule
sched-what-slot = a slot
sched-what-item = a program item
sched-what-skip-range = a skipped range
sched-version = this loaxa reads schedule format version { $version } only
sched-version-hint = write "version": 1, or leave the field out
sched-no-slots = the schedule has no "slots"
sched-no-slots-hint = add "slots": [ {"{"} "id": …, "days": …, "at": …, "program": [ … ] {"}"} ]
sched-slots-not-list = "slots" must be a list [ … ] of slots
sched-slots-not-list-hint = put the slots in square brackets
sched-once-never = its date { $date } is outside its from/to window or skipped, so it never airs
sched-once-never-hint = correct the date or the window
sched-to-before-from = "to" ({ $to }) is before "from" ({ $from })
sched-to-before-from-hint = swap the two dates
sched-skip-hint = write dates as "30/04" (every year), "02/09/2014", or {"{"} "from": "28/01/2025", "to": "02/02/2025" {"}"}
sched-skip-not-list = "skip" must be a list [ … ] of dates
sched-skip-range-incomplete = a skipped range needs both "from" and "to"
sched-skip-not-text = a skipped day must be text such as "30/04"
sched-unknown-field = unknown field "{ $field }" in { $what }
sched-field-twice = field "{ $field }" appears twice in { $what }
sched-field-twice-hint = keep one of them
sched-not-text = "{ $field }" must be text in quotes
sched-not-text-hint = write "{ $field }": "…"
sched-slot-not-object = each slot must be an object {"{"} "id": …, … {"}"}
sched-slot-not-object-hint = wrap the slot in braces
sched-slot-no-id = this slot has no "id"
sched-slot-no-id-hint = add "id": "sang-t2" (a name unique in this file)
sched-slot-id-empty = the slot's "id" is empty
sched-slot-id-empty-hint = give the slot a short name, unique in this file
sched-slot-id-twice = slot id "{ $id }" is used twice (first at line { $line })
sched-slot-id-twice-hint = give each slot its own id
sched-slot-at-line = at line { $line }
sched-not-priority = "{ $word }" is not a priority
sched-not-priority-hint = write "thông thường" (normal, the default), "ưu tiên" (priority) or "khẩn cấp" (emergency)
sched-no-program = it has no "program"
sched-no-program-hint = add "program": ["nhac-hieu.mp3", …] (the files to air, in order)
sched-months-bad = "months" holds something that is not a month
sched-months-bad-hint = write month numbers 1–12, e.g. "months": [1, 4, 7, 10]
sched-months-empty = "months" is empty
sched-months-empty-hint = list the months it airs in, or leave the field out
sched-two-timings = it has both "{ $first }" and "{ $second }"
sched-two-timings-hint = a slot has exactly one timing: "days", "date" or "monthly" (each with "at"), or "cron"
sched-at-without-days = it has "at" but no "days", "date" or "monthly"
sched-no-timing = it has no timing
sched-cron-and = it has both "cron" and "{ $field }"
sched-cron-and-hint = a cron expression says the time and the months itself: leave this field out
sched-date-and-months = it has both "date" and "months"
sched-date-and-months-hint = a one-off airing has its date; leave "months" out
sched-no-at = it has no "at" time
sched-no-at-hint = add "at": "06:30" (local station time)
sched-days-empty = "days" is empty
sched-weekday-not-text = a weekday must be text
sched-not-weekday = "{ $word }" is not a weekday
sched-daily-and-days = "hằng ngày" (every day) is listed together with other days
sched-daily-and-days-hint = keep either "hằng ngày" or the list of days
sched-weekday-number = weekday given as the number { $number }
sched-weekday-number-hint = numbers are ambiguous (T2 means Monday, but cron counts 1 as Sunday); write the name: T2…T7, CN or Mon…Sun
sched-cron-invalid = "{ $expr }" is not a valid cron expression
sched-cron-invalid-hint = the fields are: second minute hour day-of-month month weekday [year], e.g. "0 30 6 * * Mon-Fri"
sched-cron-five = cron "{ $expr }" has 5 fields, loaxa's cron starts with seconds
sched-cron-fields = cron "{ $expr }" has { $count } fields
sched-cron-fields-hint = write 6 or 7 fields: second minute hour day-of-month month weekday [year]
sched-cron-weekday-number = cron weekday "{ $word }" is a number
sched-cron-weekday-number-hint = numbers are ambiguous (this cron counts 1 as Sunday, people count T2 as Monday); write names: Mon…Sun or T2…CN, e.g. "Mon-Fri"
sched-cron-not-weekday = cron weekday "{ $word }" is not a weekday
sched-cron-not-weekday-hint = write Mon…Sun or T2…CN
sched-program-not-list = "program" must be a list [ … ] of files
sched-program-not-list-hint = write "program": ["nhac-hieu.mp3", "ban-tin.mp3"]
sched-program-empty = the program is empty
sched-program-empty-hint = list at least one file to air, or remove the slot
sched-level-bad = "level" must be a loudness in LUFS (−40 to −5, e.g. -16) or false
sched-level-bad-hint = write "level": -16 to bring it to −16 LUFS, or "level": false to air it as recorded (a jingle)
sched-file-and-folder = a program item has both "file" and "folder"
sched-file-and-folder-hint = name one file, or a folder with a "pick" rule
sched-item-no-file = a program item has no "file"
sched-item-no-file-hint = add "file": "ban-tin.mp3" (a file in audio/), "folder": "cchc" with "pick": "newest", or "text": "…" (words read aloud)
sched-pick-bad = "{ $word }" is not a way to pick files
sched-pick-bad-hint = write "newest" (the newest file), "all" (every file, by name) or "rotate" (the next one each airing)
sched-pick-with-file = "pick" goes with "folder", not with "file"
sched-pick-with-file-hint = write {"{"} "folder": "cchc", "pick": "newest" {"}"}
sched-not-topic = "{ $code }" is not a topic of this station
sched-item-bad = a program item must be a file name or {"{"} "file": … {"}"}
sched-item-bad-hint = write "ban-tin.mp3" or {"{"} "file": "ban-tin.mp3", "title": …, "topic": … {"}"}
sched-bad-path-hint = name a file inside the audio/ folder, e.g. "cchc/ban-tin-1.mp3"
sched-path-absolute = absolute paths are refused: name the file relative to the audio/ folder
sched-path-parent = a path with ".." would leave the audio/ folder and is refused
sched-path-empty = the file name is empty
sched-voice-without-text = "voice" goes with a text read aloud ("text" or "text_file"), not with a recording
sched-voice-without-text-hint = remove "voice", or make the item a text: {"{"} "text": "Thông báo: …", "voice": "vi" {"}"}
sched-file-is-text = "{ $file }" is a typed bulletin (.txt), not a recording
sched-file-is-text-hint = to read it aloud write {"{"} "text_file": "{ $file }" {"}"}
sched-text-and-audio = a program item has both a text to read aloud and "{ $field }"
sched-text-and-audio-hint = an item is either a recording or a text: make them two items, one after the other
sched-text-and-file = a program item has both "text" and "text_file"
sched-text-and-file-hint = keep one: "text" for words typed here, or "text_file" for a .txt file in audio/
sched-text-control = "text" holds a control character (not a line break or a tab), probably from a copy and paste
sched-text-control-hint = type the text again in the schedule, or put it in a .txt file in audio/ and name it with "text_file"
sched-text-empty-hint = write the words to read aloud, e.g. "text": "Thông báo: …", or remove the item
sched-text-too-long-hint = split it into several text items, one after the other
sched-text-path-hint = name a .txt file inside the audio/ folder, e.g. "thong-bao/bao-so-5.txt"
sched-text-file-not-txt = "text_file" names "{ $file }", which is not a .txt file
sched-text-file-not-txt-hint = a typed bulletin is a UTF-8 .txt file in audio/, e.g. "thong-bao/bao-so-5.txt"; a recording is named with "file"
sched-voice-bad = "voice" must be a voice's name: not empty, no spaces or control characters
sched-voice-bad-hint = write e.g. "voice": "vi" (northern), "vi-vn-x-central" (central) or "vi-vn-x-south" (southern)

## Dates, times and lengths (each "what is wrong — what to do")

cal-not-date = "{ $text }" is not a date
cal-not-date-hint = write it as dd/mm/yyyy (17/03/2014) or yyyy-mm-dd (2014-03-17)
cal-not-time = "{ $text }" is not a time of day
cal-not-time-hint = write HH:MM (06:30), HH:MM:SS (06:30:00) or 6h30
cal-time-range = "{ $text }" is not a valid time: hours go 0–23, minutes and seconds 0–59
cal-not-quarter = "{ $text }" is not a quarter
cal-not-quarter-hint = write it one of these ways: 2026-Q4, Q4/2026, Q4-2026, Quý 4/2026, Quý IV/2026 (with or without diacritics)
cal-not-yearly-day = "{ $text }" is not a day of the year
cal-not-yearly-day-hint = write dd/mm (30/04) for every year, or dd/mm/yyyy for one date
cal-range-reversed = the range ends ({ $to }) before it starts ({ $from })
cal-range-reversed-hint = swap the two dates
cal-not-month-day = "{ $text }" is not a day of the month
cal-not-month-day-hint = write 15 (the 15th), "cuối tháng" (the last day), "T2 đầu tiên" / "first Mon" or "T6 cuối" / "last Fri"
cal-not-duration = "{ $text }" is not a length of time
cal-not-duration-hint = write "5 phút" / "5m", "90s" or "1h"
cal-grace-range = "{ $text }" is out of range
cal-grace-range-hint = a grace window is between 0 and 24 hours

## Settings (loaxa.toml) and the station folder

set-no-folder = the station folder { $folder } does not exist — give the right folder with --dir
set-cannot-read = cannot read { $path }: { $detail }
set-schedules-unreadable = cannot read the schedules folder: { $detail }
set-schedules-unreadable-hint = create it and put the weekly schedules (*.json) in it
set-no-schedules = there are no schedules (*.json) in this folder, so nothing will air
set-no-schedules-hint = put the weekly schedule here
set-file-unreadable = cannot read the file: { $detail }
set-not-utf8 = the file is not UTF-8 text here (saved in another encoding, such as Windows-1258 or TCVN3)
set-not-utf8-hint = save the file again as UTF-8 text
set-unknown-key = unknown setting "{ $key }"
set-not-toml = this is not a valid setting: { $detail }
set-see-readme = see the settings section of the README
set-not-timezone = "{ $name }" is not a time zone
set-not-timezone-hint = write an IANA time zone such as "Asia/Ho_Chi_Minh" (the default)
set-level-bad = level: must be a loudness in LUFS between −40 and −5, or "off"
set-level-bad-hint = write level = -16 (the default), or level = "off" to air files as recorded
set-watch-bad = watch: "{ $word }" is not a way of watching
set-watch-bad-hint = write watch = "events" (the default) or watch = "poll" when audio/ is on a network share
set-skip-hint = write "30/04" (every year), "02/09/2014", or {"{"} from = "28/01/2025", to = "02/02/2025" {"}"}
set-period-bad = period "{ $name }": from/to must be days of the year written dd/mm; it is left out
set-period-bad-hint = write e.g. {"{"} name = "quy-1", label = "Quý I", from = "15/12", to = "14/03" {"}"}
set-topic-code = topic code "{ $code }" is empty or given twice
set-topic-code-hint = give each [[topics]] entry its own short code
set-lang-bad = lang: "{ $word }" is not a language loaxa speaks
set-lang-bad-hint = write lang = "vi" (Vietnamese) or lang = "en" (English)

## Sound outputs

out-hint = write "device" (the default sound card), "device:NAME", "wav:FOLDER", "raw:FILE" or "null"
out-missing-name = output "{ $spec }" is missing its name after the colon
out-unknown = unknown output "{ $spec }"
out-cannot-create = cannot create { $path }: { $detail }
out-cannot-write = cannot write { $path }: { $detail }
out-cannot-open = cannot open { $path }: { $detail }
out-fifo-no-reader = nobody is reading this FIFO; audio is discarded until a reader connects
out-fifo-reader-gone = the reader has gone; audio is discarded until one connects
out-fifo-slow = the reader is too slow; the oldest audio is dropped
out-player-gone = the player thread is not running
out-no-answer = the output did not answer within 10 s (a hung sound card?)
out-dropouts = { $count ->
    [one] 1 dropout on the sound card (xrun) while it aired
   *[other] { $count } dropouts on the sound card (xrun) while it aired
}
out-device-ready = sound card { $name } ({ $rate } Hz, { $channels } channels)
out-wav-ready = WAV files in { $folder }
out-no-folder = the folder { $folder } does not exist
out-raw-ready = raw PCM (s16le, 48 kHz, stereo) to { $path }
out-null-ready = null (paced in real time, discarded)
out-device-error = sound card error: { $detail }
out-dropout = sound card: { $detail } (a short dropout)
out-device-stalled = the sound card stopped taking audio (unplugged or hung?)
out-cannot-open-device = cannot open the sound card ({ $detail }) — connect it, or choose another with --output device:NAME (`loaxa devices` lists them)
out-cannot-list = cannot list sound cards: { $detail }
out-no-such-device = there is no sound card named "{ $name }" (found: { $found }; `loaxa devices` lists them with their descriptions)
out-none = none

## Audio files

audio-missing = the file does not exist
audio-unreadable = the file cannot be read: { $detail }
audio-empty = the file is empty (0 bytes), probably an unfinished copy
audio-not-audio = this is not an audio file loaxa can read (MP3, WAV, FLAC, OGG Vorbis, M4A/AAC)
audio-no-track = the file has no audio track
audio-unsupported = the audio codec is not supported: { $detail }
audio-undecodable = the file is damaged and cannot be decoded: { $detail }
audio-no-samples = the file contains no sound (0 samples)
audio-truncated = the file is cut short: only { $decoded } s of its { $expected } s could be decoded (an unfinished copy?)
audio-format-changes = the stream changes format midway
audio-stopped-after = decoding stopped after { $seconds } s: { $detail }
audio-folder-unreadable = the audio folder: { $detail }
audio-link-outside = it is a link to a file outside the audio folder, which is refused
audio-is-folder = it is a folder, not a file
audio-ambiguous = two or more files have this name written differently (Unicode NFC/NFD or extension case): { $names }

## loaxa check

check-arriving-hint = let the copy finish, then check again
check-copy-before = copy the recording to audio/{ $file } before { $when }
check-copy-or-rename = copy the recording to audio/{ $file }, or correct the name
check-again-before = record or copy the file again before { $when }
check-again = record or copy the file again
check-damaged-frames = "{ $file }": { $count ->
    [one] 1 damaged frame
   *[other] { $count } damaged frames
} will be skipped when it airs
check-damaged-frames-hint = record or copy the file again if it sounds broken
check-folder-empty = there is no ready recording in the folder audio/{ $folder }/
check-folder-missing = the folder audio/{ $folder }/ does not exist
check-folder-drop-before = drop the recording into audio/{ $folder }/ before { $when }
check-folder-create = create audio/{ $folder }/ and drop the recordings in it
check-unused-broken = no schedule names it; record or copy it again, or remove it
check-passed-over = { $count ->
    [one] slot { $slots } passes
   *[other] slots { $slots } pass
} over it when picking from audio/{ $folder }/; record or copy it again
check-overlap = slot "{ $slot }" ({ $schedule }, { $when }) starts while slot "{ $other }" ({ $other_schedule }, { $other_when }) is still on air: it runs until { $until }
check-overlap-hint = move one of the two slots, shorten the first program, or give the second a priority ("ưu tiên")
check-at-risk = Airings in the next { $days } days with missing or broken audio:
check-slot = slot "{ $slot }"
check-counts = checked { $schedules } schedule(s), { $slots } slot(s), { $files } audio file(s); { $airings } airing(s) in the next { $days } days, { $at_risk } with audio problems
check-summary = { $errors ->
    [one] 1 error
   *[other] { $errors } errors
}, { $warnings ->
    [one] 1 warning
   *[other] { $warnings } warnings
}

## loaxa plan, log, export, simulate, library

plan-has-errors = ({ $errors } error(s) in the schedules: run `loaxa check`; slots with errors are left out below)
plan-nothing = nothing airs from { $from } for { $days } day(s)
verify-no-log = no airing log yet: nothing has been logged
verify-broken-hint = the log was changed after loaxa wrote it; keep this copy as it is, and compare it with a backup or with the head printed by an earlier export
verify-verified-before = { $records } record(s) verified before line { $line }
verify-unsealed = { $records } record(s) and no chain: written by loaxa 0.1 and never opened since — start the daemon once to seal them
verify-empty = empty: nothing has been logged yet
verify-whole = { $records } record(s), the chain is whole
plan-picked = { $pick ->
    [all] all
    [rotate] in turn
   *[newest] newest
}
verify-head = head: { $head }
verify-sealed = the first { $lines } line(s) were written before the chain began (loaxa 0.1) and are sealed by the genesis record after them
verify-unfinished = line { $line } is unfinished: loaxa is writing it now, or stopped while writing it (it is set aside at the next start)
verify-head-found = the earlier head { $head } is record { $record } of { $records }: nothing up to it has changed since
verify-head-missing = no record has the head { $head } — the log was replaced or rewritten since the export that printed it
log-bad-line = line { $line } cannot be read: { $detail }
log-empty-period = the airing log has no entries for this period
export-broken = the airing log is broken: { $detail } — it is not counted; ask the station for a copy that passes `loaxa log verify`
export-not-a-log = not an airing log of loaxa (no chain of records: empty, unfinished, or another kind of file) — give the station's data/airing-log.jsonl itself, copied again
export-cannot-write = cannot write the report: { $detail }
export-warning = WARNING
export-own-broken = the airing log is broken: { $detail } — run `loaxa log verify`
export-stations = { $count } stations ({ $names })
export-stations-many = { $count } stations
export-dir-unreadable = cannot read the folder { $dir }: { $detail }
export-dir-empty = { $dir }: no airing log (*.jsonl) in this folder — copy each commune's log into it (its data/airing-log.jsonl, named after the commune, e.g. my-thanh.jsonl), or give the logs with --log
export-dir-link = { $file }: a link, not a log file — put a copy of the log itself in the folder (cp -L), or give it with --log
export-dir-not-file = { $file }: not a regular file (a folder, a FIFO or a device) — the folder should hold copies of airing logs only
export-log-unreadable = cannot read the airing log { $file }: { $detail } — check that the file is there and readable (copy it again from the commune), or leave it out
export-log-fault = loaxa failed inside while reading the airing log { $file }; no report was written — run the command again; if it fails again, send this file to the district's IT person to report a bug in loaxa, or leave it out
export-simulation-log = { $file }: the log of a simulation (loaxa simulate, data/simulation-log.jsonl), not of what the station aired — ask the commune for its data/airing-log.jsonl
export-given-twice = { $file } is given twice (by --log and in --log-dir, or the same folder twice) — give each log once, or its airings would be counted twice
export-unfinished = { $file }: line { $line } is unfinished (the copy was taken while loaxa was writing it, or loaxa stopped mid-write), so it is not counted — to count it, copy the log again
export-dir-left-out = { $dir }: left out, not named *.jsonl: { $files } — if one is a commune's airing log, rename it to end in .jsonl (e.g. my-hoa.jsonl); logs in a subfolder must be copied into the folder itself
export-output-is-log = { $file } is one of the airing logs the report is made from: writing the report there would replace the log — give another file name with -o (e.g. -o bao-cao.xlsx)
sim-summary = Simulated { $from } – { $to } in { $seconds } s: { $programs } program airing(s)
sim-day = { $aired } item(s) aired ({ $duration }), { $not_aired } not aired{ $other ->
    [0] {""}
   *[other] , { $other } cut or open
}
sim-log = The simulation log is { $path } (`loaxa log --simulated` shows it; `export` never counts it).
lib-arriving = the file is still being copied
lib-state = { $state ->
    [ready] ready
    [arriving] arriving
    [unchecked] unchecked
    [unusable] unusable
    [missing] missing
   *[other] { $state }
}
lib-and-more = and { $count } more
lib-used-by = used by: { $airings }
lib-needed-by = needed by: { $airings }
lib-ambiguous = ambiguous: { $names } — these names differ only in how they are written (NFC/NFD, extension case); rename or remove one
lib-summary = { $files } file(s) in { $folder }, { $problems } with a problem

## The command line

help-about = loaxa — broadcast daemon for commune loudspeaker stations (phát thanh tự động cho đài truyền thanh xã)
help-commands = Commands
help-options = Options
help-usage = Usage:
help-dir = The station folder (loaxa.toml, schedules/, audio/, data/)
help-check = Check settings, schedules and every referenced audio file (kiểm tra)
help-library = List the drop folder: every file, ready, arriving or unusable, and who uses it (thư viện)
help-plan = Show the agenda: every airing in a window, in time order (lịch phát)
help-run = Run the daemon: air every program on time, log every airing (phát sóng)
help-play = Air files now, through the running daemon (phát ngay)
help-say = Read a text aloud now, through the running daemon (đọc văn bản)
help-status = What the station is doing and what needs you: on air, next and last airings, problems (tình trạng)
help-devices = List the sound outputs, with the names --output device:NAME accepts (thiết bị)
help-stop-airing = Cut what is on air now, logged as interrupted by the operator (dừng phát)
help-reload = Read the schedules again, through the running daemon (like saving a schedule, or SIGHUP)
help-simulate = Rehearse a period on simulated time, as fast as the machine allows (mô phỏng)
help-log = Show the airing log, one row per segment airing (nhật ký phát sóng)
help-export = Export the airing log of a period for the CCHC report (báo cáo CCHC)
cli-bad-answer = the daemon's answer cannot be read
devices-none = no sound output found — is the sound card connected? (`aplay -l` lists the cards the system sees)
devices-use = Use one in loaxa.toml (output = "device:NAME") or with `loaxa run --output device:NAME`; plain "device" is the system's default.
cli-from-after-to = --from { $from } is after --to { $to }
cli-sim-output = a simulation writes to null or wav:DIR, not to { $output }
cli-sim-failed = cannot run the simulation
cli-cannot-create = cannot create { $path }
cli-cannot-write = cannot write { $path }
export-wrote = Wrote { $path }
cli-socket = cannot open the control socket { $path }
cli-runtime = cannot start the async runtime
cli-out-of-range = that period is out of range
cal-not-month = "{ $text }" is not a month
cal-not-month-hint = write it as 2014-03 (or 03/2014)
cli-no-such-period = no report period "{ $name }" — the periods are: { $known } (CV 581's, and the [[periods]] in loaxa.toml)
cli-which-period = say which period: --quarter 2014-Q1, --month 2014-03, --year 2014, --period quy-1 [--year 2014], or --from DATE --to DATE
daemon-no-watch = cannot watch the station folder ({ $detail }): saved schedules need SIGHUP or a restart
daemon-sighup = SIGHUP received: reloading the schedules
help-help = Print help
help-version = Print version

## loaxa status and the control socket

status-fix-schedule = fix the file (`loaxa check` shows every problem); the last good version stays in force meanwhile
status-copy-before = copy a good recording to audio/{ $file } before { $when }
status-clock = the clock is not synchronised (no NTP): programs air by this PC's own clock
status-clock-todo = connect the PC to the network, or check `timedatectl`; then check the time
status-running = loaxa is running
status-not-running = loaxa is NOT running for this station (start it: `systemctl start loaxa`, or `loaxa run`)
status-output = output: { $output }
status-output-unused = nothing aired yet since the start
status-output-ok = working (last item began { $at })
status-output-failed = FAILED at { $at }
status-output-failed-what = the sound output failed at { $at }: { $detail }
status-output-todo = check that the sound card is connected and switched on (`loaxa devices` lists what the PC sees); loaxa tries it again at the next airing
status-log-unwritten = { $count } airing record(s) cannot be written to { $path } and wait in memory
status-log-todo = free space on the disk or fix the folder's permissions; they are written as soon as it can
status-on-air = on air: "{ $title }" ({ $file }), item { $item }/{ $items } of slot "{ $slot }", { $elapsed } in{ $remaining ->
    [none] {""}
   *[other] , { $remaining } left
}
status-on-air-nothing = on air: nothing
status-next = next airings:
status-next-none = none in the next { $days } days
status-items = { $count ->
    [one] 1 item
   *[other] { $count } items
}
status-warnings = CAP warnings still to repeat:
status-warning-due = { $count } more, the next at { $due }
status-warning-after = { $count } more, the next after the one on air
status-last = last airings:
status-last-none = none logged yet
status-result = { $status ->
    [completed] completed
    [interrupted] interrupted
    [failed] failed
    [skipped] skipped
    [missed] missed
    [on_air] on air
   *[other] { $status }
}
status-no-problems = no problems
status-problems = { $count ->
    [one] 1 problem needs you:
   *[other] { $count } problems need you:
}
status-kind = { $kind ->
    [audio] audio
    [schedule] schedule
    [log] log
    [clock] clock
    [output] output
    [silence] silence
   *[other] { $kind }
}
ctl-not-running = loaxa is not running for this station (nothing listens on { $path }) — start it with `loaxa run`, or as a service
ctl-io = cannot talk to the running loaxa through { $path }: { $detail }
ctl-garbled = the running loaxa gave an answer that cannot be read: { $detail }
ctl-already-running = another loaxa is already running for this station ({ $path } answers) — stop it first
ctl-refused-log = control socket: refused user { $uid } (group { $gid }): not this station's user
ctl-refused = refused: only the station's users may control loaxa
ctl-bad-request = this request cannot be read: { $detail }
ctl-stopping = the daemon is stopping
ctl-no-answer = the daemon did not answer
ctl-bad-priority = "{ $word }" is not a priority — use thông thường, ưu tiên or khẩn cấp

## The daemon (the journal, `systemctl status`, answers to play/stop-airing/reload)

daemon-log-back = the airing log { $path } takes records again: the { $count } record(s) kept in memory are on disk
daemon-log-failing = { $count } airing record(s) kept in memory and retried every { $seconds } s; free space on the disk or fix its permissions. Airing goes on.
daemon-log-cannot-open = airing goes on; records are kept in memory until the log can be written
daemon-log-bad-line = line { $line } cannot be read ({ $detail }); it is kept as it is
daemon-log-unreadable = loaxa cannot tell what already aired; check the file's permissions
daemon-in-force = { $schedules } schedule(s), { $slots } slot(s) in force; airing log { $path }
daemon-output-failed = output { $output }: { $detail }. loaxa keeps running and logs each airing it cannot play as failed
daemon-next = next airing: { $when } — slot "{ $slot }" ({ $schedule }), { $count } item(s)
daemon-cannot-air = cannot be aired: { $detail }
daemon-jump-forward = the clock jumped forward from { $from } to { $to }: airings in between that are past their grace window are logged as missed
daemon-jump-back = the clock jumped back from { $from } to { $to }: nothing that already aired airs again
missed-not-running-from = loaxa was not running (or the PC was off) from { $from } to { $to }
missed-not-running = loaxa was not running (or the PC was off) at that time
missed-clock-jump = the clock jumped forward from { $from } to { $to }
missed-grace = loaxa could not start it within its grace window
daemon-missed = slot "{ $slot }" ({ $schedule }) at { $at }: missed — { $reason }
daemon-waiting-copy = slot "{ $slot }": waiting for { $files } to finish copying (up to its grace window)
daemon-skipping = skipping "{ $file }" in slot "{ $slot }": { $detail }
daemon-nothing-can-air = slot "{ $slot }": nothing in its program can air
daemon-on-air = on air: "{ $file }" (slot "{ $slot }", item { $item }), started { $started } for { $scheduled }
daemon-program-ended = program ended: slot "{ $slot }" at { $at }
daemon-stopping = stopping
systemd-on-air = on air: { $title } (program "{ $slot }", item { $item }/{ $items })
systemd-log-trouble = ERROR: { $count } log record(s) not written (disk full?)
systemd-waiting = waiting for { $time } { $day } — "{ $title }", { $count } item(s)
systemd-nothing = no airing in the next { $days } days
reload-settings-broken = loaxa.toml has errors, so the settings in force stay as they were: { $detail }
reload-settings-restart = loaxa.toml: a change to { $keys } takes effect only when loaxa restarts (sudo systemctl restart loaxa); the other settings are in force
reload-answer = schedules read again: { $schedules } schedule(s), { $slots } slot(s) in force
reload-errors = { $errors } error(s): a file with errors keeps its last good version — run `loaxa check` to see them
reload-done = schedules reloaded: { $schedules } schedule(s), { $slots } slot(s) in force
reload-keeps-last = has errors; the last good version stays in force
stop-nothing = nothing is on air
stop-done = stopped { $what }: logged as interrupted by the operator
play-arriving = "{ $file }" is still being copied; play it when the copy has finished
play-log = airing { $files } now ({ $priority })
play-sent = { $count } file(s) sent to air now ({ $priority })

## The CCHC report (CSV, JSON, XLSX and the summary after `export`)

report-month = { $mm }/{ $year }
report-year = Year { $year }
report-phrase-dates = From { $from } to { $to }
report-phrase-period = In { $period } ({ $from } to { $to })
report-col-no = No.
report-col-date = Date
report-col-day = Day
report-col-scheduled = Scheduled
report-col-started = Started
report-col-ended = Ended
report-col-duration = Duration
report-col-title = Title
report-col-author = Author
report-col-file = File
report-col-status = Status
report-col-note = Note
report-col-topic-code = Topic code
report-col-slot = Slot
report-col-schedule = Schedule
report-col-airing = Airing
report-col-month = Month
report-status = { $status ->
    [completed] Aired
    [interrupted] Interrupted
    [failed] Failed
    [skipped] Skipped
    [missed] Missed
   *[on_air] On air / not closed
}
report-sentence = { $period }, { $station } aired { $bulletins } bulletin(s) promoting administrative reform (CCHC) in { $airings } airing(s), { $minutes } minutes in total.
report-chain = Log { $file } ({ $station }): { $records } records, SHA-256 of the last record { $head }
report-summary = Summary
report-log-rows = { $count } log rows
report-not-counted = Not counted (not aired in full)
report-first-airing = First
report-repeat = Repeat
report-no-end = no end record (still on air?)
report-sheet-log = Airing log
report-sheet-alerts = Warnings (CAP)
report-sheet-stations = By station
report-st-bulletins = CCHC bulletins
report-st-airings = CCHC airings
report-st-minutes = CCHC minutes
report-st-scheduled = Items due
report-st-aired = Aired in full
report-st-missed = Missed
report-st-emergency = Emergency airings
report-st-relays = Relays
report-st-silences = Silences on air
report-st-success = Success ratio
report-chart-stations = CCHC airings per station
report-rows-not-listed = { $count } log rows: too many to list in a roll-up — see the table per station; for the rows, export each station's log on its own
report-alert-date = Date received
report-alert-time = Time received
report-alert-identifier = Alert
report-alert-sender = Sender
report-alert-event = Event
report-alert-severity = Severity
report-alert-action = What loaxa did
report-alert-on-air = On the loudspeakers at
report-alert-reason = Why
report-alert-station = Station
report-alert-aired = aired
report-alert-not-aired = not aired
report-alert-cancelled = cancelled repeats
report-title = ADMINISTRATIVE REFORM BROADCAST REPORT
report-station = Station
report-period = Period
report-topic = Topic
report-bulletins = Bulletins
report-airings = Airings
report-minutes = Minutes
report-total = Total
report-not-counted-listed = Listed but not counted (not aired in full)
report-no-airings = (no airings)
report-week = Week (from Monday)
report-log = Log
report-records = Records
report-last-sha = SHA-256 of the last record
report-check-with = Check with: loaxa log verify --head <SHA-256 above>
report-chart-minutes = Minutes aired per topic
report-chart-weeks = CCHC airings per week
# The printed report (XLSX): the heading of an administrative document,
# the date line and the signatures; the footer's &P and &N are the page
# and the pages (the spreadsheet fills them in).
report-committee = PEOPLE'S COMMITTEE OF { $name } { $kind ->
    [phuong] WARD
    [thi-tran] TOWNSHIP
    [thi-xa] TOWN
    [thanh-pho] CITY
    [dac-khu] SPECIAL ZONE
   *[xa] COMMUNE
}
report-nation = SOCIALIST REPUBLIC OF VIETNAM
report-motto = Independence - Freedom - Happiness
report-date-line = { $place }, { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }
report-preparer = Prepared by
report-preparer-sign = (Signature and full name)
report-head = Head of the unit
report-head-sign = (Signature and seal)
report-footer = Page &P of &N
help-log-verify = Check that the log is as loaxa wrote it: every record well formed and chained to the one before (exit status 1 at the first break)
arg-check-days = Also list airings in the next N days whose audio is missing or broken
arg-library-days = Show the airings of the next N days that use each file
arg-plan-days = Number of days
arg-from-today = First day (dd/mm/yyyy or yyyy-mm-dd); default today
arg-problems = Only the files with a problem
arg-json-one = As one JSON object
arg-json-lines = One JSON object per line
arg-from = First day (dd/mm/yyyy or yyyy-mm-dd)
arg-to = Last day, inclusive
arg-run-output = device | device:NAME | wav:DIR | null (default: the station's setting, else device)
arg-sim-output = null (only the timing; the default) or wav:DIR (render the audio)
arg-export-output = Output file ("-" for standard output); default bao-cao-cchc_PERIOD.EXT
arg-play-files = Files in the audio folder (as the schedule names them, or their paths)
arg-play-priority = thông thường, ưu tiên (the default: after the item on air) or khẩn cấp (cuts in at once)
arg-say-text = The text to read aloud (in quotes), or - to read it from standard input
arg-say-repeat = How many times to read it (1 to 10; default 1)
say-empty = there is no text to read
say-not-utf8 = the text read from standard input is not UTF-8 — save it as UTF-8 (Unicode) and try again
say-piped-too-long = the text read from standard input is longer than loaxa say reads ({ $max } characters) — put a long bulletin in a .txt file in the audio folder instead
say-too-long = the text has { $count } characters; loaxa say reads at most { $max } — put a long bulletin in a .txt file in the audio folder instead
say-bad-repeat = --repeat must be a whole number from 1 to { $max }
play-gave-up = loaxa play: the asker stopped waiting before the daemon could answer, so nothing airs
say-gave-up = loaxa say: the asker stopped waiting before the speech was ready, so it does not air
daemon-task-failed = work done beside the schedule failed: { $detail }
say-cannot = could not turn the text into speech: { $why }
say-sent = reading aloud "{ $title }" ({ $count } time(s), { $priority })
say-log = read aloud: "{ $title }" ({ $priority })
arg-simulated = The log of the last `loaxa simulate` instead of the station's
arg-quarter = A calendar quarter: 2026-Q4, Q4/2026, "Quý IV/2026" or "Quý 4/2026"
arg-month = A month, e.g. 2014-03 (or 03/2014)
arg-period = A report window of CV 581: quy-1 (15/12–14/03), 6-thang (15/12–14/06), quy-3 (15/06–14/09), nam (15/12–14/12), or one of loaxa.toml's [[periods]]
arg-year = The year: alone, the calendar year; with --period, the year the window ends in
arg-format = csv (the default, UTF-8), csv-excel (UTF-16 with tabs: Excel opens it with every letter right), xlsx (Excel, recommended) or json
arg-lang = The language of the report's words (default: the station's language)
arg-logs = Build one report from these airing logs (a district or province collecting its communes' logs), each verified first
arg-log-dirs = Build one report from every airing log (*.jsonl) in this folder, sorted by name (not its subfolders); with --log too
arg-head = The head hash printed by an earlier export: check that the log still holds that record, unchanged
arg-file = Another log file (e.g. a copy sent by a commune) instead of the station's

## Reasons and notes in the airing log (the report's "Note" column)

reason-stopped-by-operator = stopped by the operator (loaxa stop-airing)
reason-closed-at-start = daemon stopped while this segment was on air (closed at the next start)
reason-stopped-during = loaxa stopped during this program
reason-signal = daemon stopped (signal)
reason-daemon-stopped = daemon stopped
reason-output-gone = the output thread has gone
reason-output-hung = the sound output stopped answering (a hung or vanished device?); it is reopened for the next airing
reason-cut-by-emergency = cut by the emergency program "{ $slot }" ({ $schedule })
reason-cut-by-emergency-program = cut by an emergency program
reason-late = another program was on air past its grace window
reason-not-resumed = not resumed: the emergency lasted longer than its grace window
reason-not-aired = not aired: { $reason }
note-resumed = resumed after the emergency program "{ $slot }" ({ $schedule })
note-went-ahead = went ahead of slot "{ $slot }" ({ $schedule }), whose remaining items follow ({ $priority })
note-late-behind = started { $seconds } s late: slot "{ $slot }" ({ $schedule }) was on air
note-late = started { $seconds } s late
daemon-recover-open = segment { $id } was on air when loaxa stopped; logging it as interrupted
daemon-prepare-failed = preparing the program failed: { $detail }
daemon-log-open = airing log { $path }: record { $records }, head { $head }
out-on-air = { $output } (on air)
out-error-idle = output error outside a sound card session: { $detail }
cannot-save = cannot save { $path }: { $detail }
lib-cache-old = written by another version of loaxa; files are checked again
lib-cache-unreadable = cannot be read ({ $detail }); files are checked again
watch-emergency = emergency file { $path }: airing it now
ctl-error = control socket: { $detail }
audio-resample-stopped = resampling stopped: { $detail }

## The airing log file and its chain (`loaxa log verify`)

airlog-cannot-open = cannot open the airing log { $path }: { $detail }
airlog-cannot-write = cannot write the airing log { $path }: { $detail }
airlog-cannot-read = cannot read the airing log { $path }: { $detail }
airlog-torn = the last line was unfinished ({ $bytes } bytes: loaxa stopped while writing it); kept in { $kept } and cut off
chain-not-record = line { $line } is not a valid record ({ $detail }): it was edited by hand
chain-unknown-event = line { $line } is a kind of record this version of loaxa does not know (“{ $event }”): the log was probably written by a newer loaxa — update loaxa on this computer, then read it again
chain-no-place = line { $line } has no place in the chain (no seq/prev): it was inserted by hand or by another program
chain-genesis-edited = line { $line }: the chain's first record does not match: it was edited
chain-before-genesis = line { $line }: what comes before this chain start was changed after it was written (edited, deleted or inserted lines above line { $line })
chain-no-genesis = line { $line } is chained but no genesis record comes before it: the lines above it were deleted or replaced
chain-repeats = line { $line } repeats record { $record } of line { $first }: a copied or inserted line
chain-cannot-follow = line { $line } is record { $record }, which cannot come after record { $previous } (line { $previous_line }): an inserted or moved line
chain-reordered = line { $line } is out of order: record { $record } should come here and is at line { $at } (lines were reordered)
chain-deleted-one = record { $record } is missing between line { $previous_line } and line { $line }: a line was deleted
chain-deleted-many = records { $record }–{ $last } are missing between line { $previous_line } and line { $line }: lines were deleted
chain-moved = line { $line } follows line { $follows }, not line { $previous_line }: it was copied or moved here
chain-changed = line { $previous_line } was changed after it was written: its SHA-256 no longer matches the one line { $line } recorded
cli-bad-loaxa-lang = LOAXA_LANG="{ $value }" is not a language loaxa speaks ("vi" or "en"); it is ignored
sim-cannot-remove = cannot remove the old simulation log { $path }: { $detail }
daemon-audio-scan = audio: { $files } file(s), { $known } known from before, { $unchecked } to check, { $arriving } still arriving
watch-cannot = cannot watch { $path }: { $detail }; new recordings are noticed only by the rescan every few minutes, and emergency files not at all
watch-emergency-arriving = emergency file { $path }: arriving; it airs once it stops changing

## The station folder: finding it, setting it up (`loaxa init`)

set-not-a-station = { $folder } is not a station folder (no loaxa.toml, no schedules/ folder) — give the right folder with --dir, or set up a new station here: `loaxa init --dir { $folder }`
set-no-station = this folder is not a station folder, and no other station was found (LOAXA_DIR is not set, { $installed } does not exist) — go to the station's folder (cd), give it with --dir, or set up a new station: `loaxa init`
cli-using-station = (station: { $path })
init-cannot = cannot create { $path }: { $detail }
init-not-empty = { $path } already has the station's schedules or recordings: the example is not copied over them — use `loaxa init --example` in a new folder
init-bad-name = the station's name cannot be empty or hold control characters — for example: --station "Đài truyền thanh xã Tân Lợi"
init-toml-head = The station's settings (see the README, "Settings"). Every key is optional.
init-toml-lang = vi (Vietnamese) | en: the language of messages and reports
init-toml-output = device | device:NAME (`loaxa devices` lists them) | wav:FOLDER | null
init-toml-web = The station's console (web): open http://127.0.0.1:8080/ on this PC; accounts are made with `loaxa user add`
init-toml-web-enabled = true: on | false: off
init-toml-web-listen = "127.0.0.1:8080": this PC only | "0.0.0.0:8080": the whole LAN (see the README); add tls_cert and tls_key (PEM files) for HTTPS
init-kept = { $count } thing(s) already there, kept as they are: { $files }
init-done = the station in { $path } is ready.
init-next = Next: save the broadcast schedule in schedules/, copy the recordings into audio/, then run `loaxa check`.
help-init = Set up a station folder (empty, or from the example station)
arg-init-example = Copy the example station (Mỹ Thạnh commune: sample schedules and recordings) in
arg-init-station = The station's name, e.g. "Đài truyền thanh xã Tân Lợi"
status-no-schedules = no broadcast schedule yet: the folder { $folder } holds no schedule, so nothing airs
status-no-schedules-todo = save the broadcast schedule (*.json) in that folder (README, "Writing a schedule"), or start from the example station: `loaxa init --example`
status-nothing-planned = nothing airs in the next { $days } days: the schedules are over or not yet in force
status-nothing-planned-todo = see `loaxa plan` and the schedules' from/to dates; save the new week's schedule
play-refused = not airing "{ $file }": { $why } — `loaxa library` lists the recordings in audio/; nothing was sent to air
play-refused-close = not airing "{ $file }": { $why } — did you mean { $close }? Nothing was sent to air
watch-no-emergency-dir = the emergency folder { $path } does not exist and cannot be made ({ $detail }): emergency files will not be noticed — make it: `sudo install -d -g loaxa -m 2775 { $path }`
watch-emergency-was-there = { $path } was already there when loaxa started; it is not aired (copy it in again to air it)
daemon-sigterm = stop signal received (SIGTERM): stopping loaxa
daemon-sigint = Ctrl-C received (SIGINT): stopping loaxa
cli-no-signal = cannot handle { $signal }
instance-running = another loaxa (PID { $pid }) is already running for this station ({ $path } is locked) — stop it first: `sudo systemctl stop loaxa`
instance-cannot = cannot lock { $path }: { $detail } — check the station's data/ folder (writable, not a link)
verify-head-not-hex = --head "{ $head }" is not a hash (digits 0–9 and a–f only; 64 at most)
verify-head-short = --head "{ $head }" is too short: give at least its first { $digits } digits, as the report prints them
verify-head-ambiguous = --head "{ $head }" matches more than one record: give a few more digits
audio-bad-header = the file's header declares what no recording has ({ $detail }): the file is damaged or not a recording — record or copy it again
audio-bad-rate = a sample rate of { $rate } Hz
audio-bad-channels = { $channels } channels
audio-bad-length = { $hours } hours long
audio-bad-bits = { $bits } bits per sample
audio-internal = the decoder failed inside on this file ({ $detail })
audio-not-regular = this is not a regular file (a FIFO, a device or a socket), so it is not read
audio-link-broken = this is a link to a file that no longer exists
audio-name-not-text = the file's name is not readable text (UTF-8) — rename the file, typing its name again
cli-days-range = --days "{ $text }": give a number of days from 0 to { $max }
cli-year-range = a report period from { $from } to { $to }: only the years 1970–9999 can be reported
daemon-still-copying = the file was still being copied at air time (past its grace window)
out-file-folder = { $path } is a folder — give a file name, e.g. -o { $path }/bao-cao.xlsx
out-file-special = { $path } is not a regular file (a FIFO or a device), so it is not replaced — use -o - to print, and redirect
out-file-read-only = { $path } is read-only and is not replaced — choose another name, or make it writable first
out-file-io = cannot write { $path }: { $detail }
airlog-not-regular = this is not a regular log file (a FIFO or a device)
export-same-log = { $first } and { $again } are the same airing log ({ $station }: the same first record), perhaps a copy — give each commune's log once, or its airings would be counted twice
daemon-log-kept-aside = { $count } airing record(s) the log could not take are kept aside in { $path }; they are written into the log when the disk takes them again, even after a restart
daemon-log-cannot-keep = the unwritten records cannot be kept aside ({ $detail }); they stay in memory and in the system journal
daemon-log-restoring = writing into the log { $count } airing record(s) kept aside in { $path } while the disk refused them
daemon-log-unwritten-at-stop = { $count } airing record(s) could not be written to { $path } at this stop; they are kept aside (see above) and here:
spill-not-ours = { $path } is not loaxa's (another owner, or not a regular file): not read
note-changed-on-air = the file was changed while on air: the SHA-256 here is the file's as airing began, and what aired may be partly the new content
note-and-changed = { $note }; { note-changed-on-air }
check-overlap-times = { " " }(it happens { $count } times in the next { $days } days)
sched-unclosed = the file ends while the { $what } opened at line { $line }, column { $col } is still open
sched-curly-quotes = curly quotes “ ” (pasted from Word or Zalo) are not JSON
sched-curly-quotes-hint = replace them with straight quotes "…" (type them again, or use Notepad)
sched-cron-field = cron "{ $expr }": the { $field } field "{ $text }" is not valid
sched-cron-field-hint = this field takes numbers from { $low } to { $high }, as N, N-M, */STEP or a comma list
cron-second = second
cron-minute = minute
cron-hour = hour
cron-day = day-of-month
cron-month = month
cron-year = year
cal-year-digits = "{ $text }": write the year with its 4 digits, e.g. 17/03/2014
play-too-many = one play names at most { $max } files (this one names { $count }); nothing was sent to air
play-nothing = no file to play
stop-before-start = stopped the program about to start (nothing of it had aired): logged as missed, stopped by the operator
lib-mostly-silence = mostly silence: only { $sound } s of its { $duration } s has sound — the loudspeakers would air dead air
lib-too-quiet = too quiet ({ $loudness } LUFS): even raised as far as loaxa raises anything, it airs { $short } LU quieter than the rest
check-record-again = listen to the file; record it again (closer to the microphone) or copy the right one
daemon-ready = started
sched-window-outside = the slot's from/to dates lie outside its schedule's from/to: it never airs
sched-window-outside-hint = set the slot's from/to within the schedule's dates, or leave them out
sched-cron-never = no date ever matches this cron (e.g. 31 February): the slot never airs
sched-cron-never-hint = check the cron's day-of-month and month fields
audio-cut-end = the file is cut short: it stops in the middle of its last frame after { $decoded } s (an unfinished copy?)
file-is-folder = this is a folder, not a file
file-too-large = the file is larger than { $mib } MiB, more than any file of this kind
out-file-link = { $path } is a link (to { $target }): reports are not written through links — give the real file's name
sched-control-char = "{ $field }" holds a control character (a line break, a tab…)
sched-control-char-hint = write this value on one line, without line breaks or tabs
set-station-bad = the station's name (station) cannot be empty or hold control characters (line breaks…)
set-station-bad-hint = write it on one line, e.g. station = "Đài truyền thanh xã Tân Lợi"
init-name-kept = loaxa.toml was already there, so the name "{ $name }" was not written: edit its station = … line if needed
init-next-example = Next: `loaxa check`, then `loaxa plan` to see what the example station airs; replace its schedules and recordings with the station's own.
json-expected-comma = a comma is missing here
json-trailing-comma = a comma too many before the closing bracket
json-comments = JSON allows no comments (// or /* */)
json-expected-colon = a colon is missing after the field's name
json-expected-value = a value is missing after the colon
json-expected-key = a field's name goes in double quotes "…"
json-multiple = there is more text after the last closing {"}"}
json-too-deep = brackets nested too deep
json-single-quotes = text goes in double quotes "…", not single ones '…'
json-unterminated-string = a text opened with " is never closed
json-bad-escape = a \ in the text that is not allowed (write \\ for one \)
json-number = a number written wrongly
json-unexpected-close = a closing bracket with no opening one
json-unexpected = something here does not belong
stop-queued-too = { $count } program(s) waiting behind it stopped too (logged missed)

# A problem with one field of a file: "skip": "31/02" is not a date
field-said = "{ $field }": { $message }

# Two hints side by side: did you mean "T2"? write T2…T7, CN
two-hints = { $first } { $second }

# A problem with one setting of loaxa.toml: grace: "5 phut x" is not a length of time
setting-said = { $key }: { $message }

# A message and its continuation, written together
two-parts = { $first }{ $second }
out-underrun = sound card: the player fell behind, { $ms } ms of silence (a short dropout)

# Spoken text ([voice] in loaxa.toml, data/speech/)
voice-espeak-missing = the speech engine espeak-ng ({ $program }) was not found — install the espeak-ng package: sudo apt install espeak-ng (or give its path as command = "…" in the [voice] section of loaxa.toml)
voice-piper-missing = the speech engine piper ({ $program }) was not found — install piper (the program in a piper release for Linux) in /usr/local/bin, or give its path as command = "…" in the [voice] section of loaxa.toml; loaxa downloads nothing itself
voice-voice-missing = espeak-ng has no voice "{ $voice }" — in the [voice] section of loaxa.toml, write voice = one of the voices it has: { $available }
voice-no-vietnamese = (no Vietnamese voice: reinstall the espeak-ng-data package)
voice-model-not-set = piper needs a voice model — write model = "vi_VN-vais1000-medium.onnx" in the [voice] section of loaxa.toml (a path from the station folder)
voice-not-a-model = with piper, a voice is a voice file (.onnx): "{ $voice }" is an espeak-ng voice name — write the name of an .onnx file (from the station folder, its .onnx.json beside it), or leave "voice" out to read in the station's voice
voice-model-missing = cannot read the voice model { $model }: { $detail } — put the model file (.onnx) there, with its .onnx.json beside it, or correct model = "…" in the [voice] section of loaxa.toml
voice-model-config-missing = cannot read the voice model's settings { $config }: { $detail } — put the model's .onnx.json beside its .onnx file, with the same name
voice-empty-text = there is no text to read
voice-start-failed = cannot run { $program }: { $detail }
voice-timed-out = { $program } had not finished after { $seconds } seconds and was stopped — check the speech engine (try it by hand), or split the text into shorter items
voice-engine-failed = { $program } failed ({ $exit }): { $stderr }
voice-exit-code = exit code { $code }
voice-exit-signal = killed by signal { $signal }
voice-no-stderr = it said nothing
voice-no-sound = { $program } made no usable sound file: { $detail }
voice-cache-failed = cannot keep the speech in { $path }: { $detail }
voice-not-a-file = it is not a file
voice-empty-file = the file is empty, no sound
voice-wav-cut-short = the sound file is cut short: { $has } bytes of sound where its header says { $says }
voice-set-engine-bad = [voice] engine: "{ $word }" is not a speech engine loaxa knows
voice-set-engine-bad-hint = write engine = one of { $engines } (the default is "espeak-ng")
voice-set-voice-bad = [voice] voice: the voice's name cannot be empty or hold spaces or control characters
voice-set-voice-bad-hint = write voice = "vi" (northern, the default), "vi-vn-x-central" (central) or "vi-vn-x-south" (southern)
voice-set-speed-bad = [voice] speed: { $value } is not a speed loaxa can use (words a minute, { $min } to { $max })
voice-set-speed-bad-hint = write speed = { $default } (the default); a larger number reads faster, e.g. speed = 180
voice-set-model-needed = [voice] engine = "piper" needs a voice model (model)
voice-set-model-needed-hint = write model = "vi_VN-vais1000-medium.onnx" (a path from the station folder; its .onnx.json beside it)
voice-set-command-bad = [voice] command: the engine's path cannot be empty
voice-set-command-bad-hint = write command = "/usr/local/bin/piper", or leave the line out for loaxa to look on PATH

## Text items (typed bulletins read aloud)
text-empty = the text has nothing to read aloud
text-too-long = the text has { $count } characters; one text item reads at most { $max }
text-not-utf8 = the text is not UTF-8 (from byte { $at }) — save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)
text-file-too-big = the file has { $bytes } bytes, more than a text item may hold ({ $max } characters) — split it into several files
lib-text-not-audio = this is a typed bulletin (.txt), not a recording — name it with "text_file" to read it aloud
lib-audio-not-text = this is not a typed bulletin (.txt)
daemon-voice-ahead-failed = cannot read "{ $title }" aloud ahead of air time: { $why }
daemon-voiced-ahead = read { $count } text item(s) aloud ahead of air time
check-text-cannot-voice = text items cannot be read aloud: { $why }
check-text-cannot-voice-hint = until then each text item is logged as skipped when it comes up, and the rest of its program airs
check-text-voice-missing = espeak-ng has no voice "{ $voice }" — write "voice": one of the voices it has ({ $available }), or leave "voice" out for the station's
check-texts = text items read aloud by { $engine } ({ $speed } words a minute):
plan-voice = voice { $voice }
# Emergency warnings from CAP 1.2 alerts (audio/khan-cap/, loaxa alert)
cap-too-big = the alert file is { $size } bytes; loaxa reads alert files up to { $limit } MB
cap-too-big-hint = a CAP alert is a few KB; an embedded recording must be under 20 MB (or put the recording beside the alert and name it in <uri>)
cap-utf16 = the file is UTF-16 text
cap-not-utf8 = the file is not UTF-8 text (byte { $byte } here)
cap-utf8-hint = save the alert as UTF-8 (CAP alerts are UTF-8) and copy it again
cap-encoding = the file says it is in { $encoding }; loaxa reads UTF-8 only
cap-doctype = the file has a <!DOCTYPE>: CAP alerts have none, and loaxa refuses entity definitions
cap-doctype-hint = remove the <!DOCTYPE …> part at the top; if the file did not come from the warning office, do not use it
cap-entity = unknown entity &{ $name };
cap-entity-hint = write the character itself, or &amp; &lt; &gt; &quot; &apos; or a number &#…;
cap-xml = this is not well-formed XML: { $detail }
cap-xml-hint = fix the XML here (a missing end tag or a stray & or < is the usual cause)
cap-xml-mismatch = </{ $found }> closes <{ $expected }>
cap-xml-mismatch-hint = close <{ $expected }> with </{ $expected }> first
cap-xml-unmatched = </{ $name }> closes nothing
cap-xml-unclosed-tag = a tag is not closed with >
cap-xml-ampersand = this & does not start a proper entity (&amp;, &lt;, &#…;)
cap-unclosed = the file ends before <{ $element }> is closed
cap-unclosed-hint = add </{ $element }> (was the file cut short when copied?)
cap-no-element = the file has no XML element
cap-root-hint = a CAP alert starts with <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
cap-stray-text = text outside the <alert> element
cap-after-root = there is another element after </alert>
cap-after-root-hint = one alert per file: remove what follows </alert>, or put it in its own file
cap-too-deep = elements are nested more than { $limit } deep
cap-too-many = the file has more than { $limit } elements
cap-not-cap-hint = this is not a CAP alert meant for a station; do not use the file
cap-not-alert = the file's root element is <{ $element }>, not <alert>
cap-no-namespace = <alert> has no CAP 1.2 namespace (xmlns)
cap-namespace = <alert> is in namespace "{ $found }", not CAP 1.2's
cap-namespace-hint = loaxa reads CAP 1.2 alerts: <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">; ask the sender for CAP 1.2
cap-missing = <{ $parent }> has no <{ $element }>
cap-missing-hint = add <{ $element }>…</{ $element }>: CAP 1.2 requires it
cap-empty = <{ $element }> is empty
cap-empty-hint = write its value between the start and end tags
cap-bad-word = <{ $element }> "{ $value }" is not a CAP 1.2 value
cap-bad-time = <{ $element }> "{ $value }" is not a CAP date and time
cap-bad-time-hint = write the date, the time and the offset, e.g. 2025-09-10T08:00:00+07:00
cap-bad-reference = "{ $value }" in <references> is not sender,identifier,sent
cap-bad-reference-hint = separate entries with spaces and the three parts of one with commas, e.g. pctt@bentre.gov.vn,BT-2025-0005,2025-09-10T08:00:00+07:00
cap-bad-size = <size> "{ $value }" is not a number of bytes
cap-bad-size-hint = write the size in bytes (digits only), or leave <size> out
cap-control-char = the file holds the control character { $code }, which XML does not allow
cap-control-char-hint = a warning has no control characters: ask the sender for a corrected alert
cap-name-too-long = it has { $count } characters; loaxa takes at most { $max }
cap-name-char = it holds { $code } (a line break, a tab, another control character or a mark that reorders text)
cap-bad-name = <{ $element }> "{ $value }" cannot name an alert: { $why }
cap-bad-name-hint = ask the sender for a corrected alert: an identifier or a sender is one word on one line, e.g. BT-PCTT-2025-0905-01
cap-too-many-references = <references> names { $count } alerts; loaxa takes at most { $max }
cap-ignored-status = an alert with status { $status }: not for air
cap-ignored-exercise = an exercise or test alert ({ $status }): exercises are off (exercises = true in loaxa.toml's [cap] airs them)
cap-ignored-msg-type = an { $msg_type } message (an acknowledgement or error report) is not for air
cap-ignored-nothing-to-cancel = a Cancel that names no alert to cancel (no <references>)
cap-ignored-cancels-itself = the Cancel names only itself: nothing to cancel
cap-ignored-other-sender = the Cancel names only other senders' alerts; { $sender } can cancel only its own
cap-ignored-aired = already aired (alert { $identifier } from { $sender })
cap-ignored-withdrawn = alert { $identifier } from { $sender } was cancelled or replaced before it arrived
cap-ignored-no-info = the alert has no <info>: nothing to air
cap-ignored-no-station-areas = the station's areas are not set (areas in loaxa.toml's [cap]), so no alert airs
cap-ignored-no-area = the alert names no area (<area>)
cap-ignored-other-area = a warning for another area: { $areas }
cap-ignored-expired = the alert expired at { $expires }
cap-ignored-nothing-to-air = nothing to air: no recording and no text
cap-audio-url = the recording "{ $uri }" is a network address ({ $scheme }): loaxa fetches nothing; put the recording beside the alert file and write its name in <uri>
cap-audio-absolute = the recording "{ $uri }" is an absolute path: name a file beside the alert file
cap-audio-parent = the recording "{ $uri }" goes up a folder (..): name a file beside the alert file
cap-audio-folder = the recording "{ $uri }" is in a subfolder: put it beside the alert file and write its name
cap-audio-bad-name = "{ $uri }" is not a file name
cap-audio-no-address = the audio <resource> has neither <uri> nor <derefUri>
cap-audio-too-big = the embedded recording is { $size } bytes, over the { $limit } MB loaxa accepts
cap-audio-not-base64 = the embedded recording (<derefUri>, line { $line }, column { $col }) is not valid base64
cap-audio-size = the embedded recording is { $decoded } bytes but <size> says { $size }: it is cut short or damaged
cap-setting-range = { $value } is outside { $min }…{ $max }
cap-setting-no-areas = no areas set: no warning will air
cap-setting-no-areas-hint = write the commune's code (geocode) or its name as alerts write it, e.g. areas = ["28912", "Xã Mỹ Thạnh"]
# CAP alerts, as the station carries them out (loaxa alert, audio/khan-cap/)
help-alert = Air a CAP emergency alert (XML) now, by the rules of [cap] in loaxa.toml
arg-alert-file = The CAP 1.2 alert file (.xml or .cap)
alert-file-missing = there is no file { $path }
alert-file-not-regular = { $path } is not a file (a folder, a device…): give loaxa alert the CAP alert file itself
alert-file-too-big = { $path } is { $size } bytes; a CAP alert file is at most { $limit } MB
alert-file-unreadable = cannot read { $path }: { $detail } — check that you may read the file (ls -l), or copy it into audio/khan-cap/
alert-aired = CAP alert { $identifier } ({ $event }): airing now ({ $priority }), { $count } time(s) in all
alert-not-aired = CAP alert { $identifier }: not aired: { $why }
alert-cancelled = CAP alert { $identifier } cancels { $cancels }: { $count } repeat(s) still due stopped
alert-repeat = CAP alert { $identifier }: airing it again ({ $left } more to come)
cap-unreadable = { $file }: cannot read the alert file: { $detail }
cap-unreadable-denied = { $file }: cannot read the alert file: { $detail } (the service reads it as its own user: put it in audio/khan-cap/ or give it with loaxa alert)
cap-not-a-file = it is not a file (a FIFO, a device…): copy the alert file itself
cap-malformed = { $place }: { $what } — { $hint }
cap-state-unreadable = { $path }: cannot read what loaxa remembers of CAP alerts ({ $detail }); starting afresh, so an alert given again may air again
cap-state-unwritten = cannot write { $path } ({ $detail }): after a restart an alert given again may air again
cap-embedded-unwritten = cannot keep the alert's recording in { $path }: { $detail }
cap-repeat-cancelled = stopped by the Cancel { $identifier }
cap-repeat-replaced = replaced by the Update { $identifier }
cap-repeat-expired = the warning expired at { $expires }: no more repeats
cap-repeat-missed = loaxa was not running when this repeat was due (past the grace window)
cap-file-missing = the recording "{ $file }" the alert names is not beside it
cap-audio-unusable = the alert's recording cannot be played: { $why }
cap-file-missing-read = { $why }: its words are read out instead
cap-speech-failed = its words could not be read out: { $why }
set-cap-said = [cap] { $key }: { $message }
set-cap-range-hint = write { $key } = { $default } (the default) or another whole number in that range
watch-alert-arriving = CAP alert file { $path }: arriving; it is read once it stops changing
watch-alert = CAP alert file { $path }: reading it now
cap-recording-taken = { $path } arrived after its alert: the repeats still to come of { $identifiers } air it
cap-recording-too-late = { $path } arrived after its alert had aired, with no repeat left: it does not air (give the alert again to air it)
watch-with-alert = { $path } is named by an alert file in the folder: it airs with that alert, not on its own
log-alert-aired = CAP alert { $identifier } ({ $event }, { $severity }) from { $sender }: aired ({ $priority }), on the loudspeakers at { $times }
log-alert-not-on-air = CAP alert { $identifier } ({ $event }, { $severity }) from { $sender }: sent to air ({ $priority }), not on the loudspeakers yet
log-alert-not-aired = CAP alert { $identifier } from { $sender }: not aired — { $why }
log-alert-cancelled = CAP alert { $identifier } ({ $msg_type }) from { $sender }: stopped the repeats of { $cancels }

# `loaxa log`: what an account did from the console
log-operator = console: { $user } { $what }
log-operator-refused = console: { $user } { $what } (refused: nothing changed)
log-op-upload = uploaded { $target }
log-op-play = asked to play { $target }
log-op-say = asked for a text to be read aloud
log-op-stop-airing = asked to stop what was on air
log-op-schedule-saved = saved the schedule { $target }
log-op-user-added = added the account { $target }
log-op-user-changed = changed the account { $target }
log-op-user-removed = removed the account { $target }
log-alert-unread = { $file }: not read as a CAP alert — { $why }

## The console (web)
web-set-listen-bad = "{ $value }" is not an address to listen on (IP:port)
web-set-listen-hint = e.g. listen = "{ $default }" (the station PC only), or "0.0.0.0:8080" to open it to the LAN
web-set-tls-half = { $given } is set but { $missing } is not
web-set-tls-hint = write both: tls_cert = "tls/cert.pem" and tls_key = "tls/key.pem" (PEM files in the station folder, or absolute paths), or neither to serve plain HTTP
web-tls-unreadable = cannot read { $file }: { $detail }
web-tls-no-cert = { $file } has no certificate (a PEM file with a BEGIN CERTIFICATE line)
web-tls-no-key = { $file } has no private key (a PEM file with a BEGIN PRIVATE KEY line)
web-tls-refused = the certificate { $cert } cannot be used with the key { $key }: { $detail }
web-tls-off = the console is off: { $detail } — the station goes on airing; fix tls_cert and tls_key in the [web] section of loaxa.toml
web-busy = the console has { $count } connections open, its most: new ones wait — the station goes on airing
web-too-slow = the station took too long to answer; try again
web-accept-failed = the console could not take a connection: { $detail }
web-cannot-listen = cannot open the console at { $addr }: { $detail } — the station goes on airing; choose another port with listen in the [web] section of loaxa.toml, or turn the console off there with enabled = false
web-listening = console: { $url }
web-failed = the console stopped: { $detail } — the station goes on airing
web-users-unreadable = cannot read the accounts: { $detail } — nobody can log in until it is fixed
web-login-needed = log in first
web-login-wrong = wrong name or password
web-login-failed = failed login: account "{ $user }" from { $addr }
web-login = { $user } logged in from { $addr }
web-throttled = too many wrong passwords: try again in { $seconds } seconds
web-logged-out = logged out
web-role-refused = the account { $user } (role { $role }) may not do this
web-forged = the request does not come from the station's console (no protection token, or another origin), so it is refused
web-no-random = the PC could not make a random session token; try again
web-asked = console: { $user } asks for { $what }
web-user-changed = The account { $name } was changed.
web-last-admin = { $name } is the last administrator account: it cannot be removed or given a lesser role — make another administrator first
web-set-max-upload-bad = "{ $value }" is not a size
web-set-max-upload-hint = e.g. max_upload = "200 MB" (also "1 GB", "500 MiB", or a number of bytes)
web-internal = something failed inside the console: { $detail } — the station goes on airing; try again
web-days-bad = days must be a number from 1 to { $max }, not "{ $text }"
web-schedule-name-bad = "{ $name }" is not a schedule file of schedules/: write a name ending in .json, without folders (/, \, ..), not starting with a dot
web-schedule-missing = there is no schedule { $name } in schedules/
web-schedule-refused = { $name } was not saved: it has { $errors } errors (each at its line and column) — the file on disk is as it was
web-schedule-saved = { $name } saved; the station reads it again within a second
web-schedule-not-saved = { $name } could not be saved: { $detail }
web-period-missing = say which period: period=2026-Q4 (a quarter), 2026-03 (a month), 2026 (a year), quy-1, 6-thang, quy-3, nam (the windows of CV 581) or the name of one of the [[periods]] in loaxa.toml
web-period-bad = "{ $period }" is not a period: write a quarter (2026-Q4), a month (2026-03), a year (2026) or the name of a report period (they are: { $known })
web-format-bad = "{ $format }" is not a report format: write xlsx, csv, csv-excel or json
web-lang-bad = "{ $lang }" is not a report language: write vi or en
web-year-bad = "{ $year }" is not a year: write it in four digits, e.g. 2026
web-upload-no-file = nothing to save: the form has no file (field "file")
web-upload-name-bad = "{ $name }" is not a file name that stays in audio/: no folders in the name (send them as folder), no "..", not starting with a dot
web-upload-folder-bad = "{ $folder }" is not a folder inside audio/: write it like tin-tuc or tin-tuc/2026, without "..", a leading / or a leading dot
web-upload-not-audio-name = { $name } is not a recording loaxa airs: its name must end in one of { $extensions }
web-upload-not-audio = { $path } is not audio loaxa can air: { $why } — nothing was kept
web-upload-too-large = the upload is larger than { $limit } (max_upload in the [web] section of loaxa.toml) — nothing was kept
web-upload-broken = the upload was cut off or is not a form loaxa reads: { $detail } — nothing was kept
web-upload-field-long = the form field "{ $field }" is longer than { $max } bytes: nothing was kept
web-upload-failed = { $path } could not be saved: { $detail } — nothing was kept
web-upload-not-file = audio/{ $path } is a folder, a link or a special file, not a recording: it is not replaced
web-upload-exists = audio/{ $path } is already there: send it again with confirm=1 to replace it
web-upload-in-use = audio/{ $path } { $when }: replacing it changes what airs — send it again with confirm=1 to replace it anyway
web-upload-on-air = is on air now
web-upload-due = airs in { $slot } at { $when }
web-uploaded = saved in audio/: { $paths } — the station checks it within a few seconds (arriving, then ready)
## Accounts of the web console (`loaxa user`, data/users.json)

help-user = Accounts of the web console: add, change a password, remove, list (on the station PC, by an operator in the loaxa group or root)
help-user-add = Create an account with a role; the password is asked twice, not shown on the screen
help-user-passwd = Set a new password for an account
help-user-remove = Remove an account
help-user-list = List the accounts: name, role, created, changed (passwords are never shown)
arg-user-name = The account's name: letters (accented ones too), digits, . - _; at most 32 characters; upper and lower case are one account
arg-user-role = The role: xem (view: status, plan, log, library, reports), truc (operator: also upload, play, read text aloud, stop airing, emergency), quan-tri (admin: also schedules and accounts)
arg-password-stdin = Read the password from one line of standard input instead of asking on the screen
user-bad-role = "{ $text }" is not a role
user-bad-role-hint = write xem (view only), truc (operator: play, stop, emergency) or quan-tri (admin: schedules and accounts)
user-name-empty = the account name is empty
user-name-too-long = the account name is { $count } characters long, more than { $max }
user-name-bad-char = the account name "{ $name }" has a character that cannot be used: "{ $char }"
user-name-first = the account name "{ $name }" must start with a letter or a digit
user-name-hint = use letters (accented ones too), digits, dots, hyphens and underscores, no spaces, at most { $max } characters, e.g. lan, nguyen.van.an, truc-ban-2
user-password-control = the password has a control character (a tab, a line break…)
user-password-short = the password has only { $count } characters, at least { $min } are needed
user-password-long = the password is longer than { $max } bytes
user-password-hint = choose a password of at least { $min } characters (spaces and accented letters are fine), at most { $max } bytes, with no tab or line break
users-link = { $path } is a link: the accounts' file is never read or written through a link — remove the link, then create the accounts again with sudo loaxa user add
users-not-regular = { $path } is not a regular file (a folder, a FIFO or a device) — move it away, then create the accounts again with sudo loaxa user add
users-too-big = { $path } is { $size } bytes, more than the { $max } bytes of an accounts' file — loaxa did not write it: move it away, then create the accounts again
users-malformed = { $path }:{ $line }:{ $column }: error: the accounts' file is damaged: { $detail } — fix it there, or rename the file and create the accounts again with sudo loaxa user add
users-twice = { $path }: the account "{ $name }" is there twice (names are the same in upper and lower case) — remove one with sudo loaxa user remove { $name }, and create it again if needed
users-denied = cannot read or write { $path }: the accounts' file is the loaxa service's only — run the command again with sudo
users-unreadable = cannot read { $path }: { $detail }
users-unwritten = cannot write { $path }: { $detail } — no account was changed
users-read-only = { $path } is read-only and is not replaced — make it writable again (sudo chmod 600 { $path }) and run the command again
users-exists = there is already an account "{ $name }" (names are the same in upper and lower case) — change its password with loaxa user passwd { $name }, or choose another name
users-no-such = there is no account "{ $name }" — loaxa user list shows the accounts
users-hash-failed = cannot hash the password: { $detail }
user-added = Account { $name } created (role { $role }).
user-password-changed = Password of { $name } changed.
user-removed = Account { $name } removed.
user-last-admin = { $name } was the last admin account: nobody is left to manage schedules and accounts on the web page — create one with loaxa user add NAME --role quan-tri
user-list-none = No accounts yet. Create the first one with: sudo loaxa user add NAME --role quan-tri
user-list-name = name
user-list-role = role
user-list-created = created
user-list-changed = changed
user-prompt = Password for { $name }: 
user-prompt-again = Type the password again: 
user-password-mismatch = the two passwords typed are not the same — run the command again and type carefully
user-no-terminal = there is no screen to type a password on (the input is not a keyboard) — use --password-stdin and give the password on one line, e.g. printf '%s\n' "$PASSWORD" | sudo loaxa user add NAME --role xem --password-stdin
user-password-not-utf8 = the password given is not UTF-8 text

## The console's page (src/web/page). { $x } and the like in page-* are
## filled in by the page's script.
page-title = Station console
page-user = Account name
page-password = Password
page-login = Log in
page-logout = Log out
page-role = { $role ->
    [xem] view only
    [truc] operator
    [quan-tri] administrator
   *[other] { $role }
}
page-disconnected = Lost contact with the station PC — trying again…
page-unreachable = cannot reach the station PC
page-loading = Loading…
page-not-loaded = This part could not be loaded: { $detail }
page-onair-nothing = Nothing on air
page-onair = On air:
page-onair-detail = item { $item }/{ $items } — slot { $slot }
page-left = { $left } left
page-stop = Stop airing
page-tab-now = Overview
page-tab-emergency = Emergency
page-tab-library = Drop folder
page-tab-log = Log
page-tab-reports = Reports
page-tab-schedules = Schedules
page-cancel = Cancel
page-confirm = Yes
page-problems = Needs attention
page-warnings = CAP warnings still to repeat
page-today = Still to air today
page-week = This week
page-last = Last airings
page-no-airings = No airings.
page-items = { $count } items
page-priority = Priority
page-priority-emergency = emergency (cuts what is on air)
page-priority-priority = priority (right after the item on air)
page-emergency-intro = Air now: type an announcement to be read aloud, or play a recording.
page-emergency-text = Read an announcement
page-emergency-text-label = The announcement
page-repeat = Times to read it
page-emergency-send = Read it on air…
page-emergency-recording = Play a recording
page-emergency-file = Upload a recording
page-emergency-or-existing = or choose a file already in the folder
page-emergency-play = Play it on air…
page-confirm-stop = Stop airing "{ $title }"?
page-confirm-say = Read this announcement on air now, as { $priority }?
page-confirm-play = Play { $file } on air now, as { $priority }?
page-confirm-replace = Replace this file anyway?
page-choose-recording = Choose a recording to upload, or a file already there.
page-sent = Sent to air.
page-uploaded = Uploaded: { $path }
page-drop-here = Drag recordings here to upload them into the audio/ folder.
page-choose-files = Choose files…
page-folder = Subfolder (optional)
page-folder-hint = e.g. cchc/thong-bao
page-empty-library = The audio/ folder has no files yet.
page-file = File
page-state = State
page-loudness = Loudness (LUFS)
page-duration = Length
page-used-by = Used by
page-log-day = Day
page-log-status = Result
page-log-all = all
page-log-find = Find (slot, file, title)
page-scheduled = Scheduled
page-started = Started
page-slot = Slot
page-result = Result
page-time = Time
page-no-rows = No airing matches.
page-report-period = Period
page-report-hint = E.g. 2026-Q4 (the 4th quarter of 2026), quy-1 (CV 581's Quý I: 15/12 of last year to 14/03 of this year), 2026 (the whole year), or a period named in loaxa.toml.
page-report-xlsx = Download for Excel (XLSX)
page-report-csv = Download CSV
page-report-csv-excel = Download CSV for Excel
page-downloaded = Downloaded { $name }.
page-schedules-view-only = Only an administrator account may edit schedules.
page-schedules-week = This week's schedule
page-schedules-raw = Edit a schedule file directly (JSON)
page-raw-load = Open
page-slot-at = Time (HH:MM)
page-slot-days = Days
page-weekday = { $day ->
    [T2] Mon
    [T3] Tue
    [T4] Wed
    [T5] Thu
    [T6] Fri
    [T7] Sat
    [CN] Sun
   *[other] { $day }
}
page-slot-items = Items
page-slot-add = Add an item
page-slot-file = file
page-slot-title = title
page-slot-folder-item = the newest file or the whole folder { $folder } (edit it in the schedule file)
page-slot-cron = This slot's time is a cron expression: edit its time and days in the schedule file below.
page-slot-not-json = This schedule file has comments or is not plain JSON: edit it directly below.
page-remove = Remove
page-save = Save
page-close = Close
page-bad-time = Write the time as HH:MM, e.g. 05:30.

## Line-in (capture) and the silence monitor

in-no-default = there is no default capture input (plug the receiver into the sound card's line-in, or name the input: line-in:NAME, `loaxa devices` lists them)
in-no-such-device = there is no capture input named "{ $name }" (found: { $found })
in-cannot-open = cannot open the capture input ({ $detail })
in-device-error = capture input error: { $detail }
in-stopped = the capture input stopped
log-silence = silence on air in { $file }: { $seconds }, until { $until }
log-silence-line = the loudspeaker line was silent while { $file } aired: { $seconds }, until { $until } (the amplifier or the line was down)
monitor-set-db-bad = [monitor] silence_db: { $value } is not a level between -90 and -10 dBFS
monitor-set-db-hint = write silence_db = -45 (below this level the air counts as silent)
monitor-set-after-bad = [monitor] silence_after: { $value } is not a length between 1 second and 10 minutes
monitor-set-after-hint = write silence_after = "15 s" (or "1 phút", or a number of seconds)
monitor-set-command-bad = [monitor] on_silence is empty
monitor-set-command-hint = write the program to run and its arguments, e.g. on_silence = "/usr/local/bin/bao-im-lang", or remove the line
monitor-set-input-bad = [monitor] input: "{ $value }" is not a capture input
monitor-set-input-hint = write input = "line-in" (the sound card's capture input) or input = "line-in:NAME"
in-monitor-down = the loudspeaker line cannot be monitored: { $detail }
silence-found = silence on air since { $since } in { $file } (below { $db } dBFS)
silence-line-found = the loudspeaker line is silent since { $since } while { $file } airs: the amplifier or the line is down
silence-over = the silence in { $file } is over at { $at }
silence-todo = listen to the output: check the recording or the relay (a silent file, a relay delivering silence), the cable from the PC to the amplifier, and the sound card's volume
silence-line-todo = check the amplifier (power, fuse, volume) and the loudspeaker line from the station
silence-command-failed = the on_silence command { $command } failed: { $detail }
silence-command-timeout = the on_silence command { $command } ran for 30 s and was stopped

## Relay
relay-bad-control = the relay address has a control character
relay-bad-line-in = "line-in:" needs the capture device's name after the colon, e.g. "line-in:hw:1,0"
relay-bad-line-in-name = "{ $name }" is not a capture device name loaxa uses: write a name as "arecord -L" lists it, e.g. "hw:1,0" or "dsnoop:CARD=PCH,DEV=0" (no paths, quotes, spaces or file plugins)
relay-bad-scheme = "{ $value }" is not a relay address: write the stream's http:// or https:// address, or "line-in"
relay-bad-space = the relay address has a space: copy the stream's address again exactly
relay-bad-host = the relay address has no server name, or a wrong one
relay-bad-port = the port in a relay address must be a number from 1 to 65535
relay-slow = the stream came slower than real time
relay-not-connected = the stream was not connected yet
relay-not-audio = this address does not send audio loaxa can read (MP3, AAC, Ogg Vorbis)
relay-ended = the relayed stream stopped: the server stopped sending
relay-undecodable = the relayed stream is damaged and cannot be decoded: { $detail }
relay-format-changed = the relayed stream changed its format midway ({ $rate } Hz, { $channels } channels): reconnecting
relay-refused = the server { $host } refused the connection (not on air yet, or the wrong port?)
relay-dns = the server { $host } cannot be found (a wrong address, or no network?)
relay-timeout = the server { $host } did not answer in time (a slow or broken network)
relay-stalled = the relayed stream sent nothing for more than { $seconds } seconds
relay-http-status = the server answered with HTTP error { $status } (a wrong address, or the stream is gone?)
relay-network = network error while relaying: { $detail }
relay-playlist-empty = the playlist holds no stream address
relay-playlist-too-large = the playlist is too large (over { $kib } KiB): not a playlist
relay-hls-no-segments = the HLS playlist has no segment to play
relay-test-ok = Relay works: { $codec }, { $rate } Hz, { $channels } channels; sound after { $delay } s, { $seconds } s decoded.
relay-test-resolved = The stream's own address: { $url }
relay-test-failed = Cannot relay { $url }: { $why }
relay-test-what-to-do = Check the address (try it in a browser or VLC) and the station PC's network (ping, cable, modem), then try again.
relay-bad-address = the relay address is not valid: { $why }
relay-test-seconds = the seconds must be from 1 to 600, not { $text }
help-relay-test = Try a relay address: connect, decode a few seconds, tell the codec, rate and delay (thử tiếp sóng)
arg-relay-test-url = The stream's address (http:// or https://; .m3u, .pls and .m3u8 too)
arg-relay-test-seconds = Seconds of audio to decode (default 5)
relay-bad-at-air = the relay address cannot be used: { $why }
cal-not-length = "{ $text }" is not a length of time
cal-not-length-hint = write e.g. "30 phút", "1 giờ 30 phút" or "90 giây"
cal-length-range = "{ $text }" is out of range
cal-length-range-hint = a relay item lasts from 1 second to 24 hours
sched-relay-only = "{ $field }" is only for relay items
sched-relay-only-hint = add "relay": the stream's address or "line-in", or remove "{ $field }"
sched-relay-and = a relay item cannot also have "{ $field }"
sched-relay-and-hint = make two items: one "relay", one "{ $field }"
sched-relay-bad-hint = the slot stays; at its time the fallback recording ("fallback") airs instead of the relay until the address is fixed
sched-relay-no-duration = the relay item has no "duration"
sched-relay-no-duration-hint = write how long to relay, e.g. "duration": "30 phút"
relay-set-after-bad = fallback_after = { $value } cannot be used
relay-set-after-hint = write a number of seconds from 1 to 600, e.g. fallback_after = "10 s"
report-set-bad = [report] { $key }: write it on one line, not empty, at most 80 characters
report-set-bad-hint = { $key ->
    [commune] the commune on the PEOPLE'S COMMITTEE line, e.g. commune = "Mỹ Thạnh" (or "phường Hòa Bình")
    [place] the place on the date line, e.g. place = "Mỹ Thạnh"
    [head_title] the signer's title, e.g. head_title = "Chủ tịch"
   *[other] the signer's full name, e.g. { $key } = "Nguyễn Thị Lan"
}
reason-relay-next-program = relay ended: the next program was due
relay-fallback-unusable = the fallback recording { $file } cannot air ({ $why }): a lost relay will be filled with silence only
relay-no-runtime = the relay's connection could not be started
lib-relay-not-file = a relay item is not a file
relay-span = { $minutes ->
    [0] { $seconds } s
   *[other] { $seconds ->
        [0] { $minutes } min
       *[other] { $minutes } min { $seconds } s
    }
}
# A length as people say it (timefmt::span); relay-span above is kept for
# relay notes stored before it.
span = { $hours ->
    [0] { $minutes ->
        [0] { $seconds } s
       *[other] { $seconds ->
            [0] { $minutes } min
           *[other] { $minutes } min { $seconds } s
        }
    }
   *[other] { $hours } h{ $minutes ->
        [0] {""}
       *[other] {" "}{ $minutes } min
    }{ $seconds ->
        [0] {""}
       *[other] {" "}{ $seconds } s
    }
}
relay-summary = relayed { $name } { $relayed } / { $planned }
relay-interruption = relay lost { $from }–{ $to }: { $why }; silence aired
relay-interruption-filled = relay lost { $from }–{ $to }: { $why }; { $file } aired for { $seconds }
relay-no-certificates = this PC has no system certificates: https:// streams cannot be relayed, http:// ones still can; install ca-certificates (sudo apt install ca-certificates)

io-not-found = no such file or folder
io-permission = this account is not allowed to
io-exists = the file is already there
io-full = the disk is full
io-read-only = the disk is read-only
io-is-dir = it is a folder
io-not-dir = part of the path is not a folder
io-too-big = the file is too large
io-busy = the file or device is busy
io-invalid-data = the data is not valid
