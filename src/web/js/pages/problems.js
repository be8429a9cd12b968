// #/problems?region=&status=&owner_unit=&category=&overdue=1&enterprise= — the problem board
// (问题台账): problems raised in liaison contacts, grouped by owner unit, each with its status and
// deadline, and the status changes the transition table allows (GET /api/v1/liaison/config
// problem_statuses): start, resolve (with how), escalate, close (销号) with the enterprise's
// satisfaction 1–5. Every change sends the version read (If-Match); a 409 reloads the card.

import { api, ApiError } from '../api.js';
import * as catalog from '../catalog.js';
import { exportBox } from '../download.js';
import { append, h, mount } from '../dom.js';
import { formatDateTime, messageFor } from '../i18n.js';
import * as session from '../session.js';
import { errorPanel, loading, notice, pageHeader } from '../ui.js';
import {
  SATISFACTION_NAMES, STATUS_ACTIONS, STATUS_NAMES, deadlineText, enterpriseHref, labelOf, liaisonConfig, percent,
  statusChip,
} from './liaison-common.js';

const PAGE = 200;

const TRANSITION_MESSAGES = {
  illegal_transition: '该诉求当前状态不允许此操作，已刷新。',
  problem_closed: '该诉求已销号，不能再修改。',
  stale_version: '该诉求刚被他人更新，已刷新为最新状态，请确认后再操作。',
};

function canChange(user) {
  return ['bureau', 'county', 'liaison'].includes(user.role);
}

// The actions offered on a problem in `status`, in the order a user works through them.
function nextStatuses(config, status) {
  const row = config.problem_statuses.find((s) => s.code === status);
  const order = ['in_progress', 'resolved', 'closed', 'escalated'];
  return row ? order.filter((s) => row.next.includes(s)) : [];
}

function problemCard(p, ctx) {
  const { config, user, onChanged } = ctx;
  const overdue = p.overdue;
  const card = h('li', { class: ['problem-card', `is-${p.status}`, overdue && 'is-overdue'], dataset: { problemId: p.id, status: p.status } });
  const status = h('div', { class: 'card-status' });

  const actions = h('div', { class: 'card-actions' });
  const extra = h('div', { class: 'card-extra' });

  async function change(body) {
    status.replaceChildren();
    for (const b of card.querySelectorAll('button')) b.disabled = true;
    try {
      const { data } = await api.patch(`/problems/${p.id}`, body, { headers: { 'If-Match': `"${p.version}"` } });
      onChanged(data, card, `${data.enterprise.name}：${STATUS_NAMES[data.status]}`);
    } catch (err) {
      for (const b of card.querySelectorAll('button')) b.disabled = false;
      if (err instanceof ApiError && err.status === 401) return;
      if (err instanceof ApiError && (err.status === 409 || err.code === 'illegal_transition' || err.code === 'problem_closed')) {
        try {
          const { data } = await api.get(`/problems/${p.id}`);
          onChanged(data, card, null, TRANSITION_MESSAGES[err.code] || messageFor(err));
          return;
        } catch {
          // fall through to the message below
        }
      }
      const text = err.code === 'required' && err.field === 'resolution' ? '请填写解决情况' : messageFor(err);
      status.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, text));
    }
  }

  function resolveForm() {
    const text = h('textarea', { rows: 2, maxlength: 2000, id: `f-resolution-${p.id}`, placeholder: '如何解决的（必填）' });
    text.addEventListener('input', () => status.replaceChildren());
    const form = h('form', { class: 'card-form', novalidate: true },
      h('label', { for: text.id }, '解决情况'),
      text,
      h('div', { class: 'card-form-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary btn-small confirm-resolve' }, '确认已解决'),
        h('button', { type: 'button', class: 'btn btn-quiet btn-small', onclick: () => extra.replaceChildren() }, '取消')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!text.value.trim()) {
        status.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, '请填写解决情况'));
        text.focus();
        return;
      }
      change({ status: 'resolved', resolution: text.value.trim() });
    });
    extra.replaceChildren(form);
    text.focus();
  }

  function closeForm() {
    const name = `satisfaction-${p.id}`;
    const stars = h('div', { class: 'segmented satisfaction', role: 'radiogroup', 'aria-label': '企业满意度' },
      [1, 2, 3, 4, 5].map((n) => h('label', { class: 'segment', for: `${name}-${n}`, title: SATISFACTION_NAMES[n] },
        h('input', { type: 'radio', name, id: `${name}-${n}`, value: String(n) }),
        h('span', null, String(n)))));
    const hint = h('p', { class: 'hint' }, '1 很不满意 … 5 很满意');
    const form = h('form', { class: 'card-form', novalidate: true },
      h('span', { class: 'label' }, '企业满意度'),
      stars, hint,
      h('div', { class: 'card-form-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary btn-small confirm-close' }, '确认销号'),
        h('button', { type: 'button', class: 'btn btn-quiet btn-small', onclick: () => extra.replaceChildren() }, '取消')));
    stars.addEventListener('change', () => {
      const v = form.querySelector(`input[name="${name}"]:checked`);
      hint.textContent = v ? `${v.value} 分 · ${SATISFACTION_NAMES[v.value]}` : '1 很不满意 … 5 很满意';
      status.replaceChildren();
    });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const v = form.querySelector(`input[name="${name}"]:checked`);
      if (!v) {
        status.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, '请选择企业满意度'));
        return;
      }
      change({ status: 'closed', satisfaction: Number(v.value) });
    });
    extra.replaceChildren(form);
  }

  if (canChange(user)) {
    for (const next of nextStatuses(config, p.status)) {
      const label = next === 'in_progress' && p.status === 'resolved' ? '退回办理' : STATUS_ACTIONS[next];
      const primary = next === 'closed' || (next === 'resolved' && p.status !== 'open');
      const b = h('button', { type: 'button', class: ['btn', 'btn-small', primary && 'btn-primary'], dataset: { action: next } }, label);
      b.addEventListener('click', () => {
        if (next === 'resolved') resolveForm();
        else if (next === 'closed') closeForm();
        else change({ status: next });
      });
      actions.append(b);
    }
  }

  const due = p.status === 'closed' || p.status === 'resolved'
    ? h('span', null, p.status === 'closed' ? `${p.closed_on} 销号` : `${p.resolved_on} 解决`)
    : h('span', { class: overdue ? 'overdue-text' : null }, `期限 ${p.deadline} · ${deadlineText(p.deadline)}`);

  append(card, [
    h('div', { class: 'card-head' },
      h('a', { class: 'card-name', href: enterpriseHref(p.enterprise.uscc) }, p.enterprise.name),
      statusChip(p.status)),
    h('div', { class: 'card-meta' },
      h('span', { class: 'chip chip-muted' }, labelOf(config.categories, p.category)),
      due),
    h('p', { class: 'card-text' }, p.description),
    p.resolution ? h('p', { class: 'card-resolution' }, h('span', { class: 'muted' }, '解决情况：'), p.resolution) : null,
    p.satisfaction ? h('p', { class: 'card-satisfaction', dataset: { satisfaction: p.satisfaction } }, `满意度 ${p.satisfaction} 分（${SATISFACTION_NAMES[p.satisfaction]}）`) : null,
    h('p', { class: 'muted small' }, `${p.raised_on} 提出 · 更新于 ${formatDateTime(p.updated_at)}`),
    actions.childElementCount ? actions : null,
    extra,
    status]);
  return card;
}

// A compact strip of the liaison metrics for the board's region (bureau and county only).
async function metricsStrip(region) {
  const { data } = await api.get('/liaison/metrics', { region });
  const t = data.totals;
  const item = (key, label, value) => h('div', { class: 'metric', dataset: { metric: key } }, h('span', { class: 'metric-value' }, value), h('span', { class: 'metric-label' }, label));
  return h('a', { class: 'metrics-strip', href: `#/liaison/metrics${region ? `?region=${encodeURIComponent(region)}` : ''}`, id: 'metrics-strip', title: '查看联络服务统计' },
    item('problems_raised', `${data.from.slice(0, 4)} 年诉求`, String(t.problems_raised)),
    item('resolution_rate', '解决率', percent(t.resolution_rate)),
    item('satisfaction_rate', '满意率', percent(t.satisfaction_rate)),
    item('coverage', '联络覆盖', percent(t.coverage)));
}

export default async function problemsPage({ root, query, navigate, isCurrent }) {
  const user = session.user();
  const title = '问题台账';
  mount(root, pageHeader(title), loading());
  let config;
  let regions;
  try {
    [config, regions] = await Promise.all([liaisonConfig(), catalog.regions()]);
  } catch (e) {
    if (isCurrent()) mount(root, pageHeader(title), errorPanel(e));
    return;
  }
  if (!isCurrent()) return;

  const state = {
    region: user.region_scope ? '' : (query.region || ''),
    status: query.status || 'pending',
    owner_unit: query.owner_unit || '',
    category: query.category || '',
    overdue: query.overdue === '1',
    enterprise: query.enterprise || '',
  };

  const regionSelect = user.region_scope ? null : h('select', { id: 'f-region', name: 'region' },
    h('option', { value: '' }, '全市'),
    regions.map((r) => h('option', { value: r.code, selected: r.code === state.region }, r.name)));
  const statusSelect = h('select', { id: 'f-status', name: 'status' },
    h('option', { value: 'pending', selected: state.status === 'pending' }, '未销号'),
    h('option', { value: 'all', selected: state.status === 'all' }, '全部状态'),
    Object.entries(STATUS_NAMES).map(([code, name]) => h('option', { value: code, selected: code === state.status }, name)));
  const unitSelect = h('select', { id: 'f-owner_unit', name: 'owner_unit' },
    h('option', { value: '' }, '全部责任单位'),
    config.owner_units.map((u) => h('option', { value: u.code, selected: u.code === state.owner_unit }, u.name)));
  const categorySelect = h('select', { id: 'f-category', name: 'category' },
    h('option', { value: '' }, '全部类别'),
    config.categories.map((c) => h('option', { value: c.code, selected: c.code === state.category }, c.name)));
  const overdueBox = h('input', { type: 'checkbox', id: 'f-overdue', name: 'overdue', checked: state.overdue });

  const go = () => navigate('/problems', {
    region: regionSelect ? regionSelect.value : '',
    status: statusSelect.value === 'pending' ? '' : statusSelect.value,
    owner_unit: unitSelect.value,
    category: categorySelect.value,
    overdue: overdueBox.checked ? '1' : '',
    enterprise: state.enterprise,
  });
  for (const el of [regionSelect, statusSelect, unitSelect, categorySelect, overdueBox]) if (el) el.addEventListener('change', go);

  const filters = h('div', { class: 'filters-bar', id: 'problem-filters' },
    regionSelect ? h('div', { class: 'field' }, h('label', { for: 'f-region' }, '县区'), regionSelect) : null,
    h('div', { class: 'field' }, h('label', { for: 'f-status' }, '状态'), statusSelect),
    h('div', { class: 'field' }, h('label', { for: 'f-owner_unit' }, '责任单位'), unitSelect),
    h('div', { class: 'field' }, h('label', { for: 'f-category' }, '类别'), categorySelect),
    h('label', { class: 'check', for: 'f-overdue' }, overdueBox, '只看逾期'));

  const metricsHolder = h('div');
  const board = h('div', { class: 'board', id: 'problem-board' });
  const summary = h('p', { class: 'result-summary', 'aria-live': 'polite' });
  const flash = h('div', { id: 'board-status' });
  const scopeName = user.region_scope ? catalog.nameOf(regions, user.region_scope) : (state.region ? catalog.nameOf(regions, state.region) : '全市');
  const enterpriseNote = state.enterprise
    ? notice('info', '只显示一家企业的诉求。', h('a', { class: 'btn btn-small', href: '#/problems' }, '显示全部'))
    : null;
  const actions = [];
  if (user.role === 'liaison') actions.push(h('a', { class: 'btn', href: '#/liaison' }, '我的企业'));
  if (user.role === 'bureau' || user.role === 'county') actions.push(h('a', { class: 'btn', href: `#/liaison/metrics${state.region ? `?region=${state.region}` : ''}` }, '联络统计'));
  // 未销号 is the server's status=not_closed, so the board and its export select the same rows.
  const apiStatus = state.status === 'pending' ? 'not_closed' : state.status === 'all' ? '' : state.status;
  const listParams = () => ({
    region: state.region, status: apiStatus, owner_unit: state.owner_unit, category: state.category,
    overdue: state.overdue ? 'true' : '', enterprise: state.enterprise,
  });
  // 导出: the rows the board shows (the same filters, GET /problems?format=).
  const exportActions = exportBox({ path: '/problems', params: listParams, fileName: '问题台账', noun: '诉求' });
  mount(root, pageHeader(`${title} · ${scopeName}`, ...actions), metricsHolder, filters, exportActions, enterpriseNote, flash, summary, board);

  if (user.role === 'bureau' || user.role === 'county') {
    metricsStrip(state.region || user.region_scope || '').then((node) => {
      if (isCurrent()) metricsHolder.replaceChildren(node);
    }).catch(() => {});
  }

  let items = [];
  try {
    let cursor = null;
    do {
      const { data } = await api.get('/problems', { ...listParams(), limit: PAGE, cursor });
      items = items.concat(data.items);
      cursor = data.next_cursor;
    } while (cursor && items.length < 1000 && isCurrent());
  } catch (e) {
    if (isCurrent()) board.replaceChildren(errorPanel(e));
    return;
  }
  if (!isCurrent()) return;

  const ctx = {
    config,
    user,
    onChanged(updated, card, message, warning) {
      const fresh = problemCard(updated, ctx);
      card.replaceWith(fresh);
      if (message) flash.replaceChildren(notice('success', message));
      if (warning) flash.replaceChildren(notice('warning', warning));
      refreshCounts();
      if (message) {
        if (user.role === 'bureau' || user.role === 'county') {
          metricsStrip(state.region || user.region_scope || '').then((node) => {
            if (isCurrent()) metricsHolder.replaceChildren(node);
          }).catch(() => {});
        }
      }
    },
  };

  function refreshCounts() {
    for (const group of board.querySelectorAll('.board-group')) {
      const cards = group.querySelectorAll('.problem-card');
      const pending = [...cards].filter((c) => ['open', 'in_progress', 'escalated'].includes(c.dataset.status)).length;
      const late = group.querySelectorAll('.problem-card.is-overdue:not(.is-closed):not(.is-resolved)').length;
      group.querySelector('.group-count').textContent = `${pending} 件未办结${late ? ` · ${late} 件逾期` : ''}`;
    }
  }

  if (!items.length) {
    summary.textContent = '';
    board.replaceChildren(notice('info', '没有符合条件的诉求。'));
    return;
  }
  // By owner unit in the configured order; within a unit, the nearest deadline first.
  const groups = new Map(config.owner_units.map((u) => [u.code, []]));
  for (const p of items) {
    if (!groups.has(p.owner_unit)) groups.set(p.owner_unit, []);
    groups.get(p.owner_unit).push(p);
  }
  const rank = { escalated: 0, open: 0, in_progress: 0, resolved: 1, closed: 2 };
  for (const [unit, list] of groups) {
    if (!list.length) continue;
    list.sort((a, b) => (rank[a.status] - rank[b.status]) || a.deadline.localeCompare(b.deadline) || a.id - b.id);
    board.append(h('section', { class: 'board-group', dataset: { ownerUnit: unit } },
      h('div', { class: 'group-head' },
        h('h2', null, labelOf(config.owner_units, unit)),
        h('span', { class: 'group-count muted small' })),
      h('ul', { class: 'problem-cards' }, list.map((p) => problemCard(p, ctx)))));
  }
  refreshCounts();
  summary.textContent = `共 ${items.length} 条诉求`;
}
