// The browser's normaliser and Telex decoder give exactly what the Rust
// indexer gives, case by case, from the shared table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { repo } from "./harness.mjs";

const require = createRequire(import.meta.url);
const core = require(repo + "themes/default/static/search-core.js");
const table = JSON.parse(readFileSync(repo + "tests/fixtures/search/normalize-cases.json", "utf8"));

test("normalises like the indexer", () => {
  assert.ok(table.normalize.length >= 10);
  for (const c of table.normalize) {
    const tokens = core.tokenize(c.input);
    assert.deepEqual(tokens.map((t) => t.folded), c.folded, `folded keys of ${JSON.stringify(c.input)} (${c.why})`);
    assert.deepEqual(tokens.map((t) => t.exact), c.exact, `exact keys of ${JSON.stringify(c.input)} (${c.why})`);
  }
});

test("decodes Telex like the indexer", () => {
  for (const c of table.telex) {
    assert.equal(core.decodeTelex(c.input), c.output, `telex ${JSON.stringify(c.input)}`);
  }
});

test("tells certain Telex from words typed without marks", () => {
  for (const q of ["ddawng kys", "thanh toans", "hocj phis", "nguwowif", "vieetj nam"]) {
    assert.ok(core.surelyTelex(q), q);
  }
  // Unchanged, or could be a word as typed ("an" is "ăn" or "an").
  for (const q of ["dang ky vneid", "thanh toan", "cccd", "vnei", ""]) {
    assert.ok(!core.surelyTelex(q), q);
  }
});

test("hashes pairs for the Bloom filter like the indexer", () => {
  assert.ok(table.hashes.length >= 3);
  for (const c of table.hashes) {
    assert.deepEqual(core.hashes(c.input), [c.h1, c.h2], JSON.stringify(c.input));
  }
});
