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
