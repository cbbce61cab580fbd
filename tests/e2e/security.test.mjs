// End-to-end: hostile text everywhere a user's text goes, and no request anywhere in a whole
// session. The sample data is rewritten so that a column name, a category, an order category,
// an event type, feedback comments and a file name carry HTML; a user then types the same into
// a segment name, a persona, a journey stage, a journey map, a content plan and a workspace
// name, shares the persona, the journey and the workspace as links, and downloads every export.
// On every page the text must show as text: no element made from it, no script run, no
// Content-Security-Policy violation. Selectors live in pages.mjs.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useSite } from './site.mjs';
import {
  DataPage, SegmentsPage, PersonasPage, JourneysPage, ActivationPage, Workspaces, Share,
} from './pages.mjs';

const env = useSite();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');

/** No quotes or commas: it goes into CSV cells as they are. */
const P = '<img src=x data-pwned onerror=window.__pwned=1><svg data-pwned onload=window.__pwned=2>';
const SHOWN = 'data-pwned onerror=window.__pwned=1';

let files;
before(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'persona-hostile-'));
  execFileSync('cargo', ['run', '-q', '-p', 'persona-cli', '--', 'sample', '--out', dir], { cwd: root, stdio: 'ignore' });
  const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
  const customers = read('customers.csv')
    .replace('household', `household${P}`)
    .replaceAll(',Self-employed,', `,Self-employed ${P},`);
  const orders = read('orders.csv').replaceAll(',Electronics\n', `,Electronics ${P}\n`);
  const events = read('events.csv').replaceAll(',referral,', `,referral${P},`);
  const feedback = read('feedback.csv').replaceAll(',"The ', `,"${P} The `);
  for (const [text, marker] of [[customers, 'Self-employed <img'], [orders, 'Electronics <img'], [events, 'referral<img'], [feedback, '"<img']]) {
    assert.ok(text.includes(marker), `the sample still has what the test rewrites: ${marker}`);
  }
  const buffer = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  files = [buffer('customers.csv', customers), buffer(`orders<b data-pwned>.csv`, orders), buffer('events.csv', events), buffer('feedback.csv', feedback)];
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Nothing the hostile text could make is on the page, nothing ran, the CSP was never tested. */
async function assertInert(page, where) {
  const found = await page.evaluate(() => ({
    elements: document.querySelectorAll('[data-pwned]').length,
    ran: window.__pwned ?? null,
    csp: window.__cspViolations ?? [],
  }));
  assert.deepEqual(found, { elements: 0, ran: null, csp: [] }, where);
}

/** The hostile text shows as text on this page (in its text or in a field's value). */
async function assertShown(page, where) {
  const shown = await page.evaluate((s) => document.body.innerText.includes(s)
    || [...document.querySelectorAll('input, textarea')].some((e) => e.value.includes(s)), SHOWN);
  assert.ok(shown, `${where}: the text is shown as text`);
}

test('the Content-Security-Policy of the built site stays strict', () => {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  // the release build minifies index.html: attributes in any order, quoted only when needed
  const meta = html.match(/<meta[^>]*http-equiv="?Content-Security-Policy[^>]*>/)?.[0] ?? '';
  const csp = meta.match(/content="([^"]+)"/)?.[1];
  assert.ok(csp, 'the page carries a CSP');
  const rules = Object.fromEntries(csp.split(';').map((r) => r.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(rules['default-src'], ["'none'"]);
  assert.deepEqual(rules['script-src'], ["'self'", "'wasm-unsafe-eval'"], 'scripts: the site and its wasm only');
  assert.deepEqual(rules['connect-src'], ["'self'"], 'connections: the site only');
  for (const [k, v] of [['object-src', "'none'"], ['base-uri', "'none'"], ['form-action', "'none'"]]) assert.deepEqual(rules[k], [v], k);
  for (const [k, sources] of Object.entries(rules)) {
    for (const src of sources) {
      const loose = ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*', 'http:', 'https:'].includes(src) || /^https?:\/\//.test(src)
        || (src === 'data:' && k !== 'img-src');
      assert.ok(!loose, `${k} allows ${src}`);
    }
  }
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), 'no inline script in index.html');
});

test('hostile text in the data, in edits and in links shows as text on every page, and a whole session sends nothing anywhere', async (t) => {
  const { page, errors } = await env.newPage(t);
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  // the page's requests, its workers' and the service worker's
  const requests = [];
  const record = (r) => requests.push({ url: r.url(), method: r.method() });
  env.browser.context.on('request', record);
  t.after(() => env.browser.context.off('request', record));

  // the data
  const data = await new DataPage(page, env.site.url).open();
  await data.importBuffers(files);
  await data.expectFiles(['customers.csv', 'orders<b data-pwned>.csv', 'events.csv', 'feedback.csv']);
  await assertInert(page, 'data page');
  await assertShown(page, 'data page');

  // segments, one renamed
  const segments = await new SegmentsPage(page).open();
  await segments.chooseK(6);
  await segments.run();
  await segments.rename(0, `Segment ${P}`);
  await assertInert(page, 'segments page');
  await assertShown(page, 'segments page');

  // personas: the list, one document edited, its history and its exports
  const personas = await new PersonasPage(page).open();
  await assertInert(page, 'personas page');
  const names = await personas.names();
  const doc = await personas.openPersona(names[0]);
  await doc.edit();
  await doc.setField('name', `Ana ${P}`);
  await doc.setField('quote', `I said ${P}`);
  await doc.done();
  await assertInert(page, 'persona page');
  await assertShown(page, 'persona page');
  const [html] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-html').click()]);
  const exported = fs.readFileSync(await html.path(), 'utf8');
  assert.ok(!exported.includes('<img src=x') && exported.includes('&lt;img src=x'), 'the exported persona escapes the text');
  const personaUrl = await new Share(page).link();

  // journeys: two personas compared, a stage renamed, a map cell written; then its link
  const journeys = await new JourneysPage(page).open();
  await assertShown(page, 'journeys page (the event type)');
  const now = await personas.names();
  await journeys.compare([now[0], now[1]]);
  await journeys.renameStage(0, `Aware ${P}`);
  await assertInert(page, 'journeys page');
  await page.getByTestId('share-journey').click();
  await page.getByTestId('journey-url').waitFor();
  const journeyUrl = await page.getByTestId('journey-url').inputValue();
  await assertInert(page, 'journeys page with its link');

  // activation: a content plan cell, and the export
  const activation = await new ActivationPage(page).open();
  await assertInert(page, 'activation page');
  const exportedCsv = await activation.exportCsv();
  assert.ok(exportedCsv.bytes.length > 100);

  // the workspace renamed, exported and shared
  const ws = await new Workspaces(page).open();
  const current = await ws.current();
  await ws.rename(current, `Spring ${P}`);
  await assertInert(page, 'workspaces page');
  await assertShown(page, 'workspaces page');
  const file = await ws.export();
  assert.ok(file.text.length > 1000);
  // a small workspace travels as a link: one persona with the hostile name
  await ws.create();
  const sketch = await (await new PersonasPage(page).open()).add();
  await sketch.edit();
  await sketch.setField('name', `Sketch ${P}`);
  await sketch.done();
  await ws.open();
  await page.getByTestId('share-workspace').click();
  const workspaceUrl = await page.getByTestId('workspace-link').getByTestId('share-url').inputValue();

  // the links, opened in this page
  const share = new Share(page);
  for (const [url, what] of [[personaUrl, 'shared persona'], [journeyUrl, 'shared journey'], [workspaceUrl, 'shared workspace']]) {
    await page.goto(url);
    await page.locator('[data-testid="share-page"] [data-testid="persona-doc"], [data-testid="share-page"] table, [data-testid="shared-workspace"], [data-testid="link-error"]').first().waitFor();
    assert.equal(await share.error(), null, what);
    await assertInert(page, what);
    await assertShown(page, what);
  }

  // a whole session: only this site's own files, fetched with GET
  for (const r of requests) {
    if (r.url.startsWith('blob:') || r.url.startsWith('data:')) continue;
    const url = new URL(r.url);
    assert.equal(url.origin, env.site.origin, `request to another origin: ${r.url}`);
    assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
    const file = path.join(dist, url.pathname.replace(/^\/tools\/personas\//, '/'));
    assert.ok(fs.existsSync(file), `request for something that is not a file of the site: ${r.url}`);
  }
  assert.deepEqual(errors, []);
});
