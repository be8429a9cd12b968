// Issue 13 in a real browser: each role lands on its own home page (the liaison officer on 我的企业,
// the administrator on 用户管理, the auditor on 审计日志); the administrator creates, edits, resets
// and disables accounts (and a refused create says why); the auditor filters the trail and verifies
// the chain; the evaluation says 不符合 apart from 待补数据 in words, never internal keys; a pool
// member leaves its pool (退库) with its reason; on a phone every navigation item is on screen.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiSession, launchBrowser, openPage, screenshot, signIn, startServer } from './lib/harness.mjs';

const ADMIN = { login: 'city.admin', name: '陈静', role: 'admin', password: 'City-Admin-2026!x' };
const AUDITOR = { login: 'city.auditor', name: '审计员', role: 'auditor', password: 'City-Auditor-2026!x' };
const COUNTY = { login: 'weidu.screens', name: '刘海峰', role: 'county', region: '411002', password: 'Weidu-Screens-2026!' };
const LIAISON = { login: 'weidu.officer', name: '周敏', role: 'liaison', region: '411002', password: 'Weidu-Officer-2026!' };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 768 };

let server;
let browser;

before(async () => {
  server = await startServer({ users: [ADMIN, AUDITOR, COUNTY, LIAISON] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const login = (page, user) => signIn(page, server.baseUrl, user);

async function closePage(page) {
  assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
  await page.context().close();
}

const hashPath = (page) => page.evaluate(() => window.location.hash.replace(/\?.*$/, ''));

describe('screens by role (issue 13)', () => {
  test("the liaison officer's own 联络统计 shows its own figures, not the region's", async () => {
    const page = await openPage(browser, PHONE);
    await login(page, LIAISON);
    await page.locator('#today-summary').waitFor();
    await page.tap('#mainnav a:has-text("联络统计")');
    await page.locator('#metric-cards').waitFor();
    assert.match(await page.textContent('h1'), /联络服务统计 · 我负责的企业/);
    assert.equal(await page.locator('#metric-cards .metric-card').count(), 5, 'every figure but coverage');
    assert.equal(await page.locator('#officer-metrics').count(), 0, 'no colleagues\' rows');
    const officer = await apiSession(server.baseUrl, LIAISON.login, LIAISON.password);
    const { body } = await officer.get('/liaison/metrics');
    assert.equal(await page.textContent('.metric-card[data-metric="problems_raised"] .metric-value'), String(body.totals.problems_raised));
    await screenshot(page, 'screens-liaison-metrics-phone');
    await closePage(page);
  });

  test('the liaison officer lands on 我的企业 and sees every navigation item on the phone', async () => {
    const page = await openPage(browser, PHONE);
    await login(page, LIAISON);
    await page.locator('#today-summary').waitFor();
    assert.equal(await hashPath(page), '#/liaison');
    assert.equal(await page.getAttribute('#mainnav a[aria-current="page"]', 'href'), '#/liaison');
    const links = page.locator('#mainnav a');
    assert.ok((await links.count()) >= 4, 'the liaison officer has several navigation items');
    for (let i = 0; i < await links.count(); i += 1) {
      const box = await links.nth(i).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `navigation item ${i + 1} is on screen (${JSON.stringify(box)})`);
    }
    await screenshot(page, 'screens-liaison-home-phone');
    await closePage(page);
  });

  test('a county officer on a phone reaches every navigation item, the last one included', async () => {
    const page = await openPage(browser, PHONE);
    await login(page, COUNTY);
    const links = page.locator('#mainnav a');
    const n = await links.count();
    assert.ok(n >= 5);
    const last = await links.nth(n - 1).boundingBox();
    assert.ok(last.x + last.width <= PHONE.width, 'the last item is not cut off');
    await links.nth(n - 1).tap();
    await page.waitForFunction((href) => window.location.hash.startsWith(href), await links.nth(n - 1).getAttribute('href'));
    await screenshot(page, 'screens-county-nav-phone');
    await closePage(page);
  });

  test('the administrator lands on 用户管理 and creates, edits, resets and disables an account', async () => {
    const page = await openPage(browser, DESKTOP);
    await login(page, ADMIN);
    await page.locator('#user-list .user-item').first().waitFor();
    assert.equal(await hashPath(page), '#/users');
    assert.ok(await page.locator(`#user-list .user-item[data-login="${COUNTY.login}"]`).count() === 1);
    assert.equal(await page.textContent(`#user-list .user-item[data-login="${COUNTY.login}"] .user-role`), '县区科技部门');

    // Refused: the login already exists; the form says so and nothing is created.
    await page.click('#new-user');
    await page.fill('#f-new-login', LIAISON.login);
    await page.fill('#f-new-name', '重复账号');
    await page.selectOption('#f-new-role', 'liaison');
    await page.selectOption('#f-new-region', '411002');
    await page.fill('#f-new-password', 'Another-Strong-2026!');
    await page.click('#confirm-create-user');
    await page.locator('#user-create .field-error, #users-status .notice-error').first().waitFor();
    const admin = await apiSession(server.baseUrl, ADMIN.login, ADMIN.password);
    assert.equal((await admin.get(`/users/${LIAISON.login}`)).body.display_name, LIAISON.name, 'the existing user is unchanged');

    // Created.
    await page.fill('#f-new-login', 'xuchang.newbie');
    await page.fill('#f-new-name', '李新');
    await page.fill('#f-new-password', 'Newbie-Strong-2026!');
    await page.click('#confirm-create-user');
    const item = page.locator('#user-list .user-item[data-login="xuchang.newbie"]');
    await item.waitFor();
    assert.match(await page.textContent('#users-status'), /已创建账号：李新/);
    await apiSession(server.baseUrl, 'xuchang.newbie', 'Newbie-Strong-2026!');

    // Role and region changed, password reset.
    await item.locator('summary').click();
    await page.selectOption('#f-role-xuchang_newbie', 'county');
    await page.selectOption('#f-region-xuchang_newbie', '411002');
    await page.fill('#f-password-xuchang_newbie', 'Newbie-Reset-2026!!');
    await item.locator('.user-save').click();
    await page.locator('#users-status', { hasText: '已保存并重置密码：李新' }).waitFor();
    let u = (await admin.get('/users/xuchang.newbie')).body;
    assert.equal(u.role, 'county');
    assert.equal(u.region_scope, '411002');
    await apiSession(server.baseUrl, 'xuchang.newbie', 'Newbie-Reset-2026!!');

    // Disabled: the account can no longer sign in.
    const again = page.locator('#user-list .user-item[data-login="xuchang.newbie"]');
    await again.locator('summary').click();
    await again.locator('.user-toggle').click();
    await page.locator('#users-status', { hasText: '已停用：李新' }).waitFor();
    assert.equal(await page.getAttribute('#user-list .user-item[data-login="xuchang.newbie"]', 'data-active'), 'false');
    u = (await admin.get('/users/xuchang.newbie')).body;
    assert.equal(u.active, false);
    await assert.rejects(apiSession(server.baseUrl, 'xuchang.newbie', 'Newbie-Reset-2026!!'));

    // Refused: the only administrator cannot disable itself; the page says why, nothing changes.
    const self = page.locator(`#user-list .user-item[data-login="${ADMIN.login}"]`);
    await self.locator('summary').click();
    await self.locator('.user-toggle').click();
    await page.locator('#users-status', { hasText: '最后一位启用的系统管理员' }).waitFor();
    assert.equal((await admin.get(`/users/${ADMIN.login}`)).body.active, true, 'the last administrator stays active');
    await screenshot(page, 'screens-users-desktop');
    await closePage(page);
  });

  test('the auditor lands on 审计日志, filters by user and verifies the chain', async () => {
    const page = await openPage(browser, DESKTOP);
    await login(page, AUDITOR);
    await page.locator('#audit-table').waitFor();
    assert.equal(await hashPath(page), '#/audit');
    // The display name is the role's label: said once, not "审计员 审计员 · 全市".
    const header = (await page.innerText('#userbox')).replace(/\s+/g, ' ');
    assert.equal((header.match(/审计员/g) || []).length, 1, header);

    // Actions and object types in Chinese: no internal key such as enterprise.update on screen.
    await page.locator('#audit-end, #audit-more').first().waitFor();
    const actions = await page.locator('#audit-table tbody td.audit-action').allTextContents();
    assert.ok(actions.length >= 5, `the trail has rows (${actions.length})`);
    for (const a of actions) assert.doesNotMatch(a, /[a-z_]+\.[a-z_]+/, `an action reads as a key: ${a}`);
    await page.selectOption('#f-object-type', 'user');
    await page.click('#audit-filters button[type=submit]');
    await page.waitForFunction(() => window.location.hash.includes('object_type=user'));
    // The filtered table, not the previous one still on screen: its first row is a user's.
    await page.waitForFunction(() => {
      const first = document.querySelector('#audit-table tbody .audit-object-type');
      return first && first.textContent === '用户' && document.querySelector('#audit-end, #audit-more');
    });
    const types = await page.locator('#audit-table tbody .audit-object-type').allTextContents();
    assert.ok(types.length >= 1 && types.every((t) => t === '用户'), types.join(','));

    await page.click('#audit-verify');
    await page.locator('#audit-verify-result[data-ok="true"]').waitFor();
    assert.match(await page.textContent('#audit-verify-result'), /审计链完整：已校验 [\d,]+ 条记录/);
    assert.match(await page.textContent('#audit-head-hash'), /^[0-9a-f]{16,}$/);

    await page.fill('#f-user', AUDITOR.login);
    await page.click('#audit-filters button[type=submit]');
    await page.waitForFunction(() => window.location.hash.includes('user='));
    await page.locator('#audit-end, #audit-more').first().waitFor();
    const rows = page.locator('#audit-table tbody tr');
    assert.ok((await rows.count()) >= 1, 'the auditor\'s own sign-in is in the trail');
    // The actor by name (the login only in the tooltip, for the auditor to search by).
    for (let i = 0; i < await rows.count(); i += 1) {
      const cell = rows.nth(i).locator('td').nth(1);
      assert.match(await cell.textContent(), new RegExp(`^${AUDITOR.name}`));
      assert.ok(!(await cell.textContent()).includes(AUDITOR.login));
      assert.equal(await cell.getAttribute('title'), AUDITOR.login);
    }
    await page.goto(`${server.baseUrl}/#/audit?user=system`);
    await page.locator('#audit-table tbody tr').first().waitFor();
    assert.equal(await page.locator('#audit-table tbody tr').first().locator('td').nth(1).textContent(), '系统', 'the system is 系统, no internal role key');

    // Refused: a malformed date says so instead of showing an empty trail.
    await page.goto(`${server.baseUrl}/#/audit?from=2026-13-40`);
    await page.locator('.notice-error', { hasText: '查询条件有误' }).waitFor();
    await screenshot(page, 'screens-audit-desktop');
    await closePage(page);
  });

  test('the administrator\'s and the auditor\'s screens fit a phone without sideways scrolling', async () => {
    for (const [user, ready, name] of [[ADMIN, '#user-list .user-item', 'users'], [AUDITOR, '#audit-table', 'audit']]) {
      const page = await openPage(browser, PHONE);
      await login(page, user);
      await page.locator(ready).first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name}: no sideways scrolling (${overflow}px)`);
      await screenshot(page, `screens-${name}-phone`);
      await closePage(page);
    }
  });

  test('people are named, not their logins: the contact log and the indicators say who', async () => {
    const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
    const target = (await county.get('/enterprises?region=411002&limit=3')).body.items[2];
    assert.equal((await county.put(`/enterprises/${target.uscc}/liaison`, { officer: LIAISON.login })).status, 200);
    const liaison = await apiSession(server.baseUrl, LIAISON.login, LIAISON.password);
    const logged = await liaison.post(`/enterprises/${target.uscc}/contacts`, { mode: 'phone', summary: '电话了解研发投入情况', flag: 'green' });
    assert.equal(logged.status, 201, JSON.stringify(logged.body));
    const year = new Date().getUTCFullYear() - 1;
    assert.equal((await county.put(`/enterprises/${target.uscc}/indicators/${year}`, { revenue: 10000000, employees: 40 })).status, 200);

    const page = await openPage(browser, DESKTOP);
    await login(page, COUNTY);
    await page.goto(`${server.baseUrl}/#/enterprises/${target.uscc}`);
    const item = page.locator('#contact-list li').first();
    await item.waitFor();
    const text = await page.textContent('#section-liaison');
    assert.match(text, new RegExp(`${LIAISON.name} · 记录于`));
    assert.ok(!text.includes(LIAISON.login), `no login on screen: ${text}`);

    await page.goto(`${server.baseUrl}/#/enterprises/${target.uscc}/indicators/${year}`);
    await page.locator('text=更新').first().waitFor();
    const body = await page.textContent('#app');
    assert.match(body, new RegExp(`${COUNTY.name} 更新`));
    assert.ok(!body.includes(COUNTY.login), 'no login on the indicators page');
    await closePage(page);
  });

  test('the evaluation separates 不符合 from 待补数据 and names data in Chinese; 退库 takes its reason', async () => {
    const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
    const members = (await county.get('/pools/hnte_reserve/members?limit=100')).body.items.filter((m) => m.region === '411002' && !m.exited_on);
    assert.ok(members.length, 'the demo data has HNTE reserve members in 魏都区');
    const member = members[0];
    const page = await openPage(browser, DESKTOP);
    await login(page, COUNTY);
    await page.goto(`${server.baseUrl}/#/enterprises/${member.uscc}`);
    await page.locator('#evaluation-overall').waitFor();
    const overall = await page.textContent('#evaluation-overall');
    assert.doesNotMatch(overall, /差 \d+ 项/, 'missing data is not counted as a gap');
    const statuses = await page.locator('#evaluation-criteria .criterion').evaluateAll((els) => els.map((e) => e.dataset.status));
    if (statuses.some((s) => s === 'fail' || s === 'unknown')) assert.match(await page.textContent('#evaluation-gaps'), /项(不符合|待补数据)/);
    const missing = await page.locator('.criterion-missing').allTextContents();
    for (const line of missing) assert.doesNotMatch(line, /[a-z_]+\.[a-z_]+|[a-z]{3,}/, `no internal key: ${line}`);
    const values = await page.locator('.criterion-value').allTextContents();
    for (const v of values) assert.doesNotMatch(v, /^\d{4,}天$/, `an age reads in years: ${v}`);

    const block = page.locator(`#section-roadmap .membership[data-member-id="${member.id}"]`);
    await block.locator(`#exit-member-${member.id}`).click();
    await block.locator(`#confirm-exit-${member.id}`).click();
    await block.locator('.field-error', { hasText: '请选择退库原因' }).waitFor();
    assert.equal((await county.get(`/pools/hnte_reserve/members/${member.id}`)).body.exited_on, null, 'refused: still a member');
    await page.selectOption(`#f-exit-reason-${member.id}`, 'moved_away');
    await block.locator(`#confirm-exit-${member.id}`).click();
    await page.locator('#roadmap-status', { hasText: '：迁出本市' }).waitFor();
    assert.match(await page.textContent('#section-roadmap'), /曾在库：.*迁出本市/);
    const after = (await county.get(`/pools/hnte_reserve/members/${member.id}`)).body;
    assert.ok(after.exited_on, 'the member left the pool');
    assert.equal(after.exit_reason, 'moved_away');
    await screenshot(page, 'screens-exit-desktop');
    await closePage(page);
  });
});
