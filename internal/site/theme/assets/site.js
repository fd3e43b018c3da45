// The site's one script: the theme switch, and the search box, which
// filters the guides of the index by title, description and tags from the
// JSON index. Every page works without it.
(function () {
  "use strict";

  var root = document.documentElement;
  var toggle = document.querySelector("[data-theme-toggle]");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var dark = root.dataset.theme
        ? root.dataset.theme === "dark"
        : window.matchMedia("(prefers-color-scheme: dark)").matches;
      root.dataset.theme = dark ? "light" : "dark";
      try { localStorage.setItem("theme", root.dataset.theme); } catch (e) {}
    });
  }

  var input = document.querySelector("[data-search]");
  if (!input) return;
  var status = document.querySelector("[data-search-status]");
  var empty = document.querySelector("[data-search-empty]");
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-guide]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("[data-category]"));
  var text = {};

  fetch(input.dataset.index)
    .then(function (r) { return r.json(); })
    .then(function (guides) {
      guides.forEach(function (g) {
        text[g.id] = [g.title, g.description, g.tags.join(" ")].join(" ").toLowerCase();
      });
      apply();
    })
    .catch(function () {});

  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = {};
    items.forEach(function (el) {
      var id = el.dataset.guide;
      var hay = text[id] || el.textContent.toLowerCase();
      var ok = words.every(function (w) { return hay.indexOf(w) >= 0; });
      el.hidden = !ok;
      if (ok) shown[id] = true;
    });
    sections.forEach(function (s) {
      s.hidden = words.length > 0 && !s.querySelector("[data-guide]:not([hidden])");
    });
    var n = Object.keys(shown).length;
    if (status) status.textContent = words.length ? n + (n === 1 ? " guide" : " guides") + " found" : "";
    if (empty) empty.hidden = !words.length || n > 0;
  }

  input.addEventListener("input", apply);
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { input.value = ""; apply(); }
  });
})();
