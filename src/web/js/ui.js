// Shared pieces of page layout: headers, notices, form rows, the flash message.

import { h } from './dom.js';
import { messageFor } from './i18n.js';

export function pageHeader(title, ...actions) {
  return h('div', { class: 'page-head' },
    h('h1', null, title),
    actions.length ? h('div', { class: 'page-actions' }, actions) : null);
}

export function backLink(href, text) {
  return h('a', { class: 'back-link', href }, '‹ ', text);
}

// kind: info | success | warning | error
export function notice(kind, text, ...actions) {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('p', null, text),
    actions.length ? h('div', { class: 'notice-actions' }, actions) : null);
}

export function loading(text = '正在加载…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

// A full-page answer for a failed load (404 and out of scope look the same on purpose).
export function errorPanel(err, backHref, backText) {
  const text = err && err.status === 404 ? '未找到或无权查看' : messageFor(err);
  return h('section', { class: 'panel panel-empty', 'data-error-code': err && err.code },
    h('p', { class: 'panel-empty-title' }, text),
    err && err.requestId ? h('p', { class: 'muted small' }, `请求编号 ${err.requestId}`) : null,
    backHref ? h('a', { class: 'btn', href: backHref }, backText || '返回') : null);
}

// One labelled field with a place for its error message, linked for screen readers.
export function fieldRow(name, label, control, { hint, required } = {}) {
  const id = control.id || `f-${name}`;
  control.id = id;
  control.name = control.name || name;
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  return h('div', { class: 'field', 'data-field': name },
    h('label', { for: id }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }));
}

export function setFieldError(form, name, text) {
  const row = form.querySelector(`.field[data-field="${name}"]`);
  if (!row) return false;
  const p = row.querySelector('.field-error');
  const control = row.querySelector('input, select, textarea');
  p.textContent = text || '';
  p.hidden = !text;
  row.classList.toggle('has-error', Boolean(text));
  if (control) control.setAttribute('aria-invalid', text ? 'true' : 'false');
  return true;
}

export function clearFieldErrors(form) {
  for (const row of form.querySelectorAll('.field.has-error')) setFieldError(form, row.dataset.field, '');
}

// A message shown once on the next page (e.g. "已保存" after a redirect).
let pendingFlash = null;

export function flashNext(text, kind = 'success') {
  pendingFlash = { text, kind };
}

export function showPendingFlash() {
  const el = document.getElementById('flash');
  if (!el) return;
  if (pendingFlash) {
    el.textContent = pendingFlash.text;
    el.className = `flash flash-${pendingFlash.kind}`;
    el.hidden = false;
    pendingFlash = null;
  } else {
    el.hidden = true;
    el.textContent = '';
  }
}

export function splitList(text) {
  return String(text || '')
    .split(/[,，、;；\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function joinList(items) {
  return (items || []).join('、');
}
