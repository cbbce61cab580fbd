// End-to-end: a team loads last month's export, edits its personas, reloads, and refreshes the
// workspace with this month's export: the Changes page names what drifted (the sample's
// controlled drift: a segment grows, one splits, one vanishes, one spends less), and every
// persona keeps its edits, gets a new version, and flags the edit the new data contradicts.
// Selectors live in pages.mjs (ChangesPage, PersonaHistory).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useSite } from './site.mjs';
import { DataPage, SegmentsPage, PersonasPage, Workspaces, ChangesPage, PersonaHistory } from './pages.mjs';

const env = useSite();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let dir;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'persona-months-'));
  execFileSync('cargo', ['run', '-q', '-p', 'persona-cli', '--', 'sample', '--drifting-months', '--out', dir], { cwd: root, stdio: 'ignore' });
});

/** Appends a line of the user's own to a persona's demographics (the data's lines stay). */
async function addOwnLine(page, name, line) {
  const doc = await new PersonasPage(page).open().then((p) => p.openPersona(name));
  await doc.edit();
  const box = page.getByTestId('field-demographics').getByTestId('field-input');
  await doc.setField('demographics', `${await box.inputValue()}\n${line}`);
  await doc.done();
}

test('a refresh with next month\'s export, after a reload, names what drifted and keeps every edit', async (t) => {
  const { page, errors, foreign } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  await data.importFiles([path.join(dir, 'customers-last-month.csv')]);
  const seg = await new SegmentsPage(page).open();
  await seg.run();
  assert.equal(await seg.cardCount(), 5, 'last month: five segments');
  // the team names the segments
  const teams = ['Team 1', 'Team 2', 'Team 3', 'Team 4', 'Team 5'];
  for (const [i, name] of teams.entries()) await seg.rename(i, name);
  const personas = await new PersonasPage(page).open();
  await personas.waitForCount(5);
  const names = await personas.names();
  for (const name of names) await addOwnLine(page, name, 'Shops near home');
  const changes = await new ChangesPage(page).open();
  assert.ok((await page.getByTestId('no-changes').textContent()).includes('Nothing to compare yet'));
  const stored = await new Workspaces(page).stored();
  await changes.keepIds(true);
  await new Workspaces(page).waitStoredSince(stored);

  // a reload: only what the workspace keeps is left (no file, no customer row)
  await page.reload();
  const reopened = await new SegmentsPage(page).open();
  await reopened.cards().first().waitFor();
  assert.deepEqual(await reopened.names(), teams, 'the names are kept');
  await new ChangesPage(page).open();
  assert.ok(await changes.keepsIds(), 'the consent is kept');
  assert.match(await changes.lastRun(), /customers-last-month\.csv · 6,000 customers/);
  await changes.refresh([path.join(dir, 'customers-this-month.csv')]);

  const headlines = (await changes.headlines()).join('\n');
  assert.match(await changes.basis(), /customers they share/);
  assert.match(headlines, / grew: [\d,]+ → [\d,]+ customers \(1\d\.\d% → 3\d\.\d%\)/, headlines);
  assert.match(headlines, / split into .+ and /, headlines);
  assert.match(headlines, / vanished: no segment now is like its \d{3} customers/, headlines);
  assert.match(headlines, /monthly_spend: \d+ → \d+(\.\d)? \(−1\d%\)/, headlines);
  // the segments that continue, grew, spend less or split keep their names; the new half of
  // the split is called by the data
  assert.match(headlines, /^Team \d grew: /m, headlines);
  assert.match(headlines, /^Team \d split into Team \d and [^T]/m, headlines);
  assert.match(headlines, /^Team \d vanished: /m, headlines);
  const segmentsNow = await new SegmentsPage(page).open();
  const segmentNames = await segmentsNow.names();
  assert.equal(segmentNames.filter((n) => teams.includes(n)).length, 4, `${segmentNames}`);
  // the new half named now: the report of what changed says the name
  await segmentsNow.rename(segmentNames.findIndex((n) => !teams.includes(n)), 'Younger half');
  await changes.open();
  const renamed = (await changes.headlines()).join('\n');
  assert.match(renamed, /^Team \d split into Team \d and Younger half$/m, renamed);
  const flows = await changes.flows();
  assert.equal(flows[0].at(-1), 'Left');
  const joined = flows.find((r) => r[0] === 'Joined');
  assert.ok(joined, 'a row of customers who joined');

  // the personas: the same five names (one per continued or split segment), each with its edit
  // kept and a second version; the split segment's persona flags the age line it kept
  const after = await new PersonasPage(page).open();
  const now = await after.names();
  for (const name of names) assert.ok(now.includes(name), `${name} is still there: ${now}`);
  let flagged = 0;
  let versioned = 0;
  for (const name of names) {
    const doc = await after.open().then((p) => p.openPersona(name));
    const history = new PersonaHistory(page);
    assert.ok((await doc.listItems('demographics')).includes('Shops near home'), `${name} keeps the edit`);
    const versions = await history.versions();
    const flags = await history.flags();
    if (flags.length) {
      flagged++;
      assert.match(flags[0], /you kept “(Most often a|A)ged \d\d–\d\d/, flags[0]);
      // the comparison says which lines the data changed
      const diff = await history.compare(versions.at(-1) - 1, versions.at(-1));
      const demographics = diff.find((d) => d.field === 'demographics');
      assert.ok(demographics, JSON.stringify(diff));
      await history.keepFlag();
      assert.ok((await doc.listItems('demographics')).includes('Shops near home'));
    }
    if (versions.length >= 2) versioned++;
  }
  assert.equal(versioned, 4, 'a new version for each persona whose segment continued, grew, split or spends less');
  assert.ok(flagged >= 1, 'the persona whose age band moved flags the line the user kept');
  assert.equal(now.length, 6, `the half that split off has a persona of its own: ${now}`);
  await new Workspaces(page).waitSaved();

  // and all of it after another reload
  await page.reload();
  const again = await new ChangesPage(page).open();
  await page.getByTestId('drift-headline').first().waitFor();
  assert.equal((await again.headlines()).join('\n'), renamed);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, [], 'nothing leaves the browser');
});

test('restoring a version brings its values back as edits over the new data', async (t) => {
  const { page, errors, foreign } = await env.newPage(t);
  const data = await new DataPage(page, env.site.url).open();
  await data.importFiles([path.join(dir, 'customers-last-month.csv')]);
  await (await new SegmentsPage(page).open()).run();
  const personas = await new PersonasPage(page).open();
  await personas.waitForCount(5);
  const changes = await new ChangesPage(page).open();
  await changes.refresh([path.join(dir, 'customers-this-month.csv')]);
  assert.match(await changes.basis(), /centres/, 'without consent: by the centres');
  assert.match((await changes.headlines()).join('\n'), / split into /);
  const list = await new PersonasPage(page).open();
  // a persona whose text changed with the data
  for (const name of await list.names()) {
    const doc = await list.open().then((p) => p.openPersona(name));
    const history = new PersonaHistory(page);
    const versions = await history.versions();
    if (versions.length < 2) continue;
    const diff = await history.compare(1, 0);
    if (!diff.length) continue;
    await history.restore(1);
    await page.waitForFunction(() => document.querySelector('[data-testid="persona-doc"] [data-edited="true"], .edited-badge'));
    const back = await history.compare(1, 0);
    assert.deepEqual(back, [], `after restoring version 1 nothing differs from it: ${JSON.stringify(back)}`);
    assert.deepEqual(errors, []);
    return;
  }
  assert.fail('no persona changed with the new data');
});

test('a workspace the command line made opens in the app, and next month refreshes it here', async (t) => {
  const { page, errors } = await env.newPage(t);
  const file = path.join(dir, 'November.persona-workspace');
  execFileSync('cargo', ['run', '-q', '-p', 'persona-cli', '--', 'segment', '--compact', '--workspace', file,
    path.join(dir, 'customers-last-month.csv')], { cwd: root, stdio: 'ignore' });
  await new DataPage(page, env.site.url).open();
  const ws = await new Workspaces(page).open();
  await ws.import('November.persona-workspace', fs.readFileSync(file, 'utf8'));
  await page.waitForFunction(() => document.querySelector('[data-testid="workspace-name"]')?.textContent.trim() === 'November');
  const personas = await new PersonasPage(page).open();
  await personas.waitForCount(5);
  const changes = await new ChangesPage(page).open();
  assert.match(await changes.lastRun(), /^persona CLI · customers-last-month\.csv · 6,000 customers$/);
  // records agreed to now: the workspace's run has none (its customers are not here), and
  // the page says so rather than leaving the user to find out from the report
  assert.ok(!(await page.getByTestId('no-record').isVisible()));
  await changes.keepIds(true);
  await page.getByTestId('no-record').waitFor();
  await changes.refresh([path.join(dir, 'customers-this-month.csv')]);
  const headlines = (await changes.headlines()).join('\n');
  assert.match(headlines, / split into /, headlines);
  assert.match(headlines, / vanished/, headlines);
  assert.match(await changes.basis(), /by how close their centres are/);
  assert.ok(!(await page.getByTestId('no-record').isVisible()), 'the refreshed run has its record');
  assert.deepEqual(errors, []);
});

test('a refresh with some of the files keeps the others, and one with unrelated data changes nothing', async (t) => {
  const { page, errors } = await env.newPage(t);
  const sample = fs.mkdtempSync(path.join(os.tmpdir(), 'persona-sample-'));
  execFileSync('cargo', ['run', '-q', '-p', 'persona-cli', '--', 'sample', '--out', sample], { cwd: root, stdio: 'ignore' });
  const all = ['customers.csv', 'orders.csv', 'events.csv', 'feedback.csv'];
  const data = await new DataPage(page, env.site.url).open();
  await data.importFiles(all.map((f) => path.join(sample, f)));
  const seg = await new SegmentsPage(page).open();
  await seg.chooseK(6);
  await seg.run();
  const changes = await new ChangesPage(page).open();
  await changes.keepIds(true);

  // this month's orders only: the customers, events and feedback are read as they were
  await changes.refresh([path.join(sample, 'orders.csv')]);
  const kept = (await page.getByTestId('drift-files').textContent()).trim();
  for (const f of ['customers.csv', 'events.csv', 'feedback.csv']) {
    assert.match(kept, new RegExp(`“${f.replace('.', '\\.')}” is read as it was in the last run`), kept);
  }
  assert.ok(!kept.includes('orders.csv'), kept);
  // the same customers with the same traits: nothing vanished
  assert.ok(!(await changes.headlines()).join('\n').includes('vanished'), (await changes.headlines()).join('\n'));
  // a run after it, on the same files, compares the same way and still says so
  await seg.open();
  await seg.chooseK(5);
  await seg.run();
  await changes.open();
  await page.getByTestId('drift-files').waitFor();
  assert.equal((await page.getByTestId('drift-files').textContent()).trim(), kept, 'said again after a new run');
  const runs = await page.getByTestId('drift-runs').textContent();

  // a file of something else altogether: said, and the files, the run and its report stay
  const flowers = path.join(sample, 'iris.csv');
  fs.writeFileSync(flowers, 'sepal_length,sepal_width,petal_length,petal_width,species\n'
    + Array.from({ length: 150 }, (_, i) => `${(4.3 + (i % 36) / 10).toFixed(1)},${(2 + (i % 24) / 10).toFixed(1)},${(1 + (i % 59) / 10).toFixed(1)},${(0.1 + (i % 25) / 10).toFixed(1)},${['setosa', 'versicolor', 'virginica'][i % 3]}`).join('\n') + '\n');
  await page.getByTestId('refresh-input').first().setInputFiles([flowers]);
  await page.waitForFunction(() => /None of these files is a newer export/.test(document.querySelector('[data-testid="changes-error"]')?.textContent ?? ''));
  assert.match(await page.getByTestId('changes-error').textContent(), /last run's files \(.*“orders\.csv”.*\).*nothing was changed/);
  assert.equal(await page.getByTestId('drift-runs').textContent(), runs, 'the report stays');
  await page.getByTestId('nav-data').click();
  await page.getByTestId('data-page').waitFor();
  await data.waitIdle();
  await data.expectFiles(all);

  // the record of hashed ids stays in this browser: the exported workspace, opened, has none
  const ws = await new Workspaces(page).open();
  const file = await ws.export();
  await ws.import('Shared.persona-workspace', file.text);
  await page.waitForFunction(() => document.querySelector('[data-testid="workspace-name"]')?.textContent.trim() === 'Shared');
  await new ChangesPage(page).open();
  await page.getByTestId('drift-runs').waitFor();
  assert.equal(await changes.keepsIds(), false, 'no record came with the file');
  assert.deepEqual(errors, []);
});
