#!/usr/bin/env python3
"""The table of benches/before-after.sh: reads OUT (its results folder) and
prints Markdown: start precision and gaps per set and variant for before,
after and the peer, with before/peer and after/peer ratios; idle CPU and RSS;
a simulated year; export of 100,000 airings.   table.py OUT"""
import json
import os
import re
import sys

out = sys.argv[1]
res = os.environ.get("BENCH_RESULTS", os.path.join(out, "results"))


def summary(name):
    p = os.path.join(res, name, "summary.json")
    return json.load(open(p)) if os.path.exists(p) else None


def ratio(x, y):
    if x is None or y is None:
        return "–"
    return "n/a (0)" if y == 0 else f"{x / y:.2f}"


def f(x, d=2):
    return "–" if x is None else f"{x:.{d}f}"


print("### Start precision and gaps (peer harness, raw: FIFO output)\n")
print("| set | variant | program | clean / runs | start latency median / max (ms) | ratio to peer (median / max) | gap median / max (ms) |")
print("|---|---|---|---|---|---|---|")
idle_rows = []
for set_, sfx, peer_name in (("12 s apart", "", "sleep_until_sox"), ("6 s apart", "_6s", "sleep_until_sox_6s")):
    peer = summary(peer_name)
    runs = [("before", summary(f"loaxa{sfx}_before")), ("after", summary(f"loaxa{sfx}_after")), ("peer", peer)]
    for var in ("A", "B"):
        for who, s in runs:
            if s is None:
                continue
            # The peer's variants are A (one sox) and B (one sox per file), both WAV.
            v = s["variants"].get(var)
            if v is None:
                continue
            lat, gap = v["latency_ms"], v["gap_ms"]
            pv = peer["variants"].get(var) if peer else None
            pl = pv["latency_ms"] if pv else None
            r = "1" if who == "peer" else f'{ratio(lat["median"], pl and pl["median"])} / {ratio(lat["max"], pl and pl["max"])}'
            name = {"before": "loaxa before", "after": "loaxa after", "peer": "sleep-until + sox"}[who]
            print(f'| {set_} | {var}: {v["desc"]} | {name} | {v["clean"]} / {v["scheduled"]} '
                  f'| {f(lat["median"])} / {f(lat["max"])} | {r} | {f(gap["median"])} / {f(gap["max"])} |')
    for who, s in runs:
        if s is not None:
            r = s["resources"]
            idle_rows.append((set_, who, r.get("idle_cpu_pct_schedstat", r["idle_cpu_pct"]), r["idle_window_s"],
                              r["idle_rss_mib"], r["play_rss_peak_mib"]))

print("\n### Idle CPU and RSS (harness idle window, scheduler process tree)\n")
print("| set | program | idle CPU % of a core (window) | RSS idle (MiB) | RSS playing, peak (MiB) |")
print("|---|---|---|---|---|")
for set_, who, cpu, win, rss, play in idle_rows:
    print(f"| {set_} | {who} | {cpu:.4f} ({win:.0f} s) | {rss:.1f} | {play:.1f} |")


def read(name):
    p = os.path.join(out, name)
    return open(p).read() if os.path.exists(p) else ""


print("\n### loaxa alone: idle (benches/idle.sh), a simulated year, export of 100,000 airings\n")
print("| measure | before | after | after / before |")
print("|---|---|---|---|")
idle = {}
for w in ("before", "after"):
    t = read(f"idle-{w}.txt")
    m = re.search(r"([\d.]+) % by schedstat; RSS ([\d.]+) MiB", t)
    idle[w] = (float(m.group(1)), float(m.group(2))) if m else (None, None)
print(f'| idle CPU, % of a core (schedstat) | {f(idle["before"][0], 5)} | {f(idle["after"][0], 5)} | {ratio(idle["after"][0], idle["before"][0])} |')
print(f'| idle RSS (MiB) | {f(idle["before"][1], 1)} | {f(idle["after"][1], 1)} | {ratio(idle["after"][1], idle["before"][1])} |')


def wall(s):
    parts = [float(x) for x in s.split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))


sim = {}
for w in ("before", "after"):
    rows = re.findall(r"wall ([\d:.]+), user ([\d.]+) s, sys ([\d.]+) s, max RSS ([\d.]+) MiB", read(f"simulate-{w}.txt"))
    if rows:
        walls = sorted(wall(r[0]) for r in rows)
        cpus = sorted(float(r[1]) + float(r[2]) for r in rows)
        sim[w] = (walls[len(walls) // 2], cpus[len(cpus) // 2], max(float(r[3]) for r in rows))
    else:
        sim[w] = (None, None, None)
for i, label in enumerate(("simulate 2027, wall (s, median of 3)", "simulate 2027, CPU user+sys (s, median of 3)", "simulate 2027, max RSS (MiB)")):
    print(f'| {label} | {f(sim["before"][i])} | {f(sim["after"][i])} | {ratio(sim["after"][i], sim["before"][i])} |')
exp = {}
for w in ("before", "after"):
    exp[w] = {m.group(1).strip(): (float(m.group(2)), float(m.group(3)))
              for m in re.finditer(r"^(loaxa [^\d]+?)\s+([\d.]+) s\s+([\d.]+) MiB", read(f"export-{w}.txt"), re.M)}
for k in exp["before"]:
    b, a = exp["before"][k], exp["after"].get(k, (None, None))
    print(f"| {k}, 100,000 airings: time (s) | {f(b[0])} | {f(a[0])} | {ratio(a[0], b[0])} |")
    print(f"| {k}, 100,000 airings: peak RSS (MiB) | {f(b[1], 1)} | {f(a[1], 1)} | {ratio(a[1], b[1])} |")
