// End-to-end: a user brings a shop's own exports, in the column layout the platform writes
// (tests/fixtures/exports: made-up customers in Shopify's documented layout), on the release
// build. Selectors live in pages.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useSite } from './site.mjs';
import { DataPage, SegmentsPage, PersonasPage, JourneysPage } from './pages.mjs';

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

test('an accounting report grouped by customer gives each customer the sales under their name', async (t) => {
  const { page, errors, foreign } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  // QuickBooks' "Sales by Customer Detail": a title, each customer's name on a line of its
  // own, their sales under it with a blank first cell, a "Total for" line, the report's total
  let report = 'Sales by Customer Detail\nCraig\'s Design and Landscaping Services\nJanuary - December 2024\n\n'
    + ',Date,Transaction Type,Num,Product/Service,Qty,Sales Price,Amount,Balance\n';
  let lines = 0;
  for (let c = 0; c < 80; c++) {
    const name = `${['Amy', 'Bill', 'Cool Cars', 'Dukes'][c % 4]}'s ${c}`;
    report += `"${name}",,,,,,,,\n`;
    let balance = 0;
    for (let k = 0; k <= c % 5; k++) {
      const amount = (1 + (c + k) % 4) * [35, 75, 1250][(c * 7 + k) % 3];
      balance += amount;
      lines++;
      report += `,${String(1 + (c + k * 5) % 12).padStart(2, '0')}/${String(1 + (c * 3 + k) % 28).padStart(2, '0')}/2024,Invoice,${1000 + c * 10 + k},${['Design', 'Gardening', 'Rocks'][k % 3]},${1 + (c + k) % 4},${[35, 75, 1250][(c * 7 + k) % 3]}.00,"${amount.toLocaleString('en-US')}.00","${balance.toLocaleString('en-US')}.00"\n`;
    }
    report += `"Total for ${name}",,,,,,,"$${balance.toLocaleString('en-US')}.00",\n`;
  }
  report += 'TOTAL,,,,,,,"$123,456.00",\n';
  const name = 'Sales by Customer Detail.csv';
  await data.importBuffers([{ name, mimeType: 'text/csv', buffer: Buffer.from(report) }]);
  assert.equal(await data.kind(name), 'transactions');
  assert.match(await data.facts(name), new RegExp(`^${lines} rows`));
  assert.equal(await data.role(name, 'Customer'), 'customer_id');
  assert.equal(await data.role(name, 'Amount'), 'order_value');
  assert.ok((await data.warnings(name)).some((w) => /grouped by its first column: the label on the line above each of its 80 groups is read as “Customer”/.test(w)), `${await data.warnings(name)}`);
  // each customer's total and the report's are named with their lines and left out
  assert.equal(await data.problemSummary(name), '81 problem rows (81 totals row)');

  const seg = await new SegmentsPage(page).open();
  await seg.run();
  assert.match(await seg.summary(), /segments? of 80 customers/);
  assert.ok((await seg.rfmSegments()).length > 0, 'RFM segments from the report\'s sales');
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
});

test('a product analytics export with times in Unix milliseconds has its journey', async (t) => {
  const { page, errors, foreign } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  // Mixpanel's layout: the event, distinct_id, time in milliseconds since 1970, properties.
  // 30 users see the home page; 20 then view an item (12 add it to the cart), 8 buy, 3 share.
  let csv = 'event,distinct_id,time,$browser\n';
  for (let u = 0; u < 30; u++) {
    const t0 = 1714000000000 + u * 3600000;
    const steps = ['Home Page'];
    if (u < 20) steps.push('View Item');
    if (u < 12) steps.push('Add To Cart');
    if (u < 8) steps.push('Purchase');
    if (u < 3) steps.push('Share');
    steps.forEach((e, i) => { csv += `${e},${(u * 7919).toString(16)}-a1,${t0 + i * 60000},${u % 2 ? 'Chrome' : 'Safari'}\n`; });
  }
  await data.importBuffers([{ name: 'mixpanel.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
  assert.equal(await data.kind('mixpanel.csv'), 'events');
  assert.equal(await data.role('mixpanel.csv', 'distinct_id'), 'customer_id');
  assert.equal(await data.type('mixpanel.csv', 'time'), 'date');
  assert.equal(await data.role('mixpanel.csv', 'time'), 'event_time');
  assert.match(await data.values('mixpanel.csv', 'time'), /2024-04-2[45]/, 'the times shown as dates');

  const journeys = await new JourneysPage(page).open();
  assert.deepEqual(await journeys.funnelStages(), ['Awareness', 'Consideration', 'Purchase', 'Advocacy']);
  assert.equal(await journeys.stageOf('Home Page'), 'Awareness');
  assert.deepEqual((await journeys.counts()).Everyone, [30, 20, 8, 3]);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
});

test('a survey\'s responses with no respondent id become customers with their satisfaction and complaints', async (t) => {
  const { page, errors, foreign } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  // Google Forms' layout: a timestamp with its zone, each question as a header, no id
  const unhappy = ['The delivery was late and the support never answered my emails', 'The app crashed twice at payment'];
  const happy = ['Friendly staff and a quick checkout, very happy', 'Great prices, I will order again'];
  let csv = 'Timestamp,How satisfied are you with our service?,What could we do better?,Age group,How did you hear about us?\n';
  for (let i = 0; i < 300; i++) {
    const young = i % 2 === 0;
    const score = young ? 1 + (i % 3) : 3 + (i % 3);
    const comment = young ? unhappy[i % 2] : happy[i % 2];
    const age = young ? ['18-24', '25-34'][(i >> 1) % 2] : ['35-44', '45+'][(i >> 1) % 2];
    const heard = young ? ['Instagram', 'TikTok'][(i >> 2) % 2] : ['Newspaper', 'Friend'][(i >> 2) % 2];
    csv += `2024/03/${String(1 + (i % 28)).padStart(2, '0')} ${1 + (i % 12)}:${String(i % 60).padStart(2, '0')}:00 ${i % 2 ? 'PM' : 'AM'} GMT+1,${score},"${comment}",${age},${heard}\n`;
  }
  await data.importBuffers([{ name: 'responses.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
  assert.equal(await data.kind('responses.csv'), 'customers');
  assert.equal(await data.type('responses.csv', 'Timestamp'), 'date');
  assert.equal(await data.role('responses.csv', 'How satisfied are you with our service?'), 'satisfaction');

  const seg = await new SegmentsPage(page).open();
  await seg.run();
  assert.match(await seg.summary(), / of 300 customers/);
  const personas = await new PersonasPage(page).open();
  const names = await personas.names();
  assert.ok(names.length >= 2);
  // the unhappy respondents' persona says so, and what they complain about
  const pains = [];
  for (const name of names) {
    await personas.open();
    pains.push(await (await personas.openPersona(name)).listItems('pain_points'));
  }
  const unhappyOne = pains.find((p) => p.some((s) => s.startsWith('Less satisfied than most')));
  assert.ok(unhappyOne, JSON.stringify(pains));
  assert.ok(unhappyOne.some((s) => /^Complains about .*delivery/.test(s)), JSON.stringify(unhappyOne));
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
});

test('a Qualtrics export reads its question texts as the columns and its respondents as the rows', async (t) => {
  const { page, errors, foreign } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  // Qualtrics' layout: question codes, then the question texts, then a line of import ids
  const ids = ['startDate', 'progress', 'duration', 'QID1', 'QID2', 'QID3_TEXT'].map((id) => `"{""ImportId"":""${id}""}"`);
  let csv = '\uFEFFStartDate,Progress,Duration (in seconds),Q1,Q2,Q3\r\n'
    + 'Start Date,Progress,Duration (in seconds),What is your gender?,How satisfied are you with our service?,What could we do better?\r\n'
    + `${ids.join(',')}\r\n`;
  const comments = ['The delivery was late and the support never answered my emails', 'Friendly staff and a quick checkout, very happy',
    'The app crashed twice at payment', 'Great prices, I will order again'];
  for (let i = 0; i < 120; i++) {
    const unhappy = i % 2 === 0;
    csv += `2024-03-${String(1 + (i % 28)).padStart(2, '0')} 10:15:22,100,${120 + ((i * 37) % 900)},${['Female', 'Male'][(i >> 1) % 2]},`
      + `${unhappy ? 1 + (i % 2) : 4 + (i % 2)},"${comments[i % 4]}"\r\n`;
  }
  const name = 'qualtrics.csv';
  await data.importBuffers([{ name, mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
  assert.match(await data.dialect(name), /header of 3 lines/);
  assert.match(await data.facts(name), /^120 rows/);
  assert.equal(await data.role(name, 'Q1 - What is your gender?'), 'gender');
  assert.equal(await data.role(name, 'Q2 - How satisfied are you with our service?'), 'satisfaction');
  assert.equal(await data.role(name, 'Q3 - What could we do better?'), 'feedback_text');
  // how long answering took is the survey tool's, not a trait of the respondent
  assert.equal(await data.role(name, 'Duration (in seconds)'), 'ignored');

  const seg = await new SegmentsPage(page).open();
  await seg.run();
  assert.match(await seg.summary(), / of 120 customers/);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
});

test('a shop export of one row per item with the order total on each counts every order\'s money once', async (t) => {
  const { page, errors, foreign } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  // WooCommerce order-export plugins: the order's fields, its total among them, on each item
  let csv = 'Order Number,Order Status,Order Date,Email (Billing),First Name (Billing),City (Billing),Order Total Amount,SKU,Quantity (- Refund),Item Cost\n';
  for (let o = 0; o < 300; o++) {
    const items = 1 + (o % 3);
    const costs = Array.from({ length: items }, (_, k) => 5 + ((o + k * 11) % 40));
    const total = (costs.reduce((s, c) => s + c, 0) + 4.99).toFixed(2);
    costs.forEach((c, k) => {
      csv += `${1000 + o},completed,2024-${String(1 + (o % 12)).padStart(2, '0')}-${String(1 + (o % 28)).padStart(2, '0')} 10:00,c${(o * 7) % 61}@shop.com,Name${(o * 7) % 61},Leeds,${total},SKU${k},1,${c.toFixed(2)}\n`;
    });
  }
  await data.importBuffers([{ name: 'woo_items.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
  const file = 'woo_items.csv';
  assert.equal(await data.kind(file), 'transactions');
  assert.equal(await data.role(file, 'Email (Billing)'), 'customer_id');
  assert.equal(await data.role(file, 'First Name (Billing)'), 'ignored', 'a bracketed note hides no name');
  assert.equal(await data.role(file, 'Order Total Amount'), 'order_value');

  const seg = await new SegmentsPage(page).open();
  await seg.run();
  assert.match(await seg.rfmNote(), /^61 customers with orders scored 1 to 5 .* Money counts each order once: “woo_items\.csv › Order Total Amount” repeats the order's total on every line of it\.$/);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
});

test('a till\'s customer directory that sums up each customer\'s visits gives RFM segments without an orders file', async (t) => {
  const { page, errors, foreign } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  // Square's customer directory: first and last visit, the number of transactions and the
  // money spent on each customer's row, and no file of the transactions themselves
  let csv = 'First Name,Surname,Email Address,Square Customer ID,First Visit,Last Visit,Transaction Count,Total Spend,Email Subscription Status\n';
  for (let i = 0; i < 400; i++) {
    const last = `2024-${String(1 + (i * 7) % 12).padStart(2, '0')}-${String(1 + (i * 11) % 28).padStart(2, '0')}`;
    const visits = 1 + (i * 13) % 17;
    csv += `Ann,Lee${i},a${i}@example.com,SQ${String(i).padStart(6, '0')},2022-0${1 + i % 9}-1${i % 10},${last},${visits},"${(visits * (9 + (i % 7) * 4.5)).toFixed(2)}",${i % 3 ? 'subscribed' : 'unsubscribed'}\n`;
  }
  const file = 'customers-directory.csv';
  await data.importBuffers([{ name: file, mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
  assert.equal(await data.kind(file), 'customers');
  assert.equal(await data.role(file, 'Square Customer ID'), 'customer_id');
  assert.equal(await data.role(file, 'Last Visit'), 'last_order');
  assert.equal(await data.role(file, 'Transaction Count'), 'order_count');
  assert.equal(await data.role(file, 'Total Spend'), 'spend');

  const seg = await new SegmentsPage(page).open();
  await seg.run();
  assert.match(await seg.summary(), /segments? of 400 customers/);
  assert.ok((await seg.rfmSegments()).includes('Champions'), `${await seg.rfmSegments()}`);
  assert.match(await seg.rfmNote(), /^400 customers with orders scored 1 to 5 .* No orders file was imported: each customer's orders are as the customers file sums them up \(“customers-directory\.csv › Last Visit, Transaction Count, Total Spend”\)\.$/);
  // the warehouse's query scores them from the same columns
  const sql = await seg.downloadSql();
  assert.match(sql.text, /"Last Visit"/);
  assert.match(sql.text, /AS rfm_segment/);

  // without the last visit's day there is no recency, and the page says what RFM needs
  await page.getByTestId('nav-data').click();
  await data.setRole(file, 'Last Visit', 'ignored');
  await seg.open();
  await seg.run();
  assert.match(await seg.noRfmNote(), /^No RFM: no transactions file with order dates was imported, nor a customers file with each customer's last order date and number of orders\.$/);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
});
