// #/liaison — "我的企业" for a liaison officer, phone first: who is due for a contact today
// (GET /api/v1/liaison/queue), problems past their deadline, and every enterprise assigned to the
// officer, each with a one-tap "记录走访". Bureau and county users name an officer (?officer=).

import { api, ApiError } from '../api.js';
import { h, mount } from '../dom.js';
import { loadNames, personName } from '../names.js';
import * as session from '../session.js';
import { errorPanel, loading, notice, pageHeader } from '../ui.js';
import {
  TIER_NAMES, deadlineText, enterpriseHref, labelOf, liaisonConfig, statusChip,
} from './liaison-common.js';

const STATE_NAMES = { overdue: '逾期', due_today: '今日到期', due_soon: '近期到期' };

function dueText(item) {
  if (item.days_overdue > 0) return `已逾期 ${item.days_overdue} 天`;
  if (item.days_overdue === 0) return '今天应联系';
  return `${-item.days_overdue} 天后应联系（${item.due_on}）`;
}

function logHref(uscc, officer) {
  return `#/liaison/log/${encodeURIComponent(uscc)}${officer ? `?officer=${encodeURIComponent(officer)}` : ''}`;
}

function phoneLink(phone) {
  if (!phone) return null;
  if (/\*/.test(phone)) return h('span', { class: 'mono muted' }, phone);
  return h('a', { class: 'mono', href: `tel:${phone.replace(/[^\d+]/g, '')}` }, phone);
}

function queueCard(item, canLog, officer) {
  const e = item.enterprise;
  return h('li', { class: ['due-card', `due-${item.state}`], dataset: { uscc: e.uscc, state: item.state } },
    h('div', { class: 'due-main' },
      h('a', { class: 'due-name', href: enterpriseHref(e.uscc) }, e.name),
      h('div', { class: 'due-meta' },
        h('span', { class: `chip chip-state state-${item.state}` }, STATE_NAMES[item.state] || item.state),
        item.tier ? h('span', { class: 'chip chip-muted' }, TIER_NAMES[item.tier] || item.tier) : null,
        h('span', { class: 'due-when' }, dueText(item))),
      h('div', { class: 'due-meta muted small' },
        h('span', null, item.last_contact ? `上次联系 ${item.last_contact}` : '尚无联系记录'),
        item.promised ? h('span', null, `约定 ${item.promised}`) : null,
        phoneLink(item.contact_phone))),
    canLog ? h('a', { class: 'btn btn-primary due-action', href: logHref(e.uscc, officer) }, '记录走访') : null);
}

function overdueProblem(p, config) {
  return h('li', { class: 'problem-line', dataset: { problemId: p.id } },
    h('a', { href: `#/problems?enterprise=${encodeURIComponent(p.enterprise.uscc)}` },
      h('span', { class: 'problem-line-name' }, p.enterprise.name),
      h('span', { class: 'chip chip-muted' }, labelOf(config.categories, p.category)),
      statusChip(p.status)),
    h('p', { class: 'problem-line-text' }, p.description),
    h('p', { class: 'muted small' },
      `${labelOf(config.owner_units, p.owner_unit)} · 期限 ${p.deadline} · `,
      h('span', { class: 'overdue-text' }, `逾期 ${p.days_past_deadline} 天`)));
}

function assignedItem(e, canLog, officer) {
  return h('li', { class: 'mine-item', dataset: { uscc: e.uscc } },
    h('a', { class: 'mine-name', href: enterpriseHref(e.uscc) }, e.name),
    canLog ? h('a', { class: 'btn btn-small mine-log', href: logHref(e.uscc, officer) }, '记录') : null);
}

export default async function liaisonPage({ root, query, navigate, isCurrent }) {
  const user = session.user();
  const title = '我的企业';
  const isLiaison = user.role === 'liaison';
  if (!['liaison', 'county', 'bureau'].includes(user.role)) {
    mount(root, pageHeader(title), notice('info', '该页面供联络员使用。'));
    return;
  }
  const officer = isLiaison ? '' : (query.officer || '').trim();

  // Bureau and county users look at one officer's queue: ask which.
  const officerInput = h('input', { type: 'text', id: 'f-officer', name: 'officer', value: officer, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', placeholder: '联络员账号' });
  const officerForm = isLiaison ? null : h('form', { class: 'inline-form', id: 'officer-form', novalidate: true },
    h('label', { for: 'f-officer' }, '联络员'),
    officerInput,
    h('button', { type: 'submit', class: 'btn' }, '查看'));
  if (officerForm) {
    officerForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      navigate('/liaison', { officer: officerInput.value.trim() });
    });
  }
  const head = pageHeader(isLiaison ? title : '联络员待办');
  if (!isLiaison && !officer) {
    mount(root, head, officerForm, notice('info', '输入联络员账号，查看其今日待联系企业和超期诉求。'));
    return;
  }
  mount(root, head, officerForm, loading());

  let queue;
  let config;
  let assigned = null;
  try {
    const loads = [api.get('/liaison/queue', { officer }), liaisonConfig()];
    if (isLiaison) loads.push(api.get('/enterprises', { limit: 100 }).catch(() => null));
    const [q, c, mine] = await Promise.all(loads);
    queue = q.data;
    config = c;
    if (!isLiaison) await loadNames([queue.officer]);
    assigned = mine ? mine.data.items : null;
  } catch (e) {
    if (!isCurrent()) return;
    if (e instanceof ApiError && e.status === 422 && e.field === 'officer') {
      mount(root, head, officerForm, notice('error', `找不到该联络员：${e.message}`));
    } else {
      mount(root, head, officerForm, errorPanel(e));
    }
    return;
  }
  if (!isCurrent()) return;

  const canLog = true;
  const counts = { overdue: 0, due_today: 0, due_soon: 0 };
  for (const i of queue.contacts) counts[i.state] = (counts[i.state] || 0) + 1;
  const dueNow = queue.contacts.filter((i) => i.state !== 'due_soon');
  const soon = queue.contacts.filter((i) => i.state === 'due_soon');

  const summary = h('div', { class: 'today-strip', id: 'today-summary' },
    h('div', { class: 'today-date' }, `今天 ${queue.today}`),
    h('div', { class: 'today-counts' },
      h('span', { class: ['today-count', counts.overdue && 'is-bad'], dataset: { count: 'overdue' } }, h('b', null, String(counts.overdue)), ' 家逾期'),
      h('span', { class: 'today-count', dataset: { count: 'due_today' } }, h('b', null, String(counts.due_today)), ' 家今日'),
      h('span', { class: ['today-count', queue.problems_past_deadline.length && 'is-bad'], dataset: { count: 'problems' } },
        h('b', null, String(queue.problems_past_deadline.length)), ' 条诉求超期')));

  const dueSection = h('section', { class: 'mine-section', id: 'due-today' },
    h('h2', null, '今天要联系'),
    dueNow.length
      ? h('ul', { class: 'due-list' }, dueNow.map((i) => queueCard(i, canLog, officer)))
      : h('p', { class: 'empty-line' }, '今天没有到期的联系。'));

  const soonSection = soon.length
    ? h('section', { class: 'mine-section', id: 'due-soon' },
      h('h2', null, `近 ${config.due_soon_days} 天到期`),
      h('ul', { class: 'due-list' }, soon.map((i) => queueCard(i, canLog, officer))))
    : null;

  const problemSection = h('section', { class: 'mine-section', id: 'problems-past-deadline' },
    h('h2', null, '超期诉求'),
    queue.problems_past_deadline.length
      ? h('ul', { class: 'problem-lines' }, queue.problems_past_deadline.map((p) => overdueProblem(p, config)))
      : h('p', { class: 'empty-line' }, '没有超期未办结的诉求。'));

  let mineSection = null;
  if (assigned) {
    mineSection = h('section', { class: 'mine-section', id: 'assigned' },
      h('h2', null, `我联系的企业（${assigned.length}）`),
      assigned.length
        ? h('ul', { class: 'mine-list' }, assigned.map((e) => assignedItem(e, canLog, officer)))
        : h('p', { class: 'empty-line' }, '尚未分配企业，请联系县区科技部门。'));
  }

  // Bureau and county users see whose queue it is, by name.
  const named = isLiaison ? head : pageHeader(`联络员待办 · ${personName(queue.officer)}`);
  mount(root, named, officerForm, summary, dueSection, problemSection, soonSection, mineSection);
}
