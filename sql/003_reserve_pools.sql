-- Reserve pools (后备库): which enterprise is a candidate for which rung, in which tier, owned by
-- which region, from when until when and why it left. History is kept: an exit closes the row,
-- a re-entry opens a new one.
CREATE TABLE pool_membership (
  id            INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),
  pool          TEXT NOT NULL CHECK (pool IN ('tech_sme_pool','hnte_reserve','double_hundred_reserve')),
  tier          TEXT NOT NULL CHECK (tier IN ('key','long_term')),   -- 重点 / 中长期
  target_stage  TEXT NOT NULL,                                        -- a stage id of config/ladder.json
  target_year   INTEGER NOT NULL CHECK (target_year BETWEEN 2000 AND 2100),
  region_code   TEXT NOT NULL REFERENCES region(code),                -- the responsible region
  entered_on    TEXT NOT NULL,                                        -- YYYY-MM-DD
  exited_on     TEXT,
  exit_reason   TEXT CHECK (exit_reason IN ('graduated','withdrawn','disqualified','moved_away')),
  note          TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1,
  CHECK ((exited_on IS NULL) = (exit_reason IS NULL)),
  CHECK (exited_on IS NULL OR exited_on >= entered_on)
) STRICT;
CREATE UNIQUE INDEX pool_one_open_membership ON pool_membership(enterprise_id, pool) WHERE exited_on IS NULL;
CREATE INDEX pool_open_by_region ON pool_membership(pool, region_code, enterprise_id) WHERE exited_on IS NULL;
