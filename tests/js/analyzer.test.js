'use strict';
// Runs the shared vectors of tests/analyzer-vectors.json (the ones the Rust
// analyzer passes too) against themes/default/static/vanban-analyzer.js.
// Run with: node --test tests/js/

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const ROOT = path.join(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'themes', 'default', 'static', 'vanban-analyzer.js');
const VECTORS = path.join(ROOT, 'tests', 'analyzer-vectors.json');

const analyzer = require(SCRIPT);
const vectors = JSON.parse(fs.readFileSync(VECTORS, 'utf8'));

// Code-point length of a string prefix: the vectors count code points,
// the JavaScript tokens count UTF-16 code units.
function codePoints(text, units) {
  return Array.from(text.slice(0, units)).length;
}

test('there are enough vectors', () => {
  assert.ok(vectors.text.length >= 80, `only ${vectors.text.length} text vectors`);
  assert.ok(vectors.numbers.length > 0);
  assert.ok(vectors.queries.length > 0);
});

// textTerms is the three analyses in one pass, run twice so its remembered
// syllables are read back: on the hub's own documents, the same terms.
test('textTerms gives what foldedTerms, exactTerms and pairTerms give', () => {
  const dir = path.join(ROOT, 'content');
  const files = [];
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p); else if (e.name.endsWith('.md')) files.push(p);
  });
  walk(dir);
  assert.ok(files.length >= 10, `${files.length} content files`);
  for (let round = 0; round < 2; round++) {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      assert.deepEqual(analyzer.textTerms(text), {
        folded: analyzer.foldedTerms(text), exact: analyzer.exactTerms(text), pairs: analyzer.pairTerms(text),
      }, file);
    }
  }
});

for (const v of vectors.text) {
  test(`text ${JSON.stringify(v.input)}`, () => {
    assert.deepEqual(analyzer.foldedTerms(v.input), v.folded, 'foldedTerms');
    assert.deepEqual(analyzer.exactTerms(v.input), v.exact, 'exactTerms');
    assert.deepEqual(analyzer.pairTerms(v.input), v.pairs, 'pairTerms');
    assert.deepEqual(analyzer.textTerms(v.input), { folded: v.folded, exact: v.exact, pairs: v.pairs }, 'textTerms');
    assert.equal(analyzer.hasDiacritics(v.input), v.has_diacritics, 'hasDiacritics');
    if (v.syllables) {
      const text = analyzer.nfc(v.input);
      const got = analyzer.syllables(v.input).map((t) => {
        assert.equal(text.slice(t.start, t.end), t.text, 'offsets slice the NFC text');
        return [t.text, codePoints(text, t.start), codePoints(text, t.end)];
      });
      assert.deepEqual(got, v.syllables, 'syllables');
    }
  });
}

for (const v of vectors.numbers) {
  test(`number ${JSON.stringify(v.input)}`, () => {
    assert.deepEqual(analyzer.numberTerms(v.input), v.number_terms);
  });
}

for (const v of vectors.queries) {
  test(`query ${JSON.stringify(v.input)}`, () => {
    assert.deepEqual(analyzer.queryNumberTerms(v.input), v.query_number_terms, 'queryNumberTerms');
    assert.deepEqual(analyzer.queryNumbers(v.input), v.query_numbers, 'queryNumbers');
    if (v.document) {
      const indexed = analyzer.numberTerms(v.document);
      const missing = analyzer.queryNumberTerms(v.input).filter((t) => !indexed.includes(t));
      assert.deepEqual(missing, [], 'every query term is indexed for the document');
    }
  });
}

test('pairTokens span both syllables, in UTF-16 offsets', () => {
  const text = 'Chuyển đổi số';
  const pairs = analyzer.pairTokens(text);
  assert.deepEqual(pairs, [
    { text: 'chuyen_doi', start: 0, end: 10 },
    { text: 'doi_so', start: 7, end: 13 },
  ]);
});

test('offsets index the NFC text, not the input', () => {
  const tokens = analyzer.syllables('Vie\u0323\u0302t Nam');
  assert.deepEqual(tokens, [
    { text: 'Việt', start: 0, end: 4 },
    { text: 'Nam', start: 5, end: 8 },
  ]);
});

test('exact view is idempotent and folds like the input', () => {
  for (const word of ['hòa', 'thủy', 'qúy', 'ngòai', 'hóà', 'email', 'Ủy', 'gìa']) {
    const once = analyzer.exactTerm(word);
    assert.equal(analyzer.exactTerm(once), once, word);
    assert.equal(analyzer.fold(once), analyzer.fold(word), word);
  }
});

test('missing input is the empty string', () => {
  for (const input of [undefined, null, '']) {
    assert.deepEqual(analyzer.foldedTerms(input), []);
    assert.deepEqual(analyzer.numberTerms(input), []);
    assert.deepEqual(analyzer.queryNumberTerms(input), []);
    assert.equal(analyzer.hasDiacritics(input), false);
  }
});

test('as a classic script it defines vanbanAnalyzer on the global object', () => {
  const source = fs.readFileSync(SCRIPT, 'utf8');
  const context = vm.createContext({});
  vm.runInContext(source, context, { filename: SCRIPT });
  assert.equal(typeof context.vanbanAnalyzer, 'object');
  assert.equal(context.vanbanAnalyzer.fold('Chuyển ĐỔI số'), 'chuyen doi so');
  assert.equal(
    JSON.stringify(context.vanbanAnalyzer.queryNumberTerms('QĐ-TTg 1690')),
    '["1690","qd-ttg"]',
  );
});
