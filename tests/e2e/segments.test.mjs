// End-to-end: a user segments the sample data on the Segments page of the release build.
// Selectors live in pages.mjs (SegmentsPage); new segmentation flows go in their own test() here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useSite } from './site.mjs';
import { ChangesPage, DataPage, PersonasPage, SegmentsPage, Workspaces } from './pages.mjs';

const env = useSite();
const here = path.dirname(fileURLToPath(import.meta.url));
const newPage = (t) => env.newPage(t);

/** The sample data imported, and the Segments page open. */
async function sampleSegments(page) {
  await new DataPage(page, env.site.url).open().then((data) => data.trySample());
  return new SegmentsPage(page).open();
}

test('without data the Segments page says to import first', async (t) => {
  const { page } = await newPage(t);
  await new DataPage(page, env.site.url).open();
  const seg = await new SegmentsPage(page).open();
  assert.ok(await seg.isEmpty());
});

test('sample data: RFM segments, six clusters with profiles and charts, then other features', async (t) => {
  const { page, errors, foreign } = await newPage(t);
  const seg = await sampleSegments(page);

  await seg.chooseK(6);
  await seg.run();
  assert.match(await seg.summary(), /^6 segments of 2,000 customers, as you asked/);
  assert.equal(await seg.cardCount(), 6);
  assert.deepEqual((await seg.rfmSegments()).length, 10);
  assert.ok((await seg.rfmSegments()).includes('Champions'));
  assert.deepEqual(await seg.chartIds(), ['chart-rfm', 'chart-sizes', 'chart-heatmap', 'chart-scatter']);
  const names = await seg.names();
  assert.equal(new Set(names).size, 6, `labels should differ: ${names}`);

  // with k chosen automatically, the default run finds the six planted segments and says why
  await seg.chooseK('auto');
  await seg.run();
  assert.match(await seg.summary(), /^6 segments of 2,000 customers, chosen automatically/);
  assert.match(await seg.kReason(), /^6 segments, which overlap \(silhouette 0\.\d\d, .* 7 segments would split segments that are not apart/);
  assert.ok((await seg.chartIds()).includes('chart-k'));
  await seg.chooseK(6);
  await seg.run();

  // the user renames a segment
  await seg.rename(0, 'Weekend bargain hunters');
  assert.equal((await seg.names())[0], 'Weekend bargain hunters');

  // other features, k chosen automatically: the picker keeps the choice, the elbow is shown
  assert.ok(await seg.featureChecked('gender'));
  await seg.setFeature('gender', false);
  await seg.chooseK('auto');
  await seg.run();
  assert.match(await seg.summary(), /segments of 2,000 customers, chosen automatically/);
  assert.equal(await seg.featureChecked('gender'), false);
  assert.ok((await seg.chartIds()).includes('chart-k'));

  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
});

test('the names a user gives segments are used on every page and kept by the next run', async (t) => {
  const { page, errors, foreign } = await newPage(t);
  const seg = await sampleSegments(page);
  await seg.chooseK(6);
  // (without the events' mixes, which a warehouse's query cannot hold)
  await seg.run();
  await seg.setFeature('event_type', false);
  await seg.setFeature('touchpoint', false);
  await seg.run();
  const labels = await seg.names();

  // typed and left with Tab: the keyboard goes on to the next name when the page is drawn again
  await seg.rename(1, 'Weekend bargain hunters');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'segment-name-3');
  assert.equal((await seg.names())[1], 'Weekend bargain hunters');
  assert.deepEqual(await seg.dataLabels(), ['', labels[1], '', '', '', ''], 'the data\'s label stays in sight');
  await page.getByTestId('chart-sizes').locator('svg').waitFor();
  assert.equal((await seg.chartRows('chart-sizes'))[1][1], 'Weekend bargain hunters');
  assert.ok((await page.getByTestId('chart-sizes').locator('svg').textContent()).includes('Weekend bargain hunters'));

  // its persona, the warehouse's query
  const personas = await new PersonasPage(page).open();
  const origins = await personas.origins();
  assert.ok(origins.some((o) => o.includes('segment 2 “Weekend bargain hunters”')), origins.join('\n'));
  await seg.open();
  const sql = await seg.downloadSql();
  assert.match(sql.text, /WHEN 2 THEN 'Weekend bargain hunters'/);

  // every segment named; a run with five: the segments that continue one keep its name, the
  // others are called by the data
  for (let i = 0; i < 6; i++) if (i !== 1) await seg.rename(i, `Group ${i + 1}`);
  const named = ['Group 1', 'Weekend bargain hunters', 'Group 3', 'Group 4', 'Group 5', 'Group 6'];
  assert.deepEqual(await seg.names(), named);
  await seg.chooseK(5);
  await seg.run();
  const after = await seg.names();
  const kept = after.filter((n) => named.includes(n));
  assert.ok(kept.length >= 4, `the segments that continue keep their names: ${after}`);
  const dataLabels = await seg.dataLabels();
  after.forEach((n, i) => assert.equal(dataLabels[i] !== '', named.includes(n), `${n}: ${dataLabels[i]}`));

  // emptied, a name gives the data's label back
  const i = after.indexOf(kept[0]);
  const own = dataLabels[i];
  await seg.rename(i, '');
  assert.equal((await seg.names())[i], own);
  assert.equal((await seg.dataLabels())[i], '');

  // reloaded, the workspace shows the names, and the form what the run was asked for
  const shown = await seg.names();
  await new Workspaces(page).waitSaved();
  await page.reload();
  const again = await new SegmentsPage(page).open();
  await again.cards().first().waitFor();
  assert.deepEqual(await again.names(), shown);
  assert.equal(await again.k(), '5', 'the form asks for five segments again, not the automatic choice');
  assert.ok(!(await again.isStale()), 'nothing changed since these segments were found');
  // the run is named by its last order too: two exports of one log are told apart
  assert.match(await new ChangesPage(page).open().then((c) => c.lastRun()), / · customers\.csv and 3 more · orders to \d{4}-\d\d-\d\d · 2,000 customers$/);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
});

test('the form keeps what the user chose while they visit other pages, and running again uses it', async (t) => {
  const { page, errors } = await newPage(t);
  let seg = await sampleSegments(page);
  await seg.chooseK(4);
  await seg.setMinSize(40);
  await seg.run();
  await seg.setFeature('gender', false);
  await seg.openRfmSettings();
  await seg.setAnalysisDate('2025-01-31');
  await seg.chooseK(3);
  await seg.run();
  assert.match(await seg.summary(), /^3 segments of 2,000 customers, as you asked/);

  await new PersonasPage(page).open();
  seg = await new SegmentsPage(page).open();
  assert.equal(await seg.k(), '3');
  assert.equal(await seg.minSize(), '40');
  assert.equal(await seg.featureChecked('gender'), false);
  await seg.openRfmSettings();
  assert.equal(await seg.analysisDate(), '2025-01-31');
  // running again uses what the form shows: without gender, not the defaults (which tick it)
  await seg.chooseK(5);
  await seg.run();
  assert.match(await seg.summary(), /^5 segments of 2,000 customers, as you asked/);
  assert.equal(await seg.featureChecked('gender'), false);
  assert.equal(await seg.analysisDate(), '2025-01-31');

  // after a reload the form shows what the saved run was asked for, not the defaults
  await new Workspaces(page).waitSaved();
  await page.reload();
  seg = await new SegmentsPage(page).open();
  await seg.cards().first().waitFor();
  assert.equal(await seg.k(), '5');
  assert.equal(await seg.minSize(), '40');
  assert.equal(await seg.featureChecked('gender'), false);
  await seg.openRfmSettings();
  assert.equal(await seg.analysisDate(), '2025-01-31');

  // other files in place of the sample: the features chosen for it are not theirs, so the run
  // takes the new files' defaults rather than failing
  const again = await new DataPage(page, env.site.url).open();
  await again.removeAll();
  await again.importFiles([path.resolve(here, '../fixtures/real/telco_churn.csv')]);
  seg = await new SegmentsPage(page).open();
  await seg.run();
  assert.match(await seg.summary(), /^5 segments of 1,000 customers, as you asked/);
  assert.equal(await seg.featureChecked('attr_contract'), true);
  assert.deepEqual(errors, []);
});

test('segments found before the data changed say so until they are found again', async (t) => {
  const { page, errors } = await newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  await data.trySample();
  let seg = await new SegmentsPage(page).open();
  await seg.chooseK(4);
  await seg.run();
  assert.equal(await seg.isStale(), false);

  // a column's role changes on the Data page: the segments shown no longer follow the data
  await data.open();
  await data.setRole('customers.csv', 'gender', 'ignored');
  seg = await new SegmentsPage(page).open();
  assert.equal(await seg.isStale(), true);
  await seg.run();
  assert.equal(await seg.isStale(), false);

  // so do other files in place of the sample's
  await data.open();
  await data.removeAll();
  await data.importFiles([path.resolve(here, '../fixtures/real/telco_churn.csv')]);
  seg = await new SegmentsPage(page).open();
  assert.equal(await seg.isStale(), true);
  await seg.run();
  assert.equal(await seg.isStale(), false);
  assert.match(await seg.summary(), /^4 segments of 1,000 customers/);
  assert.deepEqual(errors, []);
});

test('a bad setting is explained and nothing runs', async (t) => {
  const { page } = await newPage(t);
  const seg = await sampleSegments(page);
  await seg.setMinSize('one percent');
  await seg.run();
  assert.match(await seg.alert(), /minimum segment size must be a whole number/);
  assert.equal(await seg.cardCount(), 0);
});

test('the RFM rule editor refuses overlaps and shows uncovered cells', async (t) => {
  const { page, errors } = await newPage(t);
  const seg = await sampleSegments(page);
  await seg.openRfmSettings();
  assert.equal((await seg.rulesMessage()).id, 'rules-ok');

  // a new rule on R5 F5 overlaps Champions: refused, in words, and the run is refused too
  await seg.addRule();
  await seg.setLastRule(5, 5, 5, 5);
  const overlap = await seg.rulesMessage();
  assert.equal(overlap.id, 'rules-error');
  assert.match(overlap.text, /Champions.*both cover R5 F5/);
  await seg.run();
  assert.match(await seg.alert(), /both cover R5 F5/);
  assert.equal(await seg.cardCount(), 0);

  // without "New", R5 F1 is uncovered: shown, and its customers are counted as unassigned
  await seg.removeRule('Segment 11');
  await seg.removeRule('New');
  const uncovered = await seg.rulesMessage();
  assert.equal(uncovered.id, 'rules-uncovered');
  assert.match(uncovered.text, /No rule covers R5 F1/);
  await seg.setAnalysisDate('2026-03-01');
  await seg.chooseK(4);
  await seg.run();
  assert.equal((await seg.rfmSegments()).length, 9);
  assert.match(await seg.rfmNote(), /customers fall in cells no rule covers/);
  assert.deepEqual(errors, []);
});

test('RFM scores by cut points typed as people type them; a cut point that is no number is named', async (t) => {
  const { page, errors } = await newPage(t);
  const seg = await sampleSegments(page);
  await seg.openRfmSettings();
  await seg.setAnalysisDate('2026-03-01');
  await seg.chooseK(4);
  await seg.run();
  const quintiles = await seg.rfmGrid();

  // one order is F1, two F2, three or four F3, five to eight F4, more F5
  await seg.setCuts({ recency: '30, 90, 180, 365', frequency: '1; 2; 4; 8', monetary: '49.99 150 4.005e2 1e3' });
  await seg.chooseK(5); // (a new summary tells the run has ended)
  await seg.run();
  const typed = await seg.rfmGrid();
  assert.notDeepEqual(typed, quintiles, 'the typed cut points are used');
  assert.equal(typed.length, 5);

  // a reload keeps the run, and the form shows the cut points it was asked for
  await new Workspaces(page).waitSaved();
  await page.reload();
  await seg.open();
  await seg.cards().first().waitFor();
  await seg.openRfmSettings();
  assert.ok(await page.getByTestId('custom-cuts').isChecked());
  assert.equal(await page.getByTestId('cuts-monetary').inputValue(), '49.99, 150, 400.5, 1000');
  assert.equal(await page.getByTestId('cuts-frequency').inputValue(), '1, 2, 4, 8');
  assert.equal(await seg.analysisDate(), '2026-03-01');

  await seg.setCuts({ monetary: '50, 150, 400, lots' });
  await seg.run();
  assert.match(await seg.alert(), /The monetary cut points must be numbers/);
  await seg.setCuts({ monetary: '50, 150, 400, Infinity' });
  await seg.run();
  assert.match(await seg.alert(), /The monetary cut points must be numbers/);
  assert.deepEqual(errors, []);
});

test('the segments as SQL for a warehouse: what cannot be exported is named, then the query downloads', async (t) => {
  const { page, errors, foreign } = await newPage(t);
  const seg = await sampleSegments(page);
  await seg.chooseK(4);
  await seg.run();
  // the sample's events give two mixes no customers or orders table holds
  const refusal = await seg.sqlRefusal();
  // (both named at once: untick the two and the next run exports)
  assert.match(refusal, /cannot be written as SQL: “Event type mix” and “Touchpoint mix” come from events\.csv.*leave them out/);
  await seg.setFeature('event_type', false);
  await seg.setFeature('touchpoint', false);
  await seg.chooseK(5);
  await seg.run();
  assert.equal(await page.getByTestId('sql-error').count(), 0, 'a new run clears the refusal');
  const sql = await seg.downloadSql();
  assert.equal(sql.name, 'segments.sql');
  assert.match(sql.text, /^-- Persona Studio: 5 segments fitted on 2000 customers/);
  assert.match(sql.text, /--   customers\."interests": list of items/);
  assert.match(sql.text, /--   orders\."order_date": date/);
  assert.doesNotMatch(sql.text, /events|C000001/, 'no events and no customer in the query');
  const spark = await seg.downloadSql('spark');
  assert.match(spark.text, /`order_date`/);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
});
