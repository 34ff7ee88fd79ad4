'use strict';
// The bundled hub (content/ of the repository): a question that cites a
// provision of a law by the law's name or number puts that provision first,
// at its exact anchor, in the browser client as in the CLI.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, buildFixture, fileLoader, roundLoader, cliSearch } = require('./helpers.js');
const search = require(path.join(ROOT, 'themes', 'default', 'static', 'vanban-search.js'));

// The hub's content and configuration alone (the repository holds much more).
const hub = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-hub-'));
fs.cpSync(path.join(ROOT, 'content'), path.join(hub, 'content'), { recursive: true });
fs.copyFileSync(path.join(ROOT, 'vanban.toml'), path.join(hub, 'vanban.toml'));
const { site, output } = buildFixture([], hub);
test.after(() => {
  fs.rmSync(site, { recursive: true, force: true });
  fs.rmSync(hub, { recursive: true, force: true });
});

const key = (h) => (h.anchor ? `${h.url}#${h.anchor}` : h.url);

for (const q of [
  'khoản 2 Điều 5 Luật An toàn thông tin mạng',
  'khoan 2 dieu 5 luat an toan thong tin mang',
  'khoản 2 Điều 5 Luật số 86/2015/QH13'
]) {
  test(`the cited clause comes first: ${q}`, async () => {
    const stats = { bytes: 0, files: [], waves: 0 };
    const client = search.createClient(roundLoader(output, stats));
    const hits = await client.searchFull(q, { limit: 10 });
    assert.equal(hits[0].number, '86/2015/QH13');
    assert.equal(hits[0].anchor, 'dieu-5-khoan-2');
    assert.equal(hits.exact, true, 'the stopping test passed');
    assert.ok(stats.waves <= 4, `${stats.waves} rounds`);
    const cli = cliSearch(site, q, ['--limit', '10']);
    assert.deepEqual(hits.map(key), cli.map(key), 'the CLI ranks alike');
    assert.deepEqual(hits.map((h) => h.score), cli.map((h) => h.score));
    const page = fs.readFileSync(path.join(output, hits[0].url, 'index.html'), 'utf8');
    assert.ok(page.includes('id="dieu-5-khoan-2"'), 'the anchor exists');
  });
}

test('the manifest gives the kinds the reader of named.rs uses', async () => {
  const m = await search.createClient(fileLoader(output)).manifest();
  assert.ok(m.kinds.some((k) => k.join(' ') === 'bo luat'));
  assert.ok(m.nameStarts.includes('luat'));
  assert.equal(m.names.length % 8, 0);
});
