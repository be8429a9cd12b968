// #/reports/scorecard?as_of= — the 55 key tasks of the plan (GET /api/v1/reports/scorecard): each
// with its metrics' attainment or its latest status update on the date, rolled up per lead unit
// and per responsible body; the bureau records a task's status (POST reports/tasks/{n}/status,
// audited). CSV/XLSX downloads of the three tables.

import { api, ApiError } from '../api.js';
import { h, mount } from '../dom.js';
import { messageFor } from '../i18n.js';
import * as session from '../session.js';
import { errorPanel, fieldRow, flashNext, loading, notice, pageHeader, setFieldError, clearFieldErrors } from '../ui.js';
import { todayCst } from './liaison-common.js';
import { exportLinks, pct } from './reports-common.js';

const TITLE = '重点任务推进';
const STATE_NAMES = { measured: '按指标', not_yet_measured: '指标待统计', no_target: '无目标', no_update: '未报告' };

function stateText(row, statuses) {
  if (row.state === 'measured') return `完成率 ${pct(row.attainment)}`;
  const s = statuses.find((x) => x.id === row.state);
  return s ? s.name_zh : STATE_NAMES[row.state] || row.state;
}

function statusForm(row, statuses, onSaved) {
  const status = h('select', { id: `f-status-${row.task}` }, statuses.map((s) => h('option', { value: s.id }, s.name_zh)));
  const on = h('input', { type: 'date', id: `f-on-${row.task}`, value: todayCst(), max: todayCst() });
  const unit = h('select', { id: `f-unit-${row.task}` }, row.lead_units.map((u) => h('option', { value: u }, u)));
  const note = h('textarea', { id: `f-note-${row.task}`, rows: 2, maxlength: 2000 });
  const form = h('form', { class: 'status-form', dataset: { task: row.task }, novalidate: true },
    fieldRow('status', '状态', status, { required: true }),
    fieldRow('on', '日期', on, { required: true }),
    fieldRow('unit', '报告单位（牵头单位）', unit, { required: true }),
    fieldRow('note', '进展说明', note),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '保存状态'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    try {
      await api.post(`/reports/tasks/${row.task}/status`, { status: status.value, on: on.value, unit: unit.value, note: note.value });
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.field && setFieldError(form, e.field, messageFor(e))) return;
      form.prepend(notice('error', messageFor(e)));
    }
  });
  return form;
}

function rollupTable(id, label, units) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id },
    h('thead', null, h('tr', null, [label, '任务数', '有指标', '平均完成率', '已完成', '推进中', '滞后', '未启动'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, units.map((u) => h('tr', null,
      h('th', { scope: 'row' }, u.unit),
      h('td', { class: 'num' }, String(u.tasks)),
      h('td', { class: 'num' }, String(u.measured)),
      h('td', { class: 'num' }, pct(u.mean_attainment)),
      ['done', 'in_progress', 'delayed', 'not_started'].map((k) => h('td', { class: 'num' }, String(u.states[k] || 0))))))));
}

export default async function scorecardPage({ root, query, navigate, isCurrent }) {
  const user = session.user();
  mount(root, pageHeader(TITLE), loading());
  let plan;
  let card;
  try {
    [plan, card] = await Promise.all([
      api.get('/reports/plan').then((r) => r.data),
      api.get('/reports/scorecard', { as_of: query.as_of }).then((r) => r.data),
    ]);
  } catch (e) {
    if (isCurrent()) mount(root, pageHeader(TITLE), errorPanel(e));
    return;
  }
  if (!isCurrent()) return;
  const canRecord = user.role === 'bureau';
  const reload = () => {
    flashNext('状态已保存', 'success');
    navigate('/reports/scorecard', { as_of: query.as_of }, { replace: true });
  };
  const dateInput = h('input', { type: 'date', id: 'f-as-of', value: card.as_of, max: todayCst() });
  const form = h('form', { class: 'filters-bar', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'f-as-of' }, '统计日期'), dateInput),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '统计'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate('/reports/scorecard', { as_of: dateInput.value });
  });
  const priorities = new Map(plan.priorities.map((p) => [p.number, p.title_zh]));
  const tasks = h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'task-table' },
    h('thead', null, h('tr', null, ['序号', '重点任务', '牵头单位', '完成情况', '最近报告', canRecord ? '' : null].filter((x) => x !== null).map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, card.tasks.map((row) => h('tr', { dataset: { task: row.task, state: row.state } },
      h('td', { class: 'num' }, String(row.task)),
      h('td', null, h('span', { class: 'muted small' }, priorities.get(row.priority) || ''), h('br'), row.text_zh),
      h('td', null, row.lead_units.join('、')),
      h('td', { class: 'task-state' }, stateText(row, plan.statuses)),
      h('td', { class: 'small' }, row.status ? `${row.status.on} ${row.status.unit}：${row.status.note || ''}` : '—'),
      canRecord ? h('td', null, h('details', { class: 'status-details' }, h('summary', { class: 'btn btn-quiet' }, '报告进展'),
        statusForm(row, plan.statuses, reload))) : null)))));
  mount(root, pageHeader(`${TITLE} · 截至 ${card.as_of}`, h('a', { class: 'btn', href: '#/dashboard' }, '看板'),
    exportLinks('scorecard', { as_of: card.as_of })),
    form,
    h('p', { class: 'muted small' }, `共 ${card.tasks.length} 项任务。有指标的任务按其指标完成率（每项最多计100%）的平均值；无指标的任务按牵头单位最近一次报告的状态。`),
    h('section', { class: 'panel' }, h('h2', null, '任务清单'), tasks),
    h('section', { class: 'panel' }, h('h2', null, '按牵头单位'), rollupTable('lead-unit-table', '牵头单位', card.lead_units)),
    h('section', { class: 'panel' }, h('h2', null, '按责任主体'), rollupTable('body-table', '责任主体', card.responsible_bodies)));
}
