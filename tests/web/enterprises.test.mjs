// The web UI shell in a real browser against the real server (issue 3): log in, search by a
// 2-character fragment, edit and see the change, be refused another county's enterprise, see a
// wrong password refused, and use the list on a phone-sized screen.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiSession, launchBrowser, screenshot, startServer } from './lib/harness.mjs';

const COUNTY = { login: 'weidu.officer', name: '王建国', role: 'county', region: '411002', password: 'Weidu-Officer-2026!' };
const BUREAU = { login: 'bureau.officer', name: '李芳', role: 'bureau', password: 'Bureau-Officer-2026!' };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 860 };

let server;
let browser;

before(async () => {
  server = await startServer({ users: [COUNTY, BUREAU] });
  const index = await fetch(`${server.baseUrl}/`);
  assert.equal(index.status, 200, `the server must serve the web UI (src/web) at /: got HTTP ${index.status}`);
  assert.match(index.headers.get('content-security-policy') || '', /script-src 'self'/);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: viewport === PHONE ? 2 : 1, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Refused API calls (401, 404, 409, 422 …) are expected; CSP violations and script errors are not.
  page.on('console', (m) => { if (m.type() === 'error' && !/the server responded with a status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`); });
  page.problems = problems;
  return page;
}

async function login(page, user) {
  await page.goto(`${server.baseUrl}/#/enterprises`);
  await page.locator('#f-login').waitFor();
  await page.fill('#f-login', user.login);
  await page.fill('#f-password', user.password);
  await page.click('form.login-form button[type=submit]');
  await page.locator('#results .result').first().waitFor();
}

async function closePage(page) {
  assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
  await page.context().close();
}

describe('web UI', () => {
  test('a wrong password is refused with a message on the login page', async () => {
    const page = await newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.locator('#f-login').waitFor();
    assert.match(page.url(), /#\/login/);
    await page.fill('#f-login', COUNTY.login);
    await page.fill('#f-password', 'not-the-password-at-all');
    await page.click('form.login-form button[type=submit]');
    const error = page.locator('#login-error');
    await error.waitFor();
    assert.equal((await error.textContent()).trim(), '账号或密码错误');
    assert.match(page.url(), /#\/login/);
    assert.equal(await page.inputValue('#f-password'), '', 'the password field is cleared');
    await screenshot(page, 'login-wrong-password');
    await closePage(page);
  });

  test('a county officer finds an enterprise by a 2-character fragment, edits it and sees the change', async () => {
    const page = await newPage();
    await login(page, COUNTY);
    assert.equal(await page.textContent('#user-name'), COUNTY.name);
    assert.equal(await page.textContent('#user-meta'), '县区科技部门 · 魏都区');
    await screenshot(page, 'list-desktop');

    // One character is not enough for the API: the page says so without asking it.
    await page.fill('#f-q', '许');
    await page.press('#f-q', 'Enter');
    await page.locator('#f-q-error:not([hidden])').waitFor();

    await page.fill('#f-q', '许继');
    await page.press('#f-q', 'Enter');
    await page.waitForURL(/q=%E8%AE%B8%E7%BB%A7/);
    await page.waitForFunction(() => {
      const found = [...document.querySelectorAll('#results .result-name')];
      return found.length > 0 && found.every((n) => n.textContent.includes('许继'));
    });
    assert.match(await page.textContent('.result-summary'), /^共 \d+ 家企业/);
    const names = await page.locator('#results .result-name').allTextContents();
    assert.ok(names.length > 0, 'the fragment finds enterprises');
    for (const n of names) assert.ok(n.includes('许继'), `${n} matches 许继`);
    const regions = await page.locator('#results .result-meta span:first-child').allTextContents();
    assert.ok(regions.every((r) => r === '魏都区'), `only 魏都区 enterprises are listed: ${regions}`);
    await screenshot(page, 'search-desktop');

    await page.locator('#results .result-link').first().click();
    await page.locator('#enterprise-facts').waitFor();
    const uscc = (await page.textContent('#enterprise-facts dd[data-field="uscc"]')).trim().slice(0, 18);
    await page.click('#edit');
    await page.locator('#enterprise-form').waitFor();

    // A field error from the API is shown beside its field.
    const originalName = await page.inputValue('#f-name');
    await page.fill('#f-name', 'Xuji Test Co');
    await page.click('#enterprise-form button[type=submit]');
    const nameError = page.locator('.field[data-field="name"] .field-error');
    await nameError.waitFor();
    assert.equal(await nameError.textContent(), '请填写中文登记名称');
    await screenshot(page, 'edit-field-error');

    // A phone number that is neither a mobile nor a landline with area code is refused before sending.
    await page.fill('#f-name', originalName);
    await page.fill('#f-contact_phone', '12345');
    await page.click('#enterprise-form button[type=submit]');
    await page.locator('.field[data-field="contact_phone"] .field-error', { hasText: '手机号应为 11 位' }).waitFor();
    await page.fill('#f-contact_phone', '0374-1234567');
    await page.fill('#f-legal_representative', '张志强');
    await page.fill('#f-address', '河南省许昌市魏都区许由路88号');
    await page.click('#enterprise-form button[type=submit]');
    await page.waitForURL(new RegExp(`#/enterprises/${uscc}$`));
    await page.locator('#flash', { hasText: '已保存' }).waitFor();
    assert.equal(await page.textContent('dd[data-field="legal_representative"]'), '张志强');
    assert.equal(await page.textContent('dd[data-field="address"]'), '河南省许昌市魏都区许由路88号');
    assert.match(await page.textContent('dd[data-field="updated_at"]'), /第 2 版/);
    await screenshot(page, 'enterprise-after-edit');

    // The change is in the server, not just on the screen.
    const bureau = await apiSession(server.baseUrl, BUREAU.login, BUREAU.password);
    const stored = await bureau.get(`/enterprises/${uscc}`);
    assert.equal(stored.body.legal_representative, '张志强');
    assert.equal(stored.body.version, 2);
    const phone = await bureau.get(`/enterprises/${uscc}/contact-phone`);
    assert.equal(phone.body.contact_phone, '0374-1234567');
    await closePage(page);
  });

  test('Back from an enterprise returns to the list with the loaded pages and the scroll position', async () => {
    const page = await newPage(PHONE);
    await login(page, BUREAU);
    await page.locator('#results .result').first().waitFor();
    const firstPage = await page.locator('#results .result').count();
    await page.click('#load-more');
    await page.waitForFunction((n) => document.querySelectorAll('#results .result').length > n, firstPage);
    const loaded = await page.locator('#results .result').count();
    const item = page.locator('#results .result').nth(loaded - 3);
    const uscc = await item.getAttribute('data-uscc');
    await item.scrollIntoViewIfNeeded();
    await page.waitForTimeout(100);
    const scrolled = await page.evaluate(() => window.scrollY);
    assert.ok(scrolled > 500, `scrolled down the second page (${scrolled}px)`);
    await item.locator('.result-link').click();
    await page.locator('#enterprise-facts').waitFor();
    await page.goBack();
    await page.locator(`#results .result[data-uscc="${uscc}"]`).waitFor();
    assert.equal(await page.locator('#results .result').count(), loaded, 'both pages are back');
    const restored = await page.evaluate(() => window.scrollY);
    assert.ok(Math.abs(restored - scrolled) < 5, `scroll restored (${restored} vs ${scrolled})`);
    await closePage(page);
  });

  test('the list shows rung and pools, filters by rung, pool and expiry, sorts, keeps it all on Back, and exports', async () => {
    const api = await apiSession(server.baseUrl, BUREAU.login, BUREAU.password);
    const page = await newPage();
    await login(page, BUREAU);
    const shownUsccs = () => page.$$eval('#results .result', (els) => els.map((e) => e.dataset.uscc));
    const apiUsccs = async (q) => {
      const r = await api.get(`/enterprises?limit=20&${q}`);
      assert.equal(r.status, 200);
      return r.body.items.map((e) => e.uscc);
    };
    const waitForHash = (re) => page.waitForFunction((src) => new RegExp(src).test(window.location.hash), re.source);

    // Every row carries its rung and pools, as the API gives them.
    const first = (await api.get('/enterprises?limit=20')).body.items;
    for (const e of first) {
      const item = page.locator(`#results .result[data-uscc="${e.uscc}"]`);
      assert.equal(await item.locator('[data-rung]').getAttribute('data-rung'), e.rung || 'none');
      assert.deepEqual(await item.locator('[data-pool]').evaluateAll((els) => els.map((x) => x.dataset.pool)), e.pools);
    }

    // rung = 高新技术企业: only HNTE rows, the API's first page and total.
    const hnte = await api.get('/enterprises?rung=hnte&total=true&limit=20');
    assert.ok(hnte.body.total > 0, 'the demo city has HNTE enterprises');
    await page.selectOption('#f-rung', 'hnte');
    await waitForHash(/rung=hnte/);
    await page.waitForFunction((n) => document.querySelector('.result-summary')?.textContent.includes(`共 ${n.toLocaleString('zh-CN')} 家`), hnte.body.total);
    assert.deepEqual(await shownUsccs(), hnte.body.items.map((e) => e.uscc));
    for (const r of await page.$$eval('#results .result [data-rung]', (els) => els.map((e) => e.dataset.rung))) assert.equal(r, 'hnte');

    // … sorted by name, then within the HNTE reserve.
    await page.selectOption('#f-sort', 'name');
    await waitForHash(/sort=name/);
    let expected = await apiUsccs('rung=hnte&sort=name');
    await page.waitForFunction((u) => document.querySelector('#results .result')?.dataset.uscc === u, expected[0]);
    assert.deepEqual(await shownUsccs(), expected);
    await page.selectOption('#f-pool', 'hnte_reserve');
    await waitForHash(/pool=hnte_reserve/);
    expected = await apiUsccs('rung=hnte&sort=name&pool=hnte_reserve');
    if (expected.length) {
      await page.waitForFunction((n) => document.querySelectorAll('#results .result').length === n
        && [...document.querySelectorAll('#results .result')].every((e) => e.querySelector('[data-pool="hnte_reserve"]')), expected.length);
    } else {
      await page.locator('text=没有符合条件的企业。').waitFor();
    }
    assert.deepEqual(await shownUsccs(), expected);
    // Designation expiry within a year, rung and pool cleared, sorted by rung from the top.
    await page.selectOption('#f-pool', '');
    await waitForHash(/^(?!.*pool=)/);
    await page.selectOption('#f-rung', '');
    await waitForHash(/^(?!.*rung=)/);
    await page.selectOption('#f-expiring', '365');
    await waitForHash(/expiring=365/);
    await page.selectOption('#f-sort', 'rung:desc');
    await waitForHash(/sort=rung&order=desc|order=desc.*sort=rung/);
    expected = await apiUsccs('designation_expiring_within=365&sort=rung&order=desc');
    assert.ok(expected.length > 0, 'some designation of the demo city ends within a year');
    await page.waitForFunction((u) => [...document.querySelectorAll('#results .result')].map((e) => e.dataset.uscc).join() === u.join(), expected);
    await screenshot(page, 'list-filters-sort');

    // Back from an enterprise: the filters, the sort and the rows are as they were.
    const hash = await page.evaluate(() => window.location.hash);
    await page.locator('#results .result .result-link').first().click();
    await page.locator('#enterprise-facts').waitFor();
    await page.goBack();
    await page.locator(`#results .result[data-uscc="${expected[0]}"]`).waitFor();
    assert.equal(await page.evaluate(() => window.location.hash), hash);
    assert.equal(await page.inputValue('#f-expiring'), '365');
    assert.equal(await page.inputValue('#f-sort'), 'rung:desc');
    assert.deepEqual(await shownUsccs(), expected);

    // 导出 CSV: every matching row, in the list's order, with the list's filters.
    const all = await api.get('/enterprises?designation_expiring_within=365&sort=rung&order=desc&limit=500');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.equal(download.suggestedFilename(), '企业名单.csv');
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(await download.path(), 'utf8');
    assert.ok(text.startsWith('\uFEFF统一社会信用代码,企业名称'), 'UTF-8 with BOM and the Chinese header');
    const codes = text.trim().split('\r\n').slice(1).map((line) => line.split(',')[0]);
    assert.deepEqual(codes, all.body.items.map((e) => e.uscc));
    await page.locator('.export-status', { hasText: '已导出 CSV' }).waitFor();
    await closePage(page);
  });

  test('a concurrent change is not overwritten: the edit form offers a reload', async () => {
    const bureau = await apiSession(server.baseUrl, BUREAU.login, BUREAU.password);
    const { body } = await bureau.get('/enterprises?region=411002&limit=1&q=%E8%AE%B8%E6%98%8C');
    const target = body.items[0];
    const page = await newPage();
    await login(page, COUNTY);
    await page.goto(`${server.baseUrl}/#/enterprises/${target.uscc}/edit`);
    await page.locator('#enterprise-form').waitFor();
    const changed = await bureau.patch(`/enterprises/${target.uscc}`, { address: '河南省许昌市魏都区八一路1号' }, { 'If-Match': `"${target.version}"` });
    assert.equal(changed.status, 200);
    await page.fill('#f-legal_representative', '刘洋');
    await page.click('#enterprise-form button[type=submit]');
    await page.locator('.notice[data-code="stale_version"]').waitFor();
    await screenshot(page, 'edit-stale-version');
    await page.click('#reload-latest');
    await page.waitForFunction(() => document.querySelector('#f-address')?.value === '河南省许昌市魏都区八一路1号');
    assert.equal((await bureau.get(`/enterprises/${target.uscc}`)).body.legal_representative, target.legal_representative);
    await closePage(page);
  });

  test("another county's enterprise is refused, by page and by edit URL", async () => {
    const bureau = await apiSession(server.baseUrl, BUREAU.login, BUREAU.password);
    const { body } = await bureau.get('/enterprises?region=411081&limit=1');
    const other = body.items[0];
    assert.equal(other.region, '411081');
    const page = await newPage();
    await login(page, COUNTY);
    for (const suffix of ['', '/edit']) {
      await page.goto(`${server.baseUrl}/#/enterprises/${other.uscc}${suffix}`);
      const refused = page.locator('.panel-empty-title');
      await refused.waitFor();
      assert.equal(await refused.textContent(), '未找到或无权查看');
      assert.equal(await page.locator(`text=${other.name}`).count(), 0, 'the name does not leak');
    }
    await screenshot(page, 'other-county-refused');
    await closePage(page);
  });

  test('a masked phone number is shown as given and revealed on request', async () => {
    const page = await newPage();
    await login(page, BUREAU);
    await page.locator('#results .result-link').first().click();
    const phone = page.locator('dd[data-field="contact_phone"]');
    await phone.waitFor();
    assert.match(await phone.textContent(), /^\d{3}\*{4}\d{4}已脱敏显示号码$/);
    await screenshot(page, 'enterprise-masked-phone');
    await page.click('#reveal-phone');
    await page.waitForFunction(() => /^\d{11}$/.test(document.querySelector('#contact-phone')?.textContent || ''));
    await closePage(page);
  });

  test('on a phone-sized screen the list is usable without sideways scrolling', async () => {
    const page = await newPage(PHONE);
    await login(page, COUNTY);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok((await overflow()) <= 0, 'no horizontal overflow on the list');
    // The search box and the first result are within the screen.
    for (const sel of ['#f-q', '#results .result-link >> nth=0']) {
      const box = await page.locator(sel).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `${sel} fits the width`);
    }
    const before = await page.locator('#results .result').count();
    await page.locator('#load-more').scrollIntoViewIfNeeded();
    await screenshot(page, 'list-phone');
    await page.tap('#load-more');
    await page.waitForFunction((n) => document.querySelectorAll('#results .result').length > n, before);
    await page.locator('#results .result-link').first().tap();
    await page.locator('#enterprise-facts').waitFor();
    assert.ok((await overflow()) <= 0, 'no horizontal overflow on the enterprise page');
    await screenshot(page, 'enterprise-phone');
    await page.click('#edit');
    await page.locator('#enterprise-form').waitFor();
    assert.ok((await overflow()) <= 0, 'no horizontal overflow on the edit form');
    await screenshot(page, 'edit-phone');
    await closePage(page);
  });

  test('an expired session sends the user to the login page and back to where they were', async () => {
    const page = await newPage(PHONE);
    await login(page, COUNTY);
    await page.context().clearCookies();  // the server no longer knows this browser
    await page.tap('#load-more');
    await page.locator('#f-login').waitFor();
    assert.match(page.url(), /#\/login\?next=%2Fenterprises/);
    assert.equal(await page.textContent('#flash'), '登录已失效，请重新登录');
    await page.fill('#f-login', COUNTY.login);
    await page.fill('#f-password', COUNTY.password);
    await page.tap('form.login-form button[type=submit]');
    await page.locator('#results .result').first().waitFor();
    assert.match(page.url(), /#\/enterprises$/);
    await closePage(page);
  });

  test('logging out returns to the login page and the API forgets the session', async () => {
    const page = await newPage(PHONE);
    await login(page, COUNTY);
    await page.click('#logout');
    await page.locator('#f-login').waitFor();
    await page.goto(`${server.baseUrl}/#/enterprises`);
    await page.locator('#f-login').waitFor();
    assert.match(page.url(), /#\/login\?next=/);
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
    assert.equal(me, 401);
    await screenshot(page, 'login-phone');
    await closePage(page);
  });
});
