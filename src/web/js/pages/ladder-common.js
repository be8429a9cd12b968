// Shared by the ladder pages (issue 4): stage, pool, tier and status labels, money as officers
// read it (万元 / 亿元), and which roles may change ladder data.

import { h } from '../dom.js';

// The stages of config/ladder.json in rank order (the API names stages by these ids and gives
// name_zh where it returns a stage; this list is for forms that offer a choice).
export const STAGES = [
  { id: 'tech_sme', name: '科技型中小企业' },
  { id: 'hnte', name: '高新技术企业' },
  { id: 'eaglet', name: '雏鹰企业' },
  { id: 'gazelle', name: '瞪羚企业（省百快）' },
  { id: 'leader', name: '创新龙头企业（省百强）' },
];

export const POOL_NAMES = {
  tech_sme_pool: '科技型中小企业培育库',
  hnte_reserve: '高新技术企业后备库',
  double_hundred_reserve: '双百企业后备库',
};

export const POOL_TARGETS = {
  tech_sme_pool: ['tech_sme'],
  hnte_reserve: ['hnte'],
  double_hundred_reserve: ['eaglet', 'gazelle', 'leader'],
};

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
