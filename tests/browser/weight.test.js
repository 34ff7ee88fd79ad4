'use strict';
// Page weight: the home page and a law page load, before search is used,
// under 100 KB of HTML+CSS+JS measured gzip-compressed (each response body
// compressed at gzip's default level), with no web font and nothing from
// another origin.

const test = require('node:test');
const assert = require('node:assert/strict');
const zlib = require('node:zlib');
const { skip, start, openPage, visit } = require('./lib.js');

const BUDGET = 100 * 1024;
let env;
test.before(async () => { if (!skip) env = await start(['http']); }, { timeout: 120000 });
test.after(async () => { if (env) await env.close(); });

for (const name of ['home', 'law']) {
  test(`http: ${name} weighs under 100 KB gzip, no fonts, no third parties`, { skip, timeout: 30000 }, async (t) => {
    const page = await openPage(env.browser);
    try {
      const responses = [];
      page.on('response', (r) => responses.push(r));
      await visit(page, 'http', env.where.http, name);
      await page.waitForLoadState('networkidle');
      const rows = [];
      for (const r of responses) {
        const body = await r.body();
        rows.push({ url: r.url(), type: r.request().resourceType(), raw: body.length, gzip: zlib.gzipSync(body).length });
      }
      const total = rows.reduce((s, r) => s + r.gzip, 0);
      const table = rows.map((r) => `${r.type} ${r.url.slice(env.where.http.length) || '/'} ${r.raw} B → ${r.gzip} B gzip`).join('\n');
      t.diagnostic(`${name}: ${(total / 1024).toFixed(1)} KB gzip in ${rows.length} requests`);
      for (const line of table.split('\n')) t.diagnostic(line);
      assert.ok(total < BUDGET, `${total} B gzip:\n${table}`);
      assert.deepEqual(rows.filter((r) => !r.url.startsWith(env.where.http)).map((r) => r.url), [], 'third-party requests');
      assert.deepEqual(rows.filter((r) => r.type === 'font' || /\.(woff2?|ttf|otf|eot)$/.test(r.url)).map((r) => r.url), [], 'web fonts');
      assert.ok(rows.every((r) => ['document', 'stylesheet', 'script', 'image'].includes(r.type) || /favicon\.svg$/.test(r.url)), table);
      const fontFaces = await page.evaluate(() => [...document.styleSheets].flatMap((s) => [...s.cssRules]).filter((r) => r instanceof CSSFontFaceRule).length);
      assert.equal(fontFaces, 0, '@font-face rules');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.done();
    }
  });
}
