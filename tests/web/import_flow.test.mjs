// The whole import flow of 数据导入 in a real browser against the real server (issue 12 "UI"):
// drop an XLSX on the page → pick the workbook's other sheet on the preview → map an unrecognised
// column to its field and save the mapping → the dry run again → filter the report by an error →
// download the filtered rows → commit with the progress bar (another writer holds the database
// for a moment, so the bar shows the commit waiting, from the server's own counter) → the history
// and the saved mapping → revert. The register is checked through the API after each step.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { apiSession, launchBrowser, openPage, screenshot, signIn, startServer } from './lib/harness.mjs';
import { uscc } from './lib/uscc.mjs';
import { xlsxWorkbook } from './lib/xlsx.mjs';

const COUNTY = { login: 'flow.officer', name: '钱流程', role: 'county', region: '411002', password: 'Flow-Officer-2026!' };

// Holds the database's write lock from a second process (the sqlite3 shell) until release().
function holdWriteLock(db) {
  const shell = spawn('sqlite3', [db], { stdio: ['pipe', 'ignore', 'pipe'] });
  shell.stdin.write('BEGIN IMMEDIATE;\n');
  const ended = new Promise((resolve) => shell.once('exit', resolve));
  return {
    async release() {
      shell.stdin.end('ROLLBACK;\n.quit\n');
      await ended;
    },
  };
}

let server;
let browser;
let api;

// Signs the county officer in on a fresh page, writes the file, chooses it on 数据导入 and uploads it.
async function uploadOnPage(name, bytes) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'trellis-flow-'));
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  const page = await openPage(browser, { width: 1280, height: 900 });
  await signIn(page, server.baseUrl, COUNTY);
  await page.goto(`${server.baseUrl}/#/imports`);
  await page.locator('#import-form').waitFor();
  await page.setInputFiles('#import-file', file);
  await page.click('#import-upload');
  return page;
}

before(async () => {
  server = await startServer({ users: [COUNTY] });
  browser = await launchBrowser();
  api = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('数据导入：完整流程', () => {
  test('drop → sheet → mapping → dry run → filter → download → commit with progress → history → revert', async () => {
    const known = uscc('91411002MA4K7D001');
    const fresh = uscc('91411002MA4K7D002');
    const badDate = uscc('91411002MA4K7D003');
    const foreign = uscc('91411082MA4K7D004');
    const made = await api.post('/enterprises', { uscc: known, name: '许昌流程甲有限公司', region: '411002' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const workbook = xlsxWorkbook([
      { name: '去年名单', rows: [['统一社会信用代码', '企业名称', '所属县区'], [known, '许昌流程甲有限公司', '魏都区']] },
      {
        name: '本年名单',
        rows: [
          ['2026年企业名单'],
          ['统一社会信用代码', '企业名称', '所属县区', '办公地址', '成立日期', '备注'],
          [known, '许昌流程甲有限公司', '魏都区', '许昌市魏都区流程路1号', '2019-03-04', '甲'],
          [fresh, '许昌流程乙有限公司', '魏都区', '许昌市魏都区流程路2号', '2020-05-06', '乙'],
          [badDate, '许昌流程丙有限公司', '魏都区', '许昌市魏都区流程路3号', '不是日期', '丙'],
          [foreign, '长葛流程丁有限公司', '长葛市', '', '2021-01-01', '丁'],
        ],
      },
    ]);

    const page = await openPage(browser, { width: 1280, height: 900 });
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
    await signIn(page, server.baseUrl, COUNTY);
    await page.goto(`${server.baseUrl}/#/imports`);
    await page.locator('#import-drop').waitFor();

    // Drop the file on the zone, as a user drags it from the desktop.
    const dropped = await page.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], '县区企业名单.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
      return dt;
    }, workbook.toString('base64'));
    await page.dispatchEvent('#import-drop', 'drop', { dataTransfer: dropped });
    assert.match(await page.locator('#import-file-name').textContent(), /县区企业名单\.xlsx/);
    await page.click('#import-upload');

    // The first sheet was read; the preview offers the other.
    await page.locator('#import-preview').waitFor();
    assert.equal(await page.locator('[data-count=rows] .stat-value').textContent(), '1');
    assert.deepEqual(await page.locator('#import-preview-sheet option').evaluateAll((os) => os.map((o) => o.value)), ['去年名单', '本年名单']);
    await page.selectOption('#import-preview-sheet', '本年名单');
    await page.locator('#import-preview-meta', { hasText: '表头在第 2 行' }).waitFor();
    assert.equal(await page.locator('#import-preview-sheet').inputValue(), '本年名单');
    assert.equal(await page.locator('[data-count=rows] .stat-value').textContent(), '4');
    assert.equal(await page.locator('#import-preview-table tbody tr').count(), 4);
    // 办公地址 is no header of the config: 未识别; 企业名称 is the name.
    assert.equal(await page.locator('select[data-column="4"]').inputValue(), '');
    assert.equal(await page.locator('select[data-column="2"]').inputValue(), 'name');
    // Row 3 updates its 成立日期; its 办公地址 is not read yet.
    assert.match(await page.locator('tr[data-row="3"]').textContent(), /成立日期：（空） → 2019-03-04/);
    assert.doesNotMatch(await page.locator('tr[data-row="3"]').textContent(), /地址：/);
    await screenshot(page, 'import-flow-preview');

    // Map it to 地址, keep the mapping for this header, and check again.
    await page.selectOption('select[data-column="4"]', 'address');
    await page.check('#import-mapping-save');
    await page.click('#import-mapping-apply');
    await page.locator('#import-preview-meta', { hasText: '按您确认的对应' }).waitFor();
    assert.equal(await page.locator('select[data-column="4"]').inputValue(), 'address');
    assert.equal(await page.locator('[data-count=updated] .stat-value').textContent(), '1');
    assert.equal(await page.locator('[data-count=new] .stat-value').textContent(), '1');
    assert.equal(await page.locator('[data-count=refused] .stat-value').textContent(), '2');
    assert.match(await page.locator('tr[data-row="3"]').textContent(), /地址：（空） → 许昌市魏都区流程路1号/);
    assert.equal((await api.get(`/enterprises/${fresh}`)).status, 404, 'the dry run writes nothing');

    // Filter the report by one error, and download exactly those rows.
    const errors = await page.locator('#import-error-filter option').allTextContents();
    assert.ok(errors.some((t) => /成立日期：not_a_date（1 行）/.test(t)), errors.join(' | '));
    const notADate = await page.locator('#import-error-filter option', { hasText: 'not_a_date' }).getAttribute('value');
    await page.selectOption('#import-error-filter', notADate);
    await page.locator('#import-rows tbody tr[data-row="5"]').waitFor();
    assert.equal(await page.locator('#import-rows tbody tr').count(), 1);
    assert.match(await page.locator('#import-rows tbody tr').textContent(), /成立日期/);
    const href = await page.locator('#import-download-csv').getAttribute('href');
    assert.match(href, /code=not_a_date/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#import-download-xlsx')]);
    assert.match(download.suggestedFilename(), /^import-\d+-errors\.xlsx$/);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'trellis-flow-'));
    const saved = path.join(dir, download.suggestedFilename());
    await download.saveAs(saved);
    assert.equal((await readFile(saved)).subarray(0, 2).toString(), 'PK');
    const filteredCsv = await page.evaluate(async (u) => (await fetch(u)).text(), href);
    const lines = filteredCsv.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    assert.equal(lines.length, 2, filteredCsv);
    assert.match(lines[1], /^5,/);

    // Commit the rows that pass. Another writer holds the database first: the bar shows the
    // commit's own counter (0 of 4) while it waits, then the finished count.
    await page.selectOption('#import-error-filter', '');
    await page.locator('#import-rows tbody tr[data-row="3"]').waitFor();
    const lock = holdWriteLock(server.db);
    try {
      await page.check('#import-only-valid');
      await page.click('#import-commit');
      await page.locator('#import-progress-text', { hasText: '已处理 0 / 4 行' }).waitFor({ timeout: 4000 });
      assert.equal(await page.locator('#import-progress').getAttribute('max'), '4');
      await screenshot(page, 'import-flow-progress');
    } finally {
      await lock.release();
    }
    await page.locator('#import-revert').waitFor();
    assert.match(dialogs[0], /将写入 2 家企业/);
    assert.match(await page.locator('#import-meta').textContent(), /已提交/);
    assert.equal((await api.get(`/enterprises/${fresh}`)).body.address, '许昌市魏都区流程路2号');
    assert.equal((await api.get(`/enterprises/${known}`)).body.address, '许昌市魏都区流程路1号');

    // The history, and the saved mapping for this header.
    await page.click('a.back-link');
    await page.locator('#import-history tbody tr').first().waitFor();
    assert.match(await page.locator('#import-history tbody tr').first().textContent(), /县区企业名单\.xlsx.*已提交/);
    await page.locator('#import-mappings tbody tr').first().waitFor();
    assert.match(await page.locator('#import-mappings tbody tr').first().textContent(), /办公地址 → 地址/);
    const mappings = (await api.get('/imports/mappings?kind=enterprises')).body.items;
    assert.equal(mappings.length, 1);
    assert.equal(mappings[0].mapping['办公地址'], 'address');

    // Revert the batch from its page.
    await page.click('#import-history tbody tr a');
    await page.click('#import-revert');
    await page.locator('#import-meta').filter({ hasText: '已撤销' }).waitFor();
    assert.match(dialogs[1], /确认撤销/);
    assert.equal((await api.get(`/enterprises/${known}`)).body.address, '');
    assert.equal((await api.get(`/enterprises/${fresh}`)).body.archived, true);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a header the server cannot map: the preview on the upload page, the file sent again with the mapping', async () => {
    const code = uscc('91411002MA4K7D005');
    const page = await uploadOnPage('单位名录.csv', `统一社会信用代码,单位全称,所属县区\n${code},许昌映射页面有限公司,魏都区\n`);
    await page.locator('#import-preview').waitFor();
    assert.match(await page.locator('#import-upload-result').textContent(), /缺少必填列：企业名称/);
    assert.equal(await page.locator('select[data-column="2"]').inputValue(), '');
    await page.selectOption('select[data-column="2"]', 'name');
    await page.click('#import-mapping-apply');
    await page.locator('#import-counts').waitFor();
    assert.equal(await page.locator('[data-count=new] .stat-value').textContent(), '1');
    assert.match(await page.locator('#import-preview-meta').textContent(), /按您确认的对应/);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('an XLSX whose first sheet has no header: the upload page offers its sheets', async () => {
    const code = uscc('91411002MA4K7D006');
    const page = await uploadOnPage('两个工作表.xlsx', xlsxWorkbook([
      { name: '填表说明', rows: [['本表由县区填报，请勿修改表头']] },
      { name: '名单', rows: [['统一社会信用代码', '企业名称', '所属县区'], [code, '许昌工作表选择有限公司', '魏都区']] },
    ]));
    await page.locator('#import-sheet-pick').waitFor();
    assert.deepEqual(await page.locator('#import-sheet-pick option').evaluateAll((os) => os.map((o) => o.value)), ['填表说明', '名单']);
    await page.selectOption('#import-sheet-pick', '名单');
    await page.click('#import-sheet-retry');
    await page.locator('#import-counts').waitFor();
    assert.equal(await page.locator('[data-count=new] .stat-value').textContent(), '1');
    assert.equal(await page.locator('#import-preview-sheet').inputValue(), '名单');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});
