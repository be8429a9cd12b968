// #/graph?node=<ref>&depth=&node_kinds=&link_kinds=&as_of= — the innovation graph around one
// enterprise (enterprise:<USCC>), platform or institution (issue 10): GET /api/v1/graph/neighbourhood
// drawn as an ECharts force-layout graph, coloured by node kind with a legend; filters by node
// kinds, link kinds (from GET /graph/config), depth 1–3 and an as-of date; a click on a node opens
// its page. Below the chart the same nodes as a plain list (phones, screen readers).

import { api, ApiError } from '../api.js';
import { h, mount } from '../dom.js';
import { messageFor } from '../i18n.js';
import { errorPanel, loading, notice, pageHeader } from '../ui.js';
import { todayCst } from './liaison-common.js';
import { chartBox, drawChart, loadEcharts } from './reports-common.js';
import { KIND_COLOURS, NODE_KINDS, graphConfigOrError, graphHref, kindChip, kindName, linkKindName, nodeHref, nodeMeta, searchNodes } from './graph-common.js';

const TITLE = '创新资源图谱';
// Labels on every node only while the picture stays readable.
const LABEL_ALL_BELOW = 40;

const splitKinds = (text) => String(text || '').split(',').map((s) => s.trim()).filter(Boolean);

function checkboxGroup(name, legend, items, chosen) {
  return h('fieldset', { class: 'graph-checks', id: `f-${name}` },
    h('legend', null, legend),
    items.map((i) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name, value: i.code, checked: chosen.includes(i.code) }), i.name)));
}

function filtersForm(config, query, today, navigate) {
  const nodeKinds = splitKinds(query.node_kinds);
  const linkKinds = splitKinds(query.link_kinds);
  const depth = h('select', { id: 'f-depth' }, [1, 2, 3].map((d) => h('option', { value: String(d), selected: String(query.depth || 1) === String(d) }, `${d} 层`)));
  const asOf = h('input', { type: 'date', id: 'f-as-of', value: query.as_of || today });
  const form = h('form', { class: 'filters-bar graph-filters', id: 'graph-filters', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'f-depth' }, '关联层数'), depth),
    h('div', { class: 'field' }, h('label', { for: 'f-as-of' }, '截至日期'), asOf),
    // On a phone the kind filters fold away unless one is chosen (wide screens show them open).
    h('details', { class: 'graph-kind-filters', id: 'graph-kind-filters', open: nodeKinds.length > 0 || linkKinds.length > 0 || window.innerWidth >= 760 },
      h('summary', null, `按类型筛选${nodeKinds.length + linkKinds.length ? `（已选 ${nodeKinds.length + linkKinds.length} 项）` : ''}`),
      checkboxGroup('node_kinds', '节点类型（不选为全部）', NODE_KINDS.map((k) => ({ code: k, name: kindName(config, k) })), nodeKinds),
      checkboxGroup('link_kinds', '关系类型（不选为全部）', config.link_kinds.map((l) => ({ code: l.code, name: l.name_zh })), linkKinds)),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'graph-apply' }, '查看')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const picked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value).join(',');
    navigate('/graph', {
      node: query.node,
      depth: depth.value === '1' ? '' : depth.value,
      node_kinds: picked('node_kinds'),
      link_kinds: picked('link_kinds'),
      as_of: asOf.value === today ? '' : asOf.value,
    });
  });
  return form;
}

function nodeList(config, nodes, centerId) {
  const sorted = [...nodes].sort((a, b) => a.depth - b.depth || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name, 'zh-CN'));
  return h('ul', { class: 'graph-node-list', id: 'graph-node-list' }, sorted.map((n) => h('li', { dataset: { nodeId: String(n.id), kind: n.kind } },
    h('a', { href: nodeHref(n), class: 'graph-node-name' }, n.name), ' ',
    kindChip(config, n.kind),
    nodeMeta(n) ? h('span', { class: 'muted small' }, ` ${nodeMeta(n)}`) : null,
    h('span', { class: 'muted small' }, n.id === centerId ? ' · 中心' : ` · 第 ${n.depth} 层`))));
}

function chartOption(config, data) {
  const kinds = NODE_KINDS.filter((k) => data.nodes.some((n) => n.kind === k));
  const degree = new Map();
  for (const l of data.links) {
    degree.set(l.from, (degree.get(l.from) || 0) + 1);
    degree.set(l.to, (degree.get(l.to) || 0) + 1);
  }
  const many = data.nodes.length >= LABEL_ALL_BELOW;
  const shown = new Set(data.nodes.map((n) => n.id));
  return {
    legend: { top: 0, data: kinds.map((k) => kindName(config, k)) },
    tooltip: { trigger: 'item', renderMode: 'richText', formatter: (p) => (p.dataType === 'edge' ? p.data.label_text : `${p.data.name}（${p.data.kind_name}）`) },
    series: [{
      type: 'graph',
      layout: 'force',
      top: 40,
      roam: true,
      draggable: true,
      force: { repulsion: many ? 110 : 200, edgeLength: many ? [30, 70] : 90, gravity: 0.08 },
      categories: kinds.map((k) => ({ name: kindName(config, k), itemStyle: { color: KIND_COLOURS[k] } })),
      label: { show: !many, position: 'right', fontSize: 11 },
      emphasis: { focus: 'adjacency', label: { show: true } },
      lineStyle: { color: 'source', opacity: 0.6 },
      edgeSymbol: ['none', 'arrow'],
      edgeSymbolSize: 6,
      data: data.nodes.map((n) => ({
        id: String(n.id),
        name: n.name,
        category: kinds.indexOf(n.kind),
        symbolSize: n.id === data.center ? 26 : Math.min(22, 8 + 2 * (degree.get(n.id) || 0)),
        label: n.id === data.center ? { show: true, fontWeight: 'bold' } : undefined,
        kind_name: kindName(config, n.kind),
        node: n,
      })),
      links: data.links.filter((l) => shown.has(l.from) && shown.has(l.to)).map((l) => ({ source: String(l.from), target: String(l.to), label_text: linkKindName(config, l.kind) })),
    }],
  };
}

function truncatedNotice(text) {
  const n = notice('warning', text);
  n.id = 'graph-truncated';
  return n;
}

// Without ?node=: a name search (GET /graph/nodes?q=) whose results open the view around them.
async function pickCenter({ root, config }) {
  const q = h('input', { type: 'search', id: 'f-center-q', maxlength: 100, placeholder: '平台、机构或企业名称中的字词' });
  const found = h('ul', { class: 'graph-list', id: 'graph-center-results' });
  const status = h('div');
  const form = h('form', { class: 'filters-bar', id: 'graph-center-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'f-center-q' }, '图谱中心'), q),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '查找')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    found.replaceChildren();
    for (const n of (await searchNodes(q.value, status)) || []) {
      found.append(h('li', { class: 'graph-list-item', dataset: { nodeId: String(n.id) } },
        h('a', { href: graphHref(n) }, n.name), ' ', kindChip(config, n.kind),
        nodeMeta(n) ? h('span', { class: 'muted small' }, ` ${nodeMeta(n)}`) : null));
    }
  });
  mount(root, pageHeader(TITLE, h('a', { class: 'btn', id: 'open-analysis', href: '#/graph/analysis' }, '图谱分析')),
    h('p', { class: 'muted' }, '输入名称查找图谱的中心，或在企业页面的“创新资源”、创新资源名录中点击“在图谱中查看”。'),
    form, status, found);
}

export default async function graphViewPage({ root, query, navigate, isCurrent }) {
  mount(root, pageHeader(TITLE), loading());
  const today = todayCst();
  const config = await graphConfigOrError(root, TITLE, isCurrent);
  if (!config) return;
  if (!isCurrent()) return;
  if (!query.node) {
    await pickCenter({ root, config });
    return;
  }
  const form = filtersForm(config, query, today, navigate);
  let data;
  try {
    data = (await api.get('/graph/neighbourhood', {
      node: query.node, depth: query.depth, node_kinds: query.node_kinds, link_kinds: query.link_kinds, as_of: query.as_of,
    })).data;
  } catch (e) {
    if (!isCurrent()) return;
    if (e instanceof ApiError && e.status === 422) {
      mount(root, pageHeader(TITLE), form, notice('error', `查询条件有误：${messageFor(e)}`));
    } else {
      mount(root, pageHeader(TITLE), errorPanel(e, '#/graph/nodes', '返回创新资源名录'));
    }
    return;
  }
  if (!isCurrent()) return;
  const center = data.nodes.find((n) => n.id === data.center);
  const title = center ? `${center.name} · 创新资源图谱` : TITLE;
  const counts = NODE_KINDS.map((k) => [k, data.nodes.filter((n) => n.kind === k).length]).filter(([, c]) => c > 0);
  mount(root,
    pageHeader(title, center ? h('a', { class: 'btn', href: nodeHref(center), id: 'graph-center-page' }, center.kind === 'enterprise' ? '企业信息' : '节点详情') : null),
    form,
    data.truncated ? truncatedNotice(`节点过多，只显示前 ${data.nodes.length} 个（按层数由近到远）。请减少层数或按类型筛选。`) : null,
    h('p', { class: 'muted small', id: 'graph-summary' },
      `截至 ${data.as_of}，${data.depth} 层内共 ${data.nodes.length} 个节点、${data.links.length} 条关系：`,
      counts.map(([k, c]) => `${kindName(config, k)} ${c}`).join('、'), '。'),
    h('section', { class: 'panel', id: 'panel-graph' }, chartBox('graph-chart', `${title}（节点列表见下方）`),
      h('p', { class: 'muted small' }, '拖动、缩放查看；点击节点打开其页面。')),
    h('section', { class: 'panel', id: 'panel-graph-list' }, h('h2', null, '图中节点'), nodeList(config, data.nodes, data.center)));

  let echarts;
  try {
    echarts = await loadEcharts();
  } catch (e) {
    if (isCurrent()) document.getElementById('panel-graph').prepend(notice('error', e.message));
    return;
  }
  if (!isCurrent()) return;
  const chart = drawChart(echarts, document.getElementById('graph-chart'), chartOption(config, data));
  chart.on('click', (p) => {
    if (p.dataType === 'node' && p.data && p.data.node) navigate(nodeHref(p.data.node));
  });
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    chart.dispose();
  };
}
