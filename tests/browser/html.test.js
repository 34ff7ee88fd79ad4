'use strict';
// Every page of the bundled hub, built for http and for file:// (--offline),
// passes the Nu HTML Checker (npm vnu-jar, run on the machine's Java) with no
// error, its inline SVG diagrams and the theme's CSS included.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { buildHub } = require('./lib.js');

function find(dir, ext, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) find(p, ext, out);
    else if (p.endsWith(ext)) out.push(p);
  }
  return out;
}

test('the Nu HTML Checker finds no error in any page', { timeout: 240000 }, () => {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  const builds = [buildHub(), buildHub(['--offline'])];
  try {
    const files = builds.flatMap((b) => [...find(b.output, '.html'), ...find(path.join(b.output, 'static'), '.css')]);
    assert.ok(files.filter((f) => f.endsWith('.html')).length > 80, `${files.length} files`);
    let report;
    try {
      // vnu writes its report to stderr and exits 1 when it finds an error.
      execFileSync('java', ['-jar', jar, '--format', 'json', '--also-check-css', '--also-check-svg', ...files],
        { stdio: ['ignore', 'ignore', 'pipe'], timeout: 180000, maxBuffer: 64 << 20 });
      report = { messages: [] };
    } catch (e) {
      if (!e.stderr || !String(e.stderr).trim().startsWith('{')) throw e;
      report = JSON.parse(String(e.stderr));
    }
    const errors = report.messages
      .filter((m) => m.type === 'error' || m.type === 'non-document-error')
      .map((m) => `${m.url.replace(/^file:.*?\/public\//, '')}:${m.lastLine}: ${m.message}${m.extract ? ` [${m.extract.trim()}]` : ''}`);
    assert.deepEqual(errors, []);
  } finally {
    for (const b of builds) b.remove();
  }
});
