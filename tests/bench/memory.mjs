// Memory and CPU of the browser under test: the benchmarks sample them while they run.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

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

/** Pids of the chromium renderer processes (pages and their workers). */
export function rendererPids() {
  return fs.readdirSync('/proc').filter((p) => {
    if (!/^\d+$/.test(p)) return false;
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8');
      return /chrom/.test(cmd.split('\0')[0]) && cmd.includes('--type=renderer');
    } catch { return false; }
  });
}

/** CPU seconds (user + system) so far of each Web Worker thread of `pids`, by `pid/tid`. */
export function workerCpu(pids) {
  const cpu = new Map();
  for (const pid of pids) {
    let tasks;
    try { tasks = fs.readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const tid of tasks) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('DedicatedWorker')) continue;
        // after the name: state is field 3; utime and stime are fields 14 and 15
        const fields = stat.slice(close + 2).split(' ');
        cpu.set(`${pid}/${tid}`, (Number(fields[11]) + Number(fields[12])) / ticksPerSecond);
      } catch { /* thread gone */ }
    }
  }
  return cpu;
}
