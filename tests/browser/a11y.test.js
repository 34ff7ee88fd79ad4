'use strict';
// Accessibility of every page type of the bundled hub: axe-core reports no
// violation of WCAG 2.0/2.1 A and AA (nor of its best practices: landmarks,
// heading order), the page is lang="vi" with one banner, main and
// contentinfo and headings in order, and the keyboard alone reaches the skip
// link, the search box and the content, with a visible focus outline.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { PAGES, skip, start, openPage, visit } = require('./lib.js');

const AXE = skip ? '' : fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let env;
test.before(async () => { if (!skip) env = await start(['http', 'file']); }, { timeout: 120000 });
test.after(async () => { if (env) await env.close(); });

// axe's violations on the page as it is now, one line each.
async function axe(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE });
  // axe reads the stylesheets again for its CSS rules; file:// forbids that (not the page's fault).
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], preload: location.protocol !== 'file:',
  }), TAGS);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

// Landmarks and headings, as a screen reader lists them.
function outline(page) {
  return page.evaluate(() => {
    const top = (sel) => [...document.querySelectorAll(sel)].filter((e) => !e.parentElement.closest('article,aside,main,nav,section')).length;
    const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter((h) => h.getClientRects().length).map((h) => Number(h.tagName[1]));
    const skips = levels.filter((l, i) => i > 0 && l > levels[i - 1] + 1).length;
    const unnamedNav = [...document.querySelectorAll('nav')].filter((n) => !n.getAttribute('aria-label') && !n.getAttribute('aria-labelledby')).length;
    return { lang: document.documentElement.lang, banner: top('header'), main: document.querySelectorAll('main').length, contentinfo: top('footer'), firstHeading: levels[0], h1: levels.filter((l) => l === 1).length, skips, unnamedNav };
  });
}
const OUTLINE = { lang: 'vi', banner: 1, main: 1, contentinfo: 1, firstHeading: 1, h1: 1, skips: 0, unnamedNav: 0 };

// From disk, a page differs from its http twin only in its link targets and
// the web-app manifest, except where scripts build it (the search box, the
// search page's results): axe runs on those; every page is checked for lang,
// landmarks and headings in both modes.
const AXE_FROM_DISK = new Set(['home', 'search']);

for (const mode of ['http', 'file']) {
  for (const name of Object.keys(PAGES)) {
    const withAxe = mode === 'http' || AXE_FROM_DISK.has(name);
    test(`${mode}: ${name}: ${withAxe ? 'axe finds no violation; ' : ''}lang, landmarks and headings`, { skip, timeout: 30000 }, async () => {
      const page = await openPage(env.browser);
      try {
        await visit(page, mode, env.where[mode], name);
        if (withAxe) assert.deepEqual(await axe(page), []);
        assert.deepEqual(await outline(page), OUTLINE);
        assert.deepEqual(page.problems, []);
      } finally {
        await page.done();
      }
    });
  }
}

// Three runs of axe: the longest browser test, given room on a loaded machine.
test('http: axe finds no violation with the results box open, empty, and the copy-link field shown', { skip, timeout: 90000 }, async () => {
  const page = await openPage(env.browser);
  try {
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
    await visit(page, 'http', env.where.http, 'law');
    await page.fill('#q', 'an toàn thông tin');
    await page.waitForSelector('#ket-qua-nhanh a.hit');
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await axe(page), [], 'results');
    await page.fill('#q', 'xyzzy qwerty');
    await page.waitForFunction(() => /Không tìm thấy/.test(document.getElementById('ket-qua-nhanh').textContent));
    assert.deepEqual(await axe(page), [], 'no results');
    await page.keyboard.press('Escape');
    await page.click('a.pl[href="#dieu-7"]');
    await page.waitForSelector('.toast input');
    assert.deepEqual(await axe(page), [], 'copy-link field');
    assert.deepEqual(page.problems, []);
  } finally {
    await page.done();
  }
});

// The focused element, and its outline (only :focus-visible styles it).
function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    return {
      what: e.id ? `#${e.id}` : `${e.tagName.toLowerCase()}${e.className ? '.' + e.className : ''}`,
      inMain: !!e.closest('main'),
      focusVisible: e.matches(':focus-visible'),
      outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
      onScreen: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth,
    };
  });
}

for (const name of ['home', 'law', 'search']) {
  test(`http: ${name} by keyboard alone: skip link, search box, content, each with a visible focus outline`, { skip, timeout: 30000 }, async () => {
    const page = await openPage(env.browser);
    try {
      await visit(page, 'http', env.where.http, name);
      const seen = [];
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('Tab');
        const f = await focused(page);
        seen.push(f);
        assert.ok(f.focusVisible && f.outline && f.onScreen, `focus on ${f.what} is visible: ${JSON.stringify(f)}`);
        if (f.inMain) break;
      }
      assert.equal(seen[0].what, 'a.skip', 'the first Tab reaches the skip link');
      assert.ok(seen.some((f) => f.what === '#q'), `the search box is reached: ${seen.map((f) => f.what)}`);
      assert.ok(seen[seen.length - 1].inMain, 'the content is reached');
      // The skip link jumps over the header: the next Tab lands in the content.
      await page.keyboard.press('Shift+Tab');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.focus('a.skip');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      const after = await focused(page);
      assert.ok(after.inMain && after.focusVisible && after.outline, `after the skip link: ${JSON.stringify(after)}`);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.done();
    }
  });
}
