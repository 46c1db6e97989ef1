/* kb: search in Material's header box, from kb's static index (kb/site/search.py).
   A query fetches search/meta.json once, then only the chunks holding its words and the
   notes it shows. Every word is required (OR between words for either); Chinese runs must
   appear as written; Latin words match by prefix, English endings dropped; #tag filters by a
   tag and its nested tags. Titles first, then tags, then text; ties newest first.
   Results are built as DOM text, never as HTML. */
(function () {
  "use strict";
  var CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\\u{20000}-\\u{2ffff}";
  var TOKEN = new RegExp("[" + CJK + "]+|[\\p{L}\\p{N}\\p{M}_]+", "gu");
  var IS_CJK = new RegExp("^[" + CJK + "]", "u");
  var PAGE = 10, MAX_CHUNKS = 8;
  var TITLE = 1, TAG = 2, TEXT = 4;
  var meta = null, chunks = {}, docs = {}, generation = 0, state = null;
  window.kbSearch = {times: [], bytes: 0};

  function siteRoot() {
    var el = document.getElementById("__config");
    var base = "."; try { base = JSON.parse(el.textContent).base || "."; } catch (e) {}
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }
  function getJSON(path) {
    return fetch(new URL(path, siteRoot())).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.text();
    }).then(function (text) { window.kbSearch.bytes += text.length; return JSON.parse(text); });
  }
  function loadMeta() {
    if (!meta) meta = getJSON("assets/kb/search/meta.json");
    return meta;
  }
  function loadChunk(i) {
    if (!chunks[i]) chunks[i] = getJSON("assets/kb/search/t/" + i + ".json");
    return chunks[i];
  }
  function loadDoc(id, retry) {
    if (!docs[id]) docs[id] = getJSON("assets/kb/search/d/" + id + ".json").catch(function () {
      delete docs[id];  // a failed fetch is tried again once, and not kept
      return retry ? null : loadDoc(id, true);
    });
    return docs[id];
  }
  function fold(text) { return text.normalize("NFKC").toLowerCase(); }

  /* -- the query ---------------------------------------------------------------------- */
  function stem(w) {
    if (w.length <= 4 || /[^a-z]/.test(w)) return w;
    var m;
    if (/ies$/.test(w)) return w.slice(0, -3) + "y";
    if (/(ss|us|is)$/.test(w)) return w;
    if (/(s|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
    if (/s$/.test(w)) return w.slice(0, -1);
    if ((m = /^(.{3,}?)(ing|ed)$/.exec(w))) {
      var base = m[1];
      return /([^aeiouls])\1$/.test(base) ? base.slice(0, -1) : base;
    }
    return w;
  }
  /* A requirement: terms any of which a note must hold ({term, prefix}), or, for a Chinese
     run, several such requirements (its pairs) and a phrase to check in the text. */
  function parse(query) {
    var groups = [[]], tags = [], needles = [];
    query.trim().split(/\s+/).forEach(function (tok) {
      if (!tok) return;
      if (tok === "OR") { if (groups[groups.length - 1].length) groups.push([]); return; }
      if (tok.charAt(0) === "#" && tok.length > 1) {
        var tag = fold(tok.slice(1)).replace(/^\/+|\/+$/g, "");
        if (tag) tags.push(tag);
        return;
      }
      var group = groups[groups.length - 1];
      (fold(tok).match(TOKEN) || []).forEach(function (run) {
        needles.push(run);
        if (IS_CJK.test(run)) {
          var chars = Array.from(run);
          if (chars.length === 1) { group.push({any: [{term: run}]}); return; }
          for (var i = 0; i + 1 < chars.length; i++)
            group.push({any: [{term: chars[i] + chars[i + 1]}], phrase: chars.length > 2 ? run : null});
          return;
        }
        var prefix = Array.from(run).length >= 3, variants = [{term: run, prefix: prefix}];
        var s = stem(run);
        if (s !== run) { variants.push({term: s, prefix: prefix}); needles.push(s); }
        if (prefix) variants.push({term: "~" + run, prefix: true, inner: true});  // inside words
        group.push({any: variants});
      });
    });
    groups = groups.filter(function (g) { return g.length; });
    needles.sort(function (a, b) { return b.length - a.length; });
    return {groups: groups, tags: tags, needles: needles};
  }

  /* -- the index ----------------------------------------------------------------------- */
  function chunkOf(list, term) {  // the last chunk whose first term is <= term
    var lo = 0, hi = list.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] <= term) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }
  function decode(text, into, inner) {
    var doc = 0, parts = text.split(",");
    for (var i = 0; i < parts.length; i++) {
      var v = +parts[i];
      doc += Math.floor(v / 32);
      var old = into.get(doc) || 0, value = inner ? TEXT : v % 32;  // inside a word: text
      into.set(doc, Math.max(old & ~7, value & ~7) | ((old | value) & 7));
    }
  }
  /* doc -> tf*8 + fields for one term (exact, prefix, or a tag with its nested tags) */
  function lookup(m, t) {
    var list = m.chunks, first = chunkOf(list, t.term), last = first;
    if (t.prefix || t.tag) {
      var end = t.term + "\uffff";
      while (last + 1 < list.length && list[last + 1] < end) last++;
      if (last - first >= MAX_CHUNKS) last = first;  // a very common prefix: the word itself
    }
    var wanted = [];
    for (var i = first; i <= last; i++) wanted.push(loadChunk(i));
    return Promise.all(wanted).then(function (loaded) {
      var out = new Map();
      loaded.forEach(function (chunk) {
        for (var term in chunk) {
          var hit = term === t.term ||
            (t.prefix && term.indexOf(t.term) === 0) ||
            (t.tag && term.indexOf(t.term + "/") === 0);
          if (hit) decode(chunk[term], out, t.inner);
        }
      });
      return out;
    });
  }
  function union(maps) {
    var out = new Map();
    maps.forEach(function (m) {
      m.forEach(function (v, doc) {
        var old = out.get(doc) || 0;
        out.set(doc, Math.max(old & ~7, v & ~7) | ((old | v) & 7));
      });
    });
    return out;
  }
  function weight(v) {
    return (v & TITLE ? 100 : 0) + (v & TAG ? 20 : 0) + (v & TEXT ? 1 + (v >> 3) : 0);
  }
  function evaluate(m, q) {
    var tagSets = q.tags.map(function (tag) { return lookup(m, {term: "#" + tag, tag: true}); });
    var groupScores = q.groups.map(function (group) {
      return Promise.all(group.map(function (req) {
        return Promise.all(req.any.map(function (t) { return lookup(m, t); })).then(union);
      })).then(function (maps) {
        maps.sort(function (a, b) { return a.size - b.size; });
        var scores = new Map();
        if (!maps.length) return scores;
        maps[0].forEach(function (v, doc) {
          var s = weight(v);
          for (var i = 1; i < maps.length; i++) {
            var w = maps[i].get(doc);
            if (w === undefined) return;
            s += weight(w);
          }
          scores.set(doc, s);
        });
        return scores;
      });
    });
    return Promise.all([Promise.all(tagSets), Promise.all(groupScores)]).then(function (both) {
      var tags = both[0], groups = both[1], scores;
      if (groups.length) {
        scores = new Map();
        groups.forEach(function (g) {
          g.forEach(function (s, doc) { scores.set(doc, Math.max(scores.get(doc) || 0, s)); });
        });
      } else if (tags.length) {
        scores = new Map();
        tags[0].forEach(function (v, doc) { scores.set(doc, 0); });  // newest first
      } else return [];
      var found = [];
      scores.forEach(function (s, doc) {
        for (var i = 0; i < tags.length; i++) if (!tags[i].has(doc)) return;
        found.push([s, doc]);
      });
      found.sort(function (a, b) { return b[0] - a[0] || b[1] - a[1]; });
      return found.map(function (x) { return x[1]; });
    });
  }

  /* -- drawing ------------------------------------------------------------------------- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  /* text with every needle marked (as text nodes and <mark> elements) */
  function marked(text, needles) {
    var frag = document.createDocumentFragment(), lower = text.toLowerCase();
    if (lower.length !== text.length || !needles.length) { frag.appendChild(document.createTextNode(text)); return frag; }
    var at = 0;
    while (at < text.length) {
      var best = -1, len = 0;
      needles.forEach(function (n) {
        var i = lower.indexOf(n, at);
        if (i >= 0 && (best < 0 || i < best)) { best = i; len = n.length; }
      });
      if (best < 0) break;
      frag.appendChild(document.createTextNode(text.slice(at, best)));
      frag.appendChild(el("mark", null, text.slice(best, best + len)));
      at = best + len;
    }
    frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }
  function excerpt(text, needles) {
    var lower = text.toLowerCase(), first = -1;
    needles.forEach(function (n) {
      var i = lower.indexOf(n);
      if (i >= 0 && (first < 0 || i < first)) first = i;
    });
    var start = Math.max(0, first - 60), piece = text.slice(start, start + 220).replace(/\s+/g, " ");
    return (start > 0 ? "…" : "") + piece + (start + 220 < text.length ? "…" : "");
  }
  function holds(doc, q) {  // every Chinese phrase of a group appears as written
    var hay = fold([doc.t].concat(doc.a || [], doc.g || [], [doc.x]).join("\n"));
    return q.groups.some(function (group) {
      return group.every(function (req) { return !req.phrase || hay.indexOf(req.phrase) >= 0; });
    }) || !q.groups.length;
  }
  function item(doc, q) {
    var li = el("li", "md-search-result__item");
    var a = el("a", "md-search-result__link");
    a.href = new URL(doc.u, siteRoot()).href;
    var art = el("article", "md-search-result__article md-typeset");
    var h = el("h1");
    h.appendChild(marked(doc.t, q.needles));
    art.appendChild(h);
    var info = el("p", "kb-search-info");
    if (doc.d) info.appendChild(el("span", "kb-search-date", doc.d));
    (doc.g || []).slice(0, 6).forEach(function (t) { info.appendChild(el("span", "kb-tag", "#" + t)); });
    if (info.childNodes.length) art.appendChild(info);
    var p = el("p", "kb-search-excerpt");
    p.appendChild(marked(excerpt(doc.x || "", q.needles), q.needles));
    art.appendChild(p);
    a.appendChild(art);
    li.appendChild(a);
    return li;
  }
  function ui() {
    if (state) return state;
    var result = document.querySelector("[data-md-component=search-result]") ||
                 document.querySelector(".md-search-result");
    if (!result) return null;
    result.classList.add("kb-search-on");
    var info = el("div", "md-search-result__meta kb-search-meta");
    var filters = el("div", "kb-search-filters");
    var list = el("ol", "kb-search-list");
    var more = el("button", "md-button kb-search-more", "More results");
    more.type = "button"; more.hidden = true;
    result.appendChild(info); result.appendChild(filters); result.appendChild(list); result.appendChild(more);
    state = {info: info, list: list, more: more, filters: filters};
    more.addEventListener("click", function () { if (state.next) state.next(); });
    return state;
  }
  function show(query) {
    var s = ui(), mine = ++generation, typed = performance.now();
    if (!s) return;
    var q = parse(query);
    if (!q.groups.length && !q.tags.length) {
      s.info.textContent = "Words are all required (OR for either); #tag filters by a tag.";
      s.list.textContent = ""; s.filters.textContent = ""; s.more.hidden = true;
      return;
    }
    loadMeta().then(function (m) { return evaluate(m, q); }).then(function (ids) {
      if (mine !== generation) return;
      s.list.textContent = ""; s.filters.textContent = "";
      var shown = 0, at = 0, first = true, seenTags = {};
      s.info.textContent = ids.length ? ids.length + (ids.length === 1 ? " note" : " notes")
                                      : "No notes match.";
      function next() {
        var batch = ids.slice(at, at + PAGE);
        at += batch.length;
        s.more.hidden = true;
        return Promise.all(batch.map(function (id) { return loadDoc(id); })).then(function (loaded) {
          if (mine !== generation) return;
          loaded.forEach(function (doc) {
            if (!doc || !holds(doc, q)) return;
            s.list.appendChild(item(doc, q));
            shown++;
            (doc.g || []).forEach(function (t) { seenTags[t] = (seenTags[t] || 0) + 1; });
          });
          if (first) {
            first = false;
            window.kbSearch.times.push({query: query, ms: performance.now() - typed, found: ids.length});
            drawFilters(s, q, query, seenTags);
          }
          if (!shown && at < ids.length) return next();
          s.more.hidden = at >= ids.length;
        });
      }
      s.next = next;
      return next();
    }).catch(function (e) {
      if (mine === generation) s.info.textContent = "Search is not available (" + e.message + ").";
    });
  }
  function drawFilters(s, q, query, seen) {
    var have = {};
    q.tags.forEach(function (t) { have[t] = 1; });
    Object.keys(seen).filter(function (t) { return !have[fold(t)]; })
      .sort(function (a, b) { return seen[b] - seen[a] || (a < b ? -1 : 1); }).slice(0, 6)
      .forEach(function (t) {
        var b = el("button", "kb-tag kb-search-filter", "#" + t);
        b.type = "button";
        b.title = "only notes tagged #" + t;
        b.addEventListener("click", function () {
          var input = document.querySelector("[data-md-component=search-query]");
          input.value = query.trim() + " #" + t;
          input.focus();
          show(input.value);
        });
        s.filters.appendChild(b);
      });
  }
  /* for tests and kb bench: every note a query finds (ids, best first), and a note's data */
  window.kbSearch.find = function (query) {
    var q = parse(query), out = [];
    return loadMeta().then(function (m) { return evaluate(m, q); }).then(function (ids) {
      function batch(at) {  // fifty notes at a time, as a reader paging through would
        if (at >= ids.length) return out;
        return Promise.all(ids.slice(at, at + 50).map(function (id) { return loadDoc(id); }))
          .then(function (loaded) {
            loaded.forEach(function (doc, i) {
              if (!doc) throw new Error("note " + ids[at + i] + " could not be read");
              if (holds(doc, q)) out.push(doc.u);
            });
            return batch(at + 50);
          });
      }
      return batch(0);
    });
  };
  function start() {
    var input = document.querySelector("[data-md-component=search-query]") ||
                document.querySelector(".md-search__input");
    if (!input) return;
    input.addEventListener("input", function () { show(input.value); });
    input.addEventListener("focus", function () { loadMeta(); if (input.value) show(input.value); });
    var form = input.form;
    if (form) form.addEventListener("reset", function () { setTimeout(function () { show(""); }, 0); });
    if (input.value) show(input.value);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
