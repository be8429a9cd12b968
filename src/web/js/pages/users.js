// #/users — the administrator's user screens (GET/POST /api/v1/users, PATCH /api/v1/users/{login}):
// the list with role, region and state; create an account; per user: disable or enable, reset the
// password, change display name, role and region. The server decides; a refusal is shown by its field.

import { api, ApiError } from '../api.js';
import * as catalog from '../catalog.js';
import { h, mount } from '../dom.js';
import { ROLE_NAMES, formatDateTime, messageFor } from '../i18n.js';
import * as session from '../session.js';
import { clearFieldErrors, errorPanel, fieldRow, loading, notice, pageHeader, setFieldError } from '../ui.js';

const USER_MESSAGES = {
  login_taken: '该账号已存在',
  password_too_simple: '密码太弱：至少 12 位，并包含大写字母、小写字母、数字、符号中的三类',
  password_common: '密码太常见，请换一个',
  region_required: '县区科技部门和联络员必须指定县区',
  unknown_role: '请选择角色',
};

function userMessage(err) {
  return USER_MESSAGES[err.code] || messageFor(err);
}

function roleSelect(id, value) {
  return h('select', { id }, Object.entries(ROLE_NAMES).map(([k, v]) => h('option', { value: k, selected: k === value }, v)));
}

function regionSelect(id, value, regions) {
  return h('select', { id },
    h('option', { value: '', selected: !value }, '全市'),
    regions.map((r) => h('option', { value: r.code, selected: r.code === value }, r.name)));
}

function showError(form, status, err) {
  if (err instanceof ApiError && err.status === 401) return;
  if (!(err.field && setFieldError(form, err.field, userMessage(err)))) status.replaceChildren(notice('error', userMessage(err)));
}

function createForm(regions, status, refresh) {
  const login = h('input', { type: 'text', id: 'f-new-login', maxlength: 64, autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' });
  const name = h('input', { type: 'text', id: 'f-new-name', maxlength: 64, autocomplete: 'off' });
  const role = roleSelect('f-new-role', 'liaison');
  const region = regionSelect('f-new-region', regions[0] && regions[0].code, regions);
  const password = h('input', { type: 'password', id: 'f-new-password', maxlength: 256, autocomplete: 'new-password' });
  const form = h('form', { class: 'user-create', id: 'user-create', novalidate: true, hidden: true },
    h('div', { class: 'form-grid' },
      fieldRow('login', '账号', login, { required: true }),
      fieldRow('display_name', '姓名', name, { required: true }),
      fieldRow('role', '角色', role),
      fieldRow('region_scope', '县区', region),
      fieldRow('password', '初始密码', password, { required: true, hint: '至少 12 位；请当面或电话告知本人，首次登录后自行修改。' })),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'confirm-create-user' }, '创建账号'),
      h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => { form.hidden = true; } }, '取消')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    let bad = false;
    if (!login.value.trim()) { setFieldError(form, 'login', '请填写账号'); bad = true; }
    if (!name.value.trim()) { setFieldError(form, 'display_name', '请填写姓名'); bad = true; }
    if (!password.value) { setFieldError(form, 'password', '请填写初始密码'); bad = true; }
    if (bad) return;
    try {
      await api.post('/users', {
        login: login.value.trim(), display_name: name.value.trim(), role: role.value,
        region_scope: region.value || null, password: password.value,
      });
      status.replaceChildren(notice('success', `已创建账号：${name.value.trim()}（${ROLE_NAMES[role.value]}）`));
      await refresh();
    } catch (err) {
      password.value = '';
      showError(form, status, err);
    }
  });
  return form;
}

// The editing panel of one user: name, role, region, a new password, 停用 / 启用.
function editPanel(u, regions, status, refresh) {
  const key = u.login.replace(/[^\w-]/g, '_');
  const name = h('input', { type: 'text', id: `f-name-${key}`, maxlength: 64, value: u.display_name, autocomplete: 'off' });
  const role = roleSelect(`f-role-${key}`, u.role);
  const region = regionSelect(`f-region-${key}`, u.region_scope, regions);
  const password = h('input', { type: 'password', id: `f-password-${key}`, maxlength: 256, autocomplete: 'new-password' });
  const form = h('form', { class: 'user-edit', novalidate: true },
    h('div', { class: 'form-grid' },
      fieldRow('display_name', '姓名', name),
      fieldRow('role', '角色', role),
      fieldRow('region_scope', '县区', region),
      fieldRow('password', '重置密码', password, { hint: '留空则不改；重置后该用户的登录会话全部失效。' })),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary user-save' }, '保存修改'),
      h('button', {
        type: 'button', class: 'btn btn-danger-quiet user-toggle',
        onclick: () => save({ active: !u.active }, u.active ? `已停用：${u.display_name}` : `已启用：${u.display_name}`),
      }, u.active ? '停用账号' : '启用账号')));
  async function save(change, done) {
    clearFieldErrors(form);
    try {
      await api.patch(`/users/${encodeURIComponent(u.login)}`, change);
      status.replaceChildren(notice('success', done));
      await refresh();
    } catch (err) {
      password.value = '';
      showError(form, status, err);
    }
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const change = {};
    if (name.value.trim() !== u.display_name) change.display_name = name.value.trim();
    if (role.value !== u.role) change.role = role.value;
    if ((region.value || null) !== (u.region_scope || null)) change.region_scope = region.value || null;
    if (password.value) change.password = password.value;
    if (!Object.keys(change).length) {
      status.replaceChildren(notice('info', '没有修改。'));
      return;
    }
    save(change, change.password ? `已保存并重置密码：${u.display_name}` : `已保存：${u.display_name}`);
  });
  return form;
}

function userRow(u, regions, status, refresh) {
  const details = h('details', { class: 'user-item', dataset: { login: u.login, active: String(u.active) } },
    h('summary', null,
      h('b', { class: 'user-display' }, u.display_name),
      h('span', { class: 'muted small' }, ` ${u.login} · `),
      h('span', { class: 'user-role' }, ROLE_NAMES[u.role] || u.role),
      h('span', { class: 'muted small' }, ` · ${u.region_scope ? catalog.nameOf(regions, u.region_scope) : '全市'}`),
      u.active ? null : h('span', { class: 'chip chip-muted user-state' }, '已停用'),
      u.locked ? h('span', { class: 'chip chip-warn' }, '登录暂停') : null),
    h('p', { class: 'muted small' }, `创建于 ${formatDateTime(u.created_at)} · 更新于 ${formatDateTime(u.updated_at)}`));
  details.addEventListener('toggle', () => {
    if (details.open && !details.querySelector('form')) details.append(editPanel(u, regions, status, refresh));
  }, { once: false });
  return details;
}

export default async function usersPage({ root, isCurrent }) {
  const user = session.user();
  if (!user || user.role !== 'admin') {
    mount(root, pageHeader('用户管理'), notice('info', '用户管理仅供系统管理员使用。'));
    return;
  }
  mount(root, pageHeader('用户管理'), loading());
  const status = h('div', { id: 'users-status', 'aria-live': 'polite' });
  const list = h('div', { class: 'user-list', id: 'user-list' });
  let regions = [];
  let form = null;
  async function refresh() {
    const { data } = await api.get('/users');
    if (!isCurrent()) return;
    list.replaceChildren(...data.items.map((u) => userRow(u, regions, status, refresh)));
    if (form) form.hidden = true;
  }
  try {
    regions = await catalog.regions();
    form = createForm(regions, status, refresh);
    await refresh();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
    if (isCurrent()) mount(root, errorPanel(err));
    return;
  }
  if (!isCurrent()) return;
  mount(root,
    pageHeader('用户管理', h('button', { type: 'button', class: 'btn btn-primary', id: 'new-user', onclick: () => { form.hidden = false; form.querySelector('input').focus(); } }, '＋ 新建账号')),
    status, form, list);
}
