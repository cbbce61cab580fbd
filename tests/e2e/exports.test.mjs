// End-to-end: a user brings a shop's own exports, in the column layout the platform writes
// (tests/fixtures/exports: made-up customers in Shopify's documented layout), on the release
// build. Selectors live in pages.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useSite } from './site.mjs';
import { DataPage, SegmentsPage, PersonasPage } from './pages.mjs';

const env = useSite();
const here = path.dirname(fileURLToPath(import.meta.url));
const exported = (name) => path.resolve(here, '../fixtures/exports', name);

test('a shop\'s customers and orders exports with no customer id are linked by email and scored', async (t) => {
  const { page, errors, foreign } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  await data.importFiles([exported('shopify_customers.csv'), exported('shopify_orders.csv')]);
  const orders = 'shopify_orders.csv';
  assert.equal(await data.kind(orders), 'transactions');
  assert.equal(await data.kind('shopify_customers.csv'), 'customers');
  // the email address is the key, and "#1001" on each line item the order
  assert.equal(await data.role(orders, 'Email'), 'customer_id');
  assert.match(await data.reason(orders, 'Email'), /no customer-id column: the address identifies the customer/);
  assert.equal(await data.role(orders, 'Name'), 'order_id');
  assert.equal(await data.role('shopify_customers.csv', 'Email'), 'customer_id');
  const links = await data.links();
  assert.equal(links.length, 1, `${links}`);
  assert.match(links[0], /by Email: 120 of 120 ids found; 0 not in the customers file; 1 customers have no row here\./);

  const seg = await new SegmentsPage(page).open();
  await seg.run();
  assert.match(await seg.summary(), /^\d segments of 121 customers, chosen automatically\.$/);
  // a small shop is not cut into segments too small to become personas
  assert.match(await seg.kReason(), /At most 4 segments were tried: with 121 customers/);
  assert.ok((await seg.rfmSegments()).length > 0, 'RFM segments from the orders');

  const personas = await new PersonasPage(page).open();
  assert.ok((await personas.names()).length >= 2);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
});

test('an analytics export with comment lines above its table and Excel\'s sep= line read every row', async (t) => {
  const { page, errors } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  let ga = '# ----------------------------------------\n# All Web Site Data\n# Users\n# 20240101-20240131\n# ----------------------------------------\n\nUser ID,Sessions,Revenue\n';
  for (let i = 1; i <= 40; i++) ga += `u${i},${i % 7 + 1},${(i * 3) % 97}.50\n`;
  const sep = 'sep=;\r\nKunde;Betrag;Datum\r\n1;12,50;01.02.2024\r\n2;3,10;02.02.2024\r\n3;7,10;03.02.2024\r\n';
  await data.importBuffers([
    { name: 'analytics.csv', mimeType: 'text/csv', buffer: Buffer.from(ga) },
    { name: 'excel.csv', mimeType: 'text/csv', buffer: Buffer.from(sep) },
  ]);
  assert.match(await data.facts('analytics.csv'), /^40 rows/);
  assert.deepEqual(await data.problemLines('analytics.csv'), []);
  assert.ok((await data.warnings('analytics.csv')).some((w) => /^5 lines before the table \(lines 1–5, starting “# -+”\) were not read as rows\.$/.test(w.trim())));
  assert.equal(await data.role('analytics.csv', 'User ID'), 'customer_id');
  assert.match(await data.facts('excel.csv'), /^3 rows/);
  assert.match(await data.dialect('excel.csv'), /semicolon separated, header row, decimal comma/);
  assert.deepEqual(errors, []);
});
