// Every page of the web UI at 390×844 (phone) and 1366×768 (desktop), as the role that uses it,
// saved as tests/web/artifacts/gallery-<page>-<size>.png for review (issue 13). Each page must
// render without script errors and without scrolling sideways.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiSession, launchBrowser, openPage, screenshot, signIn, startServer } from './lib/harness.mjs';

const BUREAU = { login: 'city.gallery', name: '王磊', role: 'bureau', password: 'City-Gallery-2026!x' };
const ADMIN = { login: 'admin.gallery', name: '陈静', role: 'admin', password: 'Admin-Gallery-2026!x' };
const LIAISON = { login: 'officer.gallery', name: '周敏', role: 'liaison', region: '411002', password: 'Officer-Gallery-2026!' };
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 768 } };
const THIS_YEAR = Number(new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 4));

let server;
let browser;
let member; // an enterprise in the HNTE reserve, with a roadmap

before(async () => {
  server = await startServer({ users: [BUREAU, ADMIN, LIAISON] });
  browser = await launchBrowser();
  const bureau = await apiSession(server.baseUrl, BUREAU.login, BUREAU.password);
  const { body } = await bureau.get('/pools/hnte_reserve/members?limit=1');
  assert.ok(body.items.length, 'the demo data has HNTE reserve members');
  member = body.items[0].uscc;
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const login = (page, user) => signIn(page, server.baseUrl, user);

// [name, role, hash]
function pages() {
  return [
    ['enterprise-list', BUREAU, '/enterprises'],
    ['enterprise-new', BUREAU, '/enterprises/new'],
    ['enterprise', BUREAU, `/enterprises/${member}`],
    ['enterprise-edit', BUREAU, `/enterprises/${member}/edit`],
    ['designation-new', BUREAU, `/enterprises/${member}/designations/new`],
    ['indicators', BUREAU, `/enterprises/${member}/indicators/${THIS_YEAR - 1}`],
    ['facts', BUREAU, `/enterprises/${member}/facts`],
    ['pools', BUREAU, '/pools'],
    ['pool', BUREAU, '/pools/hnte_reserve'],
    ['milestones', BUREAU, '/milestones'],
    ['liaison-metrics', BUREAU, '/liaison/metrics'],
    ['problems', BUREAU, '/problems'],
    ['not-found', BUREAU, '/no-such-page'],
    ['users', ADMIN, '/users'],
    ['audit', ADMIN, '/audit'],
    ['imports', BUREAU, '/imports'],
    ['liaison-home', LIAISON, '/liaison'],
    ['liaison-log', LIAISON, `/liaison/log/${member}`],
  ];
}

describe('gallery: every page at both sizes', () => {
  for (const [size, viewport] of Object.entries(SIZES)) {
    test(`every page renders at ${viewport.width}×${viewport.height} without sideways scrolling`, async () => {
      const pageFor = {};
      try {
        for (const [name, user, hash] of pages()) {
          if (!pageFor[user.login]) {
            pageFor[user.login] = await openPage(browser, viewport);
            await login(pageFor[user.login], user);
          }
          const page = pageFor[user.login];
          await page.goto(`${server.baseUrl}/#${hash}`);
          await page.waitForLoadState('networkidle');
          await page.waitForFunction(() => !document.querySelector('main .loading'), null, { timeout: 10000 });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${name} at ${size}: no sideways scrolling (${overflow}px)`);
          await screenshot(page, `gallery-${name}-${size}`, { fullPage: true });
        }
        const loginPage = await openPage(browser, viewport);
        await loginPage.goto(`${server.baseUrl}/#/login`);
        await loginPage.locator('#f-login').waitFor();
        await screenshot(loginPage, `gallery-login-${size}`, { fullPage: true });
        pageFor.login = loginPage;
      } finally {
        for (const page of Object.values(pageFor)) {
          assert.deepEqual(page.problems, [], 'no script errors or CSP violations');
          await page.context().close();
        }
      }
    });
  }
});
