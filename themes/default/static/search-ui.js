// The search page: results as the reader types. Text from the index is only
// ever inserted with textContent, never as HTML.
(function () {
  var form = document.getElementById("search-form"), input = document.getElementById("q");
  var out = document.getElementById("search-results"), status = document.getElementById("search-status");
  if (!form || !window.camnang) return;
  var timer, seq = 0;
  function render(q, results) {
    out.textContent = "";
    status.textContent = q ? (results.length ? status.dataset.found.replace("{n}", results.length) : status.dataset.none) : "";
    results.forEach(function (r) {
      // Only this site's own addresses become links: never javascript: or
      // data:, even from an index that was tampered with.
      if (new URL(r.url, location.href).protocol !== location.protocol) return;
      var li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p"), at = 0;
      a.href = r.url;
      a.textContent = r.section ? r.title + " – " + r.section : r.title;
      r.marks.forEach(function (m) {
        p.appendChild(document.createTextNode(r.excerpt.slice(at, m[0])));
        var mk = document.createElement("mark"); mk.textContent = r.excerpt.slice(m[0], m[1]); p.appendChild(mk); at = m[1];
      });
      p.appendChild(document.createTextNode(r.excerpt.slice(at)));
      li.appendChild(a); li.appendChild(p); out.appendChild(li);
    });
  }
  function run() {
    var q = input.value.trim(), mine = ++seq;
    if (!q) { render("", []); return; }
    window.camnang.search(q).then(function (r) { if (mine === seq) render(q, r); });
  }
  input.addEventListener("focus", window.camnang.preload);
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  var q0 = new URLSearchParams(location.search).get("q");
  if (q0) { input.value = q0; run(); }
  document.documentElement.classList.add("js-search");
})();
