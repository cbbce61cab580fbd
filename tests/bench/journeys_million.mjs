// Browser benchmark of the journeys: `make bench-journeys`. A user drops the sample generator's
// customers.csv, orders.csv and events.csv for 1,000,000 customers (BENCH_E2E_CUSTOMERS to
// change) on the Data page, finds segments (k chosen automatically), then clicks "Journeys".
// Prints the time from that click to every segment's funnel on screen, the main thread's long
// tasks meanwhile and the peak memory of all Chromium processes.
import fs from 'node:fs';
import path from 'node:path';
import { serve } from '../e2e/server.mjs';
import { launch } from '../e2e/browser.mjs';
import { chromiumRss } from './memory.mjs';
import { root, sampleFiles, watchLongTasks } from './million.mjs';
import { DataPage, SegmentsPage } from '../e2e/pages.mjs';

const { customers, files } = sampleFiles(['customers.csv', 'orders.csv', 'events.csv']);
const mb = (f) => (fs.statSync(f).size / 1e6).toFixed(0);
console.log(`input: ${customers.toLocaleString('en')} customers: ${files.map((f) => `${path.basename(f)} ${mb(f)} MB`).join(', ')}`);

const site = await serve(path.join(root, 'dist'), { prefix: '/' });
const browser = await launch();
try {
  const page = await browser.context.newPage();
  await watchLongTasks(page);
  const data = await new DataPage(page, site.url).open();
  const t0 = Date.now();
  await data.importFiles(files);
  await data.waitIdle(900_000);
  const t1 = Date.now();
  const seg = await new SegmentsPage(page).open();
  await seg.run(900_000);
  const t2 = Date.now();
  console.log(`import ${((t1 - t0) / 1000).toFixed(1)} s, segmentation ${((t2 - t1) / 1000).toFixed(1)} s: ${await seg.summary()}`);
  await page.evaluate(() => { window.__longTasks = []; });
  const base = chromiumRss();
  let peak = base;
  const timer = setInterval(() => { peak = Math.max(peak, chromiumRss()); }, 100);
  // when the journeys' progress says each new thing (reading, following the customers)
  await page.evaluate(() => {
    window.__said = [];
    const t0 = performance.now();
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="journey-progress"]');
      const text = el && !el.hidden ? el.textContent.trim().replace(/\d+%$/, '') : 'drawn';
      const last = window.__said[window.__said.length - 1];
      if (!last || last[0] !== text) window.__said.push([text, performance.now() - t0]);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const c0 = Date.now();
  const p0 = await page.evaluate(() => performance.now());
  await page.getByTestId('nav-journeys').click();
  await page.getByTestId('funnel-table').waitFor({ timeout: 900_000 });
  const c1 = Date.now();
  await page.waitForFunction(() => !document.documentElement.hasAttribute('data-drawing'), null, { timeout: 900_000 });
  const c2 = Date.now();
  clearInterval(timer);
  const groups = await page.getByTestId('funnel-table').locator('thead th').count() - 2;
  const summary = (await page.getByTestId('journey-summary').textContent()).trim();
  console.log(`journeys: ${summary} (${groups} segments side by side)`);
  console.log(`click to every segment's funnel on screen: ${((c1 - c0) / 1000).toFixed(1)} s; with the charts drawn: ${((c2 - c0) / 1000).toFixed(1)} s`);
  const said = await page.evaluate(() => window.__said);
  console.log(`steps (s after the click): ${said.map(([t, ms]) => `${(ms / 1000).toFixed(1)} ${t}`).join(' | ')}`);
  const long = await page.evaluate(() => window.__longTasks);
  const when = long.map(([ms, at]) => `${ms.toFixed(0)} ms at ${((at - p0) / 1000).toFixed(1)} s`).join(', ');
  console.log(`main-thread tasks over 50 ms: ${long.length}${long.length ? ` (${when} after the click)` : ''}`);
  console.log(`peak memory during the journeys: +${((peak - base) / 1e6).toFixed(0)} MB (all Chromium processes)`);
  // a second visit: the events are read once per import
  await page.getByTestId('nav-segments').click();
  const d0 = Date.now();
  await page.getByTestId('nav-journeys').click();
  await page.getByTestId('funnel-table').waitFor({ timeout: 900_000 });
  console.log(`second visit: ${((Date.now() - d0) / 1000).toFixed(1)} s`);
} finally {
  await browser.close();
  await site.close();
}
