// 数据导入 in a real browser against the real server (issue 12): a county officer picks a CSV,
// uploads it, reads the dry-run report and filters the refused rows, commits only the rows that
// pass (after the confirmation), finds the batch in the history, and reverts it; the register is
// checked through the API after each step.

import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { apiSession, launchBrowser, openPage, screenshot, signIn, startServer } from './lib/harness.mjs';
import { uscc } from './lib/uscc.mjs';

const COUNTY = { login: 'import.officer', name: '赵导入', role: 'county', region: '411002', password: 'Import-Officer-2026!' };

let server;
let browser;
let api;

before(async () => {
  server = await startServer({ users: [COUNTY] });
  browser = await launchBrowser();
  api = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('数据导入', () => {
  test('upload, read the report, commit the good rows, see the history, revert', async () => {
    const known = uscc('91411002MA4K7C001');
    const fresh = uscc('91411002MA4K7C002');
    const foreign = uscc('91411082MA4K7C003');
    const made = await api.post('/enterprises', { uscc: known, name: '许昌浏览器导入甲有限公司', region: '411002' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const csv = '统一社会信用代码,企业名称,所属县区,地址\n'
      + `${known},许昌浏览器导入甲有限公司,魏都区,许昌市魏都区浏览器路1号\n`
      + `${fresh},许昌浏览器导入乙有限公司,魏都区,许昌市魏都区浏览器路2号\n`
      + `${foreign},长葛浏览器导入丙有限公司,长葛市,\n`;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'trellis-import-'));
    const file = path.join(dir, '企业名单.csv');
    await writeFile(file, csv);

    const page = await openPage(browser, { width: 1280, height: 860 });
    await signIn(page, server.baseUrl, COUNTY);
    await page.click('#mainnav a[href="#/imports"]');
    await page.locator('#import-form').waitFor();
    await page.setInputFiles('#import-file', file);
    await page.click('#import-upload');
    await page.locator('#import-counts').waitFor();
    assert.equal(await page.locator('[data-count=rows] .stat-value').textContent(), '3');
    assert.equal(await page.locator('[data-count=new] .stat-value').textContent(), '1');
    assert.equal(await page.locator('[data-count=updated] .stat-value').textContent(), '1');
    assert.equal(await page.locator('[data-count=refused] .stat-value').textContent(), '1');
    assert.match(await page.locator('tr[data-row="2"]').textContent(), /地址：（空） → 许昌市魏都区浏览器路1号/);
    await screenshot(page, 'imports-report');

    await page.selectOption('#import-row-filter', 'refused');
    await page.locator('#import-rows tbody tr[data-status=refused]').waitFor();
    assert.equal(await page.locator('#import-rows tbody tr').count(), 1);
    assert.match(await page.locator('#import-rows tbody tr').textContent(), /region_out_of_scope/);
    // Nothing written by the dry run.
    assert.equal((await api.get(`/enterprises/${fresh}`)).status, 404);

    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
    await page.check('#import-only-valid');
    await page.click('#import-commit');
    await page.locator('#import-revert').waitFor();
    assert.match(dialogs[0], /将写入 2 家企业/);
    assert.match(await page.locator('#import-meta').textContent(), /已提交/);
    assert.equal((await api.get(`/enterprises/${fresh}`)).status, 200);
    assert.equal((await api.get(`/enterprises/${known}`)).body.address, '许昌市魏都区浏览器路1号');

    await page.click('a.back-link');
    await page.locator('#import-history tbody tr').first().waitFor();
    assert.match(await page.locator('#import-history tbody tr').first().textContent(), /企业名单\.csv.*已提交/);
    await page.click('#import-history tbody tr a');
    await page.click('#import-revert');
    await page.locator('#import-meta').filter({ hasText: '已撤销' }).waitFor();
    assert.match(dialogs[1], /确认撤销/);
    assert.equal((await api.get(`/enterprises/${known}`)).body.address, '');
    assert.equal((await api.get(`/enterprises/${fresh}`)).body.archived, true);
    await page.setViewportSize({ width: 390, height: 844 });
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(sideways, false, 'the batch page does not scroll sideways on a phone');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('the indicators kind: picked on the page, the diff names the field, the money in the header unit', async () => {
    const code = uscc('91411002MA4K7C005');
    const year = new Date().getFullYear() - 1;
    const made = await api.post('/enterprises', { uscc: code, name: '许昌浏览器导入指标有限公司', region: '411002' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const put = await api.put(`/enterprises/${code}/indicators/${year}`, { revenue: 5000000 });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'trellis-import-'));
    const file = path.join(dir, '年度指标.csv');
    await writeFile(file, `统一社会信用代码,年度,营业收入（万元）\n${code},${year},612.5\n`);

    const page = await openPage(browser, { width: 1280, height: 860 });
    await signIn(page, server.baseUrl, COUNTY);
    await page.goto(`${server.baseUrl}/#/imports`);
    await page.locator('#import-form').waitFor();
    const kinds = await page.locator('#import-kind option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(kinds, ['enterprises', 'designations', 'indicators', 'pool_members', 'contacts', 'liaison_assignments', 'targets', 'graph_nodes']);
    assert.equal(await page.locator('#import-templates a[data-kind=indicators]').getAttribute('href'), '/api/v1/imports/templates/indicators');
    await page.selectOption('#import-kind', 'indicators');
    await page.setInputFiles('#import-file', file);
    await page.click('#import-upload');
    await page.locator('#import-counts').waitFor();
    assert.equal(await page.locator('[data-count=updated] .stat-value').textContent(), '1');
    assert.match(await page.locator('tr[data-row="2"]').textContent(), /营业收入（元）：5000000 → 6125000/);
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
    await page.click('#import-commit');
    await page.locator('#import-revert').waitFor();
    assert.match(dialogs[0], /将写入 1 条年度指标/);
    assert.equal((await api.get(`/enterprises/${code}/indicators/${year}`)).body.revenue, 6125000);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
