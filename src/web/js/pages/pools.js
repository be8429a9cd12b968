// #/pools — the three reserve pools with their open members; #/pools/{pool}?region=&tier=&target_year=
// — one pool's members with the evaluation summary, pipeline step and roadmap figures of each
// (GET /api/v1/pools/{pool}/members), grouped by county with each county's count and the pool's
// total in the caller's scope; #/milestones?pool=&region=&due_before= — milestones due
// and overdue across the pools (GET /api/v1/pools/{pool}/milestones), grouped by county and shown
// 20 a county at a time, completed after a confirmation.

import { api, ApiError } from '../api.js';
import * as catalog from '../catalog.js';
import { exportBox } from '../download.js';
import { h, mount } from '../dom.js';
import { formatCount } from '../i18n.js';
import * as session from '../session.js';
import { errorPanel, loading, notice, pageHeader } from '../ui.js';
import {
  MILESTONE_KINDS, POOLS, TIER_NAMES, canEditLadder, gapSummary, ladderMessage, loadStages, milestoneChip, poolName, resultChip, stageName,
  stepText,
} from './ladder-common.js';
import { addDays, enterpriseHref, todayCst } from './liaison-common.js';

const MEMBER_PAGE = 200;
const MEMBER_CAP = 2000;

export async function poolsIndexPage({ root, isCurrent }) {
  await loadStages();
  mount(root, pageHeader('后备库'), loading());
  let pools;
  try {
    pools = (await api.get('/pools')).data.items;
  } catch (e) {
    if (isCurrent()) mount(root, pageHeader('后备库'), errorPanel(e));
    return;
  }
  if (!isCurrent()) return;
  mount(root, pageHeader('后备库', h('a', { class: 'btn', href: '#/milestones' }, '到期节点')),
    h('ul', { class: 'pool-cards', id: 'pool-cards' }, pools.map((p) => h('li', { dataset: { pool: p.id } },
      h('a', { class: 'pool-card', href: `#/pools/${p.id}` },
        h('span', { class: 'pool-name' }, p.name_zh),
        h('span', { class: 'pool-count' }, h('b', null, formatCount(p.open_members)), ' 家在库'),
        h('span', { class: 'muted small' }, `目标：${p.target_stages.map((s) => s.name_zh).join('、')}`))))));
}

function memberItem(m, regions) {
  const ev = m.evaluation || {};
  const gap = ev.gaps && ev.gaps.find((g) => g.gap);
  const total = ev.total_min === null || ev.total_min === undefined ? null
    : (ev.total_min === ev.total_max ? `${ev.total_min} 分` : `${ev.total_min}–${ev.total_max} 分`);
  const r = m.roadmap || {};
  return h('li', { class: 'member', dataset: { memberId: m.id, uscc: m.uscc } },
    h('a', { class: 'member-link', href: enterpriseHref(m.uscc) },
      h('div', { class: 'member-head' },
        h('span', { class: 'member-name' }, m.enterprise_name),
        h('span', { class: 'chip' }, TIER_NAMES[m.tier] || m.tier)),
      h('div', { class: 'member-meta small' },
        h('span', null, `${m.target_year} 年${stageName(m.target_stage)}`),
        h('span', null, catalog.nameOf(regions, m.region)),
        h('span', { class: 'member-step' }, `进度：${stepText(m.pipeline_step)}`)),
      h('div', { class: 'member-eval small' },
        ev.overall ? resultChip(ev.overall) : h('span', { class: 'muted' }, '无法评价'),
        total ? h('span', null, `${total}（${ev.pass_line}）`) : null,
        ev.gaps && ev.gaps.length ? h('span', { class: 'member-gaps' }, gapSummary(ev.gaps)) : null,
        r.overdue ? h('span', { class: 'overdue-text' }, `${r.overdue} 个节点逾期`) : null,
        r.next_due ? h('span', { class: 'muted' }, `下个节点 ${r.next_due}`) : null,
        r.on_time_pct !== null && r.on_time_pct !== undefined ? h('span', { class: 'muted' }, `按期 ${r.on_time_pct}%`) : null),
      gap ? h('p', { class: 'member-gap small' }, gap.gap) : null));
}

export async function poolPage({ root, params, query, navigate, isCurrent }) {
  await loadStages();
  const user = session.user();
  const pool = params.pool;
  const title = POOLS.some((p) => p.id === pool) ? poolName(pool) : '后备库';
  const back = h('a', { class: 'back-link', href: '#/pools' }, '‹ 后备库');
  mount(root, back, pageHeader(title), loading());
  let regions;
  try {
    regions = await catalog.regions();
  } catch (e) {
    if (isCurrent()) mount(root, back, errorPanel(e));
    return;
  }
  if (!isCurrent()) return;
  const thisYear = Number(todayCst().slice(0, 4));
  const state = { region: user.region_scope ? '' : (query.region || ''), tier: query.tier || '', target_year: query.target_year || '' };
  const regionSelect = user.region_scope ? null : h('select', { id: 'f-region' },
    h('option', { value: '' }, '全部县区'),
    regions.map((r) => h('option', { value: r.code, selected: r.code === state.region }, r.name)));
  const tierSelect = h('select', { id: 'f-tier' },
    h('option', { value: '' }, '全部层级'),
    Object.entries(TIER_NAMES).map(([k, v]) => h('option', { value: k, selected: k === state.tier }, v)));
  const yearSelect = h('select', { id: 'f-target_year' },
    h('option', { value: '' }, '全部目标年度'),
    [0, 1, 2, 3, 4].map((d) => String(thisYear + d - 1)).map((y) => h('option', { value: y, selected: y === state.target_year }, `${y} 年`)));
  const go = () => navigate(`/pools/${pool}`, { region: regionSelect ? regionSelect.value : '', tier: tierSelect.value, target_year: yearSelect.value });
  for (const el of [regionSelect, tierSelect, yearSelect]) if (el) el.addEventListener('change', go);
  const filters = h('div', { class: 'filters-bar', id: 'pool-filters' },
    regionSelect ? h('div', { class: 'field' }, h('label', { for: 'f-region' }, '责任县区'), regionSelect) : null,
    h('div', { class: 'field' }, h('label', { for: 'f-tier' }, '层级'), tierSelect),
    h('div', { class: 'field' }, h('label', { for: 'f-target_year' }, '目标年度'), yearSelect));

  // Every member (MEMBER_PAGE a request, up to MEMBER_CAP), grouped by county: a heading with the
  // county's count, a lone county open and the others folded, as on 到期节点.
  const list = h('div', { class: 'county-groups', id: 'members' });
  const summary = h('p', { class: 'result-summary', 'aria-live': 'polite' });
  const listError = h('div');
  const spinner = loading();
  // 导出: every member these filters select (GET …/members?format=, the same filters as the list).
  const exportActions = exportBox({ path: `/pools/${pool}/members`, params: () => state, fileName: `${title}成员`, noun: '在库企业' });
  mount(root, back,
    pageHeader(`${title}${user.region_scope ? ` · ${catalog.nameOf(regions, user.region_scope)}` : ''}`,
      h('a', { class: 'btn', href: `#/milestones?pool=${pool}` }, '到期节点')),
    filters, exportActions, summary, listError, spinner, list);

  // The pool's total in the caller's scope (GET /api/v1/pools counts open members as scoped).
  let total = null;
  const filtered = Boolean(state.region || state.tier || state.target_year);
  const members = [];
  let capped = false;
  try {
    const { data } = await api.get('/pools');
    const p = data.items.find((x) => x.id === pool);
    if (p) total = p.open_members;
    let cursor = null;
    do {
      const page = (await api.get(`/pools/${pool}/members`, { ...state, limit: MEMBER_PAGE, cursor })).data;
      if (!isCurrent()) return;
      members.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor && members.length < MEMBER_CAP);
    capped = Boolean(cursor);
  } catch (e) {
    if (!isCurrent()) return;
    spinner.remove();
    if (e instanceof ApiError && e.status === 401) return;
    if (e instanceof ApiError && e.status === 404) listError.replaceChildren(errorPanel(e, '#/pools', '返回后备库'));
    else listError.replaceChildren(notice('error', ladderMessage(e)));
    return;
  }
  if (!isCurrent()) return;
  spinner.remove();
  const byRegion = new Map(regions.map((r) => [r.code, []]));
  for (const m of members) {
    if (!byRegion.has(m.region)) byRegion.set(m.region, []);
    byRegion.get(m.region).push(m);
  }
  const groups = [...byRegion].filter(([, l]) => l.length);
  const counted = capped ? `已显示前 ${formatCount(members.length)} 家在库企业` : `${filtered ? '符合条件的' : ''}共 ${formatCount(members.length)} 家在库企业`;
  const of = total === null || (!filtered && !capped) ? '' : `；全库共 ${formatCount(total)} 家`;
  summary.textContent = members.length ? `${counted}，分布在 ${groups.length} 个县区${of}` : '';
  if (!members.length) {
    listError.replaceChildren(notice('info', '没有符合条件的在库企业。'));
    return;
  }
  list.replaceChildren(...groups.map(([code, l]) => h('details', { class: 'county-group', dataset: { region: code }, open: groups.length === 1 || undefined },
    h('summary', null, h('span', { class: 'county-name' }, catalog.nameOf(regions, code)), h('span', { class: 'county-count' }, `（${formatCount(l.length)} 家）`)),
    h('ul', { class: 'results members' }, l.map((m) => memberItem(m, regions))))));
}

function dueItem(m, pool, onDone) {
  const row = h('li', { class: ['due-ms', `ms-row-${m.status}`], dataset: { milestoneId: m.id, status: m.status } });
  const err = h('p', { class: 'field-error', hidden: true });
  // 完成 asks first, naming the enterprise, the milestone and its date (as on the roadmap).
  const ask = h('div', { class: 'ms-confirm', role: 'alertdialog', 'aria-label': '确认完成', hidden: true });
  const done = canEditLadder(session.user())
    ? h('button', { type: 'button', class: 'btn btn-small btn-primary ms-complete' }, '完成')
    : null;
  async function complete() {
    done.disabled = true;
    ask.hidden = true;
    try {
      await api.post(`/enterprises/${encodeURIComponent(m.member.uscc)}/roadmap/milestones/${m.id}/complete`, { version: m.version });
      onDone(row, m);
    } catch (e) {
      done.disabled = false;
      if (e instanceof ApiError && e.status === 401) return;
      err.textContent = ladderMessage(e);
      err.hidden = false;
    }
  }
  if (done) {
    done.addEventListener('click', () => {
      const yes = h('button', { type: 'button', class: 'btn btn-small btn-primary ms-confirm-complete', onclick: complete }, '确认完成');
      const no = h('button', { type: 'button', class: 'btn btn-small btn-quiet ms-cancel-complete', onclick: () => { ask.hidden = true; } }, '取消');
      ask.replaceChildren(h('p', { class: 'small' }, `确认“${m.member.enterprise_name}”的“${m.title}”（计划 ${m.due_on}）已完成？`), yes, no);
      ask.hidden = false;
      yes.focus();
    });
  }
  row.append(
    h('span', { class: 'ms-date' }, m.due_on),
    h('div', { class: 'ms-main' },
      h('span', { class: 'ms-title' }, m.title),
      h('span', { class: 'ms-meta small' },
        milestoneChip(m.status),
        h('a', { href: enterpriseHref(m.member.uscc) }, m.member.enterprise_name),
        h('span', { class: 'muted' }, `${poolName(pool)} · ${MILESTONE_KINDS[m.kind] || m.kind}`)),
      ask, err),
    done || '');
  return row;
}

const COUNTY_PAGE = 20;

// One county's milestones: its count in the heading, COUNTY_PAGE at a time ("再显示"), so 134
// overdue items are a short page of county headings rather than one 24,000 px list.
function countyGroup(regionName, region, list, onDone, open) {
  const ul = h('ul', { class: 'due-ms-list' });
  const more = h('button', { type: 'button', class: 'btn btn-small county-more' });
  let shown = 0;
  const showMore = () => {
    for (const x of list.slice(shown, shown + COUNTY_PAGE)) ul.append(dueItem(x.m, x.pool, onDone));
    shown = Math.min(list.length, shown + COUNTY_PAGE);
    more.hidden = shown >= list.length;
    more.textContent = `再显示 ${Math.min(COUNTY_PAGE, list.length - shown)} 项（还有 ${list.length - shown} 项）`;
  };
  more.addEventListener('click', showMore);
  showMore();
  return h('details', { class: 'county-group', dataset: { region }, open: open || undefined },
    h('summary', null, `${regionName}（${list.length}）`), ul, more);
}

export async function milestonesPage({ root, query, navigate, isCurrent }) {
  await loadStages();
  const user = session.user();
  const title = '到期节点';
  mount(root, pageHeader(title), loading());
  let regions;
  try {
    regions = await catalog.regions();
  } catch (e) {
    if (isCurrent()) mount(root, pageHeader(title), errorPanel(e));
    return;
  }
  if (!isCurrent()) return;
  const today = todayCst();
  const state = {
    pool: query.pool || '',
    region: user.region_scope ? '' : (query.region || ''),
    due_before: query.due_before || addDays(today, 30),
  };
  const poolSelect = h('select', { id: 'f-pool' },
    h('option', { value: '' }, '全部后备库'),
    POOLS.map((p) => h('option', { value: p.id, selected: p.id === state.pool }, p.name)));
  const regionSelect = user.region_scope ? null : h('select', { id: 'f-region' },
    h('option', { value: '' }, '全部县区'),
    regions.map((r) => h('option', { value: r.code, selected: r.code === state.region }, r.name)));
  const due = h('input', { type: 'date', id: 'f-due_before', value: state.due_before });
  const go = () => navigate('/milestones', { pool: poolSelect.value, region: regionSelect ? regionSelect.value : '', due_before: due.value });
  for (const el of [poolSelect, regionSelect, due]) if (el) el.addEventListener('change', go);
  const filters = h('div', { class: 'filters-bar' },
    h('div', { class: 'field' }, h('label', { for: 'f-pool' }, '后备库'), poolSelect),
    regionSelect ? h('div', { class: 'field' }, h('label', { for: 'f-region' }, '责任县区'), regionSelect) : null,
    h('div', { class: 'field' }, h('label', { for: 'f-due_before' }, '到期日不晚于'), due));
  const status = h('div', { id: 'milestones-status' });
  const lists = h('div', { id: 'due-milestones' });
  // The export is one pool's list (GET /pools/{pool}/milestones?format=), as the API pages it.
  const chosenPool = POOLS.find((p) => p.id === state.pool);
  const exportActions = chosenPool
    ? exportBox({
      path: `/pools/${chosenPool.id}/milestones`,
      params: () => ({ region: state.region, due_before: state.due_before }),
      fileName: `${chosenPool.name}到期节点`,
      noun: '节点',
    })
    : h('p', { class: 'muted small', id: 'milestones-export-hint' }, '选择一个后备库后可导出它的到期节点（CSV / XLSX）。');
  mount(root, pageHeader(title), filters, exportActions, status, lists);

  const pools = state.pool ? [state.pool] : POOLS.map((p) => p.id);
  let items = [];
  try {
    const pages = await Promise.all(pools.map(async (p) => {
      const out = [];
      let cursor = null;
      do {
        const { data } = await api.get(`/pools/${p}/milestones`, { region: state.region, due_before: state.due_before, limit: 200, cursor });
        out.push(...data.items.map((m) => ({ m, pool: p })));
        cursor = data.next_cursor;
      } while (cursor && out.length < 1000);
      return out;
    }));
    items = pages.flat();
  } catch (e) {
    if (isCurrent()) lists.replaceChildren(notice('error', ladderMessage(e)));
    return;
  }
  if (!isCurrent()) return;
  items.sort((a, b) => a.m.due_on.localeCompare(b.m.due_on) || a.m.id - b.m.id);
  const overdue = items.filter((x) => x.m.status === 'overdue');
  const upcoming = items.filter((x) => x.m.status !== 'overdue');
  const onDone = (row, m) => {
    row.remove();
    status.replaceChildren(notice('success', `已完成：${m.member.enterprise_name} · ${m.title}`));
  };
  const section = (id, heading, list, empty) => {
    const byRegion = new Map(regions.map((r) => [r.code, []]));
    for (const x of list) {
      const code = x.m.member.region;
      if (!byRegion.has(code)) byRegion.set(code, []);
      byRegion.get(code).push(x);
    }
    const groups = [...byRegion].filter(([, l]) => l.length);
    return h('section', { class: 'mine-section', id },
      h('h2', null, `${heading}（${list.length}）`),
      list.length
        ? groups.map(([code, l]) => countyGroup(catalog.nameOf(regions, code), code, l, onDone, groups.length === 1))
        : h('p', { class: 'empty-line' }, empty));
  };
  lists.replaceChildren(
    section('overdue-milestones', '已逾期', overdue, '没有逾期的节点。'),
    section('upcoming-milestones', `${state.due_before} 前到期`, upcoming, '这段时间没有到期的节点。'));
}
