// Every page replaces what the previous route left on screen before it waits for anything
// (issue 13): the audit page once loaded its type names first, so after 查询 the previous
// filter's rows stood under the new filter until the answer came, and a browser test read them.
// This reads each page module's source: in its default export, a `mount(root` at the function's
// own level (not one inside an early-return branch such as a role check) comes before the first
// `await`. It needs no browser and fails on any page that breaks the rule.

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const pagesDir = fileURLToPath(new URL('../../src/web/js/pages/', import.meta.url));

test('every page mounts before its first await, so no stale screen stays under a new route', async () => {
  const files = (await readdir(pagesDir)).filter((f) => f.endsWith('.js'));
  let pages = 0;
  const offenders = [];
  for (const file of files) {
    const source = await readFile(pagesDir + file, 'utf8');
    const start = source.search(/export default async function \w*\s*\([^)]*\)\s*\{/);
    if (start < 0) continue;  // a helper module, not a page
    pages += 1;
    const body = source.slice(source.indexOf('{', start));
    const firstAwait = body.search(/\bawait\b/);
    if (firstAwait < 0) continue;
    // Brace depth 1 is the function's own block; deeper is a branch or a callback.
    let depth = 0;
    let mountedFirst = false;
    for (let i = 0; i < firstAwait; i += 1) {
      if (body[i] === '{') depth += 1;
      else if (body[i] === '}') depth -= 1;
      else if (depth === 1 && body.startsWith('mount(root', i)) mountedFirst = true;
    }
    if (!mountedFirst) offenders.push(file);
  }
  assert.ok(pages >= 15, `found the page modules (${pages})`);
  assert.deepEqual(offenders, [], 'pages that wait before replacing the previous screen');
});
