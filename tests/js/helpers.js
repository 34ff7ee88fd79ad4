'use strict';
// Shared by the search tests: builds a fixture site with the compiled vanban
// binary and loads the browser export from disk the way a page would (each
// file is run as a classic script that calls vanban.shard).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const { execFileSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'target', 'debug', process.platform === 'win32' ? 'vanban.exe' : 'vanban');
const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'search-site');

function binary() {
  if (!fs.existsSync(BIN)) {
    execFileSync('cargo', ['build', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  }
  return BIN;
}

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, entry.name);
    const b = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'public' || entry.name === 'search-index') continue;
      copyDir(a, b);
    } else if (entry.name.endsWith('.md') || entry.name.endsWith('.toml')) {
      fs.copyFileSync(a, b);
    }
  }
}

// Copies a fixture site (default: search-site) into a temporary folder and
// builds it, as of 2025-06-01 unless `extraArgs` say otherwise.
// Returns {site, output}.
function buildFixture(extraArgs = [], fixture = FIXTURE) {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-search-'));
  copyDir(fixture, site);
  const asOf = extraArgs.includes('--as-of') ? [] : ['--as-of', '2025-06-01'];
  execFileSync(binary(), ['-r', site, 'build', ...asOf, ...extraArgs], { stdio: 'pipe' });
  return { site, output: path.join(site, 'public') };
}

// A loader for createClient: search/<name>.js of `output`, run as a script.
// `stats.bytes` and `stats.files` count what was loaded.
function fileLoader(output, stats = { bytes: 0, files: [] }) {
  return (name) => new Promise((resolve, reject) => {
    const file = path.join(output, 'search', `${name}.js`);
    fs.readFile(file, 'utf8', (err, source) => {
      if (err) return reject(err);
      stats.bytes += Buffer.byteLength(source);
      stats.files.push(name);
      let got;
      const context = vm.createContext({ vanban: { shard: (n, data) => { if (n === name) got = data; } } });
      vm.runInContext(source, context, { filename: file });
      if (got === undefined) return reject(new Error(`${name}.js did not call vanban.shard`));
      resolve(got);
    });
  });
}

// A loader that answers requests in rounds, as a network would: the
// requests made while one round is answered wait for the next. `stats.waves`
// counts the rounds (the sequential round trips of a query), `stats.bytes`
// and `stats.files` what was loaded.
function roundLoader(output, stats = { bytes: 0, files: [], waves: 0 }) {
  const load = fileLoader(output, stats);
  let pending = [];
  return (name) => new Promise((resolve, reject) => {
    if (!pending.length) {
      setTimeout(() => {
        const round = pending;
        pending = [];
        stats.waves += 1;
        // Every file of the round arrives before any is answered.
        Promise.allSettled(round.map(([n]) => load(n))).then((got) => {
          got.forEach((g, i) => (g.status === 'fulfilled' ? round[i][1](g.value) : round[i][2](g.reason)));
        });
      }, 0);
    }
    pending.push([name, resolve, reject]);
  });
}

function cliSearch(site, query, args = []) {
  const out = execFileSync(binary(), ['-r', site, 'search', '--json', ...args, query], { encoding: 'utf8' });
  return JSON.parse(out);
}

const QUERIES = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'search-queries.json'), 'utf8')).queries;

module.exports = { ROOT, binary, buildFixture, fileLoader, roundLoader, cliSearch, QUERIES };
