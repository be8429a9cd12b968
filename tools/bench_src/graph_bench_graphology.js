// tools/bench graph: the graphology reference. Reads the files graph_bench wrote and does the
// same work on the same edges with graphology and its standard library, printing
// "graphology key=value" lines.
//
//   node graph_bench_graphology.js DIR
'use strict';
const fs = require('fs');
const path = require('path');
const {UndirectedGraph} = require('graphology');
const {connectedComponents} = require('graphology-components');
const pagerank = require('graphology-metrics/centrality/pagerank');
const {bidirectional} = require('graphology-shortest-path/unweighted');
const {createUnweightedIndexedBrandes} = require('graphology-shortest-path/indexed-brandes');

const dir = process.argv[2];
function u32(name) {
  const b = fs.readFileSync(path.join(dir, name));
  return new Uint32Array(b.buffer, b.byteOffset, b.length / 4);
}
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
// CPU time of the process (user + system), as the engine and igraph are measured.
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const pct = (v, p) => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.round(p * (s.length - 1)))];
};

const E = u32('edges.bin');
const m = E[0], e = E[1];
const centers = u32('centers.bin').subarray(1);
const pairsRaw = u32('pairs.bin');
const sources = u32('sources.bin').subarray(1);

let t0 = process.hrtime.bigint();
let c0 = cpu();
const g = new UndirectedGraph();
for (let i = 0; i < m; i++) g.addNode(String(i));
for (let i = 0; i < e; i++) g.addEdge(String(E[2 + 2 * i]), String(E[3 + 2 * i]));
console.log(`graphology build_cpu_ms=${(cpu() - c0).toFixed(1)}`);
console.log(`graphology build_ms=${ms(t0).toFixed(1)} vertices=${g.order} edges=${g.size}`);

const lat = [];
let returned = 0;
for (const c of centers) {
  const q0 = process.hrtime.bigint();
  const seen = new Set([String(c)]);
  let frontier = [String(c)];
  for (let d = 0; d < 2; d++) {
    const next = [];
    for (const v of frontier) g.forEachNeighbor(v, (u) => { if (!seen.has(u)) { seen.add(u); next.push(u); } });
    frontier = next;
  }
  lat.push(ms(q0));
  returned += seen.size;
}
console.log(`graphology nbhd2_p50_ms=${pct(lat, 0.5).toFixed(3)} nbhd2_p99_ms=${pct(lat, 0.99).toFixed(3)} nbhd2_mean_nodes=${(returned / centers.length).toFixed(0)}`);

t0 = process.hrtime.bigint();
c0 = cpu();
let found = 0, hops = 0;
const np = pairsRaw[0];
for (let i = 0; i < np; i++) {
  const p = bidirectional(g, String(pairsRaw[1 + 2 * i]), String(pairsRaw[2 + 2 * i]));
  if (p) { found++; hops += p.length - 1; }
}
const pathMs = ms(t0), pathCpu = cpu() - c0;
console.log(`graphology paths_ms=${pathMs.toFixed(1)} paths=${np} found=${found} mean_hops=${found ? (hops / found).toFixed(2) : 0}`);

t0 = process.hrtime.bigint();
c0 = cpu();
const comps = connectedComponents(g);
const compMs = ms(t0), compCpu = cpu() - c0;
console.log(`graphology components_ms=${compMs.toFixed(1)} components=${comps.length} largest=${Math.max(...comps.map((c) => c.length))}`);

// The engine's stopping rule: L1 change below 1e-10 (graphology compares with N × tolerance).
t0 = process.hrtime.bigint();
c0 = cpu();
const pr = pagerank(g, {alpha: 0.85, maxIterations: 100, tolerance: 1e-10 / m, getEdgeWeight: null});
const prMs = ms(t0), prCpu = cpu() - c0;
let top = '0';
for (const k in pr) if (pr[k] > pr[top]) top = k;
console.log(`graphology pagerank_ms=${prMs.toFixed(1)} top=${top} top_score=${pr[top].toFixed(8)}`);

// graphology-metrics' betweenness runs every source; this is its own accumulation loop
// (centrality/betweenness.js) over the 200 sampled sources.
t0 = process.hrtime.bigint();
c0 = cpu();
const brandes = createUnweightedIndexedBrandes(g);
const delta = new Float64Array(m);
const bc = new Float64Array(m);
for (const s of sources) {
  const [S, P, sigma] = brandes(s);
  let j = S.size;
  while (j--) delta[S.items[S.size - j]] = 0;
  while (S.size !== 0) {
    const w = S.pop();
    const coefficient = (1 + delta[w]) / sigma[w];
    for (let k = 0, n = P[w].length; k < n; k++) delta[P[w][k]] += sigma[P[w][k]] * coefficient;
    if (w !== s) bc[w] += delta[w];
  }
}
const bcMs = ms(t0), bcCpu = cpu() - c0;
let bt = 0;
for (let i = 1; i < m; i++) if (bc[i] > bc[bt]) bt = i;
console.log(`graphology betweenness200_ms=${bcMs.toFixed(1)} sources=${sources.length} top=${bt} top_score=${(bc[bt] * 0.5 * m / sources.length).toFixed(1)}`);
console.log(`graphology analytics_total_ms=${(pathMs + compMs + prMs + bcMs).toFixed(1)}`);
console.log(`graphology paths_cpu_ms=${pathCpu.toFixed(1)} components_cpu_ms=${compCpu.toFixed(1)} pagerank_cpu_ms=${prCpu.toFixed(1)} betweenness200_cpu_ms=${bcCpu.toFixed(1)} analytics_total_cpu_ms=${(pathCpu + compCpu + prCpu + bcCpu).toFixed(1)}`);
console.log(`graphology peak_rss_mb=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}`);
