// Hash routing: #/path/segments?query. Routes are declared as patterns with {params}; each page
// module exports render(ctx) where ctx = {root, params, query, navigate}. Pages that own timers or
// listeners may return a cleanup function.

const routes = [];
let notFound = null;
let cleanup = null;
let guard = null;
let renderToken = 0;
let beforeRender = null;

export function route(pattern, page, options = {}) {
  const names = [];
  const source = pattern
    .split('/')
    .map((seg) => {
      const m = /^\{(\w+)\}$/.exec(seg);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]);
      return '([^/]+)';
    })
    .join('/');
  routes.push({ regex: new RegExp(`^${source}$`), names, page, options });
}

export function fallback(page) {
  notFound = page;
}

// guard(match) → null to go ahead, or a hash to go to instead (e.g. the login page).
export function setGuard(fn) {
  guard = fn;
}

// fn() runs before each page renders (app.js shows or hides the flash message there).
export function onBeforeRender(fn) {
  beforeRender = fn;
}

export function parseHash(hash = window.location.hash) {
  const raw = hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const query = Object.fromEntries(new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)));
  return { path, query };
}

export function buildHash(path, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

export function navigate(path, query, { replace = false } = {}) {
  const hash = path.startsWith('#') ? path : buildHash(path, query);
  if (hash === window.location.hash) {
    render();
  } else if (replace) {
    window.history.replaceState(null, '', hash);
    render();
  } else {
    window.location.hash = hash;
  }
}

function match(path) {
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (m) {
      const params = {};
      r.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]);
      });
      return { route: r, params };
    }
  }
  return null;
}

export async function render() {
  const token = ++renderToken;
  const { path, query } = parseHash();
  const found = match(path);
  if (guard) {
    const redirect = guard(found ? found.route.options : { public: false }, path, query);
    if (redirect) {
      window.history.replaceState(null, '', redirect);
      return render();
    }
  }
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  if (beforeRender) beforeRender();
  const root = document.getElementById('app');
  const ctx = {
    root,
    path,
    params: found ? found.params : {},
    query,
    navigate,
    // A page checks this after each await: false once the user went elsewhere.
    isCurrent: () => token === renderToken,
  };
  const page = found ? found.route.page : notFound;
  document.title = `${(found && found.route.options.title) || '科技企业培育'} · Trellis`;
  window.scrollTo(0, 0);
  const result = await page(ctx);
  if (token === renderToken) cleanup = result || null;
}

export function start() {
  window.addEventListener('hashchange', () => render());
  return render();
}
