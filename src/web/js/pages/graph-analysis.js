// #/graph/analysis?tab=&as_of=… — 图谱分析 (issue 10): the graph queries beyond the view around one
// node, each over the caller's visible subgraph as of a date (default today):
//   tab=path&from=<ref>&to=<ref>        GET /graph/path — the shortest chain between two nodes
//   tab=hubs&measure=&kind=             GET /graph/centrality — the hubs (degree, PageRank, betweenness);
//                                       for betweenness, 精确计算 starts POST /graph/centrality/jobs and
//                                       follows GET …/jobs/{id} to its exact ranking
//   tab=components                      GET /graph/components — connected parts, largest first
//   tab=isolated&pool=                  GET /graph/isolated — reserve members with no platform, team or project
//   tab=counts                          GET /graph/counts — the plan's counts (platforms, teams, projects)
// Every tab is one plain list or a narrow table: readable on a 390 px phone without sideways scroll.

import { api, ApiError } from '../api.js';
import * as catalog from '../catalog.js';
import { h, mount } from '../dom.js';
import { messageFor } from '../i18n.js';
import { errorPanel, loading, notice, pageHeader } from '../ui.js';
import { todayCst } from './liaison-common.js';
import { graphConfigOrError, graphHref, graphMessage, kindChip, kindName, linkKindName, nodeHref, nodeMeta, nodeRef, NODE_KINDS, searchNodes } from './graph-common.js';

const TITLE = '图谱分析';
const TABS = [
  { id: 'path', name: '关联路径' },
  { id: 'hubs', name: '枢纽节点' },
  { id: 'components', name: '连通情况' },
  { id: 'isolated', name: '孤立企业' },
  { id: 'counts', name: '统计' },
];
const MEASURES = [
  { code: 'degree', name: '关联数（度）' },
  { code: 'pagerank', name: 'PageRank' },
  { code: 'betweenness', name: '中介中心性（抽样）' },
];
const errText = (e) => graphMessage(e, messageFor);

function tabNav(current, asOf) {
  return h('nav', { class: 'graph-tabs', id: 'graph-tabs', 'aria-label': '分析项目' }, TABS.map((t) => {
    const q = new URLSearchParams({ tab: t.id });
    if (asOf) q.set('as_of', asOf);
    return h('a', { href: `#/graph/analysis?${q.toString()}`, class: t.id === current ? 'active' : '', 'aria-current': t.id === current ? 'page' : null, dataset: { tab: t.id } }, t.name);
  }));
}

function field(id, label, control) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

function selectOf(id, items, chosen) {
  return h('select', { id }, items.map((i) => h('option', { value: i.code, selected: i.code === chosen }, i.name)));
}

function nodeItem(config, n, ...extra) {
  return h('li', { class: 'graph-list-item', dataset: { nodeId: String(n.id), kind: n.kind } },
    h('a', { href: nodeHref(n) }, n.name), ' ', kindChip(config, n.kind),
    nodeMeta(n) ? h('span', { class: 'muted small' }, ` ${nodeMeta(n)}`) : null, ...extra);
}

// ---- path -----------------------------------------------------------------------------------

// One end of a path: a name search whose hits are chosen with a button; the choice is a node ref.
function nodePicker(id, label, initial, config) {
  let chosen = initial || null;  // { ref, name }
  const shown = h('p', { class: 'small', id: `${id}-chosen` });
  const q = h('input', { type: 'search', id: `${id}-q`, maxlength: 100, placeholder: '名称中的字词' });
  const hits = h('ul', { class: 'graph-pick', id: `${id}-hits` });
  const status = h('div');
  const show = () => shown.replaceChildren(chosen ? h('span', null, '已选：', h('b', null, chosen.name)) : h('span', { class: 'muted' }, '尚未选择'));
  show();
  const search = async () => {
    hits.replaceChildren();
    for (const n of (await searchNodes(q.value, status)) || []) {
      const pick = h('button', { type: 'button', class: 'btn btn-small' }, '选择');
      pick.addEventListener('click', () => {
        chosen = { ref: nodeRef(n), name: n.name };
        hits.replaceChildren();
        show();
      });
      hits.append(h('li', { dataset: { nodeId: String(n.id) } }, pick, ' ', n.name, ' ', kindChip(config, n.kind)));
    }
  };
  const find = h('button', { type: 'button', class: 'btn', id: `${id}-find` }, '查找');
  find.addEventListener('click', search);
  q.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      search();
    }
  });
  const el = h('fieldset', { class: 'graph-end', id }, h('legend', null, label),
    h('div', { class: 'graph-end-search' }, q, find), shown, status, hits);
  return { el, value: () => chosen };
}

async function nodeName(ref) {
  try {
    return (await api.get(`/graph/nodes/${encodeURIComponent(ref)}`)).data.name;
  } catch {
    return ref;
  }
}

async function pathTab({ config, query, navigate, asOf }) {
  const [fromName, toName] = await Promise.all([query.from ? nodeName(query.from) : null, query.to ? nodeName(query.to) : null]);
  const from = nodePicker('path-from', '起点', query.from ? { ref: query.from, name: fromName } : null, config);
  const to = nodePicker('path-to', '终点', query.to ? { ref: query.to, name: toName } : null, config);
  const problem = h('div');
  const go = h('button', { type: 'button', class: 'btn btn-primary', id: 'path-go' }, '查找路径');
  go.addEventListener('click', () => {
    const a = from.value();
    const b = to.value();
    if (!a || !b) {
      problem.replaceChildren(notice('warning', '请先选择起点和终点'));
      return;
    }
    navigate('/graph/analysis', { tab: 'path', from: a.ref, to: b.ref, as_of: asOf });
  });
  const out = [h('p', { class: 'muted' }, '两个节点之间经由您可见的平台、团队、项目、机构和企业相连的最短关联链（例如雏鹰企业如何连到一所高校）。'),
    h('div', { class: 'graph-ends' }, from.el, to.el), problem, h('div', { class: 'form-actions' }, go)];
  if (!query.from || !query.to) return out;
  let data;
  try {
    data = (await api.get('/graph/path', { from: query.from, to: query.to, as_of: asOf })).data;
  } catch (e) {
    out.push(notice('error', errText(e)));
    return out;
  }
  if (!data.found) {
    const none = notice('info', `截至 ${data.as_of}，在您可见的范围内这两个节点之间没有关联路径。`);
    none.id = 'path-result';
    out.push(none);
    return out;
  }
  const p = data.path;
  out.push(h('section', { class: 'panel', id: 'path-result' },
    h('h2', null, `${p.length} 步关联`),
    h('ol', { class: 'graph-path-steps', id: 'path-steps' }, p.nodes.map((n, i) => nodeItem(config, n,
      i < p.links.length ? h('div', { class: 'muted small graph-step-link' }, `↓ ${linkKindName(config, p.links[i].kind)}（${p.links[i].valid_from} 起）`) : null))),
    h('p', null, h('a', { class: 'btn', href: graphHref(p.nodes[0], { depth: '2' }) }, '在图谱中查看起点周围'))));
  return out;
}

// ---- hubs -----------------------------------------------------------------------------------

async function hubsTab({ config, query, navigate, asOf }) {
  const measure = MEASURES.some((m) => m.code === query.measure) ? query.measure : 'degree';
  // Platforms unless the caller chose: "all" in the address is every kind.
  const chosenKind = query.kind === undefined ? 'platform' : query.kind;
  const kind = NODE_KINDS.includes(chosenKind) ? chosenKind : '';
  const measureSel = selectOf('f-measure', MEASURES, measure);
  const kindSel = selectOf('f-hub-kind', [{ code: '', name: '全部类型' }, ...NODE_KINDS.map((k) => ({ code: k, name: kindName(config, k) }))], kind);
  const form = h('form', { class: 'filters-bar', id: 'hubs-form', novalidate: true },
    field('f-measure', '衡量方式', measureSel), field('f-hub-kind', '节点类型', kindSel),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '查看')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate('/graph/analysis', { tab: 'hubs', measure: measureSel.value, kind: kindSel.value || 'all', as_of: asOf });
  });
  let data;
  try {
    data = (await api.get('/graph/centrality', { measure, kind, limit: 20, as_of: asOf })).data;
  } catch (e) {
    return [form, notice('error', errText(e))];
  }
  const note = measure === 'betweenness'
    ? `按经过该节点的最短路径比例排序（从 ${data.sources} 个源点抽样${data.exact ? '，即全部节点' : ''}）。`
    : measure === 'pagerank' ? '按 PageRank 排序：与重要节点相连的节点得分更高。' : '按直接关联的不同节点数排序。';
  return [form,
    h('p', { class: 'muted small', id: 'hubs-summary' }, `截至 ${data.as_of}，在 ${data.node_count} 个可见节点中：${note}`),
    data.top.length
      ? h('ol', { class: 'graph-list graph-ranked', id: 'hubs-list' }, data.top.map((n) => nodeItem(config, n,
        h('span', { class: 'muted small' }, ` · 得分 ${measure === 'degree' ? n.score : n.score.toFixed(4)}`))))
      : h('p', { class: 'muted', id: 'hubs-list' }, '没有符合条件的节点。'),
    measure === 'betweenness' && !data.exact ? exactJobPanel({ config, kind, asOf }) : null];
}

// 精确计算: exact betweenness as a background job over the caller's view (one runs per server),
// its progress in sources done of the total, then its ranking in place of the sampled one. Polling
// stops when the page is left, and after an hour at most.
const POLL_MS = 500;
const MAX_POLLS = 7200;

function exactJobPanel({ config, kind, asOf }) {
  const status = h('p', { class: 'small', id: 'hubs-exact-status', 'aria-live': 'polite' });
  const result = h('div', { id: 'hubs-exact' });
  const button = h('button', { type: 'button', class: 'btn', id: 'hubs-exact-start' }, '精确计算');
  const panel = h('section', { class: 'graph-exact', id: 'hubs-exact-panel' },
    h('p', { class: 'muted small' }, '抽样结果之外，可在后台按全部节点精确计算（节点多时需要较长时间）。'), button, status, result);
  const progress = (job) => {
    const total = job.sources_total || 0;
    const pct = total ? Math.floor((100 * job.sources_done) / total) : 0;
    return `正在计算：已完成 ${job.sources_done} / ${total} 个源点（${pct}%）`;
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.replaceChildren();
    status.replaceChildren('正在开始……');
    let job;
    try {
      job = (await api.post('/graph/centrality/jobs', { kind: kind || null, limit: 20, as_of: asOf || undefined })).data;
    } catch (e) {
      status.replaceChildren(notice('error', errText(e)));
      button.disabled = false;
      return;
    }
    panel.dataset.jobId = String(job.id);
    for (let i = 0; job.status === 'running' && i < MAX_POLLS; i += 1) {
      status.replaceChildren(progress(job));
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (!panel.isConnected) return;  // the page is gone: stop asking
      try {
        job = (await api.get(`/graph/centrality/jobs/${job.id}`)).data;
      } catch (e) {
        status.replaceChildren(notice('error', errText(e)));
        button.disabled = false;
        return;
      }
    }
    button.disabled = false;
    if (job.status !== 'done') {
      status.replaceChildren(notice('error', job.status === 'running' ? '计算时间过长，请稍后再查看。' : '计算未能完成，请重试。'));
      return;
    }
    const top = job.result.top;
    status.replaceChildren(`精确结果：已完成全部 ${job.sources_done} / ${job.sources_total} 个源点。`);
    result.replaceChildren(top.length
      ? h('ol', { class: 'graph-list graph-ranked', id: 'hubs-exact-list' }, top.map((n) => nodeItem(config, n,
        h('span', { class: 'muted small' }, ` · 得分 ${n.score.toFixed(4)}`))))
      : h('p', { class: 'muted', id: 'hubs-exact-list' }, '没有符合条件的节点。'));
  });
  return panel;
}

// ---- components -----------------------------------------------------------------------------

async function componentsTab({ config, asOf }) {
  let data;
  try {
    data = (await api.get('/graph/components', { limit: 20, as_of: asOf })).data;
  } catch (e) {
    return [notice('error', errText(e))];
  }
  return [
    h('p', { id: 'components-summary' },
      `截至 ${data.as_of}，您可见的 ${data.node_count} 个节点分属 ${data.component_count} 个互不相连的部分，其中 ${data.isolated_nodes} 个节点没有任何关联。`),
    h('ol', { class: 'graph-list', id: 'components-list' }, data.components.map((c) => h('li', { class: 'graph-list-item', dataset: { size: String(c.size) } },
      h('b', null, `${c.size} 个节点`), ' ',
      h('span', { class: 'muted small' }, NODE_KINDS.filter((k) => c.by_kind[k]).map((k) => `${kindName(config, k)} ${c.by_kind[k]}`).join('、')),
      c.representative ? h('div', { class: 'small' }, '代表节点：', h('a', { href: graphHref(c.representative, { depth: '2' }) }, c.representative.name)) : null))),
  ];
}

// ---- isolated -------------------------------------------------------------------------------

async function isolatedTab({ query, navigate, asOf }) {
  const pools = await catalog.pools();
  const pool = pools.some((p) => p.id === query.pool) ? query.pool : '';
  const poolSel = selectOf('f-pool', [{ code: '', name: '全部后备库' }, ...pools.map((p) => ({ code: p.id, name: p.name_zh }))], pool);
  const form = h('form', { class: 'filters-bar', id: 'isolated-form', novalidate: true }, field('f-pool', '后备库', poolSel),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '查看')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate('/graph/analysis', { tab: 'isolated', pool: poolSel.value, as_of: asOf });
  });
  let data;
  try {
    data = (await api.get('/graph/isolated', { pool, as_of: asOf })).data;
  } catch (e) {
    return [form, notice('error', errText(e))];
  }
  const regions = await catalog.regions();
  return [form,
    h('p', { id: 'isolated-summary' }, `截至 ${data.as_of}，您可见的在库企业 ${data.members} 家，其中 ${data.isolated_count} 家没有关联任何平台、人才团队或项目。`),
    data.items.length
      ? h('ul', { class: 'graph-list', id: 'isolated-list' }, data.items.map((n) => h('li', { class: 'graph-list-item', dataset: { nodeId: String(n.id), uscc: n.uscc || '' } },
        h('a', { href: nodeHref(n) }, n.name), h('span', { class: 'muted small' }, ` ${catalog.nameOf(regions, n.region)}`))))
      : h('p', { class: 'muted', id: 'isolated-list' }, '在库企业都已有平台、团队或项目关联。')];
}

// ---- counts ---------------------------------------------------------------------------------

function sumBy(rows, key) {
  const out = new Map();
  for (const r of rows) out.set(key(r), (out.get(key(r)) || 0) + r.count);
  return [...out.entries()];
}

function countTable(id, heads, rows) {
  if (!rows.length) return h('p', { class: 'muted', id }, '暂无。');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table graph-table', id },
    h('thead', null, h('tr', null, heads.map((t, i) => h('th', { class: i === heads.length - 1 ? 'num' : null }, t)))),
    h('tbody', null, rows.map((cells) => h('tr', null, cells.map((c, i) => h('td', { class: i === cells.length - 1 ? 'num' : null }, String(c))))))));
}

const byCount = (a, b) => b[b.length - 1] - a[a.length - 1];

async function countsTab({ asOf }) {
  let data;
  let regions;
  try {
    [data, regions] = await Promise.all([api.get('/graph/counts', { as_of: asOf }).then((r) => r.data), catalog.regions()]);
  } catch (e) {
    return [notice('error', errText(e))];
  }
  const total = data.platforms_valid.reduce((s, r) => s + r.count, 0);
  const platformKinds = sumBy(data.platforms_valid, (r) => `${r.sub_kind}\u0000${r.level}`).map(([k, n]) => [...k.split('\u0000'), n]).sort(byCount);
  const platformRegions = sumBy(data.platforms_valid, (r) => r.region).map(([k, n]) => [catalog.nameOf(regions, k), n]).sort(byCount);
  const newPerYear = sumBy(data.platforms_new, (r) => r.year).sort((a, b) => b[0] - a[0]);
  const teams = sumBy(data.talent_teams_valid, (r) => r.programme).sort(byCount);
  const rd = sumBy(data.rd_institutions_valid, (r) => r.level).sort(byCount);
  const projects = data.projects_new.map((r) => [r.year, r.tier ? `${r.programme}·${r.tier}` : r.programme, r.count]).sort((a, b) => b[0] - a[0] || b[2] - a[2]);
  const perYear = (rows) => rows.map((r) => [r.year, r.count]).sort((a, b) => b[0] - a[0]);
  return [
    h('p', { id: 'counts-summary' }, `截至 ${data.as_of}，您可见的有效创新平台 ${total} 个。`),
    h('section', { class: 'panel' }, h('h2', null, '有效平台：类别与级别'), countTable('counts-platforms', ['类别', '级别', '数量'], platformKinds)),
    h('section', { class: 'panel' }, h('h2', null, '有效平台：责任县区'), countTable('counts-platform-regions', ['县区', '数量'], platformRegions)),
    h('section', { class: 'panel' }, h('h2', null, '新认定（备案）平台：按年份'), countTable('counts-platforms-new', ['年份', '数量'], newPerYear)),
    h('section', { class: 'panel' }, h('h2', null, '有效人才团队：按计划'), countTable('counts-teams', ['计划', '数量'], teams)),
    h('section', { class: 'panel' }, h('h2', null, '新型研发机构：按级别'), countTable('counts-rd', ['级别', '数量'], rd)),
    h('section', { class: 'panel' }, h('h2', null, '新立项目：按年份与计划'), countTable('counts-projects', ['年份', '计划', '数量'], projects)),
    h('section', { class: 'panel' }, h('h2', null, '科技成果转移转化项目'), countTable('counts-tech-transfer', ['年份', '数量'], perYear(data.tech_transfer_projects_new))),
    h('section', { class: 'panel' }, h('h2', null, '中德（欧）合作项目'), countTable('counts-sino-german', ['年份', '数量'], perYear(data.sino_german_projects_new))),
  ];
}

const RENDER = { path: pathTab, hubs: hubsTab, components: componentsTab, isolated: isolatedTab, counts: countsTab };

export default async function graphAnalysisPage({ root, query, navigate, isCurrent }) {
  const tab = RENDER[query.tab] ? query.tab : 'path';
  const today = todayCst();
  const asOf = query.as_of && query.as_of !== today ? query.as_of : '';
  mount(root, pageHeader(TITLE), tabNav(tab, asOf), loading());
  const config = await graphConfigOrError(root, TITLE, isCurrent);
  if (!config) return;
  const dateInput = h('input', { type: 'date', id: 'f-analysis-as-of', value: asOf || today });
  dateInput.addEventListener('change', () => {
    if (!dateInput.value) return;
    navigate('/graph/analysis', { ...query, tab, as_of: dateInput.value === today ? '' : dateInput.value });
  });
  let content;
  try {
    content = await RENDER[tab]({ config, query, navigate, asOf });
  } catch (e) {
    if (!isCurrent()) return;
    mount(root, pageHeader(TITLE), tabNav(tab, asOf), e instanceof ApiError ? notice('error', errText(e)) : errorPanel(e));
    return;
  }
  if (!isCurrent()) return;
  mount(root,
    pageHeader(TITLE, h('a', { class: 'btn', href: '#/graph' }, '图谱')),
    tabNav(tab, asOf),
    h('div', { class: 'filters-bar graph-as-of' }, field('f-analysis-as-of', '截至日期', dateInput)),
    h('div', { class: 'graph-analysis', id: `analysis-${tab}` }, content));
}
