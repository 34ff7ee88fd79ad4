'use strict';
// Shared by the browser tests of the bundled hub: builds the repository's own
// site (vanban.toml, content/, themes/) into a temporary folder with the
// compiled binary, serves it on a loopback port with a tiny http server,
// launches Debian's Chromium through playwright-core and opens pages that
// record every console error, page error and failed request.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const { pathToFileURL } = require('node:url');

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'target', 'debug', process.platform === 'win32' ? 'vanban.exe' : 'vanban');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const AS_OF = '2026-11-25';
const SCREENSHOTS = path.join(ROOT, 'tests', 'output', 'screenshots');

// The page types of the hub, by site path (folders end with `/`).
const PAGES = {
  home: '',
  law: 'luat/86-2015-qh13/',
  plan: 'ke-hoach/687-kh-ubnd/',
  taxonomy: 'loai/',
  term: 'loai/luat/',
  agency: 'co-quan/so-tttt/',
  deadlines: 'thoi-han/',
  search: 'tim-kiem/?q=an+toan+thong+tin',
  notFound: '404.html',
};
// Over http the 404 page is what the server answers for a missing address.
const MISSING = 'khong-co/trang-nay/';

let chromium = null;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  chromium = null;
}
const missing = !chromium ? 'playwright-core is not installed (npm ci)'
  : !fs.existsSync(CHROMIUM) ? `${CHROMIUM} is missing (apt-get install chromium chromium-driver)` : null;
// A missing browser fails the run (scripts/test installs it); set
// VANBAN_SKIP_BROWSER=1 to skip the browser tests instead.
const skip = missing && process.env.VANBAN_SKIP_BROWSER ? missing : false;

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, entry.name);
    const b = path.join(to, entry.name);
    if (entry.isDirectory()) copyDir(a, b);
    else fs.copyFileSync(a, b);
  }
}

// Builds the bundled hub (a copy, so the repository's search-index/ is not
// touched) with `args` (e.g. ['--offline']). Returns {site, output, remove()}.
// When VANBAN_TEST_CACHE names a folder (scripts/test makes one per run and
// deletes it after), each build is made once there and shared, read-only, by
// every test file of the run; remove() then leaves it for the others.
function buildHub(args = []) {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run cargo build first (scripts/test does)`);
  const cache = process.env.VANBAN_TEST_CACHE;
  if (cache) return cachedHub(cache, args);
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-hub-'));
  buildHubInto(site, args);
  return { site, output: path.join(site, 'public'), remove: () => fs.rmSync(site, { recursive: true, force: true }) };
}

function buildHubInto(site, args) {
  fs.mkdirSync(site, { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'vanban.toml'), path.join(site, 'vanban.toml'));
  copyDir(path.join(ROOT, 'content'), path.join(site, 'content'));
  copyDir(path.join(ROOT, 'themes'), path.join(site, 'themes'));
  const output = path.join(site, 'public');
  execFileSync(BIN, ['-r', site, 'build', '-o', output, '--as-of', AS_OF, ...args], { stdio: 'pipe', timeout: 120000 });
}

// What a build depends on: the binary (size and time), its arguments and
// every input file, so a cached build is never one of other inputs.
function buildKey(args) {
  const hash = crypto.createHash('sha256');
  const bin = fs.statSync(BIN);
  hash.update(JSON.stringify([bin.size, bin.mtimeMs, AS_OF, args]));
  const add = (p) => {
    if (fs.statSync(p).isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) add(path.join(p, name));
    } else {
      hash.update(`${path.relative(ROOT, p)}\0`);
      hash.update(fs.readFileSync(p));
    }
  };
  for (const p of ['vanban.toml', 'content', 'themes']) add(path.join(ROOT, p));
  return hash.digest('hex').slice(0, 16);
}

// The build of `args` in folder `cache`: the first test file to ask makes it
// (holding a lock file, so files running at once do not build it twice), the
// others wait for it and share it.
function cachedHub(cache, args) {
  fs.mkdirSync(cache, { recursive: true });
  const site = path.join(cache, `hub-${buildKey(args)}`);
  const done = path.join(site, '.built');
  const lock = `${site}.lock`;
  const found = { site, output: path.join(site, 'public'), remove: () => {} };
  const deadline = Date.now() + 180000;
  for (;;) {
    if (fs.existsSync(done)) return found;
    let fd;
    try {
      fd = fs.openSync(lock, 'wx');
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (Date.now() > deadline) throw new Error(`${lock} is still held after 180 s`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    try {
      if (!fs.existsSync(done)) {
        fs.rmSync(site, { recursive: true, force: true });
        buildHubInto(site, args);
        fs.writeFileSync(done, '');
      }
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8', '.ics': 'text/calendar; charset=utf-8',
};

// Serves `dir` on 127.0.0.1 (a free port): folders answer with their
// index.html, a missing file with 404.html and status 404, like a portal.
// Returns {base, close()}.
async function serve(dir) {
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch (e) {
      rel = '/';
    }
    let file = path.join(dir, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
    if (rel.endsWith('/')) file = path.join(file, 'index.html');
    let status = 200;
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      file = path.join(dir, '404.html');
      status = 404;
    }
    res.writeHead(status, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

// The URL of site path `rel` (may carry ?query or #anchor) in `mode`:
// 'http' against `base`, 'file' in the offline build folder `output`.
function urlOf(mode, where, rel) {
  if (mode === 'http') return where + rel;
  const m = /^([^?#]*)(.*)$/.exec(rel);
  const file = m[1] === '' || m[1].endsWith('/') ? `${m[1]}index.html` : m[1];
  return pathToFileURL(path.join(where, file)).href + m[2];
}

async function launch() {
  if (missing) throw new Error(missing);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30000 });
}

// A new page (in its own context, `options` as for browser.newContext) whose
// `problems` list collects console errors, page errors, failed requests and
// error responses (except the document itself when `allowStatus` matches).
async function openPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  // The 404 page's own status is expected (Chromium logs it as a console error).
  const expected = (url) => page.missing && url === page.missing;
  page.on('console', (m) => {
    if (m.type() === 'error' && !(/^Failed to load resource/.test(m.text()) && expected(m.location().url))) {
      problems.push(`console: ${m.text()} (${m.location().url})`);
    }
  });
  page.on('requestfailed', (r) => {
    const why = r.failure() && r.failure().errorText;
    // The browser drops the icon's request when the page is left before it loads.
    if (why === 'net::ERR_ABORTED' && /\/static\/favicon\.svg$/.test(r.url())) return;
    problems.push(`failed: ${r.url()} ${why}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !(r.status() === 404 && expected(r.url()))) problems.push(`${r.status()}: ${r.url()}`);
  });
  page.problems = problems;
  page.done = () => context.close();
  return page;
}

// Opens page type `name` (a key of PAGES) in `mode` ('http' against base URL
// `where`, 'file' in the offline output folder `where`) and waits until it
// has settled: scripts run, the search page's results shown.
async function visit(page, mode, where, name) {
  let url = urlOf(mode, where, PAGES[name]);
  if (name === 'notFound' && mode === 'http') url = page.missing = where + MISSING;
  const response = await page.goto(url, { waitUntil: 'load' });
  if (name === 'search') await searchSettled(page);
  return response;
}

// Waits until the search page shows its results (or says there are none).
async function searchSettled(page) {
  await page.waitForFunction(() => {
    const info = document.getElementById('tk-thong-tin');
    return info && /kết quả/.test(info.textContent);
  });
}

// Builds the hub for each mode ('http': served on loopback; 'file': the
// --offline build opened from disk) and launches the browser. Returns
// {browser, where: {http: base URL, file: folder}, output: {mode: folder}, close()}.
async function start(modes = ['http', 'file']) {
  const env = { where: {}, output: {}, builds: [], server: null, browser: null };
  env.close = async () => {
    if (env.browser) await env.browser.close();
    if (env.server) await env.server.close();
    for (const b of env.builds) b.remove();
  };
  for (const mode of modes) {
    const build = buildHub(mode === 'file' ? ['--offline'] : []);
    env.builds.push(build);
    env.output[mode] = build.output;
    if (mode === 'http') {
      env.server = await serve(build.output);
      env.where.http = env.server.base;
    } else {
      env.where.file = build.output;
    }
  }
  env.browser = await launch();
  return env;
}

module.exports = { ROOT, PAGES, MISSING, SCREENSHOTS, skip, buildHub, serve, urlOf, launch, start, openPage, visit, searchSettled };
