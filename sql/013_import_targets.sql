-- The last import kinds of issue 12: the bureau's target splits ('targets'), and the innovation
-- graph's nodes and links ('graph_nodes', 'graph_links'); a commit's change rows name the record
-- they wrote (record_kind 'target' | 'graph_node' | 'graph_link' beside those of 010 and 012).
-- liaison_assignments (and its record_kind 'liaison') was allowed by 012 already.
--
-- As in 010 and 012, SQLite cannot alter a CHECK constraint: the three import tables are rebuilt
-- with the wider lists and their rows copied, children dropped before their parent, then renamed.
--
-- A target change's record_key is "<metric>|<period>|<region>", its versions the share's value
-- (the split table keeps no version: a share is its value).

CREATE TABLE import_batch_next (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('enterprises','designations','indicators','pool_members','contacts',
                                               'liaison_assignments','targets','graph_nodes','graph_links')),
  file_name      TEXT NOT NULL,                 -- as the uploader named it (may be '')
  file_sha256    TEXT NOT NULL CHECK (length(file_sha256) = 64),
  file_bytes     INTEGER NOT NULL CHECK (file_bytes >= 0),
  stored_path    TEXT NOT NULL,                 -- relative to the import directory
  sheet          TEXT NOT NULL DEFAULT '',      -- XLSX sheet chosen ('' = the first)
  encoding       TEXT NOT NULL DEFAULT '',      -- CSV encoding declared ('' = detected)
  uploaded_by    TEXT NOT NULL,                 -- login
  uploaded_by_id INTEGER NOT NULL DEFAULT 0,    -- app_user.id, 0 for the system caller (CLI)
  region_scope   TEXT NOT NULL DEFAULT '',      -- the uploader's region scope; '' = city-wide
  status         TEXT NOT NULL CHECK (status IN ('uploaded','checked','committed','reverted')),
  summary        TEXT NOT NULL DEFAULT '{}',    -- JSON: header, header_row, ignored_columns
  rows_total     INTEGER NOT NULL DEFAULT 0,
  rows_new       INTEGER NOT NULL DEFAULT 0,
  rows_updated   INTEGER NOT NULL DEFAULT 0,
  rows_unchanged INTEGER NOT NULL DEFAULT 0,
  rows_refused   INTEGER NOT NULL DEFAULT 0,
  rows_committed INTEGER NOT NULL DEFAULT 0,    -- records the commit created or changed
  rows_reverted  INTEGER NOT NULL DEFAULT 0,    -- records the revert put back
  created_at     TEXT NOT NULL,
  committed_at   TEXT,
  committed_by   TEXT,
  reverted_at    TEXT,
  reverted_by    TEXT
) STRICT;
INSERT INTO import_batch_next SELECT * FROM import_batch;

CREATE TABLE import_row_next (
  batch_id     INTEGER NOT NULL REFERENCES import_batch_next(id),
  row_no       INTEGER NOT NULL,                -- the row number the user sees in the sheet
  status       TEXT NOT NULL CHECK (status IN ('new','updated','unchanged','refused')),
  record_key   TEXT NOT NULL DEFAULT '',        -- the row's enterprise 统一社会信用代码 ('' when none)
  base_version INTEGER,                         -- the compared record's version (designations: its id)
  outcome      TEXT NOT NULL,                   -- JSON: the report's row (diffs, errors)
  PRIMARY KEY (batch_id, row_no)
) STRICT, WITHOUT ROWID;
INSERT INTO import_row_next SELECT * FROM import_row;

CREATE TABLE import_change_next (
  batch_id          INTEGER NOT NULL REFERENCES import_batch_next(id),
  row_no            INTEGER NOT NULL,
  record_kind       TEXT NOT NULL DEFAULT 'enterprise' CHECK (record_kind IN ('enterprise','designation','indicators',
                                                                'pool_member','contact','liaison','target',
                                                                'graph_node','graph_link')),
  record_key        TEXT NOT NULL,
  previous_version  INTEGER,
  previous_snapshot TEXT,
  new_version       INTEGER NOT NULL,
  reverted_version  INTEGER,                    -- the version the revert wrote
  excluded          INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0,1)),  -- left out of the revert
  PRIMARY KEY (batch_id, row_no)
) STRICT, WITHOUT ROWID;
INSERT INTO import_change_next SELECT * FROM import_change;

DROP TABLE import_change;
DROP TABLE import_row;
DROP TABLE import_batch;
ALTER TABLE import_batch_next RENAME TO import_batch;
ALTER TABLE import_row_next RENAME TO import_row;
ALTER TABLE import_change_next RENAME TO import_change;
CREATE INDEX import_batch_by_scope ON import_batch(region_scope, id);
CREATE INDEX import_change_by_record ON import_change(record_kind, record_key);
