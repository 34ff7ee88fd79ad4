/*
 * vanban-search.js — search in the browser, with no server.
 *
 * Reads the static export that `vanban build` writes under search/ (the file
 * format is described in src/search/export.rs) and ranks with the rules of
 * src/search/ranking.rs: the same query lists, the same BM25 and boosts, the
 * constants and idf values read from the export, the same floating-point
 * operations in the same order, so a record gets the very score the CLI
 * (`vanban search`) gives it. Terms come from vanban-analyzer.js, the twin of
 * the Rust analyzer.
 *
 * Every export file is a classic script calling vanban.shard(name, data); the
 * client adds a <script> per file it needs, on demand, so it works over
 * http(s) and from a folder opened via file:// (no fetch, no modules).
 *
 * How a query is evaluated (threshold algorithm with random access):
 * 1. the first page of every list of the query — its highest-impact
 *    postings — gives the candidates and, for each, a lower and an upper
 *    bound of its score (unread contributions are bounded by the last
 *    contribution read from that list);
 * 2. the candidates whose upper bound could reach the top are *resolved*, those
 *    with the highest known part of their score first: their record file holds their title and text as indexed, from
 *    which the analyzer recomputes every term frequency and field length, so
 *    the score is the exact one (the same operations as the CLI);
 * 3. it stops when the k-th exact score is above every unresolved candidate's
 *    upper bound and above what a record seen in no list could reach; else it
 *    reads further pages.
 * The results are then exactly the CLI's, scores included. To bound what one
 * query downloads, at most MAX_RESOLUTIONS records (in record files of
 * manifest.recordBlock records each) and manifest.extraPages later pages
 * (the export holds no more) are read:
 * on a large site, a query of very common words can stop
 * before the test passes, and its top results are then the best found (the
 * first results almost always agree; scripts/bench-search measures it).

 * API (browser): window.vanban.search(query, {limit}) → Promise of
 * [{number, title, url, anchor, score, snippet}], url site-relative, snippet
 * HTML with <mark>. Under node: require() returns {createClient, ...}; tests
 * and the benchmark pass their own loader.
 */
(function (root, factory) {
  'use strict';
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = factory(require('./vanban-analyzer.js'), null);
  } else {
    factory(root.vanbanAnalyzer, root);
  }
}(typeof globalThis !== 'undefined' ? globalThis : this, function (A, win) {
  'use strict';

  var SNIPPET_SYLLABLES = 30;
  // Record files read to score candidates exactly, at most, per query, and
  // how many are read at once.
  var MAX_RESOLUTIONS = 32;
  var RESOLVE_BATCH = 8;
  var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var DIGIT = new Array(128).fill(0);
  for (var d = 0; d < 64; d++) DIGIT[ALPHABET.charCodeAt(d)] = d;

  // Postings string (export.rs) → [key, tf, norm id, key, tf, norm id, ...].
  function decode(s) {
    var out = [];
    var j = 0;
    function digits(n) {
      var v = 0;
      for (var k = 0; k < n; k++) v = v * 64 + DIGIT[s.charCodeAt(j++)];
      return v;
    }
    while (j < s.length) {
      var key = digits(4);
      var tf = digits(1);
      if (tf === 63) tf = digits(6);
      out.push(key, tf, digits(2));
    }
    return out;
  }

  // FNV-1a 32-bit over UTF-16 code units (export.rs).
  function fnv1a(key) {
    var h = 0x811c9dc5;
    for (var i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i);
      h = Math.imul(h, 16777619) >>> 0;
    }
    return h >>> 0;
  }

  function unique(terms) {
    var out = [];
    terms.forEach(function (t) { if (out.indexOf(t) < 0) out.push(t); });
    return out;
  }

  // ranking.rs Plan::new.
  function plan(query) {
    var lists = [];
    var seen = {};
    function push(field, terms) {
      terms.forEach(function (term) {
        var key = field + ':' + term;
        if (!seen[key]) { seen[key] = true; lists.push({ field: field, term: term, key: key }); }
      });
    }
    var folded = unique(A.foldedTerms(query));
    push('f', folded);
    if (A.hasDiacritics(query)) push('e', unique(A.exactTerms(query)));
    push('p', unique(A.pairTerms(query)));
    push('t', folded);
    return { lists: lists, numbers: A.queryNumbers(query), highlight: folded };
  }

  function escapeHtml(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  // The passage with the most distinct query terms, as HTML with <mark>.
  function snippet(text, terms) {
    text = A.nfc(text);
    var syl = A.syllables(text);
    if (!syl.length) return '';
    var hit = syl.map(function (t) { return terms.indexOf(A.fold(t.text)) >= 0; });
    var key = syl.map(function (t) { return A.fold(t.text); });
    var best = 0, bestCount = 0;
    for (var s = 0; s < syl.length; s++) {
      var end = Math.min(s + SNIPPET_SYLLABLES, syl.length);
      var found = {};
      var count = 0;
      for (var j = s; j < end; j++) {
        if (hit[j] && !found[key[j]]) { found[key[j]] = true; count++; }
      }
      if (count > bestCount) { best = s; bestCount = count; }
      if (end === syl.length) break;
    }
    var start = Math.max(0, best - 3);
    var stop = Math.min(start + SNIPPET_SYLLABLES, syl.length);
    var from = start === 0 ? 0 : syl[start].start;
    var to = stop === syl.length ? text.length : syl[stop - 1].end;
    var out = from > 0 ? '…' : '';
    var at = from;
    for (var k = start; k < stop; k++) {
      if (hit[k]) {
        out += escapeHtml(text.slice(at, syl[k].start)) + '<mark>' + escapeHtml(text.slice(syl[k].start, syl[k].end)) + '</mark>';
        at = syl[k].end;
      }
    }
    out += escapeHtml(text.slice(at, to));
    if (to < text.length) out += '…';
    return out.replace(/\s+/g, ' ').trim();
  }

  /*
   * A search client over one export. `load(name)` returns a Promise of the
   * data of search/<name>.js.
   */
  function createClient(load) {
    var cache = {};
    function get(name) {
      if (!cache[name]) {
        cache[name] = load(name).catch(function (e) { delete cache[name]; throw e; });
      }
      return cache[name];
    }
    function manifest() { return get('manifest'); }

    function entry(m, key) {
      return get('d/' + (fnv1a(key) % m.shards)).then(function (shard) {
        return Object.prototype.hasOwnProperty.call(shard, key) ? shard[key] : null;
      });
    }

    // Pages of a list: inline postings, or page files (`pageDir` lists a folder).
    function page(e, i) {
      if (e[2] === 0) return Promise.resolve(decode(i === 0 ? e[3] : ''));
      return manifest().then(function (m) {
        return get('p/' + Math.floor(e[3] / m.pageDir) + '/' + e[3] + '-' + i);
      }).then(decode);
    }
    function pageCount(e) { return e[2] === 0 ? 1 : e[2]; }
    // Whether the export holds every posting of a list (df of them).
    function listComplete(m, e) {
      return e[2] === 0 || e[0] <= m.page + (e[2] - 1) * m.pageRest;
    }

    function allPages(e) {
      var ps = [];
      for (var i = 0; i < pageCount(e); i++) ps.push(page(e, i));
      return Promise.all(ps).then(function (pages) { return [].concat.apply([], pages); });
    }

    // The document of a record: records 0..D are the documents; provisions
    // are grouped by document, in document order (facets.docs[d][4..5]).
    var starts = null;
    function docOf(m, facets, rec) {
      if (rec < m.documents) return rec;
      if (!starts) {
        starts = [];
        facets.docs.forEach(function (row, d) { if (row[5] > 0) starts.push([row[4], row[5], d]); });
      }
      var lo = 0, hi = starts.length - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1;
        if (rec < starts[mid][0]) hi = mid - 1;
        else if (rec >= starts[mid][0] + starts[mid][1]) lo = mid + 1;
        else return starts[mid][2];
      }
      return -1;
    }

    function filterOf(m, opts) {
      var wanted = opts.kind || opts.issuer || opts.status || opts.inForce;
      if (!wanted) return Promise.resolve(null);
      return get('facets').then(function (f) {
        return function (rec) {
          var d = docOf(m, f, rec);
          if (d < 0) return false;
          var row = f.docs[d];
          if (opts.kind && f.kinds[row[0]][0] !== opts.kind && f.kinds[row[0]][1] !== opts.kind) return false;
          if (opts.issuer && A.fold(f.issuers[row[1]]) !== A.fold(opts.issuer)) return false;
          var status = f.statuses[row[2]][0];
          if (opts.status && status !== opts.status) return false;
          // Status::kept_by_in_force_filter: in force, in part, or possibly ended.
          if (opts.inForce && status !== 'con-hieu-luc' && status !== 'het-hieu-luc-mot-phan' &&
            status !== 'co-the-da-het-hieu-luc') return false;
          return true;
        };
      });
    }

    // ranking.rs list_weight and contribution, operation for operation.
    function weight(m, field, isDoc) {
      var w = m.weights[field];
      if (isDoc && field !== 't') return w * m.docBody;
      if (isDoc) return w * m.docTitle;
      return w;
    }
    function contribution(m, w, idf, tf, len, avg) {
      return w * idf * (tf * (m.k1 + 1.0)) / (tf + m.k1 * (1.0 - m.b + m.b * len / avg));
    }
    function total(m, c, groups, expired) {
      var sum = 0.0;
      for (var i = 0; i < c.length; i++) sum += c[i];
      var t = sum + m.numberBoost * groups;
      return expired ? t * m.expired : t;
    }

    // A record's file, analysed once: term counts and field lengths of the
    // four indexed fields, exactly as the Rust tokenizers produced them.
    var analysed = new Map();
    function record(m, rec) {
      var block = Math.floor(rec / m.recordBlock);
      var name = 'r/' + Math.floor(block / m.recordDir) + '/' + block;
      return get(name).then(function (file) {
        var a = analysed.get(rec);
        if (!a) {
          var row = expand(file, rec - block * m.recordBlock);
          var count = function (terms) {
            var map = new Map();
            terms.forEach(function (t) { map.set(t, (map.get(t) || 0) + 1); });
            return { tf: map, len: terms.length };
          };
          a = {
            row: row,
            f: count(A.foldedTerms(row[8])),
            e: count(A.exactTerms(row[8])),
            p: count(A.pairTerms(row[8])),
            t: count(A.foldedTerms(row[7])),
            n: row[5] === '' ? A.numberTerms(row[3]) : []
          };
          analysed.set(rec, a);
        }
        return a;
      });
    }

    // Row k of a record file ([HEADS, ROWS], see src/search/export.rs) in
    // the shape the rest of the client reads: [doc, title, url, number,
    // crumb, anchor, expired, title of the record, text].
    function expand(file, k) {
      var x = file[1][k], d = file[0][x[0]], crumb = x[1], title = x[3], text = x[4];
      if (typeof crumb !== 'string') {
        var head = text.slice(0, crumb[1]);
        if (typeof title === 'number') title = head.slice(head.length - title);
        crumb = crumb[0] ? crumb[0] + ' › ' + head : head;
      } else if (typeof title === 'number') {
        title = text.slice(0, title);
      }
      return [d[0], d[1], d[2], d[3], crumb, x[2], d[4], title, text];
    }

    // tantivy's field norm of a length: the largest table value not above it.
    function quantize(m, len) {
      var lo = 0, hi = m.norms.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (m.norms[mid] <= len) lo = mid; else hi = mid - 1;
      }
      return m.norms[lo];
    }

    /* Ranked records: [{rec, score, data}], best first. */
    function rank(query, opts) {
      var limit = opts.limit;
      return manifest().then(function (m) {
        var p = plan(query);
        if (!p.lists.length && !p.numbers.length) return [];
        var n = p.lists.length;
        return Promise.all([
          Promise.all(p.lists.map(function (l) { return entry(m, l.key); })),
          filterOf(m, opts),
          Promise.all(p.numbers.map(function (group) {
            return Promise.all(group.map(function (t) {
              return entry(m, 'n:' + t).then(function (e) { return e ? allPages(e) : []; });
            }));
          }))
        ]).then(function (loaded) {
          var entries = loaded[0], allowed = loaded[1], numberLists = loaded[2];
          var lists = p.lists.map(function (l, i) {
            var e = entries[i];
            return { field: l.field, term: l.term, entry: e, next: 0, done: !e, last: 0, idf: e ? e[1] : 0, avg: m.avg[l.field] };
          });
          var cands = new Map();
          function cand(key) {
            var rec = Math.floor(key / 2);
            var r = cands.get(rec);
            if (!r) {
              r = { rec: rec, c: new Array(n).fill(0), seen: new Array(n).fill(false), groups: 0, score: null };
              cands.set(rec, r);
            }
            return r;
          }
          // Number groups: the lists are complete, so the counts are exact.
          numberLists.forEach(function (group) {
            var counts = new Map();
            group.forEach(function (postings) {
              var mine = new Set();
              for (var i = 0; i < postings.length; i += 3) mine.add(postings[i]);
              mine.forEach(function (k) { counts.set(k, (counts.get(k) || 0) + 1); });
            });
            counts.forEach(function (c, k) { if (c === group.length) cand(k).groups += 1; });
          });
          function read(i, postings) {
            var l = lists[i];
            for (var j = 0; j < postings.length; j += 3) {
              var rec = Math.floor(postings[j] / 2);
              var c = contribution(m, weight(m, l.field, rec < m.documents), l.idf, postings[j + 1], m.norms[postings[j + 2]], l.avg);
              var r = cand(postings[j]);
              r.c[i] = c;
              r.seen[i] = true;
              l.last = c;
            }
            l.next += 1;
            // Read to its end: nothing is left unseen, unless the export
            // left out the list's lowest-impact postings.
            if (l.next >= pageCount(l.entry)) { l.done = true; if (listComplete(m, l.entry)) l.last = 0; }
          }
          function loadPage(i) {
            return page(lists[i].entry, lists[i].next).then(function (ps) { read(i, ps); });
          }
          // The exact score of a candidate, from its record file.
          function resolve(r) {
            return record(m, r.rec).then(function (a) {
              var isDoc = r.rec < m.documents;
              var c = lists.map(function (l) {
                if (!l.entry) return 0;
                var view = a[l.field];
                var tf = view.tf.get(l.term) || 0;
                if (!tf) return 0;
                return contribution(m, weight(m, l.field, isDoc), l.idf, tf, quantize(m, view.len), l.avg);
              });
              r.groups = 0;
              p.numbers.forEach(function (group) {
                if (group.every(function (t) { return a.n.indexOf(t) >= 0; })) r.groups += 1;
              });
              r.score = total(m, c, r.groups, a.row[6] === 1);
              r.data = a.row;
            });
          }
          var extra = 0, resolutions = 0;
          function upper(r) {
            var ub = 0;
            for (var i = 0; i < n; i++) ub += r.seen[i] ? r.c[i] : lists[i].last;
            return ub + m.numberBoost * r.groups;
          }
          function byScore(a, b) { return (b.score - a.score) || (a.rec - b.rec); }
          function step() {
            var done = [], open = [];
            cands.forEach(function (r) {
              if (allowed && !allowed(r.rec)) return;
              if (r.score === null) { r.ub = upper(r); open.push(r); } else if (r.score > 0) done.push(r);
            });
            done.sort(byScore);
            var top = done.slice(0, limit);
            var kth = top.length === limit ? top[limit - 1].score : 0;
            var unseen = 0;
            lists.forEach(function (l) { unseen += l.last; });
            // Candidates that might still enter the top: resolve the best.
            open = open.filter(function (r) { return r.ub > 0 && (top.length < limit || r.ub >= kth); });
            // Most evidence first: the known part of the score, then the bound.
            open.forEach(function (r) { r.lb = total(m, r.c, r.groups, false); });
            open.sort(function (a, b) { return (b.lb - a.lb) || (b.ub - a.ub) || (a.rec - b.rec); });
            if (open.length && resolutions < MAX_RESOLUTIONS) {
              var batch = open.slice(0, Math.min(RESOLVE_BATCH, MAX_RESOLUTIONS - resolutions));
              resolutions += batch.length;
              return Promise.all(batch.map(resolve)).then(step);
            }
            // Records not seen in any list read so far might still beat the top.
            var safe = !open.length && (unseen === 0 || (top.length === limit && unseen < kth));
            if (!safe && extra < m.extraPages) {
              var pick = -1;
              lists.forEach(function (l, i) { if (!l.done && (pick < 0 || l.last > lists[pick].last)) pick = i; });
              if (pick >= 0) { extra += 1; return loadPage(pick).then(step); }
            }
            // Out of budget (or safe): the resolved results, then the best
            // of the others by what is known of them.
            complete = safe;
            var rest = open.map(function (r) { return { rec: r.rec, score: null, lb: total(m, r.c, r.groups, false) }; });
            rest.sort(function (a, b) { return (b.lb - a.lb) || (a.rec - b.rec); });
            var out = top.slice();
            var missing = rest.slice(0, Math.max(0, limit - out.length)).map(function (x) { return cands.get(x.rec); });
            return Promise.all(missing.map(resolve)).then(function () {
              out = out.concat(missing.filter(function (r) { return r.score > 0; }));
              out.sort(byScore);
              return out.slice(0, limit);
            });
          }
          var complete = false;
          var first = [];
          lists.forEach(function (l, i) { if (!l.done) first.push(loadPage(i)); });
          return Promise.all(first).then(step).then(function (top) {
            var out = top.map(function (r) { return { rec: r.rec, score: r.score, data: r.data, highlight: p.highlight }; });
            out.complete = complete;
            return out;
          });
        });
      });
    }

    /* Full results, with display data. */
    function searchFull(query, opts) {
      opts = opts || {};
      var limit = Math.max(1, Math.min(1000, Number(opts.limit) || 10));
      var o = { limit: limit, kind: opts.kind, issuer: opts.issuer, status: opts.status, inForce: opts.inForce };
      if (!String(query || '').trim()) return Promise.resolve([]);
      return rank(String(query), o).then(function (top) {
        var hits = top.map(function (t) {
          var row = t.data;
          var crumb = row[4];
          var own = crumb ? crumb.split(' › ').pop() : row[1];
          var text = row[8];
          if (text.indexOf(own) === 0) text = text.slice(own.length);
          return {
            number: row[3],
            title: crumb ? row[1] + ' › ' + crumb : row[1],
            url: row[2],
            anchor: row[5],
            score: t.score,
            snippet: snippet(text, t.highlight),
            record: t.rec,
            doc: row[0]
          };
        });
        // true when the stopping test passed: these are exactly the CLI's.
        hits.exact = top.complete === true;
        return hits;
      });
    }

    function search(query, opts) {
      return searchFull(query, opts).then(function (hits) {
        return hits.map(function (h) {
          return { number: h.number, title: h.title, url: h.url, anchor: h.anchor, score: h.score, snippet: h.snippet };
        });
      });
    }

    return { search: search, searchFull: searchFull, facets: function () { return get('facets'); }, manifest: manifest };
  }

  var api = { createClient: createClient, plan: plan, fnv1a: fnv1a, snippet: snippet };
  if (!win) return api;

  // ---------------------------------------------------------------------------
  // In the page: the script loader, window.vanban.search and the UI.

  var doc = win.document;
  var vanban = win.vanban = win.vanban || {};
  var form = doc.querySelector('form.search[data-root]');
  var rootHref = form ? form.getAttribute('data-root') : './';
  var offline = form ? form.getAttribute('data-offline') === 'true' : false;
  var waiting = {};
  var arrived = {};

  vanban.shard = function (name, data) {
    arrived[name] = data;
    if (waiting[name]) { waiting[name].resolve(data); delete waiting[name]; }
  };

  // An error whose message is the search's own (Vietnamese), fit to show.
  function ownError(message) {
    var e = new Error(message);
    e.vanban = true;
    return e;
  }

  function scriptLoad(name) {
    if (Object.prototype.hasOwnProperty.call(arrived, name)) return Promise.resolve(arrived[name]);
    return new Promise(function (resolve, reject) {
      waiting[name] = { resolve: resolve, reject: reject };
      var s = doc.createElement('script');
      s.src = rootHref + 'search/' + name + '.js';
      s.async = true;
      s.onload = function () {
        s.remove();
        if (waiting[name]) { delete waiting[name]; reject(ownError('tệp tìm kiếm hỏng: ' + name)); }
      };
      s.onerror = function () {
        s.remove();
        delete waiting[name];
        reject(ownError('không tải được tệp tìm kiếm: ' + name));
      };
      doc.head.appendChild(s);
    });
  }

  var client = createClient(scriptLoad);
  vanban.search = client.search;
  vanban.searchFull = client.searchFull;

  function href(h) {
    var path = rootHref + h.url + (offline && (h.url === '' || /\/$/.test(h.url)) ? 'index.html' : '');
    return path + (h.anchor ? '#' + h.anchor : '');
  }
  vanban.href = href;

  function splitTitle(title) {
    var parts = title.split(' › ');
    return { own: parts[parts.length - 1], crumb: parts.slice(0, -1).join(' › ') };
  }

  // A result link; `option` makes it an option of the header's listbox.
  function hitHtml(h, id, option) {
    var t = splitTitle(h.title);
    var crumb = t.crumb ? escapeHtml(t.crumb) + ' · ' : '';
    return '<a class="hit" id="' + id + '" href="' + escapeHtml(href(h)) + '"' +
      (option ? ' role="option" aria-selected="false"' : '') + '>' +
      '<span class="t">' + escapeHtml(t.own) + '</span>' +
      '<span class="crumb">' + crumb + escapeHtml(h.number) + '</span>' +
      (h.snippet ? '<span class="snip">' + h.snippet + '</span>' : '') + '</a>';
  }

  // --- Header box: results as you type ---------------------------------------
  // #ket-qua-nhanh holds the listbox of results and a status line for "no
  // results" and errors (a listbox may hold options only).
  var input = doc.getElementById('q');
  var box = doc.getElementById('ket-qua-nhanh');
  var listbox = doc.getElementById('ket-qua-nhanh-ds');
  var note = box && box.querySelector('.none');
  if (form && input && box && listbox && note) {
    var seq = 0;
    var timer = null;
    var selected = -1;
    var options = function () { return box.querySelectorAll('a.hit'); };
    var select = function (i) {
      var list = options();
      if (!list.length) return;
      selected = (i + list.length) % list.length;
      for (var k = 0; k < list.length; k++) list[k].setAttribute('aria-selected', k === selected ? 'true' : 'false');
      input.setAttribute('aria-activedescendant', list[selected].id);
      list[selected].scrollIntoView({ block: 'nearest' });
    };
    var hide = function () {
      box.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      selected = -1;
    };
    var show = function (hits, message) {
      listbox.innerHTML = hits.map(function (h, i) { return hitHtml(h, 'kqn-' + i, true); }).join('');
      listbox.hidden = !hits.length;
      note.textContent = message;
      note.hidden = !message;
      box.hidden = false;
      input.setAttribute('aria-expanded', hits.length ? 'true' : 'false');
      input.removeAttribute('aria-activedescendant');
    };
    var run = function () {
      var q = input.value;
      var mine = ++seq;
      if (!q.trim()) { listbox.innerHTML = ''; hide(); return; }
      client.searchFull(q, { limit: 8 }).then(function (hits) {
        if (mine !== seq) return;
        selected = -1;
        show(hits, hits.length ? '' : 'Không tìm thấy kết quả cho “' + q + '”.');
        box.setAttribute('data-query', q);
      }, function (e) {
        if (mine !== seq) return;
        selected = -1;
        show([], 'Không tải được chỉ mục tìm kiếm' + (e && e.vanban ? ' (' + e.message + ').' : '.'));
      });
    };
    input.setAttribute('aria-expanded', 'false');
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(run, 60);
    });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'ArrowDown') { ev.preventDefault(); if (box.hidden) run(); else select(selected + 1); }
      else if (ev.key === 'ArrowUp') { ev.preventDefault(); select(selected - 1); }
      else if (ev.key === 'Escape') {
        // First Escape closes the results; the next one clears the box (the browser's own).
        if (!box.hidden) { ev.preventDefault(); hide(); }
      }
      else if (ev.key === 'Enter') {
        var list = options();
        if (!box.hidden && list.length && box.getAttribute('data-query') === input.value) {
          ev.preventDefault();
          win.location.href = list[selected >= 0 ? selected : 0].href;
        }
      }
    });
    doc.addEventListener('click', function (ev) {
      if (!form.contains(ev.target)) hide();
    });
  }

  // --- The search page (tim-kiem/) -------------------------------------------
  var page = doc.getElementById('tim-kiem');
  if (page) {
    var pq = doc.getElementById('tk-q');
    var kind = doc.getElementById('tk-loai');
    var issuer = doc.getElementById('tk-co-quan');
    var status = doc.getElementById('tk-tinh-trang');
    var out = doc.getElementById('tk-ket-qua');
    var info = doc.getElementById('tk-thong-tin');
    var params = new URLSearchParams(win.location.search);
    pq.value = params.get('q') || '';
    if (input && !input.value) input.value = pq.value;
    var fill = function (select, rows, value) {
      rows.forEach(function (r) {
        var o = doc.createElement('option');
        o.value = r[0];
        o.textContent = r[1];
        select.appendChild(o);
      });
      if (value) select.value = value;
    };
    var pseq = 0;
    var go = function () {
      var q = pq.value;
      var mine = ++pseq;
      var url = new URL(win.location.href);
      url.search = '';
      if (q) url.searchParams.set('q', q);
      if (kind.value) url.searchParams.set('loai', kind.value);
      if (issuer.value) url.searchParams.set('co-quan', issuer.value);
      if (status.value) url.searchParams.set('tinh-trang', status.value);
      try { win.history.replaceState(null, '', url.href); } catch (e) { /* file:// in some browsers */ }
      if (!q.trim()) { out.innerHTML = ''; info.textContent = 'Gõ từ khóa có dấu hoặc không dấu, hoặc số hiệu văn bản.'; return; }
      info.textContent = 'Đang tìm…';
      client.searchFull(q, { limit: 50, kind: kind.value, issuer: issuer.value, status: status.value }).then(function (hits) {
        if (mine !== pseq) return;
        info.textContent = hits.length ? hits.length + ' kết quả cho “' + q + '”' + (hits.length === 50 ? ' (50 kết quả đầu)' : '') + '.' : 'Không tìm thấy kết quả cho “' + q + '”.';
        out.innerHTML = hits.map(function (h, i) { return '<li>' + hitHtml(h, 'tk-' + i, false) + '</li>'; }).join('');
      }, function (e) {
        // The browser's own messages (network, parsing) are in its language:
        // only the search's own messages, in Vietnamese, are shown.
        info.textContent = 'Không tải được chỉ mục tìm kiếm' + (e && e.vanban ? ': ' + e.message : '.');
      });
    };
    client.facets().then(function (f) {
      fill(kind, f.kinds, params.get('loai'));
      fill(issuer, f.issuers.map(function (x) { return [x, x]; }), params.get('co-quan'));
      fill(status, f.statuses, params.get('tinh-trang'));
      go();
    }, function () { go(); });
    var ptimer = null;
    pq.addEventListener('input', function () { clearTimeout(ptimer); ptimer = setTimeout(go, 80); });
    [kind, issuer, status].forEach(function (s) { s.addEventListener('change', go); });
    doc.getElementById('tk-form').addEventListener('submit', function (ev) { ev.preventDefault(); go(); });
    pq.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter') {
        var first = out.querySelector('a.hit');
        if (first) { ev.preventDefault(); win.location.href = first.href; }
      }
    });
  }
  return api;
}));
