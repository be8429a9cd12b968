-- tools/bench reports: the SQL floor of each report — the same aggregate the report computes, as
-- plain SQL over covering indexes (created below, on the benchmark's copy of the database only),
-- run by the sqlite3 CLI in the same run as the HTTP figures. `.print @@ name` starts a figure;
-- reports_bench.sh sums the "Run Time: real" lines of its statements. Parameters (set by the
-- script): :d the as-of day, :before the day before :from, :from the period's first day, :y0
-- 1 January of :d's year, :year its year, :next the roadmap book's target year, :d6 / :d12 the
-- day 6 / 12 months on, :cohort the funnel drill-down's cohort year.
--
-- What the floor leaves out, so it is a floor: validity rules beyond dates and revocation
-- (corrections), the config-driven metric mapping (stages and graph values are written in), JSON
-- and the HTTP exchange.

.print @@ progress
-- holders of each stage on :d per region
SELECT e.region_code, d.stage, count(DISTINCT d.enterprise_id)
FROM designation d JOIN enterprise e ON e.id = d.enterprise_id
WHERE d.starts_on <= :d AND d.ends_on >= :d AND (d.revoked_on IS NULL OR d.revoked_on > :d)
GROUP BY 1, 2;
-- first-time holders this year
SELECT e.region_code, f.stage, count(*)
FROM (SELECT enterprise_id, stage, min(starts_on) AS first FROM designation WHERE starts_on <= :d GROUP BY 1, 2) f
JOIN enterprise e ON e.id = f.enterprise_id WHERE f.first >= :y0 GROUP BY 1, 2;
-- forecast candidates: open members aiming at a stage this year, and the earlier cohorts' conversion
SELECT region_code, target_stage, count(*) FROM pool_membership
WHERE entered_on <= :d AND (exited_on IS NULL OR exited_on > :d) AND target_year = :year GROUP BY 1, 2;
SELECT m.pool, m.target_year, count(*),
       sum(EXISTS (SELECT 1 FROM designation d WHERE d.enterprise_id = m.enterprise_id AND d.stage = m.target_stage
                   AND d.starts_on <= (m.target_year || '-12-31')))
FROM pool_membership m WHERE m.target_year BETWEEN :year - 3 AND :year - 1 GROUP BY 1, 2;
-- graph metrics: nodes per kind, level, sub-kind, programme and region dated on or before :d
SELECT region_code, kind, json_extract(fields, '$.level'), json_extract(fields, '$.sub_kind'),
       json_extract(fields, '$.programme'), count(*)
FROM graph_node WHERE kind <> 'enterprise' AND removed_at IS NULL
  AND coalesce(json_extract(fields, '$.approved_on'), json_extract(fields, '$.starts_on'),
               json_extract(fields, '$.year_recognised') || '-01-01') <= :d
GROUP BY 1, 2, 3, 4, 5;

.print @@ ladder
-- holders per stage and region (as above), then each enterprise's top rung on :d and the day
-- before :from (moves up and down), then designations expiring within 12 months, not renewed
SELECT e.region_code, d.stage, count(DISTINCT d.enterprise_id)
FROM designation d JOIN enterprise e ON e.id = d.enterprise_id
WHERE d.starts_on <= :d AND d.ends_on >= :d AND (d.revoked_on IS NULL OR d.revoked_on > :d)
GROUP BY 1, 2;
WITH r AS (
  SELECT enterprise_id, starts_on, ends_on,
         CASE stage WHEN 'tech_sme' THEN 1 WHEN 'hnte' THEN 2 WHEN 'eaglet' THEN 3 ELSE 4 END AS rk
  FROM designation WHERE starts_on <= :d AND (revoked_on IS NULL OR revoked_on > :d)),
t AS (
  SELECT enterprise_id,
         coalesce(max(CASE WHEN starts_on <= :d AND ends_on >= :d THEN rk END), 0) AS now_rk,
         coalesce(max(CASE WHEN starts_on <= :before AND ends_on >= :before THEN rk END), 0) AS then_rk
  FROM r GROUP BY enterprise_id)
SELECT e.region_code, t.now_rk, sum(t.now_rk > t.then_rk), sum(t.now_rk < t.then_rk), count(*)
FROM t JOIN enterprise e ON e.id = t.enterprise_id GROUP BY 1, 2;
SELECT e.region_code, d.stage, sum(d.ends_on <= :d6), count(*)
FROM designation d JOIN enterprise e ON e.id = d.enterprise_id
WHERE d.starts_on <= :d AND d.ends_on > :d AND d.ends_on <= :d12 AND (d.revoked_on IS NULL OR d.revoked_on > :d)
  AND NOT EXISTS (SELECT 1 FROM designation o WHERE o.enterprise_id = d.enterprise_id AND o.stage = d.stage
                  AND o.starts_on > d.starts_on AND o.starts_on <= :d)
GROUP BY 1, 2;

.print @@ funnel
-- entries per pool and cohort year, reached the target within 1 / 2 / 3 years, still open
SELECT m.pool, substr(m.entered_on, 1, 4) AS cohort, count(*),
       sum(x.first IS NOT NULL AND x.first <= date(m.entered_on, '+1 year')),
       sum(x.first IS NOT NULL AND x.first <= date(m.entered_on, '+2 years')),
       sum(x.first IS NOT NULL AND x.first <= date(m.entered_on, '+3 years')),
       sum(m.exited_on IS NULL OR m.exited_on > :d)
FROM pool_membership m
LEFT JOIN (SELECT m2.id, min(d.starts_on) AS first FROM pool_membership m2
           JOIN designation d ON d.enterprise_id = m2.enterprise_id AND d.stage = m2.target_stage
            AND d.starts_on >= m2.entered_on AND d.starts_on <= :d GROUP BY m2.id) x ON x.id = m.id
WHERE m.entered_on <= :d GROUP BY 1, 2;
-- exits by reason, conversion by tier
SELECT pool, exit_reason, count(*) FROM pool_membership WHERE exited_on <= :d GROUP BY 1, 2;
SELECT pool, tier, count(*), sum(exit_reason = 'graduated' AND exited_on <= :d) FROM pool_membership
WHERE entered_on <= :d GROUP BY 1, 2;
-- days to target: median and p75 (nearest rank) per pool
SELECT pool, max(CASE WHEN rn = (n + 1) / 2 THEN days END), max(CASE WHEN rn = (3 * n + 3) / 4 THEN days END)
FROM (SELECT pool, days, row_number() OVER (PARTITION BY pool ORDER BY days) AS rn, count(*) OVER (PARTITION BY pool) AS n
      FROM (SELECT m.pool, julianday(min(d.starts_on)) - julianday(m.entered_on) AS days
            FROM pool_membership m JOIN designation d ON d.enterprise_id = m.enterprise_id AND d.stage = m.target_stage
             AND d.starts_on >= m.entered_on AND d.starts_on <= :d
            WHERE m.entered_on <= :d GROUP BY m.id))
GROUP BY pool;

.print @@ liaison
-- contacts in the period per region; members and assigned members; members contacted within
-- their cadence (the longest gap between contacts ≤ 30 / 90 days); problems per owner unit by
-- their status on :d; milestones done, on time and overdue per region
SELECT e.region_code, count(*) FROM liaison_contact k JOIN enterprise e ON e.id = k.enterprise_id
WHERE k.contact_date BETWEEN :from AND :d GROUP BY 1;
SELECT m.region_code, count(*), count(a.id) FROM pool_membership m
LEFT JOIN liaison_assignment a ON a.enterprise_id = m.enterprise_id AND a.ended_at IS NULL
WHERE m.entered_on <= :d AND (m.exited_on IS NULL OR m.exited_on > :d) GROUP BY 1;
WITH g AS (SELECT enterprise_id,
                  julianday(contact_date) - julianday(lag(contact_date) OVER (PARTITION BY enterprise_id ORDER BY contact_date)) AS gap
           FROM liaison_contact WHERE contact_date <= :d)
SELECT m.region_code, count(*) FROM (SELECT enterprise_id, max(gap) AS widest FROM g GROUP BY 1) w
JOIN pool_membership m ON m.enterprise_id = w.enterprise_id AND m.exited_on IS NULL
WHERE w.widest <= CASE m.tier WHEN 'key' THEN 30 ELSE 90 END GROUP BY 1;
SELECT p.owner_unit, s.to_status, count(*), sum(p.deadline < :d) FROM liaison_problem p
JOIN liaison_problem_event s ON s.id = (SELECT v.id FROM liaison_problem_event v WHERE v.problem_id = p.id AND v.on_date <= :d
                                        ORDER BY v.on_date DESC, v.id DESC LIMIT 1)
WHERE p.raised_on <= :d GROUP BY 1, 2;
SELECT m.region_code, sum(k.status = 'done'), sum(k.status = 'done' AND k.done_on <= k.due_on),
       sum(k.status = 'planned' AND k.due_on < :d)
FROM milestone k JOIN pool_membership m ON m.id = k.membership_id
WHERE m.exited_on IS NULL AND k.status <> 'retired' GROUP BY 1;

.print @@ roadmap_book
-- every open member of the pool and target year with its milestones, by region and enterprise
SELECT e.region_code, e.uscc, e.name, m.tier, m.target_stage, k.title, k.due_on, k.status, k.done_on, k.gap_text
FROM pool_membership m JOIN enterprise e ON e.id = m.enterprise_id JOIN milestone k ON k.membership_id = m.id
WHERE m.pool = 'hnte_reserve' AND m.target_year = :next AND m.exited_on IS NULL AND k.status <> 'retired'
  AND k.created_at <= :d || 'T99'
ORDER BY e.region_code, e.id, k.due_on;

.print @@ drill_progress
-- the holders of tech_sme on :d: how many, and the first page of 50
SELECT count(DISTINCT enterprise_id) FROM designation
WHERE stage = 'tech_sme' AND starts_on <= :d AND ends_on >= :d AND (revoked_on IS NULL OR revoked_on > :d);
SELECT e.uscc, e.name, e.region_code FROM enterprise e
WHERE e.id IN (SELECT enterprise_id FROM designation WHERE stage = 'tech_sme' AND starts_on <= :d AND ends_on >= :d
               AND (revoked_on IS NULL OR revoked_on > :d))
ORDER BY e.id LIMIT 50;

.print @@ drill_ladder
SELECT count(DISTINCT enterprise_id) FROM designation
WHERE stage = 'hnte' AND starts_on <= :d AND ends_on >= :d AND (revoked_on IS NULL OR revoked_on > :d);
SELECT e.uscc, e.name, e.region_code FROM enterprise e
WHERE e.id IN (SELECT enterprise_id FROM designation WHERE stage = 'hnte' AND starts_on <= :d AND ends_on >= :d
               AND (revoked_on IS NULL OR revoked_on > :d))
ORDER BY e.id LIMIT 50;

.print @@ drill_funnel
SELECT count(*) FROM pool_membership WHERE pool = 'hnte_reserve' AND substr(entered_on, 1, 4) = :cohort AND entered_on <= :d;
SELECT e.uscc, e.name, e.region_code, m.entered_on FROM pool_membership m JOIN enterprise e ON e.id = m.enterprise_id
WHERE m.pool = 'hnte_reserve' AND substr(m.entered_on, 1, 4) = :cohort AND m.entered_on <= :d ORDER BY e.id LIMIT 50;

.print @@ drill_graph
SELECT count(*) FROM graph_node WHERE kind = 'platform' AND json_extract(fields, '$.level') = '市级'
  AND json_extract(fields, '$.status') IN ('已认定', '已备案') AND json_extract(fields, '$.approved_on') <= :d;
SELECT id, name, region_code, json_extract(fields, '$.sub_kind') FROM graph_node
WHERE kind = 'platform' AND json_extract(fields, '$.level') = '市级'
  AND json_extract(fields, '$.status') IN ('已认定', '已备案') AND json_extract(fields, '$.approved_on') <= :d
ORDER BY id LIMIT 50;

.print @@ end
