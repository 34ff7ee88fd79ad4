'use strict';
// The browser's early stop on sites whose posting lists are longer than
// what the export keeps of them (generated corpora of scripts/gen_corpus.py,
// where every syllable is common: 30 documents, 900 provisions; and 40
// documents, 1240 provisions): a list keeps its highest-impact postings and
// a bound of the rest, and whenever the client says its results are exact
// (the stopping test passed), they are the CLI's, record for record and
// score for score; otherwise they are still close to them.

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
const sites = [generated(30), generated(40)];

const QUERIES = ['an toàn', 'thong tin', 'dữ liệu', 'quản lý nhà nước', 'chuyen doi so', 'giao dịch điện tử',
  'ky thuat', 'bảo vệ', 'trách nhiệm', 'cơ sở dữ liệu quốc gia', 'ủy ban nhân dân tỉnh', 'xu ly ky luat'];
const key = (h) => `${h.url}#${h.anchor}`;

test('long lists keep their highest-impact postings and a bound of the rest', async () => {
  const load = fileLoader(path.join(sites[1], 'public'));
  const m = await load('manifest');
  // ranking.rs contribution, with the weights of the folded field.
  const c = (isDoc, tf, id) => {
    const w = m.weights.f * (isDoc ? m.docBody : 1);
    const len = m.norms[id];
    return w * (tf * (m.k1 + 1)) / (tf + m.k1 * (1 - m.b + m.b * len / m.avg.f));
  };
  let cut = 0;
  for (const term of ['an', 'toan', 'thong', 'tin', 'du', 'lieu']) {
    const h = search.fnv1a(term);
    const page = await load(`i/w${h % search.INDEX_PAGES}`);
    const at = Math.floor((h % m.wordShards) / search.INDEX_PAGES);
    const e = search.parseShard(await load(`d/${page.substr(8 * at, 8)}`)).get(`f:${term}`);
    if (e.df <= m.page) continue;
    cut++;
    assert.equal(e.postings.rec.length, m.page, term);
    let least = Infinity;
    e.postings.rec.forEach((rec, i) => { least = Math.min(least, c(rec < m.documents, e.postings.tf[i], e.postings.norm[i])); });
    let best = 0;
    e.after.forEach((pairs, part) => {
      for (let i = 0; i < pairs.length; i += 2) best = Math.max(best, c(part === 1, pairs[i], pairs[i + 1]));
    });
    assert.ok(best > 0, `${term}: a bound for what is left out`);
    assert.ok(least >= best, `${term}: kept ${least} < left out ${best}`);
  }
  assert.ok(cut > 0, 'no list long enough to be cut');
});

test('exact results are the CLI\'s; the others agree on the first result', async () => {
  let exact = 0, sameFirst = 0, total = 0;
  for (const site of sites) {
    const output = path.join(site, 'public');
    for (const q of QUERIES) {
      total++;
      const hits = await search.createClient(fileLoader(output)).searchFull(q, { limit: 10 });
      const cli = cliSearch(site, q, ['--limit', '10']);
      if (hits.exact) {
        exact++;
        assert.deepEqual(hits.map(key), cli.map(key), q);
        assert.deepEqual(hits.map((h) => h.score), cli.map((h) => h.score), q);
      }
      // Whatever the stop, every score shown is the record's exact score.
      for (const h of hits) {
        const c = cli.find((x) => key(x) === key(h));
        if (c) assert.equal(h.score, c.score, `${q}: ${key(h)}`);
      }
      if (hits.length && cli.length && key(hits[0]) === key(cli[0])) sameFirst++;
    }
  }
  assert.ok(exact > 0, 'no exact result to compare');
  assert.ok(sameFirst >= total * 0.8, `same first result for only ${sameFirst} of ${total}`);
});
