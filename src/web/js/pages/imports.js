// #/imports — 数据导入 (issue 12): drop or pick a file and its kind, upload it (POST
// /api/v1/imports, the file is the body), read the dry-run report, the batch history and the saved
// header mappings. A header the server cannot map shows the file's preview, where the user maps
// the columns and sends the file again. #/imports/{id} — one batch: its counts, the preview of the
// file with the column mapping (another sheet or mapping checks it again, import-mapping.js), the
// rows filtered by result or by error (code and column), the error download of what is shown,
// commit (all rows, or only the rows that pass, after a confirmation) with a progress bar that
// polls the batch, and revert (naming the records changed since, which can be left out).

import { api, ApiError } from '../api.js';
import { h, mount } from '../dom.js';
import { formatCount, formatDateTime, messageFor } from '../i18n.js';
import { loadNames, personName } from '../names.js';
import * as session from '../session.js';
import { backLink, errorPanel, loading, notice, pageHeader } from '../ui.js';
import { mappingPanel } from './import-mapping.js';

// The import kinds (config/import.json kinds with an importer; README "Import and export files").
const KIND = {
  enterprises: '企业名录', designations: '认定名单', indicators: '年度指标', pool_members: '培育库成员', contacts: '走访记录',
  liaison_assignments: '包联分工', targets: '目标任务分解', graph_nodes: '图谱节点',
};
// What a commit writes, counted in the confirmation and the result.
const UNIT = {
  enterprises: '家企业', designations: '条认定记录', indicators: '条年度指标', pool_members: '名培育库成员', contacts: '条走访记录',
  liaison_assignments: '家企业的联络员', targets: '项县区目标', graph_nodes: '个创新资源',
};
const STATUS = { checked: '已检查，待提交', committed: '已提交', reverted: '已撤销', uploaded: '已上传' };
const ROW_STATUS = { new: '新增', updated: '更新', unchanged: '未变', refused: '拒绝' };
const FIELD_NAMES = {
  name: '企业名称', region: '所属县区', industry: '所属产业', founded_on: '成立日期', address: '地址',
  legal_representative: '法定代表人', contact_phone: '联系电话', aliases: '别名', tags: '标签',
  // designations
  starts_on: '发证日期', source: '批次', evidence: '备注',
  // indicators (money in yuan)
  revenue: '营业收入（元）', total_income: '收入总额（元）', non_taxable_income: '不征税收入（元）',
  total_costs: '成本费用总额（元）', total_assets: '资产总额（元）', total_liabilities: '负债总额（元）',
  employees: '职工总数', st_staff: '科技人员数', rd_expense_total: '研发费用总额（元）',
  rd_expense_domestic: '境内研发费用（元）', rd_expense_super_deduction: '研发费用加计扣除额（元）',
  rd_personnel: '人员人工费用（元）', rd_direct_inputs: '直接投入费用（元）', rd_depreciation: '折旧费用（元）',
  rd_amortisation: '无形资产摊销费用（元）', rd_design: '设计费用（元）', rd_equipment_testing: '装备调试与试验费用（元）',
  rd_other: '其他费用（元）', rd_commissioned: '委托外部研发费用（元）', high_tech_income: '高新技术产品（服务）收入（元）',
  ip_class1: 'I类知识产权数', ip_class2: 'II类知识产权数', results_transformed: '科技成果转化数',
  rd_ledger_kept: '研发辅助账', rd_super_deduction_claimed: '享受加计扣除',
  // pool members
  tier: '培育层级', target_stage: '培育目标', target_year: '目标年度', note: '备注',
};
// Where a kind names a field otherwise than the enterprise kinds (a node's name is 资源名称, its
// tier 档次), its own words win: the first headers of config/import.json.
const KIND_FIELD_NAMES = {
  graph_nodes: {
    id: '节点编号', kind: '资源类型', name: '资源名称', sub_kind: '细分类型', level: '级别', build_mode: '建设方式',
    approved_on: '认定日期', approving_body: '认定部门', status: '状态', ended_on: '撤销日期', programme: '计划类别',
    tier: '档次', leader: '带头人', field: '领域', year_recognised: '认定年度', budget_yuan: '项目经费（元）',
    starts_on: '开始日期', ends_on: '计划完成日期', country: '国家或地区',
  },
  liaison_assignments: { officer: '包联干部', officer_name: '包联干部', reason: '调整原因' },
  targets: { metric: '目标指标', period: '目标期间', value: '目标值' },
};
const fieldName = (kind, field) => (KIND_FIELD_NAMES[kind] || {})[field] || FIELD_NAMES[field] || field;
const PAGE = 200;
// How often the page asks for a running commit's progress (GET /api/v1/imports/{id}).
const PROGRESS_POLL_MS = 300;

function canImport() {
  const u = session.user();
  return Boolean(u && ['bureau', 'county'].includes(u.role));
}

function counts(c) {
  const item = (key, label) => h('div', { class: 'stat', dataset: { count: key } },
    h('span', { class: 'stat-value' }, formatCount(c[key] || 0)), h('span', { class: 'stat-label' }, label));
  return h('div', { class: 'stats', id: 'import-counts' },
    item('rows', '数据行'), item('new', '新增'), item('updated', '更新'), item('unchanged', '未变'), item('refused', '拒绝'));
}

function describeRow(row, kind) {
  if (row.errors) {
    return h('ul', { class: 'plain small' }, row.errors.map((e) =>
      h('li', null, e.column ? `${e.column}：` : '', e.message, h('span', { class: 'muted mono' }, ` ${e.code}`))));
  }
  if (row.diffs) {
    return h('ul', { class: 'plain small' }, row.diffs.map((d) => {
      const show = (v) => (v === null || v === '' ? '（空）' : Array.isArray(v) ? v.join('、') : String(v));
      return h('li', null, `${fieldName(kind, d.field)}：${show(d.from)} → ${show(d.to)}`);
    }));
  }
  return null;
}

function rowLine(row, kind) {
  return h('tr', { dataset: { row: row.row, status: row.status } },
    h('td', null, String(row.row)),
    h('td', null, h('span', { class: `chip badge-${row.status}` }, ROW_STATUS[row.status] || row.status)),
    h('td', { class: 'mono small' }, row.uscc || ''),
    h('td', null, describeRow(row, kind)));
}

function historyTable(items) {
  if (!items.length) return h('p', { class: 'muted', id: 'import-history-empty' }, '还没有导入记录。');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'import-history' },
    h('thead', null, h('tr', null, ['批次', '文件', '状态', '行数', '新增', '更新', '拒绝', '上传人', '上传时间'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, items.map((b) => h('tr', { dataset: { batch: b.id } },
      h('td', null, h('a', { href: `#/imports/${b.id}` }, `#${b.id}`)),
      h('td', null, b.file_name || '（未命名）', h('span', { class: 'muted small' }, ` · ${KIND[b.kind] || b.kind}`)),
      h('td', null, STATUS[b.status] || b.status),
      h('td', null, formatCount(b.counts.rows)),
      h('td', null, formatCount(b.counts.new)),
      h('td', null, formatCount(b.counts.updated)),
      h('td', null, formatCount(b.counts.refused)),
      h('td', null, personName(b.uploaded_by)),
      h('td', { class: 'small' }, formatDateTime(b.created_at)))))));
}

export async function importsPage({ root, navigate, isCurrent }) {
  if (!canImport()) {
    mount(root, pageHeader('数据导入'), notice('info', '数据导入仅供市科技局和县区科技干部使用。'));
    return;
  }
  const file = h('input', { type: 'file', id: 'import-file', accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', required: true });
  const kind = h('select', { id: 'import-kind' },
    h('option', { value: 'enterprises' }, '企业名录'),
    h('option', { value: 'designations' }, '认定名单（高企证书、科小入库）'),
    h('option', { value: 'indicators' }, '年度指标（企业 × 年度）'),
    h('option', { value: 'pool_members' }, '培育库成员'),
    h('option', { value: 'contacts' }, '走访记录（历史台账）'),
    h('option', { value: 'liaison_assignments' }, '包联分工（企业 × 联络员）'),
    h('option', { value: 'targets' }, '目标任务分解（仅市科技局）'),
    h('option', { value: 'graph_nodes' }, '图谱节点（创新平台、人才团队、项目、合作机构）'));
  const sheet = h('input', { id: 'import-sheet', placeholder: '默认第一个工作表', maxlength: 100, autocomplete: 'off' });
  const encoding = h('select', { id: 'import-encoding' },
    h('option', { value: '' }, '自动识别'), h('option', { value: 'utf8' }, 'UTF-8'), h('option', { value: 'gb18030' }, 'GBK / GB18030'));
  const out = h('div', { id: 'import-upload-result', 'aria-live': 'polite' });
  const field = (id, label, control, hint) => h('div', { class: 'field' }, h('label', { for: id }, label), control,
    hint ? h('p', { class: 'hint' }, hint) : null);
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'import-upload' }, '上传并检查');
  // Drag and drop onto the zone puts the file into the file input, as if it had been chosen.
  const chosenName = h('span', { class: 'muted small', id: 'import-file-name' });
  const drop = h('div', { class: 'drop-zone', id: 'import-drop' }, h('p', null, '把 CSV 或 XLSX 文件拖到这里，或选择文件：'), file, chosenName);
  const showChosen = () => { chosenName.textContent = file.files && file.files[0] ? `已选择：${file.files[0].name}` : ''; };
  file.addEventListener('change', showChosen);
  drop.addEventListener('dragover', (ev) => { ev.preventDefault(); drop.classList.add('dragging'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (ev) => {
    ev.preventDefault();
    drop.classList.remove('dragging');
    if (ev.dataTransfer && ev.dataTransfer.files.length) {
      file.files = ev.dataTransfer.files;
      showChosen();
    }
  });
  const form = h('form', { class: 'panel', id: 'import-form', novalidate: true },
    field('import-file', '文件（CSV 或 XLSX）', drop, '上传后先做检查（不写入任何数据），确认检查结果后再提交。'),
    field('import-kind', '导入内容', kind), field('import-sheet', '工作表（XLSX）', sheet), field('import-encoding', '编码（CSV）', encoding),
    // The XLSX templates (GET /api/v1/imports/templates/{kind}): the header row and drop-down lists.
    h('p', { class: 'hint', id: 'import-templates' }, '下载模板：',
      Object.entries(KIND).map(([code, name], i) => [i ? '、' : '',
        h('a', { href: `/api/v1/imports/templates/${code}`, download: '', dataset: { kind: code } }, `${name}（XLSX）`)])),
    h('div', { class: 'form-actions' }, submit), out);
  // Sends the chosen file; a header the server cannot map answers with the file's preview, where
  // the user maps the columns (or picks another sheet) and the file is sent again with that.
  const send = async (chosen, request) => {
    try {
      const { data } = await api.post('/imports', undefined, {
        query: {
          kind: kind.value, sheet: request.sheet ?? sheet.value.trim(), encoding: encoding.value, name: chosen.name,
          mapping: request.mapping ? JSON.stringify(request.mapping) : undefined, save_mapping: request.save_mapping || undefined,
        },
        rawBody: chosen,
        contentType: chosen.type || 'application/octet-stream',
      });
      if (isCurrent()) navigate(`/imports/${data.batch.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'header_unmapped' && err.details && err.details.preview) {
        out.replaceChildren(notice('error', `${err.message}。请在下方指定各列对应的字段后重新检查。`),
          mappingPanel(err.details.preview, { title: '文件预览与表头对应', onApply: (next) => send(chosen, next) }));
        return;
      }
      if (err instanceof ApiError && err.code === 'header_not_found' && err.details && err.details.sheets) {
        // The sheet read has no header: offer the workbook's other sheets.
        const pick = h('select', { id: 'import-sheet-pick', 'aria-label': '工作表' },
          err.details.sheets.map((s) => h('option', { value: s.name, selected: s.name === request.sheet }, s.hidden ? `${s.name}（隐藏）` : s.name)));
        const again = h('button', { type: 'button', class: 'btn btn-primary', id: 'import-sheet-retry' }, '读取此工作表');
        again.addEventListener('click', async () => {
          again.disabled = true;
          try {
            await send(chosen, { sheet: pick.value });
          } catch (e) {
            again.disabled = false;
            out.replaceChildren(notice('error', messageFor(e)));
          }
        });
        out.replaceChildren(notice('error', `${err.message}。请选择表头所在的工作表：`, pick, again));
        return;
      }
      throw err;
    }
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const chosen = file.files && file.files[0];
    if (!chosen) {
      out.replaceChildren(notice('error', '请选择要导入的文件。'));
      return;
    }
    submit.disabled = true;
    out.replaceChildren(loading('正在上传并检查…'));
    try {
      await send(chosen, {});
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) out.replaceChildren(notice('error', messageFor(err)));
    } finally {
      submit.disabled = false;
    }
  });
  const history = h('section', { id: 'import-history-section' }, h('h2', null, '导入记录'), loading());
  const saved = h('section', { id: 'import-mappings-section' }, h('h2', null, '已保存的表头对应'), loading());
  mount(root, pageHeader('数据导入'), form, history, saved);
  try {
    const [{ data }, { data: mappings }] = await Promise.all([api.get('/imports', { limit: 50 }), api.get('/imports/mappings')]);
    await loadNames([...data.items.map((b) => b.uploaded_by), ...mappings.items.map((m) => m.saved_by)]);
    if (!isCurrent()) return;
    history.replaceChildren(h('h2', null, '导入记录'), historyTable(data.items));
    saved.replaceChildren(h('h2', null, '已保存的表头对应'), savedMappingsTable(mappings.items));
  } catch (err) {
    if (isCurrent()) history.replaceChildren(h('h2', null, '导入记录'), notice('error', messageFor(err)));
  }
}

// The saved mappings (shared by everyone who imports): the kind, the header, the columns mapped by
// hand, who saved it; 删除 takes it away (files with that header are then mapped by the config).
function savedMappingsTable(items) {
  if (!items.length) return h('p', { class: 'muted', id: 'import-mappings-empty' }, '还没有保存的表头对应。在导入批次页确认表头对应时可以保存。');
  const describe = (m) => Object.entries(m.mapping).map(([col, f]) => `${col} → ${f === null ? '忽略' : fieldName(m.kind, f)}`).join('；');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'import-mappings' },
    h('thead', null, h('tr', null, ['导入内容', '表头', '指定的对应', '保存人', '保存时间', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, items.map((m) => {
      const remove = h('button', { type: 'button', class: 'btn btn-small', dataset: { mappingId: m.id } }, '删除');
      const row = h('tr', { dataset: { mapping: m.id } },
        h('td', null, KIND[m.kind] || m.kind),
        h('td', { class: 'small' }, m.header.filter(Boolean).join('、')),
        h('td', { class: 'small' }, describe(m)),
        h('td', null, personName(m.saved_by)),
        h('td', { class: 'small' }, formatDateTime(m.saved_at)),
        h('td', null, remove));
      remove.addEventListener('click', async () => {
        if (!window.confirm('删除后，同样表头的文件将按系统配置识别。确认删除这个表头对应？')) return;
        remove.disabled = true;
        try {
          await api.del(`/imports/mappings/${m.id}`);
          row.remove();
        } catch (err) {
          remove.disabled = false;
          row.append(h('td', null, notice('error', messageFor(err))));
        }
      });
      return row;
    }))));
}

export async function importBatchPage({ root, params, query, navigate, isCurrent }) {
  const id = params.id;
  mount(root, backLink('#/imports', '数据导入'), pageHeader(`导入批次 #${id}`), loading());
  const status = ['new', 'updated', 'unchanged', 'refused'].includes(query.status) ? query.status : '';
  // The error filter: rows with an error of this code, in this column (the header text).
  const code = query.code || '';
  const column = query.column || '';
  const selection = { status, code, column };
  let first;
  try {
    first = (await api.get(`/imports/${id}`, { ...selection, limit: PAGE })).data;
    await loadNames([first.batch.uploaded_by, first.batch.committed_by, first.batch.reverted_by]);
  } catch (err) {
    if (isCurrent()) mount(root, backLink('#/imports', '数据导入'), pageHeader(`导入批次 #${id}`), errorPanel(err, '#/imports', '返回数据导入'));
    return;
  }
  if (!isCurrent()) return;
  const b = first.batch;
  const filter = h('select', { id: 'import-row-filter', 'aria-label': '按结果筛选' },
    h('option', { value: '' }, '全部行'), ...['refused', 'new', 'updated', 'unchanged'].map((s) =>
      h('option', { value: s, selected: s === status }, `${ROW_STATUS[s]}（${formatCount(b.counts[s === 'new' ? 'new' : s])}）`)));
  filter.addEventListener('change', () => navigate(`/imports/${id}`, { status: filter.value, code, column }));
  // The dry run's refusals grouped by code and column (batch.error_summary), most rows first.
  const errorKey = (e) => `${e.code}\u001f${e.column}`;
  const errorFilter = h('select', { id: 'import-error-filter', 'aria-label': '按错误筛选' },
    h('option', { value: '' }, '全部错误'),
    (b.error_summary || []).map((e) => h('option', { value: errorKey(e), selected: e.code === code && e.column === column },
      `${e.column ? `${e.column}：` : ''}${e.code}（${formatCount(e.rows)} 行）`)));
  errorFilter.addEventListener('change', () => {
    const [c, col] = errorFilter.value ? errorFilter.value.split('\u001f') : ['', ''];
    navigate(`/imports/${id}`, { status, code: c, column: col });
  });
  const line = (row) => rowLine(row, b.kind);
  const body = h('tbody', null, first.rows.map(line));
  const more = h('div', { class: 'section-actions' });
  const showMore = (next) => {
    more.replaceChildren(next === null ? h('p', { class: 'muted small', id: 'import-rows-end' }, body.children.length ? '已显示全部行。' : '没有符合条件的行。')
      : h('button', { type: 'button', class: 'btn', id: 'import-rows-more', onclick: async () => {
        try {
          const { data } = await api.get(`/imports/${id}`, { ...selection, limit: PAGE, after_row: next });
          body.append(...data.rows.map(line));
          showMore(data.next_after_row);
        } catch (err) {
          more.replaceChildren(notice('error', messageFor(err)));
        }
      } }, '加载更多'));
  };
  showMore(first.next_after_row);
  const result = h('div', { id: 'import-action-result', 'aria-live': 'polite' });
  const actions = h('div', { class: 'section-actions', id: 'import-actions' });
  // The download holds the rows the page shows: with a filter, only those.
  const filtered = Boolean(status || code || column);
  const download = (format, text) => {
    const params = new URLSearchParams({ format });
    for (const [k, v] of Object.entries(selection)) if (v) params.set(k, v);
    return h('a', { class: 'btn', id: `import-download-${format}`, href: `/api/v1/imports/${id}/errors?${params}`, download: `import-${id}-errors.${format}` }, text);
  };
  actions.append(download('xlsx', filtered ? '下载筛选出的行（XLSX）' : '下载检查结果（XLSX）'), download('csv', 'CSV'));
  const reload = () => navigate(`/imports/${id}`, selection, { replace: true });

  if (b.status === 'checked' && canImport()) {
    const onlyValid = h('input', { type: 'checkbox', id: 'import-only-valid' });
    const commit = h('button', { type: 'button', class: 'btn btn-primary', id: 'import-commit' }, '提交导入');
    commit.addEventListener('click', async () => {
      const written = b.counts.new + b.counts.updated;
      const text = b.counts.refused && !onlyValid.checked
        ? `有 ${b.counts.refused} 行被拒绝：整批提交将不会写入任何数据。仍要提交吗？`
        : `将写入 ${written} ${UNIT[b.kind] || '条记录'}（新增 ${b.counts.new}，更新 ${b.counts.updated}）${b.counts.refused ? `，跳过被拒绝的 ${b.counts.refused} 行` : ''}。确认提交？`;
      if (!window.confirm(text)) return;
      commit.disabled = true;
      const progress = progressBar(b.counts.rows);
      result.replaceChildren(progress.element);
      const polling = pollProgress(id, progress);
      try {
        const { data } = await api.post(`/imports/${id}/commit`, { only_valid: onlyValid.checked });
        polling.stop();
        progress.finish();
        result.replaceChildren(progress.element, notice('success', `已提交：写入 ${formatCount(data.written)} ${UNIT[b.kind] || '条记录'}。`));
        reload();
      } catch (err) {
        polling.stop();
        commit.disabled = false;
        const n = err.details && err.details.refused;
        result.replaceChildren(notice('error', err.code === 'import_rows_refused'
          ? `有 ${n} 行被拒绝，未写入任何数据。请修正后重新上传，或勾选“仅提交通过检查的行”。`
          : messageFor(err)));
      }
    });
    actions.append(h('label', { class: 'checkbox', for: 'import-only-valid' }, onlyValid, ' 仅提交通过检查的行'), commit);
  }
  if (b.status === 'committed' && canImport()) {
    const revert = h('button', { type: 'button', class: 'btn btn-danger', id: 'import-revert' }, '撤销导入');
    const doRevert = async (exclude) => {
      revert.disabled = true;
      result.replaceChildren(loading('正在撤销…'));
      try {
        const { data } = await api.post(`/imports/${id}/revert`, exclude ? { exclude_rows: exclude } : {});
        result.replaceChildren(notice('success', `已撤销：恢复 ${data.restored} 家，归档新增的 ${data.archived} 家${data.excluded ? `，保留 ${data.excluded} 行` : ''}。`));
        reload();
      } catch (err) {
        revert.disabled = false;
        if (err.code === 'changed_since_import' && err.details && err.details.changed_rows) {
          const rows = err.details.changed_rows;
          const skip = h('button', { type: 'button', class: 'btn', id: 'import-revert-skip' }, `保留这 ${rows.length} 行，撤销其余`);
          skip.addEventListener('click', () => doRevert(rows.map((r) => r.row)));
          result.replaceChildren(notice('warning', '以下企业在导入之后又被修改，未撤销任何数据：'),
            h('ul', { id: 'import-changed-rows' }, rows.map((r) => h('li', null, `第 ${r.row} 行 ${r.uscc}（导入版本 ${r.imported_version}，当前版本 ${r.current_version}）`))), skip);
        } else {
          result.replaceChildren(notice('error', messageFor(err)));
        }
      }
    };
    revert.addEventListener('click', () => {
      if (window.confirm('撤销后，本批次更新的企业恢复为导入前的信息，新增的企业将归档。确认撤销？')) doRevert(null);
    });
    actions.append(revert);
  }
  const meta = h('p', { class: 'muted small', id: 'import-meta' },
    `${KIND[b.kind] || b.kind} · ${b.file_name || '（未命名）'} · ${STATUS[b.status] || b.status} · ${personName(b.uploaded_by)} 上传于 ${formatDateTime(b.created_at)}`,
    b.committed_at ? ` · ${personName(b.committed_by)} 提交于 ${formatDateTime(b.committed_at)}` : '',
    b.reverted_at ? ` · ${personName(b.reverted_by)} 撤销于 ${formatDateTime(b.reverted_at)}` : '');
  const preview = h('div', { id: 'import-preview-section' });
  mount(root, backLink('#/imports', '数据导入'), pageHeader(`导入批次 #${id}`), meta, counts(b.counts), actions, result, preview,
    h('div', { class: 'filters-bar' }, filter, (b.error_summary || []).length ? errorFilter : null),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'import-rows' },
      h('thead', null, h('tr', null, ['行号', '结果', '统一社会信用代码', '变更或错误'].map((t) => h('th', { scope: 'col' }, t)))), body)),
    more);
  // Only a checked batch can be checked again with another sheet or mapping.
  if (b.status === 'checked' && canImport()) {
    preview.replaceChildren(loading('正在读取文件预览…'));
    try {
      const { data } = await api.get(`/imports/${id}/preview`);
      if (!isCurrent()) return;
      preview.replaceChildren(mappingPanel(data.preview, {
        onApply: async (request) => {
          await api.post(`/imports/${id}/mapping`, request);
          if (isCurrent()) navigate(`/imports/${id}`, {}, { replace: true });
        },
      }));
    } catch (err) {
      if (isCurrent()) preview.replaceChildren(notice('error', messageFor(err)));
    }
  }
}

// The commit's progress bar: rows done of total, as the batch reports it while the commit runs.
function progressBar(total) {
  const bar = h('progress', { id: 'import-progress', max: Math.max(total, 1), value: 0 });
  const text = h('span', { id: 'import-progress-text', class: 'small' }, `正在提交：等待开始（共 ${formatCount(total)} 行）`);
  const element = h('div', { class: 'progress-box', role: 'status' }, bar, ' ', text);
  return {
    element,
    show(p) {
      bar.max = Math.max(p.total, 1);
      bar.value = p.done;
      text.textContent = `正在提交：已处理 ${formatCount(p.done)} / ${formatCount(p.total)} 行`;
      element.dataset.seen = String(Number(element.dataset.seen || 0) + 1);
    },
    finish() {
      bar.value = bar.max;
      text.textContent = `已完成：${formatCount(total)} / ${formatCount(total)} 行`;
    },
  };
}

// Asks for the batch's progress until stopped (the commit's own request is still open meanwhile).
function pollProgress(id, progress) {
  let stopped = false;
  let timer = null;
  const tick = async () => {
    try {
      const { data } = await api.get(`/imports/${id}`, { limit: 1 });
      if (!stopped && data.progress) progress.show(data.progress);
    } catch {
      // A failed poll only leaves the bar where it was; the commit's own answer decides.
    }
    if (!stopped) timer = setTimeout(tick, PROGRESS_POLL_MS);
  };
  tick();
  return { stop() { stopped = true; clearTimeout(timer); } };
}
