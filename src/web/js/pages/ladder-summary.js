// 阶梯与待办, the first panel of the enterprise page (issue 13): the rung it holds and what is due
// next on its roadmap (overdue first), so an officer does not scroll past every field to find them.
// Reads the same cached GETs as the ladder panels below it (once()), and redraws when the roadmap
// panel reports a change (ROADMAP_CHANGED), so what is due is never a stale count.

import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { milestoneChip, once, poolName } from './ladder-common.js';
import { ROADMAP_CHANGED } from './ladder-roadmap.js';

const SHOWN = 3;

async function summaryOf(enterprise) {
  const ladder = await once(enterprise, '/ladder');
  let roadmap = { memberships: [] };
  try {
    roadmap = await once(enterprise, '/roadmap');
  } catch (err) {
    if (!(err instanceof ApiError && (err.status === 403 || err.status === 404))) throw err;
  }
  const open = roadmap.memberships.filter((m) => !m.exited_on);
  const due = open.flatMap((m) => (m.milestones || [])
    .filter((x) => x.status === 'planned' || x.status === 'overdue')
    .map((x) => ({ ...x, pool: m.pool })))
    .sort((a, b) => (a.status === 'overdue' ? 0 : 1) - (b.status === 'overdue' ? 0 : 1) || a.due_on.localeCompare(b.due_on));
  const overdue = due.filter((x) => x.status === 'overdue').length;
  return h('div', { class: 'summary-strip', id: 'enterprise-summary' },
    h('p', { class: 'summary-rung' },
      h('span', { class: 'muted' }, '所处阶梯 '),
      h('b', { id: 'summary-rung' }, ladder.position.top_name || '尚未取得资格'),
      open.length ? h('span', { class: 'muted' }, ` · 在库：${open.map((m) => poolName(m.pool)).join('、')}`) : null),
    due.length
      ? h('div', null,
        h('p', { class: 'small' }, `待办节点 ${due.length} 项${overdue ? `，其中逾期 ${overdue} 项` : ''}：`),
        h('ul', { class: 'summary-due', id: 'summary-due' }, due.slice(0, SHOWN).map((x) => h('li', { dataset: { milestoneId: x.id } },
          milestoneChip(x.status), ' ', h('span', { class: 'mono small' }, x.due_on), ' ', x.title))),
        h('a', { href: '#section-roadmap', class: 'small', onclick: (ev) => {
          ev.preventDefault();
          document.getElementById('section-roadmap')?.scrollIntoView({ block: 'start' });
        } }, '查看全部路线图'))
      : h('p', { class: 'muted small', id: 'summary-due' }, open.length ? '路线图上暂无待办节点。' : '未纳入后备库。'));
}

export async function renderSummary({ enterprise }) {
  const holder = h('div', null, await summaryOf(enterprise));
  const onChange = async (ev) => {
    if (!holder.isConnected) {  // the page is gone: stop listening
      document.removeEventListener(ROADMAP_CHANGED, onChange);
      return;
    }
    if (ev.detail.uscc !== enterprise.uscc) return;
    try {
      holder.replaceChildren(await summaryOf(enterprise));
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) throw err;
    }
  };
  document.addEventListener(ROADMAP_CHANGED, onChange);
  return holder;
}
