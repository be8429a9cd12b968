// #/login — the login form. On success goes to ?next= (the page the user wanted) or the role's home page (#/).

import { ApiError } from '../api.js';
import { h, mount } from '../dom.js';
import { messageFor } from '../i18n.js';
import * as session from '../session.js';
import { clearFieldErrors, fieldRow, setFieldError } from '../ui.js';

function safeNext(next) {
  // Only a path inside this app: never an absolute URL or a protocol-relative one.
  return typeof next === 'string' && /^\/[\w\-/?=&%.~\u0080-\uffff]*$/.test(next) && !next.startsWith('//')
    ? next
    : '/';
}

export default function loginPage({ root, query, navigate, isCurrent }) {
  if (session.user()) {
    navigate(`#${safeNext(query.next)}`, undefined, { replace: true });
    return;
  }
  const loginInput = h('input', { type: 'text', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true, maxlength: 64 });
  const passwordInput = h('input', { type: 'password', autocomplete: 'current-password', required: true, maxlength: 256 });
  const error = h('div', { class: 'notice notice-error', role: 'alert', id: 'login-error', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, '登录');

  const form = h('form', { class: 'login-form', novalidate: true, autocomplete: 'on' },
    error,
    fieldRow('login', '账号', loginInput, { required: true }),
    fieldRow('password', '密码', passwordInput, { required: true }),
    submit);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    error.hidden = true;
    const loginName = loginInput.value.trim();
    const password = passwordInput.value;
    let bad = false;
    if (!loginName) { setFieldError(form, 'login', '请输入账号'); bad = true; }
    if (!password) { setFieldError(form, 'password', '请输入密码'); bad = true; }
    if (bad) {
      (loginName ? passwordInput : loginInput).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = '正在登录…';
    try {
      await session.login(loginName, password);
      if (!isCurrent()) return;
      navigate(`#${safeNext(query.next)}`);
    } catch (e) {
      if (!isCurrent()) return;
      // A 401 here means the credentials were refused, whatever its code says in detail.
      const known = messageFor(e);
      error.textContent = e instanceof ApiError && e.status === 401 && known === messageFor({ status: 401 })
        ? '账号或密码错误'
        : known;
      error.dataset.code = e.code || '';
      error.hidden = false;
      passwordInput.value = '';
      passwordInput.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = '登录';
    }
  });

  mount(root,
    h('section', { class: 'login-card' },
      h('div', { class: 'login-title' },
        h('h1', null, '许昌市科技企业培育'),
        h('p', { class: 'muted' }, '科技型中小企业 · 高新技术企业 · 一对一联络服务')),
      form,
      h('p', { class: 'muted small login-foot' }, '账号由系统管理员分配。连续输错密码将暂时锁定账号。')));
  loginInput.focus();
}
