#!/usr/bin/python3
"""Plots fan-out (and cluster fan-out) latency against rate from a benchmark run.

Usage: /usr/bin/python3 plot.py RESULTS_DIR IMG_DIR
Reads RESULTS_DIR/results.jsonl and writes IMG_DIR/<fanout|cluster>-<transport>-<size>.png: for each peer, the
median over repetitions of each step's p99 (solid) and p50 (dashed) end-to-end latency against the offered
deliveries per second, with the 50 ms limit. Needs Debian's python3-matplotlib.
"""
import collections
import json
import os
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def load(results_dir):
    runs = []
    with open(os.path.join(results_dir, "results.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                runs.append(json.loads(line))
    return runs


def series(runs):
    """point -> peer -> offered deliveries/s -> ([p50 ms], [p99 ms])"""
    out = collections.OrderedDict()
    for r in runs:
        if r.get("kind") not in ("fanout", "cluster") or not r.get("steps"):
            continue
        peers = out.setdefault(r["point"], collections.OrderedDict())
        by_rate = peers.setdefault(r["peer"], {})
        for s in r["steps"]:
            lat = s.get("latency", {})
            if s.get("superseded") or "p99Us" not in lat:
                continue
            x = round(s["offeredDeliveriesPerSec"])
            p50, p99 = by_rate.setdefault(x, ([], []))
            p50.append(lat["p50Us"] / 1000.0)
            p99.append(lat["p99Us"] / 1000.0)
    return out


def title(point):
    kind, transport, size = point.split("-")
    what = "cluster (2 nodes + Redis)" if kind == "cluster" else "fan-out"
    return "%s, %s, %s receivers" % (what, "WebSocket" if transport == "websocket" else transport,
                                     format(int(size), ","))


def plot(point, peers, img_dir, limit_ms=50.0):
    fig, ax = plt.subplots(figsize=(10, 5), dpi=110)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, (peer, by_rate) in enumerate(peers.items()):
        xs = sorted(by_rate)
        if not xs:
            continue
        c = colors[i % len(colors)]
        p99 = [statistics.median(by_rate[x][1]) for x in xs]
        p50 = [statistics.median(by_rate[x][0]) for x in xs]
        lo = [p - min(by_rate[x][1]) for p, x in zip(p99, xs)]
        hi = [max(by_rate[x][1]) - p for p, x in zip(p99, xs)]
        ax.errorbar(xs, p99, yerr=[lo, hi], color=c, marker="o", ms=4, lw=1.6, capsize=2, label=peer + " p99")
        ax.plot(xs, p50, color=c, ls="--", lw=1, marker=".", label=peer + " p50")
    ax.axhline(limit_ms, color="grey", ls=":", lw=1)
    ax.annotate("%g ms limit" % limit_ms, xy=(1.0, limit_ms), xycoords=("axes fraction", "data"),
                xytext=(-4, 3), textcoords="offset points", ha="right", color="grey", fontsize=8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("offered deliveries per second (rate x receivers)")
    ax.set_ylabel("end-to-end latency (ms)")
    ax.set_title(title(point))
    ax.grid(True, which="both", alpha=0.25)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    fig.tight_layout()
    path = os.path.join(img_dir, point + ".png")
    fig.savefig(path)
    plt.close(fig)
    return path


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: plot.py RESULTS_DIR IMG_DIR")
    results_dir, img_dir = sys.argv[1], sys.argv[2]
    os.makedirs(img_dir, exist_ok=True)
    for old in os.listdir(img_dir):
        if old.startswith("fanout-") and old.endswith(".png"):
            os.remove(os.path.join(img_dir, old))
    for point, peers in series(load(results_dir)).items():
        print("plot:", plot(point, peers, img_dir))


if __name__ == "__main__":
    main()
