// What the million-customer browser benchmarks share: the sample files they drop, and the
// main thread's long tasks they watch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The sample generator's files `names` for BENCH_E2E_CUSTOMERS customers (1,000,000 by
 * default), in BENCH_E2E_DIR or a folder of the temp dir, written by the CLI when missing. */
export function sampleFiles(names) {
  const customers = Number(process.env.BENCH_E2E_CUSTOMERS || 1000000);
  const dir = process.env.BENCH_E2E_DIR || path.join(os.tmpdir(), `persona-bench-${customers}`);
  const files = names.map((f) => path.join(dir, f));
  if (!files.every((f) => fs.existsSync(f))) {
    execFileSync('cargo', ['run', '--release', '-q', '-p', 'persona-cli', '--', 'sample', '--customers', String(customers), '--out', dir], { stdio: 'inherit', cwd: root });
  }
  return { customers, files };
}

/** Records the page's main-thread tasks over 50 ms in `window.__longTasks` as [duration, start]. */
export async function watchLongTasks(page) {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.duration, e.startTime]); })
      .observe({ type: 'longtask', buffered: true });
  });
}
