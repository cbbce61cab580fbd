// End-to-end: a user brings real exports (tests/fixtures/real: extracts of public customer
// datasets, with their sources) rather than the sample data, on the release build. Selectors
// live in pages.mjs; new real-data flows go in their own test() here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useSite } from './site.mjs';
import { DataPage, SegmentsPage, PersonasPage, JourneysPage } from './pages.mjs';

const env = useSite();
const newPage = (t) => env.newPage(t);
const here = path.dirname(fileURLToPath(import.meta.url));
const real = (name) => path.resolve(here, '../fixtures/real', name);

test('a telecom churn export: every column gets a role, segments and personas come from its attributes', async (t) => {
  const { page, errors, foreign } = await newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  await data.importFiles([real('telco_churn.csv')]);
  const name = 'telco_churn.csv';
  assert.match(await data.facts(name), /^1,000 rows/);
  assert.equal(await data.role(name, 'customerID'), 'customer_id');
  assert.equal(await data.role(name, 'tenure'), 'tenure');
  assert.equal(await data.role(name, 'Contract'), 'plan');
  assert.equal(await data.role(name, 'Churn'), 'status');
  assert.equal(await data.role(name, 'MonthlyCharges'), 'spend');
  // a service flag is an attribute, not a touchpoint, and says why
  assert.equal(await data.role(name, 'DeviceProtection'), 'attribute');
  assert.match(await data.reason(name, 'DeviceProtection'), /no special role: used as an attribute/);

  const seg = await new SegmentsPage(page).open();
  await seg.run();
  assert.match(await seg.summary(), /^\d segments of 1,000 customers, chosen automatically\.$/);
  assert.match(await seg.kReason(), /^\d segments(: the most that stay well apart|, which overlap \(silhouette)/);
  assert.ok(await seg.featureChecked('attr_deviceprotection'), 'attributes are clustered on by default');
  assert.ok(await seg.featureChecked('attr_contract'));
  // whether a customer left is what the segments are to explain, and the picker says so
  assert.equal(await seg.featureChecked('attr_churn'), false);
  assert.match(await seg.featureLabel('attr_churn'), /^Churn \(an outcome: left unticked so that segments explain it\)$/);
  // the services a segment without internet has not are one line of its card, not five, so
  // the card still says what else sets it apart
  const noInternet = (l) => /No internet service/.test(l);
  const offline = (await seg.distinctions()).filter((lines) => lines.some(noInternet));
  assert.ok(offline.length >= 1, 'a segment without internet');
  for (const lines of offline) {
    const said = lines.filter(noInternet);
    assert.equal(said.length, 1, `${lines.join(' | ')}`);
    // (each column with its own value: InternetService's is "No")
    assert.match(said[0], /^(\w+, ){2,}\w+ and \w+: No internet service, 100(\.0)?% vs /, said[0]);
    assert.ok(!/InternetService/.test(said[0]), said[0]);
    assert.ok(lines.length >= 3, `${lines.join(' | ')}`);
  }

  const personas = await new PersonasPage(page).open();
  const names = await personas.names();
  assert.ok(names.length >= 3, `${names}`);
  const doc = await personas.openPersona(names[0]);
  const apart = await doc.listItems('attributes');
  assert.ok(apart.length >= 2, `what sets them apart: ${apart}`);
  assert.ok(apart.every((s) => / against /.test(s)), `${apart}`);

  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
});

test('the CDNOW log: every row read, and RFM says why one-time buyers share one score', async (t) => {
  const { page, errors } = await newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  await data.importFiles([real('cdnow_master.txt')]);
  const name = 'cdnow_master.txt';
  assert.match(await data.facts(name), /^3,000 rows/);
  assert.deepEqual(await data.problemLines(name), []);
  assert.equal(await data.kind(name), 'transactions');
  assert.equal(await data.role(name, 'dollar_value'), 'order_value');
  // the ids' values: the customers with the most rows, not a histogram of numbers that are names
  assert.equal(await data.hasHistogram(name, 'dollar_value'), true);
  assert.equal(await data.hasHistogram(name, 'customer_id'), false);
  assert.match(await data.values(name, 'customer_id'), /\d{5} \d+%/);

  const seg = await new SegmentsPage(page).open();
  await seg.run();
  const collapsed = await seg.rfmCollapsed();
  assert.ok(collapsed.some((c) => /^F: \d+% of customers have the same value \(1 order\), so they all score F1/.test(c)), `${collapsed}`);
  // a named segment no one falls in has no averages to show
  const empty = (await seg.rfmRows()).filter((r) => r[1] === '0');
  assert.ok(empty.length > 0 && empty.every((r) => r.slice(3).every((c) => c === '—')), JSON.stringify(empty));

  // no events: the lifecycle from its orders. Most CDNOW customers bought in early 1997 and
  // never again: most are lapsing at the end
  const journeys = await new JourneysPage(page).open();
  await journeys.redraw(() => page.getByTestId('show-lifecycle').click());
  const now = await page.getByTestId('lifecycle-now').locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.children[0].textContent, Number(r.children[1].textContent.replace(/,/g, ''))]));
  const total = now.reduce((a, [, n]) => a + n, 0);
  assert.ok(now.find(([l]) => /lapsing/i.test(l))[1] > 0.6 * total, JSON.stringify(now));
  assert.match(await page.getByTestId('lifecycle-summary').textContent(), /on 1998-06-\d\d, the last order day/);
  assert.ok((await page.getByTestId('rfm-moves').locator('tbody tr').count()) > 1);
  assert.deepEqual(errors, []);
});

test('a count column taken for the customer id is questioned before segments are built on it', async (t) => {
  const { page } = await newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  await data.importFiles([real('churn_mlc.csv')]);
  const name = 'churn_mlc.csv';
  assert.equal(await data.role(name, 'CustServ Calls'), 'attribute');
  // no id column: one customer per row, and no distinct segments are invented
  let seg = await new SegmentsPage(page).open();
  await seg.run();
  assert.match(await seg.summary(), /^1 segment of 1,000 customers, no distinct segments found\.$/);
  assert.match(await seg.kReason(), /^No distinct segments/);

  // the user picks the calls column as the customer id: the page says it cannot be right
  await new DataPage(page, env.site.url).open('#/data');
  await data.setRole(name, 'CustServ Calls', 'customer_id');
  const checks = await data.checks();
  assert.ok(checks.some((c) => /only \d+ distinct values in 1,000 rows/.test(c)), `${checks}`);
  seg = await new SegmentsPage(page).open();
  await seg.run();
  const warned = await seg.checks();
  assert.ok(warned.some((c) => /^\d+ customers from 1,000 rows, \d+ rows each on average/.test(c)), `${warned}`);
});

test('a bank contacts export: pdays -1 (never called before) is read as none, not averaged as days', async (t) => {
  const { page, errors } = await newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  await data.importFiles([real('bank_marketing.csv')]);
  const seg = await new SegmentsPage(page).open();
  await seg.run();
  // 1,675 of the 2,056 contacts have -1: the picker says how pdays is read
  assert.equal(await seg.featureLabel('attr_pdays'), 'pdays (-1 for 81.5%, read as none)');

  // no persona gives the never-called an average of days below one
  const personas = new PersonasPage(page);
  await personas.open();
  const names = await personas.names();
  assert.ok(names.length >= 2, `${names}`);
  const doc = await personas.openPersona(names[0]);
  const lines = await doc.listItems('attributes');
  assert.ok(lines.length > 0);
  for (const line of lines) assert.doesNotMatch(line, /pdays: -?0\.\d/, line);
  assert.deepEqual(errors, []);
});

test('Online Retail II: no segment is named after the products its first invoices sold', async (t) => {
  const { page, errors } = await newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  await data.importFiles([real('online_retail.csv')]);
  const seg = await new SegmentsPage(page).open();
  await seg.run();
  // hundreds of product names: a mix of the first 64 met would say nothing of what a segment buys
  assert.equal(await seg.hasFeature('order_category'), false);
  const leftOut = await seg.leftOut();
  assert.equal(leftOut.length, 1, `${leftOut}`);
  assert.match(leftOut[0], /^Product category mix is left out: “online_retail\.csv › Description” has too many different values to compare segments on \(the first 64 met cover only \d+% of its rows\)\.$/);
  for (const name of await seg.names()) assert.doesNotMatch(name, /[A-Z]{4,} [A-Z]{4,}/, name);
  assert.deepEqual(errors, []);
});
