'use strict';
// The browser side of scripts/eval-questions (run by scripts/eval_questions.py).
//
//   node scripts/eval_questions.js client   OUTPUT QUESTIONS.json RESULTS.json
//   node scripts/eval_questions.js chromium OUTPUT QUESTIONS.json RESULTS.json
//
// OUTPUT is a built site (its public/ folder); QUESTIONS.json a list of
// {id, question}. Writes {results: {id: [{number, anchor, url, score}]},
// times: {id: ms}} to RESULTS.json.
//
// client: the search client of the build (OUTPUT/static/vanban-search.js) run
// in node through its public API, createClient(loader).search(q, {limit: 10}),
// with the file loader of tests/js/helpers.js (each export file run as the
// classic script a page would run), one client for all questions.
//
// chromium: OUTPUT served on a loopback port (tests/browser/lib.js), the search
// page opened once in headless Chromium and, after one warm-up query that is
// not a question, each question timed in the page around
// `await window.vanban.search(q, {limit: 10})`: every question is new to the
// page, so the time includes loading the files it needs over loopback.

const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = path.join(__dirname, '..');
const [mode, output, questionsFile, resultsFile] = process.argv.slice(2);
if (!['client', 'chromium'].includes(mode) || !output || !questionsFile || !resultsFile) {
  console.error('usage: node scripts/eval_questions.js client|chromium OUTPUT QUESTIONS.json RESULTS.json');
  process.exit(2);
}
const questions = JSON.parse(fs.readFileSync(questionsFile, 'utf8'));
const WARM_UP = 'quyền và nghĩa vụ của tổ chức';
const brief = (hits) => hits.map((h) => ({ number: h.number, anchor: h.anchor || '', url: h.url, score: h.score }));

async function inNode() {
  const { fileLoader } = require(path.join(ROOT, 'tests', 'js', 'helpers.js'));
  const search = require(path.resolve(output, 'static', 'vanban-search.js'));
  // fileLoader runs each file in a vm context of its own; a client that keeps
  // the data of hundreds of files from as many contexts slows down query
  // after query (10 s a question after 30 questions), so each file's data is
  // copied into this context (plain data: arrays, objects, strings).
  const load = fileLoader(output);
  const client = search.createClient((name) => load(name).then((data) => {
    try {
      return structuredClone(data);
    } catch (e) {
      return data;
    }
  }));
  const results = {};
  const times = {};
  for (const q of questions) {
    const t0 = performance.now();
    const hits = await client.search(q.question, { limit: 10 });
    times[q.id] = performance.now() - t0;
    results[q.id] = brief(hits);
  }
  return { results, times };
}

async function inChromium() {
  const lib = require(path.join(ROOT, 'tests', 'browser', 'lib.js'));
  const server = await lib.serve(path.resolve(output));
  const browser = await lib.launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.base}tim-kiem/`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.vanban && typeof window.vanban.search === 'function');
    const run = (q) => page.evaluate(async (query) => {
      const t0 = performance.now();
      const hits = await window.vanban.search(query, { limit: 10 });
      const ms = performance.now() - t0;
      return { ms, hits: hits.map((h) => ({ number: h.number, anchor: h.anchor || '', url: h.url, score: h.score })) };
    }, q);
    const warm = await run(WARM_UP);
    const results = {};
    const times = {};
    for (const q of questions) {
      const r = await run(q.question);
      results[q.id] = r.hits;
      times[q.id] = r.ms;
    }
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return { results, times, warmUp: { query: WARM_UP, ms: warm.ms } };
  } finally {
    await browser.close();
    await server.close();
  }
}

(mode === 'client' ? inNode() : inChromium())
  .then((r) => fs.writeFileSync(resultsFile, JSON.stringify(r)))
  .catch((e) => { console.error(e); process.exit(1); });
