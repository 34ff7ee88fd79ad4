'use strict';
// The print stylesheet gives a clean printed law: the site header, menus,
// search, breadcrumbs, table of contents, copy-link controls and footer are
// hidden, the title, metadata and text are printed. The PDF is kept in
// tests/output/ (not committed).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, skip, start, openPage, visit } = require('./lib.js');

let env;
test.before(async () => { if (!skip) env = await start(['http']); }, { timeout: 120000 });
test.after(async () => { if (env) await env.close(); });

test('http: a law prints without the site around it', { skip, timeout: 60000 }, async () => {
  const page = await openPage(env.browser);
  try {
    await visit(page, 'http', env.where.http, 'law');
    await page.emulateMedia({ media: 'print' });
    const shown = (sel) => page.evaluate((s) => [...document.querySelectorAll(s)].map((e) => e.getClientRects().length > 0), sel);
    for (const sel of ['header.site', 'nav', 'form.search', '#q', 'footer.site', 'nav.toc', 'nav.crumbs', 'a.pl', 'a.skip']) {
      const list = await shown(sel);
      assert.ok(list.length > 0 && list.every((v) => !v), `${sel} is hidden in print`);
    }
    for (const sel of ['h1', 'dl.meta', 'section.body', '#dieu-5']) {
      assert.deepEqual(await shown(sel), [true], `${sel} is printed`);
    }
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.body p')).color), 'rgb(0, 0, 0)');
    const out = path.join(ROOT, 'tests', 'output');
    fs.mkdirSync(out, { recursive: true });
    const pdf = await page.pdf({ path: path.join(out, 'law-print.pdf'), format: 'A4' });
    const pages = (String(pdf).match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages >= 5 && pages < 60, `${pages} pages`);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.done();
  }
});
