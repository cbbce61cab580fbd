// Page objects: the tests say what a user does; the selectors live here (data-testid hooks).
import assert from 'node:assert/strict';

export class DataPage {
  constructor(page, base) { this.page = page; this.base = base; }

  async open(fragment = '#/data') {
    await this.page.goto(this.base + fragment);
    await this.page.getByTestId('data-page').waitFor();
    return this;
  }

  async importFiles(paths) {
    await this.page.getByTestId('file-input').setInputFiles(paths);
    await this.waitIdle();
  }

  async importBuffers(files) {
    await this.page.getByTestId('file-input').setInputFiles(files);
    await this.waitIdle();
  }

  async trySample() {
    await this.page.getByTestId('sample-button').click();
    await this.waitIdle();
  }

  /** Waits until no import is running (the progress panel is gone) and its cards are drawn. */
  async waitIdle(timeout = 60_000) {
    await this.page.waitForFunction(
      () => !document.querySelector('[data-testid="progress"]') && !document.documentElement.hasAttribute('data-drawing'),
      null,
      { timeout },
    );
  }

  card(name) { return this.page.locator(`[data-testid="file-card"][data-file="${name}"]`); }
  async fileNames() { return this.page.getByTestId('file-card').evaluateAll((els) => els.map((e) => e.dataset.file)); }
  async kind(name) { return (await this.card(name).getByTestId('file-kind').textContent()).trim(); }
  async facts(name) { return this.card(name).getByTestId('file-facts').textContent(); }
  async dialect(name) { return this.card(name).getByTestId('file-dialect').textContent(); }
  async warnings(name) { return this.card(name).getByTestId('file-warning').allTextContents(); }
  async problemSummary(name) { return (await this.card(name).getByTestId('problems').locator('h3').textContent()).trim(); }
  async problemLines(name) {
    return (await this.card(name).getByTestId('problem-row').locator('td:first-child').allTextContents()).map(Number);
  }
  row(name, column) { return this.card(name).locator(`[data-testid="column-row"][data-column="${column}"]`); }
  async role(name, column) { return this.row(name, column).getByTestId('role-select').inputValue(); }
  async type(name, column) { return this.row(name, column).getByTestId('type-select').inputValue(); }
  async setRole(name, column, role) {
    await this.row(name, column).getByTestId('role-select').selectOption(role);
    await this.page.waitForFunction(
      ([n, c, r]) => document.querySelector(`[data-file="${n}"] [data-column="${c}"] [data-testid="role-select"]`)?.value === r,
      [name, column, role],
    );
  }
  async errors() { return this.page.getByTestId('file-errors').allTextContents(); }
  async links() { return this.page.getByTestId('link').allTextContents(); }
  async notes() { return this.page.getByTestId('note').allTextContents(); }
  /** Waits until a link line says `pattern` (a file read again links when it has been read). */
  async waitForLink(pattern, timeout = 20_000) {
    await this.page.waitForFunction(
      (source) => [...document.querySelectorAll('[data-testid="link"]')].some((l) => new RegExp(source).test(l.textContent)),
      pattern.source,
      { timeout },
    );
  }
  async checks() { return this.page.getByTestId('check').allTextContents(); }
  async reason(name, column) { return (await this.row(name, column).locator('.reason').textContent()).trim(); }
  async removeAll() {
    await this.page.getByTestId('clear-button').click();
    await this.page.waitForFunction(() => document.querySelectorAll('[data-testid="file-card"]').length === 0);
  }
  async expectFiles(names) { assert.deepEqual((await this.fileNames()).sort(), [...names].sort()); }
  async columnRows(name) { return this.card(name).getByTestId('column-row').count(); }
  async showMoreColumns(name) {
    const before = await this.columnRows(name);
    await this.card(name).getByTestId('more-columns').click();
    await this.page.waitForFunction(
      ([n, b]) => document.querySelectorAll(`[data-file="${n}"] [data-testid="column-row"]`).length > b,
      [name, before],
    );
    await this.waitIdle();
  }
  /** The picker with the keyboard focus: its testid and column index. */
  async focused() {
    return this.page.evaluate(() => ({ testid: document.activeElement?.dataset?.testid ?? null, index: document.activeElement?.dataset?.index ?? null }));
  }
  async moreColumnsLabel(name) { return (await this.card(name).getByTestId('more-columns').textContent()).trim(); }
  /** The example values shown for a column. */
  async values(name, column) { return (await this.row(name, column).textContent()).trim(); }
  async hasHistogram(name, column) { return (await this.row(name, column).locator('svg[aria-label^="Histogram of"]').count()) > 0; }
}

export class SegmentsPage {
  constructor(page) { this.page = page; }

  async open() {
    await this.page.getByTestId('nav-segments').click();
    await this.page.getByTestId('segments-page').waitFor();
    return this;
  }

  async isEmpty() { return this.page.getByTestId('segments-empty').isVisible(); }
  async chooseK(k) { await this.page.getByTestId('k-select').selectOption(String(k)); }
  async setMinSize(v) { await this.page.getByTestId('min-size').fill(String(v)); }
  /** What the form shows: the number of segments ('auto' or a number) and the smallest size. */
  async k() { return this.page.getByTestId('k-select').inputValue(); }
  async minSize() { return this.page.getByTestId('min-size').inputValue(); }
  async analysisDate() { return this.page.getByTestId('analysis-date').inputValue(); }
  async setFeature(key, on) { await this.page.getByTestId(`feature-${key}`).setChecked(on); }
  async featureChecked(key) { return this.page.getByTestId(`feature-${key}`).isChecked(); }
  /** The feature's label as shown beside its checkbox, with its note. */
  async featureLabel(key) { return (await this.page.getByTestId(`feature-${key}`).locator('xpath=..').textContent()).trim(); }

  /** Runs the segmentation and waits for its result (or its error). */
  async run(timeout = 60_000) {
    // the button says it is busy while the run goes on: watched from before the click, so
    // that a run whose results read as the last ones (the same settings again) is seen to end
    await this.page.evaluate(() => {
      const b = document.querySelector('[data-testid="run-segments"]');
      window.__segmentRun?.watch.disconnect();
      const run = { busy: false };
      run.watch = new MutationObserver(() => {
        if (b.getAttribute('aria-disabled') === 'true') run.busy = true;
      });
      run.watch.observe(b, { attributes: true, attributeFilter: ['aria-disabled'] });
      window.__segmentRun = run;
    });
    await this.page.getByTestId('run-segments').click();
    await this.page.waitForFunction(
      () => {
        const busy = document.querySelector('[data-testid="segment-progress"]');
        const s = document.querySelector('[data-testid="segment-summary"]');
        const err = document.querySelector('[data-testid="segment-error"], .segments-page [role="alert"]');
        const drawn = !document.documentElement.hasAttribute('data-drawing');
        const ended = window.__segmentRun.busy && document.querySelector('[data-testid="run-segments"]').getAttribute('aria-disabled') === 'false';
        return !busy && drawn && (err || (s && ended));
      },
      null,
      { timeout },
    );
  }

  /** Downloads the segments as SQL for an engine ('standard' or 'spark'): the file's name and text. */
  async downloadSql(dialect = 'standard') {
    await this.page.getByTestId('sql-dialect').selectOption(dialect);
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('download-sql').click()]);
    const fs = await import('node:fs');
    return { name: download.suggestedFilename(), text: fs.readFileSync(await download.path(), 'utf8') };
  }
  /** Asks for the SQL and returns why it cannot be written. */
  async sqlRefusal() {
    await this.page.getByTestId('download-sql').click();
    return (await this.page.getByTestId('sql-error').textContent()).trim();
  }
  async summary() { return (await this.page.getByTestId('segment-summary').textContent({ timeout: 1000 })).trim(); }
  async alert() { return (await this.page.locator('.segments-page [role="alert"]').first().textContent()).trim(); }
  /** What the data has that the segments could not use ("Product category mix is left out: ..."). */
  async leftOut() { return this.page.getByTestId('left-out').allTextContents(); }
  async hasFeature(key) { return (await this.page.getByTestId(`feature-${key}`).count()) > 0; }
  cards() { return this.page.getByTestId('segment-card'); }
  async cardCount() { return this.cards().count(); }
  /** Each segment card's lines of what sets it apart. */
  async distinctions() {
    return this.cards().evaluateAll((cards) => cards.map((c) =>
      [...c.querySelectorAll('ul.distinctions > li')].map((li) => li.textContent.trim())));
  }
  async names() { return this.page.getByTestId('segment-name').evaluateAll((els) => els.map((e) => e.value)); }
  /** Names segment i (0-based) as a user does, typing and leaving with Tab; waits until the
   * page is drawn again with the name. */
  async rename(i, name) {
    const box = this.page.getByTestId('segment-name').nth(i);
    await box.evaluate((e) => { e.__before = true; });
    await box.fill(name);
    await box.press('Tab');
    await this.page.waitForFunction((i) => !document.querySelectorAll('[data-testid="segment-name"]')[i].__before, i);
  }
  /** The data's own label of each segment the user named ("" where it is not named). */
  async dataLabels() {
    return this.cards().evaluateAll((cards) => cards.map((c) =>
      (c.querySelector('[data-testid="data-label"]')?.textContent ?? '').replace(/^From the data: /, '')));
  }
  /** The rows of a chart's data table (by its test id), each as its cells' texts. */
  async chartRows(testid) {
    return this.page.getByTestId(testid).locator('tbody tr').evaluateAll((rows) =>
      rows.map((r) => [...r.children].map((c) => c.textContent.trim())));
  }
  /** The RFM table's rows, each as its cells' texts. */
  async rfmRows() {
    return this.page.getByTestId('rfm-table').locator('tbody tr').evaluateAll((rows) =>
      rows.map((r) => [...r.children].map((c) => c.textContent.trim())));
  }
  async rfmSegments() {
    return this.page.getByTestId('rfm-table').locator('tbody tr > :first-child').allTextContents();
  }
  async openRfmSettings() { await this.page.getByTestId('rfm-settings').locator('summary').click(); }
  async setAnalysisDate(d) { await this.page.getByTestId('analysis-date').fill(d); }
  /** Custom cut points, typed: `{ recency, frequency, monetary }`, each a text of four numbers. */
  async setCuts(cuts) {
    const box = this.page.getByTestId('custom-cuts');
    if (!(await box.isChecked())) await box.check();
    for (const [k, v] of Object.entries(cuts)) await this.page.getByTestId(`cuts-${k}`).fill(v);
  }
  /** The RFM grid's data table: customers per R x F cell, row by row. */
  async rfmGrid() {
    return this.page.getByTestId('chart-rfm').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent));
  }
  rule(name) { return this.page.getByTestId('rule').filter({ has: this.page.locator(`input[value="${name}"]`) }); }
  async removeRule(name) {
    const rows = this.page.getByTestId('rule');
    const names = await this.page.getByTestId('rule-name').evaluateAll((els) => els.map((e) => e.value));
    await rows.nth(names.indexOf(name)).getByTestId('remove-rule').click();
  }
  async addRule() { await this.page.getByTestId('add-rule').click(); }
  async setLastRule(rFrom, rTo, fFrom, fTo) {
    const row = this.page.getByTestId('rule').last();
    const selects = row.locator('select');
    for (const [i, v] of [rFrom, rTo, fFrom, fTo].entries()) await selects.nth(i).selectOption(String(v));
  }
  async rulesMessage() {
    const el = this.page.locator('[data-testid="rules-error"], [data-testid="rules-uncovered"], [data-testid="rules-ok"]');
    return { id: await el.getAttribute('data-testid'), text: (await el.textContent()).trim() };
  }
  async isStale() { return this.page.getByTestId('segments-stale').isVisible(); }
  async kReason() { return (await this.page.getByTestId('k-reason').textContent()).trim(); }
  async rfmCollapsed() { return this.page.getByTestId('rfm-collapsed').allTextContents(); }
  async checks() { return this.page.getByTestId('segment-check').allTextContents(); }
  async rfmNote() { return (await this.page.getByTestId('rfm').locator('p.muted').first().textContent()).trim(); }
  /** Why there is no RFM, when there is none. */
  async noRfmNote() { return (await this.page.getByTestId('rfm-note').textContent()).trim(); }
  async chartIds() {
    return this.page.locator('figure.chart').evaluateAll((els) => els.filter((e) => e.querySelector('svg')).map((e) => e.dataset.testid));
  }
}

export class PersonasPage {
  constructor(page) { this.page = page; }

  async open() {
    await this.page.getByTestId('nav-personas').click();
    await this.page.getByTestId('personas-page').waitFor();
    return this;
  }

  cards() { return this.page.getByTestId('persona-list').getByTestId('persona-card'); }
  async names() { return this.cards().evaluateAll((els) => els.map((e) => e.dataset.name)); }
  /** Each card's line on where its persona comes from, in the list's order. */
  async origins() { return this.cards().locator('.persona-card-body > p.muted').allTextContents(); }
  async waitForCount(n) {
    await this.page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="persona-list"] [data-testid="persona-card"]').length === n, n);
  }
  card(name) { return this.page.locator(`[data-testid="persona-card"][data-name="${name}"]`); }
  async act(name, action) { await this.card(name).locator(`[data-action="${action}"]`).click(); }
  async openPersona(name) {
    await this.card(name).getByTestId('persona-link').click();
    return new PersonaDoc(this.page).ready();
  }
  async add() {
    await this.page.getByTestId('add-persona').click();
    return new PersonaDoc(this.page).ready();
  }
  async archivedCount() {
    const text = await this.page.getByTestId('archived').locator('summary').textContent();
    return Number(/\((\d+)\)/.exec(text)[1]);
  }
  async undo() { await this.page.getByTestId('undo-delete').click(); }
}

export class PersonaDoc {
  constructor(page) { this.page = page; }

  async ready() { await this.page.getByTestId('persona-doc').waitFor(); return this; }
  async name() { return (await this.page.getByTestId('field-name').locator('h1').textContent()).trim(); }
  async fieldEdited(key) { return (await this.page.getByTestId(`field-${key}`).getAttribute('data-edited')) === 'true'; }
  async listItems(key) { return this.page.getByTestId(`list-${key}`).locator('.statement-text').allTextContents(); }
  async figures() { return this.page.getByTestId('persona-doc').getByTestId('figure').allTextContents(); }
  async facts() { return (await this.page.getByTestId('persona-facts').textContent()).trim(); }
  async chartIds() {
    return this.page.locator('.doc-aside figure.chart').evaluateAll((els) => els.filter((e) => e.querySelector('svg')).map((e) => e.dataset.testid));
  }
  async faceSvg() { return this.page.getByTestId('avatar').innerHTML(); }
  async edit() {
    await this.page.getByTestId('edit-toggle').click();
    await this.page.getByTestId('edit-form').waitFor();
  }
  async done() {
    await this.page.getByTestId('edit-toggle').click();
    await this.page.locator('.doc-view').waitFor();
  }
  /** Types into a field's box and leaves it (the change is saved when the box loses focus). */
  async setField(key, value) {
    const box = this.page.getByTestId(`field-${key}`).getByTestId('field-input');
    await box.fill(value);
    await box.press('Tab');
    await this.page.waitForFunction((k) => document.querySelector(`[data-testid="field-${k}"]`)?.dataset.edited === 'true', key);
  }
  async revert(key) {
    await this.page.getByTestId(`field-${key}`).getByTestId('field-revert').click();
    await this.page.waitForFunction((k) => document.querySelector(`[data-testid="field-${k}"]`)?.dataset.edited === 'false', key);
  }
  async back() { await this.page.getByRole('link', { name: '← All personas' }).click(); }
}

/** The workspace controls: the save state in the top bar and the Workspaces page. */
export class Workspaces {
  constructor(page) { this.page = page; }

  async open() {
    await this.page.getByTestId('nav-workspaces').click();
    await this.page.getByTestId('workspaces-page').waitFor();
    return this;
  }

  async saveState() { return this.page.getByTestId('save-state').getAttribute('data-state'); }
  async saveText() { return (await this.page.getByTestId('save-state').textContent()).trim(); }
  /** Waits until the top bar says every change is saved. */
  async waitSaved() {
    await this.page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.textContent.trim() === 'All changes saved');
  }
  /** The stored workspaces' texts, to wait for a change to be stored ([`waitStoredSince`]). */
  async stored() {
    return this.page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('/workspace/'))
      .map((k) => localStorage.getItem(k)).sort().join('\n'));
  }
  /** Waits until the stored workspaces differ from `before` and the page says all is saved:
   * "All changes saved" alone may still speak of the save before a change the worker has not
   * answered yet. */
  async waitStoredSince(before) {
    await this.page.waitForFunction((before) => Object.keys(localStorage).filter((k) => k.includes('/workspace/'))
      .map((k) => localStorage.getItem(k)).sort().join('\n') !== before, before);
    await this.waitSaved();
  }
  async problem() { return (await this.page.getByTestId('save-problem').textContent()).trim(); }
  async current() { return (await this.page.getByTestId('workspace-name').textContent()).trim(); }
  rows() { return this.page.getByTestId('workspace-row'); }
  async names() { return this.page.getByTestId('workspace-rename').evaluateAll((els) => els.map((e) => e.value)); }
  row(name) { return this.page.locator('[data-testid="workspace-row"]').filter({ has: this.page.locator(`input[value="${name}"]`) }); }
  async create() {
    const n = await this.rows().count();
    await this.page.getByTestId('new-workspace').click();
    await this.page.waitForFunction((n) => document.querySelectorAll('[data-testid="workspace-row"]').length === n + 1, n);
  }
  async rename(from, to) {
    const box = this.row(from).getByTestId('workspace-rename');
    await box.fill(to);
    await box.press('Tab');
    await this.page.waitForFunction((to) => [...document.querySelectorAll('[data-testid="workspace-rename"]')].some((e) => e.value === to), to);
  }
  async act(name, action) { await this.row(name).getByTestId(`workspace-${action}`).click(); }
  async undo() { await this.page.getByTestId('undo-workspace').click(); }
  /** Exports the open workspace; returns the file's name and text. */
  async export(testid = 'export-current') {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(testid).click()]);
    const fs = await import('node:fs');
    return { name: download.suggestedFilename(), text: fs.readFileSync(await download.path(), 'utf8') };
  }
  async import(name, text) {
    await this.page.getByTestId('import-workspace').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  }
}

/** A persona's share link, and a link opened. */
export class Share {
  constructor(page) { this.page = page; }

  /** On a persona's document: makes its link and returns the whole URL. */
  async link() {
    await this.page.getByTestId('share').click();
    await this.page.getByTestId('share-url').waitFor();
    return this.page.getByTestId('share-url').inputValue();
  }
  /** Opens a link; resolves when it shows a persona or an error. */
  async open(url) {
    await this.page.goto(url);
    await this.page.locator('[data-testid="share-page"] [data-testid="persona-doc"], [data-testid="link-error"]').first().waitFor();
  }
  async error() {
    return (await this.page.getByTestId('link-error').count()) ? (await this.page.getByTestId('link-error').textContent()).trim() : null;
  }
  async save() { await this.page.getByTestId('save-shared').click(); }
}

/** The Journeys page: stages, mapping, funnel settings, the funnel side by side, journey maps. */
export class JourneysPage {
  constructor(page) { this.page = page; }

  async open() {
    await this.page.getByTestId('nav-journeys').click();
    await this.page.getByTestId('journeys-page').waitFor();
    await this.settled();
    return this;
  }

  /** Waits until the worker has drawn the page after the last change (and its charts). */
  async settled(timeout = 60_000) {
    await this.page.waitForFunction(
      () => {
        const busy = document.querySelector('[data-testid="journey-progress"]');
        const drawn = document.querySelector('.journeys-page [data-testid="journey-setup"]');
        return drawn && (!busy || busy.hidden) && !document.documentElement.hasAttribute('data-drawing');
      },
      null,
      { timeout },
    );
  }

  /** Does something that redraws the page, and waits for the redraw. */
  async redraw(act) {
    await this.page.evaluate(() => { document.querySelector('[data-testid="journey-setup"]').dataset.old = '1'; });
    await act();
    await this.page.waitForFunction(() => !document.querySelector('[data-testid="journey-setup"]')?.dataset.old);
    await this.settled();
  }

  async stages() { return this.page.getByTestId('stage-list').locator('input[type=text]').evaluateAll((els) => els.map((e) => e.value)); }
  /** The funnel's stages (those with events). */
  async funnelStages() { return this.page.getByTestId('funnel-table').locator('tbody th').allTextContents(); }
  async groups() { return this.page.getByTestId('funnel-table').locator('thead th').evaluateAll((els) => els.slice(1).map((e) => e.textContent)); }
  /** Customers reaching each stage, per group: { group: [n, ...] }. */
  async counts() {
    return this.page.getByTestId('funnel-table').evaluate((t) => {
      const out = {};
      for (const row of t.querySelectorAll('tbody tr')) {
        for (const td of row.querySelectorAll('td')) {
          const n = Number(td.querySelector('[data-testid="funnel-count"]').textContent.replace(/,/g, ''));
          (out[td.dataset.group] ??= []).push(n);
        }
      }
      return out;
    });
  }
  async summary() { return (await this.page.getByTestId('journey-summary').textContent()).trim(); }
  /** Customers the summary says reached the conversion stage only after the window (0: none said). */
  async afterWindow() {
    const m = (await this.summary()).match(/([\d,]+) more reached .+ only after the .+-day conversion window/);
    return m ? Number(m[1].replace(/,/g, '')) : 0;
  }
  async error() {
    const e = this.page.getByTestId('journey-error');
    return (await e.isVisible()) ? (await e.textContent()).trim() : null;
  }
  async note() {
    return (await this.page.getByTestId('journey-note').count()) ? (await this.page.getByTestId('journey-note').textContent()).trim() : null;
  }
  async renameStage(i, name) {
    await this.redraw(async () => {
      const box = this.page.locator(`#stage-name-${i}`);
      await box.fill(name);
      await box.press('Enter');
    });
  }
  async addStage(name) {
    await this.redraw(async () => {
      await this.page.getByTestId('new-stage').fill(name);
      await this.page.getByTestId('new-stage').press('Enter');
    });
  }
  async moveStage(i, up) { await this.redraw(() => this.page.locator(`#stage-${up ? 'up' : 'down'}-${i}`).click()); }
  async mapType(type, stageLabel) {
    await this.redraw(() => this.page.getByTestId('event-mapping').locator(`select[data-type="${type}"]`).selectOption({ label: stageLabel }));
  }
  /** The first column of the "what goes with reaching …" table: "Event: …", "Channel: …". */
  async associations() {
    const table = this.page.getByTestId('associations');
    return (await table.count()) ? table.locator('tbody tr th, tbody tr td:first-child').allTextContents() : [];
  }
  async stageOf(type) {
    return this.page.getByTestId('event-mapping').locator(`select[data-type="${type}"]`).evaluate((s) => s.selectedOptions[0].textContent);
  }
  async setMode(value) { await this.redraw(() => this.page.getByTestId('order-mode').selectOption(value)); }
  async setWindow(days) {
    await this.redraw(async () => {
      await this.page.getByTestId('window-days').fill(String(days));
      await this.page.getByTestId('window-days').press('Enter');
    });
  }
  async groupBy(value) { await this.redraw(() => this.page.getByTestId('group-by').selectOption(value)); }
  /** Ticks exactly these personas for the journey map. */
  async compare(names) {
    const boxes = this.page.getByTestId('compare').locator('label');
    const all = await boxes.allTextContents();
    for (const [i, label] of all.entries()) {
      const want = names.includes(label.trim());
      const box = boxes.nth(i).locator('input');
      if ((await box.isChecked()) !== want) await this.redraw(() => box.setChecked(want));
    }
  }
  /** The journey map's entries of one field: [{ persona, stage, text }]. */
  async map(field) {
    return this.page.getByTestId('journey-map').evaluate((t, field) => {
      const stages = [...t.querySelectorAll('thead th')].slice(1).map((e) => e.textContent);
      const row = t.querySelector(`tr[data-field="${field}"]`);
      const out = [];
      [...row.querySelectorAll('td')].forEach((td, s) => {
        for (const e of td.querySelectorAll('.map-entry')) {
          const c = e.querySelector('textarea, select');
          out.push({ persona: e.dataset.persona, stage: stages[s], text: c.value, edited: !!e.querySelector('.edited-badge') });
        }
      });
      return out;
    }, field);
  }
  mapControl(persona, stage, field) {
    return this.page.getByLabel(`${field} of ${persona} at ${stage}`, { exact: true });
  }
  async editMap(persona, stage, field, value) {
    const c = this.mapControl(persona, stage, field);
    await this.redraw(async () => {
      if (field === 'Emotion') await c.selectOption(value);
      else {
        await c.fill(value);
        await c.press('Tab');
      }
    });
  }
  async chartTable(testid) {
    return this.page.getByTestId(testid).locator('table').evaluate((t) => [...t.querySelectorAll('tr')].map((r) => [...r.children].map((c) => c.textContent)));
  }
}

/** The Activation page: content plans, incentives, the personalisation export. */
export class ActivationPage {
  constructor(page) { this.page = page; }

  async open() {
    await this.page.getByTestId('nav-activation').click();
    await this.page.getByTestId('activation-page').waitFor();
    await this.page.locator('.activation-page .worker-html h2').first().waitFor();
    // the events are read the first time (the plan goes by their stages)
    await this.page.waitForFunction(() => document.querySelector('.activation-page [data-testid="journey-progress"]')?.hidden);
    return this;
  }
  plan(persona) { return this.page.locator(`[data-testid="content-plan"][data-persona="${persona}"]`); }
  async planStages(persona) { return this.plan(persona).locator('thead th').evaluateAll((els) => els.slice(1).map((e) => e.textContent)); }
  cell(persona, stage, label) { return this.page.getByLabel(`${label} for ${persona} at ${stage}`, { exact: true }); }
  async edit(control, value) {
    // the page's HTML is drawn anew after an edit: wait for a new first heading
    await this.page.evaluate(() => { document.querySelector('.activation-page .worker-html > h2').dataset.old = '1'; });
    await control.fill(value);
    await control.press('Tab');
    await this.page.waitForFunction(() => !document.querySelector('.activation-page .worker-html > h2')?.dataset.old);
  }
  async incentives() {
    return this.page.getByTestId('incentives').evaluateAll((els) => els.map((e) => ({
      segment: e.querySelector('h3').textContent,
      offers: [...e.querySelectorAll('li')].map((li) => ({ offer: li.querySelector('textarea')?.value, why: li.querySelector('.evidence')?.textContent })),
    })));
  }
  /** Downloads the personalisation CSV: its name and bytes. */
  async exportCsv() {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('export-personalisation').click()]);
    const fs = await import('node:fs');
    return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
  }
}

/** RFC 4180 CSV: rows of cells (quoted cells may hold commas, quotes and line breaks). */
export function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** Refresh with new data (on the Data and Changes pages) and the Changes page. */
export class ChangesPage {
  constructor(page) { this.page = page; }

  async open() {
    await this.page.getByTestId('nav-changes').click();
    await this.page.getByTestId('changes-page').waitFor();
    return this;
  }
  async lastRun() { return (await this.page.getByTestId('last-run').first().textContent()).trim(); }
  async keepIds(on) {
    await this.page.getByTestId('keep-ids').first().setChecked(on);
    await this.page.waitForFunction((on) => document.querySelector('[data-testid="keep-ids"]')?.checked === on, on);
  }
  async keepsIds() { return this.page.getByTestId('keep-ids').first().isChecked(); }
  /** Picks next month's files and waits for the report of what changed. */
  async refresh(paths, timeout = 90_000) {
    const before = await this.page.getByTestId('drift-runs').count() ? await this.page.getByTestId('drift-runs').textContent() : null;
    await this.page.getByTestId('refresh-input').first().setInputFiles(paths);
    await this.page.getByTestId('changes-page').waitFor();
    await this.page.waitForFunction((prev) => {
      const runs = document.querySelector('[data-testid="drift-runs"]');
      return runs && runs.textContent !== prev && !document.querySelector('[data-testid="progress"]') && !document.documentElement.hasAttribute('data-drawing')
        && document.querySelector('[data-testid="changes-progress"]')?.hidden;
    }, before, { timeout });
  }
  async headlines() { return this.page.getByTestId('drift-headline').allTextContents(); }
  async basis() { return (await this.page.getByTestId('drift-basis').textContent()).trim(); }
  /** The flows chart's data table: header and rows of cells. */
  async flows() {
    await this.page.getByTestId('chart-flows').waitFor();
    return this.page.getByTestId('chart-flows').locator('table tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())));
  }
}

/** A persona's versions, its contradicted edits and the comparison of two versions. */
export class PersonaHistory {
  constructor(page) { this.page = page; }

  async versions() { return this.page.getByTestId('version').evaluateAll((els) => els.map((e) => Number(e.dataset.number))); }
  async flags() { return this.page.getByTestId('flag').allTextContents(); }
  async keepFlag(i = 0) {
    const n = await this.page.getByTestId('flag').count();
    await this.page.getByTestId('flag-keep').nth(i).click();
    await this.page.waitForFunction((n) => document.querySelectorAll('[data-testid="flag"]').length === n - 1, n);
  }
  /** Compares version `from` with `to` (0: now); returns the changed fields' keys and cells. */
  async compare(from, to) {
    await this.page.getByTestId('diff-from').selectOption(String(from));
    await this.page.getByTestId('diff-to').selectOption(String(to));
    await this.page.getByTestId('diff-show').click();
    await this.page.locator('[data-testid="diff-result"] [data-testid="diff"], [data-testid="diff-result"] [data-testid="diff-none"]').waitFor();
    return this.page.getByTestId('diff-row').evaluateAll((rows) => rows.map((r) => ({ field: r.dataset.field, cells: [...r.children].map((c) => c.textContent.trim()) })));
  }
  async restore(n) {
    await this.page.locator(`[data-testid="version"][data-number="${n}"] [data-testid="restore-version"]`).click();
  }
}
