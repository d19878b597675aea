#!/usr/bin/env python3
"""Splits a `perf record -g` profile of `bulletin build` into pipeline phases.

Usage: perf script -F tid,time,ip,sym -i perf.data | python3 bench/phases.py
Each sample is given to the first phase (in the order below) whose marker appears in its stack;
prints CPU samples per phase, split into the main thread and the rayon workers, and the wall-clock
window over which each phase's samples fall.
"""
import sys
from collections import defaultdict

PHASES = [  # (phase, markers searched in the stack, innermost frame first)
    ("load: bulletins (front matter)", ["load::content::load_bulletins"]),
    ("load: data (CSV, figures)", ["load::data::load_dataset"]),
    ("validate", ["validate::validate"]),
    ("resolve bulletins (Markdown, shortcodes, chart specs)", ["resolve_bulletins", "resolve_bulletin"]),
    ("charts: draw SVG (rayon)", ["ChartRegistry::render", "bulletin::charts::render"]),
    ("plan: chart specs for pages + Chart::id", ["Site::plan"]),
    ("pages: view models (Site::context)", ["Site::context"]),
    ("pages: Tera templates", ["tera::"]),
    ("pages: other (fill markers, output files)", ["bulletin::render::"]),
    ("link check", ["check_site_links", "links::check_links"]),
    ("chart CSV files", ["csv_files"]),
    ("write output files", ["output::write_site"]),
    ("free memory at exit", ["drop_in_place", "_int_free", "cfree"]),
]
SUB = [  # finer markers reported inside every phase
    ("Chart::id (Debug-format + FNV hash)", "charts::Chart::id"),
    ("<str as Debug>::fmt", "<str as core::fmt::Debug>::fmt"),
    ("Charts::trend", "Charts::trend"),
    ("Charts::composition", "Charts::composition"),
    ("Embedder::figure", "Embedder::figure"),
    ("serde_json::to_value", "serde_json::value::to_value"),
    ("plotters text layout", "estimate_layout"),
    ("escape_html", "text::escape_html"),
]


def samples(stream):
    head, frames = None, []
    for line in stream:
        line = line.rstrip("\n")
        if not line.strip():
            if head:
                yield head, frames
            head, frames = None, []
        elif not line.startswith(("\t", " ")) or head is None:
            parts = line.split()
            head = (parts[0], float(parts[1].rstrip(":")))
        else:
            frames.append(line.strip().split(" ", 1)[-1])
    if head:
        yield head, frames


def main():
    per = defaultdict(lambda: [0, 0])
    window = {}
    sub = defaultdict(int)
    main_tid, total, t0, t1 = None, 0, None, None
    for (tid, t), frames in samples(sys.stdin):
        if main_tid is None:
            main_tid = tid
        t0 = t if t0 is None else min(t0, t)
        t1 = t if t1 is None else max(t1, t)
        total += 1
        stack = "\n".join(frames)
        phase = "other (startup, allocator, kernel)"
        for name, markers in PHASES:
            if any(m in stack for m in markers):
                phase = name
                break
        per[phase][0 if tid == main_tid else 1] += 1
        lo, hi = window.get(phase, (t, t))
        window[phase] = (min(lo, t), max(hi, t))
        for name, marker in SUB:
            if marker in stack:
                sub[name] += 1
    print(f"{total} samples over {t1 - t0:.2f} s of wall time\n")
    print("| phase | samples, main thread | samples, workers | share of CPU | wall window (s from start) |")
    print("|---|---:|---:|---:|---|")
    order = sorted(per, key=lambda p: window[p][0])
    for p in order:
        m, w = per[p]
        lo, hi = window[p]
        print(f"| {p} | {m} | {w} | {100 * (m + w) / total:.1f}% | {lo - t0:.2f}–{hi - t0:.2f} |")
    print("\n| inside any phase | samples | share of CPU |")
    print("|---|---:|---:|")
    for name, _ in SUB:
        print(f"| {name} | {sub[name]} | {100 * sub[name] / total:.1f}% |")


main()
