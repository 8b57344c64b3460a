// Measures search on a built site in Chromium: what the first and later
// queries cost in requests and raw bytes, counted from the moment the
// reader starts searching (the page and the tiny camnang.js stub are
// already loaded). Raw bytes are response bodies plus headers, before any
// compression the server might add.
//   node bench/search.mjs PUBLIC_DIR     (VERBOSE=1 lists each request)
import { createRequire } from "node:module";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
const require = createRequire(new URL("../tests/browser/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const { serve } = await import("../tests/browser/harness.mjs");

const dir = process.argv[2];
const parts = readdirSync(join(dir, "search", "p"));
const sizes = parts.map((f) => statSync(join(dir, "search", "p", f)).size).sort((a, b) => a - b);
const script = readdirSync(join(dir, "search")).find((f) => f.endsWith(".js"));
const bundle = readFileSync(join(dir, "search", script), "utf8");
const manifest = bundle.indexOf("\n") + 1;
const kb = (n) => (n / 1024).toFixed(1) + " KB";
// The size of the file the local server sent for a URL under the site.
const servedSize = (url) => {
  const path = decodeURIComponent(new URL(url).pathname).replace(/^\/kynangso\//, "");
  try {
    return statSync(join(dir, path.endsWith("/") || path === "" ? path + "index.html" : path)).size;
  } catch {
    return 0;
  }
};
const total = sizes.reduce((a, b) => a + b, 0) + bundle.length;
console.log(`index: ${parts.length + 1} files, ${kb(total)} in all; ` +
  `search script ${kb(bundle.length)} (code ${kb(bundle.length - manifest)}, manifest ${kb(manifest)}); ` +
  `parts median ${kb(sizes[sizes.length >> 1])}, largest ${kb(sizes[sizes.length - 1])}`);

const site = await serve(dir, "/kynangso/");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let worst = { first: [0, 0], later: [0, 0] };
const overlap = [], mass = [];
// Each list is one reader: a first query on a fresh page, then later ones.
const sessions = [
  ["dang ky vneid", "thanh toán học phí", "mat khau", "chuyen khoan ngan hang"],
  ["lừa đảo", "bao hiem y te", "cccd", "ddawng kys"],
  ["kiem tra thong tin ca nhan", "ma otp", "vnei"],
  ["cài đặt ứng dụng", "lua dao qua tin nhan", "giao hang", "dich vu cong truc tuyen"],
  ["ho so thu tuc hanh chinh", "the chip", "hoa don", "tai khoan ngan hang bi khoa"],
];
for (const queries of sessions) {
  const page = await browser.newPage();
  let log = [];
  page.on("requestfinished", async (r) => {
    const s = await r.sizes().catch(() => null);
    // Some Chromium builds report no sizes (or zeros) here: count the file
    // served instead (its body; headers are then left out).
    const reported = s ? s.responseBodySize + s.responseHeadersSize : 0;
    log.push({ url: r.url(), bytes: s && s.responseBodySize > 0 ? reported : servedSize(r.url()) });
  });
  await page.goto(site.url);
  await page.waitForLoadState("networkidle");
  for (const [i, q] of queries.entries()) {
    log = [];
    const t0 = Date.now();
    const results = await page.evaluate((q) => window.camnang.search(q), q);
    const ms = Date.now() - t0;
    await page.waitForTimeout(100);
    const bytes = log.reduce((n, r) => n + r.bytes, 0);
    const kind = i === 0 ? "first" : "later";
    worst[kind] = [Math.max(worst[kind][0], log.length), Math.max(worst[kind][1], bytes)];
    console.log(`${kind} query ${JSON.stringify(q)}: ${log.length} requests, ${kb(bytes)} raw, ${ms} ms, ${results.length} results`);
    if (process.env.VERBOSE) for (const r of log) console.log(`    ${kb(r.bytes)} ${r.url.replace(/.*\/search\//, "")}`);
  }
  await page.close();
  // Quality: the fast path (champion lists) against the exhaustive ranking
  // (every posting): how many of the exhaustive top 10 it returns, and how
  // much of their total score its own top 10 has.
  const full = await browser.newPage();
  await full.goto(site.url);
  for (const q of queries) {
    // Fast top 10 (documents), and every document's exhaustive score.
    const [fast, all] = await full.evaluate(async (q) => {
      const a = await window.camnang.search(q);
      window.camnang.exhaustive = true;
      const core = window.camnangSearchCore;
      const b = await window.camnang.rank(core.surelyTelex(q) ? core.decodeTelex(q) : q);
      window.camnang.exhaustive = false;
      return [a.map((r) => r.doc), b.list.map((r) => [r.d, r.s])];
    }, q);
    const exact = new Map(all);
    const slow = all.slice(0, 10);
    const fastScored = fast.map((d) => [d, exact.get(d) || 0]);
    const same = fast.filter((d) => slow.some((r) => r[0] === d)).length;
    const sum = (rs) => rs.reduce((n, r) => n + r[1], 0);
    overlap.push(same / Math.max(1, slow.length));
    mass.push(sum(fastScored) / Math.max(1e-12, sum(slow)));
    if (process.env.VERBOSE) console.log(`    ${JSON.stringify(q)}: ${same} of the exhaustive top ${slow.length}, ${(100 * mass[mass.length - 1]).toFixed(0)}% of its score`);
  }
  await full.close();
}
const pct = (xs) => `mean ${(100 * xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(0)}%, worst ${(100 * Math.min(...xs)).toFixed(0)}%`;
console.log(`top 10 against the exhaustive ranking: ${pct(overlap)} of its results, ${pct(mass)} of its score`);
console.log(`worst first query: ${worst.first[0]} requests, ${kb(worst.first[1])} (budget: 4 requests, 100 KB)`);
console.log(`worst later query: ${worst.later[0]} requests, ${kb(worst.later[1])} (budget: 40 KB)`);
await browser.close();
site.close();
