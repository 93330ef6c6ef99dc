#!/usr/bin/env python3
"""The emergency path, timed: from `loaxa say --priority "khẩn cấp"` being
sent to the first sample of speech reaching the output.

    python3 benches/emergency.py [RUNS]

A station (`loaxa init --example`) runs with `--output raw:FIFO`; this script
reads the FIFO the whole time (as a sound card would take the samples) and
notes when each read arrived. For each run it sends a new text (a number in
it changes, so the speech cache never has it), and measures:

  answered  the command returned (the text is audio, the program queued);
  on air    the first non-silent sample arrived at the FIFO (the read's
            time plus the sample's offset in that read).

Two texts: one sentence (a short warning), and one of about 120 seconds of
speech; then the same sentence as a CAP 1.2 alert given to `loaxa alert`
(severity Severe: khẩn cấp). LOAXA_BIN: the binary (default: this repository's release build,
built now). espeak-ng must be installed.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

RATE = 48_000
FRAME = 4  # s16le stereo
THRESHOLD = 300  # |sample| above this is speech, not dither or silence

SHORT = "Thông báo khẩn: bão số {n} đổ bộ vào đất liền trong đêm nay, bà con không ra khơi."
CAP = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>BENCH-{n}</identifier>
  <sender>pctt@example.invalid</sender>
  <sent>2026-11-29T05:00:00+07:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>vi-VN</language>
    <category>Met</category>
    <event>Bão</event>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <headline>{text}</headline>
    <expires>2099-01-01T00:00:00+07:00</expires>
    <area><areaDesc>Xã Mỹ Thạnh</areaDesc><geocode><valueName>MA_XA</valueName><value>28912</value></geocode></area>
  </info>
</alert>
"""

LONG_SENTENCE = (
    "Ban chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn xã thông báo: "
    "hồi {n} giờ, vị trí tâm bão ở khoảng mười bốn độ vĩ bắc, sức gió mạnh nhất cấp mười, "
    "giật cấp mười hai; đề nghị bà con chằng chống nhà cửa, không ra khơi, "
    "di dời người già và trẻ em đến nơi an toàn theo hướng dẫn của Ủy ban nhân dân xã."
)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = os.environ.get("LOAXA_BIN")
    if not binary:
        subprocess.run(
            ["cargo", "build", "--release", "--quiet", "--manifest-path", f"{repo}/Cargo.toml"],
            check=True,
        )
        binary = f"{repo}/target/release/loaxa"
    with tempfile.TemporaryDirectory() as tmp:
        st = f"{tmp}/x"
        subprocess.run([binary, "init", "--example", "--dir", st], check=True, capture_output=True)
        with open(f"{st}/loaxa.toml", "a") as f:
            f.write('\n[cap]\nareas = ["28912"]\nrepeat = 1\n')
        fifo = f"{tmp}/out.pcm"
        os.mkfifo(fifo)
        arrivals = []  # (monotonic time of the read, first loud frame offset or None)
        lock = threading.Lock()

        def reader():
            with open(fifo, "rb", buffering=0) as f:
                while True:
                    data = f.read(RATE // 100 * FRAME)
                    now = time.monotonic()
                    if not data:
                        return
                    loud = None
                    for i in range(0, len(data) - 1, 2):
                        v = int.from_bytes(data[i : i + 2], "little", signed=True)
                        if abs(v) > THRESHOLD:
                            loud = i // FRAME
                            break
                    with lock:
                        arrivals.append((now, loud))

        threading.Thread(target=reader, daemon=True).start()
        daemon = subprocess.Popen(
            [binary, "--dir", st, "run", "--output", f"raw:{fifo}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            sock = f"{st}/data/loaxa.sock"
            for _ in range(600):
                if os.path.exists(sock):
                    break
                time.sleep(0.05)
            results = {}
            for name, template, times in (
                ("one sentence", SHORT, 1),
                ("~2 min of speech", LONG_SENTENCE, 6),
                ("CAP alert", SHORT, 1),
            ):
                rows = []
                for n in range(runs):
                    # A number no earlier run used: never in the speech cache.
                    base = 1000 if name == "CAP alert" else 3
                    text = " ".join(template.format(n=n + base + 10 * k) for k in range(times))
                    with lock:
                        arrivals.clear()
                    command = [binary, "--dir", st, "say", text, "--priority", "khẩn cấp"]
                    if name == "CAP alert":
                        xml = f"{tmp}/alert-{n}.xml"
                        with open(xml, "w") as f:
                            f.write(CAP.format(n=n, text=text))
                        command = [binary, "--dir", st, "alert", xml]
                    sent = time.monotonic()
                    out = subprocess.run(command, capture_output=True, text=True)
                    answered = time.monotonic()
                    if out.returncode != 0:
                        sys.exit(f"{command[3]} failed: {out.stderr}")
                    first = None
                    deadline = time.monotonic() + 30
                    while first is None and time.monotonic() < deadline:
                        with lock:
                            for at, loud in arrivals:
                                if loud is not None and at >= sent:
                                    first = at + loud / RATE
                                    break
                        time.sleep(0.01)
                    if first is None:
                        sys.exit("no speech reached the output within 30 s")
                    rows.append((answered - sent, first - sent))
                    # Let it finish (and the output go quiet) before the next.
                    stop = subprocess.run([binary, "--dir", st, "stop-airing"], capture_output=True)
                    time.sleep(1.5)
                results[name] = rows
        finally:
            daemon.terminate()
            daemon.wait(timeout=30)
    print(f"emergency path, {runs} runs each (seconds from the command sent):")
    for name, rows in results.items():
        ans = [a for a, _ in rows]
        air = [b for _, b in rows]
        print(
            f"  {name:16} answered median {statistics.median(ans):.3f} max {max(ans):.3f};"
            f"  first sample median {statistics.median(air):.3f} max {max(air):.3f}"
        )


if __name__ == "__main__":
    main()
