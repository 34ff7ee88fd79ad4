'use strict';
// The measuring half of scripts/bench-search (which builds the sites first and
// passes BENCH_STATE, BENCH_CORPUS and BENCH_BIN). Prints plain figures.
//
// A first query, for each engine and each query, in a fresh Chromium context
// (empty cache) on an emulated slow connection (CDP
// Network.emulateNetworkConditions: 300 ms latency, 204800 bytes/s down and
// up), served from loopback over HTTP/1.1 with keep-alive and gzip for text
// files, as a portal would (Chromium opens at most 6 connections to it),
// service workers blocked (see firstQuery):
//   1. the page loads (vanban: its search page, whose scripts carry the
//      client; Hugo: an empty page) and the network goes quiet;
//   2. the query runs in the page: window.vanban.search(q, {limit: 10});
//      Pagefind: import('/pagefind/pagefind.js'), search(q) and the data of
//      its first 10 results, as its UI loads them on the first keystroke.
// Reported: bytes on the wire (CDP encodedDataLength, headers included) of
// the requests the query made, plus, for vanban, the search scripts that the
// page loaded before it; requests; waves, i.e. the longest chain of requests
// each created after the previous one had finished (a request's wave is one
// more than the highest wave among those finished before it was created);
// and the time from the query's start to its first 10 results.
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');

const STATE = process.env.BENCH_STATE;
const CORPUS = process.env.BENCH_CORPUS;
const BIN = process.env.BENCH_BIN;
const VANBAN_ROOT = path.join(STATE, 'vanban');
const VANBAN_OUT = path.join(VANBAN_ROOT, 'public');
const HUGO_OUT = path.join(STATE, 'hugo', 'public');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SLOW = { offline: false, latency: 300, downloadThroughput: 204800, uploadThroughput: 204800 };
// Time allowed to one first query (a page load and a search), past which it
// counts as failed.
const QUERY_TIMEOUT_MS = 120000;

// ---------------------------------------------------------------------------
// The file system.

function walk(dir, visit) {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, visit);
    else if (e.isFile()) visit(p);
  }
}
function tally(dir) {
  let bytes = 0;
  let files = 0;
  walk(dir, (p) => { bytes += fs.statSync(p).size; files++; });
  return { bytes, files };
}
function readTime(name) {
  const p = path.join(STATE, `${name}.time`);
  if (!fs.existsSync(p) || fs.existsSync(path.join(STATE, `${name}.failed`))) return null;
  const [s, kib] = fs.readFileSync(p, 'utf8').trim().split(/\s+/).map(Number);
  return { s, mib: kib / 1024 };
}

// A document number of the corpus, from its Markdown (the middle one in
// sorted order, so the same corpus always asks the same).
function someNumber() {
  const numbers = [];
  walk(path.join(CORPUS, 'content'), (p) => {
    if (!p.endsWith('.md')) return;
    const m = /^number = "([^"]+)"/m.exec(fs.readFileSync(p, 'utf8').slice(0, 400));
    if (m) numbers.push(m[1]);
  });
  numbers.sort();
  return numbers[Math.floor(numbers.length / 2)];
}

// ---------------------------------------------------------------------------
// A static server like a portal's: keep-alive, gzip for text, 404 page.

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};
const TEXT = new Set(['.html', '.css', '.js', '.json', '.svg', '.xml', '.txt']);

function serve(dir) {
  const gz = new Map();
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': TYPES['.html'] });
      res.end('<!DOCTYPE html><title>404</title>');
      return;
    }
    const ext = path.extname(file);
    const headers = { 'Content-Type': TYPES[ext] || 'application/octet-stream', 'Cache-Control': 'no-cache' };
    let body = fs.readFileSync(file);
    if (TEXT.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      if (!gz.has(file)) gz.set(file, zlib.gzipSync(body, { level: 6 }));
      body = gz.get(file);
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
  });
  server.keepAliveTimeout = 60000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ base: `http://127.0.0.1:${server.address().port}/`, close: () => { server.close(); server.closeAllConnections(); } });
  }));
}

// ---------------------------------------------------------------------------
// One first query in a fresh context.

function waves(requests) {
  const done = requests.filter((r) => r.end !== undefined).sort((a, b) => a.start - b.start);
  let most = 0;
  for (const r of done) {
    r.wave = 1 + Math.max(0, ...done.filter((o) => o !== r && o.end <= r.start).map((o) => o.wave || 0));
    most = Math.max(most, r.wave);
  }
  return most;
}

async function firstQuery(browser, engine, base, q) {
  // Service workers blocked: DevTools' emulation and network events are the
  // page's, and a worker's fetches would escape both (vanban's sw.js claims
  // the page on its first visit and fetches for it).
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW);
    const requests = new Map();
    let phase = 'load';
    cdp.on('Network.requestWillBeSent', (e) => {
      if (!requests.has(e.requestId)) requests.set(e.requestId, { url: e.request.url, start: e.timestamp, phase, bytes: 0 });
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId);
      if (r) { r.end = e.timestamp; r.bytes = e.encodedDataLength; }
    });
    cdp.on('Network.loadingFailed', (e) => {
      const r = requests.get(e.requestId);
      if (r) { r.end = e.timestamp; r.failed = e.errorText; }
    });
    const work = (async () => {
      await page.goto(base + (engine === 'vanban' ? 'tim-kiem/' : 'search.html'), { waitUntil: 'load' });
      if (engine === 'vanban') await page.waitForFunction(() => window.vanban && window.vanban.search, null, { polling: 20 });
      await page.waitForLoadState('networkidle');
      phase = 'query';
      const res = await page.evaluate(async ({ q, engine }) => {
        const t0 = performance.now();
        let hits;
        if (engine === 'vanban') {
          hits = (await window.vanban.search(q, { limit: 10 })).map((h) => ({ key: `${h.url}#${h.anchor || ''}` }));
        } else {
          const pagefind = await import('/pagefind/pagefind.js');
          const found = await pagefind.search(q);
          hits = (await Promise.all(found.results.slice(0, 10).map((r) => r.data()))).map((d) => ({ key: d.url }));
        }
        return { ms: performance.now() - t0, hits };
      }, { q, engine });
      // Let the last network events arrive.
      for (let i = 0; i < 50 && [...requests.values()].some((r) => r.phase === 'query' && r.end === undefined); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      return res;
    })();
    const res = await Promise.race([work, new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), QUERY_TIMEOUT_MS))]);
    const all = [...requests.values()];
    const query = all.filter((r) => r.phase === 'query');
    // vanban's client comes with the page: count the search scripts it loaded.
    const scripts = engine === 'vanban' ? all.filter((r) => r.phase === 'load' && /\/search\/|vanban-(search|analyzer)\.js/.test(r.url)) : [];
    return {
      bytes: query.concat(scripts).reduce((s, r) => s + r.bytes, 0),
      scriptBytes: scripts.reduce((s, r) => s + r.bytes, 0),
      requests: query.length,
      failed: query.filter((r) => r.failed).length,
      waves: waves(query),
      seconds: res.ms / 1000,
      hits: res.hits,
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) console.log(r.map((c, i) => (i ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ').trimEnd());
}

(async () => {
  const vb = readTime('vanban');
  const hugo = readTime('hugo');
  const pf = readTime('pagefind');
  const timings = fs.existsSync(path.join(STATE, 'vanban.time.stderr')) ? fs.readFileSync(path.join(STATE, 'vanban.time.stderr'), 'utf8') : '';
  const stage = /^\s+index\s+([0-9.]+) (m?s)$/m.exec(timings);
  const indexStage = stage ? Number(stage[1]) / (stage[2] === 'ms' ? 1000 : 1) : NaN;
  const vOut = tally(VANBAN_OUT);
  const vExport = tally(path.join(VANBAN_OUT, 'search'));
  const tantivy = tally(path.join(VANBAN_ROOT, 'search-index'));
  const pfExport = tally(path.join(HUGO_OUT, 'pagefind'));
  const hOut = { files: tally(HUGO_OUT).files - pfExport.files };

  console.log('');
  const na = 'n/a';
  table([
    ['build', 'vanban', 'Hugo', 'Pagefind (on Hugo\'s output)'],
    ['seconds', `${vb.s.toFixed(1)} (index stage ${indexStage.toFixed(1)})`, hugo ? hugo.s.toFixed(1) : na, pf ? pf.s.toFixed(1) : na],
    ['peak memory', `${vb.mib.toFixed(0)} MiB`, hugo ? `${hugo.mib.toFixed(0)} MiB` : na, pf ? `${pf.mib.toFixed(0)} MiB` : na],
    ['files written', vOut.files, hugo ? hOut.files : na, pf ? pfExport.files : na],
    ['search export', `${mb(vExport.bytes)} in ${vExport.files} files`, '—', pf ? `${mb(pfExport.bytes)} in ${pfExport.files} files` : na],
    ['server-side index', `${mb(tantivy.bytes)} (tantivy)`, '—', '—'],
  ]);

  let chromium = null;
  try { ({ chromium } = require('playwright-core')); } catch (e) { /* reported below */ }
  if (!chromium || !fs.existsSync(CHROMIUM)) {
    console.log('\nChromium or playwright-core missing (apt-get install chromium; npm ci): no query figures');
    return;
  }
  const number = someNumber();
  const queries = ['quyền', 'dữ liệu', 'du lieu', 'an toàn thông tin mạng', number].filter(Boolean);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const servers = { vanban: await serve(VANBAN_OUT) };
  if (pf) servers.pagefind = await serve(HUGO_OUT);
  const rows = [['first query', 'vanban', 'req', 'waves', 'seconds', 'hits', '|', 'Pagefind', 'req', 'waves', 'seconds', 'hits']];
  const agree = { top10: 0, first: 0, common: 0 };
  let scriptBytes = 0;
  const errors = [];
  for (const q of queries) {
    const row = [`"${q}"`];
    for (const engine of ['vanban', 'pagefind']) {
      if (engine === 'pagefind') row.push('|');
      if (!servers[engine]) { row.push(na, '', '', '', ''); continue; }
      try {
        const r = await firstQuery(browser, engine, servers[engine].base, q);
        row.push(kb(r.bytes), r.requests + (r.failed ? ` (${r.failed} failed)` : ''), r.waves, r.seconds.toFixed(2), r.hits.length);
        if (engine === 'vanban') {
          scriptBytes = r.scriptBytes;
          const cli = JSON.parse(execFileSync(BIN, ['-r', VANBAN_ROOT, 'search', '--json', '--limit', '10', q], { encoding: 'utf8', maxBuffer: 1 << 26 }));
          const cliKeys = cli.map((h) => `${h.url}#${h.anchor || ''}`);
          const keys = r.hits.map((h) => h.key);
          if (JSON.stringify(cliKeys) === JSON.stringify(keys)) agree.top10++;
          if (keys.length && keys[0] === cliKeys[0]) agree.first++;
          agree.common += keys.filter((k) => cliKeys.includes(k)).length;
        }
      } catch (e) {
        row.push('failed', '', '', '', '');
        errors.push(`${engine} "${q}": ${e.message.split('\n')[0]}`);
      }
    }
    rows.push(row);
  }
  await browser.close();
  for (const s of Object.values(servers)) s.close();
  console.log(`\nfirst queries in a fresh Chromium, 300 ms latency, 200 KB/s, no service worker (bytes on the wire, gzip for text; vanban's include the ${kb(scriptBytes)} of search files its page loaded before the query)`);
  table(rows);
  const n = queries.length;
  console.log(`\nvanban in the browser vs the CLI (vanban search): same top 10 for ${agree.top10}/${n} queries, same first result ${agree.first}/${n}, ${(agree.common / n).toFixed(1)} of 10 in common`);
  for (const e of errors) console.log(`failed: ${e}`);
})().catch((e) => { console.error(e); process.exit(1); });
