// End-to-end: every page of the app with the sample data in it, checked with axe-core (WCAG 2.1
// A and AA rules, colour contrast among them) for serious and critical violations, and shown
// 320 px wide (a small phone, or a 1280 px screen at 400% zoom): nothing wider than the screen
// but the tables that scroll in their own box, and a screenshot of each kept under the system's
// temp folder. Selectors live in pages.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { useSite } from './site.mjs';
import { DataPage, SegmentsPage, PersonasPage, PersonaDoc, JourneysPage, ActivationPage, Workspaces, Share } from './pages.mjs';

const env = useSite();
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'persona-a11y-'));

/** The serious and critical violations of WCAG 2.1 A/AA rules on the page as it is now. */
async function violations(page) {
  // evaluated through the debugging protocol, which the page's CSP does not govern
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Elements wider than a 320 px screen that are not inside a box that scrolls on its own. */
async function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 1) continue;
      let scrolls = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if ((o === 'auto' || o === 'scroll') && p.getBoundingClientRect().right <= width + 1) { scrolls = true; break; }
      }
      if (!scrolls) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} [${el.dataset.testid ?? ''}] right ${Math.round(r.right)}`);
    }
    return { width, scrollWidth: document.documentElement.scrollWidth, wide: out.slice(0, 5) };
  });
}

test('every page has no serious or critical accessibility violation, and fits a tablet and a 320 px screen (400% zoom)', async (t) => {
  const { page, errors } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  const checked = [];
  const found = [];
  async function check(name) {
    for (const [w, h] of [[1280, 900], [768, 1024], [320, 640]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForFunction(() => !document.documentElement.hasAttribute('data-drawing'));
      for (const v of await violations(page)) found.push(`${name} at ${w} px: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.join(' | ')}`);
      if (w < 1280) {
        const o = await overflow(page);
        if (o.scrollWidth > o.width + 1 || o.wide.length) found.push(`${name} at ${w} px: the page is ${o.scrollWidth} px wide: ${o.wide.join(', ')}`);
      }
      if (w === 320) {
        await page.screenshot({ path: path.join(shots, `${name.replace(/\W+/g, '-')}-320.png`), fullPage: true });
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    checked.push(name);
  }

  await check('data, empty');
  await data.trySample();
  // what was read is said to a screen reader, as the cards show it
  assert.match(await page.getByTestId('files-read').textContent(), /^Read customers\.csv: 2,000 rows, \d+ columns; orders\.csv: /);
  await check('data, with the sample');
  const segments = await new SegmentsPage(page).open();
  await check('segments, before a run');
  await segments.chooseK(6);
  await segments.run();
  await check('segments');
  const personas = await new PersonasPage(page).open();
  await check('personas');
  const names = await personas.names();
  const doc = await personas.openPersona(names[0]);
  // the tab and a saved PDF name the persona
  assert.equal(await page.title(), `${names[0]} \u00b7 Personas \u00b7 Persona Studio`);
  await check('persona');
  await doc.edit();
  await check('persona, editing');
  await doc.done();
  const url = await new Share(page).link();
  await new JourneysPage(page).open();
  await check('journeys');
  await new ActivationPage(page).open();
  await check('activation');
  await page.getByTestId('nav-changes').click();
  await page.getByTestId('changes-page').waitFor();
  await check('changes');
  await new Workspaces(page).open();
  await check('workspaces');
  await new Share(page).open(url);
  await check('shared persona');
  await page.goto(url.replace('#/share/', '#/embed/'));
  await page.getByTestId('persona-doc').waitFor();
  await check('embedded persona');
  await page.goto(env.site.url + '#/no-such-page');
  await page.getByTestId('not-found').waitFor();
  await check('not found');

  t.diagnostic(`${checked.length} pages checked at 1280 and 320 px; screenshots in ${shots}`);
  assert.deepEqual(found, []);
  assert.deepEqual(errors, []);
});

/** Presses Tab (Shift+Tab with `back`) until the element `testid` (or matching `where`) has the
 * focus; fails after `most` presses. The focus order is what a keyboard user walks. */
async function tabTo(page, testid, { most = 120, back = false, where = null } = {}) {
  for (let i = 0; i < most; i++) {
    const here = await page.evaluate(([id, sel]) => {
      const a = document.activeElement;
      return sel ? !!a?.matches(sel) : a?.dataset?.testid === id;
    }, [testid, where]);
    if (here) return i;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`${testid ?? where} is not reached with the keyboard`);
}

test('the whole flow works with the keyboard alone: data, segments, a persona edited and shared, journeys', async (t) => {
  const { page, errors } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  // the first Tab shows a link past the bar's eight links; Enter takes the focus to the page
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'skip-link');
  assert.ok((await page.getByTestId('skip-link').boundingBox()).y >= 0, 'the focused link is on screen');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  assert.match(page.url(), /#\/data$/, 'the route stays');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.querySelector('main').contains(document.activeElement)), 'the next Tab is in the page');
  // the file picker is reached first, and its ring is drawn on "Choose files…", not beside it
  await tabTo(page, 'file-input');
  const ring = (id) => page.getByTestId(id).evaluate((e) => getComputedStyle(e).outlineStyle);
  assert.deepEqual([await ring('file-label'), await ring('sample-button')], ['solid', 'none']);
  // (apart from the button, in a colour other than its own)
  const label = await page.getByTestId('file-label').evaluate((e) => {
    const s = getComputedStyle(e);
    return { offset: s.outlineOffset, ring: s.outlineColor, fill: s.backgroundColor };
  });
  assert.ok(label.offset !== '0px' && label.ring !== label.fill, JSON.stringify(label));
  await tabTo(page, 'sample-button');
  await page.keyboard.press('Enter');
  await data.waitIdle();
  await data.expectFiles(['customers.csv', 'orders.csv', 'events.csv', 'feedback.csv']);
  // the keyboard's place is kept through the import, not dropped to the page's body
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'sample-button');

  // to the Segments page by its link, six segments picked with the arrow keys, run with Enter
  await tabTo(page, 'nav-segments', { back: true });
  await page.keyboard.press('Enter');
  await page.getByTestId('segments-page').waitFor();
  await tabTo(page, 'k-select');
  while ((await page.getByTestId('k-select').inputValue()) !== '6') await page.keyboard.press('ArrowDown');
  await tabTo(page, 'run-segments');
  await page.keyboard.press('Enter');
  await page.getByTestId('segment-summary').waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => /^6 segments/.test(document.querySelector('[data-testid="segment-summary"]')?.textContent ?? ''));
  // the keyboard's place is kept through the run (a disabled button would drop it to the page),
  // and the result is said where a screen reader hears it
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'run-segments');
  assert.match(await page.getByTestId('segments-said').textContent(), /^6 segments/);
  assert.equal(await page.getByTestId('segments-said').getAttribute('role'), 'status');

  // a persona opened, its name edited and the edit finished, its link made
  await tabTo(page, 'nav-personas', { back: true });
  await page.keyboard.press('Enter');
  await new PersonasPage(page).waitForCount(6);
  await tabTo(page, null, { where: '[data-testid="persona-card"] a' });
  await page.keyboard.press('Enter');
  await page.getByTestId('persona-doc').waitFor();
  // the card's link is gone with its page: the keyboard starts at the top of the persona's
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  // an evidence line opened with Enter closes with Escape, the focus staying on its figure
  await tabTo(page, 'figure');
  await page.keyboard.press('Enter');
  const evidence = page.locator('details.evidence:has([data-testid="figure"]:focus)');
  assert.equal(await evidence.evaluate((d) => d.open), true, 'Enter opens the evidence');
  await page.keyboard.press('Escape');
  assert.equal(await evidence.evaluate((d) => d.open), false, 'Escape closes it');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'figure');
  await tabTo(page, 'edit-toggle', { back: true });
  await page.keyboard.press('Enter');
  await page.getByTestId('edit-form').waitFor();
  await tabTo(page, null, { where: '[data-testid="field-name"] [data-testid="field-input"]' });
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Kira Keyboard');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.querySelector('[data-testid="field-name"]')?.dataset.edited === 'true');
  await tabTo(page, 'edit-toggle', { back: true });
  await page.keyboard.press('Enter');
  assert.equal(await new PersonaDoc(page).name(), 'Kira Keyboard');
  await tabTo(page, 'share');
  await page.keyboard.press('Enter');
  await page.getByTestId('share-url').waitFor();
  assert.match(await page.getByTestId('share-url').inputValue(), /#\/share\/p1\./);

  // the journeys: a stage added by typing its name and pressing Enter on the button
  await tabTo(page, 'nav-journeys', { back: true, most: 200 });
  await page.keyboard.press('Enter');
  const journeys = new JourneysPage(page);
  await journeys.settled();
  const before = await journeys.stages();
  await tabTo(page, 'new-stage');
  await page.keyboard.type('Loyal');
  await tabTo(page, 'add-stage');
  await journeys.redraw(() => page.keyboard.press('Enter'));
  assert.deepEqual(await journeys.stages(), [...before, 'Loyal']);
  assert.deepEqual(errors, []);
});
