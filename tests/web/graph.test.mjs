// The innovation graph's pages in a real browser on the demo data (issue 10): the graph view draws
// a canvas and lists exactly the API's neighbourhood; a node-kind filter narrows it as the API
// does; the list opens a node's page; a county officer registers a platform, links it to one of
// its enterprises and the enterprise page's 创新资源 panel shows it; a node the county sees
// read-only offers no edit buttons; on a 390 px phone nothing scrolls sideways.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiSession, launchBrowser, openPage, screenshot, signIn, startServer } from './lib/harness.mjs';

const BUREAU = { login: 'city.graph', name: '李文', role: 'bureau', password: 'City-Graph-2026!xx' };
const COUNTY = { login: 'weidu.graph', name: '张华', role: 'county', region: '411002', password: 'Weidu-Graph-2026!xx' };
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const TIMEOUT = 30000;
const TODAY = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

let server;
let browser;
let bureauApi;
let countyApi;
let platform; // a named demo platform with enterprises around it

before(async () => {
  server = await startServer({ users: [BUREAU, COUNTY] });
  browser = await launchBrowser();
  bureauApi = await apiSession(server.baseUrl, BUREAU.login, BUREAU.password);
  countyApi = await apiSession(server.baseUrl, COUNTY.login, COUNTY.password);
  const list = await bureauApi.get(`/graph/nodes?kind=platform&q=${encodeURIComponent('中科院合肥物质科学研究院许昌智能制造研究所')}`);
  assert.equal(list.status, 200);
  platform = list.body.items[0];
  assert.ok(platform, 'the demo data has the named platform');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(viewport = DESKTOP) {
  const page = await openPage(browser, viewport);
  page.setDefaultTimeout(TIMEOUT);
  return page;
}

async function closePage(page) {
  assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
  await page.context().close();
}

const listedIds = (page) => page.$$eval('#graph-node-list li', (lis) => lis.map((li) => Number(li.dataset.nodeId)).sort((a, b) => a - b));
const ids = (nodes) => nodes.map((n) => n.id).sort((a, b) => a - b);
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('innovation graph UI', () => {
  test('the graph view draws a canvas, lists the API\'s nodes, and a kind filter narrows them', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, BUREAU);
    assert.equal(await page.locator('#mainnav a[href="#/graph/nodes?kind=platform"]').textContent(), '创新资源');
    await page.goto(`${server.baseUrl}/#/graph?node=${platform.id}&depth=2`);
    await page.locator('#graph-chart canvas').first().waitFor();
    await page.locator('#graph-node-list li').first().waitFor();
    const all = (await bureauApi.get(`/graph/neighbourhood?node=${platform.id}&depth=2`)).body;
    assert.ok(all.nodes.length > 3, `the platform has a neighbourhood (${all.nodes.length} nodes)`);
    assert.deepEqual(await listedIds(page), ids(all.nodes), 'the list shows exactly the API\'s nodes');
    assert.ok(all.nodes.some((n) => n.kind === 'enterprise'), 'enterprises around the platform');
    assert.match(await page.textContent('#graph-summary'), new RegExp(`共 ${all.nodes.length} 个节点`));
    assert.equal(await page.locator('#graph-truncated').count(), all.truncated ? 1 : 0);
    await screenshot(page, 'graph-view-desktop');

    // Only platforms and institutions: fewer nodes, the same as the API's answer.
    await page.check('input[name="node_kinds"][value="platform"]');
    await page.check('input[name="node_kinds"][value="institution"]');
    await page.click('#graph-apply');
    await page.waitForURL(/node_kinds=platform%2Cinstitution|node_kinds=platform,institution/);
    const filtered = (await bureauApi.get(`/graph/neighbourhood?node=${platform.id}&depth=2&node_kinds=platform,institution`)).body;
    assert.ok(filtered.nodes.length < all.nodes.length, 'the filter leaves out enterprises');
    await page.waitForFunction((n) => document.querySelectorAll('#graph-node-list li').length === n, filtered.nodes.length);
    assert.deepEqual(await listedIds(page), ids(filtered.nodes));
    assert.equal(await page.locator('#graph-node-list li[data-kind="enterprise"]').count(), 0);
    await page.locator('#graph-chart canvas').first().waitFor();
    assert.ok(await page.isChecked('input[name="node_kinds"][value="platform"]'), 'the filter stays chosen');

    // Depth 4 is not offered.
    assert.deepEqual(await page.$$eval('#f-depth option', (os) => os.map((o) => o.value)), ['1', '2', '3']);

    // Without a centre: a name search whose result opens the view around it.
    await page.goto(`${server.baseUrl}/#/graph`);
    await page.fill('#f-center-q', '许昌学院');
    await page.click('#graph-center-form button[type=submit]');
    const hits = (await bureauApi.get(`/graph/nodes?q=${encodeURIComponent('许昌学院')}&limit=20`)).body.items;
    await page.waitForFunction((n) => document.querySelectorAll('#graph-center-results li').length === n, hits.length);
    const univ = hits.find((n) => n.name === '许昌学院');
    await page.click(`#graph-center-results li[data-node-id="${univ.id}"] a`);
    await page.waitForURL(new RegExp(`#/graph\\?node=${univ.id}$`));
    await page.locator('#graph-node-list li').first().waitFor();
    assert.equal(await page.getAttribute('#graph-node-list li:first-child', 'data-node-id'), String(univ.id), 'the centre comes first');
    await closePage(page);
  });

  test('the node list opens a node page with its fields and links; an enterprise opens its own page', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, BUREAU);
    await page.goto(`${server.baseUrl}/#/graph?node=${platform.id}&depth=2`);
    await page.locator('#graph-node-list li').first().waitFor();
    const nb = (await bureauApi.get(`/graph/neighbourhood?node=${platform.id}&depth=2`)).body;
    const institution = nb.nodes.find((n) => n.kind === 'institution');
    assert.ok(institution, 'an institution co-builds the platform');
    await page.click(`#graph-node-list li[data-node-id="${institution.id}"] a`);
    await page.waitForURL(new RegExp(`#/graph/nodes/${institution.id}$`));
    await page.locator('#graph-node-facts').waitFor();
    assert.match(await page.textContent('h1'), new RegExp(institution.name.replace(/[()]/g, '.')));
    const links = (await bureauApi.get(`/graph/links?node=${institution.id}`)).body.items;
    assert.equal(await page.locator('#graph-links li').count(), links.length, 'every link valid today');
    assert.ok(await page.locator('#edit-node').count() === 1, 'the bureau may edit it');
    // 在图谱中查看 goes back to the view around this node.
    await page.click('#view-in-graph');
    await page.waitForURL(new RegExp(`#/graph\\?node=${institution.id}`));
    await page.locator('#graph-node-list li').first().waitFor();

    // An enterprise in the list opens the enterprise page, whose 创新资源 panel lists its links.
    await page.goto(`${server.baseUrl}/#/graph?node=${platform.id}`);
    const ent = (await bureauApi.get(`/graph/neighbourhood?node=${platform.id}`)).body.nodes.find((n) => n.kind === 'enterprise');
    await page.click(`#graph-node-list li[data-node-id="${ent.id}"] a`);
    await page.waitForURL(new RegExp(`#/enterprises/${ent.uscc}$`));
    await page.locator('#section-graph #graph-links').waitFor();
    const entLinks = (await bureauApi.get(`/graph/links?node=enterprise:${ent.uscc}`)).body.items;
    assert.equal(await page.locator('#section-graph #graph-links li').count(), entLinks.length);
    assert.ok(await page.locator(`#section-graph a[href="#/graph/nodes/${platform.id}"]`).count() >= 1, 'the platform is named');
    await page.locator('#section-graph #graph-partners').waitFor();

    // An enterprise with partners who could help: each listed with its explaining path.
    let helped = null;
    for (const n of nb.nodes.filter((x) => x.kind === 'enterprise')) {
      const p = (await bureauApi.get(`/graph/partners?enterprise=enterprise:${n.uscc}&limit=5`)).body;
      if (p.items.length) { helped = { n, p }; break; }
    }
    assert.ok(helped, 'the demo data has an enterprise with partners who could help');
    await page.goto(`${server.baseUrl}/#/enterprises/${helped.n.uscc}`);
    await page.locator('#section-graph ol#graph-partners li').first().waitFor();
    assert.equal(await page.locator('#graph-partners > li').count(), helped.p.items.length);
    const first = page.locator('#graph-partners > li').first();
    assert.equal(Number(await first.getAttribute('data-node-id')), helped.p.items[0].id);
    const pathNames = await first.locator('.graph-path a').allTextContents();
    assert.deepEqual(pathNames, helped.p.items[0].path.nodes.map((x) => x.name), 'the explaining path, node by node');
    await closePage(page);
  });

  test('a county officer registers a platform, links it to its enterprise, and the enterprise page shows it', async () => {
    const ent = (await countyApi.get('/enterprises?region=411002&limit=1')).body.items[0];
    assert.ok(ent, 'the county has an enterprise');
    const page = await newPage();
    await signIn(page, server.baseUrl, COUNTY);
    await page.click('#mainnav a[href="#/graph/nodes?kind=platform"]');
    await page.locator('#graph-node-items').waitFor();
    await page.click('#new-node');
    await page.locator('#graph-node-form').waitFor();
    await page.selectOption('#f-kind', 'platform');
    const name = '魏都区浏览器测试工程技术研究中心';
    // Refused first: nothing chosen for the required lists; the form says so beside them.
    await page.fill('#f-name', name);
    await page.click('#save-node');
    await page.locator('.field[data-field="sub_kind"] .field-error:not([hidden])').waitFor();
    assert.equal((await countyApi.get(`/graph/nodes?q=${encodeURIComponent(name)}`)).body.items.length, 0, 'nothing was created');
    await page.selectOption('#f-sub_kind', '工程技术研究中心');
    await page.selectOption('#f-level', '市级');
    await page.selectOption('#f-status', '已认定');
    await page.fill('#f-approved_on', '2025-06-01');
    await page.click('#save-node');
    await page.waitForURL(/#\/graph\/nodes\/\d+$/);
    await page.locator('#graph-node-facts').waitFor();
    const id = Number(/nodes\/(\d+)$/.exec(page.url())[1]);
    const created = (await countyApi.get(`/graph/nodes/${id}`)).body;
    assert.equal(created.name, name);
    assert.equal(created.region, '411002');
    assert.equal(created.sub_kind, '工程技术研究中心');
    assert.equal(created.approved_on, '2025-06-01');
    assert.equal(created.writable, true);

    // Link it: 依托建设 (hosts) from the enterprise to the platform, by the enterprise's USCC.
    await page.click('#add-link');
    await page.selectOption('#f-link-kind', 'hosts');
    await page.fill('#f-link-other', ent.uscc);
    await page.fill('#f-link-from', '2025-06-01');
    await page.click('#graph-link-form button[type=submit]');
    await page.locator('#graph-links li[data-kind="hosts"]').waitFor();
    const links = (await countyApi.get(`/graph/links?node=${id}`)).body.items;
    assert.equal(links.length, 1);
    assert.equal(links[0].kind, 'hosts');
    assert.equal(links[0].to, id, 'the enterprise hosts the platform (enterprise → platform)');
    assert.equal(links[0].valid_from, '2025-06-01');
    assert.equal(await page.textContent('#graph-links li[data-kind="hosts"] .graph-link-other'), ent.name);

    // The same link again: the server's 409 duplicate_link, in Chinese beside the kind, still one link.
    await page.click('#add-link');
    await page.selectOption('#f-link-kind', 'hosts');
    await page.fill('#f-link-other', ent.uscc);
    await page.click('#graph-link-form button[type=submit]');
    await page.locator('#graph-link-form .field[data-field="kind"] .field-error', { hasText: '这两个节点之间已有同类关系' }).waitFor();
    assert.equal((await countyApi.get(`/graph/links?node=${id}`)).body.items.length, 1);

    // Edit it with its version: the level changes.
    await page.click('#edit-node');
    await page.locator('#graph-node-form').waitFor();
    await page.selectOption('#f-level', '省级');
    await page.click('#save-node');
    await page.waitForURL(new RegExp(`#/graph/nodes/${id}$`));
    await page.locator('#graph-node-facts dd[data-field="level"]', { hasText: '省级' }).waitFor();
    const edited = (await countyApi.get(`/graph/nodes/${id}`)).body;
    assert.equal(edited.version, created.version + 1);
    assert.equal(edited.level, '省级');

    // Someone else saves in between: the form's If-Match is stale, 409, and nothing changes.
    await page.click('#edit-node');
    await page.locator('#graph-node-form').waitFor();
    const { id: _i, uscc: _u, version: _v, created_by: _c, created_at: _ca, updated_at: _ua, writable: _w, kind: _k, ...fields } = edited;
    const other = await countyApi.put(`/graph/nodes/${id}`, { ...fields, approving_body: '许昌市科学技术局' }, { 'If-Match': `"${edited.version}"` });
    assert.equal(other.status, 200, JSON.stringify(other.body));
    await page.fill('#f-approving_body', '另一个部门');
    await page.click('#save-node');
    await page.locator('#graph-node-form .notice-error', { hasText: '已被他人修改' }).waitFor();
    assert.equal((await countyApi.get(`/graph/nodes/${id}`)).body.approving_body, '许昌市科学技术局');

    // The enterprise page's 创新资源 panel names the new platform under 依托建设.
    await page.goto(`${server.baseUrl}/#/enterprises/${ent.uscc}`);
    const item = page.locator(`#section-graph .graph-link-group[data-kind="hosts"] a[href="#/graph/nodes/${id}"]`);
    await item.waitFor();
    assert.equal(await item.textContent(), name);
    assert.ok(await page.locator('#section-graph #enterprise-graph').count() === 1, 'a link to the graph view');
    await screenshot(page, 'graph-enterprise-panel');

    // Ending the link today: gone from today's links, still there the day before.
    await page.goto(`${server.baseUrl}/#/graph/nodes/${id}`);
    await page.locator('#graph-links li[data-kind="hosts"] .graph-end-link').click();
    await page.locator('#graph-links li[data-kind="hosts"] .graph-end-form button[type=submit]').click();
    await page.locator('p#graph-links', { hasText: '没有有效的关系' }).waitFor();
    const ended = (await countyApi.get(`/graph/links/${links[0].id}`)).body;
    assert.equal(ended.valid_until, TODAY);
    assert.equal((await countyApi.get(`/graph/links?node=${id}`)).body.items.length, 0);
    await page.goto(`${server.baseUrl}/#/graph/nodes/${id}?as_of=2025-12-31`);
    await page.locator('#graph-links li[data-kind="hosts"]').waitFor();
    assert.equal(await page.locator('.graph-end-link').count(), 0, 'a past day\'s links are only shown');
    await closePage(page);
  });

  test('a node the county sees read-only shows no edit buttons', async () => {
    const items = (await countyApi.get('/graph/nodes?kind=institution')).body.items;
    const ro = items.find((n) => !n.writable);
    assert.ok(ro, 'the county sees a city institution read-only');
    const page = await newPage();
    await signIn(page, server.baseUrl, COUNTY);
    await page.goto(`${server.baseUrl}/#/graph/nodes/${ro.id}`);
    await page.locator('#graph-node-facts').waitFor();
    await page.locator('#node-read-only').waitFor();
    assert.equal(await page.locator('#edit-node, #remove-node, #add-link, .graph-end-link').count(), 0);
    assert.equal(await page.locator('#view-in-graph').count(), 1);
    await closePage(page);
  });

  test('on a 390 px phone the graph view, the list and a node page do not scroll sideways', async () => {
    const ent = (await countyApi.get('/enterprises?region=411002&limit=1')).body.items[0];
    const page = await newPage(PHONE);
    await signIn(page, server.baseUrl, COUNTY);
    await page.goto(`${server.baseUrl}/#/graph?node=enterprise:${ent.uscc}&depth=2`);
    await page.locator('#graph-chart canvas').first().waitFor();
    await page.locator('#graph-node-list li').first().waitFor();
    const nb = (await countyApi.get(`/graph/neighbourhood?node=enterprise:${ent.uscc}&depth=2`)).body;
    assert.deepEqual(await listedIds(page), ids(nb.nodes));
    assert.equal(await page.getAttribute('#graph-kind-filters', 'open'), null, 'the kind filters are folded on a phone');
    assert.ok((await overflow(page)) <= 0, 'no sideways scrolling on the graph view');
    await screenshot(page, 'graph-view-phone', { fullPage: true });
    await page.goto(`${server.baseUrl}/#/graph/nodes`);
    await page.locator('#graph-node-items li').first().waitFor();
    assert.ok((await overflow(page)) <= 0, 'no sideways scrolling on the list');
    await page.locator('#graph-node-items li a.graph-node-name').first().click();
    await page.waitForURL(/#\/(graph\/nodes\/\d+|enterprises\/\w+)$/);
    await page.locator('#graph-node-facts, #section-graph').first().waitFor();
    assert.ok((await overflow(page)) <= 0, 'no sideways scrolling on a node page');
    await closePage(page);
  });
});
