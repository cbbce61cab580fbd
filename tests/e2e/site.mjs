// The release build served under a sub-path with one browser for a test file: registers the
// file's before/after hooks and hands out pages that record console errors and any request to
// another origin. Test files that need other set-ups (data.test.mjs serves two prefixes) keep
// their own.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../dist');

/** Empties the site's local storage, from a static file of the site (the app does not start). */
export async function clearStorage(page, url) {
  const icon = fs.readdirSync(dist).find((f) => /^favicon.*\.svg$/.test(f));
  await page.goto(url + icon);
  await page.evaluate(() => localStorage.clear());
}

export function useSite(prefix = '/tools/personas/') {
  const env = { site: null, browser: null };
  before(async () => {
    assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'build the site first (make build)');
    env.site = await serve(dist, { prefix });
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  /** A new page, closed after test `t`: { page, errors (console and page errors), foreign (requests elsewhere) }.
   * Each test starts with the site's storage empty: workspaces persist, and one test's must not
   * open in the next. */
  env.newPage = async (t) => {
    const blank = await env.browser.context.newPage();
    await clearStorage(blank, env.site.url);
    await blank.close();
    const page = await env.browser.context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()} ${m.location()?.url ?? ''}`.trim()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
    const foreign = [];
    page.on('request', (r) => { if (!r.url().startsWith(env.site.url)) foreign.push(r.url()); });
    t.after(async () => { await page.close(); });
    return { page, errors, foreign };
  };
  return env;
}
