'use strict';
// A provision's copy-link control (a.pl, vanban.js): it puts the page URL
// with the provision's anchor on the clipboard (over http, clipboard
// permission granted) or shows the URL in a selected field to copy by hand
// (where the clipboard is not available); the provision scrolls into view.

const test = require('node:test');
const assert = require('node:assert/strict');
const { PAGES, skip, start, openPage, urlOf } = require('./lib.js');

const ANCHOR = 'dieu-5-khoan-2';
let env;
test.before(async () => { if (!skip) env = await start(); }, { timeout: 120000 });
test.after(async () => { if (env) await env.close(); });

// Where the provision is, relative to the viewport.
function inView(page, id) {
  return page.evaluate((i) => {
    const r = document.getElementById(i).getBoundingClientRect();
    return r.top >= 0 && r.top < innerHeight;
  }, ANCHOR);
}

test('http: by mouse and by keyboard, the link with its anchor goes to the clipboard', { skip, timeout: 30000 }, async () => {
  const page = await openPage(env.browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    const pageUrl = urlOf('http', env.where.http, PAGES.law);
    const want = `${pageUrl}#${ANCHOR}`;
    await page.goto(pageUrl);
    assert.equal(await inView(page, ANCHOR), false, 'the provision starts off screen');
    await page.click(`a.pl[href="#${ANCHOR}"]`);
    await page.waitForSelector('.toast');
    assert.equal(page.url(), want);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), want);
    assert.equal(await page.innerText('.toast'), `Đã sao chép liên kết: ${want}`);
    assert.equal(await inView(page, ANCHOR), true, 'the provision is scrolled into view');

    await page.evaluate(() => { navigator.clipboard.writeText(''); window.scrollTo(0, 0); document.querySelectorAll('.toast').forEach((t) => t.remove()); });
    await page.focus('a.pl[href="#dieu-7"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.toast');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${pageUrl}#dieu-7`);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.done();
  }
});

test('file: the link with its anchor is copied or shown', { skip, timeout: 30000 }, async () => {
  const page = await openPage(env.browser);
  try {
    const pageUrl = urlOf('file', env.where.file, PAGES.law);
    const want = `${pageUrl}#${ANCHOR}`;
    await page.goto(pageUrl);
    await page.click(`a.pl[href="#${ANCHOR}"]`);
    await page.waitForSelector('.toast');
    const shown = await page.evaluate(() => {
      const t = document.querySelector('.toast');
      const field = t.querySelector('input');
      return field ? field.value : t.textContent.replace(/^Đã sao chép liên kết: /, '');
    });
    assert.equal(shown, want);
    assert.equal(page.url(), want);
    assert.equal(await inView(page, ANCHOR), true, 'the provision is scrolled into view');
    assert.deepEqual(page.problems, []);
  } finally {
    await page.done();
  }
});

for (const mode of ['http', 'file']) {
  test(`${mode}: without a clipboard the link is shown selected, to copy by hand`, { skip, timeout: 30000 }, async () => {
    const page = await openPage(env.browser);
    try {
      await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
      const pageUrl = urlOf(mode, env.where[mode], PAGES.law);
      await page.goto(pageUrl);
      await page.click(`a.pl[href="#${ANCHOR}"]`);
      const field = await page.evaluate(() => {
        const f = document.activeElement;
        return { tag: f.tagName, inToast: !!f.closest('.toast'), value: f.value, selected: f.selectionEnd - f.selectionStart };
      });
      assert.deepEqual(field, { tag: 'INPUT', inToast: true, value: `${pageUrl}#${ANCHOR}`, selected: `${pageUrl}#${ANCHOR}`.length });
      assert.equal(await inView(page, ANCHOR), true);
      await page.keyboard.press('Escape');
      assert.equal(await page.locator('.toast').count(), 0);
      assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), `#${ANCHOR}`);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.done();
    }
  });
}
