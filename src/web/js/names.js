// People's names for the logins the API returns (updated_by, recorded_by, uploaded_by, officer,
// the audit actor…), so that no page shows a login: GET /api/v1/user-names, asked once per page
// for the logins not yet known, kept until the signed-in user changes. "system" reads 系统; a
// login the server does not name for this user (outside its scope) reads 其他人员.

import { api } from './api.js';
import * as session from './session.js';

const MAX_PER_REQUEST = 200; // the server's limit
const known = new Map(); // login → name, or null when the server gave none
let owner = null;

session.onChange((u) => {
  if (!u || u.login !== owner) known.clear();
  owner = u ? u.login : null;
});

// Fetches the names of these logins (falsy ones, "system" and names already known need no
// request); an error is thrown as by api.get, for the page to show with its own load errors.
export async function loadNames(logins) {
  const me = session.user();
  if (me) known.set(me.login, me.display_name || null);
  const want = [...new Set(logins.filter((l) => l && l !== 'system' && !known.has(l)))];
  for (let i = 0; i < want.length; i += MAX_PER_REQUEST) {
    const chunk = want.slice(i, i + MAX_PER_REQUEST);
    const { data } = await api.get('/user-names', { logins: chunk.join(',') });
    for (const l of chunk) known.set(l, data.names[l] || null);
  }
}

// The name to show for a login (after loadNames).
export function personName(login) {
  if (!login || login === 'system') return '系统';
  return known.get(login) || '其他人员';
}
