// Entry point: wires the session, the router and the page modules. One module per page under
// pages/; a new page is one import and one route() line here.

import { onUnauthorized } from './api.js';
import * as catalog from './catalog.js';
import { fallback, navigate, onBeforeRender, parseHash, buildHash, route, setGuard, start } from './router.js';
import * as session from './session.js';
import { ROLE_NAMES } from './i18n.js';
import { showPendingFlash, flashNext } from './ui.js';

import loginPage from './pages/login.js';
import enterpriseListPage from './pages/enterprise-list.js';
import enterprisePage from './pages/enterprise-view.js';
import { createPage, editPage } from './pages/enterprise-form.js';
import notFoundPage from './pages/not-found.js';
import { addSection } from './pages/enterprise-view.js';
import liaisonPage from './pages/liaison.js';
import contactFormPage from './pages/contact-form.js';
import problemsPage from './pages/problems.js';
import liaisonMetricsPage from './pages/liaison-metrics.js';
import { liaisonSection } from './pages/liaison-section.js';
import { ladderSections } from './pages/ladder.js';
import { designationPage, indicatorsPage } from './pages/ladder-forms.js';
import { factsPage } from './pages/ladder-facts.js';
import { milestonesPage, poolPage, poolsIndexPage } from './pages/pools.js';
import { resetLiaisonConfig } from './pages/liaison-common.js';
import usersPage from './pages/users.js';
import auditPage from './pages/audit.js';
import dashboardPage from './pages/dashboard.js';
import drillDownPage from './pages/drill-down.js';
import scorecardPage from './pages/scorecard.js';
import roadmapBookPage from './pages/roadmap-book.js';
import targetsPage from './pages/targets.js';
import { importBatchPage, importsPage } from './pages/imports.js';
import graphViewPage from './pages/graph-view.js';
import graphAnalysisPage from './pages/graph-analysis.js';
import { graphNodeEditPage, graphNodeNewPage, graphNodePage, graphNodesPage } from './pages/graph-nodes.js';
import { graphSection } from './pages/graph-section.js';
import { resetGraphConfig } from './pages/graph-common.js';

route('/login', loginPage, { public: true, title: '登录' });
route('/enterprises', enterpriseListPage, { title: '企业名录' });
route('/enterprises/new', createPage, { title: '登记企业' });
route('/enterprises/{uscc}', enterprisePage, { title: '企业信息' });
route('/enterprises/{uscc}/edit', editPage, { title: '编辑企业' });
route('/enterprises/{uscc}/designations/new', designationPage, { title: '登记资格' });
route('/enterprises/{uscc}/indicators/{year}', indicatorsPage, { title: '年度指标' });
route('/enterprises/{uscc}/facts', factsPage, { title: '合规事项与专家评分' });
route('/pools', poolsIndexPage, { title: '后备库' });
route('/pools/{pool}', poolPage, { title: '后备库' });
route('/milestones', milestonesPage, { title: '到期节点' });
route('/liaison', liaisonPage, { title: '我的企业' });
route('/liaison/log/{uscc}', contactFormPage, { title: '记录走访' });
route('/liaison/metrics', liaisonMetricsPage, { title: '联络服务统计' });
route('/problems', problemsPage, { title: '问题台账' });
route('/users', usersPage, { title: '用户管理' });
route('/audit', auditPage, { title: '审计日志' });
route('/dashboard', dashboardPage, { title: '目标进度看板' });
route('/reports/drill-down', drillDownPage, { title: '名单' });
route('/reports/scorecard', scorecardPage, { title: '重点任务推进' });
route('/reports/roadmap-book', roadmapBookPage, { title: '成长路线图台账' });
route('/reports/targets', targetsPage, { title: '目标分解' });
route('/imports', importsPage, { title: '数据导入' });
route('/imports/{id}', importBatchPage, { title: '导入批次' });
route('/graph', graphViewPage, { title: '创新资源图谱' });
route('/graph/analysis', graphAnalysisPage, { title: '图谱分析' });
route('/graph/nodes', graphNodesPage, { title: '创新资源名录' });
route('/graph/nodes/new', graphNodeNewPage, { title: '新增创新资源' });
route('/graph/nodes/{id}', graphNodePage, { title: '创新资源' });
route('/graph/nodes/{id}/edit', graphNodeEditPage, { title: '编辑创新资源' });
// Each role's home page: the bureau's and a county's dashboard, the liaison officer's own
// enterprises, the administrator's users, the auditor's trail.
const HOME = { bureau: '/dashboard', county: '/dashboard', liaison: '/liaison', admin: '/users', auditor: '/audit' };
route('/', () => navigate((session.user() && HOME[session.user().role]) || '/enterprises', {}, { replace: true }));

for (const s of ladderSections) addSection(s);
addSection(liaisonSection);
addSection(graphSection);
fallback(notFoundPage);

setGuard((options, path, query) => {
  if (!options.public && !session.user()) {
    const next = path === '/' || path === '/login' ? undefined : buildHash(path, query).slice(1);
    return buildHash('/login', { next });
  }
  return null;
});

onUnauthorized(() => {
  if (!session.user()) return;
  session.expire();
  flashNext('登录已失效，请重新登录', 'warning');
  const { path, query } = parseHash();
  navigate('/login', { next: path === '/login' ? undefined : buildHash(path, query).slice(1) }, { replace: true });
});

function regionName(code, regions) {
  if (!code) return '全市';
  const r = regions.find((x) => x.code === code);
  return r ? r.name : code;
}

async function renderUserbox(u) {
  const box = document.getElementById('userbox');
  if (!u) {
    box.hidden = true;
    return;
  }
  const role = ROLE_NAMES[u.role] || u.role;
  // A display name that is the role's own label ("审计员") is not said twice.
  const name = document.getElementById('user-name');
  name.textContent = u.display_name || u.login;
  name.hidden = name.textContent === role;
  const meta = document.getElementById('user-meta');
  meta.textContent = u.region_scope ? role : `${role} · 全市`;
  box.hidden = false;
  if (u.region_scope) {
    try {
      meta.textContent = `${role} · ${regionName(u.region_scope, await catalog.regions())}`;
    } catch {
      meta.textContent = `${role} · ${u.region_scope}`;
    }
  }
}

// The main navigation, by role: what each role can open (the server still decides).
const NAV = [
  { href: '#/dashboard', text: '看板', roles: ['bureau', 'county', 'viewer'], match: /^\/(dashboard|reports\/drill-down)/ },
  { href: '#/reports/scorecard', text: '重点任务', roles: ['bureau', 'county', 'viewer'], match: /^\/reports\/scorecard/ },
  { href: '#/reports/roadmap-book', text: '路线图台账', roles: ['bureau', 'county'], match: /^\/reports\/roadmap-book/ },
  { href: '#/liaison', text: '我的企业', roles: ['liaison'], match: /^\/liaison(\/log\/|$)/ },
  { href: '#/enterprises', text: '企业名录', roles: ['bureau', 'county', 'liaison', 'viewer'], match: /^\/enterprises/ },
  { href: '#/pools', text: '后备库', roles: ['bureau', 'county', 'liaison', 'viewer'], match: /^\/pools/ },
  { href: '#/milestones', text: '到期节点', roles: ['bureau', 'county'], match: /^\/milestones/ },
  { href: '#/problems', text: '问题台账', roles: ['bureau', 'county', 'liaison', 'viewer'], match: /^\/problems/ },
  { href: '#/liaison/metrics', text: '联络统计', roles: ['bureau', 'county', 'liaison'], match: /^\/liaison\/metrics/ },
  { href: '#/graph/nodes?kind=platform', text: '创新资源', roles: ['bureau', 'county', 'liaison', 'viewer'], match: /^\/graph/ },
  { href: '#/imports', text: '数据导入', roles: ['bureau', 'county'], match: /^\/imports/ },
  { href: '#/users', text: '用户管理', roles: ['admin'], match: /^\/users/ },
  { href: '#/audit', text: '审计日志', roles: ['auditor', 'admin'], match: /^\/audit/ },
];

function renderNav(u) {
  let nav = document.getElementById('mainnav');
  if (!nav) {
    nav = document.createElement('nav');
    nav.id = 'mainnav';
    nav.className = 'mainnav';
    nav.setAttribute('aria-label', '主导航');
    document.querySelector('.topbar').after(nav);
  }
  nav.replaceChildren();
  const items = u ? NAV.filter((i) => i.roles.includes(u.role)) : [];
  nav.hidden = items.length === 0;
  for (const i of items) {
    const a = document.createElement('a');
    a.href = i.href;
    a.textContent = i.text;
    a.dataset.match = i.match.source;
    nav.append(a);
  }
  markNav();
}

function markNav() {
  const nav = document.getElementById('mainnav');
  if (!nav) return;
  const { path } = parseHash();
  for (const a of nav.querySelectorAll('a')) {
    if (new RegExp(a.dataset.match).test(path)) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

session.onChange((u) => {
  if (!u) {
    catalog.reset();
    resetLiaisonConfig();
    resetGraphConfig();
  }
  renderUserbox(u);
  renderNav(u);
});

document.getElementById('logout').addEventListener('click', async () => {
  try {
    await session.logout();
  } catch {
    // The session is forgotten locally either way; the server expires it on its own.
  }
  flashNext('已退出登录', 'info');
  navigate('/login');
});

// Each page shows a pending flash (set before the redirect) or hides the old one.
onBeforeRender(() => {
  showPendingFlash();
  markNav();
});

async function boot() {
  const root = document.getElementById('app');
  try {
    await session.load();
  } catch (e) {
    root.textContent = '无法连接服务器，请稍后刷新页面重试。';
    root.classList.add('boot-error');
    return;
  }
  await start();
}

boot();
