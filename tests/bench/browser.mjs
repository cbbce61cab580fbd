// Browser benchmark: `make bench-browser`. In one headless Chromium run it imports the same
// generated CSV (~100 MB) with our worker and with PapaParse 5 (worker mode, dynamicTyping, same
// per-column profiling; our import also gathers the customer table for segmentation, which
// PapaParse's page does not), and prints MB/s for both, their ratio, the peak memory of each (RSS of
// all Chromium processes above the idle baseline), the native CLI's MB/s on the same file,
// the CPU time ours and the CLI took (of the workers' threads; of the CLI's process) and so the
// speed per core,
// k-means on 1,000,000 x 8 with k = 8 in our worker against the same fit natively (criterion),
// and the gzip size of what the first page loads.
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
const file = path.join(dir, 'events.csv');

// 1. the input: the sample generator's events file
if (!fs.existsSync(file)) {
  execFileSync('cargo', ['run', '--release', '-q', '-p', 'persona-cli', '--', 'sample', '--customers', String(customers), '--out', dir], { stdio: 'inherit', cwd: root });
}
const mb = fs.statSync(file).size / 1e6;
console.log(`input: ${file} (${mb.toFixed(1)} MB)`);

// 2. native: the CLI on the same file
execFileSync('cargo', ['build', '--release', '-q', '-p', 'persona-cli'], { stdio: 'inherit', cwd: root });
// --gather: the same work as the worker's import, which also gathers the customer table;
// the median of three runs (one run of a second or so varies by a third on these machines)
// The CPU time (user + system, from bash's `time`) says how fast the same work runs per core.
const nativeRuns = [];
const nativeOut = path.join(dir, 'native-profile.json');
for (let i = 0; i < 3; i++) {
  const t = process.hrtime.bigint();
  // (the CLI's own output goes to files, so that bash's report is all that is printed, and
  // the exit status is the CLI's)
  const run = spawnSync('bash', ['-c', 'TIMEFORMAT="%3U %3S"; { time "$0" "$@" > "$OUT" 2> "$OUT.err"; } 2>&1',
    path.join(targetDir, 'release/persona'), 'profile', '--compact', '--gather', file], { encoding: 'utf8', env: { ...process.env, OUT: nativeOut } });
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (run.status !== 0) throw new Error(`the CLI failed: ${fs.readFileSync(`${nativeOut}.err`, 'utf8')}`);
  const [user, sys] = run.stdout.trim().split(' ').map(Number);
  nativeRuns.push({ s, cpu: user + sys });
}
nativeRuns.sort((a, b) => a.s - b.s);
const nativeS = nativeRuns[1].s;
const nativeCpu = nativeRuns[1].cpu;
const nativeRows = JSON.parse(fs.readFileSync(nativeOut, 'utf8')).files[0].rows;

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

// a second server for the PapaParse page and the library
const benchServer = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  const f = u.pathname.startsWith('/papaparse/')
    ? path.join(root, 'node_modules/papaparse', path.basename(u.pathname))
    : path.join(root, 'tests/bench', path.basename(u.pathname));
  fs.readFile(f, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': f.endsWith('.html') ? 'text/html' : 'text/javascript' });
    res.end(data);
  });
});
await new Promise((r) => benchServer.listen(0, '127.0.0.1', r));
const site = await serve(dist);
const browser = await launch();
try {
  // 3. our worker, through the real UI
  const page = await browser.context.newPage();
  const data = await new DataPage(page, site.url).open();
  // the worker starts on the first import: warm it up with a tiny file, as PapaParse's page has
  // its script loaded before its clock starts
  await data.importBuffers([{ name: 'warmup.csv', mimeType: 'text/csv', buffer: Buffer.from('id,x\n1,2\n') }]);
  await page.waitForTimeout(500);
  const ours = await measured(async () => {
    const t0 = Date.now();
    await page.getByTestId('file-input').setInputFiles(file);
    // the clock stops when the profile has reached the page (its progress panel goes), as
    // PapaParse's stops when it has parsed; the page then draws the file's card over a few
    // animation frames
    await page.waitForFunction(() => !document.querySelector('[data-testid="progress"]'), null, { timeout: 600_000 });
    const s = (Date.now() - t0) / 1000;
    await data.waitIdle(600_000);
    const facts = await data.facts('events.csv');
    return { s, rows: Number(facts.split(' ')[0].replaceAll(',', '')) };
  });
  await page.close();

  // 4. PapaParse in worker mode
  const p2 = await browser.context.newPage();
  await p2.goto(`http://127.0.0.1:${benchServer.address().port}/papaparse.html`);
  await p2.waitForTimeout(500);
  const papa = await measured(async () => {
    await p2.locator('#file').setInputFiles(file);
    const r = await p2.evaluate(() => window.runPapa());
    return { s: r.ms / 1000, rows: r.rows };
  });
  await p2.close();

  // 6. k-means 1,000,000 x 8, k = 8 (k-means++ and at most 20 iterations) in a worker of our own
  const p3 = await browser.context.newPage();
  await p3.goto(site.url);
  const kmeansMs = await p3.evaluate(async () => {
    const w = new Worker('./worker_loader.js', { type: 'module' });
    const next = () => new Promise((resolve) => { w.onmessage = (e) => resolve(JSON.parse(e.data)); });
    let msg = await next();
    if (msg !== 'Ready') throw new Error(`worker said ${JSON.stringify(msg)}`);
    const times = [];
    for (let i = 0; i < 3; i++) {
      w.postMessage({ request: JSON.stringify({ BenchmarkKMeans: { rows: 1000000, dims: 8, k: 8 } }), files: [] });
      msg = await next();
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
  const firstLoad = ['index.html', ...[...index.matchAll(/(?:href|src)="\.\/([^"]+)"/g)].map((m) => m[1])];
  const boot = fs.existsSync(path.join(dist, 'boot.js')) ? fs.readFileSync(path.join(dist, 'boot.js'), 'utf8') : '';
  for (const m of boot.matchAll(/'\.\/([^']+)'/g)) firstLoad.push(m[1]);
  const unique = [...new Set(firstLoad)].filter((f) => fs.existsSync(path.join(dist, f)));
  const gz = unique.map((f) => [f, zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length]);
  const totalKB = gz.reduce((a, [, n]) => a + n, 0) / 1024;

  const rate = (s) => (mb / s).toFixed(1);
  const perCore = (cpu) => `CPU ${cpu.toFixed(2)} s, ${rate(cpu)} MB/s per core`;
  console.log(`native CLI:     ${rate(nativeS)} MB/s (${nativeS.toFixed(2)} s, median of ${nativeRuns.map((x) => x.s.toFixed(2)).join(', ')} s; ${nativeRows} rows), ${perCore(nativeCpu)}`);
  console.log(`our worker:     ${rate(ours.s)} MB/s (${ours.s.toFixed(2)} s, ${ours.rows} rows), peak +${ours.peakMB.toFixed(0)} MB, workers' ${perCore(ours.cpuS)}`);
  console.log(`PapaParse 5:    ${rate(papa.s)} MB/s (${papa.s.toFixed(2)} s, ${papa.rows} rows), peak +${papa.peakMB.toFixed(0)} MB`);
  console.log(`ours / PapaParse: ${(papa.s / ours.s).toFixed(2)}x   native / ours: ${(ours.s / nativeS).toFixed(2)}x`);
  // the workers' CPU time spread over every core, with no waiting at all, bounds the wall time
  const cores = os.availableParallelism();
  console.log(`per core, ours / native: ${(ours.cpuS / nativeCpu).toFixed(2)}x; our workers' CPU over ${cores} cores: ${(ours.cpuS / cores).toFixed(2)} s = ${(ours.cpuS / cores / nativeS).toFixed(2)}x native's wall time`);
  console.log(`k-means 1,000,000 x 8, k=8 (k-means++ + 20 iterations): worker ${(kmeansMs / 1000).toFixed(2)} s (median of 3), native ${(nativeKMeansMs / 1000).toFixed(2)} s (criterion), wasm / native ${(kmeansMs / nativeKMeansMs).toFixed(2)}x`);
  console.log(`first page load (gzip): ${totalKB.toFixed(1)} KB  [${gz.map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} KB`).join(', ')}]`);
  if (ours.rows !== nativeRows) throw new Error(`row counts differ: worker ${ours.rows}, native ${nativeRows}`);
} finally {
  await browser.close();
  await site.close();
  benchServer.close();
}
