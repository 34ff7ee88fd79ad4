'use strict';
// The header search box of the bundled hub, over http and file://: typing
// with or without diacritics shows the same results, Enter opens the top
// result at its provision, "/" focuses the box, arrow keys move through the
// results and Escape closes them.

const test = require('node:test');
const assert = require('node:assert/strict');
const { PAGES, skip, start, openPage, urlOf } = require('./lib.js');

let env;
test.before(async () => { if (!skip) env = await start(); }, { timeout: 120000 });
test.after(async () => { if (env) await env.close(); });

// Types `q` into the header box and waits for its results; returns their hrefs.
async function typeQuery(page, q) {
  await page.fill('#q', '');
  await page.type('#q', q);
  await page.waitForFunction((query) => {
    const box = document.getElementById('ket-qua-nhanh');
    return !box.hidden && box.getAttribute('data-query') === query;
  }, q);
  return page.$$eval('#ket-qua-nhanh a.hit', (as) => as.map((a) => a.href));
}

// The id of the :target element, and whether it is on screen.
function target(page) {
  return page.evaluate(() => {
    const el = document.querySelector(':target');
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { id: el.id, visible: r.top >= 0 && r.top < innerHeight };
  });
}

for (const mode of ['http', 'file']) {
  const url = (name) => urlOf(mode, env.where[mode], PAGES[name]);

  test(`${mode}: with and without diacritics the box shows the same results`, { skip, timeout: 30000 }, async () => {
    const page = await openPage(env.browser);
    try {
      await page.goto(url('home'));
      const accented = await typeQuery(page, 'phần mềm độc hại');
      assert.ok(accented.length >= 2, 'results shown');
      assert.match(await page.innerText('#ket-qua-nhanh a.hit >> nth=0'), /Phòng ngừa, phát hiện, ngăn chặn và xử lý phần mềm độc hại/);
      assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'true');
      const plain = await typeQuery(page, 'phan mem doc hai');
      assert.deepEqual(plain.slice(0, 3), accented.slice(0, 3));
      assert.match(await page.innerHTML('#ket-qua-nhanh a.hit >> nth=0'), /<mark>phần<\/mark> <mark>mềm<\/mark> <mark>độc<\/mark> <mark>hại<\/mark>/);
      await typeQuery(page, 'xyzzy qwerty');
      assert.match(await page.innerText('#ket-qua-nhanh'), /Không tìm thấy kết quả/);
      assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'false');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.done();
    }
  });

  test(`${mode}: Enter opens the top result at its provision`, { skip, timeout: 30000 }, async () => {
    const page = await openPage(env.browser);
    try {
      await page.goto(url('plan'));
      const hrefs = await typeQuery(page, 'phan mem doc hai');
      assert.match(hrefs[0], /luat\/86-2015-qh13\/(index\.html)?#dieu-11$/);
      await page.keyboard.press('Enter');
      await page.waitForURL(hrefs[0]);
      await page.waitForFunction(() => document.querySelector(':target'));
      assert.deepEqual(await target(page), { id: 'dieu-11', visible: true });
      assert.deepEqual(page.problems, []);
    } finally {
      await page.done();
    }
  });

  test(`${mode}: "/" focuses the box, arrows move through results, Escape closes`, { skip, timeout: 30000 }, async () => {
    const page = await openPage(env.browser);
    try {
      await page.goto(url('law'));
      await page.keyboard.press('/');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
      assert.equal(await page.inputValue('#q'), '', '"/" is not typed into the box');
      await page.keyboard.type('chuyen doi so');
      await page.waitForFunction(() => document.getElementById('ket-qua-nhanh').getAttribute('data-query') === 'chuyen doi so');
      const hrefs = await page.$$eval('#ket-qua-nhanh a.hit', (as) => as.map((a) => a.href));
      assert.ok(hrefs.length >= 3);
      const selected = () => page.evaluate(() => {
        const sel = [...document.querySelectorAll('#ket-qua-nhanh a.hit')].findIndex((a) => a.getAttribute('aria-selected') === 'true');
        const active = document.getElementById('q').getAttribute('aria-activedescendant');
        return { sel, active, focus: document.activeElement.id };
      });
      await page.keyboard.press('ArrowDown');
      assert.deepEqual(await selected(), { sel: 0, active: 'kqn-0', focus: 'q' });
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.deepEqual(await selected(), { sel: 2, active: 'kqn-2', focus: 'q' });
      await page.keyboard.press('ArrowUp');
      assert.deepEqual(await selected(), { sel: 1, active: 'kqn-1', focus: 'q' });
      await page.keyboard.press('Escape');
      assert.equal(await page.isHidden('#ket-qua-nhanh'), true);
      assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'false');
      assert.equal(await page.inputValue('#q'), 'chuyen doi so', 'Escape closes the results, keeps the query');
      await page.keyboard.press('ArrowDown');
      await page.waitForSelector('#ket-qua-nhanh a.hit');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForURL(hrefs[1]);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.done();
    }
  });
}

// A question that cites a clause of a law by the law's name: the search page's
// window.vanban.search puts that clause first, and Enter in the header box
// lands on it.
for (const mode of ['http', 'file']) {
  const url = (name) => urlOf(mode, env.where[mode], PAGES[name]);
  const q = 'khoản 2 Điều 5 Luật An toàn thông tin mạng';

  test(`${mode}: a cited clause of a named law comes first and opens at its place`, { skip, timeout: 30000 }, async () => {
    const page = await openPage(env.browser);
    try {
      await page.goto(url('search'));
      await page.waitForFunction(() => window.vanban && typeof window.vanban.search === 'function');
      const [first] = await page.evaluate((query) => window.vanban.search(query, { limit: 1 }), q);
      assert.equal(first.number, '86/2015/QH13');
      assert.equal(first.anchor, 'dieu-5-khoan-2');
      const hrefs = await typeQuery(page, q);
      assert.match(hrefs[0], /luat\/86-2015-qh13\/(index\.html)?#dieu-5-khoan-2$/);
      await page.keyboard.press('Enter');
      await page.waitForURL(hrefs[0]);
      await page.waitForFunction(() => document.querySelector(':target'));
      assert.deepEqual(await target(page), { id: 'dieu-5-khoan-2', visible: true });
      assert.deepEqual(page.problems, []);
    } finally {
      await page.done();
    }
  });
}
