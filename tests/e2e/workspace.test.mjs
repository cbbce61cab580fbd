// End-to-end: what a user made is kept in the browser (reload, restart, several workspaces),
// travels as a link with no server, and survives the storage's faults (full, off, corrupt,
// two tabs), on the release build under a sub-path. Selectors live in pages.mjs (Workspaces,
// Share); new keep-and-share flows go in their own test() here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useSite, clearStorage } from './site.mjs';
import { launch } from './browser.mjs';
import { serve } from './server.mjs';
import { pdfText } from './pdf.mjs';
import { DataPage, SegmentsPage, PersonasPage, PersonaDoc, Workspaces, Share } from './pages.mjs';

const env = useSite();
const newPage = (t) => env.newPage(t);

/** Sample data, six segments and their personas; returns the persona names. */
async function samplePersonas(page) {
  const data = await new DataPage(page, env.site.url).open();
  await data.trySample();
  const seg = await new SegmentsPage(page).open();
  await seg.chooseK(6);
  await seg.run();
  const personas = await new PersonasPage(page).open();
  await personas.waitForCount(6);
  await new Workspaces(page).waitSaved();
  return personas.names();
}

async function editQuote(page, name, quote) {
  const doc = await new PersonasPage(page).open().then((p) => p.openPersona(name));
  await doc.edit();
  await doc.setField('quote', quote);
  await doc.done();
  await new Workspaces(page).waitSaved();
}

const quoteOf = async (page) => (await page.getByTestId('field-quote').locator('blockquote').textContent()).trim();

test('everything survives a reload and a browser restart; a re-run asks for the files again', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'persona-restart-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  let browser = await launch(dir);
  let page = await browser.context.newPage();
  await clearStorage(page, env.site.url);
  const names = await samplePersonas(page);
  await editQuote(page, names[2], 'Kept across a restart.');

  await page.reload();
  const personas = await new PersonasPage(page).open();
  await personas.waitForCount(6);
  assert.deepEqual(await personas.names(), names);

  // a browser restart: the same profile, a new process
  await browser.close();
  browser = await launch(dir);
  t.after(() => browser.close());
  page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(env.site.url + '#/personas');
  await new PersonasPage(page).waitForCount(6);
  const doc = await new PersonasPage(page).openPersona(names[2]);
  assert.equal(await quoteOf(page), 'Kept across a restart.');
  assert.equal(await doc.fieldEdited('quote'), true);
  // the evidence is kept with the persona
  assert.ok((await doc.figures()).length >= 8);

  // the Data page shows the saved profiles and says the files are not kept
  const data = await new DataPage(page, env.site.url).open('#/data');
  await data.waitIdle();
  await data.expectFiles(['customers.csv', 'orders.csv', 'events.csv', 'feedback.csv']);
  assert.match(await page.locator('.data-page, [data-testid="data-page"]').textContent(), /the files themselves are never kept/);
  // the segments are back; running again asks for the files
  const seg = await new SegmentsPage(page).open();
  assert.equal(await seg.cardCount(), 6);
  await page.getByTestId('scatter-not-kept').waitFor();
  await seg.run();
  assert.match(await seg.alert(), /drop the same files on the Data page/);
  // the same files dropped again, read with the same roles: the saved segments are current
  await (await new DataPage(page, env.site.url).open('#/data')).trySample();
  await new SegmentsPage(page).open();
  assert.equal(await seg.cardCount(), 6);
  assert.equal(await seg.isStale(), false, 'the saved segments are of these files');
  const again = await new DataPage(page, env.site.url).open('#/data');
  await again.setRole('customers.csv', 'city', 'ignored');
  await new SegmentsPage(page).open();
  assert.equal(await seg.isStale(), true, 'a role changed since');
  // nothing of a customer row is stored: no customer id of the sample is in storage
  const stored = await page.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k)).join('\n'));
  assert.ok(stored.length > 1000 && !/C0000\d\d/.test(stored), 'stored text holds no customer id');
  assert.deepEqual(errors, []);
});

test('named workspaces: create, rename, duplicate, delete with undo, switch, export and import', async (t) => {
  const { page, errors } = await newPage(t);
  const names = await samplePersonas(page);
  const ws = await new Workspaces(page).open();
  assert.deepEqual(await ws.names(), ['My workspace']);
  await ws.rename('My workspace', 'Spring <campaign>');
  assert.equal(await ws.current(), 'Spring <campaign>');
  // the keyboard stays in the renamed row
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'workspace-duplicate');

  await ws.act('Spring <campaign>', 'duplicate');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="workspace-row"]').length === 2);
  await ws.create();
  assert.deepEqual(await ws.names(), ['Spring <campaign>', 'Spring <campaign> (copy)', 'Workspace']);
  assert.equal(await ws.current(), 'Workspace');
  await new PersonasPage(page).open();
  await page.getByTestId('personas-empty').waitFor();

  // switch to the copy with the keyboard: its personas, and the keyboard goes on in the page
  await ws.open();
  await ws.row('Spring <campaign> (copy)').getByTestId('workspace-open').focus();
  await page.keyboard.press('Enter');
  await new PersonasPage(page).waitForCount(6);
  assert.deepEqual(await new PersonasPage(page).names(), names);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main', 'the focus is not dropped to the body');

  // delete with undo
  await ws.open();
  await ws.act('Workspace', 'delete');
  await page.getByTestId('workspace-undo').waitFor();
  assert.deepEqual(await ws.names(), ['Spring <campaign>', 'Spring <campaign> (copy)']);
  await ws.undo();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="workspace-row"]').length === 3);

  // export the open workspace and import it again as a new one
  const file = await ws.export();
  assert.match(file.name, /\.persona-workspace$/);
  assert.match(file.text, /^psw1\./);
  await ws.import('Imported.persona-workspace', file.text);
  await page.waitForFunction(() => document.querySelector('[data-testid="workspace-name"]')?.textContent === 'Imported');
  await new PersonasPage(page).open().then((p) => p.waitForCount(6));
  // a file that is not a workspace: said, and nothing added
  await ws.open();
  await ws.import('notes.txt', 'hello');
  await page.waitForFunction(() => /is not a workspace/.test(document.querySelector('[data-testid="workspace-notice"]')?.textContent));
  // the list is drawn a frame after the index changes (the refused file's entry, added to
  // open it, is taken out again): four rows, not five
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="workspace-row"]').length === 4);
  await page.waitForTimeout(200);
  assert.equal(await ws.rows().count(), 4);
  assert.deepEqual(errors, []);
});

test('two workspaces deleted in a row with the keyboard both come back, and an imported one is reopened after a reload', async (t) => {
  const { page, errors } = await newPage(t);
  await samplePersonas(page);
  const ws = await new Workspaces(page).open();
  await ws.rename('My workspace', 'Client A');
  const file = await ws.export();
  await ws.create();
  await ws.create();
  assert.deepEqual(await ws.names(), ['Client A', 'Workspace', 'Workspace 2']);

  // Enter on a Delete: the row goes and the keyboard is on Undo, not on the next row's Delete
  await ws.row('Workspace 2').getByTestId('workspace-delete').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'undo-workspace');
  assert.deepEqual(await ws.names(), ['Client A', 'Workspace']);
  await ws.row('Client A').getByTestId('workspace-delete').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="workspace-row"]').length === 1
    && document.activeElement?.dataset.testid === 'undo-workspace');
  assert.match(await page.getByTestId('workspace-undo').textContent(), /Deleted “Client A”\. Undo again brings back “Workspace 2”\./);
  // each Undo brings one back, the last deleted first
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="workspace-row"]').length === 2);
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'undo-workspace');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="workspace-row"]').length === 3);
  assert.deepEqual((await ws.names()).sort(), ['Client A', 'Workspace', 'Workspace 2']);
  assert.equal(await page.getByTestId('workspace-undo').count(), 0);
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'new-workspace');
  assert.match(await ws.row('Client A').textContent(), /6 personas · saved/);

  // an imported workspace is saved as read: the list says its personas, and it is the one a
  // reload opens
  await ws.import('Client B.persona-workspace', file.text);
  await page.waitForFunction(() => document.querySelector('[data-testid="workspace-name"]')?.textContent === 'Client B');
  await page.waitForFunction(() => /6 personas · saved/.test([...document.querySelectorAll('[data-testid="workspace-row"]')]
    .find((r) => r.querySelector('input')?.value === 'Client B')?.textContent ?? ''));
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid="workspace-name"]')?.textContent === 'Client B');
  await new PersonasPage(page).open().then((p) => p.waitForCount(6));

  // a name cleared is no name: the old one comes back
  await ws.open();
  const box = ws.row('Client B').getByTestId('workspace-rename');
  await box.fill('   ');
  await box.press('Tab');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="workspace-rename"]')].some((e) => e.value === 'Client B'));
  assert.deepEqual(errors, []);
});

test('a persona link opens the same persona in another browser profile; bad links show only an error', async (t) => {
  const { page, errors } = await newPage(t);
  const names = await samplePersonas(page);
  // a hostile name: shown as text, never run
  await (await new PersonasPage(page).open()).openPersona(names[0]);
  const doc = new PersonaDoc(page);
  await doc.edit();
  await doc.setField('name', '<img src=x onerror="window.__pwned=1">Ana');
  await doc.done();
  const url = await new Share(page).link();
  assert.ok(url.includes('#/share/p1.'));
  const length = url.length - url.indexOf('#/share/') - '#/share/'.length;
  assert.ok(length <= 2_400, `link text of ${length} characters`);
  const figures = await doc.figures();

  const other = await launch();
  t.after(() => other.close());
  const p2 = await other.context.newPage();
  const requests = [];
  p2.on('request', (r) => requests.push(r.url()));
  const share = new Share(p2);
  await share.open(url);
  assert.equal(await share.error(), null);
  assert.equal(await new PersonaDoc(p2).name(), '<img src=x onerror="window.__pwned=1">Ana');
  assert.equal(await p2.evaluate(() => window.__pwned), undefined);
  assert.equal(await p2.locator('[data-testid="share-page"] img[src="x"]').count(), 0);
  assert.deepEqual(await new PersonaDoc(p2).figures(), figures);
  // the link's payload never reached the server: the fragment is not sent
  assert.ok(requests.every((r) => !r.includes('p1.')), 'no request carries the link');

  // saved into that profile's workspace
  await share.save();
  await p2.getByTestId('edit-toggle').waitFor();
  await p2.getByTestId('nav-personas').click();
  await new PersonasPage(p2).waitForCount(1);

  // cut short, altered, from the future, not a link: an error and nothing else
  const body = url.split('#/share/')[1];
  const altered = body.slice(0, 40) + (body[40] === 'A' ? 'B' : 'A') + body.slice(41);
  for (const [bad, why] of [
    [body.slice(0, body.length - 8), /damaged or cut short/],
    [altered, /damaged or cut short/],
    [body.replace('p1.', 'p9.'), /newer version/],
    ['hello', /not a Persona Studio link/],
  ]) {
    await share.open(env.site.url + '#/share/' + bad);
    assert.match(await share.error(), why, bad.slice(0, 20));
    assert.equal(await p2.locator('[data-testid="share-page"] [data-testid="persona-doc"]').count(), 0);
  }
  assert.deepEqual(errors, []);
});

test('storage full: the last change is not saved, what was saved is kept, and a file is offered', async (t) => {
  const { page, errors } = await newPage(t);
  const names = await samplePersonas(page);
  await editQuote(page, names[1], 'Saved before the storage filled up.');
  // fill the rest of the storage
  await page.evaluate(() => {
    let size = 1 << 20;
    for (let i = 0; size >= 1; i++) {
      try { localStorage.setItem(`filler-${i}`, 'x'.repeat(size)); } catch { size >>= 1; }
    }
  });
  const doc = new PersonaDoc(page);
  await doc.edit();
  // text that does not compress: the saved workspace must grow
  const noise = Array.from({ length: 400 }, (_, i) => ((i * 7919) % 1000003).toString(36)).join(' ');
  await doc.setField('quote', `Written when the storage was full: ${noise}`);
  await doc.done();
  const ws = new Workspaces(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.dataset.state === 'full');
  assert.match(await ws.problem(), /not saved; everything saved before it is kept/);
  const file = await ws.export('export');
  assert.match(file.text, /^psw1\./);

  // what was saved before is intact
  await page.reload();
  await (await new PersonasPage(page).open()).waitForCount(6);
  await new PersonasPage(page).openPersona(names[1]);
  assert.equal(await quoteOf(page), 'Saved before the storage filled up.');
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler-')).forEach((k) => localStorage.removeItem(k)));
  assert.deepEqual(errors, []);
});

test('storage turned off: the app works for the session and says so', async (t) => {
  const { page, errors } = await newPage(t);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
  });
  const data = await new DataPage(page, env.site.url).open();
  await data.trySample();
  const seg = await new SegmentsPage(page).open();
  await seg.chooseK(6);
  await seg.run();
  await new PersonasPage(page).open().then((p) => p.waitForCount(6));
  const ws = new Workspaces(page);
  assert.equal(await ws.saveState(), 'off');
  assert.match(await ws.problem(), /does not let the app keep anything/);
  const file = await ws.export('export');
  assert.match(file.text, /^psw1\./, 'the work can still leave as a file');
  assert.deepEqual(errors, []);
});

test('a corrupt saved workspace is kept aside and reported, never dropped', async (t) => {
  const { page, errors } = await newPage(t);
  await samplePersonas(page);
  const key = await page.evaluate(() => {
    const index = JSON.parse(localStorage.getItem('persona-studio/v1/workspaces'));
    const key = `persona-studio/v1/workspace/${index.current}`;
    localStorage.setItem(key, localStorage.getItem(key).slice(0, 500));
    return key;
  });
  const damaged = await page.evaluate((k) => localStorage.getItem(k), key);
  await page.reload();
  await page.getByTestId('workspace-notice').waitFor();
  assert.match(await page.getByTestId('workspace-notice').textContent(), /could not be opened: .*It is kept aside as a backup/);
  const backups = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('/backup/')).map((k) => localStorage.getItem(k)));
  assert.deepEqual(backups, [damaged]);
  // the workspace starts afresh and works
  const data = await new DataPage(page, env.site.url).open('#/data');
  await data.trySample();
  await new Workspaces(page).waitSaved();
  assert.deepEqual(errors, []);
});

test('two tabs on one workspace: an edit shows in the other, and neither overwrites the other silently', async (t) => {
  const { page: a, errors } = await newPage(t);
  const names = await samplePersonas(a);
  const b = await env.browser.context.newPage();
  t.after(() => b.close());
  await b.goto(env.site.url + '#/personas');
  await new PersonasPage(b).waitForCount(6);
  const docB = await new PersonasPage(b).openPersona(names[3]);

  await editQuote(a, names[3], 'Written in tab A.');
  await b.waitForFunction(() => /Written in tab A\./.test(document.querySelector('[data-testid="field-quote"]')?.textContent ?? ''));

  // tab A saves again while tab B has a change of its own: B is asked, nothing is lost
  await b.evaluate(() => {
    // what another tab's save leaves in storage (no storage event reaches the tab that writes)
    const index = JSON.parse(localStorage.getItem('persona-studio/v1/workspaces'));
    index.list.find((e) => e.id === index.current).rev += 1;
    localStorage.setItem('persona-studio/v1/workspaces', JSON.stringify(index));
  });
  await docB.edit();
  await docB.setField('quote', 'Written in tab B.');
  await docB.done();
  await b.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.dataset.state === 'conflict');
  await b.getByTestId('keep-mine').click();
  await new Workspaces(b).waitSaved();
  await a.waitForFunction(() => /Written in tab B\./.test(document.querySelector('[data-testid="field-quote"]')?.textContent ?? ''));
  assert.deepEqual(errors, []);
});

test('a workspace deleted in another tab is kept as it was in the tab that has it open, and Undo brings it back once', async (t) => {
  const { page: a, errors } = await newPage(t);
  const names = await samplePersonas(a);
  await new PersonasPage(a).openPersona(names[0]);
  const b = await env.browser.context.newPage();
  t.after(() => b.close());
  await b.goto(env.site.url + '#/workspaces');
  const wsB = new Workspaces(b);
  await wsB.create();
  await wsB.act('My workspace', 'delete');
  await b.getByTestId('workspace-undo').waitFor();
  // tab A still shows the persona and says why nothing is saved; it writes nothing back
  await a.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.textContent === 'Not saved: deleted in another tab');
  assert.match(await new Workspaces(a).problem(), /“My workspace” was deleted in another tab\. This tab still shows it but saves nothing more/);
  assert.equal(await a.getByTestId('persona-doc').count(), 1, 'the persona is still on screen');
  assert.equal(await new Workspaces(a).current(), 'My workspace', 'the bar still names it');
  const stored = () => b.evaluate(() => JSON.parse(localStorage.getItem('persona-studio/v1/workspaces')).list.map((e) => [e.name, e.personas]));
  assert.deepEqual(await stored(), [['Workspace', 0]]);
  // Undo: one entry, with its six personas, and tab A goes on from it
  await wsB.undo();
  await b.waitForFunction(() => document.querySelectorAll('[data-testid="workspace-row"]').length === 2);
  assert.deepEqual((await stored()).sort(), [['My workspace', 6], ['Workspace', 0]]);
  await a.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.dataset.state !== 'off');
  await new PersonasPage(a).open().then((p) => p.waitForCount(6));
  // and B, which opened its own workspace last, still reopens it
  await b.reload();
  await b.getByTestId('workspace-name').waitFor();
  assert.equal(await wsB.current(), 'Workspace');
  assert.deepEqual(errors, []);
});

test('the embed view shows a persona without the app around it and tells its parent its height', async (t) => {
  const { page, errors } = await newPage(t);
  const names = await samplePersonas(page);
  await (await new PersonasPage(page).open()).openPersona(names[0]);
  const url = await new Share(page).link();
  const embed = url.replace('#/share/', '#/embed/');
  // an intranet page on another origin embeds it
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'persona-intranet-'));
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><title>Intranet</title><link rel="icon" href="data:,">
    <script>window.sizes = []; addEventListener('message', (e) => sizes.push(e.data));</script>
    <iframe src="${embed}" style="width:600px;height:200px" title="Persona"></iframe>`);
  const intranet = await serve(dir, { prefix: '/' });
  t.after(async () => { await intranet.close(); fs.rmSync(dir, { recursive: true, force: true }); });
  await page.goto(intranet.url);
  const frame = page.frameLocator('iframe');
  await frame.getByTestId('persona-doc').waitFor();
  assert.equal(await frame.locator('.topbar').isVisible(), false, 'no app chrome');
  await page.waitForFunction(() => window.sizes.some((m) => m.type === 'persona-studio:size' && m.height > 300));
  assert.deepEqual(errors, []);
});

test('a persona as one self-contained HTML file, its chart as SVG and PNG, and printed to PDF with its evidence', async (t) => {
  const { page, errors } = await newPage(t);
  const names = await samplePersonas(page);
  const doc = await (await new PersonasPage(page).open()).openPersona(names[0]);
  const figures = await doc.figures();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-html').click()]);
  assert.equal(download.suggestedFilename(), `${names[0]}.html`);
  const html = fs.readFileSync(await download.path(), 'utf8');
  assert.ok(!/<script/i.test(html), 'no script');

  // readable offline with scripts off: nothing is fetched, the persona and its figures show
  const viewer = await env.browser.context.newPage();
  t.after(() => viewer.close());
  const fetched = [];
  await viewer.route('**/*', (r) => { fetched.push(r.request().url()); r.abort(); });
  await viewer.goto('about:blank');
  await viewer.setContent(html);
  assert.equal(await new PersonaDoc(viewer).name(), names[0]);
  assert.deepEqual(await new PersonaDoc(viewer).figures(), figures);
  assert.ok(await viewer.locator('svg').count() >= 2, 'face and chart inline');
  assert.deepEqual(fetched, []);

  // its chart as SVG and as PNG
  const chart = page.locator('.doc-aside [data-testid="persona-chart"]');
  const [svg] = await Promise.all([page.waitForEvent('download'), chart.locator('[data-chart-export="svg"]').click()]);
  assert.equal(svg.suggestedFilename(), 'persona-chart.svg');
  assert.match(fs.readFileSync(await svg.path(), 'utf8'), /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const [png] = await Promise.all([page.waitForEvent('download'), chart.locator('[data-chart-export="png"]').click()]);
  assert.equal(png.suggestedFilename(), 'persona-chart.png');
  const bytes = fs.readFileSync(await png.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
  assert.ok(bytes.readUInt32BE(16) >= 900, 'drawn at twice the chart size');

  // Chromium prints the document; the PDF's text holds the name and the evidence figures
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
  assert.ok(text.includes(names[0]), `name in ${text.slice(0, 200)}`);
  for (const f of figures.slice(0, 5)) assert.ok(text.includes(f.replace(/\s+/g, ' ')), `figure ${f}`);
  assert.ok(!text.includes('Share link'), 'no toolbar in print');
  assert.deepEqual(errors, []);
});

test('a small workspace travels whole as a link and is saved as a new workspace; a large one says to use a file', async (t) => {
  const { page, errors } = await newPage(t);
  await page.goto(env.site.url + '#/personas');
  const personas = await new PersonasPage(page).open();
  for (const name of ['Ana Field', 'Ben Stone']) {
    const doc = await personas.add();
    await doc.edit();
    await doc.setField('name', name);
    await doc.done();
    await personas.open();
  }
  const ws = await new Workspaces(page).open();
  await ws.rename('My workspace', 'Two sketches');
  await page.getByTestId('share-workspace').click();
  const url = await page.getByTestId('workspace-link').getByTestId('share-url').inputValue();
  assert.match(url, /#\/share\/w1\./);

  const other = await launch();
  t.after(() => other.close());
  const p2 = await other.context.newPage();
  const share = new Share(p2);
  await share.open(url);
  assert.equal((await p2.getByTestId('shared-workspace').textContent()).trim(), 'Two sketches');
  await share.save();
  await new PersonasPage(p2).waitForCount(2);
  assert.deepEqual((await new PersonasPage(p2).names()).sort(), ['Ana Field', 'Ben Stone']);
  assert.equal((await p2.getByTestId('workspace-name').textContent()).trim(), 'Two sketches');

  // the sample's workspace is too long for a link: said, with the file offered instead
  await ws.create();
  await samplePersonas(page);
  await ws.open();
  await page.getByTestId('share-workspace').click();
  assert.match(await page.getByTestId('share-error').textContent(), /too long for a link .*export it as a file/);
  assert.deepEqual(errors, []);
});
