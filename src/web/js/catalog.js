// Reference data (regions, industry chains), fetched once per session and cached.

import { api } from './api.js';

const cache = new Map();

// GET path's body, once; a failed load is forgotten so the next call tries again.
function cachedBody(path) {
  if (!cache.has(path)) {
    cache.set(path, api.get(path).then(({ data }) => data).catch((e) => {
      cache.delete(path);
      throw e;
    }));
  }
  return cache.get(path);
}
const cachedItems = (path) => cachedBody(path).then((data) => data.items);

export const regions = () => cachedItems('/regions');
export const industries = () => cachedItems('/industries');
export const stages = () => cachedItems('/ladder/stages');
// The reserve pools and the stages each takes, from the same response as the stages.
export const pools = () => cachedBody('/ladder/stages').then((data) => data.pools);

export function nameOf(items, code) {
  if (!code) return '';
  const found = items.find((i) => i.code === code);
  return found ? found.name : code;
}

// Forget cached data (after logout, another user may see other things).
export function reset() {
  cache.clear();
}
