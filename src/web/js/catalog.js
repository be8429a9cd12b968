// Reference data (regions, industry chains), fetched once per session and cached.

import { api } from './api.js';

const cache = new Map();

// GET path's `items`, once; a failed load is forgotten so the next call tries again.
function cachedItems(path) {
  if (!cache.has(path)) {
    cache.set(path, api.get(path).then(({ data }) => data.items).catch((e) => {
      cache.delete(path);
      throw e;
    }));
  }
  return cache.get(path);
}

export const regions = () => cachedItems('/regions');
export const industries = () => cachedItems('/industries');
export const stages = () => cachedItems('/ladder/stages');

export function nameOf(items, code) {
  if (!code) return '';
  const found = items.find((i) => i.code === code);
  return found ? found.name : code;
}

// Forget cached data (after logout, another user may see other things).
export function reset() {
  cache.clear();
}
