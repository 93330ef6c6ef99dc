#!/usr/bin/env python3
"""The console flooded while a program airs: does the airing notice?

    python3 benches/console_load.py [CLIENTS] [SECONDS]

A station (release build) airs a scheduled 70-second test tone (997 Hz,
`level = "off"`, so the samples are the file's) into `--output raw:FIFO`;
this script reads the FIFO the whole time, as a sound card would, noting
when each read arrived. Meanwhile CLIENTS (default 200) clients, each with
its own session (one shared `xem` account, each client logged in itself),
poll GET /api/status once a second for SECONDS (default 60), over
keep-alive connections, all within the program.

Reported: requests/s, errors (anything not 200, and failed connections),
latency p50/p99/max; the daemon's CPU (utime+stime over the load) and peak
RSS (VmHWM; VmRSS sampled each second); the output: the program's frames
against its length, runs of silence inside it (a gap would be one), the
longest wait between two reads of the FIFO and how far the stream ever
fell behind real time; and the airing log (`loaxa log --json`): the
program completed, nothing missed. The clients run on the same 2-core PC
as the daemon (loopback only), so they take CPU from it too.

LOAXA_BIN: the binary (default: this repository's release build, built now
with cargo, honouring CARGO_TARGET_DIR).
"""
import http.client
import json
import math
import os
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import wave

RATE = 48_000
FRAME = 4  # s16le stereo
TONE_SECONDS = 70
LEAD = 20  # seconds from the daemon's start to the program (logins first)
ACCOUNT = ("tai", "mat-khau-thu-tai")


def build(repo):
    binary = os.environ.get("LOAXA_BIN")
    if binary:
        return binary
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--manifest-path", f"{repo}/Cargo.toml"],
        check=True,
    )
    target = os.environ.get("CARGO_TARGET_DIR", f"{repo}/target")
    return f"{target}/release/loaxa"


def write_tone(path):
    """70 s of a 997 Hz tone at -12 dBFS, 48 kHz stereo: never silent for
    more than a sample, so a run of zeros inside it is a gap."""
    amp = int(32767 * 0.25)
    period = [int(amp * math.sin(2 * math.pi * 997 * i / RATE)) for i in range(RATE)]
    second = b"".join(struct.pack("<hh", s, s) for s in period)
    with wave.open(path, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        for _ in range(TONE_SECONDS):
            w.writeframes(second)
    old = time.time() - 600  # settled long ago
    os.utime(path, (old, old))


def station(binary, tmp):
    st = f"{tmp}/dai"
    subprocess.run([binary, "init", "--dir", st], check=True, capture_output=True)
    with open(f"{st}/loaxa.toml", "w") as f:
        f.write(
            'station = "Đài truyền thanh xã Thử Tải"\nlang = "en"\n'
            'timezone = "Asia/Ho_Chi_Minh"\nlevel = "off"\n'
            '[web]\nenabled = true\nlisten = "127.0.0.1:0"\n'
        )
    write_tone(f"{st}/audio/tone.wav")
    add = subprocess.run(
        [binary, "--dir", st, "user", "add", ACCOUNT[0], "--role", "xem", "--password-stdin"],
        input=ACCOUNT[1] + "\n", text=True, capture_output=True,
    )
    if add.returncode != 0:
        sys.exit(f"user add failed: {add.stderr}")
    # Station time is UTC+7 (no summer time): the slot at start + LEAD s.
    at = int(time.time()) + LEAD
    local = time.gmtime(at + 7 * 3600)
    slot = {"id": "tai", "cron": f"{local.tm_sec} {local.tm_min} {local.tm_hour} * * *",
            "program": ["tone.wav"]}
    with open(f"{st}/schedules/tai.json", "w") as f:
        json.dump({"slots": [slot]}, f)
    return st, at


class Fifo:
    """Reads the output as a card would, noting (arrival, bytes so far)."""

    def __init__(self, path):
        self.path = path
        self.data = bytearray()
        self.reads = []
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        with open(self.path, "rb", buffering=0) as f:
            while True:
                chunk = f.read(65536)
                now = time.monotonic()
                if not chunk:
                    return
                self.data += chunk
                self.reads.append((now, len(self.data)))


class Client(threading.Thread):
    def __init__(self, host, port, start, until, offset):
        super().__init__(daemon=True)
        self.host, self.port = host, port
        self.start_at, self.until, self.offset = start, until, offset
        self.latencies, self.errors, self.reconnects, self.cookie = [], 0, 0, None

    def connect(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def login(self, conn):
        body = json.dumps({"user": ACCOUNT[0], "password": ACCOUNT[1]})
        conn.request("POST", "/api/login", body, {"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            raise RuntimeError(f"login {r.status}")
        self.cookie = r.getheader("Set-Cookie").split(";")[0]

    def run(self):
        conn = self.connect()
        while self.cookie is None and time.monotonic() < self.until:
            try:
                self.login(conn)
            except Exception:
                self.errors += 1
                conn.close()
                conn = self.connect()
                time.sleep(1)
        tick = self.start_at + self.offset
        while tick < self.until:
            pause = tick - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            t0 = time.monotonic()
            # A kept-alive connection the console closed meanwhile (idle
            # 10 s: the one from the login) is opened again once, as a
            # browser does; only what fails then is an error.
            for attempt in (1, 2):
                try:
                    conn.request("GET", "/api/status", headers={"Cookie": self.cookie})
                    r = conn.getresponse()
                    r.read()
                    if r.status == 200:
                        self.latencies.append(time.monotonic() - t0)
                    else:
                        self.errors += 1
                    break
                except Exception:
                    conn.close()
                    conn = self.connect()
                    if attempt == 2:
                        self.errors += 1
                    else:
                        self.reconnects += 1
            tick += 1.0
        conn.close()


def proc_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def output_report(fifo, program_at_mono):
    """Frames of the tone, silent runs inside it, the longest read gap and
    the most the stream fell behind real time while the tone aired."""
    samples = memoryview(bytes(fifo.data)).cast("h")
    frames = len(samples) // 2
    first = next((i for i in range(frames) if samples[2 * i] != 0), None)
    if first is None:
        return {"tone_frames": 0}
    last = next(i for i in range(frames - 1, -1, -1) if samples[2 * i] != 0)
    zero_runs, run = 0, 0
    for i in range(first, last + 1):
        if samples[2 * i] == 0:
            run += 1
        else:
            if run >= 48:  # 1 ms of silence inside a tone is a gap
                zero_runs += 1
            run = 0
    # Arrival times of the tone's frames against real time, anchored on the
    # read that carried its first frame.
    start_byte, end_byte = first * FRAME, (last + 1) * FRAME
    inside = [(t, b) for t, b in fifo.reads if start_byte < b <= end_byte + 65536]
    t0 = next(t for t, b in fifo.reads if b > start_byte)
    behind = max(((t - t0) - (min(b, end_byte) - start_byte) / FRAME / RATE) for t, b in inside)
    gaps = [b[0] - a[0] for a, b in zip(inside, inside[1:])]
    return {
        "tone_frames": last + 1 - first,
        "expected_frames": TONE_SECONDS * RATE,
        "silent_runs_inside": zero_runs,
        "longest_read_gap_ms": round(1000 * max(gaps), 1) if gaps else None,
        "most_behind_real_time_ms": round(1000 * behind, 1),
        "first_sample_late_ms": round(1000 * (t0 - program_at_mono), 1),
    }


def main():
    clients = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = build(repo)
    with tempfile.TemporaryDirectory() as tmp:
        st, at = station(binary, tmp)
        fifo_path = f"{tmp}/out.pcm"
        os.mkfifo(fifo_path)
        fifo = Fifo(fifo_path)
        err = open(f"{tmp}/daemon.err", "w+")
        daemon = subprocess.Popen(
            [binary, "--dir", st, "run", "--output", f"raw:{fifo_path}"],
            stdout=subprocess.DEVNULL, stderr=err,
        )
        url = None
        for _ in range(300):
            err.seek(0)
            for line in err:
                if "console: http://" in line:
                    url = line.split("console: http://")[1].strip().rstrip("/")
            if url:
                break
            time.sleep(0.1)
        if not url:
            daemon.kill()
            err.seek(0)
            sys.exit("no console line:\n" + err.read())
        host, port = url.rsplit(":", 1)
        program_mono = time.monotonic() + (at - time.time())
        # Load from 3 s after the program starts, for `seconds`, spread
        # over each second; logins before.
        load_start = program_mono + 3
        load_end = load_start + seconds
        pool = [Client(host, int(port), load_start, load_end, i / clients) for i in range(clients)]
        for c in pool:
            c.start()
        while time.monotonic() < load_start:
            time.sleep(0.05)
        cpu0, wall0 = proc_cpu(daemon.pid), time.monotonic()
        rss = []
        while time.monotonic() < load_end:
            rss.append(proc_kb(daemon.pid, "VmRSS"))
            time.sleep(1)
        cpu1, wall1 = proc_cpu(daemon.pid), time.monotonic()
        hwm = proc_kb(daemon.pid, "VmHWM")
        for c in pool:
            c.join(timeout=40)
        # The rest of the program, then its end in the log.
        while time.monotonic() < program_mono + TONE_SECONDS + 3:
            time.sleep(0.5)
        log = subprocess.run([binary, "--dir", st, "log", "--json"], capture_output=True, text=True)
        rows = [json.loads(l) for l in log.stdout.splitlines() if l.strip()]
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=20)
        fifo.thread.join(timeout=5)

    latencies = sorted(l for c in pool for l in c.latencies)
    errors = sum(c.errors for c in pool)
    q = lambda p: round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1)
    result = {
        "clients": clients,
        "seconds": seconds,
        "requests_ok": len(latencies),
        "requests_per_s": round(len(latencies) / seconds, 1),
        "errors": errors,
        "reconnects_after_idle_close": sum(c.reconnects for c in pool),
        "latency_ms_p50": q(0.50) if latencies else None,
        "latency_ms_p99": q(0.99) if latencies else None,
        "latency_ms_max": round(1000 * latencies[-1], 1) if latencies else None,
        "daemon_cpu_percent": round(100 * (cpu1 - cpu0) / (wall1 - wall0), 1),
        "daemon_rss_mb_peak": round(hwm / 1024, 1),
        "daemon_rss_mb_during_load_max": round(max(rss) / 1024, 1) if rss else None,
        "output": output_report(fifo, program_mono),
        "log": {
            "rows": [(r.get("file"), r.get("status")) for r in rows],
            "missed": sum(1 for r in rows if r.get("status") == "missed"),
            "not_completed": sum(1 for r in rows if r.get("status") != "completed"),
        },
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
