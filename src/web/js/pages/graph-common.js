// Shared by the innovation-graph pages (issue 10): GET /api/v1/graph/config once per session,
// Chinese names of node kinds, link kinds and fields, and where a node's page is.

import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { messageFor } from '../i18n.js';
import { errorPanel, notice, pageHeader } from '../ui.js';

let configLoading = null;

export function graphConfig() {
  if (!configLoading) {
    configLoading = api.get('/graph/config').then((r) => r.data).catch((e) => {
      configLoading = null;
      throw e;
    });
  }
  return configLoading;
}

// The config for a page, or null once the page shows why it could not be loaded.
export async function graphConfigOrError(root, title, isCurrent) {
  try {
    return await graphConfig();
  } catch (e) {
    if (isCurrent()) mount(root, pageHeader(title), errorPanel(e));
    return null;
  }
}

export function resetGraphConfig() {
  configLoading = null;
}

// The order the view's legend and the filters use; every kind has its own colour.
export const NODE_KINDS = ['enterprise', 'platform', 'talent_team', 'project', 'institution'];
export const KIND_COLOURS = {
  enterprise: '#1f6f8b',
  platform: '#d9822b',
  talent_team: '#7b4fa0',
  project: '#2e8b57',
  institution: '#b03a48',
};

export function kindName(config, kind) {
  const k = config && config.node_kinds && config.node_kinds[kind];
  return (k && k.name_zh) || kind;
}

export function linkKindName(config, code) {
  const k = config && (config.link_kinds || []).find((l) => l.code === code);
  return (k && k.name_zh) || code;
}

export const FIELD_NAMES = {
  name: '名称',
  region: '责任县区',
  sub_kind: '类别',
  level: '级别',
  build_mode: '建设方式',
  approved_on: '认定（备案）日期',
  approving_body: '认定（备案）部门',
  status: '状态',
  ended_on: '终止日期',
  industry: '产业链',
  programme: '计划（项目类别）',
  tier: '层级',
  leader: '带头人',
  field: '领域',
  year_recognised: '认定年份',
  budget_yuan: '经费（元）',
  starts_on: '开始日期',
  ends_on: '结束日期',
  country: '国家（地区）',
};

// A node's reference in the API: its id, or enterprise:<USCC> for an enterprise.
export function nodeRef(node) {
  return node.kind === 'enterprise' && node.uscc ? `enterprise:${node.uscc}` : String(node.id);
}

// The page of a node: the enterprise page for an enterprise, else the graph node page.
export function nodeHref(node) {
  if (node.kind === 'enterprise' && node.uscc) return `#/enterprises/${encodeURIComponent(node.uscc)}`;
  return `#/graph/nodes/${encodeURIComponent(node.id)}`;
}

export function graphHref(node, extra = {}) {
  const q = new URLSearchParams({ node: nodeRef(node) });
  for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
  return `#/graph?${q.toString()}`;
}

export function kindChip(config, kind) {
  return h('span', { class: `chip graph-kind graph-kind-${kind}` }, kindName(config, kind));
}

// "省级 · 重点实验室" for a node summary (what the lists show under its name).
export function nodeMeta(node) {
  return [node.level, node.sub_kind].filter(Boolean).join(' · ');
}

// A name search of the nodes the caller sees (GET /graph/nodes?q=, 20 at most): the hits, or null
// once `status` says why there are none to show (too short, an error); "没有找到" for no hits.
export async function searchNodes(text, status) {
  status.replaceChildren();
  const q = text.trim();
  if (q.length < 2) {
    status.replaceChildren(notice('warning', '请至少输入 2 个字'));
    return null;
  }
  try {
    const { data } = await api.get('/graph/nodes', { q, limit: 20 });
    if (!data.items.length) status.replaceChildren(notice('info', '没有找到'));
    return data.items;
  } catch (e) {
    status.replaceChildren(notice('error', graphMessage(e, messageFor)));
    return null;
  }
}

export function canWriteGraph(user) {
  return Boolean(user) && (user.role === 'bureau' || user.role === 'county');
}

export function canReadGraph(user) {
  return Boolean(user) && ['bureau', 'county', 'liaison', 'viewer'].includes(user.role);
}

// The server's stale-version answer, in the graph's words (i18n's text speaks of an enterprise).
export function graphMessage(err, messageFor) {
  if (err && err.code === 'stale_version') return '该节点已被他人修改。请重新加载最新版本后再编辑。';
  const own = {
    graph_node_not_found: '未找到或无权查看',
    graph_link_not_found: '未找到或无权查看',
    node_read_only: '该节点属于其他县区，只能查看',
    link_read_only: '只能为本县区的企业或节点建立、结束关系',
    region_out_of_scope: '只能在本县区范围内登记',
    link_kinds_forbidden: '这种关系不能连接这两类节点',
    duplicate_link: '这两个节点之间已有同类关系',
    self_link: '关系的两端不能是同一个节点',
    link_dates: '结束日期须晚于开始日期',
    link_ended: '该关系已结束',
    enterprise_node_automatic: '企业节点随企业登记自动生成，请在企业名录中修改',
    unknown_link_kind: '未配置的关系类型',
    unknown_node_kind: '未配置的节点类型',
    version_required: '请重新加载后再保存',
    node_dates: '结束日期不能早于开始日期',
    unknown_programme: '请选择已配置的计划',
    unknown_tier: '该计划没有这个层级',
    out_of_range: '数值超出范围',
  };
  if (err && own[err.code]) return own[err.code];
  if (err && err.status === 422 && /^unknown_(sub_kind|level|build_mode|status)$/.test(err.code)) return '请从列表中选择';
  return messageFor(err);
}
