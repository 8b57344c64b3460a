// camnang search core: the same normalising rules as the Rust indexer
// (src/search), tested against the same table of cases
// (tests/fixtures/search/normalize-cases.json). A classic script, so it
// also works when the site is opened from a folder (file://).
(function (root) {
  "use strict";
  var TONES = { "\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5" };
  var TONE_KEYS = { s: "\u0301", f: "\u0300", r: "\u0309", x: "\u0303", j: "\u0323" };
  var VOWELS = "aăâeêioôơuưy";
  var MARKED = "ăâêôơư";

  // Diacritic-free key: "Đăng" -> "dang".
  function fold(w) {
    return w.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/đ/g, "d");
  }

  // Vowel marks kept, tone as a final digit: "hoà" and "hòa" -> "hoa2".
  function exact(w) {
    var tone = "", base = "";
    for (var c of w.normalize("NFD").toLowerCase()) {
      if (TONES[c]) tone = TONES[c]; else base += c;
    }
    return base.normalize("NFC") + tone;
  }

  function tokenize(text) {
    return text.normalize("NFC").split(/[^\p{Alphabetic}\p{N}]+/u).filter(Boolean)
      .map(function (w) { return { folded: fold(w), exact: exact(w) }; });
  }

  // Index of the vowel that carries the tone in a decoded syllable.
  function tonePosition(w) {
    var start = 0;
    if (w.length > 2 && w[0] === "q" && w[1] === "u") start = 2;
    else if (w.length > 2 && w[0] === "g" && w[1] === "i" && VOWELS.indexOf(w[2]) >= 0) start = 2;
    var first = -1, i;
    for (i = start; i < w.length; i++) if (VOWELS.indexOf(w[i]) >= 0) { first = i; break; }
    if (first < 0) return -1;
    var end = first;
    while (end < w.length && VOWELS.indexOf(w[end]) >= 0) end++;
    for (i = end - 1; i >= first; i--) if (w[i] === "ơ") return i;
    for (i = first; i < end; i++) if (MARKED.indexOf(w[i]) >= 0) return i;
    var n = end - first;
    if (end < w.length) return end - 1;
    return n <= 2 ? first : first + 1;
  }

  function decodeWord(word) {
    if (!word || !/^[A-Za-z]+$/.test(word)) return word;
    var w = word.toLowerCase().split(""), tone = null, last = w[w.length - 1];
    if (w.length > 1 && (TONE_KEYS[last] || last === "z") && /[aeiouyw]/.test(w.slice(0, -1).join(""))) {
      w.pop();
      tone = TONE_KEYS[last] || null;
    }
    var out = [], pairs = { dd: "đ", aa: "â", ee: "ê", oo: "ô", aw: "ă", ow: "ơ", uw: "ư" };
    for (var i = 0; i < w.length; i++) {
      var two = w[i] + (w[i + 1] || "");
      if (pairs[two]) { out.push(pairs[two]); i++; }
      else out.push(w[i] === "w" ? "ư" : w[i]);
    }
    if (tone) {
      var at = tonePosition(out);
      if (at >= 0) out.splice(at + 1, 0, tone);
    }
    var decoded = out.join("").normalize("NFC");
    if (word.length > 1 && word === word.toUpperCase()) return decoded.toUpperCase();
    if (word[0] !== word[0].toLowerCase()) return decoded[0].toUpperCase() + decoded.slice(1);
    return decoded;
  }

  // "ddawng kys" -> "đăng ký". Words without Telex keys stay as typed.
  function decodeTelex(query) {
    return query.split(" ").map(decodeWord).join(" ");
  }

  // True when the query is certainly raw Telex: some word changes when
  // decoded, and every such word could not be Vietnamese typed without
  // marks (no syllable has "dd", "aa", "aw", "ee", "ow" or "uw", or ends in
  // s, f, r, x or j). Then the decoded reading is worth trying first.
  function surelyTelex(query) {
    var changed = query.split(" ").filter(function (w) { return decodeWord(w) !== w; });
    return changed.length > 0 && changed.every(function (w) { return /dd|aa|aw|ee|ow|uw|[sfrxj]$/i.test(w); });
  }

  // The Bloom filter of src/search/bloom.rs: FNV-1a over code points, twice.
  function hashes(s) {
    var a = 0x811c9dc5, b = 0x9747b28c;
    for (var ch of s) {
      var c = ch.codePointAt(0);
      a = Math.imul(a ^ c, 0x01000193) >>> 0;
      b = Math.imul(b ^ c, 0x01000193) >>> 0;
    }
    return [a, (b | 1) >>> 0];
  }
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  // filter = [bits, hashes, encoded]: whether s may be in it.
  function mayContain(filter, s) {
    var h = hashes(s);
    for (var i = 0; i < filter[1]; i++) {
      var bit = ((h[0] + Math.imul(i, h[1])) >>> 0) % filter[0];
      if (!(B64.indexOf(filter[2][Math.floor(bit / 6)]) & (1 << (bit % 6)))) return false;
    }
    return true;
  }

  var api = {
    fold: fold, exact: exact, tokenize: tokenize, decodeTelex: decodeTelex, surelyTelex: surelyTelex,
    hashes: hashes, mayContain: mayContain, b64: B64
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.camnangSearchCore = api;
})(this);
