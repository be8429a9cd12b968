// Shared by the liaison pages (issue 5): the liaison configuration (GET /api/v1/liaison/config,
// fetched once per session), Chinese labels for problem statuses and queue states, and dates in
// China Standard Time.

import { api } from '../api.js';
import { h } from '../dom.js';

let configPromise = null;

// {owner_units, contact_modes, flags, categories, problem_statuses, default_contact_mode,
//  default_flag, cadence_days, due_soon_days, default_problem_deadline_days, satisfied_at_least}
export function liaisonConfig() {
  if (!configPromise) {
    configPromise = api.get('/liaison/config').then(({ data }) => data).catch((e) => {
      configPromise = null;
      throw e;
    });
  }
  return configPromise;
}

export function resetLiaisonConfig() {
  configPromise = null;
}

export function labelOf(items, code) {
  if (!code) return '';
  const found = (items || []).find((i) => i.code === code);
  return found ? found.name : code;
}

export const STATUS_NAMES = {
  open: '待办理',
  in_progress: '办理中',
  resolved: '已解决',
  closed: '已销号',
  escalated: '已上报',
};

// The action that moves a problem to a status, as a button says it.
export const STATUS_ACTIONS = {
  in_progress: '开始办理',
  resolved: '标记已解决',
  closed: '销号',
  escalated: '上报',
};

export const TIER_NAMES = { key: '重点', long_term: '中长期' };

export const SATISFACTION_NAMES = { 1: '很不满意', 2: '不满意', 3: '一般', 4: '满意', 5: '很满意' };

export function statusChip(status) {
  return h('span', { class: `chip status status-${status}`, dataset: { status } }, STATUS_NAMES[status] || status);
}

export function flagChip(flag, flags) {
  if (!flag) return null;
  return h('span', { class: `chip flag flag-${flag}`, dataset: { flag } }, labelOf(flags, flag));
}

// Today's date in China Standard Time, YYYY-MM-DD.
export function todayCst() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

export function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

// 0.8571 → "85.7%"; null → "—"
export function percent(rate) {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

export function number(value, digits = 1) {
  if (value === null || value === undefined) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

// How a deadline reads: "逾期 3 天" / "今天到期" / "还有 5 天".
export function deadlineText(deadline, today = todayCst()) {
  const d = daysBetween(today, deadline);
  if (d < 0) return `逾期 ${-d} 天`;
  if (d === 0) return '今天到期';
  return `还有 ${d} 天`;
}

export function enterpriseHref(uscc) {
  return `#/enterprises/${encodeURIComponent(uscc)}`;
}
