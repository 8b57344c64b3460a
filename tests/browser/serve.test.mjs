// `camnang serve` in a real browser, as a teacher uses it on a phone-sized
// window: the open page reloads by itself after a save, a build error
// shows over the page, readable at 320 px and without accessibility
// violations, and goes away once the file is fixed. Closing the tab
// closes its reload connection.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createRequire } from "node:module";
import { repo, launch, openPage } from "./harness.mjs";

const require = createRequire(import.meta.url);
const { AxeBuilder } = require("@axe-core/playwright");

const LESSON = "content/bai-hoc/bai-1.md";
let root, server, url, browser;

/** Starts `camnang serve --port 0` on a copy of the minimal fixture. */
before(async () => {
  root = join(mkdtempSync(join(tmpdir(), "camnang-serve-")), "site");
  cpSync(join(repo, "tests/fixtures/minimal"), root, { recursive: true });
  writeFileSync(join(root, "site-config.yaml"), "title: Trang thử nghiệm\nbase_url: https://truong.example/kynangso/\n");
  server = spawn(join(repo, "target/debug/camnang"), ["--root", root, "serve", "--port", "0"], { stdio: ["ignore", "pipe", "ignore"] });
  url = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: server.stdout });
    lines.on("line", (line) => {
      const m = line.match(/^Serving (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`camnang serve exited with ${code}`)));
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
});

function edit(text) {
  writeFileSync(join(root, LESSON), text);
}

async function status() {
  const r = await fetch(new URL("__camnang/status", url));
  return r.json();
}

test("a saved lesson reloads the open page; a broken one shows the error over it until fixed", async () => {
  const original = readFileSync(join(root, LESSON), "utf8");
  const page = await openPage(browser, { viewport: { width: 320, height: 640 } });
  await page.goto(url + "bai-hoc/bai-1/");
  // A mark on the open document: a reload makes a new one without it.
  // (Counting "load" events raced with the new heading, which can show
  // before the reloaded page's load event reaches the test.)
  await page.evaluate(() => { window.camnangTestMark = true; });

  edit(original.replace(/title: .*/, "title: Bài một đã sửa"));
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("Bài một đã sửa"), null, { timeout: 20000 });
  assert.equal(await page.evaluate(() => window.camnangTestMark), undefined, "the page reloaded by itself");

  edit(original.replace(/title: .*/, "title: [không đóng"));
  const overlay = page.locator("#camnang-error");
  await overlay.waitFor({ state: "visible", timeout: 20000 });
  const text = await overlay.innerText();
  assert.match(text, /bai-1\.md:\d+/, "the overlay names the file and line");
  assert.match(text, /Lỗi khi xây dựng trang/);
  // Readable on a small phone: inside the screen, nothing sideways.
  const [scroll, inner, box] = await page.evaluate(() => {
    const r = document.getElementById("camnang-error").getBoundingClientRect();
    return [document.documentElement.scrollWidth, window.innerWidth, { left: r.left, right: r.right }];
  });
  assert.ok(scroll <= inner, `the page is ${scroll} px wide at ${inner} px`);
  assert.ok(box.left >= 0 && box.right <= inner, `the overlay fits: ${JSON.stringify(box)}`);
  const axe = await new AxeBuilder({ page })
    .include("#camnang-error")
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  assert.deepEqual(axe.violations.map((v) => v.id), [], "the overlay passes axe-core");

  edit(original.replace(/title: .*/, "title: Bài một đã sửa lỗi"));
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("Bài một đã sửa lỗi"), null, { timeout: 20000 });
  assert.equal(await overlay.count(), 0, "the overlay is gone once the file is fixed");
  assert.deepEqual(page.outside, [], "no request leaves the machine");
  assert.deepEqual(page.errors, []);

  // Closing the tab closes its reload connection.
  assert.ok((await status()).listeners >= 1);
  await page.context().close();
  const deadline = Date.now() + 20000;
  while ((await status()).listeners > 0) {
    assert.ok(Date.now() < deadline, "the closed tab's reload connection is still counted");
    await new Promise((r) => setTimeout(r, 100));
  }
  edit(original);
});
