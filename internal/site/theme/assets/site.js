// The site's script: the theme switch, the copy buttons of code, the view
// that shows images full size, and search. The search box in the header
// of every page shows results as one types (search.js finds them in the
// static index under search/); the search page shows them all, with
// filters; on the index, each category shows the guides found in it.
// Every page works without it: the box then opens the search page, which
// says that searching needs JavaScript, and an image link opens the image.
(function () {
  "use strict";

  var root = document.documentElement;
  var announcer = document.querySelector("[data-announce]");

  // announce says something to screen readers, through a live region.
  function announce(text) {
    if (!announcer) return;
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  // ---- The theme switch: a toggle button, pressed when dark ----

  var toggle = document.querySelector("[data-theme-toggle]");
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");
  function isDark() {
    return root.dataset.theme ? root.dataset.theme === "dark" : systemDark.matches;
  }
  function showTheme() {
    if (toggle) toggle.setAttribute("aria-pressed", isDark() ? "true" : "false");
  }
  if (toggle) {
    showTheme();
    systemDark.addEventListener("change", showTheme);
    toggle.addEventListener("click", function () {
      root.dataset.theme = isDark() ? "light" : "dark";
      try { localStorage.setItem("theme", root.dataset.theme); } catch (e) {}
      showTheme();
    });
  }

  // ---- Copy buttons on code ----

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    var timer = 0;
    button.addEventListener("click", function () {
      var code = button.parentNode.querySelector("pre");
      var text = code ? code.innerText.replace(/\n$/, "") : "";
      var done = function (ok) {
        button.textContent = ok ? "Copied" : "Copy failed";
        announce(ok ? "Code copied" : "The code could not be copied");
        clearTimeout(timer);
        timer = setTimeout(function () { button.textContent = "Copy"; }, 2000);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(copyBySelection(code)); });
      } else {
        done(copyBySelection(code));
      }
    });
  });

  // copyBySelection copies the text of node where the clipboard API is
  // not available (pages served over plain http, older browsers).
  function copyBySelection(node) {
    if (!node) return false;
    var sel = window.getSelection();
    var range = document.createRange();
    range.selectNodeContents(node);
    sel.removeAllRanges();
    sel.addRange(range);
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) {}
    sel.removeAllRanges();
    return ok;
  }

  // ---- Covers of unknown size: as wide as the column, or their own width ----

  document.querySelectorAll("img.unsized").forEach(function (img) {
    function narrow() {
      if (img.naturalWidth > 0 && img.naturalWidth < img.clientWidth) img.style.maxWidth = img.naturalWidth + "px";
    }
    if (img.complete) narrow();
    else img.addEventListener("load", narrow);
  });

  // ---- Images: a view that shows them full size, and zooms ----
  //
  // A link around an image (data-zoom) opens the view: the image fitted to
  // the screen, enlarged when it is smaller. It zooms with the buttons, + and -, the wheel,
  // a double click or a pinch; moves with the arrow keys or by dragging;
  // 0 fits it again; Escape or the close button closes the view and
  // gives the focus back to the link.

  var viewer = null;

  function buildViewer() {
    var d = document.createElement("dialog");
    d.className = "viewer";
    d.innerHTML =
      '<div class="viewer-bar">' +
      '<button type="button" data-z="out" aria-label="Zoom out">\u2212</button>' +
      '<button type="button" data-z="fit" aria-label="Fit to the screen">Fit</button>' +
      '<button type="button" data-z="in" aria-label="Zoom in">+</button>' +
      '<button type="button" data-z="close" aria-label="Close">\u00d7</button>' +
      '</div><div class="viewer-stage" tabindex="0" role="group" aria-roledescription="image viewer"><img alt=""></div>';
    document.body.appendChild(d);
    var stage = d.querySelector(".viewer-stage");
    var img = d.querySelector("img");
    var v = { dialog: d, stage: stage, img: img, scale: 1, x: 0, y: 0, opener: null, pointers: new Map(), pinch: 0 };

    function apply() {
      img.style.transform = "translate(" + v.x + "px," + v.y + "px) scale(" + v.scale + ")";
    }
    // fit sizes the image to the stage, less a margin and the bar of
    // buttons, keeping its shape: smaller images are enlarged.
    function fit() {
      var w = img.naturalWidth || v.ratio[0], h = img.naturalHeight || v.ratio[1];
      if (!(w > 0 && h > 0)) return;
      var s = Math.min((stage.clientWidth - 32) / w, (stage.clientHeight - 80) / h);
      img.style.width = Math.max(1, Math.floor(w * s)) + "px";
      img.style.height = Math.max(1, Math.floor(h * s)) + "px";
    }
    v.fit = fit;
    v.ratio = [0, 0];
    img.addEventListener("load", fit);
    window.addEventListener("resize", function () { if (d.open) { fit(); zoomTo(1); } });
    // zoomTo sets the scale, keeping the point (cx, cy) of the stage where
    // it is on the screen.
    function zoomTo(s, cx, cy) {
      s = Math.min(8, Math.max(1, s));
      var r = img.getBoundingClientRect();
      var left = r.left - v.x, top = r.top - v.y; // where the image is untransformed
      if (cx === undefined) { var sr = stage.getBoundingClientRect(); cx = sr.left + sr.width / 2; cy = sr.top + sr.height / 2; }
      var px = (cx - left - v.x) / v.scale, py = (cy - top - v.y) / v.scale;
      v.x = cx - left - px * s;
      v.y = cy - top - py * s;
      v.scale = s;
      if (s === 1) { v.x = 0; v.y = 0; }
      apply();
    }
    v.zoomTo = zoomTo;
    v.apply = apply;
    d.querySelector(".viewer-bar").addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) return;
      var z = b.dataset.z;
      if (z === "close") d.close();
      else if (z === "in") zoomTo(v.scale * 1.5);
      else if (z === "out") zoomTo(v.scale / 1.5);
      else zoomTo(1);
    });
    d.addEventListener("keydown", function (e) {
      var step = 60;
      switch (e.key) {
        case "+": case "=": zoomTo(v.scale * 1.5); break;
        case "-": case "_": zoomTo(v.scale / 1.5); break;
        case "0": zoomTo(1); break;
        case "ArrowLeft": v.x += step; apply(); break;
        case "ArrowRight": v.x -= step; apply(); break;
        case "ArrowUp": v.y += step; apply(); break;
        case "ArrowDown": v.y -= step; apply(); break;
        default: return;
      }
      e.preventDefault();
    });
    stage.addEventListener("wheel", function (e) {
      e.preventDefault();
      zoomTo(v.scale * Math.exp(-e.deltaY / 300), e.clientX, e.clientY);
    }, { passive: false });
    stage.addEventListener("dblclick", function (e) {
      zoomTo(v.scale > 1 ? 1 : 2.5, e.clientX, e.clientY);
    });
    // Pointers: one drags, two pinch.
    stage.addEventListener("pointerdown", function (e) {
      stage.setPointerCapture(e.pointerId);
      v.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (v.pointers.size === 2) v.pinch = distance();
    });
    stage.addEventListener("pointermove", function (e) {
      var p = v.pointers.get(e.pointerId);
      if (!p) return;
      if (v.pointers.size === 1) {
        v.x += e.clientX - p.x;
        v.y += e.clientY - p.y;
        p.x = e.clientX; p.y = e.clientY;
        apply();
        return;
      }
      p.x = e.clientX; p.y = e.clientY;
      var dist = distance();
      if (v.pinch > 0) {
        var c = centre();
        zoomTo(v.scale * dist / v.pinch, c.x, c.y);
      }
      v.pinch = dist;
    });
    function up(e) {
      v.pointers.delete(e.pointerId);
      v.pinch = v.pointers.size === 2 ? distance() : 0;
    }
    stage.addEventListener("pointerup", up);
    stage.addEventListener("pointercancel", up);
    function points() { return Array.from(v.pointers.values()); }
    function distance() { var p = points(); return Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y); }
    function centre() { var p = points(); return { x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2 }; }
    // A click on the backdrop, outside the image, closes the view.
    stage.addEventListener("click", function (e) {
      if (e.target === stage && v.scale === 1) d.close();
    });
    d.addEventListener("close", function () {
      img.removeAttribute("src");
      if (v.opener) v.opener.focus();
    });
    return v;
  }

  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-zoom]");
    if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    var shown = a.querySelector("img");
    if (!shown || typeof HTMLDialogElement === "undefined") return;
    e.preventDefault();
    if (!viewer) viewer = buildViewer();
    viewer.opener = a;
    viewer.scale = 1; viewer.x = 0; viewer.y = 0;
    viewer.apply();
    viewer.ratio = [shown.naturalWidth || shown.width, shown.naturalHeight || shown.height];
    viewer.img.removeAttribute("style");
    viewer.img.src = shown.currentSrc || shown.src;
    viewer.img.alt = shown.alt;
    viewer.dialog.setAttribute("aria-label", shown.alt ? "Image: " + shown.alt : "Image");
    viewer.dialog.showModal();
    viewer.fit();
    viewer.stage.focus();
  });

  var form = document.querySelector("[data-search]");
  if (!form || typeof GuidesSearch === "undefined") return;
  var index = new GuidesSearch.Index(form.dataset.search);
  var searchPage = form.dataset.search;

  // ---- Shared pieces ----

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
  //
  // A combobox: the focus stays in the box while the arrow keys move
  // through the results, each a link, so that a click, a middle click or
  // a modified click does what it does on any link.

  var input = form.querySelector("input[role=combobox]");
  var popup = form.querySelector("[data-search-popup]");
  var listbox = form.querySelector("[role=listbox]");
  var note = form.querySelector("[data-search-note]");
  var status = form.querySelector("[data-search-status]");
  var options = [];
  var active = -1;
  var asked = 0;
  var SHOWN = 5;

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
    options.forEach(function (o, k) { o.setAttribute("aria-selected", k === i ? "true" : "false"); });
    active = i;
    if (i >= 0) {
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function option(url, build) {
    var a = el("a", "search-option");
    a.href = url;
    a.id = "site-search-option-" + options.length;
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    a.tabIndex = -1;
    build(a);
    // A press of the main button keeps the focus in the box, so that the
    // click that follows is not lost to the list closing.
    a.addEventListener("mousedown", function (e) { if (e.button === 0) e.preventDefault(); });
    listbox.appendChild(a);
    options.push(a);
  }

  // noteText says what a reader should know besides the results: the
  // words no guide has, or the words the query was taken for.
  function noteText(r) {
    if (r.missing.length) return "No guide has \u201c" + r.missing.join("\u201d or \u201c") + "\u201d.";
    if (r.suggestion) return "Did you mean \u201c" + r.suggestion.trim() + "\u201d? Guides with the closest words:";
    return "";
  }

  function update() {
    var q = input.value;
    var mine = ++asked;
    if (!q.trim()) {
      listbox.textContent = "";
      options = [];
      status.textContent = "";
      note.textContent = "";
      open(false);
      indexFilter(null);
      return;
    }
    index.search({ text: q }).then(function (r) {
      if (mine !== asked) return;
      indexFilter(r.results, q);
      return index.docs(r.plan, r.results.slice(0, SHOWN)).then(function (docs) {
        if (mine !== asked) return;
        listbox.textContent = "";
        listbox.dataset.query = q;
        options = [];
        docs.forEach(function (d) {
          option(d.url, function (a) {
            a.appendChild(el("span", "title", d.title));
            a.appendChild(el("span", "meta", metaText(d)));
            a.appendChild(excerptNode("span", d.excerpt));
          });
        });
        var n = r.results.length;
        var all = n > 0 ? (n > SHOWN ? "See all " + plural(n) : "Open on the search page") : "No guide found: open the search page";
        option(pageURL(q), function (a) { a.classList.add("search-all"); a.textContent = all; });
        note.textContent = noteText(r);
        note.hidden = !note.textContent;
        status.textContent = (n ? plural(n) + " found" : "No guide found") + (note.textContent ? ". " + note.textContent : "");
        setActive(-1);
        open(document.activeElement === input);
      });
    }).catch(function () {
      status.textContent = "Search is not available";
    });
  }

  // Every keystroke searches at once: the files a query needs are fetched
  // as the words are typed, and an answer that comes after a newer
  // question is dropped.
  input.addEventListener("input", update);
  // The box taking the focus fetches the index's manifest, which every
  // query reads first, while the reader starts to type.
  input.addEventListener("focus", function () {
    index.open().catch(function () {});
    if (options.length && input.value.trim()) open(true);
  });
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
      var url = active >= 0 ? options[active].href : pageURL(input.value);
      if (e.ctrlKey || e.metaKey) window.open(url, "_blank", "noopener");
      else location.href = url;
    } else if (e.key === "Escape") {
      if (!popup.hidden) open(false);
      else { input.value = ""; update(); }
    }
  });

  // ---- The index: each category shows the guides found in it ----

  var indexCards = document.querySelectorAll(".categories [data-category]");
  var indexStatus = document.querySelector("[data-index-status]");
  var indexEmpty = document.querySelector("[data-index-empty]");
  var LISTED = 5;
  var filtered = 0;

  // indexFilter shows, in each category of the index, its best guides for
  // the query (up to LISTED) and a link to all of them on the search page;
  // a category without any is hidden. A null query shows the index again.
  function indexFilter(results, q) {
    if (!indexCards.length) return;
    var mine = ++filtered;
    if (!results) {
      indexCards.forEach(function (card) {
        card.hidden = false;
        card.querySelector("[data-listed]").hidden = false;
        card.querySelector("[data-found]").hidden = true;
        var all = card.querySelector("[data-all]");
        all.href = all.dataset.href || all.href;
        if (all.dataset.text) all.firstChild.textContent = all.dataset.text;
      });
      if (indexStatus) indexStatus.textContent = "";
      if (indexEmpty) indexEmpty.hidden = true;
      return;
    }
    Promise.all(Array.prototype.map.call(indexCards, function (card) {
      return index.search({ text: q, category: card.dataset.category }).then(function (r) {
        var best = r.results.slice(0, LISTED);
        return index.docs(r.plan, best).then(function (docs) { return { card: card, n: r.results.length, docs: docs }; });
      });
    })).then(function (found) {
      if (mine !== filtered) return;
      found.forEach(function (f) {
        var card = f.card, list = card.querySelector("[data-found]"), all = card.querySelector("[data-all]");
        list.textContent = "";
        f.docs.forEach(function (d) {
          var li = el("li");
          var a = el("a", "", d.title);
          a.href = d.url;
          li.appendChild(a);
          list.appendChild(li);
        });
        if (!all.dataset.href) { all.dataset.href = all.getAttribute("href"); all.dataset.text = all.firstChild.textContent; }
        all.href = pageURL(q, card.dataset.category);
        all.firstChild.textContent = (f.n > LISTED ? "All " : "") + plural(f.n) + " found";
        card.querySelector("[data-listed]").hidden = true;
        list.hidden = false;
        card.hidden = f.n === 0;
      });
      var n = results.length;
      if (indexStatus) indexStatus.textContent = n ? plural(n) + " found" : "";
      if (indexEmpty) indexEmpty.hidden = n > 0;
    });
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
      count.textContent = n ? plural(n) + " found." : "No guide found.";
      if (r.missing.length) {
        count.textContent += " No guide has \u201c" + r.missing.join("\u201d or \u201c") + "\u201d.";
      } else if (r.suggestion) {
        var fix = r.suggestion.trim();
        var a = el("a", "", fix);
        a.href = pageURL(fix, category.value, tag.value);
        count.appendChild(document.createTextNode(" No guide has every word as written. Did you mean "));
        count.appendChild(a);
        count.appendChild(document.createTextNode("?"));
      }
      more.hidden = true;
      showMore();
    }).catch(function () {
      count.textContent = "Search is not available.";
    });
  }

  page.addEventListener("submit", function (e) { e.preventDefault(); runPage(); });
  words.addEventListener("input", runPage);
  category.addEventListener("change", runPage);
  tag.addEventListener("change", runPage);
  more.addEventListener("click", showMore);
  runPage();
})();
