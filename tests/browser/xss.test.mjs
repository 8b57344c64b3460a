// Issue 9: no script that a lesson's text carries ever runs on a reader's
// phone. Every payload of tests/fixtures/xss/payloads.txt goes into every
// place teacher-written text reaches HTML (front-matter title, description,
// tags, prerequisites, source titles and quiz text; Markdown text, headings,
// lists, quotes, link text and URLs, image alt text, raw HTML; shortcode
// arguments), the site is built with the real binary, and headless
// Chromium loads every generated page:
//   - with the Content-Security-Policy bypassed, so escaping and the
//     sanitiser alone are tested: no dialog opens and the DOM holds no
//     injected script, handler attribute, javascript: URL or frame;
//   - with the policy enforced: nothing on any page (the theme's own
//     scripts included) is refused by it.
// The search page is queried for words of the payloads, so their excerpts
// are shown too.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { repo, serve, launch } from "./harness.mjs";

const payloads = readFileSync(join(repo, "tests/fixtures/xss/payloads.txt"), "utf8")
  .split("\n")
  .filter((l) => l.trim() && !l.startsWith("#"));

/** A shortcode string argument: backslashes and quotes escaped. */
const arg = (p) => p.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

/** One lesson with `p` in every place text reaches HTML. */
function lesson(p) {
  const q = JSON.stringify(p);
  return [
    "---",
    `title: ${q}`,
    `description: ${q}`,
    `tags: [${q}]`,
    `prerequisites: [${q}]`,
    "sources:",
    `  - title: ${q}`,
    '    url: "https://truong.example/nguon"',
    "quiz:",
    `  - question: ${q}`,
    `    choices: [${q}, "Không"]`,
    "    answer: 2",
    `    explanation: ${q}`,
    "---",
    p,
    "",
    `## ${p}`,
    "",
    `- ${p}`,
    "",
    `> ${p}`,
    "",
    `Chữ thường *${p}* và \`${p}\`.`,
    "",
    `[${p}](https://truong.example/)`,
    "",
    // As a link's address: only the payloads that look like one (a scheme
    // such as javascript: or data:); other text there is a broken link,
    // which the build rightly refuses.
    ...(/^\s*[a-z]+:/i.test(p) ? [`[Nhấn vào đây](${p.trim()})`, "", `<${p.trim()}>`, ""] : []),
    // Alt text made of nothing but tags is empty, which the build refuses.
    `![Ảnh ${p}](hinh.svg)`,
    "",
    `{{ figure(src="hinh.svg", alt="${arg(p)}", caption="${arg(p)}") }}`,
    "",
    `{{ qr(url="https://truong.example/", caption="${arg(p)}") }}`,
    "",
    `{% details(summary="${arg(p)}") %}`,
    p,
    "{% end %}",
    "",
  ].join("\n");
}

/** The minimal fixture plus one lesson per payload. Returns its folder. */
function writeSite() {
  const root = mkdtempSync(join(tmpdir(), "camnang-xss-"));
  cpSync(join(repo, "tests/fixtures/minimal"), root, { recursive: true });
  mkdirSync(join(root, "content/xss"));
  writeFileSync(join(root, "content/xss/_index.md"), "---\ntitle: Thử XSS\n---\n");
  writeFileSync(join(root, "content/xss/hinh.svg"), '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>');
  payloads.forEach((p, i) => writeFileSync(join(root, `content/xss/p-${String(i).padStart(3, "0")}.md`), lesson(p)));
  return root;
}

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith(".html"))
    .map((f) => relative(dir, join(dir, f)).split("\\").join("/"))
    .sort();
}

/** What in the page could run code that the theme did not put there. */
function audit() {
  const bad = [];
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "data", "background", "dynsrc", "lowsrc", "poster", "srcset"];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const value = a.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
      if (name.startsWith("on")) bad.push(`${el.tagName} ${name}="${a.value}"`);
      if (urlAttrs.includes(name) && /^(javascript|vbscript|data:text|data:application)/.test(value)) {
        bad.push(`${el.tagName} ${name}="${a.value}"`);
      }
    }
    const tag = el.tagName.toLowerCase();
    if (tag === "script") {
      const own = el.type === "application/ld+json" || (el.src && new URL(el.src).origin === location.origin && !el.textContent.trim());
      if (!own) bad.push(`script ${el.outerHTML.slice(0, 120)}`);
    }
    if (["iframe", "frame", "frameset", "object", "embed", "applet", "portal"].includes(tag)) bad.push(`<${tag}>`);
    // The embed page's own <base target="_blank"> names no address.
    if (tag === "base" && el.hasAttribute("href")) bad.push(`<base href="${el.getAttribute("href")}">`);
    if (["meta", "link", "style", "base"].includes(tag) && el.closest("body")) bad.push(`<${tag}> in the body`);
    const refresh = tag === "meta" && (el.getAttribute("http-equiv") || "").toLowerCase() === "refresh";
    if (refresh && /url\s*=\s*['"]?\s*(javascript|data|vbscript)/i.test(el.getAttribute("content") || "")) bad.push("meta refresh to a script URL");
  }
  return bad;
}

let out, server, browser;

before(() => {
  const root = writeSite();
  out = join(root, "public");
  const bin = join(repo, "target/debug/camnang");
  const r = spawnSync(bin, ["--root", root, "build", "--output", out, "--base-url", "https://truong.example/kynangso/"], { encoding: "utf8" });
  assert.equal(r.status, 0, `the XSS site must build:\n${r.stderr}`);
});

before(async () => {
  server = await serve(out);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Loads every page (and the search page with `queries`) in a context. */
async function visitAll(contextOptions, onPage) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  await page.route("**/*", (route) => (new URL(route.request().url()).hostname === "127.0.0.1" ? route.continue() : route.abort()));
  const dialogs = [];
  const refused = [];
  page.on("console", (m) => { if (/Content.Security.Policy/i.test(m.text())) refused.push(`${page.url()}: ${m.text()}`); });
  page.on("dialog", (d) => {
    dialogs.push(`${page.url()}: ${d.type()} ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  const files = htmlFiles(out);
  const urls = files.map((f) => server.url + f);
  for (const q of ["script alert", "onerror", "javascript", "img src", "xss link", "svg onload"]) {
    urls.push(`${server.url}tim-kiem/?q=${encodeURIComponent(q)}`);
  }
  for (const url of urls) {
    await page.goto(url, { waitUntil: "load" });
    if (url.includes("?q=")) await page.waitForFunction(() => document.querySelector("#search-status")?.textContent, null, { timeout: 10000 });
    await onPage(page, url);
  }
  await context.close();
  return { dialogs, refused, pages: urls.length, files };
}

test("no injected script runs, on any page or in search results (policy bypassed)", async () => {
  const found = [];
  let searched = 0;
  const { dialogs, pages, files } = await visitAll({ bypassCSP: true }, async (page, url) => {
    for (const b of await page.evaluate(audit)) found.push(`${url}: ${b}`);
    if (url.includes("?q=")) searched += await page.locator("#search-results li").count();
  });
  assert.ok(files.length > 3 * payloads.length, `every lesson, its embed and poster were loaded (${files.length} pages)`);
  assert.ok(searched > 0, "the search queries found lessons, so their excerpts were shown");
  assert.deepEqual(dialogs, [], "no dialog opened");
  assert.deepEqual(found, [], `no injected element in ${pages} pages`);
});

test("every page satisfies its Content-Security-Policy", async () => {
  const withPolicy = [];
  const { refused, pages } = await visitAll({}, async (page, url) => {
    const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || "");
    if (/default-src 'self'/.test(policy) && !/unsafe-inline|unsafe-eval/.test(policy)) withPolicy.push(url);
  });
  assert.equal(withPolicy.length, pages, "every page has a strict policy (no unsafe-inline or unsafe-eval)");
  assert.deepEqual(refused, [], "nothing was refused by the policy");
});
