// The site's script: the theme switch, and search. The search box in the
// header of every page shows results as one types (search.js finds them
// in the static index under search/); the search page shows them all, with
// filters; on the index, the lists of each category keep the guides found.
// Every page works without it: the box then opens the search page, which
// says that searching needs JavaScript.
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

  var form = document.querySelector("[data-search]");
  if (!form || typeof GuidesSearch === "undefined") return;
  var index = new GuidesSearch.Index(form.dataset.search);
  var searchPage = form.dataset.search;

  // ---- Shared pieces ----

  function debounce(f, ms) {
    var timer = 0;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(f, ms);
    };
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  // excerptNode writes an excerpt with its matched words in <mark>.
  function excerptNode(tag, ex) {
    var p = el(tag, "excerpt");
    var at = 0;
    ex.marks.forEach(function (m) {
      p.appendChild(document.createTextNode(ex.text.slice(at, m[0])));
      p.appendChild(el("mark", "", ex.text.slice(m[0], m[1])));
      at = m[1];
    });
    p.appendChild(document.createTextNode(ex.text.slice(at)));
    return p;
  }

  function metaText(d) {
    return d.categories.map(function (c) { return c[1]; }).concat([d.date]).join(" · ");
  }

  function pageURL(q, category, tag) {
    var params = new URLSearchParams();
    if (q) params.set("q", q);
    if (category) params.set("category", category);
    if (tag) params.set("tag", tag);
    var s = params.toString();
    return searchPage + (s ? "?" + s : "");
  }

  function plural(n) { return n === 1 ? "1 guide" : n + " guides"; }

  // ---- The box in the header ----

  var input = form.querySelector("input[role=combobox]");
  var popup = form.querySelector("[data-search-popup]");
  var listbox = form.querySelector("[role=listbox]");
  var status = form.querySelector("[data-search-status]");
  var options = [];
  var active = -1;
  var asked = 0;
  var SHOWN = 8;

  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
    e.preventDefault();
    input.focus();
    input.select();
  });

  function open(on) {
    popup.hidden = !on;
    input.setAttribute("aria-expanded", on ? "true" : "false");
    if (!on) setActive(-1);
  }

  function setActive(i) {
    options.forEach(function (o, k) { o.node.setAttribute("aria-selected", k === i ? "true" : "false"); });
    active = i;
    if (i >= 0) {
      input.setAttribute("aria-activedescendant", options[i].node.id);
      options[i].node.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function option(url, build) {
    var li = el("li", "search-option");
    li.id = "site-search-option-" + options.length;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    build(li);
    // Keep the focus in the box, so that a click is not lost to blur.
    li.addEventListener("mousedown", function (e) { e.preventDefault(); });
    li.addEventListener("click", function () { location.href = url; });
    listbox.appendChild(li);
    options.push({ node: li, url: url });
  }

  function update() {
    var q = input.value;
    var mine = ++asked;
    if (!q.trim()) {
      listbox.textContent = "";
      options = [];
      status.textContent = "";
      open(false);
      indexFilter(null);
      return;
    }
    index.search({ text: q }).then(function (r) {
      if (mine !== asked) return;
      indexFilter(r.results);
      return index.docs(r.plan, r.results.slice(0, SHOWN)).then(function (docs) {
        if (mine !== asked) return;
        listbox.textContent = "";
        listbox.dataset.query = q;
        options = [];
        docs.forEach(function (d) {
          option(d.url, function (li) {
            li.appendChild(el("span", "title", d.title));
            li.appendChild(el("span", "meta", metaText(d)));
            li.appendChild(excerptNode("span", d.excerpt));
          });
        });
        var n = r.results.length;
        var all = n > 0 ? (n > SHOWN ? "See all " + plural(n) : "Open on the search page") : "No guide found: open the search page";
        option(pageURL(q), function (li) { li.classList.add("search-all"); li.textContent = all; });
        status.textContent = n ? plural(n) + " found" : "No guide found";
        setActive(-1);
        open(document.activeElement === input);
      });
    }).catch(function () {
      status.textContent = "Search is not available";
    });
  }

  input.addEventListener("input", debounce(update, 60));
  input.addEventListener("focus", function () { if (options.length && input.value.trim()) open(true); });
  input.addEventListener("blur", function () { open(false); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!options.length) return;
      e.preventDefault();
      open(true);
      var n = options.length;
      setActive(e.key === "ArrowDown" ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      location.href = active >= 0 ? options[active].url : pageURL(input.value);
    } else if (e.key === "Escape") {
      if (!popup.hidden) open(false);
      else { input.value = ""; update(); }
    }
  });

  // ---- The index: the lists keep the guides found ----

  var indexItems = document.querySelectorAll(".categories [data-doc]");
  var indexCards = document.querySelectorAll(".categories [data-category]");
  var indexStatus = document.querySelector("[data-index-status]");
  var indexEmpty = document.querySelector("[data-index-empty]");

  function indexFilter(results) {
    if (!indexItems.length) return;
    var found = null;
    if (results) {
      found = {};
      results.forEachDoc(function (d) { found[d] = true; });
    }
    var shown = {};
    indexItems.forEach(function (li) {
      var ok = !found || found[li.dataset.doc];
      li.hidden = !ok;
      if (ok) shown[li.dataset.doc] = true;
    });
    indexCards.forEach(function (card) {
      card.hidden = !!found && !card.querySelector("[data-doc]:not([hidden])");
    });
    var n = Object.keys(shown).length;
    if (indexStatus) indexStatus.textContent = found ? plural(n) + " found" : "";
    if (indexEmpty) indexEmpty.hidden = !found || n > 0;
  }

  // ---- The search page ----

  var page = document.querySelector("[data-search-page]");
  if (!page) return;
  var words = page.querySelector("[name=q]");
  var category = page.querySelector("[name=category]");
  var tag = page.querySelector("[name=tag]");
  var count = document.querySelector("[data-search-count]");
  var list = document.querySelector("[data-search-results]");
  var more = document.querySelector("[data-search-more]");
  var PAGE = 20;
  var current = null;
  var pageAsked = 0;

  var params = new URLSearchParams(location.search);
  words.value = params.get("q") || "";
  category.value = params.get("category") || "";
  tag.value = params.get("tag") || "";
  if (category.value !== (params.get("category") || "")) category.value = "";
  if (tag.value !== (params.get("tag") || "")) tag.value = "";

  function showMore() {
    if (!current) return;
    var from = list.children.length;
    var slice = current.r.results.slice(from, from + PAGE);
    var mine = pageAsked;
    index.docs(current.r.plan, slice).then(function (docs) {
      if (mine !== pageAsked) return;
      docs.forEach(function (d) {
        var li = el("li", "search-result");
        var h = el("h2");
        var a = el("a", "", d.title);
        a.href = d.url;
        h.appendChild(a);
        li.appendChild(h);
        li.appendChild(el("p", "meta", metaText(d)));
        li.appendChild(excerptNode("p", d.excerpt));
        list.appendChild(li);
      });
      more.hidden = list.children.length >= current.r.results.length;
    });
  }

  function runPage() {
    var q = words.value;
    history.replaceState(null, "", pageURL(q, category.value, tag.value));
    var mine = ++pageAsked;
    if (!q.trim() && !category.value && !tag.value) {
      list.textContent = "";
      count.textContent = "Type words to search every guide.";
      more.hidden = true;
      current = null;
      return;
    }
    index.search({ text: q, category: category.value, tag: tag.value }).then(function (r) {
      if (mine !== pageAsked) return;
      current = { r: r };
      list.textContent = "";
      var n = r.results.length;
      count.textContent = n ? plural(n) + " found" : "No guide found.";
      more.hidden = true;
      showMore();
    }).catch(function () {
      count.textContent = "Search is not available.";
    });
  }

  page.addEventListener("submit", function (e) { e.preventDefault(); runPage(); });
  words.addEventListener("input", debounce(runPage, 100));
  category.addEventListener("change", runPage);
  tag.addEventListener("change", runPage);
  more.addEventListener("click", showMore);
  runPage();
})();
