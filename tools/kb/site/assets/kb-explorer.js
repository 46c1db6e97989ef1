/* kb: the folder explorer in the sidebar. The vault's tree is one static file
   (assets/kb/explorer.json, see kb/site/explorer.py), fetched once and kept by the browser's
   cache; folders are drawn when opened, so a page costs the same at 10 notes or 10,000.
   The current note is highlighted and its folders are open. Names are set as text. */
(function () {
  "use strict";
  var STORE = "kb-explorer-open";
  function siteRoot() {
    var el = document.getElementById("__config");
    var base = "."; try { base = JSON.parse(el.textContent).base || "."; } catch (e) {}
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }
  function encode(path) {
    return path.split("/").map(function (part) { return encodeURIComponent(part); }).join("/");
  }
  function here(root) {
    var path = decodeURIComponent(location.pathname), base = decodeURIComponent(root.pathname);
    path = path.replace(/index\.html$/, "");
    return path.indexOf(base) === 0 ? path.slice(base.length) : null;
  }
  function openSet() {
    try { return JSON.parse(sessionStorage.getItem(STORE) || "{}") || {}; } catch (e) { return {}; }
  }
  function remember(path, open) {
    var set = openSet();
    if (open) set[path] = 1; else delete set[path];
    try { sessionStorage.setItem(STORE, JSON.stringify(set)); } catch (e) {}
  }
  function noteUrl(node, prefix) {
    if (typeof node === "string") return prefix + node + "/";
    return node[1].charAt(0) === "/" ? node[1].slice(1) : prefix + node[1];
  }
  /* the folders (as paths) that lead to the current page, and its node */
  function locate(children, prefix, current, trail) {
    for (var i = 0; i < children.length; i++) {
      var node = children[i];
      if (Array.isArray(node) && node.length === 3) {
        if (node[1] === current) return trail.concat([prefix + node[0]]);
        var found = locate(node[2], prefix + node[0] + "/", current, trail.concat([prefix + node[0]]));
        if (found) return found;
      } else if (noteUrl(node, prefix) === current) {
        return trail;
      }
    }
    return null;
  }
  function draw(list, children, prefix, ctx) {
    children.forEach(function (node) {
      var li = document.createElement("li");
      if (Array.isArray(node) && node.length === 3) {
        var path = prefix + node[0];
        var details = document.createElement("details");
        var summary = document.createElement("summary");
        var name = document.createElement("span");
        name.className = "kb-explorer-folder";
        name.textContent = node[0];
        var page = document.createElement("a");
        page.className = "kb-explorer-page";
        page.href = new URL(encode(node[1]), ctx.root).href;
        page.title = "folder page";
        page.textContent = "↗";
        page.setAttribute("aria-label", node[0] + " (folder page)");
        if (node[1] === ctx.current) { page.setAttribute("aria-current", "page"); li.className = "kb-explorer-current"; }
        summary.appendChild(name); summary.appendChild(page);
        details.appendChild(summary);
        var inner = null;
        var fill = function () {
          if (inner) return;
          inner = document.createElement("ul");
          draw(inner, node[2], path + "/", ctx);
          details.appendChild(inner);
        };
        if (ctx.open[path]) { fill(); details.open = true; }
        details.addEventListener("toggle", function () {
          if (details.open) fill();
          remember(path, details.open);
        });
        details.dataset.path = path;
        li.appendChild(details);
      } else {
        var a = document.createElement("a");
        var url = noteUrl(node, prefix);
        a.href = new URL(encode(url), ctx.root).href;
        a.textContent = typeof node === "string" ? node : node[0];
        a.className = "kb-explorer-note";
        if (url === ctx.current) {
          a.setAttribute("aria-current", "page");
          li.className = "kb-explorer-current";
          ctx.currentLink = a;
        }
        li.appendChild(a);
      }
      list.appendChild(li);
    });
  }
  function mount(data) {
    var sidebar = document.querySelector(".md-sidebar--primary .md-sidebar__inner");
    if (!sidebar || document.querySelector(".kb-explorer")) return;
    var root = siteRoot(), current = here(root);
    var open = openSet();
    (locate(data.tree, "", current, []) || []).forEach(function (p) { open[p] = 1; });
    var nav = document.createElement("nav");
    nav.className = "kb-explorer md-nav";
    nav.setAttribute("aria-label", "folders");
    var title = document.createElement("a");
    title.className = "kb-explorer-title";
    title.href = new URL(encode(data.root[1]), root).href;
    title.textContent = data.root[0];
    nav.appendChild(title);
    var list = document.createElement("ul");
    var ctx = {root: root, current: current, open: open, currentLink: null};
    draw(list, data.tree, "", ctx);
    nav.appendChild(list);
    sidebar.appendChild(nav);
    if (ctx.currentLink && ctx.currentLink.scrollIntoView) {
      ctx.currentLink.scrollIntoView({block: "nearest"});
      window.scrollTo(0, 0);
    }
  }
  function start() {
    fetch(new URL("assets/kb/explorer.json", siteRoot()))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && data.v === 1) mount(data); })
      .catch(function () {});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
