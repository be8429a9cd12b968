// #/liaison/log/{uscc} — the quick contact log, one screen on a phone: mode and flag are one tap
// each with defaults from the liaison config, the date defaults to today, only the summary is
// required. Problems raised (诉求) are added in the same form; their owner unit and deadline
// default from the category. POST /api/v1/enterprises/{uscc}/contacts; 422 errors are shown
// beside their field (problems[0].description …).

import { api, ApiError } from '../api.js';
import { h, mount } from '../dom.js';
import { messageFor } from '../i18n.js';
import * as session from '../session.js';
import {
  backLink, clearFieldErrors, errorPanel, fieldRow, flashNext, loading, notice, pageHeader, setFieldError, splitList,
} from '../ui.js';
import { addDays, liaisonConfig, todayCst } from './liaison-common.js';

const LIAISON_MESSAGES = {
  date_in_future: '日期不能晚于今天',
  date_too_old: '只能补记一年内的联系',
  before_contact: '不能早于本次联系日期',
  too_far: '不能晚于本次联系一年以上',
  unknown_category: '请选择问题类别',
  unknown_owner_unit: '请选择责任单位',
  not_assigned: '该企业尚未分配联络员',
};

function fieldMessage(err) {
  return LIAISON_MESSAGES[err.code] || messageFor(err);
}

// A row of radio buttons drawn as segments: one tap, the default already chosen.
function segmented(name, label, items, selected) {
  const group = h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': label });
  for (const item of items) {
    const id = `f-${name}-${item.code}`;
    group.append(h('label', { class: ['segment', `segment-${name}-${item.code}`], for: id },
      h('input', { type: 'radio', id, name, value: item.code, checked: item.code === selected }),
      h('span', null, item.name)));
  }
  return h('div', { class: 'field', 'data-field': name },
    h('span', { class: 'label', id: `f-${name}-label` }, label),
    group,
    h('p', { class: 'field-error', hidden: true }));
}

function radioValue(form, name) {
  const checked = form.querySelector(`input[name="${name}"]:checked`);
  return checked ? checked.value : '';
}

let problemSeq = 0;

// One problem block; index is its position in the request (for field errors).
function problemBlock(config, contactDate, onRemove) {
  const n = ++problemSeq;
  const category = h('select', { id: `f-p${n}-category` },
    h('option', { value: '' }, '请选择类别'),
    config.categories.map((c) => h('option', { value: c.code }, c.name)));
  const owner = h('select', { id: `f-p${n}-owner_unit` },
    h('option', { value: '' }, '按类别默认'),
    config.owner_units.map((u) => h('option', { value: u.code }, u.name)));
  const deadline = h('input', { type: 'date', id: `f-p${n}-deadline`, value: addDays(contactDate(), config.default_problem_deadline_days), min: contactDate() });
  const description = h('textarea', { id: `f-p${n}-description`, rows: 2, maxlength: 2000, placeholder: '企业反映的问题和诉求' });
  let ownerTouched = false;
  owner.addEventListener('change', () => { ownerTouched = true; });
  category.addEventListener('change', () => {
    const c = config.categories.find((x) => x.code === category.value);
    if (c && !ownerTouched) owner.value = c.default_owner_unit;
  });
  const remove = h('button', { type: 'button', class: 'btn btn-quiet btn-small problem-remove' }, '删除');
  const block = h('fieldset', { class: 'problem-block' },
    h('legend', null, '诉求'),
    remove,
    fieldRow('category', '类别', category, { required: true }),
    fieldRow('description', '问题描述', description, { required: true }),
    h('div', { class: 'field-pair' },
      fieldRow('owner_unit', '责任单位', owner),
      fieldRow('deadline', '办理期限', deadline)));
  remove.addEventListener('click', () => onRemove(block));
  block.read = () => {
    const p = { category: category.value, description: description.value.trim() };
    if (owner.value) p.owner_unit = owner.value;
    if (deadline.value) p.deadline = deadline.value;
    return p;
  };
  // Field rows are named by the API's path: problems[i].category …
  block.setIndex = (i) => {
    for (const row of block.querySelectorAll('.field[data-field]')) {
      const base = row.dataset.field.replace(/^problems\[\d+\]\./, '');
      row.dataset.field = `problems[${i}].${base}`;
    }
    block.querySelector('legend').textContent = `诉求 ${i + 1}`;
  };
  block.focusFirst = () => category.focus();
  return block;
}

export default async function contactFormPage(ctx) {
  const { root, params, query, navigate, isCurrent } = ctx;
  const user = session.user();
  const uscc = params.uscc;
  const returnHref = query.from === 'enterprise' ? `#/enterprises/${encodeURIComponent(uscc)}` : `#/liaison${query.officer ? `?officer=${encodeURIComponent(query.officer)}` : ''}`;
  const back = backLink(returnHref, query.from === 'enterprise' ? '企业信息' : '我的企业');
  if (!['liaison', 'county', 'bureau'].includes(user.role)) {
    mount(root, back, pageHeader('记录走访'), notice('info', '您的角色不能记录联系。'));
    return;
  }
  mount(root, back, pageHeader('记录走访'), loading());
  let enterprise;
  let config;
  try {
    const [{ data }, c] = await Promise.all([api.get(`/enterprises/${encodeURIComponent(uscc)}`), liaisonConfig()]);
    enterprise = data;
    config = c;
  } catch (e) {
    if (isCurrent()) mount(root, back, errorPanel(e, returnHref, '返回'));
    return;
  }
  if (!isCurrent()) return;

  const today = todayCst();
  const date = h('input', { type: 'date', value: today, max: today, min: addDays(today, -365) });
  const summary = h('textarea', { rows: 3, maxlength: 4000, placeholder: '走访情况、企业经营与需求（必填）' });
  const metWith = h('input', { type: 'text', maxlength: 100, autocomplete: 'off', placeholder: '如：张总（总经理）' });
  const attendees = h('input', { type: 'text', maxlength: 100, autocomplete: 'off' });
  const policies = h('input', { type: 'text', maxlength: 600, autocomplete: 'off', placeholder: '多项用顿号分隔' });
  const nextDue = h('input', { type: 'date', min: today });
  const banner = h('div', { id: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'save-contact' }, '保存记录');

  const problems = h('div', { class: 'problem-blocks', id: 'problem-blocks' });
  const blocks = [];
  const reindex = () => blocks.forEach((b, i) => b.setIndex(i));
  const addProblem = h('button', { type: 'button', class: 'btn btn-block add-problem', id: 'add-problem' }, '＋ 企业有诉求');
  addProblem.addEventListener('click', () => {
    const block = problemBlock(config, () => date.value || today, (b) => {
      blocks.splice(blocks.indexOf(b), 1);
      b.remove();
      reindex();
      addProblem.textContent = blocks.length ? '＋ 再加一条诉求' : '＋ 企业有诉求';
    });
    blocks.push(block);
    problems.append(block);
    reindex();
    addProblem.textContent = '＋ 再加一条诉求';
    block.focusFirst();
  });

  // A tap sets the next contact a month or a quarter after this one.
  const quickDue = h('div', { class: 'quick-dates' },
    [[30, '一个月后'], [90, '三个月后']].map(([days, text]) => h('button', {
      type: 'button', class: 'chip chip-button', onclick: () => { nextDue.value = addDays(date.value || today, days); },
    }, text)));

  const more = h('details', { class: 'more-fields' },
    h('summary', null, '更多（参加人员、宣讲政策、下次联系）'),
    h('div', { class: 'form-grid' },
      fieldRow('attendees', '我方参加人员', attendees),
      fieldRow('policies_explained', '宣讲政策', policies, { hint: '如：研发费用加计扣除、高企认定' }),
      h('div', null, fieldRow('next_contact_due', '下次联系', nextDue, { hint: '不填则按库内层级的周期计算' }), quickDue)));

  const form = h('form', { class: 'panel contact-form', id: 'contact-form', novalidate: true },
    h('div', { class: 'field-pair' },
      fieldRow('date', '日期', date, { required: true }),
      fieldRow('met_with', '对接人', metWith)),
    segmented('mode', '方式', config.contact_modes, config.default_contact_mode),
    fieldRow('summary', '情况摘要', summary, { required: true }),
    segmented('flag', '企业状态', config.flags, config.default_flag),
    problems,
    addProblem,
    more,
    h('div', { class: 'form-actions sticky-actions' }, submit, h('a', { class: 'btn btn-quiet', href: returnHref }, '取消')));

  // A field's error goes away as soon as it is corrected.
  form.addEventListener('input', (ev) => {
    const row = ev.target.closest('.field.has-error');
    if (row) setFieldError(form, row.dataset.field, '');
  });

  function showError(err) {
    if (err.field && setFieldError(form, err.field, fieldMessage(err))) {
      const row = form.querySelector(`.field[data-field="${CSS.escape(err.field)}"]`);
      const details = row.closest('details');
      if (details) details.open = true;
      const control = row.querySelector('input:not([type=radio]), select, textarea');
      if (control) control.focus();
      banner.replaceChildren(notice('error', '请修改标出的内容后再保存。'));
      return;
    }
    banner.replaceChildren(notice('error', `保存失败：${fieldMessage(err)}`));
    banner.scrollIntoView({ block: 'center' });
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    banner.replaceChildren();
    const body = {
      date: date.value || today,
      mode: radioValue(form, 'mode'),
      flag: radioValue(form, 'flag'),
      summary: summary.value.trim(),
    };
    if (metWith.value.trim()) body.met_with = metWith.value.trim();
    if (attendees.value.trim()) body.attendees = attendees.value.trim();
    const pol = splitList(policies.value);
    if (pol.length) body.policies_explained = pol;
    if (nextDue.value) body.next_contact_due = nextDue.value;
    if (blocks.length) body.problems = blocks.map((b) => b.read());

    // The two things the server would refuse first, checked here without a round trip.
    let first = null;
    if (!body.summary) { setFieldError(form, 'summary', '请简要记录情况'); first = first || summary; }
    body.problems?.forEach((p, i) => {
      if (!p.category) { setFieldError(form, `problems[${i}].category`, '请选择类别'); first = first || blocks[i].querySelector('select'); }
      if (!p.description) { setFieldError(form, `problems[${i}].description`, '请描述问题'); first = first || blocks[i].querySelector('textarea'); }
    });
    if (first) {
      first.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = '正在保存…';
    try {
      const { data } = await api.post(`/enterprises/${encodeURIComponent(uscc)}/contacts`, body);
      const n = data.problems ? data.problems.length : 0;
      flashNext(n ? `已记录联系，并登记 ${n} 条诉求` : '已记录联系');
      navigate(returnHref);
    } catch (err) {
      if (!isCurrent()) return;
      if (err instanceof ApiError && err.status === 401) return;
      showError(err);
    } finally {
      submit.disabled = false;
      submit.textContent = '保存记录';
    }
  });

  mount(root, back,
    h('div', { class: 'page-head' }, h('h1', null, '记录走访'), h('p', { class: 'page-sub' }, enterprise.name)),
    banner, form);
}
