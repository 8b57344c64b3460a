// Measures search on a built site in Chromium: what the first and a later
// query cost in requests and raw bytes, counted from the moment the reader
// starts searching (the stub is already on the page).
//   node bench/search.mjs PUBLIC_DIR
import { createRequire } from "node:module";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
const require = createRequire(new URL("../tests/browser/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const { serve } = await import("../tests/browser/harness.mjs");

const dir = process.argv[2];
const files = readdirSync(join(dir, "search"));
const indexBytes = files.reduce((n, f) => n + statSync(join(dir, "search", f)).size, 0);
const site = await serve(dir, "/kynangso/");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage();
let log = [];
page.on("requestfinished", async (r) => {
  const s = await r.sizes().catch(() => null);
  log.push({ url: r.url(), bytes: s ? s.responseBodySize + s.responseHeadersSize : 0 });
});
await page.goto(site.url);
await page.waitForLoadState("networkidle");
async function measure(q) {
  log = [];
  const t0 = Date.now();
  const results = await page.evaluate((q) => window.camnang.search(q), q);
  const ms = Date.now() - t0;
  await page.waitForTimeout(200);
  return { q, results: results.length, requests: log.length, kb: (log.reduce((n, r) => n + r.bytes, 0) / 1024).toFixed(1), ms };
}
const first = await measure("dang ky vneid");
const later = await measure("thanh toán học phí");
console.log(`index files: ${files.length}, index size: ${(indexBytes / 1024).toFixed(1)} KB`);
for (const m of [first, later]) {
  console.log(`${m === first ? "first" : "later"} query ${JSON.stringify(m.q)}: ${m.requests} requests, ${m.kb} KB raw, ${m.ms} ms, ${m.results} results`);
}
await browser.close();
site.close();
