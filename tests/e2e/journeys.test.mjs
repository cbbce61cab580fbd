// End-to-end: a user maps the sample data's journeys, shapes the stages and the funnel,
// compares two personas on one journey map, and hands a content plan and a personalisation
// file to other tools. Selectors live in pages.mjs (JourneysPage, ActivationPage).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { pdfText } from './pdf.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useSite } from './site.mjs';
import { DataPage, SegmentsPage, PersonasPage, JourneysPage, ActivationPage, parseCsv } from './pages.mjs';

const env = useSite();
const newPage = (t) => env.newPage(t);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The sample's events.csv as the command line writes it (the same data as "Try with sample data"). */
let events;
let dir;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'persona-journeys-'));
  execFileSync('cargo', ['run', '-q', '-p', 'persona-cli', '--', 'sample', '--out', dir], { cwd: root, stdio: 'ignore' });
  events = fs.readFileSync(path.join(dir, 'events.csv'), 'utf8');
});

const STAGE = {
  ad_view: 0, site_visit: 0, product_view: 1, review_read: 1, compare: 1, add_to_cart: 1, purchase: 2, review_written: 3, referral: 3,
};

/** Customers reaching each of the four stages with events, counted here from the file: stages in
 * order with other events between, within 30 days of the first awareness event. */
function handCount(csv, stages = 4, windowDays = 30) {
  const byCustomer = new Map();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [id, ts, type] = line.split(',');
    const t = Date.parse(ts.replace(' ', 'T') + 'Z') / 1000;
    if (!byCustomer.has(id)) byCustomer.set(id, []);
    byCustomer.get(id).push([t, STAGE[type]]);
  }
  const counts = new Array(stages).fill(0);
  for (const evs of byCustomer.values()) {
    evs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const entry = evs.findIndex((e) => e[1] === 0);
    if (entry < 0) continue;
    const start = evs[entry][0];
    let reached = 1;
    for (const [t, s] of evs.slice(entry + 1)) {
      if (reached === stages || t - start > windowDays * 86400) break;
      if (s === reached) reached++;
    }
    for (let i = 0; i < reached; i++) counts[i]++;
  }
  return counts;
}

/** Sample data segmented into six segments (personas are drafted with them). */
async function sampleSegmented(page) {
  const data = await new DataPage(page, env.site.url).open();
  await data.trySample();
  const seg = await new SegmentsPage(page).open();
  await seg.chooseK(6);
  await seg.run();
  return seg;
}

test('each segment of the sample has a journey whose figures match the events, and the export agrees', async (t) => {
  const { page, errors, foreign } = await newPage(t);
  await sampleSegmented(page);
  const journeys = await new JourneysPage(page).open();
  assert.deepEqual(await journeys.stages(), ['Awareness', 'Consideration', 'Purchase', 'Retention', 'Advocacy']);
  // the sample has no retention event: the funnel passes only stages the data shows
  assert.deepEqual(await journeys.funnelStages(), ['Awareness', 'Consideration', 'Purchase', 'Advocacy']);
  assert.equal(await journeys.stageOf('review_written'), 'Advocacy');
  const counts = await journeys.counts();
  assert.deepEqual(counts.Everyone, handCount(events), 'everyone\'s funnel is the hand count of events.csv');
  const segments = (await journeys.groups()).filter((g) => g !== 'Everyone');
  assert.equal(segments.length, 6);
  for (let s = 0; s < 4; s++) {
    assert.equal(segments.reduce((sum, g) => sum + counts[g][s], 0), counts.Everyone[s], `stage ${s}: the segments add up`);
  }
  // the planted journeys show: some segment converts to purchase at least five times as often as another
  const toPurchase = segments.map((g) => counts[g][2] / counts[g][0]);
  assert.ok(Math.max(...toPurchase) >= 5 * Math.min(...toPurchase), `${toPurchase}`);
  assert.match(await journeys.summary(), /^2,000 customers with events/);
  // the buyers whose purchase came before an earlier stage are said, not silently left out
  assert.match(await journeys.summary(), / [\d,]+ more have a Purchase event but not after each stage before it in turn/);
  const ids = await page.locator('.journeys-page figure.chart').evaluateAll((els) => els.map((e) => e.dataset.testid));
  assert.deepEqual(ids, ['chart-funnel', 'chart-times', 'chart-paths', 'chart-emotion']);
  const funnelTable = await journeys.chartTable('chart-funnel');
  assert.deepEqual(funnelTable[0].slice(0, 2), ['Stage', 'Everyone']);
  assert.equal(await page.getByTestId('paths').locator('.paths').count(), 7, 'paths for everyone and each segment');
  assert.ok((await page.getByTestId('associations').locator('tbody tr').count()) > 0);

  // the personalisation export: a row per customer, and each segment's customers at or past a
  // stage are that segment's funnel count
  const activation = await new ActivationPage(page).open();
  const { name, bytes } = await activation.exportCsv();
  assert.equal(name, 'personalisation.csv');
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte order mark for spreadsheets');
  const rows = parseCsv(bytes.toString('utf8').slice(1));
  assert.deepEqual(rows[0].slice(0, 4), ['customer_id', 'segment', 'persona', 'current_stage']);
  assert.deepEqual(rows[0].slice(4), ['message_awareness', 'message_consideration', 'message_purchase', 'message_advocacy']);
  const body = rows.slice(1);
  assert.equal(body.length, 2000);
  assert.ok(body.every((r) => r.length === rows[0].length));
  const stages = ['Awareness', 'Consideration', 'Purchase', 'Advocacy'];
  for (const g of segments) {
    const label = g.replace(/^\d+\. /, '');
    const mine = body.filter((r) => r[1] === label);
    for (let s = 0; s < 4; s++) {
      const atOrPast = mine.filter((r) => r[3] && stages.indexOf(r[3]) >= s).length;
      assert.equal(atOrPast, counts[g][s], `${label}, ${stages[s]}`);
    }
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
});

test('a user renames, adds and remaps stages, and changes the order mode and the window; the funnel follows', async (t) => {
  const { page, errors } = await newPage(t);
  await sampleSegmented(page);
  const journeys = await new JourneysPage(page).open();
  const before = await journeys.counts();

  await journeys.renameStage(2, 'Buy');
  assert.deepEqual(await journeys.funnelStages(), ['Awareness', 'Consideration', 'Buy', 'Advocacy']);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'stage-name-2', 'the focus stays on the field');
  assert.deepEqual((await journeys.counts()).Everyone, before.Everyone, 'a name changes no figure');

  await journeys.addStage('Referral');
  assert.deepEqual(await journeys.stages(), ['Awareness', 'Consideration', 'Buy', 'Retention', 'Advocacy', 'Referral']);
  await journeys.mapType('referral', 'Referral');
  assert.equal(await journeys.stageOf('referral'), 'Referral');
  assert.deepEqual(await journeys.funnelStages(), ['Awareness', 'Consideration', 'Buy', 'Advocacy', 'Referral']);
  // advocacy now holds the written reviews only
  const shaped = await journeys.counts();
  assert.ok(shaped.Everyone[3] < before.Everyone[3], `${shaped.Everyone} vs ${before.Everyone}`);

  // a stage left out of the journey, then brought back
  await journeys.mapType('site_visit', 'Not in the journey');
  assert.equal(await journeys.stageOf('site_visit'), 'Not in the journey');

  // moving a stage earlier moves its events with it
  await journeys.moveStage(5, true);
  assert.deepEqual(await journeys.stages(), ['Awareness', 'Consideration', 'Buy', 'Retention', 'Referral', 'Advocacy']);
  assert.equal(await journeys.stageOf('referral'), 'Referral');
  // by keyboard: the focus follows the stage it moved, so a second Enter moves it again
  await page.locator('#stage-down-1').focus();
  await journeys.redraw(() => page.keyboard.press('Enter'));
  assert.deepEqual((await journeys.stages()).slice(0, 3), ['Awareness', 'Buy', 'Consideration']);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Move Consideration later');
  await journeys.redraw(() => page.keyboard.press('Enter'));
  assert.deepEqual((await journeys.stages()).slice(0, 4), ['Awareness', 'Buy', 'Retention', 'Consideration']);
  await page.locator('#stage-up-3').focus();
  await journeys.redraw(() => page.keyboard.press('Enter'));
  await journeys.redraw(() => page.keyboard.press('Enter'));
  assert.deepEqual((await journeys.stages()).slice(0, 4), ['Awareness', 'Consideration', 'Buy', 'Retention']);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Move Consideration earlier');

  // a shorter window: fewer reach each later stage; any order: at least as many as in order
  await journeys.setWindow(1);
  const day = await journeys.counts();
  const month = shaped.Everyone;
  assert.ok(day.Everyone[1] < month[1], `${day.Everyone} vs ${month}`);
  // those who bought only after the window are said, and counted once the window is emptied
  const late = await journeys.afterWindow();
  assert.ok(late > 0, await journeys.summary());
  assert.ok((await page.getByTestId('funnel-later').count()) > 0);
  await journeys.setWindow('');
  assert.equal((await journeys.counts()).Everyone[2], day.Everyone[2] + late);
  assert.equal(await journeys.afterWindow(), 0, 'no window, no one later');
  await journeys.setWindow(1);
  assert.deepEqual(await journeys.counts(), day);
  await journeys.setMode('any_order');
  const any = await journeys.counts();
  assert.ok(any.Everyone[2] >= day.Everyone[2]);

  // a window that is not a number is refused, and nothing changes
  await journeys.page.getByTestId('window-days').fill('a week');
  await journeys.page.getByTestId('window-days').press('Enter');
  await page.getByTestId('journey-error').waitFor();
  assert.match(await journeys.error(), /conversion window is a number of days/);
  await journeys.settled();
  assert.deepEqual((await journeys.counts()).Everyone, any.Everyone);

  // back to the suggestion
  await journeys.redraw(() => page.getByTestId('reset-mapping').click());
  assert.deepEqual(await journeys.stages(), ['Awareness', 'Consideration', 'Purchase', 'Retention', 'Advocacy']);
  assert.deepEqual(errors, []);
});

test('a log whose event types name no stage says so; mapped by hand, its funnel follows, and what everyone did is no signal', async (t) => {
  // a ride-hailing log: every customer was picked up; 30 of 40 rode, the others cancelled
  const lines = ['user_id,event_time,event,channel'];
  for (let i = 0; i < 40; i++) {
    const day = String(1 + (i % 20)).padStart(2, '0');
    lines.push(`u${i},2024-03-${day} 08:00:00,pickup,${i % 3 ? 'app' : 'phone'}`);
    lines.push(`u${i},2024-03-${day} 08:30:00,${i < 30 ? 'ride' : 'car cancelled'},${i % 3 ? 'app' : 'phone'}`);
  }
  const file = path.join(dir, 'rides.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const { page, errors } = await newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  await data.importFiles([file]);
  const journeys = await new JourneysPage(page).open();
  assert.match(await journeys.summary(), /^40 customers with events, but none of their event types is in a stage yet \(.*pickup.*\): choose a stage for each/);
  assert.equal(await journeys.stageOf('pickup'), 'Not in the journey');
  await journeys.mapType('pickup', 'Consideration');
  await journeys.mapType('ride', 'Purchase');
  assert.deepEqual(await journeys.funnelStages(), ['Consideration', 'Purchase']);
  assert.deepEqual((await journeys.counts()).Everyone, [40, 30]);
  assert.match(await journeys.summary(), /^40 customers with events; the funnel follows them through 2 stages\./);
  // everyone was picked up before riding or not: that tells riders apart from no one
  const rows = await journeys.associations();
  assert.ok(rows.some((r) => /^Channel: (phone|app)$/.test(r.trim())), `${rows}`);
  assert.ok(!rows.some((r) => /pickup/.test(r)), `${rows}`);
  assert.deepEqual(errors, []);
});

test('a clickstream whose event names carry the product: thousands of types, the funnel from their words, the commonest listed', async (t) => {
  // 400 shoppers, each a catalog view, then product pages named by SKU (3,200 of them), and
  // a purchase by every fourth; payment choices are steps, not purchases
  const lines = ['user_id,event_time,event'];
  for (let i = 0; i < 400; i++) {
    const day = String(1 + (i % 20)).padStart(2, '0');
    lines.push(`u${i},2024-03-${day} 08:00:00,catalog`);
    for (let k = 0; k < 8; k++) lines.push(`u${i},2024-03-${day} 08:0${k + 1}:00,product_view_${i * 8 + k}`);
    lines.push(`u${i},2024-03-${day} 08:20:00,payment_choice`);
    if (i % 4 === 0) lines.push(`u${i},2024-03-${day} 08:30:00,payment_done`);
  }
  // and 10 who only saw the main page, which is in no stage
  for (let i = 400; i < 410; i++) lines.push(`u${i},2024-03-02 09:00:00,main`);
  const file = path.join(dir, 'skus.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const { page, errors } = await newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  await data.importFiles([file]);
  const journeys = await new JourneysPage(page).open();
  assert.deepEqual(await journeys.funnelStages(), ['Consideration', 'Purchase']);
  assert.deepEqual((await journeys.counts()).Everyone, [400, 100]);
  assert.match(await journeys.summary(),
    /^410 customers with events; the funnel follows them through 2 stages\. 10 of them have no event in its first stage, Consideration, so the funnel starts without them\./);
  assert.equal(await journeys.stageOf('payment_choice'), 'Consideration');
  assert.match(await page.getByTestId('unlisted-types').textContent(),
    /^2,\d{3} more event types, none with more events than those listed \(2,\d{3} events in all\), are not listed: each is in the stage its name's words give/);
  assert.ok(await page.getByTestId('event-mapping').locator('tbody tr').count() <= 300);
  assert.deepEqual(errors, []);
});

test('two personas compared on one journey map, with an emotion curve; edits survive a new run and a reload', async (t) => {
  const { page, errors } = await newPage(t);
  const seg = await sampleSegmented(page);
  const personas = await new PersonasPage(page).open();
  await personas.waitForCount(6);
  const names = await personas.names();
  const journeys = await new JourneysPage(page).open();
  const [a, b] = [names[1], names[3]];
  await journeys.compare([a, b]);
  const goals = await journeys.map('goal');
  for (const stage of ['Awareness', 'Consideration', 'Purchase', 'Advocacy']) {
    assert.deepEqual(goals.filter((g) => g.stage === stage).map((g) => g.persona), [a, b], stage);
  }
  // actions and touchpoints come from each persona's segment's events, with their shares
  const actions = await journeys.map('actions');
  assert.ok(actions.every((x) => /\(\d+%\)/.test(x.text)), JSON.stringify(actions));
  // the sample's NPS gives emotions where customers stop with a score
  const emotions = await journeys.map('emotion');
  assert.ok(emotions.some((e) => e.text !== ''), JSON.stringify(emotions));

  await journeys.editMap(a, 'Purchase', 'Emotion', '2');
  await journeys.editMap(b, 'Awareness', 'Goal', 'Find a shop for the whole family');
  const curve = await journeys.chartTable('chart-emotion');
  const rowA = curve.find((r) => r[0] === a);
  assert.equal(rowA[3], '+2', JSON.stringify(curve));
  const edited = (await journeys.map('goal')).find((g) => g.persona === b && g.stage === 'Awareness');
  assert.deepEqual([edited.text, edited.edited], ['Find a shop for the whole family', true]);
  // on paper: every stage, a long edit in full, no editing controls
  const long = 'Reads the newsletter, compares prices on two sites, asks a friend and waits for a code: the-last-words';
  await journeys.editMap(a, 'Advocacy', 'Goal', long);
  await page.emulateMedia({ media: 'print' });
  // (the words as printed, wherever a line broke them)
  const printed = (await pdfText(await page.pdf({ format: 'A4' }))).replace(/\s+/g, '');
  await page.emulateMedia({ media: 'screen' });
  for (const words of [long, 'Find a shop for the whole family']) {
    assert.ok(printed.includes(words.replace(/\s+/g, '')), `${words} is not on paper`);
  }
  assert.ok(!printed.includes('Newstage'), 'the stage editor is not printed');

  // the map as a link: short enough to paste anywhere, and it opens read-only elsewhere
  await page.getByTestId('share-journey').click();
  await page.getByTestId('journey-url').waitFor();
  const url = await page.getByTestId('journey-url').inputValue();
  const text = url.split('#/share/')[1];
  assert.ok(text.startsWith('j1.') && text.length <= 4000, `${text.length} characters`);
  t.diagnostic(`journey link of two personas over four stages: ${text.length} characters`);
  const other = await env.browser.context.newPage();
  const asked = [];
  other.on('request', (r) => asked.push(r.url()));
  await other.goto(url);
  await other.getByTestId('journey-title').waitFor();
  assert.equal((await other.getByTestId('journey-title').textContent()), `Journey of ${a} and ${b}`);
  const shown = await other.getByTestId('journey-map').textContent();
  assert.ok(shown.includes('Find a shop for the whole family') && shown.includes('+2 very positive'), shown.slice(0, 300));
  assert.equal(await other.getByTestId('save-shared').count(), 0, 'a journey map is read-only');
  assert.ok(asked.every((u) => !u.includes(text.slice(3, 40))), 'no request carries the link');
  // one character changed: refused with a reason
  const broken = url.slice(0, -5) + (url.at(-5) === 'A' ? 'B' : 'A') + url.slice(-4);
  await other.goto('about:blank');
  await other.goto(broken);
  await other.getByTestId('link-error').waitFor();
  await other.close();

  // a new run with the same files keeps the personas and their journey edits
  await seg.open();
  await seg.run();
  await journeys.open();
  const again = (await journeys.map('goal')).find((g) => g.persona === b && g.stage === 'Awareness');
  assert.equal(again?.text, 'Find a shop for the whole family');

  // a reload brings back the saved journeys (the files are not kept)
  await page.reload();
  await page.getByTestId('nav-journeys').waitFor();
  await journeys.open();
  assert.match(await journeys.note(), /saved workspace/);
  const saved = (await journeys.map('goal')).find((g) => g.persona === b && g.stage === 'Awareness');
  assert.equal(saved?.text, 'Find a shop for the whole family');
  assert.equal((await journeys.map('emotion')).find((e) => e.persona === a && e.stage === 'Purchase').text, '2');
  assert.deepEqual(errors, []);
});

test('the content plan and the incentives are drafted and editable, and the export neutralises formulas', async (t) => {
  const { page, errors } = await newPage(t);
  await sampleSegmented(page);
  const personas = await new PersonasPage(page).open();
  await personas.waitForCount(6);
  const names = await personas.names();
  // straight to Activation: the stages come from the events all the same
  const activation = await new ActivationPage(page).open();
  assert.equal(await page.getByTestId('content-plan').count(), 6, 'a plan per persona');
  assert.deepEqual(await activation.planStages(names[0]), ['Awareness', 'Consideration', 'Purchase', 'Advocacy']);
  const angle = activation.cell(names[0], 'Awareness', 'Message angle');
  assert.ok((await angle.inputValue()).length > 10);
  const evidence = await activation.plan(names[0]).locator('.evidence').allTextContents();
  assert.ok(evidence.some((e) => /^from: .+\d/.test(e)), `the angle names the persona line and figure it comes from: ${evidence}`);

  const incentives = await activation.incentives();
  assert.equal(incentives.length, 6);
  const offers = incentives.flatMap((s) => s.offers);
  // each offer says why: the RFM segments with their share, or the buying behaviour
  assert.ok(offers.length >= 6 && offers.every((o) => o.offer && /^why: \S/.test(o.why)), JSON.stringify(offers));
  assert.ok(offers.some((o) => /\d+% of this segment are /.test(o.why)), JSON.stringify(offers));

  // an edit that a spreadsheet would run as a formula goes out as text
  await activation.edit(angle, '=HYPERLINK("http://example.invalid","win")');
  assert.equal(await activation.cell(names[0], 'Awareness', 'Message angle').inputValue(), '=HYPERLINK("http://example.invalid","win")');
  const offer = page.getByTestId('incentives').first().locator('textarea').first();
  await activation.edit(offer, '@SUM(1,2) early access');
  assert.equal(await page.getByTestId('incentives').first().locator('textarea').first().inputValue(), '@SUM(1,2) early access');

  const rows = parseCsv((await activation.exportCsv()).bytes.toString('utf8').slice(1));
  const mine = rows.slice(1).filter((r) => r[2] === names[0]);
  assert.ok(mine.length > 0);
  for (const r of mine) assert.ok(r[4].startsWith('\'=HYPERLINK('), r[4]);
  assert.ok(rows.flat().every((c) => !/^[=+\-@\t\r]/.test(c)), 'no cell starts as a formula');
  assert.deepEqual(errors, []);
});

test('without events, orders alone give the lifecycle, its moves and the moves between RFM segments', async (t) => {
  const { page, errors } = await newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  await data.importFiles(['customers.csv', 'orders.csv'].map((f) => path.join(dir, f)));
  const journeys = await new JourneysPage(page).open();
  assert.match(await journeys.note(), /None of your files has events/);
  await journeys.redraw(() => page.getByTestId('show-lifecycle').click());
  const orders = fs.readFileSync(path.join(dir, 'orders.csv'), 'utf8').trim().split('\n').slice(1);
  const buyers = new Set(orders.map((l) => l.split(',')[1])).size;
  const now = await page.getByTestId('lifecycle-now').locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.children[0].textContent, Number(r.children[1].textContent.replace(/,/g, ''))]));
  assert.equal(now.reduce((a, [, n]) => a + n, 0), buyers, 'every customer with an order is in one stage');
  assert.match(await page.getByTestId('lifecycle-summary').textContent(), new RegExp(`^${buyers.toLocaleString('en')} customers on 2025-12-\\d\\d`));
  // the sample's lapsed one-timers stopped in early 2024: many customers are lapsing at the end
  assert.ok(now.find(([l]) => /lapsing/i.test(l))[1] > buyers * 0.05, JSON.stringify(now));
  const moves = await page.getByTestId('lifecycle-moves').locator('tbody td').allTextContents();
  assert.equal(moves.reduce((a, c) => a + Number(c.replace(/,/g, '') || 0), 0), buyers);
  const rfm = await page.getByTestId('rfm-moves').locator('thead th').allTextContents();
  assert.ok(rfm.includes('Champions') && rfm.includes('No orders yet'), `${rfm}`);
  assert.deepEqual(errors, []);
});
