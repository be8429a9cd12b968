// The innovation graph's lists and forms (issue 10):
//   #/graph/nodes?kind=&q=&region=   platforms, talent teams, projects, institutions (next_cursor paging)
//   #/graph/nodes/{id}?as_of=        one node: its fields, its links valid on as_of (结束 a link),
//                                    添加关系, 在图谱中查看
//   #/graph/nodes/new?kind=          create a node (graph.write: bureau, county)
//   #/graph/nodes/{id}/edit          change it (PUT with If-Match: "<version>")
// The fields of each kind and their allowed values come from GET /api/v1/graph/config. A node the
// caller sees read-only (writable: false) shows no edit buttons; the server decides either way.

import { exportBox } from '../download.js';
import { api, ApiError } from '../api.js';
import * as catalog from '../catalog.js';
import { h, mount } from '../dom.js';
import { formatDateTime, messageFor } from '../i18n.js';
import { parseYuan } from '../money.js';
import * as session from '../session.js';
import { backLink, clearFieldErrors, errorPanel, fieldRow, flashNext, loading, notice, pageHeader, setFieldError } from '../ui.js';
import { todayCst } from './liaison-common.js';
import {
  FIELD_NAMES, canWriteGraph, graphConfig, graphHref, graphMessage, kindChip, kindName, linkKindName, nodeHref, nodeMeta, nodeRef,
} from './graph-common.js';

// The kinds the lists and forms are about (enterprise nodes follow the register).
const EDITABLE_KINDS = ['platform', 'talent_team', 'project', 'institution'];
const DATE_FIELDS = ['approved_on', 'ended_on', 'starts_on', 'ends_on'];
const TEXT_FIELDS = ['approving_body', 'leader', 'field', 'country'];
const errText = (e) => graphMessage(e, messageFor);

function formatYuan(v) {
  if (v === null || v === undefined) return '';
  return `${Number(v).toLocaleString('zh-CN')} 元`;
}

function fieldValue(field, value, industries) {
  if (value === null || value === undefined || value === '') return '';
  if (field === 'budget_yuan') return formatYuan(value);
  if (field === 'industry') return catalog.nameOf(industries, value);
  return String(value);
}

// ---- the list -------------------------------------------------------------------------------

export async function graphNodesPage({ root, query, navigate, isCurrent }) {
  const user = session.user();
  const title = '创新资源名录';
  mount(root, pageHeader(title), loading());
  let config;
  let regions;
  try {
    [config, regions] = await Promise.all([graphConfig(), catalog.regions()]);
  } catch (e) {
    if (isCurrent()) mount(root, pageHeader(title), errorPanel(e));
    return;
  }
  if (!isCurrent()) return;
  const kind = h('select', { id: 'f-kind' }, h('option', { value: '' }, '全部类型'),
    [...EDITABLE_KINDS, 'enterprise'].map((k) => h('option', { value: k, selected: query.kind === k }, kindName(config, k))));
  const q = h('input', { type: 'search', id: 'f-q', value: query.q || '', maxlength: 100, placeholder: '名称中的字词' });
  const region = h('select', { id: 'f-region' }, h('option', { value: '' }, '全部县区'),
    regions.map((r) => h('option', { value: r.code, selected: query.region === r.code }, r.name)));
  const form = h('form', { class: 'filters-bar', id: 'graph-node-filters', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'f-kind' }, '类型'), kind),
    h('div', { class: 'field' }, h('label', { for: 'f-region' }, '县区'), region),
    h('div', { class: 'field' }, h('label', { for: 'f-q' }, '名称'), q),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '查询')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate('/graph/nodes', { kind: kind.value, q: q.value.trim(), region: region.value });
  });
  const actions = [h('a', { class: 'btn', id: 'open-graph', href: '#/graph' }, '图谱'),
    h('a', { class: 'btn', id: 'open-analysis', href: '#/graph/analysis' }, '分析')];
  if (canWriteGraph(user)) {
    actions.unshift(h('a', { class: 'btn btn-primary', id: 'new-node', href: `#/graph/nodes/new${query.kind && query.kind !== 'enterprise' ? `?kind=${query.kind}` : ''}` }, '新增'));
  }
  const list = h('ul', { class: 'graph-list', id: 'graph-node-items' });
  const status = h('div');
  const more = h('div', { class: 'load-more-row' });
  const params = { kind: query.kind, q: query.q, region: query.region, limit: 50 };
  // 导出: every node these filters list (GET /graph/nodes?format=), one sheet for all kinds.
  const exportActions = exportBox({ path: '/graph/nodes', params: () => ({ kind: params.kind, q: params.q, region: params.region }), fileName: '创新资源名录', noun: '节点' });
  mount(root, pageHeader(title, ...actions), form, exportActions, status, list, more);

  async function load(cursor) {
    let data;
    try {
      data = (await api.get('/graph/nodes', cursor ? { ...params, cursor } : params)).data;
    } catch (e) {
      if (!isCurrent()) return;
      status.replaceChildren(notice('error', e.status === 422 ? `查询条件有误：${errText(e)}` : errText(e)));
      return;
    }
    if (!isCurrent()) return;
    for (const n of data.items) {
      list.append(h('li', { class: 'graph-list-item', dataset: { nodeId: String(n.id), kind: n.kind } },
        h('div', null, h('a', { href: nodeHref(n), class: 'graph-node-name' }, n.name), ' ', kindChip(config, n.kind),
          n.writable ? null : h('span', { class: 'chip chip-muted' }, '只读')),
        h('div', { class: 'muted small' }, [nodeMeta(n), n.status, catalog.nameOf(regions, n.region)].filter(Boolean).join(' · '), ' ',
          h('a', { href: graphHref(n), class: 'graph-open' }, '在图谱中查看'))));
    }
    if (!list.children.length) list.replaceWith(h('p', { class: 'empty-line', id: 'graph-node-items' }, '没有符合条件的节点。'));
    more.replaceChildren(data.next_cursor
      ? h('button', { type: 'button', class: 'btn btn-block', id: 'load-more', onclick: () => load(data.next_cursor) }, '加载更多')
      : null);
  }
  await load(null);
}

// ---- one node -------------------------------------------------------------------------------

function factsList(config, node, regions, industries) {
  const def = config.node_kinds[node.kind] || { fields: [] };
  const rows = [
    ['类型', kindName(config, node.kind)],
    ['责任县区', catalog.nameOf(regions, node.region)],
    ...(def.fields || []).map((f) => [FIELD_NAMES[f] || f, fieldValue(f, node[f], industries), f]),
    ['登记人', node.created_by],
    ['更新时间', node.updated_at ? `${formatDateTime(node.updated_at)}（第 ${node.version} 版）` : ''],
  ];
  return h('dl', { class: 'facts', id: 'graph-node-facts' }, rows.map(([label, value, field]) => [
    h('dt', null, label),
    h('dd', { class: value ? null : 'muted', dataset: field ? { field } : undefined }, value || '—')]));
}

// Links at a node valid on as_of with the names of the other ends (from the depth-1 neighbourhood
// of the same day, which holds exactly those nodes the caller may see).
export async function linksWithNames(ref, asOf) {
  const [links, around] = await Promise.all([
    api.get('/graph/links', { node: ref, as_of: asOf }).then((r) => r.data.items),
    api.get('/graph/neighbourhood', { node: ref, depth: 1, as_of: asOf }).then((r) => r.data),
  ]);
  const byId = new Map(around.nodes.map((n) => [n.id, n]));
  return { links, byId, center: around.center };
}

function endLinkForm(link, onDone) {
  const on = h('input', { type: 'date', id: `f-end-${link.id}`, value: todayCst(), min: link.valid_from });
  const status = h('span', { class: 'field-error' });
  const form = h('form', { class: 'inline-form graph-end-form', hidden: true, novalidate: true },
    h('label', { for: on.id }, '结束日期'), on,
    h('button', { type: 'submit', class: 'btn btn-small btn-primary' }, '确认结束'),
    h('button', { type: 'button', class: 'btn btn-small btn-quiet', onclick: () => { form.hidden = true; } }, '取消'), status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    status.textContent = '';
    try {
      await api.post(`/graph/links/${link.id}/end`, { on: on.value });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      status.textContent = errText(e);
    }
  });
  return form;
}

function linkItem(config, link, centerId, byId, canEnd, onChanged) {
  const outgoing = link.from === centerId;
  const otherId = outgoing ? link.to : link.from;
  const other = byId.get(otherId);
  const li = h('li', { class: 'graph-link-item', dataset: { linkId: String(link.id), kind: link.kind, other: String(otherId) } },
    h('div', null,
      h('span', { class: 'chip chip-accent' }, linkKindName(config, link.kind)), ' ',
      h('span', { class: 'muted small' }, outgoing ? '→ ' : '← '),
      other ? h('a', { href: nodeHref(other), class: 'graph-link-other' }, other.name) : h('span', { class: 'muted' }, `节点 ${otherId}`),
      other ? [' ', kindChip(config, other.kind)] : null),
    h('div', { class: 'muted small' }, `${link.valid_from} 起${link.valid_until ? `，至 ${link.valid_until}` : ''}`,
      link.note ? ` · ${link.note}` : '', link.recorded_by ? ` · ${link.recorded_by} 记录` : ''));
  if (canEnd) {
    const form = endLinkForm(link, onChanged);
    li.append(h('button', { type: 'button', class: 'btn btn-small btn-quiet graph-end-link', onclick: () => { form.hidden = false; } }, '结束关系'), form);
  }
  return li;
}

// The kinds of link that may join a node of kind `kind` to another node (either direction).
function linkKindsFor(config, kind) {
  return config.link_kinds.filter((l) => l.joins.some(([a, b]) => a === kind || b === kind));
}

// "91411000…" (18 characters) → enterprise:<USCC>; an id or enterprise:… as written.
function refFromInput(text) {
  const t = text.trim();
  if (/^[0-9A-HJ-NPQRTUWXY]{18}$/i.test(t)) return `enterprise:${t.toUpperCase()}`;
  return t;
}

export function addLinkForm(config, node, onDone) {
  const kinds = linkKindsFor(config, node.kind);
  const kind = h('select', { id: 'f-link-kind' }, h('option', { value: '' }, '请选择'), kinds.map((l) => h('option', { value: l.code }, l.name_zh)));
  const other = h('input', { type: 'text', id: 'f-link-other', autocomplete: 'off', spellcheck: 'false', maxlength: 100 });
  const from = h('input', { type: 'date', id: 'f-link-from', value: todayCst() });
  const note = h('input', { type: 'text', id: 'f-link-note', maxlength: 200 });
  const found = h('ul', { class: 'graph-pick', id: 'graph-pick' });
  const find = h('button', { type: 'button', class: 'btn btn-small', id: 'graph-find' }, '按名称查找');
  const status = h('div');
  const form = h('form', { class: 'graph-link-form', id: 'graph-link-form', novalidate: true, hidden: true },
    fieldRow('kind', '关系类型', kind, { required: true }),
    fieldRow('to', '另一端', other, { required: true, hint: '节点编号、企业统一社会信用代码，或输入名称后点“按名称查找”' }),
    h('div', { class: 'section-actions' }, find), found,
    h('div', { class: 'field-pair' }, fieldRow('valid_from', '起始日期', from), fieldRow('note', '备注', note)),
    status,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, '添加关系'),
      h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => { form.hidden = true; } }, '取消')));
  find.addEventListener('click', async () => {
    found.replaceChildren();
    const text = other.value.trim();
    if (text.length < 2) {
      setFieldError(form, 'to', '请至少输入 2 个字');
      return;
    }
    setFieldError(form, 'to', '');
    try {
      const { data } = await api.get('/graph/nodes', { q: text, limit: 10 });
      const items = data.items.filter((n) => n.id !== node.id);
      if (!items.length) found.append(h('li', { class: 'muted' }, '没有找到'));
      for (const n of items) {
        found.append(h('li', null, h('button', { type: 'button', class: 'btn btn-small btn-quiet', dataset: { ref: nodeRef(n) },
          onclick: () => { other.value = nodeRef(n); found.replaceChildren(h('li', { class: 'muted small' }, `已选：${n.name}`)); } },
        n.name, '（', kindName(config, n.kind), '）')));
      }
    } catch (e) {
      found.append(h('li', { class: 'field-error' }, errText(e)));
    }
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    status.replaceChildren();
    if (!kind.value) { setFieldError(form, 'kind', '请选择关系类型'); return; }
    const ref = refFromInput(other.value);
    if (!ref) { setFieldError(form, 'to', '请填写另一端'); return; }
    let target;
    try {
      target = (await api.get(`/graph/nodes/${encodeURIComponent(ref)}`)).data;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      setFieldError(form, 'to', e.status === 404 ? '没有这个节点，或无权查看' : errText(e));
      return;
    }
    // The direction the config allows: this node first where it may be, else the other end first.
    const def = config.link_kinds.find((l) => l.code === kind.value);
    const forward = def.joins.some(([a, b]) => a === node.kind && b === target.kind);
    const backward = def.joins.some(([a, b]) => a === target.kind && b === node.kind);
    if (!forward && !backward) {
      setFieldError(form, 'kind', `“${def.name_zh}”不能连接${kindName(config, node.kind)}和${kindName(config, target.kind)}`);
      return;
    }
    const here = nodeRef(node);
    const there = nodeRef(target);
    const body = { kind: kind.value, from: forward ? here : there, to: forward ? there : here };
    if (from.value) body.valid_from = from.value;
    if (note.value.trim()) body.note = note.value.trim();
    try {
      await api.post('/graph/links', body);
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      const text = errText(e);
      const field = e.field === 'from' ? 'to' : e.field;
      if (!(field && setFieldError(form, field, text))) status.replaceChildren(notice('error', text));
    }
  });
  return form;
}

export async function graphNodePage(ctx) {
  const { root, params, query, isCurrent } = ctx;
  const user = session.user();
  const back = backLink('#/graph/nodes', '创新资源名录');
  mount(root, back, loading());
  const asOf = query.as_of || todayCst();
  let config;
  let node;
  let regions;
  let industries;
  let links;
  try {
    [config, node, regions, industries, links] = await Promise.all([
      graphConfig(),
      api.get(`/graph/nodes/${encodeURIComponent(params.id)}`, { as_of: query.as_of }).then((r) => r.data),
      catalog.regions(),
      catalog.industries(),
      linksWithNames(params.id, query.as_of),
    ]);
  } catch (e) {
    if (isCurrent()) mount(root, back, errorPanel(e, '#/graph/nodes', '返回创新资源名录'));
    return;
  }
  if (!isCurrent()) return;
  if (node.kind === 'enterprise' && node.uscc) {
    ctx.navigate(`/enterprises/${encodeURIComponent(node.uscc)}`, {}, { replace: true });
    return;
  }
  const writable = canWriteGraph(user) && node.writable;
  const status = h('div');
  const reload = () => ctx.navigate(`/graph/nodes/${encodeURIComponent(node.id)}`, { as_of: query.as_of }, { replace: true });

  async function remove() {
    if (!window.confirm(`确定删除“${node.name}”？其关系将不再显示（记录保留在审计日志中）。`)) return;
    try {
      await api.del(`/graph/nodes/${node.id}`, { headers: { 'If-Match': `"${node.version}"` } });
      flashNext('已删除');
      ctx.navigate('/graph/nodes', { kind: node.kind });
    } catch (e) {
      if (isCurrent()) status.replaceChildren(notice('error', `删除失败：${errText(e)}`));
    }
  }

  const actions = [h('a', { class: 'btn', id: 'view-in-graph', href: graphHref(node, { as_of: query.as_of }) }, '在图谱中查看')];
  if (writable) {
    actions.unshift(h('a', { class: 'btn btn-primary', id: 'edit-node', href: `#/graph/nodes/${node.id}/edit` }, '编辑'));
    actions.push(h('button', { type: 'button', class: 'btn btn-danger-quiet', id: 'remove-node', onclick: remove }, '删除'));
  }
  const head = pageHeader(node.name, ...actions);
  head.querySelector('h1').append(' ', kindChip(config, node.kind));
  if (!node.writable) head.querySelector('h1').append(' ', h('span', { class: 'chip chip-muted', id: 'node-read-only' }, '只读'));

  const dateInput = h('input', { type: 'date', id: 'f-links-as-of', value: asOf });
  const asOfForm = h('form', { class: 'inline-form', id: 'links-as-of', novalidate: true },
    h('label', { for: 'f-links-as-of' }, '截至'), dateInput, h('button', { type: 'submit', class: 'btn btn-small' }, '查看'));
  asOfForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.navigate(`/graph/nodes/${encodeURIComponent(node.id)}`, { as_of: dateInput.value === todayCst() ? '' : dateInput.value });
  });

  const linkList = links.links.length
    ? h('ul', { class: 'graph-links', id: 'graph-links' }, links.links.map((l) => linkItem(config, l, links.center, links.byId, writable && !query.as_of, reload)))
    : h('p', { class: 'empty-line', id: 'graph-links' }, '该日期没有有效的关系。');
  const linkSection = h('section', { class: 'panel', id: 'panel-links' }, h('h2', null, `关系（截至 ${asOf}）`), asOfForm, linkList);
  if (writable) {
    const form = addLinkForm(config, node, () => { flashNext('已添加关系'); reload(); });
    linkSection.append(h('div', { class: 'section-actions' },
      h('button', { type: 'button', class: 'btn btn-primary', id: 'add-link', onclick: () => { form.hidden = false; form.querySelector('select').focus(); } }, '添加关系')), form);
  }
  mount(root, back, head, status, h('section', { class: 'panel', id: 'panel-node' }, factsList(config, node, regions, industries)), linkSection);
}

// ---- create and edit ------------------------------------------------------------------------

function select(id, values, current, { empty = '请选择' } = {}) {
  return h('select', { id }, h('option', { value: '' }, empty), values.map((v) => h('option', { value: v, selected: current === v }, v)));
}

// The controls of a kind's own fields, named as the API names them.
function kindControls(def, node, industries) {
  const controls = {};
  const programmes = def.programmes || [];
  for (const f of def.fields) {
    const id = `f-${f}`;
    const v = node[f];
    if (f === 'sub_kind') controls[f] = select(id, def.sub_kinds, v);
    else if (f === 'level') controls[f] = select(id, def.levels, v);
    else if (f === 'build_mode') controls[f] = select(id, def.build_modes, v, { empty: '（不填）' });
    else if (f === 'status') controls[f] = select(id, def.statuses, v);
    else if (f === 'programme') controls[f] = select(id, programmes.map((p) => p.code), v);
    else if (f === 'tier') controls[f] = select(id, [...new Set(programmes.flatMap((p) => p.tiers || []))], v, { empty: '（无）' });
    else if (f === 'industry') {
      controls[f] = h('select', { id }, h('option', { value: '' }, '（不填）'), industries.map((i) => h('option', { value: i.code, selected: v === i.code }, i.name)));
    } else if (DATE_FIELDS.includes(f)) controls[f] = h('input', { type: 'date', id, value: v || '' });
    else if (f === 'year_recognised') controls[f] = h('input', { type: 'number', id, min: 1990, max: 2100, step: 1, inputmode: 'numeric', value: v === null || v === undefined ? '' : String(v) });
    else if (f === 'budget_yuan') controls[f] = h('input', { type: 'text', id, inputmode: 'decimal', value: v ? String(v) : '', placeholder: '如 1,200万 或 3500000' });
    else if (TEXT_FIELDS.includes(f)) controls[f] = h('input', { type: 'text', id, value: v || '', maxlength: 200 });
    else controls[f] = h('input', { type: 'text', id, value: v === null || v === undefined ? '' : String(v) });
  }
  return controls;
}

const REQUIRED = { platform: ['sub_kind', 'level', 'status'], talent_team: ['programme', 'status'], project: ['programme', 'status'], institution: ['sub_kind'] };

async function nodeForm(ctx, existing) {
  const { root, query, isCurrent } = ctx;
  const user = session.user();
  const title = existing ? `编辑 · ${existing.name}` : '新增创新资源';
  const back = existing ? backLink(`#/graph/nodes/${existing.id}`, existing.name) : backLink('#/graph/nodes', '创新资源名录');
  let config;
  let regions;
  let industries;
  try {
    [config, regions, industries] = await Promise.all([graphConfig(), catalog.regions(), catalog.industries()]);
  } catch (e) {
    if (isCurrent()) mount(root, back, errorPanel(e));
    return;
  }
  if (!isCurrent()) return;
  const node = existing || { kind: EDITABLE_KINDS.includes(query.kind) ? query.kind : 'platform', region: user.region_scope || '' };
  const kind = h('select', { id: 'f-kind', disabled: Boolean(existing) },
    EDITABLE_KINDS.map((k) => h('option', { value: k, selected: node.kind === k }, kindName(config, k))));
  const name = h('input', { type: 'text', id: 'f-name', value: node.name || '', maxlength: 200, autocomplete: 'off' });
  const visibleRegions = user.region_scope ? regions.filter((r) => r.code === user.region_scope) : regions;
  const region = h('select', { id: 'f-region' }, user.region_scope ? null : h('option', { value: '' }, '请选择'),
    visibleRegions.map((r) => h('option', { value: r.code, selected: node.region === r.code }, r.name)));
  const own = h('div', { class: 'form-grid', id: 'kind-fields' });
  let controls = {};
  function renderKind() {
    const k = kind.value;
    const def = config.node_kinds[k];
    controls = kindControls(def, existing || {}, industries);
    own.replaceChildren(...def.fields.map((f) => fieldRow(f, FIELD_NAMES[f] || f, controls[f], {
      required: (REQUIRED[k] || []).includes(f),
      hint: f === 'budget_yuan' ? '可写 元、万、亿' : undefined,
    })));
  }
  kind.addEventListener('change', renderKind);
  renderKind();
  const status = h('div');
  const form = h('form', { class: 'form-grid', id: 'graph-node-form', novalidate: true },
    fieldRow('kind', '类型', kind, { required: true }),
    fieldRow('name', '名称', name, { required: true }),
    fieldRow('region', '责任县区', region, { required: true }),
    own, status,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'save-node' }, existing ? '保存' : '登记'),
      h('a', { class: 'btn btn-quiet', href: existing ? `#/graph/nodes/${existing.id}` : '#/graph/nodes' }, '取消')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    status.replaceChildren();
    const k = kind.value;
    const body = { name: name.value.trim(), region: region.value };
    if (!existing) body.kind = k;
    let bad = false;
    if (!body.name) { setFieldError(form, 'name', '必填'); bad = true; }
    if (!body.region) { setFieldError(form, 'region', '请选择'); bad = true; }
    for (const [f, c] of Object.entries(controls)) {
      const raw = c.value.trim();
      if (!raw) {
        if ((REQUIRED[k] || []).includes(f)) { setFieldError(form, f, '必填'); bad = true; }
        body[f] = null;
        continue;
      }
      if (f === 'budget_yuan') {
        const y = parseYuan(raw);
        if (y.error) { setFieldError(form, f, y.error); bad = true; } else body[f] = Number(y.yuan);
      } else if (f === 'year_recognised') {
        body[f] = Number(raw);
      } else body[f] = raw;
    }
    if (bad) return;
    try {
      const r = existing
        ? await api.put(`/graph/nodes/${existing.id}`, body, { headers: { 'If-Match': `"${existing.version}"` } })
        : await api.post('/graph/nodes', body);
      flashNext(existing ? '已保存' : '已登记');
      ctx.navigate(`/graph/nodes/${r.data.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      const text = errText(e);
      if (e.code === 'stale_version') {
        status.replaceChildren(notice('error', text, h('a', { class: 'btn', href: `#/graph/nodes/${existing.id}` }, '重新加载')));
      } else if (!(e.field && setFieldError(form, e.field, text))) {
        status.replaceChildren(notice('error', text));
      }
    }
  });
  mount(root, back, pageHeader(title), form);
}

export async function graphNodeNewPage(ctx) {
  mount(ctx.root, pageHeader('新增创新资源'), loading());
  if (!canWriteGraph(session.user())) {
    mount(ctx.root, pageHeader('新增创新资源'), notice('error', messageFor({ status: 403 })));
    return;
  }
  await nodeForm(ctx, null);
}

export async function graphNodeEditPage(ctx) {
  const back = backLink('#/graph/nodes', '创新资源名录');
  mount(ctx.root, back, loading());
  let node;
  try {
    node = (await api.get(`/graph/nodes/${encodeURIComponent(ctx.params.id)}`)).data;
  } catch (e) {
    if (ctx.isCurrent()) mount(ctx.root, back, errorPanel(e, '#/graph/nodes', '返回创新资源名录'));
    return;
  }
  if (!ctx.isCurrent()) return;
  if (!node.writable || !canWriteGraph(session.user())) {
    mount(ctx.root, backLink(`#/graph/nodes/${node.id}`, node.name), notice('error', '该节点只能查看，不能编辑。'));
    return;
  }
  await nodeForm(ctx, node);
}
