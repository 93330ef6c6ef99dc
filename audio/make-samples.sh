#!/usr/bin/env bash
# Re-creates the sample audio of the example station (Mỹ Thạnh commune).
# Needs: espeak-ng, sox with OGG/FLAC support, lame (Debian: espeak-ng sox lame).
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
  sox -n -r 44100 -c 2 "$tmp/note$n.wav" synth "$len" pluck "$note" vol 0.7
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
say "$tmp/b1.wav" "Bản tin cải cách hành chính. Bộ phận một cửa của Ủy ban nhân dân xã tiếp nhận hồ sơ tất cả các buổi sáng trong tuần, kể cả sáng thứ Bảy. Bà con nhớ mang theo căn cước khi đến làm thủ tục."
lame --quiet --abr 32 "$tmp/b1.wav" "cchc/ban-tin-mot-cua.mp3"
say "$tmp/b2.wav" "Thủ tục đăng ký khai sinh nay được giải quyết ngay trong ngày. Bà con có thể nộp hồ sơ trực tuyến trên Cổng dịch vụ công quốc gia, không phải đi lại nhiều lần."
sox "$tmp/b2.wav" -C 0 "cchc/ban-tin-khai-sinh.ogg"
say "$tmp/b3.wav" "Ủy ban nhân dân xã mời bà con góp ý về sự phục vụ của cán bộ, công chức, bằng phiếu khảo sát mức độ hài lòng đặt tại bộ phận một cửa."
sox "$tmp/b3.wav" -r 16000 -b 16 "cchc/khao-sat-hai-long.flac"

ls -l nhac-hieu.mp3 loi-chao.mp3 ket-thuc.mp3 cchc/
du -ch nhac-hieu.mp3 loi-chao.mp3 ket-thuc.mp3 cchc/* | tail -1
