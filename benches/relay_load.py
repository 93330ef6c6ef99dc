#!/usr/bin/env python3
"""What a relay costs, and how precisely it starts next to a file item.

    python3 benches/relay_load.py [RELAY_SECONDS]

A station (release build, `level = "off"`) airs into `--output raw:FIFO`,
which this script reads the whole time as a sound card would, noting when
each read arrived:
  T+20 s  a file item: 10 s of a 997 Hz tone;
  T+40 s  a relay item of RELAY_SECONDS (default 300): an Icecast-style MP3
          stream (tests/fixtures/relay/chirp.mp3 looped, 48 kHz mono,
          64 kbit/s) served on loopback by this script at real time.

Reported: the daemon's CPU (utime+stime) over the relay's middle (from 10 s
after its start to 10 s before its end) as a share of one core; its RSS
(VmRSS sampled each second while relaying, and the peak VmHWM); and the
start of each item: `started − scheduled` from the airing log (times come
from sample counts), and when its first sample reached the FIFO reader by
the wall clock, against its scheduled second. The relay's log record
(relayed / planned, interruptions) is printed too.

LOAXA_BIN: the binary (default: this repository's release build, built now
with cargo, honouring CARGO_TARGET_DIR).
"""
import http.server
import json
import math
import os
import socketserver
import struct
import subprocess
import sys
import tempfile
import threading
import time
import wave

RATE = 48_000
FRAME = 4  # s16le stereo
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHIRP = f"{REPO}/tests/fixtures/relay/chirp.mp3"
CHIRP_SECONDS = 4.0


def build():
    binary = os.environ.get("LOAXA_BIN")
    if binary:
        return binary
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--manifest-path", f"{REPO}/Cargo.toml"],
        check=True,
    )
    target = os.environ.get("CARGO_TARGET_DIR", f"{REPO}/target")
    return f"{target}/release/loaxa"


class Stream(http.server.BaseHTTPRequestHandler):
    """chirp.mp3 looped at real time, a tenth of a second at a time."""

    def do_GET(self):
        mp3 = open(CHIRP, "rb").read()
        step = int(len(mp3) / CHIRP_SECONDS / 10)
        self.send_response(200)
        self.send_header("Content-Type", "audio/mpeg")
        self.end_headers()
        at, t0, ticks = 0, time.monotonic(), 0
        try:
            while True:
                piece = bytearray()
                while len(piece) < step:
                    n = min(step - len(piece), len(mp3) - at)
                    piece += mp3[at:at + n]
                    at = (at + n) % len(mp3)
                self.wfile.write(piece)
                ticks += 1
                time.sleep(max(0.0, t0 + ticks * 0.1 - time.monotonic()))
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, *args):
        pass


def write_tone(path, seconds):
    amp = int(32767 * 0.25)
    period = [int(amp * math.sin(2 * math.pi * 997 * i / RATE)) for i in range(RATE)]
    second = b"".join(struct.pack("<hh", s, s) for s in period)
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        for _ in range(seconds):
            w.writeframes(second)
    old = time.time() - 600
    os.utime(path, (old, old))


def cron_at(t):
    local = time.gmtime(t + 7 * 3600)  # Asia/Ho_Chi_Minh, no summer time
    return f"{local.tm_sec} {local.tm_min} {local.tm_hour} * * *"


def station(binary, tmp, port, relay_seconds):
    st = f"{tmp}/dai"
    subprocess.run([binary, "init", "--dir", st], check=True, capture_output=True)
    with open(f"{st}/loaxa.toml", "w") as f:
        f.write('station = "Đài thử tiếp sóng"\nlang = "en"\nlevel = "off"\n'
                '[web]\nenabled = false\n')
    write_tone(f"{st}/audio/tone.wav", 10)
    t = int(time.time())
    file_at, relay_at = t + 20, t + 40
    slots = [
        {"id": "tep", "cron": cron_at(file_at), "program": ["tone.wav"]},
        {"id": "tiep-song", "cron": cron_at(relay_at), "program": [
            {"relay": f"http://127.0.0.1:{port}/vov1.mp3",
             "duration": f"{relay_seconds} s", "title": "VOV1"}]},
    ]
    with open(f"{st}/schedules/bench.json", "w") as f:
        json.dump({"slots": slots}, f)
    return st, file_at, relay_at


class Fifo:
    def __init__(self, path):
        self.path, self.data, self.reads = path, bytearray(), []
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        with open(self.path, "rb", buffering=0) as f:
            while True:
                chunk = f.read(65536)
                now = time.time()
                if not chunk:
                    return
                self.data += chunk
                self.reads.append((now, len(self.data)))

    def first_sound_after(self, byte):
        """Wall-clock arrival of the first non-zero frame at or after `byte`."""
        view = memoryview(bytes(self.data)).cast("i")  # one int per frame
        start = byte // FRAME
        k = next((i for i in range(start, len(view)) if view[i] != 0), None)
        if k is None:
            return None
        end = (k + 1) * FRAME
        return next((t for t, n in self.reads if n >= end), None)


def proc(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    relay_seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    binary = build()
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Stream)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    with tempfile.TemporaryDirectory() as tmp:
        st, file_at, relay_at = station(binary, tmp, port, relay_seconds)
        fifo_path = f"{tmp}/out.raw"
        os.mkfifo(fifo_path)
        fifo = Fifo(fifo_path)
        daemon = subprocess.Popen(
            [binary, "--dir", st, "run", "--output", f"raw:{fifo_path}"],
            stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        pid = daemon.pid
        measure_from, measure_to = relay_at + 10, relay_at + relay_seconds - 10
        while time.time() < measure_from:
            time.sleep(0.2)
        cpu0, t0, rss = cpu(pid), time.time(), []
        while time.time() < measure_to:
            rss.append(proc(pid, "VmRSS"))
            time.sleep(1)
        share = (cpu(pid) - cpu0) / (time.time() - t0)
        hwm = proc(pid, "VmHWM")
        while time.time() < relay_at + relay_seconds + 5:
            time.sleep(0.5)
        daemon.terminate()
        daemon.wait()
        log = subprocess.run([binary, "--dir", st, "log", "--json"],
                             capture_output=True, text=True)
        rows = [json.loads(line) for line in log.stdout.splitlines() if line.strip()]
    rows = [r for r in rows if r.get("slot") in ("tep", "tiep-song")]
    print(f"relay of {relay_seconds} s: CPU {share * 100:.2f} % of one core "
          f"(over {measure_to - measure_from} s), RSS {min(rss) / 1024:.1f}–"
          f"{max(rss) / 1024:.1f} MiB while relaying, peak {hwm / 1024:.1f} MiB")
    # The FIFO carries both programs; the relay's first sound follows the
    # file's 10 s of tone and the silence between them.
    for r in rows:
        at = file_at if r["slot"] == "tep" else relay_at
        late = (time.mktime(time.strptime(r["started"][:19], "%Y-%m-%dT%H:%M:%S"))
                - time.mktime(time.strptime(r["scheduled"][:19], "%Y-%m-%dT%H:%M:%S"))
                + float("0." + r["started"][20:23]) - float("0." + r["scheduled"][20:23]))
        print(f"{r['slot']:>10}: started − scheduled (log) {late * 1000:+.1f} ms; "
              f"status {r['status']}; played {r.get('played')} s"
              + (f"; relayed {r.get('relayed')} / {r.get('planned')} s, "
                 f"{len(r.get('interruptions') or [])} interruptions"
                 if r['slot'] == 'tiep-song' else ""))
    file_arrived = fifo.first_sound_after(0)
    relay_arrived = fifo.first_sound_after(
        next((n for t, n in fifo.reads if t >= file_at + 15), len(fifo.data)))
    for name, arrived, at in (("file", file_arrived, file_at), ("relay", relay_arrived, relay_at)):
        if arrived is not None:
            print(f"{name:>10}: first sound read from the FIFO {(arrived - at) * 1000:+.1f} ms "
                  f"from its second (wall clock; includes the FIFO's buffering)")


if __name__ == "__main__":
    main()
