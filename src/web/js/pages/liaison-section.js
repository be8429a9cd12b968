// The "一对一联络" section of the enterprise page: the liaison officer (assign or change it, for
// bureau and county users), the latest contacts with the problems raised in them, and a button to
// log a contact. GET/PUT /api/v1/enterprises/{uscc}/liaison, GET …/contacts.

import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime, messageFor } from '../i18n.js';
import { loadNames, personName } from '../names.js';
import { clearFieldErrors, fieldRow, notice, setFieldError } from '../ui.js';
import { flagChip, labelOf, liaisonConfig, statusChip } from './liaison-common.js';

const ASSIGN_MESSAGES = {
  unknown_officer: '没有这个账号',
  officer_inactive: '该账号已停用',
  not_a_liaison: '该账号不是联络员',
  officer_region_mismatch: '该联络员不属于本企业所在县区',
};

function contactItem(c, config, names) {
  return h('li', { class: 'contact-item', dataset: { contactId: c.id } },
    h('div', { class: 'contact-head' },
      h('span', { class: 'contact-date' }, c.date),
      h('span', { class: 'chip chip-muted' }, labelOf(config.contact_modes, c.mode)),
      flagChip(c.flag, config.flags),
      c.met_with ? h('span', { class: 'muted small' }, `对接 ${c.met_with}`) : null),
    h('p', { class: 'contact-summary' }, c.summary),
    c.policies_explained.length ? h('p', { class: 'muted small' }, `宣讲政策：${c.policies_explained.join('、')}`) : null,
    c.problems.length
      ? h('ul', { class: 'contact-problems' }, c.problems.map((p) => h('li', { dataset: { problemId: p.id } },
        statusChip(p.status), ' ', h('span', { class: 'chip chip-muted' }, labelOf(config.categories, p.category)), ' ', p.description,
        h('span', { class: 'muted small' }, ` · ${labelOf(config.owner_units, p.owner_unit)} · 期限 ${p.deadline}`))))
      : null,
    h('p', { class: 'muted small' }, `${c.officer || c.created_by ? `${names(c.officer || c.created_by)} · ` : ''}记录于 ${formatDateTime(c.created_at)}`));
}

function assignForm(uscc, current, onDone) {
  const officer = h('input', { type: 'text', id: 'f-assign-officer', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', maxlength: 64 });
  const reason = h('input', { type: 'text', id: 'f-assign-reason', autocomplete: 'off', maxlength: 200 });
  const status = h('div');
  const form = h('form', { class: 'assign-form', id: 'assign-form', novalidate: true, hidden: true },
    h('div', { class: 'field-pair' },
      fieldRow('officer', '联络员账号', officer, { required: true }),
      fieldRow('reason', current ? '更换原因' : '备注', reason)),
    status,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, current ? '确认更换' : '分配'),
      h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => { form.hidden = true; } }, '取消')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    status.replaceChildren();
    if (!officer.value.trim()) {
      setFieldError(form, 'officer', '请输入联络员账号');
      officer.focus();
      return;
    }
    try {
      const body = { officer: officer.value.trim() };
      if (reason.value.trim()) body.reason = reason.value.trim();
      await api.post(`/enterprises/${encodeURIComponent(uscc)}/liaison`, body);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      const text = ASSIGN_MESSAGES[err.code] || messageFor(err);
      if (!(err.field && setFieldError(form, err.field, text))) status.replaceChildren(notice('error', text));
    }
  });
  return form;
}

export async function renderLiaisonSection({ enterprise, user, root }) {
  const uscc = encodeURIComponent(enterprise.uscc);
  const [assignment, contacts, config] = await Promise.all([
    api.get(`/enterprises/${uscc}/liaison`).then((r) => r.data),
    api.get(`/enterprises/${uscc}/contacts`, { limit: 5 }).then((r) => r.data),
    liaisonConfig(),
  ]);
  const current = assignment.current;
  // Who logged each contact, by name: the officers this enterprise has had are named by the
  // assignment; anyone else is asked (GET /api/v1/user-names), never shown by login.
  const assigned = {};
  for (const a of [current, ...(assignment.history || [])]) if (a && a.officer && a.officer.display_name) assigned[a.officer.login] = a.officer.display_name;
  await loadNames(contacts.items.map((c) => c.officer || c.created_by).filter((l) => !assigned[l]));
  const names = (login) => assigned[login] || personName(login);
  const canAssign = user.role === 'bureau' || user.role === 'county';
  const canLog = ['bureau', 'county', 'liaison'].includes(user.role);

  const body = h('div', { class: 'liaison-section' });
  const officerLine = h('p', { class: 'officer-line', id: 'liaison-officer' },
    current
      ? [h('span', { class: 'muted' }, '联络员 '), h('b', null, current.officer.display_name || personName(current.officer.login)),
        h('span', { class: 'muted small' }, `（${formatDateTime(current.assigned_at).slice(0, 10)} 起）`)]
      : h('span', { class: 'muted' }, '尚未分配联络员'));
  const actions = h('div', { class: 'section-actions' });
  if (canLog && (current || user.role !== 'liaison')) {
    actions.append(h('a', { class: 'btn btn-primary', id: 'log-contact', href: `#/liaison/log/${uscc}?from=enterprise` }, '记录走访'));
  }
  actions.append(h('a', { class: 'btn', href: `#/problems?enterprise=${uscc}&status=all` }, '全部诉求'));
  let form = null;
  if (canAssign) {
    form = assignForm(enterprise.uscc, current, () => {
      // Re-render just this section with the new officer.
      renderLiaisonSection({ enterprise, user, root }).then((node) => {
        root.replaceChildren(h('h2', null, '一对一联络'), node);
      }).catch(() => {});
    });
    actions.append(h('button', { type: 'button', class: 'btn', id: 'assign-liaison', onclick: () => { form.hidden = false; form.querySelector('input').focus(); } }, current ? '更换联络员' : '分配联络员'));
  }
  body.append(officerLine, actions);
  if (form) body.append(form);
  body.append(h('h3', null, '最近联系'));
  body.append(contacts.items.length
    ? h('ul', { class: 'contact-list', id: 'contact-list' }, contacts.items.map((c) => contactItem(c, config, names)))
    : h('p', { class: 'muted', id: 'contact-list' }, '还没有联系记录。'));
  return body;
}

export const liaisonSection = { id: 'liaison', title: '一对一联络', render: renderLiaisonSection };
