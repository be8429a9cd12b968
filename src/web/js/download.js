// 导出 on a list page (README "Export"): the list's own route with ?format=csv|xlsx and the
// filters on screen, fetched and handed to the browser as a file; a refusal (export_too_large,
// a bad filter) is shown in the box's status line. One box per list: enterprises, pool members,
// problems, the contact log (联络统计), graph nodes and the audit trail.
import { ApiError } from './api.js';
import { h } from './dom.js';
import { formatCount, messageFor } from './i18n.js';

// path: the API route after /api/v1 (e.g. '/problems'); params(): the filters on screen (empty
// values left out); fileName: the name offered, without extension; noun: what a row is (家企业,
// 条诉求) for the too-large message.
export function exportBox({ path, params, fileName, noun }) {
  const status = h('span', { class: 'export-status', 'aria-live': 'polite' });
  async function download(format) {
    status.textContent = '正在导出…';
    const url = new URL(`/api/v1${path}`, window.location.origin);
    for (const [k, v] of Object.entries({ ...params(), format })) if (v !== '' && v !== null && v !== undefined) url.searchParams.set(k, v);
    try {
      const response = await fetch(url.pathname + url.search, { credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) {
        let body = {};
        try { body = await response.json(); } catch { body = {}; }
        const err = new ApiError(response.status, body.error || {});
        // The enterprise export counts first and says how many; the paged ones stop at the cap.
        const max = err.details && err.details.max_rows;
        status.textContent = err.code === 'export_too_large' && max
          ? (err.details.rows
            ? `符合条件的${noun}过多（${formatCount(err.details.rows)}，单次最多 ${formatCount(max)}），请缩小筛选范围。`
            : `符合条件的${noun}超过单次导出上限 ${formatCount(max)}，请缩小筛选范围。`)
          : messageFor(err);
        return;
      }
      const blob = await response.blob();
      const link = h('a', { href: URL.createObjectURL(blob), download: `${fileName}.${format}`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
      status.textContent = `已导出 ${format.toUpperCase()}`;
    } catch (e) {
      status.textContent = messageFor(new ApiError(0, { code: 'network', message: String(e) }));
    }
  }
  return h('span', { class: 'export-actions' },
    h('span', null, '导出'),
    h('button', { type: 'button', class: 'btn', id: 'export-csv', onclick: () => download('csv') }, 'CSV'),
    h('button', { type: 'button', class: 'btn', id: 'export-xlsx', onclick: () => download('xlsx') }, 'XLSX'),
    status);
}
