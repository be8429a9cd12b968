// The dashboard, its drill-down lists and downloads, the task scorecard and the roadmap book in a
// real browser on the demo data (issue 11): the bureau and a county officer land on the
// dashboard; its charts are drawn (canvas) and its numbers are the API's; changing the as-of date
// reloads the figures of that date; a number opens its list with the API's total; the list's CSV
// link downloads the whole list; the bureau records a task's status; the roadmap book prints one
// enterprise a page.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { apiSession, launchBrowser, openPage, screenshot, signIn, startServer } from './lib/harness.mjs';

const BUREAU = { login: 'city.dashboard', name: '李文', role: 'bureau', password: 'City-Dashboard-2026!x' };
const COUNTY = { login: 'weidu.dashboard', name: '张华', role: 'county', region: '411002', password: 'Weidu-Dashboard-2026!' };
const DESKTOP = { width: 1366, height: 900 };
// Each page here asks several reports; on a loaded 2-core machine one can take seconds.
const TIMEOUT = 30000;
const THIS_YEAR = Number(new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 4));

let server;
let browser;
let bureauApi;

before(async () => {
  server = await startServer({ users: [BUREAU, COUNTY] });
  browser = await launchBrowser();
  bureauApi = await apiSession(server.baseUrl, BUREAU.login, BUREAU.password);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage() {
  const page = await openPage(browser, DESKTOP);
  page.setDefaultTimeout(TIMEOUT);
  return page;
}

async function closePage(page) {
  assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
  await page.context().close();
}

const digits = (text) => Number(String(text).replace(/[^\d]/g, ''));
const cityActual = (progress, metric) => progress.metrics.find((m) => m.metric === metric).city.actual;

async function waitForCharts(page, ids) {
  for (const id of ids) await page.locator(`#${id} canvas`).first().waitFor();
}

describe('dashboard', () => {
  test('the bureau lands on the dashboard: charts drawn, numbers are the API\'s, as-of reloads', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, BUREAU);
    await page.waitForURL(/#\/dashboard$/);
    await page.locator('#progress-table').waitFor();
    await waitForCharts(page, ['chart-attainment', 'chart-ladder', 'chart-funnel', 'chart-trend']);

    const progress = (await bureauApi.get('/reports/progress')).body;
    const filed = cityActual(progress, 'tech_sme_filed');
    assert.ok(filed > 0, 'the demo data has filed tech SMEs');
    const row = page.locator('#progress-table tr[data-metric="tech_sme_filed"]');
    assert.equal(digits(await row.locator('[data-figure="actual"]').textContent()), filed);
    assert.equal(digits(await row.locator('[data-figure="new"]').textContent()), progress.metrics.find((m) => m.metric === 'tech_sme_filed').city.new_this_year);
    // The region table of the chosen metric: every region's actual as the API says.
    const metric = await page.inputValue('#f-metric');
    const m = progress.metrics.find((x) => x.metric === metric);
    for (const c of m.regions) {
      assert.equal(digits(await page.locator(`#region-table tr[data-region="${c.region}"] td`).first().textContent()), c.actual, c.region);
    }
    // The ladder pyramid's figures: holders per stage.
    const ladder = (await bureauApi.get('/reports/ladder')).body;
    for (const s of ladder.stages) {
      assert.equal(digits(await page.locator(`#ladder-figures li[data-stage="${s}"] a`).first().textContent()), ladder.city.holders[s], s);
    }
    assert.ok(await page.locator('#chart-trend canvas').count() > 0, 'the trend is drawn');
    // The county map: the six counties and districts drawn from the packaged boundaries, each
    // coloured by the value the API gives it; the functional zones named in the note instead.
    await waitForCharts(page, ['chart-map']);
    const drawn = Object.fromEntries((await page.getAttribute('#chart-map', 'data-counties')).split(',').map((x) => x.split(':')));
    const counties = ['411002', '411003', '411024', '411025', '411081', '411082'];
    assert.deepEqual(Object.keys(drawn).sort(), counties);
    const hasTargets = m.regions.some((c) => c.attainment !== null);
    for (const c of m.regions.filter((x) => counties.includes(x.region))) {
      const expected = hasTargets ? (c.attainment === null ? '' : String(Math.round(c.attainment * 1000) / 10)) : String(c.actual);
      assert.equal(drawn[c.region], expected, c.region);
    }
    const mapNote = await page.textContent('#map-note');
    for (const zone of ['许昌经济技术开发区', '东城区']) assert.ok(mapNote.includes(zone), `${zone} is named beside the map`);
    await screenshot(page, 'dashboard-bureau');

    // As of 31 Dec last year: the figures of that date.
    const lastYear = `${THIS_YEAR - 1}-12-31`;
    await page.fill('#f-as-of', lastYear);
    await page.click('#as-of-form button[type=submit]');
    await page.waitForURL(new RegExp(`as_of=${lastYear}`));
    await page.locator('h1', { hasText: `截至 ${lastYear}` }).waitFor();
    const past = (await bureauApi.get(`/reports/progress?as_of=${lastYear}`)).body;
    assert.equal(digits(await page.locator('#progress-table tr[data-metric="tech_sme_filed"] [data-figure="actual"]').textContent()),
      cityActual(past, 'tech_sme_filed'));
    await waitForCharts(page, ['chart-attainment', 'chart-ladder']);
    await closePage(page);
  });

  test('on a phone the dashboard and a list do not scroll sideways', async () => {
    const page = await openPage(browser, { width: 390, height: 844 });
    page.setDefaultTimeout(TIMEOUT);
    await signIn(page, server.baseUrl, COUNTY);
    await page.locator('#progress-table').waitFor();
    await waitForCharts(page, ['chart-attainment', 'chart-ladder', 'chart-funnel']);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok((await overflow()) <= 0, 'no sideways scrolling on the dashboard');
    await screenshot(page, 'dashboard-county-phone', { fullPage: true });
    await page.goto(`${server.baseUrl}/#/reports/drill-down?report=ladder&kind=holders&stage=tech_sme`);
    await page.locator('#drill-total').waitFor();
    assert.ok((await overflow()) <= 0, 'no sideways scrolling on a list');
    await closePage(page);
  });

  test('a number opens its list with the API\'s total, and the CSV link downloads all of it', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, BUREAU);
    await page.locator('#progress-table').waitFor();
    await page.click('#progress-table tr[data-metric="tech_sme_filed"] [data-figure="actual"] a');
    await page.waitForURL(/#\/reports\/drill-down\?/);
    await page.locator('#drill-total').waitFor();
    const list = (await bureauApi.get('/reports/drill-down?report=progress&metric=tech_sme_filed&measure=actual&limit=50')).body;
    assert.equal(digits(await page.locator('#drill-total b').textContent()), list.total);
    assert.equal(await page.locator('#drill-table tbody tr').count(), Math.min(50, list.total));
    assert.equal(await page.locator('#drill-table tbody tr').first().getAttribute('data-uscc'), list.items[0].uscc);
    if (list.next_cursor) {
      await page.click('#drill-next');
      await page.waitForURL(/cursor=50/);
      await page.locator('#drill-table tbody tr').first().waitFor();
      const second = (await bureauApi.get('/reports/drill-down?report=progress&metric=tech_sme_filed&measure=actual&limit=50&cursor=50')).body;
      assert.equal(await page.locator('#drill-table tbody tr').first().getAttribute('data-uscc'), second.items[0].uscc);
    }
    await screenshot(page, 'dashboard-drill-down');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[data-export="csv"]')]);
    assert.match(download.suggestedFilename(), /^明细_progress_tech_sme_filed_actual_\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile(await download.path(), 'utf8');
    assert.ok(text.startsWith('\uFEFF'), 'UTF-8 with BOM');
    const lines = text.trim().split('\r\n');
    assert.equal(lines.length, list.total + 1, 'the header and every row, not one page');
    assert.ok(lines[0].includes('统一社会信用代码'));
    await closePage(page);
  });

  test('a graph metric (platforms) shows its figure and opens its list of nodes', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, BUREAU);
    await page.locator('#progress-table').waitFor();
    const progress = (await bureauApi.get('/reports/progress')).body;
    const cell = page.locator('#progress-table tr[data-metric="municipal_platforms"] [data-figure="actual"]');
    assert.equal(digits(await cell.textContent()), cityActual(progress, 'municipal_platforms'));
    assert.ok(cityActual(progress, 'municipal_platforms') > 0, 'the demo graph has municipal platforms');
    await cell.locator('a').click();
    await page.waitForURL(/#\/reports\/drill-down\?/);
    await page.locator('#drill-total').waitFor();
    const list = (await bureauApi.get('/reports/drill-down?report=progress&metric=municipal_platforms&measure=actual&limit=50')).body;
    assert.equal(list.rows, 'graph_nodes');
    assert.equal(digits(await page.locator('#drill-total b').textContent()), list.total);
    assert.equal(await page.locator('#drill-table tbody tr').count(), Math.min(50, list.total));
    assert.equal(await page.locator('#drill-table tbody tr').first().getAttribute('data-node'), String(list.items[0].node_id));
    await page.locator('#drill-table tbody tr th a').first().click();
    await page.waitForURL(new RegExp(`#/graph/nodes/${list.items[0].node_id}`));
    await closePage(page);
  });

  test('a county officer lands on the dashboard; its lists hold its own county only', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, COUNTY);
    await page.waitForURL(/#\/dashboard$/);
    await page.locator('#progress-table').waitFor();
    await waitForCharts(page, ['chart-attainment']);
    const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
    const progress = (await county.get('/reports/progress')).body;
    // The same city figures as the bureau's.
    assert.equal(digits(await page.locator('#progress-table tr[data-metric="tech_sme_filed"] [data-figure="actual"]').textContent()),
      cityActual(progress, 'tech_sme_filed'));
    await page.click('#progress-table tr[data-metric="tech_sme_filed"] [data-figure="actual"] a');
    await page.locator('#drill-total').waitFor();
    const own = (await county.get('/reports/drill-down?report=progress&metric=tech_sme_filed&measure=actual')).body;
    const all = (await bureauApi.get('/reports/drill-down?report=progress&metric=tech_sme_filed&measure=actual')).body;
    assert.ok(own.total < all.total, 'a county sees fewer enterprises than the city');
    assert.equal(digits(await page.locator('#drill-total b').textContent()), own.total);
    for (const r of await page.locator('#drill-table tbody tr td:nth-child(4)').allTextContents()) assert.equal(r, '魏都区');
    await closePage(page);
  });

  test('the scorecard lists 55 tasks and the bureau records a task\'s status', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, BUREAU);
    await page.goto(`${server.baseUrl}/#/reports/scorecard`);
    await page.locator('#task-table').waitFor();
    assert.equal(await page.locator('#task-table tbody tr').count(), 55);
    const card = (await bureauApi.get('/reports/scorecard')).body;
    const task = card.tasks.find((t) => t.metrics.length === 0);
    const row = page.locator(`#task-table tr[data-task="${task.task}"]`);
    await row.locator('summary').click();
    await row.locator('select[id^="f-status"]').selectOption('in_progress');
    await row.locator('textarea').fill('已召开推进会，完成方案初稿');
    await row.locator('button[type=submit]').click();
    await page.locator('#flash', { hasText: '状态已保存' }).waitFor();
    await page.locator(`#task-table tr[data-task="${task.task}"][data-state="in_progress"]`).waitFor();
    assert.equal((await page.locator(`#task-table tr[data-task="${task.task}"] .task-state`).textContent()).trim(), '推进中');
    const history = (await bureauApi.get(`/reports/tasks/${task.task}/status`)).body.items;
    assert.equal(history[history.length - 1].note, '已召开推进会，完成方案初稿');
    await screenshot(page, 'dashboard-scorecard');
    await closePage(page);
  });

  test('the bureau splits a city target across the regions; the dashboard shows the split', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, BUREAU);
    await page.goto(`${server.baseUrl}/#/reports/targets?metric=hnte&period=2020-2022`);
    await page.locator('#split-form').waitFor();
    await page.fill('#f-split-411002', '120');
    await page.fill('#f-split-411082', '80');
    await page.locator('#split-sum', { hasText: '合计 200' }).waitFor();
    await page.click('#split-form button[type=submit]');
    await page.locator('#flash', { hasText: '目标分解已保存' }).waitFor();
    const targets = (await bureauApi.get('/reports/targets')).body;
    const split = targets.splits.filter((t) => t.metric === 'hnte' && t.period === '2020-2022');
    assert.equal(split.find((t) => t.region === '411002').value, 120);
    assert.equal(split.find((t) => t.region === '411082').value, 80);
    // As of the plan's last day, 魏都区's HNTE target is the split.
    await page.goto(`${server.baseUrl}/#/dashboard?as_of=2022-12-31&metric=hnte`);
    await page.locator('#region-table tr[data-region="411002"]').waitFor();
    assert.equal((await page.locator('#region-table tr[data-region="411002"] td').nth(1).textContent()).trim(), '120');
    await waitForCharts(page, ['chart-attainment']);
    await closePage(page);
  });

  test('the roadmap book: one enterprise a printed page, and its XLSX link', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, BUREAU);
    const members = (await bureauApi.get('/pools/hnte_reserve/members?limit=1')).body.items;
    assert.ok(members.length, 'the demo has HNTE reserve members');
    const year = members[0].target_year;
    await page.goto(`${server.baseUrl}/#/reports/roadmap-book?pool=hnte_reserve&target_year=${year}`);
    await page.locator('#book-count').waitFor();
    const book = (await bureauApi.get(`/reports/roadmap-book?pool=hnte_reserve&target_year=${year}`)).body;
    const usccs = new Set(book.tables.flatMap((t) => t.rows.map((r) => r[0])));
    assert.ok(usccs.size > 0);
    assert.equal(await page.locator('.book-member').count(), usccs.size);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.topbar').isVisible(), false, 'no navigation on paper');
    if (usccs.size > 1) {
      assert.equal(await page.locator('.book-member').first().evaluate((el) => getComputedStyle(el).breakAfter), 'page');
    }
    await screenshot(page, 'dashboard-roadmap-book-print');
    await page.emulateMedia({ media: 'screen' });
    const href = await page.locator('a[data-export="xlsx"]').getAttribute('href');
    assert.match(href, /format=xlsx/);
    const res = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, type: r.headers.get('Content-Type'), disposition: r.headers.get('Content-Disposition') };
    }, href);
    assert.equal(res.status, 200);
    assert.equal(res.type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(res.disposition, /filename\*=UTF-8''/);
    await closePage(page);
  });
});
