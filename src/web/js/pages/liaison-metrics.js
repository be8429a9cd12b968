// #/liaison/metrics?region=&from=&to= — the liaison figures for a region and a period
// (GET /api/v1/liaison/metrics): coverage, contacts per member, contact within cadence, problems
// raised and resolved, resolution rate, median days to resolve, satisfaction rate; then the same
// per officer, with their sum and, where the rows and the cards differ, why. Bureau and county
// users (a county sees its own region) and liaison officers (their own enterprises only).

import { api, ApiError } from '../api.js';
import * as catalog from '../catalog.js';
import { exportBox } from '../download.js';
import { h, mount } from '../dom.js';
import { messageFor } from '../i18n.js';
import * as session from '../session.js';
import { errorPanel, loading, notice, pageHeader } from '../ui.js';
import { number, percent } from './liaison-common.js';

const FIGURES = [
  ['coverage', '联络覆盖率', (t) => percent(t.coverage), (t) => `${t.members_assigned ?? '—'} / ${t.members} 家后备企业有联络员`],
  ['contacts_per_member', '户均联系次数', (t) => number(t.contacts_per_member), (t) => `期内联系 ${t.contacts} 次`],
  ['within_cadence_rate', '按期联系率', (t) => percent(t.within_cadence_rate), (t) => `${t.members_within_cadence} 家按周期联系`],
  ['problems_raised', '诉求', (t) => String(t.problems_raised), (t) => `已解决 ${t.problems_resolved} 件`],
  ['resolution_rate', '解决率', (t) => percent(t.resolution_rate), (t) => (t.median_days_to_resolve === null ? '尚无已解决诉求' : `解决用时中位数 ${number(t.median_days_to_resolve)} 天`)],
  ['satisfaction_rate', '满意率', (t) => percent(t.satisfaction_rate), (t) => `销号 ${t.problems_closed} 件，满意 ${t.problems_satisfied} 件`],
];

export default async function liaisonMetricsPage({ root, query, navigate, isCurrent }) {
  const user = session.user();
  const title = '联络服务统计';
  const own = user.role === 'liaison'; // a liaison officer sees its own figures only (the server says so too)
  if (user.role !== 'bureau' && user.role !== 'county' && !own) {
    mount(root, pageHeader(title), notice('info', '联络服务统计供市科技局、县区和联络员查看。'));
    return;
  }
  mount(root, pageHeader(title), loading());
  let regions;
  let data;
  try {
    regions = await catalog.regions();
    ({ data } = await api.get('/liaison/metrics', { region: user.region_scope ? '' : query.region, from: query.from, to: query.to }));
  } catch (e) {
    if (!isCurrent()) return;
    if (e instanceof ApiError && e.status === 422) {
      mount(root, pageHeader(title), notice('error', `统计条件有误：${messageFor(e)}`), h('a', { class: 'btn', href: '#/liaison/metrics' }, '按默认条件查看'));
    } else {
      mount(root, pageHeader(title), errorPanel(e));
    }
    return;
  }
  if (!isCurrent()) return;

  const regionSelect = user.region_scope ? null : h('select', { id: 'f-region' },
    h('option', { value: '' }, '全市'),
    regions.map((r) => h('option', { value: r.code, selected: r.code === (data.region || '') }, r.name)));
  const from = h('input', { type: 'date', id: 'f-from', value: data.from });
  const to = h('input', { type: 'date', id: 'f-to', value: data.to });
  const form = h('form', { class: 'filters-bar', novalidate: true },
    regionSelect ? h('div', { class: 'field' }, h('label', { for: 'f-region' }, '县区'), regionSelect) : null,
    h('div', { class: 'field' }, h('label', { for: 'f-from' }, '自'), from),
    h('div', { class: 'field' }, h('label', { for: 'f-to' }, '至'), to),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '统计'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate('/liaison/metrics', { region: regionSelect ? regionSelect.value : '', from: from.value, to: to.value });
  });

  const t = data.totals;
  const cards = h('div', { class: 'metric-cards', id: 'metric-cards' },
    FIGURES.filter(([key]) => !(own && key === 'coverage')).map(([key, label, value, sub]) => h('div', { class: 'metric-card', dataset: { metric: key } },
      h('span', { class: 'metric-label' }, label),
      h('span', { class: 'metric-value' }, value(t)),
      h('span', { class: 'metric-sub muted small' }, sub(t)))));

  // The officer rows against the card: they add up, or the page says by how much and why.
  const sum = data.officers.reduce((a, o) => ({
    members: a.members + o.members, contacts: a.contacts + o.contacts, within: a.within + o.members_within_cadence,
    raised: a.raised + o.problems_raised, resolved: a.resolved + o.problems_resolved,
  }), { members: 0, contacts: 0, within: 0, raised: 0, resolved: 0 });
  const reasons = [];
  if (t.members !== sum.members) {
    reasons.push(`${t.members - sum.members} 家后备企业尚未分配联络员，计入全市（县区）数字，不在联络员行中`);
  }
  if (t.contacts !== sum.contacts) {
    reasons.push(`期内有 ${t.contacts - sum.contacts} 次联系不是由现任联络员对其负责企业记录的（县区、市局人员记录，或企业已改由他人负责）`);
  }
  if (t.members_within_cadence !== sum.within) {
    reasons.push(`按期联系：卡片 ${t.members_within_cadence} 家，联络员合计 ${sum.within} 家；按期联系按企业计算，由谁联系都算`);
  }
  if (t.problems_raised !== sum.raised) reasons.push(`诉求：卡片 ${t.problems_raised} 件，联络员合计 ${sum.raised} 件`);
  const reconcile = !data.officers.length ? null : reasons.length
    ? h('div', { class: 'notice notice-info', id: 'metrics-reconcile' }, h('p', null, '上方卡片与联络员合计不同，原因：'), h('ul', null, reasons.map((r) => h('li', null, r))))
    : h('p', { class: 'muted small', id: 'metrics-reconcile' }, '联络员各行之和与上方卡片一致。');

  const table = data.officers.length
    ? h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'officer-metrics' },
      h('thead', null, h('tr', null,
        ['联络员', '负责企业', '联系次数', '按期联系', '诉求', '已解决', '解决率', '满意率'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', null, data.officers.map((o) => h('tr', { dataset: { officer: o.officer.login } },
        h('th', { scope: 'row' }, h('a', { href: `#/liaison?officer=${encodeURIComponent(o.officer.login)}` }, o.officer.display_name || o.officer.login)),
        h('td', null, String(o.members)),
        h('td', null, String(o.contacts)),
        h('td', null, percent(o.within_cadence_rate)),
        h('td', null, String(o.problems_raised)),
        h('td', null, String(o.problems_resolved)),
        h('td', null, percent(o.resolution_rate)),
        h('td', null, percent(o.satisfaction_rate))))),
      h('tfoot', null, h('tr', { id: 'officer-sum' },
        h('th', { scope: 'row' }, '联络员合计'),
        h('td', null, String(sum.members)),
        h('td', null, String(sum.contacts)),
        h('td', null, `${sum.within} 家`),
        h('td', null, String(sum.raised)),
        h('td', null, String(sum.resolved)),
        h('td', { colspan: 2 }, '')))))
    : notice('info', '该范围内还没有联络员。');

  const scope = own ? '我负责的企业' : (data.region ? catalog.nameOf(regions, data.region) : '全市');
  mount(root, pageHeader(`${title} · ${scope}`, ...(own ? [] : [h('a', { class: 'btn', href: `#/problems${data.region && !user.region_scope ? `?region=${data.region}` : ''}` }, '问题台账')])),
    form,
    h('p', { class: 'muted small' }, `统计期 ${data.from} 至 ${data.to}。满意率为销号诉求中满意度达到满意的比例；按期联系按重点月度、中长期季度的周期计算。`),
    // 导出走访台账: the contacts of this scope and period, one row each (GET /contacts?format=).
    h('div', { class: 'section-actions', id: 'contact-log-export' }, h('span', null, '走访台账'),
      exportBox({ path: '/contacts', params: () => ({ region: data.region || '', from: data.from, to: data.to }), fileName: `走访台账_${data.from}_${data.to}`, noun: '走访记录' })),
    cards,
    own ? null : h('section', { class: 'panel' }, h('h2', null, '按联络员'), table, reconcile));
}
