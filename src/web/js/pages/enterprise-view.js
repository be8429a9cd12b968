// #/enterprises/{uscc} — one enterprise: all its fields, archive/restore, and the sections that
// later features add (ladder, evaluation, roadmap, liaison…) through addSection().

import { api, ApiError } from '../api.js';
import * as catalog from '../catalog.js';
import { h, mount } from '../dom.js';
import { formatDateTime, messageFor } from '../i18n.js';
import * as session from '../session.js';
import { backLink, errorPanel, flashNext, loading, notice, pageHeader } from '../ui.js';

// Extra panels under the enterprise's own fields. A section is
// {id, title, lead?, render({enterprise, user, root}) → Node | Promise<Node>}; see addSection().
// A lead section is shown above the fields.
const sections = [];

export function addSection(section) {
  sections.push(section);
}

function row(label, value, { mono = false, field } = {}) {
  const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  return [
    h('dt', null, label),
    h('dd', { class: [mono && 'mono', empty && 'muted'], dataset: field ? { field } : undefined }, empty ? '—' : value),
  ];
}

function chips(items) {
  return items.map((t) => h('span', { class: 'chip' }, t));
}

function telLink(phone) {
  return h('a', { href: `tel:${phone.replace(/[^\d+]/g, '')}` }, phone);
}

// A masked number, with a button to reveal it where the role allows (the server audits it).
function phoneValue(e) {
  if (!e.contact_phone) return '';
  if (!e.contact_phone_masked) return telLink(e.contact_phone);
  const number = h('span', { id: 'contact-phone' }, e.contact_phone);
  const badge = h('span', { class: 'chip chip-muted', title: '按职责脱敏显示' }, '已脱敏');
  if (!session.canRevealPhone()) return [number, badge];
  const button = h('button', { type: 'button', class: 'btn btn-small', id: 'reveal-phone', title: '查看完整号码（记入审计日志）' }, '显示号码');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { data } = await api.get(`/enterprises/${encodeURIComponent(e.uscc)}/contact-phone`);
      number.replaceChildren(telLink(data.contact_phone));
      badge.remove();
      button.remove();
    } catch (err) {
      button.disabled = false;
      button.replaceWith(h('span', { class: 'field-error' }, messageFor(err)));
    }
  });
  return [number, badge, button];
}

function details(e, regions, industries) {
  const phone = phoneValue(e);
  return h('dl', { class: 'facts' },
    row('统一社会信用代码', [e.uscc, e.uscc_checksum_override ? h('span', { class: 'chip chip-warn', title: '校验位与规则不符，按原样登记' }, '校验位例外') : null], { mono: true, field: 'uscc' }),
    row('简称 / 曾用名', e.aliases.length ? chips(e.aliases) : '', { field: 'aliases' }),
    row('所属县区', catalog.nameOf(regions, e.region), { field: 'region' }),
    row('产业链', catalog.nameOf(industries, e.industry), { field: 'industry' }),
    row('成立日期', e.founded_on, { field: 'founded_on' }),
    row('法定代表人', e.legal_representative, { field: 'legal_representative' }),
    row('联系电话', phone, { mono: true, field: 'contact_phone' }),
    row('地址', e.address, { field: 'address' }),
    row('标签', e.tags.length ? chips(e.tags) : '', { field: 'tags' }),
    row('状态', e.archived ? '已归档' : '正常', { field: 'archived' }),
    row('更新时间', `${formatDateTime(e.updated_at)}（第 ${e.version} 版）`, { field: 'updated_at' }),
    row('登记时间', formatDateTime(e.created_at), { field: 'created_at' }));
}

export default async function enterprisePage(ctx) {
  const { root, params, isCurrent } = ctx;
  const user = session.user();
  const back = backLink('#/enterprises', '企业名录');
  mount(root, back, loading());
  let enterprise;
  let regions;
  let industries;
  try {
    const [{ data }, r, i] = await Promise.all([
      api.get(`/enterprises/${encodeURIComponent(params.uscc)}`),
      catalog.regions(),
      catalog.industries(),
    ]);
    enterprise = data;
    regions = r;
    industries = i;
  } catch (e) {
    if (isCurrent()) mount(root, back, errorPanel(e, '#/enterprises', '返回企业名录'));
    return;
  }
  if (!isCurrent()) return;
  const e = enterprise;
  const status = h('div');

  async function setArchived(archived) {
    const verb = archived ? '归档' : '恢复';
    const question = archived
      ? `确定归档“${e.name}”？归档后默认不在名录中显示，可随时恢复。`
      : `确定恢复“${e.name}”？`;
    if (!window.confirm(question)) return;
    try {
      if (archived) await api.del(`/enterprises/${encodeURIComponent(e.uscc)}`);
      else await api.post(`/enterprises/${encodeURIComponent(e.uscc)}/restore`);
      flashNext(`已${verb}`);
      ctx.navigate(`/enterprises/${encodeURIComponent(e.uscc)}`);
    } catch (err) {
      if (!isCurrent()) return;
      status.replaceChildren(notice('error', `${verb}失败：${messageFor(err)}`));
    }
  }

  const actions = [];
  if (session.canEditEnterprises(user)) {
    actions.push(h('a', { class: 'btn btn-primary', href: `#/enterprises/${encodeURIComponent(e.uscc)}/edit`, id: 'edit' }, '编辑'));
    actions.push(e.archived
      ? h('button', { type: 'button', class: 'btn', id: 'restore', onclick: () => setArchived(false) }, '恢复')
      : h('button', { type: 'button', class: 'btn btn-danger-quiet', id: 'archive', onclick: () => setArchived(true) }, '归档'));
  }

  const head = pageHeader(e.name, ...actions);
  if (e.archived) head.querySelector('h1').append(' ', h('span', { class: 'chip chip-muted' }, '已归档'));

  const extra = sections.map((s) => h('section', { class: 'panel', id: `section-${s.id}` },
    h('h2', null, s.title), loading()));
  // Lead sections (the rung and what is due) come before the enterprise's own fields.
  const lead = extra.filter((_, i) => sections[i].lead);
  mount(root, back, head, status, lead, h('section', { class: 'panel', id: 'enterprise-facts' }, details(e, regions, industries)),
    extra.filter((_, i) => !sections[i].lead));

  sections.forEach(async (s, idx) => {
    const panel = extra[idx];
    try {
      const node = await s.render({ enterprise: e, user, root: panel, navigate: ctx.navigate });
      if (isCurrent() && node) panel.replaceChildren(h('h2', null, s.title), node);
    } catch (err) {
      if (!isCurrent()) return;
      if (err instanceof ApiError && err.status === 401) return;
      panel.replaceChildren(h('h2', null, s.title), notice('error', messageFor(err)));
    }
  });
}
