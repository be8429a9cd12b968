// 导出 on the pool member list and the problem board in a real browser (issue 12): the button
// downloads a CSV whose rows are exactly the rows on screen — for the board that is its default
// filter 未销号, which the server now applies itself (GET /api/v1/problems?status=not_closed), so
// the file and the board cannot disagree. And the 数据导入 page's template links download the
// XLSX templates.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { apiSession, launchBrowser, openPage, startServer } from './lib/harness.mjs';

const BUREAU = { login: 'export.bureau', name: '李芳', role: 'bureau', password: 'Export-Bureau-2026!' };
const LIAISON = { login: 'export.liaison', name: '赵晓燕', role: 'liaison', region: '411002', password: 'Export-Liaison-2026!' };
const AUDITOR = { login: 'export.auditor', name: '钱立新', role: 'auditor', password: 'Export-Auditor-2026!' };
const DESKTOP = { width: 1280, height: 860 };

let server;
let browser;

before(async () => {
  server = await startServer({ users: [BUREAU, LIAISON, AUDITOR], liaisonDemo: LIAISON.login });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function login(page, user = BUREAU) {
  await page.goto(`${server.baseUrl}/#/login`);
  await page.locator('#f-login').waitFor();
  await page.fill('#f-login', user.login);
  await page.fill('#f-password', user.password);
  await page.click('form.login-form button[type=submit]');
  await page.locator('#mainnav a').first().waitFor();
}

// The first column of every data row of a downloaded CSV (UTF-8 with BOM, CRLF).
async function firstColumn(download) {
  const text = await readFile(await download.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFF'), 'UTF-8 with BOM');
  return text.trim().split('\r\n').slice(1).map((line) => line.split(',')[0]);
}

// Every data row of a downloaded CSV as its cells (RFC 4180 quoting: a cell may hold commas,
// quotes and line breaks).
async function csvRows(download) {
  const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 1; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.slice(1);
}

describe('export buttons', () => {
  test('the problem board downloads the 未销号 problems it shows', async () => {
    const api = await apiSession(server.baseUrl, BUREAU.login, BUREAU.password);
    const closed = (await api.get('/problems?status=closed&limit=200')).body.items;
    assert.ok(closed.length > 0, 'the demo city has closed problems, so the default filter matters');
    const notClosed = (await api.get('/problems?status=not_closed&limit=200')).body.items;
    assert.ok(notClosed.length > 0);
    assert.ok(notClosed.every((p) => p.status !== 'closed'));

    const page = await openPage(browser, DESKTOP);
    await login(page);
    await page.goto(`${server.baseUrl}/#/problems`);
    await page.locator('.problem-card').first().waitFor();
    assert.equal(await page.inputValue('#f-status'), 'pending');
    const shown = await page.locator('.problem-card').evaluateAll((cards) => cards.map((c) => c.dataset.problemId));
    assert.equal(await page.locator('.problem-card[data-status="closed"]').count(), 0);
    assert.deepEqual([...shown].sort(), notClosed.map((p) => String(p.id)).sort());

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.equal(download.suggestedFilename(), '问题台账.csv');
    const ids = await firstColumn(download);
    assert.deepEqual([...ids].sort(), [...shown].sort(), 'the file holds exactly the problems on the board');
    await page.locator('.export-status', { hasText: '已导出 CSV' }).waitFor();

    // Under 全部状态 the export follows the screen: the closed ones are in both.
    await page.selectOption('#f-status', 'all');
    await page.locator('.problem-card[data-status="closed"]').first().waitFor();
    const all = await page.locator('.problem-card').evaluateAll((cards) => cards.map((c) => c.dataset.problemId));
    const [again] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.deepEqual([...(await firstColumn(again))].sort(), [...all].sort());
    assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
    await page.context().close();
  });

  test('a pool page downloads the members it lists, with its filters', async () => {
    const api = await apiSession(server.baseUrl, BUREAU.login, BUREAU.password);
    const pools = (await api.get('/pools')).body.items.filter((p) => p.open_members > 0);
    assert.ok(pools.length > 0, 'the demo city has pool members');
    const pool = pools[0].id;

    const page = await openPage(browser, DESKTOP);
    await login(page);
    await page.goto(`${server.baseUrl}/#/pools/${pool}?region=411002`);
    await page.locator('#members li.member').first().waitFor();
    const shown = await page.locator('#members li.member').evaluateAll((rows) => rows.map((r) => r.dataset.uscc));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.match(download.suggestedFilename(), /成员\.csv$/);
    const codes = await firstColumn(download);
    assert.deepEqual([...codes].sort(), [...shown].sort(), 'the file holds exactly the members on screen');
    const everyone = (await api.get(`/pools/${pool}/members?limit=200`)).body.items;
    assert.ok(everyone.some((m) => m.region !== '411002'), 'the region filter left members out of both');
    assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
    await page.context().close();
  });

  test('到期节点 downloads one pool\'s due milestones, with its filters', async () => {
    const api = await apiSession(server.baseUrl, BUREAU.login, BUREAU.password);
    const pools = (await api.get('/pools')).body.items.filter((p) => p.open_members > 0);
    const dueBefore = new Date(Date.now() + 400 * 86400000).toISOString().slice(0, 10);
    let pool = null;
    let listed = [];
    for (const p of pools) {
      listed = [];
      let cursor = null;
      do {
        const page = (await api.get(`/pools/${p.id}/milestones?due_before=${dueBefore}&limit=200${cursor ? `&cursor=${cursor}` : ''}`)).body;
        listed.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      if (listed.length > 0) { pool = p.id; break; }
    }
    assert.ok(pool, 'the demo city has due milestones in some pool');

    const page = await openPage(browser, DESKTOP);
    await login(page);
    await page.goto(`${server.baseUrl}/#/milestones?due_before=${dueBefore}`);
    await page.locator('#milestones-export-hint').waitFor();
    assert.equal(await page.locator('#export-csv').count(), 0, 'no export without a pool: the API lists one pool');
    await page.goto(`${server.baseUrl}/#/milestones?pool=${pool}&due_before=${dueBefore}`);
    await page.locator('li.due-ms').first().waitFor({ state: 'attached' });  // in closed county groups
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.match(download.suggestedFilename(), /到期节点\.csv$/);
    const rows = await csvRows(download);
    const key = (uscc, title, due) => `${uscc}|${title}|${due}`;
    assert.deepEqual(rows.map((r) => key(r[0], r[6], r[7])).sort(),
      listed.map((m) => key(m.member.uscc, m.title, m.due_on)).sort(), 'the file holds exactly the listed milestones');
    const overdue = listed.filter((m) => m.status === 'overdue').length;
    assert.equal(rows.filter((r) => r[8] === '已逾期').length, overdue, 'overdue as the list decides it');
    assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
    await page.context().close();
  });

  test('the 数据导入 page links the XLSX template of each kind', async () => {
    const page = await openPage(browser, DESKTOP);
    await login(page);
    await page.goto(`${server.baseUrl}/#/imports`);
    await page.locator('#import-templates a').first().waitFor();
    assert.deepEqual(await page.locator('#import-templates a').evaluateAll((links) => links.map((a) => a.dataset.kind)),
      ['enterprises', 'designations', 'indicators', 'pool_members', 'contacts', 'liaison_assignments', 'targets', 'graph_nodes']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#import-templates a[data-kind="designations"]')]);
    assert.equal(download.suggestedFilename(), '认定名单导入模板.xlsx');
    const bytes = await readFile(await download.path());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX (zip) file');
    assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
    await page.context().close();
  });

  test('联络统计 downloads the contact log of its scope and period', async () => {
    const api = await apiSession(server.baseUrl, BUREAU.login, BUREAU.password);
    const page = await openPage(browser, DESKTOP);
    await login(page);
    await page.goto(`${server.baseUrl}/#/liaison/metrics?region=411002`);
    await page.locator('#contact-log-export #export-csv').waitFor();
    const from = await page.inputValue('#f-from');
    const to = await page.inputValue('#f-to');
    const listed = [];
    for (let cursor = null, i = 0; i < 50; i += 1) {
      const r = (await api.get(`/contacts?region=411002&from=${from}&to=${to}&limit=200${cursor ? `&cursor=${cursor}` : ''}`)).body;
      listed.push(...r.items.map((c) => String(c.id)));
      cursor = r.next_cursor;
      if (!cursor) break;
    }
    assert.ok(listed.length > 0, 'the liaison demo logged contacts in the period');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#contact-log-export #export-csv')]);
    assert.equal(download.suggestedFilename(), `走访台账_${from}_${to}.csv`);
    assert.deepEqual(await firstColumn(download), listed, 'the file holds the period\'s contacts, newest first');
    assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
    await page.context().close();
  });

  test('the node list and the audit page download what they list', async () => {
    const page = await openPage(browser, DESKTOP);
    await login(page);
    await page.goto(`${server.baseUrl}/#/graph/nodes?kind=platform`);
    await page.locator('#graph-node-items li').first().waitFor();
    const api = await apiSession(server.baseUrl, BUREAU.login, BUREAU.password);
    const platforms = (await api.get('/graph/nodes?kind=platform&limit=500')).body.items.map((n) => String(n.id));
    const [nodes] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.equal(nodes.suggestedFilename(), '创新资源名录.csv');
    assert.deepEqual(await firstColumn(nodes), platforms);
    await page.context().close();

    const audit = await openPage(browser, DESKTOP);
    await login(audit, AUDITOR);
    await audit.goto(`${server.baseUrl}/#/audit?user=${BUREAU.login}`);
    await audit.locator('#audit-table tbody tr').first().waitFor();
    const shown = await audit.locator('#audit-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.seq));
    const [rows] = await Promise.all([audit.waitForEvent('download'), audit.click('#export-xlsx')]);
    assert.equal(rows.suggestedFilename(), '审计日志.xlsx');
    const bytes = await readFile(await rows.path());
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX (zip) file');
    const [csv] = await Promise.all([audit.waitForEvent('download'), audit.click('#export-csv')]);
    const seqs = await firstColumn(csv);
    assert.ok(seqs.length >= shown.length);
    assert.deepEqual(seqs.slice(0, shown.length), shown, 'oldest first, as the page lists them');
    assert.deepEqual(audit.problems, [], 'no script errors or CSP violations');
    await audit.context().close();
  });
});
