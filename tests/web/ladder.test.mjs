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
    assert.equal(await page.textContent('#summary-due'), '未纳入后备库。');

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
    // 阶梯与待办 at the top follows without a reload: the pool and the new roadmap's due nodes.
    await page.locator('#enterprise-summary ul#summary-due li').first().waitFor();
    assert.match(await page.textContent('#enterprise-summary'), /在库：高新技术企业后备库/);

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

    // Complete a milestone: 完成 asks first (a mistake can be undone with 撤销); 取消 changes nothing.
    const row = membership.locator('.milestone[data-status="planned"]').first();
    const id = await row.getAttribute('data-milestone-id');
    const title = await row.locator('.ms-title').textContent();
    await row.locator('.ms-complete').click();
    assert.match(await row.locator('.ms-confirm').textContent(), /确认.*已完成？如点错，可在节点上“撤销”/);
    await row.locator('.ms-cancel-complete').click();
    assert.equal(await row.locator('.ms-confirm').count(), 0, 'cancelled: the question is gone');
    assert.equal(await row.getAttribute('data-status'), 'planned', 'cancelled: still planned');
    await row.locator('.ms-complete').click();
    await row.locator('.ms-confirm-complete').click();
    await page.locator('#roadmap-status', { hasText: `已完成：${title}` }).waitFor();
    const done = page.locator(`#section-roadmap .milestone[data-milestone-id="${id}"]`);
    assert.equal(await done.getAttribute('data-status'), 'done');
    assert.equal(await done.locator('.ms-complete').count(), 0, 'a done milestone cannot be completed again');
    assert.equal(await done.locator('.ms-reopen').textContent(), '撤销完成');
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
    // The pool page gives its total in the officer's scope.
    const pools = (await county.get('/pools')).body.items;
    const open = pools.find((p) => p.id === 'hnte_reserve').open_members;
    assert.match(await page.textContent('.result-summary'), new RegExp(`共 ${open.toLocaleString('zh-CN')} 家`));
    await screenshot(page, 'pool-desktop');
    await closePage(page);
  });

  test('a mistaken 完成 is undone with a reason, a stale undo is refused, a due date is moved', async () => {
    const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
    const before = (await county.get(`/enterprises/${target.uscc}/roadmap`)).body.memberships.find((x) => !x.exited_on);
    const done = before.milestones.find((x) => x.status === 'done');
    assert.ok(done, 'the previous test completed a milestone');
    const page = await openPage(browser, DESKTOP);
    await login(page, COUNTY, `/enterprises/${target.uscc}`);
    const row = page.locator(`#section-roadmap .milestone[data-milestone-id="${done.id}"]`);
    await row.waitFor();
    // The rung and what is due come first, above the enterprise's fields.
    await page.locator('#summary-due li').first().waitFor();
    assert.equal(await page.textContent('#summary-rung'), target.top || '尚未取得资格');
    assert.match(await page.textContent('#enterprise-summary'), /在库：高新技术企业后备库/);
    const summaryBox = await page.locator('#section-summary').boundingBox();
    const factsBox = await page.locator('#enterprise-facts').boundingBox();
    assert.ok(summaryBox.y < factsBox.y, 'the summary is above the fields');

    // 撤销完成 wants a reason; with one, the milestone is planned again and the server agrees.
    await row.locator('.ms-reopen').click();
    await row.locator('.ms-reopen-form button[type=submit]').click();
    assert.equal(await row.getAttribute('data-status'), 'done', 'no reason: nothing sent');
    await row.locator('.ms-reopen-form input').fill('误点了完成');
    await row.locator('.ms-reopen-form button[type=submit]').click();
    await page.locator('#roadmap-status', { hasText: `已撤销，恢复为计划中：${done.title}` }).waitFor();
    const reopened = page.locator(`#section-roadmap .milestone[data-milestone-id="${done.id}"]:not([data-status="done"])`);
    await reopened.waitFor();
    assert.match(await reopened.getAttribute('data-status'), /^(planned|overdue)$/);
    assert.equal(await reopened.locator('.ms-complete').count(), 1, 'planned again: 完成 is offered');
    let m = (await county.get(`/enterprises/${target.uscc}/roadmap`)).body.memberships.find((x) => !x.exited_on)
      .milestones.find((x) => x.id === done.id);
    assert.equal(m.status, 'planned');
    assert.equal(m.done_on, null);

    // Completed elsewhere, then undone elsewhere: this page's 撤销 is stale and is refused, saying why.
    const again = await county.post(`/enterprises/${target.uscc}/roadmap/milestones/${done.id}/complete`, {});
    assert.equal(again.status, 200, JSON.stringify(again.body));
    await page.reload();
    await row.locator('.ms-reopen').waitFor();
    const undone = await county.post(`/enterprises/${target.uscc}/roadmap/milestones/${done.id}/reopen`, { reason: '另一位同事撤销' });
    assert.equal(undone.status, 200, JSON.stringify(undone.body));
    await row.locator('.ms-reopen').click();
    await row.locator('.ms-reopen-form input').fill('再撤一次');
    await row.locator('.ms-reopen-form button[type=submit]').click();
    await page.locator('#roadmap-status .notice', { hasText: /刚被他人修改|无需撤销/ }).waitFor();
    await screenshot(page, 'milestone-reopen-refused-desktop', { fullPage: false });

    // 改期: a new due date is saved; a date before the pool entry is refused beside the field.
    await page.locator(`#section-roadmap .milestone[data-milestone-id="${done.id}"] .ms-complete`).waitFor();  // refreshed
    const pid = await page.locator('#section-roadmap .milestone[data-status="planned"]').first().getAttribute('data-milestone-id');
    const planned = page.locator(`#section-roadmap .milestone[data-milestone-id="${pid}"]`);
    await planned.locator('.ms-reschedule').click();
    await planned.locator('.ms-new-due').fill('2000-01-01');
    await planned.locator('.ms-reschedule-form button[type=submit]').click();
    await planned.locator('.field-error', { hasText: '不能早于入库日期' }).waitFor();
    const newDue = `${THIS_YEAR + 1}-06-30`;
    await planned.locator('.ms-new-due').fill(newDue);
    await planned.locator('.ms-reschedule-form button[type=submit]').click();
    await page.locator('#roadmap-status', { hasText: '已保存' }).waitFor();
    m = (await county.get(`/enterprises/${target.uscc}/roadmap`)).body.memberships.find((x) => !x.exited_on)
      .milestones.find((x) => String(x.id) === pid);
    assert.equal(m.due_on, newDue);
    await page.locator(`#section-roadmap .tt-month[data-month="${newDue.slice(0, 7)}"] .milestone[data-milestone-id="${pid}"]`).waitFor();
    await closePage(page);
  });

  test('a designation is corrected and revoked from its record; a superseded one cannot be corrected again', async () => {
    const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
    const recorded = await county.post(`/enterprises/${other.uscc}/designations`, { stage: 'tech_sme', starts_on: `${THIS_YEAR - 1}-03-01`, number: `${THIS_YEAR - 1}4110020A0001` });
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    const page = await openPage(browser, DESKTOP);
    await login(page, COUNTY, `/enterprises/${other.uscc}`);
    await page.locator('#section-ladder .designations summary').click();
    const rec = page.locator(`#section-ladder li[data-designation-id="${recorded.body.id}"]`);
    await rec.locator('.d-correct').click();

    // 更正: the form starts from the record; saving supersedes it.
    await page.locator('#designation-form').waitFor();
    assert.equal(await page.textContent('h1'), '更正资格');
    assert.equal(await page.inputValue('#designation-form .field[data-field="starts_on"] input'), `${THIS_YEAR - 1}-03-01`);
    await page.fill('#designation-form .field[data-field="starts_on"] input', `${THIS_YEAR - 1}-04-01`);
    await page.click('#designation-form button[type=submit]');
    await page.locator('#flash', { hasText: '已更正' }).waitFor();
    let items = (await county.get(`/enterprises/${other.uscc}/designations`)).body.items;
    const fixed = items.find((d) => d.corrects_id === recorded.body.id);
    assert.ok(fixed, 'a correcting record exists');
    assert.equal(fixed.starts_on, `${THIS_YEAR - 1}-04-01`);
    assert.equal(items.find((d) => d.id === recorded.body.id).status, 'superseded');

    // The superseded record offers nothing; opening its correction anyway is refused with the reason.
    await page.locator('#section-ladder .designations summary').click();
    assert.equal(await page.locator(`#section-ladder li[data-designation-id="${recorded.body.id}"] .d-actions`).count(), 0);
    await page.goto(`${server.baseUrl}/#/enterprises/${other.uscc}/designations/new?correct=${recorded.body.id}`);
    await page.locator('.notice', { hasText: '该记录已更正或已撤销' }).waitFor();
    assert.equal(await page.locator('#designation-form').count(), 0);

    // 撤销: a reason is required; then the record reads 已撤销 and the server agrees.
    await page.goto(`${server.baseUrl}/#/enterprises/${other.uscc}`);
    await page.locator('#section-ladder .designations summary').click();
    const live = page.locator(`#section-ladder li[data-designation-id="${fixed.id}"]`);
    await live.locator('.d-revoke').click();
    await live.locator('.designation-revoke-form button[type=submit]').click();
    await live.locator('.field-error', { hasText: '请填写撤销原因' }).waitFor();
    await live.locator('.d-reason').fill('复核发现不符合入库条件');
    await live.locator('.designation-revoke-form button[type=submit]').click();
    await page.locator('#ladder-status', { hasText: '已撤销' }).waitFor();
    await page.locator(`#section-ladder li[data-designation-id="${fixed.id}"][data-status="revoked"]`).waitFor();
    items = (await county.get(`/enterprises/${other.uscc}/designations`)).body.items;
    assert.equal(items.find((d) => d.id === fixed.id).revocation_reason, '复核发现不符合入库条件');
    await screenshot(page, 'designation-revoked-desktop', { fullPage: false });
    await closePage(page);
  });

  test('compliance facts and HNTE expert items are entered, and their 待补数据 gaps close', async () => {
    const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
    const factsBefore = (await county.get(`/enterprises/${target.uscc}/ladder-facts`)).body;
    const page = await openPage(browser, DESKTOP);
    await login(page, COUNTY, `/enterprises/${target.uscc}`);
    await page.selectOption('#f-eval-stage', 'hnte');
    await page.selectOption('#f-eval-year', String(THIS_YEAR + 1));
    const techField = page.locator('#evaluation-criteria .criterion[data-criterion="hnte.tech_field"]');
    await techField.locator('.fill-facts').waitFor();
    assert.equal(await techField.getAttribute('data-status'), 'fail', '核心技术领域 not yet confirmed');
    await techField.locator('.fill-facts').click();

    await page.locator('#facts-form').waitFor();
    assert.equal(await page.inputValue('#f-expert-year'), String(THIS_YEAR + 1));
    for (const f of ['resident_audited_taxpayer', 'industry_allowed', 'clean_record', 'core_tech_in_key_fields']) {
      await page.selectOption(`#facts-form .field[data-field="${f}"] select`, 'yes');
    }
    await screenshot(page, 'facts-desktop');
    await page.click('#save-facts');
    await page.locator('#flash', { hasText: '已保存合规事项' }).waitFor();
    const facts = (await county.get(`/enterprises/${target.uscc}/ladder-facts`)).body;
    assert.equal(facts.clean_record, true);
    assert.equal(facts.core_tech_in_key_fields, true);
    assert.equal(facts.provincial_rd_institution, factsBefore.provincial_rd_institution, 'an item not touched keeps its value');

    // Expert items: a score above the item's maximum is refused beside it, before sending.
    await page.goto(`${server.baseUrl}/#/enterprises/${target.uscc}/facts?year=${THIS_YEAR + 1}`);
    await page.locator('#expert-form').waitFor();
    await page.fill('#expert-form .field[data-field="ip_quality"] input', '40');
    await page.click('#save-expert');
    await page.locator('#expert-form .field[data-field="ip_quality"] .field-error', { hasText: '请填写 0–30 的整数' }).waitFor();
    await page.fill('#expert-form .field[data-field="ip_quality"] input', '24');
    await page.fill('#expert-form .field[data-field="rd_management"] input', '15');
    await page.click('#save-expert');
    await page.locator('#flash', { hasText: '专家评分' }).waitFor();
    const scores = (await county.get(`/enterprises/${target.uscc}/expert-scores/${THIS_YEAR + 1}`)).body;
    assert.equal(scores.ip_quality, 24);
    assert.equal(scores.rd_management, 15);

    await page.selectOption('#f-eval-stage', 'hnte');
    await page.selectOption('#f-eval-year', String(THIS_YEAR + 1));
    await page.locator('#evaluation-criteria .criterion[data-criterion="hnte.tech_field"][data-status="pass"]').waitFor();
    await closePage(page);
  });

  test('on a phone the roadmap fits the screen and its milestones are due on the due list', async () => {
    const page = await openPage(browser, PHONE);
    await login(page, COUNTY, `/milestones?pool=hnte_reserve&due_before=${THIS_YEAR + 1}-12-31`);
    await page.locator('#due-milestones .mine-section').first().waitFor();
    // Grouped by county (a county officer sees its own, open), 20 a time with 再显示.
    const groups = page.locator('#upcoming-milestones .county-group');
    assert.equal(await groups.count(), 1, 'one county group for a county officer');
    assert.match(await groups.first().locator('summary').textContent(), /^魏都区（\d+）$/);
    assert.ok(await groups.first().getAttribute('open') !== null, 'a lone county group is open');
    assert.ok((await groups.first().locator('.due-ms').count()) <= 20, 'at most 20 shown at first');
    for (const more of await page.locator('#due-milestones .county-more:visible').all()) {
      while (await more.isVisible()) await more.click();
    }
    // 完成 on the due list asks first; 取消 leaves the milestone due.
    const first = page.locator('#upcoming-milestones .due-ms').first();
    await first.locator('.ms-complete').click();
    assert.match(await first.locator('.ms-confirm').textContent(), /确认“.+”的“.+”（计划 \d{4}-\d{2}-\d{2}）已完成？/);
    await first.locator('.ms-cancel-complete').click();
    assert.equal(await first.locator('.ms-confirm').isVisible(), false);
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

  test('money is written in 万 / 亿 and saved as exact yuan; an implausible value is saved only after confirming', async () => {
    const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
    const page = await openPage(browser, DESKTOP);
    await login(page, COUNTY, `/enterprises/${target.uscc}/indicators/${THIS_YEAR - 2}`);
    await page.locator('#indicators-form').waitFor();
    await page.fill('#f-revenue', '6,200万');
    assert.match(await page.textContent('.field[data-field="revenue"] .hint'), /6,200万元（62,000,000元）/);
    await page.fill('#f-total_assets', '0.93亿');
    await page.fill('#f-rd_expense_total', '12.34567万');
    await page.click('#indicators-form button[type=submit]');
    await page.locator('.field[data-field="rd_expense_total"] .field-error', { hasText: '精确到元' }).waitFor();
    await page.fill('#f-rd_expense_total', '-5');
    await page.click('#indicators-form button[type=submit]');
    await page.locator('.field[data-field="rd_expense_total"] .field-error', { hasText: '不能为负数' }).waitFor();

    // R&D above revenue (a slipped unit): asked first; the server holds the old values meanwhile.
    await page.fill('#f-rd_expense_total', '2.1亿');
    await page.click('#indicators-form button[type=submit]');
    await page.locator('#implausible', { hasText: '研发费用总额 2.1亿元 高于销售收入 6,200万元' }).waitFor();
    await screenshot(page, 'indicators-implausible-desktop', { fullPage: false });
    let row = (await county.get(`/enterprises/${target.uscc}/indicators/${THIS_YEAR - 2}`)).body;
    assert.equal(row.rd_expense_total, 2100000, 'nothing saved before the confirmation');
    // Corrected to 210万 it saves without a question, in exact yuan.
    await page.fill('#f-rd_expense_total', '210万');
    await page.click('#indicators-form button[type=submit]');
    await page.locator('#form-status .notice-success').waitFor();
    row = (await county.get(`/enterprises/${target.uscc}/indicators/${THIS_YEAR - 2}`)).body;
    assert.equal(row.revenue, 62000000);
    assert.equal(row.total_assets, 93000000);
    assert.equal(row.rd_expense_total, 2100000);
    // Confirmed, an implausible value is saved as written.
    await page.fill('#f-total_costs', '7亿');
    await page.click('#indicators-form button[type=submit]');
    await page.locator('#implausible', { hasText: '超过销售收入的 10 倍' }).waitFor();
    await page.click('#confirm-implausible');
    await page.locator('#form-status .notice-success').waitFor();
    row = (await county.get(`/enterprises/${target.uscc}/indicators/${THIS_YEAR - 2}`)).body;
    assert.equal(row.total_costs, 700000000);
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
