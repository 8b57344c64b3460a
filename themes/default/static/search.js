// camnang search client, joined after search-core.js into the search script
// by `camnang build`, after a first line that sets window.camnangIndex (the
// manifest: b = first syllable of each term part, t = their hashes,
// d = hash of the document parts, n = documents per document part,
// p = Bloom filter: words, pairs as "a+b", covering pairs as "a b").
// Index parts are scripts (camnang.part(key, data)), so search also works
// from file://. Postings are decoded here; the format is in src/search/codec.rs.
(function () {
  "use strict";
  var c = window.camnang, core = window.camnangSearchCore, M = window.camnangIndex;
  var base = document.currentScript.src.replace(/[^/]*$/, "") + "p/";
  // Index URLs are relative to the site's root, the folder above search/.
  var root = new URL(document.currentScript.src).pathname.replace(/search\/[^/]*$/, "");
  var parts = {}, loads = {}, decoded = {}, L = Math.log(1e5 + 1) / 1023;
  c.part = function (k, v) { parts[k] = v; };

  function load(k, hash) {
    return loads[k] || (loads[k] = new Promise(function (ok, fail) {
      var e = document.createElement("script");
      e.src = base + k + "." + hash + ".js";
      e.onload = function () { parts[k] ? ok(parts[k]) : fail(new Error(e.src)); };
      e.onerror = function () { delete loads[k]; fail(new Error("camnang: cannot load " + e.src)); };
      document.head.appendChild(e);
    }));
  }

  // The term part holding words that start with syllable s.
  function partOf(s) {
    var lo = 0, hi = M.b.length - 1;
    // Bounds are in UTF-16 order, as JavaScript compares.
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (M.b[mid] <= s) lo = mid; else hi = mid - 1; }
    return lo;
  }
  // The part after word i's own, when i is the last word, is not a word in
  // its own part, and its prefix runs into the next part ("khoa" → "khoản").
  function nextFor(words, i, ids) {
    var w = words[i], k = partOf(w) + 1;
    return i === words.length - 1 && k < M.b.length && M.b[k].indexOf(w) === 0 && !has(w, ids) ? [k] : [];
  }
  function loadAll(ids) { return Promise.all(ids.map(function (k) { return load("t" + k, M.t[k]); })); }
  function has(term, ids) { return ids.some(function (k) { return parts["t" + k].t[term] !== undefined; }); }
  function terms(ids, f) { ids.forEach(function (k) { Object.keys(parts["t" + k].t).forEach(f); }); }

  // Pairs that stand for word i when its own part is not loaded: "w[i-1] w[i]"
  // (it lives in the part of w[i-1]) or, for the last word, pairs starting so.
  function pairCands(words, i, ids) {
    var p = words[i - 1] + " " + words[i], out = has(p, ids) ? [[p, 1]] : [];
    out.exact = out.length > 0;
    if (i === words.length - 1) terms(ids, function (t) { if (t !== p && t.indexOf(p) === 0 && out.length < 16) out.push([t, 0.8]); });
    return out;
  }

  // Whether a loaded part has a pair "w[i-1] w[i]" (or, for the last word,
  // one starting so) whose first results all have windows: then it stands
  // for w[i] without loading w[i]'s part (src/search/parts.rs, add_block).
  function covered(words, i, ids) {
    var p = words[i - 1] + " " + words[i];
    return i > 0 && ids.some(function (k) {
      return parts["t" + k].c.some(function (t) { return t === p || (i === words.length - 1 && t.indexOf(p) === 0); });
    });
  }

  // A word the index certainly lacks needs its part only for typo tolerance
  // (5+ letters) or as a prefix (the last word).
  function worth(words, i) {
    return core.mayContain(M.p, words[i]) || words[i].length >= 5 || i === words.length - 1;
  }

  // Loads the parts a query needs. A pair "w[i-1] w[i]" lives in the part
  // of w[i-1] and can answer for w[i]; the manifest's Bloom filter says which
  // words and pairs exist, so the parts are planned before loading any (a
  // false positive costs a second round): keeping every phrase bonus if
  // that takes at most 3 parts, else the fewest parts.
  function plan(words) {
    var ids = cover(words, true);
    if (ids.length > 3) ids = cover(words, false);
    return fetchParts(words, ids);
  }

  // The parts of the fewest words that answer for all: cost[i][l] counts
  // them for words 0..i, with word i answered by the pair before it (l = 0)
  // or loaded (l = 1). With phrases, word i is left to the pair before it
  // only if no pair "w[i] w[i+1]" would be lost (it ranks phrases higher).
  function cover(words, phrases) {
    var n = words.length, INF = 1e9, cost = [[INF, 1]], from = [[0, 0]];
    for (var i = 1; i < n; i++) {
      var prev = cost[i - 1], pair = !c.exhaustive && core.mayContain(M.p, words[i - 1] + " " + words[i]) &&
        !(phrases && i + 1 < n && core.mayContain(M.p, words[i] + "+" + words[i + 1]));
      cost.push([pair ? prev[1] : INF, 1 + Math.min(prev[0], prev[1])]);
      from.push([1, prev[0] < prev[1] ? 0 : 1]);
    }
    var ids = [], l = cost[n - 1][0] < cost[n - 1][1] ? 0 : 1;
    for (var j = n - 1; j >= 0; j--) {
      if (l && ids.indexOf(partOf(words[j])) < 0) ids.push(partOf(words[j]));
      l = from[j][l];
    }
    return ids.filter(function (k) { return words.some(function (w, i) { return partOf(w) === k && worth(words, i); }); });
  }

  // Loads the planned parts, then what they turned out not to answer.
  function fetchParts(words, ids) {
    var n = words.length;
    return loadAll(ids).then(function () {
      var more = [];
      for (var i = 0; i < n; i++) {
        if (ids.indexOf(partOf(words[i])) >= 0) more = more.concat(nextFor(words, i, ids));
        else if ((c.exhaustive || !covered(words, i, ids)) && worth(words, i)) more.push(partOf(words[i]));
      }
      more = more.filter(function (k, i) { return ids.indexOf(k) < 0 && more.indexOf(k) === i; });
      return loadAll(more).then(function () { return ids.concat(more); });
    });
  }

  function postings(term, ids) {
    if (decoded[term]) return decoded[term];
    for (var k = 0; k < ids.length; k++) {
      var s = parts["t" + ids[k]].t[term];
      if (s === undefined) continue;
      var out = [], n = 0, shift = 0, nums = [], doc = 0;
      for (var i = 0; i < s.length; i++) {
        var v = core.b64.indexOf(s[i]);
        n += (v & 31) * Math.pow(2, shift);
        if (v & 32) shift += 5; else { nums.push(n); n = 0; shift = 0; }
      }
      // Impacts are on a log scale (src/search/index.rs, quantize).
      for (var j = 0; j < nums.length; j += 3) { doc += nums[j]; out.push(doc, (Math.exp(nums[j + 1] * L) - 1) / 100, nums[j + 2]); }
      return (decoded[term] = out);
    }
    return null;
  }

  // Edit distance at most 1.
  function near(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0, j = 0, e = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++e > 1) return false;
      if (a.length > b.length) i++; else if (b.length > a.length) j++; else { i++; j++; }
    }
    return e + (a.length - i) + (b.length - j) <= 1;
  }

  // [term, weight] pairs a query word stands for; .exact when it was found as typed.
  function cands(w, last, ids) {
    var out = postings(w, ids) ? [[w, 1]] : [], singles = [];
    terms(ids, function (t) { if (t.indexOf(" ") < 0) singles.push(t); });
    if (last && w.length >= 2) singles.forEach(function (t) { if (t !== w && t.indexOf(w) === 0 && out.length < 16) out.push([t, 0.8]); });
    out.exact = out.length > 0;
    if (!out.length && w.length >= 5) singles.forEach(function (t) { if (near(t, w)) out.push([t, 0.6]); });
    return out;
  }

  // Scores documents for a query; resolves to {list, weak, ids, words}.
  function rank(query) {
    var toks = core.tokenize(query), words = toks.map(function (t) { return t.folded; });
    if (!words.length) return Promise.resolve({ list: [], weak: false });
    return plan(words).then(function (ids) {
      var docs = new Map(), used = [], weak = false;
      var own = words.map(function (w) { return ids.indexOf(partOf(w)) >= 0; });
      words.forEach(function (w, i) {
        var last = i === words.length - 1, best = new Map();
        var cs = own[i] ? cands(w, last, ids) : pairCands(words, i, ids);
        if (!cs.exact) weak = true;
        cs.forEach(function (tw) {
          used.push(tw[0]);
          var p = postings(tw[0], ids);
          for (var j = 0; j < p.length; j += 3) {
            var v = p[j + 1] * tw[1], cur = best.get(p[j]);
            if (!cur || v > cur[0]) best.set(p[j], [v, p[j + 2]]);
          }
        });
        best.forEach(function (vs, d) {
          var e = docs.get(d) || { s: 0, m: 0, sec: {} };
          e.s += vs[0]; e.m++; e.sec[vs[1]] = (e.sec[vs[1]] || 0) + vs[0];
          docs.set(d, e);
        });
      });
      // Where both words were looked up alone, their pair adds to the score.
      for (var i = 0; i + 1 < words.length; i++) {
        var p = own[i] && own[i + 1] && postings(words[i] + " " + words[i + 1], ids) || [];
        for (var j = 0; j < p.length; j += 3) {
          var e = docs.get(p[j]);
          if (e) { e.s += p[j + 1]; e.sec[p[j + 2]] = (e.sec[p[j + 2]] || 0) + p[j + 1]; }
        }
      }
      // Titles that agree with the diacritics the user typed rank higher.
      var typed = toks.filter(function (t) { return t.exact !== t.folded; }).map(function (t) { return t.exact; });
      var list = [];
      docs.forEach(function (e, d) {
        var cov = e.m / words.length, sec = 0, bs = -1, s = e.s * cov * cov, m = meta(d, ids);
        Object.keys(e.sec).forEach(function (k) { if (e.sec[k] > bs) { bs = e.sec[k]; sec = +k; } });
        if (m && typed.length) {
          var title = core.tokenize(m[1]).map(function (t) { return t.exact; });
          typed.forEach(function (x) { if (title.indexOf(x) >= 0) s *= 1.15; });
        }
        list.push({ d: d, s: s, sec: sec });
      });
      // Champion lists: documents with a window in the blocks of the terms
      // used are the best matches of some term; they come first, so the top
      // results show with excerpts from the parts already loaded. The others
      // follow (their excerpts need a document part).
      // camnang.exhaustive = true turns this and pair cover off, so that
      // bench/search.mjs can measure what both cost in quality.
      var champ = new Set();
      if (!c.exhaustive) {
        used.forEach(function (t) {
          var s = t.split(" ")[0];
          ids.forEach(function (k) { (parts["t" + k].w[s] || []).forEach(function (x) { champ.add(x[0]); }); });
        });
      }
      list.sort(function (a, b) { return champ.has(b.d) - champ.has(a.d) || b.s - a.s || a.d - b.d; });
      return { list: list, weak: weak, ids: ids, words: words };
    });
  }

  // [url, title] of a document, when a loaded term part has it.
  function meta(d, ids) {
    for (var k = 0; k < ids.length; k++) { var m = parts["t" + ids[k]].m[d]; if (m) return m; }
    return null;
  }

  // Marks on the matched words of an excerpt (the index cut it to size).
  function excerpt(text, words) {
    var re = /[\p{Alphabetic}\p{N}]+/gu, m, marks = [], last = words[words.length - 1];
    while ((m = re.exec(text))) {
      var f = core.fold(m[0]);
      if (words.indexOf(f) >= 0 || (last.length >= 2 && f.indexOf(last) === 0)) marks.push([m.index, m.index + m[0].length]);
    }
    return { excerpt: text, marks: marks };
  }

  // What to show for a result: the window from a loaded term part that
  // shows most query words (then: in its best section), else its document part.
  function show(r, q) {
    var win = null, score = -1;
    q.ids.forEach(function (k) {
      var w = parts["t" + k].w;
      Object.keys(w).forEach(function (s) {
        w[s].forEach(function (x) {
          if (x[0] !== r.d) return;
          var v = 2 * excerpt(x[4], q.words).marks.length + (x[1] === r.sec ? 1 : 0);
          if (v > score) { score = v; win = x; }
        });
      });
    });
    var m = meta(r.d, q.ids);
    if (win && m) return Promise.resolve([m[0], m[1], win[2], win[3], win[4]]);
    var g = Math.floor(r.d / M.n);
    return load("d" + g, M.d).then(function (p) {
      var doc = p[r.d], sec = doc[2][r.sec] || doc[2][0] || ["", "", ""];
      return [doc[0], doc[1], sec[0], sec[1], sec[2]];
    });
  }

  // Scores every matching document ({list: [{d, s}], …}); for the bench.
  c.rank = rank;

  c.run = function (query) {
    var q = String(query || "").slice(0, 200), telex = core.decodeTelex(q);
    // Raw Telex ("ddawng kys"): when the first reading finds little, try the
    // other and keep whichever scores better. Certain Telex is read decoded
    // first, which spares loading the parts of words that do not exist.
    var first = core.surelyTelex(q) ? telex : q, second = first === q ? telex : q;
    return rank(first).then(function (a) {
      if (!a.weak || second === first) return a;
      return rank(second).then(function (b) { return b.list.length && (!a.list.length || b.list[0].s > a.list[0].s) ? b : a; });
    }).then(function (q) {
      return Promise.all(q.list.slice(0, 10).map(function (r) {
        return show(r, q).then(function (v) {
          var ex = excerpt(v[4], q.words);
          // From a folder (the portable build), a folder's page is its index.html.
          var file = location.protocol === "file:" && (v[0] === "" || v[0].slice(-1) === "/") ? "index.html" : "";
          return { url: root + v[0] + file + (v[2] ? "#" + v[2] : ""), title: v[1], section: v[3], excerpt: ex.excerpt, marks: ex.marks, doc: r.d };
        });
      }));
    });
  };
})();
