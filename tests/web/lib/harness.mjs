// Starts the real Trellis server on a free port with a temporary demo database, creates users
// through the CLI, and drives Debian's chromium through playwright-core (no browser download).

import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ARTIFACTS = path.join(REPO, 'tests/web/artifacts');
const CONFIG = path.join(REPO, 'config/trellis.properties');

export function binaryPath() {
  const b = process.env.TRELLIS_BINARY || 'build/trellis';
  return path.isAbsolute(b) ? b : path.join(REPO, b);
}

function run(args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(binaryPath(), args, { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`trellis ${args.join(' ')} exited ${code}: ${err || out}`));
    });
    child.stdin.end(input ?? '');
  });
}

// users: [{login, name, role, region?, password}]
// liaisonDemo: the login of one of users (a liaison officer) to load `trellis demo-liaison` for
// (contacts and problems, some closed) before serving.
export async function startServer({ users = [], liaisonDemo = '' } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'trellis-web-'));
  const db = path.join(dir, 'trellis.db');
  await run(['demo', '--config', CONFIG, '--db', db]);
  for (const u of users) {
    const args = ['user', 'add', '--config', CONFIG, '--db', db, '--login', u.login, '--name', u.name, '--role', u.role];
    if (u.region) args.push('--region', u.region);
    await run(args, `${u.password}\n`);
  }
  if (liaisonDemo) await run(['demo-liaison', '--config', CONFIG, '--db', db, '--officer', liaisonDemo]);
  const child = spawn(binaryPath(), ['serve', '--config', CONFIG, '--db', db, '--port', '0', '--host', '127.0.0.1'], {
    cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 20 s:\n${log}`)), 20000);
    const onData = (d) => {
      log += d;
      const m = /serving (http:\/\/[\d.]+:\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before serving:\n${log}`));
    });
  });
  return {
    baseUrl,
    db,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  // launch() gives every run a fresh temporary user-data-dir of its own (removed on close).
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    timeout: 30000,
  });
}

// A page in a fresh browser context (zh-CN, China Standard Time; touch on a phone-sized viewport)
// that collects script errors and CSP violations in page.problems. Refused API calls (401, 404,
// 409, 422 …) are expected and not collected.
export async function openPage(browser, viewport) {
  const phone = viewport.width < 600;
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: phone ? 2 : 1, isMobile: phone, hasTouch: phone });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/the server responded with a status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`); });
  page.problems = problems;
  return page;
}

// Saves tests/web/artifacts/<name>.png: the whole page on a desktop, what the screen shows on a phone.
export async function screenshot(page, name, { fullPage = page.viewportSize().width > 600 } = {}) {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

// A cookie session against the JSON API, for setting up and checking what the browser does.
export async function apiSession(baseUrl, login, password) {
  const res = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 201) throw new Error(`login ${login}: HTTP ${res.status} ${await res.text()}`);
  const body = await res.json();
  const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
  const call = async (method, p, data, headers = {}) => {
    const r = await fetch(`${baseUrl}/api/v1${p}`, {
      method,
      headers: {
        Cookie: cookie,
        ...(method === 'GET' ? {} : { 'X-CSRF-Token': body.csrf_token }),
        ...(data === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: data === undefined ? undefined : JSON.stringify(data),
    });
    const text = await r.text();
    return { status: r.status, etag: r.headers.get('etag'), body: text ? JSON.parse(text) : null };
  };
  return {
    user: body.user,
    get: (p) => call('GET', p),
    patch: (p, data, headers) => call('PATCH', p, data, headers),
    post: (p, data, headers) => call('POST', p, data, headers),
    put: (p, data, headers) => call('PUT', p, data, headers),
    del: (p, headers) => call('DELETE', p, undefined, headers),
  };
}

// Signs in on the login page and waits for the navigation (the role's home page is shown).
export async function signIn(page, baseUrl, user) {
  await page.goto(`${baseUrl}/#/login`);
  await page.locator('#f-login').waitFor();
  await page.fill('#f-login', user.login);
  await page.fill('#f-password', user.password);
  await page.click('form.login-form button[type=submit]');
  await page.locator('#mainnav a').first().waitFor();
}
