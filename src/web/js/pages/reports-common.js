// Shared by the report pages (dashboard, drill-down, scorecard, roadmap book): links to a
// drill-down list and to CSV/XLSX downloads, and ECharts, loaded only when a page draws a chart
// (a <script> tag for Trellis's own copy of ECharts 5.6.0; no CDN).

import { h } from '../dom.js';

const ECHARTS_SRC = '/vendor/node_modules/echarts/dist/echarts.min.js';
let echartsLoading = null;

export function loadEcharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!echartsLoading) {
    echartsLoading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = ECHARTS_SRC;
      s.onload = () => resolve(window.echarts);
      s.onerror = () => {
        echartsLoading = null;
        reject(new Error('无法加载图表组件'));
      };
      document.head.append(s);
    });
  }
  return echartsLoading;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return q.toString();
}

// #/reports/drill-down?report=…: the list behind a figure.
export function drillHref(params) {
  return `#/reports/drill-down?${query(params)}`;
}

// A figure that opens its list; '—' (no link) when there is no number.
export function drillLink(value, params, label) {
  if (value === null || value === undefined) return '—';
  return h('a', { class: 'drill', href: drillHref(params), dataset: { drill: query(params) }, title: label ? `查看${label}名单` : '查看名单' }, String(value));
}

// /api/v1/reports/<path>?…&format=csv|xlsx — a download (Content-Disposition: attachment).
export function exportHref(path, params, format) {
  return `/api/v1/reports/${path}?${query({ ...params, format })}`;
}

export function exportLinks(path, params, label = '导出') {
  return h('span', { class: 'export-links' },
    h('span', { class: 'muted small' }, `${label}：`),
    h('a', { class: 'btn btn-quiet', href: exportHref(path, params, 'csv'), download: '', dataset: { export: 'csv' } }, 'CSV'),
    h('a', { class: 'btn btn-quiet', href: exportHref(path, params, 'xlsx'), download: '', dataset: { export: 'xlsx' } }, 'Excel'));
}

// 0.8125 → "81.3%"
export function pct(rate) {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(1).replace(/\.0$/, '')}%`;
}

export function fixed(value, digits = 1) {
  if (value === null || value === undefined) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

// A chart box: ECharts draws into it once it is in the document; resized with the window.
export function chartBox(id, label) {
  return h('div', { class: 'chart', id, role: 'img', 'aria-label': label });
}

export function drawChart(echarts, el, option) {
  const chart = echarts.init(el, null, { renderer: 'canvas', locale: 'ZH' });
  // Tooltips as rich text on the canvas: HTML tooltips carry style attributes the CSP refuses.
  chart.setOption({ animation: false, tooltip: { renderMode: 'richText' }, ...option });
  return chart;
}
