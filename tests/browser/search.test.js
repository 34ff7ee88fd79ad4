'use strict';
// The search in a real browser: headless Debian Chromium driven by
// playwright-core, on the fixture site opened from disk (file://, built with
// --offline) and served over http by python3 -m http.server on a loopback
// port. Run with: node --test tests/browser/   (after cargo build; needs the
// Debian packages chromium and chromium-driver, see scripts/test).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { pathToFileURL } = require('node:url');
const { buildFixture, cliSearch } = require('../js/helpers.js');

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let chromium = null;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  chromium = null;
}
const missing = !chromium ? 'playwright-core is not installed (npm ci)' : !fs.existsSync(CHROMIUM) ? `${CHROMIUM} is missing (apt-get install chromium chromium-driver)` : null;
// A missing browser fails the run (scripts/test installs it) unless VANBAN_SKIP_BROWSER=1.
const skip = missing && process.env.VANBAN_SKIP_BROWSER ? missing : false;

let browser, server, base, offline, online;

test.before(async () => {
  if (skip) return;
  if (missing) throw new Error(missing);
  offline = buildFixture(['--offline']);
  online = buildFixture();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  server = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', online.output], { stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('http.server did not start')), 10000);
    server.stdout.on('data', (chunk) => {
      const m = /port (\d+)/.exec(String(chunk));
      if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}/`); }
    });
    server.on('exit', (code) => reject(new Error(`http.server exited with ${code}`)));
  });
});

test.after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
  for (const s of [offline, online]) if (s) fs.rmSync(s.site, { recursive: true, force: true });
});

function fileUrl(rel) {
  return pathToFileURL(path.join(offline.output, rel)).href;
}

async function page() {
  const p = await browser.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  // Resource errors are checked by URL (the browser asks for /favicon.ico, and
  // drops the icon's request when a result is opened before it has loaded).
  p.on('console', (m) => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push(m.text()); });
  p.on('response', (r) => { if (r.status() >= 400 && !/favicon\.(ico|svg)$/.test(r.url())) errors.push(`${r.status()} ${r.url()}`); });
  p.on('requestfailed', (r) => { if (!/favicon\.(ico|svg)$/.test(r.url())) errors.push(`failed ${r.url()}`); });
  p.errors = errors;
  return p;
}

async function typeQuery(p, q) {
  await p.click('#q');
  await p.keyboard.type(q);
  await p.waitForFunction((query) => {
    const box = document.getElementById('ket-qua-nhanh');
    return box && !box.hidden && box.getAttribute('data-query') === query;
  }, q);
}

for (const mode of ['file', 'http']) {
  const url = (rel) => (mode === 'file' ? fileUrl(rel) : base + rel.replace(/index\.html$/, ''));

  test(`${mode}: a query without diacritics finds the accented article; clicking lands on its anchor`, { skip }, async () => {
    const p = await page();
    await p.goto(url('index.html'));
    await typeQuery(p, 'phan mem doc hai');
    const first = p.locator('#ket-qua-nhanh a.hit').first();
    assert.match(await first.innerText(), /Phòng ngừa, phát hiện, ngăn chặn và xử lý phần mềm độc hại/);
    assert.match(await first.innerHTML(), /<mark>phần<\/mark> <mark>mềm<\/mark> <mark>độc<\/mark> <mark>hại<\/mark>/);
    await first.click();
    await p.waitForURL(/#dieu-11$/);
    assert.match(p.url(), mode === 'file' ? /luat\/86-2015-qh13\/index\.html#dieu-11$/ : /luat\/86-2015-qh13\/#dieu-11$/);
    assert.equal(await p.evaluate(() => document.querySelector(':target') && document.querySelector(':target').id), 'dieu-11');
    assert.deepEqual(p.errors, []);
    await p.close();
  });

  test(`${mode}: keyboard — "/" focuses, arrows move, Enter opens the selected result`, { skip }, async () => {
    const p = await page();
    await p.goto(url('luat/24-2018-qh14/index.html'));
    await p.keyboard.press('/');
    assert.equal(await p.evaluate(() => document.activeElement.id), 'q');
    await p.keyboard.type('hợp tác quốc tế về an toàn thông tin mạng');
    await p.waitForFunction(() => !document.getElementById('ket-qua-nhanh').hidden && document.querySelector('#ket-qua-nhanh a.hit'));
    await p.waitForFunction(() => document.getElementById('ket-qua-nhanh').getAttribute('data-query') === document.getElementById('q').value);
    const hrefs = await p.$$eval('#ket-qua-nhanh a.hit', (as) => as.map((a) => a.href));
    assert.ok(hrefs.length >= 2);
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('ArrowDown');
    assert.equal(await p.getAttribute('#ket-qua-nhanh a.hit:nth-child(2)', 'aria-selected'), 'true');
    await p.keyboard.press('Enter');
    await p.waitForURL(hrefs[1]);
    assert.equal(p.url(), hrefs[1]);
    // Enter without moving opens the top result.
    await p.goto(url('index.html'));
    await typeQuery(p, 'hop tac quoc te ve an toan thong tin mang');
    await p.keyboard.press('Enter');
    await p.waitForURL(/#dieu-6$/);
    assert.deepEqual(p.errors, []);
    await p.close();
  });

  test(`${mode}: window.vanban.search returns the CLI's top 10`, { skip }, async () => {
    const p = await page();
    await p.goto(url('index.html'));
    await p.waitForFunction(() => window.vanban && typeof window.vanban.search === 'function');
    for (const q of ['an toan thong tin mang', 'Giao dịch điện tử', '86/2015/QH13', 'nguoi lao dong']) {
      const got = await p.evaluate((query) => window.vanban.search(query, { limit: 10 }), q);
      const want = cliSearch(online.site, q, ['--limit', '10']);
      assert.deepEqual(got.map((h) => [h.url, h.anchor, h.score]), want.map((h) => [h.url, h.anchor, h.score]), q);
      assert.deepEqual(Object.keys(got[0]), ['number', 'title', 'url', 'anchor', 'score', 'snippet']);
    }
    await p.close();
  });

  test(`${mode}: the search page reads ?q= and filters by status`, { skip }, async () => {
    const p = await page();
    const q = encodeURIComponent('giao dich dien tu');
    await p.goto(url('tim-kiem/index.html') + `?q=${q}`);
    await p.waitForSelector('#tk-ket-qua a.hit');
    assert.equal(await p.inputValue('#tk-q'), 'giao dich dien tu');
    assert.match(await p.innerText('#tk-thong-tin'), /kết quả/);
    const all = await p.$$eval('#tk-ket-qua a.hit .crumb', (s) => s.map((x) => x.textContent));
    assert.ok(all.some((c) => !c.includes('51/2005/QH11')), 'other laws too');
    await p.selectOption('#tk-tinh-trang', 'het-hieu-luc');
    await p.waitForFunction(() => /het-hieu-luc/.test(location.search) && document.querySelector('#tk-ket-qua a.hit'));
    await p.waitForFunction(() => [...document.querySelectorAll('#tk-ket-qua a.hit .crumb')].every((c) => /51\/2005\/QH11|80\/2015\/QH13/.test(c.textContent)));
    await p.selectOption('#tk-loai', 'bo-luat');
    await p.waitForFunction(() => /Không tìm thấy/.test(document.getElementById('tk-thong-tin').textContent));
    assert.deepEqual(p.errors, []);
    await p.close();
  });
}

test('the search page has a noscript fallback', { skip }, () => {
  const html = fs.readFileSync(path.join(offline.output, 'tim-kiem', 'index.html'), 'utf8');
  assert.match(html, /<noscript>[\s\S]*JavaScript[\s\S]*<\/noscript>/);
});
