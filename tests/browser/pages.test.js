'use strict';
// Every page type of the bundled hub loads over http and from disk (file://,
// the --offline build) with no console error, no page error and no failed
// request, and is a Vietnamese page with one title.

const test = require('node:test');
const assert = require('node:assert/strict');
const { PAGES, skip, start, openPage, visit } = require('./lib.js');

let env;
test.before(async () => { if (!skip) env = await start(); }, { timeout: 120000 });
test.after(async () => { if (env) await env.close(); });

for (const mode of ['http', 'file']) {
  for (const name of Object.keys(PAGES)) {
    test(`${mode}: ${name} (${PAGES[name] || 'home'}) loads cleanly`, { skip, timeout: 30000 }, async () => {
      const page = await openPage(env.browser);
      try {
        const response = await visit(page, mode, env.where[mode], name);
        if (mode === 'http') assert.equal(response.status(), name === 'notFound' ? 404 : 200);
        await page.waitForLoadState('networkidle');
        assert.equal(await page.getAttribute('html', 'lang'), 'vi');
        assert.equal(await page.locator('h1').count(), 1);
        assert.ok((await page.title()).length > 0);
        if (name === 'search') assert.ok(await page.locator('#tk-ket-qua a.hit').count() > 0, 'results shown');
        assert.equal(await page.locator('.skip').evaluate((e) => getComputedStyle(e).position), 'absolute', 'the stylesheet applies');
        assert.deepEqual(page.problems, []);
      } finally {
        await page.done();
      }
    });
  }
}
