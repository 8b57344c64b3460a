#!/usr/bin/env python3
"""Dev-server benchmark (issue 7): how long from saving a file to the
reload message, and how much memory the server holds.

    python3 bench/serve.py [--lessons N] [--edits E] [--template-edits T]
                           [--memory-edits M] [--binary PATH]

Generates the bench corpus (bench/gen_corpus.py) with N lessons, starts
`camnang serve --port 0` on it, listens to the live-reload event stream
like a browser tab, then:

  1. saves one lesson E times (a new sentence each time) and prints the
     time from the end of the write to the reload message, and checks
     that the served page has the new sentence;
  2. saves the page template T times, likewise;
  3. saves lessons M more times and prints the server's resident memory
     every M/10 edits: it should stay flat.

It prints the server's peak memory (VmHWM) at the end. Build the release
binary first (`cargo build --release`). Figures depend on the machine:
this is a measurement, not a test.
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lessons", type=int, default=10000)
    p.add_argument("--edits", type=int, default=20)
    p.add_argument("--template-edits", type=int, default=3)
    p.add_argument("--memory-edits", type=int, default=0)
    p.add_argument("--binary", default=os.path.join(REPO, "target/release/camnang"))
    p.add_argument("--dir", default=None, help="corpus folder (default: a temporary one)")
    return p.parse_args()


class Events:
    """The live-reload stream, read like a browser tab does."""

    def __init__(self, port, path):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        self.buffer = b""

    def readline(self, timeout):
        while b"\n" not in self.buffer:
            self.sock.settimeout(timeout)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("the event stream closed")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode().strip()

    def next_build(self, timeout=600):
        is_build = False
        while True:
            line = self.readline(timeout)
            if line.startswith("event: build"):
                is_build = True
            elif is_build and line.startswith("data: "):
                return int(line[6:])

    def drain(self, quiet=0.3):
        """Skips reload messages of builds still settling (an editor's save
        can cause two), so the next timing starts clean."""
        try:
            while True:
                self.next_build(timeout=quiet)
        except (socket.timeout, TimeoutError):
            pass


def memory(pid):
    """(VmRSS, VmHWM) of a process in MB."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    kb = lambda k: int(fields[k].split()[0]) / 1024
    return kb("VmRSS"), kb("VmHWM")


def fetch(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.read().decode()


def main():
    args = parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    site = args.dir or f"/tmp/camnang-serve-bench-{args.lessons}"
    if os.path.exists(site):
        shutil.rmtree(site)
    subprocess.run(
        [sys.executable, os.path.join(HERE, "gen_corpus.py"), str(args.lessons), site],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # A site override of the base template (every page uses it), to time
    # template changes.
    os.makedirs(os.path.join(site, "templates"), exist_ok=True)
    template = os.path.join(site, "templates", "base.html")
    shutil.copy(os.path.join(REPO, "themes/default/templates/base.html"), template)
    with open(template, encoding="utf-8") as f:
        template_text = f.read()
    lesson_rel = sorted(
        os.path.relpath(os.path.join(d, n), os.path.join(site, "content"))
        for d, _, names in os.walk(os.path.join(site, "content"))
        for n in names
        if n.endswith(".md") and n != "_index.md"
    )[0]
    lesson = os.path.join(site, "content", lesson_rel)
    with open(lesson, encoding="utf-8") as f:
        lesson_text = f.read()

    started = time.perf_counter()
    server = subprocess.Popen(
        [args.binary, "--root", site, "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        url = None
        for line in server.stdout:
            m = re.search(r"Serving (http://\S+)", line)
            if m:
                url = m.group(1)
                break
        if not url:
            sys.exit("the server did not start")
        first = time.perf_counter() - started
        port = int(re.search(r":(\d+)/", url).group(1))
        base = re.search(r"http://[^/]+(/.*)", url).group(1)
        # The reload messages are also printed; drain stdout so it never blocks.
        import threading

        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        events = Events(port, f"{base}__camnang/events")
        events.next_build()
        page_url = url + lesson_rel[: -len(".md")] + "/"
        print(f"corpus: {args.lessons} lessons in {site}")
        print(f"first build and serve: {first:.2f} s")

        def save(path, text):
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            return time.perf_counter()

        def timed_edits(count, path, make_text, check):
            times = []
            for i in range(count):
                events.drain()
                saved = save(path, make_text(i))
                # A save can cause more than one build (truncate, then
                # write): the time counts up to the reload message of the
                # build that shows the edit (the check is not timed).
                deadline = time.time() + 600
                while True:
                    events.next_build()
                    reloaded = time.perf_counter()
                    if check(i):
                        break
                    if time.time() > deadline:
                        sys.exit(f"edit {i} of {path} never appeared")
                times.append((reloaded - saved) * 1000)
            return times

        marker = lambda i: f"Câu thử số {i} của bài đo."
        lesson_times = timed_edits(
            args.edits,
            lesson,
            lambda i: lesson_text + f"\n{marker(i)}\n",
            lambda i: marker(i) in fetch(page_url),
        )
        tmarker = lambda i: f'data-bench="{i}"'
        template_times = timed_edits(
            args.template_edits,
            template,
            lambda i: template_text.replace('<main id="main"', f'<main {tmarker(i)} id="main"', 1),
            # The minifier drops the quotes.
            lambda i: f"data-bench={i}" in fetch(page_url).replace('"', ""),
        )

        def summary(name, times):
            if not times:
                return
            print(
                f"{name}: median {statistics.median(times):.0f} ms, "
                f"min {min(times):.0f} ms, max {max(times):.0f} ms over {len(times)} saves"
            )

        summary("lesson save -> reload message", lesson_times)
        summary("template save -> reload message", template_times)
        rss, hwm = memory(server.pid)
        print(f"memory after the timed edits: {rss:.0f} MB resident, peak {hwm:.0f} MB")

        if args.memory_edits:
            step = max(1, args.memory_edits // 10)
            samples = []
            for i in range(args.memory_edits):
                events.drain(0.05)
                save(lesson, lesson_text + f"\n{marker(10_000 + i)}\n")
                events.next_build()
                if (i + 1) % step == 0:
                    rss, _ = memory(server.pid)
                    samples.append(rss)
                    print(f"  after {i + 1} edits: {rss:.0f} MB resident")
            growth = samples[-1] - samples[0]
            print(
                f"memory over {args.memory_edits} edits: {samples[0]:.0f} -> "
                f"{samples[-1]:.0f} MB ({growth:+.0f} MB)"
            )
        rss, hwm = memory(server.pid)
        print(f"peak memory: {hwm:.0f} MB")
    finally:
        server.terminate()
        server.wait()
        with open(lesson, "w", encoding="utf-8") as f:
            f.write(lesson_text)


if __name__ == "__main__":
    main()
