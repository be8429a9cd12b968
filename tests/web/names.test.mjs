// Issue 13 in a real browser: people by name, never by login. The county officer logs in as
// "weidu", the liaison officer as "liaison" (the demo logins), and leave their marks: indicators,
// a pipeline step, an assignment, a contact with a problem. No page of the main flows (the
// enterprise page, its indicators, the pool page, the liaison log, the problem board, an officer's
// queue) then shows "weidu", "liaison" or "system" as text; their names and 系统 appear instead.
// The pool page groups its members by county with each county's count.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiSession, launchBrowser, openPage, screenshot, signIn, startServer } from './lib/harness.mjs';

const COUNTY = { login: 'weidu', name: '王建国', role: 'county', region: '411002', password: 'Xuchang-County-2026!x' };
const LIAISON = { login: 'liaison', name: '赵晓燕', role: 'liaison', region: '411002', password: 'Xuchang-Officer-2026!x' };
const BUREAU = { login: 'city.bureau', name: '李明', role: 'bureau', password: 'City-Bureau-2026!x' };
const AUDITOR = { login: 'city.auditor', name: '孙丽', role: 'auditor', password: 'City-Auditor-2026!x' };
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const LOGINS = /weidu|liaison|system/i;

let server;
let browser;
let member; // a hnte_reserve member in 魏都区, with everybody's marks on it
const year = new Date().getUTCFullYear() - 1;

before(async () => {
  server = await startServer({ users: [COUNTY, LIAISON, BUREAU, AUDITOR] });
  browser = await launchBrowser();
  const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
  const members = (await county.get('/pools/hnte_reserve/members?limit=500')).body.items;
  member = members.find((m) => m.region === '411002' && !m.exited_on);
  assert.ok(member, 'the demo data has a 魏都区 member of hnte_reserve');
  const put = await county.put(`/enterprises/${member.uscc}/indicators/${year}`, { revenue: 30000000, employees: 60 });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  for (const result of ['topic', 'onsite']) {
    const step = await county.post(`/pools/hnte_reserve/members/${member.id}/pipeline`, { kind: 'coaching', result });
    assert.equal(step.status, 201, JSON.stringify(step.body));
  }
  const assigned = await county.put(`/enterprises/${member.uscc}/liaison`, { officer: LIAISON.login });
  assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
  const liaison = await apiSession(server.baseUrl, LIAISON.login, LIAISON.password);
  const deadline = new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10);
  const logged = await liaison.post(`/enterprises/${member.uscc}/contacts`, {
    mode: 'phone', summary: '走访了解研发投入', flag: 'amber',
    problems: [{ category: 'funding', description: '需要流动资金贷款', owner_unit: 'czj', deadline }],
  });
  assert.equal(logged.status, 201, JSON.stringify(logged.body));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function closePage(page) {
  assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
  await page.context().close();
}

// The page's visible text with every folded section opened (a closed <details> renders nothing).
async function visibleText(page) {
  return page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    return document.querySelector('#app').innerText;
  });
}

async function assertNoLogins(page, name) {
  const text = await visibleText(page);
  const hit = LOGINS.exec(text);
  assert.equal(hit, null, `${name}: a login on screen near "${hit ? text.slice(Math.max(0, hit.index - 40), hit.index + 20) : ''}"`);
  return text;
}

describe('names, not logins (issue 13)', () => {
  test('the county officer\'s main flows name people and the system, never a login', async () => {
    const page = await openPage(browser, DESKTOP);
    await signIn(page, server.baseUrl, COUNTY);

    await page.goto(`${server.baseUrl}/#/enterprises/${member.uscc}`);
    await page.locator('#contact-list li').first().waitFor();
    await page.locator('.pipeline-history').waitFor();
    const enterprise = await assertNoLogins(page, 'enterprise page');
    assert.match(enterprise, new RegExp(`联络员 ${LIAISON.name}`));
    assert.match(enterprise, new RegExp(`${LIAISON.name} · 记录于`));
    assert.match(await page.textContent('.pipeline-history'), new RegExp(`· ${COUNTY.name}`), 'the pipeline step says who recorded it');
    await screenshot(page, 'names-enterprise-desktop');

    await page.goto(`${server.baseUrl}/#/enterprises/${member.uscc}/indicators/${year}`);
    await page.locator('text=更新').first().waitFor();
    assert.match(await assertNoLogins(page, 'indicators'), new RegExp(`${COUNTY.name} 更新`));

    await page.goto(`${server.baseUrl}/#/pools/hnte_reserve`);
    await page.locator(`#members .member[data-uscc="${member.uscc}"]`).waitFor();
    await assertNoLogins(page, 'pool page');

    await page.goto(`${server.baseUrl}/#/liaison/log/${member.uscc}`);
    await page.locator('#contact-form').waitFor();
    await assertNoLogins(page, 'liaison log');

    await page.goto(`${server.baseUrl}/#/problems`);
    await page.locator('.problem-card').first().waitFor();
    await assertNoLogins(page, 'problem board');

    await page.goto(`${server.baseUrl}/#/liaison?officer=${LIAISON.login}`);
    await page.locator('#today-summary').waitFor();
    assert.match(await assertNoLogins(page, 'officer queue'), new RegExp(`联络员待办 · ${LIAISON.name}`));
    await closePage(page);
  });

  test('the liaison officer\'s phone pages name people too', async () => {
    const page = await openPage(browser, PHONE);
    await signIn(page, server.baseUrl, LIAISON);
    await page.locator('#today-summary').waitFor();
    await assertNoLogins(page, '我的企业');
    await page.goto(`${server.baseUrl}/#/enterprises/${member.uscc}`);
    await page.locator('#contact-list li').first().waitFor();
    await page.locator('.pipeline-history').waitFor();
    const text = await assertNoLogins(page, 'enterprise page (liaison)');
    assert.match(text, new RegExp(`${LIAISON.name} · 记录于`));
    assert.match(text, new RegExp(`· ${COUNTY.name}`), 'its county officer by name');
    await closePage(page);
  });

  test('the audit trail names the actor, 系统 for the system', async () => {
    const page = await openPage(browser, DESKTOP);
    await signIn(page, server.baseUrl, AUDITOR);
    await page.goto(`${server.baseUrl}/#/audit?user=${COUNTY.login}`);
    await page.locator('#audit-table tbody tr').first().waitFor();
    const actors = await page.locator('#audit-table tbody tr td:nth-child(2)').allTextContents();
    assert.ok(actors.length > 0);
    for (const a of actors) assert.match(a, new RegExp(`^${COUNTY.name}`), `an actor by name: ${a}`);
    await closePage(page);
  });
});

describe('a pool page by county (issue 13)', () => {
  test('the bureau sees every county with its count; the counts add up to the pool\'s total', async () => {
    const bureau = await apiSession(server.baseUrl, BUREAU.login, BUREAU.password);
    const all = (await bureau.get('/pools/hnte_reserve/members?limit=500')).body.items.filter((m) => !m.exited_on);
    const total = (await bureau.get('/pools')).body.items.find((p) => p.id === 'hnte_reserve').open_members;
    assert.equal(all.length, total);
    const byRegion = new Map();
    for (const m of all) byRegion.set(m.region, (byRegion.get(m.region) || 0) + 1);
    assert.ok(byRegion.size > 1, 'the demo pool spans several counties');

    const page = await openPage(browser, DESKTOP);
    await signIn(page, server.baseUrl, BUREAU);
    await page.goto(`${server.baseUrl}/#/pools/hnte_reserve`);
    await page.locator('#members .county-group').first().waitFor();
    assert.equal(await page.textContent('.result-summary'), `共 ${total.toLocaleString('zh-CN')} 家在库企业，分布在 ${byRegion.size} 个县区`);
    const groups = page.locator('#members .county-group');
    assert.equal(await groups.count(), byRegion.size);
    for (let i = 0; i < byRegion.size; i += 1) {
      const g = groups.nth(i);
      const region = await g.getAttribute('data-region');
      assert.equal(await g.locator('.county-count').textContent(), `（${byRegion.get(region)} 家）`, `county ${region}`);
      assert.equal(await g.locator('.member').count(), byRegion.get(region));
      assert.equal(await g.evaluate((d) => d.open), false, 'several counties: folded');
    }
    await groups.first().locator('summary').click();
    await groups.first().locator('.member').first().waitFor();
    await screenshot(page, 'names-pool-by-county-desktop');

    // A filter narrows the counts and says the pool's total beside them.
    await page.selectOption('#f-region', '411002');
    await page.locator('#members .county-group[data-region="411002"][open]').waitFor();
    assert.equal(await groups.count(), 1);
    assert.equal(await page.textContent('.result-summary'),
      `符合条件的共 ${byRegion.get('411002')} 家在库企业，分布在 1 个县区；全库共 ${total.toLocaleString('zh-CN')} 家`);
    await closePage(page);
  });

  test('a county officer sees its one county, open', async () => {
    const county = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
    const mine = (await county.get('/pools/hnte_reserve/members?limit=500')).body.items.filter((m) => !m.exited_on);
    const page = await openPage(browser, PHONE);
    await signIn(page, server.baseUrl, COUNTY);
    await page.goto(`${server.baseUrl}/#/pools/hnte_reserve`);
    const group = page.locator('#members .county-group[data-region="411002"][open]');
    await group.waitFor();
    assert.equal(await page.locator('#members .county-group').count(), 1);
    assert.equal(await group.locator('.county-count').textContent(), `（${mine.length} 家）`);
    assert.match(await group.locator('summary').textContent(), /^魏都区/);
    assert.equal(await group.locator('.member').count(), mine.length);
    await screenshot(page, 'names-pool-county-phone');
    await closePage(page);
  });
});
