#!/usr/bin/env python3
"""Serve path: time from a one-page edit to drillbook serve's rebuilt output.

Copies the handbook (edits never touch the benchmark corpus), starts
`drillbook serve --root COPY --port P` on 127.0.0.1, waits until it answers
HTTP, then appends a sentence to one page per edit and reads the next line
serve prints with a duration ("… in 12.3 ms"). Reports, per edit, the duration
serve printed (from its change event) and the wall time from our write to that
line, and whether the page served afterwards contains the new sentence.
Also reports serve's peak resident memory (the kernel's high-water mark,
VmHWM in /proc/PID/status, read just before stopping it, after the edits and
the search index catching up). Prints JSON on stdout; stops the server it
started.
"""

import argparse
import json
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|µs|us|s)\b")
SCALE_MS = {"s": 1000.0, "ms": 1.0, "µs": 0.001, "us": 0.001}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, timeout=2.0):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def reader(stream, q):
    for raw in iter(stream.readline, b""):
        q.put((time.perf_counter(), raw.decode("utf-8", "replace").rstrip("\n")))
    q.put((time.perf_counter(), None))


def peak_rss_mb(pid):
    """The process's peak resident set size in MB (Linux), or None."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def pick_pages(root, k):
    content = os.path.join(root, "content")
    pages = []
    for module in sorted(os.listdir(content)):
        d = os.path.join(content, module)
        if os.path.isdir(d):
            pages += [os.path.join(module, f) for f in sorted(os.listdir(d)) if f.endswith(".md")]
    step = max(1, len(pages) // k)
    return [pages[(i * step) % len(pages)] for i in range(k)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--root", required=True, help="handbook to copy")
    ap.add_argument("--work", required=True, help="scratch dir (replaced)")
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--startup-timeout", type=float, default=300)
    ap.add_argument("--edit-timeout", type=float, default=10)
    a = ap.parse_args()

    result = {"edits": [], "error": None}
    if os.path.exists(a.work):
        shutil.rmtree(a.work)
    root = os.path.join(a.work, "book")
    shutil.copytree(a.root, root)
    port = free_port()
    cmd = [os.path.abspath(a.bin), "serve", "--root", root, "--port", str(port)]
    result["command"] = " ".join(cmd)
    t_start = time.perf_counter()
    try:
        proc = subprocess.Popen(cmd, cwd=a.work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    except OSError as e:
        result["error"] = f"cannot start serve: {e}"
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    lines = queue.Queue()
    threading.Thread(target=reader, args=(proc.stdout, lines), daemon=True).start()
    log = []

    def drain(until=None):
        """Collect lines until `until` (perf_counter) or one arrives; return it or None."""
        while True:
            left = None if until is None else until - time.perf_counter()
            if left is not None and left <= 0:
                return None
            try:
                t, line = lines.get(timeout=left if left is not None else 0.05)
            except queue.Empty:
                if until is None:
                    return None
                continue
            if line is None:
                tail = " | ".join(l for _, l in log[-5:])
                raise RuntimeError(f"serve exited with code {proc.wait()}"
                                   + (f": {tail}" if tail else ", printing nothing"))
            log.append((t, line))
            print(line, file=sys.stderr)
            return t, line

    try:
        # 1. Wait until it answers HTTP (its first build is done or it serves an error).
        deadline = t_start + a.startup_timeout
        while True:
            if proc.poll() is not None:
                while drain() is not None:
                    pass
                raise RuntimeError(f"serve exited with {proc.returncode}: "
                                   + " | ".join(l for _, l in log[-5:]))
            try:
                http_get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError, socket.timeout, OSError):
                pass
            if time.perf_counter() > deadline:
                raise RuntimeError("serve did not answer HTTP in time")
            while drain() is not None:
                pass
            time.sleep(0.1)
        result["ready_s"] = round(time.perf_counter() - t_start, 3)
        # 2. Let the watcher settle: no output for 1 s.
        quiet_until = time.perf_counter() + 1.0
        while True:
            got = drain(until=quiet_until)
            if got is None:
                break
            quiet_until = time.perf_counter() + 1.0

        # 3. Edits.
        for k, rel in enumerate(pick_pages(root, a.edits)):
            marker = f"Benchmark edit {k} {time.time_ns()}"
            path = os.path.join(root, "content", rel)
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"\n{marker}.\n")
            t_write = time.perf_counter()
            edit = {"page": rel, "reported_ms": None, "wall_ms": None, "line": None}
            end = t_write + a.edit_timeout
            while True:
                got = drain(until=end)
                if got is None:
                    break
                t, line = got
                # Only a rebuild line counts: serve also prints a line when
                # the background search index catches up, with its own time.
                m = DURATION.search(line) if line.lstrip().startswith("Rebuilt") else None
                if m:
                    edit["reported_ms"] = round(float(m.group(1)) * SCALE_MS[m.group(2)], 3)
                    edit["wall_ms"] = round((t - t_write) * 1000, 3)
                    edit["line"] = line
                    break
            url = f"http://127.0.0.1:{port}/{rel[:-3]}/"
            try:
                status, body = http_get(url)
                edit["served"] = status == 200 and marker.encode() in body
            except Exception as e:  # noqa: BLE001 (any failure means "not served")
                edit["served"] = False
                edit["served_error"] = str(e)
            result["edits"].append(edit)
            # Let any trailing events (editors, debouncers) finish before the next edit.
            quiet_until = time.perf_counter() + 0.5
            while drain(until=quiet_until) is not None:
                quiet_until = time.perf_counter() + 0.5
        # 4. The search index catches up in the background: give it time to,
        # so its memory counts too.
        quiet_until = time.perf_counter() + 3.0
        while drain(until=quiet_until) is not None:
            quiet_until = time.perf_counter() + 3.0
    except RuntimeError as e:
        result["error"] = str(e)
    finally:
        result["peak_rss_mb"] = peak_rss_mb(proc.pid)
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    rep = [e["reported_ms"] for e in result["edits"] if e["reported_ms"] is not None]
    wall = [e["wall_ms"] for e in result["edits"] if e["wall_ms"] is not None]
    result["median_reported_ms"] = statistics.median(rep) if rep else None
    result["median_wall_ms"] = statistics.median(wall) if wall else None
    result["served_ok"] = sum(1 for e in result["edits"] if e.get("served"))
    if result["edits"] and not rep and not result["error"]:
        result["error"] = "no line with a duration after an edit"
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
