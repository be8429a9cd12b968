// The preview of an import file and its column mapping (issue 12, README "Import and export
// files"): the workbook's sheets (pick one), the header row the server found, the first data rows,
// and for each column the field it maps to — by config/import.json, a saved mapping or the user —
// or 未识别. The user changes a column's field (or ignores the column), may save the mapping for
// files with the same header, and checks the file again with it. Used by the upload form (a
// header the server could not map: the file is sent again with the mapping) and by the batch
// page (POST /api/v1/imports/{id}/mapping on the stored file).

import { h } from '../dom.js';
import { messageFor } from '../i18n.js';
import { notice } from '../ui.js';

const SOURCE = {
  config: '按系统配置的表头识别',
  saved: '已套用保存的表头对应',
  request: '按您确认的对应',
};
const IGNORE = '';

// The mapping to send: what is in effect (preview.mapping) with the user's changes over it.
// A column whose choice equals what the preview shows is left as it is.
function chosenMapping(preview, selects) {
  const mapping = { ...preview.mapping };
  preview.columns.forEach((col, i) => {
    const select = selects[i];
    if (!select) return;
    const shown = col.field || IGNORE;
    if (select.value !== shown) mapping[col.header] = select.value === IGNORE ? null : select.value;
  });
  return mapping;
}

function problemList(problems) {
  if (!problems || !problems.length) return null;
  return h('ul', { class: 'plain small', id: 'import-preview-problems' },
    problems.map((p) => h('li', { class: 'problem' }, p.message, h('span', { class: 'muted mono' }, ` ${p.code}`))));
}

// preview: the server's preview object. onApply({sheet, mapping, save_mapping}) runs the check
// again; it resolves when done (and may throw an ApiError, shown here).
// Returns the panel element (#import-preview).
export function mappingPanel(preview, { onApply, title = '表头与对应' }) {
  const status = h('div', { id: 'import-preview-status', 'aria-live': 'polite' });
  const run = async (request, button) => {
    if (button) button.disabled = true;
    status.replaceChildren(h('p', { class: 'loading', role: 'status' }, '正在重新检查…'));
    try {
      await onApply(request);
      status.replaceChildren();
    } catch (err) {
      const problems = err.details && err.details.problems;
      status.replaceChildren(notice('error', messageFor(err)), problemList(problems));
    } finally {
      if (button) button.disabled = false;
    }
  };

  let sheetPicker = null;
  if (preview.sheets && preview.sheets.length) {
    const select = h('select', { id: 'import-preview-sheet', 'aria-label': '工作表' },
      preview.sheets.map((s) => h('option', { value: s.name, selected: s.name === preview.sheet },
        s.hidden ? `${s.name}（隐藏）` : s.name)));
    // Another sheet has another header: its mapping is its own (saved, or the config's).
    select.addEventListener('change', () => run({ sheet: select.value }, null));
    sheetPicker = h('div', { class: 'field inline' }, h('label', { for: 'import-preview-sheet' }, '工作表'), select);
  }

  const selects = preview.columns.map((col) => {
    if (!col.header) return null;
    const select = h('select', { class: 'mapping-select', dataset: { column: col.column }, 'aria-label': `第 ${col.column} 列“${col.header}”对应的字段` },
      h('option', { value: IGNORE }, col.ignored ? '忽略此列' : '未识别（忽略）'),
      preview.fields.map((f) => h('option', { value: f.key, selected: f.key === col.field }, `${f.label}${f.required ? ' *' : ''}`)));
    select.classList.toggle('unmapped', !col.field);
    select.addEventListener('change', () => select.classList.toggle('unmapped', !select.value));
    return select;
  });

  const save = h('input', { type: 'checkbox', id: 'import-mapping-save' });
  const apply = h('button', { type: 'button', class: 'btn btn-primary', id: 'import-mapping-apply' }, '按此对应重新检查');
  apply.addEventListener('click', () => run({ sheet: preview.sheet || undefined, mapping: chosenMapping(preview, selects), save_mapping: save.checked }, apply));

  const table = h('table', { class: 'data-table compact', id: 'import-preview-table' },
    h('thead', null,
      h('tr', null, h('th', { scope: 'col' }, '行号'), preview.columns.map((c) => h('th', { scope: 'col', dataset: { column: c.column } }, c.header || `（第 ${c.column} 列无表头）`))),
      h('tr', { class: 'mapping-row' }, h('th', { scope: 'row' }, '对应字段'), selects.map((s) => h('td', null, s || h('span', { class: 'muted' }, '—'))))),
    h('tbody', null, preview.rows.map((r) => h('tr', { dataset: { previewRow: r.row } },
      h('td', { class: 'muted' }, String(r.row)), r.cells.map((c) => h('td', { class: 'small' }, c))))));

  const missing = preview.fields.filter((f) => f.required && !preview.columns.some((c) => c.field === f.key));
  return h('section', { class: 'panel', id: 'import-preview' },
    h('h2', null, title),
    h('p', { class: 'muted small', id: 'import-preview-meta' },
      `表头在第 ${preview.header_row} 行 · ${SOURCE[preview.mapping_source] || preview.mapping_source}`,
      preview.saved_mapping ? ` · 此表头已有保存的对应（${preview.saved_mapping.saved_by}，${preview.saved_mapping.saved_at.slice(0, 10)}）` : '',
      ` · 以下为前 ${preview.rows.length} 行数据`),
    sheetPicker,
    missing.length ? notice('warning', `缺少必填列：${missing.map((f) => f.label).join('、')}。请在下方为对应的列选择字段。`) : null,
    problemList(preview.problems),
    h('div', { class: 'table-wrap' }, table),
    h('div', { class: 'form-actions' },
      h('label', { class: 'checkbox', for: 'import-mapping-save' }, save, ' 保存此对应（以后同样表头的文件自动使用，所有导入人员共用）'),
      apply),
    status);
}
