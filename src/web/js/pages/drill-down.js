// #/reports/drill-down?report=&metric=&measure=&stage=&kind=&pool=&cohort=&outcome=&region=&as_of=&from=
// — the list behind a figure of the dashboard (GET /api/v1/reports/drill-down), 50 rows a page
// with the total the caller may see, and the whole list as CSV/XLSX (every page, in scope). A graph
// metric's list (rows: "graph_nodes") holds platforms, talent teams or projects, each linked to
// its graph node page.

import { api, ApiError } from '../api.js';
import * as catalog from '../catalog.js';
import { h, mount } from '../dom.js';
import { formatCount, messageFor } from '../i18n.js';
import { errorPanel, loading, notice, pageHeader, backLink } from '../ui.js';
import { loadStages, poolName, stageName } from './ladder-common.js';
import { nodeHref } from './graph-common.js';
import { enterpriseHref } from './liaison-common.js';
import { exportLinks, fixed } from './reports-common.js';

const PAGE_SIZE = 50;
const PARAMS = ['report', 'metric', 'measure', 'stage', 'kind', 'pool', 'cohort', 'outcome', 'region', 'as_of', 'from'];
const MEASURES = { actual: '实际', new: '本年新增', forecast: '年末预测候选' };
const KINDS = { holders: '持有', top: '最高梯队', up: '上升', down: '下降', expiring_6: '6个月内到期', expiring_12: '12个月内到期' };
const OUTCOMES = { entered: '入库', reached_1: '1年内达成', reached_2: '2年内达成', reached_3: '3年内达成', reached: '已达成', exited: '出库', open: '在库' };

function describe(q, plan, regions) {
  const parts = [];
  if (q.report === 'progress') {
    const m = plan.metrics.find((x) => x.key === q.metric);
    parts.push(m ? m.name_zh : q.metric, MEASURES[q.measure || 'actual'] || q.measure);
  } else if (q.report === 'ladder') {
    if (q.stage) parts.push(stageName(q.stage));
    parts.push(KINDS[q.kind] || q.kind);
  } else if (q.report === 'funnel') {
    parts.push(poolName(q.pool), `${q.cohort}年入库`, OUTCOMES[q.outcome] || q.outcome);
  }
  parts.push(q.region ? catalog.nameOf(regions, q.region) : '全市');
  return parts.join(' · ');
}

export default async function drillDownPage({ root, query, navigate, isCurrent }) {
  const q = Object.fromEntries(PARAMS.filter((k) => query[k]).map((k) => [k, query[k]]));
  const title = '名单';
  mount(root, pageHeader(title), loading());
  let page;
  let plan;
  let regions;
  try {
    await loadStages();
    [plan, regions, page] = await Promise.all([
      api.get('/reports/plan').then((r) => r.data),
      catalog.regions(),
      api.get('/reports/drill-down', { ...q, limit: PAGE_SIZE, cursor: query.cursor }).then((r) => r.data),
    ]);
  } catch (e) {
    if (!isCurrent()) return;
    mount(root, backLink('#/dashboard', '看板'), pageHeader(title),
      e instanceof ApiError && e.status === 422 ? notice('error', `名单条件有误：${messageFor(e)}`) : errorPanel(e));
    return;
  }
  if (!isCurrent()) return;
  const offset = Number(query.cursor || 0);
  const dateLabel = page.date_label || '日期';
  const showWeight = q.report === 'progress' && q.measure === 'forecast';
  const graph = page.rows === 'graph_nodes';
  const metric = q.report === 'progress' ? plan.metrics.find((x) => x.key === q.metric) : null;
  const unit = graph ? (metric && metric.unit_zh) || '个' : '家';
  const nodeTable = () => h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'drill-table' },
    h('thead', null, h('tr', null, ['#', '名称', '县（市、区）', '类别', dateLabel, '级别/状态'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, page.items.map((i, n) => h('tr', { dataset: { node: String(i.node_id) } },
      h('td', { class: 'num muted' }, String(offset + n + 1)),
      h('th', { scope: 'row' }, h('a', { href: nodeHref({ id: i.node_id, kind: i.kind }) }, i.name)),
      h('td', null, catalog.nameOf(regions, i.region)),
      h('td', null, i.stage || '—'),
      h('td', null, i.date || '—'),
      h('td', null, i.note || ''))))));
  const table = page.items.length && graph ? nodeTable() : page.items.length
    ? h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'drill-table' },
      h('thead', null, h('tr', null, ['#', '企业名称', '统一社会信用代码', '县（市、区）', '梯队', dateLabel, showWeight ? '预测权重' : null, '备注']
        .filter((x) => x !== null).map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', null, page.items.map((i, n) => h('tr', { dataset: { uscc: i.uscc } },
        h('td', { class: 'num muted' }, String(offset + n + 1)),
        h('th', { scope: 'row' }, h('a', { href: enterpriseHref(i.uscc) }, i.name)),
        h('td', { class: 'mono' }, i.uscc),
        h('td', null, catalog.nameOf(regions, i.region)),
        h('td', null, i.stage ? stageName(i.stage) : '—'),
        h('td', null, i.date || '—'),
        showWeight ? h('td', { class: 'num' }, fixed(i.weight, 3)) : null,
        h('td', null, i.note || ''))))))
    : notice('info', graph ? '没有符合条件的平台、团队或项目（或不在您的查看范围内）。' : '没有符合条件的企业（或不在您的查看范围内）。');
  const pager = h('div', { class: 'pager' },
    offset > 0 ? h('button', { type: 'button', class: 'btn', id: 'drill-prev', onclick: () => navigate('/reports/drill-down', { ...q, cursor: String(Math.max(0, offset - PAGE_SIZE)) || undefined }) }, '上一页') : null,
    page.next_cursor ? h('button', { type: 'button', class: 'btn', id: 'drill-next', onclick: () => navigate('/reports/drill-down', { ...q, cursor: page.next_cursor }) }, '下一页') : null);
  mount(root, backLink(`#/dashboard${q.as_of ? `?as_of=${q.as_of}` : ''}`, '看板'),
    pageHeader(`${title} · ${describe(q, plan, regions)}`, exportLinks('drill-down', q, '导出全部')),
    h('p', { class: 'drill-total', id: 'drill-total' }, '共 ', h('b', null, formatCount(page.total)), ` ${unit}`,
      page.total > 0 ? h('span', { class: 'muted' }, `，第 ${offset + 1}–${offset + page.items.length} ${unit}`) : null,
      h('span', { class: 'muted small' }, ` · 截至 ${page.as_of}`)),
    table, pager,
    h('p', { class: 'muted small' }, graph
      ? '名单只列出您有权查看的（本县区负责的）平台、团队或项目；导出文件包含全部页。'
      : '名单只列出您有权查看的企业；导出文件包含全部页（最多 200,000 行）。'));
}
