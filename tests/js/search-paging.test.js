'use strict';
// The browser's early stop on a site whose posting lists are longer than the
// first page (a generated corpus of scripts/gen_corpus.py, 30 documents, 900
// provisions, where every syllable is common): whenever the client says its
// results are exact (the stopping test passed), they are the CLI's, record for
// record and score for score; and pages after the first are read.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { ROOT, binary, fileLoader, cliSearch } = require('./helpers.js');
const search = require(path.join(ROOT, 'themes', 'default', 'static', 'vanban-search.js'));

const site = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-paging-'));
execFileSync('python3', [path.join(ROOT, 'scripts', 'gen_corpus.py'), '--docs', '30', '--out', site], { stdio: 'pipe' });
execFileSync(binary(), ['-r', site, 'build', '--as-of', '2025-06-01'], { stdio: 'pipe' });
const output = path.join(site, 'public');
test.after(() => fs.rmSync(site, { recursive: true, force: true }));

const QUERIES = ['an toàn', 'thong tin', 'dữ liệu', 'quản lý nhà nước', 'chuyen doi so', 'giao dịch điện tử',
  'ky thuat', 'bảo vệ', 'trách nhiệm', 'cơ sở dữ liệu quốc gia', 'ủy ban nhân dân tỉnh', 'xu ly ky luat'];
const key = (h) => `${h.url}#${h.anchor}`;

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
    laterPages += stats.files.filter((f) => /^p\/\d+-[1-9]\d*$/.test(f)).length;
  }
  assert.ok(exact >= QUERIES.length / 2, `only ${exact} exact`);
  assert.ok(sameFirst >= QUERIES.length * 0.8, `same first result for only ${sameFirst}`);
  assert.ok(laterPages > 0, 'no query read past a first page');
});
