// One-to-one liaison in a real browser at a phone-sized viewport (issue 5): a liaison officer logs
// a visit with a problem from "我的企业" in a few taps; the county officer sees the problem on its
// board, resolves it and closes it (销号) with the enterprise's satisfaction; the metrics move.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiSession, launchBrowser, openPage, screenshot, startServer } from './lib/harness.mjs';

const COUNTY = { login: 'weidu.county', name: '王建国', role: 'county', region: '411002', password: 'Weidu-County-2026!' };
const LIAISON = { login: 'weidu.liaison', name: '赵晓燕', role: 'liaison', region: '411002', password: 'Weidu-Liaison-2026!' };
const PHONE = { width: 390, height: 844 };

let server;
let browser;
let target;  // the enterprise assigned to the liaison officer

before(async () => {
  server = await startServer({ users: [COUNTY, LIAISON] });
  browser = await launchBrowser();
  const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
  const { body } = await county.get('/enterprises?region=411002&limit=2');
  target = body.items[1];
  const assigned = await county.put(`/enterprises/${target.uscc}/liaison`, { officer: LIAISON.login });
  assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function newPhonePage() {
  return openPage(browser, PHONE);
}

async function login(page, user) {
  await page.goto(`${server.baseUrl}/#/login`);
  await page.locator('#f-login').waitFor();
  await page.fill('#f-login', user.login);
  await page.fill('#f-password', user.password);
  await page.tap('form.login-form button[type=submit]');
  await page.locator('#mainnav a').first().waitFor();
}

async function closePage(page) {
  assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
  await page.context().close();
}

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('liaison (phone)', () => {
  let problemId;
  let metricsBefore;

  test('a liaison officer logs a visit with a problem from 我的企业', async () => {
    const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
    metricsBefore = (await county.get('/liaison/metrics')).body.totals;

    const page = await newPhonePage();
    await login(page, LIAISON);
    await page.tap('#mainnav a:has-text("我的企业")');
    // Just assigned and never contacted: not due yet (the cadence counts from the assignment), so it
    // is listed among the officer's enterprises, each with its own 记录 button.
    await page.locator('#today-summary').waitFor();
    const card = page.locator(`#assigned .mine-item[data-uscc="${target.uscc}"]`);
    await card.waitFor();
    assert.equal(await card.locator('.mine-name').textContent(), target.name);
    assert.equal(await page.locator('#assigned .mine-item').count(), 1, 'only the assigned enterprise is listed');
    assert.ok((await overflow(page)) <= 0, 'no sideways scrolling on 我的企业');
    await screenshot(page, 'liaison-queue-phone');

    // The quick log: from the tap on 记录走访 to saved, only the summary and the problem are typed.
    const started = Date.now();
    await card.locator('.mine-log').tap();
    await page.locator('#contact-form').waitFor();
    assert.equal(await page.textContent('.page-sub'), target.name);
    assert.ok(await page.isChecked('#f-mode-on_site'), 'on site is the default mode');
    assert.ok(await page.isChecked('#f-flag-green'), 'green is the default flag');
    const form = await page.locator('#contact-form').boundingBox();
    assert.ok(form.width <= PHONE.width, 'the form fits the width');
    // Nothing typed yet: the summary is asked for beside its field, without a round trip.
    await page.tap('#save-contact');
    await page.locator('.field[data-field="summary"] .field-error:not([hidden])').waitFor();

    await page.tap('label[for="f-mode-phone"]');
    await page.fill('#f-summary', '电话回访：二季度订单增长，新产线投产在即，流动资金偏紧。');
    await page.tap('label[for="f-flag-amber"]');
    await page.tap('#add-problem');
    await page.selectOption('.problem-block select[id$="-category"]', 'funding');
    assert.equal(await page.inputValue('.problem-block select[id$="-owner_unit"]'), 'czj', 'the owner unit follows the category');
    await page.fill('.problem-block textarea', '新产线需要流动资金贷款300万元，缺少抵押物');
    await screenshot(page, 'liaison-contact-form-phone', { fullPage: true });
    await page.tap('#save-contact');
    await page.locator('#flash', { hasText: '已记录联系，并登记 1 条诉求' }).waitFor();
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 30000, `the quick log took ${elapsed} ms`);
    assert.match(page.url(), /#\/liaison$/);
    await page.locator('#today-summary').waitFor();
    assert.equal(await page.locator(`#due-today .due-card[data-uscc="${target.uscc}"]`).count(), 0, 'logged today: not due');
    await screenshot(page, 'liaison-after-log-phone');

    // The contact and its problem are in the server as sent.
    const liaison = await apiSession(server.baseUrl, LIAISON.login, LIAISON.password);
    const { body } = await liaison.get(`/enterprises/${target.uscc}/contacts`);
    const c = body.items[0];
    assert.equal(c.mode, 'phone');
    assert.equal(c.flag, 'amber');
    assert.equal(c.officer, LIAISON.login);
    assert.equal(c.problems.length, 1);
    assert.equal(c.problems[0].category, 'funding');
    assert.equal(c.problems[0].owner_unit, 'czj');
    assert.equal(c.problems[0].status, 'open');
    problemId = c.problems[0].id;
    await closePage(page);
  });

  test('the county sees it on its problem board, resolves it and closes it with a satisfaction score', async () => {
    assert.ok(problemId, 'the previous test logged a problem');
    const page = await newPhonePage();
    await login(page, COUNTY);
    await page.tap('#mainnav a:has-text("问题台账")');
    const card = page.locator(`.problem-card[data-problem-id="${problemId}"]`);
    await card.waitFor();
    // Under its owner unit, open, with its deadline.
    const group = page.locator('.board-group', { has: card });
    assert.equal(await group.getAttribute('data-owner-unit'), 'czj');
    assert.equal(await group.locator('h2').textContent(), '市财政局');
    assert.equal(await card.getAttribute('data-status'), 'open');
    assert.match(await card.textContent(), /新产线需要流动资金贷款300万元/);
    assert.match(await card.textContent(), /期限 \d{4}-\d{2}-\d{2} · 还有 30 天/);
    assert.ok((await overflow(page)) <= 0, 'no sideways scrolling on the board');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'problem-board-phone');

    // Resolving needs a word on how.
    await card.locator('button[data-action="resolved"]').tap();
    await card.locator('.confirm-resolve').tap();
    await card.locator('.card-status .field-error', { hasText: '请填写解决情况' }).waitFor();
    await card.locator('textarea').fill('已对接许昌银行科技贷，授信300万元');
    await card.locator('.confirm-resolve').tap();
    const resolved = page.locator(`.problem-card[data-problem-id="${problemId}"][data-status="resolved"]`);
    await resolved.waitFor();
    assert.match(await resolved.textContent(), /解决情况：已对接许昌银行科技贷/);

    // 销号 with the enterprise's satisfaction, 1–5.
    await resolved.locator('button[data-action="closed"]').tap();
    await resolved.locator('.confirm-close').tap();
    await resolved.locator('.card-status .field-error', { hasText: '请选择企业满意度' }).waitFor();
    await resolved.locator(`label[for="satisfaction-${problemId}-5"]`).tap();
    await screenshot(page, 'problem-close-phone');
    await resolved.locator('.confirm-close').tap();
    await page.locator('#board-status', { hasText: `${target.name}：已销号` }).waitFor();
    // The board shows unclosed problems by default; the closed one is listed under 全部状态.
    await page.selectOption('#f-status', 'all');
    const closed = page.locator(`.problem-card[data-problem-id="${problemId}"][data-status="closed"]`);
    await closed.waitFor();
    assert.equal(await closed.locator('.card-satisfaction').getAttribute('data-satisfaction'), '5');
    assert.equal(await closed.locator('.card-actions').count(), 0, 'a closed problem offers no action');

    // Every change is in the server, dated and by whom.
    const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
    const { body } = await county.get(`/problems/${problemId}`);
    assert.equal(body.status, 'closed');
    assert.equal(body.satisfaction, 5);
    assert.deepEqual(body.events.map((e) => e.to), ['open', 'resolved', 'closed']);
    assert.ok(body.events.slice(1).every((e) => e.by === COUNTY.login));

    // The metrics move: one more raised, resolved, closed and satisfied.
    const after = (await county.get('/liaison/metrics')).body.totals;
    assert.equal(after.problems_raised, metricsBefore.problems_raised + 1);
    assert.equal(after.problems_resolved, metricsBefore.problems_resolved + 1);
    assert.equal(after.problems_closed, metricsBefore.problems_closed + 1);
    assert.equal(after.problems_satisfied, metricsBefore.problems_satisfied + 1);
    assert.equal(after.satisfaction_rate, 1);

    // And the metrics page shows them.
    await page.tap('#mainnav a:has-text("联络统计")');
    const raised = page.locator('.metric-card[data-metric="problems_raised"] .metric-value');
    await raised.waitFor();
    assert.equal(await raised.textContent(), String(after.problems_raised));
    assert.equal(await page.textContent('.metric-card[data-metric="satisfaction_rate"] .metric-value'), '100%');
    assert.equal(await page.textContent('.metric-card[data-metric="resolution_rate"] .metric-value'), '100%');
    assert.ok((await overflow(page)) <= 0, 'no sideways scrolling on the metrics page');
    // The officer rows add up to the cards, or the page says by how much and why.
    const metrics = (await county.get('/liaison/metrics')).body;
    const sumMembers = metrics.officers.reduce((a, o) => a + o.members, 0);
    const sumContacts = metrics.officers.reduce((a, o) => a + o.contacts, 0);
    assert.equal(await page.textContent('#officer-sum td:nth-of-type(1)'), String(sumMembers));
    assert.equal(await page.textContent('#officer-sum td:nth-of-type(2)'), String(sumContacts));
    const reconcile = await page.textContent('#metrics-reconcile');
    if (metrics.totals.members === sumMembers && metrics.totals.contacts === sumContacts
      && metrics.totals.members_within_cadence === metrics.officers.reduce((a, o) => a + o.members_within_cadence, 0)
      && metrics.totals.problems_raised === metrics.officers.reduce((a, o) => a + o.problems_raised, 0)) {
      assert.match(reconcile, /一致/);
    } else {
      assert.match(reconcile, /不同，原因/);
      if (metrics.totals.members !== sumMembers) assert.match(reconcile, new RegExp(`${metrics.totals.members - sumMembers} 家后备企业尚未分配联络员`));
    }
    await screenshot(page, 'liaison-metrics-phone');
    await closePage(page);
  });

  test('a liaison officer cannot open the log form of an enterprise not assigned to it', async () => {
    const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
    const { body } = await county.get('/enterprises?region=411002&limit=1');
    const other = body.items[0];
    assert.notEqual(other.uscc, target.uscc);
    const page = await newPhonePage();
    await login(page, LIAISON);
    await page.goto(`${server.baseUrl}/#/liaison/log/${other.uscc}`);
    const refused = page.locator('.panel-empty-title');
    await refused.waitFor();
    assert.equal(await refused.textContent(), '未找到或无权查看');
    assert.equal(await page.locator('#contact-form').count(), 0);
    await closePage(page);
  });
});
