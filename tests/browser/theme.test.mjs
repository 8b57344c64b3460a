// The default theme in a real browser, on the bundled site built under a
// sub-path: axe-core finds no WCAG 2.2 AA violation on the main kinds of
// page in light and dark mode, nothing scrolls sideways at 360 px, and
// lessons read fully without JavaScript.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { repo, serve, launch, openPage } from "./harness.mjs";

const require = createRequire(import.meta.url);
const { AxeBuilder } = require("@axe-core/playwright");

// Home, a skill, a step-by-step lesson, a lesson with a quiz, search, 404.
const PAGES = ["", "ky-nang/an-toan/", "vneid/dang-ky-muc-1/", "giao-vien/thanh-phan-hinh-anh/", "tim-kiem/", "404.html"];

let site, browser;
before(async () => {
  const out = join(mkdtempSync(join(tmpdir(), "camnang-theme-")), "public");
  const r = spawnSync(join(repo, "target/debug/camnang"), ["--root", repo, "build", "--output", out], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  site = await serve(out, "/kynangso/");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  site?.close();
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe-core finds no WCAG 2.2 AA violation (${colorScheme} mode)`, async () => {
    const found = [];
    for (const path of PAGES) {
      const page = await openPage(browser, { colorScheme, viewport: { width: 360, height: 740 } });
      await page.goto(site.url + path);
      const result = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
        .analyze();
      for (const v of result.violations) {
        found.push(`${path || "/"}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
      }
      assert.deepEqual(page.outside, [], "no request leaves the site");
      await page.context().close();
    }
    assert.deepEqual(found, []);
  });
}

test("nothing scrolls sideways at 360×740 and 320 px, nor at 200% text size", async () => {
  const wide = [];
  for (const [width, zoom] of [[360, 1], [320, 1], [360, 2]]) {
    for (const path of PAGES) {
      const page = await openPage(browser, { viewport: { width, height: 740 } });
      await page.goto(site.url + path);
      if (zoom !== 1) await page.evaluate((z) => { document.documentElement.style.fontSize = z * 100 + "%"; }, zoom);
      const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      if (scroll > inner) wide.push(`${path || "/"} at ${width} px, text ×${zoom}: ${scroll} px wide`);
      await page.context().close();
    }
  }
  assert.deepEqual(wide, []);
});

test("without JavaScript a step-by-step lesson shows all its content", async () => {
  const page = await openPage(browser, { javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  await page.goto(site.url + "vneid/dang-ky-muc-1/");
  const steps = page.locator("ol.steps > li.step");
  assert.ok((await steps.count()) >= 3);
  for (const step of await steps.all()) {
    assert.ok(await step.isVisible());
    // Every paragraph of every step is shown, not collapsed.
    for (const p of await step.locator("p").all()) assert.ok(await p.isVisible(), await p.innerText());
  }
  assert.ok(await page.locator("main h1").isVisible());
  await page.context().close();
});

test("a visited lesson opens offline, and a skill's lessons can be saved for offline reading", async () => {
  const page = await openPage(browser);
  const context = page.context();
  const lesson = site.url + "vneid/kich-hoat/";
  await page.goto(lesson);
  const title = await page.locator("main h1").innerText();
  // The worker installs, then keeps the page that registered it. (Polled
  // here: waitForFunction does not wait for an async predicate.)
  const ready = async () => page.evaluate(async (u) => {
    const r = await navigator.serviceWorker.getRegistration();
    return !!(r && r.active && r.active.state === "activated" && navigator.serviceWorker.controller && await caches.match(u));
  }, lesson);
  for (let t = 0; !(await ready()); t++) {
    assert.ok(t < 100, "the service worker did not install within 10 s");
    await page.waitForTimeout(100);
  }
  // Search online once: its script and index parts are kept too.
  const online = await page.evaluate(() => window.camnang.search("dang ky vneid"));
  assert.ok(online.length > 0);
  await context.setOffline(true);
  await page.reload();
  assert.equal(await page.locator("main h1").innerText(), title);
  // Offline, the same search gives the same results.
  const offline = await page.evaluate(() => window.camnang.search("dang ky vneid"));
  assert.deepEqual(offline.map((r) => r.url), online.map((r) => r.url));

  // A skill page saves its lessons (never visited) for offline reading.
  await context.setOffline(false);
  await page.goto(site.url + "ky-nang/an-toan/");
  const links = await page.locator(".cards .card-title").evaluateAll((as) => as.map((a) => a.href));
  assert.ok(links.length > 0);
  const button = page.getByRole("button", { name: "Lưu để đọc khi không có mạng" });
  await button.click();
  await page.locator("#save-offline-status").filter({ hasText: `Đã lưu ${links.length} bài.` }).waitFor({ timeout: 10000 });
  await context.setOffline(true);
  for (const href of links) {
    await page.goto(href);
    assert.equal(await page.locator("main h1:visible").count(), 1, href);
    assert.notEqual(await page.locator("main h1:visible").innerText(), "Bạn đang không có mạng", href);
  }
  // A page never visited nor saved says it needs the network, not a browser error.
  await page.goto(site.url + "giao-vien/viet-bai-hoc/");
  assert.equal(await page.locator("main h1:visible").innerText(), "Bạn đang không có mạng");
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("without a service worker the save button stays hidden", async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(site.url + "ky-nang/an-toan/");
  assert.equal(await page.locator("#save-offline").isVisible(), false);
  await page.context().close();
});

test("finishing a lesson shows on the home page's skill card, kept only in the browser", async () => {
  const page = await openPage(browser);
  await page.goto(site.url + "vneid/kich-hoat/");
  const toggle = page.getByRole("button", { name: "Tôi đã học xong bài này" });
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  await page.goto(site.url);
  const card = page.locator(".card").filter({ has: page.locator(`a[href="/kynangso/ky-nang/dich-vu-cong/"]`) });
  const progress = card.locator(".progress");
  await progress.waitFor();
  assert.match(await progress.innerText(), /^Bạn đã học 1\/\d+ bài$/);
  // The lesson belongs to two skills; the other three show nothing.
  assert.equal(await page.locator(".progress:visible").count(), 2);
  // Undo.
  await page.goto(site.url + "vneid/kich-hoat/");
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  await page.goto(site.url);
  assert.equal(await page.locator(".progress:visible").count(), 0);
  assert.deepEqual(page.outside, []);
  await page.context().close();
});

test("an embedded lesson tells the school portal its height", async () => {
  const page = await openPage(browser);
  const src = site.url + "vneid/kich-hoat/embed/";
  // The snippet the README gives to paste into a portal.
  await page.setContent(`<!doctype html><title>Cổng thông tin</title>
<iframe src="${src}" title="Bài học" style="width:100%;border:0" loading="lazy"></iframe>
<script>addEventListener("message",function(e){if(e.data&&e.data.camnang==="height"){document.querySelectorAll("iframe").forEach(function(f){if(f.contentWindow===e.source)f.style.height=e.data.height+"px"})}})</script>`);
  const frame = page.frameLocator("iframe");
  await frame.locator("h1").waitFor();
  let height = 0;
  for (let t = 0; t < 50 && height < 400; t++) {
    height = await page.evaluate(() => parseInt(document.querySelector("iframe").style.height || "0", 10));
    await page.waitForTimeout(100);
  }
  const inner = await page.frames()[1].evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height >= 400, `${height} px`);
  assert.equal(height, inner);
  assert.equal(await frame.locator("header, footer").count(), 0);
  await page.context().close();
});

test("the portable build works opened from a folder: links, search, no server", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "camnang-portable-")), "public");
  const r = spawnSync(join(repo, "target/debug/camnang"), ["--root", repo, "build", "--portable", "--output", out], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const context = await browser.newContext();
  const page = await context.newPage();
  const network = [];
  page.on("request", (q) => { if (!q.url().startsWith("file:") && !q.url().startsWith("data:")) network.push(q.url()); });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto("file://" + join(out, "index.html"));
  // Navigation: a skill card, then a lesson, then home again by the brand link.
  await page.locator(".cards .card-title").first().click();
  assert.match(page.url(), /\/index\.html$/);
  await page.locator(".cards .card-title").first().click();
  assert.ok(await page.locator("main h1").isVisible());
  await page.locator("a.brand").click();
  assert.equal(page.url(), "file://" + join(out, "index.html"));
  // Search by script tags, with results that open.
  await page.goto("file://" + join(out, "tim-kiem/index.html") + "?q=dang+ky+vneid");
  const first = page.locator("#search-results li a").first();
  await first.waitFor();
  await first.click();
  assert.equal(await page.locator("main h1").innerText(), "Đăng ký tài khoản định danh điện tử mức 1");
  assert.deepEqual(network, []);
  assert.deepEqual(errors, []);
  await context.close();
});
