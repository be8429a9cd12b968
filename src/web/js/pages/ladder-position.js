// 培育阶梯, a panel of the enterprise page: the position on any date and the whole timeline
// (GET …/ladder?as_of=), the records with 更正 / 撤销, and the links to the designation and
// indicator forms.

import { api, ApiError } from '../api.js';
import { h, mount } from '../dom.js';
import { notice } from '../ui.js';
import { DESIGNATION_STATUS, EVENT_NAMES, STAGES, canEditLadder, forget, ladderMessage, once } from './ladder-common.js';
import { todayCst } from './liaison-common.js';

function stageLadder(data) {
  const held = new Set(data.position.held.map((s) => s.id));
  const next = new Set(data.next_stages.map((s) => s.id));
  return h('ol', { class: 'stage-ladder', id: 'stage-ladder' },
    STAGES.map((s) => h('li', {
      class: ['stage', held.has(s.id) && 'is-held', data.position.top === s.id && 'is-top', next.has(s.id) && 'is-next'],
      dataset: { stage: s.id },
    },
    h('span', { class: 'stage-name' }, s.name),
    held.has(s.id) ? h('span', { class: 'stage-tag' }, '持有') : (next.has(s.id) ? h('span', { class: 'stage-tag' }, '下一阶') : null))));
}

function timeline(data, asOf) {
  if (!data.timeline.length) return h('p', { class: 'muted' }, '尚无资格记录。');
  return h('ol', { class: 'timeline', id: 'ladder-timeline' },
    data.timeline.map((e) => h('li', { class: ['tl-event', `tl-${e.kind}`, e.on > asOf && 'is-future'], dataset: { kind: e.kind, stage: e.stage } },
      h('span', { class: 'tl-date' }, e.on),
      h('span', { class: 'tl-text' }, `${EVENT_NAMES[e.kind] || e.kind}${e.stage_name}`,
        e.number ? h('span', { class: 'mono muted small' }, ` ${e.number}`) : null))));
}

// 撤销 a designation (POST …/designations/{id}/revoke): the date and the reason, both required.
function revokeForm(d, ctx) {
  const on = h('input', { type: 'date', value: todayCst(), max: todayCst(), 'aria-label': '撤销日期', class: 'd-revoked-on' });
  const reason = h('input', { type: 'text', maxlength: 200, placeholder: '撤销原因（必填），如：复核不合格', 'aria-label': '撤销原因', class: 'd-reason' });
  const err = h('p', { class: 'field-error', role: 'alert' });
  const form = h('form', { class: 'designation-revoke-form', novalidate: true }, on, reason,
    h('button', { type: 'submit', class: 'btn btn-small btn-danger-quiet' }, '确认撤销'),
    h('button', { type: 'button', class: 'btn btn-small btn-quiet', onclick: () => form.remove() }, '取消'), err);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    if (!reason.value.trim()) { err.textContent = '请填写撤销原因'; reason.focus(); return; }
    try {
      await api.post(`/enterprises/${ctx.uscc}/designations/${d.id}/revoke`, { revoked_on: on.value, reason: reason.value.trim() });
      ctx.done(`已撤销${d.stage_name}（${on.value}）`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      err.textContent = ladderMessage(e);
    }
  });
  return form;
}

function designationList(data, ctx) {
  if (!data.designations.length) return null;
  const live = (d) => d.status !== 'superseded' && d.status !== 'revoked';
  return h('details', { class: 'designations', open: ctx.open || undefined },
    h('summary', null, `资格记录（${data.designations.length}）`),
    h('ul', { class: 'designation-list' }, data.designations.map((d) => h('li', { dataset: { designationId: d.id, status: d.status } },
      ctx.editable && live(d) ? h('span', { class: 'd-actions' },
        h('a', { class: 'btn btn-small btn-quiet d-correct', href: `#/enterprises/${ctx.uscc}/designations/new?correct=${d.id}` }, '更正'),
        h('button', { type: 'button', class: 'btn btn-small btn-quiet d-revoke', onclick: (ev) => {
          const li = ev.currentTarget.closest('li');
          if (!li.querySelector('.designation-revoke-form')) li.append(revokeForm(d, ctx));
          li.querySelector('.d-reason').focus();
        } }, '撤销')) : null,
      h('b', null, d.stage_name), ' ',
      h('span', { class: `chip chip-muted d-${d.status}` }, DESIGNATION_STATUS[d.status] || d.status), ' ',
      h('span', null, `${d.starts_on} 至 ${d.ends_on || '—'}`),
      d.number ? h('span', { class: 'mono small' }, ` ${d.number}`) : null,
      d.source ? h('span', { class: 'muted small' }, ` · ${d.source}`) : null,
      d.revoked_on ? h('span', { class: 'muted small' }, ` · ${d.revoked_on} 撤销：${d.revocation_reason}`) : null,
      d.corrects_id ? h('span', { class: 'muted small' }, ' · 更正记录') : null))));
}

export async function renderLadder({ enterprise, user }) {
  const body = h('div', { class: 'ladder-section' });
  const uscc = encodeURIComponent(enterprise.uscc);
  const status = h('div', { id: 'ladder-status' });
  const ctx = {
    uscc, editable: canEditLadder(user), open: false,
    done: async (text) => {
      forget(enterprise);
      ctx.open = true;
      await draw(null);
      status.replaceChildren(notice('success', text));
    },
  };
  async function draw(asOf) {
    const data = asOf
      ? (await api.get(`/enterprises/${uscc}/ladder`, { as_of: asOf })).data
      : await once(enterprise, '/ladder');
    const input = h('input', { type: 'date', id: 'f-as-of', value: data.as_of });
    input.addEventListener('change', () => { if (input.value) draw(input.value).catch(() => {}); });
    const top = data.position.top
      ? h('span', { class: 'position-top', id: 'ladder-position' }, data.position.top_name)
      : h('span', { class: 'position-top is-none', id: 'ladder-position' }, '尚未取得资格');
    mount(body, status,
      h('div', { class: 'position-line' },
        h('span', { class: 'muted' }, '所处阶梯'), top,
        h('label', { class: 'as-of', for: 'f-as-of' }, h('span', { class: 'muted small' }, '截至'), input)),
      stageLadder(data),
      h('h3', null, '时间线'),
      timeline(data, data.as_of),
      designationList(data, ctx),
      canEditLadder(user)
        ? h('div', { class: 'section-actions' },
          h('a', { class: 'btn', id: 'add-designation', href: `#/enterprises/${uscc}/designations/new` }, '登记资格'),
          h('a', { class: 'btn', id: 'edit-indicators', href: `#/enterprises/${uscc}/indicators/${new Date().getFullYear() - 1}` }, '填报年度指标'),
          h('a', { class: 'btn', id: 'edit-facts', href: `#/enterprises/${uscc}/facts` }, '合规事项与专家评分'))
        : null);
  }
  await draw(null);
  return body;
}
