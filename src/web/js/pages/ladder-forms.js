// #/enterprises/{uscc}/designations/new — record a designation (stage, dates, number, source,
// evidence; the end date is computed by the server). #/enterprises/{uscc}/indicators/{year} — the
// yearly indicators, money as officers write it (1,200万, 1.2亿; sent as integer yuan), counts,
// yes/no items, implausible values confirmed before saving; ratios are computed by the
// server and shown after saving. Field errors from the API (422, field named) appear beside the
// field; an indicator edit sends the version read (If-Match) and a 409 offers a reload.

import { api, ApiError, request, versionFromEtag } from '../api.js';
import { h, mount } from '../dom.js';
import * as session from '../session.js';
import {
  backLink, clearFieldErrors, errorPanel, fieldRow, flashNext, loading, notice, pageHeader, setFieldError,
} from '../ui.js';
import { STAGES, canEditLadder, ladderMessage, loadStages } from './ladder-common.js';
import { loadNames, personName } from '../names.js';
import { todayCst } from './liaison-common.js';
import { parseYuan, yuanText } from '../money.js';

const FORM_MESSAGES = {
  hnte_certificate_format: '证书编号格式应为 GR + 4 位年份 + 2 位省份代码 + 6 位数字，如 GR202341000123',
  inconsistent_dates: '日期前后不一致',
  date_in_future: '不能晚于今天',
  future_year: '不能填报未来年度',
  negative_value: '不能为负数',
  out_of_range: '数值超出合理范围',
  st_staff_exceeds_employees: '科技人员数不能多于职工总数',
  exceeds_total: '境内研发费用不能多于研发费用总额',
  exceeds_total_income: '不能多于收入总额（高新技术产品收入不能多于收入总额减不征税收入）',
  rd_items_exceed_total: '研发费用总额不能少于各项研发费用之和（委托外部按 80% 计）',
  number_out_of_range: '数值超出范围',
  duplicate_designation: '该资格已登记',
  already_corrected: '该记录已被更正，请更正最新的记录',
  already_revoked: '该资格已撤销',
  superseded: '该记录已被更正，不能再撤销',
  not_a_number: '请填写整数',
  wrong_type: '请填写整数',
};

function fieldMessage(err) {
  return FORM_MESSAGES[err.code] || ladderMessage(err);
}

function showFieldError(form, banner, err, fallback) {
  if (err.field && setFieldError(form, err.field, fieldMessage(err))) {
    const control = form.querySelector(`.field[data-field="${err.field}"] input, .field[data-field="${err.field}"] select`);
    if (control) control.focus();
    banner.replaceChildren(notice('error', '请修改标出的内容后再提交。'));
    return;
  }
  banner.replaceChildren(notice('error', `${fallback}：${fieldMessage(err)}`));
}

async function loadEnterprise(ctx, title) {
  const { root, params, isCurrent } = ctx;
  const href = `#/enterprises/${encodeURIComponent(params.uscc)}`;
  const back = backLink(href, '企业信息');
  if (!canEditLadder(session.user())) {
    mount(root, back, pageHeader(title), notice('info', '您的角色不能修改培育信息。'));
    return null;
  }
  mount(root, back, pageHeader(title), loading());
  try {
    const { data } = await api.get(`/enterprises/${encodeURIComponent(params.uscc)}`);
    return isCurrent() ? { enterprise: data, back, href } : null;
  } catch (e) {
    if (isCurrent()) mount(root, back, errorPanel(e, '#/enterprises', '返回企业名录'));
    return null;
  }
}

// ---- designation -------------------------------------------------------------------------------

const NUMBER_HINTS = {
  tech_sme: '入库登记编号（按当年公告填写）',
  hnte: '高新技术企业证书编号：GR + 年份 + 省份代码 + 6 位数字，如 GR202341000123',
};

export async function designationPage(ctx) {
  await loadStages();
  // ?correct={id}: 更正 a mistaken record — the form starts from it, and saving writes a new record
  // that supersedes it (POST …/designations/{id}/correction); the old one stays in the history.
  const correcting = /^\d+$/.test(ctx.query.correct || '') ? Number(ctx.query.correct) : null;
  const title = correcting ? '更正资格' : '登记资格';
  const loaded = await loadEnterprise(ctx, title);
  if (!loaded) return;
  const { enterprise, back, href } = loaded;
  let old = null;
  if (correcting) {
    const { data } = await api.get(`/enterprises/${encodeURIComponent(enterprise.uscc)}/designations`);
    if (!ctx.isCurrent()) return;
    old = data.items.find((d) => d.id === correcting);
    if (!old || old.status === 'superseded' || old.status === 'revoked') {
      mount(ctx.root, back, pageHeader(title), notice('warning', old ? '该记录已更正或已撤销，请更正最新的记录。' : '没有这条资格记录。'));
      return;
    }
  }
  const chosen = old ? old.stage : (ctx.query.stage || 'hnte');
  const stage = h('select', null, STAGES.map((s) => h('option', { value: s.id, selected: s.id === chosen }, s.name)));
  const startsOn = h('input', { type: 'date', max: todayCst(), value: old ? old.starts_on : '' });
  const number = h('input', { type: 'text', maxlength: 40, autocomplete: 'off', class: 'mono', autocapitalize: 'characters', spellcheck: 'false', value: old ? old.number : '' });
  const source = h('input', { type: 'text', maxlength: 200, autocomplete: 'off', placeholder: '如：河南省2024年第一批高新技术企业认定名单', value: old ? old.source : '' });
  const evidence = h('input', { type: 'text', maxlength: 500, autocomplete: 'off', value: old ? old.evidence : '' });
  const numberRow = fieldRow('number', '证书 / 登记编号', number, { hint: NUMBER_HINTS.hnte });
  const syncHint = () => { numberRow.querySelector('.hint').textContent = NUMBER_HINTS[stage.value] || '证书或公告编号'; };
  stage.addEventListener('change', syncHint);
  syncHint();
  const banner = h('div', { id: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, old ? '保存更正' : '登记');
  const form = h('form', { class: 'panel edit-form', id: 'designation-form', novalidate: true },
    h('div', { class: 'form-grid' },
      fieldRow('stage', '资格', stage, { required: true }),
      fieldRow('starts_on', '取得日期', startsOn, { required: true, hint: '证书或公告上的日期；有效期由系统按规则计算' }),
      numberRow,
      fieldRow('source', '来源（公告批次）', source),
      fieldRow('evidence', '佐证说明', evidence)),
    h('div', { class: 'form-actions' }, submit, h('a', { class: 'btn btn-quiet', href }, '取消')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    banner.replaceChildren();
    if (!startsOn.value) {
      setFieldError(form, 'starts_on', '必填');
      startsOn.focus();
      return;
    }
    const body = { stage: stage.value, starts_on: startsOn.value };
    if (number.value.trim()) body.number = number.value.trim().toUpperCase();
    if (source.value.trim()) body.source = source.value.trim();
    if (evidence.value.trim()) body.evidence = evidence.value.trim();
    submit.disabled = true;
    try {
      const base = `/enterprises/${encodeURIComponent(enterprise.uscc)}/designations`;
      const { data } = await api.post(old ? `${base}/${old.id}/correction` : base, body);
      flashNext(`${old ? '已更正' : '已登记'}${data.stage_name}，有效期至 ${data.ends_on || '—'}`);
      ctx.navigate(href.slice(1));
    } catch (err) {
      if (!ctx.isCurrent() || (err instanceof ApiError && err.status === 401)) return;
      showFieldError(form, banner, err, old ? '更正失败' : '登记失败');
    } finally {
      submit.disabled = false;
    }
  });
  mount(ctx.root, back, h('div', { class: 'page-head' }, h('h1', null, title), h('p', { class: 'page-sub' }, enterprise.name)),
    old ? notice('info', `更正 ${old.stage_name}（${old.starts_on} 取得）：保存后原记录标为“已更正”，仍保留在资格记录中。`) : null,
    banner, form);
}

// ---- yearly indicators -------------------------------------------------------------------------

// The doubts about a set of indicators, in words; exact integer comparisons (BigInt), no floats.
function implausible(body) {
  const out = [];
  const big = (n) => (n === null || n === undefined ? null : BigInt(n));
  const revenue = big(body.revenue);
  const rd = big(body.rd_expense_total);
  const text = (n) => yuanText(String(n));
  if (revenue !== null && rd !== null && rd > revenue) {
    out.push(`研发费用总额 ${text(rd)} 高于销售收入 ${text(revenue)}`);
  }
  if (revenue !== null && revenue > 0n && rd !== null && rd * 100n > revenue * 30n && rd <= revenue) {
    out.push(`研发费用占销售收入超过 30%（${text(rd)} / ${text(revenue)}）`);
  }
  const costs = big(body.total_costs);
  if (revenue !== null && revenue > 0n && costs !== null && costs > revenue * 10n) {
    out.push(`成本费用总额 ${text(costs)} 超过销售收入的 10 倍`);
  }
  for (const [name, label] of [['revenue', '销售收入'], ['total_income', '收入总额'], ['total_assets', '资产总额']]) {
    const v = big(body[name]);
    if (v !== null && v > 100000000000n) out.push(`${label} ${text(v)} 超过 1000 亿元`);
    if (v !== null && v > 0n && v < 10000n) out.push(`${label}只有 ${text(v)}，是否漏写了“万”？`);
  }
  return out;
}

// [name, label, kind] in the order of the official forms; kind: money | count | bool.
const GROUPS = [
  ['经营与财务（元）', [
    ['revenue', '销售收入', 'money'],
    ['total_income', '收入总额', 'money'],
    ['non_taxable_income', '不征税收入', 'money'],
    ['high_tech_income', '高新技术产品（服务）收入', 'money'],
    ['total_costs', '成本费用总额', 'money'],
    ['total_assets', '资产总额', 'money'],
    ['total_liabilities', '负债总额', 'money'],
  ]],
  ['人员', [
    ['employees', '职工总数', 'count'],
    ['st_staff', '科技人员数', 'count'],
  ]],
  ['研发费用（元，高企口径）', [
    ['rd_expense_total', '研发费用总额', 'money'],
    ['rd_expense_domestic', '其中：境内研发费用', 'money'],
    ['rd_expense_super_deduction', '加计扣除口径研发费用', 'money'],
    ['rd_personnel', '人员人工费用', 'money'],
    ['rd_direct_inputs', '直接投入费用', 'money'],
    ['rd_depreciation', '折旧费用', 'money'],
    ['rd_amortisation', '无形资产摊销', 'money'],
    ['rd_design', '新产品设计费等', 'money'],
    ['rd_equipment_testing', '装备调试与试验费', 'money'],
    ['rd_other', '其他相关费用', 'money'],
    ['rd_commissioned', '委托外部研发费用', 'money'],
  ]],
  ['知识产权与成果', [
    ['ip_class1', 'Ⅰ类知识产权（件）', 'count'],
    ['ip_class2', 'Ⅱ类知识产权（件）', 'count'],
    ['results_transformed', '科技成果转化（项）', 'count'],
    ['rd_ledger_kept', '设立研发费用辅助账', 'bool'],
    ['rd_super_deduction_claimed', '享受研发费用加计扣除', 'bool'],
  ]],
];

const RATIO_LABELS = {
  st_staff_ratio: '科技人员占比',
  rd_to_revenue: '研发费用占销售收入',
  rd_to_costs: '研发费用占成本费用',
  rd_domestic_share: '境内研发费用占比',
  high_tech_income_share: '高新收入占比',
};

function ratioList(ratios) {
  if (!ratios) return null;
  const items = Object.entries(RATIO_LABELS).filter(([k]) => ratios[k] !== null && ratios[k] !== undefined);
  if (!items.length) return null;
  return h('dl', { class: 'ratios', id: 'indicator-ratios' },
    items.map(([k, label]) => [h('dt', null, label), h('dd', { dataset: { ratio: k } }, `${(ratios[k] * 100).toFixed(1)}%`)]));
}

export async function indicatorsPage(ctx) {
  const loaded = await loadEnterprise(ctx, '年度指标');
  if (!loaded) return;
  const { enterprise, back, href } = loaded;
  const thisYear = Number(todayCst().slice(0, 4));
  const year = Number(ctx.params.year);
  if (!Number.isInteger(year) || year < 1980 || year > thisYear) {
    mount(ctx.root, back, notice('error', `年度应在 1980 至 ${thisYear} 之间`));
    return;
  }
  let current = null;
  let version = null;
  try {
    const got = await api.get(`/enterprises/${encodeURIComponent(enterprise.uscc)}/indicators/${year}`);
    current = got.data;
    version = versionFromEtag(got.etag) ?? current.version;
    await loadNames([current.updated_by]);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) {
      if (ctx.isCurrent()) mount(ctx.root, back, errorPanel(err, href, '返回企业信息'));
      return;
    }
  }
  if (!ctx.isCurrent()) return;

  const controls = {};
  const groups = GROUPS.map(([title, fields]) => h('fieldset', { class: 'indicator-group' },
    h('legend', null, title),
    h('div', { class: 'form-grid' }, fields.map(([name, label, kind]) => {
      const v = current ? current[name] : null;
      let control;
      if (kind === 'bool') {
        control = h('select', null,
          h('option', { value: '', selected: v === null || v === undefined }, '未填报'),
          h('option', { value: 'true', selected: v === true }, '是'),
          h('option', { value: 'false', selected: v === false }, '否'));
      } else {
        control = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', class: 'num', value: v === null || v === undefined ? '' : String(v) });
      }
      controls[name] = { control, kind };
      const row = fieldRow(name, label, control, { hint: kind === 'money' ? ' ' : undefined });
      if (kind === 'money') {
        const hint = row.querySelector('.hint');
        control.setAttribute('inputmode', 'decimal');
        control.placeholder = '如 1,200万 或 1.2亿';
        const sync = () => {
          const p = parseYuan(control.value);
          hint.textContent = p.yuan ? `= ${yuanText(p.yuan)}${p.yuan.length > 4 ? `（${p.yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}元）` : ''}` : ' ';
        };
        control.addEventListener('input', sync);
        sync();
      }
      return row;
    }))));

  const yearPicker = h('select', { id: 'f-year', 'aria-label': '年度' },
    Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => h('option', { value: y, selected: y === year }, `${y} 年度`)));
  yearPicker.addEventListener('change', () => ctx.navigate(`/enterprises/${encodeURIComponent(enterprise.uscc)}/indicators/${yearPicker.value}`));

  const banner = h('div', { id: 'form-status' });
  let confirmedBody = null;
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '保存');
  const form = h('form', { class: 'panel edit-form indicators-form', id: 'indicators-form', novalidate: true },
    groups,
    h('div', { class: 'form-actions sticky-actions' }, submit, h('a', { class: 'btn btn-quiet', href }, '返回')));

  form.addEventListener('input', (ev) => {
    const row = ev.target.closest('.field.has-error');
    if (row) setFieldError(form, row.dataset.field, '');
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    banner.replaceChildren();
    const body = {};
    let bad = null;
    for (const [name, { control, kind }] of Object.entries(controls)) {
      const raw = control.value.replace(/[,，\s]/g, '');
      if (kind === 'bool') body[name] = raw === '' ? null : raw === 'true';
      else if (raw === '') body[name] = null;
      else if (kind === 'money') {
        const p = parseYuan(raw);
        if (p.error) {
          setFieldError(form, name, p.error);
          bad = bad || control;
        } else {
          body[name] = Number(p.yuan); // ≤ 15 digits: exact
        }
      } else if (/^\d+$/.test(raw)) body[name] = Number(raw);
      else {
        setFieldError(form, name, '请填写不小于 0 的整数');
        bad = bad || control;
      }
    }
    if (bad) {
      bad.focus();
      banner.replaceChildren(notice('error', '请修改标出的内容后再保存。'));
      return;
    }
    // Implausible but possible values (a slipped unit, R&D above revenue) are saved only after the
    // officer confirms them; the same values confirmed once are not asked about again.
    const doubts = implausible(body);
    const key = JSON.stringify(body);
    if (doubts.length && confirmedBody !== key) {
      const yes = h('button', { type: 'button', class: 'btn btn-primary', id: 'confirm-implausible', onclick: () => {
        confirmedBody = key;
        form.requestSubmit();
      } }, '确认无误，保存');
      banner.replaceChildren(h('div', { class: 'notice notice-warning', role: 'alertdialog', id: 'implausible', 'aria-label': '请核对' },
        h('p', null, '以下数值看起来不合常理，请核对单位和位数：'),
        h('ul', null, doubts.map((d) => h('li', null, d))),
        h('div', { class: 'notice-actions' }, yes)));
      yes.focus();
      return;
    }
    submit.disabled = true;
    try {
      const headers = version ? { 'If-Match': `"${version}"` } : {};
      const { data, etag } = await request('PUT', `/enterprises/${encodeURIComponent(enterprise.uscc)}/indicators/${year}`, { body, headers });
      version = versionFromEtag(etag) ?? data.version;
      current = data;
      banner.replaceChildren(notice('success', `已保存 ${year} 年度指标（第 ${version} 版）。评价和路线图已按新数据更新。`), ratioList(data.ratios) || '');
      banner.scrollIntoView({ block: 'center' });
    } catch (err) {
      if (!ctx.isCurrent() || (err instanceof ApiError && err.status === 401)) return;
      if (err.status === 409 && err.code === 'stale_version') {
        banner.replaceChildren(notice('warning', '这些指标刚被他人修改，本次未保存。请重新加载后再改。',
          h('button', { type: 'button', class: 'btn btn-primary', id: 'reload-latest', onclick: () => ctx.navigate(ctx.path) }, '重新加载')));
        return;
      }
      showFieldError(form, banner, err, '保存失败');
    } finally {
      submit.disabled = false;
    }
  });

  mount(ctx.root, back,
    h('div', { class: 'page-head' }, h('h1', null, '年度指标'), h('p', { class: 'page-sub' }, enterprise.name), yearPicker),
    current ? h('p', { class: 'muted small' }, `第 ${version} 版 · ${personName(current.updated_by)} 更新`) : notice('info', `${year} 年度尚未填报。金额按元填写整数；不清楚的项目留空（评价显示“待补数据”）。`),
    current ? ratioList(current.ratios) : null,
    banner, form);
}
