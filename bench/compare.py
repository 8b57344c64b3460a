#!/usr/bin/env python3
"""camnang against Hugo, and Hugo plus Pagefind, on the same lessons
(issue 8: "faster than Hugo ... while it also builds its search index").

    python3 bench/compare.py [--runs R] [--out-dir DIR] [--binary PATH] [SIZE]

It builds the bench corpus of SIZE lessons (default 10000; see
bench/build.py) three ways, once each to warm up and then R times
(default 3), and prints the median wall time and peak memory of each:

- camnang: `camnang build`, as bench/build.py runs it (minified, with its
  search index, posters, embeds, feed and sitemap);
- Hugo: `hugo --minify` of the same Markdown files with the small layout in
  bench/hugo/ (a page with its breadcrumb, eight section links, skill and
  audience links, objectives, table of contents, body, sources and
  previous/next links; each section lists its lessons), and no search;
- Pagefind: `pagefind --site` over Hugo's output, the usual way to give a
  Hugo site search. "Hugo + Pagefind" adds the two.

Hugo comes from Debian (`apt-get install hugo`, installed when missing and
run as root), Pagefind from the npm registry (installed under the
temporary folder). A tool that cannot be installed is left out, with a
note. Hugo reads the same front matter and Markdown; the lessons' links
of the form `@/muc-000/bai-000.md` are camnang's and stay plain links in
Hugo's pages, and Hugo does not check them.

The layout is deliberately smaller than camnang's theme (no posters,
embeds, QR codes, related lessons or offline pages): Hugo's own related
content (`.Site.RegularPages.Related`) made its build about six times
slower here, so it is left out, which favours Hugo.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build  # noqa: E402  (bench/build.py: the corpus and camnang's build)

PAGEFIND_VERSION = "1.5.2"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("size", nargs="?", type=int, default=10000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--binary", default=build.DEFAULT_BINARY)
    p.add_argument("--out-dir", help="where outputs go (default: the temporary folder)")
    return p.parse_args()


def hugo():
    """The hugo command, installed from Debian when missing; None if it cannot be."""
    found = shutil.which("hugo")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "hugo"],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    return shutil.which("hugo")


def pagefind():
    """The pagefind command, installed from the npm registry when missing."""
    tools = os.path.join(tempfile.gettempdir(), "camnang-compare-tools")
    command = os.path.join(tools, "node_modules", ".bin", "pagefind")
    if not os.path.exists(command) and shutil.which("npm"):
        os.makedirs(tools, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", tools, "--no-audit", "--no-fund",
             f"pagefind@{PAGEFIND_VERSION}"],
            check=False,
            stdout=subprocess.DEVNULL,
        )
    return command if os.path.exists(command) else None


def hugo_site(corpus, work):
    """A Hugo site made of the corpus's content and bench/hugo/."""
    site = os.path.join(work, "hugo-site")
    if os.path.exists(site):
        shutil.rmtree(site)
    shutil.copytree(os.path.join(HERE, "hugo"), site)
    shutil.copytree(os.path.join(corpus, "content"), os.path.join(site, "content"))
    return site


def timed(command, cwd=None):
    """Runs `command` under /usr/bin/time -v: (wall s, peak MiB)."""
    run = subprocess.run(["/usr/bin/time", "-v"] + command, cwd=cwd,
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{run.stderr[-2000:]}")
    return build.time_of(run.stderr)


def fresh(path):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.sync()


def main():
    args = parse_args()
    if args.binary == build.DEFAULT_BINARY:
        build.ensure_release_binary()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    corpus = build.corpus(args.size)
    work = tempfile.mkdtemp(prefix="camnang-compare-", dir=args.out_dir)
    results = {}

    out = os.path.join(work, "camnang-out")
    build.build(args.binary, corpus, out, timed=False)
    runs = []
    for _ in range(args.runs):
        wall, rss, _ = build.build(args.binary, corpus, out, timed=True)
        runs.append((wall, rss))
    results["camnang"] = runs

    notes = []
    hugo_command = hugo()
    if hugo_command is None:
        notes.append("Hugo is not installed and could not be (apt-get, as root): left out.")
    else:
        site = hugo_site(corpus, work)
        out = os.path.join(work, "hugo-out")
        command = [hugo_command, "--minify", "--quiet", "-d", out]
        fresh(out)
        timed(command, cwd=site)
        runs = []
        for _ in range(args.runs):
            fresh(out)
            runs.append(timed(command, cwd=site))
        results["Hugo"] = runs
        version = subprocess.run([hugo_command, "version"], capture_output=True, text=True)
        notes.append(f"Hugo: {version.stdout.strip()}")

        pagefind_command = pagefind()
        if pagefind_command is None:
            notes.append("Pagefind could not be installed from the npm registry: left out.")
        else:
            command = [pagefind_command, "--site", out, "--output-subdir", "pagefind"]
            timed(command)
            runs = []
            for _ in range(args.runs):
                fresh(os.path.join(out, "pagefind"))
                runs.append(timed(command))
            results["Pagefind"] = runs
            notes.append(f"Pagefind {PAGEFIND_VERSION}, from the npm registry")

    print(f"{args.size} lessons, medians of {args.runs} runs after a warm-up")
    print(f"{'':<18}{'wall':>10}{'peak memory':>14}   runs (s)")
    medians = {}
    for name, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        rss = statistics.median(r[1] for r in runs)
        medians[name] = (wall, rss)
        shown = ", ".join(f"{r[0]:.2f}" for r in runs)
        print(f"{name:<18}{wall:>9.2f}s{rss:>10.0f} MiB   {shown}")
    if "Hugo" in medians and "Pagefind" in medians:
        wall = medians["Hugo"][0] + medians["Pagefind"][0]
        rss = max(medians["Hugo"][1], medians["Pagefind"][1])
        print(f"{'Hugo + Pagefind':<18}{wall:>9.2f}s{rss:>10.0f} MiB   (sum; the larger peak)")
    if "Hugo" in medians:
        ratio = medians["Hugo"][0] / medians["camnang"][0]
        print(f"camnang is {ratio:.1f} times as fast as Hugo alone")
    for note in notes:
        print(note)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
