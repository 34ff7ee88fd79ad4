'use strict';
// Every page of the bundled hub, built for http and for file:// (--offline),
// passes the Nu HTML Checker (npm vnu-jar, run on the machine's Java) with no
// error, its inline SVG diagrams and the theme's CSS included. A copy of a
// law page with one defect of each kind planted in it is checked in the same
// run, and each defect must be reported: the checker, as run here, catches
// them.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
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

// Defects planted in the <main> of a copy of a law page, each with a phrase
// of the message the checker must give for it.
const PLANTED = [
  ['<div id="trung"></div><div id="trung"></div>', 'Duplicate ID “trung”'],
  ['<ul><div>x</div></ul>', 'Element “div” not allowed as child of element “ul”'],
  ['<p><div>x</div></p>', 'No “p” element in scope but a “p” end tag seen'],
  ['<blink>x</blink>', '“blink” element is a completely-unknown element'],
  ['<span foo="1">x</span>', 'Attribute “foo” not allowed on element “span”'],
  ['<img src="a.png">', 'An “img” element must have an “alt” attribute'],
  ['<div role="nutx">x</div>', 'Bad value “nutx” for attribute “role”'],
  ['<button aria-pressed="co-le">x</button>', 'Bad value “co-le” for attribute “aria-pressed”'],
];

// The JVM's fast start: the client compiler alone halves the checker's CPU
// time on these few hundred pages (it needs a larger thread stack then).
const JAVA = ['-Xss16m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

test('the Nu HTML Checker finds no error in any page', { timeout: 600000 }, () => {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  const builds = [buildHub(), buildHub(['--offline'])];
  const planted = fs.mkdtempSync(path.join(os.tmpdir(), 'vanban-vnu-'));
  try {
    const files = builds.flatMap((b) => [...find(b.output, '.html'), ...find(path.join(b.output, 'static'), '.css')]);
    assert.ok(files.filter((f) => f.endsWith('.html')).length > 80, `${files.length} files`);
    const law = fs.readFileSync(path.join(builds[0].output, 'luat', '86-2015-qh13', 'index.html'), 'utf8');
    const at = law.indexOf('>', law.indexOf('<main')) + 1;
    assert.ok(at > 0, 'the law page has a <main>');
    const bad = path.join(planted, 'planted.html');
    fs.writeFileSync(bad, law.slice(0, at) + PLANTED.map(([html]) => html).join('\n') + law.slice(at));
    let report;
    try {
      // vnu writes its report to stderr and exits 1 when it finds an error.
      execFileSync('java', [...JAVA, '-jar', jar, '--format', 'json', '--also-check-css', '--also-check-svg', bad, ...files],
        { stdio: ['ignore', 'ignore', 'pipe'], timeout: 540000, maxBuffer: 64 << 20 });
      report = { messages: [] };
    } catch (e) {
      // Killed (the timeout) or no report: the run's own error, not a cut-off report.
      if (e.signal || !e.stderr || !String(e.stderr).trim().startsWith('{')) throw e;
      report = JSON.parse(String(e.stderr));
    }
    const all = report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
    const ofPlanted = all.filter((m) => m.url && m.url.endsWith('/planted.html')).map((m) => m.message);
    for (const [html, message] of PLANTED) {
      assert.ok(ofPlanted.some((m) => m.includes(message)), `${html} is not reported: ${ofPlanted.join(' | ')}`);
    }
    const errors = all
      .filter((m) => !(m.url && m.url.endsWith('/planted.html')))
      .map((m) => `${m.url.replace(/^file:.*?\/public\//, '')}:${m.lastLine}: ${m.message}${m.extract ? ` [${m.extract.trim()}]` : ''}`);
    assert.deepEqual(errors, []);
  } finally {
    for (const b of builds) b.remove();
    fs.rmSync(planted, { recursive: true, force: true });
  }
});
