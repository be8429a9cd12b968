-- The enterprise register: regions (责任主体), enterprises, their search grams and history.

-- Regions come from config/regions.json and are upserted at start; enterprises reference them.
CREATE TABLE region (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  type        TEXT NOT NULL CHECK (type IN ('city','district','county','county_city','functional_zone')),
  parent_code TEXT REFERENCES region(code),
  host_codes  TEXT NOT NULL DEFAULT '[]'  -- JSON array: divisions a functional zone lies in
) STRICT;

CREATE TABLE enterprise (
  id                     INTEGER PRIMARY KEY,
  uscc                   TEXT NOT NULL UNIQUE CHECK (length(uscc) = 18),
  uscc_checksum_override INTEGER NOT NULL DEFAULT 0 CHECK (uscc_checksum_override IN (0,1)),
  name                   TEXT NOT NULL CHECK (length(name) > 0),
  aliases                TEXT NOT NULL DEFAULT '',     -- one alias per line
  region_code            TEXT NOT NULL REFERENCES region(code),
  industry               TEXT NOT NULL DEFAULT '',
  founded_on             TEXT,                          -- YYYY-MM-DD
  address                TEXT NOT NULL DEFAULT '',
  legal_representative   TEXT NOT NULL DEFAULT '',
  contact_phone          TEXT NOT NULL DEFAULT '',
  tags                   TEXT NOT NULL DEFAULT '',     -- one tag per line
  archived               INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0,1)),
  created_at             TEXT NOT NULL,
  updated_at             TEXT NOT NULL,
  version                INTEGER NOT NULL DEFAULT 1,
  -- name and aliases, ASCII lower-cased, one per line: what `q` is matched against.
  search_text            TEXT NOT NULL
) STRICT;
CREATE INDEX enterprise_by_region ON enterprise(region_code, id);
CREATE INDEX enterprise_by_industry ON enterprise(industry, id);

-- Tags as rows so `tag=` filters use an index.
CREATE TABLE enterprise_tag (
  tag           TEXT NOT NULL,
  enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),
  PRIMARY KEY (tag, enterprise_id)
) STRICT, WITHOUT ROWID;

-- Every pair of adjacent characters of the name and aliases. FTS5's trigram tokenizer cannot
-- match 2-character Chinese fragments such as 许继, so search drives from this index instead
-- and confirms the whole fragment with instr() on search_text.
CREATE TABLE enterprise_gram (
  gram          TEXT NOT NULL,
  enterprise_id INTEGER NOT NULL,
  PRIMARY KEY (gram, enterprise_id)
) STRICT, WITHOUT ROWID;

-- Each committed version of an enterprise, so no edit, archive or restore loses history.
CREATE TABLE enterprise_history (
  id            INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),
  version       INTEGER NOT NULL,
  change        TEXT NOT NULL CHECK (change IN ('create','update','archive','restore')),
  changed_at    TEXT NOT NULL,
  snapshot      TEXT NOT NULL,  -- JSON of the enterprise as of this version
  UNIQUE (enterprise_id, version)
) STRICT;
CREATE TRIGGER enterprise_history_is_append_only_update BEFORE UPDATE ON enterprise_history
BEGIN SELECT RAISE(ABORT, 'enterprise_history is append-only'); END;
CREATE TRIGGER enterprise_history_is_append_only_delete BEFORE DELETE ON enterprise_history
BEGIN SELECT RAISE(ABORT, 'enterprise_history is append-only'); END;
