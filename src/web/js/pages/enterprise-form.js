// #/enterprises/new and #/enterprises/{uscc}/edit — the registration and edit forms.
// Field errors from the API (422, field named) are shown beside the field; an edit sends only the
// fields that changed, with If-Match: "<version>", and a 409 stale_version offers a reload.

import { api, ApiError, versionFromEtag } from '../api.js';
import * as catalog from '../catalog.js';
import { h, mount } from '../dom.js';
import { COMMON_TAGS, messageFor } from '../i18n.js';
import * as session from '../session.js';
import {
  backLink, clearFieldErrors, errorPanel, fieldRow, flashNext, joinList, loading, notice, pageHeader,
  setFieldError, splitList,
} from '../ui.js';
import { checkPhone } from '../money.js';

// Which form field shows an error the API reports against `field`.
const FIELD_FOR_ERROR = { uscc_checksum_override: 'uscc' };

function today() {
  const d = new Date(Date.now() + 8 * 3600 * 1000);  // China Standard Time
  return d.toISOString().slice(0, 10);
}

function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function buildControls({ enterprise, regions, industries, user, mode }) {
  const e = enterprise || {};
  const visibleRegions = user.region_scope ? regions.filter((r) => r.code === user.region_scope) : regions;
  const c = {};
  if (mode === 'create') {
    c.uscc = h('input', { type: 'text', maxlength: 18, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', class: 'mono', inputmode: 'text' });
    c.override = h('input', { type: 'checkbox', id: 'f-uscc_checksum_override', name: 'uscc_checksum_override' });
  }
  c.name = h('input', { type: 'text', maxlength: 100, value: e.name || '', autocomplete: 'off' });
  c.aliases = h('input', { type: 'text', maxlength: 400, value: joinList(e.aliases), autocomplete: 'off' });
  c.region = h('select', null,
    visibleRegions.length > 1 ? h('option', { value: '' }, '请选择') : null,
    visibleRegions.map((r) => h('option', { value: r.code, selected: r.code === (e.region || user.region_scope) }, r.name)));
  c.industry = h('select', null,
    h('option', { value: '' }, '（未选择）'),
    industries.map((i) => h('option', { value: i.code, selected: i.code === e.industry }, i.name)));
  c.founded_on = h('input', { type: 'date', max: today(), value: e.founded_on || '' });
  c.legal_representative = h('input', { type: 'text', maxlength: 50, value: e.legal_representative || '', autocomplete: 'off' });
  const masked = Boolean(e.contact_phone_masked);
  c.contact_phone = h('input', {
    type: 'tel', maxlength: 20, inputmode: 'tel', autocomplete: 'off',
    value: masked ? '' : (e.contact_phone || ''),
    placeholder: masked ? `${e.contact_phone}（已脱敏，不修改请留空）` : '',
  });
  c.address = h('input', { type: 'text', maxlength: 200, value: e.address || '', autocomplete: 'off' });
  c.tags = h('input', { type: 'text', maxlength: 400, value: joinList(e.tags), autocomplete: 'off' });
  return c;
}

// The values as the API wants them.
function readValues(c) {
  const v = {
    name: c.name.value.trim(),
    aliases: splitList(c.aliases.value),
    region: c.region.value,
    industry: c.industry.value,
    founded_on: c.founded_on.value || null,
    legal_representative: c.legal_representative.value.trim(),
    contact_phone: c.contact_phone.value.trim(),
    address: c.address.value.trim(),
    tags: splitList(c.tags.value),
  };
  if (c.uscc) v.uscc = c.uscc.value.trim().toUpperCase();
  return v;
}

function changedFields(original, v) {
  const patch = {};
  for (const key of ['name', 'region', 'industry', 'legal_representative', 'address']) {
    if (v[key] !== (original[key] || '')) patch[key] = v[key];
  }
  if ((v.founded_on || null) !== (original.founded_on || null)) patch.founded_on = v.founded_on;
  if (!sameList(v.aliases, original.aliases)) patch.aliases = v.aliases;
  if (!sameList(v.tags, original.tags)) patch.tags = v.tags;
  // A masked phone left empty means "unchanged"; never send the masked text back.
  if (original.contact_phone_masked ? v.contact_phone !== '' : v.contact_phone !== (original.contact_phone || '')) {
    patch.contact_phone = v.contact_phone;
  }
  return patch;
}

// One-tap buttons for the common tags: a tap adds the tag, a second tap removes it.
function tagPicker(input) {
  const buttons = COMMON_TAGS.map((t) => h('button', { type: 'button', class: 'chip chip-button', dataset: { tag: t } }, t));
  const sync = () => {
    const have = new Set(splitList(input.value));
    for (const b of buttons) b.setAttribute('aria-pressed', have.has(b.dataset.tag) ? 'true' : 'false');
  };
  for (const b of buttons) {
    b.addEventListener('click', () => {
      const items = splitList(input.value);
      const i = items.indexOf(b.dataset.tag);
      if (i === -1) items.push(b.dataset.tag);
      else items.splice(i, 1);
      input.value = joinList(items);
      sync();
    });
  }
  input.addEventListener('input', sync);
  sync();
  return h('div', { class: 'tag-picker', role: 'group', 'aria-label': '常用标签' }, buttons);
}

async function formPage(ctx, mode) {
  const { root, params, isCurrent, navigate } = ctx;
  const user = session.user();
  const uscc = params.uscc;
  const viewHref = mode === 'edit' ? `#/enterprises/${encodeURIComponent(uscc)}` : '#/enterprises';
  const back = backLink(viewHref, mode === 'edit' ? '企业信息' : '企业名录');
  const title = mode === 'edit' ? '编辑企业信息' : '登记企业';
  if (!session.canEditEnterprises(user)) {
    mount(root, back, pageHeader(title), notice('info', '您的角色不能修改企业信息。'));
    return;
  }
  mount(root, back, pageHeader(title), loading());

  let enterprise = null;
  let version = null;
  let regions;
  let industries;
  try {
    const loads = [catalog.regions(), catalog.industries()];
    if (mode === 'edit') loads.push(api.get(`/enterprises/${encodeURIComponent(uscc)}`));
    const [r, i, got] = await Promise.all(loads);
    regions = r;
    industries = i;
    if (got) {
      enterprise = got.data;
      version = versionFromEtag(got.etag) ?? enterprise.version;
    }
  } catch (e) {
    if (isCurrent()) mount(root, back, errorPanel(e, '#/enterprises', '返回企业名录'));
    return;
  }
  if (!isCurrent()) return;

  const c = buildControls({ enterprise, regions, industries, user, mode });
  const banner = h('div', { id: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, mode === 'edit' ? '保存' : '登记');
  const overrideRow = c.override
    ? h('label', { class: 'check override', for: 'f-uscc_checksum_override', hidden: true },
      c.override, '校验位不符，仍按原样登记（请先核对营业执照）')
    : null;

  const rows = [];
  if (mode === 'create') {
    rows.push(fieldRow('uscc', '统一社会信用代码', c.uscc, { required: true, hint: '18 位，数字与大写字母，见营业执照' }));
    rows.push(overrideRow);
  } else {
    rows.push(h('div', { class: 'field field-static' }, h('span', { class: 'label' }, '统一社会信用代码'), h('span', { class: 'mono' }, enterprise.uscc)));
  }
  rows.push(
    fieldRow('name', '企业名称', c.name, { required: true, hint: '营业执照上的中文名称' }),
    fieldRow('aliases', '简称 / 曾用名', c.aliases, { hint: '多个用顿号“、”或逗号分隔' }),
    fieldRow('region', '所属县区', c.region, { required: true }),
    fieldRow('industry', '产业链', c.industry),
    fieldRow('founded_on', '成立日期', c.founded_on),
    fieldRow('legal_representative', '法定代表人', c.legal_representative),
    fieldRow('contact_phone', '联系电话', c.contact_phone, { hint: '手机号或带区号的固定电话，如 13812345678、0374-1234567' }),
    fieldRow('address', '地址', c.address),
    fieldRow('tags', '标签', c.tags, { hint: '多个用顿号“、”或逗号分隔' }));
  rows[rows.length - 1].append(tagPicker(c.tags));

  const form = h('form', { class: 'panel edit-form', novalidate: true, id: 'enterprise-form' },
    h('div', { class: 'form-grid' }, rows),
    h('div', { class: 'form-actions' }, submit, h('a', { class: 'btn btn-quiet', href: viewHref }, '取消')));

  if (c.uscc) {
    c.uscc.addEventListener('input', () => {
      const upper = c.uscc.value.toUpperCase();
      if (upper !== c.uscc.value) c.uscc.value = upper;
      c.override.checked = false;
      overrideRow.hidden = true;
    });
  }

  function showError(err) {
    const field = FIELD_FOR_ERROR[err.field] || err.field;
    if (err.code === 'uscc_checksum' && overrideRow) overrideRow.hidden = false;
    if (err.status === 409 && err.code === 'stale_version') {
      const current = err.details && err.details.current_version;
      banner.replaceChildren(notice('warning',
        `该企业信息已被他人修改${current ? `（现为第 ${current} 版，您编辑的是第 ${version} 版）` : ''}。为避免覆盖他人的修改，本次未保存。请重新加载最新信息后再修改。`,
        h('button', { type: 'button', class: 'btn btn-primary', id: 'reload-latest', onclick: () => navigate(ctx.path) }, '重新加载最新信息'),
        h('a', { class: 'btn btn-quiet', href: viewHref }, '查看最新信息')));
      banner.querySelector('.notice').dataset.code = err.code;
      banner.scrollIntoView({ block: 'center' });
      return;
    }
    if (err.status === 409 && err.code === 'uscc_exists' && field === 'uscc') {
      setFieldError(form, 'uscc', messageFor(err));
      const existing = err.details && err.details.existing;
      if (existing && existing.uscc) {
        const row = form.querySelector('.field[data-field="uscc"] .field-error');
        row.append(' ', h('a', { href: `#/enterprises/${encodeURIComponent(existing.uscc)}` }, existing.name ? `查看“${existing.name}”` : '查看'));
      }
      c.uscc.focus();
      return;
    }
    if (field && setFieldError(form, field, messageFor(err))) {
      const control = form.querySelector(`.field[data-field="${field}"] input, .field[data-field="${field}"] select`);
      if (control) control.focus();
      banner.replaceChildren(notice('error', '请修改标出的内容后再提交。'));
      return;
    }
    banner.replaceChildren(notice('error', `${mode === 'edit' ? '保存' : '登记'}失败：${messageFor(err)}`));
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    banner.replaceChildren();
    const v = readValues(c);
    let missing = null;
    for (const [key, ok] of [['uscc', !c.uscc || v.uscc], ['name', v.name], ['region', v.region]]) {
      if (!ok) {
        setFieldError(form, key, '必填');
        missing = missing || key;
      }
    }
    // The phone is checked here as the server checks it (mobile 1[3-9]…, landline with area code).
    const phoneError = checkPhone(v.contact_phone);
    if (phoneError) {
      setFieldError(form, 'contact_phone', phoneError);
      missing = missing || 'contact_phone';
    }
    if (missing) {
      form.querySelector(`.field[data-field="${missing}"] input, .field[data-field="${missing}"] select`).focus();
      return;
    }
    submit.disabled = true;
    try {
      if (mode === 'create') {
        const body = { ...v };
        if (!body.founded_on) delete body.founded_on;
        if (c.override.checked) body.uscc_checksum_override = true;
        const { data } = await api.post('/enterprises', body);
        flashNext('已登记');
        navigate(`/enterprises/${encodeURIComponent(data.uscc)}`);
      } else {
        const patch = changedFields(enterprise, v);
        if (Object.keys(patch).length === 0) {
          banner.replaceChildren(notice('info', '没有修改。'));
          return;
        }
        await api.patch(`/enterprises/${encodeURIComponent(enterprise.uscc)}`, patch, { headers: { 'If-Match': `"${version}"` } });
        flashNext('已保存');
        navigate(`/enterprises/${encodeURIComponent(enterprise.uscc)}`);
      }
    } catch (err) {
      if (!isCurrent()) return;
      if (err instanceof ApiError && err.status === 401) return;
      showError(err);
    } finally {
      submit.disabled = false;
    }
  });

  mount(root, back, pageHeader(mode === 'edit' ? `编辑：${enterprise.name}` : title), banner, form);
  // On a touch screen a focused field pops up the keyboard over the form: focus only with a mouse.
  if (window.matchMedia('(pointer: fine)').matches) (mode === 'create' ? c.uscc : c.name).focus({ preventScroll: true });
}

export function createPage(ctx) {
  return formPage(ctx, 'create');
}

export function editPage(ctx) {
  return formPage(ctx, 'edit');
}
