// End-to-end: after a first load the site works with no network: it opens again, imports and
// segments (the service worker keeps the site's files, the worker's among them), and a new build
// replaces the kept copy. The site is served from a copy of dist/, so a test can stand in a new
// build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';
import { DataPage, SegmentsPage, PersonasPage } from './pages.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../dist');
const fixture = (name) => path.resolve(here, '../fixtures', name);

let site, copy;
before(async () => {
  assert.ok(fs.existsSync(path.join(dist, 'sw.js')), 'build the site first (make build)');
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'persona-offline-'));
  fs.cpSync(dist, copy, { recursive: true });
  site = await serve(copy, { prefix: '/tools/personas/' });
});
after(async () => {
  await site?.close();
  fs.rmSync(copy, { recursive: true, force: true });
});

/** A page in a browser of its own: a fresh profile with no service worker yet, and a network
 * that only this test takes away (Chromium's emulated offline may outlast setOffline(false) in a
 * service worker). */
async function newPage(t) {
  const browser = await launch();
  t.after(() => browser.close());
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, errors, offline: () => browser.context.setOffline(true) };
}

/** Waits until the service worker controls the page and holds the build of version `version`
 * (and no other). The browser looks for a new build on its own after a navigation. */
async function kept(page, version) {
  const held = () => page.evaluate(async () => (navigator.serviceWorker.controller ? caches.keys() : []));
  for (let tries = 0; ; tries++) {
    const keys = await held();
    if (keys.length === 1 && keys[0].endsWith(' ' + version)) return;
    assert.ok(tries < 150, `the site's copy is not version ${version} after 30 s: ${keys}`);
    await page.waitForTimeout(200);
  }
}

/** The version postbuild.py wrote into the served sw.js. */
const versionOf = () => fs.readFileSync(path.join(copy, 'sw.js'), 'utf8').match(/"([0-9a-f]{16})"/)[1];

test('after a first load, the site opens, imports and segments with no network', async (t) => {
  const { page, errors, offline } = await newPage(t);

  // a first visit, online, that imports nothing
  await new DataPage(page, site.url).open();
  await kept(page, versionOf());

  // the network goes: the first import still starts the worker, from the kept files
  await offline();
  const data = new DataPage(page, site.url);
  await data.importFiles([fixture('kunden_de_cp1252.csv'), fixture('orders_ragged.csv')]);
  await data.trySample();
  const segments = await new SegmentsPage(page).open();
  await segments.chooseK(4);
  await segments.run();
  assert.equal(await segments.cardCount(), 4);

  // and the site opens again, at a bookmarked page, with its personas
  await page.goto(site.url + '#/personas');
  await page.getByTestId('personas-page').waitFor();
  const personas = new PersonasPage(page);
  await personas.waitForCount(4);
  assert.deepEqual(errors, []);

  // another path under the site's folder (another app on the same host) is not this app
  await assert.rejects(page.goto(site.url + 'reports/'), /net::ERR_/);
});

test('a new build replaces the kept copy: offline, the site opens as the new build', async (t) => {
  const { page, errors, offline } = await newPage(t);
  await new DataPage(page, site.url).open();
  const old = versionOf();
  await kept(page, old);

  // a new build on the server: a mark in its page (the app sets the title itself), and so
  // another version
  const index = path.join(copy, 'index.html');
  const text = fs.readFileSync(index, 'utf8');
  assert.ok(text.includes('<title>Persona Studio</title>'));
  fs.writeFileSync(index, text.replace('<title>Persona Studio</title>', '<title>Persona Studio</title><meta name="build" content="the new build">'));
  const build = () => page.evaluate(() => document.querySelector('meta[name="build"]')?.content ?? 'the old build');
  const sw = path.join(copy, 'sw.js');
  const next = old.split('').reverse().join('');
  fs.writeFileSync(sw, fs.readFileSync(sw, 'utf8').replace(old, next));

  await page.reload();
  assert.equal(await build(), 'the new build', 'online, the network answers first');
  await kept(page, next);

  await offline();
  await page.reload();
  await page.getByTestId('data-page').waitFor();
  assert.equal(await build(), 'the new build');
  assert.deepEqual(errors, []);
});
