// camnang search client. Loaded by camnang.js on the first search.
(function () {
  "use strict";
  var c = window.camnang, core = window.camnangSearchCore, idxP, txtP, terms;
  function get(url) {
    return fetch(url).then(function (r) { if (!r.ok) throw new Error(url + ": " + r.status); return r.json(); });
  }
  function index() {
    return idxP || (idxP = get(c.config.index).then(function (i) { terms = Object.keys(i.terms).filter(function (t) { return t.indexOf(" ") < 0; }); return i; }));
  }
  function texts() { return txtP || (txtP = get(c.config.text)); }

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

  // [term, weight] pairs a query word stands for.
  function cands(idx, w, last) {
    var out = idx.terms[w] ? [[w, 1]] : [];
    if (last && w.length >= 2) terms.forEach(function (t) { if (t !== w && t.indexOf(w) === 0 && out.length < 16) out.push([t, 0.8]); });
    if (!out.length && w.length >= 5) terms.forEach(function (t) { if (near(t, w)) out.push([t, 0.6]); });
    return out;
  }

  // Other ways to write the query, from the synonym groups.
  function variants(idx, words) {
    var out = [words];
    idx.syn.forEach(function (g) {
      g.forEach(function (p) {
        for (var s = 0; s + p.length <= words.length; s++) {
          if (p.join(" ") !== words.slice(s, s + p.length).join(" ")) continue;
          g.forEach(function (o) { if (o !== p) out.push(words.slice(0, s).concat(o, words.slice(s + p.length))); });
        }
      });
    });
    return out;
  }

  function score(idx, words) {
    var docs = new Map();
    words.forEach(function (w, i) {
      var best = new Map();
      cands(idx, w, i === words.length - 1).forEach(function (tw) {
        var p = idx.terms[tw[0]];
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
      var p = idx.terms[words[i] + " " + words[i + 1]] || [];
      for (var j = 0; j < p.length; j += 3) {
        var e = docs.get(p[j]);
        if (e) { e.s += p[j + 1]; e.sec[p[j + 2]] = (e.sec[p[j + 2]] || 0) + p[j + 1]; }
      }
    }
    var out = [];
    docs.forEach(function (e, d) {
      var cov = e.m / words.length, sec = 0, bs = -1;
      Object.keys(e.sec).forEach(function (k) { if (e.sec[k] > bs) { bs = e.sec[k]; sec = +k; } });
      out.push({ d: d, s: e.s * cov * cov, sec: sec });
    });
    return out;
  }

  function rank(idx, query) {
    var toks = core.tokenize(query), words = toks.map(function (t) { return t.folded; });
    if (!words.length) return [];
    var best = new Map();
    variants(idx, words).forEach(function (v) {
      score(idx, v).forEach(function (r) { var b = best.get(r.d); if (!b || r.s > b.s) best.set(r.d, r); });
    });
    // Results whose title agrees with the diacritics the user typed rank higher.
    var typed = toks.filter(function (t) { return t.exact !== t.folded; }).map(function (t) { return t.exact; });
    var list = Array.from(best.values());
    list.forEach(function (r) {
      if (!typed.length) return;
      var title = core.tokenize(idx.docs[r.d][1]).map(function (t) { return t.exact; });
      typed.forEach(function (e) { if (title.indexOf(e) >= 0) r.s *= 1.15; });
    });
    list.sort(function (a, b) { return b.s - a.s || a.d - b.d; });
    return list;
  }

  // A window of the section text around the first matched word, with marks.
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

  c.run = function (query) {
    return index().then(function (idx) {
      var q = String(query || "").slice(0, 200), list = rank(idx, q);
      var decoded = core.decodeTelex(q);
      // Raw Telex ("ddawng kys"): keep whichever reading scores better.
      if (decoded !== q) {
        var alt = rank(idx, decoded);
        if (alt.length && (!list.length || alt[0].s > list[0].s)) { list = alt; q = decoded; }
      }
      var words = core.tokenize(q).map(function (t) { return t.folded; });
      return texts().then(function (tx) {
        return list.slice(0, 10).map(function (r) {
          var doc = idx.docs[r.d], sec = doc[2][r.sec] || ["", ""];
          var ex = excerpt((tx[r.d] || [])[r.sec] || "", words);
          return { url: doc[0] + (sec[0] ? "#" + sec[0] : ""), title: doc[1], section: sec[1], excerpt: ex.excerpt, marks: ex.marks };
        });
      });
    });
  };
  c.search = c.run;
})();
