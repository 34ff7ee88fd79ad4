'use strict';
// The development questions of tests/questions/dev.jsonl (scored by
// scripts/eval-questions): their shape, the fixed split rule, and that every
// pair points at an article that exists in the law text of
// ../shared/corpus/vn-laws. Whether the article answers the question was
// checked by hand when the pair was written (tests/questions/README.md).
// Run with: node --test tests/js/

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const CORPUS = path.join(ROOT, '..', 'shared', 'corpus', 'vn-laws');
const STYLES = ['natural', 'statement', 'choice', 'names-law', 'no-diacritics'];
const pairs = fs.readFileSync(path.join(ROOT, 'tests', 'questions', 'dev.jsonl'), 'utf8')
  .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

test('at least 240 pairs over at least 80 laws, every style present', () => {
  assert.ok(pairs.length >= 240, `${pairs.length} pairs`);
  assert.ok(new Set(pairs.map((p) => p.law_file)).size >= 80);
  for (const s of STYLES) assert.ok(pairs.some((p) => p.style === s), s);
  const plain = pairs.filter((p) => p.style === 'no-diacritics').length;
  assert.ok(plain >= pairs.length / 10, `${plain} questions without diacritics`);
});

test('every pair has the documented fields, a unique id and the split of its id', () => {
  const ids = new Set();
  for (const p of pairs) {
    assert.deepEqual(Object.keys(p), ['id', 'question', 'law_file', 'number', 'article', 'style', 'split'], p.id);
    assert.match(p.id, /^q\d{3}$/);
    assert.ok(!ids.has(p.id), `${p.id} twice`);
    ids.add(p.id);
    assert.equal(p.split, Number(p.id.slice(1)) % 5 === 0 ? 'holdout' : 'tune', p.id);
    assert.ok(STYLES.includes(p.style), p.id);
    assert.match(p.article, /^dieu-\d+[a-z]*$/, p.id);
    assert.equal(p.question, p.question.normalize('NFC'), `${p.id} is not NFC`);
    // eslint-disable-next-line no-control-regex
    const ascii = /^[\x00-\x7f]*$/.test(p.question);
    assert.equal(ascii, p.style === 'no-diacritics', `${p.id}: diacritics and style disagree`);
  }
});

test('no question is asked twice', () => {
  const seen = new Map();
  for (const p of pairs) {
    const q = p.question.toLowerCase();
    assert.ok(!seen.has(q), `${p.id} repeats ${seen.get(q)}`);
    seen.set(q, p.id);
  }
});

// Syllables, lower case, diacritics folded.
const syllables = (text) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
  .replace(/đ/g, 'd').match(/[0-9a-z]+/g) || [];

// The longest run of consecutive syllables of `question` found in `text`.
function longestShared(question, text) {
  const hay = ` ${syllables(text).join(' ')} `;
  const q = syllables(question);
  let best = 0;
  for (let i = 0; i < q.length; i++) {
    for (let j = i + best + 1; j <= q.length && hay.includes(` ${q.slice(i, j).join(' ')} `); j++) best = j - i;
  }
  return best;
}

test('every article exists in its law as written in the corpus, and no question copies it', () => {
  assert.ok(fs.existsSync(CORPUS), `${CORPUS} is missing: this test reads the real texts of ../shared/corpus, which must be checked out next to the repository`);
  const texts = new Map();
  for (const p of pairs) {
    const file = path.join(CORPUS, p.law_file);
    assert.ok(fs.existsSync(file), `${p.id}: ${p.law_file} is not in the corpus`);
    if (!texts.has(file)) texts.set(file, fs.readFileSync(file, 'utf8'));
    const text = texts.get(file);
    const n = p.article.slice('dieu-'.length);
    const heading = new RegExp(`^\\s*(#+\\s*)?Điều\\s+${n}(?![0-9a-z])`, 'mi');
    const at = text.search(heading);
    assert.ok(at >= 0, `${p.id}: no Điều ${n} in ${p.law_file}`);
    const rest = text.slice(at + 1);
    const next = rest.search(/^\s*(#+\s*)?(Điều\s+\d|Chương\s)/mi);
    const article = next < 0 ? rest : rest.slice(0, next);
    // Names of certificates and bodies run to 12 syllables ("giấy chứng nhận
    // đủ điều kiện kinh doanh dịch vụ kiểm toán"); a longer shared
    // run means a sentence of the article was copied.
    assert.ok(longestShared(p.question, article) <= 12, `${p.id} copies its article`);
  }
});
