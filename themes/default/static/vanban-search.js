/*
 * vanban-search.js — search in the browser, with no server.
 *
 * Reads the static export that `vanban build` writes under search/ (the file
 * format is described in src/search/export.rs) and ranks with the rules of
 * src/search/ranking.rs: the same query lists, the same BM25 and boosts, the
 * constants read from the export and the idf computed from the document
 * frequency with the same logarithm (fdlibm's, below) and the same
 * floating-point operations in the same order, so a record gets the very
 * score the CLI (`vanban search`) gives it. Terms come from
 * vanban-analyzer.js, the twin of the Rust analyzer.
 *
 * Every export file is a classic script calling vanban.shard(name, data); the
 * client adds a <script> per file it needs, on demand, so it works over
 * http(s) and from a folder opened via file:// (no fetch, no modules). Packed
 * data is raw DEFLATE in base64url, inflated here.
 *
 * A query is answered in four steps, each one round of requests made at
 * once (a step whose files are already loaded costs none):
 * 1. the manifest and the index pages of the query's words;
 * 2. the dictionary shards of its lists: each list's highest-impact
 *    postings, with the tf and field length of each, so the contribution of
 *    every posting read is exact, and the bound of the postings left out; a
 *    record's lower and upper bounds follow; with them, the shards of the
 *    names table that may hold the laws and numbers the query names (then
 *    the query is read as src/search/named.rs reads it: the lists of the
 *    words it asks besides the names are among those loaded);
 * 3. the record directories of the candidates that may end in the top;
 * 4. the record packs of those candidates: their title and text as indexed,
 *    from which the analyzer recomputes every term frequency and field
 *    length, so each score is the exact one (the same operations as the CLI).
 * The results are the best resolved records. When the stopping test passes
 * (no unresolved candidate and no unseen record can reach the k-th score)
 * they are exactly the CLI's, scores included: always on a site whose lists
 * the export holds whole; otherwise they are the best found
 * (scripts/bench-search measures how often they agree).

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
  // Index pages (export.rs INDEX_PAGES): known before the manifest, so that
  // a word's index page loads along with it.
  var INDEX_PAGES = 64;
  // Records resolved (their packs read) per query beyond the limit, at most.
  var EXTRA_RESOLUTIONS = 6;
  var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var DIGIT = new Uint8Array(128);
  for (var d = 0; d < 64; d++) DIGIT[ALPHABET.charCodeAt(d)] = d;
  var UTF8 = new TextDecoder();

  // base64url (no padding) → bytes.
  function unbase64(s) {
    var out = new Uint8Array((s.length * 3) >> 2);
    var acc = 0, bits = 0, j = 0;
    for (var i = 0; i < s.length; i++) {
      acc = (acc << 6) | DIGIT[s.charCodeAt(i)];
      bits += 6;
      if (bits >= 8) { bits -= 8; out[j++] = (acc >> bits) & 255; acc &= (1 << bits) - 1; }
    }
    return out;
  }

  // Raw DEFLATE (RFC 1951) → bytes.
  var LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
  var LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  var DBASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
  var DEXT = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
  var CLORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  // A canonical Huffman code from code lengths: counts per length, symbols
  // in code order.
  function huffman(lengths) {
    var count = new Uint16Array(16), offs = new Uint16Array(16), sym = new Uint16Array(lengths.length);
    for (var i = 0; i < lengths.length; i++) count[lengths[i]]++;
    count[0] = 0;
    for (i = 1; i < 16; i++) offs[i] = offs[i - 1] + count[i - 1];
    for (i = 0; i < lengths.length; i++) if (lengths[i]) sym[offs[lengths[i]]++] = i;
    return { count: count, sym: sym };
  }
  var FIXED_LIT, FIXED_DIST;
  function inflate(src) {
    var out = new Uint8Array(Math.max(1024, src.length * 4)), len = 0;
    var pos = 0, buf = 0, cnt = 0;
    function need(n) {
      if (len + n <= out.length) return;
      var o = new Uint8Array(Math.max(out.length * 2, len + n));
      o.set(out.subarray(0, len));
      out = o;
    }
    function bits(n) {
      while (cnt < n) {
        if (pos >= src.length) throw new Error('dữ liệu nén hỏng');
        buf |= src[pos++] << cnt; cnt += 8;
      }
      var v = buf & ((1 << n) - 1);
      buf >>>= n; cnt -= n;
      return v;
    }
    function decode(h) {
      var code = 0, first = 0, index = 0;
      for (var l = 1; l < 16; l++) {
        code |= bits(1);
        var c = h.count[l];
        if (code - first < c) return h.sym[index + code - first];
        index += c; first = (first + c) << 1; code <<= 1;
      }
      throw new Error('dữ liệu nén hỏng');
    }
    if (!FIXED_LIT) {
      var l = new Uint8Array(288);
      for (var i = 0; i < 288; i++) l[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
      FIXED_LIT = huffman(l);
      FIXED_DIST = huffman(new Uint8Array(30).fill(5));
    }
    var last = 0;
    while (!last) {
      last = bits(1);
      var type = bits(2);
      if (type === 0) {
        buf = 0; cnt = 0;
        var n = src[pos] | (src[pos + 1] << 8);
        pos += 4;
        need(n);
        out.set(src.subarray(pos, pos + n), len);
        pos += n; len += n;
        continue;
      }
      var lit = FIXED_LIT, dist = FIXED_DIST;
      if (type === 2) {
        var hlit = bits(5) + 257, hdist = bits(5) + 1, hclen = bits(4) + 4;
        var cl = new Uint8Array(19);
        for (i = 0; i < hclen; i++) cl[CLORDER[i]] = bits(3);
        var clh = huffman(cl), lengths = new Uint8Array(hlit + hdist);
        for (i = 0; i < hlit + hdist;) {
          var s = decode(clh);
          if (s < 16) { lengths[i++] = s; continue; }
          var prev = 0, rep;
          if (s === 16) { prev = lengths[i - 1]; rep = 3 + bits(2); } else if (s === 17) rep = 3 + bits(3); else rep = 11 + bits(7);
          while (rep--) lengths[i++] = prev;
        }
        lit = huffman(lengths.subarray(0, hlit));
        dist = huffman(lengths.subarray(hlit));
      } else if (type !== 1) {
        throw new Error('dữ liệu nén hỏng');
      }
      for (;;) {
        var sym = decode(lit);
        if (sym < 256) { need(1); out[len++] = sym; continue; }
        if (sym === 256) break;
        sym -= 257;
        var length = LBASE[sym] + bits(LEXT[sym]);
        var ds = decode(dist);
        var back = DBASE[ds] + bits(DEXT[ds]);
        need(length);
        for (var k = 0; k < length; k++, len++) out[len] = out[len - back];
      }
    }
    return out.subarray(0, len);
  }

  // The bytes of packed data (base64url of raw DEFLATE).
  function unpack(data) { return inflate(unbase64(data)); }

  // Reads unsigned LEB128 varints and strings from bytes.
  function Reader(bytes) { this.b = bytes; this.i = 0; }
  Reader.prototype.varint = function () {
    var v = 0, m = 1, x;
    do { x = this.b[this.i++]; v += (x & 127) * m; m *= 128; } while (x >= 128);
    return v;
  };
  Reader.prototype.string = function () {
    var n = this.varint();
    var s = UTF8.decode(this.b.subarray(this.i, this.i + n));
    this.i += n;
    return s;
  };
  // (tf, field-norm id) pairs that bound a list's unread postings: those of
  // provisions, then those of documents (export.rs).
  Reader.prototype.bound = function () {
    var out = [];
    for (var part = 0; part < 2; part++) {
      var n = this.varint(), pairs = [];
      for (var i = 0; i < n; i++) { var tf = this.varint(); pairs.push(tf, this.b[this.i++]); }
      out.push(pairs);
    }
    return out;
  };
  // n postings sorted by record (export.rs): {rec, tf, norm} (norm: the
  // field-norm id, text lists only).
  Reader.prototype.postings = function (n, text) {
    var rec = new Array(n), tf = new Array(n), norm = null, next = 0, i;
    for (i = 0; i < n; i++) {
      var v = this.varint();
      var gap = text ? Math.floor(v / 2) : v;
      rec[i] = next + gap;
      next = rec[i] + 1;
      tf[i] = text && v % 2 ? -1 : 1;
    }
    if (text) {
      for (i = 0; i < n; i++) if (tf[i] < 0) tf[i] = this.varint() + 2;
      norm = this.b.subarray(this.i, this.i + n);
      this.i += n;
    }
    return { rec: rec, tf: tf, norm: norm };
  };

  function isText(key) { return key.charCodeAt(0) !== 110; } // not 'n:'

  // A dictionary shard → Map key → {df, after, postings}: `after` bounds
  // the postings the export leaves out (null when it holds them all).
  function parseShard(data) {
    var r = new Reader(unpack(data)), map = new Map();
    for (var n = r.varint(); n > 0; n--) {
      var key = r.string(), text = isText(key);
      var df = r.varint(), kept = r.varint();
      var after = text && df > kept ? r.bound() : null;
      map.set(key, { df: df, after: after, postings: r.postings(kept, text) });
    }
    return map;
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

  // ranking.rs ln: fdlibm's logarithm, operation for operation.
  var F64 = new Float64Array(1), U32 = new Uint32Array(F64.buffer);
  var HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0, LO = 1 - HI;
  function ln(x) {
    var LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
    var LG1 = 6.666666666666735130e-01, LG2 = 3.999999999940941908e-01, LG3 = 2.857142874366239149e-01;
    var LG4 = 2.222219843214978396e-01, LG5 = 1.818357216161805012e-01, LG6 = 1.531383769920937332e-01;
    var LG7 = 1.479819860511658591e-01;
    if (!(x >= 2.2250738585072014e-308 && x < Infinity)) return Math.log(x);
    F64[0] = x;
    var hx = U32[HI] | 0;
    var k = (hx >> 20) - 1023;
    hx &= 0x000fffff;
    var i = (hx + 0x95f64) & 0x100000;
    U32[HI] = hx | (i ^ 0x3ff00000);
    k += i >> 20;
    var f = F64[0] - 1.0, dk = k, r;
    if ((0x000fffff & (2 + hx)) < 3) {
      if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
      r = f * f * (0.5 - 0.33333333333333333 * f);
      return k === 0 ? f - r : dk * LN2_HI - ((r - dk * LN2_LO) - f);
    }
    var s = f / (2.0 + f), z = s * s, w = z * z;
    i = hx - 0x6147a;
    var j = 0x6b851 - hx;
    var t1 = w * (LG2 + w * (LG4 + w * LG6));
    var t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    i |= j;
    r = t2 + t1;
    if (i > 0) {
      var hfsq = 0.5 * f * f;
      return k === 0 ? f - (hfsq - s * (hfsq + r)) : dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f);
    }
    return k === 0 ? f - s * (f - r) : dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f);
  }
  // ranking.rs idf.
  function idf(n, df) { return ln(1.0 + (n - df + 0.5) / (df + 0.5)); }

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

  // named.rs: what a query names, step for step.
  function syllablesOf(query) {
    var text = A.nfc(query), syl = A.syllables(text);
    return { text: text, syl: syl, folded: syl.map(function (t) { return A.fold(t.text); }) };
  }
  // A provision number (5, 5a), lower case, or null.
  function provisionNumber(q, i) {
    if (i >= q.syl.length) return null;
    var t = q.syl[i].text;
    return /^[0-9][0-9A-Za-z]*$/.test(t) ? t.toLowerCase() : null;
  }
  // One letter (a, đ), lower case, or null.
  function provisionLetter(q, i) {
    if (i >= q.syl.length) return null;
    var t = q.syl[i].text.toLowerCase();
    return t.length === 1 && (/[a-z]/.test(t) || t === 'đ') ? t : null;
  }
  // citation.rs ProvisionRef::anchor.
  function idPart(v) {
    var out = '';
    for (var i = 0; i < v.length; i++) {
      var c = v[i];
      if (c === 'đ') out += 'dd';
      else if (/[a-z0-9]/.test(c)) out += c;
    }
    return out;
  }
  function provisions(q, used) {
    var out = [];
    var is = function (j, w) { return j < q.folded.length && q.folded[j] === w; };
    var letter = function (j) { return is(j, 'diem') ? provisionLetter(q, j + 1) : null; };
    var clause = function (j) { return is(j, 'khoan') ? provisionNumber(q, j + 1) : null; };
    var i = 0;
    while (i < q.syl.length) {
      var j = i, diem = letter(j), khoan = null;
      if (diem !== null) j += 2;
      khoan = clause(j);
      if (khoan !== null) j += 2;
      var dieu = is(j, 'dieu') ? provisionNumber(q, j + 1) : null;
      if (dieu === null) { i += 1; continue; }
      j += 2;
      if (khoan === null) { khoan = clause(j); if (khoan !== null) j += 2; }
      if (diem === null) { diem = letter(j); if (diem !== null) j += 2; }
      var article = 'dieu-' + idPart(dieu);
      var anchor = article + (khoan !== null ? '-khoan-' + idPart(khoan) : '') + (diem !== null ? '-diem-' + idPart(diem) : '');
      out.push({ anchor: anchor, article: article });
      for (var k = i; k < j; k++) used[k] = true;
      i = j;
    }
    return out;
  }
  // named.rs Cited::ids: the provision's id, then those of what holds it.
  function citedIds(c) {
    var out = [c.anchor], id = c.anchor;
    while (id !== c.article) {
      var cut = Math.max(id.lastIndexOf('-khoan-'), id.lastIndexOf('-diem-'));
      if (cut < 0) break;
      id = id.slice(0, cut);
      out.push(id);
    }
    return out;
  }
  function cited(query) {
    var q = syllablesOf(query);
    return provisions(q, new Array(q.syl.length).fill(false));
  }
  function namingNumbers(query) {
    return A.queryNumbers(query).filter(function (g) { return g.length >= 2; });
  }
  // named.rs read: isName(key) tells whether a folded run is a name; kinds
  // are the kinds of documents as folded words; numbered the number terms
  // of the documents the query's numbers name.
  function read(query, isName, kinds, numbered) {
    var q = syllablesOf(query), n = q.syl.length;
    var used = new Array(n).fill(false);
    var cites = provisions(q, used);
    var citation = used.slice();
    var numbers = namingNumbers(query);
    var parts = [];
    var split = function (t) { t.split(/[/-]/).forEach(function (x) { parts.push(x); }); };
    numbers.forEach(function (g) { g.forEach(split); });
    numbered.forEach(split);
    var number = new Array(n).fill(false);
    var i, k;
    for (i = 0; i < n; i++) {
      if (!used[i] && parts.indexOf(q.folded[i]) >= 0) { used[i] = true; number[i] = true; }
    }
    for (i = 0; i < n; i++) {
      if (!number[i] || (i > 0 && number[i - 1])) continue;
      var end = i;
      if (end > 0 && !used[end - 1] && q.folded[end - 1] === 'so') { used[end - 1] = true; end -= 1; }
      var best = 0;
      kinds.forEach(function (kind) {
        if (kind.length > end) return;
        for (var j = 0; j < kind.length; j++) {
          var at = end - kind.length + j;
          if (used[at] || q.folded[at] !== kind[j]) return;
        }
        best = Math.max(best, kind.length);
      });
      for (k = end - best; k < end; k++) used[k] = true;
    }
    // What follows a number's `về`, to the end of the clause, is the
    // document's subject.
    var breaks = function (j) { return A.breaksPair(q.text.slice(q.syl[j - 1].end, q.syl[j].start)); };
    for (i = 0; i < n; i++) {
      if (!number[i] || i + 1 >= n || number[i + 1]) continue;
      var j = i + 1;
      if (used[j] || q.folded[j] !== 've' || breaks(j)) continue;
      while (j < n && !used[j] && (j === i + 1 || !breaks(j))) { used[j] = true; j += 1; }
    }
    var names = [];
    i = 0;
    while (i < n) {
      if (used[i]) { i += 1; continue; }
      var free = 0;
      while (i + free < n && !used[i + free]) free += 1;
      var found = 0, key = null;
      for (var len = free; len >= 2; len--) {
        key = q.folded.slice(i, i + len).join(' ');
        if (isName(key)) { found = len; break; }
      }
      if (found) {
        for (k = i; k < i + found; k++) used[k] = true;
        if (names.indexOf(key) < 0) names.push(key);
        i += found;
      } else {
        i += 1;
      }
    }
    var reading = { cited: cites, names: names, numbers: numbers, rest: null, plain: null };
    var without = function (marked) {
      var out = '', at = 0;
      q.syl.forEach(function (t, x) {
        if (marked[x]) { out += q.text.slice(at, t.start) + ','; at = t.end; }
      });
      return out + q.text.slice(at);
    };
    if (names.length || numbers.length) {
      var rest = without(used);
      if (A.foldedTerms(rest).length) reading.rest = rest;
      reading.plain = without(citation);
    }
    return reading;
  }
  // ranking.rs Plan::read.
  function planRead(query, reading) {
    var p = plan(reading.rest !== null ? reading.rest : reading.plain !== null ? reading.plain : query);
    p.numbers = reading.numbers;
    p.highlight = unique(A.foldedTerms(query));
    return p;
  }
  // names.rs shard_key.
  function shardKey(key) { return key.split(' ').slice(0, 2).join(' '); }

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
    // A file, parsed once.
    var parsed = {};
    function getParsed(name, parse) {
      if (!parsed[name]) {
        parsed[name] = get(name).then(parse).catch(function (e) { delete parsed[name]; throw e; });
      }
      return parsed[name];
    }
    function manifest() { return get('manifest'); }

    // The name of content-addressed file number `i` of an index page or a
    // directory: 8 characters each.
    function nameAt(list, i) { return list.substr(i * 8, 8); }

    // The index page of a list (export.rs): of pair shards or word shards.
    function indexPage(key, h) { return 'i/' + (key.charCodeAt(0) === 112 ? 'p' : 'w') + (h % INDEX_PAGES); }
    // A list's dictionary entry (null when the term is not in the index),
    // in the shard its index page names.
    function entry(m, key, h) {
      var count = key.charCodeAt(0) === 112 ? m.pairShards : m.wordShards;
      return get(indexPage(key, h)).then(function (page) {
        return getParsed('d/' + nameAt(page, Math.floor((h % count) / INDEX_PAGES)), parseShard);
      }).then(function (shard) { return shard.get(key) || null; });
    }

    // Record packs: the packs of documents, then those of provisions.
    function packOf(m, rec) {
      if (rec < m.documents) return Math.floor(rec / m.documentPack);
      return Math.ceil(m.documents / m.documentPack) + Math.floor((rec - m.documents) / m.provisionPack);
    }
    function packStart(m, p) {
      var docPacks = Math.ceil(m.documents / m.documentPack);
      return p < docPacks ? p * m.documentPack : m.documents + (p - docPacks) * m.provisionPack;
    }
    function directoryName(m, p) { return 'ri/' + nameAt(m.directories, Math.floor(p / m.directoryPacks)); }
    // The name of a pack whose directory is loaded (else null).
    var directories = {};
    function packName(m, p) {
      var dir = directories[directoryName(m, p)];
      return dir === undefined ? null : 'r/' + nameAt(dir, p % m.directoryPacks);
    }
    function loadDirectory(m, p) {
      var name = directoryName(m, p);
      return get(name).then(function (d) { directories[name] = d; });
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

    function parsedPack(name) {
      return getParsed(name, function (data) { return JSON.parse(UTF8.decode(unpack(data))); });
    }

    // The filters' choices (kinds, issuers, statuses): small, for the lists.
    function facets() {
      return manifest().then(function (m) { return parsedPack(m.facets); });
    }

    // The choices with each document's row (docs), for a query with a filter.
    function facetsWithRows(m) {
      return Promise.all([parsedPack(m.facets), parsedPack(m.facetRows)]).then(function (both) {
        return { kinds: both[0].kinds, issuers: both[0].issuers, statuses: both[0].statuses, docs: both[1].docs };
      });
    }

    function filterOf(m, opts) {
      var wanted = opts.kind || opts.issuer || opts.status || opts.inForce;
      if (!wanted) return Promise.resolve(null);
      return facetsWithRows(m).then(function (f) {
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
    function total(m, c, units, expired) {
      var sum = 0.0;
      for (var i = 0; i < c.length; i++) sum += c[i];
      var t = sum + m.numberBoost * units;
      return expired ? t * m.expired : t;
    }

    // A record, analysed once: term counts and field lengths of the four
    // indexed fields, exactly as the Rust tokenizers produced them.
    var analysed = new Map();
    function record(m, file, rec) {
      var a = analysed.get(rec);
      if (!a) {
        var row = expand(file, rec - packStart(m, packOf(m, rec)));
        var count = function (terms) {
          var map = new Map();
          terms.forEach(function (t) { map.set(t, (map.get(t) || 0) + 1); });
          return { tf: map, len: terms.length };
        };
        var views = A.textTerms(row[8]);
        a = {
          row: row,
          f: count(views.folded),
          e: count(views.exact),
          p: count(views.pairs),
          t: count(A.foldedTerms(row[7])),
          n: row[5] === '' ? A.numberTerms(row[3]) : []
        };
        analysed.set(rec, a);
      }
      return a;
    }
    function parsePack(data) { return JSON.parse(UTF8.decode(unpack(data))); }

    // Row k of a record pack ([HEADS, ROWS], see src/search/export.rs) in
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

    // ranking.rs units.
    function units(m, named, isDoc, within, reached, isCited) {
      if (!named) return 0;
      if (isDoc) return within ? named * m.docWithin : named;
      var u = within && reached ? named : 0;
      if (isCited) u += m.cited;
      return u;
    }

    // The names table's shards that may hold the names and numbers of a
    // query (names.rs): those of its first words of names and its numbers.
    function nameShards(m, q, numbers) {
      var count = m.names.length / 8, out = {};
      if (!count) return [];
      var add = function (key) { out['l/' + nameAt(m.names, fnv1a(shardKey(key)) % count)] = true; };
      for (var i = 0; i + 1 < q.folded.length; i++) {
        if (m.nameStarts.indexOf(q.folded[i]) >= 0) add(q.folded[i] + ' ' + q.folded[i + 1]);
      }
      numbers.forEach(function (g) { add('#' + g[0]); });
      return Object.keys(out);
    }

    /* Ranked records: [{rec, score, data, anchor}], best first. */
    function rank(query, opts) {
      var limit = opts.limit;
      var all = plan(query);
      var groups = namingNumbers(query);
      if (!all.lists.length && !groups.length) return Promise.resolve([]);
      // Every list the query may need, whatever it names: the lists of the
      // words it asks besides are among those of the whole query.
      var articleKeys = unique([].concat.apply([], cited(query).map(citedIds)).map(function (id) { return 'n:@' + id; }));
      var keys = all.lists.map(function (l) { return l.key; }).concat(articleKeys);
      // A list is placed by its term (export.rs).
      var hashes = keys.map(function (k) { return fnv1a(k.slice(2)); });
      var m;
      // Step 1: the manifest and the index pages.
      var pages = unique(keys.map(function (k, i) { return indexPage(k, hashes[i]); }));
      return Promise.all([manifest()].concat(pages.map(get))).then(function (first) {
        m = first[0];
        // Step 2: the dictionary shards and the names table's (and the
        // facets, to filter).
        var tables = nameShards(m, syllablesOf(query), groups);
        return Promise.all([
          Promise.all(keys.map(function (k, i) { return entry(m, k, hashes[i]); })),
          filterOf(m, opts),
          Promise.all(tables.map(function (name) { return getParsed(name, parsePack); }))
        ]);
      }).then(function (loaded) {
        var allowed = loaded[1];
        var byKey = new Map();
        keys.forEach(function (k, i) { byKey.set(k, loaded[0][i]); });
        var table = new Map();
        loaded[2].forEach(function (t) { Object.keys(t).forEach(function (k) { table.set(k, t[k]); }); });
        // The documents named: doc → {count, first, n} (their provisions
        // are records first..first+n).
        var named = new Map();
        var name = function (e) {
          var d = named.get(e[0]);
          if (!d) { d = { count: 0, first: e[1], n: e[2] }; named.set(e[0], d); }
          d.count += 1;
        };
        var numbered = [];
        groups.forEach(function (g) {
          (table.get('#' + g[0]) || []).forEach(function (e) {
            var terms = A.numberTerms(e[3]);
            if (g.every(function (t) { return terms.indexOf(t) >= 0; })) { name(e); numbered = numbered.concat(terms); }
          });
        });
        var reading = read(query, function (key) { return table.has(key); }, m.kinds, numbered);
        var p = planRead(query, reading);
        var within = reading.rest !== null;
        reading.names.forEach(function (k) { (table.get(k) || []).forEach(name); });
        var runs = [];
        named.forEach(function (d, doc) { runs.push({ doc: doc, d: d }); });
        function docOfNamed(rec) {
          if (rec < m.documents) return named.has(rec) ? rec : -1;
          for (var i = 0; i < runs.length; i++) {
            var d = runs[i].d;
            if (rec >= d.first && rec < d.first + d.n) return runs[i].doc;
          }
          return -1;
        }
        function namedCount(rec) {
          var doc = docOfNamed(rec);
          return doc < 0 ? 0 : named.get(doc).count;
        }
        // The articles cited, in the documents named: record → provision id.
        var citedAt = new Map();
        reading.cited.forEach(function (c) {
          citedIds(c).forEach(function (id) {
            var e = byKey.get('n:@' + id);
            if (!e) return;
            e.postings.rec.forEach(function (rec) {
              if (rec >= m.documents && docOfNamed(rec) >= 0 && !citedAt.has(rec)) citedAt.set(rec, id);
            });
          });
        });
        var n = p.lists.length;
        var lists = p.lists.map(function (l) {
          var e = byKey.get(l.key) || null;
          return {
            field: l.field, term: l.term, key: l.key, entry: e,
            idf: e ? idf(m.records, e.df) : 0, avg: m.avg[l.field], last: 0
          };
        });
        var cands = new Map();
        function cand(rec) {
          var r = cands.get(rec);
          if (!r) {
            // Typed arrays: zeroed on creation, and a query may make thousands.
            r = { rec: rec, c: new Float64Array(n), seen: new Uint8Array(n), named: namedCount(rec), score: null };
            cands.set(rec, r);
          }
          return r;
        }
        // The bound of a list's unread postings: the best of the (tf, norm)
        // pairs the export gives for them, documents and provisions apart.
        function bound(l, after) {
          var best = 0;
          for (var part = 0; part < 2; part++) {
            var w = weight(m, l.field, part === 1), pairs = after[part];
            for (var j = 0; j < pairs.length; j += 2) {
              best = Math.max(best, contribution(m, w, l.idf, pairs[j], m.norms[pairs[j + 1]], l.avg));
            }
          }
          return best;
        }
        function readList(i, postings, after) {
          var l = lists[i];
          for (var j = 0; j < postings.rec.length; j++) {
            var rec = postings.rec[j];
            var r = cand(rec);
            r.c[i] = contribution(m, weight(m, l.field, rec < m.documents), l.idf, postings.tf[j], m.norms[postings.norm[j]], l.avg);
            r.seen[i] = 1;
          }
          l.last = after ? bound(l, after) : 0;
        }
        lists.forEach(function (l, i) { if (l.entry) readList(i, l.entry.postings, l.entry.after); });
        // The records of the documents named and the articles cited are
        // results even where no list reaches them.
        named.forEach(function (d, doc) { cand(doc); });
        citedAt.forEach(function (anchor, rec) { cand(rec).anchor = anchor; });
        function unitsOf(r, reached) {
          return units(m, r.named, r.rec < m.documents, within, reached, citedAt.has(r.rec));
        }
        function reachedBy(c) {
          for (var i = 0; i < c.length; i++) if (c[i] > 0) return true;
          return false;
        }
        function upper(r) {
          var ub = 0;
          for (var i = 0; i < n; i++) ub += r.seen[i] ? r.c[i] : lists[i].last;
          return ub + m.numberBoost * unitsOf(r, true);
        }
        // What is known of a record's score: at least its expired share of
        // the contributions read, at most those plus the bounds of the rest.
        function bounds(list) {
          list.forEach(function (r) {
            r.ub = upper(r);
            r.lb = r.score !== null ? r.score : total(m, r.c, unitsOf(r, reachedBy(r.c)), true);
          });
        }
        function byBounds(a, b) { return (b.lb - a.lb) || (b.ub - a.ub) || (a.rec - b.rec); }
        function open() {
          var out = [];
          cands.forEach(function (r) { if (!allowed || allowed(r.rec)) out.push(r); });
          bounds(out);
          return out.sort(byBounds);
        }
        // The best score of a record no list has shown: a provision of a
        // named document that an unread posting reaches gets its boost.
        var mostNamed = 0;
        named.forEach(function (d) { mostNamed = Math.max(mostNamed, d.count); });
        function unseen() {
          var u = 0;
          lists.forEach(function (l) { u += l.last; });
          if (u > 0 && within) u += m.numberBoost * mostNamed;
          return u;
        }
        // The records worth resolving: the first `limit` by what is known,
        // and those after them that may still pass the k-th.
        function worth(list, budget) {
          var kth = list.length >= limit ? list[limit - 1].lb : 0;
          var out = [];
          for (var i = 0; i < list.length && out.length < budget; i++) {
            var r = list[i];
            if (r.ub <= 0) continue;
            if (out.length < limit || r.ub >= kth) out.push(r);
          }
          return out;
        }
        // Step 3: the directories of the records worth resolving: the
        // first `limit`, and those that might still pass the k-th when
        // resolving them can prove the results exact (no record seen nowhere
        // can reach the top, and they are few).
        var sorted = open();
        var kth = sorted.length >= limit ? sorted[limit - 1].lb : 0;
        var contenders = sorted.slice(limit).filter(function (r) { return r.ub >= kth; }).length;
        var provable = unseen() < kth && contenders <= EXTRA_RESOLUTIONS;
        var budget = provable ? limit + EXTRA_RESOLUTIONS : limit;
        var dirs = {};
        worth(sorted, budget).forEach(function (r) { dirs[Math.floor(packOf(m, r.rec) / m.directoryPacks)] = packOf(m, r.rec); });
        var pending = Object.keys(dirs).map(function (k) { return loadDirectory(m, dirs[k]); });
        return Promise.all(pending).then(function () {
          // Step 4: the packs of the records worth resolving, among those
          // whose directory is known.
          var known = open().filter(function (r) { return packName(m, packOf(m, r.rec)) !== null; });
          var packs = {};
          worth(known, budget).forEach(function (r) { packs[packName(m, packOf(m, r.rec))] = true; });
          var names = Object.keys(packs);
          return Promise.all(names.map(function (name) { return getParsed(name, parsePack); })).then(function (files) {
            var byName = {};
            names.forEach(function (name, i) { byName[name] = files[i]; });
            // Every candidate in a loaded pack gets its exact score.
            cands.forEach(function (r) {
              var file = byName[packName(m, packOf(m, r.rec))];
              if (!file || r.score !== null) return;
              var a = record(m, file, r.rec);
              var isDoc = r.rec < m.documents;
              var c = lists.map(function (l) {
                if (!l.entry) return 0;
                var view = a[l.field];
                var tf = view.tf.get(l.term) || 0;
                if (!tf) return 0;
                return contribution(m, weight(m, l.field, isDoc), l.idf, tf, quantize(m, view.len), l.avg);
              });
              r.score = total(m, c, unitsOf(r, reachedBy(c)), a.row[6] === 1);
              r.data = a.row;
            });
            var all = open();
            var top = all.filter(function (r) { return r.score !== null && r.score > 0; });
            top.sort(function (a, b) { return (b.score - a.score) || (a.rec - b.rec); });
            top = top.slice(0, limit);
            var kth = top.length === limit ? top[limit - 1].score : 0;
            var rest = all.filter(function (r) { return r.score === null && r.ub > 0 && (top.length < limit || r.ub >= kth); });
            var u = unseen();
            top.complete = !rest.length && (u === 0 || (top.length === limit && u < kth));
            return top;
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
      var highlight = unique(A.foldedTerms(String(query)));
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
            anchor: t.anchor || row[5],
            score: t.score,
            snippet: snippet(text, highlight),
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

    return { search: search, searchFull: searchFull, facets: facets, manifest: manifest };
  }

  // The format's pieces, for the tests and the benchmarks.
  var api = {
    createClient: createClient, plan: plan, fnv1a: fnv1a, snippet: snippet,
    ln: ln, idf: idf, inflate: inflate, unpack: unpack, parseShard: parseShard, INDEX_PAGES: INDEX_PAGES,
    read: read, cited: cited, citedIds: citedIds
  };
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
