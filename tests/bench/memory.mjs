// Memory of the browser under test: the benchmarks sample it while they run.
import fs from 'node:fs';

/** Resident memory (bytes) of every chromium process, read from /proc. */
export function chromiumRss() {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      if (!/^Name:\s+(chromium|chrome)/m.test(status)) continue;
      total += Number((status.match(/^VmRSS:\s+(\d+)/m) || [0, 0])[1]) * 1024;
    } catch { /* process gone */ }
  }
  return total;
}
