'use strict';
// The packed export (src/search/export.rs) as the client reads it: a first
// query takes four rounds of requests whatever its number of words; packs
// are named after their bytes; every list sits in the shard the client
// looks in; and the pieces the client shares with Rust (DEFLATE, the
// logarithm of the idf) agree.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');
const { ROOT, binary, buildFixture, fileLoader, roundLoader, cliSearch } = require('./helpers.js');
const search = require(path.join(ROOT, 'themes', 'default', 'static', 'vanban-search.js'));

const fixture = buildFixture();
const generated = (() => {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-export-'));
  execFileSync('python3', [path.join(ROOT, 'scripts', 'gen_corpus.py'), '--docs', '60', '--out', site], { stdio: 'pipe' });
  execFileSync(binary(), ['-r', site, 'build', '--as-of', '2025-06-01'], { stdio: 'pipe' });
  return { site, output: path.join(site, 'public') };
})();
test.after(() => {
  for (const s of [fixture, generated]) fs.rmSync(s.site, { recursive: true, force: true });
});

// One word, two, five, with and without diacritics, a document number.
const FIRST_QUERIES = ['an toàn', 'an toan', 'dữ liệu', 'quản lý nhà nước về giao dịch điện tử',
  'quan ly nha nuoc ve giao dich dien tu', 'thông', '86/2015/QH13', '51/2005/QH11 giao dịch'];

for (const [name, site] of [['fixture', fixture], ['generated corpus', generated]]) {
  test(`${name}: a first query takes at most four rounds of requests`, async () => {
    for (const q of FIRST_QUERIES) {
      const stats = { bytes: 0, files: [], waves: 0 };
      const hits = await search.createClient(roundLoader(site.output, stats)).searchFull(q, { limit: 10 });
      assert.ok(stats.waves <= 4, `${q}: ${stats.waves} rounds (${stats.files.join(' ')})`);
      assert.ok(stats.files.includes('manifest'), q);
      if (hits.length) assert.equal(stats.waves, 4, `${q}: records in the fourth round`);
    }
  });
}

// Every file of the export: [relative name without .js, text].
function exportFiles(output) {
  const dir = path.join(output, 'search');
  const out = [];
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else out.push([path.relative(dir, p).replace(/\\/g, '/').replace(/\.js$/, ''), fs.readFileSync(p, 'utf8')]);
  });
  walk(dir);
  return out;
}

// FNV-1a 64-bit of a string's UTF-8 bytes, first 6 bytes in base64url.
function packHash(text) {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(h);
  return bytes.subarray(0, 6).toString('base64url');
}

test('packs are named after their bytes; only the manifest and index pages are not', () => {
  const files = exportFiles(generated.output);
  const fixed = files.filter(([n]) => n === 'manifest' || /^i\/[wp]\d+$/.test(n));
  assert.equal(fixed.length, 1 + 2 * search.INDEX_PAGES);
  for (const [n, text] of files) {
    const m = /^vanban\.shard\("([^"]+)","([A-Za-z0-9_-]*)"\);\n$/.exec(text);
    if (n === 'manifest') continue;
    assert.ok(m, `${n} holds one call with packed data`);
    assert.equal(m[1], n, `${n} names itself`);
    if (/^i\//.test(n)) continue;
    assert.equal(n.split('/')[1], packHash(m[2]), `${n} is the hash of its data`);
  }
});

test('every list is in the shard the client looks in, and its postings are sorted', async () => {
  for (const site of [fixture, generated]) {
    const load = fileLoader(site.output);
    const m = await load('manifest');
    const pages = { w: [], p: [] };
    for (let k = 0; k < search.INDEX_PAGES; k++) {
      for (const kind of ['w', 'p']) pages[kind].push(await load(`i/${kind}${k}`));
    }
    const shardName = (pairs, s) => 'd/' + pages[pairs ? 'p' : 'w'][s % search.INDEX_PAGES].substr(
      8 * Math.floor(s / search.INDEX_PAGES), 8);
    let lists = 0;
    for (const [pairs, count] of [[false, m.wordShards], [true, m.pairShards]]) {
      for (let s = 0; s < count; s++) {
        const shard = search.parseShard(await load(shardName(pairs, s)));
        for (const [key, e] of shard) {
          lists++;
          const h = search.fnv1a(key.slice(2));
          assert.equal(key.startsWith('p:'), pairs, key);
          assert.equal(h % count, s, `${key} is in shard ${s}`);
          const recs = e.postings.rec;
          assert.ok(recs.every((r, i) => i === 0 || recs[i - 1] < r), `${key} sorted`);
          if (key.startsWith('n:') || e.df <= m.page) {
            assert.equal(recs.length, e.df, `${key} whole`);
            assert.equal(e.after, null, key);
          } else {
            assert.equal(recs.length, m.page, `${key} cut`);
            assert.ok(e.after[0].length + e.after[1].length > 0, `${key} bounds what it leaves out`);
          }
        }
      }
    }
    assert.ok(lists > 100, `${lists} lists`);
  }
});

test('a document number query finds its document first', async () => {
  const client = search.createClient(fileLoader(fixture.output));
  const [top] = await client.search('86/2015/QH13', { limit: 1 });
  assert.equal(top.url, 'luat/86-2015-qh13/');
  const cli = cliSearch(fixture.site, '86/2015/QH13', ['--limit', '1']);
  assert.equal(top.score, cli[0].score);
});

test('inflate reads every kind of DEFLATE block', () => {
  const text = Buffer.from('Điều 1. Phạm vi điều chỉnh — an toàn thông tin mạng. '.repeat(200) + 'x'.repeat(70000));
  const random = Buffer.alloc(5000);
  for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + (i >> 3) * 104729) & 255;
  for (const input of [Buffer.alloc(0), Buffer.from('a'), text, random]) {
    for (const level of [0, 1, 6, 9]) {
      for (const strategy of [zlib.constants.Z_DEFAULT_STRATEGY, zlib.constants.Z_FIXED, zlib.constants.Z_HUFFMAN_ONLY]) {
        const packed = zlib.deflateRawSync(input, { level, strategy });
        assert.deepEqual(Buffer.from(search.inflate(packed)), input, `level ${level}, strategy ${strategy}`);
      }
    }
  }
  assert.throws(() => search.inflate(Uint8Array.of(0xff)));
});

test('the logarithm of the idf is within an ulp of Math.log, exact where it must be', () => {
  const ulps = (a, b) => {
    const f = new Float64Array([a, b]);
    const u = new BigInt64Array(f.buffer);
    return Number(u[0] > u[1] ? u[0] - u[1] : u[1] - u[0]);
  };
  for (let x = 1; x < 1e7; x = x * 1.00037 + 1e-9) {
    assert.ok(ulps(search.ln(x), Math.log(x)) <= 1, `ln(${x})`);
  }
  assert.equal(search.ln(1), 0);
  assert.equal(search.ln(Math.E), 1);
  assert.equal(search.ln(2), Math.LN2);
  // ranking.rs idf: 1 of 2 records, ln(2); half the records, ln(2) again.
  assert.equal(search.idf(2, 1), Math.LN2);
  assert.equal(search.idf(101, 50), search.ln(1 + 51.5 / 50.5));
});
