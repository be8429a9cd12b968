// #/reports/targets?metric=&period= — the bureau splits a city target across the regions
// (GET /api/v1/reports/targets, PUT /api/v1/reports/targets/{metric}/{period}, audited): one
// number per region, their sum against the city's target shown as it is typed.

import { api, ApiError } from '../api.js';
import * as catalog from '../catalog.js';
import { h, mount } from '../dom.js';
import { messageFor } from '../i18n.js';
import * as session from '../session.js';
import { errorPanel, flashNext, loading, notice, pageHeader } from '../ui.js';

const TITLE = '目标分解';

export default async function targetsPage({ root, query, navigate, isCurrent }) {
  const user = session.user();
  mount(root, pageHeader(TITLE), loading());
  let regions;
  let plan;
  let targets;
  try {
    [regions, plan, targets] = await Promise.all([
      catalog.regions(),
      api.get('/reports/plan').then((r) => r.data),
      api.get('/reports/targets').then((r) => r.data),
    ]);
  } catch (e) {
    if (isCurrent()) mount(root, pageHeader(TITLE), errorPanel(e));
    return;
  }
  if (!isCurrent()) return;
  // /regions lists the city too: the split is across the others.
  const cityCode = (regions.find((r) => r.type === 'city') || {}).code;
  regions = regions.filter((r) => r.code !== cityCode);
  const metricName = (key) => (plan.metrics.find((m) => m.key === key) || { name_zh: key }).name_zh;
  const city = targets.config.filter((t) => t.region === cityCode);
  const chosen = city.find((t) => t.metric === query.metric && t.period === query.period) || city[0];
  const picker = h('select', { id: 'f-target' }, city.map((t) => h('option', { value: `${t.metric}|${t.period}`, selected: t === chosen },
    `${metricName(t.metric)} · ${t.period} · ${t.bound === 'about' ? '约' : '≥'}${t.value}`)));
  picker.addEventListener('change', () => {
    const [metric, period] = picker.value.split('|');
    navigate('/reports/targets', { metric, period });
  });
  const current = (code) => {
    const s = targets.splits.find((t) => t.metric === chosen.metric && t.period === chosen.period && t.region === code);
    if (s) return s.value;
    const c = targets.config.find((t) => t.metric === chosen.metric && t.period === chosen.period && t.region === code);
    return c ? c.value : '';
  };
  const inputs = regions.map((r) => h('input', { type: 'number', min: 0, step: 1, id: `f-split-${r.code}`, dataset: { region: r.code }, value: current(r.code) }));
  const sum = h('p', { id: 'split-sum', role: 'status' });
  const update = () => {
    const total = inputs.reduce((n, i) => n + (Number(i.value) || 0), 0);
    const diff = total - chosen.value;
    sum.textContent = `合计 ${total}，全市目标 ${chosen.value}${diff === 0 ? '，一致' : `，${diff > 0 ? '多' : '少'} ${Math.abs(diff)}`}`;
  };
  inputs.forEach((i) => i.addEventListener('input', update));
  update();
  const canSplit = user.role === 'bureau';
  const form = h('form', { id: 'split-form', novalidate: true },
    h('table', { class: 'data-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, '县（市、区）'), h('th', { scope: 'col' }, '分解目标'))),
      h('tbody', null, regions.map((r, n) => h('tr', { dataset: { region: r.code } },
        h('th', { scope: 'row' }, h('label', { for: inputs[n].id }, r.name)), h('td', null, inputs[n]))))),
    sum,
    canSplit ? h('button', { type: 'submit', class: 'btn btn-primary' }, '保存分解') : notice('info', '目标分解由市科技局填写。'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!canSplit) return;
    const body = { regions: {} };
    for (const i of inputs) if (i.value !== '') body.regions[i.dataset.region] = Number(i.value);
    try {
      await api.put(`/reports/targets/${encodeURIComponent(chosen.metric)}/${encodeURIComponent(chosen.period)}`, body);
      flashNext('目标分解已保存', 'success');
      navigate('/reports/targets', { metric: chosen.metric, period: chosen.period }, { replace: true });
    } catch (e) {
      const at = e instanceof ApiError && e.field ? e.field.replace(/^regions\./, '') : '';
      const input = inputs.find((i) => i.dataset.region === at);
      if (input) input.setAttribute('aria-invalid', 'true');
      form.prepend(notice('error', `${input ? `${regions.find((r) => r.code === at).name}：` : ''}${messageFor(e)}`));
    }
  });
  mount(root, pageHeader(TITLE, h('a', { class: 'btn', href: '#/dashboard' }, '看板')),
    city.length ? h('div', { class: 'filters-bar' }, h('div', { class: 'field' }, h('label', { for: 'f-target' }, '全市目标'), picker)) : null,
    city.length ? form : notice('info', '配置中没有全市目标。'),
    h('p', { class: 'muted small' }, '分解保存后替换该目标原有的全部分解；各县区的完成率按分解目标计算。'));
}
