// The enterprise page's 创新资源 panel (issue 10): the enterprise's links valid today grouped by
// kind (GET /api/v1/graph/links?node=enterprise:<USCC>, names from the depth-1 neighbourhood),
// the partners who could help (GET /graph/partners, Adamic–Adar, each with the path that explains
// it) and a link to the graph view around the enterprise.

import { api } from '../api.js';
import { h } from '../dom.js';
import { graphConfig, graphHref, kindChip, linkKindName, nodeHref, nodeMeta } from './graph-common.js';
import { linksWithNames } from './graph-nodes.js';

function pathText(config, path) {
  const parts = [];
  path.nodes.forEach((n, i) => {
    if (i > 0) {
      const l = path.links[i - 1];
      parts.push(h('span', { class: 'muted small' }, ` —${l ? linkKindName(config, l.kind) : ''}→ `));
    }
    parts.push(h('a', { href: nodeHref(n) }, n.name));
  });
  return h('p', { class: 'graph-path small' }, '路径：', parts);
}

async function renderGraphSection({ enterprise }) {
  const ref = `enterprise:${enterprise.uscc}`;
  const [config, links, partners] = await Promise.all([
    graphConfig(),
    linksWithNames(ref),
    api.get('/graph/partners', { enterprise: ref, limit: 5 }).then((r) => r.data),
  ]);
  const body = h('div', { class: 'graph-section' });
  body.append(h('div', { class: 'section-actions' },
    h('a', { class: 'btn', id: 'enterprise-graph', href: graphHref({ kind: 'enterprise', uscc: enterprise.uscc }, { depth: '2' }) }, '在图谱中查看')));

  // Links grouped by kind, in the config's order.
  const groups = config.link_kinds.map((k) => ({ kind: k, items: links.links.filter((l) => l.kind === k.code) })).filter((g) => g.items.length);
  body.append(h('h3', null, '关联的平台、团队、项目与机构'));
  if (!groups.length) {
    body.append(h('p', { class: 'muted', id: 'graph-links' }, '尚无有效的关联。'));
  } else {
    body.append(h('div', { id: 'graph-links' }, groups.map((g) => h('div', { class: 'graph-link-group', dataset: { kind: g.kind.code } },
      h('h4', null, g.kind.name_zh, h('span', { class: 'muted small' }, ` ${g.items.length}`)),
      h('ul', { class: 'graph-links' }, g.items.map((l) => {
        const otherId = l.from === links.center ? l.to : l.from;
        const other = links.byId.get(otherId);
        return h('li', { class: 'graph-link-item', dataset: { linkId: String(l.id), other: String(otherId) } },
          other ? h('a', { href: nodeHref(other), class: 'graph-link-other' }, other.name) : `节点 ${otherId}`, ' ',
          other ? kindChip(config, other.kind) : null,
          other && nodeMeta(other) ? h('span', { class: 'muted small' }, ` ${nodeMeta(other)}`) : null,
          h('span', { class: 'muted small' }, ` · ${l.valid_from} 起`));
      }))))));
  }

  body.append(h('h3', null, '可对接的平台与机构'));
  if (!partners.items.length) {
    body.append(h('p', { class: 'muted', id: 'graph-partners' }, '同产业链的关联企业中暂无可推荐的平台或机构。'));
  } else {
    body.append(h('ol', { class: 'graph-partners', id: 'graph-partners' }, partners.items.map((p) => h('li', { dataset: { nodeId: String(p.id) } },
      h('div', null, h('a', { href: nodeHref(p) }, p.name), ' ', kindChip(config, p.kind),
        h('span', { class: 'muted small' }, ` 经 ${p.via_count} 家同链企业 · 得分 ${p.score.toFixed(2)}`)),
      pathText(config, p.path)))));
    body.append(h('p', { class: 'muted small' }, '按 Adamic–Adar 排序：经由与本企业有关联的同产业链企业可达的平台和机构，连接越少的企业带来的推荐权重越高。'));
  }
  return body;
}

export const graphSection = { id: 'graph', title: '创新资源', render: renderGraphSection };
