// End-to-end: a user imports files on the Data page of the release build.
// Run by `make test` (node --test) against dist/ served on 127.0.0.1, at / and at a sub-path.
// New user flows go in their own test() here; selectors go in pages.mjs, never in tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';
import { clearStorage } from './site.mjs';
import { DataPage, SegmentsPage } from './pages.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const dist = path.join(root, 'dist');
const fixture = (name) => path.join(root, 'tests/fixtures', name);

let browser, site, subSite;
before(async () => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'build the site first (make build)');
  site = await serve(dist, { prefix: '/' });
  subSite = await serve(dist, { prefix: '/tools/personas/' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await subSite?.close();
});

/** A new page; each test starts with both sites' storage empty (workspaces persist). */
async function newPage(t) {
  const blank = await browser.context.newPage();
  for (const s of [site, subSite]) await clearStorage(blank, s.url);
  await blank.close();
  const page = await browser.context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  t.after(async () => { await page.close(); });
  return { page, consoleErrors };
}

test('the sample data yields four linked files of the four kinds', async (t) => {
  const { page, consoleErrors } = await newPage(t);
  const data = await new DataPage(page, site.url).open();
  await data.trySample();
  await data.expectFiles(['customers.csv', 'orders.csv', 'events.csv', 'feedback.csv']);
  assert.equal(await data.kind('customers.csv'), 'customers');
  assert.equal(await data.kind('orders.csv'), 'transactions');
  assert.equal(await data.kind('events.csv'), 'events');
  assert.equal(await data.kind('feedback.csv'), 'feedback');
  assert.match(await data.facts('customers.csv'), /^2,000 rows/);
  assert.equal(await data.role('customers.csv', 'customer_id'), 'customer_id');
  assert.equal(await data.role('customers.csv', 'interests'), 'interests');
  assert.equal(await data.type('customers.csv', 'interests'), 'multi_value');
  assert.equal(await data.role('orders.csv', 'amount'), 'order_value');
  const links = await data.links();
  assert.equal(links.length, 3);
  for (const l of links) assert.match(l, / 0 not in the customers file/);
  assert.deepEqual(consoleErrors, []);
});

test('real-world exports: encodings, separators, decimal commas and problem rows', async (t) => {
  const { page } = await newPage(t);
  const data = await new DataPage(page, site.url).open();
  await data.importFiles([
    fixture('kunden_de_cp1252.csv'), fixture('commandes_fr_bom.csv'), fixture('events_utf16.tsv'),
    fixture('feedback_multiline.csv'), fixture('orders_ragged.csv'), fixture('legacy_aligned.txt'),
  ]);
  assert.equal(await data.kind('kunden_de_cp1252.csv'), 'customers');
  assert.match(await data.dialect('kunden_de_cp1252.csv'), /windows-1252, semicolon separated, header row, decimal comma, CRLF/);
  assert.ok((await data.warnings('kunden_de_cp1252.csv')).some((w) => /Windows-1252/.test(w)));
  assert.equal(await data.role('kunden_de_cp1252.csv', 'Geburtsjahr'), 'age');
  assert.equal(await data.role('kunden_de_cp1252.csv', 'Jahreseinkommen'), 'income');
  assert.equal(await data.type('kunden_de_cp1252.csv', 'Jahreseinkommen'), 'number');
  await page.getByText('München').first().waitFor();

  assert.match(await data.dialect('commandes_fr_bom.csv'), /UTF-8 with BOM, semicolon separated/);
  assert.equal(await data.role('commandes_fr_bom.csv', 'Montant'), 'order_value');
  assert.equal(await data.type('commandes_fr_bom.csv', 'Date de commande'), 'date');

  assert.match(await data.dialect('events_utf16.tsv'), /UTF-16LE with BOM, tab separated/);
  assert.equal(await data.kind('events_utf16.tsv'), 'events');
  assert.equal(await data.type('feedback_multiline.csv', 'comment'), 'free_text');
  assert.match(await data.dialect('legacy_aligned.txt'), /aligned columns/);

  // problem rows: counted, listed with their line numbers, and the good rows still imported
  assert.deepEqual(await data.problemLines('orders_ragged.csv'), [3, 4, 6]);
  assert.match(await data.facts('orders_ragged.csv'), /^3 rows/);
});

test('a workbook dropped by mistake gets a clear message and the other files still load', async (t) => {
  const { page } = await newPage(t);
  const data = await new DataPage(page, site.url).open();
  await data.importFiles([fixture('workbook.xlsx'), fixture('orders_ragged.csv')]);
  const errors = (await data.errors()).join(' ');
  assert.match(errors, /workbook\.xlsx.*Excel \.xlsx workbook.*save it as CSV/i);
  await data.expectFiles(['orders_ragged.csv']);
  await data.importBuffers([{ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) }]);
  assert.match((await data.errors()).join(' '), /empty\.csv.*empty/);
});

test('a warehouse\'s gzipped unload is read as the CSV inside it; a damaged one is said to be', async (t) => {
  const { page, consoleErrors } = await newPage(t);
  const data = await new DataPage(page, site.url).open();
  const plain = fs.readFileSync(fixture('real/cdnow_transactions.csv'));
  const gz = zlib.gzipSync(plain);
  await data.importBuffers([
    { name: 'data_0_0_0.csv.gz', mimeType: 'application/gzip', buffer: gz },
    { name: 'broken.csv.gz', mimeType: 'application/gzip', buffer: gz.subarray(0, gz.length >> 1) },
  ]);
  await data.expectFiles(['data_0_0_0.csv']);
  const rows = plain.toString().trim().split('\n').length - 1;
  assert.match(await data.facts('data_0_0_0.csv'), new RegExp(`${rows.toLocaleString('en-US')} rows`));
  assert.match((await data.errors()).join(' '), /broken\.csv\.gz.*could not be unzipped.*Unzip it on your computer/);
  assert.deepEqual(consoleErrors, []);
});

test('the chosen roles are remembered for files with the same header', async (t) => {
  const { page } = await newPage(t);
  const data = await new DataPage(page, site.url).open();
  await data.importFiles([fixture('legacy_aligned.txt')]);
  assert.equal(await data.role('legacy_aligned.txt', 'CUSTNO'), 'customer_id');
  await data.setRole('legacy_aligned.txt', 'NAME', 'occupation');
  assert.equal(await data.kind('legacy_aligned.txt'), 'customers');
  await data.removeAll();
  await page.reload();
  await data.open();
  await data.importFiles([fixture('legacy_aligned.txt')]);
  await page.waitForFunction(() => document.querySelector('[data-column="NAME"] [data-testid="role-select"]')?.value === 'occupation');

  // a spreadsheet's export ends its lines in empty cells, as many as its used range had:
  // next month's, with more of them, is still the same header, and they are no columns
  const saved = (blank, n) => Buffer.from(['member,age,plan,visits' + ','.repeat(blank)]
    .concat(Array.from({ length: n }, (_, i) => `M${i},${20 + (i % 50)},${i % 3 ? 'basic' : 'pro'},${i % 17}` + ','.repeat(blank)))
    .join('\r\n'));
  await data.importBuffers([{ name: 'members-may.csv', mimeType: 'text/csv', buffer: saved(2, 60) }]);
  assert.match(await data.facts('members-may.csv'), /^60 rows · 4 columns and 2 empty ones after them · /);
  await data.setRole('members-may.csv', 'visits', 'order_count');
  await data.removeAll();
  await page.reload();
  await data.open();
  await data.importBuffers([{ name: 'members-june.csv', mimeType: 'text/csv', buffer: saved(5, 70) }]);
  assert.match(await data.facts('members-june.csv'), /^70 rows · 4 columns and 5 empty ones after them · /);
  await page.waitForFunction(() => document.querySelector('[data-file="members-june.csv"] [data-column="visits"] [data-testid="role-select"]')?.value === 'order_count');
});

test('a customer id chosen in a file without a header links it, with no second id and no import again', async (t) => {
  const { page, consoleErrors } = await newPage(t);
  const data = await new DataPage(page, site.url).open();
  const customers = ['customer_id,age', ...Array.from({ length: 200 }, (_, i) => `C${String(i).padStart(3, '0')},${20 + (i % 50)}`)].join('\n') + '\n';
  // no header: a row number first, then the customer, the day and the amount
  const orders = Array.from({ length: 300 }, (_, i) => `${i + 1},C${String(i % 250).padStart(3, '0')},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${5 + (i % 9)}.50`).join('\n') + '\n';
  await data.importBuffers([
    { name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(customers) },
    { name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(orders) },
  ]);
  await data.setRole('orders.csv', 'column_2', 'customer_id');
  // the file is read again for the new id's values, and links by them
  await data.waitForLink(/^orders\.csv .*: 200 of 250 ids found/);
  // one customer id per file (the row is redrawn a few rows a frame after the summary)
  await page.waitForFunction(() => document.querySelector('[data-file="orders.csv"] [data-column="column_1"] [data-testid="role-select"]')?.value === 'ignored');
  const notes = await data.notes();
  assert.ok(!notes.some((n) => /reading the file again|import the file again/.test(n)), `${notes}`);
  assert.deepEqual(consoleErrors, []);
});

test('a large file streams with progress and can be cancelled', async (t) => {
  const { page } = await newPage(t);
  const data = await new DataPage(page, site.url).open();
  const big = path.join(os.tmpdir(), `persona-big-${process.pid}.csv`);
  const line = 'C0000001,2024-05-01,123.45,web,some words of text\n';
  fs.writeFileSync(big, 'customer_id,order_date,amount,channel,note\n' + line.repeat(3_000_000));
  t.after(() => fs.rmSync(big, { force: true }));
  await page.getByTestId('file-input').setInputFiles(big);
  await page.getByTestId('progress').waitFor();
  await page.waitForFunction(() => Number(document.querySelector('#import-progress')?.value) > 0);
  // the page stays responsive while the worker reads
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  await page.getByTestId('cancel-button').click();
  await data.waitIdle();
  assert.match(await page.getByTestId('notice').textContent(), /cancelled/i);
  await data.expectFiles([]);
});

test('large files are read by two workers, keep every row and problem line, and segment', async (t) => {
  // 40 MB each: a second worker reads from a little past the middle on. Under a sub-path, it must still find its code.
  const { page, consoleErrors } = await newPage(t);
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  const data = await new DataPage(page, subSite.url).open();
  const big = path.join(os.tmpdir(), `persona-halves-${process.pid}.csv`);
  const rows = 900_000;
  const fd = fs.openSync(big, 'w');
  fs.writeSync(fd, 'order_id,customer_id,order_date,amount,note\n');
  const bad = [1_000, 449_000, 600_000, 899_000]; // too many fields, on both sides of the cut (~56%)
  let lines = [];
  for (let i = 0; i < rows; i++) {
    const note = bad.includes(i) ? 'a,b' : i === 600_010 ? '"two\nlines"' : `note ${i % 97}`;
    lines.push(`${i},C${String(i % 50_000).padStart(6, '0')},2025-0${1 + (i % 9)}-1${i % 10},${10 + (i % 400)}.50,${note}`);
    if (lines.length === 10_000) { fs.writeSync(fd, lines.join('\n') + '\n'); lines = []; }
  }
  fs.closeSync(fd);
  // a second large file, events of the same customers: the first reader starts it while the
  // first file's tail is still on its way from the second worker
  const next = path.join(os.tmpdir(), `persona-halves-next-${process.pid}.csv`);
  const fd2 = fs.openSync(next, 'w');
  fs.writeSync(fd2, 'customer_id,event_time,event_type,channel\n');
  const events = ['page_view', 'add_to_cart', 'checkout', 'email_open'];
  for (let i = 0; i < 900_000; i += 10_000) {
    const block = [];
    for (let j = i; j < i + 10_000; j++) {
      const extra = j === 700_000 ? ',oops' : '';
      block.push(`C${String(j % 50_000).padStart(6, '0')},2025-0${1 + (j % 9)}-1${j % 10} 1${j % 10}:0${j % 6}:00,${events[j % 4]},${j % 3 ? 'web' : 'app'}${extra}`);
    }
    fs.writeSync(fd2, block.join('\n') + '\n');
  }
  fs.closeSync(fd2);
  t.after(() => fs.rmSync(big, { force: true }));
  t.after(() => fs.rmSync(next, { force: true }));
  assert.ok(fs.statSync(big).size > 34 * 2 ** 20, 'large enough to be split');
  assert.ok(fs.statSync(next).size > 34 * 2 ** 20, 'the next file large enough to be split');
  await data.importFiles([big, next]);
  const name = path.basename(big);
  assert.match(await data.facts(name), /^899,996 rows/);
  // line = row + 2 (the header is line 1); the quoted line break adds a line after row 600,010
  assert.deepEqual(await data.problemLines(name), [1_002, 449_002, 600_002, 899_003]);
  assert.equal(await data.role(name, 'customer_id'), 'customer_id');
  assert.equal(await data.type(name, 'amount'), 'number');
  const other = path.basename(next);
  assert.match(await data.facts(other), /^899,999 rows/);
  assert.deepEqual(await data.problemLines(other), [700_002]);
  assert.equal(await data.role(other, 'customer_id'), 'customer_id');
  assert.equal(await data.role(other, 'event_type'), 'event_type');
  assert.ok(workers.length >= 2, `a second worker read part of the file: ${workers}`);
  // 50,000 customers: a worker standing by tries the candidate k while the first encodes
  const segments = await new SegmentsPage(page).open();
  await segments.run(120_000);
  assert.match(await segments.summary(), /^\d segments? of 50,000 customers, (chosen automatically|no distinct segments found)\.$/);
  assert.ok(workers.length >= 3, `a worker stood by for segmenting: ${workers}`);
  for (const w of workers) assert.ok(w.startsWith(subSite.url), `a worker from elsewhere: ${w}`);
  assert.deepEqual(consoleErrors, []);
});

test('changing a role during an import keeps the progress bar and its cancel button', async (t) => {
  const { page } = await newPage(t);
  const data = await new DataPage(page, site.url).open();
  await data.importFiles([fixture('legacy_aligned.txt')]);
  const big = path.join(os.tmpdir(), `persona-mid-${process.pid}.csv`);
  // large enough that the import is still running when the role has changed (216 MB)
  fs.writeFileSync(big, 'customer_id,order_date,amount\n' + 'C0000001,2024-05-01,123.45\n'.repeat(8_000_000));
  t.after(() => fs.rmSync(big, { force: true }));
  await page.getByTestId('file-input').setInputFiles(big);
  await page.waitForFunction(() => Number(document.querySelector('#import-progress')?.value) > 0);
  await data.setRole('legacy_aligned.txt', 'NAME', 'occupation');
  assert.ok(await page.getByTestId('progress').isVisible(), 'the progress bar vanished after a role change');
  await page.getByTestId('cancel-button').click();
  await data.waitIdle();
  await data.expectFiles(['legacy_aligned.txt']);
});

test('no request leaves the page: only its own static files are fetched', async (t) => {
  const { page } = await newPage(t);
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), method: r.method() }));
  const data = await new DataPage(page, site.url).open();
  const loaded = requests.length;
  await data.importFiles([fixture('kunden_de_cp1252.csv'), fixture('orders_ragged.csv')]);
  await data.trySample();
  const after = requests.slice(loaded);
  for (const r of requests) {
    assert.equal(new URL(r.url).origin, site.origin, `request to another origin: ${r.url}`);
    assert.equal(r.method, 'GET', `non-GET request: ${r.method} ${r.url}`);
    const file = path.join(dist, new URL(r.url).pathname);
    assert.ok(fs.existsSync(file), `request for something that is not a file of the site: ${r.url}`);
  }
  // after load, only the worker's own code may be fetched (once, on first use)
  for (const r of after) assert.match(new URL(r.url).pathname, /worker/, `unexpected request after load: ${r.url}`);
});

test('served under a sub-path, pages reload and bookmark without rewrite rules', async (t) => {
  const { page, consoleErrors } = await newPage(t);
  const data = await new DataPage(page, subSite.url).open('#/data');
  await data.importFiles([fixture('feedback_multiline.csv')]);
  await page.reload();
  await page.getByTestId('data-page').waitFor();
  await page.goto(subSite.url + '#/no-such-page');
  await page.getByTestId('not-found').waitFor();
  await page.getByRole('link', { name: 'Go to your data' }).click();
  await page.getByTestId('data-page').waitFor();
  assert.deepEqual(consoleErrors, []);
});

test('everything is reachable from the keyboard', async (t) => {
  const { page } = await newPage(t);
  const data = await new DataPage(page, site.url).open();
  // Tab until the sample button has focus, then press Enter
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.dataset?.testid === 'sample-button')) break;
  }
  await page.keyboard.press('Enter');
  await data.waitIdle();
  await data.expectFiles(['customers.csv', 'orders.csv', 'events.csv', 'feedback.csv']);
  // a role picker can be changed with the keyboard alone
  const select = data.row('orders.csv', 'channel').getByTestId('role-select');
  await select.focus();
  await select.selectOption('touchpoint');
  assert.equal(await data.role('orders.csv', 'channel'), 'touchpoint');
});
