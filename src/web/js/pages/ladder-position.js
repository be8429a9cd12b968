// 培育阶梯, a panel of the enterprise page: the position on any date and the whole timeline
// (GET …/ladder?as_of=), and the links to the designation and indicator forms.

import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { DESIGNATION_STATUS, EVENT_NAMES, STAGES, canEditLadder, once } from './ladder-common.js';

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

function designationList(data) {
  if (!data.designations.length) return null;
  return h('details', { class: 'designations' },
    h('summary', null, `资格记录（${data.designations.length}）`),
    h('ul', { class: 'designation-list' }, data.designations.map((d) => h('li', { dataset: { designationId: d.id, status: d.status } },
      h('b', null, d.stage_name), ' ',
      h('span', { class: `chip chip-muted d-${d.status}` }, DESIGNATION_STATUS[d.status] || d.status), ' ',
      h('span', null, `${d.starts_on} 至 ${d.ends_on || '—'}`),
      d.number ? h('span', { class: 'mono small' }, ` ${d.number}`) : null,
      d.source ? h('span', { class: 'muted small' }, ` · ${d.source}`) : null,
      d.revoked_on ? h('span', { class: 'muted small' }, ` · ${d.revoked_on} 撤销：${d.revocation_reason}`) : null))));
}

export async function renderLadder({ enterprise, user }) {
  const body = h('div', { class: 'ladder-section' });
  const uscc = encodeURIComponent(enterprise.uscc);
  async function draw(asOf) {
    const data = asOf
      ? (await api.get(`/enterprises/${uscc}/ladder`, { as_of: asOf })).data
      : await once(enterprise, '/ladder');
    const input = h('input', { type: 'date', id: 'f-as-of', value: data.as_of });
    input.addEventListener('change', () => { if (input.value) draw(input.value).catch(() => {}); });
    const top = data.position.top
      ? h('span', { class: 'position-top', id: 'ladder-position' }, data.position.top_name)
      : h('span', { class: 'position-top is-none', id: 'ladder-position' }, '尚未取得资格');
    mount(body, 
      h('div', { class: 'position-line' },
        h('span', { class: 'muted' }, '所处阶梯'), top,
        h('label', { class: 'as-of', for: 'f-as-of' }, h('span', { class: 'muted small' }, '截至'), input)),
      stageLadder(data),
      h('h3', null, '时间线'),
      timeline(data, data.as_of),
      designationList(data),
      canEditLadder(user)
        ? h('div', { class: 'section-actions' },
          h('a', { class: 'btn', id: 'add-designation', href: `#/enterprises/${uscc}/designations/new` }, '登记资格'),
          h('a', { class: 'btn', id: 'edit-indicators', href: `#/enterprises/${uscc}/indicators/${new Date().getFullYear() - 1}` }, '填报年度指标'))
        : null);
  }
  await draw(null);
  return body;
}
