/* tools/bench graph: the igraph reference (igraph's C core, libigraph 0.10 — the core
 * python3-igraph wraps; python3-igraph 0.10.2 has no betweenness from a subset of sources, the
 * C core's igraph_betweenness_subset does). Reads the files graph_bench wrote and does the same
 * work on the same edges, printing "igraph key=value" lines.
 *
 *   graph_bench_igraph DIR
 */
#include <igraph/igraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

/* A file of graph_bench: `headers` uint32 values, the last of which counts the items, then
 * count × per_item uint32 values. */
static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static unsigned* read_u32s(const char* dir, const char* name, int headers, int per_item, unsigned head[2]) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE* f = fopen(path, "rb");
  if (!f || fread(head, 4, headers, f) != (size_t)headers) { fprintf(stderr, "graph_bench_igraph: cannot read %s\n", path); exit(1); }
  size_t n = (size_t)head[headers - 1] * per_item;
  unsigned* data = malloc((n + 1) * 4);
  if (fread(data, 4, n, f) != n) { fprintf(stderr, "graph_bench_igraph: %s is short\n", path); exit(1); }
  fclose(f);
  return data;
}

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

int main(int argc, char** argv) {
  if (argc != 2) { fprintf(stderr, "usage: graph_bench_igraph DIR\n"); return 2; }
  const char* dir = argv[1];
  unsigned h[2];
  unsigned* edges = read_u32s(dir, "edges.bin", 2, 2, h);
  unsigned m = h[0], e = h[1];
  unsigned* centers = read_u32s(dir, "centers.bin", 1, 1, h);
  unsigned nc = h[0];
  unsigned* pairs = read_u32s(dir, "pairs.bin", 1, 2, h);
  unsigned np = h[0];
  unsigned* sources = read_u32s(dir, "sources.bin", 1, 1, h);
  unsigned ns = h[0];

  double t0 = now_ms(), c0 = cpu_ms();
  igraph_vector_int_t ev;
  igraph_vector_int_init(&ev, (igraph_integer_t)e * 2);
  for (size_t i = 0; i < (size_t)e * 2; ++i) VECTOR(ev)[i] = edges[i];
  igraph_t g;
  igraph_create(&g, &ev, m, IGRAPH_UNDIRECTED);
  igraph_vector_int_destroy(&ev);
  printf("igraph build_ms=%.1f build_cpu_ms=%.1f vertices=%u edges=%u\n", now_ms() - t0, cpu_ms() - c0, m, e);

  double* lat = malloc(sizeof(double) * nc);
  double returned = 0;
  for (unsigned i = 0; i < nc; ++i) {
    igraph_vector_int_t res;
    igraph_vector_int_init(&res, 0);
    double q0 = now_ms();
    igraph_neighborhood_size(&g, &res, igraph_vss_1(centers[i]), 2, IGRAPH_ALL, 0);
    igraph_vector_int_list_t nb;
    igraph_vector_int_list_init(&nb, 0);
    igraph_neighborhood(&g, &nb, igraph_vss_1(centers[i]), 2, IGRAPH_ALL, 0);
    lat[i] = now_ms() - q0;
    returned += VECTOR(res)[0];
    igraph_vector_int_list_destroy(&nb);
    igraph_vector_int_destroy(&res);
  }
  qsort(lat, nc, sizeof(double), cmp_double);
  printf("igraph nbhd2_p50_ms=%.3f nbhd2_p99_ms=%.3f nbhd2_mean_nodes=%.0f\n", lat[(size_t)(0.5 * (nc - 1) + 0.5)],
         lat[(size_t)(0.99 * (nc - 1) + 0.5)], returned / nc);

  t0 = now_ms(); c0 = cpu_ms();
  unsigned found = 0;
  double hops = 0;
  for (unsigned i = 0; i < np; ++i) {
    igraph_vector_int_t vs;
    igraph_vector_int_init(&vs, 0);
    igraph_get_shortest_path(&g, &vs, NULL, pairs[2 * i], pairs[2 * i + 1], IGRAPH_ALL);
    if (igraph_vector_int_size(&vs) > 0) ++found, hops += igraph_vector_int_size(&vs) - 1;
    igraph_vector_int_destroy(&vs);
  }
  double path_ms = now_ms() - t0, path_cpu = cpu_ms() - c0;
  printf("igraph paths_ms=%.1f paths=%u found=%u mean_hops=%.2f\n", path_ms, np, found, found ? hops / found : 0.0);

  t0 = now_ms(); c0 = cpu_ms();
  igraph_vector_int_t membership, csize;
  igraph_integer_t no;
  igraph_vector_int_init(&membership, 0);
  igraph_vector_int_init(&csize, 0);
  igraph_connected_components(&g, &membership, &csize, &no, IGRAPH_WEAK);
  double comp_ms = now_ms() - t0, comp_cpu = cpu_ms() - c0;
  igraph_integer_t largest = igraph_vector_int_max(&csize);
  printf("igraph components_ms=%.1f components=%ld largest=%ld\n", comp_ms, (long)no, (long)largest);

  t0 = now_ms(); c0 = cpu_ms();
  igraph_vector_t pr;
  igraph_vector_init(&pr, 0);
  igraph_real_t value;
  igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &pr, &value, igraph_vss_all(), 0, 0.85, NULL, NULL);
  double pr_ms = now_ms() - t0, pr_cpu = cpu_ms() - c0;
  printf("igraph pagerank_ms=%.1f top=%ld top_score=%.8f\n", pr_ms, (long)igraph_vector_which_max(&pr), igraph_vector_max(&pr));

  igraph_vector_int_t src;
  igraph_vector_int_init(&src, ns);
  for (unsigned i = 0; i < ns; ++i) VECTOR(src)[i] = sources[i];
  igraph_vs_t srcs;
  igraph_vs_vector(&srcs, &src);
  t0 = now_ms(); c0 = cpu_ms();
  igraph_vector_t bc;
  igraph_vector_init(&bc, 0);
  igraph_betweenness_subset(&g, &bc, igraph_vss_all(), 0, srcs, igraph_vss_all(), NULL);
  double bc_ms = now_ms() - t0, bc_cpu = cpu_ms() - c0;
  /* igraph sums over (source in S, target in all) pairs; the engine scales by m / |S|: compare
     the top node and the scaled score. */
  printf("igraph betweenness200_ms=%.1f sources=%u top=%ld top_score=%.1f\n", bc_ms, ns, (long)igraph_vector_which_max(&bc),
         igraph_vector_max(&bc) * m / ns);
  printf("igraph analytics_total_ms=%.1f\n", path_ms + comp_ms + pr_ms + bc_ms);
  printf("igraph paths_cpu_ms=%.1f components_cpu_ms=%.1f pagerank_cpu_ms=%.1f betweenness200_cpu_ms=%.1f analytics_total_cpu_ms=%.1f\n",
         path_cpu, comp_cpu, pr_cpu, bc_cpu, path_cpu + comp_cpu + pr_cpu + bc_cpu);
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  printf("igraph peak_rss_mb=%.1f\n", u.ru_maxrss / 1024.0);
  return 0;
}
