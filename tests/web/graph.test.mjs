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
const LAPTOP = { width: 1366, height: 768 };
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
  // 图谱分析 (#/graph/analysis): each tab shows exactly what its route answers for the caller.
  const orderedIds = (page, sel) => page.$$eval(sel, (lis) => lis.map((li) => Number(li.dataset.nodeId)));
  const analysis = (tab, extra = '') => `${server.baseUrl}/#/graph/analysis?tab=${tab}${extra}`;

  async function pickEnd(page, id, text, nodeId) {
    await page.fill(`#${id}-q`, text);
    await page.click(`#${id}-find`);
    await page.click(`#${id}-hits li[data-node-id="${nodeId}"] button`);
    await page.locator(`#${id}-chosen b`).waitFor();
  }

  test('图谱分析: a path between two demo nodes is listed step by step, as the API finds it', async () => {
    const univ = (await bureauApi.get(`/graph/nodes?q=${encodeURIComponent('许昌学院')}&limit=20`)).body.items.find((n) => n.name === '许昌学院');
    assert.ok(univ, 'the demo data has 许昌学院');
    const api = (await bureauApi.get(`/graph/path?from=${platform.id}&to=${univ.id}`)).body;
    assert.equal(api.found, true, 'the demo graph joins the institute and the university');
    const page = await newPage();
    await signIn(page, server.baseUrl, BUREAU);
    await page.goto(`${server.baseUrl}/#/graph/nodes`);
    await page.click('#open-analysis');
    await page.waitForURL(/#\/graph\/analysis$/);
    await pickEnd(page, 'path-from', platform.name, platform.id);
    await pickEnd(page, 'path-to', '许昌学院', univ.id);
    await page.click('#path-go');
    await page.waitForURL(/tab=path&from=/);
    await page.locator('#path-steps li').first().waitFor();
    assert.deepEqual(await orderedIds(page, '#path-steps li'), api.path.nodes.map((n) => n.id), 'the API\'s chain, in order');
    assert.equal(await page.textContent('#path-result h2'), `${api.path.length} 步关联`);
    assert.equal(await page.textContent('#path-from-chosen b'), platform.name, 'the chosen ends stay shown');
    assert.equal(await page.locator('#graph-tabs a.active').getAttribute('data-tab'), 'path');
    await screenshot(page, 'graph-analysis-path');

    // Two nodes with no visible chain between them: said so, no steps.
    const created = await bureauApi.post('/graph/nodes', { kind: 'institution', name: '许昌孤立测试研究院', region: '411000', sub_kind: '科研院所', country: 'CN' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const none = (await bureauApi.get(`/graph/path?from=${platform.id}&to=${created.body.id}`)).body;
    assert.equal(none.found, false);
    await page.goto(analysis('path', `&from=${platform.id}&to=${created.body.id}`));
    await page.locator('#path-result').waitFor();
    assert.match(await page.textContent('#path-result'), /没有关联路径/);
    assert.equal(await page.locator('#path-steps').count(), 0);
    await closePage(page);
  });

  test('图谱分析: hubs, components, isolated reserve members and counts match the API, for the bureau and a county', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, BUREAU);
    // Hubs: platforms by degree (the default), then by PageRank over every kind.
    await page.goto(analysis('hubs'));
    await page.locator('#hubs-list li').first().waitFor();
    const degree = (await bureauApi.get('/graph/centrality?measure=degree&kind=platform&limit=20')).body;
    assert.ok(degree.top.length > 0);
    assert.deepEqual(await orderedIds(page, '#hubs-list li'), degree.top.map((n) => n.id));
    assert.equal(await page.locator('#hubs-list li[data-kind="platform"]').count(), degree.top.length, 'platforms only');
    await page.selectOption('#f-measure', 'pagerank');
    await page.selectOption('#f-hub-kind', '');
    await page.click('#hubs-form button[type=submit]');
    await page.waitForURL(/measure=pagerank&kind=all/);
    await page.waitForLoadState('networkidle');
    const pr = (await bureauApi.get('/graph/centrality?measure=pagerank&limit=20')).body;
    await page.waitForFunction(() => document.querySelector('#hubs-summary')?.textContent.includes('PageRank'));
    assert.deepEqual(await orderedIds(page, '#hubs-list li'), pr.top.map((n) => n.id));

    // Betweenness is sampled; 精确计算 runs the exact background job: its progress reaches the
    // total and the ranking shown is the job's own (read back by the same user over the API).
    await page.selectOption('#f-measure', 'betweenness');
    await page.click('#hubs-form button[type=submit]');
    await page.waitForURL(/measure=betweenness&kind=all/);
    await page.locator('#hubs-exact-start').waitFor();
    await page.click('#hubs-exact-start');
    await page.locator('#hubs-exact-list').waitFor({ timeout: 60000 });
    const jobId = await page.locator('#hubs-exact-panel').getAttribute('data-job-id');
    const job = (await bureauApi.get(`/graph/centrality/jobs/${jobId}`)).body;
    assert.equal(job.status, 'done');
    assert.equal(job.sources_done, job.sources_total);
    assert.equal(job.result.exact, true);
    assert.ok(job.result.top.length > 0);
    assert.deepEqual(await orderedIds(page, '#hubs-exact-list li'), job.result.top.map((n) => n.id));
    assert.ok((await page.locator('#hubs-exact-status').textContent()).includes(`${job.sources_total} / ${job.sources_total}`));

    // Components: the same parts, largest first, and the same totals.
    await page.goto(analysis('components'));
    await page.locator('#components-list li').first().waitFor();
    const comps = (await bureauApi.get('/graph/components?limit=20')).body;
    assert.deepEqual(await page.$$eval('#components-list li', (lis) => lis.map((li) => Number(li.dataset.size))), comps.components.map((c) => c.size));
    assert.match(await page.textContent('#components-summary'), new RegExp(`${comps.node_count} 个节点分属 ${comps.component_count} 个`));

    // Isolated reserve members: the API's list, pool by pool.
    await page.goto(analysis('isolated'));
    await page.locator('#isolated-summary').waitFor();
    const iso = (await bureauApi.get('/graph/isolated')).body;
    assert.ok(iso.members > 0, 'the demo data has reserve members');
    assert.deepEqual(await orderedIds(page, '#isolated-list li'), iso.items.map((n) => n.id));
    assert.match(await page.textContent('#isolated-summary'), new RegExp(`在库企业 ${iso.members} 家，其中 ${iso.isolated_count} 家`));
    const pools = await page.$$eval('#f-pool option', (os) => os.map((o) => o.value).filter(Boolean));
    assert.ok(pools.length >= 1);
    await page.selectOption('#f-pool', pools[0]);
    await page.click('#isolated-form button[type=submit]');
    await page.waitForURL(new RegExp(`pool=${pools[0]}`));
    const one = (await bureauApi.get(`/graph/isolated?pool=${pools[0]}`)).body;
    await page.waitForLoadState('networkidle');
    await page.waitForFunction((m) => !document.querySelector('main .loading') && document.querySelector('#isolated-summary')?.textContent.includes(`在库企业 ${m} 家`), one.members);
    assert.deepEqual(await orderedIds(page, '#isolated-list li'), one.items.map((n) => n.id));

    // Counts: the platform total and one row per (类别, 级别).
    await page.goto(analysis('counts'));
    await page.locator('#counts-summary').waitFor();
    const counts = (await bureauApi.get('/graph/counts')).body;
    const total = counts.platforms_valid.reduce((s, r) => s + r.count, 0);
    assert.ok(total > 0);
    assert.match(await page.textContent('#counts-summary'), new RegExp(`有效创新平台 ${total} 个`));
    const kinds = new Set(counts.platforms_valid.map((r) => `${r.sub_kind}|${r.level}`));
    assert.equal(await page.locator('#counts-platforms tbody tr').count(), kinds.size);
    const cells = await page.$$eval('#counts-platforms tbody tr', (trs) => trs.map((tr) => Number(tr.lastElementChild.textContent)));
    assert.equal(cells.reduce((a, b) => a + b, 0), total);
    await closePage(page);

    // A county officer: its own scope's isolated members and counts, not the city's.
    const county = await newPage();
    await signIn(county, server.baseUrl, COUNTY);
    await county.goto(analysis('isolated'));
    await county.locator('#isolated-summary').waitFor();
    const mine = (await countyApi.get('/graph/isolated')).body;
    assert.ok(mine.members < iso.members, 'the county sees fewer members than the city');
    assert.deepEqual(await orderedIds(county, '#isolated-list li'), mine.items.map((n) => n.id));
    await county.goto(analysis('counts'));
    await county.locator('#counts-summary').waitFor();
    const myTotal = (await countyApi.get('/graph/counts')).body.platforms_valid.reduce((s, r) => s + r.count, 0);
    assert.match(await county.textContent('#counts-summary'), new RegExp(`有效创新平台 ${myTotal} 个`));
    await closePage(county);
  });

  test('图谱分析 does not scroll sideways at 390×844 nor at 1366×768', async () => {
    for (const viewport of [PHONE, LAPTOP]) {
      const page = await newPage(viewport);
      await signIn(page, server.baseUrl, COUNTY);
      const univ = (await countyApi.get(`/graph/nodes?q=${encodeURIComponent('许昌学院')}&limit=20`)).body.items.find((n) => n.name === '许昌学院');
      const ent = (await countyApi.get('/enterprises?region=411002&limit=1')).body.items[0];
      for (const [tab, extra, ready] of [
        ['path', univ ? `&from=enterprise:${ent.uscc}&to=${univ.id}` : '', '#path-from'],
        ['hubs', '', '#hubs-summary'],
        ['components', '', '#components-summary'],
        ['isolated', '', '#isolated-summary'],
        ['counts', '', '#counts-summary'],
      ]) {
        await page.goto(analysis(tab, extra));
        await page.locator(ready).waitFor();
        assert.ok((await overflow(page)) <= 0, `no sideways scrolling on ${tab} at ${viewport.width}×${viewport.height}`);
        if (viewport === PHONE && (tab === 'path' || tab === 'counts')) await screenshot(page, `graph-analysis-${tab}-phone`, { fullPage: true });
      }
      await closePage(page);
    }
  });
});
