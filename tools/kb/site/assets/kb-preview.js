/* kb: a preview of the note a link points to, when the link is pointed at (after 150 ms) or
   focused; fetched on demand from assets/kb/previews/NN.json; shown as text, never as HTML.
   Touch devices just follow the link. */
(function () {
  "use strict";
  var SHARDS = 64, cache = {}, box = null, timer = null, current = null;
  function siteRoot() {
    var el = document.getElementById("__config");
    var base = "."; try { base = JSON.parse(el.textContent).base || "."; } catch (e) {}
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }
  function shard(url) {
    var h = 5381;
    for (var i = 0; i < url.length; i++) h = ((h * 33) + url.charCodeAt(i)) >>> 0;
    return h % SHARDS;
  }
  function target(a) {
    if (!a.href || a.origin !== location.origin) return null;
    var root = siteRoot().pathname, path = decodeURIComponent(new URL(a.href).pathname);
    if (path.indexOf(decodeURIComponent(root)) !== 0) return null;
    return path.slice(decodeURIComponent(root).length);
  }
  function load(n) {
    if (!cache[n]) {
      var url = new URL("assets/kb/previews/" + (n < 10 ? "0" : "") + n + ".json", siteRoot());
      cache[n] = fetch(url).then(function (r) { return r.ok ? r.json() : {}; })
                           .catch(function () { return {}; });
    }
    return cache[n];
  }
  function hide() { clearTimeout(timer); current = null; if (box) box.hidden = true; }
  function show(a) {
    var key = target(a);
    if (key === null) return;
    current = a;
    load(shard(key)).then(function (data) {
      var p = data[key];
      if (!p || current !== a) return;
      if (!box) {
        box = document.createElement("div"); box.className = "kb-preview";
        box.setAttribute("role", "tooltip"); document.body.appendChild(box);
      }
      box.textContent = "";
      var t = document.createElement("div"); t.className = "kb-preview-title";
      t.textContent = p.title; box.appendChild(t);
      if (p.tags && p.tags.length) {
        var g = document.createElement("div"); g.className = "kb-preview-tags";
        g.textContent = p.tags.map(function (x) { return "#" + x; }).join(" ") +
                        (p.date ? "  ·  " + p.date : "");
        box.appendChild(g);
      }
      if (p.text) {
        var x = document.createElement("div"); x.className = "kb-preview-text";
        x.textContent = p.text; box.appendChild(x);
      }
      var r = a.getBoundingClientRect();
      box.style.left = Math.max(8, Math.min(r.left + window.scrollX,
                                            window.scrollX + document.documentElement.clientWidth - 360)) + "px";
      box.style.top = (r.bottom + window.scrollY + 6) + "px";
      box.hidden = false;
    });
  }
  function link(ev) { return ev.target.closest && ev.target.closest(".md-content a[href]"); }
  document.addEventListener("pointerover", function (ev) {
    if (ev.pointerType === "touch") return;
    var a = link(ev); if (!a || a === current) return;
    clearTimeout(timer); timer = setTimeout(function () { show(a); }, 150);
  });
  document.addEventListener("pointerout", function (ev) { if (link(ev)) hide(); });
  document.addEventListener("focusin", function (ev) { var a = link(ev); if (a) show(a); });
  document.addEventListener("focusout", function (ev) { if (link(ev)) hide(); });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hide(); });
})();
