// Shared helpers for the browser tests: build a fixture site with the real
// camnang binary, serve it on 127.0.0.1 under a sub-path, and drive Debian's
// Chromium with Playwright. No request ever leaves this machine.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, extname, normalize } from "node:path";
import { chromium } from "playwright-core";

export const repo = new URL("../..", import.meta.url).pathname;

/** Builds `tests/fixtures/<name>` into a temporary folder; returns it. */
export function buildFixture(name, extraArgs = []) {
  const bin = join(repo, "target/debug/camnang");
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run cargo build (tests/run.sh does)`);
  const out = join(mkdtempSync(join(tmpdir(), "camnang-browser-")), "public");
  const r = spawnSync(bin, ["--root", join(repo, "tests/fixtures", name), "build", "--output", out, ...extraArgs], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`camnang build failed:\n${r.stderr}`);
  return out;
}

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".xml": "application/xml", ".json": "application/json", ".png": "image/png" };

/** Serves `dir` at http://127.0.0.1:PORT<base>. Resolves to { url, close }. */
export function serve(dir, base = "/kynangso/") {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(base)) { res.writeHead(404).end(); return; }
    let file = normalize(join(dir, path.slice(base.length)));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    resolve({ url: `http://127.0.0.1:${server.address().port}${base}`, close: () => server.close() });
  }));
}

/** Launches headless Chromium. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** A page that aborts and records every request not to 127.0.0.1, and records console errors. */
export async function openPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.outside = [];
  page.errors = [];
  await page.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === "127.0.0.1") return route.continue();
    page.outside.push(u.href);
    return route.abort();
  });
  page.on("console", (m) => { if (m.type() === "error") page.errors.push(m.text()); });
  page.on("pageerror", (e) => page.errors.push(String(e)));
  return page;
}
