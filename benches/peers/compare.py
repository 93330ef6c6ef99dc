#!/usr/bin/env python3
"""Side-by-side table of two harness summaries (loaxa first, then the peer),
with loaxa/peer ratios. Usage: compare.py LOAXA_SUMMARY PEER_SUMMARY"""
import json
import sys


def load(p):
    return json.load(open(p))


def row(s, name, v):
    lat = v["latency_ms"]
    r = s["resources"]
    return {
        "peer": s["title"],
        "variant": f'{name}: {v["desc"]}',
        "clean": f'{v["clean"]} / {v["scheduled"]}',
        "lat": (lat["median"], lat["p95"], lat["max"]),
        "gap": (v["gap_ms"]["median"], v["gap_ms"]["max"]),
        "cut": v["truncated_ms"]["max"],
        "cpu": r.get("idle_cpu_pct_schedstat", r["idle_cpu_pct"]),
        "cpu_window": r["idle_window_s"],
        "rss_idle": r["idle_rss_mib"],
        "rss_play": r["play_rss_peak_mib"],
    }


def main():
    a, b = load(sys.argv[1]), load(sys.argv[2])
    rows = [row(s, n, v) for s in (a, b) for n, v in sorted(s["variants"].items())]
    print("| program | variant | clean / runs | start latency median / p95 / max (ms) | gap median / max (ms) | cut max (ms) | idle CPU % of a core (window) | RSS idle (MiB) | RSS playing (MiB) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f'| {r["peer"]} | {r["variant"]} | {r["clean"]} | {r["lat"][0]:.2f} / {r["lat"][1]:.2f} / {r["lat"][2]:.2f} '
              f'| {r["gap"][0]:.2f} / {r["gap"][1]:.2f} | {r["cut"]:.2f} | {r["cpu"]:.4f} ({r["cpu_window"]:.0f} s) '
              f'| {r["rss_idle"]:.1f} | {r["rss_play"]:.1f} |')

    def ratio(x, y):
        return "n/a (peer 0)" if y == 0 else f"{x / y:.2f}"

    la = [r for r in rows if r["peer"] == a["title"]]
    pb = [r for r in rows if r["peer"] == b["title"]]
    print()
    print(f'loaxa / peer, same sitting: start latency median {ratio(max(r["lat"][0] for r in la), max(r["lat"][0] for r in pb))}, '
          f'max {ratio(max(r["lat"][2] for r in la), max(r["lat"][2] for r in pb))}; '
          f'idle CPU {ratio(la[0]["cpu"], pb[0]["cpu"])}; RSS idle {ratio(la[0]["rss_idle"], pb[0]["rss_idle"])}; '
          f'RSS playing {ratio(la[0]["rss_play"], pb[0]["rss_play"])}')


main()
