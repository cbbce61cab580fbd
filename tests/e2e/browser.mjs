// Launches Debian's Chromium through playwright-core (no browser download).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A browser with a fresh profile, or with the profile in `dir` (kept on close: a restart). */
export async function launch(dir) {
  const userDataDir = dir || fs.mkdtempSync(path.join(os.tmpdir(), 'persona-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    userDataDir,
    async close() {
      await context.close();
      if (!dir) fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
