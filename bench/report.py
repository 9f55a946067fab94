#!/usr/bin/env python3
"""Turn run.sh's measurements into the results table (Markdown).

Input: times.tsv (one row per timed run), notes.tsv (versions, drillbook's
summary lines), serve and search JSON (optional). Output: the table on stdout
and in --out. Ratios are tool time / drillbook time, from medians of one run.
"""

import argparse
import datetime
import json
import os
import platform
import re
import statistics

UNITS = {"b": 1, "byte": 1, "bytes": 1, "kb": 1000, "kib": 1024, "mb": 1000 ** 2, "mib": 1024 ** 2}
SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*(bytes|byte|kib|kb|mib|mb|b)\b", re.I)
TARGET_N = 10000
# One line of `drillbook build --timings`: "   812.3 ms  config, content, render, site".
STAGE = re.compile(r"^\s*(\d+(?:\.\d+)?) ms  (\S.*?)\s*$")


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, l.rstrip("\n").split("\t"))) for l in f if l.strip()]


def read_notes(path):
    notes = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t", 2)
                if len(parts) == 3:
                    notes[(parts[0], parts[1])] = parts[2]
    return notes


def read_json(path):
    if path and os.path.exists(path) and os.path.getsize(path) > 0:
        with open(path, encoding="utf-8") as f:
            try:
                return json.load(f)
            except json.JSONDecodeError as e:
                return {"error": f"unreadable JSON: {e}"}
    return None


def parse_first_query(line):
    """Bytes from drillbook's `… first query … 98.3 kB …` line, or None.

    Zero counts as None: a build that reports 0 bytes has no search index yet
    (the search stage was a stub when this harness was written)."""
    if not line:
        return None
    i = line.lower().find("first query")
    m = SIZE.search(line, i if i >= 0 else 0) or SIZE.search(line)
    n = round(float(m.group(1)) * UNITS[m.group(2).lower()]) if m else None
    return n or None


class Row:
    """The reps of one tool at one N."""

    def __init__(self, runs):
        self.ok = [r for r in runs if r["exit"] == "0"]
        self.failed = len(runs) - len(self.ok)
        self.secs = [float(r["seconds"]) for r in self.ok]
        self.cpu = [float(r.get("cpu_seconds", "nan")) for r in self.ok]
        self.rss_kb = [int(r["maxrss_kb"]) for r in self.ok]
        self.bytes = int(runs[-1]["out_bytes"]) if runs else 0
        self.files = int(runs[-1]["out_files"]) if runs else 0

    @property
    def median(self):
        return statistics.median(self.secs) if self.secs else None

    @property
    def cpu_median(self):
        xs = [x for x in self.cpu if x == x]  # drop NaN (older TSVs had no CPU column)
        return statistics.median(xs) if xs else None

    @property
    def peak_mb(self):
        return max(self.rss_kb) / 1024 if self.rss_kb else None


def combine(a_runs, b_runs):
    """Hugo + Pagefind: per rep, the sum of times and the larger RSS."""
    out = []
    b_by_rep = {r["rep"]: r for r in b_runs}
    for r in a_runs:
        b = b_by_rep.get(r["rep"])
        if not b:
            continue
        out.append({
            "seconds": str(float(r["seconds"]) + float(b["seconds"])),
            "cpu_seconds": str(float(r.get("cpu_seconds", "nan")) + float(b.get("cpu_seconds", "nan"))),
            "maxrss_kb": str(max(int(r["maxrss_kb"]), int(b["maxrss_kb"]))),
            "out_bytes": b["out_bytes"], "out_files": b["out_files"],
            "exit": "0" if r["exit"] == "0" and b["exit"] == "0" else "1",
        })
    return out


def parse_stages(text):
    """The (stage, ms) lines `drillbook build --timings` printed, in order."""
    return [(m.group(2), float(m.group(1))) for m in map(STAGE.match, (text or "").splitlines()) if m]


def stage_split(logs):
    """Median ms per stage over the reps' logs, in the first log's order."""
    per = {}
    order = []
    for text in logs:
        for stage, ms in parse_stages(text):
            if stage not in per:
                order.append(stage)
            per.setdefault(stage, []).append(ms)
    return [(stage, statistics.median(per[stage])) for stage in order]


def read_logs(logdir, label, n, reps):
    out = []
    for rep in range(1, reps + 1):
        try:
            with open(os.path.join(logdir, f"{label}-{n}-{rep}.log"), encoding="utf-8", errors="replace") as f:
                out.append(f.read())
        except OSError:
            pass
    return out


def fmt(x, spec, suffix=""):
    return "n/a" if x is None else format(x, spec) + suffix


def verdict(ok, detail):
    if ok is None:
        return "n/a", detail
    return ("PASS" if ok else "MISS"), detail


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--times", required=True)
    ap.add_argument("--notes", required=True)
    ap.add_argument("--serve")
    ap.add_argument("--search")
    ap.add_argument("--pages", required=True)
    ap.add_argument("--reps", required=True)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--quick", default="0")
    ap.add_argument("--out", required=True)
    ap.add_argument("--logs", help="run.sh's logs/ (for the --timings stage split)")
    a = ap.parse_args()

    runs = read_tsv(a.times)
    notes = read_notes(a.notes)
    serve = read_json(a.serve)
    search = read_json(a.search)
    ns = sorted({int(x) for x in a.pages.split(",")})
    by = {}
    for r in runs:
        by.setdefault((r["label"], int(r["n"])), []).append(r)

    tools = [
        ("drillbook", "drillbook (default threads)"),
        ("drillbook-1t", "drillbook, RAYON_NUM_THREADS=1"),
        ("drillbook-2t", "drillbook, RAYON_NUM_THREADS=2"),
        ("drillbook-warm", "drillbook, warm: one page edited, rebuilt into the same output"),
        ("hugo", "Hugo (no search)"),
        ("hugo+pagefind", "Hugo + Pagefind index"),
        ("mdbook", "mdBook (search built in)"),
    ]
    rows = {}
    for n in ns:
        for key, _ in tools:
            if key == "hugo+pagefind":
                rs = combine(by.get(("hugo", n), []), by.get(("pagefind", n), []))
            else:
                rs = by.get((key, n), [])
            if rs:
                rows[(key, n)] = Row(rs)

    out = []
    now = datetime.datetime.now()
    out.append(f"# drillbook benchmark, {now:%Y-%m-%d %H:%M}")
    out.append("")
    out.append(f"- pages: {', '.join(map(str, ns))}; repetitions: {a.reps} (median shown); corpus seed: {a.seed}"
               + ("; **--quick** (a smoke test, not a result)" if a.quick == "1" else ""))
    out.append(f"- machine: {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
               f"drillbook commit {notes.get(('git.commit', '-'), '?')}")
    out.append(f"- load average (1, 5, 15 min) at start: {notes.get(('load.start', '-'), '?')}, at end: "
               f"{notes.get(('load.end', '-'), '?')} (on {os.cpu_count()} CPUs; much above {os.cpu_count()} means "
               "other work competed and the seconds are inflated)")
    out.append(f"- peers: Hugo {notes.get(('version.hugo', '-'), '?')}, "
               f"Pagefind {notes.get(('version.pagefind', '-'), '?')}, mdBook {notes.get(('version.mdbook', '-'), '?')}")
    if ("drillbook.missing", "-") in notes or not any(k[0] == "drillbook" for k in rows):
        why = notes.get(("drillbook.missing", "-"), "no drillbook binary")
        out.append(f"- **drillbook rows are n/a**: its build did not produce a site ({why.strip()[:200]})")
    out.append("")
    out.append("Ratio = tool wall time / drillbook wall time in this run (> 1: drillbook is faster). "
               "The machine is noisy: compare ratios, not seconds across runs. CPU s = user + system "
               "seconds (all threads), less sensitive to competing load than wall time.")

    for n in ns:
        out.append("")
        out.append(f"## {n:,} pages")
        out.append("")
        out.append("| tool | median s | × drillbook | CPU s | peak RSS MB | output MB | files |")
        out.append("|---|---:|---:|---:|---:|---:|---:|")
        base = rows.get(("drillbook", n))
        base_t = base.median if base else None
        for key, name in tools:
            row = rows.get((key, n))
            if row is None:
                if key == "mdbook" and n > 1000:
                    continue
                out.append(f"| {name} | n/a | n/a | n/a | n/a | n/a | n/a |")
                continue
            t = row.median
            ratio = (t / base_t) if (t is not None and base_t) else None
            failed = f" ({row.failed} failed)" if row.failed else ""
            out.append(f"| {name} | {fmt(t, '.3f')}{failed} | {fmt(ratio, '.2f', '×')} | {fmt(row.cpu_median, '.2f')} | "
                       f"{fmt(row.peak_mb, '.0f')} | {row.bytes / 1e6:.1f} | {row.files:,} |")
        fq = parse_first_query(notes.get(("drillbook.first_query", str(n))))
        summary = notes.get(("drillbook.summary", str(n)))
        out.append("")
        fq_line = (notes.get(("drillbook.first_query", str(n))) or "").strip()
        out.append(f"- drillbook first search query loads: {fmt(fq and fq / 1000, '.1f', ' kB')}"
                   + (f" (from its build output: `{fq_line}`)" if fq_line else " (no `first query` line)"))
        if summary:
            out.append(f"- drillbook says: `{summary.strip()}`")
        warm_ok = notes.get(("drillbook.warm_ok", str(n)))
        if warm_ok:
            out.append(f"- warm rebuilds whose output carried the edit: {warm_ok}")
        split = stage_split(read_logs(a.logs, "drillbook", n, int(a.reps))) if a.logs else []
        if split:
            total = sum(ms for _, ms in split)
            out.append("- per-stage split (`drillbook build --timings`, default threads, median over reps): "
                       + "; ".join(f"{stage} {ms:,.0f} ms ({ms / total:.0%})" for stage, ms in split))

    # Serve and browser.
    nmax = ns[-1]
    out.append("")
    out.append(f"## Serve and search at {nmax:,} pages")
    out.append("")
    serve_ms = None
    if serve and not serve.get("error"):
        serve_ms = serve.get("median_reported_ms")
        out.append(f"- serve, one-page edit: **{fmt(serve_ms, '.1f', ' ms')}** as serve reports it (from its change "
                   f"event); {fmt(serve.get('median_wall_ms'), '.1f', ' ms')} wall from our write to its line; "
                   f"page served with the edit after {serve.get('served_ok', 0)}/{len(serve.get('edits', []))} edits; "
                   f"first build ready in {fmt(serve.get('ready_s'), '.1f', ' s')}; "
                   f"serve's peak RSS {fmt(serve.get('peak_rss_mb'), '.0f', ' MB')}")
    else:
        why = serve.get("error") if serve else "drillbook serve not available"
        out.append(f"- serve, one-page edit: n/a ({why})")
    search_db = (search or {}).get("drillbook") if isinstance(search, dict) else None
    if search and isinstance(search, dict) and not search.get("error"):
        for site, res in search.items():
            if isinstance(res, dict) and not res.get("error"):
                out.append(f"- Chromium search, {site}: results {fmt(res.get('median_latency_ms'), '.1f', ' ms')} after "
                           f"the last keystroke (median of {len(res.get('queries', []))} queries); first query loaded "
                           f"{fmt(res.get('first_query_bytes') and res['first_query_bytes'] / 1000, '.1f', ' kB')} "
                           f"from focusing the box on (the page itself: "
                           f"{fmt(res.get('page_load_bytes') and res['page_load_bytes'] / 1000, '.1f', ' kB')})")
            elif isinstance(res, dict):
                out.append(f"- Chromium search, {site}: n/a ({res.get('error')})")
    else:
        why = (search or {}).get("error") or notes.get(("search.missing", "-"), "not run")
        out.append(f"- Chromium search: n/a ({why})")

    # Targets.
    out.append("")
    out.append("## Targets")
    out.append("")
    tn = TARGET_N if TARGET_N in ns else nmax
    caveat = "" if tn == TARGET_N else f" (at N={tn:,}: indicative only, the target is for {TARGET_N:,})"
    db = rows.get(("drillbook", tn))
    hp = rows.get(("hugo+pagefind", tn))
    hg = rows.get(("hugo", tn))
    dbt = db.median if db else None
    targets = []

    def speed(other, label, factor=3.0):
        ot = other.median if other else None
        if dbt and ot:
            r = ot / dbt
            return verdict(r >= factor, f"{label} / drillbook = {r:.2f}× (need ≥ {factor:.0f}×){caveat}")
        return verdict(None, f"{label} or drillbook missing{caveat}")

    targets.append(("cold build (search included) ≥ 3× faster than Hugo without search",) + speed(hg, "Hugo"))
    targets.append(("cold build (search included) ≥ 7× faster than Hugo + Pagefind",)
                   + speed(hp, "Hugo+Pagefind", 7.0))
    if len(ns) >= 2 and rows.get(("drillbook", ns[0])) and rows.get(("drillbook", ns[-1])):
        lo, hi = rows[("drillbook", ns[0])].median, rows[("drillbook", ns[-1])].median
        bound = 1.1 * ns[-1] / ns[0]
        r = hi / lo if lo else None
        targets.append((f"time({ns[-1]:,}) / time({ns[0]:,}) ≤ {bound:g}",)
                       + verdict(r is not None and r <= bound, f"{fmt(r, '.2f')}"))
    else:
        targets.append(("time(10k) / time(1k) ≤ 11",) + verdict(None, "needs two page counts and drillbook"))
    targets.append(("serve: one-page edit rebuilt ≤ 50 ms from the change event",)
                   + (verdict(serve_ms <= 50, f"{serve_ms:.1f} ms{caveat if nmax == tn else ''}")
                      if serve_ms is not None else verdict(None, "serve not measured")))
    fq = parse_first_query(notes.get(("drillbook.first_query", str(tn))))
    if fq is None and search_db and search_db.get("first_query_bytes"):
        fq = search_db["first_query_bytes"]
    targets.append(("first search query loads ≤ 150 kB",)
                   + (verdict(fq <= 150_000, f"{fq / 1000:.1f} kB{caveat}") if fq is not None
                      else verdict(None, "no byte count (or 0) in drillbook's `first query` line, no browser run")))
    lat = search_db.get("median_latency_ms") if search_db else None
    why = (f"browser run: {search_db.get('error')}" if search_db else "no browser run for drillbook")
    targets.append(("search results shown ≤ 50 ms after the keystroke",)
                   + (verdict(lat <= 50, f"{lat:.1f} ms{caveat if nmax == tn else ''}") if lat is not None
                      else verdict(None, why)))
    warm = rows.get(("drillbook-warm", tn))
    wt = warm.median if warm else None
    targets.append(("warm one-page rebuild ≤ 1 s",)
                   + (verdict(wt <= 1.0, f"{wt:.3f} s{caveat}") if wt is not None else verdict(None, "not measured")))
    pk = db.peak_mb if db else None
    targets.append(("peak memory of the build ≤ 300 MB",)
                   + (verdict(pk <= 300, f"{pk:.0f} MB{caveat}") if pk is not None else verdict(None, "no drillbook run")))
    serve_mb = serve.get("peak_rss_mb") if serve and not serve.get("error") else None
    targets.append(("serve's peak memory ≤ 300 MB",)
                   + (verdict(serve_mb <= 300, f"{serve_mb:.0f} MB{caveat if nmax == tn else ''}")
                      if serve_mb is not None else verdict(None, "serve not measured")))
    out.append("| target | result | measured |")
    out.append("|---|---|---|")
    for name, v, detail in targets:
        out.append(f"| {name} | **{v}** | {detail} |")
    out.append("")

    text = "\n".join(out)
    print(text)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
