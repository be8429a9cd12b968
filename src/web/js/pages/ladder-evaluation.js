// 评价与差距, a panel of the enterprise page: the evaluation for a stage and year, every
// criterion with its gap in the officer's words (GET …/evaluation?stage=&year=).

import { api, ApiError } from '../api.js';
import { h, mount } from '../dom.js';
import { messageFor } from '../i18n.js';
import { notice } from '../ui.js';
import { STAGES, canEditLadder, dataLabel, gapSummary, once, resultChip } from './ladder-common.js';
import { todayCst } from './liaison-common.js';

// A count of days of a year or more reads in years ("22年（8062天）"), as officers say a company's age.
function dayCount(text) {
  const m = /^(\d+)天$/.exec(text || '');
  if (!m || Number(m[1]) < 365) return text;
  return `${Math.floor(Number(m[1]) / 365.25)}年（${m[1]}天）`;
}

// Missing compliance facts or expert items are entered on the facts page, not the indicators form.
const FACT_KEYS = /(resident_audited_taxpayer|industry_allowed|clean_record|core_tech_in_key_fields|provincial_rd_institution|national_award|led_standard|hnte_expert|ip_quality|results_transfer|rd_management|growth_net_assets|growth_sales)/;

// Criteria decided by those facts or expert items (ids of config/ladder.json).
const FACT_CRITERIA = /(tech_field|clean_record|resident|industry|innovation_score|provincial_rd|national_award|led_standard)/;

function criterionItem(c, links) {
  return h('li', { class: ['criterion', `is-${c.status}`, !c.gate && 'is-scored'], dataset: { criterion: c.id, status: c.status } },
    h('div', { class: 'criterion-head' },
      resultChip(c.status),
      h('span', { class: 'criterion-label' }, c.label_zh),
      h('span', { class: 'criterion-value' }, c.value === null || c.value === undefined ? '—' : dayCount(c.value))),
    h('p', { class: 'criterion-threshold muted small' }, `要求 ${c.threshold}`),
    c.gap ? h('p', { class: 'criterion-gap' }, c.gap) : null,
    c.status === 'unknown' && c.missing.length ? h('p', { class: 'criterion-missing small' }, `缺少数据：${c.missing.map(dataLabel).join('、')}`,
      links && c.missing.some((k) => FACT_KEYS.test(k)) ? h('a', { class: 'fill-facts', href: links.facts }, ' 去填写') : null) : null,
    links && c.status !== 'pass' && !(c.status === 'unknown' && c.missing.length) && FACT_CRITERIA.test(c.id)
      ? h('p', { class: 'small' }, h('a', { class: 'fill-facts', href: links.facts }, '核实后填写合规事项或专家评分')) : null,
    c.note ? h('p', { class: 'muted small' }, c.note) : null);
}

function points(s) {
  if (s.points_min === null) return '—';
  return s.points_min === s.points_max ? `${s.points_min}` : `${s.points_min}–${s.points_max}`;
}

function scoreTable(report) {
  if (!report.scores.length) return null;
  const total = report.total_min === null ? '—'
    : (report.total_min === report.total_max ? String(report.total_min) : `${report.total_min}–${report.total_max}`);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table scores', id: 'evaluation-scores' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, '评分项'), h('th', { scope: 'col' }, '得分'), h('th', { scope: 'col' }, '满分'), h('th', { scope: 'col' }, '档位'))),
    h('tbody', null, report.scores.map((s) => h('tr', { dataset: { score: s.id } },
      h('th', { scope: 'row' }, s.label_zh, s.computed ? null : h('span', { class: 'chip chip-muted' }, '专家评'), s.missing.length ? h('span', { class: 'chip chip-warn' }, '缺数据') : null),
      h('td', null, points(s)),
      h('td', null, String(s.max_points)),
      h('td', { class: 'small' }, s.band || '—')))),
    h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, '合计'), h('td', { id: 'evaluation-total' }, total), h('td', { colspan: 2, class: 'small' }, `通过线 ${report.pass_line}`)))));
}

export async function renderEvaluation({ enterprise, user }) {
  const uscc = encodeURIComponent(enterprise.uscc);
  const [ladder, roadmap] = await Promise.all([
    once(enterprise, '/ladder'),
    once(enterprise, '/roadmap').catch(() => ({ memberships: [] })),
  ]);
  const open = roadmap.memberships.filter((m) => !m.exited_on);
  const thisYear = Number(todayCst().slice(0, 4));
  const defaultStage = (open[0] && open[0].target_stage) || (ladder.next_stages[0] && ladder.next_stages[0].id) || 'tech_sme';
  const defaultYear = (open[0] && open[0].target_year) || thisYear;

  const stageSelect = h('select', { id: 'f-eval-stage' }, STAGES.map((s) => h('option', { value: s.id, selected: s.id === defaultStage }, s.name)));
  const yearSelect = h('select', { id: 'f-eval-year' },
    [thisYear - 2, thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => h('option', { value: y, selected: y === defaultYear }, `${y} 年申报`)));
  const result = h('div', { class: 'evaluation-result', id: 'evaluation-result', 'aria-live': 'polite' });
  const body = h('div', { class: 'evaluation-section' },
    h('div', { class: 'eval-controls' }, stageSelect, yearSelect),
    result);

  async function draw() {
    result.replaceChildren(h('p', { class: 'loading' }, '正在评价…'));
    try {
      const { data: r } = await api.get(`/enterprises/${uscc}/evaluation`, { stage: stageSelect.value, year: yearSelect.value });
      const gates = r.criteria.filter((c) => c.gate);
      const scored = r.criteria.filter((c) => !c.gate);
      const gapText = gapSummary(gates);
      const links = canEditLadder(user) ? { facts: `#/enterprises/${uscc}/facts?year=${r.year}` } : null;
      const overallText = { pass: '符合申报条件', fail: '尚不符合', unknown: '数据不全，暂无法判断' }[r.overall] || r.overall;
      mount(result, 
        h('div', { class: ['eval-overall', `is-${r.overall}`], id: 'evaluation-overall', dataset: { overall: r.overall } },
          resultChip(r.overall, overallText),
          h('span', null, `${r.stage_name} · ${r.year} 年申报 · 数据年度 ${r.data_year || '—'}`),
          gapText ? h('b', { id: 'evaluation-gaps' }, gapText) : null,
          r.local_policy ? h('span', { class: 'chip chip-warn', title: '无官方标准，按本地政策默认值评价' }, '本地标准') : null),
        r.direct_routes.length
          ? h('p', { class: 'direct-routes small' }, '直通条件：', r.direct_routes.map((d) => h('span', { class: 'direct-route' }, resultChip(d.status, d.label_zh), ' ')),
            r.direct_route_met ? h('b', null, '已满足直通条件') : null)
          : null,
        h('ul', { class: 'criteria', id: 'evaluation-criteria' }, [...gates, ...scored].map((c) => criterionItem(c, links))),
        scoreTable(r),
        h('p', { class: 'muted small' }, `按 ${r.rules_effective_from} 年起施行的规则评价。`,
          canEditLadder(user) ? h('a', { href: `#/enterprises/${uscc}/indicators/${r.data_year || thisYear - 1}` }, '补充或修改年度指标') : null));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      result.replaceChildren(notice('error', messageFor(err)));
    }
  }
  stageSelect.addEventListener('change', draw);
  yearSelect.addEventListener('change', draw);
  await draw();
  return body;
}
