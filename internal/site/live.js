// The script guides serve adds to every page: it reloads the page when the
// site is rebuilt, and shows the collection's problems over the page while
// it has errors. The page is then the last good version of each guide; the
// panel says so, lists every problem with its position, can be dismissed,
// and goes away when the problems are fixed. Its styles are set here, so
// that a collection's own stylesheet neither needs nor breaks them.
(function () {
  "use strict";

  var events = new EventSource("/__guides/events");
  events.onmessage = function (e) {
    if (e.data === "reload") location.reload();
  };

  var panel = null;
  var dismissed = "";

  events.addEventListener("problems", function (e) {
    var list;
    try { list = JSON.parse(e.data); } catch (err) { return; }
    show(list, e.data);
  });

  function css(node, styles) {
    for (var k in styles) node.style.setProperty(k, styles[k]);
    return node;
  }

  function el(tag, text, styles) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    return css(node, styles || {});
  }

  function show(list, key) {
    if (panel) { panel.remove(); panel = null; }
    if (!list.length || key === dismissed) return;
    var errors = list.filter(function (p) { return p.severity === "error"; }).length;
    var dark = matchMedia("(prefers-color-scheme: dark)").matches;
    if (document.documentElement.dataset.theme) dark = document.documentElement.dataset.theme === "dark";
    var fg = dark ? "#f0f3f6" : "#1f2328", bg = dark ? "#1b1f26" : "#ffffff";
    var red = dark ? "#ff8f87" : "#b3261e", line = dark ? "#4a515c" : "#c9d1d9";
    panel = el("section", "", {
      position: "fixed", left: "1rem", right: "1rem", bottom: "1rem", "z-index": "2147483647",
      "max-height": "60vh", overflow: "auto", margin: "0 auto", "max-width": "60rem",
      background: bg, color: fg, border: "2px solid " + red, "border-radius": "12px",
      "box-shadow": "0 8px 32px rgba(0,0,0,.35)", padding: "1rem 1.2rem",
      font: "15px/1.5 system-ui, sans-serif", "text-align": "left"
    });
    panel.setAttribute("role", "alert");
    panel.setAttribute("aria-labelledby", "guides-problems-title");
    panel.className = "guides-problems";
    var head = el("div", "", { display: "flex", gap: "1rem", "align-items": "baseline", "justify-content": "space-between" });
    var title = el("h2", (errors === 1 ? "1 error" : errors + " errors") + " in the collection", {
      margin: "0", "font-size": "1.05rem", color: red, "letter-spacing": "0"
    });
    title.id = "guides-problems-title";
    var close = el("button", "Dismiss", {
      font: "inherit", "font-size": ".9rem", padding: ".3rem .8rem", "border-radius": "6px",
      border: "1px solid " + line, background: "transparent", color: fg, cursor: "pointer"
    });
    close.type = "button";
    close.addEventListener("click", function () {
      dismissed = key;
      panel.remove();
      panel = null;
    });
    head.appendChild(title);
    head.appendChild(close);
    panel.appendChild(head);
    panel.appendChild(el("p", "The site shows the last good version of each page until they are fixed.", { margin: ".3rem 0 .6rem" }));
    var ul = el("ul", "", { margin: "0", padding: "0", "list-style": "none" });
    list.forEach(function (p) {
      var li = el("li", "", { padding: ".35rem 0", "border-top": "1px solid " + line, "overflow-wrap": "anywhere" });
      var where = p.path + (p.line ? ":" + p.line + (p.column ? ":" + p.column : "") : "");
      li.appendChild(el("code", where, { font: "13px/1.5 ui-monospace, monospace" }));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("strong", p.severity, { color: p.severity === "error" ? red : fg }));
      li.appendChild(document.createTextNode(": " + p.message + (p.rule ? " [" + p.rule + "]" : "")));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
    document.body.appendChild(panel);
  }
})();
