// camnang search client, joined after search-core.js into the search script
// by `camnang build`, after a first line that sets window.camnangIndex (the
// manifest: b = first syllable of each term part, t = their hashes,
// d = hashes of document parts, n = documents per document part).
// Index parts are scripts (camnang.part(key, data)), so search also works
// from file://. Postings are decoded here; the format is in src/search/codec.rs.
(function () {
  "use strict";
  var c = window.camnang, core = window.camnangSearchCore, M = window.camnangIndex;
  var base = document.currentScript.src.replace(/[^/]*$/, "") + "p/";
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

  // Code point order, as the indexer sorts.
  function cmp(a, b) {
    for (var i = 0, j = 0; i < a.length && j < b.length;) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x - y;
      i += x > 0xffff ? 2 : 1; j += y > 0xffff ? 2 : 1;
    }
    return (a.length - i) - (b.length - j);
  }
  // The term part holding words that start with syllable s.
  function partOf(s) {
    var lo = 0, hi = M.b.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (cmp(M.b[mid], s) <= 0) lo = mid; else hi = mid - 1; }
    return lo;
  }
  // Term parts a query needs: one per word, and the next one too when the
  // last word's prefix runs into it.
  function needed(words) {
    var ids = words.map(partOf), p = words[words.length - 1], i = ids[ids.length - 1] + 1;
    if (i < M.b.length && M.b[i].indexOf(p) === 0) ids.push(i);
    return ids;
  }

  function postings(term, ids) {
    if (decoded[term]) return decoded[term];
    for (var k = 0; k < ids.length; k++) {
      var s = parts["t" + ids[k]].t[term];
      if (s === undefined) continue;
      var out = [], n = 0, shift = 0, nums = [], doc = 0;
      for (var i = 0; i < s.length; i++) {
        var v = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(s[i]);
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
    ids.forEach(function (k) { Object.keys(parts["t" + k].t).forEach(function (t) { if (t.indexOf(" ") < 0) singles.push(t); }); });
    if (last && w.length >= 2) singles.forEach(function (t) { if (t !== w && t.indexOf(w) === 0 && out.length < 16) out.push([t, 0.8]); });
    out.exact = out.length > 0;
    if (!out.length && w.length >= 5) singles.forEach(function (t) { if (near(t, w)) out.push([t, 0.6]); });
    return out;
  }

  // Scores documents for a query; resolves to {list, terms, weak}.
  function rank(query) {
    var toks = core.tokenize(query), words = toks.map(function (t) { return t.folded; });
    if (!words.length) return Promise.resolve({ list: [], terms: [], weak: false });
    var ids = needed(words);
    return Promise.all(ids.map(function (i) { return load("t" + i, M.t[i]); })).then(function () {
      var docs = new Map(), used = [], weak = false;
      words.forEach(function (w, i) {
        var best = new Map(), cs = cands(w, i === words.length - 1, ids);
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
      for (var i = 0; i + 1 < words.length; i++) {
        var p = postings(words[i] + " " + words[i + 1], ids) || [];
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
      list.sort(function (a, b) { return b.s - a.s || a.d - b.d; });
      return { list: list, terms: used, weak: weak, ids: ids, words: words };
    });
  }

  // [url, title] of a document, when a loaded term part has it.
  function meta(d, ids) {
    for (var k = 0; k < ids.length; k++) { var m = parts["t" + ids[k]].m[d]; if (m) return m; }
    return null;
  }

  // A window of the text around the first matched word, with marks.
  function excerpt(text, words) {
    var re = /[\p{Alphabetic}\p{N}]+/gu, m, hits = [], last = words[words.length - 1];
    while ((m = re.exec(text))) {
      var f = core.fold(m[0]);
      if (words.indexOf(f) >= 0 || (last.length >= 2 && f.indexOf(last) === 0)) hits.push([m.index, m.index + m[0].length]);
    }
    var start = hits.length ? Math.max(0, hits[0][0] - 60) : 0;
    if (start > 0) { var sp = text.indexOf(" ", start); start = sp >= 0 && sp < hits[0][0] ? sp + 1 : start; }
    var end = Math.min(text.length, start + 220), pre = start > 0 ? "… " : "";
    if (end < text.length) { var sp2 = text.lastIndexOf(" ", end); if (sp2 > start) end = sp2; }
    var marks = hits.filter(function (h) { return h[0] >= start && h[1] <= end; })
      .map(function (h) { return [h[0] - start + pre.length, h[1] - start + pre.length]; });
    return { excerpt: pre + text.slice(start, end) + (end < text.length ? " …" : ""), marks: marks };
  }

  // What to show for a result: a window from a term part when one matched
  // this document (best: in its best section), else its document part.
  function show(r, q) {
    var win = null;
    q.terms.forEach(function (t) {
      q.ids.forEach(function (k) {
        (parts["t" + k].w[t] || []).forEach(function (x) {
          if (x[0] === r.d && (!win || (x[1] === r.sec && win[1] !== r.sec))) win = x;
        });
      });
    });
    var m = meta(r.d, q.ids);
    if (win && m) return Promise.resolve([m[0], m[1], win[2], win[3], win[4]]);
    var g = Math.floor(r.d / M.n);
    return load("d" + g, M.d[g]).then(function (p) {
      var doc = p[r.d], sec = doc[2][r.sec] || doc[2][0] || ["", "", ""];
      return [doc[0], doc[1], sec[0], sec[1], sec[2]];
    });
  }

  c.run = function (query) {
    var q = String(query || "").slice(0, 200), telex = core.decodeTelex(q);
    return rank(q).then(function (a) {
      // Raw Telex ("ddawng kys"): when the query as typed finds little, try
      // it decoded and keep whichever reading scores better.
      if (!a.weak || telex === q) return a;
      return rank(telex).then(function (b) { return b.list.length && (!a.list.length || b.list[0].s > a.list[0].s) ? b : a; });
    }).then(function (q) {
      return Promise.all(q.list.slice(0, 10).map(function (r) {
        return show(r, q).then(function (v) {
          var ex = excerpt(v[4], q.words);
          return { url: v[0] + (v[2] ? "#" + v[2] : ""), title: v[1], section: v[3], excerpt: ex.excerpt, marks: ex.marks };
        });
      }));
    });
  };
})();
