# Lời của loaxa bằng tiếng Việt. Mỗi mã ở đây cũng phải có trong en.ftl (có
# bài kiểm tra), với cùng các { $biến }. Giữ hai tệp theo cùng một thứ tự.

## Lỗi trong các tệp của đài (`loaxa check`, nhật ký hệ thống)

diag-error = lỗi
diag-warning = cảnh báo
diag-did-you-mean = có phải là "{ $word }"?
diag-allowed = chỉ dùng được: { $list }

## Lịch phát sóng

sched-in-slot = khung giờ "{ $label }": { $message }
sched-timing-hint = thêm "days": ["T2", "T4"] (hằng tuần), "date": "17/03/2014" (một lần) hoặc "monthly": 15 (hằng tháng), kèm "at": "06:30"; hoặc một "cron"
sched-weekday-hint = viết thứ là T2…T7, CN, Thứ Hai…Chủ nhật hoặc Mon…Sun, hoặc "hằng ngày" cho mọi ngày
sched-not-json = đây không phải JSON hợp lệ: { $detail }
sched-not-json-hint = sửa cú pháp JSON ở chỗ này (thường là thiếu dấu phẩy, dấu ngoặc kép hoặc dấu ngoặc)
sched-empty-file = tệp trống
sched-empty-file-hint = viết một lịch: {"{"} "title": …, "slots": [ … ] {"}"}, hoặc xóa tệp này
sched-not-object = một lịch phải là một đối tượng JSON {"{"} … {"}"}
sched-not-object-hint = bắt đầu tệp bằng {"{"} "title": …, "slots": [ … ] {"}"}
sched-what-schedule = lịch
sched-what-slot = khung giờ
sched-what-item = mục của chương trình
sched-what-skip-range = khoảng ngày nghỉ
sched-version = bản loaxa này chỉ đọc lịch theo định dạng phiên bản { $version }
sched-version-hint = viết "version": 1, hoặc bỏ trường này đi
sched-no-slots = lịch không có "slots" (khung giờ)
sched-no-slots-hint = thêm "slots": [ {"{"} "id": …, "days": …, "at": …, "program": [ … ] {"}"} ]
sched-slots-not-list = "slots" phải là một danh sách [ … ] các khung giờ
sched-slots-not-list-hint = đặt các khung giờ trong dấu ngoặc vuông
sched-once-never = ngày { $date } nằm ngoài khoảng from/to hoặc là ngày nghỉ, nên không bao giờ được phát
sched-once-never-hint = sửa ngày hoặc khoảng thời gian
sched-to-before-from = "to" ({ $to }) ở trước "from" ({ $from })
sched-to-before-from-hint = đổi chỗ hai ngày
sched-skip-hint = viết ngày là "30/04" (hằng năm), "02/09/2014", hoặc {"{"} "from": "28/01/2025", "to": "02/02/2025" {"}"}
sched-skip-not-list = "skip" phải là một danh sách [ … ] các ngày
sched-skip-range-incomplete = khoảng ngày nghỉ cần có cả "from" và "to"
sched-skip-not-text = ngày nghỉ phải viết dạng chữ, ví dụ "30/04"
sched-unknown-field = trường "{ $field }" không có trong { $what }
sched-field-twice = trường "{ $field }" xuất hiện hai lần trong { $what }
sched-field-twice-hint = giữ lại một
sched-not-text = "{ $field }" phải là chữ trong dấu ngoặc kép
sched-not-text-hint = viết "{ $field }": "…"
sched-slot-not-object = mỗi khung giờ phải là một đối tượng {"{"} "id": …, … {"}"}
sched-slot-not-object-hint = đặt khung giờ trong dấu ngoặc nhọn
sched-slot-no-id = khung giờ này không có "id"
sched-slot-no-id-hint = thêm "id": "sang-t2" (một tên không trùng trong tệp này)
sched-slot-id-empty = "id" của khung giờ để trống
sched-slot-id-empty-hint = đặt cho khung giờ một tên ngắn, không trùng trong tệp này
sched-slot-id-twice = mã khung giờ "{ $id }" bị dùng hai lần (lần đầu ở dòng { $line })
sched-slot-id-twice-hint = đặt cho mỗi khung giờ một mã riêng
sched-slot-at-line = ở dòng { $line }
sched-not-priority = "{ $word }" không phải là một mức ưu tiên
sched-not-priority-hint = viết "thông thường" (mặc định), "ưu tiên" hoặc "khẩn cấp"
sched-no-program = không có "program" (chương trình)
sched-no-program-hint = thêm "program": ["nhac-hieu.mp3", …] (các tệp sẽ phát, theo thứ tự)
sched-months-bad = "months" có một giá trị không phải là tháng
sched-months-bad-hint = viết số tháng 1–12, ví dụ "months": [1, 4, 7, 10]
sched-months-empty = "months" để trống
sched-months-empty-hint = liệt kê các tháng được phát, hoặc bỏ trường này đi
sched-two-timings = có cả "{ $first }" và "{ $second }"
sched-two-timings-hint = mỗi khung giờ chỉ có một cách hẹn giờ: "days", "date" hoặc "monthly" (kèm "at"), hoặc "cron"
sched-at-without-days = có "at" nhưng không có "days", "date" hoặc "monthly"
sched-no-timing = chưa hẹn giờ phát
sched-cron-and = có cả "cron" và "{ $field }"
sched-cron-and-hint = biểu thức cron đã nói giờ và tháng: bỏ trường này đi
sched-date-and-months = có cả "date" và "months"
sched-date-and-months-hint = lượt phát một lần đã có ngày; bỏ "months" đi
sched-no-at = không có giờ phát "at"
sched-no-at-hint = thêm "at": "06:30" (giờ địa phương của đài)
sched-days-empty = "days" để trống
sched-weekday-not-text = thứ trong tuần phải viết dạng chữ
sched-not-weekday = "{ $word }" không phải là một thứ trong tuần
sched-daily-and-days = "hằng ngày" được ghi cùng với các thứ khác
sched-daily-and-days-hint = chỉ giữ "hằng ngày" hoặc danh sách các thứ
sched-weekday-number = thứ được viết bằng số { $number }
sched-weekday-number-hint = viết số dễ nhầm (T2 là thứ Hai, nhưng cron coi 1 là Chủ nhật); hãy viết tên: T2…T7, CN hoặc Mon…Sun
sched-cron-invalid = "{ $expr }" không phải là biểu thức cron hợp lệ
sched-cron-invalid-hint = các trường là: giây phút giờ ngày-trong-tháng tháng thứ [năm], ví dụ "0 30 6 * * Mon-Fri"
sched-cron-five = cron "{ $expr }" có 5 trường, cron của loaxa bắt đầu bằng giây
sched-cron-fields = cron "{ $expr }" có { $count } trường
sched-cron-fields-hint = viết 6 hoặc 7 trường: giây phút giờ ngày-trong-tháng tháng thứ [năm]
sched-cron-weekday-number = thứ "{ $word }" trong cron là một con số
sched-cron-weekday-number-hint = viết số dễ nhầm (cron này coi 1 là Chủ nhật, người đọc coi T2 là thứ Hai); hãy viết tên: Mon…Sun hoặc T2…CN, ví dụ "Mon-Fri"
sched-cron-not-weekday = "{ $word }" trong cron không phải là một thứ
sched-cron-not-weekday-hint = viết Mon…Sun hoặc T2…CN
sched-program-not-list = "program" phải là một danh sách [ … ] các tệp
sched-program-not-list-hint = viết "program": ["nhac-hieu.mp3", "ban-tin.mp3"]
sched-program-empty = chương trình trống
sched-program-empty-hint = ghi ít nhất một tệp để phát, hoặc xóa khung giờ này
sched-level-bad = "level" phải là độ to theo LUFS (−40 đến −5, ví dụ -16) hoặc false
sched-level-bad-hint = viết "level": -16 để đưa về −16 LUFS, hoặc "level": false để phát nguyên như bản ghi (nhạc hiệu)
sched-file-and-folder = một mục có cả "file" và "folder"
sched-file-and-folder-hint = ghi một tệp, hoặc một thư mục kèm cách chọn "pick"
sched-item-no-file = một mục không có "file"
sched-item-no-file-hint = thêm "file": "ban-tin.mp3" (một tệp trong audio/), "folder": "cchc" kèm "pick": "newest", hoặc "text": "…" (chữ đọc thành tiếng)
sched-pick-bad = "{ $word }" không phải là cách chọn tệp
sched-pick-bad-hint = viết "mới nhất" (tệp mới nhất), "tất cả" (mọi tệp, theo tên) hoặc "xoay vòng" (mỗi lượt một tệp kế tiếp)
sched-pick-with-file = "pick" đi với "folder", không đi với "file"
sched-pick-with-file-hint = viết {"{"} "folder": "cchc", "pick": "newest" {"}"}
sched-not-topic = "{ $code }" không phải là chủ đề của đài này
sched-item-bad = mỗi mục phải là tên tệp hoặc {"{"} "file": … {"}"}
sched-item-bad-hint = viết "ban-tin.mp3" hoặc {"{"} "file": "ban-tin.mp3", "title": …, "topic": … {"}"}
sched-bad-path-hint = ghi một tệp nằm trong thư mục audio/, ví dụ "cchc/ban-tin-1.mp3"
sched-path-absolute = không nhận đường dẫn tuyệt đối: ghi tên tệp tính từ thư mục audio/
sched-path-parent = đường dẫn có ".." sẽ ra ngoài thư mục audio/ nên không được nhận
sched-path-empty = tên tệp để trống
sched-voice-without-text = "voice" chỉ dùng cho văn bản đọc thành tiếng ("text" hoặc "text_file"), không dùng cho bản ghi
sched-voice-without-text-hint = bỏ "voice", hoặc đổi mục thành văn bản: {"{"} "text": "Thông báo: …", "voice": "vi" {"}"}
sched-file-is-text = "{ $file }" là bản tin đánh máy (.txt), không phải bản ghi âm thanh
sched-file-is-text-hint = để đọc thành tiếng, viết {"{"} "text_file": "{ $file }" {"}"}
sched-text-and-audio = một mục vừa có văn bản để đọc vừa có "{ $field }"
sched-text-and-audio-hint = mỗi mục là một bản ghi hoặc một văn bản: tách thành hai mục liền nhau
sched-text-and-file = một mục có cả "text" lẫn "text_file"
sched-text-and-file-hint = giữ một: "text" cho chữ gõ ngay tại đây, hoặc "text_file" cho tệp .txt trong audio/
sched-text-control = "text" có ký tự điều khiển (không phải xuống dòng hay tab), có lẽ do sao chép
sched-text-control-hint = gõ lại văn bản trong lịch, hoặc để nó trong một tệp .txt trong audio/ và ghi tên bằng "text_file"
sched-text-empty-hint = viết nội dung cần đọc, ví dụ "text": "Thông báo: …", hoặc bỏ mục này
sched-text-too-long-hint = chia thành nhiều mục văn bản liền nhau
sched-text-path-hint = ghi tên một tệp .txt trong thư mục audio/, ví dụ "thong-bao/bao-so-5.txt"
sched-text-file-not-txt = "text_file" ghi "{ $file }", không phải tệp .txt
sched-text-file-not-txt-hint = bản tin đánh máy là tệp .txt mã UTF-8 trong audio/, ví dụ "thong-bao/bao-so-5.txt"; bản ghi âm thanh thì ghi bằng "file"
sched-voice-bad = "voice" phải là tên một giọng đọc: không rỗng, không có dấu cách hay ký tự điều khiển
sched-voice-bad-hint = ví dụ "voice": "vi" (giọng Bắc), "vi-vn-x-central" (giọng Trung) hoặc "vi-vn-x-south" (giọng Nam)

## Ngày, giờ và độ dài (mỗi lời: "sai gì — làm gì")

cal-not-date = "{ $text }" không phải là ngày
cal-not-date-hint = viết dạng dd/mm/yyyy (17/03/2014) hoặc yyyy-mm-dd (2014-03-17)
cal-not-time = "{ $text }" không phải là giờ
cal-not-time-hint = viết HH:MM (06:30), HH:MM:SS (06:30:00) hoặc 6h30
cal-time-range = "{ $text }" không phải là giờ hợp lệ: giờ từ 0–23, phút và giây từ 0–59
cal-not-quarter = "{ $text }" không phải là quý
cal-not-quarter-hint = viết một trong các dạng: 2026-Q4, Q4/2026, Q4-2026, Quý 4/2026, Quý IV/2026 (có dấu hay không dấu đều được)
cal-not-yearly-day = "{ $text }" không phải là một ngày trong năm
cal-not-yearly-day-hint = viết dd/mm (30/04) cho hằng năm, hoặc dd/mm/yyyy cho một ngày
cal-range-reversed = khoảng ngày kết thúc ({ $to }) trước khi bắt đầu ({ $from })
cal-range-reversed-hint = đổi chỗ hai ngày
cal-not-month-day = "{ $text }" không phải là một ngày trong tháng
cal-not-month-day-hint = viết 15 (ngày 15), "cuối tháng" (ngày cuối), "T2 đầu tiên" / "first Mon" hoặc "T6 cuối" / "last Fri"
cal-not-duration = "{ $text }" không phải là độ dài thời gian
cal-not-duration-hint = viết "5 phút" / "5m", "90s" hoặc "1h"
cal-grace-range = "{ $text }" nằm ngoài giới hạn
cal-grace-range-hint = thời gian chờ cho phép từ 0 đến 24 giờ

## Cài đặt (loaxa.toml) và thư mục của đài

set-no-folder = không có thư mục của đài { $folder } — chỉ đúng thư mục bằng --dir
set-cannot-read = không đọc được { $path }: { $detail }
set-schedules-unreadable = không đọc được thư mục lịch: { $detail }
set-schedules-unreadable-hint = tạo thư mục này và đặt các lịch tuần (*.json) vào đó
set-no-schedules = thư mục này chưa có lịch nào (*.json), nên sẽ không phát gì
set-no-schedules-hint = đặt lịch phát sóng tuần vào đây
set-file-unreadable = không đọc được tệp: { $detail }
set-not-utf8 = tệp không phải văn bản UTF-8 ở chỗ này (lưu theo bảng mã khác, như Windows-1258 hay TCVN3)
set-not-utf8-hint = lưu lại tệp dưới dạng văn bản UTF-8
set-unknown-key = không có cài đặt "{ $key }"
set-not-toml = cài đặt không hợp lệ: { $detail }
set-see-readme = xem phần cài đặt (Settings) trong README
set-not-timezone = "{ $name }" không phải là múi giờ
set-not-timezone-hint = viết một múi giờ IANA như "Asia/Ho_Chi_Minh" (mặc định)
set-level-bad = level: phải là độ to theo LUFS từ −40 đến −5, hoặc "off"
set-level-bad-hint = viết level = -16 (mặc định), hoặc level = "off" để phát nguyên như bản ghi
set-watch-bad = watch: "{ $word }" không phải là cách theo dõi thư mục
set-watch-bad-hint = viết watch = "events" (mặc định) hoặc watch = "poll" khi audio/ nằm trên ổ mạng
set-skip-hint = viết "30/04" (hằng năm), "02/09/2014", hoặc {"{"} from = "28/01/2025", to = "02/02/2025" {"}"}
set-period-bad = kỳ báo cáo "{ $name }": from/to phải là ngày trong năm dạng dd/mm; kỳ này bị bỏ qua
set-period-bad-hint = viết ví dụ {"{"} name = "quy-1", label = "Quý I", from = "15/12", to = "14/03" {"}"}
set-topic-code = mã chủ đề "{ $code }" để trống hoặc bị trùng
set-topic-code-hint = đặt cho mỗi mục [[topics]] một mã ngắn riêng
set-lang-bad = lang: loaxa không có ngôn ngữ "{ $word }"
set-lang-bad-hint = viết lang = "vi" (tiếng Việt) hoặc lang = "en" (tiếng Anh)

## Đầu ra âm thanh

out-hint = viết "device" (card âm thanh mặc định), "device:TÊN", "wav:THƯ_MỤC", "raw:TỆP" hoặc "null"
out-missing-name = đầu ra "{ $spec }" thiếu tên sau dấu hai chấm
out-unknown = không có đầu ra "{ $spec }"
out-cannot-create = không tạo được { $path }: { $detail }
out-cannot-write = không ghi được { $path }: { $detail }
out-cannot-open = không mở được { $path }: { $detail }
out-fifo-no-reader = chưa có chương trình nào đọc FIFO này; âm thanh bị bỏ cho đến khi có
out-fifo-reader-gone = chương trình đọc đã ngắt; âm thanh bị bỏ cho đến khi có chương trình đọc lại
out-fifo-slow = chương trình đọc quá chậm; phần âm thanh cũ nhất bị bỏ
out-player-gone = luồng phát không chạy
out-no-answer = đầu ra không trả lời trong 10 giây (card âm thanh bị treo?)
out-dropouts = card âm thanh bị ngắt { $count } lần (xrun) trong khi phát
out-device-ready = card âm thanh { $name } ({ $rate } Hz, { $channels } kênh)
out-wav-ready = tệp WAV trong { $folder }
out-no-folder = không có thư mục { $folder }
out-raw-ready = PCM thô (s16le, 48 kHz, stereo) vào { $path }
out-null-ready = null (chạy đúng thời gian thực, không phát ra loa)
out-device-error = lỗi card âm thanh: { $detail }
out-dropout = card âm thanh: { $detail } (ngắt tiếng trong giây lát)
out-device-stalled = card âm thanh ngừng nhận tiếng (bị rút ra hoặc bị treo?)
out-cannot-open-device = không mở được card âm thanh ({ $detail }) — cắm card vào, hoặc chọn card khác bằng --output device:TÊN (`loaxa devices` liệt kê các card)
out-cannot-list = không liệt kê được các card âm thanh: { $detail }
out-no-such-device = không có card âm thanh tên "{ $name }" (đang có: { $found }; `loaxa devices` liệt kê kèm mô tả)
out-none = không có

## Tệp âm thanh

audio-missing = không có tệp này
audio-unreadable = không đọc được tệp: { $detail }
audio-empty = tệp trống (0 byte), có lẽ chép chưa xong
audio-not-audio = đây không phải tệp âm thanh loaxa đọc được (MP3, WAV, FLAC, OGG Vorbis, M4A/AAC)
audio-no-track = tệp không có rãnh âm thanh
audio-unsupported = không hỗ trợ kiểu mã hóa âm thanh này: { $detail }
audio-undecodable = tệp bị hỏng, không giải mã được: { $detail }
audio-no-samples = tệp không có tiếng (0 mẫu)
audio-truncated = tệp bị cụt: chỉ giải mã được { $decoded } giây trong { $expected } giây (chép chưa xong?)
audio-format-changes = luồng âm thanh đổi định dạng giữa chừng
audio-stopped-after = giải mã dừng sau { $seconds } giây: { $detail }
audio-folder-unreadable = thư mục âm thanh: { $detail }
audio-link-outside = đây là liên kết tới tệp nằm ngoài thư mục âm thanh, không được nhận
audio-is-folder = đây là thư mục, không phải tệp
audio-ambiguous = có từ hai tệp trở lên cùng tên này nhưng viết khác nhau (Unicode NFC/NFD hoặc chữ hoa/thường ở phần đuôi): { $names }

## loaxa check

check-arriving-hint = chờ chép xong rồi kiểm tra lại
check-copy-before = chép bản ghi vào audio/{ $file } trước { $when }
check-copy-or-rename = chép bản ghi vào audio/{ $file }, hoặc sửa lại tên
check-again-before = ghi âm hoặc chép lại tệp trước { $when }
check-again = ghi âm hoặc chép lại tệp
check-damaged-frames = "{ $file }": { $count } khung hỏng sẽ bị bỏ qua khi phát
check-damaged-frames-hint = ghi âm hoặc chép lại tệp nếu nghe thấy lỗi
check-folder-empty = thư mục audio/{ $folder }/ chưa có bản ghi nào sẵn sàng
check-folder-missing = không có thư mục audio/{ $folder }/
check-folder-drop-before = chép bản ghi vào audio/{ $folder }/ trước { $when }
check-folder-create = tạo thư mục audio/{ $folder }/ và chép các bản ghi vào đó
check-unused-broken = không lịch nào dùng tệp này; ghi âm hoặc chép lại, hoặc xóa đi
check-passed-over = khung giờ { $slots } bỏ qua tệp này khi chọn trong audio/{ $folder }/; ghi âm hoặc chép lại
check-overlap = khung giờ "{ $slot }" ({ $schedule }, { $when }) bắt đầu khi khung giờ "{ $other }" ({ $other_schedule }, { $other_when }) vẫn đang phát: chương trình đó kéo dài đến { $until }
check-overlap-hint = dời một trong hai khung giờ, rút ngắn chương trình trước, hoặc đặt chương trình sau là "ưu tiên"
check-at-risk = Các lượt phát trong { $days } ngày tới thiếu tệp hoặc tệp hỏng:
check-slot = khung giờ "{ $slot }"
check-counts = đã kiểm tra { $schedules } lịch, { $slots } khung giờ, { $files } tệp âm thanh; { $airings } lượt phát trong { $days } ngày tới, { $at_risk } lượt có vấn đề về âm thanh
check-summary = { $errors } lỗi, { $warnings } cảnh báo

## loaxa plan, log, export, simulate, library

plan-has-errors = (lịch có { $errors } lỗi: chạy `loaxa check`; các khung giờ có lỗi không có trong danh sách dưới đây)
plan-nothing = không có lượt phát nào trong { $days } ngày kể từ { $from }
verify-no-log = chưa có nhật ký phát sóng: chưa ghi lượt phát nào
verify-broken-hint = nhật ký đã bị sửa sau khi loaxa ghi; giữ nguyên bản này, và so với bản sao lưu hoặc với mã đầu chuỗi in ra ở lần xuất báo cáo trước
verify-verified-before = đã xác minh { $records } bản ghi trước dòng { $line }
verify-unsealed = { $records } bản ghi chưa có chuỗi: do loaxa 0.1 ghi và chưa mở lại từ đó — chạy dịch vụ một lần để niêm phong
verify-empty = trống: chưa ghi lượt phát nào
verify-whole = { $records } bản ghi, chuỗi còn nguyên vẹn
plan-picked = { $pick ->
    [all] tất cả
    [rotate] lần lượt
   *[newest] mới nhất
}
verify-head = mã đầu chuỗi (head): { $head }
verify-sealed = { $lines } dòng đầu được ghi trước khi có chuỗi (loaxa 0.1) và được niêm phong bởi bản ghi khởi đầu ngay sau
verify-unfinished = dòng { $line } chưa ghi xong: loaxa đang ghi, hoặc đã dừng khi đang ghi (sẽ được để riêng ở lần khởi động sau)
verify-head-found = mã đầu chuỗi cũ { $head } là bản ghi { $record } trong { $records }: đến đó không có gì thay đổi
verify-head-missing = không bản ghi nào có mã đầu chuỗi { $head } — nhật ký đã bị thay hoặc viết lại từ lần xuất báo cáo in ra mã đó
log-bad-line = dòng { $line } không đọc được: { $detail }
log-empty-period = nhật ký phát sóng không có lượt phát nào trong kỳ này
export-broken = nhật ký phát sóng bị hỏng: { $detail } — không được tính; đề nghị đài gửi bản qua được `loaxa log verify`
export-not-a-log = không phải nhật ký phát sóng của loaxa (không có chuỗi bản ghi: tệp rỗng, chép chưa xong hoặc loại tệp khác) — hãy đưa chính tệp data/airing-log.jsonl của đài, chép lại
export-cannot-write = không ghi được báo cáo: { $detail }
export-warning = CẢNH BÁO
export-own-broken = nhật ký phát sóng bị hỏng: { $detail } — chạy `loaxa log verify`
export-stations = { $count } đài ({ $names })
export-stations-many = { $count } đài
export-dir-unreadable = không đọc được thư mục { $dir }: { $detail }
export-dir-empty = { $dir }: thư mục không có nhật ký phát sóng nào (*.jsonl) — chép nhật ký của từng xã vào đây (tệp data/airing-log.jsonl, đặt tên theo xã, ví dụ my-thanh.jsonl), hoặc chỉ từng tệp bằng --log
export-dir-link = { $file }: là liên kết (symlink), không phải tệp nhật ký — chép chính tệp nhật ký vào thư mục (cp -L), hoặc chỉ nó bằng --log
export-dir-not-file = { $file }: không phải tệp thường (là thư mục, FIFO hay thiết bị) — thư mục này chỉ chứa bản sao nhật ký phát sóng
export-log-unreadable = không đọc được nhật ký phát sóng { $file }: { $detail } — kiểm tra tệp có ở đó và đọc được không (chép lại từ xã), hoặc bỏ tệp này ra
export-log-fault = loaxa gặp lỗi bên trong khi đọc nhật ký phát sóng { $file }; không lập báo cáo nào — chạy lại lệnh; nếu vẫn lỗi, gửi tệp này cho người phụ trách kỹ thuật của huyện để báo lỗi loaxa, hoặc bỏ tệp này ra
export-simulation-log = { $file }: là nhật ký chạy thử (loaxa simulate, data/simulation-log.jsonl), không phải nhật ký những gì đài đã phát — đề nghị xã gửi tệp data/airing-log.jsonl
export-given-twice = { $file } được chỉ hai lần (bằng --log và trong --log-dir, hoặc cùng một thư mục hai lần) — mỗi nhật ký chỉ đưa một lần, nếu không các lượt phát bị đếm hai lần
export-unfinished = { $file }: dòng { $line } chưa ghi xong (bản sao được chép khi loaxa đang ghi, hoặc loaxa dừng khi đang ghi) nên không được tính — muốn tính, chép lại nhật ký
export-dir-left-out = { $dir }: bỏ qua, không có đuôi .jsonl: { $files } — nếu trong đó có nhật ký phát sóng của xã, đổi tên cho có đuôi .jsonl (ví dụ my-hoa.jsonl); nhật ký trong thư mục con phải chép ra thư mục này
export-output-is-log = { $file } là một trong các nhật ký phát sóng dùng để lập báo cáo: ghi báo cáo vào đó sẽ xóa mất nhật ký — chọn tên tệp khác bằng -o (ví dụ -o bao-cao.xlsx)
sim-summary = Đã mô phỏng { $from } – { $to } trong { $seconds } giây: { $programs } lượt phát chương trình
sim-day = { $aired } mục đã phát ({ $duration }), { $not_aired } không phát{ $other ->
    [0] {""}
   *[other] , { $other } bị cắt hoặc chưa xong
}
sim-log = Nhật ký mô phỏng là { $path } (`loaxa log --simulated` để xem; `export` không bao giờ tính nhật ký này).
lib-arriving = tệp đang được chép
lib-state = { $state ->
    [ready] sẵn sàng
    [arriving] đang chép
    [unchecked] chưa kiểm tra
    [unusable] hỏng
    [missing] thiếu
   *[other] { $state }
}
lib-and-more = và { $count } lượt khác
lib-used-by = dùng cho: { $airings }
lib-needed-by = cần cho: { $airings }
lib-ambiguous = trùng tên: { $names } — các tên này chỉ khác nhau ở cách viết (NFC/NFD, chữ hoa/thường ở đuôi); đổi tên hoặc xóa bớt một tệp
lib-summary = { $files } tệp trong { $folder }, { $problems } tệp có vấn đề

## Dòng lệnh

help-about = loaxa — phát thanh tự động cho đài truyền thanh xã
help-commands = Các lệnh
help-options = Tùy chọn
help-usage = Cách dùng:
help-dir = Thư mục của đài (loaxa.toml, schedules/, audio/, data/)
help-check = Kiểm tra cài đặt, lịch phát sóng và mọi tệp âm thanh được dùng
help-library = Liệt kê thư mục âm thanh: tệp nào sẵn sàng, đang chép hay bị hỏng, và lượt phát nào dùng tệp đó
help-plan = Xem lịch phát: mọi lượt phát trong một khoảng ngày, theo thứ tự thời gian
help-run = Chạy dịch vụ phát sóng: phát mọi chương trình đúng giờ, ghi nhật ký mọi lượt phát
help-play = Phát ngay các tệp, qua dịch vụ đang chạy
help-say = Đọc ngay một văn bản thành lời, qua dịch vụ đang chạy
help-status = Đài đang làm gì và việc gì cần người trực: đang phát, lượt sắp tới và vừa qua, các vấn đề
help-devices = Liệt kê các đầu ra âm thanh, với tên dùng được cho --output device:TÊN
help-stop-airing = Dừng ngay chương trình đang phát, ghi nhật ký là người trực đã dừng
help-reload = Đọc lại lịch phát sóng, qua dịch vụ đang chạy (như khi lưu lịch, hoặc SIGHUP)
help-simulate = Chạy thử một khoảng thời gian bằng đồng hồ mô phỏng, nhanh hết mức máy cho phép
help-log = Xem nhật ký phát sóng, mỗi dòng một lượt phát của một mục
help-export = Xuất nhật ký phát sóng của một kỳ cho báo cáo CCHC
cli-bad-answer = không đọc được câu trả lời của dịch vụ
devices-none = không tìm thấy đầu ra âm thanh nào — card âm thanh đã cắm chưa? (`aplay -l` liệt kê các card hệ thống thấy)
devices-use = Dùng một card trong loaxa.toml (output = "device:TÊN") hoặc `loaxa run --output device:TÊN`; "device" là card mặc định của hệ thống.
cli-from-after-to = --from { $from } ở sau --to { $to }
cli-sim-output = chạy thử chỉ ghi ra null hoặc wav:THƯ_MỤC, không ra { $output }
cli-sim-failed = không chạy thử được
cli-cannot-create = không tạo được { $path }
cli-cannot-write = không ghi được { $path }
export-wrote = Đã ghi { $path }
cli-socket = không mở được ổ điều khiển { $path }
cli-runtime = không khởi động được bộ chạy bất đồng bộ
cli-out-of-range = kỳ này nằm ngoài giới hạn
cal-not-month = "{ $text }" không phải là tháng
cal-not-month-hint = viết dạng 2014-03 (hoặc 03/2014)
cli-no-such-period = không có kỳ báo cáo "{ $name }" — các kỳ có: { $known } (theo CV 581, và các kỳ [[periods]] trong loaxa.toml)
cli-which-period = cho biết kỳ báo cáo: --quarter 2014-Q1, --month 2014-03, --year 2014, --period quy-1 [--year 2014], hoặc --from NGÀY --to NGÀY
daemon-no-watch = không theo dõi được thư mục của đài ({ $detail }): lịch mới lưu cần SIGHUP hoặc khởi động lại
daemon-sighup = nhận SIGHUP: đọc lại lịch phát sóng
help-help = Xem trợ giúp
help-version = Xem phiên bản

## loaxa status và ổ điều khiển

status-fix-schedule = sửa tệp (`loaxa check` chỉ ra mọi lỗi); trong khi chờ, bản đúng gần nhất vẫn được dùng
status-copy-before = chép bản ghi tốt vào audio/{ $file } trước { $when }
status-clock = đồng hồ máy chưa được đồng bộ (không có NTP): chương trình phát theo đồng hồ riêng của máy này
status-clock-todo = nối máy vào mạng, hoặc kiểm tra `timedatectl`; rồi xem lại giờ
status-running = loaxa đang chạy
status-not-running = loaxa KHÔNG chạy cho đài này (khởi động: `systemctl start loaxa`, hoặc `loaxa run`)
status-output = đầu ra: { $output }
status-output-unused = chưa phát gì từ lúc khởi động
status-output-ok = hoạt động tốt (mục gần nhất bắt đầu lúc { $at })
status-output-failed = LỖI lúc { $at }
status-output-failed-what = đầu ra âm thanh bị lỗi lúc { $at }: { $detail }
status-output-todo = kiểm tra card âm thanh đã cắm và bật chưa (`loaxa devices` liệt kê những gì máy thấy); loaxa sẽ thử lại ở lượt phát sau
status-log-unwritten = { $count } bản ghi lượt phát chưa ghi được vào { $path } và đang chờ trong bộ nhớ
status-log-todo = giải phóng dung lượng ổ đĩa hoặc sửa quyền của thư mục; các bản ghi sẽ được ghi ngay khi có thể
status-on-air = đang phát: "{ $title }" ({ $file }), mục { $item }/{ $items } của khung giờ "{ $slot }", đã phát { $elapsed }{ $remaining ->
    [none] {""}
   *[other] , còn { $remaining }
}
status-on-air-nothing = đang phát: không có
status-next = lượt phát sắp tới:
status-next-none = không có lượt nào trong { $days } ngày tới
status-items = { $count } mục
status-warnings = cảnh báo CAP còn phát lại:
status-warning-due = còn { $count } lần, lần tới { $due }
status-warning-after = còn { $count } lần, lần tới sau lần đang phát
status-last = lượt phát vừa qua:
status-last-none = chưa ghi lượt nào
status-result = { $status ->
    [completed] đã phát
    [interrupted] bị ngắt
    [failed] lỗi phát
    [skipped] bỏ qua
    [missed] lỡ giờ
    [on_air] đang phát
   *[other] { $status }
}
status-no-problems = không có vấn đề gì
status-problems = { $count } việc cần người trực xử lý:
status-kind = { $kind ->
    [audio] âm thanh
    [schedule] lịch
    [log] nhật ký
    [clock] đồng hồ
    [output] đầu ra
    [silence] im lặng
   *[other] { $kind }
}
ctl-not-running = loaxa không chạy cho đài này (không có gì nghe ở { $path }) — khởi động bằng `loaxa run`, hoặc chạy như dịch vụ
ctl-io = không liên lạc được với loaxa đang chạy qua { $path }: { $detail }
ctl-garbled = loaxa đang chạy trả lời không đọc được: { $detail }
ctl-already-running = đã có một loaxa khác đang chạy cho đài này ({ $path } có trả lời) — dừng nó trước
ctl-refused-log = ổ điều khiển: từ chối người dùng { $uid } (nhóm { $gid }): không phải người dùng của đài
ctl-refused = bị từ chối: chỉ người dùng của đài mới được điều khiển loaxa
ctl-bad-request = không đọc được yêu cầu này: { $detail }
ctl-stopping = dịch vụ đang dừng
ctl-no-answer = dịch vụ không trả lời
ctl-bad-priority = "{ $word }" không phải là mức ưu tiên — dùng thông thường, ưu tiên hoặc khẩn cấp

## Dịch vụ (nhật ký hệ thống, `systemctl status`, trả lời play/stop-airing/reload)

daemon-log-back = nhật ký phát sóng { $path } ghi được trở lại: { $count } bản ghi chờ trong bộ nhớ đã được ghi xuống đĩa
daemon-log-failing = { $count } bản ghi lượt phát đang chờ trong bộ nhớ, cứ { $seconds } giây thử ghi lại; hãy giải phóng dung lượng ổ đĩa hoặc sửa quyền. Việc phát sóng vẫn tiếp tục.
daemon-log-cannot-open = việc phát sóng vẫn tiếp tục; các bản ghi được giữ trong bộ nhớ cho đến khi ghi được nhật ký
daemon-log-bad-line = dòng { $line } không đọc được ({ $detail }); được giữ nguyên
daemon-log-unreadable = loaxa không biết được những gì đã phát; kiểm tra quyền của tệp
daemon-in-force = { $schedules } lịch, { $slots } khung giờ đang có hiệu lực; nhật ký phát sóng { $path }
daemon-output-failed = đầu ra { $output }: { $detail }. loaxa vẫn chạy và ghi mỗi lượt không phát được là lỗi phát
daemon-next = lượt phát tiếp theo: { $when } — khung giờ "{ $slot }" ({ $schedule }), { $count } mục
daemon-cannot-air = không phát được: { $detail }
daemon-jump-forward = đồng hồ nhảy tới từ { $from } đến { $to }: các lượt phát ở giữa đã quá thời gian chờ được ghi là lỡ giờ
daemon-jump-back = đồng hồ lùi lại từ { $from } về { $to }: những gì đã phát sẽ không phát lại
missed-not-running-from = loaxa không chạy (hoặc máy tắt) từ { $from } đến { $to }
missed-not-running = loaxa không chạy (hoặc máy tắt) vào lúc đó
missed-clock-jump = đồng hồ nhảy tới từ { $from } đến { $to }
missed-grace = loaxa không bắt đầu được trong thời gian chờ cho phép
daemon-missed = khung giờ "{ $slot }" ({ $schedule }) lúc { $at }: lỡ giờ — { $reason }
daemon-waiting-copy = khung giờ "{ $slot }": chờ chép xong { $files } (trong thời gian chờ cho phép)
daemon-skipping = bỏ qua "{ $file }" trong khung giờ "{ $slot }": { $detail }
daemon-nothing-can-air = khung giờ "{ $slot }": không mục nào trong chương trình phát được
daemon-on-air = đang phát: "{ $file }" (khung giờ "{ $slot }", mục { $item }), bắt đầu { $started } cho giờ hẹn { $scheduled }
daemon-program-ended = kết thúc chương trình: khung giờ "{ $slot }" lúc { $at }
daemon-stopping = đang dừng
systemd-on-air = đang phát: { $title } (chương trình "{ $slot }", mục { $item }/{ $items })
systemd-log-trouble = LỖI: { $count } bản ghi nhật ký chưa ghi được (đĩa đầy?)
systemd-waiting = chờ { $time } { $day } — "{ $title }", { $count } mục
systemd-nothing = không có buổi phát nào trong { $days } ngày tới
reload-settings-broken = loaxa.toml có lỗi nên các thiết lập đang dùng được giữ nguyên: { $detail }
reload-settings-restart = loaxa.toml: thay đổi ở { $keys } chỉ có hiệu lực khi khởi động lại loaxa (sudo systemctl restart loaxa); các thiết lập khác đã áp dụng
reload-answer = đã đọc lại lịch: { $schedules } lịch, { $slots } khung giờ đang có hiệu lực
reload-errors = { $errors } lỗi: tệp có lỗi vẫn dùng bản đúng gần nhất — chạy `loaxa check` để xem
reload-done = đã đọc lại lịch: { $schedules } lịch, { $slots } khung giờ đang có hiệu lực
reload-keeps-last = có lỗi; bản đúng gần nhất vẫn được dùng
stop-nothing = không có gì đang phát
stop-done = đã dừng { $what }: ghi nhật ký là người trực đã dừng
play-arriving = "{ $file }" vẫn đang được chép; phát lại khi chép xong
play-log = phát ngay { $files } ({ $priority })
play-sent = đã gửi { $count } tệp đi phát ngay ({ $priority })

## Báo cáo CCHC (CSV, JSON, XLSX và phần tổng hợp sau `export`)

report-month = Tháng { $month }/{ $year }
report-year = Năm { $year }
report-phrase-dates = Từ { $from } đến { $to }
report-phrase-period = Trong { $period } (từ { $from } đến { $to })
report-col-no = STT
report-col-date = Ngày
report-col-day = Thứ
report-col-scheduled = Giờ theo lịch
report-col-started = Giờ phát
report-col-ended = Giờ kết thúc
report-col-duration = Thời lượng
report-col-title = Tiêu đề
report-col-author = Tác giả
report-col-file = Tệp
report-col-status = Trạng thái
report-col-note = Ghi chú
report-col-topic-code = Mã chủ đề
report-col-slot = Chương trình
report-col-schedule = Lịch phát sóng
report-col-airing = Lượt phát
report-col-month = Tháng
report-status = { $status ->
    [completed] Đã phát
    [interrupted] Bị ngắt
    [failed] Lỗi phát
    [skipped] Bỏ qua
    [missed] Lỡ giờ
   *[on_air] Đang phát / chưa kết thúc
}
report-sentence = { $period }, { $station } đã phát sóng { $bulletins } tin, bài tuyên truyền về cải cách hành chính (CCHC) với { $airings } lượt phát, tổng thời lượng { $minutes } phút.
report-chain = Nhật ký { $file } ({ $station }): { $records } bản ghi, mã SHA-256 bản ghi cuối { $head }
report-summary = Tổng hợp
report-log-rows = { $count } dòng nhật ký
report-not-counted = Không tính (không phát trọn)
report-first-airing = Phát mới
report-repeat = Phát lại
report-no-end = chưa có bản ghi kết thúc (đang phát?)
report-sheet-log = Nhật ký phát sóng
report-sheet-alerts = Cảnh báo (CAP)
report-sheet-stations = Theo đài
report-st-bulletins = Tin, bài CCHC
report-st-airings = Lượt phát CCHC
report-st-minutes = Phút CCHC
report-st-scheduled = Mục theo lịch
report-st-aired = Đã phát
report-st-missed = Lỡ giờ
report-st-emergency = Phát khẩn cấp
report-st-relays = Tiếp sóng
report-st-silences = Sự cố mất tiếng
report-st-success = Tỷ lệ phát thành công
report-chart-stations = Lượt phát CCHC theo đài
report-rows-not-listed = { $count } dòng nhật ký: quá nhiều để liệt kê trong báo cáo tổng hợp — xem bảng theo đài; muốn xem từng dòng, xuất riêng nhật ký của từng đài
report-alert-date = Ngày nhận
report-alert-time = Giờ nhận
report-alert-identifier = Bản tin
report-alert-sender = Nơi gửi
report-alert-event = Sự kiện
report-alert-severity = Mức độ
report-alert-action = Đã xử lý
report-alert-on-air = Lên loa lúc
report-alert-reason = Lý do
report-alert-station = Đài
report-alert-aired = đã phát
report-alert-not-aired = không phát
report-alert-cancelled = dừng phát lại
report-title = BÁO CÁO PHÁT THANH CCHC
report-station = Đài
report-period = Kỳ báo cáo
report-topic = Chủ đề
report-bulletins = Tin, bài
report-airings = Lượt phát
report-minutes = Phút
report-total = Cộng
report-not-counted-listed = Có trong nhật ký nhưng không tính (không phát trọn)
report-no-airings = (không có lượt phát)
report-week = Tuần (từ thứ Hai)
report-log = Nhật ký
report-records = Bản ghi
report-last-sha = SHA-256 bản ghi cuối
report-check-with = Kiểm tra: loaxa log verify --head <SHA-256 trên>
report-chart-minutes = Số phút phát theo chủ đề
report-chart-weeks = Lượt phát CCHC theo tuần
# The printed report (XLSX): the heading of an administrative document,
# the date line and the signatures; the footer's &P and &N are the page
# and the pages (the spreadsheet fills them in).
report-committee = ỦY BAN NHÂN DÂN { $kind ->
    [phuong] PHƯỜNG
    [thi-tran] THỊ TRẤN
    [thi-xa] THỊ XÃ
    [thanh-pho] THÀNH PHỐ
    [dac-khu] ĐẶC KHU
   *[xa] XÃ
} { $name }
report-nation = CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
report-motto = Độc lập - Tự do - Hạnh phúc
report-date-line = { $place }, ngày { $dd } tháng { $mm } năm { $year }
report-preparer = Người lập biểu
report-preparer-sign = (Ký, ghi rõ họ tên)
report-head = Thủ trưởng đơn vị
report-head-sign = (Ký tên, đóng dấu)
report-footer = Trang &P/&N
help-log-verify = Kiểm tra nhật ký còn đúng như loaxa đã ghi: mọi bản ghi hợp lệ và nối chuỗi với bản ghi trước (mã thoát 1 ở chỗ đứt đầu tiên)
arg-check-days = Liệt kê thêm các lượt phát trong N ngày tới thiếu tệp hoặc tệp hỏng
arg-library-days = Cho xem các lượt phát trong N ngày tới dùng mỗi tệp
arg-plan-days = Số ngày
arg-from-today = Ngày đầu (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định hôm nay
arg-problems = Chỉ các tệp có vấn đề
arg-json-one = Dạng một đối tượng JSON
arg-json-lines = Mỗi dòng một đối tượng JSON
arg-from = Ngày đầu (dd/mm/yyyy hoặc yyyy-mm-dd)
arg-to = Ngày cuối (tính cả ngày này)
arg-run-output = device | device:TÊN | wav:THƯ_MỤC | null (mặc định: theo cài đặt của đài, không có thì device)
arg-sim-output = null (chỉ tính giờ; mặc định) hoặc wav:THƯ_MỤC (ghi ra âm thanh)
arg-export-output = Tệp ghi ra ("-" là ra màn hình); mặc định bao-cao-cchc_KỲ.ĐUÔI
arg-play-files = Các tệp trong thư mục âm thanh (như lịch ghi, hoặc đường dẫn)
arg-play-priority = thông thường, ưu tiên (mặc định: phát sau mục đang phát) hoặc khẩn cấp (cắt ngang ngay)
arg-say-text = Văn bản cần đọc (trong ngoặc kép), hoặc - để đọc từ đầu vào chuẩn
arg-say-repeat = Đọc mấy lần (1 đến 10; mặc định 1)
say-empty = không có văn bản để đọc
say-not-utf8 = văn bản đọc từ đầu vào chuẩn không phải UTF-8 — hãy lưu lại dạng UTF-8 (Unicode) rồi thử lại
say-piped-too-long = văn bản đọc từ đầu vào chuẩn dài hơn mức loaxa say đọc ({ $max } ký tự) — bản tin dài hãy lưu thành tệp .txt trong thư mục âm thanh
say-too-long = văn bản có { $count } ký tự; loaxa say đọc tối đa { $max } — bản tin dài hãy lưu thành tệp .txt trong thư mục âm thanh
say-bad-repeat = --repeat phải là số nguyên từ 1 đến { $max }
play-gave-up = loaxa play: người yêu cầu đã thôi chờ trước khi trình nền trả lời nên không phát gì
say-gave-up = loaxa say: người yêu cầu đã thôi chờ trước khi tiếng đọc xong nên không phát
daemon-task-failed = một việc làm song song với lịch phát bị lỗi: { $detail }
say-cannot = không chuyển được văn bản thành lời: { $why }
say-sent = đang đọc "{ $title }" ({ $count } lần, { $priority })
say-log = đọc văn bản: "{ $title }" ({ $priority })
arg-simulated = Nhật ký của lần `loaxa simulate` gần nhất thay cho nhật ký của đài
arg-quarter = Một quý dương lịch: 2026-Q4, Q4/2026, "Quý IV/2026" hoặc "Quý 4/2026"
arg-month = Một tháng, ví dụ 2014-03 (hoặc 03/2014)
arg-period = Một kỳ báo cáo theo CV 581: quy-1 (15/12–14/03), 6-thang (15/12–14/06), quy-3 (15/06–14/09), nam (15/12–14/12), hoặc một kỳ [[periods]] trong loaxa.toml
arg-year = Năm: dùng riêng là cả năm dương lịch; đi với --period là năm kỳ đó kết thúc
arg-format = csv (mặc định, UTF-8), csv-excel (UTF-16, cột cách bằng tab: Excel mở thẳng không sai dấu), xlsx (Excel, nên dùng) hoặc json
arg-lang = Ngôn ngữ của báo cáo (mặc định: ngôn ngữ của đài)
arg-logs = Lập một báo cáo từ các nhật ký này (huyện, tỉnh tổng hợp nhật ký của các xã), mỗi nhật ký được xác minh trước
arg-log-dirs = Lập một báo cáo từ mọi nhật ký phát sóng (*.jsonl) trong thư mục này, theo thứ tự tên (không xét thư mục con); dùng được cùng --log
arg-head = Mã đầu chuỗi in ra ở lần xuất báo cáo trước: kiểm tra nhật ký vẫn còn bản ghi đó, không đổi
arg-file = Một tệp nhật ký khác (ví dụ bản một xã gửi lên) thay cho nhật ký của đài

## Lý do và ghi chú trong nhật ký phát sóng (cột "Ghi chú" của báo cáo)

reason-stopped-by-operator = người trực đã dừng (loaxa stop-airing)
reason-closed-at-start = dịch vụ dừng khi mục này đang phát (đóng lại ở lần khởi động sau)
reason-stopped-during = loaxa dừng giữa chương trình này
reason-signal = dịch vụ dừng (tín hiệu)
reason-daemon-stopped = dịch vụ dừng
reason-output-gone = luồng phát đã mất
reason-output-hung = đầu ra âm thanh ngừng trả lời (thiết bị bị treo hoặc bị rút?); sẽ mở lại ở lượt phát sau
reason-cut-by-emergency = bị ngắt bởi chương trình khẩn cấp "{ $slot }" ({ $schedule })
reason-cut-by-emergency-program = bị chương trình khẩn cấp cắt ngang
reason-late = một chương trình khác đang phát quá thời gian chờ cho phép
reason-not-resumed = không phát tiếp: chương trình khẩn cấp kéo dài quá thời gian chờ cho phép
reason-not-aired = không phát: { $reason }
note-resumed = phát tiếp sau chương trình khẩn cấp "{ $slot }" ({ $schedule })
note-went-ahead = phát trước khung giờ "{ $slot }" ({ $schedule }), các mục còn lại của khung giờ đó phát sau ({ $priority })
note-late-behind = bắt đầu trễ { $seconds } giây: khung giờ "{ $slot }" ({ $schedule }) đang phát
note-late = bắt đầu trễ { $seconds } giây
daemon-recover-open = mục { $id } đang phát khi loaxa dừng; ghi là bị ngắt
daemon-prepare-failed = không chuẩn bị được chương trình: { $detail }
daemon-log-open = nhật ký phát sóng { $path }: bản ghi { $records }, mã đầu chuỗi { $head }
out-on-air = { $output } (đang phát)
out-error-idle = lỗi đầu ra ngoài lúc phát: { $detail }
cannot-save = không lưu được { $path }: { $detail }
lib-cache-old = do phiên bản loaxa khác ghi; các tệp sẽ được kiểm tra lại
lib-cache-unreadable = không đọc được ({ $detail }); các tệp sẽ được kiểm tra lại
watch-emergency = tệp khẩn cấp { $path }: phát ngay
ctl-error = ổ điều khiển: { $detail }
audio-resample-stopped = dừng chuyển tần số mẫu: { $detail }

## Tệp nhật ký phát sóng và chuỗi bản ghi (`loaxa log verify`)

airlog-cannot-open = không mở được nhật ký phát sóng { $path }: { $detail }
airlog-cannot-write = không ghi được nhật ký phát sóng { $path }: { $detail }
airlog-cannot-read = không đọc được nhật ký phát sóng { $path }: { $detail }
airlog-torn = dòng cuối chưa ghi xong ({ $bytes } byte: loaxa dừng khi đang ghi); đã để riêng vào { $kept } và cắt khỏi nhật ký
chain-not-record = dòng { $line } không phải bản ghi hợp lệ ({ $detail }): đã bị sửa tay
chain-unknown-event = dòng { $line } là một loại bản ghi mà phiên bản loaxa này chưa biết (“{ $event }”): nhật ký có lẽ do một phiên bản loaxa mới hơn ghi — hãy cập nhật loaxa trên máy này rồi đọc lại
chain-no-place = dòng { $line } không nằm trong chuỗi (không có seq/prev): đã bị chèn bằng tay hoặc bởi chương trình khác
chain-genesis-edited = dòng { $line }: bản ghi đầu chuỗi không khớp: đã bị sửa
chain-before-genesis = dòng { $line }: phần trước điểm bắt đầu chuỗi này đã bị thay đổi sau khi ghi (các dòng phía trên dòng { $line } bị sửa, xóa hoặc chèn)
chain-no-genesis = dòng { $line } có trong chuỗi nhưng phía trước không có bản ghi khởi đầu: các dòng phía trên đã bị xóa hoặc thay
chain-repeats = dòng { $line } lặp lại bản ghi { $record } của dòng { $first }: một dòng bị chép hoặc chèn
chain-cannot-follow = dòng { $line } là bản ghi { $record }, không thể đứng sau bản ghi { $previous } (dòng { $previous_line }): một dòng bị chèn hoặc dời chỗ
chain-reordered = dòng { $line } sai thứ tự: bản ghi { $record } phải ở đây nhưng lại ở dòng { $at } (các dòng bị đảo)
chain-deleted-one = thiếu bản ghi { $record } giữa dòng { $previous_line } và dòng { $line }: một dòng đã bị xóa
chain-deleted-many = thiếu các bản ghi { $record }–{ $last } giữa dòng { $previous_line } và dòng { $line }: nhiều dòng đã bị xóa
chain-moved = dòng { $line } nối tiếp dòng { $follows }, không phải dòng { $previous_line }: đã bị chép hoặc dời tới đây
chain-changed = dòng { $previous_line } đã bị sửa sau khi ghi: mã SHA-256 của nó không còn khớp với mã dòng { $line } đã ghi
cli-bad-loaxa-lang = LOAXA_LANG="{ $value }" không phải ngôn ngữ loaxa có ("vi" hoặc "en"); bỏ qua giá trị này
sim-cannot-remove = không xóa được nhật ký mô phỏng cũ { $path }: { $detail }
daemon-audio-scan = âm thanh: { $files } tệp, { $known } tệp đã biết từ trước, { $unchecked } tệp cần kiểm tra, { $arriving } tệp đang chép
watch-cannot = không theo dõi được { $path }: { $detail }; bản ghi mới chỉ được nhận ra khi quét lại sau vài phút, còn tệp khẩn cấp thì không
watch-emergency-arriving = tệp khẩn cấp { $path }: đang chép; sẽ phát khi tệp thôi thay đổi

## The station folder: finding it, setting it up (`loaxa init`)

set-not-a-station = { $folder } không phải là thư mục của một đài (không có loaxa.toml, cũng không có thư mục schedules/) — chỉ đúng thư mục bằng --dir, hoặc tạo đài mới ở đây: `loaxa init --dir { $folder }`
set-no-station = thư mục này không phải là thư mục của đài, và không tìm thấy đài nào khác (LOAXA_DIR chưa đặt, { $installed } không có) — vào thư mục của đài (cd), chỉ nó bằng --dir, hoặc tạo đài mới: `loaxa init`
cli-using-station = (đài: { $path })
init-cannot = không tạo được { $path }: { $detail }
init-not-empty = { $path } đã có lịch hoặc bản ghi của đài: không chép đài mẫu đè lên — dùng `loaxa init --example` trong một thư mục mới
init-bad-name = tên đài không được để trống hay chứa ký tự điều khiển — ví dụ: --station "Đài truyền thanh xã Tân Lợi"
init-toml-head = Cài đặt của đài (xem README, mục "Settings"). Mọi khóa đều không bắt buộc.
init-toml-lang = vi (tiếng Việt) | en: ngôn ngữ của thông báo và báo cáo
init-toml-output = device | device:TÊN (`loaxa devices` liệt kê) | wav:THƯ-MỤC | null
init-toml-web = Trang điều khiển của đài (web): mở http://127.0.0.1:8080/ trên máy này; tài khoản tạo bằng `loaxa user add`
init-toml-web-enabled = true: bật | false: tắt
init-toml-web-listen = "127.0.0.1:8080": chỉ máy này | "0.0.0.0:8080": cả mạng nội bộ (xem README); thêm tls_cert và tls_key (tệp PEM) để dùng HTTPS
init-kept = giữ nguyên { $count } mục đã có: { $files }
init-done = đài ở { $path } đã sẵn sàng.
init-next = Tiếp theo: lưu lịch phát sóng vào schedules/, chép bản ghi vào audio/, rồi chạy `loaxa check`.
help-init = Tạo thư mục của một đài (trống, hoặc từ đài mẫu)
arg-init-example = Chép đài mẫu (xã Mỹ Thạnh: lịch và bản ghi mẫu) vào
arg-init-station = Tên của đài, ví dụ "Đài truyền thanh xã Tân Lợi"
status-no-schedules = chưa có lịch phát: thư mục { $folder } chưa có lịch nào, nên đài không phát gì
status-no-schedules-todo = lưu lịch phát sóng (*.json) vào thư mục đó (README, mục "Writing a schedule"), hoặc bắt đầu từ đài mẫu: `loaxa init --example`
status-nothing-planned = không có buổi phát nào trong { $days } ngày tới: các lịch đã hết hạn hoặc chưa tới ngày
status-nothing-planned-todo = xem `loaxa plan` và ngày from/to của các lịch; lưu lịch của tuần mới
play-refused = không phát "{ $file }": { $why } — `loaxa library` liệt kê các bản ghi có trong audio/; không có gì được gửi đi phát
play-refused-close = không phát "{ $file }": { $why } — có phải là { $close }? Không có gì được gửi đi phát
watch-no-emergency-dir = không có thư mục khẩn cấp { $path } và không tạo được ({ $detail }): tệp khẩn cấp sẽ không được nhận — tạo nó: `sudo install -d -g loaxa -m 2775 { $path }`
watch-emergency-was-there = { $path } đã nằm sẵn đó khi loaxa khởi động nên không được phát; chép lại vào để phát
daemon-sigterm = nhận tín hiệu dừng (SIGTERM): dừng loaxa
daemon-sigint = nhận Ctrl-C (SIGINT): dừng loaxa
cli-no-signal = không bắt được tín hiệu { $signal }
instance-running = một loaxa khác (PID { $pid }) đang chạy cho đài này ({ $path } đang bị khóa) — dừng nó trước: `sudo systemctl stop loaxa`
instance-cannot = không khóa được { $path }: { $detail } — kiểm tra thư mục data/ của đài (quyền ghi, không phải liên kết)
verify-head-not-hex = --head "{ $head }" không phải là mã băm (chỉ gồm các chữ số 0–9, a–f; tối đa 64)
verify-head-short = --head "{ $head }" quá ngắn: ghi ít nhất { $digits } chữ số đầu của mã băm, như báo cáo in ra
verify-head-ambiguous = --head "{ $head }" khớp với nhiều bản ghi: ghi thêm vài chữ số
audio-bad-header = phần đầu tệp khai báo điều không bản ghi nào có ({ $detail }): tệp hỏng hoặc không phải bản ghi — ghi âm hoặc chép lại
audio-bad-rate = tần số lấy mẫu { $rate } Hz
audio-bad-channels = { $channels } kênh
audio-bad-length = dài { $hours } giờ
audio-bad-bits = { $bits } bit mỗi mẫu
audio-internal = bộ giải mã gặp lỗi bên trong với tệp này ({ $detail })
audio-not-regular = đây không phải là một tệp bình thường (FIFO, thiết bị hay socket), nên không được đọc
audio-link-broken = đây là một liên kết trỏ tới tệp không còn nữa
audio-name-not-text = tên tệp không phải là văn bản (UTF-8) đọc được — đổi tên tệp, gõ lại tên bằng bàn phím tiếng Việt
cli-days-range = --days "{ $text }": ghi một số ngày từ 0 đến { $max }
cli-year-range = kỳ báo cáo từ năm { $from } đến năm { $to }: chỉ có thể là các năm 1970–9999
daemon-still-copying = tệp vẫn đang được chép khi tới giờ phát (hết thời gian chờ cho phép)
out-file-folder = { $path } là một thư mục — ghi tên tệp, ví dụ -o { $path }/bao-cao.xlsx
out-file-special = { $path } không phải là tệp bình thường (FIFO hay thiết bị) nên không bị thay thế — dùng -o - để in ra, rồi chuyển hướng
out-file-read-only = { $path } chỉ được đọc, không ghi đè — chọn tên khác, hoặc bỏ thuộc tính chỉ-đọc trước
out-file-io = không ghi được { $path }: { $detail }
airlog-not-regular = đây không phải là một tệp nhật ký bình thường (FIFO hay thiết bị)
export-same-log = { $first } và { $again } là cùng một nhật ký phát sóng ({ $station }: cùng bản ghi đầu tiên), có thể là một bản sao — mỗi xã chỉ đưa nhật ký của mình một lần, nếu không các lượt phát bị đếm hai lần
daemon-log-kept-aside = { $count } bản ghi lượt phát chưa ghi được vào nhật ký đã được cất tạm ở { $path }; chúng sẽ được ghi vào nhật ký khi ổ đĩa ghi được trở lại, kể cả sau khi khởi động lại
daemon-log-cannot-keep = không cất tạm được các bản ghi chưa ghi ({ $detail }); chúng vẫn được giữ trong bộ nhớ và ghi trong nhật ký hệ thống
daemon-log-restoring = ghi vào nhật ký { $count } bản ghi lượt phát đã được cất tạm ở { $path } khi ổ đĩa không ghi được
daemon-log-unwritten-at-stop = { $count } bản ghi lượt phát chưa ghi được vào { $path } lúc dừng; chúng được cất tạm (xem dòng trên) và có ở đây:
spill-not-ours = { $path } không phải tệp của loaxa (chủ khác hoặc không phải tệp thường): không đọc
note-changed-on-air = tệp bị thay đổi trong khi đang phát: mã SHA-256 ghi ở đây là của tệp lúc bắt đầu phát, phần phát ra có thể là của nội dung mới
note-and-changed = { $note }; { note-changed-on-air }
check-overlap-times = { " " }(xảy ra { $count } lần trong { $days } ngày tới)
sched-unclosed = tệp kết thúc khi { $what } mở ở dòng { $line }, cột { $col } chưa được đóng
sched-curly-quotes = dấu ngoặc kép cong “ ” (chép từ Word hay Zalo) không dùng được trong JSON
sched-curly-quotes-hint = thay chúng bằng dấu ngoặc kép thẳng "…" (gõ lại bằng bàn phím, hoặc dùng Notepad)
sched-cron-field = cron "{ $expr }": trường { $field } "{ $text }" không hợp lệ
sched-cron-field-hint = trường này nhận số từ { $low } đến { $high }, dạng N, N-M, */BƯỚC hoặc danh sách cách nhau bằng dấu phẩy
cron-second = giây
cron-minute = phút
cron-hour = giờ
cron-day = ngày trong tháng
cron-month = tháng
cron-year = năm
cal-year-digits = "{ $text }": ghi năm đủ 4 chữ số, ví dụ 17/03/2014
play-too-many = một lệnh phát chỉ được nêu tối đa { $max } tệp (lệnh này nêu { $count }); không có gì được gửi đi phát
play-nothing = không có tệp nào để phát
stop-before-start = đã dừng chương trình sắp phát (chưa phát mẫu nào): ghi là bỏ lỡ do người trực dừng
lib-mostly-silence = gần như im lặng: chỉ { $sound } giây có tiếng trong { $duration } giây — loa sẽ phát khoảng lặng
lib-too-quiet = quá nhỏ ({ $loudness } LUFS): dù đã tăng tối đa vẫn nhỏ hơn các bản khác { $short } LU
check-record-again = nghe lại tệp; ghi âm lại (nói gần micro hơn) hoặc chép lại bản đúng
daemon-ready = đã khởi động
sched-window-outside = ngày from/to của khung giờ nằm ngoài ngày from/to của lịch: khung giờ này không bao giờ phát
sched-window-outside-hint = sửa from/to của khung giờ cho nằm trong thời hạn của lịch, hoặc bỏ chúng đi
sched-cron-never = biểu thức cron này không khớp với ngày nào (ví dụ ngày 31 tháng 2): khung giờ không bao giờ phát
sched-cron-never-hint = kiểm tra trường ngày và tháng của cron
audio-cut-end = tệp bị cắt ngang (chỉ còn { $decoded } giây, phần cuối bị mất: chép chưa xong?)
file-is-folder = đây là một thư mục, không phải tệp
file-too-large = tệp lớn hơn { $mib } MiB, không phải tệp của loại này
out-file-link = { $path } là một liên kết (tới { $target }): không ghi qua liên kết — ghi tên tệp thật
sched-control-char = "{ $field }" có ký tự điều khiển (xuống dòng, tab…)
sched-control-char-hint = viết giá trị này trên một dòng, không có xuống dòng hay tab
set-station-bad = tên đài (station) không được để trống hay chứa ký tự điều khiển (xuống dòng…)
set-station-bad-hint = viết tên trên một dòng, ví dụ station = "Đài truyền thanh xã Tân Lợi"
init-name-kept = loaxa.toml đã có nên tên "{ $name }" không được ghi vào: sửa dòng station = … trong loaxa.toml nếu cần
init-next-example = Tiếp theo: `loaxa check`, rồi `loaxa plan` để xem đài mẫu sẽ phát gì; thay lịch và bản ghi mẫu bằng của đài mình.
json-expected-comma = thiếu dấu phẩy ở đây
json-trailing-comma = có dấu phẩy thừa trước dấu đóng ngoặc
json-comments = JSON không cho phép ghi chú (// hay /* */)
json-expected-colon = thiếu dấu hai chấm sau tên trường
json-expected-value = thiếu giá trị sau dấu hai chấm
json-expected-key = tên trường phải nằm trong ngoặc kép "…"
json-multiple = sau khi đóng ngoặc {"}"} cuối cùng vẫn còn chữ
json-too-deep = lồng ngoặc quá sâu
json-single-quotes = chuỗi phải nằm trong ngoặc kép "…", không phải ngoặc đơn '…'
json-unterminated-string = chuỗi mở ngoặc kép mà không đóng
json-bad-escape = chuỗi có dấu \ không hợp lệ (viết \\ cho một dấu \)
json-number = số viết không đúng
json-unexpected-close = dấu đóng ngoặc không có dấu mở tương ứng
json-unexpected = có ký tự không đúng chỗ
stop-queued-too = { $count } chương trình đang chờ phát sau nó cũng dừng (ghi là bỏ lỡ)

# A problem with one field of a file: "skip": "31/02" is not a date
field-said = "{ $field }": { $message }

# Two hints side by side: did you mean "T2"? write T2…T7, CN
two-hints = { $first } { $second }

# A problem with one setting of loaxa.toml: grace: "5 phut x" is not a length of time
setting-said = { $key }: { $message }

# A message and its continuation, written together
two-parts = { $first }{ $second }
out-underrun = card âm thanh: trình phát không kịp chuẩn bị tiếng, { $ms } ms im lặng (ngắt tiếng trong giây lát)

# Spoken text ([voice] in loaxa.toml, data/speech/)
voice-espeak-missing = không tìm thấy chương trình đọc espeak-ng ({ $program }) — cài gói espeak-ng: sudo apt install espeak-ng (hoặc ghi đường dẫn của nó vào command = "…" trong mục [voice] của loaxa.toml)
voice-piper-missing = không tìm thấy chương trình đọc piper ({ $program }) — cài piper (tệp chạy trong bản phát hành piper cho Linux) vào /usr/local/bin, hoặc ghi đường dẫn của nó vào command = "…" trong mục [voice] của loaxa.toml; loaxa không tự tải gì về
voice-voice-missing = espeak-ng không có giọng "{ $voice }" — trong mục [voice] của loaxa.toml, ghi voice = một trong các giọng nó có: { $available }
voice-no-vietnamese = (không có giọng tiếng Việt nào: cài lại gói espeak-ng-data)
voice-model-not-set = piper cần một mô hình giọng đọc — ghi model = "vi_VN-vais1000-medium.onnx" trong mục [voice] của loaxa.toml (đường dẫn tính từ thư mục đài)
voice-not-a-model = với piper, giọng đọc là một tệp giọng (.onnx): "{ $voice }" là tên giọng của espeak-ng — hãy ghi tên tệp .onnx (tính từ thư mục đài, tệp .onnx.json nằm cạnh), hoặc bỏ "voice" để đọc bằng giọng của đài
voice-model-missing = không đọc được mô hình giọng { $model }: { $detail } — đặt tệp mô hình (.onnx) vào đó, cùng tệp .onnx.json của nó bên cạnh, hoặc sửa model = "…" trong mục [voice] của loaxa.toml
voice-model-config-missing = không đọc được tệp cấu hình của mô hình giọng { $config }: { $detail } — đặt tệp .onnx.json đi kèm mô hình bên cạnh tệp .onnx, cùng tên
voice-empty-text = không có chữ nào để đọc
voice-start-failed = không chạy được { $program }: { $detail }
voice-timed-out = { $program } đọc quá { $seconds } giây chưa xong nên đã bị dừng — kiểm tra chương trình đọc (chạy thử bằng tay), hoặc chia bài thành những bài ngắn hơn
voice-engine-failed = { $program } báo lỗi ({ $exit }): { $stderr }
voice-exit-code = mã thoát { $code }
voice-exit-signal = bị dừng bởi tín hiệu { $signal }
voice-no-stderr = không in ra lời nào
voice-no-sound = { $program } không tạo ra tệp âm thanh dùng được: { $detail }
voice-cache-failed = không lưu được tiếng đọc vào { $path }: { $detail }
voice-not-a-file = đây không phải là một tệp
voice-empty-file = tệp rỗng, không có tiếng
voice-wav-cut-short = tệp âm thanh bị cắt ngắn: chỉ có { $has } byte âm thanh trong khi phần đầu tệp ghi { $says }
voice-set-engine-bad = [voice] engine: "{ $word }" không phải chương trình đọc loaxa biết
voice-set-engine-bad-hint = ghi engine = một trong { $engines } (mặc định "espeak-ng")
voice-set-voice-bad = [voice] voice: tên giọng không được để trống, có khoảng trắng hay ký tự điều khiển
voice-set-voice-bad-hint = ghi voice = "vi" (giọng Bắc, mặc định), "vi-vn-x-central" (giọng Trung) hoặc "vi-vn-x-south" (giọng Nam)
voice-set-speed-bad = [voice] speed: { $value } không phải tốc độ đọc dùng được (số từ mỗi phút, từ { $min } đến { $max })
voice-set-speed-bad-hint = ghi speed = { $default } (mặc định); số lớn hơn thì đọc nhanh hơn, ví dụ speed = 180
voice-set-model-needed = [voice] engine = "piper" cần một mô hình giọng đọc (model)
voice-set-model-needed-hint = ghi model = "vi_VN-vais1000-medium.onnx" (đường dẫn tính từ thư mục đài; tệp .onnx.json đi kèm đặt bên cạnh)
voice-set-command-bad = [voice] command: đường dẫn chương trình đọc không được để trống
voice-set-command-bad-hint = ghi command = "/usr/local/bin/piper", hoặc bỏ dòng này để loaxa tìm chương trình trong PATH

## Mục văn bản (bản tin đánh máy đọc thành tiếng)
text-empty = văn bản không có gì để đọc
text-too-long = văn bản có { $count } ký tự; mỗi mục văn bản đọc tối đa { $max } ký tự
text-not-utf8 = văn bản không ở mã UTF-8 (từ byte thứ { $at }) — lưu lại dưới dạng UTF-8 (trong Notepad: Save as, Encoding: UTF-8)
text-file-too-big = tệp có { $bytes } byte, nhiều hơn một mục văn bản chứa được ({ $max } ký tự) — chia thành nhiều tệp
lib-text-not-audio = đây là bản tin đánh máy (.txt), không phải bản ghi âm thanh — ghi tên bằng "text_file" để đọc thành tiếng
lib-audio-not-text = đây không phải bản tin đánh máy (.txt)
daemon-voice-ahead-failed = không đọc trước được "{ $title }": { $why }
daemon-voiced-ahead = đã đọc trước { $count } mục văn bản
check-text-cannot-voice = không đọc được các mục văn bản: { $why }
check-text-cannot-voice-hint = cho đến khi sửa xong, mỗi mục văn bản đến giờ phát sẽ được ghi là bỏ qua, các mục khác của chương trình vẫn phát
check-text-voice-missing = espeak-ng không có giọng "{ $voice }" — ghi "voice": một trong các giọng nó có ({ $available }), hoặc bỏ "voice" để dùng giọng của đài
check-texts = mục văn bản do { $engine } đọc ({ $speed } từ một phút):
plan-voice = giọng { $voice }
# Cảnh báo khẩn cấp từ bản tin CAP 1.2 (audio/khan-cap/, loaxa alert)
cap-too-big = tệp cảnh báo dài { $size } byte; loaxa chỉ đọc tệp cảnh báo đến { $limit } MB
cap-too-big-hint = một bản tin CAP chỉ vài KB; bản ghi âm kèm theo phải dưới 20 MB (hoặc để tệp ghi âm bên cạnh và ghi tên tệp trong <uri>)
cap-utf16 = tệp được lưu theo mã UTF-16
cap-not-utf8 = tệp không phải chữ UTF-8 (byte { $byte } ở đây)
cap-utf8-hint = lưu lại bản tin theo mã UTF-8 (bản tin CAP luôn là UTF-8) rồi chép lại vào thư mục
cap-encoding = tệp ghi rằng nó dùng bảng mã { $encoding }; loaxa chỉ đọc UTF-8
cap-doctype = tệp có phần <!DOCTYPE>: bản tin CAP không có phần này, và loaxa không nhận định nghĩa thực thể (entity)
cap-doctype-hint = xóa phần <!DOCTYPE …> ở đầu tệp; nếu tệp không do cơ quan cảnh báo gửi, đừng dùng nó
cap-entity = thực thể không rõ &{ $name };
cap-entity-hint = viết thẳng ký tự đó, hoặc dùng &amp; &lt; &gt; &quot; &apos; hay mã số &#…;
cap-xml = tệp không đúng cú pháp XML: { $detail }
cap-xml-hint = sửa XML ở chỗ này (thường do thiếu thẻ đóng, hoặc có dấu & hay < lạc chỗ)
cap-xml-mismatch = thẻ </{ $found }> lại đóng <{ $expected }>
cap-xml-mismatch-hint = đóng <{ $expected }> bằng </{ $expected }> trước
cap-xml-unmatched = thẻ </{ $name }> không đóng thẻ nào
cap-xml-unclosed-tag = một thẻ chưa có dấu > đóng
cap-xml-ampersand = dấu & không bắt đầu một thực thể đúng (&amp;, &lt;, &#…;)
cap-unclosed = tệp hết trước khi <{ $element }> được đóng
cap-unclosed-hint = thêm </{ $element }> (tệp có bị cắt ngang khi chép không?)
cap-no-element = tệp không có phần tử XML nào
cap-root-hint = một bản tin CAP bắt đầu bằng <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
cap-stray-text = có chữ nằm ngoài phần tử <alert>
cap-after-root = sau </alert> vẫn còn phần tử khác
cap-after-root-hint = mỗi tệp một bản tin: xóa phần sau </alert>, hoặc tách ra tệp khác
cap-too-deep = các phần tử lồng nhau sâu quá { $limit } tầng
cap-too-many = tệp có hơn { $limit } phần tử
cap-not-cap-hint = đây không phải một bản tin CAP gửi cho đài; đừng dùng tệp này
cap-not-alert = phần tử gốc của tệp là <{ $element }>, không phải <alert>
cap-no-namespace = <alert> không có không gian tên (xmlns) của CAP 1.2
cap-namespace = <alert> thuộc không gian tên "{ $found }", không phải của CAP 1.2
cap-namespace-hint = loaxa đọc bản tin CAP 1.2: <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">; đề nghị nơi gửi dùng CAP 1.2
cap-missing = <{ $parent }> thiếu <{ $element }>
cap-missing-hint = thêm <{ $element }>…</{ $element }>: CAP 1.2 bắt buộc có
cap-empty = <{ $element }> để trống
cap-empty-hint = ghi giá trị vào giữa thẻ mở và thẻ đóng
cap-bad-word = <{ $element }> "{ $value }" không phải một giá trị của CAP 1.2
cap-bad-time = <{ $element }> "{ $value }" không phải thời điểm theo CAP
cap-bad-time-hint = ghi ngày, giờ và múi giờ, ví dụ 2025-09-10T08:00:00+07:00
cap-bad-reference = mục "{ $value }" trong <references> không có dạng nơi-gửi,mã-bản-tin,thời-điểm
cap-bad-reference-hint = các mục cách nhau bằng dấu cách, ba phần của một mục cách nhau bằng dấu phẩy, ví dụ pctt@bentre.gov.vn,BT-2025-0005,2025-09-10T08:00:00+07:00
cap-bad-size = <size> "{ $value }" không phải số byte
cap-bad-size-hint = ghi kích thước bằng số byte (chỉ chữ số), hoặc bỏ <size>
cap-control-char = tệp có ký tự điều khiển { $code }, loại ký tự XML không cho phép
cap-control-char-hint = bản tin cảnh báo không có ký tự điều khiển: đề nghị nơi gửi gửi lại bản tin đúng
cap-name-too-long = dài { $count } ký tự; loaxa chỉ nhận tối đa { $max }
cap-name-char = có ký tự { $code } (xuống dòng, tab, ký tự điều khiển khác hay dấu đảo chiều chữ)
cap-bad-name = <{ $element }> "{ $value }" không dùng để gọi tên bản tin được: { $why }
cap-bad-name-hint = đề nghị nơi gửi gửi lại bản tin đúng: mã bản tin và nơi gửi đều là một từ liền trên một dòng, ví dụ BT-PCTT-2025-0905-01
cap-too-many-references = <references> nêu { $count } bản tin; loaxa chỉ nhận tối đa { $max }
cap-ignored-status = bản tin có trạng thái { $status }: không dùng để phát
cap-ignored-exercise = bản tin diễn tập hoặc thử nghiệm ({ $status }): chưa bật phát diễn tập (exercises = true trong mục [cap] của loaxa.toml)
cap-ignored-msg-type = bản tin loại { $msg_type } (xác nhận hoặc báo lỗi) không để phát
cap-ignored-nothing-to-cancel = bản tin hủy (Cancel) không nêu bản tin nào bị hủy (thiếu <references>)
cap-ignored-cancels-itself = bản tin hủy chỉ nêu chính nó: không có gì để hủy
cap-ignored-other-sender = bản tin hủy chỉ nêu bản tin của nơi gửi khác; { $sender } chỉ hủy được bản tin của chính mình
cap-ignored-aired = đã phát rồi (bản tin { $identifier } của { $sender })
cap-ignored-withdrawn = bản tin { $identifier } của { $sender } đã bị hủy hoặc thay thế trước khi đến đài
cap-ignored-no-info = bản tin không có phần <info>: không có gì để phát
cap-ignored-no-station-areas = chưa khai báo địa bàn của đài (areas trong mục [cap] của loaxa.toml) nên không bản tin nào được phát
cap-ignored-no-area = bản tin không nêu địa bàn (<area>)
cap-ignored-other-area = cảnh báo cho địa bàn khác: { $areas }
cap-ignored-expired = bản tin đã hết hiệu lực lúc { $expires }
cap-ignored-nothing-to-air = không có gì để phát: không có bản ghi âm, không có nội dung chữ
cap-audio-url = bản ghi "{ $uri }" là địa chỉ mạng ({ $scheme }): loaxa không tải gì từ mạng; để tệp ghi âm bên cạnh tệp cảnh báo và ghi tên tệp trong <uri>
cap-audio-absolute = bản ghi "{ $uri }" là đường dẫn tuyệt đối: ghi tên tệp nằm bên cạnh tệp cảnh báo
cap-audio-parent = bản ghi "{ $uri }" đi ra thư mục cha (..): ghi tên tệp nằm bên cạnh tệp cảnh báo
cap-audio-folder = bản ghi "{ $uri }" nằm trong thư mục con: để tệp bên cạnh tệp cảnh báo và ghi tên tệp
cap-audio-bad-name = "{ $uri }" không phải tên tệp
cap-audio-no-address = phần <resource> âm thanh không có <uri> cũng không có <derefUri>
cap-audio-too-big = bản ghi kèm trong bản tin dài { $size } byte, quá { $limit } MB loaxa nhận
cap-audio-not-base64 = bản ghi kèm trong bản tin (<derefUri>, dòng { $line }, cột { $col }) không đúng mã base64
cap-audio-size = bản ghi kèm trong bản tin dài { $decoded } byte nhưng <size> ghi { $size }: bản ghi bị cắt hoặc hỏng
cap-setting-range = { $value } nằm ngoài khoảng { $min }…{ $max }
cap-setting-no-areas = chưa khai báo địa bàn: không cảnh báo nào sẽ được phát
cap-setting-no-areas-hint = ghi mã xã (geocode) hoặc tên xã như bản tin ghi, ví dụ areas = ["28912", "Xã Mỹ Thạnh"]
# Bản tin cảnh báo CAP, đài thực hiện (loaxa alert, audio/khan-cap/)
help-alert = Phát ngay một bản tin cảnh báo CAP (XML), theo quy định [cap] trong loaxa.toml
arg-alert-file = Tệp bản tin CAP 1.2 (.xml hoặc .cap)
alert-file-missing = không có tệp { $path }
alert-file-not-regular = { $path } không phải là tệp (là thư mục, thiết bị…): hãy đưa cho loaxa alert chính tệp bản tin CAP
alert-file-too-big = { $path } dài { $size } byte; tệp bản tin CAP tối đa { $limit } MB
alert-file-unreadable = không đọc được { $path }: { $detail } — hãy xem quyền đọc của tệp (ls -l), hoặc chép tệp vào audio/khan-cap/
alert-aired = bản tin CAP { $identifier } ({ $event }): đang phát ({ $priority }), tổng cộng { $count } lần
alert-not-aired = bản tin CAP { $identifier }: không phát: { $why }
alert-cancelled = bản tin CAP { $identifier } hủy { $cancels }: đã dừng { $count } lần phát lại còn chờ
alert-repeat = bản tin CAP { $identifier }: phát lại (còn { $left } lần nữa)
cap-unreadable = { $file }: không đọc được tệp bản tin: { $detail }
cap-unreadable-denied = { $file }: không đọc được tệp bản tin: { $detail } (dịch vụ đọc tệp bằng tài khoản riêng của nó: hãy chép tệp vào audio/khan-cap/ hoặc đưa tệp bằng loaxa alert)
cap-not-a-file = đây không phải là tệp (là FIFO, thiết bị…): hãy chép chính tệp bản tin
cap-malformed = { $place }: { $what } — { $hint }
cap-state-unreadable = { $path }: không đọc được dữ liệu loaxa ghi nhớ về các bản tin CAP ({ $detail }); bắt đầu lại từ đầu, nên bản tin được đưa lại có thể bị phát lại
cap-state-unwritten = không ghi được { $path } ({ $detail }): sau khi khởi động lại, bản tin được đưa lại có thể bị phát lại
cap-embedded-unwritten = không lưu được bản ghi kèm bản tin vào { $path }: { $detail }
cap-repeat-cancelled = đã dừng theo bản tin hủy (Cancel) { $identifier }
cap-repeat-replaced = đã được thay bằng bản tin cập nhật (Update) { $identifier }
cap-repeat-expired = cảnh báo đã hết hiệu lực lúc { $expires }: không phát lại nữa
cap-repeat-missed = loaxa không chạy vào lúc đến lượt phát lại này (đã quá thời gian cho phép trễ)
cap-file-missing = bản ghi "{ $file }" mà bản tin nêu không nằm cạnh tệp bản tin
cap-audio-unusable = không phát được bản ghi âm kèm bản tin: { $why }
cap-file-missing-read = { $why }: đọc nội dung bản tin thành lời thay thế
cap-speech-failed = không đọc được nội dung bản tin thành lời: { $why }
set-cap-said = [cap] { $key }: { $message }
set-cap-range-hint = ghi { $key } = { $default } (mặc định) hoặc một số nguyên khác trong khoảng đó
watch-alert-arriving = tệp bản tin CAP { $path }: đang chép; sẽ đọc khi tệp thôi thay đổi
watch-alert = tệp bản tin CAP { $path }: đang đọc
cap-recording-taken = { $path } đến sau bản tin CAP của nó: các lần phát lại còn lại của { $identifiers } sẽ phát tệp này
cap-recording-too-late = { $path } đến sau khi bản tin CAP của nó đã phát xong, không còn lần phát lại nào: tệp không được phát (đưa lại bản tin để phát)
watch-with-alert = { $path } được một tệp bản tin trong thư mục nêu tên: tệp này phát cùng bản tin đó, không phát riêng
log-alert-aired = bản tin CAP { $identifier } ({ $event }, { $severity }) của { $sender }: đã phát ({ $priority }), lên loa lúc { $times }
log-alert-not-on-air = bản tin CAP { $identifier } ({ $event }, { $severity }) của { $sender }: đã gửi phát ({ $priority }), chưa lên loa
log-alert-not-aired = bản tin CAP { $identifier } của { $sender }: không phát — { $why }
log-alert-cancelled = bản tin CAP { $identifier } ({ $msg_type }) của { $sender }: đã dừng các lần phát lại của { $cancels }

# `loaxa log`: what an account did from the console
log-operator = bàn điều khiển: { $user } { $what }
log-operator-refused = bàn điều khiển: { $user } { $what } (bị từ chối: không có gì thay đổi)
log-op-upload = tải lên { $target }
log-op-play = cho phát { $target }
log-op-say = cho đọc một văn bản
log-op-stop-airing = cho dừng phát
log-op-schedule-saved = lưu lịch { $target }
log-op-user-added = thêm tài khoản { $target }
log-op-user-changed = sửa tài khoản { $target }
log-op-user-removed = xóa tài khoản { $target }
log-alert-unread = { $file }: không đọc được như bản tin CAP — { $why }

## The console (web)
web-set-listen-bad = "{ $value }" không phải là địa chỉ để nghe (IP:cổng)
web-set-listen-hint = ví dụ listen = "{ $default }" (chỉ máy đài), hoặc "0.0.0.0:8080" để mở cho mạng nội bộ
web-set-tls-half = có { $given } mà thiếu { $missing }
web-set-tls-hint = ghi cả hai: tls_cert = "tls/cert.pem" và tls_key = "tls/key.pem" (tệp PEM trong thư mục đài hoặc đường dẫn tuyệt đối), hoặc bỏ cả hai để dùng HTTP
web-tls-unreadable = không đọc được { $file }: { $detail }
web-tls-no-cert = { $file } không có chứng chỉ nào (tệp PEM có dòng BEGIN CERTIFICATE)
web-tls-no-key = { $file } không có khóa riêng (tệp PEM có dòng BEGIN PRIVATE KEY)
web-tls-refused = không dùng được chứng chỉ { $cert } với khóa { $key }: { $detail }
web-tls-off = trang điều khiển tắt: { $detail } — đài vẫn phát; sửa tls_cert và tls_key trong mục [web] của loaxa.toml
web-busy = trang điều khiển đang có { $count } kết nối, mức tối đa: kết nối mới phải chờ — đài vẫn phát
web-too-slow = đài trả lời quá lâu; thử lại
web-accept-failed = trang điều khiển không nhận được kết nối: { $detail }
web-cannot-listen = không mở được trang điều khiển ở { $addr }: { $detail } — đài vẫn phát; chọn cổng khác ở listen trong mục [web] của loaxa.toml, hoặc tắt trang bằng enabled = false
web-listening = trang điều khiển: { $url }
web-failed = trang điều khiển dừng: { $detail } — đài vẫn phát
web-users-unreadable = không đọc được danh sách tài khoản: { $detail } — không ai đăng nhập được cho đến khi sửa
web-login-needed = cần đăng nhập
web-login-wrong = sai tên hoặc mật khẩu
web-login-failed = đăng nhập sai: tài khoản "{ $user }" từ { $addr }
web-login = { $user } đăng nhập từ { $addr }
web-throttled = sai mật khẩu nhiều lần: thử lại sau { $seconds } giây
web-logged-out = đã đăng xuất
web-role-refused = tài khoản { $user } (vai trò { $role }) không được làm việc này
web-forged = yêu cầu không đến từ trang điều khiển của đài (thiếu mã bảo vệ hoặc sai nguồn) nên bị từ chối
web-no-random = máy không tạo được mã phiên ngẫu nhiên; thử lại
web-asked = trang điều khiển: { $user } yêu cầu { $what }
web-user-changed = Đã sửa tài khoản { $name }.
web-last-admin = { $name } là tài khoản quản trị cuối cùng: không bỏ được, không hạ vai trò được — tạo một tài khoản quản trị khác trước
web-set-max-upload-bad = "{ $value }" không phải là một dung lượng
web-set-max-upload-hint = ví dụ max_upload = "200 MB" (hoặc "1 GB", "500 MiB", hay số byte)
web-internal = trang điều khiển gặp lỗi bên trong: { $detail } — đài vẫn phát; thử lại
web-days-bad = số ngày phải từ 1 đến { $max }, không phải "{ $text }"
web-schedule-name-bad = "{ $name }" không phải là một tệp lịch trong schedules/: tên phải có đuôi .json, không có thư mục (/, \, ..), không bắt đầu bằng dấu chấm
web-schedule-missing = không có lịch { $name } trong schedules/
web-schedule-refused = chưa lưu { $name }: có { $errors } lỗi (mỗi lỗi ghi dòng và cột) — tệp trên đĩa vẫn như cũ
web-schedule-saved = đã lưu { $name }; đài đọc lại trong vòng một giây
web-schedule-not-saved = không lưu được { $name }: { $detail }
web-period-missing = cần ghi kỳ báo cáo: period=2026-Q4 (một quý), 2026-03 (một tháng), 2026 (một năm), quy-1, 6-thang, quy-3, nam (các kỳ theo CV 581) hoặc tên một mục [[periods]] trong loaxa.toml
web-period-bad = "{ $period }" không phải là một kỳ báo cáo: ghi một quý (2026-Q4), một tháng (2026-03), một năm (2026) hoặc tên một kỳ báo cáo (đang có: { $known })
web-format-bad = "{ $format }" không phải là định dạng báo cáo: ghi xlsx, csv, csv-excel hoặc json
web-lang-bad = "{ $lang }" không phải là ngôn ngữ báo cáo: ghi vi hoặc en
web-year-bad = "{ $year }" không phải là một năm: ghi bốn chữ số, ví dụ 2026
web-upload-no-file = không có gì để lưu: biểu mẫu không có tệp (trường "file")
web-upload-name-bad = "{ $name }" không phải là tên tệp nằm trong audio/: không ghi thư mục trong tên (gửi bằng folder), không có "..", không bắt đầu bằng dấu chấm
web-upload-folder-bad = "{ $folder }" không phải là thư mục trong audio/: ghi như tin-tuc hoặc tin-tuc/2026, không có "..", không bắt đầu bằng / hay dấu chấm
web-upload-not-audio-name = { $name } không phải là bản ghi loaxa phát được: tên phải có một trong các đuôi { $extensions }
web-upload-not-audio = { $path } không phải là âm thanh loaxa phát được: { $why } — không giữ lại gì
web-upload-too-large = tệp gửi lên lớn hơn { $limit } (max_upload trong mục [web] của loaxa.toml) — không giữ lại gì
web-upload-broken = tệp gửi lên bị đứt giữa chừng hoặc không phải biểu mẫu loaxa đọc được: { $detail } — không giữ lại gì
web-upload-field-long = trường "{ $field }" của biểu mẫu dài quá { $max } byte: không giữ lại gì
web-upload-failed = không lưu được { $path }: { $detail } — không giữ lại gì
web-upload-not-file = audio/{ $path } là một thư mục, một liên kết hoặc một tệp đặc biệt, không phải bản ghi: không thay
web-upload-exists = audio/{ $path } đã có: gửi lại với confirm=1 để thay
web-upload-in-use = audio/{ $path } { $when }: thay nó là đổi nội dung sẽ phát — gửi lại với confirm=1 nếu vẫn muốn thay
web-upload-on-air = đang phát
web-upload-due = sẽ phát trong { $slot } lúc { $when }
web-uploaded = đã lưu vào audio/: { $paths } — đài kiểm tra trong vài giây (đang chép, rồi sẵn sàng)
## Tài khoản của trang điều khiển web (`loaxa user`, data/users.json)

help-user = Tài khoản của trang điều khiển web: thêm, đổi mật khẩu, xóa, liệt kê (trên máy của đài, bởi người vận hành trong nhóm loaxa hoặc root)
help-user-add = Tạo một tài khoản với một vai trò; mật khẩu được hỏi hai lần, không hiện lên màn hình
help-user-passwd = Đặt mật khẩu mới cho một tài khoản
help-user-remove = Xóa một tài khoản
help-user-list = Liệt kê các tài khoản: tên, vai trò, lúc tạo, lúc thay đổi (không bao giờ in mật khẩu)
arg-user-name = Tên tài khoản: chữ (có dấu cũng được), chữ số, . - _; tối đa 32 ký tự; hoa hay thường đều là một tài khoản
arg-user-role = Vai trò: xem (xem trạng thái, lịch phát, nhật ký, thư viện, báo cáo), truc (trực: thêm tải tệp lên, phát, đọc văn bản, dừng phát, khẩn cấp), quan-tri (quản trị: thêm sửa lịch và tài khoản)
arg-password-stdin = Đọc mật khẩu từ một dòng của đầu vào chuẩn thay vì hỏi trên màn hình
user-bad-role = "{ $text }" không phải là một vai trò
user-bad-role-hint = viết xem (chỉ xem), truc (trực: phát, dừng, khẩn cấp) hoặc quan-tri (quản trị: lịch và tài khoản)
user-name-empty = tên tài khoản trống
user-name-too-long = tên tài khoản dài { $count } ký tự, quá { $max }
user-name-bad-char = tên tài khoản "{ $name }" có ký tự "{ $char }" không dùng được
user-name-first = tên tài khoản "{ $name }" phải bắt đầu bằng một chữ hoặc chữ số
user-name-hint = dùng chữ cái (có dấu cũng được), chữ số, dấu chấm, gạch ngang, gạch dưới, không có dấu cách, tối đa { $max } ký tự, ví dụ: lan, nguyen.van.an, truc-ban-2
user-password-control = mật khẩu có ký tự điều khiển (tab, xuống dòng…)
user-password-short = mật khẩu chỉ có { $count } ký tự, cần ít nhất { $min }
user-password-long = mật khẩu dài quá { $max } byte
user-password-hint = chọn mật khẩu có ít nhất { $min } ký tự (dấu cách và chữ có dấu đều được), không quá { $max } byte, không có tab hay xuống dòng
users-link = { $path } là một liên kết: tệp tài khoản không được đọc hay ghi qua liên kết — xóa liên kết đi rồi tạo lại tài khoản bằng sudo loaxa user add
users-not-regular = { $path } không phải là một tệp bình thường (thư mục, FIFO hay thiết bị) — chuyển nó đi chỗ khác rồi tạo lại tài khoản bằng sudo loaxa user add
users-too-big = { $path } có { $size } byte, quá { $max } byte của một tệp tài khoản — đây không phải tệp do loaxa ghi: chuyển nó đi chỗ khác rồi tạo lại tài khoản
users-malformed = { $path }:{ $line }:{ $column }: lỗi: tệp tài khoản bị hỏng: { $detail } — sửa chỗ này, hoặc đổi tên tệp rồi tạo lại tài khoản bằng sudo loaxa user add
users-twice = { $path }: tài khoản "{ $name }" có hai lần (tên không phân biệt chữ hoa, chữ thường) — xóa một lần bằng sudo loaxa user remove { $name }, rồi tạo lại nếu cần
users-denied = không đọc hay ghi được { $path }: tệp tài khoản chỉ dành cho dịch vụ loaxa — chạy lại lệnh bằng sudo
users-unreadable = không đọc được { $path }: { $detail }
users-unwritten = không ghi được { $path }: { $detail } — tài khoản chưa thay đổi gì
users-read-only = { $path } chỉ được đọc, không ghi đè — cho phép ghi lại (sudo chmod 600 { $path }) rồi chạy lại lệnh
users-exists = đã có tài khoản "{ $name }" (tên không phân biệt chữ hoa, chữ thường) — đổi mật khẩu bằng loaxa user passwd { $name }, hoặc chọn tên khác
users-no-such = không có tài khoản "{ $name }" — xem các tài khoản bằng loaxa user list
users-hash-failed = không mã hóa được mật khẩu: { $detail }
user-added = Đã tạo tài khoản { $name } (vai trò { $role }).
user-password-changed = Đã đổi mật khẩu của { $name }.
user-removed = Đã xóa tài khoản { $name }.
user-last-admin = { $name } là tài khoản quản trị cuối cùng: không còn ai quản lý lịch và tài khoản trên trang web — tạo một tài khoản mới bằng loaxa user add TÊN --role quan-tri
user-list-none = Chưa có tài khoản nào. Tạo tài khoản đầu tiên bằng: sudo loaxa user add TÊN --role quan-tri
user-list-name = tên
user-list-role = vai trò
user-list-created = tạo lúc
user-list-changed = thay đổi lúc
user-prompt = Mật khẩu cho { $name }: 
user-prompt-again = Gõ lại mật khẩu: 
user-password-mismatch = hai lần gõ mật khẩu không giống nhau — chạy lại lệnh và gõ lại cho cẩn thận
user-no-terminal = không có màn hình để gõ mật khẩu (đầu vào không phải là bàn phím) — dùng --password-stdin và đưa mật khẩu vào một dòng, ví dụ: printf '%s\n' "$MAT_KHAU" | sudo loaxa user add TÊN --role xem --password-stdin
user-password-not-utf8 = mật khẩu đưa vào không phải là chữ UTF-8

## The console's page (src/web/page). { $x } and the like in page-* are
## filled in by the page's script.
page-title = Bảng điều khiển đài truyền thanh
page-user = Tên tài khoản
page-password = Mật khẩu
page-login = Đăng nhập
page-logout = Đăng xuất
page-role = { $role ->
    [xem] chỉ xem
    [truc] trực
    [quan-tri] quản trị
   *[other] { $role }
}
page-disconnected = Mất liên lạc với máy đài — đang thử lại…
page-unreachable = không liên lạc được với máy đài
page-loading = Đang tải…
page-not-loaded = Phần này chưa tải được: { $detail }
page-onair-nothing = Không phát gì
page-onair = Đang phát:
page-onair-detail = mục { $item }/{ $items } — khung giờ { $slot }
page-left = còn { $left }
page-stop = Dừng phát
page-tab-now = Tổng quan
page-tab-emergency = Khẩn cấp
page-tab-library = Thư mục tệp
page-tab-log = Nhật ký
page-tab-reports = Báo cáo
page-tab-schedules = Lịch phát
page-cancel = Thôi
page-confirm = Đồng ý
page-problems = Việc cần xử lý
page-warnings = Cảnh báo CAP còn phát lại
page-today = Còn phát hôm nay
page-week = Tuần này
page-last = Lượt phát vừa qua
page-no-airings = Không có lượt phát nào.
page-items = { $count } mục
page-priority = Mức ưu tiên
page-priority-emergency = khẩn cấp (ngắt chương trình đang phát)
page-priority-priority = ưu tiên (phát ngay sau mục đang phát)
page-emergency-intro = Phát ngay lên loa: gõ một thông báo để máy đọc, hoặc phát một bản ghi.
page-emergency-text = Đọc một thông báo
page-emergency-text-label = Nội dung thông báo
page-repeat = Số lần đọc
page-emergency-send = Đọc lên loa…
page-emergency-recording = Phát một bản ghi
page-emergency-file = Tải bản ghi lên
page-emergency-or-existing = hoặc chọn tệp đã có trong thư mục
page-emergency-play = Phát lên loa…
page-confirm-stop = Dừng phát "{ $title }"?
page-confirm-say = Đọc thông báo này lên loa ngay, mức { $priority }?
page-confirm-play = Phát { $file } lên loa ngay, mức { $priority }?
page-confirm-replace = Vẫn thay tệp này?
page-choose-recording = Chọn một bản ghi để tải lên, hoặc một tệp đã có.
page-sent = Đã gửi lên loa.
page-uploaded = Đã tải lên: { $path }
page-drop-here = Kéo thả bản ghi vào đây để tải lên thư mục audio/.
page-choose-files = Chọn tệp…
page-folder = Thư mục con (không bắt buộc)
page-folder-hint = ví dụ: cchc/thong-bao
page-empty-library = Thư mục audio/ chưa có tệp nào.
page-file = Tệp
page-state = Tình trạng
page-loudness = Độ lớn (LUFS)
page-duration = Thời lượng
page-used-by = Dùng cho
page-log-day = Ngày
page-log-status = Kết quả
page-log-all = tất cả
page-log-find = Tìm (khung giờ, tệp, tiêu đề)
page-scheduled = Giờ lịch
page-started = Giờ phát
page-slot = Khung giờ
page-result = Kết quả
page-time = Giờ
page-no-rows = Không có lượt phát nào khớp.
page-report-period = Kỳ báo cáo
page-report-hint = Ví dụ: 2026-Q4 (quý 4 năm 2026), quy-1 (Quý I theo CV 581: 15/12 năm trước đến 14/03 năm nay), 2026 (cả năm), hoặc một kỳ đặt tên trong loaxa.toml.
page-report-xlsx = Tải về Excel (XLSX)
page-report-csv = Tải về CSV
page-report-csv-excel = Tải về CSV cho Excel
page-downloaded = Đã tải về { $name }.
page-schedules-view-only = Chỉ tài khoản quản trị được sửa lịch.
page-schedules-week = Lịch tuần này
page-schedules-raw = Sửa trực tiếp tệp lịch (JSON)
page-raw-load = Mở
page-slot-at = Giờ phát (HH:MM)
page-slot-days = Các ngày
page-weekday = { $day ->
    [T2] T2
    [T3] T3
    [T4] T4
    [T5] T5
    [T6] T6
    [T7] T7
    [CN] CN
   *[other] { $day }
}
page-slot-items = Các mục phát
page-slot-add = Thêm mục
page-slot-file = tệp
page-slot-title = tiêu đề
page-slot-folder-item = tệp mới nhất hoặc cả thư mục { $folder } (sửa trong tệp lịch)
page-slot-cron = Khung giờ này đặt giờ bằng biểu thức cron: sửa giờ và ngày trong tệp lịch bên dưới.
page-slot-not-json = Tệp lịch này có chú thích hoặc không phải JSON thuần: sửa trực tiếp bên dưới.
page-remove = Bỏ
page-save = Lưu
page-close = Đóng
page-bad-time = Giờ phải viết dạng HH:MM, ví dụ 05:30.

## Đường vào (line-in) và theo dõi im lặng

in-no-default = không có đường vào mặc định (cắm máy thu vào cổng line-in của card âm thanh, hoặc ghi tên đường vào: line-in:TÊN, `loaxa devices` liệt kê)
in-no-such-device = không có đường vào tên "{ $name }" (đang có: { $found })
in-cannot-open = không mở được đường vào ({ $detail })
in-device-error = lỗi đường vào: { $detail }
in-stopped = đường vào ngừng gửi tiếng
log-silence = im lặng trên sóng khi phát { $file }: { $seconds }, đến { $until }
log-silence-line = đường loa im lặng trong khi phát { $file }: { $seconds }, đến { $until } (bộ khuếch đại hoặc đường dây bị ngắt)
monitor-set-db-bad = [monitor] silence_db: { $value } không phải mức trong khoảng -90 đến -10 dBFS
monitor-set-db-hint = viết silence_db = -45 (dưới mức này coi như trên sóng im lặng)
monitor-set-after-bad = [monitor] silence_after: { $value } không phải khoảng thời gian từ 1 giây đến 10 phút
monitor-set-after-hint = viết silence_after = "15 giây" (hoặc "1 phút", hoặc số giây)
monitor-set-command-bad = [monitor] on_silence để trống
monitor-set-command-hint = ghi chương trình cần chạy và các tham số, ví dụ on_silence = "/usr/local/bin/bao-im-lang", hoặc xóa dòng này
monitor-set-input-bad = [monitor] input: "{ $value }" không phải đường vào
monitor-set-input-hint = viết input = "line-in" (cổng thu của card âm thanh) hoặc input = "line-in:TÊN"
in-monitor-down = không theo dõi được đường loa: { $detail }
silence-found = trên sóng im lặng từ { $since } khi phát { $file } (dưới { $db } dBFS)
silence-line-found = đường loa im lặng từ { $since } trong khi phát { $file }: bộ khuếch đại hoặc đường dây bị ngắt
silence-over = hết im lặng trong { $file } lúc { $at }
silence-todo = nghe thử đầu ra: kiểm tra bản ghi hoặc nguồn tiếp sóng (tệp không có tiếng, tiếp sóng toàn im lặng), dây từ máy tính sang bộ khuếch đại, và âm lượng card âm thanh
silence-line-todo = kiểm tra bộ khuếch đại (nguồn điện, cầu chì, âm lượng) và đường dây loa từ đài
silence-command-failed = lệnh on_silence { $command } bị lỗi: { $detail }
silence-command-timeout = lệnh on_silence { $command } chạy quá 30 giây nên bị dừng

## Tiếp sóng (relay)
relay-bad-control = địa chỉ tiếp sóng có ký tự điều khiển
relay-bad-line-in = "line-in:" phải có tên thiết bị thu sau dấu hai chấm, ví dụ "line-in:hw:1,0"
relay-bad-line-in-name = "{ $name }" không phải tên thiết bị thu loaxa dùng được: ghi tên như "arecord -L" liệt kê, ví dụ "hw:1,0" hay "dsnoop:CARD=PCH,DEV=0" (không có đường dẫn, dấu nháy, dấu cách hay plugin file)
relay-bad-scheme = "{ $value }" không phải địa chỉ tiếp sóng: viết địa chỉ http:// hoặc https:// của luồng, hoặc "line-in"
relay-bad-space = địa chỉ tiếp sóng có dấu cách: chép lại đúng địa chỉ của luồng
relay-bad-host = địa chỉ tiếp sóng thiếu tên máy chủ hoặc tên máy chủ sai
relay-bad-port = cổng trong địa chỉ tiếp sóng phải là số từ 1 đến 65535
relay-slow = luồng gửi chậm hơn thời gian thực
relay-not-connected = chưa kết nối được với luồng
relay-not-audio = địa chỉ này không gửi âm thanh loaxa đọc được (MP3, AAC, Ogg Vorbis)
relay-ended = luồng tiếp sóng đã dừng: máy chủ ngừng gửi
relay-undecodable = luồng tiếp sóng bị hỏng, không giải mã được: { $detail }
relay-format-changed = luồng tiếp sóng đổi định dạng giữa chừng ({ $rate } Hz, { $channels } kênh): kết nối lại
relay-refused = máy chủ { $host } từ chối kết nối (đài chưa phát, hoặc sai cổng?)
relay-dns = không tìm được máy chủ { $host } (sai địa chỉ, hoặc mất mạng?)
relay-timeout = máy chủ { $host } không trả lời kịp (mạng chậm hoặc bị ngắt)
relay-stalled = luồng tiếp sóng ngừng gửi dữ liệu quá { $seconds } giây
relay-http-status = máy chủ trả lời lỗi HTTP { $status } (địa chỉ sai, hoặc luồng không còn?)
relay-network = lỗi mạng khi tiếp sóng: { $detail }
relay-playlist-empty = danh sách phát không có địa chỉ luồng nào
relay-playlist-too-large = danh sách phát quá lớn (hơn { $kib } KiB): không phải danh sách phát
relay-hls-no-segments = danh sách HLS không có đoạn nào để phát
relay-test-ok = Tiếp sóng được: { $codec }, { $rate } Hz, { $channels } kênh; có tiếng sau { $delay } giây, đã giải mã { $seconds } giây.
relay-test-resolved = Địa chỉ luồng thực: { $url }
relay-test-failed = Không tiếp sóng được { $url }: { $why }
relay-test-what-to-do = Hãy kiểm tra địa chỉ (mở thử trong trình duyệt hay VLC), mạng của máy trạm (ping, cáp, modem), rồi thử lại.
relay-bad-address = địa chỉ tiếp sóng không hợp lệ: { $why }
relay-test-seconds = số giây phải từ 1 đến 600, không phải { $text }
help-relay-test = Thử một địa chỉ tiếp sóng: kết nối, giải mã vài giây, báo mã hóa, tần số và độ trễ (thử tiếp sóng)
arg-relay-test-url = Địa chỉ luồng (http:// hoặc https://; .m3u, .pls, .m3u8 đều được)
arg-relay-test-seconds = Số giây âm thanh cần giải mã (mặc định 5)
relay-bad-at-air = địa chỉ tiếp sóng không dùng được: { $why }
cal-not-length = "{ $text }" không phải là độ dài thời gian
cal-not-length-hint = viết ví dụ "30 phút", "1 giờ 30 phút" hoặc "90 giây"
cal-length-range = "{ $text }" nằm ngoài giới hạn
cal-length-range-hint = một mục tiếp sóng dài từ 1 giây đến 24 giờ
sched-relay-only = "{ $field }" chỉ dùng cho mục tiếp sóng
sched-relay-only-hint = thêm "relay": địa chỉ luồng hoặc "line-in", hoặc bỏ "{ $field }"
sched-relay-and = mục tiếp sóng không thể có thêm "{ $field }"
sched-relay-and-hint = tách thành hai mục: một mục "relay", một mục "{ $field }"
sched-relay-bad-hint = khung giờ vẫn được giữ; đến giờ sẽ phát tệp dự phòng ("fallback") thay cho tiếp sóng cho đến khi sửa địa chỉ
sched-relay-no-duration = mục tiếp sóng thiếu "duration"
sched-relay-no-duration-hint = viết thời lượng tiếp sóng, ví dụ "duration": "30 phút"
relay-set-after-bad = fallback_after = { $value } không dùng được
relay-set-after-hint = viết số giây từ 1 đến 600, ví dụ fallback_after = "10 s"
report-set-bad = [report] { $key }: viết trên một dòng, không để trống, tối đa 80 ký tự
report-set-bad-hint = { $key ->
    [commune] tên xã in ở dòng ỦY BAN NHÂN DÂN, ví dụ commune = "Mỹ Thạnh" (hoặc "phường Hòa Bình")
    [place] địa danh ở dòng ngày tháng, ví dụ place = "Mỹ Thạnh"
    [head_title] chức danh người ký, ví dụ head_title = "Chủ tịch"
   *[other] họ tên người ký, ví dụ { $key } = "Nguyễn Thị Lan"
}
reason-relay-next-program = dừng tiếp sóng vì đến giờ chương trình kế tiếp
relay-fallback-unusable = tệp dự phòng { $file } không phát được ({ $why }): khi mất tiếp sóng sẽ chỉ phát khoảng lặng
relay-no-runtime = không khởi động được kết nối tiếp sóng
lib-relay-not-file = mục tiếp sóng không phải là tệp
relay-span = { $minutes ->
    [0] { $seconds } giây
   *[other] { $seconds ->
        [0] { $minutes } phút
       *[other] { $minutes } phút { $seconds } giây
    }
}
# A length as people say it (timefmt::span); relay-span above is kept for
# relay notes stored before it.
span = { $hours ->
    [0] { $minutes ->
        [0] { $seconds } giây
       *[other] { $seconds ->
            [0] { $minutes } phút
           *[other] { $minutes } phút { $seconds } giây
        }
    }
   *[other] { $hours } giờ{ $minutes ->
        [0] {""}
       *[other] {" "}{ $minutes } phút
    }{ $seconds ->
        [0] {""}
       *[other] {" "}{ $seconds } giây
    }
}
relay-summary = tiếp sóng { $name } { $relayed } / { $planned }
relay-interruption = mất tiếp sóng { $from }–{ $to }: { $why }; phát khoảng lặng
relay-interruption-filled = mất tiếp sóng { $from }–{ $to }: { $why }; phát { $file } { $seconds }
relay-no-certificates = máy không có chứng chỉ hệ thống: luồng https:// sẽ không tiếp sóng được, luồng http:// vẫn được; hãy cài gói ca-certificates (sudo apt install ca-certificates)

io-not-found = không có tệp hay thư mục này
io-permission = tài khoản này không có quyền
io-exists = đã có tệp này
io-full = ổ đĩa đã đầy
io-read-only = ổ đĩa chỉ cho đọc
io-is-dir = đây là một thư mục
io-not-dir = một phần của đường dẫn không phải là thư mục
io-too-big = tệp quá lớn
io-busy = tệp hay thiết bị đang bận
io-invalid-data = dữ liệu không hợp lệ
