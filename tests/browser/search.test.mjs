// Search in a real browser on the bundled site, built under a sub-path:
// 34 queries with their expected best result (half typed without
// diacritics), Telex, abbreviations, prefixes, typos, highlighting, lazy
// loading, the search page, and the page without JavaScript.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo, serve, launch, openPage } from "./harness.mjs";

let site, browser, page;
before(async () => {
  const out = join(mkdtempSync(join(tmpdir(), "camnang-search-")), "public");
  const r = spawnSync(join(repo, "target/debug/camnang"), ["--root", repo, "build", "--output", out], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  site = await serve(out, "/kynangso/");
  browser = await launch();
  page = await openPage(browser);
  await page.goto(site.url + "vneid/");
});
after(async () => {
  await browser?.close();
  site?.close();
});

const search = (q) => page.evaluate((q) => window.camnang.search(q), q);
const path = (r) => r.url.replace("/kynangso/", "");

// [query, expected best result (path, optionally with #anchor prefix, or a
// RegExp when several pages are equally right)]
const QUERIES = [
  // typed without diacritics
  ["dang ky vneid", "vneid/dang-ky-muc-1/"],
  ["kich hoat tai khoan", "vneid/kich-hoat/"],
  ["dinh danh muc 2", "vneid/muc-2/"],
  ["hoc phi", "thanh-toan/hoc-phi-khong-dung-tien-mat/"],
  ["thanh toan le phi", "dich-vu-cong/thanh-toan-le-phi/"],
  ["lua dao vneid", "vneid/lua-dao-vneid/"],
  ["van tay", "vneid/muc-2/#chup-anh-va-lay-van-tay"],
  ["passcode", "vneid/kich-hoat/"],
  ["quet chip", "vneid/dang-ky-muc-1/#quet-chip-tren-the"],
  ["viet bai hoc", "giao-vien/viet-bai-hoc/"],
  // The step that explains the "Quản lý hồ sơ" page.
  ["quan ly ho so", "dich-vu-cong/nop-va-theo-doi-ho-so/"],
  ["tai khoan ao", "thanh-toan/hoc-phi-khong-dung-tien-mat/"],
  ["cau hoi bao mat", "vneid/kich-hoat/"],
  ["nen tang so", "nen-tang-so/"],
  ["mua sam truc tuyen", "mua-sam/"],
  // "Fake app": the lesson on fake apps and links.
  ["ung dung gia", "an-toan/ung-dung-va-link-gia/#ung-dung-gia"],
  ["to huong dan poster", "giao-vien/thanh-phan-hinh-anh/"],
  // with diacritics
  ["đăng ký VNeID", "vneid/dang-ky-muc-1/"],
  ["Kích hoạt", "vneid/kich-hoat/"],
  ["học phí không dùng tiền mặt", "thanh-toan/hoc-phi-khong-dung-tien-mat/"],
  ["lệ phí", "dich-vu-cong/thanh-toan-le-phi/"],
  ["vân tay", "vneid/muc-2/#chup-anh-va-lay-van-tay"],
  ["lừa đảo", "vneid/lua-dao-vneid/"],
  ["mã bảo vệ", "vneid/kich-hoat/"],
  // Any skill's closing quiz ("Tự kiểm tra: …", "… câu hỏi ngắn …").
  ["câu hỏi tự kiểm tra", /^(dich-vu-cong|mua-sam|thanh-toan|an-toan|nen-tang-so)\/kiem-tra\/$/],
  ["năm kỹ năng số", ""],
  ["định danh mức 2", "vneid/muc-2/"],
  ["Cảnh báo lừa đảo giả danh công an", "vneid/lua-dao-vneid/"],
  // Telex typed with the Vietnamese keyboard off
  ["ddawng kys vneid", "vneid/dang-ky-muc-1/"],
  ["hocj phis", "thanh-toan/hoc-phi-khong-dung-tien-mat/"],
  // prefix of the last word, as the user types
  ["kich ho", "vneid/kich-hoat/"],
  ["passc", "vneid/kich-hoat/"],
  // one typo in a long word
  ["passcodde", "vneid/kich-hoat/"],
  ["vaan tay", "vneid/muc-2/#chup-anh-va-lay-van-tay"],
];

test("34 queries find the expected lesson first", async () => {
  assert.ok(QUERIES.length >= 30);
  const plain = QUERIES.filter(([q]) => q === q.normalize("NFD").replace(/[\u0300-\u036f]/g, "") && !/đ/i.test(q));
  assert.ok(plain.length >= QUERIES.length / 2, `${plain.length} of ${QUERIES.length} typed without diacritics`);
  const failures = [];
  for (const [q, want] of QUERIES) {
    const results = await search(q);
    const got = results.length ? path(results[0]) : "(nothing)";
    const ok = want instanceof RegExp
      ? want.test(got)
      : got === want || (!want.includes("#") && got.startsWith(want) && (want !== "" || !got.includes("/")));
    if (!ok) {
      failures.push(`${JSON.stringify(q)}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)} (then ${results.slice(1, 3).map(path).join(", ")})`);
    }
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.outside, []);
});

test("abbreviations find the spelled-out words, and the reverse", async () => {
  const r = await search("CCCD");
  assert.ok(r.length > 0);
  assert.match(r[0].excerpt + r.map((x) => x.title).join(" "), /căn cước/i);
  const back = await search("căn cước công dân");
  assert.ok(back.length > 0);
});

test("matched words are highlighted with or without diacritics", async () => {
  for (const q of ["vân tay", "van tay"]) {
    const [top] = await search(q);
    const marked = top.marks.map(([a, b]) => top.excerpt.slice(a, b).toLowerCase());
    assert.ok(marked.includes("vân") && marked.includes("tay"), `${q}: ${JSON.stringify(marked)} in ${top.excerpt}`);
  }
});

test("results are deterministic and at most ten, with or without diacritics", async () => {
  const a = await search("tài khoản");
  const again = await search("tài khoản");
  const b = await search("tai khoan");
  assert.ok(a.length > 0 && a.length <= 10);
  assert.deepEqual(a.map(path), again.map(path));
  // The same lessons either way; typed diacritics may lift titles that
  // carry them ("Đăng ký tài khoản …"), so only the order may differ.
  assert.deepEqual(a.map(path).sort(), b.map(path).sort());
});

test("nothing is fetched for search until it is used", async () => {
  const p = await openPage(browser);
  const requests = [];
  p.on("request", (r) => requests.push(r.url()));
  await p.goto(site.url + "vneid/kich-hoat/");
  await p.waitForLoadState("networkidle");
  assert.ok(!requests.some((u) => /search|\.json/.test(u)), requests.join("\n"));
  const r = await p.evaluate(() => window.camnang.search("vneid"));
  assert.ok(r.length > 0);
  assert.ok(requests.some((u) => /search\/search\./.test(u)));
});

test("a pair answers for its second word, and words in no lesson cost nothing", async () => {
  const p = await openPage(browser);
  const parts = [];
  p.on("request", (r) => { if (/search\/p\/t\d+\./.test(r.url())) parts.push(r.url()); });
  await p.goto(site.url + "vneid/");
  // "mật khẩu" is a pair in the part of "mật"; "xq" is in no lesson.
  const fast = await p.evaluate(() => window.camnang.search("xq mat khau"));
  assert.equal(parts.length, 1, parts.join("\n"));
  assert.ok(fast.length > 0);
  // Loading every word's part (and no champion lists) ranks the same first.
  const full = await p.evaluate(async () => {
    window.camnang.exhaustive = true;
    return window.camnang.search("xq mat khau");
  });
  assert.ok(parts.length > 1, "exhaustive loads the part of khẩu too");
  assert.equal(path(fast[0]), path(full[0]));
  assert.deepEqual(p.errors, []);
});

test("the search page shows results as the reader types", async () => {
  const p = await openPage(browser);
  await p.goto(site.url + "tim-kiem/");
  await p.getByLabel("Tìm bài học (gõ có dấu hoặc không dấu)").fill("dang ky vneid");
  const first = p.locator("#search-results li a").first();
  await first.waitFor();
  assert.equal(await first.getAttribute("href"), "/kynangso/vneid/dang-ky-muc-1/");
  assert.match(await p.locator("#search-status").innerText(), /Tìm thấy \d+ kết quả/);
  assert.ok((await p.locator("#search-results mark").count()) > 0);
  // A query in the address (from the header form on other pages).
  await p.goto(site.url + "tim-kiem/?q=hoc+phi");
  await p.locator("#search-results li a").first().waitFor();
  assert.equal(await p.locator("#search-results li a").first().getAttribute("href"), "/kynangso/thanh-toan/hoc-phi-khong-dung-tien-mat/");
  assert.deepEqual(p.errors, []);
});

test("without JavaScript the search page lists every lesson by skill", async () => {
  const p = await openPage(browser, { javaScriptEnabled: false });
  await p.goto(site.url + "tim-kiem/");
  const groups = await p.locator(".all-lessons h3").allInnerTexts();
  assert.ok(groups.includes("Sử dụng dịch vụ công trực tuyến"), groups.join(", "));
  const links = await p.locator(".all-lessons a").count();
  assert.ok(links >= 8);
});
