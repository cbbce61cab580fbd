// End-to-end: what people drop by mistake or get from a broken export, in the release build.
// Each bad input must give a clear message, keep the good rows and leave the page usable.
// The inputs are made at test time (bad_files.mjs); selectors live in pages.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useSite } from './site.mjs';
import { DataPage, SegmentsPage } from './pages.mjs';
import * as bad from './bad_files.mjs';

const env = useSite();

/** What each small bad input must give: a refusal naming the file, or the rows it keeps. */
const expected = {
  'empty.csv': { refused: /^empty\.csv: This file is empty\.$/ },
  'header_only.csv': { rows: 0, warning: /header but no data rows/ },
  'slide.png': { refused: /^slide\.png: This is not a CSV file: it looks like a PNG image\. Export or save it as CSV/ },
  'report.pdf': { refused: /^report\.pdf: This is not a CSV file: it looks like a PDF document\./ },
  'orders.json': { refused: /^orders\.json: This is not a CSV file: it looks like JSON \(an array of records\)\. Export or save it as CSV/ },
  'export.zip': { refused: /^export\.zip: This is a zip archive holding customers\.csv: unzip it and drop customers\.csv\.$/ },
  'customers.xlsx': { refused: /^customers\.xlsx: This is not a CSV file: it looks like an Excel \.xlsx workbook\. Export or save it as CSV/ },
  'ragged.csv': { rows: 10, warning: /^2 rows were left out because of their shape/, problems: [6, 11] },
  'unterminated.csv': { rows: 10, warning: /^1 row was left out because of its shape/, problems: [7] },
  'one_line.csv': { refused: /^one_line\.csv: This file has 2,500,001 columns, more than a spreadsheet holds \(16,384\): it is no table of customers\./ },
  'mixed_encoding.csv': { rows: 16, warning: /^3 bytes of the file are not valid UTF-8 and were read as Windows-1252 \(Western European\), as older spreadsheets save accents and signs such as €; the first is on line 7\.$/ },
};

/** The page still works: its pages open, and the sample data still loads and segments. */
async function assertUsable(page, data) {
  const segments = await new SegmentsPage(page).open();
  await page.getByTestId('nav-data').click();
  await page.getByTestId('data-page').waitFor();
  await data.removeAll();
  await data.trySample();
  await data.expectFiles(['customers.csv', 'orders.csv', 'events.csv', 'feedback.csv']);
  await segments.open();
  await segments.chooseK(4);
  await segments.run();
  assert.match(await segments.summary(), /^4 segments of 2,000 customers/);
}

test('every small bad input is named and explained, its good rows are kept, and the page goes on working', async (t) => {
  const { page, errors } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  const cases = bad.smallCases();
  assert.deepEqual(cases.map((c) => c.file.name).sort(), Object.keys(expected).sort());
  // each dropped with a good file: the good one loads whatever the other is
  const good = { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from([bad.header, ...bad.goodRows(100)].join('\n') + '\n') };
  await data.importBuffers([good]);
  for (const c of cases) {
    const want = expected[c.file.name];
    await data.importBuffers([c.file]);
    const name = c.file.name;
    if (want.refused) {
      const said = (await data.errors()).filter((e) => e.startsWith(name));
      assert.equal(said.length, 1, `${name}: ${await data.errors()}`);
      assert.match(said[0], want.refused);
      assert.ok(!(await data.fileNames()).includes(name), `${name} was refused, yet shows as a file`);
    } else {
      assert.match(await data.facts(name), new RegExp(`^${want.rows} rows`), name);
      assert.ok((await data.warnings(name)).some((w) => want.warning.test(w)), `${name}: ${await data.warnings(name)}`);
      assert.deepEqual(await data.problemLines(name), want.problems ?? [], name);
    }
    assert.match(await data.facts('good.csv'), /^10 rows/, `after ${name}`);
  }
  // the lines of both encodings read right
  const cities = await data.values('mixed_encoding.csv', 'city');
  assert.ok(/Düsseldorf/.test(cities) && /Köln/.test(cities) && !/Ã/.test(cities), cities);
  await assertUsable(page, data);
  assert.deepEqual(errors, []);
});

test('two tools\' downloads both named export.csv are both kept, dropped together or one after the other', async (t) => {
  const { page, errors } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  const users = { name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from([bad.header, ...bad.goodRows(100)].join('\n') + '\n') };
  const rows = Array.from({ length: 40 }, (_, i) => `s${i},C000${10 + (i % 10)},2024-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00,page_view`);
  const sessions = { name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(['session_id,customer_id,timestamp,event_type', ...rows].join('\n') + '\n') };
  await data.importBuffers([users, sessions]);
  assert.deepEqual((await data.fileNames()).sort(), ['export (2).csv', 'export.csv']);
  assert.match(await data.facts('export.csv'), /^10 rows/);
  assert.match(await data.facts('export (2).csv'), /^40 rows/);
  // the same export dropped again replaces its earlier reading; another one is kept beside
  await data.importBuffers([users]);
  assert.deepEqual((await data.fileNames()).sort(), ['export (2).csv', 'export.csv']);
  await data.importBuffers([{ ...sessions, buffer: Buffer.from(['id,plan', 'a,pro', 'b,free'].join('\n') + '\n') }]);
  assert.deepEqual((await data.fileNames()).sort(), ['export (2).csv', 'export (3).csv', 'export.csv']);
  assert.deepEqual(errors, []);
});

test('a 1 GB log streams with progress, counts every row and leaves the page responsive', async (t) => {
  const { page, errors } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  const huge = bad.hugeFile(1);
  t.after(() => fs.rmSync(huge.path, { force: true }));
  assert.ok(fs.statSync(huge.path).size >= 2 ** 30, 'at least 1 GiB');
  await page.getByTestId('file-input').setInputFiles(huge.path);
  await page.getByTestId('progress').waitFor();
  await page.waitForFunction(() => Number(document.querySelector('#import-progress')?.value) > 0);
  // the page answers and moves between pages while the workers read
  await new SegmentsPage(page).open();
  await page.getByTestId('nav-data').click();
  await data.waitIdle(300_000);
  const name = path.basename(huge.path);
  assert.match(await data.facts(name), new RegExp(`^${huge.rows.toLocaleString('en-US')} rows · 6 columns · 1\\.0\\d GB`));
  assert.deepEqual(await data.problemLines(name), []);
  assert.equal(await data.role(name, 'customer_id'), 'customer_id');
  assert.deepEqual(errors, []);
});

test('2,000 columns, a 10 MB field and a million distinct ids load quickly and stay workable', async (t) => {
  const { page, errors } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  const wide = bad.wideFile();
  const field = bad.bigFieldFile();
  const million = bad.millionIdsFile();
  t.after(() => { for (const f of [wide, field, million]) fs.rmSync(f.path, { force: true }); });
  await data.importFiles([wide.path, field.path]);

  const w = path.basename(wide.path);
  assert.match(await data.facts(w), /^200 rows · 2,000 columns/);
  // the first columns, and the rest on request
  assert.equal(await data.columnRows(w), 150);
  assert.equal(await data.moreColumnsLabel(w), 'Show 500 more of 1,850 columns');
  await data.showMoreColumns(w);
  assert.equal(await data.columnRows(w), 650);
  assert.deepEqual(await data.focused(), { testid: 'type-select', index: '150' }, 'the keyboard goes on at the first column shown');
  assert.equal(await data.role(w, 'q600'), await data.role(w, 'q1'), 'the columns shown later have their roles');

  const f = path.basename(field.path);
  assert.match(await data.facts(f), /^11 rows · 5 columns · 10\.0 MB/);
  const note = await data.values(f, 'note');
  assert.ok(note.length < 2_000 && note.includes('xxx…'), `the 10 MB note is shown cut: ${note.length} characters`);

  await data.removeAll();
  await data.importFiles([million.path]);
  const m = path.basename(million.path);
  assert.match(await data.facts(m), /^1,000,000 rows · 4 columns/);
  assert.equal(await data.role(m, 'customer_id'), 'customer_id');
  // a million customers segment in the browser
  const segments = await new SegmentsPage(page).open();
  await segments.chooseK(3);
  await segments.run(240_000);
  assert.match(await segments.summary(), /^3 segments of 1,000,000 customers/);
  assert.deepEqual(errors, []);
});
