#!/usr/bin/env bash
# Re-creates the sample audio of the example station (Mỹ Thạnh commune).
# Needs: espeak-ng, sox with OGG/FLAC support, lame, ffmpeg (for the M4A)
# (Debian: espeak-ng sox lame ffmpeg).
# MP3s are made with lame, which writes the LAME/Info header: players use it
# to drop the encoder's padding (gapless), and loaxa to notice a file cut short.
# Run from anywhere: ./audio/make-samples.sh
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Speak Vietnamese text into a WAV, trimmed of leading/trailing silence, with a short fade.
say() { # say OUT.wav "text"
  espeak-ng -v vi -s 150 -w "$tmp/raw.wav" "$2"
  sox "$tmp/raw.wav" "$tmp/trim.wav" silence 1 0.05 0.5% reverse silence 1 0.05 0.5% reverse
  sox "$tmp/trim.wav" "$1" fade 0.02 0 0.05 vol 0.9
}

# Jingle (nhạc hiệu): four plucked notes, C major arpeggio, 44.1 kHz stereo MP3.
n=0
for note in C5 E5 G5 C6; do
  len=0.22; [ "$note" = C6 ] && len=0.9
  sox -n -r 44100 -c 2 "$tmp/note$n.wav" synth "$len" pluck "$note" vol 0.33
  n=$((n+1))
done
sox "$tmp"/note0.wav "$tmp"/note1.wav "$tmp"/note2.wav "$tmp"/note3.wav "$tmp/notes.wav"
sox "$tmp/notes.wav" "$tmp/jingle.wav" fade 0 0 0.4
lame --quiet -b 128 --resample 44.1 "$tmp/jingle.wav" nhac-hieu.mp3

# Greeting and closing (22.05 kHz mono MP3, 32 kbit/s: speech on loudspeakers).
say "$tmp/chao.wav" "Đài truyền thanh xã Mỹ Thạnh xin kính chào quý thính giả. Sau đây là chương trình phát thanh của đài."
lame --quiet --abr 32 "$tmp/chao.wav" loi-chao.mp3
say "$tmp/ket.wav" "Chương trình phát thanh của Đài truyền thanh xã Mỹ Thạnh đến đây là hết. Xin cảm ơn quý thính giả đã chú ý theo dõi."
lame --quiet --abr 32 "$tmp/ket.wav" ket-thuc.mp3

# CCHC bulletins (tin, bài), one per format the station is likely to receive.
# Their title, author and topic travel with the file: tags in the MP3 and
# the OGG, a sidecar NAME.json next to the FLAC and the M4A.
say "$tmp/b1.wav" "Bản tin cải cách hành chính. Bộ phận một cửa của Ủy ban nhân dân xã tiếp nhận hồ sơ tất cả các buổi sáng trong tuần, kể cả sáng thứ Bảy. Bà con nhớ mang theo căn cước khi đến làm thủ tục."
lame --quiet --abr 32 --id3v2-only --id3v2-utf16 \
  --tt "Bộ phận một cửa nhận hồ sơ cả sáng thứ Bảy" --ta "Tổ thông tin xã" --tg "mot-cua" \
  "$tmp/b1.wav" "cchc/ban-tin-mot-cua.mp3"
say "$tmp/b2.wav" "Thủ tục đăng ký khai sinh nay được giải quyết ngay trong ngày. Bà con có thể nộp hồ sơ trực tuyến trên Cổng dịch vụ công quốc gia, không phải đi lại nhiều lần."
sox "$tmp/b2.wav" --comment "TITLE=Đăng ký khai sinh giải quyết trong ngày" \
  --add-comment "ARTIST=Tổ thông tin xã" --add-comment "GENRE=Thủ tục hành chính" \
  -C 0 "cchc/ban-tin-khai-sinh.ogg"
say "$tmp/b3.wav" "Ủy ban nhân dân xã mời bà con góp ý về sự phục vụ của cán bộ, công chức, bằng phiếu khảo sát mức độ hài lòng đặt tại bộ phận một cửa."
sox "$tmp/b3.wav" -r 16000 -b 16 "cchc/khao-sat-hai-long.flac"
# A phone recording: AAC in M4A, 48 kHz mono, quiet (about −30 LUFS) and
# with two seconds of room noise before the voice, as phones record.
say "$tmp/b4.wav" "Thông báo. Chủ tịch Ủy ban nhân dân xã tiếp công dân vào sáng thứ Năm hằng tuần, tại trụ sở Ủy ban. Bà con có kiến nghị về thủ tục hành chính xin mời đến trực tiếp."
sox -n -r 22050 -c 1 "$tmp/hiss.wav" synth 2 whitenoise vol 0.0005
sox "$tmp/hiss.wav" "$tmp/b4.wav" "$tmp/b4p.wav"
sox "$tmp/b4p.wav" -r 48000 "$tmp/b4q.wav" vol 0.21
ffmpeg -loglevel error -y -i "$tmp/b4q.wav" -c:a aac -b:a 40k -movflags +faststart \
  "cchc/thong-bao/tiep-cong-dan_2026-11-23.m4a"

ls -lR nhac-hieu.mp3 loi-chao.mp3 ket-thuc.mp3 cchc/
du -ch nhac-hieu.mp3 loi-chao.mp3 ket-thuc.mp3 cchc/* cchc/thong-bao/* | tail -1
