// Browser benchmark: `make bench-browser`. In one headless Chromium run, on two generated files
// of about 100 MB each (a transaction log as an RFM user exports it: one row per order line in
// date order, a unique order id per row, customer ids repeated about a dozen times; and the
// sample's events.csv), it imports the same file with:
// - our worker, through the real UI: the clock runs from the drop until the Data page has drawn
//   the result (what the user waits for); the import also gathers the customer table;
// - DuckDB-WASM 1.32 (eh bundle, one thread): read_csv_auto and a GROUP BY customer computing
//   what our import gathers for RFM (last order date, orders, money; on events: last event and
//   count);
// - PapaParse 5 (worker mode, dynamicTyping, the same per-column profiling);
// - the native CLI (`profile --gather`, the same work as our import, on two threads);
// and prints MB/s for each, our ratios to DuckDB and PapaParse, peak memory (RSS of all
// Chromium processes above the idle baseline), CPU time and speed per core. Then k-means on
// 1,000,000 x 8 with k = 8 in our worker against the same fit natively (criterion), and the
// gzip size of what the first page loads. DuckDB and PapaParse are served by the benchmark's
// own local server from node_modules, never from a CDN.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serve } from '../e2e/server.mjs';
import { launch } from '../e2e/browser.mjs';
import { chromiumRss, rendererPids, workerCpu } from './memory.mjs';
import { DataPage } from '../e2e/pages.mjs';
import http from 'node:http';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const targetDir = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
const customers = Number(process.env.BENCH_CUSTOMERS || 140000);
const dir = path.join(os.tmpdir(), `persona-bench-${customers}`);
const logRows = Number(process.env.BENCH_LOG_ROWS || 1610000);
// about 12.4 order lines per customer, as in the issue's log (BENCH_LOG_CUSTOMERS to change)
const logCustomers = Number(process.env.BENCH_LOG_CUSTOMERS || Math.round(logRows / 12.4));
const logDir = path.join(os.tmpdir(), `persona-bench-log-${logRows}-${logCustomers}`);
// BENCH_ONLY_OURS=1: only our import (and the native CLI), on the log only: for memory on large
// logs (BENCH_LOG_ROWS=14300000 is about 1 GB), where PapaParse's page would need many GB
const onlyOurs = process.env.BENCH_ONLY_OURS === '1';
const cli = (args) => execFileSync('cargo', ['run', '--release', '-q', '-p', 'persona-cli', '--', ...args], { stdio: 'inherit', cwd: root });

// 1. the inputs: a transaction log (the generator's --log-rows option, seeded) and the sample's
// events file; the DuckDB query's columns for each
const inputs = [
  { file: path.join(logDir, 'log.csv'), make: () => cli(['sample', '--log-rows', String(logRows), '--customers', String(logCustomers), '--out', logDir]),
    duckArgs: { id: 'customer_id', date: 'order_date', order: 'order_id', value: 'amount' } },
  { file: path.join(dir, 'events.csv'), make: () => cli(['sample', '--customers', String(customers), '--out', dir]),
    duckArgs: { id: 'customer_id', date: 'timestamp', order: null, value: null } },
];
if (onlyOurs) inputs.pop();
for (const input of inputs) {
  if (!fs.existsSync(input.file)) input.make();
  input.mb = fs.statSync(input.file).size / 1e6;
}

// 2. native: the CLI on the same files
execFileSync('cargo', ['build', '--release', '-q', '-p', 'persona-cli'], { stdio: 'inherit', cwd: root });
// --gather: the same work as the worker's import, which also gathers the customer table;
// the median of three runs (one run of a second or so varies by a third on these machines)
// The CPU time (user + system, from bash's `time`) says how fast the same work runs per core.
function native(file) {
  const runs = [];
  const out = path.join(os.tmpdir(), `persona-bench-native-${process.pid}.json`);
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    // (the CLI's own output goes to files, so that bash's report is all that is printed, and
    // the exit status is the CLI's)
    const run = spawnSync('bash', ['-c', 'TIMEFORMAT="%3U %3S"; { time "$0" "$@" > "$OUT" 2> "$OUT.err"; } 2>&1',
      path.join(targetDir, 'release/persona'), 'profile', '--compact', '--gather', file], { encoding: 'utf8', env: { ...process.env, OUT: out } });
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    if (run.status !== 0) throw new Error(`the CLI failed: ${fs.readFileSync(`${out}.err`, 'utf8')}`);
    const [user, sys] = run.stdout.trim().split(' ').map(Number);
    runs.push({ s, cpu: user + sys });
  }
  runs.sort((a, b) => a.s - b.s);
  const rows = JSON.parse(fs.readFileSync(out, 'utf8')).files[0].rows;
  fs.rmSync(out, { force: true });
  fs.rmSync(`${out}.err`, { force: true });
  return { s: runs[1].s, cpu: runs[1].cpu, all: runs.map((x) => x.s), rows };
}
for (const input of inputs) input.native = native(input.file);

// memory: RSS of every chromium process, and the CPU time of its Web Worker threads (a worker
// that ends keeps the time last seen), sampled every 50 ms
async function measured(fn) {
  const base = chromiumRss();
  const pids = rendererPids();
  const cpuBase = workerCpu(pids);
  const cpu = new Map(cpuBase);
  let peak = base;
  const sample = () => {
    peak = Math.max(peak, chromiumRss());
    for (const [thread, s] of workerCpu(pids)) cpu.set(thread, s);
  };
  const timer = setInterval(sample, 50);
  try {
    const r = await fn();
    sample();
    const cpuS = [...cpu].reduce((sum, [thread, s]) => sum + s - (cpuBase.get(thread) ?? 0), 0);
    return { ...r, peakMB: (peak - base) / 1e6, cpuS };
  } finally { clearInterval(timer); }
}

// a second server for the PapaParse and DuckDB pages and their libraries: a URL prefix serves
// that folder's tree (DuckDB's and Arrow's ES modules import each other by relative path),
// never anything outside it; everything else is tests/bench by name
const nm = path.join(root, 'node_modules');
const trees = {
  '/papaparse/': path.join(nm, 'papaparse'),
  '/duckdb/': path.join(nm, '@duckdb/duckdb-wasm/dist'),
  '/arrow/': path.join(nm, 'apache-arrow'),
  '/flatbuffers/': path.join(nm, 'flatbuffers'),
  '/tslib/': path.join(nm, 'tslib'),
};
const types = { '.html': 'text/html', '.wasm': 'application/wasm', '.json': 'application/json' };
const benchServer = http.createServer((req, res) => {
  const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const prefix = Object.keys(trees).find((k) => p.startsWith(k));
  let f = path.join(root, 'tests/bench', path.basename(p));
  if (prefix) {
    f = path.resolve(trees[prefix], p.slice(prefix.length));
    if (!f.startsWith(trees[prefix] + path.sep)) { res.writeHead(404); res.end(); return; }
  }
  fs.readFile(f, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(f)] ?? 'text/javascript' });
    res.end(data);
  });
});
await new Promise((r) => benchServer.listen(0, '127.0.0.1', r));
const site = await serve(dist);
const browser = await launch();
try {
  const bench = `http://127.0.0.1:${benchServer.address().port}`;
  // Each contender runs twice, each time on a fresh page made ready first (`ready`, not timed):
  // once with nothing else running, for its time (on two cores, reading /proc every 50 ms slows
  // whoever uses both), and once sampled, for its peak memory and CPU time.
  const twice = async (ready, go) => {
    let page = await ready();
    const timed = await go(page);
    await page.close();
    page = await ready();
    const sampled = await measured(() => go(page));
    await page.close();
    return { ...timed, peakMB: sampled.peakMB, cpuS: sampled.cpuS };
  };
  for (const input of inputs) {
    const name = path.basename(input.file);
    // 3. our worker, through the real UI
    input.ours = await twice(async () => {
      const page = await browser.context.newPage();
      const data = await new DataPage(page, site.url).open();
      // the worker starts on the first import: warm it up with a tiny file, as PapaParse's and
      // DuckDB's pages have their code loaded before their clocks start
      await data.importBuffers([{ name: 'warmup.csv', mimeType: 'text/csv', buffer: Buffer.from('id,x\n1,2\n') }]);
      await page.waitForTimeout(500);
      return page;
    }, async (page) => {
      const data = new DataPage(page, site.url);
      const t0 = Date.now();
      await page.getByTestId('file-input').setInputFiles(input.file);
      // the clock stops when the Data page has drawn the file's card (what the user waits
      // for), not when the profile reaches the page
      await page.waitForFunction(() => !document.querySelector('[data-testid="progress"]'), null, { timeout: 600_000 });
      const atPage = (Date.now() - t0) / 1000;
      await data.waitIdle(600_000);
      const s = (Date.now() - t0) / 1000;
      const facts = await data.facts(name);
      return { s, atPage, rows: Number(facts.split(' ')[0].replaceAll(',', '')) };
    });
    if (onlyOurs) continue;

    // 4. DuckDB-WASM: read_csv_auto + GROUP BY customer
    input.duck = await twice(async () => {
      const page = await browser.context.newPage();
      await page.goto(`${bench}/duckdb.html`);
      await page.waitForFunction(() => window.duckReady);
      await page.evaluate(() => window.duckReady);
      return page;
    }, async (page) => {
      await page.locator('#file').setInputFiles(input.file);
      const r = await page.evaluate((a) => window.runDuck(a), input.duckArgs);
      return { s: r.ms / 1000, rows: r.inputRows, groups: r.groups };
    });

    // 5. PapaParse in worker mode
    input.papa = await twice(async () => {
      const page = await browser.context.newPage();
      await page.goto(`${bench}/papaparse.html`);
      await page.waitForTimeout(500);
      return page;
    }, async (page) => {
      await page.locator('#file').setInputFiles(input.file);
      const r = await page.evaluate(() => window.runPapa());
      return { s: r.ms / 1000, rows: r.rows };
    });
  }

  if (onlyOurs) {
    for (const { file, mb, native: nat, ours } of inputs) {
      console.log(`${path.basename(file)} (${mb.toFixed(1)} MB): our worker ${(mb / ours.s).toFixed(1)} MB/s (${ours.s.toFixed(2)} s from the drop to the page drawn), peak +${ours.peakMB.toFixed(0)} MB; native CLI ${(mb / nat.s).toFixed(1)} MB/s`);
    }
  } else {
    // 6. k-means 1,000,000 x 8, k = 8 (k-means++ and at most 20 iterations) in a worker of our own
    const p3 = await browser.context.newPage();
    await p3.goto(site.url);
    const kmeansMs = await p3.evaluate(async () => {
      const w = new Worker('./worker_loader.js', { type: 'module' });
      // the worker's first message says it is ready (as bytes, for the page); the benchmark's
      // request is answered as JSON text
      const next = () => new Promise((resolve) => { w.onmessage = (e) => resolve(e.data); });
      await next();
      const times = [];
      for (let i = 0; i < 3; i++) {
        w.postMessage({ request: JSON.stringify({ BenchmarkKMeans: { rows: 1000000, dims: 8, k: 8 } }), files: [] });
        const msg = JSON.parse(await next());
        if (!msg.BenchmarkDone) throw new Error(JSON.stringify(msg));
        times.push(msg.BenchmarkDone.millis);
      }
      w.terminate();
      return times.sort((a, b) => a - b)[1];
    });
    await p3.close();
    // native: the same fit in criterion (short run), median of its estimate
    const crit = spawnSync('cargo', ['bench', '-q', '-p', 'persona-core', '--bench', 'kmeans', '--', '--warm-up-time', '1', '--measurement-time', '3', '--noplot'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
    const m = /time:\s+\[[\d.]+ \w+ ([\d.]+) (\w+)/.exec(crit.stdout);
    const nativeKMeansMs = m ? Number(m[1]) * ({ ns: 1e-6, 'µs': 1e-3, us: 1e-3, ms: 1, s: 1000 }[m[2]] ?? NaN) : NaN;

    // 5. first page load size (gzip)
    const index = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    const firstLoad = ['index.html', ...[...index.matchAll(/(?:href|src)="?\.\/([^"\s>]+)/g)].map((m) => m[1])];
    const boot = fs.existsSync(path.join(dist, 'boot.js')) ? fs.readFileSync(path.join(dist, 'boot.js'), 'utf8') : '';
    for (const m of boot.matchAll(/'\.\/([^']+)'/g)) firstLoad.push(m[1]);
    const unique = [...new Set(firstLoad)].filter((f) => fs.existsSync(path.join(dist, f)));
    const gz = unique.map((f) => [f, zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length]);
    const totalKB = gz.reduce((a, [, n]) => a + n, 0) / 1024;

    const cores = os.availableParallelism();
    for (const { file, mb, native: nat, ours, duck, papa } of inputs) {
      const rate = (s) => (mb / s).toFixed(1);
      const perCore = (cpu) => `CPU ${cpu.toFixed(2)} s, ${rate(cpu)} MB/s per core`;
      console.log(`\n${path.basename(file)} (${mb.toFixed(1)} MB, ${nat.rows.toLocaleString('en')} rows)`);
      console.log(`  our worker:     ${rate(ours.s)} MB/s (${ours.s.toFixed(2)} s from the drop to the page drawn; profile at the page after ${ours.atPage.toFixed(2)} s; ${ours.rows} rows), peak +${ours.peakMB.toFixed(0)} MB, workers' ${perCore(ours.cpuS)}`);
      console.log(`  DuckDB-WASM:    ${rate(duck.s)} MB/s (${duck.s.toFixed(2)} s; ${duck.rows} rows, ${duck.groups} customers), peak +${duck.peakMB.toFixed(0)} MB`);
      console.log(`  PapaParse 5:    ${rate(papa.s)} MB/s (${papa.s.toFixed(2)} s, ${papa.rows} rows), peak +${papa.peakMB.toFixed(0)} MB`);
      console.log(`  native CLI:     ${rate(nat.s)} MB/s (${nat.s.toFixed(2)} s, median of ${nat.all.map((x) => x.toFixed(2)).join(', ')} s), ${perCore(nat.cpu)}`);
      console.log(`  ours / DuckDB-WASM: ${(duck.s / ours.s).toFixed(2)}x   ours / PapaParse: ${(papa.s / ours.s).toFixed(2)}x   native / ours: ${(ours.s / nat.s).toFixed(2)}x`);
      // the workers' CPU time spread over every core, with no waiting at all, bounds the wall time
      console.log(`  per core, ours / native: ${(ours.cpuS / nat.cpu).toFixed(2)}x; our workers' CPU over ${cores} cores: ${(ours.cpuS / cores).toFixed(2)} s = ${(ours.cpuS / cores / nat.s).toFixed(2)}x native's wall time`);
      if (ours.rows !== nat.rows || duck.rows !== nat.rows) throw new Error(`row counts differ: worker ${ours.rows}, DuckDB ${duck.rows}, native ${nat.rows}`);
    }
    console.log(`k-means 1,000,000 x 8, k=8 (k-means++ + 20 iterations): worker ${(kmeansMs / 1000).toFixed(2)} s (median of 3), native ${(nativeKMeansMs / 1000).toFixed(2)} s (criterion), wasm / native ${(kmeansMs / nativeKMeansMs).toFixed(2)}x`);
    console.log(`first page load (gzip): ${totalKB.toFixed(1)} KB  [${gz.map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} KB`).join(', ')}]`);
  }
} finally {
  await browser.close();
  await site.close();
  benchServer.close();
}
