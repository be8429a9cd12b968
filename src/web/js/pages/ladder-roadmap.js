// 后备库与路线图, a panel of the enterprise page: pool memberships with their pipeline step, and
// the roadmap as a timetable by month with add / complete (after a confirmation) / waive, and 退库
// (GET …/roadmap, POST …/milestones, POST /pools/{pool}/members, POST …/members/{id}/exit).

import { api, ApiError } from '../api.js';
import * as catalog from '../catalog.js';
import { append, h, mount } from '../dom.js';
import { clearFieldErrors, fieldRow, notice, setFieldError } from '../ui.js';
import {
  MILESTONE_KINDS, POOLS, STEP_KINDS, STEP_RESULTS, TIER_NAMES, canEditLadder, forget, gapSummary, ladderMessage, milestoneChip,
  monthLabel, once, poolName, poolTargets, resultChip, stageName, stepText,
} from './ladder-common.js';
import { loadNames, personName } from '../names.js';
import { todayCst } from './liaison-common.js';

// The gap a milestone addresses as the evaluation states it now, not the text stored when the
// roadmap was generated (which said 预计0–100分 before the data was in); a gap since closed says so.
function currentGap(m, ctx) {
  const addresses = m.addresses || [];
  if (!addresses.length || !ctx.gaps) return m.gap ? h('span', { class: 'ms-gap small' }, m.gap) : null;
  const now = addresses.map((a) => ctx.gaps.get(a)).filter(Boolean);
  if (!now.length) return h('span', { class: 'ms-gap small muted' }, '对应条件现已符合');
  return h('span', { class: 'ms-gap small' }, now.map((g) => g.gap || `${g.label_zh}：${g.status === 'unknown' ? '待补数据' : '不符合'}`).join('；'));
}

function milestoneRow(m, ctx) {
  const { uscc, editable, refresh, status } = ctx;
  const row = h('li', { class: ['milestone', `ms-row-${m.status}`], dataset: { milestoneId: m.id, status: m.status } });
  const actions = h('div', { class: 'ms-actions' });
  const extra = h('div', { class: 'ms-extra' });
  async function post(path, bodyData) {
    for (const b of row.querySelectorAll('button')) b.disabled = true;
    try {
      if (path === 'edit') await api.patch(`/enterprises/${uscc}/roadmap/milestones/${m.id}`, { ...bodyData, version: m.version });
      else await api.post(`/enterprises/${uscc}/roadmap/milestones/${m.id}/${path}`, { ...bodyData, version: m.version });
      const DONE = { complete: '已完成', waive: '已免除', reopen: '已撤销，恢复为计划中' };
      status.replaceChildren(notice('success', `${DONE[path] || '已保存'}：${m.title}`));
      await refresh();
    } catch (err) {
      for (const b of row.querySelectorAll('button')) b.disabled = false;
      if (err instanceof ApiError && err.status === 401) return;
      if (err instanceof ApiError && err.status === 409) {
        status.replaceChildren(notice('warning', ladderMessage(err)));
        await refresh();
        return;
      }
      // The open form (改期 / 撤销 / 免除) stays, so the officer can correct the value.
      const msg = h('p', { class: 'field-error', role: 'alert' }, ladderMessage(err));
      const open = extra.querySelector('form');
      if (open) {
        for (const old of open.querySelectorAll('.field-error')) old.remove();
        open.append(msg);
      } else {
        extra.replaceChildren(msg);
      }
    }
  }
  // A one-line form asking why (免除 / 撤销): nothing is sent without a reason.
  function askReason(cls, label, submitText, send, cancellable) {
    const reason = h('input', { type: 'text', maxlength: 200, placeholder: `${label}（必填）`, 'aria-label': label });
    const form = h('form', { class: cls, novalidate: true }, reason,
      h('button', { type: 'submit', class: 'btn btn-small' }, submitText),
      cancellable ? h('button', { type: 'button', class: 'btn btn-small btn-quiet', onclick: () => extra.replaceChildren() }, '取消') : null);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!reason.value.trim()) { reason.focus(); return; }
      send(reason.value.trim());
    });
    extra.replaceChildren(form);
    reason.focus();
  }
  if (editable && (m.status === 'planned' || m.status === 'overdue')) {
    actions.append(
      h('button', {
        type: 'button', class: 'btn btn-small btn-primary ms-complete', onclick: () => {
          // Ask first, naming the milestone and its date; a mistaken 完成 can still be undone (撤销).
          const yes = h('button', { type: 'button', class: 'btn btn-small btn-primary ms-confirm-complete', onclick: () => post('complete', {}) }, '确认完成');
          const no = h('button', { type: 'button', class: 'btn btn-small btn-quiet ms-cancel-complete', onclick: () => extra.replaceChildren() }, '取消');
          extra.replaceChildren(h('div', { class: 'ms-confirm', role: 'alertdialog', 'aria-label': '确认完成' },
            h('p', { class: 'small' }, `确认“${m.title}”（计划 ${m.due_on}）已完成？如点错，可在节点上“撤销”。`), yes, no));
          yes.focus();
        },
      }, '完成'),
      h('button', {
        type: 'button', class: 'btn btn-small btn-quiet ms-waive',
        onclick: () => askReason('ms-waive-form', '免除原因', '确认免除', (reason) => post('waive', { reason }), false),
      }, '免除'),
      h('button', {
        type: 'button', class: 'btn btn-small btn-quiet ms-reschedule', onclick: () => {
          // 改期: a new due date for a planned milestone (PATCH …/milestones/{id}).
          const due = h('input', { type: 'date', value: m.due_on, 'aria-label': '新的完成期限', class: 'ms-new-due' });
          const form = h('form', { class: 'ms-reschedule-form', novalidate: true }, due,
            h('button', { type: 'submit', class: 'btn btn-small' }, '保存期限'),
            h('button', { type: 'button', class: 'btn btn-small btn-quiet', onclick: () => extra.replaceChildren() }, '取消'));
          form.addEventListener('submit', (ev) => {
            ev.preventDefault();
            if (!due.value) { due.focus(); return; }
            if (due.value === m.due_on) { extra.replaceChildren(); return; }
            post('edit', { due_on: due.value });
          });
          extra.replaceChildren(form);
          due.focus();
        },
      }, '改期'));
  }
  if (editable && (m.status === 'done' || m.status === 'waived')) {
    // 撤销: a mistaken 完成 / 免除 goes back to planned, with the reason kept in the audit trail.
    actions.append(h('button', {
      type: 'button', class: 'btn btn-small btn-quiet ms-reopen',
      onclick: () => askReason('ms-reopen-form', '撤销原因', m.status === 'done' ? '确认撤销完成' : '确认撤销免除',
        (reason) => post('reopen', { reason }), true),
    }, m.status === 'done' ? '撤销完成' : '撤销免除'));
  }
  append(row, [
    h('span', { class: 'ms-date' }, m.due_on.slice(5)),
    h('div', { class: 'ms-main' },
      h('span', { class: 'ms-title' }, m.title),
      h('span', { class: 'ms-meta small' },
        milestoneChip(m.status),
        h('span', { class: 'muted' }, MILESTONE_KINDS[m.kind] || m.kind),
        m.generated ? null : h('span', { class: 'muted' }, '手动添加'),
        m.compressed ? h('span', { class: 'chip chip-warn', title: '按日历已来不及，压缩为最短准备期' }, '时间紧') : null,
        m.done_on ? h('span', { class: 'muted' }, `${m.done_on} 完成${m.on_time === false ? '（逾期）' : ''}`) : null,
        m.status === 'waived' && m.waived_reason ? h('span', { class: 'muted' }, `免除：${m.waived_reason}`) : null),
      m.status === 'planned' || m.status === 'overdue' ? currentGap(m, ctx) : null,
      extra),
    actions,
  ]);
  return row;
}

// The roadmap as a timetable: one block per month, milestones in due order.
function timetable(milestones, ctx) {
  const shown = milestones.filter((m) => m.status !== 'retired');
  if (!shown.length) return h('p', { class: 'muted' }, '暂无节点。');
  const byMonth = new Map();
  for (const m of [...shown].sort((a, b) => a.due_on.localeCompare(b.due_on) || a.id - b.id)) {
    const key = m.due_on.slice(0, 7);
    if (!byMonth.has(key)) byMonth.set(key, []);
    byMonth.get(key).push(m);
  }
  return h('div', { class: 'timetable', id: 'roadmap-timetable' },
    [...byMonth].map(([month, list]) => h('section', { class: ['tt-month', month === todayCst().slice(0, 7) && 'is-current'], dataset: { month } },
      h('h4', { class: 'tt-month-label' }, monthLabel(`${month}-01`)),
      h('ul', { class: 'tt-list' }, list.map((m) => milestoneRow(m, ctx))))));
}

function addMilestoneForm(membership, ctx) {
  const title = h('input', { type: 'text', maxlength: 200, id: `f-ms-title-${membership.id}`, autocomplete: 'off' });
  const due = h('input', { type: 'date', id: `f-ms-due-${membership.id}`, min: membership.entered_on });
  const kind = h('select', { id: `f-ms-kind-${membership.id}` },
    Object.entries(MILESTONE_KINDS).map(([k, v]) => h('option', { value: k, selected: k === 'other' }, v)));
  const form = h('form', { class: 'ms-add-form', novalidate: true, hidden: true },
    h('div', { class: 'form-grid ms-add-grid' },
      fieldRow('title', '节点内容', title, { required: true }),
      fieldRow('due_on', '完成期限', due, { required: true }),
      fieldRow('kind', '类型', kind)),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, '添加'),
      h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => { form.hidden = true; } }, '取消')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    let bad = false;
    if (!title.value.trim()) { setFieldError(form, 'title', '必填'); bad = true; }
    if (!due.value) { setFieldError(form, 'due_on', '必填'); bad = true; }
    if (bad) return;
    try {
      await api.post(`/enterprises/${ctx.uscc}/roadmap/milestones`, {
        membership_id: membership.id, title: title.value.trim(), due_on: due.value, kind: kind.value,
      });
      ctx.status.replaceChildren(notice('success', `已添加节点：${title.value.trim()}`));
      await ctx.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      const text = err.code === 'inconsistent_dates' ? '不能早于入库日期' : ladderMessage(err);
      if (!(err.field && setFieldError(form, err.field, text))) ctx.status.replaceChildren(notice('error', text));
    }
  });
  return form;
}

function stepForm(membership, ctx) {
  const kind = h('select', { id: `f-step-kind-${membership.id}` }, Object.entries(STEP_KINDS).map(([k, v]) => h('option', { value: k }, v)));
  const result = h('select', { id: `f-step-result-${membership.id}` });
  const date = h('input', { type: 'date', id: `f-step-date-${membership.id}`, value: todayCst(), max: todayCst() });
  const extra = h('input', { type: 'text', id: `f-step-extra-${membership.id}`, maxlength: 200, autocomplete: 'off' });
  const RESULTS = { coaching: ['topic', 'onsite'], pre_review: ['passed', 'returned'], recommendation: [], outcome: ['recognised', 'not_recognised'] };
  const resultRow = fieldRow('result', '结果', result);
  const extraRow = fieldRow('batch', '批次', extra);
  function sync() {
    result.replaceChildren(...RESULTS[kind.value].map((r) => h('option', { value: r }, STEP_RESULTS[r])));
    resultRow.hidden = RESULTS[kind.value].length === 0;
    const isBatch = kind.value === 'recommendation';
    extraRow.dataset.field = isBatch ? 'batch' : (kind.value === 'pre_review' ? 'reasons' : 'note');
    extraRow.querySelector('label').textContent = isBatch ? '推荐批次' : (kind.value === 'pre_review' ? '退回原因 / 备注' : '备注');
  }
  kind.addEventListener('change', sync);
  sync();
  const form = h('form', { class: 'step-form', novalidate: true, hidden: true },
    h('div', { class: 'form-grid ms-add-grid' },
      fieldRow('kind', '环节', kind), resultRow, fieldRow('on_date', '日期', date), extraRow),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, '记录'),
      h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => { form.hidden = true; } }, '取消')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    const bodyData = { kind: kind.value, on_date: date.value, year: membership.target_year };
    if (!resultRow.hidden) bodyData.result = result.value;
    if (extra.value.trim()) bodyData[extraRow.dataset.field] = extra.value.trim();
    try {
      await api.post(`/pools/${membership.pool}/members/${membership.id}/pipeline`, bodyData);
      ctx.status.replaceChildren(notice('success', '已记录申报进度'));
      await ctx.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      if (!(err.field && setFieldError(form, err.field, ladderMessage(err)))) ctx.status.replaceChildren(notice('error', ladderMessage(err)));
    }
  });
  return form;
}

const EXIT_REASONS = { graduated: '已获认定（毕业）', withdrawn: '企业主动退出', disqualified: '不再符合培育条件', moved_away: '迁出本市' };

// 退库: the member leaves the pool with its reason (POST /pools/{pool}/members/{id}/exit).
function exitForm(membership, ctx) {
  const reason = h('select', { id: `f-exit-reason-${membership.id}` },
    h('option', { value: '' }, '请选择'), Object.entries(EXIT_REASONS).map(([k, v]) => h('option', { value: k }, v)));
  const date = h('input', { type: 'date', id: `f-exit-date-${membership.id}`, value: todayCst(), max: todayCst() });
  const form = h('form', { class: 'exit-form', novalidate: true, hidden: true },
    h('div', { class: 'form-grid' }, fieldRow('reason', '退库原因', reason, { required: true }), fieldRow('exited_on', '退库日期', date)),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-danger-quiet', id: `confirm-exit-${membership.id}` }, '确认退库'),
      h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => { form.hidden = true; } }, '取消')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    if (!reason.value) {
      setFieldError(form, 'reason', '请选择退库原因');
      reason.focus();
      return;
    }
    try {
      await api.post(`/pools/${membership.pool}/members/${membership.id}/exit`, { reason: reason.value, exited_on: date.value, version: membership.version });
      ctx.status.replaceChildren(notice('success', `已退出${poolName(membership.pool)}：${EXIT_REASONS[reason.value]}`));
      await ctx.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      if (!(err.field && setFieldError(form, err.field, ladderMessage(err)))) ctx.status.replaceChildren(notice('error', ladderMessage(err)));
    }
  });
  return form;
}

function membershipBlock(m, ctx, regions) {
  const addForm = ctx.editable ? addMilestoneForm(m, ctx) : null;
  const xForm = ctx.editable ? exitForm(m, ctx) : null;
  const sForm = ctx.editable ? stepForm(m, ctx) : null;
  const r = m.roadmap;
  const ev = m.evaluation || {};
  return h('div', { class: 'membership', dataset: { pool: m.pool, memberId: m.id } },
    h('div', { class: 'membership-head' },
      h('a', { class: 'membership-pool', href: `#/pools/${m.pool}` }, poolName(m.pool)),
      h('span', { class: 'chip' }, TIER_NAMES[m.tier] || m.tier),
      h('span', null, `目标：${m.target_year} 年${stageName(m.target_stage)}`)),
    h('dl', { class: 'facts facts-compact' },
      h('dt', null, '责任县区'), h('dd', null, catalog.nameOf(regions, m.region)),
      h('dt', null, '入库日期'), h('dd', null, m.entered_on),
      h('dt', null, '评价'), h('dd', { id: `member-eval-${m.id}` }, ev.overall ? resultChip(ev.overall) : '—',
        ev.gaps && ev.gaps.length ? ` ${gapSummary(ev.gaps)}` : ''),
      h('dt', null, '申报进度'), h('dd', { class: 'pipeline-step', id: `pipeline-step-${m.id}` }, stepText(m.pipeline_step)),
      h('dt', null, '路线图'), h('dd', { id: `roadmap-stats-${m.id}` },
        `计划 ${r.planned} · 逾期 ${r.overdue} · 完成 ${r.done} · 免除 ${r.waived}`,
        r.on_time_pct !== null ? h('span', { class: 'muted' }, ` · 按期完成率 ${r.on_time_pct}%`) : null)),
    m.pipeline && m.pipeline.length > 1
      ? h('details', { class: 'pipeline-history' }, h('summary', null, `申报进度记录（${m.pipeline.length}）`),
        h('ul', null, m.pipeline.map((s) => h('li', null, stepText(s), s.reasons ? ` · ${s.reasons}` : '', h('span', { class: 'muted small' }, ` · ${personName(s.recorded_by)}`)))))
      : null,
    h('h3', null, '成长路线图'),
    timetable(m.milestones || [], { ...ctx, gaps: ev.gaps ? new Map(ev.gaps.map((g) => [g.id, g])) : null }),
    ctx.editable
      ? h('div', { class: 'section-actions' },
        h('button', { type: 'button', class: 'btn', id: `add-milestone-${m.id}`, onclick: () => { addForm.hidden = false; addForm.querySelector('input').focus(); } }, '＋ 添加节点'),
        h('button', { type: 'button', class: 'btn', id: `add-step-${m.id}`, onclick: () => { sForm.hidden = false; } }, '记录申报进度'),
        h('button', { type: 'button', class: 'btn btn-quiet', id: `exit-member-${m.id}`, onclick: () => { xForm.hidden = false; xForm.querySelector('input').focus(); } }, '退库'))
      : null,
    addForm, sForm, xForm);
}

function enterForm(enterprise, user, regions, ctx) {
  const thisYear = Number(todayCst().slice(0, 4));
  const pool = h('select', { id: 'f-pool' }, POOLS.map((p) => h('option', { value: p.id, selected: p.id === 'hnte_reserve' }, p.name)));
  const target = h('select', { id: 'f-target_stage' });
  const syncTargets = () => target.replaceChildren(...poolTargets(pool.value).map((s) => h('option', { value: s }, stageName(s))));
  pool.addEventListener('change', syncTargets);
  syncTargets();
  const tier = h('select', { id: 'f-tier' }, Object.entries(TIER_NAMES).map(([k, v]) => h('option', { value: k }, v)));
  const year = h('select', { id: 'f-target_year' }, [0, 1, 2, 3].map((d) => h('option', { value: thisYear + d, selected: d === 1 }, `${thisYear + d} 年`)));
  const visible = user.region_scope ? regions.filter((r) => r.code === user.region_scope) : regions;
  const region = h('select', { id: 'f-pool-region' }, visible.map((r) => h('option', { value: r.code, selected: r.code === enterprise.region }, r.name)));
  const note = h('input', { type: 'text', id: 'f-pool-note', maxlength: 200, autocomplete: 'off' });
  const form = h('form', { class: 'enter-form', id: 'enter-pool-form', novalidate: true, hidden: true },
    h('div', { class: 'form-grid ms-add-grid' },
      fieldRow('pool', '后备库', pool),
      fieldRow('target_stage', '目标阶梯', target),
      fieldRow('tier', '层级', tier),
      fieldRow('target_year', '目标年度', year),
      fieldRow('region', '责任县区', region),
      fieldRow('note', '备注', note)),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'confirm-enter-pool' }, '纳入'),
      h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => { form.hidden = true; } }, '取消')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    ctx.status.replaceChildren();
    try {
      const bodyData = { uscc: enterprise.uscc, tier: tier.value, target_stage: target.value, target_year: Number(year.value), region: region.value };
      if (note.value.trim()) bodyData.note = note.value.trim();
      await api.post(`/pools/${pool.value}/members`, bodyData);
      ctx.status.replaceChildren(notice('success', `已纳入${poolName(pool.value)}，已按差距和申报日历生成路线图`));
      await ctx.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      const text = ladderMessage(err);
      if (err.field && err.field !== 'target_stage' && setFieldError(form, err.field, text)) return;
      ctx.status.replaceChildren(notice('error', `未能纳入：${text}`));
      ctx.status.querySelector('.notice').dataset.code = err.code;
    }
  });
  return form;
}

// Sent on document after the roadmap panel changed a membership or milestone and redrew.
export const ROADMAP_CHANGED = 'trellis:roadmap-changed';

export async function renderRoadmap({ enterprise, user }) {
  const uscc = encodeURIComponent(enterprise.uscc);
  const regions = await catalog.regions();
  const body = h('div', { class: 'roadmap-section' });
  const status = h('div', { class: 'roadmap-status', id: 'roadmap-status' });
  const editable = canEditLadder(user);
  const ctx = { uscc, editable, status, refresh: null };
  async function draw(fresh) {
    let data;
    try {
      data = fresh ? (await api.get(`/enterprises/${uscc}/roadmap`)).data : await once(enterprise, '/roadmap');
    } catch (err) {
      if (err instanceof ApiError && (err.status === 403 || err.status === 404)) {
        body.replaceChildren(h('p', { class: 'muted' }, '无权查看后备库信息。'));
        return;
      }
      throw err;
    }
    await loadNames(data.memberships.flatMap((m) => (m.pipeline || []).map((s) => s.recorded_by)));
    const open = data.memberships.filter((m) => !m.exited_on);
    const past = data.memberships.filter((m) => m.exited_on);
    const form = editable ? enterForm(enterprise, user, regions, ctx) : null;
    mount(body, 
      status,
      open.length ? open.map((m) => membershipBlock(m, ctx, regions)) : h('p', { class: 'muted', id: 'no-membership' }, '未纳入任何后备库。'),
      past.length ? h('p', { class: 'muted small' }, '曾在库：', past.map((m) => `${poolName(m.pool)}（${m.entered_on} 至 ${m.exited_on}，${EXIT_REASONS[m.exit_reason] || m.exit_reason || ''}）`).join('；')) : null,
      editable ? h('div', { class: 'section-actions' },
        h('button', { type: 'button', class: 'btn', id: 'enter-pool', onclick: () => { form.hidden = false; } }, '纳入后备库')) : null,
      form);
  }
  ctx.refresh = async () => {
    forget(enterprise);
    await draw(true);
    // Panels that read the same roadmap (阶梯与待办) redraw from it.
    document.dispatchEvent(new CustomEvent(ROADMAP_CHANGED, { detail: { uscc: enterprise.uscc } }));
  };
  await draw(false);
  return body;
}
