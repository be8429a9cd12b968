// #/enterprises?q=&region=&industry=&tag=&archived=1&rung=&pool=&expiring=&sort=&order= — search,
// filters, sort, cursor pagination and 导出 (CSV / XLSX of every matching row). The filters and
// the sort live in the hash so Back returns to the same search.

import { api, ApiError } from '../api.js';
import * as catalog from '../catalog.js';
import { exportBox } from '../download.js';
import { h, mount } from '../dom.js';
import { COMMON_TAGS, formatCount, messageFor } from '../i18n.js';
import * as session from '../session.js';
import { errorPanel, loading, notice, pageHeader } from '../ui.js';

const PAGE_SIZE = 20;
const MIN_QUERY = 2;

function queryLength(q) {
  return Array.from(q.trim()).length;
}

// Sort choices: value "field" or "field:desc" (the API's sort and order).
const SORTS = [
  ['', '登记顺序'],
  ['name', '名称'],
  ['created:desc', '登记时间（新到旧）'],
  ['created', '登记时间（旧到新）'],
  ['region', '县区'],
  ['rung:desc', '梯度（高到低）'],
  ['rung', '梯度（低到高）'],
];
const EXPIRY_CHOICES = [['', '不限'], ['30', '30 天内到期'], ['90', '90 天内到期'], ['180', '半年内到期'], ['365', '一年内到期']];

function labelOf(items, id) {
  const found = items.find((i) => i.id === id);
  return found ? found.name_zh : id;
}

function enterpriseItem(e, regions, industries, stages, pools) {
  const href = `#/enterprises/${encodeURIComponent(e.uscc)}`;
  return h('li', { class: ['result', e.archived && 'is-archived'], dataset: { uscc: e.uscc } },
    h('a', { href, class: 'result-link' },
      h('span', { class: 'result-name' }, e.name),
      h('span', { class: 'result-code mono' }, e.uscc),
      h('span', { class: 'result-meta' },
        h('span', null, catalog.nameOf(regions, e.region)),
        e.industry ? h('span', null, catalog.nameOf(industries, e.industry)) : null),
      h('span', { class: 'result-ladder' },
        h('span', { class: ['chip', e.rung ? 'chip-accent' : 'chip-muted'], dataset: { rung: e.rung || 'none' } },
          e.rung ? labelOf(stages, e.rung) : '未入梯度'),
        (e.pools || []).map((p) => h('span', { class: 'chip', dataset: { pool: p } }, labelOf(pools, p)))),
      (e.tags.length || e.archived)
        ? h('span', { class: 'result-tags' },
          e.archived ? h('span', { class: 'chip chip-muted' }, '已归档') : null,
          e.tags.map((t) => h('span', { class: 'chip' }, t)))
        : null));
}

// The last search's loaded pages and scroll position (kept for this tab only, in memory).
let remembered = { key: null, items: [], cursor: null, total: null, scrollY: 0 };

export default async function enterpriseListPage({ root, query, navigate, isCurrent }) {
  const user = session.user();
  if (!session.canReadEnterprises(user)) {
    const home = user && user.role === 'admin' ? ['#/users', '用户管理'] : ['#/audit', '审计日志'];
    mount(root, pageHeader('企业名录'), notice('info', '您的角色不查看企业信息。', h('a', { class: 'btn', href: home[0] }, `前往${home[1]}`)));
    return;
  }
  mount(root, pageHeader('企业名录'), loading());
  let regions;
  let industries;
  let stages;
  let pools;
  try {
    [regions, industries, stages, pools] = await Promise.all([catalog.regions(), catalog.industries(), catalog.stages(), catalog.pools()]);
  } catch (e) {
    if (isCurrent()) mount(root, pageHeader('企业名录'), errorPanel(e));
    return;
  }
  if (!isCurrent()) return;

  const state = {
    q: query.q || '',
    region: query.region || '',
    industry: query.industry || '',
    tag: query.tag || '',
    archived: query.archived === '1',
    rung: query.rung || '',
    pool: query.pool || '',
    expiring: query.expiring || '',
    sort: query.sort ? `${query.sort}${query.order === 'desc' ? ':desc' : ''}` : '',
  };
  const [sortField, sortDir] = state.sort.split(':');

  // --- the search form -------------------------------------------------------------------------
  const qInput = h('input', {
    type: 'search', id: 'f-q', name: 'q', value: state.q, enterkeyhint: 'search', autocomplete: 'off',
    maxlength: 50, placeholder: '企业名称（至少 2 个字）或信用代码', 'aria-describedby': 'f-q-error',
  });
  const qError = h('p', { class: 'field-error', id: 'f-q-error', hidden: true });
  const visibleRegions = user.region_scope ? regions.filter((r) => r.code === user.region_scope) : regions;
  // A user scoped to one region sees only it: no region filter to offer.
  const regionSelect = visibleRegions.length > 1
    ? h('select', { id: 'f-region', name: 'region' },
      h('option', { value: '' }, '全部县区'),
      visibleRegions.map((r) => h('option', { value: r.code, selected: r.code === state.region }, r.name)))
    : null;
  const industrySelect = h('select', { id: 'f-industry', name: 'industry' },
    h('option', { value: '' }, '全部产业链'),
    industries.map((i) => h('option', { value: i.code, selected: i.code === state.industry }, i.name)));
  const tagInput = h('input', { type: 'text', id: 'f-tag', name: 'tag', value: state.tag, list: 'tag-options', maxlength: 40, placeholder: '全部标签' });
  const archivedBox = h('input', { type: 'checkbox', id: 'f-archived', name: 'archived', checked: state.archived });
  const rungSelect = h('select', { id: 'f-rung', name: 'rung' },
    h('option', { value: '' }, '全部梯度'),
    stages.map((st) => h('option', { value: st.id, selected: st.id === state.rung }, st.name_zh)),
    h('option', { value: 'none', selected: state.rung === 'none' }, '未入梯度'));
  const poolSelect = h('select', { id: 'f-pool', name: 'pool' },
    h('option', { value: '' }, '不限后备库'),
    pools.map((p) => h('option', { value: p.id, selected: p.id === state.pool }, p.name_zh)));
  const expirySelect = h('select', { id: 'f-expiring', name: 'expiring' },
    EXPIRY_CHOICES.map(([v, text]) => h('option', { value: v, selected: v === state.expiring }, text)));
  const sortSelect = h('select', { id: 'f-sort', name: 'sort' },
    SORTS.map(([v, text]) => h('option', { value: v, selected: v === state.sort }, text)));

  const filtersActive = Boolean((regionSelect && state.region) || state.industry || state.tag || state.archived ||
    state.rung || state.pool || state.expiring);
  const filters = h('details', { class: 'filters', open: filtersActive || window.matchMedia('(min-width: 760px)').matches },
    h('summary', null, '筛选', filtersActive ? h('span', { class: 'chip chip-accent' }, '已筛选') : null),
    h('div', { class: 'filter-grid' },
      regionSelect ? h('div', { class: 'field' }, h('label', { for: 'f-region' }, '县区'), regionSelect) : null,
      h('div', { class: 'field' }, h('label', { for: 'f-industry' }, '产业链'), industrySelect),
      h('div', { class: 'field' }, h('label', { for: 'f-tag' }, '标签'), tagInput,
        h('datalist', { id: 'tag-options' }, COMMON_TAGS.map((t) => h('option', { value: t })))),
      h('div', { class: 'field' }, h('label', { for: 'f-rung' }, '当前梯度'), rungSelect),
      h('div', { class: 'field' }, h('label', { for: 'f-pool' }, '后备库'), poolSelect),
      h('div', { class: 'field' }, h('label', { for: 'f-expiring' }, '资格到期'), expirySelect),
      h('div', { class: 'field' }, h('label', { for: 'f-sort' }, '排序'), sortSelect),
      h('label', { class: 'check', for: 'f-archived' }, archivedBox, '含已归档')));

  const form = h('form', { class: 'search-form', role: 'search', novalidate: true },
    h('div', { class: 'search-row' },
      h('label', { for: 'f-q', class: 'visually-hidden' }, '搜索企业'),
      qInput,
      h('button', { type: 'submit', class: 'btn btn-primary' }, '搜索')),
    qError,
    filters);

  function currentFilters() {
    return {
      q: qInput.value.trim(),
      region: regionSelect ? regionSelect.value : '',
      industry: industrySelect.value,
      tag: tagInput.value.trim(),
      archived: archivedBox.checked ? '1' : '',
      rung: rungSelect.value,
      pool: poolSelect.value,
      expiring: expirySelect.value,
      sort: sortSelect.value.split(':')[0],
      order: sortSelect.value.endsWith(':desc') ? 'desc' : '',
    };
  }

  function showQueryError(text) {
    qError.textContent = text || '';
    qError.hidden = !text;
    qInput.setAttribute('aria-invalid', text ? 'true' : 'false');
  }

  function go() {
    const f = currentFilters();
    if (f.q && queryLength(f.q) < MIN_QUERY) {
      showQueryError('至少输入 2 个字，例如“许继”，或信用代码的前几位');
      qInput.focus();
      return;
    }
    navigate('/enterprises', f);
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    go();
  });
  for (const el of [regionSelect, industrySelect, archivedBox, rungSelect, poolSelect, expirySelect, sortSelect]) {
    if (el) el.addEventListener('change', go);
  }
  tagInput.addEventListener('change', go);

  // --- the results --------------------------------------------------------------------------------
  const summary = h('p', { class: 'result-summary', 'aria-live': 'polite' });
  const list = h('ul', { class: 'results', id: 'results' });
  const more = h('button', { type: 'button', class: 'btn btn-block', id: 'load-more', hidden: true }, '加载更多');
  const listError = h('div');

  // The API's list parameters for this search (the same for a page and for an export).
  const listParams = () => ({
    q: state.q,
    region: regionSelect ? state.region : '',
    industry: state.industry,
    tag: state.tag,
    include_archived: state.archived ? 'true' : '',
    rung: state.rung,
    pool: state.pool,
    designation_expiring_within: state.expiring,
    sort: sortField || '',
    order: sortDir === 'desc' ? 'desc' : '',
  });

  // 导出: every row of this search as a file (the server streams it; errors are shown here).
  const exportActions = exportBox({ path: '/enterprises', params: listParams, fileName: '企业名单', noun: '企业' });

  const actions = session.canEditEnterprises(user)
    ? [h('a', { class: 'btn btn-primary', href: '#/enterprises/new' }, '＋ 登记企业')]
    : [];
  mount(root, pageHeader('企业名录', ...actions), form, exportActions, summary, listError, list, more);

  if (state.q && queryLength(state.q) < MIN_QUERY) {
    showQueryError('至少输入 2 个字，例如“许继”，或信用代码的前几位');
    return;
  }

  let cursor = null;
  let total = null;
  let shown = 0;

  // Back from an enterprise: the same search shows the pages already loaded, at the same scroll.
  const key = JSON.stringify([state.q, regionSelect ? state.region : '', state.industry, state.tag, state.archived,
    state.rung, state.pool, state.expiring, state.sort]);
  if (remembered.key !== key) remembered = { key, items: [], cursor: null, total: null, scrollY: 0 };
  const onScroll = () => { remembered.scrollY = window.scrollY; };

  function showCounts() {
    summary.textContent = total !== null
      ? `共 ${formatCount(total)} 家企业，已显示 ${formatCount(shown)} 家`
      : `已显示 ${formatCount(shown)} 家`;
    more.hidden = !cursor;
    more.disabled = false;
    more.textContent = total !== null && cursor ? `加载更多（还有 ${formatCount(total - shown)} 家）` : '加载更多';
  }

  async function loadPage() {
    more.disabled = true;
    more.textContent = '正在加载…';
    const params = {
      ...listParams(),
      limit: PAGE_SIZE,
      cursor,
      total: cursor ? '' : 'true',
    };
    try {
      const { data } = await api.get('/enterprises', params);
      if (!isCurrent()) return;
      if (data.total !== undefined) total = data.total;
      for (const e of data.items) list.append(enterpriseItem(e, regions, industries, stages, pools));
      shown += data.items.length;
      cursor = data.next_cursor;
      remembered.items.push(...data.items);
      remembered.cursor = cursor;
      remembered.total = total;
      if (shown === 0) {
        summary.textContent = '';
        listError.replaceChildren(notice('info', state.q ? `没有找到与“${state.q}”相符的企业。` : '没有符合条件的企业。'));
      }
      if (shown) showCounts();
      else more.hidden = true;
    } catch (e) {
      if (!isCurrent()) return;
      more.disabled = false;
      more.textContent = '加载更多';
      if (e instanceof ApiError && e.status === 422 && e.field === 'q') {
        showQueryError(messageFor(e));
      } else {
        listError.replaceChildren(notice('error', messageFor(e), h('button', { type: 'button', class: 'btn', onclick: () => { listError.replaceChildren(); loadPage(); } }, '重试')));
      }
    }
  }

  more.addEventListener('click', loadPage);
  if (remembered.items.length) {
    for (const e of remembered.items) list.append(enterpriseItem(e, regions, industries, stages, pools));
    shown = remembered.items.length;
    cursor = remembered.cursor;
    total = remembered.total;
    showCounts();
    window.scrollTo(0, remembered.scrollY);
  } else {
    await loadPage();
  }
  window.addEventListener('scroll', onScroll, { passive: true });
  return () => window.removeEventListener('scroll', onScroll);
}
