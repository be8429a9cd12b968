// #/audit?object_type=&object=&user=&from=&to= — the auditor's screen: the audit trail filtered by
// object, user and period (GET /api/v1/audit, cursor paging) and the hash-chain verification with
// its result and the head hash to keep (GET /api/v1/audit/verify). Filters live in the hash.

import { api, ApiError } from '../api.js';
import { exportBox } from '../download.js';
import { h, mount } from '../dom.js';
import { ROLE_NAMES, formatCount, formatDateTime, messageFor } from '../i18n.js';
import { loadNames, personName } from '../names.js';
import * as session from '../session.js';
import { errorPanel, loading, notice, pageHeader } from '../ui.js';

const PAGE_SIZE = 50;
const OUTCOMES = { ok: '成功', success: '成功', denied: '拒绝', refused: '拒绝', failed: '失败', error: '失败' };

function entryRow(e) {
  // The person by name (系统 for the system); the login stays in the tooltip for the auditor.
  return h('tr', { dataset: { seq: e.seq } },
    h('td', { class: 'small' }, formatDateTime(e.ts)),
    h('td', { title: e.actor.login || '' }, personName(e.actor.login), ROLE_NAMES[e.actor.role] ? h('span', { class: 'muted small' }, ` ${ROLE_NAMES[e.actor.role]}`) : null),
    // Chinese names from the server's one table (domain/audit_actions); the key in the tooltip.
    h('td', { class: 'small audit-action', title: e.action }, e.action_zh || e.action),
    h('td', { class: 'small' }, h('span', { class: 'audit-object-type', title: e.object.type }, e.object.type_zh || e.object.type),
      e.object.id ? h('span', { class: 'mono' }, ` ${e.object.id}`) : null),
    h('td', null, OUTCOMES[e.outcome] || e.outcome, e.reason ? h('span', { class: 'muted small' }, ` ${e.reason}`) : null));
}

function verifyPanel() {
  const out = h('div', { id: 'audit-verify-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'btn', id: 'audit-verify' }, '校验审计链');
  button.addEventListener('click', async () => {
    button.disabled = true;
    out.replaceChildren(loading('正在校验…'));
    try {
      const { data } = await api.get('/audit/verify');
      out.replaceChildren(data.ok
        ? notice('success', `审计链完整：已校验 ${formatCount(data.rows_checked)} 条记录。`)
        : notice('error', `审计链在第 ${data.first_bad_seq} 条记录处不一致（已校验 ${formatCount(data.rows_checked)} 条）：${data.problem}`),
      h('p', { class: 'small' }, '链头哈希（请另行保存，下次校验时比对）：', h('code', { class: 'mono', id: 'audit-head-hash' }, data.head_hash || '—')));
      out.dataset.ok = String(data.ok);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) out.replaceChildren(notice('error', messageFor(err)));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'audit-verify' }, h('h2', null, '完整性校验'), button, out);
}

export default async function auditPage({ root, query, navigate, isCurrent }) {
  const user = session.user();
  if (!user || !['auditor', 'admin'].includes(user.role)) {
    mount(root, pageHeader('审计日志'), notice('info', '审计日志仅供审计员和系统管理员查看。'));
    return;
  }
  // The previous filter's rows go at once: while the names load, the page must not show them
  // under the new filter.
  mount(root, pageHeader('审计日志'), loading());
  const input = (id, value, attrs = {}) => h('input', { id, value: value || '', autocomplete: 'off', ...attrs });
  let names = { object_types: [] };
  try {
    ({ data: names } = await api.get('/audit/names'));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
  }
  if (!isCurrent()) return;
  const objectType = h('select', { id: 'f-object-type' }, h('option', { value: '' }, '全部'),
    names.object_types.map((t) => h('option', { value: t.key, selected: t.key === query.object_type }, t.name_zh)));
  const object = input('f-object', query.object, { placeholder: '如统一社会信用代码', maxlength: 64 });
  const who = input('f-user', query.user, { placeholder: '账号', maxlength: 64 });
  const from = input('f-from', query.from, { type: 'date' });
  const to = input('f-to', query.to, { type: 'date' });
  const field = (id, label, control) => h('div', { class: 'field' }, h('label', { for: id }, label), control);
  const filters = h('form', { class: 'filters-bar', id: 'audit-filters', novalidate: true },
    field('f-object-type', '对象类型', objectType), field('f-object', '对象', object), field('f-user', '操作人', who),
    field('f-from', '起始日期', from), field('f-to', '截止日期', to),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '查询')));
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate('/audit', { object_type: objectType.value, object: object.value.trim(), user: who.value.trim(), from: from.value, to: to.value });
  });
  const body = h('tbody');
  const more = h('div', { class: 'section-actions' });
  const table = h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'audit-table' },
    h('thead', null, h('tr', null, ['时间', '操作人', '操作', '对象', '结果'].map((t) => h('th', { scope: 'col' }, t)))), body));
  mount(root, pageHeader('审计日志'), verifyPanel(), filters, loading());
  const params = { object_type: query.object_type, object: query.object, user: query.user, from: query.from, to: query.to, limit: PAGE_SIZE };
  async function load(cursor) {
    const { data } = await api.get('/audit', cursor ? { ...params, cursor } : params);
    await loadNames(data.items.map((e) => e.actor.login));
    if (!isCurrent()) return;
    body.append(...data.items.map(entryRow));
    more.replaceChildren(data.next_cursor
      ? h('button', { type: 'button', class: 'btn', id: 'audit-more', onclick: () => load(data.next_cursor).catch(() => more.replaceChildren(notice('error', '加载失败'))) }, '加载更多')
      : h('p', { class: 'muted small', id: 'audit-end' }, body.children.length ? '已显示全部记录。' : '没有符合条件的记录。'));
  }
  try {
    await load(null);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
    if (!isCurrent()) return;
    const bad = err instanceof ApiError && err.status === 422;
    mount(root, pageHeader('审计日志'), verifyPanel(), filters, bad ? notice('error', `查询条件有误：${messageFor(err)}`) : errorPanel(err));
    return;
  }
  if (!isCurrent()) return;
  // 导出: every row of these filters, oldest first (GET /audit?format=), phones masked as here.
  const { limit: _pageSize, ...filterParams } = params;
  const exportActions = exportBox({ path: '/audit', params: () => filterParams, fileName: '审计日志', noun: '记录' });
  mount(root, pageHeader('审计日志'), verifyPanel(), filters, exportActions, table, more);
}
