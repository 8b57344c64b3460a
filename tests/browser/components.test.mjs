// Lesson components in a real browser: collapsible steps, the quiz's
// instant feedback, and the click-to-load video.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildFixture, serve, launch, openPage } from "./harness.mjs";

let site, browser;
before(async () => {
  site = await serve(buildFixture("components"));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  site?.close();
});

test("steps collapse one by one and all at once, with aria-expanded", async () => {
  const page = await openPage(browser);
  await page.goto(site.url + "hanh-trinh/cai-dat/");
  const toggles = page.locator("ol.steps h2 button.step-toggle");
  assert.equal(await toggles.count(), 3);
  assert.deepEqual(await toggles.evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-expanded"))), ["true", "true", "true"]);
  // The toggle holds the step's number and title, and controls its body.
  assert.match(await toggles.first().innerText(), /Bước 1\/3.*Mở kho ứng dụng/s);
  const body = page.locator("#mo-kho-ung-dung-noi-dung");
  assert.equal(await toggles.first().getAttribute("aria-controls"), "mo-kho-ung-dung-noi-dung");
  await toggles.first().click();
  assert.equal(await toggles.first().getAttribute("aria-expanded"), "false");
  assert.equal(await body.isVisible(), false);
  // Keyboard works too.
  await toggles.first().focus();
  await page.keyboard.press("Enter");
  assert.equal(await body.isVisible(), true);
  const all = page.locator("button.steps-all");
  assert.equal(await all.innerText(), "Thu gọn tất cả các bước");
  await all.click();
  assert.equal(await page.locator(".step-body:visible").count(), 0);
  assert.equal(await all.innerText(), "Mở tất cả các bước");
  assert.equal(await all.getAttribute("aria-expanded"), "false");
  await all.click();
  assert.equal(await page.locator(".step-body:visible").count(), 3);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.outside, []);
});

test("without JavaScript every step is visible and nothing is expandable", async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(site.url + "hanh-trinh/cai-dat/");
  assert.equal(await page.locator(".step-body:visible").count(), 3);
  assert.equal(await page.locator("[aria-expanded]").count(), 0);
  assert.equal(await page.locator("button.step-toggle, button.steps-all").count(), 0);
});

test("the quiz answers instantly, and the answer stays reachable without JavaScript", async () => {
  const page = await openPage(browser);
  await page.goto(site.url + "bai/thanh-phan/");
  const q1 = page.locator(".quiz-question").first();
  await q1.getByLabel("Đường link người lạ gửi qua Zalo").check();
  assert.equal(await q1.locator(".quiz-feedback").innerText(), "Chưa đúng.");
  await q1.getByLabel("CH Play hoặc App Store").check();
  assert.equal(await q1.locator(".quiz-feedback").innerText(), "Đúng rồi!");
  assert.equal(await q1.locator("details.quiz-answer").getAttribute("open"), "");
  assert.deepEqual(page.errors, []);

  const nojs = await openPage(browser, { javaScriptEnabled: false });
  await nojs.goto(site.url + "bai/thanh-phan/");
  const answer = nojs.locator(".quiz-question").first().locator("details.quiz-answer");
  await answer.locator("summary").click();
  assert.match(await answer.innerText(), /CH Play hoặc App Store/);
});

test("the video costs nothing until tapped, then loads from youtube-nocookie", async () => {
  const page = await openPage(browser);
  await page.goto(site.url + "bai/thanh-phan/");
  await page.waitForLoadState("networkidle");
  assert.deepEqual(page.outside, [], "no third-party request before the tap");
  await page.locator(".video-link").click();
  const frame = page.locator(".video iframe");
  assert.equal(await frame.getAttribute("src"), "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1");
  assert.equal(await frame.getAttribute("title"), "Hướng dẫn cài đặt");
});
