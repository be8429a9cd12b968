// The cultivation ladder in a real browser (issue 4): a county officer puts an enterprise in the
// HNTE reserve from its page, reads its gaps in numbers, sees the roadmap as a month timetable and
// completes a milestone after a confirmation; a refused pool entry says why; a yearly-indicator error is
// shown beside its field.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiSession, launchBrowser, openPage, screenshot, startServer } from './lib/harness.mjs';

const COUNTY = { login: 'weidu.ladder', name: '孙立新', role: 'county', region: '411002', password: 'Weidu-Ladder-2026!' };
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const THIS_YEAR = Number(new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 4));

let server;
let browser;
let target;   // gets three years of indicators, enters the HNTE reserve
let other;    // refused for the double-hundred reserve (holds no designation)

before(async () => {
  server = await startServer({ users: [COUNTY] });
  browser = await launchBrowser();
  const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
  // The demo data holds designations and pool members: pick two enterprises in no pool, the
  // second holding no designation at all.
  const pooled = new Set();
  for (const pool of ['tech_sme_pool', 'hnte_reserve', 'double_hundred_reserve']) {
    const members = await county.get(`/pools/${pool}/members?limit=500`);
    for (const m of members.body.items) pooled.add(m.uscc);
  }
  const { body } = await county.get('/enterprises?region=411002&limit=40');
  for (const e of body.items.filter((x) => !pooled.has(x.uscc))) {
    const ladder = await county.get(`/enterprises/${e.uscc}/ladder`);
    const top = ladder.body.position.top_name;
    if (!target) target = { ...e, top };
    else if (!top) other = e;
    if (target && other) break;
  }
  assert.ok(target && other, 'the demo data has enterprises in no pool');
  // Revenue 6,200万, R&D 3.4% of it (< 4% required), 9.2% S&T staff (< 10%): two numeric gaps. The
  // current year counts as the data year of next year's application.
  for (const year of [THIS_YEAR - 2, THIS_YEAR - 1, THIS_YEAR]) {
    const put = await county.put(`/enterprises/${target.uscc}/indicators/${year}`, {
      revenue: 62000000, total_income: 65000000, non_taxable_income: 0, high_tech_income: 42000000,
      total_costs: 50000000, total_assets: 90000000, total_liabilities: 40000000,
      employees: 120, st_staff: 11, rd_expense_total: 2100000, rd_expense_domestic: 2100000,
      ip_class1: 1, ip_class2: 3, results_transformed: 2, rd_ledger_kept: true, rd_super_deduction_claimed: true,
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function login(page, user, hash) {
  await page.goto(`${server.baseUrl}/#${hash}`);
  await page.locator('#f-login').waitFor();
  await page.fill('#f-login', user.login);
  await page.fill('#f-password', user.password);
  await page.click('form.login-form button[type=submit]');
}

async function closePage(page) {
  assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
  await page.context().close();
}

describe('ladder', () => {
  test('an officer puts an enterprise in the HNTE reserve, sees its gaps and roadmap, completes a milestone', async () => {
    const page = await openPage(browser, DESKTOP);
    await login(page, COUNTY, `/enterprises/${target.uscc}`);
    await page.locator('#section-roadmap #no-membership').waitFor();
    await page.locator('#section-ladder #ladder-position').waitFor();
    assert.equal(await page.textContent('#ladder-position'), target.top || '尚未取得资格');

    // Enter the HNTE reserve: key tier, next year.
    await page.click('#enter-pool');
    await page.locator('#enter-pool-form').waitFor();
    assert.equal(await page.inputValue('#f-pool'), 'hnte_reserve');
    assert.equal(await page.inputValue('#f-target_stage'), 'hnte');
    assert.equal(await page.inputValue('#f-target_year'), String(THIS_YEAR + 1));
    await page.click('#confirm-enter-pool');
    const membership = page.locator('#section-roadmap .membership[data-pool="hnte_reserve"]');
    await membership.waitFor();
    assert.match(await page.textContent('#roadmap-status'), /已纳入高新技术企业后备库/);
    assert.match(await membership.locator('.membership-head').textContent(), new RegExp(`目标：${THIS_YEAR + 1} 年高新技术企业`));
    assert.equal(await membership.locator('.pipeline-step').textContent(), '尚未开始');

    // The gaps, in numbers, for the target stage and year.
    await page.selectOption('#f-eval-stage', 'hnte');
    await page.selectOption('#f-eval-year', String(THIS_YEAR + 1));
    await page.locator('#evaluation-overall[data-overall="fail"]').waitFor();
    const staff = page.locator('#evaluation-criteria .criterion[data-criterion="hnte.st_staff_ratio"]');
    assert.equal(await staff.getAttribute('data-status'), 'fail');
    assert.equal(await staff.locator('.criterion-value').textContent(), '9.17%');
    assert.match(await staff.locator('.criterion-gap').textContent(), /科技人员/);
    const rd = page.locator('#evaluation-criteria .criterion[data-criterion="hnte.rd_ratio"]');
    assert.equal(await rd.getAttribute('data-status'), 'fail');
    assert.match(await rd.locator('.criterion-gap').textContent(), /\d[\d,]*元/, 'the R&D gap is said in yuan');
    await page.locator('#section-evaluation').scrollIntoViewIfNeeded();
    await screenshot(page, 'ladder-evaluation-desktop', { fullPage: false });

    // The roadmap: a timetable by month, generated from the gap and the calendar.
    const months = membership.locator('.tt-month');
    assert.ok((await months.count()) >= 2, 'milestones fall in several months');
    const firstMonth = await months.first().locator('.tt-month-label').textContent();
    assert.match(firstMonth, /^\d{4}年\d{1,2}月$/);
    const staffing = membership.locator('.milestone', { hasText: '科技人员' }).first();
    assert.match(await staffing.locator('.ms-gap').textContent(), /科技人员占比9\.17%/);
    await membership.scrollIntoViewIfNeeded();
    await screenshot(page, 'ladder-roadmap-desktop');

    // Complete a milestone: 完成 asks first (it cannot be undone); 取消 changes nothing.
    const row = membership.locator('.milestone[data-status="planned"]').first();
    const id = await row.getAttribute('data-milestone-id');
    const title = await row.locator('.ms-title').textContent();
    await row.locator('.ms-complete').click();
    assert.match(await row.locator('.ms-confirm').textContent(), /确认.*已完成？完成后不能撤销/);
    await row.locator('.ms-cancel-complete').click();
    assert.equal(await row.locator('.ms-confirm').count(), 0, 'cancelled: the question is gone');
    assert.equal(await row.getAttribute('data-status'), 'planned', 'cancelled: still planned');
    await row.locator('.ms-complete').click();
    await row.locator('.ms-confirm-complete').click();
    await page.locator('#roadmap-status', { hasText: `已完成：${title}` }).waitFor();
    const done = page.locator(`#section-roadmap .milestone[data-milestone-id="${id}"]`);
    assert.equal(await done.getAttribute('data-status'), 'done');
    assert.equal(await done.locator('.ms-complete').count(), 0, 'a done milestone offers no action');
    assert.match(await page.textContent('#section-roadmap .membership [id^="roadmap-stats-"]'), /完成 1/);

    // In the server, dated and by whom.
    const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
    const { body } = await county.get(`/enterprises/${target.uscc}/roadmap`);
    const m = body.memberships[0].milestones.find((x) => String(x.id) === id);
    assert.equal(m.status, 'done');
    assert.equal(m.closed_by, COUNTY.login);
    assert.equal(m.done_on, body.today);

    // The member is listed in its pool with the evaluation summary and pipeline step.
    await page.click('#mainnav a:has-text("后备库")');
    await page.click('.pool-card[href="#/pools/hnte_reserve"]');
    const member = page.locator(`#members .member[data-uscc="${target.uscc}"]`);
    await member.waitFor();
    assert.match(await member.textContent(), /不符合/);
    assert.match(await member.textContent(), /进度：尚未开始/);
    await screenshot(page, 'pool-desktop');
    await closePage(page);
  });

  test('on a phone the roadmap fits the screen and its milestones are due on the due list', async () => {
    const page = await openPage(browser, PHONE);
    await login(page, COUNTY, `/milestones?pool=hnte_reserve&due_before=${THIS_YEAR + 1}-12-31`);
    await page.locator('#due-milestones .mine-section').first().waitFor();
    const rows = page.locator(`#due-milestones .due-ms:has(a[href="#/enterprises/${target.uscc}"])`);
    assert.ok((await rows.count()) > 0, 'the open milestones are on the due list');
    assert.equal(await page.locator('#due-milestones .due-ms[data-status="done"]').count(), 0, 'a done milestone is not due');
    await screenshot(page, 'milestones-phone');
    await page.goto(`${server.baseUrl}/#/enterprises/${target.uscc}`);
    await page.locator('#roadmap-timetable').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, 'no sideways scrolling on the enterprise page');
    await page.locator('#roadmap-timetable').scrollIntoViewIfNeeded();
    await screenshot(page, 'ladder-roadmap-phone');
    await closePage(page);
  });

  test('a refused pool entry says why', async () => {
    const page = await openPage(browser, DESKTOP);
    await login(page, COUNTY, `/enterprises/${other.uscc}`);
    await page.locator('#section-roadmap #no-membership').waitFor();
    await page.click('#enter-pool');
    await page.selectOption('#f-pool', 'double_hundred_reserve');
    assert.equal(await page.inputValue('#f-target_stage'), 'eaglet');
    await page.click('#confirm-enter-pool');
    const refusal = page.locator('#roadmap-status .notice-error');
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /^未能纳入：.*[\u4e00-\u9fff]/);
    assert.doesNotMatch(await refusal.textContent(), /操作失败/);
    await screenshot(page, 'pool-entry-refused', { fullPage: false });
    await closePage(page);
  });

  test('an impossible yearly indicator is refused beside its field', async () => {
    const page = await openPage(browser, DESKTOP);
    await login(page, COUNTY, `/enterprises/${target.uscc}/indicators/${THIS_YEAR - 1}`);
    await page.locator('#indicators-form').waitFor();
    assert.equal(await page.inputValue('#f-employees'), '120');
    await page.fill('#f-st_staff', '500');
    await page.click('#indicators-form button[type=submit]');
    const error = page.locator('.field[data-field="st_staff"] .field-error');
    await error.waitFor();
    assert.equal(await error.textContent(), '科技人员数不能多于职工总数');
    await screenshot(page, 'indicators-field-error', { fullPage: false });
    // Corrected, it saves and the ratios are computed by the server.
    await page.fill('#f-st_staff', '13');
    await page.click('#indicators-form button[type=submit]');
    await page.locator('#form-status .notice-success').waitFor();
    assert.equal(await page.textContent('#form-status [data-ratio="st_staff_ratio"]'), '10.8%');
    await closePage(page);
  });
});
