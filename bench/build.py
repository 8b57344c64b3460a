#!/usr/bin/env python3
"""Build benchmark (issue 8): how long a cold `camnang build` takes, how
much memory it needs, and how its cost grows with the number of lessons.

    python3 bench/build.py [--runs R] [--binary PATH] [--out-dir DIR] [SIZE ...]
    python3 bench/build.py --check SIZE

For each SIZE (default: 1000 10000 50000) it generates the bench corpus
(bench/gen_corpus.py, deterministic; kept in /tmp/camnang-bench-SIZE and
made again only when the generator changed), builds it once to warm the
file cache, then R times (default 5) into an empty folder under
`/usr/bin/time -v`. Before each run the folder is emptied and `sync`
is called, so no run pays for writing back the one before. The output
goes under the system's temporary folder, or `--out-dir` (a tmpfs such
as /dev/shm takes the disk out of the figures). It prints the median of the runs for wall time, pages
per second and peak memory (maximum resident set size), the output's size
and the search index's size, the time of a warm `--incremental` build of
the unchanged site, and the median time of each stage that
`--verbose` prints. With two sizes or more, it prints the scaling line:
time per page at the largest size over time per page at the smallest
(issue 8's target: at most 1.3).

`--check SIZE` builds once and checks that the output is complete (every
lesson has its page, poster and embed; the sitemap lists them; the search
index names files that exist), without timing anything: CI's smoke run.

With the default `--binary` (target/release/camnang) it runs `cargo build
--release` first, so a fresh clone needs this one command; a binary given
with `--binary` is used as it is. Figures depend on the machine: this is
a measurement, not a test.
"""
import argparse
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_BINARY = os.path.join(REPO, "target/release/camnang")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sizes", nargs="*", type=int)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--binary", default=DEFAULT_BINARY)
    p.add_argument("--out-dir", help="where outputs go (default: the temporary folder)")
    p.add_argument("--check", type=int, metavar="SIZE", help="build once and check the output")
    return p.parse_args()


def corpus(n):
    """The bench site with n lessons, generated once per generator version."""
    with open(os.path.join(HERE, "gen_corpus.py"), "rb") as f:
        version = hashlib.sha256(f.read()).hexdigest()[:16]
    site = os.path.join(tempfile.gettempdir(), f"camnang-bench-{n}")
    stamp = os.path.join(site, ".generator")
    if os.path.exists(stamp) and open(stamp).read() == version:
        return site
    if os.path.exists(site):
        shutil.rmtree(site)
    subprocess.run(
        [sys.executable, os.path.join(HERE, "gen_corpus.py"), str(n), site],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with open(stamp, "w") as f:
        f.write(version)
    return site


def ensure_release_binary():
    """Builds (or brings up to date) the release binary the bench times."""
    if shutil.which("cargo") is None:
        return
    print("cargo build --release ...", file=sys.stderr, flush=True)
    run = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO)
    if run.returncode != 0:
        sys.exit("cargo build --release failed")


def build(binary, site, out, timed):
    """One cold build into `out` (emptied first): (wall s, peak MiB, stages)."""
    if os.path.exists(out):
        shutil.rmtree(out)
    # The previous run's files and deletions go to disk now, not while
    # this run is timed.
    os.sync()
    command = [binary, "--root", site, "build", "-o", out, "--verbose"]
    if timed:
        command = ["/usr/bin/time", "-v"] + command
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"the build of {site} failed:\n{run.stderr}")
    stages = {
        m.group(1).strip(): float(m.group(2))
        for m in re.finditer(r"^  (\S.*?)\s+([\d.]+) ms", run.stderr, re.M)
    }
    if not timed:
        return None, None, stages
    wall_s, rss_mib = time_of(run.stderr)
    return wall_s, rss_mib, stages


def time_of(report):
    """Wall time (s) and peak memory (MiB) from `/usr/bin/time -v`'s report."""
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", report)
    hours, minutes, seconds = wall.groups()
    wall_s = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1))
    return wall_s, rss_kb / 1024


def size_of(path):
    total = 0
    for d, _, names in os.walk(path):
        for n in names:
            total += os.path.getsize(os.path.join(d, n))
    return total


def lessons_of(site):
    """Paths inside content/ of every lesson (not section indexes)."""
    content = os.path.join(site, "content")
    return sorted(
        os.path.relpath(os.path.join(d, n), content)
        for d, _, names in os.walk(content)
        for n in names
        if n.endswith(".md") and n != "_index.md"
    )


def check(binary, n):
    """Builds the n-lesson corpus once and checks that the output is complete."""
    site = corpus(n)
    out = os.path.join(tempfile.mkdtemp(), "public")
    build(binary, site, out, timed=False)
    problems = []
    lessons = lessons_of(site)
    if len(lessons) != n:
        problems.append(f"the corpus has {len(lessons)} lessons, not {n}")
    for rel in lessons:
        folder = os.path.join(out, rel[: -len(".md")])
        for page in ["index.html", "poster/index.html", "embed/index.html"]:
            if not os.path.isfile(os.path.join(folder, page)):
                problems.append(f"missing {os.path.relpath(os.path.join(folder, page), out)}")
    with open(os.path.join(out, "sitemap.xml"), encoding="utf-8") as f:
        listed = f.read().count("<loc>")
    if listed < n:
        problems.append(f"the sitemap lists {listed} pages, fewer than {n} lessons")
    scripts = [
        os.path.join(d, name)
        for d, _, names in os.walk(os.path.join(out, "search"))
        for name in names
        if name.startswith("search.") and name.endswith(".js")
    ]
    if len(scripts) != 1:
        problems.append(f"expected one search script, found {len(scripts)}")
    else:
        with open(scripts[0], encoding="utf-8") as f:
            manifest = f.readline()
        names = set(re.findall(r'"([0-9a-f]{10})"', manifest))
        parts = os.listdir(os.path.join(out, "search", "p"))
        hashes = {p.split(".")[1] for p in parts}
        if not names or not names <= hashes:
            problems.append("the search manifest names index parts that were not written")
    shutil.rmtree(os.path.dirname(out))
    if problems:
        print(f"{n} lessons: the output is incomplete:")
        for p in problems[:20]:
            print(f"  {p}")
        sys.exit(1)
    print(f"{n} lessons: complete ({len(lessons)} lessons with page, poster and embed; {listed} sitemap entries)")


def measure(binary, n, runs, out_dir=None):
    site = corpus(n)
    out = os.path.join(tempfile.mkdtemp(dir=out_dir), "public")
    build(binary, site, out, timed=False)  # warm-up
    results = [build(binary, site, out, timed=True) for _ in range(runs)]
    walls = [r[0] for r in results]
    rss = [r[1] for r in results]
    stage_names = list(results[0][2])
    stages = {s: statistics.median(r[2].get(s, 0.0) for r in results) for s in stage_names}
    total = size_of(out)
    search = size_of(os.path.join(out, "search"))
    # A warm `--incremental` build of the unchanged site: the first one
    # records the state, the next ones find nothing to do.
    incremental = [binary, "--root", site, "build", "-o", out, "--incremental"]
    subprocess.run(incremental, check=True, capture_output=True)
    warm = []
    for _ in range(runs):
        started = time.perf_counter()
        run = subprocess.run(incremental, check=True, capture_output=True, text=True)
        warm.append(time.perf_counter() - started)
        if not run.stdout.startswith("Up to date"):
            sys.exit(f"the warm --incremental build of {site} did not skip: {run.stdout}")
    shutil.rmtree(os.path.dirname(out))
    wall = statistics.median(walls)
    print(f"== {n} lessons, median of {runs} cold builds")
    print(f"wall time: {wall:.2f} s (runs: {', '.join(f'{w:.2f}' for w in walls)})")
    print(f"pages per second: {n / wall:.0f}")
    print(f"peak memory: {statistics.median(rss):.0f} MiB (maximum resident set size)")
    print(f"output: {total / 1e6:.1f} MB; search index: {search / 1e6:.1f} MB")
    print(f"warm --incremental build, nothing changed: {statistics.median(warm):.2f} s (median of {runs})")
    print("stages (median ms):")
    for name, ms in stages.items():
        print(f"  {name:<24} {ms:9.1f}")
    return wall / n


def main():
    args = parse_args()
    if args.binary == DEFAULT_BINARY:
        ensure_release_binary()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    if args.check:
        return check(args.binary, args.check)
    sizes = args.sizes or [1000, 10000, 50000]
    per_page = {n: measure(args.binary, n, args.runs, args.out_dir) for n in sizes}
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        ratio = per_page[large] / per_page[small]
        print(
            f"scaling: time per page at {large} / at {small} = "
            f"{per_page[large] * 1000:.2f} ms / {per_page[small] * 1000:.2f} ms = {ratio:.2f} (target <= 1.3)"
        )


if __name__ == "__main__":
    main()
