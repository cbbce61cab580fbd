// End-to-end browser benchmark: `make bench-e2e`. A user drops the sample generator's
// customers.csv and orders.csv for 1,000,000 customers (BENCH_E2E_CUSTOMERS to change) on the
// Data page, opens Segments and presses "Find segments" (k chosen automatically). Prints the
// time from the drop to the segments on screen (and its two parts), the main thread's long
// tasks (over 50 ms, from the Long Tasks API) and the peak memory of all Chromium processes.
import fs from 'node:fs';
import path from 'node:path';
import { serve } from '../e2e/server.mjs';
import { launch } from '../e2e/browser.mjs';
import { chromiumRss } from './memory.mjs';
import { root, sampleFiles, watchLongTasks } from './million.mjs';
import { DataPage, SegmentsPage } from '../e2e/pages.mjs';

const { customers, files } = sampleFiles(['customers.csv', 'orders.csv']);
const mb = files.reduce((a, f) => a + fs.statSync(f).size, 0) / 1e6;
console.log(`input: ${customers.toLocaleString('en')} customers, customers.csv + orders.csv (${mb.toFixed(0)} MB)`);


const site = await serve(path.join(root, 'dist'), { prefix: '/' });
const browser = await launch();
try {
  const page = await browser.context.newPage();
  await watchLongTasks(page);
  const data = await new DataPage(page, site.url).open();
  await page.waitForTimeout(500);
  await page.evaluate(() => { window.__longTasks = []; });
  const base = chromiumRss();
  let peak = base;
  const timer = setInterval(() => { peak = Math.max(peak, chromiumRss()); }, 100);
  const t0 = Date.now();
  const p0 = await page.evaluate(() => performance.now());
  await data.importFiles(files);
  await data.waitIdle(600_000);
  const t1 = Date.now();
  const seg = await new SegmentsPage(page).open();
  // when each stage of the segmentation's progress label first shows
  await page.evaluate(() => {
    window.__stages = [];
    const t0 = performance.now();
    new MutationObserver(() => {
      const label = document.querySelector('[data-testid="segment-progress"] label');
      const text = label && label.textContent.trim();
      const last = window.__stages[window.__stages.length - 1];
      if (text && (!last || last[0] !== text)) window.__stages.push([text, performance.now() - t0]);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await seg.run(600_000);
  const t2 = Date.now();
  clearInterval(timer);
  const summary = await seg.summary().catch(async () => `error: ${await seg.alert()}`);
  const long = await page.evaluate(() => window.__longTasks);
  console.log(`result: ${summary}`);
  console.log(`drop to segments on screen: ${((t2 - t0) / 1000).toFixed(1)} s (import ${((t1 - t0) / 1000).toFixed(1)} s, segmentation ${((t2 - t1) / 1000).toFixed(1)} s)`);
  const stages = await page.evaluate(() => window.__stages);
  console.log(`segmentation stages (s after the click): ${stages.map(([t, ms]) => `${(ms / 1000).toFixed(1)} ${t}`).join(' | ')}`);
  const when = long.map(([ms, at]) => `${ms.toFixed(0)} ms at ${((at - p0) / 1000).toFixed(1)} s`).join(', ');
  console.log(`main-thread tasks over 50 ms: ${long.length}${long.length ? ` (${when} after the drop)` : ''}`);
  console.log(`peak memory: +${((peak - base) / 1e6).toFixed(0)} MB (all Chromium processes)`);
} finally {
  await browser.close();
  await site.close();
}
