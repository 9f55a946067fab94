#!/usr/bin/env python3
"""Pathological pages: each must build in under 2 s (issue 13, scope 4).

One handbook per case, each holding one hostile page at --scale times the
size the robustness probe found slow (default 10x):

  headings    5,000 identical `## Same` headings        (ids made unique)
  templates   5,000 templates with the same title       (card ids made unique)
  braces      a 1 MB run of `{{` inside a template      (blank scanning)
  brackets    200 kB of nested `[[[` in front matter    (YAML error position)

Each is built with `drillbook build` (release binary) and timed wall-clock;
a case over --limit seconds is a MISS, over --timeout it is stopped. The
brackets page is invalid YAML, so its build must fail, quickly, with an error
naming the page's file and line. Prints a table; exits 1 if any case missed.

  python3 bench/pathological.py                 # 10x, builds target/release/drillbook
  python3 bench/pathological.py --scale 1       # the sizes the probe used
  python3 bench/pathological.py --drillbook PATH --results bench/results
"""

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time

BOOK_TOML = """[book]
title = "Pathological"
language = "en"

[[modules]]
id = "debug"
title = "System debug"
"""


def front(title, extra=""):
    return f"---\ntitle: {title}\nkind: drill\n{extra}---\n\n"


def page_headings(scale):
    n = 5000 * scale
    return front("Headings") + "## Same\n\ntext\n\n" * n, 0


def page_templates(scale):
    n = 5000 * scale
    body = '::: template text "Same"\nx\n:::\n\n' * n
    return front("Templates") + body, 0


def page_braces(scale):
    size = 1_000_000 * scale
    body = '::: template text "Braces"\n' + "{{" * (size // 2) + "\n:::\n"
    return front("Braces") + body, 0


def page_brackets(scale):
    size = 200_000 * scale
    return front("Brackets", "tags: " + "[" * size + "\n"), 1


CASES = [
    ("headings", "5,000 identical headings", page_headings),
    ("templates", "5,000 templates, one title", page_templates),
    ("braces", "1 MB run of {{ in a template", page_braces),
    ("brackets", "200 kB nested [[[ in front matter", page_brackets),
]


def build_binary():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=repo, check=True)
    return os.path.join(repo, "target", "release", "drillbook")


def run_case(binary, name, make, scale, timeout):
    text, want_code = make(scale)
    work = tempfile.mkdtemp(prefix=f"drillbook-patho-{name}-")
    try:
        root = os.path.join(work, "book")
        os.makedirs(os.path.join(root, "content", "debug"))
        with open(os.path.join(root, "book.toml"), "w") as f:
            f.write(BOOK_TOML)
        rel = os.path.join("content", "debug", f"{name}.md")
        with open(os.path.join(root, rel), "w") as f:
            f.write(text)
        started = time.monotonic()
        try:
            run = subprocess.run(
                [binary, "build", "--root", root, "--out", os.path.join(work, "out")],
                capture_output=True,
                text=True,
                timeout=timeout,
                env={**os.environ, "NO_COLOR": "1"},
            )
        except subprocess.TimeoutExpired:
            return len(text), None, None, "stopped"
        took = time.monotonic() - started
        note = ""
        if run.returncode != want_code:
            note = f"exit {run.returncode}, expected {want_code}"
        elif want_code == 1 and f"{name}.md:" not in run.stderr:
            note = "error without the page's file:line"
        elif run.returncode < 0 or "panicked" in run.stderr:
            note = "crashed"
        return len(text), took, run.returncode, note
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--drillbook", help="binary to time (default: cargo build --release)")
    ap.add_argument("--scale", type=int, default=10, help="times the probe's sizes (default 10)")
    ap.add_argument("--limit", type=float, default=2.0, help="seconds a case may take (default 2)")
    ap.add_argument("--timeout", type=float, default=120.0, help="stop a case after this (default 120 s)")
    ap.add_argument("--results", help="also write the table to DIR/<date>-pathological.md")
    args = ap.parse_args()
    binary = args.drillbook or build_binary()

    lines = [
        f"Pathological pages at {args.scale}x (limit {args.limit:.1f} s), {binary}",
        "",
        "| case | page | size | time | result |",
        "|---|---|---|---|---|",
    ]
    missed = 0
    for name, what, make in CASES:
        size, took, _code, note = run_case(binary, name, make, args.scale, args.timeout)
        if took is None:
            shown, verdict = f"> {args.timeout:.0f} s", "MISS (stopped)"
        else:
            shown = f"{took:.2f} s"
            verdict = "PASS" if took < args.limit and not note else "MISS"
            if note:
                verdict += f" ({note})"
        if not verdict.startswith("PASS"):
            missed += 1
        lines.append(f"| {name} | {what} x{args.scale} | {size / 1e6:.1f} MB | {shown} | {verdict} |")
        print(lines[-1], flush=True)
    table = "\n".join(lines) + "\n"
    print()
    print(table)
    if args.results:
        os.makedirs(args.results, exist_ok=True)
        day = datetime.date.today().isoformat()
        with open(os.path.join(args.results, f"{day}-pathological.md"), "w") as f:
            f.write(table)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
