'use strict';
// What a query names, read by the browser client exactly as by the CLI: the
// shared vectors of tests/named-vectors.json (src/search/named.rs runs the
// same ones).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./helpers.js');
const search = require(path.join(ROOT, 'themes', 'default', 'static', 'vanban-search.js'));

const ALL = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'named-vectors.json'), 'utf8'));
// The kinds of documents as the manifest gives them (named.rs kinds, from
// src/legal/kind.rs).
const KINDS = ['hien-phap', 'bo-luat', 'luat', 'phap-lenh', 'nghi-quyet', 'nghi-dinh', 'quyet-dinh', 'chi-thi',
  'thong-tu', 'thong-tu-lien-tich', 'ke-hoach', 'ket-luan', 'chuong-trinh-hanh-dong', 'cong-van', 'huong-dan',
  'thong-bao', 'van-ban-hop-nhat'].map((k) => k.split('-'));

for (const v of ALL.vectors) {
  test(`reads ${JSON.stringify(v.query)}`, () => {
    const r = search.read(v.query, (k) => ALL.names.includes(k), KINDS, v.numbered || []);
    assert.deepEqual(r.cited.map((c) => [c.anchor, c.article]), v.cited || []);
    assert.deepEqual(r.names, v.found || []);
    assert.deepEqual(r.numbers, v.numbers || []);
    assert.equal(r.rest, v.rest);
    if ('plain' in v) assert.equal(r.plain, v.plain);
  });
}
