// On every page: window.camnang.search(query) -> Promise of [{url, title,
// section, excerpt, marks}], best first. The search script loads on the
// first call (or on camnang.preload(), or when a search box gets focus),
// never before; it then loads only the index parts a query needs. It also
// registers the service worker that keeps visited lessons for offline use.
(function () {
  var tag = document.currentScript, loading;
  var c = window.camnang = window.camnang || {};
  function load() {
    return loading || (loading = new Promise(function (ok, fail) {
      var e = document.createElement("script");
      e.src = tag.dataset.client;
      e.onload = ok;
      e.onerror = function () { loading = null; fail(new Error("camnang: cannot load " + e.src)); };
      document.head.appendChild(e);
    }));
  }
  c.preload = load;
  c.search = function (q) { return load().then(function () { return c.run(q); }); };
  document.addEventListener("focusin", function (e) { if (e.target.type === "search") load(); });
  // The 404 page stands in for pages not saved offline: say so.
  var lost = document.querySelector(".offline-note");
  if (lost && !navigator.onLine) { lost.hidden = false; document.querySelector(".not-found").hidden = true; }
  // Offline reading (sw.js); not from a folder, where it cannot work.
  if (tag.dataset.sw && navigator.serviceWorker && location.protocol !== "file:") {
    navigator.serviceWorker.register(tag.dataset.sw).catch(function () {});
  }
})();
