// #/reports/roadmap-book?pool=&target_year=&region=&as_of= — the growth-roadmap book the bureau
// pulls (GET /api/v1/reports/roadmap-book): per county, every member's rung, target and
// milestones by month with their gap and status on the date. Laid out for A4 paper: the browser
// prints it or saves it as PDF, one enterprise a page (CSS @media print); the same book as XLSX,
// one sheet per county.

import { api, ApiError } from '../api.js';
import * as catalog from '../catalog.js';
import { h, mount } from '../dom.js';
import { messageFor } from '../i18n.js';
import * as session from '../session.js';
import { errorPanel, loading, notice, pageHeader } from '../ui.js';
import { POOLS, loadStages } from './ladder-common.js';
import { todayCst } from './liaison-common.js';
import { exportHref } from './reports-common.js';

const TITLE = '成长路线图台账';
const STATUS = { planned: '计划', done: '已完成', overdue: '逾期', waived: '免除' };

// The rows of one county's table, grouped by enterprise (rows come by USCC, then due date).
function members(table) {
  const col = Object.fromEntries(table.columns.map((c, i) => [c.key, i]));
  const out = [];
  for (const r of table.rows) {
    let m = out[out.length - 1];
    if (!m || m.uscc !== r[col.uscc]) {
      m = { uscc: r[col.uscc], name: r[col.name], rung: r[col.rung], target: r[col.target], tier: r[col.tier], entered: r[col.entered_on], milestones: [] };
      out.push(m);
    }
    if (r[col.due_on]) m.milestones.push({ month: r[col.month], due: r[col.due_on], title: r[col.milestone], gap: r[col.gap], status: r[col.status] });
  }
  return out;
}

function memberPage(m, county, poolLabel, year, asOf) {
  return h('section', { class: 'book-member', dataset: { uscc: m.uscc } },
    h('header', { class: 'book-member-head' },
      h('p', { class: 'book-kicker' }, `${county} · ${poolLabel} · 目标年份 ${year} · 截至 ${asOf}`),
      h('h2', null, m.name),
      h('dl', { class: 'book-facts' },
        h('dt', null, '统一社会信用代码'), h('dd', { class: 'mono' }, m.uscc),
        h('dt', null, '当前梯队'), h('dd', null, m.rung || '尚无'),
        h('dt', null, '目标梯队'), h('dd', null, m.target),
        h('dt', null, '层级'), h('dd', null, m.tier),
        h('dt', null, '入库日期'), h('dd', null, m.entered))),
    m.milestones.length
      ? h('table', { class: 'data-table book-table' },
        h('thead', null, h('tr', null, ['月份', '节点日期', '节点', '差距', '状态'].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', null, m.milestones.map((k) => h('tr', { class: k.status === 'overdue' ? 'row-overdue' : null },
          h('td', null, k.month), h('td', null, k.due), h('td', null, k.title), h('td', null, k.gap || ''),
          h('td', null, STATUS[k.status] || k.status)))))
      : h('p', { class: 'muted' }, '尚未制定路线图节点。'));
}

export default async function roadmapBookPage({ root, query, navigate, isCurrent }) {
  const user = session.user();
  mount(root, pageHeader(TITLE), loading());
  let regions;
  try {
    await loadStages();
    regions = await catalog.regions();
  } catch (e) {
    if (isCurrent()) mount(root, pageHeader(TITLE), errorPanel(e));
    return;
  }
  const pool = query.pool || (POOLS[0] && POOLS[0].id);
  const year = query.target_year || String(Number(todayCst().slice(0, 4)) + 1);
  const params = { pool, target_year: year, region: user.region_scope ? '' : query.region, as_of: query.as_of };
  let data;
  try {
    data = (await api.get('/reports/roadmap-book', params)).data;
  } catch (e) {
    if (!isCurrent()) return;
    mount(root, pageHeader(TITLE), e instanceof ApiError && e.status === 422 ? notice('error', `条件有误：${messageFor(e)}`) : errorPanel(e));
    return;
  }
  if (!isCurrent()) return;
  const poolSelect = h('select', { id: 'f-pool' }, POOLS.map((p) => h('option', { value: p.id, selected: p.id === pool }, p.name)));
  const yearInput = h('input', { type: 'number', id: 'f-year', value: year, min: 2000, max: 2100, step: 1 });
  const regionSelect = user.region_scope ? null : h('select', { id: 'f-region' }, h('option', { value: '' }, '全部县区'),
    regions.map((r) => h('option', { value: r.code, selected: r.code === query.region }, r.name)));
  const asOf = h('input', { type: 'date', id: 'f-as-of', value: query.as_of || todayCst(), max: todayCst() });
  const form = h('form', { class: 'filters-bar no-print', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'f-pool' }, '后备库'), poolSelect),
    h('div', { class: 'field' }, h('label', { for: 'f-year' }, '目标年份'), yearInput),
    regionSelect ? h('div', { class: 'field' }, h('label', { for: 'f-region' }, '县区'), regionSelect) : null,
    h('div', { class: 'field' }, h('label', { for: 'f-as-of' }, '截至'), asOf),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '生成'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate('/reports/roadmap-book', { pool: poolSelect.value, target_year: yearInput.value, region: regionSelect ? regionSelect.value : '', as_of: asOf.value === todayCst() ? '' : asOf.value });
  });
  const poolLabel = (POOLS.find((p) => p.id === pool) || { name: pool }).name;
  const day = query.as_of || todayCst();
  const books = data.tables.map((t) => ({ county: t.name, members: members(t) }));
  const count = books.reduce((n, b) => n + b.members.length, 0);
  mount(root,
    h('div', { class: 'no-print' }, pageHeader(TITLE,
      h('button', { type: 'button', class: 'btn', id: 'book-print', onclick: () => window.print() }, '打印 / 存为PDF'),
      h('a', { class: 'btn', href: exportHref('roadmap-book', params, 'xlsx'), download: '', dataset: { export: 'xlsx' } }, 'Excel（每县一页签）')),
    form,
    h('p', { class: 'muted small', id: 'book-count' }, `${count} 家企业，${books.length} 个县（市、区）。打印时每家企业一页（A4）。`)),
    count ? null : notice('info', '没有符合条件的在库企业（或不在您的查看范围内）。'),
    h('div', { class: 'book', id: 'book' }, books.map((b) => h('div', { class: 'book-county', dataset: { county: b.county } },
      b.members.map((m) => memberPage(m, b.county, poolLabel, year, day))))));
}
