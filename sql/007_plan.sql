-- Progress against the plan (issue 11): dated status updates of the key tasks that no number
-- measures, and the bureau's split of a city target across regions. Both are written in the same
-- transaction as their audit row. Status updates are append-only: the latest on or before a date
-- is the task's status then, so a report as of a past date reads what was known on it.
CREATE TABLE task_status_update (
  id          INTEGER PRIMARY KEY,
  plan_id     TEXT NOT NULL,                 -- config/plan.json id
  task        INTEGER NOT NULL CHECK (task BETWEEN 1 AND 10000),
  status      TEXT NOT NULL CHECK (status IN ('not_started','in_progress','done','delayed')),
  on_date     TEXT NOT NULL,                 -- YYYY-MM-DD: the day the status holds from
  unit        TEXT NOT NULL CHECK (length(unit) > 0),  -- the lead unit reporting
  note        TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX task_status_by_task ON task_status_update(plan_id, task, on_date, id);
CREATE TRIGGER task_status_update_no_update BEFORE UPDATE ON task_status_update
BEGIN SELECT RAISE(ABORT, 'task status updates are append-only'); END;
CREATE TRIGGER task_status_update_no_delete BEFORE DELETE ON task_status_update
BEGIN SELECT RAISE(ABORT, 'task status updates are append-only'); END;

-- A region's share of a city target for a metric and period; replaces config/targets.json's row
-- for that region. A new split of the same metric and period replaces the old rows (audited).
CREATE TABLE target_split (
  metric      TEXT NOT NULL,
  period      TEXT NOT NULL,                 -- "2021" or "2020-2022"
  region_code TEXT NOT NULL REFERENCES region(code),
  value       INTEGER NOT NULL CHECK (value >= 0),
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (metric, period, region_code)
) STRICT;
