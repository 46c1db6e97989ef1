/* kb: the whole vault's graph on a canvas, with no library and no network.
   A small force layout: springs along links, repulsion between nearby notes (grid-bucketed,
   so big vaults stay fast), a pull to the centre. Drag to pan, wheel to zoom, click to open. */
(function () {
  "use strict";
  function start() {
    var canvas = document.getElementById("kb-graph");
    var dataEl = document.getElementById("kb-graph-data");
    if (!canvas || !dataEl || canvas.dataset.kbReady) return;
    canvas.dataset.kbReady = "1";
    var data = JSON.parse(dataEl.textContent);
    var nodes = data.nodes, edges = data.edges, n = nodes.length;
    var ctx = canvas.getContext("2d");
    var dpr = window.devicePixelRatio || 1;
    function resize() {
      var r = canvas.getBoundingClientRect();
      canvas.width = Math.max(300, r.width) * dpr;
      canvas.height = Math.max(300, r.height) * dpr;
    }
    resize();
    window.addEventListener("resize", function () { resize(); draw(); });
    var golden = Math.PI * (3 - Math.sqrt(5));
    nodes.forEach(function (d, i) {
      var r = 12 * Math.sqrt(i + 1);
      d.x = r * Math.cos(i * golden); d.y = r * Math.sin(i * golden); d.vx = 0; d.vy = 0;
      d.r = 3 + Math.min(8, Math.sqrt(d.degree || 0) * 1.6);
    });
    var neighbours = nodes.map(function () { return []; }), seen = {};
    edges.forEach(function (e) {  // a link each way is one neighbour
      var a = Math.min(e[0], e[1]), b = Math.max(e[0], e[1]);
      if (a === b || seen[a + "," + b]) return;
      seen[a + "," + b] = true; neighbours[a].push(b); neighbours[b].push(a);
    });
    nodes.forEach(function (d, i) { d.i = i; });
    // most linked first: they get their names shown first when labels compete for room
    var byDegree = nodes.slice().sort(function (a, b) { return (b.degree || 0) - (a.degree || 0); });
    var view = { x: 0, y: 0, k: 1 }, hover = null, found = null, ticks = 0;
    var maxTicks = n > 3000 ? 120 : 300;
    var userMoved = false;
    function fit() {  // keep the whole graph in view until the reader pans or zooms
      if (userMoved || !n) return;
      var x0 = 1e9, x1 = -1e9, y0 = 1e9, y1 = -1e9;
      nodes.forEach(function (d) { x0 = Math.min(x0, d.x); x1 = Math.max(x1, d.x);
                                   y0 = Math.min(y0, d.y); y1 = Math.max(y1, d.y); });
      var w = canvas.width / dpr, h = canvas.height / dpr;
      view.k = Math.min(3, 0.85 * Math.min(w / Math.max(x1 - x0, 1), h / Math.max(y1 - y0, 1)));
      view.x = -(x0 + x1) / 2; view.y = -(y0 + y1) / 2;
    }
    function tick() {
      var cell = 120, grid = {}, i, j, a, b, dx, dy, d2, f;
      for (i = 0; i < n; i++) {
        a = nodes[i];
        var key = Math.floor(a.x / cell) + "," + Math.floor(a.y / cell);
        (grid[key] = grid[key] || []).push(a);
      }
      for (i = 0; i < n; i++) {
        a = nodes[i];
        var gx = Math.floor(a.x / cell), gy = Math.floor(a.y / cell);
        for (var ox = -1; ox <= 1; ox++) for (var oy = -1; oy <= 1; oy++) {
          var bucket = grid[(gx + ox) + "," + (gy + oy)];
          if (!bucket) continue;
          for (j = 0; j < bucket.length; j++) {
            b = bucket[j]; if (b === a) continue;
            dx = a.x - b.x; dy = a.y - b.y; d2 = dx * dx + dy * dy + 0.01;
            if (d2 > cell * cell) continue;
            f = 400 / d2; a.vx += dx * f; a.vy += dy * f;
          }
        }
        a.vx -= a.x * 0.002; a.vy -= a.y * 0.002;
      }
      for (i = 0; i < edges.length; i++) {
        a = nodes[edges[i][0]]; b = nodes[edges[i][1]];
        dx = b.x - a.x; dy = b.y - a.y;
        var dist = Math.sqrt(dx * dx + dy * dy) || 1, k = (dist - 90) * 0.02 / dist;
        a.vx += dx * k; a.vy += dy * k; b.vx -= dx * k; b.vy -= dy * k;
      }
      for (i = 0; i < n; i++) {
        a = nodes[i]; a.vx *= 0.6; a.vy *= 0.6;
        a.x += Math.max(-20, Math.min(20, a.vx)); a.y += Math.max(-20, Math.min(20, a.vy));
      }
    }
    function toScreen(d) {
      return [canvas.width / 2 + (d.x + view.x) * view.k * dpr,
              canvas.height / 2 + (d.y + view.y) * view.k * dpr];
    }
    function draw() {
      var focus = hover || found, near = {};
      if (focus) { near[focus.i] = true; neighbours[focus.i].forEach(function (j) { near[j] = true; }); }
      var w = canvas.width, h = canvas.height;
      ctx.clearRect(0, 0, w, h);
      ctx.lineWidth = dpr;
      ctx.strokeStyle = focus ? "rgba(120,120,120,0.12)" : "rgba(120,120,120,0.35)";
      if (!settling) {
        ctx.beginPath();
        edges.forEach(function (e) {
          var p = toScreen(nodes[e[0]]), q = toScreen(nodes[e[1]]);
          ctx.moveTo(p[0], p[1]); ctx.lineTo(q[0], q[1]);
        });
        ctx.stroke();
      }
      if (focus) {  // the focused note's own links, drawn over the rest
        ctx.strokeStyle = "rgba(239,108,0,0.85)"; ctx.lineWidth = 1.5 * dpr; ctx.beginPath();
        var p0 = toScreen(focus);
        neighbours[focus.i].forEach(function (j) {
          var q = toScreen(nodes[j]); ctx.moveTo(p0[0], p0[1]); ctx.lineTo(q[0], q[1]);
        });
        ctx.stroke();
      }
      nodes.forEach(function (d) {
        var p = toScreen(d);
        if (p[0] < -20 || p[1] < -20 || p[0] > w + 20 || p[1] > h + 20) return;
        ctx.beginPath(); ctx.arc(p[0], p[1], d.r * dpr * Math.sqrt(view.k), 0, 2 * Math.PI);
        ctx.fillStyle = d === focus ? "#ef6c00" : focus && !near[d.i] ? "rgba(92,107,192,0.25)"
          : "#5c6bc0";
        ctx.fill();
      });
      // names: the focused note and its neighbours always; the others as zoom makes room,
      // most linked first, never one over another
      var taken = {}, cellW = 90 * dpr, cellH = 16 * dpr, labels = 0;
      function place(d, bold) {
        var p = toScreen(d), y = p[1] - (d.r * Math.sqrt(view.k) + 4) * dpr;
        if (p[0] < 0 || p[0] > w || y < 0 || y > h) return;
        var cx = Math.floor(p[0] / cellW), cy = Math.floor(y / cellH);
        if (!bold && (taken[cx + "," + cy] || taken[(cx - 1) + "," + cy] || taken[(cx + 1) + "," + cy])) return;
        taken[cx + "," + cy] = true; labels++;
        var label = d.title.length > 28 ? d.title.slice(0, 27) + "…" : d.title;
        ctx.font = (bold ? "bold " : "") + ((bold ? 12 : 11) * dpr) + "px sans-serif";
        ctx.fillText(label, p[0], y);
      }
      ctx.fillStyle = getComputedStyle(canvas).color || "#333"; ctx.textAlign = "center";
      if (focus) { place(focus, true); neighbours[focus.i].forEach(function (j) { place(nodes[j], true); }); }
      var budget = Math.min(n, Math.round(40 * view.k * view.k) + 12);
      for (var b = 0; b < byDegree.length && budget > 0; b++) {
        var d = byDegree[b];
        if (focus && near[d.i]) continue;
        if (!focus || view.k > 1.5) { place(d, false); budget--; }
      }
      canvas.dataset.kbFocus = focus ? focus.title : "";
      canvas.dataset.kbLabels = String(labels);
      canvas.dataset.kbNeighbours = focus ? String(neighbours[focus.i].length) : "";
    }
    // a big vault settles in larger steps: several layout ticks a frame, its links drawn once
    // the layout is done (drawing tens of thousands of lines each frame is what costs)
    var perFrame = n > 1500 ? 4 : 1, settling = n > 1500;
    function loop() {
      for (var t = 0; t < perFrame && ticks < maxTicks; t++, ticks++) tick();
      fit();
      if (found && following) { view.x = -found.x; view.y = -found.y; }  // while it settles
      settling = n > 1500 && ticks < maxTicks;
      draw();
      if (ticks < maxTicks) requestAnimationFrame(loop);
      canvas.dataset.kbSettled = ticks >= maxTicks ? "1" : "";
    }
    var following = false;
    loop();
    function nodeAt(ev) {  // the nearest note within reach, through a grid of the layout
      var r = canvas.getBoundingClientRect();
      var sx = (ev.clientX - r.left) * dpr, sy = (ev.clientY - r.top) * dpr;
      var x = (sx - canvas.width / 2) / (view.k * dpr) - view.x;
      var y = (sy - canvas.height / 2) / (view.k * dpr) - view.y;
      var reach = 14 / view.k, cell = 60, best = null, bd = reach * reach;
      if (!hitGrid || hitTicks !== ticks) {
        hitGrid = {}; hitTicks = ticks;
        nodes.forEach(function (d) {
          var key = Math.floor(d.x / cell) + "," + Math.floor(d.y / cell);
          (hitGrid[key] = hitGrid[key] || []).push(d);
        });
      }
      var gx = Math.floor(x / cell), gy = Math.floor(y / cell), span = Math.ceil(reach / cell);
      for (var ox = -span; ox <= span; ox++) for (var oy = -span; oy <= span; oy++) {
        (hitGrid[(gx + ox) + "," + (gy + oy)] || []).forEach(function (d) {
          var dd = (d.x - x) * (d.x - x) + (d.y - y) * (d.y - y);
          if (dd < bd) { bd = dd; best = d; }
        });
      }
      return best;
    }
    var hitGrid = null, hitTicks = -1;
    var finder = document.getElementById("kb-graph-find");
    if (finder) finder.addEventListener("input", function () {
      var q = finder.value.trim().toLowerCase();
      found = null;
      if (q) for (var i = 0; i < byDegree.length; i++) {
        if (byDegree[i].title.toLowerCase().indexOf(q) >= 0) { found = byDegree[i]; break; }
      }
      if (found) {  // bring it to the middle, close enough to read its neighbours' names
        userMoved = true; following = true;
        view.x = -found.x; view.y = -found.y; view.k = Math.max(view.k, 1.6);
      }
      canvas.dataset.kbFound = found ? found.title : "";
      draw();
    });
    var drag = null, moved = false;
    canvas.addEventListener("mousedown", function (ev) {
      drag = [ev.clientX, ev.clientY]; moved = false; following = false;
    });
    window.addEventListener("mouseup", function () { drag = null; });
    canvas.addEventListener("mousemove", function (ev) {
      if (drag) {
        view.x += (ev.clientX - drag[0]) / view.k; view.y += (ev.clientY - drag[1]) / view.k;
        userMoved = true;
        if (Math.abs(ev.clientX - drag[0]) + Math.abs(ev.clientY - drag[1]) > 2) moved = true;
        drag = [ev.clientX, ev.clientY]; draw(); return;
      }
      var h = nodeAt(ev); if (h !== hover) { hover = h; canvas.title = h ? h.title : ""; draw(); }
    });
    canvas.addEventListener("click", function (ev) {
      if (moved) return; var d = nodeAt(ev); if (d) window.location.href = d.url;
    });
    canvas.addEventListener("wheel", function (ev) {
      ev.preventDefault(); userMoved = true; view.k = Math.max(0.1, Math.min(6, view.k * (ev.deltaY < 0 ? 1.15 : 0.87))); draw();
    }, { passive: false });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
})();
