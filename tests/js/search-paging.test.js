'use strict';
// The browser's early stop on a site whose posting lists are longer than the
// first page (generated corpora of scripts/gen_corpus.py, where every syllable
// is common: 30 documents, 900 provisions; and 40 documents, 1240
// provisions, where the export leaves out the lowest-impact postings of the
// longest lists): whenever the client says its results are exact (the
// stopping test passed), they are the CLI's, record for record and score for
// score; and pages after the first are read.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ROOT, binary, fileLoader, cliSearch } = require('./helpers.js');
const search = require(path.join(ROOT, 'themes', 'default', 'static', 'vanban-search.js'));

function generated(docs) {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-paging-'));
  execFileSync('python3', [path.join(ROOT, 'scripts', 'gen_corpus.py'), '--docs', String(docs), '--out', site], { stdio: 'pipe' });
  execFileSync(binary(), ['-r', site, 'build', '--as-of', '2025-06-01'], { stdio: 'pipe' });
  test.after(() => fs.rmSync(site, { recursive: true, force: true }));
  return site;
}
const site = generated(30);
const output = path.join(site, 'public');
const longSite = generated(40);
const longOutput = path.join(longSite, 'public');

const QUERIES = ['an toàn', 'thong tin', 'dữ liệu', 'quản lý nhà nước', 'chuyen doi so', 'giao dịch điện tử',
  'ky thuat', 'bảo vệ', 'trách nhiệm', 'cơ sở dữ liệu quốc gia', 'ủy ban nhân dân tỉnh', 'xu ly ky luat'];
const key = (h) => `${h.url}#${h.anchor}`;

test('the longest lists are cut after the pages a query may read; exact results stay the CLI\'s', async () => {
  const load = fileLoader(longOutput);
  const manifest = await load('manifest');
  const limit = manifest.page + manifest.extraPages * manifest.pageRest;
  let cut = 0;
  for (let s = 0; s < manifest.shards; s++) {
    const shard = await load(`d/${s}`);
    for (const e of Object.values(shard)) {
      if (e[2] > 0 && e[0] > limit) {
        cut++;
        assert.equal(e[2], 1 + manifest.extraPages, 'no page a query cannot reach');
      }
    }
  }
  assert.ok(cut > 0, 'no list long enough to be cut');
  let exact = 0;
  for (const q of QUERIES) {
    const hits = await search.createClient(fileLoader(longOutput)).searchFull(q, { limit: 10 });
    if (!hits.exact) continue;
    exact++;
    const cli = cliSearch(longSite, q, ['--limit', '10']);
    assert.deepEqual(hits.map(key), cli.map(key), q);
    assert.deepEqual(hits.map((h) => h.score), cli.map((h) => h.score), q);
  }
  assert.ok(exact > 0, 'no exact result to compare');
});

test('exact results are the CLI results; later pages are read', async () => {
  let exact = 0, sameFirst = 0, laterPages = 0;
  for (const q of QUERIES) {
    const stats = { bytes: 0, files: [] };
    const client = search.createClient(fileLoader(output, stats));
    const hits = await client.searchFull(q, { limit: 10 });
    const cli = cliSearch(site, q, ['--limit', '10']);
    if (hits.exact) {
      exact++;
      assert.deepEqual(hits.map(key), cli.map(key), q);
      assert.deepEqual(hits.map((h) => h.score), cli.map((h) => h.score), q);
    }
    if (hits.length && cli.length && key(hits[0]) === key(cli[0])) sameFirst++;
    laterPages += stats.files.filter((f) => /^p\/\d+\/\d+-[1-9]\d*$/.test(f)).length;
  }
  assert.ok(exact >= QUERIES.length / 2, `only ${exact} exact`);
  assert.ok(sameFirst >= QUERIES.length * 0.8, `same first result for only ${sameFirst}`);
  assert.ok(laterPages > 0, 'no query read past a first page');
});
