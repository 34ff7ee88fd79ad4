'use strict';
// The browser client (themes/default/static/vanban-search.js) against the
// export of the fixture site, and the two-runtime test: for every query of
// tests/search-queries.json the client's top 10 equals the CLI's.
// Run with: node --test tests/js/   (after cargo build)

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { buildFixture, fileLoader, cliSearch, QUERIES, ROOT } = require('./helpers.js');
const search = require(path.join(ROOT, 'themes', 'default', 'static', 'vanban-search.js'));

const { site, output } = buildFixture();
test.after(() => fs.rmSync(site, { recursive: true, force: true }));

const key = (h) => (h.anchor ? `${h.url}#${h.anchor}` : h.url);

test('there are at least 30 shared queries', () => {
  assert.ok(QUERIES.length >= 30, `only ${QUERIES.length}`);
});

for (const q of QUERIES) {
  test(`top 10 of the browser equals the CLI: ${JSON.stringify(q.query)}`, async () => {
    const client = search.createClient(fileLoader(output));
    const browser = await client.search(q.query, { limit: 10 });
    const cli = cliSearch(site, q.query, ['--limit', '10']);
    assert.deepEqual(browser.map(key), cli.map(key), 'same records in the same order');
    assert.deepEqual(browser.map((h) => h.score), cli.map((h) => h.score), 'bit-identical scores');
    for (const [b, c] of browser.map((h, i) => [h, cli[i]])) {
      assert.equal(b.number, c.number);
      assert.equal(b.title, c.title);
    }
    const full = await client.searchFull(q.query, { limit: 10 });
    assert.equal(full.exact, true, 'the stopping test passed');
    if (q.first) assert.equal(key(browser[0]), q.first);
    if (q.none) assert.equal(browser.length, 0);
    if (q.top) for (const u of q.top) assert.ok(browser.slice(0, 5).some((h) => key(h) === u), `${u} in the top 5`);
  });
}

test('results have the documented shape', async () => {
  const client = search.createClient(fileLoader(output));
  const hits = await client.search('an toan thong tin', { limit: 3 });
  assert.equal(hits.length, 3);
  for (const h of hits) {
    assert.deepEqual(Object.keys(h), ['number', 'title', 'url', 'anchor', 'score', 'snippet']);
    assert.equal(typeof h.score, 'number');
    assert.match(h.snippet, /<mark>/);
  }
});

test('a query without diacritics finds the accented text, highlighted as written', async () => {
  const client = search.createClient(fileLoader(output));
  const [top] = await client.search('phan mem doc hai', { limit: 1 });
  assert.match(top.snippet, /<mark>[Pp]hần<\/mark> <mark>mềm<\/mark> <mark>độc<\/mark> <mark>hại<\/mark>/);
});

test('a document number puts the document first', async () => {
  const client = search.createClient(fileLoader(output));
  for (const [q, url] of [['86/2015/QH13', 'luat/86-2015-qh13/'], ['QH14 24/2018', 'luat/24-2018-qh14/'], ['51/2005/QĐ-QH11', null]]) {
    const hits = await client.search(q, { limit: 3 });
    if (url) assert.equal(key(hits[0]), url, q);
  }
});

test('the limit is honoured and empty queries give nothing', async () => {
  const client = search.createClient(fileLoader(output));
  assert.equal((await client.search('thong tin', { limit: 4 })).length, 4);
  assert.deepEqual(await client.search('   ', { limit: 4 }), []);
  assert.deepEqual(await client.search('!!! ...', { limit: 4 }), []);
});

test('filters by kind, issuer and status', async () => {
  const client = search.createClient(fileLoader(output));
  const kind = await client.searchFull('nguoi lao dong', { limit: 20, kind: 'bo-luat' });
  assert.ok(kind.length > 0);
  assert.ok(kind.every((h) => h.url.startsWith('bo-luat/')));
  const expired = await client.searchFull('giao dich dien tu', { limit: 20, status: 'het-hieu-luc' });
  assert.ok(expired.length > 0);
  assert.ok(expired.every((h) => h.number === '51/2005/QH11' || h.number === '80/2015/QH13'));
  const inForce = await client.searchFull('giao dich dien tu', { limit: 20, inForce: true });
  assert.ok(inForce.every((h) => h.number !== '51/2005/QH11'));
  const cli = cliSearch(site, 'giao dich dien tu', ['--limit', '20', '--in-force']);
  assert.deepEqual(inForce.map(key), cli.map(key), 'in-force filter agrees with the CLI');
  const issuer = await client.searchFull('thong tin', { limit: 5, issuer: 'Quoc hoi' });
  assert.equal(issuer.length, 5);
});

test('a first two-word query loads little', async () => {
  const stats = { bytes: 0, files: [] };
  const client = search.createClient(fileLoader(output, stats));
  await client.search('an toan', { limit: 10 });
  assert.ok(stats.bytes < 150 * 1024, `${stats.bytes} bytes`);
  assert.ok(stats.files.includes('manifest'));
  assert.ok(!stats.files.includes('facets'), 'facets are only for filters');
});

test('every export file is a single vanban.shard call', () => {
  const dir = path.join(output, 'search');
  const files = [];
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
  walk(dir);
  assert.ok(files.length > 10);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    assert.match(text, /^vanban\.shard\("[A-Za-z0-9/_-]+",[\s\S]*\);\n$/, f);
  }
});

test('fnv1a matches the Rust side on known keys', () => {
  // Values computed by src/search/export.rs (see the Rust unit test).
  assert.equal(search.fnv1a(''), 2166136261);
  assert.equal(search.fnv1a('f:an'), search.fnv1a('f:an'));
  assert.equal(search.fnv1a('a'), 0xe40c292c);
});

test('a query that names a law and cites a provision loads in four rounds', async () => {
  const { roundLoader } = require('./helpers.js');
  for (const q of ['khoản 2 Điều 5 Luật An toàn thông tin mạng', 'Người lao động được nghỉ bao nhiêu ngày theo Bộ luật Lao động?']) {
    const stats = { bytes: 0, files: [], waves: 0 };
    const client = search.createClient(roundLoader(output, stats));
    const hits = await client.searchFull(q, { limit: 10 });
    assert.ok(hits.length > 0, q);
    assert.ok(stats.waves <= 4, `${q}: ${stats.waves} rounds`);
    assert.ok(stats.files.some((f) => f.startsWith('l/')), `${q}: the names table is read`);
  }
});
