// Shared by the ladder pages (issue 4): stage, pool, tier and status labels, money as officers
// read it (万元 / 亿元), which roles may change ladder data, the messages of ladder errors, and
// the one-GET-per-enterprise cache the enterprise page's ladder panels share.

import { api } from '../api.js';
import { h } from '../dom.js';
import { messageFor } from '../i18n.js';
import * as catalog from '../catalog.js';

// The stages of config/ladder.json in rank order and the reserve pools in display order, as
// GET /api/v1/ladder/stages gives them: STAGES { id, name }, POOLS { id, name, targets }.
// Filled by loadStages(), which every page that shows stages or pools awaits first.
export const STAGES = [];
export const POOLS = [];

export async function loadStages() {
  const [items, pools] = await Promise.all([catalog.stages(), catalog.pools()]);
  STAGES.splice(0, STAGES.length, ...items.map((s) => ({ id: s.id, name: s.name_zh })));
  POOLS.splice(0, POOLS.length, ...pools.map((p) => ({ id: p.id, name: p.name_zh, targets: p.target_stages })));
  return STAGES;
}

export function poolName(id) {
  const p = POOLS.find((x) => x.id === id);
  return p ? p.name : id;
}

export function poolTargets(id) {
  const p = POOLS.find((x) => x.id === id);
  return p ? p.targets : [];
}

export const TIER_NAMES = { key: '重点', long_term: '中长期' };

export const EXIT_REASONS = { graduated: '已认定毕业', withdrawn: '主动退出', disqualified: '不再符合条件', moved_away: '迁出' };

export const RESULT_NAMES = { pass: '符合', fail: '不符合', unknown: '待补数据' };

export const DESIGNATION_STATUS = { valid: '有效', expired: '已到期', revoked: '已撤销', superseded: '已更正', pending: '未生效' };

export const EVENT_NAMES = { granted: '取得', expires: '到期', revoked: '撤销' };

export const MILESTONE_KINDS = {
  preparation: '基础准备',
  ip: '知识产权',
  staffing: '人员结构',
  document: '材料',
  registration: '注册填报',
  submission: '提交申报',
  review: '评审',
  publication: '公示',
  coaching: '辅导',
  other: '其他',
};

export const MILESTONE_STATUS = { planned: '计划中', overdue: '已逾期', done: '已完成', waived: '已免除', retired: '已不需要' };

export const STEP_KINDS = { coaching: '辅导', pre_review: '初审', recommendation: '推荐申报', outcome: '认定结果' };

export const STEP_RESULTS = {
  topic: '专题辅导',
  onsite: '现场指导',
  passed: '通过',
  returned: '退回',
  recognised: '已认定',
  not_recognised: '未认定',
};

export function stageName(id) {
  const s = STAGES.find((x) => x.id === id);
  return s ? s.name : id;
}

export function canEditLadder(user) {
  return Boolean(user) && (user.role === 'bureau' || user.role === 'county');
}

export function resultChip(status, text) {
  return h('span', { class: `chip result result-${status}`, dataset: { result: status } }, text || RESULT_NAMES[status] || status);
}

export function milestoneChip(status) {
  return h('span', { class: `chip ms-status ms-${status}`, dataset: { status } }, MILESTONE_STATUS[status] || status);
}

// 80000000 → "8,000万元"; 250000000 → "2.5亿元"; 9500 → "9,500元"
export function money(yuan) {
  if (yuan === null || yuan === undefined || yuan === '') return '—';
  const n = Number(yuan);
  if (!Number.isFinite(n)) return String(yuan);
  if (Math.abs(n) >= 1e8) return `${(n / 1e8).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}亿元`;
  if (Math.abs(n) >= 1e4) return `${(n / 1e4).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}万元`;
  return `${n.toLocaleString('zh-CN')}元`;
}

// One pipeline step as a line: "2025-05-10 初审 · 通过".
export function stepText(step) {
  if (!step) return '尚未开始';
  const parts = [STEP_KINDS[step.kind] || step.kind];
  if (step.result) parts.push(STEP_RESULTS[step.result] || step.result);
  if (step.batch) parts.push(step.batch);
  return `${step.on_date} ${parts.join(' · ')}`;
}

// YYYY-MM-DD → "2026年3月"
export function monthLabel(date) {
  return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月`;
}

// Names of the data the rules read, for "缺少数据" lines: "2025.rd_expense_total" → "2025年研发费用总额".
const DATA_LABELS = {
  revenue: '销售收入', total_income: '收入总额', non_taxable_income: '不征税收入', high_tech_income: '高新技术产品（服务）收入',
  total_costs: '成本费用总额', total_assets: '资产总额', total_liabilities: '负债总额', employees: '职工总数', st_staff: '科技人员数',
  rd_expense_total: '研发费用总额', rd_expense_domestic: '境内研发费用', rd_expense_super_deduction: '加计扣除口径研发费用',
  ip_class1: 'Ⅰ类知识产权', ip_class2: 'Ⅱ类知识产权', results_transformed: '科技成果转化', rd_ledger_kept: '研发费用辅助账',
  rd_super_deduction_claimed: '研发费用加计扣除', resident_audited_taxpayer: '居民企业且查账征收', industry_allowed: '行业不属限制类',
  clean_record: '近一年无重大安全质量环境违法', core_tech_in_key_fields: '核心技术属于重点支持领域',
  provincial_rd_institution: '省级以上研发机构', national_award_top3_on: '国家级科技奖励', led_standard_on: '主导制定标准',
  ip_quality: '知识产权（专家评分）', results_transfer: '科技成果转化能力（专家评分）', rd_management: '研发组织管理水平（专家评分）',
};

// "1 项不符合、5 项待补数据": a criterion without its data is not a failure (gaps: [{status}]).
export function gapSummary(gaps) {
  const fail = gaps.filter((g) => g.status === 'fail').length;
  const unknown = gaps.filter((g) => g.status === 'unknown').length;
  return [fail ? `${fail} 项不符合` : '', unknown ? `${unknown} 项待补数据` : ''].filter(Boolean).join('、');
}

export function dataLabel(key) {
  const m = /^(\d{4})\.(.+)$/.exec(key);
  if (m) return `${m[1]}年${DATA_LABELS[m[2]] || m[2]}`;
  // A namespaced key ("hnte_expert.ip_quality") is labelled by its last part.
  const last = key.slice(key.lastIndexOf('.') + 1);
  return DATA_LABELS[last] || '其他数据';
}

const LADDER_MESSAGES = {
  entry_refused: null, // the server's reason_zh is shown
  stage_already_held: null,
  stage_not_reachable: '该阶梯从企业当前持有的资格不可达',
  already_member: '该企业已在此库中',
  region_out_of_scope: '只能纳入本县区',
  milestone_closed: '该节点已完成或已免除',
  stale_version: '该节点刚被他人修改，已刷新',
  not_a_member: '该企业尚未入库',
  illegal_transition: '该节点已是计划中，无需撤销',
  member_exited: '企业已退库，节点保持原样，不能撤销',
  inconsistent_dates: '不能早于入库日期',
};

export function ladderMessage(err) {
  if (err && err.details && err.details.reason_zh) return err.details.reason_zh;
  if (err && LADDER_MESSAGES[err.code]) return LADDER_MESSAGES[err.code];
  return messageFor(err);
}

// One GET per enterprise page, shared by the panels that need it.
const loads = new WeakMap();
export function once(enterprise, path) {
  if (!loads.has(enterprise)) loads.set(enterprise, new Map());
  const m = loads.get(enterprise);
  if (!m.has(path)) m.set(path, api.get(`/enterprises/${encodeURIComponent(enterprise.uscc)}${path}`).then((r) => r.data));
  return m.get(path);
}
export function forget(enterprise) {
  loads.delete(enterprise);
}
