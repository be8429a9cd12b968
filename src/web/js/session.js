// Who is logged in. The session itself is an HttpOnly cookie the page never sees; the page keeps
// the user and the CSRF token in memory and asks GET /api/v1/me again after a reload.

import { api, ApiError, setCsrfToken } from './api.js';

let current = null;
const listeners = new Set();

function set(user, csrf) {
  current = user || null;
  setCsrfToken(user ? csrf : null);
  for (const fn of listeners) fn(current);
}

export function user() {
  return current;
}

export function onChange(fn) {
  listeners.add(fn);
}

// Asks the server who we are. Resolves to the user or null (not logged in).
export async function load() {
  try {
    const { data } = await api.get('/me', undefined, { expect401: true });
    set(data.user, data.csrf_token);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
    set(null);
  }
  return current;
}

export async function login(loginName, password) {
  const { data } = await api.post('/session', { login: loginName, password }, { expect401: true });
  set(data.user, data.csrf_token);
  return current;
}

export async function logout() {
  try {
    await api.del('/session', { expect401: true });
  } finally {
    set(null);
  }
}

// Forget the user locally (after a 401: the server already forgot the session).
export function expire() {
  set(null);
}

// What the UI offers; the server decides (a refused action still answers 403/404).
export function canEditEnterprises(u = current) {
  return Boolean(u) && (u.role === 'bureau' || u.role === 'county');
}

export function canReadEnterprises(u = current) {
  return Boolean(u) && u.role !== 'admin' && u.role !== 'auditor';
}

// Roles whose duty allows revealing a masked phone number (an audited read).
export function canRevealPhone(u = current) {
  return Boolean(u) && ['bureau', 'county', 'liaison'].includes(u.role);
}
