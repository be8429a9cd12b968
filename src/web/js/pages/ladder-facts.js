// #/enterprises/{uscc}/facts?year= — the compliance facts the ladder rules ask about (核心技术领域,
// 无重大安全质量事故 …; PUT …/ladder-facts, which replaces the whole set, so the form always sends
// every item it shows) and the HNTE expert items of one application year (PUT …/expert-scores/{year}).
// Until these are entered a reserve member shows the same 待补数据 gaps forever.

import { api, ApiError } from '../api.js';
import { h, mount } from '../dom.js';
import * as session from '../session.js';
import { backLink, clearFieldErrors, errorPanel, fieldRow, flashNext, loading, notice, pageHeader, setFieldError } from '../ui.js';
import { canEditLadder, ladderMessage } from './ladder-common.js';
import { todayCst } from './liaison-common.js';

// [field, label, hint] — yes / no / not known yet.
const FACTS = [
  ['resident_audited_taxpayer', '在中国境内注册的居民企业，实行查账征收', null],
  ['industry_allowed', '所属行业不属于限制类、淘汰类', null],
  ['clean_record', '申请前一年内未发生重大安全、重大质量事故或严重环境违法行为', '无重大安全质量事故'],
  ['core_tech_in_key_fields', '主要产品（服务）核心技术属于《国家重点支持的高新技术领域》', '核心技术领域'],
  ['provincial_rd_institution', '拥有经认定的省部级以上研发机构', '“专精特新”直通条件之一'],
];
const FACT_DATES = [
  ['national_award_top3_on', '获国家级科技奖励（前三名）的日期', '近五年内有效；没有则留空'],
  ['led_standard_on', '主导制定国际、国家或行业标准的日期', '近五年内有效；没有则留空'],
];
// The HNTE innovation score's expert-judged items (config/ladder.json pillars) and their maxima.
const EXPERT = [
  ['ip_quality', '知识产权', 30],
  ['results_transfer', '科技成果转化能力', 30],
  ['rd_management', '研究开发组织管理水平', 20],
  ['growth_net_assets', '净资产增长率', 10],
  ['growth_sales', '销售收入增长率', 10],
];

function triState(value) {
  const v = value === true ? 'yes' : value === false ? 'no' : '';
  return h('select', null,
    h('option', { value: '', selected: v === '' }, '尚未核实'),
    h('option', { value: 'yes', selected: v === 'yes' }, '是'),
    h('option', { value: 'no', selected: v === 'no' }, '否'));
}

export async function factsPage(ctx) {
  const { root, params, query, isCurrent } = ctx;
  const uscc = encodeURIComponent(params.uscc);
  const href = `#/enterprises/${uscc}`;
  const back = backLink(href, '企业信息');
  const title = '合规事项与专家评分';
  if (!canEditLadder(session.user())) {
    mount(root, back, pageHeader(title), notice('info', '您的角色不能修改培育信息。'));
    return;
  }
  const thisYear = Number(todayCst().slice(0, 4));
  const year = /^\d{4}$/.test(query.year || '') ? Number(query.year) : thisYear + 1;
  mount(root, back, pageHeader(title), loading());
  let enterprise, facts, scores;
  try {
    [enterprise, facts, scores] = await Promise.all([
      api.get(`/enterprises/${uscc}`).then((r) => r.data),
      api.get(`/enterprises/${uscc}/ladder-facts`).then((r) => r.data),
      api.get(`/enterprises/${uscc}/expert-scores/${year}`).then((r) => r.data),
    ]);
  } catch (e) {
    if (isCurrent()) mount(root, back, errorPanel(e, '#/enterprises', '返回企业名录'));
    return;
  }
  if (!isCurrent()) return;

  const banner = h('div', { id: 'form-status' });
  const factControls = Object.fromEntries(FACTS.map(([f]) => [f, triState(facts[f])]));
  const dateControls = Object.fromEntries(FACT_DATES.map(([f]) => [f, h('input', { type: 'date', max: todayCst(), value: facts[f] || '' })]));
  const factsForm = h('form', { class: 'panel edit-form', id: 'facts-form', novalidate: true },
    h('h2', null, '合规事项'),
    h('p', { class: 'muted small' }, '按企业提供的证明材料核实后填写；“尚未核实”的事项在评价中显示为待补数据。'),
    h('div', { class: 'form-grid' },
      FACTS.map(([f, label, hint]) => fieldRow(f, label, factControls[f], hint ? { hint } : {})),
      FACT_DATES.map(([f, label, hint]) => fieldRow(f, label, dateControls[f], { hint }))),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'save-facts' }, '保存合规事项')));
  factsForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(factsForm);
    banner.replaceChildren();
    const body = {};
    for (const [f] of FACTS) if (factControls[f].value) body[f] = factControls[f].value === 'yes';
    for (const [f] of FACT_DATES) if (dateControls[f].value) body[f] = dateControls[f].value;
    try {
      await api.put(`/enterprises/${uscc}/ladder-facts`, body);
      flashNext('已保存合规事项，评价已按新数据更新');
      ctx.navigate(href.slice(1));
    } catch (err) {
      if (!ctx.isCurrent() || (err instanceof ApiError && err.status === 401)) return;
      if (!(err.field && setFieldError(factsForm, err.field, ladderMessage(err)))) banner.replaceChildren(notice('error', `保存失败：${ladderMessage(err)}`));
    }
  });

  const yearSelect = h('select', { id: 'f-expert-year' },
    [thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => h('option', { value: y, selected: y === year }, `${y} 年申报`)));
  yearSelect.addEventListener('change', () => ctx.navigate(`/enterprises/${uscc}/facts?year=${yearSelect.value}`));
  const scoreControls = Object.fromEntries(EXPERT.map(([f, , max]) => [f, h('input', {
    type: 'number', min: 0, max, step: 1, inputmode: 'numeric', value: scores[f] === null || scores[f] === undefined ? '' : String(scores[f]),
  })]));
  const note = h('input', { type: 'text', maxlength: 500, autocomplete: 'off', value: scores.note || '' });
  const expertForm = h('form', { class: 'panel edit-form', id: 'expert-form', novalidate: true },
    h('h2', null, '高新技术企业专家评分'),
    h('p', { class: 'muted small' }, '预评或辅导时专家给出的分数；留空的项目按可能的最低到最高分计入预计总分。'),
    h('div', { class: 'form-grid' },
      fieldRow('year', '申报年度', yearSelect),
      EXPERT.map(([f, label, max]) => fieldRow(f, `${label}（0–${max} 分）`, scoreControls[f])),
      fieldRow('note', '专家意见', note)),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'save-expert' }, '保存专家评分')));
  expertForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(expertForm);
    banner.replaceChildren();
    const body = {};
    let bad = false;
    for (const [f, , max] of EXPERT) {
      const text = scoreControls[f].value.trim();
      if (!text) continue;
      if (!/^\d+$/.test(text) || Number(text) > max) {
        setFieldError(expertForm, f, `请填写 0–${max} 的整数`);
        bad = true;
        continue;
      }
      body[f] = Number(text);
    }
    if (bad) return;
    if (note.value.trim()) body.note = note.value.trim();
    try {
      await api.put(`/enterprises/${uscc}/expert-scores/${year}`, body);
      flashNext(`已保存 ${year} 年申报的专家评分`);
      ctx.navigate(href.slice(1));
    } catch (err) {
      if (!ctx.isCurrent() || (err instanceof ApiError && err.status === 401)) return;
      if (!(err.field && setFieldError(expertForm, err.field, ladderMessage(err)))) banner.replaceChildren(notice('error', `保存失败：${ladderMessage(err)}`));
    }
  });

  mount(root, back, h('div', { class: 'page-head' }, h('h1', null, title), h('p', { class: 'page-sub' }, enterprise.name)),
    banner, factsForm, expertForm);
}
