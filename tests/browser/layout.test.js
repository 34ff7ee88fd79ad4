'use strict';
// Layout on a phone (360×640) and on a laptop (1280×800): no page type
// overflows horizontally on the phone, the table of contents of a law is
// reachable there, and screenshots of home, a law and search results at both
// sizes are written to tests/output/screenshots/ (kept, not committed).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { PAGES, SCREENSHOTS, skip, start, openPage, visit } = require('./lib.js');

const PHONE = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

let env;
test.before(async () => { if (!skip) env = await start(['http']); }, { timeout: 120000 });
test.after(async () => { if (env) await env.close(); });

// What sticks out to the right of the viewport: the page's scroll width and
// the elements (outermost first) whose right edge passes it.
function overflow(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width && r.right > innerWidth + 0.5 && !out.some((o) => o.el.contains(el))) out.push({ el, r });
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth,
      culprits: out.slice(0, 5).map(({ el, r }) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''} right=${Math.round(r.right)}`),
    };
  });
}

for (const name of Object.keys(PAGES)) {
  test(`phone: ${name} does not overflow horizontally`, { skip, timeout: 30000 }, async () => {
    const page = await openPage(env.browser, PHONE);
    try {
      await visit(page, 'http', env.where.http, name);
      const o = await overflow(page);
      assert.equal(o.innerWidth, 360, 'the page is laid out for the phone, not zoomed out');
      assert.ok(o.scrollWidth <= o.innerWidth, `scrollWidth ${o.scrollWidth} > ${o.innerWidth}: ${o.culprits.join(', ')}`);
      if (name === 'home') {
        // With the quick results open, too.
        await page.fill('#q', 'an toan thong tin mang');
        await page.waitForSelector('#ket-qua-nhanh a.hit');
        const q = await overflow(page);
        assert.ok(q.scrollWidth <= q.innerWidth, `results: ${q.culprits.join(', ')}`);
      }
      assert.deepEqual(page.problems, []);
    } finally {
      await page.done();
    }
  });
}

test('phone: the table of contents of a law is reachable and its links work', { skip, timeout: 30000 }, async () => {
  const page = await openPage(env.browser, PHONE);
  try {
    await visit(page, 'http', env.where.http, 'law');
    const toc = page.locator('nav.toc');
    await toc.scrollIntoViewIfNeeded();
    assert.equal(await toc.isVisible(), true);
    const box = await toc.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360, `toc inside the screen: ${JSON.stringify(box)}`);
    const link = toc.locator('a[href="#dieu-11"]');
    await link.scrollIntoViewIfNeeded();
    await link.tap();
    await page.waitForFunction(() => location.hash === '#dieu-11');
    const top = await page.evaluate(() => document.getElementById('dieu-11').getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 640, `Điều 11 on screen (top ${top})`);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.done();
  }
});

for (const [size, options] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  for (const name of ['home', 'law', 'search']) {
    test(`screenshot: ${name} at ${size} size`, { skip, timeout: 30000 }, async () => {
      const page = await openPage(env.browser, options);
      try {
        await visit(page, 'http', env.where.http, name);
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
        const file = path.join(SCREENSHOTS, `${name}-${size}.png`);
        await page.screenshot({ path: file });
        assert.ok(fs.statSync(file).size > 10000, `${file} has content`);
        assert.deepEqual(page.problems, []);
      } finally {
        await page.done();
      }
    });
  }
}
