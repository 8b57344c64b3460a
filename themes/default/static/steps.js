// Step-by-step lessons: collapsible steps with "show all / hide all".
// Without JavaScript every step stays open and nothing looks expandable.
(function () {
  var lists = document.querySelectorAll("ol.steps");
  if (!lists.length) return;
  lists.forEach(function (list) {
    var labels = list.closest("[data-steps-show]") || document.documentElement;
    var showAll = labels.getAttribute("data-steps-show") || "+";
    var hideAll = labels.getAttribute("data-steps-hide") || "−";
    var toggles = [];
    list.querySelectorAll(":scope > li.step").forEach(function (step) {
      var h = step.querySelector("h2");
      var body = step.querySelector(".step-body");
      if (!h || !body) return;
      var b = document.createElement("button");
      b.type = "button";
      b.className = "step-toggle";
      b.setAttribute("aria-expanded", "true");
      b.setAttribute("aria-controls", body.id);
      while (h.firstChild && !(h.firstChild.classList && h.firstChild.classList.contains("heading-anchor"))) {
        b.appendChild(h.firstChild);
      }
      h.insertBefore(b, h.firstChild);
      b.addEventListener("click", function () { set(b, body, b.getAttribute("aria-expanded") !== "true"); sync(); });
      toggles.push([b, body]);
    });
    if (!toggles.length) return;
    var all = document.createElement("button");
    all.type = "button";
    all.className = "steps-all";
    function sync() {
      var open = toggles.every(function (t) { return t[0].getAttribute("aria-expanded") === "true"; });
      all.textContent = open ? hideAll : showAll;
      all.setAttribute("aria-expanded", open ? "true" : "false");
    }
    all.addEventListener("click", function () {
      var open = all.getAttribute("aria-expanded") !== "true";
      toggles.forEach(function (t) { set(t[0], t[1], open); });
      sync();
    });
    list.parentNode.insertBefore(all, list);
    sync();
  });
  function set(b, body, open) {
    b.setAttribute("aria-expanded", open ? "true" : "false");
    body.hidden = !open;
  }
})();
