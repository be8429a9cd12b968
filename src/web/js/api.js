// The one way the UI talks to /api/v1. It sends the session's CSRF token on every write, turns
// error bodies {"error":{code,message,field,request_id,...}} into ApiError, and sends the user to
// the login page on any 401.

export class ApiError extends Error {
  constructor(status, error = {}) {
    super(error.message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = error.code || (status === 0 ? 'network' : `http_${status}`);
    this.field = error.field || null;
    this.requestId = error.request_id || null;
    // The server's Chinese message for the code, from its registry (core/error_code_list.h).
    this.messageZh = error.message_zh || null;
    const { code, message, message_zh, field, request_id, ...details } = error;
    this.details = details;
  }
}

let csrfToken = null;
let unauthorizedHandler = null;

export function setCsrfToken(token) {
  csrfToken = token || null;
}

// Called once with a function that handles "not logged in" (app.js sends the user to #/login).
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

function buildUrl(path, query) {
  const url = new URL(`/api/v1${path}`, window.location.origin);
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '' && v !== false) url.searchParams.set(k, String(v));
    }
  }
  return url.pathname + url.search;
}

// Returns {status, data, etag}. Throws ApiError for non-2xx answers and network failures.
// options.expect401: the caller handles 401 itself (login, the initial /me probe).
export async function request(method, path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (options.rawBody !== undefined) {
    // A file sent as it is (an import upload): the server streams it to disk.
    headers['Content-Type'] = options.contentType || 'application/octet-stream';
    init.body = options.rawBody;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response;
  try {
    response = await fetch(buildUrl(path, options.query), init);
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: String(e && e.message ? e.message : e) });
  }
  let data = null;
  const type = response.headers.get('Content-Type') || '';
  if (response.status !== 204 && type.includes('application/json')) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const err = new ApiError(response.status, (data && data.error) || {});
    if (response.status === 401 && !options.expect401 && unauthorizedHandler) unauthorizedHandler(err);
    throw err;
  }
  return { status: response.status, data, etag: response.headers.get('ETag') };
}

export const api = {
  get: (path, query, options) => request('GET', path, { ...options, query }),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  patch: (path, body, options) => request('PATCH', path, { ...options, body }),
  put: (path, body, options) => request('PUT', path, { ...options, body }),
  del: (path, options) => request('DELETE', path, options),
};

// "123" (an ETag) → 123
export function versionFromEtag(etag) {
  if (!etag) return null;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(etag.trim());
  return m ? Number(m[1]) : null;
}
