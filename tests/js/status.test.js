'use strict';
// The browser's "in force" filter on statuses: like the CLI, it keeps a law
// whose replacement is recorded from secondary sources only ("Có thể đã hết
// hiệu lực — cần xác minh"), and leaves out one that has ended.
// Run with: node --test tests/js/   (after cargo build)

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { buildFixture, fileLoader, cliSearch, ROOT } = require('./helpers.js');
const search = require(path.join(ROOT, 'themes', 'default', 'static', 'vanban-search.js'));

const fixture = path.join(ROOT, 'tests', 'fixtures', 'amendments');
const { site, output } = buildFixture(['--as-of', '2026-12-03'], fixture);
test.after(() => fs.rmSync(site, { recursive: true, force: true }));

const key = (h) => (h.anchor ? `${h.url}#${h.anchor}` : h.url);
const query = 'san pham cong nghe thong tin trong diem';

test('the uncertain status is one of the statuses the page offers', async () => {
  const client = search.createClient(fileLoader(output));
  const f = await client.facets();
  assert.ok(f.statuses.some(([slug, name]) => slug === 'co-the-da-het-hieu-luc' && name === 'Có thể đã hết hiệu lực — cần xác minh'));
});

test('in force keeps a law that may have ended, as the CLI does', async () => {
  const client = search.createClient(fileLoader(output));
  const inForce = await client.searchFull(query, { limit: 20, inForce: true });
  assert.ok(inForce.some((h) => h.number === '67/2006/QH11'), JSON.stringify(inForce));
  const cli = cliSearch(site, query, ['--limit', '20', '--in-force']);
  assert.deepEqual(inForce.map(key), cli.map(key));
  const uncertain = await client.searchFull(query, { limit: 20, status: 'co-the-da-het-hieu-luc' });
  assert.ok(uncertain.length > 0 && uncertain.every((h) => h.number === '67/2006/QH11'));
});
