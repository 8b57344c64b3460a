// On every page: window.camnang.search(query) -> Promise of [{url, title,
// section, excerpt, marks}], best first. The search code and index load on
// the first call (or on camnang.preload()), never before.
(function () {
  var tag = document.currentScript, d = tag.dataset, loading;
  function add(src) {
    return new Promise(function (ok, fail) {
      var e = document.createElement("script");
      e.src = src; e.async = false; e.onload = ok; e.onerror = fail;
      document.head.appendChild(e);
    });
  }
  function load() {
    return loading || (loading = Promise.all([add(d.core), add(d.client)]));
  }
  var c = window.camnang = window.camnang || {};
  c.config = { index: d.index, text: d.text };
  c.preload = load;
  c.search = function (q) { return load().then(function () { return c.run(q); }); };
  document.addEventListener("focusin", function (e) { if (e.target.type === "search") load(); });
})();
